/* pager.c - see pager.h. */
#include "pager.h"

#include <stdlib.h>
#include <string.h>

#include "console/i18n.h"
#include "draw.h"
#include "nav.h"
#include "prompt.h"
#include "storage/search.h"
#include "storage/util.h"

/* One row on the screen: a document line, or a piece of a wrapped one. */
struct row {
	size_t line;      /* index in the document */
	size_t off, len;  /* the piece of the last span's text (wrapped lines) */
	int cont;         /* a continuation row of a wrapped line */
};

struct pager {
	struct page doc;        /* what is shown */
	struct row *rows;      /* the rows for width, owned */
	size_t nrows;
	int width;             /* the width rows were made for (0: to be made) */
	long top, cur;         /* first row shown; row under the cursor */
	int height;            /* rows shown by the last draw */
	int links;             /* the page has links: the cursor is shown */
	int placed;            /* the cursor was put on the first link (when it is on screen) */
	struct regex *re;      /* lines shown must match it, or NULL */
};

static int add_row(struct pager *p, size_t line, size_t off, size_t len, int cont)
{
	if ((p->nrows & 255) == 0) {
		struct row *r = realloc(p->rows, (p->nrows + 256) * sizeof *r);
		if (!r)
			return -1;
		p->rows = r;
	}
	p->rows[p->nrows++] = (struct row){ line, off, len, cont };
	return 0;
}

/* Length of the piece of t that fits in avail cells, broken at a space when possible; the
 * bytes to skip to the next piece in *next. */
static size_t piece(const char *t, int avail, size_t *next)
{
	size_t len = strlen(t), fit = text_fit(t, avail, NULL);
	if (fit >= len) {
		*next = len;
		return len;
	}
	size_t sp = fit;
	while (sp > 0 && t[sp] != ' ')
		sp--;
	if (sp > 0) {
		*next = sp + 1;
		return sp;
	}
	if (fit == 0) /* not even one character fits: take one anyway */
		fit = (size_t)mblen(t, len) > 0 ? (size_t)mblen(t, len) : 1;
	*next = fit;
	return fit;
}

static void wrap_line(struct pager *p, size_t i, int w)
{
	const struct line *l = &p->doc.lines[i];
	int spans[LINE_SPANS];
	int avail = w - line_layout(l, w, spans);
	if (!(l->flags & LF_WRAP) || l->n == 0 || avail < 8) {
		add_row(p, i, 0, (size_t)-1, 0);
		return;
	}
	const char *t = l->sp[l->n - 1].text;
	size_t off = 0, total = strlen(t);
	int hang = l->hang < avail / 2 ? l->hang : 0;
	do {
		size_t next, n = piece(t + off, off ? avail - hang : avail, &next);
		add_row(p, i, off, n, off > 0);
		off += next;
	} while (off < total);
}

static int line_shown(const struct pager *p, size_t i)
{
	if (!p->re)
		return 1;
	char text[2048];
	line_text(&p->doc.lines[i], text, sizeof text);
	return regex_match(p->re, text, strlen(text), NULL, 0) == 1;
}

static void make_rows(struct pager *p, int w)
{
	p->nrows = 0;
	for (size_t i = 0; i < p->doc.n; i++)
		if (line_shown(p, i))
			wrap_line(p, i, w);
	p->width = w;
	if (p->cur >= (long)p->nrows)
		p->cur = p->nrows ? (long)p->nrows - 1 : 0;
}

int pager_screen_open(struct screen *s, struct app *a, struct page *d)
{
	(void)a;
	struct pager *p = calloc(1, sizeof *p);
	if (!p) {
		page_free(d);
		return -1;
	}
	p->doc = *d;
	memset(d, 0, sizeof *d);
	for (size_t i = 0; i < p->doc.n && !p->links; i++)
		p->links = p->doc.lines[i].link_kind[0] != '\0';
	s->data = p;
	return 0;
}

void pager_screen_close(struct screen *s)
{
	struct pager *p = s->data;
	if (!p)
		return;
	page_free(&p->doc);
	free(p->rows);
	regex_free(p->re);
	free(p);
	s->data = NULL;
}

/* Keeps the cursor on the screen (or, without links, the view within the rows). */
static void clamp(struct pager *p)
{
	long h = p->height > 0 ? p->height : 1, last = (long)p->nrows - 1;
	if (p->cur > last)
		p->cur = last;
	if (p->cur < 0)
		p->cur = 0;
	if (p->links) {
		if (p->cur < p->top)
			p->top = p->cur;
		if (p->cur >= p->top + h)
			p->top = p->cur - h + 1;
	}
	if (p->top > (long)p->nrows - h)
		p->top = (long)p->nrows - h;
	if (p->top < 0)
		p->top = 0;
	if (!p->links)
		p->cur = p->top;
}

/* Puts the cursor on the first link when that is on the first screen. */
static void place_cursor(struct pager *p)
{
	p->placed = 1;
	for (long i = 0; p->links && i < (long)p->nrows && i < p->height; i++)
		if (p->doc.lines[p->rows[i].line].link_kind[0]) {
			p->cur = i;
			return;
		}
}

static void draw_row(struct pager *p, const struct row *r, int y, const struct area *a, int selected)
{
	const struct line *l = &p->doc.lines[r->line];
	if (r->len == (size_t)-1) {
		line_draw(y, a->x, a->w, l, selected, NULL, 0);
		return;
	}
	char *piece_text = strndup(l->sp[l->n - 1].text + r->off, r->len);
	line_draw(y, a->x, a->w, l, selected, piece_text ? piece_text : "", r->cont);
	free(piece_text);
}

void pager_screen_draw(struct screen *s, struct app *a, const struct area *r)
{
	(void)a;
	struct pager *p = s->data;
	if (!p)
		return;
	if (p->width != r->w)
		make_rows(p, r->w);
	p->height = r->h;
	if (!p->placed)
		place_cursor(p);
	clamp(p);
	for (int y = 0; y < r->h && p->top + y < (long)p->nrows; y++) {
		const struct row *row = &p->rows[p->top + y];
		int sel = p->links && p->top + y == p->cur;
		draw_row(p, row, r->y + y, r, sel);
	}
	if (p->nrows == 0)
		draw_text(r->y, r->x + 2, r->w - 2, p->re ? _("(no line matches the filter)") : _("(nothing to show)"),
			  ST_DIM, 0);
}

const struct line *pager_current(struct screen *s)
{
	struct pager *p = s->data;
	if (!p || p->cur < 0 || p->cur >= (long)p->nrows)
		return NULL;
	return &p->doc.lines[p->rows[p->cur].line];
}

int pager_select(struct screen *s, const char *kind, const char *id)
{
	struct pager *p = s->data;
	for (size_t i = 0; p && i < p->nrows; i++) {
		const struct line *l = &p->doc.lines[p->rows[i].line];
		if (!strcmp(l->link_kind, kind) && !strcmp(l->link_id, id)) {
			p->cur = (long)i;
			clamp(p);
			return 0;
		}
	}
	return -1;
}

static int set_filter(struct app *a, const char *text, void *arg)
{
	struct screen *s = arg;
	struct pager *p = s->data;
	char err[PO_ERRLEN];
	struct regex *re = NULL;
	if (*text && !(re = regex_compile(text, 1, err, sizeof err))) {
		app_msg(a, 1, "%s", err);
		return H_REDRAW;
	}
	regex_free(p->re);
	p->re = re;
	p->width = 0;
	p->top = p->cur = 0;
	if (re)
		app_msg(a, 0, _("showing the lines that match /%s/ (r and an empty pattern shows all)"), text);
	return H_REDRAW;
}

static int open_current(struct screen *s, struct app *a)
{
	const struct line *l = pager_current(s);
	if (!l || !l->link_kind[0]) {
		app_msg(a, 0, "%s", _("nothing to open on this line"));
		return H_HANDLED | H_REDRAW;
	}
	char kind[16], id[64];
	po_strlcpy(kind, l->link_kind, sizeof kind); /* the doc may change under nav_open */
	po_strlcpy(id, l->link_id, sizeof id);
	nav_open(a, kind, id);
	return H_HANDLED | H_REDRAW;
}

/* Moves the cursor (or, without links, the view) by delta rows; with page non-zero the view
 * moves by as much as the cursor. */
static int move_by(struct pager *p, long delta, int page)
{
	if (p->links)
		p->cur += delta;
	if (!p->links || page)
		p->top += delta;
	clamp(p);
	return H_HANDLED | H_REDRAW;
}

int pager_screen_key(struct screen *s, struct app *a, enum action act, keycode k)
{
	(void)k;
	struct pager *p = s->data;
	long page = p && p->height > 1 ? p->height - 1 : 1;
	if (!p)
		return H_NONE;
	switch (act) {
	case ACT_UP: return move_by(p, -1, 0);
	case ACT_DOWN: return move_by(p, 1, 0);
	case ACT_PAGE_UP: return move_by(p, -page, 1);
	case ACT_PAGE_DOWN: return move_by(p, page, 1);
	case ACT_FIRST: return move_by(p, -(long)p->nrows - 1, 1);
	case ACT_LAST: return move_by(p, (long)p->nrows + 1, 1);
	case ACT_OPEN: return open_current(s, a);
	case ACT_REGEX:
		prompt_open(a, _("Filter lines (regex):"), NULL, set_filter, s);
		return H_HANDLED | H_REDRAW;
	default: return H_NONE;
	}
}

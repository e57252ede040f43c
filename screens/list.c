/* list.c - see list.h.
 *
 * Rows are numbered from 0 in the kind's order. Page p holds rows [p*page, (p+1)*page) and
 * starts after its keyset cursor (the id of the last row before it). cur[] holds the cursors
 * learnt while reading pages from the start; a page further on finds its cursor in the store
 * (views_list_nth) unless a regular expression filters the rows, when the pages before it must
 * be read. The window holds pages wp and wp+1, enough for any screen no taller than a page. */
#include "list.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "console/i18n.h"
#include "draw.h"
#include "nav.h"
#include "prompt.h"
#include "storage/model.h"
#include "storage/search.h"
#include "storage/util.h"
#include "storage/views.h"

enum { MAX_FILTERS = 4, MIN_PAGE = 64, RAW_BATCH = 500 };

struct list {
	const struct list_def *def;
	struct store_filter f[MAX_FILTERS];   /* field filters in force */
	char fname[MAX_FILTERS][24];          /* their fields */
	char fval[MAX_FILTERS][64];           /* their values */
	char fspec[256];                      /* as the operator typed them */
	size_t nf;
	struct regex *re;                     /* row filter, or NULL */
	char pattern[256];                    /* its text */
	int page;                             /* rows per page */
	char (*cur)[37];                      /* keyset cursors of the pages known so far */
	size_t ncur, capcur;
	struct line *win;                     /* rows of pages wp and wp+1 (2 * page) */
	int nwin;
	long wp;                              /* first page of the window; -1 when empty */
	long total;                           /* rows; -1 while unknown */
	long sel, top;                        /* selected row, first row shown */
	int height;                           /* rows shown by the last draw */
};

/* What the store_list callback fills. */
struct fill {
	struct list *l;
	struct app *a;
	struct line *out;   /* room for l->page lines, or NULL to count only */
	int got;            /* rows accepted */
};

static int add_cursor(struct list *l, const char *id)
{
	if (l->ncur == l->capcur) {
		size_t cap = l->capcur ? l->capcur * 2 : 64;
		char(*c)[37] = realloc(l->cur, cap * sizeof *c);
		if (!c)
			return -1;
		l->cur = c;
		l->capcur = cap;
	}
	po_strlcpy(l->cur[l->ncur++], id, 37);
	return 0;
}

/* Puts "↑ " before the text of the flexible column: the exchange has not acknowledged a change
 * of the record yet (its outbox holds a mutation). */
static void mark_pending(struct line *out)
{
	for (int i = 0; i < out->n; i++) {
		if (out->sp[i].width != 0)
			continue;
		size_t n = strlen(out->sp[i].text) + sizeof "↑ ";
		char *text = malloc(n);
		if (text) {
			snprintf(text, n, "↑ %s", out->sp[i].text);
			free(out->sp[i].text);
			out->sp[i].text = text;
		}
		return;
	}
}

/* Formats rec as a row: the def's spans with the columns' widths, linked to the record, the
 * flexible one marked when the record has changes the exchange has not acknowledged. */
static void format_row(struct list *l, struct app *a, const cJSON *rec, struct line *out)
{
	const cJSON *id = cJSON_GetObjectItemCaseSensitive(rec, "id");
	memset(out, 0, sizeof *out);
	l->def->row(a, rec, out);
	for (int i = 0; i < out->n && l->def->cols[i].name; i++) {
		out->sp[i].width = (short)l->def->cols[i].width;
		out->sp[i].right = (short)l->def->cols[i].right;
	}
	if (cJSON_IsString(id) && views_pending(a->st, id->valuestring))
		mark_pending(out);
	line_link(out, l->def->kind, cJSON_IsString(id) ? id->valuestring : "");
}

static int fill_row(const cJSON *rec, void *arg)
{
	struct fill *f = arg;
	struct list *l = f->l;
	if (!f->out && !l->re)
		return ++f->got == l->page;
	struct line row;
	format_row(l, f->a, rec, &row);
	if (l->re) {
		char text[2048];
		line_text(&row, text, sizeof text);
		if (regex_match(l->re, text, strlen(text), NULL, 0) != 1) {
			line_free(&row);
			return 0;
		}
	}
	if (f->out)
		f->out[f->got] = row;
	else
		line_free(&row);
	return ++f->got == l->page;
}

/* Reads page p, which starts after the row with id after ("" for the first page), into out (or
 * only counts it when out is NULL). Writes the cursor of page p+1 into next when the page is
 * full, and learns it when it extends the known cursors; learns the total at the end of the
 * list. Returns the rows read, or -1 with a message. */
static int fill_page(struct list *l, struct app *a, long p, const char *after, struct line *out, char next[37])
{
	struct fill f = { l, a, out, 0 };
	char from[37], err[PO_ERRLEN];
	po_strlcpy(from, after, sizeof from);
	for (;;) {
		int want = l->re ? RAW_BATCH : l->page - f.got;
		struct store_query q = { l->def->kind, l->f, l->nf, NULL, from, want, 0 };
		int rc = views_list(a->st, &q, fill_row, &f, next, err, sizeof err);
		if (rc < 0) {
			app_msg(a, 1, "%s", err);
			return -1;
		}
		if (f.got == l->page) {
			if ((size_t)p + 1 == l->ncur && add_cursor(l, next) != 0)
				return -1;
			return f.got;
		}
		if (rc < want) {
			l->total = p * l->page + f.got;
			next[0] = '\0';
			return f.got;
		}
		po_strlcpy(from, next, sizeof from);
	}
}

/* Reads the last page whose cursor is known, to learn the next one. 0, or -1. */
static int walk_page(struct list *l, struct app *a)
{
	char next[37];
	long p = (long)l->ncur - 1;
	return fill_page(l, a, p, l->cur[p], NULL, next) < 0 ? -1 : 0;
}

/* Writes the cursor of page p into out. Without a regular expression the store finds it at
 * once (views_list_nth); with one, the pages before are read. Returns 0, 1 when there is no
 * page p, -1 on error. */
static int page_cursor(struct list *l, struct app *a, long p, char out[37])
{
	char err[PO_ERRLEN];
	if (p < (long)l->ncur) {
		po_strlcpy(out, l->cur[p], 37);
		return 0;
	}
	if (!l->re) {
		struct store_query q = { l->def->kind, l->f, l->nf, NULL, NULL, 1, 0 };
		int rc = views_list_nth(a->st, &q, p * l->page - 1, out, err, sizeof err);
		if (rc < 0)
			app_msg(a, 1, "%s", err);
		return rc;
	}
	while ((long)l->ncur <= p && l->total < 0)
		if (walk_page(l, a) != 0)
			return -1;
	if (p >= (long)l->ncur)
		return 1;
	po_strlcpy(out, l->cur[p], 37);
	return 0;
}

/* 1 when row r exists, 0 when not, -1 on error; learns pages as needed. */
static int row_exists(struct list *l, struct app *a, long r)
{
	for (;;) {
		if (l->total >= 0)
			return r < l->total;
		if (r < ((long)l->ncur - 1) * l->page)
			return 1;
		if (walk_page(l, a) != 0)
			return -1;
	}
}

static void free_rows(struct line *rows, int n)
{
	for (int i = 0; i < n; i++)
		line_free(&rows[i]);
}

/* Loads pages p and p+1 into the window. 0, or -1 with a message. */
static int load_window(struct list *l, struct app *a, long p)
{
	char after[37], next[37];
	free_rows(l->win, l->nwin);
	l->nwin = 0;
	l->wp = -1;
	int rc = page_cursor(l, a, p, after);
	if (rc != 0)
		return rc < 0 ? -1 : 0;
	int n = fill_page(l, a, p, after, l->win, next);
	if (n < 0)
		return -1;
	l->nwin = n;
	if (n == l->page) {
		po_strlcpy(after, next, sizeof after);
		int m = fill_page(l, a, p + 1, after, l->win + n, next);
		l->nwin += m > 0 ? m : 0;
	}
	l->wp = p;
	return 0;
}

/* Makes sure the rows from top for height rows are in the window. */
static void ensure_window(struct list *l, struct app *a)
{
	long p = l->top / l->page;
	if (l->wp != p)
		load_window(l, a, p);
}

/* Selects row r (clamped to the rows that exist) and scrolls to show it. */
static void select_row(struct list *l, struct app *a, long r)
{
	if (r < 0)
		r = 0;
	if (row_exists(l, a, r) != 1) {
		long last = l->total > 0 ? l->total - 1 : 0;
		r = r > last ? last : r;
	}
	long h = l->height > 0 ? l->height : 1;
	l->sel = r;
	if (l->sel < l->top)
		l->top = l->sel;
	if (l->sel >= l->top + h)
		l->top = l->sel - h + 1;
	if (l->total >= 0 && l->top > l->total - h)
		l->top = l->total - h;
	if (l->top < 0)
		l->top = 0;
	ensure_window(l, a);
}

/* Forgets every page (after the filters changed) and counts the rows when that is cheap. */
static int restart(struct list *l, struct app *a)
{
	char err[PO_ERRLEN];
	free_rows(l->win, l->nwin);
	l->nwin = 0;
	l->wp = -1;
	l->ncur = 0;
	l->sel = l->top = 0;
	l->total = -1;
	if (add_cursor(l, "") != 0)
		return -1;
	if (!l->re) {
		l->total = store_count(a->st, l->def->kind, l->f, l->nf, err, sizeof err);
		if (l->total < 0) {
			app_msg(a, 1, "%s", err);
			return -1;
		}
	}
	return load_window(l, a, 0);
}

int list_screen_open(struct screen *s, struct app *a, const struct list_def *def)
{
	struct list *l = calloc(1, sizeof *l);
	int page = LINES > MIN_PAGE ? LINES : MIN_PAGE;
	if (l)
		l->win = calloc((size_t)page * 2, sizeof *l->win);
	s->data = l;
	if (!l || !l->win) {
		app_msg(a, 1, "%s", _("out of memory"));
		return -1;
	}
	l->def = def;
	l->page = page;
	po_strlcpy(s->title, _(def->title), sizeof s->title);
	return restart(l, a);
}

void list_screen_close(struct screen *s)
{
	struct list *l = s->data;
	if (!l)
		return;
	if (l->win)
		free_rows(l->win, l->nwin);
	free(l->win);
	free(l->cur);
	regex_free(l->re);
	free(l);
	s->data = NULL;
}

int list_is(const struct screen *s)
{
	return s && s->ops->draw == list_screen_draw;
}

const char *list_kind(const struct screen *s)
{
	const struct list *l = list_is(s) ? s->data : NULL;
	return l ? l->def->kind : NULL;
}

const char *list_selected_id(const struct screen *s)
{
	const struct list *l = list_is(s) ? s->data : NULL;
	if (!l)
		return NULL;
	long i = l->sel - l->wp * l->page;
	return l->wp >= 0 && i >= 0 && i < l->nwin ? l->win[i].link_id : "";
}

/* The title: "Threats · 12 of 340 · port=PECLL · /regex/". */
static void make_title(struct screen *s, struct list *l)
{
	char count[64] = "", extra[600] = "";
	if (l->total >= 0)
		snprintf(count, sizeof count, _("%ld of %ld"), l->total ? l->sel + 1 : 0, l->total);
	else
		snprintf(count, sizeof count, _("%ld of many"), l->sel + 1);
	if (l->nf)
		snprintf(extra, sizeof extra, " · %s", l->fspec);
	if (l->re) {
		size_t n = strlen(extra);
		snprintf(extra + n, sizeof extra - n, " · /%s/", l->pattern);
	}
	snprintf(s->title, sizeof s->title, "%s · %s%s", _(l->def->title), count, extra);
}

static void draw_header(const struct list *l, const struct area *r)
{
	struct line head;
	memset(&head, 0, sizeof head);
	for (int i = 0; l->def->cols[i].name && i < LINE_SPANS; i++) {
		line_add(&head, _(l->def->cols[i].name), l->def->cols[i].width, ST_COLHEAD);
		head.sp[i].right = (short)l->def->cols[i].right;
	}
	draw_fill(r->y, r->x, r->w, ST_COLHEAD);
	line_draw(r->y, r->x, r->w, &head, 0, NULL, 0);
	line_free(&head);
}

/* A taller terminal than a page: pages grow so that a screenful still fits the window. */
static void grow_page(struct list *l, struct app *a, int height)
{
	struct line *win = calloc((size_t)height * 2, sizeof *win);
	if (!win)
		return;
	free_rows(l->win, l->nwin);
	free(l->win);
	l->win = win;
	l->page = height;
	long sel = l->sel;
	restart(l, a);
	select_row(l, a, sel);
}

void list_screen_draw(struct screen *s, struct app *a, const struct area *r)
{
	struct list *l = s->data;
	if (!l || r->h < 2)
		return;
	draw_header(l, r);
	if (r->h - 1 > l->page)
		grow_page(l, a, r->h - 1);
	l->height = r->h - 1 < l->page ? r->h - 1 : l->page;
	select_row(l, a, l->sel);
	for (int y = 0; y < l->height; y++) {
		long i = l->top + y - l->wp * l->page;
		if (l->wp < 0 || i < 0 || i >= l->nwin)
			break;
		line_draw(r->y + 1 + y, r->x, r->w, &l->win[i], l->top + y == l->sel, NULL, 0);
	}
	if (l->nwin == 0)
		draw_text(r->y + 1, r->x + 2, r->w - 2,
			  l->nf || l->re ? _("(no record matches the filter)") : _("(nothing to show)"), ST_DIM, 0);
	make_title(s, l);
}

/* Upper-cases value in place. */
static void upper(char *value)
{
	for (char *p = value; *p; p++)
		if (*p >= 'a' && *p <= 'z')
			*p = (char)(*p - 'a' + 'A');
}

/* Validates the value of a filter on field (choices of enumerations and TLP, identifiers and
 * TLP upper-cased). */
static int check_value(struct app *a, const struct kind_def *k, const char *field, char *value)
{
	const struct field_def *fd = model_field(k->fields, field);
	if (!strcmp(field, "tlp")) {
		upper(value);
		if (model_choice(model_tlp, value) < 0) {
			app_msg(a, 1, _("'%s' is not a %s (one of: %s)"), value, field, "CLEAR, GREEN, AMBER, AMBER+STRICT, RED");
			return -1;
		}
	}
	if (fd && fd->type == FT_ENUM && model_choice(fd->choices, value) < 0) {
		char all[256] = "";
		for (int i = 0; fd->choices[i]; i++)
			snprintf(all + strlen(all), sizeof all - strlen(all), "%s%s", i ? ", " : "", fd->choices[i]);
		app_msg(a, 1, _("'%s' is not a %s (one of: %s)"), value, field, all);
		return -1;
	}
	if (fd && fd->check != CK_NONE)
		upper(value);
	return 0;
}

/* The field that the filter called name stands for, or NULL. */
static const char *filter_field(const struct list_def *def, const char *name)
{
	for (const struct list_filter *f = def->filters; f && f->name; f++)
		if (!strcmp(f->name, name))
			return f->field;
	return NULL;
}

/* The name the operator types for field. */
static const char *filter_name(const struct list_def *def, const char *field)
{
	for (const struct list_filter *f = def->filters; f && f->name; f++)
		if (!strcmp(f->field, field))
			return f->name;
	return field;
}

/* Filters as the operator typed them, checked, before they replace those of a list. */
struct filters {
	struct store_filter f[MAX_FILTERS];
	char fname[MAX_FILTERS][24];
	char fval[MAX_FILTERS][64];
	size_t n;
};

/* Parses "name=value ..." into out; -1 with a message on a bad one. */
static int parse_filters(const struct list *l, struct app *a, const char *spec, struct filters *out)
{
	char buf[256], *save = NULL;
	po_strlcpy(buf, spec, sizeof buf);
	out->n = 0;
	for (char *tok = strtok_r(buf, " ", &save); tok; tok = strtok_r(NULL, " ", &save)) {
		char *eq = strchr(tok, '=');
		const char *field = NULL;
		if (eq) {
			*eq = '\0';
			field = filter_field(l->def, tok);
		}
		if (!field || out->n == MAX_FILTERS || !eq[1]) {
			app_msg(a, 1, _("cannot filter by '%s' here"), tok);
			return -1;
		}
		size_t i = out->n++;
		po_strlcpy(out->fname[i], field, sizeof out->fname[i]);
		po_strlcpy(out->fval[i], eq + 1, sizeof out->fval[i]);
		if (check_value(a, model_kind(l->def->kind), field, out->fval[i]) != 0)
			return -1;
	}
	return 0;
}

/* Makes f the filters of l, and the text shown in the title as the filters were understood. */
static void take_filters(struct list *l, const struct filters *f)
{
	l->nf = f->n;
	l->fspec[0] = '\0';
	for (size_t i = 0; i < f->n; i++) {
		po_strlcpy(l->fname[i], f->fname[i], sizeof l->fname[i]);
		po_strlcpy(l->fval[i], f->fval[i], sizeof l->fval[i]);
		l->f[i] = (struct store_filter){ l->fname[i], l->fval[i] };
		snprintf(l->fspec + strlen(l->fspec), sizeof l->fspec - strlen(l->fspec), "%s%s=%s", i ? " " : "",
			 filter_name(l->def, l->fname[i]), l->fval[i]);
	}
}

int list_set_filter(struct screen *s, struct app *a, const char *spec)
{
	struct list *l = s->data;
	struct filters f;
	if (!list_is(s) || !l || !l->def->filters) {
		app_msg(a, 1, "%s", _("this screen has no field filters"));
		return -1;
	}
	if (parse_filters(l, a, spec, &f) != 0)
		return -1;
	take_filters(l, &f);
	return restart(l, a);
}

int list_set_regex(struct screen *s, struct app *a, const char *pattern)
{
	struct list *l = s->data;
	char err[PO_ERRLEN];
	struct regex *re = NULL;
	if (!list_is(s) || !l) {
		app_msg(a, 1, "%s", _("there is no list to filter here"));
		return -1;
	}
	if (*pattern && !(re = regex_compile(pattern, 1, err, sizeof err))) {
		app_msg(a, 1, "%s", err);
		return -1;
	}
	regex_free(l->re);
	l->re = re;
	po_strlcpy(l->pattern, pattern, sizeof l->pattern);
	return restart(l, a);
}

static int filter_done(struct app *a, const char *text, void *arg)
{
	list_set_filter(arg, a, text);
	return H_REDRAW;
}

static int regex_done(struct app *a, const char *text, void *arg)
{
	list_set_regex(arg, a, text);
	return H_REDRAW;
}

static int ask_filter(struct screen *s, struct app *a)
{
	struct list *l = s->data;
	char label[200] = "";
	if (!l->def->filters)
		return H_NONE;
	snprintf(label, sizeof label, "%s (", _("Filter"));
	for (const struct list_filter *f = l->def->filters; f->name; f++)
		snprintf(label + strlen(label), sizeof label - strlen(label), "%s%s=", f == l->def->filters ? "" : " ",
			 f->name);
	snprintf(label + strlen(label), sizeof label - strlen(label), "):");
	prompt_open(a, label, l->nf ? l->fspec : NULL, filter_done, s);
	return H_HANDLED | H_REDRAW;
}

static int open_selected(struct list *l, struct app *a)
{
	long i = l->sel - l->wp * l->page;
	if (l->wp < 0 || i < 0 || i >= l->nwin)
		return H_HANDLED;
	char id[64];
	po_strlcpy(id, l->win[i].link_id, sizeof id);
	nav_open(a, l->def->kind, id);
	return H_HANDLED | H_REDRAW;
}

/* Selects the last row, learning the total first when it is unknown. */
static void select_last(struct list *l, struct app *a)
{
	while (l->total < 0)
		if (walk_page(l, a) != 0)
			return;
	select_row(l, a, l->total - 1);
}

int list_screen_key(struct screen *s, struct app *a, enum action act, keycode k)
{
	(void)k;
	struct list *l = s->data;
	if (!l)
		return H_NONE;
	long page = l->height > 1 ? l->height - 1 : 1;
	switch (act) {
	case ACT_UP: select_row(l, a, l->sel - 1); break;
	case ACT_DOWN: select_row(l, a, l->sel + 1); break;
	case ACT_PAGE_UP: l->top -= page; select_row(l, a, l->sel - page); break;
	case ACT_PAGE_DOWN: l->top += page; select_row(l, a, l->sel + page); break;
	case ACT_FIRST: select_row(l, a, 0); break;
	case ACT_LAST: select_last(l, a); break;
	case ACT_OPEN: return open_selected(l, a);
	case ACT_FILTER: return ask_filter(s, a);
	case ACT_REGEX:
		prompt_open(a, _("Filter rows (regex):"), l->re ? l->pattern : NULL, regex_done, s);
		return H_HANDLED | H_REDRAW;
	default: return H_NONE;
	}
	return H_HANDLED | H_REDRAW;
}

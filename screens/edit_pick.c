/* edit_pick.c - the pick list of edit.h: a screen of choices; typing narrows them (case-
 * insensitive), Up/Down move, Enter picks, Esc cancels. */
#include <curses.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "console/i18n.h"
#include "draw.h"
#include "edit.h"
#include "nav.h"
#include "storage/util.h"

enum { PICK_MAX = 1000, PICK_NARROW = 60 };

struct choice {
	char *label;  /* owned */
	char *value;  /* owned */
};

struct pick {
	char title[160];
	char ctx[256];             /* handed to done */
	pick_done done;
	struct choice c[PICK_MAX];
	int n;
	int sel;                   /* index among the shown choices */
	int top;                   /* first shown row */
	char narrow[PICK_NARROW];  /* typed text the labels must contain */
};

static struct pick *pending;

struct pick *pick_new(const char *title, pick_done done, const char *ctx)
{
	struct pick *p = calloc(1, sizeof *p);
	if (!p)
		return NULL;
	po_strlcpy(p->title, title, sizeof p->title);
	po_strlcpy(p->ctx, ctx ? ctx : "", sizeof p->ctx);
	p->done = done;
	return p;
}

void pick_add(struct pick *p, const char *label, const char *value)
{
	if (!p || p->n >= PICK_MAX)
		return;
	p->c[p->n].label = strdup(label);
	p->c[p->n].value = strdup(value);
	if (p->c[p->n].label && p->c[p->n].value)
		p->n++;
}

void pick_free(struct pick *p)
{
	for (int i = 0; p && i < p->n; i++) {
		free(p->c[i].label);
		free(p->c[i].value);
	}
	free(p);
}

static int shown(const struct pick *p, int i)
{
	return !p->narrow[0] || strcasestr(p->c[i].label, p->narrow) != NULL;
}

/* The index of the k-th shown choice, or -1. */
static int nth_shown(const struct pick *p, int k)
{
	for (int i = 0; i < p->n; i++)
		if (shown(p, i) && k-- == 0)
			return i;
	return -1;
}

static int count_shown(const struct pick *p)
{
	int n = 0;
	for (int i = 0; i < p->n; i++)
		n += shown(p, i);
	return n;
}

static int pick_open(struct screen *s, struct app *a)
{
	(void)a;
	if (!pending)
		return -1;
	s->data = pending;
	po_strlcpy(s->title, pending->title, sizeof s->title);
	pending = NULL;
	return 0;
}

static void pick_close(struct screen *s)
{
	pick_free(s->data);
	s->data = NULL;
}

static void pick_draw(struct screen *s, struct app *a, const struct area *r)
{
	(void)a;
	struct pick *p = s->data;
	int rows = r->h - 1, total = count_shown(p);
	if (p->sel >= total)
		p->sel = total > 0 ? total - 1 : 0;
	if (p->sel < p->top)
		p->top = p->sel;
	if (p->sel >= p->top + rows)
		p->top = p->sel - rows + 1;
	for (int k = p->top, y = r->y; k < total && y < r->y + rows; k++, y++) {
		int i = nth_shown(p, k);
		draw_fill(y, r->x, r->w, k == p->sel ? ST_SELECT : ST_NORMAL);
		draw_clipped(y, r->x + 2, r->w - 3, p->c[i].label, k == p->sel ? ST_SELECT : ST_NORMAL);
	}
	if (!total)
		draw_text(r->y, r->x + 2, r->w - 3, _("(nothing to pick)"), ST_DIM, 0);
	char hint[200];
	snprintf(hint, sizeof hint, _("Type to narrow: %s  Enter picks  Esc cancels"), p->narrow);
	draw_clipped(r->y + r->h - 1, r->x + 1, r->w - 2, hint, ST_DIM);
}

/* The screen beneath is not reloaded on the way back (a form would lose what was typed); the
 * done callbacks reload what they change. */
static void keep_beneath(struct app *a)
{
	if (a->depth[a->tab] > 1)
		a->stack[a->tab][a->depth[a->tab] - 2]->seen = a->writes;
}

static int choose(struct app *a, struct pick *p)
{
	int i = nth_shown(p, p->sel);
	if (i < 0)
		return H_HANDLED;
	char value[256], ctx[sizeof p->ctx];
	pick_done done = p->done;
	po_strlcpy(value, p->c[i].value, sizeof value);
	po_strlcpy(ctx, p->ctx, sizeof ctx);
	keep_beneath(a);
	nav_pop(a);  /* frees p */
	return done(a, value, ctx) | H_HANDLED | H_REDRAW;
}

/* Typing: characters narrow, Backspace widens. */
static void narrow_key(struct pick *p, keycode k)
{
	size_t n = strlen(p->narrow);
	if (k == KEYC_FN + KEY_BACKSPACE && n > 0)
		p->narrow[n - 1] = '\0';
	else if (k > ' ' && k < 127 && n + 1 < sizeof p->narrow) {
		p->narrow[n] = (char)k;
		p->narrow[n + 1] = '\0';
	}
	p->sel = 0;
}

static int pick_key(struct screen *s, struct app *a, enum action act, keycode k)
{
	(void)act;
	struct pick *p = s->data;
	if (k == KEYC_ESC) {
		app_msg(a, 0, "%s", _("cancelled: nothing was changed"));
		keep_beneath(a);
		return H_HANDLED | H_REDRAW | H_BACK;
	}
	if (k == KEYC_ENTER)
		return choose(a, p);
	if (k == KEYC_FN + KEY_UP && p->sel > 0)
		p->sel--;
	else if (k == KEYC_FN + KEY_DOWN)
		p->sel++;
	else if (k != KEYC_FN + KEY_UP)
		narrow_key(p, k);
	return H_HANDLED | H_REDRAW;
}

static const struct screen_ops pick_screen = {
	"pick", pick_open, pick_draw, pick_key, pick_close,
};

int pick_show(struct app *a, struct pick *p)
{
	if (!p)
		return H_REDRAW;
	pending = p;
	nav_push(a, &pick_screen, p->ctx);
	if (pending) {
		pick_free(pending);
		pending = NULL;
	}
	return H_HANDLED | H_REDRAW;
}

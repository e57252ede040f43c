/* edit_checklist.c - the checklist run screen (edit.h checklist_screen): the steps of the
 * procedure (at the version the run recorded) with their latest marks; mandatory steps still
 * open are flagged with '!'. x or Space marks the step under the cursor done, - skipped, / not
 * applicable, each after an optional note (checklist_mark; marks are appended, never edited). */
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "console/i18n.h"
#include "draw.h"
#include "edit.h"
#include "fmt.h"
#include "nav.h"
#include "prompt.h"
#include "storage/cases.h"
#include "storage/util.h"

enum { MAX_STEPS = 200 };

struct step_row {
	int n, mandatory;
	char state[8];
	char line[600];   /* the step's text and its latest mark */
};

struct run {
	char id[37];
	struct step_row step[MAX_STEPS];
	int n;
	int sel, top;
};

/* The step to select when the screen opens again after a mark. */
static int reopen_sel;
/* The step a note is asked for, and its state. */
static struct {
	char run[37];
	int n;
	char state[8];
} marking;

static int add_step(const struct checklist_step *cs, void *arg)
{
	struct run *r = arg;
	if (r->n >= MAX_STEPS)
		return 1;
	struct step_row *st = &r->step[r->n++];
	st->n = cs->n;
	st->mandatory = cs->mandatory;
	po_strlcpy(st->state, cs->state, sizeof st->state);
	int len = snprintf(st->line, sizeof st->line, "%d. %s", cs->n, !strcmp(i18n_lang(), "es") ? cs->text_es : cs->text_en);
	if (cs->state[0] && len > 0 && (size_t)len < sizeof st->line)
		snprintf(st->line + len, sizeof st->line - (size_t)len, "  — %s/%s%s%s", cs->agency, cs->by,
			 cs->note[0] ? ": " : "", cs->note);
	return 0;
}

static int run_open(struct screen *s, struct app *a)
{
	char err[PO_ERRLEN];
	struct run *r = calloc(1, sizeof *r);
	cJSON *rec = r ? store_get(a->st, "checklist", s->arg, err, sizeof err) : NULL;
	int open = rec ? checklist_steps(a->st, rec_str(rec, "id"), add_step, r, err, sizeof err) : -1;
	if (open < 0) {
		app_msg(a, 1, "%s", r ? err : _("out of memory"));
		cJSON_Delete(rec);
		free(r);
		return -1;
	}
	po_strlcpy(r->id, rec_str(rec, "id"), sizeof r->id);
	r->sel = reopen_sel < r->n ? reopen_sel : r->n - 1;
	if (r->sel < 0)
		r->sel = 0;
	reopen_sel = 0;
	if (open)
		snprintf(s->title, sizeof s->title, _("Checklist %s v%ld · %d mandatory steps open"),
			 rec_str(rec, "procedure_code"), rec_int(rec, "procedure_version", 0), open);
	else
		snprintf(s->title, sizeof s->title, _("Checklist %s v%ld · every mandatory step is done"),
			 rec_str(rec, "procedure_code"), rec_int(rec, "procedure_version", 0));
	s->data = r;
	cJSON_Delete(rec);
	return 0;
}

static void run_close(struct screen *s)
{
	free(s->data);
	s->data = NULL;
}

static const char *mark_of(const char *state)
{
	if (!strcmp(state, "done"))
		return "[x]";
	if (!strcmp(state, "skipped"))
		return "[-]";
	return !strcmp(state, "na") ? "[/]" : "[ ]";
}

static void run_draw(struct screen *s, struct app *a, const struct area *r)
{
	(void)a;
	struct run *run = s->data;
	int rows = r->h - 1;
	if (run->sel < run->top)
		run->top = run->sel;
	if (run->sel >= run->top + rows)
		run->top = run->sel - rows + 1;
	for (int i = run->top, y = r->y; i < run->n && y < r->y + rows; i++, y++) {
		int sel = i == run->sel, open = run->step[i].mandatory && strcmp(run->step[i].state, "done") &&
						strcmp(run->step[i].state, "na");
		char head[8];
		snprintf(head, sizeof head, "%s %s", mark_of(run->step[i].state), open ? "!" : " ");
		draw_fill(y, r->x, r->w, sel ? ST_SELECT : ST_NORMAL);
		draw_text(y, r->x + 1, 6, head, sel ? ST_SELECT : open ? ST_ERROR : ST_NORMAL, 0);
		draw_clipped(y, r->x + 7, r->w - 8, run->step[i].line, sel ? ST_SELECT : ST_NORMAL);
	}
	draw_clipped(r->y + r->h - 1, r->x + 1, r->w - 2,
		     _("x or Space done  - skipped  / not applicable (then a note)  ! mandatory, open"), ST_DIM);
}

static int note_done(struct app *a, const char *note, void *arg)
{
	(void)arg;
	char err[PO_ERRLEN];
	if (checklist_mark(a->st, marking.run, marking.n, marking.state, note, err, sizeof err) != 0) {
		app_msg(a, 1, "%s", err);
		return H_REDRAW;
	}
	a->writes++;
	struct screen *s = nav_top(a);
	struct run *r = s ? s->data : NULL;
	reopen_sel = r ? r->sel + 1 : 0;
	nav_refresh(a);
	app_msg(a, 0, _("step %d: %s"), marking.n, label("step", marking.state));
	return H_REDRAW;
}

static int ask_note(struct app *a, struct run *r, const char *state)
{
	char label_text[100];
	if (r->n == 0)
		return H_HANDLED;
	po_strlcpy(marking.run, r->id, sizeof marking.run);
	marking.n = r->step[r->sel].n;
	po_strlcpy(marking.state, state, sizeof marking.state);
	snprintf(label_text, sizeof label_text, _("Step %d %s; note (optional):"), marking.n, label("step", state));
	prompt_open(a, label_text, NULL, note_done, NULL);
	return H_HANDLED | H_REDRAW;
}

static int run_key(struct screen *s, struct app *a, enum action act, keycode k)
{
	struct run *r = s->data;
	if (k == 'x' || k == ' ')
		return ask_note(a, r, "done");
	if (k == '-')
		return ask_note(a, r, "skipped");
	if (k == '/')
		return ask_note(a, r, "na");
	if (act == ACT_UP && r->sel > 0)
		r->sel--;
	else if (act == ACT_DOWN && r->sel + 1 < r->n)
		r->sel++;
	else if (act == ACT_FIRST)
		r->sel = 0;
	else if (act == ACT_LAST)
		r->sel = r->n > 0 ? r->n - 1 : 0;
	else
		return act == ACT_UP || act == ACT_DOWN ? H_HANDLED : H_NONE;
	return H_HANDLED | H_REDRAW;
}

const struct screen_ops checklist_screen = {
	"checklist", run_open, run_draw, run_key, run_close,
};

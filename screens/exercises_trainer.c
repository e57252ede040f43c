/* exercises_trainer.c - the trainer's controls (keys of the Exercises tab and the :exercise and
 * :report commands), responses linked to an inject, and the after-action report. Everything goes
 * through storage/exercise.h; the report is console/exercise_doc.h's text. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "console/exercise_doc.h"
#include "console/i18n.h"
#include "console/render.h"
#include "exercises_int.h"
#include "nav.h"
#include "pager.h"
#include "prompt.h"
#include "screens.h"
#include "storage/exercise.h"
#include "storage/util.h"

/* Says that an exercise is needed; returns -1 when the store is live. */
static int need_exercise(struct app *a)
{
	if (a->exercise)
		return 0;
	app_msg(a, 1, "%s", _("this store is not an exercise (portops exercise start SCENARIO makes one)"));
	return -1;
}

static void delivered(int n, const char *channel, const char *message, void *arg)
{
	app_msg(arg, 0, _("Inject %d (%s): %s"), n, channel, message);
}

/* Delivers what is due now (after the clock moved) and reloads the screen when something came. */
static void deliver_due(struct app *a)
{
	char err[PO_ERRLEN];
	int n = exercise_tick(a->st, i18n_lang(), delivered, a, err, sizeof err);
	if (n < 0)
		app_msg(a, 1, "%s", err);
	a->writes++;
	nav_refresh(a);
}

/* Runs a trainer command; the message says what came of it. */
static int control(struct app *a, enum exercise_cmd cmd)
{
	static const char *const done[] = { N_("the exercise clock runs"), N_("the exercise is paused"),
					    N_("the exercise clock runs"), N_("skipped to the next inject"),
					    N_("the exercise has ended; R shows the report") };
	char err[PO_ERRLEN];
	if (need_exercise(a) != 0)
		return H_HANDLED | H_REDRAW;
	if (exercise_control(a->st, cmd, err, sizeof err) != 0) {
		app_msg(a, 1, "%s", err);
		return H_HANDLED | H_REDRAW;
	}
	app_msg(a, 0, "%s", _(done[cmd]));
	deliver_due(a);
	return H_HANDLED | H_REDRAW;
}

/* P: pauses a running clock, starts or resumes a stopped one. */
static int run_or_pause(struct app *a)
{
	struct exercise_state st;
	char err[PO_ERRLEN];
	if (need_exercise(a) != 0)
		return H_HANDLED | H_REDRAW;
	if (exercise_state(a->st, &st, err, sizeof err) != 0) {
		app_msg(a, 1, "%s", err);
		return H_HANDLED | H_REDRAW;
	}
	return control(a, st.running ? EX_PAUSE : EX_RESUME);
}

static int set_speed(struct app *a, const char *text)
{
	char err[PO_ERRLEN], *end;
	long v = strtol(text, &end, 10);
	if (need_exercise(a) != 0)
		return H_REDRAW;
	if (!*text || *end || exercise_set_speed(a->st, (int)v, err, sizeof err) != 0) {
		app_msg(a, 1, "%s", _("the speed is a whole number from 1 to 120"));
		return H_REDRAW;
	}
	app_msg(a, 0, _("the exercise clock now runs at %ldx"), v);
	deliver_due(a);
	return H_REDRAW;
}

static int speed_done(struct app *a, const char *text, void *arg)
{
	(void)arg;
	return set_speed(a, text);
}

static int end_done(struct app *a, const char *text, void *arg)
{
	(void)arg;
	if (strcmp(text, "y") && strcmp(text, "yes") && strcmp(text, "s") && strcmp(text, "sí")) {
		app_msg(a, 0, "%s", _("the exercise goes on"));
		return H_REDRAW;
	}
	return control(a, EX_END);
}

/* --- responses ----------------------------------------------------------------------------- */

static int respond_n; /* the inject the open response prompt answers */

static int respond_done(struct app *a, const char *text, void *arg)
{
	(void)arg;
	struct exercise_state st;
	char err[PO_ERRLEN], inject[37], id[37];
	if (!*text) {
		app_msg(a, 0, "%s", _("no text: nothing was logged"));
		return H_REDRAW;
	}
	if (exercise_state(a->st, &st, err, sizeof err) != 0 || exercise_inject_id(a->st, respond_n, inject) != 0) {
		app_msg(a, 1, "%s", err);
		return H_REDRAW;
	}
	cJSON *rec = cJSON_CreateObject();
	cJSON_AddStringToObject(rec, "kind", "log");
	cJSON_AddStringToObject(rec, "parent", st.case_id);
	cJSON_AddStringToObject(rec, "entry", "action");
	cJSON_AddStringToObject(rec, "text", text);
	cJSON_AddStringToObject(rec, "inject", inject);
	if (store_create(a->st, rec, id, err, sizeof err) != 0) {
		app_msg(a, 1, "%s", err);
	} else {
		a->writes++;
		nav_refresh(a);
		app_msg(a, 0, _("response to inject %d logged to the exercise case"), respond_n);
	}
	cJSON_Delete(rec);
	return H_REDRAW;
}

/* a: asks for the response to the inject under the cursor (it must have been delivered). */
static int respond(struct screen *s, struct app *a)
{
	const struct line *l = pager_current(s);
	char label[120];
	if (need_exercise(a) != 0)
		return H_HANDLED | H_REDRAW;
	if (!l || strcmp(l->link_kind, "inject") != 0) {
		app_msg(a, 1, "%s", _("put the cursor on an inject first"));
		return H_HANDLED | H_REDRAW;
	}
	respond_n = atoi(l->link_id);
	if (strstr(l->link_id, INJECT_DUE)) {
		app_msg(a, 1, _("inject %d has not been delivered yet"), respond_n);
		return H_HANDLED | H_REDRAW;
	}
	snprintf(label, sizeof label, _("Response to inject %d:"), respond_n);
	prompt_open(a, label, NULL, respond_done, NULL);
	return H_HANDLED | H_REDRAW;
}

/* Enter on an inject opens the exercise case (where injects and responses are logged). */
static int open_case(struct screen *s, struct app *a, enum action act, keycode k)
{
	const struct line *l = pager_current(s);
	struct exercise_state st;
	char err[PO_ERRLEN];
	if (!l || strcmp(l->link_kind, "inject") != 0)
		return pager_screen_key(s, a, act, k);
	if (exercise_state(a->st, &st, err, sizeof err) != 0)
		app_msg(a, 1, "%s", err);
	else
		nav_open(a, "case", st.case_id);
	return H_HANDLED | H_REDRAW;
}

/* Whether the cursor is on an inject's line. */
static int on_inject(struct screen *s)
{
	const struct line *l = pager_current(s);
	return l && !strcmp(l->link_kind, "inject");
}

/* Up and down go from inject to inject (over their messages); past the last one, the cursor
 * comes back to it. */
static int step(struct screen *s, struct app *a, enum action act, keycode k)
{
	enum { MAX_ROWS = 400 };
	for (int i = 0; i < MAX_ROWS; i++) {
		pager_screen_key(s, a, act, k);
		if (on_inject(s))
			return H_HANDLED | H_REDRAW;
	}
	for (int i = 0; i < MAX_ROWS && !on_inject(s); i++)
		pager_screen_key(s, a, act == ACT_DOWN ? ACT_UP : ACT_DOWN, k);
	return H_HANDLED | H_REDRAW;
}

int exercises_key(struct screen *s, struct app *a, enum action act, keycode k)
{
	struct exercises *ex = s->data;
	if (!ex)
		return H_NONE;
	switch (act) {
	case ACT_EX_RUN: return run_or_pause(a);
	case ACT_EX_SKIP: return control(a, EX_SKIP);
	case ACT_EX_SPEED:
		if (need_exercise(a) == 0)
			prompt_open(a, _("Speed of the exercise clock (1-120):"), NULL, speed_done, NULL);
		return H_HANDLED | H_REDRAW;
	case ACT_EX_END:
		if (need_exercise(a) == 0)
			prompt_open(a, _("End the exercise? (y/n)"), NULL, end_done, NULL);
		return H_HANDLED | H_REDRAW;
	case ACT_REPORT: return exercise_report_command(a, "");
	case ACT_APPEND: return respond(&ex->inner, a);
	case ACT_OPEN: return open_case(&ex->inner, a, act, k);
	case ACT_UP:
	case ACT_DOWN: return a->exercise ? step(&ex->inner, a, act, k) : pager_screen_key(&ex->inner, a, act, k);
	default: return pager_screen_key(&ex->inner, a, act, k);
	}
}

/* --- the :exercise command ----------------------------------------------------------------- */

static int show_status(struct app *a)
{
	struct exercise_state st;
	char err[PO_ERRLEN];
	if (exercise_state(a->st, &st, err, sizeof err) != 0) {
		app_msg(a, 1, "%s", err);
		return H_REDRAW;
	}
	app_msg(a, 0, _("%s: %s, clock %ld:%02ld, speed %dx, injects %d of %d delivered"), st.scenario_code,
		st.ended ? _("ended") : st.running ? _("running") : _("paused"), st.elapsed / 60, st.elapsed % 60,
		st.speed, st.delivered, st.total);
	return H_REDRAW;
}

int exercise_command(struct app *a, const char *arg)
{
	static const struct { const char *name; enum exercise_cmd cmd; } cmds[] = {
		{ "start", EX_START }, { "pause", EX_PAUSE }, { "resume", EX_RESUME }, { "skip", EX_SKIP },
		{ "end", EX_END },
	};
	if (need_exercise(a) != 0)
		return H_REDRAW;
	for (size_t i = 0; i < sizeof cmds / sizeof *cmds; i++)
		if (!strcmp(arg, cmds[i].name))
			return control(a, cmds[i].cmd);
	if (!strncmp(arg, "speed ", 6))
		return set_speed(a, arg + 6);
	if (!strcmp(arg, "status") || !*arg)
		return show_status(a);
	app_msg(a, 1, _("usage: :%s %s"), "exercise", "start|pause|resume|skip|end|status|speed N");
	return H_REDRAW;
}

/* --- the after-action report --------------------------------------------------------------- */

/* The report rendered in format f and the interface's language; NULL after a message. */
static char *report_text(struct app *a, enum doc_format f)
{
	char err[PO_ERRLEN];
	cJSON *report = exercise_report(a->st, err, sizeof err);
	if (!report) {
		app_msg(a, 1, "%s", err);
		return NULL;
	}
	char *text = exercise_doc_render(report, i18n_lang(), f);
	cJSON_Delete(report);
	if (!text)
		app_msg(a, 1, "%s", _("out of memory"));
	return text;
}

static int report_open(struct screen *s, struct app *a)
{
	char *text = report_text(a, DOC_TEXT);
	if (!text)
		return -1;
	struct page d = { 0 };
	for (char *p = text, *end; p && *p; p = end) {
		end = strchr(p, '\n');
		if (end)
			*end++ = '\0';
		struct line *l = page_line(&d);
		if (l)
			line_add(l, p, 0, strncmp(p, "TLP:", 4) ? ST_NORMAL : ST_EXERCISE);
	}
	free(text);
	po_strlcpy(s->title, _("After-action report"), sizeof s->title);
	return pager_screen_open(s, a, &d);
}

const struct screen_ops exercise_report_screen = {
	"exercise-report", report_open, pager_screen_draw, pager_screen_key, pager_screen_close,
};

/* :report FILE [text|md|html]: writes the report. */
static int write_report(struct app *a, const char *arg)
{
	char path[1024], format[16] = "text", err[PO_ERRLEN];
	enum doc_format f;
	if (sscanf(arg, "%1023s %15s", path, format) < 1 || doc_format_parse(format, &f) != 0) {
		app_msg(a, 1, _("usage: :%s %s"), "report", _("[FILE [text|md|html]]"));
		return H_REDRAW;
	}
	char *text = report_text(a, f);
	if (!text)
		return H_REDRAW;
	if (doc_write_file(path, text, strlen(text), err, sizeof err) != 0)
		app_msg(a, 1, "%s", err);
	else
		app_msg(a, 0, _("wrote the after-action report to %s"), path);
	free(text);
	return H_REDRAW;
}

int exercise_report_command(struct app *a, const char *arg)
{
	if (need_exercise(a) != 0)
		return H_HANDLED | H_REDRAW;
	if (*arg)
		return write_report(a, arg) | H_HANDLED;
	nav_push(a, &exercise_report_screen, "");
	return H_HANDLED | H_REDRAW;
}

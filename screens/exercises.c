/* exercises.c - the Exercises tab and the scenario screen.
 *
 * On an exercise store the tab is the trainer's console: three rows of live state (scenario,
 * clock, speed, injects delivered, the next one, the keys), drawn from exercise_state at every
 * redraw, over a pager of the injects with their delivery time and first response (from
 * exercise_report). The trainer's keys and the responses live in exercises_trainer.c. On a live
 * store the tab says how an exercise is started and lists the scenarios, which open read-only. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "console/i18n.h"
#include "detail.h"
#include "draw.h"
#include "exercises_int.h"
#include "fmt.h"
#include "pager.h"
#include "screens.h"
#include "storage/exercise.h"
#include "storage/util.h"

enum { MAX_SCENARIOS = 200, HEAD_ROWS = 4 };

static int scenario_line(const cJSON *rec, void *arg)
{
	struct page *d = arg;
	char text[400];
	snprintf(text, sizeof text, "%-16s %s", rec_str(rec, "code"), rec_title(rec, i18n_lang()));
	page_link(d, "scenario", rec_str(rec, "id"), 2, text);
	return 0;
}

/* The page of a live store: how to start an exercise, and the scenarios. */
static void live_page(struct page *d, struct app *a)
{
	char err[PO_ERRLEN];
	page_text(d, ST_HEAD, 0, _("This is a live store: exercises run on a store of their own"));
	page_text(d, ST_NORMAL, 2, _("portops exercise start SCENARIO makes an exercise store beside this one "
				      "and opens the console on it; the trainer plays the injects from this tab "
				      "there. Enter shows a scenario."));
	page_heading(d, _("Scenarios"));
	struct store_query q = { "scenario", NULL, 0, NULL, NULL, MAX_SCENARIOS, 0 };
	int n = store_list(a->st, &q, scenario_line, d, NULL, err, sizeof err);
	if (n < 0)
		page_text(d, ST_ERROR, 2, err);
	else if (n == 0)
		page_text(d, ST_DIM, 2, _("(none)"));
}

/* "HH:MM:SS" of an ISO time into out (9 bytes); "" when too short. */
static const char *clock_of(const char *iso, char out[9])
{
	out[0] = '\0';
	if (strlen(iso) >= 19)
		snprintf(out, 9, "%.8s", iso + 11);
	return out;
}

/* One inject of the report: a line to select (delivery and response) and its message. The line
 * links to "inject" N, with INJECT_DUE after N while it has not been delivered. */
static void inject_lines(struct page *d, const cJSON *inj, const char *lang)
{
	char text[400], when[9], first[9], id[16];
	const cJSON *sec = cJSON_GetObjectItemCaseSensitive(inj, "response_sec");
	int n = (int)rec_int(inj, "n", 0);
	int len = snprintf(text, sizeof text, "%2d  T+%-4ld %-9s ", n, rec_int(inj, "offset_min", 0),
			   label("channel", rec_str(inj, "channel")));
	if (!rec_str(inj, "delivered_at")[0])
		snprintf(text + len, sizeof text - (size_t)len, "%s", _("not delivered yet"));
	else if (!cJSON_IsNumber(sec))
		snprintf(text + len, sizeof text - (size_t)len, _("delivered %s · no response yet"),
			 clock_of(rec_str(inj, "delivered_at"), when));
	else
		snprintf(text + len, sizeof text - (size_t)len, _("delivered %s · first response %s (+%d:%02d)"),
			 clock_of(rec_str(inj, "delivered_at"), when), clock_of(rec_str(inj, "first_response_at"), first),
			 (int)sec->valuedouble / 60, (int)sec->valuedouble % 60);
	snprintf(id, sizeof id, "%d%s", n, rec_str(inj, "delivered_at")[0] ? "" : INJECT_DUE);
	page_link(d, "inject", id, 0, text);
	page_text(d, ST_DIM, 6, rec_str(inj, lang[0] == 'e' && lang[1] == 's' ? "message_es" : "message_en"));
}

/* The page of an exercise store: the injects from the report's figures. */
static void exercise_page(struct page *d, struct app *a)
{
	char err[PO_ERRLEN];
	cJSON *report = exercise_report(a->st, err, sizeof err);
	if (!report) {
		page_text(d, ST_ERROR, 0, err);
		return;
	}
	page_text(d, ST_HEAD, 0, _("Injects (a: respond to the one under the cursor; Enter: the exercise case)"));
	const cJSON *inj;
	cJSON_ArrayForEach(inj, cJSON_GetObjectItemCaseSensitive(report, "injects"))
		inject_lines(d, inj, i18n_lang());
	cJSON_Delete(report);
}

static int exercises_open(struct screen *s, struct app *a)
{
	struct exercises *ex = calloc(1, sizeof *ex);
	struct page d = { 0 };
	if (!ex)
		return -1;
	s->data = ex;
	ex->inner.ops = s->ops;
	po_strlcpy(s->title, a->exercise ? _("Exercise (trainer)") : _("Exercises"), sizeof s->title);
	if (a->exercise)
		exercise_page(&d, a);
	else
		live_page(&d, a);
	return pager_screen_open(&ex->inner, a, &d);
}

/* The rows of live state above the injects. */
static void draw_state(struct app *a, const struct area *r)
{
	struct exercise_state st;
	char err[PO_ERRLEN], row[400];
	if (exercise_state(a->st, &st, err, sizeof err) != 0) {
		draw_text(r->y, r->x, r->w, err, ST_ERROR, 0);
		return;
	}
	const char *run = st.ended ? _("ended") : st.running ? _("running") : _("paused");
	snprintf(row, sizeof row, _("%s · %s · clock %ld:%02ld:%02ld · speed %dx"), st.scenario_code, run,
		 st.elapsed / 3600, st.elapsed / 60 % 60, st.elapsed % 60, st.speed);
	draw_text(r->y, r->x, r->w, row, st.running ? ST_HEAD : ST_EXERCISE, 0);
	if (st.next_offset >= 0)
		snprintf(row, sizeof row, _("injects %d of %d delivered · next at T+%ld min (in %ld:%02ld)"), st.delivered,
			 st.total, st.next_offset / 60, (st.next_offset - st.elapsed) / 60,
			 (st.next_offset - st.elapsed) % 60);
	else
		snprintf(row, sizeof row, _("injects %d of %d delivered · none left"), st.delivered, st.total);
	draw_text(r->y + 1, r->x, r->w, row, ST_NORMAL, 0);
	draw_text(r->y + 2, r->x, r->w, _("P start/pause · > skip · X speed · E end · a respond · R report"), ST_DIM, 0);
}

static void exercises_draw(struct screen *s, struct app *a, const struct area *r)
{
	struct exercises *ex = s->data;
	if (!ex)
		return;
	struct area body = *r;
	if (a->exercise && r->h > HEAD_ROWS + 2) {
		draw_state(a, r);
		body.y += HEAD_ROWS;
		body.h -= HEAD_ROWS;
	}
	pager_screen_draw(&ex->inner, a, &body);
}

static void exercises_close(struct screen *s)
{
	struct exercises *ex = s->data;
	if (!ex)
		return;
	pager_screen_close(&ex->inner);
	free(ex);
	s->data = NULL;
}

const struct screen_ops exercises_screen = {
	"exercises", exercises_open, exercises_draw, exercises_key, exercises_close,
};

static void injects(struct page *d, const cJSON *rec, const char *lang)
{
	const cJSON *inj;
	cJSON_ArrayForEach(inj, cJSON_GetObjectItemCaseSensitive(rec, "injects")) {
		const cJSON *msg = rec_lang(inj, "message", lang);
		char text[2200];
		snprintf(text, sizeof text, "T+%ld min  [%s]  %s", rec_int(inj, "offset_min", 0),
			 label("channel", rec_str(inj, "channel")), cJSON_IsString(msg) ? msg->valuestring : "");
		page_text(d, ST_NORMAL, 2, text);
	}
}

static void scenario_doc(struct page *d, const cJSON *rec)
{
	const char *lang = i18n_lang();
	char text[600];
	const cJSON *eval = rec_lang(rec, "evaluation", lang);
	page_text(d, ST_HEAD, 0, rec_title(rec, lang));
	page_field(d, _("Code"), rec_str(rec, "code"));
	snprintf(text, sizeof text, _("%ld minutes"), rec_int(rec, "duration_min", 0));
	page_field(d, _("Duration"), text);
	page_field(d, _("Roles"), rec_join(rec, "roles", text, sizeof text));
	page_field(d, _("Ports"), rec_join(rec, "ports", text, sizeof text));
	page_heading(d, _("Objectives"));
	detail_bullets(d, rec_lang(rec, "objectives", lang));
	page_heading(d, _("Injects"));
	injects(d, rec, lang);
	if (cJSON_IsString(eval) && eval->valuestring[0]) {
		page_heading(d, _("Evaluation"));
		page_text(d, ST_NORMAL, 2, eval->valuestring);
	}
}

static int scenario_open(struct screen *s, struct app *a)
{
	cJSON *rec = detail_load(a, "scenario", s->arg);
	if (!rec)
		return -1;
	struct page d = { 0 };
	scenario_doc(&d, rec);
	detail_title(s, _("Scenario"), rec_str(rec, "code"));
	cJSON_Delete(rec);
	return pager_screen_open(s, a, &d);
}

const struct screen_ops scenario_screen = {
	"scenario", scenario_open, pager_screen_draw, pager_screen_key, pager_screen_close,
};

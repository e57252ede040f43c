/* exercises.c - the Exercises tab. Running an exercise from the console is not written yet: the
 * tab says so and lists the scenarios in the store, which open read-only. */
#include <stdio.h>
#include <string.h>

#include "console/i18n.h"
#include "detail.h"
#include "fmt.h"
#include "pager.h"
#include "screens.h"
#include "storage/util.h"

enum { MAX_SCENARIOS = 200 };

static int scenario_line(const cJSON *rec, void *arg)
{
	struct page *d = arg;
	char text[400];
	snprintf(text, sizeof text, "%-16s %s", rec_str(rec, "code"), rec_title(rec, i18n_lang()));
	page_link(d, "scenario", rec_str(rec, "id"), 2, text);
	return 0;
}

static int exercises_open(struct screen *s, struct app *a)
{
	struct page d = { 0 };
	char err[PO_ERRLEN];
	po_strlcpy(s->title, _("Exercises"), sizeof s->title);
	page_text(&d, ST_HEAD, 0, _("Exercises are not available in the console yet"));
	page_text(&d, ST_NORMAL, 2, _("Playing a scenario with timed injects and writing the after-action report "
				       "will be added here by a later version. For now this tab only lists the "
				       "exercise scenarios in this store; Enter shows one."));
	page_heading(&d, _("Scenarios"));
	struct store_query q = { "scenario", NULL, 0, NULL, NULL, MAX_SCENARIOS, 0 };
	int n = store_list(a->st, &q, scenario_line, &d, NULL, err, sizeof err);
	if (n < 0)
		page_text(&d, ST_ERROR, 2, err);
	else if (n == 0)
		page_text(&d, ST_DIM, 2, _("(none)"));
	return pager_screen_open(s, a, &d);
}

const struct screen_ops exercises_screen = {
	"exercises", exercises_open, pager_screen_draw, pager_screen_key, pager_screen_close,
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

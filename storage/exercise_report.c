/* exercise_report.c - the figures of the after-action report (exercise_report in exercise.h):
 * for each inject, when it was delivered, the first response and how long it took, and which
 * procedure steps were done or missed; and a timeline of the whole exercise. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cases.h"
#include "exercise.h"
#include "store_int.h"
#include "util.h"

static const char *str(const cJSON *o, const char *name)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, name);
	return cJSON_IsString(v) ? v->valuestring : "";
}

static long epoch_of(const char *iso)
{
	struct tm tm = { 0 };
	if (sscanf(iso, "%d-%d-%dT%d:%d:%dZ", &tm.tm_year, &tm.tm_mon, &tm.tm_mday, &tm.tm_hour, &tm.tm_min,
		   &tm.tm_sec) != 6)
		return 0;
	tm.tm_year -= 1900, tm.tm_mon -= 1;
	return (long)timegm(&tm);
}

/* What activity() collects into all: records that are not the exercise's own (delivered
 * injects, and the exercise case, which another console may have made and synced). */
struct collect {
	cJSON *all;
	const char *case_id;
};

static int keep(const cJSON *rec, void *arg)
{
	struct collect *c = arg;
	if (strcmp(str(rec, "created_by"), "exercise") != 0 && strcmp(str(rec, "id"), c->case_id) != 0)
		cJSON_AddItemToArray(c->all, cJSON_Duplicate(rec, 1));
	return 0;
}

static int by_time(const void *a, const void *b)
{
	const cJSON *x = *(const cJSON *const *)a, *y = *(const cJSON *const *)b;
	return strcmp(str(x, "created_at"), str(y, "created_at"));
}

/* What the trainees did: every record they made, oldest first (an array the caller frees). */
static cJSON *activity(struct store *st, const char *case_id)
{
	static const char *const kinds[] = { "log", "entity", "checklist", "step", "link", "threat", "case" };
	cJSON *all = cJSON_CreateArray();
	struct collect c = { all, case_id };
	for (size_t i = 0; i < sizeof kinds / sizeof *kinds; i++) {
		struct store_query q = { .kind = kinds[i], .limit = 10000 };
		store_list(st, &q, keep, &c, NULL, NULL, 0);
	}
	int n = cJSON_GetArraySize(all);
	cJSON **items = calloc((size_t)n + 1, sizeof *items);
	for (int i = 0; i < n; i++)
		items[i] = cJSON_DetachItemFromArray(all, 0);
	qsort(items, (size_t)n, sizeof *items, by_time);
	for (int i = 0; i < n; i++)
		cJSON_AddItemToArray(all, items[i]);
	free(items);
	return all;
}

/* The delivery record of inject n, or NULL. */
static cJSON *delivery(struct store *st, int n)
{
	char key[48], v[512];
	snprintf(key, sizeof key, "exercise.delivered.%d", n);
	return store_setting(st, key, v, sizeof v) == 0 ? cJSON_Parse(v) : NULL;
}

/* Whether rec answers inject id delivered in [from, to): linked to it, or made in its window and
 * not linked to another inject. */
static int answers(const cJSON *rec, const char *id, const char *from, const char *to)
{
	const char *link = str(rec, "inject");
	if (*link)
		return !strcmp(link, id);
	const char *at = str(rec, "created_at");
	return strcmp(at, from) >= 0 && (!*to || strcmp(at, to) < 0);
}

struct step_tally {
	cJSON *done, *missed;
};

static int tally(const struct checklist_step *s, void *arg)
{
	struct step_tally *t = arg;
	if (!strcmp(s->state, "done") || !strcmp(s->state, "na"))
		cJSON_AddItemToArray(t->done, cJSON_CreateNumber(s->n));
	else if (s->mandatory)
		cJSON_AddItemToArray(t->missed, cJSON_CreateNumber(s->n));
	return 0;
}

/* For each procedure code of the inject: the latest run of it and its done and missed steps. */
static cJSON *procedures(struct store *st, const cJSON *inj, const cJSON *acts)
{
	cJSON *out = cJSON_CreateArray();
	const cJSON *code;
	cJSON_ArrayForEach(code, cJSON_GetObjectItemCaseSensitive(inj, "procedures")) {
		cJSON *p = cJSON_CreateObject();
		cJSON_AddStringToObject(p, "code", code->valuestring);
		const cJSON *run = NULL, *a;
		cJSON_ArrayForEach(a, acts)
			if (!strcmp(str(a, "kind"), "checklist") && !strcmp(str(a, "procedure_code"), code->valuestring))
				run = a;
		struct step_tally t = { cJSON_CreateArray(), cJSON_CreateArray() };
		if (run)
			checklist_steps(st, str(run, "id"), tally, &t, NULL, 0);
		cJSON_AddStringToObject(p, "run", run ? str(run, "id") : "");
		cJSON_AddItemToObject(p, "done", t.done);
		cJSON_AddItemToObject(p, "missed", t.missed);
		cJSON_AddItemToArray(out, p);
	}
	return out;
}

/* The report entry of one inject; next_at is the delivery time of the next inject or "". */
static cJSON *inject_entry(struct store *st, const cJSON *inj, const cJSON *acts, const char *at,
			   const char *next_at)
{
	int n = cJSON_GetObjectItemCaseSensitive(inj, "n")->valueint;
	char id[37];
	exercise_inject_id(st, n, id);
	cJSON *e = cJSON_CreateObject();
	static const char *const copy[] = { "n", "offset_min", "channel", "message_es", "message_en", "expected_es",
					    "expected_en" };
	for (size_t i = 0; i < sizeof copy / sizeof *copy; i++) {
		const cJSON *v = cJSON_GetObjectItemCaseSensitive(inj, copy[i]);
		cJSON_AddItemToObject(e, copy[i], v ? cJSON_Duplicate(v, 1) : cJSON_CreateArray());
	}
	cJSON_AddStringToObject(e, "inject_id", id);
	cJSON_AddStringToObject(e, "delivered_at", at);
	const char *first = "";
	int responses = 0;
	const cJSON *a;
	cJSON_ArrayForEach(a, acts) {
		if (*at && answers(a, id, at, next_at) && !responses++)
			first = str(a, "created_at");
	}
	cJSON_AddStringToObject(e, "first_response_at", first);
	cJSON_AddNumberToObject(e, "responses", responses);
	if (*first)
		cJSON_AddNumberToObject(e, "response_sec", (double)(epoch_of(first) - epoch_of(at)));
	else
		cJSON_AddNullToObject(e, "response_sec");
	cJSON_AddItemToObject(e, "procedures", procedures(st, inj, acts));
	return e;
}

/* A line of the timeline. */
static void timeline_add(cJSON *tl, const char *at, const char *who, const char *what, const char *text)
{
	cJSON *t = cJSON_CreateObject();
	cJSON_AddStringToObject(t, "at", at);
	cJSON_AddStringToObject(t, "who", who);
	cJSON_AddStringToObject(t, "what", what);
	cJSON_AddStringToObject(t, "text", text);
	cJSON_AddItemToArray(tl, t);
}

static int by_at(const void *a, const void *b)
{
	return strcmp(str(*(const cJSON *const *)a, "at"), str(*(const cJSON *const *)b, "at"));
}

static void sort_timeline(cJSON *tl)
{
	int n = cJSON_GetArraySize(tl);
	cJSON **items = calloc((size_t)n + 1, sizeof *items);
	for (int i = 0; i < n; i++)
		items[i] = cJSON_DetachItemFromArray(tl, 0);
	qsort(items, (size_t)n, sizeof *items, by_at);
	for (int i = 0; i < n; i++)
		cJSON_AddItemToArray(tl, items[i]);
	free(items);
}

static const char *activity_text(const cJSON *a)
{
	static const char *const names[] = { "text", "title", "name", "container", "seal_number", "procedure_code", "note", "state" };
	for (size_t i = 0; i < sizeof names / sizeof *names; i++)
		if (*str(a, names[i]))
			return str(a, names[i]);
	return "";
}

static void add_injects(struct store *st, cJSON *report, const cJSON *scen, const cJSON *acts, cJSON *tl)
{
	cJSON *out = cJSON_AddArrayToObject(report, "injects");
	const cJSON *injs = cJSON_GetObjectItemCaseSensitive(scen, "injects"), *inj;
	cJSON_ArrayForEach(inj, injs) {
		cJSON *d = delivery(st, cJSON_GetObjectItemCaseSensitive(inj, "n")->valueint);
		cJSON *dn = inj->next ? delivery(st, cJSON_GetObjectItemCaseSensitive(inj->next, "n")->valueint) : NULL;
		char label[32];
		snprintf(label, sizeof label, "inject %d", cJSON_GetObjectItemCaseSensitive(inj, "n")->valueint);
		cJSON_AddItemToArray(out, inject_entry(st, inj, acts, str(d, "at"), str(dn, "at")));
		if (d)
			timeline_add(tl, str(d, "at"), "exercise", label, str(inj, "message_en"));
		cJSON_Delete(d);
		cJSON_Delete(dn);
	}
}

cJSON *exercise_report(struct store *st, char *err, size_t errlen)
{
	struct exercise_state s;
	if (exercise_state(st, &s, err, errlen) != 0)
		return NULL;
	cJSON *scen = store_get(st, "scenario", s.scenario_id, err, errlen);
	if (!scen)
		return NULL;
	cJSON *acts = activity(st, s.case_id), *report = cJSON_CreateObject(), *tl = cJSON_CreateArray();
	cJSON_AddStringToObject(report, "scenario", s.scenario_id);
	cJSON_AddStringToObject(report, "code", s.scenario_code);
	cJSON_AddStringToObject(report, "title_es", str(scen, "title_es"));
	cJSON_AddStringToObject(report, "title_en", str(scen, "title_en"));
	cJSON_AddNumberToObject(report, "speed", s.speed);
	cJSON_AddNumberToObject(report, "elapsed_sec", (double)s.elapsed);
	cJSON_AddBoolToObject(report, "ended", s.ended);
	add_injects(st, report, scen, acts, tl);
	const cJSON *a;
	cJSON_ArrayForEach(a, acts) {
		char who[140];
		snprintf(who, sizeof who, "%s/%s", str(a, "owner"), str(a, "created_by"));
		timeline_add(tl, str(a, "created_at"), who, str(a, "kind"), activity_text(a));
	}
	sort_timeline(tl);
	cJSON_AddItemToObject(report, "timeline", tl);
	cJSON_Delete(acts);
	cJSON_Delete(scen);
	return report;
}

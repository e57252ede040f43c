/* delivery.c - the route of a controlled delivery: legs, authorisations per country, handovers,
 * and what is still missing (cases.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cases.h"
#include "ident.h"
#include "model.h"
#include "util.h"

static const char *str(const cJSON *o, const char *name)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, name);
	return cJSON_IsString(v) ? v->valuestring : "";
}

/* Loads the case and a copy of its rows field (an empty array when absent). */
static cJSON *load_rows(struct store *st, const char *case_id, const char *field, cJSON **kase, char *err,
			size_t errlen)
{
	*kase = store_get(st, "case", case_id, err, errlen);
	if (!*kase)
		return NULL;
	const cJSON *rows = cJSON_GetObjectItemCaseSensitive(*kase, field);
	return rows ? cJSON_Duplicate(rows, 1) : cJSON_CreateArray();
}

/* Writes rows back as field of the case (store_update checks and journals it). */
static int save_rows(struct store *st, const cJSON *kase, const char *field, cJSON *rows, char *err, size_t errlen)
{
	cJSON *ch = cJSON_CreateObject();
	cJSON_AddItemToObject(ch, field, rows);
	int rc = store_update(st, str(kase, "id"), ch, err, errlen);
	cJSON_Delete(ch);
	return rc;
}

static void add_opt(cJSON *o, const char *name, const char *value)
{
	if (value && *value)
		cJSON_AddStringToObject(o, name, value);
}

/* A JSON array from a comma-separated list. */
static cJSON *split(const char *list)
{
	cJSON *arr = cJSON_CreateArray();
	char *copy = strdup(list ? list : ""), *save = NULL;
	for (char *t = strtok_r(copy, ",", &save); t; t = strtok_r(NULL, ",", &save))
		if (*t)
			cJSON_AddItemToArray(arr, cJSON_CreateString(t));
	free(copy);
	return arr;
}

int case_add_leg(struct store *st, const char *case_id, const char *place, const char *agencies,
		 const char *planned, const char *actual, char *err, size_t errlen)
{
	cJSON *kase;
	cJSON *rows = load_rows(st, case_id, "route", &kase, err, errlen);
	if (!rows)
		return -1;
	cJSON *leg = cJSON_CreateObject();
	cJSON_AddNumberToObject(leg, "n", cJSON_GetArraySize(rows) + 1);
	add_opt(leg, "place", place);
	if (agencies && *agencies)
		cJSON_AddItemToObject(leg, "agencies", split(agencies));
	add_opt(leg, "planned", planned);
	add_opt(leg, "actual", actual);
	cJSON_AddItemToArray(rows, leg);
	int rc = save_rows(st, kase, "route", rows, err, errlen);
	cJSON_Delete(kase);
	return rc;
}

int case_set_auth(struct store *st, const char *case_id, const char *country, const char *status,
		  const char *reference, const char *date, char *err, size_t errlen)
{
	cJSON *kase;
	cJSON *rows = load_rows(st, case_id, "authorisations", &kase, err, errlen);
	if (!rows)
		return -1;
	char cc[4];
	if (ident_country(country, cc, sizeof cc, NULL, 0) != 0) {
		cJSON_Delete(rows);
		cJSON_Delete(kase);
		return po_err(err, errlen, "country: two letters, e.g. PE");
	}
	cJSON *row = cJSON_CreateObject();
	cJSON_AddStringToObject(row, "country", cc);
	add_opt(row, "status", status);
	add_opt(row, "reference", reference);
	add_opt(row, "date", date);
	int i = 0, replaced = 0;
	const cJSON *it;
	cJSON_ArrayForEach(it, rows) {
		if (!strcmp(str(it, "country"), cc)) {
			cJSON_ReplaceItemInArray(rows, i, row);
			replaced = 1;
			break;
		}
		i++;
	}
	if (!replaced)
		cJSON_AddItemToArray(rows, row);
	int rc = save_rows(st, kase, "authorisations", rows, err, errlen);
	cJSON_Delete(kase);
	return rc;
}

int case_handover(struct store *st, const char *case_id, const char *from, const char *to, const char *place,
		  const char *note, char *err, size_t errlen)
{
	char a[20], b[20];
	if (ident_agency(from, a, sizeof a, NULL, 0) != 0 || ident_agency(to, b, sizeof b, NULL, 0) != 0)
		return po_err(err, errlen, "a handover names the agency handing over and the one taking over");
	cJSON *kase = store_get(st, "case", case_id, err, errlen);
	if (!kase)
		return -1;
	char text[1200];
	snprintf(text, sizeof text, "Handover %s -> %s%s%s%s%s", a, b, place && *place ? " at " : "",
		 place ? place : "", note && *note ? ": " : "", note ? note : "");
	cJSON *rec = cJSON_CreateObject();
	cJSON_AddStringToObject(rec, "kind", "log");
	cJSON_AddStringToObject(rec, "parent", str(kase, "id"));
	cJSON_AddStringToObject(rec, "entry", "handover");
	cJSON_AddStringToObject(rec, "text", text);
	int rc = store_create(st, rec, NULL, err, errlen);
	cJSON_Delete(rec);
	cJSON_Delete(kase);
	return rc;
}

/* The country of a route place: a country code, or the first two letters of a UN/LOCODE. */
static void place_country(const char *place, char cc[3])
{
	cc[0] = place[0], cc[1] = place[0] ? place[1] : '\0', cc[2] = '\0';
}

static const cJSON *auth_of(const cJSON *kase, const char *cc)
{
	const cJSON *a;
	cJSON_ArrayForEach(a, cJSON_GetObjectItemCaseSensitive(kase, "authorisations"))
		if (!strcmp(str(a, "country"), cc))
			return a;
	return NULL;
}

/* Reports each country of the route once when its authorisation is not granted. */
static int missing_auths(const cJSON *kase, int (*cb)(const char *, void *), void *arg)
{
	char seen[64][3], line[160];
	int nseen = 0, n = 0;
	const cJSON *leg;
	cJSON_ArrayForEach(leg, cJSON_GetObjectItemCaseSensitive(kase, "route")) {
		char cc[3];
		place_country(str(leg, "place"), cc);
		int dup = 0;
		for (int i = 0; i < nseen; i++)
			dup |= !strcmp(seen[i], cc);
		if (dup || nseen == 64)
			continue;
		memcpy(seen[nseen++], cc, 3);
		const cJSON *a = auth_of(kase, cc);
		if (a && !strcmp(str(a, "status"), "granted"))
			continue;
		snprintf(line, sizeof line, "authorisation for %s: %s", cc, a ? str(a, "status") : "not requested");
		n++;
		if (cb(line, arg))
			break;
	}
	return n;
}

int case_missing(struct store *st, const cJSON *kase, int (*cb)(const char *what, void *arg), void *arg)
{
	(void)st;
	char now[21], line[200];
	po_now(now);
	int n = 0;
	if (strcmp(str(kase, "type"), "controlled_delivery") != 0)
		return 0;
	const cJSON *route = cJSON_GetObjectItemCaseSensitive(kase, "route");
	if (cJSON_GetArraySize(route) == 0 && ++n)
		cb("route: no legs yet", arg);
	n += missing_auths(kase, cb, arg);
	if (!*str(kase, "substitution") && ++n)
		cb("substitution: not decided (none, partial or full)", arg);
	const cJSON *leg;
	cJSON_ArrayForEach(leg, route) {
		int num = cJSON_GetObjectItemCaseSensitive(leg, "n")->valueint;
		if (cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(leg, "agencies")) == 0) {
			snprintf(line, sizeof line, "leg %d (%s): no agency responsible", num, str(leg, "place"));
			n++, cb(line, arg);
		}
		if (*str(leg, "planned") && !*str(leg, "actual") && strcmp(str(leg, "planned"), now) < 0) {
			snprintf(line, sizeof line, "leg %d (%s): planned %s, not yet confirmed", num,
				 str(leg, "place"), str(leg, "planned"));
			n++, cb(line, arg);
		}
	}
	return n;
}

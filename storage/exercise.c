/* exercise.c - see exercise.h. */
#include "exercise.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sodium.h>

#include "journal.h"
#include "store_int.h"
#include "util.h"

#define BY_EXERCISE "exercise" /* created_by of what the exercise itself delivers */

static const char *str(const cJSON *o, const char *name)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, name);
	return cJSON_IsString(v) ? v->valuestring : "";
}

static long num_setting(struct store *st, const char *key, long dflt)
{
	char v[32];
	return store_setting(st, key, v, sizeof v) == 0 && *v ? atol(v) : dflt;
}

static int set_num(struct store *st, const char *key, long v, char *err, size_t errlen)
{
	char buf[32];
	snprintf(buf, sizeof buf, "%ld", v);
	return store_set_setting(st, key, buf, err, errlen);
}

/* Seconds since the epoch of a "YYYY-MM-DDTHH:MM:SSZ" time; 0 when malformed. */
static long epoch_of(const char *iso)
{
	struct tm tm = { 0 };
	if (!iso || sscanf(iso, "%d-%d-%dT%d:%d:%dZ", &tm.tm_year, &tm.tm_mon, &tm.tm_mday, &tm.tm_hour,
			   &tm.tm_min, &tm.tm_sec) != 6)
		return 0;
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	return (long)timegm(&tm);
}

static long now_epoch(void)
{
	char now[21];
	po_now(now);
	return epoch_of(now);
}

int exercise_is(struct store *st)
{
	char v[8];
	return store_setting(st, "exercise", v, sizeof v) == 0 && !strcmp(v, "1");
}

/* Exercise seconds elapsed: the base plus, while running, real time since the resume × speed. */
static long elapsed_now(struct store *st)
{
	long base = num_setting(st, "exercise.base", 0), resumed = num_setting(st, "exercise.resumed", 0);
	long speed = num_setting(st, "exercise.speed", 1);
	return base + (resumed ? (now_epoch() - resumed) * speed : 0);
}

static cJSON *scenario_of(struct store *st, char *err, size_t errlen)
{
	char id[40];
	if (store_setting(st, "exercise.scenario", id, sizeof id) != 0) {
		po_err(err, errlen, "this store is not an exercise");
		return NULL;
	}
	return store_get(st, "scenario", id, err, errlen);
}

/* A UUID v4 made from seed (a BLAKE2b hash of it): the same seed gives the same id on every
 * console. */
static void derived_id(const char *seed, char out[37])
{
	unsigned char b[16];
	crypto_generichash(b, sizeof b, (const unsigned char *)seed, strlen(seed), NULL, 0);
	b[6] = (unsigned char)((b[6] & 0x0f) | 0x40);
	b[8] = (unsigned char)((b[8] & 0x3f) | 0x80);
	snprintf(out, 37, "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x", b[0], b[1], b[2],
		 b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11], b[12], b[13], b[14], b[15]);
}

int exercise_inject_id(struct store *st, int n, char out[37])
{
	char scen[40], seed[64];
	if (store_setting(st, "exercise.scenario", scen, sizeof scen) != 0)
		return -1;
	snprintf(seed, sizeof seed, "%s/%d", scen, n);
	derived_id(seed, out);
	return 0;
}

/* Whether the store holds records of its own (not reference content). */
static int has_live_records(struct store *st)
{
	static const char *const kinds[] = { "threat", "case", "bulletin" };
	for (size_t i = 0; i < 3; i++)
		if (store_count(st, kinds[i], NULL, 0, NULL, 0) != 0)
			return 1;
	return 0;
}

/* Creates the exercise case. Its id comes from the scenario's, so that every console playing
 * the scenario makes the same case: synced, the consoles share one case record (the first copy
 * the exchange accepts), and every trainee's responses are appended to it. */
static int create_case(struct store *st, const cJSON *scen, char id[37], char *err, size_t errlen)
{
	char title[200], seed[64], case_id[37];
	snprintf(title, sizeof title, "EXERCISE %.40s: %.140s", str(scen, "code"), str(scen, "title_en"));
	snprintf(seed, sizeof seed, "%s/case", str(scen, "id"));
	derived_id(seed, case_id);
	cJSON *rec = cJSON_CreateObject();
	cJSON_AddStringToObject(rec, "id", case_id);
	cJSON_AddStringToObject(rec, "kind", "case");
	cJSON_AddStringToObject(rec, "title", title);
	cJSON_AddStringToObject(rec, "type", "investigation");
	cJSON_AddStringToObject(rec, "tlp", "GREEN");
	cJSON_AddStringToObject(rec, "share", "community");
	cJSON_AddStringToObject(rec, "created_by", BY_EXERCISE);
	const cJSON *ports = cJSON_GetObjectItemCaseSensitive(scen, "ports");
	if (cJSON_GetArraySize(ports) > 0)
		cJSON_AddStringToObject(rec, "port", cJSON_GetArrayItem(ports, 0)->valuestring);
	int rc = store_create(st, rec, id, err, errlen);
	cJSON_Delete(rec);
	return rc;
}

static int setup_tx(struct store *st, const char *scenario, int speed, char *err, size_t errlen)
{
	cJSON *scen = store_get(st, "scenario", scenario, err, errlen);
	if (!scen)
		return -1;
	char case_id[37];
	int rc = store_set_setting(st, "exercise", "1", err, errlen);
	if (rc == 0)
		rc = store_set_setting(st, "exercise.scenario", str(scen, "id"), err, errlen);
	if (rc == 0)
		rc = create_case(st, scen, case_id, err, errlen);
	if (rc == 0)
		rc = store_set_setting(st, "exercise.case", case_id, err, errlen);
	if (rc == 0)
		rc = set_num(st, "exercise.speed", speed, err, errlen) | set_num(st, "exercise.base", 0, err, errlen) |
		     set_num(st, "exercise.resumed", now_epoch(), err, errlen);
	if (rc == 0)
		rc = journal_audit(st, "exercise-setup", "scenario", str(scen, "id"), NULL, err, errlen);
	cJSON_Delete(scen);
	return rc;
}

int exercise_setup(struct store *st, const char *scenario, int speed, char *err, size_t errlen)
{
	if (speed < 1 || speed > 120)
		return po_err(err, errlen, "speed: from 1 to 120 times real time");
	if (exercise_is(st))
		return po_err(err, errlen, "this store is already an exercise");
	if (has_live_records(st))
		return po_err(err, errlen, "this store holds live records: an exercise needs a store of its own");
	if (store_begin(st, err, errlen) != 0)
		return -1;
	if (setup_tx(st, scenario, speed, err, errlen) != 0) {
		store_rollback(st);
		return -1;
	}
	return store_commit(st, err, errlen);
}

/* Folds the running time into the base and stops or restarts the clock at now. */
static int fold(struct store *st, int run, char *err, size_t errlen)
{
	long e = elapsed_now(st);
	return set_num(st, "exercise.base", e, err, errlen) |
	       set_num(st, "exercise.resumed", run ? now_epoch() : 0, err, errlen);
}

/* The offset in seconds of the first inject not yet delivered, or -1. */
static long next_offset(struct store *st, const cJSON *scen)
{
	const cJSON *inj;
	cJSON_ArrayForEach(inj, cJSON_GetObjectItemCaseSensitive(scen, "injects")) {
		char key[48], v[8];
		snprintf(key, sizeof key, "exercise.delivered.%d", cJSON_GetObjectItemCaseSensitive(inj, "n")->valueint);
		if (store_setting(st, key, v, sizeof v) != 0)
			return (long)cJSON_GetObjectItemCaseSensitive(inj, "offset_min")->valuedouble * 60;
	}
	return -1;
}

static int control_tx(struct store *st, enum exercise_cmd cmd, char *err, size_t errlen)
{
	static const char *const names[] = { "start", "pause", "resume", "skip", "end" };
	char ended[32] = "";
	store_setting(st, "exercise.ended", ended, sizeof ended);
	if (*ended)
		return po_err(err, errlen, "the exercise has ended");
	int rc = 0;
	if (cmd == EX_SKIP) {
		cJSON *scen = scenario_of(st, err, errlen);
		long next = scen ? next_offset(st, scen) : -1;
		cJSON_Delete(scen);
		if (next < 0)
			return po_err(err, errlen, "no inject is left to skip to");
		int running = num_setting(st, "exercise.resumed", 0) != 0;
		rc = set_num(st, "exercise.base", next, err, errlen) |
		     set_num(st, "exercise.resumed", running ? now_epoch() : 0, err, errlen);
	} else {
		rc = fold(st, cmd == EX_START || cmd == EX_RESUME, err, errlen);
	}
	if (rc == 0 && cmd == EX_END) {
		char now[21];
		po_now(now);
		rc = store_set_setting(st, "exercise.ended", now, err, errlen);
	}
	return rc ? -1 : journal_audit(st, names[cmd], "exercise", "", NULL, err, errlen);
}

int exercise_control(struct store *st, enum exercise_cmd cmd, char *err, size_t errlen)
{
	if (!exercise_is(st))
		return po_err(err, errlen, "this store is not an exercise");
	if (store_begin(st, err, errlen) != 0)
		return -1;
	if (control_tx(st, cmd, err, errlen) != 0) {
		store_rollback(st);
		return -1;
	}
	return store_commit(st, err, errlen);
}

int exercise_set_speed(struct store *st, int speed, char *err, size_t errlen)
{
	if (speed < 1 || speed > 120)
		return po_err(err, errlen, "speed: from 1 to 120 times real time");
	if (!exercise_is(st))
		return po_err(err, errlen, "this store is not an exercise");
	int running = num_setting(st, "exercise.resumed", 0) != 0;
	if (fold(st, running, err, errlen) != 0)
		return -1;
	return set_num(st, "exercise.speed", speed, err, errlen);
}

int exercise_state(struct store *st, struct exercise_state *out, char *err, size_t errlen)
{
	memset(out, 0, sizeof *out);
	cJSON *scen = scenario_of(st, err, errlen);
	if (!scen)
		return -1;
	char ended[32] = "";
	po_strlcpy(out->scenario_id, str(scen, "id"), sizeof out->scenario_id);
	po_strlcpy(out->scenario_code, str(scen, "code"), sizeof out->scenario_code);
	store_setting(st, "exercise.case", out->case_id, sizeof out->case_id);
	store_setting(st, "exercise.ended", ended, sizeof ended);
	out->elapsed = elapsed_now(st);
	out->speed = (int)num_setting(st, "exercise.speed", 1);
	out->running = num_setting(st, "exercise.resumed", 0) != 0 && !*ended;
	out->ended = *ended != '\0';
	out->total = cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(scen, "injects"));
	out->next_offset = next_offset(st, scen);
	const cJSON *inj;
	cJSON_ArrayForEach(inj, cJSON_GetObjectItemCaseSensitive(scen, "injects")) {
		char key[48], v[8];
		snprintf(key, sizeof key, "exercise.delivered.%d", cJSON_GetObjectItemCaseSensitive(inj, "n")->valueint);
		out->delivered += store_setting(st, key, v, sizeof v) == 0;
	}
	cJSON_Delete(scen);
	return 0;
}

/* Copies at most max bytes of s into out without cutting a UTF-8 sequence. */
static void cut_utf8(const char *s, char *out, size_t max)
{
	size_t n = strlen(s);
	if (n > max) {
		n = max;
		while (n && ((unsigned char)s[n] & 0xc0) == 0x80)
			n--;
	}
	memcpy(out, s, n);
	out[n] = '\0';
}

/* Creates the record an inject becomes; its id goes into rec_id. A case log entry has an id made
 * from the scenario and the inject, like the exercise case. */
static int deliver_one(struct store *st, const cJSON *scen, const cJSON *inj, const char *lang, char rec_id[37],
		       char *err, size_t errlen)
{
	int n = cJSON_GetObjectItemCaseSensitive(inj, "n")->valueint;
	const char *channel = str(inj, "channel");
	const char *msg = str(inj, !strcmp(lang, "es") ? "message_es" : "message_en");
	char inject_id[37], case_id[37], title[200], text[4200];
	exercise_inject_id(st, n, inject_id);
	store_setting(st, "exercise.case", case_id, sizeof case_id);
	cJSON *rec = cJSON_CreateObject();
	cJSON_AddStringToObject(rec, "created_by", BY_EXERCISE);
	if (!strcmp(channel, "threat")) {
		cut_utf8(msg, title, 190);
		snprintf(text, sizeof text, "ES: %s\n\nEN: %s", str(inj, "message_es"), str(inj, "message_en"));
		cJSON_AddStringToObject(rec, "kind", "threat");
		cJSON_AddStringToObject(rec, "title", title);
		cJSON_AddStringToObject(rec, "summary", text);
		cJSON_AddStringToObject(rec, "level", "high");
		cJSON_AddStringToObject(rec, "status", "emerging");
		cJSON_AddStringToObject(rec, "tlp", "GREEN");
		cJSON_AddStringToObject(rec, "share", "community");
		cJSON_AddItemToObject(rec, "ports", cJSON_Duplicate(cJSON_GetObjectItemCaseSensitive(scen, "ports"), 1));
	} else {
		char upper[16];
		size_t i = 0;
		for (; channel[i] && i < sizeof upper - 1; i++)
			upper[i] = (char)(channel[i] >= 'a' && channel[i] <= 'z' ? channel[i] - 32 : channel[i]);
		upper[i] = '\0';
		snprintf(text, sizeof text, "[%s %d] %s", upper, n, msg);
		/* the same id on every console: synced, the deliveries of one inject are one entry */
		char scen_seed[64], log_id[37];
		snprintf(scen_seed, sizeof scen_seed, "%s/%d/delivery", str(scen, "id"), n);
		derived_id(scen_seed, log_id);
		cJSON_AddStringToObject(rec, "id", log_id);
		cJSON_AddStringToObject(rec, "kind", "log");
		cJSON_AddStringToObject(rec, "parent", case_id);
		cJSON_AddStringToObject(rec, "entry", "note");
		cJSON_AddStringToObject(rec, "text", text);
		cJSON_AddStringToObject(rec, "inject", inject_id);
	}
	int rc = store_create(st, rec, rec_id, err, errlen);
	cJSON_Delete(rec);
	return rc;
}

static int mark_delivered(struct store *st, int n, const char *rec_id, char *err, size_t errlen)
{
	char key[48], now[21];
	po_now(now);
	snprintf(key, sizeof key, "exercise.delivered.%d", n);
	cJSON *d = cJSON_CreateObject();
	cJSON_AddStringToObject(d, "at", now);
	cJSON_AddNumberToObject(d, "elapsed", (double)elapsed_now(st));
	cJSON_AddStringToObject(d, "record", rec_id);
	char *text = cJSON_PrintUnformatted(d);
	int rc = store_set_setting(st, key, text, err, errlen);
	free(text);
	cJSON_Delete(d);
	return rc;
}

static int tick_tx(struct store *st, const cJSON *scen, const char *lang,
		   void (*cb)(int, const char *, const char *, void *), void *arg, char *err, size_t errlen)
{
	long elapsed = elapsed_now(st);
	int count = 0;
	const cJSON *inj;
	cJSON_ArrayForEach(inj, cJSON_GetObjectItemCaseSensitive(scen, "injects")) {
		int n = cJSON_GetObjectItemCaseSensitive(inj, "n")->valueint;
		long offset = (long)cJSON_GetObjectItemCaseSensitive(inj, "offset_min")->valuedouble * 60;
		char key[48], v[8], rec_id[37];
		snprintf(key, sizeof key, "exercise.delivered.%d", n);
		if (offset > elapsed || store_setting(st, key, v, sizeof v) == 0)
			continue;
		if (deliver_one(st, scen, inj, lang, rec_id, err, errlen) != 0 ||
		    mark_delivered(st, n, rec_id, err, errlen) != 0)
			return -1;
		count++;
		if (cb)
			cb(n, str(inj, "channel"), str(inj, !strcmp(lang, "es") ? "message_es" : "message_en"), arg);
	}
	return count;
}

int exercise_tick(struct store *st, const char *lang,
		  void (*cb)(int n, const char *channel, const char *message, void *arg), void *arg,
		  char *err, size_t errlen)
{
	struct exercise_state s;
	if (exercise_state(st, &s, err, errlen) != 0)
		return -1;
	if (s.ended || !s.running || s.next_offset < 0 || s.next_offset > s.elapsed)
		return 0;
	cJSON *scen = scenario_of(st, err, errlen);
	if (!scen || store_begin(st, err, errlen) != 0) {
		cJSON_Delete(scen);
		return -1;
	}
	int n = tick_tx(st, scen, lang ? lang : "en", cb, arg, err, errlen);
	cJSON_Delete(scen);
	if (n < 0) {
		store_rollback(st);
		return -1;
	}
	return store_commit(st, err, errlen) == 0 ? n : -1;
}

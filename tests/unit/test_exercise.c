/* test_exercise.c - an exercise on a fake clock (PORTOPS_NOW): inject timing at speed 2, pause,
 * skip, response linking, the report's figures, and isolation from live data. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "net/bundle.h"
#include "storage/cases.h"
#include "storage/exercise.h"
#include "storage/store.h"
#include "storage/util.h"

static const char scenario[] =
	"{\"kind\":\"scenario\",\"code\":\"EX-T\",\"title_es\":\"Prueba\",\"title_en\":\"Test\",\"duration_min\":60,"
	"\"ports\":[\"ECGYE\"],\"injects\":["
	"{\"n\":1,\"offset_min\":0,\"channel\":\"threat\",\"message_es\":\"Alerta de contaminación\",\"message_en\":\"Contamination alert\"},"
	"{\"n\":2,\"offset_min\":10,\"channel\":\"radio\",\"message_es\":\"Camión desviado\",\"message_en\":\"Truck diverted\","
	"\"expected_es\":[\"Abrir caso\"],\"expected_en\":[\"Open a case\"]},"
	"{\"n\":3,\"offset_min\":30,\"channel\":\"message\",\"message_es\":\"Sello roto\",\"message_en\":\"Broken seal\","
	"\"procedures\":[\"PO-T\"]}]}";
static const char procedure[] =
	"{\"kind\":\"procedure\",\"code\":\"PO-T\",\"version\":1,\"status\":\"in_force\",\"title_es\":\"T\",\"title_en\":\"T\","
	"\"steps\":[{\"n\":1,\"text_es\":\"a\",\"text_en\":\"a\",\"mandatory\":true},"
	"{\"n\":2,\"text_es\":\"b\",\"text_en\":\"b\",\"mandatory\":true}]}";

struct fx {
	char dir[64], path[128], err[PO_ERRLEN];
	struct store *st;
};

static void at(const char *t)
{
	setenv("PORTOPS_NOW", t, 1);
}

static int create(struct store *st, const char *json, char id[37])
{
	cJSON *rec = cJSON_Parse(json);
	int rc = store_create(st, rec, id, NULL, 0);
	cJSON_Delete(rec);
	return rc;
}

static int setup(void **state)
{
	struct fx *f = calloc(1, sizeof *f);
	strcpy(f->dir, "/tmp/portops-ex-XXXXXX");
	if (!mkdtemp(f->dir))
		return -1;
	snprintf(f->path, sizeof f->path, "%s/ex.db", f->dir);
	at("2026-12-01T10:00:00Z");
	if (store_open(f->path, STORE_CREATE, &f->st, f->err, sizeof f->err) != 0)
		return -1;
	store_set_setting(f->st, "agency", "DIRANDRO", NULL, 0);
	store_set_setting(f->st, "operator", "ana", NULL, 0);
	char id[37];
	*state = f;
	return create(f->st, scenario, id) | create(f->st, procedure, id);
}

static int teardown(void **state)
{
	struct fx *f = *state;
	char cmd[128];
	store_close(f->st);
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", f->dir);
	int rc = system(cmd);
	free(f);
	unsetenv("PORTOPS_NOW");
	return rc;
}

static int tick(struct fx *f)
{
	return exercise_tick(f->st, "en", NULL, NULL, f->err, sizeof f->err);
}

static void test_inject_timing(void **state)
{
	struct fx *f = *state;
	assert_int_equal(exercise_setup(f->st, "EX-T", 2, f->err, sizeof f->err), 0);
	assert_true(exercise_is(f->st));
	assert_int_equal(tick(f), 1); /* offset 0 at once: a threat */
	assert_int_equal(store_count(f->st, "threat", NULL, 0, f->err, sizeof f->err), 1);
	at("2026-12-01T10:04:59Z"); /* 598 exercise seconds at speed 2 */
	assert_int_equal(tick(f), 0);
	at("2026-12-01T10:05:00Z");
	assert_int_equal(tick(f), 1);
	assert_int_equal(tick(f), 0); /* never twice */
	struct exercise_state s;
	assert_int_equal(exercise_state(f->st, &s, f->err, sizeof f->err), 0);
	assert_int_equal(s.elapsed, 600);
	assert_int_equal(s.delivered, 2);
	assert_int_equal(s.next_offset, 1800);
	assert_int_equal(exercise_control(f->st, EX_PAUSE, f->err, sizeof f->err), 0);
	at("2026-12-01T12:00:00Z"); /* paused: the clock does not move */
	assert_int_equal(tick(f), 0);
	assert_int_equal(exercise_state(f->st, &s, f->err, sizeof f->err), 0);
	assert_int_equal(s.elapsed, 600);
	assert_false(s.running);
	assert_int_equal(exercise_control(f->st, EX_SKIP, f->err, sizeof f->err), 0);
	assert_int_equal(exercise_control(f->st, EX_RESUME, f->err, sizeof f->err), 0);
	assert_int_equal(tick(f), 1);
	assert_int_equal(exercise_control(f->st, EX_SKIP, f->err, sizeof f->err), -1); /* nothing left */
	assert_int_equal(exercise_control(f->st, EX_END, f->err, sizeof f->err), 0);
	assert_int_equal(exercise_control(f->st, EX_RESUME, f->err, sizeof f->err), -1);
}

static const cJSON *inject_of(const cJSON *report, int n)
{
	const cJSON *inj;
	cJSON_ArrayForEach(inj, cJSON_GetObjectItemCaseSensitive(report, "injects"))
		if (cJSON_GetObjectItemCaseSensitive(inj, "n")->valueint == n)
			return inj;
	return NULL;
}

static void test_report_figures(void **state)
{
	struct fx *f = *state;
	assert_int_equal(exercise_setup(f->st, "EX-T", 1, f->err, sizeof f->err), 0);
	tick(f);
	at("2026-12-01T10:10:00Z");
	assert_int_equal(tick(f), 1);
	struct exercise_state s;
	exercise_state(f->st, &s, f->err, sizeof f->err);
	char inject2[37], buf[512], run[37];
	assert_int_equal(exercise_inject_id(f->st, 2, inject2), 0);
	at("2026-12-01T10:11:30Z"); /* a response linked to inject 2, 90 s later */
	snprintf(buf, sizeof buf, "{\"kind\":\"log\",\"parent\":\"%s\",\"text\":\"Caso abierto\",\"inject\":\"%s\"}",
		 s.case_id, inject2);
	assert_int_equal(create(f->st, buf, run), 0);
	at("2026-12-01T10:30:00Z");
	assert_int_equal(tick(f), 1);
	at("2026-12-01T10:32:00Z");
	assert_int_equal(checklist_start(f->st, s.case_id, "PO-T", run, f->err, sizeof f->err), 0);
	assert_int_equal(checklist_mark(f->st, run, 1, "done", NULL, f->err, sizeof f->err), 0);
	cJSON *r = exercise_report(f->st, f->err, sizeof f->err);
	assert_non_null(r);
	const cJSON *i1 = inject_of(r, 1), *i2 = inject_of(r, 2), *i3 = inject_of(r, 3);
	assert_string_equal(cJSON_GetObjectItemCaseSensitive(i1, "delivered_at")->valuestring, "2026-12-01T10:00:00Z");
	assert_int_equal(cJSON_GetObjectItemCaseSensitive(i1, "responses")->valueint, 0);
	assert_true(cJSON_IsNull(cJSON_GetObjectItemCaseSensitive(i1, "response_sec")));
	assert_int_equal(cJSON_GetObjectItemCaseSensitive(i2, "response_sec")->valueint, 90);
	assert_int_equal(cJSON_GetObjectItemCaseSensitive(i2, "responses")->valueint, 1);
	assert_int_equal(cJSON_GetObjectItemCaseSensitive(i3, "response_sec")->valueint, 120);
	const cJSON *p = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(i3, "procedures"), 0);
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(p, "done")), 1);
	assert_int_equal(cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(p, "missed"), 0)->valueint, 2);
	assert_true(cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(r, "timeline")) >= 6);
	cJSON_Delete(r);
}

static void test_isolation(void **state)
{
	struct fx *f = *state;
	char id[37], path[160];
	assert_int_equal(create(f->st, "{\"kind\":\"case\",\"title\":\"Real\",\"type\":\"seizure\"}", id), 0);
	assert_int_equal(exercise_setup(f->st, "EX-T", 1, f->err, sizeof f->err), -1);
	assert_non_null(strstr(f->err, "live"));
	assert_false(exercise_is(f->st));
	/* an exercise bundle is refused by a live store */
	struct store *ex;
	snprintf(path, sizeof path, "%s/other.db", f->dir);
	assert_int_equal(store_open(path, STORE_CREATE, &ex, f->err, sizeof f->err), 0);
	store_set_setting(ex, "agency", "DIRANDRO", NULL, 0);
	store_set_setting(ex, "operator", "eva", NULL, 0);
	assert_int_equal(create(ex, scenario, id), 0);
	assert_int_equal(exercise_setup(ex, "EX-T", 1, f->err, sizeof f->err), 0);
	snprintf(path, sizeof path, "%s/b.json", f->dir);
	struct bundle_stats bs;
	assert_int_equal(bundle_export(ex, path, NULL, &bs, f->err, sizeof f->err), 0);
	assert_int_equal(bundle_import(f->st, path, &bs, f->err, sizeof f->err), -1);
	assert_non_null(strstr(f->err, "exercise"));
	store_close(ex);
}

/* A store of agency with the scenario EX-T under a fixed id (as reference records have), turned
 * into its exercise. */
static struct store *console_of(struct fx *f, const char *name, const char *agency)
{
	char path[160], id[37];
	struct store *st;
	snprintf(path, sizeof path, "%s/%s.db", f->dir, name);
	if (store_open(path, STORE_CREATE, &st, f->err, sizeof f->err) != 0)
		return NULL;
	store_set_setting(st, "agency", agency, NULL, 0);
	store_set_setting(st, "operator", "eva", NULL, 0);
	cJSON *rec = cJSON_Parse(scenario);
	cJSON_AddStringToObject(rec, "id", "5d2b1c8e-0a7f-4f7e-9d51-2b7c0f1e9a33");
	int rc = store_create(st, rec, id, f->err, sizeof f->err);
	cJSON_Delete(rec);
	if (rc != 0 || exercise_setup(st, "EX-T", 1, f->err, sizeof f->err) != 0) {
		store_close(st);
		return NULL;
	}
	return st;
}

static int collect(const cJSON *rec, void *arg)
{
	cJSON_AddItemToArray(arg, cJSON_Duplicate(rec, 1));
	return 0;
}

/* The id of the only case log entry of st ("" when there is not exactly one). */
static void only_log(struct store *st, char id[37])
{
	struct store_query q = { .kind = "log", .limit = 10 };
	cJSON *all = cJSON_CreateArray();
	id[0] = '\0';
	if (store_list(st, &q, collect, all, NULL, NULL, 0) == 1)
		snprintf(id, 37, "%s", cJSON_GetObjectItemCaseSensitive(cJSON_GetArrayItem(all, 0), "id")->valuestring);
	cJSON_Delete(all);
}

/* Every console of one scenario makes the same exercise case and the same delivery entries, so
 * that each is one record once synced. */
static void test_shared_ids(void **state)
{
	struct fx *f = *state;
	struct store *a = console_of(f, "a", "DIRANDRO"), *b = console_of(f, "b", "DIAN");
	struct exercise_state sa, sb;
	char la[37], lb[37];
	assert_non_null(a);
	assert_non_null(b);
	assert_int_equal(exercise_state(a, &sa, f->err, sizeof f->err), 0);
	assert_int_equal(exercise_state(b, &sb, f->err, sizeof f->err), 0);
	assert_string_equal(sa.case_id, sb.case_id);
	at("2026-12-01T10:10:00Z");
	assert_int_equal(exercise_tick(a, "en", NULL, NULL, f->err, sizeof f->err), 2);
	assert_int_equal(exercise_tick(b, "es", NULL, NULL, f->err, sizeof f->err), 2);
	only_log(a, la);
	only_log(b, lb);
	assert_int_equal(strlen(la), 36);
	assert_string_equal(la, lb);
	store_close(a);
	store_close(b);
}

int main(void)
{
	if (po_init() != 0)
		return 1;
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_inject_timing, setup, teardown),
		cmocka_unit_test_setup_teardown(test_report_figures, setup, teardown),
		cmocka_unit_test_setup_teardown(test_isolation, setup, teardown),
		cmocka_unit_test_setup_teardown(test_shared_ids, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

/* test_merge.c - the exchange's application of mutations: the per-field three-way merge,
 * ownership and releasability rules, conflicts, tombstones, replays and resolutions. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "exchange/merge.h"
#include "exchange/xstore.h"
#include "storage/util.h"

#define T1 "11111111-1111-4111-8111-111111111111"
#define C1 "22222222-2222-4222-8222-222222222222"
#define L1 "33333333-3333-4333-8333-333333333333"

struct fx {
	char dir[64], path[128], err[PO_ERRLEN];
	struct xstore *xs;
};

static const struct merge_who dirandro = { "DIRANDRO", "laptop" };
static const struct merge_who dirandro2 = { "DIRANDRO", "control" };
static const struct merge_who dian = { "DIAN", "cartagena" };

static int setup(void **state)
{
	struct fx *f = calloc(1, sizeof *f);
	strcpy(f->dir, "/tmp/portops-merge-XXXXXX");
	if (po_init() != 0 || !mkdtemp(f->dir))
		return -1;
	snprintf(f->path, sizeof f->path, "%s/x.db", f->dir);
	if (xs_open(f->path, 1, &f->xs, f->err, sizeof f->err) != 0)
		return -1;
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;
	char cmd[160];
	xs_close(f->xs);
	snprintf(cmd, sizeof cmd, "rm -rf %s", f->dir);
	if (system(cmd) != 0)
		return -1;
	free(f);
	return 0;
}

/* Applies the mutation text (a printf format) in its own transaction; returns the result. */
static cJSON *apply(struct fx *f, const struct merge_who *who, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static cJSON *apply(struct fx *f, const struct merge_who *who, const char *fmt, ...)
{
	char text[4096], mid[37];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(text, sizeof text, fmt, ap);
	va_end(ap);
	cJSON *m = cJSON_Parse(text);
	assert_non_null(m);
	if (!cJSON_GetObjectItem(m, "mutation_id")) {
		po_uuid(mid);
		cJSON_AddStringToObject(m, "mutation_id", mid);
	}
	if (!cJSON_GetObjectItem(m, "agency"))
		cJSON_AddStringToObject(m, "agency", who->agency);
	cJSON_AddStringToObject(m, "author", "tester");
	cJSON_AddStringToObject(m, "at", "2026-12-04T10:00:00Z");
	assert_int_equal(xs_begin(f->xs, f->err, sizeof f->err), 0);
	cJSON *res = merge_apply(f->xs, m, who, f->err, sizeof f->err);
	assert_non_null(res);
	assert_int_equal(xs_commit(f->xs, f->err, sizeof f->err), 0);
	cJSON_Delete(m);
	return res;
}

static const char *status(const cJSON *res)
{
	return cJSON_GetObjectItem(res, "status")->valuestring;
}

static int code(const cJSON *res)
{
	return cJSON_GetObjectItem(res, "code")->valueint;
}

static const char *field(struct fx *f, const char *id, const char *name)
{
	static char out[256];
	cJSON *rec = xs_record_get(f->xs, id);
	const cJSON *v = cJSON_GetObjectItem(rec, name);
	po_strlcpy(out, cJSON_IsString(v) ? v->valuestring : "", sizeof out);
	cJSON_Delete(rec);
	return out;
}

#define CREATE_THREAT(share, with) \
	"{\"kind\":\"threat\",\"id\":\"" T1 "\",\"base_rev\":0,\"op\":\"upsert\",\"fields\":{" \
	"\"title\":{\"base\":null,\"new\":\"Rip-on\"},\"level\":{\"base\":null,\"new\":\"high\"}," \
	"\"status\":{\"base\":null,\"new\":\"active\"},\"tlp\":{\"base\":null,\"new\":\"AMBER\"}," \
	"\"share\":{\"base\":null,\"new\":\"" share "\"},\"share_with\":{\"base\":null,\"new\":" with "}}}"

static void made(struct fx *f, const char *share)
{
	cJSON *r = !strcmp(share, "listed") ? apply(f, &dirandro, CREATE_THREAT("listed", "[\"DIAN\"]"))
					    : !strcmp(share, "community") ? apply(f, &dirandro, CREATE_THREAT("community", "[]"))
									  : apply(f, &dirandro, CREATE_THREAT("agency", "[]"));
	assert_string_equal(status(r), "applied");
	cJSON_Delete(r);
}

static void field_decisions(void **state)
{
	(void)state;
	cJSON *a = cJSON_CreateString("a"), *b = cJSON_CreateString("b"), *c = cJSON_CreateString("c");
	assert_int_equal(merge_field(a, a, b), MERGE_APPLY);
	assert_int_equal(merge_field(b, a, b), MERGE_SAME);
	assert_int_equal(merge_field(c, a, b), MERGE_CONFLICT);
	assert_int_equal(merge_field(NULL, NULL, b), MERGE_APPLY);
	assert_int_equal(merge_field(a, NULL, b), MERGE_CONFLICT);
	assert_int_equal(merge_field(NULL, a, NULL), MERGE_SAME);
	cJSON_Delete(a), cJSON_Delete(b), cJSON_Delete(c);
}

static void create_and_edit(void **state)
{
	struct fx *f = *state;
	made(f, "agency");
	assert_string_equal(field(f, T1, "owner"), "DIRANDRO");
	cJSON *r = apply(f, &dirandro, "{\"kind\":\"threat\",\"id\":\"" T1 "\",\"base_rev\":1,\"op\":\"upsert\","
			 "\"fields\":{\"level\":{\"base\":\"high\",\"new\":\"critical\"}}}");
	assert_string_equal(status(r), "applied");
	assert_true(cJSON_GetObjectItem(r, "rev")->valueint > 1);
	assert_string_equal(field(f, T1, "level"), "critical");
	cJSON_Delete(r);
}

static void concurrent_edits_conflict(void **state)
{
	struct fx *f = *state;
	made(f, "agency");
	cJSON *r = apply(f, &dirandro, "{\"kind\":\"threat\",\"id\":\"" T1 "\",\"base_rev\":1,\"op\":\"upsert\","
			 "\"fields\":{\"level\":{\"base\":\"high\",\"new\":\"critical\"}}}");
	cJSON_Delete(r);
	/* Another device, same base: level conflicts (kept), title applies. */
	r = apply(f, &dirandro2, "{\"kind\":\"threat\",\"id\":\"" T1 "\",\"base_rev\":1,\"op\":\"upsert\","
		  "\"fields\":{\"level\":{\"base\":\"high\",\"new\":\"low\"},\"title\":{\"base\":\"Rip-on\",\"new\":\"Rip-off\"}}}");
	assert_string_equal(status(r), "conflict");
	assert_string_equal(field(f, T1, "level"), "critical");
	assert_string_equal(field(f, T1, "title"), "Rip-off");
	cJSON *c = cJSON_GetArrayItem(cJSON_GetObjectItem(r, "conflicts"), 0);
	assert_string_equal(cJSON_GetObjectItem(c, "field")->valuestring, "level");
	assert_string_equal(cJSON_GetObjectItem(c, "kept")->valuestring, "critical");
	assert_string_equal(cJSON_GetObjectItem(c, "proposed")->valuestring, "low");
	assert_string_equal(cJSON_GetObjectItem(c, "device")->valuestring, "control");
	cJSON *stored = xs_conflict_get(f->xs, cJSON_GetObjectItem(c, "id")->valuestring);
	assert_non_null(stored);
	cJSON_Delete(stored);
	/* The same change made on both sides is no conflict. */
	cJSON_Delete(r);
	r = apply(f, &dirandro2, "{\"kind\":\"threat\",\"id\":\"" T1 "\",\"base_rev\":1,\"op\":\"upsert\","
		  "\"fields\":{\"level\":{\"base\":\"high\",\"new\":\"critical\"}}}");
	assert_string_equal(status(r), "applied");
	cJSON_Delete(r);
}

static void resolution_marks_conflict(void **state)
{
	struct fx *f = *state;
	made(f, "agency");
	cJSON_Delete(apply(f, &dirandro, "{\"kind\":\"threat\",\"id\":\"" T1 "\",\"base_rev\":1,\"op\":\"upsert\","
			   "\"fields\":{\"level\":{\"base\":\"high\",\"new\":\"critical\"}}}"));
	cJSON *r = apply(f, &dirandro2, "{\"kind\":\"threat\",\"id\":\"" T1 "\",\"base_rev\":1,\"op\":\"upsert\","
			 "\"fields\":{\"level\":{\"base\":\"high\",\"new\":\"low\"}}}");
	char cid[37];
	po_strlcpy(cid, cJSON_GetObjectItem(cJSON_GetArrayItem(cJSON_GetObjectItem(r, "conflicts"), 0), "id")->valuestring,
		   sizeof cid);
	cJSON_Delete(r);
	long head = xs_feed_head(f->xs);
	r = apply(f, &dirandro2, "{\"kind\":\"threat\",\"id\":\"" T1 "\",\"base_rev\":3,\"op\":\"upsert\","
		  "\"fields\":{},\"resolves\":[\"%s\"]}", cid);
	assert_string_equal(status(r), "applied");
	cJSON *c = xs_conflict_get(f->xs, cid);
	assert_true(cJSON_IsTrue(cJSON_GetObjectItem(c, "resolved")));
	assert_int_equal(xs_feed_head(f->xs), head + 1); /* one conflict row, no record change */
	cJSON_Delete(c);
	cJSON_Delete(r);
}

static void markings_move_together(void **state)
{
	struct fx *f = *state;
	made(f, "listed");
	/* Device 1 makes it community; device 2, from the same base, makes it RED listed: the
	 * markings conflict as a group and the stored record keeps valid markings. */
	cJSON_Delete(apply(f, &dirandro, "{\"kind\":\"threat\",\"id\":\"" T1 "\",\"base_rev\":1,\"op\":\"upsert\",\"fields\":{"
			   "\"share\":{\"base\":\"listed\",\"new\":\"community\"},\"share_with\":{\"base\":[\"DIAN\"],\"new\":[]}}}"));
	cJSON *r = apply(f, &dirandro2, "{\"kind\":\"threat\",\"id\":\"" T1 "\",\"base_rev\":1,\"op\":\"upsert\",\"fields\":{"
			 "\"tlp\":{\"base\":\"AMBER\",\"new\":\"RED\"},\"share_with\":{\"base\":[\"DIAN\"],\"new\":[\"DIAN\",\"SENAE\"]}}}");
	assert_string_equal(status(r), "conflict");
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(r, "conflicts")), 2);
	assert_string_equal(field(f, T1, "tlp"), "AMBER");
	assert_string_equal(field(f, T1, "share"), "community");
	cJSON_Delete(r);
}

static void only_the_owner_edits(void **state)
{
	struct fx *f = *state;
	made(f, "community");
	cJSON *r = apply(f, &dian, "{\"kind\":\"threat\",\"id\":\"" T1 "\",\"base_rev\":1,\"op\":\"upsert\","
			 "\"fields\":{\"level\":{\"base\":\"high\",\"new\":\"low\"}}}");
	assert_string_equal(status(r), "rejected");
	assert_int_equal(code(r), 403);
	assert_non_null(cJSON_GetObjectItem(r, "current")); /* visible: its copy comes back */
	assert_string_equal(field(f, T1, "level"), "high");
	cJSON_Delete(r);
	r = apply(f, &dian, "{\"kind\":\"threat\",\"id\":\"" T1 "\",\"base_rev\":1,\"op\":\"delete\",\"fields\":{}}");
	assert_int_equal(code(r), 403);
	cJSON_Delete(r);
	/* Claiming to be another agency is refused before anything else. */
	r = apply(f, &dian, "{\"kind\":\"threat\",\"id\":\"" T1 "\",\"base_rev\":1,\"op\":\"delete\",\"fields\":{},"
		  "\"agency\":\"DIRANDRO\"}");
	assert_int_equal(code(r), 403);
	cJSON_Delete(r);
}

#define CREATE_CASE(share) \
	"{\"kind\":\"case\",\"id\":\"" C1 "\",\"base_rev\":0,\"op\":\"upsert\",\"fields\":{" \
	"\"title\":{\"base\":null,\"new\":\"CD\"},\"type\":{\"base\":null,\"new\":\"seizure\"}," \
	"\"status\":{\"base\":null,\"new\":\"open\"},\"tlp\":{\"base\":null,\"new\":\"AMBER\"}," \
	"\"share\":{\"base\":null,\"new\":\"" share "\"},\"share_with\":{\"base\":null,\"new\":[]}}}"
#define APPEND_LOG \
	"{\"kind\":\"log\",\"id\":\"" L1 "\",\"parent\":\"" C1 "\",\"base_rev\":0,\"op\":\"append\",\"fields\":{" \
	"\"entry\":{\"base\":null,\"new\":\"note\"},\"text\":{\"base\":null,\"new\":\"seen\"}}}"

static void appends_follow_releasability(void **state)
{
	struct fx *f = *state;
	cJSON_Delete(apply(f, &dirandro, CREATE_CASE("agency")));
	cJSON *r = apply(f, &dian, APPEND_LOG);
	assert_int_equal(code(r), 404);
	assert_true(cJSON_IsNull(cJSON_GetObjectItem(r, "current"))); /* nothing revealed */
	cJSON_Delete(r);
	r = apply(f, &dirandro, "{\"kind\":\"case\",\"id\":\"" C1 "\",\"base_rev\":1,\"op\":\"upsert\",\"fields\":{"
		  "\"share\":{\"base\":\"agency\",\"new\":\"community\"}}}");
	assert_string_equal(status(r), "applied");
	cJSON_Delete(r);
	r = apply(f, &dian, APPEND_LOG);
	assert_string_equal(status(r), "applied");
	assert_string_equal(field(f, L1, "owner"), "DIAN");
	cJSON_Delete(r);
	/* Appending the same entry again with a new mutation id changes nothing. */
	long head = xs_feed_head(f->xs);
	r = apply(f, &dian, APPEND_LOG);
	assert_string_equal(status(r), "applied");
	assert_int_equal(xs_feed_head(f->xs), head);
	cJSON_Delete(r);
}

static void replays_return_stored_results(void **state)
{
	struct fx *f = *state;
	const char *m = "{\"mutation_id\":\"44444444-4444-4444-8444-444444444444\",\"kind\":\"case\",\"id\":\"" C1
			"\",\"base_rev\":0,\"op\":\"upsert\",\"fields\":{\"title\":{\"base\":null,\"new\":\"CD\"},"
			"\"type\":{\"base\":null,\"new\":\"seizure\"},\"status\":{\"base\":null,\"new\":\"open\"},"
			"\"tlp\":{\"base\":null,\"new\":\"AMBER\"},\"share\":{\"base\":null,\"new\":\"agency\"}}}";
	cJSON *a = apply(f, &dirandro, "%s", m);
	long head = xs_feed_head(f->xs);
	cJSON *b = apply(f, &dirandro, "%s", m);
	assert_true(cJSON_IsTrue(cJSON_GetObjectItem(b, "replayed")));
	assert_int_equal(cJSON_GetObjectItem(a, "rev")->valueint, cJSON_GetObjectItem(b, "rev")->valueint);
	assert_int_equal(xs_feed_head(f->xs), head);
	cJSON *c = apply(f, &dian, "%s", m);
	assert_int_equal(code(c), 409); /* another agency may not reuse the id */
	cJSON_Delete(a), cJSON_Delete(b), cJSON_Delete(c);
}

static void tombstones_and_rules(void **state)
{
	struct fx *f = *state;
	cJSON_Delete(apply(f, &dirandro, CREATE_CASE("agency")));
	cJSON *r = apply(f, &dirandro, "{\"kind\":\"case\",\"id\":\"" C1 "\",\"base_rev\":1,\"op\":\"upsert\","
			 "\"fields\":{\"owner\":{\"base\":\"DIRANDRO\",\"new\":\"DIAN\"}}}");
	assert_int_equal(code(r), 400);
	cJSON_Delete(r);
	r = apply(f, &dirandro, "{\"kind\":\"case\",\"id\":\"" C1 "\",\"base_rev\":1,\"op\":\"upsert\","
		  "\"fields\":{\"share\":{\"base\":\"agency\",\"new\":\"local\"}}}");
	assert_int_equal(code(r), 400);
	cJSON_Delete(r);
	r = apply(f, &dirandro, "{\"kind\":\"case\",\"id\":\"" C1 "\",\"base_rev\":1,\"op\":\"delete\",\"fields\":{}}");
	assert_string_equal(status(r), "applied");
	cJSON_Delete(r);
	cJSON *rec = xs_record_get(f->xs, C1);
	assert_true(cJSON_IsTrue(cJSON_GetObjectItem(rec, "deleted")));
	assert_string_equal(cJSON_GetObjectItem(rec, "title")->valuestring, "CD"); /* the envelope stays */
	cJSON_Delete(rec);
	r = apply(f, &dirandro, "{\"kind\":\"case\",\"id\":\"" C1 "\",\"base_rev\":2,\"op\":\"upsert\","
		  "\"fields\":{\"title\":{\"base\":\"CD\",\"new\":\"CD2\"}}}");
	assert_int_equal(code(r), 409);
	cJSON_Delete(r);
	r = apply(f, &dirandro, "{\"kind\":\"technique\",\"id\":\"" C1 "\",\"base_rev\":2,\"op\":\"delete\",\"fields\":{}}");
	assert_int_equal(code(r), 409);
	cJSON_Delete(r);
	r = apply(f, &dirandro, "{\"kind\":\"case\",\"id\":\"not-a-uuid\",\"base_rev\":0,\"op\":\"upsert\",\"fields\":{}}");
	assert_int_equal(code(r), 400);
	cJSON_Delete(r);
}

/* An issued bulletin is frozen at the exchange too: only a withdrawal changes it. */
static void issued_bulletins_are_frozen(void **state)
{
	struct fx *f = *state;
	cJSON_Delete(apply(f, &dirandro, "{\"kind\":\"bulletin\",\"id\":\"" C1 "\",\"base_rev\":0,\"op\":\"upsert\","
			   "\"fields\":{\"title\":{\"base\":null,\"new\":\"B\"},\"lang\":{\"base\":null,\"new\":\"es\"},"
			   "\"status\":{\"base\":null,\"new\":\"draft\"},\"tlp\":{\"base\":null,\"new\":\"GREEN\"},"
			   "\"share\":{\"base\":null,\"new\":\"community\"},\"share_with\":{\"base\":null,\"new\":[]}}}"));
	cJSON *r = apply(f, &dirandro, "{\"kind\":\"bulletin\",\"id\":\"" C1 "\",\"base_rev\":1,\"op\":\"upsert\","
			 "\"fields\":{\"status\":{\"base\":\"draft\",\"new\":\"issued\"},"
			 "\"number\":{\"base\":null,\"new\":\"DIRANDRO-2026-001\"}}}");
	assert_string_equal(status(r), "applied");
	cJSON_Delete(r);
	r = apply(f, &dirandro, "{\"kind\":\"bulletin\",\"id\":\"" C1 "\",\"base_rev\":2,\"op\":\"upsert\","
		  "\"fields\":{\"title\":{\"base\":\"B\",\"new\":\"B2\"}}}");
	assert_int_equal(code(r), 409);
	cJSON_Delete(r);
	r = apply(f, &dirandro, "{\"kind\":\"bulletin\",\"id\":\"" C1 "\",\"base_rev\":2,\"op\":\"delete\",\"fields\":{}}");
	assert_int_equal(code(r), 409);
	cJSON_Delete(r);
	r = apply(f, &dirandro, "{\"kind\":\"bulletin\",\"id\":\"" C1 "\",\"base_rev\":2,\"op\":\"upsert\","
		  "\"fields\":{\"status\":{\"base\":\"issued\",\"new\":\"withdrawn\"},"
		  "\"withdraw_reason\":{\"base\":null,\"new\":\"error de fuente\"}}}");
	assert_string_equal(status(r), "applied");
	cJSON_Delete(r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(field_decisions),
		cmocka_unit_test_setup_teardown(create_and_edit, setup, teardown),
		cmocka_unit_test_setup_teardown(concurrent_edits_conflict, setup, teardown),
		cmocka_unit_test_setup_teardown(resolution_marks_conflict, setup, teardown),
		cmocka_unit_test_setup_teardown(markings_move_together, setup, teardown),
		cmocka_unit_test_setup_teardown(only_the_owner_edits, setup, teardown),
		cmocka_unit_test_setup_teardown(appends_follow_releasability, setup, teardown),
		cmocka_unit_test_setup_teardown(issued_bulletins_are_frozen, setup, teardown),
		cmocka_unit_test_setup_teardown(replays_return_stored_results, setup, teardown),
		cmocka_unit_test_setup_teardown(tombstones_and_rules, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

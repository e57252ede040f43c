/* test_exchange.c - the exchange's change feed filtered by releasability (what each agency
 * receives, revocations, widening with children, conflicts for the owner only) and its cursor. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "exchange/cursor.h"
#include "exchange/feed.h"
#include "exchange/merge.h"
#include "exchange/xstore.h"
#include "storage/util.h"

#define CASE_P "aaaaaaaa-0000-4000-8000-000000000001"
#define CASE_C "aaaaaaaa-0000-4000-8000-000000000002"
#define LOG_P "bbbbbbbb-0000-4000-8000-000000000001"
#define CHK_P "cccccccc-0000-4000-8000-000000000001"
#define STEP_P "dddddddd-0000-4000-8000-000000000001"

struct fx {
	char dir[64], path[128], err[PO_ERRLEN];
	struct xstore *xs;
};

static const struct merge_who dirandro = { "DIRANDRO", "laptop" };

static int setup(void **state)
{
	struct fx *f = calloc(1, sizeof *f);
	strcpy(f->dir, "/tmp/portops-feed-XXXXXX");
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

static void apply(struct fx *f, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void apply(struct fx *f, const char *fmt, ...)
{
	char text[4096], mid[37];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(text, sizeof text, fmt, ap);
	va_end(ap);
	cJSON *m = cJSON_Parse(text);
	assert_non_null(m);
	po_uuid(mid);
	cJSON_AddStringToObject(m, "mutation_id", mid);
	cJSON_AddStringToObject(m, "agency", "DIRANDRO");
	cJSON_AddStringToObject(m, "author", "tester");
	cJSON_AddStringToObject(m, "at", "2026-12-04T10:00:00Z");
	assert_int_equal(xs_begin(f->xs, f->err, sizeof f->err), 0);
	cJSON *res = merge_apply(f->xs, m, &dirandro, f->err, sizeof f->err);
	assert_non_null(res);
	assert_int_equal(xs_commit(f->xs, f->err, sizeof f->err), 0);
	assert_string_not_equal(cJSON_GetObjectItem(res, "status")->valuestring, "rejected");
	cJSON_Delete(res);
	cJSON_Delete(m);
}

static void make_case(struct fx *f, const char *id, const char *share, const char *with)
{
	apply(f, "{\"kind\":\"case\",\"id\":\"%s\",\"base_rev\":0,\"op\":\"upsert\",\"fields\":{"
		 "\"title\":{\"base\":null,\"new\":\"Case\"},\"type\":{\"base\":null,\"new\":\"seizure\"},"
		 "\"status\":{\"base\":null,\"new\":\"open\"},\"tlp\":{\"base\":null,\"new\":\"AMBER\"},"
		 "\"share\":{\"base\":null,\"new\":\"%s\"},\"share_with\":{\"base\":null,\"new\":%s}}}", id, share, with);
}

static void reshare(struct fx *f, const char *id, const char *from, const char *fwith, const char *to, const char *twith)
{
	apply(f, "{\"kind\":\"case\",\"id\":\"%s\",\"base_rev\":1,\"op\":\"upsert\",\"fields\":{"
		 "\"share\":{\"base\":\"%s\",\"new\":\"%s\"},\"share_with\":{\"base\":%s,\"new\":%s}}}", id, from, to, fwith, twith);
}

/* The children of CASE_P: a log entry, a checklist and one of its steps. */
static void make_children(struct fx *f)
{
	apply(f, "{\"kind\":\"log\",\"id\":\"" LOG_P "\",\"parent\":\"" CASE_P "\",\"base_rev\":0,\"op\":\"append\","
		 "\"fields\":{\"entry\":{\"base\":null,\"new\":\"note\"},\"text\":{\"base\":null,\"new\":\"seen\"}}}");
	apply(f, "{\"kind\":\"checklist\",\"id\":\"" CHK_P "\",\"parent\":\"" CASE_P "\",\"base_rev\":0,\"op\":\"upsert\","
		 "\"fields\":{\"procedure\":{\"base\":null,\"new\":\"" CASE_C "\"},\"procedure_version\":{\"base\":null,\"new\":1},"
		 "\"status\":{\"base\":null,\"new\":\"open\"}}}");
	apply(f, "{\"kind\":\"step\",\"id\":\"" STEP_P "\",\"parent\":\"" CHK_P "\",\"base_rev\":0,\"op\":\"append\","
		 "\"fields\":{\"n\":{\"base\":null,\"new\":1},\"state\":{\"base\":null,\"new\":\"done\"}}}");
}

/* The page's items as the client sees them: records are raw JSON text in the page. */
static cJSON *parsed(cJSON *items)
{
	char *text = cJSON_PrintUnformatted(items);
	cJSON *out = cJSON_Parse(text);
	free(text);
	cJSON_Delete(items);
	assert_non_null(out);
	return out;
}

/* The whole feed after seq for agency, as one string "type:id type:id ...". */
static const char *items(struct fx *f, const char *agency, long after, long *last)
{
	static char out[8192];
	struct feed_page pg;
	out[0] = '\0';
	assert_int_equal(feed_page(f->xs, agency, after, FEED_MAX_LIMIT, &pg, f->err, sizeof f->err), 0);
	pg.items = parsed(pg.items);
	const cJSON *it;
	cJSON_ArrayForEach(it, pg.items) {
		const char *type = cJSON_GetObjectItem(it, "type")->valuestring;
		const cJSON *id = !strcmp(type, "record") ? cJSON_GetObjectItem(cJSON_GetObjectItem(it, "record"), "id")
			       : !strcmp(type, "revoke") ? cJSON_GetObjectItem(it, "id")
							 : cJSON_GetObjectItem(cJSON_GetObjectItem(it, "conflict"), "record");
		snprintf(out + strlen(out), sizeof out - strlen(out), "%s:%.8s ", type, id->valuestring);
	}
	if (last)
		*last = pg.last;
	assert_false(pg.has_more);
	cJSON_Delete(pg.items);
	return out;
}

static void each_agency_gets_its_records(void **state)
{
	struct fx *f = *state;
	make_case(f, CASE_P, "agency", "[]");
	make_children(f);
	make_case(f, CASE_C, "listed", "[\"DIAN\"]");
	assert_string_equal(items(f, "DIRANDRO", 0, NULL),
			    "record:aaaaaaaa record:bbbbbbbb record:cccccccc record:dddddddd record:aaaaaaaa ");
	assert_string_equal(items(f, "DIAN", 0, NULL), "record:aaaaaaaa ");
	assert_null(strstr(items(f, "DIAN", 0, NULL), "bbbbbbbb"));
	assert_string_equal(items(f, "SENAE", 0, NULL), ""); /* not even that they exist */
}

static void widening_sends_children(void **state)
{
	struct fx *f = *state;
	long last;
	make_case(f, CASE_P, "agency", "[]");
	make_children(f);
	assert_string_equal(items(f, "DIAN", 0, &last), "");
	reshare(f, CASE_P, "agency", "[]", "listed", "[\"DIAN\"]");
	/* DIAN had pulled up to last: now the case and all its children, parents first. */
	assert_string_equal(items(f, "DIAN", last, NULL),
			    "record:aaaaaaaa record:bbbbbbbb record:cccccccc record:dddddddd ");
	assert_string_equal(items(f, "SENAE", last, NULL), "");
}

static void narrowing_revokes(void **state)
{
	struct fx *f = *state;
	long last;
	make_case(f, CASE_P, "community", "[]");
	make_children(f);
	items(f, "DIAN", 0, &last);
	reshare(f, CASE_P, "community", "[]", "listed", "[\"SENAE\"]");
	const char *got = items(f, "DIAN", last, NULL);
	assert_non_null(strstr(got, "revoke:aaaaaaaa"));
	assert_non_null(strstr(got, "revoke:bbbbbbbb"));
	assert_null(strstr(got, "record:"));
	assert_string_equal(items(f, "SENAE", last, NULL),
			    "record:aaaaaaaa record:bbbbbbbb record:cccccccc record:dddddddd ");
	/* From the start, DIAN now gets revocations only (it could see the record once), and an
	 * agency that never could gets nothing. */
	assert_null(strstr(items(f, "DIAN", 0, NULL), "record:aaaaaaaa"));
}

static void conflicts_go_to_the_owner(void **state)
{
	struct fx *f = *state;
	make_case(f, CASE_C, "community", "[]");
	apply(f, "{\"kind\":\"case\",\"id\":\"" CASE_C "\",\"base_rev\":1,\"op\":\"upsert\",\"fields\":{"
		 "\"title\":{\"base\":\"Case\",\"new\":\"One\"}}}");
	apply(f, "{\"kind\":\"case\",\"id\":\"" CASE_C "\",\"base_rev\":1,\"op\":\"upsert\",\"fields\":{"
		 "\"title\":{\"base\":\"Case\",\"new\":\"Two\"}}}");
	assert_non_null(strstr(items(f, "DIRANDRO", 0, NULL), "conflict:aaaaaaaa"));
	assert_null(strstr(items(f, "DIAN", 0, NULL), "conflict:"));
}

/* Adds the ids of the page's records to seen ("id " each, once). */
static void note_ids(const struct feed_page *pg, char *seen, size_t n)
{
	const cJSON *it;
	cJSON_ArrayForEach(it, pg->items) {
		const char *id = cJSON_GetObjectItem(cJSON_GetObjectItem(it, "record"), "id")->valuestring;
		if (!strstr(seen, id))
			snprintf(seen + strlen(seen), n - strlen(seen), "%s ", id);
	}
}

static void pages_are_bounded(void **state)
{
	struct fx *f = *state;
	make_case(f, CASE_P, "community", "[]");
	make_children(f);
	make_case(f, CASE_C, "community", "[]");
	struct feed_page pg;
	char seen[1024] = "";
	long after = 0;
	int pages = 0, more = 1;
	while (more && pages < 20) {
		assert_int_equal(feed_page(f->xs, "DIAN", after, 1, &pg, f->err, sizeof f->err), 0);
		pg.items = parsed(pg.items);
		/* one item, plus the parents a child needs before it */
		assert_true(cJSON_GetArraySize(pg.items) >= 1 && cJSON_GetArraySize(pg.items) <= 3);
		note_ids(&pg, seen, sizeof seen);
		after = pg.last, more = pg.has_more, pages++;
		cJSON_Delete(pg.items);
	}
	assert_int_equal(pages, 5);
	assert_int_equal(strlen(seen), 5 * 37);
}

static void cursor_round_trip(void **state)
{
	(void)state;
	unsigned char key[CURSOR_KEYLEN], other[CURSOR_KEYLEN];
	char c[CURSOR_MAX];
	long seq;
	memset(key, 7, sizeof key);
	memset(other, 8, sizeof other);
	assert_int_equal(cursor_decode(key, "e1", "", &seq), CURSOR_OK);
	assert_int_equal(seq, 0);
	assert_int_equal(cursor_decode(key, "e1", NULL, &seq), CURSOR_OK);
	cursor_encode(key, "e1", 123456789012L, c);
	assert_true(strncmp(c, "c1", 2) == 0);
	assert_int_equal(cursor_decode(key, "e1", c, &seq), CURSOR_OK);
	assert_int_equal(seq, 123456789012L);
	assert_int_equal(cursor_decode(key, "e2", c, &seq), CURSOR_FOREIGN);
	assert_int_equal(cursor_decode(other, "e1", c, &seq), CURSOR_FOREIGN);
	c[5] = c[5] == 'A' ? 'B' : 'A';
	assert_int_equal(cursor_decode(key, "e1", c, &seq), CURSOR_FOREIGN);
	assert_int_equal(cursor_decode(key, "e1", "c1!!", &seq), CURSOR_MALFORMED);
	assert_int_equal(cursor_decode(key, "e1", "42", &seq), CURSOR_MALFORMED);
	assert_int_equal(cursor_decode(key, "e1", "c1AAAA", &seq), CURSOR_MALFORMED);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(each_agency_gets_its_records, setup, teardown),
		cmocka_unit_test_setup_teardown(widening_sends_children, setup, teardown),
		cmocka_unit_test_setup_teardown(narrowing_revokes, setup, teardown),
		cmocka_unit_test_setup_teardown(conflicts_go_to_the_owner, setup, teardown),
		cmocka_unit_test_setup_teardown(pages_are_bounded, setup, teardown),
		cmocka_unit_test(cursor_round_trip),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

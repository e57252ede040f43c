/* test_sync.c - the console side of sync without a network: records from the exchange rebased
 * under pending local changes, forced copies after a refusal, conflicts (mine and theirs) and
 * their resolution queue. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "net/sync.h"
#include "storage/journal.h"
#include "storage/store.h"
#include "storage/syncstate.h"
#include "storage/util.h"

#define TID "eeeeeeee-0000-4000-8000-000000000001"
#define CID "ffffffff-0000-4000-8000-000000000001"

struct fx {
	char dir[64], path[128], err[PO_ERRLEN];
	struct store *st;
};

static int setup(void **state)
{
	struct fx *f = calloc(1, sizeof *f);
	strcpy(f->dir, "/tmp/portops-sync-XXXXXX");
	if (po_init() != 0 || !mkdtemp(f->dir))
		return -1;
	snprintf(f->path, sizeof f->path, "%s/c.db", f->dir);
	if (store_open(f->path, STORE_CREATE, &f->st, f->err, sizeof f->err) != 0 ||
	    store_set_setting(f->st, "agency", "DIRANDRO", f->err, sizeof f->err) != 0 ||
	    store_set_setting(f->st, "operator", "ana", f->err, sizeof f->err) != 0)
		return -1;
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;
	char cmd[160];
	store_close(f->st);
	snprintf(cmd, sizeof cmd, "rm -rf %s", f->dir);
	if (system(cmd) != 0)
		return -1;
	free(f);
	return 0;
}

/* A threat as the exchange would send it, at rev with level and title. */
static cJSON *remote(long rev, const char *level, const char *title)
{
	char text[1024];
	snprintf(text, sizeof text,
		 "{\"id\":\"" TID "\",\"kind\":\"threat\",\"owner\":\"DIRANDRO\",\"rev\":%ld,\"tlp\":\"AMBER\","
		 "\"share\":\"agency\",\"share_with\":[],\"created_at\":\"2026-12-01T00:00:00Z\",\"created_by\":\"ana\","
		 "\"updated_at\":\"2026-12-01T00:00:00Z\",\"updated_by\":\"ana\",\"deleted\":false,\"title\":\"%s\","
		 "\"level\":\"%s\",\"status\":\"active\"}", rev, title, level);
	return cJSON_Parse(text);
}

static const char *member(struct fx *f, const char *name)
{
	static char out[128];
	cJSON *rec = store_get(f->st, "threat", TID, NULL, 0);
	const cJSON *v = cJSON_GetObjectItem(rec, name);
	po_strlcpy(out, cJSON_IsString(v) ? v->valuestring : "", sizeof out);
	cJSON_Delete(rec);
	return out;
}

static void incoming_rebased_under_pending(void **state)
{
	struct fx *f = *state;
	cJSON *r1 = remote(5, "high", "One"), *r2 = remote(9, "high", "Two");
	assert_int_equal(sync_apply_record(f->st, r1, f->err, sizeof f->err), 1);
	cJSON *ch = cJSON_Parse("{\"level\":\"critical\"}");
	assert_int_equal(store_update(f->st, TID, ch, f->err, sizeof f->err), 0);
	/* Another device changed the title meanwhile: it arrives, the pending level stays. */
	assert_int_equal(sync_apply_record(f->st, r2, f->err, sizeof f->err), 1);
	assert_string_equal(member(f, "title"), "Two");
	assert_string_equal(member(f, "level"), "critical");
	assert_int_equal(journal_outbox_count(f->st), 1);
	/* An older copy changes nothing. */
	assert_int_equal(sync_apply_record(f->st, r1, f->err, sizeof f->err), 0);
	assert_string_equal(member(f, "title"), "Two");
	cJSON_Delete(r1), cJSON_Delete(r2), cJSON_Delete(ch);
}

static void forced_copy_after_refusal(void **state)
{
	struct fx *f = *state;
	cJSON *r = remote(5, "high", "One");
	assert_int_equal(sync_apply_record(f->st, r, f->err, sizeof f->err), 1);
	cJSON *ch = cJSON_Parse("{\"level\":\"low\"}");
	assert_int_equal(store_update(f->st, TID, ch, f->err, sizeof f->err), 0);
	assert_int_equal(sync_drop_pending(f->st, TID, f->err, sizeof f->err), 0);
	/* Same rev as here: a normal apply would keep the local change; forcing puts it back. */
	assert_int_equal(sync_apply_record(f->st, r, f->err, sizeof f->err), 0);
	assert_string_equal(member(f, "level"), "low");
	assert_int_equal(sync_force_record(f->st, r, f->err, sizeof f->err), 0);
	assert_string_equal(member(f, "level"), "high");
	cJSON_Delete(r), cJSON_Delete(ch);
}

static cJSON *conflict(const char *device, int resolved)
{
	char text[1024];
	snprintf(text, sizeof text,
		 "{\"id\":\"" CID "\",\"record\":\"" TID "\",\"root\":\"" TID "\",\"kind\":\"threat\",\"field\":\"level\","
		 "\"base\":\"high\",\"kept\":\"critical\",\"proposed\":\"low\",\"device\":\"%s\",\"resolved\":%s}",
		 device, resolved ? "true" : "false");
	return cJSON_Parse(text);
}

static void mine_and_theirs(void **state)
{
	struct fx *f = *state;
	cJSON *c = conflict("laptop", 0);
	assert_int_equal(sync_conflict_put(f->st, c, "laptop", f->err, sizeof f->err), 1);
	assert_int_equal(sync_conflict_put(f->st, c, "laptop", f->err, sizeof f->err), 0);
	cJSON *got = sync_conflict_get(f->st, CID);
	assert_string_equal(cJSON_GetObjectItem(got, "mine")->valuestring, "low");
	assert_string_equal(cJSON_GetObjectItem(got, "theirs")->valuestring, "critical");
	assert_int_equal(sync_conflict_count(f->st), 1);
	cJSON_Delete(got);
	/* The resolution arrives from the feed. */
	cJSON *done = conflict("laptop", 1);
	assert_int_equal(sync_conflict_put(f->st, done, "laptop", f->err, sizeof f->err), 0);
	assert_int_equal(sync_conflict_count(f->st), 0);
	cJSON_Delete(c), cJSON_Delete(done);
}

static void resolve_queues_change_and_marker(void **state)
{
	struct fx *f = *state;
	cJSON *r = remote(5, "critical", "One");
	assert_int_equal(sync_apply_record(f->st, r, f->err, sizeof f->err), 1);
	cJSON *c = conflict("control-room", 0); /* another device proposed low; mine is critical */
	assert_int_equal(sync_conflict_put(f->st, c, "laptop", f->err, sizeof f->err), 1);
	assert_int_equal(sync_resolve(f->st, CID, "theirs", f->err, sizeof f->err), 0);
	assert_string_equal(member(f, "level"), "low");
	assert_int_equal(journal_outbox_count(f->st), 1);
	assert_int_equal(sync_resolution_count(f->st), 1);
	assert_int_not_equal(sync_resolve(f->st, CID, "mine", f->err, sizeof f->err), 0); /* already */
	assert_int_not_equal(sync_resolve(f->st, "nope", "mine", f->err, sizeof f->err), 0);
	assert_int_not_equal(sync_resolve(f->st, CID, "both", f->err, sizeof f->err), 0);
	cJSON_Delete(r), cJSON_Delete(c);
}

static void remote_settings_checked(void **state)
{
	struct fx *f = *state;
	assert_int_not_equal(sync_remote_set(f->st, "http://example.org", "a.b", NULL, NULL, f->err, sizeof f->err), 0);
	assert_int_not_equal(sync_remote_set(f->st, "https://x", "no token", NULL, NULL, f->err, sizeof f->err), 0);
	assert_int_not_equal(sync_remote_set(f->st, "https://x", "a.b", NULL, "md5//x", f->err, sizeof f->err), 0);
	assert_int_equal(sync_remote_set(f->st, "https://x", "a.b", NULL, "sha256//AAAA", f->err, sizeof f->err), 0);
	char v[64];
	assert_int_equal(sync_get(f->st, "pin", v, sizeof v), 0);
	assert_string_equal(v, "sha256//AAAA");
	struct sync_stats s;
	/* Nothing listens there: a network error, recorded as the last error. */
	assert_int_equal(sync_remote_set(f->st, "http://127.0.0.1:9", "a.b", NULL, NULL, f->err, sizeof f->err), 0);
	setenv("PORTOPS_RETRIES", "0", 1);
	assert_int_equal(sync_run(f->st, NULL, &s, f->err, sizeof f->err), SYNC_ENET);
	assert_int_equal(sync_get(f->st, "last_error", v, sizeof v), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(incoming_rebased_under_pending, setup, teardown),
		cmocka_unit_test_setup_teardown(forced_copy_after_refusal, setup, teardown),
		cmocka_unit_test_setup_teardown(mine_and_theirs, setup, teardown),
		cmocka_unit_test_setup_teardown(resolve_queues_change_and_marker, setup, teardown),
		cmocka_unit_test_setup_teardown(remote_settings_checked, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

/* test_store.c - the local store: CRUD of every kind, the journal and audit chain, lists,
 * search, bundles, releasability rules and bad input. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "net/bundle.h"
#include "net/codec.h"
#include "storage/journal.h"
#include "storage/releasability.h"
#include "storage/schema.h"
#include "storage/search.h"
#include "storage/store.h"
#include "storage/store_int.h"
#include "storage/util.h"

struct fx {
	char dir[64];
	char path[128];
	struct store *st;
	char err[PO_ERRLEN];
};

static int setup(void **state)
{
	struct fx *f = calloc(1, sizeof *f);
	strcpy(f->dir, "/tmp/portops-test-XXXXXX");
	if (!mkdtemp(f->dir))
		return -1;
	snprintf(f->path, sizeof f->path, "%s/sub/p.db", f->dir);
	if (store_open(f->path, STORE_CREATE, &f->st, f->err, sizeof f->err) != 0)
		return -1;
	store_set_setting(f->st, "agency", "DIRANDRO", NULL, 0);
	store_set_setting(f->st, "operator", "ana", NULL, 0);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;
	char cmd[200];
	store_close(f->st);
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", f->dir);
	if (system(cmd) != 0)
		return -1;
	free(f);
	return 0;
}

/* Creates a record from JSON text; returns its id (static buffer) or NULL. */
static const char *mk(struct fx *f, const char *json)
{
	static char id[4][37];
	static int slot;
	cJSON *rec = cJSON_Parse(json);
	assert_non_null(rec);
	char *out = id[slot++ % 4];
	int rc = store_create(f->st, rec, out, f->err, sizeof f->err);
	cJSON_Delete(rec);
	return rc == 0 ? out : NULL;
}

static long count_rows(struct fx *f, const char *sql)
{
	sqlite3_stmt *s;
	assert_int_equal(sqlite3_prepare_v2(store_db(f->st), sql, -1, &s, NULL), SQLITE_OK);
	long n = sqlite3_step(s) == SQLITE_ROW ? sqlite3_column_int64(s, 0) : -1;
	sqlite3_finalize(s);
	return n;
}

static const char *str(const cJSON *o, const char *name)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, name);
	return cJSON_IsString(v) ? v->valuestring : "";
}

static void test_open_creates_private_file(void **state)
{
	struct fx *f = *state;
	struct stat sb;
	assert_int_equal(stat(f->path, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0600);
	char dir[160];
	snprintf(dir, sizeof dir, "%s/sub", f->dir);
	assert_int_equal(stat(dir, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0700);
	assert_int_equal(count_rows(f, "PRAGMA user_version"), SCHEMA_VERSION);
	assert_int_equal(count_rows(f, "PRAGMA foreign_keys"), 1);
	struct store *missing;
	assert_int_equal(store_open("/tmp/portops-no-such/x.db", 0, &missing, f->err, sizeof f->err), -1);
	assert_non_null(strstr(f->err, "portops init"));
}

static const char *const valid[] = {
	"{\"kind\":\"threat\",\"title\":\"Rip-on en Callao\",\"level\":\"high\",\"ports\":[\"PE CLL\"]}",
	"{\"kind\":\"case\",\"title\":\"Entrega vigilada\",\"type\":\"controlled_delivery\",\"port\":\"PECLL\"}",
	"{\"kind\":\"procedure\",\"code\":\"PO-T-1\",\"version\":1,\"status\":\"draft\",\"title_es\":\"Prueba\","
	"\"title_en\":\"Test\",\"steps\":[{\"n\":1,\"text_es\":\"Uno\",\"text_en\":\"One\"}]}",
	"{\"kind\":\"technique\",\"code\":\"TEC-T\",\"term_es\":\"Término\",\"term_en\":\"Term\",\"category\":"
	"\"concealment\",\"modality\":\"container\",\"description_es\":\"Descripción\",\"description_en\":\"Description\"}",
	"{\"kind\":\"bulletin\",\"title\":\"Boletín 1\",\"lang\":\"es\"}",
	"{\"kind\":\"scenario\",\"code\":\"EX-T\",\"title_es\":\"Ejercicio\",\"title_en\":\"Exercise\",\"duration_min\":60,"
	"\"injects\":[{\"n\":1,\"offset_min\":0,\"channel\":\"alert\",\"message_es\":\"Hola\",\"message_en\":\"Hello\"}]}",
};

static void test_crud_every_record_kind(void **state)
{
	struct fx *f = *state;
	for (size_t i = 0; i < sizeof valid / sizeof *valid; i++) {
		const char *id = mk(f, valid[i]);
		assert_non_null(id);
		char keep[37];
		strcpy(keep, id);
		cJSON *rec = store_get(f->st, NULL, keep, f->err, sizeof f->err);
		assert_non_null(rec);
		assert_string_equal(str(rec, "owner"), "DIRANDRO");
		assert_string_equal(str(rec, "tlp"), "AMBER");
		const struct kind_def *k = model_kind(str(rec, "kind"));
		const struct field_def *rf = model_ref_field(k);
		if (rf && *str(rec, rf->name)) { /* found by its reference too */
			cJSON *byref = store_get(f->st, k->name, str(rec, rf->name), f->err, sizeof f->err);
			assert_non_null(byref);
			assert_string_equal(str(byref, "id"), keep);
			cJSON_Delete(byref);
		}
		cJSON_Delete(rec);
		cJSON *ch = cJSON_Parse("{\"tlp\":\"GREEN\"}");
		assert_int_equal(store_update(f->st, keep, ch, f->err, sizeof f->err), 0);
		cJSON_Delete(ch);
		assert_int_equal(store_delete(f->st, keep, f->err, sizeof f->err), 0);
		rec = store_get(f->st, NULL, keep, f->err, sizeof f->err);
		assert_true(cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(rec, "deleted")));
		assert_string_equal(str(rec, "tlp"), "GREEN");
		cJSON_Delete(rec);
		assert_int_equal(store_count(f->st, k->name, NULL, 0, f->err, sizeof f->err), 0);
		ch = cJSON_Parse("{\"tlp\":\"CLEAR\"}");
		assert_int_equal(store_update(f->st, keep, ch, f->err, sizeof f->err), -1); /* tombstone */
		cJSON_Delete(ch);
	}
	assert_int_equal(journal_verify(f->st, NULL, f->err, sizeof f->err), 0);
}

static void test_case_refs_are_assigned_in_sequence(void **state)
{
	struct fx *f = *state;
	setenv("PORTOPS_NOW", "2026-03-01T10:00:00Z", 1);
	mk(f, valid[1]);
	const char *id = mk(f, valid[1]);
	cJSON *rec = store_get(f->st, "case", id, f->err, sizeof f->err);
	assert_string_equal(str(rec, "ref"), "PECLL-2026-0002");
	assert_string_equal(str(rec, "status"), "open");
	cJSON_Delete(rec);
	unsetenv("PORTOPS_NOW");
	rec = store_get(f->st, NULL, "peCLL-2026-0001", f->err, sizeof f->err);
	assert_non_null(rec);
	cJSON_Delete(rec);
	assert_null(store_get(f->st, NULL, "PECLL-2026-0009", f->err, sizeof f->err));
	assert_non_null(strstr(f->err, "PECLL-2026-0009"));
}

/* The fields object of the newest outbox mutation. */
static cJSON *last_mutation(struct fx *f)
{
	sqlite3_stmt *s;
	sqlite3_prepare_v2(store_db(f->st), "SELECT body FROM outbox ORDER BY seq DESC LIMIT 1", -1, &s, NULL);
	cJSON *m = sqlite3_step(s) == SQLITE_ROW ? cJSON_Parse((const char *)sqlite3_column_text(s, 0)) : NULL;
	sqlite3_finalize(s);
	return m;
}

static void test_outbox_holds_changed_fields_with_base(void **state)
{
	struct fx *f = *state;
	char id[37];
	strcpy(id, mk(f, valid[0]));
	cJSON *m = last_mutation(f);
	assert_string_equal(str(m, "op"), "upsert");
	cJSON *title = cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(m, "fields"), "title");
	assert_true(cJSON_IsNull(cJSON_GetObjectItemCaseSensitive(title, "base")));
	assert_int_equal(codec_check_mutation(m, f->err, sizeof f->err), 0);
	cJSON_Delete(m);
	cJSON *ch = cJSON_Parse("{\"level\":\"critical\",\"title\":\"Rip-on en Callao\"}");
	assert_int_equal(store_update(f->st, id, ch, f->err, sizeof f->err), 0);
	cJSON_Delete(ch);
	m = last_mutation(f);
	cJSON *fields = cJSON_GetObjectItemCaseSensitive(m, "fields");
	assert_int_equal(cJSON_GetArraySize(fields), 1); /* the unchanged title is not sent */
	cJSON *level = cJSON_GetObjectItemCaseSensitive(fields, "level");
	assert_string_equal(cJSON_GetObjectItemCaseSensitive(level, "base")->valuestring, "high");
	assert_string_equal(cJSON_GetObjectItemCaseSensitive(level, "new")->valuestring, "critical");
	assert_int_equal(journal_outbox_count(f->st), 2);
	assert_int_equal(journal_ack(f->st, str(m, "mutation_id"), f->err, sizeof f->err), 0);
	assert_int_equal(journal_outbox_count(f->st), 1);
	cJSON_Delete(m);
}

static void test_local_records_stay_out_of_the_outbox(void **state)
{
	struct fx *f = *state;
	const char *id = mk(f, "{\"kind\":\"threat\",\"title\":\"Solo aquí\",\"level\":\"low\",\"share\":\"local\"}");
	assert_non_null(id);
	assert_int_equal(journal_outbox_count(f->st), 0);
	assert_int_equal(count_rows(f, "SELECT count(*) FROM audit"), 1);
	cJSON *ch = cJSON_Parse("{\"share\":\"community\",\"tlp\":\"GREEN\"}");
	assert_int_equal(store_update(f->st, id, ch, f->err, sizeof f->err), 0);
	cJSON_Delete(ch);
	cJSON *m = last_mutation(f); /* leaving local sends the whole record */
	assert_non_null(cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(m, "fields"), "title"));
	cJSON_Delete(m);
}

static void test_case_log_is_append_only(void **state)
{
	struct fx *f = *state;
	char kase[37], entry[37], buf[512];
	strcpy(kase, mk(f, valid[1]));
	snprintf(buf, sizeof buf, "{\"kind\":\"log\",\"parent\":\"%s\",\"entry\":\"action\",\"text\":\"Sello verificado\"}", kase);
	strcpy(entry, mk(f, buf));
	cJSON *m = last_mutation(f);
	assert_string_equal(str(m, "op"), "append");
	assert_string_equal(str(m, "parent"), kase);
	cJSON_Delete(m);
	cJSON *ch = cJSON_Parse("{\"text\":\"otro\"}");
	assert_int_equal(store_update(f->st, entry, ch, f->err, sizeof f->err), -1);
	assert_non_null(strstr(f->err, "amends"));
	cJSON_Delete(ch);
	assert_int_equal(store_delete(f->st, entry, f->err, sizeof f->err), -1);
	assert_int_not_equal(sqlite3_exec(store_db(f->st), "UPDATE case_log SET body='{}'", NULL, NULL, NULL), SQLITE_OK);
	snprintf(buf, sizeof buf, "{\"kind\":\"log\",\"parent\":\"%s\",\"text\":\"Corrección\",\"amends\":\"%s\"}", kase, entry);
	assert_non_null(mk(f, buf));
	snprintf(buf, sizeof buf, "{\"kind\":\"log\",\"parent\":\"%s\",\"text\":\"huérfano\"}", "7d9f7a38-1d0c-4a39-9c1c-2b1f6e0f4a11");
	assert_null(mk(f, buf));
	assert_non_null(strstr(f->err, "parent"));
	assert_int_equal(store_count(f->st, "log", NULL, 0, f->err, sizeof f->err), 2);
}

static void test_invalid_entity_stores_nothing(void **state)
{
	struct fx *f = *state;
	char kase[37], buf[512];
	strcpy(kase, mk(f, valid[1]));
	long outbox = journal_outbox_count(f->st), audit = count_rows(f, "SELECT count(*) FROM audit");
	snprintf(buf, sizeof buf, "{\"kind\":\"entity\",\"parent\":\"%s\",\"type\":\"container\",\"container\":\"CSQU3054384\"}", kase);
	assert_null(mk(f, buf));
	assert_non_null(strstr(f->err, "container"));
	assert_int_equal(store_count(f->st, "entity", NULL, 0, f->err, sizeof f->err), 0);
	assert_int_equal(journal_outbox_count(f->st), outbox);
	assert_int_equal(count_rows(f, "SELECT count(*) FROM audit"), audit);
	snprintf(buf, sizeof buf, "{\"kind\":\"entity\",\"parent\":\"%s\",\"type\":\"container\",\"container\":\"CSQU 305438 3\"}", kase);
	const char *id = mk(f, buf);
	assert_non_null(id);
	cJSON *rec = store_get(f->st, "entity", id, f->err, sizeof f->err);
	assert_string_equal(str(rec, "container"), "CSQU3054383");
	cJSON_Delete(rec);
}

static void test_audit_chain_detects_tampering(void **state)
{
	struct fx *f = *state;
	for (size_t i = 0; i < 3; i++)
		assert_non_null(mk(f, valid[0]));
	long bad = 0;
	assert_int_equal(journal_verify(f->st, &bad, f->err, sizeof f->err), 0);
	sqlite3_exec(store_db(f->st), "UPDATE audit SET actor='mallory' WHERE seq=2", NULL, NULL, NULL);
	assert_int_equal(journal_verify(f->st, &bad, f->err, sizeof f->err), -1);
	assert_int_equal(bad, 2);
	assert_non_null(strstr(f->err, "altered"));
	sqlite3_exec(store_db(f->st), "UPDATE audit SET actor='ana' WHERE seq=2; DELETE FROM audit WHERE seq=2", NULL, NULL, NULL);
	assert_int_equal(journal_verify(f->st, &bad, f->err, sizeof f->err), -1);
	assert_int_equal(bad, 3);
}

struct seen {
	char ids[100][37];
	int n;
};

static int collect(const cJSON *rec, void *arg)
{
	struct seen *s = arg;
	for (int i = 0; i < s->n; i++)
		if (!strcmp(s->ids[i], str(rec, "id")))
			fail_msg("duplicate row %s", s->ids[i]);
	strcpy(s->ids[s->n++], str(rec, "id"));
	return 0;
}

static void test_keyset_pages_cover_everything_once(void **state)
{
	struct fx *f = *state;
	char now[32];
	for (int i = 0; i < 25; i++) {
		snprintf(now, sizeof now, "2026-01-01T00:00:%02dZ", i / 3); /* several rows share a second */
		setenv("PORTOPS_NOW", now, 1);
		assert_non_null(mk(f, valid[0]));
	}
	unsetenv("PORTOPS_NOW");
	struct seen s = { .n = 0 };
	char after[37] = "";
	int pages = 0, n;
	do {
		struct store_query q = { .kind = "threat", .after = after, .limit = 10 };
		n = store_list(f->st, &q, collect, &s, after, f->err, sizeof f->err);
		pages++;
	} while (n == 10);
	assert_int_equal(s.n, 25);
	assert_int_equal(pages, 3);
}

static void test_filters(void **state)
{
	struct fx *f = *state;
	mk(f, valid[0]);
	mk(f, "{\"kind\":\"threat\",\"title\":\"Otro\",\"level\":\"low\",\"status\":\"closed\",\"ports\":[\"ECGYE\"]}");
	struct store_filter port = { "ports", "PECLL" }, status = { "status", "closed" }, bad = { "nonsense", "1" };
	assert_int_equal(store_count(f->st, "threat", &port, 1, f->err, sizeof f->err), 1);
	assert_int_equal(store_count(f->st, "threat", &status, 1, f->err, sizeof f->err), 1);
	struct store_filter both[] = { { "ports", "ECGYE" }, { "level", "high" } };
	assert_int_equal(store_count(f->st, "threat", both, 2, f->err, sizeof f->err), 0);
	assert_int_equal(store_count(f->st, "threat", &bad, 1, f->err, sizeof f->err), -1);
	assert_non_null(strstr(f->err, "nonsense"));
}

static int first_hit(const struct search_hit *h, void *arg)
{
	strcpy(arg, h->id);
	return 1;
}

static void test_search_ignores_diacritics(void **state)
{
	struct fx *f = *state;
	char id[37], hit[37] = "";
	strcpy(id, mk(f, "{\"kind\":\"threat\",\"title\":\"Contaminación de contenedores en Guayaquil\",\"level\":\"high\"}"));
	assert_int_equal(search_text(f->st, "contaminacion", NULL, 10, first_hit, hit, f->err, sizeof f->err), 1);
	assert_string_equal(hit, id);
	assert_int_equal(search_text(f->st, "GUAYAQ*", "threat", 10, NULL, NULL, f->err, sizeof f->err), 1);
	assert_int_equal(search_text(f->st, "guayaquil", "case", 10, NULL, NULL, f->err, sizeof f->err), 0);
	assert_int_equal(search_text(f->st, "\"unbalanced", NULL, 10, NULL, NULL, f->err, sizeof f->err), 0);
	assert_int_equal(store_delete(f->st, id, f->err, sizeof f->err), 0);
	assert_int_equal(search_text(f->st, "contaminacion", NULL, 10, NULL, NULL, f->err, sizeof f->err), 0);
}

static void test_regex_search_and_limits(void **state)
{
	struct fx *f = *state;
	mk(f, "{\"kind\":\"threat\",\"title\":\"Contaminación en Guayaquil\",\"level\":\"high\"}");
	assert_int_equal(search_regex(f->st, "contamina.+guaya", NULL, 10, NULL, NULL, f->err, sizeof f->err), 1);
	assert_int_equal(search_regex(f->st, "CONTAMINACIÓN", NULL, 10, NULL, NULL, f->err, sizeof f->err), 1);
	assert_int_equal(search_regex(f->st, "(unclosed", NULL, 10, NULL, NULL, f->err, sizeof f->err), -1);
	assert_non_null(strstr(f->err, "bad regular expression"));
	struct regex *re = regex_compile("(a+)+$", 0, f->err, sizeof f->err);
	assert_non_null(re);
	char text[4096];
	memset(text, 'a', sizeof text - 2);
	text[sizeof text - 2] = 'b';
	text[sizeof text - 1] = '\0';
	time_t t0 = time(NULL);
	int rc = regex_match(re, text, strlen(text), f->err, sizeof f->err);
	assert_true(time(NULL) - t0 < 5);
	assert_int_equal(rc, -1);
	assert_non_null(strstr(f->err, "limit"));
	regex_free(re);
}

static void test_sql_metacharacters_are_stored_verbatim(void **state)
{
	struct fx *f = *state;
	const char *id = mk(f, "{\"kind\":\"threat\",\"title\":\"x'); DROP TABLE threats; --\",\"level\":\"low\"}");
	assert_non_null(id);
	cJSON *rec = store_get(f->st, "threat", id, f->err, sizeof f->err);
	assert_string_equal(str(rec, "title"), "x'); DROP TABLE threats; --");
	cJSON_Delete(rec);
	assert_int_equal(store_count(f->st, "threat", NULL, 0, f->err, sizeof f->err), 1);
	struct store_filter inj = { "title", "' OR 1=1 --" };
	assert_int_equal(store_count(f->st, "threat", &inj, 1, f->err, sizeof f->err), 0);
}

static void test_other_agency_records_are_not_edited(void **state)
{
	struct fx *f = *state;
	cJSON *rec = cJSON_Parse("{\"id\":\"0b6f7d2e-9a51-4c3e-8f0a-5d2b7c1e9a44\",\"kind\":\"case\",\"owner\":\"SENAE\","
				 "\"rev\":3,\"tlp\":\"GREEN\",\"share\":\"community\",\"created_at\":\"2026-01-01T00:00:00Z\","
				 "\"created_by\":\"luis\",\"title\":\"Caso ajeno\",\"type\":\"seizure\",\"status\":\"open\"}");
	assert_int_equal(store_apply_remote(f->st, rec, f->err, sizeof f->err), 1);
	assert_int_equal(store_apply_remote(f->st, rec, f->err, sizeof f->err), 0); /* not newer */
	cJSON_Delete(rec);
	cJSON *ch = cJSON_Parse("{\"title\":\"mío\"}");
	assert_int_equal(store_update(f->st, "0b6f7d2e-9a51-4c3e-8f0a-5d2b7c1e9a44", ch, f->err, sizeof f->err), -1);
	assert_non_null(strstr(f->err, "SENAE"));
	cJSON_Delete(ch);
	/* others may append to its case log */
	assert_non_null(mk(f, "{\"kind\":\"log\",\"parent\":\"0b6f7d2e-9a51-4c3e-8f0a-5d2b7c1e9a44\",\"text\":\"Apoyo\"}"));
	assert_null(mk(f, "{\"kind\":\"entity\",\"parent\":\"0b6f7d2e-9a51-4c3e-8f0a-5d2b7c1e9a44\",\"type\":\"person\"}"));
	assert_int_equal(store_purge(f->st, "0b6f7d2e-9a51-4c3e-8f0a-5d2b7c1e9a44", f->err, sizeof f->err), 1);
	assert_int_equal(count_rows(f, "SELECT count(*) FROM case_log"), 0);
	assert_int_equal(count_rows(f, "SELECT count(*) FROM search_docs"), 0);
}

static void test_releasability_rules(void **state)
{
	struct fx *f = *state;
	assert_null(mk(f, "{\"kind\":\"threat\",\"title\":\"t\",\"level\":\"low\",\"tlp\":\"RED\",\"share\":\"community\"}"));
	assert_non_null(strstr(f->err, "RED"));
	assert_null(mk(f, "{\"kind\":\"threat\",\"title\":\"t\",\"level\":\"low\",\"tlp\":\"AMBER+STRICT\",\"share\":\"community\"}"));
	assert_null(mk(f, "{\"kind\":\"threat\",\"title\":\"t\",\"level\":\"low\",\"share\":\"listed\"}"));
	assert_null(mk(f, "{\"kind\":\"threat\",\"title\":\"t\",\"level\":\"low\",\"share\":\"agency\",\"share_with\":[\"DIAN\"]}"));
	const char *id = mk(f, "{\"kind\":\"threat\",\"title\":\"t\",\"level\":\"low\",\"tlp\":\"RED\",\"share\":\"listed\",\"share_with\":[\"DIAN\"]}");
	assert_non_null(id);
	cJSON *rec = store_get(f->st, NULL, id, f->err, sizeof f->err);
	assert_true(rel_visible(rec, "DIAN"));
	assert_true(rel_visible(rec, "DIRANDRO"));
	assert_false(rel_visible(rec, "SENAE"));
	cJSON_Delete(rec);
	cJSON *ch = cJSON_Parse("{\"share\":\"community\"}");
	assert_int_equal(store_update(f->st, id, ch, f->err, sizeof f->err), -1); /* RED stays listed */
	cJSON_Delete(ch);
}

/* Opens a second store of the same agency in the fixture's folder. */
static struct store *second_store(struct fx *f, const char *name)
{
	char path[200];
	struct store *st;
	snprintf(path, sizeof path, "%s/%s", f->dir, name);
	assert_int_equal(store_open(path, STORE_CREATE, &st, f->err, sizeof f->err), 0);
	store_set_setting(st, "agency", "DIRANDRO", NULL, 0);
	store_set_setting(st, "operator", "luis", NULL, 0);
	return st;
}

static void test_bundles_are_idempotent(void **state)
{
	struct fx *f = *state;
	char kase[37], buf[256], path[200];
	strcpy(kase, mk(f, valid[1]));
	snprintf(buf, sizeof buf, "{\"kind\":\"log\",\"parent\":\"%s\",\"text\":\"Inspección\"}", kase);
	mk(f, buf);
	mk(f, "{\"kind\":\"threat\",\"title\":\"Sólo SENAE\",\"level\":\"low\",\"share\":\"listed\",\"share_with\":[\"SENAE\"]}");
	snprintf(path, sizeof path, "%s/b.json", f->dir);
	struct bundle_stats s;
	assert_int_equal(bundle_export(f->st, path, NULL, &s, f->err, sizeof f->err), 0);
	assert_int_equal(s.records, 3);
	assert_int_equal(s.mutations, 3);
	struct store *b = second_store(f, "b.db");
	assert_int_equal(bundle_import(b, path, &s, f->err, sizeof f->err), 0);
	assert_int_equal(s.records, 3);
	assert_int_equal(s.duplicate, 0);
	assert_int_equal(store_count(b, "log", NULL, 0, f->err, sizeof f->err), 1);
	assert_int_equal(bundle_import(b, path, &s, f->err, sizeof f->err), 0);
	assert_int_equal(s.duplicate, 1);
	assert_int_equal(store_count(b, "case", NULL, 0, f->err, sizeof f->err), 1);
	store_close(b);
	/* a bundle for another agency leaves out what that agency may not see */
	assert_int_equal(bundle_export(f->st, path, "SENAE", &s, f->err, sizeof f->err), 0);
	assert_int_equal(s.records, 1);
}

/* Overwrites the byte at offset in path with c. */
static void poke(const char *path, long offset, char c)
{
	FILE *fp = fopen(path, "r+");
	assert_non_null(fp);
	if (offset < 0)
		fseek(fp, offset, SEEK_END);
	else
		fseek(fp, offset, SEEK_SET);
	fputc(c, fp);
	fclose(fp);
}

static void test_damaged_bundles_change_nothing(void **state)
{
	struct fx *f = *state;
	char path[200];
	mk(f, "{\"kind\":\"threat\",\"title\":\"Amenaza ABCDEF\",\"level\":\"low\"}");
	snprintf(path, sizeof path, "%s/b.json", f->dir);
	struct bundle_stats s;
	assert_int_equal(bundle_export(f->st, path, NULL, &s, f->err, sizeof f->err), 0);
	struct store *b = second_store(f, "c.db");
	FILE *fp = fopen(path, "r");
	char text[8192];
	size_t n = fread(text, 1, sizeof text - 1, fp);
	fclose(fp);
	text[n] = '\0';
	long at = strstr(text, "ABCDEF") - text;
	poke(path, at, 'X'); /* a changed letter: the checksum catches it */
	assert_int_equal(bundle_import(b, path, &s, f->err, sizeof f->err), -1);
	assert_non_null(strstr(f->err, "checksum"));
	poke(path, at, 'A');
	assert_int_equal(truncate(path, (off_t)(n / 2)), 0); /* a cut file: the parser says where */
	assert_int_equal(bundle_import(b, path, &s, f->err, sizeof f->err), -1);
	assert_non_null(strstr(f->err, "line"));
	assert_int_equal(store_count(b, "threat", NULL, 0, f->err, sizeof f->err), 0);
	assert_int_equal(count_rows(f, "SELECT count(*) FROM bundles_seen"), 0);
	store_close(b);
}

int main(void)
{
	if (po_init() != 0)
		return 1;
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_open_creates_private_file, setup, teardown),
		cmocka_unit_test_setup_teardown(test_crud_every_record_kind, setup, teardown),
		cmocka_unit_test_setup_teardown(test_case_refs_are_assigned_in_sequence, setup, teardown),
		cmocka_unit_test_setup_teardown(test_outbox_holds_changed_fields_with_base, setup, teardown),
		cmocka_unit_test_setup_teardown(test_local_records_stay_out_of_the_outbox, setup, teardown),
		cmocka_unit_test_setup_teardown(test_case_log_is_append_only, setup, teardown),
		cmocka_unit_test_setup_teardown(test_invalid_entity_stores_nothing, setup, teardown),
		cmocka_unit_test_setup_teardown(test_audit_chain_detects_tampering, setup, teardown),
		cmocka_unit_test_setup_teardown(test_keyset_pages_cover_everything_once, setup, teardown),
		cmocka_unit_test_setup_teardown(test_filters, setup, teardown),
		cmocka_unit_test_setup_teardown(test_search_ignores_diacritics, setup, teardown),
		cmocka_unit_test_setup_teardown(test_regex_search_and_limits, setup, teardown),
		cmocka_unit_test_setup_teardown(test_sql_metacharacters_are_stored_verbatim, setup, teardown),
		cmocka_unit_test_setup_teardown(test_other_agency_records_are_not_edited, setup, teardown),
		cmocka_unit_test_setup_teardown(test_releasability_rules, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bundles_are_idempotent, setup, teardown),
		cmocka_unit_test_setup_teardown(test_damaged_bundles_change_nothing, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

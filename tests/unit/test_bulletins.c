/* test_bulletins.c - storage/bulletins.c: numbering per agency and year, the frozen issued
 * bulletin (also through the generic store_update), withdrawal, corrections and citations. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "storage/bulletins.h"
#include "storage/store.h"
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
	strcpy(f->dir, "/tmp/portops-bull-XXXXXX");
	if (!mkdtemp(f->dir))
		return -1;
	snprintf(f->path, sizeof f->path, "%s/p.db", f->dir);
	if (store_open(f->path, STORE_CREATE, &f->st, f->err, sizeof f->err) != 0)
		return -1;
	store_set_setting(f->st, "agency", "DIRANDRO", NULL, 0);
	store_set_setting(f->st, "operator", "ana", NULL, 0);
	setenv("PORTOPS_NOW", "2026-12-01T10:00:00Z", 1);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;
	char cmd[200];
	store_close(f->st);
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", f->dir);
	int rc = system(cmd);
	free(f);
	unsetenv("PORTOPS_NOW");
	return rc == 0 ? 0 : -1;
}

/* Creates a record from JSON text with store_create; returns its id (one of 4 static slots). */
static const char *mk(struct fx *f, const char *json)
{
	static char id[4][37];
	static int slot;
	cJSON *rec = cJSON_Parse(json);
	assert_non_null(rec);
	char *out = id[slot++ % 4];
	int rc = store_create(f->st, rec, out, f->err, sizeof f->err);
	cJSON_Delete(rec);
	assert_int_equal(rc, 0);
	return out;
}

/* A new draft bulletin titled title; returns its id (static). */
static const char *draft(struct fx *f, const char *title)
{
	static char id[2][37];
	static int slot;
	char json[256];
	snprintf(json, sizeof json, "{\"title\":\"%s\",\"summary\":\"Resumen\",\"tlp\":\"AMBER\"}", title);
	cJSON *rec = cJSON_Parse(json);
	char *out = id[slot++ % 2];
	assert_int_equal(bulletin_create(f->st, rec, out, f->err, sizeof f->err), 0);
	cJSON_Delete(rec);
	return out;
}

/* The string member name of the bulletin id (static copy). */
static const char *field(struct fx *f, const char *id, const char *name)
{
	static char value[600];
	cJSON *rec = store_get(f->st, "bulletin", id, f->err, sizeof f->err);
	assert_non_null(rec);
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(rec, name);
	if (cJSON_IsNumber(v))
		snprintf(value, sizeof value, "%d", v->valueint);
	else
		po_strlcpy(value, cJSON_IsString(v) ? v->valuestring : "", sizeof value);
	cJSON_Delete(rec);
	return value;
}

/* store_update with {name: value} (a JSON text value). */
static int edit(struct fx *f, const char *id, const char *name, const char *json_value)
{
	cJSON *changes = cJSON_CreateObject();
	cJSON_AddItemToObject(changes, name, cJSON_Parse(json_value));
	int rc = store_update(f->st, id, changes, f->err, sizeof f->err);
	cJSON_Delete(changes);
	return rc;
}

static void drafts_have_no_number(void **state)
{
	struct fx *f = *state;
	const char *id = draft(f, "Uno");
	assert_string_equal(field(f, id, "status"), "draft");
	assert_string_equal(field(f, id, "number"), "");
	assert_string_equal(field(f, id, "lang"), "es");
	static const char *const refused[] = {
		"{\"title\":\"x\",\"status\":\"issued\"}", "{\"title\":\"x\",\"number\":\"DIRANDRO-2026-001\"}",
		"{\"title\":\"x\",\"issued_at\":\"2026-01-01T00:00:00Z\"}", "{\"title\":\"x\",\"version\":2}",
		"{\"title\":\"x\",\"withdraw_reason\":\"r\"}",
	};
	char other[37];
	for (size_t i = 0; i < sizeof refused / sizeof *refused; i++) {
		cJSON *rec = cJSON_Parse(refused[i]);
		assert_int_equal(bulletin_create(f->st, rec, other, f->err, sizeof f->err), -1);
		cJSON_Delete(rec);
	}
	assert_int_equal(store_count(f->st, "bulletin", NULL, 0, NULL, 0), 1);
}

static void numbers_per_agency_and_year(void **state)
{
	struct fx *f = *state;
	char a[37], b[37], number[BULLETIN_NUMBER_MAX];
	strcpy(a, draft(f, "Uno"));
	strcpy(b, draft(f, "Dos"));
	assert_int_equal(bulletin_issue(f->st, a, number, f->err, sizeof f->err), 0);
	assert_string_equal(number, "DIRANDRO-2026-001");
	assert_string_equal(field(f, a, "issued_at"), "2026-12-01T10:00:00Z");
	assert_int_equal(bulletin_issue(f->st, b, number, f->err, sizeof f->err), 0);
	assert_string_equal(number, "DIRANDRO-2026-002");
	/* A bulletin of another agency with a high number does not move ours. */
	cJSON *remote = cJSON_Parse("{\"id\":\"0b5f4a0e-8f0a-4c43-9a1e-6f2d2b9c1a11\",\"kind\":\"bulletin\","
				    "\"owner\":\"SENAE\",\"rev\":4,\"tlp\":\"GREEN\",\"share\":\"community\","
				    "\"share_with\":[],\"created_at\":\"2026-11-01T00:00:00Z\",\"created_by\":\"x\","
				    "\"updated_at\":\"2026-11-01T00:00:00Z\",\"updated_by\":\"x\",\"deleted\":false,"
				    "\"title\":\"Ajeno\",\"lang\":\"es\",\"status\":\"issued\",\"number\":\"SENAE-2026-050\"}");
	assert_int_equal(store_apply_remote(f->st, remote, f->err, sizeof f->err), 1);
	cJSON_Delete(remote);
	setenv("PORTOPS_NOW", "2027-01-02T08:00:00Z", 1);
	strcpy(a, draft(f, "Tres"));
	assert_int_equal(bulletin_issue(f->st, a, number, f->err, sizeof f->err), 0);
	assert_string_equal(number, "DIRANDRO-2027-001");
	/* A number names its bulletin. */
	assert_string_equal(field(f, "DIRANDRO-2027-001", "title"), "Tres");
	/* Another agency's bulletin is never issued, withdrawn or corrected here. */
	const char *senae = "0b5f4a0e-8f0a-4c43-9a1e-6f2d2b9c1a11";
	assert_int_equal(bulletin_withdraw(f->st, senae, "no", f->err, sizeof f->err), -1);
	assert_non_null(strstr(f->err, "belongs to SENAE"));
	assert_int_equal(bulletin_correct(f->st, senae, b, f->err, sizeof f->err), -1);
}

static void issued_is_frozen(void **state)
{
	struct fx *f = *state;
	char id[37];
	strcpy(id, draft(f, "Uno"));
	assert_int_equal(edit(f, id, "title", "\"Uno bis\""), 0);
	assert_int_equal(edit(f, id, "status", "\"issued\""), -1);
	assert_non_null(strstr(f->err, "status:"));
	assert_int_equal(edit(f, id, "number", "\"DIRANDRO-2026-009\""), -1);
	assert_int_equal(edit(f, id, "supersedes", "\"0b5f4a0e-8f0a-4c43-9a1e-6f2d2b9c1a11\""), -1);
	assert_int_equal(bulletin_issue(f->st, id, NULL, f->err, sizeof f->err), 0);
	assert_int_equal(edit(f, id, "title", "\"Otro\""), -1);
	assert_non_null(strstr(f->err, "is issued"));
	assert_int_equal(edit(f, id, "tlp", "\"CLEAR\""), -1);
	assert_int_equal(edit(f, id, "status", "\"draft\""), -1);
	assert_int_equal(edit(f, id, "sections", "[]"), -1);
	assert_string_equal(field(f, id, "title"), "Uno bis");
	assert_int_equal(bulletin_issue(f->st, id, NULL, f->err, sizeof f->err), -1);
	assert_non_null(strstr(f->err, "already issued"));
	const char *cite[] = { "x" };
	assert_int_equal(bulletin_cite(f->st, id, cite, 1, 0, f->err, sizeof f->err), -1);
	assert_non_null(strstr(f->err, "is issued"));
	/* The transition pass does not outlive the transition. */
	assert_int_equal(edit(f, id, "issued_at", "\"2026-01-01T00:00:00Z\""), -1);
}

static void withdrawal_needs_a_reason(void **state)
{
	struct fx *f = *state;
	char id[37];
	strcpy(id, draft(f, "Uno"));
	assert_int_equal(bulletin_withdraw(f->st, id, "duplicado", f->err, sizeof f->err), -1);
	assert_non_null(strstr(f->err, "draft"));
	assert_int_equal(bulletin_issue(f->st, id, NULL, f->err, sizeof f->err), 0);
	assert_int_equal(bulletin_withdraw(f->st, id, "  \n", f->err, sizeof f->err), -1);
	assert_non_null(strstr(f->err, "reason"));
	assert_int_equal(bulletin_withdraw(f->st, id, NULL, f->err, sizeof f->err), -1);
	assert_string_equal(field(f, id, "status"), "issued");
	assert_int_equal(bulletin_withdraw(f->st, "DIRANDRO-2026-001", "Datos erróneos", f->err, sizeof f->err), 0);
	assert_string_equal(field(f, id, "status"), "withdrawn");
	assert_string_equal(field(f, id, "withdraw_reason"), "Datos erróneos");
	assert_string_equal(field(f, id, "number"), "DIRANDRO-2026-001");
	assert_int_equal(bulletin_withdraw(f->st, id, "otra vez", f->err, sizeof f->err), -1);
	assert_int_equal(bulletin_issue(f->st, id, NULL, f->err, sizeof f->err), -1);
	assert_non_null(strstr(f->err, "withdrawn"));
	assert_int_equal(edit(f, id, "withdraw_reason", "\"otro\""), -1);
	assert_int_equal(edit(f, id, "title", "\"otro\""), -1);
}

static void corrections_are_new_versions(void **state)
{
	struct fx *f = *state;
	char v1[37], v2[37], v3[37], number[BULLETIN_NUMBER_MAX];
	strcpy(v1, draft(f, "Original"));
	assert_int_equal(edit(f, v1, "sections", "[{\"heading\":\"A\",\"body\":\"texto\"}]"), 0);
	assert_int_equal(bulletin_correct(f->st, v1, v2, f->err, sizeof f->err), -1);
	assert_non_null(strstr(f->err, "draft"));
	assert_int_equal(bulletin_issue(f->st, v1, NULL, f->err, sizeof f->err), 0);
	assert_int_equal(bulletin_correct(f->st, v1, v2, f->err, sizeof f->err), 0);
	assert_string_equal(field(f, v2, "status"), "draft");
	assert_string_equal(field(f, v2, "version"), "2");
	assert_string_equal(field(f, v2, "supersedes"), v1);
	assert_string_equal(field(f, v2, "number"), "");
	assert_string_equal(field(f, v2, "title"), "Original");
	assert_string_equal(field(f, v2, "summary"), "Resumen");
	assert_string_equal(field(f, v2, "tlp"), "AMBER");
	assert_string_equal(field(f, v1, "status"), "issued");
	/* One correction per version. */
	assert_int_equal(bulletin_correct(f->st, v1, v3, f->err, sizeof f->err), -1);
	assert_non_null(strstr(f->err, "already has a correction"));
	/* The correction is an ordinary draft until issued, then keeps the first number. */
	assert_int_equal(edit(f, v2, "title", "\"Corregido\""), 0);
	assert_int_equal(bulletin_issue(f->st, v2, number, f->err, sizeof f->err), 0);
	assert_string_equal(number, "DIRANDRO-2026-001-v2");
	assert_int_equal(bulletin_correct(f->st, v2, v3, f->err, sizeof f->err), 0);
	assert_int_equal(bulletin_issue(f->st, v3, number, f->err, sizeof f->err), 0);
	assert_string_equal(number, "DIRANDRO-2026-001-v3");
	/* Fresh numbers go on after the base number. */
	assert_int_equal(bulletin_issue(f->st, draft(f, "Nuevo"), number, f->err, sizeof f->err), 0);
	assert_string_equal(number, "DIRANDRO-2026-002");
	/* A withdrawn bulletin may be corrected too. */
	assert_int_equal(bulletin_withdraw(f->st, "DIRANDRO-2026-002", "error", f->err, sizeof f->err), 0);
	assert_int_equal(bulletin_correct(f->st, "DIRANDRO-2026-002", v3, f->err, sizeof f->err), 0);
}

static void citations(void **state)
{
	struct fx *f = *state;
	char b[37], threat[37], kase[37], tech[37], red[37];
	strcpy(b, draft(f, "Citas"));
	strcpy(threat, mk(f, "{\"kind\":\"threat\",\"ref\":\"AM-7\",\"title\":\"Reefers\",\"summary\":\"Resumen de la amenaza\","
			     "\"level\":\"high\",\"tlp\":\"GREEN\"}"));
	strcpy(kase, mk(f, "{\"kind\":\"case\",\"title\":\"Entrega vigilada\",\"type\":\"controlled_delivery\"}"));
	strcpy(tech, mk(f, "{\"kind\":\"technique\",\"code\":\"TEC-X\",\"term_es\":\"Gancho ciego\",\"term_en\":\"Blind hook\","
			   "\"category\":\"concealment\",\"modality\":\"container\",\"description_es\":\"Desvío en ruta\","
			   "\"description_en\":\"Road diversion\",\"tlp\":\"CLEAR\"}"));
	strcpy(red, mk(f, "{\"kind\":\"threat\",\"title\":\"Secreto\",\"level\":\"low\",\"tlp\":\"RED\",\"share\":\"listed\","
			  "\"share_with\":[\"SENAE\"]}"));
	const char *refs[] = { "AM-7", kase, "TEC-X", threat };
	assert_int_equal(bulletin_cite(f->st, b, refs, 4, 0, f->err, sizeof f->err), 0);
	cJSON *rec = store_get(f->st, "bulletin", b, NULL, 0);
	const cJSON *cites = cJSON_GetObjectItemCaseSensitive(rec, "cites");
	assert_int_equal(cJSON_GetArraySize(cites), 3);
	assert_string_equal(cJSON_GetArrayItem(cites, 0)->valuestring, threat);
	assert_string_equal(cJSON_GetArrayItem(cites, 2)->valuestring, tech);
	assert_null(cJSON_GetObjectItemCaseSensitive(rec, "sections"));
	cJSON_Delete(rec);
	const char *bad[] = { "NOPE-1" };
	assert_int_equal(bulletin_cite(f->st, b, bad, 1, 0, f->err, sizeof f->err), -1);
	const char *self[] = { b };
	assert_int_equal(bulletin_cite(f->st, b, self, 1, 0, f->err, sizeof f->err), -1);
	assert_non_null(strstr(f->err, "not a bulletin"));
	/* Pulling copies the text in the bulletin's language, refusing stricter records. */
	char b2[37];
	strcpy(b2, draft(f, "Con texto"));
	const char *pull[] = { "TEC-X", "AM-7" };
	assert_int_equal(bulletin_cite(f->st, b2, pull, 2, 1, f->err, sizeof f->err), 0);
	rec = store_get(f->st, "bulletin", b2, NULL, 0);
	const cJSON *sections = cJSON_GetObjectItemCaseSensitive(rec, "sections");
	assert_int_equal(cJSON_GetArraySize(sections), 2);
	const cJSON *s0 = cJSON_GetArrayItem(sections, 0), *s1 = cJSON_GetArrayItem(sections, 1);
	assert_string_equal(cJSON_GetObjectItemCaseSensitive(s0, "heading")->valuestring, "Gancho ciego");
	assert_string_equal(cJSON_GetObjectItemCaseSensitive(s0, "body")->valuestring, "Desvío en ruta");
	assert_string_equal(cJSON_GetObjectItemCaseSensitive(s1, "body")->valuestring, "Resumen de la amenaza");
	cJSON_Delete(rec);
	const char *secret[] = { red };
	assert_int_equal(bulletin_cite(f->st, b2, secret, 1, 1, f->err, sizeof f->err), -1);
	assert_non_null(strstr(f->err, "stricter"));
	assert_int_equal(bulletin_cite(f->st, b2, secret, 1, 0, f->err, sizeof f->err), 0);
	/* An English bulletin pulls the English description. */
	cJSON *en = cJSON_Parse("{\"title\":\"In English\",\"lang\":\"en\",\"tlp\":\"GREEN\"}");
	char b3[37];
	assert_int_equal(bulletin_create(f->st, en, b3, f->err, sizeof f->err), 0);
	cJSON_Delete(en);
	assert_int_equal(bulletin_cite(f->st, b3, pull, 1, 1, f->err, sizeof f->err), 0);
	assert_non_null(strstr(field(f, b3, "title"), "In English"));
	rec = store_get(f->st, "bulletin", b3, NULL, 0);
	s0 = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(rec, "sections"), 0);
	assert_string_equal(cJSON_GetObjectItemCaseSensitive(s0, "heading")->valuestring, "Blind hook");
	assert_string_equal(cJSON_GetObjectItemCaseSensitive(s0, "body")->valuestring, "Road diversion");
	cJSON_Delete(rec);
}

static void other_kinds_untouched(void **state)
{
	struct fx *f = *state;
	const char *t = mk(f, "{\"kind\":\"threat\",\"title\":\"T\",\"level\":\"low\",\"status\":\"active\"}");
	assert_int_equal(edit(f, t, "status", "\"closed\""), 0);
	assert_int_equal(bulletin_tlp_rank("CLEAR"), 0);
	assert_int_equal(bulletin_tlp_rank("RED"), 4);
	assert_int_equal(bulletin_tlp_rank("PINK"), -1);
}

int main(void)
{
	po_init();
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(drafts_have_no_number, setup, teardown),
		cmocka_unit_test_setup_teardown(numbers_per_agency_and_year, setup, teardown),
		cmocka_unit_test_setup_teardown(issued_is_frozen, setup, teardown),
		cmocka_unit_test_setup_teardown(withdrawal_needs_a_reason, setup, teardown),
		cmocka_unit_test_setup_teardown(corrections_are_new_versions, setup, teardown),
		cmocka_unit_test_setup_teardown(citations, setup, teardown),
		cmocka_unit_test_setup_teardown(other_kinds_untouched, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

/* test_cases.c - status transitions, checklists and the controlled-delivery route (cases.h). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "storage/cases.h"
#include "storage/store.h"
#include "storage/util.h"

struct fx {
	char dir[64], path[128], kase[37], proc[37], err[PO_ERRLEN];
	struct store *st;
};

static int setup(void **state)
{
	struct fx *f = calloc(1, sizeof *f);
	strcpy(f->dir, "/tmp/portops-cases-XXXXXX");
	if (!mkdtemp(f->dir))
		return -1;
	snprintf(f->path, sizeof f->path, "%s/p.db", f->dir);
	if (store_open(f->path, STORE_CREATE, &f->st, f->err, sizeof f->err) != 0)
		return -1;
	store_set_setting(f->st, "agency", "DIRANDRO", NULL, 0);
	store_set_setting(f->st, "operator", "ana", NULL, 0);
	cJSON *c = cJSON_Parse("{\"kind\":\"case\",\"title\":\"CD\",\"type\":\"controlled_delivery\",\"port\":\"PECLL\"}");
	cJSON *p = cJSON_Parse("{\"kind\":\"procedure\",\"code\":\"PO-T\",\"version\":3,\"status\":\"in_force\","
			       "\"title_es\":\"T\",\"title_en\":\"T\",\"steps\":[{\"n\":1,\"text_es\":\"a\",\"text_en\":\"a\","
			       "\"mandatory\":true},{\"n\":2,\"text_es\":\"b\",\"text_en\":\"b\"},{\"n\":3,\"text_es\":\"c\","
			       "\"text_en\":\"c\",\"mandatory\":true}]}");
	int rc = store_create(f->st, c, f->kase, f->err, sizeof f->err) | store_create(f->st, p, f->proc, f->err, sizeof f->err);
	cJSON_Delete(c);
	cJSON_Delete(p);
	*state = f;
	return rc;
}

static int teardown(void **state)
{
	struct fx *f = *state;
	char cmd[128];
	store_close(f->st);
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", f->dir);
	int rc = system(cmd);
	free(f);
	return rc;
}

static void test_transitions(void **state)
{
	(void)state;
	assert_true(case_transition_ok("open", "active"));
	assert_true(case_transition_ok("active", "suspended"));
	assert_true(case_transition_ok("suspended", "closed"));
	assert_true(case_transition_ok("closed", "active"));
	assert_false(case_transition_ok("active", "open"));
	assert_false(case_transition_ok("suspended", "open"));
	assert_false(case_transition_ok("closed", "suspended"));
	assert_false(case_transition_ok("open", "bogus"));
}

static long log_count(struct fx *f)
{
	struct store_filter by = { "parent", f->kase };
	return store_count(f->st, "log", &by, 1, f->err, sizeof f->err);
}

static void test_status_needs_reason_and_logs_it(void **state)
{
	struct fx *f = *state;
	assert_int_equal(case_set_status(f->st, f->kase, "active", "", f->err, sizeof f->err), -1);
	assert_non_null(strstr(f->err, "reason"));
	assert_int_equal(case_set_status(f->st, f->kase, "open", "x", f->err, sizeof f->err), -1);
	assert_non_null(strstr(f->err, "already"));
	assert_int_equal(case_set_status(f->st, f->kase, "active", "orden fiscal", f->err, sizeof f->err), 0);
	assert_int_equal(log_count(f), 1);
	assert_int_equal(case_set_status(f->st, f->kase, "open", "atrás", f->err, sizeof f->err), -1);
	assert_int_equal(log_count(f), 1); /* the refused change logged nothing */
	cJSON *c = store_get(f->st, "case", f->kase, f->err, sizeof f->err);
	assert_string_equal(cJSON_GetObjectItemCaseSensitive(c, "status")->valuestring, "active");
	cJSON_Delete(c);
}

static void test_checklist_completion(void **state)
{
	struct fx *f = *state;
	char run[37];
	assert_int_equal(checklist_start(f->st, f->kase, "PO-T", run, f->err, sizeof f->err), 0);
	assert_int_equal(checklist_steps(f->st, run, NULL, NULL, f->err, sizeof f->err), 2);
	assert_int_equal(checklist_mark(f->st, run, 1, "skipped", NULL, f->err, sizeof f->err), 0);
	assert_int_equal(checklist_steps(f->st, run, NULL, NULL, f->err, sizeof f->err), 2); /* skipped stays open */
	assert_int_equal(checklist_mark(f->st, run, 1, "done", "rehecho", f->err, sizeof f->err), 0);
	assert_int_equal(checklist_mark(f->st, run, 3, "na", NULL, f->err, sizeof f->err), 0);
	assert_int_equal(checklist_steps(f->st, run, NULL, NULL, f->err, sizeof f->err), 0);
	cJSON *r = store_get(f->st, "checklist", run, f->err, sizeof f->err);
	assert_string_equal(cJSON_GetObjectItemCaseSensitive(r, "status")->valuestring, "complete");
	assert_int_equal(cJSON_GetObjectItemCaseSensitive(r, "procedure_version")->valueint, 3);
	cJSON_Delete(r);
	assert_int_equal(checklist_mark(f->st, run, 4, "done", NULL, f->err, sizeof f->err), -1);
	assert_int_equal(checklist_start(f->st, f->kase, "PO-NONE", run, f->err, sizeof f->err), -1);
}

static int count_line(const char *what, void *arg)
{
	(void)what;
	(*(int *)arg)++;
	return 0;
}

static int missing(struct fx *f)
{
	int n = 0;
	cJSON *c = store_get(f->st, "case", f->kase, f->err, sizeof f->err);
	int r = case_missing(f->st, c, count_line, &n);
	cJSON_Delete(c);
	assert_int_equal(r, n);
	return n;
}

static void test_route_missing_items(void **state)
{
	struct fx *f = *state;
	setenv("PORTOPS_NOW", "2026-06-01T00:00:00Z", 1);
	assert_int_equal(missing(f), 2); /* no legs, substitution undecided */
	assert_int_equal(case_add_leg(f->st, f->kase, "PECLL", "DIRANDRO", "2026-05-01T00:00:00Z", NULL, f->err, sizeof f->err), 0);
	assert_int_equal(missing(f), 3); /* PE authorisation, substitution, leg 1 overdue */
	assert_int_equal(case_set_auth(f->st, f->kase, "PE", "granted", "R-1", "2026-04-30", f->err, sizeof f->err), 0);
	assert_int_equal(case_add_leg(f->st, f->kase, "ESVLC", NULL, NULL, NULL, f->err, sizeof f->err), 0);
	assert_int_equal(missing(f), 4); /* ES authorisation, substitution, leg 1 overdue, leg 2 no agency */
	assert_int_equal(case_set_auth(f->st, f->kase, "ES", "refused", NULL, NULL, f->err, sizeof f->err), 0);
	assert_int_equal(case_set_auth(f->st, f->kase, "ES", "granted", NULL, NULL, f->err, sizeof f->err), 0);
	cJSON *c = store_get(f->st, "case", f->kase, f->err, sizeof f->err);
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(c, "authorisations")), 2);
	cJSON_Delete(c);
	assert_int_equal(missing(f), 3);
	assert_int_equal(case_add_leg(f->st, f->kase, "XX9", NULL, NULL, NULL, f->err, sizeof f->err), -1);
	unsetenv("PORTOPS_NOW");
}

int main(void)
{
	if (po_init() != 0)
		return 1;
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_transitions),
		cmocka_unit_test_setup_teardown(test_status_needs_reason_and_logs_it, setup, teardown),
		cmocka_unit_test_setup_teardown(test_checklist_completion, setup, teardown),
		cmocka_unit_test_setup_teardown(test_route_missing_items, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

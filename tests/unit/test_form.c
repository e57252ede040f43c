/* test_form.c - unit tests for the form model (screens/form.c): rows from the model, typing
 * and live checking with the validators' reasons, enum cycling, lists, markings, and the record
 * or changes a form makes. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <locale.h>
#include <stdlib.h>
#include <string.h>

#include "screens/form.h"

static struct form *fm;

static int setup(void **state)
{
	(void)state;
	setlocale(LC_ALL, "C.UTF-8");
	fm = calloc(1, sizeof *fm);
	return fm ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	free(fm);
	return 0;
}

static const struct kind_def *kind(const char *name)
{
	return model_kind(name);
}

static void rows_follow_the_model(void **state)
{
	(void)state;
	form_init(fm, kind("case"), kind("case")->fields, NULL, 0);
	form_add_marking(fm);
	assert_int_equal(form_find(fm, "title"), 1);
	assert_int_equal(form_find(fm, "route"), -1);          /* rows are edited elsewhere */
	assert_true(form_find(fm, "share_with") > 0);
	assert_true(fm->f[form_find(fm, "summary")].longtext);  /* long text goes to $EDITOR */
	assert_false(fm->f[form_find(fm, "title")].longtext);
	static const char *const skip[] = { "type", NULL };
	form_init(fm, kind("entity"), kind("entity")->fields, skip, 0);
	assert_int_equal(form_find(fm, "type"), -1);
}

static void container_reason_while_typing(void **state)
{
	(void)state;
	form_init(fm, kind("entity"), kind("entity")->fields, NULL, 0);
	int c = form_find(fm, "container");
	form_type(fm, c, "CSQU305438");
	assert_string_not_equal(fm->f[c].why, "");
	form_type(fm, c, "4");
	assert_non_null(strstr(fm->f[c].why, "check digit is 4, expected 3"));
	form_type(fm, c, NULL);
	form_type(fm, c, "3");
	assert_string_equal(fm->f[c].why, "");
}

static void identifiers_are_normalised(void **state)
{
	char err[256];
	(void)state;
	form_init(fm, kind("case"), kind("case")->fields, NULL, 0);
	int p = form_find(fm, "port");
	assert_int_equal(form_set(fm, p, "pe cll"), 0);
	cJSON *v = form_value(fm, p, err, sizeof err);
	assert_string_equal(v->valuestring, "PECLL");
	cJSON_Delete(v);
	assert_int_equal(form_set(fm, p, "P3"), -1);
	assert_string_not_equal(fm->f[p].why, "");
}

static void enums_cycle_through_their_choices(void **state)
{
	(void)state;
	form_init(fm, kind("case"), kind("case")->fields, NULL, 0);
	int t = form_find(fm, "type"), s = form_find(fm, "substitution");
	form_set(fm, t, "investigation");
	form_cycle(fm, t, -1);
	form_cycle(fm, t, -1);
	assert_string_equal(fm->f[t].text, "controlled_delivery");
	form_cycle(fm, t, -1);  /* a required enum wraps without an empty choice */
	assert_string_equal(fm->f[t].text, "intelligence");
	form_cycle(fm, s, 1);   /* an optional one starts from "" */
	assert_string_equal(fm->f[s].text, "none");
	form_cycle(fm, s, -1);
	assert_string_equal(fm->f[s].text, "");
	form_type(fm, t, "x");  /* enums are not typed into */
	assert_string_equal(fm->f[t].text, "intelligence");
}

static void required_and_utf8_typing(void **state)
{
	char err[256];
	(void)state;
	form_init(fm, kind("threat"), kind("threat")->fields, NULL, 0);
	int t = form_find(fm, "title");
	form_type(fm, t, "Lanchas ");
	form_type(fm, t, "rápidas");
	form_type(fm, t, NULL);
	assert_string_equal(fm->f[t].text, "Lanchas rápida");
	form_set(fm, t, "  ");
	assert_string_equal(fm->f[t].why, "required");
	assert_null(form_record(fm, err, sizeof err));
	assert_non_null(strstr(err, "title"));
	assert_int_equal(fm->cur, t);  /* the cursor goes to the refused row */
}

static void lists_and_known_agencies(void **state)
{
	char err[256];
	(void)state;
	form_init(fm, kind("threat"), kind("threat")->fields, NULL, 0);
	form_add_marking(fm);
	int w = form_find(fm, "share_with"), p = form_find(fm, "ports");
	assert_int_equal(form_set(fm, p, "PECLL, ec gye"), 0);
	cJSON *v = form_value(fm, p, err, sizeof err);
	assert_int_equal(cJSON_GetArraySize(v), 2);
	assert_string_equal(cJSON_GetArrayItem(v, 1)->valuestring, "ECGYE");
	cJSON_Delete(v);
	assert_int_equal(form_set(fm, w, "SENAE, bad code!"), -1);
}

static int only_senae(const char *code, void *arg)
{
	(void)arg;
	return !strcmp(code, "SENAE");
}

static void unknown_agencies_are_refused(void **state)
{
	(void)state;
	form_init(fm, kind("threat"), kind("threat")->fields, NULL, 0);
	form_add_marking(fm);
	fm->agency_known = only_senae;
	int w = form_find(fm, "share_with");
	assert_int_equal(form_set(fm, w, "SENAE"), 0);
	assert_int_equal(form_set(fm, w, "SENAE,NOSUCH"), -1);
	assert_string_equal(fm->f[w].why, "unknown agency NOSUCH");
}

static void markings_follow_the_rules(void **state)
{
	(void)state;
	form_init(fm, kind("threat"), kind("threat")->fields, NULL, 0);
	form_add_marking(fm);
	form_set(fm, form_find(fm, "tlp"), "RED");
	form_set(fm, form_find(fm, "share"), "community");
	assert_int_equal(form_check_marking(fm, "DIRANDRO"), -1);
	assert_string_not_equal(fm->msg, "");
	form_set(fm, form_find(fm, "share"), "listed");
	form_set(fm, form_find(fm, "share_with"), "SENAE");
	assert_int_equal(form_check_marking(fm, "DIRANDRO"), 0);
	assert_string_equal(fm->msg, "");
	form_set(fm, form_find(fm, "tlp"), "AMBER+STRICT");
	assert_int_equal(form_check_marking(fm, "DIRANDRO"), -1);
}

static void an_edit_saves_only_changes(void **state)
{
	char err[256];
	(void)state;
	cJSON *rec = cJSON_Parse("{\"ref\":\"CD-1\",\"title\":\"Old\",\"type\":\"seizure\",\"status\":\"open\","
				 "\"summary\":\"text\",\"tlp\":\"GREEN\",\"share\":\"community\",\"share_with\":[]}");
	form_init(fm, kind("case"), kind("case")->fields, NULL, 1);
	form_add_marking(fm);
	form_load(fm, rec);
	cJSON_Delete(rec);
	assert_true(fm->f[form_find(fm, "ref")].readonly);  /* fixed fields are locked in an edit */
	assert_false(form_changed(fm));
	cJSON *changes = form_record(fm, err, sizeof err);
	assert_null(changes->child);
	cJSON_Delete(changes);
	form_set(fm, form_find(fm, "title"), "New");
	form_set(fm, form_find(fm, "summary"), "");
	changes = form_record(fm, err, sizeof err);
	assert_string_equal(cJSON_GetObjectItem(changes, "title")->valuestring, "New");
	assert_true(cJSON_IsNull(cJSON_GetObjectItem(changes, "summary")));  /* cleared: null */
	assert_null(cJSON_GetObjectItem(changes, "type"));
	cJSON_Delete(changes);
}

static void rows_outside_a_kind_use_their_definition(void **state)
{
	static const char *const skip[] = { "n", "note", NULL };
	char err[256];
	(void)state;
	const struct field_def *leg = model_field(kind("case")->fields, "route")->rows;
	form_init(fm, NULL, leg, skip, 0);
	assert_int_equal(form_find(fm, "n"), -1);
	assert_int_equal(form_set(fm, form_find(fm, "place"), "es vlc"), 0);
	assert_int_equal(form_set(fm, form_find(fm, "planned"), "2030-02-30T08:00:00Z"), -1);
	assert_int_equal(form_set(fm, form_find(fm, "planned"), "2030-01-20T08:00:00Z"), 0);
	cJSON *o = form_record(fm, err, sizeof err);
	assert_non_null(o);
	assert_string_equal(cJSON_GetObjectItem(o, "place")->valuestring, "ESVLC");
	assert_null(cJSON_GetObjectItem(o, "actual"));  /* empty rows stay out of a new record */
	cJSON_Delete(o);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(rows_follow_the_model, setup, teardown),
		cmocka_unit_test_setup_teardown(container_reason_while_typing, setup, teardown),
		cmocka_unit_test_setup_teardown(identifiers_are_normalised, setup, teardown),
		cmocka_unit_test_setup_teardown(enums_cycle_through_their_choices, setup, teardown),
		cmocka_unit_test_setup_teardown(required_and_utf8_typing, setup, teardown),
		cmocka_unit_test_setup_teardown(lists_and_known_agencies, setup, teardown),
		cmocka_unit_test_setup_teardown(unknown_agencies_are_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(markings_follow_the_rules, setup, teardown),
		cmocka_unit_test_setup_teardown(an_edit_saves_only_changes, setup, teardown),
		cmocka_unit_test_setup_teardown(rows_outside_a_kind_use_their_definition, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

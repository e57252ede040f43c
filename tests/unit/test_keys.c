/* test_keys.c - unit tests for console/keys.c: key names, the default bindings, overrides,
 * and that the documentation lists every action of the action table. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <curses.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "console/keys.h"
#include "storage/util.h"

static int setup(void **state)
{
	(void)state;
	setlocale(LC_ALL, "C.UTF-8");
	keys_defaults();
	return 0;
}

static void parse_names(void **state)
{
	keycode k;
	(void)state;
	assert_int_equal(keys_parse("j", &k), 0);
	assert_int_equal(k, 'j');
	assert_int_equal(keys_parse("enter", &k), 0);
	assert_int_equal(k, KEYC_ENTER);
	assert_int_equal(keys_parse("ESC", &k), 0);
	assert_int_equal(k, KEYC_ESC);
	assert_int_equal(keys_parse("PgDn", &k), 0);
	assert_int_equal(k, KEYC_FN + KEY_NPAGE);
	assert_int_equal(keys_parse("C-l", &k), 0);
	assert_int_equal(k, 12);
	assert_int_equal(keys_parse("F12", &k), 0);
	assert_int_equal(k, KEYC_FN + KEY_F(12));
	assert_int_equal(keys_parse("ñ", &k), 0);
	assert_int_equal(k, 0xf1);
	assert_int_equal(keys_parse("Space", &k), 0);
	assert_int_equal(k, ' ');
}

static void parse_refuses_bad_names(void **state)
{
	keycode k;
	(void)state;
	assert_int_equal(keys_parse("", &k), -1);
	assert_int_equal(keys_parse("jj", &k), -1);
	assert_int_equal(keys_parse("F13", &k), -1);
	assert_int_equal(keys_parse("F0", &k), -1);
	assert_int_equal(keys_parse("C-1", &k), -1);
	assert_int_equal(keys_parse("C-", &k), -1);
	assert_int_equal(keys_parse(" ", &k), -1);
	assert_int_equal(keys_parse("\x1b", &k), -1);
	assert_int_equal(keys_parse(NULL, &k), -1);
}

static void names_round_trip(void **state)
{
	static const char *const names[] = { "j", "?", "Enter", "Esc", "Up", "PgUp", "C-b", "F1", "ñ", "Space" };
	(void)state;
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
		keycode k;
		char buf[32];
		assert_int_equal(keys_parse(names[i], &k), 0);
		assert_string_equal(keys_name(k, buf, sizeof buf), names[i]);
	}
}

static void input_normalised(void **state)
{
	(void)state;
	assert_int_equal(keys_from_input('\r', 0), KEYC_ENTER);
	assert_int_equal(keys_from_input(KEY_ENTER, 1), KEYC_ENTER);
	assert_int_equal(keys_from_input(127, 0), KEYC_FN + KEY_BACKSPACE);
	assert_int_equal(keys_from_input(KEY_UP, 1), KEYC_FN + KEY_UP);
	assert_int_equal(keys_from_input('x', 0), 'x');
}

static void default_bindings(void **state)
{
	(void)state;
	assert_int_equal(keys_action('j'), ACT_DOWN);
	assert_int_equal(keys_action(KEYC_FN + KEY_DOWN), ACT_DOWN);
	assert_int_equal(keys_action('k'), ACT_UP);
	assert_int_equal(keys_action('g'), ACT_FIRST);
	assert_int_equal(keys_action('G'), ACT_LAST);
	assert_int_equal(keys_action(KEYC_ENTER), ACT_OPEN);
	assert_int_equal(keys_action('q'), ACT_BACK);
	assert_int_equal(keys_action(KEYC_ESC), ACT_CLOSE);
	assert_int_equal(keys_action('/'), ACT_SEARCH);
	assert_int_equal(keys_action('r'), ACT_REGEX);
	assert_int_equal(keys_action(':'), ACT_COMMAND);
	assert_int_equal(keys_action('?'), ACT_HELP);
	assert_int_equal(keys_action('1'), ACT_DASHBOARD);
	assert_int_equal(keys_action('8'), ACT_SYNC);
	assert_int_equal(keys_action('z'), ACT_NONE);
}

static void every_action_has_a_key_and_help(void **state)
{
	(void)state;
	for (int a = 1; a < ACT_COUNT; a++) {
		char keys[128];
		assert_non_null(action_name((enum action)a));
		assert_non_null(action_help((enum action)a));
		assert_int_equal(action_by_name(action_name((enum action)a)), a);
		keys_for_action((enum action)a, keys, sizeof keys);
		assert_true(keys[0] != '\0');
	}
	assert_null(action_name(ACT_NONE));
	assert_null(action_name(ACT_COUNT));
	assert_int_equal(action_by_name("no-such-action"), ACT_NONE);
}

static void bind_overrides_and_unbinds(void **state)
{
	char err[PO_ERRLEN], keys[128];
	(void)state;
	assert_int_equal(keys_bind("x", "quit", err, sizeof err), 0);
	assert_int_equal(keys_action('x'), ACT_QUIT);
	assert_int_equal(keys_bind("j", "up", err, sizeof err), 0);
	assert_int_equal(keys_action('j'), ACT_UP);
	assert_string_equal(keys_for_action(ACT_DOWN, keys, sizeof keys), "Down");
	assert_int_equal(keys_bind("Q", "none", err, sizeof err), 0);
	assert_int_equal(keys_action('Q'), ACT_NONE);
	assert_string_equal(keys_for_action(ACT_QUIT, keys, sizeof keys), "x");
	keys_defaults();
	assert_int_equal(keys_action('j'), ACT_DOWN);
	assert_int_equal(keys_action('x'), ACT_NONE);
}

static void bind_refuses_bad_input(void **state)
{
	char err[PO_ERRLEN];
	(void)state;
	assert_int_equal(keys_bind("Hyper-x", "quit", err, sizeof err), -1);
	assert_non_null(strstr(err, "Hyper-x"));
	assert_int_equal(keys_bind("x", "explode", err, sizeof err), -1);
	assert_non_null(strstr(err, "explode"));
	assert_int_equal(keys_action('x'), ACT_NONE);
}

/* Non-zero when the file at path contains s. */
static int file_mentions(const char *path, const char *s)
{
	size_t len;
	char *text = po_read_file(path, 1 << 20, &len, NULL, 0);
	int found = text && strstr(text, s) != NULL;
	free(text);
	return found;
}

/* The docs are made from the same list: a test fails when they drift apart. docs/CONSOLE.md has
 * a row "| `name` | keys | help |" for each action; portops.conf(5) names each action and gives
 * its help. */
static void docs_list_every_action(void **state)
{
	(void)state;
	for (int a = 1; a < ACT_COUNT; a++) {
		char want[64];
		const char *help = action_help((enum action)a);
		snprintf(want, sizeof want, "| `%s` |", action_name((enum action)a));
		if (!file_mentions("docs/CONSOLE.md", want) || !file_mentions("docs/CONSOLE.md", help))
			fail_msg("docs/CONSOLE.md does not document the action %s (%s)", want, help);
		snprintf(want, sizeof want, ".B %s\n", action_name((enum action)a));
		if (!file_mentions("man/portops.conf.5", want) || !file_mentions("man/portops.conf.5", help))
			fail_msg("portops.conf(5) does not document the action %s (%s)", action_name((enum action)a), help);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(parse_names, setup),
		cmocka_unit_test_setup(parse_refuses_bad_names, setup),
		cmocka_unit_test_setup(names_round_trip, setup),
		cmocka_unit_test_setup(input_normalised, setup),
		cmocka_unit_test_setup(default_bindings, setup),
		cmocka_unit_test_setup(every_action_has_a_key_and_help, setup),
		cmocka_unit_test_setup(bind_overrides_and_unbinds, setup),
		cmocka_unit_test_setup(bind_refuses_bad_input, setup),
		cmocka_unit_test_setup(docs_list_every_action, setup),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

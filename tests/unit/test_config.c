/* test_config.c - unit tests for console/config.c: settings, bindings, errors with line
 * numbers, and where the file is looked for. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "console/config.h"
#include "console/keys.h"
#include "storage/util.h"

static int setup(void **state)
{
	(void)state;
	setlocale(LC_ALL, "C.UTF-8");
	keys_defaults();
	return 0;
}

static void defaults(void **state)
{
	struct config c;
	(void)state;
	config_defaults(&c);
	assert_string_equal(c.language, "");
	assert_int_equal(c.color, 1);
	assert_int_equal(c.sync_interval, CONFIG_SYNC_DEFAULT);
}

static void settings_parsed(void **state)
{
	struct config c;
	char err[PO_ERRLEN];
	(void)state;
	config_defaults(&c);
	assert_int_equal(config_line(&c, "language=es", err, sizeof err), 0);
	assert_string_equal(c.language, "es");
	assert_int_equal(config_line(&c, "  color = off  ", err, sizeof err), 0);
	assert_int_equal(c.color, 0);
	assert_int_equal(config_line(&c, "color=yes", err, sizeof err), 0);
	assert_int_equal(c.color, 1);
	assert_int_equal(config_line(&c, "sync_interval=60", err, sizeof err), 0);
	assert_int_equal(c.sync_interval, 60);
	assert_int_equal(config_line(&c, "# a comment", err, sizeof err), 0);
	assert_int_equal(config_line(&c, "   ", err, sizeof err), 0);
}

static void bad_settings_refused_and_leave_config_unchanged(void **state)
{
	struct config c;
	char err[PO_ERRLEN];
	(void)state;
	config_defaults(&c);
	assert_int_equal(config_line(&c, "language=fr", err, sizeof err), -1);
	assert_non_null(strstr(err, "fr"));
	assert_string_equal(c.language, "");
	assert_int_equal(config_line(&c, "color=purple", err, sizeof err), -1);
	assert_int_equal(c.color, 1);
	assert_int_equal(config_line(&c, "sync_interval=-5", err, sizeof err), -1);
	assert_int_equal(config_line(&c, "sync_interval=12x", err, sizeof err), -1);
	assert_int_equal(config_line(&c, "sync_interval=999999", err, sizeof err), -1);
	assert_int_equal(c.sync_interval, CONFIG_SYNC_DEFAULT);
	assert_int_equal(config_line(&c, "colour=on", err, sizeof err), -1);
	assert_non_null(strstr(err, "colour"));
	assert_int_equal(config_line(&c, "just words", err, sizeof err), -1);
}

static void bind_lines(void **state)
{
	struct config c;
	char err[PO_ERRLEN];
	(void)state;
	config_defaults(&c);
	assert_int_equal(config_line(&c, "bind x quit", err, sizeof err), 0);
	assert_int_equal(keys_action('x'), ACT_QUIT);
	assert_int_equal(config_line(&c, "bind\tC-n\tdown", err, sizeof err), 0);
	assert_int_equal(keys_action(14), ACT_DOWN);
	assert_int_equal(config_line(&c, "bind j none", err, sizeof err), 0);
	assert_int_equal(keys_action('j'), ACT_NONE);
	assert_int_equal(config_line(&c, "bind x", err, sizeof err), -1);
	assert_int_equal(config_line(&c, "bind x quit now", err, sizeof err), -1);
	assert_int_equal(config_line(&c, "bind x fly", err, sizeof err), -1);
	assert_non_null(strstr(err, "fly"));
}

static void file_loaded_with_line_numbers(void **state)
{
	struct config c;
	char err[PO_ERRLEN] = "", path[] = "/tmp/portops-test-conf-XXXXXX";
	(void)state;
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	const char text[] = "# settings\nlanguage=es\n\nbind z help\ncolor=maybe\nbind y jump\nsync_interval=10\n";
	assert_int_equal(write(fd, text, sizeof text - 1), (ssize_t)(sizeof text - 1));
	close(fd);
	config_defaults(&c);
	assert_int_equal(config_load(&c, path, err, sizeof err), 2);
	assert_non_null(strstr(err, ":5: "));
	assert_string_equal(c.language, "es");
	assert_int_equal(c.sync_interval, 10);
	assert_int_equal(keys_action('z'), ACT_HELP);
	unlink(path);
	assert_int_equal(config_load(&c, path, err, sizeof err), 0); /* missing: defaults stand */
}

static void path_from_environment(void **state)
{
	char buf[512];
	(void)state;
	setenv("PORTOPS_CONF", "/etc/x.conf", 1);
	assert_string_equal(config_path(buf, sizeof buf), "/etc/x.conf");
	unsetenv("PORTOPS_CONF");
	setenv("XDG_CONFIG_HOME", "/xdg", 1);
	assert_string_equal(config_path(buf, sizeof buf), "/xdg/portops/portops.conf");
	unsetenv("XDG_CONFIG_HOME");
	setenv("HOME", "/home/op", 1);
	assert_string_equal(config_path(buf, sizeof buf), "/home/op/.config/portops/portops.conf");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(defaults, setup),
		cmocka_unit_test_setup(settings_parsed, setup),
		cmocka_unit_test_setup(bad_settings_refused_and_leave_config_unchanged, setup),
		cmocka_unit_test_setup(bind_lines, setup),
		cmocka_unit_test_setup(file_loaded_with_line_numbers, setup),
		cmocka_unit_test_setup(path_from_environment, setup),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

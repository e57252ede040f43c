/* test_sanitize.c - unit tests for console/sanitize.c: nothing that could drive a terminal
 * survives, everything else passes unchanged. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "console/sanitize.h"

/* Sanitises s into a fixed buffer and returns it. */
static const char *san(const char *s, unsigned flags)
{
	static char buf[512];
	sanitize(s, strlen(s), buf, sizeof buf, flags);
	return buf;
}

static void plain_text_unchanged(void **state)
{
	(void)state;
	assert_string_equal(san("Callao PECLL 2026", 0), "Callao PECLL 2026");
	assert_string_equal(san("contaminación — gancho ciego", 0), "contaminación — gancho ciego");
	assert_string_equal(san("日本 ✓", 0), "日本 ✓");
}

static void escape_sequences_made_visible(void **state)
{
	(void)state;
	assert_string_equal(san("a\x1b]2;pwned\x07z", 0), "a^[]2;pwned^Gz");
	assert_string_equal(san("\x1b[2J", 0), "^[[2J");
	assert_string_equal(san("del\x7f", 0), "del^?");
	assert_string_equal(san("nul\x01", 0), "nul^A");
}

static void newlines_and_tabs(void **state)
{
	(void)state;
	assert_string_equal(san("a\nb", 0), "a^Jb");
	assert_string_equal(san("a\nb", SAN_NEWLINES), "a\nb");
	assert_string_equal(san("a\tb", 0), "a b");
	assert_string_equal(san("a\rb", SAN_NEWLINES), "a^Mb");
}

static void c1_and_bidi_controls(void **state)
{
	(void)state;
	assert_string_equal(san("x\xc2\x9b" "31m", 0), "x<U+009B>31m");       /* CSI */
	assert_string_equal(san("a\xe2\x80\xae" "b", 0), "a<U+202E>b");          /* RLO */
	assert_string_equal(san("a\xe2\x81\xa6" "b", 0), "a<U+2066>b");          /* LRI */
	assert_string_equal(san("a\xe2\x80\xa8" "b", 0), "a<U+2028>b");          /* LS */
}

static void invalid_utf8_as_hex(void **state)
{
	(void)state;
	assert_string_equal(san("a\xff" "b", 0), "a\\xFFb");
	assert_string_equal(san("\xc0\xaf", 0), "\\xC0\\xAF");                 /* overlong */
	assert_string_equal(san("\xed\xa0\x80", 0), "\\xED\\xA0\\x80");        /* surrogate */
	assert_string_equal(san("ab\xc3", 0), "ab\\xC3");                      /* truncated */
}

static void result_has_no_control_bytes(void **state)
{
	(void)state;
	char in[256], out[2048];
	for (int i = 0; i < 255; i++)
		in[i] = (char)(i + 1);
	in[255] = '\0';
	sanitize(in, 255, out, sizeof out, 0);
	for (const unsigned char *p = (const unsigned char *)out; *p; p++)
		assert_true(*p >= 0x20 && *p != 0x7f);
}

static void small_buffer_cut_at_unit_and_length_reported(void **state)
{
	(void)state;
	char out[5];
	size_t need = sanitize("ab\x1b[c", 5, out, sizeof out, 0);
	assert_int_equal(need, 6);
	assert_string_equal(out, "ab^[");
	need = sanitize("abc\x1b", 4, out, sizeof out, 0);
	assert_int_equal(need, 5);
	assert_string_equal(out, "abc");      /* "^[" does not fit whole */
	assert_int_equal(sanitize("ñ", 2, NULL, 0, 0), 2);
}

static void dup_allocates(void **state)
{
	(void)state;
	char *s = sanitize_dup("t\x1b]0;x\x07", 0);
	assert_non_null(s);
	assert_string_equal(s, "t^[]0;x^G");
	free(s);
	assert_null(sanitize_dup(NULL, 0));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(plain_text_unchanged),
		cmocka_unit_test(escape_sequences_made_visible),
		cmocka_unit_test(newlines_and_tabs),
		cmocka_unit_test(c1_and_bidi_controls),
		cmocka_unit_test(invalid_utf8_as_hex),
		cmocka_unit_test(result_has_no_control_bytes),
		cmocka_unit_test(small_buffer_cut_at_unit_and_length_reported),
		cmocka_unit_test(dup_allocates),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

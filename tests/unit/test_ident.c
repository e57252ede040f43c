/* test_ident.c - unit tests for storage/ident.c (identifier validators).
 *
 * Expected check digits below come from the worked examples in identifiers.md or were worked
 * out by hand with the rules stated there (ISO 6346: letter values skip multiples of 11,
 * weights 2^i, mod 11, 10 written as 0; IMO: weights 7..2, last digit of the sum). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "storage/ident.h"
#include "storage/model.h"

/* ---- ISO 6346 --------------------------------------------------------------------------- */

static void container_worked_example(void **state)
{
	char out[32], why[128];
	int exp = -2;

	(void)state;
	assert_int_equal(ident_container("CSQU3054383", out, sizeof out, &exp, why, sizeof why), 0);
	assert_string_equal(out, "CSQU3054383");
	assert_int_equal(exp, 3);
	assert_int_equal(ident_container_digit("CSQU305438"), 3);
}

static void container_wrong_digit_reports_expected(void **state)
{
	char out[32] = "junk", why[128] = "";
	int exp = -2;

	(void)state;
	assert_int_equal(ident_container("CSQU3054384", out, sizeof out, &exp, why, sizeof why), -1);
	assert_int_equal(exp, 3);
	assert_string_equal(why, "check digit is 4, expected 3");
	assert_string_equal(out, "");
}

static void container_spaces_hyphen_and_case(void **state)
{
	char out[32], why[128];

	(void)state;
	assert_int_equal(ident_container("CSQU 305438 3", out, sizeof out, NULL, why, sizeof why), 0);
	assert_string_equal(out, "CSQU3054383");
	assert_int_equal(ident_container("CSQU 305438-3", out, sizeof out, NULL, why, sizeof why), 0);
	assert_string_equal(out, "CSQU3054383");
	assert_int_equal(ident_container("csqU3054383", out, sizeof out, NULL, why, sizeof why), 0);
	assert_string_equal(out, "CSQU3054383");
	/* Separators only between groups, one at a time. */
	assert_int_equal(ident_container("CS QU3054383", out, sizeof out, NULL, NULL, 0), -1);
	assert_int_equal(ident_container("CSQU  3054383", out, sizeof out, NULL, NULL, 0), -1);
	assert_int_equal(ident_container(" CSQU3054383", out, sizeof out, NULL, NULL, 0), -1);
}

static void container_categories(void **state)
{
	char out[32], why[128] = "";
	int exp = -2;

	(void)state;
	assert_int_equal(ident_container("CSQJ3054386", out, sizeof out, NULL, why, sizeof why), 0);
	assert_int_equal(ident_container("CSQZ3054387", out, sizeof out, NULL, why, sizeof why), 0);
	assert_int_equal(ident_container("CSQX3054383", out, sizeof out, &exp, why, sizeof why), -1);
	assert_int_equal(exp, -1);
	assert_non_null(strstr(why, "U, J or Z"));
}

static void container_letter_values_and_remainder_ten(void **state)
{
	char out[32];

	(void)state;
	/* K=21, L=23, V=34 and Z=38 all sit after a skipped multiple of 11. */
	assert_int_equal(ident_container_digit("KLVU000000"), 8);
	assert_int_equal(ident_container_digit("ZZZU999999"), 2);
	/* Remainder 10 is written as 0. */
	assert_int_equal(ident_container_digit("CSQU000007"), 0);
	assert_int_equal(ident_container("CSQU0000070", out, sizeof out, NULL, NULL, 0), 0);
	assert_int_equal(ident_container_digit("CSQU30543"), -1);
	assert_int_equal(ident_container_digit("CSQ1305438"), -1);
}

static void container_bad_shapes(void **state)
{
	char out[32], why[128] = "";
	int exp = -2;

	(void)state;
	assert_int_equal(ident_container("CSQU305438", out, sizeof out, &exp, why, sizeof why), -1);
	assert_int_equal(exp, -1);
	assert_non_null(strstr(why, "11 characters"));
	assert_int_equal(ident_container("CSQU30543833", out, sizeof out, NULL, NULL, 0), -1);
	assert_int_equal(ident_container("CSQU30A4383", out, sizeof out, NULL, why, sizeof why), -1);
	assert_non_null(strstr(why, "serial number"));
	assert_int_equal(ident_container("C5QU3054383", out, sizeof out, NULL, why, sizeof why), -1);
	assert_non_null(strstr(why, "owner code"));
	assert_int_equal(ident_container("CSQU305438X", out, sizeof out, NULL, NULL, 0), -1);
}

/* ---- IMO -------------------------------------------------------------------------------- */

static void imo_prefix_forms(void **state)
{
	char out[32], why[128];
	int exp = -2;

	(void)state;
	assert_int_equal(ident_imo("IMO 9074729", out, sizeof out, &exp, why, sizeof why), 0);
	assert_string_equal(out, "IMO9074729");
	assert_int_equal(exp, 9);
	assert_int_equal(ident_imo("imo9074729", out, sizeof out, NULL, why, sizeof why), 0);
	assert_string_equal(out, "IMO9074729");
	assert_int_equal(ident_imo("9074729", out, sizeof out, NULL, why, sizeof why), 0);
	assert_string_equal(out, "IMO9074729");
}

static void imo_wrong_digit_and_shape(void **state)
{
	char out[32], why[128] = "";
	int exp = -2;

	(void)state;
	assert_int_equal(ident_imo("IMO 9074728", out, sizeof out, &exp, why, sizeof why), -1);
	assert_int_equal(exp, 9);
	assert_string_equal(why, "check digit is 8, expected 9");
	assert_int_equal(ident_imo("IMO 907472", out, sizeof out, &exp, NULL, 0), -1);
	assert_int_equal(exp, -1);
	assert_int_equal(ident_imo("IMO 90747290", out, sizeof out, NULL, NULL, 0), -1);
	assert_int_equal(ident_imo("IMO 90A4729", out, sizeof out, NULL, NULL, 0), -1);
	assert_int_equal(ident_imo("IMO  9074729", out, sizeof out, NULL, NULL, 0), -1);
}

/* ---- MMSI ------------------------------------------------------------------------------- */

static void mmsi_ship_mids(void **state)
{
	static const struct {
		const char *in;
		int mid;
	} ships[] = {
		{ "760123456", 760 }, /* Peru */
		{ "735000001", 735 }, /* Ecuador */
		{ "730999999", 730 }, /* Colombia */
		{ "327123456", 327 }, /* Dominican Republic */
		{ "351234567", 351 }, /* Panama */
	};
	char out[16], why[128], st;
	int mid;

	(void)state;
	for (size_t i = 0; i < sizeof ships / sizeof ships[0]; i++) {
		mid = -1;
		st = '?';
		assert_int_equal(ident_mmsi(ships[i].in, out, sizeof out, &mid, &st, why, sizeof why), 0);
		assert_int_equal(mid, ships[i].mid);
		assert_int_equal(st, 's');
		assert_string_equal(out, ships[i].in);
	}
}

static void mmsi_group_coast_other(void **state)
{
	char out[16], why[128], st = '?';
	int mid = -1;

	(void)state;
	assert_int_equal(ident_mmsi("076012345", out, sizeof out, &mid, &st, why, sizeof why), 0);
	assert_int_equal(mid, 760);
	assert_int_equal(st, 'g');
	assert_int_equal(ident_mmsi("007351234", out, sizeof out, &mid, &st, why, sizeof why), 0);
	assert_int_equal(mid, 735);
	assert_int_equal(st, 'c');
	assert_int_equal(ident_mmsi("970123456", out, sizeof out, &mid, &st, why, sizeof why), 0);
	assert_int_equal(mid, 0);
	assert_int_equal(st, 'o');
	assert_int_equal(ident_mmsi("111760123", out, sizeof out, &mid, &st, why, sizeof why), 0);
	assert_int_equal(st, 'o');
}

static void mmsi_spaces_and_bad_lengths(void **state)
{
	char out[16], why[128] = "";

	(void)state;
	assert_int_equal(ident_mmsi("760 123 456", out, sizeof out, NULL, NULL, why, sizeof why), 0);
	assert_string_equal(out, "760123456");
	assert_int_equal(ident_mmsi("76012345", out, sizeof out, NULL, NULL, why, sizeof why), -1);
	assert_non_null(strstr(why, "9 digits"));
	assert_int_equal(ident_mmsi("7601234567", out, sizeof out, NULL, NULL, NULL, 0), -1);
	assert_int_equal(ident_mmsi("76012345A", out, sizeof out, NULL, NULL, NULL, 0), -1);
}

/* ---- UN/LOCODE, country, agency --------------------------------------------------------- */

static void locode_forms(void **state)
{
	char out[16], why[128];

	(void)state;
	assert_int_equal(ident_locode("PECLL", out, sizeof out, why, sizeof why), 0);
	assert_string_equal(out, "PECLL");
	assert_int_equal(ident_locode("PE CLL", out, sizeof out, why, sizeof why), 0);
	assert_string_equal(out, "PECLL");
	assert_int_equal(ident_locode("pe cll", out, sizeof out, why, sizeof why), 0);
	assert_string_equal(out, "PECLL");
	assert_int_equal(ident_locode("PE  CLL", out, sizeof out, NULL, 0), -1);
	assert_int_equal(ident_locode("PEC LL", out, sizeof out, NULL, 0), -1);
}

static void locode_zero_one_rule_and_shape(void **state)
{
	char out[16], why[128] = "";

	(void)state;
	assert_int_equal(ident_locode("PEC0L", out, sizeof out, why, sizeof why), -1);
	assert_string_equal(why, "UN/LOCODE must be 2 letters and 3 letters or digits 2-9");
	assert_int_equal(ident_locode("PEC1L", out, sizeof out, NULL, 0), -1);
	assert_int_equal(ident_locode("USNY2", out, sizeof out, NULL, 0), 0);
	assert_int_equal(ident_locode("P3CLL", out, sizeof out, NULL, 0), -1);
	assert_int_equal(ident_locode("PECL", out, sizeof out, NULL, 0), -1);
	assert_int_equal(ident_locode("PECLLX", out, sizeof out, NULL, 0), -1);
}

static void locode_look_alikes_distinct(void **state)
{
	char a[16], b[16];

	(void)state;
	assert_int_equal(ident_locode("COPBO", a, sizeof a, NULL, 0), 0);
	assert_int_equal(ident_locode("ECPBO", b, sizeof b, NULL, 0), 0);
	assert_string_equal(a, "COPBO");
	assert_string_equal(b, "ECPBO");
	assert_string_not_equal(a, b);
}

static void country_codes(void **state)
{
	char out[8], why[128] = "";

	(void)state;
	assert_int_equal(ident_country("pe", out, sizeof out, why, sizeof why), 0);
	assert_string_equal(out, "PE");
	assert_int_equal(ident_country("P", out, sizeof out, why, sizeof why), -1);
	assert_non_null(strstr(why, "2 letters"));
	assert_int_equal(ident_country("PER", out, sizeof out, NULL, 0), -1);
	assert_int_equal(ident_country("P1", out, sizeof out, NULL, 0), -1);
}

static void agency_codes(void **state)
{
	char out[32], why[128] = "";

	(void)state;
	assert_int_equal(ident_agency("dicapi", out, sizeof out, why, sizeof why), 0);
	assert_string_equal(out, "DICAPI");
	assert_int_equal(ident_agency("PE-SUNAT2", out, sizeof out, why, sizeof why), 0);
	assert_string_equal(out, "PE-SUNAT2");
	assert_int_equal(ident_agency("ABCDEFGHIJKLMNOP", out, sizeof out, NULL, 0), 0);
	assert_int_equal(ident_agency("ABCDEFGHIJKLMNOPQ", out, sizeof out, NULL, 0), -1);
	assert_int_equal(ident_agency("A", out, sizeof out, NULL, 0), -1);
	assert_int_equal(ident_agency("2DEA", out, sizeof out, why, sizeof why), -1);
	assert_non_null(strstr(why, "start with a letter"));
	assert_int_equal(ident_agency("DEA_PE", out, sizeof out, NULL, 0), -1);
}

/* ---- UUID, times, dates ----------------------------------------------------------------- */

static void uuids(void **state)
{
	char out[40];

	(void)state;
	assert_int_equal(ident_uuid("123E4567-E89B-12D3-A456-426614174000", out, sizeof out,
				    NULL, 0), 0);
	assert_string_equal(out, "123e4567-e89b-12d3-a456-426614174000");
	assert_int_equal(ident_uuid("123e4567e89b12d3a456426614174000", out, sizeof out, NULL, 0),
			 -1);
	assert_int_equal(ident_uuid("123e4567-e89b-12d3-a456-42661417400g", out, sizeof out,
				    NULL, 0), -1);
	assert_int_equal(ident_uuid("123e4567-e89b-12d3-a456-4266141740000", out, sizeof out,
				    NULL, 0), -1);
}

static void times_and_dates(void **state)
{
	char out[32], why[128] = "";

	(void)state;
	assert_int_equal(ident_time("2024-02-29T23:59:59Z", out, sizeof out, why, sizeof why), 0);
	assert_string_equal(out, "2024-02-29T23:59:59Z");
	assert_int_equal(ident_time("2026-02-29T12:00:00Z", out, sizeof out, why, sizeof why), -1);
	assert_non_null(strstr(why, "does not exist"));
	assert_int_equal(ident_time("2026-03-01T24:00:00Z", out, sizeof out, NULL, 0), -1);
	assert_int_equal(ident_time("2026-03-01T12:60:00Z", out, sizeof out, NULL, 0), -1);
	assert_int_equal(ident_time("2026-03-01 12:00:00Z", out, sizeof out, NULL, 0), -1);
	assert_int_equal(ident_time("2026-03-01T12:00:00", out, sizeof out, NULL, 0), -1);
	assert_int_equal(ident_time("2026-04-31T12:00:00Z", out, sizeof out, NULL, 0), -1);
	assert_int_equal(ident_time("2000-02-29T00:00:00Z", out, sizeof out, NULL, 0), 0);
	assert_int_equal(ident_time("1900-02-29T00:00:00Z", out, sizeof out, NULL, 0), -1);
	assert_int_equal(ident_date("2024-02-29", out, sizeof out, NULL, 0), 0);
	assert_string_equal(out, "2024-02-29");
	assert_int_equal(ident_date("2026-02-29", out, sizeof out, NULL, 0), -1);
	assert_int_equal(ident_date("2026-13-01", out, sizeof out, NULL, 0), -1);
	assert_int_equal(ident_date("2026-1-01", out, sizeof out, NULL, 0), -1);
}

/* ---- dispatch, guessing, robustness ----------------------------------------------------- */

static void check_dispatch(void **state)
{
	char out[40], why[128] = "";

	(void)state;
	assert_int_equal(ident_check(CK_NONE, " free text ", out, sizeof out, why, sizeof why), 0);
	assert_string_equal(out, " free text ");
	assert_int_equal(ident_check(CK_CONTAINER, "CSQU 305438 3", out, sizeof out, NULL, 0), 0);
	assert_string_equal(out, "CSQU3054383");
	assert_int_equal(ident_check(CK_CONTAINER, "CSQU3054384", out, sizeof out, why,
				     sizeof why), -1);
	assert_string_equal(why, "check digit is 4, expected 3");
	assert_int_equal(ident_check(CK_IMO, "9074729", out, sizeof out, NULL, 0), 0);
	assert_string_equal(out, "IMO9074729");
	assert_int_equal(ident_check(CK_MMSI, "760123456", out, sizeof out, NULL, 0), 0);
	assert_int_equal(ident_check(CK_LOCODE, "PE CLL", out, sizeof out, NULL, 0), 0);
	assert_string_equal(out, "PECLL");
	assert_int_equal(ident_check(CK_AGENCY, "dicapi", out, sizeof out, NULL, 0), 0);
	assert_int_equal(ident_check(CK_COUNTRY, "PEC", out, sizeof out, NULL, 0), -1);
	assert_int_equal(ident_check(CK_UUID, "123e4567-e89b-12d3-a456-426614174000", out,
				     sizeof out, NULL, 0), 0);
	assert_int_equal(ident_check(999, "x", out, sizeof out, NULL, 0), -1);
}

static void check_place(void **state)
{
	char out[16], why[128] = "";

	(void)state;
	assert_int_equal(ident_check(CK_PLACE, "ec", out, sizeof out, why, sizeof why), 0);
	assert_string_equal(out, "EC");
	assert_int_equal(ident_check(CK_PLACE, "EC PBO", out, sizeof out, why, sizeof why), 0);
	assert_string_equal(out, "ECPBO");
	assert_int_equal(ident_check(CK_PLACE, "ECP", out, sizeof out, why, sizeof why), -1);
	assert_int_equal(ident_check(CK_PLACE, "E1", out, sizeof out, why, sizeof why), -1);
}

static void guess_shapes(void **state)
{
	(void)state;
	assert_int_equal(ident_guess("CSQU 305438 3"), ID_CONTAINER);
	assert_int_equal(ident_guess("CSQU3054384"), ID_CONTAINER); /* shape only */
	assert_int_equal(ident_guess("IMO 9074729"), ID_IMO);
	assert_int_equal(ident_guess("9074729"), ID_IMO);
	assert_int_equal(ident_guess("760123456"), ID_MMSI);
	assert_int_equal(ident_guess("PE CLL"), ID_LOCODE);
	assert_int_equal(ident_guess("PEC0L"), ID_UNKNOWN);
	assert_int_equal(ident_guess("hello"), ID_LOCODE); /* any 5-letter word has the shape */
	assert_int_equal(ident_guess("12345"), ID_UNKNOWN);
	assert_int_equal(ident_guess(""), ID_UNKNOWN);
	assert_int_equal(ident_guess(NULL), ID_UNKNOWN);
}

static void robustness(void **state)
{
	char out[8] = "junk", tiny[4], five[5], why[128] = "";
	char big[200];
	int exp = -2;

	(void)state;
	/* NULL input, NULL why, zero-length out. */
	assert_int_equal(ident_container(NULL, out, sizeof out, &exp, NULL, 0), -1);
	assert_int_equal(exp, -1);
	assert_string_equal(out, "");
	assert_int_equal(ident_locode("PECLL", NULL, 0, NULL, 0), 0);
	/* Control characters and non-ASCII bytes. */
	assert_int_equal(ident_locode("PE\tCLL", out, sizeof out, why, sizeof why), -1);
	assert_non_null(strstr(why, "control"));
	assert_int_equal(ident_country("P\xc3\x89", out, sizeof out, NULL, 0), -1);
	assert_int_equal(ident_check(CK_NONE, NULL, out, sizeof out, NULL, 0), -1);
	/* Overlong input. */
	memset(big, '7', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	assert_int_equal(ident_mmsi(big, out, sizeof out, NULL, NULL, why, sizeof why), -1);
	assert_non_null(strstr(why, "too long"));
	/* Output truncated to outlen but still NUL-terminated; the value stays valid. */
	memset(tiny, 'X', sizeof tiny);
	assert_int_equal(ident_container("CSQU3054383", tiny, sizeof tiny, NULL, NULL, 0), 0);
	assert_string_equal(tiny, "CSQ");
	/* Exactly one byte short: the last character gives way to the NUL. */
	assert_int_equal(ident_locode("PE CLL", five, sizeof five, NULL, 0), 0);
	assert_string_equal(five, "PECL");
	/* A short why buffer is truncated, not overrun. */
	assert_int_equal(ident_container("CSQU3054384", out, sizeof out, NULL, tiny, sizeof tiny),
			 -1);
	assert_string_equal(tiny, "che");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(container_worked_example),
		cmocka_unit_test(container_wrong_digit_reports_expected),
		cmocka_unit_test(container_spaces_hyphen_and_case),
		cmocka_unit_test(container_categories),
		cmocka_unit_test(container_letter_values_and_remainder_ten),
		cmocka_unit_test(container_bad_shapes),
		cmocka_unit_test(imo_prefix_forms),
		cmocka_unit_test(imo_wrong_digit_and_shape),
		cmocka_unit_test(mmsi_ship_mids),
		cmocka_unit_test(mmsi_group_coast_other),
		cmocka_unit_test(mmsi_spaces_and_bad_lengths),
		cmocka_unit_test(locode_forms),
		cmocka_unit_test(locode_zero_one_rule_and_shape),
		cmocka_unit_test(locode_look_alikes_distinct),
		cmocka_unit_test(country_codes),
		cmocka_unit_test(agency_codes),
		cmocka_unit_test(uuids),
		cmocka_unit_test(times_and_dates),
		cmocka_unit_test(check_dispatch),
		cmocka_unit_test(check_place),
		cmocka_unit_test(guess_shapes),
		cmocka_unit_test(robustness),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

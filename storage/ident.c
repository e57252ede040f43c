/* ident.c - identifier validators described in ident.h.
 *
 * Common rules for every validator:
 *  - in may be NULL (rejected as "no value"); out may be NULL when outlen is 0; why may be NULL.
 *  - Input is plain ASCII: control characters (below 0x20, 0x7f) and bytes above 0x7f are
 *    rejected, and so is anything longer than IDENT_MAXIN bytes.
 *  - Letters are classified by explicit ASCII ranges, never by <ctype.h>, so the locale does
 *    not matter. Lower-case letters are folded to upper case (or to lower case for UUIDs).
 *  - On success out receives the normalised form (truncated to outlen, always NUL-terminated
 *    when outlen > 0); on failure out receives the empty string. */
#include "storage/ident.h"
#include "storage/model.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/* Longest input any validator looks at; longer text is rejected outright. */
#define IDENT_MAXIN 64

#if defined(__GNUC__)
#define IDENT_PRINTF(f, a) __attribute__((format(printf, f, a)))
#else
#define IDENT_PRINTF(f, a)
#endif

/* ---- small helpers ---------------------------------------------------------------------- */

static int is_upper(char c) { return c >= 'A' && c <= 'Z'; }
static int is_lower(char c) { return c >= 'a' && c <= 'z'; }
static int is_alpha(char c) { return is_upper(c) || is_lower(c); }
static int is_digit(char c) { return c >= '0' && c <= '9'; }

/* Upper-cases an ASCII letter; other characters are returned unchanged. */
static char to_upper(char c) { return is_lower(c) ? (char)(c - 'a' + 'A') : c; }
/* Lower-cases an ASCII letter; other characters are returned unchanged. */
static char to_lower(char c) { return is_upper(c) ? (char)(c - 'A' + 'a') : c; }

/* Non-zero for 0-9, a-f, A-F. */
static int is_hex(char c)
{
	return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

/* Formats a reason into why (when why is non-NULL and whylen > 0). */
IDENT_PRINTF(3, 4)
static void say(char *why, size_t whylen, const char *fmt, ...)
{
	va_list ap;

	if (why == NULL || whylen == 0)
		return;
	va_start(ap, fmt);
	vsnprintf(why, whylen, fmt, ap);
	va_end(ap);
}

/* Copies s into out, truncated to outlen - 1 bytes and NUL-terminated; no-op when outlen is 0. */
static void put(char *out, size_t outlen, const char *s)
{
	size_t n;

	if (out == NULL || outlen == 0)
		return;
	n = strlen(s);
	if (n >= outlen)
		n = outlen - 1;
	memcpy(out, s, n);
	out[n] = '\0';
}

/* Rejects: writes the empty string into out and returns -1 (the reason is already in why). */
static int fail(char *out, size_t outlen)
{
	put(out, outlen, "");
	return -1;
}

/* Checks the shared input rules. Returns the length of in (1..IDENT_MAXIN), or -1 with a
 * reason in why when in is NULL, empty, too long, or has a control or non-ASCII byte. */
static int scan(const char *in, char *why, size_t whylen)
{
	size_t n;

	if (in == NULL) {
		say(why, whylen, "no value given");
		return -1;
	}
	for (n = 0; in[n] != '\0'; n++) {
		unsigned char c = (unsigned char)in[n];

		if (n >= IDENT_MAXIN) {
			say(why, whylen, "value is too long (more than %d characters)", IDENT_MAXIN);
			return -1;
		}
		if (c < 0x20 || c == 0x7f) {
			say(why, whylen, "value contains a control character");
			return -1;
		}
		if (c > 0x7f) {
			say(why, whylen, "value contains a non-ASCII character");
			return -1;
		}
	}
	if (n == 0) {
		say(why, whylen, "value is empty");
		return -1;
	}
	return (int)n;
}

/* Returns the value of the n decimal digits at s, or -1 when any of them is not a digit. */
static int digits(const char *s, int n)
{
	int v = 0;

	for (int i = 0; i < n; i++) {
		if (!is_digit(s[i]))
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

/* ---- ISO 6346 container numbers --------------------------------------------------------- */

/* ISO 6346 value of an upper-case letter: A=10 counting up, skipping multiples of 11. */
static int letter_value(char c)
{
	int v = 10;

	for (char l = 'A'; l < c; l++) {
		v++;
		if (v % 11 == 0)
			v++;
	}
	return v;
}

int ident_container_digit(const char *s)
{
	int sum = 0;

	if (s == NULL)
		return -1;
	/* Owner code and category: four letters (either case). */
	for (int i = 0; i < 4; i++) {
		if (!is_alpha(s[i]))
			return -1;
		sum += letter_value(to_upper(s[i])) << i;
	}
	/* Serial number: six digits. */
	for (int i = 4; i < 10; i++) {
		if (!is_digit(s[i]))
			return -1;
		sum += (s[i] - '0') << i;
	}
	return sum % 11 % 10;
}

/* Copies the significant characters of a container number into buf (upper-cased), dropping one
 * space or hyphen allowed after the category letter and one before the check digit. Returns the
 * number of characters kept, or -1 when a separator or another character is out of place. */
static int container_compact(const char *in, char *buf)
{
	int n = 0;
	int sep = 0; /* the previous character was a separator */

	for (const char *p = in; *p != '\0'; p++) {
		if (*p == ' ' || *p == '-') {
			if (sep || (n != 4 && n != 10))
				return -1;
			sep = 1;
			continue;
		}
		if (!is_alpha(*p) && !is_digit(*p))
			return -1;
		sep = 0;
		buf[n++] = to_upper(*p);
	}
	if (sep) /* a trailing separator */
		return -1;
	buf[n] = '\0';
	return n;
}

int ident_container(const char *in, char *out, size_t outlen, int *expected, char *why,
		    size_t whylen)
{
	char buf[IDENT_MAXIN + 1];
	int n, digit;

	if (expected != NULL)
		*expected = -1;
	if (scan(in, why, whylen) < 0)
		return fail(out, outlen);
	n = container_compact(in, buf);
	if (n < 0) {
		say(why, whylen, "container number may only have letters and digits, with a space "
				 "or hyphen after the category letter or before the check digit");
		return fail(out, outlen);
	}
	if (n != 11) {
		say(why, whylen, "container number must be 11 characters, not %d", n);
		return fail(out, outlen);
	}
	for (int i = 0; i < 3; i++) {
		if (!is_upper(buf[i])) {
			say(why, whylen, "owner code must be 3 letters");
			return fail(out, outlen);
		}
	}
	if (buf[3] != 'U' && buf[3] != 'J' && buf[3] != 'Z') {
		say(why, whylen, "category must be U, J or Z, not %c", buf[3]);
		return fail(out, outlen);
	}
	if (digits(buf + 4, 6) < 0) {
		say(why, whylen, "serial number must be 6 digits");
		return fail(out, outlen);
	}
	if (!is_digit(buf[10])) {
		say(why, whylen, "check digit must be a digit");
		return fail(out, outlen);
	}
	digit = ident_container_digit(buf);
	if (expected != NULL)
		*expected = digit;
	if (buf[10] - '0' != digit) {
		say(why, whylen, "check digit is %c, expected %d", buf[10], digit);
		return fail(out, outlen);
	}
	put(out, outlen, buf);
	return 0;
}

/* ---- IMO ship numbers ------------------------------------------------------------------- */

int ident_imo(const char *in, char *out, size_t outlen, int *expected, char *why, size_t whylen)
{
	const char *p = in;
	char buf[11];
	int sum = 0, digit;

	if (expected != NULL)
		*expected = -1;
	if (scan(in, why, whylen) < 0)
		return fail(out, outlen);
	/* Optional "IMO" prefix in any case, optionally followed by one space. */
	if (to_upper(p[0]) == 'I' && to_upper(p[1]) == 'M' && to_upper(p[2]) == 'O') {
		p += 3;
		if (*p == ' ')
			p++;
	}
	if (strlen(p) != 7 || digits(p, 7) < 0) {
		say(why, whylen, "IMO number must be 7 digits, optionally after IMO");
		return fail(out, outlen);
	}
	for (int i = 0; i < 6; i++)
		sum += (p[i] - '0') * (7 - i);
	digit = sum % 10;
	if (expected != NULL)
		*expected = digit;
	if (p[6] - '0' != digit) {
		say(why, whylen, "check digit is %c, expected %d", p[6], digit);
		return fail(out, outlen);
	}
	snprintf(buf, sizeof buf, "IMO%s", p);
	put(out, outlen, buf);
	return 0;
}

/* ---- MMSI ------------------------------------------------------------------------------- */

/* Non-zero when c can start a MID (Maritime Identification Digits start with 2-7). */
static int mid_lead(char c) { return c >= '2' && c <= '7'; }

/* On failure *mid is 0 and *station is '\0'. Any nine digits are accepted; numbers whose
 * leading digits are not a ship, group or coast pattern (e.g. 1, 8 or 9 first) are other
 * station kinds: *station 'o' and *mid 0. */
int ident_mmsi(const char *in, char *out, size_t outlen, int *mid, char *station, char *why,
	       size_t whylen)
{
	char buf[IDENT_MAXIN + 1];
	int n = 0, m = 0;
	char kind = 'o';

	if (mid != NULL)
		*mid = 0;
	if (station != NULL)
		*station = '\0';
	if (scan(in, why, whylen) < 0)
		return fail(out, outlen);
	for (const char *p = in; *p != '\0'; p++) {
		if (*p == ' ')
			continue;
		if (!is_digit(*p)) {
			say(why, whylen, "MMSI must be 9 digits");
			return fail(out, outlen);
		}
		buf[n++] = *p;
	}
	buf[n] = '\0';
	if (n != 9) {
		say(why, whylen, "MMSI must be 9 digits, not %d", n);
		return fail(out, outlen);
	}
	if (mid_lead(buf[0])) {
		kind = 's';
		m = digits(buf, 3);
	} else if (buf[0] == '0' && mid_lead(buf[1])) {
		kind = 'g';
		m = digits(buf + 1, 3);
	} else if (buf[0] == '0' && buf[1] == '0' && mid_lead(buf[2])) {
		kind = 'c';
		m = digits(buf + 2, 3);
	}
	if (mid != NULL)
		*mid = m;
	if (station != NULL)
		*station = kind;
	put(out, outlen, buf);
	return 0;
}

/* ---- UN/LOCODE, country and agency codes ------------------------------------------------ */

/* Non-zero when c (already upper-cased) may appear in the location part of a UN/LOCODE. */
static int locode_char(char c) { return is_upper(c) || (c >= '2' && c <= '9'); }

int ident_locode(const char *in, char *out, size_t outlen, char *why, size_t whylen)
{
	char buf[6];
	int n = 0;

	if (scan(in, why, whylen) < 0)
		return fail(out, outlen);
	for (const char *p = in; *p != '\0'; p++) {
		/* One space is allowed between the country and the location ("PE CLL"). */
		if (*p == ' ' && n == 2 && p[-1] != ' ')
			continue;
		if (n == 5 || (n < 2 && !is_alpha(*p)) || (n >= 2 && !locode_char(to_upper(*p)))) {
			n = -1;
			break;
		}
		buf[n++] = to_upper(*p);
	}
	if (n != 5) {
		say(why, whylen, "UN/LOCODE must be 2 letters and 3 letters or digits 2-9");
		return fail(out, outlen);
	}
	buf[5] = '\0';
	put(out, outlen, buf);
	return 0;
}

int ident_country(const char *in, char *out, size_t outlen, char *why, size_t whylen)
{
	char buf[3];

	if (scan(in, why, whylen) < 0)
		return fail(out, outlen);
	if (strlen(in) != 2 || !is_alpha(in[0]) || !is_alpha(in[1])) {
		say(why, whylen, "country code must be 2 letters");
		return fail(out, outlen);
	}
	buf[0] = to_upper(in[0]);
	buf[1] = to_upper(in[1]);
	buf[2] = '\0';
	put(out, outlen, buf);
	return 0;
}

int ident_agency(const char *in, char *out, size_t outlen, char *why, size_t whylen)
{
	char buf[17];
	int n;

	if (scan(in, why, whylen) < 0)
		return fail(out, outlen);
	n = (int)strlen(in);
	if (n < 2 || n > 16) {
		say(why, whylen, "agency code must be 2 to 16 characters");
		return fail(out, outlen);
	}
	if (!is_alpha(in[0])) {
		say(why, whylen, "agency code must start with a letter");
		return fail(out, outlen);
	}
	for (int i = 0; i < n; i++) {
		if (!is_alpha(in[i]) && !is_digit(in[i]) && in[i] != '-') {
			say(why, whylen, "agency code may only have letters, digits and hyphens");
			return fail(out, outlen);
		}
		buf[i] = to_upper(in[i]);
	}
	buf[n] = '\0';
	put(out, outlen, buf);
	return 0;
}

/* ---- UUID ------------------------------------------------------------------------------- */

int ident_uuid(const char *in, char *out, size_t outlen, char *why, size_t whylen)
{
	char buf[37];

	if (scan(in, why, whylen) < 0)
		return fail(out, outlen);
	if (strlen(in) != 36)
		goto bad;
	for (int i = 0; i < 36; i++) {
		int dash = (i == 8 || i == 13 || i == 18 || i == 23);

		if (dash ? in[i] != '-' : !is_hex(in[i]))
			goto bad;
		buf[i] = to_lower(in[i]);
	}
	buf[36] = '\0';
	put(out, outlen, buf);
	return 0;
bad:
	say(why, whylen, "UUID must be 8-4-4-4-12 hexadecimal digits");
	return fail(out, outlen);
}

/* ---- dates and times -------------------------------------------------------------------- */

/* Days in month m (1-12) of year y, proleptic Gregorian calendar. */
static int month_days(int y, int m)
{
	static const int days[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;

	return (m == 2 && leap) ? 29 : days[m - 1];
}

/* Checks "YYYY-MM-DD" at s (only the first 10 characters are read; s must have at least that
 * many). Returns 0, or -1 with a reason in why. */
static int check_date(const char *s, char *why, size_t whylen)
{
	int y = digits(s, 4), m = digits(s + 5, 2), d = digits(s + 8, 2);

	if (y < 0 || s[4] != '-' || m < 0 || s[7] != '-' || d < 0) {
		say(why, whylen, "date must be YYYY-MM-DD");
		return -1;
	}
	if (y == 0) {
		say(why, whylen, "year must be 0001 to 9999");
		return -1;
	}
	if (m < 1 || m > 12) {
		say(why, whylen, "month must be 01 to 12");
		return -1;
	}
	if (d < 1 || d > month_days(y, m)) {
		say(why, whylen, "day %02d does not exist in %04d-%02d", d, y, m);
		return -1;
	}
	return 0;
}

int ident_date(const char *in, char *out, size_t outlen, char *why, size_t whylen)
{
	if (scan(in, why, whylen) < 0)
		return fail(out, outlen);
	if (strlen(in) != 10) {
		say(why, whylen, "date must be YYYY-MM-DD");
		return fail(out, outlen);
	}
	if (check_date(in, why, whylen) < 0)
		return fail(out, outlen);
	put(out, outlen, in);
	return 0;
}

int ident_time(const char *in, char *out, size_t outlen, char *why, size_t whylen)
{
	int h, mi, se;

	if (scan(in, why, whylen) < 0)
		return fail(out, outlen);
	if (strlen(in) != 20 || in[10] != 'T' || in[13] != ':' || in[16] != ':' || in[19] != 'Z') {
		say(why, whylen, "time must be YYYY-MM-DDTHH:MM:SSZ");
		return fail(out, outlen);
	}
	if (check_date(in, why, whylen) < 0)
		return fail(out, outlen);
	h = digits(in + 11, 2);
	mi = digits(in + 14, 2);
	se = digits(in + 17, 2);
	if (h < 0 || mi < 0 || se < 0) {
		say(why, whylen, "time must be YYYY-MM-DDTHH:MM:SSZ");
		return fail(out, outlen);
	}
	if (h > 23 || mi > 59 || se > 59) {
		say(why, whylen, "time of day must be 00:00:00 to 23:59:59");
		return fail(out, outlen);
	}
	put(out, outlen, in);
	return 0;
}

/* ---- dispatch and guessing -------------------------------------------------------------- */

int ident_check(int check, const char *in, char *out, size_t outlen, char *why, size_t whylen)
{
	switch (check) {
	case CK_NONE:
		if (in == NULL) {
			say(why, whylen, "no value given");
			return fail(out, outlen);
		}
		put(out, outlen, in);
		return 0;
	case CK_LOCODE:
		return ident_locode(in, out, outlen, why, whylen);
	case CK_CONTAINER:
		return ident_container(in, out, outlen, NULL, why, whylen);
	case CK_IMO:
		return ident_imo(in, out, outlen, NULL, why, whylen);
	case CK_MMSI:
		return ident_mmsi(in, out, outlen, NULL, NULL, why, whylen);
	case CK_AGENCY:
		return ident_agency(in, out, outlen, why, whylen);
	case CK_COUNTRY:
		return ident_country(in, out, outlen, why, whylen);
	case CK_UUID:
		return ident_uuid(in, out, outlen, why, whylen);
	case CK_PLACE:
		/* Up to two characters can only be a country; anything longer is taken as a
		 * UN/LOCODE, so the reason given is the one that fits what was typed. */
		if (in != NULL && strlen(in) <= 2)
			return ident_country(in, out, outlen, why, whylen);
		return ident_locode(in, out, outlen, why, whylen);
	default:
		say(why, whylen, "unknown identifier check %d", check);
		return fail(out, outlen);
	}
}

/* Non-zero when the n characters at s are all digits. */
static int all_digits(const char *s, int n) { return digits(s, n) >= 0; }

enum ident_kind ident_guess(const char *in)
{
	char buf[IDENT_MAXIN + 1];
	int n = 0;

	if (scan(in, NULL, 0) < 0)
		return ID_UNKNOWN;
	/* Shape only: drop spaces and hyphens (display separators), fold case. */
	for (const char *p = in; *p != '\0'; p++) {
		if (*p != ' ' && *p != '-')
			buf[n++] = to_upper(*p);
	}
	buf[n] = '\0';
	if (n == 11 && is_upper(buf[0]) && is_upper(buf[1]) && is_upper(buf[2]) &&
	    is_upper(buf[3]) && all_digits(buf + 4, 7))
		return ID_CONTAINER;
	if ((n == 10 && strncmp(buf, "IMO", 3) == 0 && all_digits(buf + 3, 7)) ||
	    (n == 7 && all_digits(buf, 7)))
		return ID_IMO;
	if (n == 9 && all_digits(buf, 9))
		return ID_MMSI;
	if (n == 5 && is_upper(buf[0]) && is_upper(buf[1]) && locode_char(buf[2]) &&
	    locode_char(buf[3]) && locode_char(buf[4]))
		return ID_LOCODE;
	return ID_UNKNOWN;
}

/* sanitize.c - see sanitize.h. */
#include "sanitize.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The output being built: bytes are counted even when they no longer fit. */
struct out {
	char *p;        /* destination, may be NULL when cap is 0 */
	size_t cap;     /* its size */
	size_t len;     /* bytes the whole result needs so far */
	size_t written; /* bytes actually written into p */
	int full;       /* a unit did not fit: write nothing more */
};

/* Appends one unit (a character or its escape) whole, or not at all. */
static void put(struct out *o, const char *s, size_t n)
{
	if (!o->full && o->cap && o->len + n < o->cap) {
		memcpy(o->p + o->len, s, n);
		o->written = o->len + n;
	} else {
		o->full = 1;
	}
	o->len += n;
}

/* Decodes one well-formed UTF-8 sequence at s (n bytes left). Returns its length and the code
 * point in *cp, or 0 when the bytes are not well-formed. */
static size_t utf8_decode(const unsigned char *s, size_t n, unsigned long *cp)
{
	static const unsigned long min[] = { 0, 0, 0x80, 0x800, 0x10000 };
	size_t len = s[0] < 0x80 ? 1 : (s[0] & 0xe0) == 0xc0 ? 2 : (s[0] & 0xf0) == 0xe0 ? 3
		   : (s[0] & 0xf8) == 0xf0 ? 4 : 0;
	if (len == 0 || len > n)
		return 0;
	unsigned long c = len == 1 ? s[0] : s[0] & (0x7f >> len);
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		c = (c << 6) | (s[i] & 0x3f);
	}
	if (c < min[len] || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
		return 0;
	*cp = c;
	return len;
}

/* Non-zero for the code points shown as <U+XXXX>. */
static int shown_as_code(unsigned long c)
{
	return (c >= 0x80 && c <= 0x9f) || c == 0x61c || c == 0x200e || c == 0x200f ||
	       (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069) ||
	       c == 0x2028 || c == 0x2029;
}

/* Appends the visible form of the ASCII control c. */
static void put_control(struct out *o, unsigned char c, unsigned flags)
{
	char esc[3] = { '^', (char)(c == 0x7f ? '?' : c + '@'), '\0' };
	if (c == '\t')
		put(o, " ", 1);
	else if (c == '\n' && (flags & SAN_NEWLINES))
		put(o, "\n", 1);
	else
		put(o, esc, 2);
}

size_t sanitize(const char *in, size_t n, char *out, size_t outlen, unsigned flags)
{
	struct out o = { out, outlen, 0, 0, 0 };
	const unsigned char *s = (const unsigned char *)in;
	size_t i = 0;
	while (i < n) {
		unsigned long c;
		size_t len = utf8_decode(s + i, n - i, &c);
		char esc[16];
		if (len == 0) {
			snprintf(esc, sizeof esc, "\\x%02X", s[i]);
			put(&o, esc, 4);
			len = 1;
		} else if (c < 0x20 || c == 0x7f) {
			put_control(&o, (unsigned char)c, flags);
		} else if (shown_as_code(c)) {
			int k = snprintf(esc, sizeof esc, "<U+%04lX>", c);
			put(&o, esc, (size_t)k);
		} else {
			put(&o, in + i, len);
		}
		i += len;
	}
	if (outlen)
		out[o.written] = '\0';
	return o.len;
}

char *sanitize_dup(const char *s, unsigned flags)
{
	if (!s)
		return NULL;
	size_t n = strlen(s);
	size_t need = sanitize(s, n, NULL, 0, flags);
	char *out = malloc(need + 1);
	if (out)
		sanitize(s, n, out, need + 1, flags);
	return out;
}

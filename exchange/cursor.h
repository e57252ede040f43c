/* cursor.h - the opaque position in the change feed that /v1/changes hands out.
 *
 * A cursor is "c1" followed by base64url (no padding) of the feed seq (8 bytes, big-endian) and
 * a 12-byte tag: keyed BLAKE2b over the exchange's epoch and the seq. A cursor made by another
 * exchange, or by this one before its feed was reset, fails the tag check. */
#ifndef PORTOPS_CURSOR_H
#define PORTOPS_CURSOR_H

#include <stddef.h>

#define CURSOR_KEYLEN 32 /* bytes of the exchange's key */
#define CURSOR_MAX 40    /* bytes of a cursor's text with its NUL */

enum cursor_status {
	CURSOR_OK = 0,         /* *seq holds the position */
	CURSOR_MALFORMED = -1, /* not a cursor at all */
	CURSOR_FOREIGN = -2,   /* well-formed, but not made by this exchange and epoch */
};

/* Writes the cursor for seq into out. */
void cursor_encode(const unsigned char key[CURSOR_KEYLEN], const char *epoch, long seq, char out[CURSOR_MAX]);
/* Decodes text ("" and NULL mean the start of the feed: seq 0). */
enum cursor_status cursor_decode(const unsigned char key[CURSOR_KEYLEN], const char *epoch, const char *text,
				 long *seq);

#endif

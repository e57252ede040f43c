/* sanitize.h - text from the store or the network, made safe to draw on a terminal.
 *
 * Nothing that reaches the screen may be interpreted by the terminal: every control character
 * and escape sequence is turned into visible, printable text. The result is UTF-8 without any
 * C0/C1 control (except '\n' when SAN_NEWLINES is given). */
#ifndef PORTOPS_SANITIZE_H
#define PORTOPS_SANITIZE_H

#include <stddef.h>

enum {
	SAN_NEWLINES = 1 << 0, /* keep '\n' as is (multi-line text); otherwise it is shown as ^J */
};

/* Writes into out (size outlen; always NUL-terminated when outlen > 0, cut at a character
 * boundary) the text of in[0..n) with:
 *   - C0 controls and DEL as caret notation: ESC as "^[", BEL as "^G", DEL as "^?";
 *   - tab as one space;
 *   - C1 controls (U+0080-U+009F), bidirectional controls (U+061C, U+200E-U+200F,
 *     U+202A-U+202E, U+2066-U+2069) and line/paragraph separators as "<U+XXXX>";
 *   - bytes that are not well-formed UTF-8 (overlong, surrogate, truncated) as "\xNN".
 * Returns the number of bytes the whole result needs, without the NUL (as snprintf does). */
size_t sanitize(const char *in, size_t n, char *out, size_t outlen, unsigned flags);

/* Returns a newly allocated sanitised copy of the NUL-terminated s (NULL for NULL s or when
 * out of memory); the caller frees it. */
char *sanitize_dup(const char *s, unsigned flags);

#endif

/* util.h - small helpers shared by every module: error messages, time, random ids. */
#ifndef PORTOPS_UTIL_H
#define PORTOPS_UTIL_H

#include <stddef.h>

#define PO_ERRLEN 512 /* size of the err buffers passed through the program */

/* Writes a formatted message into err (may be NULL) and returns -1. */
int po_err(char *err, size_t errlen, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* Writes the current UTC time as "YYYY-MM-DDTHH:MM:SSZ" into out (at least 21 bytes).
 * PORTOPS_NOW, when set to such a time, fixes the clock (tests and exercises). */
void po_now(char out[21]);
/* Writes a new random lower-case UUID v4 into out (37 bytes). Needs po_init(). */
void po_uuid(char out[37]);
/* Initialises libsodium; returns 0, or -1 when the random source is unusable. */
int po_init(void);
/* Reads a whole file (or standard input for "-") into a NUL-terminated buffer of at most max
 * bytes. Returns the buffer (caller frees) and its length in *len, or NULL with err. */
char *po_read_file(const char *path, size_t max, size_t *len, char *err, size_t errlen);
/* Writes the folder of the running program into out (e.g. "/usr/local/bin"); returns 0, or -1
 * when it cannot be told. */
int po_exe_dir(char *out, size_t outlen);
/* Copies src into dst of size n, always NUL-terminating; returns dst. */
char *po_strlcpy(char *dst, const char *src, size_t n);

#endif

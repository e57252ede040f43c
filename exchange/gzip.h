/* gzip.h - compression of replies for clients that accept gzip (zlib). */
#ifndef PORTOPS_GZIP_H
#define PORTOPS_GZIP_H

#include <stddef.h>

/* Compresses n bytes of data into a new gzip member (level 1: replies are compressed for the
 * network, not for storage). Returns the buffer (caller frees) and its length in *out_len, or
 * NULL when compression failed or would not make it smaller. */
char *gzip_compress(const char *data, size_t n, size_t *out_len);

#endif

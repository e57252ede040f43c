/* token.h - device tokens: "ID.SECRET", the ID public, the SECRET kept by the exchange only as a
 * keyed BLAKE2b hash (the key lives in the exchange's store) and compared in constant time. */
#ifndef PORTOPS_TOKEN_H
#define PORTOPS_TOKEN_H

#include <stddef.h>

#include "xstore.h"

#define TOKEN_KEYLEN 32  /* bytes of the hashing key */
#define TOKEN_MAX 128    /* bytes of a token's text with its NUL */

/* Loads the exchange's key from its settings ("key", hex), making and saving one when absent. */
int token_key(struct xstore *xs, unsigned char key[TOKEN_KEYLEN], char *err, size_t errlen);
/* Makes and stores a token for a device of agency; writes "ID.SECRET" into out (shown once). */
int token_create(struct xstore *xs, const unsigned char key[TOKEN_KEYLEN], const char *agency,
		 const char *device, char out[TOKEN_MAX], char *err, size_t errlen);
/* Checks token text; 0 with *t when it is known, matches and is not revoked, -1 otherwise. */
int token_verify(struct xstore *xs, const unsigned char key[TOKEN_KEYLEN], const char *text, struct xs_token *t);

#endif

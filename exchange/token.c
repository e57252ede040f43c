/* token.c - see token.h. */
#include "token.h"

#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include "storage/util.h"

enum { ID_BYTES = 8, SECRET_BYTES = 32, HASH_BYTES = 32 };

static void hash_secret(const unsigned char key[TOKEN_KEYLEN], const char *secret, char out[65])
{
	unsigned char h[HASH_BYTES];
	crypto_generichash(h, sizeof h, (const unsigned char *)secret, strlen(secret), key, TOKEN_KEYLEN);
	sodium_bin2hex(out, 65, h, sizeof h);
}

int token_key(struct xstore *xs, unsigned char key[TOKEN_KEYLEN], char *err, size_t errlen)
{
	char hex[2 * TOKEN_KEYLEN + 1];
	size_t n = 0;
	if (xs_setting(xs, "key", hex, sizeof hex) == 0 &&
	    sodium_hex2bin(key, TOKEN_KEYLEN, hex, strlen(hex), NULL, &n, NULL) == 0 && n == TOKEN_KEYLEN)
		return 0;
	randombytes_buf(key, TOKEN_KEYLEN);
	sodium_bin2hex(hex, sizeof hex, key, TOKEN_KEYLEN);
	return xs_set_setting(xs, "key", hex, err, errlen);
}

int token_create(struct xstore *xs, const unsigned char key[TOKEN_KEYLEN], const char *agency,
		 const char *device, char out[TOKEN_MAX], char *err, size_t errlen)
{
	unsigned char id[ID_BYTES], secret[SECRET_BYTES];
	char secret_hex[2 * SECRET_BYTES + 1];
	struct xs_token t;
	memset(&t, 0, sizeof t);
	randombytes_buf(id, sizeof id);
	randombytes_buf(secret, sizeof secret);
	sodium_bin2hex(t.id, sizeof t.id, id, sizeof id);
	sodium_bin2hex(secret_hex, sizeof secret_hex, secret, sizeof secret);
	po_strlcpy(t.agency, agency, sizeof t.agency);
	po_strlcpy(t.device, device, sizeof t.device);
	hash_secret(key, secret_hex, t.hash);
	po_now(t.created_at);
	if (xs_token_add(xs, &t, err, errlen) != 0)
		return -1;
	snprintf(out, TOKEN_MAX, "%s.%s", t.id, secret_hex);
	sodium_memzero(secret_hex, sizeof secret_hex);
	return 0;
}

int token_verify(struct xstore *xs, const unsigned char key[TOKEN_KEYLEN], const char *text, struct xs_token *t)
{
	const char *dot = text ? strchr(text, '.') : NULL;
	char id[33], hash[65];
	if (!dot || dot == text || (size_t)(dot - text) >= sizeof id || strlen(dot + 1) != 2 * SECRET_BYTES)
		return -1;
	memcpy(id, text, (size_t)(dot - text));
	id[dot - text] = '\0';
	if (xs_token_get(xs, id, t) != 0)
		return -1;
	hash_secret(key, dot + 1, hash);
	if (sodium_memcmp(hash, t->hash, 64) != 0 || t->revoked_at[0])
		return -1;
	return 0;
}

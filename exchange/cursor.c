/* cursor.c - see cursor.h. */
#include "cursor.h"

#include <string.h>

#include <sodium.h>

enum { SEQ_BYTES = 8, TAG_BYTES = 12, RAW_BYTES = SEQ_BYTES + TAG_BYTES };

static void tag(const unsigned char key[CURSOR_KEYLEN], const char *epoch, const unsigned char seq[SEQ_BYTES],
		unsigned char out[TAG_BYTES])
{
	crypto_generichash_state h;
	crypto_generichash_init(&h, key, CURSOR_KEYLEN, TAG_BYTES);
	crypto_generichash_update(&h, (const unsigned char *)"cursor\x1f", 7);
	crypto_generichash_update(&h, (const unsigned char *)epoch, strlen(epoch));
	crypto_generichash_update(&h, seq, SEQ_BYTES);
	crypto_generichash_final(&h, out, TAG_BYTES);
}

void cursor_encode(const unsigned char key[CURSOR_KEYLEN], const char *epoch, long seq, char out[CURSOR_MAX])
{
	unsigned char raw[RAW_BYTES];
	unsigned long long v = (unsigned long long)seq;
	for (int i = SEQ_BYTES - 1; i >= 0; i--, v >>= 8)
		raw[i] = (unsigned char)(v & 0xff);
	tag(key, epoch, raw, raw + SEQ_BYTES);
	memcpy(out, "c1", 2);
	sodium_bin2base64(out + 2, CURSOR_MAX - 2, raw, sizeof raw, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
}

enum cursor_status cursor_decode(const unsigned char key[CURSOR_KEYLEN], const char *epoch, const char *text,
				 long *seq)
{
	*seq = 0;
	if (!text || !*text)
		return CURSOR_OK;
	unsigned char raw[RAW_BYTES], want[TAG_BYTES];
	size_t n = 0;
	if (strncmp(text, "c1", 2) != 0 || strlen(text) >= CURSOR_MAX ||
	    sodium_base642bin(raw, sizeof raw, text + 2, strlen(text + 2), NULL, &n, NULL,
			      sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0 || n != RAW_BYTES)
		return CURSOR_MALFORMED;
	tag(key, epoch, raw, want);
	if (sodium_memcmp(want, raw + SEQ_BYTES, TAG_BYTES) != 0)
		return CURSOR_FOREIGN;
	unsigned long long v = 0;
	for (int i = 0; i < SEQ_BYTES; i++)
		v = (v << 8) | raw[i];
	if (v > 0x7fffffffffffffffULL)
		return CURSOR_FOREIGN;
	*seq = (long)v;
	return CURSOR_OK;
}

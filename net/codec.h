/* codec.h - the wire codec: records and mutations as flat JSON objects (cJSON).
 *
 * A record is one JSON object with the envelope members (model.h, model_envelope) and its kind's
 * own fields side by side. The codec is strict: unknown kinds, unknown or mistyped members,
 * invalid UTF-8, control characters, over-long strings and invalid identifiers are refused with a
 * message that names the member. Identifiers are normalised in place (e.g. "PE CLL" -> "PECLL").
 * The command line, bundles, the sync client and the exchange all go through this file. */
#ifndef PORTOPS_CODEC_H
#define PORTOPS_CODEC_H

#include <stddef.h>
#include <cjson/cJSON.h>

#include "storage/model.h"

#define CODEC_MAX_RECORD (512u * 1024u)   /* bytes of one record's JSON text */
#define CODEC_MAX_DOCUMENT (64u << 20)    /* bytes of one bundle or push body */
#define CODEC_MAX_DEPTH 8                 /* nesting of arrays and objects */
#define CODEC_MAX_REV 999999999999999L    /* largest rev: printed exactly by cJSON */

enum codec_mode {
	CODEC_FULL,  /* a whole record: required envelope members and required fields present */
	CODEC_PATCH, /* some fields of a record: only the members present are checked */
};

/* Non-zero when s[0..n) is well-formed UTF-8 (no overlongs, no surrogates, no NUL). */
int codec_utf8_valid(const char *s, size_t n);

/* Parses n bytes of JSON text after checking UTF-8, size (max bytes) and nesting depth.
 * Returns a tree the caller frees with cJSON_Delete, or NULL with a message in err. */
cJSON *codec_parse(const char *text, size_t n, size_t max, char *err, size_t errlen);

/* Checks a record object (CODEC_FULL) or a partial one (CODEC_PATCH, which must still carry
 * "kind"), normalising values in place. Returns 0, or -1 with a message naming the member. */
int codec_check_record(cJSON *rec, enum codec_mode mode, char *err, size_t errlen);

/* Checks one member value of kind k (envelope member or field), normalising it in place.
 * Returns 0, or -1 with a message naming the member. */
int codec_check_member(const struct kind_def *k, const char *name, cJSON *val, char *err, size_t errlen);

/* Turns a command-line value into a JSON value for member name of kind k: numbers and booleans
 * for FT_INT/FT_BOOL, comma-separated lists for FT_LIST and share_with, JSON text for FT_ROWS,
 * "" or "null" for null. The value is checked with codec_check_member. Returns a new item the
 * caller owns, or NULL with a message in err. */
cJSON *codec_value_from_text(const struct kind_def *k, const char *name, const char *text, char *err, size_t errlen);

/* Checks a mutation object: mutation_id, kind, id, base_rev, op, fields {name: {base, new}},
 * author, at (and parent for children). Normalises in place. Returns 0 or -1 with err. */
int codec_check_mutation(cJSON *m, char *err, size_t errlen);

#endif

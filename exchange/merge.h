/* merge.h - applying one pushed mutation on the exchange: the ownership and releasability rules,
 * the per-field three-way merge, conflicts, tombstones, and the change-feed rows that go with it.
 *
 * The caller holds the write transaction (xs_begin); merge_apply writes the changed record, its
 * feed rows, any conflicts and the stored result in that transaction, so that an acknowledged
 * result and the change it describes are durable together. */
#ifndef PORTOPS_MERGE_H
#define PORTOPS_MERGE_H

#include <stddef.h>
#include <cjson/cJSON.h>

#include "xstore.h"

/* Who is pushing: the token's agency and device. */
struct merge_who {
	const char *agency;  /* agency code of the token */
	const char *device;  /* device name of the token */
};

/* Applies mutation m (a JSON value as it arrived) for who. Returns the result object
 * {mutation_id, id, status: "applied"|"conflict"|"rejected", code, rev?, conflicts?, error?,
 * current?, replayed?}; a mutation_id seen before returns its stored result with "replayed":true.
 * Returns NULL with err only when the store fails (the caller then rolls the batch back). */
cJSON *merge_apply(struct xstore *xs, cJSON *m, const struct merge_who *who, char *err, size_t errlen);

/* The releasability envelope {owner, share, share_with} of a root record; the caller frees it. */
cJSON *merge_envelope(const cJSON *root);

/* The root record of the record with id (itself for KC_RECORD kinds), or NULL when absent. */
cJSON *merge_root_of(struct xstore *xs, const char *id);

/* Three-way decision for one field: current value cur, the mutation's base and new value (NULL
 * stands for absent/null). Returns MERGE_APPLY when cur equals base (the new value is taken),
 * MERGE_SAME when cur already equals new, MERGE_CONFLICT otherwise (cur is kept). */
enum merge_decision { MERGE_APPLY, MERGE_SAME, MERGE_CONFLICT };
enum merge_decision merge_field(const cJSON *cur, const cJSON *base, const cJSON *new_value);

#endif

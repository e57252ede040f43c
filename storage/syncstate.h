/* syncstate.h - the sync side of the console store (tables of schema migration 2): the remote
 * settings and feed cursor, conflicts reported by the exchange, resolutions waiting to be pushed,
 * and the two ways a record from the exchange is written here (rebased or forced).
 *
 * The functions join the caller's transaction (store_begin) when there is one. Functions
 * returning int return 0 on success and -1 with err unless stated otherwise. */
#ifndef PORTOPS_SYNCSTATE_H
#define PORTOPS_SYNCSTATE_H

#include <stddef.h>
#include <cjson/cJSON.h>

#include "store.h"

/* Sync settings and state: "url", "cafile", "pin", "token", "cursor", "device", "exchange",
 * "last_attempt", "last_ok", "last_error". sync_get returns 0, or -1 when the key is absent;
 * sync_set with value NULL removes the key. */
int sync_get(struct store *st, const char *key, char *out, size_t outlen);
int sync_set(struct store *st, const char *key, const char *value, char *err, size_t errlen);

/* Applies a record received from the exchange (codec form) under the pending outbox mutations of
 * the same record: their new values are laid over it again. Returns 1 when applied, 0 when the
 * local copy was as new or newer, -1 on error. */
int sync_apply_record(struct store *st, const cJSON *rec, char *err, size_t errlen);
/* Replaces the local copy of rec whatever its rev (the exchange refused a local change and sent
 * its own copy back), rebased like sync_apply_record. Returns 0 or -1. */
int sync_force_record(struct store *st, const cJSON *rec, char *err, size_t errlen);
/* Removes the pending outbox mutations of record id (the exchange will never take them). */
int sync_drop_pending(struct store *st, const char *id, char *err, size_t errlen);

/* Undoes a local change the exchange refused, from its result ({id, current, ...}): puts back
 * the exchange's copy ("current" an object), or removes the record and its pending mutations
 * ("current" null: the record is not there for this agency); leaves it when "current" is absent. */
int sync_undo_rejected(struct store *st, const cJSON *result, char *err, size_t errlen);

/* Stores a conflict as the exchange reports it ({id, record, kind, field, base, kept, proposed,
 * device, resolved, ...}). For this device (device equals the conflict's device) "mine" is the
 * proposed value and "theirs" the kept one; for any other device the reverse. A resolved conflict
 * is marked resolved. Returns 1 when the conflict is new, 0 when known, -1 on error. */
int sync_conflict_put(struct store *st, const cJSON *c, const char *device, char *err, size_t errlen);
/* The conflict with id as {id, record, kind, field, mine, theirs, state, conflict}; NULL when
 * absent. The caller frees it. */
cJSON *sync_conflict_get(struct store *st, const char *id);
/* Calls cb for each conflict not yet resolved (state open or resolving), oldest first. Returns
 * the count or -1. */
int sync_conflict_each(struct store *st, int (*cb)(const cJSON *c, void *arg), void *arg);
int sync_conflict_set_state(struct store *st, const char *id, const char *state, char *err, size_t errlen);
/* Number of open conflicts, or -1. */
long sync_conflict_count(struct store *st);

/* Resolution mutations waiting to be pushed (after the outbox). */
int sync_resolution_add(struct store *st, const char *conflict_id, const cJSON *m, char *err, size_t errlen);
/* Calls cb for each pending resolution mutation, at most limit. Returns the count or -1. */
int sync_resolution_each(struct store *st, int limit, int (*cb)(const cJSON *m, void *arg), void *arg);
/* Removes the resolution with mutation_id; marks its conflict resolved. */
int sync_resolution_ack(struct store *st, const char *mutation_id, char *err, size_t errlen);
long sync_resolution_count(struct store *st);

/* Relay for offline devices (bundles): mutations imported from another device's bundle wait in
 * the relay table and are pushed after this store's own; their results are kept to be carried
 * back in a bundle, with the ids of the records revoked here. */
int sync_relay_each(struct store *st, int limit, int (*cb)(const cJSON *m, void *arg), void *arg);
/* Moves a relayed mutation's result out of the relay queue. Returns 1 when mutation_id was a
 * relayed one, 0 when not, -1 on error. */
int sync_relay_done(struct store *st, const cJSON *result, char *err, size_t errlen);
int sync_relay_results_each(struct store *st, int (*cb)(const cJSON *result, void *arg), void *arg);
int sync_note_revoked(struct store *st, const char *id, char *err, size_t errlen);
int sync_revoked_each(struct store *st, int (*cb)(const char *id, void *arg), void *arg);

#endif

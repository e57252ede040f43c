/* relay.h - what a bundle carries besides records and mutations, so that a device with no
 * network gets the same result from a pair of bundles as from a sync.
 *
 * The patrol laptop exports a bundle (records and its outbox mutations); the control room imports
 * it (the mutations wait in its relay queue), syncs (they are pushed after its own; their results
 * are kept), and exports a bundle for the laptop's agency: relay_export adds to it "acks" (the
 * exchange's results of relayed mutations), "revoked" (ids of records revoked here) and
 * "conflicts" (open conflicts). The laptop imports it: relay_import, inside the import's
 * transaction, removes acknowledged mutations from its outbox, undoes refused ones, purges
 * revoked records and keeps the conflicts. Both are idempotent. */
#ifndef PORTOPS_RELAY_H
#define PORTOPS_RELAY_H

#include <stddef.h>
#include <cjson/cJSON.h>

#include "storage/store.h"

struct relay_stats {
	int acked;      /* outbox mutations the exchange answered for */
	int rejected;   /* of which refused (the local change undone) */
	int revoked;    /* records removed */
	int conflicts;  /* conflicts newly known */
};

/* Adds "acks", "revoked" and "conflicts" arrays to bundle (a JSON object being exported, whose
 * "for" member is set); they are empty unless "for" is this store's agency. Returns 0 or -1. */
int relay_export(struct store *st, cJSON *bundle, char *err, size_t errlen);

/* Applies the "acks", "revoked" and "conflicts" of bundle (each may be absent) to st. Call it inside
 * the import's transaction, after the records. Returns 0 or -1 with err. */
int relay_import(struct store *st, const cJSON *bundle, struct relay_stats *rs, char *err, size_t errlen);

#endif

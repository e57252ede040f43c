/* sync.h - one synchronisation of the console store with its exchange (DESIGN, "The exchange
 * protocol"): hello (mode and agency checks), push of the outbox and queued conflict
 * resolutions, then pulls of the change feed until there is no more.
 *
 * Every pushed batch's results are stored in one transaction (outbox entries leave only when the
 * exchange answered for them); every pulled page is applied with its cursor in one transaction,
 * records rebased under pending local mutations, revoked records purged with their children. */
#ifndef PORTOPS_SYNC_H
#define PORTOPS_SYNC_H

#include <stdatomic.h>
#include <stddef.h>
#include <cjson/cJSON.h>

#include "storage/store.h"

struct sync_stats {
	int pushed;     /* mutations the exchange accepted (applied or with conflicts) */
	int rejected;   /* mutations the exchange refused (the local change was undone) */
	int pulled;     /* records received that changed the local store */
	int conflicts;  /* new conflicts reported */
	int revoked;    /* records removed because they are no longer releasable here */
	int resets;     /* times the exchange asked for a pull from the start */
	int pages;      /* change pages received */
	int relayed;    /* mutations of other devices (from bundles) pushed for them */
};

struct sync_opts {
	int batch;        /* mutations per push (0 = 200) */
	int page;         /* items per changes page (0 = 1000) */
	/* Called with every item of every page received, before it is applied (tests); may be NULL. */
	void (*on_item)(const cJSON *item, void *arg);
	void *arg;
	/* Called after every pushed batch and every applied page (each already committed) with the
	 * counts so far (the console's worker reports progress with it); may be NULL. */
	void (*on_progress)(const struct sync_stats *stats, void *arg);
	/* Non-zero there stops the sync between batches and pages, and aborts a request in flight:
	 * sync_run then returns SYNC_ECANCEL. What was committed stays. May be NULL. */
	const atomic_int *cancel;
};

enum sync_status {
	SYNC_OK = 0,
	SYNC_ENET = -1,      /* the exchange could not be reached or refused the device */
	SYNC_EREFUSED = -2,  /* not configured, or the exchange's mode or agency does not fit this store */
	SYNC_ESTORE = -3,    /* the local store failed */
	SYNC_ECANCEL = -4,   /* stopped by sync_opts.cancel */
};

/* Runs one sync of st. o may be NULL. Returns SYNC_OK or a negative enum sync_status with err. */
int sync_run(struct store *st, const struct sync_opts *o, struct sync_stats *stats, char *err, size_t errlen);

/* Saves the remote: url, token (required), cafile and pin (may be NULL). */
int sync_remote_set(struct store *st, const char *url, const char *token, const char *cafile, const char *pin,
		    char *err, size_t errlen);

/* Queues the resolution of conflict id keeping "mine" or "theirs": when the kept value differs from
 * the record's current value, the record is changed (an outbox mutation); in any case a mutation
 * marking the conflict resolved waits for the next sync. Returns 0 or -1 with err. */
int sync_resolve(struct store *st, const char *id, const char *keep, char *err, size_t errlen);

#endif

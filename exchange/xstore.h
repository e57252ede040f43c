/* xstore.h - the exchange's own store: settings, agencies, device tokens, records, the change
 * feed, stored mutation results and conflicts.
 *
 * The rest of the exchange reaches its data only through these functions, so that another store
 * (PostgreSQL) can be added by implementing them again; xstore.c is the SQLite one (WAL,
 * synchronous=FULL, one writer with BEGIN IMMEDIATE). A store handle is used by one thread at a
 * time; the HTTP layer serialises access with xs_lock/xs_unlock.
 *
 * Functions returning int return 0 on success and -1 with a message in err, unless stated
 * otherwise. Functions returning cJSON * return a tree the caller frees, or NULL when absent. */
#ifndef PORTOPS_XSTORE_H
#define PORTOPS_XSTORE_H

#include <stddef.h>
#include <cjson/cJSON.h>

struct xstore;

/* Opens the store at path; create non-zero makes the file (0600) and its tables. */
int xs_open(const char *path, int create, struct xstore **out, char *err, size_t errlen);
void xs_close(struct xstore *xs);
/* Serialises use of the handle across threads. */
void xs_lock(struct xstore *xs);
void xs_unlock(struct xstore *xs);

/* One write transaction (BEGIN IMMEDIATE ... COMMIT); savepoints nest inside it. */
int xs_begin(struct xstore *xs, char *err, size_t errlen);
int xs_commit(struct xstore *xs, char *err, size_t errlen);
void xs_rollback(struct xstore *xs);
int xs_savepoint(struct xstore *xs, char *err, size_t errlen);
void xs_release(struct xstore *xs, int keep);

/* Settings (name, mode, key, epoch, ...). xs_setting returns 0 or -1 when absent. */
int xs_setting(struct xstore *xs, const char *key, char *out, size_t outlen);
int xs_set_setting(struct xstore *xs, const char *key, const char *value, char *err, size_t errlen);

/* Agencies. xs_agency_exists returns 1 or 0. */
int xs_agency_add(struct xstore *xs, const char *code, const char *name, const char *country,
		  char *err, size_t errlen);
int xs_agency_exists(struct xstore *xs, const char *code);
/* Calls cb for each agency in code order; returns the count or -1. */
int xs_agency_each(struct xstore *xs, int (*cb)(const char *code, const char *name, const char *country,
						 void *arg), void *arg);

/* A device token as stored (the secret only as its keyed hash). */
struct xs_token {
	char id[33];         /* public part of the token */
	char agency[17];     /* agency code */
	char device[101];    /* device name */
	char hash[65];       /* hex keyed BLAKE2b-256 of the secret */
	char created_at[21]; /* UTC */
	char revoked_at[21]; /* UTC, "" while in force */
};
int xs_token_add(struct xstore *xs, const struct xs_token *t, char *err, size_t errlen);
/* 0 and *out when found, -1 when not. */
int xs_token_get(struct xstore *xs, const char *id, struct xs_token *out);
int xs_token_each(struct xstore *xs, int (*cb)(const struct xs_token *t, void *arg), void *arg);
/* 0 when revoked now or before, -1 with err when unknown. */
int xs_token_revoke(struct xstore *xs, const char *id, char *err, size_t errlen);

/* Records, in the codec's flat form with their rev. root is the id of the record whose
 * releasability applies (the record itself for KC_RECORD kinds). */
cJSON *xs_record_get(struct xstore *xs, const char *id);
/* The stored JSON text of record id (caller frees) with its parent id in parent (37 bytes, "" for
 * records); NULL when absent. For building pages without parsing each record. */
char *xs_record_text(struct xstore *xs, const char *id, char parent[37]);
int xs_record_put(struct xstore *xs, const cJSON *rec, const char *root, char *err, size_t errlen);
/* The root id of record id into out (37 bytes); 0, or -1 when absent. */
int xs_record_root(struct xstore *xs, const char *id, char out[37]);
/* Calls cb with the id of every record under root (children and their children), parents first. */
int xs_descendants(struct xstore *xs, const char *root, int (*cb)(const char *id, void *arg), void *arg);
/* Calls cb for every record, ordered by id (the caller filters; `dump` and the tests). */
int xs_record_each(struct xstore *xs, int (*cb)(const cJSON *rec, void *arg), void *arg);
/* The next revision number (strictly increasing across the store). */
long xs_next_rev(struct xstore *xs, char *err, size_t errlen);

/* The change feed. type is "record" or "conflict"; ref the record or conflict id; before and
 * after the releasability envelopes ({owner, share, share_with}) of the root around the change,
 * NULL when the record did not exist. Returns the new seq, or -1. */
long xs_feed_add(struct xstore *xs, const char *type, const char *ref, const char *root,
		 const cJSON *before, const cJSON *after, char *err, size_t errlen);
/* One feed row as read back. */
struct xs_feed_row {
	long seq;            /* position in the feed */
	const char *type;    /* "record" or "conflict" */
	const char *ref;     /* record or conflict id */
	const char *root;    /* root record id */
	const char *before;  /* JSON text of the envelope before, or NULL */
	const char *after;   /* JSON text of the envelope after, or NULL */
};
/* Calls cb for rows with seq > after in order, at most max rows; cb returns non-zero to stop.
 * Returns the number of rows visited or -1. */
int xs_feed_scan(struct xstore *xs, long after, int max, int (*cb)(const struct xs_feed_row *r, void *arg),
		 void *arg);
/* The highest seq (0 when empty), or -1. */
long xs_feed_head(struct xstore *xs);

/* Stored results of mutations (idempotency). xs_mutation_get returns the stored result and the
 * agency that sent it, or NULL when the mutation_id is new. */
cJSON *xs_mutation_get(struct xstore *xs, const char *mutation_id, char agency[17]);
int xs_mutation_put(struct xstore *xs, const char *mutation_id, const char *agency, const cJSON *result,
		    char *err, size_t errlen);

/* Conflicts: {id, record, root, kind, field, base, kept, proposed, mutation_id, agency, device,
 * author, at, resolved, resolved_by, resolved_at, keep}. */
int xs_conflict_put(struct xstore *xs, const cJSON *c, char *err, size_t errlen);
cJSON *xs_conflict_get(struct xstore *xs, const char *id);

#endif

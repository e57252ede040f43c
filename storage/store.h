/* store.h - the local SQLite store: open, identity, records of every kind.
 *
 * A record travels in and out of the store as a cJSON object in the codec's flat form
 * (net/codec.h). Every write runs in a BEGIN IMMEDIATE transaction (its own, or the caller's
 * when store_begin was called) and, in the same transaction, appends the outbox mutation and the
 * audit entry (journal.h). Functions returning int return 0 on success and -1 on error with a
 * message in err; functions returning a pointer return NULL on error or absence. */
#ifndef PORTOPS_STORE_H
#define PORTOPS_STORE_H

#include <stddef.h>
#include <cjson/cJSON.h>
#include <sqlite3.h>

struct store;

enum {
	STORE_CREATE = 1 << 0,   /* create the file (0600, folder 0700) and apply migrations */
	STORE_READONLY = 1 << 1, /* open read-only (no migrations) */
};

/* Opens the store at path; the caller closes it with store_close. */
int store_open(const char *path, unsigned flags, struct store **out, char *err, size_t errlen);
void store_close(struct store *st);
/* The connection, for the modules of storage/ only. */
sqlite3 *store_db(struct store *st);

/* Settings: small key/value pairs kept in the store (agency, operator, exercise, ...).
 * store_setting returns 0 and copies the value into out, or -1 when the key is absent. */
int store_setting(struct store *st, const char *key, char *out, size_t outlen);
int store_set_setting(struct store *st, const char *key, const char *value, char *err, size_t errlen);
/* The agency and operator this store writes as (set by init); "" when not initialised. */
const char *store_agency(const struct store *st);
const char *store_operator(const struct store *st);

/* Explicit transactions, for work that must be one unit (import, sync pages, checklists). */
int store_begin(struct store *st, char *err, size_t errlen);
int store_commit(struct store *st, char *err, size_t errlen);
void store_rollback(struct store *st);

/* Creates a record from rec (codec form: "kind" and fields; the envelope's id, owner, times and
 * authors are filled in when absent). The record is checked with the codec and the
 * releasability rules (releasability.h). Writes the new id into id_out (37 bytes). */
int store_create(struct store *st, cJSON *rec, char id_out[37], char *err, size_t errlen);
/* Returns the record with id, or with the reference ref (case ref, procedure code, bulletin
 * number, ...) when kind is given or the ref is unambiguous across kinds. Tombstones are returned
 * with "deleted":true. The caller frees the result. */
cJSON *store_get(struct store *st, const char *kind, const char *id_or_ref, char *err, size_t errlen);
/* Changes the members of changes ({field: new value}; null clears) of the record with id.
 * Only fields that differ are written and journalled. Refuses fixed fields, another agency's
 * record, append-only kinds and tombstones. */
int store_update(struct store *st, const char *id, const cJSON *changes, char *err, size_t errlen);
/* Marks the record with id deleted (a tombstone that keeps the envelope). */
int store_delete(struct store *st, const char *id, char *err, size_t errlen);

/* One filter of a list: field (a field or envelope member) equal to value; for list fields, value
 * is one of the items. */
struct store_filter {
	const char *field;
	const char *value;
};

/* Called for each record of a list; return non-zero to stop. rec is freed after the call. */
typedef int (*store_row_cb)(const cJSON *rec, void *arg);

struct store_query {
	const char *kind;                      /* required */
	const struct store_filter *filters;    /* may be NULL */
	size_t nfilters;
	const char *parent;                    /* children of this record only (child kinds) */
	const char *after;                     /* keyset cursor: the id of the last row seen, or NULL */
	int limit;                             /* rows at most (1..10000) */
	int deleted;                           /* non-zero: include tombstones */
};

/* Lists records of q->kind in the kind's order (newest update first for threats, cases and
 * bulletins; by reference for the reference kinds; oldest first for children), calling cb for
 * each. Writes the id of the last row into next (37 bytes, may be NULL; "" when no row).
 * Returns the number of rows, or -1 with err. */
int store_list(struct store *st, const struct store_query *q, store_row_cb cb, void *arg,
	       char next[37], char *err, size_t errlen);
/* Counts records of kind (not deleted) matching the filters; -1 on error. */
long store_count(struct store *st, const char *kind, const struct store_filter *f, size_t nf,
		 char *err, size_t errlen);

/* Applies a record received from the exchange or a bundle (codec form, with its rev) without
 * journalling an outbox mutation: inserts it, or replaces the stored copy when the incoming one is
 * newer (higher rev, or for rev 0 a later updated_at). Returns 1 when applied, 0 when the stored
 * copy was as new or newer, -1 on error. */
int store_apply_remote(struct store *st, cJSON *rec, char *err, size_t errlen);
/* Removes a record and its children (a revocation: no longer releasable to this agency).
 * Returns 1 when something was removed, 0 when absent, -1 on error. */
int store_purge(struct store *st, const char *id, char *err, size_t errlen);

#endif

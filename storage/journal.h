/* journal.h - the outbox of pending mutations and the hash-chained audit trail.
 *
 * journal_write is called by the store inside its write transaction: one call appends the audit
 * entry and, unless the record is share=local, the outbox mutation in the form of DESIGN/PROTOCOL
 * ({mutation_id, kind, id, parent?, base_rev, op, fields:{name:{base,new}}, agency, author, at}). */
#ifndef PORTOPS_JOURNAL_H
#define PORTOPS_JOURNAL_H

#include <stddef.h>
#include <cjson/cJSON.h>

#include "store.h"

struct journal_change {
	const char *kind;     /* record kind */
	const char *id;       /* record id */
	const char *parent;   /* parent id for children, else NULL */
	long base_rev;        /* the rev the change was made on */
	const char *op;       /* "upsert", "delete" or "append" */
	const cJSON *fields;  /* {name: {"base": v, "new": v}}; borrowed */
	int local;            /* non-zero: share=local, audit only */
};

/* Appends the audit entry and outbox mutation for c. Returns 0 or -1 with err. */
int journal_write(struct store *st, const struct journal_change *c, char *err, size_t errlen);
/* Appends an audit entry for an action that is not a record change (import, sync, purge, ...). */
int journal_audit(struct store *st, const char *action, const char *kind, const char *id,
		  const cJSON *detail, char *err, size_t errlen);

/* Calls cb for each pending outbox mutation in order (at most limit); stops when cb returns
 * non-zero. m is freed after the call. Returns the number visited or -1. */
int journal_outbox(struct store *st, int limit, int (*cb)(const cJSON *m, void *arg), void *arg,
		   char *err, size_t errlen);
/* Number of pending outbox mutations, or -1. */
long journal_outbox_count(struct store *st);
/* Removes the acknowledged mutation with mutation_id from the outbox. */
int journal_ack(struct store *st, const char *mutation_id, char *err, size_t errlen);

/* Calls cb for each audit entry of record id (all entries when id is NULL), oldest first. */
int journal_trail(struct store *st, const char *id, int (*cb)(const cJSON *entry, void *arg), void *arg,
		  char *err, size_t errlen);
/* Verifies the hash chain. Returns 0 when intact; otherwise -1 with err naming the first bad
 * entry (its seq in *bad_seq when not NULL). */
int journal_verify(struct store *st, long *bad_seq, char *err, size_t errlen);

#endif

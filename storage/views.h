/* views.h - read-only queries that the console's screens need beyond store.h: the port board's
 * counts, the cases that cite a record, the sync state. Screens call these, never SQL. */
#ifndef PORTOPS_VIEWS_H
#define PORTOPS_VIEWS_H

#include <stddef.h>

#include "refdata.h"
#include "store.h"

/* One line of the port board. */
struct port_board_row {
	struct port port;  /* the port (refdata.h) */
	long threats;      /* threats not deleted naming the port whose status is emerging or active */
	long cases;        /* cases not deleted at the port whose status is not closed */
};

/* Calls cb for each port of interest (port_each order) with its counts; stops when cb returns
 * non-zero. Returns the number of ports visited, or -1 with err. */
int views_port_board(struct store *st, int (*cb)(const struct port_board_row *r, void *arg), void *arg,
		     char *err, size_t errlen);

/* Lists the records (not deleted) of q->kind, a kind of record (not a child kind), in the order
 * of store_list (newest update first for threats, cases and bulletins, by reference for the
 * others), calling cb for each, like store_list: q->filters, q->after (keyset cursor) and
 * q->limit (1..10000) mean the same; q->parent and q->deleted are not used. Unlike store_list,
 * pages of the updated-first kinds are read along their (updated_at, id) index, so a page costs
 * the same at the start and at the end of a list of any length. Returns the number of rows, or -1
 * with err. */
int views_list(struct store *st, const struct store_query *q, store_row_cb cb, void *arg, char next[37],
	       char *err, size_t errlen);
/* The id of the row at position pos (from 0) of the list views_list makes of q (q->after and
 * q->limit are not used), into id. Returns 0, 1 when the list is shorter, -1 with err. */
int views_list_nth(struct store *st, const struct store_query *q, long pos, char id[37], char *err,
		   size_t errlen);

/* A case that cites a record through one of its links. */
struct citing_case {
	const char *id;     /* the case's id */
	const char *ref;    /* its reference ("" when none) */
	const char *title;  /* its title */
	const char *status; /* its status */
};

/* Calls cb for each case (not deleted) with a link (not deleted) whose target is target, newest
 * update first, at most limit. Returns the number visited, or -1 with err. */
int views_citing_cases(struct store *st, const char *target, int limit,
		       int (*cb)(const struct citing_case *c, void *arg), void *arg, char *err, size_t errlen);

/* What the status bar and the sync screen show about synchronisation (syncstate.h). */
struct sync_state {
	long outbox;          /* pending outbox mutations */
	long conflicts;       /* open conflicts */
	char last_sync[21];   /* last successful sync (UTC ISO 8601), "" when never */
	char last_try[21];    /* last attempt, "" when never */
	char last_error[256]; /* why the last attempt failed, "" when it did not */
	char exchange[256];   /* the exchange's URL, "" when none is configured */
	int reachable;        /* the last attempt reached the exchange */
};

/* Fills out; counts that cannot be read are -1. */
void views_sync_state(struct store *st, struct sync_state *out);

/* 1 when the outbox holds a mutation of record id (a change the exchange has not acknowledged
 * yet), 0 when not or on error. One look-up along the outbox's record index. */
int views_pending(struct store *st, const char *id);

/* One record with changes waiting in the outbox. */
struct pending_record {
	const char *kind;   /* its kind */
	const char *id;     /* its id */
	long changes;       /* mutations waiting */
	const char *since;  /* time of the oldest one (UTC ISO 8601) */
};

/* Calls cb for each record with pending mutations, the longest waiting first, at most limit.
 * Returns the number visited, or -1 with err. */
int views_outbox_records(struct store *st, int limit, int (*cb)(const struct pending_record *p, void *arg),
			 void *arg, char *err, size_t errlen);

#endif

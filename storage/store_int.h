/* store_int.h - what the modules of storage/ share about the store; not for screens or net. */
#ifndef PORTOPS_STORE_INT_H
#define PORTOPS_STORE_INT_H

#include <sqlite3.h>

#include "model.h"
#include "store.h"

/* Returns the prepared statement for sql, prepared once per connection and reset for reuse
 * (bindings cleared). sql must be a string literal, or text that outlives the store and never
 * changes (it is looked up by address first). NULL with err on a preparation error. */
sqlite3_stmt *store_stmt(struct store *st, const char *sql, char *err, size_t errlen);
/* Runs sql (no result rows) on the connection; 0 or -1 with err. */
int store_exec(struct store *st, const char *sql, char *err, size_t errlen);
/* Writes "what: sqlite message" into err and returns -1. */
int store_sqlerr(struct store *st, const char *what, char *err, size_t errlen);
/* Finds the kind of the record with id (NULL when absent). */
const struct kind_def *store_kind_of(struct store *st, const char *id);

/* Begins the write transaction of one operation unless the caller holds one.
 * Returns 1 when this call began it (and must end it), 0 when nested, -1 on error. */
int store_tx_enter(struct store *st, char *err, size_t errlen);
/* Ends what store_tx_enter began (began is its result): commits when ok is 0, rolls back
 * otherwise. Returns 0 when committed or nested-and-ok, -1 otherwise. */
int store_tx_leave(struct store *st, int began, int ok, char *err, size_t errlen);
/* Builds the codec form of the current row of s, whose columns are those of store_columns(k). */
cJSON *store_row_record(const struct kind_def *k, sqlite3_stmt *s);
/* The column list that store_row_record reads, for kind k. */
const char *store_columns(const struct kind_def *k);

/* Inserts (insert non-zero) or updates by id the row of rec, a checked record of kind k. */
int store_write_row(struct store *st, const struct kind_def *k, const cJSON *rec, int insert,
		    char *err, size_t errlen);

/* Appends to sql (size n) the condition " AND ..." of filter f on kind k, with one parameter for
 * its value; the field must be a column, share_with, or a non-rows field of the model (else -1
 * with err). store_filter_bind binds the value at position pos (numbers for numeric fields). */
int store_filter_sql(const struct kind_def *k, const struct store_filter *f, char *sql, size_t n,
		     char *err, size_t errlen);
void store_filter_bind(sqlite3_stmt *s, int pos, const struct kind_def *k, const struct store_filter *f);

/* Steps s (whose columns are those of store_columns(k)) and calls cb with each row's record until
 * cb returns non-zero; writes the last row's id into next (may be NULL). Returns the number of
 * rows, or -1 with err. The caller finalizes or resets s. */
int store_emit_rows(struct store *st, const struct kind_def *k, sqlite3_stmt *s, store_row_cb cb, void *arg,
		    char next[37], char *err, size_t errlen);
/* Runs sql (one parameter: a row limit; one column: JSON text) and calls cb with each parsed
 * value, in order, until cb returns non-zero. Returns the rows visited, or -1 with err. */
int store_each_json(struct store *st, const char *sql, int limit, int (*cb)(const cJSON *v, void *arg), void *arg,
		    char *err, size_t errlen);

/* Runs sql (a one-column query with one parameter, bound to key) and copies the first row's value
 * into out; 0 when a row was found, -1 otherwise. */
int store_lookup(struct store *st, const char *sql, const char *key, char *out, size_t outlen);

#endif

/* views.c - see views.h. Counts are made with one grouped query per kind, so the port board
 * costs one pass over threats and one over cases whatever the number of ports. */
#include "views.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "journal.h"
#include "store_int.h"
#include "syncstate.h"
#include "util.h"

/* The ports of interest gathered before counting. */
struct board {
	struct port_board_row *rows;  /* owned */
	size_t n, cap;
};

static int add_port(const struct port *p, void *arg)
{
	struct board *b = arg;
	if (b->n == b->cap) {
		size_t cap = b->cap ? b->cap * 2 : 32;
		struct port_board_row *r = realloc(b->rows, cap * sizeof *r);
		if (!r)
			return 1;
		b->rows = r;
		b->cap = cap;
	}
	memset(&b->rows[b->n], 0, sizeof b->rows[0]);
	b->rows[b->n++].port = *p;
	return 0;
}

static struct port_board_row *find_row(struct board *b, const char *locode)
{
	for (size_t i = 0; locode && i < b->n; i++)
		if (!strcmp(b->rows[i].port.locode, locode))
			return &b->rows[i];
	return NULL;
}

/* Runs sql (rows of locode, count) and adds each count to the threats (which 0) or cases (1). */
static int add_counts(struct store *st, struct board *b, const char *sql, int which, char *err, size_t errlen)
{
	sqlite3_stmt *s = store_stmt(st, sql, err, errlen);
	if (!s)
		return -1;
	int rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct port_board_row *r = find_row(b, (const char *)sqlite3_column_text(s, 0));
		if (r && which == 0)
			r->threats = (long)sqlite3_column_int64(s, 1);
		else if (r)
			r->cases = (long)sqlite3_column_int64(s, 1);
	}
	sqlite3_reset(s);
	return rc == SQLITE_DONE ? 0 : store_sqlerr(st, "cannot count for the port board", err, errlen);
}

static const char threats_by_port[] =
	"SELECT j.value, count(*) FROM threats t, json_each(t.body, '$.ports') j WHERE t.deleted=0"
	" AND json_extract(t.body, '$.status') IN ('emerging', 'active') GROUP BY j.value";
static const char cases_by_port[] =
	"SELECT json_extract(body, '$.port') AS p, count(*) FROM cases WHERE deleted=0"
	" AND json_extract(body, '$.status') <> 'closed' AND p IS NOT NULL GROUP BY p";

int views_port_board(struct store *st, int (*cb)(const struct port_board_row *r, void *arg), void *arg,
		     char *err, size_t errlen)
{
	struct board b = { NULL, 0, 0 };
	int n = -1;
	if (port_each(st, 1, add_port, &b) < 0)
		po_err(err, errlen, "cannot read the ports");
	else if (add_counts(st, &b, threats_by_port, 0, err, errlen) == 0 &&
		 add_counts(st, &b, cases_by_port, 1, err, errlen) == 0)
		n = 0;
	for (size_t i = 0; n >= 0 && i < b.n; i++) {
		n++;
		if (cb(&b.rows[i], arg))
			break;
	}
	free(b.rows);
	return n;
}

/* Non-zero for the kinds listed newest update first, along their (updated_at, id) index. */
static int by_updated(const struct kind_def *k)
{
	return !strcmp(k->name, "threat") || !strcmp(k->name, "case") || !strcmp(k->name, "bulletin");
}

/* Binds the filter values from position 1; returns the next position. */
static int bind_filters(sqlite3_stmt *s, const struct kind_def *k, const struct store_query *q)
{
	int pos = 1;
	for (size_t i = 0; i < q->nfilters; i++)
		store_filter_bind(s, pos++, k, &q->filters[i]);
	return pos;
}

/* Builds "SELECT what FROM table WHERE ... [keyset] ORDER BY ... tail" for q. */
static int list_sql(const struct kind_def *k, const struct store_query *q, const char *what, int keyset,
		    const char *tail, char *sql, size_t n, char *err, size_t errlen)
{
	int upd = by_updated(k);
	const char *key = upd ? "updated_at, id" : "coalesce(ref, ''), id";
	snprintf(sql, n, "SELECT %s FROM %s WHERE deleted=0", what, k->table);
	for (size_t i = 0; i < q->nfilters; i++)
		if (store_filter_sql(k, &q->filters[i], sql, n, err, errlen) != 0)
			return -1;
	size_t len = strlen(sql);
	if (keyset)
		snprintf(sql + len, n - len, " AND (%s) %s (SELECT %s FROM %s WHERE id=?)", key, upd ? "<" : ">", key,
			 k->table);
	len = strlen(sql);
	snprintf(sql + len, n - len, upd ? " ORDER BY updated_at DESC, id DESC %s" : " ORDER BY coalesce(ref, ''), id %s",
		 tail);
	return 0;
}

/* Prepares the list statement of q; NULL with err. */
static sqlite3_stmt *list_stmt(struct store *st, const struct kind_def *k, const struct store_query *q,
			       const char *what, int keyset, const char *tail, char *err, size_t errlen)
{
	char sql[2048];
	sqlite3_stmt *s;
	if (!k || k->cls != KC_RECORD) {
		po_err(err, errlen, "cannot list '%s' here", q->kind ? q->kind : "");
		return NULL;
	}
	if (list_sql(k, q, what, keyset, tail, sql, sizeof sql, err, errlen) != 0)
		return NULL;
	if (sqlite3_prepare_v2(store_db(st), sql, -1, &s, NULL) != SQLITE_OK) {
		store_sqlerr(st, "cannot list", err, errlen);
		return NULL;
	}
	return s;
}

int views_list(struct store *st, const struct store_query *q, store_row_cb cb, void *arg, char next[37],
	       char *err, size_t errlen)
{
	const struct kind_def *k = model_kind(q->kind);
	int keyset = q->after && *q->after;
	if (q->limit < 1 || q->limit > 10000)
		return po_err(err, errlen, "limit must be between 1 and 10000");
	if (!k)
		return po_err(err, errlen, "unknown kind '%s'", q->kind ? q->kind : "");
	sqlite3_stmt *s = list_stmt(st, k, q, store_columns(k), keyset, "LIMIT ?", err, errlen);
	if (!s)
		return -1;
	int pos = bind_filters(s, k, q);
	if (keyset)
		sqlite3_bind_text(s, pos++, q->after, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int(s, pos, q->limit);
	int count = store_emit_rows(st, k, s, cb, arg, next, err, errlen);
	sqlite3_finalize(s);
	return count;
}

int views_list_nth(struct store *st, const struct store_query *q, long pos, char id[37], char *err,
		   size_t errlen)
{
	const struct kind_def *k = model_kind(q->kind);
	sqlite3_stmt *s = list_stmt(st, k, q, "id", 0, "LIMIT 1 OFFSET ?", err, errlen);
	if (!s)
		return -1;
	sqlite3_bind_int64(s, bind_filters(s, k, q), pos);
	int rc = sqlite3_step(s), result;
	if (rc == SQLITE_ROW) {
		po_strlcpy(id, (const char *)sqlite3_column_text(s, 0), 37);
		result = 0;
	} else if (rc == SQLITE_DONE) {
		result = 1;
	} else {
		result = store_sqlerr(st, "cannot list", err, errlen);
	}
	sqlite3_finalize(s);
	return result;
}

static const char citing_sql[] =
	"SELECT DISTINCT c.id, coalesce(c.ref, ''), c.title, coalesce(json_extract(c.body, '$.status'), ''),"
	" c.updated_at FROM case_links l JOIN cases c ON c.id = l.parent"
	" WHERE l.deleted=0 AND c.deleted=0 AND json_extract(l.body, '$.target') = ?1"
	" ORDER BY c.updated_at DESC, c.id DESC LIMIT ?2";

int views_citing_cases(struct store *st, const char *target, int limit,
		       int (*cb)(const struct citing_case *c, void *arg), void *arg, char *err, size_t errlen)
{
	sqlite3_stmt *s = store_stmt(st, citing_sql, err, errlen);
	if (!s)
		return -1;
	sqlite3_bind_text(s, 1, target, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int(s, 2, limit);
	int n = 0, rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct citing_case c = {
			(const char *)sqlite3_column_text(s, 0), (const char *)sqlite3_column_text(s, 1),
			(const char *)sqlite3_column_text(s, 2), (const char *)sqlite3_column_text(s, 3),
		};
		n++;
		if (cb(&c, arg))
			break;
	}
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		n = store_sqlerr(st, "cannot find the citing cases", err, errlen);
	sqlite3_reset(s);
	return n;
}

void views_sync_state(struct store *st, struct sync_state *out)
{
	memset(out, 0, sizeof *out);
	out->outbox = journal_outbox_count(st);
	out->conflicts = sync_conflict_count(st);
	if (sync_get(st, "last_ok", out->last_sync, sizeof out->last_sync) != 0)
		out->last_sync[0] = '\0';
	if (sync_get(st, "last_attempt", out->last_try, sizeof out->last_try) != 0)
		out->last_try[0] = '\0';
	if (sync_get(st, "last_error", out->last_error, sizeof out->last_error) != 0)
		out->last_error[0] = '\0';
	if (sync_get(st, "url", out->exchange, sizeof out->exchange) != 0)
		out->exchange[0] = '\0';
	/* the last attempt did not fail (times alone cannot tell when the clock is fixed) */
	out->reachable = out->last_try[0] && !out->last_error[0];
}

int views_pending(struct store *st, const char *id)
{
	sqlite3_stmt *s = store_stmt(st, "SELECT 1 FROM outbox WHERE record_id=? LIMIT 1", NULL, 0);
	if (!s || !id)
		return 0;
	sqlite3_bind_text(s, 1, id, -1, SQLITE_TRANSIENT);
	int found = sqlite3_step(s) == SQLITE_ROW;
	sqlite3_reset(s);
	return found;
}

static const char pending_sql[] =
	"SELECT kind, record_id, count(*), min(json_extract(body, '$.at')), min(seq) AS first FROM outbox"
	" GROUP BY record_id ORDER BY first LIMIT ?";

int views_outbox_records(struct store *st, int limit, int (*cb)(const struct pending_record *p, void *arg),
			 void *arg, char *err, size_t errlen)
{
	sqlite3_stmt *s = store_stmt(st, pending_sql, err, errlen);
	if (!s)
		return -1;
	sqlite3_bind_int(s, 1, limit);
	int n = 0, rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		const char *since = (const char *)sqlite3_column_text(s, 3);
		struct pending_record p = { (const char *)sqlite3_column_text(s, 0), (const char *)sqlite3_column_text(s, 1),
					    (long)sqlite3_column_int64(s, 2), since ? since : "" };
		n++;
		if (cb(&p, arg))
			break;
	}
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		n = store_sqlerr(st, "cannot read the outbox", err, errlen);
	sqlite3_reset(s);
	return n;
}

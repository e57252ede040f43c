/* listing.c - keyset-paged lists and counts of records (store.h). Filters name fields of the
 * model, never raw SQL: a field name that the model does not know is refused. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store_int.h"
#include "util.h"

enum order { BY_UPDATED_DESC, BY_REF_ASC, BY_CREATED_ASC };

static enum order kind_order(const struct kind_def *k)
{
	if (k->cls == KC_CHILD)
		return BY_CREATED_ASC;
	if (!strcmp(k->name, "procedure") || !strcmp(k->name, "technique") || !strcmp(k->name, "scenario"))
		return BY_REF_ASC;
	return BY_UPDATED_DESC;
}

static const char *sort_column(enum order o)
{
	return o == BY_UPDATED_DESC ? "updated_at" : o == BY_REF_ASC ? "ref" : "created_at";
}

int store_filter_sql(const struct kind_def *k, const struct store_filter *f, char *sql, size_t n,
		      char *err, size_t errlen)
{
	static const char *const columns[] = { "id", "owner", "tlp", "share", "parent", "rev", NULL };
	size_t len = strlen(sql);
	if (model_choice(columns, f->field) >= 0 && (k->cls == KC_RECORD || strcmp(f->field, "tlp"))) {
		snprintf(sql + len, n - len, " AND %s=?", f->field);
		return 0;
	}
	if (!strcmp(f->field, "share_with")) {
		snprintf(sql + len, n - len, " AND EXISTS (SELECT 1 FROM json_each(share_with) WHERE value=?)");
		return 0;
	}
	const struct field_def *fd = model_field(k->fields, f->field);
	if (!fd || fd->type == FT_ROWS)
		return po_err(err, errlen, "cannot filter a %s by '%s'", k->name, f->field);
	if (fd->type == FT_LIST)
		snprintf(sql + len, n - len, " AND EXISTS (SELECT 1 FROM json_each(body, '$.%s') WHERE value=?)", fd->name);
	else
		snprintf(sql + len, n - len, " AND json_extract(body, '$.%s')=?", fd->name);
	return 0;
}

void store_filter_bind(sqlite3_stmt *s, int pos, const struct kind_def *k, const struct store_filter *f)
{
	const struct field_def *fd = model_field(k->fields, f->field);
	int numeric = (fd && (fd->type == FT_INT || fd->type == FT_BOOL)) || !strcmp(f->field, "rev");
	if (numeric) {
		long v = !strcmp(f->value, "true") ? 1 : !strcmp(f->value, "false") ? 0 : atol(f->value);
		sqlite3_bind_int64(s, pos, v);
	} else {
		sqlite3_bind_text(s, pos, f->value, -1, SQLITE_STATIC);
	}
}

/* Builds the WHERE clause shared by lists and counts. */
static int where_sql(const struct kind_def *k, const struct store_filter *f, size_t nf, int deleted,
		     const char *parent, char *sql, size_t n, char *err, size_t errlen)
{
	size_t len = strlen(sql);
	snprintf(sql + len, n - len, " WHERE %s", deleted ? "1" : "deleted=0");
	if (parent && k->cls == KC_CHILD) {
		len = strlen(sql);
		snprintf(sql + len, n - len, " AND parent=?");
	}
	for (size_t i = 0; i < nf; i++)
		if (store_filter_sql(k, &f[i], sql, n, err, errlen) != 0)
			return -1;
	return 0;
}

static int bind_where(sqlite3_stmt *s, const struct kind_def *k, const struct store_filter *f, size_t nf,
		      const char *parent)
{
	int pos = 1;
	if (parent && k->cls == KC_CHILD)
		sqlite3_bind_text(s, pos++, parent, -1, SQLITE_STATIC);
	for (size_t i = 0; i < nf; i++)
		store_filter_bind(s, pos++, k, &f[i]);
	return pos;
}

int store_list(struct store *st, const struct store_query *q, store_row_cb cb, void *arg, char next[37],
	       char *err, size_t errlen)
{
	const struct kind_def *k = model_kind(q->kind);
	if (!k)
		return po_err(err, errlen, "unknown kind '%s'", q->kind ? q->kind : "");
	if (q->limit < 1 || q->limit > 10000)
		return po_err(err, errlen, "limit must be between 1 and 10000");
	enum order o = kind_order(k);
	const char *col = sort_column(o), *dir = o == BY_UPDATED_DESC ? "DESC" : "ASC";
	char sql[2048];
	snprintf(sql, sizeof sql, "SELECT %s FROM %s", store_columns(k), k->table);
	if (where_sql(k, q->filters, q->nfilters, q->deleted, q->parent, sql, sizeof sql, err, errlen) != 0)
		return -1;
	/* Children that share a second keep the order they were stored in (rowid). The times are
	 * NOT NULL, so they are compared bare and the (updated_at, id) index serves the order; a ref
	 * may be NULL. */
	const char *tie = o == BY_CREATED_ASC ? "rowid" : "id";
	char key[40];
	snprintf(key, sizeof key, o == BY_REF_ASC ? "coalesce(%s,'')" : "%s", col);
	size_t len = strlen(sql);
	if (q->after && *q->after)
		snprintf(sql + len, sizeof sql - len, " AND (%s, %s) %s (SELECT %s, %s FROM %s WHERE id=?)",
			 key, tie, o == BY_UPDATED_DESC ? "<" : ">", key, tie, k->table);
	len = strlen(sql);
	snprintf(sql + len, sizeof sql - len, " ORDER BY %s %s, %s %s LIMIT ?", key, dir, tie, dir);
	sqlite3_stmt *s;
	if (sqlite3_prepare_v2(store_db(st), sql, -1, &s, NULL) != SQLITE_OK)
		return store_sqlerr(st, "cannot list", err, errlen);
	int pos = bind_where(s, k, q->filters, q->nfilters, q->parent);
	if (q->after && *q->after)
		sqlite3_bind_text(s, pos++, q->after, -1, SQLITE_TRANSIENT); /* next may overwrite it */
	sqlite3_bind_int(s, pos, q->limit);
	int count = store_emit_rows(st, k, s, cb, arg, next, err, errlen);
	sqlite3_finalize(s);
	return count;
}

int store_emit_rows(struct store *st, const struct kind_def *k, sqlite3_stmt *s, store_row_cb cb, void *arg,
		    char next[37], char *err, size_t errlen)
{
	int count = 0, rc;
	if (next)
		next[0] = '\0';
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		cJSON *rec = store_row_record(k, s);
		if (!rec)
			continue;
		count++;
		if (next)
			po_strlcpy(next, (const char *)sqlite3_column_text(s, 0), 37);
		int stop = cb ? cb(rec, arg) : 0;
		cJSON_Delete(rec);
		if (stop)
			break;
	}
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		count = store_sqlerr(st, "cannot list", err, errlen);
	return count;
}

long store_count(struct store *st, const char *kind, const struct store_filter *f, size_t nf, char *err, size_t errlen)
{
	const struct kind_def *k = model_kind(kind);
	if (!k)
		return po_err(err, errlen, "unknown kind '%s'", kind ? kind : "");
	char sql[2048];
	snprintf(sql, sizeof sql, "SELECT count(*) FROM %s", k->table);
	if (where_sql(k, f, nf, 0, NULL, sql, sizeof sql, err, errlen) != 0)
		return -1;
	sqlite3_stmt *s;
	if (sqlite3_prepare_v2(store_db(st), sql, -1, &s, NULL) != SQLITE_OK)
		return store_sqlerr(st, "cannot count", err, errlen);
	bind_where(s, k, f, nf, NULL);
	long n = sqlite3_step(s) == SQLITE_ROW ? (long)sqlite3_column_int64(s, 0) : -1;
	sqlite3_finalize(s);
	return n;
}

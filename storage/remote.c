/* remote.c - records that arrive from elsewhere (the exchange, a bundle, the reference assets):
 * applied without an outbox mutation, and purged when they are no longer releasable here. */
#include <stdio.h>
#include <string.h>

#include "net/codec.h"
#include "search.h"
#include "store_int.h"
#include "util.h"

static double num(const cJSON *rec, const char *name)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(rec, name);
	return cJSON_IsNumber(v) ? v->valuedouble : 0;
}

static const char *str(const cJSON *rec, const char *name)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(rec, name);
	return cJSON_IsString(v) ? v->valuestring : "";
}

/* Whether incoming is newer than stored: higher rev, or equal rev 0 with a later update. */
static int newer(const cJSON *incoming, const cJSON *stored)
{
	double ri = num(incoming, "rev"), rs = num(stored, "rev");
	if (ri != rs)
		return ri > rs;
	return ri == 0 && strcmp(str(incoming, "updated_at"), str(stored, "updated_at")) > 0;
}

/* Runs one UPDATE or INSERT built from rec; insert when the row is absent. */
static int put(struct store *st, const struct kind_def *k, const cJSON *rec, int insert, char *err, size_t errlen);

/* Fills the envelope members a received record may leave out: updated_* from created_*, rev 0,
 * not deleted, no share_with. */
static void complete_envelope(cJSON *rec)
{
	static const char *const pairs[][2] = { { "updated_at", "created_at" }, { "updated_by", "created_by" } };
	for (int i = 0; i < 2; i++)
		if (!cJSON_GetObjectItemCaseSensitive(rec, pairs[i][0]))
			cJSON_AddStringToObject(rec, pairs[i][0], str(rec, pairs[i][1]));
	if (!cJSON_GetObjectItemCaseSensitive(rec, "rev"))
		cJSON_AddNumberToObject(rec, "rev", 0);
	if (!cJSON_GetObjectItemCaseSensitive(rec, "deleted"))
		cJSON_AddFalseToObject(rec, "deleted");
	const struct kind_def *k = model_kind(str(rec, "kind"));
	if (k && k->cls == KC_RECORD && !cJSON_GetObjectItemCaseSensitive(rec, "share_with"))
		cJSON_AddItemToObject(rec, "share_with", cJSON_CreateArray());
}

int store_apply_remote(struct store *st, cJSON *rec, char *err, size_t errlen)
{
	if (!cJSON_IsObject(rec))
		return po_err(err, errlen, "record: expected a JSON object");
	complete_envelope(rec);
	if (codec_check_record(rec, CODEC_FULL, err, errlen) != 0)
		return -1;
	const struct kind_def *k = model_kind(str(rec, "kind"));
	char kerr[PO_ERRLEN];
	cJSON *stored = store_get(st, k->name, str(rec, "id"), kerr, sizeof kerr);
	if (stored && !newer(rec, stored)) {
		cJSON_Delete(stored);
		return 0;
	}
	int began = store_tx_enter(st, err, errlen);
	if (began < 0) {
		cJSON_Delete(stored);
		return -1;
	}
	int rc = put(st, k, rec, stored == NULL, err, errlen);
	if (rc == 0)
		rc = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(rec, "deleted"))
			     ? search_unindex(st, str(rec, "id"), err, errlen)
			     : search_index(st, rec, err, errlen);
	cJSON_Delete(stored);
	return store_tx_leave(st, began, rc, err, errlen) == 0 ? 1 : -1;
}

static int put(struct store *st, const struct kind_def *k, const cJSON *rec, int insert, char *err, size_t errlen)
{
	/* Append-only kinds keep their text: only rev and the tombstone may change. */
	if (!insert && k->write == KW_APPEND) {
		char sql[160];
		snprintf(sql, sizeof sql, "UPDATE %s SET rev=?, deleted=? WHERE id=?", k->table);
		sqlite3_stmt *s;
		if (sqlite3_prepare_v2(store_db(st), sql, -1, &s, NULL) != SQLITE_OK)
			return store_sqlerr(st, "cannot apply", err, errlen);
		sqlite3_bind_int64(s, 1, (sqlite3_int64)num(rec, "rev"));
		sqlite3_bind_int(s, 2, cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(rec, "deleted")));
		sqlite3_bind_text(s, 3, str(rec, "id"), -1, SQLITE_STATIC);
		int rc = sqlite3_step(s);
		sqlite3_finalize(s);
		return rc == SQLITE_DONE ? 0 : store_sqlerr(st, "cannot apply", err, errlen);
	}
	return store_write_row(st, k, rec, insert, err, errlen);
}

/* Deletes the search documents of every descendant of id of kind k. */
static int unindex_children(struct store *st, const struct kind_def *k, const char *id, char *err, size_t errlen)
{
	for (const struct kind_def *c = model_kinds; c->name; c++) {
		if (c->cls != KC_CHILD || strcmp(c->parent, k->name) != 0)
			continue;
		char sql[256];
		snprintf(sql, sizeof sql, "SELECT id FROM %s WHERE parent=?", c->table);
		sqlite3_stmt *s;
		if (sqlite3_prepare_v2(store_db(st), sql, -1, &s, NULL) != SQLITE_OK)
			return store_sqlerr(st, "cannot purge", err, errlen);
		sqlite3_bind_text(s, 1, id, -1, SQLITE_STATIC);
		int rc = 0;
		while (rc == 0 && sqlite3_step(s) == SQLITE_ROW) {
			const char *cid = (const char *)sqlite3_column_text(s, 0);
			rc = unindex_children(st, c, cid, err, errlen);
			if (rc == 0)
				rc = search_unindex(st, cid, err, errlen);
		}
		sqlite3_finalize(s);
		if (rc != 0)
			return -1;
	}
	return 0;
}

int store_purge(struct store *st, const char *id, char *err, size_t errlen)
{
	const struct kind_def *k = store_kind_of(st, id);
	if (!k)
		return 0;
	int began = store_tx_enter(st, err, errlen);
	if (began < 0)
		return -1;
	char sql[160];
	snprintf(sql, sizeof sql, "DELETE FROM %s WHERE id=?", k->table);
	int rc = unindex_children(st, k, id, err, errlen);
	if (rc == 0)
		rc = search_unindex(st, id, err, errlen);
	sqlite3_stmt *s = NULL;
	if (rc == 0 && sqlite3_prepare_v2(store_db(st), sql, -1, &s, NULL) == SQLITE_OK) {
		sqlite3_bind_text(s, 1, id, -1, SQLITE_STATIC);
		if (sqlite3_step(s) != SQLITE_DONE)
			rc = store_sqlerr(st, "cannot purge", err, errlen);
	} else if (rc == 0) {
		rc = store_sqlerr(st, "cannot purge", err, errlen);
	}
	sqlite3_finalize(s);
	return store_tx_leave(st, began, rc, err, errlen) == 0 ? 1 : -1;
}

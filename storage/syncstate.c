/* syncstate.c - see syncstate.h. */
#include "syncstate.h"

#include <stdlib.h>
#include <string.h>

#include "net/codec.h"
#include "ident.h"
#include "search.h"
#include "store_int.h"
#include "util.h"

int sync_get(struct store *st, const char *key, char *out, size_t outlen)
{
	return store_lookup(st, "SELECT value FROM sync_state WHERE key=?", key, out, outlen);
}

int sync_set(struct store *st, const char *key, const char *value, char *err, size_t errlen)
{
	sqlite3_stmt *s = store_stmt(st, value ? "INSERT INTO sync_state(key, value) VALUES (?1, ?2)"
					       " ON CONFLICT(key) DO UPDATE SET value=excluded.value"
					     : "DELETE FROM sync_state WHERE key=?1", err, errlen);
	if (!s)
		return -1;
	sqlite3_bind_text(s, 1, key, -1, SQLITE_STATIC);
	if (value)
		sqlite3_bind_text(s, 2, value, -1, SQLITE_STATIC);
	int rc = sqlite3_step(s);
	sqlite3_reset(s);
	return rc == SQLITE_DONE ? 0 : store_sqlerr(st, "cannot save the sync state", err, errlen);
}

/* Lays the new values of one pending mutation m over rec. */
static void lay_over(cJSON *rec, const cJSON *m)
{
	const cJSON *op = cJSON_GetObjectItemCaseSensitive(m, "op");
	if (cJSON_IsString(op) && !strcmp(op->valuestring, "delete")) {
		cJSON_ReplaceItemInObjectCaseSensitive(rec, "deleted", cJSON_CreateTrue());
		return;
	}
	const cJSON *f;
	cJSON_ArrayForEach(f, cJSON_GetObjectItemCaseSensitive(m, "fields")) {
		const cJSON *nv = cJSON_GetObjectItemCaseSensitive(f, "new");
		cJSON_DeleteItemFromObjectCaseSensitive(rec, f->string);
		if (nv && !cJSON_IsNull(nv))
			cJSON_AddItemToObject(rec, f->string, cJSON_Duplicate(nv, 1));
	}
}

/* A copy of rec with the pending outbox mutations of its id laid over it; NULL on error. */
static cJSON *rebased(struct store *st, const cJSON *rec, char *err, size_t errlen)
{
	const cJSON *id = cJSON_GetObjectItemCaseSensitive(rec, "id");
	sqlite3_stmt *s = store_stmt(st, "SELECT body FROM outbox WHERE record_id=? ORDER BY seq", err, errlen);
	if (!s || !cJSON_IsString(id))
		return NULL;
	cJSON *copy = cJSON_Duplicate(rec, 1);
	sqlite3_bind_text(s, 1, id->valuestring, -1, SQLITE_TRANSIENT);
	while (sqlite3_step(s) == SQLITE_ROW) {
		cJSON *m = cJSON_Parse((const char *)sqlite3_column_text(s, 0));
		if (m)
			lay_over(copy, m);
		cJSON_Delete(m);
	}
	sqlite3_reset(s);
	return copy;
}

int sync_apply_record(struct store *st, const cJSON *rec, char *err, size_t errlen)
{
	cJSON *r = rebased(st, rec, err, errlen);
	if (!r)
		return -1;
	int rc = store_apply_remote(st, r, err, errlen);
	cJSON_Delete(r);
	return rc;
}

static int write_forced(struct store *st, cJSON *r, char *err, size_t errlen)
{
	if (codec_check_record(r, CODEC_FULL, err, errlen) != 0)
		return -1;
	const struct kind_def *k = model_kind(cJSON_GetObjectItemCaseSensitive(r, "kind")->valuestring);
	const char *id = cJSON_GetObjectItemCaseSensitive(r, "id")->valuestring;
	const struct kind_def *have = store_kind_of(st, id);
	if (have && have != k)
		return po_err(err, errlen, "record %s is a %s here", id, have->name);
	if (have && k->write == KW_APPEND) /* appended text never changes: only rev and tombstone */
		return store_apply_remote(st, r, err, errlen) < 0 ? -1 : 0;
	if (store_write_row(st, k, r, have == NULL, err, errlen) != 0)
		return -1;
	return cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(r, "deleted")) ? search_unindex(st, id, err, errlen)
									      : search_index(st, r, err, errlen);
}

int sync_force_record(struct store *st, const cJSON *rec, char *err, size_t errlen)
{
	cJSON *r = rebased(st, rec, err, errlen);
	if (!r)
		return -1;
	int began = store_tx_enter(st, err, errlen);
	int rc = began < 0 ? -1 : write_forced(st, r, err, errlen);
	cJSON_Delete(r);
	return began < 0 ? -1 : store_tx_leave(st, began, rc, err, errlen);
}

int sync_drop_pending(struct store *st, const char *id, char *err, size_t errlen)
{
	sqlite3_stmt *s = store_stmt(st, "DELETE FROM outbox WHERE record_id=?", err, errlen);
	if (!s)
		return -1;
	sqlite3_bind_text(s, 1, id, -1, SQLITE_STATIC);
	int rc = sqlite3_step(s);
	sqlite3_reset(s);
	return rc == SQLITE_DONE ? 0 : store_sqlerr(st, "cannot update the outbox", err, errlen);
}

static const char *str(const cJSON *o, const char *name)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, name);
	return cJSON_IsString(v) ? v->valuestring : "";
}

/* JSON text of member name of c ("null" when absent); the caller frees it. */
static char *value_text(const cJSON *c, const char *name)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(c, name);
	return v ? cJSON_PrintUnformatted(v) : strdup("null");
}

static int conflict_known(struct store *st, const char *id)
{
	sqlite3_stmt *s = store_stmt(st, "SELECT 1 FROM sync_conflicts WHERE id=?", NULL, 0);
	if (!s)
		return -1;
	sqlite3_bind_text(s, 1, id, -1, SQLITE_STATIC);
	int found = sqlite3_step(s) == SQLITE_ROW;
	sqlite3_reset(s);
	return found;
}

static int conflict_insert(struct store *st, const cJSON *c, const char *device, char *err, size_t errlen)
{
	int own = !strcmp(str(c, "device"), device);
	char *mine = value_text(c, own ? "proposed" : "kept"), *theirs = value_text(c, own ? "kept" : "proposed");
	char *body = cJSON_PrintUnformatted(c);
	sqlite3_stmt *s = store_stmt(st, "INSERT INTO sync_conflicts(id, record_id, kind, field, mine, theirs, body)"
				     " VALUES (?,?,?,?,?,?,?)", err, errlen);
	int rc = -1;
	if (s && mine && theirs && body) {
		const char *v[] = { str(c, "id"), str(c, "record"), str(c, "kind"), str(c, "field"), mine, theirs, body };
		for (int i = 0; i < 7; i++)
			sqlite3_bind_text(s, i + 1, v[i], -1, SQLITE_TRANSIENT);
		rc = sqlite3_step(s) == SQLITE_DONE ? 0 : store_sqlerr(st, "cannot save a conflict", err, errlen);
		sqlite3_reset(s);
	}
	free(mine), free(theirs), free(body);
	return rc;
}

int sync_conflict_put(struct store *st, const cJSON *c, const char *device, char *err, size_t errlen)
{
	const char *id = str(c, "id");
	char uuid[40];
	if (ident_check(CK_UUID, id, uuid, sizeof uuid, NULL, 0) != 0 || !*str(c, "record") || !*str(c, "field"))
		return po_err(err, errlen, "conflict: malformed");
	int known = conflict_known(st, id);
	if (known < 0 || (!known && conflict_insert(st, c, device, err, errlen) != 0))
		return -1;
	if (cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(c, "resolved")) &&
	    sync_conflict_set_state(st, id, "resolved", err, errlen) != 0)
		return -1;
	return !known;
}

static cJSON *conflict_row(sqlite3_stmt *s)
{
	static const char *const names[] = { "id", "record", "kind", "field", "state" };
	static const int cols[] = { 0, 1, 2, 3, 6 };
	cJSON *c = cJSON_CreateObject();
	for (int i = 0; i < 5; i++)
		cJSON_AddStringToObject(c, names[i], (const char *)sqlite3_column_text(s, cols[i]));
	cJSON *mine = cJSON_Parse((const char *)sqlite3_column_text(s, 4));
	cJSON *theirs = cJSON_Parse((const char *)sqlite3_column_text(s, 5));
	cJSON *body = cJSON_Parse((const char *)sqlite3_column_text(s, 7));
	cJSON_AddItemToObject(c, "mine", mine ? mine : cJSON_CreateNull());
	cJSON_AddItemToObject(c, "theirs", theirs ? theirs : cJSON_CreateNull());
	cJSON_AddItemToObject(c, "conflict", body ? body : cJSON_CreateNull());
	return c;
}

#define CONFLICT_COLS "id, record_id, kind, field, mine, theirs, state, body"

cJSON *sync_conflict_get(struct store *st, const char *id)
{
	sqlite3_stmt *s = store_stmt(st, "SELECT " CONFLICT_COLS " FROM sync_conflicts WHERE id=?", NULL, 0);
	if (!s)
		return NULL;
	sqlite3_bind_text(s, 1, id, -1, SQLITE_STATIC);
	cJSON *c = sqlite3_step(s) == SQLITE_ROW ? conflict_row(s) : NULL;
	sqlite3_reset(s);
	return c;
}

int sync_conflict_each(struct store *st, int (*cb)(const cJSON *c, void *arg), void *arg)
{
	sqlite3_stmt *s;
	if (sqlite3_prepare_v2(store_db(st), "SELECT " CONFLICT_COLS " FROM sync_conflicts WHERE state!='resolved'"
			       " ORDER BY rowid", -1, &s, NULL) != SQLITE_OK)
		return -1;
	int n = 0;
	while (sqlite3_step(s) == SQLITE_ROW) {
		cJSON *c = conflict_row(s);
		n++;
		int stop = cb(c, arg);
		cJSON_Delete(c);
		if (stop)
			break;
	}
	sqlite3_finalize(s);
	return n;
}

int sync_conflict_set_state(struct store *st, const char *id, const char *state, char *err, size_t errlen)
{
	sqlite3_stmt *s = store_stmt(st, "UPDATE sync_conflicts SET state=? WHERE id=?", err, errlen);
	if (!s)
		return -1;
	sqlite3_bind_text(s, 1, state, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, id, -1, SQLITE_STATIC);
	int rc = sqlite3_step(s);
	sqlite3_reset(s);
	return rc == SQLITE_DONE ? 0 : store_sqlerr(st, "cannot update a conflict", err, errlen);
}

static long count(struct store *st, const char *sql)
{
	sqlite3_stmt *s = store_stmt(st, sql, NULL, 0);
	if (!s)
		return -1;
	long n = sqlite3_step(s) == SQLITE_ROW ? (long)sqlite3_column_int64(s, 0) : -1;
	sqlite3_reset(s);
	return n;
}

long sync_conflict_count(struct store *st)
{
	return count(st, "SELECT count(*) FROM sync_conflicts WHERE state!='resolved'");
}

long sync_resolution_count(struct store *st)
{
	return count(st, "SELECT count(*) FROM sync_resolutions");
}

int sync_resolution_add(struct store *st, const char *conflict_id, const cJSON *m, char *err, size_t errlen)
{
	char *body = cJSON_PrintUnformatted(m);
	sqlite3_stmt *s = store_stmt(st, "INSERT INTO sync_resolutions(mutation_id, conflict_id, body) VALUES (?,?,?)",
				     err, errlen);
	int rc = -1;
	if (s && body) {
		sqlite3_bind_text(s, 1, str(m, "mutation_id"), -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(s, 2, conflict_id, -1, SQLITE_STATIC);
		sqlite3_bind_text(s, 3, body, -1, SQLITE_STATIC);
		rc = sqlite3_step(s) == SQLITE_DONE ? 0 : store_sqlerr(st, "cannot queue the resolution", err, errlen);
		sqlite3_reset(s);
	}
	free(body);
	return rc;
}

int sync_resolution_each(struct store *st, int limit, int (*cb)(const cJSON *m, void *arg), void *arg)
{
	return store_each_json(st, "SELECT body FROM sync_resolutions ORDER BY seq LIMIT ?", limit, cb, arg, NULL, 0);
}

int sync_resolution_ack(struct store *st, const char *mutation_id, char *err, size_t errlen)
{
	sqlite3_stmt *s = store_stmt(st, "UPDATE sync_conflicts SET state='resolved' WHERE id IN"
				     " (SELECT conflict_id FROM sync_resolutions WHERE mutation_id=?)", err, errlen);
	if (!s)
		return -1;
	sqlite3_bind_text(s, 1, mutation_id, -1, SQLITE_STATIC);
	int rc = sqlite3_step(s);
	sqlite3_reset(s);
	if (rc != SQLITE_DONE)
		return store_sqlerr(st, "cannot update a conflict", err, errlen);
	s = store_stmt(st, "DELETE FROM sync_resolutions WHERE mutation_id=?", err, errlen);
	if (!s)
		return -1;
	sqlite3_bind_text(s, 1, mutation_id, -1, SQLITE_STATIC);
	rc = sqlite3_step(s);
	sqlite3_reset(s);
	return rc == SQLITE_DONE ? 0 : store_sqlerr(st, "cannot update the resolutions", err, errlen);
}

int sync_undo_rejected(struct store *st, const cJSON *result, char *err, size_t errlen)
{
	const cJSON *cur = cJSON_GetObjectItemCaseSensitive(result, "current");
	const char *id = str(result, "id");
	if (cJSON_IsObject(cur))
		return sync_force_record(st, cur, err, errlen);
	if (!cJSON_IsNull(cur) || !*id)
		return 0;
	if (sync_drop_pending(st, id, err, errlen) != 0)
		return -1;
	return store_purge(st, id, err, errlen) < 0 ? -1 : 0;
}

int sync_relay_each(struct store *st, int limit, int (*cb)(const cJSON *m, void *arg), void *arg)
{
	return store_each_json(st, "SELECT body FROM relay ORDER BY rowid LIMIT ?", limit, cb, arg, NULL, 0);
}

int sync_relay_done(struct store *st, const cJSON *result, char *err, size_t errlen)
{
	const char *mid = str(result, "mutation_id");
	sqlite3_stmt *s = store_stmt(st, "DELETE FROM relay WHERE mutation_id=?", err, errlen);
	if (!s)
		return -1;
	sqlite3_bind_text(s, 1, mid, -1, SQLITE_STATIC);
	int rc = sqlite3_step(s), was = sqlite3_changes(store_db(st)) > 0;
	sqlite3_reset(s);
	if (rc != SQLITE_DONE)
		return store_sqlerr(st, "cannot update the relay queue", err, errlen);
	if (!was)
		return 0;
	char now[21], *text = cJSON_PrintUnformatted(result);
	po_now(now);
	s = store_stmt(st, "INSERT OR REPLACE INTO sync_relay_results(mutation_id, result, at) VALUES (?,?,?)", err, errlen);
	rc = -1;
	if (s && text) {
		sqlite3_bind_text(s, 1, mid, -1, SQLITE_STATIC);
		sqlite3_bind_text(s, 2, text, -1, SQLITE_STATIC);
		sqlite3_bind_text(s, 3, now, -1, SQLITE_STATIC);
		rc = sqlite3_step(s) == SQLITE_DONE ? 1 : store_sqlerr(st, "cannot keep a relayed result", err, errlen);
		sqlite3_reset(s);
	}
	free(text);
	return rc;
}

int sync_relay_results_each(struct store *st, int (*cb)(const cJSON *result, void *arg), void *arg)
{
	sqlite3_stmt *s;
	if (sqlite3_prepare_v2(store_db(st), "SELECT result FROM sync_relay_results ORDER BY at, mutation_id", -1, &s,
			       NULL) != SQLITE_OK)
		return -1;
	int n = 0;
	while (sqlite3_step(s) == SQLITE_ROW) {
		cJSON *r = cJSON_Parse((const char *)sqlite3_column_text(s, 0));
		n++;
		int stop = r ? cb(r, arg) : 0;
		cJSON_Delete(r);
		if (stop)
			break;
	}
	sqlite3_finalize(s);
	return n;
}

int sync_note_revoked(struct store *st, const char *id, char *err, size_t errlen)
{
	char now[21];
	po_now(now);
	sqlite3_stmt *s = store_stmt(st, "INSERT OR REPLACE INTO sync_revoked(id, at) VALUES (?,?)", err, errlen);
	if (!s)
		return -1;
	sqlite3_bind_text(s, 1, id, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, now, -1, SQLITE_STATIC);
	int rc = sqlite3_step(s);
	sqlite3_reset(s);
	return rc == SQLITE_DONE ? 0 : store_sqlerr(st, "cannot note a revocation", err, errlen);
}

int sync_revoked_each(struct store *st, int (*cb)(const char *id, void *arg), void *arg)
{
	sqlite3_stmt *s;
	if (sqlite3_prepare_v2(store_db(st), "SELECT id FROM sync_revoked ORDER BY id", -1, &s, NULL) != SQLITE_OK)
		return -1;
	int n = 0;
	while (sqlite3_step(s) == SQLITE_ROW) {
		n++;
		if (cb((const char *)sqlite3_column_text(s, 0), arg))
			break;
	}
	sqlite3_finalize(s);
	return n;
}

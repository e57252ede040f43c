/* journal.c - see journal.h. The audit chain: each entry's hash is BLAKE2b-256 over the previous
 * entry's hash and this entry's content, so that changing, removing or reordering an entry
 * breaks every hash after it. */
#include "journal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "store_int.h"
#include "util.h"

enum { HASH_HEX = crypto_generichash_BYTES * 2 + 1 };

/* The hashed content of an entry: its fields joined by a separator that cannot occur in them. */
static void entry_hash(const char *prev, const char *const cols[7], char out[HASH_HEX])
{
	crypto_generichash_state h;
	unsigned char digest[crypto_generichash_BYTES];
	crypto_generichash_init(&h, NULL, 0, sizeof digest);
	crypto_generichash_update(&h, (const unsigned char *)prev, strlen(prev));
	for (int i = 0; i < 7; i++) {
		crypto_generichash_update(&h, (const unsigned char *)"\x1f", 1);
		crypto_generichash_update(&h, (const unsigned char *)cols[i], strlen(cols[i]));
	}
	crypto_generichash_final(&h, digest, sizeof digest);
	sodium_bin2hex(out, HASH_HEX, digest, sizeof digest);
}

static int last_hash(struct store *st, char out[HASH_HEX], char *err, size_t errlen)
{
	sqlite3_stmt *s = store_stmt(st, "SELECT hash FROM audit ORDER BY seq DESC LIMIT 1", err, errlen);
	if (!s)
		return -1;
	if (sqlite3_step(s) == SQLITE_ROW)
		po_strlcpy(out, (const char *)sqlite3_column_text(s, 0), HASH_HEX);
	else
		out[0] = '\0';
	sqlite3_reset(s);
	return 0;
}

int journal_audit(struct store *st, const char *action, const char *kind, const char *id,
		  const cJSON *detail, char *err, size_t errlen)
{
	char now[21], prev[HASH_HEX], hash[HASH_HEX];
	po_now(now);
	if (last_hash(st, prev, err, errlen) != 0)
		return -1;
	char *d = detail ? cJSON_PrintUnformatted(detail) : strdup("{}");
	const char *cols[7] = { now, store_agency(st), store_operator(st), action, kind, id ? id : "", d ? d : "{}" };
	entry_hash(prev, cols, hash);
	sqlite3_stmt *s = store_stmt(st, "INSERT INTO audit(at, agency, actor, action, kind, record_id, detail,"
				     " prev_hash, hash) VALUES (?,?,?,?,?,?,?,?,?)", err, errlen);
	int rc = -1;
	if (s) {
		for (int i = 0; i < 7; i++)
			sqlite3_bind_text(s, i + 1, cols[i], -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(s, 8, prev, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(s, 9, hash, -1, SQLITE_TRANSIENT);
		rc = sqlite3_step(s) == SQLITE_DONE ? 0 : store_sqlerr(st, "cannot write the audit trail", err, errlen);
		sqlite3_reset(s);
	}
	free(d);
	return rc;
}

static cJSON *mutation(struct store *st, const struct journal_change *c)
{
	char mid[37], now[21];
	po_uuid(mid);
	po_now(now);
	cJSON *m = cJSON_CreateObject();
	cJSON_AddStringToObject(m, "mutation_id", mid);
	cJSON_AddStringToObject(m, "kind", c->kind);
	cJSON_AddStringToObject(m, "id", c->id);
	if (c->parent)
		cJSON_AddStringToObject(m, "parent", c->parent);
	cJSON_AddNumberToObject(m, "base_rev", (double)c->base_rev);
	cJSON_AddStringToObject(m, "op", c->op);
	cJSON_AddItemToObject(m, "fields", cJSON_Duplicate(c->fields, 1));
	cJSON_AddStringToObject(m, "agency", store_agency(st));
	cJSON_AddStringToObject(m, "author", store_operator(st));
	cJSON_AddStringToObject(m, "at", now);
	return m;
}

static int outbox_add(struct store *st, const struct journal_change *c, char *err, size_t errlen)
{
	cJSON *m = mutation(st, c);
	char *body = cJSON_PrintUnformatted(m);
	sqlite3_stmt *s = store_stmt(st, "INSERT INTO outbox(mutation_id, kind, record_id, body) VALUES (?,?,?,?)",
				     err, errlen);
	int rc = -1;
	if (s && body) {
		sqlite3_bind_text(s, 1, cJSON_GetObjectItemCaseSensitive(m, "mutation_id")->valuestring, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(s, 2, c->kind, -1, SQLITE_STATIC);
		sqlite3_bind_text(s, 3, c->id, -1, SQLITE_STATIC);
		sqlite3_bind_text(s, 4, body, -1, SQLITE_STATIC);
		rc = sqlite3_step(s) == SQLITE_DONE ? 0 : store_sqlerr(st, "cannot write the outbox", err, errlen);
		sqlite3_reset(s);
	}
	free(body);
	cJSON_Delete(m);
	return rc;
}

int journal_write(struct store *st, const struct journal_change *c, char *err, size_t errlen)
{
	if (!c->local && outbox_add(st, c, err, errlen) != 0)
		return -1;
	cJSON *detail = cJSON_CreateObject();
	cJSON_AddNumberToObject(detail, "base_rev", (double)c->base_rev);
	cJSON_AddItemToObject(detail, "fields", cJSON_Duplicate(c->fields, 1));
	if (c->parent)
		cJSON_AddStringToObject(detail, "parent", c->parent);
	int rc = journal_audit(st, c->op, c->kind, c->id, detail, err, errlen);
	cJSON_Delete(detail);
	return rc;
}

int journal_outbox(struct store *st, int limit, int (*cb)(const cJSON *m, void *arg), void *arg,
		   char *err, size_t errlen)
{
	return store_each_json(st, "SELECT body FROM outbox ORDER BY seq LIMIT ?", limit, cb, arg, err, errlen);
}

long journal_outbox_count(struct store *st)
{
	sqlite3_stmt *s = store_stmt(st, "SELECT count(*) FROM outbox", NULL, 0);
	if (!s)
		return -1;
	long n = sqlite3_step(s) == SQLITE_ROW ? (long)sqlite3_column_int64(s, 0) : -1;
	sqlite3_reset(s);
	return n;
}

int journal_ack(struct store *st, const char *mutation_id, char *err, size_t errlen)
{
	sqlite3_stmt *s = store_stmt(st, "DELETE FROM outbox WHERE mutation_id=?", err, errlen);
	if (!s)
		return -1;
	sqlite3_bind_text(s, 1, mutation_id, -1, SQLITE_STATIC);
	int rc = sqlite3_step(s) == SQLITE_DONE ? 0 : store_sqlerr(st, "cannot update the outbox", err, errlen);
	sqlite3_reset(s);
	return rc;
}

static cJSON *audit_row(sqlite3_stmt *s)
{
	static const char *const names[] = { "seq", "at", "agency", "actor", "action", "kind", "record_id", "detail" };
	cJSON *e = cJSON_CreateObject();
	cJSON_AddNumberToObject(e, names[0], (double)sqlite3_column_int64(s, 0));
	for (int i = 1; i < 7; i++)
		cJSON_AddStringToObject(e, names[i], (const char *)sqlite3_column_text(s, i));
	cJSON *d = cJSON_Parse((const char *)sqlite3_column_text(s, 7));
	cJSON_AddItemToObject(e, names[7], d ? d : cJSON_CreateObject());
	return e;
}

int journal_trail(struct store *st, const char *id, int (*cb)(const cJSON *entry, void *arg), void *arg,
		  char *err, size_t errlen)
{
	sqlite3_stmt *s;
	const char *sql = id ? "SELECT seq, at, agency, actor, action, kind, record_id, detail FROM audit"
			       " WHERE record_id=? ORDER BY seq"
			     : "SELECT seq, at, agency, actor, action, kind, record_id, detail FROM audit ORDER BY seq";
	if (sqlite3_prepare_v2(store_db(st), sql, -1, &s, NULL) != SQLITE_OK)
		return store_sqlerr(st, "cannot read the audit trail", err, errlen);
	if (id)
		sqlite3_bind_text(s, 1, id, -1, SQLITE_STATIC);
	int n = 0;
	while (sqlite3_step(s) == SQLITE_ROW) {
		cJSON *e = audit_row(s);
		n++;
		int stop = cb(e, arg);
		cJSON_Delete(e);
		if (stop)
			break;
	}
	sqlite3_finalize(s);
	return n;
}

int journal_verify(struct store *st, long *bad_seq, char *err, size_t errlen)
{
	sqlite3_stmt *s;
	if (sqlite3_prepare_v2(store_db(st), "SELECT seq, at, agency, actor, action, kind, record_id, detail,"
			       " prev_hash, hash FROM audit ORDER BY seq", -1, &s, NULL) != SQLITE_OK)
		return store_sqlerr(st, "cannot read the audit trail", err, errlen);
	char prev[HASH_HEX] = "", hash[HASH_HEX];
	int rc = 0;
	while (rc == 0 && sqlite3_step(s) == SQLITE_ROW) {
		const char *cols[7];
		for (int i = 0; i < 7; i++)
			cols[i] = (const char *)sqlite3_column_text(s, i + 1);
		entry_hash(prev, cols, hash);
		const char *stored_prev = (const char *)sqlite3_column_text(s, 8);
		const char *stored = (const char *)sqlite3_column_text(s, 9);
		if (strcmp(stored_prev, prev) != 0 || strcmp(stored, hash) != 0) {
			long seq = (long)sqlite3_column_int64(s, 0);
			if (bad_seq)
				*bad_seq = seq;
			rc = po_err(err, errlen, "audit entry %ld does not match its hash: the trail was altered", seq);
		}
		po_strlcpy(prev, stored, sizeof prev);
	}
	sqlite3_finalize(s);
	return rc;
}

/* xstore.c - the SQLite implementation of xstore.h. */
#include "xstore.h"

#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sqlite3.h>

#include "storage/util.h"

enum { XS_STMTS = 48 };

struct xstore {
	sqlite3 *db;                       /* the connection */
	pthread_mutex_t lock;              /* xs_lock */
	const char *sql[XS_STMTS];         /* statement texts (string literals) */
	sqlite3_stmt *stmt[XS_STMTS];      /* prepared once */
	int nstmt;
};

static const char schema[] =
	"CREATE TABLE IF NOT EXISTS settings(key TEXT PRIMARY KEY, value TEXT NOT NULL) STRICT;"
	"CREATE TABLE IF NOT EXISTS agencies(code TEXT PRIMARY KEY, name TEXT NOT NULL,"
	" country TEXT NOT NULL) STRICT;"
	"CREATE TABLE IF NOT EXISTS tokens(id TEXT PRIMARY KEY, agency TEXT NOT NULL REFERENCES agencies(code),"
	" device TEXT NOT NULL, hash TEXT NOT NULL, created_at TEXT NOT NULL,"
	" revoked_at TEXT NOT NULL DEFAULT '') STRICT;"
	"CREATE TABLE IF NOT EXISTS records(id TEXT PRIMARY KEY, kind TEXT NOT NULL, parent TEXT,"
	" root TEXT NOT NULL, rev INTEGER NOT NULL, body TEXT NOT NULL) STRICT;"
	"CREATE INDEX IF NOT EXISTS records_parent ON records(parent);"
	"CREATE TABLE IF NOT EXISTS feed(seq INTEGER PRIMARY KEY AUTOINCREMENT, type TEXT NOT NULL,"
	" ref TEXT NOT NULL, root TEXT NOT NULL, before TEXT, after TEXT) STRICT;"
	"CREATE TABLE IF NOT EXISTS mutations(id TEXT PRIMARY KEY, agency TEXT NOT NULL,"
	" result TEXT NOT NULL) STRICT;"
	"CREATE TABLE IF NOT EXISTS conflicts(id TEXT PRIMARY KEY, record TEXT NOT NULL,"
	" body TEXT NOT NULL) STRICT;"
	"CREATE INDEX IF NOT EXISTS conflicts_record ON conflicts(record);"
	"CREATE TABLE IF NOT EXISTS revs(n INTEGER NOT NULL) STRICT;";

/* Returns the cached prepared statement for sql (a string literal), reset; NULL on error. */
static sqlite3_stmt *stmt(struct xstore *xs, const char *sql)
{
	for (int i = 0; i < xs->nstmt; i++) {
		if (xs->sql[i] == sql) {
			sqlite3_reset(xs->stmt[i]);
			sqlite3_clear_bindings(xs->stmt[i]);
			return xs->stmt[i];
		}
	}
	sqlite3_stmt *s = NULL;
	if (sqlite3_prepare_v3(xs->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &s, NULL) != SQLITE_OK)
		return NULL;
	if (xs->nstmt < XS_STMTS) {
		xs->sql[xs->nstmt] = sql;
		xs->stmt[xs->nstmt++] = s;
	}
	return s;
}

static int sqlerr(struct xstore *xs, const char *what, char *err, size_t errlen)
{
	return po_err(err, errlen, "%s: %s", what, sqlite3_errmsg(xs->db));
}

static int exec(struct xstore *xs, const char *sql, char *err, size_t errlen)
{
	char *msg = NULL;
	if (sqlite3_exec(xs->db, sql, NULL, NULL, &msg) == SQLITE_OK)
		return 0;
	po_err(err, errlen, "%s", msg ? msg : sqlite3_errmsg(xs->db));
	sqlite3_free(msg);
	return -1;
}

/* Runs a statement that returns no rows; steps it once and resets it. */
static int run(struct xstore *xs, sqlite3_stmt *s, const char *what, char *err, size_t errlen)
{
	if (!s)
		return sqlerr(xs, what, err, errlen);
	int rc = sqlite3_step(s);
	sqlite3_reset(s);
	return rc == SQLITE_DONE ? 0 : sqlerr(xs, what, err, errlen);
}

static const char *col(sqlite3_stmt *s, int i)
{
	const unsigned char *t = sqlite3_column_text(s, i);
	return t ? (const char *)t : "";
}

int xs_open(const char *path, int create, struct xstore **out, char *err, size_t errlen)
{
	*out = NULL;
	if (!create && access(path, F_OK) != 0)
		return po_err(err, errlen, "no exchange store at %s (run 'portops-exchange init' first)", path);
	if (create) {
		int fd = open(path, O_WRONLY | O_CREAT, 0600);
		if (fd < 0)
			return po_err(err, errlen, "cannot create %s", path);
		close(fd);
	}
	struct xstore *xs = calloc(1, sizeof *xs);
	if (!xs)
		return po_err(err, errlen, "out of memory");
	pthread_mutex_init(&xs->lock, NULL);
	*out = xs;
	if (sqlite3_open_v2(path, &xs->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK) {
		po_err(err, errlen, "cannot open %s: %s", path, xs->db ? sqlite3_errmsg(xs->db) : "out of memory");
		xs_close(xs);
		*out = NULL;
		return -1;
	}
	sqlite3_busy_timeout(xs->db, 10000);
	if (exec(xs, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;", err, errlen) != 0 ||
	    exec(xs, schema, err, errlen) != 0) {
		xs_close(xs);
		*out = NULL;
		return -1;
	}
	return 0;
}

void xs_close(struct xstore *xs)
{
	if (!xs)
		return;
	for (int i = 0; i < xs->nstmt; i++)
		sqlite3_finalize(xs->stmt[i]);
	sqlite3_close(xs->db);
	pthread_mutex_destroy(&xs->lock);
	free(xs);
}

void xs_lock(struct xstore *xs)
{
	pthread_mutex_lock(&xs->lock);
}

void xs_unlock(struct xstore *xs)
{
	pthread_mutex_unlock(&xs->lock);
}

int xs_begin(struct xstore *xs, char *err, size_t errlen)
{
	return exec(xs, "BEGIN IMMEDIATE", err, errlen);
}

int xs_commit(struct xstore *xs, char *err, size_t errlen)
{
	if (exec(xs, "COMMIT", err, errlen) == 0)
		return 0;
	xs_rollback(xs);
	return -1;
}

void xs_rollback(struct xstore *xs)
{
	if (!sqlite3_get_autocommit(xs->db))
		exec(xs, "ROLLBACK", NULL, 0);
}

int xs_savepoint(struct xstore *xs, char *err, size_t errlen)
{
	return exec(xs, "SAVEPOINT m", err, errlen);
}

void xs_release(struct xstore *xs, int keep)
{
	if (!keep)
		exec(xs, "ROLLBACK TO m", NULL, 0);
	exec(xs, "RELEASE m", NULL, 0);
}

int xs_setting(struct xstore *xs, const char *key, char *out, size_t outlen)
{
	sqlite3_stmt *s = stmt(xs, "SELECT value FROM settings WHERE key=?");
	if (!s)
		return -1;
	sqlite3_bind_text(s, 1, key, -1, SQLITE_STATIC);
	int found = sqlite3_step(s) == SQLITE_ROW;
	if (found)
		po_strlcpy(out, col(s, 0), outlen);
	sqlite3_reset(s);
	return found ? 0 : -1;
}

int xs_set_setting(struct xstore *xs, const char *key, const char *value, char *err, size_t errlen)
{
	sqlite3_stmt *s = stmt(xs, "INSERT INTO settings(key, value) VALUES (?, ?)"
			       " ON CONFLICT(key) DO UPDATE SET value=excluded.value");
	if (s) {
		sqlite3_bind_text(s, 1, key, -1, SQLITE_STATIC);
		sqlite3_bind_text(s, 2, value, -1, SQLITE_STATIC);
	}
	return run(xs, s, "cannot save a setting", err, errlen);
}

int xs_agency_add(struct xstore *xs, const char *code, const char *name, const char *country,
		  char *err, size_t errlen)
{
	sqlite3_stmt *s = stmt(xs, "INSERT INTO agencies(code, name, country) VALUES (?,?,?)"
			       " ON CONFLICT(code) DO UPDATE SET name=excluded.name, country=excluded.country");
	if (s) {
		sqlite3_bind_text(s, 1, code, -1, SQLITE_STATIC);
		sqlite3_bind_text(s, 2, name, -1, SQLITE_STATIC);
		sqlite3_bind_text(s, 3, country, -1, SQLITE_STATIC);
	}
	return run(xs, s, "cannot add the agency", err, errlen);
}

int xs_agency_exists(struct xstore *xs, const char *code)
{
	sqlite3_stmt *s = stmt(xs, "SELECT 1 FROM agencies WHERE code=?");
	if (!s)
		return 0;
	sqlite3_bind_text(s, 1, code, -1, SQLITE_STATIC);
	int found = sqlite3_step(s) == SQLITE_ROW;
	sqlite3_reset(s);
	return found;
}

int xs_agency_each(struct xstore *xs, int (*cb)(const char *code, const char *name, const char *country,
						 void *arg), void *arg)
{
	sqlite3_stmt *s = stmt(xs, "SELECT code, name, country FROM agencies ORDER BY code");
	if (!s)
		return -1;
	int n = 0;
	while (sqlite3_step(s) == SQLITE_ROW) {
		n++;
		if (cb(col(s, 0), col(s, 1), col(s, 2), arg))
			break;
	}
	sqlite3_reset(s);
	return n;
}

int xs_token_add(struct xstore *xs, const struct xs_token *t, char *err, size_t errlen)
{
	sqlite3_stmt *s = stmt(xs, "INSERT INTO tokens(id, agency, device, hash, created_at) VALUES (?,?,?,?,?)");
	if (s) {
		const char *v[] = { t->id, t->agency, t->device, t->hash, t->created_at };
		for (int i = 0; i < 5; i++)
			sqlite3_bind_text(s, i + 1, v[i], -1, SQLITE_STATIC);
	}
	return run(xs, s, "cannot store the token", err, errlen);
}

static void token_row(sqlite3_stmt *s, struct xs_token *t)
{
	po_strlcpy(t->id, col(s, 0), sizeof t->id);
	po_strlcpy(t->agency, col(s, 1), sizeof t->agency);
	po_strlcpy(t->device, col(s, 2), sizeof t->device);
	po_strlcpy(t->hash, col(s, 3), sizeof t->hash);
	po_strlcpy(t->created_at, col(s, 4), sizeof t->created_at);
	po_strlcpy(t->revoked_at, col(s, 5), sizeof t->revoked_at);
}

int xs_token_get(struct xstore *xs, const char *id, struct xs_token *out)
{
	sqlite3_stmt *s = stmt(xs, "SELECT id, agency, device, hash, created_at, revoked_at FROM tokens WHERE id=?");
	if (!s)
		return -1;
	sqlite3_bind_text(s, 1, id, -1, SQLITE_STATIC);
	int found = sqlite3_step(s) == SQLITE_ROW;
	if (found)
		token_row(s, out);
	sqlite3_reset(s);
	return found ? 0 : -1;
}

int xs_token_each(struct xstore *xs, int (*cb)(const struct xs_token *t, void *arg), void *arg)
{
	sqlite3_stmt *s = stmt(xs, "SELECT id, agency, device, hash, created_at, revoked_at FROM tokens"
			       " ORDER BY created_at, id");
	if (!s)
		return -1;
	int n = 0;
	struct xs_token t;
	while (sqlite3_step(s) == SQLITE_ROW) {
		token_row(s, &t);
		n++;
		if (cb(&t, arg))
			break;
	}
	sqlite3_reset(s);
	return n;
}

int xs_token_revoke(struct xstore *xs, const char *id, char *err, size_t errlen)
{
	struct xs_token t;
	if (xs_token_get(xs, id, &t) != 0)
		return po_err(err, errlen, "no token with id %s", id);
	if (t.revoked_at[0])
		return 0;
	char now[21];
	po_now(now);
	sqlite3_stmt *s = stmt(xs, "UPDATE tokens SET revoked_at=? WHERE id=?");
	if (s) {
		sqlite3_bind_text(s, 1, now, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(s, 2, id, -1, SQLITE_STATIC);
	}
	return run(xs, s, "cannot revoke the token", err, errlen);
}

cJSON *xs_record_get(struct xstore *xs, const char *id)
{
	sqlite3_stmt *s = stmt(xs, "SELECT body FROM records WHERE id=?");
	if (!s)
		return NULL;
	sqlite3_bind_text(s, 1, id, -1, SQLITE_STATIC);
	cJSON *rec = sqlite3_step(s) == SQLITE_ROW ? cJSON_Parse(col(s, 0)) : NULL;
	sqlite3_reset(s);
	return rec;
}

char *xs_record_text(struct xstore *xs, const char *id, char parent[37])
{
	sqlite3_stmt *s = stmt(xs, "SELECT body, coalesce(parent, '') FROM records WHERE id=?");
	if (!s)
		return NULL;
	sqlite3_bind_text(s, 1, id, -1, SQLITE_STATIC);
	char *text = NULL;
	if (sqlite3_step(s) == SQLITE_ROW) {
		text = strdup(col(s, 0));
		po_strlcpy(parent, col(s, 1), 37);
	}
	sqlite3_reset(s);
	return text;
}

static const char *member(const cJSON *rec, const char *name)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(rec, name);
	return cJSON_IsString(v) ? v->valuestring : NULL;
}

int xs_record_put(struct xstore *xs, const cJSON *rec, const char *root, char *err, size_t errlen)
{
	sqlite3_stmt *s = stmt(xs, "INSERT INTO records(id, kind, parent, root, rev, body) VALUES (?,?,?,?,?,?)"
			       " ON CONFLICT(id) DO UPDATE SET rev=excluded.rev, body=excluded.body");
	char *body = cJSON_PrintUnformatted(rec);
	if (!body)
		return po_err(err, errlen, "out of memory");
	if (s) {
		const cJSON *rev = cJSON_GetObjectItemCaseSensitive(rec, "rev");
		sqlite3_bind_text(s, 1, member(rec, "id"), -1, SQLITE_STATIC);
		sqlite3_bind_text(s, 2, member(rec, "kind"), -1, SQLITE_STATIC);
		sqlite3_bind_text(s, 3, member(rec, "parent"), -1, SQLITE_STATIC);
		sqlite3_bind_text(s, 4, root, -1, SQLITE_STATIC);
		sqlite3_bind_int64(s, 5, cJSON_IsNumber(rev) ? (sqlite3_int64)rev->valuedouble : 0);
		sqlite3_bind_text(s, 6, body, -1, SQLITE_STATIC);
	}
	int rc = run(xs, s, "cannot store the record", err, errlen);
	free(body);
	return rc;
}

int xs_record_root(struct xstore *xs, const char *id, char out[37])
{
	sqlite3_stmt *s = stmt(xs, "SELECT root FROM records WHERE id=?");
	if (!s)
		return -1;
	sqlite3_bind_text(s, 1, id, -1, SQLITE_STATIC);
	int found = sqlite3_step(s) == SQLITE_ROW;
	if (found)
		po_strlcpy(out, col(s, 0), 37);
	sqlite3_reset(s);
	return found ? 0 : -1;
}

int xs_descendants(struct xstore *xs, const char *root, int (*cb)(const char *id, void *arg), void *arg)
{
	/* Children have their root's id in root; order by depth so that parents come first. */
	sqlite3_stmt *s;
	if (sqlite3_prepare_v2(xs->db, "WITH RECURSIVE d(id, depth) AS (SELECT id, 1 FROM records WHERE parent=?1"
			       " UNION ALL SELECT r.id, d.depth + 1 FROM records r JOIN d ON r.parent=d.id)"
			       " SELECT id FROM d ORDER BY depth, id", -1, &s, NULL) != SQLITE_OK)
		return -1;
	sqlite3_bind_text(s, 1, root, -1, SQLITE_STATIC);
	int n = 0;
	while (sqlite3_step(s) == SQLITE_ROW) {
		n++;
		if (cb(col(s, 0), arg))
			break;
	}
	sqlite3_finalize(s);
	return n;
}

int xs_record_each(struct xstore *xs, int (*cb)(const cJSON *rec, void *arg), void *arg)
{
	sqlite3_stmt *s;
	if (sqlite3_prepare_v2(xs->db, "SELECT body FROM records ORDER BY id", -1, &s, NULL) != SQLITE_OK)
		return -1;
	int n = 0;
	while (sqlite3_step(s) == SQLITE_ROW) {
		cJSON *rec = cJSON_Parse(col(s, 0));
		n++;
		int stop = rec ? cb(rec, arg) : 0;
		cJSON_Delete(rec);
		if (stop)
			break;
	}
	sqlite3_finalize(s);
	return n;
}

long xs_next_rev(struct xstore *xs, char *err, size_t errlen)
{
	sqlite3_stmt *s = stmt(xs, "UPDATE revs SET n=n+1 RETURNING n");
	if (!s) {
		sqlerr(xs, "cannot number the revision", err, errlen);
		return -1;
	}
	long n = sqlite3_step(s) == SQLITE_ROW ? (long)sqlite3_column_int64(s, 0) : 0;
	sqlite3_reset(s);
	if (n > 0)
		return n;
	/* First use: the table is empty. */
	if (exec(xs, "INSERT INTO revs(n) VALUES (1)", err, errlen) != 0)
		return -1;
	return 1;
}

long xs_feed_add(struct xstore *xs, const char *type, const char *ref, const char *root,
		 const cJSON *before, const cJSON *after, char *err, size_t errlen)
{
	sqlite3_stmt *s = stmt(xs, "INSERT INTO feed(type, ref, root, before, after) VALUES (?,?,?,?,?)");
	char *b = before ? cJSON_PrintUnformatted(before) : NULL;
	char *a = after ? cJSON_PrintUnformatted(after) : NULL;
	if (s) {
		sqlite3_bind_text(s, 1, type, -1, SQLITE_STATIC);
		sqlite3_bind_text(s, 2, ref, -1, SQLITE_STATIC);
		sqlite3_bind_text(s, 3, root, -1, SQLITE_STATIC);
		sqlite3_bind_text(s, 4, b, -1, SQLITE_STATIC);
		sqlite3_bind_text(s, 5, a, -1, SQLITE_STATIC);
	}
	int rc = run(xs, s, "cannot write the change feed", err, errlen);
	free(b);
	free(a);
	return rc == 0 ? (long)sqlite3_last_insert_rowid(xs->db) : -1;
}

int xs_feed_scan(struct xstore *xs, long after, int max, int (*cb)(const struct xs_feed_row *r, void *arg),
		 void *arg)
{
	sqlite3_stmt *s = stmt(xs, "SELECT seq, type, ref, root, before, after FROM feed WHERE seq>? ORDER BY seq LIMIT ?");
	if (!s)
		return -1;
	sqlite3_bind_int64(s, 1, after);
	sqlite3_bind_int(s, 2, max);
	int n = 0;
	while (sqlite3_step(s) == SQLITE_ROW) {
		struct xs_feed_row r = { (long)sqlite3_column_int64(s, 0), col(s, 1), col(s, 2), col(s, 3),
					 (const char *)sqlite3_column_text(s, 4),
					 (const char *)sqlite3_column_text(s, 5) };
		n++;
		if (cb(&r, arg))
			break;
	}
	sqlite3_reset(s);
	return n;
}

long xs_feed_head(struct xstore *xs)
{
	sqlite3_stmt *s = stmt(xs, "SELECT coalesce(max(seq), 0) FROM feed");
	if (!s)
		return -1;
	long n = sqlite3_step(s) == SQLITE_ROW ? (long)sqlite3_column_int64(s, 0) : -1;
	sqlite3_reset(s);
	return n;
}

cJSON *xs_mutation_get(struct xstore *xs, const char *mutation_id, char agency[17])
{
	sqlite3_stmt *s = stmt(xs, "SELECT agency, result FROM mutations WHERE id=?");
	if (!s)
		return NULL;
	sqlite3_bind_text(s, 1, mutation_id, -1, SQLITE_STATIC);
	cJSON *res = NULL;
	if (sqlite3_step(s) == SQLITE_ROW) {
		po_strlcpy(agency, col(s, 0), 17);
		res = cJSON_Parse(col(s, 1));
	}
	sqlite3_reset(s);
	return res;
}

int xs_mutation_put(struct xstore *xs, const char *mutation_id, const char *agency, const cJSON *result,
		    char *err, size_t errlen)
{
	sqlite3_stmt *s = stmt(xs, "INSERT INTO mutations(id, agency, result) VALUES (?,?,?)");
	char *text = cJSON_PrintUnformatted(result);
	if (s) {
		sqlite3_bind_text(s, 1, mutation_id, -1, SQLITE_STATIC);
		sqlite3_bind_text(s, 2, agency, -1, SQLITE_STATIC);
		sqlite3_bind_text(s, 3, text, -1, SQLITE_STATIC);
	}
	int rc = run(xs, s, "cannot store the mutation result", err, errlen);
	free(text);
	return rc;
}

int xs_conflict_put(struct xstore *xs, const cJSON *c, char *err, size_t errlen)
{
	sqlite3_stmt *s = stmt(xs, "INSERT INTO conflicts(id, record, body) VALUES (?,?,?)"
			       " ON CONFLICT(id) DO UPDATE SET body=excluded.body");
	char *text = cJSON_PrintUnformatted(c);
	if (s) {
		sqlite3_bind_text(s, 1, member(c, "id"), -1, SQLITE_STATIC);
		sqlite3_bind_text(s, 2, member(c, "record"), -1, SQLITE_STATIC);
		sqlite3_bind_text(s, 3, text, -1, SQLITE_STATIC);
	}
	int rc = run(xs, s, "cannot store the conflict", err, errlen);
	free(text);
	return rc;
}

cJSON *xs_conflict_get(struct xstore *xs, const char *id)
{
	sqlite3_stmt *s = stmt(xs, "SELECT body FROM conflicts WHERE id=?");
	if (!s)
		return NULL;
	sqlite3_bind_text(s, 1, id, -1, SQLITE_STATIC);
	cJSON *c = sqlite3_step(s) == SQLITE_ROW ? cJSON_Parse(col(s, 0)) : NULL;
	sqlite3_reset(s);
	return c;
}

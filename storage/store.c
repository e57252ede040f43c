/* store.c - opening the store, settings, transactions and the statement cache (store.h). */
#include "store.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "kindsql.h"
#include "schema.h"
#include "store_int.h"
#include "util.h"

enum { STMT_CACHE = 96 };

struct stmt_slot {
	const char *sql;      /* the statement's text (borrowed) */
	sqlite3_stmt *stmt;   /* prepared once */
};

struct store {
	sqlite3 *db;                           /* the connection */
	char agency[17];                       /* settings: agency */
	char operator_name[101];               /* settings: operator */
	int explicit_tx;                       /* store_begin is in force */
	struct stmt_slot cache[STMT_CACHE];    /* prepared statements */
	int ncache;
};

int store_sqlerr(struct store *st, const char *what, char *err, size_t errlen)
{
	return po_err(err, errlen, "%s: %s", what, sqlite3_errmsg(st->db));
}

sqlite3_stmt *store_stmt(struct store *st, const char *sql, char *err, size_t errlen)
{
	/* Callers pass the same literal each time: compare pointers first, text only when none is. */
	int hit = -1;
	for (int i = 0; i < st->ncache && hit < 0; i++)
		if (st->cache[i].sql == sql)
			hit = i;
	for (int i = 0; i < st->ncache && hit < 0; i++)
		if (strcmp(st->cache[i].sql, sql) == 0)
			hit = i;
	if (hit >= 0) {
		sqlite3_reset(st->cache[hit].stmt);
		sqlite3_clear_bindings(st->cache[hit].stmt);
		return st->cache[hit].stmt;
	}
	sqlite3_stmt *s = NULL;
	if (sqlite3_prepare_v3(st->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &s, NULL) != SQLITE_OK) {
		store_sqlerr(st, "cannot prepare a query", err, errlen);
		return NULL;
	}
	if (st->ncache < STMT_CACHE)
		st->cache[st->ncache++] = (struct stmt_slot){ sql, s };
	else /* a full cache keeps working, only slower: the oldest is replaced */
		sqlite3_finalize(st->cache[0].stmt), st->cache[0] = (struct stmt_slot){ sql, s };
	return s;
}

int store_exec(struct store *st, const char *sql, char *err, size_t errlen)
{
	char *msg = NULL;
	if (sqlite3_exec(st->db, sql, NULL, NULL, &msg) != SQLITE_OK) {
		po_err(err, errlen, "%s", msg ? msg : sqlite3_errmsg(st->db));
		sqlite3_free(msg);
		return -1;
	}
	return 0;
}

sqlite3 *store_db(struct store *st)
{
	return st->db;
}

/* Creates the folder of path (0700) and the file itself (0600) when absent. */
static int make_file(const char *path, char *err, size_t errlen)
{
	char *copy = strdup(path);
	if (!copy)
		return po_err(err, errlen, "out of memory");
	char *dir = dirname(copy);
	char partial[4096] = "";
	for (char *p = dir; *p; p++) {
		if (*p == '/' && p != dir) {
			snprintf(partial, sizeof partial, "%.*s", (int)(p - dir), dir);
			mkdir(partial, 0700);
		}
	}
	if (mkdir(dir, 0700) != 0 && errno != EEXIST) {
		po_err(err, errlen, "cannot create the folder %s: %s", dir, strerror(errno));
		free(copy);
		return -1;
	}
	free(copy);
	int fd = open(path, O_WRONLY | O_CREAT, 0600);
	if (fd < 0)
		return po_err(err, errlen, "cannot create %s: %s", path, strerror(errno));
	close(fd);
	return 0;
}

static int pragmas(struct store *st, unsigned flags, char *err, size_t errlen)
{
	sqlite3_busy_timeout(st->db, 5000);
	if (store_exec(st, "PRAGMA foreign_keys=ON", err, errlen) != 0)
		return -1;
	if (flags & STORE_READONLY)
		return 0;
	return store_exec(st, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;", err, errlen);
}

static void load_identity(struct store *st)
{
	if (store_setting(st, "agency", st->agency, sizeof st->agency) != 0)
		st->agency[0] = '\0';
	if (store_setting(st, "operator", st->operator_name, sizeof st->operator_name) != 0)
		st->operator_name[0] = '\0';
}

int store_open(const char *path, unsigned flags, struct store **out, char *err, size_t errlen)
{
	*out = NULL;
	if (!(flags & STORE_CREATE) && access(path, F_OK) != 0)
		return po_err(err, errlen, "no store at %s (run 'portops init' first)", path);
	if ((flags & STORE_CREATE) && make_file(path, err, errlen) != 0)
		return -1;
	struct store *st = calloc(1, sizeof *st);
	if (!st)
		return po_err(err, errlen, "out of memory");
	int oflags = (flags & STORE_READONLY) ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE;
	if (sqlite3_open_v2(path, &st->db, oflags | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK) {
		po_err(err, errlen, "cannot open %s: %s", path, st->db ? sqlite3_errmsg(st->db) : "out of memory");
		store_close(st);
		return -1;
	}
	sqlite3_extended_result_codes(st->db, 1);
	if (pragmas(st, flags, err, errlen) != 0 ||
	    (!(flags & STORE_READONLY) && schema_migrate(st->db, err, errlen) != 0)) {
		store_close(st);
		return -1;
	}
	load_identity(st);
	*out = st;
	return 0;
}

void store_close(struct store *st)
{
	if (!st)
		return;
	for (int i = 0; i < st->ncache; i++)
		sqlite3_finalize(st->cache[i].stmt);
	sqlite3_close(st->db);
	free(st);
}

int store_setting(struct store *st, const char *key, char *out, size_t outlen)
{
	return store_lookup(st, "SELECT value FROM settings WHERE key=?", key, out, outlen);
}

int store_lookup(struct store *st, const char *sql, const char *key, char *out, size_t outlen)
{
	sqlite3_stmt *s = store_stmt(st, sql, NULL, 0);
	if (!s)
		return -1;
	sqlite3_bind_text(s, 1, key, -1, SQLITE_STATIC);
	int found = sqlite3_step(s) == SQLITE_ROW;
	if (found)
		po_strlcpy(out, (const char *)sqlite3_column_text(s, 0), outlen);
	sqlite3_reset(s);
	return found ? 0 : -1;
}

int store_set_setting(struct store *st, const char *key, const char *value, char *err, size_t errlen)
{
	sqlite3_stmt *s = store_stmt(st, "INSERT INTO settings(key, value) VALUES (?, ?)"
				     " ON CONFLICT(key) DO UPDATE SET value=excluded.value", err, errlen);
	if (!s)
		return -1;
	sqlite3_bind_text(s, 1, key, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, value, -1, SQLITE_STATIC);
	int rc = sqlite3_step(s);
	sqlite3_reset(s);
	if (rc != SQLITE_DONE)
		return store_sqlerr(st, "cannot save a setting", err, errlen);
	load_identity(st);
	return 0;
}

const char *store_agency(const struct store *st)
{
	return st->agency;
}

const char *store_operator(const struct store *st)
{
	return st->operator_name;
}

int store_begin(struct store *st, char *err, size_t errlen)
{
	if (st->explicit_tx)
		return po_err(err, errlen, "a transaction is already open");
	if (store_exec(st, "BEGIN IMMEDIATE", err, errlen) != 0)
		return -1;
	st->explicit_tx = 1;
	return 0;
}

int store_commit(struct store *st, char *err, size_t errlen)
{
	st->explicit_tx = 0;
	if (store_exec(st, "COMMIT", err, errlen) != 0) {
		store_exec(st, "ROLLBACK", NULL, 0);
		return -1;
	}
	return 0;
}

void store_rollback(struct store *st)
{
	st->explicit_tx = 0;
	if (!sqlite3_get_autocommit(st->db))
		store_exec(st, "ROLLBACK", NULL, 0);
}

int store_tx_enter(struct store *st, char *err, size_t errlen)
{
	if (st->explicit_tx || !sqlite3_get_autocommit(st->db))
		return 0;
	return store_exec(st, "BEGIN IMMEDIATE", err, errlen) == 0 ? 1 : -1;
}

int store_tx_leave(struct store *st, int began, int ok, char *err, size_t errlen)
{
	if (began != 1)
		return ok;
	if (ok == 0 && store_exec(st, "COMMIT", err, errlen) == 0)
		return 0;
	store_exec(st, "ROLLBACK", NULL, 0);
	return -1;
}

const struct kind_def *store_kind_of(struct store *st, const char *id)
{
	sqlite3_stmt *s = store_stmt(st, kind_sql_kind_of(), NULL, 0);
	if (!s)
		return NULL;
	sqlite3_bind_text(s, 1, id, -1, SQLITE_STATIC);
	const struct kind_def *k = sqlite3_step(s) == SQLITE_ROW ? model_kind((const char *)sqlite3_column_text(s, 0)) : NULL;
	sqlite3_reset(s);
	return k;
}

int store_each_json(struct store *st, const char *sql, int limit, int (*cb)(const cJSON *v, void *arg), void *arg,
		    char *err, size_t errlen)
{
	sqlite3_stmt *s;
	if (sqlite3_prepare_v2(st->db, sql, -1, &s, NULL) != SQLITE_OK)
		return store_sqlerr(st, "cannot read", err, errlen);
	sqlite3_bind_int(s, 1, limit);
	int n = 0;
	while (sqlite3_step(s) == SQLITE_ROW) {
		cJSON *v = cJSON_Parse((const char *)sqlite3_column_text(s, 0));
		n++;
		int stop = v ? cb(v, arg) : 0;
		cJSON_Delete(v);
		if (stop)
			break;
	}
	sqlite3_finalize(s);
	return n;
}

/* schema.c - see schema.h. The tables of record kinds are made from the model (model.c), so that
 * the model and the schema cannot drift apart; the rest is written out here. */
#include "schema.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model.h"
#include "util.h"

/* Kinds indexed in search_ref as well (search.c ranks them by relevance). */
#define REF_KINDS "'technique', 'procedure', 'scenario', 'bulletin'"

static const char fixed_v1[] =
	"CREATE TABLE settings(key TEXT PRIMARY KEY, value TEXT NOT NULL) STRICT;"
	"CREATE TABLE agencies(code TEXT PRIMARY KEY, name TEXT NOT NULL, country TEXT NOT NULL,"
	" example INTEGER NOT NULL DEFAULT 0) STRICT;"
	"CREATE TABLE ports(locode TEXT PRIMARY KEY, name TEXT NOT NULL, country TEXT NOT NULL,"
	" region TEXT NOT NULL DEFAULT '', of_interest INTEGER NOT NULL DEFAULT 0,"
	" isps_level INTEGER NOT NULL DEFAULT 1 CHECK (isps_level BETWEEN 1 AND 3)) STRICT;"
	"CREATE TABLE mids(mid INTEGER PRIMARY KEY, country TEXT NOT NULL) STRICT;"
	"CREATE TABLE outbox(seq INTEGER PRIMARY KEY, mutation_id TEXT NOT NULL UNIQUE,"
	" kind TEXT NOT NULL, record_id TEXT NOT NULL, body TEXT NOT NULL) STRICT;"
	"CREATE INDEX outbox_record ON outbox(record_id);"
	"CREATE TABLE audit(seq INTEGER PRIMARY KEY, at TEXT NOT NULL, agency TEXT NOT NULL,"
	" actor TEXT NOT NULL, action TEXT NOT NULL, kind TEXT NOT NULL, record_id TEXT NOT NULL,"
	" detail TEXT NOT NULL, prev_hash TEXT NOT NULL, hash TEXT NOT NULL) STRICT;"
	"CREATE INDEX audit_record ON audit(record_id, seq);"
	"CREATE TABLE bundles_seen(id TEXT PRIMARY KEY, at TEXT NOT NULL) STRICT;"
	"CREATE TABLE relay(mutation_id TEXT PRIMARY KEY, body TEXT NOT NULL) STRICT;"
	"CREATE TABLE search_docs(rowid INTEGER PRIMARY KEY, kind TEXT NOT NULL,"
	" id TEXT NOT NULL UNIQUE, title TEXT NOT NULL, body TEXT NOT NULL) STRICT;"
	"CREATE VIRTUAL TABLE search USING fts5(kind, title, body, content='search_docs',"
	" content_rowid='rowid', tokenize='unicode61 remove_diacritics 2');"
	"CREATE TRIGGER search_docs_ai AFTER INSERT ON search_docs BEGIN"
	" INSERT INTO search(rowid, kind, title, body) VALUES (new.rowid, new.kind, new.title, new.body); END;"
	"CREATE TRIGGER search_docs_ad AFTER DELETE ON search_docs BEGIN"
	" INSERT INTO search(search, rowid, kind, title, body) VALUES ('delete', old.rowid, old.kind, old.title, old.body); END;"
	"CREATE TRIGGER search_docs_au AFTER UPDATE ON search_docs BEGIN"
	" INSERT INTO search(search, rowid, title, body) VALUES ('delete', old.rowid, old.title, old.body);"
	" INSERT INTO search(rowid, kind, title, body) VALUES (new.rowid, new.kind, new.title, new.body); END;"
	/* The reference kinds and bulletins also go into a small index of their own, where ranking
	 * every match by relevance stays cheap however large the station grows. */
	"CREATE VIRTUAL TABLE search_ref USING fts5(kind, title, body, content='search_docs',"
	" content_rowid='rowid', tokenize='unicode61 remove_diacritics 2');"
	"CREATE TRIGGER search_ref_ai AFTER INSERT ON search_docs WHEN new.kind IN (" REF_KINDS ") BEGIN"
	" INSERT INTO search_ref(rowid, kind, title, body) VALUES (new.rowid, new.kind, new.title, new.body); END;"
	"CREATE TRIGGER search_ref_ad AFTER DELETE ON search_docs WHEN old.kind IN (" REF_KINDS ") BEGIN"
	" INSERT INTO search_ref(search_ref, rowid, kind, title, body) VALUES ('delete', old.rowid, old.kind, old.title, old.body); END;"
	"CREATE TRIGGER search_ref_au AFTER UPDATE ON search_docs WHEN old.kind IN (" REF_KINDS ") BEGIN"
	" INSERT INTO search_ref(search_ref, rowid, kind, title, body) VALUES ('delete', old.rowid, old.kind, old.title, old.body);"
	" INSERT INTO search_ref(rowid, kind, title, body) VALUES (new.rowid, new.kind, new.title, new.body); END;"
	/* Case log and checklist step completions are append-only: their text never changes. */
	"CREATE TRIGGER case_log_append_only BEFORE UPDATE OF body, parent, created_at, created_by"
	" ON case_log BEGIN SELECT RAISE(ABORT, 'the case log is append-only'); END;"
	"CREATE TRIGGER checklist_steps_append_only BEFORE UPDATE OF body, parent, created_at, created_by"
	" ON checklist_steps BEGIN SELECT RAISE(ABORT, 'checklist step completions are append-only'); END;"
	/* Views over the rows kept inside records, for reports and ad-hoc queries. */
	"CREATE VIEW procedure_steps AS SELECT p.id AS procedure, p.ref AS code,"
	" json_extract(s.value, '$.n') AS n, json_extract(s.value, '$.text_es') AS text_es,"
	" json_extract(s.value, '$.text_en') AS text_en, json_extract(s.value, '$.role') AS role,"
	" coalesce(json_extract(s.value, '$.mandatory'), 0) AS mandatory"
	" FROM procedures p, json_each(p.body, '$.steps') s;"
	"CREATE VIEW scenario_injects AS SELECT c.id AS scenario, c.ref AS code,"
	" json_extract(s.value, '$.n') AS n, json_extract(s.value, '$.offset_min') AS offset_min,"
	" json_extract(s.value, '$.channel') AS channel, json_extract(s.value, '$.message_es') AS message_es,"
	" json_extract(s.value, '$.message_en') AS message_en"
	" FROM scenarios c, json_each(c.body, '$.injects') s;"
	"CREATE VIEW case_route AS SELECT c.id AS case_id, c.ref AS ref,"
	" json_extract(s.value, '$.n') AS n, json_extract(s.value, '$.place') AS place,"
	" json_extract(s.value, '$.planned') AS planned, json_extract(s.value, '$.actual') AS actual"
	" FROM cases c, json_each(c.body, '$.route') s;";

/* Appends the CREATE TABLE of kind k to buf (size n). */
static void kind_table(const struct kind_def *k, char *buf, size_t n)
{
	size_t len = strlen(buf);
	if (k->cls == KC_RECORD) {
		snprintf(buf + len, n - len,
			 "CREATE TABLE %s(id TEXT PRIMARY KEY, owner TEXT NOT NULL,"
			 " rev INTEGER NOT NULL DEFAULT 0, tlp TEXT NOT NULL, share TEXT NOT NULL,"
			 " share_with TEXT NOT NULL DEFAULT '[]', created_at TEXT NOT NULL,"
			 " created_by TEXT NOT NULL, updated_at TEXT NOT NULL, updated_by TEXT NOT NULL,"
			 " deleted INTEGER NOT NULL DEFAULT 0, ref TEXT, title TEXT NOT NULL DEFAULT '',"
			 " body TEXT NOT NULL) STRICT;"
			 "CREATE INDEX %s_ref ON %s(ref);"
			 "CREATE INDEX %s_updated ON %s(updated_at, id);",
			 k->table, k->table, k->table, k->table, k->table);
	} else {
		const struct kind_def *p = model_kind(k->parent);
		snprintf(buf + len, n - len,
			 "CREATE TABLE %s(id TEXT PRIMARY KEY,"
			 " parent TEXT NOT NULL REFERENCES %s(id) ON DELETE CASCADE,"
			 " owner TEXT NOT NULL, rev INTEGER NOT NULL DEFAULT 0, created_at TEXT NOT NULL,"
			 " created_by TEXT NOT NULL, updated_at TEXT NOT NULL, updated_by TEXT NOT NULL,"
			 " deleted INTEGER NOT NULL DEFAULT 0, ref TEXT, title TEXT NOT NULL DEFAULT '',"
			 " body TEXT NOT NULL) STRICT;"
			 "CREATE INDEX %s_parent ON %s(parent, created_at, id);",
			 k->table, p->table, k->table, k->table);
	}
}

static int migrate_v1(sqlite3 *db, char *err, size_t errlen)
{
	size_t n = 16384;
	char *sql = calloc(1, n);
	if (!sql)
		return po_err(err, errlen, "out of memory");
	for (const struct kind_def *k = model_kinds; k->name; k++)
		kind_table(k, sql, n);
	char *msg = NULL;
	int rc = sqlite3_exec(db, sql, NULL, NULL, &msg);
	if (rc == SQLITE_OK)
		rc = sqlite3_exec(db, fixed_v1, NULL, NULL, &msg);
	free(sql);
	if (rc != SQLITE_OK) {
		po_err(err, errlen, "migration 1 failed: %s", msg ? msg : sqlite3_errstr(rc));
		sqlite3_free(msg);
		return -1;
	}
	return 0;
}

/* Migration 2: the sync side of the store (storage/syncstate.h): remote settings and cursor,
 * conflicts reported by the exchange, conflict resolutions waiting to be pushed, and what is
 * carried back to offline devices. */
static const char fixed_v2[] =
	"CREATE TABLE sync_state(key TEXT PRIMARY KEY, value TEXT NOT NULL) STRICT;"
	"CREATE TABLE sync_conflicts(id TEXT PRIMARY KEY, record_id TEXT NOT NULL, kind TEXT NOT NULL,"
	" field TEXT NOT NULL, mine TEXT NOT NULL, theirs TEXT NOT NULL, body TEXT NOT NULL,"
	" state TEXT NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'resolving', 'resolved'))) STRICT;"
	"CREATE INDEX sync_conflicts_record ON sync_conflicts(record_id);"
	"CREATE TABLE sync_resolutions(seq INTEGER PRIMARY KEY, mutation_id TEXT NOT NULL UNIQUE,"
	" conflict_id TEXT NOT NULL, body TEXT NOT NULL) STRICT;"
	/* For offline devices served through this one (bundles): the exchange's results of the
	 * mutations relayed for them, and the records revoked here, to carry back. */
	"CREATE TABLE sync_relay_results(mutation_id TEXT PRIMARY KEY, result TEXT NOT NULL,"
	" at TEXT NOT NULL) STRICT;"
	"CREATE TABLE sync_revoked(id TEXT PRIMARY KEY, at TEXT NOT NULL) STRICT;";

/* Version 3: expression indexes for what the dashboard and the detail screens count and look up
 * on large stations (open cases per port, active threats, the cases citing a record). */
static const char fixed_v3[] =
	"CREATE INDEX cases_port_status ON cases(json_extract(body, '$.port'), json_extract(body, '$.status'))"
	" WHERE deleted=0;"
	"CREATE INDEX threats_status ON threats(json_extract(body, '$.status')) WHERE deleted=0;"
	"CREATE INDEX case_links_target ON case_links(json_extract(body, '$.target')) WHERE deleted=0;";

/* Runs the fixed SQL of migration number n. */
static int run_fixed(sqlite3 *db, int n, const char *sql, char *err, size_t errlen)
{
	char *msg = NULL;
	if (sqlite3_exec(db, sql, NULL, NULL, &msg) == SQLITE_OK)
		return 0;
	po_err(err, errlen, "migration %d failed: %s", n, msg ? msg : sqlite3_errmsg(db));
	sqlite3_free(msg);
	return -1;
}

static int migrate_v2(sqlite3 *db, char *err, size_t errlen)
{
	return run_fixed(db, 2, fixed_v2, err, errlen);
}

static int migrate_v3(sqlite3 *db, char *err, size_t errlen)
{
	return run_fixed(db, 3, fixed_v3, err, errlen);
}

typedef int (*migration_fn)(sqlite3 *db, char *err, size_t errlen);
static const migration_fn migrations[SCHEMA_VERSION] = { migrate_v1, migrate_v2, migrate_v3 };

static int user_version(sqlite3 *db)
{
	sqlite3_stmt *s;
	int v = -1;
	if (sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &s, NULL) == SQLITE_OK) {
		if (sqlite3_step(s) == SQLITE_ROW)
			v = sqlite3_column_int(s, 0);
		sqlite3_finalize(s);
	}
	return v;
}

int schema_migrate(sqlite3 *db, char *err, size_t errlen)
{
	int v = user_version(db);
	if (v < 0)
		return po_err(err, errlen, "cannot read the schema version: %s", sqlite3_errmsg(db));
	if (v > SCHEMA_VERSION)
		return po_err(err, errlen, "the store has schema version %d; this program knows up to %d",
			      v, SCHEMA_VERSION);
	for (; v < SCHEMA_VERSION; v++) {
		char sql[64];
		if (sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK)
			return po_err(err, errlen, "cannot start migration: %s", sqlite3_errmsg(db));
		snprintf(sql, sizeof sql, "PRAGMA user_version=%d", v + 1);
		if (migrations[v](db, err, errlen) != 0 ||
		    sqlite3_exec(db, sql, NULL, NULL, NULL) != SQLITE_OK ||
		    sqlite3_exec(db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK) {
			sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
			return -1;
		}
	}
	return 0;
}

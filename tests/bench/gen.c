/* gen.c - makes a large station for the benchmarks: a store initialised like any other, then
 * THREATS threats, CASES cases and LOGS case log entries written straight into its tables in
 * one transaction (the search index included), deterministic for a given seed.
 * usage: gen PATH [CASES [LOGS [THREATS]]] */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "storage/refdata.h"
#include "storage/store.h"
#include "storage/util.h"

static const char *const words[] = {
	"contenedor", "precinto", "inspección", "buque", "carga", "cocaína", "puerto", "terminal",
	"contaminación", "reefer", "gancho", "maletas", "tripulación", "escáner", "naviera", "patio",
	"resellado", "vigilancia", "entrega", "muelle", "banano", "camarón", "atún", "café",
};
static const char *const ports[] = { "PECLL", "ECGYE", "COCTG", "DOCAU", "COBUN", "ECPSJ", "PEPAI" };

static unsigned long rng = 42;
static unsigned next(void)
{
	rng = rng * 6364136223846793005UL + 1442695040888963407UL;
	return (unsigned)(rng >> 33);
}

static void sentence(char *out, size_t n, int count)
{
	out[0] = '\0';
	for (int i = 0; i < count; i++) {
		size_t len = strlen(out);
		snprintf(out + len, n - len, "%s%s", i ? " " : "", words[next() % (sizeof words / sizeof *words)]);
	}
}

/* A well-formed, deterministic UUID v4 for row i of a kind (1 threat, 2 case, 3 log entry). */
static void uuid(char out[37], long i, int kind)
{
	unsigned long v = (unsigned long)i & 0xffffffffffffUL;
	snprintf(out, 37, "%08x-0000-4000-8000-%012lx", (unsigned)kind & 0xffu, v);
}

static int exec(sqlite3 *db, const char *sql)
{
	char *msg = NULL;
	if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK) {
		fprintf(stderr, "gen: %s\n", msg);
		sqlite3_free(msg);
		return -1;
	}
	return 0;
}

/* Inserts the record row and its search document. */
static void put(sqlite3_stmt *row, sqlite3_stmt *doc, const char *kind, const char *id, const char *parent,
		const char *ref, const char *title, const char *body, const char *at)
{
	int c = 1;
	sqlite3_bind_text(row, c++, id, -1, SQLITE_TRANSIENT);
	if (parent)
		sqlite3_bind_text(row, c++, parent, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(row, c++, at, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(row, c++, ref, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(row, c++, title, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(row, c++, body, -1, SQLITE_TRANSIENT);
	if (sqlite3_step(row) != SQLITE_DONE)
		fprintf(stderr, "gen: %s: %s\n", id, sqlite3_errmsg(sqlite3_db_handle(row)));
	sqlite3_reset(row);
	sqlite3_bind_text(doc, 1, kind, -1, SQLITE_STATIC);
	sqlite3_bind_text(doc, 2, id, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(doc, 3, title, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(doc, 4, "", -1, SQLITE_STATIC);
	sqlite3_step(doc);
	sqlite3_reset(doc);
}

static const char record_sql[] =
	"INSERT INTO %s(id, owner, rev, tlp, share, share_with, created_at, created_by, updated_at, updated_by,"
	" deleted, ref, title, body) VALUES (?1, 'DIRANDRO', 1, 'GREEN', 'community', '[]', ?2, 'bench', ?2,"
	" 'bench', 0, ?3, ?4, ?5)";
static const char log_sql[] =
	"INSERT INTO case_log(id, parent, owner, rev, created_at, created_by, updated_at, updated_by, deleted,"
	" ref, title, body) VALUES (?1, ?2, 'DIRANDRO', 1, ?3, 'bench', ?3, 'bench', 0, ?4, ?5, ?6)";

static int generate(sqlite3 *db, long ncases, long nlogs, long nthreats)
{
	char sql[600], id[37], parent[37], ref[40], title[200], body[600], at[21];
	sqlite3_stmt *threat, *kase, *log, *doc;
	snprintf(sql, sizeof sql, record_sql, "threats");
	sqlite3_prepare_v2(db, sql, -1, &threat, NULL);
	snprintf(sql, sizeof sql, record_sql, "cases");
	sqlite3_prepare_v2(db, sql, -1, &kase, NULL);
	sqlite3_prepare_v2(db, log_sql, -1, &log, NULL);
	sqlite3_prepare_v2(db, "INSERT INTO search_docs(kind, id, title, body) VALUES (?,?,?,?)", -1, &doc, NULL);
	for (long i = 0; i < nthreats; i++) {
		uuid(id, i, 1);
		sentence(title, sizeof title, 5);
		snprintf(body, sizeof body, "{\"title\":\"%s\",\"level\":\"high\",\"status\":\"active\",\"ports\":[\"%s\"]}",
			 title, ports[i % 7]);
		snprintf(at, sizeof at, "2026-%02ld-%02ldT%02ld:%02ld:00Z", 1 + i % 11, 1 + i % 28, i % 24, i % 60);
		put(threat, doc, "threat", id, NULL, NULL, title, body, at);
	}
	for (long i = 0; i < ncases; i++) {
		uuid(id, i, 2);
		sentence(title, sizeof title, 6);
		snprintf(ref, sizeof ref, "%s-2026-%06ld", ports[i % 7], i);
		snprintf(body, sizeof body, "{\"ref\":\"%s\",\"title\":\"%s\",\"type\":\"seizure\",\"status\":\"%s\",\"port\":\"%s\"}",
			 ref, title, i % 3 ? "open" : "closed", ports[i % 7]);
		snprintf(at, sizeof at, "2026-%02ld-%02ldT%02ld:%02ld:00Z", 1 + i % 11, 1 + i % 28, i % 24, i % 60);
		put(kase, doc, "case", id, NULL, ref, title, body, at);
	}
	for (long i = 0; i < nlogs; i++) {
		uuid(id, i, 3);
		uuid(parent, (i * 7919) % (ncases ? ncases : 1), 2);
		sentence(title, sizeof title, 10);
		snprintf(body, sizeof body, "{\"entry\":\"note\",\"text\":\"%s\",\"agency\":\"DIRANDRO\"}", title);
		snprintf(at, sizeof at, "2026-%02ld-%02ldT%02ld:%02ld:%02ldZ", 1 + i % 11, 1 + i % 28, i % 24, i % 60, i % 59);
		put(log, doc, "log", id, parent, NULL, title, body, at);
	}
	sqlite3_finalize(threat);
	sqlite3_finalize(kase);
	sqlite3_finalize(log);
	sqlite3_finalize(doc);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: gen PATH [CASES [LOGS [THREATS]]]\n");
		return 2;
	}
	long ncases = argc > 2 ? atol(argv[2]) : 100000, nlogs = argc > 3 ? atol(argv[3]) : 1000000;
	long nthreats = argc > 4 ? atol(argv[4]) : 20000;
	char err[PO_ERRLEN];
	struct store *st;
	if (po_init() != 0 || store_open(argv[1], STORE_CREATE, &st, err, sizeof err) != 0 ||
	    store_set_setting(st, "agency", "DIRANDRO", err, sizeof err) != 0 ||
	    store_set_setting(st, "operator", "bench", err, sizeof err) != 0 || refdata_load(st, err, sizeof err) < 0) {
		fprintf(stderr, "gen: %s\n", err);
		return 1;
	}
	sqlite3 *db = store_db(st);
	if (exec(db, "BEGIN IMMEDIATE") != 0 || generate(db, ncases, nlogs, nthreats) != 0 || exec(db, "COMMIT") != 0)
		return 1;
	exec(db, "PRAGMA wal_checkpoint(TRUNCATE); ANALYZE;");
	store_close(st);
	return 0;
}

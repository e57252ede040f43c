/* converge.c - convergence and no-leak driver for tests/integration/converge.sh.
 *
 * usage: converge --url URL --xdb EXCHANGE.DB --dir DIR --seed N [--rounds N]
 *                 --console AGENCY:TOKENFILE ...
 *
 * Makes one store per console in DIR, then for each round lets every console make random offline
 * changes (threats and cases created, edited, re-marked and deleted; entities added; case log
 * entries appended, also to other agencies' cases) and syncs a random subset in random order.
 * Then every console syncs until quiet, and each must hold exactly the exchange's view for its
 * agency. Every item of every page received is checked against the exchange's store: a record is
 * only ever received when its root is releasable to the console's agency, and a revocation only
 * when it is not. Every log entry made is on the exchange, or was refused by it (and the refusal
 * is in the console's audit trail). Prints what failed with the seed; exits 0 when all held. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "exchange/merge.h"
#include "exchange/xstore.h"
#include "net/sync.h"
#include "storage/journal.h"
#include "storage/model.h"
#include "storage/releasability.h"
#include "storage/store.h"
#include "storage/syncstate.h"
#include "storage/util.h"

enum { MAX_CONSOLES = 8, MAX_LOGS = 4096 };

struct console {
	char agency[17];
	char path[4096];
	struct store *st;
	int leaks;                 /* items received that the agency should not have had */
};

static struct {
	struct console c[MAX_CONSOLES];
	int n;
	struct xstore *xs;
	unsigned long long rng;
	long seed;
	char logs[MAX_LOGS][37];   /* every log entry made */
	int logmaker[MAX_LOGS];    /* index of the console that made it */
	int nlogs;
	int failures;
	struct sync_stats total;   /* summed over every sync */
} g;

static unsigned rnd(unsigned n)
{
	g.rng ^= g.rng << 13;
	g.rng ^= g.rng >> 7;
	g.rng ^= g.rng << 17;
	return n ? (unsigned)(g.rng % n) : 0;
}

static void fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void fail(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	g.failures++;
	printf("# seed %ld: ", g.seed);
	vprintf(fmt, ap);
	printf("\n");
	va_end(ap);
}

/* ---- the exchange's view ---- */

static int visible_now(const char *id, const char *agency)
{
	cJSON *root = merge_root_of(g.xs, id);
	int v = root && rel_visible(root, agency);
	cJSON_Delete(root);
	return v;
}

static void on_item(const cJSON *item, void *arg)
{
	struct console *c = arg;
	const char *type = cJSON_GetObjectItemCaseSensitive(item, "type")->valuestring;
	const cJSON *rec = cJSON_GetObjectItemCaseSensitive(item, "record");
	if (!strcmp(type, "record")) {
		const char *id = cJSON_GetObjectItemCaseSensitive(rec, "id")->valuestring;
		if (!visible_now(id, c->agency))
			c->leaks++, fail("leak: record %s reached %s", id, c->agency);
	} else if (!strcmp(type, "revoke")) {
		const char *id = cJSON_GetObjectItemCaseSensitive(item, "id")->valuestring;
		if (visible_now(id, c->agency))
			fail("revocation of %s sent to %s, who may see it", id, c->agency);
	}
}

/* ---- random offline work ---- */

static const char *const agencies_all[] = { "DIRANDRO", "DIAN", "SENAE", NULL };

/* Picks a random id of kind (not deleted, optionally owned by agency) from st; "" when none. */
static void pick(struct store *st, const char *table, const char *owner, char out[37])
{
	char sql[256];
	snprintf(sql, sizeof sql, "SELECT id FROM %s WHERE deleted=0 AND (?1 IS NULL OR owner=?1)"
		 " AND owner!='REF' ORDER BY id", table);
	sqlite3_stmt *s;
	out[0] = '\0';
	if (sqlite3_prepare_v2(store_db(st), sql, -1, &s, NULL) != SQLITE_OK)
		return;
	sqlite3_bind_text(s, 1, owner, -1, SQLITE_STATIC);
	int n = 0;
	while (sqlite3_step(s) == SQLITE_ROW)
		if (rnd((unsigned)++n) == 0)
			po_strlcpy(out, (const char *)sqlite3_column_text(s, 0), 37);
	sqlite3_finalize(s);
}

/* Random markings: agency, community, or listed with another agency. */
static void markings(cJSON *o, const char *own)
{
	const char *other = agencies_all[rnd(3)];
	int r = (int)rnd(3);
	cJSON_AddStringToObject(o, "tlp", r == 1 ? "GREEN" : "AMBER");
	if (r == 2 && strcmp(other, own) != 0) {
		cJSON_AddStringToObject(o, "share", "listed");
		cJSON_AddItemToArray(cJSON_AddArrayToObject(o, "share_with"), cJSON_CreateString(other));
	} else {
		cJSON_AddStringToObject(o, "share", r == 1 ? "community" : "agency");
		cJSON_AddArrayToObject(o, "share_with");
	}
}

static void create(struct console *c, int is_case)
{
	char title[64], id[37], err[PO_ERRLEN];
	snprintf(title, sizeof title, "%s %u", is_case ? "Case" : "Threat", rnd(100000));
	cJSON *o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "kind", is_case ? "case" : "threat");
	cJSON_AddStringToObject(o, "title", title);
	if (is_case)
		cJSON_AddStringToObject(o, "type", "controlled_delivery");
	else
		cJSON_AddStringToObject(o, "level", "high");
	markings(o, c->agency);
	if (store_create(c->st, o, id, err, sizeof err) != 0)
		fail("create failed: %s", err);
	cJSON_Delete(o);
}

static void edit(struct console *c)
{
	static const char *const levels[] = { "low", "medium", "high", "critical" };
	char id[37], err[PO_ERRLEN], text[64];
	int is_case = (int)rnd(2);
	pick(c->st, is_case ? "cases" : "threats", c->agency, id);
	if (!*id)
		return;
	cJSON *ch = cJSON_CreateObject();
	int what = (int)rnd(3);
	snprintf(text, sizeof text, "edited %u", rnd(1000));
	if (what == 0)
		cJSON_AddStringToObject(ch, "title", text);
	else if (what == 1)
		cJSON_AddStringToObject(ch, is_case ? "summary" : "level", is_case ? text : levels[rnd(4)]);
	else
		markings(ch, c->agency);
	if (store_update(c->st, id, ch, err, sizeof err) != 0)
		fail("edit failed: %s", err);
	cJSON_Delete(ch);
}

static void delete_one(struct console *c)
{
	char id[37], err[PO_ERRLEN];
	pick(c->st, rnd(2) ? "cases" : "threats", c->agency, id);
	if (*id && store_delete(c->st, id, err, sizeof err) != 0)
		fail("delete failed: %s", err);
}

static void child(struct console *c, int is_log)
{
	char parent[37], id[37], err[PO_ERRLEN], text[64];
	pick(c->st, "cases", is_log ? NULL : c->agency, parent);
	if (!*parent)
		return;
	cJSON *o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "kind", is_log ? "log" : "entity");
	cJSON_AddStringToObject(o, "parent", parent);
	snprintf(text, sizeof text, "%s %u", is_log ? "note" : "MV Vessel", rnd(100000));
	cJSON_AddStringToObject(o, is_log ? "text" : "name", text);
	if (!is_log)
		cJSON_AddStringToObject(o, "type", "vessel");
	if (store_create(c->st, o, id, err, sizeof err) != 0)
		fail("child failed: %s", err);
	else if (is_log && g.nlogs < MAX_LOGS)
		po_strlcpy(g.logs[g.nlogs], id, 37), g.logmaker[g.nlogs++] = (int)(c - g.c);
	cJSON_Delete(o);
}

static void work(struct console *c)
{
	int ops = 1 + (int)rnd(6);
	for (int i = 0; i < ops; i++) {
		switch (rnd(10)) {
		case 0: case 1: create(c, (int)rnd(2)); break;
		case 2: case 3: case 4: edit(c); break;
		case 5: delete_one(c); break;
		case 6: child(c, 0); break;
		default: child(c, 1); break;
		}
	}
}

static int sync_one(struct console *c)
{
	struct sync_stats s;
	struct sync_opts o = { 1 + (int)rnd(40), 1 + (int)rnd(60), on_item, c, NULL, NULL };
	char err[PO_ERRLEN];
	if (sync_run(c->st, &o, &s, err, sizeof err) != SYNC_OK) {
		fail("sync of %s failed: %s", c->agency, err);
		return -1;
	}
	g.total.pushed += s.pushed, g.total.pulled += s.pulled, g.total.revoked += s.revoked;
	g.total.rejected += s.rejected, g.total.conflicts += s.conflicts;
	return s.pushed + s.pulled + s.revoked + s.rejected;
}

/* ---- the final comparison ---- */

struct view {
	cJSON *by_id;   /* id -> record */
};

static int add_visible(const cJSON *rec, void *arg)
{
	void **a = arg;
	const char *id = cJSON_GetObjectItemCaseSensitive(rec, "id")->valuestring;
	if (visible_now(id, a[1]))
		cJSON_AddItemToObject(a[0], id, cJSON_Duplicate(rec, 1));
	return 0;
}

static cJSON *local_view(struct store *st)
{
	cJSON *v = cJSON_CreateObject();
	for (const struct kind_def *k = model_kinds; k->name; k++) {
		char sql[128];
		snprintf(sql, sizeof sql, "SELECT id FROM %s ORDER BY id", k->table);
		sqlite3_stmt *s;
		if (sqlite3_prepare_v2(store_db(st), sql, -1, &s, NULL) != SQLITE_OK)
			continue;
		while (sqlite3_step(s) == SQLITE_ROW) {
			const char *id = (const char *)sqlite3_column_text(s, 0);
			cJSON *rec = store_get(st, k->name, id, NULL, 0);
			if (rec)
				cJSON_AddItemToObject(v, id, rec);
		}
		sqlite3_finalize(s);
	}
	return v;
}

static void compare(struct console *c)
{
	cJSON *want = cJSON_CreateObject();
	void *a[] = { want, c->agency };
	xs_record_each(g.xs, add_visible, a);
	cJSON *have = local_view(c->st);
	const cJSON *r;
	cJSON_ArrayForEach(r, want) {
		const cJSON *h = cJSON_GetObjectItemCaseSensitive(have, r->string);
		if (!h)
			fail("%s misses record %s", c->agency, r->string);
		else if (!cJSON_Compare(r, h, 1)) {
			char *x = cJSON_PrintUnformatted(r), *y = cJSON_PrintUnformatted(h);
			fail("%s holds a different copy:\n#   exchange %s", c->agency, x);
			printf("#   console  %s\n", y);
			free(x), free(y);
		}
	}
	cJSON_ArrayForEach(r, have)
		if (!cJSON_GetObjectItemCaseSensitive(want, r->string))
			fail("%s holds record %s that the exchange does not give it", c->agency, r->string);
	if (journal_outbox_count(c->st) != 0)
		fail("%s still has pending mutations", c->agency);
	cJSON_Delete(want);
	cJSON_Delete(have);
}

static long conflicts_of(struct console *c)
{
	sqlite3_stmt *s;
	long n = -1;
	if (sqlite3_prepare_v2(store_db(c->st), "SELECT count(*), group_concat(id) FROM"
			       " (SELECT id FROM sync_conflicts ORDER BY id)", -1, &s, NULL) == SQLITE_OK) {
		if (sqlite3_step(s) == SQLITE_ROW)
			n = (long)sqlite3_column_int64(s, 0) * 1000003 +
			    (long)(sqlite3_column_bytes(s, 1) ? sqlite3_column_text(s, 1)[0] : 0);
		sqlite3_finalize(s);
	}
	return n;
}

/* Consoles of one agency see the same conflicts. */
static void check_conflicts(void)
{
	for (int i = 0; i < g.n; i++)
		for (int j = i + 1; j < g.n; j++)
			if (!strcmp(g.c[i].agency, g.c[j].agency) && conflicts_of(&g.c[i]) != conflicts_of(&g.c[j]))
				fail("consoles %d and %d of %s hold different conflicts", i, j, g.c[i].agency);
}

/* Whether the audit trail of console c records the exchange refusing a change of id. */
static int refused(struct console *c, const char *id)
{
	sqlite3_stmt *s;
	int found = 0;
	if (sqlite3_prepare_v2(store_db(c->st), "SELECT 1 FROM audit WHERE action='sync-rejected' AND record_id=?",
			       -1, &s, NULL) == SQLITE_OK) {
		sqlite3_bind_text(s, 1, id, -1, SQLITE_STATIC);
		found = sqlite3_step(s) == SQLITE_ROW;
		sqlite3_finalize(s);
	}
	return found;
}

static void check_logs(void)
{
	for (int i = 0; i < g.nlogs; i++) {
		cJSON *rec = xs_record_get(g.xs, g.logs[i]);
		int gone = refused(&g.c[g.logmaker[i]], g.logs[i]);
		if (!rec && !gone)
			fail("log entry %s was lost%s", g.logs[i], "");
		if (rec && gone)
			fail("log entry %s is on the exchange but was refused%s", g.logs[i], "");
		cJSON_Delete(rec);
	}
}

/* ---- set-up ---- */

static int add_console(const char *spec, const char *dir, const char *url)
{
	struct console *c = &g.c[g.n];
	const char *colon = strchr(spec, ':');
	char err[PO_ERRLEN], op[32];
	if (!colon || g.n >= MAX_CONSOLES || (size_t)(colon - spec) >= sizeof c->agency)
		return -1;
	snprintf(c->agency, sizeof c->agency, "%.*s", (int)(colon - spec), spec);
	snprintf(c->path, sizeof c->path, "%s/console%d.db", dir, g.n);
	snprintf(op, sizeof op, "op%d", g.n);
	char *token = po_read_file(colon + 1, 4096, NULL, err, sizeof err);
	if (!token || store_open(c->path, STORE_CREATE, &c->st, err, sizeof err) != 0 ||
	    store_set_setting(c->st, "agency", c->agency, err, sizeof err) != 0 ||
	    store_set_setting(c->st, "operator", op, err, sizeof err) != 0) {
		fprintf(stderr, "converge: %s\n", err);
		free(token);
		return -1;
	}
	token[strcspn(token, "\n")] = '\0';
	int rc = sync_remote_set(c->st, url, token, NULL, NULL, err, sizeof err);
	free(token);
	if (rc != 0)
		fprintf(stderr, "converge: %s\n", err);
	g.n++;
	return rc;
}

static const char *arg(int argc, char **argv, const char *name)
{
	for (int i = 1; i + 1 < argc; i++)
		if (!strcmp(argv[i], name))
			return argv[i + 1];
	return NULL;
}

static int setup(int argc, char **argv)
{
	const char *url = arg(argc, argv, "--url"), *xdb = arg(argc, argv, "--xdb"), *dir = arg(argc, argv, "--dir");
	char err[PO_ERRLEN];
	if (!url || !xdb || !dir || !arg(argc, argv, "--seed") || po_init() != 0)
		return -1;
	g.seed = atol(arg(argc, argv, "--seed"));
	g.rng = 0x9e3779b97f4a7c15ULL ^ (unsigned long long)g.seed * 2654435761ULL;
	for (int i = 0; i < 8; i++)
		rnd(1);
	if (xs_open(xdb, 0, &g.xs, err, sizeof err) != 0) {
		fprintf(stderr, "converge: %s\n", err);
		return -1;
	}
	for (int i = 1; i + 1 < argc; i++)
		if (!strcmp(argv[i], "--console") && add_console(argv[i + 1], dir, url) != 0)
			return -1;
	return g.n >= 2 ? 0 : -1;
}

static void play(int rounds)
{
	for (int r = 0; r < rounds && !g.failures; r++) {
		for (int i = 0; i < g.n; i++)
			work(&g.c[i]);
		int order[MAX_CONSOLES];
		for (int i = 0; i < g.n; i++)
			order[i] = i;
		for (int i = g.n - 1; i > 0; i--) {
			int j = (int)rnd((unsigned)i + 1), t = order[i];
			order[i] = order[j], order[j] = t;
		}
		for (int i = 0; i < g.n; i++)
			if (rnd(4) != 0)
				sync_one(&g.c[order[i]]);
	}
}

/* Syncs everybody until a whole pass moves nothing (at most 6 passes). */
static void settle(void)
{
	for (int pass = 0; pass < 6 && !g.failures; pass++) {
		int moved = 0;
		for (int i = 0; i < g.n; i++)
			moved += sync_one(&g.c[i]);
		if (!moved && pass > 0)
			return;
	}
	if (!g.failures)
		fail("no quiet pass after 6 rounds of syncs");
}

int main(int argc, char **argv)
{
	if (setup(argc, argv) != 0) {
		fprintf(stderr, "usage: converge --url URL --xdb DB --dir DIR --seed N [--rounds N]"
				" --console AGENCY:TOKENFILE...\n");
		return 2;
	}
	const char *rounds = arg(argc, argv, "--rounds");
	play(rounds ? atoi(rounds) : 6);
	settle();
	for (int i = 0; i < g.n && !g.failures; i++)
		compare(&g.c[i]);
	if (!g.failures)
		check_logs();
	if (!g.failures)
		check_conflicts();
	for (int i = 0; i < g.n; i++)
		store_close(g.c[i].st);
	xs_close(g.xs);
	printf("# seed %ld: %s (%d log entries; pushed %d, pulled %d, conflicts %d, revoked %d, rejected %d)\n",
	       g.seed, g.failures ? "FAILED" : "converged", g.nlogs, g.total.pushed, g.total.pulled,
	       g.total.conflicts, g.total.revoked, g.total.rejected);
	return g.failures ? 1 : 0;
}

/* sync.c - see sync.h. */
#include "sync.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "net/client.h"
#include "storage/journal.h"
#include "storage/syncstate.h"
#include "storage/util.h"

enum { DEFAULT_BATCH = 200, DEFAULT_PAGE = 1000, MAX_PAGES = 1000000 };

/* One run of sync_run. */
struct run {
	struct store *st;
	struct client *cl;
	struct sync_stats *stats;
	void (*on_item)(const cJSON *item, void *arg);
	void *arg;
	void (*on_progress)(const struct sync_stats *stats, void *arg);
	const atomic_int *cancel;
	int batch, page;
	char device[101];
	char *err;
	size_t errlen;
};

static const char *str(const cJSON *o, const char *name)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, name);
	return cJSON_IsString(v) ? v->valuestring : NULL;
}

/* Turns a non-200 answer into an error; returns SYNC_ENET. */
static int http_fail(struct run *r, const char *what, int status, const cJSON *reply)
{
	if (status < 0)
		return SYNC_ENET; /* err already says why */
	const char *why = str(reply, "error");
	if (status == 401)
		po_err(r->err, r->errlen, "%s: the exchange refused this device's token (401); ask for a new one", what);
	else if (status < 300 || status >= 400)
		po_err(r->err, r->errlen, "%s: the exchange answered %d%s%s", what, status, why ? ": " : "", why ? why : "");
	return SYNC_ENET;
}

static int open_client(struct run *r)
{
	char url[1024], token[256], cafile[1024] = "", pin[512] = "";
	if (sync_get(r->st, "url", url, sizeof url) != 0 || sync_get(r->st, "token", token, sizeof token) != 0) {
		po_err(r->err, r->errlen, "no exchange is set up (portops remote set URL)");
		return SYNC_EREFUSED;
	}
	sync_get(r->st, "cafile", cafile, sizeof cafile);
	sync_get(r->st, "pin", pin, sizeof pin);
	struct client_conf conf = { url, token, cafile, pin, 0, 0, -1, r->cancel };
	int rc = client_open(&conf, &r->cl, r->err, r->errlen);
	memset(token, 0, sizeof token);
	return rc == 0 ? SYNC_OK : SYNC_ESTORE;
}

/* Checks the exchange's mode against the store's (exercise stores talk to training exchanges
 * only) and its idea of the device's agency against the store's. */
static int check_hello(struct run *r, const cJSON *h)
{
	char ex[8] = "";
	int exercise = store_setting(r->st, "exercise", ex, sizeof ex) == 0 && !strcmp(ex, "1");
	const char *mode = str(h, "mode"), *agency = str(h, "agency"), *device = str(h, "device");
	if (!mode || !agency || !device)
		return po_err(r->err, r->errlen, "hello: the exchange's answer is incomplete"), SYNC_ENET;
	if (exercise && strcmp(mode, "training") != 0)
		return po_err(r->err, r->errlen, "this is an exercise store; the exchange is in %s mode", mode), SYNC_EREFUSED;
	if (!exercise && strcmp(mode, "live") != 0)
		return po_err(r->err, r->errlen, "this is a live store; the exchange is in %s mode", mode), SYNC_EREFUSED;
	if (strcmp(agency, store_agency(r->st)) != 0)
		return po_err(r->err, r->errlen, "the token belongs to agency %s, this store to %s", agency,
			      store_agency(r->st)), SYNC_EREFUSED;
	po_strlcpy(r->device, device, sizeof r->device);
	sync_set(r->st, "device", device, NULL, 0);
	sync_set(r->st, "agency", agency, NULL, 0);
	sync_set(r->st, "mode", mode, NULL, 0);
	if (str(h, "name"))
		sync_set(r->st, "exchange", str(h, "name"), NULL, 0);
	return SYNC_OK;
}

static int hello(struct run *r)
{
	cJSON *h = NULL;
	int status = client_call(r->cl, "GET", "/v1/hello", NULL, &h, r->err, r->errlen);
	int rc = status == 200 ? check_hello(r, h) : http_fail(r, "hello", status, h);
	cJSON_Delete(h);
	return rc;
}

struct collect {
	struct store *st;
	cJSON *list;
};

/* An appended entry never changes here, so the exchange must record it with the time and author
 * the device gave it: the mutation carries them (the outbox's own clock reading may be a second
 * later). */
static void stamp_append(struct store *st, cJSON *m)
{
	const char *op = str(m, "op"), *id = str(m, "id");
	cJSON *rec = op && id && !strcmp(op, "append") ? store_get(st, str(m, "kind"), id, NULL, 0) : NULL;
	if (rec && str(rec, "created_at") && str(rec, "created_by")) {
		cJSON_ReplaceItemInObjectCaseSensitive(m, "at", cJSON_CreateString(str(rec, "created_at")));
		cJSON_ReplaceItemInObjectCaseSensitive(m, "author", cJSON_CreateString(str(rec, "created_by")));
	}
	cJSON_Delete(rec);
}

static int collect(const cJSON *m, void *arg)
{
	struct collect *c = arg;
	cJSON *copy = cJSON_Duplicate(m, 1);
	stamp_append(c->st, copy);
	cJSON_AddItemToArray(c->list, copy);
	return 0;
}

/* The next batch: outbox mutations first, then queued resolutions. NULL when both are empty. */
static cJSON *next_batch(struct run *r)
{
	cJSON *list = cJSON_CreateArray();
	struct collect c = { r->st, list };
	journal_outbox(r->st, r->batch, collect, &c, NULL, 0);
	int n = cJSON_GetArraySize(list);
	if (n < r->batch)
		sync_resolution_each(r->st, r->batch - n, collect, &c);
	n = cJSON_GetArraySize(list);
	if (n < r->batch)
		sync_relay_each(r->st, r->batch - n, collect, &c);
	if (cJSON_GetArraySize(list) == 0) {
		cJSON_Delete(list);
		return NULL;
	}
	return list;
}

static int rejected(struct run *r, const cJSON *res)
{
	const char *id = str(res, "id");
	cJSON *detail = cJSON_CreateObject();
	cJSON_AddStringToObject(detail, "mutation_id", str(res, "mutation_id"));
	cJSON_AddItemToObject(detail, "code", cJSON_Duplicate(cJSON_GetObjectItemCaseSensitive(res, "code"), 1));
	cJSON_AddStringToObject(detail, "error", str(res, "error") ? str(res, "error") : "");
	int rc = journal_audit(r->st, "sync-rejected", "mutation", id, detail, r->err, r->errlen);
	cJSON_Delete(detail);
	r->stats->rejected++;
	return rc == 0 ? sync_undo_rejected(r->st, res, r->err, r->errlen) : -1;
}

static int note_conflicts(struct run *r, const cJSON *res)
{
	const cJSON *c;
	cJSON_ArrayForEach(c, cJSON_GetObjectItemCaseSensitive(res, "conflicts")) {
		int n = sync_conflict_put(r->st, c, r->device, r->err, r->errlen);
		if (n < 0)
			return -1;
		r->stats->conflicts += n;
	}
	return 0;
}

/* Stores one mutation result; returns 1 when it acknowledged a mutation, 0 when not, -1. */
static int take_result(struct run *r, const cJSON *res)
{
	const char *mid = str(res, "mutation_id"), *status = str(res, "status");
	if (!mid || !status)
		return 0;
	if (journal_ack(r->st, mid, r->err, r->errlen) != 0 || sync_resolution_ack(r->st, mid, r->err, r->errlen) != 0)
		return -1;
	/* A relayed mutation (another device's, from a bundle): its result is kept to travel back. */
	int relayed = sync_relay_done(r->st, res, r->err, r->errlen);
	if (relayed < 0)
		return -1;
	if (!strcmp(status, "rejected"))
		return rejected(r, res) == 0 ? 1 : -1;
	if (relayed)
		r->stats->relayed++;
	else
		r->stats->pushed++;
	return note_conflicts(r, res) == 0 ? 1 : -1;
}

/* Stores the results of one push in one transaction; returns the number acknowledged or -1. */
static int take_results(struct run *r, const cJSON *results)
{
	if (store_begin(r->st, r->err, r->errlen) != 0)
		return -1;
	int acked = 0;
	const cJSON *res;
	cJSON_ArrayForEach(res, results) {
		int n = take_result(r, res);
		if (n < 0) {
			store_rollback(r->st);
			return -1;
		}
		acked += n;
	}
	return store_commit(r->st, r->err, r->errlen) == 0 ? acked : -1;
}

static int push_batch(struct run *r, cJSON *list)
{
	cJSON *doc = cJSON_CreateObject(), *reply = NULL;
	cJSON_AddItemToObject(doc, "mutations", list);
	char *body = cJSON_PrintUnformatted(doc);
	cJSON_Delete(doc);
	int status = body ? client_call(r->cl, "POST", "/v1/push", body, &reply, r->err, r->errlen) : -1;
	free(body);
	int rc;
	if (status == 413 && r->batch > 1) {
		r->batch /= 2;
		rc = SYNC_OK;
	} else if (status != 200) {
		rc = http_fail(r, "push", status, reply);
	} else {
		int acked = take_results(r, cJSON_GetObjectItemCaseSensitive(reply, "results"));
		rc = acked < 0 ? SYNC_ESTORE : SYNC_OK;
		if (acked == 0)
			rc = SYNC_ENET, po_err(r->err, r->errlen, "push: the exchange acknowledged none of the batch");
	}
	cJSON_Delete(reply);
	return rc;
}

/* Between batches and pages: SYNC_ECANCEL when asked to stop, else SYNC_OK after reporting. */
static int checkpoint(struct run *r)
{
	if (r->on_progress)
		r->on_progress(r->stats, r->arg);
	if (r->cancel && atomic_load(r->cancel))
		return po_err(r->err, r->errlen, "the sync was cancelled"), SYNC_ECANCEL;
	return SYNC_OK;
}

/* A request that failed because it was cancelled counts as cancelled, not as a network error. */
static int or_cancelled(struct run *r, int rc)
{
	if (rc != SYNC_OK && r->cancel && atomic_load(r->cancel)) {
		po_err(r->err, r->errlen, "the sync was cancelled");
		return SYNC_ECANCEL;
	}
	return rc;
}

static int push(struct run *r)
{
	cJSON *list;
	int rc = checkpoint(r);
	while (rc == SYNC_OK && (list = next_batch(r)) != NULL) {
		rc = or_cancelled(r, push_batch(r, list));
		if (rc == SYNC_OK)
			rc = checkpoint(r);
	}
	return rc;
}

/* Applies one item of a page inside the page's transaction; 0 or -1. */
static int apply_item(struct run *r, const cJSON *item)
{
	const char *type = str(item, "type");
	if (r->on_item)
		r->on_item(item, r->arg);
	if (!type)
		return 0;
	int n = 0;
	if (!strcmp(type, "record"))
		n = sync_apply_record(r->st, cJSON_GetObjectItemCaseSensitive(item, "record"), r->err, r->errlen),
		r->stats->pulled += n > 0;
	else if (!strcmp(type, "revoke") && str(item, "id"))
		n = sync_note_revoked(r->st, str(item, "id"), r->err, r->errlen) ? -1
		    : store_purge(r->st, str(item, "id"), r->err, r->errlen), r->stats->revoked += n > 0;
	else if (!strcmp(type, "conflict"))
		n = sync_conflict_put(r->st, cJSON_GetObjectItemCaseSensitive(item, "conflict"), r->device, r->err,
				      r->errlen), r->stats->conflicts += n > 0;
	return n < 0 ? -1 : 0;
}

/* Applies a page and stores its cursor in one transaction. */
static int apply_page(struct run *r, const cJSON *page)
{
	const char *cursor = str(page, "cursor");
	const cJSON *items = cJSON_GetObjectItemCaseSensitive(page, "items"), *it;
	if (!cursor || !cJSON_IsArray(items))
		return po_err(r->err, r->errlen, "changes: the exchange's page is malformed"), SYNC_ENET;
	if (store_begin(r->st, r->err, r->errlen) != 0)
		return SYNC_ESTORE;
	cJSON_ArrayForEach(it, items) {
		if (apply_item(r, it) != 0) {
			store_rollback(r->st);
			return SYNC_ESTORE;
		}
	}
	if (sync_set(r->st, "cursor", cursor, r->err, r->errlen) != 0 || store_commit(r->st, r->err, r->errlen) != 0) {
		store_rollback(r->st);
		return SYNC_ESTORE;
	}
	r->stats->pages++;
	return SYNC_OK;
}

/* Fetches and applies one page; *more says whether another follows. */
static int pull_page(struct run *r, int *more)
{
	char cursor[128] = "", path[256];
	sync_get(r->st, "cursor", cursor, sizeof cursor);
	snprintf(path, sizeof path, "/v1/changes?cursor=%s&limit=%d", cursor, r->page);
	cJSON *page = NULL;
	int status = client_call(r->cl, "GET", path, NULL, &page, r->err, r->errlen), rc;
	*more = 0;
	if (status == 410 && r->stats->resets == 0) {
		r->stats->resets++;
		*more = 1;
		rc = sync_set(r->st, "cursor", NULL, r->err, r->errlen) == 0 ? SYNC_OK : SYNC_ESTORE;
	} else if (status != 200) {
		rc = http_fail(r, "changes", status, page);
	} else {
		rc = apply_page(r, page);
		*more = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(page, "has_more"));
	}
	cJSON_Delete(page);
	return rc;
}

static int pull(struct run *r)
{
	int more = 1, rc = SYNC_OK;
	for (int i = 0; more && rc == SYNC_OK && i < MAX_PAGES; i++) {
		rc = or_cancelled(r, pull_page(r, &more));
		if (rc == SYNC_OK)
			rc = checkpoint(r);
	}
	return rc;
}

/* Records the outcome in the sync state and, when something moved, in the audit trail. */
static void finish(struct run *r, int rc)
{
	char now[21];
	po_now(now);
	if (rc == SYNC_OK) {
		sync_set(r->st, "last_ok", now, NULL, 0);
		sync_set(r->st, "last_error", NULL, NULL, 0);
	} else {
		sync_set(r->st, "last_error", r->err, NULL, 0);
	}
	const struct sync_stats *s = r->stats;
	if (rc != SYNC_OK || s->pushed + s->rejected + s->pulled + s->revoked + s->conflicts == 0)
		return;
	cJSON *d = cJSON_CreateObject();
	cJSON_AddNumberToObject(d, "pushed", s->pushed);
	cJSON_AddNumberToObject(d, "rejected", s->rejected);
	cJSON_AddNumberToObject(d, "pulled", s->pulled);
	cJSON_AddNumberToObject(d, "conflicts", s->conflicts);
	cJSON_AddNumberToObject(d, "revoked", s->revoked);
	journal_audit(r->st, "sync", "exchange", NULL, d, NULL, 0);
	cJSON_Delete(d);
}

int sync_run(struct store *st, const struct sync_opts *o, struct sync_stats *stats, char *err, size_t errlen)
{
	struct run r = { st, NULL, stats, o ? o->on_item : NULL, o ? o->arg : NULL, o ? o->on_progress : NULL,
			 o ? o->cancel : NULL, o && o->batch > 0 ? o->batch : DEFAULT_BATCH, o && o->page > 0 ? o->page : DEFAULT_PAGE,
			 "", err, errlen };
	char now[21];
	memset(stats, 0, sizeof *stats);
	po_now(now);
	sync_set(st, "last_attempt", now, NULL, 0);
	int rc = open_client(&r);
	if (rc == SYNC_OK)
		rc = or_cancelled(&r, hello(&r));
	if (rc == SYNC_OK)
		rc = push(&r);
	if (rc == SYNC_OK)
		rc = pull(&r);
	client_close(r.cl);
	finish(&r, rc);
	return rc;
}

/* A token looks like "ID.SECRET": printable, no spaces, one dot inside. */
static int token_ok(const char *t)
{
	size_t n = strlen(t);
	const char *dot = strchr(t, '.');
	if (n < 3 || n > 200 || !dot || dot == t || !dot[1])
		return 0;
	for (const char *p = t; *p; p++)
		if (*p <= ' ' || *p > '~')
			return 0;
	return 1;
}

int sync_remote_set(struct store *st, const char *url, const char *token, const char *cafile, const char *pin,
		    char *err, size_t errlen)
{
	if (client_check_url(url, err, errlen) != 0)
		return -1;
	if (strlen(url) > 1000)
		return po_err(err, errlen, "the exchange URL is too long");
	if (!token_ok(token))
		return po_err(err, errlen, "the token is not of the form ID.SECRET");
	if (cafile && access(cafile, R_OK) != 0)
		return po_err(err, errlen, "--cafile %s: cannot be read", cafile);
	if (pin && (strncmp(pin, "sha256//", 8) != 0 || strlen(pin) > 500))
		return po_err(err, errlen, "--pin: expected sha256//BASE64 (see portops(1))");
	if (store_begin(st, err, errlen) != 0)
		return -1;
	int rc = sync_set(st, "url", url, err, errlen) || sync_set(st, "token", token, err, errlen) ||
		 sync_set(st, "cafile", cafile, err, errlen) || sync_set(st, "pin", pin, err, errlen);
	if (rc) {
		store_rollback(st);
		return -1;
	}
	return store_commit(st, err, errlen);
}

/* The mutation that tells the exchange conflict id of record rec is resolved. */
static cJSON *resolution(struct store *st, const cJSON *rec, const char *id)
{
	char mid[37], now[21];
	po_uuid(mid);
	po_now(now);
	cJSON *m = cJSON_CreateObject();
	cJSON_AddStringToObject(m, "mutation_id", mid);
	cJSON_AddStringToObject(m, "kind", str(rec, "kind"));
	cJSON_AddStringToObject(m, "id", str(rec, "id"));
	if (str(rec, "parent"))
		cJSON_AddStringToObject(m, "parent", str(rec, "parent"));
	cJSON_AddNumberToObject(m, "base_rev", cJSON_GetObjectItemCaseSensitive(rec, "rev")->valuedouble);
	cJSON_AddStringToObject(m, "op", "upsert");
	cJSON_AddObjectToObject(m, "fields");
	cJSON_AddStringToObject(m, "agency", store_agency(st));
	cJSON_AddStringToObject(m, "author", store_operator(st));
	cJSON_AddStringToObject(m, "at", now);
	cJSON_AddItemToArray(cJSON_AddArrayToObject(m, "resolves"), cJSON_CreateString(id));
	return m;
}

/* Sets the conflict's field of its record to value unless it already has it; then queues m. */
static int resolve_in_tx(struct store *st, const cJSON *c, const cJSON *value, char *err, size_t errlen)
{
	const char *field = str(c, "field"), *id = str(c, "id");
	cJSON *rec = store_get(st, NULL, str(c, "record"), err, errlen);
	if (!rec)
		return -1;
	const cJSON *cur = cJSON_GetObjectItemCaseSensitive(rec, field);
	int same = cur ? cJSON_Compare(cur, value, 1) : cJSON_IsNull(value);
	int rc = 0;
	if (!same) {
		cJSON *changes = cJSON_CreateObject();
		cJSON_AddItemToObject(changes, field, cJSON_Duplicate(value, 1));
		rc = store_update(st, str(rec, "id"), changes, err, errlen);
		cJSON_Delete(changes);
	}
	cJSON *m = rc == 0 ? resolution(st, rec, id) : NULL;
	if (m)
		rc = sync_resolution_add(st, id, m, err, errlen) || sync_conflict_set_state(st, id, "resolving", err, errlen);
	cJSON_Delete(m);
	cJSON_Delete(rec);
	return rc ? -1 : 0;
}

int sync_resolve(struct store *st, const char *id, const char *keep, char *err, size_t errlen)
{
	if (strcmp(keep, "mine") != 0 && strcmp(keep, "theirs") != 0)
		return po_err(err, errlen, "--keep: mine or theirs");
	cJSON *c = sync_conflict_get(st, id);
	if (!c)
		return po_err(err, errlen, "no conflict with id %s", id);
	int rc = -1;
	if (!strcmp(str(c, "state"), "resolved") || !strcmp(str(c, "state"), "resolving"))
		po_err(err, errlen, "conflict %s is already %s", id, str(c, "state"));
	else if (store_begin(st, err, errlen) == 0) {
		rc = resolve_in_tx(st, c, cJSON_GetObjectItemCaseSensitive(c, keep), err, errlen);
		if (rc == 0)
			rc = store_commit(st, err, errlen);
		else
			store_rollback(st);
	}
	cJSON_Delete(c);
	return rc;
}

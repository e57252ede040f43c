/* api.c - see api.h. */
#include "api.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <cjson/cJSON.h>

#include "cursor.h"
#include "feed.h"
#include "merge.h"
#include "net/codec.h"
#include "storage/util.h"

void api_defaults(struct api_limits *lim)
{
	lim->max_body = 8u << 20;
	lim->max_batch = 500;
	lim->page_default = 500;
	lim->page_max = FEED_MAX_LIMIT;
	lim->timeout = 30;
	lim->max_conns = 1000;
	lim->per_ip = 600;
}

int api_init(struct api *a, struct xstore *xs, char *err, size_t errlen)
{
	a->xs = xs;
	if (xs_setting(xs, "name", a->name, sizeof a->name) != 0 || xs_setting(xs, "mode", a->mode, sizeof a->mode) != 0 ||
	    xs_setting(xs, "epoch", a->epoch, sizeof a->epoch) != 0)
		return po_err(err, errlen, "the exchange store is not initialised (run 'portops-exchange init')");
	return token_key(xs, a->key, err, errlen);
}

/* Sets r to the JSON text of obj (which is freed) with status. */
static void reply_json(struct api_reply *r, int status, cJSON *obj)
{
	r->status = status;
	r->body = cJSON_PrintUnformatted(obj);
	cJSON_Delete(obj);
	if (!r->body)
		r->status = 500, r->body = strdup("{\"error\":\"out of memory\"}");
}

void api_error(struct api_reply *r, int status, const char *msg)
{
	cJSON *o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "error", msg);
	reply_json(r, status, o);
}

/* Test hook: PORTOPS_EXCHANGE_FAULT="apply:N" kills the exchange while applying the Nth mutation
 * (before its batch commits), "commit:N" after the Nth batch commits and before it is answered. */
static void fault(const char *point)
{
	static int counts[2];
	const char *f = getenv("PORTOPS_EXCHANGE_FAULT");
	size_t n = strlen(point);
	if (!f || strncmp(f, point, n) != 0 || f[n] != ':')
		return;
	int i = !strcmp(point, "commit");
	if (++counts[i] == atoi(f + n + 1))
		raise(SIGKILL);
}

static void hello(struct api *a, const struct xs_token *t, struct api_reply *r)
{
	char now[21];
	po_now(now);
	cJSON *o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "name", a->name);
	cJSON_AddNumberToObject(o, "protocol", API_PROTOCOL);
	cJSON_AddStringToObject(o, "mode", a->mode);
	cJSON_AddStringToObject(o, "agency", t->agency);
	cJSON_AddStringToObject(o, "device", t->device);
	cJSON_AddStringToObject(o, "server_time", now);
	cJSON *l = cJSON_AddObjectToObject(o, "limits");
	cJSON_AddNumberToObject(l, "max_body", (double)a->lim.max_body);
	cJSON_AddNumberToObject(l, "max_batch", a->lim.max_batch);
	cJSON_AddNumberToObject(l, "max_page", a->lim.page_max);
	cJSON_AddNumberToObject(l, "max_depth", CODEC_MAX_DEPTH);
	cJSON_AddNumberToObject(l, "max_record", CODEC_MAX_RECORD);
	cJSON_AddNumberToObject(l, "timeout", a->lim.timeout);
	reply_json(r, 200, o);
}

static int agency_row(const char *code, const char *name, const char *country, void *arg)
{
	cJSON *o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "code", code);
	cJSON_AddStringToObject(o, "name", name);
	cJSON_AddStringToObject(o, "country", country);
	cJSON_AddItemToArray(arg, o);
	return 0;
}

static void agencies(struct api *a, struct api_reply *r)
{
	cJSON *o = cJSON_CreateObject();
	cJSON *list = cJSON_AddArrayToObject(o, "agencies");
	xs_lock(a->xs);
	int n = xs_agency_each(a->xs, agency_row, list);
	xs_unlock(a->xs);
	if (n < 0) {
		cJSON_Delete(o);
		api_error(r, 500, "cannot read the agencies");
		return;
	}
	reply_json(r, 200, o);
}

/* Applies every mutation of list in one transaction; the results go into results. Returns 0, or
 * -1 with err when the store failed (nothing of the batch is kept). */
static int apply_batch(struct api *a, const struct xs_token *t, cJSON *list, cJSON *results, char *err, size_t errlen)
{
	struct merge_who who = { t->agency, t->device };
	if (xs_begin(a->xs, err, errlen) != 0)
		return -1;
	cJSON *m;
	cJSON_ArrayForEach(m, list) {
		fault("apply");
		cJSON *res = merge_apply(a->xs, m, &who, err, errlen);
		if (!res) {
			xs_rollback(a->xs);
			return -1;
		}
		cJSON_AddItemToArray(results, res);
	}
	return xs_commit(a->xs, err, errlen);
}

static void push(struct api *a, const struct xs_token *t, const struct api_request *q, struct api_reply *r)
{
	char err[PO_ERRLEN];
	cJSON *doc = codec_parse(q->body ? q->body : "", q->body_len, a->lim.max_body, err, sizeof err);
	cJSON *list = cJSON_GetObjectItemCaseSensitive(doc, "mutations");
	if (!doc || !cJSON_IsArray(list)) {
		cJSON_Delete(doc);
		api_error(r, 400, doc ? "body: expected {\"mutations\": [...]}" : err);
		return;
	}
	if (cJSON_GetArraySize(list) > a->lim.max_batch) {
		cJSON_Delete(doc);
		snprintf(err, sizeof err, "mutations: more than %d in one push", a->lim.max_batch);
		api_error(r, 413, err);
		return;
	}
	cJSON *out = cJSON_CreateObject();
	cJSON *results = cJSON_AddArrayToObject(out, "results");
	xs_lock(a->xs);
	int rc = apply_batch(a, t, list, results, err, sizeof err);
	xs_unlock(a->xs);
	cJSON_Delete(doc);
	if (rc != 0) {
		cJSON_Delete(out);
		api_error(r, 503, err);
		return;
	}
	fault("commit");
	reply_json(r, 200, out);
}

/* Parses the limit parameter: 1..page_max, page_default when absent; -1 when malformed. */
static int page_limit(const struct api *a, const char *text)
{
	if (!text || !*text)
		return a->lim.page_default;
	char *end;
	long v = strtol(text, &end, 10);
	if (*end || v < 1)
		return -1;
	return v > a->lim.page_max ? a->lim.page_max : (int)v;
}

static void gone(struct api_reply *r, const char *why)
{
	cJSON *o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "error", why);
	cJSON_AddTrueToObject(o, "reset");
	reply_json(r, 410, o);
}

static void changes_page(struct api *a, const struct xs_token *t, long seq, int limit, struct api_reply *r)
{
	struct feed_page pg;
	char err[PO_ERRLEN], cur[CURSOR_MAX];
	xs_lock(a->xs);
	long head = xs_feed_head(a->xs);
	int rc = head >= 0 && seq <= head ? feed_page(a->xs, t->agency, seq, limit, &pg, err, sizeof err) : 1;
	xs_unlock(a->xs);
	if (rc == 1) {
		gone(r, "cursor: ahead of this exchange's feed; pull again from the start");
		return;
	}
	if (rc != 0) {
		api_error(r, 500, err);
		return;
	}
	cursor_encode(a->key, a->epoch, pg.last, cur);
	cJSON *o = cJSON_CreateObject();
	cJSON_AddItemToObject(o, "items", pg.items);
	cJSON_AddStringToObject(o, "cursor", cur);
	cJSON_AddBoolToObject(o, "has_more", pg.has_more);
	reply_json(r, 200, o);
}

static void changes(struct api *a, const struct xs_token *t, const struct api_request *q, struct api_reply *r)
{
	int limit = page_limit(a, q->limit);
	if (limit < 0) {
		api_error(r, 400, "limit: expected a whole number from 1");
		return;
	}
	long seq;
	enum cursor_status cs = cursor_decode(a->key, a->epoch, q->cursor, &seq);
	if (cs == CURSOR_MALFORMED)
		api_error(r, 400, "cursor: malformed");
	else if (cs == CURSOR_FOREIGN)
		gone(r, "cursor: not valid on this exchange any more; pull again from the start");
	else
		changes_page(a, t, seq, limit, r);
}

/* Checks "Bearer ID.SECRET"; 0 with *t when the token is in force. */
static int authorise(struct api *a, const char *header, struct xs_token *t)
{
	if (!header || strncasecmp(header, "Bearer ", 7) != 0)
		return -1;
	const char *tok = header + 7;
	while (*tok == ' ')
		tok++;
	xs_lock(a->xs);
	int rc = token_verify(a->xs, a->key, tok, t);
	xs_unlock(a->xs);
	return rc;
}

/* The endpoints, in the order api_handle dispatches on their index. */
static const struct {
	const char *path, *method;
} routes[] = {
	{ "/v1/hello", "GET" },
	{ "/v1/push", "POST" },
	{ "/v1/changes", "GET" },
	{ "/v1/agencies", "GET" },
};

void api_handle(struct api *a, const struct api_request *q, struct api_reply *r)
{
	size_t i, n = sizeof routes / sizeof *routes;
	for (i = 0; i < n && strcmp(routes[i].path, q->path) != 0; i++)
		;
	struct xs_token t;
	if (i == n)
		api_error(r, 404, "no such endpoint");
	else if (strcmp(routes[i].method, q->method) != 0)
		api_error(r, 405, "method not allowed");
	else if (authorise(a, q->authorization, &t) != 0)
		api_error(r, 401, "a valid device token is required (Authorization: Bearer ID.SECRET)");
	else if (i == 0)
		hello(a, &t, r);
	else if (i == 1)
		push(a, &t, q, r);
	else if (i == 2)
		changes(a, &t, q, r);
	else
		agencies(a, r);
}

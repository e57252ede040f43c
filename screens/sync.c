/* sync.c - the Sync tab: the exchange this store syncs with (URL, mode, the token's agency and
 * device as /v1/hello gave them), the state of the connection, the last attempts with their
 * outcome in plain words, the conflicts to resolve (m keep mine, t keep theirs, e edit the value,
 * Enter opens the record) and the outbox by record. The worker (console/worker.h) does the
 * syncing; this screen only reads its state and the store, and resolves conflicts with the same
 * functions as portops resolve. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "console/i18n.h"
#include "console/worker.h"
#include "fmt.h"
#include "nav.h"
#include "pager.h"
#include "prompt.h"
#include "screens.h"
#include "storage/syncstate.h"
#include "storage/util.h"
#include "storage/views.h"

enum { MAX_PENDING = 50 };

/* What names a record to a person: its reference, title, or an identifier it holds; "-" when none. */
static const char *describe(const cJSON *rec)
{
	static const char *const members[] = { "container", "seal_number", "imo", "mmsi", "call_sign", NULL };
	if (!rec)
		return "-";
	if (rec_ref(rec)[0])
		return rec_ref(rec);
	if (rec_title(rec, i18n_lang())[0])
		return rec_title(rec, i18n_lang());
	for (int i = 0; members[i]; i++)
		if (rec_str(rec, members[i])[0])
			return rec_str(rec, members[i]);
	return "-";
}

/* A sync setting, or "" when absent. */
static const char *setting(struct app *a, const char *key, char *out, size_t n)
{
	if (sync_get(a->st, key, out, n) != 0)
		out[0] = '\0';
	return out;
}

static const char *connection(struct app *a, const struct worker_view *v, char *out, size_t n)
{
	if (v && v->running)
		snprintf(out, n, _("syncing: pushed %d, pulled %d so far"), v->progress.pushed, v->progress.pulled);
	else
		snprintf(out, n, "%s", a->online || a->sync.reachable ? _("online") : _("offline"));
	return out;
}

static void exchange_part(struct page *d, struct app *a, const struct worker_view *v)
{
	char buf[1024], at[17];
	struct sync_state ss;
	views_sync_state(a->st, &ss);
	page_heading(d, _("Exchange"));
	page_field(d, _("URL"), ss.exchange[0] ? ss.exchange : _("none configured"));
	page_field(d, _("Name"), setting(a, "exchange", buf, sizeof buf));
	page_field(d, _("Mode"), setting(a, "mode", buf, sizeof buf));
	page_field(d, _("Agency"), setting(a, "agency", buf, sizeof buf));
	page_field(d, _("Device"), setting(a, "device", buf, sizeof buf));
	page_field(d, _("Connection"), connection(a, v, buf, sizeof buf));
	if (ss.exchange[0] && a->cfg.sync_interval > 0)
		snprintf(buf, sizeof buf, _("every %d s, 2 s after a change, and with s"), a->cfg.sync_interval);
	else
		snprintf(buf, sizeof buf, "%s", ss.exchange[0] ? _("2 s after a change, and with s") : "");
	page_field(d, _("Automatic sync"), buf);
	page_field(d, _("Last sync"), ss.last_sync[0] ? fmt_time(ss.last_sync, at) : _("never"));
	snprintf(buf, sizeof buf, "%ld", ss.outbox);
	page_field(d, _("Outbox"), buf);
	snprintf(buf, sizeof buf, "%ld", ss.conflicts);
	page_field(d, _("Conflicts"), buf);
}

/* One attempt: when, the outcome in plain words, and what the exchange or the network said. */
static void attempt_line(struct page *d, const char *when, int rc, const struct sync_stats *s, const char *err)
{
	char at[17], text[600];
	if (rc == SYNC_OK && s)
		snprintf(text, sizeof text, _("%s  ok: pushed %d, pulled %d, conflicts %d, revoked %d, rejected %d"),
			 fmt_time(when, at), s->pushed, s->pulled, s->conflicts, s->revoked, s->rejected);
	else
		snprintf(text, sizeof text, _("%s  failed: %s"), fmt_time(when, at), _(worker_explain(rc, err)));
	page_text(d, rc == SYNC_OK ? ST_NORMAL : ST_ERROR, 2, text);
	if (rc != SYNC_OK && err && *err)
		page_text(d, ST_DIM, 20, err);
}

static void attempts_part(struct page *d, struct app *a, const struct worker_view *v)
{
	char last_try[21], last_ok[21], last_err[400];
	page_heading(d, _("Last attempts"));
	for (int i = 0; v && i < v->nattempts; i++)
		attempt_line(d, v->attempts[i].at, v->attempts[i].rc, &v->attempts[i].stats, v->attempts[i].err);
	if (v && v->nattempts)
		return;
	/* none since the console started: the last one the store remembers */
	if (!setting(a, "last_attempt", last_try, sizeof last_try)[0]) {
		page_text(d, ST_DIM, 2, _("(none)"));
		return;
	}
	setting(a, "last_ok", last_ok, sizeof last_ok);
	setting(a, "last_error", last_err, sizeof last_err);
	attempt_line(d, last_try, last_err[0] ? SYNC_ENET : SYNC_OK, NULL, last_err);
}

struct conflicts_ctx {
	struct page *d;
	struct app *a;
	char device[101];  /* this device, as the exchange calls it */
	char first[64];    /* the id of the first conflict, "" when none */
};

/* "VALUE (who)" of one side of a conflict. */
static void side(struct page *d, const char *label_text, const cJSON *value, const char *who)
{
	char *json = cJSON_PrintUnformatted(value);
	char text[1200];
	struct line *l = page_line(d);
	snprintf(text, sizeof text, "%s  (%s)", json ? json : "?", who);
	if (l) {
		l->indent = 6;
		l->flags = LF_WRAP;
		line_add(l, label_text, 8, ST_DIM);
		line_add(l, text, 0, ST_NORMAL);
	}
	free(json);
}

static int conflict_entry(const cJSON *c, void *arg)
{
	struct conflicts_ctx *x = arg;
	const cJSON *body = cJSON_GetObjectItemCaseSensitive(c, "conflict");
	cJSON *rec = store_get(x->a->st, rec_str(c, "kind"), rec_str(c, "record"), NULL, 0);
	char text[600], at[17], who[300];
	snprintf(text, sizeof text, "%-10s %s · %s%s", rec_str(c, "kind"), describe(rec), rec_str(c, "field"),
		 !strcmp(rec_str(c, "state"), "resolving") ? _("  (resolved here, waiting to be sent)") : "");
	page_link(x->d, "conflict", rec_str(c, "id"), 2, text);
	if (!x->first[0])
		po_strlcpy(x->first, rec_str(c, "id"), sizeof x->first);
	snprintf(who, sizeof who, _("%s on %s, %s"), rec_str(body, "author"), rec_str(body, "device"),
		 fmt_time(rec_str(body, "at"), at));
	int own = x->device[0] && !strcmp(rec_str(body, "device"), x->device);
	side(x->d, _("mine:"), cJSON_GetObjectItemCaseSensitive(c, "mine"), own ? who : _("the exchange's value"));
	side(x->d, _("theirs:"), cJSON_GetObjectItemCaseSensitive(c, "theirs"), own ? _("the exchange's value") : who);
	cJSON_Delete(rec);
	return 0;
}

/* Adds the conflicts; writes the id of the first into first (64 bytes; "" when none). */
static void conflicts_part(struct page *d, struct app *a, char *first)
{
	struct conflicts_ctx x = { d, a, "", "" };
	setting(a, "device", x.device, sizeof x.device);
	page_heading(d, _("Conflicts (m keep mine, t keep theirs, e edit, Enter opens the record)"));
	int n = sync_conflict_each(a->st, conflict_entry, &x);
	if (n < 0)
		page_text(d, ST_ERROR, 2, _("cannot read the conflicts"));
	else if (n == 0)
		page_text(d, ST_DIM, 2, _("(none)"));
	po_strlcpy(first, x.first, 64);
}

struct pending_ctx {
	struct page *d;
	struct app *a;
};

/* One record waiting in the outbox: what it is, how many changes, since when. */
static int pending_entry(const struct pending_record *p, void *arg)
{
	struct pending_ctx *x = arg;
	char at[17], text[600];
	cJSON *rec = store_get(x->a->st, p->kind, p->id, NULL, 0);
	snprintf(text, sizeof text, _("%-10s %s  (%ld waiting since %s)"), p->kind, describe(rec), p->changes,
		 fmt_time(p->since, at));
	page_link(x->d, p->kind, p->id, 2, text);
	cJSON_Delete(rec);
	return 0;
}

static void outbox_part(struct page *d, struct app *a)
{
	char err[PO_ERRLEN];
	struct pending_ctx x = { d, a };
	page_heading(d, _("Waiting to be sent, by record (longest waiting first)"));
	int n = views_outbox_records(a->st, MAX_PENDING, pending_entry, &x, err, sizeof err);
	if (n < 0)
		page_text(d, ST_ERROR, 2, err);
	else if (n == 0)
		page_text(d, ST_DIM, 2, _("(none)"));
}

static int sync_open(struct screen *s, struct app *a)
{
	struct page d = { 0 };
	const struct worker_view *v = worker_view(a);
	po_strlcpy(s->title, _("Sync"), sizeof s->title);
	views_sync_state(a->st, &a->sync);
	if (!a->sync.exchange[0])
		page_text(&d, ST_DIM, 0, _("No exchange is set up: portops remote set URL --token-file FILE, then s "
					   "syncs. Meanwhile bundles move changes (portops export, portops import)."));
	exchange_part(&d, a, v);
	attempts_part(&d, a, v);
	char first[64];
	conflicts_part(&d, a, first);
	outbox_part(&d, a);
	if (pager_screen_open(s, a, &d) != 0)
		return -1;
	if (first[0])
		pager_select(s, "conflict", first); /* the cursor starts on what needs a decision */
	return 0;
}

/* After a conflict was resolved here: show it, and send the resolution at once. */
static int resolved(struct app *a, const char *keep)
{
	app_msg(a, 0, _("conflict resolved (keeping %s); syncing"), keep);
	a->writes++;
	nav_refresh(a);
	worker_sync_now(a, 0);
	return H_HANDLED | H_REDRAW;
}

static int keep(struct app *a, const char *id, const char *which)
{
	char err[PO_ERRLEN];
	if (sync_resolve(a->st, id, which, err, sizeof err) != 0) {
		app_msg(a, 1, "%s", err);
		return H_HANDLED | H_REDRAW;
	}
	return resolved(a, !strcmp(which, "mine") ? _("mine") : _("theirs"));
}

/* The conflict the edit prompt is open for (the prompt needs an argument that outlives it). */
static char editing[64];

/* The typed text as a value of the kind the conflict holds: a string when either side is one,
 * else JSON. NULL when it is not valid JSON. */
static cJSON *typed_value(const cJSON *c, const char *text)
{
	if (cJSON_IsString(cJSON_GetObjectItemCaseSensitive(c, "mine")) ||
	    cJSON_IsString(cJSON_GetObjectItemCaseSensitive(c, "theirs")))
		return cJSON_CreateString(text);
	return cJSON_Parse(text);
}

/* Keeps mine, then gives the field the edited value (both pushed before the resolution). */
static int edit_done(struct app *a, const char *text, void *arg)
{
	char err[PO_ERRLEN];
	cJSON *c = sync_conflict_get(a->st, arg);
	cJSON *value = c ? typed_value(c, text) : NULL, *changes = cJSON_CreateObject();
	int rc = -1;
	if (!value)
		po_err(err, sizeof err, "%s", _("not a valid value (JSON expected)"));
	else if (sync_resolve(a->st, arg, "mine", err, sizeof err) == 0) {
		cJSON_AddItemToObject(changes, rec_str(c, "field"), value);
		value = NULL;
		rc = store_update(a->st, rec_str(c, "record"), changes, err, sizeof err);
	}
	cJSON_Delete(value), cJSON_Delete(changes), cJSON_Delete(c);
	if (rc != 0) {
		app_msg(a, 1, "%s", err);
		nav_refresh(a);
		return H_REDRAW;
	}
	return resolved(a, _("the edited value"));
}

static int edit(struct app *a, const char *id)
{
	char label_text[160];
	cJSON *c = sync_conflict_get(a->st, id);
	if (!c)
		return H_HANDLED;
	const cJSON *mine = cJSON_GetObjectItemCaseSensitive(c, "mine");
	char *json = cJSON_IsString(mine) ? NULL : cJSON_PrintUnformatted(mine);
	po_strlcpy(editing, id, sizeof editing);
	snprintf(label_text, sizeof label_text, _("New value of %s:"), rec_str(c, "field"));
	prompt_open(a, label_text, cJSON_IsString(mine) ? mine->valuestring : json, edit_done, editing);
	free(json);
	cJSON_Delete(c);
	return H_HANDLED | H_REDRAW;
}

static int open_record(struct app *a, const char *id)
{
	cJSON *c = sync_conflict_get(a->st, id);
	if (c)
		nav_open(a, rec_str(c, "kind"), rec_str(c, "record"));
	cJSON_Delete(c);
	return H_HANDLED | H_REDRAW;
}

/* Keys of a conflict line (by key, whatever action they are bound to elsewhere); the rest goes to
 * the pager. */
static int sync_key(struct screen *s, struct app *a, enum action act, keycode k)
{
	const struct line *l = pager_current(s);
	char id[64];
	if (!l || strcmp(l->link_kind, "conflict"))
		return pager_screen_key(s, a, act, k);
	po_strlcpy(id, l->link_id, sizeof id);
	if (k == 'm' || k == 't')
		return keep(a, id, k == 'm' ? "mine" : "theirs");
	if (k == 'e')
		return edit(a, id);
	if (act == ACT_OPEN)
		return open_record(a, id);
	return pager_screen_key(s, a, act, k);
}

const struct screen_ops sync_screen = {
	"sync", sync_open, pager_screen_draw, sync_key, pager_screen_close,
};

/* worker.c - see worker.h. The thread (first half) knows the store and net/sync.h only; the
 * main thread's half (second) schedules syncs and turns reports into what the console shows. */
#include "worker.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "i18n.h"
#include "screens/nav.h"
#include "screens/screens.h"
#include "screens/ui.h"
#include "storage/journal.h"
#include "storage/syncstate.h"
#include "storage/util.h"

/* What the thread reports. */
enum { R_START, R_PROGRESS, R_DONE, R_NOTCONF };

/* One report: written whole to the pipe (smaller than PIPE_BUF, so never split). */
struct report {
	int type;                /* R_* */
	int rc;                  /* R_DONE: enum sync_status */
	struct sync_stats stats; /* R_PROGRESS, R_DONE */
	char at[21];             /* R_DONE: when it ended */
	char err[400];           /* R_DONE: why it failed */
};

struct worker {
	pthread_t thread;        /* the worker */
	int req[2];              /* main -> worker: 's' sync, 'q' quit */
	int rep[2];              /* worker -> main: struct report */
	atomic_int cancel;       /* set once, by worker_detach */
	atomic_int finished;     /* set by the thread as it ends */
	char db[4096];           /* the store file */
	/* the main thread's side */
	struct worker_view view; /* what the screens show */
	int user;                /* the sync asked for is the operator's (report its outcome) */
	long due_ms;             /* a sync after a local change is due then; 0 when none */
	long next_ms;            /* the next periodic sync; 0 when none */
	long outbox_seen;        /* outbox count at the last tick */
	long refreshed_ms;       /* last refresh of the screen during a sync */
	int pulled_seen;         /* progress.pulled + revoked at that refresh */
};

/* ---- the thread ------------------------------------------------------------------------- */

static void send_report(struct worker *w, const struct report *r)
{
	const char *p = (const char *)r;
	size_t left = sizeof *r;
	while (left > 0) {
		ssize_t n = write(w->rep[1], p, left);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return;
		p += n, left -= (size_t)n;
	}
}

static void on_progress(const struct sync_stats *stats, void *arg)
{
	struct report r = { .type = R_PROGRESS, .stats = *stats };
	send_report(arg, &r);
}

/* One sync on st; reports start, progress and the outcome. */
static void run_sync(struct worker *w, struct store *st)
{
	char url[8];
	struct report r = { .type = R_START };
	if (sync_get(st, "url", url, sizeof url) != 0) {
		r.type = R_NOTCONF; /* nothing to do, and nothing written to the store */
		send_report(w, &r);
		return;
	}
	send_report(w, &r);
	struct sync_opts o = { 0 };
	o.on_progress = on_progress;
	o.arg = w;
	o.cancel = &w->cancel;
	r.type = R_DONE;
	r.rc = sync_run(st, &o, &r.stats, r.err, sizeof r.err);
	if (r.rc == SYNC_OK)
		r.err[0] = '\0';
	po_now(r.at);
	send_report(w, &r);
}

/* Reads the next request; coalesces a run of sync requests into one. 's', or 'q' (also on error). */
static char next_request(struct worker *w)
{
	char c, more;
	ssize_t n;
	while ((n = read(w->req[0], &c, 1)) < 0 && errno == EINTR)
		;
	if (n != 1)
		return 'q';
	int fl = fcntl(w->req[0], F_GETFL);
	fcntl(w->req[0], F_SETFL, fl | O_NONBLOCK);
	while (c != 'q' && read(w->req[0], &more, 1) == 1)
		c = more == 'q' ? 'q' : c;
	fcntl(w->req[0], F_SETFL, fl);
	return c;
}

static void *worker_main(void *arg)
{
	struct worker *w = arg;
	struct store *st = NULL;
	char err[PO_ERRLEN];
	if (store_open(w->db, 0, &st, err, sizeof err) != 0) {
		struct report r = { .type = R_DONE, .rc = SYNC_ESTORE };
		po_strlcpy(r.err, err, sizeof r.err);
		po_now(r.at);
		send_report(w, &r);
		st = NULL;
	}
	while (next_request(w) == 's' && !atomic_load(&w->cancel))
		if (st)
			run_sync(w, st);
	store_close(st);
	atomic_store(&w->finished, 1);
	return NULL;
}

/* ---- the main thread's side ------------------------------------------------------------- */

static long now_ms(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (long)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

static void ask(struct worker *w, char c)
{
	while (write(w->req[1], &c, 1) < 0 && errno == EINTR)
		;
}

static int configured(struct app *a)
{
	char url[8];
	return sync_get(a->st, "url", url, sizeof url) == 0;
}

/* The periodic sync after the one that just ended. */
static void schedule_next(struct app *a, struct worker *w)
{
	w->next_ms = a->cfg.sync_interval > 0 ? now_ms() + a->cfg.sync_interval * 1000L : 0;
}

void worker_sync_now(struct app *a, int user)
{
	struct worker *w = a->worker;
	if (!w)
		return;
	if (!w->view.configured && user)
		w->view.configured = configured(a);
	if (!w->view.configured) {
		if (user)
			app_msg(a, 1, "%s", _("no exchange is set up: run portops remote set URL first"));
		return;
	}
	w->user |= user;
	w->due_ms = 0;
	if (w->view.queued)
		return;
	w->view.queued = 1;
	ask(w, 's');
	if (user)
		app_msg(a, 0, "%s", _("syncing with the exchange..."));
}

void worker_flush(struct app *a)
{
	struct worker *w = a->worker;
	if (w && w->due_ms)
		worker_sync_now(a, 0);
}

int worker_busy(const struct app *a)
{
	const struct worker *w = a->worker;
	return w && (w->view.running || w->view.queued || w->due_ms);
}

const struct worker_view *worker_view(const struct app *a)
{
	return a->worker ? &((const struct worker *)a->worker)->view : NULL;
}

void worker_tick(struct app *a)
{
	struct worker *w = a->worker;
	if (!w)
		return;
	if (!w->view.configured) {
		/* portops remote set ran while the console was open: sync at once */
		if ((w->view.configured = configured(a)))
			worker_sync_now(a, 0);
		return;
	}
	long now = now_ms(), outbox = journal_outbox_count(a->st);
	if (outbox > w->outbox_seen)
		w->due_ms = now + WORKER_DEBOUNCE_MS; /* a local change: wait for the last of a burst */
	w->outbox_seen = outbox;
	if ((w->due_ms && now >= w->due_ms) || (w->next_ms && now >= w->next_ms))
		worker_sync_now(a, 0);
}

/* The detail screens, whose arg is the id of the record they show. */
static int shows_record(const struct screen *s)
{
	static const struct screen_ops *const detail[] = { &threat_screen, &case_screen, &procedure_screen,
							   &technique_screen, &bulletin_screen, &scenario_screen };
	for (size_t i = 0; i < sizeof detail / sizeof detail[0]; i++)
		if (s->ops == detail[i])
			return 1;
	return 0;
}

/* The index of the lowest screen of tab t whose record is gone (revoked or deleted), writing the
 * notice into msg; -1 when none. */
static int vanished_at(struct app *a, int t, char *msg, size_t n)
{
	for (int i = 1; i < a->depth[t]; i++) {
		struct screen *s = a->stack[t][i];
		if (!shows_record(s))
			continue;
		cJSON *rec = store_get(a->st, NULL, s->arg, NULL, 0);
		int deleted = rec && cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(rec, "deleted"));
		cJSON_Delete(rec);
		if (rec && !deleted)
			continue;
		if (deleted)
			snprintf(msg, n, _("%s was deleted on another device: closed"), s->title);
		else
			snprintf(msg, n, _("%s is no longer shared with this agency: closed"), s->title);
		return i;
	}
	return -1;
}

/* Closes the screens of records that a sync removed, with a one-line notice. */
static void close_vanished(struct app *a)
{
	char msg[512];
	int tab = a->tab;
	for (int t = 0; t < NTABS; t++) {
		int i = vanished_at(a, t, msg, sizeof msg);
		if (i < 0)
			continue;
		a->tab = t;
		while (a->depth[t] > i && nav_pop(a) == 0)
			;
		app_msg(a, 0, "%s", msg);
	}
	a->tab = tab;
}

/* After the store changed under the console: reload what is shown. */
static void store_changed(struct app *a)
{
	a->writes++;
	close_vanished(a);
	if (!a->prompt && a->depth[a->tab] == 1)
		nav_refresh(a);
}

static int moved(const struct sync_stats *s)
{
	return s->pulled + s->revoked + s->rejected + s->conflicts + s->pushed > 0;
}

static void keep_attempt(struct worker *w, const struct report *r)
{
	struct worker_view *v = &w->view;
	memmove(&v->attempts[1], &v->attempts[0], (WORKER_HISTORY - 1) * sizeof v->attempts[0]);
	struct worker_attempt *at = &v->attempts[0];
	po_strlcpy(at->at, r->at, sizeof at->at);
	at->rc = r->rc;
	at->stats = r->stats;
	po_strlcpy(at->err, r->err, sizeof at->err);
	if (v->nattempts < WORKER_HISTORY)
		v->nattempts++;
}

static void tell_outcome(struct app *a, const struct report *r)
{
	const struct sync_stats *s = &r->stats;
	if (r->rc == SYNC_OK)
		app_msg(a, 0, _("synced: pushed %d, pulled %d, conflicts %d, revoked %d, rejected %d"), s->pushed,
			s->pulled, s->conflicts, s->revoked, s->rejected);
	else
		app_msg(a, 1, _("sync failed: %s"), _(worker_explain(r->rc, r->err)));
}

static void on_done(struct app *a, struct worker *w, const struct report *r)
{
	w->view.running = 0;
	keep_attempt(w, r);
	a->online = r->rc == SYNC_OK;
	schedule_next(a, w);
	/* changes made after the sync had pushed wait for the next one: soon, unless it failed */
	w->outbox_seen = journal_outbox_count(a->st);
	if (r->rc == SYNC_OK && w->outbox_seen > 0 && !w->due_ms)
		w->due_ms = now_ms() + WORKER_DEBOUNCE_MS;
	if (w->user)
		tell_outcome(a, r);
	w->user = 0;
	if (moved(&r->stats) || (nav_top(a) && nav_top(a)->ops == &sync_screen))
		store_changed(a);
}

/* During a long pull, shows what arrived at most once a second. */
static void on_progress_report(struct app *a, struct worker *w, const struct report *r)
{
	w->view.progress = r->stats;
	int got = r->stats.pulled + r->stats.revoked;
	long now = now_ms();
	if (got != w->pulled_seen && now - w->refreshed_ms >= 1000) {
		w->pulled_seen = got;
		w->refreshed_ms = now;
		store_changed(a);
	}
}

static void take_report(struct app *a, struct worker *w, const struct report *r)
{
	switch (r->type) {
	case R_START:
		w->view.running = 1;
		w->view.queued = 0;
		memset(&w->view.progress, 0, sizeof w->view.progress);
		w->pulled_seen = 0;
		break;
	case R_PROGRESS: on_progress_report(a, w, r); break;
	case R_DONE: on_done(a, w, r); break;
	case R_NOTCONF:
		w->view.queued = w->view.running = 0;
		w->view.configured = 0;
		break;
	}
}

/* The loop's callback for the report pipe: takes every report waiting. */
static void reports_ready(struct app *a, int fd, void *arg)
{
	struct worker *w = arg;
	struct report r;
	(void)fd;
	while (read(w->rep[0], &r, sizeof r) == (ssize_t)sizeof r)
		take_report(a, w, &r);
}

/* Starts the thread with the terminal's signals blocked, so that they reach the main thread. */
static int start_thread(struct worker *w)
{
	sigset_t all, old;
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	int rc = pthread_create(&w->thread, NULL, worker_main, w);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	return rc;
}

static void close_pipes(struct worker *w)
{
	for (int i = 0; i < 2; i++) {
		if (w->req[i] >= 0)
			close(w->req[i]);
		if (w->rep[i] >= 0)
			close(w->rep[i]);
	}
}

int worker_attach(struct app *a, const char *db)
{
	struct worker *w = calloc(1, sizeof *w);
	if (!w)
		return app_msg(a, 1, "%s", _("out of memory")), -1;
	w->req[0] = w->req[1] = w->rep[0] = w->rep[1] = -1;
	po_strlcpy(w->db, db, sizeof w->db);
	atomic_init(&w->cancel, 0);
	atomic_init(&w->finished, 0);
	if (pipe(w->req) != 0 || pipe(w->rep) != 0 || fcntl(w->rep[0], F_SETFL, O_NONBLOCK) != 0 ||
	    app_watch_fd(a, w->rep[0], reports_ready, w) != 0) {
		close_pipes(w);
		free(w);
		return app_msg(a, 1, "%s", _("cannot start the sync worker")), -1;
	}
	if (start_thread(w) != 0) {
		app_unwatch_fd(a, w->rep[0]);
		close_pipes(w);
		free(w);
		return app_msg(a, 1, "%s", _("cannot start the sync worker")), -1;
	}
	a->worker = w;
	w->view.configured = configured(a);
	w->outbox_seen = journal_outbox_count(a->st);
	schedule_next(a, w);
	worker_sync_now(a, 0);
	return 0;
}

void worker_detach(struct app *a)
{
	struct worker *w = a->worker;
	if (!w)
		return;
	atomic_store(&w->cancel, 1);
	ask(w, 'q');
	/* the thread may be blocked writing a report that nobody read (script mode): drain them */
	struct report r;
	while (!atomic_load(&w->finished)) {
		while (read(w->rep[0], &r, sizeof r) > 0)
			;
		struct timespec ts = { 0, 5000000L };
		nanosleep(&ts, NULL);
	}
	pthread_join(w->thread, NULL);
	app_unwatch_fd(a, w->rep[0]);
	close_pipes(w);
	free(w);
	a->worker = NULL;
}

/* ---- plain words -------------------------------------------------------------------------- */

static int has(const char *err, const char *what)
{
	return strcasestr(err, what) != NULL;
}

const char *worker_explain(int rc, const char *err)
{
	static const struct {
		const char *says;    /* in net/sync.c's or curl's message (case ignored) */
		const char *means;
	} known[] = {
		{ "(401)", N_("wrong or revoked token: ask the exchange's administrator for a new one") },
		{ "pinned", N_("certificate mismatch: the exchange's key is not the pinned one") },
		{ "ssl", N_("certificate problem: the exchange's certificate could not be verified") },
		{ "certificate", N_("certificate problem: the exchange's certificate could not be verified") },
		{ "resolve", N_("unreachable: the exchange's name is unknown (no network?)") },
		{ "connect", N_("unreachable: the exchange does not answer (offline?)") },
		{ "timeout", N_("unreachable: the exchange took too long to answer") },
		{ "receiving", N_("unreachable: the connection to the exchange broke") },
		{ "returned nothing", N_("unreachable: the connection to the exchange broke") },
		{ "exercise store", N_("wrong mode: an exercise store syncs only with a training exchange") },
		{ "live store", N_("wrong mode: a live store syncs only with a live exchange") },
		{ "token belongs", N_("wrong agency: the token is for another agency than this store's") },
		{ "no exchange is set up", N_("no exchange is set up (portops remote set URL)") },
		{ "answered 5", N_("the exchange failed (server error); the next sync retries") },
		{ "redirect", N_("the exchange answered with a redirect, which is not followed") },
		{ "answered", N_("the exchange refused the request") },
	};
	if (rc == SYNC_OK)
		return N_("synced");
	if (rc == SYNC_ECANCEL)
		return N_("cancelled (the console was closed during the sync)");
	for (size_t i = 0; err && i < sizeof known / sizeof known[0]; i++)
		if (has(err, known[i].says))
			return known[i].means;
	return rc == SYNC_ESTORE ? N_("the local store failed") : N_("the sync failed");
}

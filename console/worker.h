/* worker.h - syncing from the console: a worker thread that runs net/sync.h on a connection of
 * its own, and the main thread's side of it (when to sync, what the last syncs did).
 *
 * The worker owns its SQLite connection (a second struct store on the same file) and its curl
 * handle; it never calls curses and shares no mutable state with the main thread except the
 * cancel flag (an atomic). Requests go to it over one pipe ("sync", "quit"), reports come back
 * over another (started, progress after each committed batch or page, done), which the event loop
 * polls with the keyboard (app_watch_fd). Every function here except the thread's own runs on the
 * main thread.
 *
 * A sync starts when the console starts, 2 s after the last local change (the outbox grew), every
 * sync_interval seconds (portops.conf; 0 never) and on demand (worker_sync_now). Quitting cancels
 * a sync in progress between pages or inside a request; each batch and page is its own
 * transaction, so nothing committed is lost. */
#ifndef PORTOPS_WORKER_H
#define PORTOPS_WORKER_H

#include "net/sync.h"

struct app;

enum { WORKER_HISTORY = 5, WORKER_DEBOUNCE_MS = 2000 };

/* One finished sync attempt. */
struct worker_attempt {
	char at[21];             /* when it ended (UTC ISO 8601) */
	int rc;                  /* enum sync_status */
	struct sync_stats stats; /* what moved */
	char err[400];           /* why it failed, as net/sync.c said it ("" when it did not) */
};

/* What the Sync screen and the status bar show about the worker. */
struct worker_view {
	int configured;          /* an exchange is set up (portops remote set) */
	int running;             /* a sync is in progress */
	int queued;              /* a sync was asked for and has not started */
	struct sync_stats progress;                         /* counts of the sync in progress */
	struct worker_attempt attempts[WORKER_HISTORY];     /* the last attempts, newest first */
	int nattempts;                                      /* how many */
};

/* Starts the worker on the store file db and adds its pipe to the loop's inputs; asks for the
 * first sync when an exchange is set up. Returns 0, or -1 after a message (the console then runs
 * without syncing). */
int worker_attach(struct app *a, const char *db);
/* Cancels a sync in progress, joins the thread and frees everything. Safe when not attached. */
void worker_detach(struct app *a);
/* Starts the syncs that are due (after a local change, every sync_interval). The loop calls it
 * at least once a second. */
void worker_tick(struct app *a);
/* Asks for a sync now; user non-zero reports its outcome on the message line. */
void worker_sync_now(struct app *a, int user);
/* Non-zero while a sync runs, one is asked for, or a local change waits for its debounce. */
int worker_busy(const struct app *a);
/* Starts at once a sync that waits for its debounce (script mode's wait-sync). */
void worker_flush(struct app *a);
/* The state to show, or NULL when there is no worker. */
const struct worker_view *worker_view(const struct app *a);
/* Plain words (untranslated, N_) for the outcome rc of a sync that said err. */
const char *worker_explain(int rc, const char *err);

#endif

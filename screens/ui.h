/* ui.h - what the console's screens and widgets share: the application state, the table of
 * operations every screen fills in, handler flags and display styles.
 *
 * Only the main thread calls anything declared under screens/. Screens read the store through
 * storage/ (store.h, search.h, journal.h, refdata.h, views.h), never through SQL. */
#ifndef PORTOPS_UI_H
#define PORTOPS_UI_H

#include <stddef.h>

#include "console/config.h"
#include "console/keys.h"
#include "storage/store.h"
#include "storage/views.h"

/* Display styles; draw.c turns them into curses attributes (with or without colour). */
enum style {
	ST_NORMAL, ST_HEAD, ST_DIM, ST_COLHEAD, ST_SELECT, ST_TAB, ST_TAB_ON, ST_BAR, ST_ERROR,
	ST_EXERCISE, ST_LINK,
	ST_TLP_CLEAR, ST_TLP_GREEN, ST_TLP_AMBER, ST_TLP_RED,
	ST_LOW, ST_MEDIUM, ST_HIGH, ST_CRITICAL,
	ST_COUNT
};

/* What a key handler returns (or-ed). The event loop acts on them after the handler returns. */
enum {
	H_NONE = 0,
	H_HANDLED = 1 << 0, /* the key was used; without it the loop tries the global actions */
	H_REDRAW = 1 << 1,  /* the screen changed */
	H_BACK = 1 << 2,    /* close this screen */
	H_QUIT = 1 << 3,    /* leave the console */
};

/* A rectangle of the terminal, in cells. */
struct area {
	int y, x; /* top left */
	int h, w; /* rows and columns */
};

struct app;
struct screen;

/* The table of operations of one screen (one file per screen in screens/). */
struct screen_ops {
	const char *name;  /* for messages and tests */
	/* Loads what the screen shows (s->arg says what) and sets s->title. Returns 0, or -1 after
	 * setting a message (app_msg); the screen is then not shown. */
	int (*open)(struct screen *s, struct app *a);
	/* Draws the screen's body into r (the rows between the title and the status bar). */
	void (*draw)(struct screen *s, struct app *a, const struct area *r);
	/* Handles an action (act) or, with ACT_NONE, an unbound key k. Returns H_* flags. */
	int (*on_key)(struct screen *s, struct app *a, enum action act, keycode k);
	/* Frees s->data. */
	void (*close)(struct screen *s);
};

/* One open screen on a tab's stack. */
struct screen {
	const struct screen_ops *ops;  /* what it is */
	char arg[128];                 /* what it shows: a record id, a LOCODE, a query; "" for roots */
	char title[200];               /* the line above its body, set by open (sanitised when drawn) */
	unsigned long seen;            /* app.writes when it was opened */
	void *data;                    /* its state, owned, freed by ops->close */
};

enum { NTABS = 8, MAX_DEPTH = 32, MAX_FDS = 8 };

/* A file descriptor the event loop polls besides the keyboard (the sync worker's pipe). */
struct app_fd {
	int fd;                                         /* polled for input */
	void (*ready)(struct app *a, int fd, void *arg); /* called when fd is readable */
	void *arg;                                      /* passed back */
};

struct prompt;
struct worker;

/* The state of the whole console. */
struct app {
	struct store *st;                       /* the open store (borrowed) */
	struct config cfg;                      /* portops.conf */
	int color;                              /* colours in use */
	int tab;                                /* current tab, 0..NTABS-1 */
	struct screen *stack[NTABS][MAX_DEPTH]; /* each tab's screens, root first */
	int depth[NTABS];                       /* how many */
	char msg[512];                          /* the message line ("" for the key hint) */
	int msg_error;                          /* the message is an error */
	struct prompt *prompt;                  /* the active prompt, or NULL */
	char dump_path[1024];                   /* :dump-screen asked for a dump after the redraw */
	int quit;                               /* leave the loop */
	int exit_code;                          /* what tui_run returns */
	int exercise;                           /* the store is an exercise database */
	int online;                             /* the sync worker reached the exchange */
	struct worker *worker;                  /* the sync worker (console/worker.h), or NULL */
	unsigned long writes;                   /* changes made from the console (screens opened
						 * before the last one are reloaded when shown again) */
	struct sync_state sync;                 /* refreshed by the loop */
	struct app_fd fds[MAX_FDS];             /* extra inputs of the event loop */
	int nfds;
};

/* Sets the message line (printf-style; error non-zero shows it as an error). */
void app_msg(struct app *a, int error, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* Adds fd to the inputs the event loop polls; -1 when there are already MAX_FDS. */
int app_watch_fd(struct app *a, int fd, void (*ready)(struct app *a, int fd, void *arg), void *arg);
/* Removes fd from them. */
void app_unwatch_fd(struct app *a, int fd);

#endif

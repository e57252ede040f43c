/* tui.c - the console's event loop (tui.h): starts curses (on the terminal, or on /dev/null for
 * script mode), feeds keys to the screen on top of the current tab, falls back to the global
 * actions, and redraws. The loop polls the keyboard and the extra inputs of struct app (the sync
 * worker's pipe) with a timeout that keeps the clock current. Only this thread calls curses. */
#include "tui.h"

#include <curses.h>
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "config.h"
#include "i18n.h"
#include "keys.h"
#include "script.h"
#include "worker.h"
#include "screens/bars.h"
#include "screens/cmdline.h"
#include "screens/draw.h"
#include "screens/edit.h"
#include "screens/nav.h"
#include "screens/prompt.h"
#include "screens/screens.h"
#include "screens/ui.h"
#include "storage/exercise.h"
#include "storage/util.h"
#include "storage/views.h"

enum { TICK_MS = 1000, MIN_ROWS = 6, MIN_COLS = 20 };

static volatile sig_atomic_t got_signal;

static void on_signal(int sig)
{
	got_signal = sig;
}

/* SIGINT, SIGTERM and SIGHUP end the loop so that the terminal is restored. */
static void catch_signals(void)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
}

/* Reads portops.conf and applies its language unless PORTOPS_LANG chose one. */
static void load_config(struct app *a)
{
	char path[4096], err[PO_ERRLEN];
	keys_defaults();
	config_defaults(&a->cfg);
	config_path(path, sizeof path);
	if (config_load(&a->cfg, path, err, sizeof err) != 0)
		app_msg(a, 1, "%s", err);
	const char *env = getenv("PORTOPS_LANG");
	if ((!env || !*env) && a->cfg.language[0])
		i18n_init(a->cfg.language);
}

static void draw_all(struct app *a);

/* Draws the title row of the screen s. */
static void draw_title(struct screen *s)
{
	draw_fill(1, 0, COLS, ST_NORMAL);
	if (s)
		draw_text(1, 1, COLS - 2, s->title, ST_HEAD, 0);
}

/* Writes the dump that :dump-screen asked for, now that the screen is drawn. */
static void pending_dump(struct app *a)
{
	char err[PO_ERRLEN], path[sizeof a->dump_path];
	po_strlcpy(path, a->dump_path, sizeof path);
	a->dump_path[0] = '\0';
	if (draw_dump(path, err, sizeof err) != 0)
		app_msg(a, 1, "%s", err);
	else
		app_msg(a, 0, _("wrote the screen to %s"), path);
	draw_all(a);
}

static void draw_all(struct app *a)
{
	erase();
	if (LINES < MIN_ROWS || COLS < MIN_COLS) {
		draw_text(0, 0, COLS, _("Terminal too small"), ST_ERROR, 0);
		refresh();
		return;
	}
	struct screen *s = nav_top(a);
	struct area body = { 2, 0, LINES - 4, COLS };
	views_sync_state(a->st, &a->sync);
	if (s)
		s->ops->draw(s, a, &body);
	draw_title(s);
	tabbar_draw(a, 0, COLS);
	statusbar_draw(a, LINES - 2, COLS);
	msgline_draw(a, LINES - 1, COLS);
	refresh();
	if (a->dump_path[0])
		pending_dump(a);
}

/* Back (q) leaves the console from a tab's first screen; close (Esc) never does. */
static int go_back(struct app *a, enum action act)
{
	if (nav_pop(a) == 0)
		return H_REDRAW;
	return act == ACT_BACK ? H_QUIT : H_NONE;
}

static int open_help(struct app *a)
{
	struct screen *s = nav_top(a);
	if (!s || s->ops != &help_screen)
		nav_push(a, &help_screen, "");
	return H_REDRAW;
}

/* What a key means when the screen did not use it. */
static int global_action(struct app *a, enum action act, keycode k)
{
	char name[32];
	if (act >= ACT_DASHBOARD && act <= ACT_SYNC) {
		nav_tab(a, act - ACT_DASHBOARD);
		return H_REDRAW;
	}
	if (act >= ACT_CITE && act <= ACT_REPORT) /* keys of particular screens, not used here */
		act = ACT_NONE;
	switch (act) {
	case ACT_QUIT: return H_QUIT;
	case ACT_BACK:
	case ACT_CLOSE: return go_back(a, act);
	case ACT_HELP: return open_help(a);
	case ACT_SEARCH: return cmdline_search_prompt(a);
	case ACT_COMMAND: return cmdline_prompt(a);
	case ACT_REFRESH: nav_refresh(a); return H_REDRAW;
	case ACT_SYNC_NOW: worker_sync_now(a, 1); return H_REDRAW;
	case ACT_REGEX:
	case ACT_FILTER: app_msg(a, 0, "%s", _("there is no list to filter here")); return H_REDRAW;
	case ACT_ISPS: app_msg(a, 0, "%s", _("select a port on the dashboard first")); return H_REDRAW;
	case ACT_NONE:
		app_msg(a, 0, _("the key %s does nothing here (? shows the keys)"), keys_name(k, name, sizeof name));
		return H_REDRAW;
	default: return edit_action(a, act);
	}
}

static void handle_key(struct app *a, keycode k)
{
	int flags;
	if (k == KEYC_FN + KEY_RESIZE)
		return;
	if (a->prompt) {
		flags = prompt_key(a, k);
	} else {
		enum action act = keys_action(k);
		struct screen *s = nav_top(a);
		a->msg[0] = '\0';
		a->msg_error = 0;
		flags = s ? s->ops->on_key(s, a, act, k) : H_NONE;
		if (!(flags & H_HANDLED))
			flags |= global_action(a, act, k);
	}
	if (flags & H_BACK)
		nav_pop(a);
	if (flags & H_QUIT)
		a->quit = 1;
}

/* Reads every key that is waiting (KEY_RESIZE too); returns how many. */
static int read_keys(struct app *a)
{
	wint_t ch;
	int rc, n = 0;
	while (!a->quit && (rc = get_wch(&ch)) != ERR) {
		handle_key(a, keys_from_input((int)ch, rc == KEY_CODE_YES));
		n++;
	}
	return n;
}

/* Milliseconds of the monotonic clock. */
static long now_ms(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (long)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

/* Tells the operator of an inject just delivered. */
static void inject_delivered(int n, const char *channel, const char *message, void *arg)
{
	app_msg(arg, 0, _("Inject %d (%s): %s"), n, channel, message);
}

/* In an exercise store, delivers the injects that are due, at most once a second (the exercise
 * clock of storage/exercise.h). Returns non-zero when something was delivered. */
static int exercise_due(struct app *a)
{
	static long last;
	char err[PO_ERRLEN];
	long now = now_ms();
	if (!a->exercise || now - last < TICK_MS)
		return 0;
	last = now;
	int n = exercise_tick(a->st, i18n_lang(), inject_delivered, a, err, sizeof err);
	if (n < 0)
		app_msg(a, 1, "%s", err);
	if (n > 0) {
		a->writes++;
		nav_refresh(a);
	}
	return n != 0;
}

/* What wait_input saw. */
enum { IN_KEYS = 1, IN_OTHER = 2 };

/* Polls the keyboard (when keyboard is non-zero) and the extra inputs for at most ms, and calls
 * the callbacks of the extra inputs that are ready. Returns IN_* flags; IN_KEYS also after a
 * signal (SIGWINCH), so that curses can report the resize. */
static int wait_input(struct app *a, int keyboard, int ms)
{
	struct pollfd fds[MAX_FDS + 1];
	int n = 0, in = 0;
	if (keyboard)
		fds[n++] = (struct pollfd){ STDIN_FILENO, POLLIN, 0 };
	for (int i = 0; i < a->nfds; i++)
		fds[n++] = (struct pollfd){ a->fds[i].fd, POLLIN, 0 };
	int rc = poll(fds, (nfds_t)n, ms);
	if (rc < 0)
		return keyboard && errno == EINTR ? IN_KEYS : 0;
	if (keyboard && fds[0].revents)
		in |= IN_KEYS;
	for (int i = keyboard; rc > 0 && i < n; i++)
		if (fds[i].revents) {
			a->fds[i - keyboard].ready(a, fds[i].fd, a->fds[i - keyboard].arg);
			in |= IN_OTHER;
		}
	return in;
}

static void run_keyboard(struct app *a)
{
	char shown[21] = "", now[21];
	int dirty = 1;
	nodelay(stdscr, TRUE);
	while (!a->quit && !got_signal) {
		statusbar_clock(now);
		if (strcmp(now, shown)) {
			po_strlcpy(shown, now, sizeof shown);
			dirty = 1;
		}
		if (dirty)
			draw_all(a);
		int in = wait_input(a, 1, TICK_MS);
		/* asked even without input: a SIGWINCH that came outside poll is reported here */
		dirty = read_keys(a) > 0 || in != 0;
		dirty |= exercise_due(a) || (a->exercise && in == 0); /* the exercise clock shows seconds */
		worker_tick(a);
	}
}

/* Ends a script run with a failure at step st. */
static void script_fail(struct app *a, const struct script *sc, const struct step *st, const char *why)
{
	fprintf(stderr, "portops: %s:%d: %s\n", sc->path, st->line, why);
	a->exit_code = EXIT_NO;
	a->quit = 1;
}

/* Lets ms milliseconds pass while the extra inputs and the exercise clock are served. */
static void script_wait(struct app *a, int ms)
{
	long end = now_ms() + ms;
	for (long left = ms; left > 0 && !got_signal; left = end - now_ms()) {
		wait_input(a, 0, left < TICK_MS ? (int)left : TICK_MS);
		exercise_due(a);
		worker_tick(a);
	}
}

/* Waits at most st->a ms until the sync worker has done every sync asked for (a change waiting
 * for its debounce starts at once); fails the script when it has not. */
static void script_wait_sync(struct app *a, const struct script *sc, const struct step *st)
{
	long end = now_ms() + st->a;
	worker_flush(a);
	while (worker_busy(a) && now_ms() < end && !got_signal) {
		wait_input(a, 0, 50);
		worker_flush(a);
	}
	if (worker_busy(a))
		script_fail(a, sc, st, _("the sync worker is still busy"));
}

static void script_expect(struct app *a, const struct script *sc, const struct step *st)
{
	char why[PO_ERRLEN];
	if (draw_contains(st->text))
		return;
	snprintf(why, sizeof why, _("the screen does not show '%s'; it shows:"), st->text);
	script_fail(a, sc, st, why);
	draw_dump_file(stderr);
}

static void run_step(struct app *a, const struct script *sc, const struct step *st)
{
	char err[PO_ERRLEN];
	switch (st->op) {
	case STEP_KEYS:
		for (size_t i = 0; i < st->nkeys && !a->quit; i++) {
			handle_key(a, st->keys[i]);
			draw_all(a);
		}
		break;
	case STEP_CMD:
		if (cmdline_run(a, st->text) & H_QUIT)
			a->quit = 1;
		break;
	case STEP_DUMP:
		if (draw_dump(st->text, err, sizeof err) != 0)
			script_fail(a, sc, st, err);
		break;
	case STEP_RESIZE: resizeterm(st->b, st->a); break;
	case STEP_WAIT: script_wait(a, st->a); break;
	case STEP_WAIT_SYNC: script_wait_sync(a, sc, st); break;
	case STEP_EXPECT: script_expect(a, sc, st); break;
	case STEP_QUIT: a->quit = 1; break;
	}
}

static void run_script(struct app *a, struct script *sc)
{
	const struct step *st;
	draw_all(a);
	while (!a->quit && !got_signal && (st = script_next(sc))) {
		run_step(a, sc, st);
		draw_all(a);
	}
}

/* Starts curses on the terminal, or on /dev/null for a script. NULL with err. */
static SCREEN *start_curses(int script, FILE **out, FILE **in, char *err, size_t errlen)
{
	SCREEN *scr = NULL;
	if (!script) {
		if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
			po_err(err, errlen, "%s", _("the console needs a terminal (or --script FILE)"));
			return NULL;
		}
		/* the terminal's own size, also after a resize: curses would prefer these */
		unsetenv("LINES");
		unsetenv("COLUMNS");
		scr = newterm(NULL, stdout, stdin);
	} else {
		static const char *const types[] = { NULL, "xterm-256color", "xterm", "vt100" };
		*out = fopen("/dev/null", "w");
		*in = fopen("/dev/null", "r");
		for (size_t i = 0; *out && *in && !scr && i < sizeof types / sizeof types[0]; i++)
			scr = newterm(types[i] ? types[i] : getenv("TERM"), *out, *in);
	}
	if (!scr)
		po_err(err, errlen, _("cannot start the terminal (TERM=%s)"), getenv("TERM") ? getenv("TERM") : "");
	return scr;
}

static void setup_terminal(struct app *a)
{
	cbreak();
	noecho();
	nonl();
	intrflush(stdscr, FALSE);
	keypad(stdscr, TRUE);
	set_escdelay(25);
	curs_set(0);
	const char *no_color = getenv("NO_COLOR");
	a->color = draw_setup(a->cfg.color && !(no_color && *no_color));
}

/* Runs the console on a started terminal until it quits. */
static void run(struct app *a, struct script *sc)
{
	a->exercise = exercise_is(a->st);
	nav_tab(a, 0);
	if (sc)
		run_script(a, sc);
	else
		run_keyboard(a);
	prompt_close(a);
	nav_close_all(a);
}

/* Runs the console on a terminal of its own (or /dev/null for a script) and restores the
 * terminal. Returns the exit code. */
static int run_on_terminal(struct app *a, struct script *sc)
{
	char err[PO_ERRLEN];
	FILE *out = NULL, *in = NULL;
	int rc = EXIT_USAGE;
	catch_signals();
	SCREEN *scr = start_curses(sc != NULL, &out, &in, err, sizeof err);
	if (scr) {
		setup_terminal(a);
		run(a, sc);
		endwin();
		delscreen(scr);
		rc = a->exit_code;
	} else {
		fprintf(stderr, "portops: %s\n", err);
	}
	if (out)
		fclose(out);
	if (in)
		fclose(in);
	return rc;
}

int tui_run(struct cli *cli)
{
	char err[PO_ERRLEN];
	struct script *sc = NULL;
	struct app *a = calloc(1, sizeof *a);
	if (!a)
		return EXIT_STORE;
	a->st = cli->st;
	load_config(a);
	int rc = EXIT_USAGE;
	if (cli->script && !(sc = script_load(cli->script, err, sizeof err)))
		fprintf(stderr, "portops: %s\n", err);
	else {
		worker_attach(a, cli->db_path);
		rc = run_on_terminal(a, sc);
		worker_detach(a);
	}
	script_free(sc);
	free(a);
	return rc;
}

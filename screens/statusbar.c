/* statusbar.c - the status bar and the message line (bars.h). */
#include <stdio.h>
#include <string.h>

#include "bars.h"
#include "console/i18n.h"
#include "console/worker.h"
#include "draw.h"
#include "prompt.h"
#include "storage/util.h"

void statusbar_clock(char out[21])
{
	char now[21];
	po_now(now);
	snprintf(out, 21, "%.10s %.5s UTC", now, now + 11);
}

/* "never", "HH:MM" for today, else "YYYY-MM-DD HH:MM". */
static void last_sync_text(const char *last, char *out, size_t n)
{
	char now[21];
	po_now(now);
	if (!last[0])
		snprintf(out, n, "%s", _("never"));
	else if (!strncmp(last, now, 10))
		snprintf(out, n, "%.5s", last + 11);
	else
		snprintf(out, n, "%.10s %.5s", last, last + 11);
}

/* "syncing" while the worker syncs, else whether the last attempt reached the exchange. */
static const char *connection(const struct app *a)
{
	const struct worker_view *v = worker_view(a);
	if (v && v->running)
		return _("syncing");
	return a->online || a->sync.reachable ? _("online") : _("offline");
}

void statusbar_draw(struct app *a, int y, int w)
{
	char left[512], last[32], clock[21];
	last_sync_text(a->sync.last_sync, last, sizeof last);
	snprintf(left, sizeof left, _("%s/%s · %s · outbox %ld · conflicts %ld · synced %s"),
		 store_agency(a->st)[0] ? store_agency(a->st) : "-",
		 store_operator(a->st)[0] ? store_operator(a->st) : "-",
		 connection(a), a->sync.outbox, a->sync.conflicts, last);
	statusbar_clock(clock);
	const char *right = clock;
	if (text_width(left) + 2 + text_width(clock) > w)
		right = clock + 11; /* "HH:MM UTC" */
	int rw = text_width(right);
	draw_fill(y, 0, w, ST_BAR);
	draw_text(y, 1, w - rw - 3, left, ST_BAR, 0);
	if (rw + 1 < w)
		draw_text(y, w - rw - 1, rw, right, ST_BAR, 0);
}

void msgline_draw(struct app *a, int y, int w)
{
	draw_fill(y, 0, w, ST_NORMAL);
	if (a->prompt) {
		prompt_draw(a, y, w);
		return;
	}
	if (a->msg[0])
		draw_text(y, 0, w, a->msg, a->msg_error ? ST_ERROR : ST_NORMAL, 0);
	else
		draw_text(y, 0, w, _("? help  / search  r filter  : command  q back  Q quit"), ST_DIM, 0);
}

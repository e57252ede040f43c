/* sync.c - the Sync tab. Syncing from the console is not written yet: the tab says so and shows
 * the sync state and the first pending changes of the outbox. */
#include <stdio.h>
#include <string.h>

#include "console/i18n.h"
#include "fmt.h"
#include "pager.h"
#include "screens.h"
#include "storage/journal.h"
#include "storage/util.h"
#include "storage/views.h"

enum { MAX_PENDING = 50 };

struct sync_ctx {
	struct page *d;
	struct app *a;
};

/* What names rec to a person: its reference, title, or an identifier it holds; "-" when none. */
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

/* One pending change: when, what, and the record it changes. */
static int pending_line(const cJSON *m, void *arg)
{
	struct sync_ctx *x = arg;
	char at[17], text[600];
	cJSON *rec = store_get(x->a->st, rec_str(m, "kind"), rec_str(m, "id"), NULL, 0);
	const char *what = describe(rec);
	snprintf(text, sizeof text, "%s  %-7s %-10s %s", fmt_time(rec_str(m, "at"), at), rec_str(m, "op"),
		 rec_str(m, "kind"), what);
	page_link(x->d, rec_str(m, "kind"), rec_str(m, "id"), 2, text);
	cJSON_Delete(rec);
	return 0;
}

static void state(struct page *d, struct app *a)
{
	struct sync_state ss;
	char n[32], at[17];
	views_sync_state(a->st, &ss);
	page_field(d, _("Exchange"), ss.exchange[0] ? ss.exchange : _("none configured"));
	page_field(d, _("Connection"), a->online || ss.reachable ? _("online") : _("offline"));
	snprintf(n, sizeof n, "%ld", ss.outbox);
	page_field(d, _("Outbox"), n);
	snprintf(n, sizeof n, "%ld", ss.conflicts);
	page_field(d, _("Conflicts"), n);
	page_field(d, _("Last sync"), ss.last_sync[0] ? fmt_time(ss.last_sync, at) : _("never"));
	if (ss.last_try[0] && strcmp(ss.last_try, ss.last_sync))
		page_field(d, _("Last attempt"), fmt_time(ss.last_try, at));
	page_field(d, _("Last error"), ss.last_error);
}

static int sync_open(struct screen *s, struct app *a)
{
	struct page d = { 0 };
	char err[PO_ERRLEN];
	po_strlcpy(s->title, _("Sync"), sizeof s->title);
	page_text(&d, ST_HEAD, 0, _("Syncing from the console is not available yet"));
	page_text(&d, ST_NORMAL, 2, _("A later version syncs with the exchange from here, in the background. "
				       "Until then this tab shows the state of this store; bundles move changes "
				       "with portops export and portops import."));
	page_heading(&d, _("State"));
	state(&d, a);
	page_heading(&d, _("Pending changes (oldest first)"));
	struct sync_ctx x = { &d, a };
	int n = journal_outbox(a->st, MAX_PENDING, pending_line, &x, err, sizeof err);
	if (n < 0)
		page_text(&d, ST_ERROR, 2, err);
	else if (n == 0)
		page_text(&d, ST_DIM, 2, _("(none)"));
	return pager_screen_open(s, a, &d);
}

const struct screen_ops sync_screen = {
	"sync", sync_open, pager_screen_draw, pager_screen_key, pager_screen_close,
};

/* bulletins.c - the Bulletins tab and the bulletin screen: the bulletin rendered as plain text
 * between its TLP markings (console/bulletin_doc.h), then its cited records as links. n composes
 * a draft; a bulletin's keys edit, cite, preview, issue, withdraw and correct (bulletins_ui.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bulletins_ui.h"
#include "console/bulletin_doc.h"
#include "console/i18n.h"
#include "detail.h"
#include "draw.h"
#include "fmt.h"
#include "list.h"
#include "nav.h"
#include "pager.h"
#include "screens.h"
#include "storage/bulletins.h"
#include "storage/util.h"

static const struct column columns[] = {
	{ N_("Number"), 18, 0 }, { N_("Marking"), 16, 0 }, { N_("Title"), 0, 0 }, { N_("Status"), 9, 0 },
	{ N_("Updated"), 11, 0 }, { NULL, 0, 0 },
};

static const struct list_filter filters[] = {
	{ "status", "status" }, { "tlp", "tlp" }, { "lang", "lang" }, { NULL, NULL },
};

static void bulletin_row(struct app *a, const cJSON *rec, struct line *out)
{
	(void)a;
	char tlp[32], date[11];
	snprintf(tlp, sizeof tlp, "TLP:%s", rec_str(rec, "tlp"));
	line_add(out, rec_str(rec, "number"), 0, ST_NORMAL);
	line_add(out, tlp, 0, style_tlp(rec_str(rec, "tlp")));
	line_add(out, rec_str(rec, "title"), 0, ST_NORMAL);
	line_add(out, label("bulletin status", rec_str(rec, "status")), 0, ST_NORMAL);
	line_add(out, fmt_date(rec_str(rec, "updated_at"), date), 0, ST_DIM);
}

static const struct list_def bulletin_list = {
	"bulletin", N_("Bulletins"), columns, bulletin_row, filters,
};

static int bulletins_open(struct screen *s, struct app *a)
{
	return list_screen_open(s, a, &bulletin_list);
}

/* The keys of a bulletin (bulletin_key below) act on the selected one of the list as well. */
static int bulletin_key_on(struct app *a, enum action act, const char *id);

/* The list adds n (compose a new draft) and a bulletin's keys to the list's keys. */
static int bulletins_key(struct screen *s, struct app *a, enum action act, keycode k)
{
	const char *id = list_selected_id(s);
	if (act == ACT_NEW)
		return bulletin_compose(a);
	if (act != ACT_EDIT && id && *id) {
		int flags = bulletin_key_on(a, act, id);
		if (flags & H_HANDLED)
			return flags;
	}
	return list_screen_key(s, a, act, k);
}

const struct screen_ops bulletins_screen = {
	"bulletins", bulletins_open, list_screen_draw, bulletins_key, list_screen_close,
};

/* Adds the bulletin rendered as plain text (bulletin_doc.h), one page line per line of text;
 * the marking lines in their TLP colour. */
static int rendered(struct page *d, struct app *a, const cJSON *rec)
{
	char err[PO_ERRLEN];
	size_t len;
	char *text = bulletin_render(a->st, rec_str(rec, "id"), DOC_TEXT, 0, &len, err, sizeof err);
	if (!text) {
		app_msg(a, 1, "%s", err);
		return -1;
	}
	for (char *p = text, *end; p && *p; p = end) {
		end = strchr(p, '\n');
		if (end)
			*end++ = '\0';
		page_text(d, strncmp(p, "TLP:", 4) ? ST_NORMAL : style_tlp(rec_str(rec, "tlp")), 0, p);
	}
	free(text);
	return 0;
}

/* After the rendering: the cited records as links, and the record's envelope. */
static void record_part(struct page *d, struct app *a, const cJSON *rec)
{
	const cJSON *it;
	if (cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(rec, "cites"))) {
		page_heading(d, _("Cited records (Enter opens)"));
		cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(rec, "cites"))
			if (cJSON_IsString(it))
				detail_record_link(d, a, it->valuestring, 2);
	}
	if (rec_str(rec, "supersedes")[0]) {
		page_heading(d, _("Supersedes"));
		detail_record_link(d, a, rec_str(rec, "supersedes"), 2);
	}
	page_heading(d, _("Record"));
	detail_marking(d, rec);
	detail_envelope(d, rec);
	page_heading(d, _("Keys"));
	if (bulletin_status_of(rec) == BULLETIN_DRAFT)
		page_text(d, ST_DIM, 2, _("e edits the summary and sections, c cites a record, p previews, I issues"));
	else
		page_text(d, ST_DIM, 2, _("p previews, W withdraws (with a reason), C makes a correction"));
}

static int bulletin_open(struct screen *s, struct app *a)
{
	cJSON *rec = detail_load(a, "bulletin", s->arg);
	if (!rec)
		return -1;
	struct page d = { 0 };
	if (rendered(&d, a, rec) != 0) {
		cJSON_Delete(rec);
		return -1;
	}
	record_part(&d, a, rec);
	detail_title(s, _("Bulletin"), rec_str(rec, "number")[0] ? rec_str(rec, "number") : rec_str(rec, "title"));
	cJSON_Delete(rec);
	return pager_screen_open(s, a, &d);
}

/* The keys of the bulletin id: its text, citations, preview and life cycle (bulletins_ui.h).
 * H_NONE for any other key. */
static int bulletin_key_on(struct app *a, enum action act, const char *id)
{
	switch (act) {
	case ACT_EDIT: return bulletin_edit_text(a, id);
	case ACT_CITE: return bulletin_cite_prompt(a, id);
	case ACT_PREVIEW: nav_push(a, &bulletin_preview_screen, id); return H_HANDLED | H_REDRAW;
	case ACT_ISSUE: return bulletin_issue_prompt(a, id);
	case ACT_WITHDRAW: return bulletin_withdraw_prompt(a, id);
	case ACT_CORRECT: return bulletin_correct_now(a, id);
	case ACT_NEW: return bulletin_compose(a);
	default: return H_NONE;
	}
}

static int bulletin_key(struct screen *s, struct app *a, enum action act, keycode k)
{
	int flags = bulletin_key_on(a, act, s->arg);
	return flags & H_HANDLED ? flags : pager_screen_key(s, a, act, k);
}

const struct screen_ops bulletin_screen = {
	"bulletin", bulletin_open, pager_screen_draw, bulletin_key, pager_screen_close,
};

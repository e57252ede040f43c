/* bulletins_actions.c - citing records, the preview and the life cycle of a bulletin from the
 * console (bulletins_ui.h). The rules are storage/bulletins.c's; this file asks and reports. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bulletins_ui.h"
#include "console/bulletin_doc.h"
#include "console/i18n.h"
#include "detail.h"
#include "draw.h"
#include "fmt.h"
#include "nav.h"
#include "pager.h"
#include "prompt.h"
#include "screens.h"
#include "storage/bulletins.h"
#include "storage/search.h"
#include "storage/util.h"

enum { PICK_LIMIT = 30 };

/* The bulletin id the prompts of this file act on (one prompt at a time). */
static char target[37];

/* Remembers the id of the bulletin key names; 0, or -1 after a message. */
static int take_target(struct app *a, const char *key, cJSON **rec_out)
{
	cJSON *rec = detail_load(a, "bulletin", key);
	if (!rec)
		return -1;
	po_strlcpy(target, rec_str(rec, "id"), sizeof target);
	if (rec_out)
		*rec_out = rec;
	else
		cJSON_Delete(rec);
	return 0;
}

/* After a change: screens opened before it reload when shown again. */
static void changed(struct app *a)
{
	a->writes++;
	nav_refresh(a);
}

/* --- citing -------------------------------------------------------------------------------- */

/* Cites the record ref in the target bulletin. 0, or -1 after a message. */
static int cite_one(struct app *a, const char *ref)
{
	char err[PO_ERRLEN];
	const char *refs[1] = { ref };
	if (bulletin_cite(a->st, target, refs, 1, 0, err, sizeof err) != 0) {
		app_msg(a, 1, "%s", err);
		return -1;
	}
	a->writes++;
	return 0;
}

/* Whether rec is a kind a bulletin cites. */
static int citable(const cJSON *rec)
{
	const char *k = rec_str(rec, "kind");
	return !strcmp(k, "threat") || !strcmp(k, "case") || !strcmp(k, "technique");
}

static int cite_done(struct app *a, const char *text, void *arg)
{
	(void)arg;
	char query[128];
	cJSON *rec = *text ? store_get(a->st, NULL, text, NULL, 0) : NULL;
	if (rec && citable(rec) && cite_one(a, rec_str(rec, "id")) == 0) {
		nav_refresh(a);
		app_msg(a, 0, _("cited %s"), rec_ref(rec)[0] ? rec_ref(rec) : rec_title(rec, i18n_lang()));
	} else if (!rec || !citable(rec)) {
		snprintf(query, sizeof query, "%s %s", target, text);
		nav_push(a, &bulletin_cite_screen, query);
	}
	cJSON_Delete(rec);
	return H_REDRAW;
}

int bulletin_cite_prompt(struct app *a, const char *id)
{
	cJSON *rec = NULL;
	if (take_target(a, id, &rec) != 0)
		return H_HANDLED | H_REDRAW;
	if (bulletin_status_of(rec) != BULLETIN_DRAFT)
		app_msg(a, 1, "%s", _("only a draft cites records"));
	else
		prompt_open(a, _("Cite (a reference, or search words; empty lists the latest):"), NULL, cite_done, NULL);
	cJSON_Delete(rec);
	return H_HANDLED | H_REDRAW;
}

/* One record to pick: "Kind  REF  title", linked to it. */
static void pick_line(struct page *d, const char *kind, const char *id, const char *ref, const char *title)
{
	char text[600];
	snprintf(text, sizeof text, "%-10s %-16s %s", label("kind", kind), ref, title);
	page_link(d, kind, id, 2, text);
}

struct picker {
	struct page *d;
	struct app *a;
};

static int rec_line(const cJSON *rec, void *arg)
{
	struct picker *pk = arg;
	pick_line(pk->d, rec_str(rec, "kind"), rec_str(rec, "id"), rec_ref(rec), rec_title(rec, i18n_lang()));
	return 0;
}

/* A search hit is shown like a listed record (with its reference) when the store has it. */
static int hit_line(const struct search_hit *hit, void *arg)
{
	struct picker *pk = arg;
	cJSON *rec = store_get(pk->a->st, hit->kind, hit->id, NULL, 0);
	if (rec)
		rec_line(rec, pk);
	else
		pick_line(pk->d, hit->kind, hit->id, "", hit->title);
	cJSON_Delete(rec);
	return 0;
}

static int cite_open(struct screen *s, struct app *a)
{
	static const char *const kinds[] = { "threat", "case", "technique" };
	struct page d = { 0 };
	struct picker pk = { &d, a };
	char err[PO_ERRLEN];
	const char *query = strchr(s->arg, ' ');
	query = query ? query + 1 : "";
	po_strlcpy(target, s->arg, sizeof target);
	snprintf(s->title, sizeof s->title, "%s%s%s", _("Cite in the bulletin"), *query ? ": " : "", query);
	page_text(&d, ST_DIM, 0, _("Enter cites the record under the cursor; q goes back."));
	for (size_t i = 0; i < sizeof kinds / sizeof *kinds; i++) {
		struct store_query q = { kinds[i], NULL, 0, NULL, NULL, PICK_LIMIT, 0 };
		int n = *query ? search_text(a->st, query, kinds[i], PICK_LIMIT, hit_line, &pk, err, sizeof err)
			       : store_list(a->st, &q, rec_line, &pk, NULL, err, sizeof err);
		if (n < 0)
			page_text(&d, ST_ERROR, 2, err);
	}
	if (d.n == 1)
		page_text(&d, ST_DIM, 2, _("(nothing found)"));
	return pager_screen_open(s, a, &d);
}

static int cite_key(struct screen *s, struct app *a, enum action act, keycode k)
{
	if (act != ACT_OPEN)
		return pager_screen_key(s, a, act, k);
	const struct line *l = pager_current(s);
	if (!l || !l->link_kind[0])
		return pager_screen_key(s, a, act, k);
	char id[64], title[200];
	po_strlcpy(id, l->link_id, sizeof id);
	line_text(l, title, sizeof title);
	po_strlcpy(target, s->arg, sizeof target);
	if (cite_one(a, id) != 0)
		return H_HANDLED | H_REDRAW;
	app_msg(a, 0, _("cited %s"), title);
	return H_HANDLED | H_REDRAW | H_BACK;
}

const struct screen_ops bulletin_cite_screen = {
	"bulletin-cite", cite_open, pager_screen_draw, cite_key, pager_screen_close,
};

/* --- the preview --------------------------------------------------------------------------- */

static int preview_open(struct screen *s, struct app *a)
{
	char err[PO_ERRLEN];
	size_t len;
	cJSON *rec = detail_load(a, "bulletin", s->arg);
	if (!rec)
		return -1;
	char *text = bulletin_render(a->st, rec_str(rec, "id"), DOC_TEXT, 0, &len, err, sizeof err);
	if (!text) {
		app_msg(a, 1, "%s", err);
		cJSON_Delete(rec);
		return -1;
	}
	struct page d = { 0 };
	enum style tlp = style_tlp(rec_str(rec, "tlp"));
	for (char *p = text, *end; p && *p; p = end) {
		end = strchr(p, '\n');
		if (end)
			*end++ = '\0';
		struct line *l = page_line(&d);
		if (l)
			line_add(l, p, 0, strncmp(p, "TLP:", 4) ? ST_NORMAL : tlp);
	}
	free(text);
	detail_title(s, _("Preview"), rec_str(rec, "number")[0] ? rec_str(rec, "number") : rec_str(rec, "title"));
	cJSON_Delete(rec);
	return pager_screen_open(s, a, &d);
}

const struct screen_ops bulletin_preview_screen = {
	"bulletin-preview", preview_open, pager_screen_draw, pager_screen_key, pager_screen_close,
};

/* --- issue, withdraw, correct -------------------------------------------------------------- */

/* Whether the operator answered yes (y, yes, s, sí). */
static int said_yes(const char *text)
{
	return !strcmp(text, "y") || !strcmp(text, "yes") || !strcmp(text, "s") || !strcmp(text, "sí") ||
	       !strcmp(text, "Y") || !strcmp(text, "S");
}

static int issue_done(struct app *a, const char *text, void *arg)
{
	(void)arg;
	char number[BULLETIN_NUMBER_MAX], err[PO_ERRLEN];
	if (!said_yes(text)) {
		app_msg(a, 0, "%s", _("not issued"));
		return H_REDRAW;
	}
	if (bulletin_issue(a->st, target, number, err, sizeof err) != 0) {
		app_msg(a, 1, "%s", err);
		return H_REDRAW;
	}
	changed(a);
	app_msg(a, 0, _("issued as %s"), number);
	return H_REDRAW;
}

int bulletin_issue_prompt(struct app *a, const char *id)
{
	cJSON *rec = NULL;
	char label_text[400];
	if (take_target(a, id, &rec) != 0)
		return H_HANDLED | H_REDRAW;
	if (bulletin_status_of(rec) != BULLETIN_DRAFT) {
		app_msg(a, 1, "%s", _("only a draft is issued"));
	} else {
		snprintf(label_text, sizeof label_text, _("Issue \"%.30s\" (TLP:%s) for good? (y/n)"),
			 rec_str(rec, "title"), rec_str(rec, "tlp"));
		prompt_open(a, label_text, NULL, issue_done, NULL);
	}
	cJSON_Delete(rec);
	return H_HANDLED | H_REDRAW;
}

static int withdraw_done(struct app *a, const char *text, void *arg)
{
	(void)arg;
	char err[PO_ERRLEN];
	if (bulletin_withdraw(a->st, target, text, err, sizeof err) != 0) {
		app_msg(a, 1, "%s", err);
		return H_REDRAW;
	}
	changed(a);
	app_msg(a, 0, "%s", _("withdrawn"));
	return H_REDRAW;
}

int bulletin_withdraw_prompt(struct app *a, const char *id)
{
	cJSON *rec = NULL;
	char label_text[200];
	if (take_target(a, id, &rec) != 0)
		return H_HANDLED | H_REDRAW;
	if (bulletin_status_of(rec) != BULLETIN_ISSUED) {
		app_msg(a, 1, "%s", _("only an issued bulletin is withdrawn"));
	} else {
		snprintf(label_text, sizeof label_text, _("Why is %s withdrawn?"), rec_str(rec, "number"));
		prompt_open(a, label_text, NULL, withdraw_done, NULL);
	}
	cJSON_Delete(rec);
	return H_HANDLED | H_REDRAW;
}

int bulletin_correct_now(struct app *a, const char *id)
{
	char new_id[37], err[PO_ERRLEN];
	if (take_target(a, id, NULL) != 0)
		return H_HANDLED | H_REDRAW;
	if (bulletin_correct(a->st, target, new_id, err, sizeof err) != 0) {
		app_msg(a, 1, "%s", err);
		return H_HANDLED | H_REDRAW;
	}
	a->writes++;
	nav_push(a, &bulletin_screen, new_id);
	app_msg(a, 0, "%s", _("correction drafted: edit it (e) and issue it (I)"));
	return H_HANDLED | H_REDRAW;
}

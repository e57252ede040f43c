/* edit_case.c - the case workflow from the console (edit.h edit_case_action): case log entries
 * and amendments in one line, status changes with a reason, opening a checklist run; what +
 * adds to a case is in edit_add.c. Everything is done by storage/cases.h and store.h; a refusal
 * is shown with the store's message. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "console/i18n.h"
#include "edit.h"
#include "fmt.h"
#include "nav.h"
#include "pager.h"
#include "screens.h"
#include "prompt.h"
#include "storage/cases.h"
#include "storage/model.h"
#include "storage/util.h"

enum { PICK_LIMIT = 500 };

/* The step of a flow in progress (one prompt or pick list is open at a time). */
static struct {
	char case_id[37];  /* the case */
	char amends[37];   /* the entry being amended, or "" */
	char entry[16];    /* kind of log entry by default */
	char status[16];   /* the new status */
} flow;

static const char *const log_kinds[] = { "note", "action", "handover", "seizure", "evidence", "decision", NULL };

int edit_changed(struct app *a, const char *msg)
{
	a->writes++;
	nav_refresh(a);
	app_msg(a, 0, "%s", msg);
	return H_REDRAW;
}

int edit_refused(struct app *a, const char *err)
{
	app_msg(a, 1, "%s", err);
	return H_REDRAW;
}

/* Splits "kind: text" (a known kind of log entry before the colon) from text; returns the text. */
static const char *entry_kind(const char *text, char *kind, size_t n)
{
	const char *colon = strchr(text, ':');
	char word[16];
	if (colon && (size_t)(colon - text) < sizeof word) {
		snprintf(word, sizeof word, "%.*s", (int)(colon - text), text);
		if (model_choice(log_kinds, word) >= 0) {
			po_strlcpy(kind, word, n);
			for (text = colon + 1; *text == ' '; text++)
				;
		}
	}
	return text;
}

static int append_done(struct app *a, const char *line, void *arg)
{
	(void)arg;
	char kind[16], id[37], err[PO_ERRLEN];
	po_strlcpy(kind, flow.entry, sizeof kind);
	const char *text = entry_kind(line, kind, sizeof kind);
	if (!*text) {
		app_msg(a, 0, "%s", _("nothing was appended"));
		return H_REDRAW;
	}
	cJSON *rec = cJSON_CreateObject();
	cJSON_AddStringToObject(rec, "kind", "log");
	cJSON_AddStringToObject(rec, "parent", flow.case_id);
	cJSON_AddStringToObject(rec, "entry", kind);
	cJSON_AddStringToObject(rec, "text", text);
	if (flow.amends[0])
		cJSON_AddStringToObject(rec, "amends", flow.amends);
	int rc = store_create(a->st, rec, id, err, sizeof err);
	cJSON_Delete(rec);
	if (rc != 0)
		return edit_refused(a, err);
	return edit_changed(a, flow.amends[0] ? _("the amendment was appended to the case log")
					 : _("appended to the case log"));
}

static int ask_append(struct app *a)
{
	flow.amends[0] = '\0';
	po_strlcpy(flow.entry, "note", sizeof flow.entry);
	prompt_open(a, _("Log entry (kind: text):"), NULL, append_done, NULL);
	return H_HANDLED | H_REDRAW;
}

static int amend_picked(struct app *a, const char *value, const char *ctx)
{
	(void)ctx;
	char label[100];
	cJSON *e = store_get(a->st, "log", value, NULL, 0);
	po_strlcpy(flow.amends, value, sizeof flow.amends);
	po_strlcpy(flow.entry, e ? rec_str(e, "entry") : "note", sizeof flow.entry);
	snprintf(label, sizeof label, _("Amends %.8s (kind: text):"), value);
	cJSON_Delete(e);
	prompt_open(a, label, NULL, append_done, NULL);
	return H_REDRAW;
}

static int add_log_choice(const cJSON *rec, void *arg)
{
	char at[17], text[300];
	snprintf(text, sizeof text, "%s  [%s]  %.200s", fmt_time(rec_str(rec, "created_at"), at),
		 label("log entry", rec_str(rec, "entry")), rec_str(rec, "text"));
	pick_add(arg, text, rec_str(rec, "id"));
	return 0;
}

/* The case log entry under the cursor of the case screen on top, or NULL. */
static const char *entry_under_cursor(struct app *a)
{
	struct screen *s = nav_top(a);
	const struct line *l = s && s->ops == &case_screen ? pager_current(s) : NULL;
	return l && !strcmp(l->link_kind, "log") ? l->link_id : NULL;
}

static int ask_amend(struct app *a)
{
	char entry[64];
	if (entry_under_cursor(a)) {
		po_strlcpy(entry, entry_under_cursor(a), sizeof entry);
		return amend_picked(a, entry, NULL);
	}
	struct pick *p = pick_new(_("Which entry does the new one amend?"), amend_picked, flow.case_id);
	struct store_query q = { "log", NULL, 0, flow.case_id, NULL, PICK_LIMIT, 0 };
	store_list(a->st, &q, add_log_choice, p, NULL, NULL, 0);
	return pick_show(a, p);
}

static int status_done(struct app *a, const char *reason, void *arg)
{
	(void)arg;
	char err[PO_ERRLEN];
	if (case_set_status(a->st, flow.case_id, flow.status, reason, err, sizeof err) != 0)
		return edit_refused(a, err);
	return edit_changed(a, _("the status was changed; the reason is in the case log"));
}

static int status_picked(struct app *a, const char *value, const char *ctx)
{
	(void)ctx;
	char question[120];
	po_strlcpy(flow.status, value, sizeof flow.status);
	snprintf(question, sizeof question, _("Reason for %s:"), label("case status", value));
	prompt_open(a, question, NULL, status_done, NULL);
	return H_REDRAW;
}

static int ask_status(struct app *a, const cJSON *kase)
{
	static const char *const statuses[] = { "open", "active", "suspended", "closed", NULL };
	const char *from = rec_str(kase, "status");
	struct pick *p = pick_new(_("New status"), status_picked, flow.case_id);
	for (int i = 0; statuses[i]; i++)
		if (case_transition_ok(from, statuses[i]))
			pick_add(p, label("case status", statuses[i]), statuses[i]);
	return pick_show(a, p);
}

/* --- checklists ------------------------------------------------------------------------- */

static int open_run(struct app *a, const char *value, const char *ctx)
{
	(void)ctx;
	nav_push(a, &checklist_screen, value);
	return H_REDRAW;
}

/* The last run listed: opened at once when it is the only one. */
static char last_run[37];

static int add_run_choice(const cJSON *rec, void *arg)
{
	char text[200];
	po_strlcpy(last_run, rec_str(rec, "id"), sizeof last_run);
	snprintf(text, sizeof text, "%s v%ld  (%s)", rec_str(rec, "procedure_code"), rec_int(rec, "procedure_version", 0),
		 label("checklist", rec_str(rec, "status")));
	pick_add(arg, text, rec_str(rec, "id"));
	return 0;
}

static int ask_checklist(struct app *a)
{
	struct pick *p = pick_new(_("Which checklist?"), open_run, flow.case_id);
	struct store_query q = { "checklist", NULL, 0, flow.case_id, NULL, PICK_LIMIT, 0 };
	int n = store_list(a->st, &q, add_run_choice, p, NULL, NULL, 0);
	if (n == 1 || n <= 0)
		pick_free(p);
	if (n == 1)
		return open_run(a, last_run, NULL) | H_HANDLED;
	if (n <= 0) {
		app_msg(a, 1, "%s", _("this case has no checklist yet (+ starts one)"));
		return H_HANDLED | H_REDRAW;
	}
	return pick_show(a, p);
}

int edit_case_action(struct app *a, enum action act, const char *case_id)
{
	char err[PO_ERRLEN];
	cJSON *kase = store_get(a->st, "case", case_id, err, sizeof err);
	if (!kase) {
		app_msg(a, 1, "%s", err);
		return H_HANDLED | H_REDRAW;
	}
	po_strlcpy(flow.case_id, rec_str(kase, "id"), sizeof flow.case_id);
	int rc;
	switch (act) {
	case ACT_APPEND: rc = ask_append(a); break;
	case ACT_AMEND: rc = ask_amend(a); break;
	case ACT_STATUS: rc = ask_status(a, kase); break;
	case ACT_ADD: rc = edit_case_add(a, flow.case_id); break;
	default: rc = ask_checklist(a); break;
	}
	cJSON_Delete(kase);
	return rc | H_HANDLED;
}

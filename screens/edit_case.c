/* edit_case.c - the case workflow from the console (edit.h edit_case_action): case log entries
 * and amendments in one line, status changes with a reason, and what + adds to a case (entities
 * through a form, links, checklists, route legs, authorisations, handovers). Everything is done
 * by storage/cases.h and store.h; a refusal is shown with the store's message. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "console/i18n.h"
#include "edit.h"
#include "fmt.h"
#include "form.h"
#include "nav.h"
#include "prompt.h"
#include "storage/cases.h"
#include "storage/util.h"

enum { PICK_LIMIT = 500 };

/* The step of a flow in progress (one prompt or pick list is open at a time). */
static struct {
	char case_id[37];  /* the case */
	char amends[37];   /* the entry being amended, or "" */
	char entry[16];    /* kind of log entry by default */
	char status[16];   /* the new status */
	char target[37];   /* the record a link points at */
} flow;

static const char *const log_kinds[] = { "note", "action", "handover", "seizure", "evidence", "decision", NULL };

/* After a change: the screens shown reload from the store. */
static int changed(struct app *a, const char *msg)
{
	a->writes++;
	nav_refresh(a);
	app_msg(a, 0, "%s", msg);
	return H_REDRAW;
}

static int refused(struct app *a, const char *err)
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
		return refused(a, err);
	return changed(a, flow.amends[0] ? _("the amendment was appended to the case log")
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

static int ask_amend(struct app *a)
{
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
		return refused(a, err);
	return changed(a, _("the status was changed; the reason is in the case log"));
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

static int add_run_choice(const cJSON *rec, void *arg)
{
	char text[200];
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
	if (n <= 0) {
		free(p);
		app_msg(a, 1, "%s", _("this case has no checklist yet (+ starts one)"));
		return H_HANDLED | H_REDRAW;
	}
	return pick_show(a, p);
}

static int start_run(struct app *a, const char *value, const char *ctx)
{
	char id[37], err[PO_ERRLEN];
	if (checklist_start(a->st, ctx, value, id, err, sizeof err) != 0)
		return refused(a, err);
	a->writes++;
	nav_refresh(a);
	nav_push(a, &checklist_screen, id);
	return H_REDRAW;
}

/* --- links ------------------------------------------------------------------------------ */

static int link_done(struct app *a, const char *note, void *arg)
{
	(void)arg;
	char id[37], err[PO_ERRLEN];
	if (link_add(a->st, flow.case_id, flow.target, note, id, err, sizeof err) != 0)
		return refused(a, err);
	return changed(a, _("linked"));
}

static int link_picked(struct app *a, const char *value, const char *ctx)
{
	(void)ctx;
	po_strlcpy(flow.target, value, sizeof flow.target);
	prompt_open(a, _("Note for the link (optional):"), NULL, link_done, NULL);
	return H_REDRAW;
}

static int add_target_choice(const cJSON *rec, void *arg)
{
	char text[400];
	snprintf(text, sizeof text, "%-10s %s  %s", label("kind", rec_str(rec, "kind")), rec_ref(rec),
		 rec_title(rec, i18n_lang()));
	pick_add(arg, text, rec_str(rec, "id"));
	return 0;
}

/* A pick list of the records of kinds (NULL-terminated). */
static int pick_records(struct app *a, const char *title, const char *const *kinds, pick_done done)
{
	struct pick *p = pick_new(title, done, flow.case_id);
	for (int i = 0; p && kinds[i]; i++) {
		struct store_query q = { kinds[i], NULL, 0, NULL, NULL, PICK_LIMIT, 0 };
		store_list(a->st, &q, add_target_choice, p, NULL, NULL, 0);
	}
	return pick_show(a, p);
}

/* --- forms: entities, route legs, authorisations, handovers ------------------------------ */

static const struct field_def handover_defs[] = {
	{ "from", FT_TEXT, FF_REQUIRED, CK_AGENCY, 0, 0, 16, NULL, NULL },
	{ "to", FT_TEXT, FF_REQUIRED, CK_AGENCY, 0, 0, 16, NULL, NULL },
	{ "place", FT_TEXT, 0, CK_PLACE, 0, 0, 16, NULL, NULL },
	{ "note", FT_TEXT, 0, CK_NONE, 0, 0, 500, NULL, NULL },
	{ NULL, 0, 0, 0, 0, 0, 0, NULL, NULL },
};

/* The string member name of o, or NULL when absent or empty. */
static const char *opt(const cJSON *o, const char *name)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, name);
	return cJSON_IsString(v) && *v->valuestring ? v->valuestring : NULL;
}

static int save_entity(struct app *a, struct form *fm, const char *arg, char *err, size_t errlen)
{
	char case_id[37], id[37];
	const char *type = strchr(arg, ' ');
	snprintf(case_id, sizeof case_id, "%.36s", arg);
	cJSON *fields = form_record(fm, err, errlen);
	if (!fields || !type)
		return -1;
	int rc = entity_add(a->st, case_id, type + 1, fields, id, err, errlen);
	cJSON_Delete(fields);
	return rc;
}

static int save_leg(struct app *a, struct form *fm, const char *arg, char *err, size_t errlen)
{
	cJSON *o = form_record(fm, err, errlen);
	if (!o)
		return -1;
	int rc = case_add_leg(a->st, arg, opt(o, "place"), fm->f[form_find(fm, "agencies")].text, opt(o, "planned"),
			      opt(o, "actual"), err, errlen);
	cJSON_Delete(o);
	return rc;
}

static int save_auth(struct app *a, struct form *fm, const char *arg, char *err, size_t errlen)
{
	cJSON *o = form_record(fm, err, errlen);
	if (!o)
		return -1;
	int rc = case_set_auth(a->st, arg, opt(o, "country") ? opt(o, "country") : "", opt(o, "status"),
			       opt(o, "reference"), opt(o, "date"), err, errlen);
	cJSON_Delete(o);
	return rc;
}

static int save_handover(struct app *a, struct form *fm, const char *arg, char *err, size_t errlen)
{
	cJSON *o = form_record(fm, err, errlen);
	if (!o)
		return -1;
	int rc = case_handover(a->st, arg, opt(o, "from"), opt(o, "to"), opt(o, "place"), opt(o, "note"), err, errlen);
	cJSON_Delete(o);
	return rc;
}

/* Opens a form of defs (kind k checks them when not NULL) saved by save. */
static int show_form(struct app *a, const struct kind_def *k, const struct field_def *defs,
		     const char *const *skip, const char *title, form_save save, const char *arg)
{
	struct form *fm = calloc(1, sizeof *fm);
	if (!fm)
		return H_HANDLED;
	form_init(fm, k, defs, skip, 0);
	form_show(a, fm, title, save, arg);
	return H_REDRAW;
}

static const struct field_def *case_rows(const char *name)
{
	return model_field(model_kind("case")->fields, name)->rows;
}

static int add_entity(struct app *a, const char *type)
{
	static const char *const skip[] = { "type", NULL };
	char arg[64], title[100];
	snprintf(arg, sizeof arg, "%s %s", flow.case_id, type);
	snprintf(title, sizeof title, _("New entity: %s"), label("entity", type));
	return show_form(a, model_kind("entity"), model_kind("entity")->fields, skip, title, save_entity, arg);
}

static int add_picked(struct app *a, const char *value, const char *ctx)
{
	static const char *const targets[] = { "technique", "threat", "procedure", "case", NULL };
	static const char *const procedures[] = { "procedure", NULL };
	static const char *const leg_skip[] = { "n", "note", NULL };
	static const char *const auth_skip[] = { "agency", NULL };
	po_strlcpy(flow.case_id, ctx, sizeof flow.case_id);
	if (!strncmp(value, "entity:", 7))
		return add_entity(a, value + 7);
	if (!strcmp(value, "link"))
		return pick_records(a, _("Link the case to"), targets, link_picked);
	if (!strcmp(value, "checklist"))
		return pick_records(a, _("Run which procedure?"), procedures, start_run);
	if (!strcmp(value, "leg"))
		return show_form(a, NULL, case_rows("route"), leg_skip, _("New route leg"), save_leg, ctx);
	if (!strcmp(value, "auth"))
		return show_form(a, NULL, case_rows("authorisations"), auth_skip, _("Authorisation"), save_auth, ctx);
	return show_form(a, NULL, handover_defs, NULL, _("Handover"), save_handover, ctx);
}

static int ask_add(struct app *a)
{
	static const char *const types[] = { "vessel", "container", "seal", "person", "company", "vehicle", NULL };
	struct pick *p = pick_new(_("Add to the case"), add_picked, flow.case_id);
	char text[100], value[32];
	for (int i = 0; types[i]; i++) {
		snprintf(text, sizeof text, _("Entity: %s"), label("entity", types[i]));
		snprintf(value, sizeof value, "entity:%s", types[i]);
		pick_add(p, text, value);
	}
	pick_add(p, _("Link to a technique, threat, procedure or case"), "link");
	pick_add(p, _("Checklist: run a procedure of the manual"), "checklist");
	pick_add(p, _("Route leg"), "leg");
	pick_add(p, _("Authorisation of a country"), "auth");
	pick_add(p, _("Handover between agencies"), "handover");
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
	case ACT_ADD: rc = ask_add(a); break;
	default: rc = ask_checklist(a); break;
	}
	cJSON_Delete(kase);
	return rc | H_HANDLED;
}

/* edit_add.c - what + adds to a case (edit.h edit_case_add): entities through a form
 * (entity_add: an invalid identifier is refused and nothing is stored), links picked from a list
 * of techniques, threats, procedures and cases, checklist runs of a manual procedure, route
 * legs, authorisations and handovers. */
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

/* The case being added to, and the record a link will point at (one flow at a time). */
static char add_case[37];
static char link_target[37];

static int start_run(struct app *a, const char *value, const char *ctx)
{
	char id[37], err[PO_ERRLEN];
	if (checklist_start(a->st, ctx, value, id, err, sizeof err) != 0)
		return edit_refused(a, err);
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
	if (link_add(a->st, add_case, link_target, note, id, err, sizeof err) != 0)
		return edit_refused(a, err);
	return edit_changed(a, _("linked"));
}

static int link_picked(struct app *a, const char *value, const char *ctx)
{
	(void)ctx;
	po_strlcpy(link_target, value, sizeof link_target);
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
	struct pick *p = pick_new(title, done, add_case);
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

static const struct field_def arrival_defs[] = {
	{ "n", FT_INT, FF_REQUIRED, CK_NONE, 1, 99, 0, NULL, NULL },
	{ "actual", FT_TIME, FF_REQUIRED, CK_NONE, 0, 0, 0, NULL, NULL },
	{ "note", FT_TEXT, 0, CK_NONE, 0, 0, 500, NULL, NULL },
	{ NULL, 0, 0, 0, 0, 0, 0, NULL, NULL },
};

/* Sets the member name of leg to the string value (NULL leaves it). */
static void set_member(cJSON *leg, const char *name, const char *value)
{
	if (!value)
		return;
	cJSON_DeleteItemFromObjectCaseSensitive(leg, name);
	cJSON_AddStringToObject(leg, name, value);
}

/* The leg numbered n of route, or NULL. */
static cJSON *find_leg(cJSON *route, long n)
{
	cJSON *it;
	cJSON_ArrayForEach(it, route)
		if ((long)cJSON_GetNumberValue(cJSON_GetObjectItemCaseSensitive(it, "n")) == n)
			return it;
	return NULL;
}

/* Records when leg n of the route was actually reached (an update of the case's route). */
static int save_arrival(struct app *a, struct form *fm, const char *arg, char *err, size_t errlen)
{
	cJSON *o = form_record(fm, err, errlen);
	cJSON *kase = o ? store_get(a->st, "case", arg, err, errlen) : NULL;
	cJSON *route = kase ? cJSON_Duplicate(cJSON_GetObjectItemCaseSensitive(kase, "route"), 1) : NULL;
	long n = o ? (long)cJSON_GetNumberValue(cJSON_GetObjectItemCaseSensitive(o, "n")) : 0;
	cJSON *leg = find_leg(route, n);
	int rc = -1;
	if (kase && !leg)
		po_err(err, errlen, _("the route has no leg %ld"), n);
	if (leg) {
		set_member(leg, "actual", opt(o, "actual"));
		set_member(leg, "note", opt(o, "note"));
		cJSON *changes = cJSON_CreateObject();
		cJSON_AddItemToObject(changes, "route", route);
		route = NULL;
		rc = store_update(a->st, rec_str(kase, "id"), changes, err, errlen);
		cJSON_Delete(changes);
	}
	cJSON_Delete(route);
	cJSON_Delete(kase);
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
	snprintf(arg, sizeof arg, "%s %s", add_case, type);
	snprintf(title, sizeof title, _("New entity: %s"), label("entity", type));
	return show_form(a, model_kind("entity"), model_kind("entity")->fields, skip, title, save_entity, arg);
}

static int add_picked(struct app *a, const char *value, const char *ctx)
{
	static const char *const targets[] = { "technique", "threat", "procedure", "case", NULL };
	static const char *const procedures[] = { "procedure", NULL };
	static const char *const leg_skip[] = { "n", "note", NULL };
	static const char *const auth_skip[] = { "agency", NULL };
	if (!strncmp(value, "entity:", 7))
		return add_entity(a, value + 7);
	if (!strcmp(value, "link"))
		return pick_records(a, _("Link the case to"), targets, link_picked);
	if (!strcmp(value, "checklist"))
		return pick_records(a, _("Run which procedure?"), procedures, start_run);
	if (!strcmp(value, "leg"))
		return show_form(a, NULL, case_rows("route"), leg_skip, _("New route leg"), save_leg, ctx);
	if (!strcmp(value, "arrival"))
		return show_form(a, NULL, arrival_defs, NULL, _("Arrival at a route leg"), save_arrival, ctx);
	if (!strcmp(value, "auth"))
		return show_form(a, NULL, case_rows("authorisations"), auth_skip, _("Authorisation"), save_auth, ctx);
	return show_form(a, NULL, handover_defs, NULL, _("Handover"), save_handover, ctx);
}

int edit_case_add(struct app *a, const char *case_id)
{
	po_strlcpy(add_case, case_id, sizeof add_case);
	static const char *const types[] = { "vessel", "container", "seal", "person", "company", "vehicle", NULL };
	struct pick *p = pick_new(_("Add to the case"), add_picked, add_case);
	char text[100], value[32];
	for (int i = 0; types[i]; i++) {
		snprintf(text, sizeof text, _("Entity: %s"), label("entity", types[i]));
		snprintf(value, sizeof value, "entity:%s", types[i]);
		pick_add(p, text, value);
	}
	pick_add(p, _("Link to a technique, threat, procedure or case"), "link");
	pick_add(p, _("Checklist: run a procedure of the manual"), "checklist");
	pick_add(p, _("Route leg"), "leg");
	pick_add(p, _("Arrival at a route leg (its actual time)"), "arrival");
	pick_add(p, _("Authorisation of a country"), "auth");
	pick_add(p, _("Handover between agencies"), "handover");
	return pick_show(a, p);
}

/* edit_record.c - new, edit, delete and audit trail of the record a screen shows or selects
 * (edit.h edit_action). Forms for threats and cases; another agency's record (the reference
 * records of REF among them) is refused with the store's own message. */
#include <libintl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "console/i18n.h"
#include "edit.h"
#include "fmt.h"
#include "form.h"
#include "list.h"
#include "nav.h"
#include "prompt.h"
#include "storage/refdata.h"
#include "storage/util.h"

/* The record the top screen acts on: a list's selected row or a detail screen's record. */
struct target {
	char kind[16];
	char id[128];
};

static int find_target(struct app *a, struct target *t)
{
	struct screen *s = nav_top(a);
	const char *kind = list_kind(s);
	const char *id = kind ? list_selected_id(s) : s ? s->arg : NULL;
	if (!kind && s)
		kind = nav_kind(s->ops);
	if (!kind || !strcmp(kind, "port"))
		return -1;
	po_strlcpy(t->kind, kind, sizeof t->kind);
	po_strlcpy(t->id, id ? id : "", sizeof t->id);
	return 0;
}

static int known_agency(const char *code, void *arg)
{
	char name[101];
	return agency_name(arg, code, name, sizeof name) == 0;
}

/* A form for kind k (fields and markings); NULL when out of memory. */
static struct form *record_form(struct app *a, const struct kind_def *k, int edit)
{
	struct form *fm = calloc(1, sizeof *fm);
	if (!fm)
		return NULL;
	form_init(fm, k, k->fields, NULL, edit);
	form_add_marking(fm);
	fm->agency_known = known_agency;
	fm->agency_arg = a->st;
	return fm;
}

/* Initial values of a new record of kind. */
static void new_defaults(struct app *a, struct form *fm, const char *kind)
{
	int is_case = !strcmp(kind, "case");
	form_set(fm, form_find(fm, "status"), is_case ? "open" : "emerging");
	form_set(fm, form_find(fm, is_case ? "type" : "level"), is_case ? "investigation" : "medium");
	if (is_case)
		form_set(fm, form_find(fm, "lead_agency"), store_agency(a->st));
	form_set(fm, form_find(fm, "tlp"), "AMBER");
	form_set(fm, form_find(fm, "share"), "agency");
	for (int i = 0; i < fm->n; i++)
		fm->f[i].why[0] = '\0';
}

static int save_new(struct app *a, struct form *fm, const char *kind, char *err, size_t errlen)
{
	char id[37];
	cJSON *rec = form_record(fm, err, errlen);
	if (!rec)
		return -1;
	cJSON_AddStringToObject(rec, "kind", kind);
	int rc = store_create(a->st, rec, id, err, errlen);
	cJSON_Delete(rec);
	if (rc == 0) {
		cJSON *made = store_get(a->st, kind, id, NULL, 0);
		app_msg(a, 0, _("created %s"), made && rec_ref(made)[0] ? rec_ref(made) : id);
		cJSON_Delete(made);
	}
	return rc;
}

static int save_new_threat(struct app *a, struct form *fm, const char *arg, char *err, size_t errlen)
{
	(void)arg;
	return save_new(a, fm, "threat", err, errlen);
}

static int save_new_case(struct app *a, struct form *fm, const char *arg, char *err, size_t errlen)
{
	(void)arg;
	return save_new(a, fm, "case", err, errlen);
}

static int new_record(struct app *a, const char *kind)
{
	int is_case = !strcmp(kind, "case");
	if (!is_case && strcmp(kind, "threat")) {
		app_msg(a, 1, _("new %s are not made here"), kind_label(kind));
		return H_HANDLED | H_REDRAW;
	}
	struct form *fm = record_form(a, model_kind(kind), 0);
	if (!fm)
		return H_HANDLED;
	new_defaults(a, fm, kind);
	form_show(a, fm, is_case ? _("New case") : _("New threat"), is_case ? save_new_case : save_new_threat, "");
	return H_HANDLED | H_REDRAW;
}

static int save_edit(struct app *a, struct form *fm, const char *id, char *err, size_t errlen)
{
	cJSON *changes = form_record(fm, err, errlen);
	if (!changes)
		return -1;
	int rc = 0;
	if (!changes->child)
		app_msg(a, 0, "%s", _("nothing was changed"));
	else if ((rc = store_update(a->st, id, changes, err, errlen)) == 0)
		app_msg(a, 0, "%s", _("saved"));
	cJSON_Delete(changes);
	return rc;
}

static int edit_record(struct app *a, const struct target *t)
{
	char err[PO_ERRLEN], title[200];
	cJSON *rec = store_get(a->st, t->kind, t->id, err, sizeof err);
	cJSON *none = cJSON_CreateObject();
	/* an empty change asks the store whether this record may be edited here at all */
	int rc = rec ? store_update(a->st, rec_str(rec, "id"), none, err, sizeof err) : -1;
	cJSON_Delete(none);
	struct form *fm = rc == 0 ? record_form(a, model_kind(t->kind), 1) : NULL;
	if (fm) {
		form_load(fm, rec);
		snprintf(title, sizeof title, _("Edit: %s %s"), rec_ref(rec), rec_title(rec, i18n_lang()));
		form_show(a, fm, title, save_edit, rec_str(rec, "id"));
	} else if (rc != 0) {
		app_msg(a, 1, "%s", err);
	}
	cJSON_Delete(rec);
	return H_HANDLED | H_REDRAW;
}

/* Marks a string with a context for xgettext, as screens/fmt.c does. */
#define NC_(c, s) c "\004" s

/* Singular names of the kinds a confirmation may name. */
static const char *const kind_names[] = {
	NC_("record", "threat"), NC_("record", "case"), NC_("record", "procedure"), NC_("record", "technique"),
	NC_("record", "bulletin"), NC_("record", "scenario"),
};

/* The translated singular name of kind ("threat" when the catalogue has none). */
static const char *kind_name(const char *kind)
{
	char key[40];
	snprintf(key, sizeof key, "record\004%s", kind);
	for (size_t i = 0; i < sizeof kind_names / sizeof kind_names[0]; i++)
		if (!strcmp(kind_names[i], key)) {
			const char *t = gettext(kind_names[i]);
			return t == kind_names[i] ? kind : t;
		}
	return kind;
}

/* The record a delete confirmation is about (one prompt is open at a time). */
static char deleting[128];

static int delete_done(struct app *a, const char *text, void *arg)
{
	(void)arg;
	char err[PO_ERRLEN];
	if (strcmp(text, "y") && strcmp(text, "yes") && strcmp(text, "s") && strcmp(text, "si") && strcmp(text, "sí")) {
		app_msg(a, 0, "%s", _("not deleted"));
		return H_REDRAW;
	}
	if (store_delete(a->st, deleting, err, sizeof err) != 0) {
		app_msg(a, 1, "%s", err);
		return H_REDRAW;
	}
	a->writes++;
	struct screen *s = nav_top(a);
	if (s && !list_is(s) && !strcmp(s->arg, deleting))
		nav_pop(a);
	else
		nav_refresh(a);
	app_msg(a, 0, "%s", _("deleted"));
	return H_REDRAW;
}

static int ask_delete(struct app *a, const struct target *t)
{
	char err[PO_ERRLEN], question[400];
	cJSON *rec = store_get(a->st, t->kind, t->id, err, sizeof err);
	if (!rec) {
		app_msg(a, 1, "%s", err);
		return H_HANDLED | H_REDRAW;
	}
	po_strlcpy(deleting, rec_str(rec, "id"), sizeof deleting);
	snprintf(question, sizeof question, _("Delete %s %s \"%.60s\"? y to confirm:"), kind_name(t->kind),
		 rec_ref(rec), rec_title(rec, i18n_lang()));
	cJSON_Delete(rec);
	prompt_open(a, question, NULL, delete_done, NULL);
	return H_HANDLED | H_REDRAW;
}

static int case_only(struct app *a, enum action act, const struct target *t)
{
	if (strcmp(t->kind, "case") != 0) {
		app_msg(a, 1, "%s", _("this works on a case: open one first"));
		return H_HANDLED | H_REDRAW;
	}
	return edit_case_action(a, act, t->id);
}

int edit_action(struct app *a, enum action act)
{
	struct target t;
	if (act != ACT_NEW && act != ACT_EDIT && act != ACT_DELETE && act != ACT_TRAIL && act != ACT_APPEND &&
	    act != ACT_AMEND && act != ACT_ADD && act != ACT_STATUS && act != ACT_CHECKLIST)
		return H_NONE;
	if (find_target(a, &t) != 0) {
		app_msg(a, 1, "%s", _("there is no record here to change"));
		return H_HANDLED | H_REDRAW;
	}
	if (act == ACT_NEW)
		return new_record(a, t.kind);
	if (!t.id[0]) {
		app_msg(a, 1, "%s", _("nothing is selected"));
		return H_HANDLED | H_REDRAW;
	}
	switch (act) {
	case ACT_EDIT: return edit_record(a, &t);
	case ACT_DELETE: return ask_delete(a, &t);
	case ACT_TRAIL: nav_push(a, &trail_screen, t.id); return H_HANDLED | H_REDRAW;
	default: return case_only(a, act, &t);
	}
}

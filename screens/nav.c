/* nav.c - see nav.h. */
#include "nav.h"

#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "console/i18n.h"
#include "screens.h"
#include "storage/model.h"
#include "storage/util.h"

static const struct {
	const char *label;              /* untranslated */
	const struct screen_ops *root;  /* the tab's first screen */
} tabs[NTABS] = {
	{ N_("Dashboard"), &dashboard_screen }, { N_("Threats"), &threats_screen },
	{ N_("Cases"), &cases_screen }, { N_("Procedures"), &procedures_screen },
	{ N_("Dictionary"), &dictionary_screen }, { N_("Bulletins"), &bulletins_screen },
	{ N_("Exercises"), &exercises_screen }, { N_("Sync"), &sync_screen },
};

/* Which detail screen shows a record of each kind. */
static const struct {
	const char *kind;
	const struct screen_ops *ops;
} details[] = {
	{ "threat", &threat_screen }, { "case", &case_screen }, { "procedure", &procedure_screen },
	{ "technique", &technique_screen }, { "bulletin", &bulletin_screen },
	{ "scenario", &scenario_screen }, { "port", &port_screen },
};

const char *nav_tab_label(int t)
{
	return t >= 0 && t < NTABS ? tabs[t].label : "";
}

static struct screen *screen_open(struct app *a, const struct screen_ops *ops, const char *arg)
{
	struct screen *s = calloc(1, sizeof *s);
	if (!s) {
		app_msg(a, 1, "%s", _("out of memory"));
		return NULL;
	}
	s->ops = ops;
	po_strlcpy(s->arg, arg ? arg : "", sizeof s->arg);
	s->seen = a->writes;
	if (ops->open(s, a) != 0) {
		ops->close(s);
		free(s);
		return NULL;
	}
	return s;
}

static void screen_close(struct screen *s)
{
	s->ops->close(s);
	free(s);
}

int nav_push(struct app *a, const struct screen_ops *ops, const char *arg)
{
	int t = a->tab;
	if (a->depth[t] >= MAX_DEPTH) {
		app_msg(a, 1, "%s", _("too many screens open: go back first"));
		return -1;
	}
	struct screen *s = screen_open(a, ops, arg);
	if (!s)
		return -1;
	a->stack[t][a->depth[t]++] = s;
	return 0;
}

int nav_pop(struct app *a)
{
	int t = a->tab;
	if (a->depth[t] <= 1)
		return -1;
	screen_close(a->stack[t][--a->depth[t]]);
	if (nav_top(a)->seen != a->writes)
		nav_refresh(a);
	return 0;
}

struct screen *nav_top(struct app *a)
{
	int t = a->tab;
	return a->depth[t] ? a->stack[t][a->depth[t] - 1] : NULL;
}

void nav_tab(struct app *a, int t)
{
	if (t < 0 || t >= NTABS)
		return;
	if (t == a->tab)
		while (nav_pop(a) == 0)
			;
	a->tab = t;
	if (a->depth[t] == 0)
		nav_push(a, tabs[t].root, "");
	else if (nav_top(a)->seen != a->writes)
		nav_refresh(a);
}

/* Follows child records up to the record they belong to (a log entry to its case). Returns the
 * kind of that record and writes its id into id (64 bytes); NULL with a message when absent. */
static const char *owning_record(struct app *a, const char *kind, char id[64])
{
	const struct kind_def *k = model_kind(kind);
	while (k && k->cls == KC_CHILD) {
		char err[PO_ERRLEN];
		cJSON *rec = store_get(a->st, k->name, id, err, sizeof err);
		const cJSON *parent = cJSON_GetObjectItemCaseSensitive(rec, "parent");
		if (!cJSON_IsString(parent)) {
			cJSON_Delete(rec);
			app_msg(a, 1, "%s", err);
			return NULL;
		}
		po_strlcpy(id, parent->valuestring, 64);
		cJSON_Delete(rec);
		k = model_kind(k->parent);
	}
	return k ? k->name : kind;
}

int nav_open(struct app *a, const char *kind, const char *id)
{
	char target[64];
	po_strlcpy(target, id, sizeof target);
	const char *k = owning_record(a, kind, target);
	struct screen *top = nav_top(a);
	for (size_t i = 0; k && i < sizeof details / sizeof details[0]; i++) {
		if (strcmp(details[i].kind, k) != 0)
			continue;
		/* a child of the record shown (a case log entry) opens nothing new */
		if (top && top->ops == details[i].ops && !strcmp(top->arg, target))
			return 0;
		return nav_push(a, details[i].ops, target);
	}
	if (k)
		app_msg(a, 1, _("cannot open a record of kind '%s'"), k);
	return -1;
}

const char *nav_kind(const struct screen_ops *ops)
{
	for (size_t i = 0; i < sizeof details / sizeof details[0]; i++)
		if (details[i].ops == ops)
			return details[i].kind;
	return NULL;
}

void nav_refresh(struct app *a)
{
	struct screen *s = nav_top(a);
	if (!s)
		return;
	s->ops->close(s);
	s->data = NULL;
	s->seen = a->writes;
	if (s->ops->open(s, a) != 0 && nav_pop(a) != 0) {
		/* a root that cannot reopen keeps an empty state until the next refresh */
		s->title[0] = '\0';
	}
}

void nav_close_all(struct app *a)
{
	for (int t = 0; t < NTABS; t++) {
		while (a->depth[t] > 0)
			screen_close(a->stack[t][--a->depth[t]]);
	}
}

/* procedures.c - the Procedures tab (the operational manual) and the procedure screen: a pager
 * over the procedure's steps in the language of the interface. */
#include <stdio.h>
#include <string.h>

#include "console/i18n.h"
#include "detail.h"
#include "fmt.h"
#include "list.h"
#include "pager.h"
#include "screens.h"

static const struct column columns[] = {
	{ N_("Code"), 16, 0 }, { N_("Ver."), 4, 1 }, { N_("Status"), 10, 0 }, { N_("Title"), 0, 0 },
	{ NULL, 0, 0 },
};

static const struct list_filter filters[] = { { "status", "status" }, { NULL, NULL } };

static void procedure_row(struct app *a, const cJSON *rec, struct line *out)
{
	(void)a;
	char version[16];
	snprintf(version, sizeof version, "%ld", rec_int(rec, "version", 0));
	line_add(out, rec_str(rec, "code"), 0, ST_NORMAL);
	line_add(out, version, 0, ST_NORMAL);
	line_add(out, label("procedure status", rec_str(rec, "status")), 0, ST_NORMAL);
	line_add(out, rec_title(rec, i18n_lang()), 0, ST_NORMAL);
}

static const struct list_def procedure_list = {
	"procedure", N_("Procedures"), columns, procedure_row, filters,
};

static int procedures_open(struct screen *s, struct app *a)
{
	return list_screen_open(s, a, &procedure_list);
}

const struct screen_ops procedures_screen = {
	"procedures", procedures_open, list_screen_draw, list_screen_key, list_screen_close,
};

static void add_step(struct page *d, const cJSON *step, const char *lang)
{
	const cJSON *text = rec_lang(step, "text", lang), *evidence = rec_lang(step, "evidence", lang);
	char head[2200];
	snprintf(head, sizeof head, "%ld. %s", rec_int(step, "n", 0), cJSON_IsString(text) ? text->valuestring : "");
	page_text(d, ST_NORMAL, 2, head);
	char extra[400] = "";
	if (rec_str(step, "role")[0])
		snprintf(extra, sizeof extra, _("Role: %s"), rec_str(step, "role"));
	if (cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(step, "mandatory")))
		snprintf(extra + strlen(extra), sizeof extra - strlen(extra), "%s%s", extra[0] ? " · " : "", _("mandatory"));
	if (extra[0])
		page_text(d, ST_DIM, 6, extra);
	if (cJSON_IsString(evidence) && evidence->valuestring[0])
		page_textf(d, ST_DIM, 6, _("Evidence: %s"), evidence->valuestring);
}

static void procedure_doc(struct page *d, const cJSON *rec)
{
	const char *lang = i18n_lang();
	char version[16], roles[600];
	const cJSON *purpose = rec_lang(rec, "purpose", lang), *step;
	page_text(d, ST_HEAD, 0, rec_title(rec, lang));
	page_field(d, _("Code"), rec_str(rec, "code"));
	snprintf(version, sizeof version, "%ld", rec_int(rec, "version", 0));
	page_field(d, _("Version"), version);
	page_field(d, _("Status"), label("procedure status", rec_str(rec, "status")));
	page_field(d, _("Roles"), rec_join(rec, "roles", roles, sizeof roles));
	if (cJSON_IsString(purpose) && purpose->valuestring[0]) {
		page_heading(d, _("Purpose"));
		page_text(d, ST_NORMAL, 2, purpose->valuestring);
	}
	page_heading(d, _("Steps"));
	cJSON_ArrayForEach(step, cJSON_GetObjectItemCaseSensitive(rec, "steps"))
		add_step(d, step, lang);
	if (cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(rec, "sources"))) {
		page_heading(d, _("Sources"));
		detail_bullets(d, cJSON_GetObjectItemCaseSensitive(rec, "sources"));
	}
	page_heading(d, _("Record"));
	detail_marking(d, rec);
	detail_envelope(d, rec);
}

static int procedure_open(struct screen *s, struct app *a)
{
	cJSON *rec = detail_load(a, "procedure", s->arg);
	if (!rec)
		return -1;
	struct page d = { 0 };
	procedure_doc(&d, rec);
	detail_title(s, _("Procedure"), rec_str(rec, "code"));
	cJSON_Delete(rec);
	return pager_screen_open(s, a, &d);
}

const struct screen_ops procedure_screen = {
	"procedure", procedure_open, pager_screen_draw, pager_screen_key, pager_screen_close,
};

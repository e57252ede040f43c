/* dictionary.c - the Dictionary tab (techniques and modalities, in the language of the
 * interface with the other language's term beside it) and the technique screen: indicators,
 * countermeasures, related entries (Enter follows them, q comes back) and the cases that cite
 * the technique. */
#include <stdio.h>
#include <string.h>

#include "console/i18n.h"
#include "detail.h"
#include "fmt.h"
#include "list.h"
#include "pager.h"
#include "screens.h"

/* The heading of the second column names the other language. */
static const struct column columns_en[] = {
	{ N_("Term"), 0, 0 }, { N_("Spanish"), 28, 0 }, { N_("Category"), 16, 0 }, { NULL, 0, 0 },
};
static const struct column columns_es[] = {
	{ N_("Term"), 0, 0 }, { N_("English"), 28, 0 }, { N_("Category"), 16, 0 }, { NULL, 0, 0 },
};

static const struct list_filter filters[] = {
	{ "category", "category" }, { "modality", "modality" }, { NULL, NULL },
};

static void technique_row(struct app *a, const cJSON *rec, struct line *out)
{
	(void)a;
	const char *lang = i18n_lang();
	line_add(out, rec_title(rec, lang), 0, ST_NORMAL);
	line_add(out, rec_title(rec, other_lang(lang)), 0, ST_DIM);
	line_add(out, label("category", rec_str(rec, "category")), 0, ST_NORMAL);
}

static const struct list_def list_en = { "technique", N_("Dictionary"), columns_en, technique_row, filters };
static const struct list_def list_es = { "technique", N_("Dictionary"), columns_es, technique_row, filters };

static int dictionary_open(struct screen *s, struct app *a)
{
	return list_screen_open(s, a, strcmp(i18n_lang(), "es") ? &list_en : &list_es);
}

const struct screen_ops dictionary_screen = {
	"dictionary", dictionary_open, list_screen_draw, list_screen_key, list_screen_close,
};

static void aliases(struct page *d, const cJSON *rec)
{
	const cJSON *al;
	cJSON_ArrayForEach(al, cJSON_GetObjectItemCaseSensitive(rec, "aliases")) {
		char text[300];
		const char *country = rec_str(al, "country"), *lang = rec_str(al, "lang");
		snprintf(text, sizeof text, "- %s%s%s%s%s%s", rec_str(al, "term"), country[0] || lang[0] ? " (" : "",
			 country, country[0] && lang[0] ? ", " : "", lang, country[0] || lang[0] ? ")" : "");
		page_text(d, ST_NORMAL, 2, text);
	}
}

/* Adds a heading and the items of the list member name_<lang>, or "(none)". */
static void lang_list(struct page *d, const cJSON *rec, const char *name, const char *lang, const char *heading)
{
	const cJSON *items = rec_lang(rec, name, lang);
	page_heading(d, heading);
	if (cJSON_GetArraySize(items))
		detail_bullets(d, items);
	else
		page_text(d, ST_DIM, 2, _("(none)"));
}

static void technique_doc(struct page *d, struct app *a, const cJSON *rec)
{
	const char *lang = i18n_lang();
	const cJSON *desc = rec_lang(rec, "description", lang), *it;
	page_text(d, ST_HEAD, 0, rec_title(rec, lang));
	page_field(d, strcmp(lang, "es") ? _("Spanish") : _("English"), rec_title(rec, other_lang(lang)));
	page_field(d, _("Code"), rec_str(rec, "code"));
	page_field(d, _("Category"), label("category", rec_str(rec, "category")));
	page_field(d, _("Modality"), label("modality", rec_str(rec, "modality")));
	if (cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(rec, "aliases"))) {
		page_heading(d, _("Also known as"));
		aliases(d, rec);
	}
	page_heading(d, _("Description"));
	page_text(d, ST_NORMAL, 2, cJSON_IsString(desc) ? desc->valuestring : "");
	lang_list(d, rec, "indicators", lang, _("Indicators"));
	lang_list(d, rec, "countermeasures", lang, _("Countermeasures"));
	page_heading(d, _("Related entries"));
	cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(rec, "related"))
		if (cJSON_IsString(it))
			detail_record_link(d, a, it->valuestring, 2);
	if (!cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(rec, "related")))
		page_text(d, ST_DIM, 2, _("(none)"));
	detail_citing(d, a, rec_str(rec, "id"), _("Cases that cite it"));
	if (cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(rec, "sources"))) {
		page_heading(d, _("Sources"));
		detail_bullets(d, cJSON_GetObjectItemCaseSensitive(rec, "sources"));
	}
}

static int technique_open(struct screen *s, struct app *a)
{
	cJSON *rec = detail_load(a, "technique", s->arg);
	if (!rec)
		return -1;
	struct page d = { 0 };
	technique_doc(&d, a, rec);
	detail_title(s, _("Dictionary"), rec_title(rec, i18n_lang()));
	cJSON_Delete(rec);
	return pager_screen_open(s, a, &d);
}

const struct screen_ops technique_screen = {
	"technique", technique_open, pager_screen_draw, pager_screen_key, pager_screen_close,
};

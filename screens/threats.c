/* threats.c - the Threats tab (a list) and the threat screen (a record with its techniques and
 * the cases that cite it). */
#include <stdio.h>
#include <string.h>

#include "console/i18n.h"
#include "detail.h"
#include "draw.h"
#include "fmt.h"
#include "list.h"
#include "pager.h"
#include "screens.h"

static const struct column columns[] = {
	{ N_("Level"), 9, 0 }, { N_("Title"), 0, 0 }, { N_("Ports"), 14, 0 },
	{ N_("Status"), 11, 0 }, { N_("Updated"), 11, 0 }, { NULL, 0, 0 },
};

static const struct list_filter filters[] = {
	{ "port", "ports" }, { "level", "level" }, { "status", "status" }, { NULL, NULL },
};

static void threat_row(struct app *a, const cJSON *rec, struct line *out)
{
	(void)a;
	char ports[200], date[11];
	const char *level = rec_str(rec, "level");
	line_add(out, label("threat level", level), 0, style_level(level));
	line_add(out, rec_str(rec, "title"), 0, ST_NORMAL);
	line_add(out, rec_join(rec, "ports", ports, sizeof ports), 0, ST_NORMAL);
	line_add(out, label("threat status", rec_str(rec, "status")), 0, ST_NORMAL);
	line_add(out, fmt_date(rec_str(rec, "updated_at"), date), 0, ST_DIM);
}

static const struct list_def threat_list = {
	"threat", N_("Threats"), columns, threat_row, filters,
};

static int threats_open(struct screen *s, struct app *a)
{
	return list_screen_open(s, a, &threat_list);
}

const struct screen_ops threats_screen = {
	"threats", threats_open, list_screen_draw, list_screen_key, list_screen_close,
};

static void threat_fields(struct page *d, const cJSON *rec)
{
	char routes[1000];
	const char *level = rec_str(rec, "level");
	struct line *l = page_line(d);
	if (l) {
		l->indent = 2;
		line_add(l, _("Level"), 16, ST_DIM);
		line_add(l, label("threat level", level), 0, style_level(level));
	}
	page_field(d, _("Reference"), rec_str(rec, "ref"));
	page_field(d, _("Status"), label("threat status", rec_str(rec, "status")));
	detail_marking(d, rec);
	page_field(d, _("Routes"), rec_join(rec, "routes", routes, sizeof routes));
	page_field(d, _("First seen"), rec_str(rec, "first_seen"));
	page_field(d, _("Last seen"), rec_str(rec, "last_seen"));
	detail_envelope(d, rec);
}

static void threat_doc(struct page *d, struct app *a, const cJSON *rec)
{
	const cJSON *it;
	page_text(d, ST_HEAD, 0, rec_str(rec, "title"));
	threat_fields(d, rec);
	page_heading(d, _("Summary"));
	page_text(d, ST_NORMAL, 2, rec_str(rec, "summary")[0] ? rec_str(rec, "summary") : _("(none)"));
	page_heading(d, _("Ports"));
	detail_ports(d, a, rec, "ports");
	page_heading(d, _("Techniques"));
	cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(rec, "techniques"))
		if (cJSON_IsString(it))
			detail_record_link(d, a, it->valuestring, 2);
	if (!cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(rec, "techniques")))
		page_text(d, ST_DIM, 2, _("(none)"));
	detail_citing(d, a, rec_str(rec, "id"), _("Linked cases"));
}

static int threat_open(struct screen *s, struct app *a)
{
	cJSON *rec = detail_load(a, "threat", s->arg);
	if (!rec)
		return -1;
	struct page d = { 0 };
	threat_doc(&d, a, rec);
	detail_title(s, _("Threat"), rec_str(rec, "ref")[0] ? rec_str(rec, "ref") : rec_str(rec, "title"));
	cJSON_Delete(rec);
	return pager_screen_open(s, a, &d);
}

const struct screen_ops threat_screen = {
	"threat", threat_open, pager_screen_draw, pager_screen_key, pager_screen_close,
};

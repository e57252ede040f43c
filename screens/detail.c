/* detail.c - see detail.h. */
#include "detail.h"

#include <stdio.h>
#include <string.h>

#include "console/i18n.h"
#include "draw.h"
#include "fmt.h"
#include "storage/refdata.h"
#include "storage/util.h"
#include "storage/views.h"

cJSON *detail_load(struct app *a, const char *kind, const char *id)
{
	char err[PO_ERRLEN];
	cJSON *rec = store_get(a->st, kind, id, err, sizeof err);
	if (!rec) {
		app_msg(a, 1, "%s", err);
		return NULL;
	}
	if (cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(rec, "deleted"))) {
		app_msg(a, 1, _("%s was deleted"), rec_ref(rec)[0] ? rec_ref(rec) : id);
		cJSON_Delete(rec);
		return NULL;
	}
	return rec;
}

void detail_marking(struct page *d, const cJSON *rec)
{
	struct line *l = page_line(d);
	if (!l)
		return;
	char tlp[32];
	snprintf(tlp, sizeof tlp, "TLP:%s", rec_str(rec, "tlp"));
	l->indent = 2;
	line_add(l, _("Marking"), 16, ST_DIM);
	line_add(l, tlp, 0, style_tlp(rec_str(rec, "tlp")));
}

void detail_envelope(struct page *d, const cJSON *rec)
{
	char with[512], at[17], line[600];
	const char *share = rec_str(rec, "share");
	rec_join(rec, "share_with", with, sizeof with);
	if (with[0])
		snprintf(line, sizeof line, "%s: %s", label("share", share), with);
	else
		snprintf(line, sizeof line, "%s", label("share", share));
	page_field(d, _("Shared with"), line);
	page_field(d, _("Owner"), rec_str(rec, "owner"));
	snprintf(line, sizeof line, _("%s by %s"), fmt_time(rec_str(rec, "created_at"), at), rec_str(rec, "created_by"));
	page_field(d, _("Created"), line);
	snprintf(line, sizeof line, _("%s by %s"), fmt_time(rec_str(rec, "updated_at"), at), rec_str(rec, "updated_by"));
	page_field(d, _("Updated"), line);
	long rev = rec_int(rec, "rev", 0);
	if (rev)
		snprintf(line, sizeof line, "%ld", rev);
	else
		snprintf(line, sizeof line, "%s", _("not yet synced"));
	page_field(d, _("Revision"), line);
}

struct citing_ctx {
	struct page *d;
	int n;
};

static int add_citing(const struct citing_case *c, void *arg)
{
	struct citing_ctx *x = arg;
	char text[600];
	snprintf(text, sizeof text, "%-14s %s  (%s)", c->ref, c->title, label("case status", c->status));
	page_link(x->d, "case", c->id, 2, text);
	x->n++;
	return 0;
}

void detail_citing(struct page *d, struct app *a, const char *id, const char *heading)
{
	char err[PO_ERRLEN];
	struct citing_ctx x = { d, 0 };
	page_heading(d, heading);
	if (views_citing_cases(a->st, id, 50, add_citing, &x, err, sizeof err) < 0)
		page_text(d, ST_ERROR, 2, err);
	else if (x.n == 0)
		page_text(d, ST_DIM, 2, _("(none)"));
}

void detail_ports(struct page *d, struct app *a, const cJSON *rec, const char *name)
{
	const cJSON *it;
	cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(rec, name)) {
		if (!cJSON_IsString(it))
			continue;
		struct port p;
		char text[200];
		if (port_get(a->st, it->valuestring, &p) == 0)
			snprintf(text, sizeof text, "%s  %s (%s)", p.locode, p.name, p.country);
		else
			snprintf(text, sizeof text, "%s", it->valuestring);
		page_link(d, "port", it->valuestring, 2, text);
	}
}

void detail_record_link(struct page *d, struct app *a, const char *id, int indent)
{
	cJSON *rec = store_get(a->st, NULL, id, NULL, 0);
	char text[600];
	if (!rec || cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(rec, "deleted"))) {
		snprintf(text, sizeof text, _("%s (not in this store)"), id);
		page_text(d, ST_DIM, indent, text);
	} else {
		snprintf(text, sizeof text, "%s  %s", rec_ref(rec), rec_title(rec, i18n_lang()));
		page_link(d, rec_str(rec, "kind"), id, indent, text[0] == ' ' ? text + 2 : text);
	}
	cJSON_Delete(rec);
}

void detail_title(struct screen *s, const char *kind, const char *title)
{
	snprintf(s->title, sizeof s->title, "%s: %s", kind, title);
}

void detail_bullets(struct page *d, const cJSON *items)
{
	const cJSON *it;
	cJSON_ArrayForEach(it, items) {
		if (!cJSON_IsString(it))
			continue;
		char text[2100];
		snprintf(text, sizeof text, "- %s", it->valuestring);
		page_text(d, ST_NORMAL, 2, text);
	}
}

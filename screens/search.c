/* search.c - the results of a search over every record (FTS5, accents and case ignored),
 * grouped by kind; Enter opens a result. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "console/i18n.h"
#include "fmt.h"
#include "pager.h"
#include "screens.h"
#include "storage/model.h"
#include "storage/search.h"
#include "storage/util.h"

enum { MAX_HITS = 300 };

struct hit {
	int kind;        /* index in model_kinds */
	char id[37];
	char *title;     /* owned */
	char *snippet;   /* owned */
};

struct hits {
	struct hit h[MAX_HITS];
	int n;
};

static int kind_index(const char *kind)
{
	for (int i = 0; model_kinds[i].name; i++)
		if (!strcmp(model_kinds[i].name, kind))
			return i;
	return -1;
}

static int keep_hit(const struct search_hit *sh, void *arg)
{
	struct hits *hs = arg;
	int k = kind_index(sh->kind);
	if (k < 0 || hs->n >= MAX_HITS)
		return hs->n >= MAX_HITS;
	struct hit *h = &hs->h[hs->n++];
	h->kind = k;
	po_strlcpy(h->id, sh->id, sizeof h->id);
	h->title = strdup(sh->title ? sh->title : "");
	h->snippet = strdup(sh->snippet ? sh->snippet : "");
	return 0;
}

/* Adds the hits of kind k under a heading with their count. */
static void kind_group(struct page *d, const struct hits *hs, int k)
{
	int count = 0;
	for (int i = 0; i < hs->n; i++)
		count += hs->h[i].kind == k;
	if (!count)
		return;
	char head[128];
	snprintf(head, sizeof head, "%s (%d)", kind_label(model_kinds[k].name), count);
	page_heading(d, head);
	for (int i = 0; i < hs->n; i++) {
		const struct hit *h = &hs->h[i];
		if (h->kind != k)
			continue;
		page_link(d, model_kinds[k].name, h->id, 2, h->title && h->title[0] ? h->title : h->id);
		struct line *l = page_line(d);
		if (l && h->snippet && h->snippet[0]) {
			l->flags = LF_WRAP;
			l->indent = 6;
			line_add(l, h->snippet, 0, ST_DIM);
			line_link(l, model_kinds[k].name, h->id);
		}
	}
}

static int search_open(struct screen *s, struct app *a)
{
	struct hits *hs = calloc(1, sizeof *hs);
	char err[PO_ERRLEN];
	if (!hs)
		return -1;
	int n = search_text(a->st, s->arg, NULL, MAX_HITS, keep_hit, hs, err, sizeof err);
	struct page d = { 0 };
	snprintf(s->title, sizeof s->title, _("Search: %s"), s->arg);
	if (n < 0)
		app_msg(a, 1, "%s", err);
	else if (hs->n == 0)
		page_textf(&d, ST_DIM, 2, _("Nothing found for '%s'."), s->arg);
	else
		page_textf(&d, ST_DIM, 0, ngettext("%d result", "%d results", (unsigned long)hs->n), hs->n);
	for (int k = 0; model_kinds[k].name; k++)
		kind_group(&d, hs, k);
	for (int i = 0; i < hs->n; i++) {
		free(hs->h[i].title);
		free(hs->h[i].snippet);
	}
	free(hs);
	if (n < 0) {
		page_free(&d);
		return -1;
	}
	return pager_screen_open(s, a, &d);
}

const struct screen_ops search_screen = {
	"search", search_open, pager_screen_draw, pager_screen_key, pager_screen_close,
};

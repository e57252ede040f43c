/* edit_trail.c - the audit trail screen (edit.h trail_screen): every audit entry of a record and
 * of its children (a case's entities, log, links and checklists), oldest first, each with its
 * time, agency/operator, action and the fields it changed. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "console/i18n.h"
#include "detail.h"
#include "edit.h"
#include "fmt.h"
#include "pager.h"
#include "storage/journal.h"
#include "storage/model.h"
#include "storage/util.h"

enum { TRAIL_CHILDREN = 500 };

struct entry {
	long seq;
	char *text;  /* owned */
};

struct entries {
	struct entry *e;  /* owned */
	size_t n, cap;
};

static void fields_of(const cJSON *entry, char *out, size_t n)
{
	const cJSON *f, *detail = cJSON_GetObjectItemCaseSensitive(entry, "detail");
	size_t len = 0;
	out[0] = '\0';
	cJSON_ArrayForEach(f, cJSON_GetObjectItemCaseSensitive(detail, "fields")) {
		int w = snprintf(out + len, n - len, "%s%s", len ? ", " : "", f->string);
		if (w < 0 || (size_t)w >= n - len)
			return;
		len += (size_t)w;
	}
}

static int add_entry(const cJSON *entry, void *arg)
{
	struct entries *es = arg;
	char at[17], fields[600], text[1000];
	if (es->n == es->cap) {
		size_t cap = es->cap ? es->cap * 2 : 64;
		struct entry *e = realloc(es->e, cap * sizeof *e);
		if (!e)
			return 1;
		es->e = e;
		es->cap = cap;
	}
	fields_of(entry, fields, sizeof fields);
	snprintf(text, sizeof text, "%s  %s/%s  %s %s  %s", fmt_time(rec_str(entry, "at"), at), rec_str(entry, "agency"),
		 rec_str(entry, "actor"), rec_str(entry, "action"), rec_str(entry, "kind"), fields);
	es->e[es->n].seq = rec_int(entry, "seq", 0);
	es->e[es->n++].text = strdup(text);
	return 0;
}

/* Context of the child walk: the store and where the entries go. */
struct walk {
	struct store *st;
	struct entries *es;
};

static int child_trail(const cJSON *rec, void *arg)
{
	struct walk *w = arg;
	journal_trail(w->st, rec_str(rec, "id"), add_entry, w->es, NULL, 0);
	return 0;
}

/* Adds the entries of the children of id (every child kind whose parent is kind). */
static void children(struct store *st, const char *kind, const char *id, struct entries *es)
{
	struct walk w = { st, es };
	for (const struct kind_def *k = model_kinds; k->name; k++) {
		if (k->cls != KC_CHILD || strcmp(k->parent, kind) != 0)
			continue;
		struct store_query q = { k->name, NULL, 0, id, NULL, TRAIL_CHILDREN, 1 };
		store_list(st, &q, child_trail, &w, NULL, NULL, 0);
	}
}

static int by_seq(const void *x, const void *y)
{
	long a = ((const struct entry *)x)->seq, b = ((const struct entry *)y)->seq;
	return (a > b) - (a < b);
}

static void fill(struct page *d, struct entries *es)
{
	if (es->n)
		qsort(es->e, es->n, sizeof *es->e, by_seq);
	for (size_t i = 0; i < es->n; i++) {
		if (es->e[i].text)
			page_text(d, ST_NORMAL, 1, es->e[i].text);
		free(es->e[i].text);
	}
	if (!es->n)
		page_text(d, ST_DIM, 1, _("(none)"));
	free(es->e);
}

static int trail_open(struct screen *s, struct app *a)
{
	char err[PO_ERRLEN];
	cJSON *rec = store_get(a->st, NULL, s->arg, err, sizeof err);
	if (!rec) {
		app_msg(a, 1, "%s", err);
		return -1;
	}
	struct entries es = { NULL, 0, 0 };
	journal_trail(a->st, rec_str(rec, "id"), add_entry, &es, NULL, 0);
	children(a->st, rec_str(rec, "kind"), rec_str(rec, "id"), &es);
	struct page d = { 0 };
	fill(&d, &es);
	detail_title(s, _("Audit trail"), rec_ref(rec)[0] ? rec_ref(rec) : rec_title(rec, i18n_lang()));
	cJSON_Delete(rec);
	return pager_screen_open(s, a, &d);
}

const struct screen_ops trail_screen = {
	"trail", trail_open, pager_screen_draw, pager_screen_key, pager_screen_close,
};

/* cases.c - the Cases tab (a list) and the case screen: the case with its route,
 * authorisations, entities, case log, checklists, links and audit trail. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "console/i18n.h"
#include "detail.h"
#include "fmt.h"
#include "list.h"
#include "pager.h"
#include "screens.h"
#include "storage/cases.h"
#include "storage/journal.h"
#include "storage/refdata.h"
#include "storage/util.h"

enum { MAX_CHILDREN = 500, MAX_TRAIL = 500 };

static const struct column columns[] = {
	{ N_("Reference"), 14, 0 }, { N_("Title"), 0, 0 }, { N_("Type"), 13, 0 }, { N_("Status"), 9, 0 },
	{ N_("Lead"), 9, 0 }, { N_("Updated"), 11, 0 }, { NULL, 0, 0 },
};

static const struct list_filter filters[] = {
	{ "port", "port" }, { "type", "type" }, { "status", "status" }, { "lead", "lead_agency" }, { NULL, NULL },
};

static void case_row(struct app *a, const cJSON *rec, struct line *out)
{
	(void)a;
	char date[11];
	line_add(out, rec_str(rec, "ref"), 0, ST_NORMAL);
	line_add(out, rec_str(rec, "title"), 0, ST_NORMAL);
	line_add(out, label("case type", rec_str(rec, "type")), 0, ST_NORMAL);
	line_add(out, label("case status", rec_str(rec, "status")), 0, ST_NORMAL);
	line_add(out, rec_str(rec, "lead_agency"), 0, ST_NORMAL);
	line_add(out, fmt_date(rec_str(rec, "updated_at"), date), 0, ST_DIM);
}

static const struct list_def case_list = { "case", N_("Cases"), columns, case_row, filters };

static int cases_open(struct screen *s, struct app *a)
{
	return list_screen_open(s, a, &case_list);
}

const struct screen_ops cases_screen = {
	"cases", cases_open, list_screen_draw, list_screen_key, list_screen_close,
};

/* The ids of a case's children, whose audit entries join the case's own. */
struct ids {
	char (*id)[37];  /* owned */
	size_t n, cap;
};

static void add_id(struct ids *ids, const char *id)
{
	if (ids->n == ids->cap) {
		size_t cap = ids->cap ? ids->cap * 2 : 32;
		char(*n)[37] = realloc(ids->id, cap * sizeof *n);
		if (!n)
			return;
		ids->id = n;
		ids->cap = cap;
	}
	po_strlcpy(ids->id[ids->n++], id, 37);
}

/* The children of one case (or checklist) handed to a callback that adds them to the page. */
struct children {
	struct page *d;
	struct app *a;
	struct ids *ids;  /* where their ids go */
	int n;
};

/* Lists the children of kind under parent into the doc through cb; notes when some are left. */
static void add_children(struct page *d, struct app *a, struct ids *ids, const char *kind, const char *parent,
			 store_row_cb cb)
{
	struct children c = { d, a, ids, 0 };
	struct store_query q = { kind, NULL, 0, parent, NULL, MAX_CHILDREN, 0 };
	char err[PO_ERRLEN];
	int n = store_list(a->st, &q, cb, &c, NULL, err, sizeof err);
	if (n < 0)
		page_text(d, ST_ERROR, 2, err);
	else if (n == 0)
		page_text(d, ST_DIM, 2, _("(none)"));
	if (n == MAX_CHILDREN) {
		struct store_filter f = { "parent", parent };
		long all = store_count(a->st, kind, &f, 1, NULL, 0);
		page_textf(d, ST_DIM, 2, _("(the first %d of %ld are shown; portops show lists them all)"), MAX_CHILDREN, all);
	}
}

static void place_text(struct app *a, const char *place, char *out, size_t n)
{
	struct port p;
	if (port_get(a->st, place, &p) == 0)
		snprintf(out, n, "%s %s", place, p.name);
	else
		snprintf(out, n, "%s", place);
}

static void route_leg(struct page *d, struct app *a, const cJSON *leg)
{
	char place[160], planned[17], actual[17], agencies[300], text[1200];
	place_text(a, rec_str(leg, "place"), place, sizeof place);
	fmt_time(rec_str(leg, "planned"), planned);
	fmt_time(rec_str(leg, "actual"), actual);
	rec_join(leg, "agencies", agencies, sizeof agencies);
	snprintf(text, sizeof text, "%ld. %s  %s %s  %s %s  %s", rec_int(leg, "n", 0), place, _("planned"),
		 planned[0] ? planned : "-", _("actual"), actual[0] ? actual : "-", agencies);
	page_text(d, ST_NORMAL, 2, text);
	if (rec_str(leg, "note")[0])
		page_text(d, ST_DIM, 5, rec_str(leg, "note"));
}

static void route(struct page *d, struct app *a, const cJSON *rec)
{
	const cJSON *leg;
	page_heading(d, _("Route"));
	cJSON_ArrayForEach(leg, cJSON_GetObjectItemCaseSensitive(rec, "route"))
		route_leg(d, a, leg);
	if (cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(rec, "route")) == 0)
		page_text(d, ST_DIM, 2, _("(none)"));
}

static int missing_row(const char *what, void *arg)
{
	page_text(arg, ST_ERROR, 2, what);
	return 0;
}

/* What a controlled delivery still lacks (case_missing). */
static void missing(struct page *d, struct app *a, const cJSON *rec)
{
	page_heading(d, _("Still missing"));
	if (case_missing(a->st, rec, missing_row, d) == 0)
		page_text(d, ST_DIM, 2, _("(nothing)"));
}

static void authorisations(struct page *d, const cJSON *rec)
{
	const cJSON *au;
	page_heading(d, _("Authorisations"));
	cJSON_ArrayForEach(au, cJSON_GetObjectItemCaseSensitive(rec, "authorisations")) {
		char text[600];
		snprintf(text, sizeof text, "%s  %s  %s  %s  %s", rec_str(au, "country"),
			 label("authorisation", rec_str(au, "status")), rec_str(au, "reference"), rec_str(au, "date"),
			 rec_str(au, "agency"));
		page_text(d, ST_NORMAL, 2, text);
	}
	if (cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(rec, "authorisations")) == 0)
		page_text(d, ST_DIM, 2, _("(none)"));
}

/* Appends "  label value" to out when value is set (label NULL: the value alone). */
static void add_part(char *out, size_t n, const char *name, const char *value)
{
	size_t len = strlen(out);
	if (value && *value && len < n)
		snprintf(out + len, n - len, "%s%s%s%s", len ? "  " : "", name ? name : "", name ? " " : "", value);
}

static int entity_row(const cJSON *rec, void *arg)
{
	struct children *c = arg;
	add_id(c->ids, rec_str(rec, "id"));
	char text[2000] = "";
	add_part(text, sizeof text, NULL, rec_str(rec, "name"));
	add_part(text, sizeof text, "IMO", rec_str(rec, "imo"));
	add_part(text, sizeof text, "MMSI", rec_str(rec, "mmsi"));
	add_part(text, sizeof text, _("call sign"), rec_str(rec, "call_sign"));
	add_part(text, sizeof text, _("flag"), rec_str(rec, "flag"));
	add_part(text, sizeof text, _("container"), rec_str(rec, "container"));
	add_part(text, sizeof text, _("seal"), rec_str(rec, "seal_number"));
	add_part(text, sizeof text, _("class"), rec_str(rec, "seal_class"));
	add_part(text, sizeof text, _("applied by"), rec_str(rec, "applied_by"));
	add_part(text, sizeof text, _("verified by"), rec_str(rec, "verified_by"));
	add_part(text, sizeof text, _("at"), rec_str(rec, "place"));
	struct line *l = page_line(c->d);
	if (l) {
		l->flags = LF_WRAP;
		l->indent = 2;
		line_add(l, label("entity", rec_str(rec, "type")), 10, ST_DIM);
		line_add(l, text, 0, ST_NORMAL);
	}
	if (rec_str(rec, "notes")[0])
		page_text(c->d, ST_DIM, 4, rec_str(rec, "notes"));
	return 0;
}

static int log_row(const cJSON *rec, void *arg)
{
	struct children *c = arg;
	add_id(c->ids, rec_str(rec, "id"));
	char at[17], head[400];
	const char *agency = rec_str(rec, "agency")[0] ? rec_str(rec, "agency") : rec_str(rec, "owner");
	snprintf(head, sizeof head, "%s  %s/%s  [%s]", fmt_time(rec_str(rec, "created_at"), at), agency,
		 rec_str(rec, "created_by"), label("log entry", rec_str(rec, "entry")));
	if (rec_str(rec, "amends")[0])
		snprintf(head + strlen(head), sizeof head - strlen(head), _("  amends %.8s"), rec_str(rec, "amends"));
	page_text(c->d, ST_DIM, 2, head);
	if (c->d->n) /* the cursor can rest on an entry: A amends it */
		line_link(&c->d->lines[c->d->n - 1], "log", rec_str(rec, "id"));
	page_text(c->d, ST_NORMAL, 4, rec_str(rec, "text"));
	return 0;
}

static int link_row(const cJSON *rec, void *arg)
{
	struct children *c = arg;
	add_id(c->ids, rec_str(rec, "id"));
	struct line *l = page_line(c->d);
	if (!l)
		return 1;
	cJSON *t = store_get(c->a->st, NULL, rec_str(rec, "target"), NULL, 0);
	char text[800];
	snprintf(text, sizeof text, "%s  %s%s%s", t ? rec_ref(t) : rec_str(rec, "target"),
		 t ? rec_title(t, i18n_lang()) : _("(not in this store)"), rec_str(rec, "note")[0] ? " — " : "",
		 rec_str(rec, "note"));
	l->flags = LF_WRAP;
	l->indent = 2;
	line_add(l, label("link", rec_str(rec, "target_kind")), 10, ST_DIM);
	line_add(l, text, 0, t ? ST_LINK : ST_DIM);
	if (t)
		line_link(l, rec_str(t, "kind"), rec_str(rec, "target"));
	cJSON_Delete(t);
	return 0;
}

/* The completions of one checklist: the latest state of each step number. */
struct completions {
	char state[1000][8];   /* by step number; "" when not completed */
};

static int step_row(const cJSON *rec, void *arg)
{
	struct completions *done = arg;
	long n = rec_int(rec, "n", 0);
	if (n > 0 && n < 1000)
		po_strlcpy(done->state[n], rec_str(rec, "state"), sizeof done->state[n]);
	return 0;
}

static const char *step_mark(const char *state)
{
	if (!strcmp(state, "done"))
		return "[x]";
	if (!strcmp(state, "skipped"))
		return "[-]";
	if (!strcmp(state, "na"))
		return "[/]";
	return "[ ]";
}

/* Adds each step of the procedure with its mark from done. */
static void checklist_marks(struct page *d, const cJSON *proc, const struct completions *done)
{
	const cJSON *step;
	cJSON_ArrayForEach(step, cJSON_GetObjectItemCaseSensitive(proc, "steps")) {
		long n = rec_int(step, "n", 0);
		const cJSON *text = rec_lang(step, "text", i18n_lang());
		char line[2200];
		snprintf(line, sizeof line, "%s %ld. %s", step_mark(n > 0 && n < 1000 ? done->state[n] : ""), n,
			 cJSON_IsString(text) ? text->valuestring : "");
		page_text(d, ST_NORMAL, 4, line);
	}
}

static int checklist_row(const cJSON *rec, void *arg)
{
	struct children *c = arg;
	add_id(c->ids, rec_str(rec, "id"));
	char head[300];
	snprintf(head, sizeof head, "%s v%ld  (%s)", rec_str(rec, "procedure_code"), rec_int(rec, "procedure_version", 0),
		 label("checklist", rec_str(rec, "status")));
	page_link(c->d, "procedure", rec_str(rec, "procedure"), 2, head);
	struct completions *done = calloc(1, sizeof *done);
	cJSON *proc = store_get(c->a->st, "procedure", rec_str(rec, "procedure"), NULL, 0);
	struct store_query q = { "step", NULL, 0, rec_str(rec, "id"), NULL, 5000, 0 };
	if (done && store_list(c->a->st, &q, step_row, done, NULL, NULL, 0) >= 0 && proc)
		checklist_marks(c->d, proc, done);
	else if (!proc)
		page_text(c->d, ST_DIM, 4, _("(the procedure is not in this store)"));
	cJSON_Delete(proc);
	free(done);
	return 0;
}

/* Names of the fields an audit entry changed, joined by ", ". */
static void changed_fields(const cJSON *entry, char *out, size_t n)
{
	const cJSON *f;
	size_t len = 0;
	out[0] = '\0';
	cJSON_ArrayForEach(f, cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(entry, "detail"), "fields")) {
		int w = snprintf(out + len, n - len, "%s%s", len ? ", " : "", f->string);
		if (w < 0 || (size_t)w >= n - len)
			break;
		len += (size_t)w;
	}
}

/* Audit entries of the case and its children, gathered to be shown in the order of the trail. */
struct trail {
	struct {
		long seq;
		char *text;   /* owned */
	} *e;
	size_t n, cap;
};

static int trail_row(const cJSON *entry, void *arg)
{
	struct trail *t = arg;
	char at[17], fields[600], text[900];
	if (t->n == t->cap) {
		size_t cap = t->cap ? t->cap * 2 : 64;
		void *e = realloc(t->e, cap * sizeof *t->e);
		if (!e)
			return 1;
		t->e = e;
		t->cap = cap;
	}
	changed_fields(entry, fields, sizeof fields);
	snprintf(text, sizeof text, "%s  %s/%s  %s %s  %s", fmt_time(rec_str(entry, "at"), at),
		 rec_str(entry, "agency"), rec_str(entry, "actor"), rec_str(entry, "action"), rec_str(entry, "kind"),
		 fields);
	t->e[t->n].seq = rec_int(entry, "seq", 0);
	t->e[t->n++].text = strdup(text);
	return 0;
}

static int by_seq(const void *x, const void *y)
{
	long a = *(const long *)x, b = *(const long *)y;
	return (a > b) - (a < b);
}

static void trail(struct page *d, struct app *a, const char *id, const struct ids *ids)
{
	struct trail t = { NULL, 0, 0 };
	char err[PO_ERRLEN];
	page_heading(d, _("Audit trail"));
	int rc = journal_trail(a->st, id, trail_row, &t, err, sizeof err);
	for (size_t i = 0; rc >= 0 && i < ids->n; i++)
		rc = journal_trail(a->st, ids->id[i], trail_row, &t, err, sizeof err);
	if (rc < 0)
		page_text(d, ST_ERROR, 2, err);
	if (t.n)
		qsort(t.e, t.n, sizeof *t.e, by_seq);
	for (size_t i = 0; i < t.n; i++) {
		if (i < MAX_TRAIL && t.e[i].text)
			page_text(d, ST_NORMAL, 2, t.e[i].text);
		free(t.e[i].text);
	}
	if (t.n > MAX_TRAIL)
		page_textf(d, ST_DIM, 2, _("(the first %d entries are shown; portops audit lists them all)"), MAX_TRAIL);
	free(t.e);
}

static void case_fields(struct page *d, struct app *a, const cJSON *rec)
{
	char port[160], lead[200], name[101];
	page_field(d, _("Reference"), rec_str(rec, "ref"));
	page_field(d, _("Type"), label("case type", rec_str(rec, "type")));
	page_field(d, _("Status"), label("case status", rec_str(rec, "status")));
	place_text(a, rec_str(rec, "port"), port, sizeof port);
	page_field(d, _("Port"), port);
	const char *code = rec_str(rec, "lead_agency");
	if (agency_name(a->st, code, name, sizeof name) == 0)
		snprintf(lead, sizeof lead, "%s (%s)", code, name);
	else
		snprintf(lead, sizeof lead, "%s", code);
	page_field(d, _("Lead agency"), lead);
	detail_marking(d, rec);
	if (rec_str(rec, "substitution")[0])
		page_field(d, _("Substitution"), label("substitution", rec_str(rec, "substitution")));
	page_field(d, _("Substitution note"), rec_str(rec, "substitution_note"));
	detail_envelope(d, rec);
}

static void case_doc(struct page *d, struct app *a, const cJSON *rec)
{
	const char *id = rec_str(rec, "id");
	page_text(d, ST_HEAD, 0, rec_str(rec, "title"));
	case_fields(d, a, rec);
	page_heading(d, _("Summary"));
	page_text(d, ST_NORMAL, 2, rec_str(rec, "summary")[0] ? rec_str(rec, "summary") : _("(none)"));
	route(d, a, rec);
	authorisations(d, rec);
	if (!strcmp(rec_str(rec, "type"), "controlled_delivery"))
		missing(d, a, rec);
	struct ids ids = { NULL, 0, 0 };
	page_heading(d, _("Entities"));
	add_children(d, a, &ids, "entity", id, entity_row);
	page_heading(d, _("Case log"));
	add_children(d, a, &ids, "log", id, log_row);
	page_heading(d, _("Checklists"));
	add_children(d, a, &ids, "checklist", id, checklist_row);
	page_heading(d, _("Links"));
	add_children(d, a, &ids, "link", id, link_row);
	trail(d, a, id, &ids);
	free(ids.id);
}

static int case_open(struct screen *s, struct app *a)
{
	cJSON *rec = detail_load(a, "case", s->arg);
	if (!rec)
		return -1;
	struct page d = { 0 };
	case_doc(&d, a, rec);
	detail_title(s, _("Case"), rec_str(rec, "ref")[0] ? rec_str(rec, "ref") : rec_str(rec, "title"));
	cJSON_Delete(rec);
	return pager_screen_open(s, a, &d);
}

const struct screen_ops case_screen = {
	"case", case_open, pager_screen_draw, pager_screen_key, pager_screen_close,
};

/* cases.c - see cases.h. */
#include "cases.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ident.h"
#include "refdata.h"
#include "store_int.h"
#include "util.h"

static const char *str(const cJSON *o, const char *name)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, name);
	return cJSON_IsString(v) ? v->valuestring : "";
}

int case_transition_ok(const char *from, const char *to)
{
	static const char *const allowed[][2] = {
		{ "open", "active" }, { "open", "closed" }, { "active", "suspended" }, { "active", "closed" },
		{ "suspended", "active" }, { "suspended", "closed" }, { "closed", "active" },
	};
	for (size_t i = 0; i < sizeof allowed / sizeof *allowed; i++)
		if (!strcmp(allowed[i][0], from) && !strcmp(allowed[i][1], to))
			return 1;
	return 0;
}

/* Runs fn inside one transaction (the caller's, or a new one). */
static int in_tx(struct store *st, int (*fn)(struct store *, void *, char *, size_t), void *arg, char *err,
		 size_t errlen)
{
	int began = store_tx_enter(st, err, errlen);
	if (began < 0)
		return -1;
	return store_tx_leave(st, began, fn(st, arg, err, errlen), err, errlen);
}

/* Appends a case log entry of kind entry with text. */
static int append_log(struct store *st, const char *case_id, const char *entry, const char *text, char *err,
		      size_t errlen)
{
	cJSON *rec = cJSON_CreateObject();
	cJSON_AddStringToObject(rec, "kind", "log");
	cJSON_AddStringToObject(rec, "parent", case_id);
	cJSON_AddStringToObject(rec, "entry", entry);
	cJSON_AddStringToObject(rec, "text", text);
	int rc = store_create(st, rec, NULL, err, errlen);
	cJSON_Delete(rec);
	return rc;
}

/* Loads the live case named key (id or ref). */
static cJSON *load_case(struct store *st, const char *key, char *err, size_t errlen)
{
	cJSON *kase = store_get(st, "case", key, err, errlen);
	if (kase && cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(kase, "deleted"))) {
		po_err(err, errlen, "case %s was deleted", key);
		cJSON_Delete(kase);
		return NULL;
	}
	return kase;
}

struct status_args {
	const char *case_id, *status, *reason;
};

static int set_status(struct store *st, void *arg, char *err, size_t errlen)
{
	struct status_args *a = arg;
	cJSON *kase = load_case(st, a->case_id, err, errlen);
	if (!kase)
		return -1;
	if (!strcmp(str(kase, "status"), a->status)) {
		po_err(err, errlen, "the case is already %s", a->status);
		cJSON_Delete(kase);
		return -1;
	}
	char text[PO_ERRLEN + 64], id[37];
	snprintf(text, sizeof text, "Status %s -> %s: %s", str(kase, "status"), a->status, a->reason);
	po_strlcpy(id, str(kase, "id"), sizeof id);
	cJSON_Delete(kase);
	cJSON *ch = cJSON_CreateObject();
	cJSON_AddStringToObject(ch, "status", a->status);
	int rc = store_update(st, id, ch, err, errlen);
	cJSON_Delete(ch);
	return rc == 0 ? append_log(st, id, "status", text, err, errlen) : -1;
}

int case_set_status(struct store *st, const char *case_id, const char *status, const char *reason,
		    char *err, size_t errlen)
{
	if (!reason || !*reason)
		return po_err(err, errlen, "a change of status needs a reason (it goes into the case log)");
	struct status_args a = { case_id, status, reason };
	return in_tx(st, set_status, &a, err, errlen);
}

/* Sets member name of obj to a string. */
static void put_str(cJSON *obj, const char *name, const char *value)
{
	cJSON_DeleteItemFromObjectCaseSensitive(obj, name);
	cJSON_AddStringToObject(obj, name, value);
}

/* The flag state of a vessel's MMSI, when it has one and no flag was given. */
static void enrich_vessel(struct store *st, cJSON *rec)
{
	char mmsi[16], country[100];
	int mid;
	if (*str(rec, "flag") || !*str(rec, "mmsi"))
		return;
	if (ident_mmsi(str(rec, "mmsi"), mmsi, sizeof mmsi, &mid, NULL, NULL, 0) == 0 && mid &&
	    mid_country(st, mid, country, sizeof country) == 0)
		put_str(rec, "flag", country);
}

int entity_add(struct store *st, const char *case_id, const char *type, const cJSON *fields,
	       char id_out[37], char *err, size_t errlen)
{
	cJSON *kase = load_case(st, case_id, err, errlen);
	if (!kase)
		return -1;
	cJSON *rec = fields ? cJSON_Duplicate(fields, 1) : cJSON_CreateObject();
	put_str(rec, "kind", "entity");
	put_str(rec, "parent", str(kase, "id"));
	put_str(rec, "type", type);
	cJSON_Delete(kase);
	if (!strcmp(type, "vessel"))
		enrich_vessel(st, rec);
	int rc = store_create(st, rec, id_out, err, errlen);
	cJSON_Delete(rec);
	return rc;
}

int link_add(struct store *st, const char *case_id, const char *target, const char *note, char id_out[37],
	     char *err, size_t errlen)
{
	cJSON *kase = load_case(st, case_id, err, errlen);
	if (!kase)
		return -1;
	cJSON *t = store_get(st, NULL, target, err, errlen);
	const char *tk = t ? str(t, "kind") : "";
	int rc = -1;
	if (t && model_choice((const char *const[]){ "technique", "threat", "procedure", "case", NULL }, tk) < 0)
		po_err(err, errlen, "a case links to techniques, threats, procedures and cases, not to a %s", tk);
	else if (t && !strcmp(str(t, "id"), str(kase, "id")))
		po_err(err, errlen, "a case cannot link to itself");
	else if (t) {
		cJSON *rec = cJSON_CreateObject();
		put_str(rec, "kind", "link");
		put_str(rec, "parent", str(kase, "id"));
		put_str(rec, "target_kind", tk);
		put_str(rec, "target", str(t, "id"));
		if (note && *note)
			put_str(rec, "note", note);
		rc = store_create(st, rec, id_out, err, errlen);
		cJSON_Delete(rec);
	}
	cJSON_Delete(t);
	cJSON_Delete(kase);
	return rc;
}

int links_to(struct store *st, const char *target_id, int (*cb)(const cJSON *link, void *arg), void *arg,
	     char *err, size_t errlen)
{
	struct store_filter f = { "target", target_id };
	struct store_query q = { .kind = "link", .filters = &f, .nfilters = 1, .limit = 10000 };
	return store_list(st, &q, cb, arg, NULL, err, errlen);
}

int checklist_start(struct store *st, const char *case_id, const char *procedure, char id_out[37],
		    char *err, size_t errlen)
{
	cJSON *kase = load_case(st, case_id, err, errlen);
	if (!kase)
		return -1;
	cJSON *proc = store_get(st, "procedure", procedure, err, errlen);
	int rc = -1;
	if (proc && cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(proc, "deleted"))) {
		po_err(err, errlen, "procedure %s was deleted", procedure);
	} else if (proc) {
		cJSON *rec = cJSON_CreateObject();
		put_str(rec, "kind", "checklist");
		put_str(rec, "parent", str(kase, "id"));
		put_str(rec, "procedure", str(proc, "id"));
		put_str(rec, "procedure_code", str(proc, "code"));
		cJSON_AddNumberToObject(rec, "procedure_version",
					cJSON_GetObjectItemCaseSensitive(proc, "version")->valuedouble);
		rc = store_create(st, rec, id_out, err, errlen);
		cJSON_Delete(rec);
	}
	cJSON_Delete(proc);
	cJSON_Delete(kase);
	return rc;
}

/* A run and its procedure, loaded together. */
struct run {
	cJSON *run, *proc;
};

static int load_run(struct store *st, const char *run_id, struct run *r, char *err, size_t errlen)
{
	r->run = store_get(st, "checklist", run_id, err, errlen);
	r->proc = r->run ? store_get(st, "procedure", str(r->run, "procedure"), err, errlen) : NULL;
	if (r->run && !r->proc)
		po_err(err, errlen, "the procedure of checklist %s is not in this store", run_id);
	return r->proc ? 0 : -1;
}

static void free_run(struct run *r)
{
	cJSON_Delete(r->run);
	cJSON_Delete(r->proc);
}

/* The latest mark of every step of a run, by step number (array of cJSON* of size max+1). */
struct marks {
	const cJSON *latest[1000];
	cJSON *all;
};

static int keep_mark(const cJSON *rec, void *arg)
{
	struct marks *m = arg;
	cJSON *copy = cJSON_Duplicate(rec, 1);
	cJSON_AddItemToArray(m->all, copy);
	const cJSON *n = cJSON_GetObjectItemCaseSensitive(copy, "n");
	if (cJSON_IsNumber(n) && n->valueint > 0 && n->valueint < 1000)
		m->latest[n->valueint] = copy; /* oldest first: the last one wins */
	return 0;
}

static int load_marks(struct store *st, const char *run_id, struct marks *m, char *err, size_t errlen)
{
	memset(m->latest, 0, sizeof m->latest);
	m->all = cJSON_CreateArray();
	struct store_query q = { .kind = "step", .parent = run_id, .limit = 10000 };
	return store_list(st, &q, keep_mark, m, NULL, err, errlen) < 0 ? -1 : 0;
}

int checklist_steps(struct store *st, const char *run_id, int (*cb)(const struct checklist_step *s, void *arg),
		    void *arg, char *err, size_t errlen)
{
	struct run r;
	struct marks m;
	if (load_run(st, run_id, &r, err, errlen) != 0) {
		free_run(&r);
		return -1;
	}
	int open = load_marks(st, str(r.run, "id"), &m, err, errlen);
	const cJSON *step;
	cJSON_ArrayForEach(step, cJSON_GetObjectItemCaseSensitive(r.proc, "steps")) {
		if (open < 0)
			break;
		int n = cJSON_GetObjectItemCaseSensitive(step, "n")->valueint;
		const cJSON *mark = n > 0 && n < 1000 ? m.latest[n] : NULL;
		struct checklist_step s = { n, str(step, "text_es"), str(step, "text_en"), str(step, "role"),
					    cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(step, "mandatory")),
					    mark ? str(mark, "state") : "", mark ? str(mark, "created_by") : "",
					    mark ? str(mark, "agency") : "", mark ? str(mark, "created_at") : "",
					    mark ? str(mark, "note") : "" };
		if (s.mandatory && strcmp(s.state, "done") && strcmp(s.state, "na"))
			open++;
		if (cb && cb(&s, arg))
			break;
	}
	cJSON_Delete(m.all);
	free_run(&r);
	return open;
}

/* Whether step n exists in the procedure. */
static int has_step(const cJSON *proc, int n)
{
	const cJSON *step;
	cJSON_ArrayForEach(step, cJSON_GetObjectItemCaseSensitive(proc, "steps"))
		if (cJSON_GetObjectItemCaseSensitive(step, "n")->valueint == n)
			return 1;
	return 0;
}

struct mark_args {
	const char *run_id, *state, *note;
	int n;
};

/* Marks the run complete when nothing mandatory is open and this store owns the case. */
static int maybe_complete(struct store *st, const cJSON *run, char *err, size_t errlen)
{
	cJSON *kase = store_get(st, "case", str(run, "parent"), err, errlen);
	int mine = kase && !strcmp(str(kase, "owner"), store_agency(st));
	cJSON_Delete(kase);
	if (!mine || !strcmp(str(run, "status"), "complete"))
		return 0;
	int open = checklist_steps(st, str(run, "id"), NULL, NULL, err, errlen);
	if (open != 0)
		return open < 0 ? -1 : 0;
	cJSON *ch = cJSON_CreateObject();
	cJSON_AddStringToObject(ch, "status", "complete");
	int rc = store_update(st, str(run, "id"), ch, err, errlen);
	cJSON_Delete(ch);
	return rc;
}

static int mark(struct store *st, void *arg, char *err, size_t errlen)
{
	struct mark_args *a = arg;
	struct run r;
	int rc = load_run(st, a->run_id, &r, err, errlen);
	if (rc == 0 && !has_step(r.proc, a->n))
		rc = po_err(err, errlen, "procedure %s has no step %d", str(r.proc, "code"), a->n);
	if (rc == 0) {
		cJSON *rec = cJSON_CreateObject();
		put_str(rec, "kind", "step");
		put_str(rec, "parent", str(r.run, "id"));
		cJSON_AddNumberToObject(rec, "n", a->n);
		put_str(rec, "state", a->state);
		if (a->note && *a->note)
			put_str(rec, "note", a->note);
		rc = store_create(st, rec, NULL, err, errlen);
		cJSON_Delete(rec);
	}
	if (rc == 0)
		rc = maybe_complete(st, r.run, err, errlen);
	free_run(&r);
	return rc;
}

int checklist_mark(struct store *st, const char *run_id, int n, const char *state, const char *note,
		   char *err, size_t errlen)
{
	struct mark_args a = { run_id, state, note, n };
	return in_tx(st, mark, &a, err, errlen);
}

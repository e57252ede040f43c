/* bulletins.c - the life cycle of information bulletins (bulletins.h). */
#include "bulletins.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store_int.h"
#include "util.h"

/* Non-zero while this module writes a transition through store_update. Thread-local: the sync
 * worker owns its own connection and must never inherit a pass. */
static _Thread_local int transition_pass;

/* Fields that only issuing, withdrawing and correcting set. */
static const char *const lifecycle_fields[] = {
	"status", "number", "issued_at", "withdraw_reason", "version", "supersedes", NULL,
};
/* The subset that a transition of an issued bulletin writes. */
static const char *const transition_fields[] = {
	"status", "number", "issued_at", "withdraw_reason", NULL,
};
/* The kinds a bulletin cites. */
static const char *const citable[] = { "threat", "case", "technique", NULL };

static const char *str_of(const cJSON *rec, const char *name)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(rec, name);
	return cJSON_IsString(v) ? v->valuestring : "";
}

static long version_of(const cJSON *rec)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(rec, "version");
	return cJSON_IsNumber(v) && v->valuedouble >= 1 ? (long)v->valuedouble : 1;
}

enum bulletin_status bulletin_status_of(const cJSON *rec)
{
	const char *s = str_of(rec, "status");
	if (!strcmp(s, "draft"))
		return BULLETIN_DRAFT;
	if (!strcmp(s, "issued"))
		return BULLETIN_ISSUED;
	if (!strcmp(s, "withdrawn"))
		return BULLETIN_WITHDRAWN;
	return BULLETIN_UNKNOWN;
}

int bulletin_tlp_rank(const char *tlp)
{
	return model_choice(model_tlp, tlp);
}

/* The name of rec in messages: its number, or its id for a draft. */
static const char *name_of(const cJSON *rec)
{
	return *str_of(rec, "number") ? str_of(rec, "number") : str_of(rec, "id");
}

/* Writes why rec (not a draft) can no longer change; returns -1. */
static int frozen(const cJSON *rec, char *err, size_t errlen)
{
	if (bulletin_status_of(rec) == BULLETIN_WITHDRAWN)
		return po_err(err, errlen, "the bulletin %s is withdrawn and never changes", name_of(rec));
	return po_err(err, errlen, "the bulletin %s is issued and can no longer be edited;"
		      " make a correction (a new version) instead", name_of(rec));
}

int bulletin_guard_update(const struct kind_def *k, const cJSON *rec, const cJSON *changes,
			  char *err, size_t errlen)
{
	if (strcmp(k->name, "bulletin") != 0)
		return 0;
	int draft = bulletin_status_of(rec) == BULLETIN_DRAFT;
	const cJSON *m;
	cJSON_ArrayForEach(m, changes) {
		if (transition_pass) {
			if (model_choice(transition_fields, m->string) < 0)
				return po_err(err, errlen, "%s: not part of a bulletin transition", m->string);
		} else if (!draft) {
			return frozen(rec, err, errlen);
		} else if (model_choice(lifecycle_fields, m->string) >= 0) {
			return po_err(err, errlen, "%s: set by issuing, withdrawing or correcting the bulletin,"
				      " never edited", m->string);
		}
	}
	return 0;
}

/* Applies changes to the bulletin id as a transition (bulletin_guard_update lets it through). */
static int transition(struct store *st, const char *id, const cJSON *changes, char *err, size_t errlen)
{
	transition_pass = 1;
	int rc = store_update(st, id, changes, err, errlen);
	transition_pass = 0;
	return rc;
}

/* Loads the bulletin named by key (id or number) for a change made here: it exists, is not
 * deleted and belongs to this store's agency. NULL with err otherwise; the caller frees. */
static cJSON *load_own(struct store *st, const char *key, char *err, size_t errlen)
{
	cJSON *rec = store_get(st, "bulletin", key, err, errlen);
	if (!rec)
		return NULL;
	int rc = 0;
	if (cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(rec, "deleted")))
		rc = po_err(err, errlen, "the bulletin %s was deleted", name_of(rec));
	else if (strcmp(str_of(rec, "owner"), store_agency(st)) != 0)
		rc = po_err(err, errlen, "the bulletin %s belongs to %s; only its owner changes it",
			    name_of(rec), str_of(rec, "owner"));
	if (rc != 0) {
		cJSON_Delete(rec);
		return NULL;
	}
	return rec;
}

/* Runs op on the bulletin named by key inside one write transaction. */
typedef int (*bulletin_op)(struct store *st, cJSON *rec, void *arg, char *err, size_t errlen);

static int with_bulletin(struct store *st, const char *key, bulletin_op op, void *arg, char *err, size_t errlen)
{
	int began = store_tx_enter(st, err, errlen);
	if (began < 0)
		return -1;
	cJSON *rec = load_own(st, key, err, errlen);
	int rc = rec ? op(st, rec, arg, err, errlen) : -1;
	cJSON_Delete(rec);
	return store_tx_leave(st, began, rc, err, errlen);
}

int bulletin_create(struct store *st, cJSON *rec, char id_out[37], char *err, size_t errlen)
{
	for (int i = 0; lifecycle_fields[i]; i++) {
		const char *name = lifecycle_fields[i];
		const cJSON *v = cJSON_GetObjectItemCaseSensitive(rec, name);
		if (!v || cJSON_IsNull(v))
			continue;
		if (!strcmp(name, "status") && cJSON_IsString(v) && !strcmp(v->valuestring, "draft"))
			continue;
		if (!strcmp(name, "version") && cJSON_IsNumber(v) && v->valuedouble == 1)
			continue;
		return po_err(err, errlen, "%s: a new bulletin is a draft; it is set by issuing,"
			      " withdrawing or correcting it", name);
	}
	cJSON_DeleteItemFromObjectCaseSensitive(rec, "kind");
	cJSON_AddStringToObject(rec, "kind", "bulletin");
	return store_create(st, rec, id_out, err, errlen);
}

/* ---- numbers ---- */

/* The next "OWNER-YYYY-NNN" of the store's agency for the year of now. */
static int next_number(struct store *st, const char *now, char number[BULLETIN_NUMBER_MAX],
		       char *err, size_t errlen)
{
	char prefix[32];
	snprintf(prefix, sizeof prefix, "%s-%.4s-", store_agency(st), now);
	sqlite3_stmt *s = store_stmt(st, "SELECT coalesce(max(CAST(substr(ref, length(?1) + 1) AS INTEGER)), 0)"
				     " FROM bulletins WHERE owner=?2 AND substr(ref, 1, length(?1))=?1",
				     err, errlen);
	if (!s)
		return -1;
	sqlite3_bind_text(s, 1, prefix, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, store_agency(st), -1, SQLITE_STATIC);
	int rc = sqlite3_step(s);
	long last = rc == SQLITE_ROW ? (long)sqlite3_column_int64(s, 0) : -1;
	sqlite3_reset(s);
	if (last < 0)
		return store_sqlerr(st, "cannot number the bulletin", err, errlen);
	int n = snprintf(number, BULLETIN_NUMBER_MAX, "%s%03ld", prefix, last + 1);
	if (n < 0 || n >= BULLETIN_NUMBER_MAX)
		return po_err(err, errlen, "number: %s%ld is too long", prefix, last + 1);
	return 0;
}

/* The number of a correction: the number of the first version (the one rec supersedes, without
 * its "-vN") with "-v" and rec's version. Returns 1 when rec is not a correction or the
 * superseded bulletin is not known here (a fresh number is used), 0 when written, -1 on error. */
static int correction_number(struct store *st, const cJSON *rec, char number[BULLETIN_NUMBER_MAX])
{
	const char *old_id = str_of(rec, "supersedes");
	if (!*old_id)
		return 1;
	cJSON *old = store_get(st, "bulletin", old_id, NULL, 0);
	const char *old_number = old ? str_of(old, "number") : "";
	size_t base = strlen(old_number);
	const char *v = strstr(old_number, "-v");
	if (v)
		base = (size_t)(v - old_number);
	int rc = 1;
	if (base && snprintf(number, BULLETIN_NUMBER_MAX, "%.*s-v%ld", (int)base, old_number,
			     version_of(rec)) < BULLETIN_NUMBER_MAX)
		rc = 0;
	cJSON_Delete(old);
	return rc;
}

/* ---- issue, withdraw, correct ---- */

static int issue_op(struct store *st, cJSON *rec, void *arg, char *err, size_t errlen)
{
	char *number_out = arg;
	enum bulletin_status s = bulletin_status_of(rec);
	if (s == BULLETIN_ISSUED)
		return po_err(err, errlen, "the bulletin %s is already issued", name_of(rec));
	if (s == BULLETIN_WITHDRAWN)
		return po_err(err, errlen, "the bulletin %s is withdrawn and is never issued again;"
			      " make a correction (a new version) instead", name_of(rec));
	char now[21], number[BULLETIN_NUMBER_MAX];
	po_now(now);
	int c = correction_number(st, rec, number);
	if (c == 1 && next_number(st, now, number, err, errlen) != 0)
		return -1;
	cJSON *changes = cJSON_CreateObject();
	cJSON_AddStringToObject(changes, "status", "issued");
	cJSON_AddStringToObject(changes, "number", number);
	cJSON_AddStringToObject(changes, "issued_at", now);
	int rc = transition(st, str_of(rec, "id"), changes, err, errlen);
	cJSON_Delete(changes);
	if (rc == 0 && number_out)
		po_strlcpy(number_out, number, BULLETIN_NUMBER_MAX);
	return rc;
}

int bulletin_issue(struct store *st, const char *id, char number_out[BULLETIN_NUMBER_MAX],
		   char *err, size_t errlen)
{
	return with_bulletin(st, id, issue_op, number_out, err, errlen);
}

/* Non-zero when s holds something other than white space. */
static int has_text(const char *s)
{
	for (; s && *s; s++)
		if (*s != ' ' && *s != '\t' && *s != '\n' && *s != '\r')
			return 1;
	return 0;
}

static int withdraw_op(struct store *st, cJSON *rec, void *arg, char *err, size_t errlen)
{
	const char *reason = arg;
	enum bulletin_status s = bulletin_status_of(rec);
	if (s == BULLETIN_DRAFT)
		return po_err(err, errlen, "the bulletin %s is a draft: only an issued bulletin is"
			      " withdrawn (delete the draft instead)", name_of(rec));
	if (s != BULLETIN_ISSUED)
		return po_err(err, errlen, "the bulletin %s is already withdrawn", name_of(rec));
	cJSON *changes = cJSON_CreateObject();
	cJSON_AddStringToObject(changes, "status", "withdrawn");
	cJSON_AddStringToObject(changes, "withdraw_reason", reason);
	int rc = transition(st, str_of(rec, "id"), changes, err, errlen);
	cJSON_Delete(changes);
	return rc;
}

int bulletin_withdraw(struct store *st, const char *id, const char *reason, char *err, size_t errlen)
{
	if (!has_text(reason))
		return po_err(err, errlen, "withdraw_reason: a withdrawal needs a reason");
	return with_bulletin(st, id, withdraw_op, (void *)reason, err, errlen);
}

/* Sets *found to the id of a correction of id (a bulletin that supersedes it), if any. */
static int find_correction(const cJSON *rec, void *arg)
{
	po_strlcpy(arg, str_of(rec, "id"), 37);
	return 1;
}

/* A new draft with the content and releasability of old, one version later. */
static cJSON *correction_of(const cJSON *old)
{
	static const char *const envelope[] = { "tlp", "share", "share_with", NULL };
	cJSON *rec = cJSON_CreateObject();
	cJSON_AddStringToObject(rec, "kind", "bulletin");
	for (int i = 0; envelope[i]; i++) {
		const cJSON *v = cJSON_GetObjectItemCaseSensitive(old, envelope[i]);
		if (v)
			cJSON_AddItemToObject(rec, envelope[i], cJSON_Duplicate(v, 1));
	}
	for (const struct field_def *f = model_kind("bulletin")->fields; f->name; f++) {
		const cJSON *v = cJSON_GetObjectItemCaseSensitive(old, f->name);
		if (v && model_choice(lifecycle_fields, f->name) < 0)
			cJSON_AddItemToObject(rec, f->name, cJSON_Duplicate(v, 1));
	}
	cJSON_AddStringToObject(rec, "status", "draft");
	cJSON_AddNumberToObject(rec, "version", (double)(version_of(old) + 1));
	cJSON_AddStringToObject(rec, "supersedes", str_of(old, "id"));
	return rec;
}

static int correct_op(struct store *st, cJSON *old, void *arg, char *err, size_t errlen)
{
	char *new_id = arg;
	if (bulletin_status_of(old) == BULLETIN_DRAFT)
		return po_err(err, errlen, "the bulletin %s is a draft: edit it instead of correcting it",
			      name_of(old));
	char found[37] = "";
	struct store_filter f = { "supersedes", str_of(old, "id") };
	struct store_query q = { .kind = "bulletin", .filters = &f, .nfilters = 1, .limit = 1 };
	if (store_list(st, &q, find_correction, found, NULL, err, errlen) < 0)
		return -1;
	if (*found)
		return po_err(err, errlen, "the bulletin %s already has a correction (%s); correct that one",
			      name_of(old), found);
	if (version_of(old) >= 999)
		return po_err(err, errlen, "version: the bulletin %s has reached the last version", name_of(old));
	cJSON *rec = correction_of(old);
	int rc = store_create(st, rec, new_id, err, errlen);
	cJSON_Delete(rec);
	return rc;
}

int bulletin_correct(struct store *st, const char *id, char new_id[37], char *err, size_t errlen)
{
	return with_bulletin(st, id, correct_op, new_id, err, errlen);
}

/* ---- citations ---- */

void bulletin_cited_text(const cJSON *rec, const char *lang, const char **title, const char **summary)
{
	const struct kind_def *k = model_kind(str_of(rec, "kind"));
	const struct field_def *tf = k ? model_title_field(k, lang) : NULL;
	char desc[32];
	snprintf(desc, sizeof desc, "description_%s", !strcmp(lang, "en") ? "en" : "es");
	*title = tf ? str_of(rec, tf->name) : "";
	*summary = *str_of(rec, "summary") ? str_of(rec, "summary") : str_of(rec, desc);
}

/* Non-zero when the array arr holds the string s. */
static int holds(const cJSON *arr, const char *s)
{
	const cJSON *it;
	cJSON_ArrayForEach(it, arr)
		if (cJSON_IsString(it) && !strcmp(it->valuestring, s))
			return 1;
	return 0;
}

/* Appends to sections the pulled text of target, cited by the bulletin b. */
static int pull_section(const cJSON *b, const cJSON *target, cJSON *sections, char *err, size_t errlen)
{
	if (bulletin_tlp_rank(str_of(target, "tlp")) > bulletin_tlp_rank(str_of(b, "tlp")))
		return po_err(err, errlen, "%s is TLP:%s, stricter than the bulletin's TLP:%s; its text cannot"
			      " be copied into the bulletin", name_of(target), str_of(target, "tlp"),
			      str_of(b, "tlp"));
	const char *title, *summary;
	bulletin_cited_text(target, str_of(b, "lang"), &title, &summary);
	cJSON *row = cJSON_CreateObject();
	cJSON_AddStringToObject(row, "heading", *title ? title : str_of(target, "id"));
	if (*summary)
		cJSON_AddStringToObject(row, "body", summary);
	cJSON_AddItemToArray(sections, row);
	return 0;
}

/* Resolves ref to a citable record, adds its id to cites and, with pull, its text to sections. */
static int cite_one(struct store *st, const cJSON *b, const char *ref, int pull, cJSON *cites,
		    cJSON *sections, char *err, size_t errlen)
{
	cJSON *target = store_get(st, NULL, ref, err, errlen);
	if (!target)
		return -1;
	int rc = 0;
	if (model_choice(citable, str_of(target, "kind")) < 0)
		rc = po_err(err, errlen, "%s: a bulletin cites threats, cases and techniques, not a %s", ref,
			    str_of(target, "kind"));
	else if (cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(target, "deleted")))
		rc = po_err(err, errlen, "%s: the %s was deleted", ref, str_of(target, "kind"));
	else if (!holds(cites, str_of(target, "id"))) {
		cJSON_AddItemToArray(cites, cJSON_CreateString(str_of(target, "id")));
		if (pull)
			rc = pull_section(b, target, sections, err, errlen);
	}
	cJSON_Delete(target);
	return rc;
}

struct cite_args {
	const char *const *refs; /* records to cite */
	size_t n;
	int pull;                /* copy their text in */
};

/* An array member of rec duplicated, or a new empty array. */
static cJSON *array_copy(const cJSON *rec, const char *name)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(rec, name);
	return cJSON_IsArray(v) ? cJSON_Duplicate(v, 1) : cJSON_CreateArray();
}

static int cite_op(struct store *st, cJSON *b, void *arg, char *err, size_t errlen)
{
	struct cite_args *a = arg;
	if (bulletin_status_of(b) != BULLETIN_DRAFT)
		return frozen(b, err, errlen);
	cJSON *changes = cJSON_CreateObject();
	cJSON *cites = array_copy(b, "cites"), *sections = array_copy(b, "sections");
	cJSON_AddItemToObject(changes, "cites", cites);
	int rc = 0;
	for (size_t i = 0; rc == 0 && i < a->n; i++)
		rc = cite_one(st, b, a->refs[i], a->pull, cites, sections, err, errlen);
	if (a->pull)
		cJSON_AddItemToObject(changes, "sections", sections);
	else
		cJSON_Delete(sections);
	if (rc == 0)
		rc = store_update(st, str_of(b, "id"), changes, err, errlen);
	cJSON_Delete(changes);
	return rc;
}

int bulletin_cite(struct store *st, const char *id, const char *const *refs, size_t n, int pull,
		  char *err, size_t errlen)
{
	struct cite_args a = { refs, n, pull };
	return with_bulletin(st, id, cite_op, &a, err, errlen);
}

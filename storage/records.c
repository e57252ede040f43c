/* records.c - create, read, update, delete and list records of every kind (store.h).
 * Each kind has its own table (schema.c): the envelope in columns, the kind's fields as a JSON
 * body, plus the reference and title copied out for look-ups and lists. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "net/codec.h"
#include "bulletins.h"
#include "cases.h"
#include "ident.h"
#include "journal.h"
#include "kindsql.h"
#include "releasability.h"
#include "search.h"
#include "store_int.h"
#include "util.h"

#define RECORD_COLS "id, owner, rev, tlp, share, share_with, created_at, created_by, updated_at," \
		    " updated_by, deleted, body"
#define CHILD_COLS "id, parent, owner, rev, created_at, created_by, updated_at, updated_by," \
		   " deleted, body"

const char *store_columns(const struct kind_def *k)
{
	return k->cls == KC_RECORD ? RECORD_COLS : CHILD_COLS;
}

static const char *col_text(sqlite3_stmt *s, int i)
{
	const unsigned char *t = sqlite3_column_text(s, i);
	return t ? (const char *)t : "";
}

cJSON *store_row_record(const struct kind_def *k, sqlite3_stmt *s)
{
	int body_col = k->cls == KC_RECORD ? 11 : 9;
	cJSON *body = cJSON_Parse(col_text(s, body_col));
	cJSON *rec = cJSON_CreateObject();
	if (!rec || !body) {
		cJSON_Delete(rec);
		cJSON_Delete(body);
		return NULL;
	}
	int c = 0;
	cJSON_AddStringToObject(rec, "id", col_text(s, c++));
	cJSON_AddStringToObject(rec, "kind", k->name);
	if (k->cls == KC_CHILD)
		cJSON_AddStringToObject(rec, "parent", col_text(s, c++));
	cJSON_AddStringToObject(rec, "owner", col_text(s, c++));
	cJSON_AddNumberToObject(rec, "rev", (double)sqlite3_column_int64(s, c++));
	if (k->cls == KC_RECORD) {
		cJSON_AddStringToObject(rec, "tlp", col_text(s, c++));
		cJSON_AddStringToObject(rec, "share", col_text(s, c++));
		cJSON *with = cJSON_Parse(col_text(s, c++));
		cJSON_AddItemToObject(rec, "share_with", with ? with : cJSON_CreateArray());
	}
	const char *names[] = { "created_at", "created_by", "updated_at", "updated_by" };
	for (size_t i = 0; i < 4; i++)
		cJSON_AddStringToObject(rec, names[i], col_text(s, c++));
	cJSON_AddBoolToObject(rec, "deleted", sqlite3_column_int(s, c));
	cJSON *m = body->child;
	while (m) {
		cJSON *next = m->next;
		cJSON_AddItemToObject(rec, m->string, cJSON_DetachItemViaPointer(body, m));
		m = next;
	}
	cJSON_Delete(body);
	return rec;
}

/* Selects one row of kind k by id; returns the record or NULL. */
static cJSON *get_by_id(struct store *st, const struct kind_def *k, const char *id)
{
	sqlite3_stmt *s = store_stmt(st, kind_sql(k, KS_GET), NULL, 0);
	if (!s)
		return NULL;
	sqlite3_bind_text(s, 1, id, -1, SQLITE_STATIC);
	cJSON *rec = sqlite3_step(s) == SQLITE_ROW ? store_row_record(k, s) : NULL;
	sqlite3_reset(s);
	return rec;
}

/* Finds records of kind k whose ref is ref; returns the record when exactly one, sets *many. */
static cJSON *get_by_ref(struct store *st, const struct kind_def *k, const char *ref, int *many)
{
	sqlite3_stmt *s = store_stmt(st, kind_sql(k, KS_REF), NULL, 0);
	if (!s)
		return NULL;
	sqlite3_bind_text(s, 1, ref, -1, SQLITE_STATIC);
	cJSON *rec = NULL;
	if (sqlite3_step(s) == SQLITE_ROW) {
		rec = store_row_record(k, s);
		if (sqlite3_step(s) == SQLITE_ROW)
			(*many)++;
	}
	sqlite3_reset(s);
	return rec;
}

cJSON *store_get(struct store *st, const char *kind, const char *key, char *err, size_t errlen)
{
	const struct kind_def *only = kind ? model_kind(kind) : NULL;
	if (kind && !only) {
		po_err(err, errlen, "unknown kind '%s'", kind);
		return NULL;
	}
	char uuid[40];
	if (ident_check(CK_UUID, key, uuid, sizeof uuid, NULL, 0) == 0) {
		const struct kind_def *k = only ? only : store_kind_of(st, uuid);
		cJSON *rec = k ? get_by_id(st, k, uuid) : NULL;
		if (!rec)
			po_err(err, errlen, "no record with id %s", uuid);
		return rec;
	}
	cJSON *found = NULL;
	int many = 0;
	for (const struct kind_def *k = model_kinds; k->name; k++) {
		if ((only && k != only) || !model_ref_field(k))
			continue;
		cJSON *rec = get_by_ref(st, k, key, &many);
		if (rec && found)
			many++;
		if (rec && !found)
			found = rec;
		else
			cJSON_Delete(rec);
	}
	if (many) {
		cJSON_Delete(found);
		po_err(err, errlen, "'%s' names more than one record; give the id", key);
		return NULL;
	}
	if (!found)
		po_err(err, errlen, "no record called '%s'", key);
	return found;
}

/* Kind-specific defaults applied on create when the member is absent. */
static const struct {
	const char *kind, *field, *value;
} defaults[] = {
	{ "case", "status", "open" },
	{ "threat", "status", "active" },
	{ "bulletin", "status", "draft" },
	{ "bulletin", "lang", "es" },
	{ "checklist", "status", "open" },
	{ "log", "entry", "note" },
};

static void fill_defaults(const struct kind_def *k, cJSON *rec)
{
	for (size_t i = 0; i < sizeof defaults / sizeof *defaults; i++)
		if (!strcmp(defaults[i].kind, k->name) && !cJSON_GetObjectItemCaseSensitive(rec, defaults[i].field))
			cJSON_AddStringToObject(rec, defaults[i].field, defaults[i].value);
}

/* Sets member name of rec to a string unless present. */
static void default_string(cJSON *rec, const char *name, const char *value)
{
	if (!cJSON_GetObjectItemCaseSensitive(rec, name))
		cJSON_AddStringToObject(rec, name, value);
}

static const char *get_str(const cJSON *rec, const char *name)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(rec, name);
	return cJSON_IsString(v) ? v->valuestring : NULL;
}

/* Gives a case without a ref the next "PREFIX-YYYY-NNNN", PREFIX its port or the agency. */
static int assign_case_ref(struct store *st, cJSON *rec, char *err, size_t errlen)
{
	if (get_str(rec, "ref"))
		return 0;
	const char *prefix = get_str(rec, "port") ? get_str(rec, "port") : store_agency(st);
	char now[21], like[64], ref[96];
	po_now(now);
	snprintf(like, sizeof like, "%s-%.4s-", prefix, now);
	sqlite3_stmt *s = store_stmt(st, "SELECT coalesce(max(CAST(substr(ref, length(?1) + 1) AS INTEGER)), 0)"
				     " FROM cases WHERE ref LIKE ?1 || '%'", err, errlen);
	if (!s)
		return -1;
	sqlite3_bind_text(s, 1, like, -1, SQLITE_STATIC);
	long next = sqlite3_step(s) == SQLITE_ROW ? sqlite3_column_int64(s, 0) + 1 : 1;
	sqlite3_reset(s);
	snprintf(ref, sizeof ref, "%s%04ld", like, next);
	cJSON_AddStringToObject(rec, "ref", ref);
	return 0;
}

/* The root record of rec (rec itself for records), or NULL; *owned is set when rec is the root. */
static cJSON *root_of(struct store *st, const struct kind_def *k, const cJSON *rec, int *owned)
{
	*owned = k->cls == KC_RECORD;
	if (*owned)
		return (cJSON *)rec;
	const char *parent = get_str(rec, "parent");
	const struct kind_def *pk = model_kind(k->parent);
	cJSON *p = parent ? get_by_id(st, pk, parent) : NULL;
	if (!p || pk->cls == KC_RECORD)
		return p;
	cJSON *root = root_of(st, pk, p, owned);
	cJSON_Delete(p);
	return root;
}

/* Builds the body JSON text of rec: every member that is not in the envelope. */
static char *body_text(const cJSON *rec)
{
	cJSON *body = cJSON_CreateObject();
	const cJSON *m;
	cJSON_ArrayForEach(m, rec)
		if (!model_is_envelope(m->string) && !cJSON_IsNull(m))
			cJSON_AddItemToObject(body, m->string, cJSON_Duplicate(m, 1));
	char *text = cJSON_PrintUnformatted(body);
	cJSON_Delete(body);
	return text;
}

/* Display title of rec for the title column. */
static const char *title_of(const struct kind_def *k, const cJSON *rec)
{
	const struct field_def *f = model_title_field(k, "en");
	const char *t = f ? get_str(rec, f->name) : NULL;
	return t ? t : "";
}

int store_write_row(struct store *st, const struct kind_def *k, const cJSON *rec, int insert,
		     char *err, size_t errlen)
{
	const struct field_def *rf = model_ref_field(k);
	sqlite3_stmt *s = store_stmt(st, kind_sql(k, insert ? KS_INSERT : KS_UPDATE), err, errlen);
	if (!s)
		return -1;
	char *body = body_text(rec), *with = NULL;
	const cJSON *sw = cJSON_GetObjectItemCaseSensitive(rec, "share_with");
	with = sw && cJSON_IsArray(sw) ? cJSON_PrintUnformatted(sw) : strdup("[]");
	const char *text[] = { "id", "owner", NULL, "tlp", "share", NULL, "created_at", "created_by",
			       "updated_at", "updated_by" };
	for (int i = 0; i < 10; i++)
		if (text[i])
			sqlite3_bind_text(s, i + 1, get_str(rec, text[i]), -1, SQLITE_TRANSIENT);
	const cJSON *rev = cJSON_GetObjectItemCaseSensitive(rec, "rev");
	sqlite3_bind_int64(s, 3, cJSON_IsNumber(rev) ? (sqlite3_int64)rev->valuedouble : 0);
	sqlite3_bind_text(s, 6, with, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int(s, 11, cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(rec, "deleted")));
	sqlite3_bind_text(s, 12, body, -1, SQLITE_TRANSIENT);
	if (rf && get_str(rec, rf->name))
		sqlite3_bind_text(s, 13, get_str(rec, rf->name), -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(s, 14, title_of(k, rec), -1, SQLITE_TRANSIENT);
	if (k->cls == KC_CHILD)
		sqlite3_bind_text(s, 15, get_str(rec, "parent"), -1, SQLITE_TRANSIENT);
	int rc = sqlite3_step(s);
	sqlite3_reset(s);
	free(body);
	free(with);
	if (rc != SQLITE_DONE)
		return po_err(err, errlen, "cannot write the %s: %s", k->name, sqlite3_errmsg(store_db(st)));
	return 0;
}

/* Fills the envelope of a new record made here. */
static void fill_envelope(struct store *st, const struct kind_def *k, cJSON *rec, char id[37])
{
	char now[21];
	po_now(now);
	const char *given = get_str(rec, "id");
	if (given)
		po_strlcpy(id, given, 37);
	else
		po_uuid(id), cJSON_AddStringToObject(rec, "id", id);
	default_string(rec, "owner", store_agency(st));
	default_string(rec, "created_at", now);
	default_string(rec, "created_by", store_operator(st));
	default_string(rec, "updated_at", get_str(rec, "created_at"));
	default_string(rec, "updated_by", get_str(rec, "created_by"));
	if (k->cls == KC_RECORD) {
		default_string(rec, "tlp", "AMBER");
		default_string(rec, "share", "agency");
		if (!cJSON_GetObjectItemCaseSensitive(rec, "share_with"))
			cJSON_AddItemToObject(rec, "share_with", cJSON_CreateArray());
	}
	cJSON_DeleteItemFromObjectCaseSensitive(rec, "rev");
	cJSON_AddNumberToObject(rec, "rev", 0);
	cJSON_DeleteItemFromObjectCaseSensitive(rec, "deleted");
	cJSON_AddFalseToObject(rec, "deleted");
	if (!strcmp(k->name, "log"))
		default_string(rec, "agency", store_agency(st));
	if (!strcmp(k->name, "step"))
		default_string(rec, "agency", store_agency(st));
}

/* {name: {"base": null, "new": value}} for every field of a new record. */
static cJSON *creation_fields(const cJSON *rec)
{
	static const char *const skip[] = { "id", "kind", "rev", "parent", "owner", "deleted",
					    "created_at", "created_by", "updated_at", "updated_by", NULL };
	cJSON *fields = cJSON_CreateObject();
	const cJSON *m;
	cJSON_ArrayForEach(m, rec) {
		if (model_choice(skip, m->string) >= 0)
			continue;
		cJSON *pair = cJSON_AddObjectToObject(fields, m->string);
		cJSON_AddNullToObject(pair, "base");
		cJSON_AddItemToObject(pair, "new", cJSON_Duplicate(m, 1));
	}
	return fields;
}

/* Whether this store may write children of root: its owner, or anyone for appends. */
static int may_write(struct store *st, const struct kind_def *k, const cJSON *root, char *err, size_t errlen)
{
	const char *owner = get_str(root, "owner");
	if (k->write == KW_APPEND || (owner && strcmp(owner, store_agency(st)) == 0))
		return 0;
	return po_err(err, errlen, "this %s belongs to %s; only its owner edits it", model_root(k)->name,
		      owner ? owner : "another agency");
}

static int create_checked(struct store *st, const struct kind_def *k, cJSON *rec, char id[37],
			  char *err, size_t errlen)
{
	if (!*store_agency(st))
		return po_err(err, errlen, "the store has no agency yet (run 'portops init')");
	const char *owner = get_str(rec, "owner");
	if (owner && strcmp(owner, store_agency(st)) != 0)
		return po_err(err, errlen, "owner: records made here belong to %s", store_agency(st));
	fill_defaults(k, rec);
	fill_envelope(st, k, rec, id);
	if (!strcmp(k->name, "case") && assign_case_ref(st, rec, err, errlen) != 0)
		return -1;
	if (codec_check_record(rec, CODEC_FULL, err, errlen) != 0)
		return -1;
	if (!strcmp(k->name, "bulletin") && strcmp(get_str(rec, "status"), "draft") != 0)
		return po_err(err, errlen, "status: a bulletin is created as a draft and then issued");
	int owned;
	cJSON *root = root_of(st, k, rec, &owned);
	if (!root)
		return po_err(err, errlen, "parent: no %s with id %s", k->parent, get_str(rec, "parent"));
	int rc = rel_check(root, err, errlen);
	if (rc == 0 && cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(root, "deleted")))
		rc = po_err(err, errlen, "parent: the %s was deleted", model_root(k)->name);
	if (rc == 0 && !owned)
		rc = may_write(st, k, root, err, errlen);
	int local = !strcmp(get_str(root, "share") ? get_str(root, "share") : "", "local");
	if (!owned)
		cJSON_Delete(root);
	if (rc != 0 || store_write_row(st, k, rec, 1, err, errlen) != 0 || search_index(st, rec, err, errlen) != 0)
		return -1;
	cJSON *fields = creation_fields(rec);
	struct journal_change c = { k->name, id, get_str(rec, "parent"), 0,
				    k->write == KW_APPEND ? "append" : "upsert", fields, local };
	rc = journal_write(st, &c, err, errlen);
	cJSON_Delete(fields);
	return rc;
}

int store_create(struct store *st, cJSON *rec, char id_out[37], char *err, size_t errlen)
{
	const cJSON *kind = cJSON_GetObjectItemCaseSensitive(rec, "kind");
	const struct kind_def *k = cJSON_IsString(kind) ? model_kind(kind->valuestring) : NULL;
	if (!k)
		return po_err(err, errlen, "kind: missing or unknown");
	char id[37] = "";
	int began = store_tx_enter(st, err, errlen);
	if (began < 0)
		return -1;
	int rc = create_checked(st, k, rec, id, err, errlen);
	if (store_tx_leave(st, began, rc, err, errlen) != 0)
		return -1;
	if (id_out)
		memcpy(id_out, id, 37);
	return 0;
}

/* Adds {base, new} for name to fields when cur and val differ; applies val to rec. */
static void note_change(cJSON *rec, cJSON *fields, const char *name, const cJSON *val)
{
	cJSON *cur = cJSON_GetObjectItemCaseSensitive(rec, name);
	if (cur ? cJSON_Compare(cur, val, 1) : cJSON_IsNull(val))
		return;
	cJSON *pair = cJSON_AddObjectToObject(fields, name);
	cJSON_AddItemToObject(pair, "base", cur ? cJSON_Duplicate(cur, 1) : cJSON_CreateNull());
	cJSON_AddItemToObject(pair, "new", cJSON_Duplicate(val, 1));
	if (cur)
		cJSON_ReplaceItemViaPointer(rec, cur, cJSON_Duplicate(val, 1));
	else
		cJSON_AddItemToObject(rec, name, cJSON_Duplicate(val, 1));
}

/* Checks and collects the changes into fields, applying them to rec. */
static int collect_changes(const struct kind_def *k, cJSON *rec, const cJSON *changes, cJSON *fields,
			   char *err, size_t errlen)
{
	static const char *const editable_envelope[] = { "tlp", "share", "share_with", NULL };
	if (bulletin_guard_update(k, rec, changes, err, errlen) != 0) /* issued bulletins are frozen */
		return -1;
	const cJSON *m;
	cJSON_ArrayForEach(m, changes) {
		if (model_is_envelope(m->string) && model_choice(editable_envelope, m->string) < 0)
			return po_err(err, errlen, "%s: cannot be edited", m->string);
		const struct field_def *f = model_field(k->fields, m->string);
		if (f && (f->flags & FF_FIXED))
			return po_err(err, errlen, "%s: set when the %s is created and never changed", m->string, k->name);
		cJSON *val = cJSON_Duplicate(m, 1);
		int rc = codec_check_member(k, m->string, val, err, errlen);
		if (rc == 0 && !strcmp(k->name, "case") && !strcmp(m->string, "status") && cJSON_IsString(val) &&
		    strcmp(get_str(rec, "status"), val->valuestring) != 0 &&
		    !case_transition_ok(get_str(rec, "status"), val->valuestring))
			rc = po_err(err, errlen, "status: a case cannot go from %s to %s", get_str(rec, "status"),
				    val->valuestring);
		if (rc == 0 && f && (f->flags & FF_REQUIRED) && (cJSON_IsNull(val) ||
								  (cJSON_IsString(val) && !*val->valuestring)))
			rc = po_err(err, errlen, "%s: required", m->string);
		if (rc == 0)
			note_change(rec, fields, m->string, val);
		cJSON_Delete(val);
		if (rc != 0)
			return -1;
	}
	return 0;
}

/* Loads the record with id for a local write: exists, not deleted, writable here. */
static cJSON *load_writable(struct store *st, const char *id, const struct kind_def **kp, char *err, size_t errlen)
{
	const struct kind_def *k = store_kind_of(st, id);
	cJSON *rec = k ? get_by_id(st, k, id) : NULL;
	if (!rec) {
		po_err(err, errlen, "no record with id %s", id);
		return NULL;
	}
	int owned, rc = 0;
	cJSON *root = root_of(st, k, rec, &owned);
	if (cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(rec, "deleted")))
		rc = po_err(err, errlen, "the %s was deleted", k->name);
	else if (k->write == KW_APPEND)
		rc = po_err(err, errlen, "a %s entry is never edited; append a new entry that amends it", k->name);
	else if (!root)
		rc = po_err(err, errlen, "the %s has lost its parent", k->name);
	else
		rc = may_write(st, k, root, err, errlen);
	if (!owned)
		cJSON_Delete(root);
	if (rc != 0) {
		cJSON_Delete(rec);
		return NULL;
	}
	*kp = k;
	return rec;
}

/* Stamps rec as updated now by this operator. */
static void touch(struct store *st, cJSON *rec)
{
	char now[21];
	po_now(now);
	cJSON_ReplaceItemInObjectCaseSensitive(rec, "updated_at", cJSON_CreateString(now));
	cJSON_ReplaceItemInObjectCaseSensitive(rec, "updated_by", cJSON_CreateString(store_operator(st)));
}

static int is_local(struct store *st, const struct kind_def *k, const cJSON *rec)
{
	int owned;
	cJSON *root = root_of(st, k, rec, &owned);
	int local = root && get_str(root, "share") && !strcmp(get_str(root, "share"), "local");
	if (!owned)
		cJSON_Delete(root);
	return local;
}

static int update_checked(struct store *st, const char *id, const cJSON *changes, char *err, size_t errlen)
{
	const struct kind_def *k;
	cJSON *rec = load_writable(st, id, &k, err, errlen);
	if (!rec)
		return -1;
	long base = (long)cJSON_GetObjectItemCaseSensitive(rec, "rev")->valuedouble;
	int was_local = is_local(st, k, rec);
	cJSON *fields = cJSON_CreateObject();
	int rc = collect_changes(k, rec, changes, fields, err, errlen);
	if (rc == 0 && k->cls == KC_RECORD)
		rc = rel_check(rec, err, errlen);
	if (rc == 0 && fields->child) {
		touch(st, rec);
		/* A record leaving share=local is sent whole, as if new. */
		if (was_local && !is_local(st, k, rec)) {
			cJSON_Delete(fields);
			fields = creation_fields(rec);
		}
		struct journal_change c = { k->name, id, get_str(rec, "parent"), base, "upsert", fields,
					    is_local(st, k, rec) };
		if (store_write_row(st, k, rec, 0, err, errlen) != 0 || search_index(st, rec, err, errlen) != 0 ||
		    journal_write(st, &c, err, errlen) != 0)
			rc = -1;
	}
	cJSON_Delete(fields);
	cJSON_Delete(rec);
	return rc;
}

int store_update(struct store *st, const char *id, const cJSON *changes, char *err, size_t errlen)
{
	if (!cJSON_IsObject(changes))
		return po_err(err, errlen, "changes: expected an object");
	int began = store_tx_enter(st, err, errlen);
	if (began < 0)
		return -1;
	int rc = update_checked(st, id, changes, err, errlen);
	return store_tx_leave(st, began, rc, err, errlen);
}

static int delete_checked(struct store *st, const char *id, char *err, size_t errlen)
{
	const struct kind_def *k;
	cJSON *rec = load_writable(st, id, &k, err, errlen);
	if (!rec)
		return -1;
	if (!strcmp(k->name, "bulletin") && strcmp(get_str(rec, "status"), "draft") != 0) {
		cJSON_Delete(rec);
		return po_err(err, errlen, "an issued bulletin is withdrawn, not deleted");
	}
	long base = (long)cJSON_GetObjectItemCaseSensitive(rec, "rev")->valuedouble;
	cJSON_ReplaceItemInObjectCaseSensitive(rec, "deleted", cJSON_CreateTrue());
	touch(st, rec);
	cJSON *fields = cJSON_CreateObject();
	struct journal_change c = { k->name, id, get_str(rec, "parent"), base, "delete", fields,
				    is_local(st, k, rec) };
	int rc = store_write_row(st, k, rec, 0, err, errlen) != 0 || search_unindex(st, id, err, errlen) != 0 ||
		 journal_write(st, &c, err, errlen) != 0 ? -1 : 0;
	cJSON_Delete(fields);
	cJSON_Delete(rec);
	return rc;
}

int store_delete(struct store *st, const char *id, char *err, size_t errlen)
{
	int began = store_tx_enter(st, err, errlen);
	if (began < 0)
		return -1;
	int rc = delete_checked(st, id, err, errlen);
	return store_tx_leave(st, began, rc, err, errlen);
}

/* merge.c - see merge.h. */
#include "merge.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "net/codec.h"
#include "storage/ident.h"
#include "storage/model.h"
#include "storage/releasability.h"
#include "storage/util.h"

/* What one application needs to know and collects. */
struct op {
	struct xstore *xs;
	const struct merge_who *who;
	cJSON *m;                    /* the mutation */
	const struct kind_def *k;    /* its kind */
	const char *id;              /* its record id */
	cJSON *result;               /* the result being built */
	char *err;                   /* store errors */
	size_t errlen;
};

/* Members a mutation may never set through fields. */
static const char *const forbidden[] = { "id", "kind", "rev", "owner", "parent", "created_at", "created_by",
					 "updated_at", "updated_by", "deleted", NULL };
static const char *const rel_fields[] = { "tlp", "share", "share_with", NULL };

static const char *str(const cJSON *o, const char *name)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, name);
	return cJSON_IsString(v) ? v->valuestring : NULL;
}

static int is_null(const cJSON *v)
{
	return !v || cJSON_IsNull(v);
}

enum merge_decision merge_field(const cJSON *cur, const cJSON *base, const cJSON *new_value)
{
	int same_base = is_null(cur) ? is_null(base) : !is_null(base) && cJSON_Compare(cur, base, 1);
	int same_new = is_null(cur) ? is_null(new_value) : !is_null(new_value) && cJSON_Compare(cur, new_value, 1);
	if (same_new)
		return MERGE_SAME;
	return same_base ? MERGE_APPLY : MERGE_CONFLICT;
}

cJSON *merge_envelope(const cJSON *root)
{
	cJSON *e = cJSON_CreateObject();
	const char *owner = str(root, "owner"), *share = str(root, "share");
	cJSON_AddStringToObject(e, "owner", owner ? owner : "");
	cJSON_AddStringToObject(e, "share", share ? share : "local");
	const cJSON *with = cJSON_GetObjectItemCaseSensitive(root, "share_with");
	cJSON_AddItemToObject(e, "share_with", cJSON_IsArray(with) ? cJSON_Duplicate(with, 1) : cJSON_CreateArray());
	return e;
}

cJSON *merge_root_of(struct xstore *xs, const char *id)
{
	char root[37];
	if (xs_record_root(xs, id, root) != 0)
		return NULL;
	return xs_record_get(xs, root);
}

/* Sets the result's status, code and message; returns -1 (the mutation is not applied). Callers
 * tell a rejection from a store failure by the result's status. */
static int reject(struct op *o, int code, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static int reject(struct op *o, int code, const char *fmt, ...)
{
	char msg[PO_ERRLEN];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	cJSON_ReplaceItemInObjectCaseSensitive(o->result, "status", cJSON_CreateString("rejected"));
	cJSON_AddNumberToObject(o->result, "code", code);
	cJSON_AddStringToObject(o->result, "error", msg);
	return -1;
}

static int rejected(const cJSON *result)
{
	const char *s = str(result, "status");
	return s && !strcmp(s, "rejected");
}

/* Marks the result applied with the record's new rev. */
static void applied(struct op *o, long rev)
{
	cJSON_ReplaceItemInObjectCaseSensitive(o->result, "status", cJSON_CreateString("applied"));
	cJSON_AddNumberToObject(o->result, "code", 200);
	cJSON_AddNumberToObject(o->result, "rev", (double)rev);
}

/* Writes rec (new rev already set) and its feed row; when the root's envelope changed, also a
 * feed row for every descendant, so that widening sends them to newly included agencies. */
static int write_change(struct op *o, cJSON *rec, const char *root, const cJSON *before, const cJSON *after);

static int feed_descendant(const char *id, void *arg)
{
	void **a = arg;
	struct op *o = a[0];
	return xs_feed_add(o->xs, "record", id, a[1], a[2], a[3], o->err, o->errlen) < 0;
}

static int write_change(struct op *o, cJSON *rec, const char *root, const cJSON *before, const cJSON *after)
{
	if (xs_record_put(o->xs, rec, root, o->err, o->errlen) != 0 ||
	    xs_feed_add(o->xs, "record", str(rec, "id"), root, before, after, o->err, o->errlen) < 0)
		return -1;
	if (!before || !after || cJSON_Compare(before, after, 1) || strcmp(root, str(rec, "id")) != 0)
		return 0;
	void *a[] = { o, (void *)root, (void *)before, (void *)after };
	return xs_descendants(o->xs, root, feed_descendant, a) < 0 ? po_err(o->err, o->errlen, "cannot list children") : 0;
}

/* Stamps rec with a new rev and the mutation's author and time. */
static long stamp(struct op *o, cJSON *rec)
{
	long rev = xs_next_rev(o->xs, o->err, o->errlen);
	if (rev < 0)
		return -1;
	cJSON_DeleteItemFromObjectCaseSensitive(rec, "rev");
	cJSON_AddNumberToObject(rec, "rev", (double)rev);
	cJSON_ReplaceItemInObjectCaseSensitive(rec, "updated_at", cJSON_CreateString(str(o->m, "at")));
	cJSON_ReplaceItemInObjectCaseSensitive(rec, "updated_by", cJSON_CreateString(str(o->m, "author")));
	return rev;
}

/* Builds a new record from the mutation: envelope plus every field's new value. */
static cJSON *new_record(struct op *o, const char *parent)
{
	cJSON *rec = cJSON_CreateObject();
	cJSON_AddStringToObject(rec, "id", o->id);
	cJSON_AddStringToObject(rec, "kind", o->k->name);
	if (parent)
		cJSON_AddStringToObject(rec, "parent", parent);
	cJSON_AddStringToObject(rec, "owner", o->who->agency);
	cJSON_AddNumberToObject(rec, "rev", 0);
	cJSON_AddStringToObject(rec, "created_at", str(o->m, "at"));
	cJSON_AddStringToObject(rec, "created_by", str(o->m, "author"));
	cJSON_AddStringToObject(rec, "updated_at", str(o->m, "at"));
	cJSON_AddStringToObject(rec, "updated_by", str(o->m, "author"));
	cJSON_AddFalseToObject(rec, "deleted");
	const cJSON *f;
	cJSON_ArrayForEach(f, cJSON_GetObjectItemCaseSensitive(o->m, "fields")) {
		const cJSON *nv = cJSON_GetObjectItemCaseSensitive(f, "new");
		if (!is_null(nv) && !cJSON_GetObjectItemCaseSensitive(rec, f->string))
			cJSON_AddItemToObject(rec, f->string, cJSON_Duplicate(nv, 1));
	}
	return rec;
}

/* Checks that the mutation's fields name only members a mutation may set. */
static int fields_allowed(struct op *o)
{
	const cJSON *f;
	cJSON_ArrayForEach(f, cJSON_GetObjectItemCaseSensitive(o->m, "fields")) {
		if (model_choice(forbidden, f->string) >= 0)
			return reject(o, 400, "fields.%s: may not be set by a mutation", f->string);
	}
	return 0;
}

static int create_root(struct op *o)
{
	cJSON *rec = new_record(o, NULL);
	char err[PO_ERRLEN];
	int rc = 0;
	if (codec_check_record(rec, CODEC_FULL, err, sizeof err) != 0)
		rc = reject(o, 400, "%s", err);
	else if (rel_check(rec, err, sizeof err) != 0)
		rc = reject(o, 400, "%s", err);
	else if (!strcmp(str(rec, "share"), "local"))
		rc = reject(o, 400, "share: a local record never leaves its device");
	else {
		long rev = stamp(o, rec);
		cJSON *env = merge_envelope(rec);
		rc = rev < 0 || write_change(o, rec, o->id, NULL, env) != 0 ? -1 : 0;
		if (rc == 0)
			applied(o, rev);
		cJSON_Delete(env);
	}
	cJSON_Delete(rec);
	return rc;
}

/* Loads the parent of a new child and its root, checking that who may write under it. */
static int child_parent(struct op *o, const char *parent, cJSON **root)
{
	*root = NULL;
	cJSON *p = parent ? xs_record_get(o->xs, parent) : NULL;
	if (!parent)
		return reject(o, 400, "parent: required for a %s", o->k->name);
	cJSON *r = p ? merge_root_of(o->xs, parent) : NULL;
	int rc = 0;
	if (!p || !r || !rel_visible(r, o->who->agency))
		rc = reject(o, 404, "parent: no %s %s visible to %s", o->k->parent, parent, o->who->agency);
	else if (strcmp(str(p, "kind"), o->k->parent) != 0)
		rc = reject(o, 400, "parent: %s is not a %s", parent, o->k->parent);
	else if (o->k->write == KW_OWNER && strcmp(str(r, "owner"), o->who->agency) != 0)
		rc = reject(o, 403, "this %s belongs to %s; only its owner adds a %s", str(r, "kind"), str(r, "owner"),
			    o->k->name);
	else if (o->k->write == KW_OWNER && cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(p, "deleted")))
		rc = reject(o, 409, "parent: the %s was deleted", o->k->parent);
	cJSON_Delete(p);
	if (rc == 0)
		*root = r;
	else
		cJSON_Delete(r);
	return rc;
}

static int create_child(struct op *o)
{
	const char *parent = str(o->m, "parent");
	cJSON *root;
	if (child_parent(o, parent, &root) != 0)
		return -1;
	cJSON *rec = new_record(o, parent);
	char err[PO_ERRLEN];
	int rc = 0;
	if (codec_check_record(rec, CODEC_FULL, err, sizeof err) != 0) {
		rc = reject(o, 400, "%s", err);
	} else {
		long rev = stamp(o, rec);
		cJSON *env = merge_envelope(root);
		rc = rev < 0 || write_change(o, rec, str(root, "id"), env, env) != 0 ? -1 : 0;
		if (rc == 0)
			applied(o, rev);
		cJSON_Delete(env);
	}
	cJSON_Delete(rec);
	cJSON_Delete(root);
	return rc;
}

/* Adds a conflict for field to the result and the store, with its feed row. */
static int add_conflict(struct op *o, const char *root, const char *field, const cJSON *pair, const cJSON *kept)
{
	char cid[37];
	po_uuid(cid);
	cJSON *c = cJSON_CreateObject();
	cJSON_AddStringToObject(c, "id", cid);
	cJSON_AddStringToObject(c, "record", o->id);
	cJSON_AddStringToObject(c, "root", root);
	cJSON_AddStringToObject(c, "kind", o->k->name);
	cJSON_AddStringToObject(c, "field", field);
	const cJSON *base = cJSON_GetObjectItemCaseSensitive(pair, "base");
	cJSON_AddItemToObject(c, "base", base ? cJSON_Duplicate(base, 1) : cJSON_CreateNull());
	cJSON_AddItemToObject(c, "kept", kept ? cJSON_Duplicate(kept, 1) : cJSON_CreateNull());
	cJSON_AddItemToObject(c, "proposed", cJSON_Duplicate(cJSON_GetObjectItemCaseSensitive(pair, "new"), 1));
	cJSON_AddStringToObject(c, "mutation_id", str(o->m, "mutation_id"));
	cJSON_AddStringToObject(c, "agency", o->who->agency);
	cJSON_AddStringToObject(c, "device", o->who->device);
	cJSON_AddStringToObject(c, "author", str(o->m, "author"));
	cJSON_AddStringToObject(c, "at", str(o->m, "at"));
	cJSON_AddFalseToObject(c, "resolved");
	int rc = xs_conflict_put(o->xs, c, o->err, o->errlen) != 0 ||
			 xs_feed_add(o->xs, "conflict", cid, root, NULL, NULL, o->err, o->errlen) < 0 ? -1 : 0;
	cJSON *list = cJSON_GetObjectItemCaseSensitive(o->result, "conflicts");
	if (!list)
		list = cJSON_AddArrayToObject(o->result, "conflicts");
	cJSON_AddItemToArray(list, c);
	return rc;
}

/* Sets member name of rec to v (removes it for null). */
static void set_member(cJSON *rec, const char *name, const cJSON *v)
{
	cJSON_DeleteItemFromObjectCaseSensitive(rec, name);
	if (!is_null(v))
		cJSON_AddItemToObject(rec, name, cJSON_Duplicate(v, 1));
}

/* Whether every releasability member of the mutation may be applied (none conflicts). */
static int rel_group_ok(const cJSON *cur, const cJSON *fields)
{
	for (int i = 0; rel_fields[i]; i++) {
		const cJSON *pair = cJSON_GetObjectItemCaseSensitive(fields, rel_fields[i]);
		if (pair && merge_field(cJSON_GetObjectItemCaseSensitive(cur, rel_fields[i]),
					cJSON_GetObjectItemCaseSensitive(pair, "base"),
					cJSON_GetObjectItemCaseSensitive(pair, "new")) == MERGE_CONFLICT)
			return 0;
	}
	return 1;
}

/* Merges the fields into merged (a copy of cur); conflicting names are collected in lost. */
static int merge_fields(struct op *o, const cJSON *cur, cJSON *merged, cJSON *lost)
{
	const cJSON *fields = cJSON_GetObjectItemCaseSensitive(o->m, "fields");
	int rel_ok = rel_group_ok(cur, fields);
	const cJSON *pair;
	cJSON_ArrayForEach(pair, fields) {
		const cJSON *cv = cJSON_GetObjectItemCaseSensitive(cur, pair->string);
		const cJSON *nv = cJSON_GetObjectItemCaseSensitive(pair, "new");
		const struct field_def *fd = model_field(o->k->fields, pair->string);
		enum merge_decision d = merge_field(cv, cJSON_GetObjectItemCaseSensitive(pair, "base"), nv);
		if (d == MERGE_SAME)
			continue;
		if (fd && (fd->flags & FF_FIXED))
			return reject(o, 400, "%s: set when the %s is created and never changed", pair->string,
				      o->k->name);
		if (model_choice(rel_fields, pair->string) >= 0 && !rel_ok)
			d = MERGE_CONFLICT;
		if (d == MERGE_APPLY)
			set_member(merged, pair->string, nv);
		else
			cJSON_AddItemToArray(lost, cJSON_CreateString(pair->string));
	}
	return 0;
}

/* When the merged markings break the rules, the mutation's markings become conflicts too. */
static void fix_markings(struct op *o, const cJSON *cur, cJSON *merged, cJSON *lost)
{
	if (o->k->cls != KC_RECORD || rel_check(merged, NULL, 0) == 0)
		return;
	const cJSON *fields = cJSON_GetObjectItemCaseSensitive(o->m, "fields");
	for (int i = 0; rel_fields[i]; i++) {
		const cJSON *pair = cJSON_GetObjectItemCaseSensitive(fields, rel_fields[i]);
		const cJSON *cv = cJSON_GetObjectItemCaseSensitive(cur, rel_fields[i]);
		if (!pair || cJSON_Compare(cJSON_GetObjectItemCaseSensitive(merged, rel_fields[i]), cv, 1))
			continue;
		set_member(merged, rel_fields[i], cv);
		cJSON_AddItemToArray(lost, cJSON_CreateString(rel_fields[i]));
	}
}

/* Writes the merged record, its feed rows and the conflicts for the names in lost. */
static int commit_merge(struct op *o, const cJSON *cur, cJSON *merged, const cJSON *lost, const char *root_id,
			const cJSON *root)
{
	long rev = stamp(o, merged);
	if (rev < 0)
		return -1;
	cJSON *before = merge_envelope(root);
	cJSON *after = o->k->cls == KC_RECORD ? merge_envelope(merged) : cJSON_Duplicate(before, 1);
	int rc = write_change(o, merged, root_id, before, after);
	const cJSON *fields = cJSON_GetObjectItemCaseSensitive(o->m, "fields");
	const cJSON *name;
	cJSON_ArrayForEach(name, lost) {
		if (rc == 0)
			rc = add_conflict(o, root_id, name->valuestring,
					  cJSON_GetObjectItemCaseSensitive(fields, name->valuestring),
					  cJSON_GetObjectItemCaseSensitive(cur, name->valuestring));
	}
	cJSON_Delete(before);
	cJSON_Delete(after);
	if (rc == 0) {
		applied(o, rev);
		if (cJSON_GetArraySize(lost) > 0)
			cJSON_ReplaceItemInObjectCaseSensitive(o->result, "status", cJSON_CreateString("conflict"));
	}
	return rc;
}

static int update_record(struct op *o, const cJSON *cur, const cJSON *root)
{
	const char *root_id = str(root, "id");
	if (!cJSON_GetObjectItemCaseSensitive(o->m, "fields")->child) {
		applied(o, (long)cJSON_GetObjectItemCaseSensitive(cur, "rev")->valuedouble);
		return 0;
	}
	cJSON *merged = cJSON_Duplicate(cur, 1), *lost = cJSON_CreateArray();
	int rc = merge_fields(o, cur, merged, lost);
	char err[PO_ERRLEN];
	if (rc == 0 && !rejected(o->result)) {
		fix_markings(o, cur, merged, lost);
		if (codec_check_record(merged, CODEC_FULL, err, sizeof err) != 0)
			rc = reject(o, 400, "%s", err);
		else if (o->k->cls == KC_RECORD && rel_check(merged, err, sizeof err) != 0)
			rc = reject(o, 400, "%s", err);
		else if (o->k->cls == KC_RECORD && !strcmp(str(merged, "share"), "local"))
			rc = reject(o, 400, "share: a shared record cannot become local again");
		else
			rc = commit_merge(o, cur, merged, lost, root_id, o->k->cls == KC_RECORD ? cur : root);
	}
	cJSON_Delete(merged);
	cJSON_Delete(lost);
	return rc;
}

static int delete_record(struct op *o, cJSON *cur, const cJSON *root)
{
	cJSON *rec = cJSON_Duplicate(cur, 1);
	cJSON_ReplaceItemInObjectCaseSensitive(rec, "deleted", cJSON_CreateTrue());
	long rev = stamp(o, rec);
	cJSON *env = merge_envelope(root);
	int rc = rev < 0 || write_change(o, rec, str(root, "id"), env, env) != 0 ? -1 : 0;
	if (rc == 0)
		applied(o, rev);
	cJSON_Delete(env);
	cJSON_Delete(rec);
	return rc;
}

/* An issued or withdrawn bulletin is frozen: only a withdrawal (status and reason) may change it,
 * and it is never deleted; a correction is a new record. Returns 1 when the change is refused. */
static int bulletin_frozen(struct op *o, const cJSON *cur, const char *op)
{
	static const char *const withdrawal[] = { "status", "withdraw_reason", NULL };
	if (strcmp(o->k->name, "bulletin") != 0 || !strcmp(str(cur, "status"), "draft"))
		return 0;
	if (!strcmp(op, "delete"))
		return reject(o, 409, "an issued bulletin is withdrawn, not deleted"), 1;
	const cJSON *f;
	cJSON_ArrayForEach(f, cJSON_GetObjectItemCaseSensitive(o->m, "fields"))
		if (model_choice(withdrawal, f->string) < 0)
			return reject(o, 409, "%s: the bulletin is %s and frozen", f->string, str(cur, "status")), 1;
	return 0;
}

/* An upsert or delete of an existing record: the owner's only. */
static int change_existing(struct op *o, cJSON *cur, const char *op)
{
	cJSON *root = merge_root_of(o->xs, o->id);
	int rc = 0;
	if (!root || !rel_visible(root, o->who->agency))
		rc = reject(o, 404, "no %s %s visible to %s", o->k->name, o->id, o->who->agency);
	else if (strcmp(str(root, "owner"), o->who->agency) != 0)
		rc = reject(o, 403, "this %s belongs to %s; only its owner edits it", str(root, "kind"), str(root, "owner"));
	else if (bulletin_frozen(o, cur, op))
		rc = -1; /* refused: the result says why */
	else if (!strcmp(op, "delete"))
		rc = delete_record(o, cur, root);
	else if (cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(cur, "deleted")))
		rc = reject(o, 409, "the %s was deleted", o->k->name);
	else
		rc = update_record(o, cur, root);
	cJSON_Delete(root);
	return rc;
}

/* Marks the conflicts listed in "resolves" resolved (only conflicts of this record). */
static int resolve_conflicts(struct op *o)
{
	const cJSON *list = cJSON_GetObjectItemCaseSensitive(o->m, "resolves"), *it;
	cJSON_ArrayForEach(it, list) {
		cJSON *c = cJSON_IsString(it) ? xs_conflict_get(o->xs, it->valuestring) : NULL;
		int rc = 0;
		if (c && !strcmp(str(c, "record"), o->id) && !cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(c, "resolved"))) {
			cJSON_ReplaceItemInObjectCaseSensitive(c, "resolved", cJSON_CreateTrue());
			cJSON_AddStringToObject(c, "resolved_by", o->who->device);
			cJSON_AddStringToObject(c, "resolved_at", str(o->m, "at"));
			rc = xs_conflict_put(o->xs, c, o->err, o->errlen) != 0 ||
			     xs_feed_add(o->xs, "conflict", it->valuestring, str(c, "root"), NULL, NULL, o->err, o->errlen) < 0;
		}
		cJSON_Delete(c);
		if (rc)
			return -1;
	}
	return 0;
}

static int resolves_ok(struct op *o)
{
	const cJSON *list = cJSON_GetObjectItemCaseSensitive(o->m, "resolves"), *it;
	if (!list)
		return 0;
	if (!cJSON_IsArray(list) || cJSON_GetArraySize(list) > 64)
		return reject(o, 400, "resolves: expected an array of at most 64 conflict ids");
	cJSON_ArrayForEach(it, list) {
		char out[40];
		if (!cJSON_IsString(it) || ident_uuid(it->valuestring, out, sizeof out, NULL, 0) != 0)
			return reject(o, 400, "resolves: expected conflict ids");
	}
	return 0;
}

/* Applies a checked mutation; 0 (result filled, maybe rejected) or -1 on store failure. */
static int apply_checked(struct op *o)
{
	const char *op = str(o->m, "op");
	if (fields_allowed(o) != 0 || resolves_ok(o) != 0)
		return 0; /* rejected */
	cJSON *cur = xs_record_get(o->xs, o->id);
	int rc;
	if (cur && strcmp(str(cur, "kind"), o->k->name) != 0)
		rc = reject(o, 409, "id: %s is not a %s", o->id, o->k->name);
	else if (cur && !strcmp(op, "append"))
		applied(o, (long)cJSON_GetObjectItemCaseSensitive(cur, "rev")->valuedouble), rc = 0;
	else if (cur)
		rc = change_existing(o, cur, op);
	else if (!strcmp(op, "delete"))
		rc = reject(o, 404, "no %s %s", o->k->name, o->id);
	else if (o->k->cls == KC_RECORD)
		rc = create_root(o);
	else
		rc = create_child(o);
	cJSON_Delete(cur);
	if (rc == 0)
		rc = resolve_conflicts(o);
	return rc != 0 && rejected(o->result) ? 0 : rc;
}

/* Adds the current record to a rejected result when who may see it, so that the device can
 * put its copy back; "current": null tells it the record is not there for it. */
static void add_current(struct xstore *xs, cJSON *result, const char *id, const char *agency)
{
	cJSON *rec = id ? xs_record_get(xs, id) : NULL;
	cJSON *root = rec ? merge_root_of(xs, id) : NULL;
	if (rec && root && rel_visible(root, agency)) {
		cJSON_AddItemToObject(result, "current", rec);
		rec = NULL;
	} else {
		cJSON_AddNullToObject(result, "current");
	}
	cJSON_Delete(rec);
	cJSON_Delete(root);
}

/* Returns the stored result of a replayed mutation_id, or a rejection when another agency used
 * it; NULL when the id is new. */
static cJSON *replay(struct xstore *xs, const char *mid, const char *agency, const char *id)
{
	char who[17];
	cJSON *stored = xs_mutation_get(xs, mid, who);
	if (!stored)
		return NULL;
	if (strcmp(who, agency) != 0) {
		cJSON_Delete(stored);
		cJSON *r = cJSON_CreateObject();
		cJSON_AddStringToObject(r, "mutation_id", mid);
		cJSON_AddStringToObject(r, "status", "rejected");
		cJSON_AddNumberToObject(r, "code", 409);
		cJSON_AddStringToObject(r, "error", "mutation_id: already used by another device");
		return r;
	}
	cJSON_AddTrueToObject(stored, "replayed");
	if (rejected(stored))
		add_current(xs, stored, id, agency);
	return stored;
}

static cJSON *new_result(const char *mid, const char *id)
{
	cJSON *r = cJSON_CreateObject();
	cJSON_AddItemToObject(r, "mutation_id", mid ? cJSON_CreateString(mid) : cJSON_CreateNull());
	if (id)
		cJSON_AddStringToObject(r, "id", id);
	cJSON_AddStringToObject(r, "status", "pending");
	return r;
}

/* Checks the mutation's shape and who sent it; 0 when it may be applied. */
static int admissible(struct op *o)
{
	char err[PO_ERRLEN];
	/* "resolves" is the exchange protocol's own member (checked by resolves_ok); the codec
	 * checks the rest of the mutation. */
	cJSON *resolves = cJSON_DetachItemFromObjectCaseSensitive(o->m, "resolves");
	int rc = codec_check_mutation(o->m, err, sizeof err);
	if (resolves)
		cJSON_AddItemToObject(o->m, "resolves", resolves);
	if (rc != 0)
		return reject(o, 400, "%s", err);
	if (strcmp(str(o->m, "agency"), o->who->agency) != 0)
		return reject(o, 403, "agency: this device belongs to %s", o->who->agency);
	o->k = model_kind(str(o->m, "kind"));
	o->id = str(o->m, "id");
	return 0;
}

cJSON *merge_apply(struct xstore *xs, cJSON *m, const struct merge_who *who, char *err, size_t errlen)
{
	const char *mid = cJSON_IsObject(m) ? str(m, "mutation_id") : NULL;
	char uuid[40];
	struct op o = { xs, who, m, NULL, NULL, new_result(mid, cJSON_IsObject(m) ? str(m, "id") : NULL), err, errlen };
	if (!mid || ident_uuid(mid, uuid, sizeof uuid, NULL, 0) != 0 || strcmp(uuid, mid) != 0) {
		reject(&o, 400, "mutation_id: required, a lower-case UUID");
		return o.result;
	}
	cJSON *stored = replay(xs, mid, who->agency, str(m, "id"));
	if (stored) {
		cJSON_Delete(o.result);
		return stored;
	}
	if (xs_savepoint(xs, err, errlen) != 0) {
		cJSON_Delete(o.result);
		return NULL;
	}
	int rc = admissible(&o) == 0 ? apply_checked(&o) : 0;
	xs_release(xs, rc == 0 && !rejected(o.result));
	if (rc == 0)
		rc = xs_mutation_put(xs, mid, who->agency, o.result, err, errlen);
	if (rc != 0) {
		cJSON_Delete(o.result);
		return NULL;
	}
	if (rejected(o.result))
		add_current(xs, o.result, str(m, "id"), who->agency);
	return o.result;
}

/* bundle.c - see bundle.h. */
#include "bundle.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sodium.h>

#include "codec.h"
#include "relay.h"
#include "storage/ident.h"
#include "storage/journal.h"
#include "storage/model.h"
#include "storage/refdata.h"
#include "storage/releasability.h"
#include "storage/store_int.h"
#include "storage/syncstate.h"
#include "storage/util.h"

static const char *mode_of(struct store *st)
{
	char v[8];
	return store_setting(st, "exercise", v, sizeof v) == 0 && !strcmp(v, "1") ? "exercise" : "live";
}

/* Hex BLAKE2b-256 of the unformatted {"records","mutations"} of b. */
static int checksum(const cJSON *b, char out[65])
{
	cJSON *c = cJSON_CreateObject();
	cJSON_AddItemReferenceToObject(c, "records", cJSON_GetObjectItemCaseSensitive(b, "records"));
	cJSON_AddItemReferenceToObject(c, "mutations", cJSON_GetObjectItemCaseSensitive(b, "mutations"));
	static const char *const relayed[] = { "acks", "revoked", "conflicts" };
	for (int i = 0; i < 3; i++)
		if (cJSON_GetObjectItemCaseSensitive(b, relayed[i]))
			cJSON_AddItemReferenceToObject(c, relayed[i], cJSON_GetObjectItemCaseSensitive(b, relayed[i]));
	char *text = cJSON_PrintUnformatted(c);
	cJSON_Delete(c);
	if (!text)
		return -1;
	unsigned char h[32];
	crypto_generichash(h, sizeof h, (const unsigned char *)text, strlen(text), NULL, 0);
	sodium_bin2hex(out, 65, h, sizeof h);
	free(text);
	return 0;
}

struct export_ctx {
	struct store *st;
	const char *for_agency;
	cJSON *records;
	int count;
};

static int add_mutation(const cJSON *m, void *arg)
{
	cJSON_AddItemToArray(arg, cJSON_Duplicate(m, 1));
	return 0;
}

static int add_record(const cJSON *rec, void *arg);

/* Adds the children of rec (every child kind whose parent is rec's kind). */
static void add_children(struct export_ctx *x, const cJSON *rec)
{
	const char *kind = cJSON_GetObjectItemCaseSensitive(rec, "kind")->valuestring;
	const char *id = cJSON_GetObjectItemCaseSensitive(rec, "id")->valuestring;
	for (const struct kind_def *k = model_kinds; k->name; k++) {
		if (k->cls != KC_CHILD || strcmp(k->parent, kind) != 0)
			continue;
		struct store_query q = { .kind = k->name, .parent = id, .limit = 10000, .deleted = 1 };
		store_list(x->st, &q, add_record, x, NULL, NULL, 0);
	}
}

static int add_record(const cJSON *rec, void *arg)
{
	struct export_ctx *x = arg;
	const struct kind_def *k = model_kind(cJSON_GetObjectItemCaseSensitive(rec, "kind")->valuestring);
	if (k->cls == KC_RECORD) {
		const cJSON *owner = cJSON_GetObjectItemCaseSensitive(rec, "owner");
		if (!strcmp(owner->valuestring, REF_OWNER) || !rel_visible(rec, x->for_agency))
			return 0;
	}
	cJSON_AddItemToArray(x->records, cJSON_Duplicate(rec, 1));
	x->count++;
	add_children(x, rec);
	return 0;
}

/* Adds every record of every record kind, page by page. */
static int collect(struct export_ctx *x, char *err, size_t errlen)
{
	for (const struct kind_def *k = model_kinds; k->name; k++) {
		if (k->cls != KC_RECORD)
			continue;
		char after[37] = "";
		int n;
		do {
			struct store_query q = { .kind = k->name, .after = after, .limit = 1000, .deleted = 1 };
			n = store_list(x->st, &q, add_record, x, after, err, errlen);
		} while (n == 1000);
		if (n < 0)
			return -1;
	}
	return 0;
}

static int write_atomic(const char *path, const char *text, char *err, size_t errlen)
{
	char tmp[4200];
	snprintf(tmp, sizeof tmp, "%s.tmp%ld", path, (long)getpid());
	FILE *f = fopen(tmp, "w");
	if (!f)
		return po_err(err, errlen, "cannot write %s: %s", tmp, strerror(errno));
	int ok = fputs(text, f) >= 0 && fputc('\n', f) != EOF && fflush(f) == 0 && fsync(fileno(f)) == 0;
	ok = fclose(f) == 0 && ok;
	if (!ok || rename(tmp, path) != 0) {
		unlink(tmp);
		return po_err(err, errlen, "cannot write %s: %s", path, strerror(errno));
	}
	return 0;
}

int bundle_export(struct store *st, const char *path, const char *for_agency, struct bundle_stats *stats,
		  char *err, size_t errlen)
{
	struct export_ctx x = { st, for_agency ? for_agency : store_agency(st), cJSON_CreateArray(), 0 };
	cJSON *b = cJSON_CreateObject(), *muts = cJSON_CreateArray();
	char id[37], now[21], sum[65];
	po_uuid(id);
	po_now(now);
	int rc = collect(&x, err, errlen);
	int nm = rc == 0 ? journal_outbox(st, 1000000, add_mutation, muts, err, errlen) : -1;
	cJSON_AddStringToObject(b, "format", "portops-bundle");
	cJSON_AddNumberToObject(b, "version", 1);
	cJSON_AddStringToObject(b, "id", id);
	cJSON_AddStringToObject(b, "agency", store_agency(st));
	cJSON_AddStringToObject(b, "for", x.for_agency);
	cJSON_AddStringToObject(b, "mode", mode_of(st));
	cJSON_AddStringToObject(b, "created_at", now);
	cJSON_AddItemToObject(b, "records", x.records);
	cJSON_AddItemToObject(b, "mutations", muts);
	if (nm >= 0 && relay_export(st, b, err, errlen) == 0 && checksum(b, sum) == 0) {
		cJSON_AddStringToObject(b, "checksum", sum);
		char *text = cJSON_PrintUnformatted(b);
		rc = text ? write_atomic(path, text, err, errlen) : po_err(err, errlen, "out of memory");
		free(text);
	} else {
		rc = -1;
	}
	if (stats)
		*stats = (struct bundle_stats){ x.count, 0, nm, 0 };
	cJSON_Delete(b);
	return rc;
}

/* Checks the bundle's header members and checksum. */
static int check_header(struct store *st, const cJSON *b, char *err, size_t errlen)
{
	const cJSON *fmt = cJSON_GetObjectItemCaseSensitive(b, "format");
	const cJSON *ver = cJSON_GetObjectItemCaseSensitive(b, "version");
	const cJSON *mode = cJSON_GetObjectItemCaseSensitive(b, "mode");
	const cJSON *sum = cJSON_GetObjectItemCaseSensitive(b, "checksum");
	char want[65], id[40];
	if (!cJSON_IsString(fmt) || strcmp(fmt->valuestring, "portops-bundle") != 0)
		return po_err(err, errlen, "not a portops bundle (format member missing or wrong)");
	if (!cJSON_IsNumber(ver) || ver->valueint != 1)
		return po_err(err, errlen, "bundle version not supported (this program reads version 1)");
	const char *bid = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(b, "id"));
	if (!bid || ident_check(CK_UUID, bid, id, sizeof id, NULL, 0) != 0)
		return po_err(err, errlen, "bundle: id missing or malformed");
	if (!cJSON_IsArray(cJSON_GetObjectItemCaseSensitive(b, "records")) ||
	    !cJSON_IsArray(cJSON_GetObjectItemCaseSensitive(b, "mutations")))
		return po_err(err, errlen, "bundle: records and mutations must be arrays");
	if (!cJSON_IsString(mode) || strcmp(mode->valuestring, mode_of(st)) != 0)
		return po_err(err, errlen, "this bundle comes from a%s database and this one is a%s database: refused",
			      cJSON_IsString(mode) && !strcmp(mode->valuestring, "exercise") ? "n exercise" : " live",
			      !strcmp(mode_of(st), "exercise") ? "n exercise" : " live");
	if (!cJSON_IsString(sum) || checksum(b, want) != 0 || strcmp(sum->valuestring, want) != 0)
		return po_err(err, errlen, "bundle is damaged: its checksum does not match its content");
	return 0;
}

static int seen(struct store *st, const char *id)
{
	sqlite3_stmt *s = store_stmt(st, "SELECT 1 FROM bundles_seen WHERE id=?", NULL, 0);
	if (!s)
		return 0;
	sqlite3_bind_text(s, 1, id, -1, SQLITE_STATIC);
	int found = sqlite3_step(s) == SQLITE_ROW;
	sqlite3_reset(s);
	return found;
}

/* Applies one record of the bundle (index i, for messages). */
static int apply_one(struct store *st, cJSON *rec, int i, struct bundle_stats *stats, char *err, size_t errlen)
{
	char why[PO_ERRLEN];
	if (codec_check_record(rec, CODEC_FULL, why, sizeof why) != 0)
		return po_err(err, errlen, "bundle is damaged at records[%d]: %s", i, why);
	const struct kind_def *k = model_kind(cJSON_GetObjectItemCaseSensitive(rec, "kind")->valuestring);
	if (k->cls == KC_RECORD && !rel_visible(rec, store_agency(st)))
		return po_err(err, errlen, "records[%d] is not releasable to %s: bundle refused", i, store_agency(st));
	int rc = sync_apply_record(st, rec, why, sizeof why);
	if (rc < 0)
		return po_err(err, errlen, "records[%d]: %s", i, why);
	if (rc > 0)
		stats->records++;
	else
		stats->skipped++;
	return 0;
}

/* Keeps a mutation for relay to the exchange unless it is already known here. */
static int keep_mutation(struct store *st, cJSON *m, int i, struct bundle_stats *stats, char *err, size_t errlen)
{
	char why[PO_ERRLEN];
	if (codec_check_mutation(m, why, sizeof why) != 0)
		return po_err(err, errlen, "bundle is damaged at mutations[%d]: %s", i, why);
	char *text = cJSON_PrintUnformatted(m);
	sqlite3_stmt *s = store_stmt(st, "INSERT OR IGNORE INTO relay(mutation_id, body)"
				     " SELECT ?1, ?2 WHERE NOT EXISTS (SELECT 1 FROM outbox WHERE mutation_id=?1)", err, errlen);
	int rc = -1;
	if (s && text) {
		sqlite3_bind_text(s, 1, cJSON_GetObjectItemCaseSensitive(m, "mutation_id")->valuestring, -1, SQLITE_STATIC);
		sqlite3_bind_text(s, 2, text, -1, SQLITE_STATIC);
		rc = sqlite3_step(s) == SQLITE_DONE ? 0 : store_sqlerr(st, "cannot keep a mutation", err, errlen);
		stats->mutations += sqlite3_changes(store_db(st));
		sqlite3_reset(s);
	}
	free(text);
	return rc;
}

static int apply_all(struct store *st, cJSON *b, struct bundle_stats *stats, char *err, size_t errlen)
{
	int i = 0;
	cJSON *it;
	cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(b, "records"))
		if (apply_one(st, it, i++, stats, err, errlen) != 0)
			return -1;
	i = 0;
	cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(b, "mutations"))
		if (keep_mutation(st, it, i++, stats, err, errlen) != 0)
			return -1;
	struct relay_stats rs;
	if (relay_import(st, b, &rs, err, errlen) != 0)
		return -1;
	char now[21];
	po_now(now);
	sqlite3_stmt *s = store_stmt(st, "INSERT INTO bundles_seen(id, at) VALUES (?,?)", err, errlen);
	if (!s)
		return -1;
	sqlite3_bind_text(s, 1, cJSON_GetObjectItemCaseSensitive(b, "id")->valuestring, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, now, -1, SQLITE_STATIC);
	int rc = sqlite3_step(s) == SQLITE_DONE ? 0 : store_sqlerr(st, "cannot record the bundle", err, errlen);
	sqlite3_reset(s);
	cJSON *detail = cJSON_CreateObject();
	cJSON_AddNumberToObject(detail, "records", stats->records);
	cJSON_AddNumberToObject(detail, "mutations", stats->mutations);
	cJSON_AddStringToObject(detail, "from", cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(b, "agency")));
	if (rc == 0)
		rc = journal_audit(st, "import", "bundle", cJSON_GetObjectItemCaseSensitive(b, "id")->valuestring,
				   detail, err, errlen);
	cJSON_Delete(detail);
	return rc;
}

int bundle_import(struct store *st, const char *path, struct bundle_stats *stats, char *err, size_t errlen)
{
	*stats = (struct bundle_stats){ 0, 0, 0, 0 };
	size_t len;
	char why[PO_ERRLEN];
	char *text = po_read_file(path, CODEC_MAX_DOCUMENT, &len, err, errlen);
	if (!text)
		return -1;
	cJSON *b = codec_parse(text, len, CODEC_MAX_DOCUMENT, why, sizeof why);
	free(text);
	if (!b)
		return po_err(err, errlen, "bundle is damaged: %s", why);
	int rc = check_header(st, b, err, errlen);
	if (rc == 0 && seen(st, cJSON_GetObjectItemCaseSensitive(b, "id")->valuestring)) {
		stats->duplicate = 1;
	} else if (rc == 0 && (rc = store_begin(st, err, errlen)) == 0) {
		rc = apply_all(st, b, stats, err, errlen);
		if (rc == 0)
			rc = store_commit(st, err, errlen);
		else
			store_rollback(st);
	}
	cJSON_Delete(b);
	return rc;
}

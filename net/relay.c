/* relay.c - see relay.h. */
#include "relay.h"

#include <string.h>

#include "storage/ident.h"
#include "storage/journal.h"
#include "storage/syncstate.h"
#include "storage/util.h"

static int add_result(const cJSON *res, void *arg)
{
	cJSON_AddItemToArray(arg, cJSON_Duplicate(res, 1));
	return 0;
}

static int add_id(const char *id, void *arg)
{
	cJSON_AddItemToArray(arg, cJSON_CreateString(id));
	return 0;
}

static int add_conflict(const cJSON *c, void *arg)
{
	const cJSON *body = cJSON_GetObjectItemCaseSensitive(c, "conflict");
	if (cJSON_IsObject(body))
		cJSON_AddItemToArray(arg, cJSON_Duplicate(body, 1));
	return 0;
}

int relay_export(struct store *st, cJSON *bundle, char *err, size_t errlen)
{
	cJSON *acks = cJSON_AddArrayToObject(bundle, "acks");
	cJSON *revoked = cJSON_AddArrayToObject(bundle, "revoked");
	cJSON *conflicts = cJSON_AddArrayToObject(bundle, "conflicts");
	/* All three concern this store's agency only (results may hold its copies of records): a
	 * bundle for another agency carries none of them. */
	const char *dest = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(bundle, "for"));
	if (!dest || strcmp(dest, store_agency(st)) != 0)
		return acks && revoked && conflicts ? 0 : po_err(err, errlen, "out of memory");
	if (!acks || !revoked || !conflicts || sync_relay_results_each(st, add_result, acks) < 0 ||
	    sync_revoked_each(st, add_id, revoked) < 0 || sync_conflict_each(st, add_conflict, conflicts) < 0)
		return po_err(err, errlen, "cannot read the relay state");
	return 0;
}

/* Applies one relayed result that answers a mutation of this store. */
static int take_ack(struct store *st, const cJSON *res, struct relay_stats *rs, char *err, size_t errlen)
{
	const cJSON *mid = cJSON_GetObjectItemCaseSensitive(res, "mutation_id");
	const cJSON *status = cJSON_GetObjectItemCaseSensitive(res, "status");
	if (!cJSON_IsString(mid) || !cJSON_IsString(status))
		return 0;
	long before = journal_outbox_count(st);
	if (journal_ack(st, mid->valuestring, err, errlen) != 0)
		return -1;
	if (journal_outbox_count(st) == before)
		return 0; /* not ours, or answered before */
	rs->acked++;
	const cJSON *c;
	cJSON_ArrayForEach(c, cJSON_GetObjectItemCaseSensitive(res, "conflicts")) {
		const cJSON *dev = cJSON_GetObjectItemCaseSensitive(c, "device");
		int n = sync_conflict_put(st, c, cJSON_IsString(dev) ? dev->valuestring : "", err, errlen);
		if (n < 0)
			return -1;
		rs->conflicts += n;
	}
	if (strcmp(status->valuestring, "rejected") != 0)
		return 0;
	rs->rejected++;
	return journal_audit(st, "relay-rejected", "mutation", cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(res, "id")),
			     res, err, errlen) == 0 ? sync_undo_rejected(st, res, err, errlen) : -1;
}

static int take_revoked(struct store *st, const cJSON *id, struct relay_stats *rs, char *err, size_t errlen)
{
	char uuid[40];
	if (!cJSON_IsString(id) || ident_uuid(id->valuestring, uuid, sizeof uuid, NULL, 0) != 0)
		return po_err(err, errlen, "bundle: revoked holds something that is not a record id");
	int n = store_purge(st, uuid, err, errlen);
	if (n < 0 || sync_drop_pending(st, uuid, err, errlen) != 0 || sync_note_revoked(st, uuid, err, errlen) != 0)
		return -1;
	rs->revoked += n;
	return 0;
}

int relay_import(struct store *st, const cJSON *bundle, struct relay_stats *rs, char *err, size_t errlen)
{
	char device[101] = "";
	const cJSON *it;
	memset(rs, 0, sizeof *rs);
	sync_get(st, "device", device, sizeof device);
	cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(bundle, "acks"))
		if (take_ack(st, it, rs, err, errlen) != 0)
			return -1;
	cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(bundle, "revoked"))
		if (take_revoked(st, it, rs, err, errlen) != 0)
			return -1;
	cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(bundle, "conflicts")) {
		int n = sync_conflict_put(st, it, device, err, errlen);
		if (n < 0)
			return -1;
		rs->conflicts += n;
	}
	return 0;
}

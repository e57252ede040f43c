/* releasability.c - see releasability.h. */
#include "releasability.h"

#include <string.h>

#include "util.h"

static const char *str(const cJSON *rec, const char *name)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(rec, name);
	return cJSON_IsString(v) ? v->valuestring : "";
}

static int listed_in(const cJSON *rec, const char *agency)
{
	const cJSON *with = cJSON_GetObjectItemCaseSensitive(rec, "share_with");
	const cJSON *it;
	cJSON_ArrayForEach(it, with)
		if (cJSON_IsString(it) && strcmp(it->valuestring, agency) == 0)
			return 1;
	return 0;
}

int rel_check(const cJSON *rec, char *err, size_t errlen)
{
	const char *tlp = str(rec, "tlp"), *share = str(rec, "share"), *owner = str(rec, "owner");
	const cJSON *with = cJSON_GetObjectItemCaseSensitive(rec, "share_with");
	int n = cJSON_IsArray(with) ? cJSON_GetArraySize(with) : 0;
	if (strcmp(share, "listed") == 0 && n == 0)
		return po_err(err, errlen, "share 'listed' needs the agencies in share_with");
	if (strcmp(share, "listed") != 0 && n > 0)
		return po_err(err, errlen, "share_with is only for share 'listed' (share is '%s')", share);
	if (strcmp(tlp, "RED") == 0 && strcmp(share, "listed") != 0)
		return po_err(err, errlen, "TLP:RED needs share 'listed' with the named recipients");
	if (strcmp(tlp, "AMBER+STRICT") == 0 && strcmp(share, "agency") != 0 && strcmp(share, "local") != 0)
		return po_err(err, errlen, "TLP:AMBER+STRICT is for the owner agency only (share 'agency' or 'local')");
	if (*owner && listed_in(rec, owner))
		return po_err(err, errlen, "share_with names the owner %s, who always sees its records", owner);
	return 0;
}

int rel_visible(const cJSON *rec, const char *agency)
{
	const char *share = str(rec, "share");
	if (strcmp(share, "local") == 0)
		return 0;
	if (strcmp(str(rec, "owner"), agency) == 0 || strcmp(share, "community") == 0)
		return 1;
	return strcmp(share, "listed") == 0 && listed_in(rec, agency);
}

/* feed.h - pages of the change feed for one agency, filtered by releasability.
 *
 * For every feed row after the cursor, the agency gets: the record as it is now, when the
 * record's root is releasable to it now (with the record's parents first, so that a child never
 * arrives before its parent); a revocation (the id only) when it is not releasable now but was
 * before or after that row's change; nothing otherwise. Conflicts go to the root's owner agency.
 * Each record and conflict appears at most once per page. */
#ifndef PORTOPS_FEED_H
#define PORTOPS_FEED_H

#include <stddef.h>
#include <cjson/cJSON.h>

#include "xstore.h"

#define FEED_MAX_LIMIT 1000  /* items per page at most */

struct feed_page {
	cJSON *items;  /* [{type:"record",record}|{type:"revoke",id}|{type:"conflict",conflict}], caller
	                * frees; each record is a raw item (its stored JSON text), printed as it is */
	long last;     /* seq of the last feed row examined (the next cursor's position) */
	int has_more;  /* rows remain after last */
};

/* Builds the page for agency after feed position after, with at most limit items (more rows are
 * examined than items returned; at most 8 * limit + 64 rows). Returns 0 or -1 with err. */
int feed_page(struct xstore *xs, const char *agency, long after, int limit, struct feed_page *out,
	      char *err, size_t errlen);

/* Whether the envelope JSON text ({owner, share, share_with}; NULL = no record) lets agency see. */
int feed_env_visible(const char *env_json, const char *agency);

#endif

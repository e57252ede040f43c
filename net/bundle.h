/* bundle.h - offline transfer: a file with records and outbox mutations, for a patrol laptop
 * with no network and the control room (DESIGN: "A bundle is a file of the same
 * mutations/changes for offline transfer; importing a bundle twice changes nothing").
 *
 * Format (JSON): {"format":"portops-bundle", "version":1, "id", "agency", "for", "mode":
 * "live"|"exercise", "created_at", "records":[record...], "mutations":[mutation...], "checksum"}
 * where checksum is the BLAKE2b-256 (hex) of the unformatted JSON of {"records","mutations"}. */
#ifndef PORTOPS_BUNDLE_H
#define PORTOPS_BUNDLE_H

#include <stddef.h>

#include "storage/store.h"

struct bundle_stats {
	int records;     /* records written or applied */
	int skipped;     /* records not applied: as new or newer here, or not releasable here */
	int mutations;   /* mutations written or kept for relay */
	int duplicate;   /* 1 when the bundle had been imported before (nothing changed) */
};

/* Writes every shareable record releasable to agency for (NULL: this store's agency) and every
 * pending outbox mutation to path, atomically (a temporary file renamed into place). */
int bundle_export(struct store *st, const char *path, const char *for_agency, struct bundle_stats *stats,
		  char *err, size_t errlen);
/* Applies the bundle at path in one transaction. A damaged bundle changes nothing and err says
 * where it is damaged. Records not releasable to this store's agency are refused whole. */
int bundle_import(struct store *st, const char *path, struct bundle_stats *stats, char *err, size_t errlen);

#endif

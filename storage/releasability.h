/* releasability.h - who may receive a record, and the rules a record's markings must follow.
 * Shared by the console (which refuses bad markings where they are entered) and the exchange
 * (which filters every page it sends). */
#ifndef PORTOPS_RELEASABILITY_H
#define PORTOPS_RELEASABILITY_H

#include <stddef.h>
#include <cjson/cJSON.h>

/* Checks the markings of a record envelope (tlp, share, share_with, owner):
 * - share "listed" needs at least one agency in share_with; other shares need it empty;
 * - TLP RED needs share "listed" with named recipients;
 * - TLP AMBER+STRICT is for the owner agency only: share "agency" or "local";
 * - share_with may not name the owner. Returns 0, or -1 with a message. */
int rel_check(const cJSON *rec, char *err, size_t errlen);

/* Non-zero when the record envelope rec may be sent to agency (never for share "local"). */
int rel_visible(const cJSON *rec, const char *agency);

#endif

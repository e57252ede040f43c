/* bulletins.h - the life cycle of information bulletins: draft -> issued -> withdrawn, and
 * corrections as new versions.
 *
 * A bulletin is an ordinary record (kind "bulletin", model.c); this module owns the rules that
 * make an issued bulletin a fixed document:
 *   - a draft has no number; bulletin_issue gives it the next "OWNER-YYYY-NNN" of its owner
 *     agency and the year of the issue time (NNN restarts at 001 each year), and the issue time;
 *   - an issued or withdrawn bulletin is frozen: store_update refuses every change to it (the
 *     store calls bulletin_guard_update), except the transitions made by this module;
 *   - the life-cycle fields (status, number, issued_at, withdraw_reason, version, supersedes)
 *     are never set by a plain edit, even of a draft;
 *   - bulletin_withdraw needs a reason; a withdrawn bulletin is never issued again;
 *   - bulletin_correct makes a new draft, version N+1, that supersedes the old one and copies its
 *     content; issued, it keeps the number of the first version with the suffix "-vN"
 *     (DIRANDRO-2026-007-v2), so the number still names one record.
 * Every function returns 0 on success, or -1 with a message (English) in err; nothing is changed
 * on error. Each runs in one write transaction (the caller's when one is open). */
#ifndef PORTOPS_BULLETINS_H
#define PORTOPS_BULLETINS_H

#include <stddef.h>
#include <cjson/cJSON.h>

#include "model.h"
#include "store.h"

enum bulletin_status { BULLETIN_DRAFT, BULLETIN_ISSUED, BULLETIN_WITHDRAWN, BULLETIN_UNKNOWN };

#define BULLETIN_NUMBER_MAX 41 /* bytes of a number with its NUL (the field holds 40) */

/* The status of a bulletin record (its "status" member). */
enum bulletin_status bulletin_status_of(const cJSON *rec);

/* Creates a draft bulletin from rec (codec form; "kind" may be absent). Refuses the life-cycle
 * fields: a new bulletin is always a version-1 draft without a number. Writes the id (37 bytes). */
int bulletin_create(struct store *st, cJSON *rec, char id_out[37], char *err, size_t errlen);

/* Adds the records named by refs[0..n) (ids or references of threats, cases or techniques) to
 * the cites of the draft id; a record already cited is not added twice. With pull non-zero, also
 * appends to the draft one section per newly cited record: its title and its summary
 * (description for a technique) in the bulletin's language, copied now, so that the text is
 * frozen with the bulletin when it is issued. A record whose TLP is stricter than the
 * bulletin's is refused with pull. */
int bulletin_cite(struct store *st, const char *id, const char *const *refs, size_t n, int pull,
		  char *err, size_t errlen);

/* Issues the draft id: assigns its number (written into number_out, may be NULL) and issued_at
 * (the current time, po_now). Refuses a bulletin that is not a draft. */
int bulletin_issue(struct store *st, const char *id, char number_out[BULLETIN_NUMBER_MAX],
		   char *err, size_t errlen);

/* Withdraws the issued bulletin id; reason (required, not blank) is kept in withdraw_reason. */
int bulletin_withdraw(struct store *st, const char *id, const char *reason, char *err, size_t errlen);

/* Makes the correction of the issued or withdrawn bulletin id: a new draft with the same
 * content and releasability, version + 1, supersedes = id. Refuses when a correction of id
 * already exists. Writes the new draft's id into new_id (37 bytes). */
int bulletin_correct(struct store *st, const char *id, char new_id[37], char *err, size_t errlen);

/* Called by store_update (records.c) before a change of any record of kind k is applied: rec is
 * the stored record, changes the requested {field: value}. Returns 0 to let the change through;
 * -1 with err when rec is a bulletin that is no longer a draft, or the change names a life-cycle
 * field and does not come from this module. */
int bulletin_guard_update(const struct kind_def *k, const cJSON *rec, const cJSON *changes,
			  char *err, size_t errlen);

/* The title and the summary (a technique's description) of a cited threat, case or technique in
 * language lang ("es" or "en"), borrowed from rec; "" when absent. */
void bulletin_cited_text(const cJSON *rec, const char *lang, const char **title, const char **summary);

/* The index of tlp in model_tlp (0 CLEAR .. 4 RED), -1 when unknown: larger is stricter. */
int bulletin_tlp_rank(const char *tlp);

#endif

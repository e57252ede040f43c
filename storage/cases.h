/* cases.h - the case workflow on top of the store: status transitions with a reason, entities
 * with identifier enrichment, links, checklists run from manual procedures, and the route of a
 * controlled delivery. Every function is one transaction: all of it happens or none. */
#ifndef PORTOPS_CASES_H
#define PORTOPS_CASES_H

#include <stddef.h>
#include <cjson/cJSON.h>

#include "store.h"

/* Non-zero when a case may go from status from to status to:
 * open -> active|closed, active -> suspended|closed, suspended -> active|closed,
 * closed -> active (reopened). */
int case_transition_ok(const char *from, const char *to);

/* Changes the status of case_id to status and appends a "status" log entry with the reason
 * (required, non-empty). */
int case_set_status(struct store *st, const char *case_id, const char *status, const char *reason,
		    char *err, size_t errlen);

/* Adds an entity of type to case_id from fields ({name: value}; borrowed, copied). A vessel with
 * an MMSI and no flag gets the flag state of its MID. Writes the new id into id_out. */
int entity_add(struct store *st, const char *case_id, const char *type, const cJSON *fields,
	       char id_out[37], char *err, size_t errlen);

/* Links case_id to the record named target (id or reference: a technique, threat, procedure or
 * another case), with an optional note. */
int link_add(struct store *st, const char *case_id, const char *target, const char *note, char id_out[37],
	     char *err, size_t errlen);
/* Calls cb for every live link that points at target_id (the cases that cite a record). */
int links_to(struct store *st, const char *target_id, int (*cb)(const cJSON *link, void *arg), void *arg,
	     char *err, size_t errlen);

/* Starts a checklist run of the procedure named procedure (id or code) inside case_id; the run
 * records the procedure's id, code and version. */
int checklist_start(struct store *st, const char *case_id, const char *procedure, char id_out[37],
		    char *err, size_t errlen);
/* Records step n of run as "done", "skipped" or "na" with an optional note (append-only; a later
 * mark of the same step supersedes an earlier one). When every mandatory step is done or na and
 * this store owns the case, the run becomes "complete". */
int checklist_mark(struct store *st, const char *run_id, int n, const char *state, const char *note,
		   char *err, size_t errlen);

/* One step of a checklist run as it stands. */
struct checklist_step {
	int n;                 /* step number */
	const char *text_es;   /* procedure text */
	const char *text_en;
	const char *role;      /* who performs it ("" when unsaid) */
	int mandatory;         /* non-zero when mandatory */
	const char *state;     /* "done", "skipped", "na", or "" when open */
	const char *by;        /* operator of the latest mark, or "" */
	const char *agency;    /* agency of the latest mark, or "" */
	const char *at;        /* time of the latest mark, or "" */
	const char *note;      /* note of the latest mark, or "" */
};

/* Calls cb for every step of run in order. Returns the number of mandatory steps still open
 * (neither done nor na), or -1 with err. */
int checklist_steps(struct store *st, const char *run_id, int (*cb)(const struct checklist_step *s, void *arg),
		    void *arg, char *err, size_t errlen);

/* Adds a route leg (place: UN/LOCODE or country; agencies comma-separated or NULL; planned and
 * actual UTC times or NULL) to a controlled-delivery case, numbered after the last leg. */
int case_add_leg(struct store *st, const char *case_id, const char *place, const char *agencies,
		 const char *planned, const char *actual, char *err, size_t errlen);
/* Sets (adds or replaces by country) the authorisation of country on a case. */
int case_set_auth(struct store *st, const char *case_id, const char *country, const char *status,
		  const char *reference, const char *date, char *err, size_t errlen);
/* Logs a handover between agencies (a "handover" case log entry) at place. */
int case_handover(struct store *st, const char *case_id, const char *from, const char *to, const char *place,
		  const char *note, char *err, size_t errlen);
/* Calls cb with one line for each thing a controlled delivery still lacks: a country on the
 * route without a granted authorisation, a leg without agencies, a past planned time without an
 * actual one, a substitution not decided. Returns the count, or -1. */
int case_missing(struct store *st, const cJSON *kase, int (*cb)(const char *what, void *arg), void *arg);

#endif

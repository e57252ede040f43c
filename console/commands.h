/* commands.h - the subcommands of portops: one list, from which the dispatcher, `portops --help`
 * and the test that compares them with portops(1) are all made. Each command's function lives in
 * the console/cmd_*.c file of its group. */
#ifndef PORTOPS_COMMANDS_H
#define PORTOPS_COMMANDS_H

#include "storage/store.h"

/* Exit codes, documented in portops(1). */
enum {
	EXIT_OK = 0,       /* success */
	EXIT_NO = 1,       /* a check answered no: invalid identifier, damaged store, conflicts left */
	EXIT_USAGE = 2,    /* wrong options or arguments */
	EXIT_REFUSED = 3,  /* input refused (validation, rules, unknown record); nothing changed */
	EXIT_STORE = 4,    /* the store or a file could not be read or written */
	EXIT_NETWORK = 5,  /* the exchange could not be reached or refused the device */
};

/* What every command receives. */
struct cli {
	const char *db_path;    /* the store's path (--db, PORTOPS_DB or the default) */
	const char *script;     /* --script FILE for the console, or NULL */
	struct store *st;       /* opened by the dispatcher when the command needs it */
};

typedef int (*cmd_fn)(struct cli *cli, int argc, char **argv);

/* X(name, function, needs an open store, one-line help) */
#define PORTOPS_COMMANDS(X) \
	X("init", cmd_init, 0, N_("create the store and load the reference data")) \
	X("add", cmd_add, 1, N_("create a record from JSON or --set FIELD=VALUE")) \
	X("list", cmd_list, 1, N_("list records of a kind")) \
	X("show", cmd_show, 1, N_("show a record with its children")) \
	X("edit", cmd_edit, 1, N_("change fields of a record")) \
	X("delete", cmd_delete, 1, N_("delete a record (a tombstone)")) \
	X("log", cmd_log, 1, N_("append an entry to a case log")) \
	X("search", cmd_search, 1, N_("search every record (words or --regex)")) \
	X("id", cmd_id, 0, N_("identify and validate a container, IMO, MMSI or UN/LOCODE")) \
	X("export", cmd_export, 1, N_("write the outbox and records as a bundle")) \
	X("import", cmd_import, 1, N_("apply a bundle")) \
	X("check", cmd_check, 1, N_("check the store and its audit chain")) \
	X("audit", cmd_audit, 1, N_("show the audit trail of a record")) \
	X("bulletin", cmd_bulletin, 1, N_("compose, issue, withdraw and render information bulletins")) \
	X("case", cmd_case, 1, N_("case status, controlled-delivery route, authorisations, handovers")) \
	X("entity", cmd_entity, 1, N_("add a vessel, container, seal, person, company or vehicle to a case")) \
	X("link", cmd_link, 1, N_("link a case to a technique, threat, procedure or case")) \
	X("checklist", cmd_checklist, 1, N_("run a manual procedure as a checklist inside a case")) \
	X("exercise", cmd_exercise, 0, N_("exercises: start a scenario, trainer controls, after-action report")) \
	X("remote", cmd_remote, 1, N_("set the exchange this store syncs with (token from standard input)")) \
	X("sync", cmd_sync, 1, N_("push the outbox to the exchange and pull its changes")) \
	X("conflicts", cmd_conflicts, 1, N_("list the conflicts the exchange reported")) \
	X("resolve", cmd_resolve, 1, N_("resolve a conflict keeping mine or theirs"))

#define DECLARE_COMMAND(name, fn, needs, help) int fn(struct cli *cli, int argc, char **argv);
PORTOPS_COMMANDS(DECLARE_COMMAND)
#undef DECLARE_COMMAND

#endif

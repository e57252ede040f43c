/* cmd_store.c - init, check, audit, export and import: the store as a whole. */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli_util.h"
#include "commands.h"
#include "i18n.h"
#include "net/bundle.h"
#include "storage/ident.h"
#include "storage/journal.h"
#include "storage/refdata.h"
#include "storage/store_int.h"
#include "storage/util.h"

enum { OPT_AGENCY = 1000, OPT_OPERATOR, OPT_IF_MISSING, OPT_JSON, OPT_BUNDLE, OPT_FOR };

/* Sets agency and operator on a new store, or checks them against an initialised one. */
static int set_identity(struct store *st, const char *agency, const char *op, char *err, size_t errlen)
{
	char code[32];
	if (ident_agency(agency, code, sizeof code, err, errlen) != 0)
		return -1;
	if (*store_agency(st) && strcmp(store_agency(st), code) != 0)
		return po_err(err, errlen, _("this store belongs to %s; it cannot become %s"), store_agency(st), code);
	if (!*op || strlen(op) > 100)
		return po_err(err, errlen, "%s", _("--operator takes a name of 1 to 100 characters"));
	if (store_set_setting(st, "agency", code, err, errlen) != 0)
		return -1;
	return store_set_setting(st, "operator", op, err, errlen);
}

int cmd_init(struct cli *cli, int argc, char **argv)
{
	if (cli_help(argc, argv, _("usage: portops init --agency CODE --operator NAME [--if-missing]\n"
				   "Creates the store (file 0600 in a 0700 folder) and loads the reference data:\n"
				   "ports, MIDs, agencies, the dictionary, the manual and the exercise scenarios.\n"
				   "Running it again reloads the reference data and changes nothing else.\n"
				   "--if-missing does nothing when the store already exists.\n")))
		return EXIT_OK;
	static const struct option opts[] = { { "agency", 1, 0, OPT_AGENCY }, { "operator", 1, 0, OPT_OPERATOR },
					      { "if-missing", 0, 0, OPT_IF_MISSING }, { 0, 0, 0, 0 } };
	const char *agency = NULL, *op = NULL;
	int if_missing = 0, c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c == OPT_AGENCY)
			agency = optarg;
		else if (c == OPT_OPERATOR)
			op = optarg;
		else if (c == OPT_IF_MISSING)
			if_missing = 1;
		else
			return EXIT_USAGE;
	}
	if (if_missing && access(cli->db_path, F_OK) == 0)
		return EXIT_OK;
	if (!agency || !op || optind != argc)
		return cli_fail(EXIT_USAGE, _("init needs --agency CODE and --operator NAME"));
	char err[PO_ERRLEN];
	if (store_open(cli->db_path, STORE_CREATE, &cli->st, err, sizeof err) != 0)
		return cli_fail(EXIT_STORE, err);
	if (set_identity(cli->st, agency, op, err, sizeof err) != 0)
		return cli_fail(EXIT_REFUSED, err);
	int n = refdata_load(cli->st, err, sizeof err);
	if (n < 0)
		return cli_fail(EXIT_STORE, err);
	printf(_("store %s ready for %s (%s); %d reference records loaded\n"), cli->db_path,
	       store_agency(cli->st), store_operator(cli->st), n);
	return EXIT_OK;
}

static int integrity(struct store *st, char *err, size_t errlen)
{
	sqlite3_stmt *s;
	if (sqlite3_prepare_v2(store_db(st), "PRAGMA integrity_check", -1, &s, NULL) != SQLITE_OK)
		return store_sqlerr(st, "integrity check", err, errlen);
	int rc = 0;
	if (sqlite3_step(s) != SQLITE_ROW || strcmp((const char *)sqlite3_column_text(s, 0), "ok") != 0)
		rc = po_err(err, errlen, _("the database file is damaged: %s"), (const char *)sqlite3_column_text(s, 0));
	sqlite3_finalize(s);
	if (rc == 0 && sqlite3_prepare_v2(store_db(st), "PRAGMA foreign_key_check", -1, &s, NULL) == SQLITE_OK) {
		if (sqlite3_step(s) == SQLITE_ROW)
			rc = po_err(err, errlen, _("a %s row points at a missing parent"), (const char *)sqlite3_column_text(s, 0));
		sqlite3_finalize(s);
	}
	return rc;
}

int cmd_check(struct cli *cli, int argc, char **argv)
{
	if (cli_help(argc, argv, _("usage: portops check\n"
				   "Runs SQLite's integrity check and verifies the audit chain. Exit 0 when both\n"
				   "are intact, 1 when either is damaged or was altered.\n")))
		return EXIT_OK;
	char err[PO_ERRLEN];
	if (integrity(cli->st, err, sizeof err) != 0)
		return cli_fail(EXIT_NO, err);
	long bad = 0;
	if (journal_verify(cli->st, &bad, err, sizeof err) != 0)
		return cli_fail(EXIT_NO, err);
	printf("%s\n", _("store intact; audit chain verified"));
	return EXIT_OK;
}

struct trail_out {
	int json;
	cJSON *arr;
};

static int trail_row(const cJSON *e, void *arg)
{
	struct trail_out *o = arg;
	if (o->json) {
		cJSON_AddItemToArray(o->arr, cJSON_Duplicate(e, 1));
		return 0;
	}
	printf("%s  %s/%s  %-7s ", cli_str(e, "at"), cli_str(e, "agency"), cli_str(e, "actor"), cli_str(e, "action"));
	const cJSON *fields = cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(e, "detail"), "fields");
	const cJSON *f;
	cJSON_ArrayForEach(f, fields) {
		fputs(f->string, stdout);
		if (f->next)
			fputs(", ", stdout);
	}
	putchar('\n');
	return 0;
}

int cmd_audit(struct cli *cli, int argc, char **argv)
{
	if (cli_help(argc, argv, _("usage: portops audit ID|REF [--json]\n"
				   "Shows who changed what and when for a record, oldest first.\n")))
		return EXIT_OK;
	struct trail_out o = { argc > 2 && !strcmp(argv[2], "--json"), NULL };
	if (argc < 2 || argc > 3)
		return cli_fail(EXIT_USAGE, _("audit: give one id or reference"));
	cJSON *rec = cli_record(cli, NULL, argv[1]);
	if (!rec)
		return EXIT_REFUSED;
	o.arr = cJSON_CreateArray();
	char err[PO_ERRLEN];
	int n = journal_trail(cli->st, cli_str(rec, "id"), trail_row, &o, err, sizeof err);
	if (n >= 0 && o.json)
		cli_print_json(o.arr);
	cJSON_Delete(o.arr);
	cJSON_Delete(rec);
	return n < 0 ? cli_fail(EXIT_STORE, err) : EXIT_OK;
}

int cmd_export(struct cli *cli, int argc, char **argv)
{
	if (cli_help(argc, argv, _("usage: portops export --bundle FILE [--for AGENCY]\n"
				   "Writes the pending outbox and the records releasable to AGENCY (this store's\n"
				   "agency by default) as a bundle for offline transfer.\n")))
		return EXIT_OK;
	static const struct option opts[] = { { "bundle", 1, 0, OPT_BUNDLE }, { "for", 1, 0, OPT_FOR }, { 0, 0, 0, 0 } };
	const char *path = NULL, *for_agency = NULL;
	int c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c == OPT_BUNDLE)
			path = optarg;
		else if (c == OPT_FOR)
			for_agency = optarg;
		else
			return EXIT_USAGE;
	}
	if (!path || optind != argc)
		return cli_fail(EXIT_USAGE, _("export needs --bundle FILE"));
	struct bundle_stats s;
	char err[PO_ERRLEN];
	if (bundle_export(cli->st, path, for_agency, &s, err, sizeof err) != 0)
		return cli_fail(EXIT_STORE, err);
	printf(_("bundle %s: %d records, %d mutations\n"), path, s.records, s.mutations);
	return EXIT_OK;
}

int cmd_import(struct cli *cli, int argc, char **argv)
{
	if (cli_help(argc, argv, _("usage: portops import FILE\n"
				   "Applies a bundle in one transaction. Importing the same bundle twice changes\n"
				   "nothing; a damaged bundle changes nothing and the message says where.\n")))
		return EXIT_OK;
	if (argc != 2)
		return cli_fail(EXIT_USAGE, _("import: give one bundle file"));
	struct bundle_stats s;
	char err[PO_ERRLEN];
	if (bundle_import(cli->st, argv[1], &s, err, sizeof err) != 0)
		return cli_fail(EXIT_REFUSED, err);
	if (s.duplicate)
		printf(_("bundle %s was imported before; nothing changed\n"), argv[1]);
	else
		printf(_("bundle %s: %d records applied, %d already current, %d mutations kept for the exchange\n"),
		       argv[1], s.records, s.skipped, s.mutations);
	return EXIT_OK;
}

/* cmd_bulletin.c - `portops bulletin`: compose, issue, withdraw, correct and render information
 * bulletins. The rules live in storage/bulletins.c, the documents in console/bulletin_doc.c. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bulletin_doc.h"
#include "cli_util.h"
#include "commands.h"
#include "i18n.h"
#include "net/codec.h"
#include "render.h"
#include "storage/bulletins.h"
#include "storage/util.h"

enum { OPT_SET = 1000, OPT_JSON, OPT_PULL, OPT_REASON, OPT_FORMAT, OPT_OUTPUT, OPT_STATUS, OPT_LIMIT };

static const char *usage_text(void)
{
	return _("usage: portops bulletin new [--set FIELD=VALUE]... [--json FILE|-]\n"
		 "       portops bulletin edit ID --set FIELD=VALUE... [--json FILE|-]\n"
		 "       portops bulletin cite ID REF... [--pull]\n"
		 "       portops bulletin issue ID\n"
		 "       portops bulletin withdraw ID --reason TEXT\n"
		 "       portops bulletin correct ID\n"
		 "       portops bulletin render ID [--format text|md|html] [-o FILE] [--pull]\n"
		 "       portops bulletin list [--status draft|issued|withdrawn] [--limit N] [--json]\n"
		 "A bulletin is composed as a draft (title, lang, audience, summary, sections, tlp, share),\n"
		 "cites threats, cases and techniques, and is issued: it then gets its number\n"
		 "(AGENCY-YEAR-NNN) and never changes again. A correction is a new draft version that\n"
		 "supersedes it; a withdrawal needs a reason. ID is the id or the number. --pull copies\n"
		 "the cited records' summaries into the draft (cite) or the document (render).\n");
}


/* Collects --set and --json options from argv into *fields (a new object). Returns EXIT_OK or
 * the exit code of the first bad option (already reported). */
static int read_fields(int argc, char **argv, cJSON **fields)
{
	static const struct option opts[] = { { "set", 1, 0, OPT_SET }, { "json", 1, 0, OPT_JSON }, { 0, 0, 0, 0 } };
	const struct kind_def *k = model_kind("bulletin");
	*fields = cJSON_CreateObject();
	int c, rc = EXIT_OK;
	while (rc == EXIT_OK && (c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c == OPT_SET) {
			rc = cli_set(k, *fields, optarg) == 0 ? EXIT_OK : EXIT_REFUSED;
		} else if (c == OPT_JSON) {
			cJSON_Delete(*fields);
			*fields = cli_read_object(optarg);
			rc = *fields ? EXIT_OK : EXIT_REFUSED;
		} else {
			rc = EXIT_USAGE;
		}
	}
	if (rc == EXIT_OK && optind < argc)
		rc = cli_fail(EXIT_USAGE, _("bulletin: unexpected argument (see portops bulletin --help)"));
	return rc;
}

static int b_new(struct cli *cli, int argc, char **argv)
{
	cJSON *rec = NULL;
	optind = 1;
	int rc = read_fields(argc, argv, &rec);
	char id[37], err[PO_ERRLEN];
	if (rc == EXIT_OK && bulletin_create(cli->st, rec, id, err, sizeof err) != 0)
		rc = cli_fail(EXIT_REFUSED, err);
	if (rc == EXIT_OK)
		printf("%s\n", id);
	cJSON_Delete(rec);
	return rc;
}

/* Looks up the bulletin named by key; prints the error and returns NULL. */
static cJSON *bulletin_arg(struct cli *cli, int argc, char **argv)
{
	if (argc < 2 || argv[1][0] == '-') {
		cli_fail(EXIT_USAGE, _("bulletin: which bulletin? (see portops bulletin --help)"));
		return NULL;
	}
	return cli_record(cli, "bulletin", argv[1]);
}

/* Reports the outcome of a storage call: EXIT_OK, or the message and EXIT_REFUSED. */
static int outcome(int rc, const char *err)
{
	return rc == 0 ? EXIT_OK : cli_fail(EXIT_REFUSED, err);
}

static int b_edit(struct cli *cli, int argc, char **argv)
{
	if (argc < 2 || argv[1][0] == '-')
		return cli_fail(EXIT_USAGE, _("bulletin edit: which bulletin? (see portops bulletin --help)"));
	cJSON *changes = NULL;
	optind = 2;
	int rc = read_fields(argc, argv, &changes);
	cJSON *rec = rc == EXIT_OK ? bulletin_arg(cli, argc, argv) : NULL;
	if (rc == EXIT_OK && !rec)
		rc = EXIT_REFUSED;
	if (rc == EXIT_OK && !changes->child)
		rc = cli_fail(EXIT_USAGE, _("bulletin edit: nothing to change (use --set FIELD=VALUE)"));
	char err[PO_ERRLEN];
	if (rc == EXIT_OK)
		rc = outcome(store_update(cli->st, cli_str(rec, "id"), changes, err, sizeof err), err);
	cJSON_Delete(changes);
	cJSON_Delete(rec);
	return rc;
}

static int b_cite(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = { { "pull", 0, 0, OPT_PULL }, { 0, 0, 0, 0 } };
	int pull = 0, c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c != OPT_PULL)
			return EXIT_USAGE;
		pull = 1;
	}
	if (argc - optind < 2)
		return cli_fail(EXIT_USAGE, _("bulletin cite: give the bulletin and one or more records"));
	char err[PO_ERRLEN];
	int rc = bulletin_cite(cli->st, argv[optind], (const char *const *)argv + optind + 1,
			       (size_t)(argc - optind - 1), pull, err, sizeof err);
	return outcome(rc, err);
}

/* Checks that argv is exactly "SUB ID". */
static int one_id(int argc, char **argv)
{
	if (argc == 2 && argv[1][0] != '-')
		return EXIT_OK;
	return cli_fail(EXIT_USAGE, _("bulletin: give one bulletin id or number (see portops bulletin --help)"));
}

static int b_issue(struct cli *cli, int argc, char **argv)
{
	if (one_id(argc, argv) != EXIT_OK)
		return EXIT_USAGE;
	char number[BULLETIN_NUMBER_MAX], err[PO_ERRLEN];
	int rc = outcome(bulletin_issue(cli->st, argv[1], number, err, sizeof err), err);
	if (rc == EXIT_OK)
		printf("%s\n", number);
	return rc;
}

static int b_withdraw(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = { { "reason", 1, 0, OPT_REASON }, { 0, 0, 0, 0 } };
	const char *reason = NULL;
	int c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c != OPT_REASON)
			return EXIT_USAGE;
		reason = optarg;
	}
	if (optind != argc - 1)
		return cli_fail(EXIT_USAGE, _("bulletin withdraw: give one bulletin id or number"));
	if (!reason)
		return cli_fail(EXIT_USAGE, _("bulletin withdraw: a withdrawal needs --reason TEXT"));
	char err[PO_ERRLEN];
	return outcome(bulletin_withdraw(cli->st, argv[optind], reason, err, sizeof err), err);
}

static int b_correct(struct cli *cli, int argc, char **argv)
{
	if (one_id(argc, argv) != EXIT_OK)
		return EXIT_USAGE;
	char id[37], err[PO_ERRLEN];
	int rc = outcome(bulletin_correct(cli->st, argv[1], id, err, sizeof err), err);
	if (rc == EXIT_OK)
		printf("%s\n", id);
	return rc;
}

/* Writes the rendered text to path, or standard output for NULL or "-". */
static int emit(const char *path, const char *text, size_t len)
{
	char err[PO_ERRLEN];
	if (path && strcmp(path, "-") != 0)
		return doc_write_file(path, text, len, err, sizeof err) == 0 ? EXIT_OK : cli_fail(EXIT_STORE, err);
	if (fwrite(text, 1, len, stdout) != len || fflush(stdout) != 0)
		return cli_fail(EXIT_STORE, _("cannot write the standard output"));
	return EXIT_OK;
}

static int b_render(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "format", 1, 0, OPT_FORMAT }, { "output", 1, 0, OPT_OUTPUT }, { "pull", 0, 0, OPT_PULL },
		{ 0, 0, 0, 0 } };
	enum doc_format f = DOC_TEXT;
	const char *out = NULL;
	int pull = 0, c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "o:", opts, NULL)) != -1) {
		if (c == OPT_FORMAT && doc_format_parse(optarg, &f) != 0)
			return cli_fail(EXIT_USAGE, _("bulletin render: --format is text, md or html"));
		else if (c == OPT_OUTPUT || c == 'o')
			out = optarg;
		else if (c == OPT_PULL)
			pull = 1;
		else if (c != OPT_FORMAT)
			return EXIT_USAGE;
	}
	if (optind != argc - 1)
		return cli_fail(EXIT_USAGE, _("bulletin render: give one bulletin id or number"));
	char err[PO_ERRLEN];
	size_t len;
	char *text = bulletin_render(cli->st, argv[optind], f, pull, &len, err, sizeof err);
	if (!text)
		return cli_fail(EXIT_REFUSED, err);
	int rc = emit(out, text, len);
	free(text);
	return rc;
}

struct list_out {
	cJSON *arr;  /* --json: the records; NULL for lines */
};

static int list_row(const cJSON *rec, void *arg)
{
	struct list_out *o = arg;
	if (o->arr) {
		cJSON_AddItemToArray(o->arr, cJSON_Duplicate(rec, 1));
		return 0;
	}
	char shortid[9];
	po_strlcpy(shortid, cli_str(rec, "id"), sizeof shortid);
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(rec, "version");
	const char *number = cli_str(rec, "number");
	printf("%-22s %-9s v%-3d ", *number ? number : shortid, cli_str(rec, "status"),
	       cJSON_IsNumber(v) ? v->valueint : 1);
	cli_put(stdout, cli_str(rec, "title"), 0);
	putchar('\n');
	return 0;
}

static int b_list(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "status", 1, 0, OPT_STATUS }, { "limit", 1, 0, OPT_LIMIT }, { "json", 0, 0, OPT_JSON },
		{ 0, 0, 0, 0 } };
	struct store_filter status = { "status", NULL };
	struct store_query q = { .kind = "bulletin", .filters = &status, .limit = 100 };
	struct list_out o = { NULL };
	int json = 0, c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c == OPT_STATUS)
			status.value = optarg, q.nfilters = 1;
		else if (c == OPT_LIMIT)
			q.limit = atoi(optarg);
		else if (c == OPT_JSON)
			json = 1;
		else
			return EXIT_USAGE;
	}
	if (optind != argc)
		return cli_fail(EXIT_USAGE, _("bulletin list: unexpected argument"));
	if (json)
		o.arr = cJSON_CreateArray();
	char err[PO_ERRLEN];
	int n = store_list(cli->st, &q, list_row, &o, NULL, err, sizeof err);
	if (n >= 0 && json)
		cli_print_json(o.arr);
	cJSON_Delete(o.arr);
	return n < 0 ? cli_fail(EXIT_REFUSED, err) : EXIT_OK;
}

static const struct {
	const char *name;
	int (*fn)(struct cli *cli, int argc, char **argv);
} subcommands[] = {
	{ "new", b_new }, { "edit", b_edit }, { "cite", b_cite }, { "issue", b_issue },
	{ "withdraw", b_withdraw }, { "correct", b_correct }, { "render", b_render }, { "list", b_list },
};

int cmd_bulletin(struct cli *cli, int argc, char **argv)
{
	if (cli_help(argc, argv, usage_text()))
		return EXIT_OK;
	if (argc < 2)
		return cli_fail(EXIT_USAGE, _("bulletin: what to do? (see portops bulletin --help)"));
	for (size_t i = 0; i < sizeof subcommands / sizeof *subcommands; i++) {
		if (strcmp(subcommands[i].name, argv[1]) != 0)
			continue;
		if (cli_help(argc - 1, argv + 1, usage_text()))
			return EXIT_OK;
		return subcommands[i].fn(cli, argc - 1, argv + 1);
	}
	return cli_fail(EXIT_USAGE, _("bulletin: unknown action (see portops bulletin --help)"));
}

/* cmd_records.c - add, list, show, edit, delete and log: records from the command line. */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cli_util.h"
#include "commands.h"
#include "i18n.h"
#include "net/codec.h"
#include "storage/cases.h"
#include "storage/exercise.h"
#include "storage/util.h"

enum { OPT_JSON = 1000, OPT_SET, OPT_LIMIT, OPT_FILTER, OPT_AFTER, OPT_DELETED, OPT_KIND, OPT_AMENDS, OPT_INJECT };

int cmd_add(struct cli *cli, int argc, char **argv)
{
	if (cli_help(argc, argv, _("usage: portops add KIND [--json FILE|-] [--set FIELD=VALUE]...\n"
				   "Creates a record and prints its id (and reference). KIND is one of threat, case,\n"
				   "procedure, technique, bulletin, scenario, entity, link, checklist.\n")))
		return EXIT_OK;
	static const struct option opts[] = { { "json", 1, 0, OPT_JSON }, { "set", 1, 0, OPT_SET }, { 0, 0, 0, 0 } };
	if (argc < 2 || argv[1][0] == '-')
		return cli_fail(EXIT_USAGE, _("add: which kind? (see portops add --help)"));
	const struct kind_def *k = model_kind(argv[1]);
	if (!k)
		return cli_fail(EXIT_USAGE, _("add: unknown kind"));
	cJSON *rec = cJSON_CreateObject();
	int c, rc = EXIT_OK;
	optind = 2;
	while (rc == EXIT_OK && (c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c == OPT_JSON) {
			cJSON_Delete(rec);
			rec = cli_read_object(optarg);
			rc = rec ? EXIT_OK : EXIT_REFUSED;
		} else if (c == OPT_SET) {
			rc = cli_set(k, rec, optarg) == 0 ? EXIT_OK : EXIT_REFUSED;
		} else {
			rc = EXIT_USAGE;
		}
	}
	if (rc == EXIT_OK && optind < argc)
		rc = cli_fail(EXIT_USAGE, _("add: unexpected argument"));
	if (rc != EXIT_OK) {
		cJSON_Delete(rec);
		return rc;
	}
	cJSON_DeleteItemFromObjectCaseSensitive(rec, "kind");
	cJSON_AddStringToObject(rec, "kind", k->name);
	char id[37], err[PO_ERRLEN];
	if (store_create(cli->st, rec, id, err, sizeof err) != 0) {
		cJSON_Delete(rec);
		return cli_fail(EXIT_REFUSED, err);
	}
	const struct field_def *rf = model_ref_field(k);
	printf("%s", id);
	if (rf && *cli_str(rec, rf->name))
		printf(" %s", cli_str(rec, rf->name));
	putchar('\n');
	cJSON_Delete(rec);
	return EXIT_OK;
}

struct list_out {
	int json;
	cJSON *arr;
};

static int list_row(const cJSON *rec, void *arg)
{
	struct list_out *o = arg;
	if (o->json)
		cJSON_AddItemToArray(o->arr, cJSON_Duplicate(rec, 1));
	else
		cli_summary(stdout, rec);
	return 0;
}

/* Parses "FIELD=VALUE" into f (pointing into s). */
static int parse_filter(char *s, struct store_filter *f)
{
	char *eq = strchr(s, '=');
	if (!eq || eq == s)
		return -1;
	*eq = '\0';
	f->field = s;
	f->value = eq + 1;
	return 0;
}

int cmd_list(struct cli *cli, int argc, char **argv)
{
	if (cli_help(argc, argv, _("usage: portops list KIND [--json] [--limit N] [--filter FIELD=VALUE]...\n"
				   "                    [--after ID] [--deleted] [--parent ID]\n"
				   "Lists records of KIND, newest first (reference kinds by code). --after continues\n"
				   "a list after the record with that id.\n")))
		return EXIT_OK;
	static const struct option opts[] = {
		{ "json", 0, 0, OPT_JSON }, { "limit", 1, 0, OPT_LIMIT }, { "filter", 1, 0, OPT_FILTER },
		{ "after", 1, 0, OPT_AFTER }, { "deleted", 0, 0, OPT_DELETED }, { "parent", 1, 0, OPT_KIND },
		{ 0, 0, 0, 0 } };
	if (argc < 2 || argv[1][0] == '-')
		return cli_fail(EXIT_USAGE, _("list: which kind? (see portops list --help)"));
	struct store_filter filters[16];
	struct store_query q = { .kind = argv[1], .filters = filters, .limit = 100 };
	struct list_out o = { 0, NULL };
	int c;
	optind = 2;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c == OPT_JSON)
			o.json = 1;
		else if (c == OPT_LIMIT)
			q.limit = atoi(optarg);
		else if (c == OPT_FILTER && q.nfilters < 16 && parse_filter(optarg, &filters[q.nfilters]) == 0)
			q.nfilters++;
		else if (c == OPT_AFTER)
			q.after = optarg;
		else if (c == OPT_DELETED)
			q.deleted = 1;
		else if (c == OPT_KIND)
			q.parent = optarg;
		else
			return cli_fail(EXIT_USAGE, _("list: bad option (see portops list --help)"));
	}
	o.arr = cJSON_CreateArray();
	char err[PO_ERRLEN];
	int n = store_list(cli->st, &q, list_row, &o, NULL, err, sizeof err);
	if (n >= 0 && o.json)
		cli_print_json(o.arr);
	cJSON_Delete(o.arr);
	return n < 0 ? cli_fail(EXIT_REFUSED, err) : EXIT_OK;
}

struct children {
	struct cli *cli;
	cJSON *into;   /* object: kind -> array */
	int depth;
};

static void add_children(struct children *ch, const char *parent_kind, const char *parent_id, cJSON *into);

static int child_row(const cJSON *rec, void *arg)
{
	struct children *ch = arg;
	cJSON *copy = cJSON_Duplicate(rec, 1);
	cJSON *arr = cJSON_GetObjectItemCaseSensitive(ch->into, cli_str(rec, "kind"));
	if (!arr)
		arr = cJSON_AddArrayToObject(ch->into, cli_str(rec, "kind"));
	cJSON_AddItemToArray(arr, copy);
	if (ch->depth < 3) {
		cJSON *sub = cJSON_CreateObject();
		struct children deeper = { ch->cli, sub, ch->depth + 1 };
		add_children(&deeper, cli_str(rec, "kind"), cli_str(rec, "id"), sub);
		if (sub->child)
			cJSON_AddItemToObject(copy, "children", sub);
		else
			cJSON_Delete(sub);
	}
	return 0;
}

/* Adds the children of every child kind of parent_kind under into[kind]. */
static void add_children(struct children *ch, const char *parent_kind, const char *parent_id, cJSON *into)
{
	for (const struct kind_def *k = model_kinds; k->name; k++) {
		if (k->cls != KC_CHILD || strcmp(k->parent, parent_kind) != 0)
			continue;
		struct store_query q = { .kind = k->name, .parent = parent_id, .limit = 10000 };
		struct children sub = { ch->cli, into, ch->depth };
		store_list(ch->cli->st, &q, child_row, &sub, NULL, NULL, 0);
	}
}

static void print_children(const cJSON *children, const char *indent)
{
	const cJSON *group;
	cJSON_ArrayForEach(group, children) {
		printf("\n%s%s (%d)\n", indent, group->string, cJSON_GetArraySize(group));
		const cJSON *c;
		cJSON_ArrayForEach(c, group) {
			printf("%s  ", indent);
			cli_summary(stdout, c);
			const cJSON *sub = cJSON_GetObjectItemCaseSensitive(c, "children");
			if (sub)
				print_children(sub, "    ");
		}
	}
}

struct cited {
	struct cli *cli;
	cJSON *cases;
};

/* Adds the case that owns a link to the list of cases citing a record. */
static int cited_row(const cJSON *link, void *arg)
{
	struct cited *c = arg;
	cJSON *kase = store_get(c->cli->st, "case", cli_str(link, "parent"), NULL, 0);
	if (kase && !cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(kase, "deleted")))
		cJSON_AddItemToArray(c->cases, kase);
	else
		cJSON_Delete(kase);
	return 0;
}

int cmd_show(struct cli *cli, int argc, char **argv)
{
	if (cli_help(argc, argv, _("usage: portops show ID|REF [--json] [--kind KIND]\n"
				   "Shows a record with its children (a case's entities, log, links, checklists).\n")))
		return EXIT_OK;
	static const struct option opts[] = { { "json", 0, 0, OPT_JSON }, { "kind", 1, 0, OPT_KIND }, { 0, 0, 0, 0 } };
	int json = 0, c;
	const char *kind = NULL;
	optind = 1;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c == OPT_JSON)
			json = 1;
		else if (c == OPT_KIND)
			kind = optarg;
		else
			return EXIT_USAGE;
	}
	if (optind != argc - 1)
		return cli_fail(EXIT_USAGE, _("show: give one id or reference"));
	cJSON *rec = cli_record(cli, kind, argv[optind]);
	if (!rec)
		return EXIT_REFUSED;
	cJSON *children = cJSON_CreateObject();
	struct children ch = { cli, children, 1 };
	add_children(&ch, cli_str(rec, "kind"), cli_str(rec, "id"), children);
	cJSON *cited = cJSON_CreateArray();
	links_to(cli->st, cli_str(rec, "id"), cited_row, &(struct cited){ cli, cited }, NULL, 0);
	if (json) {
		cJSON_AddItemToObject(rec, "children", children);
		cJSON_AddItemToObject(rec, "cited_by", cited);
		cli_print_json(rec);
	} else {
		cli_print_record(stdout, rec, "");
		print_children(children, "");
		if (cJSON_GetArraySize(cited))
			printf(_("\ncited by (%d)\n"), cJSON_GetArraySize(cited));
		const cJSON *by;
		cJSON_ArrayForEach(by, cited) {
			fputs("  ", stdout);
			cli_summary(stdout, by);
		}
		cJSON_Delete(children);
		cJSON_Delete(cited);
	}
	cJSON_Delete(rec);
	return EXIT_OK;
}

int cmd_edit(struct cli *cli, int argc, char **argv)
{
	if (cli_help(argc, argv, _("usage: portops edit ID|REF --set FIELD=VALUE... [--json FILE|-]\n"
				   "Changes fields of a record, envelope fields too (tlp, share, share_with=A,B).\n"
				   "An empty VALUE clears an optional field.\n")))
		return EXIT_OK;
	static const struct option opts[] = { { "set", 1, 0, OPT_SET }, { "json", 1, 0, OPT_JSON }, { 0, 0, 0, 0 } };
	if (argc < 2 || argv[1][0] == '-')
		return cli_fail(EXIT_USAGE, _("edit: which record? (see portops edit --help)"));
	cJSON *rec = cli_record(cli, NULL, argv[1]);
	if (!rec)
		return EXIT_REFUSED;
	const struct kind_def *k = model_kind(cli_str(rec, "kind"));
	cJSON *changes = cJSON_CreateObject();
	int c, rc = EXIT_OK;
	optind = 2;
	while (rc == EXIT_OK && (c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c == OPT_SET) {
			rc = cli_set(k, changes, optarg) == 0 ? EXIT_OK : EXIT_REFUSED;
		} else if (c == OPT_JSON) {
			cJSON_Delete(changes);
			changes = cli_read_object(optarg);
			rc = changes ? EXIT_OK : EXIT_REFUSED;
		} else {
			rc = EXIT_USAGE;
		}
	}
	char err[PO_ERRLEN];
	if (rc == EXIT_OK && !strcmp(k->name, "case") && cJSON_GetObjectItemCaseSensitive(changes, "status"))
		rc = cli_fail(EXIT_USAGE, _("edit: a case's status changes with a reason: portops case status CASE STATUS --reason TEXT"));
	if (rc == EXIT_OK && (!changes || !changes->child))
		rc = cli_fail(EXIT_USAGE, _("edit: nothing to change (use --set FIELD=VALUE)"));
	if (rc == EXIT_OK && store_update(cli->st, cli_str(rec, "id"), changes, err, sizeof err) != 0)
		rc = cli_fail(EXIT_REFUSED, err);
	cJSON_Delete(changes);
	cJSON_Delete(rec);
	return rc;
}

int cmd_delete(struct cli *cli, int argc, char **argv)
{
	if (cli_help(argc, argv, _("usage: portops delete ID|REF\n"
				   "Deletes a record: a tombstone that keeps its envelope and syncs like any change.\n")))
		return EXIT_OK;
	if (argc != 2)
		return cli_fail(EXIT_USAGE, _("delete: give one id or reference"));
	cJSON *rec = cli_record(cli, NULL, argv[1]);
	if (!rec)
		return EXIT_REFUSED;
	char err[PO_ERRLEN];
	int rc = store_delete(cli->st, cli_str(rec, "id"), err, sizeof err) == 0 ? EXIT_OK : cli_fail(EXIT_REFUSED, err);
	cJSON_Delete(rec);
	return rc;
}

int cmd_log(struct cli *cli, int argc, char **argv)
{
	if (cli_help(argc, argv, _("usage: portops log CASE TEXT [--kind note|action|handover|seizure|evidence|decision]\n"
				   "                   [--amends ENTRY-ID] [--inject N]\n"
				   "Appends an entry to a case log. Entries are never edited: a correction is a new\n"
				   "entry that amends an earlier one. In an exercise, --inject N links the entry to the\n"
				   "inject it answers.\n")))
		return EXIT_OK;
	static const struct option opts[] = { { "kind", 1, 0, OPT_KIND }, { "amends", 1, 0, OPT_AMENDS },
					      { "inject", 1, 0, OPT_INJECT }, { 0, 0, 0, 0 } };
	const char *entry = "note", *amends = NULL;
	char inject[37] = "";
	int c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c == OPT_KIND)
			entry = optarg;
		else if (c == OPT_AMENDS)
			amends = optarg;
		else if (c == OPT_INJECT && exercise_inject_id(cli->st, atoi(optarg), inject) != 0)
			return cli_fail(EXIT_REFUSED, _("log --inject: this store is not an exercise"));
		else if (c != OPT_INJECT)
			return EXIT_USAGE;
	}
	if (optind != argc - 2)
		return cli_fail(EXIT_USAGE, _("log: give the case and the text"));
	cJSON *kase = cli_record(cli, "case", argv[optind]);
	if (!kase)
		return EXIT_REFUSED;
	cJSON *rec = cJSON_CreateObject();
	cJSON_AddStringToObject(rec, "kind", "log");
	cJSON_AddStringToObject(rec, "parent", cli_str(kase, "id"));
	cJSON_AddStringToObject(rec, "entry", entry);
	cJSON_AddStringToObject(rec, "text", argv[optind + 1]);
	if (amends)
		cJSON_AddStringToObject(rec, "amends", amends);
	if (*inject)
		cJSON_AddStringToObject(rec, "inject", inject);
	char id[37], err[PO_ERRLEN];
	int rc = store_create(cli->st, rec, id, err, sizeof err) == 0 ? EXIT_OK : cli_fail(EXIT_REFUSED, err);
	if (rc == EXIT_OK)
		printf("%s\n", id);
	cJSON_Delete(rec);
	cJSON_Delete(kase);
	return rc;
}

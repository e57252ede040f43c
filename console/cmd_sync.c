/* cmd_sync.c - remote, sync, conflicts and resolve: the console's side of the exchange. */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli_util.h"
#include "commands.h"
#include "i18n.h"
#include "net/sync.h"
#include "storage/syncstate.h"
#include "storage/util.h"

enum { OPT_CAFILE = 1000, OPT_PIN, OPT_TOKEN_FILE, OPT_JSON, OPT_KEEP };

/* Keeps the store and its WAL files private: the device token is stored in it. */
static void keep_private(const char *db)
{
	static const char *const suffix[] = { "", "-wal", "-shm" };
	char path[4096];
	for (size_t i = 0; i < 3; i++) {
		snprintf(path, sizeof path, "%s%s", db, suffix[i]);
		chmod(path, 0600);
	}
}

/* Reads the token from path ("-" = standard input): its first line, trimmed. NULL on error. */
static char *read_token(const char *path, char *err, size_t errlen)
{
	char *text = po_read_file(path, 4096, NULL, err, errlen);
	if (!text)
		return NULL;
	size_t n = strcspn(text, "\r\n");
	text[n] = '\0';
	while (n && (text[n - 1] == ' ' || text[n - 1] == '\t'))
		text[--n] = '\0';
	char *start = text + strspn(text, " \t");
	memmove(text, start, strlen(start) + 1);
	return text;
}

static int remote_show(struct cli *cli)
{
	char v[1024];
	static const char *const keys[] = { "url", "cafile", "pin", "exchange", "device", "last_ok", "last_error", NULL };
	for (int i = 0; keys[i]; i++) {
		if (sync_get(cli->st, keys[i], v, sizeof v) == 0) {
			printf("%s: ", keys[i]);
			cli_put(stdout, v, 0);
			putchar('\n');
		}
	}
	printf("token: %s\n", sync_get(cli->st, "token", v, sizeof v) == 0 ? _("set") : _("not set"));
	return EXIT_OK;
}

static int remote_set(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = { { "cafile", 1, 0, OPT_CAFILE }, { "pin", 1, 0, OPT_PIN },
					      { "token-file", 1, 0, OPT_TOKEN_FILE }, { 0, 0, 0, 0 } };
	const char *cafile = NULL, *pin = NULL, *token_file = "-";
	int c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c == OPT_CAFILE)
			cafile = optarg;
		else if (c == OPT_PIN)
			pin = optarg;
		else if (c == OPT_TOKEN_FILE)
			token_file = optarg;
		else
			return EXIT_USAGE;
	}
	if (optind + 1 != argc)
		return cli_fail(EXIT_USAGE, _("usage: portops remote set URL [--cafile F] [--pin sha256//...] [--token-file F]"));
	char err[PO_ERRLEN];
	char *token = read_token(token_file, err, sizeof err);
	if (!token)
		return cli_fail(EXIT_STORE, err);
	int rc = sync_remote_set(cli->st, argv[optind], token, cafile, pin, err, sizeof err);
	memset(token, 0, strlen(token));
	free(token);
	if (rc != 0)
		return cli_fail(EXIT_REFUSED, err);
	keep_private(cli->db_path);
	printf(_("exchange set to %s\n"), argv[optind]);
	return EXIT_OK;
}

int cmd_remote(struct cli *cli, int argc, char **argv)
{
	if (cli_help(argc, argv, _("usage: portops remote set URL [--cafile F] [--pin sha256//BASE64] [--token-file F]\n"
				   "       portops remote show\n"
				   "Sets the exchange this store syncs with. The device token is read from standard\n"
				   "input (or --token-file), never from the command line, and kept in the store (0600).\n"
				   "--cafile trusts that CA bundle; --pin also requires the server's public key.\n")))
		return EXIT_OK;
	if (argc >= 2 && !strcmp(argv[1], "set"))
		return remote_set(cli, argc - 1, argv + 1);
	if (argc == 2 && !strcmp(argv[1], "show"))
		return remote_show(cli);
	return cli_fail(EXIT_USAGE, _("usage: portops remote set URL ... | portops remote show"));
}

static void print_stats(const struct sync_stats *s, int json)
{
	if (!json) {
		printf(_("pushed %d, pulled %d, conflicts %d, revoked %d, rejected %d\n"), s->pushed, s->pulled,
		       s->conflicts, s->revoked, s->rejected);
		return;
	}
	cJSON *o = cJSON_CreateObject();
	cJSON_AddNumberToObject(o, "pushed", s->pushed);
	cJSON_AddNumberToObject(o, "pulled", s->pulled);
	cJSON_AddNumberToObject(o, "conflicts", s->conflicts);
	cJSON_AddNumberToObject(o, "revoked", s->revoked);
	cJSON_AddNumberToObject(o, "rejected", s->rejected);
	cJSON_AddNumberToObject(o, "resets", s->resets);
	cli_print_json(o);
	cJSON_Delete(o);
}

/* Parses a lone --json option; returns 0/1, or -1 on a usage error. */
static int json_only(int argc, char **argv)
{
	static const struct option opts[] = { { "json", 0, 0, OPT_JSON }, { 0, 0, 0, 0 } };
	int json = 0, c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c != OPT_JSON)
			return -1;
		json = 1;
	}
	return optind == argc ? json : -1;
}

int cmd_sync(struct cli *cli, int argc, char **argv)
{
	if (cli_help(argc, argv, _("usage: portops sync [--json]\n"
				   "Pushes the outbox to the exchange, then pulls its changes until there are no more.\n"
				   "Prints what moved: pushed, pulled, conflicts, revoked, rejected.\n")))
		return EXIT_OK;
	int json = json_only(argc, argv);
	if (json < 0)
		return cli_fail(EXIT_USAGE, _("usage: portops sync [--json]"));
	struct sync_stats s;
	char err[PO_ERRLEN];
	int rc = sync_run(cli->st, NULL, &s, err, sizeof err);
	if (rc == SYNC_ENET)
		return cli_fail(EXIT_NETWORK, err);
	if (rc == SYNC_EREFUSED)
		return cli_fail(EXIT_REFUSED, err);
	if (rc != SYNC_OK)
		return cli_fail(EXIT_STORE, err);
	print_stats(&s, json);
	return EXIT_OK;
}

static int print_conflict(const cJSON *c, void *arg)
{
	if (arg) {
		cJSON_AddItemToArray(arg, cJSON_Duplicate(c, 1));
		return 0;
	}
	char *mine = cJSON_PrintUnformatted(cJSON_GetObjectItemCaseSensitive(c, "mine"));
	char *theirs = cJSON_PrintUnformatted(cJSON_GetObjectItemCaseSensitive(c, "theirs"));
	printf("%s  %s %s  %s  [%s]\n", cli_str(c, "id"), cli_str(c, "kind"), cli_str(c, "record"), cli_str(c, "field"),
	       cli_str(c, "state"));
	printf("    %s ", _("mine:  "));
	cli_put(stdout, mine ? mine : "?", 0);
	printf("\n    %s ", _("theirs:"));
	cli_put(stdout, theirs ? theirs : "?", 0);
	putchar('\n');
	free(mine), free(theirs);
	return 0;
}

int cmd_conflicts(struct cli *cli, int argc, char **argv)
{
	if (cli_help(argc, argv, _("usage: portops conflicts [--json]\n"
				   "Lists the conflicts the exchange reported that are not resolved yet: the field,\n"
				   "this device's value (mine) and the other side's (theirs). Exits 1 when any is left.\n")))
		return EXIT_OK;
	int json = json_only(argc, argv);
	if (json < 0)
		return cli_fail(EXIT_USAGE, _("usage: portops conflicts [--json]"));
	cJSON *arr = json ? cJSON_CreateArray() : NULL;
	int n = sync_conflict_each(cli->st, print_conflict, arr);
	if (n < 0) {
		cJSON_Delete(arr);
		return cli_fail(EXIT_STORE, _("cannot read the conflicts"));
	}
	if (json)
		cli_print_json(arr);
	else if (n == 0)
		printf("%s\n", _("no conflicts"));
	cJSON_Delete(arr);
	return n > 0 ? EXIT_NO : EXIT_OK;
}

int cmd_resolve(struct cli *cli, int argc, char **argv)
{
	if (cli_help(argc, argv, _("usage: portops resolve ID --keep mine|theirs\n"
				   "Resolves a conflict: the field takes the kept value (a change pushed at the next\n"
				   "sync when it differs) and the exchange marks the conflict resolved for both sides.\n")))
		return EXIT_OK;
	static const struct option opts[] = { { "keep", 1, 0, OPT_KEEP }, { 0, 0, 0, 0 } };
	const char *keep = NULL;
	int c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c != OPT_KEEP)
			return EXIT_USAGE;
		keep = optarg;
	}
	if (!keep || optind + 1 != argc)
		return cli_fail(EXIT_USAGE, _("usage: portops resolve ID --keep mine|theirs"));
	char err[PO_ERRLEN];
	if (sync_resolve(cli->st, argv[optind], keep, err, sizeof err) != 0)
		return cli_fail(EXIT_REFUSED, err);
	printf(_("conflict %s resolved (keeping %s); run 'portops sync' to send it\n"), argv[optind], keep);
	return EXIT_OK;
}

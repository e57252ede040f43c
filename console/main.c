/* main.c - the portops program: global options, then a subcommand or the console. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "i18n.h"
#include "tui.h"
#include "storage/util.h"

#define PORTOPS_VERSION "0.1.0"

struct command {
	const char *name;
	cmd_fn fn;
	int needs_store;
	const char *help;
};

#define COMMAND_ROW(name, fn, needs, help) { name, fn, needs, help },
static const struct command commands[] = { PORTOPS_COMMANDS(COMMAND_ROW) { NULL, NULL, 0, NULL } };
#undef COMMAND_ROW

static void usage(FILE *out)
{
	fprintf(out, "%s", _("usage: portops [--db PATH] [--script FILE] [COMMAND [ARGS]]\n\n"
			     "With no command, portops opens the console.\n\nCommands:\n"));
	for (const struct command *c = commands; c->name; c++)
		fprintf(out, "  %-8s %s\n", c->name, _(c->help));
	fprintf(out, "%s", _("\nRun 'portops COMMAND --help' for a command's options. See portops(1).\n"));
}

/* The default store: $PORTOPS_DB, else $XDG_DATA_HOME/portops/portops.db, else
 * $HOME/.local/share/portops/portops.db. */
static const char *default_db(void)
{
	static char path[4096];
	const char *env = getenv("PORTOPS_DB");
	if (env && *env)
		return env;
	const char *xdg = getenv("XDG_DATA_HOME");
	if (xdg && *xdg)
		snprintf(path, sizeof path, "%s/portops/portops.db", xdg);
	else
		snprintf(path, sizeof path, "%s/.local/share/portops/portops.db", getenv("HOME") ? getenv("HOME") : ".");
	return path;
}

static int run_command(struct cli *cli, const struct command *c, int argc, char **argv)
{
	char err[PO_ERRLEN];
	int wants_help = argc > 1 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"));
	if (c->needs_store && !wants_help) {
		if (store_open(cli->db_path, 0, &cli->st, err, sizeof err) != 0) {
			fprintf(stderr, "portops: %s\n", err);
			return EXIT_STORE;
		}
	}
	int rc = c->fn(cli, argc, argv);
	store_close(cli->st);
	cli->st = NULL;
	return rc;
}

static int run_console(struct cli *cli)
{
	char err[PO_ERRLEN];
	if (store_open(cli->db_path, 0, &cli->st, err, sizeof err) != 0) {
		fprintf(stderr, "portops: %s\n", err);
		return EXIT_STORE;
	}
	int rc = tui_run(cli);
	store_close(cli->st);
	return rc;
}

int main(int argc, char **argv)
{
	struct cli cli = { default_db(), getenv("PORTOPS_SCRIPT"), NULL };
	i18n_init(getenv("PORTOPS_LANG"));
	if (po_init() != 0) {
		fprintf(stderr, "portops: %s\n", _("the system's random source is unusable"));
		return EXIT_STORE;
	}
	int i = 1;
	for (; i < argc && argv[i][0] == '-'; i++) {
		if (!strcmp(argv[i], "--db") && i + 1 < argc) {
			cli.db_path = argv[++i];
		} else if (!strcmp(argv[i], "--script") && i + 1 < argc) {
			cli.script = argv[++i];
		} else if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
			usage(stdout);
			return EXIT_OK;
		} else if (!strcmp(argv[i], "--version")) {
			printf("portops %s\n", PORTOPS_VERSION);
			return EXIT_OK;
		} else {
			fprintf(stderr, _("portops: unknown option '%s'\n"), argv[i]);
			usage(stderr);
			return EXIT_USAGE;
		}
	}
	if (i == argc)
		return run_console(&cli);
	for (const struct command *c = commands; c->name; c++)
		if (!strcmp(c->name, argv[i]))
			return run_command(&cli, c, argc - i, argv + i);
	fprintf(stderr, _("portops: unknown command '%s'\n"), argv[i]);
	usage(stderr);
	return EXIT_USAGE;
}

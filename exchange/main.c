/* main.c - portops-exchange: global options, then one subcommand (admin.h). */
#include <stdio.h>
#include <string.h>

#include "admin.h"
#include "storage/util.h"

static const struct {
	const char *name;
	int (*fn)(const char *db, int argc, char **argv);
	const char *help;
} commands[] = {
	{ "init", admin_init, "init --name NAME [--mode live|training]" },
	{ "agency", admin_agency, "agency add CODE NAME --country CC | agency list" },
	{ "token", admin_token, "token create --agency CODE --device NAME | token list | token revoke ID" },
	{ "serve", admin_serve, "serve --listen ADDR:PORT [--tls-cert F --tls-key F] [--timeout S] [--max-body N]\n"
				"        [--max-connections N] [--per-ip N] [--threads N]" },
	{ "dump", admin_dump, "dump --agency CODE" },
};

static void usage(FILE *out)
{
	fprintf(out, "usage: portops-exchange --db PATH COMMAND [ARGS]\n\ncommands:\n");
	for (size_t i = 0; i < sizeof commands / sizeof *commands; i++)
		fprintf(out, "  %s\n", commands[i].help);
	fprintf(out, "\nSee portops-exchange(8).\n");
}

int main(int argc, char **argv)
{
	const char *db = NULL;
	int i = 1;
	if (po_init() != 0) {
		fprintf(stderr, "portops-exchange: the system's random source is unusable\n");
		return XEXIT_FAIL;
	}
	for (; i < argc && argv[i][0] == '-'; i++) {
		if (!strcmp(argv[i], "--db") && i + 1 < argc) {
			db = argv[++i];
		} else if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
			usage(stdout);
			return XEXIT_OK;
		} else {
			fprintf(stderr, "portops-exchange: unknown option '%s'\n", argv[i]);
			usage(stderr);
			return XEXIT_USAGE;
		}
	}
	if (i == argc || !db) {
		usage(stderr);
		return XEXIT_USAGE;
	}
	for (size_t c = 0; c < sizeof commands / sizeof *commands; c++)
		if (!strcmp(commands[c].name, argv[i]))
			return commands[c].fn(db, argc - i, argv + i);
	fprintf(stderr, "portops-exchange: unknown command '%s'\n", argv[i]);
	usage(stderr);
	return XEXIT_USAGE;
}

/* cmd_search.c - search and id: finding records and explaining identifiers. */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cli_util.h"
#include "commands.h"
#include "i18n.h"
#include "storage/ident.h"
#include "storage/refdata.h"
#include "storage/search.h"
#include "storage/util.h"

enum { OPT_REGEX = 1000, OPT_KIND, OPT_JSON, OPT_LIMIT };

struct hits {
	int json;
	cJSON *arr;
};

static int hit_row(const struct search_hit *h, void *arg)
{
	struct hits *o = arg;
	if (o->json) {
		cJSON *j = cJSON_CreateObject();
		cJSON_AddStringToObject(j, "kind", h->kind);
		cJSON_AddStringToObject(j, "id", h->id);
		cJSON_AddStringToObject(j, "title", h->title);
		cJSON_AddStringToObject(j, "snippet", h->snippet ? h->snippet : "");
		cJSON_AddItemToArray(o->arr, j);
		return 0;
	}
	printf("%-9s %.8s  ", h->kind, h->id);
	cli_put(stdout, h->title, 0);
	if (h->snippet && *h->snippet) {
		fputs("\n          ", stdout);
		cli_put(stdout, h->snippet, 0);
	}
	putchar('\n');
	return 0;
}

int cmd_search(struct cli *cli, int argc, char **argv)
{
	if (cli_help(argc, argv, _("usage: portops search QUERY [--regex] [--kind KIND] [--json] [--limit N]\n"
				   "Searches every record. Words ignore case and accents ('contaminacion' finds\n"
				   "'Contaminación'); --regex takes a PCRE2 regular expression (caseless).\n")))
		return EXIT_OK;
	static const struct option opts[] = { { "regex", 0, 0, OPT_REGEX }, { "kind", 1, 0, OPT_KIND },
					      { "json", 0, 0, OPT_JSON }, { "limit", 1, 0, OPT_LIMIT }, { 0, 0, 0, 0 } };
	int regex = 0, limit = 50, c;
	const char *kind = NULL;
	struct hits o = { 0, NULL };
	optind = 1;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c == OPT_REGEX)
			regex = 1;
		else if (c == OPT_KIND)
			kind = optarg;
		else if (c == OPT_JSON)
			o.json = 1;
		else if (c == OPT_LIMIT)
			limit = atoi(optarg);
		else
			return EXIT_USAGE;
	}
	if (optind != argc - 1)
		return cli_fail(EXIT_USAGE, _("search: give one query (quote it when it has spaces)"));
	if (kind && !model_kind(kind))
		return cli_fail(EXIT_USAGE, _("search: unknown kind"));
	if (limit < 1)
		return cli_fail(EXIT_USAGE, _("search: --limit takes a positive number"));
	o.arr = cJSON_CreateArray();
	char err[PO_ERRLEN];
	int n = (regex ? search_regex : search_text)(cli->st, argv[optind], kind, limit, hit_row, &o, err, sizeof err);
	if (n >= 0 && o.json)
		cli_print_json(o.arr);
	cJSON_Delete(o.arr);
	return n < 0 ? cli_fail(EXIT_REFUSED, err) : EXIT_OK;
}

/* Opens the store read-only when it exists, for port and MID names; NULL otherwise. */
static struct store *lookup_store(struct cli *cli)
{
	struct store *st = NULL;
	if (store_open(cli->db_path, STORE_READONLY, &st, NULL, 0) != 0)
		return NULL;
	return st;
}

static int explain_container(const char *v)
{
	char out[16], why[200];
	int expected;
	int rc = ident_container(v, out, sizeof out, &expected, why, sizeof why);
	printf("%s\n", _("ISO 6346 container number"));
	if (expected >= 0) {
		char compact[16];
		int j = 0;
		for (const char *p = v; *p && j < 15; p++)
			if (*p != ' ' && *p != '-')
				compact[j++] = *p;
		compact[j] = '\0';
		printf(_("  owner code %.3s, category %c, serial %.6s\n"), compact, compact[3], compact + 4);
		printf(_("  check digit written %c, computed %d\n"), compact[10], expected);
	}
	if (rc != 0)
		printf(_("  INVALID: %s\n"), why);
	else
		printf(_("  valid: %s\n"), out);
	return rc == 0 ? EXIT_OK : EXIT_NO;
}

static int explain_imo(const char *v)
{
	char out[16], why[200];
	int expected;
	int rc = ident_imo(v, out, sizeof out, &expected, why, sizeof why);
	printf("%s\n", _("IMO ship identification number"));
	if (expected >= 0)
		printf(_("  check digit computed %d\n"), expected);
	if (rc != 0)
		printf(_("  INVALID: %s\n"), why);
	else
		printf(_("  valid: %s\n"), out);
	return rc == 0 ? EXIT_OK : EXIT_NO;
}

static int explain_mmsi(struct store *st, const char *v)
{
	char out[16], why[200], country[100] = "";
	int mid;
	char station;
	int rc = ident_mmsi(v, out, sizeof out, &mid, &station, why, sizeof why);
	printf("%s\n", _("MMSI (maritime mobile service identity)"));
	if (rc != 0) {
		printf(_("  INVALID: %s\n"), why);
		return EXIT_NO;
	}
	const char *kind = station == 's' ? _("ship station") : station == 'g' ? _("group of ships")
			 : station == 'c' ? _("coast station") : _("other station (not a ship)");
	printf(_("  %s\n"), kind);
	if (mid) {
		int known = st && mid_country(st, mid, country, sizeof country) == 0;
		if (known)
			printf(_("  MID %d: %s\n"), mid, country);
		else if (st)
			printf(_("  MID %d is not allocated to any country\n"), mid);
		else
			printf(_("  MID %d (no store to look up its country)\n"), mid);
		if (st && !known) {
			printf(_("  INVALID: unallocated MID\n"));
			return EXIT_NO;
		}
	}
	printf(_("  valid: %s\n"), out);
	return EXIT_OK;
}

static int explain_locode(struct store *st, const char *v)
{
	char out[8], why[200];
	int rc = ident_locode(v, out, sizeof out, why, sizeof why);
	printf("%s\n", _("UN/LOCODE"));
	if (rc != 0) {
		printf(_("  INVALID: %s\n"), why);
		return EXIT_NO;
	}
	struct port p;
	if (!st) {
		printf(_("  well-formed (no store to look the port up)\n"));
	} else if (port_get(st, out, &p) == 0) {
		printf(_("  %s, %s (%s), ISPS level %d\n"), p.name, p.country, p.region, p.isps_level);
	} else {
		printf(_("  INVALID: well-formed, but not a port in the port table\n"));
		return EXIT_NO;
	}
	printf(_("  valid: %s\n"), out);
	return EXIT_OK;
}

int cmd_id(struct cli *cli, int argc, char **argv)
{
	if (cli_help(argc, argv, _("usage: portops id VALUE\n"
				   "Identifies and validates a container number (ISO 6346), IMO number, MMSI or\n"
				   "UN/LOCODE and explains it. Exit 0 when valid, 1 when not.\n")))
		return EXIT_OK;
	if (argc != 2)
		return cli_fail(EXIT_USAGE, _("id: give one value (quote it when it has spaces)"));
	struct store *st = lookup_store(cli);
	int rc;
	switch (ident_guess(argv[1])) {
	case ID_CONTAINER: rc = explain_container(argv[1]); break;
	case ID_IMO: rc = explain_imo(argv[1]); break;
	case ID_MMSI: rc = explain_mmsi(st, argv[1]); break;
	case ID_LOCODE: rc = explain_locode(st, argv[1]); break;
	default:
		printf("%s\n", _("not a container number, IMO number, MMSI or UN/LOCODE"));
		rc = EXIT_NO;
	}
	store_close(st);
	return rc;
}

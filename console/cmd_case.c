/* cmd_case.c - the case workflow from the command line: status with a reason, controlled
 * delivery route (legs, authorisations, handovers), entities, links and checklists. */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cli_util.h"
#include "commands.h"
#include "i18n.h"
#include "storage/cases.h"
#include "storage/util.h"

enum { OPT_REASON = 1000, OPT_PLACE, OPT_AGENCIES, OPT_PLANNED, OPT_ACTUAL, OPT_STATUS, OPT_REF, OPT_DATE,
       OPT_FROM, OPT_TO, OPT_NOTE, OPT_SET };

/* Option values shared by the case subcommands; unset ones are NULL. */
struct case_opts {
	const char *reason, *place, *agencies, *planned, *actual, *status, *ref, *date, *from, *to, *note;
};

static int parse_case_opts(int argc, char **argv, int first, struct case_opts *o)
{
	static const struct option opts[] = {
		{ "reason", 1, 0, OPT_REASON }, { "place", 1, 0, OPT_PLACE }, { "country", 1, 0, OPT_PLACE }, { "agencies", 1, 0, OPT_AGENCIES },
		{ "planned", 1, 0, OPT_PLANNED }, { "actual", 1, 0, OPT_ACTUAL }, { "status", 1, 0, OPT_STATUS },
		{ "reference", 1, 0, OPT_REF }, { "date", 1, 0, OPT_DATE }, { "from", 1, 0, OPT_FROM },
		{ "to", 1, 0, OPT_TO }, { "note", 1, 0, OPT_NOTE }, { 0, 0, 0, 0 } };
	const char **slot[] = { &o->reason, &o->place, &o->agencies, &o->planned, &o->actual, &o->status,
				&o->ref, &o->date, &o->from, &o->to, &o->note };
	int c;
	memset(o, 0, sizeof *o);
	optind = first;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c < OPT_REASON || c > OPT_NOTE)
			return -1;
		*slot[c - OPT_REASON] = optarg;
	}
	return 0;
}

static int print_missing(const char *what, void *arg)
{
	(void)arg;
	fputs("  ! ", stdout);
	cli_put(stdout, what, 0);
	putchar('\n');
	return 0;
}

static const char *s(const cJSON *o, const char *name)
{
	return cli_str(o, name);
}

/* The route as a timeline: each leg with its agencies and times, then what is missing. */
static int show_route(struct cli *cli, const char *key)
{
	cJSON *kase = cli_record(cli, "case", key);
	if (!kase)
		return EXIT_REFUSED;
	printf("%s  %s\n", s(kase, "ref"), s(kase, "title"));
	const cJSON *leg;
	cJSON_ArrayForEach(leg, cJSON_GetObjectItemCaseSensitive(kase, "route")) {
		printf("  %2d. %-6s", cJSON_GetObjectItemCaseSensitive(leg, "n")->valueint, s(leg, "place"));
		const cJSON *a;
		cJSON_ArrayForEach(a, cJSON_GetObjectItemCaseSensitive(leg, "agencies"))
			printf(" %s", a->valuestring);
		printf(_("  planned %s  actual %s\n"), *s(leg, "planned") ? s(leg, "planned") : "-",
		       *s(leg, "actual") ? s(leg, "actual") : "-");
	}
	const cJSON *au;
	cJSON_ArrayForEach(au, cJSON_GetObjectItemCaseSensitive(kase, "authorisations"))
		printf(_("  authorisation %s: %s %s %s\n"), s(au, "country"), s(au, "status"), s(au, "reference"), s(au, "date"));
	printf(_("  substitution: %s %s\n"), *s(kase, "substitution") ? s(kase, "substitution") : "-", s(kase, "substitution_note"));
	int n = case_missing(cli->st, kase, print_missing, NULL);
	if (n == 0)
		printf("  %s\n", _("nothing missing"));
	cJSON_Delete(kase);
	return EXIT_OK;
}

static int case_action(struct cli *cli, const char *action, const char *key, const struct case_opts *o,
		       char *err, size_t errlen)
{
	if (!strcmp(action, "status"))
		return case_set_status(cli->st, key, o->status, o->reason, err, errlen);
	if (!strcmp(action, "leg"))
		return case_add_leg(cli->st, key, o->place, o->agencies, o->planned, o->actual, err, errlen);
	if (!strcmp(action, "auth"))
		return case_set_auth(cli->st, key, o->place ? o->place : "", o->status, o->ref, o->date, err, errlen);
	if (!strcmp(action, "handover"))
		return case_handover(cli->st, key, o->from ? o->from : "", o->to ? o->to : "", o->place, o->note, err, errlen);
	return po_err(err, errlen, _("unknown case action '%s'"), action);
}

int cmd_case(struct cli *cli, int argc, char **argv)
{
	if (cli_help(argc, argv, _("usage: portops case status CASE STATUS --reason TEXT\n"
				   "       portops case leg CASE --place LOCODE|CC [--agencies A,B] [--planned T] [--actual T]\n"
				   "       portops case auth CASE --country CC --status pending|requested|granted|refused\n"
				   "                         [--reference R] [--date YYYY-MM-DD]\n"
				   "       portops case handover CASE --from AGENCY --to AGENCY [--place P] [--note TEXT]\n"
				   "       portops case route CASE\n"
				   "Status moves open -> active -> suspended/closed (closed cases can be reopened) and\n"
				   "the reason goes into the case log. route shows a controlled delivery's legs as a\n"
				   "timeline and what is still missing.\n")))
		return EXIT_OK;
	if (argc < 3)
		return cli_fail(EXIT_USAGE, _("case: give an action and a case (see portops case --help)"));
	if (!strcmp(argv[1], "route"))
		return show_route(cli, argv[2]);
	struct case_opts o;
	int is_status = !strcmp(argv[1], "status");
	if (is_status && (argc < 4 || argv[3][0] == '-'))
		return cli_fail(EXIT_USAGE, _("case status: give the new status"));
	const char *status = is_status ? argv[3] : NULL;
	if (parse_case_opts(argc, argv, is_status ? 4 : 3, &o) != 0 || optind != argc)
		return cli_fail(EXIT_USAGE, _("case: bad option (see portops case --help)"));
	if (is_status)
		o.status = status;
	cJSON *kase = cli_record(cli, "case", argv[2]);
	if (!kase)
		return EXIT_REFUSED;
	char err[PO_ERRLEN];
	int rc = case_action(cli, argv[1], cli_str(kase, "id"), &o, err, sizeof err);
	cJSON_Delete(kase);
	return rc == 0 ? EXIT_OK : cli_fail(EXIT_REFUSED, err);
}

int cmd_entity(struct cli *cli, int argc, char **argv)
{
	if (cli_help(argc, argv, _("usage: portops entity add CASE TYPE [--set FIELD=VALUE]...\n"
				   "TYPE is vessel, container, seal, person, company or vehicle. Identifiers are\n"
				   "checked (ISO 6346 check digit, IMO, MMSI); a vessel's flag state comes from its\n"
				   "MMSI. An invalid identifier is refused and nothing is stored.\n")))
		return EXIT_OK;
	static const struct option opts[] = { { "set", 1, 0, OPT_SET }, { 0, 0, 0, 0 } };
	if (argc < 4 || strcmp(argv[1], "add") != 0)
		return cli_fail(EXIT_USAGE, _("entity: use 'portops entity add CASE TYPE' (see --help)"));
	const struct kind_def *k = model_kind("entity");
	cJSON *fields = cJSON_CreateObject();
	int c, rc = EXIT_OK;
	optind = 4;
	while (rc == EXIT_OK && (c = getopt_long(argc, argv, "", opts, NULL)) != -1)
		rc = c == OPT_SET && cli_set(k, fields, optarg) == 0 ? EXIT_OK : EXIT_REFUSED;
	char id[37], err[PO_ERRLEN];
	cJSON *kase = rc == EXIT_OK ? cli_record(cli, "case", argv[2]) : NULL;
	if (kase && entity_add(cli->st, cli_str(kase, "id"), argv[3], fields, id, err, sizeof err) != 0)
		rc = cli_fail(EXIT_REFUSED, err);
	else if (kase)
		printf("%s\n", id);
	else
		rc = EXIT_REFUSED;
	cJSON_Delete(kase);
	cJSON_Delete(fields);
	return rc;
}

int cmd_link(struct cli *cli, int argc, char **argv)
{
	if (cli_help(argc, argv, _("usage: portops link CASE TARGET [--note TEXT]\n"
				   "Links a case to a technique, threat, procedure or case (by id or reference).\n"
				   "The target's detail lists the cases that link to it.\n")))
		return EXIT_OK;
	struct case_opts o;
	if (argc < 3 || parse_case_opts(argc, argv, 3, &o) != 0)
		return cli_fail(EXIT_USAGE, _("link: give the case and the target"));
	cJSON *kase = cli_record(cli, "case", argv[1]);
	if (!kase)
		return EXIT_REFUSED;
	char id[37], err[PO_ERRLEN];
	int rc = link_add(cli->st, cli_str(kase, "id"), argv[2], o.note, id, err, sizeof err);
	cJSON_Delete(kase);
	if (rc != 0)
		return cli_fail(EXIT_REFUSED, err);
	printf("%s\n", id);
	return EXIT_OK;
}

static int print_step(const struct checklist_step *st, void *arg)
{
	(void)arg;
	int open = !*st->state;
	printf("%3d %c %-7s ", st->n, st->mandatory && (open || !strcmp(st->state, "skipped")) ? '!' : ' ',
	       open ? "-" : st->state);
	cli_put(stdout, !strcmp(i18n_lang(), "es") ? st->text_es : st->text_en, 0);
	if (!open) {
		printf("  [%s/%s %s", st->agency, st->by, st->at);
		if (*st->note) {
			fputs(": ", stdout);
			cli_put(stdout, st->note, 0);
		}
		putchar(']');
	}
	putchar('\n');
	return 0;
}

static int checklist_show(struct cli *cli, const char *run)
{
	char err[PO_ERRLEN];
	int open = checklist_steps(cli->st, run, print_step, NULL, err, sizeof err);
	if (open < 0)
		return cli_fail(EXIT_REFUSED, err);
	if (open)
		printf(_("%d mandatory steps still open (marked !)\n"), open);
	else
		printf("%s\n", _("every mandatory step is done or not applicable"));
	return EXIT_OK;
}

int cmd_checklist(struct cli *cli, int argc, char **argv)
{
	if (cli_help(argc, argv, _("usage: portops checklist start CASE PROCEDURE\n"
				   "       portops checklist step RUN N done|skipped|na [--note TEXT]\n"
				   "       portops checklist show RUN\n"
				   "Runs a manual procedure as a checklist inside a case. The run records the\n"
				   "procedure version; mandatory steps left open are flagged with '!'.\n")))
		return EXIT_OK;
	char id[37], err[PO_ERRLEN];
	struct case_opts o;
	if (argc == 4 && !strcmp(argv[1], "start")) {
		cJSON *kase = cli_record(cli, "case", argv[2]);
		int rc = kase ? checklist_start(cli->st, cli_str(kase, "id"), argv[3], id, err, sizeof err) : -1;
		cJSON_Delete(kase);
		if (rc != 0)
			return kase ? cli_fail(EXIT_REFUSED, err) : EXIT_REFUSED;
		printf("%s\n", id);
		return EXIT_OK;
	}
	if (argc >= 5 && !strcmp(argv[1], "step") && parse_case_opts(argc, argv, 5, &o) == 0) {
		char *end;
		long n = strtol(argv[3], &end, 10);
		if (*end || n < 1)
			return cli_fail(EXIT_USAGE, _("checklist step: N is a step number"));
		if (checklist_mark(cli->st, argv[2], (int)n, argv[4], o.note, err, sizeof err) != 0)
			return cli_fail(EXIT_REFUSED, err);
		return EXIT_OK;
	}
	if (argc == 3 && !strcmp(argv[1], "show"))
		return checklist_show(cli, argv[2]);
	return cli_fail(EXIT_USAGE, _("checklist: use start, step or show (see portops checklist --help)"));
}

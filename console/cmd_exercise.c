/* cmd_exercise.c - exercises from the command line: list the scenarios, start an exercise on a
 * store of its own, trainer controls, deliver due injects, the after-action report. */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli_util.h"
#include "commands.h"
#include "exercise_doc.h"
#include "i18n.h"
#include "render.h"
#include "tui.h"
#include "storage/exercise.h"
#include "storage/refdata.h"
#include "storage/util.h"

enum { OPT_DB = 1000, OPT_SPEED, OPT_NO_CONSOLE, OPT_AGENCY, OPT_OPERATOR, OPT_FORMAT, OPT_OUT };

static int list_scenario(cJSON *rec, void *arg)
{
	(void)arg;
	if (strcmp(cli_str(rec, "kind"), "scenario") != 0)
		return 0;
	printf("%-16s %4d min  ", cli_str(rec, "code"), cJSON_GetObjectItemCaseSensitive(rec, "duration_min")->valueint);
	cli_put(stdout, cli_str(rec, !strcmp(i18n_lang(), "es") ? "title_es" : "title_en"), 0);
	putchar('\n');
	return 0;
}

static int ex_list(void)
{
	char err[PO_ERRLEN];
	if (refdata_records(list_scenario, NULL, err, sizeof err) < 0)
		return cli_fail(EXIT_STORE, err);
	return EXIT_OK;
}

struct start_opts {
	const char *db, *agency, *op;
	int speed, console;
};

/* The agency and operator of the live store, for the exercise store made beside it. */
static void live_identity(struct cli *cli, struct start_opts *o, char agency[17], char op[101])
{
	struct store *live = NULL;
	if (store_open(cli->db_path, STORE_READONLY, &live, NULL, 0) != 0)
		return;
	po_strlcpy(agency, store_agency(live), 17);
	po_strlcpy(op, store_operator(live), 101);
	if (!o->agency && *agency)
		o->agency = agency;
	if (!o->op && *op)
		o->op = op;
	store_close(live);
}

/* Creates the exercise store: initialised, reference data loaded, scenario set up. */
static int make_store(const char *path, const char *scenario, const struct start_opts *o, struct store **out,
		      char *err, size_t errlen)
{
	if (access(path, F_OK) == 0)
		return po_err(err, errlen, _("%s exists: an exercise starts on a new store of its own"), path);
	if (store_open(path, STORE_CREATE, out, err, errlen) != 0)
		return -1;
	if (store_set_setting(*out, "agency", o->agency, err, errlen) != 0 ||
	    store_set_setting(*out, "operator", o->op, err, errlen) != 0 || refdata_load(*out, err, errlen) < 0 ||
	    exercise_setup(*out, scenario, o->speed, err, errlen) != 0) {
		store_close(*out);
		*out = NULL;
		unlink(path);
		return -1;
	}
	return 0;
}

static int ex_start(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "db", 1, 0, OPT_DB }, { "speed", 1, 0, OPT_SPEED }, { "no-console", 0, 0, OPT_NO_CONSOLE },
		{ "agency", 1, 0, OPT_AGENCY }, { "operator", 1, 0, OPT_OPERATOR }, { 0, 0, 0, 0 } };
	struct start_opts o = { NULL, NULL, NULL, 1, 1 };
	int c;
	optind = 3;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c == OPT_DB) o.db = optarg;
		else if (c == OPT_SPEED) o.speed = atoi(optarg);
		else if (c == OPT_NO_CONSOLE) o.console = 0;
		else if (c == OPT_AGENCY) o.agency = optarg;
		else if (c == OPT_OPERATOR) o.op = optarg;
		else return EXIT_USAGE;
	}
	char agency[17] = "", op[101] = "", path[4200], err[PO_ERRLEN];
	live_identity(cli, &o, agency, op);
	if (!o.agency || !o.op)
		return cli_fail(EXIT_USAGE, _("exercise start: no live store to take the agency from; give --agency and --operator"));
	if (!o.db) {
		const char *slash = strrchr(cli->db_path, '/');
		snprintf(path, sizeof path, "%.*sexercise-%s.db", slash ? (int)(slash - cli->db_path + 1) : 0,
			 cli->db_path, argv[2]);
		o.db = path;
	}
	if (make_store(o.db, argv[2], &o, &cli->st, err, sizeof err) != 0)
		return cli_fail(EXIT_REFUSED, err);
	printf(_("exercise store %s ready: scenario %s at speed %d\n"), o.db, argv[2], o.speed);
	if (!o.console)
		return EXIT_OK;
	fflush(stdout);
	return tui_run(cli);
}

/* Opens the store named by --db and checks that it is an exercise. */
static int open_exercise(struct cli *cli)
{
	char err[PO_ERRLEN];
	if (store_open(cli->db_path, 0, &cli->st, err, sizeof err) != 0)
		return cli_fail(EXIT_STORE, err);
	if (!exercise_is(cli->st))
		return cli_fail(EXIT_REFUSED, _("this store is not an exercise (give the exercise store with --db)"));
	return EXIT_OK;
}

static int ex_status(struct cli *cli)
{
	struct exercise_state s;
	char err[PO_ERRLEN];
	if (exercise_state(cli->st, &s, err, sizeof err) != 0)
		return cli_fail(EXIT_STORE, err);
	printf(_("scenario %s; %s; exercise time %ld:%02ld; speed %dx; injects %d of %d delivered"), s.scenario_code,
	       s.ended ? _("ended") : s.running ? _("running") : _("paused"), s.elapsed / 60, s.elapsed % 60,
	       s.speed, s.delivered, s.total);
	if (s.next_offset >= 0)
		printf(_("; next at %ld min"), s.next_offset / 60);
	putchar('\n');
	return EXIT_OK;
}

static void print_delivery(int n, const char *channel, const char *message, void *arg)
{
	(void)arg;
	printf(_("inject %d (%s): "), n, channel);
	cli_put(stdout, message, 0);
	putchar('\n');
}

static int ex_report(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = { { "format", 1, 0, OPT_FORMAT }, { "output", 1, 0, OPT_OUT }, { 0, 0, 0, 0 } };
	const char *format = "text", *out = NULL;
	int c;
	optind = 2;
	while ((c = getopt_long(argc, argv, "o:", opts, NULL)) != -1) {
		if (c == OPT_FORMAT) format = optarg;
		else if (c == OPT_OUT || c == 'o') out = optarg;
		else return EXIT_USAGE;
	}
	char err[PO_ERRLEN];
	cJSON *report = exercise_report(cli->st, err, sizeof err);
	if (!report)
		return cli_fail(EXIT_STORE, err);
	char *text = NULL;
	enum doc_format f;
	if (!strcmp(format, "json"))
		text = cJSON_Print(report);
	else if (doc_format_parse(format, &f) == 0)
		text = exercise_doc_render(report, i18n_lang(), f);
	cJSON_Delete(report);
	if (!text)
		return cli_fail(EXIT_USAGE, _("report: --format is text, md, html or json"));
	int rc = EXIT_OK;
	if (out && doc_write_file(out, text, strlen(text), err, sizeof err) != 0)
		rc = cli_fail(EXIT_STORE, err);
	else if (!out)
		fputs(text, stdout);
	free(text);
	return rc;
}

/* Trainer commands on an open exercise store. */
static int ex_control(struct cli *cli, int argc, char **argv)
{
	static const struct { const char *name; enum exercise_cmd cmd; } cmds[] = {
		{ "pause", EX_PAUSE }, { "resume", EX_RESUME }, { "skip", EX_SKIP }, { "end", EX_END },
	};
	char err[PO_ERRLEN];
	const char *what = argv[1];
	for (size_t i = 0; i < sizeof cmds / sizeof *cmds; i++)
		if (!strcmp(what, cmds[i].name))
			return exercise_control(cli->st, cmds[i].cmd, err, sizeof err) == 0 ? ex_status(cli)
											     : cli_fail(EXIT_REFUSED, err);
	if (!strcmp(what, "speed") && argc == 3)
		return exercise_set_speed(cli->st, atoi(argv[2]), err, sizeof err) == 0 ? ex_status(cli)
											    : cli_fail(EXIT_REFUSED, err);
	if (!strcmp(what, "status"))
		return ex_status(cli);
	if (!strcmp(what, "tick"))
		return exercise_tick(cli->st, i18n_lang(), print_delivery, NULL, err, sizeof err) < 0
			       ? cli_fail(EXIT_STORE, err) : EXIT_OK;
	if (!strcmp(what, "report"))
		return ex_report(cli, argc, argv);
	return cli_fail(EXIT_USAGE, _("exercise: unknown action (see portops exercise --help)"));
}

int cmd_exercise(struct cli *cli, int argc, char **argv)
{
	if (cli_help(argc, argv, _("usage: portops exercise list\n"
				   "       portops exercise start SCENARIO [--db FILE] [--speed N] [--no-console]\n"
				   "                              [--agency CODE --operator NAME]\n"
				   "       portops --db EXERCISE-DB exercise status|pause|resume|skip|end|tick\n"
				   "       portops --db EXERCISE-DB exercise speed N\n"
				   "       portops --db EXERCISE-DB exercise report [--format text|md|html|json] [-o FILE]\n"
				   "start makes a new exercise store (never the live one) with the reference data and\n"
				   "opens the console on it; the exercise clock runs at N times real time. tick delivers\n"
				   "the injects that are due; the console does it by itself every second.\n")))
		return EXIT_OK;
	if (argc < 2)
		return cli_fail(EXIT_USAGE, _("exercise: give an action (see portops exercise --help)"));
	if (!strcmp(argv[1], "list"))
		return ex_list();
	if (!strcmp(argv[1], "start"))
		return argc >= 3 && argv[2][0] != '-' ? ex_start(cli, argc, argv)
						      : cli_fail(EXIT_USAGE, _("exercise start: which scenario?"));
	int rc = open_exercise(cli);
	return rc == EXIT_OK ? ex_control(cli, argc, argv) : rc;
}

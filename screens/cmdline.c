/* cmdline.c - see cmdline.h. */
#include "cmdline.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "console/i18n.h"
#include "console/worker.h"
#include "exercises_ui.h"
#include "fmt.h"
#include "list.h"
#include "nav.h"
#include "prompt.h"
#include "screens.h"
#include "storage/refdata.h"
#include "storage/util.h"

#define COMMAND_ROW(name, usage, help) { name, usage, help },
const struct console_command console_commands[] = {
	PORTOPS_CONSOLE_COMMANDS(COMMAND_ROW) { NULL, NULL, NULL },
};
#undef COMMAND_ROW

static int need_arg(struct app *a, const char *name, const char *arg)
{
	if (*arg)
		return 0;
	for (const struct console_command *c = console_commands; c->name; c++)
		if (!strcmp(c->name, name))
			app_msg(a, 1, _("usage: :%s %s"), name, _(c->usage));
	return -1;
}

static int do_port(struct app *a, const char *arg)
{
	if (need_arg(a, "port", arg) == 0)
		nav_open(a, "port", arg);
	return H_REDRAW;
}

static int do_go(struct app *a, const char *arg)
{
	char err[PO_ERRLEN];
	struct port p;
	if (need_arg(a, "go", arg) != 0)
		return H_REDRAW;
	cJSON *rec = store_get(a->st, NULL, arg, err, sizeof err);
	if (rec)
		nav_open(a, rec_str(rec, "kind"), rec_str(rec, "id"));
	else if (port_get(a->st, arg, &p) == 0)
		nav_open(a, "port", p.locode);
	else
		app_msg(a, 1, "%s", err);
	cJSON_Delete(rec);
	return H_REDRAW;
}

static int do_search(struct app *a, const char *arg)
{
	if (need_arg(a, "search", arg) == 0)
		nav_push(a, &search_screen, arg);
	return H_REDRAW;
}

static int do_filter(struct app *a, const char *arg)
{
	list_set_filter(nav_top(a), a, arg);
	return H_REDRAW;
}

static int do_regex(struct app *a, const char *arg)
{
	list_set_regex(nav_top(a), a, arg);
	return H_REDRAW;
}

static int do_isps(struct app *a, const char *arg)
{
	char locode[16], err[PO_ERRLEN];
	int level;
	if (sscanf(arg, "%15s %d", locode, &level) != 2 || level < 1 || level > 3) {
		app_msg(a, 1, _("usage: :%s %s"), "isps", _("LOCODE 1-3"));
		return H_REDRAW;
	}
	for (char *c = locode; *c; c++)
		*c = (char)toupper((unsigned char)*c);
	if (port_set_level(a->st, locode, level, err, sizeof err) != 0) {
		app_msg(a, 1, "%s", err);
		return H_REDRAW;
	}
	app_msg(a, 0, _("%s is now at ISPS level %d"), locode, level);
	a->writes++;
	nav_refresh(a);
	return H_REDRAW;
}

static int do_lang(struct app *a, const char *arg)
{
	if (strcmp(arg, "es") && strcmp(arg, "en")) {
		app_msg(a, 1, _("usage: :%s %s"), "lang", "es|en");
		return H_REDRAW;
	}
	i18n_init(arg);
	nav_close_all(a);
	nav_tab(a, a->tab);
	/* TRANSLATORS: shown after switching to your language: say that the interface now speaks it. */
	app_msg(a, 0, "%s", _("The interface now speaks English."));
	return H_REDRAW;
}

static int do_dump(struct app *a, const char *arg)
{
	if (need_arg(a, "dump-screen", arg) == 0)
		po_strlcpy(a->dump_path, arg, sizeof a->dump_path);
	return H_REDRAW;
}

static int do_refresh(struct app *a, const char *arg)
{
	(void)arg;
	nav_refresh(a);
	return H_REDRAW;
}

static int do_sync(struct app *a, const char *arg)
{
	(void)arg;
	worker_sync_now(a, 1);
	return H_REDRAW;
}

static int do_help(struct app *a, const char *arg)
{
	(void)arg;
	nav_push(a, &help_screen, "");
	return H_REDRAW;
}

static int do_quit(struct app *a, const char *arg)
{
	(void)a;
	(void)arg;
	return H_QUIT;
}

static const struct {
	const char *name;
	int (*run)(struct app *a, const char *arg);
} runners[] = {
	{ "port", do_port }, { "go", do_go }, { "search", do_search }, { "filter", do_filter },
	{ "regex", do_regex }, { "isps", do_isps }, { "lang", do_lang }, { "dump-screen", do_dump },
	{ "refresh", do_refresh }, { "sync", do_sync }, { "help", do_help }, { "quit", do_quit }, { "q", do_quit },
	{ "exercise", exercise_command }, { "report", exercise_report_command },
};

int cmdline_run(struct app *a, const char *text)
{
	char name[32];
	while (isspace((unsigned char)*text) || *text == ':')
		text++;
	size_t n = strcspn(text, " \t");
	const char *arg = text + n;
	while (isspace((unsigned char)*arg))
		arg++;
	if (n == 0)
		return H_REDRAW;
	snprintf(name, sizeof name, "%.*s", (int)(n < sizeof name ? n : sizeof name - 1), text);
	for (size_t i = 0; i < sizeof runners / sizeof runners[0]; i++)
		if (!strcmp(runners[i].name, name))
			return runners[i].run(a, arg) | H_HANDLED;
	app_msg(a, 1, _("unknown command ':%s' (:help lists them)"), name);
	return H_HANDLED | H_REDRAW;
}

static int command_done(struct app *a, const char *text, void *arg)
{
	(void)arg;
	return cmdline_run(a, text);
}

int cmdline_prompt(struct app *a)
{
	prompt_open(a, ":", NULL, command_done, NULL);
	return H_HANDLED | H_REDRAW;
}

static int search_done(struct app *a, const char *text, void *arg)
{
	(void)arg;
	if (*text)
		nav_push(a, &search_screen, text);
	return H_REDRAW;
}

int cmdline_search_prompt(struct app *a)
{
	prompt_open(a, _("Search:"), NULL, search_done, NULL);
	return H_HANDLED | H_REDRAW;
}

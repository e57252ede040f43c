/* cmdline.h - the console's command line (':'), also run by script mode's "cmd" steps. */
#ifndef PORTOPS_CMDLINE_H
#define PORTOPS_CMDLINE_H

#include "ui.h"

/* X(name, usage, help); usage and help are untranslated. */
#define PORTOPS_CONSOLE_COMMANDS(X) \
	X("port", N_("LOCODE"), N_("show a port: its ISPS level, threats and cases")) \
	X("go", N_("REF"), N_("open a record by its reference (case ref, code, number) or id")) \
	X("search", N_("WORDS"), N_("search every record (accents and case ignored)")) \
	X("filter", N_("FIELD=VALUE..."), N_("filter the current list by field; nothing shows all rows")) \
	X("regex", N_("PATTERN"), N_("filter the current list by a regular expression; nothing shows all")) \
	X("isps", N_("LOCODE 1-3"), N_("set the ISPS level of a port")) \
	X("lang", "es|en", N_("switch the language of the interface")) \
	X("dump-screen", N_("FILE"), N_("write the screen as UTF-8 text to FILE")) \
	X("refresh", "", N_("reload the current screen from the store")) \
	X("exercise", "start|pause|resume|skip|end|status|speed N", N_("the trainer's controls of the exercise clock")) \
	X("report", N_("[FILE [text|md|html]]"), N_("show the after-action report of the exercise, or write it to FILE")) \
	X("sync", "", N_("sync with the exchange now")) \
	X("help", "", N_("show the keys and commands")) \
	X("quit", "", N_("leave the console (also :q)"))

struct console_command {
	const char *name;   /* what follows ':' */
	const char *usage;  /* its arguments, untranslated */
	const char *help;   /* one line, untranslated */
};

/* Every command, ended by a NULL name. */
extern const struct console_command console_commands[];

/* Runs the command line text (without the ':'). Returns H_* flags; errors are messages. */
int cmdline_run(struct app *a, const char *text);
/* Opens the ':' prompt. */
int cmdline_prompt(struct app *a);
/* Opens the search prompt ('/'). */
int cmdline_search_prompt(struct app *a);

#endif

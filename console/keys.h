/* keys.h - the console's actions and the keys bound to them.
 *
 * Actions are one list (PORTOPS_ACTIONS) from which the enum, the help screen and the
 * documentation's table are made. Keys are bound to actions by a default table that the
 * operator may change in portops.conf ("bind KEY ACTION"). Screens see actions, never keys,
 * except in text prompts. */
#ifndef PORTOPS_KEYS_H
#define PORTOPS_KEYS_H

#include <stddef.h>

#include "i18n.h"

/* X(ID, name used in portops.conf, help text) */
#define PORTOPS_ACTIONS(X) \
	X(UP, "up", N_("move up one line")) \
	X(DOWN, "down", N_("move down one line")) \
	X(PAGE_UP, "page-up", N_("move up one page")) \
	X(PAGE_DOWN, "page-down", N_("move down one page")) \
	X(FIRST, "first", N_("go to the first line")) \
	X(LAST, "last", N_("go to the last line")) \
	X(OPEN, "open", N_("open the selected item")) \
	X(BACK, "back", N_("go back; on the first screen of a tab, leave the console")) \
	X(CLOSE, "close", N_("go back (never leaves the console)")) \
	X(QUIT, "quit", N_("leave the console")) \
	X(HELP, "help", N_("show the keys and commands")) \
	X(SEARCH, "search", N_("search every record (accents and case ignored)")) \
	X(REGEX, "regex", N_("filter the current list by a regular expression")) \
	X(FILTER, "filter", N_("filter the current list by field (port=, level=, status=...)")) \
	X(COMMAND, "command", N_("open the command line")) \
	X(ISPS, "isps-level", N_("set the ISPS level of the selected port")) \
	X(NEW, "new", N_("create a record of the kind listed (a form; a bulletin is composed)")) \
	X(EDIT, "edit", N_("edit the selected record (a form; a draft bulletin's text in the editor)")) \
	X(DELETE, "delete", N_("delete the selected record (asks first)")) \
	X(APPEND, "append", N_("append an entry to the case log (on the Exercises tab: respond to an inject)")) \
	X(AMEND, "amend", N_("append an entry that amends an earlier one of the case log")) \
	X(ADD, "add", N_("add to the case: entity, link, checklist, route leg, authorisation, handover")) \
	X(STATUS, "status", N_("change the status of the case (with a reason)")) \
	X(CHECKLIST, "checklist", N_("mark the steps of a checklist of the case")) \
	X(TRAIL, "trail", N_("show the audit trail of the record")) \
	X(REFRESH, "refresh", N_("reload the current screen from the store")) \
	X(CITE, "cite", N_("cite a threat, case or technique in the draft bulletin")) \
	X(PREVIEW, "preview", N_("preview the bulletin as the text document it renders to")) \
	X(ISSUE, "issue", N_("issue the draft bulletin (it gets its number)")) \
	X(WITHDRAW, "withdraw", N_("withdraw the issued bulletin (asks for the reason)")) \
	X(CORRECT, "correct", N_("make a correction: a new draft version of the bulletin")) \
	X(EX_RUN, "exercise-run", N_("start, pause or resume the exercise clock (trainer)")) \
	X(EX_SKIP, "exercise-skip", N_("skip the exercise clock to the next inject (trainer)")) \
	X(EX_SPEED, "exercise-speed", N_("change the speed of the exercise clock (trainer)")) \
	X(EX_END, "exercise-end", N_("end the exercise (trainer)")) \
	X(REPORT, "report", N_("show the after-action report of the exercise")) \
	X(DASHBOARD, "dashboard", N_("show the dashboard (port board)")) \
	X(THREATS, "threats", N_("show the threats")) \
	X(CASES, "cases", N_("show the cases")) \
	X(PROCEDURES, "procedures", N_("show the manual of procedures")) \
	X(DICTIONARY, "dictionary", N_("show the dictionary of techniques")) \
	X(BULLETINS, "bulletins", N_("show the bulletins")) \
	X(EXERCISES, "exercises", N_("show the exercises")) \
	X(SYNC, "sync", N_("show the sync state")) \
	X(SYNC_NOW, "sync-now", N_("sync with the exchange now"))

#define ACTION_ENUM(id, name, help) ACT_##id,
enum action { ACT_NONE = 0, PORTOPS_ACTIONS(ACTION_ENUM) ACT_COUNT };
#undef ACTION_ENUM

/* A key: a Unicode character, or KEYC_FN + a curses KEY_* code. Enter is always '\n'. */
typedef int keycode;
#define KEYC_FN 0x200000
#define KEYC_ENTER '\n'
#define KEYC_ESC 27

/* Turns what get_wch returned (ch, and is_fn non-zero for KEY_CODE_YES) into a keycode:
 * '\r' and KEY_ENTER become KEYC_ENTER, 8 and 127 become Backspace. */
keycode keys_from_input(int ch, int is_fn);

/* Parses a key name ("j", "?", "ñ", "Enter", "Esc", "Space", "Tab", "BTab", "Backspace", "Up",
 * "Down", "Left", "Right", "PgUp", "PgDn", "Home", "End", "Insert", "Delete", "F1".."F12",
 * "C-a".."C-z"; names are case-insensitive, single characters are not). Returns 0, or -1. */
int keys_parse(const char *name, keycode *out);
/* Writes the name of k into buf (the form keys_parse reads); returns buf. */
const char *keys_name(keycode k, char *buf, size_t n);

/* The action called name ("up", ...), or ACT_NONE. */
enum action action_by_name(const char *name);
/* The name and the untranslated help text of a (NULL for ACT_NONE or out of range). */
const char *action_name(enum action a);
const char *action_help(enum action a);

/* Resets the bindings to the default table. */
void keys_defaults(void);
/* Binds the key called key to the action called action ("none" removes the binding).
 * Returns 0, or -1 with a message in err naming the bad key or action. */
int keys_bind(const char *key, const char *action, char *err, size_t errlen);
/* The action bound to k, or ACT_NONE. */
enum action keys_action(keycode k);
/* Writes the names of the keys bound to a, separated by ", ", into out ("" when none).
 * Returns out. */
const char *keys_for_action(enum action a, char *out, size_t n);

#endif

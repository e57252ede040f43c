/* help.c - the help screen, made from the action table (keys.h), the current bindings and the
 * command table (cmdline.h), so that it always says what the console does. */
#include <stdio.h>
#include <string.h>

#include "cmdline.h"
#include "console/i18n.h"
#include "pager.h"
#include "screens.h"

static void key_lines(struct page *d)
{
	for (int a = 1; a < ACT_COUNT; a++) {
		char keys[128];
		struct line *l = page_line(d);
		if (!l)
			return;
		keys_for_action((enum action)a, keys, sizeof keys);
		l->indent = 2;
		l->flags = LF_WRAP;
		line_add(l, keys[0] ? keys : _("(no key)"), 16, ST_HEAD);
		line_add(l, action_name((enum action)a), 12, ST_DIM);
		line_add(l, _(action_help((enum action)a)), 0, ST_NORMAL);
	}
}

static void command_lines(struct page *d)
{
	for (const struct console_command *c = console_commands; c->name; c++) {
		char usage[128];
		struct line *l = page_line(d);
		if (!l)
			return;
		snprintf(usage, sizeof usage, ":%s %s", c->name, c->usage[0] ? _(c->usage) : "");
		l->indent = 2;
		l->flags = LF_WRAP;
		line_add(l, usage, 29, ST_HEAD);
		line_add(l, _(c->help), 0, ST_NORMAL);
	}
}

static int help_open(struct screen *s, struct app *a)
{
	struct page d = { 0 };
	snprintf(s->title, sizeof s->title, "%s", _("Help"));
	page_text(&d, ST_HEAD, 0, _("Keys"));
	key_lines(&d);
	page_heading(&d, _("Commands (type : first)"));
	command_lines(&d);
	page_heading(&d, _("Lists"));
	page_text(&d, ST_NORMAL, 2, _("f filters by field: threats by port=, level=, status=; cases by port=, "
				     "type=, status=, lead=; procedures by status=; the dictionary by category=, "
				     "modality=; bulletins by status=, tlp=, lang=. Several filters may be given, "
				     "separated by spaces. r filters the rows by a regular expression over their "
				     "text. An empty answer removes the filter."));
	page_heading(&d, _("Settings"));
	page_text(&d, ST_NORMAL, 2, _("Keys are bound in portops.conf with bind KEY ACTION, using the action "
				     "names above; see portops.conf(5)."));
	return pager_screen_open(s, a, &d);
}

const struct screen_ops help_screen = {
	"help", help_open, pager_screen_draw, pager_screen_key, pager_screen_close,
};

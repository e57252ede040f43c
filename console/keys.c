/* keys.c - see keys.h. */
#include "keys.h"

#include <curses.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <wchar.h>

#include "storage/util.h"

struct action_def {
	const char *name;  /* name in portops.conf */
	const char *help;  /* untranslated help text */
};

#define ACTION_ROW(id, name, help) { name, help },
static const struct action_def actions[ACT_COUNT] = { { NULL, NULL }, PORTOPS_ACTIONS(ACTION_ROW) };
#undef ACTION_ROW

/* Keys with names; single characters are their own names. */
static const struct {
	const char *name;
	keycode key;
} named[] = {
	{ "Enter", KEYC_ENTER }, { "Esc", KEYC_ESC }, { "Space", ' ' }, { "Tab", '\t' },
	{ "BTab", KEYC_FN + KEY_BTAB }, { "Backspace", KEYC_FN + KEY_BACKSPACE },
	{ "Up", KEYC_FN + KEY_UP }, { "Down", KEYC_FN + KEY_DOWN }, { "Left", KEYC_FN + KEY_LEFT },
	{ "Right", KEYC_FN + KEY_RIGHT }, { "PgUp", KEYC_FN + KEY_PPAGE }, { "PgDn", KEYC_FN + KEY_NPAGE },
	{ "Home", KEYC_FN + KEY_HOME }, { "End", KEYC_FN + KEY_END }, { "Insert", KEYC_FN + KEY_IC },
	{ "Delete", KEYC_FN + KEY_DC },
};
#define NNAMED (sizeof named / sizeof named[0])

/* The default bindings: every action reachable from the keyboard out of the box. */
static const struct {
	const char *key;
	enum action act;
} defaults[] = {
	{ "Up", ACT_UP }, { "k", ACT_UP }, { "Down", ACT_DOWN }, { "j", ACT_DOWN },
	{ "PgUp", ACT_PAGE_UP }, { "C-b", ACT_PAGE_UP }, { "PgDn", ACT_PAGE_DOWN }, { "C-f", ACT_PAGE_DOWN },
	{ "Space", ACT_PAGE_DOWN }, { "g", ACT_FIRST }, { "Home", ACT_FIRST }, { "G", ACT_LAST },
	{ "End", ACT_LAST }, { "Enter", ACT_OPEN }, { "Right", ACT_OPEN }, { "q", ACT_BACK },
	{ "Esc", ACT_CLOSE }, { "Left", ACT_CLOSE }, { "Q", ACT_QUIT }, { "?", ACT_HELP },
	{ "F1", ACT_HELP }, { "/", ACT_SEARCH }, { "r", ACT_REGEX }, { "f", ACT_FILTER },
	{ ":", ACT_COMMAND }, { "i", ACT_ISPS }, { "n", ACT_NEW }, { "e", ACT_EDIT }, { "a", ACT_APPEND }, { "d", ACT_DELETE }, { "A", ACT_AMEND },
	{ "+", ACT_ADD }, { "S", ACT_STATUS }, { "m", ACT_CHECKLIST }, { "t", ACT_TRAIL }, { "C-l", ACT_REFRESH }, { "1", ACT_DASHBOARD },
	{ "2", ACT_THREATS }, { "3", ACT_CASES }, { "4", ACT_PROCEDURES }, { "5", ACT_DICTIONARY },
	{ "6", ACT_BULLETINS }, { "7", ACT_EXERCISES }, { "8", ACT_SYNC }, { "s", ACT_SYNC_NOW },
	{ "c", ACT_CITE }, { "p", ACT_PREVIEW }, { "I", ACT_ISSUE }, { "W", ACT_WITHDRAW },
	{ "C", ACT_CORRECT }, { "P", ACT_EX_RUN },
	{ ">", ACT_EX_SKIP }, { "X", ACT_EX_SPEED }, { "E", ACT_EX_END }, { "R", ACT_REPORT },
};

enum { MAX_BINDINGS = 256 };
static struct {
	keycode key;
	enum action act;
} bindings[MAX_BINDINGS];
static size_t nbindings;

keycode keys_from_input(int ch, int is_fn)
{
	if (is_fn) {
		if (ch == KEY_ENTER)
			return KEYC_ENTER;
		return KEYC_FN + ch;
	}
	if (ch == '\r')
		return KEYC_ENTER;
	if (ch == 8 || ch == 127)
		return KEYC_FN + KEY_BACKSPACE;
	return ch;
}

/* Parses "C-x" into control-x; -1 when name is not of that form. */
static int parse_ctrl(const char *name, keycode *out)
{
	if ((name[0] != 'C' && name[0] != 'c') || name[1] != '-' || !name[2] || name[3])
		return -1;
	char c = name[2];
	if (c >= 'A' && c <= 'Z')
		c = (char)(c - 'A' + 'a');
	if (c < 'a' || c > 'z')
		return -1;
	*out = c - 'a' + 1;
	return 0;
}

/* Parses "F1".."F12". */
static int parse_fkey(const char *name, keycode *out)
{
	if ((name[0] != 'F' && name[0] != 'f') || !name[1])
		return -1;
	char *end;
	long n = strtol(name + 1, &end, 10);
	if (*end || n < 1 || n > 12 || name[1] == '0')
		return -1;
	*out = KEYC_FN + KEY_F((int)n);
	return 0;
}

/* Parses a name made of exactly one printable character (UTF-8). */
static int parse_char(const char *name, keycode *out)
{
	mbstate_t ps;
	memset(&ps, 0, sizeof ps);
	wchar_t wc;
	size_t len = strlen(name);
	size_t n = mbrtowc(&wc, name, len, &ps);
	if (n == 0 || n == (size_t)-1 || n == (size_t)-2 || n != len || wc <= ' ' || wc == 127)
		return -1;
	*out = (keycode)wc;
	return 0;
}

int keys_parse(const char *name, keycode *out)
{
	if (!name || !*name)
		return -1;
	for (size_t i = 0; i < NNAMED; i++)
		if (!strcasecmp(name, named[i].name)) {
			*out = named[i].key;
			return 0;
		}
	if (parse_ctrl(name, out) == 0 || parse_fkey(name, out) == 0)
		return 0;
	return parse_char(name, out);
}

const char *keys_name(keycode k, char *buf, size_t n)
{
	for (size_t i = 0; i < NNAMED; i++)
		if (named[i].key == k)
			return po_strlcpy(buf, named[i].name, n);
	if (k >= KEYC_FN + KEY_F(1) && k <= KEYC_FN + KEY_F(12))
		snprintf(buf, n, "F%d", k - KEYC_FN - KEY_F0);
	else if (k >= 1 && k <= 26)
		snprintf(buf, n, "C-%c", 'a' + k - 1);
	else if (k >= KEYC_FN)
		snprintf(buf, n, "key-%d", k - KEYC_FN);
	else {
		char mb[MB_LEN_MAX + 1];
		mbstate_t ps;
		memset(&ps, 0, sizeof ps);
		size_t len = wcrtomb(mb, (wchar_t)k, &ps);
		mb[len == (size_t)-1 ? 0 : len] = '\0';
		po_strlcpy(buf, mb, n);
	}
	return buf;
}

enum action action_by_name(const char *name)
{
	for (int a = 1; a < ACT_COUNT && name; a++)
		if (!strcmp(actions[a].name, name))
			return (enum action)a;
	return ACT_NONE;
}

const char *action_name(enum action a)
{
	return a > ACT_NONE && a < ACT_COUNT ? actions[a].name : NULL;
}

const char *action_help(enum action a)
{
	return a > ACT_NONE && a < ACT_COUNT ? actions[a].help : NULL;
}

/* Sets (act != ACT_NONE) or removes the binding of k. */
static void set_binding(keycode k, enum action act)
{
	size_t i = 0;
	while (i < nbindings && bindings[i].key != k)
		i++;
	if (act == ACT_NONE) {
		if (i < nbindings) {
			memmove(&bindings[i], &bindings[i + 1], (nbindings - i - 1) * sizeof bindings[0]);
			nbindings--;
		}
		return;
	}
	if (i == nbindings && nbindings < MAX_BINDINGS)
		nbindings++;
	if (i < nbindings) {
		bindings[i].key = k;
		bindings[i].act = act;
	}
}

void keys_defaults(void)
{
	nbindings = 0;
	for (size_t i = 0; i < sizeof defaults / sizeof defaults[0]; i++) {
		keycode k;
		if (keys_parse(defaults[i].key, &k) == 0)
			set_binding(k, defaults[i].act);
	}
}

int keys_bind(const char *key, const char *action, char *err, size_t errlen)
{
	keycode k;
	if (keys_parse(key, &k) != 0)
		return po_err(err, errlen, _("unknown key '%s'"), key ? key : "");
	enum action a = action_by_name(action);
	if (a == ACT_NONE && (!action || strcmp(action, "none")))
		return po_err(err, errlen, _("unknown action '%s'"), action ? action : "");
	set_binding(k, a);
	return 0;
}

enum action keys_action(keycode k)
{
	for (size_t i = 0; i < nbindings; i++)
		if (bindings[i].key == k)
			return bindings[i].act;
	return ACT_NONE;
}

const char *keys_for_action(enum action a, char *out, size_t n)
{
	size_t len = 0;
	if (n)
		out[0] = '\0';
	/* bindings keep the order of the default table, then of portops.conf */
	for (size_t i = 0; i < nbindings; i++) {
		if (bindings[i].act != a)
			continue;
		char name[32];
		keys_name(bindings[i].key, name, sizeof name);
		int w = snprintf(out + len, n - len, "%s%s", len ? ", " : "", name);
		if (w < 0 || (size_t)w >= n - len)
			break;
		len += (size_t)w;
	}
	return out;
}

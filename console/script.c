/* script.c - see script.h. */
#include "script.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "i18n.h"
#include "storage/util.h"

enum { SCRIPT_MAX = 1 << 20, MAX_COLS = 1000, MAX_ROWS = 500, MAX_WAIT = 60000, DEFAULT_WAIT_SYNC = 30000 };

/* Decodes the UTF-8 text into keys; spaces are skipped when skip_spaces. */
static int text_keys(const char *text, int skip_spaces, struct step *st, char *err, size_t errlen)
{
	size_t n = strlen(text);
	st->keys = calloc(n + 1, sizeof *st->keys);
	if (!st->keys)
		return po_err(err, errlen, "%s", _("out of memory"));
	mbstate_t ps;
	memset(&ps, 0, sizeof ps);
	for (size_t i = 0; i < n;) {
		wchar_t wc;
		size_t len = mbrtowc(&wc, text + i, n - i, &ps);
		if (len == 0 || len == (size_t)-1 || len == (size_t)-2)
			return po_err(err, errlen, "%s", _("the text is not valid UTF-8"));
		i += len;
		if (!(skip_spaces && wc == ' '))
			st->keys[st->nkeys++] = (keycode)wc;
	}
	if (st->nkeys == 0)
		return po_err(err, errlen, "%s", _("no keys given"));
	st->op = STEP_KEYS;
	return 1;
}

static int one_key(keycode k, struct step *st, char *err, size_t errlen)
{
	st->keys = malloc(sizeof *st->keys);
	if (!st->keys)
		return po_err(err, errlen, "%s", _("out of memory"));
	st->keys[0] = k;
	st->nkeys = 1;
	st->op = STEP_KEYS;
	return 1;
}

static int named_key(const char *arg, struct step *st, char *err, size_t errlen)
{
	keycode k;
	if (keys_parse(arg, &k) != 0)
		return po_err(err, errlen, _("unknown key '%s'"), arg);
	return one_key(k, st, err, errlen);
}

static int text_arg(enum step_op op, const char *arg, struct step *st, char *err, size_t errlen)
{
	if (op == STEP_CMD && *arg == ':')
		arg++;
	if (!*arg)
		return po_err(err, errlen, "%s", _("this step needs an argument"));
	st->text = strdup(arg);
	if (!st->text)
		return po_err(err, errlen, "%s", _("out of memory"));
	st->op = op;
	return 1;
}

/* Parses a whole number in [lo, hi]; -1 when arg is not one. */
static int number(const char *arg, int lo, int hi, int *out, char **rest)
{
	char *end;
	long v = strtol(arg, &end, 10);
	if (end == arg || v < lo || v > hi || (*end && !isspace((unsigned char)*end)))
		return -1;
	*out = (int)v;
	*rest = end;
	return 0;
}

static int resize_arg(const char *arg, struct step *st, char *err, size_t errlen)
{
	char *rest;
	if (number(arg, 20, MAX_COLS, &st->a, &rest) != 0 || number(rest, 5, MAX_ROWS, &st->b, &rest) != 0 ||
	    *rest)
		return po_err(err, errlen, _("resize needs COLS (20-%d) and ROWS (5-%d)"), MAX_COLS, MAX_ROWS);
	st->op = STEP_RESIZE;
	return 1;
}

static int wait_arg(const char *arg, struct step *st, char *err, size_t errlen)
{
	char *rest;
	if (number(arg, 0, MAX_WAIT, &st->a, &rest) != 0 || *rest)
		return po_err(err, errlen, _("wait-ms needs milliseconds from 0 to %d"), MAX_WAIT);
	st->op = STEP_WAIT;
	return 1;
}

static int wait_sync_arg(const char *arg, struct step *st, char *err, size_t errlen)
{
	char *rest;
	st->a = DEFAULT_WAIT_SYNC;
	if (*arg && (number(arg, 0, MAX_WAIT, &st->a, &rest) != 0 || *rest))
		return po_err(err, errlen, _("wait-sync takes milliseconds from 0 to %d"), MAX_WAIT);
	st->op = STEP_WAIT_SYNC;
	return 1;
}

/* Steps without an argument. */
static int bare_step(const char *word, struct step *st, char *err, size_t errlen)
{
	if (!strcmp(word, "enter"))
		return one_key(KEYC_ENTER, st, err, errlen);
	if (!strcmp(word, "esc"))
		return one_key(KEYC_ESC, st, err, errlen);
	if (!strcmp(word, "quit")) {
		st->op = STEP_QUIT;
		return 1;
	}
	return po_err(err, errlen, _("unknown step '%s'"), word);
}

static int keys_step(const char *arg, struct step *st, char *err, size_t errlen)
{
	return text_keys(arg, 1, st, err, errlen);
}

static int type_step(const char *arg, struct step *st, char *err, size_t errlen)
{
	return text_keys(arg, 0, st, err, errlen);
}

static int cmd_step(const char *arg, struct step *st, char *err, size_t errlen)
{
	return text_arg(STEP_CMD, arg, st, err, errlen);
}

static int dump_step(const char *arg, struct step *st, char *err, size_t errlen)
{
	return text_arg(STEP_DUMP, arg, st, err, errlen);
}

static int expect_step(const char *arg, struct step *st, char *err, size_t errlen)
{
	return text_arg(STEP_EXPECT, arg, st, err, errlen);
}

/* The steps that take an argument. */
static const struct {
	const char *word;
	int (*parse)(const char *arg, struct step *st, char *err, size_t errlen);
} with_arg[] = {
	{ "key", named_key }, { "keys", keys_step }, { "type", type_step }, { "cmd", cmd_step },
	{ "dump", dump_step }, { "expect", expect_step }, { "resize", resize_arg }, { "wait-ms", wait_arg },
	{ "wait-sync", wait_sync_arg },
};

int script_parse_line(const char *text, int line, struct step *st, char *err, size_t errlen)
{
	memset(st, 0, sizeof *st);
	st->line = line;
	while (isspace((unsigned char)*text))
		text++;
	if (!*text || *text == '#')
		return 0;
	char word[16];
	size_t w = strcspn(text, " \t");
	if (w >= sizeof word)
		return po_err(err, errlen, _("unknown step '%.*s'"), (int)w, text);
	po_strlcpy(word, text, w + 1);
	const char *arg = text + w + (text[w] ? 1 : 0);
	for (size_t i = 0; i < sizeof with_arg / sizeof with_arg[0]; i++)
		if (!strcmp(word, with_arg[i].word))
			return with_arg[i].parse(arg, st, err, errlen);
	if (text[w])
		return po_err(err, errlen, _("unknown step '%s'"), word);
	return bare_step(word, st, err, errlen);
}

static void step_free(struct step *st)
{
	free(st->keys);
	free(st->text);
}

/* Adds st to s; -1 when out of memory. */
static int add_step(struct script *s, const struct step *st)
{
	struct step *n = realloc(s->steps, (s->n + 1) * sizeof *n);
	if (!n)
		return -1;
	s->steps = n;
	s->steps[s->n++] = *st;
	return 0;
}

/* Parses every line of text into s; -1 with err at the first bad line. */
static int parse_all(struct script *s, char *text, char *err, size_t errlen)
{
	int line = 0;
	for (char *p = text, *end; p && *p; p = end) {
		end = strchr(p, '\n');
		if (end)
			*end++ = '\0';
		p[strcspn(p, "\r")] = '\0';
		struct step st;
		char why[PO_ERRLEN];
		int rc = script_parse_line(p, ++line, &st, why, sizeof why);
		if (rc < 0)
			return po_err(err, errlen, "%s:%d: %s", s->path, line, why);
		if (rc > 0 && add_step(s, &st) != 0) {
			step_free(&st);
			return po_err(err, errlen, "%s", _("out of memory"));
		}
	}
	return 0;
}

struct script *script_load(const char *path, char *err, size_t errlen)
{
	size_t len;
	char *text = po_read_file(path, SCRIPT_MAX, &len, err, errlen);
	if (!text)
		return NULL;
	struct script *s = calloc(1, sizeof *s);
	if (s) {
		po_strlcpy(s->path, path, sizeof s->path);
		if (parse_all(s, text, err, errlen) != 0) {
			script_free(s);
			s = NULL;
		}
	} else {
		po_err(err, errlen, "%s", _("out of memory"));
	}
	free(text);
	return s;
}

const struct step *script_next(struct script *s)
{
	return s->next < s->n ? &s->steps[s->next++] : NULL;
}

void script_free(struct script *s)
{
	if (!s)
		return;
	for (size_t i = 0; i < s->n; i++)
		step_free(&s->steps[i]);
	free(s->steps);
	free(s);
}

/* config.c - see config.h. */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "i18n.h"
#include "keys.h"
#include "storage/util.h"

enum { LINE_MAX_LEN = 1024 };

void config_defaults(struct config *c)
{
	memset(c, 0, sizeof *c);
	c->color = 1;
	c->sync_interval = CONFIG_SYNC_DEFAULT;
}

const char *config_path(char *buf, size_t n)
{
	const char *env = getenv("PORTOPS_CONF");
	const char *xdg = getenv("XDG_CONFIG_HOME");
	const char *home = getenv("HOME");
	if (env && *env)
		po_strlcpy(buf, env, n);
	else if (xdg && *xdg)
		snprintf(buf, n, "%s/portops/portops.conf", xdg);
	else
		snprintf(buf, n, "%s/.config/portops/portops.conf", home && *home ? home : ".");
	return buf;
}

/* Removes leading and trailing white space in place; returns the start. */
static char *trim(char *s)
{
	while (isspace((unsigned char)*s))
		s++;
	size_t n = strlen(s);
	while (n && isspace((unsigned char)s[n - 1]))
		s[--n] = '\0';
	return s;
}

/* Parses on/off and its synonyms into *out; -1 when v is none of them. */
static int parse_switch(const char *v, int *out)
{
	static const char *const on[] = { "on", "yes", "true", "1", NULL };
	static const char *const off[] = { "off", "no", "false", "0", NULL };
	for (int i = 0; on[i]; i++) {
		if (!strcasecmp(v, on[i])) {
			*out = 1;
			return 0;
		}
		if (!strcasecmp(v, off[i])) {
			*out = 0;
			return 0;
		}
	}
	return -1;
}

static int set_language(struct config *c, const char *v, char *err, size_t errlen)
{
	if (strcmp(v, "es") && strcmp(v, "en"))
		return po_err(err, errlen, _("language must be es or en, not '%s'"), v);
	po_strlcpy(c->language, v, sizeof c->language);
	return 0;
}

static int set_color(struct config *c, const char *v, char *err, size_t errlen)
{
	if (parse_switch(v, &c->color) != 0)
		return po_err(err, errlen, _("color must be on or off, not '%s'"), v);
	return 0;
}

static int set_sync_interval(struct config *c, const char *v, char *err, size_t errlen)
{
	char *end;
	errno = 0;
	long n = strtol(v, &end, 10);
	if (!*v || *end || errno || n < 0 || n > CONFIG_SYNC_MAX)
		return po_err(err, errlen, _("sync_interval must be a number of seconds from 0 to %d, not '%s'"),
			      CONFIG_SYNC_MAX, v);
	c->sync_interval = (int)n;
	return 0;
}

static const struct {
	const char *name;
	int (*set)(struct config *c, const char *v, char *err, size_t errlen);
} settings[] = {
	{ "language", set_language }, { "color", set_color }, { "sync_interval", set_sync_interval },
};

/* "bind KEY ACTION" (rest is the part after "bind"). */
static int bind_line(char *rest, char *err, size_t errlen)
{
	char *key = strtok(rest, " \t"), *act = strtok(NULL, " \t"), *extra = strtok(NULL, " \t");
	if (!key || !act || extra)
		return po_err(err, errlen, "%s", _("bind needs a key and an action: bind KEY ACTION"));
	return keys_bind(key, act, err, errlen);
}

static int setting_line(struct config *c, char *s, char *err, size_t errlen)
{
	char *eq = strchr(s, '=');
	if (!eq)
		return po_err(err, errlen, _("not a setting: '%s' (NAME=VALUE or bind KEY ACTION)"), s);
	*eq = '\0';
	char *name = trim(s), *value = trim(eq + 1);
	for (size_t i = 0; i < sizeof settings / sizeof settings[0]; i++)
		if (!strcmp(name, settings[i].name))
			return settings[i].set(c, value, err, errlen);
	return po_err(err, errlen, _("unknown setting '%s'"), name);
}

int config_line(struct config *c, const char *line, char *err, size_t errlen)
{
	char buf[LINE_MAX_LEN];
	if (strlen(line) >= sizeof buf)
		return po_err(err, errlen, "%s", _("line too long"));
	strcpy(buf, line);
	char *s = trim(buf);
	if (!*s || *s == '#')
		return 0;
	if (!strncmp(s, "bind", 4) && (s[4] == ' ' || s[4] == '\t'))
		return bind_line(s + 5, err, errlen);
	return setting_line(c, s, err, errlen);
}

int config_load(struct config *c, const char *path, char *err, size_t errlen)
{
	FILE *f = fopen(path, "r");
	if (!f) {
		if (errno == ENOENT)
			return 0;
		return po_err(err, errlen, _("cannot read %s: %s"), path, strerror(errno));
	}
	char line[LINE_MAX_LEN + 2], why[PO_ERRLEN];
	int bad = 0, n = 0;
	while (fgets(line, sizeof line, f)) {
		n++;
		line[strcspn(line, "\r\n")] = '\0';
		if (config_line(c, line, why, sizeof why) != 0 && bad++ == 0)
			po_err(err, errlen, "%s:%d: %s", path, n, why);
	}
	fclose(f);
	return bad;
}

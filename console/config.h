/* config.h - portops.conf: the operator's settings for the console.
 *
 * One setting per line; '#' starts a comment line; blank lines are ignored:
 *   language=es|en        language of the interface (else PORTOPS_LANG, else the locale)
 *   color=on|off          colours (on by default; NO_COLOR in the environment turns them off)
 *   sync_interval=N       seconds between automatic syncs, 0 for never (default 300)
 *   bind KEY ACTION       binds KEY to ACTION (keys.h names; ACTION "none" unbinds KEY)
 * Spaces around '=' are allowed. See portops.conf(5). */
#ifndef PORTOPS_CONFIG_H
#define PORTOPS_CONFIG_H

#include <stddef.h>

struct config {
	char language[3];   /* "es", "en", or "" when the file does not say */
	int color;          /* 1 colours on, 0 off */
	int sync_interval;  /* seconds between automatic syncs; 0 never */
};

#define CONFIG_SYNC_DEFAULT 300
#define CONFIG_SYNC_MAX 86400

/* Fills c with the defaults (no language, colour on, CONFIG_SYNC_DEFAULT). */
void config_defaults(struct config *c);
/* Writes the path of the configuration file into buf: $PORTOPS_CONF, else
 * $XDG_CONFIG_HOME/portops/portops.conf, else $HOME/.config/portops/portops.conf. Returns buf. */
const char *config_path(char *buf, size_t n);
/* Applies one line of the file (no newline needed). "bind" lines change the key bindings
 * (keys_bind). Returns 0, or -1 with a message in err; c is unchanged on error. */
int config_line(struct config *c, const char *line, char *err, size_t errlen);
/* Reads the file at path, applying every good line. A missing file is not an error. Returns the
 * number of bad lines (0 when all were good), with the first one's message ("FILE:LINE: why") in
 * err; -1 with err when the file exists but cannot be read. */
int config_load(struct config *c, const char *path, char *err, size_t errlen);

#endif

/* i18n.c - see i18n.h. The catalogue is looked up in PORTOPS_LOCALEDIR, then beside the
 * program (build/locale, for running from the source tree), then in the installed prefix. */
#include "i18n.h"

#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "storage/util.h"

#ifndef PORTOPS_LOCALEDIR
#define PORTOPS_LOCALEDIR "/usr/local/share/locale"
#endif

static char lang_now[3] = "en";

static const char *locale_dir(void)
{
	static char dir[4096];
	const char *env = getenv("PORTOPS_LOCALEDIR");
	if (env && *env)
		return env;
	char exe[4000];
	if (po_exe_dir(exe, sizeof exe) == 0) {
		snprintf(dir, sizeof dir, "%s/locale/es/LC_MESSAGES/portops.mo", exe);
		if (access(dir, R_OK) == 0) {
			snprintf(dir, sizeof dir, "%s/locale", exe);
			return dir;
		}
	}
	return PORTOPS_LOCALEDIR;
}

void i18n_init(const char *lang)
{
	setlocale(LC_ALL, "");
	const char *msgs = setlocale(LC_MESSAGES, NULL);
	if (lang && (!strcmp(lang, "es") || !strcmp(lang, "en"))) {
		/* LANGUAGE takes precedence over the locale for gettext's choice of catalogue. */
		setenv("LANGUAGE", lang, 1);
		strcpy(lang_now, lang);
	} else {
		const char *l = getenv("LANGUAGE");
		if (!l || !*l)
			l = msgs;
		strcpy(lang_now, l && !strncmp(l, "es", 2) ? "es" : "en");
	}
	bindtextdomain("portops", locale_dir());
	bind_textdomain_codeset("portops", "UTF-8");
	textdomain("portops");
}

const char *i18n_lang(void)
{
	return lang_now;
}

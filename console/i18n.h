/* i18n.h - translations (gettext). Every string a person reads goes through _(); strings in
 * static tables are marked with N_() and translated where they are shown. */
#ifndef PORTOPS_I18N_H
#define PORTOPS_I18N_H

#include <libintl.h>

#define _(s) gettext(s)
#define N_(s) (s)

/* Sets the locale from the environment and binds the "portops" message catalogue. lang ("es",
 * "en" or NULL for the locale's choice) overrides the language of messages. */
void i18n_init(const char *lang);
/* "es" or "en": the language the interface speaks after i18n_init. */
const char *i18n_lang(void);

#endif

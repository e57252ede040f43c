/* screens.h - every screen of the console (one file each under screens/). Tab roots, then the
 * detail screens they open (arg: the record id, or the LOCODE for a port, or the query). */
#ifndef PORTOPS_SCREENS_H
#define PORTOPS_SCREENS_H

#include "ui.h"

extern const struct screen_ops dashboard_screen;  /* 1: the port board */
extern const struct screen_ops threats_screen;    /* 2 */
extern const struct screen_ops cases_screen;      /* 3 */
extern const struct screen_ops procedures_screen; /* 4: the manual */
extern const struct screen_ops dictionary_screen; /* 5: techniques and modalities */
extern const struct screen_ops bulletins_screen;  /* 6 */
extern const struct screen_ops exercises_screen;  /* 7 */
extern const struct screen_ops sync_screen;       /* 8 */

extern const struct screen_ops port_screen;       /* a port: its level, threats and cases */
extern const struct screen_ops threat_screen;
extern const struct screen_ops case_screen;
extern const struct screen_ops procedure_screen;
extern const struct screen_ops technique_screen;
extern const struct screen_ops bulletin_screen;
extern const struct screen_ops scenario_screen;
extern const struct screen_ops help_screen;       /* keys and commands */
extern const struct screen_ops search_screen;     /* results of a search, grouped by kind */

#endif

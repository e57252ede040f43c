/* nav.h - the tabs and each tab's stack of screens: open, go back, switch tab, open a record. */
#ifndef PORTOPS_NAV_H
#define PORTOPS_NAV_H

#include "ui.h"

/* Opens a screen of ops showing arg on top of the current tab. Returns 0, or -1 when it could
 * not be opened (a message says why; nothing changed). */
int nav_push(struct app *a, const struct screen_ops *ops, const char *arg);
/* Closes the top screen of the current tab unless it is the tab's root. Returns 0, or -1 at
 * the root. */
int nav_pop(struct app *a);
/* The screen on top of the current tab (NULL only before the first nav_tab). */
struct screen *nav_top(struct app *a);
/* Shows tab t (0..NTABS-1), opening its root screen when the tab has none; when t is already
 * shown, goes back to its root screen. */
void nav_tab(struct app *a, int t);
/* Opens the detail screen of the record kind/id (a child record opens its case; kind "port"
 * opens the port with LOCODE id). Returns 0, or -1 with a message. */
int nav_open(struct app *a, const char *kind, const char *id);
/* The kind of record the detail screen ops shows ("port" for ports), or NULL. */
const char *nav_kind(const struct screen_ops *ops);
/* Reloads the top screen from the store (its position may reset). */
void nav_refresh(struct app *a);
/* Closes every screen of every tab. */
void nav_close_all(struct app *a);
/* The untranslated label of tab t ("Dashboard", ...). */
const char *nav_tab_label(int t);

#endif

/* pager.h - the screen that shows a page (page.h): scrolls, wraps long text to the width of
 * the terminal (again after a resize), moves a cursor over the lines when the page has
 * links and opens the link under it with Enter, and hides the lines that do not match a regular
 * expression (r). Detail screens build a page in their open and hand it to pager_screen_open. */
#ifndef PORTOPS_PAGER_H
#define PORTOPS_PAGER_H

#include "page.h"
#include "ui.h"

/* Makes s show d; takes the lines of d (d is left empty). Returns 0, or -1 when out of memory. */
int pager_screen_open(struct screen *s, struct app *a, struct page *d);
void pager_screen_draw(struct screen *s, struct app *a, const struct area *r);
int pager_screen_key(struct screen *s, struct app *a, enum action act, keycode k);
void pager_screen_close(struct screen *s);
/* The page line under the cursor, or NULL (for screens that add keys of their own). */
const struct line *pager_current(struct screen *s);
/* Moves the cursor to the first line that links to kind/id; 0, or -1 when there is none. */
int pager_select(struct screen *s, const char *kind, const char *id);

#endif

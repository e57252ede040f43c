/* draw.h - drawing text on the screen: every string is sanitised (console/sanitize.h), measured
 * in terminal cells and clipped to its place. Styles become colours when colour is on. */
#ifndef PORTOPS_DRAW_H
#define PORTOPS_DRAW_H

#include <stddef.h>
#include <stdio.h>

#include "ui.h"

/* Sets up the colour pairs (color non-zero and the terminal has colours) or plain attributes.
 * Returns whether colours are in use. Call after the screen is initialised. */
int draw_setup(int color);
/* Cells that the UTF-8 text s takes once sanitised (wide characters count two). */
int text_width(const char *s);
/* Bytes of the start of s (already sanitised) that fit in w cells; the cells in *used. */
size_t text_fit(const char *s, int w, int *used);
/* Draws s at (y, x), sanitised and clipped to w cells, in style st; pads with spaces to w cells
 * when pad is non-zero. Returns the cells drawn (without the padding). */
int draw_text(int y, int x, int w, const char *s, enum style st, int pad);
/* Like draw_text without padding, but text longer than w cells ends in "…". */
int draw_clipped(int y, int x, int w, const char *s, enum style st);
/* Fills w cells at (y, x) with spaces in style st. */
void draw_fill(int y, int x, int w, enum style st);
/* The style of a TLP label ("AMBER", ...) and of a threat level ("high", ...). */
enum style style_tlp(const char *tlp);
enum style style_level(const char *level);
/* The style of an ISPS level (1-3). */
enum style style_isps(int level);

/* Writes the virtual screen as UTF-8 text to path: one line per row, trailing spaces removed.
 * Returns 0, or -1 with err. */
int draw_dump(const char *path, char *err, size_t errlen);
/* Writes the screen as draw_dump does to the open file f. */
void draw_dump_file(FILE *f);
/* Non-zero when the screen shows text (UTF-8) on one of its rows. */
int draw_contains(const char *text);

#endif

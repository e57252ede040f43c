/* bars.h - the tab bar (top row), the status bar and the message line (bottom rows). */
#ifndef PORTOPS_BARS_H
#define PORTOPS_BARS_H

#include "ui.h"

/* Draws the tabs "1 Dashboard 2 Threats ..." in row y over w cells, the current one
 * highlighted; labels of the other tabs are shortened when they do not fit. With an exercise
 * database, a red EXERCISE banner ends the row. */
void tabbar_draw(struct app *a, int y, int w);
/* Draws "agency · operator · sync state · UTC clock" in row y over w cells. */
void statusbar_draw(struct app *a, int y, int w);
/* Draws the message line: the prompt when one is open, else a->msg, else a hint of keys. */
void msgline_draw(struct app *a, int y, int w);
/* Writes the status bar's clock for now into out ("YYYY-MM-DD HH:MM UTC"; 21 bytes). */
void statusbar_clock(char out[21]);

#endif

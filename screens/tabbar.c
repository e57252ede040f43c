/* tabbar.c - the tab bar (bars.h). */
#include <stdio.h>
#include <string.h>

#include "bars.h"
#include "console/i18n.h"
#include "draw.h"
#include "nav.h"

/* Bytes of the first max cells of label (whole characters). */
static size_t label_cut(const char *label, int max)
{
	return text_fit(label, max, NULL);
}

/* Width of the bar when the labels of the other tabs are cut to max cells. */
static int bar_width(const struct app *a, int max)
{
	int w = 0;
	for (int t = 0; t < NTABS; t++) {
		int lw = text_width(_(nav_tab_label(t)));
		w += 3 + (t == a->tab || lw < max ? lw : max);
	}
	return w;
}

void tabbar_draw(struct app *a, int y, int w)
{
	const char *banner = a->exercise ? _("EXERCISE") : NULL;
	int room = w - (banner ? text_width(banner) + 3 : 0);
	int max = 20;
	while (max > 1 && bar_width(a, max) > room)
		max--;
	draw_fill(y, 0, w, ST_TAB);
	int x = 0;
	for (int t = 0; t < NTABS && x < room; t++) {
		const char *label = _(nav_tab_label(t));
		char item[64];
		size_t n = t == a->tab ? strlen(label) : label_cut(label, max);
		snprintf(item, sizeof item, " %d %.*s", t + 1, (int)n, label);
		x += draw_text(y, x, room - x, item, t == a->tab ? ST_TAB_ON : ST_TAB, 0);
	}
	if (banner)
		draw_text(y, w - text_width(banner) - 2, text_width(banner) + 2, banner, ST_EXERCISE, 0);
}

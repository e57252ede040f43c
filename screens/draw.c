/* draw.c - see draw.h. */
#include "draw.h"

#include <curses.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "console/i18n.h"
#include "console/sanitize.h"
#include "storage/util.h"

enum { BUF_CELLS = 1024 };

static int use_color;

/* Colour of each style: foreground, background (-1 for the terminal's own), plus attributes. */
static const struct {
	short fg, bg;    /* colour pair, when colours are on */
	attr_t attr;     /* attributes with colour */
	attr_t plain;    /* attributes without colour */
} styles[ST_COUNT] = {
	[ST_NORMAL] = { -1, -1, A_NORMAL, A_NORMAL },
	[ST_HEAD] = { COLOR_CYAN, -1, A_BOLD, A_BOLD },
	[ST_DIM] = { -1, -1, A_DIM, A_DIM },
	[ST_COLHEAD] = { COLOR_CYAN, -1, A_UNDERLINE, A_UNDERLINE },
	[ST_SELECT] = { COLOR_BLACK, COLOR_CYAN, A_NORMAL, A_REVERSE },
	[ST_TAB] = { COLOR_WHITE, COLOR_BLUE, A_NORMAL, A_REVERSE },
	[ST_TAB_ON] = { COLOR_BLACK, COLOR_WHITE, A_BOLD, A_BOLD },
	[ST_BAR] = { COLOR_WHITE, COLOR_BLUE, A_NORMAL, A_REVERSE },
	[ST_ERROR] = { COLOR_RED, -1, A_BOLD, A_BOLD },
	[ST_EXERCISE] = { COLOR_WHITE, COLOR_RED, A_BOLD, A_BOLD | A_REVERSE },
	[ST_LINK] = { COLOR_BLUE, -1, A_NORMAL, A_NORMAL },
	[ST_TLP_CLEAR] = { COLOR_WHITE, COLOR_BLACK, A_BOLD, A_BOLD },
	[ST_TLP_GREEN] = { COLOR_GREEN, COLOR_BLACK, A_BOLD, A_BOLD },
	[ST_TLP_AMBER] = { COLOR_YELLOW, COLOR_BLACK, A_BOLD, A_BOLD },
	[ST_TLP_RED] = { COLOR_RED, COLOR_BLACK, A_BOLD, A_BOLD },
	[ST_LOW] = { COLOR_GREEN, -1, A_NORMAL, A_NORMAL },
	[ST_MEDIUM] = { COLOR_YELLOW, -1, A_NORMAL, A_NORMAL },
	[ST_HIGH] = { COLOR_RED, -1, A_BOLD, A_BOLD },
	[ST_CRITICAL] = { COLOR_WHITE, COLOR_RED, A_BOLD, A_BOLD | A_REVERSE },
};

int draw_setup(int color)
{
	use_color = color && has_colors() && start_color() == OK;
	if (!use_color)
		return 0;
	use_default_colors();
	for (int i = 1; i < ST_COUNT; i++)
		init_pair((short)i, styles[i].fg, styles[i].bg);
	return 1;
}

static void set_style(enum style st)
{
	if (use_color)
		attrset(styles[st].attr | (st ? COLOR_PAIR(st) : 0));
	else
		attrset(styles[st].plain);
}

/* Decodes the next character of s (n bytes left) into *wc; returns its length (1 for a bad
 * byte, decoded as U+FFFD). */
static size_t next_char(const char *s, size_t n, wchar_t *wc)
{
	mbstate_t ps;
	memset(&ps, 0, sizeof ps);
	size_t len = mbrtowc(wc, s, n, &ps);
	if (len == 0 || len == (size_t)-1 || len == (size_t)-2) {
		*wc = 0xfffd;
		return 1;
	}
	return len;
}

/* Cells of wc; characters the terminal cannot print count as one U+FFFD. */
static int char_cells(wchar_t *wc)
{
	int w = wcwidth(*wc);
	if (w < 0) {
		*wc = 0xfffd;
		w = 1;
	}
	return w;
}

size_t text_fit(const char *s, int w, int *used)
{
	size_t n = strlen(s), i = 0;
	int cells = 0;
	while (i < n) {
		wchar_t wc;
		size_t len = next_char(s + i, n - i, &wc);
		int cw = char_cells(&wc);
		if (cells + cw > w)
			break;
		cells += cw;
		i += len;
	}
	if (used)
		*used = cells;
	return i;
}

int text_width(const char *s)
{
	char *clean = sanitize_dup(s ? s : "", 0);
	int used = 0;
	if (clean)
		text_fit(clean, 1 << 30, &used);
	free(clean);
	return used;
}

void draw_fill(int y, int x, int w, enum style st)
{
	set_style(st);
	for (int i = 0; i < w; i++)
		mvaddch(y, x + i, ' ');
	set_style(ST_NORMAL);
}

/* Converts up to w cells of the sanitised text s into wide characters in out (room for
 * BUF_CELLS + 1); returns the cells taken. */
static int to_wide(const char *s, int w, wchar_t *out)
{
	size_t n = strlen(s), i = 0, o = 0;
	int cells = 0;
	while (i < n && o < BUF_CELLS) {
		wchar_t wc;
		size_t len = next_char(s + i, n - i, &wc);
		int cw = char_cells(&wc);
		if (cells + cw > w)
			break;
		out[o++] = wc;
		cells += cw;
		i += len;
	}
	out[o] = L'\0';
	return cells;
}

int draw_text(int y, int x, int w, const char *s, enum style st, int pad)
{
	if (w <= 0)
		return 0;
	if (w > BUF_CELLS)
		w = BUF_CELLS;
	char *clean = sanitize_dup(s ? s : "", 0);
	wchar_t wide[BUF_CELLS + 1];
	int cells = clean ? to_wide(clean, w, wide) : 0;
	free(clean);
	if (pad)
		draw_fill(y, x, w, st);
	set_style(st);
	if (cells)
		mvaddnwstr(y, x, wide, -1);
	set_style(ST_NORMAL);
	return cells;
}

int draw_clipped(int y, int x, int w, const char *s, enum style st)
{
	if (w < 2 || text_width(s) <= w)
		return draw_text(y, x, w, s, st, 0);
	int n = draw_text(y, x, w - 1, s, st, 0);
	return n + draw_text(y, x + n, 1, "…", st, 0);
}

enum style style_tlp(const char *tlp)
{
	if (!tlp)
		return ST_NORMAL;
	if (!strcmp(tlp, "RED"))
		return ST_TLP_RED;
	if (!strncmp(tlp, "AMBER", 5))
		return ST_TLP_AMBER;
	if (!strcmp(tlp, "GREEN"))
		return ST_TLP_GREEN;
	return ST_TLP_CLEAR;
}

enum style style_level(const char *level)
{
	static const char *const names[] = { "low", "medium", "high", "critical" };
	static const enum style st[] = { ST_LOW, ST_MEDIUM, ST_HIGH, ST_CRITICAL };
	for (int i = 0; level && i < 4; i++)
		if (!strcmp(level, names[i]))
			return st[i];
	return ST_NORMAL;
}

enum style style_isps(int level)
{
	return level >= 3 ? ST_HIGH : level == 2 ? ST_MEDIUM : ST_LOW;
}

/* Reads row y of the screen as UTF-8 into out (size n), trailing spaces removed. */
static void screen_row(int y, char *out, size_t n)
{
	cchar_t cells[BUF_CELLS + 1];
	int w = COLS < BUF_CELLS ? COLS : BUF_CELLS;
	size_t len = 0;
	out[0] = '\0';
	if (mvin_wchnstr(y, 0, cells, w) == ERR)
		return;
	for (int x = 0; x < w; x++) {
		wchar_t wch[CCHARW_MAX + 1];
		attr_t attrs;
		short pair;
		if (getcchar(&cells[x], wch, &attrs, &pair, NULL) == ERR || !wch[0])
			break;
		char mb[MB_LEN_MAX * (CCHARW_MAX + 1) + 1];
		size_t m = wcstombs(mb, wch, sizeof mb);
		if (m == (size_t)-1 || len + m + 1 >= n)
			break;
		memcpy(out + len, mb, m);
		len += m;
	}
	while (len && out[len - 1] == ' ')
		len--;
	out[len] = '\0';
}

void draw_dump_file(FILE *f)
{
	char row[BUF_CELLS * 8];
	for (int y = 0; y < LINES; y++) {
		screen_row(y, row, sizeof row);
		fprintf(f, "%s\n", row);
	}
}

int draw_dump(const char *path, char *err, size_t errlen)
{
	FILE *f = fopen(path, "w");
	if (!f)
		return po_err(err, errlen, _("cannot write %s: %s"), path, strerror(errno));
	draw_dump_file(f);
	if (fclose(f) != 0)
		return po_err(err, errlen, _("cannot write %s: %s"), path, strerror(errno));
	return 0;
}

int draw_contains(const char *text)
{
	char row[BUF_CELLS * 8];
	for (int y = 0; y < LINES; y++) {
		screen_row(y, row, sizeof row);
		if (strstr(row, text))
			return 1;
	}
	return 0;
}

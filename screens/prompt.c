/* prompt.c - see prompt.h. */
#include "prompt.h"

#include <curses.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "draw.h"
#include "storage/util.h"

enum { PROMPT_MAX = 400 };

struct prompt {
	char label[128];         /* shown before the text */
	wchar_t text[PROMPT_MAX + 1]; /* what was typed */
	size_t len, pos;         /* its length and the cursor */
	prompt_done done;        /* called on Enter */
	void *arg;               /* passed back */
};

void prompt_open(struct app *a, const char *label, const char *init, prompt_done done, void *arg)
{
	prompt_close(a);
	struct prompt *p = calloc(1, sizeof *p);
	if (!p)
		return;
	po_strlcpy(p->label, label, sizeof p->label);
	if (init) {
		size_t n = mbstowcs(p->text, init, PROMPT_MAX);
		p->len = p->pos = n == (size_t)-1 ? 0 : n;
		p->text[p->len] = L'\0';
	}
	p->done = done;
	p->arg = arg;
	a->prompt = p;
	curs_set(1);
}

void prompt_close(struct app *a)
{
	free(a->prompt);
	a->prompt = NULL;
	curs_set(0);
}

static void insert(struct prompt *p, wchar_t c)
{
	if (p->len >= PROMPT_MAX || c < ' ' || c == 127)
		return;
	memmove(&p->text[p->pos + 1], &p->text[p->pos], (p->len - p->pos + 1) * sizeof(wchar_t));
	p->text[p->pos++] = c;
	p->len++;
}

/* Removes the character at index i. */
static void erase_at(struct prompt *p, size_t i)
{
	if (i >= p->len)
		return;
	memmove(&p->text[i], &p->text[i + 1], (p->len - i) * sizeof(wchar_t));
	p->len--;
}

static int accept(struct app *a)
{
	struct prompt *p = a->prompt;
	char text[PROMPT_MAX * 4 + 1];
	size_t n = wcstombs(text, p->text, sizeof text);
	if (n == (size_t)-1)
		text[0] = '\0';
	prompt_done done = p->done;
	void *arg = p->arg;
	prompt_close(a);
	return (done ? done(a, text, arg) : 0) | H_HANDLED | H_REDRAW;
}

/* Empties the text (C-u). */
static void empty_text(struct prompt *p)
{
	p->len = 0;
	p->pos = 0;
	p->text[0] = L'\0';
}

/* Cursor movement and erasing; returns 1 when k was one of them. */
static int edit_key(struct prompt *p, keycode k)
{
	if (k == KEYC_FN + KEY_LEFT && p->pos > 0)
		p->pos--;
	else if (k == KEYC_FN + KEY_RIGHT && p->pos < p->len)
		p->pos++;
	else if (k == KEYC_FN + KEY_HOME || k == 1)
		p->pos = 0;
	else if (k == KEYC_FN + KEY_END || k == 5)
		p->pos = p->len;
	else if (k == KEYC_FN + KEY_BACKSPACE && p->pos > 0)
		erase_at(p, --p->pos);
	else if (k == KEYC_FN + KEY_DC)
		erase_at(p, p->pos);
	else if (k == 21)
		empty_text(p);
	else
		return k >= KEYC_FN || k < ' ';
	return 1;
}

int prompt_key(struct app *a, keycode k)
{
	struct prompt *p = a->prompt;
	if (!p)
		return H_NONE;
	if (k == KEYC_ENTER)
		return accept(a);
	if (k == KEYC_ESC) {
		prompt_close(a);
		return H_HANDLED | H_REDRAW;
	}
	if (!edit_key(p, k))
		insert(p, (wchar_t)k);
	return H_HANDLED | H_REDRAW;
}

void prompt_draw(struct app *a, int y, int w)
{
	struct prompt *p = a->prompt;
	int x = draw_text(y, 0, w, p->label, ST_HEAD, 0);
	x += draw_text(y, x, w - x, " ", ST_NORMAL, 0);
	/* show the end of long text so that the cursor stays visible */
	char before[PROMPT_MAX * 4 + 1], all[PROMPT_MAX * 4 + 1];
	wchar_t save = p->text[p->pos];
	p->text[p->pos] = L'\0';
	size_t nb = wcstombs(before, p->text, sizeof before);
	p->text[p->pos] = save;
	size_t na = wcstombs(all, p->text, sizeof all);
	if (nb == (size_t)-1 || na == (size_t)-1)
		before[0] = all[0] = '\0';
	int cw = text_width(before), room = w - x - 1;
	const char *shown = all;
	while (cw > room && *shown) {
		wchar_t wc;
		int len = mbtowc(&wc, shown, MB_CUR_MAX);
		int cells = len > 0 ? wcwidth(wc) : 1;
		shown += len > 0 ? len : 1;
		cw -= cells > 0 ? cells : 1;
	}
	draw_text(y, x, w - x, shown, ST_NORMAL, 0);
	move(y, x + cw);
}

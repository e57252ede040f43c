/* page.c - see page.h. */
#include "page.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "console/sanitize.h"
#include "draw.h"
#include "storage/util.h"

enum { FIELD_LABEL = 18 };

static void add_span(struct line *l, const char *text, int width, enum style st, int right)
{
	if (l->n >= LINE_SPANS)
		return;
	char *t = sanitize_dup(text ? text : "", 0);
	if (!t)
		return;
	struct span *s = &l->sp[l->n++];
	s->text = t;
	s->width = (short)width;
	s->style = (short)st;
	s->right = (short)right;
}

void line_add(struct line *l, const char *text, int width, enum style st)
{
	add_span(l, text, width, st, 0);
}

void line_add_right(struct line *l, const char *text, int width, enum style st)
{
	add_span(l, text, width, st, 1);
}

void line_link(struct line *l, const char *kind, const char *id)
{
	po_strlcpy(l->link_kind, kind ? kind : "", sizeof l->link_kind);
	po_strlcpy(l->link_id, id ? id : "", sizeof l->link_id);
}

const char *line_text(const struct line *l, char *buf, size_t n)
{
	size_t len = 0;
	if (n)
		buf[0] = '\0';
	for (int i = 0; i < l->n && len + 1 < n; i++) {
		int w = snprintf(buf + len, n - len, "%s%s", i ? " " : "", l->sp[i].text);
		if (w < 0)
			break;
		len += (size_t)w < n - len ? (size_t)w : n - len - 1;
	}
	return buf;
}

void line_free(struct line *l)
{
	for (int i = 0; i < l->n; i++)
		free(l->sp[i].text);
	memset(l, 0, sizeof *l);
}

struct line *page_line(struct page *d)
{
	if (d->n == d->cap) {
		size_t cap = d->cap ? d->cap * 2 : 64;
		struct line *n = realloc(d->lines, cap * sizeof *n);
		if (!n)
			return NULL;
		d->lines = n;
		d->cap = cap;
	}
	struct line *l = &d->lines[d->n++];
	memset(l, 0, sizeof *l);
	return l;
}

/* Cells of the marker that starts a list item ("- ", "12. ", "[ ] 12. "), 0 when none. */
static int item_marker(const char *s)
{
	const char *p = s;
	if (!strncmp(p, "- ", 2))
		return 2;
	if (p[0] == '[' && p[1] && p[2] == ']' && p[3] == ' ')
		p += 4;
	const char *digits = p;
	while (*p >= '0' && *p <= '9')
		p++;
	if (p > digits && p[0] == '.' && p[1] == ' ')
		return (int)(p + 2 - s);
	return 0;
}

void page_text(struct page *d, enum style st, int indent, const char *text)
{
	const char *p = text ? text : "";
	do {
		size_t n = strcspn(p, "\n");
		char *para = strndup(p, n);
		struct line *l = para ? page_line(d) : NULL;
		if (l) {
			l->flags = LF_WRAP;
			l->indent = indent;
			l->hang = item_marker(para);
			line_add(l, para, 0, st);
		}
		free(para);
		p += n;
	} while (*p++ == '\n');
}

void page_textf(struct page *d, enum style st, int indent, const char *fmt, ...)
{
	char buf[2048];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	page_text(d, st, indent, buf);
}

void page_heading(struct page *d, const char *text)
{
	if (d->n)
		page_blank(d);
	page_text(d, ST_HEAD, 0, text);
}

void page_field(struct page *d, const char *label, const char *value)
{
	if (!value || !*value)
		return;
	struct line *l = page_line(d);
	if (!l)
		return;
	l->flags = LF_WRAP;
	l->indent = 2;
	line_add(l, label, FIELD_LABEL - 2, ST_DIM);
	line_add(l, value, 0, ST_NORMAL);
}

void page_link(struct page *d, const char *kind, const char *id, int indent, const char *text)
{
	struct line *l = page_line(d);
	if (!l)
		return;
	l->flags = LF_WRAP;
	l->indent = indent;
	line_add(l, text, 0, ST_LINK);
	line_link(l, kind, id);
}

void page_blank(struct page *d)
{
	page_line(d);
}

void page_free(struct page *d)
{
	for (size_t i = 0; i < d->n; i++)
		line_free(&d->lines[i]);
	free(d->lines);
	memset(d, 0, sizeof *d);
}

int line_layout(const struct line *l, int w, int out[LINE_SPANS])
{
	int fixed = l->indent, flex = 0;
	for (int i = 0; i < l->n; i++) {
		fixed += l->sp[i].width + (i ? 1 : 0);
		flex += l->sp[i].width == 0;
	}
	int rest = w - fixed, start = l->indent;
	for (int i = 0; i < l->n; i++) {
		out[i] = l->sp[i].width ? l->sp[i].width : (flex && rest > 0 ? rest / flex : 0);
		if (i + 1 < l->n)
			start += out[i] + 1;
	}
	return start;
}

/* Draws one span's text in its cells; styles the whole row when selected. */
static void span_draw(int y, int x, int w, const struct span *s, const char *text, int selected)
{
	enum style st = selected ? ST_SELECT : (enum style)s->style;
	int pad = 0;
	if (s->right) {
		int tw = text_width(text);
		pad = tw < w ? w - tw : 0;
	}
	if (pad)
		draw_fill(y, x, pad, st);
	draw_clipped(y, x + pad, w - pad, text, st);
}

void line_draw(int y, int x, int w, const struct line *l, int selected, const char *last, int continuation)
{
	int widths[LINE_SPANS];
	int last_col = line_layout(l, w, widths);
	if (selected)
		draw_fill(y, x, w, ST_SELECT);
	if (continuation) {
		last_col += l->hang < (w - last_col) / 2 ? l->hang : 0; /* as the pager wrapped it */
		if (l->n && last_col < w)
			span_draw(y, x + last_col, w - last_col, &l->sp[l->n - 1], last, selected);
		return;
	}
	int col = l->indent;
	for (int i = 0; i < l->n && col < w; i++) {
		int cw = widths[i] < w - col ? widths[i] : w - col;
		const char *text = (i == l->n - 1 && last) ? last : l->sp[i].text;
		span_draw(y, x + col, cw, &l->sp[i], text, selected);
		col += widths[i] + 1;
	}
}

/* page.h - lines made of styled spans, and pages made of lines: what lists show as rows and
 * what the pager shows as a page. Text is sanitised when it is added, so nothing that reaches a
 * line can drive the terminal; a line may link to a record (or a port) that Enter opens. */
#ifndef PORTOPS_PAGE_H
#define PORTOPS_PAGE_H

#include <stddef.h>

#include "ui.h"

enum { LINE_SPANS = 8 };

/* One piece of a line. */
struct span {
	char *text;     /* sanitised UTF-8, owned */
	short width;    /* cells it takes; 0: the rest of the line (at most one such span) */
	short style;    /* enum style */
	short right;    /* non-zero: aligned to the right of its width */
};

/* Line flags. */
enum {
	LF_WRAP = 1 << 0,  /* the last span wraps over several rows (the others keep their width) */
};

struct line {
	struct span sp[LINE_SPANS]; /* the spans, drawn left to right with one space between */
	int n;                      /* how many */
	unsigned flags;             /* LF_* */
	int indent;                 /* cells left blank before the first span */
	int hang;                   /* more cells before the continuation rows of a wrapped line */
	char link_kind[16];         /* what Enter opens: a kind of model.h or "port"; "" for none */
	char link_id[64];           /* its id (or LOCODE) */
};

/* Adds a span with a sanitised copy of text (NULL counts as ""); ignored when the line is full. */
void line_add(struct line *l, const char *text, int width, enum style st);
/* Same, aligned to the right of its width. */
void line_add_right(struct line *l, const char *text, int width, enum style st);
/* Makes the line open kind/id on Enter. */
void line_link(struct line *l, const char *kind, const char *id);
/* Writes the spans' text joined by single spaces into buf (for regular-expression filters). */
const char *line_text(const struct line *l, char *buf, size_t n);
void line_free(struct line *l);

/* A growing array of lines. */
struct page {
	struct line *lines; /* owned */
	size_t n, cap;
};

/* Appends an empty line and returns it (NULL when out of memory). */
struct line *page_line(struct page *d);
/* Appends text as wrapped paragraphs (one per '\n'), indented by indent cells. A paragraph that
 * starts like a list item ("- ", "3. ", "[x] 3. ") hangs its continuation rows under its text. */
void page_text(struct page *d, enum style st, int indent, const char *text);
void page_textf(struct page *d, enum style st, int indent, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
/* Appends a heading, preceded by a blank line unless it is the first line. */
void page_heading(struct page *d, const char *text);
/* Appends "label  value" with the label in a column of 18 cells; the value wraps. Nothing is
 * added when value is NULL or "". */
void page_field(struct page *d, const char *label, const char *value);
/* Appends a line of text that opens kind/id on Enter. */
void page_link(struct page *d, const char *kind, const char *id, int indent, const char *text);
void page_blank(struct page *d);
void page_free(struct page *d);

/* Cells given to each span of l in a row of w cells (out has LINE_SPANS entries); returns the
 * column where the last span starts (relative to the row). */
int line_layout(const struct line *l, int w, int out[LINE_SPANS]);
/* Draws l in the row y from x over w cells. With selected, the row is highlighted. When last is
 * not NULL it replaces the last span's text (a wrapped piece); with continuation, only that
 * piece is drawn, at the last span's column. */
void line_draw(int y, int x, int w, const struct line *l, int selected, const char *last, int continuation);

#endif

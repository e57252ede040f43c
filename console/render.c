/* render.c - see render.h. */
#include "render.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "i18n.h"
#include "sanitize.h"
#include "storage/util.h"

enum block_type { B_HEADING1, B_HEADING2, B_PARA, B_ITEM, B_KV };

struct block {
	enum block_type type; /* what the block is */
	char *key;            /* B_KV: the key; NULL otherwise */
	char *text;           /* the text, sanitised and trimmed */
};

struct doc {
	char lang[3];          /* "es" or "en" */
	char *title;           /* sanitised, one line */
	int tlp;               /* index in tlps[] */
	char *notice;          /* sanitised, one line, or NULL */
	int exercise;          /* non-zero: exercise material */
	struct block *blocks;  /* the body */
	size_t n, cap;         /* blocks used and allocated */
};

/* TLP 2.0 labels and their colours on black (shared/reference/tlp.md). */
static const struct {
	const char *label;
	const char *colour;
} tlps[] = {
	{ "TLP:CLEAR", "#FFFFFF" },
	{ "TLP:GREEN", "#33FF00" },
	{ "TLP:AMBER", "#FFC000" },
	{ "TLP:AMBER+STRICT", "#FFC000" },
	{ "TLP:RED", "#FF2B2B" },
};
enum { TLP_RED = 4, NTLP = 5 };

/* ---- a growing output buffer ---- */

struct buf {
	char *p;      /* the bytes, NUL-terminated when not NULL */
	size_t len;   /* bytes used */
	size_t cap;   /* bytes allocated */
	int oom;      /* an allocation failed: everything after is dropped */
};

static void put(struct buf *b, const char *s, size_t n)
{
	if (b->oom)
		return;
	if (b->len + n + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 1024;
		while (b->len + n + 1 > cap)
			cap *= 2;
		char *p = realloc(b->p, cap);
		if (!p) {
			b->oom = 1;
			return;
		}
		b->p = p;
		b->cap = cap;
	}
	memcpy(b->p + b->len, s, n);
	b->len += n;
	b->p[b->len] = '\0';
}

static void puts_b(struct buf *b, const char *s)
{
	put(b, s, strlen(s));
}

static void repeat(struct buf *b, const char *s, size_t times)
{
	while (times--)
		puts_b(b, s);
}

/* Hands the text over to the caller (NULL after an allocation failure). */
static char *finish(struct buf *b, size_t *len)
{
	if (!b->oom && !b->p)
		put(b, "", 0);
	if (b->oom) {
		free(b->p);
		return NULL;
	}
	if (len)
		*len = b->len;
	return b->p;
}

/* ---- UTF-8 widths ---- */

static size_t width_n(const char *s, size_t n)
{
	size_t w = 0;
	for (size_t i = 0; i < n; i++)
		if (((unsigned char)s[i] & 0xc0) != 0x80)
			w++;
	return w;
}

size_t render_width(const char *s)
{
	return width_n(s, strlen(s));
}

/* The bytes of the first k code points of s[0..n). */
static size_t bytes_of(const char *s, size_t n, size_t k)
{
	size_t i = 0;
	while (i < n && k) {
		i++;
		while (i < n && ((unsigned char)s[i] & 0xc0) == 0x80)
			i++;
		k--;
	}
	return i;
}

/* ---- lines ---- */

/* The end of the line that starts at s: its '\n' or its NUL. */
static const char *line_end(const char *s)
{
	const char *e = strchr(s, '\n');
	return e ? e : s + strlen(s);
}

static int blank(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] != ' ')
			return 0;
	return 1;
}

/* ---- escapers ---- */

static void put_html(struct buf *b, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		switch (s[i]) {
		case '&': puts_b(b, "&amp;"); break;
		case '<': puts_b(b, "&lt;"); break;
		case '>': puts_b(b, "&gt;"); break;
		case '"': puts_b(b, "&quot;"); break;
		case '\'': puts_b(b, "&#39;"); break;
		default: put(b, s + i, 1); break;
		}
	}
}

/* Escapes s[0..n) for Markdown (see render.h); bol: s starts a line. */
static void put_md_at(struct buf *b, const char *s, size_t n, int bol)
{
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (c == '\n') {
			put(b, "\n", 1);
			bol = 1;
			continue;
		}
		if (bol && c == ' ')
			continue;
		if (bol) {
			bol = 0;
			size_t d = strspn(s + i, "0123456789");
			if (d && d <= 9 && i + d < n && (s[i + d] == '.' || s[i + d] == ')')) {
				put(b, s + i, d);
				put(b, "\\", 1);
				put(b, s + i + d, 1);
				i += d;
				continue;
			}
			if (c == '+' || c == '-' || c == '=')
				put(b, "\\", 1);
		}
		if (strchr("\\`*_[]<>&|~!#$", c))
			put(b, "\\", 1);
		put(b, &c, 1);
	}
}

static void put_md(struct buf *b, const char *s, size_t n)
{
	put_md_at(b, s, n, 1);
}

typedef void (*escaper)(struct buf *b, const char *s, size_t n);

/* Sanitises s, then escapes it with esc. */
static char *escape_with(const char *s, escaper esc)
{
	if (!s)
		return NULL;
	char *clean = sanitize_dup(s, SAN_NEWLINES);
	if (!clean)
		return NULL;
	struct buf b = { 0 };
	esc(&b, clean, strlen(clean));
	free(clean);
	return finish(&b, NULL);
}

char *render_html_escape(const char *s)
{
	return escape_with(s, put_html);
}

char *render_md_escape(const char *s)
{
	return escape_with(s, put_md);
}

/* ---- the document ---- */

/* A sanitised copy of s without leading and trailing white space; with one_line, newlines
 * become spaces. NULL when out of memory. */
static char *clean_text(const char *s, int one_line)
{
	char *t = sanitize_dup(s ? s : "", SAN_NEWLINES);
	if (!t)
		return NULL;
	if (one_line)
		for (char *p = t; *p; p++)
			if (*p == '\n')
				*p = ' ';
	size_t start = strspn(t, " \n"), n = strlen(t);
	while (n > start && (t[n - 1] == ' ' || t[n - 1] == '\n'))
		n--;
	memmove(t, t + start, n - start);
	t[n - start] = '\0';
	return t;
}

struct doc *doc_new(const char *lang, const char *title)
{
	struct doc *d = calloc(1, sizeof *d);
	if (!d)
		return NULL;
	strcpy(d->lang, lang && !strcmp(lang, "en") ? "en" : "es");
	d->tlp = TLP_RED;
	d->title = clean_text(title, 1);
	if (!d->title) {
		free(d);
		return NULL;
	}
	return d;
}

void doc_free(struct doc *d)
{
	if (!d)
		return;
	for (size_t i = 0; i < d->n; i++) {
		free(d->blocks[i].key);
		free(d->blocks[i].text);
	}
	free(d->blocks);
	free(d->title);
	free(d->notice);
	free(d);
}

int doc_set_tlp(struct doc *d, const char *tlp)
{
	for (int i = 0; i < NTLP; i++) {
		if (tlp && !strcmp(tlps[i].label + 4, tlp)) {
			d->tlp = i;
			return 0;
		}
	}
	d->tlp = TLP_RED;
	return -1;
}

int doc_set_notice(struct doc *d, const char *notice)
{
	char *n = notice ? clean_text(notice, 1) : NULL;
	if (notice && !n)
		return -1;
	free(d->notice);
	d->notice = n && *n ? n : NULL;
	if (n && !*n)
		free(n);
	return 0;
}

void doc_set_exercise(struct doc *d, int exercise)
{
	d->exercise = exercise != 0;
}

static int add_block(struct doc *d, enum block_type type, const char *key, const char *text)
{
	if (d->n == d->cap) {
		size_t cap = d->cap ? d->cap * 2 : 16;
		struct block *nb = realloc(d->blocks, cap * sizeof *nb);
		if (!nb)
			return -1;
		d->blocks = nb;
		d->cap = cap;
	}
	int one_line = type != B_PARA && type != B_ITEM;
	struct block bl = { type, key ? clean_text(key, 1) : NULL, clean_text(text, one_line) };
	if (!bl.text || (key && !bl.key)) {
		free(bl.key);
		free(bl.text);
		return -1;
	}
	d->blocks[d->n++] = bl;
	return 0;
}

int doc_heading(struct doc *d, int level, const char *text)
{
	return add_block(d, level <= 1 ? B_HEADING1 : B_HEADING2, NULL, text);
}

int doc_para(struct doc *d, const char *text)
{
	return add_block(d, B_PARA, NULL, text);
}

int doc_item(struct doc *d, const char *text)
{
	return add_block(d, B_ITEM, NULL, text);
}

int doc_kv(struct doc *d, const char *key, const char *value)
{
	return add_block(d, B_KV, key, value);
}

/* The text of the exercise banner, in the document's language first. */
static const char *exercise_text(const struct doc *d)
{
	return !strcmp(d->lang, "en") ? "EXERCISE / EJERCICIO" : "EJERCICIO / EXERCISE";
}

/* Non-zero when block i follows a block of the same list (items or key/value lines). */
static int continues_list(const struct doc *d, size_t i)
{
	enum block_type t = d->blocks[i].type;
	return i > 0 && (t == B_ITEM || t == B_KV) && d->blocks[i - 1].type == t;
}

/* ---- plain text ---- */

/* Writes the line s[0..n) wrapped at DOC_WIDTH: first before the first line, rest before the
 * others. Words longer than a line are cut. */
static void wrap(struct buf *b, const char *s, size_t n, const char *first, const char *rest)
{
	size_t col = render_width(first), indent = render_width(rest);
	int words = 0;
	puts_b(b, first);
	for (size_t i = 0; i < n;) {
		while (i < n && s[i] == ' ')
			i++;
		size_t len = 0;
		while (i + len < n && s[i + len] != ' ')
			len++;
		if (!len)
			break;
		size_t w = width_n(s + i, len);
		if (words && col + 1 + w > DOC_WIDTH) {
			puts_b(b, "\n");
			puts_b(b, rest);
			col = indent, words = 0;
		}
		if (words)
			puts_b(b, " "), col++;
		while (col + w > DOC_WIDTH && col < DOC_WIDTH) {
			size_t cut = bytes_of(s + i, len, DOC_WIDTH - col);
			put(b, s + i, cut);
			puts_b(b, "\n");
			puts_b(b, rest);
			i += cut, len -= cut, w = width_n(s + i, len), col = indent;
		}
		put(b, s + i, len);
		col += w, words = 1, i += len;
	}
	puts_b(b, "\n");
}

/* Writes every line of text wrapped; a run of blank lines is one blank line. */
static void wrap_lines(struct buf *b, const char *text, const char *first, const char *rest)
{
	const char *p = text, *prefix = first;
	int was_blank = 0;
	for (;;) {
		const char *e = line_end(p);
		size_t n = (size_t)(e - p);
		if (blank(p, n)) {
			if (!was_blank)
				puts_b(b, "\n");
			was_blank = 1;
		} else {
			wrap(b, p, n, prefix, rest);
			was_blank = 0;
			prefix = rest;
		}
		if (!*e)
			break;
		p = e + 1;
	}
}

static void text_marking(struct buf *b, const struct doc *d)
{
	puts_b(b, tlps[d->tlp].label);
	if (d->notice)
		puts_b(b, "  ·  "), puts_b(b, d->notice);
	if (d->exercise)
		puts_b(b, "  ·  "), puts_b(b, exercise_text(d));
	puts_b(b, "\n");
}

static void text_underlined(struct buf *b, const char *text, const char *line)
{
	wrap_lines(b, text, "", "");
	size_t w = render_width(text);
	repeat(b, line, w < DOC_WIDTH ? w : DOC_WIDTH);
	puts_b(b, "\n");
}

/* The widest key of the key/value lines that block i belongs to. */
static size_t key_width(const struct doc *d, size_t i)
{
	while (i > 0 && d->blocks[i - 1].type == B_KV)
		i--;
	size_t w = 0;
	for (; i < d->n && d->blocks[i].type == B_KV; i++)
		if (render_width(d->blocks[i].key) > w)
			w = render_width(d->blocks[i].key);
	return w;
}

static void text_kv(struct buf *b, const struct doc *d, size_t i)
{
	const struct block *bl = &d->blocks[i];
	size_t w = key_width(d, i) + 2;
	char *first = malloc(strlen(bl->key) + w + 2), *rest = malloc(w + 1);
	if (!first || !rest) {
		b->oom = 1;
	} else {
		size_t kb = strlen(bl->key);
		memcpy(first, bl->key, kb);
		first[kb] = ':';
		size_t pad = w - render_width(bl->key) - 1;
		memset(first + kb + 1, ' ', pad);
		first[kb + 1 + pad] = '\0';
		memset(rest, ' ', w);
		rest[w] = '\0';
		wrap(b, bl->text, strlen(bl->text), first, rest);
	}
	free(first);
	free(rest);
}

static void text_block(struct buf *b, const struct doc *d, size_t i)
{
	const struct block *bl = &d->blocks[i];
	int after_heading = i > 0 && d->blocks[i - 1].type <= B_HEADING2 && bl->type > B_HEADING2;
	if (!continues_list(d, i) && !after_heading)
		puts_b(b, "\n");
	switch (bl->type) {
	case B_HEADING1: text_underlined(b, bl->text, "-"); break;
	case B_HEADING2: wrap_lines(b, bl->text, "", ""); break;
	case B_PARA: wrap_lines(b, bl->text, "", ""); break;
	case B_ITEM: wrap_lines(b, bl->text, "- ", "  "); break;
	case B_KV: text_kv(b, d, i); break;
	}
}

static void write_text(struct buf *b, const struct doc *d)
{
	text_marking(b, d);
	repeat(b, "=", DOC_WIDTH);
	puts_b(b, "\n\n");
	text_underlined(b, d->title, "=");
	for (size_t i = 0; i < d->n; i++)
		text_block(b, d, i);
	puts_b(b, "\n");
	repeat(b, "=", DOC_WIDTH);
	puts_b(b, "\n");
	text_marking(b, d);
}

/* ---- Markdown ---- */

/* Writes one line of inline text (a heading, a key/value line) that does not start a line. */
static void md_text(struct buf *b, const char *s)
{
	put_md_at(b, s, strlen(s), 0);
}

/* Writes the lines of text as Markdown with hard line breaks; blank lines end a paragraph.
 * cont is written before every line after the first (the indentation of a list item). */
static void md_lines(struct buf *b, const char *text, const char *cont)
{
	const char *p = text;
	int pending = 0; /* 1: a line break is owed, 2: a paragraph break */
	for (;;) {
		const char *e = line_end(p);
		size_t n = (size_t)(e - p);
		if (blank(p, n)) {
			pending = pending ? 2 : 0;
		} else {
			if (pending)
				puts_b(b, pending == 2 ? "\n\n" : "\\\n"), puts_b(b, cont);
			put_md(b, p, n);
			pending = 1;
		}
		if (!*e)
			break;
		p = e + 1;
	}
	puts_b(b, "\n");
}

static void md_marking(struct buf *b, const struct doc *d)
{
	puts_b(b, "**");
	md_text(b, tlps[d->tlp].label);
	puts_b(b, "**");
	if (d->notice)
		puts_b(b, " · **"), md_text(b, d->notice), puts_b(b, "**");
	if (d->exercise)
		puts_b(b, " · **"), md_text(b, exercise_text(d)), puts_b(b, "**");
	puts_b(b, "\n");
}

static void md_block(struct buf *b, const struct doc *d, size_t i)
{
	const struct block *bl = &d->blocks[i];
	if (!continues_list(d, i))
		puts_b(b, "\n");
	switch (bl->type) {
	case B_HEADING1: puts_b(b, "## "), md_text(b, bl->text), puts_b(b, "\n"); break;
	case B_HEADING2: puts_b(b, "### "), md_text(b, bl->text), puts_b(b, "\n"); break;
	case B_PARA: md_lines(b, bl->text, ""); break;
	case B_ITEM: puts_b(b, "* "), md_lines(b, bl->text, "  "); break;
	case B_KV:
		puts_b(b, "- **"), md_text(b, bl->key), puts_b(b, ":** ");
		md_text(b, bl->text), puts_b(b, "\n");
		break;
	}
}

static void write_md(struct buf *b, const struct doc *d)
{
	md_marking(b, d);
	puts_b(b, "\n---\n\n# ");
	md_text(b, d->title);
	puts_b(b, "\n");
	for (size_t i = 0; i < d->n; i++)
		md_block(b, d, i);
	puts_b(b, "\n---\n\n");
	md_marking(b, d);
}

/* ---- HTML ---- */

static void html_text(struct buf *b, const char *s)
{
	put_html(b, s, strlen(s));
}

/* The style sheet: the marking bars are fixed, so that print repeats them on every page, and
 * the page table's header and footer rows (repeated on every printed page too) keep the text
 * clear of them. */
static const char *const css =
	"@page { size: A4; margin: 12mm 15mm; }\n"
	"html { background: #fff; color: #111; }\n"
	"body { margin: 0; font: 11pt/1.45 \"DejaVu Sans\", \"Liberation Sans\", Arial, sans-serif; }\n"
	".marking { position: fixed; left: 0; right: 0; height: 9mm; background: #fff; display: flex;\n"
	"  align-items: center; justify-content: center; gap: 4mm;\n"
	"  font: bold 11pt \"DejaVu Sans Mono\", \"Liberation Mono\", monospace; }\n"
	".marking.top { top: 0; }\n"
	".marking.bottom { bottom: 0; }\n"
	".marking span { padding: 1mm 3mm; }\n"
	".notice { background: #fff; color: #000; border: 2px solid #000; }\n"
	".exercise { background: #c00000; color: #fff; }\n"
	"table.page { width: 100%; border-collapse: collapse; }\n"
	"table.page > thead td, table.page > tfoot td { height: 13mm; padding: 0; }\n"
	"table.page > tbody > tr > td { padding: 0; }\n"
	"main { max-width: 44em; margin: 0 auto; padding: 0 6mm; }\n"
	"h1 { font-size: 17pt; margin: 0 0 4mm; }\n"
	"h2 { font-size: 13pt; margin: 6mm 0 2mm; border-bottom: 1px solid #999; }\n"
	"h3 { font-size: 11.5pt; margin: 4mm 0 1mm; }\n"
	"p { margin: 0 0 2.5mm; }\n"
	"table.kv { border-collapse: collapse; margin: 0 0 3mm; }\n"
	"table.kv th { text-align: left; vertical-align: top; padding: 0 4mm 0.5mm 0; white-space: nowrap; }\n"
	"table.kv td { padding: 0 0 0.5mm; }\n"
	"h2, h3 { break-after: avoid; page-break-after: avoid; }\n"
	"@media print { * { -webkit-print-color-adjust: exact; print-color-adjust: exact; } }\n";

static void html_marking(struct buf *b, const struct doc *d, const char *tag, const char *where)
{
	char open[96];
	snprintf(open, sizeof open, "<%s class=\"marking %s\">", tag, where);
	puts_b(b, open);
	puts_b(b, "<span class=\"tlp\">"), html_text(b, tlps[d->tlp].label), puts_b(b, "</span>");
	if (d->notice)
		puts_b(b, "<span class=\"notice\">"), html_text(b, d->notice), puts_b(b, "</span>");
	if (d->exercise)
		puts_b(b, "<span class=\"exercise\">"), html_text(b, exercise_text(d)), puts_b(b, "</span>");
	puts_b(b, "</"), puts_b(b, tag), puts_b(b, ">\n");
}

static void html_head(struct buf *b, const struct doc *d)
{
	puts_b(b, "<!DOCTYPE html>\n<html lang=\""), puts_b(b, d->lang), puts_b(b, "\">\n<head>\n");
	puts_b(b, "<meta charset=\"utf-8\">\n");
	puts_b(b, "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
		  "style-src 'unsafe-inline'\">\n");
	puts_b(b, "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
	puts_b(b, "<title>"), html_text(b, tlps[d->tlp].label), puts_b(b, " - ");
	html_text(b, d->title), puts_b(b, "</title>\n<style>\n");
	puts_b(b, css);
	puts_b(b, ".tlp { background: #000; color: "), puts_b(b, tlps[d->tlp].colour), puts_b(b, "; }\n");
	puts_b(b, "</style>\n</head>\n");
}

/* Writes text as paragraphs: blank lines separate them, other newlines are <br>. */
static void html_paras(struct buf *b, const char *text)
{
	const char *p = text;
	int open = 0;
	for (;;) {
		const char *e = line_end(p);
		size_t n = (size_t)(e - p);
		if (blank(p, n) && open) {
			puts_b(b, "</p>\n"), open = 0;
		} else if (!blank(p, n)) {
			puts_b(b, open ? "<br>\n" : "<p>"), open = 1;
			put_html(b, p, n);
		}
		if (!*e)
			break;
		p = e + 1;
	}
	if (open)
		puts_b(b, "</p>\n");
}

/* Writes item text: lines joined with <br>. */
static void html_lines(struct buf *b, const char *text)
{
	const char *p = text;
	int first = 1;
	for (;;) {
		const char *e = line_end(p);
		size_t n = (size_t)(e - p);
		if (!blank(p, n)) {
			if (!first)
				puts_b(b, "<br>\n");
			put_html(b, p, n), first = 0;
		}
		if (!*e)
			break;
		p = e + 1;
	}
}

static void html_block(struct buf *b, const struct doc *d, size_t i)
{
	const struct block *bl = &d->blocks[i];
	int last_of_list = i + 1 == d->n || d->blocks[i + 1].type != bl->type;
	switch (bl->type) {
	case B_HEADING1: puts_b(b, "<h2>"), html_text(b, bl->text), puts_b(b, "</h2>\n"); break;
	case B_HEADING2: puts_b(b, "<h3>"), html_text(b, bl->text), puts_b(b, "</h3>\n"); break;
	case B_PARA: html_paras(b, bl->text); break;
	case B_ITEM:
		if (!continues_list(d, i))
			puts_b(b, "<ul>\n");
		puts_b(b, "<li>"), html_lines(b, bl->text), puts_b(b, "</li>\n");
		if (last_of_list)
			puts_b(b, "</ul>\n");
		break;
	case B_KV:
		if (!continues_list(d, i))
			puts_b(b, "<table class=\"kv\">\n");
		puts_b(b, "<tr><th>"), html_text(b, bl->key), puts_b(b, "</th><td>");
		html_text(b, bl->text), puts_b(b, "</td></tr>\n");
		if (last_of_list)
			puts_b(b, "</table>\n");
		break;
	}
}

static void write_html(struct buf *b, const struct doc *d)
{
	html_head(b, d);
	puts_b(b, "<body>\n");
	html_marking(b, d, "header", "top");
	html_marking(b, d, "footer", "bottom");
	puts_b(b, "<table class=\"page\" role=\"presentation\">\n"
		  "<thead><tr><td></td></tr></thead>\n"
		  "<tfoot><tr><td></td></tr></tfoot>\n"
		  "<tbody><tr><td>\n<main>\n<h1>");
	html_text(b, d->title);
	puts_b(b, "</h1>\n");
	for (size_t i = 0; i < d->n; i++)
		html_block(b, d, i);
	puts_b(b, "</main>\n</td></tr></tbody>\n</table>\n</body>\n</html>\n");
}

/* ---- output ---- */

char *doc_render(const struct doc *d, enum doc_format f, size_t *len)
{
	struct buf b = { 0 };
	if (f == DOC_MARKDOWN)
		write_md(&b, d);
	else if (f == DOC_HTML)
		write_html(&b, d);
	else
		write_text(&b, d);
	return finish(&b, len);
}

int doc_format_parse(const char *name, enum doc_format *out)
{
	static const struct {
		const char *name;
		enum doc_format f;
	} names[] = {
		{ "text", DOC_TEXT }, { "txt", DOC_TEXT }, { "md", DOC_MARKDOWN },
		{ "markdown", DOC_MARKDOWN }, { "html", DOC_HTML },
	};
	for (size_t i = 0; name && i < sizeof names / sizeof *names; i++) {
		if (!strcmp(names[i].name, name)) {
			*out = names[i].f;
			return 0;
		}
	}
	return -1;
}

/* Writes all of text to fd and flushes it to disk. */
static int write_all(int fd, const char *text, size_t len)
{
	while (len) {
		ssize_t w = write(fd, text, len);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		text += w, len -= (size_t)w;
	}
	return fsync(fd);
}

int doc_write_file(const char *path, const char *text, size_t len, char *err, size_t errlen)
{
	size_t n = strlen(path) + 8;
	char *tmp = malloc(n);
	if (!tmp)
		return po_err(err, errlen, "%s", _("out of memory"));
	snprintf(tmp, n, "%s.XXXXXX", path);
	int fd = mkstemp(tmp), rc = 0;
	if (fd < 0) {
		rc = po_err(err, errlen, _("cannot write %s: %s"), path, strerror(errno));
	} else {
		int ok = write_all(fd, text, len) == 0;
		ok = close(fd) == 0 && ok;
		if (!ok || rename(tmp, path) != 0) {
			rc = po_err(err, errlen, _("cannot write %s: %s"), path, strerror(errno));
			unlink(tmp);
		}
	}
	free(tmp);
	return rc;
}

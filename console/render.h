/* render.h - documents for distribution (bulletins, after-action reports): a tiny document
 * model written out as plain text, Markdown or one self-contained HTML file.
 *
 * A document has a language ("es" or "en"), a title, a TLP marking, an optional notice (such as
 * DRAFT) and an exercise flag; its body is a sequence of blocks: headings, paragraphs, list items
 * and key/value lines. Every writer puts the marking line - the TLP label, the notice and, for an
 * exercise, "EJERCICIO / EXERCISE" - at the top and the bottom; the HTML writer repeats it at
 * the top and bottom of every printed page, in the TLP colours on black.
 *
 * All text given to a document is treated as untrusted: control characters and escape
 * sequences are made visible (console/sanitize.h) in every format, HTML special characters are
 * escaped as entities and Markdown metacharacters with backslashes, so nothing in a record can
 * become markup, a link or a script. Newlines in a paragraph or list item are line breaks; a
 * blank line starts a new paragraph; in headings and key/value lines they become spaces. */
#ifndef PORTOPS_RENDER_H
#define PORTOPS_RENDER_H

#include <stddef.h>

enum doc_format {
	DOC_TEXT,     /* UTF-8 plain text wrapped at 80 columns (code points) */
	DOC_MARKDOWN, /* CommonMark */
	DOC_HTML,     /* one HTML5 file: inline CSS, no script, no external resource */
};

#define DOC_WIDTH 80 /* columns of the text format */

struct doc;

/* A new empty document in lang ("en"; anything else is taken as "es") titled title, marked
 * TLP:RED until doc_set_tlp says otherwise. NULL when out of memory; free with doc_free. */
struct doc *doc_new(const char *lang, const char *title);
void doc_free(struct doc *d);

/* Sets the TLP marking: one of CLEAR GREEN AMBER AMBER+STRICT RED. Returns 0, or -1 for any other
 * value, which leaves the document marked TLP:RED. */
int doc_set_tlp(struct doc *d, const char *tlp);
/* Sets a notice shown beside the TLP label on the marking lines ("BORRADOR", "WITHDRAWN"), or
 * none for NULL. Returns 0 or -1 when out of memory. */
int doc_set_notice(struct doc *d, const char *notice);
/* Marks the document as exercise material (non-zero) or live (0). */
void doc_set_exercise(struct doc *d, int exercise);

/* Appends a block. level of a heading is 1 (a part) or 2 (an entry within a part). Return 0, or
 * -1 when out of memory (the document is then left as it was). */
int doc_heading(struct doc *d, int level, const char *text);
int doc_para(struct doc *d, const char *text);
int doc_item(struct doc *d, const char *text);
int doc_kv(struct doc *d, const char *key, const char *value);

/* Writes the document in format f. Returns a NUL-terminated text the caller frees, with its
 * length in *len (may be NULL), or NULL when out of memory. */
char *doc_render(const struct doc *d, enum doc_format f, size_t *len);

/* Parses a format name: "text"/"txt", "md"/"markdown", "html". Returns 0, or -1 when unknown. */
int doc_format_parse(const char *name, enum doc_format *out);

/* Writes len bytes of text to path atomically: a private (0600) temporary file in the same
 * folder, flushed to disk and renamed over path. Returns 0, or -1 with err (path untouched). */
int doc_write_file(const char *path, const char *text, size_t len, char *err, size_t errlen);

/* The escapers the writers use, for reuse and tests. Each returns a new string the caller frees
 * (NULL when out of memory or s is NULL).
 * render_html_escape: & < > " ' as entities; control characters, invalid UTF-8 and
 *   bidirectional controls made visible as text (sanitize.h: ESC as "^[", a tab as a space);
 *   newlines kept.
 * render_md_escape: the same visible forms; \ ` * _ [ ] < > & | ~ ! # $ escaped everywhere, and
 *   at the start of a line also + - = and the . or ) of a list number; spaces that start a line
 *   dropped. */
char *render_html_escape(const char *s);
char *render_md_escape(const char *s);
/* The number of code points of the UTF-8 text s (its width in the text format). */
size_t render_width(const char *s);

#endif

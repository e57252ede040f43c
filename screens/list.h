/* list.h - the screen that lists the records of one kind: a window of two pages over a
 * keyset-paged query (store_list with an "after" cursor), so that a list of any length opens
 * and scrolls at once and never loads a whole table. Rows can be narrowed by field filters (f)
 * and by a regular expression over the row's text (r); Enter opens the selected record.
 * Each list screen (threats.c, ...) describes its columns and rows in a list_def. */
#ifndef PORTOPS_LIST_H
#define PORTOPS_LIST_H

#include <cjson/cJSON.h>

#include "page.h"
#include "ui.h"

struct column {
	const char *name;  /* heading, untranslated (N_) */
	int width;         /* cells; 0 for the one flexible column */
	int right;         /* non-zero: aligned right */
};

/* A field filter the operator may type after f: name=value. */
struct list_filter {
	const char *name;   /* what the operator types ("port") */
	const char *field;  /* the kind's field it filters ("ports") */
};

struct list_def {
	const char *kind;                    /* the kind listed */
	const char *title;                   /* untranslated title ("Threats") */
	const struct column *cols;           /* the columns, ended by a NULL name */
	/* Adds one span per column to out (line_add with width 0: the list sets the widths). */
	void (*row)(struct app *a, const cJSON *rec, struct line *out);
	const struct list_filter *filters;   /* ended by a NULL name; NULL when none */
};

/* Makes s list def->kind from the start. Returns 0, or -1 with a message. */
int list_screen_open(struct screen *s, struct app *a, const struct list_def *def);
void list_screen_draw(struct screen *s, struct app *a, const struct area *r);
int list_screen_key(struct screen *s, struct app *a, enum action act, keycode k);
void list_screen_close(struct screen *s);
/* Applies field filters "name=value ..." (an empty spec removes them). Returns 0, or -1 with a
 * message when a name or value is not accepted (the filters are then unchanged). */
int list_set_filter(struct screen *s, struct app *a, const char *spec);
/* Shows only the rows whose text matches pattern (empty: all rows). 0, or -1 with a message. */
int list_set_regex(struct screen *s, struct app *a, const char *pattern);
/* Non-zero when s is a list screen. */
int list_is(const struct screen *s);
/* The kind a list screen lists and the id of its selected row ("" when none); NULL when s is not
 * a list. */
const char *list_kind(const struct screen *s);
const char *list_selected_id(const struct screen *s);

#endif

/* form.h - a form: one row per field of the model (model.h), each holding the text as typed,
 * checked as it is typed (the codec for a kind's members, the identifier validators for the
 * rest), with the reason shown beside the field. Enum fields cycle through their choices, lists
 * are comma-separated, long text is edited in $EDITOR (editor.h). The form model (form_init ..
 * form_record) touches neither curses nor the store, so that it can be tested alone; the form
 * screen (form_show) draws it and saves it through a callback. */
#ifndef PORTOPS_FORM_H
#define PORTOPS_FORM_H

#include <stddef.h>
#include <cjson/cJSON.h>

#include "storage/model.h"
#include "ui.h"

enum { FORM_MAX = 24, FORM_TEXT = 8200, FORM_WHY = 200 };

struct form_field {
	const char *name;             /* member name */
	const struct field_def *def;  /* its definition (model.h, or the envelope's in form.c) */
	char text[FORM_TEXT];         /* the value as typed (UTF-8) */
	char init[FORM_TEXT];         /* the value as loaded, to find what an edit changed */
	char why[FORM_WHY];           /* why the text is refused; "" when it is accepted */
	int readonly;                 /* shown but not editable (a fixed field of an edit) */
	int longtext;                 /* edited in $EDITOR rather than typed */
};

struct form {
	const struct kind_def *kind;  /* checks members of this kind with the codec; NULL: by def */
	struct form_field f[FORM_MAX];
	int n;                        /* fields in use */
	int cur;                      /* field under the cursor; n is the Save row */
	int edit;                     /* an edit: only changed fields are saved, fixed ones locked */
	/* Non-zero when an agency code is known (may be NULL: every well-formed code is). */
	int (*agency_known)(const char *code, void *arg);
	void *agency_arg;
	char msg[FORM_WHY];           /* a message about the whole form (markings), "" when none */
};

/* Starts an empty form for kind k (may be NULL) with a row per field of defs (ended by a NULL
 * name), skipping FT_ROWS fields and the names in skip (NULL-terminated, may be NULL). edit
 * non-zero locks FF_FIXED fields. The form is big: allocate it (calloc). */
void form_init(struct form *fm, const struct kind_def *k, const struct field_def *defs,
	       const char *const *skip, int edit);
/* Adds the releasability rows tlp, share and share_with. */
void form_add_marking(struct form *fm);
/* Fills the rows from the members of rec (values become text: lists joined by ", ") and
 * remembers them as the initial values. */
void form_load(struct form *fm, const cJSON *rec);
/* Sets a field's text to what a member value prints as. */
void form_text_of(const cJSON *v, char *out, size_t n);
/* Index of the row called name, or -1. */
int form_find(const struct form *fm, const char *name);
/* Replaces the text of row i and checks it. Returns 0 when accepted, -1 (why set) when not. */
int form_set(struct form *fm, int i, const char *text);
/* Appends the UTF-8 character (or string) s to row i, or erases its last character (s NULL),
 * and checks it again. Read-only rows and enum rows do not change. */
void form_type(struct form *fm, int i, const char *s);
/* Moves an enum row to its next (dir > 0) or previous choice; an optional field also has "". */
void form_cycle(struct form *fm, int i, int dir);
/* Checks row i: sets its why and returns 0 or -1. */
int form_check(struct form *fm, int i);
/* Checks the markings (tlp, share, share_with) with rel_check for a record owned by owner;
 * sets fm->msg. Returns 0 when they are fine or the form has none. */
int form_check_marking(struct form *fm, const char *owner);
/* The JSON value of row i (NULL with err when its text is refused). */
cJSON *form_value(const struct form *fm, int i, char *err, size_t errlen);
/* The form as an object {name: value}: every non-empty row for a new record, the changed rows
 * for an edit (a cleared row becomes null). NULL with err naming the first refused row; the
 * cursor moves to it. The caller frees the result. */
cJSON *form_record(struct form *fm, char *err, size_t errlen);
/* Non-zero when some row differs from its initial value. */
int form_changed(const struct form *fm);

/* Saves the form: returns 0, or -1 with err (the form stays open and shows err). arg is the
 * form screen's argument (the record or case id given to form_show). */
typedef int (*form_save)(struct app *a, struct form *fm, const char *arg, char *err, size_t errlen);

/* Opens the form screen for fm (taken: freed when the screen closes) titled title, with save
 * called on C-x or Enter on the Save row. Esc cancels and nothing changes. Returns 0, or -1. */
int form_show(struct app *a, struct form *fm, const char *title, form_save save, const char *arg);

#endif

/* edit.h - changing records from the console: new/edit/delete of records (edit_record.c), the
 * case workflow (edit_case.c: log entries and amendments, status, entities, links, checklists,
 * route legs, authorisations, handovers), the checklist run screen (edit_checklist.c), the audit
 * trail screen (edit_trail.c), the pick list (edit_pick.c) and long text in $EDITOR
 * (edit_editor.c). Every change goes through storage/ (store.h, cases.h). */
#ifndef PORTOPS_EDIT_H
#define PORTOPS_EDIT_H

#include <stddef.h>

#include "ui.h"

/* Handles the editing actions (new, edit, delete, trail, and the case actions) for the screen on
 * top: a list acts on its selected record, a detail screen on its record. Returns H_* flags;
 * H_NONE when act is not an editing action. */
int edit_action(struct app *a, enum action act);

/* The case workflow's actions on case case_id (append, amend, add, status, checklist). */
int edit_case_action(struct app *a, enum action act, const char *case_id);

/* What + offers on case case_id: entities, links, checklists, route legs, authorisations,
 * handovers. Returns H_* flags. */
int edit_case_add(struct app *a, const char *case_id);
/* After a change made from the console: counts the write, reloads the screen on top and shows
 * msg. Returns H_REDRAW. */
int edit_changed(struct app *a, const char *msg);
/* Shows err (the store's refusal) as an error. Returns H_REDRAW. */
int edit_refused(struct app *a, const char *err);

/* Writes text to a new temporary file (mkstemp, 0600), runs $VISUAL, else $EDITOR, else vi on
 * it with the terminal given back to it (endwin before, refresh after), reads it back and
 * removes the file. Returns 1 with *out (malloc'ed, one trailing newline removed) when the
 * text changed, 0 when the editor failed or left it unchanged (*out NULL), -1 with err. */
int editor_run(const char *text, char **out, char *err, size_t errlen);

/* A list of choices the operator picks one of (typing narrows it). */
struct pick;
/* Called with the chosen value and the pick's context string; returns H_* flags. */
typedef int (*pick_done)(struct app *a, const char *value, const char *ctx);
/* A new, empty pick list titled title (translated); ctx is copied. NULL when out of memory. */
struct pick *pick_new(const char *title, pick_done done, const char *ctx);
/* Adds a choice: label shown, value handed to done. */
void pick_add(struct pick *p, const char *label, const char *value);
/* Frees a pick list that is not shown (NULL is fine). */
void pick_free(struct pick *p);
/* Shows p (taken). Esc cancels; Enter closes it and calls done. Returns H_* flags. */
int pick_show(struct app *a, struct pick *p);

/* The checklist run screen (arg: the run id): steps with their marks; x/Space done, - skipped,
 * / not applicable, each with an optional note. */
extern const struct screen_ops checklist_screen;
/* The audit trail of one record and its children (arg: the record id). */
extern const struct screen_ops trail_screen;

#endif

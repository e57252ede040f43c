/* bulletins_ui.h - what the Bulletins tab does besides showing: composing a draft (prompts for
 * the short fields, $VISUAL/$EDITOR for the summary and the sections), citing records, the
 * preview of the text rendering, and the life cycle (issue, withdraw, correct). Every change
 * goes through storage/bulletins.h or store_update; errors end up on the message line. */
#ifndef PORTOPS_BULLETINS_UI_H
#define PORTOPS_BULLETINS_UI_H

#include "ui.h"

/* n: asks for the title, language, audience and TLP, then opens the editor on the summary and
 * sections; creates the draft and opens it. Returns H_* flags. */
int bulletin_compose(struct app *a);
/* e: opens the editor on the summary and sections of the draft id and saves what changed. */
int bulletin_edit_text(struct app *a, const char *id);

/* c: asks for a reference or search words, cites the record named, or opens a picker of the
 * records found (of the latest threats, cases and techniques when nothing is typed). */
int bulletin_cite_prompt(struct app *a, const char *id);
/* I, W, C on the bulletin id: issue (after a confirmation naming it; the number is shown),
 * withdraw (asks for the reason), correct (opens the new draft). */
int bulletin_issue_prompt(struct app *a, const char *id);
int bulletin_withdraw_prompt(struct app *a, const char *id);
int bulletin_correct_now(struct app *a, const char *id);

/* Runs the editor ($VISUAL, else $EDITOR, else vi) on a private (0600) temporary file holding
 * text, and returns what the file holds afterwards (the caller frees it); the file is removed.
 * NULL after a message when the editor failed. */
char *bulletin_run_editor(struct app *a, const char *text);

extern const struct screen_ops bulletin_preview_screen; /* arg: the bulletin: its text rendering */
extern const struct screen_ops bulletin_cite_screen;    /* arg: "ID QUERY": records to cite */

#endif

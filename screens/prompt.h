/* prompt.h - a one-line text prompt on the message line (search, filter, command line). While
 * it is open it receives every key: characters are typed, Left/Right/Home/End/C-a/C-e move,
 * Backspace/Delete erase, C-u clears, Enter accepts and Esc cancels. */
#ifndef PORTOPS_PROMPT_H
#define PORTOPS_PROMPT_H

#include "ui.h"

/* Called with the UTF-8 text when the prompt is accepted; returns H_* flags. */
typedef int (*prompt_done)(struct app *a, const char *text, void *arg);

/* Opens the prompt with label (already translated) and initial text (may be NULL); done is
 * called on Enter, never on Esc. arg must stay valid while the prompt is open. */
void prompt_open(struct app *a, const char *label, const char *init, prompt_done done, void *arg);
/* Handles key k while the prompt is open; returns H_* flags. */
int prompt_key(struct app *a, keycode k);
/* Draws the prompt in row y over w cells and places the terminal cursor. */
void prompt_draw(struct app *a, int y, int w);
/* Closes the prompt without calling done. */
void prompt_close(struct app *a);

#endif

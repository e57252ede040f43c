/* exercises_ui.h - the trainer's commands of the Exercises tab, also reached from the command
 * line (:exercise, :report). They act on the exercise of the open store (storage/exercise.h)
 * and report on the message line; on a live store they say that there is no exercise. */
#ifndef PORTOPS_EXERCISES_UI_H
#define PORTOPS_EXERCISES_UI_H

#include "ui.h"

/* :exercise start|pause|resume|skip|end|status|speed N. Returns H_* flags. */
int exercise_command(struct app *a, const char *arg);
/* :report opens the after-action report in a pager; :report FILE [text|md|html] writes it
 * (atomically, 0600) in the language of the interface. Returns H_* flags. */
int exercise_report_command(struct app *a, const char *arg);

extern const struct screen_ops exercise_report_screen; /* the after-action report as text */

#endif

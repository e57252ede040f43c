/* exercises_int.h - shared by exercises.c (the tab) and exercises_trainer.c (its keys and the
 * trainer's commands); not for other screens (they use exercises_ui.h). */
#ifndef PORTOPS_EXERCISES_INT_H
#define PORTOPS_EXERCISES_INT_H

#include "exercises_ui.h"
#include "ui.h"

/* An inject's line on the Exercises tab links to kind "inject", id N, or N INJECT_DUE when the
 * inject has not been delivered yet. */
#define INJECT_DUE "-due"

/* The state of the Exercises tab. */
struct exercises {
	struct screen inner; /* the pager of the injects (or of the scenarios); its data is the pager's */
};

/* The keys of the Exercises tab: the trainer's (P, >, X, E, R), a (respond to the inject under
 * the cursor), Enter (the exercise case), then the pager's. */
int exercises_key(struct screen *s, struct app *a, enum action act, keycode k);

#endif

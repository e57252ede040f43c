/* exercise.h - exercises: a scenario played on a separate exercise store, with a clock the
 * trainer starts, pauses, speeds up and skips, injects delivered on schedule, responses linked
 * to the inject they answer, and the figures of the after-action report.
 *
 * The exercise state lives in the store's settings ("exercise" = "1" marks an exercise store;
 * keys "exercise.*" hold the clock and the deliveries), so that nothing of it can be mistaken
 * for live data. Exercise time runs at speed times real time while the exercise is running. */
#ifndef PORTOPS_EXERCISE_H
#define PORTOPS_EXERCISE_H

#include <stddef.h>
#include <cjson/cJSON.h>

#include "store.h"

/* Non-zero when st is an exercise store. */
int exercise_is(struct store *st);

/* Turns a new, empty, initialised store into the exercise of scenario (id or code) at speed
 * (1-120): marks it, creates the exercise case and starts the clock paused at 0. Refuses a store
 * that already holds live records. */
int exercise_setup(struct store *st, const char *scenario, int speed, char *err, size_t errlen);

enum exercise_cmd { EX_START, EX_PAUSE, EX_RESUME, EX_SKIP, EX_END };
/* Trainer commands: start (or resume), pause, skip to the next inject, end. Journalled in the
 * audit trail. */
int exercise_control(struct store *st, enum exercise_cmd cmd, char *err, size_t errlen);
/* Changes the speed (1-120) from now on. */
int exercise_set_speed(struct store *st, int speed, char *err, size_t errlen);

/* The state of the exercise. */
struct exercise_state {
	char scenario_id[37];   /* the scenario record */
	char scenario_code[41]; /* its code */
	char case_id[37];       /* the exercise case injects are logged to */
	long elapsed;           /* exercise seconds since the start */
	int speed;              /* exercise seconds per real second */
	int running;            /* non-zero while the clock runs */
	int ended;              /* non-zero once ended */
	int delivered;          /* injects delivered so far */
	int total;              /* injects in the scenario */
	long next_offset;       /* exercise seconds of the next inject, -1 when none is left */
};
int exercise_state(struct store *st, struct exercise_state *out, char *err, size_t errlen);

/* Delivers every inject that is due by now: a "threat" inject becomes a new threat, every other
 * channel a case log entry on the exercise case, each marked with the inject's id. cb (may be
 * NULL) is told of each delivery (inject n, channel, message in lang "es"/"en"). Returns the
 * number delivered, or -1. */
int exercise_tick(struct store *st, const char *lang,
		  void (*cb)(int n, const char *channel, const char *message, void *arg), void *arg,
		  char *err, size_t errlen);

/* The id of inject n of the exercise (stable: the same on every console of the exercise). */
int exercise_inject_id(struct store *st, int n, char out[37]);

/* The after-action report as JSON: {scenario, code, speed, elapsed, injects:[{n, offset_min,
 * channel, message_es, message_en, delivered_at, first_response_at, response_min, responses,
 * expected_es, expected_en, procedures:[{code, run, done, missed:[n...]}]}], timeline:[{at,
 * what, text}]}. The caller frees it. */
cJSON *exercise_report(struct store *st, char *err, size_t errlen);

#endif

/* script.h - script mode: the console driven by a file of steps instead of a keyboard.
 *
 * One step per line; blank lines and lines starting with '#' are ignored:
 *   key NAME          one key, by the names of keys.h ("j", "Enter", "PgDn", "C-l", ...)
 *   keys CHARS        each character of CHARS as a key; spaces are skipped ("keys 2jj")
 *   type TEXT         each character of TEXT, spaces included, as a key (for prompts)
 *   enter | esc       the Enter or Esc key
 *   cmd COMMAND       runs a command of the command line (the leading ':' is optional)
 *   dump FILE         writes the screen as UTF-8 text to FILE
 *   resize COLS ROWS  resizes the virtual terminal
 *   wait-ms N         lets N milliseconds pass (0-60000) while the event loop runs
 *   wait-sync [N]     waits (at most N ms, 30000 by default) until the sync worker is idle
 *   expect TEXT       the screen must show TEXT, else the script fails
 *   quit              leaves the console
 * See docs/CONSOLE.md. */
#ifndef PORTOPS_SCRIPT_H
#define PORTOPS_SCRIPT_H

#include <stddef.h>

#include "keys.h"

enum step_op {
	STEP_KEYS,   /* keys[0..nkeys) */
	STEP_CMD,    /* text: a command line without ':' */
	STEP_DUMP,   /* text: a file name */
	STEP_RESIZE, /* a columns, b rows */
	STEP_WAIT,   /* a milliseconds */
	STEP_WAIT_SYNC, /* a milliseconds at most */
	STEP_EXPECT, /* text: what the screen must show */
	STEP_QUIT,
};

struct step {
	enum step_op op;  /* what to do */
	int line;         /* line number in the script, for messages */
	keycode *keys;    /* STEP_KEYS: the keys, owned */
	size_t nkeys;     /* STEP_KEYS: how many */
	char *text;       /* STEP_CMD, STEP_DUMP, STEP_EXPECT: owned */
	int a, b;         /* STEP_RESIZE, STEP_WAIT: numbers */
};

struct script {
	char path[1024];     /* the file, for messages */
	struct step *steps;  /* every step, owned */
	size_t n;            /* how many */
	size_t next;         /* index of the next step to run */
};

/* Reads and checks the whole script at path. Returns the script (freed with script_free), or
 * NULL with err ("FILE:LINE: why") at the first bad line or when the file cannot be read. */
struct script *script_load(const char *path, char *err, size_t errlen);
/* Parses one line into st (line is its number). Returns 1 for a step, 0 for a blank or
 * comment line, -1 with err (without the file and line) when the line is bad. */
int script_parse_line(const char *text, int line, struct step *st, char *err, size_t errlen);
/* The next step to run, or NULL at the end. */
const struct step *script_next(struct script *s);
void script_free(struct script *s);

#endif

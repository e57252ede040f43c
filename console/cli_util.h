/* cli_util.h - what the subcommands share: option help, printing, record look-up. */
#ifndef PORTOPS_CLI_UTIL_H
#define PORTOPS_CLI_UTIL_H

#include <stdio.h>
#include <cjson/cJSON.h>

#include "commands.h"
#include "storage/model.h"

/* Writes s to out with control characters and escape sequences shown escaped (ESC as ^[,
 * other C0 as ^X, DEL as ^?, C1 as <U+0080>); tabs and newlines are kept when keep_newlines. */
void cli_put(FILE *out, const char *s, int keep_newlines);
/* Prints err as "portops: ERR" on standard error and returns code. */
int cli_fail(int code, const char *err);
/* The usage text of a command when argv[1] is --help: prints it and returns 1. */
int cli_help(int argc, char **argv, const char *text);
/* Prints a JSON value, pretty, on standard output. */
void cli_print_json(const cJSON *v);
/* Reads a JSON object from path ("-" for standard input) through the codec's parser; NULL after
 * printing the error. The caller frees it. */
cJSON *cli_read_object(const char *path);
/* Looks up a record by id or ref (kind may be NULL); prints the error and returns NULL. */
cJSON *cli_record(struct cli *cli, const char *kind, const char *key);
/* Applies "FIELD=VALUE" to obj for kind k (value parsed with codec_value_from_text).
 * Returns 0, or prints the error and returns -1. */
int cli_set(const struct kind_def *k, cJSON *obj, const char *assignment);
/* The string member name of rec, or "". */
const char *cli_str(const cJSON *rec, const char *name);
/* A one-line summary of rec: reference (or short id), status or level, title in the UI language. */
void cli_summary(FILE *out, const cJSON *rec);
/* Prints every member of rec as "name: value" lines (human form). */
void cli_print_record(FILE *out, const cJSON *rec, const char *indent);

#endif

/* schema.h - the store's tables and their numbered migrations (PRAGMA user_version). */
#ifndef PORTOPS_SCHEMA_H
#define PORTOPS_SCHEMA_H

#include <stddef.h>
#include <sqlite3.h>

/* The user_version the code expects. */
#define SCHEMA_VERSION 3

/* Applies every migration above the file's user_version, each in one transaction.
 * Returns 0, or -1 with err (a file newer than the program is refused). */
int schema_migrate(sqlite3 *db, char *err, size_t errlen);

#endif

/* admin.h - the subcommands of portops-exchange (see portops-exchange(8)). Each takes the store
 * path and its arguments (argv[0] is the subcommand) and returns an exit code. */
#ifndef PORTOPS_ADMIN_H
#define PORTOPS_ADMIN_H

enum { XEXIT_OK = 0, XEXIT_FAIL = 1, XEXIT_USAGE = 2 };

int admin_init(const char *db, int argc, char **argv);
int admin_agency(const char *db, int argc, char **argv);
int admin_token(const char *db, int argc, char **argv);
int admin_serve(const char *db, int argc, char **argv);
int admin_dump(const char *db, int argc, char **argv);

#endif

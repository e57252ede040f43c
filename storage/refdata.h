/* refdata.h - the reference data shipped in assets/: ports, MIDs, agencies, and the reference
 * records (dictionary, manual, scenarios) owned by the reference owner REF.
 *
 * Assets are found in PORTOPS_ASSETS, then in ./assets beside the program's source tree, then in
 * the installed data folder (share/portops). */
#ifndef PORTOPS_REFDATA_H
#define PORTOPS_REFDATA_H

#include <stddef.h>
#include <cjson/cJSON.h>

#include "store.h"

#define REF_OWNER "REF"

/* The folder the assets are read from ("" when none was found). */
const char *refdata_dir(void);

/* Calls cb for every reference record of the asset files (techniques.json, procedures.json,
 * scenarios.json, in that order), each checked by the codec. Stops and returns -1 with err (naming
 * the file and record) at the first bad record or when cb returns non-zero. Returns the count. */
int refdata_records(int (*cb)(cJSON *rec, void *arg), void *arg, char *err, size_t errlen);

/* Loads every asset into st in one transaction: ports, MIDs, agencies (table rows, replaced) and
 * the reference records (store_apply_remote: loading twice changes nothing). Returns the number of
 * records newly applied, or -1 with err. */
int refdata_load(struct store *st, char *err, size_t errlen);

/* A port of the ports table. */
struct port {
	char locode[6];     /* UN/LOCODE */
	char name[101];     /* name */
	char country[3];    /* ISO 3166-1 alpha-2 */
	char region[41];    /* region label from ports.csv */
	int of_interest;    /* 1 for the ports on the dashboard */
	int isps_level;     /* ISPS security level 1-3 */
};

/* Looks up the port locode; 0 when found, -1 when unknown. */
int port_get(struct store *st, const char *locode, struct port *out);
/* Calls cb for every port (only those of interest when interest is non-zero), by country then
 * name; returns the count or -1. */
int port_each(struct store *st, int interest, int (*cb)(const struct port *p, void *arg), void *arg);
/* Sets the ISPS level (1-3) of a port; a local setting, journalled in the audit trail. */
int port_set_level(struct store *st, const char *locode, int level, char *err, size_t errlen);
/* The country (flag state) that the MID belongs to, into out; 0 when allocated, -1 when not. */
int mid_country(struct store *st, int mid, char *out, size_t outlen);
/* The name of agency code into out; 0 when known, -1 when not. */
int agency_name(struct store *st, const char *code, char *out, size_t outlen);
/* Calls cb for every agency (code, name, country, example flag); returns the count or -1. */
int agency_each(struct store *st, int (*cb)(const char *code, const char *name, const char *country,
					    int example, void *arg), void *arg);

#endif

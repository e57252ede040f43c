/* mkwork.c - makes offline work in a console store for tests/integration/faults.sh.
 *
 * usage: mkwork DB N TAG
 * Creates, in one transaction, a community case "TAG case" with N case log entries and N
 * community threats titled "TAG threat I": 2N + 1 outbox mutations. The store must exist
 * (portops init). Prints the case id. */
#include <stdio.h>
#include <stdlib.h>

#include "storage/store.h"
#include "storage/util.h"

static int add(struct store *st, cJSON *o, char id[37], char *err)
{
	int rc = store_create(st, o, id, err, PO_ERRLEN);
	cJSON_Delete(o);
	return rc;
}

static cJSON *record(const char *kind, const char *title)
{
	cJSON *o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "kind", kind);
	cJSON_AddStringToObject(o, "title", title);
	cJSON_AddStringToObject(o, "tlp", "GREEN");
	cJSON_AddStringToObject(o, "share", "community");
	return o;
}

static int work(struct store *st, int n, const char *tag, char *err)
{
	char case_id[37], id[37], title[128];
	snprintf(title, sizeof title, "%s case", tag);
	cJSON *c = record("case", title);
	cJSON_AddStringToObject(c, "type", "controlled_delivery");
	if (add(st, c, case_id, err) != 0)
		return -1;
	for (int i = 0; i < n; i++) {
		snprintf(title, sizeof title, "%s threat %d", tag, i);
		cJSON *t = record("threat", title);
		cJSON_AddStringToObject(t, "level", "medium");
		cJSON *l = cJSON_CreateObject();
		cJSON_AddStringToObject(l, "kind", "log");
		cJSON_AddStringToObject(l, "parent", case_id);
		snprintf(title, sizeof title, "%s entry %d", tag, i);
		cJSON_AddStringToObject(l, "text", title);
		if (add(st, t, id, err) != 0 || add(st, l, id, err) != 0)
			return -1;
	}
	printf("%s\n", case_id);
	return 0;
}

int main(int argc, char **argv)
{
	char err[PO_ERRLEN];
	struct store *st;
	if (argc != 4 || po_init() != 0) {
		fprintf(stderr, "usage: mkwork DB N TAG\n");
		return 2;
	}
	if (store_open(argv[1], 0, &st, err, sizeof err) != 0 || store_begin(st, err, sizeof err) != 0 ||
	    work(st, atoi(argv[2]), argv[3], err) != 0 || store_commit(st, err, sizeof err) != 0) {
		fprintf(stderr, "mkwork: %s\n", err);
		return 1;
	}
	store_close(st);
	return 0;
}

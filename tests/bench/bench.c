/* bench.c - in-process timings on a large station, each beside its floor measured in the same
 * run: full-text search against a bare FTS5 query, regular-expression search over the case log.
 * usage: bench STORE WORD REGEX */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sqlite3.h>

#include "storage/search.h"
#include "storage/store.h"
#include "storage/util.h"

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static int cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

static double median(double *v, int n)
{
	qsort(v, (size_t)n, sizeof *v, cmp);
	return v[n / 2];
}

static double bare_fts(sqlite3 *db, const char *word)
{
	char sql[200];
	snprintf(sql, sizeof sql, "SELECT rowid FROM search WHERE search MATCH '\"%s\"' LIMIT 20", word);
	double t0 = now_ms();
	sqlite3_stmt *s;
	sqlite3_prepare_v2(db, sql, -1, &s, NULL);
	while (sqlite3_step(s) == SQLITE_ROW)
		;
	sqlite3_finalize(s);
	return now_ms() - t0;
}

int main(int argc, char **argv)
{
	if (argc != 4)
		return 2;
	char err[PO_ERRLEN];
	struct store *st;
	if (po_init() != 0 || store_open(argv[1], 0, &st, err, sizeof err) != 0) {
		fprintf(stderr, "bench: %s\n", err);
		return 1;
	}
	enum { RUNS = 21 };
	double ours[RUNS], floor[RUNS];
	int hits = 0;
	for (int i = 0; i < RUNS; i++) {
		double t0 = now_ms();
		hits = search_text(st, argv[2], NULL, 20, NULL, NULL, err, sizeof err);
		ours[i] = now_ms() - t0;
		floor[i] = bare_fts(store_db(st), argv[2]);
	}
	printf("search_ms %.2f floor_ms %.2f hits %d\n", median(ours, RUNS), median(floor, RUNS), hits);
	double t0 = now_ms();
	int n = search_regex(st, argv[3], "log", 100000000, NULL, NULL, err, sizeof err);
	printf("regex_ms %.1f matches %d\n", now_ms() - t0, n);
	store_close(st);
	return n < 0;
}

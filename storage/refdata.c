/* refdata.c - see refdata.h. */
#include "refdata.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "net/codec.h"
#include "journal.h"
#include "store_int.h"
#include "util.h"

#ifndef PORTOPS_DATADIR
#define PORTOPS_DATADIR "/usr/local/share/portops"
#endif

static const char *const record_files[] = { "techniques.json", "procedures.json", "scenarios.json", NULL };

static int has_assets(const char *dir)
{
	char path[4200];
	snprintf(path, sizeof path, "%s/ports.csv", dir);
	return access(path, R_OK) == 0;
}

const char *refdata_dir(void)
{
	static char dir[4096];
	const char *env = getenv("PORTOPS_ASSETS");
	if (env && *env)
		return env;
	char exe[4000];
	if (po_exe_dir(exe, sizeof exe) == 0) { /* the source tree: <tree>/build/portops -> <tree>/assets */
		snprintf(dir, sizeof dir, "%s/../assets", exe);
		if (has_assets(dir))
			return dir;
	}
	return has_assets(PORTOPS_DATADIR) ? PORTOPS_DATADIR : "";
}

static int records_of_file(const char *file, int (*cb)(cJSON *rec, void *arg), void *arg, char *err, size_t errlen)
{
	char path[4200], why[PO_ERRLEN];
	snprintf(path, sizeof path, "%s/%s", refdata_dir(), file);
	size_t len;
	char *text = po_read_file(path, CODEC_MAX_DOCUMENT, &len, why, sizeof why);
	if (!text)
		return access(path, F_OK) == 0 ? po_err(err, errlen, "%s", why) : 0; /* absent: none yet */
	cJSON *arr = codec_parse(text, len, CODEC_MAX_DOCUMENT, why, sizeof why);
	free(text);
	if (!arr || !cJSON_IsArray(arr)) {
		cJSON_Delete(arr);
		return po_err(err, errlen, "%s: %s", file, arr ? "expected a JSON array" : why);
	}
	int n = 0, rc = 0;
	cJSON *rec;
	cJSON_ArrayForEach(rec, arr) {
		if (codec_check_record(rec, CODEC_FULL, why, sizeof why) != 0) {
			rc = po_err(err, errlen, "%s: record %d: %s", file, n + 1, why);
			break;
		}
		if (cb(rec, arg) != 0) {
			rc = po_err(err, errlen, "%s: record %d was not accepted", file, n + 1);
			break;
		}
		n++;
	}
	cJSON_Delete(arr);
	return rc ? -1 : n;
}

int refdata_records(int (*cb)(cJSON *rec, void *arg), void *arg, char *err, size_t errlen)
{
	if (!*refdata_dir())
		return po_err(err, errlen, "the reference assets were not found (set PORTOPS_ASSETS)");
	int total = 0;
	for (int i = 0; record_files[i]; i++) {
		int n = records_of_file(record_files[i], cb, arg, err, errlen);
		if (n < 0)
			return -1;
		total += n;
	}
	return total;
}

/* Splits one CSV line in place into at most max fields (double quotes group commas). */
static int csv_split(char *line, char **fields, int max)
{
	int n = 0;
	char *p = line;
	while (n < max) {
		int quoted = *p == '"';
		if (quoted)
			p++;
		fields[n++] = p;
		char *w = p;
		while (*p && (quoted ? *p != '"' : *p != ',')) {
			*w++ = *p++;
		}
		if (quoted && *p == '"')
			p++;
		int more = *p == ',';
		*w = '\0';
		if (!more)
			break;
		p++;
	}
	return n;
}

/* Calls row(fields, n) for each data line of an asset table (sep ',' CSV or '\t'); skips the
 * header line when header is set and lines starting with '#'. */
static int each_line(const char *file, char sep, int header, int (*row)(char **f, int n, void *arg),
		     void *arg, char *err, size_t errlen)
{
	char path[4200];
	snprintf(path, sizeof path, "%s/%s", refdata_dir(), file);
	FILE *f = fopen(path, "r");
	if (!f)
		return po_err(err, errlen, "cannot read the asset %s", path);
	char line[1024];
	int lineno = 0, rc = 0;
	while (rc == 0 && fgets(line, sizeof line, f)) {
		lineno++;
		line[strcspn(line, "\r\n")] = '\0';
		if (!*line || *line == '#' || (header && lineno == 1))
			continue;
		char *fields[8];
		int n;
		if (sep == ',') {
			n = csv_split(line, fields, 8);
		} else {
			n = 0;
			for (char *tok = strtok(line, "\t"); tok && n < 8; tok = strtok(NULL, "\t"))
				fields[n++] = tok;
		}
		if (row(fields, n, arg) != 0)
			rc = po_err(err, errlen, "%s: line %d is not valid", file, lineno);
	}
	fclose(f);
	return rc;
}

static int port_row(char **f, int n, void *arg)
{
	struct store *st = arg;
	if (n < 4 || strlen(f[0]) != 5)
		return -1;
	sqlite3_stmt *s = store_stmt(st, "INSERT INTO ports(locode, name, country, region, of_interest, isps_level)"
				     " VALUES (?,?,?,?,?,?) ON CONFLICT(locode) DO UPDATE SET name=excluded.name,"
				     " country=excluded.country, region=excluded.region, of_interest=excluded.of_interest",
				     NULL, 0);
	if (!s)
		return -1;
	for (int i = 0; i < 4; i++)
		sqlite3_bind_text(s, i + 1, f[i], -1, SQLITE_STATIC);
	sqlite3_bind_int(s, 5, n > 4 ? atoi(f[4]) : 0);
	int level = n > 5 ? atoi(f[5]) : 1;
	sqlite3_bind_int(s, 6, level >= 1 && level <= 3 ? level : 1);
	int rc = sqlite3_step(s) == SQLITE_DONE ? 0 : -1;
	sqlite3_reset(s);
	return rc;
}

static int mid_row(char **f, int n, void *arg)
{
	struct store *st = arg;
	if (n < 2 || atoi(f[0]) < 200 || atoi(f[0]) > 799)
		return -1;
	sqlite3_stmt *s = store_stmt(st, "INSERT OR REPLACE INTO mids(mid, country) VALUES (?,?)", NULL, 0);
	if (!s)
		return -1;
	sqlite3_bind_int(s, 1, atoi(f[0]));
	sqlite3_bind_text(s, 2, f[1], -1, SQLITE_STATIC);
	int rc = sqlite3_step(s) == SQLITE_DONE ? 0 : -1;
	sqlite3_reset(s);
	return rc;
}

static int agency_row(char **f, int n, void *arg)
{
	struct store *st = arg;
	if (n < 3)
		return -1;
	sqlite3_stmt *s = store_stmt(st, "INSERT OR REPLACE INTO agencies(code, name, country, example)"
				     " VALUES (?,?,?,?)", NULL, 0);
	if (!s)
		return -1;
	for (int i = 0; i < 3; i++)
		sqlite3_bind_text(s, i + 1, f[i], -1, SQLITE_STATIC);
	sqlite3_bind_int(s, 4, n > 3 ? atoi(f[3]) : 1);
	int rc = sqlite3_step(s) == SQLITE_DONE ? 0 : -1;
	sqlite3_reset(s);
	return rc;
}

struct apply_ctx {
	struct store *st;
	int applied;
	char err[PO_ERRLEN];
};

static int apply_record(cJSON *rec, void *arg)
{
	struct apply_ctx *a = arg;
	int rc = store_apply_remote(a->st, rec, a->err, sizeof a->err);
	if (rc > 0)
		a->applied++;
	return rc < 0;
}

static int load_all(struct store *st, struct apply_ctx *a, char *err, size_t errlen)
{
	if (each_line("ports.csv", ',', 1, port_row, st, err, errlen) != 0 ||
	    each_line("mid.tsv", '\t', 0, mid_row, st, err, errlen) != 0 ||
	    each_line("agencies.tsv", '\t', 1, agency_row, st, err, errlen) != 0)
		return -1;
	if (refdata_records(apply_record, a, err, errlen) < 0) {
		if (*a->err)
			po_err(err, errlen, "%s", a->err);
		return -1;
	}
	cJSON *detail = cJSON_CreateObject();
	cJSON_AddNumberToObject(detail, "applied", a->applied);
	int rc = journal_audit(st, "load-assets", "assets", "", detail, err, errlen);
	cJSON_Delete(detail);
	return rc;
}

int refdata_load(struct store *st, char *err, size_t errlen)
{
	if (!*refdata_dir())
		return po_err(err, errlen, "the reference assets were not found (set PORTOPS_ASSETS)");
	struct apply_ctx a = { st, 0, "" };
	if (store_begin(st, err, errlen) != 0)
		return -1;
	if (load_all(st, &a, err, errlen) != 0) {
		store_rollback(st);
		return -1;
	}
	return store_commit(st, err, errlen) == 0 ? a.applied : -1;
}

static void port_from_row(sqlite3_stmt *s, struct port *p)
{
	po_strlcpy(p->locode, (const char *)sqlite3_column_text(s, 0), sizeof p->locode);
	po_strlcpy(p->name, (const char *)sqlite3_column_text(s, 1), sizeof p->name);
	po_strlcpy(p->country, (const char *)sqlite3_column_text(s, 2), sizeof p->country);
	po_strlcpy(p->region, (const char *)sqlite3_column_text(s, 3), sizeof p->region);
	p->of_interest = sqlite3_column_int(s, 4);
	p->isps_level = sqlite3_column_int(s, 5);
}

int port_get(struct store *st, const char *locode, struct port *out)
{
	sqlite3_stmt *s = store_stmt(st, "SELECT locode, name, country, region, of_interest, isps_level"
				     " FROM ports WHERE locode=?", NULL, 0);
	if (!s)
		return -1;
	sqlite3_bind_text(s, 1, locode, -1, SQLITE_STATIC);
	int found = sqlite3_step(s) == SQLITE_ROW;
	if (found)
		port_from_row(s, out);
	sqlite3_reset(s);
	return found ? 0 : -1;
}

int port_each(struct store *st, int interest, int (*cb)(const struct port *p, void *arg), void *arg)
{
	sqlite3_stmt *s;
	if (sqlite3_prepare_v2(store_db(st), "SELECT locode, name, country, region, of_interest, isps_level"
			       " FROM ports WHERE ?1 = 0 OR of_interest = 1 ORDER BY country, name", -1, &s, NULL) != SQLITE_OK)
		return -1;
	sqlite3_bind_int(s, 1, interest);
	int n = 0;
	struct port p;
	while (sqlite3_step(s) == SQLITE_ROW) {
		port_from_row(s, &p);
		n++;
		if (cb(&p, arg))
			break;
	}
	sqlite3_finalize(s);
	return n;
}

int port_set_level(struct store *st, const char *locode, int level, char *err, size_t errlen)
{
	if (level < 1 || level > 3)
		return po_err(err, errlen, "the ISPS security level is 1, 2 or 3");
	struct port p;
	if (port_get(st, locode, &p) != 0)
		return po_err(err, errlen, "unknown port %s", locode);
	if (store_begin(st, err, errlen) != 0)
		return -1;
	sqlite3_stmt *s = store_stmt(st, "UPDATE ports SET isps_level=? WHERE locode=?", err, errlen);
	int rc = -1;
	if (s) {
		sqlite3_bind_int(s, 1, level);
		sqlite3_bind_text(s, 2, locode, -1, SQLITE_STATIC);
		rc = sqlite3_step(s) == SQLITE_DONE ? 0 : store_sqlerr(st, "cannot set the level", err, errlen);
		sqlite3_reset(s);
	}
	cJSON *detail = cJSON_CreateObject();
	cJSON_AddNumberToObject(detail, "from", p.isps_level);
	cJSON_AddNumberToObject(detail, "to", level);
	if (rc == 0)
		rc = journal_audit(st, "isps-level", "port", locode, detail, err, errlen);
	cJSON_Delete(detail);
	if (rc != 0) {
		store_rollback(st);
		return -1;
	}
	return store_commit(st, err, errlen);
}

int mid_country(struct store *st, int mid, char *out, size_t outlen)
{
	sqlite3_stmt *s = store_stmt(st, "SELECT country FROM mids WHERE mid=?", NULL, 0);
	if (!s)
		return -1;
	sqlite3_bind_int(s, 1, mid);
	int found = sqlite3_step(s) == SQLITE_ROW;
	if (found)
		po_strlcpy(out, (const char *)sqlite3_column_text(s, 0), outlen);
	sqlite3_reset(s);
	return found ? 0 : -1;
}

int agency_name(struct store *st, const char *code, char *out, size_t outlen)
{
	sqlite3_stmt *s = store_stmt(st, "SELECT name FROM agencies WHERE code=?", NULL, 0);
	if (!s)
		return -1;
	sqlite3_bind_text(s, 1, code, -1, SQLITE_STATIC);
	int found = sqlite3_step(s) == SQLITE_ROW;
	if (found)
		po_strlcpy(out, (const char *)sqlite3_column_text(s, 0), outlen);
	sqlite3_reset(s);
	return found ? 0 : -1;
}

int agency_each(struct store *st, int (*cb)(const char *code, const char *name, const char *country,
					    int example, void *arg), void *arg)
{
	sqlite3_stmt *s;
	if (sqlite3_prepare_v2(store_db(st), "SELECT code, name, country, example FROM agencies ORDER BY country, code",
			       -1, &s, NULL) != SQLITE_OK)
		return -1;
	int n = 0;
	while (sqlite3_step(s) == SQLITE_ROW) {
		n++;
		if (cb((const char *)sqlite3_column_text(s, 0), (const char *)sqlite3_column_text(s, 1),
		       (const char *)sqlite3_column_text(s, 2), sqlite3_column_int(s, 3), arg))
			break;
	}
	sqlite3_finalize(s);
	return n;
}

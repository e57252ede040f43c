/* search.c - see search.h. */
#define PCRE2_CODE_UNIT_WIDTH 8
#include "search.h"

#include <pcre2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model.h"
#include "store_int.h"
#include "util.h"

/* A growing text buffer. */
struct buf {
	char *p;
	size_t len, cap;
};

static void buf_add(struct buf *b, const char *s)
{
	size_t n = strlen(s);
	if (b->len + n + 2 > b->cap) {
		size_t cap = (b->cap + n + 2) * 2;
		char *np = realloc(b->p, cap);
		if (!np)
			return;
		b->p = np, b->cap = cap;
	}
	if (b->len)
		b->p[b->len++] = '\n';
	memcpy(b->p + b->len, s, n + 1);
	b->len += n;
}

/* Adds the searchable text of field f's value v: strings, lists of strings, and the free-text
 * members of rows (not their codes and enums). */
static void add_strings(struct buf *b, const struct field_def *f, const cJSON *v)
{
	if (cJSON_IsString(v)) {
		buf_add(b, v->valuestring);
		return;
	}
	const cJSON *it;
	cJSON_ArrayForEach(it, v) {
		if (f->type != FT_ROWS) {
			add_strings(b, f, it);
			continue;
		}
		for (const struct field_def *rf = f->rows; rf->name; rf++) {
			const cJSON *m = cJSON_GetObjectItemCaseSensitive(it, rf->name);
			if (rf->type == FT_TEXT && rf->check == CK_NONE && cJSON_IsString(m))
				buf_add(b, m->valuestring);
		}
	}
}

int search_unindex(struct store *st, const char *id, char *err, size_t errlen)
{
	sqlite3_stmt *s = store_stmt(st, "DELETE FROM search_docs WHERE id=?", err, errlen);
	if (!s)
		return -1;
	sqlite3_bind_text(s, 1, id, -1, SQLITE_STATIC);
	int rc = sqlite3_step(s) == SQLITE_DONE ? 0 : store_sqlerr(st, "cannot update the search index", err, errlen);
	sqlite3_reset(s);
	return rc;
}

int search_index(struct store *st, const void *vrec, char *err, size_t errlen)
{
	const cJSON *rec = vrec;
	const struct kind_def *k = model_kind(cJSON_GetObjectItemCaseSensitive(rec, "kind")->valuestring);
	const char *id = cJSON_GetObjectItemCaseSensitive(rec, "id")->valuestring;
	if (cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(rec, "deleted")))
		return search_unindex(st, id, err, errlen);
	struct buf title = { 0 }, body = { 0 };
	for (const struct field_def *f = k->fields; f->name; f++) {
		const cJSON *v = cJSON_GetObjectItemCaseSensitive(rec, f->name);
		if (!v)
			continue;
		if (f->flags & FF_TITLE)
			add_strings(&title, f, v);
		else if (f->flags & FF_SEARCH)
			add_strings(&body, f, v);
	}
	sqlite3_stmt *s = store_stmt(st, "INSERT INTO search_docs(kind, id, title, body) VALUES (?,?,?,?)"
				     " ON CONFLICT(id) DO UPDATE SET title=excluded.title, body=excluded.body", err, errlen);
	int rc = -1;
	if (s) {
		sqlite3_bind_text(s, 1, k->name, -1, SQLITE_STATIC);
		sqlite3_bind_text(s, 2, id, -1, SQLITE_STATIC);
		sqlite3_bind_text(s, 3, title.p ? title.p : "", -1, SQLITE_STATIC);
		sqlite3_bind_text(s, 4, body.p ? body.p : "", -1, SQLITE_STATIC);
		rc = sqlite3_step(s) == SQLITE_DONE ? 0 : store_sqlerr(st, "cannot update the search index", err, errlen);
		sqlite3_reset(s);
	}
	free(title.p);
	free(body.p);
	return rc;
}

/* Turns free text into an FTS5 query: every word quoted (so that no FTS5 syntax gets through);
 * a word typed with a trailing '*' matches as a prefix. NULL when there is no word. */
static char *fts_query(const char *q)
{
	size_t n = strlen(q);
	char *out = malloc(n * 3 + 8), *o = out;
	if (!out)
		return NULL;
	const char *p = q;
	int words = 0;
	while (*p) {
		while (*p && (*p == ' ' || *p == '\t' || *p == '"' || *p == '*'))
			p++;
		if (!*p)
			break;
		if (words++)
			*o++ = ' ';
		*o++ = '"';
		while (*p && *p != ' ' && *p != '\t' && *p != '*') {
			if (*p == '"')
				*o++ = '"';
			*o++ = *p++;
		}
		*o++ = '"';
		if (*p == '*')
			*o++ = '*';
	}
	*o = '\0';
	if (!words) {
		free(out);
		return NULL;
	}
	return out;
}

/* Kinds of bounded size (reference content, bulletins) are also indexed in search_ref and ranked
 * there by relevance. Other kinds can hold hundreds of thousands of matches: they come newest
 * first from the main index, which FTS5 can stop early, where ranking every match (bm25) would
 * cost tens of milliseconds on a large station. */
static int ranked_kind(const char *kind)
{
	static const char *const ranked[] = { "technique", "procedure", "scenario", "bulletin", NULL };
	return model_choice(ranked, kind) >= 0;
}

/* Searches one kind; returns its hits or -1. Sets *stop when cb asked to stop. */
static int search_kind(struct store *st, const char *terms, const char *kind, int limit, search_cb cb, void *arg,
		       int *stop, char *err, size_t errlen)
{
	static const char *const sql[2] = {
		"SELECT d.kind, d.id, replace(d.title, char(10), ' / '),"
		" replace(snippet(search, -1, '', '', '…', 10), char(10), ' · ') FROM search"
		" JOIN search_docs d ON d.rowid = search.rowid WHERE search MATCH ?1 ORDER BY search.rowid DESC LIMIT ?2",
		"SELECT d.kind, d.id, replace(d.title, char(10), ' / '),"
		" replace(snippet(search_ref, -1, '', '', '…', 10), char(10), ' · ') FROM search_ref"
		" JOIN search_docs d ON d.rowid = search_ref.rowid WHERE search_ref MATCH ?1 ORDER BY rank LIMIT ?2",
	};
	size_t n = strlen(terms) + 64;
	char *q = malloc(n);
	sqlite3_stmt *s = q ? store_stmt(st, sql[ranked_kind(kind)], err, errlen) : NULL;
	if (!s) {
		free(q);
		return q ? -1 : po_err(err, errlen, "out of memory");
	}
	snprintf(q, n, "kind : \"%s\" AND {title body} : (%s)", kind, terms);
	sqlite3_bind_text(s, 1, q, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int(s, 2, limit);
	free(q);
	int hits = 0;
	while (!*stop && sqlite3_step(s) == SQLITE_ROW) {
		struct search_hit h = {
			(const char *)sqlite3_column_text(s, 0), (const char *)sqlite3_column_text(s, 1),
			(const char *)sqlite3_column_text(s, 2), (const char *)sqlite3_column_text(s, 3),
		};
		hits++;
		if (cb && cb(&h, arg))
			*stop = 1;
	}
	sqlite3_reset(s);
	return hits;
}

int search_text(struct store *st, const char *query, const char *kind, int limit, search_cb cb, void *arg,
		char *err, size_t errlen)
{
	char *terms = fts_query(query);
	if (!terms)
		return po_err(err, errlen, "nothing to search for");
	int total = 0, stop = 0;
	for (const struct kind_def *k = model_kinds; k->name && !stop; k++) {
		if (kind && strcmp(kind, k->name) != 0)
			continue;
		int n = search_kind(st, terms, k->name, limit, cb, arg, &stop, err, errlen);
		if (n < 0) {
			total = -1;
			break;
		}
		total += n;
	}
	free(terms);
	return total;
}

struct regex {
	pcre2_code *code;
	pcre2_match_data *md;
	pcre2_match_context *mc;
};

struct regex *regex_compile(const char *pattern, int caseless, char *err, size_t errlen)
{
	int code;
	PCRE2_SIZE off;
	uint32_t opts = PCRE2_UTF | PCRE2_UCP | (caseless ? PCRE2_CASELESS : 0);
	pcre2_code *c = pcre2_compile((PCRE2_SPTR)pattern, PCRE2_ZERO_TERMINATED, opts, &code, &off, NULL);
	if (!c) {
		PCRE2_UCHAR msg[160];
		pcre2_get_error_message(code, msg, sizeof msg);
		po_err(err, errlen, "bad regular expression at character %zu: %s", (size_t)off + 1, (char *)msg);
		return NULL;
	}
	pcre2_jit_compile(c, PCRE2_JIT_COMPLETE); /* without JIT the interpreter still works */
	struct regex *re = calloc(1, sizeof *re);
	if (!re) {
		pcre2_code_free(c);
		po_err(err, errlen, "out of memory");
		return NULL;
	}
	re->code = c;
	re->md = pcre2_match_data_create_from_pattern(c, NULL);
	re->mc = pcre2_match_context_create(NULL);
	pcre2_set_match_limit(re->mc, 1000000);
	pcre2_set_depth_limit(re->mc, 10000);
	pcre2_set_heap_limit(re->mc, 20000); /* KiB */
	return re;
}

int regex_match(struct regex *re, const char *s, size_t n, char *err, size_t errlen)
{
	int rc = pcre2_match(re->code, (PCRE2_SPTR)s, n, 0, 0, re->md, re->mc);
	if (rc >= 0)
		return 1;
	if (rc == PCRE2_ERROR_NOMATCH)
		return 0;
	if (rc == PCRE2_ERROR_MATCHLIMIT || rc == PCRE2_ERROR_DEPTHLIMIT || rc == PCRE2_ERROR_HEAPLIMIT)
		return po_err(err, errlen, "the regular expression is too costly for this text (limit reached)");
	PCRE2_UCHAR msg[160];
	pcre2_get_error_message(rc, msg, sizeof msg);
	return po_err(err, errlen, "regular expression error: %s", (char *)msg);
}

void regex_free(struct regex *re)
{
	if (!re)
		return;
	pcre2_match_data_free(re->md);
	pcre2_match_context_free(re->mc);
	pcre2_code_free(re->code);
	free(re);
}

/* A single-line excerpt of text around its first line that matches. */
static void excerpt(struct regex *re, const char *text, char *out, size_t outlen)
{
	const char *line = text;
	while (line && *line) {
		const char *end = strchr(line, '\n');
		size_t n = end ? (size_t)(end - line) : strlen(line);
		if (regex_match(re, line, n, NULL, 0) == 1) {
			snprintf(out, outlen, "%.*s", (int)(n < outlen ? n : outlen - 1), line);
			return;
		}
		line = end ? end + 1 : NULL;
	}
	out[0] = '\0';
}

int search_regex(struct store *st, const char *pattern, const char *kind, int limit, search_cb cb, void *arg,
		 char *err, size_t errlen)
{
	struct regex *re = regex_compile(pattern, 1, err, errlen);
	if (!re)
		return -1;
	sqlite3_stmt *s = store_stmt(st, "SELECT kind, id, title, body FROM search_docs"
				     " WHERE ?1 IS NULL OR kind = ?1 ORDER BY rowid", err, errlen);
	int n = s ? 0 : -1;
	if (s)
		sqlite3_bind_text(s, 1, kind, -1, SQLITE_STATIC);
	while (s && n < limit && sqlite3_step(s) == SQLITE_ROW) {
		const char *title = (const char *)sqlite3_column_text(s, 2);
		const char *body = (const char *)sqlite3_column_text(s, 3);
		int mt = regex_match(re, title, strlen(title), err, errlen);
		int mb = mt == 1 ? 0 : regex_match(re, body, strlen(body), err, errlen);
		if (mt < 0 || mb < 0) {
			n = -1;
			break;
		}
		if (!mt && !mb)
			continue;
		char snip[200];
		excerpt(re, mt ? title : body, snip, sizeof snip);
		for (char *p = snip; *p; p++)
			if (*p == '\t')
				*p = ' ';
		struct search_hit h = { (const char *)sqlite3_column_text(s, 0),
					(const char *)sqlite3_column_text(s, 1), title, snip };
		n++;
		if (cb && cb(&h, arg))
			break;
	}
	if (s)
		sqlite3_reset(s);
	regex_free(re);
	return n;
}

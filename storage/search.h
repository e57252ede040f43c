/* search.h - full-text search (FTS5, diacritics ignored) and regular expressions (PCRE2).
 *
 * The index holds one document per record (title and text of its FF_SEARCH fields); the store
 * keeps it current in the same transaction as each write (search_index). */
#ifndef PORTOPS_SEARCH_H
#define PORTOPS_SEARCH_H

#include <stddef.h>

#include "store.h"

struct search_hit {
	const char *kind;   /* record kind */
	const char *id;     /* record id */
	const char *title;  /* display title (English title for bilingual kinds) */
	const char *snippet;/* a short excerpt around the match, plain text */
};

typedef int (*search_cb)(const struct search_hit *hit, void *arg);

/* (Re)writes the search document of the record rec (codec form); removes it when rec is a
 * tombstone. Called by the store inside its transaction. */
int search_index(struct store *st, const void *rec, char *err, size_t errlen);
/* Removes the document of id. */
int search_unindex(struct store *st, const char *id, char *err, size_t errlen);

/* Full-text search: words of query (plain words, all must match, prefix match on the last one;
 * accents and case ignored), in kind or, when kind is NULL, in every kind. Hits come grouped by
 * kind in model order, at most limit per kind: ranked by relevance for the kinds of bounded size
 * (techniques, procedures, scenarios, bulletins), newest first for the others. Returns the
 * number of hits or -1 with err. */
int search_text(struct store *st, const char *query, const char *kind, int limit, search_cb cb,
		void *arg, char *err, size_t errlen);

/* A compiled regular expression (PCRE2). */
struct regex;
/* Compiles pattern (UTF-8, caseless when caseless is non-zero, JIT when available, match and
 * depth limits set). Returns NULL with a message naming the position of the error. */
struct regex *regex_compile(const char *pattern, int caseless, char *err, size_t errlen);
/* 1 when s matches, 0 when not, -1 when a limit was hit (err says so). */
int regex_match(struct regex *re, const char *s, size_t n, char *err, size_t errlen);
void regex_free(struct regex *re);

/* Regular-expression search over the search documents (title and text of every record, case
 * log included). Returns hits or -1 with err. */
int search_regex(struct store *st, const char *pattern, const char *kind, int limit, search_cb cb,
		 void *arg, char *err, size_t errlen);

#endif

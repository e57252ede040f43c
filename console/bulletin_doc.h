/* bulletin_doc.h - an information bulletin as a document (render.h), ready to write out as text,
 * Markdown or HTML. Used by `portops bulletin render` and by the console's bulletin screen.
 *
 * The document speaks the bulletin's language ("lang"), whatever the interface language: its
 * labels come from fixed tables, not from gettext. It carries the bulletin's TLP marking, a
 * DRAFT or WITHDRAWN notice when the bulletin is not issued, and the exercise banner whenever the
 * store is an exercise database (setting "exercise"), so that no document rendered from an
 * exercise store can be taken for live material. */
#ifndef PORTOPS_BULLETIN_DOC_H
#define PORTOPS_BULLETIN_DOC_H

#include <stddef.h>
#include <cjson/cJSON.h>

#include "render.h"
#include "storage/store.h"

/* Builds the document of the bulletin rec (codec form). Cited records are looked up in st and
 * listed with their kind, reference and title; with pull non-zero each also brings its current
 * summary (a technique its description) in the bulletin's language. The title and summary of a
 * cited record whose TLP is stricter than the bulletin's are left out. Returns a document the
 * caller frees with doc_free, or NULL with err. */
struct doc *bulletin_doc(struct store *st, const cJSON *rec, int pull, char *err, size_t errlen);

/* Renders the bulletin named by key (its id or number) in format f. Returns the text (the caller
 * frees it) and its length in *len (may be NULL), or NULL with err (unknown or deleted bulletin,
 * out of memory). */
char *bulletin_render(struct store *st, const char *key, enum doc_format f, int pull, size_t *len,
		      char *err, size_t errlen);

#endif

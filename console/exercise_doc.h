/* exercise_doc.h - the after-action report of an exercise as a document (render.h). */
#ifndef PORTOPS_EXERCISE_DOC_H
#define PORTOPS_EXERCISE_DOC_H

#include <cjson/cJSON.h>

#include "render.h"

/* Renders report (from exercise_report) in lang ("es" or "en") and format f; every page is
 * marked EXERCISE. Returns text the caller frees, or NULL when out of memory. */
char *exercise_doc_render(const cJSON *report, const char *lang, enum doc_format f);

#endif

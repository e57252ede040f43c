/* detail.h - pieces shared by the detail screens (a record shown as a document): loading the
 * record, its envelope (marking, sharing, owner, times) and the cases that cite it. */
#ifndef PORTOPS_DETAIL_H
#define PORTOPS_DETAIL_H

#include <cjson/cJSON.h>

#include "page.h"
#include "ui.h"

/* The record kind/id (id or reference), or NULL after a message (absent, or deleted). The
 * caller frees it. */
cJSON *detail_load(struct app *a, const char *kind, const char *id);
/* Adds the TLP marking line. */
void detail_marking(struct page *d, const cJSON *rec);
/* Adds the envelope: sharing, owner, created, updated, revision. */
void detail_envelope(struct page *d, const cJSON *rec);
/* Adds a heading and one link per case that cites id through a case link (at most 50). */
void detail_citing(struct page *d, struct app *a, const char *id, const char *heading);
/* Adds "LOCODE  Name" lines (links to the ports) for the UN/LOCODEs in the list member name. */
void detail_ports(struct page *d, struct app *a, const cJSON *rec, const char *name);
/* Adds a link to the record with id (any kind) showing its reference and title; when the record
 * is not in the store, shows the id as not available. */
void detail_record_link(struct page *d, struct app *a, const char *id, int indent);
/* Sets the screen title "Kind: title". */
void detail_title(struct screen *s, const char *kind, const char *title);
/* Adds each string of the array member as a "- item" paragraph. */
void detail_bullets(struct page *d, const cJSON *items);

#endif

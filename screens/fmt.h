/* fmt.h - reading the members of a record (a cJSON object in the codec's flat form) for display,
 * and the translated labels of enumerated values. */
#ifndef PORTOPS_FMT_H
#define PORTOPS_FMT_H

#include <stddef.h>
#include <cjson/cJSON.h>

/* The string member name of rec, or "" when absent or not a string. */
const char *rec_str(const cJSON *rec, const char *name);
/* The number member name of rec, or def when absent. */
long rec_int(const cJSON *rec, const char *name, long def);
/* The record's display title in lang ("es"/"en"), or "" (model_title_field). */
const char *rec_title(const cJSON *rec, const char *lang);
/* The record's reference (case ref, code, number), or "". */
const char *rec_ref(const cJSON *rec);
/* The member name of rec in the UI language: name_es or name_en (e.g. "description"). */
const cJSON *rec_lang(const cJSON *rec, const char *name, const char *lang);
/* The other language of lang ("es" <-> "en"). */
const char *other_lang(const char *lang);
/* The items of the string array member name joined by ", " into out; returns out. */
const char *rec_join(const cJSON *rec, const char *name, char *out, size_t n);
/* "YYYY-MM-DD" of an ISO time into out (11 bytes); "" when iso is too short. */
const char *fmt_date(const char *iso, char out[11]);
/* "YYYY-MM-DD HH:MM" of an ISO time into out (17 bytes). */
const char *fmt_time(const char *iso, char out[17]);
/* The translated label of value in context ctx ("threat level", "case status", ...): the value
 * with '_' as spaces, translated when the catalogue has it. The result stays valid until the
 * 8th next call. */
const char *label(const char *ctx, const char *value);
/* The translated plural name of the records of kind ("Threats", "Case log entries", ...). */
const char *kind_label(const char *kind);

#endif

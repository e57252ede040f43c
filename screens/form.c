/* form.c - the form model of form.h: rows, typing, checking, building the record. The form
 * screen is in form_screen.c. */
#include "form.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "console/i18n.h"
#include "net/codec.h"
#include "storage/ident.h"
#include "storage/releasability.h"
#include "storage/util.h"

/* The releasability rows every record form has (the codec keeps its own copy of these). */
static const struct field_def marking_defs[] = {
	{ "tlp", FT_ENUM, FF_REQUIRED, CK_NONE, 0, 0, 0, model_tlp, NULL },
	{ "share", FT_ENUM, FF_REQUIRED, CK_NONE, 0, 0, 0, model_share, NULL },
	{ "share_with", FT_LIST, 0, CK_AGENCY, 0, 0, 64, NULL, NULL },
	{ NULL, 0, 0, 0, 0, 0, 0, NULL, NULL },
};

enum { LONG_TEXT = 500 };

static int skipped(const char *const *skip, const char *name)
{
	return skip && model_choice(skip, name) >= 0;
}

static void add_row(struct form *fm, const struct field_def *d)
{
	if (fm->n >= FORM_MAX)
		return;
	struct form_field *f = &fm->f[fm->n++];
	memset(f, 0, sizeof *f);
	f->name = d->name;
	f->def = d;
	f->readonly = fm->edit && (d->flags & FF_FIXED);
	f->longtext = d->type == FT_TEXT && d->max > LONG_TEXT;
}

void form_init(struct form *fm, const struct kind_def *k, const struct field_def *defs,
	       const char *const *skip, int edit)
{
	memset(fm, 0, sizeof *fm);
	fm->kind = k;
	fm->edit = edit;
	for (const struct field_def *d = defs; d && d->name; d++)
		if (d->type != FT_ROWS && !skipped(skip, d->name))
			add_row(fm, d);
}

void form_add_marking(struct form *fm)
{
	for (const struct field_def *d = marking_defs; d->name; d++)
		add_row(fm, d);
}

int form_find(const struct form *fm, const char *name)
{
	for (int i = 0; i < fm->n; i++)
		if (!strcmp(fm->f[i].name, name))
			return i;
	return -1;
}

/* Appends the items of a string array joined by ", ". */
static void join_items(const cJSON *v, char *out, size_t n)
{
	const cJSON *it;
	size_t len = 0;
	out[0] = '\0';
	cJSON_ArrayForEach(it, v) {
		if (!cJSON_IsString(it))
			continue;
		int w = snprintf(out + len, n - len, "%s%s", len ? ", " : "", it->valuestring);
		if (w < 0 || (size_t)w >= n - len)
			return;
		len += (size_t)w;
	}
}

void form_text_of(const cJSON *v, char *out, size_t n)
{
	out[0] = '\0';
	if (cJSON_IsString(v))
		po_strlcpy(out, v->valuestring, n);
	else if (cJSON_IsBool(v))
		snprintf(out, n, "%s", cJSON_IsTrue(v) ? "yes" : "no");
	else if (cJSON_IsNumber(v))
		snprintf(out, n, "%ld", (long)v->valuedouble);
	else if (cJSON_IsArray(v))
		join_items(v, out, n);
}

void form_load(struct form *fm, const cJSON *rec)
{
	for (int i = 0; i < fm->n; i++) {
		struct form_field *f = &fm->f[i];
		form_text_of(cJSON_GetObjectItemCaseSensitive(rec, f->name), f->text, sizeof f->text);
		po_strlcpy(f->init, f->text, sizeof f->init);
		f->why[0] = '\0';
	}
}

/* Trims spaces at both ends of s in place; returns s. */
static char *trim(char *s)
{
	while (*s == ' ')
		s++;
	size_t n = strlen(s);
	while (n && s[n - 1] == ' ')
		s[--n] = '\0';
	return s;
}

/* A string value checked by the field's identifier check and length. */
static cJSON *text_value(const struct field_def *d, const char *text, char *err, size_t errlen)
{
	char out[FORM_TEXT], why[FORM_WHY];
	if (ident_check(d->check, text, out, sizeof out, why, sizeof why) != 0) {
		po_err(err, errlen, "%s", why);
		return NULL;
	}
	if (d->max && strlen(out) > d->max) {
		po_err(err, errlen, _("at most %zu bytes"), d->max);
		return NULL;
	}
	return cJSON_CreateString(out);
}

static cJSON *int_value(const struct field_def *d, const char *text, char *err, size_t errlen)
{
	char *end;
	long v = strtol(text, &end, 10);
	if (*end || end == text || v < d->lo || v > d->hi) {
		po_err(err, errlen, _("a whole number from %ld to %ld"), d->lo, d->hi);
		return NULL;
	}
	return cJSON_CreateNumber((double)v);
}

static cJSON *enum_value(const struct field_def *d, const char *text, char *err, size_t errlen)
{
	if (model_choice(d->choices, text) >= 0)
		return cJSON_CreateString(text);
	po_err(err, errlen, _("not one of the choices (Space cycles through them)"));
	return NULL;
}

static cJSON *list_value(const struct field_def *d, const char *text, char *err, size_t errlen)
{
	char buf[FORM_TEXT], *save = NULL;
	struct field_def item = *d;
	item.type = FT_TEXT;
	item.max = 500;
	po_strlcpy(buf, text, sizeof buf);
	cJSON *arr = cJSON_CreateArray();
	for (char *tok = strtok_r(buf, ",", &save); arr && tok; tok = strtok_r(NULL, ",", &save)) {
		cJSON *v = *trim(tok) ? text_value(&item, trim(tok), err, errlen) : NULL;
		if (!v && *trim(tok)) {
			cJSON_Delete(arr);
			return NULL;
		}
		if (v)
			cJSON_AddItemToArray(arr, v);
	}
	return arr;
}

static cJSON *time_value(const struct field_def *d, const char *text, char *err, size_t errlen)
{
	char out[32], why[FORM_WHY];
	int rc = d->type == FT_TIME ? ident_time(text, out, sizeof out, why, sizeof why)
				     : ident_date(text, out, sizeof out, why, sizeof why);
	if (rc != 0) {
		po_err(err, errlen, "%s", why);
		return NULL;
	}
	return cJSON_CreateString(out);
}

/* The value of a non-empty text for a field that is not checked by a kind's codec. */
static cJSON *value_by_def(const struct field_def *d, const char *text, char *err, size_t errlen)
{
	switch (d->type) {
	case FT_INT: return int_value(d, text, err, errlen);
	case FT_BOOL:
		if (!strcmp(text, "yes") || !strcmp(text, "no"))
			return cJSON_CreateBool(!strcmp(text, "yes"));
		po_err(err, errlen, "%s", _("yes or no"));
		return NULL;
	case FT_ENUM: return enum_value(d, text, err, errlen);
	case FT_LIST: return list_value(d, text, err, errlen);
	case FT_TIME:
	case FT_DATE: return time_value(d, text, err, errlen);
	default: return text_value(d, text, err, errlen);
	}
}

/* Non-zero when the codec checks name as a member of the form's kind. */
static int kind_member(const struct form *fm, const char *name)
{
	if (!fm->kind)
		return 0;
	if (model_field(fm->kind->fields, name))
		return 1;
	return fm->kind->cls == KC_RECORD && model_field(marking_defs, name) != NULL;
}

/* Refuses an agency code the store does not know (lists of agencies only). */
static int agencies_known(const struct form *fm, const struct field_def *d, const cJSON *v, char *err,
			  size_t errlen)
{
	const cJSON *it;
	if (!fm->agency_known || d->check != CK_AGENCY)
		return 0;
	if (cJSON_IsString(v) && !fm->agency_known(v->valuestring, fm->agency_arg))
		return po_err(err, errlen, _("unknown agency %s"), v->valuestring);
	const cJSON *arr = cJSON_IsArray(v) ? v : NULL;
	cJSON_ArrayForEach(it, arr)
		if (cJSON_IsString(it) && !fm->agency_known(it->valuestring, fm->agency_arg))
			return po_err(err, errlen, _("unknown agency %s"), it->valuestring);
	return 0;
}

/* Drops the "name: " that the codec puts before its messages (the form shows the field). */
static void strip_name(char *err, const char *name)
{
	size_t n = strlen(name);
	if (!strncmp(err, name, n) && err[n] == ':' && err[n + 1] == ' ')
		memmove(err, err + n + 2, strlen(err + n + 2) + 1);
}

cJSON *form_value(const struct form *fm, int i, char *err, size_t errlen)
{
	const struct form_field *f = &fm->f[i];
	char text[FORM_TEXT];
	po_strlcpy(text, f->text, sizeof text);
	const char *t = f->longtext ? text : trim(text);
	if (!*t && (f->def->flags & FF_REQUIRED)) {
		po_err(err, errlen, "%s", _("required"));
		return NULL;
	}
	cJSON *v;
	if (kind_member(fm, f->name))
		v = codec_value_from_text(fm->kind, f->name, t, err, errlen);
	else if (!*t)
		v = f->def->type == FT_LIST ? cJSON_CreateArray() : cJSON_CreateNull();
	else
		v = value_by_def(f->def, t, err, errlen);
	if (v && agencies_known(fm, f->def, v, err, errlen) != 0) {
		cJSON_Delete(v);
		v = NULL;
	}
	if (!v)
		strip_name(err, f->name);
	return v;
}

int form_check(struct form *fm, int i)
{
	struct form_field *f = &fm->f[i];
	cJSON *v = form_value(fm, i, f->why, sizeof f->why);
	if (!v)
		return -1;
	f->why[0] = '\0';
	cJSON_Delete(v);
	return 0;
}

int form_set(struct form *fm, int i, const char *text)
{
	if (i < 0 || i >= fm->n)
		return -1;
	po_strlcpy(fm->f[i].text, text, sizeof fm->f[i].text);
	return form_check(fm, i);
}

/* Removes the last UTF-8 character of s. */
static void erase_last(char *s)
{
	size_t n = strlen(s);
	while (n > 0 && ((unsigned char)s[n - 1] & 0xC0) == 0x80)
		n--;
	if (n > 0)
		n--;
	s[n] = '\0';
}

void form_type(struct form *fm, int i, const char *s)
{
	if (i < 0 || i >= fm->n || fm->f[i].readonly || fm->f[i].def->type == FT_ENUM)
		return;
	struct form_field *f = &fm->f[i];
	size_t len = strlen(f->text);
	if (!s)
		erase_last(f->text);
	else if (len + strlen(s) < sizeof f->text)
		memcpy(f->text + len, s, strlen(s) + 1);
	form_check(fm, i);
}

void form_cycle(struct form *fm, int i, int dir)
{
	if (i < 0 || i >= fm->n || fm->f[i].readonly)
		return;
	struct form_field *f = &fm->f[i];
	const char *const *ch = f->def->type == FT_ENUM ? f->def->choices : NULL;
	if (!ch)
		return;
	int n = 0, opt = !(f->def->flags & FF_REQUIRED);
	while (ch[n])
		n++;
	/* positions 0..n-1 are the choices; n is "" for an optional field */
	int cur = model_choice(ch, f->text), all = n + opt;
	if (cur < 0)
		cur = opt ? n : (dir > 0 ? -1 : 0);
	cur = ((cur + dir) % all + all) % all;
	form_set(fm, i, cur < n ? ch[cur] : "");
}

int form_check_marking(struct form *fm, const char *owner)
{
	int t = form_find(fm, "tlp"), s = form_find(fm, "share"), w = form_find(fm, "share_with");
	fm->msg[0] = '\0';
	if (t < 0 || s < 0 || w < 0)
		return 0;
	cJSON *rec = cJSON_CreateObject();
	cJSON_AddStringToObject(rec, "owner", owner ? owner : "");
	cJSON_AddStringToObject(rec, "tlp", fm->f[t].text);
	cJSON_AddStringToObject(rec, "share", fm->f[s].text);
	cJSON *with = form_value(fm, w, fm->msg, sizeof fm->msg);
	int rc = -1;
	if (with) {
		cJSON_AddItemToObject(rec, "share_with", with);
		rc = rel_check(rec, fm->msg, sizeof fm->msg);
	}
	if (rc == 0)
		fm->msg[0] = '\0';
	cJSON_Delete(rec);
	return rc;
}

int form_changed(const struct form *fm)
{
	for (int i = 0; i < fm->n; i++)
		if (strcmp(fm->f[i].text, fm->f[i].init))
			return 1;
	return 0;
}

/* Whether row i goes into the record: changed rows of an edit, non-empty rows of a new one. */
static int wanted(const struct form *fm, int i)
{
	const struct form_field *f = &fm->f[i];
	if (f->readonly)
		return 0;
	return fm->edit ? strcmp(f->text, f->init) != 0 : f->text[0] != '\0' || (f->def->flags & FF_REQUIRED);
}

cJSON *form_record(struct form *fm, char *err, size_t errlen)
{
	cJSON *rec = cJSON_CreateObject();
	for (int i = 0; rec && i < fm->n; i++) {
		if (!wanted(fm, i))
			continue;
		char why[FORM_WHY];
		cJSON *v = form_value(fm, i, why, sizeof why);
		if (!v) {
			po_err(err, errlen, "%s: %s", fm->f[i].name, why);
			po_strlcpy(fm->f[i].why, why, sizeof fm->f[i].why);
			fm->cur = i;
			cJSON_Delete(rec);
			return NULL;
		}
		cJSON_AddItemToObject(rec, fm->f[i].name, v);
	}
	return rec;
}

/* codec.c - see codec.h. */
#include "codec.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "storage/ident.h"
#include "storage/util.h"

static const char *const mutation_ops[] = { "upsert", "delete", "append", NULL };

int codec_utf8_valid(const char *str, size_t n)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t i = 0;
	while (i < n) {
		unsigned c = s[i];
		size_t len;
		unsigned min, cp;
		if (c == 0)
			return 0;
		if (c < 0x80) {
			i++;
			continue;
		} else if ((c & 0xe0) == 0xc0) {
			len = 2, min = 0x80, cp = c & 0x1f;
		} else if ((c & 0xf0) == 0xe0) {
			len = 3, min = 0x800, cp = c & 0x0f;
		} else if ((c & 0xf8) == 0xf0) {
			len = 4, min = 0x10000, cp = c & 0x07;
		} else {
			return 0;
		}
		if (i + len > n)
			return 0;
		for (size_t j = 1; j < len; j++) {
			if ((s[i + j] & 0xc0) != 0x80)
				return 0;
			cp = (cp << 6) | (s[i + j] & 0x3f);
		}
		if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
			return 0;
		i += len;
	}
	return 1;
}

/* 1 when arrays/objects in raw JSON text nest at most limit deep (brackets inside strings do not
 * count), 0 when deeper, -1 when a string holds an escaped NUL. */
static int json_depth_ok(const char *s, size_t n, int limit)
{
	int depth = 0, in_str = 0;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (in_str) {
			if (c == '\\' && i + 5 < n && !strncmp(s + i + 1, "u0000", 5))
				return -1; /* a NUL inside a string would cut it short */
			if (c == '\\')
				i++;
			else if (c == '"')
				in_str = 0;
		} else if (c == '"') {
			in_str = 1;
		} else if (c == '[' || c == '{') {
			if (++depth > limit)
				return 0;
		} else if (c == ']' || c == '}') {
			depth--;
		}
	}
	return 1;
}

/* Byte offset → "line L, column C" for error messages. */
static void where(const char *text, const char *at, int *line, int *col)
{
	*line = 1, *col = 1;
	for (const char *p = text; p < at && *p; p++) {
		if (*p == '\n')
			(*line)++, *col = 1;
		else
			(*col)++;
	}
}

cJSON *codec_parse(const char *text, size_t n, size_t max, char *err, size_t errlen)
{
	if (n > max) {
		po_err(err, errlen, "document is %zu bytes, more than the limit of %zu", n, max);
		return NULL;
	}
	if (!codec_utf8_valid(text, n)) {
		po_err(err, errlen, "document is not valid UTF-8");
		return NULL;
	}
	int shape = json_depth_ok(text, n, CODEC_MAX_DEPTH);
	if (shape <= 0) {
		po_err(err, errlen, shape < 0 ? "document has a NUL character (\\u0000) in a string"
					      : "document nests deeper than %d levels", CODEC_MAX_DEPTH);
		return NULL;
	}
	const char *end = NULL;
	cJSON *root = cJSON_ParseWithLengthOpts(text, n, &end, 0);
	if (!root) {
		int line, col;
		where(text, end ? end : text, &line, &col);
		po_err(err, errlen, "malformed JSON at line %d, column %d", line, col);
		return NULL;
	}
	/* Anything after the value but white space is an error too. */
	size_t used = (size_t)(end - text);
	while (used < n && strchr(" \t\r\n", text[used]))
		used++;
	if (used < n) {
		int line, col;
		where(text, text + used, &line, &col);
		cJSON_Delete(root);
		po_err(err, errlen, "unexpected text after the JSON value at line %d, column %d", line, col);
		return NULL;
	}
	return root;
}

/* Checks text for control characters: none at all, or \n and \t when multiline. */
static int text_clean(const char *s, int multiline)
{
	const unsigned char *p = (const unsigned char *)s;
	for (; *p; p++) {
		if (*p < 0x20 || *p == 0x7f) {
			if (multiline && (*p == '\n' || *p == '\t'))
				continue;
			return 0;
		}
		/* C1 controls U+0080..U+009F are encoded as C2 80..C2 9F. */
		if (*p == 0xc2 && p[1] >= 0x80 && p[1] <= 0x9f)
			return 0;
		/* Bidirectional overrides U+202A..U+202E and isolates U+2066..U+2069 could disguise text. */
		if (*p == 0xe2 && ((p[1] == 0x80 && p[2] >= 0xaa && p[2] <= 0xae) ||
				   (p[1] == 0x81 && p[2] >= 0xa6 && p[2] <= 0xa9)))
			return 0;
	}
	return 1;
}

/* Replaces the string of item with s. */
static void set_string(cJSON *item, const char *s)
{
	if (strcmp(item->valuestring, s) != 0)
		cJSON_SetValuestring(item, s);
}

static int check_string(const char *name, cJSON *val, size_t max, int multiline, int check,
			char *err, size_t errlen)
{
	if (!cJSON_IsString(val))
		return po_err(err, errlen, "%s: expected a string", name);
	const char *s = val->valuestring;
	size_t n = strlen(s);
	if (!codec_utf8_valid(s, n))
		return po_err(err, errlen, "%s: not valid UTF-8", name);
	if (max && n > max)
		return po_err(err, errlen, "%s: %zu bytes, more than the limit of %zu", name, n, max);
	if (!text_clean(s, multiline))
		return po_err(err, errlen, "%s: contains control characters or escape sequences", name);
	if (check != CK_NONE && !*s)
		return po_err(err, errlen, "%s: empty", name);
	if (check != CK_NONE) {
		char out[128], why[200];
		if (ident_check(check, s, out, sizeof out, why, sizeof why) != 0)
			return po_err(err, errlen, "%s: %s", name, why);
		set_string(val, out);
	}
	return 0;
}

static int check_value(const char *name, const struct field_def *f, cJSON *val, char *err, size_t errlen);

/* Refuses an object that names a member twice (cJSON would keep the first, another reader the
 * last). where prefixes the message. */
static int no_duplicates(const char *where, const cJSON *obj, char *err, size_t errlen)
{
	for (const cJSON *m = obj->child; m; m = m->next) {
		if (!m->string)
			return po_err(err, errlen, "%s: member without a name", where);
		for (const cJSON *o = obj->child; o != m; o = o->next)
			if (strcmp(o->string, m->string) == 0)
				return po_err(err, errlen, "%s%s%s: given twice", where, *where ? "." : "", m->string);
	}
	return 0;
}

static int check_int(const char *name, long lo, long hi, const cJSON *val, char *err, size_t errlen)
{
	if (!cJSON_IsNumber(val))
		return po_err(err, errlen, "%s: expected a whole number", name);
	double d = val->valuedouble;
	if (!(d >= (double)lo && d <= (double)hi)) /* also false for NaN; checked before any cast */
		return po_err(err, errlen, "%s: outside %ld..%ld", name, lo, hi);
	if (d != (double)(long)d)
		return po_err(err, errlen, "%s: expected a whole number", name);
	return 0;
}

static int check_list(const char *name, const struct field_def *f, cJSON *val, char *err, size_t errlen)
{
	if (!cJSON_IsArray(val))
		return po_err(err, errlen, "%s: expected an array of strings", name);
	if ((size_t)cJSON_GetArraySize(val) > f->max)
		return po_err(err, errlen, "%s: more than %zu items", name, f->max);
	cJSON *it;
	int i = 0;
	cJSON_ArrayForEach(it, val) {
		char sub[96];
		snprintf(sub, sizeof sub, "%s[%d]", name, i++);
		if (check_string(sub, it, 500, 0, f->check, err, errlen) != 0)
			return -1;
		if (f->choices && model_choice(f->choices, it->valuestring) < 0)
			return po_err(err, errlen, "%s: '%s' is not an allowed value", sub, it->valuestring);
	}
	return 0;
}

static int check_row(const char *name, const struct field_def *rows, cJSON *row, char *err, size_t errlen)
{
	if (!cJSON_IsObject(row))
		return po_err(err, errlen, "%s: expected an object", name);
	if (no_duplicates(name, row, err, errlen) != 0)
		return -1;
	cJSON *m;
	cJSON_ArrayForEach(m, row) {
		char sub[160];
		snprintf(sub, sizeof sub, "%s.%s", name, m->string);
		const struct field_def *rf = model_field(rows, m->string);
		if (!rf)
			return po_err(err, errlen, "%s: unknown member", sub);
		if (!cJSON_IsNull(m) && check_value(sub, rf, m, err, errlen) != 0)
			return -1;
	}
	for (const struct field_def *rf = rows; rf->name; rf++) {
		cJSON *v = cJSON_GetObjectItemCaseSensitive(row, rf->name);
		if ((rf->flags & FF_REQUIRED) && (!v || cJSON_IsNull(v) || (cJSON_IsString(v) && !*v->valuestring)))
			return po_err(err, errlen, "%s.%s: required", name, rf->name);
	}
	return 0;
}

static int check_rows(const char *name, const struct field_def *f, cJSON *val, char *err, size_t errlen)
{
	if (!cJSON_IsArray(val))
		return po_err(err, errlen, "%s: expected an array of objects", name);
	if ((size_t)cJSON_GetArraySize(val) > f->max)
		return po_err(err, errlen, "%s: more than %zu items", name, f->max);
	cJSON *it;
	int i = 0;
	cJSON_ArrayForEach(it, val) {
		char sub[96];
		snprintf(sub, sizeof sub, "%s[%d]", name, i++);
		if (check_row(sub, f->rows, it, err, errlen) != 0)
			return -1;
	}
	return 0;
}

static int check_value(const char *name, const struct field_def *f, cJSON *val, char *err, size_t errlen)
{
	char tmp[32];
	switch (f->type) {
	case FT_TEXT:
		return check_string(name, val, f->max, f->max > 200, f->check, err, errlen);
	case FT_INT:
		return check_int(name, f->lo, f->hi, val, err, errlen);
	case FT_BOOL:
		return cJSON_IsBool(val) ? 0 : po_err(err, errlen, "%s: expected true or false", name);
	case FT_ENUM:
		if (!cJSON_IsString(val) || model_choice(f->choices, val->valuestring) < 0)
			return po_err(err, errlen, "%s: not one of the allowed values", name);
		return 0;
	case FT_LIST:
		return check_list(name, f, val, err, errlen);
	case FT_ROWS:
		return check_rows(name, f, val, err, errlen);
	case FT_TIME:
	case FT_DATE:
		if (check_string(name, val, 32, 0, CK_NONE, err, errlen) != 0)
			return -1;
		if ((f->type == FT_TIME ? ident_time : ident_date)(val->valuestring, tmp, sizeof tmp, NULL, 0) != 0)
			return po_err(err, errlen, "%s: expected %s", name,
				      f->type == FT_TIME ? "a UTC time YYYY-MM-DDTHH:MM:SSZ" : "a date YYYY-MM-DD");
		return 0;
	}
	return po_err(err, errlen, "%s: unsupported type", name);
}

/* Envelope members described as fields, so that the same checks apply. */
static const struct field_def envelope_defs[] = {
	{ "id", FT_TEXT, FF_REQUIRED, CK_UUID, 0, 0, 64, NULL, NULL },
	{ "owner", FT_TEXT, FF_REQUIRED, CK_AGENCY, 0, 0, 16, NULL, NULL },
	{ "rev", FT_INT, 0, CK_NONE, 0, CODEC_MAX_REV, 0, NULL, NULL },
	{ "tlp", FT_ENUM, FF_REQUIRED, CK_NONE, 0, 0, 0, model_tlp, NULL },
	{ "share", FT_ENUM, FF_REQUIRED, CK_NONE, 0, 0, 0, model_share, NULL },
	{ "share_with", FT_LIST, 0, CK_AGENCY, 0, 0, 64, NULL, NULL },
	{ "parent", FT_TEXT, FF_REQUIRED, CK_UUID, 0, 0, 64, NULL, NULL },
	{ "created_at", FT_TIME, 0, CK_NONE, 0, 0, 0, NULL, NULL },
	{ "created_by", FT_TEXT, 0, CK_NONE, 0, 0, 100, NULL, NULL },
	{ "updated_at", FT_TIME, 0, CK_NONE, 0, 0, 0, NULL, NULL },
	{ "updated_by", FT_TEXT, 0, CK_NONE, 0, 0, 100, NULL, NULL },
	{ "deleted", FT_BOOL, 0, CK_NONE, 0, 0, 0, NULL, NULL },
	{ NULL, 0, 0, 0, 0, 0, 0, NULL, NULL },
};

/* Whether an envelope member belongs to kind k's envelope. */
static int envelope_applies(const struct kind_def *k, const char *name)
{
	int releasability = !strcmp(name, "tlp") || !strcmp(name, "share") || !strcmp(name, "share_with");
	if (k->cls == KC_CHILD)
		return !releasability;
	return strcmp(name, "parent") != 0;
}

int codec_check_member(const struct kind_def *k, const char *name, cJSON *val, char *err, size_t errlen)
{
	if (strcmp(name, "kind") == 0)
		return cJSON_IsString(val) && strcmp(val->valuestring, k->name) == 0
			       ? 0 : po_err(err, errlen, "kind: expected \"%s\"", k->name);
	const struct field_def *f = model_field(envelope_defs, name);
	if (f && !envelope_applies(k, name))
		return po_err(err, errlen, "%s: not a member of a %s", name, k->name);
	if (!f)
		f = model_field(k->fields, name);
	if (!f)
		return po_err(err, errlen, "%s: unknown field of a %s", name, k->name);
	if (cJSON_IsNull(val)) {
		if (model_is_envelope(name) && strcmp(name, "share_with") != 0)
			return po_err(err, errlen, "%s: may not be null", name);
		return 0;
	}
	return check_value(name, f, val, err, errlen);
}

static int check_required(const struct kind_def *k, const cJSON *rec, char *err, size_t errlen)
{
	for (const struct field_def *f = envelope_defs; f->name; f++) {
		if (!(f->flags & FF_REQUIRED) || !envelope_applies(k, f->name))
			continue;
		const cJSON *v = cJSON_GetObjectItemCaseSensitive(rec, f->name);
		if (!v || (cJSON_IsString(v) && !*v->valuestring))
			return po_err(err, errlen, "%s: required", f->name);
	}
	for (const struct field_def *f = k->fields; f->name; f++) {
		if (!(f->flags & FF_REQUIRED))
			continue;
		const cJSON *v = cJSON_GetObjectItemCaseSensitive(rec, f->name);
		if (!v || cJSON_IsNull(v) || (cJSON_IsString(v) && !*v->valuestring))
			return po_err(err, errlen, "%s: required", f->name);
	}
	return 0;
}

int codec_check_record(cJSON *rec, enum codec_mode mode, char *err, size_t errlen)
{
	if (!cJSON_IsObject(rec))
		return po_err(err, errlen, "record: expected a JSON object");
	const cJSON *kind = cJSON_GetObjectItemCaseSensitive(rec, "kind");
	if (!cJSON_IsString(kind))
		return po_err(err, errlen, "kind: required");
	const struct kind_def *k = model_kind(kind->valuestring);
	if (!k)
		return po_err(err, errlen, "kind: unknown kind '%.40s'", kind->valuestring);
	if (no_duplicates("", rec, err, errlen) != 0)
		return -1;
	cJSON *m;
	cJSON_ArrayForEach(m, rec)
		if (codec_check_member(k, m->string, m, err, errlen) != 0)
			return -1;
	return mode == CODEC_FULL ? check_required(k, rec, err, errlen) : 0;
}

/* Splits a comma-separated list into a JSON array of trimmed items. */
static cJSON *list_from_text(const char *text)
{
	cJSON *arr = cJSON_CreateArray();
	const char *p = text;
	while (arr && *p) {
		const char *e = strchr(p, ',');
		size_t n = e ? (size_t)(e - p) : strlen(p);
		while (n && (*p == ' '))
			p++, n--;
		while (n && p[n - 1] == ' ')
			n--;
		char *item = strndup(p, n);
		if (item && *item)
			cJSON_AddItemToArray(arr, cJSON_CreateString(item));
		free(item);
		p = e ? e + 1 : p + strlen(p);
	}
	return arr;
}

static cJSON *scalar_from_text(const struct field_def *f, const char *name, const char *text,
			       char *err, size_t errlen)
{
	if (f->type == FT_INT) {
		char *end;
		errno = 0;
		long v = strtol(text, &end, 10);
		if (errno || end == text || *end) {
			po_err(err, errlen, "%s: expected a whole number", name);
			return NULL;
		}
		return cJSON_CreateNumber((double)v);
	}
	if (f->type == FT_BOOL) {
		if (!strcmp(text, "true") || !strcmp(text, "yes") || !strcmp(text, "1"))
			return cJSON_CreateTrue();
		if (!strcmp(text, "false") || !strcmp(text, "no") || !strcmp(text, "0"))
			return cJSON_CreateFalse();
		po_err(err, errlen, "%s: expected true or false", name);
		return NULL;
	}
	if (f->type == FT_LIST)
		return list_from_text(text);
	if (f->type == FT_ROWS)
		return codec_parse(text, strlen(text), CODEC_MAX_RECORD, err, errlen);
	return cJSON_CreateString(text);
}

cJSON *codec_value_from_text(const struct kind_def *k, const char *name, const char *text, char *err, size_t errlen)
{
	const struct field_def *f = model_field(envelope_defs, name);
	if (!f || !envelope_applies(k, name))
		f = model_field(k->fields, name);
	if (!f) {
		po_err(err, errlen, "%s: unknown field of a %s", name, k->name);
		return NULL;
	}
	cJSON *v;
	if ((!*text || !strcmp(text, "null")) && f->type == FT_LIST)
		v = cJSON_CreateArray();
	else if (!*text || !strcmp(text, "null"))
		v = cJSON_CreateNull();
	else
		v = scalar_from_text(f, name, text, err, errlen);
	if (v && codec_check_member(k, name, v, err, errlen) != 0) {
		cJSON_Delete(v);
		return NULL;
	}
	return v;
}

/* Checks the {name: {base, new}} object of a mutation. */
static int check_changes(const struct kind_def *k, cJSON *fields, char *err, size_t errlen)
{
	if (!cJSON_IsObject(fields))
		return po_err(err, errlen, "fields: expected an object");
	if (no_duplicates("fields", fields, err, errlen) != 0)
		return -1;
	cJSON *f;
	cJSON_ArrayForEach(f, fields) {
		if (!cJSON_IsObject(f))
			return po_err(err, errlen, "fields.%s: expected {\"base\":…, \"new\":…}", f->string);
		if (no_duplicates("fields", f, err, errlen) != 0)
			return -1;
		for (const cJSON *pm = f->child; pm; pm = pm->next)
			if (strcmp(pm->string, "base") && strcmp(pm->string, "new"))
				return po_err(err, errlen, "fields.%s.%s: unknown member", f->string, pm->string);
		if (!strcmp(f->string, "id") || !strcmp(f->string, "kind") || !strcmp(f->string, "rev"))
			return po_err(err, errlen, "fields.%s: may not be changed", f->string);
		cJSON *nv = cJSON_GetObjectItemCaseSensitive(f, "new");
		cJSON *bv = cJSON_GetObjectItemCaseSensitive(f, "base");
		if (!nv)
			return po_err(err, errlen, "fields.%s.new: required", f->string);
		if (codec_check_member(k, f->string, nv, err, errlen) != 0)
			return -1;
		const struct field_def *fd = model_field(k->fields, f->string);
		if (fd && (fd->flags & FF_REQUIRED) && (cJSON_IsNull(nv) || (cJSON_IsString(nv) && !*nv->valuestring)))
			return po_err(err, errlen, "fields.%s.new: required, may not be cleared", f->string);
		if (bv && !cJSON_IsNull(bv) && codec_check_member(k, f->string, bv, err, errlen) != 0)
			return -1;
	}
	return 0;
}

int codec_check_mutation(cJSON *m, char *err, size_t errlen)
{
	static const struct field_def text_id = { "id", FT_TEXT, 0, CK_UUID, 0, 0, 64, NULL, NULL };
	static const struct field_def text_author = { "author", FT_TEXT, 0, CK_NONE, 0, 0, 100, NULL, NULL };
	static const struct field_def agency = { "agency", FT_TEXT, 0, CK_AGENCY, 0, 0, 16, NULL, NULL };
	static const struct field_def at = { "at", FT_TIME, 0, CK_NONE, 0, 0, 0, NULL, NULL };
	static const char *const members[] = { "mutation_id", "kind", "id", "parent", "base_rev", "op", "fields",
					       "agency", "author", "at", NULL };
	if (!cJSON_IsObject(m))
		return po_err(err, errlen, "mutation: expected a JSON object");
	if (no_duplicates("", m, err, errlen) != 0)
		return -1;
	for (const cJSON *mm = m->child; mm; mm = mm->next)
		if (model_choice(members, mm->string) < 0)
			return po_err(err, errlen, "%s: unknown member of a mutation", mm->string);
	const cJSON *kind = cJSON_GetObjectItemCaseSensitive(m, "kind");
	const struct kind_def *k = cJSON_IsString(kind) ? model_kind(kind->valuestring) : NULL;
	if (!k)
		return po_err(err, errlen, "kind: missing or unknown");
	const cJSON *op = cJSON_GetObjectItemCaseSensitive(m, "op");
	if (!cJSON_IsString(op) || model_choice(mutation_ops, op->valuestring) < 0)
		return po_err(err, errlen, "op: expected upsert, delete or append");
	const char *need[] = { "mutation_id", "id", "author", "at", "agency" };
	const struct field_def *defs[] = { &text_id, &text_id, &text_author, &at, &agency };
	for (size_t i = 0; i < sizeof need / sizeof *need; i++) {
		cJSON *v = cJSON_GetObjectItemCaseSensitive(m, need[i]);
		if (!v)
			return po_err(err, errlen, "%s: required", need[i]);
		if (check_value(need[i], defs[i], v, err, errlen) != 0)
			return -1;
	}
	cJSON *parent = cJSON_GetObjectItemCaseSensitive(m, "parent");
	if (k->cls == KC_CHILD && (!parent || check_value("parent", &text_id, parent, err, errlen) != 0))
		return parent ? -1 : po_err(err, errlen, "parent: required for a %s", k->name);
	if (k->cls == KC_RECORD && parent)
		return po_err(err, errlen, "parent: not a member of a %s mutation", k->name);
	cJSON *base = cJSON_GetObjectItemCaseSensitive(m, "base_rev");
	if (!base || check_int("base_rev", 0, CODEC_MAX_REV, base, err, errlen) != 0)
		return base ? -1 : po_err(err, errlen, "base_rev: required");
	cJSON *fields = cJSON_GetObjectItemCaseSensitive(m, "fields");
	if (!fields)
		return po_err(err, errlen, "fields: required");
	if (k->write == KW_APPEND && strcmp(op->valuestring, "append") != 0)
		return po_err(err, errlen, "op: a %s can only be appended", k->name);
	return check_changes(k, fields, err, errlen);
}

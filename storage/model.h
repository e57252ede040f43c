/* model.h - the record model: kinds, their fields, and the envelope.
 *
 * Everything that knows what a threat or a case looks like reads these tables: the wire codec
 * validates against them, the store builds its tables and queries from them, the command line
 * parses `--set FIELD=VALUE` with them. Adding a field is adding a row here. */
#ifndef PORTOPS_MODEL_H
#define PORTOPS_MODEL_H

#include <stddef.h>

/* Value types of a field, as they appear in the flat JSON form of a record. */
enum field_type {
	FT_TEXT,  /* string, at most max bytes of UTF-8, no control characters but \n and \t */
	FT_INT,   /* integer in [lo, hi] */
	FT_BOOL,  /* true/false */
	FT_ENUM,  /* one string of choices[] */
	FT_LIST,  /* array of at most max strings, each checked by check */
	FT_ROWS,  /* array of at most max objects whose fields are rows[] */
	FT_TIME,  /* UTC ISO 8601, "YYYY-MM-DDTHH:MM:SSZ" */
	FT_DATE,  /* "YYYY-MM-DD" */
};

/* Identifier checks applied to a text field or to each item of a list. */
enum field_check {
	CK_NONE,
	CK_LOCODE,    /* UN/LOCODE, stored without the space */
	CK_CONTAINER, /* ISO 6346 with a valid check digit, stored without spaces */
	CK_IMO,       /* "IMO" + 7 digits with a valid check digit */
	CK_MMSI,      /* 9 digits */
	CK_AGENCY,    /* agency code: 2-16 of A-Z 0-9 - */
	CK_COUNTRY,   /* ISO 3166-1 alpha-2 */
	CK_UUID,      /* lower-case UUID */
	CK_PLACE,     /* a UN/LOCODE or a country code */
};

/* Field flags. */
enum {
	FF_REQUIRED = 1 << 0, /* must be present and non-empty on create */
	FF_SEARCH = 1 << 1,   /* its text goes into the search index */
	FF_TITLE = 1 << 2,    /* the record's display title (first such field in the UI language) */
	FF_REF = 1 << 3,      /* the record's human reference (case ref, procedure code, ...) */
	FF_FIXED = 1 << 4,    /* set on create only; an edit of it is refused */
	FF_ES = 1 << 5,       /* Spanish text of a bilingual pair */
	FF_EN = 1 << 6,       /* English text of a bilingual pair */
};

struct field_def {
	const char *name;             /* JSON member name */
	enum field_type type;         /* value type */
	unsigned flags;               /* FF_* */
	int check;                    /* enum field_check, for FT_TEXT and FT_LIST items */
	long lo, hi;                  /* FT_INT bounds */
	size_t max;                   /* FT_TEXT bytes; FT_LIST/FT_ROWS items */
	const char *const *choices;   /* FT_ENUM values, NULL-terminated; also FT_LIST if set */
	const struct field_def *rows; /* FT_ROWS: member fields, ended by a NULL name */
};

/* How a kind relates to others. */
enum kind_class {
	KC_RECORD, /* shared record with the full envelope (tlp, share, share_with) */
	KC_CHILD,  /* child of another record: inherits its parent's releasability */
};

/* Which operations other agencies than the owner may perform. */
enum kind_write {
	KW_OWNER,  /* only the owner agency creates, edits and deletes */
	KW_APPEND, /* anyone the parent is releasable to may append; nothing is ever edited */
};

struct kind_def {
	const char *name;                /* "threat", "case", ... */
	const char *table;               /* SQL table name */
	enum kind_class cls;             /* record or child */
	enum kind_write write;           /* who writes */
	const char *parent;              /* KC_CHILD: kind of the parent record */
	const struct field_def *fields;  /* the kind's own fields, ended by a NULL name */
};

/* Envelope member names, in their wire order. */
extern const char *const model_envelope[];
/* Choices shared across kinds. */
extern const char *const model_tlp[];   /* CLEAR GREEN AMBER AMBER+STRICT RED */
extern const char *const model_share[]; /* local agency listed community */

/* All kinds, ended by a NULL name. */
extern const struct kind_def model_kinds[];

/* Returns the kind called name, or NULL. */
const struct kind_def *model_kind(const char *name);
/* Returns the field called name among fields (ended by a NULL name), or NULL. */
const struct field_def *model_field(const struct field_def *fields, const char *name);
/* Returns the kind's reference field, title field (lang "es" or "en" picks among a bilingual
 * pair), or NULL when it has none. */
const struct field_def *model_ref_field(const struct kind_def *k);
const struct field_def *model_title_field(const struct kind_def *k, const char *lang);
/* Non-zero when name is an envelope member. */
int model_is_envelope(const char *name);
/* Returns the index of s in the NULL-terminated choices, or -1. */
int model_choice(const char *const *choices, const char *s);
/* Returns the root kind of k (the KC_RECORD its parent chain ends at). */
const struct kind_def *model_root(const struct kind_def *k);

#endif

/* model.c - the tables of kinds and fields described in model.h. */
#include "model.h"

#include <string.h>

const char *const model_envelope[] = {
	"id", "kind", "owner", "rev", "tlp", "share", "share_with", "parent",
	"created_at", "created_by", "updated_at", "updated_by", "deleted", NULL,
};
const char *const model_tlp[] = { "CLEAR", "GREEN", "AMBER", "AMBER+STRICT", "RED", NULL };
const char *const model_share[] = { "local", "agency", "listed", "community", NULL };

static const char *const threat_level[] = { "low", "medium", "high", "critical", NULL };
static const char *const threat_status[] = { "emerging", "active", "monitoring", "closed", NULL };
static const char *const case_type[] = {
	"controlled_delivery", "seizure", "investigation", "inspection", "intelligence", NULL,
};
static const char *const case_status[] = { "open", "active", "suspended", "closed", NULL };
static const char *const substitution[] = { "none", "partial", "full", NULL };
static const char *const auth_status[] = { "pending", "requested", "granted", "refused", NULL };
static const char *const proc_status[] = { "draft", "in_force", "withdrawn", NULL };
static const char *const tech_category[] = {
	"concealment", "insider", "documentary", "transport_at_sea", "chemical", "air", "postal",
	"person", NULL,
};
static const char *const tech_modality[] = {
	"container", "vessel", "hull", "person", "aircraft", "vehicle", "parcel", NULL,
};
static const char *const lang[] = { "es", "en", NULL };
static const char *const bulletin_status[] = { "draft", "issued", "withdrawn", NULL };
static const char *const inject_channel[] = {
	"alert", "threat", "case_log", "message", "phone", "radio", "email", NULL,
};
static const char *const entity_type[] = {
	"vessel", "container", "seal", "person", "company", "vehicle", NULL,
};
static const char *const seal_class[] = { "I", "S", "H", NULL };
static const char *const log_kind[] = {
	"note", "action", "handover", "seizure", "evidence", "decision", "status", NULL,
};
static const char *const link_kind[] = { "technique", "threat", "procedure", "case", NULL };
static const char *const run_status[] = { "open", "complete", "abandoned", NULL };
static const char *const step_state[] = { "done", "skipped", "na", NULL };

#define END { NULL, 0, 0, 0, 0, 0, 0, NULL, NULL }
#define TEXT(n, fl, mx) { n, FT_TEXT, fl, CK_NONE, 0, 0, mx, NULL, NULL }
#define CHECKED(n, fl, ck) { n, FT_TEXT, fl, ck, 0, 0, 64, NULL, NULL }
#define INT(n, fl, l, h) { n, FT_INT, fl, CK_NONE, l, h, 0, NULL, NULL }
#define BOOL(n, fl) { n, FT_BOOL, fl, CK_NONE, 0, 0, 0, NULL, NULL }
#define ENUM(n, fl, ch) { n, FT_ENUM, fl, CK_NONE, 0, 0, 0, ch, NULL }
#define LIST(n, fl, ck, mx) { n, FT_LIST, fl, ck, 0, 0, mx, NULL, NULL }
#define ROWS(n, fl, mx, r) { n, FT_ROWS, fl, CK_NONE, 0, 0, mx, NULL, r }
#define TIME(n, fl) { n, FT_TIME, fl, CK_NONE, 0, 0, 0, NULL, NULL }
#define DATE(n, fl) { n, FT_DATE, fl, CK_NONE, 0, 0, 0, NULL, NULL }

enum { SHORT = 200, LONG = 8000, ITEM = 500 };

static const struct field_def threat_fields[] = {
	TEXT("ref", FF_REF | FF_SEARCH, 40),
	TEXT("title", FF_REQUIRED | FF_TITLE | FF_SEARCH, SHORT),
	TEXT("summary", FF_SEARCH, LONG),
	ENUM("level", FF_REQUIRED, threat_level),
	ENUM("status", FF_REQUIRED, threat_status),
	LIST("ports", 0, CK_LOCODE, 64),
	LIST("routes", FF_SEARCH, CK_NONE, 32),
	LIST("techniques", 0, CK_UUID, 64),
	DATE("first_seen", 0),
	DATE("last_seen", 0),
	END,
};

static const struct field_def route_leg[] = {
	INT("n", FF_REQUIRED, 1, 99),
	CHECKED("place", FF_REQUIRED, CK_PLACE),
	LIST("agencies", 0, CK_AGENCY, 16),
	TIME("planned", 0),
	TIME("actual", 0),
	TEXT("note", 0, ITEM),
	END,
};

static const struct field_def authorisation[] = {
	CHECKED("country", FF_REQUIRED, CK_COUNTRY),
	ENUM("status", FF_REQUIRED, auth_status),
	TEXT("reference", 0, 100),
	DATE("date", 0),
	CHECKED("agency", 0, CK_AGENCY),
	END,
};

static const struct field_def case_fields[] = {
	TEXT("ref", FF_REF | FF_SEARCH | FF_FIXED, 40),
	TEXT("title", FF_REQUIRED | FF_TITLE | FF_SEARCH, SHORT),
	ENUM("type", FF_REQUIRED, case_type),
	ENUM("status", FF_REQUIRED, case_status),
	CHECKED("port", 0, CK_LOCODE),
	CHECKED("lead_agency", 0, CK_AGENCY),
	TEXT("summary", FF_SEARCH, LONG),
	ENUM("substitution", 0, substitution),
	TEXT("substitution_note", 0, ITEM),
	ROWS("route", 0, 32, route_leg),
	ROWS("authorisations", 0, 32, authorisation),
	END,
};

static const struct field_def proc_step[] = {
	INT("n", FF_REQUIRED, 1, 999),
	TEXT("text_es", FF_REQUIRED | FF_ES, 2000),
	TEXT("text_en", FF_REQUIRED | FF_EN, 2000),
	TEXT("role", 0, 100),
	BOOL("mandatory", 0),
	TEXT("evidence_es", FF_ES, ITEM),
	TEXT("evidence_en", FF_EN, ITEM),
	END,
};

static const struct field_def procedure_fields[] = {
	TEXT("code", FF_REF | FF_REQUIRED | FF_SEARCH, 40),
	INT("version", FF_REQUIRED, 1, 9999),
	ENUM("status", FF_REQUIRED, proc_status),
	TEXT("title_es", FF_REQUIRED | FF_TITLE | FF_SEARCH | FF_ES, SHORT),
	TEXT("title_en", FF_REQUIRED | FF_TITLE | FF_SEARCH | FF_EN, SHORT),
	TEXT("purpose_es", FF_SEARCH | FF_ES, LONG),
	TEXT("purpose_en", FF_SEARCH | FF_EN, LONG),
	LIST("roles", 0, CK_NONE, 16),
	ROWS("steps", FF_REQUIRED | FF_SEARCH, 200, proc_step),
	LIST("sources", 0, CK_NONE, 16),
	END,
};

static const struct field_def alias[] = {
	TEXT("term", FF_REQUIRED, 100),
	CHECKED("country", 0, CK_COUNTRY),
	ENUM("lang", 0, lang),
	END,
};

static const struct field_def technique_fields[] = {
	TEXT("code", FF_REF | FF_REQUIRED | FF_SEARCH, 40),
	TEXT("term_es", FF_REQUIRED | FF_TITLE | FF_SEARCH | FF_ES, SHORT),
	TEXT("term_en", FF_REQUIRED | FF_TITLE | FF_SEARCH | FF_EN, SHORT),
	ROWS("aliases", FF_SEARCH, 32, alias),
	ENUM("category", FF_REQUIRED, tech_category),
	ENUM("modality", FF_REQUIRED, tech_modality),
	TEXT("description_es", FF_REQUIRED | FF_SEARCH | FF_ES, LONG),
	TEXT("description_en", FF_REQUIRED | FF_SEARCH | FF_EN, LONG),
	LIST("indicators_es", FF_SEARCH | FF_ES, CK_NONE, 32),
	LIST("indicators_en", FF_SEARCH | FF_EN, CK_NONE, 32),
	LIST("countermeasures_es", FF_SEARCH | FF_ES, CK_NONE, 32),
	LIST("countermeasures_en", FF_SEARCH | FF_EN, CK_NONE, 32),
	LIST("related", 0, CK_UUID, 32),
	LIST("sources", 0, CK_NONE, 16),
	END,
};

static const struct field_def section[] = {
	TEXT("heading", FF_REQUIRED, SHORT),
	TEXT("body", 0, LONG),
	END,
};

static const struct field_def bulletin_fields[] = {
	TEXT("number", FF_REF | FF_SEARCH, 40),
	TEXT("title", FF_REQUIRED | FF_TITLE | FF_SEARCH, SHORT),
	ENUM("lang", FF_REQUIRED, lang),
	TEXT("audience", 0, SHORT),
	TEXT("summary", FF_SEARCH, LONG),
	ROWS("sections", FF_SEARCH, 64, section),
	LIST("cites", 0, CK_UUID, 64),
	ENUM("status", FF_REQUIRED, bulletin_status),
	TIME("issued_at", 0),
	INT("version", 0, 1, 999),
	CHECKED("supersedes", 0, CK_UUID),
	TEXT("withdraw_reason", 0, ITEM),
	END,
};

static const struct field_def inject[] = {
	INT("n", FF_REQUIRED, 1, 999),
	INT("offset_min", FF_REQUIRED, 0, 10080),
	ENUM("channel", FF_REQUIRED, inject_channel),
	TEXT("message_es", FF_REQUIRED | FF_ES, 2000),
	TEXT("message_en", FF_REQUIRED | FF_EN, 2000),
	LIST("expected_es", FF_ES, CK_NONE, 16),
	LIST("expected_en", FF_EN, CK_NONE, 16),
	LIST("procedures", 0, CK_NONE, 8),
	END,
};

static const struct field_def scenario_fields[] = {
	TEXT("code", FF_REF | FF_REQUIRED | FF_SEARCH, 40),
	TEXT("title_es", FF_REQUIRED | FF_TITLE | FF_SEARCH | FF_ES, SHORT),
	TEXT("title_en", FF_REQUIRED | FF_TITLE | FF_SEARCH | FF_EN, SHORT),
	LIST("objectives_es", FF_ES | FF_SEARCH, CK_NONE, 16),
	LIST("objectives_en", FF_EN | FF_SEARCH, CK_NONE, 16),
	LIST("roles", 0, CK_NONE, 16),
	INT("duration_min", FF_REQUIRED, 1, 10080),
	LIST("ports", 0, CK_LOCODE, 16),
	ROWS("injects", FF_REQUIRED, 100, inject),
	TEXT("evaluation_es", FF_ES, LONG),
	TEXT("evaluation_en", FF_EN, LONG),
	END,
};

static const struct field_def entity_fields[] = {
	ENUM("type", FF_REQUIRED | FF_FIXED, entity_type),
	TEXT("name", FF_TITLE | FF_SEARCH, SHORT),
	CHECKED("imo", FF_SEARCH, CK_IMO),
	CHECKED("mmsi", FF_SEARCH, CK_MMSI),
	TEXT("call_sign", FF_SEARCH, 20),
	TEXT("flag", 0, 100),
	CHECKED("container", FF_SEARCH, CK_CONTAINER),
	TEXT("seal_number", FF_SEARCH, 64),
	ENUM("seal_class", 0, seal_class),
	TEXT("applied_by", 0, 100),
	TEXT("verified_by", 0, 100),
	TEXT("place", 0, 100),
	TIME("at", 0),
	TEXT("notes", FF_SEARCH, LONG),
	END,
};

static const struct field_def log_fields[] = {
	ENUM("entry", FF_REQUIRED | FF_FIXED, log_kind),
	TEXT("text", FF_REQUIRED | FF_TITLE | FF_SEARCH | FF_FIXED, LONG),
	CHECKED("amends", FF_FIXED, CK_UUID),
	CHECKED("agency", FF_FIXED, CK_AGENCY),
	CHECKED("inject", FF_FIXED, CK_UUID),
	END,
};

static const struct field_def link_fields[] = {
	ENUM("target_kind", FF_REQUIRED | FF_FIXED, link_kind),
	CHECKED("target", FF_REQUIRED | FF_FIXED, CK_UUID),
	TEXT("note", FF_TITLE, ITEM),
	END,
};

static const struct field_def checklist_fields[] = {
	CHECKED("procedure", FF_REQUIRED | FF_FIXED, CK_UUID),
	TEXT("procedure_code", FF_TITLE | FF_FIXED, 40),
	INT("procedure_version", FF_REQUIRED | FF_FIXED, 1, 9999),
	ENUM("status", FF_REQUIRED, run_status),
	END,
};

static const struct field_def step_fields[] = {
	INT("n", FF_REQUIRED | FF_FIXED, 1, 999),
	ENUM("state", FF_REQUIRED | FF_FIXED, step_state),
	TEXT("note", FF_TITLE | FF_FIXED, ITEM),
	CHECKED("agency", FF_FIXED, CK_AGENCY),
	END,
};

const struct kind_def model_kinds[] = {
	{ "threat", "threats", KC_RECORD, KW_OWNER, NULL, threat_fields },
	{ "case", "cases", KC_RECORD, KW_OWNER, NULL, case_fields },
	{ "procedure", "procedures", KC_RECORD, KW_OWNER, NULL, procedure_fields },
	{ "technique", "techniques", KC_RECORD, KW_OWNER, NULL, technique_fields },
	{ "bulletin", "bulletins", KC_RECORD, KW_OWNER, NULL, bulletin_fields },
	{ "scenario", "scenarios", KC_RECORD, KW_OWNER, NULL, scenario_fields },
	{ "entity", "case_entities", KC_CHILD, KW_OWNER, "case", entity_fields },
	{ "log", "case_log", KC_CHILD, KW_APPEND, "case", log_fields },
	{ "link", "case_links", KC_CHILD, KW_OWNER, "case", link_fields },
	{ "checklist", "checklists", KC_CHILD, KW_OWNER, "case", checklist_fields },
	{ "step", "checklist_steps", KC_CHILD, KW_APPEND, "checklist", step_fields },
	{ NULL, NULL, 0, 0, NULL, NULL },
};

const struct kind_def *model_kind(const char *name)
{
	if (!name)
		return NULL;
	for (const struct kind_def *k = model_kinds; k->name; k++)
		if (strcmp(k->name, name) == 0)
			return k;
	return NULL;
}

const struct field_def *model_field(const struct field_def *fields, const char *name)
{
	for (const struct field_def *f = fields; f && f->name; f++)
		if (strcmp(f->name, name) == 0)
			return f;
	return NULL;
}

const struct field_def *model_ref_field(const struct kind_def *k)
{
	for (const struct field_def *f = k->fields; f->name; f++)
		if (f->flags & FF_REF)
			return f;
	return NULL;
}

const struct field_def *model_title_field(const struct kind_def *k, const char *lg)
{
	unsigned want = (lg && strcmp(lg, "es") == 0) ? FF_ES : FF_EN;
	const struct field_def *first = NULL;
	for (const struct field_def *f = k->fields; f->name; f++) {
		if (!(f->flags & FF_TITLE))
			continue;
		if (!first)
			first = f;
		if (f->flags & want)
			return f;
	}
	return first;
}

int model_is_envelope(const char *name)
{
	return model_choice(model_envelope, name) >= 0;
}

int model_choice(const char *const *choices, const char *s)
{
	for (int i = 0; choices && choices[i]; i++)
		if (s && strcmp(choices[i], s) == 0)
			return i;
	return -1;
}

const struct kind_def *model_root(const struct kind_def *k)
{
	while (k && k->cls == KC_CHILD)
		k = model_kind(k->parent);
	return k;
}

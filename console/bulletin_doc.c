/* bulletin_doc.c - see bulletin_doc.h. */
#include "bulletin_doc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "storage/bulletins.h"
#include "storage/model.h"
#include "storage/refdata.h"
#include "storage/util.h"

/* The fixed labels of a bulletin document in one language. */
struct labels {
	const char *lang;             /* "es" or "en" */
	const char *number;           /* the number's key */
	const char *no_number;        /* the number of a draft */
	const char *version;
	const char *status;
	const char *issued;
	const char *issued_by;
	const char *audience;
	const char *supersedes;
	const char *reason;           /* reason for withdrawal */
	const char *summary;
	const char *sections;
	const char *cited;
	const char *status_name[3];   /* by enum bulletin_status: draft, issued, withdrawn */
	const char *notice[3];        /* the marking notice by status (none when issued) */
	const char *kind[3];          /* threat, case, technique */
	const char *unavailable;      /* a cited record this store does not hold */
	const char *withheld;         /* the title of a cited record marked stricter */
	const char *month[12];
	const char *date_of;          /* between day, month and year: "1 de diciembre de 2026" */
};

static const struct labels labels_es = {
	"es", "Número", "sin número (borrador)", "Versión", "Estado", "Emitido", "Emisor",
	"Destinatarios", "Sustituye a", "Motivo de la retirada",
	"Resumen", "Secciones", "Registros citados",
	{ "borrador", "emitido", "retirado" },
	{ "BORRADOR", NULL, "RETIRADO" },
	{ "Amenaza", "Caso", "Técnica" },
	"no disponible en esta estación", "título omitido",
	{ "enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre",
	  "octubre", "noviembre", "diciembre" },
	" de ",
};

static const struct labels labels_en = {
	"en", "Number", "none (draft)", "Version", "Status", "Issued", "Issued by",
	"Audience", "Supersedes", "Reason for withdrawal",
	"Summary", "Sections", "Cited records",
	{ "draft", "issued", "withdrawn" },
	{ "DRAFT", NULL, "WITHDRAWN" },
	{ "Threat", "Case", "Technique" },
	"not available on this station", "title withheld",
	{ "January", "February", "March", "April", "May", "June", "July", "August", "September",
	  "October", "November", "December" },
	" ",
};

static const char *str_of(const cJSON *rec, const char *name)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(rec, name);
	return cJSON_IsString(v) ? v->valuestring : "";
}

/* Writes the UTC time iso ("YYYY-MM-DDTHH:MM:SSZ") in the words of l; iso itself when malformed. */
static void format_time(const struct labels *l, const char *iso, char *out, size_t outlen)
{
	int y, mo, d, h, mi;
	if (sscanf(iso, "%4d-%2d-%2dT%2d:%2d", &y, &mo, &d, &h, &mi) != 5 || mo < 1 || mo > 12) {
		po_strlcpy(out, iso, outlen);
		return;
	}
	snprintf(out, outlen, "%d%s%s%s%d, %02d:%02d UTC", d, l->date_of, l->month[mo - 1], l->date_of, y, h, mi);
}

/* Non-zero when the store is an exercise database. */
static int is_exercise(struct store *st)
{
	char v[16];
	if (store_setting(st, "exercise", v, sizeof v) != 0)
		return 0;
	return v[0] && strcmp(v, "0") && strcmp(v, "false");
}

/* The document being built and what every step needs. */
struct build {
	struct store *st;
	const cJSON *rec;         /* the bulletin */
	const struct labels *l;   /* its language's labels */
	struct doc *d;
	int rc;                   /* -1 once an append failed */
};

static void kv(struct build *b, const char *key, const char *value)
{
	if (doc_kv(b->d, key, value) != 0)
		b->rc = -1;
}

static void heading(struct build *b, int level, const char *text)
{
	if (doc_heading(b->d, level, text) != 0)
		b->rc = -1;
}

static void para(struct build *b, const char *text)
{
	if (*text && doc_para(b->d, text) != 0)
		b->rc = -1;
}

static void item(struct build *b, const char *text)
{
	if (doc_item(b->d, text) != 0)
		b->rc = -1;
}

/* "CODE (name)" for a known agency, else the code. */
static void agency_label(struct store *st, const char *code, char *out, size_t outlen)
{
	char name[256];
	if (agency_name(st, code, name, sizeof name) == 0)
		snprintf(out, outlen, "%s (%s)", code, name);
	else
		po_strlcpy(out, code, outlen);
}

/* The number of the bulletin that rec supersedes, or its id when it is not held here. */
static void superseded_label(struct store *st, const cJSON *rec, char *out, size_t outlen)
{
	cJSON *old = store_get(st, "bulletin", str_of(rec, "supersedes"), NULL, 0);
	po_strlcpy(out, old && *str_of(old, "number") ? str_of(old, "number") : str_of(rec, "supersedes"),
		   outlen);
	cJSON_Delete(old);
}

static void header_lines(struct build *b)
{
	const cJSON *rec = b->rec;
	const struct labels *l = b->l;
	enum bulletin_status s = bulletin_status_of(rec);
	char text[512];
	kv(b, l->number, *str_of(rec, "number") ? str_of(rec, "number") : l->no_number);
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(rec, "version");
	snprintf(text, sizeof text, "%d", cJSON_IsNumber(v) ? v->valueint : 1);
	kv(b, l->version, text);
	kv(b, l->status, s < BULLETIN_UNKNOWN ? l->status_name[s] : str_of(rec, "status"));
	if (*str_of(rec, "issued_at")) {
		format_time(l, str_of(rec, "issued_at"), text, sizeof text);
		kv(b, l->issued, text);
	}
	agency_label(b->st, str_of(rec, "owner"), text, sizeof text);
	kv(b, l->issued_by, text);
	if (*str_of(rec, "audience"))
		kv(b, l->audience, str_of(rec, "audience"));
	if (*str_of(rec, "supersedes")) {
		superseded_label(b->st, rec, text, sizeof text);
		kv(b, l->supersedes, text);
	}
	if (s == BULLETIN_WITHDRAWN)
		kv(b, l->reason, str_of(rec, "withdraw_reason"));
}

static void sections(struct build *b)
{
	const cJSON *rows = cJSON_GetObjectItemCaseSensitive(b->rec, "sections");
	if (!cJSON_GetArraySize(rows))
		return;
	heading(b, 1, b->l->sections);
	const cJSON *row;
	int n = 0;
	cJSON_ArrayForEach(row, rows) {
		char *h = NULL;
		if (asprintf(&h, "%d. %s", ++n, str_of(row, "heading")) < 0) {
			b->rc = -1;
			return;
		}
		heading(b, 2, h);
		free(h);
		para(b, str_of(row, "body"));
	}
}

/* The line that names a cited record: "Kind REF: title". */
static char *cited_line(struct build *b, const cJSON *target)
{
	static const char *const kinds[] = { "threat", "case", "technique", NULL };
	int ki = model_choice(kinds, str_of(target, "kind"));
	const struct kind_def *k = model_kind(str_of(target, "kind"));
	const struct field_def *rf = k ? model_ref_field(k) : NULL;
	const char *ref = rf ? str_of(target, rf->name) : "";
	const char *title, *summary;
	bulletin_cited_text(target, b->l->lang, &title, &summary);
	char withheld[128];
	if (bulletin_tlp_rank(str_of(target, "tlp")) > bulletin_tlp_rank(str_of(b->rec, "tlp"))) {
		snprintf(withheld, sizeof withheld, "(TLP:%s, %s)", str_of(target, "tlp"), b->l->withheld);
		title = withheld;
	}
	char *line = NULL;
	if (asprintf(&line, "%s%s%s: %s", ki >= 0 ? b->l->kind[ki] : str_of(target, "kind"), *ref ? " " : "",
		     ref, title) < 0)
		return NULL;
	return line;
}

/* Lists one cited record; with pull, as an entry with its summary. */
static void cited_one(struct build *b, const char *id, int pull)
{
	cJSON *target = store_get(b->st, NULL, id, NULL, 0);
	if (!target || cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(target, "deleted"))) {
		char line[160];
		snprintf(line, sizeof line, "%s: %s", id, b->l->unavailable);
		if (pull)
			heading(b, 2, line);
		else
			item(b, line);
		cJSON_Delete(target);
		return;
	}
	char *line = cited_line(b, target);
	if (!line) {
		b->rc = -1;
	} else if (!pull) {
		item(b, line);
	} else {
		heading(b, 2, line);
		const char *title, *summary;
		bulletin_cited_text(target, b->l->lang, &title, &summary);
		if (bulletin_tlp_rank(str_of(target, "tlp")) <= bulletin_tlp_rank(str_of(b->rec, "tlp")))
			para(b, summary);
	}
	free(line);
	cJSON_Delete(target);
}

static void cited(struct build *b, int pull)
{
	const cJSON *cites = cJSON_GetObjectItemCaseSensitive(b->rec, "cites");
	if (!cJSON_GetArraySize(cites))
		return;
	heading(b, 1, b->l->cited);
	const cJSON *id;
	cJSON_ArrayForEach(id, cites)
		if (cJSON_IsString(id))
			cited_one(b, id->valuestring, pull);
}

struct doc *bulletin_doc(struct store *st, const cJSON *rec, int pull, char *err, size_t errlen)
{
	const struct labels *l = !strcmp(str_of(rec, "lang"), "en") ? &labels_en : &labels_es;
	struct build b = { st, rec, l, doc_new(l->lang, str_of(rec, "title")), 0 };
	if (!b.d) {
		po_err(err, errlen, "%s", _("out of memory"));
		return NULL;
	}
	doc_set_tlp(b.d, str_of(rec, "tlp"));
	enum bulletin_status s = bulletin_status_of(rec);
	if (s < BULLETIN_UNKNOWN && doc_set_notice(b.d, l->notice[s]) != 0)
		b.rc = -1;
	doc_set_exercise(b.d, is_exercise(st));
	header_lines(&b);
	if (*str_of(rec, "summary")) {
		heading(&b, 1, l->summary);
		para(&b, str_of(rec, "summary"));
	}
	sections(&b);
	cited(&b, pull);
	if (b.rc != 0) {
		doc_free(b.d);
		po_err(err, errlen, "%s", _("out of memory"));
		return NULL;
	}
	return b.d;
}

char *bulletin_render(struct store *st, const char *key, enum doc_format f, int pull, size_t *len,
		      char *err, size_t errlen)
{
	cJSON *rec = store_get(st, "bulletin", key, err, errlen);
	if (!rec)
		return NULL;
	char *text = NULL;
	if (cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(rec, "deleted"))) {
		po_err(err, errlen, _("the bulletin %s was deleted"), key);
	} else {
		struct doc *d = bulletin_doc(st, rec, pull, err, errlen);
		text = d ? doc_render(d, f, len) : NULL;
		if (d && !text)
			po_err(err, errlen, "%s", _("out of memory"));
		doc_free(d);
	}
	cJSON_Delete(rec);
	return text;
}

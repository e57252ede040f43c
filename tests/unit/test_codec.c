/* test_codec.c - unit tests for net/codec.c (the strict JSON wire codec).
 *
 * Records are written below in the compact flat form with single quotes standing for double
 * quotes (q() swaps them), so that the JSON stays readable; texts that need a real apostrophe
 * are written with escaped double quotes instead. The round-trip samples are already in the
 * codec's normal form, so printing the checked record must give back the very same text. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "net/codec.h"
#include "storage/model.h"

/* ---- helpers ------------------------------------------------------------------------------ */

#define ERRLEN 512

/* Fails the test with err when rc is not 0. */
#define assert_ok(rc, err)                                                                         \
	do {                                                                                       \
		if ((rc) != 0)                                                                     \
			fail_msg("expected success, got: %s", (err));                              \
	} while (0)

/* Fails the test unless haystack contains needle. */
#define assert_contains(haystack, needle)                                                          \
	do {                                                                                       \
		if (strstr((haystack), (needle)) == NULL)                                          \
			fail_msg("'%s' does not contain '%s'", (haystack), (needle));              \
	} while (0)

/* A copy of s with every ' turned into " (caller frees). */
static char *q(const char *s)
{
	char *t = strdup(s);
	assert_non_null(t);
	for (char *p = t; *p; p++)
		if (*p == '\'')
			*p = '"';
	return t;
}

/* Parses text (already real JSON) with the record limit; fails the test when it does not parse. */
static cJSON *parse_text(const char *text)
{
	char err[ERRLEN] = "";
	cJSON *j = codec_parse(text, strlen(text), CODEC_MAX_RECORD, err, sizeof err);
	if (!j)
		fail_msg("codec_parse refused %s: %s", text, err);
	return j;
}

/* Parses the single-quoted JSON sq. */
static cJSON *parse_q(const char *sq)
{
	char *t = q(sq);
	cJSON *j = parse_text(t);
	free(t);
	return j;
}

/* Parses sq, checks it in mode, and expects success. Returns the checked tree. */
static cJSON *record_ok(const char *sq, enum codec_mode mode)
{
	char err[ERRLEN] = "";
	cJSON *j = parse_q(sq);
	assert_ok(codec_check_record(j, mode, err, sizeof err), err);
	return j;
}

/* Parses sq, checks it in mode and expects a refusal whose message contains need1 and, when not
 * NULL, need2. */
static void record_refused(const char *sq, enum codec_mode mode, const char *need1, const char *need2)
{
	char err[ERRLEN] = "";
	cJSON *j = parse_q(sq);
	int rc = codec_check_record(j, mode, err, sizeof err);
	cJSON_Delete(j);
	if (rc != -1)
		fail_msg("expected a refusal naming '%s' for %s", need1, sq);
	assert_contains(err, need1);
	if (need2)
		assert_contains(err, need2);
}

/* Same with real JSON text (for texts that need an apostrophe or raw bytes). */
static void record_text_refused(const char *text, enum codec_mode mode, const char *need1, const char *need2)
{
	char err[ERRLEN] = "";
	cJSON *j = parse_text(text);
	int rc = codec_check_record(j, mode, err, sizeof err);
	cJSON_Delete(j);
	if (rc != -1)
		fail_msg("expected a refusal naming '%s' for %s", need1, text);
	assert_contains(err, need1);
	if (need2)
		assert_contains(err, need2);
}

/* Expects codec_parse to refuse n bytes of text under max, with a message containing need. */
static void parse_refused(const char *text, size_t n, size_t max, const char *need)
{
	char err[ERRLEN] = "";
	cJSON *j = codec_parse(text, n, max, err, sizeof err);
	if (j) {
		cJSON_Delete(j);
		fail_msg("codec_parse accepted what it should refuse (expected '%s')", need);
	}
	assert_contains(err, need);
}

/* The string member name of obj (fails when absent or not a string). */
static const char *member_str(const cJSON *obj, const char *name)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, name);
	if (!cJSON_IsString(v))
		fail_msg("member %s is missing or not a string", name);
	return v->valuestring;
}

/* ---- one valid record of every kind, in normal form -------------------------------------- */

#define U1 "'0b6c1f7e-8d2a-4c3b-9e4f-5a6b7c8d9e01'"
#define U2 "'1c7d2a8f-9e3b-4d4c-8f5a-6b7c8d9e0f12'"
#define U3 "'2d8e3b9a-af4c-4e5d-9a6b-7c8d9e0f1a23'"
#define U4 "'3e9f4cab-b05d-4f6e-ab7c-8d9e0f1a2b34'"
#define U5 "'4fa05dbc-c16e-4a7f-bc8d-9e0f1a2b3c45'"
#define U6 "'5ab16ecd-d27f-4b80-8d9e-0f1a2b3c4d56'"
#define U7 "'6bc27fde-e380-4c91-9eaf-1a2b3c4d5e67'"

/* The times and authors of the envelope, the same in every sample. */
#define TIMES "'created_at':'2026-03-01T10:00:00Z','created_by':'Ana Quispe','updated_at':'2026-03-02T11:30:00Z','updated_by':'Ana Quispe','deleted':false"

static const char threat_rec[] =
	"{'id':" U1 ",'kind':'threat','owner':'DIRANDRO','rev':3,'tlp':'AMBER','share':'listed',"
	"'share_with':['SENAE','DIRAN']," TIMES ","
	"'ref':'AMZ-2026-001','title':'Contaminación de contenedores refrigerados en Callao',"
	"'summary':'Línea 1\\nLínea 2\\tcon tabulador','level':'high','status':'active',"
	"'ports':['PECLL','ECGYE'],'routes':['Callao - Amberes','Paita - Rotterdam'],'techniques':[" U2 "],"
	"'first_seen':'2026-01-15','last_seen':'2026-02-28'}";

static const char case_rec[] =
	"{'id':" U2 ",'kind':'case','owner':'SENAE','rev':999999999999999,'tlp':'RED','share':'agency',"
	"'share_with':[]," TIMES ","
	"'ref':'SENAE-2026-0042','title':'Entrega vigilada Guayaquil - Amberes','type':'controlled_delivery',"
	"'status':'open','port':'ECGYE','lead_agency':'DNIA','summary':'Resumen del caso',"
	"'substitution':'partial','substitution_note':'Sustitución parcial acordada con Bélgica',"
	"'route':[{'n':1,'place':'ECGYE','agencies':['SENAE','DNIA'],'planned':'2026-03-05T08:00:00Z',"
	"'actual':'2026-03-05T09:15:00Z','note':'Salida'},{'n':2,'place':'BE','agencies':[],"
	"'planned':'2026-03-25T08:00:00Z','actual':null,'note':'Llegada'}],"
	"'authorisations':[{'country':'BE','status':'granted','reference':'PAR-2026-17',"
	"'date':'2026-03-04','agency':'DNIA'}]}";

static const char procedure_rec[] =
	"{'id':" U3 ",'kind':'procedure','owner':'DIRANDRO','rev':2,'tlp':'GREEN','share':'community',"
	"'share_with':[]," TIMES ","
	"'code':'PO-TEST-01','version':2,'status':'in_force','title_es':'Verificación de precintos',"
	"'title_en':'Seal verification','purpose_es':'Propósito\\ndel procedimiento',"
	"'purpose_en':'Purpose\\nof the procedure','roles':['Inspector / Inspector'],"
	"'steps':[{'n':1,'text_es':'Ver el precinto','text_en':'View the seal','role':'Inspector',"
	"'mandatory':true,'evidence_es':'Foto','evidence_en':'Photo'},"
	"{'n':2,'text_es':'Tocar','text_en':'Touch','mandatory':false}],'sources':['WCO SAFE']}";

static const char technique_rec[] =
	"{'id':" U4 ",'kind':'technique','owner':'REF','rev':0,'tlp':'CLEAR','share':'community',"
	"'share_with':[]," TIMES ","
	"'code':'TEC-TEST','term_es':'Gancho ciego','term_en':'Blind hook',"
	"'aliases':[{'term':'rip-on','country':'EC','lang':'en'},{'term':'preñado'}],"
	"'category':'concealment','modality':'container','description_es':'Descripción',"
	"'description_en':'Description','indicators_es':['Indicio'],'indicators_en':['Indicator'],"
	"'countermeasures_es':['Medida'],'countermeasures_en':['Measure'],'related':[" U1 "],"
	"'sources':['UNODC']}";

static const char bulletin_rec[] =
	"{'id':" U5 ",'kind':'bulletin','owner':'DNCD','rev':1,'tlp':'AMBER+STRICT','share':'local',"
	"'share_with':[]," TIMES ","
	"'number':'BOL-2026-007','title':'Alerta de contaminación','lang':'es',"
	"'audience':'Autoridades portuarias','summary':'Resumen','sections':[{'heading':'Hechos',"
	"'body':'Texto\\ncon dos líneas'}],'cites':[" U1 "," U2 "],'status':'withdrawn',"
	"'issued_at':'2026-03-03T12:00:00Z','version':1,'supersedes':" U4 ","
	"'withdraw_reason':'Sustituido'}";

static const char scenario_rec[] =
	"{'id':" U6 ",'kind':'scenario','owner':'REF','rev':0,'tlp':'CLEAR','share':'community',"
	"'share_with':[]," TIMES ","
	"'code':'EX-TEST','title_es':'Ejercicio','title_en':'Exercise','objectives_es':['Objetivo'],"
	"'objectives_en':['Objective'],'roles':['Controller'],'duration_min':240,"
	"'ports':['ECGYE','BEANR'],'injects':[{'n':1,'offset_min':0,'channel':'alert',"
	"'message_es':'Alerta: CSQU3054383','message_en':'Alert: CSQU3054383',"
	"'expected_es':['Abrir un caso'],'expected_en':['Open a case'],'procedures':['PO-SEAL-01']}],"
	"'evaluation_es':'Evaluación','evaluation_en':'Evaluation'}";

static const char entity_rec[] =
	"{'id':" U7 ",'kind':'entity','owner':'SENAE','rev':0,'parent':" U2 "," TIMES ","
	"'type':'vessel','name':'MV Ondina Austral','imo':'IMO9074729','mmsi':'636021847',"
	"'call_sign':'A8XY2','flag':'Liberia','container':'CSQU3054383','seal_number':'ML-123456',"
	"'seal_class':'H','applied_by':'Naviera','verified_by':'SENAE','place':'Patio 3',"
	"'at':'2026-03-05T09:00:00Z','notes':'Notas\\nvarias'}";

static const char log_rec[] =
	"{'id':" U3 ",'kind':'log','owner':'DNIA','rev':0,'parent':" U2 "," TIMES ","
	"'entry':'decision','text':'Se decide la entrega vigilada\\ncon Amberes','amends':" U1 ","
	"'agency':'DNIA','inject':" U4 "}";

static const char link_rec[] =
	"{'id':" U4 ",'kind':'link','owner':'SENAE','rev':1,'parent':" U2 "," TIMES ","
	"'target_kind':'technique','target':" U1 ",'note':'Técnica observada'}";

static const char checklist_rec[] =
	"{'id':" U5 ",'kind':'checklist','owner':'SENAE','rev':1,'parent':" U2 "," TIMES ","
	"'procedure':" U3 ",'procedure_code':'PO-SEAL-01','procedure_version':1,'status':'open'}";

static const char step_rec[] =
	"{'id':" U6 ",'kind':'step','owner':'SENAE','rev':0,'parent':" U5 "," TIMES ","
	"'n':1,'state':'done','note':'Precinto conforme','agency':'SENAE'}";

static const struct sample {
	const char *kind;
	const char *text;
} samples[] = {
	{ "threat", threat_rec },       { "case", case_rec },       { "procedure", procedure_rec },
	{ "technique", technique_rec }, { "bulletin", bulletin_rec }, { "scenario", scenario_rec },
	{ "entity", entity_rec },       { "log", log_rec },         { "link", link_rec },
	{ "checklist", checklist_rec }, { "step", step_rec },
};

static const char *sample_of(const char *kind)
{
	for (size_t i = 0; i < sizeof samples / sizeof *samples; i++)
		if (strcmp(samples[i].kind, kind) == 0)
			return samples[i].text;
	return NULL;
}

/* Whether envelope member name belongs to kind k. */
static int envelope_member_of(const struct kind_def *k, const char *name)
{
	int rel = !strcmp(name, "tlp") || !strcmp(name, "share") || !strcmp(name, "share_with");
	return k->cls == KC_CHILD ? !rel : strcmp(name, "parent") != 0;
}

/* ---- round trips -------------------------------------------------------------------------- */

static void roundtrip(const char *kind)
{
	char err[ERRLEN] = "";
	const struct kind_def *k = model_kind(kind);
	assert_non_null(k);
	const char *sq = sample_of(kind);
	assert_non_null(sq);
	char *text = q(sq);
	cJSON *rec = codec_parse(text, strlen(text), CODEC_MAX_RECORD, err, sizeof err);
	if (!rec)
		fail_msg("%s: %s", kind, err);
	assert_string_equal(member_str(rec, "kind"), kind);

	/* The sample exercises every envelope member and every field (and row member) of the kind. */
	for (int i = 0; model_envelope[i]; i++)
		if (envelope_member_of(k, model_envelope[i]) && !cJSON_HasObjectItem(rec, model_envelope[i]))
			fail_msg("%s sample lacks the envelope member %s", kind, model_envelope[i]);
	for (const struct field_def *f = k->fields; f->name; f++) {
		const cJSON *v = cJSON_GetObjectItemCaseSensitive(rec, f->name);
		if (!v)
			fail_msg("%s sample lacks the field %s", kind, f->name);
		if (f->type != FT_ROWS)
			continue;
		const cJSON *row = cJSON_GetArrayItem(v, 0);
		assert_non_null(row);
		for (const struct field_def *rf = f->rows; rf->name; rf++)
			if (!cJSON_HasObjectItem(row, rf->name))
				fail_msg("%s sample lacks %s[0].%s", kind, f->name, rf->name);
	}

	assert_ok(codec_check_record(rec, CODEC_FULL, err, sizeof err), err);
	char *out = cJSON_PrintUnformatted(rec);
	assert_non_null(out);
	/* Already normal: checking changed nothing and printing gives the same text back. */
	assert_string_equal(out, text);

	cJSON *again = codec_parse(out, strlen(out), CODEC_MAX_RECORD, err, sizeof err);
	if (!again)
		fail_msg("%s: reparse: %s", kind, err);
	assert_ok(codec_check_record(again, CODEC_FULL, err, sizeof err), err);
	assert_true(cJSON_Compare(rec, again, 1));
	char *out2 = cJSON_PrintUnformatted(again);
	assert_string_equal(out2, out);

	/* The comparison itself can tell records apart. */
	cJSON_ReplaceItemInObjectCaseSensitive(again, "id", cJSON_CreateString("9f9f9f9f-9f9f-4f9f-9f9f-9f9f9f9f9f9f"));
	assert_false(cJSON_Compare(rec, again, 1));

	cJSON_free(out2);
	cJSON_free(out);
	cJSON_Delete(again);
	cJSON_Delete(rec);
	free(text);
}

static void roundtrip_threat(void **state) { (void)state; roundtrip("threat"); }
static void roundtrip_case(void **state) { (void)state; roundtrip("case"); }
static void roundtrip_procedure(void **state) { (void)state; roundtrip("procedure"); }
static void roundtrip_technique(void **state) { (void)state; roundtrip("technique"); }
static void roundtrip_bulletin(void **state) { (void)state; roundtrip("bulletin"); }
static void roundtrip_scenario(void **state) { (void)state; roundtrip("scenario"); }
static void roundtrip_entity(void **state) { (void)state; roundtrip("entity"); }
static void roundtrip_log(void **state) { (void)state; roundtrip("log"); }
static void roundtrip_link(void **state) { (void)state; roundtrip("link"); }
static void roundtrip_checklist(void **state) { (void)state; roundtrip("checklist"); }
static void roundtrip_step(void **state) { (void)state; roundtrip("step"); }

/* A kind added to the model without a sample here is caught. */
static void every_kind_has_a_sample(void **state)
{
	(void)state;
	int n = 0;
	for (const struct kind_def *k = model_kinds; k->name; k++, n++)
		if (!sample_of(k->name))
			fail_msg("no round-trip sample for the kind %s", k->name);
	assert_int_equal((size_t)n, sizeof samples / sizeof *samples);
}

/* ---- normalisation ------------------------------------------------------------------------ */

static void normalises_identifiers(void **state)
{
	(void)state;
	cJSON *e = record_ok("{'id':'4FA05DBC-C16E-4A7F-BC8D-9E0F1A2B3C45','kind':'entity','owner':'senae',"
			     "'parent':" U2 ",'type':'container','container':'CSQU 305438 3',"
			     "'imo':'imo 9074729','mmsi':'636 021 847'}", CODEC_FULL);
	assert_string_equal(member_str(e, "container"), "CSQU3054383");
	assert_string_equal(member_str(e, "imo"), "IMO9074729");
	assert_string_equal(member_str(e, "mmsi"), "636021847");
	assert_string_equal(member_str(e, "id"), "4fa05dbc-c16e-4a7f-bc8d-9e0f1a2b3c45");
	assert_string_equal(member_str(e, "owner"), "SENAE");
	cJSON_Delete(e);

	cJSON *t = record_ok("{'kind':'threat','ports':['PE CLL','ec gye'],'share_with':['senae']}", CODEC_PATCH);
	const cJSON *ports = cJSON_GetObjectItemCaseSensitive(t, "ports");
	assert_string_equal(cJSON_GetArrayItem(ports, 0)->valuestring, "PECLL");
	assert_string_equal(cJSON_GetArrayItem(ports, 1)->valuestring, "ECGYE");
	assert_string_equal(cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(t, "share_with"), 0)->valuestring, "SENAE");
	cJSON_Delete(t);

	cJSON *c = record_ok("{'kind':'case','port':'PE CLL','route':[{'n':1,'place':'pe cll'},{'n':2,'place':'be'}]}",
			     CODEC_PATCH);
	assert_string_equal(member_str(c, "port"), "PECLL");
	const cJSON *route = cJSON_GetObjectItemCaseSensitive(c, "route");
	assert_string_equal(member_str(cJSON_GetArrayItem(route, 0), "place"), "PECLL");
	assert_string_equal(member_str(cJSON_GetArrayItem(route, 1), "place"), "BE");
	cJSON_Delete(c);
}

/* ---- refusals of records ------------------------------------------------------------------ */

static void rejects_unknown_kind(void **state)
{
	(void)state;
	record_refused("{'id':" U1 ",'kind':'vessel','owner':'SENAE','title':'x'}", CODEC_FULL, "kind", "vessel");
	record_refused("{'id':" U1 ",'kind':'vessel'}", CODEC_PATCH, "kind", "vessel");
	record_refused("{'id':" U1 ",'owner':'SENAE'}", CODEC_PATCH, "kind", "required");
	record_refused("{'kind':42}", CODEC_PATCH, "kind", NULL);
}

static void rejects_unknown_field(void **state)
{
	(void)state;
	record_refused("{'kind':'threat','title':'x','colour':'red'}", CODEC_PATCH, "colour", "unknown");
	/* A field of another kind is unknown here too. */
	record_refused("{'kind':'threat','duration_min':5}", CODEC_PATCH, "duration_min", "unknown");
	/* Inside a row. */
	record_refused("{'kind':'case','route':[{'n':1,'place':'PECLL','colour':'red'}]}", CODEC_PATCH,
		       "route[0].colour", "unknown");
}

static void rejects_mistyped_fields(void **state)
{
	(void)state;
	/* Number for a string. */
	record_refused("{'kind':'threat','title':42}", CODEC_PATCH, "title", "string");
	/* String for an int. */
	record_refused("{'kind':'scenario','duration_min':'240'}", CODEC_PATCH, "duration_min", "whole number");
	/* Fraction, and a boolean, for an int. */
	record_refused("{'kind':'scenario','duration_min':1.5}", CODEC_PATCH, "duration_min", "whole number");
	record_refused("{'kind':'procedure','version':true}", CODEC_PATCH, "version", "whole number");
	/* Out of range, both ends. */
	record_refused("{'kind':'scenario','duration_min':0}", CODEC_PATCH, "duration_min", "outside 1..10080");
	record_refused("{'kind':'scenario','duration_min':10081}", CODEC_PATCH, "duration_min", "outside");
	record_refused("{'kind':'procedure','steps':[{'n':1000,'text_es':'a','text_en':'b'}]}", CODEC_PATCH,
		       "steps[0].n", "outside");
	/* The bounds themselves are accepted. */
	cJSON_Delete(record_ok("{'kind':'scenario','duration_min':10080}", CODEC_PATCH));
	cJSON_Delete(record_ok("{'kind':'scenario','duration_min':1}", CODEC_PATCH));
	/* String for a bool, string for a list, list item not a string, object for rows. */
	record_refused("{'kind':'threat','deleted':'false'}", CODEC_PATCH, "deleted", "true or false");
	record_refused("{'kind':'threat','routes':'Callao'}", CODEC_PATCH, "routes", "array");
	record_refused("{'kind':'threat','routes':['Callao',7]}", CODEC_PATCH, "routes[1]", "string");
	record_refused("{'kind':'case','route':{'n':1}}", CODEC_PATCH, "route", "array");
	/* Dates and times. */
	record_refused("{'kind':'threat','first_seen':'2026-02-30'}", CODEC_PATCH, "first_seen", "date");
	record_refused("{'kind':'threat','created_at':'2026-03-01 10:00:00'}", CODEC_PATCH, "created_at", "UTC time");
	/* Too many list items: routes holds at most 32. */
	char text[512] = "{'kind':'threat','routes':['r'";
	for (int i = 1; i < 32; i++)
		strcat(text, ",'r'");
	strcat(text, "]}");
	cJSON_Delete(record_ok(text, CODEC_PATCH));
	strcpy(text + strlen(text) - 2, ",'r']}");
	record_refused(text, CODEC_PATCH, "routes", "more than 32 items");
}

static void rejects_enum_value(void **state)
{
	(void)state;
	record_refused("{'kind':'threat','level':'extreme'}", CODEC_PATCH, "level", "allowed");
	record_refused("{'kind':'threat','level':'HIGH'}", CODEC_PATCH, "level", "allowed");
	record_refused("{'kind':'threat','tlp':'WHITE'}", CODEC_PATCH, "tlp", "allowed");
	record_refused("{'kind':'threat','share':'everyone'}", CODEC_PATCH, "share", "allowed");
	record_refused("{'kind':'technique','aliases':[{'term':'x','lang':'pt'}]}", CODEC_PATCH,
		       "aliases[0].lang", "allowed");
	cJSON_Delete(record_ok("{'kind':'threat','level':'critical','tlp':'AMBER+STRICT'}", CODEC_PATCH));
}

static void required_in_full_not_in_patch(void **state)
{
	(void)state;
	/* threat_rec without its title. */
	const char *partial = "{'id':" U1 ",'kind':'threat','owner':'DIRANDRO','tlp':'AMBER','share':'agency',"
			      "'level':'high','status':'active'}";
	record_refused(partial, CODEC_FULL, "title", "required");
	cJSON_Delete(record_ok(partial, CODEC_PATCH));
	/* An empty required string counts as missing. */
	record_refused("{'id':" U1 ",'kind':'threat','owner':'DIRANDRO','tlp':'AMBER','share':'agency',"
		       "'title':'','level':'high','status':'active'}", CODEC_FULL, "title", "required");
	/* A required envelope member. */
	record_refused("{'id':" U1 ",'kind':'threat','owner':'DIRANDRO','share':'agency','title':'x',"
		       "'level':'high','status':'active'}", CODEC_FULL, "tlp", "required");
	/* A child's parent. */
	const char *orphan = "{'id':" U7 ",'kind':'entity','owner':'SENAE','type':'vessel'}";
	record_refused(orphan, CODEC_FULL, "parent", "required");
	cJSON_Delete(record_ok(orphan, CODEC_PATCH));
	/* A required member of a row is required in both modes (a row is always whole). */
	record_refused("{'kind':'procedure','steps':[{'n':1,'text_es':'a'}]}", CODEC_PATCH, "steps[0].text_en", "required");
	/* Envelope members may not be null; an optional field may. */
	record_refused("{'kind':'threat','tlp':null}", CODEC_PATCH, "tlp", "null");
	cJSON_Delete(record_ok("{'kind':'threat','summary':null}", CODEC_PATCH));
}

static void rejects_overlong_string(void **state)
{
	(void)state;
	char text[1200];
	char big[600];

	/* title: at most 200 bytes. */
	memset(big, 'a', 200);
	big[200] = '\0';
	snprintf(text, sizeof text, "{'kind':'threat','title':'%s'}", big);
	cJSON_Delete(record_ok(text, CODEC_PATCH));
	big[200] = 'a', big[201] = '\0';
	snprintf(text, sizeof text, "{'kind':'threat','title':'%s'}", big);
	record_refused(text, CODEC_PATCH, "title", "201 bytes");

	/* The limit is in bytes: 100 two-byte letters fit, one more byte does not. */
	big[0] = '\0';
	for (int i = 0; i < 100; i++)
		strcat(big, "ñ");
	snprintf(text, sizeof text, "{'kind':'threat','title':'%s'}", big);
	cJSON_Delete(record_ok(text, CODEC_PATCH));
	snprintf(text, sizeof text, "{'kind':'threat','title':'%sx'}", big);
	record_refused(text, CODEC_PATCH, "title", "limit of 200");

	/* ref: 40 bytes. */
	record_refused("{'kind':'threat','ref':'12345678901234567890123456789012345678901'}", CODEC_PATCH, "ref", "41 bytes");
	cJSON_Delete(record_ok("{'kind':'threat','ref':'1234567890123456789012345678901234567890'}", CODEC_PATCH));

	/* List items: 500 bytes each. */
	memset(big, 'r', 501);
	big[501] = '\0';
	snprintf(text, sizeof text, "{'kind':'threat','routes':['ok','%s']}", big);
	record_refused(text, CODEC_PATCH, "routes[1]", "501 bytes");
}

static void parse_rejects_invalid_utf8(void **state)
{
	(void)state;
	static const char overlong[] = "{\"kind\":\"threat\",\"title\":\"\xc0\xaf" "etc\"}";
	static const char overlong3[] = "{\"kind\":\"threat\",\"title\":\"\xe0\x80\xaf" "etc\"}";
	static const char surrogate[] = "{\"kind\":\"threat\",\"title\":\"\xed\xa0\x80" "x\"}";
	static const char truncated[] = "{\"kind\":\"threat\",\"title\":\"\xe2\x82\"}";
	static const char at_end[] = "{\"kind\":\"threat\",\"title\":\"x\"}\xe2\x82";
	static const char beyond[] = "{\"kind\":\"threat\",\"title\":\"\xf4\x90\x80\x80\"}";
	static const char stray[] = "{\"kind\":\"threat\",\"title\":\"\x80\"}";
	static const char ff[] = "{\"kind\":\"threat\",\"title\":\"\xff\"}";

	parse_refused(overlong, strlen(overlong), CODEC_MAX_RECORD, "UTF-8");
	parse_refused(overlong3, strlen(overlong3), CODEC_MAX_RECORD, "UTF-8");
	parse_refused(surrogate, strlen(surrogate), CODEC_MAX_RECORD, "UTF-8");
	parse_refused(truncated, strlen(truncated), CODEC_MAX_RECORD, "UTF-8");
	parse_refused(at_end, strlen(at_end), CODEC_MAX_RECORD, "UTF-8");
	parse_refused(beyond, strlen(beyond), CODEC_MAX_RECORD, "UTF-8");
	parse_refused(stray, strlen(stray), CODEC_MAX_RECORD, "UTF-8");
	parse_refused(ff, strlen(ff), CODEC_MAX_RECORD, "UTF-8");
	/* A NUL byte inside the given length. */
	static const char nul[] = "{\"kind\":\"threat\",\"title\":\"a\0b\"}";
	parse_refused(nul, sizeof nul - 1, CODEC_MAX_RECORD, "UTF-8");

	/* The validator itself, on the edges. */
	assert_true(codec_utf8_valid("\xc2\x80", 2));               /* U+0080, smallest 2-byte */
	assert_true(codec_utf8_valid("\xed\x9f\xbf", 3));           /* U+D7FF */
	assert_true(codec_utf8_valid("\xee\x80\x80", 3));           /* U+E000 */
	assert_true(codec_utf8_valid("\xf4\x8f\xbf\xbf", 4));       /* U+10FFFF */
	assert_true(codec_utf8_valid("\xf0\x9f\x9a\xa2", 4));       /* U+1F6A2 ship */
	assert_false(codec_utf8_valid("\xc1\xbf", 2));              /* overlong U+007F */
	assert_false(codec_utf8_valid("\xf0\x8f\xbf\xbf", 4));      /* overlong U+FFFF */
	assert_false(codec_utf8_valid("\xed\xbf\xbf", 3));          /* low surrogate */
	assert_false(codec_utf8_valid("\xf0\x9f\x9a", 3));          /* truncated 4-byte */
	assert_false(codec_utf8_valid("\xe2\x28\xa1", 3));          /* bad continuation */
	assert_false(codec_utf8_valid("\xf8\x88\x80\x80\x80", 5));  /* 5-byte form */

	/* A lone surrogate written as a JSON escape is refused as well. */
	static const char esc_surrogate[] = "{\"kind\":\"threat\",\"title\":\"a\\ud800b\"}";
	parse_refused(esc_surrogate, strlen(esc_surrogate), CODEC_MAX_RECORD, "malformed JSON");

	/* And the valid text with a real accent parses. */
	cJSON_Delete(parse_text("{\"kind\":\"threat\",\"title\":\"Callao \xc3\xb1 \xe2\x82\xac \xf0\x9f\x9a\xa2\"}"));
}

static void rejects_control_characters_in_title(void **state)
{
	(void)state;
	/* ANSI escape sequences (clear screen, colour) written as JSON escapes. */
	record_refused("{'kind':'threat','title':'\\u001b[2J\\u001b[31mHACK'}", CODEC_PATCH, "title", "control");
	record_refused("{'kind':'threat','title':'bell\\u0007'}", CODEC_PATCH, "title", "control");
	record_refused("{'kind':'threat','title':'del\\u007f'}", CODEC_PATCH, "title", "control");
	record_refused("{'kind':'threat','title':'cr\\rhere'}", CODEC_PATCH, "title", "control");
	/* A title is one line: no newline, no tab. */
	record_refused("{'kind':'threat','title':'two\\nlines'}", CODEC_PATCH, "title", "control");
	record_refused("{'kind':'threat','title':'a\\tb'}", CODEC_PATCH, "title", "control");
	/* Nor in list items, row members or the envelope. */
	record_refused("{'kind':'threat','routes':['a\\u001b]0;x\\u0007']}", CODEC_PATCH, "routes[0]", "control");
	record_refused("{'kind':'case','route':[{'n':1,'place':'PECLL','note':'x\\u001bc'}]}", CODEC_PATCH,
		       "route[0].note", "control");
	record_refused("{'kind':'threat','created_by':'Ana\\u001b[8m'}", CODEC_PATCH, "created_by", "control");
	/* A raw ESC byte, not escaped. */
	record_text_refused("{\"kind\":\"threat\",\"title\":\"\x1b" "[2J\"}", CODEC_PATCH, "title", NULL);
}

static void accepts_newline_in_long_text(void **state)
{
	(void)state;
	cJSON *t = record_ok("{'kind':'threat','summary':'one\\ntwo\\tcolumn'}", CODEC_PATCH);
	assert_string_equal(member_str(t, "summary"), "one\ntwo\tcolumn");
	cJSON_Delete(t);
	cJSON *l = record_ok("{'kind':'log','text':'line 1\\nline 2'}", CODEC_PATCH);
	assert_string_equal(member_str(l, "text"), "line 1\nline 2");
	cJSON_Delete(l);
	/* Still no escape sequences or carriage returns in long text. */
	record_refused("{'kind':'threat','summary':'one\\n\\u001b[2Jtwo'}", CODEC_PATCH, "summary", "control");
	record_refused("{'kind':'threat','summary':'one\\r\\ntwo'}", CODEC_PATCH, "summary", "control");
}

static void rejects_c1_controls(void **state)
{
	(void)state;
	/* U+009B (CSI) as an escape and as raw bytes. */
	record_refused("{'kind':'threat','title':'a\\u009b31mb'}", CODEC_PATCH, "title", "control");
	record_text_refused("{\"kind\":\"threat\",\"title\":\"a\xc2\x9b" "31mb\"}", CODEC_PATCH, "title", "control");
	/* U+0085 (NEL) and U+0080 in long text. */
	record_refused("{'kind':'threat','summary':'a\\u0085b'}", CODEC_PATCH, "summary", "control");
	record_refused("{'kind':'threat','summary':'\\u0080'}", CODEC_PATCH, "summary", "control");
	/* U+00A0 (no-break space) and U+00A1 are ordinary characters. */
	cJSON_Delete(record_ok("{'kind':'threat','title':'a\\u00a0b\\u00a1'}", CODEC_PATCH));
}

static void malformed_json_reports_position(void **state)
{
	(void)state;
	static const char bad[] = "{\n  \"kind\": \"threat\",\n  \"title\": }";
	parse_refused(bad, strlen(bad), CODEC_MAX_RECORD, "malformed JSON");
	parse_refused(bad, strlen(bad), CODEC_MAX_RECORD, "line 3, column 12");
	static const char unterminated[] = "{\"kind\":\"threat\",\"title\":\"open";
	parse_refused(unterminated, strlen(unterminated), CODEC_MAX_RECORD, "line 1");
	static const char single[] = "{'kind':'threat'}";
	parse_refused(single, strlen(single), CODEC_MAX_RECORD, "line 1, column ");
	parse_refused("", 0, CODEC_MAX_RECORD, "malformed JSON");
}

static void rejects_trailing_garbage(void **state)
{
	(void)state;
	static const char extra[] = "{\"kind\":\"threat\"} x";
	parse_refused(extra, strlen(extra), CODEC_MAX_RECORD, "unexpected text");
	parse_refused(extra, strlen(extra), CODEC_MAX_RECORD, "line 1, column 19");
	static const char two[] = "{\"kind\":\"threat\"}\n{\"kind\":\"case\"}";
	parse_refused(two, strlen(two), CODEC_MAX_RECORD, "line 2, column 1");
	/* Trailing white space is fine. */
	cJSON_Delete(parse_text("{\"kind\":\"threat\"} \r\n\t\n"));
}

static void rejects_deep_nesting(void **state)
{
	(void)state;
	char text[64] = "";
	/* CODEC_MAX_DEPTH levels are fine... */
	for (int i = 0; i < CODEC_MAX_DEPTH; i++)
		strcat(text, "[");
	strcat(text, "1");
	for (int i = 0; i < CODEC_MAX_DEPTH; i++)
		strcat(text, "]");
	cJSON_Delete(parse_text(text));
	/* ...one more is not. */
	char deeper[80];
	snprintf(deeper, sizeof deeper, "[%s]", text);
	parse_refused(deeper, strlen(deeper), CODEC_MAX_RECORD, "deeper than 8");
	static const char objs[] = "{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":1}}}}}}}}}";
	parse_refused(objs, strlen(objs), CODEC_MAX_RECORD, "deeper");
	/* Brackets inside strings (escaped quotes too) do not count. */
	cJSON_Delete(parse_text("{\"kind\":\"threat\",\"title\":\"[[[[[[[[[[\\\"{{{{{{{{{{\"}"));
}

static void rejects_oversized_document(void **state)
{
	(void)state;
	static const char text[] = "{\"kind\":\"threat\",\"title\":\"x\"}";
	size_t n = strlen(text);
	parse_refused(text, n, n - 1, "more than the limit");
	char err[ERRLEN] = "";
	cJSON *j = codec_parse(text, n, n, err, sizeof err);
	if (!j)
		fail_msg("a document of exactly the limit was refused: %s", err);
	cJSON_Delete(j);
	/* The record limit is the one used for records. */
	size_t big = CODEC_MAX_RECORD + 2;
	char *huge = malloc(big + 1);
	assert_non_null(huge);
	huge[0] = '"';
	memset(huge + 1, 'a', big - 2);
	huge[big - 1] = '"';
	huge[big] = '\0';
	parse_refused(huge, big, CODEC_MAX_RECORD, "more than the limit");
	free(huge);
}

static void rejects_duplicate_member(void **state)
{
	(void)state;
	record_refused("{'kind':'threat','title':'a','title':'b'}", CODEC_PATCH, "title", "twice");
	record_refused("{'kind':'threat','title':'a','kind':'threat'}", CODEC_PATCH, "kind", "twice");
	record_refused("{'id':" U1 ",'kind':'threat','id':" U2 "}", CODEC_PATCH, "id", "twice");
}

static void rejects_releasability_on_child(void **state)
{
	(void)state;
	record_refused("{'kind':'entity','tlp':'RED'}", CODEC_PATCH, "tlp", "entity");
	record_refused("{'kind':'log','share':'community'}", CODEC_PATCH, "share", "log");
	record_refused("{'kind':'step','share_with':['SENAE']}", CODEC_PATCH, "share_with", "step");
	/* The full entity sample plus a tlp. */
	char *t = q(entity_rec);
	size_t n = strlen(t);
	char *with = malloc(n + 32);
	assert_non_null(with);
	memcpy(with, t, n - 1);
	strcpy(with + n - 1, ",\"tlp\":\"CLEAR\"}");
	record_text_refused(with, CODEC_FULL, "tlp", "not a member");
	free(with);
	free(t);
}

static void rejects_parent_on_record(void **state)
{
	(void)state;
	record_refused("{'kind':'threat','parent':" U2 "}", CODEC_PATCH, "parent", "threat");
	record_refused("{'kind':'case','parent':" U2 "}", CODEC_PATCH, "parent", "not a member");
}

static void rejects_bad_container(void **state)
{
	(void)state;
	record_refused("{'kind':'entity','type':'container','container':'CSQU3054384'}", CODEC_PATCH,
		       "container", "check digit is 4, expected 3");
	record_refused("{'kind':'entity','type':'container','container':'CSQX3054383'}", CODEC_PATCH,
		       "container", "category");
	record_refused("{'kind':'entity','type':'container','container':'CSQU305438'}", CODEC_PATCH,
		       "container", "11 characters");
}

static void rejects_bad_imo(void **state)
{
	(void)state;
	record_refused("{'kind':'entity','type':'vessel','imo':'IMO 9074728'}", CODEC_PATCH, "imo", "expected 9");
	record_refused("{'kind':'entity','type':'vessel','imo':'IMO 907472'}", CODEC_PATCH, "imo", "7 digits");
	record_refused("{'kind':'entity','type':'vessel','imo':9074729}", CODEC_PATCH, "imo", "string");
	record_refused("{'kind':'entity','type':'vessel','mmsi':'63602184'}", CODEC_PATCH, "mmsi", "9 digits");
	record_refused("{'kind':'threat','ports':['PECLL','PE-CLL']}", CODEC_PATCH, "ports[1]", "UN/LOCODE");
	record_refused("{'kind':'threat','techniques':['not-a-uuid']}", CODEC_PATCH, "techniques[0]", "UUID");
	record_refused("{'kind':'threat','owner':'1ABC'}", CODEC_PATCH, "owner", "letter");
}

static void keeps_sql_metacharacters_verbatim(void **state)
{
	(void)state;
	static const char sql[] = "'; DROP TABLE cases; --";
	static const char text[] =
		"{\"kind\":\"case\",\"title\":\"'; DROP TABLE cases; --\","
		"\"summary\":\"x' OR '1'='1\\\" ; DELETE FROM audit; /* */\","
		"\"ref\":\"O'Brien\"}";
	char err[ERRLEN] = "";
	cJSON *c = parse_text(text);
	assert_ok(codec_check_record(c, CODEC_PATCH, err, sizeof err), err);
	assert_string_equal(member_str(c, "title"), sql);
	assert_string_equal(member_str(c, "summary"), "x' OR '1'='1\" ; DELETE FROM audit; /* */");
	assert_string_equal(member_str(c, "ref"), "O'Brien");
	cJSON_Delete(c);
}

/* ---- codec_value_from_text ---------------------------------------------------------------- */

/* Returns the value of text for member name of kind, failing the test on refusal. */
static cJSON *vft(const char *kind, const char *name, const char *text)
{
	char err[ERRLEN] = "";
	cJSON *v = codec_value_from_text(model_kind(kind), name, text, err, sizeof err);
	if (!v)
		fail_msg("%s.%s = '%s' refused: %s", kind, name, text, err);
	return v;
}

/* Expects a refusal naming need. */
static void vft_refused(const char *kind, const char *name, const char *text, const char *need)
{
	char err[ERRLEN] = "";
	cJSON *v = codec_value_from_text(model_kind(kind), name, text, err, sizeof err);
	if (v) {
		cJSON_Delete(v);
		fail_msg("%s.%s = '%s' was accepted", kind, name, text);
	}
	assert_contains(err, name);
	assert_contains(err, need);
}

static void value_from_text_ints(void **state)
{
	(void)state;
	cJSON *v = vft("scenario", "duration_min", "240");
	assert_true(cJSON_IsNumber(v));
	assert_int_equal(v->valueint, 240);
	cJSON_Delete(v);
	v = vft("threat", "rev", "12");
	assert_int_equal(v->valueint, 12);
	cJSON_Delete(v);
	vft_refused("scenario", "duration_min", "abc", "whole number");
	vft_refused("scenario", "duration_min", "12x", "whole number");
	vft_refused("scenario", "duration_min", "4.5", "whole number");
	vft_refused("scenario", "duration_min", "99999", "outside");
	vft_refused("scenario", "duration_min", "-1", "outside");
	vft_refused("procedure", "version", "99999999999999999999999", "whole number");
}

static void value_from_text_bools(void **state)
{
	(void)state;
	static const char *const yes[] = { "true", "yes", "1" };
	static const char *const no[] = { "false", "no", "0" };
	for (size_t i = 0; i < 3; i++) {
		cJSON *t = vft("threat", "deleted", yes[i]);
		assert_true(cJSON_IsTrue(t));
		cJSON_Delete(t);
		cJSON *f = vft("threat", "deleted", no[i]);
		assert_true(cJSON_IsFalse(f));
		cJSON_Delete(f);
	}
	vft_refused("threat", "deleted", "maybe", "true or false");
	vft_refused("threat", "deleted", "TRUE ", "true or false");
}

static void value_from_text_lists(void **state)
{
	(void)state;
	cJSON *v = vft("threat", "ports", " PE CLL, ecgye ,,  COCTG ");
	assert_true(cJSON_IsArray(v));
	assert_int_equal(cJSON_GetArraySize(v), 3);
	assert_string_equal(cJSON_GetArrayItem(v, 0)->valuestring, "PECLL");
	assert_string_equal(cJSON_GetArrayItem(v, 1)->valuestring, "ECGYE");
	assert_string_equal(cJSON_GetArrayItem(v, 2)->valuestring, "COCTG");
	cJSON_Delete(v);
	v = vft("threat", "routes", "Callao - Amberes,  Paita - Rotterdam");
	assert_int_equal(cJSON_GetArraySize(v), 2);
	assert_string_equal(cJSON_GetArrayItem(v, 0)->valuestring, "Callao - Amberes");
	assert_string_equal(cJSON_GetArrayItem(v, 1)->valuestring, "Paita - Rotterdam");
	cJSON_Delete(v);
	v = vft("threat", "share_with", "senae, diran");
	assert_int_equal(cJSON_GetArraySize(v), 2);
	assert_string_equal(cJSON_GetArrayItem(v, 0)->valuestring, "SENAE");
	assert_string_equal(cJSON_GetArrayItem(v, 1)->valuestring, "DIRAN");
	cJSON_Delete(v);
	/* An empty list is an empty array. */
	v = vft("threat", "share_with", "");
	assert_true(cJSON_IsArray(v));
	assert_int_equal(cJSON_GetArraySize(v), 0);
	cJSON_Delete(v);
	vft_refused("threat", "ports", "PECLL, nowhere", "ports[1]");
	vft_refused("threat", "techniques", "abc", "UUID");
}

static void value_from_text_rows(void **state)
{
	(void)state;
	cJSON *v = vft("case", "route", "[{\"n\":1,\"place\":\"pe cll\"},{\"n\":2,\"place\":\"BEANR\",\"agencies\":[\"dian\"]}]");
	assert_true(cJSON_IsArray(v));
	assert_int_equal(cJSON_GetArraySize(v), 2);
	assert_string_equal(member_str(cJSON_GetArrayItem(v, 0), "place"), "PECLL");
	assert_string_equal(cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(cJSON_GetArrayItem(v, 1), "agencies"), 0)->valuestring,
			    "DIAN");
	cJSON_Delete(v);
	vft_refused("case", "route", "[{\"n\":0,\"place\":\"PECLL\"}]", "route[0].n");
	vft_refused("case", "route", "[{\"n\":1}]", "route[0].place");
	vft_refused("case", "route", "{\"n\":1,\"place\":\"PECLL\"}", "array");
	char err[ERRLEN] = "";
	assert_null(codec_value_from_text(model_kind("case"), "route", "[{\"n\":1,", err, sizeof err));
	assert_contains(err, "malformed JSON");
}

static void value_from_text_empty_is_null(void **state)
{
	(void)state;
	cJSON *v = vft("threat", "summary", "");
	assert_true(cJSON_IsNull(v));
	cJSON_Delete(v);
	v = vft("threat", "summary", "null");
	assert_true(cJSON_IsNull(v));
	cJSON_Delete(v);
	v = vft("scenario", "duration_min", "");
	assert_true(cJSON_IsNull(v));
	cJSON_Delete(v);
	v = vft("case", "route", "");
	assert_true(cJSON_IsNull(v));
	cJSON_Delete(v);
	/* Text is kept as typed otherwise. */
	v = vft("threat", "title", "null pointer");
	assert_string_equal(v->valuestring, "null pointer");
	cJSON_Delete(v);
	/* An envelope member cannot be emptied; unknown names are refused. */
	vft_refused("threat", "tlp", "", "may not be null");
	vft_refused("threat", "colour", "red", "unknown");
	vft_refused("entity", "tlp", "RED", "unknown");
	vft_refused("threat", "level", "extreme", "allowed");
}

/* Holes found by review: empty identifiers, NUL escapes, bidi controls, empty required row
 * members, duplicates inside rows, huge numbers, "null" for a list. */
static void review_holes(void **state)
{
	(void)state;
	record_refused("{'kind':'threat','id':'','title':'t','level':'low'}", CODEC_PATCH, "id", "empty");
	record_refused("{'kind':'threat','ports':['']}", CODEC_PATCH, "ports[0]", "empty");
	const char *nul = "{\"kind\":\"threat\",\"title\":\"abc\\u0000def\"}";
	parse_refused(nul, strlen(nul), 4096, "NUL");
	record_refused("{'kind':'threat','title':'pay \u202eFDP.exe'}", CODEC_PATCH, "title", "control");
	record_refused("{'kind':'procedure','steps':[{'n':1,'text_es':'','text_en':'x'}]}", CODEC_PATCH,
		       "steps[0].text_es", "required");
	record_refused("{'kind':'procedure','steps':[{'n':1,'n':2,'text_es':'a','text_en':'x'}]}", CODEC_PATCH,
		       "steps[0].n", "twice");
	record_refused("{'kind':'procedure','version':1e300}", CODEC_PATCH, "version", "outside");
	record_refused("{'kind':'threat','rev':1000000000000000}", CODEC_PATCH, "rev", "outside");
	cJSON *v = vft("threat", "share_with", "null");
	assert_true(cJSON_IsArray(v));
	assert_int_equal(cJSON_GetArraySize(v), 0);
	cJSON_Delete(v);
}

/* ---- codec_check_mutation ------------------------------------------------------------------- */

#define MUT_HEAD "'mutation_id':" U6 ",'id':" U1 ",'base_rev':2,'author':'Ana Quispe','at':'2026-03-02T11:30:00Z','agency':'DIRANDRO'"

static void mutation_refused(const char *sq, const char *need1, const char *need2)
{
	char err[ERRLEN] = "";
	cJSON *m = parse_q(sq);
	int rc = codec_check_mutation(m, err, sizeof err);
	cJSON_Delete(m);
	if (rc != -1)
		fail_msg("mutation accepted: %s", sq);
	assert_contains(err, need1);
	if (need2)
		assert_contains(err, need2);
}

static void mutation_valid_upsert(void **state)
{
	(void)state;
	char err[ERRLEN] = "";
	cJSON *m = parse_q("{" MUT_HEAD ",'kind':'threat','op':'upsert','fields':{"
			   "'title':{'base':'Viejo','new':'Nuevo título'},"
			   "'ports':{'base':['PECLL'],'new':['PE CLL','ec gye']},"
			   "'summary':{'base':'x','new':null}}}");
	assert_ok(codec_check_mutation(m, err, sizeof err), err);
	const cJSON *ports = cJSON_GetObjectItemCaseSensitive(
		cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(m, "fields"), "ports"), "new");
	assert_string_equal(cJSON_GetArrayItem(ports, 0)->valuestring, "PECLL");
	assert_string_equal(cJSON_GetArrayItem(ports, 1)->valuestring, "ECGYE");
	cJSON_Delete(m);

	/* An append to a case log, with its parent. */
	m = parse_q("{" MUT_HEAD ",'kind':'log','parent':" U2 ",'op':'append','fields':{"
		    "'entry':{'new':'note'},'text':{'new':'Contenedor retenido\\nen la puerta'}}}");
	assert_ok(codec_check_mutation(m, err, sizeof err), err);
	cJSON_Delete(m);
}

static void mutation_missing_members(void **state)
{
	(void)state;
	mutation_refused("{'id':" U1 ",'base_rev':0,'author':'a','at':'2026-03-02T11:30:00Z','agency':'DIRANDRO',"
			 "'kind':'threat','op':'upsert','fields':{}}", "mutation_id", "required");
	mutation_refused("{'mutation_id':'nope','id':" U1 ",'base_rev':0,'author':'a','at':'2026-03-02T11:30:00Z',"
			 "'agency':'DIRANDRO','kind':'threat','op':'upsert','fields':{}}", "mutation_id", "UUID");
	mutation_refused("{'mutation_id':" U6 ",'base_rev':0,'author':'a','at':'2026-03-02T11:30:00Z',"
			 "'agency':'DIRANDRO','kind':'threat','op':'upsert','fields':{}}", "id", "required");
	mutation_refused("{" MUT_HEAD ",'kind':'threat','op':'upsert'}", "fields", "required");
	mutation_refused("{'mutation_id':" U6 ",'id':" U1 ",'author':'a','at':'2026-03-02T11:30:00Z',"
			 "'agency':'DIRANDRO','kind':'threat','op':'upsert','fields':{}}", "base_rev", "required");
	mutation_refused("{'mutation_id':" U6 ",'id':" U1 ",'base_rev':-1,'author':'a','at':'2026-03-02T11:30:00Z',"
			 "'agency':'DIRANDRO','kind':'threat','op':'upsert','fields':{}}", "base_rev", "outside");
	mutation_refused("{'mutation_id':" U6 ",'id':" U1 ",'base_rev':0,'author':'a','at':'yesterday',"
			 "'agency':'DIRANDRO','kind':'threat','op':'upsert','fields':{}}", "at", "UTC time");
	mutation_refused("{" MUT_HEAD ",'kind':'vessel','op':'upsert','fields':{}}", "kind", NULL);
	mutation_refused("{" MUT_HEAD ",'op':'upsert','fields':{}}", "kind", NULL);
}

static void mutation_bad_op(void **state)
{
	(void)state;
	mutation_refused("{" MUT_HEAD ",'kind':'threat','op':'merge','fields':{}}", "op", "upsert");
	mutation_refused("{" MUT_HEAD ",'kind':'threat','op':'UPSERT','fields':{}}", "op", NULL);
	mutation_refused("{" MUT_HEAD ",'kind':'threat','fields':{}}", "op", NULL);
	mutation_refused("{" MUT_HEAD ",'kind':'threat','op':1,'fields':{}}", "op", NULL);
}

static void mutation_append_only_kinds(void **state)
{
	(void)state;
	mutation_refused("{" MUT_HEAD ",'kind':'log','parent':" U2 ",'op':'upsert','fields':{'text':{'new':'x'}}}",
			 "op", "appended");
	mutation_refused("{" MUT_HEAD ",'kind':'log','parent':" U2 ",'op':'delete','fields':{}}", "op", "log");
	mutation_refused("{" MUT_HEAD ",'kind':'step','parent':" U5 ",'op':'upsert','fields':{'n':{'new':1}}}",
			 "op", "step");
}

static void mutation_bad_field_change(void **state)
{
	(void)state;
	mutation_refused("{" MUT_HEAD ",'kind':'threat','op':'upsert','fields':{'level':{'base':'high','new':'extreme'}}}",
			 "level", "allowed");
	mutation_refused("{" MUT_HEAD ",'kind':'threat','op':'upsert','fields':{'title':{'new':42}}}", "title", "string");
	mutation_refused("{" MUT_HEAD ",'kind':'threat','op':'upsert','fields':{'title':{'new':'a\\u001b[2J'}}}",
			 "title", "control");
	mutation_refused("{" MUT_HEAD ",'kind':'threat','op':'upsert','fields':{'level':{'base':'bogus','new':'high'}}}",
			 "level", NULL);
	mutation_refused("{" MUT_HEAD ",'kind':'threat','op':'upsert','fields':{'colour':{'new':'red'}}}", "colour", "unknown");
	mutation_refused("{" MUT_HEAD ",'kind':'threat','op':'upsert','fields':{'title':'x'}}", "fields.title", NULL);
	mutation_refused("{" MUT_HEAD ",'kind':'threat','op':'upsert','fields':{'title':{'base':'x'}}}",
			 "fields.title.new", "required");
	mutation_refused("{" MUT_HEAD ",'kind':'threat','op':'upsert','fields':{'id':{'new':" U2 "}}}", "fields.id", "changed");
	mutation_refused("{" MUT_HEAD ",'kind':'threat','op':'upsert','fields':{'rev':{'new':9}}}", "fields.rev", NULL);
	mutation_refused("{" MUT_HEAD ",'kind':'entity','parent':" U2 ",'op':'upsert','fields':{'tlp':{'new':'RED'}}}", "tlp", "entity");
	mutation_refused("{" MUT_HEAD ",'kind':'entity','op':'upsert','fields':{'name':{'new':'x'}}}", "parent", "required");
	mutation_refused("{" MUT_HEAD ",'kind':'threat','parent':" U2 ",'op':'upsert','fields':{}}", "parent", "threat");
	mutation_refused("{" MUT_HEAD ",'kind':'threat','op':'upsert','colour':1,'fields':{}}", "colour", "unknown");
	mutation_refused("{" MUT_HEAD ",'kind':'threat','op':'upsert','fields':{'title':{'base':'x','new':null}}}",
			 "title", "cleared");
	mutation_refused("{" MUT_HEAD ",'kind':'threat','op':'upsert','op':'delete','fields':{}}", "op", "twice");
	mutation_refused("{" MUT_HEAD ",'kind':'threat','op':'upsert','fields':[]}", "fields", "object");
}

/* ---- codec_check_member ------------------------------------------------------------------- */

static void check_member_directly(void **state)
{
	(void)state;
	char err[ERRLEN] = "";
	const struct kind_def *k = model_kind("entity");
	cJSON *v = cJSON_CreateString("CSQU 305438-3");
	assert_ok(codec_check_member(k, "container", v, err, sizeof err), err);
	assert_string_equal(v->valuestring, "CSQU3054383");
	cJSON_Delete(v);
	v = cJSON_CreateString("case");
	assert_int_equal(codec_check_member(k, "kind", v, err, sizeof err), -1);
	assert_contains(err, "kind");
	assert_contains(err, "entity");
	cJSON_Delete(v);
	v = cJSON_CreateNumber(3);
	assert_int_equal(codec_check_member(k, "seal_class", v, err, sizeof err), -1);
	assert_contains(err, "seal_class");
	cJSON_Delete(v);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(roundtrip_threat),
		cmocka_unit_test(roundtrip_case),
		cmocka_unit_test(roundtrip_procedure),
		cmocka_unit_test(roundtrip_technique),
		cmocka_unit_test(roundtrip_bulletin),
		cmocka_unit_test(roundtrip_scenario),
		cmocka_unit_test(roundtrip_entity),
		cmocka_unit_test(roundtrip_log),
		cmocka_unit_test(roundtrip_link),
		cmocka_unit_test(roundtrip_checklist),
		cmocka_unit_test(roundtrip_step),
		cmocka_unit_test(every_kind_has_a_sample),
		cmocka_unit_test(normalises_identifiers),
		cmocka_unit_test(rejects_unknown_kind),
		cmocka_unit_test(rejects_unknown_field),
		cmocka_unit_test(rejects_mistyped_fields),
		cmocka_unit_test(rejects_enum_value),
		cmocka_unit_test(required_in_full_not_in_patch),
		cmocka_unit_test(rejects_overlong_string),
		cmocka_unit_test(parse_rejects_invalid_utf8),
		cmocka_unit_test(rejects_control_characters_in_title),
		cmocka_unit_test(accepts_newline_in_long_text),
		cmocka_unit_test(rejects_c1_controls),
		cmocka_unit_test(malformed_json_reports_position),
		cmocka_unit_test(rejects_trailing_garbage),
		cmocka_unit_test(rejects_deep_nesting),
		cmocka_unit_test(rejects_oversized_document),
		cmocka_unit_test(rejects_duplicate_member),
		cmocka_unit_test(rejects_releasability_on_child),
		cmocka_unit_test(rejects_parent_on_record),
		cmocka_unit_test(rejects_bad_container),
		cmocka_unit_test(rejects_bad_imo),
		cmocka_unit_test(keeps_sql_metacharacters_verbatim),
		cmocka_unit_test(value_from_text_ints),
		cmocka_unit_test(value_from_text_bools),
		cmocka_unit_test(value_from_text_lists),
		cmocka_unit_test(value_from_text_rows),
		cmocka_unit_test(value_from_text_empty_is_null),
		cmocka_unit_test(mutation_valid_upsert),
		cmocka_unit_test(mutation_missing_members),
		cmocka_unit_test(mutation_bad_op),
		cmocka_unit_test(mutation_append_only_kinds),
		cmocka_unit_test(mutation_bad_field_change),
		cmocka_unit_test(review_holes),
		cmocka_unit_test(check_member_directly),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

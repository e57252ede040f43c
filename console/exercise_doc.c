/* exercise_doc.c - see exercise_doc.h. Labels come from a table per language: the report's
 * language is chosen for the document, not taken from the interface's catalogue. */
#include "exercise_doc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum label { L_TITLE, L_SPEED, L_ELAPSED, L_STATE, L_ENDED, L_RUNNING, L_INJECTS, L_INJECT, L_DELIVERED,
	     L_NOT_DELIVERED, L_FIRST, L_NONE, L_TOOK, L_RESPONSES, L_EXPECTED, L_PROCS, L_NO_RUN, L_DONE,
	     L_MISSED, L_TIMELINE, L_COUNT };

static const char *const labels[2][L_COUNT] = {
	{ "Informe posterior al ejercicio", "Velocidad", "Tiempo de ejercicio", "Estado", "terminado",
	  "en curso", "Inyecciones", "Inyección", "Entregada", "no entregada", "Primera respuesta", "ninguna",
	  "tardó", "Respuestas", "Acciones esperadas", "Procedimientos", "no se ejecutó",
	  "pasos hechos", "pasos obligatorios omitidos", "Cronología" },
	{ "After-action report", "Speed", "Exercise time", "State", "ended", "running", "Injects", "Inject",
	  "Delivered", "not delivered", "First response", "none", "took", "Responses", "Expected actions",
	  "Procedures", "not run", "steps done", "mandatory steps missed", "Timeline" },
};

static const char *str(const cJSON *o, const char *name)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, name);
	return cJSON_IsString(v) ? v->valuestring : "";
}

static double num(const cJSON *o, const char *name)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, name);
	return cJSON_IsNumber(v) ? v->valuedouble : 0;
}

/* "1, 2, 5" from an array of numbers. */
static void join_numbers(const cJSON *arr, char *out, size_t n)
{
	out[0] = '\0';
	const cJSON *it;
	cJSON_ArrayForEach(it, arr) {
		size_t len = strlen(out);
		snprintf(out + len, n - len, "%s%d", len ? ", " : "", it->valueint);
	}
}

static void procedures_block(struct doc *d, const char *const *L, const cJSON *procs)
{
	const cJSON *p;
	cJSON_ArrayForEach(p, procs) {
		char done[200], missed[200], line[600];
		join_numbers(cJSON_GetObjectItemCaseSensitive(p, "done"), done, sizeof done);
		join_numbers(cJSON_GetObjectItemCaseSensitive(p, "missed"), missed, sizeof missed);
		if (!*str(p, "run"))
			snprintf(line, sizeof line, "%s: %s", str(p, "code"), L[L_NO_RUN]);
		else
			snprintf(line, sizeof line, "%s: %s [%s]; %s [%s]", str(p, "code"), L[L_DONE], done,
				 L[L_MISSED], missed);
		doc_item(d, line);
	}
}

static void inject_block(struct doc *d, const char *const *L, const cJSON *inj, int es)
{
	char head[300], took[64];
	snprintf(head, sizeof head, "%s %d (+%d min, %s)", L[L_INJECT], (int)num(inj, "n"), (int)num(inj, "offset_min"),
		 str(inj, "channel"));
	doc_heading(d, 2, head);
	doc_para(d, str(inj, es ? "message_es" : "message_en"));
	doc_kv(d, L[L_DELIVERED], *str(inj, "delivered_at") ? str(inj, "delivered_at") : L[L_NOT_DELIVERED]);
	const cJSON *sec = cJSON_GetObjectItemCaseSensitive(inj, "response_sec");
	if (cJSON_IsNumber(sec)) {
		snprintf(took, sizeof took, "%s (%s %d min %02d s)", str(inj, "first_response_at"), L[L_TOOK],
			 (int)sec->valuedouble / 60, (int)sec->valuedouble % 60);
		doc_kv(d, L[L_FIRST], took);
	} else {
		doc_kv(d, L[L_FIRST], L[L_NONE]);
	}
	snprintf(took, sizeof took, "%d", (int)num(inj, "responses"));
	doc_kv(d, L[L_RESPONSES], took);
	const cJSON *exp = cJSON_GetObjectItemCaseSensitive(inj, es ? "expected_es" : "expected_en"), *e;
	if (cJSON_GetArraySize(exp))
		doc_para(d, L[L_EXPECTED]);
	cJSON_ArrayForEach(e, exp)
		doc_item(d, e->valuestring);
	procedures_block(d, L, cJSON_GetObjectItemCaseSensitive(inj, "procedures"));
}

static void timeline_block(struct doc *d, const char *const *L, const cJSON *tl)
{
	doc_heading(d, 1, L[L_TIMELINE]);
	const cJSON *t;
	cJSON_ArrayForEach(t, tl) {
		char line[1200];
		snprintf(line, sizeof line, "%s  %s  %s: %.900s", str(t, "at"), str(t, "who"), str(t, "what"), str(t, "text"));
		doc_item(d, line);
	}
}

char *exercise_doc_render(const cJSON *report, const char *lang, enum doc_format f)
{
	int es = lang && !strcmp(lang, "es");
	const char *const *L = labels[es ? 0 : 1];
	char title[400], v[64];
	snprintf(title, sizeof title, "%s: %s", L[L_TITLE], str(report, es ? "title_es" : "title_en"));
	struct doc *d = doc_new(es ? "es" : "en", title);
	if (!d)
		return NULL;
	doc_set_tlp(d, "GREEN");
	doc_set_exercise(d, 1);
	doc_kv(d, "Código / Code", str(report, "code"));
	snprintf(v, sizeof v, "%dx", (int)num(report, "speed"));
	doc_kv(d, L[L_SPEED], v);
	long el = (long)num(report, "elapsed_sec");
	snprintf(v, sizeof v, "%ld:%02ld", el / 60, el % 60);
	doc_kv(d, L[L_ELAPSED], v);
	doc_kv(d, L[L_STATE], cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(report, "ended")) ? L[L_ENDED] : L[L_RUNNING]);
	doc_heading(d, 1, L[L_INJECTS]);
	const cJSON *inj;
	cJSON_ArrayForEach(inj, cJSON_GetObjectItemCaseSensitive(report, "injects"))
		inject_block(d, L, inj, es);
	timeline_block(d, L, cJSON_GetObjectItemCaseSensitive(report, "timeline"));
	char *out = doc_render(d, f, NULL);
	doc_free(d);
	return out;
}

/* fmt.c - see fmt.h. */
#include "fmt.h"

#include <stdio.h>
#include <string.h>

#include "console/i18n.h"
#include "storage/model.h"
#include "storage/util.h"

/* Marks a string with a context for xgettext (--keyword=NC_:1c,2); the catalogue keys it as
 * "context\004string". */
#define NC_(c, s) c "\004" s

/* Every enumerated value the screens show, in English with spaces, under its context. */
static const char *const labels[] = {
	NC_("threat level", "low"), NC_("threat level", "medium"), NC_("threat level", "high"),
	NC_("threat level", "critical"),
	NC_("threat status", "emerging"), NC_("threat status", "active"), NC_("threat status", "monitoring"),
	NC_("threat status", "closed"),
	NC_("case type", "controlled delivery"), NC_("case type", "seizure"), NC_("case type", "investigation"),
	NC_("case type", "inspection"), NC_("case type", "intelligence"),
	NC_("case status", "open"), NC_("case status", "active"), NC_("case status", "suspended"),
	NC_("case status", "closed"),
	NC_("substitution", "none"), NC_("substitution", "partial"), NC_("substitution", "full"),
	NC_("authorisation", "pending"), NC_("authorisation", "requested"), NC_("authorisation", "granted"),
	NC_("authorisation", "refused"),
	NC_("procedure status", "draft"), NC_("procedure status", "in force"), NC_("procedure status", "withdrawn"),
	NC_("category", "concealment"), NC_("category", "insider"), NC_("category", "documentary"),
	NC_("category", "transport at sea"), NC_("category", "chemical"), NC_("category", "air"),
	NC_("category", "postal"), NC_("category", "person"),
	NC_("modality", "container"), NC_("modality", "vessel"), NC_("modality", "hull"),
	NC_("modality", "person"), NC_("modality", "aircraft"), NC_("modality", "vehicle"),
	NC_("modality", "parcel"),
	NC_("bulletin status", "draft"), NC_("bulletin status", "issued"), NC_("bulletin status", "withdrawn"),
	NC_("entity", "vessel"), NC_("entity", "container"), NC_("entity", "seal"), NC_("entity", "person"),
	NC_("entity", "company"), NC_("entity", "vehicle"),
	NC_("log entry", "note"), NC_("log entry", "action"), NC_("log entry", "handover"),
	NC_("log entry", "seizure"), NC_("log entry", "evidence"), NC_("log entry", "decision"),
	NC_("log entry", "status"),
	NC_("link", "technique"), NC_("link", "threat"), NC_("link", "procedure"), NC_("link", "case"),
	NC_("checklist", "open"), NC_("checklist", "complete"), NC_("checklist", "abandoned"),
	NC_("step", "done"), NC_("step", "skipped"), NC_("step", "na"),
	NC_("share", "local"), NC_("share", "agency"), NC_("share", "listed"), NC_("share", "community"),
	NC_("channel", "alert"), NC_("channel", "threat"), NC_("channel", "case log"), NC_("channel", "message"),
	NC_("channel", "phone"), NC_("channel", "radio"), NC_("channel", "email"),
};

static const struct {
	const char *kind;
	const char *label;
} kinds[] = {
	{ "threat", N_("Threats") }, { "case", N_("Cases") }, { "procedure", N_("Procedures") },
	{ "technique", N_("Dictionary") }, { "bulletin", N_("Bulletins") },
	{ "scenario", N_("Exercise scenarios") }, { "entity", N_("Case entities") },
	{ "log", N_("Case log entries") }, { "link", N_("Case links") }, { "checklist", N_("Checklists") },
	{ "step", N_("Checklist steps") },
};

const char *rec_str(const cJSON *rec, const char *name)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(rec, name);
	return cJSON_IsString(v) ? v->valuestring : "";
}

long rec_int(const cJSON *rec, const char *name, long def)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(rec, name);
	return cJSON_IsNumber(v) ? (long)v->valuedouble : def;
}

const char *rec_title(const cJSON *rec, const char *lang)
{
	const struct kind_def *k = model_kind(rec_str(rec, "kind"));
	const struct field_def *f = k ? model_title_field(k, lang) : NULL;
	return f ? rec_str(rec, f->name) : "";
}

const char *rec_ref(const cJSON *rec)
{
	const struct kind_def *k = model_kind(rec_str(rec, "kind"));
	const struct field_def *f = k ? model_ref_field(k) : NULL;
	return f ? rec_str(rec, f->name) : "";
}

const cJSON *rec_lang(const cJSON *rec, const char *name, const char *lang)
{
	char member[64];
	snprintf(member, sizeof member, "%s_%s", name, lang);
	return cJSON_GetObjectItemCaseSensitive(rec, member);
}

const char *other_lang(const char *lang)
{
	return strcmp(lang, "es") ? "es" : "en";
}

const char *rec_join(const cJSON *rec, const char *name, char *out, size_t n)
{
	const cJSON *it;
	size_t len = 0;
	if (n)
		out[0] = '\0';
	cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(rec, name)) {
		if (!cJSON_IsString(it))
			continue;
		int w = snprintf(out + len, n - len, "%s%s", len ? ", " : "", it->valuestring);
		if (w < 0 || (size_t)w >= n - len)
			break;
		len += (size_t)w;
	}
	return out;
}

const char *fmt_date(const char *iso, char out[11])
{
	snprintf(out, 11, "%.10s", iso && strlen(iso) >= 10 ? iso : "");
	return out;
}

const char *fmt_time(const char *iso, char out[17])
{
	if (iso && strlen(iso) >= 16)
		snprintf(out, 17, "%.10s %.5s", iso, iso + 11);
	else
		snprintf(out, 17, "%s", iso ? iso : "");
	return out;
}

const char *label(const char *ctx, const char *value)
{
	static char ring[8][128];
	static int next;
	char *out = ring[next++ % 8];
	char key[160];
	snprintf(out, 128, "%s", value ? value : "");
	for (char *p = out; *p; p++)
		if (*p == '_')
			*p = ' ';
	snprintf(key, sizeof key, "%s\004%s", ctx, out);
	for (size_t i = 0; i < sizeof labels / sizeof labels[0]; i++)
		if (!strcmp(labels[i], key)) {
			const char *t = gettext(labels[i]);
			return t == labels[i] ? out : t;
		}
	return out;
}

const char *kind_label(const char *kind)
{
	for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
		if (!strcmp(kinds[i].kind, kind))
			return _(kinds[i].label);
	return kind;
}

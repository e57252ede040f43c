/* cli_util.c - see cli_util.h. */
#include "cli_util.h"

#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "net/codec.h"
#include "storage/model.h"
#include "storage/util.h"

void cli_put(FILE *out, const char *s, int keep_newlines)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (keep_newlines && (*p == '\n' || *p == '\t'))
			fputc(*p, out);
		else if (*p < 0x20)
			fprintf(out, "^%c", *p + '@');
		else if (*p == 0x7f)
			fputs("^?", out);
		else if (*p == 0xc2 && p[1] >= 0x80 && p[1] <= 0x9f)
			fprintf(out, "<U+%04X>", p[1]), p++;
		else
			fputc(*p, out);
	}
}

int cli_fail(int code, const char *err)
{
	fputs("portops: ", stderr);
	cli_put(stderr, err, 0);
	fputc('\n', stderr);
	return code;
}

int cli_help(int argc, char **argv, const char *text)
{
	if (argc < 2 || (strcmp(argv[1], "--help") && strcmp(argv[1], "-h")))
		return 0;
	fputs(text, stdout);
	return 1;
}

void cli_print_json(const cJSON *v)
{
	char *s = cJSON_Print(v);
	if (s)
		puts(s);
	free(s);
}

cJSON *cli_record(struct cli *cli, const char *kind, const char *key)
{
	char err[PO_ERRLEN];
	cJSON *rec = store_get(cli->st, kind, key, err, sizeof err);
	if (!rec)
		cli_fail(EXIT_REFUSED, err);
	return rec;
}

int cli_set(const struct kind_def *k, cJSON *obj, const char *assignment)
{
	const char *eq = strchr(assignment, '=');
	char err[PO_ERRLEN];
	if (!eq || eq == assignment) {
		snprintf(err, sizeof err, _("--set takes FIELD=VALUE, not '%s'"), assignment);
		cli_fail(EXIT_USAGE, err);
		return -1;
	}
	char *name = strndup(assignment, (size_t)(eq - assignment));
	cJSON *v = name ? codec_value_from_text(k, name, eq + 1, err, sizeof err) : NULL;
	if (!v) {
		cli_fail(EXIT_REFUSED, name ? err : "out of memory");
		free(name);
		return -1;
	}
	cJSON_DeleteItemFromObjectCaseSensitive(obj, name);
	cJSON_AddItemToObject(obj, name, v);
	free(name);
	return 0;
}

const char *cli_str(const cJSON *rec, const char *name)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(rec, name);
	return cJSON_IsString(v) ? v->valuestring : "";
}

void cli_summary(FILE *out, const cJSON *rec)
{
	const struct kind_def *k = model_kind(cli_str(rec, "kind"));
	if (!k)
		return;
	const struct field_def *rf = model_ref_field(k), *tf = model_title_field(k, i18n_lang());
	const char *ref = rf ? cli_str(rec, rf->name) : "";
	char shortid[9];
	po_strlcpy(shortid, cli_str(rec, "id"), sizeof shortid);
	cli_put(out, *ref ? ref : shortid, 0);
	const char *state = *cli_str(rec, "status") ? cli_str(rec, "status") : cli_str(rec, "level");
	if (!strcmp(k->name, "log"))
		state = cli_str(rec, "entry");
	if (*state)
		fprintf(out, "  [%s]", state);
	fputs("  ", out);
	const char *title = tf ? cli_str(rec, tf->name) : "";
	if (!strcmp(k->name, "entity")) { /* an entity is known by its name or its identifier */
		static const char *const ids[] = { "name", "container", "seal_number", "imo", "mmsi", "call_sign" };
		fprintf(out, "%s ", cli_str(rec, "type"));
		for (size_t i = 0; i < sizeof ids / sizeof *ids && !*title; i++)
			title = cli_str(rec, ids[i]);
	}
	cli_put(out, title, 0);
	fputc('\n', out);
}

/* A JSON value as one line of text: strings bare, lists joined by ", ". */
static void put_value(FILE *out, const cJSON *v)
{
	if (cJSON_IsString(v)) {
		cli_put(out, v->valuestring, 1);
	} else if (cJSON_IsArray(v) && (!v->child || cJSON_IsString(v->child))) {
		const cJSON *it;
		cJSON_ArrayForEach(it, v) {
			cli_put(out, it->valuestring ? it->valuestring : "", 1);
			if (it->next)
				fputs(", ", out);
		}
	} else {
		char *s = cJSON_PrintUnformatted(v);
		cli_put(out, s ? s : "", 0);
		free(s);
	}
}

void cli_print_record(FILE *out, const cJSON *rec, const char *indent)
{
	const cJSON *m;
	cJSON_ArrayForEach(m, rec) {
		if (cJSON_IsArray(m) && !m->child)
			continue;
		fprintf(out, "%s%-18s ", indent, m->string);
		put_value(out, m);
		fputc('\n', out);
	}
}

cJSON *cli_read_object(const char *path)
{
	char err[PO_ERRLEN];
	size_t len;
	char *text = po_read_file(path, CODEC_MAX_RECORD, &len, err, sizeof err);
	if (!text) {
		cli_fail(EXIT_STORE, err);
		return NULL;
	}
	cJSON *obj = codec_parse(text, len, CODEC_MAX_RECORD, err, sizeof err);
	free(text);
	if (obj && !cJSON_IsObject(obj)) {
		cJSON_Delete(obj);
		obj = NULL;
		po_err(err, sizeof err, "%s", _("expected a JSON object"));
	}
	if (!obj)
		cli_fail(EXIT_REFUSED, err);
	return obj;
}

/* test_assets.c - checks of the reference assets (assets/) and of loading them into a store.
 *
 * The tests run from the repository root (tests/run.sh changes there), so the assets are found
 * through PORTOPS_ASSETS=assets. No record id or count is hard-coded beyond the minimum numbers of
 * techniques, procedures and scenarios: ids are checked for shape, uniqueness and stability, and
 * every cross-reference is resolved against the assets themselves. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "net/codec.h"
#include "storage/ident.h"
#include "storage/model.h"
#include "storage/refdata.h"
#include "storage/search.h"
#include "storage/store.h"
#include "storage/util.h"

#define ASSETS "assets"
#define ERRLEN 512

#define assert_contains(haystack, needle)                                                          \
	do {                                                                                       \
		if (strstr((haystack), (needle)) == NULL)                                          \
			fail_msg("'%s' does not contain '%s'", (haystack), (needle));              \
	} while (0)

/* ---- loading the records ------------------------------------------------------------------ */

/* refdata_records callback: keeps a copy of each record in the array arg. */
static int collect(cJSON *rec, void *arg)
{
	cJSON *copy = cJSON_Duplicate(rec, 1);
	if (!copy)
		return 1;
	cJSON_AddItemToArray(arg, copy);
	return 0;
}

/* Loads every reference record into a new array (caller deletes); fails the test on error. */
static cJSON *load_records(int *count)
{
	char err[ERRLEN] = "";
	cJSON *arr = cJSON_CreateArray();
	assert_non_null(arr);
	int n = refdata_records(collect, arr, err, sizeof err);
	if (n < 0)
		fail_msg("refdata_records: %s", err);
	assert_string_equal(err, "");
	assert_int_equal(n, cJSON_GetArraySize(arr));
	if (count)
		*count = n;
	return arr;
}

static const char *str_of(const cJSON *obj, const char *name)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, name);
	return cJSON_IsString(v) ? v->valuestring : NULL;
}

static const char *kind_of(const cJSON *rec)
{
	const char *k = str_of(rec, "kind");
	assert_non_null(k);
	return k;
}

/* The record's reference ("code" for the reference kinds), for messages. */
static const char *code_of(const cJSON *rec)
{
	const char *c = str_of(rec, "code");
	return c ? c : "?";
}

static int count_kind(const cJSON *all, const char *kind)
{
	int n = 0;
	const cJSON *r;
	cJSON_ArrayForEach(r, all)
		if (strcmp(kind_of(r), kind) == 0)
			n++;
	return n;
}

/* Non-zero when some record of kind has the string value s in member name. */
static int has_value(const cJSON *all, const char *kind, const char *name, const char *s)
{
	const cJSON *r;
	cJSON_ArrayForEach(r, all) {
		const char *v = str_of(r, name);
		if (strcmp(kind_of(r), kind) == 0 && v && strcmp(v, s) == 0)
			return 1;
	}
	return 0;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Sorted "id code" lines of all records, as one malloc'd string. */
static char *id_set(const cJSON *all)
{
	int n = cJSON_GetArraySize(all);
	char **lines = calloc((size_t)n, sizeof *lines);
	assert_non_null(lines);
	size_t total = 1;
	for (int i = 0; i < n; i++) {
		const cJSON *r = cJSON_GetArrayItem(all, i);
		size_t len = strlen(str_of(r, "id")) + strlen(code_of(r)) + 3;
		lines[i] = malloc(len);
		assert_non_null(lines[i]);
		snprintf(lines[i], len, "%s %s\n", str_of(r, "id"), code_of(r));
		total += len;
	}
	qsort(lines, (size_t)n, sizeof *lines, cmp_str);
	char *out = malloc(total);
	assert_non_null(out);
	out[0] = '\0';
	for (int i = 0; i < n; i++) {
		strcat(out, lines[i]);
		free(lines[i]);
	}
	free(lines);
	return out;
}

/* ---- the asset tables --------------------------------------------------------------------- */

/* Splits line in place at sep into at most max fields; returns the count. */
static int split(char *line, char sep, char **f, int max)
{
	int n = 0;
	char *p = line;
	while (n < max) {
		f[n++] = p;
		char *e = strchr(p, sep);
		if (!e)
			break;
		*e = '\0';
		p = e + 1;
	}
	return n;
}

static FILE *open_asset(const char *name)
{
	char path[512];
	snprintf(path, sizeof path, "%s/%s", ASSETS, name);
	FILE *f = fopen(path, "r");
	if (!f)
		fail_msg("cannot open %s", path);
	return f;
}

/* The locodes of ports.csv, as a NULL-terminated malloc'd array of malloc'd strings. */
static char **port_codes(void)
{
	FILE *f = open_asset("ports.csv");
	char line[512];
	int n = 0;
	char **codes = calloc(256, sizeof *codes);
	assert_non_null(codes);
	assert_non_null(fgets(line, sizeof line, f)); /* header */
	while (fgets(line, sizeof line, f) && n < 255) {
		line[strcspn(line, "\r\n")] = '\0';
		if (!*line || *line == '#')
			continue;
		char *fields[8];
		split(line, ',', fields, 8);
		codes[n++] = strdup(fields[0]);
	}
	fclose(f);
	return codes;
}

static int in_list(char **list, const char *s)
{
	for (int i = 0; list[i]; i++)
		if (strcmp(list[i], s) == 0)
			return 1;
	return 0;
}

static void free_list(char **list)
{
	for (int i = 0; list[i]; i++)
		free(list[i]);
	free(list);
}

/* Country of MID mid in mid.tsv into out; 0 when listed, -1 when not. */
static int mid_of(int mid, char *out, size_t outlen)
{
	FILE *f = open_asset("mid.tsv");
	char line[512];
	int found = -1;
	while (found < 0 && fgets(line, sizeof line, f)) {
		line[strcspn(line, "\r\n")] = '\0';
		if (!*line || *line == '#')
			continue;
		char *fields[4];
		if (split(line, '\t', fields, 4) >= 2 && atoi(fields[0]) == mid) {
			snprintf(out, outlen, "%s", fields[1]);
			found = 0;
		}
	}
	fclose(f);
	return found;
}

/* ---- records: parsing, counts, ids -------------------------------------------------------- */

static void records_parse_with_codec(void **state)
{
	(void)state;
	int n = 0;
	cJSON *all = load_records(&n);
	assert_true(n > 0);
	int tech = count_kind(all, "technique"), proc = count_kind(all, "procedure"), scen = count_kind(all, "scenario");
	if (tech < 16 || proc < 9 || scen < 3)
		fail_msg("%d techniques, %d procedures, %d scenarios", tech, proc, scen);
	/* Only the three reference kinds, in file order: techniques, procedures, scenarios. */
	assert_int_equal(tech + proc + scen, n);
	int phase = 0;
	const cJSON *r;
	cJSON_ArrayForEach(r, all) {
		const char *k = kind_of(r);
		int p = !strcmp(k, "technique") ? 0 : !strcmp(k, "procedure") ? 1 : 2;
		if (p < phase)
			fail_msg("%s %s is out of file order", k, code_of(r));
		phase = p;
	}
	/* Each record still passes the codec when checked again (normalisation is stable). */
	char err[ERRLEN] = "";
	cJSON_ArrayForEach(r, all) {
		cJSON *copy = cJSON_Duplicate(r, 1);
		if (codec_check_record(copy, CODEC_FULL, err, sizeof err) != 0)
			fail_msg("%s: %s", code_of(r), err);
		assert_true(cJSON_Compare(copy, r, 1));
		cJSON_Delete(copy);
	}
	cJSON_Delete(all);
}

static int refuse_third(cJSON *rec, void *arg)
{
	(void)rec;
	return ++*(int *)arg == 3;
}

static void refdata_records_reports_problems(void **state)
{
	(void)state;
	char err[ERRLEN] = "";
	/* A callback that refuses stops the walk with the file and record named. */
	int calls = 0;
	assert_int_equal(refdata_records(refuse_third, &calls, err, sizeof err), -1);
	assert_int_equal(calls, 3);
	assert_contains(err, "techniques.json");
	assert_contains(err, "record 3");

	/* A bad record in an asset file is reported with the file, the record and the member. */
	char dir[] = "/tmp/portops-assets-XXXXXX";
	assert_non_null(mkdtemp(dir));
	char path[512];
	snprintf(path, sizeof path, "%s/techniques.json", dir);
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs("[{\"id\":\"0b6c1f7e-8d2a-4c3b-9e4f-5a6b7c8d9e01\",\"kind\":\"technique\",\"owner\":\"REF\","
	      "\"tlp\":\"CLEAR\",\"share\":\"community\",\"code\":\"TEC-A\",\"term_es\":\"a\",\"term_en\":\"a\","
	      "\"category\":\"air\",\"modality\":\"aircraft\",\"description_es\":\"d\",\"description_en\":\"d\"},\n"
	      " {\"id\":\"1c7d2a8f-9e3b-4d4c-8f5a-6b7c8d9e0f12\",\"kind\":\"technique\",\"owner\":\"REF\","
	      "\"tlp\":\"CLEAR\",\"share\":\"community\",\"code\":\"TEC-B\",\"term_es\":\"b\","
	      "\"category\":\"air\",\"modality\":\"aircraft\",\"description_es\":\"d\",\"description_en\":\"d\"}]\n", f);
	fclose(f);
	setenv("PORTOPS_ASSETS", dir, 1);
	cJSON *arr = cJSON_CreateArray();
	int rc = refdata_records(collect, arr, err, sizeof err);
	setenv("PORTOPS_ASSETS", ASSETS, 1);
	unlink(path);
	rmdir(dir);
	assert_int_equal(rc, -1);
	assert_int_equal(cJSON_GetArraySize(arr), 1);
	cJSON_Delete(arr);
	assert_contains(err, "techniques.json");
	assert_contains(err, "record 2");
	assert_contains(err, "term_en");
}

/* Non-zero when s is a lower-case UUID version 4 (RFC 4122 variant). */
static int uuid_v4(const char *s)
{
	if (strlen(s) != 36)
		return 0;
	for (int i = 0; i < 36; i++) {
		char c = s[i];
		if (i == 8 || i == 13 || i == 18 || i == 23) {
			if (c != '-')
				return 0;
		} else if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
			return 0;
		}
	}
	return s[14] == '4' && strchr("89ab", s[19]) != NULL;
}

static void ids_unique_and_well_formed(void **state)
{
	(void)state;
	cJSON *all = load_records(NULL);
	int n = cJSON_GetArraySize(all);
	for (int i = 0; i < n; i++) {
		const cJSON *r = cJSON_GetArrayItem(all, i);
		const char *id = str_of(r, "id");
		assert_non_null(id);
		if (!uuid_v4(id))
			fail_msg("%s: id %s is not a lower-case UUID v4", code_of(r), id);
		const char *owner = str_of(r, "owner"), *share = str_of(r, "share");
		if (!owner || strcmp(owner, REF_OWNER) != 0)
			fail_msg("%s: owner is %s, not " REF_OWNER, code_of(r), owner ? owner : "(none)");
		if (!share || strcmp(share, "community") != 0)
			fail_msg("%s: share is %s, not community", code_of(r), share ? share : "(none)");
		for (int j = 0; j < i; j++)
			if (strcmp(str_of(cJSON_GetArrayItem(all, j), "id"), id) == 0)
				fail_msg("id %s is used by %s and %s", id, code_of(cJSON_GetArrayItem(all, j)), code_of(r));
	}
	/* The files themselves hold the ids in that normal form (the codec would lower-case them). */
	static const char *const files[] = { "techniques.json", "procedures.json", "scenarios.json" };
	int at = 0;
	for (size_t i = 0; i < sizeof files / sizeof *files; i++) {
		char path[256], err[ERRLEN] = "";
		snprintf(path, sizeof path, "%s/%s", ASSETS, files[i]);
		size_t len;
		char *text = po_read_file(path, CODEC_MAX_DOCUMENT, &len, err, sizeof err);
		if (!text)
			fail_msg("%s", err);
		cJSON *raw = cJSON_ParseWithLength(text, len);
		free(text);
		assert_non_null(raw);
		const cJSON *r;
		cJSON_ArrayForEach(r, raw) {
			const char *loaded = str_of(cJSON_GetArrayItem(all, at++), "id");
			assert_non_null(loaded);
			if (strcmp(str_of(r, "id"), loaded) != 0)
				fail_msg("%s: id %s is written as %s", files[i], loaded, str_of(r, "id"));
		}
		cJSON_Delete(raw);
	}
	assert_int_equal(at, n);
	cJSON_Delete(all);
}

static void codes_unique_per_kind(void **state)
{
	(void)state;
	cJSON *all = load_records(NULL);
	int n = cJSON_GetArraySize(all);
	for (int i = 0; i < n; i++) {
		const cJSON *r = cJSON_GetArrayItem(all, i);
		const struct kind_def *k = model_kind(kind_of(r));
		const struct field_def *ref = model_ref_field(k);
		assert_non_null(ref);
		const char *code = str_of(r, ref->name);
		if (!code || !*code)
			fail_msg("a %s has no %s", k->name, ref->name);
		for (int j = 0; j < i; j++) {
			const cJSON *o = cJSON_GetArrayItem(all, j);
			if (strcmp(kind_of(o), k->name) == 0 && strcmp(str_of(o, ref->name), code) == 0)
				fail_msg("two %ss have the %s %s", k->name, ref->name, code);
		}
	}
	cJSON_Delete(all);
}

static void ids_stable_across_loads(void **state)
{
	(void)state;
	cJSON *first = load_records(NULL);
	cJSON *second = load_records(NULL);
	char *a = id_set(first), *b = id_set(second);
	assert_true(strlen(a) > 0);
	assert_string_equal(a, b);
	/* Not only the ids: the whole records come out the same. */
	assert_true(cJSON_Compare(first, second, 1));
	free(a);
	free(b);
	cJSON_Delete(first);
	cJSON_Delete(second);
}

/* ---- cross-references --------------------------------------------------------------------- */

static void technique_related_resolve(void **state)
{
	(void)state;
	cJSON *all = load_records(NULL);
	int checked = 0;
	const cJSON *r;
	cJSON_ArrayForEach(r, all) {
		if (strcmp(kind_of(r), "technique") != 0)
			continue;
		const cJSON *rel = cJSON_GetObjectItemCaseSensitive(r, "related");
		const cJSON *it;
		cJSON_ArrayForEach(it, rel) {
			if (!has_value(all, "technique", "id", it->valuestring))
				fail_msg("%s: related %s is not a technique", code_of(r), it->valuestring);
			if (strcmp(it->valuestring, str_of(r, "id")) == 0)
				fail_msg("%s is related to itself", code_of(r));
			for (const cJSON *o = rel->child; o != it; o = o->next)
				if (strcmp(o->valuestring, it->valuestring) == 0)
					fail_msg("%s: related %s twice", code_of(r), it->valuestring);
			checked++;
		}
	}
	assert_true(checked > 0);
	cJSON_Delete(all);
}

static void scenario_procedures_resolve(void **state)
{
	(void)state;
	cJSON *all = load_records(NULL);
	int checked = 0;
	const cJSON *r;
	cJSON_ArrayForEach(r, all) {
		if (strcmp(kind_of(r), "scenario") != 0)
			continue;
		const cJSON *inj;
		cJSON_ArrayForEach(inj, cJSON_GetObjectItemCaseSensitive(r, "injects")) {
			const cJSON *p;
			cJSON_ArrayForEach(p, cJSON_GetObjectItemCaseSensitive(inj, "procedures")) {
				if (!has_value(all, "procedure", "code", p->valuestring))
					fail_msg("%s inject %d: no procedure %s", code_of(r),
						 cJSON_GetObjectItemCaseSensitive(inj, "n")->valueint, p->valuestring);
				checked++;
			}
		}
	}
	assert_true(checked > 0);
	cJSON_Delete(all);
}

static void ports_resolve(void **state)
{
	(void)state;
	cJSON *all = load_records(NULL);
	char **ports = port_codes();
	assert_non_null(ports[0]);
	int checked = 0;
	const cJSON *r;
	cJSON_ArrayForEach(r, all) {
		/* Threats and scenarios carry ports; any kind with a ports field is checked. */
		const cJSON *it;
		cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(r, "ports")) {
			if (!in_list(ports, it->valuestring))
				fail_msg("%s: port %s is not in ports.csv", code_of(r), it->valuestring);
			checked++;
		}
	}
	assert_true(checked > 0);
	free_list(ports);
	cJSON_Delete(all);
}

static void steps_and_injects_in_order(void **state)
{
	(void)state;
	cJSON *all = load_records(NULL);
	int procs = 0, scens = 0;
	const cJSON *r;
	cJSON_ArrayForEach(r, all) {
		const char *k = kind_of(r);
		if (strcmp(k, "procedure") == 0) {
			int want = 1;
			const cJSON *s;
			cJSON_ArrayForEach(s, cJSON_GetObjectItemCaseSensitive(r, "steps")) {
				int n = cJSON_GetObjectItemCaseSensitive(s, "n")->valueint;
				if (n != want)
					fail_msg("%s: step %d where %d was expected", code_of(r), n, want);
				want++;
			}
			assert_true(want > 1);
			procs++;
		} else if (strcmp(k, "scenario") == 0) {
			int want = 1, last = 0;
			int duration = cJSON_GetObjectItemCaseSensitive(r, "duration_min")->valueint;
			const cJSON *inj;
			cJSON_ArrayForEach(inj, cJSON_GetObjectItemCaseSensitive(r, "injects")) {
				int n = cJSON_GetObjectItemCaseSensitive(inj, "n")->valueint;
				int off = cJSON_GetObjectItemCaseSensitive(inj, "offset_min")->valueint;
				if (n != want)
					fail_msg("%s: inject %d where %d was expected", code_of(r), n, want);
				if (off < last || off > duration)
					fail_msg("%s: inject %d at minute %d (previous %d, duration %d)", code_of(r), n,
						 off, last, duration);
				last = off;
				want++;
			}
			assert_true(want > 1);
			scens++;
		}
	}
	assert_true(procs > 0 && scens > 0);
	cJSON_Delete(all);
}

/* ---- bilingual pairs ---------------------------------------------------------------------- */

/* Non-zero when s has something other than white space. */
static int filled(const char *s)
{
	for (; s && *s; s++)
		if (*s != ' ' && *s != '\t' && *s != '\n')
			return 1;
	return 0;
}

/* Checks every bilingual pair of fields in obj (a record or a row); where names the object. */
static void check_pairs(const char *where, const struct field_def *fields, const cJSON *obj, int *pairs)
{
	for (const struct field_def *f = fields; f->name; f++) {
		if (f->type == FT_ROWS) {
			int i = 0;
			const cJSON *row;
			cJSON_ArrayForEach(row, cJSON_GetObjectItemCaseSensitive(obj, f->name)) {
				char sub[200];
				snprintf(sub, sizeof sub, "%s %s[%d]", where, f->name, i++);
				check_pairs(sub, f->rows, row, pairs);
			}
			continue;
		}
		if (!(f->flags & (FF_ES | FF_EN)))
			continue;
		/* The model pairs name_es with name_en, same type. */
		size_t len = strlen(f->name);
		const char *mine = (f->flags & FF_ES) ? "_es" : "_en", *other = (f->flags & FF_ES) ? "_en" : "_es";
		if (len < 4 || strcmp(f->name + len - 3, mine) != 0)
			fail_msg("%s: bilingual field %s does not end in %s", where, f->name, mine);
		char twin[64];
		snprintf(twin, sizeof twin, "%.*s%s", (int)(len - 3), f->name, other);
		const struct field_def *t = model_field(fields, twin);
		if (!t || !(t->flags & ((f->flags & FF_ES) ? FF_EN : FF_ES)) || t->type != f->type)
			fail_msg("%s: %s has no matching %s in the model", where, f->name, twin);
		if (!(f->flags & FF_ES))
			continue; /* each pair once, from its Spanish side */
		const cJSON *es = cJSON_GetObjectItemCaseSensitive(obj, f->name);
		const cJSON *en = cJSON_GetObjectItemCaseSensitive(obj, twin);
		if (!es && !en)
			continue;
		if (!es || !en)
			fail_msg("%s: %s without %s", where, es ? f->name : twin, es ? twin : f->name);
		if (f->type == FT_TEXT) {
			if (!filled(es->valuestring) || !filled(en->valuestring))
				fail_msg("%s: %s or %s is empty", where, f->name, twin);
		} else if (f->type == FT_LIST) {
			int n = cJSON_GetArraySize(es);
			if (n == 0 || n != cJSON_GetArraySize(en))
				fail_msg("%s: %s has %d items, %s has %d", where, f->name, n, twin, cJSON_GetArraySize(en));
			for (int i = 0; i < n; i++)
				if (!filled(cJSON_GetArrayItem(es, i)->valuestring) ||
				    !filled(cJSON_GetArrayItem(en, i)->valuestring))
					fail_msg("%s: %s[%d] or %s[%d] is empty", where, f->name, i, twin, i);
		} else {
			fail_msg("%s: bilingual field %s is neither text nor a list", where, f->name);
		}
		(*pairs)++;
	}
}

static void bilingual_pairs_complete(void **state)
{
	(void)state;
	cJSON *all = load_records(NULL);
	int pairs = 0;
	const cJSON *r;
	cJSON_ArrayForEach(r, all) {
		const struct kind_def *k = model_kind(kind_of(r));
		char where[120];
		snprintf(where, sizeof where, "%s %s", k->name, code_of(r));
		check_pairs(where, k->fields, r, &pairs);
	}
	/* Every record has at least its two titles. */
	assert_true(pairs > 2 * cJSON_GetArraySize(all));
	cJSON_Delete(all);
}

/* ---- identifiers in free text ------------------------------------------------------------- */

struct idscan {
	int containers, imos, mmsis;
	const char *where;
};

static int is_up(char c) { return c >= 'A' && c <= 'Z'; }
static int is_dig(char c) { return c >= '0' && c <= '9'; }
static int is_alnum(char c) { return is_up(c) || is_dig(c) || (c >= 'a' && c <= 'z'); }

static int all_digits(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!is_dig(s[i]))
			return 0;
	return 1;
}

/* Validates each identifier-looking token of text s. */
static void scan_text(const char *s, struct idscan *sc)
{
	char buf[64], out[64], why[200];
	const char *p = s;
	while (*p) {
		if (!is_alnum(*p)) {
			p++;
			continue;
		}
		const char *start = p;
		while (is_alnum(*p))
			p++;
		size_t n = (size_t)(p - start);
		/* Container: 4 letters + 7 digits, or the spaced form "ABCU 123456 7". */
		if (n == 11 && is_up(start[0]) && is_up(start[1]) && is_up(start[2]) && is_up(start[3]) &&
		    all_digits(start + 4, 7)) {
			snprintf(buf, sizeof buf, "%.*s", (int)n, start);
			if (ident_container(buf, out, sizeof out, NULL, why, sizeof why) != 0)
				fail_msg("%s: container %s: %s", sc->where, buf, why);
			sc->containers++;
		} else if (n == 4 && is_up(start[0]) && is_up(start[1]) && is_up(start[2]) && is_up(start[3]) &&
			   p[0] == ' ' && all_digits(p + 1, 6) && p[7] == ' ' && is_dig(p[8]) && !is_alnum(p[9])) {
			snprintf(buf, sizeof buf, "%.13s", start);
			if (ident_container(buf, out, sizeof out, NULL, why, sizeof why) != 0)
				fail_msg("%s: container %s: %s", sc->where, buf, why);
			sc->containers++;
			p += 9;
		}
		/* IMO number: "IMO 1234567" or "IMO1234567". */
		else if (n == 3 && strncmp(start, "IMO", 3) == 0 && p[0] == ' ' && is_dig(p[1])) {
			const char *d = p + 1;
			size_t dn = 0;
			while (is_alnum(d[dn]))
				dn++;
			snprintf(buf, sizeof buf, "IMO %.*s", (int)(dn < 20 ? dn : 20), d);
			if (ident_imo(buf, out, sizeof out, NULL, why, sizeof why) != 0)
				fail_msg("%s: %s: %s", sc->where, buf, why);
			sc->imos++;
			p = d + dn;
		} else if (n == 10 && strncmp(start, "IMO", 3) == 0 && all_digits(start + 3, 7)) {
			snprintf(buf, sizeof buf, "%.10s", start);
			if (ident_imo(buf, out, sizeof out, NULL, why, sizeof why) != 0)
				fail_msg("%s: %s: %s", sc->where, buf, why);
			sc->imos++;
		}
		/* Whatever follows "MMSI" must be one. */
		else if (n == 4 && strncmp(start, "MMSI", 4) == 0 && p[0] == ' ' && is_dig(p[1])) {
			const char *d = p + 1;
			size_t dn = 0;
			while (is_alnum(d[dn]))
				dn++;
			snprintf(buf, sizeof buf, "%.*s", (int)(dn < 20 ? dn : 20), d);
			if (ident_mmsi(buf, out, sizeof out, NULL, NULL, why, sizeof why) != 0)
				fail_msg("%s: MMSI %s: %s", sc->where, buf, why);
			/* the digits themselves are checked as a token of their own next */
		}
		/* MMSI: nine digits standing alone; a ship's MID must be allocated in mid.tsv. */
		else if (n == 9 && all_digits(start, 9)) {
			int mid = 0;
			char station = 0, country[100];
			snprintf(buf, sizeof buf, "%.9s", start);
			if (ident_mmsi(buf, out, sizeof out, &mid, &station, why, sizeof why) != 0)
				fail_msg("%s: MMSI %s: %s", sc->where, buf, why);
			if (station == 's' && mid_of(mid, country, sizeof country) != 0)
				fail_msg("%s: MMSI %s has the unallocated MID %d", sc->where, buf, mid);
			sc->mmsis++;
		}
	}
}

/* Scans the free-text members (text and lists without an identifier check, and those of rows). */
static void scan_fields(const struct field_def *fields, const cJSON *obj, struct idscan *sc)
{
	for (const struct field_def *f = fields; f->name; f++) {
		const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, f->name);
		if (!v || f->check != CK_NONE)
			continue;
		const cJSON *it;
		if (f->type == FT_TEXT && cJSON_IsString(v))
			scan_text(v->valuestring, sc);
		else if (f->type == FT_LIST)
			cJSON_ArrayForEach(it, v)
				scan_text(it->valuestring, sc);
		else if (f->type == FT_ROWS)
			cJSON_ArrayForEach(it, v)
				scan_fields(f->rows, it, sc);
	}
}

static void free_text_identifiers_valid(void **state)
{
	(void)state;
	cJSON *all = load_records(NULL);
	struct idscan sc = { 0, 0, 0, NULL };
	struct idscan scen = { 0, 0, 0, NULL };
	const cJSON *r;
	cJSON_ArrayForEach(r, all) {
		int is_scen = strcmp(kind_of(r), "scenario") == 0;
		struct idscan *s = is_scen ? &scen : &sc;
		s->where = code_of(r);
		scan_fields(model_kind(kind_of(r))->fields, r, s);
	}
	/* The scenarios name containers, vessels by IMO number, and MMSIs. */
	if (scen.containers == 0 || scen.imos == 0 || scen.mmsis == 0)
		fail_msg("scenarios: %d containers, %d IMO numbers, %d MMSIs found", scen.containers, scen.imos,
			 scen.mmsis);
	cJSON_Delete(all);

	/* The scanner itself catches a bad identifier. */
	assert_int_equal(ident_container("CSQU3054384", NULL, 0, NULL, NULL, 0), -1);
}

/* ---- ports.csv and mid.tsv ---------------------------------------------------------------- */

static void ports_csv_valid(void **state)
{
	(void)state;
	FILE *f = open_asset("ports.csv");
	char line[512];
	assert_non_null(fgets(line, sizeof line, f));
	line[strcspn(line, "\r\n")] = '\0';
	assert_string_equal(line, "locode,name,country,region,of_interest,isps_level");
	int rows = 0, interest = 0;
	while (fgets(line, sizeof line, f)) {
		line[strcspn(line, "\r\n")] = '\0';
		if (!*line || *line == '#')
			continue;
		char *fl[8], out[16], why[200];
		int n = split(line, ',', fl, 8);
		if (n != 6)
			fail_msg("ports.csv: %s: %d fields, not 6", fl[0], n);
		if (ident_locode(fl[0], out, sizeof out, why, sizeof why) != 0)
			fail_msg("ports.csv: %s: %s", fl[0], why);
		assert_string_equal(out, fl[0]); /* stored in normal form */
		if (strncmp(fl[0], fl[2], 2) != 0 || strlen(fl[2]) != 2)
			fail_msg("ports.csv: %s is listed in country %s", fl[0], fl[2]);
		if (!*fl[1] || !*fl[3])
			fail_msg("ports.csv: %s has no name or region", fl[0]);
		if (strcmp(fl[4], "0") != 0 && strcmp(fl[4], "1") != 0)
			fail_msg("ports.csv: %s: of_interest is %s", fl[0], fl[4]);
		if (strlen(fl[5]) != 1 || fl[5][0] < '1' || fl[5][0] > '3')
			fail_msg("ports.csv: %s: isps_level is %s", fl[0], fl[5]);
		interest += fl[4][0] == '1';
		rows++;
	}
	fclose(f);
	assert_true(rows > 0);
	assert_true(interest > 0);
	/* No locode twice. */
	char **codes = port_codes();
	for (int i = 0; codes[i]; i++)
		for (int j = 0; j < i; j++)
			if (strcmp(codes[i], codes[j]) == 0)
				fail_msg("ports.csv lists %s twice", codes[i]);
	free_list(codes);
}

static void expect_mid(int mid, const char *country)
{
	char out[100];
	if (mid_of(mid, out, sizeof out) != 0)
		fail_msg("mid.tsv has no MID %d", mid);
	if (strcmp(out, country) != 0)
		fail_msg("mid.tsv: MID %d is %s, not %s", mid, out, country);
}

static void mid_tsv_countries(void **state)
{
	(void)state;
	expect_mid(760, "Peru");
	expect_mid(735, "Ecuador");
	expect_mid(730, "Colombia");
	expect_mid(327, "Dominican Republic");
	for (int m = 351; m <= 357; m++)
		expect_mid(m, "Panama");
	for (int m = 370; m <= 374; m++)
		expect_mid(m, "Panama");
	/* Every line is a MID (200-799, listed once) and a country name. */
	FILE *f = open_asset("mid.tsv");
	char line[512];
	static char seen[800];
	memset(seen, 0, sizeof seen);
	int rows = 0;
	while (fgets(line, sizeof line, f)) {
		line[strcspn(line, "\r\n")] = '\0';
		if (!*line || *line == '#')
			continue;
		char *fl[4];
		int n = split(line, '\t', fl, 4);
		int mid = atoi(fl[0]);
		if (n != 2 || strlen(fl[0]) != 3 || mid < 200 || mid > 799 || !*fl[1])
			fail_msg("mid.tsv: bad line '%s'", fl[0]);
		if (seen[mid]++)
			fail_msg("mid.tsv lists %d twice", mid);
		rows++;
	}
	fclose(f);
	assert_true(rows > 200);
	/* A MID that is not allocated is absent. */
	char out[100];
	assert_int_equal(mid_of(799, out, sizeof out), -1);
}

/* ---- loading into a store and searching --------------------------------------------------- */

struct fixture {
	char dir[64];
	char path[128];
	struct store *st;
};

static int store_setup(void **state)
{
	static struct fixture fx;
	char err[ERRLEN] = "";
	memset(&fx, 0, sizeof fx);
	snprintf(fx.dir, sizeof fx.dir, "/tmp/portops-test-XXXXXX");
	if (!mkdtemp(fx.dir))
		return -1;
	snprintf(fx.path, sizeof fx.path, "%s/store.db", fx.dir);
	if (store_open(fx.path, STORE_CREATE, &fx.st, err, sizeof err) != 0) {
		print_error("store_open: %s\n", err);
		return -1;
	}
	if (store_set_setting(fx.st, "agency", "DIRANDRO", err, sizeof err) != 0 ||
	    store_set_setting(fx.st, "operator", "Unit Test", err, sizeof err) != 0) {
		print_error("store_set_setting: %s\n", err);
		return -1;
	}
	*state = &fx;
	return 0;
}

static int store_teardown(void **state)
{
	struct fixture *fx = *state;
	char p[160];
	store_close(fx->st);
	unlink(fx->path);
	snprintf(p, sizeof p, "%s-wal", fx->path);
	unlink(p);
	snprintf(p, sizeof p, "%s-shm", fx->path);
	unlink(p);
	rmdir(fx->dir);
	return 0;
}

/* The codes of the technique hits of a search. */
struct hits {
	struct store *st;
	int n;
	char codes[64][48];
};

static int hit_cb(const struct search_hit *h, void *arg)
{
	struct hits *hs = arg;
	char err[ERRLEN] = "";
	if (hs->n >= 64)
		return 1;
	cJSON *rec = store_get(hs->st, h->kind, h->id, err, sizeof err);
	if (!rec)
		fail_msg("hit %s %s cannot be read: %s", h->kind, h->id, err);
	const struct field_def *ref = model_ref_field(model_kind(h->kind));
	const char *code = ref ? str_of(rec, ref->name) : NULL;
	snprintf(hs->codes[hs->n++], sizeof hs->codes[0], "%s", code ? code : "");
	cJSON_Delete(rec);
	return 0;
}

static void expect_hit(struct store *st, const char *query, const char *code)
{
	char err[ERRLEN] = "";
	struct hits hs;
	memset(&hs, 0, sizeof hs);
	hs.st = st;
	int n = search_text(st, query, NULL, 50, hit_cb, &hs, err, sizeof err);
	if (n < 0)
		fail_msg("search_text '%s': %s", query, err);
	assert_int_equal(n, hs.n);
	for (int i = 0; i < hs.n; i++)
		if (strcmp(hs.codes[i], code) == 0)
			return;
	fail_msg("searching '%s' gave %d hits, none of them %s", query, n, code);
}

static void store_load_twice_and_search(void **state)
{
	struct fixture *fx = *state;
	char err[ERRLEN] = "";
	int total = 0;
	cJSON *all = load_records(&total);

	int n = refdata_load(fx->st, err, sizeof err);
	if (n < 0)
		fail_msg("refdata_load: %s", err);
	assert_int_equal(n, total);
	n = refdata_load(fx->st, err, sizeof err);
	if (n < 0)
		fail_msg("refdata_load again: %s", err);
	assert_int_equal(n, 0);

	/* Every record is in the store once, under its id. */
	assert_int_equal(store_count(fx->st, "technique", NULL, 0, err, sizeof err), count_kind(all, "technique"));
	assert_int_equal(store_count(fx->st, "procedure", NULL, 0, err, sizeof err), count_kind(all, "procedure"));
	assert_int_equal(store_count(fx->st, "scenario", NULL, 0, err, sizeof err), count_kind(all, "scenario"));
	const cJSON *r;
	cJSON_ArrayForEach(r, all) {
		cJSON *got = store_get(fx->st, kind_of(r), str_of(r, "id"), err, sizeof err);
		if (!got)
			fail_msg("%s: %s", code_of(r), err);
		assert_string_equal(str_of(got, "code"), code_of(r));
		cJSON_Delete(got);
	}
	cJSON_Delete(all);

	/* Accents and case are ignored, so both spellings find the same technique. */
	expect_hit(fx->st, "gancho ciego", "TEC-GANCHO-CIEGO");
	expect_hit(fx->st, "preñado", "TEC-PRENADO");
	expect_hit(fx->st, "prenado", "TEC-PRENADO");
	expect_hit(fx->st, "semisumergible", "TEC-SEMISUB");
	expect_hit(fx->st, "SEMISUMERGIBLE", "TEC-SEMISUB");
	/* And a word that is nowhere finds nothing. */
	assert_int_equal(search_text(fx->st, "xyzzyquux", NULL, 50, NULL, NULL, err, sizeof err), 0);
}

static void store_load_fills_tables(void **state)
{
	struct fixture *fx = *state;
	char err[ERRLEN] = "", out[120];
	if (refdata_load(fx->st, err, sizeof err) < 0)
		fail_msg("refdata_load: %s", err);
	struct port p;
	assert_int_equal(port_get(fx->st, "PECLL", &p), 0);
	assert_string_equal(p.name, "Callao");
	assert_string_equal(p.country, "PE");
	assert_int_equal(p.of_interest, 1);
	assert_int_equal(port_get(fx->st, "XXXXX", &p), -1);
	assert_int_equal(mid_country(fx->st, 760, out, sizeof out), 0);
	assert_string_equal(out, "Peru");
	assert_int_equal(mid_country(fx->st, 353, out, sizeof out), 0);
	assert_string_equal(out, "Panama");
	assert_int_equal(agency_name(fx->st, REF_OWNER, out, sizeof out), 0);
	assert_true(strlen(out) > 0);
}

int main(void)
{
	if (po_init() != 0) {
		fprintf(stderr, "libsodium cannot be initialised\n");
		return 1;
	}
	setenv("PORTOPS_ASSETS", ASSETS, 1);
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(records_parse_with_codec),
		cmocka_unit_test(refdata_records_reports_problems),
		cmocka_unit_test(ids_unique_and_well_formed),
		cmocka_unit_test(codes_unique_per_kind),
		cmocka_unit_test(ids_stable_across_loads),
		cmocka_unit_test(technique_related_resolve),
		cmocka_unit_test(scenario_procedures_resolve),
		cmocka_unit_test(ports_resolve),
		cmocka_unit_test(steps_and_injects_in_order),
		cmocka_unit_test(bilingual_pairs_complete),
		cmocka_unit_test(free_text_identifiers_valid),
		cmocka_unit_test(ports_csv_valid),
		cmocka_unit_test(mid_tsv_countries),
		cmocka_unit_test_setup_teardown(store_load_twice_and_search, store_setup, store_teardown),
		cmocka_unit_test_setup_teardown(store_load_fills_tables, store_setup, store_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

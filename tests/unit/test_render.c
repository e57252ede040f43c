/* test_render.c - console/render.c: the escapers (hostile text and control characters), widths
 * and wrapping in code points, the markings of every format, atomic files; and the bulletin
 * document (console/bulletin_doc.c) of an exercise store. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "console/bulletin_doc.h"
#include "console/render.h"
#include "storage/bulletins.h"
#include "storage/store.h"
#include "storage/util.h"

/* Checks that s equals want and frees s. */
static void equal_free(char *s, const char *want)
{
	assert_non_null(s);
	assert_string_equal(s, want);
	free(s);
}

static void html_escapes_markup(void **state)
{
	(void)state;
	equal_free(render_html_escape("<script>alert(1)</script>"), "&lt;script&gt;alert(1)&lt;/script&gt;");
	equal_free(render_html_escape("<img src=x onerror=\"alert('x')\">"),
		   "&lt;img src=x onerror=&quot;alert(&#39;x&#39;)&quot;&gt;");
	equal_free(render_html_escape("Tom & Jerry &amp; &#60;"), "Tom &amp; Jerry &amp;amp; &amp;#60;");
	equal_free(render_html_escape("contaminación — gancho ciego"), "contaminación — gancho ciego");
	equal_free(render_html_escape(""), "");
	assert_null(render_html_escape(NULL));
}

static void html_escapes_controls(void **state)
{
	(void)state;
	equal_free(render_html_escape("a\x1b[31mred\x1b[0m"), "a^[[31mred^[[0m");
	equal_free(render_html_escape("bell\x07 nul\x01 del\x7f"), "bell^G nul^A del^?");
	equal_free(render_html_escape("c1\xc2\x9b" "x"), "c1&lt;U+009B&gt;x");
	equal_free(render_html_escape("rlo\xe2\x80\xae" "txt"), "rlo&lt;U+202E&gt;txt");
	equal_free(render_html_escape("bad\xff"), "bad\\xFF");
	equal_free(render_html_escape("tab\there\nnext"), "tab here\nnext");
	char *s = render_html_escape("\x1b]2;pwned\x07<");
	for (const char *p = s; *p; p++)
		assert_true((unsigned char)*p >= 0x20 || *p == '\n');
	free(s);
}

static void md_escapes_metacharacters(void **state)
{
	(void)state;
	equal_free(render_md_escape("*bold* _it_ `code` [a](http://x) <b> & | ~ ! # $ \\"),
		   "\\*bold\\* \\_it\\_ \\`code\\` \\[a\\](http://x) \\<b\\> \\& \\| \\~ \\! \\# \\$ \\\\");
	equal_free(render_md_escape("<script>alert(1)</script>"), "\\<script\\>alert(1)\\</script\\>");
	equal_free(render_md_escape("![img](x) onerror=\"y\""), "\\!\\[img\\](x) onerror=\"y\"");
	equal_free(render_md_escape("2026-12-01 a-b 3.5"), "2026-12-01 a-b 3.5");
}

static void md_escapes_line_starts(void **state)
{
	(void)state;
	equal_free(render_md_escape("# h\n- item\n+ more\n1. one\n12) two\n===\n    code\n> quote"),
		   "\\# h\n\\- item\n\\+ more\n1\\. one\n12\\) two\n\\===\ncode\n\\> quote");
	equal_free(render_md_escape("1 x. 2026. y"), "1 x. 2026. y");
	equal_free(render_md_escape("esc\x1b[2J"), "esc^\\[\\[2J");
}

static void widths_count_code_points(void **state)
{
	(void)state;
	assert_int_equal(render_width(""), 0);
	assert_int_equal(render_width("Callao"), 6);
	assert_int_equal(render_width("contaminación"), 13);
	assert_int_equal(render_width("日本"), 2);
	assert_int_equal(render_width("—·"), 2);
}

/* The longest line of s in code points. */
static size_t longest_line(const char *s)
{
	size_t best = 0;
	while (*s) {
		const char *e = strchr(s, '\n');
		size_t n = e ? (size_t)(e - s) : strlen(s);
		char *line = strndup(s, n);
		if (render_width(line) > best)
			best = render_width(line);
		free(line);
		s += n + (e ? 1 : 0);
	}
	return best;
}

static void text_wraps_at_80_code_points(void **state)
{
	(void)state;
	struct doc *d = doc_new("es", "Título");
	char para[2000] = "";
	for (int i = 0; i < 60; i++)
		strcat(para, "contaminación ");
	assert_int_equal(doc_para(d, para), 0);
	char word[401] = "";
	for (int i = 0; i < 200; i++)
		strcat(word, i % 2 ? "é" : "x");
	assert_int_equal(doc_item(d, word), 0);
	assert_int_equal(doc_kv(d, "Destinatarios", para), 0);
	char *out = doc_render(d, DOC_TEXT, NULL);
	assert_non_null(out);
	assert_int_equal(longest_line(out), DOC_WIDTH);
	/* Accented lines are longer than 80 bytes and still within 80 code points. */
	assert_non_null(strstr(out, "contaminación contaminación contaminación contaminación contaminación\n"));
	assert_non_null(strstr(out, "\nDestinatarios: contaminación"));
	assert_non_null(strstr(out, "\n               contaminación"));
	free(out);
	doc_free(d);
}

/* The first and the last non-empty line of s (static buffers). */
static void first_last(const char *s, char *first, char *last, size_t n)
{
	const char *e = strchr(s, '\n');
	snprintf(first, n, "%.*s", (int)(e ? e - s : (long)strlen(s)), s);
	size_t len = strlen(s);
	while (len && s[len - 1] == '\n')
		len--;
	size_t start = len;
	while (start && s[start - 1] != '\n')
		start--;
	snprintf(last, n, "%.*s", (int)(len - start), s + start);
}

static void markings_top_and_bottom(void **state)
{
	(void)state;
	struct doc *d = doc_new("en", "Report");
	assert_int_equal(doc_set_tlp(d, "AMBER+STRICT"), 0);
	assert_int_equal(doc_set_notice(d, "DRAFT"), 0);
	doc_set_exercise(d, 1);
	doc_para(d, "Body.");
	char first[256], last[256];
	char *t = doc_render(d, DOC_TEXT, NULL);
	first_last(t, first, last, sizeof first);
	assert_string_equal(first, "TLP:AMBER+STRICT  ·  DRAFT  ·  EXERCISE / EJERCICIO");
	assert_string_equal(last, first);
	free(t);
	char *m = doc_render(d, DOC_MARKDOWN, NULL);
	first_last(m, first, last, sizeof first);
	assert_string_equal(first, "**TLP:AMBER+STRICT** · **DRAFT** · **EXERCISE / EJERCICIO**");
	assert_string_equal(last, first);
	free(m);
	char *h = doc_render(d, DOC_HTML, NULL);
	const char *top = strstr(h, "<header class=\"marking top\"><span class=\"tlp\">TLP:AMBER+STRICT</span>");
	const char *bottom = strstr(h, "<footer class=\"marking bottom\"><span class=\"tlp\">TLP:AMBER+STRICT</span>");
	assert_non_null(top);
	assert_non_null(bottom);
	assert_non_null(strstr(h, "<span class=\"exercise\">EXERCISE / EJERCICIO</span></footer>"));
	assert_non_null(strstr(h, "position: fixed"));
	assert_non_null(strstr(h, ".tlp { background: #000; color: #FFC000; }"));
	free(h);
	doc_free(d);
}

static void tlp_colours_and_default(void **state)
{
	(void)state;
	static const char *const tlp[] = { "CLEAR", "GREEN", "AMBER", "RED" };
	static const char *const colour[] = { "#FFFFFF", "#33FF00", "#FFC000", "#FF2B2B" };
	for (int i = 0; i < 4; i++) {
		struct doc *d = doc_new("es", "x");
		assert_int_equal(doc_set_tlp(d, tlp[i]), 0);
		char *h = doc_render(d, DOC_HTML, NULL), want[80];
		snprintf(want, sizeof want, ".tlp { background: #000; color: %s; }", colour[i]);
		assert_non_null(strstr(h, want));
		free(h);
		doc_free(d);
	}
	struct doc *d = doc_new("es", "x");
	char *t = doc_render(d, DOC_TEXT, NULL);
	assert_memory_equal(t, "TLP:RED\n", 8);
	free(t);
	assert_int_equal(doc_set_tlp(d, "PURPLE"), -1);
	t = doc_render(d, DOC_TEXT, NULL);
	assert_memory_equal(t, "TLP:RED\n", 8);
	assert_null(strstr(t, "EJERCICIO"));
	free(t);
	doc_free(d);
}

static void hostile_text_never_becomes_markup(void **state)
{
	(void)state;
	const char *evil = "<script>alert(1)</script> \"q\" 'a' & <img src=x onerror=alert(1)> [x](javascript:y)";
	struct doc *d = doc_new("es", evil);
	doc_set_notice(d, evil);
	doc_heading(d, 1, evil);
	doc_heading(d, 2, evil);
	doc_para(d, evil);
	doc_item(d, evil);
	doc_kv(d, evil, evil);
	char *h = doc_render(d, DOC_HTML, NULL);
	assert_null(strstr(h, "<script"));
	assert_null(strstr(h, "<img"));
	assert_null(strstr(h, "\"q\""));
	assert_null(strstr(h, "'a'"));
	assert_null(strstr(h, "& "));
	assert_non_null(strstr(h, "&lt;img src=x onerror=alert(1)&gt;"));
	free(h);
	char *m = doc_render(d, DOC_MARKDOWN, NULL);
	for (const char *p = m; *p; p++)
		if (strchr("<>[]&", *p))
			assert_int_equal(p[-1], '\\');
	free(m);
	doc_free(d);
}

static void paragraphs_and_lines(void **state)
{
	(void)state;
	struct doc *d = doc_new("en", "T");
	doc_para(d, "one\ntwo\n\n\nthree");
	char *h = doc_render(d, DOC_HTML, NULL);
	assert_non_null(strstr(h, "<p>one<br>\ntwo</p>\n<p>three</p>\n"));
	free(h);
	char *m = doc_render(d, DOC_MARKDOWN, NULL);
	assert_non_null(strstr(m, "\none\\\ntwo\n\nthree\n"));
	free(m);
	char *t = doc_render(d, DOC_TEXT, NULL);
	assert_non_null(strstr(t, "\none\ntwo\n\nthree\n"));
	free(t);
	doc_free(d);
}

static void format_names(void **state)
{
	(void)state;
	enum doc_format f;
	assert_int_equal(doc_format_parse("text", &f), 0);
	assert_int_equal(f, DOC_TEXT);
	assert_int_equal(doc_format_parse("md", &f), 0);
	assert_int_equal(f, DOC_MARKDOWN);
	assert_int_equal(doc_format_parse("html", &f), 0);
	assert_int_equal(f, DOC_HTML);
	assert_int_equal(doc_format_parse("pdf", &f), -1);
	assert_int_equal(doc_format_parse(NULL, &f), -1);
}

static void files_written_atomically(void **state)
{
	(void)state;
	char dir[] = "/tmp/portops-render-XXXXXX", path[128], err[PO_ERRLEN];
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof path, "%s/b.html", dir);
	assert_int_equal(doc_write_file(path, "old", 3, err, sizeof err), 0);
	assert_int_equal(doc_write_file(path, "new text", 8, err, sizeof err), 0);
	size_t len;
	char *back = po_read_file(path, 100, &len, err, sizeof err);
	assert_string_equal(back, "new text");
	free(back);
	struct stat sb;
	assert_int_equal(stat(path, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0600);
	char missing[160];
	snprintf(missing, sizeof missing, "%s/no/such/dir/x.html", dir);
	assert_int_equal(doc_write_file(missing, "x", 1, err, sizeof err), -1);
	assert_non_null(strstr(err, "cannot write"));
	char cmd[200];
	snprintf(cmd, sizeof cmd, "ls '%s' | wc -l | grep -qx 1 && rm -rf '%s'", dir, dir);
	assert_int_equal(system(cmd), 0);
}

/* A bulletin rendered from an exercise store carries the exercise banner in every format. */
static void exercise_store_marks_bulletins(void **state)
{
	(void)state;
	char dir[] = "/tmp/portops-bdoc-XXXXXX", path[128], err[PO_ERRLEN], id[37];
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof path, "%s/p.db", dir);
	struct store *st;
	assert_int_equal(store_open(path, STORE_CREATE, &st, err, sizeof err), 0);
	store_set_setting(st, "agency", "DIRANDRO", NULL, 0);
	store_set_setting(st, "operator", "ana", NULL, 0);
	cJSON *rec = cJSON_Parse("{\"title\":\"Simulacro\",\"lang\":\"es\",\"tlp\":\"GREEN\"}");
	assert_int_equal(bulletin_create(st, rec, id, err, sizeof err), 0);
	cJSON_Delete(rec);
	char *t = bulletin_render(st, id, DOC_TEXT, 0, NULL, err, sizeof err);
	assert_null(strstr(t, "EJERCICIO"));
	free(t);
	assert_int_equal(store_set_setting(st, "exercise", "1", err, sizeof err), 0);
	for (enum doc_format f = DOC_TEXT; f <= DOC_HTML; f++) {
		char *out = bulletin_render(st, id, f, 0, NULL, err, sizeof err);
		assert_non_null(out);
		const char *a = strstr(out, "EJERCICIO / EXERCISE");
		assert_non_null(a);
		assert_non_null(strstr(a + 1, "EJERCICIO / EXERCISE"));
		assert_non_null(strstr(out, "BORRADOR"));
		free(out);
	}
	assert_null(bulletin_render(st, "DIRANDRO-2026-999", DOC_TEXT, 0, NULL, err, sizeof err));
	store_close(st);
	char cmd[200];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	assert_int_equal(system(cmd), 0);
}

int main(void)
{
	po_init();
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(html_escapes_markup),
		cmocka_unit_test(html_escapes_controls),
		cmocka_unit_test(md_escapes_metacharacters),
		cmocka_unit_test(md_escapes_line_starts),
		cmocka_unit_test(widths_count_code_points),
		cmocka_unit_test(text_wraps_at_80_code_points),
		cmocka_unit_test(markings_top_and_bottom),
		cmocka_unit_test(tlp_colours_and_default),
		cmocka_unit_test(hostile_text_never_becomes_markup),
		cmocka_unit_test(paragraphs_and_lines),
		cmocka_unit_test(format_names),
		cmocka_unit_test(files_written_atomically),
		cmocka_unit_test(exercise_store_marks_bulletins),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

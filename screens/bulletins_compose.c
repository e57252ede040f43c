/* bulletins_compose.c - composing a draft bulletin (bulletins_ui.h): the short fields through
 * prompts, the summary and the sections through the operator's editor.
 *
 * The editor sees one plain text file: the summary first, then each section as a line
 * "## Heading" followed by its body. Lines that start with "# " (or are just "#") are notes
 * for the operator and are dropped when the file is read back. */
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "bulletins_ui.h"
#include "console/i18n.h"
#include "detail.h"
#include "fmt.h"
#include "nav.h"
#include "prompt.h"
#include "screens.h"
#include "storage/bulletins.h"
#include "storage/util.h"

enum { TEXT_MAX = 1 << 20 };

/* --- the editor ---------------------------------------------------------------------------- */

/* Writes text to a new private temporary file; its path goes into path. 0, or -1. */
static int write_temp(const char *text, char path[256])
{
	const char *dir = getenv("TMPDIR");
	snprintf(path, 256, "%s/portops-bulletin-XXXXXX", dir && *dir ? dir : "/tmp");
	int fd = mkstemp(path); /* 0600 */
	if (fd < 0)
		return -1;
	size_t len = strlen(text);
	int ok = fchmod(fd, S_IRUSR | S_IWUSR) == 0 && write(fd, text, len) == (ssize_t)len;
	if (close(fd) != 0 || !ok) {
		unlink(path);
		return -1;
	}
	return 0;
}

/* Runs the editor on path with the terminal handed over to it. Returns its exit status. */
static int edit_file(const char *path)
{
	const char *ed = getenv("VISUAL");
	if (!ed || !*ed)
		ed = getenv("EDITOR");
	if (!ed || !*ed)
		ed = "vi";
	char cmd[2048];
	snprintf(cmd, sizeof cmd, "%s '%s'", ed, path); /* path is ours: no quote in it */
	def_prog_mode();
	endwin();
	fflush(stdout);
	int rc = system(cmd);
	reset_prog_mode();
	refresh();
	return rc;
}

char *bulletin_run_editor(struct app *a, const char *text)
{
	char path[256], err[PO_ERRLEN];
	if (write_temp(text, path) != 0) {
		app_msg(a, 1, "%s", _("cannot write a temporary file for the editor"));
		return NULL;
	}
	char *out = NULL;
	if (edit_file(path) != 0)
		app_msg(a, 1, "%s", _("the editor failed; its text was not kept"));
	else if (!(out = po_read_file(path, TEXT_MAX, NULL, err, sizeof err)))
		app_msg(a, 1, "%s", err);
	unlink(path);
	return out;
}

/* --- the text the editor sees -------------------------------------------------------------- */

/* The file for the editor: notes, the summary, then the sections. The caller frees it. */
static char *editor_text(const cJSON *rec)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	if (!f)
		return NULL;
	fprintf(f, "# %s\n# %s\n# %s\n", _("Summary of the bulletin first; lines starting with '# ' are dropped."),
		_("A line '## Heading' starts a section; the lines under it are its body."),
		_("Save and leave the editor to keep the text."));
	fprintf(f, "%s\n", rec_str(rec, "summary"));
	const cJSON *sec;
	cJSON_ArrayForEach(sec, cJSON_GetObjectItemCaseSensitive(rec, "sections"))
		fprintf(f, "\n## %s\n%s\n", rec_str(sec, "heading"), rec_str(sec, "body"));
	fclose(f);
	return buf;
}

/* Removes blank lines and spaces at both ends of s, in place. */
static char *trim(char *s)
{
	while (*s == '\n' || *s == ' ' || *s == '\t' || *s == '\r')
		s++;
	size_t n = strlen(s);
	while (n && (s[n - 1] == '\n' || s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r'))
		s[--n] = '\0';
	return s;
}

/* The body being collected (summary or a section). */
struct part {
	char *text;
	size_t len;
	FILE *f;
	char heading[256]; /* "" for the summary */
};

static int part_start(struct part *p, const char *heading)
{
	p->text = NULL;
	p->len = 0;
	po_strlcpy(p->heading, heading, sizeof p->heading);
	p->f = open_memstream(&p->text, &p->len);
	return p->f ? 0 : -1;
}

/* Ends the part: the summary goes into changes, a section onto sections. */
static void part_end(struct part *p, cJSON *changes, cJSON *sections, int is_summary)
{
	fclose(p->f);
	char *body = trim(p->text);
	if (is_summary) {
		cJSON_AddStringToObject(changes, "summary", body);
	} else {
		cJSON *row = cJSON_CreateObject();
		cJSON_AddStringToObject(row, "heading", trim(p->heading));
		cJSON_AddStringToObject(row, "body", body);
		cJSON_AddItemToArray(sections, row);
	}
	free(p->text);
}

/* Reads the editor's file back into {summary, sections}. NULL when out of memory. */
static cJSON *parse_text(char *text)
{
	cJSON *changes = cJSON_CreateObject(), *sections = cJSON_CreateArray();
	struct part p;
	int summary = 1;
	if (part_start(&p, "") != 0)
		return NULL;
	for (char *line = text, *next; line && *line; line = next) {
		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		if (!strcmp(line, "#") || !strncmp(line, "# ", 2))
			continue;
		if (!strncmp(line, "## ", 3)) {
			part_end(&p, changes, sections, summary);
			summary = 0;
			if (part_start(&p, line + 3) != 0)
				break;
			continue;
		}
		fprintf(p.f, "%s\n", line);
	}
	if (p.f)
		part_end(&p, changes, sections, summary);
	cJSON_AddItemToObject(changes, "sections", sections);
	return changes;
}

/* Runs the editor over the text of rec; NULL when the operator's text could not be had. */
static cJSON *edit_record_text(struct app *a, const cJSON *rec)
{
	char *text = editor_text(rec);
	char *back = text ? bulletin_run_editor(a, text) : NULL;
	free(text);
	if (!back)
		return NULL;
	cJSON *changes = parse_text(back);
	free(back);
	return changes;
}

int bulletin_edit_text(struct app *a, const char *id)
{
	char err[PO_ERRLEN];
	cJSON *rec = detail_load(a, "bulletin", id);
	if (!rec)
		return H_HANDLED | H_REDRAW;
	if (bulletin_status_of(rec) != BULLETIN_DRAFT) {
		app_msg(a, 1, "%s", _("only a draft is edited; C makes a correction"));
	} else {
		cJSON *changes = edit_record_text(a, rec);
		if (changes && store_update(a->st, rec_str(rec, "id"), changes, err, sizeof err) != 0) {
			app_msg(a, 1, "%s", err);
		} else if (changes) {
			a->writes++;
			nav_refresh(a);
			app_msg(a, 0, "%s", _("the draft's text is saved"));
		}
		cJSON_Delete(changes);
	}
	cJSON_Delete(rec);
	return H_HANDLED | H_REDRAW;
}

/* --- composing a new draft ----------------------------------------------------------------- */

/* What the prompts of one composition gathered (one composition at a time). */
static struct {
	char title[400];
	char lang[3];
	char audience[400];
} draft;

static void create_draft(struct app *a, const char *tlp)
{
	char id[37], err[PO_ERRLEN];
	cJSON *rec = cJSON_CreateObject();
	cJSON_AddStringToObject(rec, "title", draft.title);
	cJSON_AddStringToObject(rec, "lang", draft.lang);
	if (draft.audience[0])
		cJSON_AddStringToObject(rec, "audience", draft.audience);
	cJSON_AddStringToObject(rec, "tlp", tlp);
	cJSON *text = edit_record_text(a, rec);
	for (cJSON *it = text ? text->child : NULL; it; it = it->next)
		cJSON_AddItemToObject(rec, it->string, cJSON_Duplicate(it, 1));
	if (bulletin_create(a->st, rec, id, err, sizeof err) != 0) {
		app_msg(a, 1, "%s", err);
	} else {
		a->writes++;
		nav_push(a, &bulletin_screen, id);
		if (text) /* else the editor's failure stays on the message line */
			app_msg(a, 0, "%s", _("draft saved: c cites records, e edits the text, p previews, I issues"));
	}
	cJSON_Delete(text);
	cJSON_Delete(rec);
}

static int tlp_done(struct app *a, const char *text, void *arg)
{
	(void)arg;
	char tlp[16];
	po_strlcpy(tlp, *text ? text : "AMBER", sizeof tlp);
	for (char *c = tlp; *c; c++)
		if (*c >= 'a' && *c <= 'z')
			*c = (char)(*c - 'a' + 'A');
	create_draft(a, tlp);
	return H_REDRAW;
}

static int audience_done(struct app *a, const char *text, void *arg)
{
	(void)arg;
	po_strlcpy(draft.audience, text, sizeof draft.audience);
	prompt_open(a, _("Marking (CLEAR GREEN AMBER AMBER+STRICT RED):"), "AMBER", tlp_done, NULL);
	return H_REDRAW;
}

static int lang_done(struct app *a, const char *text, void *arg)
{
	(void)arg;
	if (strcmp(text, "es") && strcmp(text, "en")) {
		app_msg(a, 1, "%s", _("the language of a bulletin is es or en"));
		prompt_open(a, _("Language of the bulletin (es/en):"), i18n_lang(), lang_done, NULL);
		return H_REDRAW;
	}
	po_strlcpy(draft.lang, text, sizeof draft.lang);
	prompt_open(a, _("Audience:"), NULL, audience_done, NULL);
	return H_REDRAW;
}

static int title_done(struct app *a, const char *text, void *arg)
{
	(void)arg;
	if (!*text) {
		app_msg(a, 0, "%s", _("no title: nothing was created"));
		return H_REDRAW;
	}
	po_strlcpy(draft.title, text, sizeof draft.title);
	prompt_open(a, _("Language of the bulletin (es/en):"), i18n_lang(), lang_done, NULL);
	return H_REDRAW;
}

int bulletin_compose(struct app *a)
{
	memset(&draft, 0, sizeof draft);
	prompt_open(a, _("Title of the new bulletin:"), NULL, title_done, NULL);
	return H_HANDLED | H_REDRAW;
}

/* edit_form.c - the form screen of form.h (form_show): draws one row per field with its text and
 * the reason it is refused, takes the keys of the form and saves it through its callback. */
#include <curses.h>
#include <libintl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <wchar.h>

#include "console/i18n.h"
#include "draw.h"
#include "edit.h"
#include "fmt.h"
#include "form.h"
#include "nav.h"
#include "storage/refdata.h"
#include "storage/util.h"

enum { LABEL_W = 20, VALUE_W = 26, KEY_CTRL_U = 21, KEY_CTRL_X = 24, KEY_TAB = 9 };

/* Marks a string with a context for xgettext, as screens/fmt.c does. */
#define NC_(c, s) c "\004" s

/* The names of the fields of the forms, as the catalogue translates them. */
static const char *const field_labels[] = {
	NC_("field", "ref"), NC_("field", "title"), NC_("field", "summary"), NC_("field", "level"),
	NC_("field", "status"), NC_("field", "ports"), NC_("field", "routes"), NC_("field", "techniques"),
	NC_("field", "first seen"), NC_("field", "last seen"), NC_("field", "type"), NC_("field", "port"),
	NC_("field", "lead agency"), NC_("field", "substitution"), NC_("field", "substitution note"),
	NC_("field", "tlp"), NC_("field", "share"), NC_("field", "share with"), NC_("field", "name"),
	NC_("field", "imo"), NC_("field", "mmsi"), NC_("field", "call sign"), NC_("field", "flag"),
	NC_("field", "container"), NC_("field", "seal number"), NC_("field", "seal class"),
	NC_("field", "applied by"), NC_("field", "verified by"), NC_("field", "place"),
	NC_("field", "at"), NC_("field", "notes"), NC_("field", "agencies"), NC_("field", "planned"),
	NC_("field", "actual"), NC_("field", "country"), NC_("field", "reference"), NC_("field", "date"),
	NC_("field", "from"), NC_("field", "to"), NC_("field", "note"),
};

/* The label of field name: its words, translated when the catalogue has them. */
static const char *field_label(const char *name, char *out, size_t n)
{
	char key[80];
	snprintf(out, n, "%s", name);
	for (char *p = out; *p; p++)
		if (*p == '_')
			*p = ' ';
	snprintf(key, sizeof key, "field\004%s", out);
	for (size_t i = 0; i < sizeof field_labels / sizeof field_labels[0]; i++)
		if (!strcmp(field_labels[i], key)) {
			const char *t = gettext(field_labels[i]);
			return t == field_labels[i] ? out : t;
		}
	return out;
}

/* The state of an open form screen. */
struct fstate {
	struct form *fm;  /* owned */
	form_save save;   /* called on save */
	int top;          /* first row shown */
	char title[200];  /* the screen's title */
};

/* Handed from form_show to the screen's open. */
static struct fstate *pending;

static int form_open(struct screen *s, struct app *a)
{
	(void)a;
	if (!pending)
		return -1;
	s->data = pending;
	po_strlcpy(s->title, pending->title, sizeof s->title);
	pending = NULL;
	return 0;
}

static void form_close(struct screen *s)
{
	struct fstate *fs = s->data;
	if (fs)
		free(fs->fm);
	free(fs);
	s->data = NULL;
}

/* What the value column shows for row f. */
static const char *shown_value(const struct form_field *f, char *buf, size_t n)
{
	if (f->def->type == FT_ENUM)
		snprintf(buf, n, "< %s >", f->text[0] ? f->text : "-");
	else if (f->longtext) {
		const char *nl = strchr(f->text, '\n');
		snprintf(buf, n, "%.*s%s", nl ? (int)(nl - f->text) : (int)strlen(f->text), f->text, nl ? " …" : "");
	} else
		snprintf(buf, n, "%s", f->text);
	return buf;
}

/* The dim hint shown beside an accepted row under the cursor. */
static const char *row_hint(const struct form_field *f)
{
	if (f->readonly)
		return _("fixed: cannot be changed");
	if (f->def->type == FT_ENUM)
		return _("Space, Left, Right: other choices");
	if (f->longtext)
		return _("Enter: edit in $EDITOR");
	if (f->def->type == FT_LIST && (f->def->check == CK_AGENCY || !strcmp(f->name, "techniques")))
		return _("comma-separated; Enter picks");
	if (f->def->type == FT_LIST)
		return _("comma-separated");
	return "";
}

static void draw_row(const struct form *fm, int i, int y, const struct area *r)
{
	const struct form_field *f = &fm->f[i];
	char name[80], words[64], value[FORM_TEXT + 8];
	int sel = i == fm->cur, vw = r->w - LABEL_W - 2 < VALUE_W ? r->w - LABEL_W - 2 : VALUE_W;
	snprintf(name, sizeof name, "%s%s", field_label(f->name, words, sizeof words), (f->def->flags & FF_REQUIRED) ? " *" : "");
	draw_text(y, r->x + 1, LABEL_W - 1, name, sel ? ST_HEAD : ST_DIM, 0);
	enum style st = !strcmp(f->name, "tlp") ? style_tlp(f->text) : ST_NORMAL;
	draw_fill(y, r->x + LABEL_W, vw, sel ? ST_SELECT : ST_NORMAL);
	draw_clipped(y, r->x + LABEL_W, vw, shown_value(f, value, sizeof value), sel ? ST_SELECT : st);
	int x = r->x + LABEL_W + vw + 1, w = r->w - LABEL_W - vw - 1;
	if (f->why[0])
		draw_clipped(y, x, w, f->why, ST_ERROR);
	else if (sel)
		draw_clipped(y, x, w, row_hint(f), ST_DIM);
}

static void form_draw(struct screen *s, struct app *a, const struct area *r)
{
	(void)a;
	struct fstate *fs = s->data;
	struct form *fm = fs->fm;
	int rows = r->h - 3 > 1 ? r->h - 3 : 1;
	if (fm->cur < fs->top)
		fs->top = fm->cur;
	if (fm->cur >= fs->top + rows)
		fs->top = fm->cur - rows + 1;
	int y = r->y;
	for (int i = fs->top; i <= fm->n && y < r->y + rows; i++, y++) {
		if (i < fm->n)
			draw_row(fm, i, y, r);
		else
			draw_text(y, r->x + LABEL_W, r->w - LABEL_W, _("[ Save ]"), fm->cur == fm->n ? ST_SELECT : ST_HEAD, 0);
	}
	/* the reason in full under the rows: beside the field it may be cut short */
	const char *why = fm->cur < fm->n && fm->f[fm->cur].why[0] ? fm->f[fm->cur].why : fm->msg;
	if (why[0])
		draw_clipped(r->y + r->h - 2, r->x + 1, r->w - 2, why, ST_ERROR);
	draw_clipped(r->y + r->h - 1, r->x + 1, r->w - 2,
		     _("Tab/Down next  Up back  Enter next or editor  C-x save  Esc cancel"), ST_DIM);
}

static int save(struct screen *s, struct app *a)
{
	struct fstate *fs = s->data;
	char err[PO_ERRLEN] = "";
	if (form_check_marking(fs->fm, store_agency(a->st)) != 0) {
		app_msg(a, 1, "%s", fs->fm->msg);
		return H_HANDLED | H_REDRAW;
	}
	if (fs->save(a, fs->fm, s->arg, err, sizeof err) != 0) {
		po_strlcpy(fs->fm->msg, err, sizeof fs->fm->msg);
		app_msg(a, 1, "%s", err);
		return H_HANDLED | H_REDRAW;
	}
	a->writes++;
	if (!a->msg[0])
		app_msg(a, 0, "%s", _("saved"));
	return H_HANDLED | H_REDRAW | H_BACK;
}

/* Edits row i in $EDITOR; nothing changes when the editor fails or is left without a change. */
static void edit_long(struct app *a, struct form *fm, int i)
{
	char *text = NULL, err[PO_ERRLEN];
	int rc = editor_run(fm->f[i].text, &text, err, sizeof err);
	if (rc < 0)
		app_msg(a, 1, "%s", err);
	else if (rc == 0)
		app_msg(a, 0, "%s", _("the text was not changed"));
	else
		form_set(fm, i, text);
	free(text);
}

static const struct screen_ops form_screen;

/* Adds code to the comma-separated list of row i, or removes it when it is there already. */
static void toggle_item(struct form *fm, int i, const char *code)
{
	char buf[FORM_TEXT], out[FORM_TEXT] = "", *save = NULL;
	int found = 0;
	po_strlcpy(buf, fm->f[i].text, sizeof buf);
	for (char *tok = strtok_r(buf, ", ", &save); tok; tok = strtok_r(NULL, ", ", &save)) {
		if (!strcasecmp(tok, code)) {
			found = 1;
			continue;
		}
		snprintf(out + strlen(out), sizeof out - strlen(out), "%s%s", out[0] ? ", " : "", tok);
	}
	if (!found)
		snprintf(out + strlen(out), sizeof out - strlen(out), "%s%s", out[0] ? ", " : "", code);
	form_set(fm, i, out);
}

/* An item (agency code, record id) picked for the list under the cursor of the form on top. */
static int item_picked(struct app *a, const char *code, const char *ctx)
{
	(void)ctx;
	struct screen *s = nav_top(a);
	if (s && s->ops == &form_screen) {
		struct fstate *fs = s->data;
		toggle_item(fs->fm, fs->fm->cur, code);
		form_check_marking(fs->fm, store_agency(a->st));
	}
	return H_REDRAW;
}

static int add_agency(const char *code, const char *name, const char *country, int example, void *arg)
{
	char text[200];
	(void)example;
	snprintf(text, sizeof text, "%-10s %s  %s", code, country, name);
	pick_add(arg, text, code);
	return 0;
}

/* Enter on a list of agencies: pick one of the agencies the store knows to add or remove. */
static int pick_agency(struct app *a)
{
	struct pick *p = pick_new(_("Add or remove an agency"), item_picked, "");
	agency_each(a->st, add_agency, p);
	return pick_show(a, p);
}

static int add_record(const cJSON *rec, void *arg)
{
	char text[300];
	snprintf(text, sizeof text, "%s  %s", rec_ref(rec), rec_title(rec, i18n_lang()));
	pick_add(arg, text, rec_str(rec, "id"));
	return 0;
}

/* Enter on the techniques of a threat: pick a technique of the dictionary to add or remove. */
static int pick_technique(struct app *a)
{
	struct pick *p = pick_new(_("Add or remove a technique"), item_picked, "");
	struct store_query q = { "technique", NULL, 0, NULL, NULL, 1000, 0 };
	store_list(a->st, &q, add_record, p, NULL, NULL, 0);
	return pick_show(a, p);
}

static int on_enter(struct screen *s, struct app *a, struct form *fm)
{
	if (fm->cur == fm->n)
		return save(s, a);
	const struct form_field *f = &fm->f[fm->cur];
	if (f->def->type == FT_LIST && f->def->check == CK_AGENCY && !f->readonly)
		return pick_agency(a);
	if (f->def->type == FT_LIST && !strcmp(f->name, "techniques") && !f->readonly)
		return pick_technique(a);
	if (f->longtext && !f->readonly)
		edit_long(a, fm, fm->cur);
	else
		fm->cur++;
	return H_HANDLED | H_REDRAW;
}

/* Types the character k into the row under the cursor. */
static void type_char(struct form *fm, keycode k)
{
	char buf[MB_LEN_MAX + 1];
	mbstate_t ps;
	memset(&ps, 0, sizeof ps);
	size_t n = wcrtomb(buf, (wchar_t)k, &ps);
	if (n == (size_t)-1)
		return;
	buf[n] = '\0';
	form_type(fm, fm->cur, buf);
}

/* Keys that change the row under the cursor. */
static void row_key(struct form *fm, keycode k)
{
	int enumrow = fm->cur < fm->n && fm->f[fm->cur].def->type == FT_ENUM;
	if (enumrow && (k == ' ' || k == KEYC_FN + KEY_RIGHT))
		form_cycle(fm, fm->cur, 1);
	else if (enumrow && k == KEYC_FN + KEY_LEFT)
		form_cycle(fm, fm->cur, -1);
	else if (fm->cur >= fm->n || fm->f[fm->cur].readonly || fm->f[fm->cur].longtext)
		return;
	else if (k == KEYC_FN + KEY_BACKSPACE)
		form_type(fm, fm->cur, NULL);
	else if (k == KEY_CTRL_U)
		form_set(fm, fm->cur, "");
	else if (k >= ' ' && k < KEYC_FN && k != 127)
		type_char(fm, k);
}

static int form_key(struct screen *s, struct app *a, enum action act, keycode k)
{
	(void)act;
	struct fstate *fs = s->data;
	struct form *fm = fs->fm;
	if (k == KEYC_ESC) {
		app_msg(a, 0, "%s", _("cancelled: nothing was changed"));
		return H_HANDLED | H_REDRAW | H_BACK;
	}
	if (k == KEY_CTRL_X)
		return save(s, a);
	if (k == KEYC_ENTER)
		return on_enter(s, a, fm);
	if (k == KEY_TAB || k == KEYC_FN + KEY_DOWN)
		fm->cur = fm->cur < fm->n ? fm->cur + 1 : 0;
	else if (k == KEYC_FN + KEY_BTAB || k == KEYC_FN + KEY_UP)
		fm->cur = fm->cur > 0 ? fm->cur - 1 : fm->n;
	else
		row_key(fm, k);
	form_check_marking(fm, store_agency(a->st));
	return H_HANDLED | H_REDRAW;
}

static const struct screen_ops form_screen = {
	"form", form_open, form_draw, form_key, form_close,
};

int form_show(struct app *a, struct form *fm, const char *title, form_save save_cb, const char *arg)
{
	struct fstate *fs = calloc(1, sizeof *fs);
	if (!fs) {
		free(fm);
		return -1;
	}
	fs->fm = fm;
	fs->save = save_cb;
	for (int i = 0; i < fm->n; i++)
		if (fm->f[i].text[0])
			form_check(fm, i);
	po_strlcpy(fs->title, title, sizeof fs->title);
	pending = fs;  /* open takes it: screens are opened by nav_push, without arguments */
	int rc = nav_push(a, &form_screen, arg);
	if (pending) {
		free(fm);
		free(fs);
		pending = NULL;
	}
	if (rc == 0)
		form_check_marking(fm, store_agency(a->st));
	return rc;
}

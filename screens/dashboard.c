/* dashboard.c - the Dashboard tab (the port board: each port of interest with its ISPS level,
 * active threats and open cases, then the latest bulletins and the sync state) and the port
 * screen. The ISPS level of a port is set with i on either. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "console/i18n.h"
#include "detail.h"
#include "draw.h"
#include "fmt.h"
#include "nav.h"
#include "pager.h"
#include "prompt.h"
#include "screens.h"
#include "storage/refdata.h"
#include "storage/util.h"
#include "storage/views.h"

enum { LATEST_BULLETINS = 5, PORT_RECORDS = 100 };

/* Widths of the port board's columns (0: the flexible one). */
static const int board_widths[] = { 6, 0, 8, 6, 8, 6 };

static void board_header(struct page *d)
{
	static const char *const names[] = { N_("Port"), N_("Name"), N_("Country"), N_("ISPS"), N_("Threats"),
					     N_("Cases") };
	struct line *l = page_line(d);
	for (int i = 0; l && i < 6; i++) {
		line_add(l, _(names[i]), board_widths[i], ST_COLHEAD);
		l->sp[i].right = i >= 3;
	}
}

static int board_row(const struct port_board_row *r, void *arg)
{
	struct page *d = arg;
	struct line *l = page_line(d);
	char isps[8], threats[16], cases[16];
	if (!l)
		return 1;
	snprintf(isps, sizeof isps, "%d", r->port.isps_level);
	snprintf(threats, sizeof threats, "%ld", r->threats);
	snprintf(cases, sizeof cases, "%ld", r->cases);
	line_add(l, r->port.locode, board_widths[0], ST_NORMAL);
	line_add(l, r->port.name, board_widths[1], ST_NORMAL);
	line_add(l, r->port.country, board_widths[2], ST_NORMAL);
	line_add_right(l, isps, board_widths[3], style_isps(r->port.isps_level));
	line_add_right(l, threats, board_widths[4], r->threats ? ST_HIGH : ST_NORMAL);
	line_add_right(l, cases, board_widths[5], ST_NORMAL);
	line_link(l, "port", r->port.locode);
	return 0;
}

static int bulletin_line(const cJSON *rec, void *arg)
{
	struct page *d = arg;
	struct line *l = page_line(d);
	char tlp[32], date[11];
	if (!l)
		return 1;
	snprintf(tlp, sizeof tlp, "TLP:%s", rec_str(rec, "tlp"));
	line_add(l, rec_str(rec, "number"), 18, ST_NORMAL);
	line_add(l, tlp, 16, style_tlp(rec_str(rec, "tlp")));
	line_add(l, rec_str(rec, "title"), 0, ST_NORMAL);
	line_add(l, fmt_date(rec_str(rec, "updated_at"), date), 10, ST_DIM);
	line_link(l, "bulletin", rec_str(rec, "id"));
	return 0;
}

static void sync_line(struct page *d, struct app *a)
{
	struct sync_state ss;
	char at[17];
	views_sync_state(a->st, &ss);
	page_textf(d, ST_NORMAL, 2, _("%s · outbox %ld · conflicts %ld · synced %s"),
		  a->online || ss.reachable ? _("online") : _("offline"), ss.outbox, ss.conflicts,
		  ss.last_sync[0] ? fmt_time(ss.last_sync, at) : _("never"));
}

static void board_doc(struct page *d, struct app *a)
{
	char err[PO_ERRLEN];
	board_header(d);
	int n = views_port_board(a->st, board_row, d, err, sizeof err);
	if (n < 0)
		page_text(d, ST_ERROR, 2, err);
	else if (n == 0)
		page_text(d, ST_DIM, 2, _("(no port of interest: run portops init to load the ports)"));
	page_heading(d, _("Latest bulletins"));
	struct store_query q = { "bulletin", NULL, 0, NULL, NULL, LATEST_BULLETINS, 0 };
	n = store_list(a->st, &q, bulletin_line, d, NULL, err, sizeof err);
	if (n <= 0)
		page_text(d, n < 0 ? ST_ERROR : ST_DIM, 2, n < 0 ? err : _("(none)"));
	page_heading(d, _("Sync"));
	sync_line(d, a);
}

static int dashboard_open(struct screen *s, struct app *a)
{
	struct page d = { 0 };
	snprintf(s->title, sizeof s->title, _("Port board · %s"), store_agency(a->st));
	board_doc(&d, a);
	return pager_screen_open(s, a, &d);
}

/* The port whose ISPS level the prompt asks for (one prompt is open at a time). */
static char asked_port[8];

/* The ISPS level prompt's answer for asked_port. */
static int level_done(struct app *a, const char *text, void *arg)
{
	const char *locode = asked_port;
	char err[PO_ERRLEN], *end;
	(void)arg;
	long level = strtol(text, &end, 10);
	if (end == text || *end || level < 1 || level > 3)
		app_msg(a, 1, _("the ISPS level is 1, 2 or 3, not '%s'"), text);
	else if (port_set_level(a->st, locode, (int)level, err, sizeof err) != 0)
		app_msg(a, 1, "%s", err);
	else {
		app_msg(a, 0, _("%s is now at ISPS level %ld"), locode, level);
		a->writes++;
		nav_refresh(a);
		struct screen *top = nav_top(a);
		if (top && top->ops == &dashboard_screen)
			pager_select(top, "port", locode);
	}
	return H_REDRAW;
}

/* Asks for the ISPS level of the port locode. */
static int ask_level(struct app *a, const char *locode)
{
	struct port p;
	char label_text[200];
	if (port_get(a->st, locode, &p) != 0) {
		app_msg(a, 1, _("unknown port '%s'"), locode);
		return H_HANDLED | H_REDRAW;
	}
	po_strlcpy(asked_port, p.locode, sizeof asked_port);
	snprintf(label_text, sizeof label_text, _("ISPS level of %s %s (1-3, now %d):"), p.locode, p.name, p.isps_level);
	prompt_open(a, label_text, NULL, level_done, NULL);
	return H_HANDLED | H_REDRAW;
}

static int dashboard_key(struct screen *s, struct app *a, enum action act, keycode k)
{
	if (act != ACT_ISPS)
		return pager_screen_key(s, a, act, k);
	const struct line *l = pager_current(s);
	if (!l || strcmp(l->link_kind, "port")) {
		app_msg(a, 0, "%s", _("select a port first"));
		return H_HANDLED | H_REDRAW;
	}
	return ask_level(a, l->link_id);
}

const struct screen_ops dashboard_screen = {
	"dashboard", dashboard_open, pager_screen_draw, dashboard_key, pager_screen_close,
};

/* The records of kind at the port (filter field = locode) as links. */
static void port_records(struct page *d, struct app *a, const char *kind, const char *field, const char *locode,
			 store_row_cb cb)
{
	char err[PO_ERRLEN];
	struct store_filter f = { field, locode };
	struct store_query q = { kind, &f, 1, NULL, NULL, PORT_RECORDS, 0 };
	int n = store_list(a->st, &q, cb, d, NULL, err, sizeof err);
	if (n <= 0)
		page_text(d, n < 0 ? ST_ERROR : ST_DIM, 2, n < 0 ? err : _("(none)"));
}

static int threat_line(const cJSON *rec, void *arg)
{
	struct page *d = arg;
	struct line *l = page_line(d);
	if (!l)
		return 1;
	l->indent = 2;
	line_add(l, label("threat level", rec_str(rec, "level")), 9, style_level(rec_str(rec, "level")));
	line_add(l, rec_str(rec, "title"), 0, ST_NORMAL);
	line_add(l, label("threat status", rec_str(rec, "status")), 11, ST_DIM);
	line_link(l, "threat", rec_str(rec, "id"));
	return 0;
}

static int case_line(const cJSON *rec, void *arg)
{
	struct page *d = arg;
	struct line *l = page_line(d);
	if (!l)
		return 1;
	l->indent = 2;
	line_add(l, rec_str(rec, "ref"), 14, ST_NORMAL);
	line_add(l, rec_str(rec, "title"), 0, ST_NORMAL);
	line_add(l, label("case status", rec_str(rec, "status")), 10, ST_DIM);
	line_link(l, "case", rec_str(rec, "id"));
	return 0;
}

static void port_doc(struct page *d, struct app *a, const struct port *p)
{
	char level[64];
	page_textf(d, ST_HEAD, 0, "%s %s", p->locode, p->name);
	page_field(d, _("Country"), p->country);
	page_field(d, _("Region"), p->region);
	struct line *l = page_line(d);
	if (l) {
		snprintf(level, sizeof level, _("%d (i changes it)"), p->isps_level);
		l->indent = 2;
		line_add(l, _("ISPS level"), 16, ST_DIM);
		line_add(l, level, 0, style_isps(p->isps_level));
	}
	page_heading(d, _("Threats naming this port"));
	port_records(d, a, "threat", "ports", p->locode, threat_line);
	page_heading(d, _("Cases at this port"));
	port_records(d, a, "case", "port", p->locode, case_line);
}

static int port_open(struct screen *s, struct app *a)
{
	struct port p;
	for (char *c = s->arg; *c; c++)
		if (*c >= 'a' && *c <= 'z')
			*c = (char)(*c - 'a' + 'A');
	if (port_get(a->st, s->arg, &p) != 0) {
		app_msg(a, 1, _("unknown port '%s'"), s->arg);
		return -1;
	}
	struct page d = { 0 };
	port_doc(&d, a, &p);
	snprintf(s->title, sizeof s->title, _("Port: %s %s"), p.locode, p.name);
	return pager_screen_open(s, a, &d);
}

static int port_key(struct screen *s, struct app *a, enum action act, keycode k)
{
	if (act == ACT_ISPS)
		return ask_level(a, s->arg);
	return pager_screen_key(s, a, act, k);
}

const struct screen_ops port_screen = {
	"port", port_open, pager_screen_draw, port_key, pager_screen_close,
};

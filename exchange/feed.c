/* feed.c - see feed.h. */
#include "feed.h"

#include <stdlib.h>
#include <string.h>

#include "storage/releasability.h"
#include "storage/util.h"

/* A small open-addressing map from ids (36 characters) to an int, for one page. */
struct idmap {
	char (*keys)[37];
	int *vals;
	size_t cap;
};

static size_t slot(const struct idmap *m, const char *id)
{
	size_t h = 1469598103934665603u;
	for (const unsigned char *p = (const unsigned char *)id; *p; p++)
		h = (h ^ *p) * 1099511628211u;
	size_t i = h & (m->cap - 1);
	while (m->keys[i][0] && strcmp(m->keys[i], id) != 0)
		i = (i + 1) & (m->cap - 1);
	return i;
}

/* Returns the value of id, or -1 when absent. */
static int map_get(const struct idmap *m, const char *id)
{
	size_t i = slot(m, id);
	return m->keys[i][0] ? m->vals[i] : -1;
}

static void map_put(struct idmap *m, const char *id, int v)
{
	size_t i = slot(m, id);
	po_strlcpy(m->keys[i], id, 37);
	m->vals[i] = v;
}

static int map_init(struct idmap *m, size_t entries)
{
	m->cap = 64;
	while (m->cap < entries * 2)
		m->cap <<= 1;
	m->keys = calloc(m->cap, sizeof *m->keys);
	m->vals = calloc(m->cap, sizeof *m->vals);
	return m->keys && m->vals ? 0 : -1;
}

static void map_free(struct idmap *m)
{
	free(m->keys);
	free(m->vals);
}

struct page {
	struct xstore *xs;
	const char *agency;
	cJSON *items;
	int count, limit;
	long last;
	struct idmap sent;   /* ids already in the page */
	struct idmap roots;  /* root id -> visible now (1/0) */
};

int feed_env_visible(const char *env_json, const char *agency)
{
	if (!env_json)
		return 0;
	cJSON *env = cJSON_Parse(env_json);
	int v = env && rel_visible(env, agency);
	cJSON_Delete(env);
	return v;
}

static int root_visible(struct page *p, const char *root)
{
	int v = map_get(&p->roots, root);
	if (v >= 0)
		return v;
	cJSON *rec = xs_record_get(p->xs, root);
	v = rec && rel_visible(rec, p->agency);
	cJSON_Delete(rec);
	map_put(&p->roots, root, v);
	return v;
}

static void add_item(struct page *p, const char *type, const char *member, cJSON *value, const char *id)
{
	cJSON *it = cJSON_CreateObject();
	cJSON_AddStringToObject(it, "type", type);
	cJSON_AddItemToObject(it, member, value);
	cJSON_AddItemToArray(p->items, it);
	map_put(&p->sent, id, 1);
	p->count++;
}

/* Adds record id (visible) after its parents that the page does not hold yet. The stored text
 * goes into the page as it is (a raw item), without parsing. */
static void add_record(struct page *p, const char *id)
{
	char parent[37], key[37];
	char *text = xs_record_text(p->xs, id, parent);
	if (!text)
		return;
	if (*parent && map_get(&p->sent, parent) < 0)
		add_record(p, parent);
	po_strlcpy(key, id, sizeof key);
	cJSON *raw = cJSON_CreateRaw(text);
	free(text);
	if (raw)
		add_item(p, "record", "record", raw, key);
}

static void record_row(struct page *p, const struct xs_feed_row *r)
{
	if (map_get(&p->sent, r->ref) >= 0)
		return;
	if (root_visible(p, r->root))
		add_record(p, r->ref);
	else if (feed_env_visible(r->before, p->agency) || feed_env_visible(r->after, p->agency)) {
		add_item(p, "revoke", "id", cJSON_CreateString(r->ref), r->ref);
	}
}

static void conflict_row(struct page *p, const struct xs_feed_row *r)
{
	if (map_get(&p->sent, r->ref) >= 0 || !root_visible(p, r->root))
		return;
	cJSON *root = xs_record_get(p->xs, r->root);
	const cJSON *owner = cJSON_GetObjectItemCaseSensitive(root, "owner");
	cJSON *c = cJSON_IsString(owner) && !strcmp(owner->valuestring, p->agency) ? xs_conflict_get(p->xs, r->ref) : NULL;
	cJSON_Delete(root);
	if (c)
		add_item(p, "conflict", "conflict", c, r->ref);
}

static int row_cb(const struct xs_feed_row *r, void *arg)
{
	struct page *p = arg;
	p->last = r->seq;
	if (!strcmp(r->type, "conflict"))
		conflict_row(p, r);
	else
		record_row(p, r);
	return p->count >= p->limit;
}

int feed_page(struct xstore *xs, const char *agency, long after, int limit, struct feed_page *out,
	      char *err, size_t errlen)
{
	if (limit < 1)
		limit = 1;
	if (limit > FEED_MAX_LIMIT)
		limit = FEED_MAX_LIMIT;
	struct page p = { xs, agency, cJSON_CreateArray(), 0, limit, after, { 0 }, { 0 } };
	int scan = 8 * limit + 64;
	if (map_init(&p.sent, (size_t)limit * 3 + 16) != 0 || map_init(&p.roots, (size_t)scan) != 0) {
		map_free(&p.sent), map_free(&p.roots), cJSON_Delete(p.items);
		return po_err(err, errlen, "out of memory");
	}
	int n = xs_feed_scan(xs, after, scan, row_cb, &p);
	long head = xs_feed_head(xs);
	map_free(&p.sent);
	map_free(&p.roots);
	if (n < 0 || head < 0) {
		cJSON_Delete(p.items);
		return po_err(err, errlen, "cannot read the change feed");
	}
	out->items = p.items;
	out->last = p.last;
	out->has_more = p.last < head;
	return 0;
}

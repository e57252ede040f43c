/* admin.c - see admin.h. */
#include "admin.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "api.h"
#include "http.h"
#include "merge.h"
#include "storage/ident.h"
#include "storage/refdata.h"
#include "storage/releasability.h"
#include "storage/util.h"
#include "token.h"
#include "xstore.h"

/* The value after option name in argv, or NULL. */
static const char *opt(int argc, char **argv, const char *name)
{
	for (int i = 1; i + 1 < argc; i++)
		if (!strcmp(argv[i], name))
			return argv[i + 1];
	return NULL;
}

static int fail(const char *msg)
{
	fprintf(stderr, "portops-exchange: %s\n", msg);
	return XEXIT_FAIL;
}

static int usage_error(const char *msg)
{
	fprintf(stderr, "portops-exchange: %s (see portops-exchange(8))\n", msg);
	return XEXIT_USAGE;
}

/* Opens the store of an initialised exchange; NULL after printing why. */
static struct xstore *open_existing(const char *db)
{
	char err[PO_ERRLEN], name[101];
	struct xstore *xs;
	if (xs_open(db, 0, &xs, err, sizeof err) != 0) {
		fail(err);
		return NULL;
	}
	if (xs_setting(xs, "name", name, sizeof name) != 0) {
		xs_close(xs);
		fail("the exchange store is not initialised (run 'portops-exchange init')");
		return NULL;
	}
	return xs;
}

struct load {
	struct xstore *xs;
	char err[PO_ERRLEN];
	int n;
};

/* Stores one reference record with a new rev and its feed row. */
static int load_record(cJSON *rec, void *arg)
{
	struct load *l = arg;
	cJSON *r = cJSON_Duplicate(rec, 1);
	const cJSON *ca = cJSON_GetObjectItemCaseSensitive(r, "created_at");
	const cJSON *cb = cJSON_GetObjectItemCaseSensitive(r, "created_by");
	if (!cJSON_GetObjectItemCaseSensitive(r, "updated_at") && cJSON_IsString(ca))
		cJSON_AddStringToObject(r, "updated_at", ca->valuestring);
	if (!cJSON_GetObjectItemCaseSensitive(r, "updated_by") && cJSON_IsString(cb))
		cJSON_AddStringToObject(r, "updated_by", cb->valuestring);
	if (!cJSON_GetObjectItemCaseSensitive(r, "deleted"))
		cJSON_AddFalseToObject(r, "deleted");
	long rev = xs_next_rev(l->xs, l->err, sizeof l->err);
	cJSON_DeleteItemFromObjectCaseSensitive(r, "rev");
	cJSON_AddNumberToObject(r, "rev", (double)rev);
	const char *id = cJSON_GetObjectItemCaseSensitive(r, "id")->valuestring;
	cJSON *env = merge_envelope(r);
	int rc = rev < 0 || xs_record_put(l->xs, r, id, l->err, sizeof l->err) != 0 ||
		 xs_feed_add(l->xs, "record", id, id, NULL, env, l->err, sizeof l->err) < 0;
	cJSON_Delete(env);
	cJSON_Delete(r);
	l->n += !rc;
	return rc;
}

static int init_store(struct xstore *xs, const char *name, const char *mode, struct load *l)
{
	unsigned char epoch[16], key[TOKEN_KEYLEN];
	char hex[33], now[21];
	randombytes_buf(epoch, sizeof epoch);
	sodium_bin2hex(hex, sizeof hex, epoch, sizeof epoch);
	po_now(now);
	if (xs_begin(xs, l->err, sizeof l->err) != 0)
		return -1;
	int rc = xs_set_setting(xs, "name", name, l->err, sizeof l->err) != 0 ||
		 xs_set_setting(xs, "mode", mode, l->err, sizeof l->err) != 0 ||
		 xs_set_setting(xs, "epoch", hex, l->err, sizeof l->err) != 0 ||
		 xs_set_setting(xs, "created_at", now, l->err, sizeof l->err) != 0 ||
		 token_key(xs, key, l->err, sizeof l->err) != 0;
	char rerr[PO_ERRLEN] = "";
	if (!rc && refdata_records(load_record, l, rerr, sizeof rerr) < 0) {
		if (!*l->err)
			po_strlcpy(l->err, rerr, sizeof l->err);
		rc = 1;
	}
	if (rc) {
		xs_rollback(xs);
		return -1;
	}
	return xs_commit(xs, l->err, sizeof l->err);
}

int admin_init(const char *db, int argc, char **argv)
{
	const char *name = opt(argc, argv, "--name"), *mode = opt(argc, argv, "--mode");
	if (!mode)
		mode = "live";
	if (!name || !*name || strlen(name) > 100)
		return usage_error("init needs --name NAME (at most 100 bytes)");
	if (strcmp(mode, "live") != 0 && strcmp(mode, "training") != 0)
		return usage_error("--mode: live or training");
	struct load l = { NULL, "", 0 };
	char existing[101];
	if (xs_open(db, 1, &l.xs, l.err, sizeof l.err) != 0)
		return fail(l.err);
	if (xs_setting(l.xs, "name", existing, sizeof existing) == 0) {
		xs_close(l.xs);
		return fail("this exchange store is already initialised");
	}
	int rc = init_store(l.xs, name, mode, &l);
	xs_close(l.xs);
	if (rc != 0)
		return fail(l.err);
	printf("initialised exchange '%s' (%s) with %d reference records\n", name, mode, l.n);
	return XEXIT_OK;
}

static int print_agency(const char *code, const char *name, const char *country, void *arg)
{
	(void)arg;
	printf("%s\t%s\t%s\n", code, country, name);
	return 0;
}

static int agency_add(struct xstore *xs, int argc, char **argv)
{
	const char *country = opt(argc, argv, "--country");
	char code[20], cc[4], why[200], err[PO_ERRLEN];
	if (argc < 4 || !country)
		return usage_error("agency add CODE NAME --country CC");
	if (ident_agency(argv[2], code, sizeof code, why, sizeof why) != 0 ||
	    ident_country(country, cc, sizeof cc, why, sizeof why) != 0)
		return fail(why);
	const char *name = strcmp(argv[3], "--country") ? argv[3] : argv[5 < argc ? 5 : 3];
	if (!*name || strlen(name) > 200)
		return usage_error("agency add: NAME is required (at most 200 bytes)");
	if (xs_agency_add(xs, code, name, cc, err, sizeof err) != 0)
		return fail(err);
	printf("agency %s added\n", code);
	return XEXIT_OK;
}

int admin_agency(const char *db, int argc, char **argv)
{
	if (argc < 2 || (strcmp(argv[1], "add") && strcmp(argv[1], "list")))
		return usage_error("agency add CODE NAME --country CC | agency list");
	struct xstore *xs = open_existing(db);
	if (!xs)
		return XEXIT_FAIL;
	int rc = XEXIT_OK;
	if (!strcmp(argv[1], "add"))
		rc = agency_add(xs, argc, argv);
	else if (xs_agency_each(xs, print_agency, NULL) < 0)
		rc = fail("cannot read the agencies");
	xs_close(xs);
	return rc;
}

static int print_token(const struct xs_token *t, void *arg)
{
	(void)arg;
	printf("%s\t%s\t%s\t%s\t%s\n", t->id, t->agency, t->device, t->created_at,
	       t->revoked_at[0] ? t->revoked_at : "active");
	return 0;
}

static int token_new(struct xstore *xs, int argc, char **argv)
{
	const char *agency = opt(argc, argv, "--agency"), *device = opt(argc, argv, "--device");
	char err[PO_ERRLEN], tok[TOKEN_MAX];
	unsigned char key[TOKEN_KEYLEN];
	if (!agency || !device || !*device || strlen(device) > 100)
		return usage_error("token create --agency CODE --device NAME");
	if (!xs_agency_exists(xs, agency))
		return fail("no such agency on this exchange (add it with 'agency add')");
	if (token_key(xs, key, err, sizeof err) != 0 || token_create(xs, key, agency, device, tok, err, sizeof err) != 0)
		return fail(err);
	printf("%s\n", tok);
	sodium_memzero(tok, sizeof tok);
	return XEXIT_OK;
}

int admin_token(const char *db, int argc, char **argv)
{
	if (argc < 2 || (strcmp(argv[1], "create") && strcmp(argv[1], "list") && strcmp(argv[1], "revoke")))
		return usage_error("token create --agency CODE --device NAME | token list | token revoke ID");
	if (!strcmp(argv[1], "revoke") && argc < 3)
		return usage_error("token revoke ID");
	struct xstore *xs = open_existing(db);
	if (!xs)
		return XEXIT_FAIL;
	char err[PO_ERRLEN];
	int rc = XEXIT_OK;
	if (!strcmp(argv[1], "create"))
		rc = token_new(xs, argc, argv);
	else if (!strcmp(argv[1], "list"))
		rc = xs_token_each(xs, print_token, NULL) < 0 ? fail("cannot read the tokens") : XEXIT_OK;
	else if (xs_token_revoke(xs, argv[2], err, sizeof err) != 0)
		rc = fail(err);
	else
		printf("token %s revoked\n", argv[2]);
	xs_close(xs);
	return rc;
}

/* Reads a positive integer option into *v; 0, or -1 when malformed. */
static int int_opt(int argc, char **argv, const char *name, long min, long *v)
{
	const char *s = opt(argc, argv, name);
	if (!s)
		return 0;
	char *end;
	long n = strtol(s, &end, 10);
	if (*end || n < min)
		return -1;
	*v = n;
	return 0;
}

static int serve_limits(struct api_limits *lim, int argc, char **argv, long *threads)
{
	long timeout = lim->timeout, body = (long)lim->max_body, conns = lim->max_conns, per_ip = lim->per_ip;
	if (int_opt(argc, argv, "--timeout", 1, &timeout) || int_opt(argc, argv, "--max-body", 1024, &body) ||
	    int_opt(argc, argv, "--max-connections", 1, &conns) || int_opt(argc, argv, "--per-ip", 1, &per_ip) ||
	    int_opt(argc, argv, "--threads", 1, threads))
		return -1;
	lim->timeout = (int)timeout;
	lim->max_body = (size_t)body;
	lim->max_conns = (int)conns;
	lim->per_ip = (int)per_ip;
	return 0;
}

int admin_serve(const char *db, int argc, char **argv)
{
	struct http_opts o = { opt(argc, argv, "--listen"), opt(argc, argv, "--tls-cert"),
			       opt(argc, argv, "--tls-key"), 4 };
	struct api a;
	long threads = 4;
	memset(&a, 0, sizeof a);
	api_defaults(&a.lim);
	if (!o.listen || !o.tls_cert != !o.tls_key || serve_limits(&a.lim, argc, argv, &threads) != 0)
		return usage_error("serve --listen ADDR:PORT [--tls-cert F --tls-key F] [--timeout S] [--max-body N]"
				   " [--max-connections N] [--per-ip N] [--threads N]");
	o.threads = (int)threads;
	struct xstore *xs = open_existing(db);
	if (!xs)
		return XEXIT_FAIL;
	char err[PO_ERRLEN];
	int rc = api_init(&a, xs, err, sizeof err) == 0 && http_serve(&a, &o, err, sizeof err) == 0 ? XEXIT_OK
													: fail(err);
	xs_close(xs);
	return rc;
}

static int dump_record(const cJSON *rec, void *arg)
{
	void **a = arg;
	char root[37];
	const char *id = cJSON_GetObjectItemCaseSensitive(rec, "id")->valuestring;
	cJSON *r = xs_record_root(a[0], id, root) == 0 ? xs_record_get(a[0], root) : NULL;
	if (r && rel_visible(r, a[1])) {
		char *text = cJSON_PrintUnformatted(rec);
		printf("%s\n", text);
		free(text);
	}
	cJSON_Delete(r);
	return 0;
}

int admin_dump(const char *db, int argc, char **argv)
{
	const char *agency = opt(argc, argv, "--agency");
	if (!agency)
		return usage_error("dump --agency CODE");
	struct xstore *xs = open_existing(db);
	if (!xs)
		return XEXIT_FAIL;
	void *a[] = { xs, (void *)agency };
	int rc = xs_record_each(xs, dump_record, a) < 0 ? fail("cannot read the records") : XEXIT_OK;
	xs_close(xs);
	return rc;
}

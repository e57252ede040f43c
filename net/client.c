/* client.c - see client.h. */
#include "client.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <curl/curl.h>
#include <sodium.h>

#include "net/codec.h"
#include "storage/util.h"

struct client {
	CURL *h;                /* one handle, reused (keeps the connection) */
	char *url, *auth;       /* base URL; "Authorization: Bearer ..." */
	char *cafile, *pin;
	long connect_timeout, low_speed_time;
	int retries;
	long retry_after;       /* seconds the last reply asked to wait (Retry-After), or 0 */
	const atomic_int *cancel; /* see client_conf; may be NULL */
};

/* The reply body as it arrives, bounded by CODEC_MAX_DOCUMENT. */
struct buf {
	char *p;
	size_t len, cap;
	int too_big;
};

static size_t on_data(char *data, size_t size, size_t n, void *arg)
{
	struct buf *b = arg;
	size_t add = size * n;
	if (b->len + add > CODEC_MAX_DOCUMENT) {
		b->too_big = 1;
		return 0;
	}
	if (b->len + add + 1 > b->cap) {
		size_t cap = b->cap ? b->cap * 2 : 65536;
		while (cap < b->len + add + 1)
			cap *= 2;
		char *np = realloc(b->p, cap);
		if (!np)
			return 0;
		b->p = np, b->cap = cap;
	}
	memcpy(b->p + b->len, data, add);
	b->len += add;
	b->p[b->len] = '\0';
	return add;
}

/* Notes the Retry-After header (seconds or an HTTP date, capped at 60 s) in the client. */
static size_t on_header(char *data, size_t size, size_t n, void *arg)
{
	struct client *c = arg;
	size_t len = size * n;
	if (len > 12 && strncasecmp(data, "Retry-After:", 12) == 0) {
		char v[64];
		snprintf(v, sizeof v, "%.*s", (int)(len - 12), data + 12);
		long secs = strtol(v, NULL, 10);
		if (secs <= 0) {
			time_t when = curl_getdate(v, NULL);
			secs = when > 0 ? (long)(when - time(NULL)) : 0;
		}
		c->retry_after = secs > 0 ? (secs > 60 ? 60 : secs) : 0;
	}
	return len;
}

static char *dup_or_null(const char *s)
{
	return s && *s ? strdup(s) : NULL;
}

static int env_retries(void)
{
	const char *e = getenv("PORTOPS_RETRIES");
	return e && *e ? atoi(e) : 4;
}

int client_open(const struct client_conf *conf, struct client **out, char *err, size_t errlen)
{
	static int global;
	if (!global++)
		curl_global_init(CURL_GLOBAL_DEFAULT);
	struct client *c = calloc(1, sizeof *c);
	if (!c || !(c->h = curl_easy_init())) {
		free(c);
		return po_err(err, errlen, "cannot start libcurl");
	}
	size_t n = strlen(conf->token) + 32;
	c->url = strdup(conf->url);
	c->auth = malloc(n);
	if (c->auth)
		snprintf(c->auth, n, "Authorization: Bearer %s", conf->token);
	c->cafile = dup_or_null(conf->cafile);
	c->pin = dup_or_null(conf->pin);
	c->connect_timeout = conf->connect_timeout > 0 ? conf->connect_timeout : 10;
	c->low_speed_time = conf->low_speed_time > 0 ? conf->low_speed_time : 30;
	c->retries = conf->retries >= 0 ? conf->retries : env_retries();
	c->cancel = conf->cancel;
	*out = c;
	return 0;
}

void client_close(struct client *c)
{
	if (!c)
		return;
	curl_easy_cleanup(c->h);
	if (c->auth)
		sodium_memzero(c->auth, strlen(c->auth));
	free(c->url), free(c->auth), free(c->cafile), free(c->pin);
	free(c);
}

int client_check_url(const char *url, char *err, size_t errlen)
{
	static const char *const loopback[] = { "http://127.", "http://localhost:", "http://localhost/",
						"http://[::1]", NULL };
	if (!strncmp(url, "https://", 8) && url[8])
		return 0;
	for (int i = 0; loopback[i]; i++)
		if (!strncmp(url, loopback[i], strlen(loopback[i])))
			return 0;
	return po_err(err, errlen, "the exchange URL must start with https:// (plain http:// only to this machine)");
}

static int cancelled(const struct client *c)
{
	return c->cancel && atomic_load(c->cancel);
}

/* curl's progress callback: a non-zero return aborts the transfer. */
static int on_progress(void *arg, curl_off_t dltotal, curl_off_t dlnow, curl_off_t ultotal, curl_off_t ulnow)
{
	(void)dltotal, (void)dlnow, (void)ultotal, (void)ulnow;
	return cancelled(arg);
}

/* Sets the options of one request. */
static void setup(struct client *c, const char *method, const char *full, const char *body, struct buf *b,
		  struct curl_slist *hdr)
{
	CURL *h = c->h;
	curl_easy_reset(h);
	curl_easy_setopt(h, CURLOPT_URL, full);
	curl_easy_setopt(h, CURLOPT_HTTPHEADER, hdr);
	curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 0L);
	curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, 1L);
	curl_easy_setopt(h, CURLOPT_SSL_VERIFYHOST, 2L);
	if (c->cafile)
		curl_easy_setopt(h, CURLOPT_CAINFO, c->cafile);
	if (c->pin)
		curl_easy_setopt(h, CURLOPT_PINNEDPUBLICKEY, c->pin);
	curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT, c->connect_timeout);
	curl_easy_setopt(h, CURLOPT_LOW_SPEED_LIMIT, 1L);
	curl_easy_setopt(h, CURLOPT_LOW_SPEED_TIME, c->low_speed_time);
	curl_easy_setopt(h, CURLOPT_ACCEPT_ENCODING, "");
	curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(h, CURLOPT_USERAGENT, "portops/0.1");
	curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_data);
	curl_easy_setopt(h, CURLOPT_WRITEDATA, b);
	curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, on_header);
	curl_easy_setopt(h, CURLOPT_HEADERDATA, c);
	if (c->cancel) {
		curl_easy_setopt(h, CURLOPT_NOPROGRESS, 0L);
		curl_easy_setopt(h, CURLOPT_XFERINFOFUNCTION, on_progress);
		curl_easy_setopt(h, CURLOPT_XFERINFODATA, c);
	}
	if (!strcmp(method, "POST")) {
		curl_easy_setopt(h, CURLOPT_POST, 1L);
		curl_easy_setopt(h, CURLOPT_POSTFIELDS, body ? body : "");
		curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)(body ? strlen(body) : 0));
	}
}

/* Whether a transport error is worth another attempt. */
static int transient(CURLcode rc)
{
	return rc == CURLE_OPERATION_TIMEDOUT || rc == CURLE_COULDNT_CONNECT || rc == CURLE_RECV_ERROR ||
	       rc == CURLE_SEND_ERROR || rc == CURLE_GOT_NOTHING || rc == CURLE_PARTIAL_FILE;
}

static int retry_status(long status)
{
	return status == 408 || status == 429 || status >= 500;
}

/* Sleeps before attempt n (1, 2, ...): Retry-After when given, else exponential backoff from
 * 250 ms (capped at 8 s) with jitter over its upper half. */
static void backoff(const struct client *c, int n)
{
	long ms = 250L << (n - 1 < 5 ? n - 1 : 5);
	if (ms > 8000)
		ms = 8000;
	ms = ms / 2 + (long)randombytes_uniform((uint32_t)(ms / 2 + 1));
	if (c->retry_after > 0)
		ms = c->retry_after * 1000;
	/* in slices, so that a cancellation is seen soon */
	for (long left = ms; left > 0 && !cancelled(c); left -= 50) {
		long slice = left < 50 ? left : 50;
		struct timespec ts = { 0, slice * 1000000L };
		nanosleep(&ts, NULL);
	}
}

/* One attempt; returns the status or -1 with err (curl's reason). */
static long attempt(struct client *c, const char *method, const char *full, const char *body, struct buf *b,
		    CURLcode *rc, char *err, size_t errlen)
{
	struct curl_slist *hdr = curl_slist_append(NULL, c->auth);
	hdr = curl_slist_append(hdr, "Accept: application/json");
	if (body)
		hdr = curl_slist_append(hdr, "Content-Type: application/json");
	hdr = curl_slist_append(hdr, "Expect:");
	setup(c, method, full, body, b, hdr);
	c->retry_after = 0;
	*rc = curl_easy_perform(c->h);
	curl_slist_free_all(hdr);
	long status = -1;
	if (*rc == CURLE_OK)
		curl_easy_getinfo(c->h, CURLINFO_RESPONSE_CODE, &status);
	else
		po_err(err, errlen, "%s: %s", c->url, b->too_big ? "reply too large" : curl_easy_strerror(*rc));
	return status;
}

int client_call(struct client *c, const char *method, const char *path, const char *body, cJSON **reply,
		char *err, size_t errlen)
{
	size_t n = strlen(c->url) + strlen(path) + 2;
	char *full = malloc(n);
	if (!full)
		return po_err(err, errlen, "out of memory");
	size_t ul = strlen(c->url);
	snprintf(full, n, "%.*s%s", (int)(ul && c->url[ul - 1] == '/' ? ul - 1 : ul), c->url, path);
	*reply = NULL;
	struct buf b = { 0 };
	long status = -1;
	for (int i = 0; i <= c->retries; i++) {
		if (i > 0)
			backoff(c, i);
		if (cancelled(c)) {
			status = -1;
			po_err(err, errlen, "%s: cancelled", c->url);
			break;
		}
		free(b.p);
		memset(&b, 0, sizeof b);
		CURLcode rc;
		status = attempt(c, method, full, body, &b, &rc, err, errlen);
		if (status < 0 ? !transient(rc) : !retry_status(status))
			break;
	}
	free(full);
	if (status >= 0 && b.p)
		*reply = codec_parse(b.p, b.len, CODEC_MAX_DOCUMENT, NULL, 0);
	if (status >= 300 && status < 400)
		po_err(err, errlen, "the exchange answered with a redirect (%ld); portops does not follow redirects", status);
	free(b.p);
	return (int)status;
}

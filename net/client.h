/* client.h - the exchange client: HTTPS/JSON requests with libcurl, the device token, TLS
 * verification (always on) with an optional CA file and public-key pin, connect and low-speed
 * timeouts, gzip, no redirects, and retries with backoff and jitter on timeouts, connection
 * failures and 408/429/5xx (honouring Retry-After). Pushes are safe to retry: mutations are
 * idempotent on the exchange. */
#ifndef PORTOPS_CLIENT_H
#define PORTOPS_CLIENT_H

#include <stdatomic.h>
#include <stddef.h>
#include <cjson/cJSON.h>

struct client_conf {
	const char *url;         /* base URL, e.g. "https://exchange.example:8443" */
	const char *token;       /* device token "ID.SECRET" */
	const char *cafile;      /* PEM CA bundle, or NULL for the system's */
	const char *pin;         /* "sha256//BASE64" public-key pin(s), or NULL */
	long connect_timeout;    /* seconds; 0 = 10 */
	long low_speed_time;     /* seconds below 1 byte/s before giving up; 0 = 30 */
	int retries;             /* retries after the first attempt; -1 = $PORTOPS_RETRIES or 4 */
	const atomic_int *cancel; /* non-zero there aborts a request and its retries (within about a
				   * second); NULL when requests cannot be cancelled */
};

struct client;

/* Makes a client for conf (the strings are copied). Returns 0 or -1 with err. */
int client_open(const struct client_conf *conf, struct client **out, char *err, size_t errlen);
void client_close(struct client *c);

/* Sends method (GET or POST) to path (with its query) and body (JSON text or NULL). Returns the
 * HTTP status of the last attempt with the parsed JSON reply in *reply (NULL when it had none or
 * it was not JSON; the caller frees it), or -1 when no answer came, with err. */
int client_call(struct client *c, const char *method, const char *path, const char *body, cJSON **reply,
		char *err, size_t errlen);

/* Checks a remote URL: https://, or http:// to a loopback address only. 0 or -1 with err. */
int client_check_url(const char *url, char *err, size_t errlen);

#endif

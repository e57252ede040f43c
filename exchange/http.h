/* http.h - the exchange's HTTP(S) server (libmicrohttpd): moves requests to api_handle and
 * enforces the transport limits (body size, connections, per-address connections, timeouts). */
#ifndef PORTOPS_HTTP_H
#define PORTOPS_HTTP_H

#include <stddef.h>

#include "api.h"

struct http_opts {
	const char *listen;     /* "ADDR:PORT" ("[ADDR]:PORT" for IPv6); port 0 picks a free port */
	const char *tls_cert;   /* PEM certificate file, or NULL for plain HTTP */
	const char *tls_key;    /* PEM key file */
	int threads;            /* worker threads */
};

/* Serves until SIGINT or SIGTERM. Prints "listening on ADDR:PORT" (the real port) on standard
 * output first. Returns 0 after a clean stop, -1 with err when it cannot start. */
int http_serve(struct api *a, const struct http_opts *o, char *err, size_t errlen);

#endif

/* api.h - the exchange's protocol v1 (docs/PROTOCOL.md), independent of the HTTP library:
 * a request in, a status and a JSON body out. The HTTP layer (http.c) only moves bytes. */
#ifndef PORTOPS_API_H
#define PORTOPS_API_H

#include <stddef.h>

#include "xstore.h"
#include "token.h"

#define API_PROTOCOL 1

/* Limits in force; the defaults are in api_defaults. */
struct api_limits {
	size_t max_body;     /* bytes of a request body (413 above) */
	int max_batch;       /* mutations in one push */
	int page_default;    /* items of a changes page when no limit is asked */
	int page_max;        /* items of a changes page at most */
	int timeout;         /* seconds a connection may stay idle */
	int max_conns;       /* connections at once */
	int per_ip;          /* connections at once from one address */
};

struct api {
	struct xstore *xs;                  /* the store (borrowed) */
	unsigned char key[TOKEN_KEYLEN];    /* token and cursor key */
	char name[101];                     /* exchange name */
	char mode[16];                      /* "live" or "training" */
	char epoch[33];                     /* feed epoch (cursors of another epoch are refused) */
	struct api_limits lim;              /* limits */
};

struct api_request {
	const char *method;         /* "GET", "POST", ... */
	const char *path;           /* "/v1/hello", ... */
	const char *authorization;  /* the Authorization header, or NULL */
	const char *cursor;         /* query parameter cursor, or NULL */
	const char *limit;          /* query parameter limit, or NULL */
	const char *body;           /* request body (may be NULL) */
	size_t body_len;
};

struct api_reply {
	int status;   /* HTTP status */
	char *body;   /* JSON text, malloc'd; the caller frees */
};

void api_defaults(struct api_limits *lim);
/* Loads name, mode, epoch and key from the store; 0 or -1 with err (not initialised). */
int api_init(struct api *a, struct xstore *xs, char *err, size_t errlen);
/* Handles one request; always fills r. Takes the store's lock as needed. */
void api_handle(struct api *a, const struct api_request *q, struct api_reply *r);
/* A JSON error body {"error": msg} with status into r. */
void api_error(struct api_reply *r, int status, const char *msg);

#endif

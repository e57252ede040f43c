/* http.c - see http.h. */
#include "http.h"

#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <microhttpd.h>

#include "gzip.h"
#include "storage/util.h"

/* State of one request while its body arrives. */
struct request {
	char *body;        /* bytes received so far */
	size_t len, cap;
	int too_big;       /* the body passed the limit: answer 413 */
	time_t started;    /* for the body deadline */
};

static struct request *request_new(void)
{
	struct request *rq = calloc(1, sizeof *rq);
	if (rq)
		rq->started = time(NULL);
	return rq;
}

static void on_completed(void *cls, struct MHD_Connection *c, void **con_cls, enum MHD_RequestTerminationCode why)
{
	(void)cls, (void)c, (void)why;
	struct request *rq = *con_cls;
	if (rq)
		free(rq->body), free(rq);
	*con_cls = NULL;
}

/* Appends a chunk of body, marking the request too big past max. */
static void body_append(struct request *rq, const char *data, size_t n, size_t max)
{
	if (rq->too_big || rq->len + n > max) {
		rq->too_big = 1;
		free(rq->body), rq->body = NULL, rq->len = rq->cap = 0;
		return;
	}
	if (rq->len + n + 1 > rq->cap) {
		size_t cap = rq->cap ? rq->cap : 8192;
		while (cap < rq->len + n + 1)
			cap *= 2;
		char *nb = realloc(rq->body, cap);
		if (!nb) {
			rq->too_big = 1;
			return;
		}
		rq->body = nb, rq->cap = cap;
	}
	memcpy(rq->body + rq->len, data, n);
	rq->len += n;
	rq->body[rq->len] = '\0';
}

/* Whether the client accepts a gzip-compressed reply. */
static int accepts_gzip(struct MHD_Connection *c)
{
	const char *ae = MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_ACCEPT_ENCODING);
	return ae && strstr(ae, "gzip") != NULL;
}

/* Compresses the reply body when it is worth it and the client accepts it; 1 when compressed. */
static int maybe_gzip(struct MHD_Connection *c, struct api_reply *r, size_t *len)
{
	*len = strlen(r->body);
	if (*len < 1024 || !accepts_gzip(c))
		return 0;
	size_t zlen;
	char *z = gzip_compress(r->body, *len, &zlen);
	if (!z)
		return 0;
	free(r->body);
	r->body = z;
	*len = zlen;
	return 1;
}

static enum MHD_Result send_reply(struct MHD_Connection *c, struct api_reply *r)
{
	size_t len;
	int gz = maybe_gzip(c, r, &len);
	struct MHD_Response *resp = MHD_create_response_from_buffer(len, r->body, MHD_RESPMEM_MUST_FREE);
	if (!resp) {
		free(r->body);
		return MHD_NO;
	}
	if (gz)
		MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_ENCODING, "gzip");
	MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, "application/json");
	MHD_add_response_header(resp, MHD_HTTP_HEADER_CACHE_CONTROL, "no-store");
	enum MHD_Result ret = MHD_queue_response(c, (unsigned)r->status, resp);
	MHD_destroy_response(resp);
	return ret;
}

static enum MHD_Result reply_error(struct MHD_Connection *c, int status, const char *msg)
{
	struct api_reply r;
	api_error(&r, status, msg);
	return send_reply(c, &r);
}

/* Whether the declared Content-Length is above max. */
static int declared_too_big(struct MHD_Connection *c, size_t max)
{
	const char *cl = MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);
	return cl && strtoull(cl, NULL, 10) > max;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c, const char *url, const char *method,
				  const char *version, const char *upload, size_t *upload_size, void **con_cls)
{
	(void)version;
	struct api *a = cls;
	struct request *rq = *con_cls;
	if (!rq) {
		if (!(*con_cls = rq = request_new()))
			return MHD_NO;
		if (declared_too_big(c, a->lim.max_body))
			return reply_error(c, 413, "body: larger than the exchange accepts");
		return MHD_YES;
	}
	if (*upload_size) {
		if (time(NULL) - rq->started > 3L * a->lim.timeout)
			return MHD_NO; /* a body trickling in slower than the deadline: drop the connection */
		body_append(rq, upload, *upload_size, a->lim.max_body);
		*upload_size = 0;
		return MHD_YES;
	}
	if (rq->too_big)
		return reply_error(c, 413, "body: larger than the exchange accepts");
	struct api_request q = {
		method, url, MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_AUTHORIZATION),
		MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "cursor"),
		MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "limit"), rq->body, rq->len,
	};
	struct api_reply r;
	api_handle(a, &q, &r);
	return send_reply(c, &r);
}

/* Splits "ADDR:PORT" / "[ADDR]:PORT" into host and port. */
static int split_listen(const char *listen, char *host, size_t hn, char *port, size_t pn)
{
	const char *colon = strrchr(listen, ':');
	if (!colon || !colon[1])
		return -1;
	size_t len = (size_t)(colon - listen);
	const char *h = listen;
	if (len >= 2 && h[0] == '[' && h[len - 1] == ']')
		h++, len -= 2;
	if (len == 0 || len >= hn)
		return -1;
	memcpy(host, h, len);
	host[len] = '\0';
	po_strlcpy(port, colon + 1, pn);
	return 0;
}

/* Opens the listening socket; returns it, or -1 with err. */
static int open_listener(const char *listen_on, char *err, size_t errlen)
{
	char host[256], port[16];
	if (split_listen(listen_on, host, sizeof host, port, sizeof port) != 0)
		return po_err(err, errlen, "--listen: expected ADDR:PORT, got '%s'", listen_on);
	struct addrinfo hints = { .ai_flags = AI_PASSIVE, .ai_socktype = SOCK_STREAM }, *ai;
	int gai = getaddrinfo(host, port, &hints, &ai);
	if (gai != 0)
		return po_err(err, errlen, "--listen %s: %s", listen_on, gai_strerror(gai));
	int fd = socket(ai->ai_family, SOCK_STREAM | SOCK_CLOEXEC, 0), one = 1;
	if (fd >= 0)
		setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
	if (fd < 0 || bind(fd, ai->ai_addr, ai->ai_addrlen) != 0 || listen(fd, 256) != 0) {
		po_err(err, errlen, "cannot listen on %s: %m", listen_on);
		if (fd >= 0)
			close(fd);
		fd = -1;
	}
	freeaddrinfo(ai);
	return fd;
}

/* Prints "listening on ADDR:PORT" for the bound socket fd. */
static void print_address(int fd)
{
	struct sockaddr_storage ss;
	socklen_t len = sizeof ss;
	char host[INET6_ADDRSTRLEN] = "?";
	int port = 0;
	getsockname(fd, (struct sockaddr *)&ss, &len);
	if (ss.ss_family == AF_INET6) {
		struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)&ss;
		inet_ntop(AF_INET6, &s6->sin6_addr, host, sizeof host);
		port = ntohs(s6->sin6_port);
		printf("listening on [%s]:%d\n", host, port);
	} else {
		struct sockaddr_in *s4 = (struct sockaddr_in *)&ss;
		inet_ntop(AF_INET, &s4->sin_addr, host, sizeof host);
		port = ntohs(s4->sin_port);
		printf("listening on %s:%d\n", host, port);
	}
	fflush(stdout);
}

static void log_error(void *cls, const char *fmt, va_list ap)
{
	(void)cls;
	fputs("portops-exchange: ", stderr);
	vfprintf(stderr, fmt, ap);
}

static struct MHD_Daemon *start(struct api *a, const struct http_opts *o, int fd, char *cert, char *key)
{
	unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_ERROR_LOG;
#ifdef __linux__
	flags |= MHD_USE_EPOLL;
#endif
	if (cert)
		flags |= MHD_USE_TLS;
	unsigned threads = o->threads > 0 ? (unsigned)o->threads : 4;
	return MHD_start_daemon(flags, 0, NULL, NULL, on_request, a,
				MHD_OPTION_EXTERNAL_LOGGER, log_error, NULL,
				MHD_OPTION_LISTEN_SOCKET, fd,
				MHD_OPTION_THREAD_POOL_SIZE, threads,
				MHD_OPTION_CONNECTION_LIMIT, (unsigned)a->lim.max_conns,
				MHD_OPTION_PER_IP_CONNECTION_LIMIT, (unsigned)a->lim.per_ip,
				MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)a->lim.timeout,
				MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)(256 * 1024),
				MHD_OPTION_NOTIFY_COMPLETED, on_completed, NULL,
				cert ? MHD_OPTION_HTTPS_MEM_CERT : MHD_OPTION_END, cert,
				MHD_OPTION_HTTPS_MEM_KEY, key,
				MHD_OPTION_END);
}

static int wait_for_stop(void)
{
	sigset_t set;
	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	int sig = 0;
	sigwait(&set, &sig);
	return sig;
}

int http_serve(struct api *a, const struct http_opts *o, char *err, size_t errlen)
{
	char *cert = NULL, *key = NULL;
	if (o->tls_cert && (!(cert = po_read_file(o->tls_cert, 1 << 20, NULL, err, errlen)) ||
			    !(key = po_read_file(o->tls_key, 1 << 20, NULL, err, errlen)))) {
		free(cert);
		return -1;
	}
	sigset_t set;
	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGPIPE);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	int fd = open_listener(o->listen, err, errlen);
	struct MHD_Daemon *d = fd >= 0 ? start(a, o, fd, cert, key) : NULL;
	int rc = 0;
	if (!d) {
		if (fd >= 0)
			close(fd), po_err(err, errlen, "cannot start the HTTP server (TLS certificate or key unusable?)");
		rc = -1;
	} else {
		print_address(fd);
		wait_for_stop();
		MHD_stop_daemon(d);
		close(fd);
	}
	free(cert);
	free(key);
	return rc;
}

/* app.c - the application-wide helpers of ui.h: the message line and the extra inputs of the
 * event loop. */
#include <stdarg.h>
#include <stdio.h>

#include "ui.h"

void app_msg(struct app *a, int error, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(a->msg, sizeof a->msg, fmt, ap);
	va_end(ap);
	a->msg_error = error;
}

int app_watch_fd(struct app *a, int fd, void (*ready)(struct app *a, int fd, void *arg), void *arg)
{
	if (a->nfds >= MAX_FDS)
		return -1;
	a->fds[a->nfds++] = (struct app_fd){ fd, ready, arg };
	return 0;
}

void app_unwatch_fd(struct app *a, int fd)
{
	for (int i = 0; i < a->nfds; i++)
		if (a->fds[i].fd == fd) {
			a->fds[i] = a->fds[--a->nfds];
			return;
		}
}

/* edit_editor.c - long text in $VISUAL/$EDITOR through a temporary file (edit.h editor_run). */
#include <curses.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "console/i18n.h"
#include "edit.h"
#include "storage/util.h"

enum { EDITOR_MAX = 1 << 20 };

/* The editor command: $VISUAL, else $EDITOR, else vi. */
static const char *editor_cmd(void)
{
	const char *e = getenv("VISUAL");
	if (!e || !*e)
		e = getenv("EDITOR");
	return e && *e ? e : "vi";
}

/* Makes the temporary file holding text; its path goes into path. Returns 0, or -1 with err. */
static int write_temp(const char *text, char *path, size_t n, char *err, size_t errlen)
{
	const char *dir = getenv("TMPDIR");
	snprintf(path, n, "%s/portops-XXXXXX", dir && *dir ? dir : "/tmp");
	int fd = mkstemp(path);
	if (fd < 0)
		return po_err(err, errlen, _("cannot make a temporary file: %s"), strerror(errno));
	fchmod(fd, 0600);
	size_t len = strlen(text);
	int rc = write(fd, text, len) == (ssize_t)len && (len == 0 || write(fd, "\n", 1) == 1) ? 0 : -1;
	if (close(fd) != 0 || rc != 0) {
		unlink(path);
		return po_err(err, errlen, _("cannot write %s: %s"), path, strerror(errno));
	}
	return 0;
}

/* Runs the editor on path through the shell (the command may hold options). Returns its exit
 * status, or -1. */
static int spawn(const char *path)
{
	pid_t pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		execl("/bin/sh", "sh", "-c", "exec $0 \"$1\"", editor_cmd(), path, (char *)NULL);
		_exit(127);
	}
	int status;
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return -1;
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

/* Reads the edited file, without one trailing newline. NULL with err. */
static char *read_back(const char *path, char *err, size_t errlen)
{
	size_t len;
	char *text = po_read_file(path, EDITOR_MAX, &len, err, errlen);
	if (text && len > 0 && text[len - 1] == '\n')
		text[len - 1] = '\0';
	return text;
}

int editor_run(const char *text, char **out, char *err, size_t errlen)
{
	char path[4096];
	*out = NULL;
	if (write_temp(text, path, sizeof path, err, errlen) != 0)
		return -1;
	def_prog_mode();
	endwin();
	int status = spawn(path);
	reset_prog_mode();
	refresh();
	char *edited = status == 0 ? read_back(path, err, errlen) : NULL;
	unlink(path);
	if (status != 0)
		return 0;
	if (!edited)
		return -1;
	if (!strcmp(edited, text)) {
		free(edited);
		return 0;
	}
	*out = edited;
	return 1;
}

/* log.c — append-only, never-blocking debug log (see log.h). */
#include "log.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "xmalloc.h"

/* Whole line, timestamp and dropped-lines note included, stays under PIPE_BUF. */
#define LOG_LINE_MAX 3800

struct log {
	int fd;
	uint64_t dropped;          /* total lines lost */
	uint64_t dropped_unsaid;   /* lost since the last line that got through */
};

struct log *log_open(const char *path, struct err *e)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_NONBLOCK | O_CLOEXEC | O_NOCTTY,
		      0600);
	if (fd < 0) {
		err_set_errno(e, ERR_IO, errno, "cannot open the debug log %s", path);
		return NULL;
	}
	struct stat st;
	if (fstat(fd, &st) != 0) {
		err_set_errno(e, ERR_IO, errno, "cannot inspect the debug log %s", path);
		close(fd);
		return NULL;
	}
	/* A log written before may be group-readable; the debug log names
	 * accounts and institutions, so it is private like the vault. */
	if (S_ISREG(st.st_mode) && st.st_uid == geteuid() && (st.st_mode & 077) != 0 &&
	    fchmod(fd, 0600) != 0) {
		err_set_errno(e, ERR_PERM, errno, "cannot make the debug log %s private (chmod 600 it)",
			      path);
		close(fd);
		return NULL;
	}
	struct log *l = xcalloc(1, sizeof *l);
	l->fd = fd;
	return l;
}

void log_free(struct log **lp)
{
	if (*lp == NULL)
		return;
	close((*lp)->fd);
	free(*lp);
	*lp = NULL;
}

uint64_t log_dropped(const struct log *l)
{
	return l != NULL ? l->dropped : 0;
}

static void log_stamp(struct buf *b)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	struct tm tm;
	gmtime_r(&ts.tv_sec, &tm);
	char when[32];
	strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%S", &tm);
	buf_printf(b, "%s.%03ldZ ", when, ts.tv_nsec / 1000000);
}

void log_printf(struct log *l, const char *fmt, ...)
{
	if (l == NULL)
		return;
	struct buf line = BUF_INIT;
	log_stamp(&line);
	size_t start = line.len;
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n >= 0) {
		buf_reserve(&line, (size_t)n);
		va_start(ap, fmt);
		vsnprintf(line.data + line.len, (size_t)n + 1, fmt, ap);
		va_end(ap);
		line.len += (size_t)n;
	}
	/* Within PIPE_BUF a write to a pipe is all or nothing, so a lost line
	 * never leaves half a line behind. */
	if (line.len > LOG_LINE_MAX) {
		line.len = LOG_LINE_MAX;
		memcpy(line.data + line.len - 3, "...", 3);
		line.data[line.len] = '\0';
	}
	for (size_t i = start; i < line.len; i++) {
		unsigned char c = (unsigned char)line.data[i];
		if (c < 0x20 || c == 0x7f)
			line.data[i] = '?';
	}
	if (l->dropped_unsaid > 0)
		buf_printf(&line, " [%llu earlier lines dropped]",
			   (unsigned long long)l->dropped_unsaid);
	buf_append_char(&line, '\n');
	/* One write per line: O_APPEND keeps lines whole even with several
	 * writers, and a short or refused write is a dropped line, never a wait. */
	ssize_t w = write(l->fd, line.data, line.len);
	if (w == (ssize_t)line.len) {
		l->dropped_unsaid = 0;
	} else {
		l->dropped++;
		l->dropped_unsaid++;
	}
	buf_free(&line);
}

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

#include "xmalloc.h"

/* A whole line, timestamp and dropped-lines note included, stays under PIPE_BUF. */
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

/* "2026-11-23T23:42:26.123Z " into out (at least 32 bytes); returns its length. */
static size_t log_stamp(char *out, size_t n)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	struct tm tm;
	gmtime_r(&ts.tv_sec, &tm);
	size_t len = strftime(out, n, "%Y-%m-%dT%H:%M:%S", &tm);
	int k = snprintf(out + len, n - len, ".%03dZ ", (int)(ts.tv_nsec / 1000000));
	return len + (k > 0 ? (size_t)k : 0);
}

void log_printf(struct log *l, const char *fmt, ...)
{
	if (l == NULL)
		return;
	/* Within PIPE_BUF a write to a pipe is all or nothing, so a lost line
	 * never leaves half a line behind; longer messages are cut. */
	char line[LOG_LINE_MAX + 64];
	size_t start = log_stamp(line, sizeof line);
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(line + start, LOG_LINE_MAX - start, fmt, ap);
	va_end(ap);
	size_t len = start + (n > 0 ? (size_t)n : 0);
	if (len >= LOG_LINE_MAX) {
		len = LOG_LINE_MAX - 1;
		memset(line + len - 3, '.', 3);
	}
	for (size_t i = start; i < len; i++) {
		unsigned char c = (unsigned char)line[i];
		if (c < 0x20 || c == 0x7f)
			line[i] = '?';
	}
	if (l->dropped_unsaid > 0) {
		int k = snprintf(line + len, sizeof line - len, " [%llu earlier lines dropped]",
				 (unsigned long long)l->dropped_unsaid);
		len += k > 0 ? (size_t)k : 0;
	}
	line[len++] = '\n';
	/* One write per line: O_APPEND keeps lines whole even with several
	 * writers, and a short or refused write is a dropped line, never a wait. */
	ssize_t w = write(l->fd, line, len);
	if (w == (ssize_t)len) {
		l->dropped_unsaid = 0;
	} else {
		l->dropped++;
		l->dropped_unsaid++;
	}
}

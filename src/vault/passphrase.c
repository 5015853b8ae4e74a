/* passphrase.c — passphrases from /dev/tty (echo off) or a descriptor,
 * straight into secure memory (see passphrase.h). */
#include "passphrase.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include <sodium.h>

#include "secmem.h"
#include "xmalloc.h"

static volatile sig_atomic_t passphrase_interrupted;

static void passphrase_on_signal(int sig)
{
	passphrase_interrupted = sig;
}

/* Reads up to '\n' into a secmem buffer; stops early on a signal. */
static struct passphrase *passphrase_read_line(int fd, const char *what, struct err *e)
{
	if (!secmem_init(e))
		return NULL;
	char *buf = secmem_alloc(PASSPHRASE_MAX + 1);
	size_t len = 0;
	bool eof_first = true;
	for (;;) {
		char c;
		ssize_t n = read(fd, &c, 1);
		if (n < 0 && errno == EINTR && !passphrase_interrupted)
			continue;
		if (n < 0) {
			if (passphrase_interrupted)
				err_set(e, ERR_CANCELLED, "cancelled while reading the passphrase");
			else
				err_set_errno(e, ERR_IO, errno, "cannot read a passphrase from %s",
					      what);
			goto fail;
		}
		if (n == 0 && eof_first) {
			err_set(e, ERR_CANCELLED, "no passphrase: %s ended", what);
			goto fail;
		}
		eof_first = false;
		if (n == 0 || c == '\n')
			break;
		if (len == PASSPHRASE_MAX) {
			err_set(e, ERR_INVALID, "the passphrase from %s is longer than %d bytes",
				what, PASSPHRASE_MAX);
			goto fail;
		}
		buf[len++] = c;
	}
	if (len > 0 && buf[len - 1] == '\r')
		buf[--len] = '\0';
	struct passphrase *p = xcalloc(1, sizeof *p);
	p->data = buf;
	p->len = len;
	return p;
fail:
	secmem_release(buf);
	return NULL;
}

struct passphrase *passphrase_read_fd(int fd, struct err *e)
{
	char what[32];
	snprintf(what, sizeof what, "descriptor %d", fd);
	return passphrase_read_line(fd, what, e);
}

struct passphrase *passphrase_read_tty(const char *prompt, struct err *e)
{
	int fd = open("/dev/tty", O_RDWR | O_NOCTTY | O_CLOEXEC);
	if (fd < 0)
	{
		err_set(e, ERR_UNSUPPORTED,
			"no terminal to ask for the passphrase on; use --passphrase-fd N");
		return NULL;
	}
	struct termios old, quiet;
	if (tcgetattr(fd, &old) != 0) {
		close(fd);
		err_set_errno(e, ERR_UNSUPPORTED, errno, "cannot turn off echo on /dev/tty");
		return NULL;
	}
	quiet = old;
	quiet.c_lflag &= ~(tcflag_t)(ECHO | ECHOE | ECHOK);
	quiet.c_lflag |= ECHONL;
	/* Ctrl-C must not leave the terminal without echo: catch the signals
	 * that end us, without SA_RESTART, so read() returns and we restore. */
	static const int sigs[] = { SIGINT, SIGTERM, SIGHUP, SIGQUIT };
	struct sigaction sa = { 0 }, saved[4];
	sa.sa_handler = passphrase_on_signal;
	sigemptyset(&sa.sa_mask);
	passphrase_interrupted = 0;
	for (size_t i = 0; i < 4; i++)
		sigaction(sigs[i], &sa, &saved[i]);
	struct passphrase *p = NULL;
	if (tcsetattr(fd, TCSAFLUSH, &quiet) != 0) {
		err_set_errno(e, ERR_UNSUPPORTED, errno, "cannot turn off echo on /dev/tty");
	} else {
		ssize_t w = write(fd, prompt, strlen(prompt));
		(void)w;
		p = passphrase_read_line(fd, "the terminal", e);
		tcsetattr(fd, TCSAFLUSH, &old);
	}
	for (size_t i = 0; i < 4; i++)
		sigaction(sigs[i], &saved[i], NULL);
	close(fd);
	/* Now that the terminal is sane again, die of the signal as we would have. */
	if (passphrase_interrupted)
		raise(passphrase_interrupted);
	return p;
}

bool passphrase_equal(const struct passphrase *a, const struct passphrase *b)
{
	return a->len == b->len && sodium_memcmp(a->data, b->data, a->len) == 0;
}

void passphrase_free(struct passphrase **pp)
{
	struct passphrase *p = *pp;
	if (p == NULL)
		return;
	secmem_release(p->data);
	free(p);
	*pp = NULL;
}

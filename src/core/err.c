/* err.c — filling and decorating struct err (see err.h). */
#include "err.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

ERR_PRINTF(3, 0)
static void err_vset(struct err *e, enum err_code code, const char *fmt, va_list ap)
{
	e->code = code;
	vsnprintf(e->msg, sizeof e->msg, fmt, ap);
}

bool err_set(struct err *e, enum err_code code, const char *fmt, ...)
{
	if (e == NULL)
		return false;
	va_list ap;
	va_start(ap, fmt);
	err_vset(e, code, fmt, ap);
	va_end(ap);
	return false;
}

bool err_set_errno(struct err *e, enum err_code code, int errnum, const char *fmt, ...)
{
	if (e == NULL)
		return false;
	va_list ap;
	va_start(ap, fmt);
	err_vset(e, code, fmt, ap);
	va_end(ap);
	size_t n = strlen(e->msg);
	snprintf(e->msg + n, sizeof e->msg - n, ": %s", strerror(errnum));
	return false;
}

void err_prefix(struct err *e, const char *fmt, ...)
{
	if (e == NULL)
		return;
	char head[ERR_MSG_MAX];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(head, sizeof head - 2, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	size_t hl = strlen(head);
	memcpy(head + hl, ": ", 3);
	hl += 2;
	/* Shift the old message right, dropping what no longer fits. */
	size_t ol = strlen(e->msg);
	if (hl + ol > sizeof e->msg - 1)
		ol = sizeof e->msg - 1 - hl;
	memmove(e->msg + hl, e->msg, ol);
	memcpy(e->msg, head, hl);
	e->msg[hl + ol] = '\0';
}

void err_clear(struct err *e)
{
	if (e == NULL)
		return;
	e->code = ERR_OK;
	e->msg[0] = '\0';
}

const char *err_code_name(enum err_code code)
{
	static const char *const names[] = {
		[ERR_OK] = "ok",
		[ERR_INVALID] = "invalid",
		[ERR_RANGE] = "range",
		[ERR_IO] = "io",
		[ERR_PERM] = "permission",
		[ERR_NOT_FOUND] = "not-found",
		[ERR_CONFIG] = "config",
		[ERR_AUTH] = "auth",
		[ERR_CORRUPT] = "corrupt",
		[ERR_NET] = "network",
		[ERR_PROTOCOL] = "protocol",
		[ERR_SERVER] = "server",
		[ERR_CANCELLED] = "cancelled",
		[ERR_UNSUPPORTED] = "unsupported",
	};
	if ((unsigned)code < sizeof names / sizeof names[0] && names[code] != NULL)
		return names[code];
	return "unknown";
}

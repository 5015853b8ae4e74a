/* err.h — how bankterm reports failure.
 *
 * A function that can fail returns bool (or an int status) and fills a
 * caller-owned `struct err` with a code and a message written for a person:
 * what was wrong and what to do about it.  Passing NULL for the err is
 * allowed and means "I only care whether it worked". */
#ifndef BANKTERM_ERR_H
#define BANKTERM_ERR_H

#include <stdbool.h>

enum err_code {
	ERR_OK = 0,
	ERR_INVALID,     /* malformed input: a number, a date, a field */
	ERR_RANGE,       /* well formed but out of range; overflow */
	ERR_IO,          /* a file or device operation failed */
	ERR_PERM,        /* a file is too open or not ours */
	ERR_NOT_FOUND,   /* a file, account, key or command does not exist */
	ERR_CONFIG,      /* a config file is wrong (message names file:line) */
	ERR_AUTH,        /* wrong passphrase, bad token, SCA failed */
	ERR_CORRUPT,     /* stored data failed authentication or is damaged */
	ERR_NET,         /* connection, TLS or timeout */
	ERR_PROTOCOL,    /* a server answered something we cannot use */
	ERR_SERVER,      /* a server refused (problem+json) */
	ERR_CANCELLED,   /* the user backed out */
	ERR_UNSUPPORTED, /* feature not available here (no keyring, no tty) */
};

#define ERR_MSG_MAX 512

struct err {
	enum err_code code;
	char msg[ERR_MSG_MAX];
};

#define ERR_INIT { ERR_OK, "" }

#if defined(__GNUC__)
#define ERR_PRINTF(a, b) __attribute__((format(printf, a, b)))
#else
#define ERR_PRINTF(a, b)
#endif

/* Fills e (if not NULL) and returns false, so callers can write
 * `return err_set(e, ERR_INVALID, "...")`. */
bool err_set(struct err *e, enum err_code code, const char *fmt, ...) ERR_PRINTF(3, 4);

/* Like err_set, with ": strerror(errno)" appended for the given errno. */
bool err_set_errno(struct err *e, enum err_code code, int errnum, const char *fmt, ...)
	ERR_PRINTF(4, 5);

/* Puts "context: " in front of the existing message (keeps the code). */
void err_prefix(struct err *e, const char *fmt, ...) ERR_PRINTF(2, 3);

void err_clear(struct err *e);

/* A short stable name for the code ("invalid", "io", ...), for logs and --json. */
const char *err_code_name(enum err_code code);

#endif

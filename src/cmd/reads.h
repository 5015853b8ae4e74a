/* reads.h — what the read commands (accounts, transactions, bills, bnpl,
 * transfers, due, notify, export) share: their command line and opening the
 * vault and the offline cache, refreshing first only with --refresh.
 *
 *     struct reads_opts o;
 *     int rc = reads_parse(&entry, argc, argv, READS_FORMATS | READS_SINCE, &o);
 *     if (rc >= 0) return rc;
 *     struct unlock u;
 *     if (!reads_open(&u, ctx, &o, &e)) return unlock_fail(&e);
 *     ... u.store ...
 *     unlock_close(&u);
 *
 * Without --refresh nothing is sent: the data is the encrypted offline cache
 * as the last refresh left it.  --offline says so explicitly (and refuses
 * --refresh). */
#ifndef BANKTERM_CMD_READS_H
#define BANKTERM_CMD_READS_H

#include <stdbool.h>
#include <stdint.h>

#include "cmd.h"
#include "err.h"
#include "output.h"

struct unlock;

/* Options a command accepts besides --passphrase-fd, --offline, --refresh. */
enum reads_allow {
	READS_FORMATS = 1u << 0, /* --json, --csv */
	READS_SINCE = 1u << 1,	 /* --since DATE */
	READS_UNTIL = 1u << 2,	 /* --until DATE */
	READS_WITHIN = 1u << 3,	 /* --within DAYS (7d, 2w, 10) */
	READS_QUIET = 1u << 4,	 /* --quiet */
	READS_FORMAT = 1u << 5,	 /* --format NAME */
};

/* The help lines of the options every read command has. */
#define READS_HELP                                                                           \
	"  --json      one JSON document (schema: docs/JSON.md)\n"                              \
	"  --csv       RFC 4180 CSV with a header line (raw server text, see docs/JSON.md)\n"   \
	"  --offline   read the offline cache only (the default; never uses the network)\n"     \
	"  --refresh   refresh every connection first (failures are warnings)\n"

#define READS_MAX_ARGS 16
#define READS_DEFAULT_WITHIN 7

struct reads_opts {
	int fd; /* --passphrase-fd N, -1: the terminal */
	enum output_format format;
	bool offline, refresh, quiet;
	bool has_since, has_until;
	int64_t since, until; /* dates */
	int within;	      /* days */
	const char *format_name; /* --format, or NULL */
	const char *pos[READS_MAX_ARGS];
	int npos;
};

/* Returns -1 when the line is good, else the exit code (usage printed; for
 * -h/--help the help and EXIT_OK). */
int reads_parse(const struct cmd_entry *entry, int argc, char **argv, unsigned allow,
		struct reads_opts *o);

/* "7d", "2w", "10" (days) -> *days, at most 3660. */
bool reads_parse_days(const char *s, int *days);

/* unlock_open, then with --refresh a refresh of every connection; a refresh
 * that fails is a warning on stderr (the cached data is still shown). */
bool reads_open(struct unlock *u, const struct cmd_ctx *ctx, const struct reads_opts *o,
		struct err *e);

/* The whole of a listing command: parse (at most max_pos positional
 * arguments), open, fill the output with fill (which may fail: e is then
 * printed and the exit code is 1), write it (or, for an empty table, the
 * empty message), close.  Returns the exit code. */
struct output;
typedef bool (*reads_fill_fn)(struct unlock *u, const struct reads_opts *o, struct output *out,
			      struct err *e);
struct reads_listing {
	const struct cmd_entry *entry;
	unsigned allow;
	int max_pos;
	const struct output_col *cols;
	size_t ncols;
	reads_fill_fn fill;
	const char *empty; /* printed instead of an empty table */
};
int reads_run(const struct reads_listing *l, const struct cmd_ctx *ctx, int argc, char **argv);

/* Today in the local zone (BANKTERM_NOW freezes it). */
int64_t reads_today(void);

#endif

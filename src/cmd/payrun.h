/* payrun.h — what the money-moving commands share (pay, send, bnpl pay,
 * payments --cancel, contacts add): their command line, opening the vault
 * and cache (refreshing first with --refresh), the review and the question
 * on the terminal, the SCA code from the terminal or --sca-code-fd N,
 * sending through payflow (src/sync/payflow.h) after finishing payments an
 * earlier run left pending, the outcome in words, the refresh afterwards
 * so the store and cache show it, and the exit code:
 *   0 done, 1 refused by the bank or declined, 2 usage (or input rejected
 *   before anything was sent), 3 auth/vault, 4 network (NOT made),
 *   5 status unknown (bankterm checks again on its next run).
 *
 *     struct payrun_opts o;
 *     int rc = payrun_parse(&entry, argc, argv, 1, spec, &o);
 *     if (rc >= 0) return rc;
 *     struct unlock u;
 *     if (!payrun_open(&u, ctx, &o, &rc)) return rc;
 *     struct payflow_env env = payrun_env(&u);
 *     bool built = payflow_build_X(&env, &in, &r, &e);
 *     return payrun_finish(&u, &o, built, &r, &e, true); */
#ifndef BANKTERM_CMD_PAYRUN_H
#define BANKTERM_CMD_PAYRUN_H

#include <stdbool.h>

#include "cmd.h"
#include "sync/payflow.h"

struct unlock;

/* The help lines of the options every money-moving command has. */
#define PAYRUN_HELP                                                                          \
	"  --yes            do not ask; needed when there is no terminal\n"                     \
	"  --sca-code-fd N  read one-time codes from descriptor N (one per line)\n"             \
	"  --refresh        refresh the connections first (else the offline cache is used)\n" \
	"  --attempts N     send at most N times, then leave the payment pending if its\n"    \
	"                   answer was lost (default: 6 tries in each of 5 rounds)\n"          \
	"  --passphrase-fd N  read the vault passphrase from descriptor N\n"                    \
	"\n"                                                                                     \
	"Exit status: 0 done, 1 refused by the bank or not confirmed, 2 usage or input\n"       \
	"rejected (nothing sent), 3 session expired / vault or SCA failed (nothing sent),\n"    \
	"4 bank unreachable or unavailable (the payment was NOT made), 5 status unknown\n"      \
	"(the answer was lost: bankterm sends it again with the same key on its next run).\n"

/* A command's own options: name ("--from") and whether it takes a value. */
struct payrun_opt {
	const char *name;
	bool takes_value;
};

#define PAYRUN_MAX_OPTS 8
#define PAYRUN_MAX_POS 4

struct payrun_opts {
	int fd;	    /* --passphrase-fd, -1: the terminal */
	int sca_fd; /* --sca-code-fd, -1: the terminal */
	int attempts; /* --attempts N: sends before leaving it pending; 0: pay.h's default */
	bool yes, refresh;
	/* values[i]: the value of spec[i] ("" for a switch that was given),
	 * NULL when absent */
	const char *values[PAYRUN_MAX_OPTS];
	const char *pos[PAYRUN_MAX_POS];
	int npos;
};

/* Parses argv[first..]; spec is NULL-name terminated.  Returns -1 when the
 * line is good, else the exit code (usage or help printed). */
int payrun_parse(const struct cmd_entry *entry, int argc, char **argv, int first,
		 const struct payrun_opt *spec, struct payrun_opts *o);

/* unlock_open (+ a refresh of every connection with --refresh); on failure
 * *rc is the exit code and the message was printed. */
bool payrun_open(struct unlock *u, const struct cmd_ctx *ctx, const struct payrun_opts *o,
		 int *rc);

/* The environment for payflow's builders from u (today, threshold). */
struct payflow_env payrun_env(const struct unlock *u);

/* After a builder: payrun_go when built, else "bankterm: MESSAGE" for the
 * builder's error e and exit code 2 (nothing was sent); closes u either way.
 * Returns the exit code. */
int payrun_finish(struct unlock *u, const struct payrun_opts *o, bool built,
		  struct payflow_request *r, const struct err *e, bool confirm);

/* Shows the review, asks (unless --yes), sends, prints the outcome,
 * refreshes; returns the exit code.  confirm: false for requests that move
 * no money (contacts add): no question asked.  Takes and clears r. */
int payrun_go(struct unlock *u, const struct payrun_opts *o, struct payflow_request *r,
	      bool confirm);

#endif

/* payrun.c — the money-moving commands' shared run (see payrun.h). */
#include "payrun.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config.h"
#include "reads.h"
#include "sanitize.h"
#include "store.h"
#include "sync/pay.h"
#include "sync/sync.h"
#include "unlock.h"
#include "vault/passphrase.h"

static bool payrun_fd_arg(const char *arg, int *fd)
{
	char *end;
	errno = 0;
	long n = strtol(arg, &end, 10);
	if (*arg == '\0' || *end != '\0' || errno != 0 || n < 0 || n > 1 << 20)
		return false;
	*fd = (int)n;
	return true;
}

int payrun_parse(const struct cmd_entry *entry, int argc, char **argv, int first,
		 const struct payrun_opt *spec, struct payrun_opts *o)
{
	memset(o, 0, sizeof(*o));
	o->fd = -1;
	o->sca_fd = -1;
	for (int i = first; i < argc; i++) {
		const char *a = argv[i];
		if (cmd_is_help(a))
			return cmd_print_help(entry);
		if (strcmp(a, "--yes") == 0) {
			o->yes = true;
			continue;
		}
		if (strcmp(a, "--refresh") == 0) {
			o->refresh = true;
			continue;
		}
		if (strcmp(a, "--attempts") == 0) {
			int n = 0;
			if (i + 1 == argc || !payrun_fd_arg(argv[i + 1], &n) || n < 1 || n > 100)
				return cmd_usage_error(entry, "--attempts needs a number from 1 to 100");
			o->attempts = n;
			i++;
			continue;
		}
		if (strcmp(a, "--passphrase-fd") == 0 || strcmp(a, "--sca-code-fd") == 0) {
			int *fd = a[2] == 'p' ? &o->fd : &o->sca_fd;
			if (i + 1 == argc || !payrun_fd_arg(argv[i + 1], fd))
				return cmd_usage_error(entry, "%s needs a descriptor number", a);
			i++;
			continue;
		}
		int k = 0;
		while (spec != NULL && spec[k].name != NULL && strcmp(spec[k].name, a) != 0)
			k++;
		if (spec != NULL && spec[k].name != NULL) {
			if (o->values[k] != NULL)
				return cmd_usage_error(entry, "%s given twice", a);
			if (spec[k].takes_value) {
				if (i + 1 == argc)
					return cmd_usage_error(entry, "%s needs a value", a);
				o->values[k] = argv[++i];
			} else {
				o->values[k] = "";
			}
			continue;
		}
		if (a[0] == '-' && a[1] != '\0')
			return cmd_usage_error(entry, "unknown option: %s", a);
		if (o->npos == PAYRUN_MAX_POS)
			return cmd_usage_error(entry, "unexpected argument: %s", a);
		o->pos[o->npos++] = a;
	}
	return -1;
}

bool payrun_open(struct unlock *u, const struct cmd_ctx *ctx, const struct payrun_opts *o,
		 int *rc)
{
	struct reads_opts ro = { .fd = o->fd, .refresh = o->refresh };
	struct err e = ERR_INIT;
	if (!reads_open(u, ctx, &ro, &e)) {
		*rc = unlock_fail(&e);
		return false;
	}
	return true;
}

struct payflow_env payrun_env(const struct unlock *u)
{
	return (struct payflow_env){
		.store = u->store,
		.today = reads_today(),
		.low_balance = u->config != NULL && u->config->has_low_balance
				       ? &u->config->low_balance
				       : NULL,
	};
}

/* y/N on the terminal; false when there is none (*no_tty set). */
static bool payrun_confirm(const char *question, bool *no_tty)
{
	int fd = open("/dev/tty", O_RDWR | O_NOCTTY | O_CLOEXEC);
	if (fd < 0) {
		*no_tty = true;
		return false;
	}
	ssize_t w = write(fd, question, strlen(question));
	(void)w;
	char line[16];
	size_t n = 0;
	char c;
	while (read(fd, &c, 1) == 1 && c != '\n')
		if (n < sizeof(line) - 1)
			line[n++] = c;
	line[n] = '\0';
	close(fd);
	return strcmp(line, "y") == 0 || strcmp(line, "Y") == 0 || strcmp(line, "yes") == 0;
}

/* The SCA code: one line from --sca-code-fd, or asked on the terminal. */
static bool payrun_ask_code(void *arg, const struct problem *p, int attempt, char *code,
			    size_t size)
{
	const struct payrun_opts *o = arg;
	char *detail = sanitize_line(p->detail != NULL ? p->detail : "",
				     p->detail != NULL ? strlen(p->detail) : 0);
	struct err e = ERR_INIT;
	struct passphrase *pp = NULL;
	if (o->sca_fd >= 0) {
		fprintf(stderr, "The bank asks for a one-time code (attempt %d of %d): %s\n",
			attempt, PAYFLOW_SCA_TRIES, detail);
		pp = passphrase_read_fd(o->sca_fd, &e);
	} else {
		char prompt[ERR_MSG_MAX + 64];
		snprintf(prompt, sizeof(prompt), "%s\nOne-time code (attempt %d of %d): ", detail,
			 attempt, PAYFLOW_SCA_TRIES);
		pp = passphrase_read_tty(prompt, &e);
	}
	free(detail);
	if (pp == NULL) {
		fprintf(stderr, "bankterm: no one-time code: %s (use --sca-code-fd N)\n", e.msg);
		return false;
	}
	bool ok = pp->len < size;
	if (ok)
		memcpy(code, pp->data, pp->len + 1);
	passphrase_free(&pp);
	return ok;
}

static void payrun_print(FILE *out, const char *prefix, const char *raw)
{
	char *s = sanitize_line(raw, strlen(raw));
	fprintf(out, "%s%s\n", prefix, s);
	free(s);
}

/* Payments an earlier run left pending are sent again (same keys) first. */
static void payrun_resumed(void *arg, const struct pay_outcome *o)
{
	(void)arg;
	struct payflow_outcome out;
	payflow_classify(o, &out);
	char *m = sanitize_line(out.message, strlen(out.message));
	fprintf(stderr, "bankterm: earlier payment %s on %s: %s\n", o->key, o->conn, m);
	free(m);
}

/* Refreshes the connection (every one when conn is NULL) so the store and the
 * offline cache show the payment; failures are warnings. */
static void payrun_refresh(struct unlock *u, const char *conn)
{
	struct sync_options so = {
		.http = u->http,
		.vault = u->vault,
		.store = u->store,
		.config = u->config,
		.cache_path = u->cache_path,
	};
	struct err e = ERR_INIT;
	struct sync *s = sync_new(&so, &e);
	bool ok = s != NULL && sync_refresh(s, conn, 0, &e) && sync_wait(s, &e) &&
		  sync_cache_result(s, &e);
	if (ok && conn != NULL && sync_outcome(s, conn) == SYNC_OUTCOME_FAILED)
		ok = err_set(&e, ERR_NET, "%s could not be refreshed", conn);
	if (!ok)
		fprintf(stderr,
			"bankterm: warning: the refresh afterwards failed (%s); run 'bankterm "
			"refresh'\n",
			e.msg);
	sync_free(&s);
}

int payrun_go(struct unlock *u, const struct payrun_opts *o, struct payflow_request *r,
	      bool confirm)
{
	char *review = payflow_review_format(&r->review);
	fputs(review, stdout);
	free(review);
	fflush(stdout);
	int rc = EXIT_OK;
	if (confirm && !o->yes) {
		bool no_tty = false;
		bool yes = payrun_confirm(r->kind == PAYFLOW_CANCEL ? "Cancel this payment? [y/N] "
								    : "Send this payment? [y/N] ",
					  &no_tty);
		if (no_tty) {
			fputs("bankterm: no terminal to confirm on; nothing was sent (add --yes to "
			      "proceed without asking)\n",
			      stderr);
			payflow_request_clear(r);
			return EXIT_USAGE;
		}
		if (!yes) {
			fputs("Not confirmed; nothing was sent.\n", stdout);
			payflow_request_clear(r);
			return EXIT_FAIL;
		}
	}
	struct pay_options po = { .http = u->http, .vault = u->vault, .config = u->config };
	if (o->attempts > 0) {
		po.max_attempts = o->attempts;
		po.max_rounds = 1;
	}
	struct err e = ERR_INIT;
	struct pay *p = pay_new(&po, &e);
	struct pay_callbacks resumed = { .done = payrun_resumed };
	bool ok = p != NULL;
	if (ok && pay_resume(p, &resumed, &e) > 0)
		ok = pay_wait(p, &e);
	struct payflow_run run = { .ask_code = payrun_ask_code, .arg = (void *)o };
	ok = ok && payflow_submit(p, r, &run, &e);
	while (ok && !run.finished)
		ok = pay_step(p, NULL, 0, 1000, &e);
	pay_free(&p);
	if (!ok) {
		/* nothing reached the bank: the vault could not be saved, or the
		 * connection is unknown */
		fprintf(stderr, "bankterm: %s\nNothing was sent.\n", e.msg);
		payflow_request_clear(r);
		return e.code == ERR_NOT_FOUND || e.code == ERR_UNSUPPORTED ? EXIT_USAGE
									     : EXIT_AUTH;
	}
	const struct payflow_outcome *out = &run.outcome;
	if (out->result == PAYFLOW_DONE) {
		payrun_print(stdout, "", out->message);
		if (out->replayed)
			fputs("(the bank had already done this; it answered from its record)\n",
			      stdout);
	} else {
		payrun_print(stderr, "bankterm: ", out->message);
	}
	if (out->has_payee_check) {
		const char *res = payee_check_result_name(out->payee_check);
		if (out->payee_check_name[0] != '\0') {
			char *held = sanitize_line(out->payee_check_name,
						   strlen(out->payee_check_name));
			printf("Payee check: %s (the bank holds: %s)\n", res, held);
			free(held);
		} else {
			printf("Payee check: %s\n", res);
		}
		static const unsigned warn[] = {
			[PAYEE_CHECK_MATCH] = 0,
			[PAYEE_CHECK_CLOSE_MATCH] = PAYFLOW_WARN_CLOSE_MATCH,
			[PAYEE_CHECK_NO_MATCH] = PAYFLOW_WARN_NO_MATCH,
			[PAYEE_CHECK_UNAVAILABLE] = PAYFLOW_WARN_UNCHECKED,
		};
		if ((unsigned)out->payee_check <= PAYEE_CHECK_UNAVAILABLE &&
		    warn[out->payee_check] != 0)
			printf("Warning: %s\n",
			       payflow_warning_text((enum payflow_warning)warn[out->payee_check]));
	}
	rc = payflow_exit_code(out->result);
	if (out->result == PAYFLOW_DONE || out->result == PAYFLOW_UNKNOWN)
		payrun_refresh(u, r->kind == PAYFLOW_BNPL ? NULL : r->conn);
	payflow_request_clear(r);
	return rc;
}

int payrun_finish(struct unlock *u, const struct payrun_opts *o, bool built,
		  struct payflow_request *r, const struct err *e, bool confirm)
{
	int rc = EXIT_USAGE;
	if (built)
		rc = payrun_go(u, o, r, confirm);
	else
		fprintf(stderr, "bankterm: %s\nNothing was sent.\n", e->msg);
	unlock_close(u);
	return rc;
}

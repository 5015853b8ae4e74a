/* main.c — bankterm-sandbox's command line: a table of subcommands (serve,
 * seed, approve, deny, otp, setup-token), each parsing its own options. */
#include <getopt.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "db.h"
#include "oauth.h"
#include "sca.h"
#include "seed.h"
#include "seed_extra.h"
#include "server.h"
#include "simplefin.h"
#include "timeutil.h"

enum { MAIN_OK = 0, MAIN_FAIL = 1, MAIN_USAGE = 2 };

struct main_cmd {
	const char *name;
	const char *usage;
	int (*run)(int argc, char **argv);
};

static int main_usage(const char *fmt, ...) ERR_PRINTF(1, 2);

/* Options every command shares. */
struct main_common {
	const char *db;
	const char *now;
	long long extra_accounts; /* seed --extra-accounts */
};

enum {
	OPT_DB = 256, OPT_NOW, OPT_LISTEN, OPT_PORT, OPT_CERT, OPT_KEY, OPT_AUTO, OPT_TTL,
	OPT_LATENCY, OPT_FAIL, OPT_RATE, OPT_DROP, OPT_STALL, OPT_GARBAGE, OPT_FSEED,
	OPT_FOAUTH, OPT_SEED, OPT_TXNS, OPT_TODAY, OPT_INST, OPT_SCENARIO,
	OPT_ALOG, OPT_REDIR, OPT_DINT, OPT_SLOW, OPT_SFERR, OPT_XACCT,
};

static const struct option main_options[] = {
	{ "db", required_argument, NULL, OPT_DB },
	{ "now", required_argument, NULL, OPT_NOW },
	{ "listen", required_argument, NULL, OPT_LISTEN },
	{ "port", required_argument, NULL, OPT_PORT },
	{ "tls-cert", required_argument, NULL, OPT_CERT },
	{ "tls-key", required_argument, NULL, OPT_KEY },
	{ "auto-approve", no_argument, NULL, OPT_AUTO },
	{ "token-ttl", required_argument, NULL, OPT_TTL },
	{ "latency-ms", required_argument, NULL, OPT_LATENCY },
	{ "fail-rate", required_argument, NULL, OPT_FAIL },
	{ "rate-limit", required_argument, NULL, OPT_RATE },
	{ "drop-after-commit", required_argument, NULL, OPT_DROP },
	{ "stall", no_argument, NULL, OPT_STALL },
	{ "garbage-rate", required_argument, NULL, OPT_GARBAGE },
	{ "fault-seed", required_argument, NULL, OPT_FSEED },
	{ "fault-oauth", no_argument, NULL, OPT_FOAUTH },
	{ "seed", required_argument, NULL, OPT_SEED },
	{ "transactions", required_argument, NULL, OPT_TXNS },
	{ "today", required_argument, NULL, OPT_TODAY },
	{ "institution", required_argument, NULL, OPT_INST },
	{ "scenario", required_argument, NULL, OPT_SCENARIO },
	{ "access-log", required_argument, NULL, OPT_ALOG },
	{ "redirect-to", required_argument, NULL, OPT_REDIR },
	{ "device-interval", required_argument, NULL, OPT_DINT },
	{ "slow-down-once", no_argument, NULL, OPT_SLOW },
	{ "simplefin-errors", required_argument, NULL, OPT_SFERR },
	{ "extra-accounts", required_argument, NULL, OPT_XACCT },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

static bool main_long(const char *s, long long lo, long long hi, long long *out)
{
	char *end;
	long long v = strtoll(s, &end, 10);
	if (*s == '\0' || *end != '\0' || v < lo || v > hi)
		return false;
	*out = v;
	return true;
}

/* A probability in [0, 1] for the fault flags (not money). */
static bool main_prob(const char *s, double *out)
{
	char *end;
	double v = strtod(s, &end);
	if (*s == '\0' || *end != '\0' || !(v >= 0.0 && v <= 1.0))
		return false;
	*out = v;
	return true;
}

static sqlite3 *main_open(const struct main_common *c)
{
	struct err e = ERR_INIT;
	if (!timeutil_init(c->now, &e)) {
		fprintf(stderr, "bankterm-sandbox: %s\n", e.msg);
		return NULL;
	}
	sqlite3 *db = db_open(c->db, &e);
	if (db == NULL)
		fprintf(stderr, "bankterm-sandbox: %s\n", e.msg);
	return db;
}

/* Parses the options of one command: `allowed` lists the OPT_* it takes
 * (0-terminated).  Unknown ones are usage errors. */
static int main_parse(int argc, char **argv, const int *allowed, struct main_common *c,
		      struct server_opts *so, struct seed_opts *seed, const char **inst)
{
	long long v = 0;
	int opt;
	optind = 1;
	opterr = 0;
	while ((opt = getopt_long(argc, argv, ":h", main_options, NULL)) != -1) {
		bool ok = false;
		for (int i = 0; allowed[i] != 0; i++)
			ok |= allowed[i] == opt;
		if (opt == 'h')
			return -1;
		if (opt == ':' || opt == '?')
			return main_usage("bad or incomplete option %s", argv[optind - 1]);
		if (!ok)
			return main_usage("%s does not take this option", argv[0]);
		const char *a = optarg;
		bool good = true;
		switch (opt) {
		case OPT_DB: c->db = a; break;
		case OPT_NOW: c->now = a; break;
		case OPT_LISTEN: so->listen = a; break;
		case OPT_PORT: good = main_long(a, 0, 65535, &v); so->port = (unsigned)v; break;
		case OPT_CERT: so->tls_cert = a; break;
		case OPT_KEY: so->tls_key = a; break;
		case OPT_AUTO: so->auto_approve = true; break;
		case OPT_TTL: good = main_long(a, 1, 86400LL * 365, &v); so->token_ttl = v; break;
		case OPT_LATENCY: good = main_long(a, 0, 600000, &v); so->faults.latency_ms = (int)v; break;
		case OPT_FAIL: good = main_prob(a, &so->faults.fail_rate); break;
		case OPT_RATE: good = main_long(a, 0, 1000000, &v); so->faults.rate_limit = (int)v; break;
		case OPT_DROP: good = main_prob(a, &so->faults.drop_after_commit); break;
		case OPT_STALL: so->faults.stall = true; break;
		case OPT_GARBAGE: good = main_prob(a, &so->faults.garbage_rate); break;
		case OPT_FSEED: good = main_long(a, 0, INT64_MAX, &v); so->faults.seed = (uint64_t)v; break;
		case OPT_FOAUTH: so->faults.oauth = true; break;
		case OPT_SEED: good = main_long(a, 0, INT64_MAX, &v); seed->seed = (uint64_t)v; break;
		case OPT_TXNS: good = main_long(a, 1, 100000000, &v); seed->transactions = (long)v; break;
		case OPT_TODAY: seed->today = a; break;
		case OPT_INST: *inst = a; break;
		case OPT_SCENARIO: seed->scenario = a; break;
		case OPT_ALOG: so->access_log = a; break;
		case OPT_REDIR: so->faults.redirect = a; break;
		case OPT_DINT: good = main_long(a, 1, 600, &v); so->device_interval = (int)v; break;
		case OPT_SLOW: so->slow_down_once = true; break;
		case OPT_SFERR:
			good = strcmp(a, "errors") == 0 || strcmp(a, "errlist") == 0;
			so->simplefin_errors = a;
			break;
		case OPT_XACCT: good = main_long(a, 0, SEED_EXTRA_MAX, &c->extra_accounts); break;
		default: break;
		}
		if (!good)
			return main_usage("the value %s is out of range or not a number", a);
	}
	if (c->db == NULL)
		return main_usage("%s needs --db FILE", argv[0]);
	return 0;
}

/* Everything a command's options can set. */
struct main_args {
	struct main_common c;
	struct server_opts so;
	struct seed_opts seed;
	const char *inst;
};

/* Parses a command's options and, when db is not NULL, opens --db.
 * Returns 0 to go on, or the exit code to return (help = MAIN_OK). */
static int main_begin(int argc, char **argv, const int *allowed, struct main_args *a,
		      sqlite3 **db)
{
	int rc = main_parse(argc, argv, allowed, &a->c, &a->so, &a->seed, &a->inst);
	if (rc != 0)
		return rc < 0 ? MAIN_OK : rc;
	if (db != NULL && (*db = main_open(&a->c)) == NULL)
		return MAIN_FAIL;
	return 0;
}

/* Prints the failure of a command and turns ok into an exit code. */
static int main_end(bool ok, const struct err *e, sqlite3 **db)
{
	if (!ok)
		fprintf(stderr, "bankterm-sandbox: %s\n", e->msg);
	if (db != NULL)
		db_close(db);
	return ok ? MAIN_OK : MAIN_FAIL;
}

#define MAIN_ARGS_INIT { { NULL, NULL, 0 }, { 0 }, SEED_OPTS_DEFAULT, "northwind" }

static int main_serve(int argc, char **argv)
{
	static const int allowed[] = { OPT_DB, OPT_NOW, OPT_LISTEN, OPT_PORT, OPT_CERT, OPT_KEY,
				       OPT_AUTO, OPT_TTL, OPT_LATENCY, OPT_FAIL, OPT_RATE, OPT_DROP,
				       OPT_STALL, OPT_GARBAGE, OPT_FSEED, OPT_FOAUTH, OPT_ALOG,
				       OPT_REDIR, OPT_DINT, OPT_SLOW, OPT_SFERR, 0 };
	struct main_args a = MAIN_ARGS_INIT;
	a.so.token_ttl = 900;
	int rc = main_begin(argc, argv, allowed, &a, NULL);
	if (rc != 0)
		return rc;
	if (optind != argc)
		return main_usage("unexpected argument %s", argv[optind]);
	struct err e = ERR_INIT;
	if (!timeutil_init(a.c.now, &e)) {
		fprintf(stderr, "bankterm-sandbox: %s\n", e.msg);
		return MAIN_USAGE;
	}
	a.so.db_path = a.c.db;
	return main_end(server_run(&a.so, &e), &e, NULL);
}

static int main_seed(int argc, char **argv)
{
	static const int allowed[] = { OPT_DB, OPT_NOW, OPT_SEED, OPT_TXNS, OPT_TODAY,
				       OPT_SCENARIO, OPT_XACCT, 0 };
	struct main_args a = MAIN_ARGS_INIT;
	sqlite3 *db = NULL;
	int rc = main_begin(argc, argv, allowed, &a, &db);
	if (rc != 0)
		return rc;
	struct err e = ERR_INIT;
	bool (*run)(sqlite3 *, const struct seed_opts *, struct err *) =
		a.seed.scenario != NULL ? seed_scenario_run : seed_run;
	return main_end(db_reset(db, &e) && run(db, &a.seed, &e) &&
				seed_extra_accounts(db, (int)a.c.extra_accounts, &e),
			&e, &db);
}

static int main_decide(int argc, char **argv, bool approve)
{
	static const int allowed[] = { OPT_DB, 0 };
	struct main_args a = MAIN_ARGS_INIT;
	sqlite3 *db = NULL;
	int rc = main_begin(argc, argv, allowed, &a, NULL);
	if (rc != 0)
		return rc;
	if (optind != argc - 1)
		return main_usage("%s needs exactly one USER_CODE", argv[0]);
	if ((db = main_open(&a.c)) == NULL)
		return MAIN_FAIL;
	struct err e = ERR_INIT;
	return main_end(oauth_decide(db, argv[optind], approve, &e), &e, &db);
}

static int main_approve(int argc, char **argv)
{
	return main_decide(argc, argv, true);
}

static int main_deny(int argc, char **argv)
{
	return main_decide(argc, argv, false);
}

static int main_otp(int argc, char **argv)
{
	static const int allowed[] = { OPT_DB, OPT_NOW, OPT_INST, 0 };
	struct main_args a = MAIN_ARGS_INIT;
	sqlite3 *db = NULL;
	int rc = main_begin(argc, argv, allowed, &a, NULL);
	if (rc != 0)
		return rc;
	if (strcmp(a.inst, "northwind") != 0 && strcmp(a.inst, "flexpay") != 0)
		return main_usage("unknown institution %s (northwind or flexpay)", a.inst);
	if ((db = main_open(&a.c)) == NULL)
		return MAIN_FAIL;
	struct err e = ERR_INIT;
	char code[SCA_CODE_MAX];
	bool ok = sca_totp(db, timeutil_now(), code, &e);
	if (ok)
		printf("%s\n", code);
	return main_end(ok, &e, &db);
}

static int main_setup_token(int argc, char **argv)
{
	static const int allowed[] = { OPT_DB, 0 };
	struct main_args a = MAIN_ARGS_INIT;
	sqlite3 *db = NULL;
	int rc = main_begin(argc, argv, allowed, &a, &db);
	if (rc != 0)
		return rc;
	struct err e = ERR_INIT;
	char *token = simplefin_setup_token(db, &e);
	if (token != NULL)
		printf("%s\n", token);
	free(token);
	return main_end(token != NULL, &e, &db);
}

static const struct main_cmd main_cmds[] = {
	{ "serve",
	  "serve --db FILE [--listen ADDR] [--port N] [--tls-cert F --tls-key F]\n"
	  "        [--auto-approve] [--token-ttl S] [--now RFC3339] [--latency-ms N]\n"
	  "        [--fail-rate P] [--rate-limit N] [--drop-after-commit P] [--stall]\n"
	  "        [--garbage-rate P] [--fault-seed N] [--fault-oauth] [--access-log FILE]\n"
	  "        [--redirect-to URL] [--device-interval S] [--slow-down-once]\n"
	  "        [--simplefin-errors errors|errlist]",
	  main_serve },
	{ "seed",
	  "seed --db FILE [--seed N] [--transactions N] [--today YYYY-MM-DD]\n"
	  "        [--scenario hostile|many-accounts] [--extra-accounts N]",
	  main_seed },
	{ "approve", "approve --db FILE USER_CODE", main_approve },
	{ "deny", "deny --db FILE USER_CODE", main_deny },
	{ "otp", "otp --db FILE [--institution northwind] [--now RFC3339]", main_otp },
	{ "setup-token", "setup-token --db FILE", main_setup_token },
};

static void main_print_usage(FILE *out)
{
	fputs("usage: bankterm-sandbox COMMAND ...\n", out);
	for (size_t i = 0; i < sizeof main_cmds / sizeof main_cmds[0]; i++)
		fprintf(out, "  bankterm-sandbox %s\n", main_cmds[i].usage);
	fputs("Without a command, `serve` is assumed.  See bankterm-sandbox(1).\n", out);
}

static int main_usage(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fputs("bankterm-sandbox: ", stderr);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	main_print_usage(stderr);
	return MAIN_USAGE;
}

int main(int argc, char **argv)
{
	if (sodium_init() < 0) {
		fputs("bankterm-sandbox: libsodium failed to initialise\n", stderr);
		return MAIN_FAIL;
	}
	if (argc >= 2 && (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0)) {
		main_print_usage(stdout);
		return MAIN_OK;
	}
	/* `bankterm-sandbox --db F` means `serve --db F`. */
	if (argc < 2 || argv[1][0] == '-') {
		argv[0] = "serve";
		return main_serve(argc, argv);
	}
	for (size_t i = 0; i < sizeof main_cmds / sizeof main_cmds[0]; i++)
		if (strcmp(argv[1], main_cmds[i].name) == 0)
			return main_cmds[i].run(argc - 1, argv + 1);
	return main_usage("unknown command %s", argv[1]);
}

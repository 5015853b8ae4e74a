/* test_sync.c — the sync engine against a real bankterm-sandbox on
 * 127.0.0.1: link by device flow (auto-approve) and SimpleFIN claim, refresh
 * all three institutions in parallel, then restart the sandbox on the same
 * database and port with one fault mode at a time.  argv[1] is the sandbox
 * binary.  The business clock is frozen with --now / BANKTERM_NOW. */
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <fcntl.h>
#include <unistd.h>

#include <cmocka.h>

#include "config.h"
#include "fsutil.h"
#include "money.h"
#include "date.h"
#include "net/http.h"
#include "providers/bankapi.h"
#include "store.h"
#include "sync/conn.h"
#include "sync/link.h"
#include "sync/pay.h"
#include "sync/sync.h"
#include "testutil.h"
#include "vault/secmem.h"
#include "vault/vault.h"
#include "xmalloc.h"

#define NOW "2026-11-23T10:42:00Z"
#define PASS "correct horse battery staple"

static const char *sandbox_bin;

struct world {
	char *dir;
	char *db;
	char *vault_path;
	char *cache_path;
	pid_t pid;
	int port;
	char base[64];
	struct vault *vault;
	struct store *store;
	struct http *http;
	int retries;
	int64_t min_retry_delay;
	bool manual; /* no --auto-approve: the test approves or denies */
};

static struct world W;

static void on_retry(void *arg, uint64_t id, int next_attempt, int64_t delay_ms)
{
	(void)arg;
	(void)id;
	(void)next_attempt;
	if (W.retries == 0 || delay_ms < W.min_retry_delay)
		W.min_retry_delay = delay_ms;
	W.retries++;
}

/* Starts the sandbox with extra flags (NULL-terminated); port 0 the first
 * time, then the same port so the URLs in the vault stay valid. */
static void sandbox_start(const char *flag, ...)
{
	const char *argv[32];
	int n = 0;
	char port[16];
	snprintf(port, sizeof(port), "%d", W.port);
	argv[n++] = sandbox_bin;
	argv[n++] = "serve";
	argv[n++] = "--db";
	argv[n++] = W.db;
	argv[n++] = "--port";
	argv[n++] = port;
	argv[n++] = "--now";
	argv[n++] = NOW;
	if (!W.manual)
		argv[n++] = "--auto-approve";
	va_list ap;
	va_start(ap, flag);
	for (const char *f = flag; f != NULL && n < 30; f = va_arg(ap, const char *))
		argv[n++] = f;
	va_end(ap);
	argv[n] = NULL;
	int fds[2];
	assert_int_equal(pipe(fds), 0);
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		dup2(fds[1], 1);
		close(fds[0]);
		close(fds[1]);
		execv(sandbox_bin, (char *const *)argv);
		_exit(127);
	}
	close(fds[1]);
	char line[128];
	size_t len = 0;
	while (len + 1 < sizeof(line)) {
		ssize_t r = read(fds[0], line + len, 1);
		if (r <= 0 || line[len] == '\n')
			break;
		len++;
	}
	line[len] = '\0';
	close(fds[0]);
	const char *prefix = "listening on ";
	const char *host = strstr(line, "://127.0.0.1:");
	assert_true(strncmp(line, prefix, strlen(prefix)) == 0 && host != NULL);
	W.port = atoi(host + strlen("://127.0.0.1:"));
	snprintf(W.base, sizeof(W.base), "%.*s", (int)(host + 12 - line - strlen(prefix)),
		 line + strlen(prefix));
	snprintf(W.base + strlen(W.base), sizeof(W.base) - strlen(W.base), ":%d", W.port);
	W.pid = pid;
}

static void sandbox_stop(void)
{
	if (W.pid > 0) {
		kill(W.pid, SIGTERM);
		waitpid(W.pid, NULL, 0);
		W.pid = 0;
	}
}

static void sandbox_restart(const char *flag, ...)
{
	sandbox_stop();
	const char *f[8] = { 0 };
	int n = 0;
	va_list ap;
	va_start(ap, flag);
	for (const char *x = flag; x != NULL && n < 7; x = va_arg(ap, const char *))
		f[n++] = x;
	va_end(ap);
	sandbox_start(f[0], f[1], f[2], f[3], f[4], f[5], f[6], NULL);
}

/* Output of `bankterm-sandbox setup-token --db DB` (caller frees). */
static char *sandbox_setup_token(void)
{
	char *cmd = xasprintf("'%s' setup-token --db '%s'", sandbox_bin, W.db);
	FILE *p = popen(cmd, "r");
	free(cmd);
	assert_non_null(p);
	char buf[512] = "";
	assert_non_null(fgets(buf, sizeof(buf), p));
	pclose(p);
	buf[strcspn(buf, "\r\n")] = '\0';
	return xstrdup(buf);
}

static void show_code(void *arg, const char *uri, const char *complete, const char *code)
{
	(void)arg;
	(void)complete;
	assert_non_null(strstr(uri, "/device"));
	assert_true(strlen(code) >= 4);
}

static struct sync *engine(long timeout_ms, int max_attempts, long budget_ms)
{
	struct sync_options o = {
		.http = W.http,
		.vault = W.vault,
		.store = W.store,
		.cache_path = W.cache_path,
		.timeout_ms = timeout_ms,
		.low_speed_time_s = timeout_ms > 0 ? (timeout_ms + 999) / 1000 : 0,
		.max_attempts = max_attempts,
		.retry_budget_ms = budget_ms,
	};
	struct err e = ERR_INIT;
	struct sync *s = sync_new(&o, &e);
	assert_non_null(s);
	return s;
}

/* One refresh of everything (or name) to its end. */
static void refresh(struct sync *s, const char *name, unsigned flags)
{
	struct err e = ERR_INIT;
	assert_true(sync_refresh(s, name, flags, &e));
	assert_true(sync_wait(s, &e));
}

static int setup_world(void **state)
{
	(void)state;
	setenv("BANKTERM_NOW", NOW, 1);
	struct err e = ERR_INIT;
	if (!secmem_init(&e))
		return -1;
	W.dir = testutil_tmpdir_make("sync");
	W.db = xasprintf("%s/bank.db", W.dir);
	W.vault_path = xasprintf("%s/vault", W.dir);
	W.cache_path = xasprintf("%s/cache", W.dir);
	W.port = 0;
	sandbox_start(NULL);
	if (!vault_create(W.vault_path, PASS, strlen(PASS), VAULT_KDF_INTERACTIVE, &W.vault, &e))
		return -1;
	W.store = store_new();
	struct http_options ho = { .on_retry = on_retry };
	W.http = http_new(&ho, &e);
	return W.http != NULL ? 0 : -1;
}

static int teardown_world(void **state)
{
	(void)state;
	sandbox_stop();
	http_free(&W.http);
	store_free(&W.store);
	vault_free(&W.vault);
	testutil_tmpdir_remove(W.dir);
	free(W.db);
	free(W.vault_path);
	free(W.cache_path);
	return 0;
}

static void test_link(void **state)
{
	(void)state;
	struct err e = ERR_INIT;
	struct link_ui ui = { show_code, NULL };
	char url[128];
	snprintf(url, sizeof(url), "%s/northwind", W.base);
	assert_true(link_bankapi(W.http, W.vault, NULL, "northwind", url, &ui, &e));
	snprintf(url, sizeof(url), "%s/flexpay/", W.base);
	assert_true(link_bankapi(W.http, W.vault, NULL, "flexpay", url, &ui, &e));
	/* the name is taken now */
	assert_false(link_bankapi(W.http, W.vault, NULL, "flexpay", url, &ui, &e));
	assert_int_equal(e.code, ERR_INVALID);

	char *tok = sandbox_setup_token();
	assert_true(link_simplefin(W.http, W.vault, NULL, "cedar", tok, &e));
	/* a second claim of the same token is refused with the warning */
	err_clear(&e);
	assert_false(link_simplefin(W.http, W.vault, NULL, "cedar2", tok, &e));
	assert_int_equal(e.code, ERR_SERVER);
	assert_non_null(strstr(e.msg, "already claimed"));
	assert_non_null(strstr(e.msg, "compromised"));
	free(tok);
	assert_int_equal(vault_count_connections(W.vault), 3);

	/* plain http is for loopback only */
	err_clear(&e);
	assert_false(link_bankapi(W.http, W.vault, NULL, "remote", "http://bank.example/api", &ui,
				  &e));
	assert_int_not_equal(e.code, ERR_OK);

	/* everything is on disk: the vault reopens with the three links */
	struct vault *again = NULL;
	assert_true(vault_open(W.vault_path, PASS, strlen(PASS), &again, &e));
	assert_int_equal(vault_count_connections(again), 3);
	vault_free(&again);
}

/* Approves (arg "approve") or denies the code as the bank's page would,
 * while link_bankapi waits for its first poll. */
static void show_code_and_act(void *arg, const char *uri, const char *complete, const char *code)
{
	(void)uri;
	(void)complete;
	char *cmd = xasprintf("'%s' %s --db '%s' '%s' >/dev/null", sandbox_bin, (const char *)arg,
			      W.db, code);
	assert_int_equal(system(cmd), 0);
	free(cmd);
}

static void test_link_approve_deny(void **state)
{
	(void)state;
	W.manual = true;
	sandbox_restart(NULL);
	struct err e = ERR_INIT;
	char url[128];
	snprintf(url, sizeof(url), "%s/northwind", W.base);
	struct link_ui deny = { show_code_and_act, "deny" };
	assert_false(link_bankapi(W.http, W.vault, NULL, "manual", url, &deny, &e));
	assert_non_null(strstr(e.msg, "denied"));
	struct link_ui approve = { show_code_and_act, "approve" };
	assert_true(link_bankapi(W.http, W.vault, NULL, "manual", url, &approve, &e));
	W.manual = false;
	sandbox_restart(NULL);
	struct sync *s = engine(0, 0, 0);
	refresh(s, "manual", 0);
	assert_int_equal(sync_outcome(s, "manual"), SYNC_OUTCOME_OK);
	sync_free(&s);
	assert_true(link_remove(W.vault, W.store, "manual", &e));
}

static size_t count_txns(const char *conn)
{
	struct store_conn *c = store_conn_get(W.store, conn, false);
	size_t n = 0;
	for (size_t i = 0; c != NULL && i < c->n_accounts; i++)
		n += c->accounts[i].n_txns;
	return n;
}

/* No pending transaction is still listed once a posted one replaced it. */
static void assert_no_double(const char *conn)
{
	struct store_conn *c = store_conn_get(W.store, conn, false);
	assert_non_null(c);
	for (size_t i = 0; i < c->n_accounts; i++) {
		struct store_account *a = &c->accounts[i];
		for (size_t j = 0; j < a->n_txns; j++) {
			const char *rep = a->txns[j].replaces;
			for (size_t k = 0; rep != NULL && k < a->n_txns; k++)
				assert_string_not_equal(a->txns[k].id, rep);
			for (size_t k = j + 1; k < a->n_txns; k++)
				assert_string_not_equal(a->txns[k].id, a->txns[j].id);
		}
	}
}

static void test_refresh_all(void **state)
{
	(void)state;
	struct sync *s = engine(0, 0, 0);
	refresh(s, NULL, 0);
	assert_int_equal(sync_outcome(s, "northwind"), SYNC_OUTCOME_OK);
	assert_int_equal(sync_outcome(s, "flexpay"), SYNC_OUTCOME_OK);
	assert_int_equal(sync_outcome(s, "cedar"), SYNC_OUTCOME_OK);
	struct err e = ERR_INIT;
	assert_true(sync_cache_result(s, &e));
	sync_free(&s);

	struct store_conn *nw = store_conn_get(W.store, "northwind", false);
	assert_non_null(nw);
	assert_int_equal(nw->state, CONN_OK);
	assert_string_equal(nw->institution.name, "Northwind Bank");
	assert_int_equal(nw->n_accounts, 3);
	assert_true(nw->bills.n >= 7);
	assert_true(nw->contacts.n >= 5);
	assert_true(nw->has_limits);
	assert_true(count_txns("northwind") > 100);
	struct store_conn *fp = store_conn_get(W.store, "flexpay", false);
	assert_int_equal(fp->plans.n, 3);
	struct store_conn *cu = store_conn_get(W.store, "cedar", false);
	assert_int_equal(cu->n_accounts, 2);
	assert_true(count_txns("cedar") > 10);
	assert_no_double("northwind");
	assert_no_double("cedar");

	/* the cache holds the same thing */
	struct store *back = store_new();
	assert_true(sync_cache_load(back, W.vault, W.cache_path, &e));
	struct store_conn *bnw = store_conn_get(back, "northwind", false);
	assert_non_null(bnw);
	assert_int_equal(bnw->n_accounts, 3);
	store_free(&back);
}

static void test_incremental_no_duplicates(void **state)
{
	(void)state;
	size_t before_nw = count_txns("northwind"), before_cu = count_txns("cedar");
	struct sync *s = engine(0, 0, 0);
	refresh(s, NULL, SYNC_FORCE);
	assert_int_equal(sync_outcome(s, "northwind"), SYNC_OUTCOME_OK);
	assert_int_equal(sync_outcome(s, "cedar"), SYNC_OUTCOME_OK);
	refresh(s, NULL, SYNC_FORCE);
	sync_free(&s);
	assert_int_equal(count_txns("northwind"), before_nw);
	assert_int_equal(count_txns("cedar"), before_cu);
	assert_no_double("northwind");
	assert_no_double("cedar");
}

static void test_simplefin_interval(void **state)
{
	(void)state;
	struct sync *s = engine(0, 0, 0);
	refresh(s, "cedar", 0);
	assert_int_equal(sync_outcome(s, "cedar"), SYNC_OUTCOME_SKIPPED);
	refresh(s, "cedar", SYNC_FORCE | SYNC_QUICK);
	assert_int_equal(sync_outcome(s, "cedar"), SYNC_OUTCOME_OK);
	sync_free(&s);
	/* balances only: the transactions already stored stay */
	assert_true(count_txns("cedar") > 10);
}

static char *read_file(const char *path, size_t *len)
{
	struct err e = ERR_INIT;
	char *d = fsutil_read_file(path, 64u << 20, len, &e);
	assert_non_null(d);
	return d;
}

static void test_garbage_leaves_cache(void **state)
{
	(void)state;
	size_t len0, len1;
	char *before = read_file(W.cache_path, &len0);
	size_t txns = count_txns("northwind");
	sandbox_restart("--garbage-rate", "1", NULL);
	struct sync *s = engine(0, 1, 0);
	refresh(s, NULL, SYNC_FORCE);
	assert_int_equal(sync_outcome(s, "northwind"), SYNC_OUTCOME_FAILED);
	assert_int_equal(sync_outcome(s, "flexpay"), SYNC_OUTCOME_FAILED);
	assert_int_equal(sync_outcome(s, "cedar"), SYNC_OUTCOME_FAILED);
	sync_free(&s);
	struct store_conn *nw = store_conn_get(W.store, "northwind", false);
	assert_int_equal(nw->state, CONN_ERROR);
	assert_non_null(nw->last_error);
	assert_non_null(strstr(nw->last_error, "unusable"));
	assert_int_equal(count_txns("northwind"), txns);
	char *after = read_file(W.cache_path, &len1);
	assert_int_equal(len0, len1);
	assert_memory_equal(before, after, len0);
	free(before);
	free(after);
}

static void test_latency_and_failures(void **state)
{
	(void)state;
	sandbox_restart("--latency-ms", "200", NULL);
	struct sync *s = engine(0, 0, 0);
	refresh(s, NULL, SYNC_FORCE);
	assert_int_equal(sync_outcome(s, "northwind"), SYNC_OUTCOME_OK);
	assert_int_equal(sync_outcome(s, "flexpay"), SYNC_OUTCOME_OK);
	assert_int_equal(sync_outcome(s, "cedar"), SYNC_OUTCOME_OK);
	sync_free(&s);

	/* 503 with Retry-After: 1 — retried after at least a second */
	sandbox_restart("--fail-rate", "0.3", "--fault-seed", "7", NULL);
	W.retries = 0;
	s = engine(0, 8, 0);
	refresh(s, NULL, SYNC_FORCE);
	assert_int_equal(sync_outcome(s, "northwind"), SYNC_OUTCOME_OK);
	assert_int_equal(sync_outcome(s, "flexpay"), SYNC_OUTCOME_OK);
	sync_free(&s);
	assert_true(W.retries > 0);
	assert_true(W.min_retry_delay >= 1000);
	assert_no_double("northwind");
}

static void test_rate_limit(void **state)
{
	(void)state;
	sandbox_restart("--rate-limit", "3", NULL);
	/* a budget shorter than the minute the server asks for */
	struct sync *s = engine(0, 4, 2000);
	refresh(s, "northwind", SYNC_FORCE);
	assert_int_equal(sync_outcome(s, "northwind"), SYNC_OUTCOME_FAILED);
	sync_free(&s);
	struct store_conn *nw = store_conn_get(W.store, "northwind", false);
	assert_int_equal(nw->state, CONN_RATE_LIMITED);
	assert_true(nw->retry_at > nw->last_attempt);
	assert_int_equal(nw->n_accounts, 3);
}

static void test_stall(void **state)
{
	(void)state;
	sandbox_restart("--stall", NULL);
	struct sync *s = engine(1500, 1, 0);
	time_t t0 = time(NULL);
	refresh(s, NULL, SYNC_FORCE);
	time_t took = time(NULL) - t0;
	assert_int_equal(sync_outcome(s, "northwind"), SYNC_OUTCOME_FAILED);
	assert_int_equal(sync_outcome(s, "cedar"), SYNC_OUTCOME_FAILED);
	sync_free(&s);
	/* one attempt of 1.5 s per level, the levels of each connection in parallel */
	assert_true(took <= 6);
	struct store_conn *nw = store_conn_get(W.store, "northwind", false);
	assert_int_equal(nw->state, CONN_OFFLINE);
	assert_int_equal(nw->n_accounts, 3);
}

static void test_token_expiry_rotation(void **state)
{
	(void)state;
	sandbox_restart("--token-ttl", "4", NULL);
	char *rt0 = conn_secret_get(W.vault, "northwind", "refresh_token");
	assert_non_null(rt0);
	struct sync *s = engine(0, 0, 0);
	refresh(s, "northwind", 0);
	assert_int_equal(sync_outcome(s, "northwind"), SYNC_OUTCOME_OK);
	char *rt1 = conn_secret_get(W.vault, "northwind", "refresh_token");
	assert_string_not_equal(rt0, rt1);
	/* Past the 4 s lifetime (not 1 s: a sanitized refresh on a loaded
	 * machine must finish before its own fresh token expires). */
	sleep(5);
	/* the access token kept in memory has expired: 401, refresh, retry */
	refresh(s, "northwind", 0);
	assert_int_equal(sync_outcome(s, "northwind"), SYNC_OUTCOME_OK);
	sync_free(&s);
	char *rt2 = conn_secret_get(W.vault, "northwind", "refresh_token");
	assert_string_not_equal(rt1, rt2);
	/* the rotation is on disk */
	struct err e = ERR_INIT;
	struct vault *again = NULL;
	assert_true(vault_open(W.vault_path, PASS, strlen(PASS), &again, &e));
	char *disk = conn_secret_get(again, "northwind", "refresh_token");
	assert_string_equal(disk, rt2);
	secmem_release(disk);
	vault_free(&again);
	secmem_release(rt0);
	secmem_release(rt1);
	secmem_release(rt2);
}

/* ---- exactly once -------------------------------------------------------- */

#define PAY_ON_Y 2027
#define PAY_ON_M 1
#define PAY_ON_D 15
#define PAY_IN_FLIGHT 16

struct pay_tally {
	int ok;
	int pending;
	int failed;
	int fd; /* the child's "done" log, or -1 */
	int ready_fd; /* the child: written once the first idem entry is saved; or 0 */
};

static void pay_count(void *arg, const struct pay_outcome *o)
{
	struct pay_tally *t = arg;
	if (o->pending) {
		t->pending++;
		return;
	}
	if (o->status != 201) {
		t->failed++;
		return;
	}
	t->ok++;
	if (t->fd >= 0) {
		/* the amount identifies the payment: "done MINOR\n" */
		struct payment pm = { 0 };
		if (bankapi_parse_payment(o->body, o->body_len, &pm, NULL)) {
			char line[64];
			int n = snprintf(line, sizeof(line), "%lld\n", (long long)pm.amount.minor);
			if (write(t->fd, line, (size_t)n) != n)
				_exit(3);
		}
		payment_clear(&pm);
	}
}

/* A scheduled payment (no balance check until pay_on) of minor cents. */
static char *pay_body(int64_t minor)
{
	struct bill_payment_request r = { .from_account = "acc_chk", .has_pay_on = true };
	money_make(minor, "USD", &r.amount, NULL);
	date_make(PAY_ON_Y, PAY_ON_M, PAY_ON_D, &r.pay_on, NULL);
	return bankapi_build_bill_payment(&r, NULL);
}

/* Sends payments of the amounts (cents) in list, PAY_IN_FLIGHT at a time. */
static bool pay_list(struct pay *p, const int64_t *list, size_t n, struct pay_tally *t)
{
	struct pay_callbacks cb = { .done = pay_count, .arg = t };
	struct err e = ERR_INIT;
	for (size_t i = 0; i < n; i++) {
		int64_t m = list[i];
		while (pay_pending(p) >= PAY_IN_FLIGHT)
			if (!pay_step(p, NULL, 0, 1000, &e))
				return false;
		char *body = pay_body(m);
		bool ok = pay_submit(p, "northwind", "/v1/bills/bill_power/payments", body, &cb,
				     NULL, &e);
		free(body);
		if (!ok)
			return false;
		if (t->ready_fd > 0) {
			if (write(t->ready_fd, "x", 1) != 1)
				return false;
			close(t->ready_fd);
			t->ready_fd = 0;
		}
	}
	return pay_wait(p, &e);
}

static bool pay_range(struct pay *p, int64_t first, int64_t last, struct pay_tally *t)
{
	size_t n = (size_t)(last - first + 1);
	int64_t *list = xcalloc(n, sizeof(*list));
	for (size_t i = 0; i < n; i++)
		list[i] = first + (int64_t)i;
	bool ok = pay_list(p, list, n, t);
	free(list);
	return ok;
}

static struct pay *payer(struct http *h, struct vault *v)
{
	struct pay_options o = { .http = h, .vault = v, .max_rounds = 50, .max_attempts = 8 };
	struct pay *p = pay_new(&o, NULL);
	assert_non_null(p);
	return p;
}

/* How many payments of each amount in [first, last] the server holds (after
 * a clean refresh of northwind); counts[m - first]. */
static void server_counts(int64_t first, int64_t last, int *counts)
{
	sandbox_restart(NULL);
	struct sync *s = engine(0, 0, 0);
	refresh(s, "northwind", 0);
	assert_int_equal(sync_outcome(s, "northwind"), SYNC_OUTCOME_OK);
	sync_free(&s);
	struct store_conn *nw = store_conn_get(W.store, "northwind", false);
	int64_t pay_on;
	date_make(PAY_ON_Y, PAY_ON_M, PAY_ON_D, &pay_on, NULL);
	memset(counts, 0, sizeof(int) * (size_t)(last - first + 1));
	for (size_t i = 0; i < nw->payments.n; i++) {
		const struct payment *pm = &nw->payments.items[i];
		/* the two runs use disjoint amounts */
		if (pm->pay_on != pay_on || pm->status == PAYMENT_CANCELLED ||
		    pm->amount.minor < first || pm->amount.minor > last)
			continue;
		counts[pm->amount.minor - first]++;
	}
}

static bool count_idem(const char *name, const void *value, size_t len, void *arg)
{
	(void)name;
	(void)value;
	(void)len;
	(*(size_t *)arg)++;
	return true;
}

static size_t pending_idem(const struct vault *v)
{
	size_t n = 0;
	vault_each(v, "idem/", count_idem, &n);
	return n;
}

static void test_exactly_once_1000(void **state)
{
	(void)state;
	sandbox_restart("--drop-after-commit", "0.3", "--fail-rate", "0.2", "--fault-seed", "11",
			NULL);
	struct pay *p = payer(W.http, W.vault);
	struct pay_tally t = { .fd = -1 };
	assert_true(pay_range(p, 1, 1000, &t));
	pay_free(&p);
	assert_int_equal(t.ok, 1000);
	assert_int_equal(t.pending, 0);
	assert_int_equal(pending_idem(W.vault), 0);
	int *counts = xcalloc(1000, sizeof(int));
	server_counts(1, 1000, counts);
	for (int i = 0; i < 1000; i++)
		assert_int_equal(counts[i], 1);
	free(counts);
}

/* A child pays 2001..2300 and is SIGKILLed mid-way; the parent reopens the
 * vault, resends what is pending, and pays what the child never started. */
static void test_exactly_once_sigkill(void **state)
{
	(void)state;
	enum { FIRST = 2001, LAST = 2300, N = LAST - FIRST + 1 };
	sandbox_restart("--drop-after-commit", "0.3", "--fail-rate", "0.2", "--fault-seed", "5",
			NULL);
	char *log = xasprintf("%s/done.log", W.dir);
	int ready[2];
	assert_int_equal(pipe(ready), 0);
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		struct err e = ERR_INIT;
		struct vault *v = NULL;
		if (!vault_open(W.vault_path, PASS, strlen(PASS), &v, &e))
			_exit(2);
		struct http_options ho = { 0 };
		struct http *h = http_new(&ho, &e);
		struct pay_options o = { .http = h, .vault = v, .max_rounds = 50,
					 .max_attempts = 8 };
		struct pay *p = pay_new(&o, &e);
		close(ready[0]);
		struct pay_tally t = { .fd = open(log, O_WRONLY | O_CREAT | O_TRUNC, 0600),
				       .ready_fd = ready[1] };
		pay_range(p, FIRST, LAST, &t);
		_exit(0);
	}
	/* kill it in the middle: some time after its first payment started */
	close(ready[1]);
	char x;
	assert_int_equal(read(ready[0], &x, 1), 1);
	close(ready[0]);
	struct timespec ts = { 2, 0 };
	nanosleep(&ts, NULL);
	kill(pid, SIGKILL);
	int status;
	waitpid(pid, &status, 0);
	assert_true(WIFSIGNALED(status));

	/* what the child finished, by amount */
	bool done[N] = { false };
	FILE *f = fopen(log, "r");
	assert_non_null(f);
	long long m;
	int n_done = 0;
	while (fscanf(f, "%lld", &m) == 1) {
		assert_true(m >= FIRST && m <= LAST);
		done[m - FIRST] = true;
		n_done++;
	}
	fclose(f);
	free(log);

	/* restart: the vault on disk has the child's pending keys and tokens */
	vault_free(&W.vault);
	struct err e = ERR_INIT;
	assert_true(vault_open(W.vault_path, PASS, strlen(PASS), &W.vault, &e));
	size_t pending = pending_idem(W.vault);
	assert_true(pending > 0);
	struct pay *p = payer(W.http, W.vault);
	struct pay_tally t = { .fd = -1 };
	struct pay_callbacks cb = { .done = pay_count, .arg = &t };
	assert_int_equal(pay_resume(p, &cb, &e), pending);
	assert_true(pay_wait(p, &e));
	assert_int_equal(t.ok, (int)pending);
	assert_int_equal(pending_idem(W.vault), 0);

	int counts[N];
	server_counts(FIRST, LAST, counts);
	int missing = 0;
	for (int i = 0; i < N; i++) {
		assert_true(counts[i] <= 1); /* never twice */
		if (done[i])
			assert_int_equal(counts[i], 1); /* never lost */
		missing += counts[i] == 0;
	}
	/* the payments the child never got to: sent now, with new keys */
	sandbox_restart("--drop-after-commit", "0.3", "--fail-rate", "0.2", NULL);
	int64_t todo[N];
	size_t n_todo = 0;
	for (int i = 0; i < N; i++)
		if (counts[i] == 0)
			todo[n_todo++] = FIRST + i;
	struct pay_tally t2 = { .fd = -1 };
	assert_true(pay_list(p, todo, n_todo, &t2));
	assert_int_equal(t2.ok, (int)n_todo);
	pay_free(&p);
	server_counts(FIRST, LAST, counts);
	for (int i = 0; i < N; i++)
		assert_int_equal(counts[i], 1);
	print_message("sigkill run: %d finished by the child, %zu resent, %d never started\n",
		      n_done, pending, missing);
}

/* ---- SCA ------------------------------------------------------------------- */

struct sca_state {
	int asked;
	enum problem_type seen[4];
};

/* First a wrong code, then the sandbox's current one. */
static bool sca_code(void *arg, const struct problem *p, char *code, size_t size)
{
	struct sca_state *st = arg;
	if (st->asked < 4)
		st->seen[st->asked] = p->type;
	if (st->asked++ == 0) {
		snprintf(code, size, "000000");
		return true;
	}
	char *cmd = xasprintf("'%s' otp --db '%s' --now %s", sandbox_bin, W.db, NOW);
	FILE *f = popen(cmd, "r");
	free(cmd);
	assert_non_null(f);
	assert_non_null(fgets(code, (int)size, f));
	pclose(f);
	code[strcspn(code, "\r\n")] = '\0';
	return true;
}

struct sca_result {
	long status;
	bool pending;
	struct err err;
};

static void sca_done(void *arg, const struct pay_outcome *o)
{
	struct sca_result *r = ((struct sca_result **)arg)[1];
	r->status = o->status;
	r->pending = o->pending;
	r->err = o->err;
}

static bool sca_code_cb(void *arg, const struct problem *p, char *code, size_t size)
{
	return sca_code(((void **)arg)[0], p, code, size);
}

static void test_transfer_with_sca(void **state)
{
	(void)state;
	sandbox_restart(NULL);
	struct transfer_request tr = { .from_account = "acc_chk", .contact_id = "ct_bob",
				       .memo = "first transfer" };
	money_make(1000, "USD", &tr.amount, NULL);
	char *body = bankapi_build_transfer(&tr, NULL);
	assert_non_null(body);
	struct sca_state st = { 0 };
	struct sca_result res = { 0 };
	void *args[2] = { &st, &res };
	struct pay_callbacks cb = { .done = sca_done, .sca = sca_code_cb, .arg = args };
	struct pay *p = payer(W.http, W.vault);
	struct err e = ERR_INIT;
	char key[PAY_KEY_LEN + 1];
	assert_true(pay_submit(p, "northwind", "/v1/transfers", body, &cb, key, &e));
	assert_int_equal(strlen(key), PAY_KEY_LEN);
	/* on disk before anything was sent */
	struct vault *disk = NULL;
	assert_true(vault_open(W.vault_path, PASS, strlen(PASS), &disk, &e));
	char *name = xasprintf("idem/%s", key);
	size_t len;
	assert_non_null(vault_get(disk, name, &len));
	vault_free(&disk);
	assert_true(pay_wait(p, &e));
	pay_free(&p);
	free(body);
	assert_int_equal(res.status, 201);
	assert_int_equal(st.asked, 2);
	assert_int_equal(st.seen[0], PROBLEM_SCA_REQUIRED);
	assert_int_equal(st.seen[1], PROBLEM_SCA_FAILED);
	assert_null(vault_get(W.vault, name, &len));
	free(name);

	/* a SimpleFIN connection cannot move money; nothing is written */
	p = payer(W.http, W.vault);
	assert_false(pay_submit(p, "cedar", "/v1/transfers", "{}", &cb, NULL, &e));
	assert_int_equal(e.code, ERR_UNSUPPORTED);
	assert_int_equal(pending_idem(W.vault), 0);
	pay_free(&p);
}

static void test_fail_rate_gives_up(void **state)
{
	(void)state;
	sandbox_restart("--fail-rate", "1", NULL);
	W.retries = 0;
	struct sync *s = engine(0, 3, 0);
	time_t t0 = time(NULL);
	refresh(s, "northwind", SYNC_FORCE);
	assert_int_equal(sync_outcome(s, "northwind"), SYNC_OUTCOME_FAILED);
	sync_free(&s);
	/* three attempts, two waits of at least Retry-After: 1 */
	assert_int_equal(W.retries, 2);
	assert_true(time(NULL) - t0 >= 2);
	struct store_conn *nw = store_conn_get(W.store, "northwind", false);
	assert_int_equal(nw->state, CONN_ERROR);
	assert_int_equal(nw->n_accounts, 3);
}

static void test_revoked_marks_only_itself(void **state)
{
	(void)state;
	sandbox_restart(NULL);
	vault_set(W.vault, "conn/northwind/refresh_token", "rt_revoked_xxxxxxxx", 19);
	struct sync *s = engine(0, 0, 0);
	refresh(s, NULL, SYNC_FORCE);
	assert_int_equal(sync_outcome(s, "northwind"), SYNC_OUTCOME_FAILED);
	assert_int_equal(sync_outcome(s, "flexpay"), SYNC_OUTCOME_OK);
	assert_int_equal(sync_outcome(s, "cedar"), SYNC_OUTCOME_OK);
	sync_free(&s);
	struct store_conn *nw = store_conn_get(W.store, "northwind", false);
	assert_int_equal(nw->state, CONN_NEEDS_RELINK);
	assert_int_equal(nw->n_accounts, 3);
	struct store_conn *fp = store_conn_get(W.store, "flexpay", false);
	assert_int_equal(fp->state, CONN_OK);
}

static void test_unlink(void **state)
{
	(void)state;
	struct err e = ERR_INIT;
	assert_true(link_remove(W.vault, W.store, "northwind", &e));
	assert_null(store_conn_get(W.store, "northwind", false));
	assert_int_equal(vault_count_connections(W.vault), 2);
	assert_false(link_remove(W.vault, W.store, "northwind", &e));
	assert_int_equal(e.code, ERR_NOT_FOUND);
}

/* ---- TLS ------------------------------------------------------------------ */

/* Self-signed certificates made now: good (127.0.0.1), other (another key,
 * same name: a wrong CA), wronghost (only DNS:other.example). */
static void tls_make(const char *dir)
{
	static const char *const certs[][2] = {
		{ "good", "subjectAltName=IP:127.0.0.1" },
		{ "other", "subjectAltName=IP:127.0.0.1" },
		{ "wronghost", "subjectAltName=DNS:other.example" },
	};
	for (size_t i = 0; i < sizeof(certs) / sizeof(certs[0]); i++) {
		char *cmd = xasprintf(
			"cd '%s' && openssl req -x509 -newkey ec -pkeyopt "
			"ec_paramgen_curve:prime256v1 -nodes -keyout %s.key -out %s.pem -days 2 "
			"-subj /CN=bankterm-test -addext %s 2>/dev/null",
			dir, certs[i][0], certs[i][0], certs[i][1]);
		assert_int_equal(system(cmd), 0);
		free(cmd);
	}
}

static struct config *tls_config(const char *ca, const char *pin)
{
	char *text = xasprintf("[connection tlsbank]\ntype = bankapi\n"
			       "base_url = %s/northwind\nca_file = %s/%s.pem\n%s%s%s",
			       W.base, W.dir, ca, pin != NULL ? "pin = " : "",
			       pin != NULL ? pin : "", pin != NULL ? "\n" : "");
	struct err e = ERR_INIT;
	struct config *cfg = config_parse(text, strlen(text), "test", NULL, &e);
	if (cfg == NULL)
		print_error("%s\n", e.msg);
	assert_non_null(cfg);
	free(text);
	return cfg;
}

/* Refreshes tlsbank with cfg; for a failure, the message must contain
 * want (what went wrong). */
static enum sync_outcome tls_refresh(const struct config *cfg, const char *want)
{
	struct sync_options o = { .http = W.http, .vault = W.vault, .store = W.store,
				  .config = cfg, .max_attempts = 1 };
	struct sync *s = sync_new(&o, NULL);
	refresh(s, "tlsbank", 0);
	enum sync_outcome out = sync_outcome(s, "tlsbank");
	sync_free(&s);
	struct store_conn *c = store_conn_get(W.store, "tlsbank", false);
	if (want != NULL) {
		assert_non_null(c->last_error);
		assert_non_null(strstr(c->last_error, want));
	}
	return out;
}

static void test_tls(void **state)
{
	(void)state;
	tls_make(W.dir);
	char *cert = xasprintf("%s/good.pem", W.dir), *key = xasprintf("%s/good.key", W.dir);
	sandbox_stop();
	W.port = 0;
	sandbox_start("--tls-cert", cert, "--tls-key", key, NULL);
	assert_true(strncmp(W.base, "https://", 8) == 0);
	struct config *good = tls_config("good", NULL);
	struct err e = ERR_INIT;
	char url[128];
	snprintf(url, sizeof(url), "%s/northwind", W.base);
	struct link_ui ui = { show_code, NULL };
	assert_true(link_bankapi(W.http, W.vault, good, "tlsbank", url, &ui, &e));
	assert_int_equal(tls_refresh(good, NULL), SYNC_OUTCOME_OK);

	struct config *wrong_ca = tls_config("other", NULL);
	assert_int_equal(tls_refresh(wrong_ca, "could not be verified"), SYNC_OUTCOME_FAILED);
	struct config *wrong_pin =
		tls_config("good", "sha256//AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=");
	assert_int_equal(tls_refresh(wrong_pin, "pinned key"), SYNC_OUTCOME_FAILED);

	/* the same name on a certificate for another host */
	free(cert);
	free(key);
	cert = xasprintf("%s/wronghost.pem", W.dir);
	key = xasprintf("%s/wronghost.key", W.dir);
	sandbox_stop();
	sandbox_start("--tls-cert", cert, "--tls-key", key, NULL);
	struct config *wrong_host = tls_config("wronghost", NULL);
	assert_int_equal(tls_refresh(wrong_host, "could not be verified"), SYNC_OUTCOME_FAILED);
	config_free(&good);
	config_free(&wrong_ca);
	config_free(&wrong_pin);
	config_free(&wrong_host);
	free(cert);
	free(key);
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: test_sync BANKTERM_SANDBOX\n");
		return 2;
	}
	sandbox_bin = argv[1];
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_link),
		cmocka_unit_test(test_link_approve_deny),
		cmocka_unit_test(test_refresh_all),
		cmocka_unit_test(test_incremental_no_duplicates),
		cmocka_unit_test(test_simplefin_interval),
		cmocka_unit_test(test_garbage_leaves_cache),
		cmocka_unit_test(test_latency_and_failures),
		cmocka_unit_test(test_rate_limit),
		cmocka_unit_test(test_stall),
		cmocka_unit_test(test_token_expiry_rotation),
		cmocka_unit_test(test_exactly_once_1000),
		cmocka_unit_test(test_exactly_once_sigkill),
		cmocka_unit_test(test_transfer_with_sca),
		cmocka_unit_test(test_fail_rate_gives_up),
		cmocka_unit_test(test_revoked_marks_only_itself),
		cmocka_unit_test(test_unlink),
		cmocka_unit_test(test_tls),
	};
	return cmocka_run_group_tests(tests, setup_world, teardown_world);
}

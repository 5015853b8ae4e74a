/* sync.c — the refresh state machines (see sync.h and docs/SYNC.md).
 *
 * Every connection of a refresh moves through its requests only from http
 * callbacks on the one loop:
 *
 *   bankapi    token refresh -> institution -> accounts, bills, payments,
 *              contacts, transfers, limits, plans (as capabilities allow)
 *              -> each account's transaction pages (cursor after cursor)
 *   simplefin  GET /accounts (one request: balances and transactions)
 *
 * Results are staged in the connection and moved into the store in one go
 * when its last request ended well; the first failure cancels the rest of
 * that connection's requests and records why in the store. */
#include "sync.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "conn.h"
#include "date.h"
#include "model.h"
#include "providers/bankapi.h"
#include "providers/simplefin.h"
#include "sanitize.h"
#include "store.h"
#include "vault/cache.h"
#include "vault/secmem.h"
#include "vault/vault.h"
#include "xmalloc.h"

/* Accounts whose transactions one connection fetches at the same time. */
#define SYNC_TXNS_FLYING 6

enum sync_req_kind {
	REQ_TOKEN,
	REQ_INSTITUTION,
	REQ_ACCOUNTS,
	REQ_TRANSACTIONS,
	REQ_BILLS,
	REQ_PAYMENTS,
	REQ_CONTACTS,
	REQ_TRANSFERS,
	REQ_LIMITS,
	REQ_PLANS,
	REQ_SIMPLEFIN,
};

struct sync_conn;

struct sync_req {
	struct sync *sync;
	struct sync_conn *conn;
	enum sync_req_kind kind;
	size_t account; /* REQ_TRANSACTIONS: index into conn->accounts */
	char *url;	/* without secrets */
	uint64_t id;	/* 0 while waiting for a token */
	struct sync_req *next;
};

struct sync_conn {
	struct sync *sync;
	struct conn_info info;
	bool active;
	bool failed;
	enum sync_outcome outcome;
	unsigned quick : 1;
	unsigned done, total;
	struct sync_req *reqs; /* in flight or waiting for a token */
	char *access_token;    /* secmem; kept for the engine's life */
	bool token_in_flight;
	int token_refreshes; /* in this refresh: a second 401 after one means re-link */
	bool rotation_unsaved; /* a new refresh token is in the vault, not yet on disk */
	struct simplefin_access sf;

	size_t next_txns;     /* the next account whose transactions are not asked for */
	unsigned txns_flying; /* accounts whose transaction pages are being fetched */

	/* staged results */
	struct institution inst;
	struct account_list accounts;
	struct transaction_list *txns; /* one per account */
	struct bill_list bills;
	bool has_bills;
	struct payment_list payments;
	bool has_payments;
	struct contact_list contacts;
	bool has_contacts;
	struct transfer_list transfers;
	bool has_transfers;
	struct transfer_limits limits;
	bool has_limits;
	struct bnpl_plan_list plans;
	bool has_plans;
	char *notice; /* SimpleFIN errors for the user (raw), or NULL */
};

struct sync {
	struct sync_options opts;
	char *cache_path;
	struct sync_conn *conns;
	size_t n_conns;
	size_t active;
	bool running;
	bool committed; /* some connection put new data into the store */
	bool vault_dirty; /* rotated refresh tokens wait for sync_flush_vault */
	struct err cache_err;
};

static void sync_submit(struct sync_conn *c, struct sync_req *r);

/* ---- staging -------------------------------------------------------- */

static void sync_conn_unstage(struct sync_conn *c)
{
	institution_clear(&c->inst);
	if (c->txns != NULL) {
		for (size_t i = 0; i < c->accounts.n; i++)
			transaction_list_free(&c->txns[i]);
		free(c->txns);
		c->txns = NULL;
	}
	account_list_free(&c->accounts);
	bill_list_free(&c->bills);
	payment_list_free(&c->payments);
	contact_list_free(&c->contacts);
	transfer_list_free(&c->transfers);
	bnpl_plan_list_free(&c->plans);
	c->has_bills = c->has_payments = c->has_contacts = false;
	c->has_transfers = c->has_limits = c->has_plans = false;
	free(c->notice);
	c->notice = NULL;
}

/* Moves the items of page to the end of all (page is left empty). */
static void sync_txns_append(struct transaction_list *all, struct transaction_list *page)
{
	if (page->n > 0) {
		all->items = xreallocarray(all->items, all->n + page->n, sizeof(*all->items));
		memcpy(all->items + all->n, page->items, page->n * sizeof(*page->items));
		all->n += page->n;
	}
	free(page->items);
	page->items = NULL;
	page->n = 0;
	free(page->next_cursor);
	page->next_cursor = NULL;
}

/* ---- requests ------------------------------------------------------- */

static void sync_req_free(struct sync_req *r)
{
	free(r->url);
	free(r);
}

static void sync_req_unlink(struct sync_conn *c, struct sync_req *r)
{
	for (struct sync_req **p = &c->reqs; *p != NULL; p = &(*p)->next) {
		if (*p == r) {
			*p = r->next;
			return;
		}
	}
}

static void sync_conn_cancel_all(struct sync_conn *c)
{
	while (c->reqs != NULL) {
		struct sync_req *r = c->reqs;
		c->reqs = r->next;
		/* Its callback will not come, even when its answer arrived in the
		 * same poll as the one being handled. */
		if (r->id != 0)
			http_cancel(c->sync->opts.http, r->id);
		sync_req_free(r);
	}
	c->token_in_flight = false;
}

static void sync_progress(struct sync_conn *c)
{
	struct store *st = c->sync->opts.store;
	struct store_conn *sc = store_conn_get(st, c->info.name, true);
	store_conn_set_progress(st, sc, c->done, c->total);
}

static struct sync_req *sync_req_new(struct sync_conn *c, enum sync_req_kind kind, char *url)
{
	struct sync_req *r = xcalloc(1, sizeof(*r));
	r->sync = c->sync;
	r->conn = c;
	r->kind = kind;
	r->url = url;
	r->next = c->reqs;
	c->reqs = r;
	c->total++;
	return r;
}

static void sync_get(struct sync_conn *c, enum sync_req_kind kind, char *url)
{
	if (c->failed) {
		free(url);
		return;
	}
	sync_submit(c, sync_req_new(c, kind, url));
}

/* ---- ending a connection -------------------------------------------- */

static void sync_commit(struct sync_conn *c);
static void sync_finish_all(struct sync *s);

static void sync_conn_end(struct sync_conn *c)
{
	if (!c->active)
		return;
	c->active = false;
	struct sync *s = c->sync;
	s->active--;
	if (!c->failed) {
		sync_commit(c);
		c->outcome = SYNC_OUTCOME_OK;
	} else {
		c->outcome = SYNC_OUTCOME_FAILED;
	}
	sync_conn_unstage(c);
	if (s->active == 0)
		sync_finish_all(s);
}

/* Marks the connection failed (first failure wins), cancels the rest of its
 * requests and records the state; its stored data stays as it was. */
static void sync_fail(struct sync_conn *c, enum conn_state state, int64_t retry_at,
		      const char *fmt, ...) ERR_PRINTF(4, 5);

static void sync_fail(struct sync_conn *c, enum conn_state state, int64_t retry_at,
		      const char *fmt, ...)
{
	if (c->failed || !c->active)
		return;
	c->failed = true;
	sync_conn_cancel_all(c);
	char msg[ERR_MSG_MAX];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	struct store *st = c->sync->opts.store;
	struct store_conn *sc = store_conn_get(st, c->info.name, true);
	store_conn_set_state(st, sc, state, date_now(), msg);
	if (state == CONN_RATE_LIMITED)
		sc->retry_at = retry_at;
	if (state == CONN_NEEDS_RELINK && c->access_token != NULL) {
		secmem_release(c->access_token);
		c->access_token = NULL;
	}
	sync_conn_end(c);
}

/* Called after each finished request: ends the connection when nothing of
 * it is left in flight. */
static void sync_conn_step(struct sync_conn *c)
{
	sync_progress(c);
	if (c->reqs == NULL && c->active)
		sync_conn_end(c);
}

/* ---- answers -------------------------------------------------------- */

static const char *sync_kind_what(enum sync_req_kind k)
{
	static const char *const what[] = {
		[REQ_TOKEN] = "the token refresh",
		[REQ_INSTITUTION] = "the institution",
		[REQ_ACCOUNTS] = "the accounts",
		[REQ_TRANSACTIONS] = "transactions",
		[REQ_BILLS] = "bills",
		[REQ_PAYMENTS] = "payments",
		[REQ_CONTACTS] = "contacts",
		[REQ_TRANSFERS] = "transfers",
		[REQ_LIMITS] = "transfer limits",
		[REQ_PLANS] = "BNPL plans",
		[REQ_SIMPLEFIN] = "the SimpleFIN accounts",
	};
	return what[k];
}

/* The problem+json of a failed Bank API answer, as "title: detail" (raw). */
static void sync_problem_text(const struct http_response *resp, char *out, size_t size)
{
	struct problem p = { 0 };
	if (bankapi_parse_problem(resp->body.data, resp->body.len, &p, NULL) &&
	    (p.detail != NULL || p.title != NULL))
		snprintf(out, size, "%s", p.detail != NULL ? p.detail : p.title);
	else
		snprintf(out, size, "status %ld", resp->status);
	problem_clear(&p);
}

static bool sync_is_invalid_token(const struct http_response *resp)
{
	struct problem p = { 0 };
	bool yes = bankapi_parse_problem(resp->body.data, resp->body.len, &p, NULL) &&
		   p.type == PROBLEM_INVALID_TOKEN;
	problem_clear(&p);
	return yes;
}

static void sync_start_token(struct sync_conn *c);

/* Sorts out every answer that is not a usable 2xx; true when the request is
 * dealt with (failed the connection or is waiting for a token). */
static bool sync_triage(struct sync_conn *c, struct sync_req *r, struct http_response *resp)
{
	const char *name = c->info.name;
	if (resp->err.code != ERR_OK && resp->status == 0) {
		/* A refused redirect or an oversized answer is not being offline. */
		sync_fail(c, resp->err.code == ERR_NET ? CONN_OFFLINE : CONN_ERROR, 0, "%s",
			  resp->err.msg);
		return true;
	}
	if (resp->status == 429) {
		int64_t delay = 60;
		const char *ra = http_response_header(resp, "Retry-After");
		if (ra == NULL || !http_retry_after_parse(ra, (time_t)date_now(), &delay))
			delay = 60;
		sync_fail(c, CONN_RATE_LIMITED, date_now() + delay,
			  "%s is rate limited; retry after %lld s", name, (long long)delay);
		return true;
	}
	if (resp->status >= 200 && resp->status < 300)
		return false;
	char text[ERR_MSG_MAX / 2];
	if (c->info.type == CONFIG_CONN_SIMPLEFIN) {
		if (resp->status == 403) {
			sync_fail(c, CONN_NEEDS_RELINK, 0,
				  "the SimpleFIN server refused the access credentials of %s (403); "
				  "they were revoked: make a new setup token and link again",
				  name);
			return true;
		}
		if (resp->status == 402) {
			sync_fail(c, CONN_ERROR, 0,
				  "the SimpleFIN server of %s asks for payment (402); check your "
				  "subscription",
				  name);
			return true;
		}
		/* a 400 still carries an Account Set whose errors say why */
		struct simplefin_account_set set = { 0 };
		const char *why = "";
		if (simplefin_parse_account_set(resp->body.data, resp->body.len, &set, NULL) &&
		    set.n_errors > 0)
			why = set.errors[0].message;
		sync_fail(c, CONN_ERROR, 0, "the SimpleFIN server of %s answered status %ld%s%s",
			  name, resp->status, *why != '\0' ? ": " : "", why);
		simplefin_account_set_free(&set);
		return true;
	}
	if (resp->status == 401 && r->kind != REQ_TOKEN && sync_is_invalid_token(resp) &&
	    c->token_refreshes < 2) {
		/* The access token expired: park the request, refresh once. */
		r->id = 0;
		if (c->access_token != NULL) {
			secmem_release(c->access_token);
			c->access_token = NULL;
		}
		if (!c->token_in_flight)
			sync_start_token(c);
		return true;
	}
	if (resp->status == 401) {
		sync_fail(c, CONN_NEEDS_RELINK, 0,
			  "%s no longer accepts bankterm's tokens; run 'bankterm link bankapi %s "
			  "URL' again",
			  name, name);
		return true;
	}
	sync_problem_text(resp, text, sizeof(text));
	sync_fail(c, CONN_ERROR, 0, "%s: %s failed: %s", name, sync_kind_what(r->kind), text);
	return true;
}

static void sync_fail_parse(struct sync_conn *c, struct sync_req *r, const struct err *pe)
{
	sync_fail(c, CONN_ERROR, 0, "%s sent unusable %s: %s", c->info.name,
		  sync_kind_what(r->kind), pe->msg);
}

static char *sync_url(const struct sync_conn *c, const char *path)
{
	return xasprintf("%s%s", c->info.base_url, path);
}

static void sync_after_institution(struct sync_conn *c)
{
	unsigned caps = c->inst.caps;
	if (caps & INSTITUTION_CAP_ACCOUNTS)
		sync_get(c, REQ_ACCOUNTS, sync_url(c, "/v1/accounts"));
	if (caps & INSTITUTION_CAP_BILLS) {
		sync_get(c, REQ_BILLS, sync_url(c, "/v1/bills"));
		sync_get(c, REQ_PAYMENTS, sync_url(c, "/v1/payments"));
	}
	if (caps & INSTITUTION_CAP_P2P) {
		sync_get(c, REQ_CONTACTS, sync_url(c, "/v1/contacts"));
		sync_get(c, REQ_TRANSFERS, sync_url(c, "/v1/transfers"));
		sync_get(c, REQ_LIMITS, sync_url(c, "/v1/transfers/limits"));
	}
	if (caps & INSTITUTION_CAP_BNPL)
		sync_get(c, REQ_PLANS, sync_url(c, "/v1/bnpl/plans"));
}

/* The first page of an account's transactions: everything on the first
 * sync, else from the last posted date minus the safety window. */
static char *sync_txn_url(struct sync_conn *c, size_t i, const char *cursor)
{
	struct buf b = BUF_INIT;
	buf_append_str(&b, c->info.base_url);
	buf_append_str(&b, "/v1/accounts/");
	buf_append_str(&b, c->accounts.items[i].id);
	buf_append_str(&b, "/transactions?limit=5000");
	struct store_conn *sc = store_conn_get(c->sync->opts.store, c->info.name, false);
	struct store_account *sa =
		sc != NULL ? store_account_find(sc, c->accounts.items[i].id) : NULL;
	int64_t through = sa != NULL ? store_account_posted_through(sa) : 0;
	if (through > 0) {
		char d[DATE_STR_MAX];
		int64_t since = date_of_timestamp_utc(through) - SYNC_SAFETY_DAYS;
		buf_printf(&b, "&since=%s", date_format(since, d));
	}
	if (cursor != NULL) {
		buf_append_str(&b, "&cursor=");
		conn_form_append(&b, cursor);
	}
	return buf_steal(&b);
}

/* Asks for the transactions of the next accounts, at most SYNC_TXNS_FLYING
 * at a time: with every account's request queued at once, 50,000 accounts
 * waited in curl's queue until their 30 s timeout ran out. */
static void sync_next_txns(struct sync_conn *c)
{
	while (c->txns_flying < SYNC_TXNS_FLYING && c->next_txns < c->accounts.n && !c->failed) {
		size_t i = c->next_txns++;
		struct sync_req *t = sync_req_new(c, REQ_TRANSACTIONS, sync_txn_url(c, i, NULL));
		t->account = i;
		c->txns_flying++;
		sync_submit(c, t);
	}
}

static void sync_on_bankapi(struct sync_conn *c, struct sync_req *r, struct http_response *resp)
{
	const char *body = resp->body.data;
	size_t len = resp->body.len;
	struct err pe = ERR_INIT;
	bool ok = true;
	switch (r->kind) {
	case REQ_INSTITUTION:
		institution_clear(&c->inst);
		ok = bankapi_parse_institution(body, len, &c->inst, &pe);
		if (ok)
			sync_after_institution(c);
		break;
	case REQ_ACCOUNTS:
		ok = bankapi_parse_accounts(body, len, &c->accounts, &pe);
		if (ok) {
			c->txns = xcalloc(c->accounts.n + 1, sizeof(*c->txns));
			c->next_txns = 0;
			c->txns_flying = 0;
			sync_next_txns(c);
		}
		break;
	case REQ_TRANSACTIONS: {
		struct transaction_list page = { 0 };
		ok = bankapi_parse_transactions(body, len, c->accounts.items[r->account].currency,
						&page, &pe);
		char *cursor = ok ? page.next_cursor : NULL;
		page.next_cursor = NULL;
		if (ok)
			sync_txns_append(&c->txns[r->account], &page);
		transaction_list_free(&page);
		if (cursor != NULL) {
			struct sync_req *t = sync_req_new(
				c, REQ_TRANSACTIONS, sync_txn_url(c, r->account, cursor));
			t->account = r->account;
			free(cursor);
			sync_submit(c, t);
		} else if (ok) {
			c->txns_flying--;
			sync_next_txns(c);
		}
		break;
	}
	case REQ_BILLS:
		ok = c->has_bills = bankapi_parse_bills(body, len, &c->bills, &pe);
		break;
	case REQ_PAYMENTS:
		ok = c->has_payments = bankapi_parse_payments(body, len, &c->payments, &pe);
		break;
	case REQ_CONTACTS:
		ok = c->has_contacts = bankapi_parse_contacts(body, len, &c->contacts, &pe);
		break;
	case REQ_TRANSFERS:
		ok = c->has_transfers = bankapi_parse_transfers(body, len, &c->transfers, &pe);
		break;
	case REQ_LIMITS:
		ok = c->has_limits = bankapi_parse_transfer_limits(body, len, &c->limits, &pe);
		break;
	case REQ_PLANS:
		ok = c->has_plans = bankapi_parse_plans(body, len, &c->plans, &pe);
		break;
	case REQ_TOKEN:
	case REQ_SIMPLEFIN:
		break;
	}
	if (!ok)
		sync_fail_parse(c, r, &pe);
}

/* SimpleFIN's errors are for the user; joined (raw) into one notice. */
static void sync_simplefin_notice(struct sync_conn *c, const struct simplefin_account_set *set)
{
	if (set->n_errors == 0)
		return;
	struct buf b = BUF_INIT;
	for (size_t i = 0; i < set->n_errors && b.len < ERR_MSG_MAX; i++) {
		if (i > 0)
			buf_append_str(&b, "; ");
		buf_append_str(&b, set->errors[i].message);
	}
	c->notice = buf_steal(&b);
}

static void sync_on_simplefin(struct sync_conn *c, struct sync_req *r, struct http_response *resp)
{
	struct simplefin_account_set set = { 0 };
	struct err pe = ERR_INIT;
	if (!simplefin_parse_account_set(resp->body.data, resp->body.len, &set, &pe)) {
		sync_fail_parse(c, r, &pe);
		return;
	}
	sync_simplefin_notice(c, &set);
	c->inst.id = xstrdup("simplefin");
	const char *org = NULL;
	for (size_t i = 0; i < set.n_accounts && org == NULL; i++)
		org = set.accounts[i].org.name != NULL ? set.accounts[i].org.name
						       : set.accounts[i].org.domain;
	c->inst.name = xstrdup(org != NULL ? org : c->info.name);
	c->inst.caps = INSTITUTION_CAP_ACCOUNTS;
	c->accounts.items = xcalloc(set.n_accounts + 1, sizeof(*c->accounts.items));
	c->txns = xcalloc(set.n_accounts + 1, sizeof(*c->txns));
	for (size_t i = 0; i < set.n_accounts; i++) {
		struct simplefin_account *a = &set.accounts[i];
		size_t k = c->accounts.n++;
		c->accounts.items[k] = a->account;
		memset(&a->account, 0, sizeof(a->account));
		if (!c->quick && c->accounts.items[k].currency[0] != '\0')
			sync_txns_append(&c->txns[k], &a->transactions);
	}
	simplefin_account_set_free(&set);
}

static void sync_on_token(struct sync_conn *c, struct http_response *resp)
{
	c->token_in_flight = false;
	if (resp->status == 400 || resp->status == 401) {
		struct oauth_error oe = { 0 };
		bool parsed = bankapi_parse_oauth_error(resp->body.data, resp->body.len, &oe, NULL);
		bool grant = parsed && oe.code == OAUTH_ERR_INVALID_GRANT;
		oauth_error_clear(&oe);
		if (grant || resp->status == 401) {
			sync_fail(c, CONN_NEEDS_RELINK, 0,
				  "%s refused the saved refresh token (it was revoked or used "
				  "elsewhere); run 'bankterm link bankapi %s URL' again",
				  c->info.name, c->info.name);
			return;
		}
	}
	if (resp->status != 200) {
		char text[ERR_MSG_MAX / 2];
		snprintf(text, sizeof(text), "status %ld", resp->status);
		sync_fail(c, CONN_ERROR, 0, "%s: the token refresh failed (%s)", c->info.name,
			  text);
		return;
	}
	struct oauth_token t = { 0 };
	struct err pe = ERR_INIT;
	if (!bankapi_parse_token(resp->body.data, resp->body.len, &t, &pe)) {
		sync_fail(c, CONN_ERROR, 0, "%s sent an unusable token answer: %s", c->info.name,
			  pe.msg);
		return;
	}
	c->token_refreshes++;
	size_t n = strlen(t.access_token);
	c->access_token = secmem_alloc(n + 1);
	memcpy(c->access_token, t.access_token, n + 1);
	bool first = c->inst.id == NULL && c->reqs == NULL;
	if (first) {
		sync_get(c, REQ_INSTITUTION, sync_url(c, "/v1/institution"));
	} else {
		for (struct sync_req *w = c->reqs; w != NULL && !c->failed; w = w->next)
			if (w->id == 0)
				sync_submit(c, w);
	}
	/* Rotation: the old refresh token died when the bank answered, so the
	 * new one must reach the disk — but whether before or after the new
	 * access token is used changes nothing (a failed save means linking
	 * again either way).  sync_flush_vault saves once for every connection
	 * that rotated in this loop turn, after their requests are on the wire,
	 * so the fsync overlaps their round trip instead of adding to it. */
	if (t.refresh_token != NULL) {
		if (conn_set_refresh_token(c->sync->opts.vault, c->info.name, t.refresh_token,
					   &pe)) {
			c->rotation_unsaved = true;
			c->sync->vault_dirty = true;
		} else {
			secmem_release(c->access_token);
			c->access_token = NULL;
			sync_fail(c, CONN_ERROR, 0, "%s", pe.msg);
		}
	}
	oauth_token_clear(&t);
}

static void sync_done(struct http *h, uint64_t id, struct http_response *resp, void *arg)
{
	(void)h;
	(void)id;
	struct sync_req *r = arg;
	struct sync_conn *c = r->conn;
	r->id = 0;
	if (r->kind == REQ_TOKEN) {
		sync_req_unlink(c, r);
		c->done++;
		sync_req_free(r);
		if (resp->err.code != ERR_OK && resp->status == 0)
			sync_fail(c, CONN_OFFLINE, 0, "%s", resp->err.msg);
		else
			sync_on_token(c, resp);
		http_response_free(&resp);
		if (!c->failed)
			sync_conn_step(c);
		return;
	}
	if (sync_triage(c, r, resp)) {
		/* failed (r was freed by the cancel) or parked for a token */
		http_response_free(&resp);
		if (!c->failed)
			sync_progress(c);
		return;
	}
	sync_req_unlink(c, r);
	c->done++;
	if (r->kind == REQ_SIMPLEFIN)
		sync_on_simplefin(c, r, resp);
	else
		sync_on_bankapi(c, r, resp);
	sync_req_free(r);
	http_response_free(&resp);
	if (!c->failed)
		sync_conn_step(c);
}

static void sync_request_defaults(const struct sync *s, struct http_request *req)
{
	req->timeout_ms = s->opts.timeout_ms;
	req->low_speed_time_s = s->opts.low_speed_time_s;
	req->retry_budget_ms = s->opts.retry_budget_ms;
	req->max_attempts = s->opts.max_attempts;
}

static void sync_submit(struct sync_conn *c, struct sync_req *r)
{
	if (c->failed)
		return;
	struct sync *s = c->sync;
	struct http_request req = { .url = r->url };
	sync_request_defaults(s, &req);
	conn_info_apply_tls(&c->info, &req);
	char *auth = NULL;
	if (c->info.type == CONFIG_CONN_SIMPLEFIN) {
		req.username = c->sf.username;
		req.password = c->sf.password;
	} else {
		if (c->access_token == NULL) {
			/* parked until the token refresh ends */
			if (!c->token_in_flight)
				sync_start_token(c);
			return;
		}
		auth = conn_bearer_header(c->access_token);
	}
	const char *headers[] = { auth, "Accept: application/json", NULL };
	req.headers = auth != NULL ? headers : headers + 1;
	struct err e = ERR_INIT;
	r->id = http_submit(s->opts.http, &req, sync_done, r, &e);
	secmem_release(auth);
	if (r->id == 0)
		sync_fail(c, CONN_ERROR, 0, "%s", e.msg);
}

static void sync_start_token(struct sync_conn *c)
{
	struct sync *s = c->sync;
	char *rt = conn_secret_get(s->opts.vault, c->info.name, "refresh_token");
	if (rt == NULL) {
		sync_fail(c, CONN_NEEDS_RELINK, 0,
			  "%s has no refresh token in the vault; run 'bankterm link bankapi %s "
			  "URL'",
			  c->info.name, c->info.name);
		return;
	}
	char *body = conn_form_secret("grant_type=refresh_token&client_id=bankterm&refresh_token=",
				      rt);
	secmem_release(rt);
	struct sync_req *r = xcalloc(1, sizeof(*r));
	r->sync = c->sync;
	r->conn = c;
	r->kind = REQ_TOKEN;
	r->url = conn_token_url(&c->info);
	r->next = c->reqs;
	c->reqs = r;
	c->total++;
	struct http_request req;
	conn_form_request(&req, &c->info, r->url, body);
	req.timeout_ms = s->opts.timeout_ms;
	req.low_speed_time_s = s->opts.low_speed_time_s;
	struct err e = ERR_INIT;
	c->token_in_flight = true;
	r->id = http_submit(s->opts.http, &req, sync_done, r, &e);
	secmem_release(body);
	if (r->id == 0) {
		c->token_in_flight = false;
		sync_fail(c, CONN_ERROR, 0, "%s", e.msg);
	}
}

/* ---- commit ---------------------------------------------------------- */

static void sync_commit(struct sync_conn *c)
{
	struct sync *s = c->sync;
	struct store *st = s->opts.store;
	struct store_conn *sc = store_conn_get(st, c->info.name, true);
	if (c->info.display_name != NULL && (sc->display_name == NULL ||
					     strcmp(sc->display_name, c->info.display_name) != 0)) {
		free(sc->display_name);
		sc->display_name = xstrdup(c->info.display_name);
	}
	char **ids = xcalloc(c->accounts.n + 1, sizeof(*ids));
	for (size_t i = 0; i < c->accounts.n; i++)
		ids[i] = xstrdup(c->accounts.items[i].id);
	size_t n_acc = c->accounts.n;
	store_set_institution(st, sc, &c->inst);
	store_set_accounts(st, sc, &c->accounts);
	char *problem = NULL;
	for (size_t i = 0; i < n_acc; i++) {
		struct err e = ERR_INIT;
		if (c->txns != NULL && c->txns[i].n > 0 &&
		    !store_merge_transactions(st, sc, ids[i], &c->txns[i], &e) && problem == NULL)
			problem = xstrdup(e.msg);
		if (c->txns != NULL)
			transaction_list_free(&c->txns[i]);
		free(ids[i]);
	}
	free(ids);
	free(c->txns);
	c->txns = NULL;
	if (c->has_bills)
		store_set_bills(st, sc, &c->bills);
	if (c->has_payments)
		store_set_payments(st, sc, &c->payments);
	if (c->has_contacts)
		store_set_contacts(st, sc, &c->contacts);
	if (c->has_transfers)
		store_set_transfers(st, sc, &c->transfers);
	if (c->has_limits)
		store_set_limits(st, sc, &c->limits);
	if (c->has_plans)
		store_set_plans(st, sc, &c->plans);
	const char *msg = problem != NULL ? problem : c->notice;
	store_conn_set_state(st, sc, CONN_OK, date_now(), msg);
	sc->last_success = date_now();
	free(problem);
	s->committed = true;
}

/* ---- cache ----------------------------------------------------------- */

static bool sync_cache_emit(const void *rec, size_t len, void *arg, struct err *e)
{
	return cache_writer_add(arg, rec, len, e);
}

bool sync_cache_save(const struct store *st, const struct vault *v, const char *path,
		     struct err *e)
{
	const unsigned char *key = vault_cache_key(v);
	if (key == NULL)
		return err_set(e, ERR_IO, "the vault is locked; the offline cache was not written");
	struct cache_writer *w = cache_writer_open(path, key, e);
	if (w == NULL)
		return false;
	if (!store_serialize(st, sync_cache_emit, w, e)) {
		cache_writer_abort(&w);
		return false;
	}
	return cache_writer_commit(&w, e);
}

bool sync_cache_load(struct store *st, const struct vault *v, const char *path, struct err *e)
{
	const unsigned char *key = vault_cache_key(v);
	if (key == NULL)
		return err_set(e, ERR_IO, "the vault is locked; unlock it to read the cache");
	struct err oe = ERR_INIT;
	struct cache_reader *r = cache_reader_open(path, key, &oe);
	if (r == NULL) {
		if (oe.code == ERR_NOT_FOUND)
			return true;
		if (e != NULL)
			*e = oe;
		return false;
	}
	const void *rec;
	size_t len;
	int rc;
	bool ok = true;
	while ((rc = cache_reader_next(r, &rec, &len, e)) > 0) {
		if (!store_load_record(st, rec, len, e)) {
			ok = false;
			break;
		}
	}
	cache_reader_free(&r);
	if (rc < 0)
		ok = false;
	if (!ok) {
		/* half a cache is worse than none: start empty */
		while (st->n_conns > 0)
			store_conn_remove(st, st->conns[0].name);
	}
	return ok;
}

/* Saves the refresh tokens rotated since the last call (see sync_on_token);
 * when the save fails, each of those connections fails. */
static void sync_flush_vault(struct sync *s)
{
	if (!s->vault_dirty)
		return;
	s->vault_dirty = false;
	struct err e = ERR_INIT;
	bool ok = vault_save(s->opts.vault, &e);
	for (size_t i = 0; i < s->n_conns; i++) {
		struct sync_conn *c = &s->conns[i];
		if (!c->rotation_unsaved)
			continue;
		c->rotation_unsaved = false;
		if (ok)
			continue;
		secmem_release(c->access_token);
		c->access_token = NULL;
		sync_fail(c, CONN_ERROR, 0, "could not save the new refresh token of %s: %s",
			  c->info.name, e.msg);
	}
}

static void sync_finish_all(struct sync *s)
{
	sync_flush_vault(s);
	s->running = false;
	err_clear(&s->cache_err);
	if (s->committed && s->cache_path != NULL)
		sync_cache_save(s->opts.store, s->opts.vault, s->cache_path, &s->cache_err);
}

/* ---- public ---------------------------------------------------------- */

static bool sync_collect_name(const char *name, const void *value, size_t len, void *arg)
{
	(void)value;
	(void)len;
	struct buf *names = arg;
	size_t n = strlen(name);
	/* exactly conn/NAME/type */
	if (n > 10 && strcmp(name + n - 5, "/type") == 0) {
		const char *start = name + 5;
		size_t nl = n - 10;
		if (memchr(start, '/', nl) == NULL) {
			char *one = xstrndup(start, nl);
			buf_append(names, &one, sizeof(one));
		}
	}
	return true;
}

char **sync_connection_names(const struct vault *v, size_t *n)
{
	struct buf names = BUF_INIT;
	vault_each(v, "conn/", sync_collect_name, &names);
	*n = names.len / sizeof(char *);
	char **out = xcalloc(*n + 1, sizeof(*out));
	if (*n > 0)
		memcpy(out, names.data, names.len);
	buf_free(&names);
	return out;
}

struct sync *sync_new(const struct sync_options *opts, struct err *e)
{
	if (opts->http == NULL || opts->vault == NULL || opts->store == NULL) {
		err_set(e, ERR_INVALID, "the sync engine needs an http loop, a vault and a store");
		return NULL;
	}
	struct sync *s = xcalloc(1, sizeof(*s));
	s->opts = *opts;
	if (s->opts.simplefin_min_interval == 0)
		s->opts.simplefin_min_interval = SYNC_SIMPLEFIN_MIN_INTERVAL;
	if (opts->cache_path != NULL)
		s->cache_path = xstrdup(opts->cache_path);
	s->opts.cache_path = s->cache_path;
	return s;
}

static void sync_conn_clear(struct sync_conn *c)
{
	sync_conn_cancel_all(c);
	sync_conn_unstage(c);
	secmem_release(c->access_token);
	simplefin_access_clear(&c->sf);
	conn_info_clear(&c->info);
}

void sync_free(struct sync **sp)
{
	struct sync *s = *sp;
	if (s == NULL)
		return;
	sync_flush_vault(s);
	for (size_t i = 0; i < s->n_conns; i++)
		sync_conn_clear(&s->conns[i]);
	free(s->conns);
	free(s->cache_path);
	free(s);
	*sp = NULL;
}

/* The engine's record of connection name, created on first use.  Kept for
 * the engine's life so that access tokens survive between refreshes. */
static struct sync_conn *sync_conn_find(struct sync *s, const char *name)
{
	for (size_t i = 0; i < s->n_conns; i++)
		if (strcmp(s->conns[i].info.name, name) == 0)
			return &s->conns[i];
	return NULL;
}

static bool sync_prepare(struct sync *s, const char *name, struct err *e)
{
	struct conn_info ci;
	if (!conn_info_load(&ci, s->opts.vault, s->opts.config, name, e))
		return false;
	struct sync_conn *c = sync_conn_find(s, name);
	if (c == NULL) {
		s->conns = xreallocarray(s->conns, s->n_conns + 1, sizeof(*s->conns));
		for (size_t i = 0; i < s->n_conns; i++)
			for (struct sync_req *r = s->conns[i].reqs; r != NULL; r = r->next)
				r->conn = &s->conns[i];
		c = &s->conns[s->n_conns++];
		memset(c, 0, sizeof(*c));
		c->sync = s;
	} else {
		conn_info_clear(&c->info);
		simplefin_access_clear(&c->sf);
	}
	c->info = ci;
	c->outcome = SYNC_OUTCOME_NONE;
	return true;
}

static void sync_start(struct sync *s, struct sync_conn *c, unsigned flags)
{
	struct store *st = s->opts.store;
	struct store_conn *sc = store_conn_get(st, c->info.name, true);
	int64_t now = date_now();
	sync_conn_cancel_all(c);
	c->failed = false;
	c->done = c->total = 0;
	c->token_refreshes = 0;
	c->quick = (flags & SYNC_QUICK) != 0;
	if (c->info.type == CONFIG_CONN_SIMPLEFIN && !(flags & SYNC_FORCE) &&
	    sc->last_success > 0 && now - sc->last_success < s->opts.simplefin_min_interval) {
		c->outcome = SYNC_OUTCOME_SKIPPED;
		return;
	}
	c->active = true;
	s->active++;
	store_conn_set_state(st, sc, CONN_SYNCING, now, NULL);
	if (c->info.type == CONFIG_CONN_BANKAPI) {
		if (c->access_token == NULL)
			sync_start_token(c);
		else
			sync_get(c, REQ_INSTITUTION, sync_url(c, "/v1/institution"));
		return;
	}
	char *access = conn_secret_get(s->opts.vault, c->info.name, "access_url");
	struct err e = ERR_INIT;
	bool ok = access != NULL &&
		  simplefin_parse_access_url(access, strlen(access), &c->sf, &e);
	secmem_release(access);
	if (!ok) {
		sync_fail(c, CONN_NEEDS_RELINK, 0,
			  "%s has no usable SimpleFIN access URL in the vault%s%s; link it again",
			  c->info.name, e.msg[0] != '\0' ? ": " : "", e.msg);
		return;
	}
	struct simplefin_query q = { .pending = true, .balances_only = c->quick };
	int64_t through = 0;
	for (size_t i = 0; i < sc->n_accounts; i++) {
		int64_t t = store_account_posted_through(&sc->accounts[i]);
		if (t > through)
			through = t;
	}
	q.has_start_date = true;
	q.start_date = through > 0 ? through - (int64_t)SYNC_SAFETY_DAYS * DATE_SECONDS_PER_DAY
				   : now - (int64_t)SYNC_SIMPLEFIN_FIRST_DAYS * DATE_SECONDS_PER_DAY;
	sync_get(c, REQ_SIMPLEFIN, simplefin_accounts_url(c->sf.base_url, &q));
}

bool sync_refresh(struct sync *s, const char *name, unsigned flags, struct err *e)
{
	if (s->running)
		return err_set(e, ERR_INVALID, "a refresh is already running; wait for it to end");
	size_t n = 0;
	char **names = NULL;
	if (name != NULL) {
		names = xcalloc(2, sizeof(*names));
		names[0] = xstrdup(name);
		n = 1;
	} else {
		names = sync_connection_names(s->opts.vault, &n);
	}
	bool ok = true;
	for (size_t i = 0; i < n && ok; i++)
		ok = sync_prepare(s, names[i], e);
	for (size_t i = 0; i < s->n_conns; i++)
		s->conns[i].outcome = SYNC_OUTCOME_NONE;
	if (ok) {
		s->running = true;
		s->committed = false;
		err_clear(&s->cache_err);
		for (size_t i = 0; i < n; i++)
			sync_start(s, sync_conn_find(s, names[i]), flags);
		if (s->active == 0)
			s->running = false;
	}
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
	return ok;
}

void sync_describe_state(const struct store_conn *c, char *out, size_t size)
{
	char t[DATE_TIMESTAMP_STR_MAX];
	switch (c->state) {
	case CONN_NEVER_SYNCED:
		snprintf(out, size, "never synced");
		break;
	case CONN_OK:
		snprintf(out, size, "ok");
		break;
	case CONN_SYNCING:
		snprintf(out, size, "syncing %u/%u", c->progress_done, c->progress_total);
		break;
	case CONN_OFFLINE:
		snprintf(out, size, "offline since %s", date_format_timestamp(c->last_attempt, t));
		break;
	case CONN_RATE_LIMITED:
		snprintf(out, size, "rate limited, retry at %s", date_format_timestamp(c->retry_at, t));
		break;
	case CONN_NEEDS_RELINK:
		snprintf(out, size, "needs re-link");
		break;
	case CONN_ERROR:
	default:
		snprintf(out, size, "error");
		break;
	}
}

bool sync_busy(const struct sync *s)
{
	return s->running;
}

bool sync_poll(struct sync *s, struct http_waitfd *fds, size_t nfds, int timeout_ms,
	       struct err *e)
{
	bool ok = http_poll(s->opts.http, fds, nfds, timeout_ms, e);
	if (s->vault_dirty) {
		/* the requests the new access tokens allow go out before the fsync */
		http_kick(s->opts.http);
		sync_flush_vault(s);
	}
	return ok;
}

bool sync_wait(struct sync *s, struct err *e)
{
	while (s->running) {
		if (!sync_poll(s, NULL, 0, 1000, e))
			return false;
	}
	return true;
}

enum sync_outcome sync_outcome(const struct sync *s, const char *name)
{
	for (size_t i = 0; i < s->n_conns; i++)
		if (strcmp(s->conns[i].info.name, name) == 0)
			return s->conns[i].outcome;
	return SYNC_OUTCOME_NONE;
}

bool sync_cache_result(const struct sync *s, struct err *e)
{
	if (s->cache_err.code == ERR_OK)
		return true;
	if (e != NULL)
		*e = s->cache_err;
	return false;
}

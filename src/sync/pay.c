/* pay.c — exactly-once payments over the http loop (see pay.h).
 *
 * Each payment is an item moving between states.  http callbacks only
 * classify the answer; everything that may block or call the caller (token
 * refresh, asking for an SCA code, the done callback, saving the vault after
 * idem entries are deleted) happens in pay_step, outside the callbacks. */
#include "pay.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>

#include "conn.h"
#include "model.h"
#include "providers/bankapi.h"
#include "vault/secmem.h"
#include "vault/vault.h"
#include "xmalloc.h"

enum pay_state {
	PAY_SEND,    /* ready to be sent (again) */
	PAY_FLIGHT,  /* on the wire */
	PAY_TOKEN,   /* needs a fresh access token, then PAY_SEND */
	PAY_SCA,     /* needs a code from the person, then PAY_SEND */
	PAY_FINAL,   /* the bank's final answer is in; report and forget */
	PAY_GAVE_UP, /* no answer after every round; stays pending in the vault */
};

/* An access token per connection, in secure memory. */
struct pay_token {
	struct conn_info info;
	char *access; /* secmem, or NULL */
	struct pay_token *next;
};

struct pay_item {
	struct pay *pay;
	enum pay_state state;
	char key[PAY_KEY_LEN + 1];
	char *conn, *path, *body, *url;
	const char *method; /* "POST" or "DELETE" (static strings) */
	bool persist;	    /* a payment: idem/KEY in the vault, Idempotency-Key sent */
	/* Some send may have reached the bank and its answer was lost (or the
	 * item was resumed from a crash): giving up leaves it pending. */
	bool uncertain;
	struct pay_callbacks cb;
	uint64_t id;
	int rounds;
	int token_tries;
	char *sca_header; /* "SCA-Response: ch:code" for the next send, or NULL */
	struct problem problem; /* the SCA challenge */
	struct http_response *resp; /* the final answer */
	struct err err;
	struct pay_item *next;
};

struct pay {
	struct pay_options opts;
	struct pay_item *items;
	struct pay_token *tokens;
};

/* 32 characters of [A-Za-z0-9] from getrandom, without modulo bias. */
static bool pay_new_key(char key[PAY_KEY_LEN + 1], struct err *e)
{
	static const char abc[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
	size_t n = 0;
	while (n < PAY_KEY_LEN) {
		unsigned char rnd[64];
		if (getrandom(rnd, sizeof(rnd), 0) != (ssize_t)sizeof(rnd))
			return err_set(e, ERR_IO, "no randomness for an idempotency key; try again");
		for (size_t i = 0; i < sizeof(rnd) && n < PAY_KEY_LEN; i++)
			if (rnd[i] < 248) /* 248 = 4 * 62 */
				key[n++] = abc[rnd[i] % 62];
	}
	key[PAY_KEY_LEN] = '\0';
	return true;
}

static struct pay_token *pay_token_for(struct pay *p, const char *conn, struct err *e)
{
	for (struct pay_token *t = p->tokens; t != NULL; t = t->next)
		if (strcmp(t->info.name, conn) == 0)
			return t;
	struct pay_token *t = xcalloc(1, sizeof(*t));
	if (!conn_info_load(&t->info, p->opts.vault, p->opts.config, conn, e)) {
		free(t);
		return NULL;
	}
	if (t->info.type != CONFIG_CONN_BANKAPI) {
		conn_info_clear(&t->info);
		free(t);
		err_set(e, ERR_UNSUPPORTED, "%s is a SimpleFIN connection: it cannot move money",
			conn);
		return NULL;
	}
	t->next = p->tokens;
	p->tokens = t;
	return t;
}

/* Blocking token refresh; the rotated refresh token is saved first. */
static bool pay_token_refresh(struct pay *p, struct pay_token *t, struct err *e)
{
	secmem_release(t->access);
	t->access = NULL;
	char *rt = conn_secret_get(p->opts.vault, t->info.name, "refresh_token");
	if (rt == NULL)
		return err_set(e, ERR_AUTH, "%s has no refresh token; link it again", t->info.name);
	char *body = conn_form_secret("grant_type=refresh_token&client_id=bankterm&refresh_token=",
				      rt);
	secmem_release(rt);
	char *url = conn_token_url(&t->info);
	struct http_request req;
	conn_form_request(&req, &t->info, url, body);
	struct http_response *resp = NULL;
	bool ok = http_perform(p->opts.http, &req, &resp, e);
	secmem_release(body);
	free(url);
	struct oauth_token tok = { 0 };
	if (ok && (resp->status >= 500 || resp->status == 429))
		ok = err_set(e, ERR_SERVER, "%s is unavailable (status %ld); try again later",
			     t->info.name, resp->status);
	else if (ok && resp->status != 200)
		ok = err_set(e, ERR_AUTH,
			     "%s refused the saved refresh token (status %ld); link it again",
			     t->info.name, resp->status);
	ok = ok && bankapi_parse_token(resp->body.data, resp->body.len, &tok, e);
	if (resp != NULL)
		secmem_wipe(resp->body.data, resp->body.len);
	http_response_free(&resp);
	if (ok && tok.refresh_token != NULL)
		ok = conn_save_refresh_token(p->opts.vault, t->info.name, tok.refresh_token, e);
	if (ok) {
		size_t n = strlen(tok.access_token);
		t->access = secmem_alloc(n + 1);
		memcpy(t->access, tok.access_token, n + 1);
	}
	oauth_token_clear(&tok);
	return ok;
}

static void pay_done(struct http *h, uint64_t id, struct http_response *resp, void *arg);

static void pay_send(struct pay_item *it)
{
	struct pay *p = it->pay;
	struct err e = ERR_INIT;
	struct pay_token *t = pay_token_for(p, it->conn, &e);
	if (t == NULL) {
		it->err = e;
		it->state = PAY_GAVE_UP;
		return;
	}
	if (t->access == NULL) {
		it->state = PAY_TOKEN;
		return;
	}
	char *auth = conn_bearer_header(t->access);
	char idem[64];
	snprintf(idem, sizeof(idem), "Idempotency-Key: %s", it->key);
	const char *headers[6];
	size_t nh = 0;
	headers[nh++] = auth;
	if (it->persist)
		headers[nh++] = idem;
	headers[nh++] = "Content-Type: application/json";
	headers[nh++] = "Accept: application/json";
	headers[nh++] = it->sca_header;
	headers[nh] = NULL;
	bool has_body = strcmp(it->method, "DELETE") != 0;
	struct http_request req = {
		.method = it->method,
		.url = it->url,
		.headers = headers,
		.body = has_body ? it->body : NULL,
		.body_len = has_body ? strlen(it->body) : 0,
		/* safe: every attempt carries the same key (a DELETE is
		 * idempotent by itself); adding a contact is never resent */
		.idempotent = it->persist || !has_body,
		.no_retry = !it->persist && has_body,
		/* so that every lost answer is seen (uncertain) */
		.fresh_connection = true,
		.max_attempts = p->opts.max_attempts,
		.timeout_ms = p->opts.timeout_ms,
	};
	conn_info_apply_tls(&t->info, &req);
	it->state = PAY_FLIGHT;
	it->id = http_submit(p->opts.http, &req, pay_done, it, &e);
	secmem_release(auth);
	free(it->sca_header);
	it->sca_header = NULL;
	if (it->id == 0) {
		it->err = e;
		it->state = PAY_GAVE_UP;
	}
}

/* Classifies an answer; never calls the caller. */
static void pay_done(struct http *h, uint64_t id, struct http_response *resp, void *arg)
{
	(void)h;
	(void)id;
	struct pay_item *it = arg;
	struct pay *p = it->pay;
	it->id = 0;
	bool transient = resp->status == 0 || resp->status >= 500 || resp->status == 429 ||
			 resp->status == 408;
	if (transient) {
		/* the layer's retries ran out; no final answer: send again.  A
		 * 5xx or 429 is an answer the bank does not execute (bank-api.md
		 * section 5); a lost answer might have been an execution. */
		if (resp->unanswered > 0)
			it->uncertain = true;
		it->err = resp->err;
		if (it->err.code == ERR_OK)
			err_set(&it->err, ERR_SERVER, "the bank answered status %ld", resp->status);
		bool resend = it->persist || strcmp(it->method, "DELETE") == 0;
		it->state = resend && ++it->rounds < p->opts.max_rounds ? PAY_SEND : PAY_GAVE_UP;
		http_response_free(&resp);
		return;
	}
	if (resp->status == 401) {
		struct problem pr = { 0 };
		bankapi_parse_problem(resp->body.data, resp->body.len, &pr, NULL);
		if (pr.type == PROBLEM_INVALID_TOKEN && it->token_tries < 3) {
			it->token_tries++;
			struct pay_token *t = pay_token_for(p, it->conn, NULL);
			if (t != NULL) {
				secmem_release(t->access);
				t->access = NULL;
			}
			it->state = PAY_TOKEN;
			problem_clear(&pr);
			http_response_free(&resp);
			return;
		}
		if ((pr.type == PROBLEM_SCA_REQUIRED || pr.type == PROBLEM_SCA_FAILED) &&
		    pr.challenge_id != NULL) {
			problem_clear(&it->problem);
			it->problem = pr;
			it->state = PAY_SCA;
			http_response_free(&resp);
			return;
		}
		problem_clear(&pr);
	}
	it->resp = resp;
	it->state = PAY_FINAL;
	if (resp->status < 200 || resp->status >= 300) {
		struct problem pr = { 0 };
		bankapi_parse_problem(resp->body.data, resp->body.len, &pr, NULL);
		err_set(&it->err, ERR_SERVER, "the bank refused the payment (status %ld): %s",
			resp->status, pr.detail != NULL ? pr.detail : "no details");
		problem_clear(&pr);
	} else {
		err_clear(&it->err);
	}
}

static char *pay_idem_name(const char *key)
{
	return xasprintf("idem/%s", key);
}

static struct pay_item *pay_item_add(struct pay *p, const char *key, const char *conn,
				     const char *path, const char *body,
				     const struct pay_callbacks *cb, struct err *e)
{
	if (path[0] != '/' || strchr(path, '\n') != NULL) {
		err_set(e, ERR_INVALID, "a payment path starts with '/' (got '%s')", path);
		return NULL;
	}
	struct pay_token *t = pay_token_for(p, conn, e);
	if (t == NULL)
		return NULL;
	struct pay_item *it = xcalloc(1, sizeof(*it));
	it->pay = p;
	snprintf(it->key, sizeof(it->key), "%s", key); /* "" for pay_request */
	it->conn = xstrdup(conn);
	it->path = xstrdup(path);
	it->body = xstrdup(body);
	it->url = xasprintf("%s%s", t->info.base_url, path);
	it->method = "POST";
	it->persist = true;
	if (cb != NULL)
		it->cb = *cb;
	it->state = PAY_SEND;
	it->next = p->items;
	p->items = it;
	return it;
}

bool pay_submit(struct pay *p, const char *conn, const char *path, const char *body,
		const struct pay_callbacks *cb, char key_out[PAY_KEY_LEN + 1], struct err *e)
{
	char key[PAY_KEY_LEN + 1];
	if (!pay_new_key(key, e))
		return false;
	struct pay_item *it = pay_item_add(p, key, conn, path, body, cb, e);
	if (it == NULL)
		return false;
	/* Written and saved BEFORE the first send. */
	char *name = pay_idem_name(key);
	char *value = xasprintf("%s\n%s\n%s", conn, path, body);
	bool ok = vault_set(p->opts.vault, name, value, strlen(value));
	free(value);
	if (!ok)
		err_set(e, ERR_IO, "the vault is locked; nothing was sent");
	ok = ok && vault_save(p->opts.vault, e);
	if (!ok) {
		vault_del(p->opts.vault, name);
		p->items = it->next;
		it->state = PAY_FINAL;
		free(it->conn);
		free(it->path);
		free(it->body);
		free(it->url);
		free(it);
	}
	free(name);
	if (ok && key_out != NULL)
		memcpy(key_out, key, PAY_KEY_LEN + 1);
	return ok;
}

bool pay_request(struct pay *p, const char *conn, const char *method, const char *path,
		 const char *body, const struct pay_callbacks *cb, struct err *e)
{
	bool is_delete = strcmp(method, "DELETE") == 0;
	if (!is_delete && strcmp(method, "POST") != 0)
		return err_set(e, ERR_INVALID, "pay_request sends POST or DELETE, not %s", method);
	struct pay_item *it = pay_item_add(p, "", conn, path, body != NULL ? body : "", cb, e);
	if (it == NULL)
		return false;
	it->method = is_delete ? "DELETE" : "POST";
	it->persist = false;
	return true;
}

struct pay_resume_ctx {
	struct pay *p;
	const struct pay_callbacks *cb;
	size_t n;
	struct err *e;
};

static bool pay_resume_one(const char *name, const void *value, size_t len, void *arg)
{
	struct pay_resume_ctx *rc = arg;
	const char *key = name + 5;
	if (strlen(key) != PAY_KEY_LEN)
		return true;
	for (struct pay_item *it = rc->p->items; it != NULL; it = it->next)
		if (strcmp(it->key, key) == 0)
			return true; /* already in this process */
	char *v = xstrndup(value, len);
	char *nl1 = strchr(v, '\n');
	char *nl2 = nl1 != NULL ? strchr(nl1 + 1, '\n') : NULL;
	if (nl2 != NULL) {
		*nl1 = '\0';
		*nl2 = '\0';
		struct pay_item *it = pay_item_add(rc->p, key, v, nl1 + 1, nl2 + 1, rc->cb, rc->e);
		if (it != NULL) {
			/* the crashed run may have been executed by the bank */
			it->uncertain = true;
			rc->n++;
		}
	}
	free(v);
	return true;
}

size_t pay_resume(struct pay *p, const struct pay_callbacks *cb, struct err *e)
{
	struct pay_resume_ctx rc = { p, cb, 0, e };
	vault_each(p->opts.vault, "idem/", pay_resume_one, &rc);
	return rc.n;
}

size_t pay_pending(const struct pay *p)
{
	size_t n = 0;
	for (const struct pay_item *it = p->items; it != NULL; it = it->next)
		n++;
	return n;
}

static void pay_item_free(struct pay_item *it)
{
	if (it->id != 0)
		http_cancel(it->pay->opts.http, it->id);
	free(it->conn);
	free(it->path);
	free(it->body);
	free(it->url);
	free(it->sca_header);
	problem_clear(&it->problem);
	http_response_free(&it->resp);
	free(it);
}

/* Asks for the code; on a refusal the payment ends (nothing executed). */
static void pay_ask_sca(struct pay_item *it)
{
	char code[64] = "";
	if (it->cb.sca == NULL || !it->cb.sca(it->cb.arg, &it->problem, code, sizeof(code)) ||
	    strpbrk(code, "\r\n") != NULL) {
		err_set(&it->err, ERR_CANCELLED,
			"the payment needs a strong-authentication code; none was given, so "
			"nothing was sent");
		it->state = PAY_FINAL;
		return;
	}
	it->sca_header = xasprintf("SCA-Response: %s:%s", it->problem.challenge_id, code);
	secmem_wipe(code, sizeof(code));
	it->state = PAY_SEND;
}

/* Reports and forgets finished items; one vault save for all deletions. */
static void pay_sweep(struct pay *p)
{
	bool deleted = false;
	struct pay_item **pp = &p->items;
	while (*pp != NULL) {
		struct pay_item *it = *pp;
		if (it->state != PAY_FINAL && it->state != PAY_GAVE_UP) {
			pp = &it->next;
			continue;
		}
		*pp = it->next;
		/* Given up without any doubt: nothing was executed, so the
		 * entry goes too (a later resend would surprise the person who
		 * was told the payment was not made). */
		bool pending = it->state == PAY_GAVE_UP && it->uncertain;
		if (it->persist && !pending) {
			char *name = pay_idem_name(it->key);
			deleted |= vault_del(p->opts.vault, name);
			free(name);
		}
		struct pay_outcome o = {
			.key = it->key,
			.conn = it->conn,
			.path = it->path,
			.method = it->method,
			.pending = pending,
			.err = it->err,
		};
		if (it->resp != NULL) {
			o.status = it->resp->status;
			o.body = it->resp->body.data;
			o.body_len = it->resp->body.len;
			const char *rp = http_response_header(it->resp, "Idempotent-Replayed");
			o.replayed = rp != NULL && strcmp(rp, "true") == 0;
		}
		if (it->cb.done != NULL)
			it->cb.done(it->cb.arg, &o);
		pay_item_free(it);
	}
	if (deleted) {
		struct err e = ERR_INIT;
		/* Not fatal: an entry that stays is resent on the next start and
		 * the bank replays its stored answer. */
		if (!vault_save(p->opts.vault, &e))
			fprintf(stderr, "bankterm: warning: %s\n", e.msg);
	}
}

bool pay_step(struct pay *p, struct http_waitfd *fds, size_t nfds, int timeout_ms,
	      struct err *e)
{
	for (struct pay_item *it = p->items; it != NULL; it = it->next) {
		if (it->state == PAY_TOKEN) {
			struct pay_token *t = pay_token_for(p, it->conn, &it->err);
			if (t != NULL && t->access == NULL && !pay_token_refresh(p, t, &it->err)) {
				/* nothing sent with this token: final unless an
				 * earlier answer was lost */
				it->state = it->uncertain ? PAY_GAVE_UP : PAY_FINAL;
				continue;
			}
			it->state = PAY_SEND;
		}
		if (it->state == PAY_SCA)
			pay_ask_sca(it);
		if (it->state == PAY_SEND)
			pay_send(it);
	}
	pay_sweep(p);
	if (p->items == NULL)
		return true;
	return http_poll(p->opts.http, fds, nfds, timeout_ms, e);
}

bool pay_wait(struct pay *p, struct err *e)
{
	while (p->items != NULL) {
		if (!pay_step(p, NULL, 0, 1000, e))
			return false;
	}
	return true;
}

struct pay *pay_new(const struct pay_options *opts, struct err *e)
{
	if (opts->http == NULL || opts->vault == NULL) {
		err_set(e, ERR_INVALID, "payments need an http loop and a vault");
		return NULL;
	}
	struct pay *p = xcalloc(1, sizeof(*p));
	p->opts = *opts;
	if (p->opts.max_rounds <= 0)
		p->opts.max_rounds = 5;
	if (p->opts.max_attempts <= 0)
		p->opts.max_attempts = 6;
	return p;
}

void pay_free(struct pay **pp)
{
	struct pay *p = *pp;
	if (p == NULL)
		return;
	while (p->items != NULL) {
		struct pay_item *it = p->items;
		p->items = it->next;
		pay_item_free(it);
	}
	while (p->tokens != NULL) {
		struct pay_token *t = p->tokens;
		p->tokens = t->next;
		secmem_release(t->access);
		conn_info_clear(&t->info);
		free(t);
	}
	free(p);
	*pp = NULL;
}

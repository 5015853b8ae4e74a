/* pay.h — money-moving requests to a Bank API connection, exactly once.
 *
 * The rule (docs/SYNC.md): before a payment is sent the first time, a fresh
 * random Idempotency-Key and the whole request (connection, path, body) are
 * written to the vault as idem/KEY and the vault is SAVED.  Every resend —
 * after a dropped connection, a timeout, a 5xx or 429, an expired access
 * token, an SCA challenge, or a crash and restart (pay_resume) — uses that
 * same key, so the bank executes the payment once.  When the bank's final
 * answer arrives (2xx, or a 4xx that is not a retry request) it is handed to
 * the caller and idem/KEY is deleted.
 *
 *     struct pay *p = pay_new(&opts, &e);
 *     pay_resume(p, &cb, &e);                     (entries left by a crash)
 *     pay_submit(p, "northwind", "/v1/bills/bill_power/payments", body, &cb, key, &e);
 *     pay_wait(p, &e);                            (or pay_step from a main loop)
 *
 * Value of idem/KEY: "CONN\nPATH\nBODY" (BODY is the JSON sent).  Requests
 * run in parallel on the one http loop; the callbacks fire from pay_step. */
#ifndef BANKTERM_SYNC_PAY_H
#define BANKTERM_SYNC_PAY_H

#include <stdbool.h>
#include <stddef.h>

#include "err.h"
#include "net/http.h"

struct config;
struct problem;
struct vault;

#define PAY_KEY_LEN 32

struct pay_options {
	struct http *http;	     /* borrowed */
	struct vault *vault;	     /* borrowed, unlocked */
	const struct config *config; /* borrowed, may be NULL */
	/* After the http layer's own retries are used up (network, 5xx), the
	 * payment is sent again this many more times before it is left pending
	 * in the vault for the next start; 0 → 5. */
	int max_rounds;
	int max_attempts;	/* per round, for the http layer; 0 → 6 */
	long timeout_ms;	/* per attempt; 0 → the http default */
};

/* The end of one payment.  status/body: the bank's final answer (raw,
 * untrusted).  pending: no final answer yet and the bank may have executed
 * it (an answer was lost, or it was resumed after a crash); idem/KEY stays
 * in the vault and pay_resume will send it again.  Not pending, no status
 * and err set: nothing was executed (bank unreachable, only 5xx/429
 * answers, token refused before the send) and idem/KEY is deleted. */
struct pay_outcome {
	const char *key; /* "" for pay_request */
	const char *conn;
	const char *path;
	const char *method; /* "POST" or "DELETE" */
	long status;
	const char *body;
	size_t body_len;
	bool replayed; /* Idempotent-Replayed: true */
	bool pending;
	struct err err; /* ERR_OK for 2xx */
};

struct pay_callbacks {
	void (*done)(void *arg, const struct pay_outcome *o);
	/* The bank asks for a strong-customer-authentication code: write it
	 * (NUL-terminated) into code and return true, or return false to give
	 * up (nothing was executed; idem/KEY is deleted).  May be NULL. */
	bool (*sca)(void *arg, const struct problem *p, char *code, size_t size);
	void *arg;
};

struct pay;

struct pay *pay_new(const struct pay_options *opts, struct err *e);
/* Drops payments in flight (their idem entries stay in the vault). */
void pay_free(struct pay **pp);

/* Writes idem/KEY, saves the vault, and sends.  key_out (may be NULL)
 * receives the key.  Fails before anything is sent (unknown or non-bankapi
 * connection, vault not saved). */
bool pay_submit(struct pay *p, const char *conn, const char *path, const char *body,
		const struct pay_callbacks *cb, char key_out[PAY_KEY_LEN + 1], struct err *e);

/* A request that moves no money (adding a contact, cancelling a scheduled
 * payment) with the same token handling and SCA, but no Idempotency-Key and
 * nothing in the vault.  A POST is never resent (pending in the outcome
 * means its answer was lost); a DELETE is retried like a payment.  body may
 * be NULL for DELETE. */
bool pay_request(struct pay *p, const char *conn, const char *method, const char *path,
		 const char *body, const struct pay_callbacks *cb, struct err *e);

/* Sends again every idem/ entry of the vault (same key); returns how many. */
size_t pay_resume(struct pay *p, const struct pay_callbacks *cb, struct err *e);

/* Payments not yet finished. */
size_t pay_pending(const struct pay *p);

/* One turn: token refreshes and resends that are due (they may block for a
 * token refresh), then http_poll with the extra fds.  False only when the
 * loop fails. */
bool pay_step(struct pay *p, struct http_waitfd *fds, size_t nfds, int timeout_ms,
	      struct err *e);

/* pay_step until every payment has finished or is left pending. */
bool pay_wait(struct pay *p, struct err *e);

#endif

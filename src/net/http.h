/* http.h — bankterm's HTTP layer: one libcurl multi handle driven from the
 * main loop (the only code that includes curl.h; see docs/NET.md).
 *
 *     struct http *h = http_new(&opts, &e);
 *     uint64_t id = http_submit(h, &req, done, arg, &e);     (0 = refused, e says why)
 *     while (http_pending(h) > 0)
 *             http_poll(h, fds, nfds, 1000, &e);             (fires done() as transfers end)
 *     http_free(&h);
 *
 * Policy the caller cannot switch off: TLS peer and host verification are
 * always on; plain http is allowed only when the URL's host is loopback
 * (127.0.0.0/8, ::1, localhost); redirects are followed only to https.
 *
 * Retries: a request that is idempotent (GET and HEAD, or flagged) is retried
 * on connection failures, timeouts, 5xx, 408 and 429, with exponential
 * backoff and full jitter, honouring Retry-After.  Anything else — in
 * particular a payment POST — is never retried by this layer: the caller
 * decides, and must send an Idempotency-Key because libcurl itself may
 * resend a request whose reused connection died before any response byte.
 *
 * Everything runs on the caller's thread; no call blocks longer than the
 * timeout given to http_poll (http_perform blocks until its request ends). */
#ifndef BANKTERM_HTTP_H
#define BANKTERM_HTTP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "buf.h"
#include "err.h"

struct http;
struct log;

/* Test seams: clocks and randomness.  Any member may be NULL for the real
 * thing (CLOCK_MONOTONIC, time(), getrandom). */
struct http_clock {
	int64_t (*mono_ms)(void *arg); /* schedules retries and measures budgets */
	time_t (*wall)(void *arg);     /* turns a Retry-After HTTP-date into a delay */
	uint32_t (*random)(void *arg); /* jitter */
	void *arg;
};

struct http_options {
	long max_host_connections;  /* per host; 0 → 6 */
	long max_total_connections; /* 0 → 24 */
	struct log *log;            /* borrowed, may be NULL: one line per attempt */
	struct http_clock clock;
	/* Called each time a retry is scheduled (for progress displays and
	 * tests); delay_ms is how long the layer will wait. */
	void (*on_retry)(void *arg, uint64_t id, int next_attempt, int64_t delay_ms);
	void *on_retry_arg;
};

/* Everything is copied by http_submit; the caller may free it at once.  Zero
 * means "the default" for every number (defaults in docs/NET.md). */
struct http_request {
	const char *method;          /* "GET" when NULL */
	const char *url;             /* https://..., or http:// to a loopback host */
	const char *const *headers;  /* NULL-terminated "Name: value" lines, or NULL */
	const void *body;            /* sent as is, for POST/PUT/PATCH */
	size_t body_len;
	bool idempotent;             /* retry even though the method is not GET/HEAD */
	bool no_retry;               /* never retry, even a GET */
	bool log_host_only;          /* the path itself is a secret (a SimpleFIN claim URL) */
	/* Each attempt on a new connection, closed afterwards: libcurl then
	 * never resends the request by itself (it does so, unseen, when a
	 * reused connection dies before any response byte), so every lost
	 * answer shows in `unanswered`.  For payments. */
	bool fresh_connection;
	long connect_timeout_ms;     /* default 10 s */
	long timeout_ms;             /* one attempt, start to end; default 30 s */
	long low_speed_bytes;        /* abandon an attempt slower than this many bytes/s ... */
	long low_speed_time_s;       /* ... for this long; defaults 64 B/s for 15 s */
	int max_attempts;            /* including the first; default 4 */
	long retry_budget_ms;        /* no retry would start later than this after the first; 60 s */
	long backoff_base_ms;        /* first backoff ceiling; default 500 ms, doubling, cap 8 s */
	size_t max_body;             /* response body cap; default 32 MiB */
	const char *ca_file;         /* PEM bundle to trust instead of the system's, or NULL */
	const char *pinned_keys;     /* "sha256//BASE64;sha256//BASE64" (current;backup), or NULL */
	const char *username;        /* HTTP basic auth; never logged */
	const char *password;
};

struct http_header {
	char *name;
	char *value;
};

/* The outcome of a request.  err.code is ERR_OK when a final response
 * arrived, whatever its status.  ERR_SERVER: retries on 5xx/408/429 ran out
 * or Retry-After asked for a wait beyond the budget — status, headers and
 * body are those of the last response and err says when to try again.  Any
 * other code is a transport failure (status 0) with a message for the user:
 * "could not connect to bank.example (connection refused)".  Header values
 * and the body are the server's bytes: untrusted, sanitize before display. */
struct http_response {
	long status;
	struct buf body;
	struct http_header *headers; /* of the final response, in order */
	size_t nheaders;
	int64_t total_ms;            /* first attempt start to end, waits included */
	int attempts;
	/* Attempts that ended without an answer after the request may have
	 * reached the server (connection lost, timeout once connected): a
	 * payment's caller cannot tell whether the bank executed it. */
	int unanswered;
	struct err err;
};

/* Case-insensitive; the last header of that name, or NULL.  The pointer
 * lives as long as resp. */
const char *http_response_header(const struct http_response *resp, const char *name);
void http_response_free(struct http_response **rp);

/* Called once per submitted request that is not cancelled; takes ownership
 * of resp (free it with http_response_free).  May submit or cancel. */
typedef void (*http_done_fn)(struct http *h, uint64_t id, struct http_response *resp, void *arg);

struct http *http_new(const struct http_options *opts, struct err *e);
/* Drops every pending request without calling its callback. */
void http_free(struct http **hp);

/* Queues a request; returns its id (never 0), or 0 with e filled when the
 * request is refused outright (bad URL, plain http to a non-loopback host). */
uint64_t http_submit(struct http *h, const struct http_request *req, http_done_fn done, void *arg,
		     struct err *e);

/* Stops a request; its callback will not be called.  False if id is not
 * pending (already finished or never existed). */
bool http_cancel(struct http *h, uint64_t id);

/* Puts what was submitted on the wire now (one non-blocking pass of the
 * transfer loop) instead of at the next http_poll, for a caller about to
 * block on local work — a vault save with fsync — while the requests it
 * just submitted could already be travelling.  Transfers that end here fire
 * their callbacks from the next http_poll.  Safe inside a done callback. */
void http_kick(struct http *h);

/* Requests submitted and not yet finished or cancelled. */
size_t http_pending(const struct http *h);

/* Extra descriptors for http_poll to watch, poll(2)-style (POLLIN, POLLOUT,
 * POLLPRI); revents is filled on return. */
struct http_waitfd {
	int fd;
	short events;
	short revents;
};

/* Waits up to timeout_ms (less when a transfer or a retry needs attention)
 * for network activity or an extra fd, runs transfers and fires callbacks of
 * the requests that ended.  Returns false only when libcurl itself fails. */
bool http_poll(struct http *h, struct http_waitfd *fds, size_t nfds, int timeout_ms,
	       struct err *e);

/* Runs one request to its end on h's loop (other pending requests progress
 * too); *resp_out receives the response (caller frees) even when the transfer
 * failed — check (*resp_out)->err.  Returns false with e filled when the
 * request was refused or the transfer failed. */
bool http_perform(struct http *h, const struct http_request *req, struct http_response **resp_out,
		  struct err *e);

/* --- helpers, exposed for tests and for the sync engine's messages --- */

/* True when url parses and its host is 127.0.0.0/8, ::1 (or ::ffff:127/104),
 * or "localhost" — exactly, not as a prefix. */
bool http_url_is_loopback(const char *url);

/* The URL fit for a log: no user or password, no fragment, and the value of
 * any query parameter whose name suggests a secret (token, code, secret,
 * password, key, signature, auth...) replaced by "REDACTED".  host_only keeps
 * just scheme://host[:port].  Caller frees; "(unparsable URL)" on junk. */
char *http_url_redact(const char *url, bool host_only);

/* Parses a Retry-After value: delta-seconds, or an HTTP-date (IMF-fixdate,
 * and the obsolete RFC 850 and asctime forms) taken relative to now.  A date
 * in the past means 0.  Returns false for anything else. */
bool http_retry_after_parse(const char *value, time_t now, int64_t *delay_s);

/* Exponential backoff with full jitter: a uniformly random delay between 0
 * and min(cap_ms, base_ms * 2^(attempt-1)) where attempt (1-based) is the
 * attempt that just failed; rnd is a uniform random 32-bit value. */
int64_t http_backoff_ms(int attempt, int64_t base_ms, int64_t cap_ms, uint32_t rnd);

#endif

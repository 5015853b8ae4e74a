/* server.h — the HTTP side of bankterm-sandbox: libmicrohttpd daemon, route
 * table, problem+json for bad requests, and fault injection. */
#ifndef SANDBOX_SERVER_H
#define SANDBOX_SERVER_H

#include <stdbool.h>
#include <stdint.h>

#include "err.h"

/* Faults (sandbox/NOTES.md): decided per request from one PRNG seeded with
 * `seed`, so a run with the same requests in the same order fails the same
 * way.  OAuth endpoints only get them when `oauth` is set. */
struct server_faults {
	int latency_ms;
	double fail_rate;         /* 503 + Retry-After */
	int rate_limit;           /* requests per minute per institution, 0 = off */
	double drop_after_commit; /* commit a money movement, then close the connection */
	bool stall;               /* accept requests and never answer */
	double garbage_rate;      /* 200 with a malformed JSON body */
	uint64_t seed;
	bool oauth;
	const char *redirect;     /* answer with a 302 to this URL + the request path */
};

struct server_opts {
	const char *db_path;
	const char *listen; /* IPv4 address, "127.0.0.1" by default */
	unsigned port;      /* 0 = any free port */
	const char *tls_cert;
	const char *tls_key;
	bool auto_approve;
	int64_t token_ttl;
	struct server_faults faults;
	const char *access_log;       /* one "METHOD PATH" line per request received */
	int device_interval;          /* device-flow poll interval, seconds; 0 = 5 */
	bool slow_down_once;          /* each device code's first poll gets slow_down */
	const char *simplefin_errors; /* NULL, "errors" or "errlist": /accounts reports one */
};

/* Seeds an empty database, serves until SIGTERM/SIGINT, shuts down cleanly.
 * Prints "listening on URL" as the first line of stdout. */
bool server_run(const struct server_opts *opts, struct err *e);

#endif

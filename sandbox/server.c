/* server.c — libmicrohttpd front end of bankterm-sandbox: reads bodies with
 * a 64 KiB cap, routes (method, path pattern) to handlers from a table,
 * answers problem+json for everything that does not fit, and injects the
 * faults asked for on the command line (see server.h). */
#include "server.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include <microhttpd.h>
#include <sodium.h>

#include "api.h"
#include "buf.h"
#include "db.h"
#include "fsutil.h"
#include "handlers.h"
#include "idem.h"
#include "seed.h"
#include "timeutil.h"
#include "xmalloc.h"

enum {
	R_BANK = 1 << 0,      /* under /northwind, /flexpay */
	R_SIMPLEFIN = 1 << 1, /* under /simplefin */
	R_AUTH = 1 << 2,      /* needs a Bearer access token */
	R_IDEM = 1 << 3,      /* moves money: Idempotency-Key, drop-after-commit */
	R_NOFAULT = 1 << 4,   /* faults only with --fault-oauth (OAuth) or never */
	R_OAUTH = 1 << 5,
};

struct server_route {
	const char *method;
	const char *pattern; /* relative to the institution; '*' = one segment */
	unsigned flags;
	unsigned caps; /* institution capability needed, 0 = none */
	api_handler_fn fn;
};

static const struct server_route server_routes[] = {
	{ "POST", "/oauth/device_authorization", R_BANK | R_NOFAULT | R_OAUTH, 0,
	  oauth_device_authorization },
	{ "POST", "/oauth/token", R_BANK | R_NOFAULT | R_OAUTH, 0, oauth_token },
	{ "GET", "/device", R_BANK | R_NOFAULT | R_OAUTH, 0, oauth_device_page },
	{ "GET", "/v1/institution", R_BANK | R_AUTH, 0, accounts_institution },
	{ "GET", "/v1/accounts", R_BANK | R_AUTH, API_CAP_ACCOUNTS, accounts_list },
	{ "GET", "/v1/accounts/*", R_BANK | R_AUTH, API_CAP_ACCOUNTS, accounts_get },
	{ "GET", "/v1/accounts/*/transactions", R_BANK | R_AUTH, API_CAP_ACCOUNTS,
	  accounts_transactions },
	{ "GET", "/v1/bills", R_BANK | R_AUTH, API_CAP_BILLS, bills_list },
	{ "POST", "/v1/bills/*/payments", R_BANK | R_AUTH | R_IDEM, API_CAP_BILLS, bills_pay },
	{ "GET", "/v1/payments", R_BANK | R_AUTH, API_CAP_BILLS, bills_payments },
	{ "DELETE", "/v1/payments/*", R_BANK | R_AUTH, API_CAP_BILLS, bills_cancel },
	{ "GET", "/v1/contacts", R_BANK | R_AUTH, API_CAP_P2P, p2p_contacts },
	{ "POST", "/v1/contacts", R_BANK | R_AUTH, API_CAP_P2P, p2p_add_contact },
	{ "GET", "/v1/transfers", R_BANK | R_AUTH, API_CAP_P2P, p2p_transfers },
	{ "POST", "/v1/transfers", R_BANK | R_AUTH | R_IDEM, API_CAP_P2P, p2p_transfer },
	{ "GET", "/v1/transfers/limits", R_BANK | R_AUTH, API_CAP_P2P, p2p_limits },
	{ "GET", "/v1/bnpl/plans", R_BANK | R_AUTH, API_CAP_BNPL, bnpl_plans },
	{ "POST", "/v1/bnpl/plans/*/payments", R_BANK | R_AUTH | R_IDEM, API_CAP_BNPL,
	  bnpl_pay },
	{ "GET", "/info", R_SIMPLEFIN | R_NOFAULT, 0, simplefin_info },
	{ "GET", "/create", R_SIMPLEFIN | R_NOFAULT, 0, simplefin_create },
	{ "POST", "/claim/*", R_SIMPLEFIN | R_NOFAULT, 0, simplefin_claim },
	{ "GET", "/accounts", R_SIMPLEFIN, 0, simplefin_accounts },
};

#define SERVER_ROUTES (sizeof server_routes / sizeof server_routes[0])
#define SERVER_IDLE_TIMEOUT 120 /* seconds */

struct server {
	sqlite3 *db;
	struct api_config cfg;
	struct server_faults faults;
	volatile sig_atomic_t stopping;
	pthread_mutex_t fault_mutex;
	uint64_t rng;
	/* --rate-limit: a fixed one-minute window per institution (index into
	 * api_insts, then SimpleFIN last). */
	int64_t window_start[4];
	int window_count[4];
	FILE *access_log; /* --access-log, or NULL */
	pthread_mutex_t log_mutex;
};

/* Per-connection state: the request body, read up to API_BODY_MAX. */
struct server_conn {
	struct buf body;
	bool too_large;
};

/* splitmix64: small, good enough, and the same on every platform. */
static double server_roll(struct server *srv)
{
	pthread_mutex_lock(&srv->fault_mutex);
	uint64_t z = (srv->rng += 0x9e3779b97f4a7c15ULL);
	pthread_mutex_unlock(&srv->fault_mutex);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	z ^= z >> 31;
	return (double)(z >> 11) / 9007199254740992.0;
}

static bool server_hit(struct server *srv, double p)
{
	return p > 0 && server_roll(srv) < p;
}

static enum MHD_Result server_send(struct MHD_Connection *conn, struct api_resp *resp)
{
	const char *body = resp->body != NULL ? resp->body : "";
	struct MHD_Response *r = MHD_create_response_from_buffer(strlen(body), (void *)body,
								 MHD_RESPMEM_MUST_COPY);
	if (resp->content_type != NULL)
		MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, resp->content_type);
	for (int i = 0; i < resp->n_headers; i++)
		MHD_add_response_header(r, resp->headers[i].name, resp->headers[i].value);
	enum MHD_Result ret = MHD_queue_response(conn, resp->status, r);
	MHD_destroy_response(r);
	api_resp_clear(resp);
	return ret;
}

/* Splits path into segments in place; returns the count (at most max). */
static int server_split(char *path, char **seg, int max)
{
	int n = 0;
	char *save = NULL;
	for (char *p = strtok_r(path, "/", &save); p != NULL; p = strtok_r(NULL, "/", &save)) {
		if (n == max)
			return max + 1;
		seg[n++] = p;
	}
	return n;
}

/* Does pattern match the segments?  Fills args with '*' segments. */
static bool server_match(const char *pattern, char **seg, int nseg, const char **args)
{
	char copy[128];
	snprintf(copy, sizeof copy, "%s", pattern);
	char *pseg[8];
	int np = server_split(copy, pseg, 8);
	if (np != nseg)
		return false;
	int na = 0;
	for (int i = 0; i < np; i++) {
		if (strcmp(pseg[i], "*") == 0) {
			if (na < 2)
				args[na++] = seg[i];
		} else if (strcmp(pseg[i], seg[i]) != 0) {
			return false;
		}
	}
	return true;
}

/* Applies --rate-limit; true when the request may go on. */
static bool server_rate_ok(struct server *srv, int slot, struct api_resp *resp)
{
	if (srv->faults.rate_limit <= 0)
		return true;
	int64_t now = timeutil_real_ms() / 1000;
	pthread_mutex_lock(&srv->fault_mutex);
	if (now - srv->window_start[slot] >= 60) {
		srv->window_start[slot] = now;
		srv->window_count[slot] = 0;
	}
	bool ok = ++srv->window_count[slot] <= srv->faults.rate_limit;
	int64_t wait = 60 - (now - srv->window_start[slot]);
	pthread_mutex_unlock(&srv->fault_mutex);
	if (!ok) {
		char s[24];
		snprintf(s, sizeof s, "%lld", (long long)(wait > 0 ? wait : 1));
		api_problem(resp, 429, "rate-limited",
			    "More than %d requests this minute; wait %s seconds.",
			    srv->faults.rate_limit, s);
		api_add_header(resp, "Retry-After", s);
	}
	return ok;
}

/* Faults that happen before the handler; true when the request goes on.
 * *stall is set when the connection should hang. */
static bool server_faults_before(struct server *srv, int slot, struct api_resp *resp,
				 bool *stall)
{
	if (srv->faults.latency_ms > 0)
		usleep((useconds_t)srv->faults.latency_ms * 1000);
	if (srv->faults.stall) {
		*stall = true;
		return false;
	}
	if (!server_rate_ok(srv, slot, resp))
		return false;
	if (server_hit(srv, srv->faults.fail_rate)) {
		api_problem(resp, 503, "unavailable",
			    "The bank is temporarily unavailable (injected fault); retry later.");
		api_add_header(resp, "Retry-After", "1");
		return false;
	}
	return true;
}

/* Runs one routed request under the database lock, in one transaction. */
static enum idem_outcome server_handle(struct server *srv, const struct server_route *route,
				       struct api_req *req, struct api_resp *resp)
{
	enum idem_outcome out = IDEM_PROCEED;
	db_lock();
	req->db = srv->db;
	req->now = timeutil_now();
	req->today = timeutil_day_of(req->now);
	db_exec(srv->db, "BEGIN IMMEDIATE", NULL);
	if (route->flags & R_BANK)
		bills_run_due(srv->db, req->now);
	if ((route->flags & R_AUTH) && !oauth_check_bearer(req, resp)) {
		out = IDEM_ANSWERED;
	} else if (route->flags & R_IDEM) {
		out = idem_begin(req, resp);
		if (out == IDEM_PROCEED) {
			route->fn(req, resp);
			idem_finish(req, resp);
		}
	} else {
		route->fn(req, resp);
	}
	db_exec(srv->db, resp->status >= 500 ? "ROLLBACK" : "COMMIT", NULL);
	db_unlock();
	return out;
}

/* --garbage-rate: the status and headers stay, the body is cut-off JSON. */
static void server_garble(struct api_resp *resp)
{
	free(resp->body);
	resp->body = xstrdup("{\"accounts\": [{\"id\": \"acc_chk\", \"balance\": {\"amount\": \"12");
}

static enum MHD_Result server_dispatch(struct server *srv, struct MHD_Connection *conn,
				       const char *url, const char *method,
				       struct server_conn *sc)
{
	struct api_resp resp = { 0 };
	struct api_req req = { 0 };
	req.cfg = &srv->cfg;
	req.conn = conn;
	req.method = method;
	req.path = url;
	req.body = sc->body.data != NULL ? sc->body.data : "";
	req.body_len = sc->body.len;

	char path[1024];
	char *seg[10];
	int nseg = 0;
	if (strlen(url) < sizeof path) {
		snprintf(path, sizeof path, "%s", url);
		nseg = server_split(path, seg, 9);
	}
	unsigned scope = 0;
	int slot = 3;
	if (nseg >= 1 && nseg <= 9 && strcmp(seg[0], "simplefin") == 0) {
		scope = R_SIMPLEFIN;
	} else if (nseg >= 1 && nseg <= 9 && (req.inst = api_inst_find(seg[0])) != NULL) {
		scope = R_BANK;
		slot = req.inst == api_insts[0] ? 0 : 1;
	}
	const struct server_route *route = NULL;
	struct buf allow = BUF_INIT;
	for (size_t i = 0; scope != 0 && i < SERVER_ROUTES; i++) {
		const char *args[2] = { NULL, NULL };
		if (!(server_routes[i].flags & scope) ||
		    !server_match(server_routes[i].pattern, seg + 1, nseg - 1, args))
			continue;
		if (strcmp(server_routes[i].method, method) == 0) {
			route = &server_routes[i];
			req.arg[0] = args[0];
			req.arg[1] = args[1];
			break;
		}
		buf_printf(&allow, "%s%s", allow.len > 0 ? ", " : "", server_routes[i].method);
	}
	if (route == NULL && allow.len > 0) {
		api_problem(&resp, 405, "method-not-allowed", "%s is not allowed on %.200s; use %s.",
			    method, url, allow.data);
		api_add_header(&resp, "Allow", allow.data);
		buf_free(&allow);
		return server_send(conn, &resp);
	}
	buf_free(&allow);
	if (route == NULL || (route->caps != 0 && !(req.inst->caps & route->caps))) {
		api_problem(&resp, 404, "not-found", "There is nothing at %.200s.", url);
		return server_send(conn, &resp);
	}
	bool faults = !(route->flags & R_NOFAULT) ||
		      ((route->flags & R_OAUTH) && srv->faults.oauth);
	if (faults && srv->faults.redirect != NULL) {
		char *to = xasprintf("%s%s", srv->faults.redirect, url);
		api_problem(&resp, 302, "moved", "This resource moved to %.300s.", to);
		api_add_header(&resp, "Location", to);
		free(to);
		return server_send(conn, &resp);
	}
	bool stall = false;
	if (faults && !server_faults_before(srv, slot, &resp, &stall)) {
		if (!stall)
			return server_send(conn, &resp);
		while (!srv->stopping)
			usleep(50 * 1000);
		return MHD_NO;
	}
	enum idem_outcome out = server_handle(srv, route, &req, &resp);
	if (faults && (route->flags & R_IDEM) && out == IDEM_PROCEED && resp.status == 201 &&
	    server_hit(srv, srv->faults.drop_after_commit)) {
		api_resp_clear(&resp);
		return MHD_NO;
	}
	if (faults && resp.status == 200 && server_hit(srv, srv->faults.garbage_rate))
		server_garble(&resp);
	return server_send(conn, &resp);
}

static enum MHD_Result server_access(void *cls, struct MHD_Connection *conn, const char *url,
				     const char *method, const char *version,
				     const char *upload_data, size_t *upload_data_size,
				     void **con_cls)
{
	(void)version;
	struct server *srv = cls;
	struct server_conn *sc = *con_cls;
	if (sc == NULL) {
		sc = xcalloc(1, sizeof *sc);
		*con_cls = sc;
		const char *cl = MHD_lookup_connection_value(conn, MHD_HEADER_KIND,
							     MHD_HTTP_HEADER_CONTENT_LENGTH);
		if (cl != NULL && strtoull(cl, NULL, 10) > API_BODY_MAX) {
			struct api_resp resp = { 0 };
			api_problem(&resp, 413, "payload-too-large",
				    "Request bodies are at most %zu bytes.", API_BODY_MAX);
			return server_send(conn, &resp);
		}
		return MHD_YES;
	}
	if (*upload_data_size > 0) {
		if (!sc->too_large && sc->body.len + *upload_data_size > API_BODY_MAX) {
			sc->too_large = true;
			buf_free(&sc->body);
		}
		if (!sc->too_large)
			buf_append(&sc->body, upload_data, *upload_data_size);
		*upload_data_size = 0;
		return MHD_YES;
	}
	if (srv->access_log != NULL) {
		/* Written when the whole request has arrived, before any fault or
		 * handler: a TLS client that gave up in the handshake never gets
		 * here, which is what tests/integration/sandbox_tls.sh checks. */
		pthread_mutex_lock(&srv->log_mutex);
		fprintf(srv->access_log, "%s %s\n", method, url);
		fflush(srv->access_log);
		pthread_mutex_unlock(&srv->log_mutex);
	}
	if (sc->too_large) {
		struct api_resp resp = { 0 };
		api_problem(&resp, 413, "payload-too-large", "Request bodies are at most %zu bytes.",
			    API_BODY_MAX);
		return server_send(conn, &resp);
	}
	return server_dispatch(srv, conn, url, method, sc);
}

static void server_completed(void *cls, struct MHD_Connection *conn, void **con_cls,
			     enum MHD_RequestTerminationCode toe)
{
	(void)cls;
	(void)conn;
	(void)toe;
	struct server_conn *sc = *con_cls;
	if (sc == NULL)
		return;
	buf_free(&sc->body);
	free(sc);
	*con_cls = NULL;
}

/* libmicrohttpd's error logger; fmt and ap come from the library. */
static void server_log(void *cls, const char *fmt, va_list ap) ERR_PRINTF(2, 0);

static void server_log(void *cls, const char *fmt, va_list ap)
{
	(void)cls;
	fputs("bankterm-sandbox: ", stderr);
	vfprintf(stderr, fmt, ap);
}

/* Loads the PEM files for --tls-cert/--tls-key. */
static bool server_tls_load(const struct server_opts *opts, char **cert, char **key,
			    struct err *e)
{
	*cert = *key = NULL;
	if (opts->tls_cert == NULL && opts->tls_key == NULL)
		return true;
	if (opts->tls_cert == NULL || opts->tls_key == NULL)
		return err_set(e, ERR_INVALID, "--tls-cert and --tls-key go together; give both");
	*cert = fsutil_read_file(opts->tls_cert, 1 << 20, NULL, e);
	if (*cert == NULL)
		return false;
	*key = fsutil_read_file(opts->tls_key, 1 << 20, NULL, e);
	if (*key == NULL) {
		free(*cert);
		*cert = NULL;
		return false;
	}
	return true;
}

static struct MHD_Daemon *server_start(struct server *srv, const struct server_opts *opts,
				       const char *cert, const char *key, struct err *e)
{
	struct sockaddr_in addr = { 0 };
	addr.sin_family = AF_INET;
	addr.sin_port = htons((uint16_t)opts->port);
	const char *listen = opts->listen != NULL ? opts->listen : "127.0.0.1";
	if (inet_pton(AF_INET, listen, &addr.sin_addr) != 1) {
		err_set(e, ERR_INVALID, "--listen %s is not an IPv4 address such as 127.0.0.1",
			listen);
		return NULL;
	}
	unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_THREAD_PER_CONNECTION |
			 MHD_USE_ERROR_LOG | (cert != NULL ? MHD_USE_TLS : 0);
	/* The logger must come first, or MHD logs the option parsing itself. */
	struct MHD_OptionItem options[] = {
		{ MHD_OPTION_EXTERNAL_LOGGER, (intptr_t)server_log, srv },
		{ MHD_OPTION_SOCK_ADDR, 0, &addr },
		{ MHD_OPTION_NOTIFY_COMPLETED, (intptr_t)server_completed, srv },
		/* Idle keep-alive connections give their thread back after a while. */
		{ MHD_OPTION_CONNECTION_TIMEOUT, SERVER_IDLE_TIMEOUT, NULL },
		/* Without TLS the array ends here. */
		{ cert != NULL ? MHD_OPTION_HTTPS_MEM_CERT : MHD_OPTION_END, 0, (void *)cert },
		{ MHD_OPTION_HTTPS_MEM_KEY, 0, (void *)key },
		{ MHD_OPTION_END, 0, NULL },
	};
	struct MHD_Daemon *d = MHD_start_daemon(flags, 0, NULL, NULL, server_access, srv,
						MHD_OPTION_ARRAY, options, MHD_OPTION_END);
	if (d == NULL)
		err_set(e, ERR_IO,
			"cannot listen on %s port %u (in use? TLS files wrong?); try --port 0",
			listen, opts->port);
	return d;
}

bool server_run(const struct server_opts *opts, struct err *e)
{
	if (sodium_init() < 0)
		return err_set(e, ERR_UNSUPPORTED, "libsodium failed to initialise");
	struct server srv = { 0 };
	srv.faults = opts->faults;
	srv.rng = opts->faults.seed;
	srv.cfg.auto_approve = opts->auto_approve;
	srv.cfg.token_ttl = opts->token_ttl;
	srv.cfg.device_interval = opts->device_interval;
	srv.cfg.slow_down_once = opts->slow_down_once;
	srv.cfg.simplefin_errors = opts->simplefin_errors;
	pthread_mutex_init(&srv.log_mutex, NULL);
	pthread_mutex_init(&srv.fault_mutex, NULL);
	srv.db = db_open(opts->db_path, e);
	if (srv.db == NULL)
		return false;
	if (db_is_empty(srv.db)) {
		struct seed_opts so = SEED_OPTS_DEFAULT;
		if (!seed_run(srv.db, &so, e)) {
			db_close(&srv.db);
			return false;
		}
	}
	char *cert, *key;
	if (!server_tls_load(opts, &cert, &key, e)) {
		db_close(&srv.db);
		return false;
	}
	if (opts->access_log != NULL && (srv.access_log = fopen(opts->access_log, "a")) == NULL) {
		err_set(e, ERR_IO, "cannot open the access log %s; check the path", opts->access_log);
		free(cert);
		free(key);
		db_close(&srv.db);
		return false;
	}
	/* Block the stop signals in every thread; main waits for them below. */
	sigset_t stop;
	sigemptyset(&stop);
	sigaddset(&stop, SIGTERM);
	sigaddset(&stop, SIGINT);
	pthread_sigmask(SIG_BLOCK, &stop, NULL);
	signal(SIGPIPE, SIG_IGN);

	struct MHD_Daemon *d = server_start(&srv, opts, cert, key, e);
	bool ok = d != NULL;
	if (ok) {
		const union MHD_DaemonInfo *info = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
		srv.cfg.base_url = xasprintf("%s://%s:%u", cert != NULL ? "https" : "http",
					     opts->listen != NULL ? opts->listen : "127.0.0.1",
					     (unsigned)info->port);
		db_lock();
		ok = db_meta_set(srv.db, "url", srv.cfg.base_url, e);
		db_unlock();
	}
	if (ok) {
		printf("listening on %s\n", srv.cfg.base_url);
		fflush(stdout);
		int sig;
		sigwait(&stop, &sig);
		srv.stopping = 1;
	}
	if (d != NULL)
		MHD_stop_daemon(d);
	free(srv.cfg.base_url);
	free(cert);
	free(key);
	db_close(&srv.db);
	pthread_mutex_destroy(&srv.fault_mutex);
	pthread_mutex_destroy(&srv.log_mutex);
	if (srv.access_log != NULL)
		fclose(srv.access_log);
	return ok;
}

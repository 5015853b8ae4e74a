/* test_http.c — src/net/http.c against an in-process libmicrohttpd server on
 * 127.0.0.1 (port 0) that each test programs: status, headers, body,
 * delays, stalls, trickles, dropped connections, redirects and TLS with a
 * certificate made by openssl at test time.  Retry delays are checked on an
 * injected clock that jumps ahead by each scheduled delay, so they are
 * exact and cost no wall time. */
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>
#include <microhttpd.h>

#include "buf.h"
#include "fsutil.h"
#include "log.h"
#include "net/http.h"
#include "xmalloc.h"

/* --- the programmable server ---------------------------------------------- */

enum srv_mode {
	SRV_NORMAL,
	SRV_DROP,    /* close the connection without answering */
	SRV_STALL,   /* send headers and one byte, then nothing */
	SRV_TRICKLE, /* one byte every 300 ms */
	SRV_CHUNKED, /* the body without Content-Length */
};

/* One request as the handler sees it, and the reply it fills in. */
struct exchange {
	const char *method;
	const char *url;
	const char *body;
	size_t body_len;
	int hit; /* 1 for the first request this test */
	struct MHD_Connection *conn;

	int status;
	const char *reply;
	size_t reply_len; /* strlen(reply) when 0 */
	const char *hdr_name[4];
	const char *hdr_value[4];
	int nhdr;
	enum srv_mode mode;
	int delay_ms; /* before answering */
};

struct server {
	struct MHD_Daemon *d;
	int port;
	char base[64]; /* "http://127.0.0.1:PORT" */
	void (*handler)(struct server *s, struct exchange *x);
	atomic_int hits;
	atomic_int active;
	atomic_int max_active;
	atomic_bool stopping;
	pthread_mutex_t lock;
	char seen_header[256]; /* X-Test of the last request */
	char seen_auth[256];   /* Authorization of the last request */
	char seen_body[256];
	char seen_method[16];
};

struct upload {
	struct buf body;
};

struct stream {
	struct server *s;
	enum srv_mode mode;
	const char *data;
	size_t len;
};

static void reply_header(struct exchange *x, const char *name, const char *value)
{
	x->hdr_name[x->nhdr] = name;
	x->hdr_value[x->nhdr] = value;
	x->nhdr++;
}

static void srv_sleep(struct server *s, int ms)
{
	for (int i = 0; i < ms / 10 && !atomic_load(&s->stopping); i++) {
		struct timespec ts = { 0, 10 * 1000000L };
		nanosleep(&ts, NULL);
	}
}

static ssize_t srv_stream(void *cls, uint64_t pos, char *out, size_t max)
{
	struct stream *st = cls;
	if (pos >= st->len)
		return MHD_CONTENT_READER_END_OF_STREAM;
	if (st->mode == SRV_STALL && pos > 0) {
		srv_sleep(st->s, 5000);
		return MHD_CONTENT_READER_END_WITH_ERROR;
	}
	if (st->mode == SRV_TRICKLE && pos > 0)
		srv_sleep(st->s, 300);
	if (atomic_load(&st->s->stopping))
		return MHD_CONTENT_READER_END_WITH_ERROR;
	size_t n = st->mode == SRV_CHUNKED ? st->len - (size_t)pos : 1;
	if (n > max)
		n = max;
	memcpy(out, st->data + pos, n);
	return (ssize_t)n;
}

static void srv_copy_header(struct MHD_Connection *c, const char *name, char *out, size_t n)
{
	const char *v = MHD_lookup_connection_value(c, MHD_HEADER_KIND, name);
	snprintf(out, n, "%s", v != NULL ? v : "");
}

static enum MHD_Result srv_access(void *cls, struct MHD_Connection *conn, const char *url,
				  const char *method, const char *version, const char *upload_data,
				  size_t *upload_size, void **con_cls)
{
	(void)version;
	struct server *s = cls;
	struct upload *up = *con_cls;
	if (up == NULL) {
		*con_cls = xcalloc(1, sizeof *up);
		return MHD_YES;
	}
	if (*upload_size > 0) {
		buf_append(&up->body, upload_data, *upload_size);
		*upload_size = 0;
		return MHD_YES;
	}
	int now = atomic_fetch_add(&s->active, 1) + 1;
	int seen = atomic_load(&s->max_active);
	while (now > seen && !atomic_compare_exchange_weak(&s->max_active, &seen, now))
		;
	struct exchange x = {
		.method = method,
		.url = url,
		.body = up->body.data != NULL ? up->body.data : "",
		.body_len = up->body.len,
		.hit = atomic_fetch_add(&s->hits, 1) + 1,
		.conn = conn,
		.status = 200,
		.reply = "ok",
	};
	pthread_mutex_lock(&s->lock);
	srv_copy_header(conn, "X-Test", s->seen_header, sizeof s->seen_header);
	srv_copy_header(conn, "Authorization", s->seen_auth, sizeof s->seen_auth);
	snprintf(s->seen_body, sizeof s->seen_body, "%s", x.body);
	snprintf(s->seen_method, sizeof s->seen_method, "%s", method);
	pthread_mutex_unlock(&s->lock);
	if (s->handler != NULL)
		s->handler(s, &x);
	if (x.delay_ms > 0)
		srv_sleep(s, x.delay_ms);
	atomic_fetch_sub(&s->active, 1);
	if (x.mode == SRV_DROP)
		return MHD_NO;
	size_t len = x.reply_len > 0 ? x.reply_len : strlen(x.reply);
	struct MHD_Response *r;
	if (x.mode == SRV_NORMAL) {
		r = MHD_create_response_from_buffer(len, (void *)x.reply, MHD_RESPMEM_MUST_COPY);
	} else {
		struct stream *st = xcalloc(1, sizeof *st);
		*st = (struct stream){ s, x.mode, x.reply, len };
		r = MHD_create_response_from_callback(MHD_SIZE_UNKNOWN, 4096, srv_stream, st, free);
	}
	for (int i = 0; i < x.nhdr; i++)
		MHD_add_response_header(r, x.hdr_name[i], x.hdr_value[i]);
	enum MHD_Result ret = MHD_queue_response(conn, (unsigned)x.status, r);
	MHD_destroy_response(r);
	return ret;
}

static void srv_completed(void *cls, struct MHD_Connection *conn, void **con_cls,
			  enum MHD_RequestTerminationCode toe)
{
	(void)cls;
	(void)conn;
	(void)toe;
	struct upload *up = *con_cls;
	if (up != NULL) {
		buf_free(&up->body);
		free(up);
	}
	*con_cls = NULL;
}

static struct server *srv_start_opts(const char *tls_key, const char *tls_cert)
{
	struct server *s = xcalloc(1, sizeof *s);
	pthread_mutex_init(&s->lock, NULL);
	struct sockaddr_in sin = { 0 };
	sin.sin_family = AF_INET;
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	/* A thread per connection, so a handler may sleep to play a slow bank. */
	unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_THREAD_PER_CONNECTION;
	if (tls_key != NULL)
		flags |= MHD_USE_TLS;
	s->d = MHD_start_daemon(flags, 0, NULL, NULL, srv_access, s, MHD_OPTION_SOCK_ADDR, &sin,
				MHD_OPTION_NOTIFY_COMPLETED, srv_completed, s,
				MHD_OPTION_CONNECTION_TIMEOUT, 30u, tls_key != NULL ?
				MHD_OPTION_HTTPS_MEM_KEY : MHD_OPTION_END, tls_key,
				MHD_OPTION_HTTPS_MEM_CERT, tls_cert, MHD_OPTION_END);
	assert_non_null(s->d);
	const union MHD_DaemonInfo *info = MHD_get_daemon_info(s->d, MHD_DAEMON_INFO_BIND_PORT);
	assert_non_null(info);
	s->port = info->port;
	snprintf(s->base, sizeof s->base, "%s://127.0.0.1:%d", tls_key != NULL ? "https" : "http",
		 s->port);
	return s;
}

static struct server *srv_start(void (*handler)(struct server *, struct exchange *))
{
	struct server *s = srv_start_opts(NULL, NULL);
	s->handler = handler;
	return s;
}

static void srv_stop(struct server **sp)
{
	struct server *s = *sp;
	atomic_store(&s->stopping, true);
	MHD_stop_daemon(s->d);
	pthread_mutex_destroy(&s->lock);
	free(s);
	*sp = NULL;
}

/* --- the client side ------------------------------------------------------ */

/* A clock that jumps ahead by every scheduled retry delay: the retry is due
 * at once, and the delays are recorded exactly. */
struct fake_clock {
	int64_t skew_ms;
	time_t wall; /* 0 = real time */
	int64_t delays[8];
	int ndelays;
};

static int64_t fake_mono(void *arg)
{
	struct fake_clock *c = arg;
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000 + c->skew_ms;
}

static time_t fake_wall(void *arg)
{
	struct fake_clock *c = arg;
	return c->wall != 0 ? c->wall : time(NULL);
}

static uint32_t fake_random(void *arg)
{
	(void)arg;
	return UINT32_MAX; /* always the top of the jitter range */
}

static void fake_on_retry(void *arg, uint64_t id, int next_attempt, int64_t delay_ms)
{
	(void)id;
	(void)next_attempt;
	struct fake_clock *c = arg;
	if (c->ndelays < 8)
		c->delays[c->ndelays++] = delay_ms;
	c->skew_ms += delay_ms;
}

static struct http *client_new(struct fake_clock *c, struct log *log)
{
	struct http_options o = {
		.max_host_connections = 4,
		.log = log,
		.clock = { fake_mono, fake_wall, fake_random, c },
		.on_retry = fake_on_retry,
		.on_retry_arg = c,
	};
	struct err e = ERR_INIT;
	struct http *h = http_new(&o, &e);
	assert_non_null(h);
	return h;
}

/* What most tests need: a server (each test sets its handler) and a client
 * on the jumping clock. */
struct rig {
	struct server *s;
	struct fake_clock c;
	struct http *h;
};

static int rig_setup(void **state)
{
	struct rig *g = xcalloc(1, sizeof *g);
	g->s = srv_start(NULL);
	g->h = client_new(&g->c, NULL);
	*state = g;
	return 0;
}

static int rig_teardown(void **state)
{
	struct rig *g = *state;
	http_free(&g->h);
	srv_stop(&g->s);
	free(g);
	return 0;
}

static int64_t wall_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* One request, start to end; the response is returned even on failure. */
static struct http_response *run(struct http *h, const struct http_request *req)
{
	struct http_response *resp = NULL;
	struct err e = ERR_INIT;
	bool ok = http_perform(h, req, &resp, &e);
	assert_non_null(resp);
	assert_int_equal(ok, resp->err.code == ERR_OK);
	if (!ok)
		assert_string_equal(e.msg, resp->err.msg);
	return resp;
}

static char *url_of(const struct server *s, const char *path)
{
	return xasprintf("%s%s", s->base, path);
}

/* A plain GET of path, served by handler. */
static struct http_response *rig_get(struct rig *g,
				     void (*handler)(struct server *, struct exchange *),
				     const char *path)
{
	g->s->handler = handler;
	char *url = url_of(g->s, path);
	struct http_request req = { .url = url };
	struct http_response *r = run(g->h, &req);
	free(url);
	return r;
}

static void expect_in(const char *haystack, const char *needle)
{
	if (haystack == NULL)
		fail_msg("\"%s\" expected, got nothing", needle);
	else if (strstr(haystack, needle) == NULL)
		fail_msg("\"%s\" not in \"%s\"", needle, haystack);
}

/* --- plain requests ------------------------------------------------------- */

static void h_echo(struct server *s, struct exchange *x)
{
	(void)s;
	static char out[512];
	snprintf(out, sizeof out, "%s %s %.*s", x->method, x->url, (int)x->body_len, x->body);
	x->reply = out;
	reply_header(x, "X-Reply", "hello");
	reply_header(x, "Content-Type", "text/plain");
}

static void test_get_with_headers(void **state)
{
	struct rig *g = *state;
	g->s->handler = h_echo;
	char *url = url_of(g->s, "/accounts?page=2");
	const char *hdrs[] = { "X-Test: abc", "Accept: application/json", NULL };
	struct http_request req = { .url = url, .headers = hdrs };
	struct http_response *r = run(g->h, &req);
	assert_int_equal(r->status, 200);
	assert_int_equal(r->attempts, 1);
	assert_string_equal(r->body.data, "GET /accounts ");
	assert_string_equal(http_response_header(r, "x-reply"), "hello");
	assert_string_equal(http_response_header(r, "CONTENT-TYPE"), "text/plain");
	assert_null(http_response_header(r, "X-Missing"));
	assert_string_equal(g->s->seen_header, "abc");
	assert_int_equal(http_pending(g->h), 0);
	http_response_free(&r);
	assert_null(r);
	free(url);
	http_free(&g->h);
	assert_null(g->h);
}

static void test_post_body_and_basic_auth(void **state)
{
	struct rig *g = *state;
	g->s->handler = h_echo;
	char *url = url_of(g->s, "/payments");
	const char *body = "{\"amount\":\"12.34\"}";
	struct http_request req = {
		.method = "POST",
		.url = url,
		.body = body,
		.body_len = strlen(body),
		.username = "u",
		.password = "p",
	};
	struct http_response *r = run(g->h, &req);
	assert_int_equal(r->status, 200);
	assert_string_equal(g->s->seen_body, body);
	assert_string_equal(g->s->seen_auth, "Basic dTpw");
	assert_string_equal(r->body.data, "POST /payments {\"amount\":\"12.34\"}");
	http_response_free(&r);

	req = (struct http_request){ .method = "DELETE", .url = url };
	r = run(g->h, &req);
	assert_string_equal(g->s->seen_method, "DELETE");
	http_response_free(&r);
	free(url);
}

/* A port nobody listens on: bound once, then closed. */
static int closed_port(void)
{
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	struct sockaddr_in sin = { 0 };
	sin.sin_family = AF_INET;
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	assert_int_equal(bind(fd, (struct sockaddr *)&sin, sizeof sin), 0);
	socklen_t len = sizeof sin;
	assert_int_equal(getsockname(fd, (struct sockaddr *)&sin, &len), 0);
	close(fd);
	return ntohs(sin.sin_port);
}

static void test_connection_refused_retried_with_backoff(void **state)
{
	(void)state;
	struct fake_clock c = { 0 };
	struct http *h = client_new(&c, NULL);
	char *url = xasprintf("http://127.0.0.1:%d/x", closed_port());
	struct http_request req = { .url = url, .max_attempts = 3 };
	struct http_response *r = run(h, &req);
	assert_int_equal(r->status, 0);
	assert_int_equal(r->err.code, ERR_NET);
	assert_int_equal(r->attempts, 3);
	expect_in(r->err.msg, "could not connect to 127.0.0.1 (connection refused)");
	expect_in(r->err.msg, "after 3 attempts");
	/* Full jitter at the top of its range: 500 ms, then 1000 ms. */
	assert_int_equal(c.ndelays, 2);
	assert_int_equal(c.delays[0], 500);
	assert_int_equal(c.delays[1], 1000);
	http_response_free(&r);

	req.method = "POST";
	r = run(h, &req);
	assert_int_equal(r->attempts, 1);
	assert_int_equal(c.ndelays, 2);
	http_response_free(&r);
	free(url);
	http_free(&h);
}

/* --- retries -------------------------------------------------------------- */

static void h_503_then_ok(struct server *s, struct exchange *x)
{
	(void)s;
	if (x->hit == 1) {
		x->status = 503;
		x->reply = "busy";
		reply_header(x, "Retry-After", "1");
	}
}

static void test_503_retry_after_seconds(void **state)
{
	struct rig *g = *state;
	int64_t t0 = wall_ms();
	struct http_response *r = rig_get(g, h_503_then_ok, "/accounts");
	assert_int_equal(r->status, 200);
	assert_int_equal(r->attempts, 2);
	assert_int_equal(atomic_load(&g->s->hits), 2);
	assert_int_equal(g->c.ndelays, 1);
	assert_int_equal(g->c.delays[0], 1000);
	/* The waited time is counted on the request's clock... */
	assert_true(r->total_ms >= 1000);
	/* ...while the fake clock jumped, so no second of real time passed. */
	assert_true(wall_ms() - t0 < 900);
	http_response_free(&r);
}

/* The same on the real clock: the wait is really waited, and no longer. */
static void test_503_retry_after_real_wait(void **state)
{
	(void)state;
	struct server *s = srv_start(h_503_then_ok);
	struct err e = ERR_INIT;
	struct http *h = http_new(NULL, &e);
	assert_non_null(h);
	char *url = url_of(s, "/accounts");
	struct http_request req = { .url = url };
	int64_t t0 = wall_ms();
	struct http_response *r = run(h, &req);
	int64_t took = wall_ms() - t0;
	assert_int_equal(r->status, 200);
	assert_int_equal(r->attempts, 2);
	assert_true(took >= 1000);
	assert_true(took < 3000);
	http_response_free(&r);
	free(url);
	http_free(&h);
	srv_stop(&s);
}

static void h_429_date(struct server *s, struct exchange *x)
{
	(void)s;
	if (x->hit == 1) {
		x->status = 429;
		reply_header(x, "Retry-After", "Sun, 06 Nov 1994 08:49:37 GMT");
	}
}

static void test_429_retry_after_http_date(void **state)
{
	struct rig *g = *state;
	g->c.wall = 784111777 - 7;
	struct http_response *r = rig_get(g, h_429_date, "/tx");
	assert_int_equal(r->status, 200);
	assert_int_equal(r->attempts, 2);
	assert_int_equal(g->c.ndelays, 1);
	assert_int_equal(g->c.delays[0], 7000);
	http_response_free(&r);
}

static void h_always_503_long(struct server *s, struct exchange *x)
{
	(void)s;
	x->status = 503;
	x->reply = "maintenance";
	reply_header(x, "Retry-After", "3600");
}

static void test_retry_after_beyond_budget_gives_up(void **state)
{
	struct rig *g = *state;
	g->c.wall = 784111777;
	struct http_response *r = rig_get(g, h_always_503_long, "/tx");
	assert_int_equal(r->status, 503);
	assert_int_equal(r->attempts, 1);
	assert_int_equal(r->err.code, ERR_SERVER);
	assert_string_equal(r->body.data, "maintenance");
	expect_in(r->err.msg, "asked to wait 3600 s");
	expect_in(r->err.msg, "try again after 09:49 UTC");
	assert_int_equal(g->c.ndelays, 0);
	http_response_free(&r);
}

static void h_always_500(struct server *s, struct exchange *x)
{
	(void)s;
	x->status = 500;
}

static void test_5xx_retries_run_out(void **state)
{
	struct rig *g = *state;
	struct http_response *r = rig_get(g, h_always_500, "/tx");
	assert_int_equal(r->status, 500);
	assert_int_equal(r->attempts, 4);
	assert_int_equal(atomic_load(&g->s->hits), 4);
	assert_int_equal(r->err.code, ERR_SERVER);
	expect_in(r->err.msg, "status 500 after 4 attempts");
	assert_int_equal(g->c.ndelays, 3);
	assert_int_equal(g->c.delays[2], 2000);
	http_response_free(&r);
}

static void h_status_from_path(struct server *s, struct exchange *x)
{
	(void)s;
	x->status = atoi(x->url + 1);
	x->reply = "{\"type\":\"about:blank\"}";
}

static void test_4xx_and_post_not_retried(void **state)
{
	struct rig *g = *state;
	g->s->handler = h_status_from_path;
	static const struct {
		const char *method;
		const char *path;
		long status;
	} cases[] = {
		{ "GET", "/404", 404 },
		{ "GET", "/400", 400 },
		{ "POST", "/503", 503 },
		{ "POST", "/429", 429 },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		atomic_store(&g->s->hits, 0);
		char *url = url_of(g->s, cases[i].path);
		struct http_request req = { .method = cases[i].method, .url = url };
		struct http_response *r = run(g->h, &req);
		assert_int_equal(r->status, cases[i].status);
		assert_int_equal(r->err.code, ERR_OK);
		assert_int_equal(r->attempts, 1);
		assert_int_equal(atomic_load(&g->s->hits), 1);
		http_response_free(&r);
		free(url);
	}
	assert_int_equal(g->c.ndelays, 0);

	/* A request the caller vouches for is retried even as a POST. */
	atomic_store(&g->s->hits, 0);
	char *url = url_of(g->s, "/503");
	struct http_request req = { .method = "POST", .url = url, .idempotent = true,
				    .max_attempts = 2 };
	struct http_response *r = run(g->h, &req);
	assert_int_equal(r->attempts, 2);
	assert_int_equal(atomic_load(&g->s->hits), 2);
	http_response_free(&r);
	free(url);
}

/* 408 and 429 without Retry-After are retried on the backoff schedule;
 * HEAD counts as idempotent. */
static void test_408_429_and_head_retried(void **state)
{
	struct rig *g = *state;
	g->s->handler = h_status_from_path;
	const char *paths[] = { "/408", "/429" };
	for (size_t i = 0; i < 2; i++) {
		char *url = url_of(g->s, paths[i]);
		struct http_request req = { .url = url, .max_attempts = 2 };
		if (i == 1)
			req.method = "HEAD";
		struct http_response *r = run(g->h, &req);
		assert_int_equal(r->attempts, 2);
		assert_int_equal(r->err.code, ERR_SERVER);
		assert_int_equal(r->body.len, i == 1 ? 0 : strlen("{\"type\":\"about:blank\"}"));
		http_response_free(&r);
		free(url);
	}
	assert_int_equal(atomic_load(&g->s->hits), 4);
	assert_int_equal(g->c.ndelays, 2);
	assert_int_equal(g->c.delays[0], 500);
	assert_int_equal(g->c.delays[1], 500);
}

static void h_drop_first(struct server *s, struct exchange *x)
{
	(void)s;
	if (x->hit == 1)
		x->mode = SRV_DROP;
}

static void test_dropped_connection(void **state)
{
	struct rig *g = *state;
	g->s->handler = h_drop_first;
	char *url = url_of(g->s, "/x");
	struct http_request req = { .url = url };
	struct http_response *r = run(g->h, &req);
	assert_int_equal(r->status, 200);
	assert_int_equal(r->attempts, 2);
	http_response_free(&r);

	/* On the connection kept alive from the GET, libcurl itself sends the
	 * POST again when the server drops it unanswered: the reason every
	 * money-moving POST carries an Idempotency-Key (docs/NET.md). */
	atomic_store(&g->s->hits, 0);
	req.method = "POST";
	r = run(g->h, &req);
	assert_int_equal(r->attempts, 1);
	assert_int_equal(atomic_load(&g->s->hits), 2);
	http_response_free(&r);

	/* On a fresh connection nobody resends it. */
	http_free(&g->h);
	g->h = client_new(&g->c, NULL);
	atomic_store(&g->s->hits, 0);
	r = run(g->h, &req);
	assert_int_equal(r->attempts, 1);
	assert_int_equal(atomic_load(&g->s->hits), 1);
	assert_int_equal(r->err.code, ERR_NET);
	expect_in(r->err.msg, "127.0.0.1 closed the connection without answering");
	http_response_free(&r);
	free(url);
}

/* --- slow servers and big bodies ------------------------------------------ */

static void h_slow(struct server *s, struct exchange *x)
{
	(void)s;
	if (strcmp(x->url, "/stall") == 0) {
		x->mode = SRV_STALL;
		x->reply = "0123456789";
	} else if (strcmp(x->url, "/trickle") == 0) {
		x->mode = SRV_TRICKLE;
		x->reply = "0123456789012345678901234567890123456789";
	} else {
		x->delay_ms = 3000;
	}
}

static void test_stall_trickle_and_total_timeout(void **state)
{
	struct rig *g = *state;
	g->s->handler = h_slow;
	static const struct {
		const char *path;
		long low_speed_time_s;
		const char *msg;
	} cases[] = {
		{ "/stall", 1, "the server 127.0.0.1 sent data too slowly (less than 100 bytes/s for 1 s)" },
		{ "/trickle", 1, "sent data too slowly" },
		{ "/late", 10, "the server 127.0.0.1 took longer than 1500 ms to answer" },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char *url = url_of(g->s, cases[i].path);
		struct http_request req = {
			.url = url,
			.no_retry = true,
			.timeout_ms = 1500,
			.low_speed_bytes = 100,
			.low_speed_time_s = cases[i].low_speed_time_s,
		};
		int64_t t0 = wall_ms();
		struct http_response *r = run(g->h, &req);
		int64_t took = wall_ms() - t0;
		assert_int_equal(r->err.code, ERR_NET);
		assert_int_equal(r->attempts, 1);
		expect_in(r->err.msg, cases[i].msg);
		assert_true(took < 2500);
		http_response_free(&r);
		free(url);
	}

}

static char big_body[5000];

static void h_big(struct server *s, struct exchange *x)
{
	(void)s;
	memset(big_body, 'b', sizeof big_body);
	x->reply = big_body;
	x->reply_len = sizeof big_body;
	if (strcmp(x->url, "/chunked") == 0)
		x->mode = SRV_CHUNKED;
}

static void test_body_over_cap(void **state)
{
	struct rig *g = *state;
	g->s->handler = h_big;
	const char *paths[] = { "/length", "/chunked" };
	for (size_t i = 0; i < 2; i++) {
		char *url = url_of(g->s, paths[i]);
		struct http_request req = { .url = url, .max_body = 1000 };
		struct http_response *r = run(g->h, &req);
		assert_int_equal(r->err.code, ERR_PROTOCOL);
		assert_int_equal(r->attempts, 1);
		expect_in(r->err.msg, "larger than the 1000 byte limit");
		http_response_free(&r);
		req.max_body = sizeof big_body;
		r = run(g->h, &req);
		assert_int_equal(r->status, 200);
		assert_int_equal(r->body.len, sizeof big_body);
		http_response_free(&r);
		free(url);
	}

}

/* --- policy --------------------------------------------------------------- */

static void test_plain_http_refused_before_connecting(void **state)
{
	(void)state;
	struct fake_clock c = { 0 };
	struct http *h = client_new(&c, NULL);
	const char *urls[] = {
		"http://bank.example/accounts",
		"http://127.0.0.1.evil.com/",
		"http://localhost.evil.com/",
		"http://localhost@evil.com/",
	};
	for (size_t i = 0; i < sizeof urls / sizeof urls[0]; i++) {
		struct err e = ERR_INIT;
		struct http_request req = { .url = urls[i] };
		assert_int_equal(http_submit(h, &req, NULL, NULL, &e), 0);
		assert_int_equal(e.code, ERR_NET);
		expect_in(e.msg, "over plain http");
		expect_in(e.msg, "use an https:// address");
		assert_int_equal(http_pending(h), 0);
	}
	struct err e = ERR_INIT;
	struct http_request req = { .url = "ftp://bank.example/" };
	assert_int_equal(http_submit(h, &req, NULL, NULL, &e), 0);
	assert_int_equal(e.code, ERR_INVALID);
	req.url = "not a url";
	assert_int_equal(http_submit(h, &req, NULL, NULL, &e), 0);
	assert_int_equal(e.code, ERR_INVALID);
	struct http_response dummy;
	struct http_response *r = &dummy; /* http_perform sets it to NULL */
	req.url = "http://bank.example/";
	assert_false(http_perform(h, &req, &r, &e));
	assert_null(r);
	http_free(&h);
}

static char redirect_target[128];

static void h_redirect(struct server *s, struct exchange *x)
{
	(void)s;
	if (strcmp(x->url, "/go") == 0) {
		x->status = 302;
		reply_header(x, "Location", redirect_target);
	}
}

static void test_redirect_to_http_refused(void **state)
{
	struct rig *g = *state;
	g->s->handler = h_redirect;
	snprintf(redirect_target, sizeof redirect_target, "%s/landed", g->s->base);
	char *url = url_of(g->s, "/go");
	struct http_request req = { .url = url };
	struct http_response *r = run(g->h, &req);
	assert_int_equal(r->err.code, ERR_PROTOCOL);
	expect_in(r->err.msg, "redirected to http://127.0.0.1:");
	expect_in(r->err.msg, "which is not https; refused to follow it");
	assert_int_equal(atomic_load(&g->s->hits), 1);
	http_response_free(&r);
	free(url);
}

/* --- TLS ------------------------------------------------------------------ */

struct tls {
	char dir[64];
	char *cert_path;
	char *key;
	char *cert;
	char pin[128];
};

static int tls_setup(void **state)
{
	struct tls *t = xcalloc(1, sizeof *t);
	strcpy(t->dir, "/tmp/bankterm-tls-XXXXXX");
	if (mkdtemp(t->dir) == NULL)
		return -1;
	char *cmd = xasprintf(
		"cd %s && openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 "
		"-nodes -keyout key.pem -out cert.pem -days 2 -subj /CN=localhost "
		"-addext subjectAltName=DNS:localhost,IP:127.0.0.1 2>/dev/null && "
		"openssl x509 -in cert.pem -pubkey -noout | openssl pkey -pubin -outform der | "
		"openssl dgst -sha256 -binary | openssl base64 -A > pin",
		t->dir);
	int rc = system(cmd);
	free(cmd);
	if (rc != 0) {
		free(t);
		return -1;
	}
	struct err e = ERR_INIT;
	char *p = xasprintf("%s/key.pem", t->dir);
	t->key = fsutil_read_file(p, 1 << 16, NULL, &e);
	free(p);
	t->cert_path = xasprintf("%s/cert.pem", t->dir);
	t->cert = fsutil_read_file(t->cert_path, 1 << 16, NULL, &e);
	p = xasprintf("%s/pin", t->dir);
	char *pin = fsutil_read_file(p, 1 << 10, NULL, &e);
	free(p);
	if (t->key == NULL || t->cert == NULL || pin == NULL)
		return -1;
	snprintf(t->pin, sizeof t->pin, "sha256//%s", pin);
	free(pin);
	*state = t;
	return 0;
}

static int tls_teardown(void **state)
{
	struct tls *t = *state;
	char *cmd = xasprintf("rm -rf %s", t->dir);
	int rc = system(cmd);
	free(cmd);
	free(t->cert_path);
	free(t->key);
	free(t->cert);
	free(t);
	return rc == 0 ? 0 : -1;
}

static void test_tls_ca_and_pins(void **state)
{
	struct tls *t = *state;
	struct server *s = srv_start_opts(t->key, t->cert);
	s->handler = h_echo;
	struct fake_clock c = { 0 };
	struct http *h = client_new(&c, NULL);
	char *url = url_of(s, "/secure");

	struct http_request req = { .url = url, .ca_file = t->cert_path };
	struct http_response *r = run(h, &req);
	assert_int_equal(r->status, 200);
	assert_string_equal(r->body.data, "GET /secure ");
	http_response_free(&r);

	char *pins = xasprintf("sha256//AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=;%s", t->pin);
	req.pinned_keys = pins;
	r = run(h, &req);
	assert_int_equal(r->status, 200);
	http_response_free(&r);

	req.pinned_keys = "sha256//AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=";
	r = run(h, &req);
	assert_int_equal(r->err.code, ERR_NET);
	assert_int_equal(r->attempts, 1);
	expect_in(r->err.msg, "does not match the pinned key");
	http_response_free(&r);

	req = (struct http_request){ .url = url };
	r = run(h, &req);
	assert_int_equal(r->err.code, ERR_NET);
	assert_int_equal(r->attempts, 1);
	expect_in(r->err.msg, "the TLS certificate for 127.0.0.1 could not be verified");
	http_response_free(&r);
	free(pins);
	free(url);
	http_free(&h);
	srv_stop(&s);
}

static void test_tls_redirect_to_http_refused(void **state)
{
	struct tls *t = *state;
	struct server *plain = srv_start(h_echo);
	struct server *s = srv_start_opts(t->key, t->cert);
	s->handler = h_redirect;
	snprintf(redirect_target, sizeof redirect_target, "%s/landed", plain->base);
	struct fake_clock c = { 0 };
	struct http *h = client_new(&c, NULL);
	char *url = url_of(s, "/go");
	struct http_request req = { .url = url, .ca_file = t->cert_path };
	struct http_response *r = run(h, &req);
	assert_int_equal(r->err.code, ERR_PROTOCOL);
	expect_in(r->err.msg, "which is not https; refused to follow it");
	assert_int_equal(atomic_load(&plain->hits), 0);
	http_response_free(&r);

	snprintf(redirect_target, sizeof redirect_target, "%s/landed", s->base);
	r = run(h, &req);
	assert_int_equal(r->status, 200);
	assert_string_equal(r->body.data, "ok");
	http_response_free(&r);
	free(url);
	http_free(&h);
	srv_stop(&s);
	srv_stop(&plain);
}

/* --- the loop ------------------------------------------------------------- */

static void h_slowish(struct server *s, struct exchange *x)
{
	(void)s;
	static _Thread_local char out[64];
	snprintf(out, sizeof out, "body of %s", x->url);
	x->reply = out;
	x->delay_ms = 20;
}

struct many {
	int done;
	int ok;
	int pipe_w;
	char want[50][64];
};

static void many_done(struct http *h, uint64_t id, struct http_response *resp, void *arg)
{
	(void)h;
	(void)id;
	struct many *m = arg;
	int i = -1;
	for (int k = 0; k < 50; k++)
		if (m->want[k][0] != '\0' && resp->body.data != NULL &&
		    strcmp(resp->body.data, m->want[k]) == 0)
			i = k;
	if (resp->status == 200 && i >= 0) {
		m->ok++;
		m->want[i][0] = '\0';
	}
	if (++m->done == 25)
		assert_int_equal(write(m->pipe_w, "k", 1), 1);
	http_response_free(&resp);
}

static void test_many_concurrent_with_extra_fd(void **state)
{
	struct rig *g = *state;
	g->s->handler = h_slowish;
	int p[2];
	assert_int_equal(pipe(p), 0);
	struct many m = { .pipe_w = p[1] };
	for (int i = 0; i < 50; i++) {
		char *url = xasprintf("%s/n/%d", g->s->base, i);
		snprintf(m.want[i], sizeof m.want[i], "body of /n/%d", i);
		struct err e = ERR_INIT;
		struct http_request req = { .url = url };
		assert_true(http_submit(g->h, &req, many_done, &m, &e) != 0);
		free(url);
	}
	assert_int_equal(http_pending(g->h), 50);
	bool fd_seen = false;
	size_t pending_when_seen = 0;
	while (http_pending(g->h) > 0) {
		struct http_waitfd fds[1] = { { p[0], POLLIN, 0 } };
		struct err e = ERR_INIT;
		assert_true(http_poll(g->h, fds, 1, 1000, &e));
		if (fds[0].revents & POLLIN) {
			char ch;
			assert_int_equal(read(p[0], &ch, 1), 1);
			fd_seen = true;
			pending_when_seen = http_pending(g->h);
		}
	}
	assert_int_equal(m.done, 50);
	assert_int_equal(m.ok, 50);
	assert_true(fd_seen);
	assert_true(pending_when_seen > 0);
	assert_true(atomic_load(&g->s->max_active) <= 4);
	assert_true(atomic_load(&g->s->max_active) >= 2);
	close(p[0]);
	close(p[1]);

}

static void h_very_slow(struct server *s, struct exchange *x)
{
	(void)s;
	x->delay_ms = strcmp(x->url, "/slow") == 0 ? 2000 : 0;
}

static void count_done(struct http *h, uint64_t id, struct http_response *resp, void *arg)
{
	(void)h;
	(void)id;
	(*(int *)arg)++;
	http_response_free(&resp);
}

static void test_cancel(void **state)
{
	struct rig *g = *state;
	g->s->handler = h_very_slow;
	char *slow = url_of(g->s, "/slow");
	char *fast = url_of(g->s, "/fast");
	int called_slow = 0;
	int called_fast = 0;
	struct err e = ERR_INIT;
	struct http_request req = { .url = slow };
	uint64_t id = http_submit(g->h, &req, count_done, &called_slow, &e);
	req.url = fast;
	uint64_t id2 = http_submit(g->h, &req, count_done, &called_fast, &e);
	assert_true(id != 0 && id2 != 0 && id != id2);
	int64_t t0 = wall_ms();
	while (called_fast == 0)
		assert_true(http_poll(g->h, NULL, 0, 100, &e));
	assert_true(wall_ms() - t0 < 1500); /* not queued behind the slow one */
	assert_int_equal(http_pending(g->h), 1);
	assert_true(http_cancel(g->h, id));
	assert_false(http_cancel(g->h, id));
	assert_false(http_cancel(g->h, id2));
	assert_int_equal(http_pending(g->h), 0);
	assert_true(http_poll(g->h, NULL, 0, 10, &e));
	assert_int_equal(called_slow, 0);
	assert_int_equal(called_fast, 1);

	/* http_free drops what is still pending, without callbacks. */
	req.url = slow;
	assert_true(http_submit(g->h, &req, count_done, &called_slow, &e) != 0);
	assert_true(http_poll(g->h, NULL, 0, 50, &e));
	http_free(&g->h);
	assert_int_equal(called_slow, 0);
	free(slow);
	free(fast);
}

/* Two answers that arrive in the same poll: whichever callback runs first
 * cancels the other, which must then never be called (the sync engine
 * cancels a connection's other requests when one of them fails). */
struct rival {
	struct http *h;
	uint64_t other;
	bool cancelled_other;
	int *calls;
};

static void h_both_late(struct server *s, struct exchange *x)
{
	(void)s;
	x->delay_ms = 200;
}

static void rival_done(struct http *h, uint64_t id, struct http_response *resp, void *arg)
{
	(void)id;
	struct rival *r = arg;
	(*r->calls)++;
	r->cancelled_other = http_cancel(h, r->other);
	http_response_free(&resp);
}

static void test_cancel_from_callback_same_poll(void **state)
{
	struct rig *g = *state;
	g->s->handler = h_both_late;
	int calls = 0;
	struct rival a = { g->h, 0, false, &calls };
	struct rival b = { g->h, 0, false, &calls };
	char *url_a = url_of(g->s, "/a");
	char *url_b = url_of(g->s, "/b");
	struct err e = ERR_INIT;
	struct http_request req = { .url = url_a };
	uint64_t id_a = http_submit(g->h, &req, rival_done, &a, &e);
	req.url = url_b;
	uint64_t id_b = http_submit(g->h, &req, rival_done, &b, &e);
	assert_true(id_a != 0 && id_b != 0);
	a.other = id_b;
	b.other = id_a;
	/* Drive both requests onto the wire, then let both answers land in
	 * the socket buffers before the one poll that reads them. */
	for (int i = 0; i < 200 && atomic_load(&g->s->hits) < 2; i++)
		assert_true(http_poll(g->h, NULL, 0, 10, &e));
	assert_int_equal(atomic_load(&g->s->hits), 2);
	assert_int_equal(calls, 0);
	struct timespec ts = { 0, 600 * 1000000L };
	nanosleep(&ts, NULL);
	/* one poll reads both answers (a very busy machine may need more) */
	for (int i = 0; i < 500 && calls == 0; i++)
		assert_true(http_poll(g->h, NULL, 0, 10, &e));
	assert_int_equal(calls, 1);
	assert_true(a.cancelled_other || b.cancelled_other);
	assert_int_equal(http_pending(g->h), 0);
	assert_true(http_poll(g->h, NULL, 0, 300, &e));
	assert_int_equal(calls, 1);
	free(url_a);
	free(url_b);
}

/* --- logging -------------------------------------------------------------- */

static void test_log_has_no_secrets(void **state)
{
	(void)state;
	struct server *s = srv_start(h_echo);
	char dir[] = "/tmp/bankterm-httplog-XXXXXX";
	assert_non_null(mkdtemp(dir));
	char *path = xasprintf("%s/debug.log", dir);
	struct err e = ERR_INIT;
	struct log *log = log_open(path, &e);
	assert_non_null(log);
	struct fake_clock c = { 0 };
	struct http *h = client_new(&c, log);

	char *url = url_of(s, "/accounts");
	const char *hdrs[] = { "Authorization: Bearer SECRET-BEARER-1", NULL };
	struct http_request req = { .url = url, .headers = hdrs };
	struct http_response *r = run(h, &req);
	http_response_free(&r);

	char *cred_url = xasprintf("http://simplefin:SECRET-PW-2@127.0.0.1:%d/accounts"
				   "?access_token=SECRET-QS-3&page=1#SECRET-FRAG-4",
				   s->port);
	req = (struct http_request){ .url = cred_url };
	r = run(h, &req);
	assert_int_equal(r->status, 200);
	http_response_free(&r);

	const char *body = "{\"password\":\"SECRET-BODY-5\"}";
	req = (struct http_request){ .method = "POST", .url = url, .body = body,
				     .body_len = strlen(body), .username = "alice",
				     .password = "SECRET-BASIC-6" };
	r = run(h, &req);
	assert_int_equal(r->status, 200);
	http_response_free(&r);

	char *claim = xasprintf("%s/claim/SECRET-CLAIM-7", s->base);
	req = (struct http_request){ .method = "POST", .url = claim, .log_host_only = true };
	r = run(h, &req);
	http_response_free(&r);

	http_free(&h);
	log_free(&log);
	char *text = fsutil_read_file(path, 1 << 20, NULL, &e);
	assert_non_null(text);
	assert_null(strstr(text, "SECRET"));
	assert_null(strstr(text, "Bearer"));
	assert_null(strstr(text, "alice"));
	expect_in(text, "GET http://127.0.0.1:");
	expect_in(text, "/accounts?access_token=REDACTED&page=1 -> 200 in ");
	expect_in(text, "POST http://127.0.0.1:");
	expect_in(text, "(attempt 1)");
	free(text);
	unlink(path);
	rmdir(dir);
	free(path);
	free(claim);
	free(cred_url);
	free(url);
	srv_stop(&s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_get_with_headers, rig_setup, rig_teardown),
		cmocka_unit_test_setup_teardown(test_post_body_and_basic_auth, rig_setup, rig_teardown),
		cmocka_unit_test(test_connection_refused_retried_with_backoff),
		cmocka_unit_test_setup_teardown(test_503_retry_after_seconds, rig_setup, rig_teardown),
		cmocka_unit_test(test_503_retry_after_real_wait),
		cmocka_unit_test_setup_teardown(test_429_retry_after_http_date, rig_setup, rig_teardown),
		cmocka_unit_test_setup_teardown(test_retry_after_beyond_budget_gives_up, rig_setup, rig_teardown),
		cmocka_unit_test_setup_teardown(test_5xx_retries_run_out, rig_setup, rig_teardown),
		cmocka_unit_test_setup_teardown(test_4xx_and_post_not_retried, rig_setup, rig_teardown),
		cmocka_unit_test_setup_teardown(test_408_429_and_head_retried, rig_setup, rig_teardown),
		cmocka_unit_test_setup_teardown(test_dropped_connection, rig_setup, rig_teardown),
		cmocka_unit_test_setup_teardown(test_stall_trickle_and_total_timeout, rig_setup, rig_teardown),
		cmocka_unit_test_setup_teardown(test_body_over_cap, rig_setup, rig_teardown),
		cmocka_unit_test(test_plain_http_refused_before_connecting),
		cmocka_unit_test_setup_teardown(test_redirect_to_http_refused, rig_setup, rig_teardown),
		cmocka_unit_test_setup_teardown(test_many_concurrent_with_extra_fd, rig_setup, rig_teardown),
		cmocka_unit_test_setup_teardown(test_cancel, rig_setup, rig_teardown),
		cmocka_unit_test_setup_teardown(test_cancel_from_callback_same_poll, rig_setup, rig_teardown),
		cmocka_unit_test(test_log_has_no_secrets),
	};
	const struct CMUnitTest tls_tests[] = {
		cmocka_unit_test(test_tls_ca_and_pins),
		cmocka_unit_test(test_tls_redirect_to_http_refused),
	};
	int failed = cmocka_run_group_tests(tests, NULL, NULL);
	failed += cmocka_run_group_tests_name("tls", tls_tests, tls_setup, tls_teardown);
	return failed;
}

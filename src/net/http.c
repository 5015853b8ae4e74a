/* http.c — the HTTP layer over libcurl's multi interface (see http.h and
 * docs/NET.md).  The only file in bankterm that includes curl.h. */
#include "http.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <curl/curl.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/random.h>

#include "log.h"
#include "xmalloc.h"

#define HTTP_DEFAULT_HOST_CONNECTIONS  6
#define HTTP_DEFAULT_TOTAL_CONNECTIONS 24
#define HTTP_DEFAULT_CONNECT_MS        10000
#define HTTP_DEFAULT_TIMEOUT_MS        30000
#define HTTP_DEFAULT_LOW_SPEED_BYTES   64
#define HTTP_DEFAULT_LOW_SPEED_S       15
#define HTTP_DEFAULT_ATTEMPTS          4
#define HTTP_DEFAULT_BUDGET_MS         60000
#define HTTP_DEFAULT_BACKOFF_MS        500
#define HTTP_BACKOFF_CAP_MS            8000
#define HTTP_DEFAULT_MAX_BODY          ((size_t)32 << 20)
#define HTTP_MAX_REDIRECTS             3
#define HTTP_MAX_HEADERS               200

/* One submitted request, from http_submit until its callback or cancel. */
struct http_xfer {
	struct http_xfer *next;
	struct http *h;
	uint64_t id;
	CURL *easy;
	struct curl_slist *headers;
	char *method;
	char *host;    /* for messages; never has credentials */
	char *log_url; /* redacted */
	char *body;    /* owned copy; wiped on free */
	size_t body_len;
	char *password; /* owned copy; wiped on free */
	bool retryable;
	long timeout_ms;
	long low_speed_bytes;
	long low_speed_time_s;
	int max_attempts;
	long budget_ms;
	long backoff_base_ms;
	size_t max_body;
	http_done_fn done;
	void *arg;
	struct http_response *resp;
	int64_t first_start_ms;
	int64_t retry_at_ms; /* > 0 while waiting to retry */
	bool running;        /* attached to the multi handle */
	bool too_big;
	char errbuf[CURL_ERROR_SIZE];
};

struct http {
	CURLM *multi;
	struct http_options opts;
	struct http_xfer *xfers;
	/* Finished in this poll, callbacks not yet called, in finishing order.
	 * Still pending for http_cancel and http_pending: a callback that
	 * cancels a request whose answer came in the same poll stops it. */
	struct http_xfer *firing;
	uint64_t next_id;
};

/* --- clocks --------------------------------------------------------------- */

static int64_t http_now_ms(const struct http *h)
{
	if (h->opts.clock.mono_ms != NULL)
		return h->opts.clock.mono_ms(h->opts.clock.arg);
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static time_t http_wall(const struct http *h)
{
	if (h->opts.clock.wall != NULL)
		return h->opts.clock.wall(h->opts.clock.arg);
	return time(NULL);
}

static uint32_t http_random(const struct http *h)
{
	if (h->opts.clock.random != NULL)
		return h->opts.clock.random(h->opts.clock.arg);
	uint32_t r = 0;
	if (getrandom(&r, sizeof r, 0) != (ssize_t)sizeof r)
		r = (uint32_t)http_now_ms(h);
	return r;
}

/* "30 s" or "1500 ms", for messages. */
static void http_fmt_ms(char *out, size_t n, int64_t ms)
{
	if (ms % 1000 == 0)
		snprintf(out, n, "%lld s", (long long)(ms / 1000));
	else
		snprintf(out, n, "%lld ms", (long long)ms);
}

/* --- pure helpers --------------------------------------------------------- */

int64_t http_backoff_ms(int attempt, int64_t base_ms, int64_t cap_ms, uint32_t rnd)
{
	int64_t ceiling = base_ms > 0 ? base_ms : 0;
	for (int i = 1; i < attempt && ceiling < cap_ms; i++)
		ceiling *= 2;
	if (ceiling > cap_ms)
		ceiling = cap_ms;
	/* Scale rather than take a modulo, so every delay is equally likely. */
	return (int64_t)(((uint64_t)rnd * (uint64_t)(ceiling + 1)) >> 32);
}

bool http_retry_after_parse(const char *value, time_t now, int64_t *delay_s)
{
	if (value == NULL)
		return false;
	while (*value == ' ' || *value == '\t')
		value++;
	if (isdigit((unsigned char)*value)) {
		int64_t s = 0;
		const char *p = value;
		for (; isdigit((unsigned char)*p); p++) {
			/* A huge number is still "later than any budget". */
			if (s < INT64_C(1) << 40)
				s = s * 10 + (*p - '0');
		}
		while (*p == ' ' || *p == '\t')
			p++;
		if (*p != '\0')
			return false;
		*delay_s = s;
		return true;
	}
	/* The three HTTP-date forms all start with a day name. */
	if (!isalpha((unsigned char)*value))
		return false;
	time_t when = curl_getdate(value, NULL);
	if (when == (time_t)-1)
		return false;
	*delay_s = when > now ? (int64_t)(when - now) : 0;
	return true;
}

/* Fills *host (caller frees) from a parsed URL; brackets stay on IPv6. */
static bool http_url_host(CURLU *u, char **host)
{
	char *part = NULL;
	if (curl_url_get(u, CURLUPART_HOST, &part, 0) != CURLUE_OK)
		return false;
	*host = xstrdup(part);
	curl_free(part);
	return true;
}

static bool http_host_is_loopback(const char *host)
{
	if (strcasecmp(host, "localhost") == 0 || strcasecmp(host, "localhost.") == 0)
		return true;
	struct in_addr a4;
	if (inet_pton(AF_INET, host, &a4) == 1)
		return (ntohl(a4.s_addr) >> 24) == 127;
	size_t n = strlen(host);
	if (n < 3 || host[0] != '[' || host[n - 1] != ']')
		return false;
	char inner[64];
	if (n - 2 >= sizeof inner)
		return false;
	memcpy(inner, host + 1, n - 2);
	inner[n - 2] = '\0';
	struct in6_addr a6;
	if (inet_pton(AF_INET6, inner, &a6) != 1)
		return false;
	if (IN6_IS_ADDR_LOOPBACK(&a6))
		return true;
	return IN6_IS_ADDR_V4MAPPED(&a6) && a6.s6_addr[12] == 127;
}

bool http_url_is_loopback(const char *url)
{
	CURLU *u = curl_url();
	char *host = NULL;
	bool ok = curl_url_set(u, CURLUPART_URL, url, 0) == CURLUE_OK && http_url_host(u, &host) &&
		  http_host_is_loopback(host);
	free(host);
	curl_url_cleanup(u);
	return ok;
}

/* True for query parameter names that may carry a secret. */
static bool http_param_is_secret(const char *name, size_t len)
{
	static const char *const words[] = {
		"token", "code", "secret", "pass", "pwd", "key", "sig", "auth", "session", "credential",
	};
	char lower[64];
	if (len >= sizeof lower)
		return true;
	for (size_t i = 0; i < len; i++)
		lower[i] = (char)tolower((unsigned char)name[i]);
	lower[len] = '\0';
	for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
		if (strstr(lower, words[i]) != NULL)
			return true;
	return false;
}

static void http_redact_query(const char *query, struct buf *out)
{
	const char *p = query;
	while (*p != '\0') {
		size_t len = strcspn(p, "&");
		size_t name_len = strcspn(p, "=&");
		if (out->len > 0)
			buf_append_char(out, '&');
		if (name_len < len && http_param_is_secret(p, name_len)) {
			buf_append(out, p, name_len);
			buf_append_str(out, "=REDACTED");
		} else {
			buf_append(out, p, len);
		}
		p += len;
		if (*p == '&')
			p++;
	}
}

char *http_url_redact(const char *url, bool host_only)
{
	CURLU *u = curl_url();
	if (curl_url_set(u, CURLUPART_URL, url, 0) != CURLUE_OK) {
		curl_url_cleanup(u);
		return xstrdup("(unparsable URL)");
	}
	curl_url_set(u, CURLUPART_USER, NULL, 0);
	curl_url_set(u, CURLUPART_PASSWORD, NULL, 0);
	curl_url_set(u, CURLUPART_OPTIONS, NULL, 0);
	curl_url_set(u, CURLUPART_FRAGMENT, NULL, 0);
	if (host_only) {
		curl_url_set(u, CURLUPART_PATH, "/...", 0);
		curl_url_set(u, CURLUPART_QUERY, NULL, 0);
	}
	char *query = NULL;
	if (curl_url_get(u, CURLUPART_QUERY, &query, 0) == CURLUE_OK) {
		struct buf q = BUF_INIT;
		http_redact_query(query, &q);
		curl_url_set(u, CURLUPART_QUERY, q.len > 0 ? q.data : NULL, 0);
		buf_free(&q);
		curl_free(query);
	}
	char *full = NULL;
	char *result;
	if (curl_url_get(u, CURLUPART_URL, &full, 0) == CURLUE_OK) {
		result = xstrdup(full);
		curl_free(full);
	} else {
		result = xstrdup("(unparsable URL)");
	}
	curl_url_cleanup(u);
	return result;
}

/* --- responses ------------------------------------------------------------ */

static struct http_response *http_response_new(void)
{
	struct http_response *r = xcalloc(1, sizeof *r);
	err_clear(&r->err);
	return r;
}

static void http_response_clear_headers(struct http_response *r)
{
	for (size_t i = 0; i < r->nheaders; i++) {
		free(r->headers[i].name);
		free(r->headers[i].value);
	}
	free(r->headers);
	r->headers = NULL;
	r->nheaders = 0;
}

/* Ready for another attempt: whatever the last one received is dropped. */
static void http_response_reset(struct http_response *r)
{
	http_response_clear_headers(r);
	buf_reset(&r->body);
	r->status = 0;
	err_clear(&r->err);
}

const char *http_response_header(const struct http_response *resp, const char *name)
{
	for (size_t i = resp->nheaders; i > 0; i--)
		if (strcasecmp(resp->headers[i - 1].name, name) == 0)
			return resp->headers[i - 1].value;
	return NULL;
}

void http_response_free(struct http_response **rp)
{
	if (*rp == NULL)
		return;
	http_response_clear_headers(*rp);
	buf_free(&(*rp)->body);
	free(*rp);
	*rp = NULL;
}

/* --- libcurl callbacks ---------------------------------------------------- */

static size_t http_on_body(char *data, size_t size, size_t nmemb, void *userdata)
{
	struct http_xfer *x = userdata;
	size_t n = size * nmemb;
	if (n > x->max_body - x->resp->body.len) {
		x->too_big = true;
		return 0;
	}
	buf_append(&x->resp->body, data, n);
	return n;
}

static size_t http_on_header(char *data, size_t size, size_t nmemb, void *userdata)
{
	struct http_xfer *x = userdata;
	size_t n = size * nmemb;
	struct http_response *r = x->resp;
	/* A status line starts a new response (after a redirect or a 100). */
	if (n >= 5 && memcmp(data, "HTTP/", 5) == 0) {
		http_response_clear_headers(r);
		return n;
	}
	const char *colon = memchr(data, ':', n);
	if (colon == NULL || colon == data || r->nheaders >= HTTP_MAX_HEADERS)
		return n;
	const char *v = colon + 1;
	const char *end = data + n;
	while (v < end && (*v == ' ' || *v == '\t'))
		v++;
	while (end > v && (end[-1] == '\r' || end[-1] == '\n' || end[-1] == ' ' || end[-1] == '\t'))
		end--;
	r->headers = xreallocarray(r->headers, r->nheaders + 1, sizeof *r->headers);
	r->headers[r->nheaders].name = xstrndup(data, (size_t)(colon - data));
	r->headers[r->nheaders].value = xstrndup(v, (size_t)(end - v));
	r->nheaders++;
	return n;
}

/* --- transfers ------------------------------------------------------------ */

static void http_xfer_free(struct http_xfer **xp)
{
	struct http_xfer *x = *xp;
	if (x == NULL)
		return;
	if (x->running)
		curl_multi_remove_handle(x->h->multi, x->easy);
	curl_easy_cleanup(x->easy);
	curl_slist_free_all(x->headers);
	if (x->body != NULL)
		explicit_bzero(x->body, x->body_len);
	if (x->password != NULL)
		explicit_bzero(x->password, strlen(x->password));
	free(x->body);
	free(x->password);
	free(x->method);
	free(x->host);
	free(x->log_url);
	http_response_free(&x->resp);
	free(x);
	*xp = NULL;
}

static void http_unlink(struct http *h, struct http_xfer *x)
{
	for (struct http_xfer **pp = &h->xfers; *pp != NULL; pp = &(*pp)->next) {
		if (*pp == x) {
			*pp = x->next;
			x->next = NULL;
			return;
		}
	}
}

/* Where a request goes, once its URL has passed the TLS policy. */
struct http_target {
	char *host;    /* for messages; caller frees */
	bool loopback; /* 127.0.0.0/8, ::1, localhost */
	bool plain;    /* http://, so loopback */
};

/* Checks the URL against the TLS policy and fills *t. */
static bool http_check_url(const char *url, struct http_target *t, struct err *e)
{
	if (url == NULL)
		return err_set(e, ERR_INVALID, "no URL given for the request");
	CURLU *u = curl_url();
	char *scheme = NULL;
	bool ok = false;
	if (curl_url_set(u, CURLUPART_URL, url, 0) != CURLUE_OK ||
	    curl_url_get(u, CURLUPART_SCHEME, &scheme, 0) != CURLUE_OK ||
	    !http_url_host(u, &t->host)) {
		err_set(e, ERR_INVALID,
			"the address is not a valid URL; check the connection's URL in the config");
		goto out;
	}
	t->loopback = http_host_is_loopback(t->host);
	t->plain = strcmp(scheme, "http") == 0;
	if (strcmp(scheme, "https") == 0 || (t->plain && t->loopback)) {
		ok = true;
	} else if (t->plain) {
		err_set(e, ERR_NET,
			"refused to connect to %s over plain http: it would expose your banking data; "
			"use an https:// address (plain http is allowed only to this computer)",
			t->host);
	} else {
		err_set(e, ERR_INVALID, "cannot fetch %s:// addresses; use an https:// address",
			scheme);
	}
out:
	if (!ok) {
		free(t->host);
		t->host = NULL;
	}
	curl_free(scheme);
	curl_url_cleanup(u);
	return ok;
}

static long http_or(long v, long dflt)
{
	return v > 0 ? v : dflt;
}

static void http_setup_method(struct http_xfer *x, const struct http_request *req)
{
	CURL *c = x->easy;
	if (req->body != NULL || strcmp(x->method, "POST") == 0) {
		x->body_len = req->body != NULL ? req->body_len : 0;
		x->body = xmalloc(x->body_len + 1);
		if (x->body_len > 0)
			memcpy(x->body, req->body, x->body_len);
		curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)x->body_len);
		curl_easy_setopt(c, CURLOPT_POSTFIELDS, x->body);
		if (strcmp(x->method, "POST") != 0)
			curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, x->method);
	} else if (strcmp(x->method, "HEAD") == 0) {
		curl_easy_setopt(c, CURLOPT_NOBODY, 1L);
	} else if (strcmp(x->method, "GET") != 0) {
		curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, x->method);
	}
}

static void http_setup_easy(struct http_xfer *x, const struct http_request *req,
			    const struct http_target *t)
{
	CURL *c = curl_easy_init();
	if (c == NULL) {
		fprintf(stderr, "bankterm: libcurl could not create a transfer (out of memory)\n");
		abort();
	}
	x->easy = c;
	curl_easy_setopt(c, CURLOPT_URL, req->url);
	curl_easy_setopt(c, CURLOPT_PRIVATE, x);
	curl_easy_setopt(c, CURLOPT_ERRORBUFFER, x->errbuf);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_USERAGENT, "bankterm/" BANKTERM_VERSION);
#if LIBCURL_VERSION_NUM >= 0x075500
	curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, t->loopback ? "http,https" : "https");
	curl_easy_setopt(c, CURLOPT_REDIR_PROTOCOLS_STR, "https");
#else
	curl_easy_setopt(c, CURLOPT_PROTOCOLS,
			 t->loopback ? (long)(CURLPROTO_HTTP | CURLPROTO_HTTPS) : (long)CURLPROTO_HTTPS);
	curl_easy_setopt(c, CURLOPT_REDIR_PROTOCOLS, (long)CURLPROTO_HTTPS);
#endif
	curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 1L);
	curl_easy_setopt(c, CURLOPT_MAXREDIRS, (long)HTTP_MAX_REDIRECTS);
	curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, 1L);
	curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, 2L);
	curl_easy_setopt(c, CURLOPT_SSLVERSION, (long)CURL_SSLVERSION_TLSv1_2);
	curl_easy_setopt(c, CURLOPT_HTTP_VERSION, (long)CURL_HTTP_VERSION_2TLS);
	/* Over TLS, ALPN tells at handshake time whether a connection can
	 * multiplex, so waiting for it is cheap; over plain http libcurl would
	 * only know after a whole response and would queue behind a slow one. */
	curl_easy_setopt(c, CURLOPT_PIPEWAIT, t->plain ? 0L : 1L);
	curl_easy_setopt(c, CURLOPT_TCP_KEEPALIVE, 1L);
	if (req->fresh_connection) {
		curl_easy_setopt(c, CURLOPT_FRESH_CONNECT, 1L);
		curl_easy_setopt(c, CURLOPT_FORBID_REUSE, 1L);
	}
	curl_easy_setopt(c, CURLOPT_ACCEPT_ENCODING, "");
	/* Traffic to this computer never goes through a proxy from the
	 * environment: it is either a test or the sandbox. */
	if (t->loopback)
		curl_easy_setopt(c, CURLOPT_PROXY, "");
	curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS,
			 http_or(req->connect_timeout_ms, HTTP_DEFAULT_CONNECT_MS));
	curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, x->timeout_ms);
	curl_easy_setopt(c, CURLOPT_LOW_SPEED_LIMIT, x->low_speed_bytes);
	curl_easy_setopt(c, CURLOPT_LOW_SPEED_TIME, x->low_speed_time_s);
	curl_easy_setopt(c, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)x->max_body);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, http_on_body);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, x);
	curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, http_on_header);
	curl_easy_setopt(c, CURLOPT_HEADERDATA, x);
	if (req->ca_file != NULL)
		curl_easy_setopt(c, CURLOPT_CAINFO, req->ca_file);
	if (req->pinned_keys != NULL)
		curl_easy_setopt(c, CURLOPT_PINNEDPUBLICKEY, req->pinned_keys);
	if (req->username != NULL) {
		x->password = xstrdup(req->password != NULL ? req->password : "");
		curl_easy_setopt(c, CURLOPT_HTTPAUTH, (long)CURLAUTH_BASIC);
		curl_easy_setopt(c, CURLOPT_USERNAME, req->username);
		curl_easy_setopt(c, CURLOPT_PASSWORD, x->password);
	}
	/* No "Expect: 100-continue" round trip before a large body. */
	x->headers = curl_slist_append(NULL, "Expect:");
	for (const char *const *hp = req->headers; hp != NULL && *hp != NULL; hp++)
		x->headers = curl_slist_append(x->headers, *hp);
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, x->headers);
	http_setup_method(x, req);
}

static bool http_start(struct http *h, struct http_xfer *x)
{
	http_response_reset(x->resp);
	x->too_big = false;
	x->errbuf[0] = '\0';
	x->retry_at_ms = 0;
	x->resp->attempts++;
	if (curl_multi_add_handle(h->multi, x->easy) != CURLM_OK)
		return false;
	x->running = true;
	return true;
}

uint64_t http_submit(struct http *h, const struct http_request *req, http_done_fn done, void *arg,
		     struct err *e)
{
	struct http_target t = { NULL, false, false };
	if (!http_check_url(req->url, &t, e))
		return 0;
	struct http_xfer *x = xcalloc(1, sizeof *x);
	x->h = h;
	x->host = t.host;
	x->method = xstrdup(req->method != NULL ? req->method : "GET");
	x->log_url = http_url_redact(req->url, req->log_host_only);
	bool safe = strcmp(x->method, "GET") == 0 || strcmp(x->method, "HEAD") == 0;
	x->retryable = !req->no_retry && (safe || req->idempotent);
	x->timeout_ms = http_or(req->timeout_ms, HTTP_DEFAULT_TIMEOUT_MS);
	x->low_speed_bytes = http_or(req->low_speed_bytes, HTTP_DEFAULT_LOW_SPEED_BYTES);
	x->low_speed_time_s = http_or(req->low_speed_time_s, HTTP_DEFAULT_LOW_SPEED_S);
	x->max_attempts = req->max_attempts > 0 ? req->max_attempts : HTTP_DEFAULT_ATTEMPTS;
	x->budget_ms = http_or(req->retry_budget_ms, HTTP_DEFAULT_BUDGET_MS);
	x->backoff_base_ms = http_or(req->backoff_base_ms, HTTP_DEFAULT_BACKOFF_MS);
	x->max_body = req->max_body > 0 ? req->max_body : HTTP_DEFAULT_MAX_BODY;
	x->done = done;
	x->arg = arg;
	x->resp = http_response_new();
	http_setup_easy(x, req, &t);
	x->id = ++h->next_id;
	x->first_start_ms = http_now_ms(h);
	if (!http_start(h, x)) {
		err_set(e, ERR_NET, "could not start the request to %s (libcurl refused it)",
			x->host);
		http_xfer_free(&x);
		return 0;
	}
	x->next = h->xfers;
	h->xfers = x;
	return x->id;
}

static bool http_code_is_transient(CURLcode rc)
{
	switch (rc) {
	case CURLE_COULDNT_RESOLVE_HOST:
	case CURLE_COULDNT_CONNECT:
	case CURLE_OPERATION_TIMEDOUT:
	case CURLE_SEND_ERROR:
	case CURLE_RECV_ERROR:
	case CURLE_GOT_NOTHING:
	case CURLE_PARTIAL_FILE:
	case CURLE_HTTP2:
	case CURLE_HTTP2_STREAM:
		return true;
	default:
		return false;
	}
}

static void http_err_timeout(struct http_xfer *x, struct err *e)
{
	curl_off_t total_us = 0;
	curl_off_t connect_us = 0;
	curl_easy_getinfo(x->easy, CURLINFO_TOTAL_TIME_T, &total_us);
	curl_easy_getinfo(x->easy, CURLINFO_CONNECT_TIME_T, &connect_us);
	char limit[32];
	if (total_us / 1000 + 50 >= x->timeout_ms) {
		http_fmt_ms(limit, sizeof limit, x->timeout_ms);
		err_set(e, ERR_NET, "the server %s took longer than %s to answer; try again later",
			x->host, limit);
	} else if (connect_us == 0) {
		err_set(e, ERR_NET,
			"could not connect to %s (no answer in time); check your network connection",
			x->host);
	} else {
		http_fmt_ms(limit, sizeof limit, x->low_speed_time_s * 1000);
		err_set(e, ERR_NET,
			"the server %s sent data too slowly (less than %ld bytes/s for %s); try again "
			"later",
			x->host, x->low_speed_bytes, limit);
	}
}

/* The error for a failed attempt, in words for the user. */
static void http_err_transport(struct http_xfer *x, CURLcode rc, struct err *e)
{
	long os_errno = 0;
	curl_easy_getinfo(x->easy, CURLINFO_OS_ERRNO, &os_errno);
	const char *detail = x->errbuf[0] != '\0' ? x->errbuf : curl_easy_strerror(rc);
	switch (rc) {
	case CURLE_COULDNT_RESOLVE_HOST:
		err_set(e, ERR_NET,
			"could not find the server %s (name lookup failed); check the address and your "
			"network connection",
			x->host);
		break;
	case CURLE_COULDNT_CONNECT:
		err_set(e, ERR_NET, "could not connect to %s (%s)", x->host,
			os_errno == ECONNREFUSED ? "connection refused" : detail);
		break;
	case CURLE_OPERATION_TIMEDOUT:
		http_err_timeout(x, e);
		break;
	case CURLE_PEER_FAILED_VERIFICATION:
	case CURLE_SSL_CACERT_BADFILE:
		err_set(e, ERR_NET,
			"the TLS certificate for %s could not be verified (%s); someone may be "
			"intercepting the connection, or the CA file in the config is wrong",
			x->host, detail);
		break;
	case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
		err_set(e, ERR_NET,
			"the TLS key of %s does not match the pinned key; the connection may be "
			"intercepted — do not continue unless the bank announced a new key, then update "
			"the pin in the config",
			x->host);
		break;
	case CURLE_SSL_CONNECT_ERROR:
		err_set(e, ERR_NET, "a secure connection to %s could not be set up (%s)", x->host,
			detail);
		break;
	case CURLE_UNSUPPORTED_PROTOCOL: {
		/* Only a redirect gets here: the first URL passed http_check_url. */
		char *curl_to = NULL;
		curl_easy_getinfo(x->easy, CURLINFO_REDIRECT_URL, &curl_to);
		/* libcurl does not fill it in on every path (HTTP/2) */
		const char *to = curl_to != NULL ? curl_to : http_response_header(x->resp, "Location");
		char *shown = http_url_redact(to != NULL ? to : "", true);
		err_set(e, ERR_PROTOCOL,
			"%s redirected to %s, which is not https; refused to follow it (it would "
			"expose your banking data)",
			x->host, to != NULL ? shown : "an address");
		free(shown);
		break;
	}
	case CURLE_TOO_MANY_REDIRECTS:
		err_set(e, ERR_PROTOCOL, "%s redirected more than %d times; refused to follow",
			x->host, HTTP_MAX_REDIRECTS);
		break;
	case CURLE_FILESIZE_EXCEEDED:
	case CURLE_WRITE_ERROR:
		err_set(e, ERR_PROTOCOL,
			"the answer from %s is larger than the %zu byte limit; refused to read it",
			x->host, x->max_body);
		break;
	case CURLE_GOT_NOTHING:
		err_set(e, ERR_NET, "%s closed the connection without answering", x->host);
		break;
	case CURLE_SEND_ERROR:
	case CURLE_RECV_ERROR:
	case CURLE_PARTIAL_FILE:
		err_set(e, ERR_NET, "the connection to %s broke during the transfer (%s)", x->host,
			detail);
		break;
	default:
		err_set(e, ERR_NET, "the request to %s failed (%s)", x->host, detail);
		break;
	}
}

static void http_log_attempt(struct http *h, struct http_xfer *x, int64_t ms)
{
	if (x->resp->err.code == ERR_OK)
		log_printf(h->opts.log, "http #%llu %s %s -> %ld in %lld ms (attempt %d)",
			   (unsigned long long)x->id, x->method, x->log_url, x->resp->status,
			   (long long)ms, x->resp->attempts);
	else
		log_printf(h->opts.log, "http #%llu %s %s -> failed in %lld ms (attempt %d): %s",
			   (unsigned long long)x->id, x->method, x->log_url, (long long)ms,
			   x->resp->attempts, x->resp->err.msg);
}

/* Decides whether the attempt that just ended gets a successor.  Returns
 * true when a retry was scheduled; otherwise x->resp is final (and its err
 * says so when retrying was wanted but not possible). */
static bool http_maybe_retry(struct http *h, struct http_xfer *x, bool transient)
{
	struct http_response *r = x->resp;
	bool retry_status = r->err.code == ERR_OK &&
			    (r->status >= 500 || r->status == 408 || r->status == 429);
	if (!x->retryable || (!transient && !retry_status))
		return false;
	int64_t now = http_now_ms(h);
	int64_t delay = http_backoff_ms(r->attempts, x->backoff_base_ms, HTTP_BACKOFF_CAP_MS,
					http_random(h));
	int64_t after_s = 0;
	bool told = retry_status &&
		    http_retry_after_parse(http_response_header(r, "Retry-After"), http_wall(h),
					   &after_s);
	if (told)
		delay = after_s * 1000;
	bool over_budget = now + delay - x->first_start_ms > x->budget_ms;
	if (r->attempts < x->max_attempts && !over_budget) {
		x->retry_at_ms = now + delay;
		log_printf(h->opts.log, "http #%llu retry %d in %lld ms", (unsigned long long)x->id,
			   r->attempts + 1, (long long)delay);
		if (h->opts.on_retry != NULL)
			h->opts.on_retry(h->opts.on_retry_arg, x->id, r->attempts + 1, delay);
		return true;
	}
	if (told && over_budget) {
		time_t at = http_wall(h) + (time_t)after_s;
		struct tm tm;
		char when[32] = "later";
		if (gmtime_r(&at, &tm) != NULL)
			strftime(when, sizeof when, "after %H:%M UTC", &tm);
		err_set(&r->err, ERR_SERVER,
			"%s is busy (status %ld) and asked to wait %lld s; try again %s", x->host,
			r->status, (long long)after_s, when);
	} else if (retry_status) {
		err_set(&r->err, ERR_SERVER,
			"%s is not answering properly (status %ld after %d attempts); try again later",
			x->host, r->status, r->attempts);
	} else {
		size_t n = strlen(r->err.msg);
		snprintf(r->err.msg + n, sizeof r->err.msg - n, " (after %d attempts)", r->attempts);
	}
	return false;
}

/* An attempt ended: returns true when x is finished (for its callback). */
static bool http_attempt_ended(struct http *h, struct http_xfer *x, CURLcode rc)
{
	curl_multi_remove_handle(h->multi, x->easy);
	x->running = false;
	struct http_response *r = x->resp;
	if (rc == CURLE_OK) {
		curl_easy_getinfo(x->easy, CURLINFO_RESPONSE_CODE, &r->status);
	} else {
		if (x->too_big)
			rc = CURLE_FILESIZE_EXCEEDED;
		http_err_transport(x, rc, &r->err);
		r->status = 0;
		if (rc != CURLE_COULDNT_CONNECT && rc != CURLE_COULDNT_RESOLVE_HOST)
			r->unanswered++;
	}
	curl_off_t us = 0;
	curl_easy_getinfo(x->easy, CURLINFO_TOTAL_TIME_T, &us);
	http_log_attempt(h, x, us / 1000);
	if (http_maybe_retry(h, x, rc != CURLE_OK && http_code_is_transient(rc)))
		return false;
	r->total_ms = http_now_ms(h) - x->first_start_ms;
	return true;
}

/* Takes the request id out of list *pp; NULL when it is not there. */
static struct http_xfer *http_take(struct http_xfer **pp, uint64_t id)
{
	for (; *pp != NULL; pp = &(*pp)->next) {
		struct http_xfer *x = *pp;
		if (x->id == id) {
			*pp = x->next;
			x->next = NULL;
			return x;
		}
	}
	return NULL;
}

bool http_cancel(struct http *h, uint64_t id)
{
	struct http_xfer *x = http_take(&h->xfers, id);
	if (x == NULL)
		x = http_take(&h->firing, id);
	if (x == NULL)
		return false;
	log_printf(h->opts.log, "http #%llu %s %s cancelled", (unsigned long long)id, x->method,
		   x->log_url);
	http_xfer_free(&x);
	return true;
}

void http_kick(struct http *h)
{
	int running = 0;
	curl_multi_perform(h->multi, &running);
}

size_t http_pending(const struct http *h)
{
	size_t n = 0;
	for (const struct http_xfer *x = h->xfers; x != NULL; x = x->next)
		n++;
	for (const struct http_xfer *x = h->firing; x != NULL; x = x->next)
		n++;
	return n;
}

/* Starts retries whose time has come; returns ms until the next one is
 * due (-1 when none is waiting). */
static int64_t http_start_due(struct http *h, struct http_xfer **done)
{
	int64_t now = http_now_ms(h);
	int64_t next = -1;
	struct http_xfer **pp = &h->xfers;
	while (*pp != NULL) {
		struct http_xfer *x = *pp;
		if (x->running || x->retry_at_ms == 0) {
			pp = &x->next;
			continue;
		}
		if (x->retry_at_ms > now) {
			int64_t wait = x->retry_at_ms - now;
			if (next < 0 || wait < next)
				next = wait;
			pp = &x->next;
			continue;
		}
		if (http_start(h, x)) {
			pp = &x->next;
			continue;
		}
		/* Could not re-attach: the attempt's error stands as the outcome. */
		*pp = x->next;
		err_set(&x->resp->err, ERR_NET, "could not retry the request to %s", x->host);
		x->next = *done;
		*done = x;
	}
	return next;
}

static void http_collect(struct http *h, struct http_xfer **done)
{
	CURLMsg *msg;
	int left;
	while ((msg = curl_multi_info_read(h->multi, &left)) != NULL) {
		if (msg->msg != CURLMSG_DONE)
			continue;
		struct http_xfer *x = NULL;
		curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE, (char **)&x);
		CURLcode rc = msg->data.result;
		if (x == NULL || !http_attempt_ended(h, x, rc))
			continue;
		http_unlink(h, x);
		x->next = *done;
		*done = x;
	}
}

/* Callbacks run last, with h consistent, so they may submit or cancel —
 * including a request that finished in this same poll and waits in
 * h->firing.  A callback that polls again (http_perform) fires the rest. */
static void http_fire(struct http *h, struct http_xfer *done)
{
	/* The list was built by pushing; reverse it to fire in finishing order. */
	struct http_xfer *ordered = NULL;
	while (done != NULL) {
		struct http_xfer *next = done->next;
		done->next = ordered;
		ordered = done;
		done = next;
	}
	struct http_xfer **tail = &h->firing;
	while (*tail != NULL)
		tail = &(*tail)->next;
	*tail = ordered;
	while (h->firing != NULL) {
		struct http_xfer *x = h->firing;
		h->firing = x->next;
		x->next = NULL;
		struct http_response *resp = x->resp;
		x->resp = NULL;
		http_done_fn fn = x->done;
		void *arg = x->arg;
		uint64_t id = x->id;
		http_xfer_free(&x);
		if (fn != NULL)
			fn(h, id, resp, arg);
		else
			http_response_free(&resp);
	}
}

bool http_poll(struct http *h, struct http_waitfd *fds, size_t nfds, int timeout_ms,
	       struct err *e)
{
	struct http_xfer *done = NULL;
	int64_t next = http_start_due(h, &done);
	int wait = timeout_ms < 0 ? 0 : timeout_ms;
	if (next >= 0 && next < wait)
		wait = (int)next;
	if (done != NULL)
		wait = 0;
	struct curl_waitfd *cfds = nfds > 0 ? xcalloc(nfds, sizeof *cfds) : NULL;
	for (size_t i = 0; i < nfds; i++) {
		cfds[i].fd = fds[i].fd;
		cfds[i].events = (short)(((fds[i].events & POLLIN) ? CURL_WAIT_POLLIN : 0) |
					 ((fds[i].events & POLLPRI) ? CURL_WAIT_POLLPRI : 0) |
					 ((fds[i].events & POLLOUT) ? CURL_WAIT_POLLOUT : 0));
	}
	CURLMcode mc = curl_multi_poll(h->multi, cfds, (unsigned)nfds, wait, NULL);
	for (size_t i = 0; i < nfds; i++) {
		short rev = cfds[i].revents;
		fds[i].revents = (short)(((rev & CURL_WAIT_POLLIN) ? POLLIN : 0) |
					 ((rev & CURL_WAIT_POLLPRI) ? POLLPRI : 0) |
					 ((rev & CURL_WAIT_POLLOUT) ? POLLOUT : 0));
	}
	free(cfds);
	int running = 0;
	if (mc == CURLM_OK)
		mc = curl_multi_perform(h->multi, &running);
	http_collect(h, &done);
	http_fire(h, done);
	if (mc != CURLM_OK)
		return err_set(e, ERR_NET, "the network loop failed (%s)", curl_multi_strerror(mc));
	return true;
}

struct http_sync {
	bool done;
	struct http_response *resp;
};

static void http_sync_done(struct http *h, uint64_t id, struct http_response *resp, void *arg)
{
	(void)h;
	(void)id;
	struct http_sync *s = arg;
	s->done = true;
	s->resp = resp;
}

bool http_perform(struct http *h, const struct http_request *req, struct http_response **resp_out,
		  struct err *e)
{
	*resp_out = NULL;
	struct http_sync s = { false, NULL };
	uint64_t id = http_submit(h, req, http_sync_done, &s, e);
	if (id == 0)
		return false;
	while (!s.done) {
		if (!http_poll(h, NULL, 0, 1000, e)) {
			if (s.done)
				http_response_free(&s.resp);
			else
				http_cancel(h, id);
			return false;
		}
	}
	*resp_out = s.resp;
	if (s.resp->err.code != ERR_OK) {
		if (e != NULL)
			*e = s.resp->err;
		return false;
	}
	return true;
}

struct http *http_new(const struct http_options *opts, struct err *e)
{
	if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
		err_set(e, ERR_NET, "libcurl could not be initialised (TLS library missing?)");
		return NULL;
	}
	struct http *h = xcalloc(1, sizeof *h);
	if (opts != NULL)
		h->opts = *opts;
	h->multi = curl_multi_init();
	if (h->multi == NULL) {
		free(h);
		curl_global_cleanup();
		err_set(e, ERR_NET, "libcurl could not create its transfer loop");
		return NULL;
	}
	curl_multi_setopt(h->multi, CURLMOPT_PIPELINING, (long)CURLPIPE_MULTIPLEX);
	curl_multi_setopt(h->multi, CURLMOPT_MAX_HOST_CONNECTIONS,
			  http_or(h->opts.max_host_connections, HTTP_DEFAULT_HOST_CONNECTIONS));
	curl_multi_setopt(h->multi, CURLMOPT_MAX_TOTAL_CONNECTIONS,
			  http_or(h->opts.max_total_connections, HTTP_DEFAULT_TOTAL_CONNECTIONS));
	return h;
}

void http_free(struct http **hp)
{
	struct http *h = *hp;
	if (h == NULL)
		return;
	while (h->xfers != NULL) {
		struct http_xfer *x = h->xfers;
		h->xfers = x->next;
		http_xfer_free(&x);
	}
	while (h->firing != NULL) {
		struct http_xfer *x = h->firing;
		h->firing = x->next;
		http_xfer_free(&x);
	}
	curl_multi_cleanup(h->multi);
	free(h);
	curl_global_cleanup();
	*hp = NULL;
}

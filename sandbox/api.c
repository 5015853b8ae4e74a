/* api.c — request accessors and response builders for handlers (see api.h). */
#include "api.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <sodium.h>

#include "amount.h"
#include "buf.h"
#include "db.h"
#include "xmalloc.h"

static const struct api_inst api_northwind = {
	"northwind", "Northwind Bank", API_CAP_ACCOUNTS | API_CAP_BILLS | API_CAP_P2P,
};
static const struct api_inst api_flexpay = { "flexpay", "Flexpay", API_CAP_BNPL };

const struct api_inst *const api_insts[] = { &api_northwind, &api_flexpay, NULL };

const struct api_inst *api_inst_find(const char *id)
{
	for (int i = 0; api_insts[i] != NULL; i++)
		if (strcmp(api_insts[i]->id, id) == 0)
			return api_insts[i];
	return NULL;
}

static const struct {
	const char *slug;
	const char *title;
} api_titles[] = {
	{ "invalid-request", "Invalid request" },
	{ "invalid-amount", "Invalid amount" },
	{ "currency-mismatch", "Currency mismatch" },
	{ "idempotency-key-missing", "Idempotency key missing" },
	{ "invalid-token", "Invalid or expired access token" },
	{ "sca-required", "Strong customer authentication required" },
	{ "sca-failed", "Strong customer authentication failed" },
	{ "not-found", "Not found" },
	{ "method-not-allowed", "Method not allowed" },
	{ "already-sent", "Payment already sent" },
	{ "already-paid", "Plan already paid off" },
	{ "payload-too-large", "Payload too large" },
	{ "unsupported-media-type", "Unsupported media type" },
	{ "insufficient-funds", "Insufficient funds" },
	{ "limit-exceeded", "Limit exceeded" },
	{ "idempotency-key-reused", "Idempotency key reused" },
	{ "rate-limited", "Too many requests" },
	{ "unavailable", "Service unavailable" },
};

void api_resp_clear(struct api_resp *resp)
{
	free(resp->body);
	resp->body = NULL;
	for (int i = 0; i < resp->n_headers; i++)
		free(resp->headers[i].value);
	resp->n_headers = 0;
	resp->status = 0;
	resp->content_type = NULL;
}

void api_json(struct api_resp *resp, unsigned status, json_t *obj)
{
	free(resp->body);
	resp->status = status;
	resp->content_type = "application/json; charset=utf-8";
	char *s = json_dumps(obj, JSON_COMPACT);
	if (s == NULL) {
		fprintf(stderr, "bankterm-sandbox: out of memory encoding JSON\n");
		abort();
	}
	resp->body = xstrdup(s);
	free(s);
	json_decref(obj);
}

void api_text(struct api_resp *resp, unsigned status, const char *text)
{
	free(resp->body);
	resp->status = status;
	resp->content_type = "text/plain; charset=utf-8";
	resp->body = xstrdup(text);
}

void api_problem_ex(struct api_resp *resp, json_t *extra, unsigned status, const char *slug,
		    const char *fmt, ...)
{
	const char *title = slug;
	for (size_t i = 0; i < sizeof api_titles / sizeof api_titles[0]; i++)
		if (strcmp(api_titles[i].slug, slug) == 0)
			title = api_titles[i].title;
	char detail[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(detail, sizeof detail, fmt, ap);
	va_end(ap);
	char *type = xasprintf("%s%s", API_PROBLEM_BASE, slug);
	json_t *obj = json_pack("{s:s, s:s, s:i, s:s}", "type", type, "title", title, "status",
				(int)status, "detail", detail);
	free(type);
	if (extra != NULL) {
		json_object_update(obj, extra);
		json_decref(extra);
	}
	api_json(resp, status, obj);
	resp->content_type = "application/problem+json";
}

void api_add_header(struct api_resp *resp, const char *name, const char *value)
{
	if (resp->n_headers == API_HEADERS_MAX)
		return;
	resp->headers[resp->n_headers].name = name;
	resp->headers[resp->n_headers].value = xstrdup(value);
	resp->n_headers++;
}

const char *api_query(const struct api_req *req, const char *name)
{
	return MHD_lookup_connection_value(req->conn, MHD_GET_ARGUMENT_KIND, name);
}

const char *api_header(const struct api_req *req, const char *name)
{
	return MHD_lookup_connection_value(req->conn, MHD_HEADER_KIND, name);
}

json_t *api_body_object(struct api_req *req, struct api_resp *resp)
{
	const char *ct = api_header(req, MHD_HTTP_HEADER_CONTENT_TYPE);
	if (ct == NULL || strncasecmp(ct, "application/json", 16) != 0 ||
	    (ct[16] != '\0' && ct[16] != ';' && ct[16] != ' ')) {
		api_problem(resp, 415, "unsupported-media-type",
			    "Send the body as application/json; got %.80s.",
			    ct != NULL ? ct : "no Content-Type");
		return NULL;
	}
	json_error_t je;
	json_t *obj = json_loadb(req->body, req->body_len, JSON_REJECT_DUPLICATES, &je);
	if (obj == NULL) {
		api_problem(resp, 400, "invalid-request", "The body is not valid JSON: %s (line %d).",
			    je.text, je.line);
		return NULL;
	}
	if (!json_is_object(obj)) {
		json_decref(obj);
		api_problem(resp, 400, "invalid-request", "The body must be a JSON object.");
		return NULL;
	}
	return obj;
}

static int api_hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Decodes application/x-www-form-urlencoded text of length n. */
static char *api_form_decode(const char *s, size_t n)
{
	struct buf b = BUF_INIT;
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '+') {
			buf_append_char(&b, ' ');
		} else if (s[i] == '%' && i + 2 < n && api_hexval(s[i + 1]) >= 0 &&
			   api_hexval(s[i + 2]) >= 0) {
			buf_append_char(&b, (char)(api_hexval(s[i + 1]) * 16 + api_hexval(s[i + 2])));
			i += 2;
		} else {
			buf_append_char(&b, s[i]);
		}
	}
	return buf_steal(&b);
}

char *api_form_get(const struct api_req *req, const char *name)
{
	size_t nl = strlen(name);
	const char *p = req->body, *end = req->body + req->body_len;
	while (p < end) {
		const char *amp = memchr(p, '&', (size_t)(end - p));
		const char *field_end = amp != NULL ? amp : end;
		const char *eq = memchr(p, '=', (size_t)(field_end - p));
		if (eq != NULL && (size_t)(eq - p) == nl && memcmp(p, name, nl) == 0)
			return api_form_decode(eq + 1, (size_t)(field_end - eq - 1));
		p = field_end + 1;
	}
	return NULL;
}

bool api_get_string(struct api_resp *resp, json_t *obj, const char *name, bool required,
		    const char **out)
{
	json_t *v = json_object_get(obj, name);
	*out = NULL;
	if (v == NULL || (json_is_null(v) && !required)) {
		if (!required)
			return true;
		api_problem(resp, 400, "invalid-request", "The field \"%s\" is missing.", name);
		return false;
	}
	if (!json_is_string(v)) {
		api_problem(resp, 400, "invalid-request", "The field \"%s\" must be a string.", name);
		return false;
	}
	*out = json_string_value(v);
	return true;
}

bool api_get_money(struct api_resp *resp, json_t *obj, const char *name, const char *currency,
		   int64_t *minor)
{
	json_t *m = json_object_get(obj, name);
	if (!json_is_object(m)) {
		api_problem(resp, 400, "invalid-request",
			    "The field \"%s\" must be a Money object like "
			    "{\"amount\": \"12.50\", \"currency\": \"%s\"}.",
			    name, currency);
		return false;
	}
	json_t *a = json_object_get(m, "amount");
	const char *cur = NULL;
	if (!api_get_string(resp, m, "currency", true, &cur))
		return false;
	if (!json_is_string(a)) {
		api_problem(resp, 400, "invalid-amount",
			    "%s.amount must be a decimal string such as \"12.50\", not a number.",
			    name);
		return false;
	}
	if (strcmp(cur, currency) != 0) {
		api_problem(resp, 400, "currency-mismatch",
			    "The account is in %s; %s.currency is %.8s.", currency, name, cur);
		return false;
	}
	struct err e = ERR_INIT;
	if (!amount_parse(json_string_value(a), currency, minor, &e)) {
		api_problem(resp, 400, "invalid-amount", "%s.amount: %s.", name, e.msg);
		return false;
	}
	if (*minor <= 0) {
		api_problem(resp, 400, "invalid-amount", "%s.amount must be greater than zero.",
			    name);
		return false;
	}
	return true;
}

void api_list(struct api_req *req, struct api_resp *resp, const char *key, const char *sql,
	      api_row_fn row)
{
	sqlite3_stmt *st = db_prepare(req->db, sql);
	json_t *list = json_array();
	while (sqlite3_step(st) == SQLITE_ROW)
		json_array_append_new(list, row(st));
	sqlite3_finalize(st);
	api_json(resp, 200, json_pack("{s:o}", key, list));
}

json_t *api_row(sqlite3 *db, const char *sql, const char *id, api_row_fn row)
{
	sqlite3_stmt *st = db_query(db, sql, "t", id);
	json_t *obj = sqlite3_step(st) == SQLITE_ROW ? row(st) : NULL;
	sqlite3_finalize(st);
	return obj;
}

void api_random_string(char *out, size_t n, const char *alphabet)
{
	uint32_t len = (uint32_t)strlen(alphabet);
	for (size_t i = 0; i < n; i++)
		out[i] = alphabet[randombytes_uniform(len)];
	out[n] = '\0';
}

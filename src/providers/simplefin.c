/* simplefin.c — SimpleFIN Account Sets, Access URLs and /accounts queries (see simplefin.h). */
#include "simplefin.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "buf.h"
#include "json.h"
#include "xmalloc.h"

/* --- releasing --- */

static void simplefin_org_clear(struct simplefin_org *o)
{
	free(o->domain);
	free(o->name);
	free(o->sfin_url);
	free(o->url);
	free(o->id);
	memset(o, 0, sizeof *o);
}

static void simplefin_account_clear(void *p)
{
	struct simplefin_account *a = p;
	account_clear(&a->account);
	simplefin_org_clear(&a->org);
	free(a->conn_id);
	free(a->custom_currency);
	free(a->custom_balance);
	free(a->custom_available_balance);
	transaction_list_free(&a->transactions);
	memset(a, 0, sizeof *a);
}

static void simplefin_error_clear(void *p)
{
	struct simplefin_error *x = p;
	free(x->code);
	free(x->message);
	free(x->conn_id);
	free(x->account_id);
	memset(x, 0, sizeof *x);
}

void simplefin_account_set_free(struct simplefin_account_set *s)
{
	for (size_t i = 0; i < s->n_errors; i++)
		simplefin_error_clear(&s->errors[i]);
	free(s->errors);
	for (size_t i = 0; i < s->n_accounts; i++)
		simplefin_account_clear(&s->accounts[i]);
	free(s->accounts);
	memset(s, 0, sizeof *s);
}

/* --- transactions --- */

/* A transaction as read, before booked_at is settled. */
struct simplefin_txn {
	struct transaction t;
	int64_t posted;
	bool pending;
	bool has_transacted_at;
	int64_t transacted_at;
};

static void simplefin_txn_clear(void *p)
{
	transaction_clear(&((struct simplefin_txn *)p)->t);
}

static const struct json_field simplefin_txn_fields[] = {
	JSON_FIELD_AT("id", struct simplefin_txn, t.id, JSON_F_TEXT),
	JSON_FIELD_AT("posted", struct simplefin_txn, posted, JSON_F_EPOCH),
	JSON_FIELD_AT("amount", struct simplefin_txn, t.amount, JSON_F_AMOUNT),
	JSON_FIELD_AT("description", struct simplefin_txn, t.description, JSON_F_TEXT),
	JSON_FIELD_AT("pending", struct simplefin_txn, pending, JSON_F_BOOL_NULL),
	{ "transacted_at", JSON_F_INT_NULL, offsetof(struct simplefin_txn, transacted_at),
	  offsetof(struct simplefin_txn, has_transacted_at), NULL, 0, INT64_MAX / 2 },
};
static const struct json_object_spec simplefin_txn_spec =
	JSON_SPEC(struct simplefin_txn, simplefin_txn_fields, simplefin_txn_clear, NULL,
		  offsetof(struct simplefin_txn, t.id));

/* Reads obj.transactions (optional) into a->transactions. */
static bool simplefin_read_transactions(const json_t *obj, const char *path,
					struct simplefin_account *a, struct err *e)
{
	const json_t *arr = json_object_get(obj, "transactions");
	if (arr == NULL || json_is_null(arr))
		return true;
	if (a->custom_currency != NULL) {
		a->skipped_transactions = json_is_array(arr) ? json_array_size(arr) : 0;
		return true;
	}
	void *items;
	size_t n;
	if (!json_read_array(obj, path, "transactions", SIMPLEFIN_TRANSACTIONS_MAX,
			     &simplefin_txn_spec, a->account.currency, &items, &n, e))
		return false;
	struct simplefin_txn *raw = items;
	struct transaction_list *l = &a->transactions;
	l->items = n ? xcalloc(n, sizeof *l->items) : NULL;
	l->n = n;
	for (size_t i = 0; i < n; i++) {
		l->items[i] = raw[i].t;
		l->items[i].status = raw[i].pending ? TXN_PENDING : TXN_POSTED;
		int64_t when = raw[i].posted;
		if (when == 0)
			when = raw[i].has_transacted_at ? raw[i].transacted_at
							 : a->account.updated_at;
		l->items[i].booked_at = when;
	}
	free(raw);
	return true;
}

/* --- accounts --- */

static const struct json_field simplefin_org_fields[] = {
	JSON_FIELD(struct simplefin_org, domain, JSON_F_TEXT_NULL),
	JSON_FIELD(struct simplefin_org, name, JSON_F_TEXT_NULL),
	JSON_FIELD_AT("sfin-url", struct simplefin_org, sfin_url, JSON_F_TEXT),
	JSON_FIELD(struct simplefin_org, url, JSON_F_TEXT_NULL),
	JSON_FIELD(struct simplefin_org, id, JSON_F_TEXT_NULL),
};

static void simplefin_org_clear_void(void *p)
{
	simplefin_org_clear(p);
}

static bool simplefin_org_finish(const json_t *obj, const char *path, void *item,
				 char currency[4], struct err *e)
{
	(void)obj, (void)currency;
	struct simplefin_org *o = item;
	if (o->domain == NULL && o->name == NULL)
		return err_set(e, ERR_PROTOCOL, "%s: has neither domain nor name (one is required)",
			       path);
	return true;
}

static const struct json_object_spec simplefin_org_spec =
	JSON_SPEC(struct simplefin_org, simplefin_org_fields, simplefin_org_clear_void,
		  simplefin_org_finish, JSON_NO_ID);

/* The money members, read once the currency is known to be ISO 4217. */
static const struct json_field simplefin_balance_fields[] = {
	JSON_FIELD_AT("balance", struct account, balance, JSON_F_AMOUNT),
	JSON_FIELD_OPT_AT("available-balance", struct account, available_balance,
			  JSON_F_AMOUNT_NULL, has_available_balance),
};

static void simplefin_clear_nothing(void *p)
{
	(void)p;
}

static const struct json_object_spec simplefin_balance_spec = JSON_SPEC(
	struct account, simplefin_balance_fields, simplefin_clear_nothing, NULL, JSON_NO_ID);

/* A plain decimal: an optional '-', digits, optionally '.' and digits. */
static bool simplefin_decimal_ok(const char *s, size_t len)
{
	size_t i = s[0] == '-';
	size_t digits = 0;
	for (; i < len && s[i] >= '0' && s[i] <= '9'; i++)
		digits++;
	if (digits == 0)
		return false;
	if (i < len && s[i] == '.') {
		size_t frac = 0;
		for (i++; i < len && s[i] >= '0' && s[i] <= '9'; i++)
			frac++;
		if (frac == 0)
			return false;
	}
	return i == len;
}

/* The raw decimal obj[key] of a custom-currency account; *out stays NULL when
 * the member is absent and optional. */
static bool simplefin_custom_amount(const json_t *obj, const char *path, const char *key,
				    bool required, char **out, struct err *e)
{
	char sub[JSON_PATH_MAX];
	json_path_key(sub, path, key);
	const json_t *v = json_object_get(obj, key);
	if (!required && (v == NULL || json_is_null(v)))
		return true;
	const char *s;
	size_t len;
	if (!json_read_string(v, sub, 40, &s, &len, e))
		return false;
	if (!simplefin_decimal_ok(s, len))
		return err_set(e, ERR_PROTOCOL, "%s: \"%s\" is not a decimal number", sub, s);
	*out = xstrndup(s, len);
	return true;
}

static bool simplefin_is_url(const char *s, size_t len)
{
	return (len > 8 && strncasecmp(s, "https://", 8) == 0) ||
	       (len > 7 && strncasecmp(s, "http://", 7) == 0);
}

static bool simplefin_account_finish(const json_t *obj, const char *path, void *item,
				     char currency[4], struct err *e)
{
	(void)currency;
	struct simplefin_account *a = item;
	a->account.type = ACCOUNT_OTHER;
	const json_t *org = json_object_get(obj, "org");
	if (org != NULL || a->conn_id == NULL) {
		if (!json_read_member(obj, path, "org", &simplefin_org_spec, &a->org, NULL, e))
			return false;
	}
	char sub[JSON_PATH_MAX];
	json_path_key(sub, path, "currency");
	const char *cur;
	size_t len;
	if (!json_read_string(json_object_get(obj, "currency"), sub, MODEL_TEXT_MAX, &cur, &len,
			      e))
		return false;
	if (simplefin_is_url(cur, len)) {
		a->custom_currency = xstrndup(cur, len);
		if (!simplefin_custom_amount(obj, path, "balance", true, &a->custom_balance, e) ||
		    !simplefin_custom_amount(obj, path, "available-balance", false,
					     &a->custom_available_balance, e))
			return false;
	} else {
		char code[4] = "";
		if (len == 3)
			memcpy(code, cur, 3);
		struct err why = ERR_INIT;
		if (len != 3 || !money_currency(code, NULL, &why))
			return err_set(e, ERR_PROTOCOL,
				       "%s: \"%.40s\" is neither an ISO 4217 code bankterm knows "
				       "nor a custom currency URL",
				       sub, cur);
		memcpy(a->account.currency, code, 4);
		char cur4[4];
		memcpy(cur4, code, 4);
		if (!json_read_object(obj, path, &simplefin_balance_spec, &a->account, cur4, e))
			return false;
	}
	return simplefin_read_transactions(obj, path, a, e);
}

static const struct json_field simplefin_account_fields[] = {
	JSON_FIELD_AT("id", struct simplefin_account, account.id, JSON_F_TEXT),
	JSON_FIELD_AT("name", struct simplefin_account, account.name, JSON_F_TEXT),
	JSON_FIELD_AT("balance-date", struct simplefin_account, account.updated_at, JSON_F_EPOCH),
	JSON_FIELD(struct simplefin_account, conn_id, JSON_F_TEXT_NULL),
};
static const struct json_object_spec simplefin_account_spec =
	JSON_SPEC(struct simplefin_account, simplefin_account_fields, simplefin_account_clear,
		  simplefin_account_finish, offsetof(struct simplefin_account, account.id));

/* --- errors --- */

static const struct json_field simplefin_errlist_fields[] = {
	JSON_FIELD(struct simplefin_error, code, JSON_F_TEXT),
	JSON_FIELD(struct simplefin_error, message, JSON_F_TEXT),
	JSON_FIELD(struct simplefin_error, conn_id, JSON_F_TEXT_NULL),
	JSON_FIELD(struct simplefin_error, account_id, JSON_F_TEXT_NULL),
};
static const struct json_object_spec simplefin_errlist_spec = JSON_SPEC(
	struct simplefin_error, simplefin_errlist_fields, simplefin_error_clear, NULL, JSON_NO_ID);

/* Appends the "errors" strings and the "errlist" objects to out. */
static bool simplefin_read_errors(const json_t *root, struct simplefin_account_set *out,
				  struct err *e)
{
	const json_t *errors = json_object_get(root, "errors");
	const json_t *errlist = json_object_get(root, "errlist");
	if (errors == NULL && errlist == NULL)
		return err_set(e, ERR_PROTOCOL, "errors: missing (a required member)");
	void *items = NULL;
	size_t n = 0;
	if (errlist != NULL &&
	    !json_read_array(root, "", "errlist", SIMPLEFIN_ERRORS_MAX, &simplefin_errlist_spec,
			     NULL, &items, &n, e))
		return false;
	out->errors = items;
	out->n_errors = n;
	if (errors == NULL)
		return true;
	if (!json_is_array(errors))
		return err_set(e, ERR_PROTOCOL, "errors: expected an array, got %s",
			       json_type_word(errors));
	size_t m = json_array_size(errors);
	if (m > SIMPLEFIN_ERRORS_MAX)
		return err_set(e, ERR_RANGE, "errors: %zu items is more than the %d accepted", m,
			       SIMPLEFIN_ERRORS_MAX);
	out->errors = xreallocarray(out->errors, n + m + 1, sizeof *out->errors);
	for (size_t i = 0; i < m; i++) {
		char path[JSON_PATH_MAX];
		json_path_index(path, "errors", i);
		const char *s;
		size_t len;
		if (!json_read_string(json_array_get(errors, i), path, MODEL_TEXT_MAX, &s, &len, e))
			return false;
		struct simplefin_error *x = &out->errors[out->n_errors++];
		memset(x, 0, sizeof *x);
		x->message = xstrndup(s, len);
	}
	return true;
}

bool simplefin_parse_account_set(const char *json, size_t len, struct simplefin_account_set *out,
				 struct err *e)
{
	memset(out, 0, sizeof *out);
	json_t *root = json_read_document(json, len, "the SimpleFIN account set", e);
	if (root == NULL)
		return false;
	bool ok = simplefin_read_errors(root, out, e);
	if (ok) {
		void *items;
		ok = json_read_array(root, "", "accounts", SIMPLEFIN_ACCOUNTS_MAX,
				     &simplefin_account_spec, NULL, &items, &out->n_accounts, e);
		out->accounts = items;
	}
	json_decref(root);
	if (!ok)
		simplefin_account_set_free(out);
	return ok;
}

/* --- access URL --- */

void simplefin_access_clear(struct simplefin_access *a)
{
	free(a->base_url);
	if (a->username != NULL)
		explicit_bzero(a->username, strlen(a->username));
	free(a->username);
	if (a->password != NULL)
		explicit_bzero(a->password, strlen(a->password));
	free(a->password);
	memset(a, 0, sizeof *a);
}

static int simplefin_hex(char c)
{
	static const char digits[] = "0123456789abcdef";
	const char *p = c != '\0' ? strchr(digits, tolower((unsigned char)c)) : NULL;
	return p != NULL ? (int)(p - digits) : -1;
}

/* Percent-decodes len bytes; NULL when an escape is malformed or decodes to
 * a control character. */
static char *simplefin_unescape(const char *s, size_t len)
{
	char *out = xmalloc(len + 1);
	size_t o = 0;
	for (size_t i = 0; i < len; i++) {
		int c = (unsigned char)s[i];
		if (c == '%') {
			int hi = i + 2 < len ? simplefin_hex(s[i + 1]) : -1;
			int lo = hi >= 0 ? simplefin_hex(s[i + 2]) : -1;
			c = lo >= 0 ? hi * 16 + lo : -1;
			i += 2;
		}
		if (c < 0x20 || c == 0x7f) {
			explicit_bzero(out, len + 1);
			free(out);
			return NULL;
		}
		out[o++] = (char)c;
	}
	out[o] = '\0';
	return out;
}

static bool simplefin_loopback(const char *host, size_t len)
{
	static const char *const names[] = { "127.0.0.1", "[::1]", "localhost" };
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
		if (strlen(names[i]) == len && strncasecmp(host, names[i], len) == 0)
			return true;
	return false;
}

/* The messages below never quote the body: it holds the password. */
bool simplefin_parse_access_url(const char *body, size_t len, struct simplefin_access *out,
				struct err *e)
{
	memset(out, 0, sizeof *out);
	while (len > 0 && (body[len - 1] == '\n' || body[len - 1] == '\r' ||
			   body[len - 1] == ' ' || body[len - 1] == '\t'))
		len--;
	static const char usage[] = "expected https://USER:PASS@host/path";
	if (len == 0 || len > 4096 || !json_visible_ascii(body, len))
		return err_set(e, ERR_PROTOCOL,
			       "the SimpleFIN claim answer is not an Access URL (%s)", usage);
	size_t scheme = 0;
	if (len > 8 && strncasecmp(body, "https://", 8) == 0)
		scheme = 8;
	else if (len > 7 && strncasecmp(body, "http://", 7) == 0)
		scheme = 7;
	if (scheme == 0)
		return err_set(e, ERR_PROTOCOL, "the SimpleFIN Access URL is not http(s) (%s)",
			       usage);
	const char *auth = body + scheme;
	const char *end = body + len;
	const char *slash = memchr(auth, '/', (size_t)(end - auth));
	const char *host_end = slash != NULL ? slash : end;
	const char *at = NULL;
	for (const char *p = auth; p < host_end; p++)
		if (*p == '@')
			at = p;
	const char *colon = at != NULL ? memchr(auth, ':', (size_t)(at - auth)) : NULL;
	if (at == NULL || colon == NULL || colon == auth || at == host_end - 1)
		return err_set(e, ERR_PROTOCOL,
			       "the SimpleFIN Access URL carries no USER:PASS credentials (%s)",
			       usage);
	const char *host = at + 1;
	const char *port = NULL;
	for (const char *p = host; p < host_end; p++)
		if (*p == ':')
			port = p;
	if (port != NULL && host[0] == '[' && memchr(port, ']', (size_t)(host_end - port)))
		port = NULL;
	size_t host_len = (size_t)((port != NULL ? port : host_end) - host);
	if (scheme == 7 && !simplefin_loopback(host, host_len))
		return err_set(e, ERR_PROTOCOL,
			       "the SimpleFIN Access URL uses plain http to a host that is not "
			       "loopback; bankterm only talks to banks over https");
	out->username = simplefin_unescape(auth, (size_t)(colon - auth));
	out->password = simplefin_unescape(colon + 1, (size_t)(at - colon - 1));
	if (out->username == NULL || out->password == NULL) {
		simplefin_access_clear(out);
		return err_set(e, ERR_PROTOCOL,
			       "the SimpleFIN Access URL has a malformed %%-escape in its "
			       "credentials");
	}
	while (end > host_end && end[-1] == '/')
		end--;
	struct buf b = BUF_INIT;
	buf_append(&b, body, scheme);
	buf_append(&b, host, (size_t)(end - host));
	out->base_url = buf_steal(&b);
	return true;
}

/* --- /accounts URL --- */

static void simplefin_append_escaped(struct buf *b, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	for (; *s != '\0'; s++) {
		unsigned char c = (unsigned char)*s;
		bool plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
			     (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.' || c == '~';
		if (plain) {
			buf_append_char(b, (char)c);
		} else {
			buf_append_char(b, '%');
			buf_append_char(b, hex[c >> 4]);
			buf_append_char(b, hex[c & 15]);
		}
	}
}

char *simplefin_accounts_url(const char *base_url, const struct simplefin_query *q)
{
	struct buf b = BUF_INIT;
	buf_append_str(&b, base_url);
	buf_append_str(&b, "/accounts");
	char sep = '?';
	if (q->has_start_date) {
		buf_printf(&b, "%cstart-date=%lld", sep, (long long)q->start_date);
		sep = '&';
	}
	if (q->has_end_date) {
		buf_printf(&b, "%cend-date=%lld", sep, (long long)q->end_date);
		sep = '&';
	}
	if (q->pending) {
		buf_printf(&b, "%cpending=1", sep);
		sep = '&';
	}
	if (q->balances_only) {
		buf_printf(&b, "%cbalances-only=1", sep);
		sep = '&';
	}
	for (size_t i = 0; i < q->n_accounts; i++) {
		buf_printf(&b, "%caccount=", sep);
		simplefin_append_escaped(&b, q->accounts[i]);
		sep = '&';
	}
	return buf_steal(&b);
}

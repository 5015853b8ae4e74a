/* simplefin.c — a SimpleFIN server for "Cedar Credit Union": claim tokens
 * that work once, an access URL with Basic credentials, and the Account Set
 * of GET /accounts with its filters. */
#include "simplefin.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <sodium.h>

#include "amount.h"
#include "db.h"
#include "handlers.h"
#include "ledger.h"
#include "xmalloc.h"

#define SIMPLEFIN_MAX_ACCOUNTS 16

static const char simplefin_alnum[] = "abcdefghijklmnopqrstuvwxyz0123456789";

char *simplefin_setup_token(sqlite3 *db, struct err *e)
{
	char *url = db_meta_get(db, "url");
	if (url == NULL) {
		err_set(e, ERR_NOT_FOUND,
			"the database has no server URL yet; start `bankterm-sandbox serve` on it "
			"first");
		return NULL;
	}
	char token[33];
	api_random_string(token, 32, simplefin_alnum);
	if (!db_run(db, e, "INSERT INTO sf_claims(token) VALUES(?1)", "t", token)) {
		free(url);
		return NULL;
	}
	char *claim = xasprintf("%s/simplefin/claim/%s", url, token);
	size_t cap = sodium_base64_ENCODED_LEN(strlen(claim), sodium_base64_VARIANT_ORIGINAL);
	char *out = xmalloc(cap);
	sodium_bin2base64(out, cap, (const unsigned char *)claim, strlen(claim),
			  sodium_base64_VARIANT_ORIGINAL);
	free(claim);
	free(url);
	return out;
}

void simplefin_info(struct api_req *req, struct api_resp *resp)
{
	(void)req;
	api_json(resp, 200, json_pack("{s:[s]}", "versions", "1.0"));
}

void simplefin_create(struct api_req *req, struct api_resp *resp)
{
	(void)req;
	api_text(resp, 200,
		 "Cedar Credit Union (sandbox): get a SimpleFIN token with\n"
		 "  bankterm-sandbox setup-token --db FILE\n");
}

void simplefin_claim(struct api_req *req, struct api_resp *resp)
{
	if (db_int(req->db, 0, "SELECT count(*) FROM sf_claims WHERE token = ?1 AND claimed = 0",
		   "t", req->arg[0]) == 0) {
		api_text(resp, 403,
			 "This token does not exist or was already claimed. If you did not claim "
			 "it, disable it: someone else may have your data.\n");
		return;
	}
	char user[17], pass[25];
	api_random_string(user, 16, simplefin_alnum);
	api_random_string(pass, 24, simplefin_alnum);
	db_run(req->db, NULL, "UPDATE sf_claims SET claimed = 1 WHERE token = ?1", "t",
	       req->arg[0]);
	db_run(req->db, NULL, "INSERT INTO sf_creds(user, pass) VALUES(?1, ?2)", "tt", user, pass);
	const char *base = req->cfg->base_url;
	const char *host = strstr(base, "://");
	host = host != NULL ? host + 3 : base;
	char *url = xasprintf("%.*s%s:%s@%s/simplefin", (int)(host - base), base, user, pass, host);
	api_text(resp, 200, url);
	free(url);
}

static bool simplefin_authorized(struct api_req *req)
{
	const char *h = api_header(req, MHD_HTTP_HEADER_AUTHORIZATION);
	if (h == NULL || strncasecmp(h, "Basic ", 6) != 0 || strlen(h + 6) > 200)
		return false;
	char raw[160];
	size_t n;
	if (sodium_base642bin((unsigned char *)raw, sizeof raw - 1, h + 6, strlen(h + 6), NULL, &n,
			      NULL, sodium_base64_VARIANT_ORIGINAL) != 0)
		return false;
	raw[n] = '\0';
	char *colon = strchr(raw, ':');
	if (colon == NULL)
		return false;
	*colon = '\0';
	return db_int(req->db, 0, "SELECT count(*) FROM sf_creds WHERE user = ?1 AND pass = ?2",
		      "tt", raw, colon + 1) > 0;
}

struct simplefin_query {
	const char *accounts[SIMPLEFIN_MAX_ACCOUNTS];
	int n_accounts;
};

static enum MHD_Result simplefin_collect(void *cls, enum MHD_ValueKind kind, const char *key,
					 const char *value)
{
	(void)kind;
	struct simplefin_query *q = cls;
	if (strcmp(key, "account") == 0 && value != NULL && q->n_accounts < SIMPLEFIN_MAX_ACCOUNTS)
		q->accounts[q->n_accounts++] = value;
	return MHD_YES;
}

static bool simplefin_wanted(const struct simplefin_query *q, const char *id)
{
	if (q->n_accounts == 0)
		return true;
	for (int i = 0; i < q->n_accounts; i++)
		if (strcmp(q->accounts[i], id) == 0)
			return true;
	return false;
}

/* Reads an optional epoch-seconds parameter; false if malformed. */
static bool simplefin_epoch(const struct api_req *req, const char *name, int64_t *out)
{
	const char *s = api_query(req, name);
	if (s == NULL)
		return true;
	if (*s == '\0' || strlen(s) > 12 || strspn(s, "0123456789") != strlen(s))
		return false;
	*out = strtoll(s, NULL, 10);
	return true;
}

static json_t *simplefin_transactions(struct api_req *req, const char *account, const char *cur,
				      int64_t start, int64_t end, bool pending)
{
	sqlite3_stmt *st = db_prepare(req->db,
				      "SELECT id, booked_at, amount, description, status FROM"
				      " transactions WHERE account = ?1 AND superseded = 0"
				      " AND booked_at >= ?2 AND booked_at < ?3"
				      " AND (?4 OR status = 'posted') ORDER BY booked_at, id");
	sqlite3_bind_text(st, 1, account, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, start);
	sqlite3_bind_int64(st, 3, end);
	sqlite3_bind_int(st, 4, pending);
	json_t *list = json_array();
	while (sqlite3_step(st) == SQLITE_ROW) {
		char a[AMOUNT_STR_MAX];
		amount_format(sqlite3_column_int64(st, 2), cur, a);
		bool is_pending = strcmp((const char *)sqlite3_column_text(st, 4), "pending") == 0;
		json_t *tx = json_pack("{s:s, s:I, s:s, s:s, s:I}", "id",
				       (const char *)sqlite3_column_text(st, 0), "posted",
				       (json_int_t)sqlite3_column_int64(st, 1), "amount", a,
				       "description", (const char *)sqlite3_column_text(st, 3),
				       "transacted_at", (json_int_t)sqlite3_column_int64(st, 1));
		if (is_pending)
			json_object_set_new(tx, "pending", json_true());
		json_array_append_new(list, tx);
	}
	sqlite3_finalize(st);
	return list;
}

/* --simplefin-errors: a message for the user in the documented "errors"
 * array or the newer "errlist" objects, carrying terminal escapes that the
 * client must show sanitized. */
#define SIMPLEFIN_ERROR_TEXT \
	"Cedar Credit Union needs you to sign in again \x1b]0;pwned\x07\x1b[2J\xe2\x80\xae"

static json_t *simplefin_account_set(const char *errors, json_t *accounts)
{
	if (errors != NULL && strcmp(errors, "errors") == 0)
		return json_pack("{s:[s], s:o}", "errors", SIMPLEFIN_ERROR_TEXT, "accounts",
				 accounts);
	if (errors != NULL && strcmp(errors, "errlist") == 0)
		return json_pack("{s:[{s:s, s:s, s:s}], s:o}", "errlist", "code", "con.auth",
				 "message", SIMPLEFIN_ERROR_TEXT, "conn_id", "CON-cedar",
				 "accounts", accounts);
	return json_pack("{s:[], s:o}", "errors", "accounts", accounts);
}

void simplefin_accounts(struct api_req *req, struct api_resp *resp)
{
	if (!simplefin_authorized(req)) {
		api_text(resp, 403, "Authentication failed: the access URL is wrong or revoked.\n");
		return;
	}
	int64_t start = 0, end = INT64_MAX / 2;
	if (!simplefin_epoch(req, "start-date", &start) ||
	    !simplefin_epoch(req, "end-date", &end)) {
		api_json(resp, 400,
			 json_pack("{s:[s], s:[]}", "errors",
				   "start-date and end-date are Unix epoch seconds.", "accounts"));
		return;
	}
	const char *p = api_query(req, "pending"), *bo = api_query(req, "balances-only");
	bool pending = p != NULL && strcmp(p, "1") == 0;
	bool balances_only = bo != NULL && strcmp(bo, "1") == 0;
	struct simplefin_query q = { 0 };
	MHD_get_connection_values(req->conn, MHD_GET_ARGUMENT_KIND, simplefin_collect, &q);
	char *sfin_url = xasprintf("%s/simplefin", req->cfg->base_url);
	sqlite3_stmt *st = db_prepare(req->db, "SELECT id FROM accounts WHERE inst = 'simplefin'"
					       " ORDER BY ord");
	json_t *list = json_array();
	while (sqlite3_step(st) == SQLITE_ROW) {
		struct ledger_account acc;
		const char *id = (const char *)sqlite3_column_text(st, 0);
		if (!simplefin_wanted(&q, id) || !ledger_account_get(req->db, "simplefin", id, &acc))
			continue;
		char bal[AMOUNT_STR_MAX], avail[AMOUNT_STR_MAX];
		amount_format(acc.balance, acc.currency, bal);
		amount_format(ledger_available(req->db, &acc), acc.currency, avail);
		json_t *a = json_pack("{s:{s:s, s:s, s:s}, s:s, s:s, s:s, s:s, s:s, s:I}", "org",
				      "domain", "cedarcu.example", "name", "Cedar Credit Union",
				      "sfin-url", sfin_url, "id", acc.id, "name", acc.name,
				      "currency", acc.currency, "balance", bal, "available-balance",
				      avail, "balance-date", (json_int_t)acc.updated_at);
		if (!balances_only)
			json_object_set_new(a, "transactions",
					    simplefin_transactions(req, acc.id, acc.currency, start,
								   end, pending));
		json_array_append_new(list, a);
	}
	sqlite3_finalize(st);
	free(sfin_url);
	api_json(resp, 200, simplefin_account_set(req->cfg->simplefin_errors, list));
}

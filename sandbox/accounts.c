/* accounts.c — GET /v1/institution, /v1/accounts and transaction pages.
 *
 * Transactions are paged by keyset, not OFFSET: the cursor holds the
 * (booked_at, id) of the last row served and the next page starts strictly
 * below it on the (account, booked_at, id) index, so any page of a
 * million-row account costs the same. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "amount.h"
#include "db.h"
#include "handlers.h"
#include "ledger.h"
#include "timeutil.h"

#define ACCOUNTS_LIMIT_DEFAULT 500
#define ACCOUNTS_LIMIT_MAX 5000

void accounts_institution(struct api_req *req, struct api_resp *resp)
{
	static const struct {
		unsigned cap;
		const char *name;
	} caps[] = {
		{ API_CAP_ACCOUNTS, "accounts" },
		{ API_CAP_BILLS, "bills" },
		{ API_CAP_P2P, "p2p" },
		{ API_CAP_BNPL, "bnpl" },
	};
	json_t *list = json_array();
	for (size_t i = 0; i < sizeof caps / sizeof caps[0]; i++)
		if (req->inst->caps & caps[i].cap)
			json_array_append_new(list, json_string(caps[i].name));
	api_json(resp, 200,
		 json_pack("{s:s, s:s, s:o}", "id", req->inst->id, "name", req->inst->name,
			   "capabilities", list));
}

void accounts_list(struct api_req *req, struct api_resp *resp)
{
	api_json(resp, 200,
		 json_pack("{s:o}", "accounts", ledger_accounts_json(req->db, req->inst->id)));
}

void accounts_get(struct api_req *req, struct api_resp *resp)
{
	struct ledger_account acc;
	if (!ledger_account_get(req->db, req->inst->id, req->arg[0], &acc)) {
		api_problem(resp, 404, "not-found", "There is no account %.64s.", req->arg[0]);
		return;
	}
	api_json(resp, 200, ledger_account_json(req->db, &acc));
}

/* Cursor = base64url("BOOKED_AT:ID"). */
static void accounts_cursor_encode(int64_t at, const char *id, char *out, size_t cap)
{
	char raw[96];
	int n = snprintf(raw, sizeof raw, "%lld:%s", (long long)at, id);
	sodium_bin2base64(out, cap, (const unsigned char *)raw, (size_t)n,
			  sodium_base64_VARIANT_URLSAFE_NO_PADDING);
}

static bool accounts_cursor_decode(const char *cursor, int64_t *at, char id[70])
{
	unsigned char raw[96];
	size_t n;
	if (strlen(cursor) > 120 ||
	    sodium_base642bin(raw, sizeof raw - 1, cursor, strlen(cursor), NULL, &n, NULL,
			      sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0)
		return false;
	raw[n] = '\0';
	char *colon = strchr((char *)raw, ':');
	if (colon == NULL || strlen(colon + 1) == 0 || strlen(colon + 1) > 64)
		return false;
	char *end;
	*at = strtoll((char *)raw, &end, 10);
	if (end != colon)
		return false;
	strcpy(id, colon + 1);
	return true;
}

static bool accounts_limit(const char *s, int *limit)
{
	if (s == NULL) {
		*limit = ACCOUNTS_LIMIT_DEFAULT;
		return true;
	}
	if (*s == '\0' || strlen(s) > 6 || strspn(s, "0123456789") != strlen(s))
		return false;
	*limit = atoi(s);
	return *limit >= 1 && *limit <= ACCOUNTS_LIMIT_MAX;
}

static json_t *accounts_text_or_null(sqlite3_stmt *st, int col)
{
	return sqlite3_column_type(st, col) == SQLITE_NULL
		       ? json_null()
		       : json_string((const char *)sqlite3_column_text(st, col));
}

void accounts_transactions(struct api_req *req, struct api_resp *resp)
{
	struct ledger_account acc;
	if (!ledger_account_get(req->db, req->inst->id, req->arg[0], &acc)) {
		api_problem(resp, 404, "not-found", "There is no account %.64s.", req->arg[0]);
		return;
	}
	const char *since = api_query(req, "since"), *until = api_query(req, "until");
	const char *cursor = api_query(req, "cursor");
	int limit;
	int64_t lo = INT64_MIN / 2, hi = INT64_MAX / 2, day;
	int64_t cur_at = 0;
	char cur_id[70] = "";
	if (!accounts_limit(api_query(req, "limit"), &limit)) {
		api_problem(resp, 400, "invalid-request", "limit must be a whole number from 1 to %d.",
			    ACCOUNTS_LIMIT_MAX);
		return;
	}
	if (since != NULL) {
		if (!timeutil_parse_date(since, &day)) {
			api_problem(resp, 400, "invalid-request", "since must be a date like 2026-11-01.");
			return;
		}
		lo = day * 86400;
	}
	if (until != NULL) {
		if (!timeutil_parse_date(until, &day)) {
			api_problem(resp, 400, "invalid-request", "until must be a date like 2026-11-30.");
			return;
		}
		hi = day * 86400 + 86399;
	}
	if (cursor != NULL && !accounts_cursor_decode(cursor, &cur_at, cur_id)) {
		api_problem(resp, 400, "invalid-request",
			    "The cursor is not one this server gave out; start again without it.");
		return;
	}
	sqlite3_stmt *st = db_prepare(
		req->db, cursor != NULL
				 ? "SELECT id, status, replaces, booked_at, amount, description,"
				   " merchant, category, counterparty FROM transactions"
				   " WHERE account = ?1 AND booked_at BETWEEN ?2 AND ?3"
				   " AND (booked_at, id) < (?5, ?6) AND superseded = 0"
				   " ORDER BY booked_at DESC, id DESC LIMIT ?4"
				 : "SELECT id, status, replaces, booked_at, amount, description,"
				   " merchant, category, counterparty FROM transactions"
				   " WHERE account = ?1 AND booked_at BETWEEN ?2 AND ?3"
				   " AND superseded = 0 ORDER BY booked_at DESC, id DESC LIMIT ?4");
	sqlite3_bind_text(st, 1, acc.id, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, lo);
	sqlite3_bind_int64(st, 3, cursor != NULL && cur_at < hi ? cur_at : hi);
	sqlite3_bind_int(st, 4, limit + 1);
	if (cursor != NULL) {
		sqlite3_bind_int64(st, 5, cur_at);
		sqlite3_bind_text(st, 6, cur_id, -1, SQLITE_STATIC);
	}
	json_t *list = json_array();
	int n = 0;
	char next[160] = "";
	while (sqlite3_step(st) == SQLITE_ROW) {
		const char *id = (const char *)sqlite3_column_text(st, 0);
		int64_t at = sqlite3_column_int64(st, 3);
		if (++n > limit)
			break;
		char ts[TIMEUTIL_TS_MAX];
		timeutil_format_ts(at, ts);
		json_array_append_new(
			list, json_pack("{s:s, s:s, s:o, s:s, s:o, s:s, s:o, s:o, s:o}", "id", id,
					"status", (const char *)sqlite3_column_text(st, 1),
					"replaces", accounts_text_or_null(st, 2), "booked_at", ts,
					"amount", amount_json(sqlite3_column_int64(st, 4), acc.currency),
					"description", (const char *)sqlite3_column_text(st, 5),
					"merchant", accounts_text_or_null(st, 6), "category",
					accounts_text_or_null(st, 7), "counterparty",
					accounts_text_or_null(st, 8)));
		accounts_cursor_encode(at, id, next, sizeof next);
	}
	sqlite3_finalize(st);
	api_json(resp, 200,
		 json_pack("{s:o, s:o}", "transactions", list, "next_cursor",
			   n > limit ? json_string(next) : json_null()));
}

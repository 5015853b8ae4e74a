/* p2p.c — contacts with a payee check, person-to-person transfers with a
 * daily limit and strong customer authentication (docs/bank-api.md §4
 * "Contacts and transfers", §6, §7). */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "amount.h"
#include "buf.h"
#include "db.h"
#include "handlers.h"
#include "ledger.h"
#include "sca.h"
#include "timeutil.h"
#include "xmalloc.h"

#define P2P_DAILY_LIMIT 250000 /* 2,500.00 USD */
#define P2P_SCA_THRESHOLD 50000 /* 500.00 USD */
#define P2P_CURRENCY "USD"
#define P2P_MEMO_MAX 140
#define P2P_NAME_MAX 100

static json_t *p2p_contact_row(sqlite3_stmt *st)
{
	char created[TIMEUTIL_TS_MAX], first[TIMEUTIL_TS_MAX];
	timeutil_format_ts(sqlite3_column_int64(st, 6), created);
	bool has_first = sqlite3_column_type(st, 7) != SQLITE_NULL;
	if (has_first)
		timeutil_format_ts(sqlite3_column_int64(st, 7), first);
	json_t *check_name = sqlite3_column_type(st, 5) == SQLITE_NULL
				     ? json_null()
				     : json_string((const char *)sqlite3_column_text(st, 5));
	return json_pack("{s:s, s:s, s:s, s:s, s:{s:s, s:o}, s:s, s:o}", "id",
			 (const char *)sqlite3_column_text(st, 0), "name",
			 (const char *)sqlite3_column_text(st, 1), "handle",
			 (const char *)sqlite3_column_text(st, 2), "handle_type",
			 (const char *)sqlite3_column_text(st, 3), "payee_check", "result",
			 (const char *)sqlite3_column_text(st, 4), "name", check_name, "created_at",
			 created, "first_transfer_at",
			 has_first ? json_string(first) : json_null());
}

#define P2P_CONTACT_SELECT                                                                   \
	"SELECT id, name, handle, handle_type, check_result, check_name, created_at,"         \
	" first_transfer_at FROM contacts"

void p2p_contacts(struct api_req *req, struct api_resp *resp)
{
	api_list(req, resp, "contacts", P2P_CONTACT_SELECT " ORDER BY n", p2p_contact_row);
}

static bool p2p_all_digits(const char *s, size_t lo, size_t hi)
{
	size_t n = strlen(s);
	return n >= lo && n <= hi && strspn(s, "0123456789") == n;
}

/* "email", "phone" or "account", or NULL for anything else. */
static const char *p2p_handle_type(const char *h)
{
	if (h[0] == '+')
		return p2p_all_digits(h + 1, 8, 15) ? "phone" : NULL;
	if (p2p_all_digits(h, 6, 20))
		return "account";
	const char *at = strchr(h, '@');
	if (at == NULL || at == h || strchr(at + 1, '@') != NULL || strlen(h) > 254 ||
	    strchr(at + 1, '.') == NULL || at[1] == '.' || h[strlen(h) - 1] == '.')
		return NULL;
	for (const char *p = h; *p != '\0'; p++)
		if ((unsigned char)*p <= ' ' || *p == 0x7f)
			return NULL;
	return "email";
}

/* Lower-case ASCII, single spaces, no leading/trailing space. */
static char *p2p_normalize(const char *s)
{
	struct buf b = BUF_INIT;
	bool space = false;
	for (; *s != '\0'; s++) {
		if (isspace((unsigned char)*s)) {
			space = b.len > 0;
			continue;
		}
		if (space)
			buf_append_char(&b, ' ');
		space = false;
		buf_append_char(&b, (char)tolower((unsigned char)*s));
	}
	return buf_steal(&b);
}

static size_t p2p_distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	size_t *row = xcalloc(lb + 1, sizeof *row);
	for (size_t j = 0; j <= lb; j++)
		row[j] = j;
	for (size_t i = 1; i <= la; i++) {
		size_t diag = row[0];
		row[0] = i;
		for (size_t j = 1; j <= lb; j++) {
			size_t up = row[j];
			size_t best = diag + (a[i - 1] != b[j - 1]);
			if (row[j] + 1 < best)
				best = row[j] + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			row[j] = best;
			diag = up;
		}
	}
	size_t d = row[lb];
	free(row);
	return d;
}

/* Payee check: the same name is a match; the same surname or a name at
 * most two edits away is a close match; anything else is no match. */
static const char *p2p_compare(const char *given, const char *held)
{
	char *g = p2p_normalize(given), *h = p2p_normalize(held);
	const char *gs = strrchr(g, ' '), *hs = strrchr(h, ' ');
	const char *result = "no_match";
	if (strcmp(g, h) == 0)
		result = "match";
	else if ((gs != NULL && hs != NULL && strcmp(gs, hs) == 0) || p2p_distance(g, h) <= 2)
		result = "close_match";
	free(g);
	free(h);
	return result;
}

void p2p_add_contact(struct api_req *req, struct api_resp *resp)
{
	json_t *body = api_body_object(req, resp);
	const char *name, *handle, *type;
	if (body == NULL || !api_get_string(resp, body, "name", true, &name) ||
	    !api_get_string(resp, body, "handle", true, &handle))
		goto out;
	if (*name == '\0' || strlen(name) > P2P_NAME_MAX) {
		api_problem(resp, 400, "invalid-request", "name must be 1 to %d bytes.",
			    P2P_NAME_MAX);
		goto out;
	}
	if ((type = p2p_handle_type(handle)) == NULL) {
		api_problem(resp, 400, "invalid-request",
			    "handle must be an email address, a phone number (+ and 8-15 digits) "
			    "or an account number (6-20 digits).");
		goto out;
	}
	char *key = p2p_normalize(handle);
	char *holder = NULL;
	sqlite3_stmt *st = db_prepare(req->db, "SELECT holder FROM directory WHERE handle = ?1");
	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW)
		holder = xstrdup((const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	const char *result = holder != NULL ? p2p_compare(name, holder) : "unavailable";
	bool show = strcmp(result, "match") == 0 || strcmp(result, "close_match") == 0;
	char id[32];
	snprintf(id, sizeof id, "ct_%06lld", (long long)db_next_seq(req->db, "contacts"));
	db_run(req->db, NULL,
	       "INSERT INTO contacts(id, name, handle, handle_type, check_result, check_name,"
	       " created_at) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7)",
	       "tttttti", id, name, handle, type, result,
	       show ? holder : NULL, req->now);
	free(key);
	free(holder);
	api_json(resp, 201, api_row(req->db, P2P_CONTACT_SELECT " WHERE id = ?1", id,
				    p2p_contact_row));
out:
	json_decref(body);
}

static json_t *p2p_transfer_row(sqlite3_stmt *st)
{
	char ts[TIMEUTIL_TS_MAX];
	timeutil_format_ts(sqlite3_column_int64(st, 7), ts);
	return json_pack("{s:s, s:s, s:s, s:o, s:o, s:s, s:s}", "id",
			 (const char *)sqlite3_column_text(st, 0), "from_account",
			 (const char *)sqlite3_column_text(st, 1), "contact_id",
			 (const char *)sqlite3_column_text(st, 2), "amount",
			 amount_json(sqlite3_column_int64(st, 3),
				     (const char *)sqlite3_column_text(st, 4)),
			 "memo",
			 sqlite3_column_type(st, 5) == SQLITE_NULL
				 ? json_null()
				 : json_string((const char *)sqlite3_column_text(st, 5)),
			 "status", (const char *)sqlite3_column_text(st, 6), "created_at", ts);
}

#define P2P_TRANSFER_SELECT                                                                  \
	"SELECT id, from_account, contact_id, amount, currency, memo, status, created_at"     \
	" FROM transfers"

void p2p_transfers(struct api_req *req, struct api_resp *resp)
{
	api_list(req, resp, "transfers", P2P_TRANSFER_SELECT " ORDER BY created_at DESC, n DESC",
		 p2p_transfer_row);
}

static int64_t p2p_remaining_today(struct api_req *req)
{
	int64_t start = req->today * 86400;
	int64_t used = db_int(req->db, 0,
			      "SELECT sum(amount) FROM transfers WHERE created_at >= ?1"
			      " AND created_at < ?2 AND status != 'failed'",
			      "ii", start, start + 86400);
	return used >= P2P_DAILY_LIMIT ? 0 : P2P_DAILY_LIMIT - used;
}

void p2p_limits(struct api_req *req, struct api_resp *resp)
{
	api_json(resp, 200,
		 json_pack("{s:o, s:o, s:o}", "daily_limit",
			   amount_json(P2P_DAILY_LIMIT, P2P_CURRENCY), "remaining_today",
			   amount_json(p2p_remaining_today(req), P2P_CURRENCY), "sca_threshold",
			   amount_json(P2P_SCA_THRESHOLD, P2P_CURRENCY)));
}

/* Characters, not bytes, of UTF-8 text. */
static size_t p2p_utf8_len(const char *s)
{
	size_t n = 0;
	for (; *s != '\0'; s++)
		n += ((unsigned char)*s & 0xc0) != 0x80;
	return n;
}

/* Validation and money checks of a transfer; false when resp is filled. */
static bool p2p_transfer_check(struct api_req *req, struct api_resp *resp, json_t *body,
			       struct ledger_account *acc, int64_t *amount, const char **memo,
			       char **contact_name, bool *first)
{
	const char *from, *contact;
	if (!api_get_string(resp, body, "from_account", true, &from) ||
	    !api_get_string(resp, body, "contact_id", true, &contact) ||
	    !api_get_string(resp, body, "memo", false, memo))
		return false;
	if (!ledger_account_get(req->db, req->inst->id, from, acc)) {
		api_problem(resp, 404, "not-found", "There is no account %.64s to send from.", from);
		return false;
	}
	sqlite3_stmt *st = db_prepare(req->db,
				      "SELECT name, first_transfer_at IS NULL FROM contacts WHERE id = ?1");
	sqlite3_bind_text(st, 1, contact, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW) {
		*contact_name = xstrdup((const char *)sqlite3_column_text(st, 0));
		*first = sqlite3_column_int(st, 1) != 0;
	}
	sqlite3_finalize(st);
	if (*contact_name == NULL) {
		api_problem(resp, 404, "not-found", "There is no contact %.64s.", contact);
		return false;
	}
	if (!api_get_money(resp, body, "amount", acc->currency, amount))
		return false;
	if (*memo != NULL && p2p_utf8_len(*memo) > P2P_MEMO_MAX) {
		api_problem(resp, 400, "invalid-request", "memo is at most %d characters.",
			    P2P_MEMO_MAX);
		return false;
	}
	char a[AMOUNT_STR_MAX], b[AMOUNT_STR_MAX];
	int64_t remaining = p2p_remaining_today(req);
	if (*amount > remaining) {
		amount_format(remaining, acc->currency, a);
		api_problem(resp, 422, "limit-exceeded",
			    "You can send %s %s more today; try a smaller amount or tomorrow.", a,
			    acc->currency);
		return false;
	}
	int64_t available = ledger_available(req->db, acc);
	if (available < *amount) {
		amount_format(available, acc->currency, a);
		amount_format(*amount, acc->currency, b);
		api_problem(resp, 422, "insufficient-funds",
			    "%s has %s %s available; this transfer needs %s %s.", acc->name, a,
			    acc->currency, b, acc->currency);
		return false;
	}
	return true;
}

void p2p_transfer(struct api_req *req, struct api_resp *resp)
{
	json_t *body = api_body_object(req, resp);
	struct ledger_account acc;
	int64_t amount;
	const char *memo = NULL;
	char *name = NULL;
	bool first = false;
	if (body == NULL ||
	    !p2p_transfer_check(req, resp, body, &acc, &amount, &memo, &name, &first))
		goto out;
	if ((first || amount > P2P_SCA_THRESHOLD) && !sca_check(req, resp))
		goto out;
	const char *contact = json_string_value(json_object_get(body, "contact_id"));
	char id[32];
	snprintf(id, sizeof id, "tr_%06lld", (long long)db_next_seq(req->db, "transfers") + 1);
	char *desc = xasprintf("TRANSFER TO %s", name);
	bool ok = ledger_post(req->db, acc.id, -amount, desc, NULL, "transfer", name, req->now) &&
		  db_run(req->db, NULL,
			 "INSERT INTO transfers(id, from_account, contact_id, amount, currency, memo,"
			 " status, created_at) VALUES(?1, ?2, ?3, ?4, ?5, ?6, 'completed', ?7)",
			 "tttitti", id, acc.id, contact, amount, acc.currency, memo, req->now) &&
		  db_run(req->db, NULL,
			 "UPDATE contacts SET first_transfer_at = coalesce(first_transfer_at, ?1)"
			 " WHERE id = ?2",
			 "it", req->now, contact);
	free(desc);
	if (!ok) {
		api_problem(resp, 500, "unavailable", "The transfer could not be stored; retry.");
		goto out;
	}
	api_json(resp, 201, api_row(req->db, P2P_TRANSFER_SELECT " WHERE id = ?1", id,
				    p2p_transfer_row));
out:
	free(name);
	json_decref(body);
}

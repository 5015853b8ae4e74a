/* bills.c — bills, bill payments (now or scheduled), cancellation, and the
 * scheduler that sends scheduled payments once the business clock reaches
 * their pay_on date (docs/bank-api.md §4 "Bills", §7). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "amount.h"
#include "db.h"
#include "handlers.h"
#include "ledger.h"
#include "timeutil.h"
#include "xmalloc.h"

#define BILLS_MAX_AHEAD 365

#define BILLS_PAYMENT_SELECT                                                                 \
	"SELECT p.id, p.bill_id, b.payee, p.from_account, p.amount, p.currency, p.pay_on,"   \
	" p.status, p.confirmation, p.created_at FROM payments p JOIN bills b ON b.id = p.bill_id"

static json_t *bills_payment_row(sqlite3_stmt *st)
{
	char ts[TIMEUTIL_TS_MAX];
	timeutil_format_ts(sqlite3_column_int64(st, 9), ts);
	const char *cur = (const char *)sqlite3_column_text(st, 5);
	return json_pack("{s:s, s:s, s:s, s:s, s:o, s:s, s:s, s:s, s:s}", "id",
			 (const char *)sqlite3_column_text(st, 0), "bill_id",
			 (const char *)sqlite3_column_text(st, 1), "payee",
			 (const char *)sqlite3_column_text(st, 2), "from_account",
			 (const char *)sqlite3_column_text(st, 3), "amount",
			 amount_json(sqlite3_column_int64(st, 4), cur), "pay_on",
			 (const char *)sqlite3_column_text(st, 6), "status",
			 (const char *)sqlite3_column_text(st, 7), "confirmation",
			 (const char *)sqlite3_column_text(st, 8), "created_at", ts);
}

/* The Payment resource with this id, or NULL. */
static json_t *bills_payment_json(sqlite3 *db, const char *id)
{
	return api_row(db, BILLS_PAYMENT_SELECT " WHERE p.id = ?1", id, bills_payment_row);
}

/* Debits the account and reduces what the bill still asks for. */
static bool bills_send(sqlite3 *db, const char *bill_id, const char *payee, const char *account,
		       int64_t amount, int64_t now)
{
	char *desc = xasprintf("BILL PAYMENT %s", payee);
	bool ok = ledger_post(db, account, -amount, desc, payee, "bills", payee, now) &&
		  db_run(db, NULL,
			 "UPDATE bills SET amount_due = max(0, amount_due - ?1),"
			 " minimum_due = CASE WHEN minimum_due IS NULL THEN NULL"
			 " ELSE min(minimum_due, max(0, amount_due - ?1)) END,"
			 " paid = (amount_due - ?1 <= 0) WHERE id = ?2",
			 "it", amount, bill_id);
	free(desc);
	return ok;
}

void bills_run_due(sqlite3 *db, int64_t now)
{
	char today[TIMEUTIL_DATE_MAX];
	timeutil_format_date(timeutil_day_of(now), today);
	sqlite3_stmt *st = db_prepare(db, "SELECT p.id, p.bill_id, b.payee, p.from_account,"
					  " p.amount FROM payments p JOIN bills b ON b.id = p.bill_id"
					  " WHERE p.status = 'scheduled' AND p.pay_on <= ?1 ORDER BY p.n");
	sqlite3_bind_text(st, 1, today, -1, SQLITE_STATIC);
	while (sqlite3_step(st) == SQLITE_ROW) {
		const char *id = (const char *)sqlite3_column_text(st, 0);
		const char *bill = (const char *)sqlite3_column_text(st, 1);
		const char *payee = (const char *)sqlite3_column_text(st, 2);
		const char *from = (const char *)sqlite3_column_text(st, 3);
		int64_t amount = sqlite3_column_int64(st, 4);
		struct ledger_account acc;
		bool funded = ledger_account_get(db, "northwind", from, &acc) &&
			      ledger_available(db, &acc) >= amount;
		if (funded)
			funded = bills_send(db, bill, payee, from, amount, now);
		db_run(db, NULL, "UPDATE payments SET status = ?1 WHERE id = ?2", "tt",
		       funded ? "sent" : "cancelled", id);
	}
	sqlite3_finalize(st);
}

void bills_list(struct api_req *req, struct api_resp *resp)
{
	char today[TIMEUTIL_DATE_MAX];
	timeutil_format_date(req->today, today);
	sqlite3_stmt *st = db_prepare(
		req->db,
		"SELECT id, payee, reference, amount_due, minimum_due, currency, due_date, autopay,"
		" CASE WHEN paid THEN 'paid'"
		" WHEN EXISTS(SELECT 1 FROM payments p WHERE p.bill_id = bills.id"
		"  AND p.status = 'scheduled') THEN 'scheduled'"
		" WHEN due_date < ?1 THEN 'overdue' ELSE 'due' END"
		" FROM bills ORDER BY ord");
	sqlite3_bind_text(st, 1, today, -1, SQLITE_STATIC);
	json_t *list = json_array();
	while (sqlite3_step(st) == SQLITE_ROW) {
		const char *cur = (const char *)sqlite3_column_text(st, 5);
		json_array_append_new(
			list,
			json_pack("{s:s, s:s, s:s, s:o, s:o, s:s, s:s, s:b}", "id",
				  (const char *)sqlite3_column_text(st, 0), "payee",
				  (const char *)sqlite3_column_text(st, 1), "reference",
				  (const char *)sqlite3_column_text(st, 2), "amount_due",
				  amount_json(sqlite3_column_int64(st, 3), cur), "minimum_due",
				  amount_json_or_null(sqlite3_column_type(st, 4) != SQLITE_NULL,
						      sqlite3_column_int64(st, 4), cur),
				  "due_date", (const char *)sqlite3_column_text(st, 6), "status",
				  (const char *)sqlite3_column_text(st, 8), "autopay",
				  sqlite3_column_int(st, 7)));
	}
	sqlite3_finalize(st);
	api_json(resp, 200, json_pack("{s:o}", "bills", list));
}

/* Checks pay_on (optional; today .. today + 365). */
static bool bills_pay_on(struct api_req *req, struct api_resp *resp, json_t *body,
			 char out[TIMEUTIL_DATE_MAX])
{
	const char *s;
	int64_t day = req->today;
	if (!api_get_string(resp, body, "pay_on", false, &s))
		return false;
	if (s != NULL && !timeutil_parse_date(s, &day)) {
		api_problem(resp, 400, "invalid-request", "pay_on must be a date like 2026-11-30.");
		return false;
	}
	if (day < req->today || day > req->today + BILLS_MAX_AHEAD) {
		api_problem(resp, 400, "invalid-request",
			    "pay_on must be between today and %d days from now.", BILLS_MAX_AHEAD);
		return false;
	}
	timeutil_format_date(day, out);
	return true;
}

void bills_pay(struct api_req *req, struct api_resp *resp)
{
	char *payee = NULL;
	sqlite3_stmt *st = db_prepare(req->db, "SELECT payee FROM bills WHERE id = ?1");
	sqlite3_bind_text(st, 1, req->arg[0], -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW)
		payee = xstrdup((const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	if (payee == NULL) {
		api_problem(resp, 404, "not-found", "There is no bill %.64s.", req->arg[0]);
		return;
	}
	json_t *body = api_body_object(req, resp);
	const char *from;
	struct ledger_account acc;
	int64_t amount;
	char pay_on[TIMEUTIL_DATE_MAX];
	if (body == NULL || !api_get_string(resp, body, "from_account", true, &from))
		goto out;
	if (!ledger_account_get(req->db, req->inst->id, from, &acc)) {
		api_problem(resp, 404, "not-found", "There is no account %.64s to pay from.", from);
		goto out;
	}
	if (!api_get_money(resp, body, "amount", acc.currency, &amount) ||
	    !bills_pay_on(req, resp, body, pay_on))
		goto out;
	char today[TIMEUTIL_DATE_MAX];
	timeutil_format_date(req->today, today);
	bool now = strcmp(pay_on, today) == 0;
	if (now && ledger_available(req->db, &acc) < amount) {
		char have[AMOUNT_STR_MAX], need[AMOUNT_STR_MAX];
		amount_format(ledger_available(req->db, &acc), acc.currency, have);
		amount_format(amount, acc.currency, need);
		api_problem(resp, 422, "insufficient-funds",
			    "%s has %s %s available; this payment needs %s %s.", acc.name, have,
			    acc.currency, need, acc.currency);
		goto out;
	}
	char id[32], conf[16] = "NW-";
	snprintf(id, sizeof id, "pay_%06lld", (long long)db_next_seq(req->db, "payments"));
	api_random_string(conf + 3, 4, "ABCDEFGHJKLMNPQRSTUVWXYZ23456789");
	conf[7] = '-';
	api_random_string(conf + 8, 4, "ABCDEFGHJKLMNPQRSTUVWXYZ23456789");
	if (!db_run(req->db, NULL,
		    "INSERT INTO payments(id, bill_id, from_account, amount, currency, pay_on,"
		    " status, confirmation, created_at) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
		    "tttitttti", id, req->arg[0], acc.id, amount, acc.currency, pay_on,
		    now ? "sent" : "scheduled", conf, req->now) ||
	    (now && !bills_send(req->db, req->arg[0], payee, acc.id, amount, req->now))) {
		api_problem(resp, 500, "unavailable", "The payment could not be stored; retry.");
		goto out;
	}
	api_json(resp, 201, bills_payment_json(req->db, id));
out:
	json_decref(body);
	free(payee);
}

void bills_payments(struct api_req *req, struct api_resp *resp)
{
	api_list(req, resp, "payments", BILLS_PAYMENT_SELECT " ORDER BY p.created_at DESC, p.n DESC",
		 bills_payment_row);
}

void bills_cancel(struct api_req *req, struct api_resp *resp)
{
	json_t *p = bills_payment_json(req->db, req->arg[0]);
	if (p == NULL) {
		api_problem(resp, 404, "not-found", "There is no payment %.64s.", req->arg[0]);
		return;
	}
	const char *status = json_string_value(json_object_get(p, "status"));
	if (strcmp(status, "sent") == 0) {
		json_decref(p);
		api_problem(resp, 409, "already-sent",
			    "Payment %.64s has already been sent and cannot be cancelled.",
			    req->arg[0]);
		return;
	}
	if (strcmp(status, "scheduled") == 0) {
		db_run(req->db, NULL, "UPDATE payments SET status = 'cancelled' WHERE id = ?1", "t",
		       req->arg[0]);
		json_object_set_new(p, "status", json_string("cancelled"));
	}
	api_json(resp, 200, p);
}

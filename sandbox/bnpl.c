/* bnpl.c — Flexpay's buy-now-pay-later plans and repayments
 * (docs/bank-api.md §4 "BNPL plans").  Repayments are charged to the
 * plan's funding source, Northwind Everyday Checking, through the ledger.
 *
 * Amounts: an installment owes principal + interest - paid_amount.
 * Paying off today waives the interest of installments not yet due, which
 * is what `interest_saved_on_payoff` reports. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "amount.h"
#include "db.h"
#include "handlers.h"
#include "ledger.h"
#include "timeutil.h"
#include "xmalloc.h"

#define BNPL_FUNDING_INST "northwind"
#define BNPL_FUNDING_ACCOUNT "acc_chk"

struct bnpl_totals {
	int64_t outstanding;
	int64_t payoff;
	int64_t total_interest;
	int unpaid;
	bool overdue;
};

/* What the plan owes now and what paying it off today costs. */
static struct bnpl_totals bnpl_totals(sqlite3 *db, const char *plan, int64_t fees_unpaid,
				      const char *today)
{
	struct bnpl_totals t = { fees_unpaid, fees_unpaid, 0, 0, false };
	sqlite3_stmt *st = db_prepare(db, "SELECT due_date, principal, interest, paid_amount, paid"
					  " FROM installments WHERE plan_id = ?1 ORDER BY seq");
	sqlite3_bind_text(st, 1, plan, -1, SQLITE_STATIC);
	while (sqlite3_step(st) == SQLITE_ROW) {
		const char *due = (const char *)sqlite3_column_text(st, 0);
		int64_t principal = sqlite3_column_int64(st, 1);
		int64_t interest = sqlite3_column_int64(st, 2);
		int64_t paid_amount = sqlite3_column_int64(st, 3);
		t.total_interest += interest;
		if (sqlite3_column_int(st, 4))
			continue;
		t.unpaid++;
		t.outstanding += principal + interest - paid_amount;
		bool due_now = strcmp(due, today) <= 0;
		int64_t owed_payoff = (due_now ? principal + interest : principal) - paid_amount;
		t.payoff += owed_payoff > 0 ? owed_payoff : 0;
		t.overdue |= strcmp(due, today) < 0;
	}
	sqlite3_finalize(st);
	return t;
}

static json_t *bnpl_installments(sqlite3 *db, const char *plan, const char *cur,
				 const char *today)
{
	sqlite3_stmt *st = db_prepare(db, "SELECT seq, due_date, principal + interest, paid"
					  " FROM installments WHERE plan_id = ?1 ORDER BY seq");
	sqlite3_bind_text(st, 1, plan, -1, SQLITE_STATIC);
	json_t *list = json_array();
	bool next_seen = false;
	while (sqlite3_step(st) == SQLITE_ROW) {
		const char *due = (const char *)sqlite3_column_text(st, 1);
		const char *status = "paid";
		if (!sqlite3_column_int(st, 3)) {
			if (strcmp(due, today) < 0)
				status = "overdue";
			else
				status = next_seen ? "upcoming" : "due";
			next_seen |= strcmp(due, today) >= 0;
		}
		json_array_append_new(list,
				      json_pack("{s:i, s:s, s:o, s:s}", "seq", sqlite3_column_int(st, 0),
						"due_date", due, "amount",
						amount_json(sqlite3_column_int64(st, 2), cur), "status",
						status));
	}
	sqlite3_finalize(st);
	return list;
}

static const char bnpl_plan_cols[] =
	"SELECT id, merchant, purchase, currency, apr, fees_charged, fees_unpaid, late_fee,"
	" max_late_fees, policy, funding FROM plans";

static json_t *bnpl_plan_row(sqlite3 *db, sqlite3_stmt *st, const char *today)
{
	const char *id = (const char *)sqlite3_column_text(st, 0);
	const char *cur = (const char *)sqlite3_column_text(st, 3);
	const char *apr = (const char *)sqlite3_column_text(st, 4);
	struct bnpl_totals t = bnpl_totals(db, id, sqlite3_column_int64(st, 6), today);
	const char *status = t.unpaid == 0 && t.outstanding == 0 ? "paid_off"
			     : t.overdue			   ? "delinquent"
								   : "active";
	bool interest_free = strcmp(apr, "0.00") == 0;
	return json_pack("{s:s, s:s, s:o, s:o, s:s, s:o, s:o, s:{s:s, s:o, s:o}, s:o, s:o, s:s,"
			 " s:s, s:o}",
			 "id", id, "merchant", (const char *)sqlite3_column_text(st, 1),
			 "purchase_amount", amount_json(sqlite3_column_int64(st, 2), cur),
			 "outstanding", amount_json(t.outstanding, cur), "apr", apr,
			 "total_interest", amount_json(t.total_interest, cur), "fees_charged",
			 amount_json(sqlite3_column_int64(st, 5), cur), "late_fee_policy", "text",
			 (const char *)sqlite3_column_text(st, 9), "late_fee",
			 amount_json(sqlite3_column_int64(st, 7), cur), "max_late_fees",
			 amount_json(sqlite3_column_int64(st, 8), cur), "payoff_amount",
			 amount_json(t.payoff, cur), "interest_saved_on_payoff",
			 amount_json_or_null(!interest_free, t.outstanding - t.payoff, cur),
			 "funding_source", (const char *)sqlite3_column_text(st, 10), "status",
			 status, "installments", bnpl_installments(db, id, cur, today));
}

void bnpl_plans(struct api_req *req, struct api_resp *resp)
{
	char today[TIMEUTIL_DATE_MAX], sql[sizeof bnpl_plan_cols + 32];
	timeutil_format_date(req->today, today);
	snprintf(sql, sizeof sql, "%s ORDER BY ord", bnpl_plan_cols);
	sqlite3_stmt *st = db_prepare(req->db, sql);
	json_t *list = json_array();
	while (sqlite3_step(st) == SQLITE_ROW)
		json_array_append_new(list, bnpl_plan_row(req->db, st, today));
	sqlite3_finalize(st);
	api_json(resp, 200, json_pack("{s:o}", "plans", list));
}

/* Applies `amount` to unpaid fees (unless it is for the next installment),
 * then to installments in order.  With `payoff`, interest not yet due is
 * waived. */
static void bnpl_apply(sqlite3 *db, const char *plan, int64_t amount, const char *kind,
		       const char *today)
{
	bool payoff = strcmp(kind, "payoff") == 0;
	int64_t fees = strcmp(kind, "next_installment") == 0
			       ? 0
			       : db_int(db, 0, "SELECT fees_unpaid FROM plans WHERE id = ?1", "t",
					plan);
	int64_t to_fees = amount < fees ? amount : fees;
	amount -= to_fees;
	db_run(db, NULL, "UPDATE plans SET fees_unpaid = fees_unpaid - ?1 WHERE id = ?2", "it",
	       to_fees, plan);
	sqlite3_stmt *st = db_prepare(db, "SELECT seq, due_date, principal, interest, paid_amount"
					  " FROM installments WHERE plan_id = ?1 AND paid = 0"
					  " ORDER BY seq");
	sqlite3_bind_text(st, 1, plan, -1, SQLITE_STATIC);
	while (sqlite3_step(st) == SQLITE_ROW) {
		int64_t seq = sqlite3_column_int64(st, 0);
		bool due_now = strcmp((const char *)sqlite3_column_text(st, 1), today) <= 0;
		int64_t owed = sqlite3_column_int64(st, 2) - sqlite3_column_int64(st, 4);
		if (!payoff || due_now)
			owed += sqlite3_column_int64(st, 3);
		if (owed < 0)
			owed = 0;
		int64_t pay = amount < owed ? amount : owed;
		amount -= pay;
		db_run(db, NULL,
		       "UPDATE installments SET paid_amount = paid_amount + ?1, paid = ?2"
		       " WHERE plan_id = ?3 AND seq = ?4",
		       "iiti", pay, (int64_t)(pay == owed), plan, seq);
		if (amount == 0 && pay < owed)
			break;
	}
	sqlite3_finalize(st);
}

/* The amount a repayment of this kind takes; false when resp is filled. */
static bool bnpl_amount(struct api_req *req, struct api_resp *resp, json_t *body,
			const char *plan, const char *cur, const struct bnpl_totals *t,
			const char **kind, int64_t *amount)
{
	if (!api_get_string(resp, body, "kind", true, kind))
		return false;
	if (strcmp(*kind, "payoff") == 0) {
		*amount = t->payoff;
	} else if (strcmp(*kind, "next_installment") == 0) {
		*amount = db_int(req->db, 0,
				 "SELECT principal + interest - paid_amount FROM installments"
				 " WHERE plan_id = ?1 AND paid = 0 ORDER BY seq LIMIT 1",
				 "t", plan);
	} else if (strcmp(*kind, "amount") == 0) {
		if (!api_get_money(resp, body, "amount", cur, amount))
			return false;
		if (*amount > t->payoff) {
			char a[AMOUNT_STR_MAX];
			amount_format(t->payoff, cur, a);
			api_problem(resp, 400, "invalid-amount",
				    "The payoff amount is %s %s; pay at most that.", a, cur);
			return false;
		}
	} else {
		api_problem(resp, 400, "invalid-request",
			    "kind must be next_installment, payoff or amount.");
		return false;
	}
	return true;
}

void bnpl_pay(struct api_req *req, struct api_resp *resp)
{
	char today[TIMEUTIL_DATE_MAX];
	timeutil_format_date(req->today, today);
	json_t *body = NULL;
	char *merchant = NULL, cur[4] = "";
	sqlite3_stmt *st = db_prepare(req->db, "SELECT merchant, currency, fees_unpaid FROM plans"
					       " WHERE id = ?1");
	sqlite3_bind_text(st, 1, req->arg[0], -1, SQLITE_STATIC);
	int64_t fees = 0;
	if (sqlite3_step(st) == SQLITE_ROW) {
		merchant = xstrdup((const char *)sqlite3_column_text(st, 0));
		snprintf(cur, sizeof cur, "%s", (const char *)sqlite3_column_text(st, 1));
		fees = sqlite3_column_int64(st, 2);
	}
	sqlite3_finalize(st);
	if (merchant == NULL) {
		api_problem(resp, 404, "not-found", "There is no plan %.64s.", req->arg[0]);
		return;
	}
	struct bnpl_totals t = bnpl_totals(req->db, req->arg[0], fees, today);
	const char *kind;
	int64_t amount;
	struct ledger_account acc;
	if ((body = api_body_object(req, resp)) == NULL)
		goto out;
	if (t.outstanding == 0) {
		api_problem(resp, 409, "already-paid", "The %s plan is already paid off.", merchant);
		goto out;
	}
	if (!bnpl_amount(req, resp, body, req->arg[0], cur, &t, &kind, &amount))
		goto out;
	if (!ledger_account_get(req->db, BNPL_FUNDING_INST, BNPL_FUNDING_ACCOUNT, &acc) ||
	    ledger_available(req->db, &acc) < amount) {
		char a[AMOUNT_STR_MAX];
		amount_format(amount, cur, a);
		api_problem(resp, 422, "insufficient-funds",
			    "The funding account cannot cover %s %s right now.", a, cur);
		goto out;
	}
	char *desc = xasprintf("FLEXPAY %s", merchant);
	char id[32], ts[TIMEUTIL_TS_MAX];
	snprintf(id, sizeof id, "bp_%06lld", (long long)db_next_seq(req->db, "bnpl_payments"));
	ledger_post(req->db, acc.id, -amount, desc, "Flexpay", "bnpl", "Flexpay", req->now);
	free(desc);
	bnpl_apply(req->db, req->arg[0], amount, kind, today);
	db_run(req->db, NULL,
	       "INSERT INTO bnpl_payments(id, plan_id, kind, amount, currency, created_at)"
	       " VALUES(?1, ?2, ?3, ?4, ?5, ?6)",
	       "tttiti", id, req->arg[0], kind, amount, cur, req->now);
	timeutil_format_ts(req->now, ts);
	api_json(resp, 201,
		 json_pack("{s:s, s:s, s:s, s:o, s:s, s:s}", "id", id, "plan_id", req->arg[0],
			   "kind", kind, "amount", amount_json(amount, cur), "status", "completed",
			   "created_at", ts));
out:
	free(merchant);
	json_decref(body);
}

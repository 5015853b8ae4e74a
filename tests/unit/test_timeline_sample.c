/* test_timeline_sample.c — the sample store test_timeline and
 * test_timeline_screen share (see test_timeline_sample.h). */
#include <stdlib.h>
#include <string.h>

#include "test_timeline_sample.h"
#include "xmalloc.h"

struct money sample_usd(int64_t minor)
{
	return (struct money){ minor, "USD" };
}

struct account sample_account(const char *id, const char *name, enum account_type type,
			      struct money balance)
{
	struct account a = { 0 };
	a.id = xstrdup(id);
	a.name = xstrdup(name);
	a.type = type;
	memcpy(a.currency, balance.currency, 4);
	a.balance = balance;
	return a;
}

void sample_set_accounts(struct store *s, struct store_conn *c, struct account *a, size_t n)
{
	struct account_list l = { xcalloc(n, sizeof *a), n };
	memcpy(l.items, a, n * sizeof *a);
	store_set_accounts(s, c, &l);
}

struct bill sample_bill(const char *id, struct money amount, int64_t due, enum bill_status st)
{
	struct bill b = { 0 };
	b.id = xstrdup(id);
	b.payee = xasprintf("Payee %s", id);
	b.amount_due = amount;
	b.due_date = due;
	b.status = st;
	return b;
}

void sample_set_bills(struct store *s, struct store_conn *c, struct bill *b, size_t n)
{
	struct bill_list l = { xcalloc(n, sizeof *b), n };
	memcpy(l.items, b, n * sizeof *b);
	store_set_bills(s, c, &l);
}

void sample_set_payment(struct store *s, struct store_conn *c, const char *id, const char *from,
			struct money m, int64_t pay_on)
{
	struct payment p = { 0 };
	p.id = xstrdup(id);
	p.payee = xasprintf("Payee %s", id);
	p.from_account = from ? xstrdup(from) : NULL;
	p.amount = m;
	p.pay_on = pay_on;
	p.status = PAYMENT_SCHEDULED;
	struct payment_list l = { xcalloc(1, sizeof p), 1 };
	l.items[0] = p;
	store_set_payments(s, c, &l);
}

void sample_set_plan(struct store *s, struct store_conn *c, const char *funding, int64_t due_in,
		     struct money m)
{
	struct bnpl_plan p = { 0 };
	p.id = xstrdup("plan1");
	p.merchant = xstrdup("Lumen Audio");
	p.purchase_amount = p.outstanding = p.total_interest = p.fees_charged = m;
	p.payoff_amount = p.late_fee_policy.late_fee = p.late_fee_policy.max_late_fees = m;
	p.funding_source = xstrdup(funding);
	p.status = BNPL_ACTIVE;
	p.installments = xcalloc(3, sizeof *p.installments);
	p.installments[0] = (struct installment){ 1, TODAY - 20, m, INSTALLMENT_PAID };
	p.installments[1] = (struct installment){ 2, TODAY + due_in, m, INSTALLMENT_DUE };
	p.installments[2] = (struct installment){ 3, TODAY + 70, m, INSTALLMENT_UPCOMING };
	p.n_installments = 3;
	struct bnpl_plan_list l = { xcalloc(1, sizeof p), 1 };
	l.items[0] = p;
	store_set_plans(s, c, &l);
}

struct store *sample_store(void)
{
	struct store *s = store_new();
	struct store_conn *nw = store_conn_get(s, "northwind", true);
	struct store_conn *fx = store_conn_get(s, "flexpay", true);
	struct store_conn *cd = store_conn_get(s, "cedar", true);
	struct account na[2] = {
		sample_account("chk", "Everyday Checking", ACCOUNT_CHECKING, sample_usd(100000)),
		sample_account("sav", "Savings", ACCOUNT_SAVINGS, sample_usd(500000)),
	};
	na[0].has_available_balance = true;
	na[0].available_balance = sample_usd(90000);
	sample_set_accounts(s, nw, na, 2);
	struct bill nb[2] = {
		sample_bill("late", sample_usd(5000), TODAY - 3, BILL_OVERDUE),
		sample_bill("power", sample_usd(10000), TODAY + 5, BILL_DUE),
	};
	sample_set_bills(s, nw, nb, 2);
	sample_set_payment(s, nw, "pay1", "sav", sample_usd(3000), TODAY + 10);
	sample_set_plan(s, fx, "Northwind debit \u2022\u20224821", 7, sample_usd(2000));
	struct account ca =
		sample_account("cchk", "Share Draft", ACCOUNT_CHECKING, sample_usd(20000));
	sample_set_accounts(s, cd, &ca, 1);
	struct bill cb = sample_bill("rent", sample_usd(30000), TODAY + 20, BILL_DUE);
	sample_set_bills(s, cd, &cb, 1);
	return s;
}


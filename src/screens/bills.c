/* bills.c — tab 3: bills sorted by due date (overdue first), with days left,
 * amount due and minimum, autopay, and the scheduled payments.  `p` pays the
 * selected bill (dialogs: funding account, amount, date, review; the request
 * and its checks are payflow's), `x` cancels the selected scheduled payment
 * until it is sent. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "screens/screens.h"
#include "store.h"
#include "sync/payflow.h"
#include "ui/form.h"
#include "ui/payui.h"
#include "xmalloc.h"

static const struct keybind bills_binds[] = {
	{ 'p', ACT_PAY, "pay the selected bill (now or on a later date)" },
	{ 'x', ACT_CANCEL_ITEM, "cancel the selected scheduled payment" },
};
static const struct keymap bills_keys = { bills_binds, 2 };

/* A scheduled payment's row: its ref's item has this bit. */
#define BILLS_PAYMENT_REF ((size_t)1 << (sizeof(size_t) * 8 - 1))

struct bills_row {
	const struct bill *bill;
	size_t conn;
};

static int bills_cmp(const void *pa, const void *pb)
{
	const struct bill *a = ((const struct bills_row *)pa)->bill;
	const struct bill *b = ((const struct bills_row *)pb)->bill;
	bool oa = a->status == BILL_OVERDUE, ob = b->status == BILL_OVERDUE;
	if (oa != ob)
		return oa ? -1 : 1;
	if (a->due_date != b->due_date)
		return a->due_date < b->due_date ? -1 : 1;
	return strcmp(a->id, b->id);
}

static void bills_build(void *state, struct app *a)
{
	struct lines_state *st = state;
	screens_lines_reset(st);
	size_t cols = (size_t)a->body_cols;
	size_t n = 0;
	for (size_t c = 0; a->store != NULL && c < a->store->n_conns; c++)
		n += a->store->conns[c].bills.n;
	struct bills_row *rows = xcalloc(n ? n : 1, sizeof *rows);
	n = 0;
	for (size_t c = 0; a->store != NULL && c < a->store->n_conns; c++)
		for (size_t i = 0; i < a->store->conns[c].bills.n; i++)
			rows[n++] = (struct bills_row){ &a->store->conns[c].bills.items[i], c };
	qsort(rows, n, sizeof *rows, bills_cmp);

	size_t money_w = 13, min_w = cols >= 80 ? 13 : 0, st_w = 11, auto_w = cols >= 80 ? 8 : 4;
	size_t fixed = 2 + 11 + 10 + money_w + min_w + st_w + auto_w;
	size_t payee_w = cols > fixed + 8 ? cols - fixed : 8;
	struct vline *h = view_line(&st->view, false, -1);
	view_cell(h, ROLE_HEADER, "  Due", 13, SANITIZE_LEFT);
	view_cell(h, ROLE_HEADER, "Days", 10, SANITIZE_LEFT);
	view_cell(h, ROLE_HEADER, "Payee", payee_w, SANITIZE_LEFT);
	view_cell(h, ROLE_HEADER, "Amount", money_w, SANITIZE_RIGHT);
	if (min_w)
		view_cell(h, ROLE_HEADER, "Minimum", min_w, SANITIZE_RIGHT);
	view_cell(h, ROLE_HEADER, " Status", st_w, SANITIZE_LEFT);
	view_cell(h, ROLE_HEADER, auto_w >= 8 ? "Autopay" : "Auto", auto_w, SANITIZE_LEFT);
	if (n == 0)
		view_add_text(&st->view, ROLE_MUTED, "  no bills", cols);
	char d1[DATE_STR_MAX], b1[MONEY_LOCALE_MAX + 1], b2[MONEY_LOCALE_MAX + 1];
	for (size_t i = 0; i < n; i++) {
		const struct bill *b = rows[i].bill;
		bool od = b->status == BILL_OVERDUE;
		bool done = b->status == BILL_PAID;
		struct vline *l = screens_lines_row(st, rows[i].conn, (size_t)(b - a->store->conns[rows[i].conn].bills.items));
		view_cell(l, od ? ROLE_WARNING : ROLE_NORMAL, od ? "! " : "  ", 2, SANITIZE_LEFT);
		view_cell(l, ROLE_NORMAL, date_format(b->due_date, d1), 11, SANITIZE_LEFT);
		char days[32];
		int64_t dl = date_days_between(a->today, b->due_date);
		if (done)
			snprintf(days, sizeof days, "\u2014");
		else if (dl < 0)
			snprintf(days, sizeof days, "%lld late", (long long)-dl);
		else
			snprintf(days, sizeof days, "%lld left", (long long)dl);
		view_cell(l, od ? ROLE_WARNING : ROLE_MUTED, days, 10, SANITIZE_LEFT);
		view_cell(l, done ? ROLE_MUTED : ROLE_NORMAL, b->payee, payee_w, SANITIZE_LEFT);
		view_cell(l, done ? ROLE_MUTED : ROLE_NEGATIVE, screens_money(b->amount_due, false, b1),
			  money_w, SANITIZE_RIGHT);
		if (min_w)
			view_cell(l, ROLE_MUTED,
				  b->has_minimum_due ? screens_money(b->minimum_due, false, b2)
						     : "\u2014",
				  min_w, SANITIZE_RIGHT);
		char stt[24];
		snprintf(stt, sizeof stt, " %s", bill_status_name(b->status));
		view_cell(l, od ? ROLE_WARNING : ROLE_MUTED, stt, st_w, SANITIZE_LEFT);
		view_cell(l, ROLE_MUTED, b->autopay ? "yes" : "no", auto_w, SANITIZE_LEFT);
	}
	free(rows);

	view_add_text(&st->view, ROLE_NORMAL, "", cols);
	view_add_text(&st->view, ROLE_HEADER, "Scheduled payments", cols);
	size_t np = 0;
	for (size_t c = 0; a->store != NULL && c < a->store->n_conns; c++) {
		const struct payment_list *pl = &a->store->conns[c].payments;
		for (size_t i = 0; i < pl->n; i++) {
			const struct payment *p = &pl->items[i];
			if (p->status != PAYMENT_SCHEDULED)
				continue;
			np++;
			struct vline *l = screens_lines_row(st, c, i | BILLS_PAYMENT_REF);
			view_cell(l, ROLE_NORMAL, "  ", 2, SANITIZE_LEFT);
			view_cell(l, ROLE_NORMAL, date_format(p->pay_on, d1), 11, SANITIZE_LEFT);
			view_cell(l, ROLE_MUTED, "", 10, SANITIZE_LEFT);
			view_cell(l, ROLE_NORMAL, p->payee, payee_w, SANITIZE_LEFT);
			view_cell(l, ROLE_NEGATIVE, screens_money(p->amount, false, b1), money_w,
				  SANITIZE_RIGHT);
			view_text(l, ROLE_MUTED, "  from ");
			view_text(l, ROLE_MUTED, p->from_account);
		}
	}
	if (np == 0)
		view_add_text(&st->view, ROLE_MUTED, "  none", cols);
	screens_lines_fit(st, a);
}

/* ---- paying a bill -------------------------------------------------------- */

enum billpay_step { BP_FROM, BP_AMOUNT, BP_OTHER, BP_DATE, BP_REVIEW };

struct billpay {
	enum billpay_step step;
	char bill[MODEL_ID_MAX + 1];
	char conn[MODEL_ID_MAX + 1];
	char from[MODEL_ID_MAX + 1];
	enum payflow_amount kind;
	char amount[64];
	struct payflow_request req;
};

static void billpay_release(void *arg)
{
	struct billpay *bp = arg;
	payflow_request_clear(&bp->req);
	free(bp);
}

static const struct store_conn *billpay_conn(const struct app *a, const char *name)
{
	for (size_t c = 0; a->store != NULL && c < a->store->n_conns; c++)
		if (strcmp(a->store->conns[c].name, name) == 0)
			return &a->store->conns[c];
	return NULL;
}

static const struct bill *billpay_bill(const struct store_conn *c, const char *id)
{
	for (size_t i = 0; c != NULL && i < c->bills.n; i++)
		if (strcmp(c->bills.items[i].id, id) == 0)
			return &c->bills.items[i];
	return NULL;
}

/* Builds the request from what was chosen so far; false with e filled. */
static bool billpay_build(struct billpay *bp, struct app *a, bool has_date, int64_t date,
			  struct err *e)
{
	struct payflow_env env = payui_env(a);
	struct payflow_bill_input in = {
		.bill = bp->bill,
		.from = bp->from,
		.amount_kind = bp->kind,
		.amount = bp->amount,
		.has_pay_on = has_date,
		.pay_on = date,
	};
	payflow_request_clear(&bp->req);
	return payflow_build_bill(&env, &in, &bp->req, e);
}

static void billpay_page_amount(struct form *f, const struct bill *b)
{
	char m[MONEY_LOCALE_MAX];
	form_page(f, FORM_CHOICE, "How much?");
	form_choice(f, "Amount due", money_format_locale(b->amount_due, m), PAYFLOW_AMOUNT_DUE,
		    b->amount_due.minor > 0);
	if (b->has_minimum_due)
		form_choice(f, "Minimum", money_format_locale(b->minimum_due, m),
			    PAYFLOW_AMOUNT_MINIMUM, b->minimum_due.minor > 0);
	form_choice(f, "Other amount", NULL, PAYFLOW_AMOUNT_OTHER, true);
}

static void billpay_page_date(struct form *f, const struct app *a, const struct bill *b)
{
	char d[DATE_STR_MAX], h[DATE_STR_MAX];
	int64_t last = a->today;
	date_add_days(a->today, PAYFLOW_HORIZON_DAYS, &last, NULL);
	form_page(f, FORM_INPUT, "When?");
	form_field(f, "Due", date_format(b->due_date, d));
	char *s = xasprintf("today, or a later date up to %s (scheduled)", date_format(last, h));
	form_text(f, ROLE_MUTED, s);
	free(s);
	if (b->due_date < a->today)
		form_warning(f, "this bill is already past its due date");
	form_input(f, "Date (YYYY-MM-DD):", date_format(a->today, d), DATE_STR_MAX - 1);
}

static void billpay_answer(void *arg, struct form *f, struct app *a, enum form_event ev)
{
	struct billpay *bp = arg;
	if (ev == FORM_CANCEL || form_kind(f) == FORM_RESULT)
		return;
	const struct bill *b = billpay_bill(billpay_conn(a, bp->conn), bp->bill);
	if (b == NULL) {
		form_page(f, FORM_RESULT, "This bill is no longer listed; nothing was sent.");
		return;
	}
	struct err e = ERR_INIT;
	switch (bp->step) {
	case BP_FROM: {
		const struct store_conn *c = billpay_conn(a, bp->conn);
		long i = form_chosen(f);
		if (c == NULL || i < 0 || (size_t)i >= c->n_accounts)
			return;
		snprintf(bp->from, sizeof bp->from, "%s", c->accounts[i].account.id);
		bp->step = BP_AMOUNT;
		billpay_page_amount(f, b);
		break;
	}
	case BP_AMOUNT:
		bp->kind = (enum payflow_amount)form_chosen(f);
		if (bp->kind == PAYFLOW_AMOUNT_OTHER) {
			bp->step = BP_OTHER;
			char *p = xasprintf("Amount in %s:", b->amount_due.currency);
			form_page(f, FORM_INPUT, "How much?");
			form_input(f, p, "", 24);
			free(p);
		} else if (!billpay_build(bp, a, false, 0, &e)) {
			form_error(f, "%s", e.msg);
		} else {
			bp->step = BP_DATE;
			billpay_page_date(f, a, b);
		}
		break;
	case BP_OTHER:
		snprintf(bp->amount, sizeof bp->amount, "%s", form_value(f));
		if (!billpay_build(bp, a, false, 0, &e)) {
			form_error(f, "%s", e.msg);
			return;
		}
		bp->step = BP_DATE;
		billpay_page_date(f, a, b);
		break;
	case BP_DATE: {
		const char *v = form_value(f);
		int64_t d = a->today;
		if (*v != '\0' && strcmp(v, "today") != 0 && !date_parse(v, strlen(v), &d, &e)) {
			form_error(f, "date: %s", e.msg);
			return;
		}
		if (!billpay_build(bp, a, true, d, &e)) {
			form_error(f, "%s", e.msg);
			return;
		}
		bp->step = BP_REVIEW;
		form_page(f, FORM_REVIEW, "Check, then confirm");
		payui_review(f, &bp->req.review);
		form_confirm_label(f, bp->req.review.scheduled ? "schedule it" : "pay now");
		break;
	}
	case BP_REVIEW:
		if (!payui_submit(a, &bp->req, &e))
			form_error(f, "%s", e.msg);
		break;
	}
}

static void bills_pay(struct app *a, const struct store_conn *c, const struct bill *b)
{
	struct billpay *bp = xcalloc(1, sizeof *bp);
	snprintf(bp->bill, sizeof bp->bill, "%s", b->id);
	snprintf(bp->conn, sizeof bp->conn, "%s", c->name);
	struct form_owner ow = { billpay_answer, billpay_release, bp };
	char *title = xasprintf("Pay %s", b->payee);
	struct form *f = form_open(a, title, &ow);
	free(title);
	if (f == NULL)
		return;
	form_page(f, FORM_CHOICE, "Pay from which account?");
	char m[MONEY_LOCALE_MAX];
	for (size_t i = 0; i < c->n_accounts; i++) {
		const struct account *ac = &c->accounts[i].account;
		bool fits = strcmp(ac->currency, b->amount_due.currency) == 0 &&
			    ac->type != ACCOUNT_LOAN && ac->type != ACCOUNT_CREDIT_CARD;
		char *detail = xasprintf("%s available",
					 money_format_locale(ac->has_available_balance
								     ? ac->available_balance
								     : ac->balance,
							     m));
		form_choice(f, ac->name, detail, (long)i, fits);
		free(detail);
	}
	if (form_chosen(f) < 0) {
		form_page(f, FORM_RESULT, "No account here can pay this bill.");
		form_text(f, ROLE_MUTED, "It needs a checking or savings account in the bill's "
					 "currency at the same bank.");
	}
}

/* ---- cancelling a scheduled payment ---------------------------------------- */

struct billcancel {
	struct payflow_request req;
	bool sent;
};

static void billcancel_release(void *arg)
{
	struct billcancel *bc = arg;
	payflow_request_clear(&bc->req);
	free(bc);
}

static void billcancel_answer(void *arg, struct form *f, struct app *a, enum form_event ev)
{
	struct billcancel *bc = arg;
	struct err e = ERR_INIT;
	if (ev == FORM_ANSWER && form_kind(f) == FORM_REVIEW && !bc->sent) {
		if (payui_submit(a, &bc->req, &e))
			bc->sent = true;
		else
			form_error(f, "%s", e.msg);
	}
}

static void bills_cancel(struct app *a, const struct payment *p)
{
	struct billcancel *bc = xcalloc(1, sizeof *bc);
	struct payflow_env env = payui_env(a);
	struct err e = ERR_INIT;
	if (!payflow_build_cancel(&env, p->id, &bc->req, &e)) {
		billcancel_release(bc);
		app_message(a, true, "%s", e.msg);
		return;
	}
	struct form_owner ow = { billcancel_answer, billcancel_release, bc };
	struct form *f = form_open(a, "Cancel a scheduled payment", &ow);
	if (f == NULL)
		return;
	char m[MONEY_LOCALE_MAX], d[DATE_STR_MAX];
	form_page(f, FORM_REVIEW, "Cancel this payment? It will not be sent.");
	form_field(f, "Pay to", p->payee);
	form_field(f, "Amount", money_format_locale(p->amount, m));
	form_field(f, "On", date_format(p->pay_on, d));
	form_field(f, "From", bc->req.review.account_name);
	if (p->confirmation != NULL)
		form_field(f, "Confirmation", p->confirmation);
	form_confirm_label(f, "cancel the payment");
	form_cancel_label(f, "keep it");
}

static unsigned bills_handle(void *state, struct app *a, const struct ui_event *ev)
{
	struct lines_state *st = state;
	if (ev->action != ACT_PAY && ev->action != ACT_CANCEL_ITEM)
		return screens_lines_handle(st, a, ev);
	const struct screen_ref *r = screens_lines_selected(st);
	if (r == NULL || a->store == NULL || r->conn >= a->store->n_conns) {
		app_message(a, true, "select a bill first (j/k)");
		return SCREEN_HANDLED;
	}
	const struct store_conn *c = &a->store->conns[r->conn];
	bool is_payment = (r->item & BILLS_PAYMENT_REF) != 0;
	size_t i = r->item & ~BILLS_PAYMENT_REF;
	if (ev->action == ACT_PAY) {
		if (is_payment || i >= c->bills.n)
			app_message(a, true, "select a bill to pay (p), not a scheduled payment");
		else
			bills_pay(a, c, &c->bills.items[i]);
	} else {
		if (!is_payment || i >= c->payments.n)
			app_message(a, true, "select a scheduled payment to cancel (x), "
					     "under \"Scheduled payments\"");
		else
			bills_cancel(a, &c->payments.items[i]);
	}
	return SCREEN_HANDLED | SCREEN_REDRAW;
}

const struct screen_ops screen_bills_ops = {
	.name = "Bills",
	.tab = 3,
	.keys = &bills_keys,
	.hints = "j/k move  p pay  x cancel",
	.init = screens_lines_new,
	.free = screens_lines_free,
	.build = bills_build,
	.handle = bills_handle,
	.draw = screens_lines_draw,
};

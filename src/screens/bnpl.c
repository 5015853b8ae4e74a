/* bnpl.c — tab 5: buy-now-pay-later plans.  The header says plainly that
 * these are credit, with the total owed and the next installment; Enter
 * opens a plan: its schedule (paid / due / overdue / upcoming), purchase
 * amount, interest, fees, the late-fee policy and what one missed payment
 * costs.  `p` (on the list or in a plan) pays the next installment or pays
 * the plan off (the payoff amount and the interest saved shown), through
 * payflow and the same review as every payment. */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "date.h"
#include "screens/screens.h"
#include "store.h"
#include "sync/payflow.h"
#include "ui/form.h"
#include "ui/payui.h"
#include "xmalloc.h"

static const struct keybind bnpl_binds[] = {
	{ '\n', ACT_ENTER, "open the plan: schedule, fees, late-fee policy" },
	{ 'p', ACT_PAY, "pay the next installment or pay the plan off" },
};
static const struct keymap bnpl_keys = { bnpl_binds, 2 };

static void bnpl_pay(struct app *a, const struct bnpl_plan *p);

/* "29.99%" from hundredths of a percent. */
static void bnpl_apr(int64_t bp, char out[24])
{
	snprintf(out, 24, "%lld.%02lld%%", (long long)(bp / 100), (long long)(bp % 100));
}

/* The next unpaid installment of a plan, or NULL. */
static const struct installment *bnpl_next(const struct bnpl_plan *p)
{
	for (size_t i = 0; i < p->n_installments; i++)
		if (p->installments[i].status != INSTALLMENT_PAID)
			return &p->installments[i];
	return NULL;
}

static void bnpl_build(void *state, struct app *a)
{
	struct lines_state *st = state;
	screens_lines_reset(st);
	size_t cols = (size_t)a->body_cols;
	char b1[MONEY_LOCALE_MAX + 1], b2[MONEY_LOCALE_MAX + 1], d1[DATE_STR_MAX], apr[24];

	/* Totals per currency (plans rarely mix currencies; at most 8 kept). */
	struct money totals[8];
	size_t nt = 0;
	const struct installment *next = NULL;
	const struct bnpl_plan *next_plan = NULL;
	for (size_t c = 0; a->store != NULL && c < a->store->n_conns; c++)
		for (size_t i = 0; i < a->store->conns[c].plans.n; i++) {
			const struct bnpl_plan *p = &a->store->conns[c].plans.items[i];
			size_t k;
			for (k = 0; k < nt; k++)
				if (strcmp(totals[k].currency, p->outstanding.currency) == 0)
					break;
			if (k == nt && nt < 8) {
				totals[nt] = (struct money){ 0, "" };
				memcpy(totals[nt].currency, p->outstanding.currency, 4);
				nt++;
			}
			if (k < nt)
				money_add(totals[k], p->outstanding, &totals[k], NULL);
			const struct installment *n = bnpl_next(p);
			if (n != NULL && (next == NULL || n->due_date < next->due_date)) {
				next = n;
				next_plan = p;
			}
		}
	view_add_text(&st->view, ROLE_WARNING,
		      "! Buy-now-pay-later plans are credit: missed installments cost late fees.",
		      cols);
	struct buf tl = BUF_INIT;
	buf_append_str(&tl, "  Total owed: ");
	if (nt == 0)
		buf_append_str(&tl, "nothing");
	for (size_t k = 0; k < nt; k++)
		buf_printf(&tl, "%s%s", k ? ", " : "", screens_money(totals[k], false, b1));
	view_add_text(&st->view, ROLE_NORMAL, tl.data, cols);
	buf_free(&tl);
	if (next != NULL) {
		char *s = xasprintf("  Next installment: %s on %s (%s)",
				    screens_money(next->amount, false, b1),
				    date_format(next->due_date, d1), next_plan->merchant);
		view_add_text(&st->view, ROLE_NORMAL, s, cols);
		free(s);
	}
	view_add_text(&st->view, ROLE_NORMAL, "", cols);

	size_t money_w = 13, due_w = 11, apr_w = 9, st_w = 11;
	size_t fixed = 2 + money_w + due_w + apr_w + st_w;
	size_t m_w = cols > fixed + 8 ? cols - fixed : 8;
	struct vline *h = view_line(&st->view, false, -1);
	view_cell(h, ROLE_HEADER, "  Merchant", 2 + m_w, SANITIZE_LEFT);
	view_cell(h, ROLE_HEADER, "Outstanding", money_w, SANITIZE_RIGHT);
	view_cell(h, ROLE_HEADER, " Next due", due_w, SANITIZE_LEFT);
	view_cell(h, ROLE_HEADER, "APR", apr_w, SANITIZE_RIGHT);
	view_cell(h, ROLE_HEADER, " Status", st_w, SANITIZE_LEFT);
	for (size_t c = 0; a->store != NULL && c < a->store->n_conns; c++)
		for (size_t i = 0; i < a->store->conns[c].plans.n; i++) {
			const struct bnpl_plan *p = &a->store->conns[c].plans.items[i];
			const struct installment *n = bnpl_next(p);
			bool bad = p->status == BNPL_DELINQUENT;
			for (size_t k = 0; k < p->n_installments; k++)
				bad |= p->installments[k].status == INSTALLMENT_OVERDUE;
			struct vline *l = screens_lines_row(st, c, i);
			view_cell(l, bad ? ROLE_WARNING : ROLE_NORMAL, bad ? "! " : "  ", 2,
				  SANITIZE_LEFT);
			view_cell(l, ROLE_NORMAL, p->merchant, m_w, SANITIZE_LEFT);
			view_cell(l, ROLE_NEGATIVE, screens_money(p->outstanding, false, b2), money_w,
				  SANITIZE_RIGHT);
			char due[16];
			snprintf(due, sizeof due, " %s", n ? date_format(n->due_date, d1) : "\u2014");
			view_cell(l, ROLE_NORMAL, due, due_w, SANITIZE_LEFT);
			bnpl_apr(p->apr_bp, apr);
			view_cell(l, p->apr_bp > 0 ? ROLE_WARNING : ROLE_MUTED, apr, apr_w,
				  SANITIZE_RIGHT);
			char stt[24];
			snprintf(stt, sizeof stt, " %s", bnpl_status_name(p->status));
			view_cell(l, bad ? ROLE_WARNING : ROLE_MUTED, stt, st_w, SANITIZE_LEFT);
		}
	if (st->n_refs == 0)
		view_add_text(&st->view, ROLE_MUTED, "  no plans", cols);
	screens_lines_fit(st, a);
}

static unsigned bnpl_handle(void *state, struct app *a, const struct ui_event *ev)
{
	struct lines_state *st = state;
	if (ev->action == ACT_PAY) {
		const struct screen_ref *r = screens_lines_selected(st);
		if (r == NULL || r->conn >= a->store->n_conns ||
		    r->item >= a->store->conns[r->conn].plans.n)
			app_message(a, true, "select a plan first (j/k)");
		else
			bnpl_pay(a, &a->store->conns[r->conn].plans.items[r->item]);
		return SCREEN_HANDLED | SCREEN_REDRAW;
	}
	if (ev->action == ACT_ENTER) {
		const struct screen_ref *r = screens_lines_selected(st);
		if (r == NULL)
			return SCREEN_HANDLED;
		struct lines_state *p = screens_lines_new(a);
		p->scroll_only = true;
		p->conn = r->conn;
		p->item = r->item;
		a->push = (struct screen){ &screen_plan_ops, p };
		return SCREEN_HANDLED | SCREEN_PUSH;
	}
	return screens_lines_handle(st, a, ev);
}

const struct screen_ops screen_bnpl_ops = {
	.name = "BNPL",
	.tab = 5,
	.keys = &bnpl_keys,
	.hints = "Enter plan details  p pay",
	.init = screens_lines_new,
	.free = screens_lines_free,
	.build = bnpl_build,
	.handle = bnpl_handle,
	.draw = screens_lines_draw,
};

/* ---- one plan ---------------------------------------------------------- */

static const struct keybind plan_binds[] = {
	{ 'p', ACT_PAY, "pay the next installment or pay the plan off" },
};
static const struct keymap plan_keys = { plan_binds, 1 };

static void plan_field(struct view *v, const char *label, enum theme_role role, const char *value,
		       size_t cols)
{
	struct vline *l = view_line(v, false, -1);
	view_cell(l, ROLE_MUTED, label, 22, SANITIZE_LEFT);
	view_cell(l, role, value, cols > 22 ? cols - 22 : 1, SANITIZE_LEFT);
}

static void plan_build(void *state, struct app *a)
{
	struct lines_state *st = state;
	screens_lines_reset(st);
	size_t cols = (size_t)a->body_cols;
	if (a->store == NULL || st->conn >= a->store->n_conns ||
	    st->item >= a->store->conns[st->conn].plans.n) {
		view_add_text(&st->view, ROLE_ERROR, "this plan is gone; press q", cols);
		return;
	}
	const struct bnpl_plan *p = &a->store->conns[st->conn].plans.items[st->item];
	char b1[MONEY_LOCALE_MAX + 1], d1[DATE_STR_MAX], apr[24];
	char *title = xasprintf("%s  (credit: a buy-now-pay-later plan)", p->merchant);
	view_add_text(&st->view, ROLE_HEADER, title, cols);
	free(title);
	plan_field(&st->view, "Purchase amount", ROLE_NORMAL,
		   screens_money(p->purchase_amount, false, b1), cols);
	plan_field(&st->view, "Outstanding", ROLE_NEGATIVE, screens_money(p->outstanding, false, b1),
		   cols);
	bnpl_apr(p->apr_bp, apr);
	plan_field(&st->view, "APR", p->apr_bp > 0 ? ROLE_WARNING : ROLE_NORMAL, apr, cols);
	plan_field(&st->view, "Total interest", ROLE_NORMAL,
		   screens_money(p->total_interest, false, b1), cols);
	plan_field(&st->view, "Fees charged", p->fees_charged.minor > 0 ? ROLE_WARNING : ROLE_NORMAL,
		   screens_money(p->fees_charged, false, b1), cols);
	plan_field(&st->view, "Payoff amount", ROLE_NORMAL,
		   screens_money(p->payoff_amount, false, b1), cols);
	if (p->has_interest_saved_on_payoff)
		plan_field(&st->view, "Saved by paying off", ROLE_POSITIVE,
			   screens_money(p->interest_saved_on_payoff, false, b1), cols);
	plan_field(&st->view, "Paid from", ROLE_NORMAL, p->funding_source, cols);
	plan_field(&st->view, "Status", p->status == BNPL_DELINQUENT ? ROLE_WARNING : ROLE_NORMAL,
		   bnpl_status_name(p->status), cols);
	view_add_text(&st->view, ROLE_NORMAL, "", cols);
	view_add_text(&st->view, ROLE_HEADER, "If you miss a payment", cols);
	char *miss = xasprintf("  one missed installment costs %s in late fees",
			       screens_money(p->late_fee_policy.late_fee, false, b1));
	view_add_text(&st->view, ROLE_WARNING, miss, cols);
	free(miss);
	miss = xasprintf("  at most %s per plan",
			 screens_money(p->late_fee_policy.max_late_fees, false, b1));
	view_add_text(&st->view, ROLE_NORMAL, miss, cols);
	free(miss);
	view_add_text(&st->view, ROLE_MUTED, "  The lender's policy:", cols);
	view_add_wrapped(&st->view, ROLE_NORMAL,
			 p->late_fee_policy.text ? p->late_fee_policy.text : "(none given)", cols, 4);
	view_add_text(&st->view, ROLE_NORMAL, "", cols);
	view_add_text(&st->view, ROLE_HEADER, "Installments", cols);
	for (size_t i = 0; i < p->n_installments; i++) {
		const struct installment *in = &p->installments[i];
		bool od = in->status == INSTALLMENT_OVERDUE;
		struct vline *l = view_line(&st->view, false, -1);
		char seq[16];
		snprintf(seq, sizeof seq, "%s#%lld", od ? "! " : "  ", (long long)in->seq);
		view_cell(l, od ? ROLE_WARNING : ROLE_NORMAL, seq, 8, SANITIZE_LEFT);
		view_cell(l, ROLE_NORMAL, date_format(in->due_date, d1), 12, SANITIZE_LEFT);
		view_cell(l, ROLE_NORMAL, screens_money(in->amount, false, b1), 14, SANITIZE_RIGHT);
		char stt[24];
		snprintf(stt, sizeof stt, "  %s%s", in->status == INSTALLMENT_PAID ? "\u2713 " : "",
			 installment_status_name(in->status));
		view_cell(l,
			  od ? ROLE_WARNING
			     : in->status == INSTALLMENT_PAID ? ROLE_MUTED : ROLE_NORMAL,
			  stt, 14, SANITIZE_LEFT);
	}
	screens_lines_fit(st, a);
}

static unsigned plan_handle(void *state, struct app *a, const struct ui_event *ev)
{
	struct lines_state *st = state;
	if (ev->action != ACT_PAY)
		return screens_lines_handle(st, a, ev);
	if (a->store == NULL || st->conn >= a->store->n_conns ||
	    st->item >= a->store->conns[st->conn].plans.n)
		app_message(a, true, "this plan is gone");
	else
		bnpl_pay(a, &a->store->conns[st->conn].plans.items[st->item]);
	return SCREEN_HANDLED | SCREEN_REDRAW;
}

/* ---- paying a plan -------------------------------------------------------- */

enum bnplpay_step { BNP_KIND, BNP_FROM, BNP_REVIEW };

/* The choice for "the account is not listed here". */
#define BNPLPAY_UNLISTED LONG_MAX

struct bnplpay {
	enum bnplpay_step step;
	char plan[MODEL_ID_MAX + 1];
	enum bnpl_payment_kind kind;
	struct payflow_request req;
};

static void bnplpay_release(void *arg)
{
	struct bnplpay *bp = arg;
	payflow_request_clear(&bp->req);
	free(bp);
}

/* The accounts that may be the plan's funding source, numbered across
 * connections: conn * 10000 + index. */
static const struct account *bnplpay_account(const struct app *a, long v)
{
	size_t c = (size_t)v / 10000, i = (size_t)v % 10000;
	if (v < 0 || a->store == NULL || c >= a->store->n_conns || i >= a->store->conns[c].n_accounts)
		return NULL;
	return &a->store->conns[c].accounts[i].account;
}

static void bnplpay_page_from(struct form *f, const struct app *a, const char *funding)
{
	char m[MONEY_LOCALE_MAX];
	form_page(f, FORM_CHOICE, "Which of your accounts does it charge?");
	char *s = xasprintf("The plan charges: %s", funding != NULL ? funding : "(not given)");
	form_text(f, ROLE_MUTED, s);
	free(s);
	for (size_t c = 0; a->store != NULL && c < a->store->n_conns; c++)
		for (size_t i = 0; i < a->store->conns[c].n_accounts && i < 10000; i++) {
			const struct account *ac = &a->store->conns[c].accounts[i].account;
			if (ac->type != ACCOUNT_CHECKING && ac->type != ACCOUNT_SAVINGS)
				continue;
			char *d = xasprintf("%s available",
					    money_format_locale(ac->has_available_balance
									? ac->available_balance
									: ac->balance,
								m));
			form_choice(f, ac->name, d, (long)(c * 10000 + i), true);
			free(d);
		}
	form_choice(f, "Not listed here", "no balance after", BNPLPAY_UNLISTED, true);
}

static void bnplpay_answer(void *arg, struct form *f, struct app *a, enum form_event ev)
{
	struct bnplpay *bp = arg;
	if (ev == FORM_CANCEL || form_kind(f) == FORM_RESULT)
		return;
	const struct bnpl_plan *p = NULL;
	for (size_t c = 0; p == NULL && a->store != NULL && c < a->store->n_conns; c++)
		for (size_t i = 0; i < a->store->conns[c].plans.n; i++)
			if (strcmp(a->store->conns[c].plans.items[i].id, bp->plan) == 0)
				p = &a->store->conns[c].plans.items[i];
	if (p == NULL) {
		form_page(f, FORM_RESULT, "This plan is no longer listed; nothing was sent.");
		return;
	}
	struct err e = ERR_INIT;
	switch (bp->step) {
	case BNP_KIND:
		bp->kind = (enum bnpl_payment_kind)form_chosen(f);
		bp->step = BNP_FROM;
		bnplpay_page_from(f, a, p->funding_source);
		break;
	case BNP_FROM: {
		const struct account *ac = bnplpay_account(a, form_chosen(f));
		struct payflow_env env = payui_env(a);
		struct payflow_bnpl_input in = { bp->plan, ac != NULL ? ac->id : NULL, bp->kind,
						 NULL };
		payflow_request_clear(&bp->req);
		if (!payflow_build_bnpl(&env, &in, &bp->req, &e)) {
			form_error(f, "%s", e.msg);
			return;
		}
		bp->step = BNP_REVIEW;
		form_page(f, FORM_REVIEW, "Check, then confirm");
		payui_review(f, &bp->req.review);
		form_confirm_label(f, bp->kind == BNPL_PAY_PAYOFF ? "pay it off" : "pay now");
		break;
	}
	case BNP_REVIEW:
		if (!payui_submit(a, &bp->req, &e))
			form_error(f, "%s", e.msg);
		break;
	}
}

static void bnpl_pay(struct app *a, const struct bnpl_plan *p)
{
	if (p->status == BNPL_PAID_OFF || p->outstanding.minor <= 0) {
		app_message(a, true, "this plan is paid off: nothing to pay");
		return;
	}
	struct bnplpay *bp = xcalloc(1, sizeof *bp);
	snprintf(bp->plan, sizeof bp->plan, "%s", p->id);
	struct form_owner ow = { bnplpay_answer, bnplpay_release, bp };
	char *title = xasprintf("Pay %s (BNPL)", p->merchant);
	struct form *f = form_open(a, title, &ow);
	free(title);
	if (f == NULL)
		return;
	char m[MONEY_LOCALE_MAX], m2[MONEY_LOCALE_MAX], d[DATE_STR_MAX];
	form_page(f, FORM_CHOICE, "Pay what?");
	const struct installment *n = bnpl_next(p);
	char *s = n != NULL ? xasprintf("%s, due %s", money_format_locale(n->amount, m),
					date_format(n->due_date, d))
			    : xstrdup("none left");
	form_choice(f, "Next installment", s, BNPL_PAY_NEXT_INSTALLMENT, n != NULL);
	free(s);
	if (p->has_interest_saved_on_payoff && p->interest_saved_on_payoff.minor > 0)
		s = xasprintf("%s, saves %s", money_format_locale(p->payoff_amount, m),
			      money_format_locale(p->interest_saved_on_payoff, m2));
	else
		s = xstrdup(money_format_locale(p->payoff_amount, m));
	form_choice(f, "Pay off the plan", s, BNPL_PAY_PAYOFF, true);
	free(s);
	s = xasprintf("Outstanding %s; paying off now costs %s", money_format_locale(p->outstanding, m),
		      money_format_locale(p->payoff_amount, m2));
	form_text(f, ROLE_MUTED, s);
	free(s);
}

const struct screen_ops screen_plan_ops = {
	.name = "BNPL plan",
	.tab = 0,
	.keys = &plan_keys,
	.hints = "j/k scroll  p pay",
	.init = NULL,
	.free = screens_lines_free,
	.build = plan_build,
	.handle = plan_handle,
	.draw = screens_lines_draw,
};

/* overview.c — tab 1: what do I have, what do I owe, when is it due, can I
 * afford it — answered with zero keystrokes.  Net position per currency,
 * accounts by institution with balances and available balances, what is due
 * in the next 14 days with its total and the day cash runs short, and the
 * alerts.  Overdue items and alerts carry a "!" marker, not only a colour. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "buf.h"
#include "date.h"
#include "screens/screens.h"
#include "store.h"
#include "xmalloc.h"

#define OVERVIEW_DUE_DAYS 14

static const struct keymap overview_keys = { NULL, 0 };

static void *overview_init(struct app *a)
{
	struct lines_state *st = screens_lines_new(a);
	st->scroll_only = true;
	return st;
}

static void overview_heading(struct view *v, const char *text, size_t cols)
{
	view_add_text(v, ROLE_HEADER, text, cols);
}

static void overview_positions(struct view *v, const struct app *a, size_t cols)
{
	struct store_position *pos = NULL;
	size_t n = 0;
	struct err e = ERR_INIT;
	overview_heading(v, "Net position (assets \u2212 debts)", cols);
	if (!store_net_position(a->store, &pos, &n, &e)) {
		view_add_text(v, ROLE_ERROR, e.msg, cols);
		return;
	}
	if (n == 0)
		view_add_text(v, ROLE_MUTED, "  no accounts yet", cols);
	char b1[MONEY_LOCALE_MAX + 1], b2[MONEY_LOCALE_MAX + 1], b3[MONEY_LOCALE_MAX + 1];
	size_t w = cols >= 80 ? 18 : 13;
	for (size_t i = 0; i < n; i++) {
		struct vline *l = view_line(v, false, -1);
		view_cell(l, ROLE_NORMAL, " net ", 5, SANITIZE_LEFT);
		view_cell(l, pos[i].net.minor < 0 ? ROLE_NEGATIVE : ROLE_POSITIVE,
			  screens_money(pos[i].net, true, b1), w, SANITIZE_RIGHT);
		view_cell(l, ROLE_MUTED, " assets ", 8, SANITIZE_LEFT);
		view_cell(l, ROLE_NORMAL, screens_money(pos[i].assets, false, b2), w, SANITIZE_RIGHT);
		view_cell(l, ROLE_MUTED, " debts ", 7, SANITIZE_LEFT);
		view_cell(l, pos[i].debts.minor > 0 ? ROLE_NEGATIVE : ROLE_NORMAL,
			  screens_money(pos[i].debts, false, b3), w, SANITIZE_RIGHT);
	}
	free(pos);
}

static void overview_accounts(struct view *v, const struct app *a, size_t cols)
{
	overview_heading(v, "Accounts", cols);
	char b1[MONEY_LOCALE_MAX + 1], b2[MONEY_LOCALE_MAX + 1];
	size_t money_w = cols >= 80 ? 17 : 14;
	size_t type_w = cols >= 80 ? 12 : 0;
	size_t avail_w = money_w + 7;
	size_t fixed = 4 + type_w + money_w + avail_w;
	size_t name_w = cols > fixed + 8 ? cols - fixed : 8;
	for (size_t c = 0; c < a->store->n_conns; c++) {
		const struct store_conn *sc = &a->store->conns[c];
		if (sc->n_accounts == 0)
			continue;
		char *h = xasprintf("  %s", screens_conn_name(sc));
		view_add_text(v, ROLE_HEADER, h, cols);
		free(h);
		for (size_t i = 0; i < sc->n_accounts; i++) {
			const struct account *ac = &sc->accounts[i].account;
			struct vline *l = view_line(v, false, -1);
			view_cell(l, ROLE_NORMAL, "    ", 4, SANITIZE_LEFT);
			view_cell(l, ROLE_NORMAL, ac->name, name_w, SANITIZE_LEFT);
			if (type_w)
				view_cell(l, ROLE_MUTED, account_type_name(ac->type), type_w,
					  SANITIZE_LEFT);
			view_cell(l, ac->balance.minor < 0 ? ROLE_NEGATIVE : ROLE_NORMAL,
				  screens_money(ac->balance, false, b1), money_w, SANITIZE_RIGHT);
			if (ac->has_available_balance) {
				char *s = xasprintf("avail %s",
						    screens_money(ac->available_balance, false, b2));
				view_cell(l, ROLE_MUTED, s, avail_w, SANITIZE_RIGHT);
				free(s);
			}
		}
	}
}

static void overview_due(struct view *v, const struct app *a, size_t cols)
{
	struct obligation *ob = NULL;
	size_t n = 0;
	store_obligations(a->store, a->today, OVERVIEW_DUE_DAYS, &ob, &n);
	struct store_forecast *fc = NULL;
	size_t nf = 0;
	struct err e = ERR_INIT;
	char b1[MONEY_LOCALE_MAX + 1], d1[DATE_STR_MAX];
	overview_heading(v, "Due in the next 14 days", cols);
	if (!store_forecast(a->store, a->today, OVERVIEW_DUE_DAYS, &fc, &nf, &e))
		view_add_text(v, ROLE_ERROR, e.msg, cols);
	for (size_t i = 0; i < nf; i++) {
		char *s;
		if (fc[i].shortfall_date != 0)
			s = xasprintf("  ! total %s \u2014 cash runs short on %s (lowest %s)",
				      screens_money(fc[i].obligations, false, b1),
				      date_format(fc[i].shortfall_date, d1),
				      screens_money(fc[i].lowest, false, (char[MONEY_LOCALE_MAX + 1]){ 0 }));
		else
			s = xasprintf("  total %s \u2014 cash covers it (lowest %s on %s)",
				      screens_money(fc[i].obligations, false, b1),
				      screens_money(fc[i].lowest, false, (char[MONEY_LOCALE_MAX + 1]){ 0 }),
				      date_format(fc[i].lowest_date ? fc[i].lowest_date : a->today, d1));
		view_add_text(v, fc[i].shortfall_date ? ROLE_WARNING : ROLE_NORMAL, s, cols);
		free(s);
	}
	if (n == 0)
		view_add_text(v, ROLE_MUTED, "  nothing due", cols);
	size_t money_w = 14, fixed = 2 + 11 + 10 + money_w + 9;
	size_t title_w = cols > fixed + 8 ? cols - fixed : 8;
	for (size_t i = 0; i < n; i++) {
		struct vline *l = view_line(v, false, -1);
		bool od = ob[i].overdue;
		view_cell(l, od ? ROLE_WARNING : ROLE_NORMAL, od ? "! " : "  ", 2, SANITIZE_LEFT);
		view_cell(l, ROLE_NORMAL, date_format(ob[i].due, d1), 11, SANITIZE_LEFT);
		char when[32];
		int64_t days = date_days_between(a->today, ob[i].due);
		if (od)
			snprintf(when, sizeof when, "overdue");
		else if (days == 0)
			snprintf(when, sizeof when, "today");
		else
			snprintf(when, sizeof when, "in %lld d", (long long)days);
		view_cell(l, od ? ROLE_WARNING : ROLE_MUTED, when, 10, SANITIZE_LEFT);
		view_cell(l, ROLE_NORMAL, ob[i].title, title_w, SANITIZE_LEFT);
		view_cell(l, ROLE_NEGATIVE, screens_money(ob[i].amount, false, b1), money_w,
			  SANITIZE_RIGHT);
		const char *kind = ob[i].kind == OBLIGATION_INSTALLMENT ? " BNPL"
				   : ob[i].kind == OBLIGATION_SCHEDULED	 ? " sched."
				   : ob[i].autopay			 ? " autopay"
									 : " bill";
		view_cell(l, ROLE_MUTED, kind, 9, SANITIZE_LEFT);
	}
	free(ob);
	free(fc);
}

static const char *overview_alert_text(enum alert_kind k)
{
	switch (k) {
	case ALERT_BILL_OVERDUE: return "bill overdue";
	case ALERT_INSTALLMENT_OVERDUE: return "BNPL installment overdue";
	case ALERT_LOW_BALANCE: return "balance below threshold";
	case ALERT_PROJECTED_OVERDRAFT: return "projected overdraft";
	case ALERT_CONNECTION: return "connection needs attention";
	}
	return "alert";
}

static void overview_alerts(struct view *v, const struct app *a, size_t cols)
{
	struct alert *al = NULL;
	size_t n = 0;
	const struct money *low =
		a->cfg != NULL && a->cfg->has_low_balance ? &a->cfg->low_balance : NULL;
	store_alerts(a->store, a->today, low, &al, &n);
	overview_heading(v, "Alerts", cols);
	if (n == 0)
		view_add_text(v, ROLE_MUTED, "  none", cols);
	char b1[MONEY_LOCALE_MAX + 1], d1[DATE_STR_MAX];
	for (size_t i = 0; i < n; i++) {
		struct buf b = BUF_INIT;
		buf_printf(&b, "  ! %s: %s", overview_alert_text(al[i].kind),
			   al[i].subject ? al[i].subject : "");
		if (al[i].kind != ALERT_CONNECTION)
			buf_printf(&b, "  %s", screens_money(al[i].amount, false, b1));
		if (al[i].date != 0)
			buf_printf(&b, "  %s", date_format(al[i].date, d1));
		view_add_text(v, ROLE_WARNING, b.data, cols);
		buf_free(&b);
	}
	free(al);
}

static void overview_build(void *state, struct app *a)
{
	struct lines_state *st = state;
	screens_lines_reset(st);
	size_t cols = (size_t)a->body_cols;
	if (a->store == NULL)
		return;
	/* Alerts come right after the totals: they are short and urgent. */
	overview_positions(&st->view, a, cols);
	view_add_text(&st->view, ROLE_NORMAL, "", cols);
	overview_alerts(&st->view, a, cols);
	view_add_text(&st->view, ROLE_NORMAL, "", cols);
	overview_accounts(&st->view, a, cols);
	view_add_text(&st->view, ROLE_NORMAL, "", cols);
	overview_due(&st->view, a, cols);
	screens_lines_fit(st, a);
}

const struct screen_ops screen_overview_ops = {
	.name = "Overview",
	.tab = 1,
	.keys = &overview_keys,
	.hints = "j/k scroll",
	.init = overview_init,
	.free = screens_lines_free,
	.build = overview_build,
	.handle = screens_lines_handle,
	.draw = screens_lines_draw,
};

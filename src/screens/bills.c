/* bills.c — tab 3: bills sorted by due date (overdue first), with days left,
 * amount due and minimum, autopay, and the scheduled payments.  Paying is a
 * separate feature; this screen only shows. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "screens/screens.h"
#include "store.h"
#include "xmalloc.h"

static const struct keymap bills_keys = { NULL, 0 };

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
			struct vline *l = view_line(&st->view, false, -1);
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

const struct screen_ops screen_bills_ops = {
	.name = "Bills",
	.tab = 3,
	.keys = &bills_keys,
	.hints = "j/k move",
	.init = screens_lines_new,
	.free = screens_lines_free,
	.build = bills_build,
	.handle = screens_lines_handle,
	.draw = screens_lines_draw,
};

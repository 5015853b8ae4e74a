/* transfers.c — tab 4: person-to-person transfers: today's limits, the
 * contacts (with the bank's payee check and whether the next transfer to
 * them needs strong authentication), and the recent transfers with their
 * status.  `n` sends money (to the selected contact), `a` adds a contact;
 * both are dialogs in send.c. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "screens/screens.h"
#include "store.h"
#include "ui/form.h"
#include "xmalloc.h"

static const struct keybind transfers_binds[] = {
	{ 'n', ACT_SEND, "send money (to the selected contact)" },
	{ 'a', ACT_ADD_CONTACT, "add a contact (the bank checks the name)" },
};

static const struct keymap transfers_keys = {
	transfers_binds,
	sizeof transfers_binds / sizeof transfers_binds[0],
};

/* The line-based state plus the dialog this screen opened (0: none), so a
 * store change can move that dialog on (a contact just added arrives). */
struct transfers_state {
	struct lines_state lines; /* first: the shared line functions take it */
	uint64_t form;
};

static void *transfers_new(struct app *a)
{
	(void)a;
	return xcalloc(1, sizeof(struct transfers_state));
}

static const char *transfers_check(enum payee_check_result r)
{
	switch (r) {
	case PAYEE_CHECK_MATCH: return "\u2713 name matches";
	case PAYEE_CHECK_CLOSE_MATCH: return "~ close match";
	case PAYEE_CHECK_NO_MATCH: return "! no match";
	case PAYEE_CHECK_UNAVAILABLE: return "? unchecked";
	}
	return "?";
}

static const struct contact *transfers_contact(const struct store_conn *c, const char *id)
{
	for (size_t i = 0; id != NULL && i < c->contacts.n; i++)
		if (strcmp(c->contacts.items[i].id, id) == 0)
			return &c->contacts.items[i];
	return NULL;
}

static void transfers_limits(struct view *v, const struct store_conn *c, size_t cols)
{
	char b1[MONEY_LOCALE_MAX + 1], b2[MONEY_LOCALE_MAX + 1], b3[MONEY_LOCALE_MAX + 1];
	char *s = xasprintf("  %s: %s left of %s today; above %s needs a one-time code",
			    screens_conn_name(c), screens_money(c->limits.remaining_today, false, b1),
			    screens_money(c->limits.daily_limit, false, b2),
			    screens_money(c->limits.sca_threshold, false, b3));
	view_add_text(v, ROLE_NORMAL, s, cols);
	free(s);
}

static void transfers_build(void *state, struct app *a)
{
	struct transfers_state *ts = state;
	struct lines_state *st = &ts->lines;
	if (ts->form != 0 && a->form != NULL && form_id(a->form) == ts->form)
		screens_send_store_changed(a);
	screens_lines_reset(st);
	size_t cols = (size_t)a->body_cols;
	char b1[MONEY_LOCALE_MAX + 1], d1[DATE_STR_MAX];
	size_t n_contacts = 0, n_transfers = 0;
	view_add_text(&st->view, ROLE_HEADER, "Limits", cols);
	for (size_t c = 0; a->store != NULL && c < a->store->n_conns; c++)
		if (a->store->conns[c].has_limits)
			transfers_limits(&st->view, &a->store->conns[c], cols);
	view_add_text(&st->view, ROLE_NORMAL, "", cols);

	size_t check_w = 16, sca_w = cols >= 80 ? 18 : 0;
	size_t name_w = cols >= 80 ? 24 : 16;
	size_t handle_w = cols > 2 + name_w + check_w + sca_w + 8 ? cols - 2 - name_w - check_w - sca_w
								   : 8;
	view_add_text(&st->view, ROLE_HEADER, "Contacts", cols);
	for (size_t c = 0; a->store != NULL && c < a->store->n_conns; c++) {
		const struct contact_list *cl = &a->store->conns[c].contacts;
		for (size_t i = 0; i < cl->n; i++, n_contacts++) {
			const struct contact *ct = &cl->items[i];
			bool bad = ct->payee_check.result == PAYEE_CHECK_NO_MATCH;
			struct vline *l = screens_lines_row(st, c, i);
			view_cell(l, ROLE_NORMAL, "  ", 2, SANITIZE_LEFT);
			view_cell(l, ROLE_NORMAL, ct->name, name_w, SANITIZE_LEFT);
			view_cell(l, ROLE_MUTED, ct->handle, handle_w, SANITIZE_LEFT);
			view_cell(l, bad ? ROLE_WARNING : ROLE_NORMAL,
				  transfers_check(ct->payee_check.result), check_w, SANITIZE_LEFT);
			if (sca_w)
				view_cell(l, ROLE_MUTED,
					  ct->has_first_transfer_at ? "" : "first: needs code", sca_w,
					  SANITIZE_LEFT);
		}
	}
	if (n_contacts == 0)
		view_add_text(&st->view, ROLE_MUTED, "  no contacts", cols);
	view_add_text(&st->view, ROLE_NORMAL, "", cols);

	size_t money_w = 14, stat_w = 12;
	size_t to_w = cols > 2 + 11 + money_w + stat_w + 8 ? cols - 2 - 11 - money_w - stat_w : 8;
	view_add_text(&st->view, ROLE_HEADER, "Recent transfers", cols);
	for (size_t c = 0; a->store != NULL && c < a->store->n_conns; c++) {
		const struct store_conn *sc = &a->store->conns[c];
		for (size_t i = 0; i < sc->transfers.n; i++, n_transfers++) {
			const struct transfer *t = &sc->transfers.items[i];
			const struct contact *ct = transfers_contact(sc, t->contact_id);
			bool failed = t->status == TRANSFER_FAILED;
			struct vline *l = view_line(&st->view, false, -1);
			view_cell(l, failed ? ROLE_WARNING : ROLE_NORMAL, failed ? "! " : "  ", 2,
				  SANITIZE_LEFT);
			view_cell(l, ROLE_NORMAL, date_format(date_of_timestamp_utc(t->created_at), d1),
				  11, SANITIZE_LEFT);
			char *to = xasprintf("%s%s%s", ct ? ct->name : t->contact_id,
					     t->memo ? " \u2014 " : "", t->memo ? t->memo : "");
			view_cell(l, ROLE_NORMAL, to, to_w, SANITIZE_LEFT);
			free(to);
			view_cell(l, ROLE_NEGATIVE, screens_money(t->amount, false, b1), money_w,
				  SANITIZE_RIGHT);
			char stt[24];
			snprintf(stt, sizeof stt, "  %s", transfer_status_name(t->status));
			view_cell(l, failed ? ROLE_WARNING : ROLE_MUTED, stt, stat_w, SANITIZE_LEFT);
		}
	}
	if (n_transfers == 0)
		view_add_text(&st->view, ROLE_MUTED, "  no transfers", cols);
	screens_lines_fit(st, a);
}

static unsigned transfers_handle(void *state, struct app *a, const struct ui_event *ev)
{
	struct transfers_state *ts = state;
	if (ev->action != ACT_SEND && ev->action != ACT_ADD_CONTACT)
		return screens_lines_handle(&ts->lines, a, ev);
	const struct screen_ref *r = screens_lines_selected(&ts->lines);
	const struct store_conn *c =
		r != NULL && a->store != NULL && r->conn < a->store->n_conns ? &a->store->conns[r->conn]
									  : NULL;
	const char *conn = c != NULL ? c->name : NULL;
	if (ev->action == ACT_SEND)
		screens_send_open(a, conn,
				  c != NULL && r->item < c->contacts.n ? c->contacts.items[r->item].id
								       : NULL);
	else
		screens_contact_add_open(a, conn);
	ts->form = a->form != NULL ? form_id(a->form) : 0;
	return SCREEN_HANDLED | SCREEN_REDRAW;
}

const struct screen_ops screen_transfers_ops = {
	.name = "Transfers",
	.tab = 4,
	.keys = &transfers_keys,
	.hints = "n send  a add contact  j/k move",
	.init = transfers_new,
	.free = screens_lines_free,
	.build = transfers_build,
	.handle = transfers_handle,
	.draw = screens_lines_draw,
};

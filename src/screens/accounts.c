/* accounts.c — tab 2: the account list, and (Enter) one account's
 * transactions: date, description, amount, running balance, pending marked.
 *
 * The transaction list is virtual so that it stays instant with a million
 * transactions: it keeps one array of matching indexes (allocated once per
 * account, reused by every search keystroke) and formats only the rows on
 * screen.  The running balance of a row is the account balance minus the
 * posted amounts above it; it is computed incrementally while painting from
 * the top visible row (one pass over the rows above it, cached by the
 * filter). */
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "date.h"
#include "screens/screens.h"
#include "store.h"
#include "ui/framelog.h"
#include "ui/widgets.h"
#include "xmalloc.h"

static const struct keybind accounts_binds[] = {
	{ '\n', ACT_ENTER, "open the account's transactions" },
};
static const struct keymap accounts_keys = { accounts_binds, 1 };

static void accounts_build(void *state, struct app *a)
{
	struct lines_state *st = state;
	screens_lines_reset(st);
	size_t cols = (size_t)a->body_cols;
	char b1[MONEY_LOCALE_MAX + 1], b2[MONEY_LOCALE_MAX + 1];
	size_t money_w = cols >= 80 ? 17 : 14, type_w = cols >= 80 ? 12 : 0;
	size_t fixed = 2 + type_w + 2 * money_w + 8;
	size_t name_w = cols > fixed + 8 ? cols - fixed : 8;
	struct vline *h = view_line(&st->view, false, -1);
	view_cell(h, ROLE_HEADER, "  Account", 2 + name_w, SANITIZE_LEFT);
	if (type_w)
		view_cell(h, ROLE_HEADER, "Type", type_w, SANITIZE_LEFT);
	view_cell(h, ROLE_HEADER, "Balance", money_w, SANITIZE_RIGHT);
	view_cell(h, ROLE_HEADER, "Available", money_w, SANITIZE_RIGHT);
	view_cell(h, ROLE_HEADER, "Txns", 8, SANITIZE_RIGHT);
	for (size_t c = 0; a->store != NULL && c < a->store->n_conns; c++) {
		const struct store_conn *sc = &a->store->conns[c];
		if (sc->n_accounts == 0)
			continue;
		view_add_text(&st->view, ROLE_HEADER, screens_conn_name(sc), cols);
		for (size_t i = 0; i < sc->n_accounts; i++) {
			const struct store_account *sa = &sc->accounts[i];
			const struct account *ac = &sa->account;
			struct vline *l = screens_lines_row(st, c, i);
			view_cell(l, ROLE_NORMAL, "  ", 2, SANITIZE_LEFT);
			view_cell(l, ROLE_NORMAL, ac->name, name_w, SANITIZE_LEFT);
			if (type_w)
				view_cell(l, ROLE_MUTED, account_type_name(ac->type), type_w,
					  SANITIZE_LEFT);
			view_cell(l, ac->balance.minor < 0 ? ROLE_NEGATIVE : ROLE_NORMAL,
				  screens_money(ac->balance, false, b1), money_w, SANITIZE_RIGHT);
			view_cell(l, ROLE_MUTED,
				  ac->has_available_balance
					  ? screens_money(ac->available_balance, false, b2)
					  : "\u2014",
				  money_w, SANITIZE_RIGHT);
			char n[24];
			snprintf(n, sizeof n, "%zu", sa->n_txns);
			view_cell(l, ROLE_MUTED, n, 8, SANITIZE_RIGHT);
		}
	}
	screens_lines_fit(st, a);
}

static unsigned accounts_handle(void *state, struct app *a, const struct ui_event *ev)
{
	struct lines_state *st = state;
	if (ev->action == ACT_ENTER) {
		const struct screen_ref *r = screens_lines_selected(st);
		if (r == NULL)
			return SCREEN_HANDLED;
		struct txns_state *t = xcalloc(1, sizeof *t);
		t->conn = r->conn;
		t->acct = r->item;
		a->push = (struct screen){ &screen_txns_ops, t };
		return SCREEN_HANDLED | SCREEN_PUSH;
	}
	return screens_lines_handle(st, a, ev);
}

const struct screen_ops screen_accounts_ops = {
	.name = "Accounts",
	.tab = 2,
	.keys = &accounts_keys,
	.hints = "Enter transactions",
	.init = screens_lines_new,
	.free = screens_lines_free,
	.build = accounts_build,
	.handle = accounts_handle,
	.draw = screens_lines_draw,
};

/* ---- transactions ------------------------------------------------------ */

static const struct keybind txns_binds[] = {
	{ '/', ACT_SEARCH, "search descriptions and merchants" },
	{ 'f', ACT_FILTER, "filter: pending only, amount range, date range" },
	{ 'p', ACT_FILTER_PENDING, "show pending only / all" },
	{ '\n', ACT_ENTER, "details of the selected transaction" },
};
static const struct keymap txns_keys = { txns_binds, 4 };

static struct store_account *txns_account(const struct txns_state *st, const struct app *a)
{
	if (a->store == NULL || st->conn >= a->store->n_conns)
		return NULL;
	struct store_conn *c = &a->store->conns[st->conn];
	return st->acct < c->n_accounts ? &c->accounts[st->acct] : NULL;
}

/* Case-insensitive ASCII substring test that allocates nothing. */
static bool txns_contains(const char *hay, const char *needle, size_t nlen)
{
	if (hay == NULL)
		return false;
	if (nlen == 0)
		return true;
	return strcasestr(hay, needle) != NULL;
}

/* Whether t passes the search (query NUL-terminated). */
static bool txns_matches(const struct txns_state *st, const struct transaction *t)
{
	return st->qlen == 0 || txns_contains(t->description, st->query, st->qlen) ||
	       txns_contains(t->merchant, st->query, st->qlen) ||
	       txns_contains(t->counterparty, st->query, st->qlen);
}

static size_t txns_rows(const struct app *a)
{
	return (size_t)(a->body_rows > 2 ? a->body_rows - 2 : 1);
}

/* How long a key or an idle turn may spend on a search or filter. */
#define TXNS_SLICE_NS ((int64_t)1000000)

static int64_t txns_now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

/* Tests more of the scan, for about budget_ns (< 0: to the end); true when
 * the scan is finished.  match[] is written at n_match, which never passes
 * scan_pos, so narrowing works in place. */
static bool txns_scan_step(struct txns_state *st, struct app *a, int64_t budget_ns)
{
	struct store_account *sa = txns_account(st, a);
	if (sa == NULL) {
		st->scanning = false;
		st->n_match = st->cur.n = 0;
		return true;
	}
	st->query[st->qlen] = '\0';
	int64_t deadline = txns_now_ns() + budget_ns;
	size_t pos = st->scan_pos, kept = st->n_match;
	while (pos < st->scan_end) {
		/* The clock every 256 rows: a row may cost three substring
		 * searches, so a larger batch overshoots the slice. */
		size_t stop = st->scan_end - pos > 256 ? pos + 256 : st->scan_end;
		for (; pos < stop; pos++) {
			size_t idx = st->scan_narrow ? st->match[pos] : pos;
			const struct transaction *t = &sa->txns[idx];
			if ((st->scan_narrow || txn_filter_match(&st->filter, t)) &&
			    txns_matches(st, t))
				st->match[kept++] = idx;
		}
		if (budget_ns >= 0 && txns_now_ns() >= deadline)
			break;
	}
	st->scan_pos = pos;
	st->n_match = st->cur.n = kept;
	st->scanning = pos < st->scan_end;
	if (!st->scanning)
		framelog_note("scanned");
	return !st->scanning;
}

/* Starts testing every transaction of the account again (a shorter query,
 * a new filter, a store change); the match array grows only with the
 * account, never per key. */
static void txns_scan_all(struct txns_state *st, struct app *a)
{
	struct store_account *sa = txns_account(st, a);
	size_t n = sa != NULL ? sa->n_txns : 0;
	if (st->cap_match < n) {
		st->cap_match = n;
		free(st->match);
		st->match = xreallocarray(NULL, st->cap_match, sizeof *st->match);
	}
	st->n_match = 0;
	st->scan_pos = 0;
	st->scan_end = n;
	st->scan_narrow = false;
	st->scanning = true;
}

/* The query grew: only the current matches (and, in an unfinished
 * narrowing, the rows not tested yet) can still match. */
static void txns_scan_narrow(struct txns_state *st, struct app *a)
{
	if (st->scanning && !st->scan_narrow) {
		txns_scan_all(st, a);
		return;
	}
	size_t n = st->n_match;
	if (st->scanning) {
		size_t rest = st->scan_end - st->scan_pos;
		memmove(st->match + n, st->match + st->scan_pos, rest * sizeof *st->match);
		n += rest;
	}
	st->n_match = 0;
	st->scan_pos = 0;
	st->scan_end = n;
	st->scan_narrow = true;
	st->scanning = true;
}

/* After a key changed the query or the filter: one slice now, the rest in
 * txns_idle(); the selection goes back to the top. */
static void txns_rescan(struct txns_state *st, struct app *a, bool narrow)
{
	if (narrow)
		txns_scan_narrow(st, a);
	else
		txns_scan_all(st, a);
	st->cur.sel = st->cur.top = 0;
	txns_scan_step(st, a, TXNS_SLICE_NS);
}

static bool txns_idle(void *state, struct app *a)
{
	struct txns_state *st = state;
	if (!st->scanning)
		return false;
	size_t before = st->n_match;
	bool done = txns_scan_step(st, a, TXNS_SLICE_NS);
	/* Repaint when the scan ends or the screen had room for more rows. */
	if (done || before < st->cur.top + txns_rows(a))
		a->dirty = true;
	return !done;
}

void screens_txns_filter(struct txns_state *st, struct app *a)
{
	txns_scan_all(st, a);
	txns_scan_step(st, a, -1);
	list_cursor_fit(&st->cur, txns_rows(a));
}

/* The running balances' partial sums (see struct txns_state). */
static void txns_bal_build(struct txns_state *st, const struct store_account *sa)
{
	free(st->bal_sum);
	st->n_bal_sum = sa->n_txns / TXNS_BAL_STEP + 1;
	st->bal_sum = xreallocarray(NULL, st->n_bal_sum, sizeof *st->bal_sum);
	st->bal_limit = sa->n_txns;
	int64_t sum = 0;
	for (size_t i = 0; i < sa->n_txns; i++) {
		if (i % TXNS_BAL_STEP == 0)
			st->bal_sum[i / TXNS_BAL_STEP] = sum;
		if (sa->txns[i].status == TXN_POSTED &&
		    __builtin_add_overflow(sum, sa->txns[i].amount.minor, &sum)) {
			st->bal_limit = i;
			break;
		}
	}
	if (st->bal_limit == sa->n_txns && sa->n_txns % TXNS_BAL_STEP == 0)
		st->bal_sum[sa->n_txns / TXNS_BAL_STEP] = sum;
}

/* The running balance on row idx: the balance minus the posted amounts of
 * txns [0, idx); false when it does not fit. */
static bool txns_bal_at(const struct txns_state *st, const struct store_account *sa, size_t idx,
			struct money *out)
{
	if (idx >= st->bal_limit || st->bal_sum == NULL)
		return false;
	int64_t sum = st->bal_sum[idx / TXNS_BAL_STEP];
	for (size_t i = idx - idx % TXNS_BAL_STEP; i < idx; i++)
		if (sa->txns[i].status == TXN_POSTED)
			sum += sa->txns[i].amount.minor; /* no overflow below bal_limit */
	*out = sa->account.balance;
	return !__builtin_sub_overflow(out->minor, sum, &out->minor);
}

static void txns_detail(struct txns_state *st, struct app *a)
{
	struct store_account *sa = txns_account(st, a);
	view_clear(&st->detail_view);
	if (sa == NULL || st->cur.sel >= st->n_match)
		return;
	const struct transaction *t = &sa->txns[st->match[st->cur.sel]];
	size_t cols = (size_t)a->body_cols;
	char ts[DATE_TIMESTAMP_STR_MAX], b1[MONEY_LOCALE_MAX + 1];
	const char *labels[] = { "Description", "Merchant", "Counterparty", "Category", "Status",
				 "Booked", "Amount", "Id" };
	const char *values[] = { t->description, t->merchant, t->counterparty, t->category,
				 txn_status_name(t->status), date_format_timestamp(t->booked_at, ts),
				 screens_money(t->amount, true, b1), t->id };
	view_add_text(&st->detail_view, ROLE_HEADER, "Transaction", cols);
	for (size_t i = 0; i < sizeof labels / sizeof labels[0]; i++) {
		struct vline *l = view_line(&st->detail_view, false, -1);
		view_cell(l, ROLE_MUTED, labels[i], 14, SANITIZE_LEFT);
		view_cell(l, ROLE_NORMAL, values[i] ? values[i] : "\u2014", cols - 14, SANITIZE_LEFT);
	}
	view_add_text(&st->detail_view, ROLE_MUTED, "", cols);
	view_add_text(&st->detail_view, ROLE_MUTED, "q or Esc: back to the list", cols);
}

static void txns_build(void *state, struct app *a)
{
	struct txns_state *st = state;
	struct store_account *sa = txns_account(st, a);
	if (sa != NULL)
		txns_bal_build(st, sa);
	screens_txns_filter(st, a);
	if (st->detail)
		txns_detail(st, a);
}

static void txns_free(void *state)
{
	struct txns_state *st = state;
	if (st == NULL)
		return;
	free(st->match);
	free(st->bal_sum);
	view_clear(&st->detail_view);
	free(st);
}

static unsigned txns_search_key(struct txns_state *st, struct app *a, const struct ui_event *ev)
{
	int k = ev->key;
	if (k == 27 || k == '\n' || k == '\r' || k == KEY_ENTER) {
		st->searching = false;
		if (k == 27) {
			st->qlen = 0;
			txns_rescan(st, a, false);
		}
		return SCREEN_HANDLED | SCREEN_REDRAW;
	}
	if (k == KEY_BACKSPACE || k == 127 || k == 8) {
		if (st->qlen > 0)
			st->qlen--;
	} else if (k >= ' ' && k < 256 && st->qlen + 1 < sizeof st->query) {
		st->query[st->qlen++] = (char)k;
		/* A longer query only narrows: filter the current matches in
		 * place instead of scanning the whole account again. */
		txns_rescan(st, a, true);
		return SCREEN_HANDLED | SCREEN_REDRAW;
	} else if (ev->action == ACT_UP || ev->action == ACT_DOWN) {
		list_cursor_move(&st->cur, ev->action, txns_rows(a));
		return SCREEN_HANDLED | SCREEN_REDRAW;
	} else {
		return SCREEN_HANDLED;
	}
	txns_rescan(st, a, false);
	return SCREEN_HANDLED | SCREEN_REDRAW;
}

/* ---- the filter form ('f') -------------------------------------------- */

/* Typed characters per field: a date is 10, an amount rarely more than 12. */
#define TXNS_FORM_TEXT_MAX 16

static void txns_form_open(struct txns_state *st)
{
	st->form = true;
	st->form_field = TXNS_FORM_PENDING;
	st->form_pending = st->filter.pending_only;
}

/* Enter: the typed filter replaces the current one, or, when a field does
 * not parse, the bottom line says why and nothing changes. */
static unsigned txns_form_apply(struct txns_state *st, struct app *a)
{
	struct store_account *sa = txns_account(st, a);
	if (sa == NULL) {
		st->form = false;
		return SCREEN_HANDLED | SCREEN_REDRAW;
	}
	for (size_t i = 0; i < TXNS_FORM_FIELDS - 1; i++)
		st->form_text[i][st->form_len[i]] = '\0';
	struct txn_filter_input in = { st->form_pending, st->form_text[0], st->form_text[1],
				       st->form_text[2], st->form_text[3] };
	struct err e = ERR_INIT;
	if (!txn_filter_parse(&in, sa->account.currency, &st->filter, &e)) {
		app_message(a, true, "%s", e.msg);
		return SCREEN_HANDLED | SCREEN_REDRAW;
	}
	st->form = false;
	txns_rescan(st, a, false);
	return SCREEN_HANDLED | SCREEN_REDRAW;
}

/* Every key goes to the form while it is open (like the search prompt). */
static unsigned txns_form_key(struct txns_state *st, struct app *a, const struct ui_event *ev)
{
	int k = ev->key;
	if (ev->action == ACT_CLICK)
		return SCREEN_IGNORED;
	if (k == 27) {
		st->form = false;
		return SCREEN_HANDLED | SCREEN_REDRAW;
	}
	if (k == '\n' || k == '\r' || k == KEY_ENTER)
		return txns_form_apply(st, a);
	if (k == '\t' || k == KEY_DOWN) {
		st->form_field = (st->form_field + 1) % TXNS_FORM_FIELDS;
	} else if (k == KEY_BTAB || k == KEY_UP) {
		st->form_field = (st->form_field + TXNS_FORM_FIELDS - 1) % TXNS_FORM_FIELDS;
	} else if (st->form_field == TXNS_FORM_PENDING) {
		if (k == ' ' || k == 'x' || k == 'p')
			st->form_pending = !st->form_pending;
	} else {
		size_t f = st->form_field - 1;
		if (k == KEY_BACKSPACE || k == 127 || k == 8) {
			if (st->form_len[f] > 0)
				st->form_len[f]--;
		} else if (k == 21) { /* Ctrl-U */
			st->form_len[f] = 0;
		} else if (k > ' ' && k < 127 && st->form_len[f] < TXNS_FORM_TEXT_MAX) {
			st->form_text[f][st->form_len[f]++] = (char)k;
		}
	}
	return SCREEN_HANDLED | SCREEN_REDRAW;
}

/* Esc / q on the list: search and filter go, and the form forgets them. */
static void txns_clear(struct txns_state *st, struct app *a)
{
	st->qlen = 0;
	st->filter = (struct txn_filter){ 0 };
	for (size_t i = 0; i < TXNS_FORM_FIELDS - 1; i++)
		st->form_len[i] = 0;
	txns_rescan(st, a, false);
}

static unsigned txns_handle(void *state, struct app *a, const struct ui_event *ev)
{
	struct txns_state *st = state;
	if (st->form)
		return txns_form_key(st, a, ev);
	if (st->searching)
		return txns_search_key(st, a, ev);
	if (st->detail) {
		if (ev->action == ACT_BACK || ev->action == ACT_ENTER) {
			st->detail = false;
			return SCREEN_HANDLED | SCREEN_REDRAW;
		}
		return SCREEN_IGNORED;
	}
	switch (ev->action) {
	case ACT_SEARCH:
		st->searching = true;
		return SCREEN_HANDLED | SCREEN_REDRAW;
	case ACT_FILTER:
		txns_form_open(st);
		return SCREEN_HANDLED | SCREEN_REDRAW;
	case ACT_FILTER_PENDING:
		st->filter.pending_only = !st->filter.pending_only;
		txns_rescan(st, a, false);
		return SCREEN_HANDLED | SCREEN_REDRAW;
	case ACT_ENTER:
		if (st->n_match == 0)
			return SCREEN_HANDLED;
		st->detail = true;
		txns_detail(st, a);
		return SCREEN_HANDLED | SCREEN_REDRAW;
	case ACT_BACK:
		if (st->qlen > 0 || txn_filter_active(&st->filter)) {
			txns_clear(st, a);
			return SCREEN_HANDLED | SCREEN_REDRAW;
		}
		return SCREEN_IGNORED;
	case ACT_CLICK:
		if (ev->y >= 2 && st->cur.top + (size_t)(ev->y - 2) < st->n_match) {
			st->cur.sel = st->cur.top + (size_t)(ev->y - 2);
			return SCREEN_HANDLED | SCREEN_REDRAW;
		}
		return SCREEN_HANDLED;
	default:
		if (list_cursor_move(&st->cur, ev->action, txns_rows(a)))
			return SCREEN_HANDLED | SCREEN_REDRAW;
		return SCREEN_IGNORED;
	}
}

/* One field of the form: ">[typed_    ]" when it has the focus (a marker
 * that needs no colour), " [typed      ]" otherwise. */
static void txns_form_field(struct vline *l, const struct txns_state *st, size_t field)
{
	bool focus = st->form_field == field;
	char *s = xasprintf("%c[%-*.*s]", focus ? '>' : ' ', TXNS_FORM_TEXT_MAX + 1,
			    (int)st->form_len[field - 1], st->form_text[field - 1]);
	if (focus)
		s[2 + st->form_len[field - 1]] = '_';
	view_text(l, focus ? ROLE_WARNING : ROLE_NORMAL, s);
	free(s);
}

/* "  Amount from >[10_   ] to  [     ] USD": the fields first and first + 1. */
static void txns_form_range(struct view *v, const struct txns_state *st, const char *label,
			    size_t first, const char *unit)
{
	struct vline *l = view_line(v, false, -1);
	view_text(l, ROLE_NORMAL, label);
	txns_form_field(l, st, first);
	view_text(l, ROLE_NORMAL, " to ");
	txns_form_field(l, st, first + 1);
	view_text(l, ROLE_MUTED, " ");
	view_text(l, ROLE_MUTED, unit);
}

/* The form's lines, painted over the bottom of the list. */
static void txns_form_view(const struct txns_state *st, const struct store_account *sa,
			   size_t cols, struct view *v)
{
	view_add_text(v, ROLE_HEADER, "Filter", cols);
	struct vline *l = view_line(v, false, -1);
	bool focus = st->form_field == TXNS_FORM_PENDING;
	view_text(l, ROLE_NORMAL, "  Pending only ");
	view_text(l, focus ? ROLE_WARNING : ROLE_NORMAL,
		  st->form_pending ? (focus ? ">[x]" : " [x]") : (focus ? ">[ ]" : " [ ]"));
	view_text(l, ROLE_MUTED, "  Space toggles");
	txns_form_range(v, st, "  Amount from ", TXNS_FORM_MIN, sa->account.currency);
	txns_form_range(v, st, "  Date   from ", TXNS_FORM_FROM, "YYYY-MM-DD");
	view_add_text(v, ROLE_MUTED,
		      "  Tab next field  Enter apply  Esc cancel  amounts match debits and credits",
		      cols);
}

static void txns_draw(const void *state, const struct app *a, int top)
{
	const struct txns_state *st = state;
	struct store_account *sa = txns_account(st, a);
	size_t cols = (size_t)a->body_cols;
	if (sa == NULL) {
		ui_put(top, 0, cols, ROLE_ERROR, "this account is gone; press q");
		return;
	}
	if (st->detail) {
		ui_draw_view(&st->detail_view, 0, top, a->body_rows, a->body_cols, -1);
		return;
	}
	struct view v = { 0 };
	struct vline *t = view_line(&v, false, -1);
	char *title;
	char *q = xstrndup(st->query, st->qlen);
	char fd[TXN_FILTER_DESCRIBE_MAX];
	txn_filter_describe(&st->filter, sa->account.currency, fd);
	if (st->searching || st->qlen > 0 || fd[0] != '\0')
		title = xasprintf("%s%s%s%s%zu%s of %zu%s%s%s", st->searching ? "/" : "",
				  !st->searching && st->qlen > 0 ? "search: " : "", q,
				  st->searching || st->qlen > 0 ? "  " : "", st->n_match,
				  st->scanning ? "+ (searching)" : "", sa->n_txns,
				  fd[0] ? "  [filter: " : "", fd, fd[0] ? "]" : "");
	else
		title = xasprintf("%zu transactions", sa->n_txns);
	free(q);
	view_text(t, ROLE_HEADER, sa->account.name);
	view_text(t, ROLE_NORMAL, "  ");
	view_text(t, st->searching ? ROLE_WARNING : ROLE_MUTED, title);
	free(title);
	size_t money_w = 14, date_w = 11, mark_w = 2;
	size_t bal_w = cols >= 80 ? 16 : 0;
	size_t fixed = date_w + mark_w + money_w + bal_w + 1;
	size_t desc_w = cols > fixed + 8 ? cols - fixed : 8;
	struct vline *h = view_line(&v, false, -1);
	view_cell(h, ROLE_HEADER, "Date", date_w, SANITIZE_LEFT);
	view_cell(h, ROLE_HEADER, "", mark_w, SANITIZE_LEFT);
	view_cell(h, ROLE_HEADER, "Description", desc_w, SANITIZE_LEFT);
	view_cell(h, ROLE_HEADER, "Amount", money_w, SANITIZE_RIGHT);
	if (bal_w)
		view_cell(h, ROLE_HEADER, "Balance", bal_w + 1, SANITIZE_RIGHT);
	size_t rows = txns_rows(a);
	char d1[DATE_STR_MAX], b1[MONEY_LOCALE_MAX + 1], b2[MONEY_LOCALE_MAX + 1];
	for (size_t r = 0; r < rows && st->cur.top + r < st->n_match; r++) {
		size_t idx = st->match[st->cur.top + r];
		const struct transaction *tx = &sa->txns[idx];
		struct vline *l = view_line(&v, true, (long)idx);
		bool pend = tx->status == TXN_PENDING;
		view_cell(l, ROLE_NORMAL, date_format(date_of_timestamp_utc(tx->booked_at), d1),
			  date_w, SANITIZE_LEFT);
		view_cell(l, ROLE_WARNING, pend ? "P" : "", mark_w, SANITIZE_LEFT);
		const char *desc = tx->merchant && tx->description == NULL ? tx->merchant
									   : tx->description;
		view_cell(l, pend ? ROLE_MUTED : ROLE_NORMAL, desc, desc_w, SANITIZE_LEFT);
		view_cell(l, tx->amount.minor < 0 ? ROLE_NEGATIVE : ROLE_POSITIVE,
			  screens_money(tx->amount, true, b1), money_w, SANITIZE_RIGHT);
		if (bal_w) {
			struct money run;
			const char *shown = pend			      ? "(pending)"
					    : txns_bal_at(st, sa, idx, &run) ? screens_money(run, false, b2)
									     : "\u2014";
			char *s = xasprintf(" %s", shown);
			view_cell(l, ROLE_MUTED, s, bal_w + 1, SANITIZE_RIGHT);
			free(s);
		}
	}
	long sel = st->n_match ? (long)(st->cur.sel - st->cur.top) + 2 : -1;
	ui_draw_view(&v, 0, top, a->body_rows, a->body_cols, sel);
	view_clear(&v);
	if (st->form) {
		txns_form_view(st, sa, cols, &v);
		int n = (int)v.n < a->body_rows ? (int)v.n : a->body_rows;
		ui_draw_view(&v, 0, top + a->body_rows - n, n, a->body_cols, -1);
		view_clear(&v);
	}
}

const struct screen_ops screen_txns_ops = {
	.name = "Transactions",
	.tab = 0,
	.keys = &txns_keys,
	.hints = "/ search  f filter  p pending  Enter details",
	.init = NULL,
	.free = txns_free,
	.build = txns_build,
	.handle = txns_handle,
	.draw = txns_draw,
	.idle = txns_idle,
};

/* test_screens.c — the screens without a terminal: fill a store from the
 * Bank API fixtures, drive the app with events the way the main loop does,
 * and inspect the screens' view-models (what would be painted). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "app.h"
#include "fsutil.h"
#include "providers/bankapi.h"
#include "screens/screens.h"
#include "store.h"
#include "ui/widgets.h"
#include "xmalloc.h"

#ifndef TEST_SRCDIR
#define TEST_SRCDIR "."
#endif

static char *fixture(const char *name, size_t *len)
{
	char *path = xasprintf("%s/tests/fixtures/%s", TEST_SRCDIR, name);
	struct err e = ERR_INIT;
	char *data = fsutil_read_file(path, 1 << 20, len, &e);
	if (data == NULL)
		fail_msg("%s", e.msg);
	free(path);
	return data;
}

/* Northwind from the fixtures: institution, accounts, bills, payments, plans,
 * a page of transactions for acc_chk, and the hostile page for acc_card. */
static struct store *store_from_fixtures(void)
{
	struct store *s = store_new();
	struct store_conn *c = store_conn_get(s, "northwind", true);
	struct err e = ERR_INIT;
	size_t len;
	char *j;

	struct institution inst = { 0 };
	j = fixture("bankapi/institution.json", &len);
	assert_true(bankapi_parse_institution(j, len, &inst, &e));
	free(j);
	store_set_institution(s, c, &inst);

	struct account_list al = { 0 };
	j = fixture("bankapi/accounts.json", &len);
	assert_true(bankapi_parse_accounts(j, len, &al, &e));
	free(j);
	store_set_accounts(s, c, &al);

	struct bill_list bl = { 0 };
	j = fixture("bankapi/bills.json", &len);
	assert_true(bankapi_parse_bills(j, len, &bl, &e));
	free(j);
	store_set_bills(s, c, &bl);

	struct payment_list pl = { 0 };
	j = fixture("bankapi/payments.json", &len);
	assert_true(bankapi_parse_payments(j, len, &pl, &e));
	free(j);
	store_set_payments(s, c, &pl);

	struct bnpl_plan_list bp = { 0 };
	j = fixture("bankapi/plans.json", &len);
	assert_true(bankapi_parse_plans(j, len, &bp, &e));
	free(j);
	store_set_plans(s, c, &bp);

	struct contact_list cl = { 0 };
	j = fixture("bankapi/contacts.json", &len);
	assert_true(bankapi_parse_contacts(j, len, &cl, &e));
	free(j);
	store_set_contacts(s, c, &cl);

	struct transfer_limits lim;
	j = fixture("bankapi/limits.json", &len);
	assert_true(bankapi_parse_transfer_limits(j, len, &lim, &e));
	free(j);
	store_set_limits(s, c, &lim);

	struct transaction_list tl = { 0 };
	j = fixture("bankapi/transactions_page.json", &len);
	assert_true(bankapi_parse_transactions(j, len, "USD", &tl, &e));
	free(j);
	assert_true(store_merge_transactions(s, c, "acc_chk", &tl, &e));
	transaction_list_free(&tl);

	j = fixture("bankapi-edge/transactions_hostile.json", &len);
	assert_true(bankapi_parse_transactions(j, len, "USD", &tl, &e));
	free(j);
	assert_true(store_merge_transactions(s, c, "acc_card", &tl, &e));
	transaction_list_free(&tl);
	store_conn_set_state(s, c, CONN_OK, 1795430520, NULL);
	return s;
}

struct fixture_state {
	struct store *store;
	struct app *app;
};

static int setup(void **state)
{
	setenv("BANKTERM_NOW", "2026-11-23T10:42:00Z", 1);
	setenv("TZ", "UTC", 1);
	struct fixture_state *f = xcalloc(1, sizeof *f);
	f->store = store_from_fixtures();
	f->app = app_new(NULL, NULL, f->store);
	app_set_size(f->app, 30, 100);
	assert_true(app_show_tab(f->app, 1));
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture_state *f = *state;
	app_free(&f->app);
	assert_null(f->app);
	store_free(&f->store);
	free(f);
	return 0;
}

static void press(struct app *a, int key)
{
	struct screen *top = app_top(a);
	struct ui_event ev = { keymap_lookup(top ? top->ops->keys : NULL, key), key, 0, 0 };
	app_dispatch(a, &ev);
}

static void type(struct app *a, const char *s)
{
	for (; *s; s++)
		press(a, (unsigned char)*s);
}

/* The index of the first line of v containing text, or -1. */
static long find_line(const struct view *v, const char *text)
{
	for (size_t i = 0; i < v->n; i++) {
		char *s = vline_join(&v->lines[i]);
		bool hit = strstr(s, text) != NULL;
		free(s);
		if (hit)
			return (long)i;
	}
	return -1;
}

/* No line of v holds a control character, a C1 control, ESC or a bidi
 * override, and none is wider than cols. */
static void assert_view_safe(const struct view *v, size_t cols)
{
	for (size_t i = 0; i < v->n; i++) {
		char *s = vline_join(&v->lines[i]);
		for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
			assert_true(*p >= 0x20 && *p != 0x7f);
			if (p[0] == 0xc2)
				assert_false(p[1] >= 0x80 && p[1] <= 0x9f);
			if (p[0] == 0xe2 && p[1] == 0x80)
				assert_false(p[2] == 0xae || p[2] == 0x8b);
		}
		if (sanitize_width(s) > cols)
			fail_msg("line %zu is %zu columns wide (max %zu): %s", i, sanitize_width(s), cols,
				 s);
		free(s);
	}
}

static struct lines_state *top_lines(struct app *a)
{
	return app_top(a)->state;
}

static void test_overview_answers(void **state)
{
	struct fixture_state *f = *state;
	struct lines_state *st = top_lines(f->app);
	assert_ptr_equal(app_top(f->app)->ops, &screen_overview_ops);
	/* 20403.45 + 15700.00 assets; 677.63 card + 1136.98 BNPL debts. */
	assert_true(find_line(&st->view, "+34288.84 USD") >= 0);
	assert_true(find_line(&st->view, "1814.61 USD") >= 0);
	assert_true(find_line(&st->view, "Northwind Bank") >= 0);
	assert_true(find_line(&st->view, "avail 20355.56 USD") >= 0);
	assert_true(find_line(&st->view, "Due in the next 14 days") >= 0);
	long water = find_line(&st->view, "! bill overdue: Metro Water");
	assert_true(water >= 0);
	long due = find_line(&st->view, "2026-11-20 overdue");
	assert_true(due >= 0);
	char *s = vline_join(&st->view.lines[due]);
	assert_int_equal(s[0], '!');
	free(s);
	assert_view_safe(&st->view, 100);
}

static void test_overview_scrolls(void **state)
{
	struct fixture_state *f = *state;
	app_set_size(f->app, 15, 60);
	assert_false(f->app->too_small);
	struct lines_state *st = top_lines(f->app);
	assert_view_safe(&st->view, 60);
	assert_true(st->view.n > 13);
	press(f->app, 'j');
	assert_int_equal(st->cur.top, 1);
	press(f->app, 'G');
	assert_int_equal(st->cur.top, st->view.n - 13);
	press(f->app, 'g');
	assert_int_equal(st->cur.top, 0);
	app_set_size(f->app, 10, 50);
	assert_true(f->app->too_small);
}

static void test_accounts_to_transactions(void **state)
{
	struct fixture_state *f = *state;
	press(f->app, '2');
	assert_ptr_equal(app_top(f->app)->ops, &screen_accounts_ops);
	struct lines_state *st = top_lines(f->app);
	const struct screen_ref *r = screens_lines_selected(st);
	assert_non_null(r);
	assert_int_equal(r->item, 0);
	press(f->app, 'j');
	assert_int_equal(screens_lines_selected(st)->item, 1);
	press(f->app, 'k');
	press(f->app, '\n');
	assert_int_equal(f->app->depth, 2);
	assert_ptr_equal(app_top(f->app)->ops, &screen_txns_ops);
	struct txns_state *t = app_top(f->app)->state;
	assert_int_equal(t->n_match, 20);
	press(f->app, 'G');
	assert_int_equal(t->cur.sel, 19);

	/* Incremental search: each key narrows; 'j' is text while searching. */
	type(f->app, "/");
	assert_true(t->searching);
	type(f->app, "sunrise");
	assert_int_equal(t->n_match, 3);
	type(f->app, "j");
	assert_int_equal(t->n_match, 0);
	press(f->app, 127);
	assert_int_equal(t->n_match, 3);
	press(f->app, '\n');
	assert_false(t->searching);
	/* Enter on a row shows its details; Esc goes back to the list. */
	press(f->app, '\n');
	assert_true(t->detail);
	assert_true(find_line(&t->detail_view, "Sunrise Supermarket") >= 0);
	press(f->app, 27);
	assert_false(t->detail);
	/* q clears the search first, then leaves the list. */
	press(f->app, 'q');
	assert_int_equal(t->n_match, 20);
	press(f->app, 'p');
	assert_int_equal(t->n_match, 2);
	press(f->app, 'p');
	press(f->app, 'q');
	assert_int_equal(f->app->depth, 1);
	assert_ptr_equal(app_top(f->app)->ops, &screen_accounts_ops);
	press(f->app, 'q');
	assert_true(f->app->quit);
}

/* 'f': a form for pending only, amount and date ranges; bad input says why
 * on the bottom line and changes nothing; q clears the filter. */
static void test_transactions_filter_form(void **state)
{
	struct fixture_state *f = *state;
	press(f->app, '2');
	press(f->app, '\n');
	struct txns_state *t = app_top(f->app)->state;
	assert_int_equal(t->n_match, 20);
	press(f->app, 'f');
	assert_true(t->form);
	/* The amount range is on the size: 30..40 keeps 5 debits. */
	type(f->app, "\t30\t40");
	press(f->app, '\n');
	assert_false(t->form);
	assert_int_equal(t->n_match, 5);
	/* The form keeps what was typed; add 2026-11-12..2026-11-20. */
	type(f->app, "f\t\t\t2026-11-12\t2026-11-20\n");
	assert_int_equal(t->n_match, 1);
	/* Bad input: the form stays open, the bottom line says which field,
	 * the list is unchanged. */
	type(f->app, "f\t");
	press(f->app, 21);
	type(f->app, "abc\n");
	assert_true(t->form);
	assert_true(f->app->msg_error);
	assert_non_null(strstr(f->app->msg, "amount from"));
	assert_int_equal(t->n_match, 1);
	/* Esc leaves the form without applying it. */
	press(f->app, 27);
	assert_false(t->form);
	assert_int_equal(t->n_match, 1);
	/* q clears the whole filter, and the form forgets it. */
	press(f->app, 'q');
	assert_int_equal(t->n_match, 20);
	assert_false(txn_filter_active(&t->filter));
	/* Space on the first field toggles pending only. */
	type(f->app, "f \n");
	assert_int_equal(t->n_match, 2);
	assert_true(t->filter.pending_only);
	assert_int_equal(f->app->depth, 2);
}

/* 200,000 transactions in Savings (the second account): a search key tests
 * rows for about a millisecond and the loop's idle() finishes the scan; what
 * it finds is what a scan in one go finds, whatever the slices were. */
static void test_transactions_search_in_slices(void **state)
{
	struct fixture_state *f = *state;
	struct store_conn *c = store_conn_get(f->store, "northwind", false);
	enum { BIG = 200000, PAGE = 5000 };
	for (size_t from = 0; from < BIG; from += PAGE) {
		struct transaction_list l = { xcalloc(PAGE, sizeof(struct transaction)), PAGE, NULL };
		for (size_t i = 0; i < PAGE; i++) {
			struct transaction *t = &l.items[i];
			t->id = xasprintf("big%06zu", from + i);
			t->booked_at = 1795392000 - (int64_t)(from + i) * 60;
			t->amount = (struct money){ -(int64_t)(from + i) % 5000 * 2 - 2, "USD" };
			t->description = xasprintf("TRANSFER %zu", (from + i) * 7919 % 100003);
		}
		assert_true(store_merge_transactions(f->store, c, "acc_sav", &l, NULL));
	}
	press(f->app, '2');
	press(f->app, 'j');
	press(f->app, '\n');
	struct txns_state *t = app_top(f->app)->state;
	assert_true(t->n_match >= BIG);
	/* Keys while a scan runs: '2' narrows what '1' kept and what it has
	 * not tested yet. */
	type(f->app, "/1");
	struct screen *top = app_top(f->app);
	size_t turns = top->ops->idle(top->state, f->app);
	type(f->app, "23");
	while (top->ops->idle(top->state, f->app))
		turns++;
	assert_false(t->scanning);
	size_t sliced = t->n_match;
	size_t *got = xreallocarray(NULL, sliced, sizeof *got);
	memcpy(got, t->match, sliced * sizeof *got);
	/* The same query in one go. */
	screens_txns_filter(t, f->app);
	assert_false(t->scanning);
	assert_int_equal(t->n_match, sliced);
	assert_memory_equal(t->match, got, sliced * sizeof *got);
	assert_true(sliced > 0 && sliced < BIG / 10);
	free(got);
	/* A shorter query scans the whole account again; a key during that
	 * scan starts it over. */
	press(f->app, 127);
	press(f->app, 127);
	type(f->app, "4");
	while (top->ops->idle(top->state, f->app))
		turns++;
	sliced = t->n_match;
	got = xreallocarray(NULL, sliced, sizeof *got);
	memcpy(got, t->match, sliced * sizeof *got);
	screens_txns_filter(t, f->app);
	assert_int_equal(t->n_match, sliced);
	assert_memory_equal(t->match, got, sliced * sizeof *got);
	free(got);
	print_message("search in slices: %zu idle turns\n", turns);
}

static void test_hostile_strings_escaped(void **state)
{
	struct fixture_state *f = *state;
	press(f->app, '2');
	press(f->app, 'j');
	press(f->app, 'j');
	press(f->app, '\n');
	struct txns_state *t = app_top(f->app)->state;
	assert_int_equal(t->conn, 0);
	assert_int_equal(t->acct, 2);
	assert_true(t->n_match >= 2);
	press(f->app, '\n');
	assert_true(t->detail);
	assert_view_safe(&t->detail_view, 100);
	assert_true(find_line(&t->detail_view, "\\x1b]0;pwned\\x07") >= 0);
	press(f->app, 27);
	press(f->app, 'j');
	press(f->app, '\n');
	assert_true(find_line(&t->detail_view, "\\u202eevil\\u200b") >= 0);
}

static void test_bills_sorted(void **state)
{
	struct fixture_state *f = *state;
	press(f->app, '3');
	struct lines_state *st = top_lines(f->app);
	long water = find_line(&st->view, "Metro Water");
	long gym = find_line(&st->view, "Ironworks Gym");
	long power = find_line(&st->view, "City Power");
	assert_true(water > 0 && water < gym && gym < power);
	char *s = vline_join(&st->view.lines[water]);
	assert_non_null(strstr(s, "3 late"));
	assert_int_equal(s[0], '!');
	free(s);
	assert_true(find_line(&st->view, "Scheduled payments") > power);
	assert_view_safe(&st->view, 100);
}

static void test_bnpl_plan(void **state)
{
	struct fixture_state *f = *state;
	press(f->app, '5');
	struct lines_state *st = top_lines(f->app);
	assert_true(find_line(&st->view, "are credit") >= 0);
	assert_true(find_line(&st->view, "Total owed: 1136.98 USD") >= 0);
	assert_true(find_line(&st->view, "29.99%") >= 0);
	press(f->app, 'G');
	press(f->app, '\n');
	assert_ptr_equal(app_top(f->app)->ops, &screen_plan_ops);
	struct lines_state *p = top_lines(f->app);
	assert_true(find_line(&p->view, "one missed installment costs 7.00 USD") >= 0);
	assert_true(find_line(&p->view, "overdue") >= 0);
	press(f->app, 27);
	assert_ptr_equal(app_top(f->app)->ops, &screen_bnpl_ops);
}

static void test_transfers(void **state)
{
	struct fixture_state *f = *state;
	press(f->app, '4');
	assert_ptr_equal(app_top(f->app)->ops, &screen_transfers_ops);
	struct lines_state *st = top_lines(f->app);
	assert_true(find_line(&st->view, "2500.00 USD left of 2500.00 USD today") >= 0);
	long carol = find_line(&st->view, "Carol White");
	assert_true(carol >= 0);
	char *s = vline_join(&st->view.lines[carol]);
	assert_non_null(strstr(s, "! no match"));
	free(s);
	assert_true(find_line(&st->view, "no transfers") >= 0);
	assert_int_equal(screens_lines_selected(st)->item, 0);
	press(f->app, 'G');
	assert_int_equal(screens_lines_selected(st)->item, 4);
}

static void test_global_keys(void **state)
{
	struct fixture_state *f = *state;
	press(f->app, '6');
	assert_ptr_equal(app_top(f->app)->ops, &screen_timeline_ops);
	press(f->app, '1');
	assert_ptr_equal(app_top(f->app)->ops, &screen_overview_ops);
	press(f->app, '?');
	assert_true(f->app->help);
	press(f->app, 'x');
	assert_false(f->app->help);
	press(f->app, 'L');
	assert_false(f->app->locked); /* no vault: nothing to lock */
	assert_non_null(strstr(f->app->msg, "nothing to lock"));
	press(f->app, 'r');
	assert_true(f->app->msg_error);
	/* A click on the top bar selects the tab under it. */
	int x = 0;
	while (x < 100 && ui_tab_at(f->app, x) != 3)
		x++;
	assert_true(x < 100);
	struct ui_event click = { ACT_CLICK, 0, -1, x };
	app_dispatch(f->app, &click);
	assert_ptr_equal(app_top(f->app)->ops, &screen_bills_ops);
	/* A click on a row selects it. */
	struct lines_state *st = top_lines(f->app);
	struct ui_event row = { ACT_CLICK, 0, 3, 5 };
	app_dispatch(f->app, &row);
	assert_int_equal(st->cur.sel, 3);
	press(f->app, 'Q');
	assert_true(f->app->quit);
}

/* Every screen fits 60 columns (the smallest supported) and 100. */
static void test_screens_fit(void **state)
{
	struct fixture_state *f = *state;
	const int widths[] = { 60, 100 };
	for (size_t w = 0; w < 2; w++) {
		app_set_size(f->app, 15, widths[w]);
		for (int tab = 1; tab <= 6; tab++) {
			if (!app_show_tab(f->app, tab))
				continue;
			if (tab == 2)
				continue; /* the transaction list is painted row by row */
			if (tab == 6) {
				const struct timeline_state *tl = app_top(f->app)->state;
				assert_view_safe(&tl->chart, (size_t)widths[w]);
				assert_view_safe(&tl->head, (size_t)widths[w]);
				assert_view_safe(&tl->list, (size_t)widths[w]);
				continue;
			}
			assert_view_safe(&top_lines(f->app)->view, (size_t)widths[w]);
		}
		app_show_tab(f->app, 5);
		press(f->app, 'G');
		press(f->app, '\n');
		assert_ptr_equal(app_top(f->app)->ops, &screen_plan_ops);
		assert_view_safe(&top_lines(f->app)->view, (size_t)widths[w]);
	}
}

static void test_help_from_keymap(void **state)
{
	(void)state;
	struct view v = { 0 };
	ui_help_lines(screen_txns_ops.keys, "Transactions", &v, 60);
	assert_true(find_line(&v, "search descriptions") >= 0);
	assert_true(find_line(&v, "Down j") >= 0);
	assert_true(find_line(&v, "lock") >= 0);
	/* Every binding with help text of the screen is listed. */
	for (size_t i = 0; i < screen_txns_ops.keys->n; i++)
		assert_true(find_line(&v, screen_txns_ops.keys->binds[i].help) >= 0);
	view_clear(&v);
}

static void test_conn_status(void **state)
{
	struct fixture_state *f = *state;
	struct store_conn *c = &f->store->conns[0];
	char *s = ui_conn_status(c, 0);
	assert_string_equal(s, "Northwind Bank \u2713 10:42");
	free(s);
	store_conn_set_progress(f->store, c, 2, 5);
	store_conn_set_state(f->store, c, CONN_SYNCING, 1795430520, NULL);
	s = ui_conn_status(c, 1);
	assert_string_equal(s, "Northwind \u27f3 2/5");
	free(s);
	store_conn_set_state(f->store, c, CONN_NEEDS_RELINK, 1795430520, "token rejected");
	s = ui_conn_status(c, 2);
	assert_string_equal(s, "Northwind ! re-link");
	free(s);
}

static void test_list_cursor(void **state)
{
	(void)state;
	struct list_cursor c = { 100, 0, 0 };
	assert_true(list_cursor_move(&c, ACT_PAGE_DOWN, 10));
	assert_int_equal(c.sel, 9);
	assert_int_equal(c.top, 0);
	list_cursor_move(&c, ACT_DOWN, 10);
	assert_int_equal(c.sel, 10);
	assert_int_equal(c.top, 1);
	list_cursor_move(&c, ACT_END, 10);
	assert_int_equal(c.sel, 99);
	assert_int_equal(c.top, 90);
	list_cursor_move(&c, ACT_PAGE_UP, 10);
	assert_int_equal(c.sel, 90);
	list_cursor_move(&c, ACT_HOME, 10);
	assert_int_equal(c.sel, 0);
	assert_int_equal(c.top, 0);
	assert_false(list_cursor_move(&c, ACT_HELP, 10));
	struct list_cursor empty = { 0, 0, 0 };
	list_cursor_move(&empty, ACT_END, 10);
	assert_int_equal(empty.sel, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_overview_answers, setup, teardown),
		cmocka_unit_test_setup_teardown(test_overview_scrolls, setup, teardown),
		cmocka_unit_test_setup_teardown(test_accounts_to_transactions, setup, teardown),
		cmocka_unit_test_setup_teardown(test_transactions_filter_form, setup, teardown),
		cmocka_unit_test_setup_teardown(test_transactions_search_in_slices, setup, teardown),
		cmocka_unit_test_setup_teardown(test_hostile_strings_escaped, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bills_sorted, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bnpl_plan, setup, teardown),
		cmocka_unit_test_setup_teardown(test_transfers, setup, teardown),
		cmocka_unit_test_setup_teardown(test_global_keys, setup, teardown),
		cmocka_unit_test_setup_teardown(test_conn_status, setup, teardown),
		cmocka_unit_test_setup_teardown(test_screens_fit, setup, teardown),
		cmocka_unit_test(test_help_from_keymap),
		cmocka_unit_test(test_list_cursor),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

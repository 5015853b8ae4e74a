/* test_timeline_screen.c — the Timeline screen without a terminal: the
 * chart's scaling (below-zero and below-threshold markers under the right
 * columns, whether days share columns or span several; labelled zero and
 * threshold lines; block characters or ASCII; extreme values), and the
 * screen's view-model driven through the app (rows, balance cells with
 * their markers, the chart following the selection, Enter, clicks, 60×15). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "app.h"
#include "config.h"
#include "screens/screens.h"
#include "test_timeline_sample.h"
#include "ui/widgets.h"
#include "xmalloc.h"

#define NDAYS 61

/* 1000.00 until day 9, 300.00 (below the 500.00 threshold) on days 10-19,
 * -200.00 on days 20-29, 800.00 from day 30, with a one-day dip to -50.00
 * on day 40. */
static void sample_days(int64_t end[NDAYS])
{
	for (size_t d = 0; d < NDAYS; d++)
		end[d] = d < 10 ? 100000 : d < 20 ? 30000 : d < 30 ? -20000 : 80000;
	end[40] = -5000;
}

static struct screens_chart chart_of(const int64_t *end, size_t cols, bool utf8)
{
	return (struct screens_chart){ end, NDAYS, TODAY, "USD", true, 50000, 6, cols, utf8 };
}

static char *line(const struct view *v, size_t i)
{
	assert_true(i < v->n);
	return vline_join(&v->lines[i]);
}

/* The marker row's character at display column x (the row is ASCII). */
static char marker_at(const struct view *v, const struct screens_chart *c, size_t d)
{
	char *s = line(v, c->height);
	size_t x = screens_chart_col(c, d);
	assert_true(x < strlen(s));
	char m = s[x];
	free(s);
	return m;
}

static void assert_markers(const struct screens_chart *c)
{
	struct view v = { 0 };
	screens_chart(&v, c);
	assert_int_equal(v.n, c->height + 2); /* plot rows, markers, dates */
	assert_int_equal(marker_at(&v, c, 0), ' ');
	assert_int_equal(marker_at(&v, c, 9), ' ');
	assert_int_equal(marker_at(&v, c, 10), '~');
	assert_int_equal(marker_at(&v, c, 19), '~');
	assert_int_equal(marker_at(&v, c, 20), '!');
	assert_int_equal(marker_at(&v, c, 29), '!');
	assert_int_equal(marker_at(&v, c, 30), ' ');
	assert_int_equal(marker_at(&v, c, 40), '!');
	assert_int_equal(marker_at(&v, c, 60), ' ');
	for (size_t i = 0; i < v.n; i++) {
		char *s = line(&v, i);
		if (sanitize_width(s) > c->cols)
			fail_msg("chart line %zu is wider than %zu: %s", i, c->cols, s);
		free(s);
	}
	view_clear(&v);
}

static void test_chart_markers_wide(void **state)
{
	(void)state;
	int64_t end[NDAYS];
	sample_days(end);
	/* More columns than days: every day spans one or two columns. */
	struct screens_chart c = chart_of(end, 100, false);
	assert_markers(&c);
	assert_true(screens_chart_col(&c, 1) > screens_chart_col(&c, 0));
	/* Both columns of a two-column day carry its marker. */
	struct view v = { 0 };
	screens_chart(&v, &c);
	char *m = line(&v, c.height);
	size_t x20 = screens_chart_col(&c, 20), x21 = screens_chart_col(&c, 21);
	for (size_t x = x20; x < x21; x++)
		assert_int_equal(m[x], '!');
	assert_int_equal(m[screens_chart_col(&c, 19)], '~');
	free(m);
	view_clear(&v);
}

static void test_chart_markers_narrow(void **state)
{
	(void)state;
	int64_t end[NDAYS];
	sample_days(end);
	/* 60 columns: fewer plot columns than days, so some days share a
	 * column; day 40's dip shares its column with day 41 (800.00) and the
	 * column still says "!": a column shows its lowest day. */
	struct screens_chart c = chart_of(end, 60, false);
	assert_int_equal(screens_chart_col(&c, 40), screens_chart_col(&c, 41));
	assert_markers(&c);
}

static void test_chart_lines_labelled(void **state)
{
	(void)state;
	int64_t end[NDAYS];
	sample_days(end);
	struct screens_chart c = chart_of(end, 80, false);
	c.height = 12;
	struct view v = { 0 };
	screens_chart(&v, &c);
	bool zero = false, low = false;
	for (size_t i = 0; i < c.height; i++) {
		char *s = line(&v, i);
		if (strstr(s, "      0+") == s) /* the zero row: label and axis */
			zero = strchr(s, '-') != NULL;
		if (strstr(s, "    low|") == s) /* the threshold row */
			low = strchr(s, '~') != NULL;
		if (i == 0)
			assert_non_null(strstr(s, "1000.00|"));
		if (i == c.height - 1)
			assert_non_null(strstr(s, "-200.00|"));
		for (const char *p = s; *p; p++)
			assert_true((unsigned char)*p < 0x80); /* ASCII only */
		free(s);
	}
	assert_true(zero);
	assert_true(low);
	char *dates = line(&v, c.height + 1);
	assert_non_null(strstr(dates, "03-14")); /* TODAY */
	assert_non_null(strstr(dates, "05-13")); /* TODAY + 60 */
	free(dates);
	view_clear(&v);
}

static void test_chart_utf8(void **state)
{
	(void)state;
	int64_t end[NDAYS];
	sample_days(end);
	struct screens_chart c = chart_of(end, 80, true);
	c.height = 12;
	assert_markers(&c);
	struct view v = { 0 };
	screens_chart(&v, &c);
	bool block = false, zero = false, low = false;
	for (size_t i = 0; i < c.height; i++) {
		char *s = line(&v, i);
		block |= strstr(s, "\u2588") != NULL;
		zero |= strstr(s, "0\u253c") != NULL && strstr(s, "\u2500") != NULL;
		low |= strstr(s, "low\u2524") != NULL && strstr(s, "\u2504") != NULL;
		free(s);
	}
	assert_true(block);
	assert_true(zero);
	assert_true(low);
	view_clear(&v);
}

static void test_chart_no_threshold(void **state)
{
	(void)state;
	int64_t end[NDAYS];
	sample_days(end);
	struct screens_chart c = chart_of(end, 80, false);
	c.has_low = false;
	struct view v = { 0 };
	screens_chart(&v, &c);
	char *m = line(&v, c.height);
	assert_null(strchr(m, '~'));
	assert_non_null(strchr(m, '!'));
	free(m);
	for (size_t i = 0; i < c.height; i++) {
		char *s = line(&v, i);
		assert_null(strstr(s, "low"));
		free(s);
	}
	view_clear(&v);
}

static void test_chart_extremes(void **state)
{
	(void)state;
	int64_t flat[NDAYS] = { 0 };
	struct screens_chart c = chart_of(flat, 60, false);
	c.has_low = false;
	struct view v = { 0 };
	screens_chart(&v, &c); /* all zero: no division by zero */
	assert_int_equal(v.n, c.height + 2);
	view_clear(&v);
	int64_t wild[NDAYS];
	for (size_t d = 0; d < NDAYS; d++)
		wild[d] = d % 2 ? INT64_MAX : INT64_MIN + 1;
	c = chart_of(wild, 60, true);
	c.low = INT64_MAX - 1;
	screens_chart(&v, &c); /* the full int64 range: no overflow */
	char *m = line(&v, c.height);
	assert_int_equal(m[screens_chart_col(&c, 0)], '!');
	free(m);
	view_clear(&v);
	c.cols = 3; /* narrower than the labels: still one plot column */
	screens_chart(&v, &c);
	assert_int_equal(v.n, c.height + 2);
	view_clear(&v);
}

/* ---- the screen ---------------------------------------------------------- */

struct fixture {
	struct store *store;
	struct config *cfg;
	struct app *app;
};

static int setup(void **state)
{
	struct fixture *f = xcalloc(1, sizeof *f);
	const char *conf = "[general]\nlow_balance_threshold = 800.00 USD\n";
	struct err e = ERR_INIT;
	f->cfg = config_parse(conf, strlen(conf), "test", NULL, &e);
	assert_non_null(f->cfg);
	f->store = sample_store();
	f->app = app_new(f->cfg, NULL, f->store);
	f->app->today = TODAY;
	app_set_size(f->app, 40, 120);
	assert_true(app_show_tab(f->app, 6));
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	app_free(&f->app);
	store_free(&f->store);
	config_free(&f->cfg);
	free(f);
	return 0;
}

static struct timeline_state *timeline_of(struct app *a)
{
	struct screen *top = app_top(a);
	assert_ptr_equal(top->ops, &screen_timeline_ops);
	return top->state;
}

static void press(struct app *a, int key)
{
	struct screen *top = app_top(a);
	struct ui_event ev = { keymap_lookup(top->ops->keys, key), key, 0, 0 };
	app_dispatch(a, &ev);
}

static bool line_has(const struct view *v, size_t i, const char *text)
{
	char *s = line(v, i);
	bool hit = strstr(s, text) != NULL;
	free(s);
	return hit;
}

static void test_screen_rows(void **state)
{
	struct fixture *f = *state;
	struct timeline_state *st = timeline_of(f->app);
	assert_int_equal(st->list.n, 5);
	/* Overdue first, marked with "!", counted today. */
	assert_true(line_has(&st->list, 0, "! 2026-03-14 Payee late (bill, overdue)"));
	assert_true(line_has(&st->list, 0, "-50.00 USD"));
	/* Balances after the day, per funding account (columns in order of
	 * first use: checking, savings, Cedar's checking); "~" below 800.00. */
	assert_true(line_has(&st->head, 0, "Everyday Checking"));
	assert_true(line_has(&st->list, 0, " 850.00 USD"));
	assert_true(line_has(&st->list, 1, "~750.00 USD"));
	assert_true(line_has(&st->list, 3, "4970.00 USD")); /* the payment from savings */
	/* Cedar's rent takes its checking account below zero: "!". */
	assert_true(line_has(&st->list, 4, "Payee rent (bill)"));
	assert_true(line_has(&st->list, 4, "!-100.00 USD"));
	/* The chart is the first row's account. */
	assert_true(line_has(&st->chart, 0, "Everyday Checking"));
	assert_true(line_has(&st->chart, st->chart.n - 1, "~ below low 800.00 USD"));
}

static void test_screen_chart_follows_selection(void **state)
{
	struct fixture *f = *state;
	for (int i = 0; i < 4; i++)
		press(f->app, 'j');
	struct timeline_state *st = timeline_of(f->app);
	assert_int_equal(st->cur.sel, 4);
	assert_true(line_has(&st->chart, 0, "! Share Draft"));
	assert_true(line_has(&st->chart, 0, "below zero on 2026-04-03"));
	press(f->app, 'g');
	assert_true(line_has(&st->chart, 0, "Everyday Checking"));
}

static void test_screen_enter(void **state)
{
	struct fixture *f = *state;
	press(f->app, 'j');
	press(f->app, 'j'); /* the installment */
	press(f->app, '\n');
	assert_ptr_equal(app_top(f->app)->ops, &screen_plan_ops);
	const struct lines_state *plan = app_top(f->app)->state;
	assert_true(line_has(&plan->view, 0, "Lumen Audio"));
	press(f->app, 'q');
	assert_int_equal(timeline_of(f->app)->cur.sel, 2);
	press(f->app, 'k'); /* a bill */
	press(f->app, '\n');
	assert_ptr_equal(app_top(f->app)->ops, &screen_bills_ops);
	press(f->app, 'q');
	timeline_of(f->app);
}

static void test_screen_click(void **state)
{
	struct fixture *f = *state;
	struct timeline_state *st = timeline_of(f->app);
	struct ui_event ev = { ACT_CLICK, 0, (int)(st->chart.n + st->head.n + 3), 5 };
	app_dispatch(f->app, &ev);
	assert_int_equal(timeline_of(f->app)->cur.sel, 3);
	ev.y = 0; /* the chart: nothing selected */
	app_dispatch(f->app, &ev);
	assert_int_equal(timeline_of(f->app)->cur.sel, 3);
}

static void test_screen_small(void **state)
{
	struct fixture *f = *state;
	app_set_size(f->app, 15, 60);
	struct timeline_state *st = timeline_of(f->app);
	assert_true(st->list_rows >= 3);
	assert_int_equal(st->chart.n + st->head.n + st->list_rows, (size_t)f->app->body_rows);
	const struct view *views[] = { &st->chart, &st->head, &st->list };
	for (size_t k = 0; k < 3; k++)
		for (size_t i = 0; i < views[k]->n; i++) {
			char *s = line(views[k], i);
			if (sanitize_width(s) > 60)
				fail_msg("line wider than 60: %s", s);
			free(s);
		}
	/* Scrolling keeps the selection on screen. */
	press(f->app, 'G');
	assert_int_equal(st->cur.sel, 4);
	assert_true(st->cur.top + st->list_rows > st->cur.sel);
}

/* A bill in a currency no checking account holds: listed, and said to be
 * paid by no account. */
static void test_screen_unfunded(void **state)
{
	struct fixture *f = *state;
	struct bill eb = sample_bill("eur", (struct money){ 1000, "EUR" }, TODAY + 2, BILL_DUE);
	sample_set_bills(f->store, store_conn_get(f->store, "flexpay", false), &eb, 1);
	assert_true(app_show_tab(f->app, 6));
	struct timeline_state *st = timeline_of(f->app);
	assert_int_equal(st->list.n, 6);
	assert_true(line_has(&st->list, 1, "Payee eur (bill) -- no account pays"));
	assert_true(line_has(&st->list, 1, "-10.00 EUR"));
}

static void test_screen_help(void **state)
{
	(void)state;
	struct view v = { 0 };
	ui_help_lines(screen_timeline_ops.keys, screen_timeline_ops.name, &v, 70);
	bool enter = false;
	for (size_t i = 0; i < v.n; i++)
		enter |= line_has(&v, i, "open the row");
	assert_true(enter);
	view_clear(&v);
}

static void test_screen_empty(void **state)
{
	(void)state;
	struct store *s = store_new();
	struct app *a = app_new(NULL, NULL, s);
	a->today = TODAY;
	app_set_size(a, 30, 100);
	assert_true(app_show_tab(a, 6));
	struct timeline_state *st = timeline_of(a);
	assert_true(line_has(&st->chart, 0, "no account pays anything"));
	assert_true(line_has(&st->list, 0, "nothing due in the next 60 days"));
	press(a, '\n'); /* nothing to open */
	press(a, 'j');
	timeline_of(a);
	app_free(&a);
	store_free(&s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_chart_markers_wide),
		cmocka_unit_test(test_chart_markers_narrow),
		cmocka_unit_test(test_chart_lines_labelled),
		cmocka_unit_test(test_chart_utf8),
		cmocka_unit_test(test_chart_no_threshold),
		cmocka_unit_test(test_chart_extremes),
		cmocka_unit_test_setup_teardown(test_screen_rows, setup, teardown),
		cmocka_unit_test_setup_teardown(test_screen_chart_follows_selection, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_screen_enter, setup, teardown),
		cmocka_unit_test_setup_teardown(test_screen_click, setup, teardown),
		cmocka_unit_test_setup_teardown(test_screen_small, setup, teardown),
		cmocka_unit_test_setup_teardown(test_screen_unfunded, setup, teardown),
		cmocka_unit_test_setup_teardown(test_screen_help, setup, teardown),
		cmocka_unit_test(test_screen_empty),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

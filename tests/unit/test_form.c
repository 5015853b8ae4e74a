/* test_form.c — the modal dialogs (ui/form.h) without a terminal: events
 * go through app_dispatch as the main loop sends them, and the dialog's
 * lines (form_lines) are what would be painted.  Also payui_review: a
 * payment's review with its warnings marked in text, not colour alone. */
#include <curses.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "app.h"
#include "sync/payflow.h"
#include "ui/form.h"
#include "ui/payui.h"
#include "xmalloc.h"

/* What the owner saw. */
struct seen {
	int answers, cancels, released;
	long chosen;
	char value[FORM_INPUT_MAX + 1];
	/* what to do on an answer */
	int next_page; /* -1: nothing; else an enum form_page to start */
	bool refuse;   /* input: keep the page with form_error */
};

static void seen_answer(void *arg, struct form *f, struct app *a, enum form_event ev)
{
	(void)a;
	struct seen *s = arg;
	if (ev == FORM_CANCEL) {
		s->cancels++;
		return;
	}
	s->answers++;
	s->chosen = form_chosen(f);
	snprintf(s->value, sizeof s->value, "%s", form_value(f));
	if (s->refuse) {
		form_error(f, "amount: %s is not an amount", form_value(f));
		return;
	}
	if (s->next_page >= 0)
		form_page(f, (enum form_page)s->next_page, "next");
}

static void seen_release(void *arg)
{
	((struct seen *)arg)->released++;
}

static struct app *app_make(void)
{
	struct app *a = app_new(NULL, NULL, NULL);
	app_set_size(a, 15, 60);
	return a;
}

static void key(struct app *a, int k)
{
	struct ui_event ev = { keymap_lookup(a->form ? form_keymap(a->form) : NULL, k), k, 0, 0 };
	app_dispatch(a, &ev);
}

static void type(struct app *a, const char *s)
{
	while (*s != '\0')
		key(a, (unsigned char)*s++);
}

/* The dialog's lines joined by newlines (caller frees). */
static char *text_of(const struct app *a)
{
	struct view v = { 0 };
	form_lines(a->form, &v, 56);
	char *out = xstrdup("");
	for (size_t i = 0; i < v.n; i++) {
		char *l = vline_join(&v.lines[i]);
		char *t = xasprintf("%s%s\n", out, l);
		free(l);
		free(out);
		out = t;
	}
	view_clear(&v);
	return out;
}

static bool shows(const struct app *a, const char *needle)
{
	char *t = text_of(a);
	bool r = strstr(t, needle) != NULL;
	free(t);
	return r;
}

static struct form *open_seen(struct app *a, struct seen *s)
{
	struct form_owner ow = { seen_answer, seen_release, s };
	return form_open(a, "Pay \x1b[2Jtest", &ow);
}

static void test_choice_skips_disabled_and_picks(void **state)
{
	(void)state;
	struct app *a = app_make();
	struct seen s = { .next_page = FORM_INPUT };
	struct form *f = open_seen(a, &s);
	assert_non_null(f);
	form_page(f, FORM_CHOICE, "Pay from which account?");
	form_choice(f, "Visa", "credit card", 7, false);
	form_choice(f, "Checking", "2380.17 USD available", 8, true);
	form_choice(f, "Loan", NULL, 9, false);
	form_choice(f, "Savings", "15700.00 USD available", 10, true);
	assert_int_equal(form_chosen(f), 8); /* the first enabled one */
	assert_true(shows(a, "> Checking"));
	assert_true(shows(a, "2380.17 USD available"));
	key(a, KEY_DOWN);
	assert_int_equal(form_chosen(f), 10); /* the disabled Loan is skipped */
	key(a, KEY_DOWN);
	assert_int_equal(form_chosen(f), 10);
	key(a, 'k');
	assert_int_equal(form_chosen(f), 8);
	key(a, '\n');
	assert_int_equal(s.answers, 1);
	assert_int_equal(s.chosen, 8);
	assert_int_equal(form_kind(a->form), FORM_INPUT);
	app_free(&a);
	assert_int_equal(s.released, 1);
}

static void test_title_is_sanitized(void **state)
{
	(void)state;
	struct app *a = app_make();
	struct seen s = { .next_page = -1 };
	open_seen(a, &s);
	form_page(a->form, FORM_REVIEW, NULL);
	char *t = text_of(a);
	assert_null(strchr(t, '\x1b'));
	assert_non_null(strstr(t, "\\x1b[2J"));
	free(t);
	app_free(&a);
}

static void test_input_edits_and_validation_message(void **state)
{
	(void)state;
	struct app *a = app_make();
	struct seen s = { .next_page = FORM_REVIEW, .refuse = true };
	struct form *f = open_seen(a, &s);
	form_page(f, FORM_INPUT, "How much?");
	form_input(f, "Amount in USD:", "", 8);
	/* Keys that are global elsewhere are text here: q, y, ?, digits. */
	type(a, "q1y?");
	assert_string_equal(form_value(f), "q1y?");
	assert_non_null(a->form);
	key(a, KEY_BACKSPACE);
	key(a, 127);
	assert_string_equal(form_value(f), "q1");
	key(a, 21); /* Ctrl-U */
	assert_string_equal(form_value(f), "");
	type(a, "12.345");
	key(a, '\n');
	assert_int_equal(s.answers, 1);
	assert_string_equal(s.value, "12.345");
	assert_int_equal(form_kind(f), FORM_INPUT); /* kept */
	assert_true(shows(a, "! amount: 12.345 is not an amount"));
	assert_true(shows(a, "[ 12.345_ ]"));
	/* the next key clears the message */
	key(a, KEY_BACKSPACE);
	assert_false(shows(a, "! amount"));
	/* at most max_len bytes */
	key(a, 21);
	type(a, "123456789");
	assert_string_equal(form_value(f), "12345678");
	assert_true(shows(a, "at most 8 characters"));
	/* a UTF-8 character is erased whole */
	key(a, 21);
	type(a, "a\xc3\xa9");
	key(a, KEY_BACKSPACE);
	assert_string_equal(form_value(f), "a");
	s.refuse = false;
	key(a, '\n');
	assert_int_equal(form_kind(f), FORM_REVIEW);
	app_free(&a);
}

static void test_esc_cancels_and_closes(void **state)
{
	(void)state;
	struct app *a = app_make();
	enum form_page pages[] = { FORM_CHOICE, FORM_INPUT, FORM_REVIEW };
	for (size_t i = 0; i < 3; i++) {
		struct seen s = { .next_page = -1 };
		struct form *f = open_seen(a, &s);
		form_page(f, pages[i], "step");
		if (pages[i] == FORM_CHOICE)
			form_choice(f, "one", NULL, 1, true);
		if (pages[i] == FORM_INPUT)
			form_input(f, "x", "", 10);
		key(a, 27);
		assert_null(a->form);
		assert_int_equal(s.cancels, 1);
		assert_int_equal(s.answers, 0);
		assert_int_equal(s.released, 1);
	}
	app_free(&a);
}

static void test_review_confirm_keys_and_labels(void **state)
{
	(void)state;
	struct app *a = app_make();
	struct seen s = { .next_page = FORM_PROGRESS };
	struct form *f = open_seen(a, &s);
	form_page(f, FORM_REVIEW, "Check, then confirm");
	form_field(f, "Amount", "112.48 USD");
	form_warning(f, "paid after the due date");
	form_danger(f, "the balance goes below zero");
	form_confirm_label(f, "pay now");
	form_cancel_label(f, "keep it");
	assert_true(shows(a, "Amount          112.48 USD"));
	assert_true(shows(a, "! paid after the due date"));
	assert_true(shows(a, "! the balance goes below zero"));
	assert_true(shows(a, "y/Enter pay now  Esc keep it"));
	/* keys that do not confirm: movement, other letters, tabs */
	key(a, 'x');
	key(a, '3');
	key(a, KEY_DOWN);
	assert_int_equal(s.answers, 0);
	assert_int_equal(a->depth, 0); /* '3' did not switch tabs */
	key(a, 'y');
	assert_int_equal(s.answers, 1);
	assert_int_equal(form_kind(f), FORM_PROGRESS);
	app_free(&a);
}

static void test_progress_refuses_a_second_submit(void **state)
{
	(void)state;
	struct app *a = app_make();
	struct seen s = { .next_page = -1 };
	struct form *f = open_seen(a, &s);
	form_page(f, FORM_PROGRESS, "Sending\u2026 do not close");
	key(a, 'y');
	key(a, '\n');
	key(a, 'Q');
	assert_int_equal(s.answers, 0);
	assert_false(a->quit);
	assert_true(shows(a, "do not close"));
	key(a, '\n');
	assert_true(shows(a, "! already sending"));
	/* Esc only hides the dialog; the owner is not told to cancel */
	key(a, 27);
	assert_null(a->form);
	assert_int_equal(s.cancels, 0);
	assert_non_null(strstr(a->msg, "still sending"));
	app_free(&a);
}

static void test_result_closes_without_a_new_page(void **state)
{
	(void)state;
	struct app *a = app_make();
	struct seen s = { .next_page = -1 };
	struct form *f = open_seen(a, &s);
	uint64_t id = form_id(f);
	form_page(f, FORM_RESULT, "\u2713 Done");
	form_field(f, "Confirmation", "NW-7G2K-91QX");
	key(a, '\n');
	assert_null(a->form);
	assert_int_equal(s.answers, 1);
	/* a later dialog never gets the same id */
	struct seen s2 = { .next_page = -1 };
	struct form *g = open_seen(a, &s2);
	assert_true(form_id(g) != id);
	/* only one dialog at a time: the second owner is released at once */
	struct seen s3 = { .next_page = -1 };
	assert_null(open_seen(a, &s3));
	assert_int_equal(s3.released, 1);
	app_free(&a);
}

static void test_help_and_keymap(void **state)
{
	(void)state;
	struct app *a = app_make();
	struct seen s = { .next_page = -1 };
	struct form *f = open_seen(a, &s);
	form_page(f, FORM_REVIEW, "x");
	key(a, '?');
	assert_true(a->help);
	const struct keymap *km = form_keymap(f);
	bool has_y = false;
	for (size_t i = 0; i < km->n; i++)
		has_y |= km->binds[i].key == 'y' && km->binds[i].help != NULL;
	assert_true(has_y);
	app_free(&a);
}

static void test_review_of_a_payment(void **state)
{
	(void)state;
	struct app *a = app_make();
	struct seen s = { .next_page = -1 };
	struct form *f = open_seen(a, &s);
	form_page(f, FORM_REVIEW, "Check, then confirm");
	struct payflow_review r = { 0 };
	r.kind = PAYFLOW_BILL;
	r.payee = "Metro \x1b]0;pwned\x07Water";
	r.payee_detail = "WTR-88";
	r.account_name = "Everyday Checking";
	r.amount = (struct money){ 4620, "USD" };
	r.date = 20420 + 8; /* a later date */
	r.scheduled = true;
	r.due_date = 20420;
	r.has_balance = true;
	r.balance_after = (struct money){ -1200, "USD" };
	r.warnings = PAYFLOW_WARN_AFTER_DUE | PAYFLOW_WARN_BELOW_ZERO;
	payui_review(f, &r);
	char *t = text_of(a);
	assert_null(strchr(t, '\x1b'));
	assert_null(strchr(t, '\x07'));
	assert_non_null(strstr(t, "(WTR-88)"));
	assert_non_null(strstr(t, "Everyday Checking"));
	assert_non_null(strstr(t, "(scheduled)"));
	assert_non_null(strstr(t, "Balance after   ! "));
	assert_non_null(strstr(t, "! " ));
	/* one marked line per warning */
	size_t marks = 0;
	for (const char *p = t; (p = strstr(p, "\n! ")) != NULL; p++)
		marks++;
	assert_int_equal(marks, 2);
	free(t);
	app_free(&a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_choice_skips_disabled_and_picks),
		cmocka_unit_test(test_title_is_sanitized),
		cmocka_unit_test(test_input_edits_and_validation_message),
		cmocka_unit_test(test_esc_cancels_and_closes),
		cmocka_unit_test(test_review_confirm_keys_and_labels),
		cmocka_unit_test(test_progress_refuses_a_second_submit),
		cmocka_unit_test(test_result_closes_without_a_new_page),
		cmocka_unit_test(test_help_and_keymap),
		cmocka_unit_test(test_review_of_a_payment),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

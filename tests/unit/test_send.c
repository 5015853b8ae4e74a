/* test_send.c — the Transfers screen's dialogs (src/screens/send.c) without
 * a terminal or a bank: a store from the Bank API fixtures, keys through
 * app_dispatch as the main loop sends them, and the dialog's lines
 * (form_lines) as they would be painted.  Without a payment loop
 * (a->payui NULL) a confirmed review must say that nothing was sent. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "app.h"
#include "providers/bankapi.h"
#include "screens/screens.h"
#include "store.h"
#include "testutil.h"
#include "ui/form.h"
#include "xmalloc.h"

/* Northwind with its accounts, contacts (Alice paid before; Bob close
 * match, Carol no match, never paid) and today's limits (2500.00 left). */
static struct store *send_store(void)
{
	struct store *s = store_new();
	struct store_conn *c = store_conn_get(s, "northwind", true);
	struct err e = ERR_INIT;
	size_t len;
	char *j = testutil_fixture("bankapi/institution.json", &len);
	struct institution inst = {0};
	assert_true(bankapi_parse_institution(j, len, &inst, &e));
	store_set_institution(s, c, &inst);
	free(j);
	struct account_list al = {0};
	j = testutil_fixture("bankapi/accounts.json", &len);
	assert_true(bankapi_parse_accounts(j, len, &al, &e));
	store_set_accounts(s, c, &al);
	free(j);
	struct contact_list cl = {0};
	j = testutil_fixture("bankapi/contacts.json", &len);
	assert_true(bankapi_parse_contacts(j, len, &cl, &e));
	store_set_contacts(s, c, &cl);
	free(j);
	struct transfer_limits lim;
	j = testutil_fixture("bankapi/limits.json", &len);
	assert_true(bankapi_parse_transfer_limits(j, len, &lim, &e));
	store_set_limits(s, c, &lim);
	free(j);
	return s;
}

struct fx {
	struct store *store;
	struct app *app;
};

static int setup(void **state)
{
	setenv("BANKTERM_NOW", "2026-11-23T10:42:00Z", 1);
	setenv("TZ", "UTC", 1);
	struct fx *f = xcalloc(1, sizeof *f);
	f->store = send_store();
	f->app = app_new(NULL, NULL, f->store);
	app_set_size(f->app, 30, 100);
	assert_true(app_show_tab(f->app, 4));
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;
	app_free(&f->app);
	store_free(&f->store);
	free(f);
	return 0;
}

static void press(struct app *a, int key)
{
	struct screen *top = app_top(a);
	struct ui_event ev = {keymap_lookup(top ? top->ops->keys : NULL, key), key, 0, 0};
	app_dispatch(a, &ev);
}

/* Types s into an input page (Ctrl-U first) and presses Enter. */
static void enter(struct app *a, const char *s)
{
	press(a, 21);
	for (; *s != '\0'; s++)
		press(a, (unsigned char)*s);
	press(a, '\n');
}

/* Whether the open dialog shows text (anywhere in a line). */
static bool shows(const struct app *a, const char *text)
{
	if (a->form == NULL)
		return false;
	struct view v = {0};
	form_lines(a->form, &v, 66);
	bool found = false;
	for (size_t i = 0; i < v.n && !found; i++) {
		char *s = vline_join(&v.lines[i]);
		found = strstr(s, text) != NULL;
		free(s);
	}
	view_clear(&v);
	return found;
}

static void test_open_and_cancel(void **state)
{
	struct fx *f = *state;
	press(f->app, 'n');
	assert_non_null(f->app->form);
	assert_true(shows(f->app, "Send money to whom?"));
	assert_true(shows(f->app, "> Alice Smith")); /* the selected row is preselected */
	assert_true(shows(f->app, "! 12345678"));    /* no match marked in text */
	assert_true(shows(f->app, "+ add a new contact"));
	press(f->app, 27);
	assert_null(f->app->form);
	assert_non_null(strstr(f->app->msg, "nothing was sent"));
}

/* Carol: no match.  Enter alone or another word does not get past; the
 * word does, and her first transfer then shows the scam warning. */
static void test_no_match_override(void **state)
{
	struct fx *f = *state;
	press(f->app, 'n');
	press(f->app, 'j');
	press(f->app, 'j');
	assert_true(shows(f->app, "> Carol White"));
	press(f->app, '\n');
	assert_true(shows(f->app, "NO MATCH"));
	enter(f->app, "");
	assert_true(shows(f->app, "type the word override"));
	enter(f->app, "yes");
	assert_true(shows(f->app, "type the word override"));
	enter(f->app, "override");
	assert_true(shows(f->app, "Your first transfer to Carol White"));
	assert_true(shows(f->app, "! Only pay people you know."));
	assert_true(shows(f->app, "! A transfer cannot be reversed."));
	assert_true(shows(f->app, "\"safe account\""));
	press(f->app, 'y');
	assert_true(shows(f->app, "How much to Carol White?"));
}

/* Alice: amount checks, the account list, the memo limit, the review; the
 * confirm without a payment loop sends nothing and says so. */
static void test_send_steps(void **state)
{
	struct fx *f = *state;
	press(f->app, 'n');
	press(f->app, '\n');
	assert_true(shows(f->app, "How much to Alice Smith?"));
	assert_true(shows(f->app, "2500.00 USD"));
	enter(f->app, "2500.01");
	assert_true(shows(f->app, "limit reached"));
	enter(f->app, "0");
	assert_true(shows(f->app, "more than zero"));
	enter(f->app, "12.345");
	assert_true(shows(f->app, "How much to Alice Smith?"));
	enter(f->app, "12.34");
	assert_true(shows(f->app, "Send from which account?"));
	assert_true(shows(f->app, "> Everyday Checking"));
	assert_false(shows(f->app, "Visa")); /* a card is not offered */
	press(f->app, '\n');
	assert_true(shows(f->app, "A note for them?"));
	char memo[142];
	memset(memo, 'm', 141);
	memo[141] = '\0';
	enter(f->app, memo);
	assert_true(shows(f->app, "at most 140 fit"));
	enter(f->app, "lunch");
	assert_true(shows(f->app, "Check the transfer"));
	assert_true(shows(f->app, "Alice Smith (alice@example.com)"));
	assert_true(shows(f->app, "12.34 USD"));
	assert_true(shows(f->app, "lunch"));
	press(f->app, 'y');
	assert_true(shows(f->app, "Check the transfer"));
	assert_true(shows(f->app, "not sent: payments need an unlocked vault"));
}

/* Adding a contact: the name is required, payflow refuses a bad handle and
 * the page stays. */
static void test_add_contact_checks(void **state)
{
	struct fx *f = *state;
	press(f->app, 'a');
	assert_true(shows(f->app, "Who is it?"));
	enter(f->app, "");
	assert_true(shows(f->app, "type their name"));
	enter(f->app, "Dan Brown");
	assert_true(shows(f->app, "Handle:"));
	enter(f->app, "not a handle");
	assert_true(shows(f->app, "Handle:"));
	assert_true(shows(f->app, "handle: give an email address"));
	press(f->app, 27);
	assert_null(f->app->form);
}

/* `n` with no bank that sends money to people: a message, no dialog. */
static void test_no_p2p(void **state)
{
	(void)state;
	struct store *s = store_new();
	struct app *a = app_new(NULL, NULL, s);
	assert_true(app_show_tab(a, 4));
	press(a, 'n');
	assert_null(a->form);
	assert_true(a->msg_error);
	press(a, 'a');
	assert_null(a->form);
	app_free(&a);
	store_free(&s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_open_and_cancel, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_no_match_override, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_send_steps, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_add_contact_checks, setup, teardown),
	    cmocka_unit_test(test_no_p2p),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

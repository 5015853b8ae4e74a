/* send.c — the Transfers screen's dialogs (ui/form.h): send money to a
 * contact (`n`) and add a contact with the bank's payee check (`a`).
 *
 * Send: contact → [no match: type "override"] → [first transfer: the scam
 * warning, acknowledged] → amount (in the connection's currency, at most the
 * daily limit left) → funding account (available balance) → memo → review
 * (payflow's review as payui lays it out) → confirm → payui sends it (a
 * second confirm is refused, a one-time code is asked for) and shows the
 * bank's id and status.
 *
 * Add: name → handle → sent → once the refreshed store holds the new contact,
 * the bank's payee check for what it is: match ✓; close match: the bank's
 * name and "is that who you meant?" (No is the first choice); no match: a
 * warning that only the typed word "override" gets past; unavailable: "could
 * not be checked".  From there the person may go on to send them money.
 *
 * Requests are built, checked and classified by sync/payflow.c (shared with
 * `bankterm send` and `bankterm contacts add`) and sent by ui/payui.c; this
 * file only asks.  The flow keeps ids, never pointers into the store: a
 * refresh may replace the store's lists while the dialog is open. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "screens/screens.h"
#include "store.h"
#include "sync/payflow.h"
#include "ui/form.h"
#include "ui/payui.h"
#include "xmalloc.h"

#define SEND_NAME_MAX      100 /* the Bank API's limit for a contact's name (bytes) */
#define SEND_HANDLE_MAX    254 /* the longest email address */
#define SEND_OVERRIDE_WORD "override"
#define SEND_CHOICE_ADD    (-2L) /* "+ add a new contact" on the contact page */

enum send_step {
	SEND_CONTACT,
	SEND_OVERRIDE,
	SEND_SCAM,
	SEND_AMOUNT,
	SEND_ACCOUNT,
	SEND_MEMO,
	SEND_REVIEW,
	SEND_SENT, /* payui has it: progress, code, result */
	ADD_NAME,
	ADD_HANDLE,
	ADD_SENT, /* payui has it; the check is shown once the store has the contact */
	ADD_WAIT, /* the result was closed before the refresh ended */
	ADD_CLOSE_MATCH,
	ADD_NO_MATCH,
	ADD_OFFER,
	ADD_END,
};

struct send_flow {
	enum send_step step;
	char *conn;       /* the connection's name */
	char *contact_id; /* chosen, or just added */
	bool overridden;  /* "override" typed for a no-match contact */
	char currency[4];
	char amount_text[64];
	char *account_id;
	char *memo;
	/* The choices of the page on screen: value i → ids[i] at conns[i];
	 * while adding, the contact ids the connection had before. */
	char **ids, **conns;
	size_t n_ids;
	char *new_name, *new_handle;
};

static void send_ids_clear(struct send_flow *fl)
{
	for (size_t i = 0; i < fl->n_ids; i++) {
		free(fl->ids[i]);
		free(fl->conns[i]);
	}
	free(fl->ids);
	free(fl->conns);
	fl->ids = fl->conns = NULL;
	fl->n_ids = 0;
}

static long send_ids_add(struct send_flow *fl, const char *conn, const char *id)
{
	fl->ids = xreallocarray(fl->ids, fl->n_ids + 1, sizeof *fl->ids);
	fl->conns = xreallocarray(fl->conns, fl->n_ids + 1, sizeof *fl->conns);
	fl->ids[fl->n_ids] = xstrdup(id);
	fl->conns[fl->n_ids] = xstrdup(conn);
	return (long)fl->n_ids++;
}

static bool send_ids_has(const struct send_flow *fl, const char *id)
{
	for (size_t i = 0; i < fl->n_ids; i++)
		if (strcmp(fl->ids[i], id) == 0)
			return true;
	return false;
}

static void send_set(char **dst, const char *s)
{
	free(*dst);
	*dst = s != NULL ? xstrdup(s) : NULL;
}

static void send_flow_release(void *arg)
{
	struct send_flow *fl = arg;
	if (fl == NULL)
		return;
	send_ids_clear(fl);
	free(fl->conn);
	free(fl->contact_id);
	free(fl->account_id);
	free(fl->memo);
	free(fl->new_name);
	free(fl->new_handle);
	free(fl);
}

/* ---- the store, looked up again each time ------------------------------- */

static struct store_conn *send_conn(struct app *a, const char *name)
{
	return a->store != NULL && name != NULL ? store_conn_get(a->store, name, false) : NULL;
}

static const struct contact *send_contact(struct app *a, const struct send_flow *fl)
{
	const struct store_conn *c = send_conn(a, fl->conn);
	for (size_t i = 0; c != NULL && fl->contact_id != NULL && i < c->contacts.n; i++)
		if (strcmp(c->contacts.items[i].id, fl->contact_id) == 0)
			return &c->contacts.items[i];
	return NULL;
}

/* The contact just added: the one with the handle typed that was not there
 * before. */
static const struct contact *send_new_contact(struct app *a, const struct send_flow *fl)
{
	const struct store_conn *c = send_conn(a, fl->conn);
	for (size_t i = 0; c != NULL && i < c->contacts.n; i++) {
		const struct contact *ct = &c->contacts.items[i];
		if (strcmp(ct->handle, fl->new_handle) == 0 && !send_ids_has(fl, ct->id))
			return ct;
	}
	return NULL;
}

/* conn, else the first connection that offers transfers to people. */
static const struct store_conn *send_p2p_conn(struct app *a, const char *conn)
{
	const struct store_conn *c = send_conn(a, conn);
	for (size_t i = 0; c == NULL && a->store != NULL && i < a->store->n_conns; i++) {
		const struct store_conn *ci = &a->store->conns[i];
		if ((ci->institution.caps & INSTITUTION_CAP_P2P) != 0)
			c = ci;
	}
	return c;
}

/* The currency transfers from c are made in: the limits', else the first
 * checking account's. */
static bool send_currency(const struct store_conn *c, char out[4])
{
	const char *cur = c->has_limits ? c->limits.daily_limit.currency : NULL;
	for (size_t i = 0; cur == NULL && i < c->n_accounts; i++)
		if (c->accounts[i].account.type == ACCOUNT_CHECKING)
			cur = c->accounts[i].account.currency;
	if (cur == NULL)
		return false;
	snprintf(out, 4, "%s", cur);
	return true;
}

static const char *send_check_mark(enum payee_check_result r)
{
	switch (r) {
	case PAYEE_CHECK_MATCH:
		return "\u2713";
	case PAYEE_CHECK_CLOSE_MATCH:
		return "~";
	case PAYEE_CHECK_NO_MATCH:
		return "!";
	case PAYEE_CHECK_UNAVAILABLE:
		return "?";
	}
	return "?";
}

/* ---- the pages of sending ----------------------------------------------- */

static void send_page_contacts(struct send_flow *fl, struct form *f, struct app *a,
                               const char *preselect)
{
	fl->step = SEND_CONTACT;
	send_ids_clear(fl);
	form_page(f, FORM_CHOICE, "Send money to whom?");
	form_text(f, ROLE_MUTED, "\u2713 name checked  ~ close  ! no match  ? unchecked");
	long sel = -1;
	for (size_t c = 0; a->store != NULL && c < a->store->n_conns; c++) {
		const struct store_conn *sc = &a->store->conns[c];
		for (size_t i = 0; i < sc->contacts.n; i++) {
			const struct contact *ct = &sc->contacts.items[i];
			long v = send_ids_add(fl, sc->name, ct->id);
			char *detail =
			    xasprintf("%s %s", send_check_mark(ct->payee_check.result), ct->handle);
			form_choice(f, ct->name, detail, v, true);
			free(detail);
			if (preselect != NULL && strcmp(preselect, ct->id) == 0)
				sel = v;
		}
	}
	form_choice(f, "+ add a new contact", NULL, SEND_CHOICE_ADD, true);
	if (sel >= 0)
		form_choice_select(f, sel);
}

/* step: SEND_OVERRIDE (a saved contact) or ADD_NO_MATCH (just added). */
static void send_page_override(struct send_flow *fl, struct form *f, const struct contact *ct,
                               enum send_step step)
{
	fl->step = step;
	form_page(f, FORM_INPUT, "! NO MATCH \u2014 this may not be who you think");
	char *s =
	    xasprintf("The bank holds a different name for %s than \"%s\".", ct->handle, ct->name);
	form_danger(f, s);
	free(s);
	form_danger(f, "Money sent to the wrong person usually cannot be got back.");
	form_text(f, ROLE_NORMAL,
	          "To send money to them anyway, type " SEND_OVERRIDE_WORD
	          " and press Enter. Esc stops here.");
	form_input(f, "Type " SEND_OVERRIDE_WORD ":", "", 16);
}

static void send_page_scam(struct send_flow *fl, struct form *f, const struct contact *ct)
{
	fl->step = SEND_SCAM;
	char *h = xasprintf("Your first transfer to %s", ct->name);
	form_page(f, FORM_REVIEW, h);
	free(h);
	form_warning(f, "Only pay people you know.");
	form_warning(f, "A transfer cannot be reversed.");
	form_warning(f, "Your bank will never ask you to move money to a \"safe account\".");
	form_text(f, ROLE_MUTED, "The bank will also ask for a one-time code.");
	form_confirm_label(f, "I understand");
}

static void send_page_amount(struct send_flow *fl, struct form *f, struct app *a)
{
	fl->step = SEND_AMOUNT;
	const struct store_conn *c = send_conn(a, fl->conn);
	const struct contact *ct = send_contact(a, fl);
	char *h = xasprintf("How much to %s?", ct != NULL ? ct->name : "them");
	form_page(f, FORM_INPUT, h);
	free(h);
	char b[MONEY_LOCALE_MAX + 1];
	if (c != NULL && c->has_limits) {
		form_field(f, "Left today", screens_money(c->limits.remaining_today, false, b));
		char *s = xasprintf("above %s", screens_money(c->limits.sca_threshold, false, b));
		form_field(f, "Code needed", s);
		free(s);
	}
	char *p = xasprintf("Amount in %s (like 12.50):", fl->currency);
	form_input(f, p, fl->amount_text, 32);
	free(p);
}

/* The amount typed: exact in the currency, above zero, within what is left
 * of today's limit (the bank would refuse more). */
static bool send_amount_ok(struct send_flow *fl, struct form *f, struct app *a)
{
	const char *t = form_value(f);
	struct err e = ERR_INIT;
	struct money m;
	if (!money_parse(t, strlen(t), fl->currency, &m, &e)) {
		form_error(f, "%s", e.msg);
		return false;
	}
	if (m.minor <= 0) {
		form_error(f, "the amount must be more than zero");
		return false;
	}
	const struct store_conn *c = send_conn(a, fl->conn);
	int cmp = 0;
	char b[MONEY_LOCALE_MAX + 1];
	if (c != NULL && c->has_limits && money_cmp(m, c->limits.remaining_today, &cmp, NULL) &&
	    cmp > 0) {
		form_error(f,
		           "limit reached: you can send %s more today; try a smaller amount "
		           "or tomorrow",
		           screens_money(c->limits.remaining_today, false, b));
		return false;
	}
	snprintf(fl->amount_text, sizeof fl->amount_text, "%s", t);
	return true;
}

static bool send_page_accounts(struct send_flow *fl, struct form *f, struct app *a)
{
	fl->step = SEND_ACCOUNT;
	send_ids_clear(fl);
	form_page(f, FORM_CHOICE, "Send from which account?");
	const struct store_conn *c = send_conn(a, fl->conn);
	char b[MONEY_LOCALE_MAX + 1];
	long sel = -1;
	for (size_t i = 0; c != NULL && i < c->n_accounts; i++) {
		const struct account *ac = &c->accounts[i].account;
		if ((ac->type != ACCOUNT_CHECKING && ac->type != ACCOUNT_SAVINGS) ||
		    strcmp(ac->currency, fl->currency) != 0)
			continue;
		long v = send_ids_add(fl, c->name, ac->id);
		char *d =
		    ac->has_available_balance
		        ? xasprintf("%s available", screens_money(ac->available_balance, false, b))
		        : xasprintf("balance %s", screens_money(ac->balance, false, b));
		form_choice(f, ac->name, d, v, true);
		free(d);
		if (sel < 0 || (fl->account_id != NULL && strcmp(fl->account_id, ac->id) == 0))
			sel = v;
	}
	if (sel < 0)
		return false;
	form_choice_select(f, sel);
	return true;
}

/* Characters, not bytes, of UTF-8 text (the memo's limit counts those). */
static size_t send_chars(const char *s)
{
	size_t n = 0;
	for (; *s != '\0'; s++)
		n += ((unsigned char)*s & 0xC0) != 0x80;
	return n;
}

static void send_page_memo(struct send_flow *fl, struct form *f)
{
	fl->step = SEND_MEMO;
	form_page(f, FORM_INPUT, "A note for them?");
	char *s = xasprintf("Optional; at most %d characters. Enter with nothing skips it.",
	                    PAYFLOW_MEMO_MAX);
	form_text(f, ROLE_MUTED, s);
	free(s);
	form_input(f, "Memo:", fl->memo, FORM_INPUT_MAX);
}

/* The transfer from what the person chose, built and checked by payflow
 * (req is to be cleared either way). */
static bool send_request(const struct send_flow *fl, struct app *a, struct payflow_request *req,
                         struct err *e)
{
	struct payflow_env env = payui_env(a);
	struct payflow_transfer_input in = {fl->contact_id, fl->account_id, fl->amount_text,
	                                    fl->memo};
	return payflow_build_transfer(&env, &in, req, e);
}

/* The review page; on failure the memo page stays, with payflow's words. */
static void send_page_review(struct send_flow *fl, struct form *f, struct app *a)
{
	struct payflow_request req = {0};
	struct err e = ERR_INIT;
	if (!send_request(fl, a, &req, &e)) {
		form_error(f, "%s", e.msg);
		payflow_request_clear(&req);
		return;
	}
	fl->step = SEND_REVIEW;
	form_page(f, FORM_REVIEW, "Check the transfer");
	payui_review(f, &req.review);
	char b[MONEY_LOCALE_MAX + 1];
	char *c = xasprintf("send %s", screens_money(req.review.amount, false, b));
	form_confirm_label(f, c);
	free(c);
	payflow_request_clear(&req);
}

/* Builds the transfer again from what the person chose (the store may have
 * been refreshed since the review) and hands it to payui. */
static void send_submit(struct send_flow *fl, struct form *f, struct app *a)
{
	struct payflow_request req = {0};
	struct err e = ERR_INIT;
	if (send_request(fl, a, &req, &e) && payui_submit(a, &req, &e))
		fl->step = SEND_SENT;
	else
		form_error(f, "not sent: %s", e.msg);
	payflow_request_clear(&req);
}

/* ---- adding a contact ---------------------------------------------------- */

static void send_page_name(struct send_flow *fl, struct form *f, struct app *a)
{
	const struct store_conn *c = send_p2p_conn(a, fl->conn);
	if (c != NULL)
		send_set(&fl->conn, c->name);
	fl->step = ADD_NAME;
	form_page(f, FORM_INPUT, "Who is it?");
	form_text(f, ROLE_MUTED,
	          "Their name as their bank knows it: the bank checks it against the handle.");
	form_input(f, "Name:", fl->new_name, SEND_NAME_MAX);
}

static void send_page_handle(struct send_flow *fl, struct form *f)
{
	fl->step = ADD_HANDLE;
	form_page(f, FORM_INPUT, "Their handle at the bank");
	form_text(f, ROLE_MUTED,
	          "An email address, a phone number (+ and 8-15 digits) or an "
	          "account number (6-20 digits).");
	form_input(f, "Handle:", fl->new_handle, SEND_HANDLE_MAX);
}

/* Sends the new contact; remembers the ids the connection had so the new
 * one can be told apart when the store is refreshed. */
static void send_add_submit(struct send_flow *fl, struct form *f, struct app *a)
{
	struct payflow_env env = payui_env(a);
	struct payflow_contact_input in = {fl->conn, fl->new_name, fl->new_handle};
	struct payflow_request req = {0};
	struct err e = ERR_INIT;
	if (payflow_build_contact(&env, &in, &req, &e)) {
		send_ids_clear(fl);
		const struct store_conn *c = send_conn(a, fl->conn);
		for (size_t i = 0; c != NULL && i < c->contacts.n; i++)
			send_ids_add(fl, c->name, c->contacts.items[i].id);
		if (payui_submit(a, &req, &e))
			fl->step = ADD_SENT;
	}
	if (fl->step != ADD_SENT)
		form_error(f, "%s", e.msg);
	payflow_request_clear(&req);
}

/* The bank's payee check of the contact just added, shown for what it is. */
static void send_page_checked(struct send_flow *fl, struct form *f, const struct contact *ct)
{
	send_set(&fl->contact_id, ct->id);
	const char *held = ct->payee_check.name;
	switch (ct->payee_check.result) {
	case PAYEE_CHECK_MATCH:
		fl->step = ADD_OFFER;
		form_page(f, FORM_REVIEW, "\u2713 Name matches");
		form_field_role(f, "Bank's name", ROLE_OK, held != NULL ? held : ct->name);
		form_field(f, "Handle", ct->handle);
		form_text(f, ROLE_NORMAL, "Saved as a contact. Send money to them now?");
		form_confirm_label(f, "send money now");
		break;
	case PAYEE_CHECK_CLOSE_MATCH: {
		fl->step = ADD_CLOSE_MATCH;
		form_page(f, FORM_CHOICE, "~ Close match \u2014 check who this is");
		form_field(f, "You typed", ct->name);
		form_field_role(f, "Bank holds", ROLE_WARNING, held != NULL ? held : "(not given)");
		form_field(f, "Handle", ct->handle);
		char *q = xasprintf("Is %s the person you meant?", held != NULL ? held : "that");
		form_text(f, ROLE_NORMAL, q);
		free(q);
		form_choice(f, "No, that is not who I meant", NULL, 0, true);
		char *yes = xasprintf("Yes, %s is who I meant", held != NULL ? held : "that");
		form_choice(f, yes, NULL, 1, true);
		free(yes);
		break;
	}
	case PAYEE_CHECK_NO_MATCH:
		send_page_override(fl, f, ct, ADD_NO_MATCH);
		form_text(f, ROLE_MUTED, "The contact is saved, marked ! no match.");
		break;
	case PAYEE_CHECK_UNAVAILABLE:
		fl->step = ADD_OFFER;
		form_page(f, FORM_REVIEW, "? Name not checked");
		form_warning(f, "The bank could not check the name: the handle is not at a bank "
		                "that can check names.");
		form_field(f, "Handle", ct->handle);
		form_text(f, ROLE_NORMAL,
		          "Make sure the handle is right before you send money. "
		          "Saved as a contact. Send money to them now?");
		form_confirm_label(f, "send money now");
		break;
	}
}

/* ---- the steps ----------------------------------------------------------- */

/* Once the contact is known: override, scam warning, amount — as needed. */
static void send_after_contact(struct send_flow *fl, struct form *f, struct app *a, bool warned)
{
	const struct contact *ct = send_contact(a, fl);
	const struct store_conn *c = send_conn(a, fl->conn);
	if (ct == NULL || c == NULL) {
		send_page_contacts(fl, f, a, NULL);
		form_error(f, "that contact is no longer there; choose another");
		return;
	}
	if (!send_currency(c, fl->currency)) {
		fl->step = ADD_END;
		form_page(f, FORM_RESULT, "\u2717 Nothing to send from");
		form_text(f, ROLE_ERROR, "This bank has no checking account to send money from.");
		return;
	}
	if (ct->payee_check.result == PAYEE_CHECK_NO_MATCH && !fl->overridden)
		send_page_override(fl, f, ct, SEND_OVERRIDE);
	else if (!ct->has_first_transfer_at && !warned)
		send_page_scam(fl, f, ct);
	else
		send_page_amount(fl, f, a);
}

static void send_answer(void *arg, struct form *f, struct app *a, enum form_event ev)
{
	struct send_flow *fl = arg;
	if (ev == FORM_CANCEL) {
		if (fl->step >= ADD_CLOSE_MATCH)
			app_message(a, false, "contact saved; nothing was sent");
		else if (fl->step != SEND_SENT && fl->step != ADD_SENT)
			app_message(a, false, "cancelled: nothing was sent");
		return;
	}
	long v = form_chosen(f);
	const char *t = form_value(f);
	switch (fl->step) {
	case SEND_CONTACT:
		if (v == SEND_CHOICE_ADD) {
			send_page_name(fl, f, a);
		} else if (v >= 0 && (size_t)v < fl->n_ids) {
			send_set(&fl->conn, fl->conns[v]);
			send_set(&fl->contact_id, fl->ids[v]);
			send_after_contact(fl, f, a, false);
		}
		return;
	case SEND_OVERRIDE:
	case ADD_NO_MATCH:
		if (strcasecmp(t, SEND_OVERRIDE_WORD) != 0) {
			form_error(f, "type the word %s to go on, or press Esc to stop",
			           SEND_OVERRIDE_WORD);
			return;
		}
		fl->overridden = true;
		send_after_contact(fl, f, a, false);
		return;
	case SEND_SCAM:
		send_after_contact(fl, f, a, true);
		return;
	case SEND_AMOUNT:
		if (send_amount_ok(fl, f, a) && !send_page_accounts(fl, f, a)) {
			send_page_amount(fl, f, a);
			form_error(f, "no checking or savings account in %s to send from",
			           fl->currency);
		}
		return;
	case SEND_ACCOUNT:
		if (v >= 0 && (size_t)v < fl->n_ids) {
			send_set(&fl->account_id, fl->ids[v]);
			send_page_memo(fl, f);
		}
		return;
	case SEND_MEMO:
		if (send_chars(t) > PAYFLOW_MEMO_MAX) {
			form_error(f, "the memo has %zu characters; at most %d fit", send_chars(t),
			           PAYFLOW_MEMO_MAX);
			return;
		}
		send_set(&fl->memo, t[0] != '\0' ? t : NULL);
		send_page_review(fl, f, a);
		return;
	case SEND_REVIEW:
		send_submit(fl, f, a);
		return;
	case ADD_NAME:
		if (t[0] == '\0') {
			form_error(f, "type their name");
			return;
		}
		send_set(&fl->new_name, t);
		send_page_handle(fl, f);
		return;
	case ADD_HANDLE:
		send_set(&fl->new_handle, t);
		send_add_submit(fl, f, a);
		return;
	case ADD_SENT: {
		/* The result page was closed: show the check if the store has
		 * the contact already, wait for a refresh that is running. */
		const struct contact *ct = send_new_contact(a, fl);
		if (ct != NULL) {
			send_page_checked(fl, f, ct);
		} else if (a->source.busy != NULL && a->source.busy(a->source.arg)) {
			fl->step = ADD_WAIT;
			form_page(f, FORM_PROGRESS, "Getting the bank's name check\u2026");
		}
		return;
	}
	case ADD_CLOSE_MATCH:
		if (v == 1) {
			send_after_contact(fl, f, a, false);
			return;
		}
		fl->step = ADD_END;
		form_page(f, FORM_RESULT, "\u2717 Do not pay this contact");
		form_warning(f, "Check the handle with the person before you send them money.");
		form_text(f, ROLE_MUTED,
		          "The bank keeps the contact; the list marks it ~ close match.");
		return;
	case ADD_OFFER:
		send_after_contact(fl, f, a, false);
		return;
	case SEND_SENT:
	case ADD_WAIT:
	case ADD_END:
		return;
	}
}

void screens_send_store_changed(struct app *a)
{
	struct form *f = a->form;
	struct send_flow *fl = f != NULL ? form_owner_arg(f) : NULL;
	if (fl == NULL ||
	    !((fl->step == ADD_SENT && form_kind(f) == FORM_RESULT) || fl->step == ADD_WAIT))
		return;
	const struct contact *ct = send_new_contact(a, fl);
	if (ct != NULL) {
		send_page_checked(fl, f, ct);
	} else if (fl->step == ADD_WAIT && !(a->source.busy && a->source.busy(a->source.arg))) {
		fl->step = ADD_END;
		form_page(f, FORM_RESULT, "? Not in the contact list yet");
		form_text(f, ROLE_NORMAL,
		          "The Transfers tab shows the bank's name check once the "
		          "next refresh has the new contact.");
	}
}

/* ---- opening -------------------------------------------------------------- */

static struct send_flow *send_open(struct app *a, const char *title)
{
	struct send_flow *fl = xcalloc(1, sizeof *fl);
	struct form_owner owner = {send_answer, send_flow_release, fl};
	return form_open(a, title, &owner) != NULL ? fl : NULL;
}

void screens_send_open(struct app *a, const char *conn, const char *contact_id)
{
	if (send_p2p_conn(a, conn) == NULL) {
		app_message(a, true, "no linked bank here sends money to people");
		return;
	}
	struct send_flow *fl = send_open(a, "Send money");
	if (fl != NULL)
		send_page_contacts(fl, a->form, a, contact_id);
}

void screens_contact_add_open(struct app *a, const char *conn)
{
	if (send_p2p_conn(a, conn) == NULL) {
		app_message(a, true, "no linked bank here keeps contacts");
		return;
	}
	struct send_flow *fl = send_open(a, "Add a contact");
	if (fl != NULL) {
		fl->conn = conn != NULL ? xstrdup(conn) : NULL;
		send_page_name(fl, a->form, a);
	}
}

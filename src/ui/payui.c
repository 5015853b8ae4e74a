/* payui.c — the payment loop of the terminal interface (see payui.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "config.h"
#include "date.h"
#include "store.h"
#include "ui/form.h"
#include "ui/payui.h"
#include "vault/secmem.h"
#include "xmalloc.h"

enum payui_state {
	PAYUI_FLIGHT,	/* payflow_run in progress */
	PAYUI_AWAITING, /* the answer was lost: resent by the next recheck */
};

struct payui_entry {
	struct payui *pu;
	enum payui_state state;
	struct payflow_run run; /* stays here until finished (payflow.h) */
	enum payflow_kind kind;
	uint64_t form_id; /* the dialog that shows its progress, 0: none */
	char key[PAY_KEY_LEN + 1];
	char label[192]; /* "120.00 USD to Northwind Power" (raw) */
	struct payui_entry *next;
};

struct payui {
	struct pay *pay;
	struct app *a; /* the app of the last step, for the callbacks */
	struct payui_entry *entries;
	bool refresh_wanted; /* refresh once the sync engine is idle */
	uint64_t paid_form;  /* the last dialog that sent money: it may not again */
	int64_t recheck_at;  /* monotonic seconds; 0: none planned */
	char status[128];
};

static int64_t payui_mono(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec;
}

struct payui *payui_new(struct http *h, struct vault *v, const struct config *cfg,
			struct err *e)
{
	struct pay_options po = { .http = h, .vault = v, .config = cfg };
	struct pay *p = pay_new(&po, e);
	if (p == NULL)
		return NULL;
	struct payui *pu = xcalloc(1, sizeof *pu);
	pu->pay = p;
	return pu;
}

void payui_free(struct payui **pp)
{
	struct payui *pu = *pp;
	if (pu == NULL)
		return;
	pay_free(&pu->pay);
	while (pu->entries != NULL) {
		struct payui_entry *en = pu->entries;
		pu->entries = en->next;
		free(en);
	}
	free(pu);
	*pp = NULL;
}

struct payflow_env payui_env(const struct app *a)
{
	const struct money *low = NULL;
	if (a->cfg != NULL && a->cfg->has_low_balance)
		low = &a->cfg->low_balance;
	return (struct payflow_env){ a->store, a->today, low };
}

static void payui_unlink(struct payui *pu, struct payui_entry *en)
{
	for (struct payui_entry **pp = &pu->entries; *pp != NULL; pp = &(*pp)->next)
		if (*pp == en) {
			*pp = en->next;
			break;
		}
	free(en);
}

static struct form *payui_form_of(struct app *a, uint64_t id)
{
	return id != 0 && a->form != NULL && form_id(a->form) == id ? a->form : NULL;
}

/* ---- the review ------------------------------------------------------- */

void payui_review(struct form *f, const struct payflow_review *r)
{
	char b[MONEY_LOCALE_MAX], d[DATE_STR_MAX];
	char *s;
	if (r->payee_detail != NULL)
		s = xasprintf("%s (%s)", r->payee != NULL ? r->payee : "", r->payee_detail);
	else
		s = xstrdup(r->payee != NULL ? r->payee : "");
	form_field(f, r->kind == PAYFLOW_BNPL ? "Plan" : "Pay to", s);
	free(s);
	if (r->amount.currency[0] != '\0')
		form_field_role(f, "Amount", ROLE_HEADER, money_format_locale(r->amount, b));
	if (r->account_name != NULL)
		form_field(f, "From", r->account_name);
	if (r->kind == PAYFLOW_BILL || r->kind == PAYFLOW_TRANSFER || r->kind == PAYFLOW_BNPL) {
		date_format(r->date, d);
		s = r->scheduled ? xasprintf("%s (scheduled)", d) : xasprintf("today, %s", d);
		form_field(f, "Date", s);
		free(s);
	}
	if (r->due_date != 0)
		form_field(f, "Due", date_format(r->due_date, d));
	if (r->has_interest_saved)
		form_field_role(f, "Interest saved", ROLE_POSITIVE,
				money_format_locale(r->interest_saved, b));
	if (r->memo != NULL)
		form_field(f, "Memo", r->memo);
	if (r->has_remaining_today)
		form_field(f, "Left today", money_format_locale(r->remaining_today, b));
	if (r->has_balance) {
		bool low = r->warnings & (PAYFLOW_WARN_BELOW_ZERO | PAYFLOW_WARN_BELOW_THRESHOLD);
		s = xasprintf("%s%s", low ? "! " : "", money_format_locale(r->balance_after, b));
		form_field_role(f, "Balance after", low ? ROLE_WARNING : ROLE_NORMAL, s);
		free(s);
	}
	for (unsigned bit = 1; bit != 0 && bit <= r->warnings; bit <<= 1) {
		if (!(r->warnings & bit))
			continue;
		const char *t = payflow_warning_text((enum payflow_warning)bit);
		if (bit == PAYFLOW_WARN_NO_MATCH || bit == PAYFLOW_WARN_BELOW_ZERO)
			form_danger(f, t);
		else
			form_warning(f, t);
	}
}

/* ---- results ------------------------------------------------------------ */

/* The words of a lost answer in the interface, which does check again. */
static const char *payui_unknown_text(enum payflow_kind k)
{
	bool money = k == PAYFLOW_BILL || k == PAYFLOW_TRANSFER || k == PAYFLOW_BNPL;
	return money ? "Status unknown: the bank's answer was lost. bankterm checks again with "
		       "the same key until the bank answers; do not pay again."
		     : "Status unknown: the bank's answer was lost. Refresh and look before "
		       "trying again.";
}

static void payui_result_page(struct form *f, const struct payflow_outcome *o, const char *label)
{
	static const char *const heads[] = {
		[PAYFLOW_DONE] = "\u2713 Done",
		[PAYFLOW_REFUSED] = "\u2717 Refused by the bank",
		[PAYFLOW_AUTH] = "\u2717 Not sent",
		[PAYFLOW_NETWORK] = "\u2717 Not made: the bank is unavailable",
		[PAYFLOW_UNKNOWN] = "? Status unknown",
		[PAYFLOW_CANCELLED] = "\u2717 Cancelled",
	};
	form_page(f, FORM_RESULT, heads[o->result]);
	form_text(f, ROLE_NORMAL, label);
	bool ok = o->result == PAYFLOW_DONE;
	/* A success says it with its fields; anything else in words. */
	if (!ok || o->confirmation[0] == '\0')
		form_text(f, ok ? ROLE_OK : o->result == PAYFLOW_UNKNOWN ? ROLE_WARNING : ROLE_ERROR,
			  o->result == PAYFLOW_UNKNOWN ? payui_unknown_text(o->kind) : o->message);
	if (ok && o->confirmation[0] != '\0')
		form_field_role(f, "Confirmation", ROLE_HEADER, o->confirmation);
	if (ok && o->state[0] != '\0')
		form_field(f, "Status", o->state);
	if (ok && o->replayed)
		form_text(f, ROLE_MUTED, "(the first answer was lost; the bank confirmed it on a "
					 "resend with the same key: done once)");
}

/* The end of a payment: the dialog that sent it shows the result, else the
 * bottom line; data that may have changed is refreshed. */
static void payui_finish(struct app *a, struct payui_entry *en, const struct payflow_outcome *o)
{
	struct payui *pu = a->payui;
	const char *label = en != NULL ? en->label : "an interrupted payment";
	if (o->result == PAYFLOW_DONE || o->result == PAYFLOW_UNKNOWN)
		pu->refresh_wanted = true;
	struct form *f = payui_form_of(a, en != NULL ? en->form_id : 0);
	if (f != NULL)
		payui_result_page(f, o, label);
	else
		app_message(a, o->result != PAYFLOW_DONE, "%s: %s", label,
			    o->result == PAYFLOW_UNKNOWN ? payui_unknown_text(o->kind) : o->message);
	a->dirty = true;
	if (o->result == PAYFLOW_UNKNOWN && o->key[0] != '\0') {
		pu->recheck_at = payui_mono() + PAYUI_RECHECK_SECONDS;
		if (en == NULL) {
			en = xcalloc(1, sizeof *en);
			en->pu = pu;
			en->kind = o->kind;
			snprintf(en->label, sizeof en->label, "%s", label);
			en->next = pu->entries;
			pu->entries = en;
		}
		en->state = PAYUI_AWAITING;
		memcpy(en->key, o->key, sizeof en->key);
	} else if (en != NULL) {
		payui_unlink(pu, en);
	}
}

/* pay_resume's callback: a resent payment ended (a recheck or a crash). */
static void payui_resumed_done(void *arg, const struct pay_outcome *po)
{
	struct payui *pu = arg;
	struct payflow_outcome o;
	payflow_classify(po, &o);
	struct payui_entry *en = NULL;
	for (struct payui_entry *x = pu->entries; x != NULL; x = x->next)
		if (x->state == PAYUI_AWAITING && strcmp(x->key, po->key) == 0)
			en = x;
	if (o.result == PAYFLOW_UNKNOWN && en != NULL) {
		pu->recheck_at = payui_mono() + PAYUI_RECHECK_SECONDS;
		return;
	}
	payui_finish(pu->a, en, &o);
}

/* ---- the one-time code -------------------------------------------------- */

struct payui_sca {
	bool done, given;
	char code[16];
};

static void payui_sca_answer(void *arg, struct form *f, struct app *a, enum form_event ev)
{
	(void)a;
	struct payui_sca *s = arg;
	if (ev == FORM_CANCEL) {
		s->done = true;
		return;
	}
	const char *v = form_value(f);
	size_t n = strlen(v);
	if (n < 4 || n >= sizeof s->code || strspn(v, "0123456789") != n) {
		form_error(f, "the code is the digits your authenticator shows (6 of them)");
		return;
	}
	memcpy(s->code, v, n + 1);
	s->done = s->given = true;
	form_page(f, FORM_PROGRESS, "Checking the code\u2026 do not close");
}

/* Asks in a dialog and waits for the answer with the app's own loop turns,
 * so the screen and the network keep going. */
static bool payui_ask(struct app *a, uint64_t *fid, const char *label,
		      const struct problem *p, int attempt, char *code, size_t size)
{
	if (a->form != NULL)
		form_close(a);
	struct payui_sca s = { 0 };
	struct form_owner ow = { payui_sca_answer, NULL, &s };
	struct form *f = form_open(a, "One-time code", &ow);
	*fid = form_id(f);
	form_page(f, FORM_INPUT, "Your bank asks for a one-time code");
	form_text(f, ROLE_NORMAL, label);
	/* Our words, not the problem's detail: a bank's detail may be written
	 * for programs (challenge ids, header names). */
	(void)p;
	form_text(f, ROLE_MUTED, "Enter the code your authenticator app shows now.");
	if (attempt > 1) {
		char *w = xasprintf("wrong code: %d %s left", PAYFLOW_SCA_TRIES - attempt + 1,
				    PAYFLOW_SCA_TRIES - attempt + 1 == 1 ? "try" : "tries");
		form_warning(f, w);
		free(w);
	}
	form_input(f, "Code:", "", 10);
	struct err e = ERR_INIT;
	while (!s.done) {
		if (!app_turn(a, 200, &e) || payui_form_of(a, *fid) == NULL)
			break;
	}
	bool ok = s.given && strlen(s.code) < size;
	if (ok)
		memcpy(code, s.code, strlen(s.code) + 1);
	secmem_wipe(s.code, sizeof s.code);
	return ok;
}

static bool payui_ask_code(void *arg, const struct problem *p, int attempt, char *code,
			   size_t size)
{
	struct payui_entry *en = arg;
	return payui_ask(en->pu->a, &en->form_id, en->label, p, attempt, code, size);
}

/* A resumed payment that needs a code: asked the same way. */
static bool payui_resumed_sca(void *arg, const struct problem *p, char *code, size_t size)
{
	struct payui *pu = arg;
	uint64_t id = 0;
	return payui_ask(pu->a, &id, "an interrupted payment", p, 1, code, size);
}

/* ---- running ------------------------------------------------------------ */

bool payui_submit(struct app *a, const struct payflow_request *r, struct err *e)
{
	struct payui *pu = a->payui;
	if (pu == NULL)
		return err_set(e, ERR_UNSUPPORTED, "payments need an unlocked vault");
	if (a->locked)
		return err_set(e, ERR_AUTH, "bankterm is locked; nothing was sent");
	uint64_t fid = a->form != NULL ? form_id(a->form) : 0;
	for (struct payui_entry *x = pu->entries; x != NULL; x = x->next)
		if (fid != 0 && x->form_id == fid && x->state == PAYUI_FLIGHT)
			return err_set(e, ERR_INVALID,
				       "already sending: wait for the bank's answer");
	/* One dialog moves money once: a second payment needs a new dialog
	 * (and a new review). */
	bool money = r->kind == PAYFLOW_BILL || r->kind == PAYFLOW_TRANSFER ||
		     r->kind == PAYFLOW_BNPL;
	if (money && fid != 0 && fid == pu->paid_form)
		return err_set(e, ERR_INVALID, "this dialog already sent its payment");
	struct payui_entry *en = xcalloc(1, sizeof *en);
	en->pu = pu;
	en->kind = r->kind;
	en->form_id = fid;
	en->run.ask_code = payui_ask_code;
	en->run.arg = en;
	char b[MONEY_LOCALE_MAX];
	const char *payee = r->review.payee != NULL ? r->review.payee : "";
	if (r->kind == PAYFLOW_CANCEL)
		snprintf(en->label, sizeof en->label, "cancelling a payment to %s", payee);
	else if (r->kind == PAYFLOW_CONTACT)
		snprintf(en->label, sizeof en->label, "adding %s", payee);
	else
		snprintf(en->label, sizeof en->label, "%s to %s",
			 money_format_locale(r->review.amount, b), payee);
	pu->a = a;
	if (!payflow_submit(pu->pay, r, &en->run, e)) {
		free(en);
		return false;
	}
	en->next = pu->entries;
	pu->entries = en;
	if (money)
		pu->paid_form = fid;
	struct form *f = payui_form_of(a, fid);
	if (f != NULL) {
		form_page(f, FORM_PROGRESS, "Sending\u2026 do not close");
		form_text(f, ROLE_NORMAL, en->label);
		form_text(f, ROLE_MUTED, "The bank's answer will show here.");
	}
	a->dirty = true;
	return true;
}

size_t payui_resume(struct app *a)
{
	struct payui *pu = a->payui;
	if (pu == NULL || a->locked)
		return 0;
	pu->a = a;
	struct pay_callbacks cb = { payui_resumed_done, payui_resumed_sca, pu };
	struct err e = ERR_INIT;
	size_t n = pay_resume(pu->pay, &cb, &e);
	if (e.code != ERR_OK)
		app_message(a, true, "an interrupted payment could not be resent: %s", e.msg);
	else if (n > 0)
		app_message(a, false, "checking %zu interrupted payment%s with the bank\u2026", n,
			    n == 1 ? "" : "s");
	return n;
}

void payui_step(struct app *a)
{
	struct payui *pu = a->payui;
	if (pu == NULL || a->locked)
		return;
	pu->a = a;
	if (pu->recheck_at != 0 && payui_mono() >= pu->recheck_at) {
		pu->recheck_at = 0;
		payui_resume(a);
	}
	struct err e = ERR_INIT;
	if (pay_pending(pu->pay) > 0 && !pay_step(pu->pay, NULL, 0, 0, &e))
		app_message(a, true, "%s", e.msg);
	struct payui_entry *en = pu->entries;
	while (en != NULL) {
		struct payui_entry *next = en->next;
		if (en->state == PAYUI_FLIGHT && en->run.finished) {
			struct payflow_outcome o = en->run.outcome;
			payui_finish(a, en, &o);
		}
		en = next;
	}
	bool busy = a->source.busy != NULL && a->source.busy(a->source.arg);
	if (pu->refresh_wanted && !busy && a->source.start != NULL) {
		struct err re = ERR_INIT;
		if (a->source.start(a->source.arg, &re))
			pu->refresh_wanted = false;
	}
}

size_t payui_busy(const struct app *a)
{
	size_t n = 0;
	for (const struct payui_entry *x = a->payui ? a->payui->entries : NULL; x; x = x->next)
		n++;
	return n;
}

const char *payui_status(const struct app *a)
{
	struct payui *pu = a->payui;
	if (pu == NULL)
		return "";
	size_t fl = 0, aw = 0;
	for (const struct payui_entry *x = pu->entries; x != NULL; x = x->next)
		if (x->state == PAYUI_FLIGHT)
			fl++;
		else
			aw++;
	pu->status[0] = '\0';
	if (fl > 0)
		snprintf(pu->status, sizeof pu->status, "\u27f3 sending %zu payment%s\u2026  ", fl,
			 fl == 1 ? "" : "s");
	if (aw > 0)
		snprintf(pu->status + strlen(pu->status), sizeof pu->status - strlen(pu->status),
			 "? %zu payment%s: status unknown, checking again  ", aw,
			 aw == 1 ? "" : "s");
	return pu->status;
}

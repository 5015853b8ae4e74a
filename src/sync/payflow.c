/* payflow.c — builders, review, outcome and run of money-moving actions
 * (see payflow.h).  No I/O here except through pay.h. */
#include "payflow.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "date.h"
#include "providers/bankapi.h"
#include "sanitize.h"
#include "store.h"
#include "xmalloc.h"

/* ---- Lookups in the store ------------------------------------------------ */

static const struct account *payflow_account_in(const struct store_conn *c, const char *key)
{
	for (size_t i = 0; i < c->n_accounts; i++)
		if (strcmp(c->accounts[i].account.id, key) == 0)
			return &c->accounts[i].account;
	for (size_t i = 0; i < c->n_accounts; i++)
		if (strcmp(c->accounts[i].account.name, key) == 0)
			return &c->accounts[i].account;
	return NULL;
}

/* The funding account at connection c, with messages that say what to do. */
static const struct account *payflow_from(const struct store_conn *c, const char *from,
					  struct err *e)
{
	if (from == NULL || from[0] == '\0') {
		err_set(e, ERR_INVALID, "from: name the account to pay from (id or name)");
		return NULL;
	}
	const struct account *a = payflow_account_in(c, from);
	if (a == NULL) {
		char *s = sanitize_line(from, strlen(from));
		err_set(e, ERR_NOT_FOUND,
			"from: no account '%s' at %s; 'bankterm accounts' lists them (the funding "
			"account must be at the same bank)",
			s, c->name);
		free(s);
	}
	return a;
}

static bool payflow_not_found(struct err *e, const char *what, const char *key,
			      const char *listing)
{
	char *s = sanitize_line(key, strlen(key));
	err_set(e, ERR_NOT_FOUND,
		"%s: no %s '%s'; '%s' lists them (run 'bankterm refresh' if it is new)", what,
		what, s, listing);
	free(s);
	return false;
}

/* ---- Requests ------------------------------------------------------------ */

void payflow_request_clear(struct payflow_request *r)
{
	struct payflow_review *v = &r->review;
	free(v->payee);
	free(v->payee_detail);
	free(v->account_id);
	free(v->account_name);
	free(v->payee_check_name);
	free(v->memo);
	free(r->conn);
	free(r->method);
	free(r->path);
	free(r->body);
	memset(r, 0, sizeof(*r));
}

static void payflow_init(struct payflow_request *r, enum payflow_kind kind, const char *conn,
			 const char *method)
{
	memset(r, 0, sizeof(*r));
	r->kind = kind;
	r->review.kind = kind;
	r->conn = xstrdup(conn);
	r->method = xstrdup(method);
}

static char *payflow_dup(const char *s)
{
	return s != NULL ? xstrdup(s) : NULL;
}

/* Amount typed by the person: a positive amount in the currency. */
static bool payflow_amount(const char *text, const char *currency, struct money *out,
			   struct err *e)
{
	if (text == NULL || text[0] == '\0')
		return err_set(e, ERR_INVALID, "amount: give an amount, e.g. 25.00 (%s)", currency);
	struct err pe = ERR_INIT;
	if (!money_parse(text, strlen(text), currency, out, &pe))
		return err_set(e, ERR_INVALID, "amount: %s", pe.msg);
	if (out->minor <= 0)
		return err_set(e, ERR_INVALID, "amount: must be more than zero");
	return true;
}

/* The funding account's balance before and after, and the warnings. */
static void payflow_balance(const struct payflow_env *env, struct payflow_review *v,
			    const struct account *a)
{
	if (a == NULL) {
		v->warnings |= PAYFLOW_WARN_BALANCE_UNKNOWN;
		return;
	}
	free(v->account_id);
	free(v->account_name);
	v->account_id = xstrdup(a->id);
	v->account_name = xstrdup(a->name);
	v->balance_before = a->has_available_balance ? a->available_balance : a->balance;
	if (!money_sub(v->balance_before, v->amount, &v->balance_after, NULL)) {
		v->warnings |= PAYFLOW_WARN_BALANCE_UNKNOWN;
		return;
	}
	v->has_balance = true;
	if (v->balance_after.minor < 0)
		v->warnings |= PAYFLOW_WARN_BELOW_ZERO;
	int c = 0;
	if (env->low_balance != NULL && money_cmp(v->balance_after, *env->low_balance, &c, NULL) &&
	    c < 0 && v->balance_after.minor >= 0)
		v->warnings |= PAYFLOW_WARN_BELOW_THRESHOLD;
}

static bool payflow_check_date(const struct payflow_env *env, int64_t d, struct err *e)
{
	char buf[DATE_STR_MAX];
	if (d < env->today)
		return err_set(e, ERR_RANGE, "date: %s is in the past; give today or a later date",
			       date_format(d, buf));
	if (d > env->today + PAYFLOW_HORIZON_DAYS)
		return err_set(e, ERR_RANGE,
			       "date: %s is more than %d days ahead (the bank's limit); pick an "
			       "earlier date",
			       date_format(d, buf), PAYFLOW_HORIZON_DAYS);
	return true;
}

/* No control characters (C0, DEL) in text the person typed. */
static bool payflow_plain(const char *s)
{
	for (; *s != '\0'; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			return false;
	return true;
}

bool payflow_build_bill(const struct payflow_env *env, const struct payflow_bill_input *in,
			struct payflow_request *out, struct err *e)
{
	const struct store_conn *c = NULL;
	const struct bill *b = NULL;
	for (size_t i = 0; in->bill != NULL && b == NULL && i < env->store->n_conns; i++) {
		const struct store_conn *ci = &env->store->conns[i];
		for (size_t j = 0; j < ci->bills.n && b == NULL; j++)
			if (strcmp(ci->bills.items[j].id, in->bill) == 0) {
				c = ci;
				b = &ci->bills.items[j];
			}
	}
	if (b == NULL)
		return payflow_not_found(e, "bill", in->bill != NULL ? in->bill : "",
					 "bankterm bills");
	const struct account *a = payflow_from(c, in->from, e);
	if (a == NULL)
		return false;
	if (strcmp(a->currency, b->amount_due.currency) != 0)
		return err_set(e, ERR_INVALID,
			       "from: the account is in %s but the bill is in %s; pay from an "
			       "account in %s",
			       a->currency, b->amount_due.currency, b->amount_due.currency);
	struct money amount;
	switch (in->amount_kind) {
	case PAYFLOW_AMOUNT_DUE:
		amount = b->amount_due;
		if (amount.minor <= 0)
			return err_set(e, ERR_INVALID,
				       "amount: nothing is due on this bill; give an amount to pay "
				       "more");
		break;
	case PAYFLOW_AMOUNT_MINIMUM:
		if (!b->has_minimum_due || b->minimum_due.minor <= 0)
			return err_set(e, ERR_INVALID,
				       "amount: this bill has no minimum payment; pay the amount "
				       "due or give an amount");
		amount = b->minimum_due;
		break;
	default:
		if (!payflow_amount(in->amount, a->currency, &amount, e))
			return false;
		break;
	}
	int64_t date = in->has_pay_on ? in->pay_on : env->today;
	if (!payflow_check_date(env, date, e))
		return false;

	payflow_init(out, PAYFLOW_BILL, c->name, "POST");
	struct payflow_review *v = &out->review;
	v->payee = xstrdup(b->payee);
	v->payee_detail = payflow_dup(b->reference);
	v->amount = amount;
	v->date = date;
	v->scheduled = date > env->today;
	v->due_date = b->due_date;
	if (date > b->due_date)
		v->warnings |= PAYFLOW_WARN_AFTER_DUE;
	int cmp = 0;
	if (money_cmp(amount, b->amount_due, &cmp, NULL) && cmp < 0)
		v->warnings |= PAYFLOW_WARN_MINIMUM_ONLY;
	payflow_balance(env, v, a);

	struct bill_payment_request br = {
		.from_account = a->id,
		.amount = amount,
		.has_pay_on = v->scheduled,
		.pay_on = date,
	};
	out->body = bankapi_build_bill_payment(&br, e);
	out->path = xasprintf("/v1/bills/%s/payments", b->id);
	if (out->body == NULL) {
		payflow_request_clear(out);
		return false;
	}
	return true;
}

bool payflow_build_transfer(const struct payflow_env *env,
			    const struct payflow_transfer_input *in, struct payflow_request *out,
			    struct err *e)
{
	const struct store_conn *c = NULL;
	const struct contact *ct = NULL;
	/* by id first, then by exact name */
	for (int pass = 0; pass < 2 && ct == NULL && in->contact != NULL; pass++)
		for (size_t i = 0; i < env->store->n_conns && ct == NULL; i++) {
			const struct store_conn *ci = &env->store->conns[i];
			for (size_t j = 0; j < ci->contacts.n && ct == NULL; j++) {
				const struct contact *x = &ci->contacts.items[j];
				if (strcmp(pass == 0 ? x->id : x->name, in->contact) == 0) {
					c = ci;
					ct = x;
				}
			}
		}
	if (ct == NULL)
		return payflow_not_found(e, "contact", in->contact != NULL ? in->contact : "",
					 "bankterm contacts");
	const struct account *a = payflow_from(c, in->from, e);
	if (a == NULL)
		return false;
	struct money amount;
	if (!payflow_amount(in->amount, a->currency, &amount, e))
		return false;
	const char *memo = in->memo != NULL && in->memo[0] != '\0' ? in->memo : NULL;
	if (memo != NULL && !payflow_plain(memo))
		return err_set(e, ERR_INVALID,
			       "memo: control characters are not allowed; use plain text");

	payflow_init(out, PAYFLOW_TRANSFER, c->name, "POST");
	struct payflow_review *v = &out->review;
	v->payee = xstrdup(ct->name);
	v->payee_detail = xstrdup(ct->handle);
	v->amount = amount;
	v->date = env->today;
	v->memo = payflow_dup(memo);
	v->has_payee_check = true;
	v->payee_check = ct->payee_check.result;
	v->payee_check_name = payflow_dup(ct->payee_check.name);
	static const unsigned check_warn[] = {
		[PAYEE_CHECK_MATCH] = 0,
		[PAYEE_CHECK_CLOSE_MATCH] = PAYFLOW_WARN_CLOSE_MATCH,
		[PAYEE_CHECK_NO_MATCH] = PAYFLOW_WARN_NO_MATCH,
		[PAYEE_CHECK_UNAVAILABLE] = PAYFLOW_WARN_UNCHECKED,
	};
	if ((unsigned)ct->payee_check.result <= PAYEE_CHECK_UNAVAILABLE)
		v->warnings |= check_warn[ct->payee_check.result];
	if (!ct->has_first_transfer_at)
		v->warnings |= PAYFLOW_WARN_NEW_PAYEE | PAYFLOW_WARN_SCA;
	int cmp = 0;
	if (c->has_limits) {
		v->has_remaining_today = true;
		v->remaining_today = c->limits.remaining_today;
		if (money_cmp(amount, c->limits.remaining_today, &cmp, NULL) && cmp > 0)
			v->warnings |= PAYFLOW_WARN_OVER_LIMIT;
		if (money_cmp(amount, c->limits.sca_threshold, &cmp, NULL) && cmp > 0)
			v->warnings |= PAYFLOW_WARN_SCA;
	}
	payflow_balance(env, v, a);

	struct transfer_request tr = {
		.from_account = a->id,
		.contact_id = ct->id,
		.amount = amount,
		.memo = memo,
	};
	out->body = bankapi_build_transfer(&tr, e);
	out->path = xstrdup("/v1/transfers");
	if (out->body == NULL) {
		payflow_request_clear(out);
		return false;
	}
	return true;
}

/* The account at any connection, by id or name (BNPL: the funding source). */
static const struct account *payflow_account_any(const struct store *s, const char *key)
{
	for (size_t i = 0; i < s->n_conns; i++) {
		const struct account *a = payflow_account_in(&s->conns[i], key);
		if (a != NULL)
			return a;
	}
	return NULL;
}

bool payflow_build_bnpl(const struct payflow_env *env, const struct payflow_bnpl_input *in,
			struct payflow_request *out, struct err *e)
{
	const struct store_conn *c = NULL;
	const struct bnpl_plan *pl = NULL;
	for (size_t i = 0; in->plan != NULL && pl == NULL && i < env->store->n_conns; i++) {
		const struct store_conn *ci = &env->store->conns[i];
		for (size_t j = 0; j < ci->plans.n && pl == NULL; j++)
			if (strcmp(ci->plans.items[j].id, in->plan) == 0) {
				c = ci;
				pl = &ci->plans.items[j];
			}
	}
	if (pl == NULL)
		return payflow_not_found(e, "plan", in->plan != NULL ? in->plan : "",
					 "bankterm bnpl");
	if (pl->status == BNPL_PAID_OFF || pl->outstanding.minor <= 0)
		return err_set(e, ERR_INVALID, "plan: this plan is already paid off");
	const struct account *a = NULL;
	if (in->from != NULL && (a = payflow_account_any(env->store, in->from)) == NULL)
		return payflow_not_found(e, "account", in->from, "bankterm accounts");
	const struct installment *next = NULL;
	for (size_t k = 0; k < pl->n_installments; k++) {
		const struct installment *x = &pl->installments[k];
		if (x->status != INSTALLMENT_PAID && (next == NULL || x->seq < next->seq))
			next = x;
	}
	struct money amount;
	switch (in->kind) {
	case BNPL_PAY_NEXT_INSTALLMENT:
		if (next == NULL)
			return err_set(e, ERR_INVALID,
				       "plan: no installment is left to pay; pay off the plan instead");
		amount = next->amount;
		break;
	case BNPL_PAY_PAYOFF:
		amount = pl->payoff_amount;
		break;
	default:
		if (!payflow_amount(in->amount, pl->outstanding.currency, &amount, e))
			return false;
		break;
	}
	if (a != NULL && strcmp(a->currency, amount.currency) != 0)
		return err_set(e, ERR_INVALID, "from: the account is in %s but the plan is in %s",
			       a->currency, amount.currency);

	payflow_init(out, PAYFLOW_BNPL, c->name, "POST");
	struct payflow_review *v = &out->review;
	v->payee = xstrdup(pl->merchant);
	v->payee_detail = payflow_dup(pl->funding_source);
	v->amount = amount;
	v->date = env->today;
	v->due_date = next != NULL ? next->due_date : 0;
	v->bnpl_kind = in->kind;
	if (in->kind == BNPL_PAY_PAYOFF && pl->has_interest_saved_on_payoff) {
		v->has_interest_saved = true;
		v->interest_saved = pl->interest_saved_on_payoff;
	}
	payflow_balance(env, v, a);

	struct bnpl_payment_request br = { .kind = in->kind, .amount = amount };
	out->body = bankapi_build_bnpl_payment(&br, e);
	out->path = xasprintf("/v1/bnpl/plans/%s/payments", pl->id);
	if (out->body == NULL) {
		payflow_request_clear(out);
		return false;
	}
	return true;
}

static bool payflow_all_digits(const char *s, size_t min, size_t max)
{
	size_t n = strlen(s);
	if (n < min || n > max)
		return false;
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return true;
}

/* The API's handle forms: an email, "+" and 8-15 digits, or 6-20 digits. */
static bool payflow_handle_ok(const char *h)
{
	if (h[0] == '+')
		return payflow_all_digits(h + 1, 8, 15);
	if (payflow_all_digits(h, 6, 20))
		return true;
	const char *at = strchr(h, '@');
	if (at == NULL || at == h || strchr(at + 1, '@') != NULL || strchr(at, '.') == NULL ||
	    at[strlen(at) - 1] == '.' || strlen(h) > 254)
		return false;
	for (const char *p = h; *p != '\0'; p++)
		if ((unsigned char)*p <= ' ' || (unsigned char)*p >= 0x7f)
			return false;
	return true;
}

bool payflow_build_contact(const struct payflow_env *env, const struct payflow_contact_input *in,
			   struct payflow_request *out, struct err *e)
{
	const struct store_conn *c = NULL;
	size_t n = 0;
	for (size_t i = 0; i < env->store->n_conns; i++) {
		const struct store_conn *ci = &env->store->conns[i];
		if (in->conn != NULL ? strcmp(ci->name, in->conn) == 0
				     : (ci->institution.caps & INSTITUTION_CAP_P2P) != 0) {
			c = ci;
			n++;
		}
	}
	if (n == 0)
		return err_set(e, ERR_NOT_FOUND,
			       in->conn != NULL ? "connection: no connection called that; "
						  "'bankterm connections' lists them"
						: "no linked bank offers transfers to contacts "
						  "(run 'bankterm refresh' if you just linked one)");
	if (n > 1)
		return err_set(e, ERR_INVALID,
			       "several banks offer transfers; say which connection with --conn");
	const char *name = in->name != NULL ? in->name : "";
	if (name[0] == '\0' || strlen(name) > 200 || !payflow_plain(name))
		return err_set(e, ERR_INVALID,
			       "name: give the payee's full name as their bank knows it (plain text, "
			       "at most 200 bytes)");
	const char *handle = in->handle != NULL ? in->handle : "";
	if (!payflow_handle_ok(handle))
		return err_set(e, ERR_INVALID,
			       "handle: give an email address, a phone number as + and 8-15 digits, "
			       "or an account number of 6-20 digits");
	struct contact_request cr = { .name = name, .handle = handle };
	char *body = bankapi_build_contact(&cr, e);
	if (body == NULL)
		return false;
	payflow_init(out, PAYFLOW_CONTACT, c->name, "POST");
	out->body = body;
	out->path = xstrdup("/v1/contacts");
	out->review.payee = xstrdup(name);
	out->review.payee_detail = xstrdup(handle);
	out->review.date = env->today;
	return true;
}

bool payflow_build_cancel(const struct payflow_env *env, const char *payment_id,
			  struct payflow_request *out, struct err *e)
{
	const struct store_conn *c = NULL;
	const struct payment *pm = NULL;
	for (size_t i = 0; payment_id != NULL && pm == NULL && i < env->store->n_conns; i++) {
		const struct store_conn *ci = &env->store->conns[i];
		for (size_t j = 0; j < ci->payments.n && pm == NULL; j++)
			if (strcmp(ci->payments.items[j].id, payment_id) == 0) {
				c = ci;
				pm = &ci->payments.items[j];
			}
	}
	if (pm == NULL)
		return payflow_not_found(e, "payment", payment_id != NULL ? payment_id : "",
					 "bankterm payments");
	if (pm->status != PAYMENT_SCHEDULED)
		return err_set(e, ERR_INVALID,
			       "payment: it is %s; only a scheduled payment can be cancelled",
			       payment_status_name(pm->status));
	payflow_init(out, PAYFLOW_CANCEL, c->name, "DELETE");
	out->path = xasprintf("/v1/payments/%s", pm->id);
	struct payflow_review *v = &out->review;
	v->payee = xstrdup(pm->payee);
	v->amount = pm->amount;
	v->date = pm->pay_on;
	v->scheduled = true;
	v->account_id = xstrdup(pm->from_account);
	const struct account *a = payflow_account_in(c, pm->from_account);
	v->account_name = xstrdup(a != NULL ? a->name : pm->from_account);
	return true;
}

/* ---- Review text --------------------------------------------------------- */

const char *payflow_warning_text(enum payflow_warning w)
{
	switch (w) {
	case PAYFLOW_WARN_BELOW_ZERO:
		return "the account would go below zero";
	case PAYFLOW_WARN_BELOW_THRESHOLD:
		return "the balance after would be below your low balance threshold";
	case PAYFLOW_WARN_AFTER_DUE:
		return "this date is after the bill's due date: it may be late";
	case PAYFLOW_WARN_NEW_PAYEE:
		return "first transfer to this contact. " PAYFLOW_SCAM_TEXT;
	case PAYFLOW_WARN_CLOSE_MATCH:
		return "the bank holds a different name for this handle (shown above): is that "
		       "who you meant to pay?";
	case PAYFLOW_WARN_NO_MATCH:
		return "the name does NOT match the account holder's name at their bank; this "
		       "may be a mistake or a scam";
	case PAYFLOW_WARN_UNCHECKED:
		return "the payee's name could not be checked with their bank";
	case PAYFLOW_WARN_OVER_LIMIT:
		return "more than your daily transfer limit remaining: the bank will refuse it";
	case PAYFLOW_WARN_SCA:
		return "your bank will ask for a one-time code";
	case PAYFLOW_WARN_MINIMUM_ONLY:
		return "less than the amount due: interest or fees may follow";
	case PAYFLOW_WARN_BALANCE_UNKNOWN:
		return "the balance after is unknown (no funding account in bankterm)";
	}
	return "?";
}

static void payflow_line(struct buf *b, const char *label, const char *raw)
{
	char *s = sanitize_line(raw, strlen(raw));
	buf_printf(b, "%-14s%s\n", label, s);
	free(s);
}

static const char *payflow_verb(const struct payflow_review *r)
{
	static const char *const verbs[] = {
		[PAYFLOW_BILL] = "Pay bill",
		[PAYFLOW_TRANSFER] = "Send to",
		[PAYFLOW_BNPL] = "Pay plan",
		[PAYFLOW_CONTACT] = "Add contact",
		[PAYFLOW_CANCEL] = "Cancel",
	};
	return verbs[r->kind];
}

char *payflow_review_format(const struct payflow_review *r)
{
	struct buf b = { 0 };
	char m1[MONEY_LOCALE_MAX], m2[MONEY_LOCALE_MAX], d[DATE_STR_MAX];
	char *t;
	if (r->payee_detail != NULL) {
		t = xasprintf("%s (%s)", r->payee, r->payee_detail);
		payflow_line(&b, payflow_verb(r), t);
		free(t);
	} else {
		payflow_line(&b, payflow_verb(r), r->payee);
	}
	if (r->has_payee_check) {
		const char *res = payee_check_result_name(r->payee_check);
		t = r->payee_check_name != NULL
			    ? xasprintf("%s (the bank holds: %s)", res, r->payee_check_name)
			    : xstrdup(res);
		payflow_line(&b, "Payee check", t);
		free(t);
	}
	if (r->kind == PAYFLOW_CONTACT)
		goto warnings;
	if (r->kind == PAYFLOW_BNPL)
		buf_printf(&b, "%-14s%s\n", "Payment",
			   r->bnpl_kind == BNPL_PAY_PAYOFF ? "pay off the whole plan"
			   : r->bnpl_kind == BNPL_PAY_NEXT_INSTALLMENT ? "next installment"
								     : "an amount");
	buf_printf(&b, "%-14s%s\n", "Amount", money_format_locale(r->amount, m1));
	if (r->has_interest_saved)
		buf_printf(&b, "%-14s%s of interest\n", "Saves",
			   money_format_locale(r->interest_saved, m1));
	if (r->account_name != NULL) {
		t = xasprintf("%s (%s)", r->account_name, r->account_id);
		payflow_line(&b, "From", t);
		free(t);
	}
	if (r->has_balance)
		buf_printf(&b, "%-14s%s, after: %s\n", "Available",
			   money_format_locale(r->balance_before, m1),
			   money_format_locale(r->balance_after, m2));
	buf_printf(&b, "%-14s%s%s\n", "Date", date_format(r->date, d),
		   r->scheduled ? " (scheduled)" : " (today)");
	if (r->due_date != 0)
		buf_printf(&b, "%-14s%s\n", "Due date", date_format(r->due_date, d));
	if (r->memo != NULL)
		payflow_line(&b, "Memo", r->memo);
	if (r->has_remaining_today)
		buf_printf(&b, "%-14s%s\n", "Limit left",
			   money_format_locale(r->remaining_today, m1));
warnings:
	for (unsigned bit = 1; bit <= PAYFLOW_WARN_BALANCE_UNKNOWN; bit <<= 1)
		if (r->warnings & bit)
			buf_printf(&b, "Warning: %s\n",
				   payflow_warning_text((enum payflow_warning)bit));
	return buf_steal(&b);
}

/* ---- Outcome ------------------------------------------------------------- */

int payflow_exit_code(enum payflow_result r)
{
	static const int codes[] = {
		[PAYFLOW_DONE] = 0,    [PAYFLOW_REFUSED] = 1, [PAYFLOW_AUTH] = 3,
		[PAYFLOW_NETWORK] = 4, [PAYFLOW_UNKNOWN] = 5, [PAYFLOW_CANCELLED] = 1,
	};
	return (unsigned)r < sizeof(codes) / sizeof(codes[0]) ? codes[r] : 1;
}

static enum payflow_kind payflow_kind_of(const char *method, const char *path)
{
	if (method != NULL && strcmp(method, "DELETE") == 0)
		return PAYFLOW_CANCEL;
	if (strcmp(path, "/v1/contacts") == 0)
		return PAYFLOW_CONTACT;
	if (strcmp(path, "/v1/transfers") == 0)
		return PAYFLOW_TRANSFER;
	if (strncmp(path, "/v1/bnpl/", 9) == 0)
		return PAYFLOW_BNPL;
	return PAYFLOW_BILL;
}

static void payflow_copy(char *dst, size_t size, const char *src)
{
	snprintf(dst, size, "%s", src != NULL ? src : "");
}

static void payflow_say(struct payflow_outcome *out, const char *fmt, ...) ERR_PRINTF(2, 3);
static void payflow_say(struct payflow_outcome *out, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(out->message, sizeof(out->message), fmt, ap);
	va_end(ap);
}

/* The bank's answer to a successful request: ids and state for the result. */
static void payflow_parse_done(const struct pay_outcome *o, struct payflow_outcome *out)
{
	struct err e = ERR_INIT;
	switch (out->kind) {
	case PAYFLOW_BILL:
	case PAYFLOW_CANCEL: {
		struct payment pm = { 0 };
		if (bankapi_parse_payment(o->body, o->body_len, &pm, &e)) {
			payflow_copy(out->id, sizeof(out->id), pm.id);
			payflow_copy(out->confirmation, sizeof(out->confirmation), pm.confirmation);
			payflow_copy(out->state, sizeof(out->state),
				     payment_status_name(pm.status));
			out->amount = pm.amount;
		}
		payment_clear(&pm);
		break;
	}
	case PAYFLOW_TRANSFER: {
		struct transfer tr = { 0 };
		if (bankapi_parse_transfer(o->body, o->body_len, &tr, &e)) {
			payflow_copy(out->id, sizeof(out->id), tr.id);
			payflow_copy(out->confirmation, sizeof(out->confirmation), tr.id);
			payflow_copy(out->state, sizeof(out->state),
				     transfer_status_name(tr.status));
			out->amount = tr.amount;
		}
		transfer_clear(&tr);
		break;
	}
	case PAYFLOW_BNPL: {
		struct bnpl_payment bp = { 0 };
		if (bankapi_parse_plan_payment(o->body, o->body_len, &bp, &e)) {
			payflow_copy(out->id, sizeof(out->id), bp.id);
			payflow_copy(out->confirmation, sizeof(out->confirmation), bp.id);
			payflow_copy(out->state, sizeof(out->state), "completed");
			out->amount = bp.amount;
		}
		bnpl_payment_clear(&bp);
		break;
	}
	case PAYFLOW_CONTACT: {
		struct contact ct = { 0 };
		if (bankapi_parse_contact(o->body, o->body_len, &ct, &e)) {
			payflow_copy(out->id, sizeof(out->id), ct.id);
			payflow_copy(out->confirmation, sizeof(out->confirmation), ct.id);
			out->has_payee_check = true;
			out->payee_check = ct.payee_check.result;
			payflow_copy(out->payee_check_name, sizeof(out->payee_check_name),
				     ct.payee_check.name);
		}
		contact_clear(&ct);
		break;
	}
	}
	if (e.code != ERR_OK)
		payflow_say(out,
			 "Done (status %ld), but the bank's answer could not be read: %s",
			 o->status, e.msg);
	else if (out->kind == PAYFLOW_CONTACT)
		payflow_say(out, "Contact added: %s", out->id);
	else if (out->kind == PAYFLOW_CANCEL)
		payflow_say(out, "Payment %s is %s", out->id,
			 out->state);
	else
		payflow_say(out, "Done: %s, confirmation %s",
			 out->state, out->confirmation);
}

/* The customer-facing words of a refusal. */
static const char *payflow_refusal(enum problem_type t)
{
	switch (t) {
	case PROBLEM_INSUFFICIENT_FUNDS:
		return "Insufficient funds";
	case PROBLEM_LIMIT_EXCEEDED:
		return "Daily transfer limit reached";
	case PROBLEM_NOT_FOUND:
		return "Not found at the bank (payee, account, bill or plan)";
	case PROBLEM_ALREADY_SENT:
		return "Already sent: it can no longer be cancelled";
	case PROBLEM_ALREADY_PAID:
		return "The plan is already paid off";
	case PROBLEM_INVALID_AMOUNT:
		return "The bank refused the amount";
	case PROBLEM_CURRENCY_MISMATCH:
		return "Wrong currency for that account";
	case PROBLEM_IDEMPOTENCY_KEY_REUSED:
		return "The bank saw a different request with the same key";
	default:
		return "The bank refused the request";
	}
}

void payflow_classify(const struct pay_outcome *o, struct payflow_outcome *out)
{
	memset(out, 0, sizeof(*out));
	out->kind = payflow_kind_of(o->method, o->path);
	out->status = o->status;
	out->replayed = o->replayed;
	payflow_copy(out->key, sizeof(out->key), o->key);
	bool money = out->kind == PAYFLOW_BILL || out->kind == PAYFLOW_TRANSFER ||
		     out->kind == PAYFLOW_BNPL;
	const char *not_made = money ? " The payment was NOT made." : " Nothing was changed.";
	if (o->pending) {
		out->result = PAYFLOW_UNKNOWN;
		payflow_say(out,
			 money ? "Status unknown: the bank's answer was lost (%s). bankterm will "
				 "check again with the same key on the next 'bankterm refresh' or "
				 "start; do not pay again."
			       : "Status unknown: the bank's answer was lost (%s). Refresh and "
				 "look before trying again.",
			 o->err.msg);
		return;
	}
	if (o->status >= 200 && o->status < 300) {
		out->result = PAYFLOW_DONE;
		payflow_parse_done(o, out);
		return;
	}
	if (o->status == 0) {
		switch (o->err.code) {
		case ERR_CANCELLED:
			out->result = PAYFLOW_CANCELLED;
			payflow_say(out, "Cancelled: %s", o->err.msg);
			return;
		case ERR_AUTH:
		case ERR_CORRUPT:
		case ERR_IO:
		case ERR_PERM:
			out->result = PAYFLOW_AUTH;
			payflow_say(out,
				 "Session expired or refused (%s): link %s again with 'bankterm "
				 "link'.%s",
				 o->err.msg, o->conn, not_made);
			return;
		default:
			out->result = PAYFLOW_NETWORK;
			payflow_say(out,
				 "The bank is unavailable (%s). Try again later.%s", o->err.msg,
				 not_made);
			return;
		}
	}
	struct problem pr = { 0 };
	bankapi_parse_problem(o->body, o->body_len, &pr, NULL);
	out->problem = pr.type;
	if (o->status == 401) {
		out->result = PAYFLOW_AUTH;
		payflow_say(out,
			 "The bank refused the session: link %s again with 'bankterm link'.%s",
			 o->conn, not_made);
	} else {
		out->result = PAYFLOW_REFUSED;
		payflow_say(out, "%s: %s%s", payflow_refusal(pr.type),
			 pr.detail != NULL ? pr.detail : "no details", not_made);
	}
	problem_clear(&pr);
}

/* ---- Running ------------------------------------------------------------- */

static bool payflow_sca(void *arg, const struct problem *p, char *code, size_t size)
{
	struct payflow_run *run = arg;
	if (run->ask_code == NULL || run->sca_asked >= PAYFLOW_SCA_TRIES)
		return false;
	run->sca_asked++;
	return run->ask_code(run->arg, p, run->sca_asked, code, size);
}

static void payflow_done(void *arg, const struct pay_outcome *o)
{
	struct payflow_run *run = arg;
	payflow_classify(o, &run->outcome);
	if (run->outcome.result == PAYFLOW_CANCELLED && run->sca_asked >= PAYFLOW_SCA_TRIES) {
		run->outcome.result = PAYFLOW_AUTH;
		payflow_say(&run->outcome,
			 "%d wrong one-time codes: cancelled. Nothing was sent.", PAYFLOW_SCA_TRIES);
	}
	run->in_flight = false;
	run->finished = true;
	if (run->finished_cb != NULL)
		run->finished_cb(run->arg, &run->outcome);
}

bool payflow_submit(struct pay *p, const struct payflow_request *r, struct payflow_run *run,
		    struct err *e)
{
	if (run->in_flight)
		return err_set(e, ERR_INVALID,
			       "a payment is already in flight; wait for its result");
	run->finished = false;
	run->sca_asked = 0;
	memset(&run->outcome, 0, sizeof(run->outcome));
	struct pay_callbacks cb = { .done = payflow_done, .sca = payflow_sca, .arg = run };
	bool money = r->kind == PAYFLOW_BILL || r->kind == PAYFLOW_TRANSFER ||
		     r->kind == PAYFLOW_BNPL;
	run->in_flight = true;
	bool ok = money ? pay_submit(p, r->conn, r->path, r->body, &cb, run->outcome.key, e)
			: pay_request(p, r->conn, r->method, r->path, r->body, &cb, e);
	if (!ok)
		run->in_flight = false;
	return ok;
}

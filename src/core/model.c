/* model.c — releasing model structs and naming their enums (see model.h). */
#include "model.h"

#include <stdlib.h>
#include <string.h>

const char *const account_type_names[] = { "checking", "savings", "credit_card", "loan", "other",
					   NULL };
const char *const txn_status_names[] = { "posted", "pending", NULL };
const char *const bill_status_names[] = { "due", "scheduled", "paid", "overdue", NULL };
const char *const payment_status_names[] = { "scheduled", "sent", "cancelled", NULL };
const char *const handle_type_names[] = { "email", "phone", "account", NULL };
const char *const payee_check_result_names[] = { "match", "close_match", "no_match",
						 "unavailable", NULL };
const char *const transfer_status_names[] = { "pending", "completed", "failed", NULL };
const char *const installment_status_names[] = { "paid", "due", "overdue", "upcoming", NULL };
const char *const bnpl_status_names[] = { "active", "paid_off", "delinquent", NULL };
const char *const bnpl_payment_kind_names[] = { "next_installment", "payoff", "amount", NULL };
const char *const problem_type_slugs[] = {
	"other",
	"invalid-request",
	"invalid-amount",
	"currency-mismatch",
	"idempotency-key-missing",
	"invalid-token",
	"sca-required",
	"sca-failed",
	"not-found",
	"method-not-allowed",
	"already-sent",
	"already-paid",
	"payload-too-large",
	"unsupported-media-type",
	"insufficient-funds",
	"limit-exceeded",
	"idempotency-key-reused",
	"rate-limited",
	"unavailable",
	NULL,
};
const char *const oauth_error_code_names[] = {
	"other",	   "authorization_pending", "slow_down",	     "expired_token",
	"access_denied",   "invalid_grant",	    "invalid_request", "invalid_client",
	"unsupported_grant_type", NULL,
};
const char *const institution_cap_names[] = { "accounts", "bills", "p2p", "bnpl", NULL };

/* names[v], or "?" when v is outside the NULL-terminated table. */
static const char *model_name(const char *const *names, unsigned v)
{
	for (unsigned i = 0; names[i] != NULL; i++)
		if (i == v)
			return names[i];
	return "?";
}

const char *account_type_name(enum account_type t)
{
	return model_name(account_type_names, (unsigned)t);
}

const char *txn_status_name(enum txn_status s)
{
	return model_name(txn_status_names, (unsigned)s);
}

const char *bill_status_name(enum bill_status s)
{
	return model_name(bill_status_names, (unsigned)s);
}

const char *payment_status_name(enum payment_status s)
{
	return model_name(payment_status_names, (unsigned)s);
}

const char *handle_type_name(enum handle_type t)
{
	return model_name(handle_type_names, (unsigned)t);
}

const char *payee_check_result_name(enum payee_check_result r)
{
	return model_name(payee_check_result_names, (unsigned)r);
}

const char *transfer_status_name(enum transfer_status s)
{
	return model_name(transfer_status_names, (unsigned)s);
}

const char *installment_status_name(enum installment_status s)
{
	return model_name(installment_status_names, (unsigned)s);
}

const char *bnpl_status_name(enum bnpl_status s)
{
	return model_name(bnpl_status_names, (unsigned)s);
}

const char *bnpl_payment_kind_name(enum bnpl_payment_kind k)
{
	return model_name(bnpl_payment_kind_names, (unsigned)k);
}

const char *problem_type_slug(enum problem_type t)
{
	return model_name(problem_type_slugs, (unsigned)t);
}

const char *oauth_error_code_name(enum oauth_error_code c)
{
	return model_name(oauth_error_code_names, (unsigned)c);
}

/* Frees a string that may be a credential, wiping it first. */
static void model_free_secret(char *s)
{
	if (s != NULL)
		explicit_bzero(s, strlen(s));
	free(s);
}

void institution_clear(struct institution *p)
{
	free(p->id);
	free(p->name);
	memset(p, 0, sizeof *p);
}

void account_clear(struct account *p)
{
	free(p->id);
	free(p->name);
	memset(p, 0, sizeof *p);
}

void transaction_clear(struct transaction *p)
{
	free(p->id);
	free(p->replaces);
	free(p->description);
	free(p->merchant);
	free(p->category);
	free(p->counterparty);
	memset(p, 0, sizeof *p);
}

void bill_clear(struct bill *p)
{
	free(p->id);
	free(p->payee);
	free(p->reference);
	memset(p, 0, sizeof *p);
}

void payment_clear(struct payment *p)
{
	free(p->id);
	free(p->bill_id);
	free(p->payee);
	free(p->from_account);
	free(p->confirmation);
	memset(p, 0, sizeof *p);
}

void contact_clear(struct contact *p)
{
	free(p->id);
	free(p->name);
	free(p->handle);
	free(p->payee_check.name);
	memset(p, 0, sizeof *p);
}

void transfer_clear(struct transfer *p)
{
	free(p->id);
	free(p->from_account);
	free(p->contact_id);
	free(p->memo);
	memset(p, 0, sizeof *p);
}

void bnpl_plan_clear(struct bnpl_plan *p)
{
	free(p->id);
	free(p->merchant);
	free(p->late_fee_policy.text);
	free(p->funding_source);
	free(p->installments);
	memset(p, 0, sizeof *p);
}

void bnpl_payment_clear(struct bnpl_payment *p)
{
	free(p->id);
	free(p->plan_id);
	memset(p, 0, sizeof *p);
}

void problem_clear(struct problem *p)
{
	free(p->type_uri);
	free(p->title);
	free(p->detail);
	free(p->challenge_id);
	free(p->method);
	memset(p, 0, sizeof *p);
}

void oauth_token_clear(struct oauth_token *p)
{
	model_free_secret(p->access_token);
	free(p->token_type);
	model_free_secret(p->refresh_token);
	free(p->scope);
	memset(p, 0, sizeof *p);
}

void device_authorization_clear(struct device_authorization *p)
{
	model_free_secret(p->device_code);
	free(p->user_code);
	free(p->verification_uri);
	free(p->verification_uri_complete);
	memset(p, 0, sizeof *p);
}

void oauth_error_clear(struct oauth_error *p)
{
	free(p->error);
	free(p->error_description);
	memset(p, 0, sizeof *p);
}

#define MODEL_LIST_FREE(fn, list_type, clear)           \
	void fn(struct list_type *l)                    \
	{                                               \
		for (size_t i = 0; i < l->n; i++)       \
			clear(&l->items[i]);            \
		free(l->items);                         \
		memset(l, 0, sizeof *l);                \
	}

MODEL_LIST_FREE(account_list_free, account_list, account_clear)
MODEL_LIST_FREE(bill_list_free, bill_list, bill_clear)
MODEL_LIST_FREE(payment_list_free, payment_list, payment_clear)
MODEL_LIST_FREE(contact_list_free, contact_list, contact_clear)
MODEL_LIST_FREE(transfer_list_free, transfer_list, transfer_clear)
MODEL_LIST_FREE(bnpl_plan_list_free, bnpl_plan_list, bnpl_plan_clear)

void transaction_list_free(struct transaction_list *l)
{
	for (size_t i = 0; i < l->n; i++)
		transaction_clear(&l->items[i]);
	free(l->items);
	free(l->next_cursor);
	memset(l, 0, sizeof *l);
}

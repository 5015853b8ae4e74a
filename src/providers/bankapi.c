/* bankapi.c — Bank API responses to model structs, and the POST bodies (see bankapi.h).
 *
 * Each resource is a field table (json.h does the reading); the few rules a
 * table cannot say live in the *_finish hooks. */
#include "bankapi.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "date.h"
#include "json.h"
#include "xmalloc.h"

#define BANKAPI_PROBLEM_PREFIX "https://bankterm.dev/problems/"
#define BANKAPI_INSTALLMENTS_MAX 600
#define BANKAPI_CURSOR_MAX 1024
#define BANKAPI_EXPIRES_MAX (10LL * 365 * 86400)

/* The Bank API has four account types; "other" is SimpleFIN's. */
static const char *const bankapi_account_types[] = { "checking", "savings", "credit_card", "loan",
						     NULL };

/* json.h wants clear functions on void *. */
static void bankapi_clear_institution(void *p)
{
	institution_clear(p);
}
static void bankapi_clear_account(void *p)
{
	account_clear(p);
}
static void bankapi_clear_transaction(void *p)
{
	transaction_clear(p);
}
static void bankapi_clear_bill(void *p)
{
	bill_clear(p);
}
static void bankapi_clear_payment(void *p)
{
	payment_clear(p);
}
static void bankapi_clear_contact(void *p)
{
	contact_clear(p);
}
static void bankapi_clear_transfer(void *p)
{
	transfer_clear(p);
}
static void bankapi_clear_plan(void *p)
{
	bnpl_plan_clear(p);
}
static void bankapi_clear_plan_payment(void *p)
{
	bnpl_payment_clear(p);
}
static void bankapi_clear_problem(void *p)
{
	problem_clear(p);
}
static void bankapi_clear_token(void *p)
{
	oauth_token_clear(p);
}
static void bankapi_clear_device(void *p)
{
	device_authorization_clear(p);
}
static void bankapi_clear_oauth_error(void *p)
{
	oauth_error_clear(p);
}
static void bankapi_clear_nothing(void *p)
{
	(void)p;
}
static void bankapi_clear_payee_check(void *p)
{
	struct payee_check *pc = p;
	free(pc->name);
	pc->name = NULL;
}
static void bankapi_clear_late_fee_policy(void *p)
{
	struct late_fee_policy *lf = p;
	free(lf->text);
	lf->text = NULL;
}

/* --- institution --- */

static bool bankapi_institution_finish(const json_t *obj, const char *path, void *item,
				       char currency[4], struct err *e)
{
	(void)currency;
	struct institution *inst = item;
	char sub[JSON_PATH_MAX];
	json_path_key(sub, path, "capabilities");
	const json_t *caps = json_object_get(obj, "capabilities");
	if (!json_is_array(caps))
		return err_set(e, ERR_PROTOCOL, "%s: expected an array, got %s", sub,
			       json_type_word(caps));
	if (json_array_size(caps) > 64)
		return err_set(e, ERR_RANGE, "%s: more than 64 capabilities", sub);
	for (size_t i = 0; i < json_array_size(caps); i++) {
		char ipath[JSON_PATH_MAX];
		json_path_index(ipath, sub, i);
		const char *s;
		size_t len;
		if (!json_read_string(json_array_get(caps, i), ipath, 64, &s, &len, e))
			return false;
		for (unsigned b = 0; institution_cap_names[b] != NULL; b++)
			if (strlen(institution_cap_names[b]) == len &&
			    memcmp(institution_cap_names[b], s, len) == 0)
				inst->caps |= 1u << b;
	}
	return true;
}

static const struct json_field bankapi_institution_fields[] = {
	JSON_FIELD(struct institution, id, JSON_F_ID),
	JSON_FIELD(struct institution, name, JSON_F_TEXT),
};
static const struct json_object_spec bankapi_institution_spec =
	JSON_SPEC(struct institution, bankapi_institution_fields, bankapi_clear_institution,
		  bankapi_institution_finish, JSON_NO_ID);

/* --- accounts --- */

static const struct json_field bankapi_account_fields[] = {
	JSON_FIELD(struct account, id, JSON_F_ID),
	JSON_FIELD(struct account, name, JSON_F_TEXT),
	JSON_FIELD_ENUM(struct account, type, bankapi_account_types),
	JSON_FIELD(struct account, currency, JSON_F_CURRENCY),
	JSON_FIELD(struct account, balance, JSON_F_MONEY),
	JSON_FIELD_OPT(struct account, available_balance, JSON_F_MONEY_NULL),
	JSON_FIELD_OPT(struct account, credit_limit, JSON_F_MONEY_NULL),
	JSON_FIELD(struct account, updated_at, JSON_F_TIME),
};
static const struct json_object_spec bankapi_account_spec =
	JSON_SPEC(struct account, bankapi_account_fields, bankapi_clear_account, NULL,
		  offsetof(struct account, id));

/* --- transactions --- */

static const struct json_field bankapi_transaction_fields[] = {
	JSON_FIELD(struct transaction, id, JSON_F_ID),
	JSON_FIELD_ENUM(struct transaction, status, txn_status_names),
	JSON_FIELD(struct transaction, replaces, JSON_F_ID_NULL),
	JSON_FIELD(struct transaction, booked_at, JSON_F_TIME),
	JSON_FIELD(struct transaction, amount, JSON_F_MONEY),
	JSON_FIELD(struct transaction, description, JSON_F_TEXT),
	JSON_FIELD(struct transaction, merchant, JSON_F_TEXT_NULL),
	JSON_FIELD(struct transaction, category, JSON_F_TEXT_NULL),
	JSON_FIELD(struct transaction, counterparty, JSON_F_TEXT_NULL),
};
static const struct json_object_spec bankapi_transaction_spec =
	JSON_SPEC(struct transaction, bankapi_transaction_fields, bankapi_clear_transaction, NULL,
		  offsetof(struct transaction, id));

/* --- bills and payments --- */

static const struct json_field bankapi_bill_fields[] = {
	JSON_FIELD(struct bill, id, JSON_F_ID),
	JSON_FIELD(struct bill, payee, JSON_F_TEXT),
	JSON_FIELD(struct bill, reference, JSON_F_TEXT),
	JSON_FIELD(struct bill, amount_due, JSON_F_MONEY),
	JSON_FIELD_OPT(struct bill, minimum_due, JSON_F_MONEY_NULL),
	JSON_FIELD(struct bill, due_date, JSON_F_DATE),
	JSON_FIELD_ENUM(struct bill, status, bill_status_names),
	JSON_FIELD(struct bill, autopay, JSON_F_BOOL),
};
static const struct json_object_spec bankapi_bill_spec = JSON_SPEC(
	struct bill, bankapi_bill_fields, bankapi_clear_bill, NULL, offsetof(struct bill, id));

static const struct json_field bankapi_payment_fields[] = {
	JSON_FIELD(struct payment, id, JSON_F_ID),
	JSON_FIELD(struct payment, bill_id, JSON_F_ID),
	JSON_FIELD(struct payment, payee, JSON_F_TEXT),
	JSON_FIELD(struct payment, from_account, JSON_F_ID),
	JSON_FIELD(struct payment, amount, JSON_F_MONEY),
	JSON_FIELD(struct payment, pay_on, JSON_F_DATE),
	JSON_FIELD_ENUM(struct payment, status, payment_status_names),
	JSON_FIELD(struct payment, confirmation, JSON_F_TEXT),
	JSON_FIELD(struct payment, created_at, JSON_F_TIME),
};
static const struct json_object_spec bankapi_payment_spec =
	JSON_SPEC(struct payment, bankapi_payment_fields, bankapi_clear_payment, NULL,
		  offsetof(struct payment, id));

/* --- contacts, transfers, limits --- */

static const struct json_field bankapi_payee_check_fields[] = {
	JSON_FIELD_ENUM(struct payee_check, result, payee_check_result_names),
	JSON_FIELD(struct payee_check, name, JSON_F_TEXT_NULL),
};
static const struct json_object_spec bankapi_payee_check_spec =
	JSON_SPEC(struct payee_check, bankapi_payee_check_fields, bankapi_clear_payee_check, NULL,
		  JSON_NO_ID);

static bool bankapi_contact_finish(const json_t *obj, const char *path, void *item,
				   char currency[4], struct err *e)
{
	(void)currency;
	struct contact *c = item;
	return json_read_member(obj, path, "payee_check", &bankapi_payee_check_spec,
				&c->payee_check, NULL, e);
}

static const struct json_field bankapi_contact_fields[] = {
	JSON_FIELD(struct contact, id, JSON_F_ID),
	JSON_FIELD(struct contact, name, JSON_F_TEXT),
	JSON_FIELD(struct contact, handle, JSON_F_TEXT),
	JSON_FIELD_ENUM(struct contact, handle_type, handle_type_names),
	JSON_FIELD(struct contact, created_at, JSON_F_TIME),
	JSON_FIELD_OPT(struct contact, first_transfer_at, JSON_F_TIME_NULL),
};
static const struct json_object_spec bankapi_contact_spec =
	JSON_SPEC(struct contact, bankapi_contact_fields, bankapi_clear_contact,
		  bankapi_contact_finish, offsetof(struct contact, id));

static const struct json_field bankapi_transfer_fields[] = {
	JSON_FIELD(struct transfer, id, JSON_F_ID),
	JSON_FIELD(struct transfer, from_account, JSON_F_ID),
	JSON_FIELD(struct transfer, contact_id, JSON_F_ID),
	JSON_FIELD(struct transfer, amount, JSON_F_MONEY),
	JSON_FIELD(struct transfer, memo, JSON_F_TEXT_NULL),
	JSON_FIELD_ENUM(struct transfer, status, transfer_status_names),
	JSON_FIELD(struct transfer, created_at, JSON_F_TIME),
};
static const struct json_object_spec bankapi_transfer_spec =
	JSON_SPEC(struct transfer, bankapi_transfer_fields, bankapi_clear_transfer, NULL,
		  offsetof(struct transfer, id));

static const struct json_field bankapi_limits_fields[] = {
	JSON_FIELD(struct transfer_limits, daily_limit, JSON_F_MONEY),
	JSON_FIELD(struct transfer_limits, remaining_today, JSON_F_MONEY),
	JSON_FIELD(struct transfer_limits, sca_threshold, JSON_F_MONEY),
};
static const struct json_object_spec bankapi_limits_spec = JSON_SPEC(
	struct transfer_limits, bankapi_limits_fields, bankapi_clear_nothing, NULL, JSON_NO_ID);

/* --- BNPL --- */

static const struct json_field bankapi_installment_fields[] = {
	JSON_FIELD_INT(struct installment, seq, 1, BANKAPI_INSTALLMENTS_MAX),
	JSON_FIELD(struct installment, due_date, JSON_F_DATE),
	JSON_FIELD(struct installment, amount, JSON_F_MONEY),
	JSON_FIELD_ENUM(struct installment, status, installment_status_names),
};
/* An installment is an amount the customer owes: a negative one would lower
 * what bankterm shows as owed and is refused rather than shown. */
static bool bankapi_installment_finish(const json_t *obj, const char *path, void *item,
				       char currency[4], struct err *e)
{
	(void)obj, (void)currency;
	const struct installment *in = item;
	if (in->amount.minor >= 0)
		return true;
	char dec[MONEY_DECIMAL_MAX];
	return err_set(e, ERR_PROTOCOL,
		       "%s.amount: %s %s is negative; an installment is an amount owed", path,
		       money_format_decimal(in->amount, dec), in->amount.currency);
}

static const struct json_object_spec bankapi_installment_spec =
	JSON_SPEC(struct installment, bankapi_installment_fields, bankapi_clear_nothing,
		  bankapi_installment_finish, JSON_NO_ID);

static const struct json_field bankapi_late_fee_fields[] = {
	JSON_FIELD(struct late_fee_policy, text, JSON_F_TEXT),
	JSON_FIELD(struct late_fee_policy, late_fee, JSON_F_MONEY),
	JSON_FIELD(struct late_fee_policy, max_late_fees, JSON_F_MONEY),
};
static const struct json_object_spec bankapi_late_fee_spec =
	JSON_SPEC(struct late_fee_policy, bankapi_late_fee_fields, bankapi_clear_late_fee_policy,
		  NULL, JSON_NO_ID);

static bool bankapi_plan_finish(const json_t *obj, const char *path, void *item, char currency[4],
				struct err *e)
{
	struct bnpl_plan *p = item;
	if (!json_read_member(obj, path, "late_fee_policy", &bankapi_late_fee_spec,
			      &p->late_fee_policy, currency, e))
		return false;
	void *items;
	if (!json_read_array(obj, path, "installments", BANKAPI_INSTALLMENTS_MAX,
			     &bankapi_installment_spec, currency, &items, &p->n_installments, e))
		return false;
	p->installments = items;
	return true;
}

static const struct json_field bankapi_plan_fields[] = {
	JSON_FIELD(struct bnpl_plan, id, JSON_F_ID),
	JSON_FIELD(struct bnpl_plan, merchant, JSON_F_TEXT),
	JSON_FIELD(struct bnpl_plan, purchase_amount, JSON_F_MONEY),
	JSON_FIELD(struct bnpl_plan, outstanding, JSON_F_MONEY),
	JSON_FIELD_AT("apr", struct bnpl_plan, apr_bp, JSON_F_PERCENT),
	JSON_FIELD(struct bnpl_plan, total_interest, JSON_F_MONEY),
	JSON_FIELD(struct bnpl_plan, fees_charged, JSON_F_MONEY),
	JSON_FIELD(struct bnpl_plan, payoff_amount, JSON_F_MONEY),
	JSON_FIELD_OPT(struct bnpl_plan, interest_saved_on_payoff, JSON_F_MONEY_NULL),
	JSON_FIELD(struct bnpl_plan, funding_source, JSON_F_TEXT),
	JSON_FIELD_ENUM(struct bnpl_plan, status, bnpl_status_names),
};
static const struct json_object_spec bankapi_plan_spec =
	JSON_SPEC(struct bnpl_plan, bankapi_plan_fields, bankapi_clear_plan, bankapi_plan_finish,
		  offsetof(struct bnpl_plan, id));

static const struct json_field bankapi_plan_payment_fields[] = {
	JSON_FIELD(struct bnpl_payment, id, JSON_F_ID),
	JSON_FIELD(struct bnpl_payment, plan_id, JSON_F_ID),
	JSON_FIELD_ENUM(struct bnpl_payment, kind, bnpl_payment_kind_names),
	JSON_FIELD(struct bnpl_payment, amount, JSON_F_MONEY),
	JSON_FIELD(struct bnpl_payment, created_at, JSON_F_TIME),
};
static const struct json_object_spec bankapi_plan_payment_spec =
	JSON_SPEC(struct bnpl_payment, bankapi_plan_payment_fields, bankapi_clear_plan_payment,
		  NULL, JSON_NO_ID);

/* --- problems and OAuth --- */

static bool bankapi_problem_finish(const json_t *obj, const char *path, void *item,
				   char currency[4], struct err *e)
{
	(void)obj, (void)path, (void)currency, (void)e;
	struct problem *p = item;
	p->type = PROBLEM_OTHER;
	size_t plen = strlen(BANKAPI_PROBLEM_PREFIX);
	if (p->type_uri == NULL || strncmp(p->type_uri, BANKAPI_PROBLEM_PREFIX, plen) != 0)
		return true;
	for (int i = 1; problem_type_slugs[i] != NULL; i++)
		if (strcmp(p->type_uri + plen, problem_type_slugs[i]) == 0)
			p->type = (enum problem_type)i;
	return true;
}

static const struct json_field bankapi_problem_fields[] = {
	JSON_FIELD_AT("type", struct problem, type_uri, JSON_F_TEXT_NULL),
	JSON_FIELD(struct problem, title, JSON_F_TEXT_NULL),
	{ "status", JSON_F_INT_NULL, offsetof(struct problem, status), 0, NULL, 100, 599 },
	JSON_FIELD(struct problem, detail, JSON_F_TEXT_NULL),
	JSON_FIELD(struct problem, challenge_id, JSON_F_ID_NULL),
	JSON_FIELD(struct problem, method, JSON_F_TEXT_NULL),
	JSON_FIELD_INT_OPT(struct problem, attempts_remaining, 0, 1000),
};
static const struct json_object_spec bankapi_problem_spec =
	JSON_SPEC(struct problem, bankapi_problem_fields, bankapi_clear_problem,
		  bankapi_problem_finish, JSON_NO_ID);

static bool bankapi_check_visible(const char *s, const char *path, const char *what,
				  struct err *e)
{
	if (s == NULL || json_visible_ascii(s, strlen(s)))
		return true;
	return err_set(e, ERR_PROTOCOL, "%s%s%s: the %s has characters other than visible ASCII",
		       path, path[0] ? "." : "", what, what);
}

static bool bankapi_token_finish(const json_t *obj, const char *path, void *item,
				 char currency[4], struct err *e)
{
	(void)obj, (void)currency;
	struct oauth_token *t = item;
	if (strcasecmp(t->token_type, "Bearer") != 0)
		return err_set(e, ERR_PROTOCOL,
			       "token_type: \"%.20s\" is not Bearer, the only type bankterm "
			       "can use",
			       t->token_type);
	return bankapi_check_visible(t->access_token, path, "access_token", e) &&
	       bankapi_check_visible(t->refresh_token, path, "refresh_token", e);
}

static const struct json_field bankapi_token_fields[] = {
	JSON_FIELD(struct oauth_token, access_token, JSON_F_TEXT),
	JSON_FIELD(struct oauth_token, token_type, JSON_F_TEXT),
	JSON_FIELD_INT(struct oauth_token, expires_in, 1, BANKAPI_EXPIRES_MAX),
	JSON_FIELD(struct oauth_token, refresh_token, JSON_F_TEXT_NULL),
	JSON_FIELD(struct oauth_token, scope, JSON_F_TEXT_NULL),
};
static const struct json_object_spec bankapi_token_spec =
	JSON_SPEC(struct oauth_token, bankapi_token_fields, bankapi_clear_token,
		  bankapi_token_finish, JSON_NO_ID);

static bool bankapi_device_finish(const json_t *obj, const char *path, void *item,
				  char currency[4], struct err *e)
{
	(void)obj, (void)currency;
	struct device_authorization *d = item;
	if (d->interval == 0)
		d->interval = 5; /* RFC 8628 3.2: the default when the server sends none */
	return bankapi_check_visible(d->device_code, path, "device_code", e);
}

/* interval has no has_ flag of its own: 0 stands for "absent" (below 1 is rejected). */
static const struct json_field bankapi_device_fields[] = {
	JSON_FIELD(struct device_authorization, device_code, JSON_F_TEXT),
	JSON_FIELD(struct device_authorization, user_code, JSON_F_TEXT),
	JSON_FIELD(struct device_authorization, verification_uri, JSON_F_TEXT),
	JSON_FIELD(struct device_authorization, verification_uri_complete, JSON_F_TEXT_NULL),
	JSON_FIELD_INT(struct device_authorization, expires_in, 1, 86400),
	{ "interval", JSON_F_INT_NULL, offsetof(struct device_authorization, interval), 0, NULL, 1,
	  3600 },
};
static const struct json_object_spec bankapi_device_spec =
	JSON_SPEC(struct device_authorization, bankapi_device_fields, bankapi_clear_device,
		  bankapi_device_finish, JSON_NO_ID);

static bool bankapi_oauth_error_finish(const json_t *obj, const char *path, void *item,
				       char currency[4], struct err *e)
{
	(void)obj, (void)path, (void)currency, (void)e;
	struct oauth_error *oe = item;
	oe->code = OAUTH_ERR_OTHER;
	for (int i = 1; oauth_error_code_names[i] != NULL; i++)
		if (strcmp(oe->error, oauth_error_code_names[i]) == 0)
			oe->code = (enum oauth_error_code)i;
	return true;
}

static const struct json_field bankapi_oauth_error_fields[] = {
	JSON_FIELD(struct oauth_error, error, JSON_F_TEXT),
	JSON_FIELD(struct oauth_error, error_description, JSON_F_TEXT_NULL),
};
static const struct json_object_spec bankapi_oauth_error_spec =
	JSON_SPEC(struct oauth_error, bankapi_oauth_error_fields, bankapi_clear_oauth_error,
		  bankapi_oauth_error_finish, JSON_NO_ID);

/* --- entry points --- */

/* A response that is one object described by spec. */
static bool bankapi_parse_one(const char *json, size_t len, const char *what,
			      const struct json_object_spec *spec, void *out, struct err *e)
{
	memset(out, 0, spec->size);
	json_t *root = json_read_document(json, len, what, e);
	if (root == NULL)
		return false;
	bool ok = json_read_member(root, "", "", spec, out, NULL, e);
	json_decref(root);
	return ok;
}

/* A response {"key": [spec...]}. */
static bool bankapi_parse_list(const char *json, size_t len, const char *key, size_t max,
			       const struct json_object_spec *spec, void **items, size_t *n,
			       struct err *e)
{
	*items = NULL;
	*n = 0;
	char what[64];
	snprintf(what, sizeof what, "the %s response", key);
	json_t *root = json_read_document(json, len, what, e);
	if (root == NULL)
		return false;
	bool ok = json_read_array(root, "", key, max, spec, NULL, items, n, e);
	json_decref(root);
	return ok;
}

bool bankapi_parse_institution(const char *json, size_t len, struct institution *out,
			       struct err *e)
{
	return bankapi_parse_one(json, len, "the institution response", &bankapi_institution_spec,
				 out, e);
}

bool bankapi_parse_accounts(const char *json, size_t len, struct account_list *out, struct err *e)
{
	void *items;
	bool ok = bankapi_parse_list(json, len, "accounts", BANKAPI_LIST_MAX, &bankapi_account_spec,
				     &items, &out->n, e);
	out->items = items;
	return ok;
}

bool bankapi_parse_account(const char *json, size_t len, struct account *out, struct err *e)
{
	return bankapi_parse_one(json, len, "the account response", &bankapi_account_spec, out, e);
}

static const struct json_field bankapi_page_fields[] = {
	JSON_FIELD(struct transaction_list, next_cursor, JSON_F_TEXT_NULL),
};

static void bankapi_clear_page(void *p)
{
	transaction_list_free(p);
}

static bool bankapi_page_finish(const json_t *obj, const char *path, void *item, char currency[4],
				struct err *e)
{
	struct transaction_list *l = item;
	if (l->next_cursor != NULL && (strlen(l->next_cursor) > BANKAPI_CURSOR_MAX ||
				       !json_visible_ascii(l->next_cursor, strlen(l->next_cursor))))
		return err_set(e, ERR_PROTOCOL,
			       "next_cursor: not up to %d characters of visible ASCII",
			       BANKAPI_CURSOR_MAX);
	void *items;
	bool ok = json_read_array(obj, path, "transactions", BANKAPI_PAGE_MAX,
				  &bankapi_transaction_spec, currency[0] ? currency : NULL, &items,
				  &l->n, e);
	l->items = items;
	return ok;
}

static const struct json_object_spec bankapi_page_spec =
	JSON_SPEC(struct transaction_list, bankapi_page_fields, bankapi_clear_page,
		  bankapi_page_finish, JSON_NO_ID);

bool bankapi_parse_transactions(const char *json, size_t len, const char *currency,
				struct transaction_list *out, struct err *e)
{
	memset(out, 0, sizeof *out);
	json_t *root = json_read_document(json, len, "the transactions response", e);
	if (root == NULL)
		return false;
	char cur[4] = "";
	if (currency != NULL)
		snprintf(cur, sizeof cur, "%s", currency);
	bool ok = json_read_member(root, "", "", &bankapi_page_spec, out, cur, e);
	json_decref(root);
	return ok;
}

bool bankapi_parse_bills(const char *json, size_t len, struct bill_list *out, struct err *e)
{
	void *items;
	bool ok = bankapi_parse_list(json, len, "bills", BANKAPI_LIST_MAX, &bankapi_bill_spec,
				     &items, &out->n, e);
	out->items = items;
	return ok;
}

bool bankapi_parse_payments(const char *json, size_t len, struct payment_list *out,
			    struct err *e)
{
	void *items;
	bool ok = bankapi_parse_list(json, len, "payments", BANKAPI_LIST_MAX, &bankapi_payment_spec,
				     &items, &out->n, e);
	out->items = items;
	return ok;
}

bool bankapi_parse_payment(const char *json, size_t len, struct payment *out, struct err *e)
{
	return bankapi_parse_one(json, len, "the payment response", &bankapi_payment_spec, out, e);
}

bool bankapi_parse_contacts(const char *json, size_t len, struct contact_list *out,
			    struct err *e)
{
	void *items;
	bool ok = bankapi_parse_list(json, len, "contacts", BANKAPI_LIST_MAX, &bankapi_contact_spec,
				     &items, &out->n, e);
	out->items = items;
	return ok;
}

bool bankapi_parse_contact(const char *json, size_t len, struct contact *out, struct err *e)
{
	return bankapi_parse_one(json, len, "the contact response", &bankapi_contact_spec, out, e);
}

bool bankapi_parse_transfers(const char *json, size_t len, struct transfer_list *out,
			     struct err *e)
{
	void *items;
	bool ok = bankapi_parse_list(json, len, "transfers", BANKAPI_LIST_MAX,
				     &bankapi_transfer_spec, &items, &out->n, e);
	out->items = items;
	return ok;
}

bool bankapi_parse_transfer(const char *json, size_t len, struct transfer *out, struct err *e)
{
	return bankapi_parse_one(json, len, "the transfer response", &bankapi_transfer_spec, out,
				 e);
}

bool bankapi_parse_transfer_limits(const char *json, size_t len, struct transfer_limits *out,
				   struct err *e)
{
	return bankapi_parse_one(json, len, "the transfer limits response", &bankapi_limits_spec,
				 out, e);
}

bool bankapi_parse_plans(const char *json, size_t len, struct bnpl_plan_list *out, struct err *e)
{
	void *items;
	bool ok = bankapi_parse_list(json, len, "plans", BANKAPI_LIST_MAX, &bankapi_plan_spec,
				     &items, &out->n, e);
	out->items = items;
	return ok;
}

bool bankapi_parse_plan_payment(const char *json, size_t len, struct bnpl_payment *out,
				struct err *e)
{
	return bankapi_parse_one(json, len, "the plan payment response",
				 &bankapi_plan_payment_spec, out, e);
}

bool bankapi_parse_problem(const char *json, size_t len, struct problem *out, struct err *e)
{
	return bankapi_parse_one(json, len, "the problem response", &bankapi_problem_spec, out, e);
}

bool bankapi_parse_token(const char *json, size_t len, struct oauth_token *out, struct err *e)
{
	return bankapi_parse_one(json, len, "the token response", &bankapi_token_spec, out, e);
}

bool bankapi_parse_device_authorization(const char *json, size_t len,
					struct device_authorization *out, struct err *e)
{
	return bankapi_parse_one(json, len, "the device authorization response",
				 &bankapi_device_spec, out, e);
}

bool bankapi_parse_oauth_error(const char *json, size_t len, struct oauth_error *out,
			       struct err *e)
{
	return bankapi_parse_one(json, len, "the OAuth error response", &bankapi_oauth_error_spec,
				 out, e);
}

/* --- request bodies --- */

static bool bankapi_check_id(const char *id, const char *name, struct err *e)
{
	if (id != NULL && json_id_valid(id))
		return true;
	return err_set(e, ERR_INVALID, "%s: an id must be 1-%d characters of A-Z a-z 0-9 _ -",
		       name, MODEL_ID_MAX);
}

/* {"amount": "12.50", "currency": "USD"}, after checking that m is a
 * positive amount in a usable currency (the server refuses anything else). */
static json_t *bankapi_money_json(struct money m, struct err *e)
{
	if (!money_currency(m.currency, NULL, e))
		return NULL;
	if (m.minor <= 0) {
		err_set(e, ERR_INVALID, "amount: must be more than zero");
		return NULL;
	}
	char dec[MONEY_DECIMAL_MAX];
	return json_pack("{s:s, s:s}", "amount", money_format_decimal(m, dec), "currency",
			 m.currency);
}

/* The body as compact text; takes the reference to body. */
static char *bankapi_dump(json_t *body)
{
	char *s = json_dumps(body, JSON_COMPACT | JSON_SORT_KEYS);
	json_decref(body);
	if (s == NULL)
		abort(); /* only on out of memory, like xmalloc */
	return s;
}

/* A body is {"...": ..., "amount": Money}: the pieces every builder shares. */
static json_t *bankapi_body_with_amount(struct money amount, struct err *e)
{
	json_t *money = bankapi_money_json(amount, e);
	if (money == NULL)
		return NULL;
	json_t *body = json_object();
	json_object_set_new(body, "amount", money);
	return body;
}

char *bankapi_build_bill_payment(const struct bill_payment_request *r, struct err *e)
{
	if (!bankapi_check_id(r->from_account, "from_account", e))
		return NULL;
	json_t *body = bankapi_body_with_amount(r->amount, e);
	if (body == NULL)
		return NULL;
	json_object_set_new(body, "from_account", json_string(r->from_account));
	if (r->has_pay_on) {
		char d[DATE_STR_MAX];
		json_object_set_new(body, "pay_on", json_string(date_format(r->pay_on, d)));
	}
	return bankapi_dump(body);
}

/* Characters (UTF-8 code points) in s. */
static size_t bankapi_utf8_chars(const char *s)
{
	size_t n = 0;
	for (; *s != '\0'; s++)
		n += ((unsigned char)*s & 0xc0) != 0x80;
	return n;
}

char *bankapi_build_transfer(const struct transfer_request *r, struct err *e)
{
	if (!bankapi_check_id(r->from_account, "from_account", e) ||
	    !bankapi_check_id(r->contact_id, "contact_id", e))
		return NULL;
	if (r->memo != NULL && bankapi_utf8_chars(r->memo) > BANKAPI_MEMO_MAX) {
		err_set(e, ERR_INVALID, "memo: at most %d characters; shorten it",
			BANKAPI_MEMO_MAX);
		return NULL;
	}
	json_t *memo = NULL;
	if (r->memo != NULL && (memo = json_string(r->memo)) == NULL) {
		err_set(e, ERR_INVALID, "memo: not valid UTF-8");
		return NULL;
	}
	json_t *body = bankapi_body_with_amount(r->amount, e);
	if (body == NULL) {
		json_decref(memo);
		return NULL;
	}
	json_object_set_new(body, "from_account", json_string(r->from_account));
	json_object_set_new(body, "contact_id", json_string(r->contact_id));
	if (memo != NULL)
		json_object_set_new(body, "memo", memo);
	return bankapi_dump(body);
}

char *bankapi_build_bnpl_payment(const struct bnpl_payment_request *r, struct err *e)
{
	json_t *body;
	if (r->kind == BNPL_PAY_AMOUNT) {
		body = bankapi_body_with_amount(r->amount, e);
		if (body == NULL)
			return NULL;
	} else if (r->kind == BNPL_PAY_NEXT_INSTALLMENT || r->kind == BNPL_PAY_PAYOFF) {
		body = json_object();
	} else {
		err_set(e, ERR_INVALID, "kind: %d is not a BNPL payment kind", (int)r->kind);
		return NULL;
	}
	json_object_set_new(body, "kind", json_string(bnpl_payment_kind_name(r->kind)));
	return bankapi_dump(body);
}

char *bankapi_build_contact(const struct contact_request *r, struct err *e)
{
	json_t *name = r->name != NULL && r->name[0] != '\0' ? json_string(r->name) : NULL;
	json_t *handle = r->handle != NULL && r->handle[0] != '\0' ? json_string(r->handle) : NULL;
	if (name == NULL || handle == NULL) {
		json_decref(name);
		json_decref(handle);
		err_set(e, ERR_INVALID,
			"a contact needs a name and a handle (email, phone or account number) "
			"in valid UTF-8");
		return NULL;
	}
	json_t *body = json_object();
	json_object_set_new(body, "name", name);
	json_object_set_new(body, "handle", handle);
	return bankapi_dump(body);
}

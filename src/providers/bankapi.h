/* bankapi.h — the Bank API (docs/bank-api.md) as pure translation.
 *
 * Parsers take a response body (len bytes, not NUL-terminated) and fill a
 * model struct (model.h), or fill e and leave *out empty.  They do no I/O.
 * Pass an empty (zeroed) *out; on success the caller owns it and releases
 * it with the matching *_clear / *_list_free.
 *
 * What they check beyond json.h's rules: enums are the contract's values;
 * every money in one object is in one currency (an account's balances in
 * the account's currency, a plan's installments in the plan's); ids are
 * unique within a list (a repeat is an error: see json.c); tokens, the
 * device code and the transaction cursor are visible ASCII (they go into
 * headers and queries); lists are capped (BANKAPI_LIST_MAX, transaction
 * pages at the contract's 5000).
 *
 * Builders make the JSON bodies of the POSTs and return a malloc'd,
 * NUL-terminated string (the caller frees it), or NULL with e filled when a
 * field could never be valid (a bad id, an amount <= 0, a memo over 140
 * characters). */
#ifndef BANKTERM_PROVIDERS_BANKAPI_H
#define BANKTERM_PROVIDERS_BANKAPI_H

#include <stdbool.h>
#include <stddef.h>

#include "err.h"
#include "model.h"

#define BANKAPI_LIST_MAX 100000 /* more accounts than anyone has; JSON_BODY_MAX bounds memory */
#define BANKAPI_PAGE_MAX 5000
#define BANKAPI_MEMO_MAX 140 /* characters (code points) */

bool bankapi_parse_institution(const char *json, size_t len, struct institution *out,
			       struct err *e);
bool bankapi_parse_accounts(const char *json, size_t len, struct account_list *out,
			    struct err *e);
bool bankapi_parse_account(const char *json, size_t len, struct account *out, struct err *e);
/* One page of an account's transactions; every amount must be in currency
 * (the account's; NULL: any, but one per transaction).  out->next_cursor is
 * NULL on the last page. */
bool bankapi_parse_transactions(const char *json, size_t len, const char *currency,
				struct transaction_list *out, struct err *e);
bool bankapi_parse_bills(const char *json, size_t len, struct bill_list *out, struct err *e);
bool bankapi_parse_payments(const char *json, size_t len, struct payment_list *out,
			    struct err *e);
bool bankapi_parse_payment(const char *json, size_t len, struct payment *out, struct err *e);
bool bankapi_parse_contacts(const char *json, size_t len, struct contact_list *out,
			    struct err *e);
bool bankapi_parse_contact(const char *json, size_t len, struct contact *out, struct err *e);
bool bankapi_parse_transfers(const char *json, size_t len, struct transfer_list *out,
			     struct err *e);
bool bankapi_parse_transfer(const char *json, size_t len, struct transfer *out, struct err *e);
bool bankapi_parse_transfer_limits(const char *json, size_t len, struct transfer_limits *out,
				   struct err *e);
bool bankapi_parse_plans(const char *json, size_t len, struct bnpl_plan_list *out,
			 struct err *e);
bool bankapi_parse_plan_payment(const char *json, size_t len, struct bnpl_payment *out,
				struct err *e);

/* application/problem+json.  Every member is optional (RFC 9457): an
 * unknown or absent type is PROBLEM_OTHER with type_uri kept raw. */
bool bankapi_parse_problem(const char *json, size_t len, struct problem *out, struct err *e);

/* OAuth: the token response, the device authorization response, and the
 * RFC 6749 error object {"error", "error_description"}. */
bool bankapi_parse_token(const char *json, size_t len, struct oauth_token *out, struct err *e);
bool bankapi_parse_device_authorization(const char *json, size_t len,
					struct device_authorization *out, struct err *e);
bool bankapi_parse_oauth_error(const char *json, size_t len, struct oauth_error *out,
			       struct err *e);

/* POST /v1/bills/{id}/payments */
struct bill_payment_request {
	const char *from_account;
	struct money amount;
	bool has_pay_on; /* false: the server pays today */
	int64_t pay_on;	 /* date */
};

/* POST /v1/transfers */
struct transfer_request {
	const char *from_account;
	const char *contact_id;
	struct money amount;
	const char *memo; /* NULL: none */
};

/* POST /v1/bnpl/plans/{id}/payments */
struct bnpl_payment_request {
	enum bnpl_payment_kind kind;
	struct money amount; /* only for BNPL_PAY_AMOUNT */
};

/* POST /v1/contacts */
struct contact_request {
	const char *name;
	const char *handle;
};

char *bankapi_build_bill_payment(const struct bill_payment_request *r, struct err *e);
char *bankapi_build_transfer(const struct transfer_request *r, struct err *e);
char *bankapi_build_bnpl_payment(const struct bnpl_payment_request *r, struct err *e);
char *bankapi_build_contact(const struct contact_request *r, struct err *e);

#endif

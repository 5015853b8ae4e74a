/* model.h — the plain data bankterm knows about a financial relationship.
 *
 * These structs are what providers (src/providers) produce from server
 * responses and what the store, the sync engine and the screens consume.
 * They hold no JSON and no network state.
 *
 * Ownership: every struct owns its strings (malloc'd, NUL-terminated); a
 * list owns its items array.  The *_clear() and *_free() functions release
 * what a struct owns and leave it zeroed, so calling one twice is harmless;
 * the struct itself is the caller's (usually on the stack or inside another
 * struct), which is why they take a plain pointer.  One exception: the
 * transactions inside a store (store.h) may point into string blocks the
 * store owns; only the store releases those.
 *
 * Strings are stored RAW, exactly as the server sent them: they may hold
 * escape sequences, bidi controls or invalid-looking text (never a NUL; the
 * parsers reject that), and must pass src/core/sanitize.h before display.
 * Optional strings are NULL when absent or null.
 *
 * Money is struct money (money.h); dates are days since the epoch and
 * timestamps seconds since the epoch (date.h).  An optional money or
 * timestamp has a has_X flag next to it. */
#ifndef BANKTERM_MODEL_H
#define BANKTERM_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "money.h"

/* Longest id accepted from a server (the contract: 1-64 of [A-Za-z0-9_-]). */
#define MODEL_ID_MAX 64
/* Longest free-text string accepted (names, descriptions, problem details).
 * Longer strings are rejected, not truncated: cutting could split a UTF-8
 * sequence or change what a payee name says, and no honest server sends
 * 4 KiB descriptions. */
#define MODEL_TEXT_MAX 4096

/* Institution capabilities (bit flags). */
enum institution_cap {
	INSTITUTION_CAP_ACCOUNTS = 1u << 0, /* accounts + transactions */
	INSTITUTION_CAP_BILLS = 1u << 1,    /* bills + payments */
	INSTITUTION_CAP_P2P = 1u << 2,      /* contacts + transfers */
	INSTITUTION_CAP_BNPL = 1u << 3,     /* BNPL plans */
};

struct institution {
	char *id;
	char *name;
	unsigned caps; /* enum institution_cap bits; unknown capabilities are ignored */
};

enum account_type {
	ACCOUNT_CHECKING,
	ACCOUNT_SAVINGS,
	ACCOUNT_CREDIT_CARD,
	ACCOUNT_LOAN,
	ACCOUNT_OTHER, /* SimpleFIN does not say */
};

struct account {
	char *id;
	char *name;
	enum account_type type;
	char currency[4]; /* ISO 4217; every money below is in it */
	struct money balance; /* signed from the customer's view: negative = owed */
	bool has_available_balance;
	struct money available_balance;
	bool has_credit_limit;
	struct money credit_limit;
	int64_t updated_at; /* timestamp */
};

struct account_list {
	struct account *items;
	size_t n;
};

enum txn_status {
	TXN_POSTED,
	TXN_PENDING,
};

struct transaction {
	char *id;
	enum txn_status status;
	char *replaces; /* id of the pending transaction this one settles, or NULL */
	int64_t booked_at; /* timestamp */
	struct money amount;
	char *description;
	char *merchant;	    /* NULL when unknown */
	char *category;	    /* NULL when unknown */
	char *counterparty; /* the other party's name, or NULL */
};

struct transaction_list {
	struct transaction *items;
	size_t n;
	char *next_cursor; /* opaque; NULL on the last page */
};

enum bill_status {
	BILL_DUE,
	BILL_SCHEDULED,
	BILL_PAID,
	BILL_OVERDUE,
};

struct bill {
	char *id;
	char *payee;
	char *reference;
	struct money amount_due;
	bool has_minimum_due;
	struct money minimum_due;
	int64_t due_date; /* date */
	enum bill_status status;
	bool autopay;
};

struct bill_list {
	struct bill *items;
	size_t n;
};

enum payment_status {
	PAYMENT_SCHEDULED,
	PAYMENT_SENT,
	PAYMENT_CANCELLED,
};

struct payment {
	char *id;
	char *bill_id;
	char *payee;
	char *from_account;
	struct money amount;
	int64_t pay_on; /* date */
	enum payment_status status;
	char *confirmation;
	int64_t created_at; /* timestamp */
};

struct payment_list {
	struct payment *items;
	size_t n;
};

enum handle_type {
	HANDLE_EMAIL,
	HANDLE_PHONE,
	HANDLE_ACCOUNT,
};

enum payee_check_result {
	PAYEE_CHECK_MATCH,
	PAYEE_CHECK_CLOSE_MATCH,
	PAYEE_CHECK_NO_MATCH,
	PAYEE_CHECK_UNAVAILABLE,
};

/* The bank's comparison of the name the customer typed with the name it
 * holds for the handle (like UK Confirmation of Payee). */
struct payee_check {
	enum payee_check_result result;
	char *name; /* the held name for match/close_match, else NULL */
};

struct contact {
	char *id;
	char *name;
	char *handle;
	enum handle_type handle_type;
	struct payee_check payee_check;
	int64_t created_at;
	bool has_first_transfer_at; /* false: no transfer yet, the next one needs SCA */
	int64_t first_transfer_at;
};

struct contact_list {
	struct contact *items;
	size_t n;
};

enum transfer_status {
	TRANSFER_PENDING,
	TRANSFER_COMPLETED,
	TRANSFER_FAILED,
};

struct transfer {
	char *id;
	char *from_account;
	char *contact_id;
	struct money amount;
	char *memo; /* NULL when none was given */
	enum transfer_status status;
	int64_t created_at;
};

struct transfer_list {
	struct transfer *items;
	size_t n;
};

/* All three share one currency. */
struct transfer_limits {
	struct money daily_limit;
	struct money remaining_today;
	struct money sca_threshold;
};

enum installment_status {
	INSTALLMENT_PAID,
	INSTALLMENT_DUE,
	INSTALLMENT_OVERDUE,
	INSTALLMENT_UPCOMING,
};

struct installment {
	int64_t seq;
	int64_t due_date; /* date */
	struct money amount;
	enum installment_status status;
};

struct late_fee_policy {
	char *text;
	struct money late_fee;
	struct money max_late_fees;
};

enum bnpl_status {
	BNPL_ACTIVE,
	BNPL_PAID_OFF,
	BNPL_DELINQUENT,
};

struct bnpl_plan {
	char *id;
	char *merchant;
	struct money purchase_amount;
	struct money outstanding; /* still owed, positive */
	int64_t apr_bp; /* APR in hundredths of a percent: "29.99" is 2999 */
	struct money total_interest;
	struct money fees_charged;
	struct late_fee_policy late_fee_policy;
	struct money payoff_amount;
	bool has_interest_saved_on_payoff;
	struct money interest_saved_on_payoff;
	char *funding_source;
	enum bnpl_status status;
	struct installment *installments; /* owned */
	size_t n_installments;
};

struct bnpl_plan_list {
	struct bnpl_plan *items;
	size_t n;
};

enum bnpl_payment_kind {
	BNPL_PAY_NEXT_INSTALLMENT,
	BNPL_PAY_PAYOFF,
	BNPL_PAY_AMOUNT,
};

struct bnpl_payment {
	char *id;
	char *plan_id;
	enum bnpl_payment_kind kind;
	struct money amount;
	int64_t created_at;
	/* status is always "completed" in the contract; it is checked, not kept */
};

/* RFC 9457 problem types of the contract (docs/bank-api.md section 2). */
enum problem_type {
	PROBLEM_OTHER, /* a type we do not know: show title and detail */
	PROBLEM_INVALID_REQUEST,
	PROBLEM_INVALID_AMOUNT,
	PROBLEM_CURRENCY_MISMATCH,
	PROBLEM_IDEMPOTENCY_KEY_MISSING,
	PROBLEM_INVALID_TOKEN,
	PROBLEM_SCA_REQUIRED,
	PROBLEM_SCA_FAILED,
	PROBLEM_NOT_FOUND,
	PROBLEM_METHOD_NOT_ALLOWED,
	PROBLEM_ALREADY_SENT,
	PROBLEM_ALREADY_PAID,
	PROBLEM_PAYLOAD_TOO_LARGE,
	PROBLEM_UNSUPPORTED_MEDIA_TYPE,
	PROBLEM_INSUFFICIENT_FUNDS,
	PROBLEM_LIMIT_EXCEEDED,
	PROBLEM_IDEMPOTENCY_KEY_REUSED,
	PROBLEM_RATE_LIMITED,
	PROBLEM_UNAVAILABLE,
};

struct problem {
	enum problem_type type;
	char *type_uri; /* raw "type" member (NULL if absent: RFC 9457 says about:blank) */
	char *title;
	int64_t status; /* 0 when absent */
	char *detail;
	char *challenge_id; /* sca-required / sca-failed, else NULL */
	char *method;	    /* sca-required: "totp", else NULL */
	bool has_attempts_remaining;
	int64_t attempts_remaining;
};

/* A successful token response.  The two tokens are secrets: oauth_token_clear
 * wipes them before freeing; callers move them into the vault and clear this
 * as soon as possible. */
struct oauth_token {
	char *access_token;
	char *token_type; /* "Bearer" (checked case-insensitively by the parser) */
	int64_t expires_in; /* seconds */
	char *refresh_token; /* NULL if the server sent none */
	char *scope;	     /* NULL if absent */
};

struct device_authorization {
	char *device_code; /* secret-ish: wiped on clear */
	char *user_code;
	char *verification_uri;
	char *verification_uri_complete; /* NULL if absent */
	int64_t expires_in;		  /* seconds */
	int64_t interval;		  /* seconds between polls (5 when absent) */
};

enum oauth_error_code {
	OAUTH_ERR_OTHER,
	OAUTH_ERR_AUTHORIZATION_PENDING,
	OAUTH_ERR_SLOW_DOWN,
	OAUTH_ERR_EXPIRED_TOKEN,
	OAUTH_ERR_ACCESS_DENIED,
	OAUTH_ERR_INVALID_GRANT,
	OAUTH_ERR_INVALID_REQUEST,
	OAUTH_ERR_INVALID_CLIENT,
	OAUTH_ERR_UNSUPPORTED_GRANT_TYPE,
};

struct oauth_error {
	enum oauth_error_code code;
	char *error;		 /* raw "error" member */
	char *error_description; /* NULL if absent */
};

void institution_clear(struct institution *p);
void account_clear(struct account *p);
void transaction_clear(struct transaction *p);
void bill_clear(struct bill *p);
void payment_clear(struct payment *p);
void contact_clear(struct contact *p);
void transfer_clear(struct transfer *p);
void bnpl_plan_clear(struct bnpl_plan *p);
void bnpl_payment_clear(struct bnpl_payment *p);
void problem_clear(struct problem *p);
void oauth_token_clear(struct oauth_token *p);
void device_authorization_clear(struct device_authorization *p);
void oauth_error_clear(struct oauth_error *p);

/* Free every item and the array; the list is left empty. */
void account_list_free(struct account_list *l);
void transaction_list_free(struct transaction_list *l);
void bill_list_free(struct bill_list *l);
void payment_list_free(struct payment_list *l);
void contact_list_free(struct contact_list *l);
void transfer_list_free(struct transfer_list *l);
void bnpl_plan_list_free(struct bnpl_plan_list *l);

/* The stable lower-case names used on the wire and in --json output
 * ("checking", "pending", "close_match", ...); "?" for a value out of range. */
const char *account_type_name(enum account_type t);
const char *txn_status_name(enum txn_status s);
const char *bill_status_name(enum bill_status s);
const char *payment_status_name(enum payment_status s);
const char *handle_type_name(enum handle_type t);
const char *payee_check_result_name(enum payee_check_result r);
const char *transfer_status_name(enum transfer_status s);
const char *installment_status_name(enum installment_status s);
const char *bnpl_status_name(enum bnpl_status s);
const char *bnpl_payment_kind_name(enum bnpl_payment_kind k);
const char *problem_type_slug(enum problem_type t);
const char *oauth_error_code_name(enum oauth_error_code c);

/* NULL-terminated tables of those names, index = enum value: the parsers
 * map wire strings with them, so the two directions cannot drift apart. */
extern const char *const account_type_names[];
extern const char *const txn_status_names[];
extern const char *const bill_status_names[];
extern const char *const payment_status_names[];
extern const char *const handle_type_names[];
extern const char *const payee_check_result_names[];
extern const char *const transfer_status_names[];
extern const char *const installment_status_names[];
extern const char *const bnpl_status_names[];
extern const char *const bnpl_payment_kind_names[];
extern const char *const problem_type_slugs[];	  /* [PROBLEM_OTHER] is "other" */
extern const char *const oauth_error_code_names[]; /* [OAUTH_ERR_OTHER] is "other" */
extern const char *const institution_cap_names[]; /* bit i = 1u << i */

#endif

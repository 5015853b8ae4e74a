/* payflow.h — the one code path for every money-moving action, shared by the
 * CLI twins (src/cmd/cmd-pay.c, cmd-send.c, cmd-bnpl.c, cmd-payments.c,
 * cmd-contacts.c) and the TUI flows (src/screens).
 *
 *   1. BUILD a request from what the store holds and what the person typed:
 *      payflow_build_bill / _transfer / _bnpl / _contact / _cancel.  Each
 *      checks its input (amounts with money_parse in the account's currency,
 *      dates against today and PAYFLOW_HORIZON_DAYS, the memo's length) and
 *      fails with a struct err that names the field and what to do.  On
 *      success the request holds the HTTP method, path and JSON body, and a
 *      REVIEW: payee, amount, account, date, balance after, warnings.
 *   2. SHOW the review (payflow_review_format gives sanitized lines; the
 *      fields and warning bits are there for screens that lay it out) and
 *      ask the person to confirm.
 *   3. SUBMIT with payflow_submit on a struct pay (pay.h: exactly once, the
 *      idempotency key is in the vault before the first send).  A second
 *      payflow_submit on the same run while it is in flight is refused.
 *      Drive it with pay_step (TUI main loop) or pay_wait (CLI) until
 *      run.finished.  SCA: run.ask_code is called for the one-time code;
 *      after PAYFLOW_SCA_TRIES wrong codes the payment is cancelled cleanly
 *      (nothing was executed).
 *   4. The OUTCOME (run.outcome, or payflow_classify for payments pay_resume
 *      finished) says in the customer's words what happened, with the exit
 *      code of the CLI twins.  After PAYFLOW_DONE refresh the request's
 *      connection (sync_refresh) so the store shows the payment.
 *
 * Strings in a review or an outcome are RAW server text unless a comment
 * says otherwise: sanitize before display. */
#ifndef BANKTERM_SYNC_PAYFLOW_H
#define BANKTERM_SYNC_PAYFLOW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "err.h"
#include "model.h"
#include "money.h"
#include "sync/pay.h"

struct store;

/* A bill payment may be scheduled at most this many days ahead (the Bank
 * API's own limit for pay_on; docs/bank-api.md section 4). */
#define PAYFLOW_HORIZON_DAYS 365
/* Longest transfer memo, in characters (the API's limit). */
#define PAYFLOW_MEMO_MAX 140
/* Wrong one-time codes before a payment is given up. */
#define PAYFLOW_SCA_TRIES 3

enum payflow_kind {
	PAYFLOW_BILL,	  /* POST /v1/bills/{id}/payments */
	PAYFLOW_TRANSFER, /* POST /v1/transfers */
	PAYFLOW_BNPL,	  /* POST /v1/bnpl/plans/{id}/payments */
	PAYFLOW_CONTACT,  /* POST /v1/contacts (moves no money) */
	PAYFLOW_CANCEL,	  /* DELETE /v1/payments/{id} */
};

/* Which amount of a bill to pay. */
enum payflow_amount {
	PAYFLOW_AMOUNT_DUE,
	PAYFLOW_AMOUNT_MINIMUM,
	PAYFLOW_AMOUNT_OTHER, /* the text in the input's amount */
};

/* Review warnings (bits of payflow_review.warnings). */
enum payflow_warning {
	PAYFLOW_WARN_BELOW_ZERO = 1u << 0,	  /* balance after < 0 */
	PAYFLOW_WARN_BELOW_THRESHOLD = 1u << 1,	  /* balance after < low_balance_threshold */
	PAYFLOW_WARN_AFTER_DUE = 1u << 2,	  /* paid after the bill's due date */
	PAYFLOW_WARN_NEW_PAYEE = 1u << 3,	  /* first transfer to this contact: scam text */
	PAYFLOW_WARN_CLOSE_MATCH = 1u << 4,	  /* payee check: the bank holds another name */
	PAYFLOW_WARN_NO_MATCH = 1u << 5,	  /* payee check: the name does not match */
	PAYFLOW_WARN_UNCHECKED = 1u << 6,	  /* payee check unavailable */
	PAYFLOW_WARN_OVER_LIMIT = 1u << 7,	  /* more than the daily limit remaining */
	PAYFLOW_WARN_SCA = 1u << 8,		  /* the bank will ask for a one-time code */
	PAYFLOW_WARN_MINIMUM_ONLY = 1u << 9,	  /* paying less than the amount due */
	PAYFLOW_WARN_BALANCE_UNKNOWN = 1u << 10,  /* no account to compute the balance after */
};

/* The text shown for one warning bit (plain ASCII; constant). */
const char *payflow_warning_text(enum payflow_warning w);

/* The scam warning shown before a first transfer to a new contact. */
#define PAYFLOW_SCAM_TEXT                                                                  \
	"Only pay people you know. A transfer cannot be reversed. Your bank will never ask "   \
	"you to move money to a \"safe account\"."

struct payflow_review {
	enum payflow_kind kind;
	char *payee;	    /* bill payee, contact name, plan merchant, new contact's name */
	char *payee_detail; /* bill reference, contact handle, or NULL */
	char *account_id;   /* NULL when there is no funding account (contact, cancel) */
	char *account_name;
	struct money amount; /* zero-currency "" for contact */
	int64_t date;	     /* pay_on (a date); today for an immediate payment */
	bool scheduled;	     /* date > today */
	int64_t due_date;    /* bill or next installment due date, 0 when none */
	bool has_balance;    /* the two balances below are known */
	struct money balance_before; /* available balance of the account */
	struct money balance_after;
	unsigned warnings; /* enum payflow_warning bits */
	/* transfers and contacts */
	bool has_payee_check;
	enum payee_check_result payee_check;
	char *payee_check_name; /* the name the bank holds, or NULL */
	bool has_remaining_today;
	struct money remaining_today;
	char *memo; /* NULL when none */
	/* BNPL */
	enum bnpl_payment_kind bnpl_kind;
	bool has_interest_saved;
	struct money interest_saved;
};

struct payflow_request {
	enum payflow_kind kind;
	char *conn;   /* the connection it goes to */
	char *method; /* "POST" or "DELETE" */
	char *path;   /* "/v1/bills/bill_power/payments" */
	char *body;   /* JSON, or NULL for DELETE */
	struct payflow_review review;
};

void payflow_request_clear(struct payflow_request *r);

/* What the builders read: the store, today (local date), and the
 * configured low balance threshold (NULL when none). */
struct payflow_env {
	const struct store *store;
	int64_t today;
	const struct money *low_balance;
};

/* Ids or names: a bill by id; accounts, contacts by id or (exact) name;
 * the funding account must be at the same connection as the bill/contact. */
struct payflow_bill_input {
	const char *bill;
	const char *from;
	enum payflow_amount amount_kind;
	const char *amount; /* PAYFLOW_AMOUNT_OTHER: "12.50" in the account's currency */
	bool has_pay_on;    /* false: today */
	int64_t pay_on;	    /* date, today..today+PAYFLOW_HORIZON_DAYS */
};

struct payflow_transfer_input {
	const char *contact;
	const char *from;
	const char *amount;
	const char *memo; /* NULL or "": none */
};

/* The provider charges the plan's funding source; from (may be NULL) names
 * the account that is, for the balance after. */
struct payflow_bnpl_input {
	const char *plan;
	const char *from;
	enum bnpl_payment_kind kind; /* NEXT_INSTALLMENT or PAYOFF (AMOUNT with amount) */
	const char *amount;
};

struct payflow_contact_input {
	const char *conn; /* NULL: the one connection with the p2p capability */
	const char *name;
	const char *handle; /* email, +phone (8-15 digits) or account number (6-20 digits) */
};

bool payflow_build_bill(const struct payflow_env *env, const struct payflow_bill_input *in,
			struct payflow_request *out, struct err *e);
bool payflow_build_transfer(const struct payflow_env *env,
			    const struct payflow_transfer_input *in, struct payflow_request *out,
			    struct err *e);
bool payflow_build_bnpl(const struct payflow_env *env, const struct payflow_bnpl_input *in,
			struct payflow_request *out, struct err *e);
bool payflow_build_contact(const struct payflow_env *env, const struct payflow_contact_input *in,
			   struct payflow_request *out, struct err *e);
/* A scheduled payment (by id) that has not been sent yet. */
bool payflow_build_cancel(const struct payflow_env *env, const char *payment_id,
			  struct payflow_request *out, struct err *e);

/* The review as sanitized lines ("Pay to    Northwind Power (ref 1234)\n"
 * ... then one "Warning: ..." line per warning); caller frees. */
char *payflow_review_format(const struct payflow_review *r);

/* ---- Outcome -------------------------------------------------------- */

enum payflow_result {
	PAYFLOW_DONE,	   /* the bank did it; confirmation says which */
	PAYFLOW_REFUSED,   /* the bank refused (problem says why); nothing moved */
	PAYFLOW_AUTH,	   /* session expired / needs re-link, or SCA failed: nothing moved */
	PAYFLOW_NETWORK,   /* bank unreachable or unavailable: the payment was NOT made */
	PAYFLOW_UNKNOWN,   /* the answer was lost: bankterm will check again (pay_resume) */
	PAYFLOW_CANCELLED, /* the person gave up (no SCA code): nothing moved */
};

/* Exit codes of the CLI twins (bankterm(1)): 0 done, 1 refused or
 * cancelled, 3 auth, 4 network, 5 status unknown (2 is usage). */
int payflow_exit_code(enum payflow_result r);

struct payflow_outcome {
	enum payflow_kind kind;
	enum payflow_result result;
	enum problem_type problem; /* PAYFLOW_REFUSED: the bank's problem type */
	long status;		   /* HTTP status of the final answer, 0 when none */
	bool replayed;		   /* the bank answered from its idempotency store */
	char id[MODEL_ID_MAX + 1]; /* payment / transfer / contact id, "" when none */
	char confirmation[MODEL_ID_MAX + 1]; /* bill payment confirmation, else the id */
	char state[16];		   /* "sent", "scheduled", "cancelled", "completed", ... */
	struct money amount;	   /* what the bank says it moved (currency "" if unknown) */
	bool has_payee_check;	   /* PAYFLOW_CONTACT */
	enum payee_check_result payee_check;
	char payee_check_name[128]; /* raw, "" when none */
	/* For the customer, in words they can act on (raw: contains the bank's
	 * detail text; sanitize before display). */
	char message[ERR_MSG_MAX];
	char key[PAY_KEY_LEN + 1]; /* the idempotency key ("" for contact/cancel) */
};

/* Classifies the end of one request (kind from o->path and whether a body was
 * sent: contact / cancel / payment). */
void payflow_classify(const struct pay_outcome *o, struct payflow_outcome *out);

/* ---- Running ------------------------------------------------------------ */

struct payflow_run {
	/* Set by the caller: asks the person for the one-time code (attempt is
	 * 1, 2, 3; p->detail says what to enter).  Write the code into code
	 * (NUL-terminated) and return true, or return false to give up. */
	bool (*ask_code)(void *arg, const struct problem *p, int attempt, char *code,
			 size_t size);
	/* Optional: called once when the run finishes (from pay_step). */
	void (*finished_cb)(void *arg, const struct payflow_outcome *o);
	void *arg;
	/* Filled by payflow. */
	bool in_flight;
	bool finished;
	int sca_asked;
	struct payflow_outcome outcome;
};

/* Sends r on p: money-moving requests with pay_submit (persisted key),
 * contact and cancel as plain authorised requests.  Refused (ERR_INVALID)
 * while run is in flight.  run must stay where it is until finished. */
bool payflow_submit(struct pay *p, const struct payflow_request *r, struct payflow_run *run,
		    struct err *e);

#endif

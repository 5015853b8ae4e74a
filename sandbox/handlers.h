/* handlers.h — every request handler the route table in server.c names.
 *
 * One group per source file: oauth.c, accounts.c, bills.c, p2p.c, bnpl.c,
 * simplefin.c.  Each handler reads a struct api_req and fills the
 * struct api_resp (see api.h). */
#ifndef SANDBOX_HANDLERS_H
#define SANDBOX_HANDLERS_H

#include "api.h"

/* oauth.c: RFC 8628 device grant, token issue and rotation. */
void oauth_device_authorization(struct api_req *req, struct api_resp *resp);
void oauth_token(struct api_req *req, struct api_resp *resp);
void oauth_device_page(struct api_req *req, struct api_resp *resp);
/* Checks "Authorization: Bearer"; answers 401 invalid-token and returns
 * false when it is missing, unknown, expired or for another institution. */
bool oauth_check_bearer(struct api_req *req, struct api_resp *resp);

/* accounts.c */
void accounts_institution(struct api_req *req, struct api_resp *resp);
void accounts_list(struct api_req *req, struct api_resp *resp);
void accounts_get(struct api_req *req, struct api_resp *resp);
void accounts_transactions(struct api_req *req, struct api_resp *resp);

/* bills.c */
void bills_list(struct api_req *req, struct api_resp *resp);
void bills_pay(struct api_req *req, struct api_resp *resp);
void bills_payments(struct api_req *req, struct api_resp *resp);
void bills_cancel(struct api_req *req, struct api_resp *resp);
/* Sends scheduled payments whose pay_on has come (or cancels them when the
 * money is not there).  Called before every Bank API request. */
void bills_run_due(sqlite3 *db, int64_t now);

/* p2p.c */
void p2p_contacts(struct api_req *req, struct api_resp *resp);
void p2p_add_contact(struct api_req *req, struct api_resp *resp);
void p2p_transfers(struct api_req *req, struct api_resp *resp);
void p2p_transfer(struct api_req *req, struct api_resp *resp);
void p2p_limits(struct api_req *req, struct api_resp *resp);

/* bnpl.c */
void bnpl_plans(struct api_req *req, struct api_resp *resp);
void bnpl_pay(struct api_req *req, struct api_resp *resp);

/* simplefin.c */
void simplefin_info(struct api_req *req, struct api_resp *resp);
void simplefin_create(struct api_req *req, struct api_resp *resp);
void simplefin_claim(struct api_req *req, struct api_resp *resp);
void simplefin_accounts(struct api_req *req, struct api_resp *resp);

#endif

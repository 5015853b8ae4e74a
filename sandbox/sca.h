/* sca.h — strong customer authentication for the sandbox: TOTP codes
 * (RFC 6238, HMAC-SHA-256, 30 s, 6 digits, secret in the meta table) and
 * the challenge / SCA-Response dance of docs/bank-api.md §6. */
#ifndef SANDBOX_SCA_H
#define SANDBOX_SCA_H

#include <stdbool.h>
#include <stdint.h>

#include <sqlite3.h>

#include "api.h"
#include "err.h"

#define SCA_CODE_MAX 7

/* The code valid at Unix time t. */
bool sca_totp(sqlite3 *db, int64_t t, char out[SCA_CODE_MAX], struct err *e);

/* For a request that needs SCA: true when it carries a valid
 * SCA-Response for a challenge issued for this very request; otherwise
 * answers 401 sca-required (a fresh challenge) or sca-failed. */
bool sca_check(struct api_req *req, struct api_resp *resp);

#endif

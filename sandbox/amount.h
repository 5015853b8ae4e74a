/* amount.h — the sandbox's private decimal-string <-> minor-units helper.
 *
 * Money on the wire is {"amount": "-1209.06", "currency": "USD"} with exactly
 * the currency's ISO 4217 minor-unit digits (docs/bank-api.md section 1).
 * src/core/money.h is still a placeholder, so the sandbox keeps this small
 * exact parser until the core module lands.  No floating point anywhere. */
#ifndef SANDBOX_AMOUNT_H
#define SANDBOX_AMOUNT_H

#include <stdbool.h>
#include <stdint.h>

#include <jansson.h>

#include "err.h"

#define AMOUNT_STR_MAX 32

/* Minor-unit digits of an ISO 4217 code (USD 2, JPY 0, BHD 3), or -1 when
 * the code is not one the sandbox knows. */
int amount_exponent(const char *currency);

/* Parses "-12.50" with exactly `exp` decimals into minor units.  Rejects
 * "+", exponents, separators, missing/extra decimals and overflow. */
bool amount_parse(const char *s, int exp, int64_t *out, struct err *e);

/* Formats minor units as a decimal string with `exp` decimals. */
void amount_format(int64_t minor, int exp, char out[AMOUNT_STR_MAX]);

/* A new {"amount", "currency"} object (caller owns the reference). */
json_t *amount_json(int64_t minor, const char *currency);

/* Same object as a JSON string, for a nullable Money field. */
json_t *amount_json_or_null(bool present, int64_t minor, const char *currency);

#endif

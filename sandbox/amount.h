/* amount.h — Money on the wire for the sandbox, on top of src/core/money.h.
 *
 * The contract (docs/bank-api.md §1) is stricter than money_parse, which
 * also reads what people type ("12.5", U+2212): a request amount must have
 * exactly the currency's ISO 4217 minor-unit digits, an optional '-', and
 * nothing else.  amount_parse checks that shape and leaves the conversion
 * and range checks to money_parse.  No floating point anywhere. */
#ifndef SANDBOX_AMOUNT_H
#define SANDBOX_AMOUNT_H

#include <stdbool.h>
#include <stdint.h>

#include <jansson.h>

#include "err.h"
#include "money.h"

#define AMOUNT_STR_MAX MONEY_DECIMAL_MAX

/* Parses a wire amount such as "-12.50" in `currency` into minor units. */
bool amount_parse(const char *s, const char *currency, int64_t *out, struct err *e);

/* Formats minor units of `currency` as "-12.50" into out; returns out. */
char *amount_format(int64_t minor, const char *currency, char out[AMOUNT_STR_MAX]);

/* A new {"amount", "currency"} object (caller owns the reference). */
json_t *amount_json(int64_t minor, const char *currency);

/* amount_json, or JSON null when !present, for a nullable Money field. */
json_t *amount_json_or_null(bool present, int64_t minor, const char *currency);

#endif

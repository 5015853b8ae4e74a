/* money.h — amounts of money: int64 minor units plus an ISO 4217 code.
 *
 * Never floating point.  "-1209.06" USD is { -120906, "USD" }; the number of
 * minor-unit digits (the exponent) comes from the currency (iso4217.h):
 * JPY 0, USD 2, BHD 3, CLF 4.
 *
 * Parsing (money_parse) is strict, because amounts come from servers and
 * from the user and a misread amount is a real loss:
 *
 *   accepted   "1209.06"  "-1209.06"  "\u2212" "1209.06" (U+2212 MINUS SIGN)
 *              "12.5" = 12.50 and "12" = 12.00 (fewer decimals than the
 *              exponent are filled with zeros)   "0012.50" (leading zeros)
 *              "-0" (= 0)
 *   rejected   more decimals than the exponent ("1.234" USD, "1.5" JPY),
 *              "1." and ".5" (a digit is required on both sides of the
 *              point), "", "-", ".", "+1", " 1", "1 ", "1,000.00", "1e3",
 *              "0x10", "NaN", "Inf", embedded NUL, anything beyond int64 in
 *              minor units (both directions; INT64_MIN itself is accepted)
 *   currency   exactly three upper-case letters of an active ISO 4217 code
 *              with a minor unit: "usd" is rejected (not normalised, so a
 *              server that sends it is noticed), "XAU" is rejected because
 *              precious metals and other X-codes have no minor unit.
 *
 * Arithmetic is checked: overflow is ERR_RANGE, adding or comparing two
 * currencies is ERR_INVALID; nothing ever wraps around.
 *
 * Formatting writes into a caller buffer of the size given below and returns
 * that buffer (handy inside printf arguments); nothing here allocates.  A
 * struct money whose currency is not a usable code (built by hand, not by
 * money_parse/money_make) is formatted with 0 decimals and the code "???". */
#ifndef BANKTERM_MONEY_H
#define BANKTERM_MONEY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "err.h"

struct money {
	int64_t minor;	  /* amount in minor units (cents for USD) */
	char currency[4]; /* ISO 4217 code, NUL-terminated */
};

/* "-922337203685477.5808" (INT64_MIN with 4 decimals) is 21 bytes. */
#define MONEY_DECIMAL_MAX 24
/* The decimal, a space and the code. */
#define MONEY_PLAIN_MAX (MONEY_DECIMAL_MAX + 4)
/* Room for grouping separators, symbol and sign from any locale: each string
 * taken from localeconv() is bounded (money.c) so that this always fits. */
#define MONEY_LOCALE_MAX 192

/* Checks that code is an active ISO 4217 code usable for money and gives its
 * exponent (minor-unit digits); exponent may be NULL.  Unknown, lower-case
 * and no-minor-unit codes fail with ERR_INVALID and a message saying which. */
bool money_currency(const char *code, int *exponent, struct err *e);

/* { minor, currency } after checking the currency. */
bool money_make(int64_t minor, const char *currency, struct money *out, struct err *e);

/* Parses the len bytes at s (not NUL-terminated; a NUL inside is an error)
 * as an amount in currency.  See the top of this file for the exact rules.
 * On failure *out is untouched and e names the input and what is expected. */
bool money_parse(const char *s, size_t len, const char *currency, struct money *out,
		 struct err *e);

/* a + b, a - b, -a: ERR_INVALID when the currencies differ, ERR_RANGE when
 * the result does not fit in int64 minor units.  *out is written only on
 * success (it may alias a or b: they are passed by value). */
bool money_add(struct money a, struct money b, struct money *out, struct err *e);
bool money_sub(struct money a, struct money b, struct money *out, struct err *e);
bool money_neg(struct money a, struct money *out, struct err *e);

/* *out = -1, 0 or 1 as a <, ==, > b; ERR_INVALID when the currencies differ
 * (amounts in two currencies have no order without an exchange rate). */
bool money_cmp(struct money a, struct money b, int *out, struct err *e);

/* True when both have the same currency and amount. */
bool money_equal(struct money a, struct money b);

/* "-1209.06": exactly the currency's decimals, '-' for negatives, no
 * grouping; the form used in JSON bodies and CSV. */
char *money_format_decimal(struct money m, char buf[MONEY_DECIMAL_MAX]);

/* "-1209.06 USD": the machine-readable form for logs, --plain output, ledger. */
char *money_format_plain(struct money m, char buf[MONEY_PLAIN_MAX]);

/* The amount as the user's LC_MONETARY would write it (localeconv()):
 * grouping, decimal point and thousands separator, sign and symbol
 * positions.  The locale's currency symbol is used only when the locale's
 * own currency is m's currency ("$1,209.06" in en_US for USD); for any
 * other currency a few unambiguous symbols (€ £ ₹ ₩ ₪) or else the ISO code
 * with a space ("USD 1.209,06" in de_DE).  Decimals always follow the
 * currency, never the locale's frac_digits.  In the C locale (no monetary
 * data) this is the same as money_format_plain.  Reads the process locale
 * with localeconv(), so it is not thread-safe (bankterm is single-threaded). */
char *money_format_locale(struct money m, char buf[MONEY_LOCALE_MAX]);

#endif

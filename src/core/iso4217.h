/* iso4217.h — the table of active ISO 4217 currency codes and their minor units.
 *
 * The table follows ISO 4217 "list one" as published on 2026-01-01 (withdrawn
 * codes such as HRK, SLL, ZWL and ANG are not in it).  The exponent is the
 * number of minor-unit digits: USD 2, JPY 0, BHD 3, CLF 4.  Codes that the
 * list gives no minor unit ("N.A.": precious metals XAU XAG XPD XPT, bond
 * market units XBA-XBD, XDR, XSU, XUA, the test code XTS and XXX) are in the
 * table with ISO4217_NO_MINOR so that callers can say why such a code cannot
 * hold money rather than calling it unknown.  The table is static data:
 * nothing here allocates or needs freeing. */
#ifndef BANKTERM_ISO4217_H
#define BANKTERM_ISO4217_H

#include <stddef.h>

/* Exponent of a code that has no minor unit (and so is not usable for money). */
#define ISO4217_NO_MINOR (-1)

struct iso4217 {
	char code[4];	    /* "USD": three upper-case ASCII letters */
	signed char exponent; /* 0..4, or ISO4217_NO_MINOR */
};

/* The entry for `code` (exactly three upper-case letters and a NUL), or
 * NULL when it is not an active code.  Lower-case codes are not found. */
const struct iso4217 *iso4217_find(const char *code);

/* The table itself, sorted by code, for iteration (tests, pickers). */
size_t iso4217_count(void);
const struct iso4217 *iso4217_at(size_t i);

#endif

/* fuzz_money.c — libFuzzer target for money_parse: whatever the bytes, a
 * parse either fails with a message or gives a value whose decimal and
 * plain forms parse back to the same value; arithmetic on it never wraps. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "money.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const currencies[] = { "USD", "JPY", "BHD", "CLF", "EUR", "XAU" };
	if (size == 0)
		return 0;
	const char *cur = currencies[data[0] % (sizeof currencies / sizeof currencies[0])];
	const char *s = (const char *)data + 1;
	size_t len = size - 1;
	struct money m;
	struct err e = ERR_INIT;
	if (!money_parse(s, len, cur, &m, &e)) {
		if (e.code == ERR_OK || e.msg[0] == '\0')
			abort();
		return 0;
	}
	char dec[MONEY_DECIMAL_MAX], plain[MONEY_PLAIN_MAX], loc[MONEY_LOCALE_MAX];
	struct money back;
	money_format_decimal(m, dec);
	if (!money_parse(dec, strlen(dec), cur, &back, NULL) || !money_equal(m, back))
		abort();
	money_format_plain(m, plain);
	size_t dl = strlen(dec);
	if (strncmp(plain, dec, dl) != 0 || plain[dl] != ' ' || strcmp(plain + dl + 1, cur) != 0)
		abort();
	money_format_locale(m, loc);
	if (strlen(loc) >= MONEY_LOCALE_MAX - 1)
		abort();
	struct money neg, sum, diff;
	if (money_neg(m, &neg, NULL) != (m.minor != INT64_MIN))
		abort();
	if (money_add(m, m, &sum, NULL)) {
		if (!money_sub(sum, m, &diff, NULL) || !money_equal(diff, m))
			abort();
	} else if (m.minor > -(INT64_MAX / 2) && m.minor < INT64_MAX / 2) {
		abort();
	}
	return 0;
}

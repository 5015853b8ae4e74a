/* amount.c — strict wire amounts over core money (see amount.h). */
#include "amount.h"

#include <string.h>

bool amount_parse(const char *s, const char *currency, int64_t *out, struct err *e)
{
	int exp;
	if (!money_currency(currency, &exp, e))
		return false;
	size_t n = strlen(s);
	size_t start = s[0] == '-';
	size_t digits = strspn(s + start, "0123456789");
	size_t frac = 0;
	bool shape = digits > 0;
	if (shape && start + digits < n) {
		frac = strspn(s + start + digits + 1, "0123456789");
		shape = s[start + digits] == '.' && start + digits + 1 + frac == n;
	}
	if (!shape)
		return err_set(e, ERR_INVALID,
			       "amount \"%.40s\" is not a decimal like \"-12.50\" (digits, an optional "
			       "leading '-', one '.')",
			       s);
	if ((int)frac != exp || (exp > 0 && start + digits == n))
		return err_set(e, ERR_INVALID, "amount \"%.40s\" must have exactly %d decimals for %s",
			       s, exp, currency);
	struct money m;
	if (!money_parse(s, n, currency, &m, e))
		return false;
	*out = m.minor;
	return true;
}

char *amount_format(int64_t minor, const char *currency, char out[AMOUNT_STR_MAX])
{
	struct money m;
	if (!money_make(minor, currency, &m, NULL)) {
		/* Only the sandbox's own data reaches here; show the number anyway. */
		m.minor = minor;
		m.currency[0] = '\0';
	}
	return money_format_decimal(m, out);
}

json_t *amount_json(int64_t minor, const char *currency)
{
	char s[AMOUNT_STR_MAX];
	return json_pack("{s:s, s:s}", "amount", amount_format(minor, currency, s), "currency",
			 currency);
}

json_t *amount_json_or_null(bool present, int64_t minor, const char *currency)
{
	return present ? amount_json(minor, currency) : json_null();
}

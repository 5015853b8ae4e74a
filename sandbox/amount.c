/* amount.c — exact decimal money strings for the sandbox (see amount.h). */
#include "amount.h"

#include <stdio.h>
#include <string.h>

static const struct {
	const char *code;
	int exp;
} amount_currencies[] = {
	{ "USD", 2 }, { "EUR", 2 }, { "GBP", 2 }, { "CAD", 2 }, { "CHF", 2 },
	{ "JPY", 0 }, { "KRW", 0 }, { "BHD", 3 }, { "KWD", 3 }, { "IRR", 2 },
};

int amount_exponent(const char *currency)
{
	for (size_t i = 0; i < sizeof amount_currencies / sizeof amount_currencies[0]; i++)
		if (strcmp(amount_currencies[i].code, currency) == 0)
			return amount_currencies[i].exp;
	return -1;
}

bool amount_parse(const char *s, int exp, int64_t *out, struct err *e)
{
	const char *p = s;
	bool neg = *p == '-';
	if (neg)
		p++;
	if (*p < '0' || *p > '9')
		return err_set(e, ERR_INVALID, "amount \"%.40s\" does not start with a digit", s);
	int64_t v = 0;
	int frac = -1; /* digits after the point, -1 before it */
	for (; *p != '\0'; p++) {
		if (*p == '.' && frac < 0 && exp > 0) {
			frac = 0;
			continue;
		}
		if (*p < '0' || *p > '9')
			return err_set(e, ERR_INVALID,
				       "amount \"%.40s\" has an unexpected character '%c'", s, *p);
		if (frac >= 0 && ++frac > exp)
			break;
		if (v > (INT64_MAX - (*p - '0')) / 10)
			return err_set(e, ERR_RANGE, "amount \"%.40s\" is too large", s);
		v = v * 10 + (*p - '0');
	}
	if ((exp > 0 && frac != exp) || (exp == 0 && frac >= 0))
		return err_set(e, ERR_INVALID, "amount \"%.40s\" must have exactly %d decimals", s,
			       exp);
	*out = neg ? -v : v;
	return true;
}

void amount_format(int64_t minor, int exp, char out[AMOUNT_STR_MAX])
{
	uint64_t mag = minor < 0 ? (uint64_t)0 - (uint64_t)minor : (uint64_t)minor;
	uint64_t scale = 1;
	for (int i = 0; i < exp; i++)
		scale *= 10;
	if (exp == 0)
		snprintf(out, AMOUNT_STR_MAX, "%s%llu", minor < 0 ? "-" : "",
			 (unsigned long long)mag);
	else
		snprintf(out, AMOUNT_STR_MAX, "%s%llu.%0*llu", minor < 0 ? "-" : "",
			 (unsigned long long)(mag / scale), exp, (unsigned long long)(mag % scale));
}

json_t *amount_json(int64_t minor, const char *currency)
{
	char s[AMOUNT_STR_MAX];
	int exp = amount_exponent(currency);
	amount_format(minor, exp < 0 ? 2 : exp, s);
	return json_pack("{s:s, s:s}", "amount", s, "currency", currency);
}

json_t *amount_json_or_null(bool present, int64_t minor, const char *currency)
{
	return present ? amount_json(minor, currency) : json_null();
}

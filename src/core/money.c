/* money.c — exact parsing, checked arithmetic and formatting of amounts
 * (see money.h for the rules). */
#include "money.h"

#include <limits.h>
#include <locale.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "iso4217.h"
#include "sanitize.h"

/* Longest piece of untrusted input quoted in an error message. */
#define MONEY_QUOTE_MAX 40

/* U+2212 MINUS SIGN in UTF-8: what typographically careful sources
 * (spreadsheets, some bank exports) write instead of '-'. */
static const char money_minus_sign[] = "\xe2\x88\x92";

/* Fills e with `"INPUT" REST`, INPUT being s made safe for a terminal and
 * cut to MONEY_QUOTE_MAX bytes.  Returns false. */
static bool money_fail(struct err *e, enum err_code code, const char *s, size_t len,
		       const char *fmt, ...) ERR_PRINTF(5, 6);

static bool money_fail(struct err *e, enum err_code code, const char *s, size_t len,
		       const char *fmt, ...)
{
	if (e == NULL)
		return false;
	char rest[ERR_MSG_MAX];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(rest, sizeof rest, fmt, ap);
	va_end(ap);
	char *q = sanitize_line(s, len < MONEY_QUOTE_MAX ? len : MONEY_QUOTE_MAX);
	err_set(e, code, "\"%s%s\" %s", q, len > MONEY_QUOTE_MAX ? "…" : "", rest);
	free(q);
	return false;
}

/* Bounded writer into a caller buffer: output is cut, never overrun. */
struct money_out {
	char *buf;
	size_t len, cap;
};

static void money_put(struct money_out *o, const char *s)
{
	size_t n = strlen(s);
	if (n > o->cap - 1 - o->len)
		n = o->cap - 1 - o->len;
	memcpy(o->buf + o->len, s, n);
	o->len += n;
	o->buf[o->len] = '\0';
}

bool money_currency(const char *code, int *exponent, struct err *e)
{
	if (code == NULL)
		return err_set(e, ERR_INVALID,
			       "no currency given; expected an ISO 4217 code like USD");
	size_t len = strnlen(code, MONEY_QUOTE_MAX + 1);
	const struct iso4217 *c = iso4217_find(code);
	if (c == NULL) {
		bool lower = len == 3;
		for (size_t i = 0; i < len && lower; i++)
			lower = code[i] >= 'a' && code[i] <= 'z';
		if (lower)
			return money_fail(e, ERR_INVALID, code, len,
					  "is not a currency code: ISO 4217 codes are upper "
					  "case (\"%c%c%c\")",
					  code[0] - 'a' + 'A', code[1] - 'a' + 'A',
					  code[2] - 'a' + 'A');
		return money_fail(e, ERR_INVALID, code, len,
				  "is not an active ISO 4217 currency code (expected three "
				  "upper-case letters like USD or EUR)");
	}
	if (c->exponent == ISO4217_NO_MINOR)
		return money_fail(e, ERR_INVALID, code, len,
				  "has no minor unit in ISO 4217 (precious metals, bond units, "
				  "test and fund codes); it cannot be used for an amount of money");
	if (exponent != NULL)
		*exponent = c->exponent; /* NOLINT(bugprone-signed-char-misuse): a number, -1..4 */
	return true;
}

bool money_make(int64_t minor, const char *currency, struct money *out, struct err *e)
{
	if (!money_currency(currency, NULL, e))
		return false;
	out->minor = minor;
	memcpy(out->currency, currency, 4);
	return true;
}

/* Exponent and printable code of m for formatting, tolerating a struct that
 * did not come from money_make (see money.h). */
static int money_exponent_of(const struct money *m, const char **code)
{
	const struct iso4217 *c = iso4217_find(m->currency);
	if (c == NULL || c->exponent == ISO4217_NO_MINOR) {
		*code = "???";
		return 0;
	}
	*code = c->code;
	return c->exponent;
}

/* The magnitude of minor as digits: intpart gets at least "0", frac exactly
 * exp digits.  Works for INT64_MIN through unsigned arithmetic. */
static void money_split(int64_t minor, int exp, char intpart[MONEY_DECIMAL_MAX],
			char frac[MONEY_DECIMAL_MAX])
{
	uint64_t mag = minor < 0 ? (uint64_t)0 - (uint64_t)minor : (uint64_t)minor;
	char rev[MONEY_DECIMAL_MAX];
	int n = 0;
	do {
		rev[n++] = (char)('0' + mag % 10);
		mag /= 10;
	} while (mag > 0);
	while (n < exp + 1)
		rev[n++] = '0';
	int i = 0;
	for (int k = n - 1; k >= exp; k--)
		intpart[i++] = rev[k];
	intpart[i] = '\0';
	for (i = 0; i < exp; i++)
		frac[i] = rev[exp - 1 - i];
	frac[exp] = '\0';
}

static char *money_decimal_exp(int64_t minor, int exp, char buf[MONEY_DECIMAL_MAX])
{
	char ip[MONEY_DECIMAL_MAX], fp[MONEY_DECIMAL_MAX];
	money_split(minor, exp, ip, fp);
	struct money_out o = { buf, 0, MONEY_DECIMAL_MAX };
	buf[0] = '\0';
	money_put(&o, minor < 0 ? "-" : "");
	money_put(&o, ip);
	money_put(&o, exp > 0 ? "." : "");
	money_put(&o, fp);
	return buf;
}

char *money_format_decimal(struct money m, char buf[MONEY_DECIMAL_MAX])
{
	const char *code;
	return money_decimal_exp(m.minor, money_exponent_of(&m, &code), buf);
}

char *money_format_plain(struct money m, char buf[MONEY_PLAIN_MAX])
{
	const char *code;
	struct money_out o = { buf, 0, MONEY_PLAIN_MAX };
	money_decimal_exp(m.minor, money_exponent_of(&m, &code), buf);
	o.len = strlen(buf);
	money_put(&o, " ");
	money_put(&o, code);
	return buf;
}

static bool money_is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static bool money_range_error(struct err *e, const char *s, size_t len, const char *currency,
			      int exp)
{
	char lo[MONEY_DECIMAL_MAX], hi[MONEY_DECIMAL_MAX];
	money_decimal_exp(INT64_MIN, exp, lo);
	money_decimal_exp(INT64_MAX, exp, hi);
	return money_fail(e, ERR_RANGE, s, len,
			  "is out of range: %s amounts must lie between %s and %s", currency, lo,
			  hi);
}

bool money_parse(const char *s, size_t len, const char *currency, struct money *out,
		 struct err *e)
{
	int exp;
	if (!money_currency(currency, &exp, e))
		return false;
	if (len == 0)
		return err_set(e, ERR_INVALID,
			       "the amount is empty; expected a number like \"-1209.06\"");
	if (memchr(s, '\0', len) != NULL)
		return money_fail(e, ERR_INVALID, s, len,
				  "contains a NUL byte; expected a number like \"-1209.06\"");
	size_t i = 0;
	bool neg = false;
	if (s[0] == '-') {
		neg = true;
		i = 1;
	} else if (len >= 3 && memcmp(s, money_minus_sign, 3) == 0) {
		neg = true;
		i = 3;
	}
	/* Accumulate as a negative number: its range includes INT64_MIN. */
	int64_t acc = 0;
	bool overflow = false;
	size_t int_digits = 0, frac_digits = 0;
	for (; i < len && money_is_digit(s[i]); i++, int_digits++)
		overflow |= __builtin_mul_overflow(acc, 10, &acc) ||
			    __builtin_sub_overflow(acc, s[i] - '0', &acc);
	bool point = i < len && s[i] == '.';
	if (point)
		for (i++; i < len && money_is_digit(s[i]); i++, frac_digits++)
			if (frac_digits < (size_t)exp)
				overflow |= __builtin_mul_overflow(acc, 10, &acc) ||
					    __builtin_sub_overflow(acc, s[i] - '0', &acc);
	if (i != len || int_digits == 0 || (point && frac_digits == 0))
		return money_fail(e, ERR_INVALID, s, len,
				  "is not an amount: expected digits with an optional leading '-' "
				  "and a '.' followed by at most %d decimal%s, like \"%s\"",
				  exp, exp == 1 ? "" : "s", exp == 0 ? "-1209" : "-1209.06");
	if (frac_digits > (size_t)exp) {
		if (exp == 0)
			return money_fail(e, ERR_INVALID, s, len,
					  "has %zu decimal%s; %s amounts are whole numbers",
					  frac_digits, frac_digits == 1 ? "" : "s", currency);
		return money_fail(e, ERR_INVALID, s, len,
				  "has %zu decimals; %s amounts have at most %d", frac_digits,
				  currency, exp);
	}
	for (size_t k = frac_digits; k < (size_t)exp; k++)
		overflow |= __builtin_mul_overflow(acc, 10, &acc);
	if (!neg)
		overflow |= __builtin_sub_overflow((int64_t)0, acc, &acc);
	if (overflow)
		return money_range_error(e, s, len, currency, exp);
	out->minor = acc;
	memcpy(out->currency, currency, 4);
	return true;
}

static bool money_same_currency(const struct money *a, const struct money *b, const char *what,
				struct err *e)
{
	if (memcmp(a->currency, b->currency, 3) == 0)
		return true;
	char x[MONEY_PLAIN_MAX], y[MONEY_PLAIN_MAX];
	return err_set(e, ERR_INVALID, "cannot %s %s and %s: the currencies differ", what,
		       money_format_plain(*a, x), money_format_plain(*b, y));
}

/* a + b, or a - b when sub: one body so the two cannot drift apart. */
static bool money_add_or_sub(struct money a, struct money b, bool sub, struct money *out,
			     struct err *e)
{
	if (!money_same_currency(&a, &b, sub ? "subtract" : "add", e))
		return false;
	int64_t r;
	bool overflow = sub ? __builtin_sub_overflow(a.minor, b.minor, &r)
			    : __builtin_add_overflow(a.minor, b.minor, &r);
	char x[MONEY_PLAIN_MAX], y[MONEY_PLAIN_MAX];
	if (overflow)
		return err_set(e, ERR_RANGE, "%s %c %s is too large to represent",
			       money_format_plain(a, x), sub ? '-' : '+', money_format_plain(b, y));
	out->minor = r;
	memcpy(out->currency, a.currency, 4);
	return true;
}

bool money_add(struct money a, struct money b, struct money *out, struct err *e)
{
	return money_add_or_sub(a, b, false, out, e);
}

bool money_sub(struct money a, struct money b, struct money *out, struct err *e)
{
	return money_add_or_sub(a, b, true, out, e);
}

bool money_neg(struct money a, struct money *out, struct err *e)
{
	char x[MONEY_PLAIN_MAX];
	if (a.minor == INT64_MIN)
		return err_set(e, ERR_RANGE,
			       "cannot negate %s: the result is too large to represent",
			       money_format_plain(a, x));
	out->minor = -a.minor;
	memcpy(out->currency, a.currency, 4);
	return true;
}

bool money_cmp(struct money a, struct money b, int *out, struct err *e)
{
	if (!money_same_currency(&a, &b, "compare", e))
		return false;
	*out = (a.minor > b.minor) - (a.minor < b.minor);
	return true;
}

bool money_equal(struct money a, struct money b)
{
	return a.minor == b.minor && memcmp(a.currency, b.currency, 3) == 0;
}

/* Symbols that name one currency only, used for amounts that are not in the
 * locale's own currency ("$" or "kr" could be any of several). */
static const struct {
	const char *code;
	const char *symbol;
} money_symbols[] = {
	{ "EUR", "€" }, { "GBP", "£" }, { "INR", "₹" }, { "KRW", "₩" }, { "ILS", "₪" },
};

/* A localeconv() string if it is set and at most max bytes, else fallback:
 * this bound is what keeps the result within MONEY_LOCALE_MAX. */
static const char *money_lc(const char *s, size_t max, const char *fallback)
{
	if (s == NULL || s[0] == '\0' || strnlen(s, max + 1) > max)
		return fallback;
	return s;
}

/* A localeconv() position flag, or fallback when the locale leaves it unset
 * (CHAR_MAX) or gives a value outside 0..hi. */
static int money_lc_flag(int v, int hi, int fallback)
{
	return v >= 0 && v <= hi ? v : fallback;
}

/* Digits of the integer part with sep between groups as `grouping`
 * (localeconv's mon_grouping) says: sizes from the right, the last one
 * repeating, CHAR_MAX or a negative size ending the grouping. */
static void money_group(struct money_out *o, const char *digits, const char *sep,
			const char *grouping)
{
	size_t len = strlen(digits), cuts[MONEY_DECIMAL_MAX];
	int ncut = 0, g = 0;
	size_t rem = len;
	const char *gp = sep[0] != '\0' ? grouping : "";
	for (;;) {
		/* Sizes are signed whatever char is: sign extension is meant. */
		if (*gp != '\0')
			g = (signed char)*gp++; /* NOLINT(bugprone-signed-char-misuse) */
		if (g <= 0 || g == CHAR_MAX || rem <= (size_t)g)
			break;
		rem -= (size_t)g;
		cuts[ncut++] = rem;
	}
	char one[2] = { 0, 0 };
	for (size_t i = 0; i < len; i++) {
		if (ncut > 0 && cuts[ncut - 1] == i) {
			money_put(o, sep);
			ncut--;
		}
		one[0] = digits[i];
		money_put(o, one);
	}
}

char *money_format_locale(struct money m, char buf[MONEY_LOCALE_MAX])
{
	const struct lconv *lc = localeconv();
	if (lc->mon_decimal_point == NULL || lc->mon_decimal_point[0] == '\0')
		return money_format_plain(m, buf);
	const char *code;
	int exp = money_exponent_of(&m, &code);
	bool neg = m.minor < 0;

	/* The currency: the locale's symbol for its own currency, else an
	 * unambiguous symbol, else the code (always spaced from the number). */
	const char *sym = code;
	bool is_code = true;
	if (strncmp(lc->int_curr_symbol, code, 3) == 0 &&
	    money_lc(lc->currency_symbol, 16, NULL) != NULL) {
		sym = lc->currency_symbol;
		is_code = false;
	}
	for (size_t i = 0; is_code && i < sizeof money_symbols / sizeof money_symbols[0]; i++)
		if (strcmp(money_symbols[i].code, code) == 0) {
			sym = money_symbols[i].symbol;
			is_code = false;
		}

	char value[MONEY_LOCALE_MAX], ip[MONEY_DECIMAL_MAX], fp[MONEY_DECIMAL_MAX];
	struct money_out v = { value, 0, sizeof value };
	value[0] = '\0';
	money_split(m.minor, exp, ip, fp);
	money_group(&v, ip, money_lc(lc->mon_thousands_sep, 4, ""), lc->mon_grouping);
	if (exp > 0) {
		money_put(&v, money_lc(lc->mon_decimal_point, 4, "."));
		money_put(&v, fp);
	}

	bool cs_pre = money_lc_flag(neg ? lc->n_cs_precedes : lc->p_cs_precedes, 1, 0);
	int sep = money_lc_flag(neg ? lc->n_sep_by_space : lc->p_sep_by_space, 2, 1);
	int posn = money_lc_flag(neg ? lc->n_sign_posn : lc->p_sign_posn, 4, 1);
	/* A negative amount must never lose its sign to a locale that leaves
	 * negative_sign empty. */
	const char *sign = money_lc(neg ? lc->negative_sign : lc->positive_sign, 8,
				    neg && posn != 0 ? "-" : "");

	struct money_out o = { buf, 0, MONEY_LOCALE_MAX };
	buf[0] = '\0';
	if (posn == 0) {
		money_put(&o, "(");
		money_put(&o, cs_pre ? sym : value);
		money_put(&o, sep != 0 || is_code ? " " : "");
		money_put(&o, cs_pre ? value : sym);
		money_put(&o, ")");
		return buf;
	}
	/* Order of sign (S), currency (C) and value (V) as C11 7.11.2.1 says;
	 * then a space between neighbours as sep_by_space says. */
	static const char *const orders[2][5] = {
		{ "", "SVC", "VCS", "VSC", "VCS" },
		{ "", "SCV", "CVS", "SCV", "CSV" },
	};
	const char *order = orders[cs_pre][posn];
	bool sc_adjacent = strstr(order, "SC") != NULL || strstr(order, "CS") != NULL;
	/* An empty sign drops out; the gaps on either side of it merge. */
	bool pending = false, first = true;
	for (int k = 0; k < 3; k++) {
		char t = order[k];
		if (k > 0) {
			char a = order[k - 1];
			bool has_v = a == 'V' || t == 'V', has_s = a == 'S' || t == 'S';
			if (sep == 1)
				pending |= sc_adjacent ? has_v : !has_s;
			else if (sep == 2)
				pending |= sc_adjacent ? !has_v : !(a == 'C' || t == 'C');
			pending |= is_code && has_v && !has_s;
		}
		if (t == 'S' && sign[0] == '\0')
			continue;
		if (!first && pending)
			money_put(&o, " ");
		money_put(&o, t == 'S' ? sign : t == 'C' ? sym : value);
		first = false;
		pending = false;
	}
	return buf;
}

/* test_sanitize.c — every escaped class, scripts that must pass through
 * (CJK, Persian, Cyrillic, emoji, combining marks), widths, truncation,
 * padding, the input cap, locale independence, and a property test over
 * 100,000 random byte strings. */
#include <locale.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "sanitize.h"
#include "xmalloc.h"

static void expect_line(const char *in, size_t len, const char *want)
{
	char *got = sanitize_line(in, len);
	assert_string_equal(got, want);
	free(got);
}

static void expect_text(const char *in, const char *want)
{
	char *got = sanitize_text(in, strlen(in));
	assert_string_equal(got, want);
	free(got);
}

#define LINE(in, want) expect_line(in, sizeof(in) - 1, want)

static void test_ascii_and_backslash(void **state)
{
	(void)state;
	LINE("Coffee shop #12 (card 1234)", "Coffee shop #12 (card 1234)");
	LINE("", "");
	LINE("C:\\path", "C:\\\\path");
	/* A server cannot forge an escape: its backslash is doubled. */
	LINE("\\x1b", "\\\\x1b");
}

static void test_c0_del_and_nul(void **state)
{
	(void)state;
	LINE("a\0b", "a\\x00b");
	LINE("\x1b[2J", "\\x1b[2J");
	LINE("x\by\tz\rw\nv", "x\\x08y\\x09z\\x0dw\\x0av");
	LINE("\x7f\x01\x1f", "\\x7f\\x01\\x1f");
	/* Multi-line keeps \n, folds \r\n, still escapes \t, lone \r, ESC. */
	expect_text("one\r\ntwo\nthree\rx\ty\x1b", "one\ntwo\nthree\\x0dx\\x09y\\x1b");
}

static void test_c1(void **state)
{
	(void)state;
	LINE("\xc2\x9b" "31m", "\\u009b31m");
	LINE("\xc2\x80\xc2\x9f", "\\u0080\\u009f");
	/* A bare 0x9b byte is invalid UTF-8 and shown as a byte. */
	LINE("\x9b" "31m", "\\x9b31m");
	/* U+00A0 (no-break space) is the first printable after C1. */
	LINE("\xc2\xa0", "\xc2\xa0");
}

static void test_bidi_and_zero_width(void **state)
{
	(void)state;
	LINE("abc\xe2\x80\xaeoof", "abc\\u202eoof");
	LINE("\xe2\x80\xaa\xe2\x80\xab\xe2\x80\xac\xe2\x80\xad",
	     "\\u202a\\u202b\\u202c\\u202d");
	LINE("\xe2\x81\xa6\xe2\x81\xa7\xe2\x81\xa8\xe2\x81\xa9", "\\u2066\\u2067\\u2068\\u2069");
	LINE("\xe2\x80\x8e\xe2\x80\x8f\xd8\x9c", "\\u200e\\u200f\\u061c");
	LINE("a\xe2\x80\x8b" "b\xe2\x80\x8c" "c\xe2\x80\x8d" "d\xe2\x81\xa0" "e\xef\xbb\xbf",
	     "a\\u200bb\\u200cc\\u200dd\\u2060e\\ufeff");
	LINE("\xe2\x80\xa8\xe2\x80\xa9", "\\u2028\\u2029");
}

static void test_invalid_utf8(void **state)
{
	(void)state;
	LINE("\xc0\xaf", "\\xc0\\xaf");                 /* overlong '/' */
	LINE("\xe0\x80\xaf", "\\xe0\\x80\\xaf");         /* overlong, 3 bytes */
	LINE("\xf0\x80\x80\xaf", "\\xf0\\x80\\x80\\xaf"); /* overlong, 4 bytes */
	LINE("\xed\xa0\x80", "\\xed\\xa0\\x80");         /* surrogate U+D800 */
	LINE("\xed\xbf\xbf", "\\xed\\xbf\\xbf");         /* surrogate U+DFFF */
	LINE("\xf4\x90\x80\x80", "\\xf4\\x90\\x80\\x80"); /* U+110000 */
	LINE("\xf5\x80\x80\x80", "\\xf5\\x80\\x80\\x80");
	LINE("ok\xe2\x82", "ok\\xe2\\x82");              /* truncated at the end */
	LINE("\xe2\x82" "x", "\\xe2\\x82x");             /* truncated mid-string */
	LINE("\x80" "a\xbf", "\\x80a\\xbf");             /* stray continuation bytes */
	LINE("\xfe\xff", "\\xfe\\xff");
}

static void test_noncharacters_private_use_tags(void **state)
{
	(void)state;
	LINE("\xef\xbf\xbe\xef\xbf\xbf", "\\ufffe\\uffff");
	LINE("\xef\xb7\x90", "\\ufdd0");
	LINE("\xee\x80\x80", "\\ue000");
	LINE("\xf4\x8f\xbf\xbd", "\\U0010fffd");
	LINE("\xf3\xa0\x81\x81", "\\U000e0041"); /* TAG LATIN CAPITAL A */
	LINE("\xf0\x9f\xbf\xbe", "\\U0001fffe");
	/* Unassigned: wcwidth() says -1. */
	LINE("\xcd\xb8", "\\u0378");
}

static void test_scripts_pass_through(void **state)
{
	(void)state;
	const char *ok[] = {
		"\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e",         /* 日本語 */
		"\xd8\xb3\xd9\x84\xd8\xa7\xd9\x85 \xdb\x8c\xda\xa9", /* Persian */
		"\xd0\x9f\xd1\x80\xd0\xb8\xd0\xb2\xd0\xb5\xd1\x82", /* Привет */
		"\xf0\x9f\x98\x80",                                 /* 😀 */
		"e\xcc\x81",                                        /* e + COMBINING ACUTE */
		"\xe2\x82\xac 12,50",                               /* € */
	};
	for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
		expect_line(ok[i], strlen(ok[i]), ok[i]);
		assert_int_equal(sanitize_check(ok[i], strlen(ok[i])), strlen(ok[i]));
	}
	/* ZWJ is escaped, so a family emoji shows as its members. */
	LINE("\xf0\x9f\x91\xa8\xe2\x80\x8d\xf0\x9f\x91\xa9",
	     "\xf0\x9f\x91\xa8\\u200d\xf0\x9f\x91\xa9");
	/* A combining mark with no base would attach to the previous cell. */
	LINE("\xcc\x81" "a", "\\u0301a");
	expect_text("a\n\xcc\x81", "a\n\\u0301");
}

static void test_check(void **state)
{
	(void)state;
	assert_int_equal(sanitize_check("abc", 3), 3);
	assert_int_equal(sanitize_check("ab\x1b", 3), 2);
	assert_int_equal(sanitize_check("a\\b", 3), 1);
	assert_int_equal(sanitize_check("\xe6\x97\xa5\xff", 4), 3);
}

static void test_width(void **state)
{
	(void)state;
	assert_int_equal(sanitize_width("abc"), 3);
	assert_int_equal(sanitize_width("\xe6\x97\xa5\xe6\x9c\xac"), 4);
	assert_int_equal(sanitize_width("e\xcc\x81"), 1);
	assert_int_equal(sanitize_width("\xf0\x9f\x98\x80"), 2);
	assert_int_equal(sanitize_width("a\\x1b"), 5);
	assert_int_equal(sanitize_width("\\U0010fffd"), 10);
	assert_int_equal(sanitize_width("\\\\"), 2);
	/* Not sanitized: the control is counted as its escape. */
	assert_int_equal(sanitize_width("\x1b"), 4);
}

static void expect_cut(const char *clean, size_t cols, bool ellipsis, const char *want,
		       size_t want_width)
{
	size_t w = 999;
	char *got = sanitize_truncate(clean, cols, ellipsis, &w);
	assert_string_equal(got, want);
	assert_int_equal(w, want_width);
	free(got);
}

static void test_truncate(void **state)
{
	(void)state;
	expect_cut("Hello world", 5, true, "Hell\xe2\x80\xa6", 5);
	expect_cut("Hello world", 5, false, "Hello", 5);
	expect_cut("Hello", 5, true, "Hello", 5);
	expect_cut("Hello", 0, true, "", 0);
	expect_cut("Hello", 1, true, "\xe2\x80\xa6", 1);
	expect_cut("", 3, true, "", 0);
	/* Escapes are never split. */
	expect_cut("ab\\x1bcd", 4, false, "ab", 2);
	expect_cut("ab\\x1bcd", 6, false, "ab\\x1b", 6);
	expect_cut("ab\\x1bcd", 5, true, "ab\xe2\x80\xa6", 3);
	expect_cut("a\\\\b", 2, false, "a", 1);
	/* Wide characters: one column left over is left empty. */
	expect_cut("\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e", 5, false, "\xe6\x97\xa5\xe6\x9c\xac", 4);
	expect_cut("\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e", 5, true,
		   "\xe6\x97\xa5\xe6\x9c\xac\xe2\x80\xa6", 5);
	expect_cut("\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e", 4, true, "\xe6\x97\xa5\xe2\x80\xa6", 3);
	expect_cut("\xf0\x9f\x98\x80\xf0\x9f\x98\x80", 3, false, "\xf0\x9f\x98\x80", 2);
	/* Combining marks stay with their base. */
	expect_cut("e\xcc\x81" "e\xcc\x81" "e\xcc\x81", 2, true, "e\xcc\x81\xe2\x80\xa6", 2);
	expect_cut("e\xcc\x81" "e\xcc\x81", 1, false, "e\xcc\x81", 1);
	/* Unsanitized input is made safe on the way. */
	expect_cut("a\x1b[2Jb", 20, true, "a\\x1b[2Jb", 9);
	expect_cut("a\\b", 20, true, "a\\\\b", 4);
}

static void expect_pad(const char *clean, size_t cols, enum sanitize_align align, const char *want)
{
	char *got = sanitize_pad(clean, cols, align);
	assert_string_equal(got, want);
	assert_int_equal(sanitize_width(got), cols);
	free(got);
}

static void test_pad(void **state)
{
	(void)state;
	expect_pad("ab", 5, SANITIZE_LEFT, "ab   ");
	expect_pad("12.50", 8, SANITIZE_RIGHT, "   12.50");
	expect_pad("abcdef", 4, SANITIZE_LEFT, "abc\xe2\x80\xa6");
	expect_pad("\xe6\x97\xa5\xe6\x9c\xac", 3, SANITIZE_LEFT, "\xe6\x97\xa5\xe2\x80\xa6");
	expect_pad("\xe6\x97\xa5\xe6\x9c\xac", 5, SANITIZE_RIGHT, " \xe6\x97\xa5\xe6\x9c\xac");
	expect_pad("", 0, SANITIZE_LEFT, "");
}

/* Widths must not depend on the process locale. */
static void test_locale_independent(void **state)
{
	(void)state;
	setlocale(LC_ALL, "C");
	LINE("\xe6\x97\xa5\xe6\x9c\xac", "\xe6\x97\xa5\xe6\x9c\xac");
	assert_int_equal(sanitize_width("\xe6\x97\xa5\xe6\x9c\xac"), 4);
	setlocale(LC_ALL, "C.UTF-8");
}

static void test_large_input_and_cap(void **state)
{
	(void)state;
	/* 100 KB description: mixed text, all kept or escaped. */
	size_t n = 100 * 1024;
	char *in = xmalloc(n);
	for (size_t i = 0; i < n; i += 4)
		memcpy(in + i, i % 8 ? "ab\x1b" "c" : "\xe6\x97\xa5" "d", 4);
	char *out = sanitize_line(in, n);
	assert_int_equal(strlen(out), n / 8 * 4 + n / 8 * 7);
	free(out);
	free(in);

	/* Beyond the cap the input is cut at a character boundary. */
	n = SANITIZE_MAX_INPUT + 10;
	in = xmalloc(n);
	memset(in, 'a', n);
	memcpy(in + SANITIZE_MAX_INPUT - 1, "\xe6\x97\xa5", 3);
	out = sanitize_line(in, n);
	size_t len = strlen(out);
	assert_int_equal(len, SANITIZE_MAX_INPUT - 1 + 3);
	assert_memory_equal(out + len - 3, "\xe2\x80\xa6", 3);
	assert_int_equal(out[len - 4], 'a');
	free(out);
	free(in);
}

/* An independent strict UTF-8 decoder for the property test. */
static size_t decode_strict(const unsigned char *s, uint32_t *cp)
{
	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	size_t n = s[0] >= 0xf0 ? 4 : s[0] >= 0xe0 ? 3 : s[0] >= 0xc0 ? 2 : 0;
	if (n == 0 || s[0] > 0xf4)
		return 0;
	uint32_t v = s[0] & (0x7f >> n);
	for (size_t i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		v = v << 6 | (s[i] & 0x3f);
	}
	static const uint32_t min[] = { 0, 0, 0x80, 0x800, 0x10000 };
	if (v < min[n] || v > 0x10ffff || (v >= 0xd800 && v <= 0xdfff))
		return 0;
	*cp = v;
	return n;
}

static void check_safe(const char *out, bool multiline)
{
	const unsigned char *s = (const unsigned char *)out;
	while (*s != '\0') {
		uint32_t cp = 0;
		size_t n = decode_strict(s, &cp);
		if (n == 0 || cp < 0x20)
			print_error("unsafe output at byte %zu: %s\n",
				    (size_t)(s - (const unsigned char *)out), out);
		assert_true(n > 0);
		assert_true(cp >= 0x20 || (multiline && cp == '\n'));
		assert_true(cp != 0x7f);
		assert_false(cp >= 0x80 && cp <= 0x9f);
		assert_false(cp >= 0x202a && cp <= 0x202e);
		assert_false(cp >= 0x2066 && cp <= 0x2069);
		assert_false(cp >= 0x200b && cp <= 0x200f);
		assert_false(cp == 0x2060 || cp == 0xfeff || cp == 0x061c);
		s += n;
	}
}

static uint64_t rng_state = 0x9e3779b97f4a7c15u;

static uint64_t rng_next(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return rng_state;
}

/* Random bytes, biased towards lead bytes and pieces of the sequences that
 * matter, so that valid multi-byte characters occur often. */
static void test_property_random(void **state)
{
	(void)state;
	static const char *const pieces[] = {
		"\xc2\x9b", "\xe2\x80\xae", "\xe2\x81\xa6", "\xe2\x80\x8d", "\xef\xbb\xbf",
		"\xe6\x97\xa5", "\xf0\x9f\x98\x80", "\xcc\x81", "\xd8\x9c", "\xed\xa0\x80",
		"\\", "\\x1b", "\r\n", "\n", "\xe2\x80\x8f",
	};
	static const unsigned char leads[] = { 0xc2, 0xe2, 0xed, 0xef, 0xf0, 0xf4, 0x80, 0xbf };
	char in[96];
	for (int iter = 0; iter < 100000; iter++) {
		size_t len = 0, want = rng_next() % 64;
		while (len < want) {
			uint64_t r = rng_next();
			const char *p = pieces[(r >> 8) % (sizeof pieces / sizeof pieces[0])];
			if (r % 4 == 0 && len + strlen(p) <= sizeof in) {
				memcpy(in + len, p, strlen(p));
				len += strlen(p);
			} else if (r % 4 == 1) {
				in[len++] = (char)leads[(r >> 8) % sizeof leads];
			} else {
				in[len++] = (char)(r >> 16);
			}
		}
		char *out = sanitize_line(in, len);
		check_safe(out, false);
		size_t cols = rng_next() % 20, width;
		char *cut = sanitize_truncate(out, cols, iter % 2 == 0, &width);
		check_safe(cut, false);
		assert_true(width <= cols);
		assert_int_equal(sanitize_width(cut), width);
		free(cut);
		free(out);
		out = sanitize_text(in, len);
		check_safe(out, true);
		free(out);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ascii_and_backslash),
		cmocka_unit_test(test_c0_del_and_nul),
		cmocka_unit_test(test_c1),
		cmocka_unit_test(test_bidi_and_zero_width),
		cmocka_unit_test(test_invalid_utf8),
		cmocka_unit_test(test_noncharacters_private_use_tags),
		cmocka_unit_test(test_scripts_pass_through),
		cmocka_unit_test(test_check),
		cmocka_unit_test(test_width),
		cmocka_unit_test(test_truncate),
		cmocka_unit_test(test_pad),
		cmocka_unit_test(test_locale_independent),
		cmocka_unit_test(test_large_input_and_cap),
		cmocka_unit_test(test_property_random),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

/* test_glyph.c — ui/glyph.h: the ASCII forms of bankterm's glyphs for a
 * locale that is not UTF-8, the '?' for any other non-ASCII character,
 * widths measured on what is drawn, and nothing changed under UTF-8.  One
 * test reads the sources of the drawing code so that a glyph added there
 * without an ASCII form fails here. */
#include <dirent.h>
#include <locale.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "sanitize.h"
#include "ui/glyph.h"
#include "ui/view.h"
#include "xmalloc.h"

static bool is_ascii(const char *s)
{
	for (; *s != '\0'; s++)
		if ((unsigned char)*s >= 0x80)
			return false;
	return true;
}

static void expect_ascii(const char *in, const char *want)
{
	char *got = glyph_to_ascii(in);
	assert_string_equal(got, want);
	free(got);
}

static int reset_mode(void **state)
{
	(void)state;
	glyph_init(false);
	return 0;
}

static void test_known_glyphs(void **state)
{
	(void)state;
	expect_ascii("Northwind \u2713 10:42 \u2502 Flexpay \u27f3 2/5 \u2502 Cedar \u2717 offline",
		     "Northwind ok 10:42 | Flexpay * 2/5 | Cedar x offline");
	expect_ascii("Cedar \u2026 not synced", "Cedar ... not synced");
	expect_ascii("demo \u2014 nothing is saved", "demo -- nothing is saved");
	expect_ascii("\u2212" "12.00", "-12.00");
	expect_ascii("\u2022 \u25b8 \u25b6 \u2190 \u2192 \u2191 \u2193 \u26a0 \u2248 \u00b7 \u00d7",
		     "* > > <- -> ^ v ! ~ - x");
	expect_ascii("\u250c\u2500\u2510\u2502\u2514\u2518\u253c\u2524\u2504",
		     "+-+|++++-");
	/* The chart's scale is the Timeline's own ASCII one. */
	expect_ascii(" \u2581\u2582\u2583\u2584\u2585\u2586\u2587\u2588", " ...oooo#");
	expect_ascii("\u20ac5 \u00a3" "5", "EUR5 GBP5");
}

static void test_other_characters_are_one_question_mark_each(void **state)
{
	(void)state;
	expect_ascii("Caf\u00e9 \u6771\u4eac", "Caf? ??");
	expect_ascii("e\u0301", "e?");
	expect_ascii("\U0001f600!", "?!");
	expect_ascii("", "");
	expect_ascii("plain ASCII stays", "plain ASCII stays");
}

static void test_escapes_are_kept(void **state)
{
	(void)state;
	const char raw[] = "a\x1b]52;c;\x07\\ \xe2\x80\xae";
	char *clean = sanitize_line(raw, sizeof raw - 1);
	char *a = glyph_to_ascii(clean);
	assert_string_equal(a, clean);
	assert_string_equal(a, "a\\x1b]52;c;\\x07\\\\ \\u202e");
	free(a);
	free(clean);
}

/* Every \uXXXX in the drawing code's string literals has an ASCII form
 * other than '?'. */
static void scan_file(const char *path, size_t *seen)
{
	FILE *f = fopen(path, "r");
	assert_non_null(f);
	char line[4096];
	while (fgets(line, sizeof line, f) != NULL) {
		for (char *p = strstr(line, "\\u"); p != NULL; p = strstr(p + 2, "\\u")) {
			char hex[5] = { 0 };
			if (strspn(p + 2, "0123456789abcdefABCDEF") < 4)
				continue;
			memcpy(hex, p + 2, 4);
			unsigned long cp = strtoul(hex, NULL, 16);
			char utf8[4] = { 0 };
			if (cp < 0x80)
				continue;
			if (cp < 0x800) {
				utf8[0] = (char)(0xc0 | cp >> 6);
				utf8[1] = (char)(0x80 | (cp & 0x3f));
			} else {
				utf8[0] = (char)(0xe0 | cp >> 12);
				utf8[1] = (char)(0x80 | (cp >> 6 & 0x3f));
				utf8[2] = (char)(0x80 | (cp & 0x3f));
			}
			char *a = glyph_to_ascii(utf8);
			if (strcmp(a, "?") == 0)
				fail_msg("%s: U+%04lX has no ASCII form in ui/glyph.c", path, cp);
			free(a);
			(*seen)++;
		}
	}
	fclose(f);
}

static void scan_dir(const char *dir, size_t *seen)
{
	DIR *d = opendir(dir);
	assert_non_null(d);
	struct dirent *de;
	while ((de = readdir(d)) != NULL) {
		size_t n = strlen(de->d_name);
		if (n < 3 || strcmp(de->d_name + n - 2, ".c") != 0)
			continue;
		char *path = xasprintf("%s/%s", dir, de->d_name);
		scan_file(path, seen);
		free(path);
	}
	closedir(d);
}

static void test_every_glyph_in_the_drawing_code_has_an_ascii_form(void **state)
{
	(void)state;
	size_t seen = 0;
	scan_dir(TEST_SRCDIR "/src/ui", &seen);
	scan_dir(TEST_SRCDIR "/src/screens", &seen);
	scan_file(TEST_SRCDIR "/src/app.c", &seen);
	scan_file(TEST_SRCDIR "/src/demo.c", &seen);
	assert_true(seen > 20); /* the scan found the literals */
}

static void test_widths_are_those_drawn(void **state)
{
	(void)state;
	const char *s = "Cedar \u2713 10:42 \u2502 Flexpay \u2026";
	assert_int_equal(glyph_width(s), sanitize_width(s));
	glyph_init(true);
	assert_int_equal(glyph_width(s), strlen("Cedar ok 10:42 | Flexpay ..."));
	assert_int_equal(glyph_width("\u6771"), 1); /* one '?' */
}

static void test_ascii_fitting(void **state)
{
	(void)state;
	glyph_init(true);
	size_t w = 99;
	char *t = glyph_truncate("Northwind \u2713 10:42", 12, true, &w);
	assert_string_equal(t, "Northwind...");
	assert_int_equal(w, 12);
	free(t);
	t = glyph_truncate("\u2713 paid", 7, true, &w);
	assert_string_equal(t, "ok paid");
	assert_int_equal(w, 7);
	free(t);
	/* Too narrow for dots: cut. */
	t = glyph_truncate("abcdef", 3, true, &w);
	assert_string_equal(t, "abc");
	free(t);
	t = glyph_truncate("abcdef", 0, true, &w);
	assert_string_equal(t, "");
	assert_int_equal(w, 0);
	free(t);
	/* An escape is never split. */
	t = glyph_truncate("ab\\x1bcdef", 7, true, &w);
	assert_string_equal(t, "ab...");
	assert_int_equal(w, 5);
	free(t);
	t = glyph_truncate("ab\\x1bcdef", 5, false, &w);
	assert_string_equal(t, "ab");
	free(t);
}

static void test_ascii_padding_keeps_columns(void **state)
{
	(void)state;
	glyph_init(true);
	const char *cells[] = { "Z\u00fcrich \u2014 5 \u20ac", "\u2713", "\u2026", "",
				"\u6771\u4eac\u6771\u4eac\u6771\u4eac\u6771\u4eac\u6771\u4eac",
				"a very long description that does not fit" };
	for (size_t i = 0; i < sizeof cells / sizeof cells[0]; i++)
		for (size_t cols = 0; cols < 16; cols++) {
			char *l = glyph_pad(cells[i], cols, SANITIZE_LEFT);
			char *r = glyph_pad(cells[i], cols, SANITIZE_RIGHT);
			assert_true(is_ascii(l));
			assert_true(is_ascii(r));
			assert_int_equal(strlen(l), cols);
			assert_int_equal(strlen(r), cols);
			free(l);
			free(r);
		}
	char *p = glyph_pad("\u2713", 4, SANITIZE_RIGHT);
	assert_string_equal(p, "  ok");
	free(p);
}

/* The view-model is what screens build: in ASCII mode every segment is
 * ASCII and a cell is exactly its width. */
static void test_views_in_ascii_mode(void **state)
{
	(void)state;
	glyph_init(true);
	struct view v = { 0 };
	struct vline *l = view_line(&v, true, 0);
	view_cell(l, ROLE_NORMAL, "Pay \u2014 Caf\u00e9 \u2713", 10, SANITIZE_LEFT);
	view_cell(l, ROLE_NORMAL, "\u2212" "5.00 \u20ac", 12, SANITIZE_RIGHT);
	view_text(l, ROLE_MUTED, " \u00b7 \u2026");
	char *j = vline_join(l);
	assert_string_equal(j, "Pay -- ...   -5.00 EUR - ...");
	free(j);
	view_add_text(&v, ROLE_HEADER, "Bills \u2014 due in 14 days", 12);
	assert_string_equal(v.lines[1].segs[0].text, "Bills -- ...");
	view_add_wrapped(&v, ROLE_NORMAL,
			 "sending\u2026 do not close \u2014 the bank\u2019s answer comes soon", 14, 2);
	for (size_t i = 2; i < v.n; i++) {
		char *s = vline_join(&v.lines[i]);
		assert_true(is_ascii(s));
		assert_true(strlen(s) <= 14);
		free(s);
	}
	assert_true(v.n > 3);
	view_clear(&v);
}

static void test_utf8_mode_changes_nothing(void **state)
{
	(void)state;
	glyph_init(false);
	const char *s = "Northwind Bank \u2713 10:42 \u2502 Caf\u00e9 \u2026";
	const char *box = "\u2500";
	assert_ptr_equal(glyph_of(box), box);
	for (size_t cols = 0; cols < 40; cols += 3) {
		size_t w1, w2;
		char *a = glyph_truncate(s, cols, true, &w1);
		char *b = sanitize_truncate(s, cols, true, &w2);
		assert_string_equal(a, b);
		assert_int_equal(w1, w2);
		free(a);
		free(b);
		a = glyph_pad(s, cols, SANITIZE_RIGHT);
		b = sanitize_pad(s, cols, SANITIZE_RIGHT);
		assert_string_equal(a, b);
		free(a);
		free(b);
	}
	char *c = glyph_line(s);
	assert_string_equal(c, s);
	free(c);
	struct view v = { 0 };
	view_cell(view_line(&v, false, -1), ROLE_NORMAL, s, 12, SANITIZE_LEFT);
	char *want = sanitize_pad(s, 12, SANITIZE_LEFT);
	assert_string_equal(v.lines[0].segs[0].text, want);
	free(want);
	view_clear(&v);
	glyph_init(true);
	assert_string_equal(glyph_of(box), "-");
	assert_string_equal(glyph_of("\u2518"), "+");
	assert_string_equal(glyph_of("|"), "|");
}

static void test_locale_detection(void **state)
{
	(void)state;
	assert_non_null(setlocale(LC_ALL, "C"));
	assert_false(glyph_locale_utf8());
	if (setlocale(LC_ALL, "C.UTF-8") != NULL)
		assert_true(glyph_locale_utf8());
	if (setlocale(LC_ALL, "en_US.ISO-8859-1") != NULL)
		assert_false(glyph_locale_utf8());
	setlocale(LC_ALL, "");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(test_known_glyphs, reset_mode),
		cmocka_unit_test_teardown(test_other_characters_are_one_question_mark_each,
					  reset_mode),
		cmocka_unit_test_teardown(test_escapes_are_kept, reset_mode),
		cmocka_unit_test_teardown(test_every_glyph_in_the_drawing_code_has_an_ascii_form,
					  reset_mode),
		cmocka_unit_test_teardown(test_widths_are_those_drawn, reset_mode),
		cmocka_unit_test_teardown(test_ascii_fitting, reset_mode),
		cmocka_unit_test_teardown(test_ascii_padding_keeps_columns, reset_mode),
		cmocka_unit_test_teardown(test_views_in_ascii_mode, reset_mode),
		cmocka_unit_test_teardown(test_utf8_mode_changes_nothing, reset_mode),
		cmocka_unit_test_teardown(test_locale_detection, reset_mode),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

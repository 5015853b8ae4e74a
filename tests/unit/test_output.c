/* test_output.c — the read commands' writer (src/cmd/output.c): tables
 * aligned by display width (CJK counts two columns) with hostile server text
 * escaped and long text cut, JSON documents with money as decimal-string
 * objects and null cells, CSV quoted as RFC 4180 with the raw bytes kept,
 * machine-only columns, extras and empty tables. */
#include <locale.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <jansson.h>

#include "cmd/output.h"
#include "sanitize.h"

static const struct output_col cols[] = {
    {"name", "NAME", OUTPUT_STR, 0, false},
    {"amount", "AMOUNT", OUTPUT_MONEY, 0, false},
    {"due", "DUE", OUTPUT_DATE, 0, false},
    {"id", "ID", OUTPUT_STR, 0, true},
};
#define NCOLS (sizeof cols / sizeof cols[0])

static struct money money_of(int64_t minor, const char *code)
{
	struct money m = {minor, ""};
	memcpy(m.currency, code, 4);
	return m;
}

/* Runs output_write into memory; caller frees. */
static char *render(const struct output *o, const char *command)
{
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);
	assert_non_null(f);
	assert_true(output_write(o, command, f));
	fclose(f);
	return text;
}

static struct output *sample(enum output_format format)
{
	struct output *o = output_new(format, cols, NCOLS);
	output_row(o, (struct output_cell[]){OUTPUT_S("Rent"), OUTPUT_M(money_of(-120000, "USD")),
	                                     OUTPUT_I(20000), OUTPUT_S("b1")});
	output_row(o, (struct output_cell[]){OUTPUT_S("電気料金"), OUTPUT_M(money_of(5400, "JPY")),
	                                     OUTPUT_I(20001), OUTPUT_S("b2")});
	output_row(o, (struct output_cell[]){OUTPUT_S("a,b \"q\"\r\nx"),
	                                     OUTPUT_M(money_of(-1500, "BHD")), OUTPUT_NULL,
	                                     OUTPUT_S(NULL)});
	return o;
}

/* Splits text into lines (the array and text are the caller's to free). */
static size_t split_lines(char *text, char **lines, size_t max)
{
	size_t n = 0;
	for (char *save = NULL, *l = strtok_r(text, "\n", &save); l != NULL && n < max;
	     l = strtok_r(NULL, "\n", &save))
		lines[n++] = l;
	return n;
}

/* Display width of the first `bytes` bytes of a line. */
static size_t width_upto(const char *line, size_t bytes)
{
	char *head = strndup(line, bytes);
	size_t w = sanitize_width(head);
	free(head);
	return w;
}

static void test_table_aligns_by_display_width(void **state)
{
	(void)state;
	struct output *o = sample(OUTPUT_TABLE);
	char *text = render(o, "bills");
	char *lines[8];
	size_t n = split_lines(text, lines, 8);
	assert_int_equal(n, 4);
	assert_non_null(strstr(lines[0], "NAME"));
	assert_null(strstr(lines[0], "ID")); /* machine_only */
	assert_null(strstr(text, "b1"));
	/* The DUE column starts at the same display column on every line, the
	 * CJK row included (the 12 bytes of 電気料金 are 8 columns). */
	size_t col = width_upto(lines[0], (size_t)(strstr(lines[0], "DUE") - lines[0]));
	assert_int_equal(width_upto(lines[1], (size_t)(strstr(lines[1], "2024-10-04") - lines[1])),
	                 col);
	assert_int_equal(width_upto(lines[2], (size_t)(strstr(lines[2], "2024-10-05") - lines[2])),
	                 col);
	/* The null date is "-", at the end of its line with no trailing blanks. */
	size_t len3 = strlen(lines[3]);
	assert_int_equal(lines[3][len3 - 1], '-');
	assert_int_equal(width_upto(lines[3], len3 - 1), col);
	assert_true(strncmp(lines[2], "電気料金", strlen("電気料金")) == 0);
	/* Money is right-aligned: the amounts end in the same column. */
	size_t end1 = width_upto(lines[1], (size_t)(strstr(lines[1], "2024") - lines[1]));
	size_t end2 = width_upto(lines[2], (size_t)(strstr(lines[2], "2024") - lines[2]));
	assert_int_equal(end1, end2);
	assert_int_not_equal(lines[1][strstr(lines[1], "2024") - lines[1] - 3], ' ');
	free(text);
	output_free(&o);
	assert_null(o);
}

static void test_table_escapes_hostile_text(void **state)
{
	(void)state;
	static const struct output_col one[] = {{"name", "NAME", OUTPUT_STR, 10, false}};
	struct output *o = output_new(OUTPUT_TABLE, one, 1);
	output_row(o, (struct output_cell[]){OUTPUT_S("\x1b[2J\x1b]0;pwned\x07ok")});
	output_row(o, (struct output_cell[]){OUTPUT_S("evil\xe2\x80\xae"
	                                              "txt.exe\r\nx")});
	output_row(o, (struct output_cell[]){OUTPUT_S("bad \xff\xfe utf8")});
	output_row(o, (struct output_cell[]){OUTPUT_S("a very long payee name indeed")});
	char *text = render(o, "bills");
	for (const char *p = text; *p != '\0'; p++) {
		unsigned char ch = (unsigned char)*p;
		assert_false(ch < 0x20 && ch != '\n'); /* no ESC, BEL, CR */
		assert_int_not_equal(ch, 0x7f);
	}
	assert_null(strstr(text, "\xe2\x80\xae")); /* no bidi override */
	assert_null(strstr(text, "\xff"));
	/* Cut to max_width 10 columns with an ellipsis. */
	char *lines[8];
	size_t n = split_lines(text, lines, 8);
	assert_int_equal(n, 5);
	for (size_t i = 0; i < n; i++)
		assert_true(sanitize_width(lines[i]) <= 10);
	assert_non_null(strstr(lines[4], "\xe2\x80\xa6"));
	free(text);
	output_free(&o);
}

static void test_json_money_and_nulls(void **state)
{
	(void)state;
	struct output *o = sample(OUTPUT_JSON);
	static const struct output_col tcols[] = {{"total", "TOTAL", OUTPUT_MONEY, 0, false}};
	struct output *totals = output_new(OUTPUT_JSON, tcols, 1);
	output_row(totals, (struct output_cell[]){OUTPUT_M(money_of(-121500, "USD"))});
	output_add_extra(o, "totals", totals);
	char *text = render(o, "bills");
	json_error_t je;
	json_t *doc = json_loads(text, 0, &je);
	assert_non_null(doc);
	assert_int_equal(json_integer_value(json_object_get(doc, "version")), OUTPUT_JSON_VERSION);
	assert_string_equal(json_string_value(json_object_get(doc, "command")), "bills");
	json_t *items = json_object_get(doc, "items");
	assert_int_equal(json_array_size(items), 3);

	json_t *m = json_object_get(json_array_get(items, 0), "amount");
	assert_true(json_is_string(json_object_get(m, "value"))); /* never a float */
	assert_string_equal(json_string_value(json_object_get(m, "value")), "-1200.00");
	assert_string_equal(json_string_value(json_object_get(m, "currency")), "USD");
	m = json_object_get(json_array_get(items, 1), "amount");
	assert_string_equal(json_string_value(json_object_get(m, "value")), "5400");
	m = json_object_get(json_array_get(items, 2), "amount");
	assert_string_equal(json_string_value(json_object_get(m, "value")), "-1.500");
	assert_string_equal(json_string_value(json_object_get(m, "currency")), "BHD");

	json_t *row = json_array_get(items, 2);
	assert_true(json_is_null(json_object_get(row, "due")));
	assert_true(json_is_null(json_object_get(row, "id")));
	assert_string_equal(json_string_value(json_object_get(row, "name")), "a,b \"q\"\r\nx");
	assert_string_equal(json_string_value(json_object_get(json_array_get(items, 0), "due")),
	                    "2024-10-04");
	assert_string_equal(json_string_value(json_object_get(json_array_get(items, 0), "id")),
	                    "b1"); /* machine_only columns are in JSON */
	/* Control characters travel escaped, not raw. */
	assert_null(strchr(text, '\r'));
	json_t *t = json_array_get(json_object_get(doc, "totals"), 0);
	assert_string_equal(
	    json_string_value(json_object_get(json_object_get(t, "total"), "value")), "-1215.00");
	json_decref(doc);
	free(text);
	output_free(&o);
}

static void test_csv_rfc4180(void **state)
{
	(void)state;
	struct output *o = sample(OUTPUT_CSV);
	char *text = render(o, "bills");
	assert_string_equal(text, "name,amount,amount_currency,due,id\r\n"
	                          "Rent,-1200.00,USD,2024-10-04,b1\r\n"
	                          "電気料金,5400,JPY,2024-10-05,b2\r\n"
	                          "\"a,b \"\"q\"\"\r\nx\",-1.500,BHD,,\r\n");
	free(text);
	output_free(&o);

	/* Raw bytes stay raw (CSV has no escapes); a null money is two empty fields. */
	static const struct output_col c2[] = {{"s", "S", OUTPUT_STR, 0, false},
	                                       {"m", "M", OUTPUT_MONEY, 0, false},
	                                       {"b", "B", OUTPUT_BOOL, 0, false}};
	o = output_new(OUTPUT_CSV, c2, 3);
	output_row(o, (struct output_cell[]){OUTPUT_S("\x1b[31m"), OUTPUT_NULL, OUTPUT_B(true)});
	text = render(o, "x");
	assert_string_equal(text, "s,m,m_currency,b\r\n\x1b[31m,,,true\r\n");
	free(text);
	output_free(&o);
}

static void test_empty(void **state)
{
	(void)state;
	struct output *o = output_new(OUTPUT_TABLE, cols, NCOLS);
	assert_int_equal(output_rows(o), 0);
	char *text = render(o, "bills");
	assert_string_equal(text, "");
	free(text);
	output_free(&o);
	o = output_new(OUTPUT_CSV, cols, NCOLS);
	text = render(o, "bills");
	assert_string_equal(text, "name,amount,amount_currency,due,id\r\n");
	free(text);
	output_free(&o);
	o = output_new(OUTPUT_JSON, cols, NCOLS);
	text = render(o, "bills");
	json_t *doc = json_loads(text, 0, NULL);
	assert_non_null(doc);
	assert_int_equal(json_array_size(json_object_get(doc, "items")), 0);
	json_decref(doc);
	free(text);
	output_free(&o);
}

int main(void)
{
	setlocale(LC_ALL, "C.UTF-8");
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_table_aligns_by_display_width),
	    cmocka_unit_test(test_table_escapes_hostile_text),
	    cmocka_unit_test(test_json_money_and_nulls),
	    cmocka_unit_test(test_csv_rfc4180),
	    cmocka_unit_test(test_empty),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

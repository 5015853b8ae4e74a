/* test_buf.c — the growable buffer: appends, printf, growth, steal. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "buf.h"

static void test_append_and_printf(void **state)
{
	(void)state;
	struct buf b = BUF_INIT;
	buf_append_str(&b, "abc");
	buf_append_char(&b, '-');
	buf_printf(&b, "%d/%s", 42, "x");
	assert_string_equal(b.data, "abc-42/x");
	assert_int_equal(b.len, 8);
	buf_reset(&b);
	assert_string_equal(b.data, "");
	assert_int_equal(b.len, 0);
	buf_free(&b);
	assert_null(b.data);
}

static void test_growth_keeps_content(void **state)
{
	(void)state;
	struct buf b = BUF_INIT;
	for (int i = 0; i < 10000; i++)
		buf_append(&b, "0123456789", 10);
	assert_int_equal(b.len, 100000);
	assert_memory_equal(b.data + 99990, "0123456789", 10);
	assert_int_equal(b.data[b.len], '\0');
	buf_free(&b);
}

static void test_binary_with_nul(void **state)
{
	(void)state;
	struct buf b = BUF_INIT;
	buf_append(&b, "a\0b", 3);
	assert_int_equal(b.len, 3);
	assert_memory_equal(b.data, "a\0b", 4);
	buf_free(&b);
}

static void test_reserve_then_steal_is_empty_string(void **state)
{
	(void)state;
	struct buf b = BUF_INIT;
	buf_reserve(&b, 1000);
	assert_string_equal(b.data, "");
	char *s = buf_steal(&b);
	assert_string_equal(s, "");
	free(s);
}

static void test_printf_long(void **state)
{
	(void)state;
	struct buf b = BUF_INIT;
	buf_append_str(&b, ">");
	buf_printf(&b, "%0300d", 7);
	assert_int_equal(b.len, 301);
	assert_int_equal(b.data[300], '7');
	assert_int_equal(b.data[301], '\0');
	buf_free(&b);
}

static void test_steal(void **state)
{
	(void)state;
	struct buf b = BUF_INIT;
	char *empty = buf_steal(&b);
	assert_string_equal(empty, "");
	free(empty);
	buf_append_str(&b, "mine");
	char *s = buf_steal(&b);
	assert_string_equal(s, "mine");
	assert_null(b.data);
	assert_int_equal(b.len, 0);
	free(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_append_and_printf),
		cmocka_unit_test(test_growth_keeps_content),
		cmocka_unit_test(test_binary_with_nul),
		cmocka_unit_test(test_reserve_then_steal_is_empty_string),
		cmocka_unit_test(test_printf_long),
		cmocka_unit_test(test_steal),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

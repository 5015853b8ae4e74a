/* test_err.c — struct err: set, errno decoration, prefixes, NULL safety. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include <cmocka.h>

#include "err.h"

static void test_set_returns_false_and_fills(void **state)
{
	(void)state;
	struct err e = ERR_INIT;
	assert_false(err_set(&e, ERR_INVALID, "bad amount \"%s\"", "1e3"));
	assert_int_equal(e.code, ERR_INVALID);
	assert_string_equal(e.msg, "bad amount \"1e3\"");
}

static void test_null_err_is_allowed(void **state)
{
	(void)state;
	assert_false(err_set(NULL, ERR_IO, "x"));
	assert_false(err_set_errno(NULL, ERR_IO, ENOENT, "x"));
	err_prefix(NULL, "ctx");
	err_clear(NULL);
}

static void test_errno_appends_strerror(void **state)
{
	(void)state;
	struct err e = ERR_INIT;
	err_set_errno(&e, ERR_IO, ENOENT, "cannot open %s", "/x");
	assert_string_equal(e.msg, "cannot open /x: No such file or directory");
}

static void test_prefix_keeps_code(void **state)
{
	(void)state;
	struct err e = ERR_INIT;
	err_set(&e, ERR_CONFIG, "unknown key");
	err_prefix(&e, "%s:%d", "config", 7);
	assert_int_equal(e.code, ERR_CONFIG);
	assert_string_equal(e.msg, "config:7: unknown key");
	err_clear(&e);
	assert_int_equal(e.code, ERR_OK);
	assert_string_equal(e.msg, "");
}

static void test_long_message_truncates(void **state)
{
	(void)state;
	struct err e = ERR_INIT;
	char big[2000];
	memset(big, 'a', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	err_set(&e, ERR_INVALID, "%s", big);
	assert_int_equal(strlen(e.msg), ERR_MSG_MAX - 1);
	err_prefix(&e, "ctx");
	assert_int_equal(strlen(e.msg), ERR_MSG_MAX - 1);
}

static void test_code_names(void **state)
{
	(void)state;
	assert_string_equal(err_code_name(ERR_OK), "ok");
	assert_string_equal(err_code_name(ERR_CORRUPT), "corrupt");
	assert_string_equal(err_code_name((enum err_code)999), "unknown");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_set_returns_false_and_fills),
		cmocka_unit_test(test_null_err_is_allowed),
		cmocka_unit_test(test_errno_appends_strerror),
		cmocka_unit_test(test_prefix_keeps_code),
		cmocka_unit_test(test_long_message_truncates),
		cmocka_unit_test(test_code_names),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

/* test_paths.c — XDG directories: variables, $HOME fallback, bad values. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "paths.h"

static void expect_path(char *got, const char *want)
{
	assert_non_null(got);
	assert_string_equal(got, want);
	free(got);
}

static void test_xdg_variables_win(void **state)
{
	(void)state;
	setenv("HOME", "/home/u", 1);
	setenv("XDG_CONFIG_HOME", "/cfg", 1);
	setenv("XDG_DATA_HOME", "/data", 1);
	setenv("XDG_CACHE_HOME", "/cache", 1);
	expect_path(paths_config_file(NULL), "/cfg/bankterm/config");
	expect_path(paths_config_dir(NULL), "/cfg/bankterm");
	expect_path(paths_vault_file(NULL), "/data/bankterm/vault");
	expect_path(paths_data_dir(NULL), "/data/bankterm");
	expect_path(paths_cache_file(NULL), "/cache/bankterm/cache");
	expect_path(paths_cache_dir(NULL), "/cache/bankterm");
}

static void test_home_fallback_and_relative_ignored(void **state)
{
	(void)state;
	setenv("HOME", "/home/u", 1);
	unsetenv("XDG_CONFIG_HOME");
	setenv("XDG_DATA_HOME", "", 1);
	setenv("XDG_CACHE_HOME", "relative/dir", 1);
	expect_path(paths_config_file(NULL), "/home/u/.config/bankterm/config");
	expect_path(paths_vault_file(NULL), "/home/u/.local/share/bankterm/vault");
	expect_path(paths_cache_file(NULL), "/home/u/.cache/bankterm/cache");
}

static void test_no_home(void **state)
{
	(void)state;
	unsetenv("HOME");
	unsetenv("XDG_DATA_HOME");
	struct err e = ERR_INIT;
	assert_null(paths_vault_file(&e));
	assert_int_equal(e.code, ERR_CONFIG);
	assert_non_null(strstr(e.msg, "HOME"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_xdg_variables_win),
		cmocka_unit_test(test_home_fallback_and_relative_ignored),
		cmocka_unit_test(test_no_home),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

/* test_fsutil.c — atomic saves (including faults at every step), private
 * modes, mkdir -p, bounded whole-file reads. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <signal.h>
#include <unistd.h>

#include <cmocka.h>

#include "fsutil.h"
#include "testutil.h"
#include "xmalloc.h"

static void test_save_and_read(void **state)
{
	(void)state;
	char *dir = testutil_tmpdir_make("fsutil");
	char *path = xasprintf("%s/file", dir);
	struct err e = ERR_INIT;
	assert_true(fsutil_save_atomic(path, "one", 3, 0600, &e));
	assert_true(fsutil_save_atomic(path, "second", 6, 0600, &e));
	size_t len = 0;
	char *data = fsutil_read_file(path, 100, &len, &e);
	assert_non_null(data);
	assert_int_equal(len, 6);
	assert_string_equal(data, "second");
	free(data);
	struct stat st;
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0600);
	assert_int_equal(testutil_tmpdir_count(dir), 1);
	free(path);
	testutil_tmpdir_remove(dir);
}

static void test_read_limits(void **state)
{
	(void)state;
	char *dir = testutil_tmpdir_make("fsutil");
	char *path = xasprintf("%s/big", dir);
	struct err e = ERR_INIT;
	assert_true(fsutil_save_atomic(path, "0123456789", 10, 0600, &e));
	assert_null(fsutil_read_file(path, 9, NULL, &e));
	assert_int_equal(e.code, ERR_RANGE);
	char *missing = xasprintf("%s/missing", dir);
	assert_null(fsutil_read_file(missing, 9, NULL, &e));
	assert_int_equal(e.code, ERR_NOT_FOUND);
	assert_null(fsutil_read_file(dir, 9, NULL, &e));
	assert_int_equal(e.code, ERR_IO);
	free(missing);
	free(path);
	testutil_tmpdir_remove(dir);
}

static int fault_at;

static bool fault_hook(enum fsutil_step step, void *arg)
{
	(void)arg;
	return (int)step != fault_at;
}

/* A failure injected at each step leaves the old content (before the
 * rename) or the new one (after it), and never a temp file. */
static void test_fault_at_every_step(void **state)
{
	(void)state;
	for (fault_at = FSUTIL_STEP_CREATED; fault_at <= FSUTIL_STEP_DIR_SYNCED; fault_at++) {
		char *dir = testutil_tmpdir_make("fsutil");
		char *path = xasprintf("%s/f", dir);
		struct err e = ERR_INIT;
		assert_true(fsutil_save_atomic(path, "old", 3, 0600, &e));
		fsutil_set_hook(fault_hook, NULL);
		assert_false(fsutil_save_atomic(path, "new", 3, 0600, &e));
		fsutil_set_hook(NULL, NULL);
		assert_int_equal(e.code, ERR_IO);
		char *data = fsutil_read_file(path, 100, NULL, &e);
		assert_non_null(data);
		assert_string_equal(data, fault_at >= FSUTIL_STEP_RENAMED ? "new" : "old");
		assert_int_equal(testutil_tmpdir_count(dir), 1);
		free(data);
		free(path);
		testutil_tmpdir_remove(dir);
	}
}

static bool kill_hook(enum fsutil_step step, void *arg)
{
	if ((int)step == *(int *)arg)
		raise(SIGKILL);
	return true;
}

/* A process killed at any step leaves a readable old-or-new file. */
static void test_kill_at_every_step(void **state)
{
	(void)state;
	for (int step = FSUTIL_STEP_CREATED; step <= FSUTIL_STEP_DIR_SYNCED; step++) {
		char *dir = testutil_tmpdir_make("fsutil");
		char *path = xasprintf("%s/f", dir);
		assert_true(fsutil_save_atomic(path, "old", 3, 0600, NULL));
		pid_t pid = fork();
		assert_true(pid >= 0);
		if (pid == 0) {
			fsutil_set_hook(kill_hook, &step);
			fsutil_save_atomic(path, "new", 3, 0600, NULL);
			_exit(0);
		}
		int status;
		assert_int_equal(waitpid(pid, &status, 0), pid);
		assert_true(WIFSIGNALED(status));
		char *data = fsutil_read_file(path, 100, NULL, NULL);
		assert_non_null(data);
		assert_true(strcmp(data, "old") == 0 || strcmp(data, "new") == 0);
		free(data);
		free(path);
		testutil_tmpdir_remove(dir);
	}
}

static void test_mkdir_p_and_private(void **state)
{
	(void)state;
	char *dir = testutil_tmpdir_make("fsutil");
	char *deep = xasprintf("%s/a/b/c", dir);
	struct err e = ERR_INIT;
	assert_true(fsutil_mkdir_p(deep, 0700, &e));
	assert_true(fsutil_mkdir_p(deep, 0700, &e));
	assert_true(fsutil_check_private(deep, &e));
	assert_int_equal(chmod(deep, 0755), 0);
	assert_false(fsutil_check_private(deep, &e));
	assert_int_equal(e.code, ERR_PERM);
	assert_non_null(strstr(e.msg, "chmod 700"));
	char *file = xasprintf("%s/v", deep);
	assert_true(fsutil_save_atomic(file, "x", 1, 0644, &e));
	assert_false(fsutil_check_private(file, &e));
	assert_non_null(strstr(e.msg, "chmod 600"));
	unlink(file);
	free(file);
	char *p = xasprintf("%s/a/b/c", dir);
	rmdir(p);
	free(p);
	p = xasprintf("%s/a/b", dir);
	rmdir(p);
	free(p);
	p = xasprintf("%s/a", dir);
	rmdir(p);
	free(p);
	free(deep);
	testutil_tmpdir_remove(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_save_and_read),
		cmocka_unit_test(test_read_limits),
		cmocka_unit_test(test_fault_at_every_step),
		cmocka_unit_test(test_kill_at_every_step),
		cmocka_unit_test(test_mkdir_p_and_private),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

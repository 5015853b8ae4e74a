/* test_log.c — the debug log: private mode, appending, timestamps, control
 * characters, and never blocking on a reader that does not read. */
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "fsutil.h"
#include "log.h"
#include "xmalloc.h"

struct fixture {
	char dir[64];
	char *path;
};

static int setup(void **state)
{
	struct fixture *f = xcalloc(1, sizeof *f);
	strcpy(f->dir, "/tmp/bankterm-log-XXXXXX");
	assert_non_null(mkdtemp(f->dir));
	f->path = xasprintf("%s/debug.log", f->dir);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	unlink(f->path);
	rmdir(f->dir);
	free(f->path);
	free(f);
	return 0;
}

static char *read_all(const char *path)
{
	struct err e = ERR_INIT;
	char *data = fsutil_read_file(path, 1 << 20, NULL, &e);
	assert_non_null(data);
	return data;
}

static void test_creates_private_and_appends(void **state)
{
	struct fixture *f = *state;
	mode_t old = umask(0);
	struct err e = ERR_INIT;
	struct log *l = log_open(f->path, &e);
	umask(old);
	assert_non_null(l);
	log_printf(l, "first %d", 1);
	log_free(&l);
	assert_null(l);
	l = log_open(f->path, &e);
	assert_non_null(l);
	log_printf(l, "second");
	log_free(&l);

	struct stat st;
	assert_int_equal(stat(f->path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	char *data = read_all(f->path);
	char *second = strchr(data, '\n');
	assert_non_null(second);
	second++;
	/* "2026-11-23T23:42:26.123Z first 1" */
	assert_int_equal(data[4], '-');
	assert_int_equal(data[10], 'T');
	assert_int_equal(data[19], '.');
	assert_int_equal(data[23], 'Z');
	assert_memory_equal(data + 24, " first 1\n", 9);
	assert_memory_equal(second + 24, " second\n", 8);
	assert_int_equal(second[32], '\0');
	free(data);
}

static void test_existing_file_made_private(void **state)
{
	struct fixture *f = *state;
	int fd = open(f->path, O_WRONLY | O_CREAT, 0600);
	assert_true(fd >= 0);
	assert_int_equal(fchmod(fd, 0644), 0);
	close(fd);
	struct err e = ERR_INIT;
	struct log *l = log_open(f->path, &e);
	assert_non_null(l);
	log_free(&l);
	struct stat st;
	assert_int_equal(stat(f->path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
}

static void test_control_characters_cannot_forge_lines(void **state)
{
	struct fixture *f = *state;
	struct err e = ERR_INIT;
	struct log *l = log_open(f->path, &e);
	assert_non_null(l);
	log_printf(l, "status %s", "OK\n2026-01-01T00:00:00.000Z fake\x1b[2J");
	log_free(&l);
	char *data = read_all(f->path);
	assert_string_equal(data + 24, " status OK?2026-01-01T00:00:00.000Z fake?[2J\n");
	free(data);
}

static void test_open_failure_names_file(void **state)
{
	struct fixture *f = *state;
	char *bad = xasprintf("%s/missing/dir/log", f->dir);
	struct err e = ERR_INIT;
	assert_null(log_open(bad, &e));
	assert_int_equal(e.code, ERR_IO);
	assert_non_null(strstr(e.msg, bad));
	free(bad);
}

static void test_null_log_is_a_no_op(void **state)
{
	(void)state;
	struct log *l = NULL;
	log_printf(l, "nothing %d", 1);
	assert_int_equal(log_dropped(l), 0);
	log_free(&l);
	assert_null(l);
}

/* A FIFO whose reader never reads: the pipe fills, lines are dropped rather
 * than waited for, and the first line after draining says so. */
static void test_full_pipe_drops_instead_of_blocking(void **state)
{
	struct fixture *f = *state;
	assert_int_equal(mkfifo(f->path, 0600), 0);
	int rd = open(f->path, O_RDONLY | O_NONBLOCK);
	assert_true(rd >= 0);
	struct err e = ERR_INIT;
	struct log *l = log_open(f->path, &e);
	assert_non_null(l);
	char chunk[200];
	memset(chunk, 'x', sizeof chunk - 1);
	chunk[sizeof chunk - 1] = '\0';
	for (int i = 0; i < 2000; i++)
		log_printf(l, "%s", chunk);
	uint64_t dropped = log_dropped(l);
	assert_true(dropped > 0);
	char sink[4096];
	while (read(rd, sink, sizeof sink) > 0)
		;
	log_printf(l, "after");
	assert_int_equal(log_dropped(l), dropped);
	ssize_t n = read(rd, sink, sizeof sink - 1);
	assert_true(n > 0);
	sink[n] = '\0';
	char *want = xasprintf(" after [%llu earlier lines dropped]\n", (unsigned long long)dropped);
	assert_string_equal(sink + 24, want);
	free(want);
	log_free(&l);
	close(rd);
}

static void test_long_line_truncated_whole(void **state)
{
	struct fixture *f = *state;
	struct err e = ERR_INIT;
	struct log *l = log_open(f->path, &e);
	assert_non_null(l);
	char *big = xmalloc(10000);
	memset(big, 'y', 9999);
	big[9999] = '\0';
	log_printf(l, "%s", big);
	free(big);
	log_free(&l);
	char *data = read_all(f->path);
	size_t len = strlen(data);
	assert_true(len < 4096);
	assert_memory_equal(data + len - 4, "...\n", 4);
	free(data);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_creates_private_and_appends, setup, teardown),
		cmocka_unit_test_setup_teardown(test_existing_file_made_private, setup, teardown),
		cmocka_unit_test_setup_teardown(test_control_characters_cannot_forge_lines, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_open_failure_names_file, setup, teardown),
		cmocka_unit_test(test_null_log_is_a_no_op),
		cmocka_unit_test_setup_teardown(test_full_pipe_drops_instead_of_blocking, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_long_line_truncated_whole, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

/* testutil.c — scratch directories for tests (see testutil.h). */
#include "testutil.h"

#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "fsutil.h"
#include "xmalloc.h"

char *testutil_tmpdir_make(const char *prefix)
{
	char *tmpl = xasprintf("/tmp/bankterm-%s-XXXXXX", prefix);
	assert_non_null(mkdtemp(tmpl));
	return tmpl;
}

void testutil_tmpdir_remove(char *dir)
{
	chmod(dir, 0700);
	DIR *d = opendir(dir);
	assert_non_null(d);
	struct dirent *ent;
	while ((ent = readdir(d)) != NULL) {
		if (strcmp(ent->d_name, ".") == 0 || strcmp(ent->d_name, "..") == 0)
			continue;
		char *p = xasprintf("%s/%s", dir, ent->d_name);
		struct stat st;
		if (lstat(p, &st) == 0 && S_ISDIR(st.st_mode)) {
			testutil_tmpdir_remove(p);
			continue;
		}
		unlink(p);
		free(p);
	}
	closedir(d);
	rmdir(dir);
	free(dir);
}

int testutil_tmpdir_count(const char *dir)
{
	DIR *d = opendir(dir);
	assert_non_null(d);
	int n = 0;
	struct dirent *ent;
	while ((ent = readdir(d)) != NULL)
		n += strcmp(ent->d_name, ".") != 0 && strcmp(ent->d_name, "..") != 0;
	closedir(d);
	return n;
}

char *testutil_fixture(const char *name, size_t *len)
{
	char *path = xasprintf("%s/tests/fixtures/%s", TEST_SRCDIR, name);
	struct err e = ERR_INIT;
	char *data = fsutil_read_file(path, 1 << 24, len, &e);
	if (data == NULL)
		fail_msg("%s: %s", path, e.msg);
	free(path);
	return data;
}

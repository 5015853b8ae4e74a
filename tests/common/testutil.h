/* testutil.h — helpers the cmocka tests share: scratch directories under
 * /tmp that are created per test and removed with everything in them, and
 * the files under tests/fixtures. */
#ifndef BANKTERM_TESTUTIL_H
#define BANKTERM_TESTUTIL_H

#include <stddef.h>

/* Creates /tmp/bankterm-PREFIX-XXXXXX (mode 0700) and returns its path;
 * caller frees it with testutil_tmpdir_remove().  Fails the test on error. */
char *testutil_tmpdir_make(const char *prefix);

/* rm -r of dir (restoring permissions a test may have taken away), then
 * frees the path. */
void testutil_tmpdir_remove(char *dir);

/* Contents of tests/fixtures/NAME (NUL-terminated, caller frees); *len may
 * be NULL.  Fails the test when the file cannot be read. */
char *testutil_fixture(const char *name, size_t *len);

/* Number of entries in dir other than "." and "..". */
int testutil_tmpdir_count(const char *dir);

#endif

/* fsutil.h — file-system helpers every stored file goes through.
 *
 * The rule (docs/ARCHITECTURE.md): a file is never rewritten in place.  A
 * new version is written to a temp file in the same directory, fsync'd,
 * renamed over the old one and the directory fsync'd, so that a crash at any
 * instant leaves either the old or the new content on disk.
 *
 *     struct fsutil_atomic *af = fsutil_atomic_open(path, 0600, &e);
 *     fsutil_atomic_write(af, data, len, &e);   (as often as needed)
 *     fsutil_atomic_commit(&af, &e);            (or fsutil_atomic_abort(&af))
 */
#ifndef BANKTERM_FSUTIL_H
#define BANKTERM_FSUTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "err.h"

struct fsutil_atomic;

/* Creates a temp file next to `path` with the given mode. */
struct fsutil_atomic *fsutil_atomic_open(const char *path, mode_t mode, struct err *e);
/* The temp file's descriptor, for code that streams into it. */
int fsutil_atomic_fd(const struct fsutil_atomic *af);
bool fsutil_atomic_write(struct fsutil_atomic *af, const void *data, size_t len, struct err *e);
/* fsync, close, rename over `path`, fsync the directory; frees *af and sets
 * it to NULL whatever the outcome (on failure the temp file is removed). */
bool fsutil_atomic_commit(struct fsutil_atomic **af, struct err *e);
/* Removes the temp file, frees *af, sets it to NULL.  NULL-safe. */
void fsutil_atomic_abort(struct fsutil_atomic **af);

/* The whole dance for a buffer already in memory. */
bool fsutil_save_atomic(const char *path, const void *data, size_t len, mode_t mode,
			struct err *e);

/* Steps of an atomic save, for fault-injection tests.  The hook is called
 * after each step; returning false makes that step fail as an I/O error
 * would.  A test may also kill the process from inside the hook. */
enum fsutil_step {
	FSUTIL_STEP_CREATED,
	FSUTIL_STEP_WRITTEN,
	FSUTIL_STEP_SYNCED,
	FSUTIL_STEP_RENAMED,
	FSUTIL_STEP_DIR_SYNCED,
};
typedef bool (*fsutil_hook_fn)(enum fsutil_step step, void *arg);
void fsutil_set_hook(fsutil_hook_fn hook, void *arg);

/* mkdir -p with the given mode for every directory it creates. */
bool fsutil_mkdir_p(const char *path, mode_t mode, struct err *e);

/* Reads a whole regular file into a NUL-terminated malloc'd buffer, refusing
 * files larger than max_size.  *len_out may be NULL. */
char *fsutil_read_file(const char *path, size_t max_size, size_t *len_out, struct err *e);

/* Checks that path (a file or directory) is not accessible by group or
 * others; on failure the message names the chmod command that fixes it. */
bool fsutil_check_private(const char *path, struct err *e);

#endif

/* fsutil.c — atomic replacement of files, private directories, whole-file
 * reads (see fsutil.h). */
#include "fsutil.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "xmalloc.h"

struct fsutil_atomic {
	char *path;     /* final name */
	char *tmp_path; /* temp name in the same directory */
	int fd;
};

static fsutil_hook_fn fsutil_hook;
static void *fsutil_hook_arg;

void fsutil_set_hook(fsutil_hook_fn hook, void *arg)
{
	fsutil_hook = hook;
	fsutil_hook_arg = arg;
}

static bool fsutil_step_ok(enum fsutil_step step)
{
	return fsutil_hook == NULL || fsutil_hook(step, fsutil_hook_arg);
}

/* The directory part of path ("." when there is none); caller frees. */
static char *fsutil_dirname(const char *path)
{
	const char *slash = strrchr(path, '/');
	if (slash == NULL)
		return xstrdup(".");
	if (slash == path)
		return xstrdup("/");
	return xstrndup(path, (size_t)(slash - path));
}

static bool fsutil_sync_dir(const char *path, struct err *e)
{
	char *dir = fsutil_dirname(path);
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0) {
		err_set_errno(e, ERR_IO, errno, "cannot open directory %s", dir);
		free(dir);
		return false;
	}
	bool ok = fsync(fd) == 0;
	if (!ok)
		err_set_errno(e, ERR_IO, errno, "cannot sync directory %s", dir);
	close(fd);
	free(dir);
	return ok;
}

struct fsutil_atomic *fsutil_atomic_open(const char *path, mode_t mode, struct err *e)
{
	char *dir = fsutil_dirname(path);
	const char *base = strrchr(path, '/');
	base = base != NULL ? base + 1 : path;
	char *tmp = xasprintf("%s/.%s.tmp-XXXXXX", dir, base);
	free(dir);

	int fd = mkstemp(tmp);
	if (fd >= 0)
		(void)fcntl(fd, F_SETFD, FD_CLOEXEC);
	if (fd < 0) {
		err_set_errno(e, ERR_IO, errno, "cannot create a temporary file next to %s", path);
		free(tmp);
		return NULL;
	}
	if (fchmod(fd, mode) != 0) {
		err_set_errno(e, ERR_IO, errno, "cannot set the mode of %s", tmp);
		close(fd);
		unlink(tmp);
		free(tmp);
		return NULL;
	}
	struct fsutil_atomic *af = xcalloc(1, sizeof *af);
	af->path = xstrdup(path);
	af->tmp_path = tmp;
	af->fd = fd;
	if (!fsutil_step_ok(FSUTIL_STEP_CREATED)) {
		err_set(e, ERR_IO, "cannot write %s: injected fault after create", path);
		fsutil_atomic_abort(&af);
		return NULL;
	}
	return af;
}

int fsutil_atomic_fd(const struct fsutil_atomic *af)
{
	return af->fd;
}

bool fsutil_atomic_write(struct fsutil_atomic *af, const void *data, size_t len, struct err *e)
{
	const char *p = data;
	while (len > 0) {
		ssize_t n = write(af->fd, p, len);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return err_set_errno(e, ERR_IO, errno, "cannot write %s", af->tmp_path);
		}
		p += n;
		len -= (size_t)n;
	}
	return true;
}

void fsutil_atomic_abort(struct fsutil_atomic **afp)
{
	struct fsutil_atomic *af = *afp;
	if (af == NULL)
		return;
	if (af->fd >= 0)
		close(af->fd);
	unlink(af->tmp_path);
	free(af->tmp_path);
	free(af->path);
	free(af);
	*afp = NULL;
}

bool fsutil_atomic_commit(struct fsutil_atomic **afp, struct err *e)
{
	struct fsutil_atomic *af = *afp;
	if (!fsutil_step_ok(FSUTIL_STEP_WRITTEN)) {
		err_set(e, ERR_IO, "cannot write %s: injected fault after write", af->path);
		goto fail;
	}
	if (fsync(af->fd) != 0) {
		err_set_errno(e, ERR_IO, errno, "cannot sync %s", af->tmp_path);
		goto fail;
	}
	if (!fsutil_step_ok(FSUTIL_STEP_SYNCED)) {
		err_set(e, ERR_IO, "cannot write %s: injected fault after fsync", af->path);
		goto fail;
	}
	if (close(af->fd) != 0) {
		af->fd = -1;
		err_set_errno(e, ERR_IO, errno, "cannot close %s", af->tmp_path);
		goto fail;
	}
	af->fd = -1;
	if (rename(af->tmp_path, af->path) != 0) {
		err_set_errno(e, ERR_IO, errno, "cannot rename %s to %s", af->tmp_path, af->path);
		goto fail;
	}
	/* From here on the new content is in place; a later failure is
	 * reported but there is no temp file left to remove. */
	bool ok = fsutil_step_ok(FSUTIL_STEP_RENAMED) && fsutil_sync_dir(af->path, e) &&
		  fsutil_step_ok(FSUTIL_STEP_DIR_SYNCED);
	if (!ok && e != NULL && e->code == ERR_OK)
		err_set(e, ERR_IO, "cannot sync the directory of %s: injected fault", af->path);
	free(af->tmp_path);
	free(af->path);
	free(af);
	*afp = NULL;
	return ok;
fail:
	fsutil_atomic_abort(afp);
	return false;
}

bool fsutil_save_atomic(const char *path, const void *data, size_t len, mode_t mode,
			struct err *e)
{
	struct fsutil_atomic *af = fsutil_atomic_open(path, mode, e);
	if (af == NULL)
		return false;
	if (!fsutil_atomic_write(af, data, len, e)) {
		fsutil_atomic_abort(&af);
		return false;
	}
	return fsutil_atomic_commit(&af, e);
}

bool fsutil_mkdir_p(const char *path, mode_t mode, struct err *e)
{
	char *p = xstrdup(path);
	bool ok = true;
	for (char *s = p + 1; ok; s++) {
		if (*s != '/' && *s != '\0')
			continue;
		char c = *s;
		*s = '\0';
		if (mkdir(p, mode) != 0 && errno != EEXIST)
			ok = err_set_errno(e, ERR_IO, errno, "cannot create directory %s", p);
		*s = c;
		if (c == '\0')
			break;
	}
	free(p);
	return ok;
}

char *fsutil_read_file(const char *path, size_t max_size, size_t *len_out, struct err *e)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		err_set_errno(e, errno == ENOENT ? ERR_NOT_FOUND : ERR_IO, errno, "cannot open %s",
			      path);
		return NULL;
	}
	struct stat st;
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		err_set(e, ERR_IO, "%s is not a regular file", path);
		close(fd);
		return NULL;
	}
	if ((unsigned long long)st.st_size > max_size) {
		err_set(e, ERR_RANGE, "%s is too large (%lld bytes; at most %zu expected)", path,
			(long long)st.st_size, max_size);
		close(fd);
		return NULL;
	}
	size_t cap = (size_t)st.st_size + 1, len = 0;
	char *data = xmalloc(cap);
	for (;;) {
		if (len + 1 == cap) {
			if (cap > max_size) {
				err_set(e, ERR_RANGE, "%s grew beyond %zu bytes while reading", path,
					max_size);
				goto fail;
			}
			cap *= 2;
			data = xrealloc(data, cap);
		}
		ssize_t n = read(fd, data + len, cap - 1 - len);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			err_set_errno(e, ERR_IO, errno, "cannot read %s", path);
			goto fail;
		}
		if (n == 0)
			break;
		len += (size_t)n;
	}
	close(fd);
	data[len] = '\0';
	if (len_out != NULL)
		*len_out = len;
	return data;
fail:
	close(fd);
	free(data);
	return NULL;
}

bool fsutil_check_private(const char *path, struct err *e)
{
	struct stat st;
	if (stat(path, &st) != 0)
		return err_set_errno(e, errno == ENOENT ? ERR_NOT_FOUND : ERR_IO, errno,
				     "cannot check %s", path);
	if ((st.st_mode & 077) == 0)
		return true;
	unsigned want = S_ISDIR(st.st_mode) ? 0700 : 0600;
	return err_set(e, ERR_PERM,
		       "%s is accessible by other users (mode %04o); fix it with: chmod %o %s", path,
		       (unsigned)(st.st_mode & 07777), want, path);
}

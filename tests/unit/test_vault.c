/* test_vault.c — the vault file: round trips, tampering with every byte,
 * header bounds checked before any allocation, fresh nonces, crash safety
 * under SIGKILL, file modes, idle lock, passphrase changes, secure memory
 * when mlock fails, and reading passphrases from a descriptor. */
#include <dirent.h>
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "fsutil.h"
#include "testutil.h"
#include "vault/passphrase.h"
#include "vault/secmem.h"
#include "vault/vault.h"
#include "xmalloc.h"

#define PASS "correct horse battery staple"
#define PASS_LEN (sizeof PASS - 1)
#define AUTH_MSG "wrong passphrase or damaged vault"

static unsigned char *slurp(const char *path, size_t *len)
{
	unsigned char *data = (unsigned char *)fsutil_read_file(path, 1u << 26, len, NULL);
	assert_non_null(data);
	return data;
}

static void add_connection(struct vault *v, int i)
{
	char name[64], token[64];
	snprintf(name, sizeof name, "conn/bank%d/type", i);
	assert_true(vault_set(v, name, "bankapi", 7));
	snprintf(name, sizeof name, "conn/bank%d/base_url", i);
	assert_true(vault_set(v, name, "https://bank.example/v1", 23));
	snprintf(name, sizeof name, "conn/bank%d/refresh_token", i);
	snprintf(token, sizeof token, "rt-%d-secret", i);
	assert_true(vault_set(v, name, token, strlen(token)));
}

static void check_connection(struct vault *v, int i)
{
	char name[64], token[64];
	size_t len = 0;
	snprintf(name, sizeof name, "conn/bank%d/refresh_token", i);
	snprintf(token, sizeof token, "rt-%d-secret", i);
	const char *got = vault_get(v, name, &len);
	assert_non_null(got);
	assert_int_equal(len, strlen(token));
	assert_memory_equal(got, token, len);
	assert_int_equal(got[len], '\0');
}

static void round_trip(int n)
{
	char *dir = testutil_tmpdir_make("vault");
	char *path = xasprintf("%s/data/bankterm/vault", dir);
	struct err e = ERR_INIT;
	struct vault *v = NULL;
	assert_true(vault_create(path, PASS, PASS_LEN, VAULT_KDF_INTERACTIVE, &v, &e));
	for (int i = 0; i < n; i++)
		add_connection(v, i);
	assert_true(vault_set(v, "idem/pay-1", "POST /payments 12.00 EUR", 24));
	assert_true(vault_set(v, "empty", "", 0));
	assert_true(vault_save(v, &e));
	vault_free(&v);
	assert_null(v);

	assert_true(vault_open(path, PASS, PASS_LEN, &v, &e));
	assert_int_equal(vault_count_connections(v), n);
	for (int i = 0; i < n; i++)
		check_connection(v, i);
	size_t len = 99;
	assert_non_null(vault_get(v, "empty", &len));
	assert_int_equal(len, 0);
	struct vault_info info;
	vault_get_info(v, &info);
	assert_int_equal(info.entries, 3 * n + 2);
	assert_int_equal(info.connections, n);
	assert_int_equal(info.opslimit, 2);
	assert_int_equal(info.memlimit, 64u << 20);
	vault_free(&v);
	free(path);
	testutil_tmpdir_remove(dir);
}

static void test_round_trip_0(void **state)
{
	(void)state;
	round_trip(0);
}

static void test_round_trip_1(void **state)
{
	(void)state;
	round_trip(1);
}

static void test_round_trip_1000(void **state)
{
	(void)state;
	round_trip(1000);
}

static bool count_cb(const char *name, const void *value, size_t len, void *arg)
{
	(void)name;
	(void)value;
	(void)len;
	return ++*(int *)arg < 3;
}

static void test_entries(void **state)
{
	(void)state;
	struct vault *v = NULL;
	assert_true(vault_from_plaintext("\0\0\0\0", 4, &v, NULL));
	assert_true(vault_set(v, "a", "1", 1));
	assert_true(vault_set(v, "a", "22", 2));
	size_t len;
	assert_memory_equal(vault_get(v, "a", &len), "22", 2);
	assert_int_equal(len, 2);
	/* A value taken from the vault itself may be stored again. */
	for (int i = 0; i < 100; i++) {
		char name[16];
		snprintf(name, sizeof name, "k%d", i);
		assert_true(vault_set(v, name, vault_get(v, "a", NULL), 2));
	}
	assert_true(vault_set(v, "a", vault_get(v, "a", NULL), 2));
	assert_memory_equal(vault_get(v, "k99", NULL), "22", 2);
	assert_true(vault_del(v, "k5"));
	assert_false(vault_del(v, "k5"));
	assert_null(vault_get(v, "k5", NULL));
	assert_false(vault_set(v, "", "x", 1));
	char long_name[VAULT_MAX_NAME + 2];
	memset(long_name, 'n', sizeof long_name - 1);
	long_name[sizeof long_name - 1] = '\0';
	assert_false(vault_set(v, long_name, "x", 1));
	int seen = 0;
	vault_each(v, "k", count_cb, &seen);
	assert_int_equal(seen, 3);
	/* conn/x/type counts; deeper or shallower names do not. */
	assert_true(vault_set(v, "conn/x/type", "simplefin", 9));
	assert_true(vault_set(v, "conn/x/y/type", "bankapi", 7));
	assert_true(vault_set(v, "conn//type", "bankapi", 7));
	assert_int_equal(vault_count_connections(v), 1);
	struct err e = ERR_INIT;
	assert_false(vault_save(v, &e));
	assert_int_equal(e.code, ERR_INVALID);
	vault_free(&v);
}

static void expect_plain_refused(const void *p, size_t len)
{
	struct vault *v = NULL;
	struct err e = ERR_INIT;
	assert_false(vault_from_plaintext(p, len, &v, &e));
	assert_null(v);
	assert_int_equal(e.code, ERR_CORRUPT);
}

static void test_plaintext_parser(void **state)
{
	(void)state;
	static const unsigned char good[] = { 1, 0, 0, 0, 1, 0, 'a', 2, 0, 0, 0, 'h', 'i' };
	struct vault *v = NULL;
	assert_true(vault_from_plaintext(good, sizeof good, &v, NULL));
	assert_memory_equal(vault_get(v, "a", NULL), "hi", 2);
	vault_free(&v);
	for (size_t cut = 0; cut < sizeof good; cut++)
		expect_plain_refused(good, cut);
	static const unsigned char stray[] = { 0, 0, 0, 0, 'x' };
	expect_plain_refused(stray, sizeof stray);
	static const unsigned char dup[] = { 2, 0, 0, 0, 1, 0, 'a', 0, 0, 0, 0,
					     1, 0, 'a', 0, 0, 0, 0 };
	expect_plain_refused(dup, sizeof dup);
	static const unsigned char empty_name[] = { 1, 0, 0, 0, 0, 0, 0, 0, 0, 0 };
	expect_plain_refused(empty_name, sizeof empty_name);
	static const unsigned char nul_name[] = { 1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0 };
	expect_plain_refused(nul_name, sizeof nul_name);
	static const unsigned char huge[] = { 1, 0, 0, 0, 1, 0, 'a', 0xff, 0xff, 0xff, 0xff };
	expect_plain_refused(huge, sizeof huge);
}

/* A small vault made with INTERACTIVE and its master key, derived once. */
struct fixture {
	char *dir, *path;
	unsigned char *img;
	size_t len;
	unsigned char *key;
};

static void fixture_make(struct fixture *f)
{
	f->dir = testutil_tmpdir_make("vault");
	f->path = xasprintf("%s/vault", f->dir);
	struct vault *v = NULL;
	struct err e = ERR_INIT;
	assert_true(vault_create(f->path, PASS, PASS_LEN, VAULT_KDF_INTERACTIVE, &v, &e));
	assert_true(vault_set(v, "conn/nw/refresh_token", "PLAINTEXT-MARKER", 16));
	assert_true(vault_save(v, &e));
	vault_free(&v);
	f->img = slurp(f->path, &f->len);
	assert_true(vault_derive_key(f->img, f->len, PASS, PASS_LEN, &f->key, &e));
}

static void fixture_free(struct fixture *f)
{
	secmem_release(f->key);
	free(f->img);
	free(f->path);
	testutil_tmpdir_remove(f->dir);
}

static void expect_image_refused(const struct fixture *f, const unsigned char *img, size_t len)
{
	struct vault *v = NULL;
	struct err e = ERR_INIT;
	assert_false(vault_open_image(img, len, f->key, NULL, &v, &e));
	assert_null(v);
	assert_int_equal(e.code, ERR_AUTH);
	assert_non_null(strstr(e.msg, AUTH_MSG));
}

/* Through the file layer: the file is refused and left as it was. */
static void expect_file_refused(const struct fixture *f, const unsigned char *img, size_t len)
{
	assert_true(fsutil_save_atomic(f->path, img, len, 0600, NULL));
	struct vault *v = NULL;
	struct err e = ERR_INIT;
	assert_false(vault_open(f->path, PASS, PASS_LEN, &v, &e));
	assert_null(v);
	assert_int_equal(e.code, ERR_AUTH);
	assert_non_null(strstr(e.msg, AUTH_MSG));
	size_t got_len;
	unsigned char *got = slurp(f->path, &got_len);
	assert_int_equal(got_len, len);
	assert_memory_equal(got, img, len);
	assert_int_equal(testutil_tmpdir_count(f->dir), 1);
	free(got);
}

static void test_tamper_every_byte(void **state)
{
	(void)state;
	struct fixture f;
	fixture_make(&f);
	struct vault *v = NULL;
	assert_true(vault_open_image(f.img, f.len, f.key, NULL, &v, NULL));
	vault_free(&v);
	unsigned char *img = xmalloc(f.len + 64);
	for (size_t off = 0; off < f.len; off++) {
		for (unsigned bit = 0; bit < 8; bit += 7) {
			memcpy(img, f.img, f.len);
			img[off] ^= (unsigned char)(1u << bit);
			expect_image_refused(&f, img, f.len);
		}
	}
	for (size_t len = 0; len < f.len; len++)
		expect_image_refused(&f, f.img, len);
	memcpy(img, f.img, f.len);
	for (size_t extra = 1; extra <= 64; extra++) {
		img[f.len + extra - 1] = (unsigned char)extra;
		expect_image_refused(&f, img, f.len + extra);
	}
	/* The same through files, for a byte of every region and a cut. */
	static const size_t offsets[] = { 0, 14, 15, 20, 28, 40, 60, 80 };
	for (size_t i = 0; i < sizeof offsets / sizeof offsets[0]; i++) {
		memcpy(img, f.img, f.len);
		img[offsets[i]] ^= 1;
		expect_file_refused(&f, img, f.len);
	}
	memcpy(img, f.img, f.len);
	expect_file_refused(&f, img, f.len - 1);
	img[f.len] = 0;
	expect_file_refused(&f, img, f.len + 1);
	free(img);
	fixture_free(&f);
}

static void put64(unsigned char *p, uint64_t v)
{
	for (int i = 0; i < 8; i++)
		p[i] = (unsigned char)(v >> (8 * i));
}

/* Every header field changed to another plausible value fails. */
static void test_header_fields_authenticated(void **state)
{
	(void)state;
	struct fixture f;
	fixture_make(&f);
	unsigned char *img = xmalloc(f.len);
	struct {
		size_t off, width;
		uint64_t value;
	} edits[] = {
		{ 14, 1, 2 },         /* version */
		{ 15, 1, 1 },         /* KDF id */
		{ 16, 8, 3 },         /* opslimit, still in bounds */
		{ 24, 8, 128u << 20 }, /* memlimit, still in bounds */
		{ 32, 1, 0x55 },      /* salt */
		{ 48, 1, 0x55 },      /* nonce */
	};
	for (size_t i = 0; i < sizeof edits / sizeof edits[0]; i++) {
		memcpy(img, f.img, f.len);
		if (edits[i].width == 8)
			put64(img + edits[i].off, edits[i].value);
		else
			img[edits[i].off] ^= (unsigned char)edits[i].value;
		expect_image_refused(&f, img, f.len);
	}
	free(img);
	fixture_free(&f);
}

/* Out-of-bounds KDF parameters are refused before any secure allocation or
 * Argon2id run: the counters do not move. */
static void test_kdf_bounds_checked_first(void **state)
{
	(void)state;
	struct fixture f;
	fixture_make(&f);
	unsigned char *img = xmalloc(f.len);
	struct {
		size_t off;
		uint64_t value;
	} bad[] = {
		{ 16, 0 },
		{ 16, 1 },
		{ 16, 65 },
		{ 16, UINT64_MAX },
		{ 24, 0 },
		{ 24, (64u << 20) - 1 },
		{ 24, (4ull << 30) + 1 },
		{ 24, UINT64_MAX },
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		memcpy(img, f.img, f.len);
		put64(img + bad[i].off, bad[i].value);
		assert_true(fsutil_save_atomic(f.path, img, f.len, 0600, NULL));
		unsigned long allocs = secmem_alloc_count(), kdfs = vault_kdf_count();
		struct vault *v = NULL;
		struct err e = ERR_INIT;
		assert_false(vault_open(f.path, PASS, PASS_LEN, &v, &e));
		assert_int_equal(e.code, ERR_AUTH);
		assert_non_null(strstr(e.msg, "outside"));
		assert_int_equal(secmem_alloc_count(), allocs);
		assert_int_equal(vault_kdf_count(), kdfs);
	}
	free(img);
	fixture_free(&f);
}

static void test_fresh_nonce(void **state)
{
	(void)state;
	struct fixture f;
	fixture_make(&f);
	struct vault *v = NULL;
	assert_true(vault_open_image(f.img, f.len, f.key, f.path, &v, NULL));
	size_t l1, l2;
	unsigned char *a = vault_seal(v, &l1);
	unsigned char *b = vault_seal(v, &l2);
	assert_int_equal(l1, l2);
	assert_memory_not_equal(a, b, l1);
	assert_memory_equal(a, b, 48); /* same header up to the nonce */
	assert_true(vault_save(v, NULL));
	size_t l3;
	unsigned char *c = slurp(f.path, &l3);
	assert_int_equal(l3, f.len);
	assert_memory_not_equal(c, f.img, f.len);
	free(a);
	free(b);
	free(c);
	vault_free(&v);
	fixture_free(&f);
}

static int kill_step;

static bool kill_hook(enum fsutil_step step, void *arg)
{
	(void)arg;
	if ((int)step == kill_step)
		raise(SIGKILL);
	return true;
}

/* True when a leftover temp file (a dot file) in dir contains needle;
 * removes the leftovers. */
static bool dir_leaks(const char *dir, const char *needle)
{
	DIR *d = opendir(dir);
	struct dirent *ent;
	bool leak = false;
	while ((ent = readdir(d)) != NULL) {
		if (ent->d_name[0] != '.' || strcmp(ent->d_name, ".") == 0 ||
		    strcmp(ent->d_name, "..") == 0)
			continue;
		char *p = xasprintf("%s/%s", dir, ent->d_name);
		size_t len;
		char *data = fsutil_read_file(p, 1u << 20, &len, NULL);
		leak |= data != NULL && memmem(data, len, needle, strlen(needle)) != NULL;
		free(data);
		unlink(p);
		free(p);
	}
	closedir(d);
	return leak;
}

/* 250 saves killed at every step: the vault always opens with the old or the
 * new content, and no leftover temp file holds plaintext. */
static void test_kill_during_save(void **state)
{
	(void)state;
	struct fixture f;
	fixture_make(&f);
	struct vault *v = NULL;
	assert_true(vault_open_image(f.img, f.len, f.key, f.path, &v, NULL));
	char old_val[32] = "PLAINTEXT-MARKER";
	for (int round = 0; round < 250; round++) {
		char new_val[32];
		snprintf(new_val, sizeof new_val, "PLAINTEXT-R%04d", round);
		kill_step = round % (FSUTIL_STEP_DIR_SYNCED + 2) - 1; /* -1: never */
		pid_t pid = fork();
		assert_true(pid >= 0);
		if (pid == 0) {
			vault_set(v, "conn/nw/refresh_token", new_val, strlen(new_val));
			fsutil_set_hook(kill_hook, NULL);
			_exit(vault_save(v, NULL) ? 0 : 1);
		}
		int status;
		assert_int_equal(waitpid(pid, &status, 0), pid);
		bool killed = WIFSIGNALED(status);
		assert_true(killed == (kill_step >= 0));
		size_t len;
		unsigned char *img = slurp(f.path, &len);
		struct vault *got = NULL;
		assert_true(vault_open_image(img, len, f.key, NULL, &got, NULL));
		size_t vlen;
		const char *val = vault_get(got, "conn/nw/refresh_token", &vlen);
		assert_non_null(val);
		bool is_old = vlen == strlen(old_val) && memcmp(val, old_val, vlen) == 0;
		bool is_new = vlen == strlen(new_val) && memcmp(val, new_val, vlen) == 0;
		assert_true(is_old || is_new);
		/* Before the rename the old content must still be there. */
		if (kill_step >= 0 && kill_step < FSUTIL_STEP_RENAMED)
			assert_true(is_old);
		else
			assert_true(is_new);
		if (is_new)
			strcpy(old_val, new_val);
		assert_false(dir_leaks(f.dir, "PLAINTEXT-"));
		vault_free(&got);
		free(img);
	}
	assert_int_equal(testutil_tmpdir_count(f.dir), 1);
	vault_free(&v);
	fixture_free(&f);
}

static void test_modes(void **state)
{
	(void)state;
	char *dir = testutil_tmpdir_make("vault");
	char *data = xasprintf("%s/share/bankterm", dir);
	char *path = xasprintf("%s/vault", data);
	struct vault *v = NULL;
	struct err e = ERR_INIT;
	assert_true(vault_create(path, PASS, PASS_LEN, VAULT_KDF_INTERACTIVE, &v, &e));
	vault_free(&v);
	struct stat st;
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0600);
	assert_int_equal(stat(data, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0700);

	assert_int_equal(chmod(path, 0644), 0);
	unsigned long kdfs = vault_kdf_count();
	assert_false(vault_open(path, PASS, PASS_LEN, &v, &e));
	assert_int_equal(e.code, ERR_PERM);
	assert_non_null(strstr(e.msg, "chmod 600"));
	struct vault_info info;
	assert_false(vault_peek(path, &info, &e));
	assert_int_equal(e.code, ERR_PERM);
	assert_int_equal(chmod(path, 0600), 0);
	assert_int_equal(chmod(data, 0755), 0);
	assert_false(vault_open(path, PASS, PASS_LEN, &v, &e));
	assert_int_equal(e.code, ERR_PERM);
	assert_non_null(strstr(e.msg, "chmod 700"));
	assert_int_equal(vault_kdf_count(), kdfs);
	assert_int_equal(chmod(data, 0700), 0);
	assert_true(vault_peek(path, &info, &e));
	assert_int_equal(info.version, 1);
	assert_int_equal(info.kdf_id, 2);

	/* No second vault over the first, no empty passphrase. */
	assert_false(vault_create(path, PASS, PASS_LEN, VAULT_KDF_INTERACTIVE, &v, &e));
	assert_non_null(strstr(e.msg, "already exists"));
	char *other = xasprintf("%s/other", data);
	assert_false(vault_create(other, "", 0, VAULT_KDF_INTERACTIVE, &v, &e));
	assert_int_equal(e.code, ERR_INVALID);
	assert_int_equal(access(other, F_OK), -1);
	free(other);
	free(path);
	free(data);
	testutil_tmpdir_remove(dir);
}

static void test_wrong_passphrase_and_passwd(void **state)
{
	(void)state;
	struct fixture f;
	fixture_make(&f);
	struct vault *v = NULL;
	struct err e = ERR_INIT;
	assert_false(vault_open(f.path, "wrong", 5, &v, &e));
	assert_int_equal(e.code, ERR_AUTH);
	assert_string_equal(e.msg, AUTH_MSG);
	assert_true(vault_open(f.path, PASS, PASS_LEN, &v, &e));
	assert_false(vault_passwd(v, "", 0, VAULT_KDF_INTERACTIVE, &e));
	assert_true(vault_passwd(v, "new pass phrase", 15, VAULT_KDF_INTERACTIVE, &e));
	vault_free(&v);
	size_t len;
	unsigned char *img = slurp(f.path, &len);
	assert_memory_not_equal(img + 32, f.img + 32, 16); /* new salt */
	free(img);
	assert_false(vault_open(f.path, PASS, PASS_LEN, &v, &e));
	assert_int_equal(e.code, ERR_AUTH);
	assert_true(vault_open(f.path, "new pass phrase", 15, &v, &e));
	assert_memory_equal(vault_get(v, "conn/nw/refresh_token", NULL), "PLAINTEXT-MARKER", 16);
	vault_free(&v);
	fixture_free(&f);
}

static void test_lock_unlock(void **state)
{
	(void)state;
	struct fixture f;
	fixture_make(&f);
	struct vault *v = NULL;
	struct err e = ERR_INIT;
	assert_true(vault_open_image(f.img, f.len, f.key, f.path, &v, &e));
	unsigned char cache_key[VAULT_KEY_BYTES];
	memcpy(cache_key, vault_cache_key(v), sizeof cache_key);
	assert_true(vault_set(v, "unsaved", "still here", 10));
	vault_lock(v);
	assert_true(vault_is_locked(v));
	assert_null(vault_cache_key(v));
	assert_null(vault_get(v, "unsaved", NULL));
	assert_false(vault_set(v, "x", "y", 1));
	assert_false(vault_save(v, &e));
	assert_false(vault_unlock(v, "nope", 4, &e));
	assert_int_equal(e.code, ERR_AUTH);
	assert_true(vault_is_locked(v));
	assert_true(vault_unlock(v, PASS, PASS_LEN, &e));
	assert_false(vault_is_locked(v));
	assert_memory_equal(vault_get(v, "unsaved", NULL), "still here", 10);
	assert_memory_equal(vault_cache_key(v), cache_key, sizeof cache_key);
	/* The cache key is a subkey, not the master key. */
	assert_memory_not_equal(vault_cache_key(v), f.key, VAULT_KEY_BYTES);
	vault_free(&v);
	fixture_free(&f);
}

/* With RLIMIT_MEMLOCK at 0 secure memory still works and says so once. */
static void test_mlock_failure_warns(void **state)
{
	(void)state;
#if defined(__SANITIZE_ADDRESS__)
	/* AddressSanitizer replaces mlock() with a no-op that always succeeds. */
	skip();
#endif
	int fds[2];
	assert_int_equal(pipe(fds), 0);
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		struct rlimit none = { 0, 0 };
		dup2(fds[1], 2);
		if (setrlimit(RLIMIT_MEMLOCK, &none) != 0 || !secmem_init(NULL))
			_exit(2);
		/* root may lock memory whatever the limit: become nobody. */
		if (geteuid() == 0 && (setgid(65534) != 0 || setuid(65534) != 0))
			_exit(3);
		for (int i = 0; i < 3; i++)
			secmem_release(secmem_alloc(4096));
		_exit(0);
	}
	close(fds[1]);
	char buf[1024] = "";
	size_t len = 0;
	ssize_t n;
	while ((n = read(fds[0], buf + len, sizeof buf - 1 - len)) > 0)
		len += (size_t)n;
	close(fds[0]);
	int status;
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 0);
	const char *warning = strstr(buf, "warning: cannot lock secret memory");
	assert_non_null(warning);
	assert_null(strstr(warning + 1, "warning"));
}

static void test_passphrase_fd(void **state)
{
	(void)state;
	int fds[2];
	assert_int_equal(pipe(fds), 0);
	const char input[] = "first one\nsecond\r\nlast";
	assert_int_equal(write(fds[1], input, sizeof input - 1), (ssize_t)(sizeof input - 1));
	close(fds[1]);
	struct err e = ERR_INIT;
	struct passphrase *p = passphrase_read_fd(fds[0], &e);
	assert_non_null(p);
	assert_string_equal(p->data, "first one");
	assert_int_equal(p->len, 9);
	struct passphrase *q = passphrase_read_fd(fds[0], &e);
	assert_string_equal(q->data, "second");
	assert_false(passphrase_equal(p, q));
	passphrase_free(&q);
	q = passphrase_read_fd(fds[0], &e);
	assert_string_equal(q->data, "last");
	passphrase_free(&q);
	assert_null(passphrase_read_fd(fds[0], &e));
	assert_int_equal(e.code, ERR_CANCELLED);
	close(fds[0]);
	passphrase_free(&p);
	assert_null(p);
	passphrase_free(&p);

	char *big = xmalloc(PASSPHRASE_MAX + 2);
	memset(big, 'x', PASSPHRASE_MAX + 1);
	big[PASSPHRASE_MAX + 1] = '\n';
	assert_int_equal(pipe(fds), 0);
	assert_int_equal(write(fds[1], big, PASSPHRASE_MAX + 2), PASSPHRASE_MAX + 2);
	close(fds[1]);
	assert_null(passphrase_read_fd(fds[0], &e));
	assert_int_equal(e.code, ERR_INVALID);
	close(fds[0]);
	free(big);
	assert_null(passphrase_read_fd(987, &e));
	assert_int_equal(e.code, ERR_IO);
}

static void test_kdf_names(void **state)
{
	(void)state;
	enum vault_kdf k;
	assert_true(vault_kdf_parse("interactive", &k));
	assert_int_equal(k, VAULT_KDF_INTERACTIVE);
	assert_true(vault_kdf_parse("moderate", &k));
	assert_int_equal(k, VAULT_KDF_MODERATE);
	assert_true(vault_kdf_parse("sensitive", &k));
	assert_int_equal(k, VAULT_KDF_SENSITIVE);
	assert_false(vault_kdf_parse("fast", &k));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_round_trip_0),
		cmocka_unit_test(test_round_trip_1),
		cmocka_unit_test(test_round_trip_1000),
		cmocka_unit_test(test_entries),
		cmocka_unit_test(test_plaintext_parser),
		cmocka_unit_test(test_tamper_every_byte),
		cmocka_unit_test(test_header_fields_authenticated),
		cmocka_unit_test(test_kdf_bounds_checked_first),
		cmocka_unit_test(test_fresh_nonce),
		cmocka_unit_test(test_kill_during_save),
		cmocka_unit_test(test_modes),
		cmocka_unit_test(test_wrong_passphrase_and_passwd),
		cmocka_unit_test(test_lock_unlock),
		cmocka_unit_test(test_mlock_failure_warns),
		cmocka_unit_test(test_passphrase_fd),
		cmocka_unit_test(test_kdf_names),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

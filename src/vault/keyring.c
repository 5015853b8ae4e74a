/* keyring.c — the vault key cache in the kernel's user session keyring
 * (see keyring.h).  Built against libkeyutils when meson finds it
 * (HAVE_KEYUTILS); without it every call reports ERR_UNSUPPORTED. */
#include "keyring.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

#ifdef HAVE_KEYUTILS
#include <keyutils.h>
#endif

#include "secmem.h"
#include "vault.h"
#include "xmalloc.h"

#define KEYRING_DESC_PREFIX "bankterm:vault:"

/* The unavailable-keyring note is printed once per process. */
static bool keyring_warned;

static void keyring_warn(const struct err *e, const char *consequence)
{
	if (keyring_warned)
		return;
	keyring_warned = true;
	fprintf(stderr, "bankterm: key cache: %s; %s\n", e->msg, consequence);
}

#ifdef HAVE_KEYUTILS

static char *keyring_desc(const char *vault_path)
{
	return xasprintf(KEYRING_DESC_PREFIX "%s", vault_path);
}

/* errno of a failed keyctl call -> e.  The kernel (or a container's seccomp
 * profile) refusing the syscalls is ERR_UNSUPPORTED; a key that is not
 * there, expired or revoked is ERR_NOT_FOUND. */
static bool keyring_fail(struct err *e, int errnum, const char *what)
{
	switch (errnum) {
	case ENOSYS:
	case EPERM:
	case EACCES:
		return err_set_errno(e, ERR_UNSUPPORTED, errnum,
		                     "the kernel keyring is not available here (%s)", what);
	case ENOKEY:
	case EKEYEXPIRED:
	case EKEYREVOKED:
		return err_set(e, ERR_NOT_FOUND, "no vault key is cached in the kernel keyring");
	default:
		return err_set_errno(e, ERR_IO, errnum, "the kernel keyring failed (%s)", what);
	}
}

static key_serial_t keyring_find(const char *vault_path, struct err *e)
{
	char *desc = keyring_desc(vault_path);
	key_serial_t id =
	    (key_serial_t)keyctl_search(KEY_SPEC_USER_SESSION_KEYRING, "user", desc, 0);
	int errnum = errno;
	free(desc);
	if (id < 0)
		keyring_fail(e, errnum, "keyctl search");
	return id;
}

bool keyring_store(const char *vault_path, const unsigned char *key, unsigned ttl, struct err *e)
{
	if (ttl == 0)
		return err_set(e, ERR_INVALID, "a key cache time of 0 means off; nothing cached");
	char *desc = keyring_desc(vault_path);
	key_serial_t id =
	    add_key("user", desc, key, VAULT_KEY_BYTES, KEY_SPEC_USER_SESSION_KEYRING);
	int errnum = errno;
	free(desc);
	if (id < 0)
		return keyring_fail(e, errnum, "add_key");
	/* Possessor only (the default, made explicit); then the expiry.  A key
	 * that cannot be given an expiry is not left behind. */
	if (keyctl_setperm(id, KEY_POS_ALL | KEY_USR_VIEW) < 0 || keyctl_set_timeout(id, ttl) < 0) {
		errnum = errno;
		keyctl_invalidate(id);
		return keyring_fail(e, errnum, "keyctl set_timeout");
	}
	return true;
}

unsigned char *keyring_fetch(const char *vault_path, struct err *e)
{
	key_serial_t id = keyring_find(vault_path, e);
	if (id < 0)
		return NULL;
	unsigned char *key = secmem_alloc(VAULT_KEY_BYTES);
	long n = keyctl_read(id, (char *)key, VAULT_KEY_BYTES);
	if (n != VAULT_KEY_BYTES) {
		int errnum = errno;
		secmem_release(key);
		if (n < 0)
			keyring_fail(e, errnum, "keyctl read");
		else
			err_set(e, ERR_NOT_FOUND,
			        "the cached vault key has the wrong size; "
			        "ignoring it");
		return NULL;
	}
	return key;
}

bool keyring_clear(const char *vault_path, bool *removed, struct err *e)
{
	if (removed != NULL)
		*removed = false;
	struct err fe = ERR_INIT;
	key_serial_t id = keyring_find(vault_path, &fe);
	if (id < 0) {
		if (fe.code == ERR_NOT_FOUND)
			return true;
		if (e != NULL)
			*e = fe;
		return false;
	}
	/* Invalidate, not just unlink: the key is gone for every keyring that
	 * holds it, and the kernel wipes it now rather than at the next
	 * garbage collection of unreferenced keys. */
	if (keyctl_invalidate(id) < 0 && keyctl_unlink(id, KEY_SPEC_USER_SESSION_KEYRING) < 0)
		return keyring_fail(e, errno, "keyctl invalidate");
	if (removed != NULL)
		*removed = true;
	return true;
}

#else /* !HAVE_KEYUTILS */

static bool keyring_unsupported(struct err *e)
{
	return err_set(e, ERR_UNSUPPORTED,
	               "this bankterm was built without libkeyutils, so the kernel keyring is not "
	               "available (rebuild with libkeyutils-dev installed)");
}

bool keyring_store(const char *vault_path, const unsigned char *key, unsigned ttl, struct err *e)
{
	(void)vault_path;
	(void)key;
	(void)ttl;
	return keyring_unsupported(e);
}

unsigned char *keyring_fetch(const char *vault_path, struct err *e)
{
	(void)vault_path;
	keyring_unsupported(e);
	return NULL;
}

bool keyring_clear(const char *vault_path, bool *removed, struct err *e)
{
	(void)vault_path;
	if (removed != NULL)
		*removed = false;
	return keyring_unsupported(e);
}

#endif /* HAVE_KEYUTILS */

bool keyring_open_vault(const char *path, unsigned ttl, struct vault **out)
{
	if (ttl == 0)
		return false;
	struct err e = ERR_INIT;
	unsigned char *key = keyring_fetch(path, &e);
	if (key == NULL) {
		if (e.code != ERR_NOT_FOUND)
			keyring_warn(&e, "asking for the passphrase instead");
		return false;
	}
	bool ok = vault_open_key(path, key, out, &e);
	secmem_release(key);
	if (!ok && e.code == ERR_AUTH) {
		/* Cached before a `vault passwd`: useless now. */
		keyring_clear(path, NULL, NULL);
		fprintf(stderr, "bankterm: key cache: the cached key no longer opens the vault "
		                "(passphrase changed?); dropped it\n");
	}
	return ok;
}

void keyring_remember(const struct vault *v, unsigned ttl)
{
	const unsigned char *key = vault_master_key(v);
	if (ttl == 0 || key == NULL || vault_path(v) == NULL)
		return;
	struct err e = ERR_INIT;
	if (!keyring_store(vault_path(v), key, ttl, &e))
		keyring_warn(&e, "the key is not cached");
}

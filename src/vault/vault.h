/* vault.h — the encrypted credentials file (format: bankterm-vault(5)).
 *
 * A vault is a list of named secret entries (name -> bytes) sealed with
 * XChaCha20-Poly1305 under a key derived from the passphrase with Argon2id.
 * The header (magic, version, KDF parameters, salt, nonce) is the associated
 * data, so changing any byte of the file makes it fail to open.
 *
 * Entry names used by bankterm (the value formats belong to their owners):
 *   conn/NAME/FIELD   one field of a connection (type, base_url, refresh_token,
 *                     access_url, ...); a connection exists when conn/NAME/type does
 *   idem/KEY          a pending payment's Idempotency-Key (value: request summary)
 *   anything else     free-form items
 *
 *     struct vault *v;
 *     vault_create(path, pass, len, VAULT_KDF_MODERATE, &v, &e);   or vault_open(...)
 *     vault_set(v, "conn/nw/type", "bankapi", 7);
 *     vault_save(v, &e);
 *     vault_free(&v);
 *
 * The vault owns all entry memory; it lives in secure memory (secmem.h) and
 * is wiped on vault_lock and vault_free.  Pointers returned by vault_get stay
 * valid until the next vault_set/vault_del/vault_lock/vault_free. */
#ifndef BANKTERM_VAULT_H
#define BANKTERM_VAULT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "err.h"

#define VAULT_KEY_BYTES 32
#define VAULT_HEADER_BYTES 72
#define VAULT_FORMAT_VERSION 1
/* Largest vault file bankterm reads. */
#define VAULT_MAX_FILE (64u * 1024 * 1024)
/* Longest entry name. */
#define VAULT_MAX_NAME 1024

/* libsodium's Argon2id presets. */
enum vault_kdf {
	VAULT_KDF_KEEP = -1,   /* vault_passwd: keep the vault's current cost */
	VAULT_KDF_INTERACTIVE, /* opslimit 2, memlimit 64 MiB */
	VAULT_KDF_MODERATE,    /* opslimit 3, memlimit 256 MiB (the default) */
	VAULT_KDF_SENSITIVE,   /* opslimit 4, memlimit 1 GiB */
};

/* "interactive", "moderate", "sensitive" -> *out; false for anything else. */
bool vault_kdf_parse(const char *name, enum vault_kdf *out);

/* What `vault info` shows: never a secret. */
struct vault_info {
	unsigned version;
	unsigned kdf_id;   /* 2 = Argon2id v1.3 */
	uint64_t opslimit;
	uint64_t memlimit; /* bytes */
	size_t entries;
	size_t connections;
	bool locked;
};

struct vault;

/* Makes a new empty vault at path (refusing to overwrite one), creating its
 * directory with mode 0700, and saves it.  The passphrase must not be empty. */
bool vault_create(const char *path, const char *pass, size_t pass_len, enum vault_kdf kdf,
		  struct vault **out, struct err *e);

/* Opens and decrypts the vault at path.  A wrong passphrase or any damage
 * gives ERR_AUTH "wrong passphrase or damaged vault"; a file or directory
 * open to others gives ERR_PERM naming the chmod that fixes it. */
bool vault_open(const char *path, const char *pass, size_t pass_len, struct vault **out,
		struct err *e);

/* Reads only the header of the vault at path (no passphrase needed). */
bool vault_peek(const char *path, struct vault_info *info, struct err *e);

/* Writes the vault back atomically, with a fresh nonce. */
bool vault_save(struct vault *v, struct err *e);

/* Re-keys the vault with a new passphrase, a new salt and the given KDF
 * cost (VAULT_KDF_KEEP: the current one), and saves it.  On failure the
 * vault on disk is unchanged. */
bool vault_passwd(struct vault *v, const char *new_pass, size_t new_len, enum vault_kdf kdf,
		  struct err *e);

/* Wipes and frees everything, including the key.  NULL-safe; sets *vp NULL. */
void vault_free(struct vault **vp);

/* Entries.  Setting an existing name replaces its value.  All fail (false /
 * NULL) while the vault is locked. */
bool vault_set(struct vault *v, const char *name, const void *value, size_t len);
const void *vault_get(const struct vault *v, const char *name, size_t *len);
bool vault_del(struct vault *v, const char *name);
/* Calls cb for every entry whose name starts with prefix ("" for all), in
 * insertion order; stops early when cb returns false. */
typedef bool (*vault_each_fn)(const char *name, const void *value, size_t len, void *arg);
void vault_each(const struct vault *v, const char *prefix, vault_each_fn cb, void *arg);
size_t vault_count_connections(const struct vault *v);

void vault_get_info(const struct vault *v, struct vault_info *info);
const char *vault_path(const struct vault *v);

/* Idle lock: seals the current entries in memory under the key (so nothing
 * unsaved is lost), then wipes the key and the entries.  vault_unlock
 * derives the key again from the passphrase and restores them; a wrong
 * passphrase gives ERR_AUTH and leaves the vault locked. */
void vault_lock(struct vault *v);
bool vault_unlock(struct vault *v, const char *pass, size_t pass_len, struct err *e);
bool vault_is_locked(const struct vault *v);

/* The subkey for the offline cache (see cache.h), or NULL while locked.
 * Owned by the vault. */
const unsigned char *vault_cache_key(const struct vault *v);

/* The master key (VAULT_KEY_BYTES, what vault_derive_key makes), or NULL
 * while locked.  Owned by the vault; only for the opt-in keyring cache
 * (keyring.h), which lets a later process skip Argon2id. */
const unsigned char *vault_master_key(const struct vault *v);

/* vault_open with a master key from the keyring cache instead of a
 * passphrase: the same permission checks, and ERR_AUTH when the key does not
 * open this file (say, after `vault passwd`). */
bool vault_open_key(const char *path, const unsigned char *master_key, struct vault **out,
		    struct err *e);

/* Key-level layer, used by the file layer and by tests that must not pay
 * for Argon2id in a loop.  vault_derive_key runs Argon2id with the
 * parameters of an image's header (checking their bounds first) into a
 * secmem buffer of VAULT_KEY_BYTES the caller releases with
 * secmem_release.  vault_open_image decrypts a whole file image with such a
 * master key; path is remembered for vault_save and may be NULL. */
bool vault_derive_key(const void *image, size_t len, const char *pass, size_t pass_len,
		      unsigned char **key_out, struct err *e);
bool vault_open_image(const void *image, size_t len, const unsigned char *master_key,
		      const char *path, struct vault **out, struct err *e);
/* Builds a keyless vault from a decrypted body (the fuzzer's entry point
 * to the plaintext parser); it cannot be saved. */
bool vault_from_plaintext(const void *plain, size_t len, struct vault **out, struct err *e);
/* Encrypts the vault into a new file image (malloc'd; caller frees), or
 * NULL for a locked or keyless vault. */
unsigned char *vault_seal(struct vault *v, size_t *len_out);

/* Number of Argon2id runs so far (tests prove bad headers are refused first). */
unsigned long vault_kdf_count(void);

#endif

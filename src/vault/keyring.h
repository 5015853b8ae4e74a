/* keyring.h — the opt-in cache of the vault's master key in the Linux kernel
 * keyring, so that non-interactive commands (`bankterm due` in a tmux status
 * line, `bankterm notify` from a systemd timer, shell completion) can open
 * the vault without asking for the passphrase.
 *
 * Off by default; `key_cache = 5m` in [general] (bankterm-config(5)) turns
 * it on.  The key is a "user" key described "bankterm:vault:VAULT_PATH" in
 * the USER SESSION keyring (@us), not the session keyring (@s): @us is
 * shared by every process of the user, which is what lets a systemd user
 * unit or a tmux server started from another login use it; @s would only
 * reach the processes of one login session.  Its permissions are possessor
 * only, and it expires on its own after the configured time, counted from
 * when the passphrase was typed (using the key does not extend it).
 * `bankterm lock` removes it at once.
 *
 * The risk, documented in bankterm(1): while the key is cached, anything
 * running as the user can read it and decrypt the vault.  It is the master
 * key, not the passphrase: `bankterm vault passwd` makes a cached key
 * useless (it is then dropped and the passphrase asked for).
 *
 * Keys handed out by keyring_fetch live in secure memory (secmem.h).
 * Without libkeyutils at build time, or where the kernel refuses keyctl
 * (ENOSYS, EPERM, EACCES: seccomp in containers), every call fails with
 * ERR_UNSUPPORTED and a message saying so. */
#ifndef BANKTERM_VAULT_KEYRING_H
#define BANKTERM_VAULT_KEYRING_H

#include <stdbool.h>

#include "err.h"

struct vault;

/* Caches key (VAULT_KEY_BYTES) for the vault at vault_path for ttl seconds
 * (ttl > 0), replacing a key cached before. */
bool keyring_store(const char *vault_path, const unsigned char *key, unsigned ttl, struct err *e);

/* The cached key for vault_path in a secmem buffer of VAULT_KEY_BYTES the
 * caller releases with secmem_release, or NULL: ERR_NOT_FOUND when none is
 * cached (or it expired), ERR_UNSUPPORTED without a keyring. */
unsigned char *keyring_fetch(const char *vault_path, struct err *e);

/* Removes the cached key for vault_path; *removed (may be NULL) says
 * whether there was one.  Nothing cached is success. */
bool keyring_clear(const char *vault_path, bool *removed, struct err *e);

/* For the commands that open the vault (cmd/unlock.c).  With ttl > 0,
 * opens the vault at path with its cached key and returns true.  Returns
 * false when ttl is 0, nothing is cached, the keyring is unavailable (said
 * once on stderr) or the key no longer opens the vault (it is dropped):
 * the caller then asks for the passphrase. */
bool keyring_open_vault(const char *path, unsigned ttl, struct vault **out);

/* With ttl > 0, caches v's master key for ttl seconds; when the keyring
 * refuses, says so on stderr (the command goes on). */
void keyring_remember(const struct vault *v, unsigned ttl);

#endif

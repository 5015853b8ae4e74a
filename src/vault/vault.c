/* vault.c — the encrypted credentials file: header, Argon2id, the
 * XChaCha20-Poly1305 envelope, the plaintext entry list, idle lock (see
 * vault.h; the byte layout is documented in man/bankterm-vault.5.scd). */
#include "vault.h"

#include <errno.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <sodium.h>

#include "fsutil.h"
#include "secmem.h"
#include "xmalloc.h"

#define VAULT_MAGIC "BANKTERM-VAULT"
#define VAULT_MAGIC_LEN (sizeof VAULT_MAGIC - 1) /* the file holds no terminator */
#define VAULT_KDF_ARGON2ID 2
#define VAULT_SALT_BYTES 16
#define VAULT_NONCE_BYTES 24
#define VAULT_TAG_BYTES 16
/* Header offsets (bankterm-vault(5)). */
#define VAULT_OFF_VERSION 14
#define VAULT_OFF_KDF 15
#define VAULT_OFF_OPS 16
#define VAULT_OFF_MEM 24
#define VAULT_OFF_SALT 32
#define VAULT_OFF_NONCE 48
/* KDF bounds: nothing cheaper than INTERACTIVE, no more than 4 GiB. */
#define VAULT_MIN_OPS 2ull
#define VAULT_MAX_OPS 64ull
#define VAULT_MIN_MEM (64ull << 20)
#define VAULT_MAX_MEM (4ull << 30)
/* crypto_kdf subkey ids under the context "bankterm". */
#define VAULT_SUBKEY_AEAD 1
#define VAULT_SUBKEY_CACHE 2
#define VAULT_KDF_CONTEXT "bankterm"

#define VAULT_AUTH_MSG "wrong passphrase or damaged vault"

struct vault_entry {
	size_t off;        /* in the arena: name, NUL, value, NUL */
	size_t name_len;
	size_t val_len;
};

struct vault {
	char *path;             /* NULL for a vault that only lives in memory */
	uint64_t opslimit;
	uint64_t memlimit;
	unsigned char salt[VAULT_SALT_BYTES];
	unsigned char *keys;    /* secmem: master, aead subkey, cache subkey; NULL when locked */
	unsigned char *arena;   /* secmem: entry bytes, with holes left by deletions */
	size_t arena_len, arena_cap;
	struct vault_entry *ents;
	size_t n_ents, cap_ents;
	size_t plain_size;      /* size of the serialized plaintext */
	unsigned char *sealed;  /* file image kept while locked (not secret) */
	size_t sealed_len;
	bool locked;            /* by vault_lock, until vault_unlock */
};

struct vault_header {
	unsigned version, kdf_id;
	uint64_t opslimit, memlimit;
	const unsigned char *salt;
};

static unsigned long vault_kdf_runs;

unsigned long vault_kdf_count(void)
{
	return vault_kdf_runs;
}

bool vault_kdf_parse(const char *name, enum vault_kdf *out)
{
	static const char *const names[] = { "interactive", "moderate", "sensitive" };
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
		if (strcmp(name, names[i]) == 0) {
			*out = (enum vault_kdf)i;
			return true;
		}
	}
	return false;
}

static void vault_kdf_params(enum vault_kdf kdf, uint64_t *ops, uint64_t *mem)
{
	switch (kdf) {
	case VAULT_KDF_INTERACTIVE:
		*ops = crypto_pwhash_OPSLIMIT_INTERACTIVE;
		*mem = crypto_pwhash_MEMLIMIT_INTERACTIVE;
		return;
	case VAULT_KDF_SENSITIVE:
		*ops = crypto_pwhash_OPSLIMIT_SENSITIVE;
		*mem = crypto_pwhash_MEMLIMIT_SENSITIVE;
		return;
	case VAULT_KDF_MODERATE:
	default:
		*ops = crypto_pwhash_OPSLIMIT_MODERATE;
		*mem = crypto_pwhash_MEMLIMIT_MODERATE;
		return;
	}
}

static uint64_t vault_load64(const unsigned char *p)
{
	uint64_t v = 0;
	for (int i = 7; i >= 0; i--)
		v = v << 8 | p[i];
	return v;
}

static void vault_store64(unsigned char *p, uint64_t v)
{
	for (int i = 0; i < 8; i++)
		p[i] = (unsigned char)(v >> (8 * i));
}

static uint32_t vault_load32(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static void vault_store32(unsigned char *p, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		p[i] = (unsigned char)(v >> (8 * i));
}

/* Reads and bounds-checks a header.  Runs before any key derivation or
 * secure allocation, so a hostile header cannot make us allocate. */
static bool vault_header_parse(const unsigned char *img, size_t len, struct vault_header *h,
			       struct err *e)
{
	if (len < VAULT_HEADER_BYTES + VAULT_TAG_BYTES + 4)
		return err_set(e, ERR_AUTH, VAULT_AUTH_MSG " (the file is too short)");
	if (memcmp(img, VAULT_MAGIC, VAULT_MAGIC_LEN) != 0)
		return err_set(e, ERR_AUTH, VAULT_AUTH_MSG " (not a bankterm vault)");
	h->version = img[VAULT_OFF_VERSION];
	h->kdf_id = img[VAULT_OFF_KDF];
	h->opslimit = vault_load64(img + VAULT_OFF_OPS);
	h->memlimit = vault_load64(img + VAULT_OFF_MEM);
	h->salt = img + VAULT_OFF_SALT;
	if (h->version != VAULT_FORMAT_VERSION)
		return err_set(e, ERR_AUTH,
			       VAULT_AUTH_MSG " (format version %u; this bankterm reads version %u "
					      "- upgrade bankterm if the vault is newer)",
			       h->version, VAULT_FORMAT_VERSION);
	if (h->kdf_id != VAULT_KDF_ARGON2ID)
		return err_set(e, ERR_AUTH, VAULT_AUTH_MSG " (unknown KDF id %u)", h->kdf_id);
	if (h->opslimit < VAULT_MIN_OPS || h->opslimit > VAULT_MAX_OPS)
		return err_set(e, ERR_AUTH,
			       VAULT_AUTH_MSG " (KDF opslimit %llu is outside %llu..%llu)",
			       (unsigned long long)h->opslimit, VAULT_MIN_OPS, VAULT_MAX_OPS);
	if (h->memlimit < VAULT_MIN_MEM || h->memlimit > VAULT_MAX_MEM)
		return err_set(e, ERR_AUTH,
			       VAULT_AUTH_MSG " (KDF memlimit %llu bytes is outside 64 MiB..4 GiB)",
			       (unsigned long long)h->memlimit);
	return true;
}

/* keys holds the master key; fills in the vault and cache subkeys after it. */
static void vault_subkeys(unsigned char *keys)
{
	crypto_kdf_derive_from_key(keys + VAULT_KEY_BYTES, VAULT_KEY_BYTES, VAULT_SUBKEY_AEAD,
				   VAULT_KDF_CONTEXT, keys);
	crypto_kdf_derive_from_key(keys + (size_t)2 * VAULT_KEY_BYTES, VAULT_KEY_BYTES,
				   VAULT_SUBKEY_CACHE, VAULT_KDF_CONTEXT, keys);
}

/* Argon2id into a fresh secmem key block, then the subkeys beside it. */
static unsigned char *vault_kdf_run(const char *pass, size_t pass_len, const unsigned char *salt,
				    uint64_t ops, uint64_t mem, struct err *e)
{
	if (!secmem_init(e))
		return NULL;
	unsigned char *keys = secmem_alloc((size_t)3 * VAULT_KEY_BYTES);
	vault_kdf_runs++;
	if (crypto_pwhash(keys, VAULT_KEY_BYTES, pass, pass_len, salt, ops, (size_t)mem,
			  crypto_pwhash_ALG_ARGON2ID13) != 0) {
		secmem_release(keys);
		err_set(e, ERR_IO,
			"cannot derive the vault key: out of memory (the vault asks for %llu MiB)",
			(unsigned long long)(mem >> 20));
		return NULL;
	}
	vault_subkeys(keys);
	return keys;
}

bool vault_derive_key(const void *image, size_t len, const char *pass, size_t pass_len,
		      unsigned char **key_out, struct err *e)
{
	struct vault_header h;
	if (!vault_header_parse(image, len, &h, e))
		return false;
	unsigned char *keys = vault_kdf_run(pass, pass_len, h.salt, h.opslimit, h.memlimit, e);
	if (keys == NULL)
		return false;
	unsigned char *master = secmem_alloc(VAULT_KEY_BYTES);
	memcpy(master, keys, VAULT_KEY_BYTES);
	secmem_release(keys);
	*key_out = master;
	return true;
}

static struct vault *vault_alloc(const char *path)
{
	struct vault *v = xcalloc(1, sizeof *v);
	v->path = path != NULL ? xstrdup(path) : NULL;
	v->plain_size = 4;
	return v;
}

/* Drops the keys and entries (wiped), keeping path, header and sealed image. */
static void vault_wipe(struct vault *v)
{
	secmem_release(v->keys);
	secmem_release(v->arena);
	v->keys = NULL;
	v->arena = NULL;
	v->arena_len = v->arena_cap = 0;
	free(v->ents);
	v->ents = NULL;
	v->n_ents = v->cap_ents = 0;
	v->plain_size = 4;
}

void vault_free(struct vault **vp)
{
	struct vault *v = *vp;
	if (v == NULL)
		return;
	vault_wipe(v);
	free(v->sealed);
	free(v->path);
	free(v);
	*vp = NULL;
}

static size_t vault_entry_size(size_t name_len, size_t val_len)
{
	return 2 + name_len + 4 + val_len;
}

static long vault_find(const struct vault *v, const char *name, size_t name_len)
{
	for (size_t i = 0; i < v->n_ents; i++) {
		const struct vault_entry *ent = &v->ents[i];
		if (ent->name_len == name_len && memcmp(v->arena + ent->off, name, name_len) == 0)
			return (long)i;
	}
	return -1;
}

/* Makes room for `need` more arena bytes, dropping the holes.  Returns the
 * old arena, which the caller releases once it no longer reads from it. */
static unsigned char *vault_arena_reserve(struct vault *v, size_t need)
{
	if (v->arena != NULL && v->arena_cap - v->arena_len >= need)
		return NULL;
	size_t live = 0;
	for (size_t i = 0; i < v->n_ents; i++)
		live += v->ents[i].name_len + v->ents[i].val_len + 2;
	size_t cap = 2 * (live + need);
	cap = cap < 256 ? 256 : cap;
	unsigned char *arena = secmem_alloc(cap);
	size_t len = 0;
	for (size_t i = 0; i < v->n_ents; i++) {
		struct vault_entry *ent = &v->ents[i];
		size_t n = ent->name_len + ent->val_len + 2;
		memcpy(arena + len, v->arena + ent->off, n);
		ent->off = len;
		len += n;
	}
	unsigned char *old = v->arena;
	v->arena = arena;
	v->arena_len = len;
	v->arena_cap = cap;
	return old;
}

static bool vault_name_ok(const char *name, size_t name_len)
{
	return name_len > 0 && name_len <= VAULT_MAX_NAME && memchr(name, '\0', name_len) == NULL;
}

/* The common insert: name is name_len bytes (not necessarily terminated). */
static bool vault_put(struct vault *v, const char *name, size_t name_len, const void *value,
		      size_t len)
{
	if (!vault_name_ok(name, name_len) || len > (size_t)VAULT_MAX_FILE)
		return false;
	long old = vault_find(v, name, name_len);
	size_t old_size = old >= 0 ? vault_entry_size(name_len, v->ents[old].val_len) : 0;
	size_t new_plain = v->plain_size - old_size + vault_entry_size(name_len, len);
	if (new_plain > VAULT_MAX_FILE - VAULT_HEADER_BYTES - VAULT_TAG_BYTES)
		return false;
	/* value may point into the arena: the old arena lives until it is copied. */
	unsigned char *old_arena = vault_arena_reserve(v, name_len + len + 2);
	unsigned char *dst = v->arena + v->arena_len;
	memcpy(dst, name, name_len);
	dst[name_len] = '\0';
	if (len > 0)
		memcpy(dst + name_len + 1, value, len);
	dst[name_len + 1 + len] = '\0';
	struct vault_entry ent = { v->arena_len, name_len, len };
	v->arena_len += name_len + len + 2;
	secmem_release(old_arena);
	if (old >= 0) {
		struct vault_entry *o = &v->ents[old];
		secmem_wipe(v->arena + o->off, o->name_len + o->val_len + 2);
		*o = ent;
	} else {
		if (v->n_ents == v->cap_ents) {
			v->cap_ents = v->cap_ents ? 2 * v->cap_ents : 16;
			v->ents = xreallocarray(v->ents, v->cap_ents, sizeof *v->ents);
		}
		v->ents[v->n_ents++] = ent;
	}
	v->plain_size = new_plain;
	return true;
}

bool vault_set(struct vault *v, const char *name, const void *value, size_t len)
{
	return !v->locked && vault_put(v, name, strlen(name), value, len);
}

const void *vault_get(const struct vault *v, const char *name, size_t *len)
{
	long i = v->arena != NULL ? vault_find(v, name, strlen(name)) : -1;
	if (i < 0)
		return NULL;
	if (len != NULL)
		*len = v->ents[i].val_len;
	return v->arena + v->ents[i].off + v->ents[i].name_len + 1;
}

bool vault_del(struct vault *v, const char *name)
{
	long i = v->arena != NULL ? vault_find(v, name, strlen(name)) : -1;
	if (i < 0)
		return false;
	struct vault_entry *ent = &v->ents[i];
	v->plain_size -= vault_entry_size(ent->name_len, ent->val_len);
	secmem_wipe(v->arena + ent->off, ent->name_len + ent->val_len + 2);
	memmove(ent, ent + 1, (v->n_ents - (size_t)i - 1) * sizeof *ent);
	v->n_ents--;
	return true;
}

void vault_each(const struct vault *v, const char *prefix, vault_each_fn cb, void *arg)
{
	size_t plen = strlen(prefix);
	for (size_t i = 0; i < v->n_ents; i++) {
		const struct vault_entry *ent = &v->ents[i];
		const char *name = (const char *)v->arena + ent->off;
		if (ent->name_len < plen || memcmp(name, prefix, plen) != 0)
			continue;
		if (!cb(name, name + ent->name_len + 1, ent->val_len, arg))
			return;
	}
}

size_t vault_count_connections(const struct vault *v)
{
	size_t n = 0;
	for (size_t i = 0; i < v->n_ents; i++) {
		const struct vault_entry *ent = &v->ents[i];
		const char *name = (const char *)v->arena + ent->off;
		if (ent->name_len <= 10 || strncmp(name, "conn/", 5) != 0 ||
		    strcmp(name + ent->name_len - 5, "/type") != 0)
			continue;
		/* exactly conn/NAME/type, NAME without a slash */
		const char *slash = memchr(name + 5, '/', ent->name_len - 5);
		n += slash == name + ent->name_len - 5;
	}
	return n;
}

/* Parses the decrypted body (bankterm-vault(5), "Plaintext") into v. */
static bool vault_parse_plain(struct vault *v, const unsigned char *p, size_t len, struct err *e)
{
	if (len < 4)
		return err_set(e, ERR_CORRUPT, "the vault's contents have no entry count");
	uint32_t count = vault_load32(p);
	size_t pos = 4;
	for (uint32_t i = 0; i < count; i++) {
		if (len - pos < 2)
			return err_set(e, ERR_CORRUPT, "the vault's entry %u is cut short", i);
		size_t nlen = (size_t)p[pos] | (size_t)p[pos + 1] << 8;
		pos += 2;
		if (len - pos < nlen + 4)
			return err_set(e, ERR_CORRUPT, "the vault's entry %u is cut short", i);
		const char *name = (const char *)p + pos;
		pos += nlen;
		size_t vlen = vault_load32(p + pos);
		pos += 4;
		if (len - pos < vlen)
			return err_set(e, ERR_CORRUPT, "the vault's entry %u is cut short", i);
		if (!vault_name_ok(name, nlen) || vault_find(v, name, nlen) >= 0)
			return err_set(e, ERR_CORRUPT,
				       "the vault's entry %u has an empty, repeated or bad name",
				       i);
		if (!vault_put(v, name, nlen, p + pos, vlen))
			return err_set(e, ERR_CORRUPT, "the vault's entry %u is too large", i);
		pos += vlen;
	}
	if (pos != len)
		return err_set(e, ERR_CORRUPT, "the vault has %zu stray bytes after its entries",
			       len - pos);
	return true;
}

bool vault_from_plaintext(const void *plain, size_t len, struct vault **out, struct err *e)
{
	struct vault *v = vault_alloc(NULL);
	if (!vault_parse_plain(v, plain, len, e)) {
		vault_free(&v);
		return false;
	}
	*out = v;
	return true;
}

/* Decrypts image with master into v (whose entries must be empty). */
static bool vault_load(struct vault *v, const unsigned char *img, size_t len,
		       const unsigned char *master, struct err *e)
{
	struct vault_header h;
	if (!vault_header_parse(img, len, &h, e))
		return false;
	if (!secmem_init(e))
		return false;
	unsigned char *keys = secmem_alloc((size_t)3 * VAULT_KEY_BYTES);
	memcpy(keys, master, VAULT_KEY_BYTES);
	vault_subkeys(keys);
	size_t clen = len - VAULT_HEADER_BYTES;
	unsigned char *plain = secmem_alloc(clen - VAULT_TAG_BYTES);
	unsigned long long plen = 0;
	if (crypto_aead_xchacha20poly1305_ietf_decrypt(
		    plain, &plen, NULL, img + VAULT_HEADER_BYTES, clen, img, VAULT_HEADER_BYTES,
		    img + VAULT_OFF_NONCE, keys + VAULT_KEY_BYTES) != 0) {
		secmem_release(plain);
		secmem_release(keys);
		return err_set(e, ERR_AUTH, VAULT_AUTH_MSG);
	}
	bool ok = vault_parse_plain(v, plain, (size_t)plen, e);
	secmem_release(plain);
	if (!ok) {
		secmem_release(keys);
		vault_wipe(v);
		return false;
	}
	v->keys = keys;
	v->opslimit = h.opslimit;
	v->memlimit = h.memlimit;
	memcpy(v->salt, h.salt, VAULT_SALT_BYTES);
	return true;
}

bool vault_open_image(const void *image, size_t len, const unsigned char *master_key,
		      const char *path, struct vault **out, struct err *e)
{
	struct vault *v = vault_alloc(path);
	if (!vault_load(v, image, len, master_key, e)) {
		vault_free(&v);
		return false;
	}
	*out = v;
	return true;
}

unsigned char *vault_seal(struct vault *v, size_t *len_out)
{
	if (v->keys == NULL)
		return NULL;
	size_t plen = v->plain_size;
	unsigned char *plain = secmem_alloc(plen);
	vault_store32(plain, (uint32_t)v->n_ents);
	size_t pos = 4;
	for (size_t i = 0; i < v->n_ents; i++) {
		const struct vault_entry *ent = &v->ents[i];
		plain[pos] = (unsigned char)ent->name_len;
		plain[pos + 1] = (unsigned char)(ent->name_len >> 8);
		memcpy(plain + pos + 2, v->arena + ent->off, ent->name_len);
		pos += 2 + ent->name_len;
		vault_store32(plain + pos, (uint32_t)ent->val_len);
		memcpy(plain + pos + 4, v->arena + ent->off + ent->name_len + 1, ent->val_len);
		pos += 4 + ent->val_len;
	}
	size_t len = VAULT_HEADER_BYTES + plen + VAULT_TAG_BYTES;
	unsigned char *img = xmalloc(len);
	memcpy(img, VAULT_MAGIC, VAULT_MAGIC_LEN);
	img[VAULT_OFF_VERSION] = VAULT_FORMAT_VERSION;
	img[VAULT_OFF_KDF] = VAULT_KDF_ARGON2ID;
	vault_store64(img + VAULT_OFF_OPS, v->opslimit);
	vault_store64(img + VAULT_OFF_MEM, v->memlimit);
	memcpy(img + VAULT_OFF_SALT, v->salt, VAULT_SALT_BYTES);
	randombytes_buf(img + VAULT_OFF_NONCE, VAULT_NONCE_BYTES);
	crypto_aead_xchacha20poly1305_ietf_encrypt(img + VAULT_HEADER_BYTES, NULL, plain, plen, img,
						   VAULT_HEADER_BYTES, NULL, img + VAULT_OFF_NONCE,
						   v->keys + VAULT_KEY_BYTES);
	secmem_release(plain);
	*len_out = len;
	return img;
}

/* The vault file, after checking that it and its directory are private;
 * caller frees. */
static unsigned char *vault_read_image(const char *path, size_t *len, struct err *e)
{
	char *copy = xstrdup(path);
	bool ok = fsutil_check_private(dirname(copy), e) && fsutil_check_private(path, e);
	free(copy);
	return ok ? (unsigned char *)fsutil_read_file(path, (size_t)VAULT_MAX_FILE, len, e) : NULL;
}

bool vault_save(struct vault *v, struct err *e)
{
	if (v->keys == NULL)
		return err_set(e, ERR_INVALID, "the vault is locked; unlock it before saving");
	if (v->path == NULL)
		return err_set(e, ERR_INVALID, "this vault has no file to save to");
	size_t len;
	unsigned char *img = vault_seal(v, &len);
	bool ok = fsutil_save_atomic(v->path, img, len, 0600, e);
	free(img);
	return ok;
}

bool vault_create(const char *path, const char *pass, size_t pass_len, enum vault_kdf kdf,
		  struct vault **out, struct err *e)
{
	if (pass_len == 0)
		return err_set(e, ERR_INVALID, "the passphrase is empty; choose a real one");
	struct stat st;
	if (lstat(path, &st) == 0)
		return err_set(e, ERR_INVALID,
			       "%s already exists; use 'bankterm vault passwd' to change its "
			       "passphrase, or move it away to start over",
			       path);
	char *copy = xstrdup(path);
	const char *dir = dirname(copy);
	bool ok = fsutil_mkdir_p(dir, 0700, e) && fsutil_check_private(dir, e);
	free(copy);
	if (!ok || !secmem_init(e))
		return false;
	struct vault *v = vault_alloc(path);
	vault_kdf_params(kdf, &v->opslimit, &v->memlimit);
	randombytes_buf(v->salt, VAULT_SALT_BYTES);
	v->keys = vault_kdf_run(pass, pass_len, v->salt, v->opslimit, v->memlimit, e);
	if (v->keys == NULL || !vault_save(v, e)) {
		vault_free(&v);
		return false;
	}
	*out = v;
	return true;
}

bool vault_open(const char *path, const char *pass, size_t pass_len, struct vault **out,
		struct err *e)
{
	size_t len;
	unsigned char *img = vault_read_image(path, &len, e);
	if (img == NULL)
		return false;
	unsigned char *master = NULL;
	bool ok = vault_derive_key(img, len, pass, pass_len, &master, e) &&
		  vault_open_image(img, len, master, path, out, e);
	secmem_release(master);
	free(img);
	return ok;
}

bool vault_peek(const char *path, struct vault_info *info, struct err *e)
{
	size_t len;
	unsigned char *img = vault_read_image(path, &len, e);
	if (img == NULL)
		return false;
	struct vault_header h;
	bool ok = vault_header_parse(img, len, &h, e);
	free(img);
	if (!ok)
		return false;
	*info = (struct vault_info){ .version = h.version, .kdf_id = h.kdf_id,
				     .opslimit = h.opslimit, .memlimit = h.memlimit,
				     .locked = true };
	return true;
}

bool vault_passwd(struct vault *v, const char *new_pass, size_t new_len, enum vault_kdf kdf,
		  struct err *e)
{
	if (v->keys == NULL)
		return err_set(e, ERR_INVALID, "the vault is locked; unlock it first");
	if (new_len == 0)
		return err_set(e, ERR_INVALID, "the new passphrase is empty; choose a real one");
	uint64_t ops = v->opslimit, mem = v->memlimit;
	if (kdf != VAULT_KDF_KEEP)
		vault_kdf_params(kdf, &ops, &mem);
	unsigned char salt[VAULT_SALT_BYTES];
	randombytes_buf(salt, sizeof salt);
	unsigned char *keys = vault_kdf_run(new_pass, new_len, salt, ops, mem, e);
	if (keys == NULL)
		return false;
	struct vault old = *v;
	v->keys = keys;
	v->opslimit = ops;
	v->memlimit = mem;
	memcpy(v->salt, salt, sizeof salt);
	if (!vault_save(v, e)) {
		secmem_release(keys);
		v->keys = old.keys;
		v->opslimit = old.opslimit;
		v->memlimit = old.memlimit;
		memcpy(v->salt, old.salt, sizeof salt);
		return false;
	}
	secmem_release(old.keys);
	return true;
}

void vault_get_info(const struct vault *v, struct vault_info *info)
{
	*info = (struct vault_info){ .version = VAULT_FORMAT_VERSION,
				     .kdf_id = VAULT_KDF_ARGON2ID,
				     .opslimit = v->opslimit,
				     .memlimit = v->memlimit,
				     .entries = v->n_ents,
				     .connections = vault_count_connections(v),
				     .locked = v->locked };
}

const char *vault_path(const struct vault *v)
{
	return v->path;
}

void vault_lock(struct vault *v)
{
	if (v->keys == NULL)
		return;
	free(v->sealed);
	v->sealed = vault_seal(v, &v->sealed_len);
	vault_wipe(v);
	v->locked = true;
}

bool vault_unlock(struct vault *v, const char *pass, size_t pass_len, struct err *e)
{
	if (!v->locked)
		return true;
	if (v->sealed == NULL)
		return err_set(e, ERR_INVALID, "the vault has nothing to unlock");
	unsigned char *master = NULL;
	bool ok = vault_derive_key(v->sealed, v->sealed_len, pass, pass_len, &master, e) &&
		  vault_load(v, v->sealed, v->sealed_len, master, e);
	secmem_release(master);
	if (ok) {
		free(v->sealed);
		v->sealed = NULL;
		v->sealed_len = 0;
		v->locked = false;
	}
	return ok;
}

bool vault_is_locked(const struct vault *v)
{
	return v->locked;
}

const unsigned char *vault_cache_key(const struct vault *v)
{
	return v->keys != NULL ? v->keys + (size_t)2 * VAULT_KEY_BYTES : NULL;
}

const unsigned char *vault_master_key(const struct vault *v)
{
	return v->keys;
}

bool vault_open_key(const char *path, const unsigned char *master_key, struct vault **out,
		    struct err *e)
{
	size_t len;
	unsigned char *img = vault_read_image(path, &len, e);
	if (img == NULL)
		return false;
	bool ok = vault_open_image(img, len, master_key, path, out, e);
	free(img);
	return ok;
}

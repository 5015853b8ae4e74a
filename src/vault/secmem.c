/* secmem.c — sodium_malloc'd, mlock'ed, wiped-on-free buffers (see secmem.h). */
#include "secmem.h"

#include <stdio.h>
#include <stdlib.h>

#include <sodium.h>

static unsigned long secmem_allocs;
static bool secmem_warned;

bool secmem_init(struct err *e)
{
	if (sodium_init() < 0)
		return err_set(e, ERR_UNSUPPORTED,
			       "cannot initialize libsodium; reinstall libsodium23");
	return true;
}

void *secmem_alloc(size_t n)
{
	secmem_allocs++;
	if (sodium_init() < 0) {
		fputs("bankterm: cannot initialize libsodium\n", stderr);
		abort();
	}
	/* sodium_malloc(0) is valid but returns a buffer we could not mlock;
	 * one byte keeps the two paths the same. */
	size_t size = n ? n : 1;
	void *p = sodium_malloc(size);
	if (p == NULL) {
		fprintf(stderr, "bankterm: out of secure memory (allocating %zu bytes)\n", size);
		abort();
	}
	sodium_memzero(p, size);
	/* sodium_malloc already tries mlock and ignores failure; asking again
	 * is the only way to learn whether the secret may reach swap. */
	if (sodium_mlock(p, size) != 0 && !secmem_warned) {
		secmem_warned = true;
		fputs("bankterm: warning: cannot lock secret memory (RLIMIT_MEMLOCK too low); "
		      "secrets may be written to swap\n",
		      stderr);
	}
	return p;
}

void secmem_release(void *p)
{
	if (p != NULL)
		sodium_free(p);
}

void secmem_wipe(void *p, size_t n)
{
	if (p != NULL && n > 0)
		sodium_memzero(p, n);
}

unsigned long secmem_alloc_count(void)
{
	return secmem_allocs;
}

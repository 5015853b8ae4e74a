/* fuzz_simplefin.c — libFuzzer target for the SimpleFIN Account Set and
 * the Access URL: a parse fails with a message or gives accounts whose
 * money is consistent, and an Access URL whose base URL keeps no
 * credentials; everything is freed. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "providers/simplefin.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data;
	struct err e = ERR_INIT;
	struct simplefin_account_set set;
	if (simplefin_parse_account_set(s, size, &set, &e)) {
		for (size_t i = 0; i < set.n_accounts; i++) {
			const struct simplefin_account *a = &set.accounts[i];
			if ((a->custom_currency == NULL) != (a->account.currency[0] != '\0'))
				abort();
			for (size_t t = 0; t < a->transactions.n; t++)
				if (strcmp(a->transactions.items[t].amount.currency,
					   a->account.currency) != 0)
					abort();
		}
		simplefin_account_set_free(&set);
	} else if (e.msg[0] == '\0' || set.accounts != NULL) {
		abort();
	}
	struct simplefin_access acc;
	if (simplefin_parse_access_url(s, size, &acc, &e)) {
		const char *host = strstr(acc.base_url, "://");
		if (host == NULL)
			abort();
		size_t authority = strcspn(host + 3, "/");
		if (memchr(host + 3, '@', authority) != NULL)
			abort();
		simplefin_access_clear(&acc);
	}
	return 0;
}

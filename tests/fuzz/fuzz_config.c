/* fuzz_config.c — libFuzzer target for the config parser: no crash, leak
 * or UB on any input, at most CONFIG_MAX_DIAGS problems recorded, and
 * whatever parses survives format → parse unchanged. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct config_diags d;
	struct err e = ERR_INIT;
	struct config *cfg = config_parse((const char *)data, size, "fuzz", &d, &e);
	if (d.count > CONFIG_MAX_DIAGS || (cfg == NULL) != (d.count > 0))
		abort();
	if (cfg == NULL)
		return 0;
	char *text = config_format(cfg);
	struct config *again = config_parse(text, strlen(text), "fuzz-saved", &d, &e);
	if (again == NULL || !config_equal(cfg, again))
		abort();
	config_free(&again);
	config_free(&cfg);
	free(text);
	return 0;
}

/* fuzz_retry_after.c — libFuzzer target for http_retry_after_parse: any
 * bytes as a Retry-After value must parse or be refused without a crash, and
 * a parsed delay is never negative. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "net/http.h"
#include "xmalloc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *value = xstrndup((const char *)data, size);
	int64_t delay = -1;
	/* The RFC 9110 example instant, so dates near it give small delays. */
	if (http_retry_after_parse(value, 784111777, &delay) && delay < 0)
		abort();
	free(value);
	return 0;
}

/* fuzz_problem.c — libFuzzer target for application/problem+json (RFC 9457),
 * the body of every failed Bank API answer.  A parse fails with a message
 * and leaves the struct empty, or gives a status that is 0 or an HTTP
 * status, a known type only when "type" is exactly that type's URI, a
 * challenge id that is a valid id and attempts in range; the text the client
 * shows (detail or title) passes sanitize_line with no control byte left.
 * Everything is freed (ASan reports leaks). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "providers/bankapi.h"
#include "providers/json.h"
#include "sanitize.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define FUZZ_PROBLEM_PREFIX "https://bankterm.dev/problems/"

static void fuzz_problem_shown(const char *raw)
{
	if (raw == NULL)
		return;
	char *shown = sanitize_line(raw, strlen(raw));
	for (const unsigned char *p = (const unsigned char *)shown; *p; p++)
		if (*p < 0x20 || *p == 0x7f)
			abort();
	free(shown);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct err e = ERR_INIT;
	struct problem p = { 0 };
	if (!bankapi_parse_problem((const char *)data, size, &p, &e)) {
		if (e.code == ERR_OK || e.msg[0] == '\0' || p.type_uri != NULL || p.title != NULL ||
		    p.detail != NULL || p.challenge_id != NULL || p.method != NULL)
			abort();
		return 0;
	}
	if (p.status != 0 && (p.status < 100 || p.status > 599))
		abort();
	if (p.has_attempts_remaining && (p.attempts_remaining < 0 || p.attempts_remaining > 1000))
		abort();
	if (p.type != PROBLEM_OTHER) {
		size_t n = strlen(FUZZ_PROBLEM_PREFIX);
		if (p.type_uri == NULL || strncmp(p.type_uri, FUZZ_PROBLEM_PREFIX, n) != 0 ||
		    strcmp(p.type_uri + n, problem_type_slug(p.type)) != 0)
			abort();
	}
	if (p.challenge_id != NULL && !json_id_valid(p.challenge_id))
		abort();
	fuzz_problem_shown(p.title);
	fuzz_problem_shown(p.detail);
	problem_clear(&p);
	return 0;
}

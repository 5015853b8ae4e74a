/* fuzz_oauth.c — libFuzzer target for the OAuth answers a bank's token and
 * device endpoints send: the first byte picks the token response, the
 * device authorization response or the RFC 6749 error object, the rest is
 * the body.  A parse fails with a message and leaves the struct empty, or
 * gives the fields the sync code relies on: Bearer tokens and a device code
 * of visible ASCII (they go into headers and form bodies), times in range,
 * an error code that matches its raw name.  Everything is freed (ASan
 * reports leaks). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "providers/bankapi.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void fuzz_oauth_visible(const char *s, bool required)
{
	if (s == NULL) {
		if (required)
			abort();
		return;
	}
	for (const char *p = s; *p; p++)
		if (*p < 0x21 || *p > 0x7e)
			abort();
}

/* A failure has a message and leaves nothing allocated (empty: every
 * pointer the caller would free is NULL). */
static void fuzz_oauth_check(bool ok, const struct err *e, bool empty)
{
	if (!ok && (e->code == ERR_OK || e->msg[0] == '\0' || !empty))
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size == 0)
		return 0;
	const char *s = (const char *)data + 1;
	size_t len = size - 1;
	struct err e = ERR_INIT;
	switch (data[0] % 3) {
	case 0: {
		struct oauth_token t = { 0 };
		bool ok = bankapi_parse_token(s, len, &t, &e);
		fuzz_oauth_check(ok, &e,
		                 t.access_token == NULL && t.token_type == NULL &&
		                     t.refresh_token == NULL && t.scope == NULL);
		if (ok) {
			fuzz_oauth_visible(t.access_token, true);
			fuzz_oauth_visible(t.refresh_token, false);
			if (strcasecmp(t.token_type, "Bearer") != 0 || t.expires_in < 1)
				abort();
		}
		oauth_token_clear(&t);
		break;
	}
	case 1: {
		struct device_authorization d = { 0 };
		bool ok = bankapi_parse_device_authorization(s, len, &d, &e);
		fuzz_oauth_check(ok, &e,
		                 d.device_code == NULL && d.user_code == NULL &&
		                     d.verification_uri == NULL &&
		                     d.verification_uri_complete == NULL);
		if (ok) {
			fuzz_oauth_visible(d.device_code, true);
			if (d.user_code == NULL || d.verification_uri == NULL || d.expires_in < 1 ||
			    d.expires_in > 86400 || d.interval < 1 || d.interval > 3600)
				abort();
		}
		device_authorization_clear(&d);
		break;
	}
	default: {
		struct oauth_error o = { 0 };
		bool ok = bankapi_parse_oauth_error(s, len, &o, &e);
		fuzz_oauth_check(ok, &e, o.error == NULL && o.error_description == NULL);
		if (ok &&
		    (o.error == NULL || (o.code != OAUTH_ERR_OTHER &&
		                         strcmp(oauth_error_code_name(o.code), o.error) != 0)))
			abort();
		oauth_error_clear(&o);
		break;
	}
	}
	return 0;
}

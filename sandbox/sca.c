/* sca.c — TOTP codes and SCA challenges (see sca.h). */
#include "sca.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "db.h"
#include "idem.h"

#define SCA_STEP 30
#define SCA_ATTEMPTS 3

bool sca_totp(sqlite3 *db, int64_t t, char out[SCA_CODE_MAX], struct err *e)
{
	char *hex = db_meta_get(db, "totp_secret");
	unsigned char key[crypto_auth_hmacsha256_KEYBYTES];
	size_t klen = 0;
	bool ok = hex != NULL && sodium_hex2bin(key, sizeof key, hex, strlen(hex), NULL, &klen,
						NULL) == 0 && klen == sizeof key;
	free(hex);
	if (!ok)
		return err_set(e, ERR_NOT_FOUND,
			       "the database has no TOTP secret; seed it first (bankterm-sandbox seed)");
	uint64_t counter = (uint64_t)(t / SCA_STEP);
	unsigned char msg[8];
	for (int i = 7; i >= 0; i--) {
		msg[i] = (unsigned char)(counter & 0xff);
		counter >>= 8;
	}
	unsigned char h[crypto_auth_hmacsha256_BYTES];
	crypto_auth_hmacsha256_state st;
	crypto_auth_hmacsha256_init(&st, key, sizeof key);
	crypto_auth_hmacsha256_update(&st, msg, sizeof msg);
	crypto_auth_hmacsha256_final(&st, h);
	sodium_memzero(key, sizeof key);
	int off = h[sizeof h - 1] & 0x0f;
	uint32_t bin = ((uint32_t)(h[off] & 0x7f) << 24) | ((uint32_t)h[off + 1] << 16) |
		       ((uint32_t)h[off + 2] << 8) | h[off + 3];
	snprintf(out, SCA_CODE_MAX, "%06u", bin % 1000000u);
	return true;
}

/* One step of clock drift either way is accepted, as RFC 6238 §5.2 suggests. */
static bool sca_code_ok(struct api_req *req, const char *code)
{
	for (int d = -1; d <= 1; d++) {
		char want[SCA_CODE_MAX];
		if (sca_totp(req->db, req->now + (int64_t)d * SCA_STEP, want, NULL) &&
		    strcmp(want, code) == 0)
			return true;
	}
	return false;
}

static void sca_challenge(struct api_req *req, struct api_resp *resp, const char *fp)
{
	char id[12] = "ch_";
	api_random_string(id + 3, 8, "ABCDEFGHJKLMNPQRSTUVWXYZ23456789");
	db_run(req->db, NULL,
	       "INSERT INTO sca(id, inst, fingerprint, attempts, state) VALUES(?1, ?2, ?3, ?4,"
	       " 'open')",
	       "ttti", id, req->inst->id, fp, (int64_t)SCA_ATTEMPTS);
	api_problem_ex(resp, json_pack("{s:s, s:s}", "challenge_id", id, "method", "totp"), 401,
		       "sca-required",
		       "Enter the 6-digit code from your authenticator app, then repeat the "
		       "request with SCA-Response: %s:CODE.",
		       id);
}

bool sca_check(struct api_req *req, struct api_resp *resp)
{
	char fp[IDEM_FP_MAX];
	idem_fingerprint(req, fp);
	const char *h = api_header(req, "SCA-Response");
	const char *colon = h != NULL ? strchr(h, ':') : NULL;
	if (colon == NULL || colon - h > 32) {
		sca_challenge(req, resp, fp);
		return false;
	}
	char id[40];
	snprintf(id, sizeof id, "%.*s", (int)(colon - h), h);
	int64_t attempts = db_int(req->db, -1,
				  "SELECT attempts FROM sca WHERE id = ?1 AND inst = ?2"
				  " AND fingerprint = ?3 AND state = 'open'",
				  "ttt", id, req->inst->id, fp);
	if (attempts <= 0) {
		sca_challenge(req, resp, fp);
		return false;
	}
	if (sca_code_ok(req, colon + 1)) {
		db_run(req->db, NULL, "UPDATE sca SET state = 'passed' WHERE id = ?1", "t", id);
		return true;
	}
	attempts--;
	db_run(req->db, NULL, "UPDATE sca SET attempts = ?1, state = ?2 WHERE id = ?3", "itt",
	       attempts, attempts == 0 ? "void" : "open", id);
	api_problem_ex(resp,
		       json_pack("{s:s, s:I}", "challenge_id", id, "attempts_remaining",
				 (json_int_t)attempts),
		       401, "sca-failed",
		       attempts > 0 ? "That code is wrong; %lld attempts remain."
				    : "That code is wrong; the challenge is void (%lld attempts "
				      "remain), repeat the request for a new one.",
		       (long long)attempts);
	return false;
}

/* idem.c — store and replay answers to money-moving POSTs (see idem.h). */
#include "idem.h"

#include <string.h>

#include <sodium.h>

#include "db.h"

void idem_fingerprint(const struct api_req *req, char out[IDEM_FP_MAX])
{
	crypto_hash_sha256_state st;
	unsigned char h[crypto_hash_sha256_BYTES];
	crypto_hash_sha256_init(&st);
	crypto_hash_sha256_update(&st, (const unsigned char *)req->method, strlen(req->method));
	crypto_hash_sha256_update(&st, (const unsigned char *)"\n", 1);
	crypto_hash_sha256_update(&st, (const unsigned char *)req->path, strlen(req->path));
	crypto_hash_sha256_update(&st, (const unsigned char *)"\n", 1);
	crypto_hash_sha256_update(&st, (const unsigned char *)req->body, req->body_len);
	crypto_hash_sha256_final(&st, h);
	sodium_bin2hex(out, IDEM_FP_MAX, h, sizeof h);
}

static bool idem_key_valid(const char *key)
{
	size_t n = strlen(key);
	if (n < 1 || n > 40)
		return false;
	for (size_t i = 0; i < n; i++)
		if (key[i] < 0x20 || key[i] > 0x7e)
			return false;
	return true;
}

enum idem_outcome idem_begin(struct api_req *req, struct api_resp *resp)
{
	const char *key = api_header(req, "Idempotency-Key");
	if (key == NULL || !idem_key_valid(key)) {
		api_problem(resp, 400, "idempotency-key-missing",
			    "This request moves money: send an Idempotency-Key header of 1-40 "
			    "printable ASCII characters, and reuse it when you retry.");
		return IDEM_ANSWERED;
	}
	char fp[IDEM_FP_MAX];
	idem_fingerprint(req, fp);
	sqlite3_stmt *st = db_prepare(req->db, "SELECT fingerprint, status, body FROM idem"
					       " WHERE inst = ?1 AND key = ?2");
	sqlite3_bind_text(st, 1, req->inst->id, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, key, -1, SQLITE_STATIC);
	enum idem_outcome out = IDEM_PROCEED;
	if (sqlite3_step(st) == SQLITE_ROW) {
		if (strcmp((const char *)sqlite3_column_text(st, 0), fp) != 0) {
			api_problem(resp, 422, "idempotency-key-reused",
				    "The Idempotency-Key %.40s was already used for a different "
				    "request; use a new key for a new payment.",
				    key);
			out = IDEM_ANSWERED;
		} else {
			unsigned status = (unsigned)sqlite3_column_int(st, 1);
			api_text(resp, status, (const char *)sqlite3_column_text(st, 2));
			resp->content_type = status >= 400 ? "application/problem+json"
							   : "application/json; charset=utf-8";
			api_add_header(resp, "Idempotent-Replayed", "true");
			out = IDEM_REPLAYED;
		}
	}
	sqlite3_finalize(st);
	return out;
}

void idem_finish(struct api_req *req, const struct api_resp *resp)
{
	if (resp->status == 401 || resp->status == 429 || resp->status >= 500)
		return;
	char fp[IDEM_FP_MAX];
	idem_fingerprint(req, fp);
	db_run(req->db, NULL,
	       "INSERT OR REPLACE INTO idem(inst, key, fingerprint, status, body)"
	       " VALUES(?1, ?2, ?3, ?4, ?5)",
	       "tttit", req->inst->id, api_header(req, "Idempotency-Key"), fp,
	       (int64_t)resp->status, resp->body != NULL ? resp->body : "");
}

/* idem.h — Idempotency-Key handling for money-moving POSTs
 * (docs/bank-api.md §5), and the request fingerprint SCA reuses. */
#ifndef SANDBOX_IDEM_H
#define SANDBOX_IDEM_H

#include <stdbool.h>

#include "api.h"

#define IDEM_FP_MAX 65 /* hex SHA-256 + NUL */

/* Hex SHA-256 of method, path and body. */
void idem_fingerprint(const struct api_req *req, char out[IDEM_FP_MAX]);

enum idem_outcome {
	IDEM_PROCEED,  /* new key: run the handler, then idem_finish */
	IDEM_ANSWERED, /* resp holds a 400/422 problem */
	IDEM_REPLAYED, /* resp holds the stored answer + Idempotent-Replayed */
};

enum idem_outcome idem_begin(struct api_req *req, struct api_resp *resp);

/* Stores the handler's answer under the request's key, except answers
 * that ask the client to retry (401, 429, 5xx). */
void idem_finish(struct api_req *req, const struct api_resp *resp);

#endif

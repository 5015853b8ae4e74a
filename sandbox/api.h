/* api.h — what a sandbox request handler sees and answers.
 *
 * server.c parses the HTTP request into a struct api_req, picks a handler
 * from its route table and sends the struct api_resp the handler filled.
 * Handlers run with the database lock held and inside one SQLite
 * transaction, so they may read and write freely.  Errors are RFC 9457
 * problem+json documents built with api_problem() (docs/bank-api.md §2). */
#ifndef SANDBOX_API_H
#define SANDBOX_API_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <jansson.h>
#include <microhttpd.h>
#include <sqlite3.h>

#include "err.h"

#define API_BODY_MAX ((size_t)64 * 1024)
#define API_PROBLEM_BASE "https://bankterm.dev/problems/"

enum api_cap {
	API_CAP_ACCOUNTS = 1 << 0,
	API_CAP_BILLS = 1 << 1,
	API_CAP_P2P = 1 << 2,
	API_CAP_BNPL = 1 << 3,
};

/* A Bank API institution hosted under /ID. */
struct api_inst {
	const char *id;
	const char *name;
	unsigned caps;
};

/* The Bank API institutions (NULL-terminated) and lookup by path segment. */
extern const struct api_inst *const api_insts[];
const struct api_inst *api_inst_find(const char *id);

/* Process-wide settings the handlers need. */
struct api_config {
	bool auto_approve;
	int64_t token_ttl; /* access-token lifetime, seconds */
	char *base_url;    /* "http://127.0.0.1:PORT", owned */
	int device_interval;          /* seconds; 0 = the default 5 */
	bool slow_down_once;          /* the first poll of each device code: slow_down */
	const char *simplefin_errors; /* NULL, "errors" or "errlist" */
};

struct api_req {
	sqlite3 *db;
	const struct api_config *cfg;
	const struct api_inst *inst; /* NULL for /simplefin */
	struct MHD_Connection *conn;
	const char *method;
	const char *path;   /* the whole request path */
	const char *arg[2]; /* path segments matched by '*' in the route */
	const char *body;   /* NUL-terminated, may contain NULs; never NULL */
	size_t body_len;
	int64_t now;   /* business clock, Unix seconds */
	int64_t today; /* business clock, days since 1970-01-01 */
};

#define API_HEADERS_MAX 4

struct api_resp {
	unsigned status;
	char *body; /* owned, NUL-terminated */
	const char *content_type;
	struct {
		const char *name;
		char *value; /* owned */
	} headers[API_HEADERS_MAX];
	int n_headers;
};

typedef void (*api_handler_fn)(struct api_req *req, struct api_resp *resp);

/* Answers `obj` (the reference is stolen) as JSON with the given status. */
void api_json(struct api_resp *resp, unsigned status, json_t *obj);
/* Answers a plain-text body. */
void api_text(struct api_resp *resp, unsigned status, const char *text);

/* Answers a problem document; `extra` (stolen, may be NULL) adds members
 * such as challenge_id.  `slug` is a name from docs/bank-api.md §2. */
void api_problem_ex(struct api_resp *resp, json_t *extra, unsigned status, const char *slug,
		    const char *fmt, ...) ERR_PRINTF(5, 6);
#define api_problem(resp, status, slug, ...) api_problem_ex(resp, NULL, status, slug, __VA_ARGS__)

/* Adds a response header (value copied). */
void api_add_header(struct api_resp *resp, const char *name, const char *value);
void api_resp_clear(struct api_resp *resp);

const char *api_query(const struct api_req *req, const char *name);
const char *api_header(const struct api_req *req, const char *name);

/* The body as a JSON object; on failure answers 415/400 and returns NULL.
 * The caller owns the returned reference. */
json_t *api_body_object(struct api_req *req, struct api_resp *resp);

/* The value of one field of a form-encoded body, decoded, or NULL (caller
 * frees). */
char *api_form_get(const struct api_req *req, const char *name);

/* Reads a required/optional string member; answers 400 invalid-request and
 * returns false when it is missing (if required) or not a string. */
bool api_get_string(struct api_resp *resp, json_t *obj, const char *name, bool required,
		    const char **out);

/* Reads a Money member that must be in `currency`, positive, with the
 * right decimals; answers invalid-request / invalid-amount /
 * currency-mismatch and returns false otherwise. */
bool api_get_money(struct api_resp *resp, json_t *obj, const char *name, const char *currency,
		   int64_t *minor);

/* Turns one result row into a resource object. */
typedef json_t *(*api_row_fn)(sqlite3_stmt *st);

/* Answers 200 {"KEY": [row(r) for each row of sql]}. */
void api_list(struct api_req *req, struct api_resp *resp, const char *key, const char *sql,
	      api_row_fn row);

/* row() of the first row of sql with ?1 bound to id, or NULL. */
json_t *api_row(sqlite3 *db, const char *sql, const char *id, api_row_fn row);

/* Fills out (n + 1 bytes) with n random characters from alphabet and a NUL
 * (libsodium RNG). */
void api_random_string(char *out, size_t n, const char *alphabet);

#endif

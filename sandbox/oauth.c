/* oauth.c — OAuth 2.0 device authorization grant (RFC 8628) with rotating
 * refresh tokens, as docs/bank-api.md §3 describes.  Errors here are RFC
 * 6749 {"error", "error_description"} objects, not problem+json. */
#include "oauth.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "db.h"
#include "handlers.h"
#include "timeutil.h"
#include "xmalloc.h"

#define OAUTH_DEVICE_TTL 600
#define OAUTH_INTERVAL 5
/* Polls this much early still count as on time (network jitter). */
#define OAUTH_POLL_SLACK_MS 250

static const char oauth_alnum[] =
	"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
/* RFC 8628 §6.1: no vowels, no look-alikes. */
static const char oauth_user_alphabet[] = "BCDFGHJKLMNPQRSTVWXZ";

static void oauth_error(struct api_resp *resp, unsigned status, const char *error,
			const char *description)
{
	api_json(resp, status,
		 json_pack("{s:s, s:s}", "error", error, "error_description", description));
	api_add_header(resp, "Cache-Control", "no-store");
}

void oauth_device_authorization(struct api_req *req, struct api_resp *resp)
{
	char *client = api_form_get(req, "client_id");
	char *scope = api_form_get(req, "scope");
	if (client == NULL || *client == '\0') {
		oauth_error(resp, 400, "invalid_request",
			    "client_id is missing; send client_id=bankterm form-encoded");
		free(client);
		free(scope);
		return;
	}
	char device[41], user[10];
	api_random_string(device, 40, oauth_alnum);
	api_random_string(user, 9, oauth_user_alphabet);
	user[4] = '-';
	const char *state = req->cfg->auto_approve ? "approved" : "pending";
	const char *sc = scope != NULL && *scope != '\0' ? scope : "accounts payments";
	int64_t interval = req->cfg->device_interval > 0 ? req->cfg->device_interval
							 : OAUTH_INTERVAL;
	int64_t expires = timeutil_real_ms() + OAUTH_DEVICE_TTL * INT64_C(1000);
	if (!db_run(req->db, NULL,
		    "INSERT INTO devices(device_code, user_code, inst, scope, state, expires_ms,"
		    " interval) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7)",
		    "tttttii", device, user, req->inst->id, sc, state, expires, interval)) {
		oauth_error(resp, 500, "server_error", "could not store the authorization");
	} else {
		char *uri = xasprintf("%s/%s/device", req->cfg->base_url, req->inst->id);
		char *complete = xasprintf("%s?user_code=%s", uri, user);
		api_json(resp, 200,
			 json_pack("{s:s, s:s, s:s, s:s, s:i, s:i}", "device_code", device,
				   "user_code", user, "verification_uri", uri,
				   "verification_uri_complete", complete, "expires_in",
				   OAUTH_DEVICE_TTL, "interval", (int)interval));
		api_add_header(resp, "Cache-Control", "no-store");
		free(uri);
		free(complete);
	}
	free(client);
	free(scope);
}

/* Issues a new access + refresh token pair and answers it. */
static void oauth_issue(struct api_req *req, struct api_resp *resp, const char *scope)
{
	char access[44] = "at_", refresh[44] = "rt_";
	api_random_string(access + 3, 40, oauth_alnum);
	api_random_string(refresh + 3, 40, oauth_alnum);
	int64_t expires = timeutil_real_ms() + req->cfg->token_ttl * 1000;
	if (!db_run(req->db, NULL,
		    "INSERT INTO tokens(token, kind, inst, scope, expires_ms) VALUES"
		    " (?1, 'access', ?3, ?4, ?5), (?2, 'refresh', ?3, ?4, NULL)",
		    "tttti", access, refresh, req->inst->id, scope, expires)) {
		oauth_error(resp, 500, "server_error", "could not store the tokens");
		return;
	}
	api_json(resp, 200,
		 json_pack("{s:s, s:s, s:I, s:s, s:s}", "access_token", access, "token_type",
			   "Bearer", "expires_in", (json_int_t)req->cfg->token_ttl, "refresh_token",
			   refresh, "scope", scope));
	api_add_header(resp, "Cache-Control", "no-store");
	api_add_header(resp, "Pragma", "no-cache");
}

static void oauth_grant_device(struct api_req *req, struct api_resp *resp, const char *code)
{
	sqlite3_stmt *st = db_query(req->db,
				    "SELECT state, expires_ms, interval, last_poll_ms, scope"
				    " FROM devices WHERE device_code = ?1 AND inst = ?2",
				    "tt", code, req->inst->id);
	if (sqlite3_step(st) != SQLITE_ROW) {
		sqlite3_finalize(st);
		oauth_error(resp, 400, "invalid_grant", "unknown or already used device_code");
		return;
	}
	char *state = xstrdup((const char *)sqlite3_column_text(st, 0));
	int64_t expires = sqlite3_column_int64(st, 1);
	int64_t interval = sqlite3_column_int64(st, 2);
	bool polled = sqlite3_column_type(st, 3) != SQLITE_NULL;
	int64_t last = sqlite3_column_int64(st, 3);
	char *scope = xstrdup((const char *)sqlite3_column_text(st, 4));
	sqlite3_finalize(st);
	int64_t now = timeutil_real_ms();
	db_run(req->db, NULL, "UPDATE devices SET last_poll_ms = ?1 WHERE device_code = ?2", "it",
	       now, code);
	if (strcmp(state, "used") == 0) {
		oauth_error(resp, 400, "invalid_grant", "this device_code was already exchanged");
	} else if (strcmp(state, "denied") == 0) {
		oauth_error(resp, 400, "access_denied", "the customer refused the authorization");
	} else if (now >= expires) {
		oauth_error(resp, 400, "expired_token",
			    "the device_code expired; start a new authorization");
	} else if ((polled && now - last < interval * 1000 - OAUTH_POLL_SLACK_MS) ||
		   (!polled && req->cfg->slow_down_once)) {
		/* RFC 8628 §3.5: the client must add 5 s to its interval. */
		db_run(req->db, NULL,
		       "UPDATE devices SET interval = interval + 5 WHERE device_code = ?1", "t",
		       code);
		oauth_error(resp, 400, "slow_down",
			    "polling too fast; wait 5 more seconds between polls");
	} else if (strcmp(state, "pending") == 0) {
		oauth_error(resp, 400, "authorization_pending",
			    "the customer has not approved the request yet");
	} else {
		db_run(req->db, NULL, "UPDATE devices SET state = 'used' WHERE device_code = ?1",
		       "t", code);
		oauth_issue(req, resp, scope);
	}
	free(state);
	free(scope);
}

static void oauth_grant_refresh(struct api_req *req, struct api_resp *resp, const char *token)
{
	sqlite3_stmt *st = db_query(req->db,
				    "SELECT scope FROM tokens WHERE token = ?1 AND kind = 'refresh'"
				    " AND inst = ?2 AND used = 0",
				    "tt", token, req->inst->id);
	char *scope = NULL;
	if (sqlite3_step(st) == SQLITE_ROW)
		scope = xstrdup((const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	if (scope == NULL) {
		oauth_error(resp, 400, "invalid_grant",
			    "unknown or already used refresh_token; link the account again");
		return;
	}
	db_run(req->db, NULL, "UPDATE tokens SET used = 1 WHERE token = ?1", "t", token);
	oauth_issue(req, resp, scope);
	free(scope);
}

void oauth_token(struct api_req *req, struct api_resp *resp)
{
	char *grant = api_form_get(req, "grant_type");
	char *client = api_form_get(req, "client_id");
	char *code = api_form_get(req, "device_code");
	char *refresh = api_form_get(req, "refresh_token");
	if (grant == NULL || client == NULL || *client == '\0') {
		oauth_error(resp, 400, "invalid_request",
			    "grant_type and client_id are required (form-encoded)");
	} else if (strcmp(grant, "urn:ietf:params:oauth:grant-type:device_code") == 0) {
		if (code == NULL)
			oauth_error(resp, 400, "invalid_request", "device_code is missing");
		else
			oauth_grant_device(req, resp, code);
	} else if (strcmp(grant, "refresh_token") == 0) {
		if (refresh == NULL)
			oauth_error(resp, 400, "invalid_request", "refresh_token is missing");
		else
			oauth_grant_refresh(req, resp, refresh);
	} else {
		oauth_error(resp, 400, "unsupported_grant_type",
			    "use the device_code or refresh_token grant");
	}
	free(grant);
	free(client);
	free(code);
	free(refresh);
}

void oauth_device_page(struct api_req *req, struct api_resp *resp)
{
	char *text = xasprintf("%s sandbox: there is no login page here.\n"
			       "Approve the code with:  bankterm-sandbox approve --db FILE CODE\n"
			       "or start the sandbox with --auto-approve.\n",
			       req->inst->name);
	api_text(resp, 200, text);
	free(text);
}

bool oauth_check_bearer(struct api_req *req, struct api_resp *resp)
{
	const char *h = api_header(req, MHD_HTTP_HEADER_AUTHORIZATION);
	bool ok = false;
	if (h != NULL && strncasecmp(h, "Bearer ", 7) == 0)
		ok = db_int(req->db, 0,
			    "SELECT count(*) FROM tokens WHERE token = ?1 AND kind = 'access'"
			    " AND inst = ?2 AND expires_ms > ?3",
			    "tti", h + 7, req->inst->id, timeutil_real_ms()) > 0;
	if (!ok) {
		api_problem(resp, 401, "invalid-token",
			    "%s; send Authorization: Bearer ACCESS_TOKEN from %s/oauth/token, or "
			    "refresh it.",
			    h == NULL ? "No access token" : "The access token is unknown or expired",
			    req->inst->id);
		api_add_header(resp, MHD_HTTP_HEADER_WWW_AUTHENTICATE,
			       "Bearer error=\"invalid_token\"");
	}
	return ok;
}

bool oauth_decide(sqlite3 *db, const char *user_code, bool approve, struct err *e)
{
	char letters[9], norm[10];
	size_t n = 0;
	for (const char *p = user_code; *p != '\0'; p++) {
		if (*p == '-')
			continue;
		if (!isalpha((unsigned char)*p) || n == 8) {
			n = 0;
			break;
		}
		letters[n++] = (char)toupper((unsigned char)*p);
	}
	if (n != 8)
		return err_set(e, ERR_INVALID, "%.40s is not a user code like WDJB-MJHT", user_code);
	snprintf(norm, sizeof norm, "%.4s-%.4s", letters, letters + 4);
	int64_t pending = db_int(db, 0,
				 "SELECT count(*) FROM devices WHERE user_code = ?1"
				 " AND state = 'pending' AND expires_ms > ?2",
				 "ti", norm, timeutil_real_ms());
	if (pending == 0)
		return err_set(e, ERR_NOT_FOUND,
			       "no pending authorization has the code %s (expired or already "
			       "decided?)",
			       norm);
	return db_run(db, e, "UPDATE devices SET state = ?1 WHERE user_code = ?2", "tt",
		      approve ? "approved" : "denied", norm);
}

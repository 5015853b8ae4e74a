/* conn.h — one linked connection as the sync engine, the link commands and
 * payments see it: what the vault says (type, base_url, secrets) merged with
 * the config's [connection NAME] section (ca_file, pins, display_name), plus
 * the small wire helpers they share (form bodies, bearer headers, saving a
 * rotated refresh token).
 *
 * Vault entries of a connection NAME (bankterm-vault(5)):
 *   conn/NAME/type           "bankapi" or "simplefin"
 *   conn/NAME/base_url       bankapi: the institution's base URL
 *   conn/NAME/refresh_token  bankapi: the current refresh token (rotated on use)
 *   conn/NAME/access_url     simplefin: the Access URL with its credentials
 *
 * Strings handed out that hold secrets live in secure memory (secmem.h) and
 * are released with secmem_release. */
#ifndef BANKTERM_SYNC_CONN_H
#define BANKTERM_SYNC_CONN_H

#include <stdbool.h>
#include <stddef.h>

#include "config.h"
#include "err.h"
#include "net/http.h"

struct vault;

struct conn_info {
	char *name;
	enum config_conn_type type;
	char *base_url;	     /* bankapi only; NULL for simplefin (it is in access_url) */
	char *ca_file;	     /* from the config, or NULL */
	char *pinned_keys;   /* "sha256//A;sha256//B" from the config, or NULL */
	char *display_name;  /* from the config, or NULL */
};

/* Reads connection name from the vault (and cfg, which may be NULL).
 * ERR_NOT_FOUND when the vault has no conn/NAME/type. */
bool conn_info_load(struct conn_info *ci, const struct vault *v, const struct config *cfg,
		    const char *name, struct err *e);
void conn_info_clear(struct conn_info *ci);

/* Copies the connection's TLS settings into req (pointers into ci). */
void conn_info_apply_tls(const struct conn_info *ci, struct http_request *req);

/* True for [A-Za-z0-9_-]{1,CONFIG_NAME_MAX}: names go into vault entry names. */
bool conn_name_valid(const char *name);

/* "conn/NAME/FIELD" (caller frees). */
char *conn_entry_name(const char *name, const char *field);

/* A vault entry's value as a NUL-terminated secmem string, or NULL. */
char *conn_secret_get(const struct vault *v, const char *name, const char *field);

/* Percent-encodes s for an application/x-www-form-urlencoded value and
 * appends it to out (a secmem-free struct buf: do not use it for secrets
 * that must be wiped, see conn_form_secret). */
void conn_form_append(struct buf *out, const char *s);

/* "PREFIX" + percent-encoded secret, in secure memory (the body of a token
 * request). */
char *conn_form_secret(const char *prefix, const char *secret);

/* "Authorization: Bearer TOKEN" in secure memory. */
char *conn_bearer_header(const char *access_token);

/* Stores a rotated refresh token under conn/NAME/refresh_token in the open
 * vault, without saving it (the caller saves soon; the sync engine saves
 * once per loop turn for every connection that rotated). */
bool conn_set_refresh_token(struct vault *v, const char *name, const char *refresh_token,
			    struct err *e);

/* conn_set_refresh_token, then saves the vault.  The old refresh token died
 * when the bank answered, so a failed save means linking again whether or
 * not the new access token was used. */
bool conn_save_refresh_token(struct vault *v, const char *name, const char *refresh_token,
			     struct err *e);

/* Fills req as a POST of an x-www-form-urlencoded body that is never
 * retried: token requests carry one-use codes and refresh tokens, which a
 * resent request would burn.  ci (for TLS; may be NULL), url and body are
 * borrowed. */
void conn_form_request(struct http_request *req, const struct conn_info *ci, const char *url,
		       const char *body);

/* The connection's OAuth token endpoint: base_url + "/oauth/token". */
char *conn_token_url(const struct conn_info *ci);

#endif

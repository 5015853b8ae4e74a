/* conn.c — a linked connection from the vault and the config, and the wire
 * helpers the sync engine, linking and payments share (see conn.h). */
#include "conn.h"

#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "vault/secmem.h"
#include "vault/vault.h"
#include "xmalloc.h"

bool conn_name_valid(const char *name)
{
	size_t n = strlen(name);
	if (n == 0 || n > CONFIG_NAME_MAX)
		return false;
	for (size_t i = 0; i < n; i++) {
		char c = name[i];
		bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
			  (c >= '0' && c <= '9') || c == '_' || c == '-';
		if (!ok)
			return false;
	}
	return true;
}

char *conn_entry_name(const char *name, const char *field)
{
	return xasprintf("conn/%s/%s", name, field);
}

/* The value of conn/NAME/FIELD when it is a string without NUL, else NULL. */
static const char *conn_value(const struct vault *v, const char *name, const char *field,
			      size_t *len)
{
	char *entry = conn_entry_name(name, field);
	const void *val = vault_get(v, entry, len);
	free(entry);
	if (val == NULL || memchr(val, '\0', *len) != NULL)
		return NULL;
	return val;
}

char *conn_secret_get(const struct vault *v, const char *name, const char *field)
{
	size_t len = 0;
	const char *val = conn_value(v, name, field, &len);
	if (val == NULL)
		return NULL;
	char *out = secmem_alloc(len + 1);
	memcpy(out, val, len);
	out[len] = '\0';
	return out;
}

/* A plain (non-secret) vault value as a malloc'd string, or NULL. */
static char *conn_plain_get(const struct vault *v, const char *name, const char *field)
{
	size_t len = 0;
	const char *val = conn_value(v, name, field, &len);
	return val != NULL ? xstrndup(val, len) : NULL;
}

bool conn_info_load(struct conn_info *ci, const struct vault *v, const struct config *cfg,
		    const char *name, struct err *e)
{
	memset(ci, 0, sizeof(*ci));
	if (!conn_name_valid(name))
		return err_set(e, ERR_INVALID,
			       "'%s' is not a connection name; use 1-%d letters, digits, '_' or '-'",
			       name, CONFIG_NAME_MAX);
	char *type = conn_plain_get(v, name, "type");
	if (type == NULL)
		return err_set(e, ERR_NOT_FOUND,
			       "there is no connection called %s; 'bankterm connections' lists them",
			       name);
	if (strcmp(type, "bankapi") == 0) {
		ci->type = CONFIG_CONN_BANKAPI;
	} else if (strcmp(type, "simplefin") == 0) {
		ci->type = CONFIG_CONN_SIMPLEFIN;
	} else {
		free(type);
		return err_set(e, ERR_CORRUPT,
			       "connection %s has an unknown type in the vault; unlink and link it "
			       "again",
			       name);
	}
	free(type);
	ci->name = xstrdup(name);
	if (ci->type == CONFIG_CONN_BANKAPI) {
		ci->base_url = conn_plain_get(v, name, "base_url");
		if (ci->base_url == NULL) {
			conn_info_clear(ci);
			return err_set(e, ERR_CORRUPT,
				       "connection %s has no base_url in the vault; unlink and link "
				       "it again",
				       name);
		}
	}
	const struct config_connection *cc = cfg != NULL ? config_connection_find(cfg, name) : NULL;
	if (cc != NULL) {
		if (cc->ca_file != NULL)
			ci->ca_file = xstrdup(cc->ca_file);
		if (cc->pins[0] != NULL && cc->pins[1] != NULL)
			ci->pinned_keys = xasprintf("%s;%s", cc->pins[0], cc->pins[1]);
		else if (cc->pins[0] != NULL)
			ci->pinned_keys = xstrdup(cc->pins[0]);
		if (cc->display_name != NULL)
			ci->display_name = xstrdup(cc->display_name);
	}
	return true;
}

void conn_info_clear(struct conn_info *ci)
{
	free(ci->name);
	free(ci->base_url);
	free(ci->ca_file);
	free(ci->pinned_keys);
	free(ci->display_name);
	memset(ci, 0, sizeof(*ci));
}

void conn_info_apply_tls(const struct conn_info *ci, struct http_request *req)
{
	req->ca_file = ci->ca_file;
	req->pinned_keys = ci->pinned_keys;
}

static bool conn_unreserved(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '-' || c == '.' || c == '_' || c == '~';
}

void conn_form_append(struct buf *out, const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; *p != '\0'; p++) {
		if (conn_unreserved(*p))
			buf_append_char(out, (char)*p);
		else
			buf_printf(out, "%%%02X", *p);
	}
}

char *conn_form_secret(const char *prefix, const char *secret)
{
	size_t plen = strlen(prefix), slen = strlen(secret);
	char *out = secmem_alloc(plen + 3 * slen + 1);
	memcpy(out, prefix, plen + 1); /* the terminator moves to the end below */
	char *w = out + plen;
	static const char hex[] = "0123456789ABCDEF";
	for (const unsigned char *p = (const unsigned char *)secret; *p != '\0'; p++) {
		if (conn_unreserved(*p)) {
			*w++ = (char)*p;
		} else {
			*w++ = '%';
			*w++ = hex[*p >> 4];
			*w++ = hex[*p & 15];
		}
	}
	*w = '\0';
	return out;
}

char *conn_bearer_header(const char *access_token)
{
	static const char prefix[] = "Authorization: Bearer ";
	size_t plen = sizeof(prefix) - 1, tlen = strlen(access_token);
	char *out = secmem_alloc(plen + tlen + 1);
	memcpy(out, prefix, plen);
	memcpy(out + plen, access_token, tlen + 1);
	return out;
}

bool conn_set_refresh_token(struct vault *v, const char *name, const char *refresh_token,
			    struct err *e)
{
	char *entry = conn_entry_name(name, "refresh_token");
	bool ok = vault_set(v, entry, refresh_token, strlen(refresh_token));
	free(entry);
	if (!ok)
		return err_set(e, ERR_IO, "the vault is locked; unlock it and refresh again");
	return true;
}

bool conn_save_refresh_token(struct vault *v, const char *name, const char *refresh_token,
			     struct err *e)
{
	if (!conn_set_refresh_token(v, name, refresh_token, e))
		return false;
	if (!vault_save(v, e)) {
		err_prefix(e, "could not save the new refresh token of %s", name);
		return false;
	}
	return true;
}

char *conn_token_url(const struct conn_info *ci)
{
	return xasprintf("%s/oauth/token", ci->base_url);
}

void conn_form_request(struct http_request *req, const struct conn_info *ci, const char *url,
		       const char *body)
{
	static const char *const headers[] = {
		"Content-Type: application/x-www-form-urlencoded", NULL };
	memset(req, 0, sizeof(*req));
	req->method = "POST";
	req->url = url;
	req->headers = headers;
	req->body = body;
	req->body_len = strlen(body);
	req->no_retry = true;
	req->max_attempts = 1;
	if (ci != NULL)
		conn_info_apply_tls(ci, req);
}

/* link.c — linking connections: the Bank API device flow and the SimpleFIN
 * claim, and unlinking (see link.h). */
#include "link.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "buf.h"
#include "config.h"
#include "conn.h"
#include "date.h"
#include "model.h"
#include "net/http.h"
#include "providers/bankapi.h"
#include "providers/simplefin.h"
#include "store.h"
#include "vault/secmem.h"
#include "vault/vault.h"
#include "xmalloc.h"

/* Checks the name and that it is free; copies the config's TLS settings. */
static bool link_check(const struct vault *v, const struct config *cfg, const char *name,
		       struct conn_info *tls, struct err *e)
{
	memset(tls, 0, sizeof(*tls));
	if (!conn_name_valid(name))
		return err_set(e, ERR_INVALID,
			       "'%s' is not a connection name; use 1-%d letters, digits, '_' or '-'",
			       name, CONFIG_NAME_MAX);
	char *entry = conn_entry_name(name, "type");
	size_t len;
	bool taken = vault_get(v, entry, &len) != NULL;
	free(entry);
	if (taken)
		return err_set(e, ERR_INVALID,
			       "a connection called %s exists already; 'bankterm unlink %s' first "
			       "or pick another name",
			       name, name);
	const struct config_connection *cc = cfg != NULL ? config_connection_find(cfg, name) : NULL;
	if (cc != NULL && cc->ca_file != NULL)
		tls->ca_file = xstrdup(cc->ca_file);
	if (cc != NULL && cc->pins[0] != NULL)
		tls->pinned_keys = cc->pins[1] != NULL ? xasprintf("%s;%s", cc->pins[0], cc->pins[1])
						       : xstrdup(cc->pins[0]);
	return true;
}

static bool link_set(struct vault *v, const char *name, const char *field, const char *value)
{
	char *entry = conn_entry_name(name, field);
	bool ok = vault_set(v, entry, value, strlen(value));
	free(entry);
	return ok;
}

/* POSTs a form body (wiped by the caller) and returns the response. */
static struct http_response *link_post(struct http *h, const struct conn_info *tls,
				       const char *url, const char *body, struct err *e)
{
	struct http_request req;
	conn_form_request(&req, tls, url, body);
	struct http_response *resp = NULL;
	if (!http_perform(h, &req, &resp, e)) {
		http_response_free(&resp);
		return NULL;
	}
	return resp;
}

static void link_sleep(int64_t seconds)
{
	struct timespec ts = { (time_t)seconds, 0 };
	while (nanosleep(&ts, &ts) != 0)
		;
}

/* Polls the token endpoint until the person approves; fills *tok. */
static bool link_poll(struct http *h, const struct conn_info *tls, const char *base_url,
		      const struct device_authorization *da, struct oauth_token *tok,
		      struct err *e)
{
	char *url = xasprintf("%s/oauth/token", base_url);
	char *body = conn_form_secret(
		"grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Adevice_code"
		"&client_id=bankterm&device_code=",
		da->device_code);
	int64_t interval = da->interval > 0 ? da->interval : 5;
	int64_t deadline = (int64_t)time(NULL) + (da->expires_in > 0 ? da->expires_in : 600);
	bool ok = false;
	for (;;) {
		link_sleep(interval);
		struct http_response *resp = link_post(h, tls, url, body, e);
		if (resp == NULL)
			break;
		if (resp->status == 200) {
			ok = bankapi_parse_token(resp->body.data, resp->body.len, tok, e);
			http_response_free(&resp);
			break;
		}
		struct oauth_error oe = { 0 };
		bool parsed = bankapi_parse_oauth_error(resp->body.data, resp->body.len, &oe, e);
		long status = resp->status;
		http_response_free(&resp);
		enum oauth_error_code code = parsed ? oe.code : OAUTH_ERR_OTHER;
		oauth_error_clear(&oe);
		if (parsed && code == OAUTH_ERR_AUTHORIZATION_PENDING && time(NULL) < deadline)
			continue;
		if (parsed && code == OAUTH_ERR_SLOW_DOWN && time(NULL) < deadline) {
			interval += 5;
			continue;
		}
		if (code == OAUTH_ERR_ACCESS_DENIED)
			err_set(e, ERR_SERVER,
				"the bank says the request was denied; nothing was linked");
		else if (code == OAUTH_ERR_EXPIRED_TOKEN || code == OAUTH_ERR_AUTHORIZATION_PENDING ||
			 code == OAUTH_ERR_SLOW_DOWN)
			err_set(e, ERR_SERVER,
				"the code expired before it was approved; run the link command again");
		else
			err_set(e, ERR_PROTOCOL,
				"the bank refused the device login (status %ld); nothing was linked",
				status);
		break;
	}
	secmem_release(body);
	free(url);
	return ok;
}

bool link_bankapi(struct http *h, struct vault *v, const struct config *cfg, const char *name,
		  const char *base_url, const struct link_ui *ui, struct err *e)
{
	struct conn_info tls;
	if (!link_check(v, cfg, name, &tls, e))
		return false;
	size_t blen = strlen(base_url);
	while (blen > 0 && base_url[blen - 1] == '/')
		blen--;
	char *base = xstrndup(base_url, blen);
	char *url = xasprintf("%s/oauth/device_authorization", base);
	struct http_response *resp =
		link_post(h, &tls, url, "client_id=bankterm&scope=accounts%20payments", e);
	free(url);
	struct device_authorization da = { 0 };
	struct oauth_token tok = { 0 };
	bool ok = resp != NULL;
	if (ok && resp->status != 200)
		ok = err_set(e, ERR_PROTOCOL,
			     "%s did not start a device login (status %ld); check the URL", base,
			     resp->status);
	if (ok)
		ok = bankapi_parse_device_authorization(resp->body.data, resp->body.len, &da, e);
	http_response_free(&resp);
	if (ok && ui != NULL && ui->show_code != NULL)
		ui->show_code(ui->arg, da.verification_uri, da.verification_uri_complete,
			      da.user_code);
	ok = ok && link_poll(h, &tls, base, &da, &tok, e);
	if (ok && tok.refresh_token == NULL)
		ok = err_set(e, ERR_PROTOCOL,
			     "%s gave no refresh token, so bankterm could not refresh later; "
			     "nothing was linked",
			     base);
	if (ok) {
		ok = link_set(v, name, "type", "bankapi") && link_set(v, name, "base_url", base) &&
		     link_set(v, name, "refresh_token", tok.refresh_token);
		if (!ok)
			err_set(e, ERR_IO, "the vault is locked; unlock it and link again");
		ok = ok && vault_save(v, e);
	}
	device_authorization_clear(&da);
	oauth_token_clear(&tok);
	conn_info_clear(&tls);
	free(base);
	return ok;
}

/* Standard base64 (RFC 4648 section 4), padding optional, no whitespace
 * inside; returns a NUL-terminated malloc'd string or NULL. */
static char *link_base64_decode(const char *in)
{
	static const char alphabet[] =
		"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	size_t n = strlen(in);
	while (n > 0 && (in[n - 1] == '\n' || in[n - 1] == '\r' || in[n - 1] == ' '))
		n--;
	while (n > 0 && in[n - 1] == '=')
		n--;
	char *out = xmalloc(n * 3 / 4 + 2);
	size_t o = 0;
	uint32_t acc = 0;
	int bits = 0;
	for (size_t i = 0; i < n; i++) {
		const char *p = in[i] != '\0' ? strchr(alphabet, in[i]) : NULL;
		if (p == NULL) {
			free(out);
			return NULL;
		}
		acc = (acc << 6) | (uint32_t)(p - alphabet);
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			out[o++] = (char)((acc >> bits) & 0xff);
		}
	}
	out[o] = '\0';
	if (memchr(out, '\0', o) != NULL) {
		free(out);
		return NULL;
	}
	return out;
}

bool link_simplefin(struct http *h, struct vault *v, const struct config *cfg, const char *name,
		    const char *setup_token, struct err *e)
{
	struct conn_info tls;
	if (!link_check(v, cfg, name, &tls, e))
		return false;
	char *claim = link_base64_decode(setup_token);
	if (claim == NULL || (strncmp(claim, "https://", 8) != 0 &&
			      strncmp(claim, "http://", 7) != 0)) {
		free(claim);
		conn_info_clear(&tls);
		return err_set(e, ERR_INVALID,
			       "that is not a SimpleFIN setup token (base64 of a claim URL); copy "
			       "it again from your SimpleFIN server");
	}
	struct http_request req = {
		.method = "POST",
		.url = claim,
		.body = "",
		.body_len = 0,
		.no_retry = true,
		.log_host_only = true,
	};
	conn_info_apply_tls(&tls, &req);
	struct http_response *resp = NULL;
	bool ok = http_perform(h, &req, &resp, e);
	secmem_wipe(claim, strlen(claim));
	free(claim);
	if (ok && resp->status == 403)
		ok = err_set(e, ERR_SERVER,
			     "this setup token was already claimed — it may be compromised: "
			     "disable it at your bank and make a new one");
	else if (ok && resp->status != 200)
		ok = err_set(e, ERR_PROTOCOL,
			     "the SimpleFIN server refused the claim (status %ld); make a new "
			     "setup token",
			     resp->status);
	struct simplefin_access acc = { 0 };
	ok = ok && simplefin_parse_access_url(resp->body.data, resp->body.len, &acc, e);
	simplefin_access_clear(&acc);
	if (ok) {
		/* keep the whole Access URL: it is what the protocol defines */
		char *access = secmem_alloc(resp->body.len + 1);
		size_t n = resp->body.len;
		memcpy(access, resp->body.data, n);
		while (n > 0 && (access[n - 1] == '\n' || access[n - 1] == '\r' ||
				 access[n - 1] == ' '))
			n--;
		access[n] = '\0';
		ok = link_set(v, name, "type", "simplefin") && link_set(v, name, "access_url", access);
		secmem_release(access);
		if (!ok)
			err_set(e, ERR_IO, "the vault is locked; unlock it and link again");
		ok = ok && vault_save(v, e);
	}
	if (resp != NULL)
		secmem_wipe(resp->body.data, resp->body.len);
	http_response_free(&resp);
	conn_info_clear(&tls);
	return ok;
}

static bool link_collect(const char *name, const void *value, size_t len, void *arg)
{
	(void)value;
	(void)len;
	struct buf *names = arg;
	char *one = xstrdup(name);
	buf_append(names, &one, sizeof(one));
	return true;
}

bool link_remove(struct vault *v, struct store *st, const char *name, struct err *e)
{
	if (!conn_name_valid(name))
		return err_set(e, ERR_INVALID, "'%s' is not a connection name", name);
	char *prefix = xasprintf("conn/%s/", name);
	struct buf names = BUF_INIT;
	vault_each(v, prefix, link_collect, &names);
	free(prefix);
	size_t n = names.len / sizeof(char *);
	char **list = (char **)(void *)names.data;
	for (size_t i = 0; i < n; i++) {
		vault_del(v, list[i]);
		free(list[i]);
	}
	buf_free(&names);
	if (st != NULL)
		store_conn_remove(st, name);
	if (n == 0)
		return err_set(e, ERR_NOT_FOUND,
			       "there is no connection called %s; 'bankterm connections' lists them",
			       name);
	return vault_save(v, e);
}

/* link.h — linking and unlinking connections: the Bank API device flow
 * (RFC 8628) and the SimpleFIN claim.  What a link leaves in the vault is
 * listed in conn.h; the vault is saved before these functions return true.
 *
 * Both link functions block (they run their requests with http_perform and
 * sleep between device-flow polls): they are for the `link` command, not
 * for the TUI's main loop. */
#ifndef BANKTERM_SYNC_LINK_H
#define BANKTERM_SYNC_LINK_H

#include <stdbool.h>

#include "err.h"

struct config;
struct http;
struct store;
struct vault;

/* How the device flow talks to the person.  show_code is called once with
 * where to go and which code to enter (raw server strings: sanitize them). */
struct link_ui {
	void (*show_code)(void *arg, const char *verification_uri, const char *uri_complete,
			  const char *user_code);
	void *arg;
};

/* Links the Bank API institution at base_url as connection name: asks for a
 * device code, shows it, polls the token endpoint at the server's interval
 * (adding 5 s on slow_down) until approval, denial or expiry, then stores
 * type, base_url and the refresh token.  cfg (may be NULL) gives ca_file and
 * pins of an existing [connection NAME] section.  Refuses a name that is
 * already linked (ERR_INVALID: unlink it first). */
bool link_bankapi(struct http *h, struct vault *v, const struct config *cfg, const char *name,
		  const char *base_url, const struct link_ui *ui, struct err *e);

/* Claims a SimpleFIN setup token (base64 of the claim URL) once and stores
 * the Access URL.  A 403 means someone claimed it already. */
bool link_simplefin(struct http *h, struct vault *v, const struct config *cfg, const char *name,
		    const char *setup_token, struct err *e);

/* Removes every conn/NAME/ entry (and saves the vault) and the
 * connection's data from the store.  ERR_NOT_FOUND when it is not linked. */
bool link_remove(struct vault *v, struct store *st, const char *name, struct err *e);

#endif

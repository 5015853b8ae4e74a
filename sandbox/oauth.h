/* oauth.h — what the command line needs from the OAuth module: approving
 * or denying a device authorization (the sandbox's stand-in for the bank's
 * web page).  The HTTP handlers are in handlers.h. */
#ifndef SANDBOX_OAUTH_H
#define SANDBOX_OAUTH_H

#include <stdbool.h>

#include <sqlite3.h>

#include "err.h"

/* Approves (or denies) the pending authorization with this user code
 * ("WDJB-MJHT"; case and the dash do not matter). */
bool oauth_decide(sqlite3 *db, const char *user_code, bool approve, struct err *e);

#endif

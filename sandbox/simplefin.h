/* simplefin.h — the command-line side of the SimpleFIN server: making
 * setup tokens (../shared/specs/simplefin-protocol.md).  The HTTP handlers
 * are in handlers.h. */
#ifndef SANDBOX_SIMPLEFIN_H
#define SANDBOX_SIMPLEFIN_H

#include <stdbool.h>

#include <sqlite3.h>

#include "err.h"

/* Stores a new one-time claim token and returns the SimpleFIN setup token
 * (base64 of the claim URL; caller frees).  Needs the server's URL, which
 * `serve` records in the database. */
char *simplefin_setup_token(sqlite3 *db, struct err *e);

#endif

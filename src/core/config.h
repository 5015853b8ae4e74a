/* config.h — the user's configuration file, ~/.config/bankterm/config.
 *
 * An INI-style text file (docs/CONFIG.md and bankterm-config(5) describe it):
 *
 *     [general]
 *     refresh_interval = 5m
 *     idle_lock = 10m
 *     low_balance_threshold = 100.00 USD
 *     theme = dark
 *     key_cache = off
 *
 *     [colors]
 *     negative = red
 *
 *     [connection northwind]
 *     type = bankapi
 *     base_url = https://bank.example/api/v1
 *     pin = sha256//BASE64...; sha256//BACKUP...
 *     display_name = "Northwind Bank"
 *
 * Parsing collects every problem of a file (up to CONFIG_MAX_DIAGS), each as
 * "FILE:LINE: what was wrong; what was expected", so that a user fixes them
 * all in one go.  The config holds no secrets: tokens live in the vault.
 *
 * A struct config owns all its strings; config_free releases them. */
#ifndef BANKTERM_CONFIG_H
#define BANKTERM_CONFIG_H

#include <stdbool.h>
#include <stddef.h>

#include "err.h"
#include "money.h"

#define CONFIG_MAX_FILE        ((size_t)1 << 20) /* bytes */
#define CONFIG_MAX_LINE        4096              /* bytes, without the newline */
#define CONFIG_MAX_CONNECTIONS 64
#define CONFIG_MAX_DIAGS       20
#define CONFIG_NAME_MAX        32 /* connection names: [A-Za-z0-9_-]{1,32} */

/* Defaults, in seconds. */
#define CONFIG_DEFAULT_REFRESH   300
#define CONFIG_DEFAULT_IDLE_LOCK 600

enum config_conn_type {
	CONFIG_CONN_BANKAPI,
	CONFIG_CONN_SIMPLEFIN,
};

enum config_theme {
	CONFIG_THEME_DARK, /* default */
	CONFIG_THEME_LIGHT,
	CONFIG_THEME_MONO, /* no colours at all, like NO_COLOR */
};

/* Roles the user may recolour in [colors]; the names are the keys. */
enum config_color_role {
	CONFIG_COLOR_POSITIVE,
	CONFIG_COLOR_NEGATIVE,
	CONFIG_COLOR_DUE,
	CONFIG_COLOR_OVERDUE,
	CONFIG_COLOR_HEADER,
	CONFIG_COLOR_SELECTION,
	CONFIG_COLOR_OK,
	CONFIG_COLOR_WARNING,
	CONFIG_COLOR_ERROR,
	CONFIG_COLOR_MUTED,
	CONFIG_COLOR_ROLE_COUNT,
};

/* Values of config.colors[]: a curses colour number 0-255 (black..white are
 * 0-7, bright-black..bright-white 8-15), or one of these. */
#define CONFIG_COLOR_UNSET   (-2) /* not in the file: the theme decides */
#define CONFIG_COLOR_DEFAULT (-1) /* the terminal's own colour */

struct config_connection {
	char *name;                /* from [connection NAME]: the id used on the command line */
	enum config_conn_type type;
	char *base_url;            /* https://..., or http:// to a loopback host */
	char *ca_file;             /* absolute path of extra CA certificates, or NULL */
	char *pins[2];             /* "sha256//BASE64" current and backup, or NULL */
	char *display_name;        /* shown in the UI, or NULL to show name */
};

struct config {
	unsigned refresh_interval; /* seconds; 0 = never refresh on a timer */
	unsigned idle_lock;        /* seconds; 0 = never lock on idle */
	/* Warn below this balance; has_low_balance false when not set. */
	bool has_low_balance;
	struct money low_balance;
	enum config_theme theme;
	/* Seconds the vault's key stays in the kernel keyring after the passphrase
	 * is typed (src/vault/keyring.h); 0 = off, the default. */
	unsigned key_cache;
	int colors[CONFIG_COLOR_ROLE_COUNT];
	struct config_connection *connections; /* owned array */
	size_t n_connections;
};

/* One problem found in a file.  msg is complete: "FILE:LINE: ...". */
struct config_diag {
	unsigned line; /* 0 when it is about the whole file */
	char msg[ERR_MSG_MAX];
};

struct config_diags {
	struct config_diag items[CONFIG_MAX_DIAGS];
	size_t count;   /* items used */
	size_t dropped; /* further problems not recorded */
};

/* A config with every default and no connections. */
struct config *config_new(void);
void config_free(struct config **cfg);

/* Parses len bytes of text; file names the source in messages.  On any
 * problem returns NULL, fills d (may be NULL) with every problem found and e
 * (ERR_CONFIG) with a summary quoting the first one. */
struct config *config_parse(const char *text, size_t len, const char *file,
			    struct config_diags *d, struct err *e);

/* Reads path (NULL = paths_config_file()) and parses it.  A missing file is
 * not an error: the result is config_new(). */
struct config *config_load(const char *path, struct config_diags *d, struct err *e);

/* The file text for cfg (caller frees).  Comments and layout of the file
 * it was read from are not kept; values that equal the defaults are still
 * written so that the file documents them. */
char *config_format(const struct config *cfg);

/* Writes config_format(cfg) to path (NULL = paths_config_file()) with
 * fsutil_save_atomic, mode 0600, creating the directory (0700) if needed.
 * Settings that would not parse back (a connection without base_url, an
 * http URL to a remote host, ...) are refused with ERR_INVALID and the file
 * is left alone. */
bool config_save(const struct config *cfg, const char *path, struct err *e);

bool config_equal(const struct config *a, const struct config *b);

/* The connection called name, or NULL. */
const struct config_connection *config_connection_find(const struct config *cfg,
							const char *name);

/* Whether to use colour: not with theme = mono, nor when the NO_COLOR
 * environment variable is set and not empty (https://no-color.org);
 * pass getenv("NO_COLOR"). */
bool config_use_color(const struct config *cfg, const char *no_color_env);

/* "bankapi" / "simplefin", "dark" / ..., "negative" / ...: the file's words. */
const char *config_conn_type_name(enum config_conn_type type);
const char *config_theme_name(enum config_theme theme);
const char *config_color_role_name(enum config_color_role role);

#endif

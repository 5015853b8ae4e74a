/* app.h — the terminal application: what every screen is given, the screen
 * stack and the main loop.
 *
 * struct app is passed everywhere (no globals): the config, the vault, the
 * store, the data source that refreshes it, the clock and the screens.  The
 * loop is single-threaded: one poll over stdin plus the network fds (through
 * the data source's poll hook), input goes key → action → the top screen →
 * the global handler, and the screen is painted only when something changed
 * (a key, a resize, a new store generation, a message).
 *
 * Every screen is a `const struct screen_ops`.  Its handle() changes only the
 * screen's state and the app's flags (it never calls curses), so tests call
 * it directly and inspect the view-model; its draw() only paints.
 *
 * Ownership: app_new() borrows cfg, vault and store (the caller frees them
 * after app_free()); the app owns its screens. */
#ifndef BANKTERM_APP_H
#define BANKTERM_APP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "err.h"
#include "ui/keymap.h"

struct config;
struct store;
struct vault;
struct app;
struct form;
struct payui;

/* What handle() returns (bits). */
enum screen_result {
	SCREEN_IGNORED = 0,	/* not for this screen: the global keys get it */
	SCREEN_HANDLED = 1u << 0,
	SCREEN_REDRAW = 1u << 1,
	SCREEN_PUSH = 1u << 2,	/* open app->push (set by the screen) on top */
	SCREEN_POP = 1u << 3,	/* close this screen */
	SCREEN_QUIT = 1u << 4,
};

struct ui_event {
	enum action action;
	int key;  /* the key pressed (ACT_TEXT: the character) */
	int y, x; /* ACT_CLICK: the cell, y relative to the body's first row */
};

struct screen_ops {
	const char *name;	   /* "Overview": tab label and help title */
	int tab;		   /* 1-6 for a tab, 0 for a screen that is pushed */
	const struct keymap *keys; /* the screen's own bindings (help lists them) */
	const char *hints;	   /* the bottom line's key hints */
	void *(*init)(struct app *a);
	void (*free)(void *state);
	/* Rebuild the view-model from the store for app->body_rows × body_cols;
	 * called when the screen is shown, after a resize and when the store
	 * changed. */
	void (*build)(void *state, struct app *a);
	unsigned (*handle)(void *state, struct app *a, const struct ui_event *ev);
	/* Paint rows [top, top + app->body_rows) of stdscr. */
	void (*draw)(const void *state, const struct app *a, int top);
	/* May be NULL: a few milliseconds more of a long job (a search over a
	 * million rows) while no key waits; sets app->dirty when the screen
	 * should be painted, and returns true while work remains (the loop
	 * then polls without sleeping). */
	bool (*idle)(void *state, struct app *a);
};

struct screen {
	const struct screen_ops *ops;
	void *state;
};

/* Where the data comes from and how a refresh runs: the sync engine, or
 * fixtures in tests.  Every hook may be NULL. */
struct app_source {
	/* Starts a refresh (never blocks); false with e filled on refusal. */
	bool (*start)(void *arg, struct err *e);
	bool (*busy)(void *arg);
	/* Waits up to timeout_ms for input on fd 0 or network activity and runs
	 * the network; sets *input when fd 0 is readable.  NULL: plain poll(2). */
	bool (*wait)(void *arg, int timeout_ms, bool *input, struct err *e);
	void *arg;
};

#define APP_STACK_MAX 8
#define APP_MIN_ROWS 15
#define APP_MIN_COLS 60

struct app {
	const struct config *cfg;
	struct vault *vault;   /* NULL: nothing to lock */
	struct store *store;
	struct app_source source;
	int64_t (*now)(void);  /* the clock: date_now unless a test sets another */
	int64_t today;	       /* the local date, refreshed each loop turn */
	bool demo;	       /* the top bar says "demo — nothing is saved" */

	struct screen stack[APP_STACK_MAX];
	size_t depth;
	struct screen push; /* filled by a handle() that returns SCREEN_PUSH */

	int rows, cols;		  /* the terminal */
	int body_rows, body_cols; /* between the top bar and the bottom line */
	bool too_small;
	bool help;		  /* the help overlay is shown */
	size_t help_top;
	bool locked;
	char lock_msg[128];
	bool quit;
	bool dirty;
	uint64_t built_generation;
	char msg[256];
	bool msg_error;
	bool announce_refresh; /* `r` was pressed: say when the refresh ends */
	int64_t last_input; /* monotonic seconds of the last key, for the idle lock */
	char *pass;	    /* the lock prompt's typed bytes (secure memory) */
	size_t pass_len;
	struct form *form;  /* the open dialog (ui/form.h) or NULL; it gets the keys first */
	struct payui *payui; /* payments (ui/payui.h), NULL without a vault; borrowed */
	bool quit_armed;     /* Q was refused once because a payment is in flight */
};

struct app *app_new(const struct config *cfg, struct vault *vault, struct store *store);
/* Frees the screens; NULL-safe; sets *ap NULL. */
void app_free(struct app **ap);

/* Sets the terminal size the screens lay out for (the loop calls it on
 * start and resize; tests call it directly). */
void app_set_size(struct app *a, int rows, int cols);

/* Replaces the whole stack with the tab screen of number n (1-6); false when
 * there is no such tab. */
bool app_show_tab(struct app *a, int n);

/* The top screen, or NULL. */
struct screen *app_top(struct app *a);

/* Feeds one event as the loop does: the top screen first, then the global
 * keys.  Rebuilds screens when the store changed. */
void app_dispatch(struct app *a, const struct ui_event *ev);

/* Rebuilds the top screen if the store's generation moved. */
void app_sync_store(struct app *a);

/* A message for the bottom line (error: shown in the error style with "!"). */
void app_message(struct app *a, bool error, const char *fmt, ...) ERR_PRINTF(3, 4);

/* Locks now: wipes the vault key and hides the screen until the passphrase
 * is typed again. */
void app_lock(struct app *a);

/* The tab screens in tab order, NULL-terminated. */
extern const struct screen_ops *const app_tabs[];

struct sync;
/* The sync engine as a data source: r refreshes every connection, the loop
 * waits in sync_poll with stdin as an extra fd. */
struct app_source app_source_sync(struct sync *s);

/* Runs the interface over st with the sync engine refreshing the vault's
 * connections (started at once); cache_path may be NULL (nothing written),
 * note (may be NULL) is the first bottom-line message.  Returns an exit
 * code; errors are printed to stderr after the terminal is restored. */
int app_run_synced(const struct config *cfg, struct vault *v, struct store *st,
		   const char *cache_path, bool demo, const char *note);

/* `bankterm` with no subcommand: loads the config (config_path NULL: the
 * default), asks the vault's passphrase, loads the offline cache, starts a
 * refresh and runs the interface.  Returns a process exit code. */
int app_main(const char *config_path);

/* One turn of the loop for code that must wait for the person inside a
 * callback (the one-time-code dialog): paints what changed, waits up to
 * timeout_ms for a key or the network (which keeps running), handles the
 * keys.  False when the loop failed (e filled) or the app is stopping. */
bool app_turn(struct app *a, int timeout_ms, struct err *e);

/* Opens the terminal, runs until the user quits, restores the terminal.
 * Returns false with e filled if the terminal cannot be used. */
bool app_run(struct app *a, struct err *e);

#endif

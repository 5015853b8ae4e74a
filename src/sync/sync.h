/* sync.h — the sync engine: refreshes every linked connection in parallel on
 * one http loop and writes what the providers parsed into the store, then the
 * store into the encrypted offline cache (docs/SYNC.md).
 *
 *     struct sync *s = sync_new(&opts, &e);
 *     sync_refresh(s, NULL, 0, &e);               (starts; never blocks)
 *     while (sync_busy(s))
 *             sync_poll(s, fds, nfds, 1000, &e);  (the TUI passes stdin in fds)
 *     sync_free(&s);
 *
 * A connection is a set of vault entries conn/NAME/FIELD (type, base_url,
 * refresh_token for bankapi; base_url, username, password for simplefin);
 * the config's [connection NAME] section, when there is one, adds ca_file,
 * pins and display_name.  Each connection runs its own state machine, driven
 * only by http callbacks.  Its results are staged and go into the store only
 * when the whole connection succeeded, so a failure keeps that connection's
 * previous data and never touches the others'.
 *
 * Ownership: the engine borrows the http loop, vault, store and config given
 * in sync_options; they must outlive it.  Access tokens live only in secure
 * memory inside the engine. */
#ifndef BANKTERM_SYNC_H
#define BANKTERM_SYNC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "err.h"
#include "net/http.h"

struct config;
struct store;
struct vault;

/* SimpleFIN Bridge expects about 24 requests a day. */
#define SYNC_SIMPLEFIN_MIN_INTERVAL 3600
/* Incremental sync re-fetches this many days before the last posted date. */
#define SYNC_SAFETY_DAYS 7
/* First sync of a SimpleFIN connection: this many days back. */
#define SYNC_SIMPLEFIN_FIRST_DAYS 90

struct sync_options {
	struct http *http;	     /* borrowed */
	struct vault *vault;	     /* borrowed, unlocked */
	struct store *store;	     /* borrowed */
	const struct config *config; /* borrowed, may be NULL */
	const char *cache_path;	     /* copied; NULL: do not write the offline cache */
	/* Seconds between two SimpleFIN refreshes of one connection; 0 → the
	 * default above. */
	unsigned simplefin_min_interval;
	/* Per-request limits handed to the http layer (0 → its defaults). */
	long timeout_ms;
	long low_speed_time_s;
	long retry_budget_ms;
	int max_attempts;
};

enum sync_flags {
	SYNC_FORCE = 1u << 0, /* ignore the SimpleFIN minimum interval */
	SYNC_QUICK = 1u << 1, /* balances only where the provider can (SimpleFIN) */
};

struct sync;

struct sync *sync_new(const struct sync_options *opts, struct err *e);
/* Cancels whatever is in flight; NULL-safe; sets *sp NULL. */
void sync_free(struct sync **sp);

/* Starts refreshing the connection called name, or every connection in the
 * vault when name is NULL.  Fails (ERR_NOT_FOUND) for an unknown name, or
 * when a refresh is already running.  A SimpleFIN connection refreshed less
 * than the minimum interval ago is skipped unless flags has SYNC_FORCE. */
bool sync_refresh(struct sync *s, const char *name, unsigned flags, struct err *e);

/* True while a refresh is running. */
bool sync_busy(const struct sync *s);

/* One turn of the loop: http_poll with the extra fds, then whatever the
 * finished requests lead to (next requests, store updates, the cache write
 * when the last connection ends).  False only when the loop itself fails. */
bool sync_poll(struct sync *s, struct http_waitfd *fds, size_t nfds, int timeout_ms,
	       struct err *e);

/* Runs sync_poll until the refresh ends (for CLI commands and tests). */
bool sync_wait(struct sync *s, struct err *e);

/* What happened to one connection in the last refresh. */
enum sync_outcome {
	SYNC_OUTCOME_NONE,    /* not part of the last refresh */
	SYNC_OUTCOME_OK,
	SYNC_OUTCOME_SKIPPED, /* SimpleFIN interval not over (message says when) */
	SYNC_OUTCOME_FAILED,  /* the store's conn state and last_error say why */
};

enum sync_outcome sync_outcome(const struct sync *s, const char *name);

/* The outcome of the cache write after the last refresh: true when it was
 * written or there was nothing to write; false with e filled otherwise. */
bool sync_cache_result(const struct sync *s, struct err *e);

/* A short description of a connection's state for people: "ok",
 * "needs re-link", "offline since 2026-11-23T10:42:00Z", "rate limited,
 * retry at ...", "error", "syncing 2/5", "never synced". */
struct store_conn;
void sync_describe_state(const struct store_conn *c, char *out, size_t size);

/* Names of the connections in the vault (those with conn/NAME/type), in
 * vault order; caller frees the array and the strings. */
char **sync_connection_names(const struct vault *v, size_t *n);

/* Loads the offline cache at path into the store.  A missing cache is not
 * an error; a damaged one leaves the store empty and fills e (ERR_CORRUPT). */
bool sync_cache_load(struct store *st, const struct vault *v, const char *path, struct err *e);

/* Writes the store to the offline cache at path, atomically. */
bool sync_cache_save(const struct store *st, const struct vault *v, const char *path,
		     struct err *e);

#endif

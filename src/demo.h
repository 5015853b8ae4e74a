/* demo.h — `bankterm --demo`: the whole product against an embedded sandbox
 * bank, with no set-up.
 *
 * demo_main() makes a temporary directory, starts bankterm-sandbox (found
 * through $BANKTERM_SANDBOX, next to the running binary, in ./sandbox/ next
 * to it, or on PATH) on 127.0.0.1 port 0 with --auto-approve (and --now from
 * $BANKTERM_NOW when set), reads its "listening on" line, creates a vault in
 * the temporary directory with the fixed passphrase DEMO_PASSPHRASE (no
 * prompt: this is what `L` asks for again), links the sandbox's three
 * institutions through the real link flows (Bank API device flow for
 * Northwind and Flexpay, SimpleFIN claim for Cedar Credit Union), runs the
 * interface with the sync engine, and on exit stops the sandbox and deletes
 * the directory.  Nothing is saved anywhere else. */
#ifndef BANKTERM_DEMO_H
#define BANKTERM_DEMO_H

#include <stdbool.h>
#include <sys/types.h>

#include "err.h"

/* The demo vault's passphrase (documented in bankterm(1)). */
#define DEMO_PASSPHRASE "demo"

struct config;

/* A running sandbox in its own temporary directory. */
struct demo_sandbox {
	pid_t pid;
	char *dir; /* the temporary directory (removed by demo_sandbox_stop) */
	char *db;  /* its SQLite file */
	char *url; /* "http://127.0.0.1:PORT" */
};

/* The sandbox binary to run (caller frees): $BANKTERM_SANDBOX, then
 * DIR/bankterm-sandbox and DIR/sandbox/bankterm-sandbox where DIR holds
 * /proc/self/exe, else "bankterm-sandbox" (looked up on PATH). */
char *demo_sandbox_path(void);

/* Starts the sandbox and waits (up to 30 s) for its first line. */
bool demo_sandbox_start(struct demo_sandbox *sb, struct err *e);

/* Stops it (SIGTERM, then SIGKILL after 5 s) and removes the directory.
 * Harmless on a zeroed or stopped sandbox. */
void demo_sandbox_stop(struct demo_sandbox *sb);

/* The whole demo; returns a process exit code. */
int demo_main(const struct config *cfg);

#endif

/* framelog.h — an opt-in timing log for the benchmarks (bench/bench-tui).
 *
 * With BANKTERM_FRAME_LOG=FILE in the environment, the interface appends one
 * line per event to FILE: "EVENT SECONDS CPU", the CLOCK_MONOTONIC time and
 * the process's CPU time (CLOCK_PROCESS_CPUTIME_ID, which a busy machine does
 * not inflate).  Events: "unlocked" (the vault key is derived), "cache" (the
 * offline cache is in the store), "key" (a key was read; which key is never
 * written, so a passphrase typed at the lock prompt leaves no trace),
 * "frame" (a frame has been written to the terminal) and "scanned" (the
 * transaction list's search or filter has tested every row).  Without the
 * variable nothing is opened and each call is one branch. */
#ifndef BANKTERM_UI_FRAMELOG_H
#define BANKTERM_UI_FRAMELOG_H

/* Appends "event seconds cpu" when BANKTERM_FRAME_LOG is set (opened on the
 * first call; a file that cannot be opened turns the log off). */
void framelog_note(const char *event);

#endif

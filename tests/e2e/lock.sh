#!/bin/bash
# lock.sh — `L` wipes the key and asks the passphrase again (the demo's is
# "demo", see bankterm(1)); a wrong one is refused; the idle lock fires after
# the configured time.
. "$(dirname "$0")/lib.sh" "$@"
printf '[general]\nidle_lock = 30s\n' >"$WORK/config"
start 100 30
ready || { fail "demo did not start"; finish; }
keys L
wait_for "bankterm is locked." 10 || fail "L locks"
expect_no_text "Everyday Checking" "the locked screen hides the data"
expect_screen locked
keys w r o n g Enter
wait_for "wrong passphrase" 30 || fail "a wrong passphrase is refused"
expect_text "bankterm is locked." "still locked after a wrong passphrase"
keys d e m o Enter
wait_for "[1 Ove" 30 || fail "the demo passphrase unlocks"
expect_text "Net position" "the overview is back"
# No key for 30 s (the shortest idle_lock allowed): the idle lock.
if wait_for "bankterm is locked." 45; then ok "idle lock"; else fail "idle lock did not fire"; fi
keys d e m o Enter
wait_for "[1 Ove" 30 || fail "unlock after the idle lock"
quit_and_check
finish

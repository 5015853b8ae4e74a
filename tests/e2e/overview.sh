#!/bin/bash
# overview.sh — `bankterm --demo` starts with no set-up and its first screen
# answers with zero keystrokes; the figures match the sandbox's.
. "$(dirname "$0")/lib.sh" "$@"
start 100 30
ready || { fail "demo did not start"; finish; }
expect_screen overview
expect_text "net      +54745.01 USD" "net position"
expect_text "! bill overdue: Metro Water" "overdue bill alert, marked with !"
expect_text "Due in the next 14 days" "due section"
# r refreshes every connection: progress in the top bar, then a message.
keys r
wait_for "refresh finished" 60 && ok "r refreshes" || fail "r did not finish a refresh"
expect_text "Northwind ✓ 10:42" "sync state and time after the refresh"
quit_and_check
finish

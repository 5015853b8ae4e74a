#!/bin/bash
# resize.sh — from 120x40 down to 60x15 (still usable), 50x10 (a "too small"
# notice, no garbage) and back.
. "$(dirname "$0")/lib.sh" "$@"
start 120 40
ready || { fail "demo did not start"; finish; }
expect_screen resize_120x40
"${T[@]}" resize-window -t bt -x 60 -y 15
wait_for "[1 Ove" 10 || fail "relayout at 60x15"
expect_screen resize_60x15
keys 2 Enter
wait_for "616 transactions" 10 || fail "transactions at 60x15"
expect_screen resize_60x15_transactions
"${T[@]}" resize-window -t bt -x 50 -y 10
wait_for "terminal too small (50x10)" 10 || fail "too small notice"
expect_screen resize_50x10
"${T[@]}" resize-window -t bt -x 120 -y 40
wait_for "616 transactions" 10 || fail "back to 120x40"
keys q 1
wait_for "[1 Ove" 10
expect_screen resize_120x40
quit_and_check
finish

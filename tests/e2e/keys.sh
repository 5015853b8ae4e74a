#!/bin/bash
# keys.sh — escape sequences under TERM=xterm-256color in tmux: Home and End
# as ESC [ 1 ~ / ESC [ 4 ~ (which xterm's terminfo does not list) move to the
# first and last transaction like g and G, and a sequence no terminal
# description knows is dropped: none of them reads as a lone ESC ("back",
# which quits on the first tab).  A real Esc still goes back.
. "$(dirname "$0")/lib.sh" "$@"
hex() { "${T[@]}" send-keys -t bt -H "$@"; }
start 100 30
ready || { fail "demo did not start"; finish; }
# on the first tab: Home, End, an unknown CSI and an unknown SS3 sequence
hex 1b 5b 31 7e
hex 1b 5b 34 7e
hex 1b 5b 39 39 3b 35 7e
hex 1b 4f 5a
sleep 1
expect_no_text "[exited" "escape sequences on tab 1 do not quit"
expect_text "[1 Over" "still on the overview"
keys 2 Enter
wait_for "616 transactions" 10 || fail "transactions"
# in a pushed screen a stray Esc would go back: unknown sequences must not
hex 1b 5b 39 39 7e
hex 1b 4f 5a
sleep 1
expect_text "616 transactions" "unknown sequences in the transaction list do not go back"
keys G
settle
capture >"$WORK/by_G"
keys g
settle
hex 1b 5b 34 7e
settle
capture >"$WORK/by_end"
cmp -s "$WORK/by_G" "$WORK/by_end" && ok "ESC [4~ (End) shows what G shows" ||
	fail "End differs from G: $(diff "$WORK/by_G" "$WORK/by_end" | head -5)"
capture >"$WORK/at_end"
keys G g
settle
capture >"$WORK/by_g"
keys G
settle
hex 1b 5b 31 7e
settle
capture >"$WORK/by_home"
cmp -s "$WORK/by_g" "$WORK/by_home" && ok "ESC [1~ (Home) shows what g shows" ||
	fail "Home differs from g: $(diff "$WORK/by_g" "$WORK/by_home" | head -5)"
cmp -s "$WORK/by_g" "$WORK/at_end" && fail "g and G show the same screen: the test proves nothing"
keys Escape
wait_for "Everyday Checking" 10 || fail "a real Esc goes back"
expect_text "[2 Acc" "Esc went back to the account list"
quit_and_check
finish

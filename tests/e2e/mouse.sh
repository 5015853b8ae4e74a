#!/bin/bash
# mouse.sh — clicks: a tab in the top bar, an account row (Enter then opens
# that account), a transaction row (Enter shows that transaction), and a
# click on the bottom line that changes nothing.  A click is the xterm SGR
# mouse sequence (press and release) written into the pane, as a terminal
# sends it when the application has turned mouse reporting on.
. "$(dirname "$0")/lib.sh" "$@"

# click COL ROW: button 1 at the 0-based cell (SGR coordinates are 1-based).
click() {
	"${T[@]}" send-keys -t bt -l "$(printf '\e[<0;%d;%dM\e[<0;%d;%dm' \
		$(($1 + 1)) $(($2 + 1)) $(($1 + 1)) $(($2 + 1)))"
}

# col_of TEXT: the 0-based column of TEXT on the top line (ASCII before it).
col_of() { capture | head -1 | awk -v t="$1" '{ i = index($0, t); print i ? i - 1 : -1 }'; }

# row_of TEXT: the 0-based row of the first line showing TEXT.
row_of() { capture | grep -nF -- "$1" | head -1 | cut -d: -f1 | awk '{ print $1 - 1 }'; }

start 100 30
ready || { fail "demo did not start"; finish; }

x=$(col_of "3 Bill")
[ "$x" -ge 0 ] || fail "no Bills tab in the top bar"
click "$x" 0
wait_for "[3 Bill" 10 && ok "a click on a tab opens it" || fail "click on tab 3"
expect_text "Metro Water" "the Bills tab shows its bills"

click "$(col_of "2 Acc")" 0
wait_for "[2 Acc" 10 && ok "a click on tab 2" || fail "click on tab 2"
wait_for "Savings" 10
y=$(row_of "Savings")
click 10 "$y"
keys Enter
wait_for "24 transactions" 10 && ok "a click on an account row selects it" ||
	fail "Enter after clicking Savings did not open it"
expect_text "Savings" "the Savings transactions are shown"

keys q
wait_for "[2 Acc" 10
click 10 "$(row_of "Everyday Checking")"
keys Enter
wait_for "616 transactions" 10 || fail "Everyday Checking after a click"
# FASTNET BROADBAND AUTOPAY is the fifth row (screen row 7).
[ "$(row_of "FASTNET BROADBAND")" = 7 ] || fail "FASTNET is not on screen row 7"
click 20 7
keys Enter
wait_for "Transaction" 10
expect_text "FASTNET BROADBAND AUTOPAY" "a click on a transaction row selects it"
expect_screen mouse_transaction
keys Escape
wait_for "616 transactions" 10

# The bottom line is not a row: nothing changes.
before=$(capture)
click 5 29
sleep 0.5
[ "$(capture)" = "$before" ] && ok "a click on the bottom line changes nothing" ||
	fail "a click on the bottom line changed the screen"
quit_and_check
finish

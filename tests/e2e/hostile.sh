#!/bin/bash
# hostile.sh — merchant names with an OSC title change, a screen clear, a C1
# CSI, a right-to-left override and a zero-width space appear as visible
# escapes; none of their bytes reaches the terminal, and the pane's title
# is unchanged.
. "$(dirname "$0")/lib.sh" "$@"
start 100 30
"${T[@]}" pipe-pane -o -t bt "cat >>'$WORK/pty'"
ready || { fail "demo did not start"; finish; }
keys 2 Enter
wait_for "616 transactions" 10 || fail "transactions"
expect_text 'CARD PURCHASE \x1b]0;pwned\x07Totally Legit Store' "OSC title change escaped"
expect_text 'CARD PURCHASE C1 \u009b31mRed Alert Co' "C1 CSI escaped"
expect_text 'CARD PURCHASE Zero\u200bWidth Cafe' "zero-width space escaped"
keys 3 2 j j Enter
wait_for "352 transactions" 10 || fail "the card's transactions"
expect_text 'CARD PURCHASE \x1b[2JScreen Wiper Ltd' "screen clear escaped"
expect_text 'CARD PURCHASE \u202egnp.exe Market' "right-to-left override escaped"
sleep 0.5
"${T[@]}" pipe-pane -t bt
TITLE1=$("${T[@]}" display -p -t bt '#{pane_title}')
[ "$TITLE0" = "$TITLE1" ] && ok "pane title unchanged ($TITLE1)" ||
	fail "pane title changed from '$TITLE0' to '$TITLE1'"
[ -s "$WORK/pty" ] && ok "captured the bytes written to the terminal" || fail "no pty capture"
/usr/bin/python3 - "$WORK/pty" <<'PY' && ok "no server control bytes in the output" || fail "server control bytes reached the terminal"
import sys
data = open(sys.argv[1], "rb").read()
bad = [b"\x1b]0;pwned", b"pwned\x07", b"\xc2\x9b", b"\xe2\x80\xae", b"\xe2\x80\x8b", b"\x1b[2JScreen"]
found = [b for b in bad if b in data]
print("found:", found) if found else None
sys.exit(1 if found else 0)
PY
quit_and_check
finish

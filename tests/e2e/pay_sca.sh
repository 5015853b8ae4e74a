#!/bin/bash
# pay_sca.sh — the one-time-code dialog.  A transfer above the sandbox's SCA
# threshold (500.00) makes the bank ask for a code: the right one (from
# `bankterm-sandbox otp`) lets the same request through once; three wrong
# codes cancel it cleanly with nothing sent.  The sandbox's API is asked
# afterwards: exactly one transfer, the balance moved by exactly the amount.
. "$(dirname "$0")/lib.sh" "$@"
. "$E2E_DIR/sandbox_api.sh"
start 100 30
ready || { fail "demo did not start"; finish; }
keys 4
wait_for "Recent transfers" 10 || fail "tab 4"

avail() { sb_cents "$(sb_balance acc_chk | cut -d' ' -f2)"; }
# send_to_alice AMOUNT: contact, amount, account, memo, review, confirm.
send_to_alice() {
	keys n
	wait_for "Send money to whom?" 10 || fail "n opens the send dialog"
	keys Enter
	wait_for "How much to Alice Smith?" 10 || fail "amount page"
	keys -l "$1"
	keys Enter
	wait_for "Send from which account?" 10 || fail "account page"
	keys Enter
	wait_for "A note for them?" 10 || fail "memo page"
	keys Enter
	wait_for "Check the transfer" 10 || fail "review page"
	keys y
}
# code_key: type the current one-time code (or a wrong one with "wrong").
type_code() {
	local c
	c=$(sb_otp)
	[ "${1:-}" = wrong ] && c=$(printf '%06d' $(((10#$c + 1) % 1000000)))
	keys -l "$c"
	keys Enter
}

a0=$(avail)
t0=$(sb_transfers_to ct_alice)

# ---- the right code --------------------------------------------------------------
send_to_alice 600.00
wait_for "Your bank asks for a one-time code" 30 || fail "the bank's SCA question is asked"
expect_screen pay_sca_code
keys -l 12ab
keys Enter
wait_for "the code is the digits" 10 && ok "letters are refused before anything is sent" ||
	fail "letters accepted"
keys C-u
type_code
wait_for "✓ Done" 30 || fail "the right code lets the transfer through"
a1=$(avail)
t1=$(sb_transfers_to ct_alice)
[ $((a0 - a1)) -eq 60000 ] && ok "balance moved by exactly 600.00" ||
	fail "balance moved by $((a0 - a1)) cents"
[ $((t1 - t0)) -eq 1 ] && ok "exactly one transfer after the code" || fail "$((t1 - t0)) transfers"
keys Enter
wait_gone "✓ Done" 10 || fail "Enter closes the result"

# ---- three wrong codes -------------------------------------------------------------
send_to_alice 700.00
wait_for "Your bank asks for a one-time code" 30 || fail "asked again for a new transfer"
type_code wrong
wait_for "wrong code: 2 tries left" 30 && ok "first wrong code: 2 tries left" || fail "no 2 tries left"
type_code wrong
wait_for "wrong code: 1 try left" 30 && ok "second wrong code: 1 try left" || fail "no 1 try left"
type_code wrong
wait_for "wrong one-time codes: cancelled" 30 && ok "three wrong codes cancel with a clear message" ||
	fail "no clear message after three wrong codes"
expect_text "Nothing was sent" "says nothing was sent"
expect_screen pay_sca_failed
[ "$(avail)" -eq "$a1" ] && ok "no money moved after three wrong codes" || fail "money moved"
[ "$(sb_transfers_to ct_alice)" -eq "$t1" ] && ok "no transfer after three wrong codes" ||
	fail "a transfer was made"
keys Enter
quit_and_check
finish

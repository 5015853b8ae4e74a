#!/bin/bash
# send_inflight.sh — a transfer while the bank is slow (the demo's sandbox
# answers every request after 1 s): the dialog shows that it is sending and
# refuses a second confirm (y, Enter); the bank ends up with exactly one
# transfer.  Then a transfer whose dialog is hidden with Esc while in
# flight: the bottom line says it is still sending, then gives the bank's answer;
# again exactly one more transfer, and the balance moved by exactly the two
# amounts.
. "$(dirname "$0")/lib.sh" "$@"
. "$E2E_DIR/sandbox_api.sh"
start 100 30 BANKTERM_DEMO_SANDBOX_ARGS=--latency-ms=1000
ready || { fail "demo did not start"; finish; }
keys 4
wait_for "Recent transfers" 10 || fail "tab 4"
n0=$(sb_count transfers)
read -r bal0 _ <<<"$(sb_balance acc_chk)"

# send AMOUNT: to Alice (the selected contact), from the first account, no
# memo, up to the review.
send() {
	keys n
	wait_for "Send money to whom?" 10 || fail "n opens the dialog"
	keys Enter
	wait_for "How much to Alice Smith?" 10 || fail "amount page"
	keys -l "$1"
	keys Enter
	wait_for "Send from which account?" 10 || fail "account page"
	keys Enter
	wait_for "A note for them?" 10 || fail "memo page"
	keys Enter
	wait_for "Check the transfer" 10 || fail "review"
}

send 1.00
# The three confirms go in one burst, so all of them reach bankterm within
# the bank's 1 s however loaded the machine is.
keys y y Enter
wait_for "already sending" 10 || fail "a second y and an Enter are refused"
wait_for "✓ Done" 60 || fail "the bank's answer"
keys Enter
wait_gone "✓ Done" 10
n1=$(sb_count transfers)
[ "$n1" = $((n0 + 1)) ] && ok "exactly one transfer for three confirms ($n0 → $n1)" ||
	fail "transfers $n0 → $n1"

send 2.00
keys y
wait_for "Sending" 10 || fail "sending again"
keys Escape
wait_for "still sending in the background" 10 || fail "the bottom line says it is still sending"
wait_for "2.00 USD to Alice Smith: " 60 || fail "the bottom line gives the answer"
n2=$(sb_count transfers)
read -r bal2 _ <<<"$(sb_balance acc_chk)"
[ "$n2" = $((n0 + 2)) ] && ok "one more transfer ($n1 → $n2)" || fail "transfers $n1 → $n2"
[ $(($(sb_cents "$bal0") - $(sb_cents "$bal2"))) = 300 ] &&
	ok "balance moved by exactly 3.00 ($bal0 → $bal2)" || fail "balance $bal0 → $bal2"

quit_and_check
finish

#!/bin/bash
# pay_faults.sh — exactly once under faults: the demo's sandbox runs with
# --drop-after-commit 0.5 (half the money movements are committed and then
# the connection is closed without an answer).  bankterm resends with the
# same Idempotency-Key until an answer arrives.  Three payments (two bills,
# one BNPL installment): each appears exactly once at the bank, checking
# moved by exactly their sum, and each dialog ends with "✓ Done" (the BNPL
# one is hidden while in flight: the bottom line shows it, Q asks before
# quitting, and the bottom line gives its result; a third bill is paid
# while bankterm is locked and its result comes after the unlock).
. "$(dirname "$0")/lib.sh" "$@"
. "$E2E_DIR/sandbox_api.sh"
start 100 30 "BANKTERM_DEMO_SANDBOX_ARGS='--drop-after-commit 0.5 --fault-seed 7 --latency-ms 3000'"
ready || { fail "demo did not start"; finish; }
grep -q -- "--drop-after-commit" /proc/"$(pgrep -n -f "bankterm-sandbox serve --db $WORK/")"/cmdline 2>/dev/null &&
	ok "the sandbox runs with --drop-after-commit" || fail "the sandbox has no fault flag"

avail() { sb_cents "$(sb_balance acc_chk | cut -d' ' -f2)"; }
bill_row() { keys g; for ((i = 0; i < $1; i++)); do keys j; done; }
a0=$(avail)
p0=$(sb_count payments)
REPLAYS=0
nimbus=$(sb_get flexpay bnpl/plans | jq -r '.plans[] | select(.id == "plan_nimbus") |
	[.installments[] | select(.status != "paid")][0].amount.amount')

# pay_bill ROW: the amount due, from Everyday Checking, today.
pay_bill() {
	bill_row "$1"
	keys p
	wait_for "Pay from which account?" 10 || fail "dialog"
	keys Enter
	wait_for "How much?" 10
	keys Enter
	wait_for "Date (YYYY-MM-DD)" 10
	keys Enter
	wait_for "Check, then confirm" 10 || fail "review"
	keys y
	if wait_for "✓ Done" 120; then ok "bill $1: the dialog ends with Done"; else fail "bill $1 not done"; fi
	capture | grep -q "the first answer was lost" && REPLAYS=$((REPLAYS + 1))
	keys Enter
	wait_gone "✓ Done" 10
}

keys 3
wait_for "[3 Bil" 10 || fail "tab 3"
pay_bill 0 # Metro Water 46.20
pay_bill 1 # Ironworks Gym 49.00

keys 5
wait_for "[5 BNPL]" 10 || fail "tab 5"
keys G p
wait_for "Pay what?" 10 || fail "BNPL dialog"
keys Enter
wait_for "Which of your accounts does it charge?" 10
keys Enter
wait_for "Check, then confirm" 10
keys y
# Hidden while in flight: the bottom line carries it, and Q asks once.
wait_for "Sending… do not close" 10 || fail "the BNPL dialog shows it is sending"
keys Escape
wait_for "still sending in the background" 10 || fail "Esc hides the dialog, the payment goes on"
keys Q
wait_for "a payment is still being sent: Q again quits anyway" 10 &&
	ok "Q with a payment in flight asks once" || fail "Q quit with a payment in flight"
expect_text "sending 1 payment" "the bottom line shows the payment in flight"
if wait_for "to Nimbus Sneakers: Done" 120; then ok "BNPL: the bottom line gives the result"; else
	fail "BNPL not done"
fi
[ "$REPLAYS" -gt 0 ] && ok "$REPLAYS of 2 bill answers were lost and replayed (the fault hit)" ||
	fail "no answer was lost: the fault did not hit (seed?)"

# Locked while a payment is in flight: nothing is lost, the result comes
# after the unlock.
keys 3
wait_for "[3 Bil" 10 || fail "tab 3"
bill_row 2
keys p
wait_for "Pay from which account?" 10
keys Enter Enter Enter
wait_for "Check, then confirm" 10 || fail "review of City Power & Light"
keys y
wait_for "Sending… do not close" 10 || fail "sending City Power & Light"
keys Escape L
wait_for "bankterm is locked." 10 || fail "L locks with a payment in flight"
sleep 8
keys d e m o Enter
if wait_for "to City Power & Light: Done" 120; then ok "after the unlock the payment's result is shown"; else
	fail "no result after the unlock"
fi

want=$((4620 + 4900 + 11248 + $(sb_cents "$nimbus")))
a1=$(avail)
[ $((a0 - a1)) -eq "$want" ] && ok "checking moved by exactly the four amounts ($want)" ||
	fail "checking moved by $((a0 - a1)), not $want"
sb_get northwind payments >"$WORK/payments.json"
[ $(($(jq '.payments | length' "$WORK/payments.json") - p0)) -eq 3 ] &&
	ok "exactly three new bill payments" || fail "bill payments: $(jq '.payments | length' "$WORK/payments.json") (was $p0)"
for b in bill_water bill_gym bill_power; do
	n=$(jq --arg b $b '[.payments[] | select(.bill_id == $b)] | length' "$WORK/payments.json")
	[ "$n" -eq 1 ] && ok "$b paid exactly once" || fail "$b paid $n times"
done
n=$(sb_get northwind accounts/acc_chk/transactions | jq '[.transactions[] | select(.description | test("FLEXPAY"))
	| select(.booked_at | startswith("2026-11-23"))] | length')
[ "$n" -eq 1 ] && ok "one FLEXPAY debit today" || fail "$n FLEXPAY debits today"
keys Enter
quit_and_check
finish

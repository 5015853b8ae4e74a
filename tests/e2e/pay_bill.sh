#!/bin/bash
# pay_bill.sh — Bills `p`: pay a bill now (the confirm key pressed twice makes
# one payment), schedule one for a later date, cancel it with `x`, and an
# insufficient-funds refusal; bad input is refused with a message.  After
# each step the sandbox's own API must show exactly what happened: the
# balance moved by exactly the amount, exactly one new payment.
. "$(dirname "$0")/lib.sh" "$@"
. "$E2E_DIR/sandbox_api.sh"
start 100 30
ready || { fail "demo did not start"; finish; }

avail() { sb_cents "$(sb_balance acc_chk | cut -d' ' -f2)"; }
payments() { sb_count payments; }
# bill_row N: the bills list's first row, then N rows down.
bill_row() { keys g; for ((i = 0; i < $1; i++)); do keys j; done; }

keys 3
wait_for "[3 Bil" 10 || fail "tab 3"
before=$(avail)
n0=$(payments)

# ---- pay now: City Power & Light, 112.48, the amount due --------------------
bill_row 2
keys p
wait_for "Pay from which account?" 10 || fail "p opens the dialog"
expect_screen pay_bill_from
keys Enter
wait_for "How much?" 10 || fail "amount choice"
keys Enter
wait_for "Date (YYYY-MM-DD)" 10 || fail "date input"
keys Enter
wait_for "Check, then confirm" 10 || fail "review"
expect_text "City Power & Light" "review shows the payee"
expect_text "Balance after" "review shows the balance after"
expect_screen pay_bill_review
# ? lists the dialog's own keys; any key closes the help, not the dialog.
keys '?'
wait_for "Keys: this dialog" 10 && ok "? shows the dialog's keys" || fail "no help for the dialog"
expect_text "confirm: this sends the payment" "the help names the confirm key"
keys Escape
wait_gone "Keys: this dialog" 10 || fail "a key closes the help"
expect_text "Check, then confirm" "the review is still open after the help"
# The confirm key twice in a row: one payment.
keys y y
wait_for "✓ Done" 30 || fail "the payment is done"
expect_text "Confirmation    NW-" "the result shows the bank's confirmation id"
after=$(avail)
n1=$(payments)
[ $((before - after)) -eq 11248 ] && ok "balance moved by exactly 112.48" ||
	fail "balance moved by $((before - after)) cents, not 11248"
[ $((n1 - n0)) -eq 1 ] && ok "exactly one payment (y pressed twice)" ||
	fail "$((n1 - n0)) payments were made"
keys Enter
wait_gone "✓ Done" 10 || fail "Enter closes the result"
wait_for "0.00 USD            — paid" 30 && ok "the bill shows paid after the refresh" ||
	fail "the bill is not shown paid"

# ---- Esc cancels before confirming: nothing sent ------------------------------
bill_row 3
keys p
wait_for "Pay from which account?" 10
keys Enter Enter Enter
wait_for "Check, then confirm" 10 || fail "review"
keys Escape
wait_gone "Check, then confirm" 10 || fail "Esc closes the review"
[ "$(payments)" -eq "$n1" ] && ok "Esc on the review sends nothing" || fail "Esc sent a payment"

# ---- scheduled: Bluebird Mobile, other amount 20.00, on 2026-12-01 -----------
bill_row 3
keys p
wait_for "Pay from which account?" 10
keys Enter
wait_for "How much?" 10
keys j Enter
wait_for "Amount in USD" 10 || fail "other amount asks for the amount"
keys 1 2 . 3 4 5 Enter
wait_for "! amount" 10 && ok "an amount with 3 decimals is refused" || fail "bad amount accepted"
keys C-u 2 0 . 0 0 Enter
wait_for "Date (YYYY-MM-DD)" 10 || fail "date input after a good amount"
keys C-u 2 0 2 8 - 0 1 - 0 1 Enter
wait_for "! " 10 && ok "a date beyond the horizon is refused" || fail "far date accepted"
expect_text "Date (YYYY-MM-DD)" "still on the date page"
keys C-u 2 0 2 6 - 1 2 - 0 1 Enter
wait_for "(scheduled)" 10 || fail "the review says scheduled"
keys y
wait_for "✓ Done" 30 || fail "the scheduled payment is accepted"
expect_text "scheduled" "the result says scheduled"
n2=$(payments)
[ $((n2 - n1)) -eq 1 ] && ok "exactly one scheduled payment" || fail "$((n2 - n1)) payments"
[ "$(avail)" -eq "$after" ] && ok "a scheduled payment does not move money yet" ||
	fail "the balance moved for a scheduled payment"
sid=$(sb_get northwind payments | jq -r '[.payments[] | select(.payee == "Bluebird Mobile")][0].id')
keys Enter
wait_for "20.00 USD  from acc_chk" 30 || fail "the scheduled payment is listed on the Bills screen"

# ---- x cancels it ---------------------------------------------------------------
keys G x
if ! wait_for "Cancel this payment?" 10; then fail "x opens the cancel dialog"; fi
# The scheduled payments' order is the bank's: find the one we made.
if ! capture | grep -q "Pay to          Bluebird Mobile"; then
	keys Escape k x
	wait_for "Cancel this payment?" 10
fi
expect_text "Pay to          Bluebird Mobile" "the cancel dialog shows the payment"
keys y
wait_for "✓ Done" 30 || fail "cancelled"
st=$(sb_get northwind payments | jq -r --arg id "$sid" '.payments[] | select(.id == $id) | .status')
[ "$st" = cancelled ] && ok "the bank shows the payment cancelled" || fail "status is $st"
[ "$(avail)" -eq "$after" ] && ok "cancelling moved no money" || fail "balance moved"
keys Enter
wait_gone "20.00 USD  from acc_chk" 30 || fail "the cancelled payment is no longer listed"

# ---- insufficient funds: Harbor Mutual, 999999.00 from Savings ----------------
sav0=$(sb_balance acc_sav)
bill_row 6
keys p
wait_for "Pay from which account?" 10
keys j Enter
wait_for "How much?" 10
keys j Enter
wait_for "Amount in USD" 10
keys 9 9 9 9 9 9 . 0 0 Enter
wait_for "Date (YYYY-MM-DD)" 10
keys Enter
wait_for "Check, then confirm" 10 || fail "review"
expect_text "! " "the review warns about the balance"
keys y
wait_for "Refused by the bank" 30 || fail "refused"
expect_text "Insufficient funds" "the refusal is in the customer's words"
expect_text "NOT made" "says the payment was not made"
[ "$(sb_balance acc_sav)" = "$sav0" ] && ok "savings unchanged" || fail "savings moved"
[ "$(payments)" -eq "$n2" ] && ok "no payment recorded" || fail "a payment was recorded"
keys Enter
quit_and_check
finish

#!/bin/bash
# send.sh — Transfers tab, `n`: send money to an existing contact (Alice, who
# has had transfers, so no one-time code): contact → amount (over the daily
# limit refused, then 12.34) → account → memo → review → the confirm key
# pressed twice → the bank's id and status.  The sandbox then holds exactly
# one more transfer and Everyday Checking moved by exactly 12.34.  Also:
# Esc cancels with nothing sent; a contact never paid shows the scam warning
# first; a no-match contact needs the word "override", not just Enter; when
# the bank refuses (its daily limit used up behind bankterm's back) the
# dialog says why and nothing moves.
. "$(dirname "$0")/lib.sh" "$@"
. "$E2E_DIR/sandbox_api.sh"
start 100 30
ready || { fail "demo did not start"; finish; }
keys 4
wait_for "Recent transfers" 10 || fail "tab 4"

read -r bal0 avail0 <<<"$(sb_balance acc_chk)"
n0=$(sb_count transfers)
alice0=$(sb_transfers_to ct_alice)
rem0=$(sb_remaining)
[ -n "$bal0" ] && [ -n "$n0" ] && ok "sandbox state read ($n0 transfers, checking $bal0)" ||
	fail "cannot read the sandbox's state"

# Esc on the first page: nothing happens.
keys n
wait_for "Send money to whom?" 10 || fail "n opens the send dialog"
keys Escape
wait_for "cancelled: nothing was sent" 10 || fail "Esc cancels"

# A contact never paid (Bob): the scam warning comes first.
keys n
wait_for "Send money to whom?" 10
keys Down Enter
wait_for "Your first transfer to Bob Jones" 10 || fail "first transfer warning for Bob"
expect_text "Only pay people you know." "scam warning: only pay people you know"
expect_text "A transfer cannot be reversed." "scam warning: cannot be reversed"
expect_text '"safe account"' "scam warning: safe account"
keys Escape
wait_for "cancelled: nothing was sent" 10 || fail "Esc on the warning cancels"

# A no-match contact (Carol): Enter alone does not get past the warning.
keys n
wait_for "Send money to whom?" 10
keys Down Down Enter
wait_for "NO MATCH" 10 || fail "no-match warning for Carol"
keys Enter
wait_for "type the word override" 10 || fail "Enter alone is refused"
keys -l yes
keys Enter
wait_for "type the word override" 10 || fail "another word is refused"
keys Escape
wait_for "cancelled: nothing was sent" 10 || fail "Esc on the override cancels"

# Alice: the first contact, selected on the Transfers screen.
keys n
wait_for "Send money to whom?" 10
expect_screen send_contacts
keys Enter
wait_for "How much to Alice Smith?" 10 || fail "amount page"
expect_text "Left today" "the daily limit left is shown"
keys -l 2600
keys Enter
wait_for "limit reached" 10 || fail "an amount over the daily limit is refused"
keys C-u
keys -l 12.345
keys Enter
wait_for "! " 10
expect_text "How much to Alice Smith?" "three decimals refused, still on the amount"
keys C-u
keys -l 12.34
keys Enter
wait_for "Send from which account?" 10 || fail "account page"
expect_screen send_account
keys Enter
wait_for "A note for them?" 10 || fail "memo page"
keys -l lunch
keys Enter
wait_for "Check the transfer" 10 || fail "review page"
expect_screen send_review
keys y y
wait_for "✓ Done" 30 || fail "sent: done"
expect_text "12.34 USD to Alice Smith" "what was sent, to whom"
expect_text "completed" "the bank's status"
expect_text "tr_" "the bank's transfer id"
keys Enter
wait_for "Alice Smith — lunch" 30 || fail "the new transfer is listed after the refresh"

read -r bal1 avail1 <<<"$(sb_balance acc_chk)"
n1=$(sb_count transfers)
alice1=$(sb_transfers_to ct_alice)
rem1=$(sb_remaining)
[ "$n1" = $((n0 + 1)) ] && ok "exactly one more transfer on the server ($n0 → $n1)" ||
	fail "transfers on the server: $n0 → $n1 (want one more)"
[ "$alice1" = $((alice0 + 1)) ] && ok "it went to Alice" || fail "transfers to Alice: $alice0 → $alice1"
[ $(($(sb_cents "$bal0") - $(sb_cents "$bal1"))) = 1234 ] &&
	ok "balance moved by exactly 12.34 ($bal0 → $bal1)" || fail "balance $bal0 → $bal1"
[ $(($(sb_cents "$avail0") - $(sb_cents "$avail1"))) = 1234 ] &&
	ok "available moved by exactly 12.34" || fail "available $avail0 → $avail1"
[ $(($(sb_cents "$rem0") - $(sb_cents "$rem1"))) = 1234 ] &&
	ok "daily limit left moved by 12.34 ($rem0 → $rem1)" || fail "limit left $rem0 → $rem1"
memo=$(sb_get northwind transfers | jq -r '.transfers[0].memo')
[ "$memo" = lunch ] && ok "memo sent" || fail "memo on the server: $memo"

# The bank knows more than bankterm: the rest of today's limit is used
# behind its back, so the Transfers tab still shows 2487.66 left.  The bank
# refuses, in words the customer can act on, and nothing moves.
for amount in 500.00 500.00 500.00 500.00 487.66; do
	[ "$(sb_transfer ct_alice "$amount")" = 201 ] || fail "sandbox transfer of $amount"
done
[ "$(sb_remaining)" = 0.00 ] && ok "the bank's daily limit is used up" || fail "limit left: $(sb_remaining)"
read -r bal2 _ <<<"$(sb_balance acc_chk)"
n2=$(sb_count transfers)
keys n
wait_for "Send money to whom?" 10
keys Enter
wait_for "How much to Alice Smith?" 10
keys -l 10.00
keys Enter
wait_for "Send from which account?" 10
keys Enter
wait_for "A note for them?" 10
keys Enter
wait_for "Check the transfer" 10
keys y
wait_for "Refused by the bank" 30 || fail "the bank's refusal is shown"
expect_text "limit" "it says the daily limit was reached"
expect_screen send_limit_refused
keys Enter
read -r bal3 _ <<<"$(sb_balance acc_chk)"
[ "$(sb_count transfers)" = "$n2" ] && ok "no transfer made" || fail "transfers $n2 → $(sb_count transfers)"
[ "$bal3" = "$bal2" ] && ok "balance unchanged" || fail "balance $bal2 → $bal3"

quit_and_check
finish

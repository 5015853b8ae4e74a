#!/bin/bash
# filters.sh — the transaction list's f filter: the form, an amount range, a
# date range added to it, a bad amount (message on the bottom line, nothing
# changes), Esc out of the form, q clearing the filter, pending only.
. "$(dirname "$0")/lib.sh" "$@"
start 100 30
ready || { fail "demo did not start"; finish; }
keys 2
wait_for "[2 Acc" 10 || fail "tab 2"
keys Enter
wait_for "616 transactions" 10 || fail "Enter opens the transactions"
keys f
wait_for "Tab next field" 10 || fail "f opens the filter form"
expect_screen filter_form

# Amount 30..40: the size of debits and credits.
keys Tab 30 Tab 40
wait_for ">[40_" 10 || fail "typing into the amount fields"
keys Enter
wait_for "[filter: 30.00..40.00 USD]" 10 || fail "the header shows the amount range"
expect_screen filter_amount
expect_no_text "Tab next field" "Enter closes the form"
# The end of the filtered list: running balances of rows far down the
# account (the same figures the row-by-row sum gave before partial sums).
keys G
wait_for "2024-12-05   CARD PURCHASE Corner Market" 10 || fail "G goes to the last match"
expect_screen filter_amount_end
keys g

# The form keeps what was typed; add a date range.
keys f Tab Tab Tab 2026-11-01 Tab 2026-11-15 Enter
wait_for "2026-11-01..2026-11-15]" 10 || fail "the header shows the date range"
expect_screen filter_amount_dates
shown=$(capture | sed -n 2p)

# A bad amount: the bottom line names the field; the list does not change.
keys f Tab C-u 1.234 Enter
wait_for "! amount from" 10 || fail "a bad amount is reported"
expect_screen filter_bad_amount
keys Escape
wait_gone "Tab next field" 10 || fail "Esc closes the form"
[ "$(capture | sed -n 2p)" = "$shown" ] && ok "a bad amount changes nothing" ||
	fail "the header changed after a bad amount: $(capture | sed -n 2p)"

# q clears the filter; then pending only from the form.
keys q
wait_for "616 transactions" 10 || fail "q clears the filter"
keys f Space Enter
wait_for "[filter: pending]" 10 || fail "Space in the form: pending only"
expect_screen filter_pending
keys Escape
wait_for "616 transactions" 10 || fail "Esc clears the filter"
keys q
wait_for "Everyday Checking" 10
expect_text "[2 Acc" "q goes back to the account list"
quit_and_check
finish

#!/bin/bash
# accounts.sh — Accounts tab, Enter into an account's transactions, j/k and
# Enter for details, / incremental search, q back.
. "$(dirname "$0")/lib.sh" "$@"
start 100 30
ready || { fail "demo did not start"; finish; }
keys 2
wait_for "[2 Acc" 10 || fail "tab 2"
expect_screen accounts
keys Enter
wait_for "616 transactions" 10 || fail "Enter opens the transactions"
expect_screen transactions
# j j k j: the third row (the second pending one) is selected; Enter shows it.
keys j j k j Enter
wait_for "Transaction" 10
expect_text "PENDING Sunrise Supermarket" "j/k moved to the third row"
expect_text "pending" "details show the status"
keys Escape
wait_for "616 transactions" 10 || fail "Esc leaves the details"
keys / T r a t t
wait_for "/Tratt  " 10 || fail "search prompt"
expect_screen search
keys Enter
keys q
wait_for "616 transactions" 10 || fail "q clears the search"
keys q
wait_for "Everyday Checking" 10
expect_text "[2 Acc" "q goes back to the account list"
quit_and_check
finish

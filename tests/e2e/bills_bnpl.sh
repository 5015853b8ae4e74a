#!/bin/bash
# bills_bnpl.sh — the Bills tab, the Transfers tab, the BNPL tab and one plan's details.
. "$(dirname "$0")/lib.sh" "$@"
start 100 30
ready || { fail "demo did not start"; finish; }
keys 3
wait_for "[3 Bil" 10 || fail "tab 3"
expect_screen bills
expect_text "! 2026-11-20 3 late" "overdue bill first, marked with !"
keys 4
wait_for "[4 Tra" 10 || fail "tab 4"
expect_screen transfers
expect_text "Recent transfers" "transfers listed"
keys 5
wait_for "[5 BNPL]" 10 || fail "tab 5"
expect_screen bnpl
expect_text "plans are credit" "BNPL says it is credit"
keys G Enter
wait_for "If you miss a payment" 10 || fail "Enter opens the plan"
expect_screen bnpl_plan
keys Escape
wait_for "Total owed" 10 || fail "Esc goes back to the plans"
quit_and_check
finish

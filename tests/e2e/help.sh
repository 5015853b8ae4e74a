#!/bin/bash
# help.sh — `?` shows the keys of the current screen (from its keymap) on
# every screen; any other key closes it.
. "$(dirname "$0")/lib.sh" "$@"
start 100 30
ready || { fail "demo did not start"; finish; }
keys '?'
wait_for "Keys: Overview" 10 || fail "? on the overview"
expect_screen help_overview
keys x
wait_gone "Keys: Overview" 10 || fail "a key closes the help"
for tab in "2 Accounts" "3 Bills" "4 Transfers" "5 BNPL" "6 Timeline"; do
	keys "${tab%% *}" '?'
	if wait_for "Keys: ${tab#* }" 10; then ok "? on ${tab#* }"; else fail "? on ${tab#* }"; fi
	keys x
done
keys 2 Enter '?'
wait_for "Keys: Transactions" 10 || fail "? on the transactions"
expect_screen help_transactions
keys x
quit_and_check
finish

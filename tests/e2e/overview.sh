#!/bin/bash
# overview.sh — `bankterm --demo` starts with no set-up and its first screen
# answers with zero keystrokes; the figures match the sandbox's.
. "$(dirname "$0")/lib.sh" "$@"
. "$E2E_DIR/sandbox_api.sh"
start 100 30
ready || { fail "demo did not start"; finish; }
expect_screen overview
expect_text "net      +54745.01 USD" "net position"
expect_text "! bill overdue: Metro Water" "overdue bill alert, marked with !"
expect_text "Due in the next 14 days" "due section"
# Every Northwind account's balance and available balance as the bank's API
# gives them (not the seed's numbers copied here).
n=0
while IFS=$'\t' read -r name bal avail cur; do
	n=$((n + 1))
	capture | grep -F -- "$name" | grep -qE -- " $bal $cur +avail $avail $cur" &&
		ok "overview shows $name as the API does: $bal / avail $avail $cur" ||
		fail "overview: $name is not $bal / avail $avail $cur"
done < <(sb_get northwind accounts | jq -r \
	'.accounts[] | [.name, .balance.amount, .available_balance.amount, .balance.currency] | @tsv')
[ "$n" -ge 3 ] && ok "checked $n accounts against the API" || fail "only $n accounts from the API"
# r refreshes every connection: progress in the top bar, then a message.
keys r
wait_for "refresh finished" 60 && ok "r refreshes" || fail "r did not finish a refresh"
expect_text "Northwind ✓ 10:42" "sync state and time after the refresh"
quit_and_check
finish

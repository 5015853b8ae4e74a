#!/bin/bash
# pay_bnpl.sh — BNPL `p`: pay a plan's next installment from the list, and
# pay another plan off from its own screen (the payoff amount and the
# interest saved shown before confirming).  The sandbox's API is asked
# afterwards: checking moved by exactly the installment / the payoff amount,
# the plan's outstanding dropped by it, the paid-off plan is paid_off.
. "$(dirname "$0")/lib.sh" "$@"
. "$E2E_DIR/sandbox_api.sh"
start 100 30
ready || { fail "demo did not start"; finish; }

avail() { sb_cents "$(sb_balance acc_chk | cut -d' ' -f2)"; }
plan() { sb_get flexpay bnpl/plans | jq -r --arg id "$1" ".plans[] | select(.id == \$id) | $2"; }

keys 5
wait_for "[5 BNPL]" 10 || fail "tab 5"
a0=$(avail)
next=$(sb_cents "$(plan plan_lumen '[.installments[] | select(.status != "paid")][0].amount.amount')")
out0=$(sb_cents "$(plan plan_lumen .outstanding.amount)")

# ---- the next installment of Lumen Audio (the first row) ---------------------
keys g p
wait_for "Pay what?" 10 || fail "p opens the dialog"
expect_screen pay_bnpl_kind
keys Enter
wait_for "Which of your accounts does it charge?" 10 || fail "account page"
keys Enter
wait_for "Check, then confirm" 10 || fail "review"
expect_text "Lumen Audio" "the review names the plan"
keys y y
wait_for "✓ Done" 30 || fail "the installment is paid"
a1=$(avail)
[ $((a0 - a1)) -eq "$next" ] && ok "checking moved by exactly the installment ($next)" ||
	fail "checking moved by $((a0 - a1)), not $next"
out1=$(sb_cents "$(plan plan_lumen .outstanding.amount)")
[ $((out0 - out1)) -eq "$next" ] && ok "the plan's outstanding dropped by the installment" ||
	fail "outstanding dropped by $((out0 - out1))"
keys Enter
wait_gone "✓ Done" 10 || fail "Enter closes the result"

# ---- pay off Atlas Furniture from its plan screen ----------------------------
payoff=$(sb_cents "$(plan plan_atlas .payoff_amount.amount)")
saved=$(plan plan_atlas .interest_saved_on_payoff.amount)
keys g j Enter
wait_for "If you miss a payment" 10 || fail "Enter opens the plan"
expect_text "Atlas Furniture" "the Atlas plan is open"
keys p
wait_for "Pay what?" 10 || fail "p on the plan screen"
expect_text "saves $saved USD" "the payoff choice shows the interest saved"
keys j Enter
wait_for "Which of your accounts does it charge?" 10
keys Enter
wait_for "Check, then confirm" 10 || fail "review"
expect_text "Interest saved  $saved USD" "the review shows the interest saved"
expect_screen pay_bnpl_payoff_review
# The smallest size the interface supports: the review still fits, the
# confirm key still shows, and the line scrolls.
"${T[@]}" resize-window -t bt -x 60 -y 15
sleep 0.5
expect_screen pay_bnpl_payoff_review_60x15
expect_text "y/Enter pay it off" "at 60x15 the confirm key is shown"
"${T[@]}" resize-window -t bt -x 100 -y 30
sleep 0.5
keys y
wait_for "✓ Done" 30 || fail "the payoff is done"
a2=$(avail)
[ $((a1 - a2)) -eq "$payoff" ] && ok "checking moved by exactly the payoff amount ($payoff)" ||
	fail "checking moved by $((a1 - a2)), not $payoff"
[ "$(plan plan_atlas .status)" = paid_off ] && ok "the bank shows the plan paid off" ||
	fail "the plan is $(plan plan_atlas .status)"
keys Enter
wait_for "paid_off" 30 && ok "the plan screen shows paid_off after the refresh" ||
	fail "not shown paid off"
keys p
wait_for "this plan is paid off" 10 && ok "p on a paid-off plan is refused" || fail "p accepted"
quit_and_check
finish

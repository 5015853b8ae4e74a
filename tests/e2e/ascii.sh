#!/bin/bash
# ascii.sh — under LC_ALL=C (a locale that is not UTF-8) bankterm draws
# ASCII only (ui/glyph.h): "ok" for the check mark, | - + for lines and
# boxes, "..." for the ellipsis, '?' for anything else.  On every screen
# visited (overview, accounts, transactions, help, a payment dialog and its
# review, timeline, and 60x15) capture-pane holds no byte above 0x7f and
# the top bar is all on line 1.  The review dialog is compared with
# expected/ascii_pay_review.txt (the UTF-8 pay_bill_review.txt with ASCII
# glyphs); Esc cancels it and nothing is paid.
. "$(dirname "$0")/lib.sh" "$@"
. "$E2E_DIR/sandbox_api.sh"

# ascii_screen WHAT [BAR_END]: the screen is ASCII and its top bar one line
# (that shows BAR_END, "Cedar ok" unless given).
ascii_screen() {
	local what=$1 end=${2:-Cedar ok} screen bad line1 line2
	settle
	screen=$(capture)
	bad=$(printf '%s' "$screen" | LC_ALL=C tr -d '\000-\177' | wc -c)
	if [ "$bad" -eq 0 ]; then ok "$what: ASCII only"; else
		fail "$what: $bad byte(s) above 0x7f on screen"
		printf '%s\n' "$screen" | sed 's/^/  | /'
	fi
	line1=$(printf '%s\n' "$screen" | sed -n 1p)
	line2=$(printf '%s\n' "$screen" | sed -n 2p)
	# The bar ends with the last connection's state; nothing of it wraps.
	if [[ $line1 == *"$end"* && $line2 != *" ok"* && $line2 != *"Cedar"* &&
		$line2 != *"Flexpay"* ]] && [ "${#line1}" -le "$COLS" ]; then
		ok "$what: top bar on line 1"
	else
		fail "$what: top bar not on line 1"
		printf '%s\n' "$screen" | sed -n 1,2p | sed 's/^/  | /'
	fi
}

COLS=100
start 100 30 LC_ALL=C
wait_for "Net position" 90 || { fail "demo did not start under LC_ALL=C"; finish; }
wait_for "Cedar ok" 60 || fail "connections synced (Cedar ok)"
ascii_screen "overview"
expect_text "Net position (assets - debts)" "the minus sign as -"
expect_text "demo -- nothing is saved" "the demo note's dash as --"

keys 2
wait_for "[2 Acc" 10 || fail "tab 2"
ascii_screen "accounts"
keys Enter
wait_for "616 transactions" 10 || fail "Enter opens the transactions"
ascii_screen "transactions"
keys '?'
wait_for "Keys:" 10 || fail "? opens the help"
ascii_screen "help overlay"
expect_text "+------" "the help box drawn with + and -"
keys Escape
wait_gone "Keys:" 10 || fail "the help closes"

# A dialog: Bills p on City Power & Light, through to the review, then Esc.
n0=$(sb_count payments)
keys 3
wait_for "[3 Bil" 10 || fail "tab 3"
keys g j j p
wait_for "Pay from which account?" 10 || fail "p opens the dialog"
ascii_screen "payment dialog"
keys Enter
wait_for "How much?" 10 || fail "amount choice"
keys Enter
wait_for "Date (YYYY-MM-DD)" 10 || fail "date input"
keys Enter
wait_for "Check, then confirm" 10 || fail "review"
ascii_screen "payment review"
expect_screen ascii_pay_review
keys Escape
wait_gone "Check, then confirm" 10 && ok "Esc closes the dialog" || fail "Esc did not close the dialog"
ascii_screen "bills after Esc"
[ "$(sb_count payments)" = "$n0" ] && ok "Esc sent nothing" || fail "a payment was made"

keys 6
wait_for "below zero" 10 || fail "tab 6"
ascii_screen "timeline"

COLS=60
"${T[@]}" resize-window -t bt -x 60 -y 15
wait_for "[6 Time]" 10 || fail "relayout at 60x15"
ascii_screen "timeline at 60x15" "[6 Time] Northwin..."
quit_and_check
finish

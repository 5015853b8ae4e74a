#!/bin/bash
# contacts.sh — Transfers tab, `a`: add a contact and see the bank's payee
# check for each result the sandbox gives (sandbox/NOTES.md, "Payee check
# directory"): match, close match (the bank's name, "is that who you
# meant?", answered No and Yes), unavailable, a handle refused before
# sending, and no match — which only the typed word "override" gets past —
# then the first transfer to that new contact: the scam warning, the
# review's no-match line, the one-time code, and the bank's answer.  The
# sandbox is checked afterwards: one contact per add with the result shown,
# exactly one transfer to the new contact, and the balance moved by exactly
# the amount.
. "$(dirname "$0")/lib.sh" "$@"
. "$E2E_DIR/sandbox_api.sh"
start 100 30
ready || { fail "demo did not start"; finish; }
keys 4
wait_for "Recent transfers" 10 || fail "tab 4"
c0=$(sb_count contacts)
n0=$(sb_count transfers)
read -r bal0 _ <<<"$(sb_balance acc_chk)"

# add NAME HANDLE: `a`, the name, the handle.
add() {
	keys a
	wait_for "Who is it?" 10 || fail "a opens the dialog"
	keys -l "$1"
	keys Enter
	wait_for "Handle:" 10 || fail "handle page"
	keys -l "$2"
	keys Enter
}

# check HANDLE RESULT: the sandbox holds a contact with that payee check.
check() {
	local got
	got=$(sb_contact "$1" result)
	[ "$got" = "$2" ] && ok "the bank saved $1 with $2" || fail "$1: bank says '$got', want $2"
}

add "Grace Hopper" grace@example.com
wait_for "Name matches" 20 || fail "match shown"
expect_screen contact_match
check grace@example.com match
keys y
wait_for "Your first transfer to Grace Hopper" 20 || fail "y: on to sending, scam warning first"
keys Escape
wait_for "cancelled: nothing was sent" 10 || fail "Esc on the warning: nothing sent"

add "Maggie Hamilton" +447700900123
wait_for "Close match" 20 || fail "close match shown"
expect_text "Margaret Hamilton" "the bank's name for the handle"
expect_screen contact_close_match
check +447700900123 close_match
keys Enter
wait_for "Do not pay this contact" 10 || fail "No (the first choice): do not pay"
keys Enter
wait_gone "Do not pay this contact" 10 || fail "Enter closes"

add "Bob Jones" +14155550123
wait_for "Close match" 20 || fail "close match shown"
expect_text "Robert Jones" "the bank's name for Bob's handle"
keys Down Enter
wait_for "Your first transfer to Bob Jones" 20 || fail "Yes, who I meant: on to sending"
keys Escape
wait_for "cancelled: nothing was sent" 10 || fail "Esc: nothing sent"

add "Zed Zero" zed@nowhere.example
wait_for "Name not checked" 20 || fail "unavailable shown"
expect_text "could not check the name" "says it could not be checked"
check zed@nowhere.example unavailable
keys n
wait_for "contact saved; nothing was sent" 10 || fail "n: saved, nothing sent"

add "Nobody" "not a handle"
wait_for "handle" 10
expect_text "Handle:" "a bad handle keeps the page"
expect_text "! " "with a message"
keys Escape

add "Dan Brown" 987654321
wait_for "NO MATCH" 20 || fail "no match shown"
expect_screen contact_no_match
check 987654321 no_match
keys Enter
wait_for "type the word override" 10 || fail "Enter alone does not override"
keys -l override
keys Enter
wait_for "Your first transfer to Dan Brown" 30 || fail "first transfer warning"
expect_screen contact_scam
keys y
wait_for "How much to Dan Brown?" 10 || fail "amount page"
keys -l 5.00
keys Enter
wait_for "Send from which account?" 10 || fail "account page"
keys Enter
wait_for "A note for them?" 10 || fail "memo page"
keys Enter
wait_for "Check the transfer" 10 || fail "review"
expect_text "does NOT match" "the review repeats the no-match warning"
keys y
wait_for "code" 30 || fail "the bank asks for a one-time code"
keys -l "$(sb_otp)"
keys Enter
wait_for "✓ Done" 30 || fail "sent after the code"
expect_text "5.00 USD to Dan Brown" "what was sent, to whom"
keys Enter

dan=$(sb_contact 987654321 id)
c1=$(sb_count contacts)
n1=$(sb_count transfers)
read -r bal1 _ <<<"$(sb_balance acc_chk)"
[ "$c1" = $((c0 + 5)) ] && ok "five contacts added on the server" || fail "contacts $c0 → $c1"
[ "$n1" = $((n0 + 1)) ] && ok "exactly one transfer" || fail "transfers $n0 → $n1"
[ "$(sb_transfers_to "$dan")" = 1 ] && ok "it went to the new contact $dan" ||
	fail "transfers to $dan: $(sb_transfers_to "$dan")"
[ $(($(sb_cents "$bal0") - $(sb_cents "$bal1"))) = 500 ] &&
	ok "balance moved by exactly 5.00" || fail "balance $bal0 → $bal1"

quit_and_check
finish

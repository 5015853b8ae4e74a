#!/bin/bash
# timeline.sh — tab 6 at 120x40 and 60x15 with a low-balance threshold, the
# ASCII chart under LC_ALL=C, Enter on a row, and one projected balance
# checked against the sandbox's own API (balance − what is due by that day).
. "$(dirname "$0")/lib.sh" "$@"
SANDBOX_BIN=${BANKTERM_SANDBOX:-$(dirname "$BANKTERM")/sandbox/bankterm-sandbox}
PY=/usr/bin/python3
printf "[general]\nlow_balance_threshold = 20000.00 USD\n" >"$WORK/config"

# json FILE KEY: a top-level string field of a JSON file.
json() { $PY -c 'import json,sys; print(json.load(open(sys.argv[1]))[sys.argv[2]])' "$1" "$2"; }

# api_balance_after DATE: Everyday Checking's available balance minus every
# bill, BNPL installment and scheduled payment that counts on or before DATE
# (overdue ones count today), from a second sandbox seeded like the demo's.
api_balance_after() {
	local db=$WORK/check.db out=$WORK/check.out url tok
	local form=(-s -H 'Content-Type: application/x-www-form-urlencoded')
	local grant="grant_type=urn:ietf:params:oauth:grant-type:device_code&client_id=bankterm"
	"$SANDBOX_BIN" serve --db "$db" --port 0 --auto-approve --now "$E2E_NOW" \
		>"$out" 2>/dev/null &
	local pid=$!
	for _ in $(seq 100); do [ -s "$out" ] && break; sleep 0.05; done
	url=$(head -1 "$out" | sed 's/^listening on //')
	for inst in northwind flexpay; do
		curl "${form[@]}" -o "$WORK/da" "$url/$inst/oauth/device_authorization" \
			--data 'client_id=bankterm'
		curl "${form[@]}" -o "$WORK/tok" "$url/$inst/oauth/token" \
			--data "$grant&device_code=$(json "$WORK/da" device_code)"
		tok=$(json "$WORK/tok" access_token)
		for r in accounts bills payments bnpl/plans; do
			curl -s -H "Authorization: Bearer $tok" -o "$WORK/$inst-${r//\//-}.json" \
				"$url/$inst/v1/$r"
		done
	done
	kill "$pid"
	wait "$pid" 2>/dev/null
	$PY - "$WORK" "${E2E_NOW%%T*}" "$1" <<'PY'
import json, sys, decimal
w, today, until = sys.argv[1], sys.argv[2], sys.argv[3]
load = lambda n: json.load(open(f"{w}/{n}.json"))
cents = lambda m: int(decimal.Decimal(m["amount"]) * 100)
acc = [a for a in load("northwind-accounts")["accounts"] if a["id"] == "acc_chk"][0]
bal = cents(acc.get("available_balance") or acc["balance"])
day = lambda d: today if d < today else d
for b in load("northwind-bills")["bills"]:
    if b["status"] in ("due", "overdue") and day(b["due_date"]) <= until:
        bal -= cents(b["amount_due"])
for p in load("northwind-payments")["payments"]:
    if p["status"] == "scheduled" and p["pay_on"] <= until:
        bal -= cents(p["amount"])
for p in load("flexpay-bnpl-plans")["plans"]:
    for i in p["installments"]:
        if i["status"] != "paid" and day(i["due_date"]) <= until:
            bal -= cents(i["amount"])
print(f"{bal // 100 if bal >= 0 else -((-bal) // 100)}.{abs(bal) % 100:02d}")
PY
}

start 120 40
ready || { fail "demo did not start"; finish; }
keys 6
wait_for "[6 Timeline]" 10 || fail "tab 6"
wait_for "below zero" 10 || fail "the chart's legend"
expect_screen timeline_120x40
keys '?'
wait_for "Keys: Timeline" 10 && ok "? on the timeline" || fail "? on the timeline"
expect_text "open the row" "help lists Enter from the screen's keymap"
keys x
wait_gone "Keys: Timeline" 10 || fail "a key closes the help"
expect_text "~ below low 20000.00 USD" "the threshold is in the legend"
expect_text "~19942.88 USD" "a balance below the threshold is marked ~"
# One figure against the sandbox: the balance after the gym bill's day.
want=$(api_balance_after 2026-11-25)
if capture | grep -F "2026-11-25 Ironworks Gym" | grep -qF " $want USD"; then
	ok "balance after 2026-11-25 is the API's $want USD"
else
	fail "balance after 2026-11-25: the API says $want USD"
	capture | grep -F "2026-11-25" | sed 's/^/  | /'
fi
# Enter on an installment opens its plan; on a bill, the Bills tab.
keys g Enter
wait_for "If you miss a payment" 10 && ok "Enter opens the plan" || fail "Enter on an installment"
keys q
wait_for "[6 Timeline]" 10 || fail "q comes back from the plan"
keys j j Enter
wait_for "[3 Bills]" 10 && ok "Enter on a bill opens the Bills tab" || fail "Enter on a bill"
keys q
wait_for "[6 Timeline]" 10 || fail "q comes back from Bills"
"${T[@]}" resize-window -t bt -x 60 -y 15
wait_for "[6 Time]" 10 || fail "relayout at 60x15"
expect_screen timeline_60x15
keys G
wait_for "2027-01-15" 10 && ok "G scrolls to the last row at 60x15" || fail "scrolling at 60x15"
quit_and_check
"${T[@]}" kill-server 2>/dev/null

# LC_ALL=C: the ASCII chart, and ASCII everywhere else (ui/glyph.h: the top
# bar says "Cedar ok", without the times at 100 columns; ascii.sh checks the
# other screens).
start 100 30 LC_ALL=C
wait_for "Ironworks Gym" 90 || { fail "demo did not start under LC_ALL=C"; finish; }
wait_for "Cedar ok" 60 || fail "connections synced under LC_ALL=C"
settle
keys 6
wait_for "below zero" 10 || fail "tab 6 under LC_ALL=C"
expect_screen timeline_ascii
quit_and_check
finish

#!/bin/bash
# sandbox_smoke.sh — a quick end-to-end pass over bankterm-sandbox: start it on
# port 0, read the port from its first line, link with the device flow
# (pending, slow_down, approve, refresh rotation), read resources and a
# cursor page, pay a bill and replay it idempotently, claim SimpleFIN once,
# and stop it with SIGTERM.  Usage: sandbox_smoke.sh PATH/TO/bankterm-sandbox
set -u
SANDBOX=${1:?usage: sandbox_smoke.sh BANKTERM_SANDBOX}
PY=/usr/bin/python3
DIR=$(mktemp -d /tmp/bankterm-smoke-XXXXXX)
PID=
cleanup() {
	[ -n "$PID" ] && kill "$PID" 2>/dev/null && wait "$PID" 2>/dev/null
	rm -rf "$DIR"
}
trap cleanup EXIT

FAILS=0
fail() { echo "FAIL: $*"; FAILS=$((FAILS + 1)); }
ok() { echo "ok: $*"; }
# expect NAME ACTUAL WANTED
expect() { if [ "$2" = "$3" ]; then ok "$1"; else fail "$1: got '$2', want '$3'"; fi; }
# json FILE EXPR: a Python expression over the parsed document `d`.
json() { "$PY" -c 'import json,sys; d=json.load(open(sys.argv[1])); print(eval(sys.argv[2]))' "$1" "$2"; }
# req OUT METHOD PATH [curl args...]: body to OUT, prints the status code.
req() {
	local out=$1 method=$2 path=$3
	shift 3
	curl -s -o "$out" -D "$out.h" -w '%{http_code}' -X "$method" "$URL$path" "$@"
}

DB=$DIR/sandbox.db
"$SANDBOX" serve --db "$DB" --port 0 --now 2026-11-23T10:42:00Z >"$DIR/out" 2>"$DIR/err" &
PID=$!
for _ in $(seq 100); do
	[ -s "$DIR/out" ] && break
	sleep 0.05
done
LINE=$(head -1 "$DIR/out")
case $LINE in
"listening on http://127.0.0.1:"[0-9]*) ok "first line: $LINE" ;;
*) fail "first line was '$LINE'"; cat "$DIR/err"; exit 1 ;;
esac
URL=${LINE#listening on }

# --- device flow -----------------------------------------------------------
FORM=(-H 'Content-Type: application/x-www-form-urlencoded')
req "$DIR/da" POST /northwind/oauth/device_authorization "${FORM[@]}" \
	--data 'client_id=bankterm&scope=accounts%20payments' >/dev/null
DC=$(json "$DIR/da" 'd["device_code"]')
UC=$(json "$DIR/da" 'd["user_code"]')
expect "device_authorization interval" "$(json "$DIR/da" 'd["interval"]')" 5
GRANT="grant_type=urn:ietf:params:oauth:grant-type:device_code&client_id=bankterm&device_code="
s=$(req "$DIR/t1" POST /northwind/oauth/token "${FORM[@]}" --data "$GRANT$DC")
expect "token before approval" "$s $(json "$DIR/t1" 'd["error"]')" "400 authorization_pending"
s=$(req "$DIR/t2" POST /northwind/oauth/token "${FORM[@]}" --data "$GRANT$DC")
expect "polling too fast" "$s $(json "$DIR/t2" 'd["error"]')" "400 slow_down"
"$SANDBOX" deny --db "$DB" "$UC" || fail "deny command"
req "$DIR/da2" POST /northwind/oauth/device_authorization "${FORM[@]}" --data 'client_id=bankterm' >/dev/null
"$SANDBOX" approve --db "$DB" "$(json "$DIR/da2" 'd["user_code"]')" || fail "approve command"
s=$(req "$DIR/tok" POST /northwind/oauth/token "${FORM[@]}" --data "$GRANT$(json "$DIR/da2" 'd["device_code"]')")
expect "token after approval" "$s $(json "$DIR/tok" 'd["token_type"]')" "200 Bearer"
RT=$(json "$DIR/tok" 'd["refresh_token"]')
REFRESH="grant_type=refresh_token&client_id=bankterm&refresh_token="
s=$(req "$DIR/tok2" POST /northwind/oauth/token "${FORM[@]}" --data "$REFRESH$RT")
expect "refresh" "$s" 200
s=$(req "$DIR/tok3" POST /northwind/oauth/token "${FORM[@]}" --data "$REFRESH$RT")
expect "old refresh token after rotation" "$s $(json "$DIR/tok3" 'd["error"]')" "400 invalid_grant"
AUTH=(-H "Authorization: Bearer $(json "$DIR/tok2" 'd["access_token"]')")

# --- resources ---------------------------------------------------------------
s=$(req "$DIR/noauth" GET /northwind/v1/accounts)
expect "no token" "$s $(json "$DIR/noauth" 'd["type"]')" \
	"401 https://bankterm.dev/problems/invalid-token"
s=$(req "$DIR/inst" GET /northwind/v1/institution "${AUTH[@]}")
expect "institution" "$s $(json "$DIR/inst" '",".join(d["capabilities"])')" "200 accounts,bills,p2p"
req "$DIR/acc" GET /northwind/v1/accounts "${AUTH[@]}" >/dev/null
expect "checking account" "$(json "$DIR/acc" '[a["name"] for a in d["accounts"] if a["id"]=="acc_chk"][0]')" \
	"Everyday Checking"
expect "card has a limit and owes money" \
	"$(json "$DIR/acc" '[a["credit_limit"]["amount"] != None and a["balance"]["amount"].startswith("-") for a in d["accounts"] if a["type"]=="credit_card"][0]')" True
BAL1=$(json "$DIR/acc" '[a["balance"]["amount"] for a in d["accounts"] if a["id"]=="acc_chk"][0]')
req "$DIR/p1" GET "/northwind/v1/accounts/acc_chk/transactions?limit=3" "${AUTH[@]}" >/dev/null
CUR=$(json "$DIR/p1" 'd["next_cursor"]')
req "$DIR/p2" GET "/northwind/v1/accounts/acc_chk/transactions?limit=3&cursor=$CUR" "${AUTH[@]}" >/dev/null
expect "two pages, six different ids" \
	"$("$PY" -c 'import json,sys; a=json.load(open(sys.argv[1]))["transactions"]+json.load(open(sys.argv[2]))["transactions"]; print(len({t["id"] for t in a}), [(t["booked_at"],t["id"]) for t in a]==sorted([(t["booked_at"],t["id"]) for t in a],reverse=True))' "$DIR/p1" "$DIR/p2")" \
	"6 True"
s=$(req "$DIR/lim" GET "/northwind/v1/accounts/acc_chk/transactions?limit=5001" "${AUTH[@]}")
expect "limit over 5000" "$s" 400
s=$(req "$DIR/405" PUT /northwind/v1/bills "${AUTH[@]}")
expect "wrong method" "$s $(grep -i '^Allow:' "$DIR/405.h" | tr -d '\r')" "405 Allow: GET"
s=$(req "$DIR/404" GET /flexpay/v1/bills "${AUTH[@]}")
expect "outside capabilities" "$s" 404

# --- idempotent bill payment -------------------------------------------------
PAY='{"from_account": "acc_chk", "amount": {"amount": "49.00", "currency": "USD"}}'
JSON=(-H 'Content-Type: application/json' -H 'Idempotency-Key: smoke-1')
s=$(req "$DIR/pay1" POST /northwind/v1/bills/bill_gym/payments "${AUTH[@]}" "${JSON[@]}" --data "$PAY")
expect "pay a bill" "$s $(json "$DIR/pay1" 'd["status"]')" "201 sent"
s=$(req "$DIR/pay2" POST /northwind/v1/bills/bill_gym/payments "${AUTH[@]}" "${JSON[@]}" --data "$PAY")
expect "replay status" "$s" 201
expect "replay header" "$(grep -i '^Idempotent-Replayed:' "$DIR/pay2.h" | tr -d '\r')" "Idempotent-Replayed: true"
expect "replay body" "$(cmp -s "$DIR/pay1" "$DIR/pay2" && echo same)" same
req "$DIR/acc2" GET /northwind/v1/accounts "${AUTH[@]}" >/dev/null
BAL2=$(json "$DIR/acc2" '[a["balance"]["amount"] for a in d["accounts"] if a["id"]=="acc_chk"][0]')
expect "debited once" "$("$PY" -c 'import sys; from decimal import Decimal as D; print(D(sys.argv[1]) - D(sys.argv[2]))' "$BAL1" "$BAL2")" 49.00
s=$(req "$DIR/pay3" POST /northwind/v1/bills/bill_gym/payments "${AUTH[@]}" "${JSON[@]}" \
	--data '{"from_account": "acc_chk", "amount": {"amount": "1.00", "currency": "USD"}}')
expect "key reused" "$s $(json "$DIR/pay3" 'd["type"]')" "422 https://bankterm.dev/problems/idempotency-key-reused"

# --- SimpleFIN -----------------------------------------------------------------
TOKEN=$("$SANDBOX" setup-token --db "$DB") || fail "setup-token"
CLAIM=$(echo "$TOKEN" | base64 -d)
expect "claim URL" "${CLAIM%/claim/*}" "$URL/simplefin"
ACCESS=$(curl -s -X POST "$CLAIM")
expect "claim once" "$(curl -s -o /dev/null -w '%{http_code}' -X POST "$CLAIM")" 403
curl -s -o "$DIR/sf" "$ACCESS/accounts?balances-only=1"
expect "SimpleFIN accounts" "$(json "$DIR/sf" '(d["errors"], sorted(a["id"] for a in d["accounts"]))')" \
	"([], ['cedar_chk', 'cedar_sav'])"
expect "SimpleFIN bad credentials" \
	"$(curl -s -o /dev/null -w '%{http_code}' -u nobody:wrong "$URL/simplefin/accounts")" 403

# --- clean shutdown ---------------------------------------------------------------
kill -TERM "$PID"
wait "$PID"
expect "exit status after SIGTERM" "$?" 0
PID=

if [ "$FAILS" -ne 0 ]; then
	echo "$FAILS check(s) failed"
	exit 1
fi
echo "all checks passed"

#!/bin/bash
# sync_cli.sh — the sync commands end to end against a real sandbox:
# link bankapi (device flow, --auto-approve), link simplefin with the token
# on stdin (and the 403 of a second claim), refresh (exit 0, then exit 1 once
# the sandbox is gone), connections, unlink.  Passphrases via --passphrase-fd.
# Usage: sync_cli.sh BANKTERM BANKTERM_SANDBOX
set -u
BT=${1:?usage: sync_cli.sh BANKTERM BANKTERM_SANDBOX}
SANDBOX=${2:?usage: sync_cli.sh BANKTERM BANKTERM_SANDBOX}
DIR=$(mktemp -d /tmp/bankterm-synccli-XXXXXX)
PID=
cleanup() {
	[ -n "$PID" ] && kill "$PID" 2>/dev/null && wait "$PID" 2>/dev/null
	rm -rf "$DIR"
}
trap cleanup EXIT
export XDG_CONFIG_HOME=$DIR/config XDG_DATA_HOME=$DIR/data XDG_CACHE_HOME=$DIR/cache
export BANKTERM_NOW=2026-11-23T10:42:00Z
FAILS=0
fail() { echo "FAIL: $*"; FAILS=$((FAILS + 1)); }
ok() { echo "ok: $*"; }
check() { if eval "$2"; then ok "$1"; else fail "$1"; fi; }
PASS=sync-cli-passphrase
bt() { echo "$PASS" | ${BANKTERM_WRAP:-} "$BT" "$@" --passphrase-fd 0; }

"$SANDBOX" serve --db "$DIR/db" --port 0 --auto-approve --now "$BANKTERM_NOW" >"$DIR/out" 2>"$DIR/err" &
PID=$!
for _ in $(seq 200); do [ -s "$DIR/out" ] && break; sleep 0.05; done
URL=$(head -1 "$DIR/out" | sed 's/^listening on //')

bt vault init --kdf interactive >/dev/null 2>&1
bt link bankapi nw "$URL/northwind" >"$DIR/link" 2>&1
check "link bankapi exits 0" "[ $? -eq 0 ]"
check "link shows the code" "grep -q 'enter the code [A-Z0-9]*-[A-Z0-9]*' '$DIR/link'"
TOK=$("$SANDBOX" setup-token --db "$DIR/db")
printf '%s\n%s\n' "$PASS" "$TOK" | ${BANKTERM_WRAP:-} "$BT" link simplefin cu - --passphrase-fd 0 >/dev/null 2>&1
check "link simplefin (token on stdin) exits 0" "[ $? -eq 0 ]"
printf '%s\n%s\n' "$PASS" "$TOK" | ${BANKTERM_WRAP:-} "$BT" link simplefin cu2 - --passphrase-fd 0 >/dev/null 2>"$DIR/claim2"
check "second claim exits 1" "[ $? -eq 1 ]"
check "second claim warns" "grep -q 'already claimed.*compromised' '$DIR/claim2'"
check "the token is not in any argv or the vault in clear" "! grep -qa \"\${TOK:0:20}\" '$XDG_DATA_HOME/bankterm/vault'"

bt refresh >"$DIR/r1" 2>&1
check "refresh exits 0" "[ $? -eq 0 ]"
check "refresh reports both" "grep -q '^nw: ok (3 accounts)' '$DIR/r1' && grep -q '^cu: ok (2 accounts)' '$DIR/r1'"
bt refresh cu >"$DIR/r2" 2>&1
check "SimpleFIN interval respected" "grep -q '^cu: skipped' '$DIR/r2'"
bt connections >"$DIR/c1" 2>&1
check "connections lists both as ok" "grep -q '^nw .*bankapi .* ok' '$DIR/c1' && grep -q '^cu .*simplefin .* ok' '$DIR/c1'"

kill "$PID"; wait "$PID" 2>/dev/null; PID=
bt refresh nw >"$DIR/r3" 2>&1
check "refresh of an unreachable bank exits 1" "[ $? -eq 1 ]"
check "and says offline" "grep -q '^nw: offline since' '$DIR/r3'"

bt unlink cu >/dev/null 2>&1
check "unlink exits 0" "[ $? -eq 0 ]"
bt connections >"$DIR/c2" 2>&1
check "unlinked connection is gone" "! grep -q '^cu ' '$DIR/c2' && grep -q '^nw ' '$DIR/c2'"
bt unlink cu >/dev/null 2>&1
check "unlinking twice exits 1" "[ $? -eq 1 ]"

[ "$FAILS" -eq 0 ] || { echo "$FAILS failure(s)"; exit 1; }

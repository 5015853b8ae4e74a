#!/bin/bash
# sync_faults_cli.sh — what the sync engine refuses or reports, seen through
# the bankterm binary (`link`, `refresh`, `connections`) against real
# bankterm-sandbox processes:
#   - a bank that redirects to http:// (here to a remote host) is not
#     followed, and `connections` says so for that connection only;
#   - a stored plain-http address of a remote host is never contacted;
#   - SimpleFIN `errors` and the newer `errlist` reach the user sanitized;
#   - device flow `slow_down` adds 5 s to the poll interval (RFC 8628 §3.5).
# The sandbox's --access-log shows which requests really arrived.
# Usage: sync_faults_cli.sh BANKTERM BANKTERM_SANDBOX CONN_FIXTURE
set -u
BT=${1:?usage: sync_faults_cli.sh BANKTERM BANKTERM_SANDBOX CONN_FIXTURE}
SANDBOX=${2:?usage: sync_faults_cli.sh BANKTERM BANKTERM_SANDBOX CONN_FIXTURE}
FIXTURE=${3:?usage: sync_faults_cli.sh BANKTERM BANKTERM_SANDBOX CONN_FIXTURE}
DIR=$(mktemp -d /tmp/bankterm-syncfaults-XXXXXX)
PIDS=()
cleanup() {
	for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null && wait "$p" 2>/dev/null; done
	rm -rf "$DIR"
}
trap cleanup EXIT
export XDG_CONFIG_HOME=$DIR/config XDG_DATA_HOME=$DIR/data XDG_CACHE_HOME=$DIR/cache
export BANKTERM_NOW=2026-11-23T10:42:00Z
FAILS=0
fail() { echo "FAIL: $*"; FAILS=$((FAILS + 1)); }
ok() { echo "ok: $*"; }
check() { if eval "$2"; then ok "$1"; else fail "$1"; fi; }
PASS=sync-faults-passphrase
bt() { echo "$PASS" | ${BANKTERM_WRAP:-} "$BT" "$@" --passphrase-fd 0; }
now_ms() { date +%s%3N; }

# serve NAME [PORT] [OPTIONS...]: starts a sandbox on db NAME.db with an access
# log NAME.log; sets URL, LAST_PID.
serve() {
	local name=$1 port=$2
	shift 2
	: >"$DIR/$name.out"
	"$SANDBOX" serve --db "$DIR/$name.db" --port "$port" --auto-approve --now "$BANKTERM_NOW" \
		--access-log "$DIR/$name.log" "$@" >"$DIR/$name.out" 2>"$DIR/$name.err" &
	LAST_PID=$!
	PIDS+=("$LAST_PID")
	for _ in $(seq 200); do [ -s "$DIR/$name.out" ] && break; sleep 0.05; done
	URL=$(head -1 "$DIR/$name.out" | sed 's/^listening on //')
}
stop() { kill "$1" 2>/dev/null; wait "$1" 2>/dev/null; }

bt vault init --kdf interactive >/dev/null 2>&1

# The good bank, whose SimpleFIN server adds a message with terminal escapes.
serve good 0 --simplefin-errors errors
GOOD_URL=$URL GOOD_PID=$LAST_PID GOOD_PORT=${URL##*:}
bt link bankapi nw "$GOOD_URL/northwind" >/dev/null 2>&1
check "link nw" "[ $? -eq 0 ]"
printf '%s\n%s\n' "$PASS" "$("$SANDBOX" setup-token --db "$DIR/good.db")" |
	${BANKTERM_WRAP:-} "$BT" link simplefin cu - --passphrase-fd 0 >/dev/null 2>&1
check "link cu" "[ $? -eq 0 ]"

# A bank whose every resource answers "302 Location: http://192.0.2.1:8080/...".
serve moved 0 --redirect-to http://192.0.2.1:8080
MOVED_URL=$URL
bt link bankapi moved "$MOVED_URL/northwind" >/dev/null 2>&1
check "link moved (OAuth is not redirected)" "[ $? -eq 0 ]"
: >"$DIR/moved.log"

# A connection whose stored address is plain http to a remote host (link
# refuses such an address, so it is written into the vault directly).
echo "$PASS" | "$FIXTURE" "$XDG_DATA_HOME/bankterm/vault" far bankapi http://192.0.2.1/northwind
check "fixture wrote the far connection" "[ $? -eq 0 ]"
echo "$PASS" | "$FIXTURE" "$XDG_DATA_HOME/bankterm/vault" farsf simplefin http://u:p@192.0.2.1/simplefin
check "fixture wrote the farsf connection" "[ $? -eq 0 ]"

bt --debug-log "$DIR/debug.log" refresh >"$DIR/r1" 2>&1
check "refresh exits 1 when a connection failed" "[ $? -eq 1 ]"
check "the good ones still update" \
	"grep -q '^nw: ok (3 accounts)' '$DIR/r1' && grep -q '^cu: ok (2 accounts)' '$DIR/r1'"
check "refresh names the refused redirect" \
	"grep -q '^moved: error: .*redirected to http://192.0.2.1:8080/.*, which is not https; refused to follow it' '$DIR/r1'"
check "refresh names the refused plain http" \
	"grep -q '^far: error: refused to connect to 192.0.2.1 over plain http' '$DIR/r1'"
check "refresh names the refused plain-http SimpleFIN access URL" \
	"grep -q '^farsf: needs re-link: .*uses plain http to a host that is not loopback' '$DIR/r1'"
check "the redirecting bank got exactly one resource request (no retry, not followed)" \
	"[ \$(grep -c '^GET ' '$DIR/moved.log') -eq 1 ]"
check "nothing was sent towards 192.0.2.1" "! grep -qE '(GET|POST) https?://192\\.0\\.2\\.1' '$DIR/debug.log'"

bt connections >"$DIR/c1" 2>&1
check "connections: moved is in error with the redirect message" \
	"grep -q '^moved .* error .*redirected to http://192.0.2.1:8080/.*which is not https; refused to follow it' '$DIR/c1'"
check "connections: far is in error with the plain-http message" \
	"grep -q '^far .* error .*refused to connect to 192.0.2.1 over plain http' '$DIR/c1'"
check "connections: farsf says why it needs re-linking" \
	"grep -q '^farsf .* needs re-link .*plain http to a host that is not loopback' '$DIR/c1'"
check "connections: nw is ok" "grep -q '^nw .* ok *\$' '$DIR/c1'"
check "connections: the SimpleFIN errors message is shown" \
	"grep -q '^cu .* ok .*Cedar Credit Union needs you to sign in again' '$DIR/c1'"
check "connections: its escapes are made visible, not sent to the terminal" \
	"grep -qF '\\x1b]0;pwned\\x07\\x1b[2J\\u202e' '$DIR/c1' && ! grep -q \$'\\x1b' '$DIR/c1'"
check "refresh showed it sanitized too" \
	"grep -qF 'cu: ok (2 accounts): Cedar Credit Union needs you to sign in again \\x1b]0;pwned' '$DIR/r1' && ! grep -q \$'\\x1b' '$DIR/r1'"

# The same bank, now reporting in the newer errlist shape.
stop "$GOOD_PID"
serve good "$GOOD_PORT" --simplefin-errors errlist
bt refresh cu --force >"$DIR/r2" 2>&1
check "refresh cu with errlist exits 0" "[ $? -eq 0 ]"
bt connections >"$DIR/c2" 2>&1
check "connections: the errlist message is shown sanitized" \
	"grep -qF 'Cedar Credit Union needs you to sign in again \\x1b]0;pwned\\x07' '$DIR/c2' && ! grep -q \$'\\x1b' '$DIR/c2'"

# Device flow: a 1 s interval, and the first poll answered slow_down.  The
# client must wait 1 s, then 1 + 5 = 6 s: two polls, about 7 s.
serve slow 0 --device-interval 1 --slow-down-once
T0=$(now_ms)
bt link bankapi slow "$URL/flexpay" >"$DIR/link-slow" 2>&1
RC=$?
T1=$(now_ms)
check "link through slow_down exits 0" "[ $RC -eq 0 ]"
POLLS=$(grep -c '^POST /flexpay/oauth/token' "$DIR/slow.log")
check "two token polls: slow_down, then the token (took $((T1 - T0)) ms, $POLLS polls)" \
	"[ $POLLS -eq 2 ]"
check "the second poll came at least 6 s after the first (interval + 5 s)" \
	"[ $((T1 - T0)) -ge 6900 ]"

[ "$FAILS" -eq 0 ] || { echo "$FAILS failure(s)"; exit 1; }
echo "sync_faults_cli: all passed"

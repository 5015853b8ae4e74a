#!/bin/bash
# sandbox_tls.sh — bankterm-sandbox over real TLS with a CA made at test time:
# it announces https, a client trusting the CA gets an answer, a client that
# does not (or that dials a name the certificate does not carry) is refused,
# and a half-given key pair is a clear usage error.
# Usage: sandbox_tls.sh PATH/TO/bankterm-sandbox
set -u
SANDBOX=${1:?usage: sandbox_tls.sh BANKTERM_SANDBOX}
DIR=$(mktemp -d /tmp/bankterm-tls-XXXXXX)
PID=
cleanup() {
	[ -n "$PID" ] && kill "$PID" 2>/dev/null && wait "$PID" 2>/dev/null
	rm -rf "$DIR"
}
trap cleanup EXIT
FAILS=0
check() { if "${@:2}"; then echo "ok: $1"; else echo "FAIL: $1"; FAILS=$((FAILS + 1)); fi; }
not() { ! "$@"; }

# A CA, and a server certificate for 127.0.0.1 only, signed by it.
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 \
	-subj "/CN=bankterm test CA" -keyout "$DIR/ca.key" -out "$DIR/ca.pem" 2>/dev/null
openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj "/CN=127.0.0.1" \
	-keyout "$DIR/srv.key" -out "$DIR/srv.csr" 2>/dev/null
printf 'subjectAltName=IP:127.0.0.1\n' >"$DIR/ext"
openssl x509 -req -in "$DIR/srv.csr" -CA "$DIR/ca.pem" -CAkey "$DIR/ca.key" -CAcreateserial \
	-days 2 -extfile "$DIR/ext" -out "$DIR/srv.pem" 2>/dev/null

"$SANDBOX" serve --db "$DIR/db" --port 0 --tls-cert "$DIR/srv.pem" --tls-key "$DIR/srv.key" \
	>"$DIR/out" 2>"$DIR/err" &
PID=$!
for _ in $(seq 200); do [ -s "$DIR/out" ] && break; sleep 0.05; done
LINE=$(head -1 "$DIR/out")
case $LINE in
"listening on https://127.0.0.1:"[0-9]*) echo "ok: first line: $LINE" ;;
*) echo "FAIL: first line was '$LINE'"; cat "$DIR/err"; exit 1 ;;
esac
URL=${LINE#listening on }
PORT=${URL##*:}

check "trusted CA gets an answer" \
	test "$(curl -s -o /dev/null -w '%{http_code}' --cacert "$DIR/ca.pem" "$URL/northwind/v1/institution")" = 401
check "unknown CA is refused" not curl -s -o /dev/null "$URL/northwind/v1/institution"
check "wrong host name is refused" not curl -s -o /dev/null --cacert "$DIR/ca.pem" \
	--resolve "localhost:$PORT:127.0.0.1" "https://localhost:$PORT/northwind/v1/institution"
check "plain http to the TLS port gets no answer" \
	not curl -s -f -o /dev/null --max-time 5 "http://127.0.0.1:$PORT/northwind/v1/institution"
check "server still serves after bad handshakes" \
	test "$(curl -s -o /dev/null -w '%{http_code}' --cacert "$DIR/ca.pem" "$URL/northwind/v1/institution")" = 401

"$SANDBOX" serve --db "$DIR/db2" --port 0 --tls-cert "$DIR/srv.pem" >/dev/null 2>"$DIR/err2"
rc=$?
check "half a key pair is a usage error" test "$rc" -ne 0
check "and says what to give" grep -q -- "--tls-key" "$DIR/err2"

echo "sandbox_tls: $FAILS failed"
[ "$FAILS" -eq 0 ]

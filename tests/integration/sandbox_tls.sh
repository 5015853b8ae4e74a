#!/bin/bash
# sandbox_tls.sh — bankterm-sandbox over real TLS with CAs made at test time.
# First with curl: it announces https, a client trusting the CA gets an
# answer, one that does not (or that dials a name the certificate does not
# carry) is refused, a half-given key pair is a usage error.  Then through
# `bankterm link` and `bankterm refresh`: the good certificate passes; a
# wrong CA, a wrong host name and a wrong pin fail AND the sandbox's access
# log shows that no HTTP request arrived; an https -> http redirect is not
# followed (the http server's log stays empty) and `bankterm connections`
# says why.
# Usage: sandbox_tls.sh PATH/TO/bankterm-sandbox [PATH/TO/bankterm]
set -u
SANDBOX=${1:?usage: sandbox_tls.sh BANKTERM_SANDBOX [BANKTERM]}
BT=${2:-}
DIR=$(mktemp -d /tmp/bankterm-tls-XXXXXX)
PID=
PLAIN_PID=
cleanup() {
	[ -n "$PID" ] && kill "$PID" 2>/dev/null && wait "$PID" 2>/dev/null
	[ -n "$PLAIN_PID" ] && kill "$PLAIN_PID" 2>/dev/null && wait "$PLAIN_PID" 2>/dev/null
	rm -rf "$DIR"
}
trap cleanup EXIT
FAILS=0
check() { if "${@:2}"; then echo "ok: $1"; else echo "FAIL: $1"; FAILS=$((FAILS + 1)); fi; }
not() { ! "$@"; }

# ca NAME: a self-signed CA.  cert NAME CA SAN: a server key and certificate.
ca() {
	openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 \
		-subj "/CN=bankterm test CA $1" -keyout "$DIR/$1.key" -out "$DIR/$1.pem" 2>/dev/null
}
cert() {
	openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj "/CN=bankterm $1" \
		-keyout "$DIR/$1.key" -out "$DIR/$1.csr" 2>/dev/null
	printf 'subjectAltName=%s\n' "$3" >"$DIR/$1.ext"
	openssl x509 -req -in "$DIR/$1.csr" -CA "$DIR/$2.pem" -CAkey "$DIR/$2.key" \
		-CAcreateserial -days 2 -extfile "$DIR/$1.ext" -out "$DIR/$1.pem" 2>/dev/null
}
pin_of() {
	openssl x509 -in "$DIR/$1.pem" -pubkey -noout | openssl pkey -pubin -outform der |
		openssl dgst -sha256 -binary | base64
}
ca ca
ca otherca
cert srv ca IP:127.0.0.1                # the good one
cert foreign otherca IP:127.0.0.1       # right name, unknown CA
cert misnamed ca DNS:bank.example       # known CA, another name

# serve CERT [OPTIONS...]: (re)starts the TLS sandbox on $PORT (0 the first
# time) with an empty access log.
PORT=0
serve() {
	local c=$1
	shift
	[ -n "$PID" ] && kill "$PID" 2>/dev/null && wait "$PID" 2>/dev/null
	: >"$DIR/out"
	: >"$DIR/access.log"
	"$SANDBOX" serve --db "$DIR/db" --port "$PORT" --tls-cert "$DIR/$c.pem" \
		--tls-key "$DIR/$c.key" --auto-approve --access-log "$DIR/access.log" "$@" \
		>"$DIR/out" 2>"$DIR/err" &
	PID=$!
	for _ in $(seq 200); do [ -s "$DIR/out" ] && break; sleep 0.05; done
	LINE=$(head -1 "$DIR/out")
	URL=${LINE#listening on }
	PORT=${URL##*:}
}

serve srv
case $LINE in
"listening on https://127.0.0.1:"[0-9]*) echo "ok: first line: $LINE" ;;
*) echo "FAIL: first line was '$LINE'"; cat "$DIR/err"; exit 1 ;;
esac

check "trusted CA gets an answer" \
	test "$(curl -s -o /dev/null -w '%{http_code}' --cacert "$DIR/ca.pem" "$URL/northwind/v1/institution")" = 401
check "unknown CA is refused" not curl -s -o /dev/null "$URL/northwind/v1/institution"
check "wrong host name is refused" not curl -s -o /dev/null --cacert "$DIR/ca.pem" \
	--resolve "localhost:$PORT:127.0.0.1" "https://localhost:$PORT/northwind/v1/institution"
check "plain http to the TLS port gets no answer" \
	not curl -s -f -o /dev/null --max-time 5 "http://127.0.0.1:$PORT/northwind/v1/institution"
check "server still serves after bad handshakes" \
	test "$(curl -s -o /dev/null -w '%{http_code}' --cacert "$DIR/ca.pem" "$URL/northwind/v1/institution")" = 401
check "the access log saw exactly the two requests that completed a handshake" \
	test "$(grep -c '^GET /northwind/v1/institution$' "$DIR/access.log")" = 2

"$SANDBOX" serve --db "$DIR/db2" --port 0 --tls-cert "$DIR/srv.pem" >/dev/null 2>"$DIR/err2"
rc=$?
check "half a key pair is a usage error" test "$rc" -ne 0
check "and says what to give" grep -q -- "--tls-key" "$DIR/err2"

if [ -z "$BT" ]; then
	echo "sandbox_tls: $FAILS failed (bankterm not given: client checks skipped)"
	[ "$FAILS" -eq 0 ]
	exit
fi

# --- the real client ---------------------------------------------------------
export XDG_CONFIG_HOME=$DIR/config XDG_DATA_HOME=$DIR/data XDG_CACHE_HOME=$DIR/cache
PASS=sandbox-tls-passphrase
bt() { echo "$PASS" | ${BANKTERM_WRAP:-} "$BT" "$@" --passphrase-fd 0; }
mkdir -p "$XDG_CONFIG_HOME/bankterm"
CONFIG=$XDG_CONFIG_HOME/bankterm/config
config() { # PIN lines for [connection nw], after its ca_file
	{
		printf '[connection nw]\ntype = bankapi\nbase_url = %s/northwind\n' "$URL"
		printf 'ca_file = %s\n' "$DIR/ca.pem"
		[ $# -gt 0 ] && printf 'pin = %s\n' "$1"
	} >"$CONFIG"
	chmod 600 "$CONFIG"
}
requests() { grep -c . "$DIR/access.log"; }
config
bt vault init --kdf interactive >/dev/null 2>&1
bt link bankapi nw "$URL/northwind" >"$DIR/link" 2>&1
check "bankterm links over TLS with the CA from the config" test $? -eq 0
bt refresh nw >"$DIR/r-good" 2>&1
check "good certificate: refresh ok" grep -q '^nw: ok (3 accounts)' "$DIR/r-good"
check "and the sandbox saw its requests" test "$(requests)" -ge 5

# refused NAME CHECK: a refresh that must fail with CHECK's text and send nothing.
refused() {
	bt refresh nw >"$DIR/r-$1" 2>&1
	check "$1: refresh exits 1" test $? -eq 1
	check "$1: the message says why" grep -q "$2" "$DIR/r-$1"
	check "$1: the server saw no HTTP request" test "$(requests)" -eq 0
}
serve foreign
refused "wrong CA" '^nw: offline since .*: the TLS certificate for 127.0.0.1 could not be verified'
serve misnamed
refused "wrong host name" '^nw: offline since .*: the TLS certificate for 127.0.0.1 could not be verified'
serve srv
config "sha256//$(pin_of foreign)"
refused "wrong pin" '^nw: offline since .*: the TLS key of 127.0.0.1 does not match the pinned key'
config "sha256//$(pin_of foreign); sha256//$(pin_of srv)"
bt refresh nw >"$DIR/r-backup" 2>&1
check "the backup pin matches: refresh ok" grep -q '^nw: ok' "$DIR/r-backup"
config "sha256//$(pin_of srv)"
bt refresh nw >"$DIR/r-pin" 2>&1
check "the right pin: refresh ok" grep -q '^nw: ok' "$DIR/r-pin"

# https -> http: the TLS bank redirects every resource to a plain-http
# sandbox on this computer (which bankterm could reach directly, but never
# through a redirect out of https).
: >"$DIR/plain.out"
"$SANDBOX" serve --db "$DIR/plain.db" --port 0 --auto-approve --access-log "$DIR/plain.log" \
	>"$DIR/plain.out" 2>"$DIR/plain.err" &
PLAIN_PID=$!
for _ in $(seq 200); do [ -s "$DIR/plain.out" ] && break; sleep 0.05; done
PLAIN_URL=$(head -1 "$DIR/plain.out" | sed 's/^listening on //')
bt link bankapi local "$PLAIN_URL/northwind" >/dev/null 2>&1
check "a second, plain-http loopback connection links" test $? -eq 0
serve srv --redirect-to "$PLAIN_URL"
: >"$DIR/plain.log"
bt refresh >"$DIR/r-redirect" 2>&1
check "https->http redirect: refresh exits 1" test $? -eq 1
check "https->http redirect: the other connection still updates" \
	grep -q '^local: ok (3 accounts)' "$DIR/r-redirect"
check "https->http redirect: not followed" \
	test "$(grep -c "^GET /northwind/v1/institution" "$DIR/plain.log")" -eq 1
bt connections >"$DIR/c-redirect" 2>&1
check "https->http redirect: connections says why" \
	grep -q "^nw .* error .*127.0.0.1 redirected to ${PLAIN_URL}/.*, which is not https; refused to follow it" \
	"$DIR/c-redirect"

echo "sandbox_tls: $FAILS failed"
[ "$FAILS" -eq 0 ]

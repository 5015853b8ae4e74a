# sandbox_api.sh — what the demo's sandbox bank holds, asked through its
# HTTP API, for e2e scripts that must check the server's state after a
# payment (balances moved by exactly the amount, exactly one transfer).
#
# Source it after lib.sh:   . "$E2E_DIR/sandbox_api.sh"
#
# The demo started by lib.sh's start() runs bankterm-sandbox in
# $WORK/bankterm-demo-*/ (TMPDIR=$WORK); its first line of sandbox.out is
# "listening on URL".  The sandbox approves device codes by itself
# (--auto-approve), so these helpers link on their own with the device flow
# and keep their own access token per institution in $WORK (never the one
# bankterm holds; nothing is printed).  Only sb_transfer moves money: for
# tests that need the bank to know more than bankterm's last refresh.
#
#   sb_get INST PATH        the JSON body of GET /INST/v1/PATH (status 200 or fail)
#   sb_balance ACCOUNT      "balance available" of a Northwind account, e.g. "2450.17 2380.17"
#   sb_count KIND           how many items GET /northwind/v1/KIND lists (transfers, contacts,
#                           payments)
#   sb_transfers_to CONTACT how many transfers went to a contact id
#   sb_contact HANDLE FIELD a field of the (last) contact with that handle: id, name,
#                           result (payee check), check_name, first_transfer_at
#   sb_remaining            the daily transfer limit left today ("2500.00")
#   sb_otp                  the current one-time code (bankterm-sandbox otp on the demo's db)
#   sb_cents DECIMAL        "12.34" → 1234, "-5.00" → -500 (for exact arithmetic in bash)
#   sb_transfer CONTACT AMOUNT  a USD transfer from acc_chk behind bankterm's back (a
#                           contact paid before, at most 500.00: no one-time code); prints
#                           the HTTP status

sb_dir() {
	local d
	d=$(find "$WORK" -maxdepth 1 -name 'bankterm-demo-*' -type d | head -1)
	[ -n "$d" ] || { echo "sandbox_api: no demo directory in $WORK" >&2; return 1; }
	echo "$d"
}

sb_url() {
	local d line
	d=$(sb_dir) || return 1
	line=$(head -1 "$d/sandbox.out" 2>/dev/null)
	case $line in
	"listening on "*) echo "${line#listening on }" ;;
	*) echo "sandbox_api: the demo's sandbox is not listening" >&2; return 1 ;;
	esac
}

# sb_token INST: an access token of our own (device flow, auto-approved).
sb_token() {
	local inst=$1 url dc tok f=$WORK/.sb_token_$1
	if [ -s "$f" ]; then cat "$f"; return 0; fi
	url=$(sb_url) || return 1
	dc=$(curl -s -X POST "$url/$inst/oauth/device_authorization" \
		--data 'client_id=bankterm-e2e&scope=accounts%20payments' | jq -r .device_code)
	[ -n "$dc" ] && [ "$dc" != null ] || { echo "sandbox_api: no device code" >&2; return 1; }
	tok=$(curl -s -X POST "$url/$inst/oauth/token" --data \
		"grant_type=urn:ietf:params:oauth:grant-type:device_code&client_id=bankterm-e2e&device_code=$dc" |
		jq -r .access_token)
	[ -n "$tok" ] && [ "$tok" != null ] || { echo "sandbox_api: no access token" >&2; return 1; }
	(umask 077 && printf '%s' "$tok" >"$f")
	printf '%s' "$tok"
}

sb_get() {
	local inst=$1 path=$2 url tok out status
	url=$(sb_url) || return 1
	tok=$(sb_token "$inst") || return 1
	out=$WORK/.sb_body
	status=$(curl -s -o "$out" -w '%{http_code}' -H "Authorization: Bearer $tok" \
		"$url/$inst/v1/$path")
	if [ "$status" != 200 ]; then
		echo "sandbox_api: GET /$inst/v1/$path answered $status" >&2
		return 1
	fi
	cat "$out"
}

sb_balance() {
	sb_get northwind accounts | jq -r --arg id "$1" \
		'.accounts[] | select(.id == $id) | "\(.balance.amount) \(.available_balance.amount)"'
}

sb_count() {
	sb_get northwind "$1" | jq --arg k "$1" '.[$k] | length'
}

sb_transfers_to() {
	sb_get northwind transfers | jq --arg c "$1" '[.transfers[] | select(.contact_id == $c)] | length'
}

sb_contact() {
	local expr
	case $2 in
	result) expr='.payee_check.result' ;;
	check_name) expr='.payee_check.name' ;;
	*) expr=".$2" ;;
	esac
	sb_get northwind contacts |
		jq -r --arg h "$1" "[.contacts[] | select(.handle == \$h)] | last | $expr"
}

sb_remaining() {
	sb_get northwind transfers/limits | jq -r .remaining_today.amount
}

sb_otp() {
	local d
	d=$(sb_dir) || return 1
	"${BANKTERM_SANDBOX:-bankterm-sandbox}" otp --db "$d/sandbox.db" --now "$E2E_NOW"
}

sb_cents() {
	local s=$1 sign=1 whole frac
	case $s in -*) sign=-1; s=${s#-} ;; esac
	whole=${s%%.*}
	frac=${s#*.}
	[ "$frac" = "$s" ] && frac=00
	echo $((sign * (10#$whole * 100 + 10#$frac)))
}

sb_transfer() {
	local url tok
	url=$(sb_url) || return 1
	tok=$(sb_token northwind) || return 1
	# A fresh key each call (a counter would not survive the $(...) subshell).
	curl -s -o "$WORK/.sb_body" -w '%{http_code}' -X POST "$url/northwind/v1/transfers" \
		-H "Authorization: Bearer $tok" -H "Idempotency-Key: e2e-$(date +%s%N)" \
		-H 'Content-Type: application/json' \
		--data "{\"from_account\": \"acc_chk\", \"contact_id\": \"$1\", \"amount\": {\"amount\": \"$2\", \"currency\": \"USD\"}}"
}

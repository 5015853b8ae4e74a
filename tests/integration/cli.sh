#!/usr/bin/env bash
# cli.sh — the command-line skeleton as a user meets it: --help, --version,
# help COMMAND, and every kind of bad command line (usage on stderr, exit 2).
# usage: cli.sh PATH-TO-bankterm
set -u
bt=$1
fails=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# expect NAME WANT-EXIT STDOUT-GREP STDERR-GREP -- ARGS...
expect() {
	local name=$1 want=$2 out_re=$3 err_re=$4
	shift 5
	${BANKTERM_WRAP:-} "$bt" "$@" >"$tmp/out" 2>"$tmp/err"
	local got=$?
	local ok=1
	[ "$got" -eq "$want" ] || { echo "FAIL $name: exit $got, want $want"; ok=0; }
	if [ -n "$out_re" ] && ! grep -qE -- "$out_re" "$tmp/out"; then
		echo "FAIL $name: stdout lacks /$out_re/"; ok=0
	fi
	if [ -n "$err_re" ] && ! grep -qE -- "$err_re" "$tmp/err"; then
		echo "FAIL $name: stderr lacks /$err_re/"; ok=0
	fi
	if [ "$ok" -eq 1 ]; then
		echo "ok   $name"
	else
		echo "--- stdout:"; cat "$tmp/out"; echo "--- stderr:"; cat "$tmp/err"
		fails=$((fails + 1))
	fi
}

expect "--help lists commands"    0 '^usage: bankterm.*Commands:|^  help ' '' -- --help
expect "-h is --help"             0 '^  version ' '' -- -h
expect "--version"                0 '^bankterm [0-9]+\.[0-9]+\.[0-9]+$' '' -- --version
expect "version command"          0 '^bankterm [0-9]+\.[0-9]+\.[0-9]+$' '' -- version
expect "help COMMAND"             0 '^usage: bankterm version' '' -- help version
expect "help with no command"     0 '^Commands:' '' -- help
expect "help unknown command"     2 '' 'no such command: nope' -- help nope
expect "unknown command"          2 '' 'no such command: nosuchcmd' -- nosuchcmd
expect "unknown command usage"    2 '' '^usage: bankterm' -- nosuchcmd
expect "unknown option"           2 '' 'unknown option: --bogus' -- --bogus
expect "unknown short option"     2 '' 'unknown option' -- -z
expect "option missing value"     2 '' 'option --config needs a value' -- --config
expect "extra argument"           2 '' 'version takes no arguments' -- version extra
# Errors go to stderr only; stdout stays clean for scripts.
${BANKTERM_WRAP:-} "$bt" nosuchcmd >"$tmp/out" 2>/dev/null
if [ -s "$tmp/out" ]; then echo "FAIL usage error wrote to stdout"; fails=$((fails + 1)); else echo "ok   usage errors keep stdout empty"; fi

# A bad test clock is reported once and does not stop the command.
if BANKTERM_NOW=garbage ${BANKTERM_WRAP:-} "$bt" version >"$tmp/out" 2>"$tmp/err" &&
	grep -q 'BANKTERM_NOW is ignored' "$tmp/err" && grep -q '^bankterm ' "$tmp/out"; then
	echo "ok   bad BANKTERM_NOW warns and runs"
else
	echo "FAIL bad BANKTERM_NOW"; cat "$tmp/err"; fails=$((fails + 1))
fi

echo "cli: $fails failed"
[ "$fails" -eq 0 ]

# lib.sh — the tmux harness the e2e scripts source.
#
# Each script runs `bankterm --demo` (the embedded sandbox: no set-up) in a
# private tmux server (-L bt-e2e-PID, -f /dev/null) with a fixed size, a
# fixed clock, LC_ALL=C.UTF-8, TZ=UTC and NO_COLOR, types keys with
# send-keys, waits for text to appear, and compares `capture-pane -p` with
# tests/e2e/expected/NAME.txt.  BANKTERM_E2E_REGEN=1 rewrites the expected
# files instead of comparing.  The tmux server is always killed on exit.
# Under `meson test --setup=valgrind`, $BANKTERM_WRAP (valgrind and its
# options) goes in front of bankterm; tests/valgrind/wrap checks its logs.
#
# Usage in a script:  . "$(dirname "$0")/lib.sh" "$@"   (argv: BANKTERM [SANDBOX])
set -u
BANKTERM=$(readlink -f "${1:?usage: SCRIPT path/to/bankterm [path/to/bankterm-sandbox]}")
[ -n "${2:-}" ] && BANKTERM_SANDBOX=$(readlink -f "$2") && export BANKTERM_SANDBOX
E2E_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
EXPECTED=$E2E_DIR/expected
WORK=$(mktemp -d "${TMPDIR:-/tmp}/bt-e2e-XXXXXX")
SOCK=bt-e2e-$$
T=(tmux -L "$SOCK" -f /dev/null)
FAILS=0
E2E_NOW=2026-11-23T10:42:00Z

e2e_cleanup() {
	"${T[@]}" kill-server 2>/dev/null
	rm -rf "$WORK"
}
trap e2e_cleanup EXIT

fail() { echo "FAIL: $*"; FAILS=$((FAILS + 1)); }
ok() { echo "ok: $*"; }

# start [COLS ROWS [ENV=VALUE...]]: bankterm --demo in a new session.  The
# config file $WORK/config is passed with --config (scripts may write it).
start() {
	local cols=${1:-100} rows=${2:-30}
	shift 2 2>/dev/null
	touch "$WORK/config"
	"${T[@]}" new-session -d -s bt -x "$cols" -y "$rows" \
		"env LC_ALL=C.UTF-8 TERM=xterm-256color NO_COLOR=1 TZ=UTC TMPDIR=$WORK \
		BANKTERM_NOW=$E2E_NOW XDG_CONFIG_HOME=$WORK/xdg XDG_DATA_HOME=$WORK/xdg \
		XDG_CACHE_HOME=$WORK/xdg $* ${BANKTERM_WRAP:-} '$BANKTERM' --config '$WORK/config' --demo \
		2>'$WORK/stderr'; echo \"[exited \$?]\"; sleep 600" \; \
		set-option -t bt remain-on-exit on
	TITLE0=$("${T[@]}" display -p -t bt '#{pane_title}')
}

capture() { "${T[@]}" capture-pane -p -t bt; }

# keys KEY...: tmux send-keys (key names like Enter, Escape, PPage, C-c).
keys() { "${T[@]}" send-keys -t bt "$@"; }

# wait_for TEXT [SECONDS]: until the screen shows TEXT; false on timeout.
wait_for() {
	local text=$1 limit=${2:-60} i
	for ((i = 0; i < limit * 10; i++)); do
		capture | grep -qF -- "$text" && return 0
		sleep 0.1
	done
	echo "timed out after ${limit}s waiting for: $text"
	capture | sed 's/^/  | /'
	[ -s "$WORK/stderr" ] && sed 's/^/  stderr: /' "$WORK/stderr"
	return 1
}

# wait_gone TEXT [SECONDS]
wait_gone() {
	local text=$1 limit=${2:-20} i
	for ((i = 0; i < limit * 10; i++)); do
		capture | grep -qF -- "$text" || return 0
		sleep 0.1
	done
	echo "timed out after ${limit}s waiting for '$text' to go"
	return 1
}

# settle: until two captures 0.3 s apart are equal (the screen is painted).
settle() {
	local a b i
	a=$(capture)
	for ((i = 0; i < 50; i++)); do
		sleep 0.3
		b=$(capture)
		[ "$a" = "$b" ] && return 0
		a=$b
	done
}

# ready: the demo is up and its first refresh has finished.
ready() {
	wait_for "Net position" 90 || return 1
	wait_for "Cedar Credit Union" 60 || return 1
	wait_gone "⟳" 60
	settle
}

# expect_screen NAME: compare the screen with expected/NAME.txt.
expect_screen() {
	local name=$1
	settle
	capture >"$WORK/$name.txt"
	if [ "${BANKTERM_E2E_REGEN:-}" = 1 ]; then
		cp "$WORK/$name.txt" "$EXPECTED/$name.txt"
		ok "$name (regenerated)"
	elif diff -u "$EXPECTED/$name.txt" "$WORK/$name.txt" >"$WORK/$name.diff"; then
		ok "screen $name"
	else
		fail "screen $name differs from expected/$name.txt:"
		cat "$WORK/$name.diff"
	fi
}

# expect_text TEXT [what]: the current screen contains TEXT.
expect_text() {
	if capture | grep -qF -- "$1"; then ok "${2:-shows $1}"; else
		fail "${2:-shows $1}: '$1' not on screen"
		capture | sed 's/^/  | /'
	fi
}

# expect_no_text TEXT [what]
expect_no_text() {
	if capture | grep -qF -- "$1"; then
		fail "${2:-does not show $1}: '$1' is on screen"
	else ok "${2:-does not show $1}"; fi
}

# quit_and_check: Q ends bankterm with status 0 and removes the demo's files.
quit_and_check() {
	keys Q
	if wait_for "[exited 0]" 20; then ok "Q quits with status 0"; else fail "Q did not quit"; fi
	local left
	sleep 0.5
	left=$(find "$WORK" -maxdepth 1 -name 'bankterm-demo-*' | head -1)
	[ -z "$left" ] && ok "demo directory removed" || fail "demo directory left: $left"
}

finish() {
	if [ "$FAILS" -gt 0 ]; then
		echo "$FAILS failure(s)"
		exit 1
	fi
	exit 0
}

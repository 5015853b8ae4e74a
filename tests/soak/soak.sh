#!/bin/bash
# soak.sh — the TUI left running against a flaky bank: `bankterm --demo`
# whose sandbox answers 10% of requests with 503 after 50 ms of latency
# (--fail-rate 0.1 --latency-ms 50), refreshing every second
# (BANKTERM_REFRESH_INTERVAL=1), while random keys are pressed and the
# window is resized, for DURATION seconds (default 600).
#
# It fails if bankterm exits or crashes, if its resident memory grows by 5%
# or more between the end of the warm-up (a fifth of the run, at least 20 s,
# after every tab has been shown) and the end, or if it holds more than two
# file descriptors more at the end than after the warm-up (the smallest
# count over the last samples of each phase, so an HTTP request in flight
# does not count; two for curl's idle connections).  It ends by quitting
# with Q, which must exit 0.
#
#   tests/soak/soak.sh BANKTERM BANKTERM-SANDBOX [DURATION]
#
# Figures go to stdout (one "soak:" line each); docs/ROBUSTNESS.md keeps
# those of the last long run.  The tmux harness is tests/e2e/lib.sh's.
. "$(dirname "$0")/../e2e/lib.sh" "$1" "$2"
duration=${3:-600}
warmup=$((duration / 5))
[ "$warmup" -lt 20 ] && warmup=20
RANDOM=${SOAK_SEED:-$$}

# The demo starts $BANKTERM_SANDBOX; this one adds to `serve` the faults and
# a log of every request (to count the refreshes).
cat >"$WORK/sandbox" <<EOF
#!/bin/sh
[ "\$1" = serve ] || exec '$BANKTERM_SANDBOX' "\$@"
exec '$BANKTERM_SANDBOX' "\$@" --fail-rate 0.1 --latency-ms 50 --access-log '$WORK/access.log'
EOF
chmod +x "$WORK/sandbox"
export BANKTERM_SANDBOX=$WORK/sandbox

start 100 30 BANKTERM_REFRESH_INTERVAL=1
ready || { fail "the demo did not start"; finish; }
pane=$("${T[@]}" display -p -t bt '#{pane_pid}')
pid=$(ps -o pid=,comm= --ppid "$pane" | awk '$2 ~ /^bankterm/ {print $1; exit}')
[ -n "$pid" ] || { fail "no bankterm process under the tmux pane ($pane)"; finish; }

# Keys that cannot quit, lock, pay or send: navigation, tabs, help, refresh,
# search (typed letters are unbound elsewhere), Enter to open rows.  Not
# Home/End, which once arrived as a lone ESC ("back"; fixed, tests/e2e/keys.sh
# covers them, see docs/ROBUSTNESS.md).
KEYS=(Up Down Up Down PPage NPage j k g G Enter 1 2 3 4 5 6 '?' r / e o u BSpace)
SIZES=("100 30" "120 40" "80 24" "60 15" "50 10" "200 60" "132 43")

rss() { awk '/^VmRSS:/ {print $2}' "/proc/$pid/status" 2>/dev/null; }
fds() { ls "/proc/$pid/fd" 2>/dev/null | wc -l; }
alive() { kill -0 "$pid" 2>/dev/null && ! capture | grep -q '^\[exited'; }

# Every tab once, so their first-use allocations are in the warm-up.
for k in 2 Enter 3 4 5 6 1; do keys "$k"; sleep 0.5; done

start_s=$SECONDS
nkeys=0 nresize=0
warm_rss=0 warm_fds=999999 end_rss=0 end_fds=999999
crashed=0
while ((SECONDS - start_s < duration)); do
	alive || { crashed=1; break; }
	for ((i = 0; i < 10; i++)); do
		keys "${KEYS[RANDOM % ${#KEYS[@]}]}"
		nkeys=$((nkeys + 1))
		sleep 0.0$((RANDOM % 10))
	done
	if ((RANDOM % 10 == 0)); then
		read -r w h <<<"${SIZES[RANDOM % ${#SIZES[@]}]}"
		"${T[@]}" resize-window -t bt -x "$w" -y "$h"
		nresize=$((nresize + 1))
	fi
	t=$((SECONDS - start_s))
	r=$(rss) f=$(fds)
	# The last 10 s of each phase: the largest RSS, the smallest fd count.
	if ((t >= warmup - 10 && t < warmup)); then
		((r > warm_rss)) && warm_rss=$r
		((f < warm_fds)) && warm_fds=$f
	elif ((t >= duration - 10)); then
		((r > end_rss)) && end_rss=$r
		((f < end_fds)) && end_fds=$f
	fi
done

requests=$(wc -l <"$WORK/access.log" 2>/dev/null || echo 0)
echo "soak: ${duration}s, $nkeys keys, $nresize resizes, $requests requests to the sandbox"
if [ "$crashed" -eq 1 ]; then
	fail "bankterm ended during the soak"
	capture | sed 's/^/  | /'
	[ -s "$WORK/stderr" ] && sed 's/^/  stderr: /' "$WORK/stderr"
	finish
fi
ok "no crash in ${duration}s"
# Bytes, in tenths of a percent, to stay in shell integers.
growth=$(((end_rss - warm_rss) * 1000 / (warm_rss > 0 ? warm_rss : 1)))
echo "soak: VmRSS ${warm_rss} kB after the warm-up, ${end_rss} kB at the end ($((growth / 10)).$((growth < 0 ? -growth % 10 : growth % 10))%)"
echo "soak: ${warm_fds} fds after the warm-up, ${end_fds} at the end"
if grep -qa __asan_report "$BANKTERM"; then
	# AddressSanitizer keeps freed memory in quarantine on purpose, so RSS
	# grows; its leak check at exit (quit_and_check wants status 0) stands in.
	ok "RSS not checked under AddressSanitizer (its leak check runs at exit)"
elif ((warm_rss > 0 && growth < 50)); then
	ok "RSS growth under 5%"
else
	fail "RSS grew by $((growth / 10))% (at most 5%)"
fi
# curl may keep an idle connection or two more at the end than after the
# warm-up; a leak grows with every refresh (one a second).
((end_fds <= warm_fds + 2)) && ok "no fd leak" || fail "fds went from $warm_fds to $end_fds"
[ "$requests" -gt $((duration / 2)) ] && ok "refreshed about every second ($requests requests)" ||
	fail "only $requests requests in ${duration}s: the 1 s refresh did not run"
# Close a search prompt or the help if one is open, back to tab 1, quit.
"${T[@]}" resize-window -t bt -x 100 -y 30
keys Enter
sleep 0.5
keys 1
settle
quit_and_check
finish

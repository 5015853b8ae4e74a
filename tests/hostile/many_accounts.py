#!/usr/bin/python3
"""many_accounts.py — 50,000 accounts (bankterm-sandbox seed --scenario
many-accounts, names carrying terminal attacks): a refresh completes, the read
commands list them all, the TUI draws the overview and quits cleanly, and no
byte of the attacks reaches the terminal.  The times are printed (docs/
ROBUSTNESS.md keeps the latest); the bounds are deliberately generous so that
a loaded machine does not make the test flaky: it catches a hang or a
quadratic blow-up, not a slow day.

usage: many_accounts.py BANKTERM BANKTERM_SANDBOX
"""
import os
import shutil
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402
from harness import bt, check  # noqa: E402

N = 50000
REFRESH_BOUND_S = 600
DRAW_BOUND_S = 120

harness.setup(sys.argv[1], sys.argv[2], "bt-many-")


def main():
    _, url = harness.start_sandbox("many-accounts")
    harness.link_sandbox(url)
    t0 = time.monotonic()
    rc, out, err = bt("refresh", timeout=REFRESH_BOUND_S + 60)
    took = time.monotonic() - t0
    print("figure: refresh of %d accounts took %.1f s (bound %d s)" % (N, took, REFRESH_BOUND_S))
    check(rc == 0 and b"nw: ok (%d accounts)" % N in out, "the refresh of %d accounts succeeds" % N,
          (out + err).decode(errors="replace")[-400:])
    check(took < REFRESH_BOUND_S, "within %d s" % REFRESH_BOUND_S)
    t0 = time.monotonic()
    rc, out, _ = bt("accounts")
    print("figure: bankterm accounts listed them in %.1f s" % (time.monotonic() - t0))
    check(rc == 0 and out.count(b"\n") == N + 1, "bankterm accounts lists all %d" % N)
    check(b"acc_49999" in out and b"\x1b" not in out, "the last one, with its name escaped")
    if not shutil.which("tmux"):
        print("skip: no tmux, the TUI part did not run")
        return
    t = harness.Tui()
    try:
        t.unlock()
        t0 = time.monotonic()
        drawn = t.wait_for(r"Account \x1b]0;pwned-title\x07", DRAW_BOUND_S)
        print("figure: the overview drew in %.1f s after the passphrase" % (time.monotonic() - t0))
        check(drawn and "Net position" in t.capture(),
              "the TUI draws the overview within %d s" % DRAW_BOUND_S)
        t.keys("2")
        t.settle()
        t.keys("End")
        t.settle()
        t.quit_and_check((b"\x1b]", b"\x1bP", b"\xc2\x9b", b"\xe2\x80\xae"))
    finally:
        t.kill()


harness.run(main)

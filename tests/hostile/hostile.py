#!/usr/bin/python3
"""hostile.py — the hostile-input suite (issue 9, item 3; docs/ROBUSTNESS.md).

Two banks feed one bankterm:
  * the real sandbox seeded with `--scenario hostile` (sandbox/seed_hostile.c):
    valid JSON whose every string is a terminal attack (OSC 0/2/52/8, CSI, DCS,
    C1, CR, BS, BEL, DEL, bidi, zero-width), a 4,000-column merchant, balances
    whose sum overflows int64, years 0001 and 9999 — linked as nw, fp
    (Bank API) and cu (SimpleFIN).  bankterm must SHOW all of it, escaped;
  * stub_bank.py, one connection per broken shape the sandbox cannot send
    (raw invalid UTF-8, NUL, numbers as strings and strings as numbers,
    30-digit amounts, 100 KB text, duplicate and hostile ids, a negative BNPL
    installment, years 0000/10000, huge integers, deep nesting, a hostile
    problem detail).  bankterm must REJECT each with a message naming the
    field, keep that connection's earlier data, and not disturb the others.

Checks: exit statuses (a crash or a sanitizer report fails), the messages, the
bytes of every CLI output, and the bytes the TUI writes to a tmux pane
(pipe-pane): no OSC/DCS/APC, no escape sequence but the CSI and charset ones
curses uses, no C1, bidi or zero-width code point, no server payload; the
pane title and tmux's paste buffers (OSC 52) unchanged.

usage: hostile.py BANKTERM BANKTERM_SANDBOX
"""
import base64
import os
import re
import shutil
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402
import stub_bank  # noqa: E402  (only its CASES table; the server runs as a process)
from harness import bt, bt_on_pty, check  # noqa: E402
from ptycheck import terminal_problems  # noqa: E402

harness.setup(sys.argv[1], sys.argv[2], "bt-hostile-")
SANDBOX = sys.argv[2]


def clean_text(data, what):
    """CLI output (not a terminal) must hold no control byte but LF."""
    probs = terminal_problems(data, allow_c0=b"\n")
    check(not probs, what + ": no raw control byte, C1, bidi or zero-width character",
          "; ".join(probs[:5]))


def cli_shows(sandbox_url):
    """The sandbox's hostile strings, as every read command prints them."""
    reads = {
        "accounts": [r"Everyday Checking \x1b]0;pwne", r"Vault \x1b]52;c;cHduZWQ=\x07",
                     r"Cedar Share Draft \x1b[2J\x1b"],
        "transactions nw/acc_chk": [r"CARD PURCHASE \x1b]0;pwned-title\x07",
                                    r"CARD PURCHASE \u009b31mC1-CSI",
                                    r"CARD PURCHASE \u009d0;c1-title\u009c",
                                    r"CARD PURCHASE \x0dOVERWRITE",
                                    r"CARD PURCHASE \x08\x08\x08\x08BKSP",
                                    r"CARD PURCHASE \u202egnp.exe",
                                    r"CARD PURCHASE Zero\u200bWidth\u200dJoin",
                                    r"CARD PURCHASE \u2066isolate\u2069",
                                    r"CARD PURCHASE \ufeffBOM",
                                    r"CARD PURCHASE \x07\x7f\x1bP1$r0m\x1b\\",
                                    "0001-01-01", "9999-12-31", "WIDE MERCHANT"],
        "transactions cu/cedar_chk": [r"CARD PURCHASE \x1b[2J\x1b[H"],
        "bills": [r"\u009b31mC1-CSI", "0001-01-01", "9999-12-31", "overdue"],
        "bnpl": ["Lumen Audio", "plan_h"],
    }
    for cmd, wants in reads.items():
        rc, out, err = bt(*cmd.split())
        check(rc == 0, "bankterm %s exits 0" % cmd, "status %d: %s" % (rc, err[-300:]))
        text = out.decode("utf-8", errors="replace")
        for w in wants:
            check(w in text, "%s shows %s" % (cmd, w))
        clean_text(out, "bankterm " + cmd + " stdout")
        clean_text(err, "bankterm " + cmd + " stderr")
    rc, out, err = bt("transactions", "nw/acc_chk", "--json")
    check(rc == 0 and b"\\u001b]0;pwned-title\\u0007" in out.lower() and b"\xc2\x9b" in out,
          "transactions --json into a pipe keeps the server's text exactly")
    rc, out, err = bt("transactions", "nw/acc_chk", "--csv")
    check(rc == 0 and b"\x1b]0;pwned-title\x07" in out,
          "transactions --csv into a pipe keeps the server's text exactly")
    # The same machine formats on a terminal are escaped (a pty captures the bytes).
    for args in (("transactions", "nw/acc_chk", "--json"), ("transactions", "nw/acc_chk", "--csv"),
                 ("accounts", "--csv"), ("bills", "--json"), ("export", "--format", "csv"),
                 ("export", "--format", "ledger"), ("connections",)):
        rc, data = bt_on_pty(*args)
        check(rc == 0, "bankterm %s on a terminal exits 0" % " ".join(args), "status %d" % rc)
        probs = terminal_problems(data, allow_c0=b"\r\n")
        check(not probs, "bankterm %s on a terminal writes no raw control, C1, bidi or "
              "zero-width character" % " ".join(args), "; ".join(probs[:4]))


def tui():
    """The TUI: every tab, the transactions list, a plan."""
    t = harness.Tui()
    try:
        t.unlock()
        check(t.wait_for("Net position", 60), "the TUI draws the overview")
        t.settle()
        screens = {"overview": t.capture()}
        for tab, name in (("2", "accounts"), ("3", "bills"), ("4", "transfers"),
                          ("5", "bnpl"), ("1", "overview-again")):
            t.keys(tab)
            time.sleep(0.5)
            t.settle()
            screens[name] = t.capture()
        t.keys("2", "Enter")
        time.sleep(0.5)
        t.settle()
        screens["transactions"] = t.capture()
        for _ in range(3):
            t.keys("NPage")
        t.settle()
        t.keys("Escape", "5", "Enter")
        t.settle()
        screens["plan"] = t.capture()
        allscreens = "\n".join(screens.values())
        check(r"\x1b]0;pwned-title\x07" in screens["transactions"],
              "the transactions list shows the OSC title change escaped")
        check(r"Everyday Checking \x1b]0;pwne" in allscreens,
              "the account name is shown escaped")
        check(r"\u202e" in allscreens, "the bidi override is shown escaped")
        check("! error" in screens["overview"],
              "the top bar marks the connections whose answers were rejected")
        t.quit_and_check((b"\x1b]", b"\x1bP", b"\rOVERWRITE", b"\b\b\b\bBKSP", b"\x07\x7f",
                          b"\xc2\x9b", b"\xc2\x9d", b"\xe2\x80\xae", b"\xe2\x80\x8b",
                          b"\xef\xbb\xbf"))
    finally:
        t.kill()


def main():
    db, url = harness.start_sandbox("hostile")
    stub = harness.start_stub()
    harness.link_sandbox(url, (("nw", "/northwind"), ("fp", "/flexpay")))
    token = subprocess.run([SANDBOX, "setup-token", "--db", db], capture_output=True,
                           text=True, check=True).stdout.strip()
    rc, _, err = bt("link", "simplefin", "cu", "-", stdin=token + "\n")
    check(rc == 0, "link simplefin cu", err.decode(errors="replace"))
    cases = list(stub_bank.CASES)
    for c in cases:
        rc, _, err = bt("link", "bankapi", c, "%s/%s" % (stub, c))
        check(rc == 0, "link stub case %s" % c, err.decode(errors="replace"))
    for c in stub_bank.SF_CASES:
        tok = base64.b64encode(("%s/sfclaim/%s" % (stub, c)).encode()).decode()
        rc, _, err = bt("link", "simplefin", c, "-", stdin=tok + "\n")
        check(rc == 0, "link SimpleFIN stub case %s" % c, err.decode(errors="replace"))

    t0 = time.monotonic()
    rc, out, err = bt("refresh")
    check(rc == 0, "first refresh: every connection ok (%.1f s)" % (time.monotonic() - t0),
          (out + err).decode(errors="replace"))
    cli_shows(url)

    subprocess.run(["curl", "-s", "-X", "POST", stub + "/_phase/hostile"], check=True,
                   capture_output=True)
    rc, out, err = bt("refresh", "--force")
    text = (out + err).decode("utf-8", errors="replace")
    print(text)
    check(rc == 1, "second refresh exits 1 (some connections failed)", "status %d" % rc)
    clean_text(out + err, "refresh output")
    for good in ("nw", "fp", "cu"):
        check(re.search(r"^%s: (ok|skipped)" % good, text, re.M) is not None,
              "%s still refreshes ok next to the broken connections" % good)
    rc, out, err = bt("connections")
    conns = out.decode("utf-8", errors="replace")
    check(rc == 0, "bankterm connections exits 0")
    clean_text(out, "connections output")
    for c, (_, want) in stub_bank.CASES.items():
        row = next((l for l in conns.splitlines() if l.startswith(c + " ")), "")
        check(" error " in row and re.search(want, row) is not None,
              "connections names the problem of %s" % c, "row: %r" % row)
        rt = re.search(r"^%s: error: .*" % c, text, re.M)
        check(rt is not None and re.search(want, rt.group(0)) is not None,
              "refresh names the problem of %s" % c, rt.group(0) if rt else "no line")

    for c, (_, want, state) in stub_bank.SF_CASES.items():
        row = next((l for l in conns.splitlines() if l.startswith(c + " ")), "")
        check((" %s " % state) in row and re.search(want, row) is not None,
              "connections: SimpleFIN case %s is %s and says so" % (c, state), "row: %r" % row)
    rc, out, _ = bt("accounts")
    check(rc == 0 and b"Stub share sfhostileid" in out and b"\x1b" not in out,
          "a SimpleFIN account whose id is an attack is listed, escaped")

    # The rejected answers left every case's earlier data in the cache.
    rc, out, _ = bt("accounts")
    acc = out.decode("utf-8", errors="replace")
    for c in cases:
        check("Stub checking " + c in acc, "%s keeps its cached account" % c)
    for c in ("nul", "dupid", "huge", "digits30"):
        rc, out, _ = bt("transactions", c + "/acc_1")
        check(rc == 0 and ("STUB PURCHASE " + c).encode() in out,
              "%s keeps its cached transactions" % c)
    rc, out, _ = bt("bills")
    check(b"Stub Power" in out and out.count(b"bill_1") == len(cases),
          "every case keeps its cached bill")
    rc, out, _ = bt("bnpl")
    check(out.count(b"plan_1") == len(cases), "every case keeps its cached BNPL plan")
    check(b"plan_h" in out, "fp's plan is still there")

    if shutil.which("tmux"):
        tui()
    else:
        print("skip: no tmux, the TUI part did not run")


harness.run(main)

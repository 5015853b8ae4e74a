#!/usr/bin/python3
"""pay_cli.py — the money-moving CLI twins (pay, payments --cancel, send, contacts add,
bnpl pay) from the outside, against a real bankterm-sandbox on 127.0.0.1 (port 0 first; the
same port again when the test restarts it with other faults).  Every exit code: 0 done,
1 refused by the bank (insufficient funds), 2 usage / no terminal / no_match without override,
3 wrong passphrase, three wrong SCA codes, revoked session, 4 sandbox down and --fail-rate 1
(NOT made: nothing on the server, nothing left to resend), 5 answer lost after commit (a later
run resolves it: exactly one payment).  After each payment the server's state is read through
its own API with a separate token: the balance moved by exactly the amount and exactly one
payment/transfer exists; the CLI's cache shows it too.  Exactly once: N payments through
--drop-after-commit 0.5 are N on the server.

usage: pay_cli.py BANKTERM BANKTERM_SANDBOX"""
import json
import re
import os
import pty
import select
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from decimal import Decimal

import jsonschema

BANKTERM, SANDBOX = sys.argv[1:3]
SRCDIR = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
WRAP = os.environ.get("BANKTERM_WRAP", "").split()
NOW = "2026-11-23T10:42:00Z"
PASS = b"correct horse battery staple\n"
FAILS = []


def check(name, cond, detail=""):
    print(("ok: " if cond else "FAIL: ") + name + ("" if cond else " " + str(detail)))
    if not cond:
        FAILS.append(name)


class Env:
    tmp = None
    home = None
    url = None
    port = None
    sandbox = None
    tokens = {}


E = Env()


def run(*args, passphrase=PASS, codes=None):
    """bankterm with the passphrase (and SCA codes) on pipes and no controlling terminal."""
    fds = []
    r, w = os.pipe()
    os.write(w, passphrase)
    os.close(w)
    fds.append(r)
    extra = ["--passphrase-fd", str(r)]
    if codes is not None:
        cr, cw = os.pipe()
        os.write(cw, "".join(c + "\n" for c in codes).encode())
        os.close(cw)
        fds.append(cr)
        extra += ["--sca-code-fd", str(cr)]
    env = dict(os.environ, HOME=E.home, XDG_CONFIG_HOME=E.home + "/c",
               XDG_DATA_HOME=E.home + "/d", XDG_CACHE_HOME=E.home + "/k", BANKTERM_NOW=NOW,
               LC_ALL="C.UTF-8")
    p = subprocess.run([*WRAP, BANKTERM, *args, *extra], pass_fds=fds, env=env,
                       capture_output=True, timeout=180, start_new_session=True)
    for fd in fds:
        os.close(fd)
    return p.returncode, p.stdout.decode(), p.stderr.decode()


def run_tty(answer, *args):
    """bankterm on a pseudo-terminal (its controlling tty): answers the y/N question."""
    r, w = os.pipe()
    os.write(w, PASS)
    os.close(w)
    env = dict(os.environ, HOME=E.home, XDG_CONFIG_HOME=E.home + "/c",
               XDG_DATA_HOME=E.home + "/d", XDG_CACHE_HOME=E.home + "/k", BANKTERM_NOW=NOW,
               LC_ALL="C.UTF-8")
    os.set_inheritable(r, True)
    cmd = [*WRAP, BANKTERM, *args, "--passphrase-fd", str(r)]
    pid, fd = pty.fork()
    if pid == 0:
        os.execvpe(cmd[0], cmd, env)
    os.close(r)
    out, asked = b"", False
    deadline = time.time() + 120
    while time.time() < deadline:
        ready, _, _ = select.select([fd], [], [], 1)
        if not ready:
            continue
        try:
            chunk = os.read(fd, 4096)
        except OSError:
            break
        if not chunk:
            break
        out += chunk
        if not asked and b"[y/N]" in out:
            os.write(fd, answer.encode() + b"\n")
            asked = True
    _, status = os.waitpid(pid, 0)
    os.close(fd)
    return os.waitstatus_to_exitcode(status), out.decode(errors="replace"), asked


def start_sandbox(*faults):
    port = ["--port", str(E.port) if E.port else "0"]
    for _ in range(50):
        E.sandbox = subprocess.Popen([SANDBOX, "serve", "--db", E.tmp + "/bank.db", *port,
                                      "--auto-approve", "--now", NOW, *faults],
                                     stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        line = E.sandbox.stdout.readline().decode().strip()
        if line.startswith("listening on "):
            E.url = line.removeprefix("listening on ")
            E.port = int(E.url.rsplit(":", 1)[1])
            return
        E.sandbox.wait(10)
        time.sleep(0.1)  # the port is still being released
    raise RuntimeError("the sandbox did not start")


def stop_sandbox():
    if E.sandbox is not None:
        E.sandbox.terminate()
        E.sandbox.wait(10)
        E.sandbox = None


def restart(*faults):
    stop_sandbox()
    start_sandbox(*faults)


def post_form(url, fields):
    data = urllib.parse.urlencode(fields).encode()
    with urllib.request.urlopen(urllib.request.Request(url, data=data), timeout=30) as r:
        return json.load(r)


def token(inst):
    """An access token of our own (device flow, auto-approved), to read the server's state."""
    base = E.url + "/" + inst
    da = post_form(base + "/oauth/device_authorization",
                   {"client_id": "checker", "scope": "accounts payments"})
    for _ in range(20):
        try:
            t = post_form(base + "/oauth/token", {
                "grant_type": "urn:ietf:params:oauth:grant-type:device_code",
                "device_code": da["device_code"], "client_id": "checker"})
            return t["access_token"]
        except urllib.error.HTTPError:
            time.sleep(da.get("interval", 1))
    raise RuntimeError("no token for " + inst)


def api(inst, path):
    if inst not in E.tokens:
        E.tokens[inst] = token(inst)
    req = urllib.request.Request(E.url + "/" + inst + path,
                                 headers={"Authorization": "Bearer " + E.tokens[inst]})
    with urllib.request.urlopen(req, timeout=30) as r:
        return json.load(r)


def available(acc="acc_chk"):
    return Decimal(api("northwind", "/v1/accounts/" + acc)["available_balance"]["amount"])


def payments():
    return api("northwind", "/v1/payments")["payments"]


def transfers():
    return api("northwind", "/v1/transfers")["transfers"]


def otp():
    return subprocess.run([SANDBOX, "otp", "--db", E.tmp + "/bank.db", "--now", NOW],
                          capture_output=True, check=True).stdout.decode().strip()


def main():
    E.tmp = tempfile.mkdtemp(prefix="bankterm-pay-")
    E.home = E.tmp + "/home"
    os.mkdir(E.home)
    try:
        start_sandbox()
        check("sandbox listens on loopback", E.url.startswith("http://127.0.0.1:"), E.url)
        rc, _, err = run("vault", "init", "--kdf", "interactive")
        check("vault init", rc == 0, err)
        for name, path in (("nw", "/northwind"), ("fp", "/flexpay")):
            rc, _, err = run("link", "bankapi", name, E.url + path)
            check("link " + name, rc == 0, err)
        rc, _, err = run("refresh")
        check("refresh", rc == 0, err)
        usage()
        pay_bills()
        confirm_on_tty()
        scheduled_and_cancel()
        insufficient()
        contacts()
        send()
        bnpl()
        exactly_once()
        unknown_then_resolved()
        network()
        auth()
    finally:
        stop_sandbox()
        shutil.rmtree(E.tmp, ignore_errors=True)


def usage():
    for cmd in (["pay"], ["send"], ["payments"], ["contacts"], ["bnpl"]):
        rc, out, _ = run(*cmd, "-h")
        check(cmd[0] + " -h", rc == 0 and "usage: bankterm " + cmd[0] in out, out[:200])
    rc, out, _ = run("pay", "-h")
    check("pay -h documents the exit codes", "5 status unknown" in out.replace("\n", " "), out)
    before = payments()
    rc, _, err = run("pay", "bill_power", "--from", "acc_chk")
    check("pay without --amount: exit 2", rc == 2, err)
    rc, _, err = run("pay", "bill_power", "--from", "acc_chk", "--amount", "1.234", "--yes")
    check("pay 1.234 USD: exit 2 naming the amount", rc == 2 and "amount:" in err, err)
    rc, _, err = run("pay", "bill_nope", "--from", "acc_chk", "--amount", "due", "--yes")
    check("pay an unknown bill: exit 2", rc == 2 and "bill" in err, err)
    rc, _, err = run("pay", "bill_power", "--from", "acc_chk", "--amount", "due",
                     "--on", "2028-01-01", "--yes")
    check("pay beyond the 365-day horizon: exit 2", rc == 2 and "365" in err, err)
    rc, out, err = run("pay", "bill_power", "--from", "acc_chk", "--amount", "due")
    check("no --yes and no terminal: exit 2, review shown, says why",
          rc == 2 and "no terminal" in err and "City Power" in out, (rc, err))
    check("nothing reached the server", payments() == before)


def pay_bills():
    before, n = available(), len(payments())
    rc, out, err = run("pay", "bill_power", "--from", "Everyday Checking", "--amount", "due",
                       "--yes")
    check("pay bill_power due: exit 0 with a confirmation",
          rc == 0 and "confirmation NW-" in out, (rc, out, err))
    mine = [p for p in payments() if p["bill_id"] == "bill_power"]
    check("exactly one bill_power payment on the server",
          len(mine) == 1 and len(payments()) == n + 1 and mine[0]["status"] == "sent", mine)
    check("balance moved by exactly 112.48", before - available() == Decimal("112.48"),
          (before, available()))
    check("the review showed the balance after", "after: " in out, out)
    rc, out, _ = run("bills", "--json")
    bill = [b for b in json.loads(out)["items"] if b["id"] == "bill_power"]
    check("bankterm bills shows it paid (cache refreshed)",
          bill and bill[0]["status"] == "paid", bill)


def confirm_on_tty():
    n = len(payments())
    rc, out, asked = run_tty("n", "pay", "bill_gym", "--from", "acc_chk", "--amount", "1.00")
    check("asked on the terminal; 'n': exit 1, nothing sent",
          asked and rc == 1 and "nothing was sent" in out and len(payments()) == n, (rc, out))
    rc, out, asked = run_tty("y", "pay", "bill_gym", "--from", "acc_chk", "--amount", "1.00")
    check("asked on the terminal; 'y': exit 0, one payment",
          asked and rc == 0 and len(payments()) == n + 1, (rc, out))


def scheduled_and_cancel():
    before = available()
    rc, out, err = run("pay", "bill_card", "--from", "acc_chk", "--amount", "minimum",
                       "--on", "2026-12-01", "--yes")
    check("schedule bill_card minimum: exit 0", rc == 0 and "scheduled" in out, (out, err))
    sched = [p for p in payments() if p["bill_id"] == "bill_card"]
    check("one scheduled payment of 35.00 on the server",
          len(sched) == 1 and sched[0]["status"] == "scheduled"
          and sched[0]["amount"]["amount"] == "35.00" and sched[0]["pay_on"] == "2026-12-01",
          sched)
    check("a scheduled payment does not move money yet", available() == before)
    rc, out, _ = run("bills", "--json")
    check("bankterm bills shows bill_card scheduled",
          [b["status"] for b in json.loads(out)["items"] if b["id"] == "bill_card"]
          == ["scheduled"], out[:300])
    rc, out, _ = run("payments", "--json")
    schema_ok("payments", out)
    mine = [p for p in json.loads(out)["items"] if p["id"] == sched[0]["id"]]
    check("bankterm payments lists it scheduled", mine and mine[0]["status"] == "scheduled",
          out[:300])
    rc, out, err = run("payments", "--cancel", sched[0]["id"], "--yes")
    check("payments --cancel: exit 0", rc == 0 and "cancelled" in out, (out, err))
    check("the server has it cancelled",
          [p["status"] for p in payments() if p["id"] == sched[0]["id"]] == ["cancelled"])
    rc, _, err = run("payments", "--cancel", sched[0]["id"], "--yes")
    check("cancelling it again: exit 2 (not scheduled any more)", rc == 2, err)
    rc, _, err = run("payments", "--cancel", "pay_autopay1")
    check("cancel without --yes and no terminal: exit 2", rc == 2, err)


def insufficient():
    n, before = len(payments()), available()
    rc, out, err = run("pay", "bill_gym", "--from", "acc_chk", "--amount", "99999.00", "--yes")
    check("insufficient funds: exit 1 in the customer's words",
          rc == 1 and "Insufficient funds" in err and "NOT made" in err, (rc, err))
    check("the review warned below zero", "below zero" in out, out)
    check("no payment and no debit on the server",
          len(payments()) == n and available() == before)


def schema_ok(name, out):
    text = open(os.path.join(SRCDIR, "docs", "JSON.md"), encoding="utf-8").read()
    sch = json.loads(re.search(r"```json\n(.*?)```", text, re.S).group(1))
    try:
        jsonschema.validate(json.loads(out), sch)
        check(name + " --json matches docs/JSON.md", True)
    except jsonschema.ValidationError as ex:
        check(name + " --json matches docs/JSON.md", False, ex.message)


def contacts():
    cases = (("Grace Hopper", "grace@example.com", "match"),
             ("Maggie Hamilton", "+447700900123", "close_match"),
             ("Dan Brown", "12345678", "no_match"),
             ("Zed Nobody", "zed@nowhere.example", "unavailable"))
    for name, handle, want in cases:
        rc, out, err = run("contacts", "add", name, handle)
        check("contacts add → " + want, rc == 0 and "Payee check: " + want in out,
              (rc, out, err))
    rc2, out2, _ = run("contacts", "--json")
    items = json.loads(out2)["items"]
    schema_ok("contacts", out2)
    got = {c["name"]: c["payee_check"] for c in items}
    check("contacts lists each result",
          all(got.get(n) == w for n, _, w in cases), got)
    check("close_match shows the bank's name",
          any(c["payee_check_name"] == "Margaret Hamilton" for c in items))
    rc, _, err = run("contacts", "add", "Bad Handle", "12345")
    check("contacts add with a bad handle: exit 2", rc == 2 and "handle" in err, err)


def contact_id(name):
    rc, out, _ = run("contacts", "--json")
    return [c["id"] for c in json.loads(out)["items"] if c["name"] == name][0]


def send():
    n, before = len(transfers()), available()
    grace = contact_id("Grace Hopper")
    rc, out, err = run("send", grace, "--from", "acc_chk", "--amount", "25.00", "--memo",
                       "book club", "--yes", codes=[otp()])
    check("first transfer to a new contact: scam warning shown",
          "safe account" in out and "cannot be reversed" in out, out)
    check("send with the right SCA code: exit 0", rc == 0, (rc, out, err))
    mine = [t for t in transfers() if t["contact_id"] == grace]
    check("exactly one transfer to Grace, 25.00 with the memo",
          len(mine) == 1 and mine[0]["amount"]["amount"] == "25.00"
          and mine[0]["memo"] == "book club" and len(transfers()) == n + 1, mine)
    check("balance moved by exactly 25.00", before - available() == Decimal("25.00"))

    n, before = len(transfers()), available()
    maggie = contact_id("Maggie Hamilton")
    rc, out, err = run("send", maggie, "--from", "acc_chk", "--amount", "10.00", "--yes",
                       codes=["000000", "111111", "222222", "333333"])
    check("three wrong SCA codes: exit 3, cancelled cleanly",
          rc == 3 and "wrong one-time codes" in err, (rc, err))
    check("the close_match review asked who they meant", "who you meant" in out, out)
    check("no transfer and no debit after wrong codes",
          len(transfers()) == n and available() == before)
    rc, out, err = run("send", maggie, "--from", "acc_chk", "--amount", "10.00", "--yes",
                       codes=["000000", otp()])
    check("a wrong code then the right one: exit 0, one transfer",
          rc == 0 and len(transfers()) == n + 1, (rc, err))

    dan = contact_id("Dan Brown")
    n = len(transfers())
    rc, _, err = run("send", dan, "--from", "acc_chk", "--amount", "5.00", "--yes")
    check("no_match without --accept-no-match: exit 2, nothing sent",
          rc == 2 and "--accept-no-match" in err and len(transfers()) == n, err)
    rc, out, err = run("send", dan, "--from", "acc_chk", "--amount", "5.00", "--yes",
                       "--accept-no-match", codes=[otp()])
    check("no_match overridden: exit 0, one transfer", rc == 0 and len(transfers()) == n + 1,
          (rc, err))

    n, before = len(transfers()), available()
    rc, out, err = run("send", "Alice Smith", "--from", "acc_chk", "--amount", "12.34", "--yes")
    check("an existing contact by name, no code needed: exit 0",
          rc == 0 and "safe account" not in out, (rc, out, err))
    check("one more transfer and exactly 12.34 less",
          len(transfers()) == n + 1 and before - available() == Decimal("12.34"))
    rc, _, err = run("send", "ct_alice", "--from", "acc_chk", "--amount", "3000.00", "--yes")
    check("beyond the daily limit: exit 1 'limit'", rc == 1 and "limit" in err, (rc, err))


def plan(pid):
    return [p for p in api("flexpay", "/v1/bnpl/plans")["plans"] if p["id"] == pid][0]


def bnpl():
    before = available()
    rc, out, err = run("bnpl", "pay", "plan_lumen", "--from", "acc_chk", "--next", "--yes")
    check("bnpl pay --next: exit 0", rc == 0, (out, err))
    lumen = plan("plan_lumen")
    check("installment 3 of plan_lumen paid",
          [i["status"] for i in lumen["installments"]][:3] == ["paid"] * 3, lumen)
    check("Northwind checking charged exactly 60.00", before - available() == Decimal("60.00"))
    before = available()
    atlas = plan("plan_atlas")
    rc, out, err = run("bnpl", "pay", "plan_atlas", "--from", "acc_chk", "--payoff", "--yes")
    check("bnpl pay --payoff: exit 0, review shows payoff and interest saved",
          rc == 0 and atlas["payoff_amount"]["amount"] in out
          and atlas["interest_saved_on_payoff"]["amount"] in out, (out, err))
    check("plan_atlas paid off on the server", plan("plan_atlas")["status"] == "paid_off")
    check("charged exactly the payoff amount",
          before - available() == Decimal(atlas["payoff_amount"]["amount"]))
    rc, _, err = run("bnpl", "pay", "plan_atlas", "--from", "acc_chk", "--payoff", "--yes")
    check("paying a paid-off plan: exit 2", rc == 2, err)
    rc, _, err = run("bnpl", "pay", "plan_lumen", "--from", "acc_chk", "--next", "--payoff")
    check("--next and --payoff together: exit 2", rc == 2, err)


def exactly_once():
    restart("--drop-after-commit", "0.5", "--fault-seed", "7")
    amounts = ["1.%02d" % i for i in range(1, 11)]
    codes = []
    log = E.tmp + "/drops.log"
    for a in amounts:
        rc, out, err = run("--debug-log", log, "pay", "bill_insurance", "--from", "acc_chk",
                           "--amount", a, "--yes")
        codes.append(rc)
    drops = open(log, encoding="utf-8").read().count("/payments -> failed")
    check("answers were really dropped after commit (%d)" % drops, drops > 0)
    restart()
    rc, _, err = run("refresh")  # resends anything left pending
    got = [p["amount"]["amount"] for p in payments() if p["bill_id"] == "bill_insurance"]
    check("10 payments through --drop-after-commit 0.5: exit codes 0 (or 5, then resolved)",
          all(c in (0, 5) for c in codes), codes)
    check("exactly 10 on the server, each amount once", sorted(got) == sorted(amounts), got)


def unknown_then_resolved():
    restart("--drop-after-commit", "1")
    rc, out, err = run("pay", "bill_phone", "--from", "acc_chk", "--amount", "7.77", "--yes",
                       "--attempts", "1")
    check("answer lost after commit, no retries left: exit 5, 'check again'",
          rc == 5 and "check again" in err, (rc, err))
    restart()
    rc, out, err = run("pay", "bill_phone", "--from", "acc_chk", "--amount", "1.00", "--yes")
    check("the next run finishes the earlier payment first", rc == 0 and "earlier payment" in err,
          (rc, out, err))
    got = [p for p in payments() if p["amount"]["amount"] == "7.77"]
    check("exactly one 7.77 payment on the server", len(got) == 1, got)


def network():
    n = len(payments())
    stop_sandbox()
    rc, _, err = run("pay", "bill_phone", "--from", "acc_chk", "--amount", "2.22", "--yes")
    check("sandbox down: exit 4, NOT made", rc == 4 and "NOT made" in err, (rc, err))
    start_sandbox("--fail-rate", "1")
    rc, _, err = run("pay", "bill_phone", "--from", "acc_chk", "--amount", "3.33", "--yes",
                     "--attempts", "2")
    check("--fail-rate 1: exit 4, NOT made", rc == 4 and "NOT made" in err, (rc, err))
    restart()
    rc, out, err = run("refresh")
    check("nothing left to resend", "interrupted payment" not in out + err, out + err)
    check("no payment on the server", len(payments()) == n)


def auth():
    n = len(payments())
    rc, _, err = run("pay", "bill_phone", "--from", "acc_chk", "--amount", "4.44", "--yes",
                     passphrase=b"wrong passphrase\n")
    check("wrong passphrase: exit 3", rc == 3, (rc, err))
    db = sqlite3.connect(E.tmp + "/bank.db")
    db.execute("DELETE FROM tokens")
    db.commit()
    db.close()
    E.tokens.clear()
    rc, _, err = run("pay", "bill_phone", "--from", "acc_chk", "--amount", "4.44", "--yes")
    check("revoked session: exit 3, link again", rc == 3 and "link" in err, (rc, err))
    check("no payment on the server", len(payments()) == n)


if __name__ == "__main__":
    main()
    print("%d failed" % len(FAILS) if FAILS else "all passed")
    sys.exit(1 if FAILS else 0)

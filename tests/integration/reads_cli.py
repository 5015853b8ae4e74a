#!/usr/bin/python3
"""reads_cli.py — the read commands from the outside, against a real bankterm-sandbox on
127.0.0.1 port 0 with BANKTERM_NOW fixed: every read in all three formats (JSON validated
against the schema in docs/JSON.md, CSV parsed as RFC 4180), --offline with the sandbox
stopped, `due` exit codes at several dates, `notify` announcing once across runs (through a
fake notify-send), and exports checked by hledger and bean-check to equal the sandbox's
balances.

usage: reads_cli.py BANKTERM BANKTERM_SANDBOX SRCDIR"""
import csv
import io
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

import jsonschema

BANKTERM, SANDBOX, SRCDIR = sys.argv[1:4]
# meson test --setup=valgrind: what to put in front of bankterm (tests/valgrind/wrap)
WRAP = os.environ.get("BANKTERM_WRAP", "").split()
NOW = "2026-11-23T10:42:00Z"
PASS = b"correct horse battery staple\n"
FAILS = []


def check(name, cond, detail=""):
    print(("ok: " if cond else "FAIL: ") + name + ("" if cond else " " + str(detail)))
    if not cond:
        FAILS.append(name)


def run(home, *args, env_extra=None):
    """Runs bankterm with the passphrase on a pipe; returns (rc, stdout, stderr)."""
    r, w = os.pipe()
    os.write(w, PASS)
    os.close(w)
    env = dict(os.environ, HOME=home, XDG_CONFIG_HOME=home + "/c", XDG_DATA_HOME=home + "/d",
               XDG_CACHE_HOME=home + "/k", BANKTERM_NOW=NOW, LC_ALL="C.UTF-8")
    env.update(env_extra or {})
    p = subprocess.run([*WRAP, BANKTERM, *args, "--passphrase-fd", str(r)], pass_fds=(r,), env=env,
                       capture_output=True, timeout=120)
    os.close(r)
    return p.returncode, p.stdout.decode(), p.stderr.decode()


def schema():
    text = open(os.path.join(SRCDIR, "docs", "JSON.md"), encoding="utf-8").read()
    block = re.search(r"```json\n(.*?)```", text, re.S).group(1)
    return json.loads(block)


def main():
    tmp = tempfile.mkdtemp(prefix="bankterm-reads-")
    sandbox = subprocess.Popen([SANDBOX, "serve", "--db", tmp + "/bank.db", "--port", "0",
                                "--auto-approve", "--now", NOW],
                               stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    try:
        line = sandbox.stdout.readline().decode().strip()
        url = line.removeprefix("listening on ")
        check("sandbox listens on loopback", url.startswith("http://127.0.0.1:"), line)
        home = tmp + "/home"
        os.mkdir(home)
        rc, _, err = run(home, "vault", "init", "--kdf", "interactive")
        check("vault init", rc == 0, err)
        for name, path in (("nw", "/northwind"), ("fp", "/flexpay")):
            rc, _, err = run(home, "link", "bankapi", name, url + path)
            check("link " + name, rc == 0, err)
        # --refresh on a read fetches first: before it the cache is empty.
        rc, out, err = run(home, "accounts", "--json")
        check("accounts before any refresh: empty", rc == 0 and json.loads(out)["items"] == [],
              out + err)
        rc, out, err = run(home, "accounts", "--json", "--refresh")
        accounts = json.loads(out)["items"] if rc == 0 else []
        check("accounts --refresh fetches", len(accounts) == 3, out + err)
        reads(home)
        sandbox.terminate()
        sandbox.wait(10)
        sandbox = None
        offline(home, accounts)
        due(home, tmp)
        notify(home, tmp)
        exports(home, accounts, tmp)
    finally:
        if sandbox is not None:
            sandbox.terminate()
            sandbox.wait(10)
        shutil.rmtree(tmp, ignore_errors=True)


def reads(home):
    sch = schema()
    for cmd in ("accounts", "transactions", "bills", "bnpl", "transfers", "due"):
        rc, out, err = run(home, cmd, "--json")
        check(cmd + " --json exit", rc in ((0, 1) if cmd == "due" else (0,)), err)
        doc = json.loads(out)
        try:
            jsonschema.validate(doc, sch)
            check(cmd + " --json matches docs/JSON.md", True)
        except jsonschema.ValidationError as ex:
            check(cmd + " --json matches docs/JSON.md", False, ex.message)
        check(cmd + " --json has items", len(doc["items"]) > 0)
        rc, out, err = run(home, cmd, "--csv")
        rows = list(csv.DictReader(io.StringIO(out, newline="")))
        check(cmd + " --csv rows equal --json items", len(rows) == len(doc["items"]),
              (len(rows), len(doc["items"])))
        check(cmd + " --csv uses CRLF", out.count("\r\n") == len(rows) + 1 + out.count("\r\n\"")
              or "\r\n" in out)
        rc, out, err = run(home, cmd)
        check(cmd + " table has a header", out.split("\n")[0].split()[0].isupper(), out[:200])
        check(cmd + " table has no escape sequences", "\x1b" not in out and "\x9b" not in out)
    # Hostile merchant names: raw in JSON, escaped in the table.
    rc, out, _ = run(home, "transactions", "acc_chk", "--json")
    raw = [t["description"] for t in json.loads(out)["items"] if "\x1b" in (t["description"] or "")]
    check("JSON keeps raw server text", len(raw) > 0)
    rc, out, _ = run(home, "transactions", "acc_chk")
    check("table shows escapes visibly", "\\x1b" in out)
    rc, out, _ = run(home, "transactions", "acc_chk", "--since", "2026-11-01", "--until",
                     "2026-11-15", "--json")
    dates = [t["date"] for t in json.loads(out)["items"]]
    check("--since/--until", dates and min(dates) >= "2026-11-01" and max(dates) <= "2026-11-15",
          dates[:3])
    rc, _, err = run(home, "transactions", "no_such_account")
    check("unknown account fails", rc == 1 and "no account" in err, err)
    rc, _, err = run(home, "accounts", "--json", "--csv")
    check("--json --csv is a usage error", rc == 2, err)


def offline(home, accounts):
    rc, out, err = run(home, "accounts", "--json", "--offline")
    check("--offline with the sandbox stopped", rc == 0 and json.loads(out)["items"] == accounts,
          err)
    rc, out, err = run(home, "bills", "--offline")
    check("--offline table", rc == 0 and "bill_water" in out, err)


def due(home, tmp):
    rc, out, _ = run(home, "due", "--json")
    items = json.loads(out)["items"]
    check("due: exit 1 when something is due", rc == 1)
    over = [i["overdue"] for i in items]
    check("due: overdue first", over == sorted(over, reverse=True) and over[0], over)
    total = sum(int(i["amount"]["value"].replace(".", "")) for i in items)
    tot = json.loads(out)["totals"][0]
    check("due: total", int(tot["total"]["value"].replace(".", "")) == total, tot)
    rc, out, _ = run(home, "due", "--quiet")
    check("due --quiet prints nothing", rc == 1 and out == "")
    rc7, out7, _ = run(home, "due", "--within", "1d", "--json")
    rc30, out30, _ = run(home, "due", "--within", "30d", "--json")
    check("due: a wider window holds more",
          len(json.loads(out30)["items"]) > len(json.loads(out7)["items"]))
    # A later clock: what was upcoming is now inside the window.
    rc, out, _ = run(home, "due", "--within", "1d", "--json",
                     env_extra={"BANKTERM_NOW": "2026-12-16T09:00:00Z"})
    titles = [i["title"] for i in json.loads(out)["items"]]
    check("due at 2026-12-16", rc == 1 and "Harbor Mutual Insurance" in titles, titles)
    empty = tmp + "/empty"
    os.mkdir(empty)
    run(empty, "vault", "init", "--kdf", "interactive")
    for when in ("2026-11-23T10:42:00Z", "2027-06-01T00:00:00Z"):
        rc, out, _ = run(empty, "due", env_extra={"BANKTERM_NOW": when})
        check("due: exit 0 when nothing is due at " + when, rc == 0 and "nothing due" in out,
              (rc, out))


def notify(home, tmp):
    bindir = tmp + "/bin"
    os.mkdir(bindir)
    log = tmp + "/notify.log"
    with open(bindir + "/notify-send", "w") as f:
        f.write("#!/bin/sh\nprintf '%%s|%%s|%%s\\n' \"$1\" \"$2\" \"$3\" >> %s\n" % log)
    os.chmod(bindir + "/notify-send", 0o755)
    env = {"PATH": bindir + ":" + os.environ.get("PATH", "")}
    rc, _, err = run(home, "notify", env_extra=env)
    first = open(log).read().splitlines() if os.path.exists(log) else []
    check("notify: first run announces", rc == 0 and len(first) >= 3, (first, err))
    check("notify: overdue bill announced", any("Metro Water" in l for l in first), first)
    for kind in ("Bill overdue", "Bill due soon", "BNPL installment overdue",
                 "BNPL installment due"):
        check("notify: announces " + kind, any("|bankterm: " + kind + "|" in l for l in first),
              first)
    rc, _, err = run(home, "notify", env_extra=env)
    second = open(log).read().splitlines()
    check("notify: second run announces nothing new", rc == 0 and second == first,
          second[len(first):])
    rc, _, err = run(home, "notify", env_extra={"PATH": "/nonexistent",
                                                "BANKTERM_NOW": "2026-12-16T09:00:00Z"})
    check("notify: without notify-send it prints; a later day brings new alerts",
          rc == 0, err)
    # A threshold above every balance: a low-balance alert, announced once.
    os.makedirs(home + "/c/bankterm", exist_ok=True)
    with open(home + "/c/bankterm/config", "w") as f:
        f.write("[general]\nlow_balance_threshold = 1000000.00 USD\n")
    rc, _, err = run(home, "notify", env_extra=env)
    third = open(log).read().splitlines()[len(second):]
    check("notify: a balance below the threshold is announced",
          rc == 0 and any("alance" in l for l in third), (third, err))
    os.remove(home + "/c/bankterm/config")


def balances_hledger(path):
    out = subprocess.run(["hledger", "-f", path, "bal", "--flat", "--no-total", "-N"],
                         capture_output=True, text=True, check=True).stdout
    bal = {}
    for line in out.splitlines():
        parts = line.split()
        if len(parts) == 3 and not parts[2].startswith(("Equity", "Expenses", "Income")):
            bal[parts[2]] = parts[0]
    return bal


def exports(home, accounts, tmp):
    want = {}
    for a in accounts:
        root = "Liabilities" if a["type"] in ("credit_card", "loan") else "Assets"
        name = "%s:%s:%s" % (root, a["connection"].capitalize(),
                             (a["id"][0].upper() + a["id"][1:]).replace("_", "-"))
        want[name] = a["balance"]["value"]
    outs = {}
    for fmt in ("ledger", "hledger", "beancount", "csv"):
        rc, out, err = run(home, "export", "--format", fmt)
        check("export " + fmt, rc == 0 and len(out) > 1000, err)
        rc2, out2, _ = run(home, "export", "--format", fmt)
        check("export %s is deterministic" % fmt, out == out2)
        outs[fmt] = out
        with open("%s/export.%s" % (tmp, fmt), "w") as f:
            f.write(out)
    if shutil.which("hledger"):
        for fmt in ("ledger", "hledger"):
            got = balances_hledger("%s/export.%s" % (tmp, fmt))
            check("hledger bal of the %s export equals the sandbox" % fmt, got == want,
                  (got, want))
    else:
        check("hledger is installed", False)
    if shutil.which("bean-check"):
        p = subprocess.run(["bean-check", tmp + "/export.beancount"], capture_output=True,
                           text=True)
        check("bean-check accepts the export (balance assertions = the sandbox's)",
              p.returncode == 0, p.stdout + p.stderr)
        bad = outs["beancount"].replace(want["Assets:Nw:Acc-chk"] + " USD",
                                        "1.00 USD", 1)
        with open(tmp + "/bad.beancount", "w") as f:
            f.write(bad)
        p = subprocess.run(["bean-check", tmp + "/bad.beancount"], capture_output=True)
        check("bean-check catches a wrong balance", p.returncode != 0)
    else:
        check("bean-check is installed", False)
    ids = [r["id"] for r in csv.DictReader(io.StringIO(outs["csv"], newline=""))]
    check("export ids are unique", len(ids) == len(set(ids)) and len(ids) > 100)
    check("ledger export carries bankterm-id tags",
          outs["ledger"].count("bankterm-id:") >= len(ids))
    rc, out, _ = run(home, "export", "--format", "csv", "--since", "2026-11-01", "nw/acc_chk")
    rows = list(csv.DictReader(io.StringIO(out, newline="")))
    check("export --since ACCOUNT", rows and all(r["date"] >= "2026-11-01" and
                                                 r["account"] == "acc_chk" for r in rows))
    rc, _, err = run(home, "export", "--format", "qif")
    check("export: unknown format is a usage error", rc == 2, err)


main()
print("%d failure(s)" % len(FAILS))
sys.exit(1 if FAILS else 0)

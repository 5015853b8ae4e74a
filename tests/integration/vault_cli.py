#!/usr/bin/python3
"""vault_cli.py - `bankterm vault init|passwd|info` as a user (or a script)
meets them: passphrases only through --passphrase-fd, exit 3 on a wrong
passphrase or a damaged vault with nothing changed, modes 0600/0700, the
passphrase never in /proc/PID/cmdline, /proc/PID/environ, stdout, stderr,
the debug log or on the terminal (asked twice on a pty, echo off), core dumps off and the process non-dumpable, and an
independent decryption (vault_decrypt.py) of vaults that bankterm wrote.

usage: vault_cli.py BANKTERM VAULT_FIXTURE VAULT_DECRYPT_PY"""
import json
import os
import pty
import select
import shutil
import stat
import subprocess
import sys
import tempfile
import time

BT, FIXTURE, DECRYPT = sys.argv[1:4]
# meson test --setup=valgrind: what to put in front of bankterm (tests/valgrind/wrap)
WRAP = os.environ.get("BANKTERM_WRAP", "").split()
PASS = b"tr0ub4dor&3 horse staple"
NEW_PASS = b"a brand new passphrase"
AUTH = "wrong passphrase or damaged vault"
failures = 0


def check(cond, what):
    global failures
    print(("ok   " if cond else "FAIL ") + what)
    if not cond:
        failures += 1


def run(args, lines=(), env=None, debug_log=None):
    """Runs bankterm with the lines written to descriptor 3; no tty."""
    r, w = os.pipe()
    pre = ["--debug-log", debug_log] if debug_log else []
    p = subprocess.Popen(WRAP + [BT] + pre + args, pass_fds=(r,), stdin=subprocess.DEVNULL,
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                         start_new_session=True, env=env,
                         preexec_fn=lambda: os.dup2(r, 3))
    os.close(r)
    try:
        os.write(w, b"".join(line + b"\n" for line in lines))
    except BrokenPipeError:
        pass  # it finished (a usage error, say) without reading them
    os.close(w)
    out, err = p.communicate(timeout=120)
    return p.returncode, out, err


def mode(path):
    return stat.S_IMODE(os.stat(path).st_mode)


def decrypt(path, passphrase):
    p = subprocess.run(["/usr/bin/python3", DECRYPT, path], input=passphrase + b"\n",
                       capture_output=True, timeout=120)
    return p.returncode, p.stdout, p.stderr


def main():
    tmp = tempfile.mkdtemp(prefix="bankterm-vault-cli-")
    try:
        scenario(tmp)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print("%d failure(s)" % failures)
    return 1 if failures else 0


def scenario(tmp):
    data = os.path.join(tmp, "data", "bankterm")
    vault = os.path.join(data, "vault")
    log = os.path.join(tmp, "debug.log")
    fd = ["--passphrase-fd", "3", "--vault", vault]
    env = {"PATH": "/usr/bin:/bin", "HOME": tmp, "XDG_DATA_HOME": os.path.join(tmp, "data")}

    rc, out, err = run(["vault"], env=env)
    check(rc == 2, "vault without a subcommand is a usage error")
    rc, out, err = run(["vault", "init", "--kdf", "fast"] + fd, [PASS], env=env)
    check(rc == 2 and b"--kdf" in err, "an unknown --kdf is a usage error")
    rc, out, err = run(["vault", "init", "--vault", vault], env=env)
    check(rc == 1 and b"--passphrase-fd" in err, "no tty and no descriptor: refused, says why")
    rc, out, err = run(["vault", "init"] + fd, [b""], env=env)
    check(rc == 1 and b"empty" in err and not os.path.exists(vault), "empty passphrase refused")
    rc, out, err = run(["vault", "init"] + fd, [b"short"], env=env)
    check(rc == 0 and b"short" in err, "a short passphrase is accepted with a warning")
    os.unlink(vault)

    rc, out, err = run(["vault", "init", "--kdf", "interactive"] + fd, [PASS], env=env,
                       debug_log=log)
    check(rc == 0, "vault init --passphrase-fd 3")
    check(mode(vault) == 0o600 and mode(data) == 0o700, "vault 0600, directory 0700")
    rc, out, err = run(["vault", "init"] + fd, [PASS], env=env)
    check(rc == 1 and b"already exists" in err, "init does not overwrite a vault")

    rc, out, err = run(["vault", "info"] + fd, [PASS], env=env, debug_log=log)
    text = out.decode()
    check(rc == 0 and "connections: 0" in text and "mode:        0600" in text
          and "opslimit 2, memlimit 64 MiB" in text and "version 1" in text,
          "vault info shows version, KDF, connections, mode")
    check("dumpable 0, core limit 0" in text, "the process is non-dumpable with no core dumps")

    before = open(vault, "rb").read()
    rc, out, err = run(["vault", "info"] + fd, [b"not it"], env=env)
    check(rc == 3 and AUTH.encode() in err, "wrong passphrase: exit 3 and the message")
    check(open(vault, "rb").read() == before, "wrong passphrase changes nothing")
    rc, out, err = run(["vault", "passwd"] + fd, [b"not it", NEW_PASS], env=env)
    check(rc == 3 and open(vault, "rb").read() == before, "passwd with a wrong passphrase: exit 3, nothing changed")

    damaged = bytearray(before)
    for off in (0, 15, 20, 40, 60, 80, len(before) - 1):
        damaged[off] ^= 0x04
        with open(vault, "wb") as f:
            f.write(damaged)
        rc, out, err = run(["vault", "info"] + fd, [PASS], env=env)
        check(rc == 3 and AUTH.encode() in err, "byte %d flipped: exit 3" % off)
        damaged[off] ^= 0x04
    for data_ in (before[:-1], before + b"\0"):
        with open(vault, "wb") as f:
            f.write(data_)
        rc, out, err = run(["vault", "info"] + fd, [PASS], env=env)
        check(rc == 3 and AUTH.encode() in err, "truncated or extended: exit 3")
    with open(vault, "wb") as f:
        f.write(before)
    os.chmod(vault, 0o644)
    rc, out, err = run(["vault", "info"] + fd, [PASS], env=env)
    check(rc == 1 and b"chmod 600 " + vault.encode() in err, "a 0644 vault is refused, fix named")
    os.chmod(vault, 0o600)

    check(decrypt(vault, PASS)[0] == 0 and decrypt(vault, PASS)[1].strip() == b"{}",
          "vault_decrypt.py reads the empty vault bankterm made")

    proc_inspection(vault, env, log)
    tty_prompts(tmp, env)

    rc, out, err = run(["vault", "info"] + fd, [NEW_PASS], env=env)
    check(rc == 0 and "opslimit 2," in out.decode(), "passwd kept the KDF cost and took the new passphrase")
    rc, out, err = run(["vault", "info"] + fd, [PASS], env=env)
    check(rc == 3, "the old passphrase no longer opens it")
    after = open(vault, "rb").read()
    check(after[32:48] != before[32:48] and after[48:72] != before[48:72], "passwd: new salt and nonce")
    rc, out, err = run(["vault", "passwd", "--kdf", "moderate"] + fd, [NEW_PASS, PASS], env=env)
    check(rc == 0, "passwd --kdf moderate")
    code, out, err = decrypt(vault, PASS)
    check(code == 0 and out.strip() == b"{}", "vault_decrypt.py reads the MODERATE vault")
    code, out, err = decrypt(vault, NEW_PASS)
    check(code == 3, "vault_decrypt.py: wrong passphrase fails authentication")

    fixture = os.path.join(data, "fixture")
    p = subprocess.run([FIXTURE, fixture], input=PASS + b"\n", capture_output=True, timeout=60)
    check(p.returncode == 0, "vault_fixture made a vault with entries")
    code, out, err = decrypt(fixture, PASS)
    want = {"conn/northwind/type": b"bankapi", "conn/northwind/refresh_token": b"rt-northwind-1",
            "conn/sfin/type": b"simplefin", "conn/sfin/access_url": b"https://u:p@sfin.example/x",
            "idem/8f1c": b"POST /payments", "binary": b"a\0b\xff", "empty": b""}
    got = json.loads(out) if code == 0 else None
    check(got == {k: v.hex() for k, v in want.items()},
          "vault_decrypt.py, following only the man page, reads every entry")
    p = subprocess.run(["/usr/bin/python3", DECRYPT, fixture, fixture + ".cache"],
                       input=PASS + b"\n", capture_output=True, timeout=120)
    records = json.loads(p.stdout) if p.returncode == 0 else []
    want = []
    for i in range(5000):
        rec = b"record %d" % i
        want.append((rec + b"." * 128)[:max(len(rec), i % 100)].hex())
    check(records == want, "vault_decrypt.py reads all 5000 records of the offline cache")
    cache = open(fixture + ".cache", "rb").read()
    with open(os.path.join(tmp, "cut"), "wb") as f:
        f.write(cache[:-20])
    p = subprocess.run(["/usr/bin/python3", DECRYPT, fixture, os.path.join(tmp, "cut")],
                       input=PASS + b"\n", capture_output=True, timeout=120)
    check(p.returncode == 3, "vault_decrypt.py: a cut cache fails")
    rc, out, err = run(["vault", "info", "--passphrase-fd", "3", "--vault", fixture], [PASS], env=env)
    check(rc == 0 and "connections: 2" in out.decode() and "entries:     7" in out.decode(),
          "vault info counts two connections")

    logged = open(log, "rb").read() if os.path.exists(log) else b""
    check(PASS not in logged and NEW_PASS not in logged, "no passphrase in the debug log")


def tty_session(args, env, answers):
    """Runs bankterm on a new pseudo-terminal (its controlling tty) and
    answers each prompt; returns (exit status, everything the terminal showed)."""
    pid, master = pty.fork()
    if pid == 0:
        os.execvpe((WRAP + [BT])[0], WRAP + [BT] + args, env)
    shown = b""
    for prompt, answer in answers:
        deadline = time.monotonic() + 60
        while prompt not in shown and time.monotonic() < deadline:
            ready, _, _ = select.select([master], [], [], 1)
            if ready:
                try:
                    shown += os.read(master, 1024)
                except OSError:
                    break
        time.sleep(0.1)  # let it turn echo off before we type
        os.write(master, answer + b"\n")
    while True:
        ready, _, _ = select.select([master], [], [], 60)
        try:
            chunk = os.read(master, 1024) if ready else b""
        except OSError:
            chunk = b""
        if not chunk:
            break
        shown += chunk
    os.close(master)
    _, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status), shown


def tty_prompts(tmp, env):
    """The passphrase from /dev/tty: asked twice, never echoed."""
    vault = os.path.join(tmp, "tty", "vault")
    args = ["vault", "init", "--kdf", "interactive", "--vault", vault]
    rc, shown = tty_session(args, env, [(b"New passphrase: ", PASS),
                                        (b"Repeat the passphrase: ", NEW_PASS)])
    check(rc == 1 and b"differ" in shown and not os.path.exists(vault),
          "tty: two different passphrases are refused")
    rc, shown = tty_session(args, env, [(b"New passphrase: ", PASS),
                                        (b"Repeat the passphrase: ", PASS)])
    check(rc == 0 and os.path.exists(vault), "tty: init asks twice")
    check(PASS not in shown, "tty: the passphrase is not echoed")
    rc, shown = tty_session(["vault", "info", "--vault", vault], env, [(b"Passphrase: ", PASS)])
    check(rc == 0 and b"connections: 0" in shown and PASS not in shown, "tty: info unlocks")


def proc_inspection(vault, env, log):
    """Runs `vault passwd` and looks at /proc/PID while it waits for the new
    passphrase on descriptor 3, after it has read and used the old one."""
    r, w = os.pipe()
    p = subprocess.Popen(WRAP + [BT, "--debug-log", log, "vault", "passwd", "--passphrase-fd", "3",
                          "--vault", vault],
                         pass_fds=(r,), stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, start_new_session=True, env=env,
                         preexec_fn=lambda: os.dup2(r, 3))
    os.close(r)
    os.write(w, PASS + b"\n")
    proc = "/proc/%d" % p.pid
    blocked = False
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not blocked:
        try:
            # syscall 0 (read) on descriptor 3: waiting for the next line
            fields = open(proc + "/syscall").read().split()
            blocked = fields[:2] == ["0", "0x3"]
        except OSError:
            pass
        if not blocked:
            time.sleep(0.02)
    check(blocked, "bankterm blocks reading the new passphrase from descriptor 3")
    cmdline = open(proc + "/cmdline", "rb").read()
    environ = open(proc + "/environ", "rb").read()
    check(PASS not in cmdline and NEW_PASS not in cmdline, "no passphrase in /proc/PID/cmdline")
    check(PASS not in environ and NEW_PASS not in environ, "no passphrase in /proc/PID/environ")
    limits = open(proc + "/limits").read()
    core = [line for line in limits.splitlines() if line.startswith("Max core file size")]
    check(core and core[0].split()[4:6] == ["0", "0"], "RLIMIT_CORE is 0 in /proc/PID/limits")
    # A non-dumpable process's /proc files belong to root.
    check(os.stat(proc + "/environ").st_uid == 0, "/proc/PID/environ is root's (non-dumpable)")
    os.write(w, NEW_PASS + b"\n")
    os.close(w)
    out, err = p.communicate(timeout=120)
    check(p.returncode == 0, "vault passwd finished")
    check(PASS not in out + err and NEW_PASS not in out + err, "no passphrase on stdout or stderr")


if __name__ == "__main__":
    sys.exit(main())

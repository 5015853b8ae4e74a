#!/usr/bin/python3
"""keyring_cli.py — the vault key cache in the kernel keyring, `bankterm lock` and shell
completion from the outside, against a real bankterm-sandbox on 127.0.0.1 port 0: the key is
cached only with key_cache set, with an expiry, 32 bytes, in the user session keyring; a cached
key opens the vault with no terminal and no --passphrase-fd; `lock` removes it (exit 0 also
when nothing is cached); a key made stale by `vault passwd` is dropped; `completion --names`
lists connections and account ids only while the key is cached and never prompts; the
generated bash script completes subcommands, option values, connections and accounts, and the
zsh script parses.

Skips (exit 77) only when the kernel refuses the keyring syscalls here, saying so.

usage: keyring_cli.py BANKTERM BANKTERM_SANDBOX"""
import os
import shutil
import subprocess
import sys
import tempfile

BANKTERM, SANDBOX = sys.argv[1:3]
# meson test --setup=valgrind: what to put in front of bankterm (tests/valgrind/wrap)
WRAP = os.environ.get("BANKTERM_WRAP", "").split()
NOW = "2026-11-23T10:42:00Z"
PASS = b"correct horse battery staple\n"
NEWPASS = b"another long passphrase\n"
FAILS = []


def check(name, cond, detail=""):
    print(("ok: " if cond else "FAIL: ") + name + ("" if cond else " " + str(detail)))
    if not cond:
        FAILS.append(name)


def env_for(home):
    return dict(os.environ, HOME=home, XDG_CONFIG_HOME=home + "/c", XDG_DATA_HOME=home + "/d",
                XDG_CACHE_HOME=home + "/k", BANKTERM_NOW=NOW, LC_ALL="C.UTF-8",
                PATH=os.path.dirname(os.path.abspath(BANKTERM)) + ":" + os.environ["PATH"])


def run(home, *args, passphrase=PASS):
    """Runs bankterm (with the passphrase on a pipe unless passphrase is None; stdin is
    /dev/null and there is no controlling terminal either way); returns (rc, out, err)."""
    fds, extra = (), []
    if passphrase is not None:
        r, w = os.pipe()
        os.write(w, passphrase)
        os.close(w)
        fds, extra = (r,), ["--passphrase-fd", str(r)]
    p = subprocess.run([*WRAP, BANKTERM, *args, *extra], pass_fds=fds, env=env_for(home),
                       stdin=subprocess.DEVNULL, capture_output=True, timeout=120,
                       start_new_session=True)
    for fd in fds:
        os.close(fd)
    return p.returncode, p.stdout.decode(), p.stderr.decode()


def cached_key(home):
    """The serial of the cached key for this home's vault, or None (keyctl from keyutils)."""
    desc = "bankterm:vault:" + home + "/d/bankterm/vault"
    p = subprocess.run(["keyctl", "search", "@us", "user", desc], capture_output=True)
    return p.stdout.decode().strip() if p.returncode == 0 else None


def write_config(home, key_cache):
    os.makedirs(home + "/c/bankterm", mode=0o700, exist_ok=True)
    path = home + "/c/bankterm/config"
    with open(path, "w", encoding="utf-8") as f:
        f.write("[general]\nkey_cache = %s\n\n[connection fromconfig]\ntype = bankapi\n"
                "base_url = http://127.0.0.1:9/\n" % key_cache)
    os.chmod(path, 0o600)


def keyring_refused(home):
    """The reason when the kernel refuses keyctl here, else None."""
    rc, _, err = run(home, "accounts")
    if "kernel keyring is not available" in err:
        return err.strip()
    return None


def main():
    tmp = tempfile.mkdtemp(prefix="bankterm-keyring-")
    sandbox = subprocess.Popen([SANDBOX, "serve", "--db", tmp + "/bank.db", "--port", "0",
                                "--auto-approve", "--now", NOW],
                               stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    home = tmp + "/home"
    try:
        url = sandbox.stdout.readline().decode().strip().removeprefix("listening on ")
        check("sandbox listens on loopback", url.startswith("http://127.0.0.1:"), url)
        os.mkdir(home)
        write_config(home, "off")
        rc, _, err = run(home, "vault", "init", "--kdf", "interactive")
        check("vault init", rc == 0, err)
        rc, _, err = run(home, "link", "bankapi", "nw", url + "/northwind")
        check("link nw", rc == 0, err)
        rc, _, err = run(home, "refresh")
        check("refresh", rc == 0, err)

        # Off (the default): nothing is cached, and a second run must ask.
        rc, _, err = run(home, "accounts")
        check("key_cache off: a command works with the passphrase", rc == 0, err)
        check("key_cache off: nothing cached", cached_key(home) is None)
        rc, _, err = run(home, "accounts", passphrase=None)
        check("key_cache off: without a passphrase it fails", rc == 1 and
              "no terminal" in err, (rc, err))
        rc, out, _ = run(home, "completion", "--names", "accounts", passphrase=None)
        check("completion: no account ids without a cached key", rc == 0 and out == "", out)

        write_config(home, "1m")
        reason = keyring_refused(home)
        if reason is not None:
            print("SKIP: the kernel refuses the keyring syscalls here: " + reason)
            sys.exit(77)
        cached(home)
        completion(home)
        stale(home)
    finally:
        if cached_key(home) is not None:
            run(home, "lock", passphrase=None)
        sandbox.terminate()
        sandbox.wait(10)
        shutil.rmtree(tmp, ignore_errors=True)


def cached(home):
    serial = cached_key(home)
    check("key_cache 1m: the typed passphrase caches the key", serial is not None)
    if serial is None:
        return
    key = subprocess.run(["keyctl", "pipe", serial], capture_output=True).stdout
    check("the cached key is the 32-byte master key, not the passphrase",
          len(key) == 32 and PASS.strip() not in key, len(key))
    with open("/proc/keys", encoding="ascii") as f:
        line = [ln for ln in f if ln.startswith("%08x " % int(serial))]
    timeout = line[0].split()[3] if line else "?"
    # /proc/keys shows the time left as "59s" or "1m" (a permanent key says "perm").
    check("the cached key expires within key_cache = 1m", timeout == "1m" or
          (timeout.endswith("s") and timeout[:-1].isdigit() and 0 < int(timeout[:-1]) <= 60),
          timeout)
    rc, out, err = run(home, "accounts", passphrase=None)
    check("a cached key opens the vault without a passphrase", rc == 0 and "Passphrase" not in
          err and out != "", (rc, err))
    rc, _, err = run(home, "due", "--quiet", passphrase=None)
    check("due --quiet runs from the cache (tmux status line)", rc in (0, 1), (rc, err))

    rc, out, err = run(home, "lock", passphrase=None)
    check("lock removes the key", rc == 0 and "removed" in out and cached_key(home) is None,
          (rc, out, err))
    rc, out, err = run(home, "lock", passphrase=None)
    check("lock with nothing cached: exit 0 and says so", rc == 0 and "no vault key" in out,
          (rc, out, err))
    rc, _, err = run(home, "accounts", passphrase=None)
    check("after lock a command asks again", rc == 1 and "no terminal" in err, (rc, err))
    rc, _, _ = run(home, "accounts")
    check("the next typed passphrase caches it again", rc == 0 and cached_key(home) is not None)


def completion(home):
    rc, out, err = run(home, "completion", "--names", "connections", passphrase=None)
    names = out.split()
    check("completion --names connections: config and vault", rc == 0 and
          "fromconfig" in names and "nw" in names, (out, err))
    rc, out, err = run(home, "completion", "--names", "accounts", passphrase=None)
    ids = out.split()
    check("completion --names accounts: the cached account ids", rc == 0 and len(ids) == 3 and
          "Passphrase" not in err, (out, err))
    rc, script, _ = run(home, "completion", "bash", passphrase=None)
    check("completion bash", rc == 0 and "complete -F _bankterm bankterm" in script)
    path = home + "/bankterm.bash"
    with open(path, "w", encoding="utf-8") as f:
        f.write(script)

    def bash_complete(line):
        words = line.split(" ")
        prog = ("source %s; COMP_WORDS=(%s); COMP_CWORD=%d; _bankterm; "
                "printf '%%s\\n' \"${COMPREPLY[@]}\"" %
                (path, " ".join("'%s'" % w for w in words), len(words) - 1))
        p = subprocess.run(["bash", "-c", prog], env=env_for(home), capture_output=True,
                           stdin=subprocess.DEVNULL, timeout=60, start_new_session=True)
        return sorted(p.stdout.decode().split())

    got = bash_complete("bankterm ex")
    check("bash: subcommands", got == ["export"], got)
    got = bash_complete("bankterm lo")
    check("bash: the new lock command", got == ["lock"], got)
    got = bash_complete("bankterm export --format h")
    check("bash: option values from the usage line", got == ["hledger"], got)
    got = bash_complete("bankterm vault ")
    check("bash: subwords", {"init", "passwd", "info"} <= set(got), got)
    got = bash_complete("bankterm --config %s/c/bankterm/config refresh " % home)
    check("bash: connection names", "nw" in got and "fromconfig" in got, got)
    got = bash_complete("bankterm transactions ")
    check("bash: account ids while the key is cached", set(ids) <= set(got), got)
    got = bash_complete("bankterm help tr")
    check("bash: help COMMAND", got == ["transactions", "transfers"], got)

    rc, script, _ = run(home, "completion", "zsh", passphrase=None)
    zpath = home + "/_bankterm"
    with open(zpath, "w", encoding="utf-8") as f:
        f.write(script)
    if shutil.which("zsh") is None:
        check("zsh is installed (scripts/deps.sh)", False)
        return
    p = subprocess.run(["zsh", "-n", zpath], capture_output=True)
    check("zsh script parses", rc == 0 and p.returncode == 0 and script.startswith(
        "#compdef bankterm"), p.stderr)
    p = subprocess.run(["zsh", "-fc", "source %s 2>/dev/null; _bankterm_words export --format; "
                        "print -r -- $w" % zpath], capture_output=True, env=env_for(home))
    check("zsh: the shared words function", p.stdout.decode().split() ==
          ["ledger", "hledger", "beancount", "csv"], p.stdout)


def stale(home):
    rc, _, err = run(home, "vault", "passwd", passphrase=PASS + NEWPASS + NEWPASS)
    check("vault passwd", rc == 0, err)
    rc, _, err = run(home, "accounts", passphrase=None)
    check("a key cached before vault passwd is dropped, then the passphrase is asked",
          rc == 1 and "no longer opens the vault" in err and cached_key(home) is None,
          (rc, err))
    rc, _, err = run(home, "accounts", passphrase=NEWPASS)
    check("the new passphrase caches the new key", rc == 0 and cached_key(home) is not None,
          err)


main()
sys.exit(1 if FAILS else 0)

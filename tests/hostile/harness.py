"""harness.py — what the hostile suite's scripts share: ok/fail bookkeeping,
bankterm runs (pipe or pty, exit status and sanitizer reports checked), the
sandbox and stub processes, and a tmux session whose output bytes are kept
(pipe-pane) and checked with ptycheck.terminal_problems.

setup(BANKTERM, SANDBOX, PREFIX) first; finish() last (exit status)."""
import os
import pty
import re
import shutil
import subprocess
import sys
import tempfile
import time

from ptycheck import terminal_problems

HERE = os.path.dirname(os.path.abspath(__file__))
# `meson test --setup=valgrind` puts valgrind in front of every bankterm (ROBUSTNESS.md).
WRAP = os.environ.get("BANKTERM_WRAP", "").split()
BT = SANDBOX = WORK = None
ENV = {}
NOW = "2026-11-23T10:42:00Z"
PASS = "hostile-suite-passphrase"
FAILS = []


def ok(what):
    print("ok:", what)


def fail(what):
    print("FAIL:", what)
    FAILS.append(what)


def check(cond, what, detail=""):
    if cond:
        ok(what)
    else:
        fail(what + (": " + detail if detail else ""))
    return cond


PROCS = []


def setup(bankterm, sandbox, prefix):
    global BT, SANDBOX, WORK, ENV
    BT, SANDBOX = bankterm, sandbox
    WORK = tempfile.mkdtemp(prefix=prefix)
    ENV = dict(os.environ, XDG_CONFIG_HOME=WORK + "/config", XDG_DATA_HOME=WORK + "/data",
               XDG_CACHE_HOME=WORK + "/cache", BANKTERM_NOW=NOW, LC_ALL="C.UTF-8",
               TZ="UTC", NO_COLOR="1")


def run(main):
    """Runs main(); an exception is a failure (then finish() gives the status)."""
    try:
        main()
    except Exception:  # noqa: BLE001 - any exception fails the test, with its traceback
        import traceback
        traceback.print_exc()
        fail("the script raised an exception")
    finally:
        finish()


def finish():
    for p in PROCS:
        p.terminate()
        p.wait()
    shutil.rmtree(WORK, ignore_errors=True)
    if FAILS:
        print("%d failure(s)" % len(FAILS))
        sys.exit(1)
    print("all checks passed")
    sys.exit(0)
SANITIZER = re.compile(rb"ERROR: AddressSanitizer|runtime error:|LeakSanitizer|SUMMARY: UndefinedBehavior")


def bt(*args, stdin=None, timeout=300):
    """Runs bankterm ARGS --passphrase-fd 0; returns (status, stdout, stderr) as bytes."""
    feed = (PASS + "\n" + (stdin or "")).encode()
    p = subprocess.run([*WRAP, BT, *args, "--passphrase-fd", "0"], input=feed, capture_output=True,
                       env=ENV, timeout=timeout)
    if SANITIZER.search(p.stderr):
        fail("sanitizer report from bankterm %s:\n%s" % (" ".join(args), p.stderr.decode(errors="replace")))
    if p.returncode < 0:
        fail("bankterm %s died of signal %d" % (" ".join(args), -p.returncode))
    return p.returncode, p.stdout, p.stderr


def start_sandbox(scenario):
    db = WORK + "/sandbox.db"
    subprocess.run([SANDBOX, "seed", "--db", db, "--scenario", scenario, "--today",
                    NOW[:10]], check=True)
    out = open(WORK + "/sandbox.out", "w+")
    p = subprocess.Popen([SANDBOX, "serve", "--db", db, "--port", "0", "--auto-approve",
                          "--now", NOW], stdout=out, stderr=subprocess.STDOUT)
    PROCS.append(p)
    for _ in range(200):
        out.seek(0)
        line = out.readline()
        if line.startswith("listening on "):
            return db, line.split()[-1]
        time.sleep(0.05)
    raise SystemExit("the sandbox did not start")


def start_stub():
    port_file = WORK + "/stub.port"
    p = subprocess.Popen([sys.executable, os.path.join(HERE, "stub_bank.py"), port_file])
    PROCS.append(p)
    for _ in range(400):
        if os.path.exists(port_file):
            return "http://127.0.0.1:%d" % int(open(port_file).read())
        time.sleep(0.05)
    raise SystemExit("the stub did not start")


def bt_on_pty(*args):
    """bankterm ARGS with stdout and stderr on a pseudo-terminal: what a person sees."""
    pid, fd = pty.fork()
    if pid == 0:
        r, w = os.pipe()
        os.write(w, (PASS + "\n").encode())
        os.close(w)
        os.dup2(r, 0)
        argv = [*WRAP, BT, *args, "--passphrase-fd", "0"]
        os.execvpe(argv[0], argv, ENV)
    data = b""
    while True:
        try:
            chunk = os.read(fd, 65536)
        except OSError:
            break
        if not chunk:
            break
        data += chunk
    _, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status), data


def link_sandbox(url, names=(("nw", "/northwind"),)):
    rc, _, err = bt("vault", "init", "--kdf", "interactive")
    check(rc == 0, "vault init", err.decode(errors="replace"))
    for name, path in names:
        rc, _, err = bt("link", "bankapi", name, url + path)
        check(rc == 0, "link %s" % name, err.decode(errors="replace"))


class Tui:
    """bankterm's TUI in a private tmux server, COLS x ROWS, TERM=tmux-256color;
    every byte it writes goes to WORK/pty; set-clipboard on, so an OSC 52
    would show up as a paste buffer."""

    def __init__(self, cols=120, rows=40):
        self.T = ["tmux", "-L", "bt-hostile-%d" % os.getpid(), "-f", "/dev/null"]
        self.pty = WORK + "/pty"
        env = " ".join("%s=%s" % (k, ENV[k]) for k in ("XDG_CONFIG_HOME", "XDG_DATA_HOME",
                                                       "XDG_CACHE_HOME", "BANKTERM_NOW"))
        cmd = ("env LC_ALL=C.UTF-8 TERM=tmux-256color NO_COLOR=1 TZ=UTC %s %s '%s' 2>'%s/tui.err';"
               " echo \"[exited $?]\"; sleep 600" % (env, " ".join(WRAP), BT, WORK))
        subprocess.run(self.T + ["new-session", "-d", "-s", "bt", "-x", str(cols), "-y",
                                 str(rows), cmd, ";", "set-option", "-t", "bt",
                                 "remain-on-exit", "on", ";", "set-option", "-g",
                                 "set-clipboard", "on", ";", "pipe-pane", "-o", "-t", "bt",
                                 "cat >>'%s'" % self.pty], check=True)
        self.title0 = self.title()

    def title(self):
        return subprocess.run(self.T + ["display", "-p", "-t", "bt", "#{pane_title}"],
                              capture_output=True, text=True).stdout

    def capture(self):
        return subprocess.run(self.T + ["capture-pane", "-p", "-t", "bt"],
                              capture_output=True, text=True).stdout

    def keys(self, *k):
        subprocess.run(self.T + ["send-keys", "-t", "bt", *k])

    def wait_for(self, text, secs=60):
        for _ in range(int(secs * 10)):
            if text in self.capture():
                return True
            time.sleep(0.1)
        print("  timed out waiting for %r; screen:\n%s" % (text, self.capture()))
        return False

    def settle(self):
        a = self.capture()
        for _ in range(30):
            time.sleep(0.3)
            b = self.capture()
            if a == b:
                return
            a = b

    def unlock(self):
        if self.wait_for("passphrase", 20):
            self.keys(PASS, "Enter")

    def quit_and_check(self, payloads=()):
        """Q, then: exit 0, title and paste buffers unchanged, the pty bytes clean."""
        self.keys("Q")
        check(self.wait_for("[exited 0]", 60), "Q quits the TUI with status 0",
              self.capture()[-400:])
        time.sleep(0.3)
        subprocess.run(self.T + ["pipe-pane", "-t", "bt"])
        title1 = self.title()
        check(self.title0 == title1, "pane title unchanged (%r)" % title1.strip(),
              "was %r, now %r" % (self.title0, title1))
        bufs = subprocess.run(self.T + ["list-buffers"], capture_output=True, text=True).stdout
        check(bufs.strip() == "", "no tmux paste buffer (no OSC 52 reached the terminal)", bufs)
        data = open(self.pty, "rb").read() if os.path.exists(self.pty) else b""
        check(len(data) > 1000, "captured %d bytes written to the terminal" % len(data))
        probs = terminal_problems(data, allow_c0=b"\r\n\b\t\x0e\x0f", escapes=True)
        check(not probs, "the TUI wrote only curses' own escapes: no OSC/DCS, C1, bidi, "
              "zero-width or server control byte", "; ".join(probs[:8]))
        for raw in payloads:
            check(raw not in data, "no raw %r in the terminal output" % raw)
        err = open(WORK + "/tui.err", "rb").read()
        check(not SANITIZER.search(err), "no sanitizer report from the TUI", err[-500:])

    def kill(self):
        subprocess.run(self.T + ["kill-server"], capture_output=True)

"""harness.py — run a real bankterm-sandbox and talk to it, for the integration suite.

Sandbox starts `bankterm-sandbox` on a temporary database and port 0 (it prints
"listening on http://127.0.0.1:PORT" first), and always stops it (stop(), atexit).  Client sends
every request through one function, request(), which records the response and checks it against
docs/bank-api.yaml with conformance.Spec; SandboxTest fails a test whose responses broke the
contract.  Only the standard library plus python3-yaml/python3-jsonschema (via conformance).

Environment (set by tests/integration/meson.build):
  BANKTERM_SANDBOX  path of the bankterm-sandbox binary
  BANKTERM_SRCDIR   the source tree (for docs/bank-api.yaml and tests/fixtures/)
  BANKTERM_FIXTURES set to 1 to (re)write tests/fixtures/bankapi/*.json from real responses
"""

import atexit
import base64
import http.client
import json
import os
import select
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import unittest
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import conformance  # noqa: E402

SRCDIR = os.environ.get("BANKTERM_SRCDIR") or os.path.abspath(
    os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", ".."))
SANDBOX = os.environ.get("BANKTERM_SANDBOX", "")
SPEC_PATH = os.path.join(SRCDIR, "docs", "bank-api.yaml")
FIXTURES = os.path.join(SRCDIR, "tests", "fixtures", "bankapi")

# The fixed world every test starts from: same seed, same clock, so bodies are deterministic.
NOW = "2026-11-23T10:42:00Z"
TODAY = "2026-11-23"
SEED = "42"
CLIENT_ID = "bankterm"
DEVICE_GRANT = "urn:ietf:params:oauth:grant-type:device_code"

_spec = None
_live = []


def spec():
    global _spec
    if _spec is None:
        _spec = conformance.Spec(SPEC_PATH)
    return _spec


@atexit.register
def _kill_all():
    for sb in list(_live):
        sb.stop()


class SandboxUnavailable(Exception):
    """The binary is the placeholder that says it is not implemented yet."""


class Response:
    def __init__(self, method, path, status, headers, body, elapsed):
        self.method = method
        self.path = path
        self.status = status
        self.headers = headers
        self.body = body
        self.elapsed = elapsed

    def header(self, name):
        return self.headers.get(name.lower())

    @property
    def json(self):
        return json.loads(self.body.decode("utf-8"))

    @property
    def problem(self):
        """The problem type's slug, or None."""
        try:
            t = self.json.get("type", "")
        except (ValueError, AttributeError):
            return None
        if isinstance(t, str) and t.startswith(conformance.PROBLEM_PREFIX):
            return t[len(conformance.PROBLEM_PREFIX):]
        return None

    def __repr__(self):
        return "<%s %s -> %d %r>" % (self.method, self.path, self.status, self.body[:300])


class Sandbox:
    """One bankterm-sandbox process on its own temporary database."""

    def __init__(self, transactions=None, seed=SEED, today=TODAY):
        self.dir = tempfile.mkdtemp(prefix="bt-sandbox-")
        self.db = os.path.join(self.dir, "bank.db")
        self.proc = None
        self.port = None
        self.args = []
        self.now = NOW
        if not SANDBOX or not os.access(SANDBOX, os.X_OK):
            raise RuntimeError("BANKTERM_SANDBOX=%r is not an executable" % SANDBOX)
        cmd = ["seed", "--db", self.db, "--seed", seed, "--today", today]
        if transactions is not None:
            cmd += ["--transactions", str(transactions)]
        self.cli(*cmd, timeout=600)

    def cli(self, *args, timeout=60, check=True):
        """Run `bankterm-sandbox ARGS` on the server's business clock; return its stdout."""
        env = dict(os.environ)
        if self.now is not None:
            env["BANKTERM_NOW"] = self.now
        p = subprocess.run([SANDBOX] + list(args), capture_output=True, text=True,
                           timeout=timeout, env=env)
        if "not implemented" in p.stderr:
            raise SandboxUnavailable(p.stderr.strip())
        if check and p.returncode != 0:
            raise RuntimeError("bankterm-sandbox %s: exit %d: %s" % (
                " ".join(args), p.returncode, p.stderr.strip()))
        return p.stdout.strip() if check else p

    def start(self, *args, now=NOW):
        """Start serving with extra options; returns self."""
        self.stop()
        self.now = now
        self.extra = tuple(args)
        self.args = ["--db", self.db, "--port", "0"]
        if now is not None:
            self.args += ["--now", now]
        self.args += list(args)
        self.log = os.path.join(self.dir, "sandbox.log")
        with open(self.log, "ab") as log:
            self.proc = subprocess.Popen([SANDBOX] + self.args, stdout=subprocess.PIPE,
                                         stderr=log, stdin=subprocess.DEVNULL)
        _live.append(self)
        line = self._first_line(20)
        prefix = "listening on http://127.0.0.1:"
        if not line.startswith(prefix):
            err = self._drain_stderr()
            self.stop()
            if "not implemented" in err:
                raise SandboxUnavailable(err.strip())
            raise RuntimeError("bankterm-sandbox %s printed %r first; stderr: %s" % (
                " ".join(self.args), line, err))
        self.port = int(line[len(prefix):].strip().rstrip("/"))
        return self

    def _first_line(self, timeout):
        deadline = time.monotonic() + timeout
        buf = b""
        fd = self.proc.stdout.fileno()
        while b"\n" not in buf and time.monotonic() < deadline:
            ready, _, _ = select.select([fd], [], [], 0.2)
            if ready:
                chunk = os.read(fd, 4096)
                if not chunk:
                    break
                buf += chunk
        return buf.split(b"\n", 1)[0].decode("utf-8", "replace")

    def _drain_stderr(self):
        if self.proc.poll() is None:
            return ""
        return self.stderr()

    def stderr(self):
        """Everything the server has written to stderr so far (all runs on this database)."""
        try:
            with open(self.log, "rb") as f:
                return f.read().decode("utf-8", "replace")
        except (AttributeError, OSError):
            return ""

    def sanitizer_reports(self):
        """Lines where AddressSanitizer, LeakSanitizer or UBSan reported a server bug."""
        marks = ("ERROR: AddressSanitizer", "ERROR: LeakSanitizer", "runtime error:")
        return [line for line in self.stderr().splitlines() if any(m in line for m in marks)]

    def alive(self):
        return self.proc is not None and self.proc.poll() is None

    def stop(self):
        if self.proc is not None:
            if self.proc.poll() is None:
                self.proc.terminate()
                try:
                    self.proc.wait(5)
                except subprocess.TimeoutExpired:
                    self.proc.kill()
                    self.proc.wait()
            self.proc.stdout.close()
            self.proc = None
        if self in _live:
            _live.remove(self)

    def destroy(self):
        """Stop, remove the files, and fail if a sanitizer build reported errors (leaks are
        only reported at exit)."""
        self.stop()
        reports = self.sanitizer_reports()
        shutil.rmtree(self.dir, ignore_errors=True)
        if reports:
            raise AssertionError("the sandbox reported memory/UB errors:\n" + "\n".join(reports))


class Client:
    """HTTP to one sandbox; every response is recorded and checked against the contract."""

    def __init__(self, sandbox, base="/northwind"):
        self.sb = sandbox
        self.base = base
        self.token = None
        self.refresh = None
        self.violations = []
        self.responses = []

    def request(self, method, path, body=None, headers=None, token=True, form=None,
                raw=None, timeout=30, check=True, base=None):
        """One request; path is relative to the base unless it starts with //.

        body is JSON-encoded, form is url-encoded, raw is sent as is.  token=True sends the
        client's access token, a string sends that one, None/False sends none.  check=False
        skips the conformance check (for deliberately broken answers such as garbage-rate).
        """
        full = path[1:] if path.startswith("//") else (base or self.base) + path
        hdrs = {"Accept": "application/json"}
        data = None
        if body is not None:
            data = json.dumps(body).encode()
            hdrs["Content-Type"] = "application/json; charset=utf-8"
        elif form is not None:
            data = urllib.parse.urlencode(form).encode()
            hdrs["Content-Type"] = "application/x-www-form-urlencoded"
        elif raw is not None:
            data = raw
        tok = self.token if token is True else token
        if tok:
            hdrs["Authorization"] = "Bearer " + tok
        hdrs.update(headers or {})
        conn = http.client.HTTPConnection("127.0.0.1", self.sb.port, timeout=timeout)
        start = time.monotonic()
        try:
            conn.request(method, full, body=data, headers=hdrs)
            r = conn.getresponse()
            payload = r.read()
            resp = Response(method, full, r.status,
                            {k.lower(): v for k, v in r.getheaders()}, payload,
                            time.monotonic() - start)
        finally:
            conn.close()
        self.responses.append(resp)
        if check:
            self.violations += spec().check_response(method, full, resp.status, resp.headers,
                                                     resp.body)
        return resp

    def get(self, path, **kw):
        return self.request("GET", path, **kw)

    def post(self, path, body=None, key=None, **kw):
        headers = dict(kw.pop("headers", {}) or {})
        if key is not None:
            headers["Idempotency-Key"] = key
        return self.request("POST", path, body=body, headers=headers, **kw)

    def retrying(self, fn, attempts=60):
        """Call fn() until its answer is not 429/503/garbage (fault-injection runs)."""
        r = None
        for _ in range(attempts):
            try:
                r = fn()
            except (ConnectionError, http.client.HTTPException, socket.timeout):
                continue
            if r.status in (429, 503):
                time.sleep(min(float(r.header("Retry-After") or 0), 0.2))
                continue
            try:
                r.json
            except ValueError:
                continue
            return r
        raise AssertionError("no good answer in %d attempts; last %r" % (attempts, r))

    # --- OAuth -----------------------------------------------------------------------------

    def device_authorization(self, check=True):
        return self.post("/oauth/device_authorization", token=None, check=check,
                         form={"client_id": CLIENT_ID, "scope": "accounts payments"})

    def poll(self, device_code, check=True):
        return self.post("/oauth/token", token=None, check=check,
                         form={"grant_type": DEVICE_GRANT, "device_code": device_code,
                               "client_id": CLIENT_ID})

    def refresh_grant(self, refresh_token, check=True):
        return self.post("/oauth/token", token=None, check=check,
                         form={"grant_type": "refresh_token", "refresh_token": refresh_token,
                               "client_id": CLIENT_ID})

    def login(self, faults=False):
        """Device flow with `bankterm-sandbox approve`; keeps the tokens."""
        if faults:
            d = self.retrying(lambda: self.device_authorization(check=False)).json
        else:
            r = self.device_authorization()
            if r.status != 200:
                raise AssertionError("device_authorization: %r" % r)
            d = r.json
        self.sb.cli("approve", "--db", self.sb.db, d["user_code"])
        if faults:
            t = self.retrying(lambda: self.poll(d["device_code"], check=False))
        else:
            t = self.poll(d["device_code"])
        if t.status != 200:
            raise AssertionError("token after approval: %r" % t)
        self.token = t.json["access_token"]
        self.refresh = t.json["refresh_token"]
        return t


def basic_auth(userinfo):
    return "Basic " + base64.b64encode(urllib.parse.unquote(userinfo).encode()).decode()


def money(amount, currency="USD"):
    return {"amount": amount, "currency": currency}


def minor(m):
    """Money object -> int minor units (exact, no floats)."""
    s = m["amount"]
    neg = s.startswith("-")
    whole, _, frac = s.lstrip("-").partition(".")
    v = int(whole) * 10 ** len(frac) + (int(frac) if frac else 0)
    return -v if neg else v


def save_fixture(name, resp):
    """With BANKTERM_FIXTURES=1, store a real response body as tests/fixtures/bankapi/NAME."""
    if os.environ.get("BANKTERM_FIXTURES") != "1":
        return
    os.makedirs(FIXTURES, exist_ok=True)
    with open(os.path.join(FIXTURES, name), "w", encoding="utf-8") as f:
        json.dump(resp.json, f, indent=2, ensure_ascii=False)
        f.write("\n")


class SandboxTest(unittest.TestCase):
    """Base: one sandbox per test class (seeded once), a logged-in Client per test.

    Subclasses set START_ARGS (extra server options) and TRANSACTIONS (seed size).
    """

    START_ARGS = ()
    TRANSACTIONS = None
    LOGIN = True

    @classmethod
    def setUpClass(cls):
        try:
            cls.sb = Sandbox(transactions=cls.TRANSACTIONS)
            cls.sb.start(*cls.START_ARGS)
        except SandboxUnavailable as e:
            raise unittest.SkipTest("server lacks everything: %s" % e)

    @classmethod
    def tearDownClass(cls):
        cls.sb.destroy()

    def setUp(self):
        # A test may have restarted the server with other options or a later clock.
        if not self.sb.alive() or self.sb.now != NOW or self.sb.extra != tuple(self.START_ARGS):
            self.sb.start(*self.START_ARGS)
        self.c = Client(self.sb)
        if self.LOGIN:
            self.c.login()

    def tearDown(self):
        self.assertTrue(self.sb.alive(), "the sandbox died during the test:\n" +
                        self.sb.stderr()[-3000:])
        self.assertEqual([], self.sb.sanitizer_reports())
        if self.c.violations:
            self.fail("responses that break docs/bank-api.yaml:\n" + "\n".join(self.c.violations))

    def client(self, base="/northwind"):
        """Another client on the same sandbox, sharing this test's violation list."""
        c = Client(self.sb, base)
        c.violations = self.c.violations
        return c

    def assertProblem(self, resp, status, slug):
        self.assertEqual(status, resp.status, resp)
        self.assertEqual(slug, resp.problem, resp)

    def require(self, condition, feature):
        """Skip (not fail) when a probe shows the server has not implemented a feature yet."""
        if not condition:
            self.skipTest("server lacks " + feature)

    def account(self, c=None, acc_id=None, acc_type="checking"):
        """The account with this id, or the first of this type."""
        r = (c or self.c).get("/v1/accounts")
        self.assertEqual(200, r.status, r)
        for a in r.json["accounts"]:
            if a["id"] == acc_id or (acc_id is None and a["type"] == acc_type):
                return a
        self.fail("no account %s in %r" % (acc_id or acc_type, r))


def main():
    """Run the calling module's tests; exit 77 (meson's SKIP) when every test was skipped."""
    prog = unittest.main(verbosity=2, exit=False)
    res = prog.result
    if not res.wasSuccessful():
        sys.exit(1)
    # A class skipped in setUpClass is not counted in testsRun; a skipped test is.
    skipped_tests = [t for t, _ in res.skipped if isinstance(t, unittest.TestCase)]
    passed = res.testsRun - len(skipped_tests) - len(res.expectedFailures)
    sys.exit(77 if res.skipped and passed == 0 else 0)

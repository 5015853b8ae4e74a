"""test_faults.py — each fault-injection mode of bankterm-sandbox does what it says, and the
contract's answers to it hold (503/429 carry Retry-After; a dropped payment moved the money and
its retry with the same Idempotency-Key replays instead of paying twice).

The latency figures are printed to stderr (meson's test log) as "latency: ...".
"""

import http.client
import socket
import statistics
import sys

import harness
from harness import minor, money

SEED = ("--fault-seed", "7")


def timed_gets(c, n, path="/v1/accounts"):
    out = []
    for _ in range(n):
        r = c.get(path)
        out.append(r)
    return out


class LatencyTest(harness.SandboxTest):
    START_ARGS = ("--latency-ms", "300") + SEED

    def test_latency_is_measurable(self):
        slow = [r.elapsed for r in timed_gets(self.c, 5)]
        base = harness.Sandbox()
        try:
            base.start()
            c = harness.Client(base)
            c.login()
            fast = [r.elapsed for r in timed_gets(c, 5)]
            self.c.violations += c.violations
        finally:
            base.destroy()
        print("latency: --latency-ms 300 median %.3f s min %.3f s; none median %.3f s" % (
            statistics.median(slow), min(slow), statistics.median(fast)), file=sys.stderr)
        self.assertGreaterEqual(min(slow), 0.3)
        self.assertGreater(statistics.median(slow), statistics.median(fast) + 0.25)


class FailRateTest(harness.SandboxTest):
    START_ARGS = ("--fail-rate", "0.5") + SEED

    def test_some_requests_fail_with_retry_after(self):
        rs = timed_gets(self.c, 40)
        failed = [r for r in rs if r.status == 503]
        self.assertTrue(failed, "no 503 in 40 requests at --fail-rate 0.5")
        self.assertEqual(40 - len(failed), len([r for r in rs if r.status == 200]))
        self.assertGreater(40 - len(failed), 0)
        for r in failed:
            self.assertEqual("unavailable", r.problem)
            self.assertRegex(r.header("Retry-After") or "", r"^[0-9]+$")


class FailAlwaysTest(harness.SandboxTest):
    START_ARGS = ("--fail-rate", "1") + SEED

    def test_every_request_fails(self):
        for r in timed_gets(self.c, 5):
            self.assertProblem(r, 503, "unavailable")
        bill = {"from_account": "acc_chk", "amount": money("1.00")}
        self.assertProblem(self.c.post("/v1/bills/b/payments", bill, key="k-fail"), 503,
                           "unavailable")


class RateLimitTest(harness.SandboxTest):
    START_ARGS = ("--rate-limit", "5") + SEED

    def test_429_with_retry_after(self):
        # N requests per minute per institution, the window starting at the first request.
        rs = timed_gets(self.c, 10)
        self.assertEqual([200] * 5 + [429] * 5, [r.status for r in rs])
        limited = rs[5:]
        r = self.client("/flexpay")
        r.login()
        self.assertEqual(200, r.get("/v1/institution").status, "the limit is per institution")
        for r in limited:
            self.assertEqual("rate-limited", r.problem)
            self.assertGreater(int(r.header("Retry-After")), 0)


class DropAfterCommitTest(harness.SandboxTest):
    START_ARGS = ("--drop-after-commit", "1") + SEED

    def test_dropped_payment_moved_money_and_retry_replays(self):
        chk = self.account()
        before = minor(chk["balance"])
        bills = self.c.get("/v1/bills").json["bills"]
        body = {"from_account": chk["id"], "amount": money("25.00")}
        path = "/v1/bills/%s/payments" % bills[0]["id"]
        with self.assertRaises((http.client.HTTPException, ConnectionError)):
            self.c.post(path, body, key="drop-1")
        self.assertEqual(before - 2500, minor(self.account()["balance"]), "money did not move")
        try:
            r = self.c.post(path, body, key="drop-1")
        except (http.client.HTTPException, ConnectionError):
            # The replay was dropped too: ask again with the faults off.
            self.sb.start()
            self.c = self.client()
            self.c.login()
            r = self.c.post(path, body, key="drop-1")
        self.assertEqual(201, r.status, r)
        self.assertEqual("true", r.header("Idempotent-Replayed"))
        self.assertEqual(before - 2500, minor(self.account()["balance"]), "paid twice")
        pays = [p for p in self.c.get("/v1/payments").json["payments"]
                if p["id"] == r.json["id"]]
        self.assertEqual(1, len(pays))


class StallTest(harness.SandboxTest):
    START_ARGS = ("--stall",)
    LOGIN = False

    def test_client_times_out(self):
        with self.assertRaises(socket.timeout):
            self.c.get("/v1/accounts", token="x", timeout=1.0)
        with self.assertRaises(socket.timeout):
            self.c.get("/v1/accounts", token="x", timeout=1.0)


class GarbageTest(harness.SandboxTest):
    START_ARGS = ("--garbage-rate", "0.5") + SEED

    def test_some_200_bodies_are_not_json(self):
        rs = [self.c.get("/v1/accounts", check=False) for _ in range(30)]
        self.assertTrue(all(r.status == 200 for r in rs), rs)
        bad = 0
        for r in rs:
            try:
                r.json
            except ValueError:
                bad += 1
                continue
            self.c.violations += harness.spec().check_response(r.method, r.path, r.status,
                                                               r.headers, r.body)
        self.assertGreater(bad, 0, "no garbage in 30 bodies at --garbage-rate 0.5")
        self.assertLess(bad, 30)
        r = self.c.get("/v1/accounts/nope", check=False)
        self.assertProblem(r, 404, "not-found")


if __name__ == "__main__":
    harness.main()

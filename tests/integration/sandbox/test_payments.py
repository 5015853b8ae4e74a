"""test_payments.py — everything that moves money: bill payments (idempotency, money rules,
scheduling, cancellation, execution when the clock passes pay_on), transfers (SCA challenge,
daily limit) and BNPL plan payments (outstanding and checking both change).
"""

import concurrent.futures
import datetime
import itertools

import harness
from harness import minor, money

_keys = itertools.count(1)


def key(tag):
    return "test-%s-%d" % (tag, next(_keys))


def day(offset):
    d = datetime.date.fromisoformat(harness.TODAY) + datetime.timedelta(days=offset)
    return d.isoformat()


def fmt(minor_units, currency="USD"):
    """int minor units -> Money with 2 decimals (USD)."""
    sign = "-" if minor_units < 0 else ""
    v = abs(minor_units)
    return money("%s%d.%02d" % (sign, v // 100, v % 100), currency)


class PaymentsBase(harness.SandboxTest):
    def setUp(self):
        super().setUp()
        self.chk = self.account()

    def balance(self):
        return minor(self.account(acc_id=self.chk["id"])["balance"])

    def bill(self):
        bills = self.c.get("/v1/bills").json["bills"]
        unpaid = [b for b in bills if b["status"] in ("due", "overdue")] or bills
        self.assertTrue(unpaid)
        return unpaid[0]

    def pay(self, bill_id, amount, k, pay_on=None, **kw):
        body = {"from_account": self.chk["id"], "amount": amount}
        if pay_on is not None:
            body["pay_on"] = pay_on
        return self.c.post("/v1/bills/%s/payments" % bill_id, body, key=k, **kw)


class BillPaymentTest(PaymentsBase):
    def test_idempotent_replay_debits_once(self):
        b = self.bill()
        before = self.balance()
        k = key("bill")
        r1 = self.pay(b["id"], money("10.00"), k)
        self.assertEqual(201, r1.status, r1)
        harness.save_fixture("payment.json", r1)
        self.assertEqual("sent", r1.json["status"])
        self.assertEqual(harness.TODAY, r1.json["pay_on"])
        self.assertIsNone(r1.header("Idempotent-Replayed"))
        self.assertEqual(before - 1000, self.balance())
        r2 = self.pay(b["id"], money("10.00"), k)
        self.assertEqual(201, r2.status, r2)
        self.assertEqual("true", r2.header("Idempotent-Replayed"))
        self.assertEqual(r1.json, r2.json)
        self.assertEqual(before - 1000, self.balance())
        ids = [p["id"] for p in self.c.get("/v1/payments").json["payments"]]
        self.assertEqual(1, ids.count(r1.json["id"]))
        # Same key, different request.
        self.assertProblem(self.pay(b["id"], money("11.00"), k), 422, "idempotency-key-reused")
        self.assertEqual(before - 1000, self.balance())

    def test_concurrent_duplicates_pay_once(self):
        b = self.bill()
        before = self.balance()
        with concurrent.futures.ThreadPoolExecutor(8) as pool:
            rs = list(pool.map(lambda _: self.pay(b["id"], money("3.33"), "race-1"), range(8)))
        self.assertEqual([201] * 8, [r.status for r in rs], rs)
        self.assertEqual(1, [r.header("Idempotent-Replayed") for r in rs].count(None))
        self.assertEqual(1, len({r.body for r in rs}))
        self.assertEqual(before - 333, self.balance())

    def test_idempotency_key_required(self):
        b = self.bill()
        self.assertProblem(self.pay(b["id"], money("1.00"), None), 400, "idempotency-key-missing")
        self.assertProblem(self.pay(b["id"], money("1.00"), "k" * 41), 400,
                           "idempotency-key-missing")
        self.assertProblem(self.pay(b["id"], money("1.00"), ""), 400, "idempotency-key-missing")

    def test_money_rules(self):
        b = self.bill()
        before = self.balance()
        for amount in ("0.00", "-5.00", "1.5", "1.005", "1e2", "+1.00", "", "1,000.00"):
            with self.subTest(amount=amount):
                self.assertProblem(self.pay(b["id"], money(amount), key("amt")), 400,
                                   "invalid-amount")
        r = self.c.post("/v1/bills/%s/payments" % b["id"],
                        {"from_account": self.chk["id"],
                         "amount": {"amount": 5.0, "currency": "USD"}}, key=key("num"))
        self.assertEqual(400, r.status, r)
        self.assertIn(r.problem, ("invalid-amount", "invalid-request"))
        self.assertProblem(self.pay(b["id"], money("5.00", "EUR"), key("cur")), 400,
                           "currency-mismatch")
        avail = minor(self.account(acc_id=self.chk["id"])["available_balance"])
        r = self.pay(b["id"], fmt(avail + 1), key("nsf"))
        self.assertProblem(r, 422, "insufficient-funds")
        harness.save_fixture("problem.json", r)
        self.assertEqual(before, self.balance())
        self.assertProblem(self.pay("bill_nope", money("1.00"), key("nf")), 404, "not-found")

    def test_pay_on_bounds(self):
        b = self.bill()
        self.assertProblem(self.pay(b["id"], money("1.00"), key("past"), pay_on=day(-1)), 400,
                           "invalid-request")
        self.assertProblem(self.pay(b["id"], money("1.00"), key("far"), pay_on=day(366)), 400,
                           "invalid-request")
        r = self.pay(b["id"], money("1.00"), key("edge"), pay_on=day(365))
        self.assertEqual(201, r.status, r)
        self.assertEqual("scheduled", r.json["status"])

    def test_cancellation_rules(self):
        b = self.bill()
        before = self.balance()
        r = self.pay(b["id"], money("7.00"), key("sched"), pay_on=day(3))
        self.assertEqual(201, r.status, r)
        p = r.json
        self.assertEqual("scheduled", p["status"])
        self.assertEqual(before, self.balance())
        r = self.c.request("DELETE", "/v1/payments/" + p["id"])
        self.assertEqual(200, r.status, r)
        self.assertEqual("cancelled", r.json["status"])
        self.assertEqual(dict(p, status="cancelled"), r.json)
        r = self.c.request("DELETE", "/v1/payments/" + p["id"])
        self.assertEqual(200, r.status, r)
        self.assertEqual("cancelled", r.json["status"])
        sent = self.pay(b["id"], money("3.00"), key("sent")).json
        self.assertEqual("sent", sent["status"])
        self.assertProblem(self.c.request("DELETE", "/v1/payments/" + sent["id"]), 409,
                           "already-sent")
        self.assertProblem(self.c.request("DELETE", "/v1/payments/pay_nope"), 404, "not-found")


class ScheduledExecutionTest(PaymentsBase):
    def test_scheduled_payment_executes_when_clock_passes_pay_on(self):
        b = self.bill()
        before = self.balance()
        r = self.pay(b["id"], money("12.34"), key("later"), pay_on=day(2))
        self.assertEqual(201, r.status, r)
        pid = r.json["id"]
        self.assertEqual("scheduled", r.json["status"])
        self.sb.start(now=day(3) + "T09:00:00Z")
        self.c = self.client()
        self.c.login()
        self.assertEqual(before - 1234, self.balance())
        pays = {p["id"]: p for p in self.c.get("/v1/payments").json["payments"]}
        self.assertEqual("sent", pays[pid]["status"])
        # Restarting again does not send it twice.
        self.sb.start(now=day(4) + "T09:00:00Z")
        self.c = self.client()
        self.c.login()
        self.assertEqual(before - 1234, self.balance())

    def test_scheduled_payment_without_funds_is_cancelled(self):
        b = self.bill()
        avail = minor(self.account(acc_id=self.chk["id"])["available_balance"])
        r = self.pay(b["id"], fmt(avail + 100), key("nsf-later"), pay_on=day(10))
        self.assertEqual(201, r.status, r)
        self.assertEqual("scheduled", r.json["status"])
        pid = r.json["id"]
        before = self.balance()
        # Other scheduled payments (the seed's autopay) that fall due by then are sent.
        due = sum(minor(p["amount"]) for p in self.c.get("/v1/payments").json["payments"]
                  if p["status"] == "scheduled" and p["pay_on"] <= day(11) and p["id"] != pid)
        self.sb.start(now=day(11) + "T09:00:00Z")
        self.c = self.client()
        self.c.login()
        pays = {p["id"]: p for p in self.c.get("/v1/payments").json["payments"]}
        self.assertEqual("cancelled", pays[pid]["status"])
        self.assertEqual(before - due, self.balance(), "the unpayable payment was debited")


class IdempotencyScopeTest(PaymentsBase):
    def test_keys_are_scoped_to_the_institution(self):
        fp = self.client("/flexpay")
        fp.login()
        plans = [p for p in fp.get("/v1/bnpl/plans").json["plans"] if p["status"] != "paid_off"]
        self.assertTrue(plans)
        r = self.pay(self.bill()["id"], money("2.00"), "shared-key")
        self.assertEqual(201, r.status, r)
        r = fp.post("/v1/bnpl/plans/%s/payments" % plans[0]["id"],
                    {"kind": "amount", "amount": money("2.00")}, key="shared-key")
        self.assertEqual(201, r.status, r)
        self.assertIsNone(r.header("Idempotent-Replayed"))

    def test_retry_answers_are_not_stored(self):
        b = self.bill()
        before = self.balance()
        self.sb.start("--fail-rate", "1")
        c = self.client()
        c.login()
        body = {"from_account": self.chk["id"], "amount": money("4.00")}
        path = "/v1/bills/%s/payments" % b["id"]
        self.assertProblem(c.post(path, body, key="retry-later"), 503, "unavailable")
        self.sb.start()
        self.c = self.client()
        self.c.login()
        self.assertEqual(before, self.balance())
        r = self.c.post(path, body, key="retry-later")
        self.assertEqual(201, r.status, r)
        self.assertIsNone(r.header("Idempotent-Replayed"))
        self.assertEqual(before - 400, self.balance())


class TransferTest(PaymentsBase):
    def contact(self, tag):
        r = self.c.post("/v1/contacts", {"name": "Dana %s" % tag,
                                         "handle": "dana-%s@example.com" % tag})
        self.assertEqual(201, r.status, r)
        return r.json["id"]

    def otp(self):
        code = self.sb.cli("otp", "--db", self.sb.db)
        self.assertRegex(code, r"^[0-9]{6}$")
        return code

    def wrong(self):
        return "%06d" % ((int(self.otp()) + 1) % 1000000)

    def send(self, contact_id, amount, k, sca=None):
        headers = {"SCA-Response": sca} if sca else None
        return self.c.post("/v1/transfers", {"from_account": self.chk["id"],
                                             "contact_id": contact_id, "amount": amount,
                                             "memo": "dinner"}, key=k, headers=headers)

    def send_through_sca(self, contact_id, amount, k):
        r = self.send(contact_id, amount, k)
        if r.problem == "sca-required":
            r = self.send(contact_id, amount, k, "%s:%s" % (r.json["challenge_id"], self.otp()))
        return r

    def test_sca_wrong_then_right_code(self):
        cid = self.contact("sca")
        before = self.balance()
        k = key("sca")
        r = self.send(cid, money("5.00"), k)
        self.assertProblem(r, 401, "sca-required")
        harness.save_fixture("problem_sca_required.json", r)
        ch = r.json["challenge_id"]
        self.assertEqual("totp", r.json["method"])
        r = self.send(cid, money("5.00"), k, "%s:%s" % (ch, self.wrong()))
        self.assertProblem(r, 401, "sca-failed")
        harness.save_fixture("problem_sca_failed.json", r)
        self.assertEqual(ch, r.json["challenge_id"])
        self.assertEqual(2, r.json["attempts_remaining"])
        self.assertEqual(before, self.balance())
        r = self.send(cid, money("5.00"), k, "%s:%s" % (ch, self.otp()))
        self.assertEqual(201, r.status, r)
        harness.save_fixture("transfer.json", r)
        self.assertEqual(cid, r.json["contact_id"])
        self.assertEqual("dinner", r.json["memo"])
        self.assertEqual(before - 500, self.balance())
        # Replayed with the same key: same body, nothing moves.
        r2 = self.send(cid, money("5.00"), k, "%s:%s" % (ch, self.otp()))
        self.assertEqual(201, r2.status, r2)
        self.assertEqual("true", r2.header("Idempotent-Replayed"))
        self.assertEqual(r.json, r2.json)
        self.assertEqual(before - 500, self.balance())
        # Not the first transfer any more, below the threshold: no SCA.
        r = self.send(cid, money("1.00"), key("second"))
        self.assertEqual(201, r.status, r)
        contacts = {c["id"]: c for c in self.c.get("/v1/contacts").json["contacts"]}
        self.assertIsNotNone(contacts[cid]["first_transfer_at"])

    def test_three_wrong_codes_void_the_challenge(self):
        cid = self.contact("void")
        k = key("void")
        r = self.send(cid, money("5.00"), k)
        self.assertProblem(r, 401, "sca-required")
        ch = r.json["challenge_id"]
        for left in (2, 1, 0):
            r = self.send(cid, money("5.00"), k, "%s:%s" % (ch, self.wrong()))
            self.assertProblem(r, 401, "sca-failed")
            self.assertEqual(left, r.json["attempts_remaining"])
        r = self.send(cid, money("5.00"), k, "%s:%s" % (ch, self.otp()))
        self.assertProblem(r, 401, "sca-required")
        fresh = r.json["challenge_id"]
        self.assertNotEqual(ch, fresh)
        r = self.send(cid, money("5.00"), k, "%s:%s" % (fresh, self.otp()))
        self.assertEqual(201, r.status, r)

    def test_above_threshold_needs_sca(self):
        cid = self.contact("thr")
        self.assertEqual(201, self.send_through_sca(cid, money("1.00"), key("t1")).status)
        lim = self.c.get("/v1/transfers/limits").json
        over = minor(lim["sca_threshold"]) + 1
        self.require(over <= minor(lim["remaining_today"]), "room under the daily limit")
        r = self.send(cid, fmt(over), key("t2"))
        self.assertProblem(r, 401, "sca-required")

    def test_daily_limit(self):
        cid = self.contact("lim")
        lim = self.c.get("/v1/transfers/limits").json
        remaining = minor(lim["remaining_today"])
        self.assertLess(remaining + 1, minor(self.chk["available_balance"]),
                        "seed: checking should hold more than the daily limit")
        r = self.send_through_sca(cid, fmt(remaining + 1), key("lim"))
        self.assertProblem(r, 422, "limit-exceeded")
        r = self.send_through_sca(cid, fmt(200), key("ok"))
        self.assertEqual(201, r.status, r)
        after = self.c.get("/v1/transfers/limits").json
        self.assertEqual(remaining - 200, minor(after["remaining_today"]))

    def test_transfer_money_rules(self):
        cid = self.contact("rules")
        self.assertProblem(self.send(cid, money("0.00"), key("z")), 400, "invalid-amount")
        self.assertProblem(self.send(cid, money("-1.00"), key("n")), 400, "invalid-amount")
        self.assertProblem(self.send(cid, money("1.00", "GBP"), key("c")), 400,
                           "currency-mismatch")
        self.assertProblem(self.send(cid, money("1.00"), None), 400, "idempotency-key-missing")
        self.assertProblem(self.send("ct_nope", money("1.00"), key("nf")), 404, "not-found")
        r = self.c.post("/v1/transfers", {"from_account": self.chk["id"], "contact_id": cid,
                                          "amount": money("1.00"), "memo": "m" * 141},
                        key=key("memo"))
        self.assertProblem(r, 400, "invalid-request")


class BnplPaymentTest(PaymentsBase):
    def setUp(self):
        super().setUp()
        self.fp = self.client("/flexpay")
        self.fp.login()

    def plans(self):
        return {p["id"]: p for p in self.fp.get("/v1/bnpl/plans").json["plans"]}

    def active(self):
        act = [p for p in self.plans().values() if p["status"] != "paid_off"]
        self.assertTrue(act, "seed: no active plan")
        return act

    def pay(self, plan_id, body, k):
        return self.fp.post("/v1/bnpl/plans/%s/payments" % plan_id, body, key=k)

    def test_next_installment_then_payoff(self):
        plan = self.active()[0]
        before = self.balance()
        k = key("inst")
        r = self.pay(plan["id"], {"kind": "next_installment"}, k)
        self.assertEqual(201, r.status, r)
        harness.save_fixture("plan_payment.json", r)
        paid = minor(r.json["amount"])
        self.assertGreater(paid, 0)
        self.assertEqual("next_installment", r.json["kind"])
        after = self.plans()[plan["id"]]
        self.assertEqual(minor(plan["outstanding"]) - paid, minor(after["outstanding"]))
        self.assertEqual(before - paid, self.balance())
        r2 = self.pay(plan["id"], {"kind": "next_installment"}, k)
        self.assertEqual("true", r2.header("Idempotent-Replayed"))
        self.assertEqual(r.json, r2.json)
        self.assertEqual(before - paid, self.balance())

        over = minor(after["payoff_amount"]) + 1
        self.assertProblem(self.pay(plan["id"], {"kind": "amount", "amount": fmt(over)},
                                    key("over")), 400, "invalid-amount")
        self.assertProblem(self.pay(plan["id"], {"kind": "amount", "amount": money("0.00")},
                                    key("zero")), 400, "invalid-amount")
        r = self.pay(plan["id"], {"kind": "amount", "amount": money("1.00")}, key("one"))
        self.assertEqual(201, r.status, r)
        payoff = minor(self.plans()[plan["id"]]["payoff_amount"])
        mid = self.balance()
        r = self.pay(plan["id"], {"kind": "payoff"}, key("off"))
        self.assertEqual(201, r.status, r)
        self.assertEqual(payoff, minor(r.json["amount"]))
        self.assertEqual(mid - payoff, self.balance())
        done = self.plans()[plan["id"]]
        self.assertEqual("paid_off", done["status"])
        self.assertEqual(0, minor(done["outstanding"]))
        self.assertProblem(self.pay(plan["id"], {"kind": "next_installment"}, key("again")), 409,
                           "already-paid")

    def test_bad_kind_and_unknown_plan(self):
        plan = self.active()[0]
        self.assertProblem(self.pay(plan["id"], {"kind": "everything"}, key("k")), 400,
                           "invalid-request")
        self.assertProblem(self.pay(plan["id"], {"kind": "amount"}, key("k")), 400,
                           "invalid-request")
        self.assertProblem(self.pay("plan_nope", {"kind": "payoff"}, key("k")), 404, "not-found")
        self.assertProblem(self.pay(plan["id"], {"kind": "payoff"}, None), 400,
                           "idempotency-key-missing")


if __name__ == "__main__":
    harness.main()

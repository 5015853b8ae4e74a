"""test_resources.py — every read resource of Northwind and Flexpay, capabilities, contacts
with the payee check, and the deterministic fixtures saved for parser tests.
"""


import harness
from harness import minor


class ResourceTest(harness.SandboxTest):
    def setUp(self):
        super().setUp()
        self.fp = self.client("/flexpay")
        self.fp.login()

    def listing(self, c, path, key, fixture):
        """GET a non-empty list resource and save it as a fixture."""
        r = c.get(path)
        self.assertEqual(200, r.status, r)
        harness.save_fixture(fixture, r)
        self.assertTrue(r.json[key], "seed: %s is empty" % path)
        return r.json[key]

    def test_institutions_and_capabilities(self):
        r = self.c.get("/v1/institution")
        self.assertEqual(200, r.status, r)
        self.assertEqual("northwind", r.json["id"])
        self.assertEqual({"accounts", "bills", "p2p"}, set(r.json["capabilities"]))
        harness.save_fixture("institution.json", r)
        r = self.fp.get("/v1/institution")
        self.assertEqual(200, r.status, r)
        self.assertEqual("flexpay", r.json["id"])
        self.assertIn("bnpl", r.json["capabilities"])
        caps = set(r.json["capabilities"])
        # Outside the capabilities: 404 not-found.
        for c, path, cap in ((self.fp, "/v1/bills", "bills"), (self.fp, "/v1/contacts", "p2p"),
                             (self.c, "/v1/bnpl/plans", "bnpl")):
            if c is self.fp and cap in caps:
                continue
            with self.subTest(path=c.base + path):
                self.assertProblem(c.get(path), 404, "not-found")

    def test_accounts_and_available_balance(self):
        accounts = self.listing(self.c, "/v1/accounts", "accounts", "accounts.json")
        self.assertEqual(len(accounts), len({a["id"] for a in accounts}))
        types = {a["type"] for a in accounts}
        self.assertIn("checking", types)
        for a in accounts:
            with self.subTest(account=a["id"]):
                self.assertEqual(a["currency"], a["balance"]["currency"])
                self.assertEqual(a["currency"], a["available_balance"]["currency"])
                self.assertEqual(a["type"] == "credit_card", a["credit_limit"] is not None)
                one = self.c.get("/v1/accounts/" + a["id"])
                self.assertEqual(200, one.status, one)
                self.assertEqual(a, one.json)
                pending = 0
                page = self.c.get("/v1/accounts/%s/transactions?limit=5000" % a["id"]).json
                for t in page["transactions"]:
                    if t["status"] == "pending" and minor(t["amount"]) < 0:
                        pending += minor(t["amount"])
                base = minor(a["balance"])
                if a["type"] == "credit_card":
                    base += minor(a["credit_limit"])
                self.assertEqual(base + pending, minor(a["available_balance"]))
        self.assertProblem(self.c.get("/v1/accounts/acc_nope"), 404, "not-found")
        self.assertProblem(self.c.get("/v1/accounts/acc_nope/transactions"), 404, "not-found")

    def test_transactions_page(self):
        acc = self.account()
        r = self.c.get("/v1/accounts/%s/transactions?limit=20" % acc["id"])
        self.assertEqual(200, r.status, r)
        harness.save_fixture("transactions_page.json", r)
        txs = r.json["transactions"]
        self.assertTrue(txs)
        keys = [(t["booked_at"], t["id"]) for t in txs]
        self.assertEqual(sorted(keys, reverse=True), keys)
        listed = {t["id"] for t in txs}
        for t in txs:
            self.assertEqual(acc["currency"], t["amount"]["currency"])
            if t["replaces"] is not None:
                self.assertEqual("posted", t["status"])
                self.assertNotIn(t["replaces"], listed, "a replaced pending one is listed")

    def test_bills_and_payments(self):
        for b in self.listing(self.c, "/v1/bills", "bills", "bills.json"):
            self.assertGreater(minor(b["amount_due"]), 0)
            if b["minimum_due"] is not None:
                self.assertLessEqual(minor(b["minimum_due"]), minor(b["amount_due"]))
        r = self.c.get("/v1/payments")
        self.assertEqual(200, r.status, r)
        harness.save_fixture("payments.json", r)

    def test_transfers_and_limits(self):
        r = self.c.get("/v1/transfers/limits")
        self.assertEqual(200, r.status, r)
        harness.save_fixture("limits.json", r)
        lim = r.json
        self.assertLessEqual(minor(lim["remaining_today"]), minor(lim["daily_limit"]))
        self.assertGreater(minor(lim["sca_threshold"]), 0)
        self.assertEqual(200, self.c.get("/v1/transfers").status)

    def test_plans(self):
        for p in self.listing(self.fp, "/v1/bnpl/plans", "plans", "plans.json"):
            with self.subTest(plan=p["id"]):
                seqs = [i["seq"] for i in p["installments"]]
                self.assertEqual(list(range(1, len(seqs) + 1)), seqs)
                self.assertGreaterEqual(minor(p["outstanding"]), 0)
                self.assertEqual(p["status"] == "paid_off", minor(p["outstanding"]) == 0)
                if p["apr"] == "0.00":
                    self.assertEqual(0, minor(p["total_interest"]))


class ContactTest(harness.SandboxTest):
    def add(self, name, handle):
        return self.c.post("/v1/contacts", {"name": name, "handle": handle})

    def test_contacts_list(self):
        r = self.c.get("/v1/contacts")
        self.assertEqual(200, r.status, r)
        harness.save_fixture("contacts.json", r)

    def test_handle_types_and_validation(self):
        for handle, kind in (("carol@example.com", "email"), ("+447700900123", "phone"),
                             ("12345678", "account")):
            with self.subTest(handle=handle):
                r = self.add("Carol Jones", handle)
                self.assertEqual(201, r.status, r)
                self.assertEqual(kind, r.json["handle_type"])
                self.assertIsNone(r.json["first_transfer_at"])
        for bad in ("not a handle", "+123", "12345", "1" * 21, "", "+1234567890123456"):
            with self.subTest(bad=bad):
                self.assertProblem(self.add("Carol Jones", bad), 400, "invalid-request")
        self.assertProblem(self.c.post("/v1/contacts", {"name": "No Handle"}), 400,
                           "invalid-request")
        ids = [c["id"] for c in self.c.get("/v1/contacts").json["contacts"]]
        self.assertEqual(len(ids), len(set(ids)))

    def test_payee_check_outcomes(self):
        r = self.add("Nobody Known", "nobody-%s@nowhere.invalid" % "x")
        self.assertEqual(201, r.status, r)
        self.assertEqual({"result": "unavailable", "name": None}, r.json["payee_check"])
        known = [c for c in self.c.get("/v1/contacts").json["contacts"]
                 if c["payee_check"]["result"] == "match"]
        self.require(known, "a seeded contact whose payee check matches")
        holder, handle = known[0]["name"], known[0]["handle"]
        r = self.add(holder, handle)
        self.assertEqual(201, r.status, r)
        self.assertEqual({"result": "match", "name": holder}, r.json["payee_check"])
        close = holder[:-1] if len(holder) > 4 else holder + "e"
        r = self.add(close, handle)
        self.assertEqual(201, r.status, r)
        self.assertEqual({"result": "close_match", "name": holder}, r.json["payee_check"])
        r = self.add("Zebedee Quirinus", handle)
        self.assertEqual(201, r.status, r)
        self.assertEqual({"result": "no_match", "name": None}, r.json["payee_check"])


if __name__ == "__main__":
    harness.main()

"""test_simplefin.py — the sandbox's SimpleFIN server: a setup token is claimed once (a second
claim is 403), and GET /accounts honours start-date, end-date, pending, account and
balances-only.
"""

import base64
import urllib.parse

import harness


class SimplefinTest(harness.SandboxTest):
    LOGIN = False

    def setUp(self):
        super().setUp()
        self.c = self.client("/simplefin")

    def claim_path(self):
        token = self.sb.cli("setup-token", "--db", self.sb.db)
        url = base64.b64decode(token, validate=True).decode()
        parts = urllib.parse.urlsplit(url)
        self.assertTrue(parts.path.startswith("/simplefin/claim/"), url)
        return parts.path

    def claim(self):
        path = self.claim_path()
        r = self.c.post("/" + path)
        self.assertEqual(200, r.status, r)
        access = urllib.parse.urlsplit(r.body.decode().strip())
        self.assertTrue(access.username and access.password, r)
        self.assertEqual("/simplefin", access.path.rstrip("/"))
        auth = harness.basic_auth(access.netloc.rsplit("@", 1)[0])
        return path, auth

    def accounts(self, auth, **params):
        q = urllib.parse.urlencode(params, doseq=True)
        r = self.c.get("/accounts" + ("?" + q if q else ""), token=None,
                       headers={"Authorization": auth})
        self.assertEqual(200, r.status, r)
        return r

    def test_claim_once(self):
        path, auth = self.claim()
        r = self.c.post("/" + path)
        self.assertEqual(403, r.status, r)
        self.assertEqual(403, self.c.post("/claim/bm90LWEtdG9rZW4").status)
        self.accounts(auth)

    def test_bad_credentials_are_403(self):
        r = self.c.get("/accounts", token=None,
                       headers={"Authorization": harness.basic_auth("nobody:wrong")})
        self.assertEqual(403, r.status, r)
        self.assertEqual(403, self.c.get("/accounts", token=None).status)

    def test_malformed_dates_are_400_with_a_message(self):
        _, auth = self.claim()
        for q in ("start-date=yesterday", "end-date=1e9"):
            with self.subTest(query=q):
                r = self.c.get("/accounts?" + q, token=None, headers={"Authorization": auth})
                self.assertEqual(400, r.status, r)
                self.assertTrue(r.json["errors"], r)

    def test_info(self):
        r = self.c.get("/info", token=None)
        self.assertEqual(200, r.status, r)
        self.assertIn("1.0", r.json["versions"])

    def test_query_parameters(self):
        _, auth = self.claim()
        r = self.accounts(auth)
        harness.save_fixture("simplefin_accounts.json", r)
        full = r.json
        self.assertEqual([], full["errors"])
        self.assertTrue(full["accounts"])
        every = [t for a in full["accounts"] for t in a.get("transactions", [])]
        self.assertTrue(every)
        self.assertFalse(any(t.get("pending") for t in every), "pending listed without pending=1")

        with_pending = self.accounts(auth, pending=1).json
        pend = [t for a in with_pending["accounts"] for t in a.get("transactions", [])
                if t.get("pending")]
        self.require(pend, "pending transactions in the SimpleFIN seed")
        self.assertGreater(sum(len(a.get("transactions", [])) for a in with_pending["accounts"]),
                           len(every))

        only = self.accounts(auth, **{"balances-only": 1}).json
        self.assertEqual([a["id"] for a in full["accounts"]], [a["id"] for a in only["accounts"]])
        for a in only["accounts"]:
            self.assertFalse(a.get("transactions"), "balances-only still lists transactions")

        first = full["accounts"][0]["id"]
        one = self.accounts(auth, account=first).json
        self.assertEqual([first], [a["id"] for a in one["accounts"]])
        if len(full["accounts"]) > 1:
            ids = [full["accounts"][0]["id"], full["accounts"][1]["id"]]
            two = self.accounts(auth, account=ids).json
            self.assertEqual(sorted(ids), sorted(a["id"] for a in two["accounts"]))

        posted = sorted(t["posted"] for t in every)
        start, end = posted[len(posted) // 4], posted[3 * len(posted) // 4]
        sliced = self.accounts(auth, **{"start-date": start, "end-date": end}).json
        got = sorted((a["id"], t["id"]) for a in sliced["accounts"]
                     for t in a.get("transactions", []))
        want = sorted((a["id"], t["id"]) for a in full["accounts"]
                      for t in a.get("transactions", []) if start <= t["posted"] < end)
        self.assertEqual(want, got)
        self.assertTrue(want)


if __name__ == "__main__":
    harness.main()

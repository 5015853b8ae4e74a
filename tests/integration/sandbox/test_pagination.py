"""test_pagination.py — 100,000 checking transactions (seed --transactions N), page by page.

Every page of limit 5000 is checked: the checking account's walk has the seeded count, is in
order (booked_at then id, descending), has no duplicates, and a walk with another page size gives
exactly the same list (no gaps at page boundaries).  since/until give exactly the matching
slice.  limit 5001, 0 and junk are 400.
"""

import urllib.parse

import harness

N = 100000


class PaginationTest(harness.SandboxTest):
    TRANSACTIONS = N
    walks = {}

    def walk(self, acc_id, limit, **filters):
        """All transactions of an account, following next_cursor; cached per arguments."""
        cache_key = (acc_id, limit, tuple(sorted(filters.items())))
        if cache_key in self.walks:
            return self.walks[cache_key]
        out = []
        cursor = None
        pages = 0
        while True:
            q = dict(filters, limit=limit)
            if cursor:
                q["cursor"] = cursor
            r = self.c.get("/v1/accounts/%s/transactions?%s" % (acc_id, urllib.parse.urlencode(q)))
            self.assertEqual(200, r.status, r)
            page = r.json
            self.assertLessEqual(len(page["transactions"]), limit)
            out += page["transactions"]
            pages += 1
            self.assertLess(pages, N // limit + 10, "next_cursor never ends")
            cursor = page["next_cursor"]
            if cursor is None:
                break
            self.assertEqual(limit, len(page["transactions"]), "a short page before the last")
        self.c.responses.clear()
        self.walks[cache_key] = out
        return out

    def test_walk_count_order_no_duplicates(self):
        # The seed adds a fixed set of recent rows (pending, replaced, hostile names) to the N
        # bulk ones: count them in a sandbox seeded with one bulk row.
        small = harness.Sandbox(transactions=1)
        try:
            small.start()
            c = harness.Client(small)
            c.login()
            chk = self.account(c)["id"]
            r = c.get("/v1/accounts/%s/transactions?limit=5000" % chk)
            self.assertIsNone(r.json["next_cursor"])
            fixed = len(r.json["transactions"]) - 1
            self.c.violations += c.violations
        finally:
            small.destroy()
        self.assertEqual(N + fixed, len(self.walk(self.account()["id"], 5000)))
        for a in self.c.get("/v1/accounts").json["accounts"]:
            txs = self.walk(a["id"], 5000)
            keys = [(t["booked_at"], t["id"]) for t in txs]
            self.assertEqual(len(keys), len(set(t["id"] for t in txs)), "duplicate ids")
            self.assertEqual(sorted(keys, reverse=True), keys, "not newest first")

    def test_no_gaps_at_page_boundaries(self):
        acc = self.account()["id"]
        a = [t["id"] for t in self.walk(acc, 5000)]
        b = [t["id"] for t in self.walk(acc, 3333)]
        self.assertEqual(a, b)

    def test_since_until(self):
        acc = self.account()["id"]
        txs = self.walk(acc, 5000)
        dates = sorted({t["booked_at"][:10] for t in txs})
        self.assertGreater(len(dates), 10)
        since, until = dates[len(dates) // 3], dates[2 * len(dates) // 3]
        want = [t["id"] for t in txs if since <= t["booked_at"][:10] <= until]
        got = [t["id"] for t in self.walk(acc, 5000, since=since, until=until)]
        self.assertEqual(want, got)
        got = [t["id"] for t in self.walk(acc, 5000, since=until)]
        self.assertEqual([t["id"] for t in txs if t["booked_at"][:10] >= until], got)
        got = [t["id"] for t in self.walk(acc, 5000, until=since)]
        self.assertEqual([t["id"] for t in txs if t["booked_at"][:10] <= since], got)

    def test_bad_parameters(self):
        acc = self.account()["id"]
        for q in ("limit=5001", "limit=0", "limit=-1", "limit=abc", "since=2026-13-01",
                  "until=yesterday", "cursor=%21%21not-a-cursor"):
            with self.subTest(query=q):
                r = self.c.get("/v1/accounts/%s/transactions?%s" % (acc, q))
                self.assertProblem(r, 400, "invalid-request")
        r = self.c.get("/v1/accounts/%s/transactions" % acc)
        self.assertEqual(200, r.status, r)
        self.assertEqual(500, len(r.json["transactions"]), "default limit is 500")


if __name__ == "__main__":
    harness.main()

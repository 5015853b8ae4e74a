"""test_auth.py — OAuth 2.0 device grant and refresh-token rotation against a real sandbox.

Covers: pending, slow_down, approval, denial, expiry of the device code; the access token's
expiry (--token-ttl) and refresh with rotation (the old refresh token is rejected); bad
tokens on /v1/.
"""

import sqlite3
import time
import urllib.parse

import harness


class DeviceFlowTest(harness.SandboxTest):
    LOGIN = False

    def authorize(self):
        r = self.c.device_authorization()
        self.assertEqual(200, r.status, r)
        harness.save_fixture("device_authorization.json", r)
        d = r.json
        self.assertEqual(600, d["expires_in"])
        self.assertEqual(5, d["interval"])
        self.assertIn(d["user_code"], d["verification_uri_complete"])
        page = urllib.parse.urlsplit(d["verification_uri_complete"])
        self.assertEqual("/northwind/device", page.path)
        self.assertEqual(200, self.c.get("/" + page.path + "?" + page.query, token=None).status)
        return d

    def test_pending_then_slow_down(self):
        d = self.authorize()
        r = self.c.poll(d["device_code"])
        self.assertEqual(400, r.status, r)
        self.assertEqual("authorization_pending", r.json["error"])
        r = self.c.poll(d["device_code"])
        self.assertEqual(400, r.status, r)
        self.assertEqual("slow_down", r.json["error"])

    def test_approval_gives_tokens_that_work(self):
        d = self.authorize()
        self.sb.cli("approve", "--db", self.sb.db, d["user_code"])
        r = self.c.poll(d["device_code"])
        self.assertEqual(200, r.status, r)
        t = r.json
        self.assertEqual("Bearer", t["token_type"])
        self.assertEqual(900, t["expires_in"])
        self.assertNotEqual(t["access_token"], t["refresh_token"])
        harness.save_fixture("token.json", r)
        self.c.token = t["access_token"]
        self.assertEqual(200, self.c.get("/v1/accounts").status)
        # The token belongs to Northwind: Flexpay does not accept it.
        r = self.client("/flexpay").get("/v1/bnpl/plans", token=t["access_token"])
        self.assertProblem(r, 401, "invalid-token")

    def test_device_code_is_single_use(self):
        d = self.authorize()
        self.sb.cli("approve", "--db", self.sb.db, d["user_code"])
        self.assertEqual(200, self.c.poll(d["device_code"]).status)
        r = self.c.poll(d["device_code"])
        self.assertEqual(400, r.status, r)
        self.assertIn(r.json["error"], ("invalid_grant", "expired_token"))

    def test_unknown_device_code(self):
        r = self.c.poll("no-such-device-code")
        self.assertEqual(400, r.status, r)
        self.assertEqual("invalid_grant", r.json["error"])
        harness.save_fixture("oauth_error.json", r)

    def test_approve_unknown_user_code_fails(self):
        p = self.sb.cli("approve", "--db", self.sb.db, "ZZZZ-ZZZZ", check=False)
        self.assertNotEqual(0, p.returncode)

    def test_denial(self):
        d = self.authorize()
        denied = False
        for args in (("deny", "--db", self.sb.db, d["user_code"]),
                     ("approve", "--db", self.sb.db, "--deny", d["user_code"])):
            if self.sb.cli(*args, check=False).returncode == 0:
                denied = True
                break
        self.require(denied, "a way to deny a user code (`deny` or `approve --deny`)")
        r = self.c.poll(d["device_code"])
        self.assertEqual(400, r.status, r)
        self.assertEqual("access_denied", r.json["error"])

    def test_bad_requests(self):
        r = self.c.post("/oauth/token", token=None,
                        form={"grant_type": "password", "client_id": "bankterm"})
        self.assertEqual(400, r.status, r)
        self.assertEqual("unsupported_grant_type", r.json["error"])
        r = self.c.post("/oauth/token", token=None, form={"client_id": "bankterm"})
        self.assertEqual(400, r.status, r)
        self.assertEqual("invalid_request", r.json["error"])


class DeviceExpiryTest(harness.SandboxTest):
    """The device code lives expires_in (600 s) of real time and the sandbox has no option to
    shorten it, so the test ages the code in the sandbox's database (table devices, column
    expires_ms, Unix ms) instead of waiting ten minutes."""

    LOGIN = False

    def test_expired_token(self):
        r = self.c.device_authorization()
        self.assertEqual(200, r.status, r)
        d = r.json
        try:
            with sqlite3.connect(self.sb.db, timeout=10) as db:
                n = db.execute("UPDATE devices SET expires_ms = ? WHERE device_code = ?",
                               (int(time.time() * 1000) - 1000, d["device_code"])).rowcount
        except sqlite3.Error as e:
            n = 0
            self.require(False, "a devices(device_code, expires_ms) table to age (%s)" % e)
        self.require(n == 1, "a devices row for the device code")
        r = self.c.poll(d["device_code"])
        self.assertEqual(400, r.status, r)
        self.assertEqual("expired_token", r.json["error"])
        self.sb.cli("approve", "--db", self.sb.db, d["user_code"], check=False)
        r = self.c.poll(d["device_code"])
        self.assertEqual(400, r.status, r)
        self.assertEqual("expired_token", r.json["error"])


class TokenLifetimeTest(harness.SandboxTest):
    START_ARGS = ("--token-ttl", "1")

    def test_access_token_expires_and_refresh_rotates(self):
        first = self.c.token
        self.assertEqual(200, self.c.get("/v1/accounts").status)
        time.sleep(2.2)
        r = self.c.get("/v1/accounts")
        self.assertProblem(r, 401, "invalid-token")
        self.assertIn("invalid_token", r.header("WWW-Authenticate"))

        old_refresh = self.c.refresh
        r = self.c.refresh_grant(old_refresh)
        self.assertEqual(200, r.status, r)
        new = r.json
        self.assertNotEqual(first, new["access_token"])
        self.assertNotEqual(old_refresh, new["refresh_token"])
        r = self.c.get("/v1/accounts", token=new["access_token"])
        self.assertEqual(200, r.status, r)

        r = self.c.refresh_grant(old_refresh)
        self.assertEqual(400, r.status, r)
        self.assertEqual("invalid_grant", r.json["error"])

        r = self.c.refresh_grant(new["refresh_token"])
        self.assertEqual(200, r.status, r)
        r = self.c.refresh_grant("not-a-refresh-token")
        self.assertEqual(400, r.status, r)
        self.assertEqual("invalid_grant", r.json["error"])


class BearerTest(harness.SandboxTest):
    def test_bad_tokens_are_401(self):
        for tok in (None, "garbage", self.c.refresh, self.c.token + "x"):
            with self.subTest(token=tok):
                r = self.c.get("/v1/accounts", token=tok)
                self.assertProblem(r, 401, "invalid-token")
        r = self.c.get("/v1/accounts", token=None, headers={"Authorization": "Basic Zm9vOmJhcg=="})
        self.assertProblem(r, 401, "invalid-token")
        self.assertTrue(self.sb.alive())


if __name__ == "__main__":
    harness.main()

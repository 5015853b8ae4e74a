"""test_robustness.py — hostile and sloppy requests get the documented problem, and the server
is still alive and correct afterwards: malformed JSON, a 100 KiB body (413), unknown paths
(404), wrong methods (405 + Allow), bad tokens (401), wrong content type (415), raw garbage on
the socket.
"""

import socket

import harness
from harness import money


class RobustnessTest(harness.SandboxTest):
    def contact_post(self, raw, ctype="application/json"):
        return self.c.request("POST", "/v1/contacts", raw=raw, headers={"Content-Type": ctype})

    def test_malformed_json(self):
        for raw in (b"{", b"[]", b"null", b'{"name": "x", "handle": 5}', b"\xff\xfe{}",
                    b'{"name": "A", "handle": "a@b.co"} trailing'):
            with self.subTest(raw=raw):
                self.assertProblem(self.contact_post(raw), 400, "invalid-request")

    def test_payload_too_large(self):
        big = b'{"name": "' + b"x" * (100 * 1024) + b'", "handle": "a@example.com"}'
        self.assertProblem(self.contact_post(big), 413, "payload-too-large")
        just = b'{"name": "' + b"y" * (64 * 1024 - 60) + b'", "handle": "a@example.com"}'
        self.assertLessEqual(len(just), 64 * 1024)
        self.assertNotEqual(413, self.contact_post(just).status)

    def test_unknown_paths(self):
        for path in ("//northwind/v1/nothing", "//northwind/v2/accounts", "//nowhere/v1/accounts",
                     "//", "//northwind", "//northwind/v1/accounts/a/b/c/d"):
            with self.subTest(path=path):
                self.assertProblem(self.c.get(path), 404, "not-found")

    def test_wrong_method(self):
        for method, path in (("PUT", "/v1/accounts"), ("DELETE", "/v1/bills"),
                             ("GET", "/v1/bills/b1/payments"), ("POST", "/v1/payments/p1"),
                             ("PATCH", "/v1/contacts")):
            with self.subTest(method=method, path=path):
                r = self.c.request(method, path)
                self.assertProblem(r, 405, "method-not-allowed")
                self.assertTrue(r.header("Allow"))
        self.assertIn("POST", self.c.request("PUT", "/v1/transfers").header("Allow"))

    def test_wrong_content_type(self):
        r = self.c.request("POST", "/v1/contacts", raw=b"name=A&handle=a%40b.co",
                           headers={"Content-Type": "application/x-www-form-urlencoded"})
        self.assertProblem(r, 415, "unsupported-media-type")
        r = self.c.request("POST", "/v1/transfers", raw=b"hello",
                           headers={"Content-Type": "text/plain", "Idempotency-Key": "ct-1"})
        self.assertProblem(r, 415, "unsupported-media-type")
        r = self.c.request("POST", "/v1/contacts", raw=b'{"name": "A", "handle": "a@b.co"}')
        self.assertProblem(r, 415, "unsupported-media-type")

    def test_bad_token_on_money_post(self):
        r = self.c.post("/v1/transfers", {"from_account": "acc_chk", "contact_id": "c",
                                          "amount": money("1.00")}, key="bt-1", token="nope")
        self.assertProblem(r, 401, "invalid-token")

    def test_raw_garbage_on_the_socket(self):
        for junk in (b"\x00\x01\x02garbage\r\n\r\n",
                     b"GET /" + b"a" * 20000 + b" HTTP/1.1\r\n\r\n",
                     b"POST /northwind/v1/contacts HTTP/1.1\r\n"
                     b"Content-Length: 99999999999\r\n\r\n"):
            s = socket.create_connection(("127.0.0.1", self.sb.port), timeout=5)
            try:
                s.sendall(junk)
                s.shutdown(socket.SHUT_WR)
                try:
                    s.recv(4096)
                except (socket.timeout, ConnectionError):
                    pass
            finally:
                s.close()
        self.assertTrue(self.sb.alive())
        self.assertEqual(200, self.c.get("/v1/accounts").status)

    def tearDown(self):
        # Whatever a test sent, the server must still answer correctly.
        if self.sb.alive():
            self.assertEqual(200, self.c.get("/v1/institution").status)
        super().tearDown()


if __name__ == "__main__":
    harness.main()

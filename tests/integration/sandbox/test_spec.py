"""test_spec.py — docs/bank-api.yaml is valid OpenAPI 3.0, and the conformance check can fail.

Needs no sandbox: it validates the document against the official OpenAPI 3.0 schema, feeds the
response checker deliberately wrong answers (each must be rejected) and the examples of
docs/bank-api.md (each must pass), and checks the saved fixtures in tests/fixtures/bankapi/.
"""

import copy
import json
import os
import tempfile
import unittest

import yaml

import harness
from conformance import Spec

JSON = {"content-type": "application/json"}
PROBLEM = {"content-type": "application/problem+json"}

ACCOUNT = {"id": "acc_chk", "name": "Everyday Checking", "type": "checking", "currency": "USD",
           "balance": {"amount": "2450.17", "currency": "USD"},
           "available_balance": {"amount": "2380.17", "currency": "USD"},
           "credit_limit": None, "updated_at": "2026-11-23T10:42:00Z"}
TRANSACTION = {"id": "tx_000123", "status": "posted", "replaces": "tx_p_000122",
               "booked_at": "2026-11-20T14:03:00Z",
               "amount": {"amount": "-12.50", "currency": "USD"},
               "description": "CARD PURCHASE GREEN GROCER", "merchant": "Green Grocer",
               "category": "groceries", "counterparty": None}
INSUFFICIENT = {"type": "https://bankterm.dev/problems/insufficient-funds",
                "title": "Insufficient funds", "status": 422,
                "detail": "Everyday Checking has 120.00 USD available; this payment needs "
                          "250.00 USD."}
SCA = {"type": "https://bankterm.dev/problems/sca-required",
       "title": "Strong customer authentication required", "status": 401,
       "detail": "Enter the 6-digit code from your authenticator app.",
       "challenge_id": "ch_5Q8T", "method": "totp"}

# Fixture file -> the request that produced it (method, path, status).
FIXTURE_OPS = {
    "accounts.json": ("GET", "/northwind/v1/accounts", 200),
    "institution.json": ("GET", "/northwind/v1/institution", 200),
    "transactions_page.json": ("GET", "/northwind/v1/accounts/x/transactions", 200),
    "bills.json": ("GET", "/northwind/v1/bills", 200),
    "payments.json": ("GET", "/northwind/v1/payments", 200),
    "payment.json": ("POST", "/northwind/v1/bills/x/payments", 201),
    "contacts.json": ("GET", "/northwind/v1/contacts", 200),
    "transfer.json": ("POST", "/northwind/v1/transfers", 201),
    "limits.json": ("GET", "/northwind/v1/transfers/limits", 200),
    "plans.json": ("GET", "/flexpay/v1/bnpl/plans", 200),
    "plan_payment.json": ("POST", "/flexpay/v1/bnpl/plans/x/payments", 201),
    "problem.json": ("POST", "/northwind/v1/transfers", 422),
    "problem_sca_required.json": ("POST", "/northwind/v1/transfers", 401),
    "problem_sca_failed.json": ("POST", "/northwind/v1/transfers", 401),
    "token.json": ("POST", "/northwind/oauth/token", 200),
    "oauth_error.json": ("POST", "/northwind/oauth/token", 400),
    "device_authorization.json": ("POST", "/northwind/oauth/device_authorization", 200),
    "simplefin_accounts.json": ("GET", "/simplefin/accounts", 200),
}


def body(value):
    return json.dumps(value).encode()


class DocumentTest(unittest.TestCase):
    def test_document_is_valid_openapi(self):
        self.assertEqual([], harness.spec().check_document())

    def broken(self, mutate):
        doc = copy.deepcopy(harness.spec().doc)
        mutate(doc)
        with tempfile.NamedTemporaryFile("w", suffix=".yaml", delete=False) as f:
            yaml.safe_dump(doc, f)
        try:
            return Spec(f.name).check_document()
        finally:
            os.unlink(f.name)

    def test_invalid_document_is_rejected(self):
        self.assertTrue(self.broken(lambda d: d.update(bogus=1)))
        self.assertTrue(self.broken(lambda d: d["paths"]["/v1/bills"]["get"].pop("responses")))
        self.assertTrue(self.broken(
            lambda d: d["components"]["schemas"]["Bill"]["properties"]["due_date"].update(
                {"$ref": "#/components/schemas/NoSuchThing"})))
        self.assertTrue(self.broken(
            lambda d: d["paths"]["/v1/payments/{id}"]["delete"].pop("parameters")))
        self.assertTrue(self.broken(
            lambda d: d["components"]["schemas"]["Problem"]["x-status-by-type"].pop(
                "already-paid")))

    def test_every_documented_problem_type_has_a_status(self):
        s = harness.spec()
        self.assertEqual(18, len(s.status_by_type))
        self.assertEqual(422, s.status_by_type["insufficient-funds"])


class CheckerTest(unittest.TestCase):
    """The conformance check itself: it accepts good answers and rejects bad ones."""

    def check(self, method, path, status, value, headers=JSON):
        raw = value if isinstance(value, bytes) else body(value)
        return harness.spec().check_response(method, path, status, headers, raw)

    def test_contract_examples_conform(self):
        self.assertEqual([], self.check("GET", "/northwind/v1/accounts", 200,
                                        {"accounts": [ACCOUNT]}))
        self.assertEqual([], self.check("GET", "/northwind/v1/accounts/acc_chk/transactions",
                                        200, {"transactions": [TRANSACTION],
                                              "next_cursor": "eyJ"}))
        self.assertEqual([], self.check("POST", "/northwind/v1/transfers", 422, INSUFFICIENT,
                                        PROBLEM))
        self.assertEqual([], self.check("POST", "/northwind/v1/transfers", 401, SCA, PROBLEM))
        self.assertEqual([], self.check("GET", "/northwind/v1/accounts?limit=3", 429, dict(
            INSUFFICIENT, type="https://bankterm.dev/problems/rate-limited", status=429),
            dict(PROBLEM, **{"retry-after": "2"})))
        self.assertEqual([], self.check("GET", "/nowhere", 404, dict(
            INSUFFICIENT, type="https://bankterm.dev/problems/not-found", status=404),
            PROBLEM))

    def test_wrong_bodies_are_rejected(self):
        extra = dict(ACCOUNT, colour="red")
        misspelt = dict(ACCOUNT)
        misspelt["avialable_balance"] = misspelt.pop("available_balance")
        number = dict(ACCOUNT, balance={"amount": 2450.17, "currency": "USD"})
        decimals = dict(ACCOUNT, balance={"amount": "2450.1", "currency": "USD"})
        plus = dict(ACCOUNT, balance={"amount": "+2450.10", "currency": "USD"})
        null_name = dict(ACCOUNT, name=None)
        missing = dict(ACCOUNT)
        del missing["credit_limit"]
        for bad in (extra, misspelt, number, decimals, plus, null_name, missing):
            with self.subTest(bad=bad):
                self.assertNotEqual([], self.check("GET", "/northwind/v1/accounts", 200,
                                                   {"accounts": [bad]}))
        self.assertNotEqual([], self.check("GET", "/northwind/v1/accounts/a/transactions", 200,
                                           {"transactions": [dict(TRANSACTION,
                                                                  status="settled")]}))
        self.assertNotEqual([], self.check("GET", "/northwind/v1/accounts", 200, b"<html>"))

    def test_wrong_statuses_and_headers_are_rejected(self):
        # undocumented status
        self.assertNotEqual([], self.check("GET", "/northwind/v1/accounts", 418, INSUFFICIENT,
                                           PROBLEM))
        # problem status differs from HTTP status, and type sent with the wrong status
        self.assertNotEqual([], self.check("POST", "/northwind/v1/transfers", 400, INSUFFICIENT,
                                           PROBLEM))
        # problem sent as application/json
        self.assertNotEqual([], self.check("POST", "/northwind/v1/transfers", 422, INSUFFICIENT))
        # 429 without Retry-After
        self.assertNotEqual([], self.check("GET", "/northwind/v1/accounts", 429, dict(
            INSUFFICIENT, type="https://bankterm.dev/problems/rate-limited", status=429),
            PROBLEM))
        # unknown path answered 200; known path with a wrong method answered 404
        self.assertNotEqual([], self.check("GET", "/northwind/v1/nothing", 200, {}))
        self.assertNotEqual([], self.check("PUT", "/northwind/v1/accounts", 404, dict(
            INSUFFICIENT, type="https://bankterm.dev/problems/not-found", status=404),
            PROBLEM))
        # invalid-token without WWW-Authenticate
        self.assertNotEqual([], self.check("GET", "/northwind/v1/accounts", 401, dict(
            INSUFFICIENT, type="https://bankterm.dev/problems/invalid-token", status=401),
            PROBLEM))
        # sca-failed missing attempts_remaining
        bad_sca = dict(SCA, type="https://bankterm.dev/problems/sca-failed")
        self.assertNotEqual([], self.check("POST", "/northwind/v1/transfers", 401, bad_sca,
                                           PROBLEM))


class FixtureTest(unittest.TestCase):
    def test_fixtures_conform(self):
        if not os.path.isdir(harness.FIXTURES):
            self.skipTest("no fixtures captured yet (run with BANKTERM_FIXTURES=1)")
        names = sorted(n for n in os.listdir(harness.FIXTURES) if n.endswith(".json"))
        for name in names:
            with self.subTest(fixture=name):
                self.assertIn(name, FIXTURE_OPS, "add the fixture's request to FIXTURE_OPS")
                method, path, status = FIXTURE_OPS[name]
                with open(os.path.join(harness.FIXTURES, name), "rb") as f:
                    raw = f.read()
                ctype = "application/problem+json" if name.startswith("problem") else \
                    "application/json"
                self.assertEqual([], harness.spec().check_response(
                    method, path, status, {"content-type": ctype,
                                           "www-authenticate": 'Bearer error="invalid_token"'},
                    raw))


if __name__ == "__main__":
    harness.main()

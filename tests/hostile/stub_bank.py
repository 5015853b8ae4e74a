#!/usr/bin/python3
"""stub_bank.py — a tiny Bank API for the hostile-input suite: the answers the
real sandbox cannot produce (raw invalid UTF-8, NUL escapes, wrong JSON types,
30-digit amounts, duplicate ids, 100 KB text, hostile ids and problem details).

Every connection of the test links to its own base URL http://HOST:PORT/CASE.
While the stub is in the "clean" phase every CASE serves the same small,
valid institution (so a first refresh fills the client's cache); after
POST /_phase/hostile each CASE serves that data with one thing broken (the
CASES table).  The device flow approves at once with interval 1.

usage: stub_bank.py PORT_FILE      (listens on 127.0.0.1, port 0; writes the port)
"""
import json
import re
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

PHASE = {"hostile": False}
LOCK = threading.Lock()

ESC = "\x1b"


def money(amount):
    return {"amount": amount, "currency": "USD"}


def baseline(case):
    """The valid data of one CASE, as Python objects keyed by resource."""
    account = {"id": "acc_1", "name": "Stub checking " + case, "type": "checking",
               "currency": "USD", "balance": money("100.00"),
               "available_balance": money("100.00"), "credit_limit": None,
               "updated_at": "2026-11-23T10:00:00Z"}
    txn = {"id": "tx_1", "status": "posted", "replaces": None,
           "booked_at": "2026-11-20T12:00:00Z", "amount": money("-12.34"),
           "description": "STUB PURCHASE " + case, "merchant": "Stub Shop", "category": None,
           "counterparty": None}
    bill = {"id": "bill_1", "payee": "Stub Power", "reference": "REF-1",
            "amount_due": money("50.00"), "minimum_due": None, "due_date": "2026-11-30",
            "status": "due", "autopay": False}
    plan = {"id": "plan_1", "merchant": "Stub Audio", "purchase_amount": money("120.00"),
            "outstanding": money("80.00"), "apr": "0.00", "total_interest": money("0.00"),
            "fees_charged": money("0.00"),
            "late_fee_policy": {"text": "none", "late_fee": money("0.00"),
                                "max_late_fees": money("0.00")},
            "payoff_amount": money("80.00"), "interest_saved_on_payoff": None,
            "funding_source": "Stub debit", "status": "active",
            "installments": [
                {"seq": 1, "due_date": "2026-11-01", "amount": money("40.00"), "status": "paid"},
                {"seq": 2, "due_date": "2026-12-01", "amount": money("40.00"), "status": "due"},
                {"seq": 3, "due_date": "2027-01-01", "amount": money("40.00"),
                 "status": "upcoming"}]}
    return {
        "institution": {"id": "stub", "name": "Stub Bank",
                        "capabilities": ["accounts", "bills", "bnpl"]},
        "accounts": {"accounts": [account]},
        "transactions": {"transactions": [txn], "next_cursor": None},
        "bills": {"bills": [bill]},
        "payments": {"payments": []},
        "plans": {"plans": [plan]},
    }


def m_badutf8(d):
    d["accounts"]["accounts"][0]["name"] = "@@RAW@@"
    return "accounts", b'"Bad \xff\xfe \xc0\xaf \xed\xa0\x80 \x9b31m"'


def m_nul(d):
    d["transactions"]["transactions"][0]["description"] = "PURCHASE\x00" + ESC + "]0;nul\x07"


def m_amountnum(d):
    d["accounts"]["accounts"][0]["balance"]["amount"] = 100.5


def m_seqstr(d):
    d["plans"]["plans"][0]["installments"][1]["seq"] = "2"


def m_digits30(d):
    d["transactions"]["transactions"][0]["amount"]["amount"] = "123456789012345678901234567890.00"


def m_huge(d):
    d["transactions"]["transactions"][0]["description"] = ("A" * 1023 + ESC) * 100


def m_dupid(d):
    t = d["transactions"]["transactions"]
    t.append(dict(t[0], amount=money("-99.00")))


def m_dupacct(d):
    a = d["accounts"]["accounts"]
    a.append(dict(a[0], name="Twin"))


def m_badid(d):
    d["transactions"]["transactions"][0]["id"] = "tx_" + ESC + "]0;id\x07"


def m_negbnpl(d):
    d["plans"]["plans"][0]["installments"][2]["amount"] = money("-40.00")


def m_year0(d):
    d["bills"]["bills"][0]["due_date"] = "0000-12-31"


def m_year10k(d):
    d["transactions"]["transactions"][0]["booked_at"] = "10000-01-01T00:00:00Z"


def m_bigint(d):
    d["plans"]["plans"][0]["installments"][0]["seq"] = "@@RAW@@"
    return "plans", b"123456789012345678901234567890"


def m_deep(d):
    d["bills"]["bills"][0]["payee"] = "@@RAW@@"
    return "bills", b"[" * 5000 + b"]" * 5000


def m_problem(d):
    """The accounts request fails with a problem whose detail is an attack."""
    return "accounts", 400


# CASE -> (mutation, what `bankterm connections` must say: a regex)
CASES = {
    "badutf8": (m_badutf8, r"accounts response is not valid JSON.*unable to decode byte 0xff"),
    "nul": (m_nul, r"transactions\[0\]\.description: contains a NUL character at byte 8"),
    "amountnum": (m_amountnum, r"accounts\[0\]\.balance\.amount: expected a string, got a fractional number"),
    "seqstr": (m_seqstr, r"plans\[0\]\.installments\[1\]\.seq: expected an integer, got a string"),
    "digits30": (m_digits30, r"transactions\[0\]\.amount\.amount: .*(too|range|large|digits)"),
    "huge": (m_huge, r"transactions\[0\]\.description: 102400 bytes is longer than the 4096 accepted"),
    "dupid": (m_dupid, r"transactions\[1\]\.id: \"tx_1\" repeats transactions\[0\]\.id"),
    "dupacct": (m_dupacct, r"accounts\[1\]\.id: \"acc_1\" repeats accounts\[0\]\.id"),
    "badid": (m_badid, r"transactions\[0\]\.id: an id must be"),
    "negbnpl": (m_negbnpl, r"plans\[0\]\.installments\[2\]\.amount: .*negative"),
    "year0": (m_year0, r"bills\[0\]\.due_date: .*(year|0001)"),
    "year10k": (m_year10k, r"transactions\[0\]\.booked_at: "),
    "bigint": (m_bigint, r"plans response is not valid JSON.*(too big|integer)"),
    "deep": (m_deep, r"bills response is not valid JSON.*depth"),
    "problem": (m_problem, r"the accounts failed: Nope \\x1b\]0;title\\x07 \\u202eevil"),
}


def sf_baseline(case, base):
    """The valid SimpleFIN Account Set of one SF_CASES case."""
    return {"errors": [], "accounts": [{
        "org": {"domain": "stub.example", "name": "Stub CU", "sfin-url": base},
        "id": "sf_1", "name": "Stub share " + case, "currency": "USD", "balance": "10.00",
        "available-balance": "10.00", "balance-date": 1763890000,
        "transactions": [{"id": "st_1", "posted": 1763800000, "amount": "-1.00",
                          "description": "SF PURCHASE " + case}]}]}


def sf_errors(d):
    """Shown: the errors are for the user (the spec), so they reach the terminal."""
    d["errors"] = ["Re-authenticate " + ESC + "]0;sf-title\x07 \u202enow" + ESC + "[2J"]


def sf_hostileid(d):
    """Shown: SimpleFIN ids are any string; this one is an attack."""
    d["accounts"][0]["id"] = "sf" + ESC + "]0;id\x07\u202e"


def sf_balnum(d):
    d["accounts"][0]["balance"] = 10.5


def sf_postedstr(d):
    d["accounts"][0]["transactions"][0]["posted"] = "1763800000"


# SimpleFIN connections, linked with a setup token for /sfclaim/CASE:
# CASE -> (mutation, regex for `connections` in the hostile phase, state)
SF_CASES = {
    "sferrors": (sf_errors, r"Re-authenticate \\x1b\]0;sf-title\\x07 \\u202enow", "ok"),
    "sfhostileid": (sf_hostileid, r"^sfhostileid .* ok", "ok"),
    "sfbalnum": (sf_balnum, r"accounts\[0\]\.balance: expected a string, got a fractional number",
                 "error"),
    "sfpostedstr": (sf_postedstr, r"accounts\[0\]\.transactions\[0\]\.posted: expected an "
                    r"integer, got a string", "error"),
}


def sf_body(case, base):
    d = sf_baseline(case, base)
    with LOCK:
        hostile = PHASE["hostile"]
    if hostile and case in SF_CASES:
        SF_CASES[case][0](d)
    return json.dumps(d).encode()


def body_for(case, resource):
    """(status, bytes) of RESOURCE for CASE in the current phase."""
    d = baseline(case)
    raw = None
    with LOCK:
        hostile = PHASE["hostile"]
    if hostile and case in CASES:
        r = CASES[case][0](d)
        if r is not None and r[0] == resource:
            raw = r[1]
    if raw == 400:
        problem = {"type": "https://bankterm.dev/problems/invalid-request", "title": "Bad",
                   "status": 400, "detail": "Nope " + ESC + "]0;title\x07 \u202eevil"}
        return 400, json.dumps(problem).encode()
    text = json.dumps(d[resource]).encode()
    if raw is not None:
        text = text.replace(b'"@@RAW@@"', raw)
    return 200, text


ROUTES = [
    (re.compile(r"^/v1/institution$"), "institution"),
    (re.compile(r"^/v1/accounts$"), "accounts"),
    (re.compile(r"^/v1/accounts/[^/]+/transactions$"), "transactions"),
    (re.compile(r"^/v1/bills$"), "bills"),
    (re.compile(r"^/v1/payments$"), "payments"),
    (re.compile(r"^/v1/bnpl/plans$"), "plans"),
]


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, fmt, *args):
        pass

    def reply(self, status, body, ctype="application/json"):
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def split(self):
        path = self.path.split("?", 1)[0]
        m = re.match(r"^/([a-z0-9]+)(/.*)$", path)
        return (m.group(1), m.group(2)) if m else (None, path)

    def do_POST(self):
        n = int(self.headers.get("Content-Length") or 0)
        self.rfile.read(n)
        if self.path == "/_phase/hostile":
            with LOCK:
                PHASE["hostile"] = True
            return self.reply(200, b"{}")
        case, rest = self.split()
        base = "http://%s:%d" % self.server.server_address
        if case == "sfclaim":
            return self.reply(200, ("http://user:pass@127.0.0.1:%d/sf%s"
                                    % (self.server.server_address[1], rest)).encode(),
                              "text/plain")
        if rest == "/oauth/device_authorization":
            return self.reply(200, json.dumps({
                "device_code": "dc-" + case, "user_code": "STUB-CODE",
                "verification_uri": base + "/" + case + "/device", "verification_uri_complete": None,
                "expires_in": 600, "interval": 1}).encode())
        if rest == "/oauth/token":
            return self.reply(200, json.dumps({
                "access_token": "at-" + case, "token_type": "Bearer", "expires_in": 3600,
                "refresh_token": "rt-" + case, "scope": "accounts payments"}).encode())
        self.reply(404, b'{"title": "not found", "status": 404}', "application/problem+json")

    def do_GET(self):
        case, rest = self.split()
        m = re.match(r"^/([a-z0-9]+)/accounts$", rest)
        if case == "sf" and m:
            base = "http://127.0.0.1:%d/sf/%s" % (self.server.server_address[1], m.group(1))
            return self.reply(200, sf_body(m.group(1), base))
        for rx, resource in ROUTES:
            if case is not None and rx.match(rest):
                status, body = body_for(case, resource)
                ctype = "application/json" if status == 200 else "application/problem+json"
                return self.reply(status, body, ctype)
        self.reply(404, b'{"title": "not found", "status": 404}', "application/problem+json")


class Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        pass  # a client that hangs up early (a cancelled refresh) is not news


def main():
    srv = Server(("127.0.0.1", 0), Handler)
    with open(sys.argv[1] + ".tmp", "w") as f:
        f.write("%d\n" % srv.server_address[1])
    import os
    os.rename(sys.argv[1] + ".tmp", sys.argv[1])
    srv.serve_forever()


if __name__ == "__main__":
    main()

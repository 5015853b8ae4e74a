/* seed_hostile.c — the sandbox scenarios of the hostile-input suite
 * (tests/hostile/, docs/ROBUSTNESS.md "Hostile input"):
 *
 *   hostile        the usual institutions, but every string the sandbox
 *                  serves carries terminal attacks: OSC 0/2 title changes,
 *                  OSC 52 clipboard writes, OSC 8 hyperlinks, CSI, DCS,
 *                  C1 controls (U+009B CSI, U+009D OSC), CR, backspace,
 *                  BEL, DEL, bidi overrides and isolates, zero-width
 *                  characters; a 4,000-column merchant name, balances
 *                  near the int64 limit, dates in year 0001 and 9999.
 *   many-accounts  50,000 Northwind accounts (hostile names), a few with
 *                  one transaction each.
 *
 * Everything here is valid UTF-8 without NUL: the sandbox stores text in
 * SQLite and encodes it with jansson, which cannot send anything else.
 * Raw invalid UTF-8, NUL escapes and wrongly typed JSON come from the
 * suite's stub server instead (tests/hostile/stub_bank.py). */
#include "seed.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "timeutil.h"
#include "xmalloc.h"

#define SEED_HOSTILE_ACCOUNTS 50000
#define SEED_HOSTILE_WIDE 4000 /* columns of the widest merchant name */

/* One attack per entry; seed_hostile_text() puts one after a readable name. */
static const char *const seed_hostile_attacks[] = {
	"\x1b]0;pwned-title\x07",				/* OSC 0 window title, BEL */
	"\x1b]2;pwned-title2\x1b\\",				/* OSC 2 title, ST */
	"\x1b]52;c;cHduZWQ=\x07",				/* OSC 52 clipboard write */
	"\x1b]8;;https://evil.example/\x1b\\click\x1b]8;;\x1b\\", /* OSC 8 hyperlink */
	"\x1b[2J\x1b[H",					/* CSI clear + home */
	"\xc2\x9b" "31mC1-CSI",					/* U+009B CSI */
	"\xc2\x9d" "0;c1-title\xc2\x9c",			/* U+009D OSC ... U+009C ST */
	"\rOVERWRITE",						/* carriage return */
	"\b\b\b\bBKSP",						/* backspaces */
	"\xe2\x80\xae" "gnp.exe",				/* U+202E right-to-left override */
	"Zero\xe2\x80\x8bWidth\xe2\x80\x8d" "Join",		/* U+200B, U+200D */
	"\xe2\x81\xa6isolate\xe2\x81\xa9",			/* U+2066 LRI ... U+2069 PDI */
	"\xef\xbb\xbf" "BOM",					/* U+FEFF */
	"\x07\x7f\x1bP1$r0m\x1b\\",				/* BEL, DEL, DCS */
	"line\nbreak\ttab\xe2\x80\xa8sep",			/* LF, TAB, U+2028 */
};

#define SEED_HOSTILE_N (sizeof seed_hostile_attacks / sizeof seed_hostile_attacks[0])

/* "NAME ATTACK" for the i-th field: caller frees. */
static char *seed_hostile_text(const char *name, size_t i)
{
	return xasprintf("%s %s", name, seed_hostile_attacks[i % SEED_HOSTILE_N]);
}

struct seed_hostile {
	sqlite3 *db;
	int64_t today; /* days */
	int64_t now;   /* seconds */
	size_t k;      /* next attack */
	struct err *e;
	bool ok;
};

static char *seed_hostile_next(struct seed_hostile *h, const char *name)
{
	return seed_hostile_text(name, h->k++);
}

static void seed_hostile_account(struct seed_hostile *h, const char *id, const char *inst,
				 const char *name, const char *type, int64_t balance,
				 int64_t limit, int ord)
{
	if (!h->ok)
		return;
	sqlite3_stmt *st = db_prepare(h->db, "INSERT INTO accounts(id, inst, name, type, currency,"
					     " balance, credit_limit, updated_at, ord)"
					     " VALUES(?1, ?2, ?3, ?4, 'USD', ?5, ?6, ?7, ?8)");
	sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, inst, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, name, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, type, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 5, balance);
	if (limit >= 0)
		sqlite3_bind_int64(st, 6, limit);
	sqlite3_bind_int64(st, 7, h->now);
	sqlite3_bind_int(st, 8, ord);
	if (sqlite3_step(st) != SQLITE_DONE) {
		err_set(h->e, ERR_IO, "seeding failed: %s", sqlite3_errmsg(h->db));
		h->ok = false;
	}
	sqlite3_finalize(st);
}

static void seed_hostile_tx(struct seed_hostile *h, const char *id, const char *account,
			    int64_t at, int64_t amount, const char *description,
			    const char *merchant, const char *category, const char *counterparty)
{
	if (h->ok && !db_run(h->db, h->e,
			     "INSERT INTO transactions(id, account, status, booked_at, amount,"
			     " description, merchant, category, counterparty)"
			     " VALUES(?1, ?2, 'posted', ?3, ?4, ?5, ?6, ?7, ?8)",
			     "ttiitttt", id, account, at, amount, description, merchant, category,
			     counterparty))
		h->ok = false;
}

/* Northwind's and Cedar's accounts and transactions. */
static void seed_hostile_ledger(struct seed_hostile *h)
{
	static const struct {
		const char *id, *inst, *name, *type;
		int64_t balance, limit;
	} acc[] = {
		{ "acc_chk", "northwind", "Everyday Checking", "checking", 123456, -1 },
		/* Two balances whose sum does not fit in int64 minor units. */
		{ "acc_sav", "northwind", "Savings", "savings", INT64_C(9000000000000000000), -1 },
		{ "acc_big", "northwind", "Vault", "savings", INT64_C(9000000000000000000), -1 },
		{ "acc_card", "northwind", "Visa", "credit_card", -50000, 500000 },
		{ "cedar_chk", "simplefin", "Cedar Share Draft", "checking", 64000, -1 },
	};
	for (size_t i = 0; i < sizeof acc / sizeof acc[0]; i++) {
		char *name = seed_hostile_next(h, acc[i].name);
		seed_hostile_account(h, acc[i].id, acc[i].inst, name, acc[i].type, acc[i].balance,
				     acc[i].limit, (int)i);
		free(name);
	}
	/* One transaction per attack on each account that is not a huge balance,
	 * every text field hostile. */
	static const char *const on[] = { "acc_chk", "acc_card", "cedar_chk" };
	int n = 0;
	for (size_t a = 0; a < sizeof on / sizeof on[0]; a++) {
		for (size_t i = 0; i < SEED_HOSTILE_N; i++) {
			char id[32];
			snprintf(id, sizeof id, "tx_h%04d", ++n);
			char *d = seed_hostile_text("CARD PURCHASE", i);
			char *m = seed_hostile_text("Merchant", i + 1);
			char *c = seed_hostile_text("cat", i + 2);
			char *p = seed_hostile_text("Payee", i + 3);
			seed_hostile_tx(h, id, on[a], (h->today - 1 - (int64_t)i) * 86400 + 43200,
					-100 - (int64_t)i, d, m, c, p);
			free(d), free(m), free(c), free(p);
		}
	}
	/* A 4,000-column merchant name (it ends in an attack too). */
	char *wide = xmalloc(SEED_HOSTILE_WIDE + 1);
	memset(wide, 'W', SEED_HOSTILE_WIDE);
	memcpy(wide + SEED_HOSTILE_WIDE - 8, "\x1b]0;w\x07" "EN", 8);
	wide[SEED_HOSTILE_WIDE] = '\0';
	seed_hostile_tx(h, "tx_wide", "acc_chk", (h->today - 2) * 86400 + 3600, -4000,
			"WIDE MERCHANT", wide, NULL, NULL);
	free(wide);
	/* Bookings in year 0001 and on the last second of 9999. */
	seed_hostile_tx(h, "tx_y0001", "acc_chk", timeutil_days_from_civil(1, 1, 1) * 86400, -1,
			"YEAR 0001 \x1b]0;old\x07", NULL, NULL, NULL);
	seed_hostile_tx(h, "tx_y9999", "acc_chk",
			timeutil_days_from_civil(9999, 12, 31) * 86400 + 86399, -2,
			"YEAR 9999 \xc2\x9b" "2J", NULL, NULL, NULL);
}

static void seed_hostile_bills(struct seed_hostile *h)
{
	static const struct {
		const char *id, *due;
		int64_t amount;
	} b[] = {
		{ "bill_y0001", "0001-01-01", 1000 },
		{ "bill_y9999", "9999-12-31", 2000 },
		{ "bill_soon", NULL, 3000 },
	};
	char soon[TIMEUTIL_DATE_MAX];
	timeutil_format_date(h->today + 3, soon);
	for (size_t i = 0; i < sizeof b / sizeof b[0] && h->ok; i++) {
		char *payee = seed_hostile_next(h, "Payee");
		char *ref = seed_hostile_next(h, "REF");
		if (!db_run(h->db, h->e,
			    "INSERT INTO bills(id, payee, reference, amount_due, currency, due_date,"
			    " autopay, ord) VALUES(?1, ?2, ?3, ?4, 'USD', ?5, 0, ?6)",
			    "tttiti", b[i].id, payee, ref, b[i].amount,
			    b[i].due != NULL ? b[i].due : soon, (int64_t)i))
			h->ok = false;
		free(payee), free(ref);
	}
}

static void seed_hostile_people(struct seed_hostile *h)
{
	char *holder = seed_hostile_next(h, "Alice Smith");
	char *name = seed_hostile_next(h, "Alice");
	char *memo = seed_hostile_next(h, "memo");
	if (h->ok && !(db_run(h->db, h->e, "INSERT INTO directory(handle, holder) VALUES(?1, ?2)",
			      "tt", "alice@example.com", holder) &&
		       db_run(h->db, h->e,
			      "INSERT INTO contacts(id, name, handle, handle_type, check_result,"
			      " check_name, created_at, first_transfer_at)"
			      " VALUES('ct_alice', ?1, 'alice@example.com', 'email', 'close_match',"
			      " ?2, ?3, ?3)",
			      "tti", name, holder, h->now - 86400) &&
		       db_run(h->db, h->e,
			      "INSERT INTO transfers(id, from_account, contact_id, amount, currency,"
			      " memo, status, created_at) VALUES('tr_0001', 'acc_chk', 'ct_alice',"
			      " 4250, 'USD', ?1, 'completed', ?2)",
			      "ti", memo, h->now - 3600)))
		h->ok = false;
	free(holder), free(name), free(memo);
}

/* A plan whose last installment is due in 9999 (a negative installment is
 * the stub's "negbnpl" case: bankterm refuses the whole plan list). */
static void seed_hostile_plans(struct seed_hostile *h)
{
	char *merchant = seed_hostile_next(h, "Lumen Audio");
	char *policy = seed_hostile_next(h, "A 7.00 USD late fee");
	char *funding = seed_hostile_next(h, "Northwind debit");
	if (h->ok && !db_run(h->db, h->e,
			     "INSERT INTO plans(id, merchant, purchase, currency, apr, fees_charged,"
			     " fees_unpaid, late_fee, max_late_fees, policy, funding, ord)"
			     " VALUES('plan_h', ?1, 24000, 'USD', '0.00', 0, 0, 700, 2800, ?2, ?3,"
			     " 0)",
			     "ttt", merchant, policy, funding))
		h->ok = false;
	free(merchant), free(policy), free(funding);
	static const struct {
		int64_t day; /* from today; INT64_MIN = 9999-12-31 */
		int64_t principal;
	} inst[] = { { -10, 6000 }, { 4, 6000 }, { 18, 12000 }, { INT64_MIN, 12000 } };
	for (size_t i = 0; i < sizeof inst / sizeof inst[0] && h->ok; i++) {
		char due[TIMEUTIL_DATE_MAX];
		timeutil_format_date(inst[i].day == INT64_MIN ? timeutil_days_from_civil(9999, 12, 31)
							      : h->today + inst[i].day,
				     due);
		if (!db_run(h->db, h->e,
			    "INSERT INTO installments(plan_id, seq, due_date, principal, interest,"
			    " paid_amount, paid) VALUES('plan_h', ?1, ?2, ?3, 0, 0, 0)",
			    "iti", (int64_t)(i + 1), due, inst[i].principal))
			h->ok = false;
	}
}

/* 50,000 Northwind accounts, one transaction on every 1,000th. */
static void seed_hostile_many(struct seed_hostile *h)
{
	sqlite3_stmt *st = db_prepare(h->db, "INSERT INTO accounts(id, inst, name, type, currency,"
					     " balance, updated_at, ord)"
					     " VALUES(?1, 'northwind', ?2, 'checking', 'USD', ?3, ?4,"
					     " ?5)");
	for (int i = 0; i < SEED_HOSTILE_ACCOUNTS && h->ok; i++) {
		char id[32];
		snprintf(id, sizeof id, "acc_%05d", i);
		char *name = seed_hostile_text("Account", (size_t)i);
		sqlite3_reset(st);
		sqlite3_bind_text(st, 1, id, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 2, name, -1, SQLITE_TRANSIENT);
		sqlite3_bind_int64(st, 3, 100000 + i);
		sqlite3_bind_int64(st, 4, h->now);
		sqlite3_bind_int(st, 5, i);
		if (sqlite3_step(st) != SQLITE_DONE) {
			err_set(h->e, ERR_IO, "seeding failed: %s", sqlite3_errmsg(h->db));
			h->ok = false;
		}
		free(name);
		if (i % 1000 == 0) {
			char tx[32];
			snprintf(tx, sizeof tx, "tx_m%05d", i);
			seed_hostile_tx(h, tx, id, h->now - 86400, -500, "CARD PURCHASE \x1b[2J",
					NULL, NULL, NULL);
		}
	}
	sqlite3_finalize(st);
}

bool seed_scenario_run(sqlite3 *db, const struct seed_opts *opts, struct err *e)
{
	bool many = strcmp(opts->scenario, "many-accounts") == 0;
	if (!many && strcmp(opts->scenario, "hostile") != 0)
		return err_set(e, ERR_INVALID,
			       "unknown scenario %.40s (hostile or many-accounts)", opts->scenario);
	struct seed_hostile h = { db, 0, 0, 0, e, true };
	if (opts->today != NULL) {
		if (!timeutil_parse_date(opts->today, &h.today))
			return err_set(e, ERR_INVALID, "--today %.40s is not a date like 2026-11-23",
				       opts->today);
		h.now = h.today * 86400 + INT64_C(9) * 3600;
	} else {
		h.now = timeutil_now();
		h.today = timeutil_day_of(h.now);
	}
	char today[TIMEUTIL_DATE_MAX];
	timeutil_format_date(h.today, today);
	if (!db_exec(db, "BEGIN IMMEDIATE", e))
		return false;
	if (many) {
		seed_hostile_many(&h);
	} else {
		seed_hostile_ledger(&h);
		seed_hostile_bills(&h);
		seed_hostile_people(&h);
		seed_hostile_plans(&h);
	}
	if (h.ok && (!db_meta_set(db, "totp_secret",
				  "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff",
				  e) ||
		     !db_meta_set(db, "seed", "0", e) || !db_meta_set(db, "seed_today", today, e)))
		h.ok = false;
	if (!h.ok) {
		db_exec(db, "ROLLBACK", NULL);
		return false;
	}
	return db_exec(db, "COMMIT", e);
}

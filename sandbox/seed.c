/* seed.c — builds the deterministic sample customer (see seed.h).
 *
 * Everything random comes from one splitmix64 stream seeded with --seed, so
 * the data only depends on the seed, the transaction count and "today".
 * Bulk rows go through one prepared statement inside one transaction; that
 * is what lets `seed --transactions 1000000` finish in seconds. */
#include "seed.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "db.h"
#include "timeutil.h"
#include "xmalloc.h"

#define SEED_DAYS 730

enum seed_acct { SEED_CHK, SEED_SAV, SEED_CARD, SEED_CEDAR_CHK, SEED_CEDAR_SAV, SEED_NACCT };

static const char *const seed_acct_ids[SEED_NACCT] = {
	"acc_chk", "acc_sav", "acc_card", "cedar_chk", "cedar_sav",
};

struct seed {
	sqlite3 *db;
	sqlite3_stmt *tx;
	uint64_t rng;
	int64_t today; /* days */
	int64_t n;     /* last transaction number */
	int64_t sums[SEED_NACCT];
	struct err *e;
	bool ok;
};

struct seed_merchant {
	const char *name;
	const char *category;
	int lo, hi; /* amount range in whole dollars */
};

static const struct seed_merchant seed_groceries[] = {
	{ "Green Grocer", "groceries", 12, 95 },
	{ "Sunrise Supermarket", "groceries", 30, 160 },
	{ "Corner Market", "groceries", 5, 40 },
	{ "FreshCo", "groceries", 25, 120 },
	{ "Бакалея «Север»", "groceries", 8, 45 },
};

static const struct seed_merchant seed_dining[] = {
	{ "Blue Bottle Coffee", "dining", 4, 12 },
	{ "Luigi's Trattoria", "dining", 28, 95 },
	{ "کافه نادری", "dining", 9, 40 },
	{ "Кофейня «Пушкин»", "dining", 6, 25 },
	{ "東京ラーメン 一番", "dining", 12, 35 },
	{ "北京烤鸭店", "dining", 30, 110 },
	{ "Taqueria El Sol", "dining", 9, 30 },
};

static const struct seed_merchant seed_shopping[] = {
	{ "Shell Station 4412", "transport", 30, 75 },
	{ "Metro Transit", "transport", 3, 40 },
	{ "Bookworm & Co", "shopping", 10, 60 },
	{ "Hardware Haven", "shopping", 8, 140 },
	{ "Pixel Electronics", "shopping", 25, 400 },
	{ "CineMax Theaters", "entertainment", 12, 45 },
	{ "Northside Pharmacy", "health", 6, 70 },
};

/* Names a terminal must not trust: OSC title change, screen clear, a C1
 * CSI, a right-to-left override and a zero-width space. */
static const char *const seed_hostile[] = {
	"\x1b]0;pwned\x07Totally Legit Store",
	"\x1b[2JScreen Wiper Ltd",
	"C1 \xc2\x9b" "31mRed Alert Co",
	"\xe2\x80\xae" "gnp.exe Market",
	"Zero\xe2\x80\x8b" "Width Cafe",
};

static uint64_t seed_next(struct seed *s)
{
	uint64_t z = (s->rng += 0x9e3779b97f4a7c15ULL);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/* Uniform integer in [lo, hi]. */
static int64_t seed_range(struct seed *s, int64_t lo, int64_t hi)
{
	return lo + (int64_t)(seed_next(s) % (uint64_t)(hi - lo + 1));
}

static bool seed_chance(struct seed *s, int percent)
{
	return (int)(seed_next(s) % 100) < percent;
}

static int64_t seed_cents(struct seed *s, const struct seed_merchant *m)
{
	return seed_range(s, (int64_t)m->lo * 100, (int64_t)m->hi * 100 + 99);
}

static bool seed_fail(struct seed *s)
{
	if (s->ok)
		err_set(s->e, ERR_IO, "seeding failed: %s", sqlite3_errmsg(s->db));
	s->ok = false;
	return false;
}

struct seed_tx {
	enum seed_acct acct;
	int64_t at;
	int64_t amount;
	const char *description;
	const char *merchant;
	const char *category;
	const char *counterparty;
	bool pending;
	const char *replaces;
	bool superseded;
};

/* Inserts one transaction; writes its id to id_out when not NULL. */
static void seed_tx_add(struct seed *s, const struct seed_tx *t, char *id_out)
{
	if (!s->ok)
		return;
	char id[32];
	s->n++;
	snprintf(id, sizeof id, t->pending ? "tx_p_%08lld" : "tx_%08lld", (long long)s->n);
	sqlite3_stmt *st = s->tx;
	sqlite3_reset(st);
	sqlite3_bind_int64(st, 1, s->n);
	sqlite3_bind_text(st, 2, id, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 3, seed_acct_ids[t->acct], -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, t->pending ? "pending" : "posted", -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, t->replaces, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 6, t->at);
	sqlite3_bind_int64(st, 7, t->amount);
	sqlite3_bind_text(st, 8, t->description, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 9, t->merchant, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 10, t->category, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 11, t->counterparty, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 12, t->superseded);
	if (sqlite3_step(st) != SQLITE_DONE) {
		seed_fail(s);
		return;
	}
	if (!t->pending)
		s->sums[t->acct] += t->amount;
	if (id_out != NULL)
		strcpy(id_out, id);
}

/* A card-style purchase at merchant m on account a. */
static void seed_purchase(struct seed *s, enum seed_acct a, int64_t at,
			  const struct seed_merchant *m)
{
	char *desc = xasprintf("CARD PURCHASE %s", m->name);
	struct seed_tx t = { a, at, -seed_cents(s, m), desc, m->name, m->category, NULL, false,
			     NULL, false };
	seed_tx_add(s, &t, NULL);
	free(desc);
}

#define SEED_PICK(s, arr) (&(arr)[seed_next(s) % (sizeof(arr) / sizeof((arr)[0]))])

/* Seconds into day d at a believable local time. */
static int64_t seed_at(struct seed *s, int64_t day)
{
	return day * 86400 + seed_range(s, INT64_C(7) * 3600, INT64_C(21) * 3600);
}

/* The monthly rhythm of the checking account and the card. */
static void seed_day(struct seed *s, int64_t day, int64_t *card_month)
{
	int y, m, d;
	timeutil_civil_from_days(day, &y, &m, &d);
	int64_t noon = day * 86400 + INT64_C(12) * 3600;
	struct seed_tx t = { SEED_CHK, noon, 0, NULL, NULL, NULL, NULL, false, NULL, false };
	if (d == 1) {
		t = (struct seed_tx){ SEED_CHK, noon, -145000, "ACH RENT OAKWOOD APARTMENTS",
				      "Oakwood Apartments", "rent", "Oakwood Apartments" };
		seed_tx_add(s, &t, NULL);
	}
	if (d == 15 || d == 28) {
		t = (struct seed_tx){ SEED_CHK, day * 86400 + INT64_C(6) * 3600, 215000,
				      "PAYROLL CONTOSO LTD", NULL, "income", "Contoso Ltd" };
		seed_tx_add(s, &t, NULL);
	}
	if (d == 5) {
		t = (struct seed_tx){ SEED_CHK, noon, -seed_range(s, 8000, 16000),
				      "ACH CITY POWER & LIGHT", "City Power & Light", "utilities" };
		seed_tx_add(s, &t, NULL);
	}
	if (d == 12) {
		t = (struct seed_tx){ SEED_CHK, noon, -seed_range(s, 3000, 6000), "ACH METRO WATER",
				      "Metro Water", "utilities" };
		seed_tx_add(s, &t, NULL);
	}
	if (d == 20) {
		t = (struct seed_tx){ SEED_CHK, noon, -5999, "FASTNET BROADBAND AUTOPAY",
				      "Fastnet Broadband", "utilities" };
		seed_tx_add(s, &t, NULL);
	}
	if (d == 7) {
		t = (struct seed_tx){ SEED_CARD, noon, -1549, "NETFLIX.COM", "Netflix",
				      "subscriptions" };
		seed_tx_add(s, &t, NULL);
	}
	if (d == 9) {
		t = (struct seed_tx){ SEED_CARD, noon, -1099, "SPOTIFY P0C1A2", "Spotify",
				      "subscriptions" };
		seed_tx_add(s, &t, NULL);
	}
	if (d == 25) {
		t = (struct seed_tx){ SEED_CHK, noon, -30000, "TRANSFER TO SAVINGS", NULL,
				      "transfer", "Savings" };
		seed_tx_add(s, &t, NULL);
		t = (struct seed_tx){ SEED_SAV, noon, 30000, "TRANSFER FROM CHECKING", NULL,
				      "transfer", "Everyday Checking" };
		seed_tx_add(s, &t, NULL);
	}
	if (d == 22 && *card_month > 0) {
		/* Pay last month's card statement in full from checking. */
		t = (struct seed_tx){ SEED_CHK, noon, -*card_month, "NORTHWIND VISA PAYMENT", NULL,
				      "transfer", "Northwind Visa" };
		seed_tx_add(s, &t, NULL);
		t = (struct seed_tx){ SEED_CARD, noon, *card_month, "PAYMENT THANK YOU", NULL,
				      "transfer", "Everyday Checking" };
		seed_tx_add(s, &t, NULL);
		*card_month = 0;
	}
	if (seed_chance(s, 30))
		seed_purchase(s, SEED_CHK, seed_at(s, day), SEED_PICK(s, seed_groceries));
	if (seed_chance(s, 30))
		seed_purchase(s, SEED_CHK, seed_at(s, day), SEED_PICK(s, seed_dining));
	if (seed_chance(s, 35)) {
		int64_t before = s->sums[SEED_CARD];
		seed_purchase(s, SEED_CARD, seed_at(s, day), SEED_PICK(s, seed_shopping));
		*card_month += before - s->sums[SEED_CARD];
	}
}

/* --transactions N: N checking rows spread evenly over two years. */
static void seed_bulk(struct seed *s, long count)
{
	int64_t start = (s->today - SEED_DAYS) * 86400;
	int64_t span = (int64_t)SEED_DAYS * 86400;
	for (long i = 0; i < count && s->ok; i++) {
		int64_t at = start + span * i / count;
		if (i % 25 == 0) {
			struct seed_tx t = { SEED_CHK, at, 215000, "PAYROLL CONTOSO LTD", NULL,
					     "income", "Contoso Ltd" };
			seed_tx_add(s, &t, NULL);
		} else {
			const struct seed_merchant *m = i % 3 == 0 ? SEED_PICK(s, seed_groceries)
								   : SEED_PICK(s, seed_dining);
			seed_purchase(s, SEED_CHK, at, m);
		}
	}
}

/* Pending rows, pending rows later posted with `replaces`, and the
 * hostile and non-Latin names, all in the last few weeks. */
static void seed_specials(struct seed *s)
{
	for (size_t i = 0; i < sizeof seed_hostile / sizeof seed_hostile[0]; i++) {
		int64_t day = s->today - 3 - 4 * (int64_t)i;
		struct seed_merchant m = { seed_hostile[i], "shopping", 5, 60 };
		seed_purchase(s, i % 2 ? SEED_CARD : SEED_CHK, seed_at(s, day), &m);
	}
	for (int i = 0; i < 4; i++) {
		/* A restaurant bill authorised, then posted two days later with a tip. */
		const struct seed_merchant *m = &seed_dining[(size_t)i % 7];
		int64_t day = s->today - 6 - 7 * (int64_t)i;
		int64_t amount = -seed_cents(s, m);
		char pending_id[32];
		char *desc = xasprintf("CARD PURCHASE %s", m->name);
		struct seed_tx p = { SEED_CHK, seed_at(s, day), amount, desc, m->name, m->category,
				     NULL, true, NULL, true };
		seed_tx_add(s, &p, pending_id);
		struct seed_tx t = { SEED_CHK, seed_at(s, day + 2), amount - 300,
				     desc, m->name, m->category, NULL, false, pending_id, false };
		seed_tx_add(s, &t, NULL);
		free(desc);
	}
	static const struct seed_merchant pend[] = {
		{ "Sunrise Supermarket", "groceries", 20, 90 },
		{ "Shell Station 4412", "transport", 30, 60 },
		{ "Blue Bottle Coffee", "dining", 4, 9 },
	};
	for (size_t i = 0; i < 3; i++) {
		char *desc = xasprintf("PENDING %s", pend[i].name);
		struct seed_tx p = { i == 1 ? SEED_CARD : SEED_CHK, seed_at(s, s->today - 1),
				     -seed_cents(s, &pend[i]), desc, pend[i].name, pend[i].category,
				     NULL, true, NULL, false };
		seed_tx_add(s, &p, NULL);
		free(desc);
	}
}

static void seed_cedar(struct seed *s)
{
	for (int64_t day = s->today - 90; day < s->today; day++) {
		int y, m, d;
		timeutil_civil_from_days(day, &y, &m, &d);
		if (d == 1 || d == 16) {
			struct seed_tx t = { SEED_CEDAR_CHK, day * 86400 + INT64_C(6) * 3600, 98000,
					     "DIRECT DEP FABRIKAM INC", NULL, "income", NULL };
			seed_tx_add(s, &t, NULL);
		}
		if (d == 3) {
			struct seed_tx t = { SEED_CEDAR_SAV, day * 86400 + 3600, 412,
					     "DIVIDEND", NULL, "income", NULL };
			seed_tx_add(s, &t, NULL);
		}
		if (seed_chance(s, 25))
			seed_purchase(s, SEED_CEDAR_CHK, seed_at(s, day),
				      SEED_PICK(s, seed_groceries));
	}
	struct seed_tx p = { SEED_CEDAR_CHK, seed_at(s, s->today - 1), -4217,
			     "PENDING CORNER MARKET", "Corner Market", "groceries", NULL, true };
	seed_tx_add(s, &p, NULL);
}

static bool seed_exec(struct seed *s, const char *sql)
{
	if (s->ok && !db_exec(s->db, sql, s->e))
		s->ok = false;
	return s->ok;
}

static void seed_accounts(struct seed *s, int64_t now)
{
	static const struct {
		const char *inst, *name, *type;
		int64_t opening;
		int64_t limit; /* -1 = none */
	} a[SEED_NACCT] = {
		[SEED_CHK] = { "northwind", "Everyday Checking", "checking", 120000, -1 },
		[SEED_SAV] = { "northwind", "Savings", "savings", 850000, -1 },
		[SEED_CARD] = { "northwind", "Northwind Visa", "credit_card", 0, 500000 },
		[SEED_CEDAR_CHK] = { "simplefin", "Cedar Share Draft", "checking", 64000, -1 },
		[SEED_CEDAR_SAV] = { "simplefin", "Cedar Share Savings", "savings", 1520000, -1 },
	};
	for (int i = 0; i < SEED_NACCT; i++) {
		sqlite3_stmt *st = db_prepare(s->db,
					      "INSERT INTO accounts(id, inst, name, type, currency,"
					      " balance, credit_limit, updated_at, ord)"
					      " VALUES(?1, ?2, ?3, ?4, 'USD', ?5, ?6, ?7, ?8)");
		sqlite3_bind_text(st, 1, seed_acct_ids[i], -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, a[i].inst, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 3, a[i].name, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 4, a[i].type, -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 5, a[i].opening + s->sums[i]);
		if (a[i].limit >= 0)
			sqlite3_bind_int64(st, 6, a[i].limit);
		sqlite3_bind_int64(st, 7, now);
		sqlite3_bind_int(st, 8, i);
		if (sqlite3_step(st) != SQLITE_DONE)
			seed_fail(s);
		sqlite3_finalize(st);
	}
}

/* A date `delta` days from today, as text. */
static void seed_date(const struct seed *s, int64_t delta, char out[TIMEUTIL_DATE_MAX])
{
	timeutil_format_date(s->today + delta, out);
}

static void seed_bills(struct seed *s, int64_t now)
{
	static const struct {
		const char *id, *payee, *ref;
		int64_t due, minimum; /* minimum -1 = none */
		int days;
		bool autopay;
	} b[] = {
		{ "bill_power", "City Power & Light", "ACCT 4471-002", 11248, -1, 5, false },
		{ "bill_water", "Metro Water", "WTR-88120", 4620, -1, -3, false },
		{ "bill_internet", "Fastnet Broadband", "FN-2290-7781", 5999, -1, 12, true },
		{ "bill_card", "Northwind Visa", "VISA ••7715", 124000, 3500, 18, false },
		{ "bill_phone", "Bluebird Mobile", "+1 415 555 0199", 6500, -1, 9, false },
		{ "bill_insurance", "Harbor Mutual Insurance", "POL-HM-55012", 14275, -1, 24, false },
		{ "bill_gym", "Ironworks Gym", "MEMBER 00912", 4900, -1, 2, false },
	};
	for (size_t i = 0; i < sizeof b / sizeof b[0] && s->ok; i++) {
		char due[TIMEUTIL_DATE_MAX];
		seed_date(s, b[i].days, due);
		sqlite3_stmt *st = db_prepare(s->db, "INSERT INTO bills(id, payee, reference,"
						     " amount_due, minimum_due, currency, due_date,"
						     " autopay, ord) VALUES(?1, ?2, ?3, ?4, ?5, 'USD',"
						     " ?6, ?7, ?8)");
		sqlite3_bind_text(st, 1, b[i].id, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, b[i].payee, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 3, b[i].ref, -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 4, b[i].due);
		if (b[i].minimum >= 0)
			sqlite3_bind_int64(st, 5, b[i].minimum);
		sqlite3_bind_text(st, 6, due, -1, SQLITE_TRANSIENT);
		sqlite3_bind_int(st, 7, b[i].autopay);
		sqlite3_bind_int(st, 8, (int)i);
		if (sqlite3_step(st) != SQLITE_DONE)
			seed_fail(s);
		sqlite3_finalize(st);
		if (b[i].autopay && s->ok &&
		    !db_run(s->db, s->e,
			    "INSERT INTO payments(id, bill_id, from_account, amount, currency,"
			    " pay_on, status, confirmation, created_at) VALUES('pay_autopay1', ?1,"
			    " 'acc_chk', ?2, 'USD', ?3, 'scheduled', 'NW-AUTO-5999', ?4)",
			    "titi", b[i].id, b[i].due, due, now - 2 * INT64_C(86400)))
			s->ok = false;
	}
}

static void seed_people(struct seed *s, int64_t now)
{
	/* The bank directory behind payee checks: handle -> holder name.
	 * Handles not listed here answer "unavailable". */
	seed_exec(s, "INSERT INTO directory(handle, holder) VALUES"
		     " ('alice@example.com', 'Alice Smith'),"
		     " ('+14155550123', 'Robert Jones'),"
		     " ('12345678', 'Karen Black'),"
		     " ('erin@example.com', 'Erin Chen'),"
		     " ('grace@example.com', 'Grace Hopper'),"
		     " ('+447700900123', 'Margaret Hamilton'),"
		     " ('987654321', 'Linus Torvalds')");
	static const struct {
		const char *id, *name, *handle, *type, *result, *check_name;
		bool transferred;
	} c[] = {
		{ "ct_alice", "Alice Smith", "alice@example.com", "email", "match", "Alice Smith",
		  true },
		{ "ct_bob", "Bob Jones", "+14155550123", "phone", "close_match", "Robert Jones",
		  false },
		{ "ct_carol", "Carol White", "12345678", "account", "no_match", NULL, false },
		{ "ct_dave", "Dave Miller", "dave@elsewhere.example", "email", "unavailable", NULL,
		  false },
		{ "ct_erin", "Erin Chen", "erin@example.com", "email", "match", "Erin Chen", true },
	};
	for (size_t i = 0; i < sizeof c / sizeof c[0] && s->ok; i++) {
		int64_t created = now - (int64_t)(200 - 30 * i) * 86400;
		if (!db_run(s->db, s->e,
			    "INSERT INTO contacts(id, name, handle, handle_type, check_result,"
			    " check_name, created_at, first_transfer_at)"
			    " VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
			    c[i].transferred ? "ttttttii" : "ttttttin", c[i].id, c[i].name,
			    c[i].handle, c[i].type, c[i].result, c[i].check_name, created,
			    created + 86400))
			s->ok = false;
	}
	if (s->ok && !db_run(s->db, s->e,
			     "INSERT INTO transfers(id, from_account, contact_id, amount, currency,"
			     " memo, status, created_at) VALUES('tr_0001', 'acc_chk', 'ct_alice',"
			     " 4250, 'USD', 'pizza night', 'completed', ?1)",
			     "i", now - 20 * INT64_C(86400)))
		s->ok = false;
}

/* Adds whole months to a day number, clamping to the month's end. */
static int64_t seed_add_months(int64_t day, int months)
{
	int y, m, d;
	timeutil_civil_from_days(day, &y, &m, &d);
	int total = y * 12 + (m - 1) + months;
	int ny = total / 12, nm = total % 12 + 1;
	int64_t next_first = timeutil_days_from_civil(nm == 12 ? ny + 1 : ny, nm == 12 ? 1 : nm + 1, 1);
	int64_t r = timeutil_days_from_civil(ny, nm, 1) + d - 1;
	return r < next_first ? r : next_first - 1;
}

static void seed_installment(struct seed *s, const char *plan, int seq, int64_t due_day,
			     int64_t principal, int64_t interest)
{
	char due[TIMEUTIL_DATE_MAX];
	timeutil_format_date(due_day, due);
	bool paid = due_day < s->today;
	/* Nimbus's second installment was missed: that is what makes it delinquent. */
	if (strcmp(plan, "plan_nimbus") == 0 && seq == 2)
		paid = false;
	if (s->ok && !db_run(s->db, s->e,
			     "INSERT INTO installments(plan_id, seq, due_date, principal, interest,"
			     " paid_amount, paid) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7)",
			     "titiiii", plan, (int64_t)seq, due, principal, interest,
			     paid ? principal + interest : (int64_t)0, (int64_t)paid))
		s->ok = false;
}

static void seed_plans(struct seed *s)
{
	seed_exec(s, "INSERT INTO plans(id, merchant, purchase, currency, apr, fees_charged,"
		     " fees_unpaid, late_fee, max_late_fees, policy, funding, ord) VALUES"
		     " ('plan_lumen', 'Lumen Audio', 24000, 'USD', '0.00', 0, 0, 700, 2800,"
		     "  'A 7.00 USD late fee if an installment is 10 days late; at most 28.00 USD"
		     " per plan.', 'Northwind debit ••4821', 0),"
		     " ('plan_atlas', 'Atlas Furniture', 120000, 'USD', '29.99', 0, 0, 1000, 4000,"
		     "  'A 10.00 USD late fee if an installment is 10 days late; at most 40.00"
		     " USD per plan.', 'Northwind debit ••4821', 1),"
		     " ('plan_nimbus', 'Nimbus Sneakers', 16000, 'USD', '0.00', 700, 700, 700,"
		     "  2800, 'A 7.00 USD late fee if an installment is 10 days late; at most 28.00"
		     " USD per plan.', 'Northwind debit ••4821', 2)");
	for (int i = 0; i < 4; i++)
		seed_installment(s, "plan_lumen", i + 1, s->today - 20 + 14 * (int64_t)i, 6000, 0);
	for (int i = 0; i < 4; i++)
		seed_installment(s, "plan_nimbus", i + 1, s->today - 25 + 14 * (int64_t)i, 4000, 0);
	/* 12 monthly installments of 100.00 principal plus 29.99% APR interest on
	 * the remaining balance (rounded half up to the cent). */
	int64_t first = seed_add_months(s->today - 100, 0);
	int64_t remaining = 120000;
	for (int i = 0; i < 12; i++) {
		int64_t interest = (remaining * 2999 + 60000) / 120000;
		seed_installment(s, "plan_atlas", i + 1, seed_add_months(first, i), 10000,
				 interest);
		remaining -= 10000;
	}
}

static void seed_meta(struct seed *s, const struct seed_opts *opts)
{
	unsigned char key[32];
	for (size_t i = 0; i < sizeof key; i++)
		key[i] = (unsigned char)seed_next(s);
	char hex[65];
	sodium_bin2hex(hex, sizeof hex, key, sizeof key);
	char today[TIMEUTIL_DATE_MAX], num[24];
	seed_date(s, 0, today);
	snprintf(num, sizeof num, "%llu", (unsigned long long)opts->seed);
	if (s->ok && (!db_meta_set(s->db, "totp_secret", hex, s->e) ||
		      !db_meta_set(s->db, "seed", num, s->e) ||
		      !db_meta_set(s->db, "seed_today", today, s->e)))
		s->ok = false;
}

bool seed_run(sqlite3 *db, const struct seed_opts *opts, struct err *e)
{
	struct seed s = { 0 };
	s.db = db;
	s.rng = opts->seed;
	s.e = e;
	s.ok = true;
	if (opts->today != NULL) {
		if (!timeutil_parse_date(opts->today, &s.today))
			return err_set(e, ERR_INVALID, "--today %.40s is not a date like 2026-11-23",
				       opts->today);
	} else {
		s.today = timeutil_day_of(timeutil_now());
	}
	int64_t now = opts->today != NULL ? s.today * 86400 + INT64_C(9) * 3600 : timeutil_now();
	if (!db_exec(db, "BEGIN IMMEDIATE", e))
		return false;
	s.tx = db_prepare(db, "INSERT INTO transactions(n, id, account, status, replaces,"
			      " booked_at, amount, description, merchant, category, counterparty,"
			      " superseded) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)");
	if (opts->transactions > 0) {
		seed_bulk(&s, opts->transactions);
		for (int64_t day = s.today - 60; day < s.today; day++)
			if (seed_chance(&s, 35))
				seed_purchase(&s, SEED_CARD, seed_at(&s, day),
					      SEED_PICK(&s, seed_shopping));
	} else {
		int64_t card_month = 0;
		for (int64_t day = s.today - SEED_DAYS; day < s.today && s.ok; day++)
			seed_day(&s, day, &card_month);
	}
	seed_specials(&s);
	seed_cedar(&s);
	sqlite3_finalize(s.tx);
	seed_accounts(&s, now);
	seed_bills(&s, now);
	seed_people(&s, now);
	seed_plans(&s);
	seed_meta(&s, opts);
	if (!s.ok) {
		db_exec(db, "ROLLBACK", NULL);
		return false;
	}
	return db_exec(db, "COMMIT", e);
}

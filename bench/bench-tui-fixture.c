/* bench-tui-fixture.c — the data bench/bench-tui opens: a vault (INTERACTIVE
 * KDF, passphrase on stdin, no connections, so the interface sends nothing)
 * and an offline cache holding one connection with a checking account of
 * RECORDS transactions and a small savings account.
 *     bench-tui-fixture RECORDS < passphrase-line
 * The vault and the cache go where bankterm looks for them (XDG_DATA_HOME,
 * XDG_CACHE_HOME); their directories must exist with mode 0700. */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>

#include "paths.h"
#include "store.h"
#include "sync/sync.h"
#include "vault/passphrase.h"
#include "vault/vault.h"
#include "xmalloc.h"

#define FIXTURE_PAGE 5000
/* 2026-11-23T00:00:00Z: the newest transaction; one every 3 minutes back. */
#define FIXTURE_NEWEST ((int64_t)1795392000)

static const char *const fixture_merchants[] = {
	"Sunrise Supermarket", "Blue Bottle Coffee", "Luigi's Trattoria", "Corner Market",
	"Taqueria El Sol",     "FreshCo",	     "Green Grocer",	  "Metro Transit",
	"City Power & Light",  "Fastnet Broadband",   "Ironworks Gym",	  "Book Nook",
	"Pharmacy Plus",       "Hardware Haven",      "Cinema Paradiso",  "Noodle Bar",
};
#define FIXTURE_N_MERCHANTS (sizeof fixture_merchants / sizeof fixture_merchants[0])

static void fixture_die(const char *what, const struct err *e)
{
	fprintf(stderr, "bench-tui-fixture: %s: %s\n", what, e->msg);
	exit(1);
}

/* Transactions [from, from + n) of the history, newest first. */
static void fixture_page(struct store *s, struct store_conn *c, const char *account, size_t from,
			 size_t n)
{
	struct transaction_list l = { xcalloc(n, sizeof(struct transaction)), n, NULL };
	for (size_t k = 0; k < n; k++) {
		size_t i = from + k;
		const char *m = fixture_merchants[(i * 7 + i / 13) % FIXTURE_N_MERCHANTS];
		struct transaction *t = &l.items[k];
		t->id = xasprintf("%s-%09zu", account, i);
		bool pending = i % 97 == 5 && i < 20000; /* older ones go stale */
		t->status = pending ? TXN_PENDING : TXN_POSTED;
		t->booked_at = FIXTURE_NEWEST - (int64_t)i * 180;
		/* Posted amounts are even cents and pending ones odd, so that
		 * the store's pending/posted heuristic settles none of them. */
		int64_t cents = 2 * (int64_t)(i * 37 % 20000) + 100 + (pending ? 1 : 0);
		t->amount = (struct money){ i % 41 == 0 && !pending ? 250000 : -cents, "USD" };
		t->description = xasprintf("CARD PURCHASE %s %zu", m, i % 1009);
		t->merchant = xstrdup(m);
		t->category = xstrdup(i % 2 ? "groceries" : "dining");
	}
	struct err e = ERR_INIT;
	if (!store_merge_transactions(s, c, account, &l, &e))
		fixture_die("merge", &e);
}

static struct account fixture_account(const char *id, const char *name, enum account_type type,
				      int64_t balance)
{
	return (struct account){ .id = xstrdup(id),
				 .name = xstrdup(name),
				 .type = type,
				 .currency = "USD",
				 .balance = { balance, "USD" },
				 .has_available_balance = true,
				 .available_balance = { balance, "USD" },
				 .updated_at = FIXTURE_NEWEST };
}

int main(int argc, char **argv)
{
	if (argc != 2) {
		fputs("usage: bench-tui-fixture RECORDS < passphrase\n", stderr);
		return 2;
	}
	size_t records = strtoul(argv[1], NULL, 10);
	struct err e = ERR_INIT;
	struct passphrase *p = passphrase_read_fd(0, &e);
	char *vpath = p != NULL ? paths_vault_file(&e) : NULL;
	char *cpath = vpath != NULL ? paths_cache_file(&e) : NULL;
	struct vault *v = NULL;
	if (cpath == NULL || !vault_create(vpath, p->data, p->len, VAULT_KDF_INTERACTIVE, &v, &e))
		fixture_die("vault", &e);
	passphrase_free(&p);

	struct store *s = store_new();
	struct store_conn *c = store_conn_get(s, "bench", true);
	struct institution inst = { xstrdup("bench"), xstrdup("Bench Bank"), 0 };
	store_set_institution(s, c, &inst);
	struct account_list al = { xcalloc(2, sizeof(struct account)), 2 };
	al.items[0] = fixture_account("chk", "Everyday Checking", ACCOUNT_CHECKING, 1234567);
	al.items[1] = fixture_account("sav", "Savings", ACCOUNT_SAVINGS, 5000000);
	store_set_accounts(s, c, &al);
	/* Newest page first, as a first sync fetches them. */
	for (size_t done = 0; done < records; done += FIXTURE_PAGE)
		fixture_page(s, c, "chk", done,
			     records - done < FIXTURE_PAGE ? records - done : FIXTURE_PAGE);
	fixture_page(s, c, "sav", 0, 24);
	store_conn_set_state(s, c, CONN_OK, FIXTURE_NEWEST, NULL);
	if (!sync_cache_save(s, v, cpath, &e))
		fixture_die("cache", &e);
	size_t n = store_account_find(c, "chk")->n_txns;
	if (n != records) {
		fprintf(stderr, "bench-tui-fixture: %zu transactions stored, %zu expected\n", n,
			records);
		return 1;
	}
	store_free(&s);
	vault_free(&v);
	free(vpath);
	free(cpath);
	return 0;
}

/* store.c — the store: connections and their data, transaction merging, the
 * first screen's questions and the offline-cache record format (store.h).
 *
 * Private state.  struct store is the first member of struct store_priv,
 * which also keeps, per account, the "settled set": pairs (pending id,
 * posted id) of pending transactions that a posted one superseded.  A stale
 * page that brings a superseded pending transaction back is filtered with it
 * (docs/ARCHITECTURE.md, "Pending and posted transactions").  Settled pairs
 * older than STORE_SETTLED_KEEP_DAYS before the account's newest posted
 * transaction are pruned, which keeps the set small; to stay correct, a
 * pending transaction arriving that much older than the newest posted one is
 * dropped as stale (no bank holds an authorization for months).
 *
 * Merge cost.  Merging a page of m transactions into an account of n costs
 * O(n + m log m + p log p + q * w): one pass over the stored list (checking
 * each id against a hash of the page's ids), a sort of the page, a merge
 * from the back into the grown array, a sort of the p pending transactions
 * for the posted-without-`replaces` heuristic, and for each of the q new
 * pending transactions a scan of the w transactions within
 * STORE_PENDING_WINDOW_DAYS after it.  Nothing is quadratic in n or m.
 *
 * String blocks.  Loading a TXNS record of the offline cache (a few
 * thousand transactions) decodes their strings straight into the account's
 * current block (struct store_strblock), instead of five allocations per
 * transaction.  A new block is started when the current one has less room
 * left than the record's undecoded bytes (which bound its strings); blocks
 * double up to STORE_STRBLOCK_MAX, so an account of a few transactions
 * costs a small block and a million-transaction one a dozen.  Transactions
 * merged from pages keep their own malloc'd strings, so the store tells the
 * two apart by address (store_txn_release): a block counts the transactions
 * still pointing into it and is freed with the last one, or with the
 * account.
 *
 * Page faults.  On the VMs we measured, first touching fresh memory page by
 * page was most of what remained of a million-transaction load; the
 * transaction array and string blocks ask for transparent huge pages
 * (store_advise_huge), one fault per 2 MiB instead of per 4 KiB. */
#include "store.h"

#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "buf.h"
#include "date.h"
#include "xmalloc.h"

#define STORE_SETTLED_KEEP_DAYS 90
/* Conns are reserved in blocks this big, so that creating a connection does
 * not move the others (and pointers to them) in any realistic setup. */
#define STORE_CONNS_BLOCK 32
/* Forecast window behind ALERT_PROJECTED_OVERDRAFT. */
#define STORE_ALERT_FORECAST_DAYS 30

struct store_settled {
	char *pending_id;
	char *posted_id;
	int64_t booked_at; /* the posted transaction's */
};

struct store_settled_set {
	char *conn;
	char *account;
	struct store_settled *items;
	size_t n, cap;
};

struct store_priv {
	struct store pub; /* first: a struct store * is a struct store_priv * */
	size_t cap_conns;
	struct store_settled_set *settled;
	size_t n_settled;
};

/* Largest string block: past it, blocks stop doubling. */
#define STORE_STRBLOCK_MAX ((size_t)8 << 20)

struct store_strblock {
	char *data;
	size_t size, used;
	size_t live; /* transactions whose strings are in it */
};

static struct store_priv *store_priv(struct store *s)
{
	return (struct store_priv *)s;
}

static char *store_dup(const char *s)
{
	return s != NULL ? xstrdup(s) : NULL;
}

/* ---- Settled sets ---------------------------------------------------- */

static void store_settled_set_clear(struct store_settled_set *set)
{
	for (size_t i = 0; i < set->n; i++) {
		free(set->items[i].pending_id);
		free(set->items[i].posted_id);
	}
	free(set->items);
	free(set->conn);
	free(set->account);
	memset(set, 0, sizeof *set);
}

static struct store_settled_set *store_settled_get(struct store *s, const char *conn,
						   const char *account, bool create)
{
	struct store_priv *p = store_priv(s);
	for (size_t i = 0; i < p->n_settled; i++)
		if (strcmp(p->settled[i].conn, conn) == 0 &&
		    strcmp(p->settled[i].account, account) == 0)
			return &p->settled[i];
	if (!create)
		return NULL;
	p->settled = xreallocarray(p->settled, p->n_settled + 1, sizeof *p->settled);
	struct store_settled_set *set = &p->settled[p->n_settled++];
	memset(set, 0, sizeof *set);
	set->conn = xstrdup(conn);
	set->account = xstrdup(account);
	return set;
}

/* Drops the settled sets of conn (account NULL: all of them). */
static void store_settled_drop(struct store *s, const char *conn, const char *account)
{
	struct store_priv *p = store_priv(s);
	size_t k = 0;
	for (size_t i = 0; i < p->n_settled; i++) {
		struct store_settled_set *set = &p->settled[i];
		if (strcmp(set->conn, conn) == 0 &&
		    (account == NULL || strcmp(set->account, account) == 0))
			store_settled_set_clear(set);
		else
			p->settled[k++] = *set;
	}
	p->n_settled = k;
}

static void store_settled_add(struct store_settled_set *set, const char *pending_id,
			      const char *posted_id, int64_t booked_at)
{
	if (set->n == set->cap) {
		set->cap = set->cap ? set->cap * 2 : 16;
		set->items = xreallocarray(set->items, set->cap, sizeof *set->items);
	}
	struct store_settled *it = &set->items[set->n++];
	it->pending_id = xstrdup(pending_id);
	it->posted_id = xstrdup(posted_id);
	it->booked_at = booked_at;
}

/* ---- Lifecycle -------------------------------------------------------- */

struct store *store_new(void)
{
	struct store_priv *p = xcalloc(1, sizeof *p);
	return &p->pub;
}

/* Asks for transparent huge pages over the pages [p, p + len) touches,
 * when it spans at least one huge page (see "Page faults" above); advisory
 * only.  Rounded outwards: a large malloc block is a mapping of its own,
 * and advising all of it keeps it one mapping, which realloc can grow with
 * mremap; advising only its inner pages split it and made realloc copy. */
static void store_advise_huge(void *p, size_t len)
{
#ifdef MADV_HUGEPAGE
	const size_t huge = (size_t)2 << 20;
	uintptr_t page = (uintptr_t)sysconf(_SC_PAGESIZE);
	uintptr_t from = (uintptr_t)p & ~(page - 1);
	uintptr_t to = ((uintptr_t)p + len + page - 1) & ~(page - 1);
	if (len >= huge)
		(void)madvise((void *)from, to - from, MADV_HUGEPAGE);
#else
	(void)p;
	(void)len;
#endif
}

/* The index of the block of a that holds p, or SIZE_MAX.  Blocks are few
 * (a dozen for a million transactions) and only merges ask. */
static size_t store_strblock_find(const struct store_account *a, const char *p)
{
	uintptr_t x = (uintptr_t)p;
	for (size_t i = a->n_str_blocks; i-- > 0;) {
		const struct store_strblock *b = &a->str_blocks[i];
		if (x >= (uintptr_t)b->data && x < (uintptr_t)b->data + b->size)
			return i;
	}
	return SIZE_MAX;
}

/* The block the next record's strings go to: the current (last) one when
 * it has room bytes left, else a new one. */
static struct store_strblock *store_strblock_room(struct store_account *a, size_t room)
{
	struct store_strblock *b =
		a->n_str_blocks > 0 ? &a->str_blocks[a->n_str_blocks - 1] : NULL;
	if (b != NULL && b->size - b->used >= room)
		return b;
	size_t size = b != NULL ? b->size * 2 : room;
	if (size > STORE_STRBLOCK_MAX)
		size = STORE_STRBLOCK_MAX;
	if (size < room)
		size = room;
	a->str_blocks = xreallocarray(a->str_blocks, a->n_str_blocks + 1, sizeof *a->str_blocks);
	b = &a->str_blocks[a->n_str_blocks++];
	*b = (struct store_strblock){ xmalloc(size), size, 0, 0 };
	store_advise_huge(b->data, size);
	return b;
}

/* Releases one transaction of a, wherever its strings live. */
static void store_txn_release(struct store_account *a, struct transaction *t)
{
	size_t i = a->n_str_blocks > 0 ? store_strblock_find(a, t->id) : SIZE_MAX;
	if (i == SIZE_MAX) {
		transaction_clear(t);
		return;
	}
	memset(t, 0, sizeof *t);
	if (--a->str_blocks[i].live > 0)
		return;
	free(a->str_blocks[i].data);
	a->n_str_blocks--;
	memmove(&a->str_blocks[i], &a->str_blocks[i + 1],
		(a->n_str_blocks - i) * sizeof *a->str_blocks);
}

static void store_account_clear(struct store_account *a)
{
	account_clear(&a->account);
	size_t in_blocks = 0;
	for (size_t i = 0; i < a->n_str_blocks; i++)
		in_blocks += a->str_blocks[i].live;
	/* Every transaction in a block (the usual case after a load): nothing
	 * else to free one by one. */
	for (size_t i = 0; i < a->n_txns && in_blocks < a->n_txns; i++)
		if (store_strblock_find(a, a->txns[i].id) == SIZE_MAX)
			transaction_clear(&a->txns[i]);
	for (size_t i = 0; i < a->n_str_blocks; i++)
		free(a->str_blocks[i].data);
	free(a->str_blocks);
	free(a->txns);
	memset(a, 0, sizeof *a);
}

static void store_conn_clear(struct store_conn *c)
{
	free(c->name);
	free(c->display_name);
	institution_clear(&c->institution);
	free(c->last_error);
	for (size_t i = 0; i < c->n_accounts; i++)
		store_account_clear(&c->accounts[i]);
	free(c->accounts);
	free(c->id_index);
	bill_list_free(&c->bills);
	payment_list_free(&c->payments);
	contact_list_free(&c->contacts);
	transfer_list_free(&c->transfers);
	bnpl_plan_list_free(&c->plans);
	memset(c, 0, sizeof *c);
}

void store_free(struct store **sp)
{
	if (*sp == NULL)
		return;
	struct store_priv *p = store_priv(*sp);
	for (size_t i = 0; i < p->pub.n_conns; i++)
		store_conn_clear(&p->pub.conns[i]);
	free(p->pub.conns);
	for (size_t i = 0; i < p->n_settled; i++)
		store_settled_set_clear(&p->settled[i]);
	free(p->settled);
	free(p);
	*sp = NULL;
}

struct store_conn *store_conn_get(struct store *s, const char *name, bool create)
{
	for (size_t i = 0; i < s->n_conns; i++)
		if (strcmp(s->conns[i].name, name) == 0)
			return &s->conns[i];
	if (!create)
		return NULL;
	struct store_priv *p = store_priv(s);
	if (s->n_conns == p->cap_conns) {
		p->cap_conns += STORE_CONNS_BLOCK;
		s->conns = xreallocarray(s->conns, p->cap_conns, sizeof *s->conns);
	}
	struct store_conn *c = &s->conns[s->n_conns++];
	memset(c, 0, sizeof *c);
	c->name = xstrdup(name);
	c->state = CONN_NEVER_SYNCED;
	s->generation++;
	return c;
}

void store_conn_remove(struct store *s, const char *name)
{
	struct store_conn *c = store_conn_get(s, name, false);
	if (c == NULL)
		return;
	store_settled_drop(s, name, NULL);
	size_t i = (size_t)(c - s->conns);
	store_conn_clear(c);
	memmove(&s->conns[i], &s->conns[i + 1], (s->n_conns - i - 1) * sizeof *s->conns);
	s->n_conns--;
	s->generation++;
}

void store_conn_set_state(struct store *s, struct store_conn *c, enum conn_state state,
			  int64_t now, const char *msg)
{
	c->state = state;
	c->last_attempt = now;
	if (state == CONN_OK)
		c->last_success = now;
	if (state != CONN_SYNCING)
		c->progress_done = c->progress_total = 0;
	free(c->last_error);
	c->last_error = store_dup(msg);
	s->generation++;
}

void store_conn_set_progress(struct store *s, struct store_conn *c, unsigned done,
			     unsigned total)
{
	c->progress_done = done;
	c->progress_total = total;
	s->generation++;
}

void store_set_institution(struct store *s, struct store_conn *c, struct institution *taken)
{
	institution_clear(&c->institution);
	c->institution = *taken;
	memset(taken, 0, sizeof *taken);
	if (c->display_name == NULL)
		c->display_name = store_dup(c->institution.name);
	s->generation++;
}

void store_set_accounts(struct store *s, struct store_conn *c, struct account_list *taken)
{
	struct store_account *accts = xcalloc(taken->n ? taken->n : 1, sizeof *accts);
	bool *moved = xcalloc(c->n_accounts + 1, sizeof *moved);
	for (size_t i = 0; i < taken->n; i++) {
		accts[i].account = taken->items[i];
		struct store_account *old = taken->items[i].id != NULL
						    ? store_account_find(c, taken->items[i].id)
						    : NULL;
		/* Transactions stay only where they still fit the account's currency. */
		if (old != NULL && !moved[old - c->accounts] &&
		    strcmp(old->account.currency, taken->items[i].currency) == 0) {
			accts[i].txns = old->txns;
			accts[i].n_txns = old->n_txns;
			accts[i].cap_txns = old->cap_txns;
			accts[i].str_blocks = old->str_blocks;
			accts[i].n_str_blocks = old->n_str_blocks;
			old->txns = NULL;
			old->n_txns = old->cap_txns = 0;
			old->str_blocks = NULL;
			old->n_str_blocks = 0;
			moved[old - c->accounts] = true;
		}
	}
	for (size_t i = 0; i < c->n_accounts; i++) {
		if (!moved[i] && c->accounts[i].account.id != NULL)
			store_settled_drop(s, c->name, c->accounts[i].account.id);
		store_account_clear(&c->accounts[i]);
	}
	free(moved);
	free(c->accounts);
	c->accounts = accts;
	c->n_accounts = taken->n;
	c->cap_accounts = taken->n ? taken->n : 1;
	free(c->id_index);
	c->id_index = NULL;
	c->id_index_cap = c->id_index_n = 0;
	free(taken->items);
	memset(taken, 0, sizeof *taken);
	s->generation++;
}

#define STORE_SET_LIST(fn, list_type, field, list_free)                             \
	void fn(struct store *s, struct store_conn *c, struct list_type *taken)      \
	{                                                                            \
		list_free(&c->field);                                                \
		c->field = *taken;                                                   \
		memset(taken, 0, sizeof *taken);                                     \
		s->generation++;                                                     \
	}

STORE_SET_LIST(store_set_bills, bill_list, bills, bill_list_free)
STORE_SET_LIST(store_set_payments, payment_list, payments, payment_list_free)
STORE_SET_LIST(store_set_contacts, contact_list, contacts, contact_list_free)
STORE_SET_LIST(store_set_transfers, transfer_list, transfers, transfer_list_free)
STORE_SET_LIST(store_set_plans, bnpl_plan_list, plans, bnpl_plan_list_free)

void store_set_limits(struct store *s, struct store_conn *c, const struct transfer_limits *l)
{
	c->limits = *l;
	c->has_limits = true;
	s->generation++;
}

/* FNV-1a of an account id. */
static size_t store_id_hash(const char *s)
{
	uint64_t h = 0xcbf29ce484222325ULL;
	for (; *s != '\0'; s++)
		h = (h ^ (unsigned char)*s) * 0x100000001b3ULL;
	return (size_t)h;
}

static void store_index_put(struct store_conn *c, size_t i)
{
	if (c->accounts[i].account.id == NULL)
		return;
	size_t mask = c->id_index_cap - 1;
	size_t h = store_id_hash(c->accounts[i].account.id) & mask;
	while (c->id_index[h] != 0)
		h = (h + 1) & mask;
	c->id_index[h] = i + 1;
}

/* Brings the id index up to c->accounts: accounts are only ever appended
 * (the cache loader) or replaced as a whole (store_set_accounts drops the
 * index).  A linear search per lookup made loading or refreshing 50,000
 * accounts quadratic: most of a minute in strcmp. */
static void store_index_update(struct store_conn *c)
{
	if (c->id_index_n == c->n_accounts)
		return;
	if (c->n_accounts < c->id_index_n || c->n_accounts * 2 > c->id_index_cap) {
		size_t cap = 16;
		while (cap < c->n_accounts * 2)
			cap *= 2;
		free(c->id_index);
		c->id_index = xcalloc(cap, sizeof *c->id_index);
		c->id_index_cap = cap;
		c->id_index_n = 0;
	}
	for (size_t i = c->id_index_n; i < c->n_accounts; i++)
		store_index_put(c, i);
	c->id_index_n = c->n_accounts;
}

struct store_account *store_account_find(struct store_conn *c, const char *account_id)
{
	if (c->n_accounts == 0)
		return NULL;
	store_index_update(c);
	size_t mask = c->id_index_cap - 1;
	for (size_t h = store_id_hash(account_id) & mask; c->id_index[h] != 0; h = (h + 1) & mask) {
		struct store_account *a = &c->accounts[c->id_index[h] - 1];
		if (strcmp(a->account.id, account_id) == 0)
			return a;
	}
	return NULL;
}

int64_t store_account_posted_through(const struct store_account *a)
{
	for (size_t i = 0; i < a->n_txns; i++)
		if (a->txns[i].status == TXN_POSTED)
			return a->txns[i].booked_at;
	return 0;
}

/* ---- Merging transaction pages --------------------------------------- */

/* An open-addressing hash of indices into an array of structs, keyed by the
 * string at `offset` in each (NULL keys are left out).  Built per merge. */
struct store_hash {
	size_t *slots; /* index + 1; 0 = empty */
	size_t mask;
	const char *base;
	size_t stride, offset;
};

static size_t store_hash_str(const char *s)
{
	uint64_t h = 14695981039346656037u; /* FNV-1a */
	for (; *s != '\0'; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211u;
	return (size_t)(h ^ (h >> 29));
}

static const char *store_hash_key(const struct store_hash *h, size_t i)
{
	return *(char *const *)(const void *)(h->base + i * h->stride + h->offset);
}

static void store_hash_build(struct store_hash *h, const void *base, size_t n, size_t stride,
			     size_t offset)
{
	size_t size = 2;
	while (size < 2 * n)
		size *= 2;
	h->slots = xcalloc(size, sizeof *h->slots);
	h->mask = size - 1;
	h->base = base;
	h->stride = stride;
	h->offset = offset;
	for (size_t i = 0; i < n; i++) {
		const char *k = store_hash_key(h, i);
		if (k == NULL)
			continue;
		size_t j = store_hash_str(k) & h->mask;
		while (h->slots[j] != 0)
			j = (j + 1) & h->mask;
		h->slots[j] = i + 1;
	}
}

/* The next index whose key is key, or SIZE_MAX.  *slot is the iteration
 * state: SIZE_MAX to start. */
static size_t store_hash_find(const struct store_hash *h, const char *key, size_t *slot)
{
	size_t j = *slot == SIZE_MAX ? store_hash_str(key) & h->mask : (*slot + 1) & h->mask;
	for (; h->slots[j] != 0; j = (j + 1) & h->mask) {
		size_t i = h->slots[j] - 1;
		if (strcmp(store_hash_key(h, i), key) == 0) {
			*slot = j;
			return i;
		}
	}
	*slot = j;
	return SIZE_MAX;
}

static bool store_hash_has(const struct store_hash *h, const char *key)
{
	size_t slot = SIZE_MAX;
	return store_hash_find(h, key, &slot) != SIZE_MAX;
}

static void store_hash_free(struct store_hash *h)
{
	free(h->slots);
	h->slots = NULL;
}

static void store_hash_txns(struct store_hash *h, const struct transaction *t, size_t n,
			    size_t offset)
{
	store_hash_build(h, t, n, sizeof *t, offset);
}

static void store_hash_settled(struct store_hash *h, const struct store_settled_set *set,
			       size_t offset)
{
	store_hash_build(h, set->items, set->n, sizeof *set->items, offset);
}

/* store_settled_add while h (built over set) is in use: the items may move. */
static void store_settled_note(struct store_settled_set *set, struct store_hash *h,
			       const char *pending_id, const char *posted_id, int64_t booked_at)
{
	store_settled_add(set, pending_id, posted_id, booked_at);
	h->base = (const char *)set->items;
}

/* Room for extra more transactions in a->txns. */
static void store_account_reserve(struct store_account *a, size_t extra)
{
	if (a->txns != NULL && a->n_txns + extra <= a->cap_txns)
		return;
	size_t cap = a->cap_txns ? a->cap_txns : 64;
	while (cap < a->n_txns + extra)
		cap *= 2;
	a->txns = xreallocarray(a->txns, cap, sizeof *a->txns);
	a->cap_txns = cap;
	store_advise_huge(a->txns, cap * sizeof *a->txns);
}

/* Store order: newest first, then id descending. */
static int store_txn_order(const struct transaction *a, const struct transaction *b)
{
	if (a->booked_at != b->booked_at)
		return a->booked_at > b->booked_at ? -1 : 1;
	return -strcmp(a->id, b->id);
}

static int store_txn_qsort(const void *a, const void *b)
{
	return store_txn_order(a, b);
}

struct store_idref {
	const char *id;
	size_t i;
};

static int store_idref_cmp(const void *a, const void *b)
{
	const struct store_idref *x = a, *y = b;
	int c = strcmp(x->id, y->id);
	if (c != 0)
		return c;
	return x->i < y->i ? -1 : x->i > y->i;
}

/* Checks a page against the account before anything changes. */
static bool store_page_check(const struct store_account *a, const struct transaction_list *l,
			     struct err *e)
{
	for (size_t i = 0; i < l->n; i++) {
		const struct transaction *t = &l->items[i];
		if (t->id == NULL)
			return err_set(e, ERR_INVALID,
				       "transaction %zu of the page for account %s has no id; "
				       "the page was not merged",
				       i, a->account.id);
		if ((unsigned)t->status > TXN_PENDING)
			return err_set(e, ERR_INVALID, "transaction %s has an unknown status",
				       t->id);
		if (strcmp(t->amount.currency, a->account.currency) != 0)
			return err_set(e, ERR_INVALID,
				       "transaction %s is in %.3s but account %s is in %s; the "
				       "page was not merged",
				       t->id, t->amount.currency, a->account.id,
				       a->account.currency);
	}
	return true;
}

/* Keeps the last transaction of each id in the page (a server that repeats
 * an id in one page means the later one) and sorts it into store order. */
static void store_page_prepare(struct transaction_list *l)
{
	struct store_idref *refs = xcalloc(l->n + 1, sizeof *refs);
	for (size_t i = 0; i < l->n; i++)
		refs[i] = (struct store_idref){ l->items[i].id, i };
	qsort(refs, l->n, sizeof *refs, store_idref_cmp);
	bool *dup = xcalloc(l->n + 1, sizeof *dup);
	for (size_t i = 0; i + 1 < l->n; i++)
		if (strcmp(refs[i].id, refs[i + 1].id) == 0)
			dup[refs[i].i] = true;
	size_t k = 0;
	for (size_t i = 0; i < l->n; i++) {
		if (dup[i])
			transaction_clear(&l->items[i]);
		else
			l->items[k++] = l->items[i];
	}
	l->n = k;
	free(dup);
	free(refs);
	if (l->n > 0)
		qsort(l->items, l->n, sizeof *l->items, store_txn_qsort);
}

/* ts + days, clamped to the int64 range (timestamps from a damaged cache may
 * be anywhere). */
static int64_t store_ts_add_days(int64_t ts, int64_t days)
{
	int64_t d = days * DATE_SECONDS_PER_DAY;
	if (d > 0 && ts > INT64_MAX - d)
		return INT64_MAX;
	if (d < 0 && ts < INT64_MIN - d)
		return INT64_MIN;
	return ts + d;
}

enum {
	STORE_F_NEW = 1,     /* came with this page */
	STORE_F_HEUR = 2,    /* new posted without `replaces`: may settle a pending one */
	STORE_F_DEAD = 4,    /* superseded during this merge */
	STORE_F_MATCHED = 8, /* posted: settled a pending one during this merge */
};

struct store_merge {
	struct store_account *a;
	struct store_settled_set *set;
	struct transaction *t; /* the merged list */
	unsigned char *flags;
	size_t n;
};

static int store_pending_cmp(const void *x, const void *y, void *arg)
{
	const struct transaction *t = arg;
	const struct transaction *a = &t[*(const size_t *)x], *b = &t[*(const size_t *)y];
	if (a->amount.minor != b->amount.minor)
		return a->amount.minor < b->amount.minor ? -1 : 1;
	if (a->booked_at != b->booked_at)
		return a->booked_at < b->booked_at ? -1 : 1;
	return strcmp(a->id, b->id);
}

/* A new posted transaction without `replaces` settles the one live pending
 * transaction of the same amount booked at most STORE_PENDING_WINDOW_DAYS
 * before it; none or several candidates: nothing is hidden (showing a
 * settled payment twice is better than hiding a real one). */
static void store_merge_forward(struct store_merge *m)
{
	size_t *pend = xcalloc(m->n + 1, sizeof *pend);
	size_t np = 0;
	for (size_t i = 0; i < m->n; i++)
		if (m->t[i].status == TXN_PENDING)
			pend[np++] = i;
	if (np == 0) {
		free(pend);
		return;
	}
	qsort_r(pend, np, sizeof *pend, store_pending_cmp, m->t);
	struct store_hash posted;
	store_hash_settled(&posted, m->set, offsetof(struct store_settled, posted_id));
	for (size_t k = m->n; k-- > 0;) { /* oldest first */
		const struct transaction *p = &m->t[k];
		if (!(m->flags[k] & STORE_F_HEUR) || store_hash_has(&posted, p->id))
			continue;
		int64_t from = store_ts_add_days(p->booked_at, -STORE_PENDING_WINDOW_DAYS);
		size_t lo = 0, hi = np;
		while (lo < hi) {
			size_t mid = lo + (hi - lo) / 2;
			const struct transaction *c = &m->t[pend[mid]];
			if (c->amount.minor < p->amount.minor ||
			    (c->amount.minor == p->amount.minor && c->booked_at < from))
				lo = mid + 1;
			else
				hi = mid;
		}
		size_t found = SIZE_MAX, count = 0;
		for (size_t j = lo; j < np; j++) {
			const struct transaction *c = &m->t[pend[j]];
			if (c->amount.minor != p->amount.minor || c->booked_at > p->booked_at)
				break;
			if (!(m->flags[pend[j]] & STORE_F_DEAD)) {
				found = pend[j];
				count++;
			}
		}
		if (count != 1)
			continue;
		m->flags[found] |= STORE_F_DEAD;
		m->flags[k] |= STORE_F_MATCHED;
		store_settled_note(m->set, &posted, m->t[found].id, p->id, p->booked_at);
	}
	store_hash_free(&posted);
	free(pend);
}

/* The same rule from the other side, so that the outcome does not depend on
 * the order pages arrive in: a new pending transaction is dropped when
 * exactly one posted transaction without `replaces`, not yet matched, of
 * the same amount, is booked at most STORE_PENDING_WINDOW_DAYS after it. */
static void store_merge_reverse(struct store_merge *m)
{
	struct store_hash posted;
	store_hash_settled(&posted, m->set, offsetof(struct store_settled, posted_id));
	for (size_t k = 0; k < m->n; k++) {
		const struct transaction *x = &m->t[k];
		if ((m->flags[k] & (STORE_F_NEW | STORE_F_DEAD)) != STORE_F_NEW ||
		    x->status != TXN_PENDING)
			continue;
		int64_t to = store_ts_add_days(x->booked_at, STORE_PENDING_WINDOW_DAYS);
		size_t lo = 0, hi = m->n; /* first index booked at or before `to` */
		while (lo < hi) {
			size_t mid = lo + (hi - lo) / 2;
			if (m->t[mid].booked_at > to)
				lo = mid + 1;
			else
				hi = mid;
		}
		size_t found = SIZE_MAX, count = 0;
		for (size_t j = lo; j < m->n && m->t[j].booked_at >= x->booked_at; j++) {
			const struct transaction *c = &m->t[j];
			if (c->status != TXN_POSTED || c->replaces != NULL ||
			    c->amount.minor != x->amount.minor ||
			    (m->flags[j] & STORE_F_MATCHED) || store_hash_has(&posted, c->id))
				continue;
			found = j;
			count++;
		}
		if (count != 1)
			continue;
		m->flags[k] |= STORE_F_DEAD;
		m->flags[found] |= STORE_F_MATCHED;
		store_settled_note(m->set, &posted, x->id, m->t[found].id, m->t[found].booked_at);
	}
	store_hash_free(&posted);
}

/* Forgets settled pairs that no page can bring back any more. */
static void store_settled_prune(struct store_settled_set *set, int64_t posted_through)
{
	int64_t keep_from = store_ts_add_days(posted_through, -STORE_SETTLED_KEEP_DAYS);
	size_t k = 0;
	for (size_t i = 0; i < set->n; i++) {
		if (set->items[i].booked_at < keep_from) {
			free(set->items[i].pending_id);
			free(set->items[i].posted_id);
		} else {
			set->items[k++] = set->items[i];
		}
	}
	set->n = k;
}

/* Marks what the page supersedes among the stored transactions (drop_old)
 * and in the page itself (drop_new), notes which page ids were stored before
 * (was_stored: those are updates, not new transactions) and records explicit
 * settlements. */
static void store_merge_mark(struct store_account *a, struct store_settled_set *set,
			     const struct transaction_list *l, bool *drop_old, bool *drop_new,
			     bool *was_stored)
{
	struct store_hash ids, repl;
	store_hash_txns(&ids, l->items, l->n, offsetof(struct transaction, id));
	store_hash_txns(&repl, l->items, l->n, offsetof(struct transaction, replaces));
	for (size_t i = 0; i < a->n_txns; i++) {
		const struct transaction *o = &a->txns[i];
		size_t slot = SIZE_MAX, j;
		while ((j = store_hash_find(&ids, o->id, &slot)) != SIZE_MAX) {
			if (o->status == TXN_POSTED && l->items[j].status == TXN_PENDING) {
				drop_new[j] = true; /* posted is final */
			} else {
				drop_old[i] = true;
				was_stored[j] = true;
				if (o->status == TXN_PENDING && l->items[j].status == TXN_POSTED)
					store_settled_add(set, o->id, o->id, l->items[j].booked_at);
			}
		}
		slot = SIZE_MAX;
		while (o->status == TXN_PENDING && (j = store_hash_find(&repl, o->id, &slot)) !=
							   SIZE_MAX)
			if (l->items[j].status == TXN_POSTED)
				drop_old[i] = true;
	}
	struct store_hash known;
	store_hash_settled(&known, set, offsetof(struct store_settled, pending_id));
	size_t n_known = set->n;
	for (size_t j = 0; j < l->n; j++) {
		const struct transaction *t = &l->items[j];
		if (t->status != TXN_POSTED || t->replaces == NULL ||
		    strcmp(t->replaces, t->id) == 0)
			continue;
		size_t slot = SIZE_MAX, k;
		while ((k = store_hash_find(&ids, t->replaces, &slot)) != SIZE_MAX)
			if (l->items[k].status == TXN_PENDING)
				drop_new[k] = true;
		if (!store_hash_has(&known, t->replaces))
			store_settled_note(set, &known, t->replaces, t->id, t->booked_at);
	}
	if (set->n != n_known) {
		store_hash_free(&known);
		store_hash_settled(&known, set, offsetof(struct store_settled, pending_id));
	}
	/* Pending ones older than the settled set's memory are stale: no bank
	 * holds an authorization that long, and their pair may be pruned. */
	int64_t newest = store_account_posted_through(a);
	for (size_t j = 0; j < l->n; j++)
		if (l->items[j].status == TXN_POSTED && l->items[j].booked_at > newest)
			newest = l->items[j].booked_at;
	int64_t stale = store_ts_add_days(newest, -STORE_SETTLED_KEEP_DAYS);
	for (size_t j = 0; j < l->n; j++)
		if (l->items[j].status == TXN_PENDING &&
		    (store_hash_has(&known, l->items[j].id) || l->items[j].booked_at < stale))
			drop_new[j] = true;
	store_hash_free(&known);
	store_hash_free(&repl);
	store_hash_free(&ids);
}

bool store_merge_transactions(struct store *s, struct store_conn *c, const char *account_id,
			      struct transaction_list *taken, struct err *e)
{
	struct store_account *a = store_account_find(c, account_id);
	if (a == NULL) {
		err_set(e, ERR_NOT_FOUND,
			"account %s of connection %s is not known; refresh the account list "
			"before its transactions",
			account_id, c->name);
		transaction_list_free(taken);
		return false;
	}
	if (!store_page_check(a, taken, e)) {
		transaction_list_free(taken);
		return false;
	}
	store_page_prepare(taken);
	struct store_settled_set *set = store_settled_get(s, c->name, account_id, true);
	size_t n = a->n_txns, m = taken->n;
	bool *drop_old = xcalloc(n + 1, sizeof *drop_old);
	bool *drop_new = xcalloc(m + 1, sizeof *drop_new);
	bool *was_stored = xcalloc(m + 1, sizeof *was_stored);
	store_merge_mark(a, set, taken, drop_old, drop_new, was_stored);

	size_t k = 0;
	for (size_t i = 0; i < n; i++) {
		if (drop_old[i])
			store_txn_release(a, &a->txns[i]);
		else
			a->txns[k++] = a->txns[i];
	}
	a->n_txns = n = k;
	size_t live_new = 0;
	for (size_t j = 0; j < m; j++)
		live_new += !drop_new[j];
	store_account_reserve(a, live_new);
	/* One pass from the back: both lists are in store order. */
	struct store_merge mg = { a, set, a->txns, xcalloc(n + live_new + 1, 1), n + live_new };
	size_t i = n, j = m, out = n + live_new;
	while (j > 0) {
		struct transaction *t = &taken->items[j - 1];
		if (drop_new[j - 1]) {
			transaction_clear(t);
			j--;
			continue;
		}
		if (i > 0 && store_txn_order(&a->txns[i - 1], t) > 0) {
			a->txns[--out] = a->txns[--i];
			continue;
		}
		a->txns[--out] = *t;
		mg.flags[out] = STORE_F_NEW;
		if (t->status == TXN_POSTED && t->replaces == NULL && !was_stored[j - 1])
			mg.flags[out] |= STORE_F_HEUR;
		j--;
	}
	store_merge_forward(&mg);
	store_merge_reverse(&mg);
	k = 0;
	for (size_t x = 0; x < mg.n; x++) {
		if (mg.flags[x] & STORE_F_DEAD)
			store_txn_release(a, &a->txns[x]);
		else
			a->txns[k++] = a->txns[x];
	}
	a->n_txns = k;
	store_settled_prune(set, store_account_posted_through(a));
	free(mg.flags);
	free(was_stored);
	free(drop_new);
	free(drop_old);
	free(taken->items);
	free(taken->next_cursor);
	memset(taken, 0, sizeof *taken);
	s->generation++;
	return true;
}

/* ---- Questions ------------------------------------------------------- */

static struct store_position *store_position_get(struct store_position **arr, size_t *n,
						 const char *currency)
{
	for (size_t i = 0; i < *n; i++)
		if (strcmp((*arr)[i].currency, currency) == 0)
			return &(*arr)[i];
	*arr = xreallocarray(*arr, *n + 1, sizeof **arr);
	struct store_position *p = &(*arr)[(*n)++];
	memset(p, 0, sizeof *p);
	memcpy(p->currency, currency, 3);
	p->assets.minor = 0;
	memcpy(p->assets.currency, currency, 3);
	p->debts = p->net = p->assets;
	return p;
}

static int store_position_cmp(const void *a, const void *b)
{
	return strcmp(((const struct store_position *)a)->currency,
		      ((const struct store_position *)b)->currency);
}

/* Adds one balance: positive is an asset, negative a debt (the model's
 * balances are signed from the customer's view, whatever the account type). */
static bool store_position_add(struct store_position *p, struct money m, struct err *e)
{
	if (m.minor >= 0)
		return money_add(p->assets, m, &p->assets, e);
	struct money owed;
	return money_neg(m, &owed, e) && money_add(p->debts, owed, &p->debts, e);
}

bool store_net_position(const struct store *s, struct store_position **out, size_t *n,
			struct err *e)
{
	struct store_position *arr = NULL;
	size_t na = 0;
	bool ok = true;
	for (size_t i = 0; i < s->n_conns && ok; i++) {
		const struct store_conn *c = &s->conns[i];
		for (size_t j = 0; j < c->n_accounts && ok; j++) {
			const struct account *a = &c->accounts[j].account;
			ok = store_position_add(store_position_get(&arr, &na, a->balance.currency),
						a->balance, e);
		}
		for (size_t j = 0; j < c->plans.n && ok; j++) {
			const struct bnpl_plan *p = &c->plans.items[j];
			if (p->status == BNPL_PAID_OFF)
				continue;
			struct store_position *pos =
				store_position_get(&arr, &na, p->outstanding.currency);
			ok = money_add(pos->debts, p->outstanding, &pos->debts, e);
		}
	}
	for (size_t i = 0; i < na && ok; i++)
		ok = money_sub(arr[i].assets, arr[i].debts, &arr[i].net, e);
	if (!ok) {
		err_prefix(e, "net position");
		free(arr);
		*out = NULL;
		*n = 0;
		return false;
	}
	if (na > 0)
		qsort(arr, na, sizeof *arr, store_position_cmp);
	*out = arr;
	*n = na;
	return true;
}

static void store_obligation_push(struct obligation **arr, size_t *n, size_t *cap,
				  const struct obligation *o)
{
	if (*n == *cap) {
		*cap = *cap ? *cap * 2 : 16;
		*arr = xreallocarray(*arr, *cap, sizeof **arr);
	}
	(*arr)[(*n)++] = *o;
}

static int store_obligation_cmp(const void *x, const void *y)
{
	const struct obligation *a = x, *b = y;
	if (a->overdue != b->overdue)
		return a->overdue ? -1 : 1;
	if (a->due != b->due)
		return a->due < b->due ? -1 : 1;
	if (a->kind != b->kind)
		return a->kind < b->kind ? -1 : 1;
	int c = strcmp(a->conn->name, b->conn->name);
	if (c != 0)
		return c;
	return strcmp(a->ref_id ? a->ref_id : "", b->ref_id ? b->ref_id : "");
}

void store_obligations(const struct store *s, int64_t today, int days, struct obligation **out,
		       size_t *n)
{
	struct obligation *arr = NULL;
	size_t na = 0, cap = 0;
	int64_t until = today + (days > 0 ? days : 0);
	for (size_t i = 0; i < s->n_conns; i++) {
		const struct store_conn *c = &s->conns[i];
		for (size_t j = 0; j < c->bills.n; j++) {
			const struct bill *b = &c->bills.items[j];
			if (b->status != BILL_DUE && b->status != BILL_OVERDUE)
				continue;
			struct obligation o = { OBLIGATION_BILL, c, b->payee, b->id, b->amount_due,
						b->due_date,
						b->status == BILL_OVERDUE || b->due_date < today,
						b->autopay };
			if (o.overdue || o.due <= until)
				store_obligation_push(&arr, &na, &cap, &o);
		}
		for (size_t j = 0; j < c->plans.n; j++) {
			const struct bnpl_plan *p = &c->plans.items[j];
			for (size_t k = 0; k < p->n_installments; k++) {
				const struct installment *in = &p->installments[k];
				if (in->status == INSTALLMENT_PAID)
					continue;
				struct obligation o = {
					OBLIGATION_INSTALLMENT, c, p->merchant, p->id, in->amount,
					in->due_date,
					in->status == INSTALLMENT_OVERDUE || in->due_date < today,
					false
				};
				if (o.overdue || o.due <= until)
					store_obligation_push(&arr, &na, &cap, &o);
			}
		}
		for (size_t j = 0; j < c->payments.n; j++) {
			const struct payment *p = &c->payments.items[j];
			struct obligation o = { OBLIGATION_SCHEDULED, c, p->payee, p->id, p->amount,
						p->pay_on, false, false };
			if (p->status == PAYMENT_SCHEDULED && o.due <= until)
				store_obligation_push(&arr, &na, &cap, &o);
		}
	}
	if (na > 0)
		qsort(arr, na, sizeof *arr, store_obligation_cmp);
	*out = arr;
	*n = na;
}

/* Cash today in one currency: available (else current) balances of the
 * checking accounts. */
static bool store_cash(const struct store *s, const char *currency, struct money *cash,
		       bool *any, struct err *e)
{
	*any = false;
	if (!money_make(0, currency, cash, e))
		return false;
	for (size_t i = 0; i < s->n_conns; i++)
		for (size_t j = 0; j < s->conns[i].n_accounts; j++) {
			const struct account *a = &s->conns[i].accounts[j].account;
			if (a->type != ACCOUNT_CHECKING || strcmp(a->currency, currency) != 0)
				continue;
			*any = true;
			struct money m = a->has_available_balance ? a->available_balance
								   : a->balance;
			if (!money_add(*cash, m, cash, e))
				return false;
		}
	return true;
}

static int64_t store_effective_due(const struct obligation *o, int64_t today)
{
	return o->overdue || o->due < today ? today : o->due;
}

/* The forecast of one currency from obligations ob (sorted as
 * store_obligations sorts them).  *crossing is the obligation that first
 * takes cash below zero (NULL when none does, or cash starts below zero). */
static bool store_forecast_one(const struct store *s, const char *currency, int64_t today,
			       const struct obligation *ob, size_t nob, struct store_forecast *f,
			       const struct obligation **crossing, struct err *e)
{
	bool any;
	memset(f, 0, sizeof *f);
	memcpy(f->currency, currency, 3);
	*crossing = NULL;
	if (!store_cash(s, currency, &f->start, &any, e))
		return false;
	f->obligations = f->start;
	f->obligations.minor = 0;
	f->lowest = f->start;
	f->lowest_date = today;
	f->shortfall_date = f->start.minor < 0 ? today : 0;
	/* Sorted overdue first then by date, so effective dates are ascending. */
	struct money cash = f->start;
	for (size_t i = 0; i < nob; i++) {
		const struct obligation *o = &ob[i];
		if (strcmp(o->amount.currency, currency) != 0)
			continue;
		if (!money_sub(cash, o->amount, &cash, e) ||
		    !money_add(f->obligations, o->amount, &f->obligations, e))
			return false;
		int64_t day = store_effective_due(o, today);
		if (cash.minor < 0 && f->shortfall_date == 0) {
			f->shortfall_date = day;
			*crossing = o;
		}
		if (cash.minor < f->lowest.minor) {
			f->lowest = cash;
			f->lowest_date = day;
		}
	}
	return true;
}

static void store_currency_add(char (**cur)[4], size_t *n, const char *code)
{
	for (size_t k = 0; k < *n; k++)
		if (strcmp((*cur)[k], code) == 0)
			return;
	*cur = xreallocarray(*cur, *n + 1, sizeof **cur);
	memcpy((*cur)[(*n)++], code, 4);
}

static int store_currency_cmp(const void *a, const void *b)
{
	return strcmp(a, b);
}

/* Currencies of checking accounts and obligations, each once, sorted. */
static size_t store_forecast_currencies(const struct store *s, const struct obligation *ob,
					size_t nob, char (**cur)[4])
{
	size_t n = 0;
	*cur = NULL;
	for (size_t i = 0; i < s->n_conns; i++)
		for (size_t j = 0; j < s->conns[i].n_accounts; j++)
			if (s->conns[i].accounts[j].account.type == ACCOUNT_CHECKING)
				store_currency_add(cur, &n,
						   s->conns[i].accounts[j].account.currency);
	for (size_t i = 0; i < nob; i++)
		store_currency_add(cur, &n, ob[i].amount.currency);
	if (n > 0)
		qsort(*cur, n, sizeof **cur, store_currency_cmp);
	return n;
}

bool store_forecast(const struct store *s, int64_t today, int days, struct store_forecast **out,
		    size_t *n, struct err *e)
{
	struct obligation *ob;
	size_t nob;
	char(*cur)[4];
	store_obligations(s, today, days, &ob, &nob);
	size_t nc = store_forecast_currencies(s, ob, nob, &cur);
	struct store_forecast *f = xcalloc(nc + 1, sizeof *f);
	bool ok = true;
	for (size_t i = 0; i < nc && ok; i++) {
		const struct obligation *crossing;
		ok = store_forecast_one(s, cur[i], today, ob, nob, &f[i], &crossing, e);
	}
	free(cur);
	free(ob);
	if (!ok) {
		err_prefix(e, "forecast");
		free(f);
		*out = NULL;
		*n = 0;
		return false;
	}
	*out = f;
	*n = nc;
	return true;
}

struct store_alert_sort {
	struct alert a;
	int rank; /* 0 overdue, 1 projected overdraft, 2 low balance, 3 connection */
	int sub;  /* connection: how bad its state is */
};

static int store_alert_cmp(const void *x, const void *y)
{
	const struct store_alert_sort *a = x, *b = y;
	if (a->rank != b->rank)
		return a->rank < b->rank ? -1 : 1;
	if (a->sub != b->sub)
		return a->sub < b->sub ? -1 : 1;
	if (a->a.date != b->a.date)
		return a->a.date < b->a.date ? -1 : 1;
	if (a->a.kind != b->a.kind)
		return a->a.kind < b->a.kind ? -1 : 1;
	return strcmp(a->a.subject ? a->a.subject : "", b->a.subject ? b->a.subject : "");
}

static void store_alert_push(struct store_alert_sort **arr, size_t *n, int rank, int sub,
			     const struct alert *a)
{
	*arr = xreallocarray(*arr, *n + 1, sizeof **arr);
	(*arr)[(*n)++] = (struct store_alert_sort){ *a, rank, sub };
}

/* The first checking account in currency, for naming an overdraft. */
static const struct account *store_first_checking(const struct store *s, const char *currency,
						  const struct store_conn **conn)
{
	for (size_t i = 0; i < s->n_conns; i++)
		for (size_t j = 0; j < s->conns[i].n_accounts; j++) {
			const struct account *a = &s->conns[i].accounts[j].account;
			if (a->type == ACCOUNT_CHECKING && strcmp(a->currency, currency) == 0) {
				*conn = &s->conns[i];
				return a;
			}
		}
	return NULL;
}

/* Connection states that raise ALERT_CONNECTION, worst first (index = sub). */
static const enum conn_state store_alert_states[] = {
	CONN_NEEDS_RELINK,
	CONN_ERROR,
	CONN_OFFLINE,
	CONN_RATE_LIMITED,
};

static void store_alerts_conns(const struct store *s, struct store_alert_sort **arr, size_t *n)
{
	size_t ns = sizeof store_alert_states / sizeof store_alert_states[0];
	for (size_t i = 0; i < s->n_conns; i++) {
		const struct store_conn *c = &s->conns[i];
		for (size_t k = 0; k < ns; k++) {
			if (c->state != store_alert_states[k])
				continue;
			struct alert a = { ALERT_CONNECTION, c,
					   c->display_name ? c->display_name : c->name,
					   { 0, "" }, 0 };
			store_alert_push(arr, n, 3, (int)k, &a);
		}
	}
}

void store_alerts(const struct store *s, int64_t today, const struct money *low_balance,
		  struct alert **out, size_t *n)
{
	struct store_alert_sort *arr = NULL;
	size_t na = 0;
	struct obligation *ob;
	size_t nob;
	store_obligations(s, today, STORE_ALERT_FORECAST_DAYS, &ob, &nob);
	for (size_t i = 0; i < nob; i++) {
		const struct obligation *o = &ob[i];
		if (!o->overdue || o->kind == OBLIGATION_SCHEDULED)
			continue;
		struct alert a = { o->kind == OBLIGATION_BILL ? ALERT_BILL_OVERDUE
							      : ALERT_INSTALLMENT_OVERDUE,
				   o->conn, o->title, o->amount, o->due };
		store_alert_push(&arr, &na, 0, 0, &a);
	}
	char(*cur)[4];
	size_t nc = store_forecast_currencies(s, ob, nob, &cur);
	for (size_t i = 0; i < nc; i++) {
		struct store_forecast f;
		const struct obligation *crossing;
		if (!store_forecast_one(s, cur[i], today, ob, nob, &f, &crossing, NULL) ||
		    f.shortfall_date == 0)
			continue;
		const struct store_conn *conn = NULL;
		const struct account *acct = store_first_checking(s, cur[i], &conn);
		struct alert a = { ALERT_PROJECTED_OVERDRAFT, conn, acct ? acct->name : NULL,
				   f.lowest, f.shortfall_date };
		if (acct == NULL && crossing != NULL) {
			a.conn = crossing->conn;
			a.subject = crossing->title;
		}
		store_alert_push(&arr, &na, 1, 0, &a);
	}
	free(cur);
	free(ob);
	for (size_t i = 0; i < s->n_conns && low_balance != NULL; i++)
		for (size_t j = 0; j < s->conns[i].n_accounts; j++) {
			const struct account *a = &s->conns[i].accounts[j].account;
			struct money m = a->has_available_balance ? a->available_balance
								   : a->balance;
			if (a->type != ACCOUNT_CHECKING ||
			    strcmp(m.currency, low_balance->currency) != 0 ||
			    m.minor >= low_balance->minor)
				continue;
			struct alert al = { ALERT_LOW_BALANCE, &s->conns[i], a->name, m, 0 };
			store_alert_push(&arr, &na, 2, 0, &al);
		}
	store_alerts_conns(s, &arr, &na);
	if (na > 0)
		qsort(arr, na, sizeof *arr, store_alert_cmp);
	*out = xcalloc(na + 1, sizeof **out);
	for (size_t i = 0; i < na; i++)
		(*out)[i] = arr[i].a;
	*n = na;
	free(arr);
}

/* ---- Persistence ------------------------------------------------------
 *
 * Record format, version 1.  Every record is
 *
 *     u8 version (1) | u8 type | fields of that type, in the order below
 *
 * and must be consumed exactly (trailing bytes are damage).  Field encodings,
 * all little-endian:
 *
 *     u8, u32, i64   1, 4, 8 bytes; bool is a u8 that is 0 or 1; an enum is a
 *                    u8 within the enum's range
 *     str            u32 length then the bytes (no NUL inside, at most
 *                    MODEL_TEXT_MAX); length 0xFFFFFFFF is NULL.  Ids (*) must
 *                    not be NULL
 *     money          i64 minor units then 3 bytes of an ISO 4217 code that
 *                    money_currency() accepts
 *     [x]            present only when the bool before it is 1
 *     date, ts       i64 within DATE_MIN..DATE_MAX or the timestamp range
 *
 * Types (every record after CONN names its connection first, so records are
 * self-contained; ACCOUNT must come before that account's TXNS/SETTLED):
 *
 *  1 CONN      name*, display_name, state u8, last_success ts, last_attempt ts,
 *              retry_at ts, last_error, progress_done u32, progress_total u32,
 *              institution id, institution name, caps u32, has_limits bool,
 *              [daily_limit money, remaining_today money, sca_threshold money]
 *  2 ACCOUNT   conn*, id*, name, type u8, currency (3 bytes), balance money,
 *              has_available bool, [money], has_credit_limit bool, [money],
 *              updated_at ts
 *  3 TXNS      conn*, account*, count u32, then count times: id*, status u8,
 *              replaces, booked_at ts, amount money, description, merchant,
 *              category, counterparty.  Records of one account continue each
 *              other in store order (newest first); at most STORE_CHUNK_BYTES
 *              are packed into one record
 *  4 SETTLED   conn*, account*, count u32, then count times: pending_id*,
 *              posted_id*, booked_at ts
 *  5 BILL      conn*, id*, payee, reference, amount_due money, has_minimum
 *              bool, [money], due_date date, status u8, autopay bool
 *  6 PAYMENT   conn*, id*, bill_id, payee, from_account, amount money,
 *              pay_on date, status u8, confirmation, created_at ts
 *  7 CONTACT   conn*, id*, name, handle, handle_type u8, check result u8,
 *              check name, created_at ts, has_first_transfer bool, [ts]
 *  8 TRANSFER  conn*, id*, from_account, contact_id, amount money, memo,
 *              status u8, created_at ts
 *  9 PLAN      conn*, id*, merchant, purchase_amount, outstanding money,
 *              apr_bp i64, total_interest, fees_charged money, late-fee text,
 *              late_fee money, max_late_fees money, payoff_amount money,
 *              has_interest_saved bool, [money], funding_source, status u8,
 *              count u32, then count times: seq i64, due_date date,
 *              amount money, status u8
 *
 * Amounts inside an account (balances, transactions) must be in the
 * account's currency. */

#define STORE_REC_VERSION 1
#define STORE_CHUNK_BYTES ((size_t)256 * 1024)
#define STORE_STR_NULL 0xFFFFFFFFu

enum store_rec {
	STORE_REC_CONN = 1,
	STORE_REC_ACCOUNT,
	STORE_REC_TXNS,
	STORE_REC_SETTLED,
	STORE_REC_BILL,
	STORE_REC_PAYMENT,
	STORE_REC_CONTACT,
	STORE_REC_TRANSFER,
	STORE_REC_PLAN,
};

static const char *const store_rec_names[] = {
	"?", "connection", "account", "transactions", "settled pending ids",
	"bill", "payment", "contact", "transfer", "BNPL plan",
};

static void store_wr_u8(struct buf *b, unsigned v)
{
	unsigned char c = (unsigned char)v;
	buf_append(b, &c, 1);
}

static void store_wr_u32(struct buf *b, uint32_t v)
{
	unsigned char c[4] = { (unsigned char)v, (unsigned char)(v >> 8),
			       (unsigned char)(v >> 16), (unsigned char)(v >> 24) };
	buf_append(b, c, 4);
}

static void store_wr_i64(struct buf *b, int64_t v)
{
	uint64_t u = (uint64_t)v;
	unsigned char c[8];
	for (int i = 0; i < 8; i++)
		c[i] = (unsigned char)(u >> (8 * i));
	buf_append(b, c, 8);
}

static void store_wr_str(struct buf *b, const char *s)
{
	if (s == NULL) {
		store_wr_u32(b, STORE_STR_NULL);
		return;
	}
	size_t len = strlen(s);
	store_wr_u32(b, (uint32_t)len);
	buf_append(b, s, len);
}

static void store_wr_money(struct buf *b, struct money m)
{
	store_wr_i64(b, m.minor);
	buf_append(b, m.currency, 3);
}

static void store_wr_opt_money(struct buf *b, bool has, struct money m)
{
	store_wr_u8(b, has);
	if (has)
		store_wr_money(b, m);
}

static void store_wr_head(struct buf *b, enum store_rec type, const char *conn)
{
	buf_reset(b);
	store_wr_u8(b, STORE_REC_VERSION);
	store_wr_u8(b, type);
	if (conn != NULL)
		store_wr_str(b, conn);
}

/* A record being decoded; bad names the first field that failed. */
struct store_rd {
	const unsigned char *p;
	size_t len, pos;
	const char *bad;
};

static const unsigned char *store_rd_take(struct store_rd *r, size_t n, const char *field)
{
	if (r->bad != NULL)
		return NULL;
	if (r->len - r->pos < n) {
		r->bad = field;
		return NULL;
	}
	const unsigned char *p = r->p + r->pos;
	r->pos += n;
	return p;
}

static bool store_rd_check(struct store_rd *r, bool ok, const char *field)
{
	if (!ok && r->bad == NULL)
		r->bad = field;
	return ok && r->bad == NULL;
}

static unsigned store_rd_u8(struct store_rd *r, const char *field)
{
	const unsigned char *p = store_rd_take(r, 1, field);
	return p != NULL ? p[0] : 0;
}

static uint32_t store_rd_u32(struct store_rd *r, const char *field)
{
	const unsigned char *p = store_rd_take(r, 4, field);
	if (p == NULL)
		return 0;
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[3] << 24;
}

static int64_t store_rd_i64(struct store_rd *r, const char *field)
{
	const unsigned char *p = store_rd_take(r, 8, field);
	uint64_t u = 0;
	for (int i = 0; p != NULL && i < 8; i++)
		u |= (uint64_t)p[i] << (8 * i);
	return (int64_t)u;
}

static bool store_rd_bool(struct store_rd *r, const char *field)
{
	unsigned v = store_rd_u8(r, field);
	store_rd_check(r, v <= 1, field);
	return v == 1;
}

/* An enum value 0..max. */
static unsigned store_rd_enum(struct store_rd *r, unsigned max, const char *field)
{
	unsigned v = store_rd_u8(r, field);
	return store_rd_check(r, v <= max, field) ? v : 0;
}

static int64_t store_rd_date(struct store_rd *r, const char *field)
{
	int64_t v = store_rd_i64(r, field);
	return store_rd_check(r, v >= DATE_MIN && v <= DATE_MAX, field) ? v : 0;
}

static int64_t store_rd_ts(struct store_rd *r, const char *field)
{
	int64_t v = store_rd_i64(r, field);
	return store_rd_check(r, v >= DATE_TIMESTAMP_MIN && v <= DATE_TIMESTAMP_MAX, field) ? v
											  : 0;
}

/* A string's bytes inside the record (NULL for a NULL string or when it
 * does not decode); *len is its length. */
static const char *store_rd_strref(struct store_rd *r, bool required, const char *field,
				   size_t *len)
{
	uint32_t n = store_rd_u32(r, field);
	if (r->bad != NULL)
		return NULL;
	if (n == STORE_STR_NULL) {
		store_rd_check(r, !required, field);
		return NULL;
	}
	if (!store_rd_check(r, n <= MODEL_TEXT_MAX, field))
		return NULL;
	const unsigned char *p = store_rd_take(r, n, field);
	if (p == NULL || !store_rd_check(r, memchr(p, '\0', n) == NULL, field))
		return NULL;
	*len = n;
	return (const char *)p;
}

static char *store_rd_str(struct store_rd *r, bool required, const char *field)
{
	size_t len = 0;
	const char *p = store_rd_strref(r, required, field, &len);
	return p != NULL ? xstrndup(p, len) : NULL;
}

/* store_rd_str into a block: the string is copied, NUL-terminated, to *at,
 * which moves past it.  The block has room: every string of the record
 * came with a 4-byte length, more than its NUL. */
static char *store_rd_str_at(struct store_rd *r, bool required, const char *field, char **at)
{
	size_t len = 0;
	const char *p = store_rd_strref(r, required, field, &len);
	if (p == NULL)
		return NULL;
	char *s = *at;
	memcpy(s, p, len);
	s[len] = '\0';
	*at = s + len + 1;
	return s;
}

static struct money store_rd_money(struct store_rd *r, const char *field)
{
	struct money m = { store_rd_i64(r, field), "" };
	const unsigned char *p = store_rd_take(r, 3, field);
	if (p != NULL)
		memcpy(m.currency, p, 3);
	store_rd_check(r, money_currency(m.currency, NULL, NULL), field);
	return m;
}

static bool store_rd_opt_money(struct store_rd *r, struct money *m, const char *field)
{
	bool has = store_rd_bool(r, field);
	if (has)
		*m = store_rd_money(r, field);
	return has;
}

/* A count of items of at least min_size bytes each: no more than the rest of
 * the record can hold, so a damaged count cannot ask for a huge allocation. */
static size_t store_rd_count(struct store_rd *r, size_t min_size, const char *field)
{
	uint32_t n = store_rd_u32(r, field);
	return store_rd_check(r, n <= (r->len - r->pos) / min_size, field) ? n : 0;
}

static void store_wr_txn(struct buf *b, const struct transaction *t)
{
	store_wr_str(b, t->id);
	store_wr_u8(b, t->status);
	store_wr_str(b, t->replaces);
	store_wr_i64(b, t->booked_at);
	store_wr_money(b, t->amount);
	store_wr_str(b, t->description);
	store_wr_str(b, t->merchant);
	store_wr_str(b, t->category);
	store_wr_str(b, t->counterparty);
}

/* An amount that must be in currency (already checked): a byte compare
 * instead of a table lookup, for the million-transaction load. */
static struct money store_rd_money_in(struct store_rd *r, const char *currency,
				      const char *field)
{
	struct money m = { store_rd_i64(r, field), "" };
	const unsigned char *p = store_rd_take(r, 3, field);
	if (p != NULL)
		memcpy(m.currency, p, 3);
	store_rd_check(r, memcmp(m.currency, currency, 4) == 0, field);
	return m;
}

/* Decodes one transaction whose strings go to the block at *at. */
static void store_rd_txn(struct store_rd *r, struct transaction *t, const char *currency,
			 char **at)
{
	t->id = store_rd_str_at(r, true, "transaction id", at);
	t->status = store_rd_enum(r, TXN_PENDING, "transaction status");
	t->replaces = store_rd_str_at(r, false, "transaction replaces", at);
	t->booked_at = store_rd_ts(r, "transaction booked_at");
	t->amount = store_rd_money_in(r, currency, "transaction amount (account currency)");
	t->description = store_rd_str_at(r, false, "transaction description", at);
	t->merchant = store_rd_str_at(r, false, "transaction merchant", at);
	t->category = store_rd_str_at(r, false, "transaction category", at);
	t->counterparty = store_rd_str_at(r, false, "transaction counterparty", at);
}


/* Smallest encoded transaction: 5 strings of length 4, 3 NULL ones... */
#define STORE_TXN_MIN_BYTES (4 + 1 + 4 + 8 + 11 + 4 * 4)

static void store_wr_conn(struct buf *b, const struct store_conn *c)
{
	store_wr_head(b, STORE_REC_CONN, c->name);
	store_wr_str(b, c->display_name);
	store_wr_u8(b, c->state);
	store_wr_i64(b, c->last_success);
	store_wr_i64(b, c->last_attempt);
	store_wr_i64(b, c->retry_at);
	store_wr_str(b, c->last_error);
	store_wr_u32(b, c->progress_done);
	store_wr_u32(b, c->progress_total);
	store_wr_str(b, c->institution.id);
	store_wr_str(b, c->institution.name);
	store_wr_u32(b, c->institution.caps);
	store_wr_u8(b, c->has_limits);
	if (c->has_limits) {
		store_wr_money(b, c->limits.daily_limit);
		store_wr_money(b, c->limits.remaining_today);
		store_wr_money(b, c->limits.sca_threshold);
	}
}

static void store_wr_account(struct buf *b, const struct store_conn *c, const struct account *a)
{
	store_wr_head(b, STORE_REC_ACCOUNT, c->name);
	store_wr_str(b, a->id);
	store_wr_str(b, a->name);
	store_wr_u8(b, a->type);
	buf_append(b, a->currency, 3);
	store_wr_money(b, a->balance);
	store_wr_opt_money(b, a->has_available_balance, a->available_balance);
	store_wr_opt_money(b, a->has_credit_limit, a->credit_limit);
	store_wr_i64(b, a->updated_at);
}

static void store_wr_bill(struct buf *b, const struct bill *x)
{
	store_wr_str(b, x->id);
	store_wr_str(b, x->payee);
	store_wr_str(b, x->reference);
	store_wr_money(b, x->amount_due);
	store_wr_opt_money(b, x->has_minimum_due, x->minimum_due);
	store_wr_i64(b, x->due_date);
	store_wr_u8(b, x->status);
	store_wr_u8(b, x->autopay);
}

static void store_rd_bill(struct store_rd *r, struct bill *x)
{
	x->id = store_rd_str(r, true, "bill id");
	x->payee = store_rd_str(r, false, "bill payee");
	x->reference = store_rd_str(r, false, "bill reference");
	x->amount_due = store_rd_money(r, "bill amount_due");
	x->has_minimum_due = store_rd_opt_money(r, &x->minimum_due, "bill minimum_due");
	x->due_date = store_rd_date(r, "bill due_date");
	x->status = store_rd_enum(r, BILL_OVERDUE, "bill status");
	x->autopay = store_rd_bool(r, "bill autopay");
}

static void store_wr_payment(struct buf *b, const struct payment *x)
{
	store_wr_str(b, x->id);
	store_wr_str(b, x->bill_id);
	store_wr_str(b, x->payee);
	store_wr_str(b, x->from_account);
	store_wr_money(b, x->amount);
	store_wr_i64(b, x->pay_on);
	store_wr_u8(b, x->status);
	store_wr_str(b, x->confirmation);
	store_wr_i64(b, x->created_at);
}

static void store_rd_payment(struct store_rd *r, struct payment *x)
{
	x->id = store_rd_str(r, true, "payment id");
	x->bill_id = store_rd_str(r, false, "payment bill_id");
	x->payee = store_rd_str(r, false, "payment payee");
	x->from_account = store_rd_str(r, false, "payment from_account");
	x->amount = store_rd_money(r, "payment amount");
	x->pay_on = store_rd_date(r, "payment pay_on");
	x->status = store_rd_enum(r, PAYMENT_CANCELLED, "payment status");
	x->confirmation = store_rd_str(r, false, "payment confirmation");
	x->created_at = store_rd_ts(r, "payment created_at");
}

static void store_wr_contact(struct buf *b, const struct contact *x)
{
	store_wr_str(b, x->id);
	store_wr_str(b, x->name);
	store_wr_str(b, x->handle);
	store_wr_u8(b, x->handle_type);
	store_wr_u8(b, x->payee_check.result);
	store_wr_str(b, x->payee_check.name);
	store_wr_i64(b, x->created_at);
	store_wr_u8(b, x->has_first_transfer_at);
	if (x->has_first_transfer_at)
		store_wr_i64(b, x->first_transfer_at);
}

static void store_rd_contact(struct store_rd *r, struct contact *x)
{
	x->id = store_rd_str(r, true, "contact id");
	x->name = store_rd_str(r, false, "contact name");
	x->handle = store_rd_str(r, false, "contact handle");
	x->handle_type = store_rd_enum(r, HANDLE_ACCOUNT, "contact handle_type");
	x->payee_check.result = store_rd_enum(r, PAYEE_CHECK_UNAVAILABLE, "contact payee check");
	x->payee_check.name = store_rd_str(r, false, "contact payee check name");
	x->created_at = store_rd_ts(r, "contact created_at");
	x->has_first_transfer_at = store_rd_bool(r, "contact has first transfer");
	if (x->has_first_transfer_at)
		x->first_transfer_at = store_rd_ts(r, "contact first_transfer_at");
}

static void store_wr_transfer(struct buf *b, const struct transfer *x)
{
	store_wr_str(b, x->id);
	store_wr_str(b, x->from_account);
	store_wr_str(b, x->contact_id);
	store_wr_money(b, x->amount);
	store_wr_str(b, x->memo);
	store_wr_u8(b, x->status);
	store_wr_i64(b, x->created_at);
}

static void store_rd_transfer(struct store_rd *r, struct transfer *x)
{
	x->id = store_rd_str(r, true, "transfer id");
	x->from_account = store_rd_str(r, false, "transfer from_account");
	x->contact_id = store_rd_str(r, false, "transfer contact_id");
	x->amount = store_rd_money(r, "transfer amount");
	x->memo = store_rd_str(r, false, "transfer memo");
	x->status = store_rd_enum(r, TRANSFER_FAILED, "transfer status");
	x->created_at = store_rd_ts(r, "transfer created_at");
}

static void store_wr_plan(struct buf *b, const struct bnpl_plan *x)
{
	store_wr_str(b, x->id);
	store_wr_str(b, x->merchant);
	store_wr_money(b, x->purchase_amount);
	store_wr_money(b, x->outstanding);
	store_wr_i64(b, x->apr_bp);
	store_wr_money(b, x->total_interest);
	store_wr_money(b, x->fees_charged);
	store_wr_str(b, x->late_fee_policy.text);
	store_wr_money(b, x->late_fee_policy.late_fee);
	store_wr_money(b, x->late_fee_policy.max_late_fees);
	store_wr_money(b, x->payoff_amount);
	store_wr_opt_money(b, x->has_interest_saved_on_payoff, x->interest_saved_on_payoff);
	store_wr_str(b, x->funding_source);
	store_wr_u8(b, x->status);
	store_wr_u32(b, (uint32_t)x->n_installments);
	for (size_t i = 0; i < x->n_installments; i++) {
		store_wr_i64(b, x->installments[i].seq);
		store_wr_i64(b, x->installments[i].due_date);
		store_wr_money(b, x->installments[i].amount);
		store_wr_u8(b, x->installments[i].status);
	}
}

static void store_rd_plan(struct store_rd *r, struct bnpl_plan *x)
{
	x->id = store_rd_str(r, true, "plan id");
	x->merchant = store_rd_str(r, false, "plan merchant");
	x->purchase_amount = store_rd_money(r, "plan purchase_amount");
	x->outstanding = store_rd_money(r, "plan outstanding");
	x->apr_bp = store_rd_i64(r, "plan apr");
	x->total_interest = store_rd_money(r, "plan total_interest");
	x->fees_charged = store_rd_money(r, "plan fees_charged");
	x->late_fee_policy.text = store_rd_str(r, false, "plan late fee text");
	x->late_fee_policy.late_fee = store_rd_money(r, "plan late_fee");
	x->late_fee_policy.max_late_fees = store_rd_money(r, "plan max_late_fees");
	x->payoff_amount = store_rd_money(r, "plan payoff_amount");
	x->has_interest_saved_on_payoff =
		store_rd_opt_money(r, &x->interest_saved_on_payoff, "plan interest saved");
	x->funding_source = store_rd_str(r, false, "plan funding_source");
	x->status = store_rd_enum(r, BNPL_DELINQUENT, "plan status");
	size_t n = store_rd_count(r, 8 + 8 + 11 + 1, "plan installment count");
	x->installments = xcalloc(n + 1, sizeof *x->installments);
	for (size_t i = 0; i < n && r->bad == NULL; i++) {
		struct installment *in = &x->installments[i];
		in->seq = store_rd_i64(r, "installment seq");
		in->due_date = store_rd_date(r, "installment due_date");
		in->amount = store_rd_money(r, "installment amount");
		in->status = store_rd_enum(r, INSTALLMENT_UPCOMING, "installment status");
		x->n_installments = i + 1;
	}
}

struct store_emit {
	struct buf b;
	store_emit_fn emit;
	void *arg;
	struct err *e;
};

static bool store_emit(struct store_emit *x)
{
	return x->emit(x->b.data, x->b.len, x->arg, x->e);
}

static bool store_serialize_txns(struct store_emit *x, const struct store_conn *c,
				 const struct store_account *a)
{
	for (size_t i = 0; i < a->n_txns;) {
		store_wr_head(&x->b, STORE_REC_TXNS, c->name);
		store_wr_str(&x->b, a->account.id);
		size_t count_at = x->b.len, count = 0;
		store_wr_u32(&x->b, 0);
		for (; i < a->n_txns && x->b.len < STORE_CHUNK_BYTES; i++, count++)
			store_wr_txn(&x->b, &a->txns[i]);
		for (int k = 0; k < 4; k++)
			x->b.data[count_at + k] = (char)(unsigned char)(count >> (8 * k));
		if (!store_emit(x))
			return false;
	}
	return true;
}

static bool store_serialize_settled(struct store_emit *x, const struct store *s,
				    const struct store_conn *c, const struct store_account *a)
{
	const struct store_priv *p = (const struct store_priv *)s;
	for (size_t i = 0; i < p->n_settled; i++) {
		const struct store_settled_set *set = &p->settled[i];
		if (set->n == 0 || strcmp(set->conn, c->name) != 0 ||
		    strcmp(set->account, a->account.id) != 0)
			continue;
		store_wr_head(&x->b, STORE_REC_SETTLED, c->name);
		store_wr_str(&x->b, a->account.id);
		store_wr_u32(&x->b, (uint32_t)set->n);
		for (size_t k = 0; k < set->n; k++) {
			store_wr_str(&x->b, set->items[k].pending_id);
			store_wr_str(&x->b, set->items[k].posted_id);
			store_wr_i64(&x->b, set->items[k].booked_at);
		}
		if (!store_emit(x))
			return false;
	}
	return true;
}

#define STORE_EMIT_LIST(x, c, list, type, wr)                                   \
	for (size_t i_ = 0; i_ < (c)->list.n; i_++) {                           \
		store_wr_head(&(x)->b, type, (c)->name);                        \
		wr(&(x)->b, &(c)->list.items[i_]);                              \
		if (!store_emit(x))                                             \
			return false;                                           \
	}

static bool store_serialize_conn(struct store_emit *x, const struct store *s,
				 const struct store_conn *c)
{
	store_wr_conn(&x->b, c);
	if (!store_emit(x))
		return false;
	for (size_t i = 0; i < c->n_accounts; i++) {
		store_wr_account(&x->b, c, &c->accounts[i].account);
		if (!store_emit(x))
			return false;
	}
	for (size_t i = 0; i < c->n_accounts; i++)
		if (!store_serialize_txns(x, c, &c->accounts[i]) ||
		    !store_serialize_settled(x, s, c, &c->accounts[i]))
			return false;
	STORE_EMIT_LIST(x, c, bills, STORE_REC_BILL, store_wr_bill)
	STORE_EMIT_LIST(x, c, payments, STORE_REC_PAYMENT, store_wr_payment)
	STORE_EMIT_LIST(x, c, contacts, STORE_REC_CONTACT, store_wr_contact)
	STORE_EMIT_LIST(x, c, transfers, STORE_REC_TRANSFER, store_wr_transfer)
	STORE_EMIT_LIST(x, c, plans, STORE_REC_PLAN, store_wr_plan)
	return true;
}

bool store_serialize(const struct store *s, store_emit_fn emit, void *arg, struct err *e)
{
	struct store_emit x = { BUF_INIT, emit, arg, e };
	bool ok = true;
	for (size_t i = 0; i < s->n_conns && ok; i++)
		ok = store_serialize_conn(&x, s, &s->conns[i]);
	buf_free(&x.b);
	return ok;
}

/* ---- Loading ---------------------------------------------------------- */

static bool store_load_conn(struct store *s, struct store_rd *r, const char *name)
{
	struct store_conn h = { 0 };
	h.display_name = store_rd_str(r, false, "display_name");
	h.state = store_rd_enum(r, CONN_ERROR, "state");
	h.last_success = store_rd_ts(r, "last_success");
	h.last_attempt = store_rd_ts(r, "last_attempt");
	h.retry_at = store_rd_ts(r, "retry_at");
	h.last_error = store_rd_str(r, false, "last_error");
	h.progress_done = store_rd_u32(r, "progress_done");
	h.progress_total = store_rd_u32(r, "progress_total");
	h.institution.id = store_rd_str(r, false, "institution id");
	h.institution.name = store_rd_str(r, false, "institution name");
	h.institution.caps = store_rd_u32(r, "institution caps");
	h.has_limits = store_rd_bool(r, "has_limits");
	if (h.has_limits) {
		h.limits.daily_limit = store_rd_money(r, "daily_limit");
		h.limits.remaining_today = store_rd_money(r, "remaining_today");
		h.limits.sca_threshold = store_rd_money(r, "sca_threshold");
		store_rd_check(r,
			       strcmp(h.limits.daily_limit.currency,
				      h.limits.remaining_today.currency) == 0 &&
				       strcmp(h.limits.daily_limit.currency,
					      h.limits.sca_threshold.currency) == 0,
			       "limits currency");
	}
	store_rd_check(r, r->pos == r->len, "end of record");
	if (r->bad != NULL) {
		store_conn_clear(&h);
		return false;
	}
	struct store_conn *c = store_conn_get(s, name, true);
	free(c->display_name);
	free(c->last_error);
	institution_clear(&c->institution);
	c->display_name = h.display_name;
	c->state = h.state;
	c->last_success = h.last_success;
	c->last_attempt = h.last_attempt;
	c->retry_at = h.retry_at;
	c->last_error = h.last_error;
	c->progress_done = h.progress_done;
	c->progress_total = h.progress_total;
	c->institution = h.institution;
	c->has_limits = h.has_limits;
	c->limits = h.limits;
	return true;
}

static bool store_load_account(struct store_conn *c, struct store_rd *r)
{
	struct account a = { 0 };
	a.id = store_rd_str(r, true, "id");
	a.name = store_rd_str(r, false, "name");
	a.type = store_rd_enum(r, ACCOUNT_OTHER, "type");
	const unsigned char *cur = store_rd_take(r, 3, "currency");
	if (cur != NULL)
		memcpy(a.currency, cur, 3);
	store_rd_check(r, money_currency(a.currency, NULL, NULL), "currency");
	a.balance = store_rd_money(r, "balance");
	a.has_available_balance = store_rd_opt_money(r, &a.available_balance, "available");
	a.has_credit_limit = store_rd_opt_money(r, &a.credit_limit, "credit_limit");
	a.updated_at = store_rd_ts(r, "updated_at");
	store_rd_check(r, r->pos == r->len, "end of record");
	store_rd_check(r,
		       strcmp(a.balance.currency, a.currency) == 0 &&
			       (!a.has_available_balance ||
				strcmp(a.available_balance.currency, a.currency) == 0) &&
			       (!a.has_credit_limit ||
				strcmp(a.credit_limit.currency, a.currency) == 0),
		       "balance currency");
	store_rd_check(r, r->bad != NULL || store_account_find(c, a.id) == NULL, "duplicate id");
	if (r->bad != NULL) {
		account_clear(&a);
		return false;
	}
	/* Doubling: growing by one copied the array for every account loaded
	 * (quadratic where realloc cannot grow in place, e.g. under ASan). */
	if (c->n_accounts >= c->cap_accounts) {
		c->cap_accounts = c->n_accounts >= 4 ? c->n_accounts * 2 : 8;
		c->accounts = xreallocarray(c->accounts, c->cap_accounts, sizeof *c->accounts);
	}
	struct store_account *sa = &c->accounts[c->n_accounts++];
	memset(sa, 0, sizeof *sa);
	sa->account = a;
	return true;
}

/* Decodes a TXNS record into the account, its strings into the current
 * string block (a new one when the record's rest would not fit). */
static bool store_load_txns(struct store_account *a, struct store_rd *r)
{
	size_t n = store_rd_count(r, STORE_TXN_MIN_BYTES, "count");
	if (r->bad != NULL || n == 0)
		return store_rd_check(r, r->pos == r->len, "end of record");
	store_account_reserve(a, n);
	struct store_strblock *b = store_strblock_room(a, r->len - r->pos);
	char *at = b->data + b->used;
	/* Decoded in place after the stored ones (store_rd_txn sets every
	 * field); n_txns and the block move only on success. */
	struct transaction *t = &a->txns[a->n_txns];
	const struct transaction *prev = a->n_txns > 0 ? &a->txns[a->n_txns - 1] : NULL;
	for (size_t got = 0; got < n && r->bad == NULL; got++) {
		store_rd_txn(r, &t[got], a->account.currency, &at);
		bool in_order =
			r->bad != NULL || prev == NULL || store_txn_order(prev, &t[got]) < 0;
		store_rd_check(r, in_order, "transaction order");
		prev = &t[got];
	}
	store_rd_check(r, r->pos == r->len, "end of record");
	if (r->bad != NULL) {
		if (b->live == 0) { /* new and empty: drop it */
			free(b->data);
			a->n_str_blocks--;
		}
		return false;
	}
	b->used = (size_t)(at - b->data);
	b->live += n;
	a->n_txns += n;
	return true;
}

static bool store_load_settled(struct store *s, struct store_conn *c, const char *account,
			       struct store_rd *r)
{
	size_t n = store_rd_count(r, 4 + 4 + 8, "count");
	struct store_settled_set tmp = { 0 };
	for (size_t i = 0; i < n && r->bad == NULL; i++) {
		char *pending = store_rd_str(r, true, "pending id");
		char *posted = store_rd_str(r, true, "posted id");
		int64_t at = store_rd_ts(r, "booked_at");
		if (r->bad == NULL)
			store_settled_add(&tmp, pending, posted, at);
		free(pending);
		free(posted);
	}
	store_rd_check(r, r->pos == r->len, "end of record");
	if (r->bad != NULL) {
		store_settled_set_clear(&tmp);
		return false;
	}
	struct store_settled_set *set = store_settled_get(s, c->name, account, true);
	for (size_t i = 0; i < tmp.n; i++) {
		store_settled_add(set, tmp.items[i].pending_id, tmp.items[i].posted_id,
				  tmp.items[i].booked_at);
	}
	store_settled_set_clear(&tmp);
	return true;
}

/* Appends one decoded item to a list of the connection. */
#define STORE_LOAD_ITEM(r, list, type, rd, clear)                                        \
	do {                                                                             \
		type item_ = { 0 };                                                      \
		rd(r, &item_);                                                           \
		store_rd_check(r, (r)->pos == (r)->len, "end of record");                \
		if ((r)->bad != NULL) {                                                  \
			clear(&item_);                                                   \
			return false;                                                    \
		}                                                                        \
		(list)->items = xreallocarray((list)->items, (list)->n + 1,             \
					      sizeof *(list)->items);                    \
		(list)->items[(list)->n++] = item_;                                      \
	} while (0)

/* Decodes the body of a record for connection c (r positioned after the
 * connection name).  False with r->bad set when it does not decode. */
static bool store_load_body(struct store *s, struct store_conn *c, unsigned type,
			    struct store_rd *r)
{
	switch (type) {
	case STORE_REC_ACCOUNT:
		return store_load_account(c, r);
	case STORE_REC_TXNS:
	case STORE_REC_SETTLED: {
		char *id = store_rd_str(r, true, "account id");
		struct store_account *a = id != NULL ? store_account_find(c, id) : NULL;
		bool ok = store_rd_check(r, a != NULL, "account id (no earlier account record)") &&
			  (type == STORE_REC_TXNS ? store_load_txns(a, r)
						  : store_load_settled(s, c, id, r));
		free(id);
		return ok;
	}
	case STORE_REC_BILL:
		STORE_LOAD_ITEM(r, &c->bills, struct bill, store_rd_bill, bill_clear);
		return true;
	case STORE_REC_PAYMENT:
		STORE_LOAD_ITEM(r, &c->payments, struct payment, store_rd_payment, payment_clear);
		return true;
	case STORE_REC_CONTACT:
		STORE_LOAD_ITEM(r, &c->contacts, struct contact, store_rd_contact, contact_clear);
		return true;
	case STORE_REC_TRANSFER:
		STORE_LOAD_ITEM(r, &c->transfers, struct transfer, store_rd_transfer,
				transfer_clear);
		return true;
	case STORE_REC_PLAN:
		STORE_LOAD_ITEM(r, &c->plans, struct bnpl_plan, store_rd_plan, bnpl_plan_clear);
		return true;
	default:
		return store_rd_check(r, false, "record type");
	}
}

bool store_load_record(struct store *s, const void *rec, size_t len, struct err *e)
{
	struct store_rd r = { rec, len, 0, NULL };
	unsigned version = store_rd_u8(&r, "version");
	unsigned type = store_rd_u8(&r, "type");
	const char *what = type < sizeof store_rec_names / sizeof store_rec_names[0]
				   ? store_rec_names[type]
				   : "unknown";
	if (r.bad == NULL && version != STORE_REC_VERSION)
		return err_set(e, ERR_CORRUPT,
			       "offline cache record has format version %u, this bankterm reads "
			       "version %d; the cache will be rebuilt on the next refresh",
			       version, STORE_REC_VERSION);
	store_rd_check(&r, type >= STORE_REC_CONN && type <= STORE_REC_PLAN, "record type");
	char *name = store_rd_str(&r, true, "connection name");
	bool ok = r.bad == NULL;
	if (ok && type == STORE_REC_CONN) {
		ok = store_load_conn(s, &r, name);
	} else if (ok) {
		struct store_conn *c = store_conn_get(s, name, false);
		ok = store_rd_check(&r, c != NULL,
				    "connection name (no earlier connection record)") &&
		     store_load_body(s, c, type, &r);
	}
	free(name);
	if (!ok)
		return err_set(e, ERR_CORRUPT,
			       "offline cache %s record (type %u, %zu bytes) is damaged at its %s "
			       "(byte %zu); the cache will be rebuilt on the next refresh",
			       what, type, len, r.bad ? r.bad : "?", r.pos);
	s->generation++;
	return true;
}

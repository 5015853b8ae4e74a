/* timeline.c — obligations charged to funding accounts and the accounts'
 * day-by-day projected balances (see timeline.h for the rules). */
#include "timeline.h"

#include <stdlib.h>
#include <string.h>

#include "xmalloc.h"

void timeline_clear(struct timeline *t)
{
	for (size_t i = 0; i < t->n_accounts; i++)
		free(t->accounts[i].end);
	free(t->accounts);
	free(t->entries);
	memset(t, 0, sizeof *t);
}

static size_t timeline_conn_index(const struct store *s, const struct store_conn *c)
{
	return (size_t)(c - s->conns);
}

/* The index in t->accounts of (conn, account), added when missing. */
static size_t timeline_account_of(struct timeline *t, const struct store *s,
				  const struct store_conn *c, const struct account *a)
{
	for (size_t i = 0; i < t->n_accounts; i++)
		if (t->accounts[i].account == a)
			return i;
	t->accounts = xreallocarray(t->accounts, t->n_accounts + 1, sizeof *t->accounts);
	struct timeline_account *ta = &t->accounts[t->n_accounts];
	memset(ta, 0, sizeof *ta);
	ta->conn = c;
	ta->conn_index = timeline_conn_index(s, c);
	ta->account = a;
	ta->start = a->has_available_balance ? a->available_balance : a->balance;
	return t->n_accounts++;
}

static const struct account *timeline_checking(const struct store_conn *c, const char *currency)
{
	for (size_t j = 0; j < c->n_accounts; j++) {
		const struct account *a = &c->accounts[j].account;
		if (a->type == ACCOUNT_CHECKING && strcmp(a->currency, currency) == 0)
			return a;
	}
	return NULL;
}

/* Rule 1: the scheduled payment's from_account in its connection. */
static const struct account *timeline_from_account(const struct obligation *o, size_t *item)
{
	const struct store_conn *c = o->conn;
	for (size_t j = 0; j < c->payments.n; j++) {
		const struct payment *p = &c->payments.items[j];
		if (o->ref_id == NULL || strcmp(p->id, o->ref_id) != 0)
			continue;
		*item = j;
		for (size_t k = 0; p->from_account != NULL && k < c->n_accounts; k++) {
			const struct account *a = &c->accounts[k].account;
			if (strcmp(a->id, p->from_account) == 0 &&
			    strcmp(a->currency, o->amount.currency) == 0)
				return a;
		}
		return NULL;
	}
	return NULL;
}

/* True when word (its first word only when first_word) appears in text,
 * ignoring case. */
static bool timeline_mentions(const char *text, const char *word, bool first_word)
{
	if (text == NULL || word == NULL || *word == '\0')
		return false;
	size_t n = first_word ? strcspn(word, " ") : strlen(word);
	if (n < 3) /* too short to mean anything */
		return false;
	char *w = xstrndup(word, n);
	bool found = strcasestr(text, w) != NULL;
	free(w);
	return found;
}

/* Rule 2: the checking account a plan's funding_source names. */
static const struct account *timeline_plan_account(const struct store *s,
						   const struct obligation *o, size_t *item,
						   const struct store_conn **conn)
{
	const struct store_conn *pc = o->conn;
	const char *src = NULL;
	for (size_t j = 0; j < pc->plans.n; j++)
		if (o->ref_id != NULL && strcmp(pc->plans.items[j].id, o->ref_id) == 0) {
			*item = j;
			src = pc->plans.items[j].funding_source;
			break;
		}
	for (size_t i = 0; src != NULL && i < s->n_conns; i++) {
		const struct store_conn *c = &s->conns[i];
		bool conn_named = timeline_mentions(src, c->name, false) ||
				  timeline_mentions(src, c->display_name, true) ||
				  timeline_mentions(src, c->institution.name, true);
		for (size_t j = 0; j < c->n_accounts; j++) {
			const struct account *a = &c->accounts[j].account;
			if (a->type != ACCOUNT_CHECKING ||
			    strcmp(a->currency, o->amount.currency) != 0)
				continue;
			if (timeline_mentions(src, a->name, false)) {
				*conn = c;
				return a;
			}
		}
		const struct account *a =
			conn_named ? timeline_checking(c, o->amount.currency) : NULL;
		if (a != NULL) {
			*conn = c;
			return a;
		}
	}
	return NULL;
}

static size_t timeline_bill_item(const struct obligation *o)
{
	for (size_t j = 0; j < o->conn->bills.n; j++)
		if (o->ref_id != NULL && strcmp(o->conn->bills.items[j].id, o->ref_id) == 0)
			return j;
	return 0;
}

/* Which account pays o (rules 1–4); fills *item with o's index in its
 * connection's list. */
static size_t timeline_fund(struct timeline *t, const struct store *s, const struct obligation *o,
			    size_t *item)
{
	const struct store_conn *c = o->conn;
	const struct account *a = NULL;
	*item = 0;
	if (o->kind == OBLIGATION_SCHEDULED) {
		a = timeline_from_account(o, item);
	} else if (o->kind == OBLIGATION_INSTALLMENT) {
		a = timeline_plan_account(s, o, item, &c);
	} else {
		*item = timeline_bill_item(o);
	}
	if (a == NULL) {
		c = o->conn;
		a = timeline_checking(c, o->amount.currency);
	}
	for (size_t i = 0; a == NULL && i < s->n_conns; i++) {
		c = &s->conns[i];
		a = timeline_checking(c, o->amount.currency);
	}
	return a != NULL ? timeline_account_of(t, s, c, a) : TIMELINE_NO_FUNDING;
}

/* Fills every account's end[] from the entries (sorted by day). */
static bool timeline_project(struct timeline *t, struct err *e)
{
	size_t nd = (size_t)t->days + 1;
	for (size_t k = 0; k < t->n_accounts; k++) {
		struct timeline_account *ta = &t->accounts[k];
		ta->end = xcalloc(nd, sizeof *ta->end);
		struct money bal = ta->start;
		size_t next = 0;
		ta->lowest = bal.minor;
		ta->lowest_day = t->today;
		for (size_t d = 0; d < nd; d++) {
			int64_t day = t->today + (int64_t)d;
			for (; next < t->n_entries && t->entries[next].day <= day; next++) {
				const struct timeline_entry *en = &t->entries[next];
				if (en->funding == k && !money_sub(bal, en->ob.amount, &bal, e))
					return false;
			}
			ta->end[d] = bal.minor;
			if (bal.minor < ta->lowest) {
				ta->lowest = bal.minor;
				ta->lowest_day = day;
			}
			if (bal.minor < 0 && ta->below_zero == 0)
				ta->below_zero = day;
		}
	}
	return true;
}

static int timeline_entry_cmp(const void *x, const void *y)
{
	const struct timeline_entry *a = x, *b = y;
	if (a->day != b->day)
		return a->day < b->day ? -1 : 1;
	/* Then store_obligations' order: item holds the obligation's index
	 * until the sort is done (see timeline_build). */
	return a->item < b->item ? -1 : a->item > b->item;
}

bool timeline_build(const struct store *s, int64_t today, int days, struct timeline *t,
		    struct err *e)
{
	memset(t, 0, sizeof *t);
	t->today = today;
	t->days = days > 0 ? days : 0;
	struct obligation *ob = NULL;
	size_t n = 0;
	store_obligations(s, today, t->days, &ob, &n);
	t->entries = xcalloc(n + 1, sizeof *t->entries);
	for (size_t i = 0; i < n; i++) {
		struct timeline_entry *en = &t->entries[i];
		en->ob = ob[i];
		en->day = ob[i].overdue || ob[i].due < today ? today : ob[i].due;
		en->item = i; /* the sort key for now */
	}
	t->n_entries = n;
	free(ob);
	/* Already by day (overdue first, counted today); the sort only makes
	 * that a rule rather than a coincidence of store_obligations. */
	if (n > 1)
		qsort(t->entries, n, sizeof *t->entries, timeline_entry_cmp);
	for (size_t i = 0; i < n; i++) {
		struct timeline_entry *en = &t->entries[i];
		en->conn_index = timeline_conn_index(s, en->ob.conn);
		en->funding = timeline_fund(t, s, &en->ob, &en->item);
	}
	if (!timeline_project(t, e)) {
		err_prefix(e, "timeline");
		timeline_clear(t);
		return false;
	}
	return true;
}

int64_t timeline_balance(const struct timeline *t, size_t k, int64_t day)
{
	int64_t d = day - t->today;
	if (d < 0)
		d = 0;
	if (d > t->days)
		d = t->days;
	return t->accounts[k].end[d];
}

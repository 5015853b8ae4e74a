/* test_timeline_sample.h — builders for the store the timeline's tests use
 * (test_timeline.c for src/core/timeline.c, test_timeline_screen.c for the
 * Timeline screen), and the sample itself. */
#ifndef BANKTERM_TEST_TIMELINE_SAMPLE_H
#define BANKTERM_TEST_TIMELINE_SAMPLE_H

#include <stdint.h>

#include "store.h"

#define TODAY ((int64_t)20526) /* 2026-03-14 as a date */

struct money sample_usd(int64_t minor);
struct account sample_account(const char *id, const char *name, enum account_type type,
			      struct money balance);
struct bill sample_bill(const char *id, struct money amount, int64_t due, enum bill_status st);
/* The sample_set_* functions replace a connection's list with the given items. */
void sample_set_accounts(struct store *s, struct store_conn *c, struct account *a, size_t n);
void sample_set_bills(struct store *s, struct store_conn *c, struct bill *b, size_t n);
void sample_set_payment(struct store *s, struct store_conn *c, const char *id, const char *from,
			struct money m, int64_t pay_on);
/* A plan "plan1" (Lumen Audio) with installments paid 20 days ago, due in
 * due_in days and due in 70 days. */
void sample_set_plan(struct store *s, struct store_conn *c, const char *funding, int64_t due_in,
		     struct money m);

/* northwind: checking 1000.00 (available 900.00), savings 5000.00; an
 * overdue bill of 50.00, a bill of 100.00 in 5 days, a payment of 30.00 from
 * savings in 10 days.  flexpay: no accounts, a plan funded by "Northwind
 * debit ••4821" with 20.00 due in 7 days.  cedar: checking 200.00 and a
 * bill of 300.00 in 20 days.  Caller frees. */
struct store *sample_store(void);

#endif

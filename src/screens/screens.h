/* screens.h — the screens of the terminal interface, one file each, and
 * their view-models (exposed so tests can call handle() and inspect what a
 * screen would show without a terminal).
 *
 * A screen's state is built from the store by its build() for the current
 * body size (app->body_rows × app->body_cols); draw() paints it.  Line-based
 * screens keep a struct view (ui/view.h) and a cursor; the transaction list
 * is virtual: it keeps only the indexes of matching transactions and formats
 * the visible rows when painting. */
#ifndef BANKTERM_SCREENS_H
#define BANKTERM_SCREENS_H

#include <stdbool.h>
#include <stddef.h>

#include "app.h"
#include "money.h"
#include "timeline.h"
#include "txn_filter.h"
#include "ui/view.h"

struct store_conn;

extern const struct screen_ops screen_overview_ops;
extern const struct screen_ops screen_accounts_ops;
extern const struct screen_ops screen_txns_ops;
extern const struct screen_ops screen_bills_ops;
extern const struct screen_ops screen_transfers_ops;
extern const struct screen_ops screen_bnpl_ops;
extern const struct screen_ops screen_plan_ops;
extern const struct screen_ops screen_timeline_ops;

/* The state of every line-based screen (overview, accounts, bills, BNPL,
 * a plan).  `ref` of a selectable line indexes `refs`. */
struct lines_state {
	struct view view;
	struct list_cursor cur; /* over view lines; sel sits on selectable ones */
	bool scroll_only;	/* no selection: movement scrolls (overview, plan) */
	struct screen_ref {
		size_t conn, item;
	} *refs;
	size_t n_refs, cap_refs;
	size_t conn, item; /* a pushed screen's subject (the plan shown) */
};

/* The transaction list of one account. */
struct txns_state {
	size_t conn, acct;
	size_t *match;	 /* indexes into the account's txns that pass search + filter */
	size_t n_match;
	size_t cap_match;
	struct list_cursor cur;
	char query[128]; /* search text (raw bytes typed) */
	size_t qlen;
	bool searching;	   /* '/' typed: keys go to the query */
	struct txn_filter filter; /* 'f' (and 'p': pending only) */
	/* The 'f' form: pending only, amount from/to, date from/to; what was
	 * typed stays there for the next 'f'. */
	bool form;
	size_t form_field; /* TXNS_FORM_* */
	bool form_pending;
	char form_text[4][24];
	size_t form_len[4];
	bool detail;	   /* Enter: the selected transaction's details */
	struct view detail_view;
	/* A search or filter runs in slices of a few milliseconds (one per key,
	 * then idle() while no key waits), so a key never waits for a million
	 * rows: match[0, n_match) holds the matches found so far.  Narrowing
	 * (the query grew) tests match[scan_pos, scan_end) in place; a full
	 * scan tests the account's transactions scan_pos .. scan_end. */
	bool scanning, scan_narrow;
	size_t scan_pos, scan_end;
	/* The running balance of a row is the account balance minus the
	 * posted amounts above it: bal_sum[k] is the sum of the posted amounts
	 * of txns [0, k * TXNS_BAL_STEP), built with the screen; rows from
	 * bal_limit on (the sum overflowed) show none. */
	int64_t *bal_sum;
	size_t n_bal_sum, bal_limit;
};

#define TXNS_BAL_STEP 128

/* The fields of the transactions' filter form, in order. */
enum {
	TXNS_FORM_PENDING,
	TXNS_FORM_MIN,
	TXNS_FORM_MAX,
	TXNS_FORM_FROM,
	TXNS_FORM_TO,
	TXNS_FORM_FIELDS,
};

/* Shared by the line-based screens (common.c). */
void *screens_lines_new(struct app *a);
void screens_lines_free(void *state);
/* Starts a rebuild: clears the view and refs. */
void screens_lines_reset(struct lines_state *st);
/* Adds a selectable line that refers to (conn, item). */
struct vline *screens_lines_row(struct lines_state *st, size_t conn, size_t item);
/* Fits the cursor after a rebuild (keeps the selection on a selectable
 * line). */
void screens_lines_fit(struct lines_state *st, const struct app *a);
/* Movement and clicks; SCREEN_IGNORED for anything else. */
unsigned screens_lines_handle(void *state, struct app *a, const struct ui_event *ev);
void screens_lines_draw(const void *state, const struct app *a, int top);
/* The ref of the selected line, or NULL when none is selected. */
const struct screen_ref *screens_lines_selected(const struct lines_state *st);

/* "1234.56 USD" in the user's monetary format; "+" in front when plus and
 * the amount is positive. */
char *screens_money(struct money m, bool plus, char buf[MONEY_LOCALE_MAX + 1]);
/* A name for a connection (display name, institution, connection name). */
const char *screens_conn_name(const struct store_conn *c);

/* send.c: the Transfers screen's dialogs.  conn (may be NULL: the first
 * connection with contacts) and contact_id (may be NULL) preselect. */
void screens_send_open(struct app *a, const char *conn, const char *contact_id);
void screens_contact_add_open(struct app *a, const char *conn);
/* The store changed while a send dialog is open (a new contact may have
 * arrived). */
void screens_send_store_changed(struct app *a);

/* Transactions: (re)compute the matches for the query and filter. */
void screens_txns_filter(struct txns_state *st, struct app *a);

/* The Timeline (timeline.c): a chart of one funding account's projected
 * balance (the account of the selected row) above the list of obligations,
 * one selectable row each. */
struct timeline_state {
	struct timeline tl;
	struct view chart; /* title, plot rows, markers, dates, legend */
	struct view head;  /* the list's column titles */
	struct view list;  /* line i shows tl.entries[i] */
	struct list_cursor cur;
	size_t list_rows;  /* rows of the body the list gets */
	bool utf8;	   /* block characters; else the ASCII chart */
};

/* One chart: n daily balances (minor units of currency), end[0] being the
 * end of first_day, drawn `height` rows high in `cols` columns: `height`
 * plot rows (labels: highest, "0", "low", lowest), a marker row ("!" under
 * a column with a balance below zero, "~" below the threshold low when
 * has_low) and a date row.  A column shows the lowest balance of its days
 * when there are more days than columns, and a day spans one or more
 * columns when there are fewer. */
struct screens_chart {
	const int64_t *end;
	size_t n;
	int64_t first_day;
	const char *currency;
	bool has_low;
	int64_t low;
	size_t height, cols;
	bool utf8;
};
void screens_chart(struct view *v, const struct screens_chart *c);
/* The display column (from the line's start) of day d's first cell. */
size_t screens_chart_col(const struct screens_chart *c, size_t d);

#endif

/* timeline.c — tab 6: the next 60 days of obligations (bills, BNPL
 * installments, scheduled payments), day by day, with the projected balance
 * of each account that pays them (src/core/timeline.c decides which), and a
 * chart of the selected row's account over the 60 days.
 *
 * The chart uses block characters when the locale is UTF-8 and '#' '.' 'o'
 * otherwise; the zero and low-balance lines are labelled on the axis, and a
 * marker row puts "!" under days below zero and "~" under days below the
 * threshold (config low_balance_threshold), so nothing depends on colour.
 * Enter opens the BNPL plan of an installment, or the Bills tab for a bill
 * or a scheduled payment (q comes back). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "config.h"
#include "date.h"
#include "screens/screens.h"
#include "store.h"
#include "ui/glyph.h"
#include "ui/widgets.h"
#include "xmalloc.h"

#define TIMELINE_DAYS 60

static const struct keybind tlscr_binds[] = {
	{ '\n', ACT_ENTER, "open the row: its BNPL plan, or the Bills tab (q comes back)" },
};
static const struct keymap tlscr_keys = { tlscr_binds, 1 };

/* ---- the chart ----------------------------------------------------------- */

struct chart_layout {
	int64_t lo, hi;		/* the value range drawn */
	char lo_s[MONEY_DECIMAL_MAX], hi_s[MONEY_DECIMAL_MAX];
	size_t label_w;		/* the axis labels' width; the axis is the next column */
	size_t width;		/* plot columns */
};

static void chart_layout(const struct screens_chart *c, struct chart_layout *l)
{
	memset(l, 0, sizeof *l);
	for (size_t i = 0; i < c->n; i++) {
		if (c->end[i] < l->lo)
			l->lo = c->end[i];
		if (c->end[i] > l->hi)
			l->hi = c->end[i];
	}
	if (c->has_low && c->low < l->lo)
		l->lo = c->low;
	if (c->has_low && c->low > l->hi)
		l->hi = c->low;
	if (l->hi == l->lo)
		l->hi = l->lo + 1; /* lo <= 0 here, so no overflow */
	struct money m = { l->hi, "" };
	snprintf(m.currency, sizeof m.currency, "%s", c->currency != NULL ? c->currency : "");
	money_format_decimal(m, l->hi_s);
	m.minor = l->lo;
	money_format_decimal(m, l->lo_s);
	l->label_w = strlen(l->hi_s) > strlen(l->lo_s) ? strlen(l->hi_s) : strlen(l->lo_s);
	if (l->label_w < 5)
		l->label_w = 5; /* "0,low" */
	l->width = c->cols > l->label_w + 2 ? c->cols - l->label_w - 1 : 1;
}

/* The plot columns of day d: [first, end).  With fewer columns than days,
 * several days share a column. */
static size_t chart_day_col(const struct chart_layout *l, size_t n, size_t d, size_t *end)
{
	n = n > 0 ? n : 1;
	size_t x0 = d * l->width / n, x1 = (d + 1) * l->width / n;
	if (end != NULL)
		*end = x1 > x0 ? x1 : x0 + 1;
	return x0;
}

size_t screens_chart_col(const struct screens_chart *c, size_t d)
{
	struct chart_layout l;
	chart_layout(c, &l);
	return l.label_w + 1 + chart_day_col(&l, c->n, d, NULL);
}

/* The fill of v in eighths of a row: 1 (the lowest) to levels. */
static size_t chart_level(int64_t v, const struct chart_layout *l, size_t levels)
{
	uint64_t span = (uint64_t)l->hi - (uint64_t)l->lo, dv = (uint64_t)v - (uint64_t)l->lo;
	uint64_t lim = UINT64_MAX / levels;
	if (span > lim) {
		uint64_t q = span / lim + 1;
		span /= q;
		dv /= q;
	}
	return 1 + (size_t)(dv * (levels - 1) / span);
}

/* Appends text in role to line l, merging with the previous segment when
 * the role is the same. */
struct chart_run {
	struct vline *line;
	struct buf text;
	enum theme_role role;
};

static void chart_flush(struct chart_run *r)
{
	if (r->text.len > 0)
		view_text(r->line, r->role, r->text.data);
	buf_reset(&r->text);
}

static void chart_put(struct chart_run *r, enum theme_role role, const char *s)
{
	if (role != r->role)
		chart_flush(r);
	r->role = role;
	buf_append_str(&r->text, s);
}

static enum theme_role chart_role(const struct screens_chart *c, int64_t v)
{
	if (v < 0)
		return ROLE_NEGATIVE;
	return c->has_low && v < c->low ? ROLE_WARNING : ROLE_POSITIVE;
}

void screens_chart(struct view *v, const struct screens_chart *c)
{
	static const char *const blocks_utf8[9] = { " ", "\u2581", "\u2582", "\u2583", "\u2584",
						    "\u2585", "\u2586", "\u2587", "\u2588" };
	static const char *const blocks_ascii[9] = { " ", ".", ".", ".", "o", "o", "o", "o", "#" };
	const char *const *blocks = c->utf8 ? blocks_utf8 : blocks_ascii;
	struct chart_layout l;
	chart_layout(c, &l);
	size_t h = c->height > 0 ? c->height : 1, levels = h * 8;
	/* The lowest balance of each plot column. */
	int64_t *col = xcalloc(l.width + 1, sizeof *col);
	bool *seen = xcalloc(l.width + 1, sizeof *seen);
	for (size_t d = 0; d < c->n; d++) {
		size_t x1, x0 = chart_day_col(&l, c->n, d, &x1);
		for (size_t x = x0; x < x1 && x < l.width; x++) {
			if (!seen[x] || c->end[d] < col[x])
				col[x] = c->end[d];
			seen[x] = true;
		}
	}
	size_t zero_row = h - 1 - (chart_level(0, &l, levels) - 1) / 8;
	size_t low_row = c->has_low ? h - 1 - (chart_level(c->low, &l, levels) - 1) / 8 : h;
	struct chart_run run = { NULL, BUF_INIT, ROLE_NORMAL };
	for (size_t r = 0; r < h; r++) {
		size_t b = h - 1 - r; /* rows from the bottom */
		const char *label = "";
		if (r == zero_row)
			label = r == low_row ? "0,low" : "0";
		else if (r == low_row)
			label = "low";
		else if (r == 0)
			label = l.hi_s;
		else if (r == h - 1)
			label = l.lo_s;
		run.line = view_line(v, false, -1);
		view_cell(run.line, ROLE_MUTED, label, l.label_w, SANITIZE_RIGHT);
		run.role = ROLE_MUTED;
		chart_put(&run, ROLE_MUTED,
			  r == zero_row ? (c->utf8 ? "\u253c" : "+") : (c->utf8 ? "\u2524" : "|"));
		for (size_t x = 0; x < l.width; x++) {
			size_t lv = seen[x] ? chart_level(col[x], &l, levels) : 0;
			if (lv > b * 8) {
				size_t eighths = lv - b * 8 > 8 ? 8 : lv - b * 8;
				chart_put(&run, chart_role(c, col[x]), blocks[eighths]);
			} else if (r == zero_row) {
				chart_put(&run, ROLE_MUTED, c->utf8 ? "\u2500" : "-");
			} else if (r == low_row) {
				chart_put(&run, ROLE_WARNING, c->utf8 ? "\u2504" : "~");
			} else {
				chart_put(&run, ROLE_NORMAL, " ");
			}
		}
		chart_flush(&run);
	}
	/* The marker row: what the colours say, in characters. */
	run.line = view_line(v, false, -1);
	view_cell(run.line, ROLE_NORMAL, "", l.label_w + 1, SANITIZE_LEFT);
	for (size_t x = 0; x < l.width; x++) {
		if (seen[x] && col[x] < 0)
			chart_put(&run, ROLE_NEGATIVE, "!");
		else if (seen[x] && c->has_low && col[x] < c->low)
			chart_put(&run, ROLE_WARNING, "~");
		else
			chart_put(&run, ROLE_NORMAL, " ");
	}
	chart_flush(&run);
	/* The date row: the first day, the middle one and the last one (MM-DD). */
	char *dates = xmalloc(l.width + 1);
	memset(dates, ' ', l.width);
	dates[l.width] = '\0';
	size_t picks[3] = { 0, c->n / 2, c->n > 0 ? c->n - 1 : 0 };
	size_t next_free = 0;
	for (size_t i = 0; i < 3 && c->n > 0; i++) {
		char d[DATE_STR_MAX];
		date_format(c->first_day + (int64_t)picks[i], d);
		size_t x = chart_day_col(&l, c->n, picks[i], NULL);
		if (i == 2) /* the last label ends at the plot's right edge */
			x = l.width >= 5 ? l.width - 5 : 0;
		else if (i == 1)
			x = x >= 2 ? x - 2 : 0;
		if (x < next_free || x + 5 > l.width)
			continue;
		memcpy(dates + x, d + 5, 5);
		next_free = x + 6;
	}
	run.line = view_line(v, false, -1);
	view_cell(run.line, ROLE_NORMAL, "", l.label_w + 1, SANITIZE_LEFT);
	view_text(run.line, ROLE_MUTED, dates);
	free(dates);
	buf_free(&run.text);
	free(col);
	free(seen);
}

/* ---- the screen ---------------------------------------------------------- */

static void *tlscr_init(struct app *a)
{
	(void)a;
	return xcalloc(1, sizeof(struct timeline_state));
}

static void tlscr_free(void *state)
{
	struct timeline_state *st = state;
	if (st == NULL)
		return;
	timeline_clear(&st->tl);
	view_clear(&st->chart);
	view_clear(&st->head);
	view_clear(&st->list);
	free(st);
}

/* The threshold for account k, when one is configured in its currency. */
static bool tlscr_low(const struct app *a, const struct timeline_account *ta, int64_t *low)
{
	if (a->cfg == NULL || !a->cfg->has_low_balance ||
	    strcmp(a->cfg->low_balance.currency, ta->start.currency) != 0)
		return false;
	*low = a->cfg->low_balance.minor;
	return true;
}

/* The account whose chart is shown: the selected row's, else the first. */
static size_t tlscr_charted(const struct timeline_state *st)
{
	size_t k = st->cur.sel < st->tl.n_entries ? st->tl.entries[st->cur.sel].funding
						  : TIMELINE_NO_FUNDING;
	return k != TIMELINE_NO_FUNDING ? k : 0;
	return 0;
}

static size_t tlscr_plot_rows(const struct app *a)
{
	int h = (a->body_rows - 7) / 2;
	return (size_t)(h < 3 ? 3 : h > 12 ? 12 : h);
}

static void tlscr_build_chart(struct timeline_state *st, const struct app *a)
{
	view_clear(&st->chart);
	size_t cols = (size_t)a->body_cols;
	if (st->tl.n_accounts == 0) {
		view_add_text(&st->chart, ROLE_MUTED,
			      "  no account pays anything in the next 60 days", cols);
		return;
	}
	size_t k = tlscr_charted(st);
	const struct timeline_account *ta = &st->tl.accounts[k];
	char b1[MONEY_LOCALE_MAX + 1], b2[MONEY_LOCALE_MAX + 1], d1[DATE_STR_MAX];
	struct money lowest = { ta->lowest, "" };
	memcpy(lowest.currency, ta->start.currency, 4);
	struct buf t = BUF_INIT;
	buf_printf(&t, "%s%s %s %s (%zu/%zu): ", ta->below_zero ? "! " : "", ta->account->name,
		   st->utf8 ? "\u00b7" : "-", screens_conn_name(ta->conn), k + 1,
		   st->tl.n_accounts);
	if (ta->below_zero)
		buf_printf(&t, "below zero on %s, lowest %s", date_format(ta->below_zero, d1),
			   screens_money(lowest, false, b1));
	else
		buf_printf(&t, "now %s, lowest %s on %s", screens_money(ta->start, false, b1),
			   screens_money(lowest, false, b2), date_format(ta->lowest_day, d1));
	view_add_text(&st->chart, ta->below_zero ? ROLE_WARNING : ROLE_HEADER, t.data, cols);
	buf_free(&t);
	struct screens_chart c = { ta->end, (size_t)st->tl.days + 1, st->tl.today,
				   ta->start.currency, false, 0, tlscr_plot_rows(a), cols,
				   st->utf8 };
	c.has_low = tlscr_low(a, ta, &c.low);
	screens_chart(&st->chart, &c);
	struct vline *l = view_line(&st->chart, false, -1);
	view_text(l, ROLE_NEGATIVE, "  ! below zero");
	if (c.has_low) {
		struct money m = { c.low, "" };
		memcpy(m.currency, ta->start.currency, 4);
		char *s = xasprintf("   ~ below low %s", screens_money(m, false, b1));
		view_text(l, ROLE_WARNING, s);
		free(s);
	}
}

struct tlscr_cols {
	size_t what, amount, bal, n_bal;
};

static void tlscr_columns(const struct timeline_state *st, size_t cols, struct tlscr_cols *w)
{
	w->amount = 13;
	w->bal = 14;
	size_t fixed = 2 + 11 + w->amount;
	size_t room = cols > fixed + 20 ? cols - fixed - 20 : 0;
	w->n_bal = room / w->bal;
	if (w->n_bal > st->tl.n_accounts)
		w->n_bal = st->tl.n_accounts;
	if (w->n_bal == 0 && st->tl.n_accounts > 0)
		w->n_bal = 1;
	/* Wider balance columns, up to the longest account name, when there
	 * is room to spare. */
	for (size_t k = 0; k < w->n_bal; k++) {
		const char *name = st->tl.accounts[k].account->name;
		char *clean = sanitize_line(name, strlen(name));
		size_t want = sanitize_width(clean) + 2;
		free(clean);
		if (want > w->bal && want <= 24 && fixed + 20 + w->n_bal * want <= cols)
			w->bal = want;
	}
	size_t used = fixed + w->n_bal * w->bal;
	w->what = cols > used + 8 ? cols - used : 8;
}

static const char *tlscr_kind(const struct obligation *o)
{
	if (o->kind == OBLIGATION_INSTALLMENT)
		return "BNPL";
	if (o->kind == OBLIGATION_SCHEDULED)
		return "scheduled";
	return o->autopay ? "autopay" : "bill";
}

/* A balance cell: "!" below zero, "~" below the threshold. */
static void tlscr_balance_cell(struct vline *l, const struct app *a,
				  const struct timeline_account *ta, int64_t v, size_t w)
{
	char b1[MONEY_LOCALE_MAX + 1];
	struct money m = { v, "" };
	memcpy(m.currency, ta->start.currency, 4);
	int64_t low;
	bool has_low = tlscr_low(a, ta, &low);
	const char *mark = v < 0 ? "!" : has_low && v < low ? "~" : " ";
	char *s = xasprintf("%s%s", mark, screens_money(m, false, b1));
	view_cell(l, v < 0 ? ROLE_NEGATIVE : has_low && v < low ? ROLE_WARNING : ROLE_NORMAL, s,
		  w, SANITIZE_RIGHT);
	free(s);
}

static void tlscr_build_list(struct timeline_state *st, const struct app *a)
{
	view_clear(&st->head);
	view_clear(&st->list);
	size_t cols = (size_t)a->body_cols;
	struct tlscr_cols w;
	tlscr_columns(st, cols, &w);
	struct vline *h = view_line(&st->head, false, -1);
	view_cell(h, ROLE_HEADER, "  Date", 13, SANITIZE_LEFT);
	view_cell(h, ROLE_HEADER, "What", w.what, SANITIZE_LEFT);
	view_cell(h, ROLE_HEADER, "Amount", w.amount, SANITIZE_RIGHT);
	for (size_t k = 0; k < w.n_bal; k++) {
		/* The balance columns are titled with the account's name. */
		char *t = sanitize_line(st->tl.accounts[k].account->name,
					strlen(st->tl.accounts[k].account->name));
		char *cut = sanitize_truncate(t, w.bal - 1, true, NULL);
		view_cell(h, ROLE_HEADER, cut, w.bal, SANITIZE_RIGHT);
		free(cut);
		free(t);
	}
	char b1[MONEY_LOCALE_MAX + 1], d1[DATE_STR_MAX];
	for (size_t i = 0; i < st->tl.n_entries; i++) {
		const struct timeline_entry *en = &st->tl.entries[i];
		const struct obligation *o = &en->ob;
		bool first = i == 0 || st->tl.entries[i - 1].day != en->day;
		bool last = i + 1 == st->tl.n_entries || st->tl.entries[i + 1].day != en->day;
		struct vline *l = view_line(&st->list, true, (long)i);
		view_cell(l, o->overdue ? ROLE_WARNING : ROLE_NORMAL, o->overdue ? "! " : "  ", 2,
			  SANITIZE_LEFT);
		view_cell(l, ROLE_NORMAL, first ? date_format(en->day, d1) : "", 11, SANITIZE_LEFT);
		struct buf what = BUF_INIT;
		buf_printf(&what, "%s (%s%s)", o->title ? o->title : "?", tlscr_kind(o),
			   o->overdue ? ", overdue" : "");
		if (en->funding == TIMELINE_NO_FUNDING)
			buf_append_str(&what, st->utf8 ? " \u2014 no account pays it"
						       : " -- no account pays it");
		view_cell(l, ROLE_NORMAL, what.data, w.what, SANITIZE_LEFT);
		buf_free(&what);
		struct money neg;
		if (!money_neg(o->amount, &neg, NULL))
			neg = o->amount;
		view_cell(l, ROLE_NEGATIVE, screens_money(neg, false, b1), w.amount,
			  SANITIZE_RIGHT);
		for (size_t k = 0; k < w.n_bal && last; k++)
			tlscr_balance_cell(l, a, &st->tl.accounts[k],
					      timeline_balance(&st->tl, k, en->day), w.bal);
	}
}

static void tlscr_build(void *state, struct app *a)
{
	struct timeline_state *st = state;
	timeline_clear(&st->tl);
	view_clear(&st->chart);
	view_clear(&st->head);
	view_clear(&st->list);
	st->utf8 = glyph_locale_utf8();
	struct err e = ERR_INIT;
	if (a->store == NULL) {
		st->list_rows = 0;
		return;
	}
	if (!timeline_build(a->store, a->today, TIMELINE_DAYS, &st->tl, &e)) {
		view_add_text(&st->chart, ROLE_ERROR, e.msg, (size_t)a->body_cols);
		st->list_rows = 0;
		return;
	}
	tlscr_build_list(st, a);
	st->cur.n = st->list.n;
	tlscr_build_chart(st, a);
	size_t used = st->chart.n + st->head.n;
	st->list_rows = (size_t)a->body_rows > used ? (size_t)a->body_rows - used : 1;
	list_cursor_fit(&st->cur, st->list_rows);
	if (st->list.n == 0)
		view_add_text(&st->list, ROLE_MUTED, "  nothing due in the next 60 days",
			      (size_t)a->body_cols);
}

/* Enter: a BNPL installment opens its plan; a bill or a scheduled payment
 * the Bills tab, pushed so that q comes back here. */
static unsigned tlscr_open(struct timeline_state *st, struct app *a)
{
	if (st->cur.sel >= st->tl.n_entries)
		return SCREEN_HANDLED;
	const struct timeline_entry *en = &st->tl.entries[st->cur.sel];
	if (en->ob.kind == OBLIGATION_INSTALLMENT) {
		struct lines_state *p = screens_lines_new(a);
		p->scroll_only = true;
		p->conn = en->conn_index;
		p->item = en->item;
		a->push = (struct screen){ &screen_plan_ops, p };
	} else {
		a->push = (struct screen){ &screen_bills_ops, screen_bills_ops.init(a) };
	}
	return SCREEN_HANDLED | SCREEN_PUSH;
}

static unsigned tlscr_handle(void *state, struct app *a, const struct ui_event *ev)
{
	struct timeline_state *st = state;
	size_t before = tlscr_charted(st);
	switch (ev->action) {
	case ACT_ENTER:
		return tlscr_open(st, a);
	case ACT_CLICK: {
		size_t y0 = st->chart.n + st->head.n;
		if (ev->y < 0)
			return SCREEN_IGNORED; /* the tab bar */
		if ((size_t)ev->y < y0)
			return SCREEN_HANDLED;
		size_t i = st->cur.top + ((size_t)ev->y - y0);
		if (i >= st->tl.n_entries)
			return SCREEN_HANDLED;
		st->cur.sel = i;
		break;
	}
	default:
		if (!list_cursor_move(&st->cur, ev->action, st->list_rows))
			return SCREEN_IGNORED;
	}
	list_cursor_fit(&st->cur, st->list_rows);
	/* The chart follows the selected row's account. */
	if (tlscr_charted(st) != before)
		tlscr_build_chart(st, a);
	return SCREEN_HANDLED | SCREEN_REDRAW;
}

static void tlscr_draw(const void *state, const struct app *a, int top)
{
	const struct timeline_state *st = state;
	int rows = a->body_rows, cols = a->body_cols, y = top;
	int nc = (int)st->chart.n < rows ? (int)st->chart.n : rows;
	ui_draw_view(&st->chart, 0, y, nc, cols, -1);
	y += nc;
	if (y < top + rows) {
		ui_draw_view(&st->head, 0, y, 1, cols, -1);
		y++;
	}
	long sel = st->tl.n_entries > 0 ? (long)st->cur.sel : -1;
	if (y < top + rows)
		ui_draw_view(&st->list, st->cur.top, y, top + rows - y, cols, sel);
}

const struct screen_ops screen_timeline_ops = {
	.name = "Timeline",
	.tab = 6,
	.keys = &tlscr_keys,
	.hints = "j/k select  Enter open",
	.init = tlscr_init,
	.free = tlscr_free,
	.build = tlscr_build,
	.handle = tlscr_handle,
	.draw = tlscr_draw,
};

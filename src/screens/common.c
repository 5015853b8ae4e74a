/* common.c — what the line-based screens share: the state, the cursor over
 * selectable lines, painting, and money formatting. */
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "screens/screens.h"
#include "store.h"
#include "ui/widgets.h"
#include "xmalloc.h"

void *screens_lines_new(struct app *a)
{
	(void)a;
	return xcalloc(1, sizeof(struct lines_state));
}

void screens_lines_free(void *state)
{
	struct lines_state *st = state;
	if (st == NULL)
		return;
	view_clear(&st->view);
	free(st->refs);
	free(st);
}

void screens_lines_reset(struct lines_state *st)
{
	view_clear(&st->view);
	st->n_refs = 0;
}

struct vline *screens_lines_row(struct lines_state *st, size_t conn, size_t item)
{
	if (st->n_refs == st->cap_refs) {
		st->cap_refs = st->cap_refs ? st->cap_refs * 2 : 16;
		st->refs = xreallocarray(st->refs, st->cap_refs, sizeof *st->refs);
	}
	st->refs[st->n_refs] = (struct screen_ref){ conn, item };
	return view_line(&st->view, true, (long)st->n_refs++);
}

void screens_lines_fit(struct lines_state *st, const struct app *a)
{
	size_t rows = (size_t)a->body_rows;
	st->cur.n = st->view.n;
	if (st->scroll_only) {
		/* The cursor is the first visible line. */
		size_t max = st->view.n > rows ? st->view.n - rows : 0;
		if (st->cur.top > max)
			st->cur.top = max;
		st->cur.sel = st->cur.top;
		return;
	}
	if (st->cur.sel >= st->view.n || !st->view.lines[st->cur.sel].selectable) {
		size_t s = st->cur.sel < st->view.n ? st->cur.sel : 0;
		size_t next = view_next_selectable(&st->view, s, +1);
		if (next == s && (s >= st->view.n || !st->view.lines[s].selectable))
			next = view_next_selectable(&st->view, s, -1);
		st->cur.sel = next;
	}
	list_cursor_fit(&st->cur, rows);
	/* Show the headings above the first row when there is room. */
	if (st->cur.sel < rows)
		st->cur.top = 0;
}

unsigned screens_lines_handle(void *state, struct app *a, const struct ui_event *ev)
{
	struct lines_state *st = state;
	size_t rows = (size_t)a->body_rows;
	if (st->scroll_only) {
		size_t max = st->view.n > rows ? st->view.n - rows : 0;
		size_t page = rows > 1 ? rows - 1 : 1;
		size_t t = st->cur.top;
		switch (ev->action) {
		case ACT_UP: t = t > 0 ? t - 1 : 0; break;
		case ACT_DOWN: t++; break;
		case ACT_PAGE_UP: t = t > page ? t - page : 0; break;
		case ACT_PAGE_DOWN: t += page; break;
		case ACT_HOME: t = 0; break;
		case ACT_END: t = max; break;
		default: return SCREEN_IGNORED;
		}
		st->cur.top = t > max ? max : t;
		st->cur.sel = st->cur.top;
		return SCREEN_HANDLED | SCREEN_REDRAW;
	}
	size_t sel = st->cur.sel;
	switch (ev->action) {
	case ACT_UP: sel = view_next_selectable(&st->view, sel, -1); break;
	case ACT_DOWN: sel = view_next_selectable(&st->view, sel, +1); break;
	case ACT_PAGE_UP:
	case ACT_PAGE_DOWN:
	case ACT_HOME:
	case ACT_END:
		list_cursor_move(&st->cur, ev->action, rows);
		sel = st->cur.sel;
		if (sel < st->view.n && !st->view.lines[sel].selectable) {
			int dir = ev->action == ACT_PAGE_UP || ev->action == ACT_HOME ? +1 : -1;
			size_t n = view_next_selectable(&st->view, sel, dir);
			sel = n != sel ? n : view_next_selectable(&st->view, sel, -dir);
		}
		break;
	case ACT_CLICK: {
		if (ev->y < 0)
			return SCREEN_IGNORED;
		size_t i = st->cur.top + (size_t)ev->y;
		if (i >= st->view.n || !st->view.lines[i].selectable)
			return SCREEN_HANDLED;
		sel = i;
		break;
	}
	default:
		return SCREEN_IGNORED;
	}
	st->cur.sel = sel;
	list_cursor_fit(&st->cur, rows);
	if (st->cur.sel < rows && ev->action != ACT_CLICK)
		st->cur.top = 0;
	return SCREEN_HANDLED | SCREEN_REDRAW;
}

void screens_lines_draw(const void *state, const struct app *a, int top)
{
	const struct lines_state *st = state;
	long sel = st->scroll_only || st->view.n == 0 ? -1 : (long)st->cur.sel;
	ui_draw_view(&st->view, st->cur.top, top, a->body_rows, a->body_cols, sel);
}

const struct screen_ref *screens_lines_selected(const struct lines_state *st)
{
	if (st->scroll_only || st->cur.sel >= st->view.n)
		return NULL;
	const struct vline *l = &st->view.lines[st->cur.sel];
	if (!l->selectable || l->ref < 0 || (size_t)l->ref >= st->n_refs)
		return NULL;
	return &st->refs[l->ref];
}

char *screens_money(struct money m, bool plus, char buf[MONEY_LOCALE_MAX + 1])
{
	char tmp[MONEY_LOCALE_MAX];
	money_format_locale(m, tmp);
	snprintf(buf, MONEY_LOCALE_MAX + 1, "%s%s", plus && m.minor > 0 ? "+" : "", tmp);
	return buf;
}

const char *screens_conn_name(const struct store_conn *c)
{
	if (c->display_name != NULL)
		return c->display_name;
	if (c->institution.name != NULL)
		return c->institution.name;
	return c->name != NULL ? c->name : "?";
}

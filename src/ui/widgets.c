/* widgets.c — the curses painting of bars, lists, the help overlay and the
 * lock prompt. */
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "buf.h"
#include "store.h"
#include "ui/form.h"
#include "ui/glyph.h"
#include "ui/payui.h"
#include "ui/widgets.h"
#include "xmalloc.h"

size_t ui_put(int y, int x, size_t cols, enum theme_role role, const char *clean)
{
	if (cols == 0)
		return 0;
	size_t w;
	char *fit = glyph_truncate(clean, cols, true, &w);
	attrset((attr_t)theme_attr(role));
	mvaddstr(y, x, fit);
	attrset(A_NORMAL);
	free(fit);
	return w;
}

void ui_draw_view(const struct view *v, size_t top, int y0, int rows, int cols, long sel)
{
	for (int r = 0; r < rows; r++) {
		size_t i = top + (size_t)r;
		move(y0 + r, 0);
		clrtoeol();
		if (i >= v->n)
			continue;
		const struct vline *l = &v->lines[i];
		bool hi = sel >= 0 && (size_t)sel == i;
		size_t x = 0;
		for (size_t s = 0; s < l->n && x < (size_t)cols; s++) {
			enum theme_role role = hi ? ROLE_SELECTION : l->segs[s].role;
			x += ui_put(y0 + r, (int)x, (size_t)cols - x, role, l->segs[s].text);
		}
		if (hi) {
			/* Mark the selection without relying on colour or
			 * reverse video alone: the row is filled to the edge. */
			attrset((attr_t)theme_attr(ROLE_SELECTION));
			for (; x < (size_t)cols; x++)
				addch(' ');
			attrset(A_NORMAL);
		}
	}
}

/* Tab labels: the full one, and a short one for narrow terminals. */
static const char *widgets_tab_label(const struct screen_ops *ops, bool narrow, char buf[32])
{
	if (narrow)
		snprintf(buf, 32, " %d %.4s ", ops->tab, ops->name);
	else
		snprintf(buf, 32, " %d %s ", ops->tab, ops->name);
	return buf;
}

/* The connections' part of the top bar at a detail level (see
 * ui_conn_status); caller frees with buf_free. */
static void widgets_conns(const struct app *a, int level, struct buf *out)
{
	buf_reset(out);
	for (size_t i = 0; a->store != NULL && i < a->store->n_conns; i++) {
		char *st = ui_conn_status(&a->store->conns[i], level);
		buf_printf(out, "%s%s", i ? " \u2502 " : "", st);
		free(st);
	}
}

/* Short tab labels when the full ones would not leave room for the
 * connections with their times. */
static bool widgets_narrow(const struct app *a)
{
	size_t tabs = 0;
	char buf[32];
	for (size_t i = 0; app_tabs[i] != NULL; i++)
		tabs += strlen(widgets_tab_label(app_tabs[i], false, buf));
	struct buf conns = BUF_INIT;
	widgets_conns(a, 1, &conns);
	size_t need = tabs + 1 + (conns.len ? glyph_width(conns.data) : 0);
	buf_free(&conns);
	return need > (size_t)a->cols;
}

int ui_tab_at(const struct app *a, int x)
{
	int at = 0;
	char buf[32];
	bool narrow = widgets_narrow(a);
	for (size_t i = 0; app_tabs[i] != NULL; i++) {
		int w = (int)strlen(widgets_tab_label(app_tabs[i], narrow, buf));
		if (x >= at && x < at + w)
			return app_tabs[i]->tab;
		at += w;
	}
	return 0;
}

static void widgets_clock(int64_t t, char out[8])
{
	time_t tt = (time_t)t;
	struct tm tm;
	if (t == 0 || localtime_r(&tt, &tm) == NULL)
		snprintf(out, 8, "--:--");
	else
		snprintf(out, 8, "%02d:%02d", tm.tm_hour, tm.tm_min);
}

char *ui_conn_status(const struct store_conn *c, int level)
{
	const char *name = c->display_name ? c->display_name
			   : c->institution.name ? c->institution.name
						 : c->name;
	char *clean = sanitize_line(name ? name : "?", name ? strlen(name) : 1);
	if (level > 0 && strchr(clean, ' ') != NULL)
		*strchr(clean, ' ') = '\0';
	char hm[8];
	widgets_clock(c->last_success, hm);
	if (level > 1)
		hm[0] = '\0';
	char *s;
	switch (c->state) {
	case CONN_OK: s = xasprintf("%s \u2713%s%s", clean, hm[0] ? " " : "", hm); break;
	case CONN_SYNCING:
		s = xasprintf("%s \u27f3 %u/%u", clean, c->progress_done, c->progress_total);
		break;
	case CONN_OFFLINE: s = xasprintf("%s \u2717 offline%s%s", clean, hm[0] ? " " : "", hm); break;
	case CONN_RATE_LIMITED: s = xasprintf("%s ! rate limited", clean); break;
	case CONN_NEEDS_RELINK: s = xasprintf("%s ! re-link", clean); break;
	case CONN_ERROR: s = xasprintf("%s ! error", clean); break;
	case CONN_NEVER_SYNCED:
	default: s = xasprintf("%s \u2026 not synced", clean); break;
	}
	free(clean);
	return s;
}

static enum theme_role widgets_conn_role(enum conn_state st)
{
	switch (st) {
	case CONN_OK:
	case CONN_SYNCING:
		return ROLE_BAR;
	default:
		return ROLE_WARNING;
	}
}

void ui_draw_topbar(const struct app *a)
{
	move(0, 0);
	attrset((attr_t)theme_attr(ROLE_BAR));
	for (int x = 0; x < a->cols; x++)
		addch(' ');
	attrset(A_NORMAL);
	int active = 0;
	if (a->depth > 0) {
		for (size_t i = a->depth; i-- > 0;)
			if (a->stack[i].ops->tab != 0) {
				active = a->stack[i].ops->tab;
				break;
			}
	}
	int x = 0;
	char buf[32];
	bool narrow = widgets_narrow(a);
	for (size_t i = 0; app_tabs[i] != NULL; i++) {
		const struct screen_ops *t = app_tabs[i];
		const char *label = widgets_tab_label(t, narrow, buf);
		bool on = t->tab == active;
		/* Brackets mark the active tab for monochrome terminals too. */
		if (on) {
			buf[0] = '[';
			buf[strlen(buf) - 1] = ']';
		}
		x += (int)ui_put(0, x, (size_t)(a->cols - x), on ? ROLE_TAB_ACTIVE : ROLE_BAR,
				 label);
	}
	/* Connections, right-aligned: full names, else the first word of each,
	 * else cut with "…". */
	struct buf right = BUF_INIT;
	size_t room = a->cols > x + 1 ? (size_t)(a->cols - x - 1) : 0;
	for (int level = 0; level < 3; level++) {
		widgets_conns(a, level, &right);
		if (right.len == 0 || glyph_width(right.data) <= room)
			break;
	}
	if (right.len > 0) {
		size_t w = glyph_width(right.data);
		const char *text = right.data;
		enum theme_role role = ROLE_BAR;
		for (size_t i = 0; a->store != NULL && i < a->store->n_conns; i++)
			if (widgets_conn_role(a->store->conns[i].state) == ROLE_WARNING)
				role = ROLE_WARNING;
		if (w <= room)
			ui_put(0, a->cols - (int)w, room, role, text);
		else
			ui_put(0, x + 1, room, role, text);
	}
	buf_free(&right);
}

void ui_draw_bottom(const struct app *a)
{
	int y = a->rows - 1;
	move(y, 0);
	clrtoeol();
	/* Payments in flight come first: they must not go unnoticed. */
	size_t used = ui_put(y, 0, (size_t)a->cols, ROLE_WARNING, payui_status(a));
	if (a->msg[0] != '\0') {
		char *s = xasprintf("%s%s", a->msg_error ? "! " : "", a->msg);
		ui_put(y, (int)used, (size_t)a->cols - used, a->msg_error ? ROLE_ERROR : ROLE_NORMAL,
		       s);
		free(s);
		return;
	}
	const struct screen *top = a->depth ? &a->stack[a->depth - 1] : NULL;
	char *s = xasprintf("%s%s? help  r refresh  L lock  q back  Q quit",
			    top && top->ops->hints ? top->ops->hints : "",
			    top && top->ops->hints ? "  " : "");
	used += ui_put(y, (int)used, (size_t)a->cols - used, ROLE_MUTED, s);
	free(s);
	const char *demo = "demo \u2014 nothing is saved";
	size_t dw = glyph_width(demo);
	if (a->demo && used + 2 + dw <= (size_t)a->cols)
		ui_put(y, a->cols - (int)dw, dw, ROLE_WARNING, demo);
}

static void widgets_help_section(const struct keymap *km, struct view *out, size_t cols)
{
	char kb[16];
	for (size_t i = 0; km != NULL && i < km->n; i++) {
		const struct keybind *b = &km->binds[i];
		if (b->help == NULL)
			continue;
		/* Aliases (help NULL) with the same action are listed beside it. */
		struct buf keys = BUF_INIT;
		buf_append_str(&keys, keymap_key_name(b->key, kb));
		for (size_t j = 0; j < km->n; j++)
			if (j != i && km->binds[j].action == b->action && km->binds[j].help == NULL &&
			    km->binds[j].key != '\r' && km->binds[j].key != KEY_ENTER)
				buf_printf(&keys, " %s", keymap_key_name(km->binds[j].key, kb));
		struct vline *l = view_line(out, false, -1);
		view_cell(l, ROLE_HEADER, keys.data, 12, SANITIZE_LEFT);
		view_cell(l, ROLE_NORMAL, b->help, cols > 12 ? cols - 12 : 0, SANITIZE_LEFT);
		buf_free(&keys);
	}
}

void ui_help_lines(const struct keymap *screen_keys, const char *title, struct view *out,
		   size_t cols)
{
	char *t = xasprintf("Keys: %s", title);
	view_add_text(out, ROLE_HEADER, t, cols);
	free(t);
	widgets_help_section(screen_keys, out, cols);
	view_add_text(out, ROLE_MUTED, "", cols);
	view_add_text(out, ROLE_HEADER, "Everywhere", cols);
	widgets_help_section(&keymap_global, out, cols);
	view_add_text(out, ROLE_MUTED, "", cols);
	view_add_text(out, ROLE_MUTED, "Mouse: click a tab or a row. Any other key closes this.",
		      cols);
}

void ui_draw_box(int y0, int x0, int h, int w)
{
	attrset(A_NORMAL);
	for (int r = 0; r < h; r++)
		mvhline(y0 + r, x0, ' ', w);
	/* Box drawing as UTF-8 text, or - | + when the locale is not UTF-8
	 * (glyph.h): the alternate character set would reach tmux and some
	 * terminals as plain letters. */
	const char *hl = glyph_of("\u2500"), *vl = glyph_of("\u2502");
	for (int x = 1; x < w - 1; x++) {
		mvaddstr(y0, x0 + x, hl);
		mvaddstr(y0 + h - 1, x0 + x, hl);
	}
	for (int r = 1; r < h - 1; r++) {
		mvaddstr(y0 + r, x0, vl);
		mvaddstr(y0 + r, x0 + w - 1, vl);
	}
	mvaddstr(y0, x0, glyph_of("\u250c"));
	mvaddstr(y0, x0 + w - 1, glyph_of("\u2510"));
	mvaddstr(y0 + h - 1, x0, glyph_of("\u2514"));
	mvaddstr(y0 + h - 1, x0 + w - 1, glyph_of("\u2518"));
}

void ui_draw_help(const struct app *a)
{
	const struct screen *top = a->depth ? &a->stack[a->depth - 1] : NULL;
	int w = a->cols - 4 < 72 ? a->cols - 4 : 72;
	struct view v = { 0 };
	if (a->form != NULL)
		ui_help_lines(form_keymap(a->form), "this dialog", &v, (size_t)w - 2);
	else
		ui_help_lines(top ? top->ops->keys : NULL, top ? top->ops->name : "", &v,
			      (size_t)w - 2);
	int h = (int)v.n + 2;
	if (h > a->body_rows)
		h = a->body_rows;
	int y0 = 1 + (a->body_rows - h) / 2, x0 = (a->cols - w) / 2;
	ui_draw_box(y0, x0, h, w);
	for (int r = 0; r + 2 < h; r++) {
		size_t i = a->help_top + (size_t)r;
		if (i >= v.n)
			break;
		int x = x0 + 1;
		for (size_t s = 0; s < v.lines[i].n; s++)
			x += (int)ui_put(y0 + 1 + r, x, (size_t)(x0 + w - 1 - x), v.lines[i].segs[s].role,
					 v.lines[i].segs[s].text);
	}
	view_clear(&v);
}

void ui_draw_lock(const struct app *a, size_t typed)
{
	erase();
	int y = a->rows / 2 - 1;
	ui_put(y, 2, (size_t)a->cols - 2, ROLE_HEADER, "bankterm is locked.");
	/* Nothing about the passphrase is shown, not even its length. */
	ui_put(y + 2, 2, (size_t)a->cols - 2, ROLE_NORMAL,
	       typed ? "Passphrase: (typing; Enter to unlock)" : "Passphrase:");
	if (a->lock_msg[0] != '\0')
		ui_put(y + 4, 2, (size_t)a->cols - 2, ROLE_ERROR, a->lock_msg);
	ui_put(a->rows - 1, 0, (size_t)a->cols, ROLE_MUTED, "Enter unlocks  Ctrl-C quits");
}

void ui_draw_too_small(const struct app *a)
{
	erase();
	char *s1 = xasprintf("terminal too small (%dx%d)", a->cols, a->rows);
	char *s2 = xasprintf("bankterm needs at least %dx%d", APP_MIN_COLS, APP_MIN_ROWS);
	int y = a->rows / 2 - 1;
	size_t w = a->cols > 0 ? (size_t)a->cols : 1;
	ui_put(y < 0 ? 0 : y, 0, w, ROLE_WARNING, s1);
	if (y + 1 < a->rows)
		ui_put(y + 1, 0, w, ROLE_NORMAL, s2);
	if (y + 2 < a->rows)
		ui_put(y + 2, 0, w, ROLE_MUTED, "Q quits");
	free(s1);
	free(s2);
}

/* widgets.h — painting: styled lines, the top bar (tabs and per-connection
 * sync state), the bottom line (key hints and messages), the help overlay
 * generated from keymaps, the lock prompt and the "too small" notice.
 *
 * These only paint stdscr; they never change the app.  Text they are given
 * is already sanitized (view.h), except where a parameter says raw. */
#ifndef BANKTERM_UI_WIDGETS_H
#define BANKTERM_UI_WIDGETS_H

#include <stdbool.h>
#include <stddef.h>

#include "app.h"
#include "ui/view.h"

/* Paints clean text at y, x in role, cut to at most cols columns.  Returns
 * the columns used. */
size_t ui_put(int y, int x, size_t cols, enum theme_role role, const char *clean);

/* Paints lines [top, top + rows) of v at screen rows y0.. (cols wide); the
 * line numbered sel (or none when sel < 0) is highlighted. */
void ui_draw_view(const struct view *v, size_t top, int y0, int rows, int cols, long sel);

/* The tab under column x of the top bar (1-6), or 0. */
int ui_tab_at(const struct app *a, int x);

/* An empty box of h rows and w columns at y0, x0 (the help overlay, dialogs). */
void ui_draw_box(int y0, int x0, int h, int w);

void ui_draw_topbar(const struct app *a);
void ui_draw_bottom(const struct app *a);
void ui_draw_help(const struct app *a);
void ui_draw_lock(const struct app *a, size_t typed);
void ui_draw_too_small(const struct app *a);

/* The top bar's text for one connection: "Northwind Bank ✓ 10:42",
 * "Flexpay ⟳ 2/5", "Credit Union ! re-link" (raw names sanitized here).
 * level 1 keeps only the name's first word, level 2 also drops the time.
 * Caller frees.  Exposed for tests. */
struct store_conn;
char *ui_conn_status(const struct store_conn *c, int level);

/* The help overlay's lines for a screen's keymap and the global one
 * (exposed for tests); caller clears the view. */
void ui_help_lines(const struct keymap *screen_keys, const char *title, struct view *out,
		   size_t cols);

#endif

/* view.h — the view-model a screen builds and its draw() paints: lines of
 * styled segments, and a cursor over a list of rows.  No curses here, so
 * screens' handle() can be tested by inspecting these.
 *
 * Every segment's text is safe to print: view_cell() and view_text() pass it
 * through sanitize (server strings may hold escapes, bidi controls, ...) and
 * fit it to a display width.  When the locale is not UTF-8 they also map
 * it to ASCII (ui/glyph.h) before fitting, so widths stay right.  A view
 * owns its lines, a line its segments, a segment its text. */
#ifndef BANKTERM_UI_VIEW_H
#define BANKTERM_UI_VIEW_H

#include <stdbool.h>
#include <stddef.h>

#include "keymap.h"
#include "sanitize.h"
#include "theme.h"

struct vseg {
	char *text; /* sanitized UTF-8 */
	enum theme_role role;
};

struct vline {
	struct vseg *segs;
	size_t n, cap;
	bool selectable; /* a row the cursor can stop on (Enter opens it) */
	long ref;	 /* the screen's index of what the row shows, -1: none */
};

struct view {
	struct vline *lines;
	size_t n, cap;
};

/* Frees every line; the view is left empty and reusable. */
void view_clear(struct view *v);

/* A new empty line at the end (the pointer lives until the next add or
 * clear). */
struct vline *view_line(struct view *v, bool selectable, long ref);

/* Appends s (raw: sanitized here) fitted to exactly cols columns, truncated
 * with "…" or padded as align says. */
void view_cell(struct vline *l, enum theme_role role, const char *s, size_t cols,
	       enum sanitize_align align);

/* Appends s (raw: sanitized here) as is, with no fitting. */
void view_text(struct vline *l, enum theme_role role, const char *s);

/* A whole line of text (sanitized, truncated to cols). */
void view_add_text(struct view *v, enum theme_role role, const char *s, size_t cols);

/* s (raw) over as many lines as it needs at cols columns, broken at spaces
 * where it can; every line starts with indent spaces. */
void view_add_wrapped(struct view *v, enum theme_role role, const char *s, size_t cols,
		      size_t indent);

/* The line's plain text (segments joined); caller frees.  For tests. */
char *vline_join(const struct vline *l);

/* A cursor over n rows of which `rows` fit on screen: sel is the selected
 * row, top the first visible one. */
struct list_cursor {
	size_t n;
	size_t sel;
	size_t top;
};

/* Moves the cursor for a movement action (up, down, pages, home, end);
 * false if the action is not a movement. */
bool list_cursor_move(struct list_cursor *c, enum action a, size_t rows);

/* Clamps sel to n and scrolls so that sel is visible in rows lines. */
void list_cursor_fit(struct list_cursor *c, size_t rows);

/* The next selectable line of v from line `from` in direction dir (+1/-1),
 * or `from` itself when there is none. */
size_t view_next_selectable(const struct view *v, size_t from, int dir);

#endif

/* view.c — screen view-models: styled lines and a list cursor. */
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "glyph.h"
#include "view.h"
#include "xmalloc.h"

void view_clear(struct view *v)
{
	for (size_t i = 0; i < v->n; i++) {
		for (size_t j = 0; j < v->lines[i].n; j++)
			free(v->lines[i].segs[j].text);
		free(v->lines[i].segs);
	}
	free(v->lines);
	v->lines = NULL;
	v->n = v->cap = 0;
}

struct vline *view_line(struct view *v, bool selectable, long ref)
{
	if (v->n == v->cap) {
		v->cap = v->cap ? v->cap * 2 : 32;
		v->lines = xreallocarray(v->lines, v->cap, sizeof *v->lines);
	}
	struct vline *l = &v->lines[v->n++];
	memset(l, 0, sizeof *l);
	l->selectable = selectable;
	l->ref = ref;
	return l;
}

static void vline_push(struct vline *l, enum theme_role role, char *owned)
{
	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 4;
		l->segs = xreallocarray(l->segs, l->cap, sizeof *l->segs);
	}
	l->segs[l->n].text = owned;
	l->segs[l->n].role = role;
	l->n++;
}

void view_cell(struct vline *l, enum theme_role role, const char *s, size_t cols,
	       enum sanitize_align align)
{
	char *clean = sanitize_line(s != NULL ? s : "", s != NULL ? strlen(s) : 0);
	vline_push(l, role, glyph_pad(clean, cols, align));
	free(clean);
}

/* s sanitized, and in ASCII mode (glyph.h) mapped to ASCII; caller frees. */
static char *view_clean(const char *s)
{
	char *clean = sanitize_line(s != NULL ? s : "", s != NULL ? strlen(s) : 0);
	if (!glyph_ascii())
		return clean;
	char *a = glyph_to_ascii(clean);
	free(clean);
	return a;
}

void view_text(struct vline *l, enum theme_role role, const char *s)
{
	vline_push(l, role, view_clean(s));
}

void view_add_text(struct view *v, enum theme_role role, const char *s, size_t cols)
{
	struct vline *l = view_line(v, false, -1);
	char *clean = sanitize_line(s, strlen(s));
	vline_push(l, role, glyph_truncate(clean, cols, true, NULL));
	free(clean);
}

void view_add_wrapped(struct view *v, enum theme_role role, const char *s, size_t cols,
		      size_t indent)
{
	char *clean = view_clean(s);
	size_t room = cols > indent + 8 ? cols - indent : 8;
	const char *p = clean;
	while (*p != '\0') {
		char *part = sanitize_truncate(p, room, false, NULL);
		size_t n = strlen(part);
		if (n == 0) {
			free(part);
			break;
		}
		/* Break at the last space when the text goes on after this part. */
		if (p[n] != '\0' && strrchr(part, ' ') != NULL && strrchr(part, ' ') != part)
			n = (size_t)(strrchr(part, ' ') - part);
		struct vline *l = view_line(v, false, -1);
		char *pad = xasprintf("%*s%.*s", (int)indent, "", (int)n, p);
		vline_push(l, role, pad);
		free(part);
		p += n;
		while (*p == ' ')
			p++;
	}
	free(clean);
}

char *vline_join(const struct vline *l)
{
	struct buf b = BUF_INIT;
	for (size_t i = 0; i < l->n; i++)
		buf_append_str(&b, l->segs[i].text);
	return buf_steal(&b);
}

bool list_cursor_move(struct list_cursor *c, enum action a, size_t rows)
{
	size_t page = rows > 1 ? rows - 1 : 1;
	switch (a) {
	case ACT_UP:
		if (c->sel > 0)
			c->sel--;
		break;
	case ACT_DOWN:
		if (c->sel + 1 < c->n)
			c->sel++;
		break;
	case ACT_PAGE_UP:
		c->sel = c->sel > page ? c->sel - page : 0;
		break;
	case ACT_PAGE_DOWN:
		c->sel += page;
		break;
	case ACT_HOME:
		c->sel = 0;
		break;
	case ACT_END:
		c->sel = c->n > 0 ? c->n - 1 : 0;
		break;
	default:
		return false;
	}
	list_cursor_fit(c, rows);
	return true;
}

void list_cursor_fit(struct list_cursor *c, size_t rows)
{
	if (rows == 0)
		rows = 1;
	if (c->n == 0) {
		c->sel = c->top = 0;
		return;
	}
	if (c->sel >= c->n)
		c->sel = c->n - 1;
	if (c->sel < c->top)
		c->top = c->sel;
	if (c->sel >= c->top + rows)
		c->top = c->sel - rows + 1;
	if (c->top + rows > c->n)
		c->top = c->n > rows ? c->n - rows : 0;
}

size_t view_next_selectable(const struct view *v, size_t from, int dir)
{
	size_t i = from;
	while (dir > 0 ? i + 1 < v->n : i > 0) {
		i = dir > 0 ? i + 1 : i - 1;
		if (v->lines[i].selectable)
			return i;
	}
	return from;
}

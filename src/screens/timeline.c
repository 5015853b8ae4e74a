/* timeline.c — tab 6: the next 60 days of obligations, day by day, with the
 * projected balance of each funding account (first version: the list). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "screens/screens.h"
#include "store.h"
#include "xmalloc.h"

#define TIMELINE_DAYS 60

static const struct keymap timeline_keys = { NULL, 0 };

static void timeline_build(void *state, struct app *a)
{
	struct lines_state *st = state;
	screens_lines_reset(st);
	size_t cols = (size_t)a->body_cols;
	if (a->store == NULL)
		return;
	struct obligation *ob = NULL;
	size_t n = 0;
	store_obligations(a->store, a->today, TIMELINE_DAYS, &ob, &n);
	view_add_text(&st->view, ROLE_HEADER, "The next 60 days", cols);
	char b1[MONEY_LOCALE_MAX + 1], d1[DATE_STR_MAX];
	for (size_t i = 0; i < n; i++) {
		struct vline *l = view_line(&st->view, false, -1);
		view_cell(l, ROLE_NORMAL, date_format(ob[i].due, d1), 12, SANITIZE_LEFT);
		view_cell(l, ROLE_NORMAL, ob[i].title, cols > 40 ? cols - 26 : 14, SANITIZE_LEFT);
		view_cell(l, ROLE_NEGATIVE, screens_money(ob[i].amount, false, b1), 14,
			  SANITIZE_RIGHT);
	}
	free(ob);
	screens_lines_fit(st, a);
}

static void *timeline_init(struct app *a)
{
	struct lines_state *st = screens_lines_new(a);
	st->scroll_only = true;
	return st;
}

const struct screen_ops screen_timeline_ops = {
	.name = "Timeline",
	.tab = 6,
	.keys = &timeline_keys,
	.hints = "j/k scroll",
	.init = timeline_init,
	.free = screens_lines_free,
	.build = timeline_build,
	.handle = screens_lines_handle,
	.draw = screens_lines_draw,
};

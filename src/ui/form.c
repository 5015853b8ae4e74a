/* form.c — the modal dialog of form.h: pages, keys, lines and painting. */
#include <curses.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ui/form.h"
#include "ui/widgets.h"
#include "xmalloc.h"

#define FORM_LABEL_W 16

struct form_line {
	enum theme_role role;
	char *label; /* NULL: a plain text line */
	char *text;
};

struct form_item {
	char *label, *detail;
	long value;
	bool enabled;
};

struct form {
	uint64_t id;
	char *title;
	struct form_owner owner;
	enum form_page kind;
	uint64_t page_gen; /* bumped by form_page: did answer() start a new page? */
	char *heading;
	struct form_line *lines;
	size_t n_lines, cap_lines;
	struct form_item *items;
	size_t n_items, cap_items, sel;
	char *prompt;
	char value[FORM_INPUT_MAX + 1];
	size_t len, max_len;
	char msg[256];
	char confirm[64];
	char cancel[64];
	size_t scroll; /* review and result pages: first body line shown */
};

static uint64_t form_next_id = 1;

static const struct keybind form_choice_binds[] = {
	{ KEY_UP, ACT_UP, "previous choice" },
	{ KEY_DOWN, ACT_DOWN, "next choice" },
	{ '\n', ACT_ENTER, "choose" },
	{ 27, ACT_BACK, "cancel: nothing is sent" },
};
static const struct keybind form_input_binds[] = {
	{ '\n', ACT_ENTER, "accept the text and go on" },
	{ KEY_BACKSPACE, ACT_ERASE, "erase a character (Ctrl-U: the whole line)" },
	{ 27, ACT_BACK, "cancel: nothing is sent" },
};
static const struct keybind form_review_binds[] = {
	{ 'y', ACT_ENTER, "confirm: this sends the payment" },
	{ '\n', ACT_ENTER, NULL },
	{ 'n', ACT_BACK, "cancel: nothing is sent" },
	{ 27, ACT_BACK, NULL },
	{ KEY_DOWN, ACT_DOWN, "scroll" },
};
static const struct keybind form_progress_binds[] = {
	{ 27, ACT_BACK, "hide this dialog; the payment goes on (bottom line)" },
};
static const struct keybind form_result_binds[] = {
	{ '\n', ACT_ENTER, "close" },
	{ 27, ACT_BACK, NULL },
	{ KEY_DOWN, ACT_DOWN, "scroll" },
};

#define FORM_MAP(b) { b, sizeof b / sizeof b[0] }
static const struct keymap form_maps[] = {
	[FORM_CHOICE] = FORM_MAP(form_choice_binds),
	[FORM_INPUT] = FORM_MAP(form_input_binds),
	[FORM_REVIEW] = FORM_MAP(form_review_binds),
	[FORM_PROGRESS] = FORM_MAP(form_progress_binds),
	[FORM_RESULT] = FORM_MAP(form_result_binds),
};

static void form_clear_page(struct form *f)
{
	free(f->heading);
	f->heading = NULL;
	for (size_t i = 0; i < f->n_lines; i++) {
		free(f->lines[i].label);
		free(f->lines[i].text);
	}
	f->n_lines = 0;
	for (size_t i = 0; i < f->n_items; i++) {
		free(f->items[i].label);
		free(f->items[i].detail);
	}
	f->n_items = 0;
	f->sel = 0;
	free(f->prompt);
	f->prompt = NULL;
	memset(f->value, 0, sizeof f->value);
	f->len = 0;
	f->max_len = 0;
	f->msg[0] = '\0';
	snprintf(f->confirm, sizeof f->confirm, "confirm");
	snprintf(f->cancel, sizeof f->cancel, "cancel");
	f->scroll = 0;
}

static void form_free(struct form *f)
{
	if (f == NULL)
		return;
	form_clear_page(f);
	free(f->lines);
	free(f->items);
	free(f->title);
	if (f->owner.release != NULL)
		f->owner.release(f->owner.arg);
	free(f);
}

struct form *form_open(struct app *a, const char *title, const struct form_owner *owner)
{
	if (a->form != NULL) {
		if (owner != NULL && owner->release != NULL)
			owner->release(owner->arg);
		return NULL;
	}
	struct form *f = xcalloc(1, sizeof *f);
	f->id = form_next_id++;
	f->title = xstrdup(title != NULL ? title : "");
	if (owner != NULL)
		f->owner = *owner;
	form_clear_page(f);
	a->form = f;
	a->dirty = true;
	return f;
}

void form_close(struct app *a)
{
	struct form *f = a->form;
	a->form = NULL;
	a->dirty = true;
	form_free(f);
}

uint64_t form_id(const struct form *f)
{
	return f->id;
}

void *form_owner_arg(const struct form *f)
{
	return f->owner.arg;
}

enum form_page form_kind(const struct form *f)
{
	return f->kind;
}

void form_page(struct form *f, enum form_page kind, const char *heading)
{
	form_clear_page(f);
	f->kind = kind;
	f->page_gen++;
	f->heading = heading != NULL ? xstrdup(heading) : NULL;
}

static void form_push_line(struct form *f, enum theme_role role, const char *label,
			   const char *text)
{
	if (f->n_lines == f->cap_lines) {
		f->cap_lines = f->cap_lines ? f->cap_lines * 2 : 8;
		f->lines = xreallocarray(f->lines, f->cap_lines, sizeof *f->lines);
	}
	f->lines[f->n_lines++] = (struct form_line){
		role,
		label != NULL ? xstrdup(label) : NULL,
		xstrdup(text != NULL ? text : ""),
	};
}

void form_text(struct form *f, enum theme_role role, const char *text)
{
	form_push_line(f, role, NULL, text);
}

void form_field(struct form *f, const char *label, const char *value)
{
	form_push_line(f, ROLE_NORMAL, label, value);
}

void form_field_role(struct form *f, const char *label, enum theme_role role, const char *value)
{
	form_push_line(f, role, label, value);
}

void form_warning(struct form *f, const char *text)
{
	char *s = xasprintf("! %s", text);
	form_push_line(f, ROLE_WARNING, NULL, s);
	free(s);
}

void form_danger(struct form *f, const char *text)
{
	char *s = xasprintf("! %s", text);
	form_push_line(f, ROLE_ERROR, NULL, s);
	free(s);
}

void form_choice(struct form *f, const char *label, const char *detail, long value, bool enabled)
{
	if (f->n_items == f->cap_items) {
		f->cap_items = f->cap_items ? f->cap_items * 2 : 8;
		f->items = xreallocarray(f->items, f->cap_items, sizeof *f->items);
	}
	f->items[f->n_items++] = (struct form_item){
		xstrdup(label != NULL ? label : ""),
		detail != NULL ? xstrdup(detail) : NULL,
		value,
		enabled,
	};
	/* The selection starts on the first choice that can be picked. */
	if (!f->items[f->sel].enabled && enabled)
		f->sel = f->n_items - 1;
}

void form_choice_select(struct form *f, long value)
{
	for (size_t i = 0; i < f->n_items; i++)
		if (f->items[i].value == value && f->items[i].enabled)
			f->sel = i;
}

long form_chosen(const struct form *f)
{
	if (f->sel >= f->n_items || !f->items[f->sel].enabled)
		return -1;
	return f->items[f->sel].value;
}

void form_input(struct form *f, const char *prompt, const char *initial, size_t max_len)
{
	free(f->prompt);
	f->prompt = xstrdup(prompt != NULL ? prompt : "");
	f->max_len = max_len == 0 || max_len > FORM_INPUT_MAX ? FORM_INPUT_MAX : max_len;
	snprintf(f->value, f->max_len + 1, "%s", initial != NULL ? initial : "");
	f->len = strlen(f->value);
}

const char *form_value(const struct form *f)
{
	return f->value;
}

void form_error(struct form *f, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(f->msg, sizeof f->msg, fmt, ap);
	va_end(ap);
}

void form_confirm_label(struct form *f, const char *what)
{
	snprintf(f->confirm, sizeof f->confirm, "%s", what);
}

void form_cancel_label(struct form *f, const char *what)
{
	snprintf(f->cancel, sizeof f->cancel, "%s", what);
}

const struct keymap *form_keymap(const struct form *f)
{
	return &form_maps[f->kind];
}

/* ---- keys ------------------------------------------------------------- */

/* Tells the owner; after a cancel or a closed result the dialog closes
 * unless the owner started another page (or closed it already). */
static void form_tell(struct app *a, struct form *f, enum form_event ev)
{
	uint64_t id = f->id, gen = f->page_gen;
	enum form_page kind = f->kind;
	if (f->owner.answer != NULL)
		f->owner.answer(f->owner.arg, f, a, ev);
	if (a->form == NULL || a->form->id != id)
		return;
	if ((ev == FORM_CANCEL || kind == FORM_RESULT) && a->form->page_gen == gen)
		form_close(a);
}

static bool form_is_enter(int key)
{
	return key == '\n' || key == '\r' || key == KEY_ENTER;
}

static void form_choice_move(struct form *f, int dir)
{
	size_t i = f->sel;
	while (dir > 0 ? i + 1 < f->n_items : i > 0) {
		i = dir > 0 ? i + 1 : i - 1;
		if (f->items[i].enabled) {
			f->sel = i;
			return;
		}
	}
}

static unsigned form_input_key(struct app *a, struct form *f, const struct ui_event *ev)
{
	int key = ev->key;
	if (key == 27) {
		form_tell(a, f, FORM_CANCEL);
	} else if (form_is_enter(key)) {
		form_tell(a, f, FORM_ANSWER);
	} else if (key == KEY_BACKSPACE || key == 127 || key == 8) {
		/* Back over one whole UTF-8 character. */
		while (f->len > 0 && ((unsigned char)f->value[f->len - 1] & 0xC0) == 0x80)
			f->value[--f->len] = '\0';
		if (f->len > 0)
			f->value[--f->len] = '\0';
	} else if (key == 21) { /* Ctrl-U */
		memset(f->value, 0, sizeof f->value);
		f->len = 0;
	} else if (key >= ' ' && key < 256 && key != 127) {
		if (f->len < f->max_len)
			f->value[f->len++] = (char)key;
		else
			form_error(f, "at most %zu characters here", f->max_len);
	}
	return SCREEN_HANDLED | SCREEN_REDRAW;
}

unsigned form_handle(struct app *a, const struct ui_event *ev)
{
	struct form *f = a->form;
	if (f == NULL || ev->action == ACT_RESIZE)
		return SCREEN_IGNORED;
	f->msg[0] = '\0';
	if (f->kind == FORM_INPUT)
		return form_input_key(a, f, ev);
	/* Help, lock and (but while sending) quit stay global. */
	if (ev->action == ACT_HELP || ev->action == ACT_LOCK ||
	    (ev->action == ACT_QUIT && f->kind != FORM_PROGRESS))
		return SCREEN_IGNORED;
	bool enter = form_is_enter(ev->key);
	bool esc = ev->key == 27 || ev->key == 'q';
	switch (f->kind) {
	case FORM_CHOICE:
		if (ev->action == ACT_UP)
			form_choice_move(f, -1);
		else if (ev->action == ACT_DOWN)
			form_choice_move(f, +1);
		else if (ev->action == ACT_HOME || ev->action == ACT_PAGE_UP)
			for (size_t i = 0; i < f->n_items; i++)
				form_choice_move(f, -1);
		else if (ev->action == ACT_END || ev->action == ACT_PAGE_DOWN)
			for (size_t i = 0; i < f->n_items; i++)
				form_choice_move(f, +1);
		else if (enter && form_chosen(f) != -1)
			form_tell(a, f, FORM_ANSWER);
		else if (esc)
			form_tell(a, f, FORM_CANCEL);
		break;
	case FORM_REVIEW:
		if (enter || ev->key == 'y' || ev->key == 'Y')
			form_tell(a, f, FORM_ANSWER);
		else if (esc || ev->key == 'n' || ev->key == 'N')
			form_tell(a, f, FORM_CANCEL);
		else if (ev->action == ACT_DOWN || ev->action == ACT_PAGE_DOWN)
			f->scroll++;
		else if ((ev->action == ACT_UP || ev->action == ACT_PAGE_UP) && f->scroll > 0)
			f->scroll--;
		break;
	case FORM_PROGRESS:
		if (ev->key == 27) {
			form_close(a);
			app_message(a, false, "still sending in the background: the bottom line "
					      "shows it until the bank answers");
		} else if (ev->action == ACT_QUIT) {
			form_error(f, "sending\u2026 do not close: wait for the bank's answer");
		} else if (enter || ev->key == 'y' || ev->key == 'Y') {
			form_error(f, "already sending: wait for the bank's answer (nothing more "
				      "is sent)");
		}
		break;
	case FORM_RESULT:
		if (enter || esc)
			form_tell(a, f, FORM_ANSWER);
		else if (ev->action == ACT_DOWN || ev->action == ACT_PAGE_DOWN)
			f->scroll++;
		else if ((ev->action == ACT_UP || ev->action == ACT_PAGE_UP) && f->scroll > 0)
			f->scroll--;
		break;
	case FORM_INPUT:
		break;
	}
	return SCREEN_HANDLED | SCREEN_REDRAW;
}

/* ---- lines and painting ------------------------------------------------ */

static const char *form_hints(const struct form *f, char buf[160])
{
	switch (f->kind) {
	case FORM_CHOICE: return "j/k move  Enter choose  Esc cancel";
	case FORM_INPUT: return "Enter next  Esc cancel";
	case FORM_REVIEW:
		snprintf(buf, 160, "y/Enter %s  Esc %s", f->confirm, f->cancel);
		return buf;
	case FORM_PROGRESS: return "sending\u2026 do not close  (Esc hides this)";
	case FORM_RESULT: return "Enter close";
	}
	return "";
}

/* The body lines (between the title and the foot). */
static void form_body_lines(const struct form *f, struct view *out, size_t cols)
{
	if (f->heading != NULL)
		view_add_text(out, ROLE_HEADER, f->heading, cols);
	for (size_t i = 0; i < f->n_lines; i++) {
		const struct form_line *fl = &f->lines[i];
		if (fl->label == NULL) {
			view_add_wrapped(out, fl->role, fl->text, cols, 0);
			continue;
		}
		struct vline *l = view_line(out, false, -1);
		size_t lw = cols > 30 ? FORM_LABEL_W : cols / 2;
		view_cell(l, ROLE_MUTED, fl->label, lw, SANITIZE_LEFT);
		view_cell(l, fl->role, fl->text, cols - lw, SANITIZE_LEFT);
	}
	for (size_t i = 0; i < f->n_items; i++) {
		const struct form_item *it = &f->items[i];
		bool on = i == f->sel && it->enabled;
		struct vline *l = view_line(out, true, (long)i);
		enum theme_role role = on ? ROLE_SELECTION : it->enabled ? ROLE_NORMAL : ROLE_MUTED;
		view_cell(l, role, on ? "> " : "  ", 2, SANITIZE_LEFT);
		size_t dw = it->detail != NULL ? (cols - 2) / 2 : 0;
		view_cell(l, role, it->label, cols - 2 - dw, SANITIZE_LEFT);
		if (dw > 0)
			view_cell(l, on ? ROLE_SELECTION : ROLE_MUTED, it->detail, dw, SANITIZE_RIGHT);
	}
	if (f->kind == FORM_INPUT) {
		if (f->prompt != NULL && f->prompt[0] != '\0')
			view_add_text(out, ROLE_NORMAL, f->prompt, cols);
		/* The field in brackets with a visible caret: readable without
		 * colour and without the terminal's cursor. */
		char *s = xasprintf("[ %s_ ]", f->value);
		view_add_text(out, ROLE_SELECTION, s, cols);
		free(s);
	}
}

/* The foot: the message and the keys; returns how many lines. */
static size_t form_foot_lines(const struct form *f, struct view *out, size_t cols)
{
	size_t n0 = out->n;
	if (f->msg[0] != '\0') {
		char *s = xasprintf("! %s", f->msg);
		view_add_wrapped(out, ROLE_ERROR, s, cols, 0);
		free(s);
	}
	char buf[160];
	view_add_text(out, ROLE_MUTED, form_hints(f, buf), cols);
	return out->n - n0;
}

void form_lines(const struct form *f, struct view *out, size_t cols)
{
	view_add_text(out, ROLE_HEADER, f->title, cols);
	form_body_lines(f, out, cols);
	struct view foot = { 0 };
	form_foot_lines(f, &foot, cols);
	for (size_t i = 0; i < foot.n; i++) {
		struct vline *l = view_line(out, false, -1);
		for (size_t s = 0; s < foot.lines[i].n; s++)
			view_text(l, foot.lines[i].segs[s].role, foot.lines[i].segs[s].text);
	}
	view_clear(&foot);
}

static void form_paint_line(const struct vline *l, int y, int x, size_t cols)
{
	size_t used = 0;
	for (size_t s = 0; s < l->n && used < cols; s++)
		used += ui_put(y, x + (int)used, cols - used, l->segs[s].role, l->segs[s].text);
}

void form_draw(const struct app *a)
{
	const struct form *f = a->form;
	if (f == NULL)
		return;
	int w = a->cols - 4 < 70 ? a->cols - 4 : 70;
	if (w < 20)
		w = a->cols;
	size_t inner = (size_t)w - 4;
	struct view body = { 0 }, foot = { 0 };
	form_body_lines(f, &body, inner);
	form_foot_lines(f, &foot, inner);
	int room = a->body_rows - 2 - (int)foot.n; /* rows for the body */
	if (room < 1)
		room = 1;
	int shown = (int)body.n < room ? (int)body.n : room;
	/* Which body line is first: the selected choice stays visible; review
	 * and result pages scroll with the keys. */
	size_t top = 0, max_top = body.n > (size_t)shown ? body.n - (size_t)shown : 0;
	if (f->kind == FORM_CHOICE) {
		for (size_t i = 0; i < body.n; i++)
			if (body.lines[i].selectable && body.lines[i].ref == (long)f->sel &&
			    i >= (size_t)shown)
				top = i - (size_t)shown + 1;
	} else if (f->kind == FORM_INPUT) {
		top = max_top;
	} else {
		top = f->scroll;
	}
	if (top > max_top)
		top = max_top;
	int h = shown + (int)foot.n + 2;
	int y0 = 1 + (a->body_rows - h) / 2, x0 = (a->cols - w) / 2;
	ui_draw_box(y0, x0, h, w);
	/* The title sits in the top border. */
	char *clean = sanitize_line(f->title, strlen(f->title));
	char *t = xasprintf(" %s ", clean);
	ui_put(y0, x0 + 2, (size_t)w - 4, ROLE_HEADER, t);
	free(t);
	free(clean);
	for (int r = 0; r < shown; r++)
		form_paint_line(&body.lines[top + (size_t)r], y0 + 1 + r, x0 + 2, inner);
	if (top > 0)
		ui_put(y0, x0 + w - 5, 3, ROLE_MUTED, "\u2191");
	if (top < max_top)
		ui_put(y0 + h - 1, x0 + w - 5, 3, ROLE_MUTED, "\u2193");
	for (size_t r = 0; r < foot.n; r++)
		form_paint_line(&foot.lines[r], y0 + 1 + shown + (int)r, x0 + 2, inner);
	view_clear(&body);
	view_clear(&foot);
}

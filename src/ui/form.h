/* form.h — modal dialogs drawn over the current screen: the steps of a
 * payment (choose, type, review, wait, see the result).
 *
 * One dialog at a time lives in app->form.  It shows one *page* at a time;
 * the owner (a screen's flow: pay a bill, send money, ...) fills a page,
 * and when the person answers it the owner's answer() callback is told and
 * fills the next page — or closes the dialog.  The dialog never moves money
 * itself.
 *
 *     struct form *f = form_open(a, "Pay a bill", &owner);   (owner.arg now owned by f)
 *     form_page(f, FORM_CHOICE, "Pay from which account?");
 *     form_choice(f, "Everyday Checking", "2,380.17 USD available", 0);
 *     ...   answer(arg, f, a, FORM_ANSWER): form_chosen(f) → 0; next page
 *
 * Pages and their keys (also listed by `?` through form_keymap):
 *   FORM_CHOICE    Up/Down (j/k) move, Enter picks, Esc cancels
 *   FORM_INPUT     typing edits one line (Backspace, Ctrl-U), Enter submits,
 *                  Esc cancels; the owner checks the text and either moves on
 *                  or calls form_error() to keep the page with a message
 *   FORM_REVIEW    y or Enter confirms, n or Esc cancels; Up/Down scroll
 *   FORM_PROGRESS  "sending… do not close": Enter/y are refused with a
 *                  message (no second submit); Esc only hides the dialog (the
 *                  payment goes on; the bottom line shows it)
 *   FORM_RESULT    Enter, Esc or q closes
 * Until a review is confirmed every page is cancellable with Esc.
 *
 * Meaning never rests on colour alone: warnings start with "! ", the
 * validation message with "! ", a success result with "✓ ", a failure with
 * "✗ ", and the selected choice with "> ".  Every text given here is raw and
 * sanitized when the lines are built.
 *
 * Handling (form_handle) never calls curses; form_lines builds the
 * view-model (tests inspect it); form_draw paints it in a box. */
#ifndef BANKTERM_UI_FORM_H
#define BANKTERM_UI_FORM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "app.h"
#include "err.h"
#include "ui/view.h"

struct form;

enum form_page {
	FORM_CHOICE,
	FORM_INPUT,
	FORM_REVIEW,
	FORM_PROGRESS,
	FORM_RESULT,
};

enum form_event {
	FORM_ANSWER, /* choice picked, input submitted, review confirmed, result closed */
	FORM_CANCEL, /* Esc (or n on a review) before anything was confirmed */
};

struct form_owner {
	/* The page was answered or cancelled.  The owner reads the answer
	 * (form_chosen, form_value) and fills the next page, calls form_error
	 * to keep an input page, or closes with form_close.  After FORM_CANCEL
	 * and after the answer to a FORM_RESULT page the dialog closes itself
	 * unless the callback started a new page.  May be NULL. */
	void (*answer)(void *arg, struct form *f, struct app *a, enum form_event ev);
	/* Frees arg when the dialog closes; may be NULL. */
	void (*release)(void *arg);
	void *arg;
};

/* Opens a dialog titled title (raw) over the current screen and makes it
 * app->form.  The dialog owns owner->arg from here on (released on close,
 * and at once when NULL is returned because a dialog is already open). */
struct form *form_open(struct app *a, const char *title, const struct form_owner *owner);

/* Closes app->form (if any): releases the owner's arg, frees the dialog. */
void form_close(struct app *a);

/* A number that names this dialog for as long as the process lives (a
 * later dialog never gets the same one), so a payment's result can find the
 * dialog that sent it: app->form != NULL && form_id(app->form) == id. */
uint64_t form_id(const struct form *f);

/* The owner's arg (borrowed). */
void *form_owner_arg(const struct form *f);

/* Starts a page: forgets the previous page's lines, choices, field and
 * message.  heading (raw, may be NULL) is the page's first line. */
void form_page(struct form *f, enum form_page kind, const char *heading);

/* A line of text in role (raw). */
void form_text(struct form *f, enum theme_role role, const char *text);
/* "Label        value" with the label padded to one column (both raw). */
void form_field(struct form *f, const char *label, const char *value);
/* The same in a role of its own, for a value that needs attention. */
void form_field_role(struct form *f, const char *label, enum theme_role role, const char *value);
/* "! text" in the warning style. */
void form_warning(struct form *f, const char *text);
/* "! text" in the error style: a warning that must not be missed. */
void form_danger(struct form *f, const char *text);

/* A choice on a FORM_CHOICE page: label (raw), detail (raw, may be NULL:
 * shown right of it, e.g. the available balance), value handed back by
 * form_chosen.  A disabled choice is shown muted with its detail and cannot
 * be picked. */
void form_choice(struct form *f, const char *label, const char *detail, long value, bool enabled);
/* Moves the selection to the choice whose value is value. */
void form_choice_select(struct form *f, long value);
/* The value of the selected choice, -1 when there is none. */
long form_chosen(const struct form *f);

/* The field of a FORM_INPUT page: prompt (raw) before it, initial text,
 * at most max_len bytes (and FORM_INPUT_MAX). */
#define FORM_INPUT_MAX 256
void form_input(struct form *f, const char *prompt, const char *initial, size_t max_len);
/* The text typed (raw bytes the person typed, NUL-terminated). */
const char *form_value(const struct form *f);

/* A message under the field (input) or above the keys (other pages), in the
 * error style with "! "; cleared by the next key. */
void form_error(struct form *f, const char *fmt, ...) ERR_PRINTF(2, 3);

/* What the confirm key does on a review page ("pay 120.00 USD"); shown in
 * the key hints.  Default "confirm". */
void form_confirm_label(struct form *f, const char *what);

/* What Esc does on a review page ("keep it"); default "cancel". */
void form_cancel_label(struct form *f, const char *what);

enum form_page form_kind(const struct form *f);

/* Feeds one event to app->form.  Returns SCREEN_* bits like a screen's
 * handle(); SCREEN_IGNORED lets the global keys have it (help, lock,
 * resize, quit on pages where that is safe). */
unsigned form_handle(struct app *a, const struct ui_event *ev);

/* The dialog's keys, for the help overlay. */
const struct keymap *form_keymap(const struct form *f);

/* The dialog's lines at cols columns (exposed for tests): title, page,
 * message, key hints.  Caller clears out. */
void form_lines(const struct form *f, struct view *out, size_t cols);

/* Paints app->form in a box over the body. */
void form_draw(const struct app *a);

#endif

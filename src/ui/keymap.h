/* keymap.h — physical keys to actions.
 *
 * Key handling goes key → action (these tables) → the current screen, then
 * the global handler in app.c.  A screen lists its own bindings in a table;
 * the help overlay is generated from the same tables, so it cannot lie.
 * The tables are plain data so that rebinding can come later from the
 * config file. */
#ifndef BANKTERM_UI_KEYMAP_H
#define BANKTERM_UI_KEYMAP_H

#include <stddef.h>

enum action {
	ACT_NONE,
	ACT_UP,
	ACT_DOWN,
	ACT_PAGE_UP,
	ACT_PAGE_DOWN,
	ACT_HOME,
	ACT_END,
	ACT_ENTER,
	ACT_BACK,
	ACT_QUIT,
	ACT_HELP,
	ACT_REFRESH,
	ACT_LOCK,
	ACT_SEARCH,
	ACT_FILTER_PENDING,
	ACT_FILTER,	    /* open the filter form */
	ACT_TAB_1,
	ACT_TAB_2,
	ACT_TAB_3,
	ACT_TAB_4,
	ACT_TAB_5,
	ACT_TAB_6,
	ACT_CLICK,  /* a mouse click; the event carries the cell */
	ACT_RESIZE,
	ACT_TEXT,   /* a printable character while a text field has the focus */
	ACT_ERASE,  /* backspace in a text field */
	ACT_SEND,	 /* Transfers: send money */
	ACT_ADD_CONTACT, /* Transfers: add a contact */
	ACT_PAY,	 /* Bills, BNPL: pay the selected item */
	ACT_CANCEL_ITEM, /* Bills: cancel the selected scheduled payment */
	ACT_COUNT,
};

struct keybind {
	int key;	   /* a character or a curses KEY_* code */
	enum action action;
	const char *help;  /* shown by the help overlay; NULL: an alias, not shown */
};

/* A screen's bindings: consulted before the global ones. */
struct keymap {
	const struct keybind *binds;
	size_t n;
};

/* The bindings every screen has (tabs, help, refresh, lock, back, quit,
 * movement). */
extern const struct keymap keymap_global;

/* The action bound to key in map (may be NULL), else in the global map;
 * ACT_NONE when neither has it. */
enum action keymap_lookup(const struct keymap *map, int key);

/* A short readable name for a key: "j", "Enter", "PgDn", "Esc". */
const char *keymap_key_name(int key, char buf[16]);

#endif

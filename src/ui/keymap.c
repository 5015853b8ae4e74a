/* keymap.c — the global key table and key names. */
#include <curses.h>
#include <stdio.h>

#include "keymap.h"

static const struct keybind keymap_global_binds[] = {
	{ KEY_UP, ACT_UP, "move up" },
	{ 'k', ACT_UP, NULL },
	{ KEY_DOWN, ACT_DOWN, "move down" },
	{ 'j', ACT_DOWN, NULL },
	{ KEY_PPAGE, ACT_PAGE_UP, "page up" },
	{ KEY_NPAGE, ACT_PAGE_DOWN, "page down" },
	{ KEY_HOME, ACT_HOME, "first row" },
	{ 'g', ACT_HOME, NULL },
	{ KEY_END, ACT_END, "last row" },
	{ 'G', ACT_END, NULL },
	{ '\n', ACT_ENTER, "open the selected row" },
	{ '\r', ACT_ENTER, NULL },
	{ KEY_ENTER, ACT_ENTER, NULL },
	{ '1', ACT_TAB_1, "Overview" },
	{ '2', ACT_TAB_2, "Accounts" },
	{ '3', ACT_TAB_3, "Bills" },
	{ '4', ACT_TAB_4, "Transfers" },
	{ '5', ACT_TAB_5, "BNPL" },
	{ '6', ACT_TAB_6, "Timeline" },
	{ '?', ACT_HELP, "this help" },
	{ 'r', ACT_REFRESH, "refresh all connections" },
	{ 'L', ACT_LOCK, "lock: wipe the key, ask the passphrase again" },
	{ 'q', ACT_BACK, "back (quit on the first screen)" },
	{ 27, ACT_BACK, NULL },
	{ 'Q', ACT_QUIT, "quit" },
	{ KEY_RESIZE, ACT_RESIZE, NULL },
	{ KEY_MOUSE, ACT_CLICK, NULL },
};

const struct keymap keymap_global = {
	keymap_global_binds,
	sizeof keymap_global_binds / sizeof keymap_global_binds[0],
};

static enum action keymap_find(const struct keymap *map, int key)
{
	for (size_t i = 0; map != NULL && i < map->n; i++)
		if (map->binds[i].key == key)
			return map->binds[i].action;
	return ACT_NONE;
}

enum action keymap_lookup(const struct keymap *map, int key)
{
	enum action a = keymap_find(map, key);
	return a != ACT_NONE ? a : keymap_find(&keymap_global, key);
}

const char *keymap_key_name(int key, char buf[16])
{
	switch (key) {
	case KEY_UP: return "Up";
	case KEY_DOWN: return "Down";
	case KEY_PPAGE: return "PgUp";
	case KEY_NPAGE: return "PgDn";
	case KEY_HOME: return "Home";
	case KEY_END: return "End";
	case '\n': return "Enter";
	case 27: return "Esc";
	case ' ': return "Space";
	default: break;
	}
	if (key > ' ' && key < 127)
		snprintf(buf, 16, "%c", key);
	else
		snprintf(buf, 16, "#%d", key);
	return buf;
}

/* theme.c — colour pairs and monochrome attributes for the semantic roles. */
#include <curses.h>

#include "theme.h"

static int theme_attrs[ROLE_COUNT];

/* Default colours of the dark and light themes, and the config role that
 * may override each (-1: not configurable). */
static const struct {
	short fg_dark, fg_light, bg;
	int cfg_role;
	int mono; /* attributes without colour */
	int extra; /* attributes added to the colour */
} theme_table[ROLE_COUNT] = {
	[ROLE_NORMAL] = { -1, -1, -1, -1, A_NORMAL, A_NORMAL },
	[ROLE_POSITIVE] = { COLOR_GREEN, COLOR_GREEN, -1, CONFIG_COLOR_POSITIVE, A_NORMAL, A_NORMAL },
	[ROLE_NEGATIVE] = { COLOR_RED, COLOR_RED, -1, CONFIG_COLOR_NEGATIVE, A_NORMAL, A_NORMAL },
	[ROLE_WARNING] = { COLOR_YELLOW, COLOR_MAGENTA, -1, CONFIG_COLOR_WARNING, A_BOLD, A_BOLD },
	[ROLE_MUTED] = { 8, 8, -1, CONFIG_COLOR_MUTED, A_DIM, A_NORMAL },
	[ROLE_HEADER] = { COLOR_CYAN, COLOR_BLUE, -1, CONFIG_COLOR_HEADER, A_BOLD, A_BOLD },
	[ROLE_SELECTION] = { COLOR_BLACK, COLOR_WHITE, COLOR_CYAN, CONFIG_COLOR_SELECTION,
			     A_REVERSE, A_NORMAL },
	[ROLE_ERROR] = { COLOR_RED, COLOR_RED, -1, CONFIG_COLOR_ERROR, A_BOLD, A_BOLD },
	[ROLE_OK] = { COLOR_GREEN, COLOR_GREEN, -1, CONFIG_COLOR_OK, A_NORMAL, A_NORMAL },
	[ROLE_TAB] = { COLOR_WHITE, COLOR_BLACK, COLOR_BLUE, -1, A_REVERSE, A_NORMAL },
	[ROLE_TAB_ACTIVE] = { COLOR_BLACK, COLOR_BLACK, COLOR_YELLOW, -1, A_BOLD, A_BOLD },
	[ROLE_BAR] = { COLOR_WHITE, COLOR_BLACK, COLOR_BLUE, -1, A_REVERSE, A_NORMAL },
};

void theme_init(const struct config *cfg, bool use_color)
{
	bool color = use_color && has_colors() && start_color() == OK;
	if (color)
		use_default_colors();
	bool light = cfg != NULL && cfg->theme == CONFIG_THEME_LIGHT;
	for (int r = 0; r < ROLE_COUNT; r++) {
		if (!color) {
			theme_attrs[r] = theme_table[r].mono;
			continue;
		}
		short fg = (short)(light ? theme_table[r].fg_light : theme_table[r].fg_dark);
		int cr = theme_table[r].cfg_role;
		if (cfg != NULL && cr >= 0 && cfg->colors[cr] != CONFIG_COLOR_UNSET)
			fg = (short)cfg->colors[cr];
		if (fg >= COLORS)
			fg = -1;
		if (r == ROLE_NORMAL) {
			theme_attrs[r] = A_NORMAL;
			continue;
		}
		init_pair((short)r, fg, theme_table[r].bg);
		theme_attrs[r] = (int)(COLOR_PAIR(r) | (attr_t)theme_table[r].extra);
	}
}

int theme_attr(enum theme_role role)
{
	if ((int)role < 0 || role >= ROLE_COUNT)
		return A_NORMAL;
	return theme_attrs[role];
}

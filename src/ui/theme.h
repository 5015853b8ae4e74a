/* theme.h — semantic colour roles for the terminal interface.
 *
 * Screens say what a piece of text means (positive, negative, warning,
 * muted, ...) and the theme decides how that looks: curses colour pairs when
 * colour is on, or plain attributes (bold, reverse, dim) when NO_COLOR is set,
 * the theme is "mono" or the terminal has no colours.  Meaning is never
 * carried by colour alone: screens also write signs and markers. */
#ifndef BANKTERM_UI_THEME_H
#define BANKTERM_UI_THEME_H

#include <stdbool.h>

#include "config.h"

enum theme_role {
	ROLE_NORMAL,
	ROLE_POSITIVE,
	ROLE_NEGATIVE,
	ROLE_WARNING,
	ROLE_MUTED,
	ROLE_HEADER,
	ROLE_SELECTION,
	ROLE_ERROR,
	ROLE_OK,
	ROLE_TAB,
	ROLE_TAB_ACTIVE,
	ROLE_BAR,
	ROLE_COUNT,
};

/* Sets up colour pairs (after initscr).  use_color false, or a terminal
 * without colours, selects the monochrome attributes.  cfg may be NULL. */
void theme_init(const struct config *cfg, bool use_color);

/* The curses attributes of a role (an attr_t, as int to keep curses out of
 * this header). */
int theme_attr(enum theme_role role);

#endif

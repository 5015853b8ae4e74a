/* glyph.h — what the terminal can show: the glyphs bankterm draws (✓ ✗ │ ─
 * ┌ … — ▸ ← ↑ ⚠ ≈ block characters ...) as ASCII when the locale is not
 * UTF-8, so a C or Latin-1 locale shows "ok", "|", "+", "..." instead of
 * the bytes curses would turn into garbage like "~\~S".
 *
 * The drawing layer (ui/view.c, ui/widgets.c) fits and measures every
 * string through glyph_truncate / glyph_pad / glyph_width, so widths are
 * those of the text actually drawn and columns stay aligned.  Under UTF-8
 * (the default, and what glyph_init selects for a UTF-8 codeset) they are
 * exactly sanitize_truncate / sanitize_pad / sanitize_width.
 *
 * The mode is process state like the theme's colours: set once at start
 * with glyph_init() after setlocale(), read by the drawing functions.
 * Strings given here are sanitized (sanitize.h) or our own literals; the
 * ASCII results keep sanitize's escapes (\xHH, \\) intact. */
#ifndef BANKTERM_UI_GLYPH_H
#define BANKTERM_UI_GLYPH_H

#include <stdbool.h>
#include <stddef.h>

#include "sanitize.h"

/* True when the current locale's codeset (nl_langinfo(CODESET)) is UTF-8. */
bool glyph_locale_utf8(void);

/* Selects the mode: ascii true maps every drawn string to ASCII. */
void glyph_init(bool ascii);

/* The mode glyph_init selected (false until it is called). */
bool glyph_ascii(void);

/* clean (valid UTF-8) with each known glyph replaced by its ASCII form and
 * every other non-ASCII character by '?', whatever the mode.  Caller frees. */
char *glyph_to_ascii(const char *clean);

/* The ASCII form of the single character utf8 in ASCII mode, else utf8
 * itself; a static string (for box edges and other pieces). */
const char *glyph_of(const char *utf8);

/* In ASCII mode: clean mapped to ASCII; else a copy.  Caller frees. */
char *glyph_line(const char *clean);

/* Columns clean takes once drawn in the current mode. */
size_t glyph_width(const char *clean);

/* sanitize_truncate() of what is drawn: in ASCII mode the mapped text, cut
 * with "..." (when ellipsis and cols >= 4) instead of "…".  Caller frees. */
char *glyph_truncate(const char *clean, size_t cols, bool ellipsis, size_t *width_out);

/* sanitize_pad() of what is drawn: exactly cols columns.  Caller frees. */
char *glyph_pad(const char *clean, size_t cols, enum sanitize_align align);

#endif

/* sanitize.h — turning untrusted bytes into safe, displayable UTF-8.
 *
 * Every string that came from a server (names, descriptions, error details)
 * passes through sanitize_line() or sanitize_text() before it reaches the
 * terminal.  The result is valid UTF-8 in which every character is printable
 * and has a known width; everything else is replaced by a visible escape
 * made only of printable ASCII:
 *
 *   \xHH        one byte: a C0 control (U+0000-U+001F, incl. NUL, \t, \r,
 *               \b, ESC = \x1b), DEL (\x7f), or a byte that is not part of
 *               valid UTF-8 (overlong forms, surrogates U+D800-U+DFFF,
 *               values above U+10FFFF, truncated sequences, stray
 *               continuation bytes) — invalid input is escaped byte by byte
 *   \uHHHH      a valid code point we refuse to show: C1 controls
 *               (U+0080-U+009F, e.g. the CSI C2 9B is \u009b), bidi
 *               controls and marks, zero-width and other invisible format
 *               characters, noncharacters, private use, anything wcwidth()
 *               calls unprintable, and a zero-width character with nothing
 *               before it to attach to
 *   \UHHHHHHHH  the same for code points above U+FFFF
 *   \\          a literal backslash, so that an escape in the output always
 *               means "this was escaped" and a server cannot forge one
 *
 * Hex digits are lowercase.  sanitize.c lists the exact code point classes
 * and why each is there.
 *
 * Widths come from wcwidth() evaluated in a C.UTF-8 locale that this module
 * selects for itself with uselocale(), so the results do not depend on the
 * process locale (not thread-safe on first use; bankterm is single-threaded).
 * They are wcwidth's, character by character, which terminals do not always
 * follow for emoji sequences: a skin-tone modifier counts 2 more columns
 * than most terminals use, and U+FE0F (emoji presentation) counts 0 although
 * some terminals widen the emoji before it.  Text is never hidden by this,
 * but such a cell can end a column or so off.
 *
 * Functions that return char * return a malloc'd string the caller frees. */
#ifndef BANKTERM_SANITIZE_H
#define BANKTERM_SANITIZE_H

#include <stdbool.h>
#include <stddef.h>

#include "buf.h"

/* Input beyond this many bytes is dropped and "…" appended: 1 MiB is far
 * more than any field a bank sends, and it bounds the output (4 MiB at most). */
#define SANITIZE_MAX_INPUT ((size_t)1 << 20)

enum sanitize_flags {
	/* Keep \n as a line break (and turn \r\n into \n); without this flag
	 * the result is a single line and \n is escaped as \x0a.  Tabs are
	 * escaped either way because their width depends on the column. */
	SANITIZE_MULTILINE = 1u << 0,
};

enum sanitize_align {
	SANITIZE_LEFT,
	SANITIZE_RIGHT,
};

/* Appends the sanitized form of the len bytes at s (which may contain NUL)
 * to out.  flags: enum sanitize_flags. */
void sanitize_append(struct buf *out, const char *s, size_t len, unsigned flags);

/* One line for a table cell, a title or a status message. */
char *sanitize_line(const char *s, size_t len);

/* Several lines for a detail view: keeps line breaks. */
char *sanitize_text(const char *s, size_t len);

/* The offset of the first byte that sanitize_line() would not copy through
 * unchanged (a backslash counts), or len when the whole input is clean.
 * Lets a parser reject control characters with a precise position. */
size_t sanitize_check(const char *s, size_t len);

/* Display width in terminal columns of a sanitized string (as one line). */
size_t sanitize_width(const char *clean);

/* The longest prefix of the sanitized string `clean` that fits in cols
 * columns.  When ellipsis is true and the text does not fit, the prefix is
 * followed by "…" and the two together fit.  Never splits a character or an
 * escape; combining marks stay with their base.  A wide (2-column) character
 * that would straddle the limit is left out, so the result can be one
 * column narrower than cols; *width_out (may be NULL) gets the true width.
 * Input that is not the output of sanitize_*() is sanitized on the way
 * (a lone backslash becomes \\), so the result is always safe. */
char *sanitize_truncate(const char *clean, size_t cols, bool ellipsis, size_t *width_out);

/* Exactly cols columns: truncated with "…" when too wide, then padded with
 * spaces on the right (SANITIZE_LEFT) or the left (SANITIZE_RIGHT). */
char *sanitize_pad(const char *clean, size_t cols, enum sanitize_align align);

#endif

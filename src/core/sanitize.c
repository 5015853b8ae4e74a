/* sanitize.c — untrusted bytes to safe, displayable UTF-8; widths,
 * truncation and padding by terminal columns (see sanitize.h).
 *
 * The input is cut into "units": one character copied through, or one
 * escape.  Every function here walks units, so truncation can never split an
 * escape or a multi-byte character, and all of them run in linear time. */
#include "sanitize.h"

#include <locale.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "xmalloc.h"

#define SANITIZE_ELLIPSIS "\xe2\x80\xa6" /* U+2026, one column */

struct sanitize_unit {
	const char *text; /* bytes to emit: points into the input or at esc */
	size_t len;       /* length of text */
	size_t used;      /* input bytes consumed */
	int width;        /* terminal columns (0 for a combining mark) */
	char esc[12];     /* room for "\UHHHHHHHH" */
};

/* How the tokenizer reads its input. */
enum sanitize_mode {
	SANITIZE_RAW,   /* server bytes: escape everything unsafe, \ becomes \\ */
	SANITIZE_CLEAN, /* our own output: escapes already there are single units */
};

/* Code points that are valid UTF-8 but must not reach the terminal as they
 * are.  C1 controls are interpreted by many terminals (U+009B is CSI).
 * Bidi embeddings, overrides, isolates and the marks LRM/RLM/ALM reorder
 * neighbouring text, so "100.00" can be shown as "00.001"; right-to-left
 * *letters* (Arabic, Hebrew, Persian) are fine and pass through.  Zero-width
 * and invisible characters (ZWSP, ZWNJ, ZWJ, word joiner, invisible
 * operators, BOM, Mongolian vowel separator, interlinear annotations, tag
 * characters) hide text or make two different strings look identical;
 * escaping ZWJ means emoji ZWJ sequences show as their parts joined by
 * \u200d.  U+2028/U+2029 are line breaks to some terminals.  Private use
 * characters have no agreed glyph or width, and noncharacters are never
 * meant to be interchanged. */
static bool sanitize_hidden(uint32_t cp)
{
	static const struct {
		uint32_t lo, hi;
	} ranges[] = {
		{ 0x0080, 0x009f },   /* C1 controls */
		{ 0x061c, 0x061c },   /* ARABIC LETTER MARK */
		{ 0x180e, 0x180e },   /* MONGOLIAN VOWEL SEPARATOR */
		{ 0x200b, 0x200f },   /* ZWSP, ZWNJ, ZWJ, LRM, RLM */
		{ 0x2028, 0x202e },   /* LS, PS, LRE, RLE, PDF, LRO, RLO */
		{ 0x2060, 0x206f },   /* WJ, invisible operators, LRI..PDI, deprecated */
		{ 0xe000, 0xf8ff },   /* private use */
		{ 0xfdd0, 0xfdef },   /* noncharacters */
		{ 0xfeff, 0xfeff },   /* BOM / ZWNBSP */
		{ 0xfff9, 0xfffb },   /* interlinear annotation */
		{ 0xe0000, 0xe007f }, /* tags */
		{ 0xf0000, 0x10ffff }, /* private use planes 15 and 16 */
	};
	if ((cp & 0xfffe) == 0xfffe)
		return true; /* U+xxFFFE and U+xxFFFF: noncharacters */
	for (size_t i = 0; i < sizeof ranges / sizeof ranges[0]; i++) {
		if (cp < ranges[i].lo)
			return false;
		if (cp <= ranges[i].hi)
			return true;
	}
	return false;
}

/* Decodes one character of the n (> 0) bytes at s.  Returns its length, or
 * 0 when s does not start a complete, shortest-form sequence for a scalar
 * value (so overlongs, surrogates, values above U+10FFFF, truncated
 * sequences and stray continuation bytes all give 0). */
static size_t sanitize_decode(const unsigned char *s, size_t n, uint32_t *cp)
{
	unsigned char c = s[0], lo = 0x80, hi = 0xbf;
	size_t need;
	uint32_t v;
	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	if (c < 0xc2 || c >= 0xf5)
		return 0; /* continuation byte, overlong lead, or beyond U+10FFFF */
	if (c < 0xe0) {
		need = 1;
		v = c & 0x1f;
	} else if (c < 0xf0) {
		need = 2;
		v = c & 0x0f;
		lo = c == 0xe0 ? 0xa0 : 0x80; /* overlong */
		hi = c == 0xed ? 0x9f : 0xbf; /* surrogates */
	} else {
		need = 3;
		v = c & 0x07;
		lo = c == 0xf0 ? 0x90 : 0x80; /* overlong */
		hi = c == 0xf4 ? 0x8f : 0xbf; /* above U+10FFFF */
	}
	if (n <= need)
		return 0;
	for (size_t i = 1; i <= need; i++) {
		unsigned char b = s[i];
		if (b < (i == 1 ? lo : 0x80) || b > (i == 1 ? hi : 0xbf))
			return 0;
		v = v << 6 | (b & 0x3f);
	}
	*cp = v;
	return need + 1;
}

/* Makes u the escape \<kind><digits lowercase hex digits of value>. */
static void sanitize_escape(struct sanitize_unit *u, char kind, uint32_t value, size_t used)
{
	int digits = kind == 'x' ? 2 : kind == 'u' ? 4 : 8;
	u->esc[0] = '\\';
	u->esc[1] = kind;
	for (int i = digits - 1; i >= 0; i--, value >>= 4)
		u->esc[2 + i] = "0123456789abcdef"[value & 0xf];
	u->text = u->esc;
	u->len = (size_t)digits + 2;
	u->used = used;
	u->width = digits + 2;
}

/* The escape for a code point that stays hidden. */
static void sanitize_escape_cp(struct sanitize_unit *u, uint32_t cp, size_t used)
{
	sanitize_escape(u, cp > 0xffff ? 'U' : 'u', cp, used);
}

static bool sanitize_hex(const unsigned char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
			return false;
	return true;
}

/* The length of the escape this module wrote at s (s[0] == '\\'), or 0. */
static size_t sanitize_escape_len(const unsigned char *s, size_t n)
{
	size_t digits;
	if (n < 2)
		return 0;
	switch (s[1]) {
	case '\\':
		return 2;
	case 'x':
		digits = 2;
		break;
	case 'u':
		digits = 4;
		break;
	case 'U':
		digits = 8;
		break;
	default:
		return 0;
	}
	return n >= 2 + digits && sanitize_hex(s + 2, digits) ? 2 + digits : 0;
}

/* Reads the unit at s (n > 0 bytes left).  have_base: something visible
 * precedes on this line, so a combining mark has a character to attach to
 * (without one it would combine with whatever the terminal shows before). */
static void sanitize_next(const char *str, size_t n, unsigned flags, enum sanitize_mode mode,
			  bool have_base, struct sanitize_unit *u)
{
	const unsigned char *s = (const unsigned char *)str;
	uint32_t cp;
	size_t len = sanitize_decode(s, n, &cp);
	u->text = str;
	u->len = u->used = len;
	u->width = 1;
	if (len == 0)
		return sanitize_escape(u, 'x', s[0], 1);
	if (cp == '\\') {
		size_t el = mode == SANITIZE_CLEAN ? sanitize_escape_len(s, n) : 0;
		if (el > 0) {
			u->len = u->used = el;
			u->width = (int)el;
			return;
		}
		u->text = "\\\\";
		u->len = 2;
		u->width = 2;
		return;
	}
	if (cp >= 0x20 && cp < 0x7f)
		return;
	if (flags & SANITIZE_MULTILINE) {
		if (cp == '\n') {
			u->width = 0;
			return;
		}
		if (cp == '\r' && n > 1 && s[1] == '\n') {
			u->len = 0; /* \r\n: keep only the \n */
			u->width = 0;
			return;
		}
	}
	if (cp < 0x80)
		return sanitize_escape(u, 'x', cp, 1);
	if (sanitize_hidden(cp))
		return sanitize_escape_cp(u, cp, len);
	int w = wcwidth((wchar_t)cp);
	if (w < 0 || (w == 0 && !have_base))
		return sanitize_escape_cp(u, cp, len);
	u->width = w;
}

/* wcwidth() answers for the calling thread's LC_CTYPE; these switch that
 * thread to C.UTF-8 (or en_US.UTF-8) for the duration of one call, so the
 * caller's locale does not matter.  If neither exists, the process locale
 * stays; in a non-UTF-8 locale wcwidth() rejects all non-ASCII, which then
 * shows as escapes: ugly but safe.  The locale object is made once and kept
 * for the life of the process. */
static locale_t sanitize_enter(void)
{
	static locale_t utf8;
	static bool tried;
	if (!tried) {
		tried = true;
		utf8 = newlocale(LC_CTYPE_MASK, "C.UTF-8", (locale_t)0);
		if (utf8 == (locale_t)0)
			utf8 = newlocale(LC_CTYPE_MASK, "en_US.UTF-8", (locale_t)0);
	}
	return utf8 != (locale_t)0 ? uselocale(utf8) : (locale_t)0;
}

static void sanitize_leave(locale_t saved)
{
	if (saved != (locale_t)0)
		uselocale(saved);
}

/* Appends the units of s to out, stopping before the first unit that would
 * take the width past max_width.  Returns the width appended; *rest gets
 * the number of input bytes not consumed. */
static size_t sanitize_walk(struct buf *out, const char *s, size_t len, unsigned flags,
			    enum sanitize_mode mode, size_t max_width, size_t *rest)
{
	struct sanitize_unit u;
	size_t pos = 0, width = 0;
	bool have_base = false;
	while (pos < len) {
		sanitize_next(s + pos, len - pos, flags, mode, have_base, &u);
		if ((size_t)u.width > max_width - width)
			break;
		buf_append(out, u.text, u.len);
		width += (size_t)u.width;
		pos += u.used;
		if (u.width > 0)
			have_base = true;
		else if (u.len == 1 && u.text[0] == '\n')
			have_base = false;
	}
	if (rest != NULL)
		*rest = len - pos;
	return width;
}

void sanitize_append(struct buf *out, const char *s, size_t len, unsigned flags)
{
	bool cut = len > SANITIZE_MAX_INPUT;
	if (cut) {
		/* Cut at a character boundary: back over up to 3 continuation bytes. */
		len = SANITIZE_MAX_INPUT;
		for (int i = 0; i < 3 && ((unsigned char)s[len] & 0xc0) == 0x80; i++)
			len--;
	}
	buf_reserve(out, len);
	buf_append(out, "", 0); /* terminated even when nothing follows */
	locale_t saved = sanitize_enter();
	sanitize_walk(out, s, len, flags, SANITIZE_RAW, SIZE_MAX, NULL);
	sanitize_leave(saved);
	if (cut)
		buf_append_str(out, SANITIZE_ELLIPSIS);
}

char *sanitize_line(const char *s, size_t len)
{
	struct buf b = BUF_INIT;
	sanitize_append(&b, s, len, 0);
	return buf_steal(&b);
}

char *sanitize_text(const char *s, size_t len)
{
	struct buf b = BUF_INIT;
	sanitize_append(&b, s, len, SANITIZE_MULTILINE);
	return buf_steal(&b);
}

size_t sanitize_check(const char *s, size_t len)
{
	struct sanitize_unit u;
	size_t pos = 0;
	bool have_base = false;
	locale_t saved = sanitize_enter();
	while (pos < len) {
		sanitize_next(s + pos, len - pos, 0, SANITIZE_RAW, have_base, &u);
		if (u.text != s + pos || u.len != u.used)
			break;
		pos += u.used;
		have_base = have_base || u.width > 0;
	}
	sanitize_leave(saved);
	return pos;
}

size_t sanitize_width(const char *clean)
{
	struct sanitize_unit u;
	size_t len = strlen(clean), pos = 0, width = 0;
	bool have_base = false;
	locale_t saved = sanitize_enter();
	while (pos < len) {
		sanitize_next(clean + pos, len - pos, 0, SANITIZE_CLEAN, have_base, &u);
		width += (size_t)u.width;
		pos += u.used;
		have_base = have_base || u.width > 0;
	}
	sanitize_leave(saved);
	return width;
}

char *sanitize_truncate(const char *clean, size_t cols, bool ellipsis, size_t *width_out)
{
	struct buf b = BUF_INIT;
	size_t len = strlen(clean), rest = 0, width = 0;
	locale_t saved = sanitize_enter();
	if (cols > 0)
		width = sanitize_walk(&b, clean, len, 0, SANITIZE_CLEAN, cols, &rest);
	if (rest > 0 && ellipsis && cols > 0) {
		/* Too wide: start again one column short and add the ellipsis.
		 * Walking twice keeps the code simple and is still linear. */
		buf_reset(&b);
		width = sanitize_walk(&b, clean, len, 0, SANITIZE_CLEAN, cols - 1, NULL) + 1;
		buf_append_str(&b, SANITIZE_ELLIPSIS);
	}
	sanitize_leave(saved);
	if (width_out != NULL)
		*width_out = width;
	return buf_steal(&b);
}

char *sanitize_pad(const char *clean, size_t cols, enum sanitize_align align)
{
	size_t width;
	char *cut = sanitize_truncate(clean, cols, true, &width);
	size_t fill = cols - width;
	struct buf b = BUF_INIT;
	buf_reserve(&b, strlen(cut) + fill);
	buf_append(&b, "", 0);
	if (align == SANITIZE_RIGHT)
		while (fill-- > 0)
			buf_append_char(&b, ' ');
	buf_append_str(&b, cut);
	if (align == SANITIZE_LEFT)
		while (fill-- > 0)
			buf_append_char(&b, ' ');
	free(cut);
	return buf_steal(&b);
}

/* glyph.c — ASCII forms of the glyphs bankterm draws, for terminals whose
 * locale is not UTF-8 (see glyph.h). */
#include "glyph.h"

#include <langinfo.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "buf.h"
#include "xmalloc.h"

static bool glyph_ascii_mode;

/* Single code points and their ASCII forms, sorted by code point.  The
 * block characters follow the Timeline chart's own ASCII scale (. o #), so
 * a chart drawn in either mode reads the same. */
static const struct {
	uint32_t cp;
	const char *ascii;
} glyph_table[] = {
	{ 0x00a0, " " },    /* no-break space */
	{ 0x00a3, "GBP" },  /* £ (money.c's unambiguous symbols) */
	{ 0x00ab, "<<" },   /* « */
	{ 0x00b7, "-" },    /* · */
	{ 0x00bb, ">>" },   /* » */
	{ 0x00d7, "x" },    /* × */
	{ 0x2010, "-" },    /* hyphen */
	{ 0x2011, "-" },    /* non-breaking hyphen */
	{ 0x2012, "-" },    /* figure dash */
	{ 0x2013, "-" },    /* – */
	{ 0x2014, "--" },   /* — */
	{ 0x2018, "'" },    /* ‘ */
	{ 0x2019, "'" },    /* ’ */
	{ 0x201c, "\"" },   /* “ */
	{ 0x201d, "\"" },   /* ” */
	{ 0x2022, "*" },    /* • */
	{ 0x2026, "..." },  /* … */
	{ 0x2039, "<" },    /* ‹ */
	{ 0x203a, ">" },    /* › */
	{ 0x2044, "/" },    /* fraction slash */
	{ 0x20a9, "KRW" },  /* ₩ */
	{ 0x20aa, "ILS" },  /* ₪ */
	{ 0x20ac, "EUR" },  /* € */
	{ 0x20b9, "INR" },  /* ₹ */
	{ 0x2190, "<-" },   /* ← */
	{ 0x2191, "^" },    /* ↑ */
	{ 0x2192, "->" },   /* → */
	{ 0x2193, "v" },    /* ↓ */
	{ 0x2194, "<->" },  /* ↔ */
	{ 0x21d2, "=>" },   /* ⇒ */
	{ 0x2212, "-" },    /* − minus */
	{ 0x2248, "~" },    /* ≈ */
	{ 0x2260, "!=" },   /* ≠ */
	{ 0x2264, "<=" },   /* ≤ */
	{ 0x2265, ">=" },   /* ≥ */
	{ 0x2581, "." },    /* ▁ lower eighths: the chart's scale */
	{ 0x2582, "." },
	{ 0x2583, "." },
	{ 0x2584, "o" },
	{ 0x2585, "o" },
	{ 0x2586, "o" },
	{ 0x2587, "o" },
	{ 0x2588, "#" },    /* █ */
	{ 0x25a0, "#" },    /* ■ */
	{ 0x25b2, "^" },    /* ▲ */
	{ 0x25b6, ">" },    /* ▶ */
	{ 0x25b8, ">" },    /* ▸ */
	{ 0x25ba, ">" },    /* ► */
	{ 0x25bc, "v" },    /* ▼ */
	{ 0x25c0, "<" },    /* ◀ */
	{ 0x25c2, "<" },    /* ◂ */
	{ 0x25c4, "<" },    /* ◄ */
	{ 0x25cb, "o" },    /* ○ */
	{ 0x25cf, "*" },    /* ● */
	{ 0x26a0, "!" },    /* ⚠ */
	{ 0x2713, "ok" },   /* ✓ */
	{ 0x2714, "ok" },   /* ✔ */
	{ 0x2717, "x" },    /* ✗ */
	{ 0x2718, "x" },    /* ✘ */
	{ 0x27f3, "*" },    /* ⟳ syncing, sending */
};

/* Box drawing (U+2500-U+257F): the straight lines as - and |, every
 * corner, tee and cross as +. */
static const char *glyph_box(uint32_t cp)
{
	static const uint32_t horiz[] = { 0x2500, 0x2501, 0x2504, 0x2505, 0x2508, 0x2509,
					  0x254c, 0x254d, 0x2550, 0x2574, 0x2576, 0x2578,
					  0x257a, 0x257c, 0x257e };
	static const uint32_t vert[] = { 0x2502, 0x2503, 0x2506, 0x2507, 0x250a, 0x250b,
					 0x254e, 0x254f, 0x2551, 0x2575, 0x2577, 0x2579,
					 0x257b, 0x257d, 0x257f };
	for (size_t i = 0; i < sizeof horiz / sizeof horiz[0]; i++)
		if (horiz[i] == cp)
			return "-";
	for (size_t i = 0; i < sizeof vert / sizeof vert[0]; i++)
		if (vert[i] == cp)
			return "|";
	return "+";
}

static const char *glyph_lookup(uint32_t cp)
{
	if (cp >= 0x2500 && cp <= 0x257f)
		return glyph_box(cp);
	size_t lo = 0, hi = sizeof glyph_table / sizeof glyph_table[0];
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (glyph_table[mid].cp == cp)
			return glyph_table[mid].ascii;
		if (glyph_table[mid].cp < cp)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (cp >= 0x2580 && cp <= 0x259f)
		return "#"; /* the other blocks and shades */
	return "?";
}

/* Decodes the UTF-8 character at s (valid: sanitized); returns its length,
 * 1 with cp 0xfffd for a byte that does not start one. */
static size_t glyph_decode(const unsigned char *s, uint32_t *cp)
{
	size_t n = s[0] >= 0xf0 ? 4 : s[0] >= 0xe0 ? 3 : s[0] >= 0xc0 ? 2 : 0;
	if (n == 0) {
		*cp = 0xfffd;
		return 1;
	}
	uint32_t v = s[0] & (0x7f >> n);
	for (size_t i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80) {
			*cp = 0xfffd;
			return 1;
		}
		v = v << 6 | (s[i] & 0x3f);
	}
	*cp = v;
	return n;
}

bool glyph_locale_utf8(void)
{
	const char *cs = nl_langinfo(CODESET);
	return cs != NULL && (strcasecmp(cs, "UTF-8") == 0 || strcasecmp(cs, "UTF8") == 0);
}

void glyph_init(bool ascii)
{
	glyph_ascii_mode = ascii;
}

bool glyph_ascii(void)
{
	return glyph_ascii_mode;
}

char *glyph_to_ascii(const char *clean)
{
	const unsigned char *p = (const unsigned char *)clean;
	struct buf b = BUF_INIT;
	while (*p != '\0') {
		const unsigned char *run = p;
		while (*p != '\0' && *p < 0x80)
			p++;
		buf_append(&b, run, (size_t)(p - run));
		if (*p == '\0')
			break;
		uint32_t cp;
		p += glyph_decode(p, &cp);
		buf_append_str(&b, glyph_lookup(cp));
	}
	return buf_steal(&b);
}

const char *glyph_of(const char *utf8)
{
	if (!glyph_ascii_mode || (unsigned char)utf8[0] < 0x80)
		return utf8;
	uint32_t cp;
	glyph_decode((const unsigned char *)utf8, &cp);
	return glyph_lookup(cp);
}

char *glyph_line(const char *clean)
{
	return glyph_ascii_mode ? glyph_to_ascii(clean) : xstrdup(clean);
}

size_t glyph_width(const char *clean)
{
	if (!glyph_ascii_mode)
		return sanitize_width(clean);
	char *a = glyph_to_ascii(clean);
	size_t w = strlen(a);
	free(a);
	return w;
}

char *glyph_truncate(const char *clean, size_t cols, bool ellipsis, size_t *width_out)
{
	if (!glyph_ascii_mode)
		return sanitize_truncate(clean, cols, ellipsis, width_out);
	char *a = glyph_to_ascii(clean);
	size_t len = strlen(a);
	if (len <= cols) {
		if (width_out != NULL)
			*width_out = len;
		return a;
	}
	/* All ASCII, one column a byte: sanitize_truncate only keeps an
	 * escape like \x1b from being split. */
	bool dots = ellipsis && cols >= 4;
	size_t w;
	char *cut = sanitize_truncate(a, dots ? cols - 3 : cols, false, &w);
	free(a);
	if (!dots) {
		if (width_out != NULL)
			*width_out = w;
		return cut;
	}
	char *s = xasprintf("%s...", cut);
	free(cut);
	if (width_out != NULL)
		*width_out = w + 3;
	return s;
}

char *glyph_pad(const char *clean, size_t cols, enum sanitize_align align)
{
	if (!glyph_ascii_mode)
		return sanitize_pad(clean, cols, align);
	size_t w;
	char *t = glyph_truncate(clean, cols, true, &w);
	size_t pad = cols > w ? cols - w : 0;
	char *s = align == SANITIZE_RIGHT ? xasprintf("%*s%s", (int)pad, "", t)
					  : xasprintf("%s%*s", t, (int)pad, "");
	free(t);
	return s;
}

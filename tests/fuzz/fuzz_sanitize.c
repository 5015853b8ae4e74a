/* fuzz_sanitize.c — libFuzzer target for sanitize: whatever the bytes, the
 * output is valid UTF-8 with no control, C1, bidi or zero-width character;
 * sanitized text passes through truncate unchanged when it fits; truncation
 * and padding keep their width promises. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "sanitize.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Aborts unless s is valid UTF-8 free of everything sanitize must escape
 * (\n allowed when multiline). */
static void fuzz_check_safe(const char *str, int multiline)
{
	const unsigned char *s = (const unsigned char *)str;
	while (*s != '\0') {
		uint32_t cp;
		size_t n;
		if (s[0] < 0x80) {
			cp = s[0];
			n = 1;
		} else {
			n = s[0] >= 0xf0 ? 4 : s[0] >= 0xe0 ? 3 : s[0] >= 0xc2 ? 2 : 0;
			if (n == 0 || s[0] > 0xf4)
				abort();
			cp = s[0] & (0x7f >> n);
			for (size_t i = 1; i < n; i++) {
				if ((s[i] & 0xc0) != 0x80)
					abort();
				cp = cp << 6 | (s[i] & 0x3f);
			}
			static const uint32_t min[] = { 0, 0, 0x80, 0x800, 0x10000 };
			if (cp < min[n] || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
				abort();
		}
		if ((cp < 0x20 && !(multiline && cp == '\n')) || cp == 0x7f ||
		    (cp >= 0x80 && cp <= 0x9f) || (cp >= 0x202a && cp <= 0x202e) ||
		    (cp >= 0x2066 && cp <= 0x2069) || (cp >= 0x200b && cp <= 0x200f) ||
		    cp == 0x2060 || cp == 0xfeff || cp == 0x061c)
			abort();
		s += n;
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *in = (const char *)data;
	char *line = sanitize_line(in, size);
	fuzz_check_safe(line, 0);
	char *text = sanitize_text(in, size);
	fuzz_check_safe(text, 1);

	/* Clean text is a fixed point of truncation when it fits. */
	size_t width = sanitize_width(line), got;
	char *same = sanitize_truncate(line, width, 0, &got);
	if (strcmp(same, line) != 0 || got != width)
		abort();
	free(same);

	size_t cols = size > 0 ? data[0] % 40 : 0;
	char *cut = sanitize_truncate(line, cols, size % 2 == 0, &got);
	fuzz_check_safe(cut, 0);
	if (got > cols || sanitize_width(cut) != got)
		abort();
	free(cut);
	char *pad = sanitize_pad(line, cols, size % 3 == 0 ? SANITIZE_RIGHT : SANITIZE_LEFT);
	if (sanitize_width(pad) != cols)
		abort();
	free(pad);

	/* Unsanitized input given straight to truncate is made safe too. */
	char *raw = malloc(size + 1);
	memcpy(raw, in, size);
	raw[size] = '\0';
	cut = sanitize_truncate(raw, cols, 1, &got);
	fuzz_check_safe(cut, 0);
	free(cut);
	free(raw);

	if (sanitize_check(in, size) > size)
		abort();
	free(text);
	free(line);
	return 0;
}

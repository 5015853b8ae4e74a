/* fuzz_date.c — libFuzzer target for date_parse and date_parse_timestamp:
 * whatever the bytes, a parse either fails with a message or gives a value
 * in range whose formatted form parses back to the same value; month and day
 * arithmetic on it stays in range or fails cleanly. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void fuzz_date(const char *s, size_t len, int64_t n)
{
	int64_t d, back, moved;
	struct err e = ERR_INIT;
	if (!date_parse(s, len, &d, &e)) {
		if (e.code == ERR_OK || e.msg[0] == '\0')
			abort();
		return;
	}
	char buf[DATE_STR_MAX];
	date_format(d, buf);
	if (d < DATE_MIN || d > DATE_MAX || strlen(buf) != 10 || memcmp(buf, s, 10) != 0 ||
	    !date_parse(buf, 10, &back, NULL) || back != d)
		abort();
	int wd = date_weekday(d);
	if (wd < 1 || wd > 7)
		abort();
	if (date_add_months(d, n, &moved, NULL) && (moved < DATE_MIN || moved > DATE_MAX))
		abort();
	if (date_add_days(d, n, &moved, NULL) && date_days_between(d, moved) != n)
		abort();
}

static void fuzz_timestamp(const char *s, size_t len)
{
	int64_t t, back;
	struct err e = ERR_INIT;
	if (!date_parse_timestamp(s, len, &t, &e)) {
		if (e.code == ERR_OK || e.msg[0] == '\0')
			abort();
		return;
	}
	char buf[DATE_TIMESTAMP_STR_MAX], day[DATE_STR_MAX];
	date_format_timestamp(t, buf);
	if (t < DATE_TIMESTAMP_MIN || t > DATE_TIMESTAMP_MAX || strlen(buf) != 20 ||
	    !date_parse_timestamp(buf, 20, &back, NULL) || back != t)
		abort();
	if (memcmp(date_format(date_of_timestamp_utc(t), day), buf, 10) != 0)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size == 0)
		return 0;
	const char *s = (const char *)data + 1;
	/* The first byte picks the parser and a month/day offset. */
	int64_t n = (int8_t)data[0] * 37;
	if (data[0] & 1)
		fuzz_date(s, size - 1, n);
	else
		fuzz_timestamp(s, size - 1);
	return 0;
}

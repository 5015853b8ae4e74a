/* output.h — the one writer behind every read command's output: a table of
 * column descriptors and rows of cells, written as an aligned table for
 * people, as JSON (docs/JSON.md) or as CSV (RFC 4180) for programs.
 *
 *     static const struct output_col cols[] = {
 *             { "id", "ID", OUTPUT_STR },
 *             { "balance", "BALANCE", OUTPUT_MONEY },
 *     };
 *     struct output *o = output_new(OUTPUT_TABLE, cols, 2);
 *     output_row(o, (struct output_cell[]){ OUTPUT_S(id), OUTPUT_M(bal) });
 *     output_write(o, stdout);
 *     output_free(&o);
 *
 * Strings are raw server text.  The table sanitizes every one of them
 * (sanitize.h) and aligns by display width; JSON carries the raw string
 * (jansson escapes control characters as \u00XX); CSV carries the raw bytes,
 * quoted when they hold a comma, a quote, CR or LF, and does NOT escape
 * other control characters: CSV has no escape mechanism, so escaping would
 * change the data a program reads.  Look at CSV with a program, not with
 * `cat` on a terminal.
 *
 * Money: the table shows money_format_locale(); JSON an object
 * {"value": "-12.34", "currency": "USD"} (decimal string, never a float);
 * CSV two columns, KEY (decimal) and KEY_currency.  Dates are "YYYY-MM-DD",
 * timestamps RFC 3339 UTC.  A NULL cell is null in JSON, empty in CSV and
 * "-" in the table.
 *
 * struct output copies every cell it is given; the caller keeps its own. */
#ifndef BANKTERM_CMD_OUTPUT_H
#define BANKTERM_CMD_OUTPUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "money.h"

/* The version number at the top of every --json document (docs/JSON.md). */
#define OUTPUT_JSON_VERSION 1

enum output_format {
	OUTPUT_TABLE,
	OUTPUT_JSON,
	OUTPUT_CSV,
};

enum output_type {
	OUTPUT_STR,
	OUTPUT_MONEY,
	OUTPUT_DATE,	  /* days since the epoch */
	OUTPUT_TIMESTAMP, /* seconds since the epoch */
	OUTPUT_INT,
	OUTPUT_BOOL,
};

struct output_col {
	const char *key;   /* JSON member and CSV header */
	const char *title; /* table header */
	enum output_type type;
	unsigned max_width; /* table: widest cell in columns (0 = 40 for text) */
	bool machine_only;  /* JSON and CSV only: left out of the table */
};

struct output_cell {
	bool null;
	const char *s; /* OUTPUT_STR; NULL is a null cell */
	struct money m;
	int64_t i; /* OUTPUT_DATE, OUTPUT_TIMESTAMP, OUTPUT_INT */
	bool b;
};

#define OUTPUT_S(str) ((struct output_cell){ .null = (str) == NULL, .s = (str) })
#define OUTPUT_M(mon) ((struct output_cell){ .m = (mon) })
#define OUTPUT_I(num) ((struct output_cell){ .i = (num) })
#define OUTPUT_B(v) ((struct output_cell){ .b = (v) })
#define OUTPUT_NULL ((struct output_cell){ .null = true })

struct output;

/* cols must outlive the output (usually a static table). */
struct output *output_new(enum output_format format, const struct output_col *cols, size_t ncols);
void output_free(struct output **op);

/* Adds one row: cells has ncols entries, in column order. */
void output_row(struct output *o, const struct output_cell *cells);
size_t output_rows(const struct output *o);

/* An extra top-level JSON member (e.g. "totals" of `due`) written as the
 * given output's rows; the table format prints it as a further table after
 * a blank line; CSV leaves it out (one CSV holds one table).  The extra
 * output is taken (freed with o). */
void output_add_extra(struct output *o, const char *key, struct output *taken);

/* Writes everything: the tables (header + rows; nothing for one with no
 * rows), CSV (header + rows) or one JSON document
 * {"version": 1, "command": COMMAND, "items": [...], EXTRAS...}. */
bool output_write(const struct output *o, const char *command, FILE *out);

#endif

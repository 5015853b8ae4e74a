/* output.c — table / JSON / CSV writer for the read commands (output.h). */
#include "output.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "date.h"
#include "export.h"
#include "sanitize.h"
#include "xmalloc.h"

#define OUTPUT_TEXT_WIDTH 40
#define OUTPUT_MAX_EXTRAS 4

struct output_extra {
	char *key;
	struct output *out;
};

struct output {
	enum output_format format;
	const struct output_col *cols;
	size_t ncols;
	struct output_cell *cells; /* rows * ncols; strings owned */
	size_t rows, cap;
	struct output_extra extras[OUTPUT_MAX_EXTRAS];
	size_t n_extras;
};

struct output *output_new(enum output_format format, const struct output_col *cols, size_t ncols)
{
	struct output *o = xcalloc(1, sizeof(*o));
	o->format = format;
	o->cols = cols;
	o->ncols = ncols;
	return o;
}

void output_free(struct output **op)
{
	struct output *o = *op;
	if (o == NULL)
		return;
	for (size_t i = 0; i < o->rows * o->ncols; i++)
		free((char *)o->cells[i].s);
	free(o->cells);
	for (size_t i = 0; i < o->n_extras; i++) {
		free(o->extras[i].key);
		output_free(&o->extras[i].out);
	}
	free(o);
	*op = NULL;
}

void output_row(struct output *o, const struct output_cell *cells)
{
	if (o->rows == o->cap) {
		o->cap = o->cap == 0 ? 16 : o->cap * 2;
		o->cells = xreallocarray(o->cells, o->cap * o->ncols, sizeof(*o->cells));
	}
	struct output_cell *row = o->cells + o->rows * o->ncols;
	for (size_t c = 0; c < o->ncols; c++) {
		row[c] = cells[c];
		if (o->cols[c].type == OUTPUT_STR && cells[c].s != NULL)
			row[c].s = xstrdup(cells[c].s);
		else
			row[c].s = NULL;
		if (o->cols[c].type == OUTPUT_STR && cells[c].s == NULL)
			row[c].null = true;
	}
	o->rows++;
}

size_t output_rows(const struct output *o)
{
	return o->rows;
}

void output_add_extra(struct output *o, const char *key, struct output *taken)
{
	if (o->n_extras == OUTPUT_MAX_EXTRAS)
		abort(); /* a programming error: the commands use at most two */
	o->extras[o->n_extras].key = xstrdup(key);
	o->extras[o->n_extras].out = taken;
	o->n_extras++;
}

/* The cell as text for the table (sanitized, caller frees) or for CSV (raw). */
static char *output_cell_text(const struct output_col *col, const struct output_cell *c,
			      bool table)
{
	char buf[MONEY_LOCALE_MAX];
	if (c->null)
		return xstrdup(table ? "-" : "");
	switch (col->type) {
	case OUTPUT_STR:
		return table ? sanitize_line(c->s, strlen(c->s)) : xstrdup(c->s);
	case OUTPUT_MONEY:
		return xstrdup(table ? money_format_locale(c->m, buf)
				     : money_format_decimal(c->m, buf));
	case OUTPUT_DATE:
		return xstrdup(date_format(c->i, buf));
	case OUTPUT_TIMESTAMP:
		return xstrdup(date_format_timestamp(c->i, buf));
	case OUTPUT_INT:
		return xasprintf("%lld", (long long)c->i);
	case OUTPUT_BOOL:
		return xstrdup(c->b ? (table ? "yes" : "true") : (table ? "no" : "false"));
	}
	return xstrdup("?");
}

static bool output_right_aligned(enum output_type t)
{
	return t == OUTPUT_MONEY || t == OUTPUT_INT;
}

static void output_table(const struct output *o, struct buf *b)
{
	if (o->rows == 0)
		return;
	char **text = xcalloc(o->rows * o->ncols, sizeof(*text));
	size_t *width = xcalloc(o->ncols, sizeof(*width));
	for (size_t c = 0; c < o->ncols; c++)
		width[c] = sanitize_width(o->cols[c].title);
	for (size_t r = 0; r < o->rows; r++) {
		for (size_t c = 0; c < o->ncols; c++) {
			char *t = output_cell_text(&o->cols[c], &o->cells[r * o->ncols + c], true);
			size_t w = sanitize_width(t);
			size_t max = o->cols[c].max_width ? o->cols[c].max_width
							  : OUTPUT_TEXT_WIDTH;
			if (o->cols[c].type == OUTPUT_STR && w > max)
				w = max;
			if (w > width[c])
				width[c] = w;
			text[r * o->ncols + c] = t;
		}
	}
	size_t lastc = 0;
	for (size_t c = 0; c < o->ncols; c++)
		lastc = o->cols[c].machine_only ? lastc : c;
	for (size_t r = 0; r <= o->rows; r++) {
		struct buf line = BUF_INIT;
		for (size_t c = 0; c < o->ncols; c++) {
			if (o->cols[c].machine_only)
				continue;
			const char *t = r == 0 ? o->cols[c].title : text[(r - 1) * o->ncols + c];
			bool last = c == lastc;
			enum sanitize_align al = output_right_aligned(o->cols[c].type)
							 ? SANITIZE_RIGHT
							 : SANITIZE_LEFT;
			char *cell = sanitize_pad(t, width[c], al);
			buf_append_str(&line, cell);
			free(cell);
			if (!last)
				buf_append_str(&line, "  ");
		}
		/* No trailing blanks: a last left-aligned column is padded. */
		while (line.len > 0 && line.data[line.len - 1] == ' ')
			line.data[--line.len] = '\0';
		buf_append(b, line.data != NULL ? line.data : "", line.len);
		buf_append_char(b, '\n');
		buf_free(&line);
	}
	for (size_t i = 0; i < o->rows * o->ncols; i++)
		free(text[i]);
	free(text);
	free(width);
}

/* tty: the CSV goes to a terminal, so server text is escaped (sanitize.h) like
 * in a table instead of written raw. */
static void output_csv(const struct output *o, struct buf *b, bool tty)
{
	for (size_t c = 0; c < o->ncols; c++) {
		if (c > 0)
			buf_append_char(b, ',');
		buf_append_str(b, o->cols[c].key);
		if (o->cols[c].type == OUTPUT_MONEY)
			buf_printf(b, ",%s_currency", o->cols[c].key);
	}
	buf_append_str(b, "\r\n");
	for (size_t r = 0; r < o->rows; r++) {
		for (size_t c = 0; c < o->ncols; c++) {
			const struct output_cell *cell = &o->cells[r * o->ncols + c];
			if (c > 0)
				buf_append_char(b, ',');
			char *t = output_cell_text(&o->cols[c], cell, false);
			if (tty && o->cols[c].type == OUTPUT_STR && !cell->null) {
				free(t);
				t = sanitize_line(cell->s, strlen(cell->s));
			}
			export_csv_field(b, t, strlen(t));
			free(t);
			if (o->cols[c].type == OUTPUT_MONEY && !cell->null)
				buf_printf(b, ",%s", cell->m.currency);
			else if (o->cols[c].type == OUTPUT_MONEY)
				buf_append_char(b, ',');
		}
		buf_append_str(b, "\r\n");
	}
}

static json_t *output_json_money(struct money m)
{
	char buf[MONEY_DECIMAL_MAX];
	return json_pack("{s:s, s:s}", "value", money_format_decimal(m, buf), "currency",
			 m.currency);
}

/* A raw server string as JSON.  The parsers only store valid UTF-8 (jansson
 * decoded it), but a string jansson refuses is written sanitized rather
 * than dropped. */
static json_t *output_json_string(const char *s)
{
	json_t *j = json_string(s);
	if (j == NULL) {
		char *clean = sanitize_line(s, strlen(s));
		j = json_string(clean);
		free(clean);
	}
	return j;
}

static json_t *output_json_cell(const struct output_col *col, const struct output_cell *c)
{
	char buf[DATE_TIMESTAMP_STR_MAX];
	if (c->null)
		return json_null();
	switch (col->type) {
	case OUTPUT_STR:
		return output_json_string(c->s);
	case OUTPUT_MONEY:
		return output_json_money(c->m);
	case OUTPUT_DATE:
		return json_string(date_format(c->i, buf));
	case OUTPUT_TIMESTAMP:
		return json_string(date_format_timestamp(c->i, buf));
	case OUTPUT_INT:
		return json_integer(c->i);
	case OUTPUT_BOOL:
		return json_boolean(c->b);
	}
	return json_null();
}

static json_t *output_json_items(const struct output *o)
{
	json_t *items = json_array();
	for (size_t r = 0; r < o->rows; r++) {
		json_t *obj = json_object();
		for (size_t c = 0; c < o->ncols; c++)
			json_object_set_new(obj, o->cols[c].key,
					    output_json_cell(&o->cols[c],
							     &o->cells[r * o->ncols + c]));
		json_array_append_new(items, obj);
	}
	return items;
}

/* tty: the JSON goes to a terminal, so everything beyond ASCII is written as
 * \uXXXX (jansson escapes C0 controls but would write C1 and bidi
 * controls raw). */
static bool output_json(const struct output *o, const char *command, struct buf *b, bool tty)
{
	json_t *doc = json_object();
	json_object_set_new(doc, "version", json_integer(OUTPUT_JSON_VERSION));
	json_object_set_new(doc, "command", json_string(command));
	json_object_set_new(doc, "items", output_json_items(o));
	for (size_t i = 0; i < o->n_extras; i++)
		json_object_set_new(doc, o->extras[i].key, output_json_items(o->extras[i].out));
	char *text = json_dumps(doc, JSON_INDENT(2) | JSON_PRESERVE_ORDER |
					     (tty ? JSON_ENSURE_ASCII : 0));
	json_decref(doc);
	if (text == NULL)
		return false;
	for (const char *p = text; tty && *p != '\0'; p++) {
		/* DEL is the one control jansson leaves raw; it only occurs in strings */
		if (*p == 0x7f)
			buf_append_str(b, "\\u007f");
		else
			buf_append_char(b, *p);
	}
	if (!tty)
		buf_append_str(b, text);
	buf_append_char(b, '\n');
	free(text);
	return true;
}

bool output_write(const struct output *o, const char *command, FILE *out)
{
	struct buf b = BUF_INIT;
	bool ok = true;
	bool tty = isatty(fileno(out));
	if (o->format == OUTPUT_TABLE) {
		output_table(o, &b);
		for (size_t i = 0; i < o->n_extras; i++) {
			if (o->extras[i].out->rows > 0 && b.len > 0)
				buf_append_char(&b, '\n');
			output_table(o->extras[i].out, &b);
		}
	}
	else if (o->format == OUTPUT_CSV)
		output_csv(o, &b, tty);
	else
		ok = output_json(o, command, &b, tty);
	if (ok && b.len > 0)
		ok = fwrite(b.data, 1, b.len, out) == b.len;
	ok = fflush(out) == 0 && ok;
	buf_free(&b);
	return ok;
}

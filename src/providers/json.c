/* json.c — the table-driven field reader the provider parsers share (see json.h). */
#include "json.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "model.h"
#include "money.h"
#include "xmalloc.h"

json_t *json_read_document(const char *bytes, size_t len, const char *what, struct err *e)
{
	if (len > JSON_BODY_MAX) {
		err_set(e, ERR_RANGE, "%s: %zu bytes is more than the %zu accepted", what, len,
			JSON_BODY_MAX);
		return NULL;
	}
	json_error_t je;
	json_t *root = json_loadb(bytes, len, JSON_REJECT_DUPLICATES | JSON_ALLOW_NUL, &je);
	if (root == NULL) {
		err_set(e, ERR_PROTOCOL, "%s is not valid JSON (line %d, column %d: %s)", what,
			je.line, je.column, je.text);
		return NULL;
	}
	if (!json_is_object(root)) {
		err_set(e, ERR_PROTOCOL, "%s: expected a JSON object, got %s", what,
			json_type_word(root));
		json_decref(root);
		return NULL;
	}
	return root;
}

/* Built with memcpy rather than snprintf: it runs for every field read. */
void json_path_key(char buf[JSON_PATH_MAX], const char *path, const char *key)
{
	size_t pl = strnlen(path, JSON_PATH_MAX - 1);
	size_t kl = strnlen(key, JSON_PATH_MAX - 1);
	size_t room = JSON_PATH_MAX - 1 - pl;
	bool dot = pl > 0 && kl > 0 && room > 0;
	if (kl > room - dot)
		kl = room - dot;
	memmove(buf, path, pl);
	if (dot)
		buf[pl] = '.';
	memcpy(buf + pl + dot, key, kl);
	buf[pl + dot + kl] = '\0';
}

void json_path_index(char buf[JSON_PATH_MAX], const char *path, size_t i)
{
	snprintf(buf, JSON_PATH_MAX, "%s[%zu]", path, i);
}

const char *json_type_word(const json_t *v)
{
	if (v == NULL)
		return "nothing (the member is missing)";
	switch (json_typeof(v)) {
	case JSON_OBJECT:
		return "an object";
	case JSON_ARRAY:
		return "an array";
	case JSON_STRING:
		return "a string";
	case JSON_INTEGER:
		return "an integer";
	case JSON_REAL:
		return "a fractional number";
	case JSON_TRUE:
	case JSON_FALSE:
		return "a boolean";
	case JSON_NULL:
		return "null";
	}
	return "an unknown JSON value";
}

static bool json_wrong_type(const char *path, const char *want, const json_t *v, struct err *e)
{
	return err_set(e, ERR_PROTOCOL, "%s: expected %s, got %s", path, want, json_type_word(v));
}

bool json_read_string(const json_t *v, const char *path, size_t max, const char **s, size_t *len,
		      struct err *e)
{
	if (!json_is_string(v))
		return json_wrong_type(path, "a string", v, e);
	const char *str = json_string_value(v);
	size_t n = json_string_length(v);
	const char *nul = memchr(str, '\0', n);
	if (nul != NULL)
		return err_set(e, ERR_PROTOCOL, "%s: contains a NUL character at byte %zu", path,
			       (size_t)(nul - str));
	if (n > max)
		return err_set(e, ERR_PROTOCOL, "%s: %zu bytes is longer than the %zu accepted",
			       path, n, max);
	*s = str;
	*len = n;
	return true;
}

static bool json_id_ok(const char *s, size_t len)
{
	if (len == 0)
		return false;
	for (size_t i = 0; i < len; i++) {
		char c = s[i];
		bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
			  (c >= '0' && c <= '9') || c == '_' || c == '-';
		if (!ok)
			return false;
	}
	return true;
}

bool json_id_valid(const char *s)
{
	size_t len = strlen(s);
	return len <= MODEL_ID_MAX && json_id_ok(s, len);
}

bool json_visible_ascii(const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if (s[i] < 0x21 || s[i] > 0x7e)
			return false;
	return true;
}

static bool json_read_str_field(const json_t *v, const char *path, bool id, char **out,
				struct err *e)
{
	const char *s;
	size_t len;
	if (!json_read_string(v, path, id ? MODEL_ID_MAX : MODEL_TEXT_MAX, &s, &len, e))
		return false;
	if (id && !json_id_ok(s, len))
		return err_set(e, ERR_PROTOCOL,
			       "%s: an id must be 1-%d characters of A-Z a-z 0-9 _ -", path,
			       MODEL_ID_MAX);
	*out = xstrndup(s, len);
	return true;
}

/* A currency code, which must agree with the object's currency (or becomes it). */
static bool json_read_currency(const json_t *v, const char *path, char code[4], char cur[4],
			       struct err *e)
{
	const char *s;
	size_t len;
	if (!json_read_string(v, path, 3, &s, &len, e))
		return false;
	char tmp[4] = { 0 };
	memcpy(tmp, s, len);
	if (len != 3 || !money_currency(tmp, NULL, e)) {
		if (len != 3)
			err_set(e, ERR_PROTOCOL, "not a three-letter ISO 4217 code");
		err_prefix(e, "%s", path);
		e->code = ERR_PROTOCOL;
		return false;
	}
	if (cur[0] != '\0' && strcmp(cur, tmp) != 0)
		return err_set(e, ERR_PROTOCOL,
			       "%s: %s differs from the currency %s of the rest of the object",
			       path, tmp, cur);
	memcpy(cur, tmp, 4);
	memcpy(code, tmp, 4);
	return true;
}

static bool json_read_amount(const json_t *v, const char *path, const char *cur, struct money *out,
			     struct err *e)
{
	const char *s;
	size_t len;
	/* 40 bytes is far beyond any int64 amount; the cap only keeps messages short. */
	if (!json_read_string(v, path, 40, &s, &len, e))
		return false;
	if (cur[0] == '\0')
		return err_set(e, ERR_PROTOCOL, "%s: an amount without a currency", path);
	if (!money_parse(s, len, cur, out, e)) {
		err_prefix(e, "%s", path);
		if (e != NULL)
			e->code = ERR_PROTOCOL;
		return false;
	}
	return true;
}

static bool json_read_money(const json_t *v, const char *path, char cur[4], struct money *out,
			    struct err *e)
{
	if (!json_is_object(v))
		return json_wrong_type(path, "a money object {\"amount\", \"currency\"}", v, e);
	char sub[JSON_PATH_MAX];
	json_path_key(sub, path, "currency");
	char code[4];
	if (!json_read_currency(json_object_get(v, "currency"), sub, code, cur, e))
		return false;
	json_path_key(sub, path, "amount");
	return json_read_amount(json_object_get(v, "amount"), sub, cur, out, e);
}

static bool json_read_time(const json_t *v, const char *path, bool date, int64_t *out,
			   struct err *e)
{
	const char *s;
	size_t len;
	if (!json_read_string(v, path, 64, &s, &len, e))
		return false;
	bool ok = date ? date_parse(s, len, out, e) : date_parse_timestamp(s, len, out, e);
	if (!ok) {
		err_prefix(e, "%s", path);
		if (e != NULL)
			e->code = ERR_PROTOCOL;
	}
	return ok;
}

static bool json_read_int(const json_t *v, const char *path, int64_t min, int64_t max, int64_t *out,
			  struct err *e)
{
	if (!json_is_integer(v))
		return json_wrong_type(path, "an integer", v, e);
	json_int_t i = json_integer_value(v);
	if (i < min || i > max)
		return err_set(e, ERR_RANGE, "%s: %lld is outside %lld..%lld", path, (long long)i,
			       (long long)min, (long long)max);
	*out = (int64_t)i;
	return true;
}

static bool json_read_enum(const json_t *v, const char *path, const char *const *names, int *out,
			   struct err *e)
{
	const char *s;
	size_t len;
	if (!json_read_string(v, path, 64, &s, &len, e))
		return false;
	for (int i = 0; names[i] != NULL; i++) {
		if (strlen(names[i]) == len && memcmp(names[i], s, len) == 0) {
			*out = i;
			return true;
		}
	}
	char list[256] = "";
	for (int i = 0; names[i] != NULL; i++) {
		size_t used = strlen(list);
		snprintf(list + used, sizeof list - used, "%s%s", i ? ", " : "", names[i]);
	}
	return err_set(e, ERR_PROTOCOL, "%s: \"%.40s\" is not one of %s", path, s, list);
}

/* "29.99" → 2999: at most 2 decimals, at most 3 integer digits. */
static bool json_read_percent(const json_t *v, const char *path, int64_t *out, struct err *e)
{
	const char *s;
	size_t len;
	if (!json_read_string(v, path, 16, &s, &len, e))
		return false;
	int64_t whole = 0, frac = 0;
	size_t i = 0, digits = 0, decimals = 0;
	for (; i < len && s[i] >= '0' && s[i] <= '9'; i++, digits++)
		whole = whole * 10 + (s[i] - '0');
	if (i < len && s[i] == '.') {
		for (i++; i < len && s[i] >= '0' && s[i] <= '9'; i++, decimals++)
			frac = frac * 10 + (s[i] - '0');
		if (decimals == 0)
			digits = 0;
	}
	if (i != len || digits == 0 || digits > 3 || decimals > 2)
		return err_set(e, ERR_PROTOCOL,
			       "%s: \"%.16s\" is not a percentage like \"29.99\" "
			       "(at most 2 decimals)",
			       path, s);
	if (decimals == 1)
		frac *= 10;
	*out = whole * 100 + frac;
	return true;
}

static void *json_at(void *base, size_t off)
{
	return (char *)base + off;
}

static bool json_read_field(const json_t *obj, const char *path, const struct json_field *f,
			    void *out, char cur[4], struct err *e)
{
	char sub[JSON_PATH_MAX];
	json_path_key(sub, path, f->name);
	const json_t *v = json_object_get(obj, f->name);
	bool absent = v == NULL || json_is_null(v);
	void *dst = json_at(out, f->off);
	switch (f->kind) {
	case JSON_F_ID_NULL:
	case JSON_F_TEXT_NULL:
	case JSON_F_MONEY_NULL:
	case JSON_F_AMOUNT_NULL:
	case JSON_F_TIME_NULL:
	case JSON_F_INT_NULL:
	case JSON_F_BOOL_NULL:
		if (absent)
			return true;
		break;
	default:
		if (v == NULL)
			return err_set(e, ERR_PROTOCOL, "%s: missing (a required member)", sub);
		break;
	}
	bool *has = f->has_off ? json_at(out, f->has_off) : NULL;
	bool ok = false;
	switch (f->kind) {
	case JSON_F_ID:
	case JSON_F_ID_NULL:
	case JSON_F_TEXT:
	case JSON_F_TEXT_NULL:
		ok = json_read_str_field(v, sub, f->kind == JSON_F_ID || f->kind == JSON_F_ID_NULL,
					 dst, e);
		break;
	case JSON_F_CURRENCY:
		ok = json_read_currency(v, sub, dst, cur, e);
		break;
	case JSON_F_MONEY:
	case JSON_F_MONEY_NULL:
		ok = json_read_money(v, sub, cur, dst, e);
		break;
	case JSON_F_AMOUNT:
	case JSON_F_AMOUNT_NULL:
		ok = json_read_amount(v, sub, cur, dst, e);
		break;
	case JSON_F_DATE:
	case JSON_F_TIME:
	case JSON_F_TIME_NULL:
		ok = json_read_time(v, sub, f->kind == JSON_F_DATE, dst, e);
		break;
	case JSON_F_EPOCH:
		ok = json_read_int(v, sub, DATE_TIMESTAMP_MIN, DATE_TIMESTAMP_MAX, dst, e);
		break;
	case JSON_F_ENUM:
		ok = json_read_enum(v, sub, f->names, dst, e);
		break;
	case JSON_F_BOOL:
	case JSON_F_BOOL_NULL:
		ok = json_is_boolean(v) || json_wrong_type(sub, "true or false", v, e);
		if (ok)
			*(bool *)dst = json_is_true(v);
		break;
	case JSON_F_INT:
	case JSON_F_INT_NULL:
		ok = json_read_int(v, sub, f->min, f->max, dst, e);
		break;
	case JSON_F_PERCENT:
		ok = json_read_percent(v, sub, dst, e);
		break;
	}
	if (ok && has != NULL)
		*has = true;
	return ok;
}

bool json_read_object(const json_t *obj, const char *path, const struct json_object_spec *spec,
		      void *out, char currency[4], struct err *e)
{
	if (!json_is_object(obj))
		return json_wrong_type(path[0] ? path : "the answer", "an object", obj, e);
	char local[4] = "";
	char *cur = currency != NULL ? currency : local;
	for (size_t i = 0; i < spec->n_fields; i++)
		if (!json_read_field(obj, path, &spec->fields[i], out, cur, e))
			return false;
	return spec->finish == NULL || spec->finish(obj, path, out, cur, e);
}

bool json_read_member(const json_t *parent, const char *path, const char *key,
		      const struct json_object_spec *spec, void *out, char currency[4],
		      struct err *e)
{
	char sub[JSON_PATH_MAX];
	json_path_key(sub, path, key);
	const json_t *obj = key[0] != '\0' ? json_object_get(parent, key) : parent;
	if (json_read_object(obj, sub, spec, out, currency, e))
		return true;
	spec->clear(out);
	return false;
}

struct json_id_ref {
	const char *id;
	size_t index;
};

static int json_id_cmp(const void *a, const void *b)
{
	const struct json_id_ref *x = a, *y = b;
	int c = strcmp(x->id, y->id);
	if (c != 0)
		return c;
	return (x->index > y->index) - (x->index < y->index);
}

/* Duplicate ids are rejected rather than one of them dropped: two objects
 * with one id mean the server is confused, and keeping either could hide a
 * payment or a transaction from the user. */
static bool json_check_ids(void *items, size_t n, const char *path,
			   const struct json_object_spec *spec, struct err *e)
{
	if (spec->id_off == JSON_NO_ID || n < 2)
		return true;
	struct json_id_ref *refs = xcalloc(n, sizeof *refs);
	for (size_t i = 0; i < n; i++) {
		refs[i].id = *(char **)json_at((char *)items + i * spec->size, spec->id_off);
		refs[i].index = i;
	}
	qsort(refs, n, sizeof *refs, json_id_cmp);
	bool ok = true;
	for (size_t i = 1; i < n && ok; i++) {
		if (strcmp(refs[i - 1].id, refs[i].id) == 0) {
			ok = err_set(e, ERR_PROTOCOL, "%s[%zu].id: \"%s\" repeats %s[%zu].id", path,
				     refs[i].index, refs[i].id, path, refs[i - 1].index);
		}
	}
	free(refs);
	return ok;
}

bool json_read_array(const json_t *parent, const char *path, const char *key, size_t max,
		     const struct json_object_spec *spec, const char *currency, void **items,
		     size_t *n, struct err *e)
{
	char sub[JSON_PATH_MAX];
	json_path_key(sub, path, key);
	*items = NULL;
	*n = 0;
	const json_t *arr = json_object_get(parent, key);
	if (!json_is_array(arr))
		return json_wrong_type(sub, "an array", arr, e);
	size_t count = json_array_size(arr);
	if (count > max)
		return err_set(e, ERR_RANGE, "%s: %zu items is more than the %zu accepted", sub,
			       count, max);
	if (count == 0)
		return true;
	char *out = xcalloc(count, spec->size);
	size_t done = 0;
	bool ok = true;
	for (; done < count && ok; done++) {
		char item_path[JSON_PATH_MAX];
		json_path_index(item_path, sub, done);
		char cur[4] = "";
		if (currency != NULL)
			snprintf(cur, sizeof cur, "%s", currency);
		void *item = out + done * spec->size;
		ok = json_read_object(json_array_get(arr, done), item_path, spec, item, cur, e);
	}
	if (ok)
		ok = json_check_ids(out, count, sub, spec, e);
	if (!ok) {
		for (size_t i = 0; i < done; i++)
			spec->clear(out + i * spec->size);
		free(out);
		return false;
	}
	*items = out;
	*n = count;
	return true;
}

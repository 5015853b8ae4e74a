/* json.h — reading untrusted JSON into model structs, table-driven.
 *
 * The provider parsers (bankapi.c, simplefin.c) describe each object as a
 * table of fields (name, kind, offset into the C struct) and let
 * json_read_object() do the type checks, so every parser gets the same rules
 * and the same error messages.  Errors are ERR_PROTOCOL (ERR_RANGE for a
 * count or number out of range) and name the JSON path:
 *
 *   accounts[3].balance.amount: "12.345" has 3 decimals; USD amounts ...
 *
 * Rules for every kind:
 * - unknown members are ignored; a required member that is missing is an error;
 * - the *_NULL kinds accept null or a missing member (the Bank API always
 *   sends nullable members, SimpleFIN leaves optional ones out);
 * - strings are kept raw (not sanitized) but may not contain NUL and may
 *   not exceed MODEL_ID_MAX (ids) or MODEL_TEXT_MAX (text) bytes;
 * - all money and amounts in one object share one currency: the first
 *   JSON_F_CURRENCY or money field sets it (or the caller presets it) and
 *   any other currency is an error.
 *
 * Nothing here keeps a json_t: callers parse a document, read it into their
 * structs and json_decref() it. */
#ifndef BANKTERM_PROVIDERS_JSON_H
#define BANKTERM_PROVIDERS_JSON_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "err.h"

/* Largest response body a parser accepts. */
#define JSON_BODY_MAX ((size_t)16 << 20)
/* Longest JSON path in an error message; longer ones are cut. */
#define JSON_PATH_MAX 128
/* For json_object_spec.id_off: no duplicate-id check. */
#define JSON_NO_ID ((size_t)-1)

enum json_field_kind {
	JSON_F_ID,	   /* char *: 1..MODEL_ID_MAX of [A-Za-z0-9_-] (a URL path segment later) */
	JSON_F_ID_NULL,	   /* char * or NULL */
	JSON_F_TEXT,	   /* char *: any string up to MODEL_TEXT_MAX bytes, no NUL */
	JSON_F_TEXT_NULL,  /* char * or NULL */
	JSON_F_CURRENCY,   /* char[4]: an ISO 4217 code money.h accepts; sets the currency */
	JSON_F_MONEY,	   /* struct money from {"amount": "1.00", "currency": "USD"} */
	JSON_F_MONEY_NULL, /* struct money + bool at has_off */
	JSON_F_AMOUNT,	   /* struct money from a decimal string in the object's currency */
	JSON_F_AMOUNT_NULL,
	JSON_F_DATE,	  /* int64_t days from "YYYY-MM-DD" */
	JSON_F_TIME,	  /* int64_t seconds from an RFC 3339 string */
	JSON_F_TIME_NULL, /* + bool at has_off */
	JSON_F_EPOCH,	  /* int64_t seconds from an integer (SimpleFIN) */
	JSON_F_ENUM,	  /* int (an enum) from a string in names[] */
	JSON_F_BOOL,	  /* bool */
	JSON_F_BOOL_NULL, /* bool, false when null or missing */
	JSON_F_INT,	  /* int64_t integer within [min, max] */
	JSON_F_INT_NULL,  /* + bool at has_off */
	JSON_F_PERCENT,	  /* int64_t hundredths from "29.99" (at most 2 decimals, 0..100000) */
};

struct json_field {
	const char *name;
	enum json_field_kind kind;
	size_t off;		  /* offsetof the value in the struct */
	size_t has_off;		  /* *_NULL kinds of values: offsetof a bool "present" */
	const char *const *names; /* JSON_F_ENUM: NULL-terminated, index = value */
	int64_t min, max;	  /* JSON_F_INT, JSON_F_INT_NULL */
};

/* Table rows.  JSON_FIELD_OPT expects a `bool has_MEMBER` next to MEMBER. */
#define JSON_FIELD_AT(name, type, member, kind)                                                  \
	{ name, kind, offsetof(type, member), 0, NULL, 0, 0 }
#define JSON_FIELD_OPT_AT(name, type, member, kind, has)                                         \
	{ name, kind, offsetof(type, member), offsetof(type, has), NULL, 0, 0 }
#define JSON_FIELD(type, member, kind) JSON_FIELD_AT(#member, type, member, kind)
#define JSON_FIELD_OPT(type, member, kind)                                                       \
	JSON_FIELD_OPT_AT(#member, type, member, kind, has_##member)
#define JSON_FIELD_ENUM(type, member, names)                                                     \
	{ #member, JSON_F_ENUM, offsetof(type, member), 0, names, 0, 0 }
#define JSON_FIELD_INT(type, member, lo, hi)                                                     \
	{ #member, JSON_F_INT, offsetof(type, member), 0, NULL, lo, hi }
#define JSON_FIELD_INT_OPT(type, member, lo, hi)                                                 \
	{ #member, JSON_F_INT_NULL, offsetof(type, member), offsetof(type, has_##member),        \
	  NULL, lo, hi }

struct json_object_spec {
	const struct json_field *fields;
	size_t n_fields;
	size_t size; /* sizeof the struct */
	/* Releases what a (partly) read struct owns. */
	void (*clear)(void *item);
	/* Optional: checks and nested parts after the fields were read; currency is the
	 * object's currency (may still be ""). */
	bool (*finish)(const json_t *obj, const char *path, void *item, char currency[4],
		       struct err *e);
	size_t id_off; /* offsetof the char *id checked for duplicates in arrays, or JSON_NO_ID */
};

#define JSON_SPEC(type, fields, clear, finish, id_off)                                           \
	{ fields, sizeof(fields) / sizeof((fields)[0]), sizeof(type), clear, finish, id_off }

/* Parses len bytes as one JSON object.  Duplicate keys are rejected; a NUL
 * escaped inside a string is let through here so that the field reader can
 * say which field has it.  what ("accounts response") starts error messages.
 * The caller json_decref()s the result; NULL on error. */
json_t *json_read_document(const char *bytes, size_t len, const char *what, struct err *e);

/* "path.key" (or "key" when path is "") into buf. */
void json_path_key(char buf[JSON_PATH_MAX], const char *path, const char *key);
/* "path[i]" into buf. */
void json_path_index(char buf[JSON_PATH_MAX], const char *path, size_t i);

/* Reads every field of spec from obj (which must be an object) into out
 * (zeroed by the caller).  currency: in/out, "" when not yet known; may be
 * NULL for "no preset".  On failure out may hold some strings: the caller
 * runs spec->clear. */
bool json_read_object(const json_t *obj, const char *path, const struct json_object_spec *spec,
		      void *out, char currency[4], struct err *e);

/* Like json_read_object, but takes the object from parent[key] ("" key:
 * parent itself) and runs spec->clear on failure. */
bool json_read_member(const json_t *parent, const char *path, const char *key,
		      const struct json_object_spec *spec, void *out, char currency[4],
		      struct err *e);

/* Reads parent[key], an array of at most max objects, into a new array of
 * spec->size items (*items, *n; the caller owns them, NULL/0 when empty).
 * Each item starts with currency (NULL: unknown).  Duplicate ids (spec->id_off)
 * are rejected.  On failure nothing is left allocated. */
bool json_read_array(const json_t *parent, const char *path, const char *key, size_t max,
		     const struct json_object_spec *spec, const char *currency, void **items,
		     size_t *n, struct err *e);

/* Checks that v is a string without NUL of at most max bytes; *s and *len give
 * it (borrowed from v).  path names v in the error. */
bool json_read_string(const json_t *v, const char *path, size_t max, const char **s, size_t *len,
		      struct err *e);

/* True when s is a valid id (see JSON_F_ID). */
bool json_id_valid(const char *s);

/* True when the len bytes at s are all visible ASCII (0x21-0x7e): what a
 * token or cursor that goes into a header or a query may hold. */
bool json_visible_ascii(const char *s, size_t len);

/* The JSON type of v as a word for messages ("a string", "null", "missing"). */
const char *json_type_word(const json_t *v);

#endif

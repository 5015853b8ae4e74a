/* config.c — parsing, checking and writing the configuration file (see
 * config.h; the format is documented in docs/CONFIG.md). */
#include "config.h"

#include <arpa/inet.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "buf.h"
#include "fsutil.h"
#include "money.h"
#include "paths.h"
#include "sanitize.h"
#include "xmalloc.h"

#define CONFIG_DURATION_MIN     30
#define CONFIG_DURATION_MAX     (24UL * 3600)
#define CONFIG_DISPLAY_NAME_MAX 64

enum config_section {
	CONFIG_SEC_NONE,    /* before the first header */
	CONFIG_SEC_GENERAL,
	CONFIG_SEC_COLORS,
	CONFIG_SEC_CONNECTION,
	CONFIG_SEC_SKIP,    /* a section already reported as wrong: ignore its keys */
};

struct config_parser {
	const char *file;
	unsigned line;
	struct config_diags *d;
	struct config *cfg;
	enum config_section section;
	unsigned seen[16];       /* line where each key of this section was set, 0 = not yet */
	unsigned general_line;   /* line of [general], 0 = not seen */
	unsigned colors_line;    /* line of [colors] */
	unsigned *conn_lines;    /* header line of each connection */
	bool too_many_reported;
};

/* A key of a section and the function that checks and stores its value;
 * the function reports problems itself and returns false after doing so. */
struct config_key {
	const char *name;
	bool (*set)(struct config_parser *p, const char *key, const char *value);
};

static const char *const config_color_roles[CONFIG_COLOR_ROLE_COUNT] = {
	[CONFIG_COLOR_POSITIVE] = "positive", [CONFIG_COLOR_NEGATIVE] = "negative",
	[CONFIG_COLOR_DUE] = "due",           [CONFIG_COLOR_OVERDUE] = "overdue",
	[CONFIG_COLOR_HEADER] = "header",     [CONFIG_COLOR_SELECTION] = "selection",
	[CONFIG_COLOR_OK] = "ok",             [CONFIG_COLOR_WARNING] = "warning",
	[CONFIG_COLOR_ERROR] = "error",       [CONFIG_COLOR_MUTED] = "muted",
};

static const char *const config_color_names[8] = {
	"black", "red", "green", "yellow", "blue", "magenta", "cyan", "white",
};

static const char *const config_themes[] = {
	[CONFIG_THEME_DARK] = "dark",
	[CONFIG_THEME_LIGHT] = "light",
	[CONFIG_THEME_MONO] = "mono",
};

static const char *const config_conn_types[] = {
	[CONFIG_CONN_BANKAPI] = "bankapi",
	[CONFIG_CONN_SIMPLEFIN] = "simplefin",
};

const char *config_conn_type_name(enum config_conn_type type)
{
	return (unsigned)type < 2 ? config_conn_types[type] : "?";
}

const char *config_theme_name(enum config_theme theme)
{
	return (unsigned)theme < 3 ? config_themes[theme] : "?";
}

const char *config_color_role_name(enum config_color_role role)
{
	return (unsigned)role < CONFIG_COLOR_ROLE_COUNT ? config_color_roles[role] : "?";
}

struct config *config_new(void)
{
	struct config *cfg = xcalloc(1, sizeof *cfg);
	cfg->refresh_interval = CONFIG_DEFAULT_REFRESH;
	cfg->idle_lock = CONFIG_DEFAULT_IDLE_LOCK;
	cfg->theme = CONFIG_THEME_DARK;
	for (int i = 0; i < CONFIG_COLOR_ROLE_COUNT; i++)
		cfg->colors[i] = CONFIG_COLOR_UNSET;
	return cfg;
}

void config_free(struct config **cfgp)
{
	struct config *cfg = *cfgp;
	if (cfg == NULL)
		return;
	for (size_t i = 0; i < cfg->n_connections; i++) {
		struct config_connection *c = &cfg->connections[i];
		free(c->name);
		free(c->base_url);
		free(c->ca_file);
		free(c->pins[0]);
		free(c->pins[1]);
		free(c->display_name);
	}
	free(cfg->connections);
	free(cfg);
	*cfgp = NULL;
}

static void config_diag(struct config_parser *p, unsigned line, const char *fmt, ...)
	ERR_PRINTF(3, 4);

static void config_diag(struct config_parser *p, unsigned line, const char *fmt, ...)
{
	if (p->d->count == CONFIG_MAX_DIAGS) {
		p->d->dropped++;
		return;
	}
	struct config_diag *dg = &p->d->items[p->d->count++];
	dg->line = line;
	int n = line > 0 ? snprintf(dg->msg, sizeof dg->msg, "%s:%u: ", p->file, line)
			 : snprintf(dg->msg, sizeof dg->msg, "%s: ", p->file);
	if (n < 0 || (size_t)n >= sizeof dg->msg)
		return;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(dg->msg + n, sizeof dg->msg - (size_t)n, fmt, ap);
	va_end(ap);
}

/* Durations: "off" or "0", or digits followed by s, m or h. */
static bool config_duration_parse(const char *s, unsigned *out)
{
	if (strcmp(s, "off") == 0 || strcmp(s, "0") == 0) {
		*out = 0;
		return true;
	}
	size_t digits = strspn(s, "0123456789");
	if (digits == 0 || digits > 6 || s[digits] == '\0' || s[digits + 1] != '\0')
		return false;
	unsigned long n = strtoul(s, NULL, 10);
	switch (s[digits]) {
	case 's':
		break;
	case 'm':
		n *= 60;
		break;
	case 'h':
		n *= 3600;
		break;
	default:
		return false;
	}
	if (n > CONFIG_DURATION_MAX * 10UL)
		n = CONFIG_DURATION_MAX * 10UL; /* far out of range; keeps unsigned safe */
	*out = (unsigned)n;
	return true;
}

static void config_duration_format(struct buf *b, unsigned secs)
{
	if (secs == 0)
		buf_append_str(b, "off");
	else if (secs % 3600 == 0)
		buf_printf(b, "%uh", secs / 3600);
	else if (secs % 60 == 0)
		buf_printf(b, "%um", secs / 60);
	else
		buf_printf(b, "%us", secs);
}

static bool config_set_duration(struct config_parser *p, const char *key, const char *value,
				unsigned *out)
{
	unsigned secs;
	if (!config_duration_parse(value, &secs)) {
		config_diag(p, p->line,
			    "%s: \"%s\" is not a duration; expected a number followed by s, m or "
			    "h, like 5m",
			    key, value);
		return false;
	}
	if (secs != 0 && (secs < CONFIG_DURATION_MIN || secs > CONFIG_DURATION_MAX)) {
		config_diag(p, p->line, "%s: %s is out of range; expected 30s to 24h, or off", key,
			    value);
		return false;
	}
	*out = secs;
	return true;
}

static bool config_set_refresh(struct config_parser *p, const char *key, const char *value)
{
	return config_set_duration(p, key, value, &p->cfg->refresh_interval);
}

static bool config_set_idle_lock(struct config_parser *p, const char *key, const char *value)
{
	return config_set_duration(p, key, value, &p->cfg->idle_lock);
}

static bool config_set_key_cache(struct config_parser *p, const char *key, const char *value)
{
	return config_set_duration(p, key, value, &p->cfg->key_cache);
}

/* "AMOUNT CODE", like 100.00 USD; the amount follows money_parse's rules
 * for that currency (so "100.001 USD" and "1.5 JPY" are errors). */
static bool config_set_low_balance(struct config_parser *p, const char *key, const char *value)
{
	size_t amount_len = strcspn(value, " \t");
	const char *code = value + amount_len + strspn(value + amount_len, " \t");
	if (value[amount_len] == '\0' || strlen(code) != 3) {
		config_diag(p, p->line,
			    "%s: \"%s\" is not an amount with a currency; expected an amount, a "
			    "space and an ISO 4217 code, like 100.00 USD",
			    key, value);
		return false;
	}
	struct err me = ERR_INIT;
	if (!money_parse(value, amount_len, code, &p->cfg->low_balance, &me)) {
		config_diag(p, p->line, "%s: %s", key, me.msg);
		return false;
	}
	p->cfg->has_low_balance = true;
	return true;
}

/* Index of value in names[0..n), or -1. */
static int config_lookup(const char *const *names, int n, const char *value)
{
	for (int i = 0; i < n; i++)
		if (strcmp(names[i], value) == 0)
			return i;
	return -1;
}

static bool config_set_theme(struct config_parser *p, const char *key, const char *value)
{
	int t = config_lookup(config_themes, 3, value);
	if (t < 0) {
		config_diag(p, p->line, "%s: \"%s\" is not a theme; expected dark, light or mono",
			    key, value);
		return false;
	}
	p->cfg->theme = (enum config_theme)t;
	return true;
}

/* default, a colour name, bright-NAME, or 0-255; -2 when none of these. */
static int config_color_parse(const char *value)
{
	if (strcmp(value, "default") == 0)
		return CONFIG_COLOR_DEFAULT;
	size_t digits = strspn(value, "0123456789");
	if (digits > 0 && digits <= 3 && value[digits] == '\0') {
		int n = atoi(value);
		return n <= 255 ? n : CONFIG_COLOR_UNSET;
	}
	int bright = strncmp(value, "bright-", 7) == 0 ? 8 : 0;
	int c = config_lookup(config_color_names, 8, value + (bright ? 7 : 0));
	return c < 0 ? CONFIG_COLOR_UNSET : c + bright;
}

static bool config_set_color(struct config_parser *p, const char *key, const char *value)
{
	int role = config_lookup(config_color_roles, CONFIG_COLOR_ROLE_COUNT, key);
	int c = config_color_parse(value);
	if (c == CONFIG_COLOR_UNSET) {
		config_diag(p, p->line,
			    "%s: \"%s\" is not a colour; expected default, black, red, green, "
			    "yellow, blue, magenta, cyan, white, bright-NAME or a number 0-255",
			    key, value);
		return false;
	}
	p->cfg->colors[role] = c;
	return true;
}

static struct config_connection *config_conn(struct config_parser *p)
{
	return &p->cfg->connections[p->cfg->n_connections - 1];
}

static bool config_set_type(struct config_parser *p, const char *key, const char *value)
{
	int t = config_lookup(config_conn_types, 2, value);
	if (t < 0) {
		config_diag(p, p->line,
			    "%s: \"%s\" is not a connection type; expected bankapi or simplefin",
			    key, value);
		return false;
	}
	config_conn(p)->type = (enum config_conn_type)t;
	return true;
}

static bool config_host_is_loopback(const char *host)
{
	unsigned char addr[16];
	if (strcasecmp(host, "localhost") == 0)
		return true;
	if (inet_pton(AF_INET, host, addr) == 1)
		return addr[0] == 127;
	static const unsigned char v6_loopback[16] = { [15] = 1 };
	return inet_pton(AF_INET6, host, addr) == 1 && memcmp(addr, v6_loopback, 16) == 0;
}

/* NULL when url is an acceptable base URL, else what is wrong with it. */
static const char *config_url_problem(const char *url)
{
	bool tls = strncasecmp(url, "https://", 8) == 0;
	if (!tls && strncasecmp(url, "http://", 7) != 0)
		return "is not a web address; expected https://HOST[:PORT][/PATH]";
	for (const char *c = url; *c != '\0'; c++)
		if ((unsigned char)*c <= ' ' || (unsigned char)*c >= 0x7f)
			return "contains a space or a non-ASCII character; percent-encode it";
	const char *auth = url + (tls ? 8 : 7);
	size_t alen = strcspn(auth, "/?#");
	if (memchr(auth, '@', alen) != NULL)
		return "contains a user name or password; credentials belong in the vault "
		       "(bankterm link), not in the configuration";
	char host[256];
	const char *port = NULL;
	if (auth[0] == '[') {
		const char *close = memchr(auth, ']', alen);
		if (close == NULL || (size_t)(close - auth - 1) >= sizeof host)
			return "has a malformed [IPv6] host";
		memcpy(host, auth + 1, (size_t)(close - auth - 1));
		host[close - auth - 1] = '\0';
		unsigned char addr[16];
		if (inet_pton(AF_INET6, host, addr) != 1)
			return "has a malformed [IPv6] host";
		if (close + 1 != auth + alen) {
			if (close[1] != ':')
				return "has a malformed [IPv6] host";
			port = close + 2;
		}
	} else {
		const char *colon = memchr(auth, ':', alen);
		size_t hlen = colon != NULL ? (size_t)(colon - auth) : alen;
		if (hlen >= sizeof host)
			return "has a host name longer than 255 characters";
		memcpy(host, auth, hlen);
		host[hlen] = '\0';
		if (hlen == 0 || strspn(host, "abcdefghijklmnopqrstuvwxyz"
					      "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-") != hlen)
			return "has no valid host name";
		port = colon != NULL ? colon + 1 : NULL;
	}
	if (port != NULL) {
		size_t plen = (size_t)(auth + alen - port);
		if (plen == 0 || plen > 5 || strspn(port, "0123456789") < plen ||
		    atoi(port) == 0 || atoi(port) > 65535)
			return "has a port that is not a number from 1 to 65535";
	}
	if (!tls && !config_host_is_loopback(host))
		return "uses plain http; TLS is required: use https:// (plain http is only "
		       "allowed to 127.0.0.1, ::1 or localhost)";
	return NULL;
}

static bool config_set_url(struct config_parser *p, const char *key, const char *value)
{
	const char *problem = config_url_problem(value);
	if (problem != NULL) {
		config_diag(p, p->line, "%s: \"%s\" %s", key, value, problem);
		return false;
	}
	config_conn(p)->base_url = xstrdup(value);
	return true;
}

static bool config_set_ca_file(struct config_parser *p, const char *key, const char *value)
{
	if (value[0] != '/') {
		config_diag(p, p->line, "%s: \"%s\" is not an absolute path; expected a path "
			    "starting with /", key, value);
		return false;
	}
	config_conn(p)->ca_file = xstrdup(value);
	return true;
}

/* "sha256//" and the base64 of 32 bytes (43 characters and one '='). */
static bool config_pin_valid(const char *s, size_t len)
{
	static const char b64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
				  "abcdefghijklmnopqrstuvwxyz0123456789+/";
	if (len != 8 + 44 || strncmp(s, "sha256//", 8) != 0 || s[len - 1] != '=')
		return false;
	for (size_t i = 8; i < len - 1; i++)
		if (strchr(b64, s[i]) == NULL || s[i] == '\0')
			return false;
	return true;
}

static bool config_set_pin(struct config_parser *p, const char *key, const char *value)
{
	struct config_connection *c = config_conn(p);
	const char *s = value;
	int n = 0;
	char *pins[3] = { NULL, NULL, NULL };
	while (n < 3) {
		s += strspn(s, " \t");
		size_t len = strcspn(s, ",; \t");
		if (!config_pin_valid(s, len)) {
			config_diag(p, p->line,
				    "%s: \"%s\" is not one or two public key pins; expected "
				    "sha256//BASE64 (44 characters of base64), a second one "
				    "after ';'",
				    key, value);
			goto fail;
		}
		pins[n++] = xstrndup(s, len);
		s += len;
		s += strspn(s, " \t");
		if (*s == '\0')
			break;
		if (*s != ',' && *s != ';') {
			config_diag(p, p->line, "%s: expected ';' between two pins", key);
			goto fail;
		}
		s++;
	}
	if (n == 3) {
		config_diag(p, p->line, "%s: at most two pins are allowed (current and backup)",
			    key);
		goto fail;
	}
	c->pins[0] = pins[0];
	c->pins[1] = pins[1];
	return true;
fail:
	for (int i = 0; i < 3; i++)
		free(pins[i]);
	return false;
}

static bool config_set_display_name(struct config_parser *p, const char *key, const char *value)
{
	size_t len = strlen(value);
	if (len == 0 || len > CONFIG_DISPLAY_NAME_MAX) {
		config_diag(p, p->line, "%s: expected 1 to %d bytes of text", key,
			    CONFIG_DISPLAY_NAME_MAX);
		return false;
	}
	config_conn(p)->display_name = xstrdup(value);
	return true;
}

static const struct config_key config_general_keys[] = {
	{ "refresh_interval", config_set_refresh },
	{ "idle_lock", config_set_idle_lock },
	{ "low_balance_threshold", config_set_low_balance },
	{ "theme", config_set_theme },
	{ "key_cache", config_set_key_cache },
	{ NULL, NULL },
};

static const struct config_key config_connection_keys[] = {
	{ "type", config_set_type },
	{ "base_url", config_set_url },
	{ "ca_file", config_set_ca_file },
	{ "pin", config_set_pin },
	{ "display_name", config_set_display_name },
	{ NULL, NULL },
};

/* Index of the connection key name, for the checks at the end of a section. */
enum { CONFIG_KEY_TYPE = 0, CONFIG_KEY_BASE_URL = 1 };

/* Checks that the connection section just finished has what it needs. */
static void config_connection_end(struct config_parser *p)
{
	if (p->section != CONFIG_SEC_CONNECTION)
		return;
	struct config_connection *c = config_conn(p);
	unsigned line = p->conn_lines[p->cfg->n_connections - 1];
	if (p->seen[CONFIG_KEY_TYPE] == 0)
		config_diag(p, line, "connection %s has no type; add type = bankapi or "
			    "type = simplefin", c->name);
	if (p->seen[CONFIG_KEY_BASE_URL] == 0)
		config_diag(p, line, "connection %s has no base_url; add base_url = https://...",
			    c->name);
}

static bool config_name_valid(const char *name)
{
	size_t len = strlen(name);
	return len >= 1 && len <= CONFIG_NAME_MAX &&
	       strspn(name, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-") ==
		       len;
}

static void config_section_connection(struct config_parser *p, char *name)
{
	size_t nlen = strlen(name);
	if (nlen >= 2 && name[0] == '"' && name[nlen - 1] == '"') {
		name[nlen - 1] = '\0';
		name++;
	}
	if (!config_name_valid(name)) {
		config_diag(p, p->line,
			    "[connection %s]: a connection name is 1 to %d letters, digits, '_' "
			    "or '-'",
			    name, CONFIG_NAME_MAX);
		return;
	}
	struct config *cfg = p->cfg;
	for (size_t i = 0; i < cfg->n_connections; i++) {
		if (strcmp(cfg->connections[i].name, name) == 0) {
			config_diag(p, p->line,
				    "connection %s is defined twice (first on line %u); rename or "
				    "merge one",
				    name, p->conn_lines[i]);
			return;
		}
	}
	if (cfg->n_connections == CONFIG_MAX_CONNECTIONS) {
		if (!p->too_many_reported)
			config_diag(p, p->line, "more than %d connections; remove some",
				    CONFIG_MAX_CONNECTIONS);
		p->too_many_reported = true;
		return;
	}
	cfg->connections = xreallocarray(cfg->connections, cfg->n_connections + 1,
					 sizeof *cfg->connections);
	p->conn_lines = xreallocarray(p->conn_lines, cfg->n_connections + 1, sizeof *p->conn_lines);
	struct config_connection *c = &cfg->connections[cfg->n_connections];
	memset(c, 0, sizeof *c);
	c->name = xstrdup(name);
	p->conn_lines[cfg->n_connections++] = p->line;
	p->section = CONFIG_SEC_CONNECTION;
}

/* A "[...]" line (already trimmed). */
static void config_section(struct config_parser *p, char *line)
{
	config_connection_end(p);
	p->section = CONFIG_SEC_SKIP;
	memset(p->seen, 0, sizeof p->seen);
	size_t len = strlen(line);
	if (line[len - 1] != ']') {
		config_diag(p, p->line, "a section header must end with ']'");
		return;
	}
	line[len - 1] = '\0';
	char *name = line + 1 + strspn(line + 1, " \t");
	size_t nlen = strlen(name);
	while (nlen > 0 && (name[nlen - 1] == ' ' || name[nlen - 1] == '\t'))
		name[--nlen] = '\0';
	unsigned *first = strcmp(name, "general") == 0  ? &p->general_line
			  : strcmp(name, "colors") == 0 ? &p->colors_line
							: NULL;
	if (first != NULL) {
		if (*first != 0) {
			config_diag(p, p->line, "section [%s] appears twice (first on line %u); "
				    "merge them", name, *first);
			return;
		}
		*first = p->line;
		p->section = first == &p->general_line ? CONFIG_SEC_GENERAL : CONFIG_SEC_COLORS;
		return;
	}
	if (strncmp(name, "connection", 10) == 0 && (name[10] == ' ' || name[10] == '\t')) {
		config_section_connection(p, name + 11 + strspn(name + 11, " \t"));
		return;
	}
	config_diag(p, p->line,
		    "unknown section [%s]; expected [general], [colors] or [connection NAME]",
		    name);
}

/* Removes the quotes of a "..." value in place, undoing \" and \\. */
static bool config_unquote(struct config_parser *p, char *value)
{
	char *out = value;
	for (const char *s = value + 1;; s++) {
		if (*s == '\0') {
			config_diag(p, p->line, "a quoted value is missing its closing '\"'");
			return false;
		}
		if (*s == '"') {
			if (s[1] != '\0') {
				config_diag(p, p->line, "text after the closing '\"' of a value");
				return false;
			}
			*out = '\0';
			return true;
		}
		if (*s == '\\') {
			if (s[1] != '"' && s[1] != '\\') {
				config_diag(p, p->line, "in a quoted value, a backslash must be "
					    "followed by \" or \\");
				return false;
			}
			s++;
		}
		*out++ = *s;
	}
}

/* A "key = value" line (already trimmed). */
static void config_assignment(struct config_parser *p, char *line)
{
	char *eq = strchr(line, '=');
	if (eq == NULL) {
		config_diag(p, p->line,
			    "expected key = value, a [section] header or a comment (# or ;)");
		return;
	}
	char *key = line, *value = eq + 1 + strspn(eq + 1, " \t");
	*eq = '\0';
	size_t klen = strlen(key);
	while (klen > 0 && (key[klen - 1] == ' ' || key[klen - 1] == '\t'))
		key[--klen] = '\0';
	if (klen == 0) {
		config_diag(p, p->line, "a line starts with '='; expected key = value");
		return;
	}
	if (value[0] == '"' && !config_unquote(p, value))
		return;

	const struct config_key *keys = NULL;
	static const struct config_key color_key = { "", config_set_color };
	int index = -1;
	switch (p->section) {
	case CONFIG_SEC_NONE:
		config_diag(p, p->line, "%s is outside any section; put it under [general] or a "
			    "[connection NAME]", key);
		return;
	case CONFIG_SEC_SKIP:
		return;
	case CONFIG_SEC_GENERAL:
		keys = config_general_keys;
		break;
	case CONFIG_SEC_CONNECTION:
		keys = config_connection_keys;
		break;
	case CONFIG_SEC_COLORS:
		index = config_lookup(config_color_roles, CONFIG_COLOR_ROLE_COUNT, key);
		if (index < 0) {
			config_diag(p, p->line, "unknown colour role %s; expected one of positive, "
				    "negative, due, overdue, header, selection, ok, warning, "
				    "error, muted", key);
			return;
		}
		break;
	}
	const struct config_key *k = &color_key;
	if (keys != NULL) {
		for (index = 0; keys[index].name != NULL; index++)
			if (strcmp(keys[index].name, key) == 0)
				break;
		if (keys[index].name == NULL) {
			struct buf names = BUF_INIT;
			for (int i = 0; keys[i].name != NULL; i++)
				buf_printf(&names, "%s%s", i > 0 ? ", " : "", keys[i].name);
			config_diag(p, p->line, "unknown key %s; expected one of %s", key,
				    names.data);
			buf_free(&names);
			return;
		}
		k = &keys[index];
	}
	if (p->seen[index] != 0) {
		config_diag(p, p->line, "%s is set twice (first on line %u); keep one", key,
			    p->seen[index]);
		return;
	}
	p->seen[index] = p->line;
	k->set(p, key, value);
}

/* Whether the line holds only characters sanitize would show as they are
 * (tabs and backslashes allowed); reports the first one that is not. */
static bool config_line_clean(struct config_parser *p, const char *line, size_t len)
{
	size_t pos = 0;
	for (;;) {
		pos += sanitize_check(line + pos, len - pos);
		if (pos == len)
			return true;
		if (line[pos] != '\t' && line[pos] != '\\')
			break;
		pos++;
	}
	config_diag(p, p->line,
		    "column %zu: a control character, an invisible or bidi formatting character, "
		    "or invalid UTF-8; remove it",
		    pos + 1);
	return false;
}

static void config_line(struct config_parser *p, char *line, size_t len)
{
	if (len > 0 && line[len - 1] == '\r')
		line[--len] = '\0';
	if (len > CONFIG_MAX_LINE) {
		config_diag(p, p->line, "line is longer than %d bytes; shorten it",
			    CONFIG_MAX_LINE);
		return;
	}
	if (!config_line_clean(p, line, len))
		return;
	while (len > 0 && (line[len - 1] == ' ' || line[len - 1] == '\t'))
		line[--len] = '\0';
	line += strspn(line, " \t");
	if (line[0] == '\0' || line[0] == '#' || line[0] == ';')
		return;
	if (line[0] == '[')
		config_section(p, line);
	else
		config_assignment(p, line);
}

struct config *config_parse(const char *text, size_t len, const char *file,
			    struct config_diags *d, struct err *e)
{
	struct config_diags local;
	struct config_parser p = {
		.file = file,
		.d = d != NULL ? d : &local,
		.cfg = config_new(),
		.section = CONFIG_SEC_NONE,
	};
	p.d->count = p.d->dropped = 0;
	if (len > CONFIG_MAX_FILE) {
		config_diag(&p, 0, "the file is larger than %zu bytes; is it the right file?",
			    CONFIG_MAX_FILE);
	} else {
		char *copy = xmalloc(len + 1);
		memcpy(copy, text, len);
		copy[len] = '\0';
		for (size_t start = 0; start < len;) {
			char *nl = memchr(copy + start, '\n', len - start);
			size_t end = nl != NULL ? (size_t)(nl - copy) : len;
			copy[end] = '\0';
			p.line++;
			config_line(&p, copy + start, end - start);
			start = end + 1;
		}
		config_connection_end(&p);
		free(copy);
	}
	free(p.conn_lines);
	size_t n = p.d->count + p.d->dropped;
	if (n == 0)
		return p.cfg;
	config_free(&p.cfg);
	err_set(e, ERR_CONFIG, "%zu problem%s in %s (fix them all, then try again); the first: %s",
		n, n == 1 ? "" : "s", file, p.d->items[0].msg);
	return NULL;
}

struct config *config_load(const char *path, struct config_diags *d, struct err *e)
{
	char *owned = NULL;
	if (d != NULL)
		d->count = d->dropped = 0;
	if (path == NULL) {
		owned = paths_config_file(e);
		if (owned == NULL)
			return NULL;
		path = owned;
	}
	struct err ferr = ERR_INIT;
	size_t len;
	char *text = fsutil_read_file(path, CONFIG_MAX_FILE, &len, &ferr);
	struct config *cfg = NULL;
	if (text != NULL) {
		cfg = config_parse(text, len, path, d, e);
		free(text);
	} else if (ferr.code == ERR_NOT_FOUND) {
		cfg = config_new();
	} else {
		if (e != NULL)
			*e = ferr;
		if (ferr.code == ERR_RANGE)
			err_set(e, ERR_CONFIG, "%s is larger than %zu bytes; is it the right file?",
				path, CONFIG_MAX_FILE);
	}
	free(owned);
	return cfg;
}

/* Writes "key = value", quoting the value when it would not read back the
 * same unquoted. */
static void config_put(struct buf *b, const char *key, const char *value)
{
	if (value == NULL)
		return;
	size_t len = strlen(value);
	bool quote = len == 0 || value[0] == '"' || value[0] == ' ' || value[0] == '\t' ||
		     value[len - 1] == ' ' || value[len - 1] == '\t';
	buf_printf(b, "%s = ", key);
	if (!quote) {
		buf_printf(b, "%s\n", value);
		return;
	}
	buf_append_char(b, '"');
	for (const char *s = value; *s != '\0'; s++) {
		if (*s == '"' || *s == '\\')
			buf_append_char(b, '\\');
		buf_append_char(b, *s);
	}
	buf_append_str(b, "\"\n");
}

static void config_put_color(struct buf *b, const char *role, int c)
{
	if (c == CONFIG_COLOR_DEFAULT)
		buf_printf(b, "%s = default\n", role);
	else if (c >= 0 && c < 16)
		buf_printf(b, "%s = %s%s\n", role, c >= 8 ? "bright-" : "",
			   config_color_names[c % 8]);
	else
		buf_printf(b, "%s = %d\n", role, c);
}

char *config_format(const struct config *cfg)
{
	struct buf b = BUF_INIT;
	buf_append_str(&b, "# bankterm configuration: see bankterm-config(5).\n"
			   "# Saved by bankterm, which does not keep comments.\n\n[general]\n");
	buf_append_str(&b, "refresh_interval = ");
	config_duration_format(&b, cfg->refresh_interval);
	buf_append_str(&b, "\nidle_lock = ");
	config_duration_format(&b, cfg->idle_lock);
	buf_append_char(&b, '\n');
	if (cfg->has_low_balance) {
		char amount[MONEY_PLAIN_MAX];
		money_format_plain(cfg->low_balance, amount);
		config_put(&b, "low_balance_threshold", amount);
	}
	config_put(&b, "theme", config_theme_name(cfg->theme));
	buf_append_str(&b, "key_cache = ");
	config_duration_format(&b, cfg->key_cache);
	buf_append_char(&b, '\n');

	bool colors = false;
	for (int i = 0; i < CONFIG_COLOR_ROLE_COUNT; i++) {
		if (cfg->colors[i] == CONFIG_COLOR_UNSET)
			continue;
		if (!colors)
			buf_append_str(&b, "\n[colors]\n");
		colors = true;
		config_put_color(&b, config_color_roles[i], cfg->colors[i]);
	}

	for (size_t i = 0; i < cfg->n_connections; i++) {
		const struct config_connection *c = &cfg->connections[i];
		buf_printf(&b, "\n[connection %s]\n", c->name);
		config_put(&b, "type", config_conn_type_name(c->type));
		config_put(&b, "base_url", c->base_url);
		if (c->ca_file != NULL)
			config_put(&b, "ca_file", c->ca_file);
		if (c->pins[0] != NULL)
			buf_printf(&b, "pin = %s%s%s\n", c->pins[0], c->pins[1] ? "; " : "",
				   c->pins[1] ? c->pins[1] : "");
		if (c->display_name != NULL)
			config_put(&b, "display_name", c->display_name);
	}
	return buf_steal(&b);
}

bool config_save(const struct config *cfg, const char *path, struct err *e)
{
	char *owned = NULL;
	if (path == NULL) {
		owned = paths_config_file(e);
		if (owned == NULL)
			return false;
		path = owned;
	}
	bool ok = true;
	const char *slash = strrchr(path, '/');
	if (slash != NULL && slash != path) {
		char *dir = xstrndup(path, (size_t)(slash - path));
		ok = fsutil_mkdir_p(dir, 0700, e);
		free(dir);
	}
	char *text = ok ? config_format(cfg) : NULL;
	if (ok) {
		/* Never write a file that bankterm would refuse to read back. */
		struct config_diags d;
		struct config *check = config_parse(text, strlen(text), path, &d, NULL);
		ok = check != NULL ||
		     err_set(e, ERR_INVALID, "not saving %s: the new settings are not valid (%s)",
			     path, d.items[0].msg);
		config_free(&check);
	}
	if (ok)
		ok = fsutil_save_atomic(path, text, strlen(text), 0600, e);
	free(text);
	free(owned);
	return ok;
}

static bool config_str_equal(const char *a, const char *b)
{
	return (a == NULL && b == NULL) || (a != NULL && b != NULL && strcmp(a, b) == 0);
}

bool config_equal(const struct config *a, const struct config *b)
{
	if (a->refresh_interval != b->refresh_interval || a->idle_lock != b->idle_lock ||
	    a->theme != b->theme || a->key_cache != b->key_cache || a->n_connections != b->n_connections ||
	    a->has_low_balance != b->has_low_balance ||
	    (a->has_low_balance && !money_equal(a->low_balance, b->low_balance)) ||
	    memcmp(a->colors, b->colors, sizeof a->colors) != 0)
		return false;
	for (size_t i = 0; i < a->n_connections; i++) {
		const struct config_connection *x = &a->connections[i], *y = &b->connections[i];
		if (x->type != y->type || !config_str_equal(x->name, y->name) ||
		    !config_str_equal(x->base_url, y->base_url) ||
		    !config_str_equal(x->ca_file, y->ca_file) ||
		    !config_str_equal(x->pins[0], y->pins[0]) ||
		    !config_str_equal(x->pins[1], y->pins[1]) ||
		    !config_str_equal(x->display_name, y->display_name))
			return false;
	}
	return true;
}

const struct config_connection *config_connection_find(const struct config *cfg,
							const char *name)
{
	for (size_t i = 0; i < cfg->n_connections; i++)
		if (strcmp(cfg->connections[i].name, name) == 0)
			return &cfg->connections[i];
	return NULL;
}

bool config_use_color(const struct config *cfg, const char *no_color_env)
{
	return cfg->theme != CONFIG_THEME_MONO && (no_color_env == NULL || no_color_env[0] == '\0');
}

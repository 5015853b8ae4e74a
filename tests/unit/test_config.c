/* test_config.c — the configuration file: defaults, every key, every kind of
 * mistake with its file:line message, collecting all problems, limits,
 * the http-only-to-loopback rule, and parse → save → parse round trips. */
#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "buf.h"
#include "config.h"
#include "fsutil.h"
#include "xmalloc.h"

#define PIN_A "sha256//AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="
#define PIN_B "sha256//bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb+/0Q="

static const char full_config[] =
	"# my bankterm setup\n"
	"; another comment style\n"
	"\n"
	"[general]\n"
	"  refresh_interval = 90s\n"
	"idle_lock=1h\r\n"
	"low_balance_threshold = 100.00   USD\n"
	"theme = light\n"
	"\n"
	"[colors]\n"
	"negative = red\n"
	"positive = bright-green\n"
	"header = 208\n"
	"muted = default\n"
	"\n"
	"[connection northwind]\n"
	"type = bankapi\n"
	"base_url = https://bank.example:8443/api/v1\n"
	"ca_file = /etc/ssl/bank.pem\n"
	"pin = " PIN_A " ; " PIN_B "\n"
	"display_name = \"Northwind \\\"Savings\\\" \\\\ Co \"\n"
	"\n"
	"[connection \"sfin\"]\n"
	"type = simplefin\n"
	"base_url = http://127.0.0.1:8080/simplefin\n"
	"display_name = My aggregator # not a comment\n";

static struct config *parse_ok(const char *text)
{
	struct config_diags d;
	struct err e = ERR_INIT;
	struct config *cfg = config_parse(text, strlen(text), "config", &d, &e);
	if (cfg == NULL) {
		for (size_t i = 0; i < d.count; i++)
			print_error("%s\n", d.items[i].msg);
	}
	assert_non_null(cfg);
	assert_int_equal(d.count, 0);
	return cfg;
}

/* Parses text expecting exactly one problem whose message is want. */
static void expect_problem(const char *text, const char *want)
{
	struct config_diags d;
	struct err e = ERR_INIT;
	struct config *cfg = config_parse(text, strlen(text), "config", &d, &e);
	assert_null(cfg);
	assert_int_equal(e.code, ERR_CONFIG);
	assert_int_equal(d.count, 1);
	assert_string_equal(d.items[0].msg, want);
	assert_non_null(strstr(e.msg, want));
}

/* Parses text expecting one problem whose message contains want. */
static void expect_problem_part(const char *text, const char *want)
{
	struct config_diags d;
	struct config *cfg = config_parse(text, strlen(text), "config", &d, NULL);
	assert_null(cfg);
	assert_int_equal(d.count, 1);
	if (strstr(d.items[0].msg, want) == NULL)
		print_error("got: %s\n", d.items[0].msg);
	assert_non_null(strstr(d.items[0].msg, want));
}

static void test_defaults(void **state)
{
	(void)state;
	struct config *cfg = config_new();
	assert_int_equal(cfg->refresh_interval, 300);
	assert_int_equal(cfg->idle_lock, 600);
	assert_false(cfg->has_low_balance);
	assert_int_equal(cfg->theme, CONFIG_THEME_DARK);
	assert_int_equal(cfg->key_cache, 0);
	assert_int_equal(cfg->colors[CONFIG_COLOR_NEGATIVE], CONFIG_COLOR_UNSET);
	assert_int_equal(cfg->n_connections, 0);
	config_free(&cfg);
	assert_null(cfg);
	config_free(&cfg);

	cfg = parse_ok("");
	struct config *def = config_new();
	assert_true(config_equal(cfg, def));
	config_free(&cfg);
	config_free(&def);
}

static void test_full_file(void **state)
{
	(void)state;
	struct config *cfg = parse_ok(full_config);
	assert_int_equal(cfg->refresh_interval, 90);
	assert_int_equal(cfg->idle_lock, 3600);
	assert_true(cfg->has_low_balance);
	assert_int_equal(cfg->low_balance.minor, 10000);
	assert_string_equal(cfg->low_balance.currency, "USD");
	assert_int_equal(cfg->theme, CONFIG_THEME_LIGHT);
	assert_int_equal(cfg->colors[CONFIG_COLOR_NEGATIVE], 1);
	assert_int_equal(cfg->colors[CONFIG_COLOR_POSITIVE], 10);
	assert_int_equal(cfg->colors[CONFIG_COLOR_HEADER], 208);
	assert_int_equal(cfg->colors[CONFIG_COLOR_MUTED], CONFIG_COLOR_DEFAULT);
	assert_int_equal(cfg->colors[CONFIG_COLOR_DUE], CONFIG_COLOR_UNSET);
	assert_int_equal(cfg->n_connections, 2);

	const struct config_connection *c = config_connection_find(cfg, "northwind");
	assert_non_null(c);
	assert_int_equal(c->type, CONFIG_CONN_BANKAPI);
	assert_string_equal(c->base_url, "https://bank.example:8443/api/v1");
	assert_string_equal(c->ca_file, "/etc/ssl/bank.pem");
	assert_string_equal(c->pins[0], PIN_A);
	assert_string_equal(c->pins[1], PIN_B);
	assert_string_equal(c->display_name, "Northwind \"Savings\" \\ Co ");

	c = config_connection_find(cfg, "sfin");
	assert_non_null(c);
	assert_int_equal(c->type, CONFIG_CONN_SIMPLEFIN);
	assert_null(c->ca_file);
	assert_null(c->pins[0]);
	assert_string_equal(c->display_name, "My aggregator # not a comment");
	assert_null(config_connection_find(cfg, "nope"));
	config_free(&cfg);
}

static void test_bad_values(void **state)
{
	(void)state;
	expect_problem("[general]\n\nrefresh_interval = 5 minutes\n",
		       "config:3: refresh_interval: \"5 minutes\" is not a duration; expected a "
		       "number followed by s, m or h, like 5m");
	expect_problem("[general]\nidle_lock = 5s\n",
		       "config:2: idle_lock: 5s is out of range; expected 30s to 24h, or off");
	expect_problem_part("[general]\nidle_lock = 25h\n", "out of range");
	expect_problem_part("[general]\nidle_lock = 9999999h\n", "not a duration");
	expect_problem("[general]\nkey_cache = 10s\n",
		       "config:2: key_cache: 10s is out of range; expected 30s to 24h, or off");
	expect_problem_part("[general]\nlow_balance_threshold = 100.00\n",
			    "not an amount with a currency");
	expect_problem_part("[general]\nlow_balance_threshold = 100 US\n", "like 100.00 USD");
	expect_problem_part("[general]\nlow_balance_threshold = 100,00 USD\n",
			    "config:2: low_balance_threshold: ");
	expect_problem_part("[general]\nlow_balance_threshold = 100 usd\n",
			    "config:2: low_balance_threshold: ");
	expect_problem_part("[general]\nlow_balance_threshold = 100.001 USD\n",
			    "config:2: low_balance_threshold: ");
	expect_problem_part("[general]\nlow_balance_threshold = 1.5 JPY\n",
			    "config:2: low_balance_threshold: ");
	expect_problem_part("[general]\ntheme = pink\n", "expected dark, light or mono");
	expect_problem_part("[colors]\nnegative = pinkish\n", "is not a colour");
	expect_problem_part("[colors]\nnegative = 256\n", "is not a colour");
	expect_problem_part("[colors]\nsparkle = red\n", "unknown colour role sparkle");
	expect_problem_part("[connection a]\ntype = ftp\nbase_url = https://x\n",
			    "expected bankapi or simplefin");
	expect_problem_part("[connection a]\ntype = bankapi\nbase_url = https://x\n"
			    "ca_file = a.pem\n",
			    "not an absolute path");
	expect_problem_part("[connection a]\ntype = bankapi\nbase_url = https://x\npin = md5//x\n",
			    "not one or two public key pins");
	expect_problem_part("[connection a]\ntype = bankapi\nbase_url = https://x\npin = " PIN_A
			    ";" PIN_B ";" PIN_A "\n",
			    "at most two pins");
	expect_problem_part("[connection a]\ntype = bankapi\nbase_url = https://x\n"
			    "display_name = \"\"\n",
			    "expected 1 to 64 bytes");
	expect_problem_part("[general]\ntheme = \"dark\n", "missing its closing");
	expect_problem_part("[general]\ntheme = \"dark\" x\n", "text after the closing");
	expect_problem_part("[general]\ntheme = \"d\\ark\"\n", "backslash must be followed");
}

static void test_structure_errors(void **state)
{
	(void)state;
	expect_problem("theme = dark\n", "config:1: theme is outside any section; put it under "
					 "[general] or a [connection NAME]");
	expect_problem("[general]\nfoo = 1\n",
		       "config:2: unknown key foo; expected one of refresh_interval, idle_lock, "
		       "low_balance_threshold, theme, key_cache");
	expect_problem("[weird]\nfoo = 1\n", "config:1: unknown section [weird]; expected "
					     "[general], [colors] or [connection NAME]");
	expect_problem("[general]\ntheme = dark\ntheme = light\n",
		       "config:3: theme is set twice (first on line 2); keep one");
	expect_problem("[general]\n[general]\n",
		       "config:2: section [general] appears twice (first on line 1); merge them");
	expect_problem("[connection a]\ntype = bankapi\nbase_url = https://x\n"
		       "[connection a]\ntype = bankapi\nbase_url = https://y\n",
		       "config:4: connection a is defined twice (first on line 1); rename or merge "
		       "one");
	expect_problem("[connection a]\ntype = bankapi\n",
		       "config:1: connection a has no base_url; add base_url = https://...");
	expect_problem_part("[connection a]\nbase_url = https://x\n", "has no type");
	expect_problem_part("[connection bad name!]\n", "a connection name is 1 to 32");
	expect_problem_part("[general\n", "must end with ']'");
	expect_problem_part("[general]\njust words\n", "expected key = value");
	expect_problem_part("[general]\n= 5\n", "starts with '='");
}

static void test_urls(void **state)
{
	(void)state;
	static const char *const good[] = {
		"https://bank.example", "https://bank.example:443/v1?x=1", "HTTPS://B.EXAMPLE/",
		"http://127.0.0.1:8080", "http://127.1.2.3/", "http://localhost:1/x",
		"http://[::1]:9000/api", "https://[2001:db8::1]/",
	};
	static const char *const bad[] = {
		"http://bank.example",       "TLS is required",
		"http://10.0.0.1",           "TLS is required",
		"http://127.example",        "TLS is required",
		"http://[::2]/",             "TLS is required",
		"https://u:pw@bank.example", "credentials belong in the vault",
		"ftp://bank.example",        "is not a web address",
		"bank.example",              "is not a web address",
		"https://bank.example:0",    "port",
		"https://bank.example:99999", "port",
		"https://bank.example:8a",   "port",
		"https:///path",             "no valid host",
		"https://ba_nk.example",     "no valid host",
		"https://[::1",              "malformed [IPv6]",
		"https://[zz]/",             "malformed [IPv6]",
		"https://b.example/a b",     "contains a space",
	};
	for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
		char *text = xasprintf("[connection a]\ntype = bankapi\nbase_url = %s\n", good[i]);
		struct config *cfg = parse_ok(text);
		assert_string_equal(cfg->connections[0].base_url, good[i]);
		config_free(&cfg);
		free(text);
	}
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i += 2) {
		char *text = xasprintf("[connection a]\ntype = bankapi\nbase_url = %s\n", bad[i]);
		expect_problem_part(text, bad[i + 1]);
		free(text);
	}
}

static void test_all_problems_collected(void **state)
{
	(void)state;
	const char *text = "[general]\n"
			   "refresh_interval = soon\n"
			   "idle_lock = 5s\n"
			   "colour = red\n"
			   "[connection x]\n"
			   "type = bankapi\n"
			   "base_url = http://bank.example\n"
			   "[bogus]\n";
	struct config_diags d;
	struct err e = ERR_INIT;
	assert_null(config_parse(text, strlen(text), "/home/u/.config/bankterm/config", &d, &e));
	assert_int_equal(d.count, 5);
	unsigned lines[] = { 2, 3, 4, 7, 8 };
	for (size_t i = 0; i < 5; i++) {
		assert_int_equal(d.items[i].line, lines[i]);
		char prefix[64];
		snprintf(prefix, sizeof prefix, "/home/u/.config/bankterm/config:%u: ", lines[i]);
		assert_memory_equal(d.items[i].msg, prefix, strlen(prefix));
	}
	assert_non_null(strstr(e.msg, "5 problems"));

	/* The list is capped; the rest are counted. */
	struct buf b = BUF_INIT;
	buf_append_str(&b, "[general]\n");
	for (int i = 0; i < 30; i++)
		buf_printf(&b, "bad%d = 1\n", i);
	assert_null(config_parse(b.data, b.len, "config", &d, &e));
	assert_int_equal(d.count, CONFIG_MAX_DIAGS);
	assert_int_equal(d.dropped, 30 - CONFIG_MAX_DIAGS);
	assert_non_null(strstr(e.msg, "30 problems"));
	buf_free(&b);
}

static void test_limits_and_bad_bytes(void **state)
{
	(void)state;
	struct buf b = BUF_INIT;
	buf_append_str(&b, "[general]\n# ");
	for (int i = 0; i < CONFIG_MAX_LINE; i++)
		buf_append_char(&b, 'x');
	buf_append_char(&b, '\n');
	expect_problem_part(b.data, "config:2: line is longer than 4096 bytes");

	buf_reset(&b);
	for (int i = 0; i < CONFIG_MAX_CONNECTIONS + 3; i++)
		buf_printf(&b, "[connection c%d]\ntype = bankapi\nbase_url = https://b%d.example\n",
			   i, i);
	expect_problem_part(b.data, "more than 64 connections");
	buf_free(&b);

	char *huge = xcalloc(1, CONFIG_MAX_FILE + 2);
	memset(huge, '#', CONFIG_MAX_FILE + 1);
	struct config_diags d;
	assert_null(config_parse(huge, CONFIG_MAX_FILE + 1, "config", &d, NULL));
	assert_int_equal(d.count, 1);
	assert_non_null(strstr(d.items[0].msg, "larger than"));
	free(huge);

	expect_problem("[connection a]\ntype = bankapi\nbase_url = https://x\n"
		       "display_name = Evil\x1b[2J\n",
		       "config:4: column 20: a control character, an invisible or bidi formatting "
		       "character, or invalid UTF-8; remove it");
	expect_problem_part("[general]\ntheme = da\xe2\x80\xaerk\n", "column 11");
	expect_problem_part("[general]\ntheme = \xff\n", "invalid UTF-8");
	const char nul[] = "[general]\ntheme = da\0rk\n";
	assert_null(config_parse(nul, sizeof nul - 1, "config", &d, NULL));
	assert_int_equal(d.count, 1);
	assert_non_null(strstr(d.items[0].msg, "config:2: column 11"));
	/* Tabs and backslashes are fine. */
	struct config *cfg = parse_ok("[general]\n\ttheme\t=\tmono\t\n");
	assert_int_equal(cfg->theme, CONFIG_THEME_MONO);
	config_free(&cfg);
}

static void test_round_trip(void **state)
{
	(void)state;
	struct config *a = parse_ok(full_config);
	char *text = config_format(a);
	struct config *b = parse_ok(text);
	assert_true(config_equal(a, b));
	char *again = config_format(b);
	assert_string_equal(text, again);
	/* config_equal does notice a difference. */
	b->connections[1].type = CONFIG_CONN_BANKAPI;
	assert_false(config_equal(a, b));
	free(again);
	free(text);
	config_free(&b);

	/* Off, odd durations and every colour form survive too. */
	b = parse_ok("[general]\nrefresh_interval = off\nidle_lock = 61s\nkey_cache = 1h\n"
		     "[colors]\nok = 7\n"
		     "warning = 200\nerror = bright-black\n");
	text = config_format(b);
	struct config *c = parse_ok(text);
	assert_true(config_equal(b, c));
	assert_int_equal(c->refresh_interval, 0);
	assert_int_equal(c->idle_lock, 61);
	assert_int_equal(c->key_cache, 3600);
	assert_int_equal(c->colors[CONFIG_COLOR_ERROR], 8);
	free(text);
	config_free(&c);
	config_free(&b);
	config_free(&a);
}

static void test_save_and_load(void **state)
{
	(void)state;
	char tmpl[] = "/tmp/bankterm-test-XXXXXX";
	char *dir = mkdtemp(tmpl);
	assert_non_null(dir);
	char *path = xasprintf("%s/sub/bankterm/config", dir);
	struct err e = ERR_INIT;
	struct config_diags d;

	/* A missing file means defaults. */
	struct config *cfg = config_load(path, &d, &e);
	assert_non_null(cfg);
	struct config *def = config_new();
	assert_true(config_equal(cfg, def));
	config_free(&cfg);
	config_free(&def);

	struct config *a = parse_ok(full_config);
	assert_true(config_save(a, path, &e));
	struct stat st;
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	struct config *b = config_load(path, &d, &e);
	assert_non_null(b);
	assert_true(config_equal(a, b));
	config_free(&a);
	config_free(&b);

	/* Through $XDG_CONFIG_HOME when no path is given. */
	char *xdg = xasprintf("%s/xdg", dir);
	setenv("XDG_CONFIG_HOME", xdg, 1);
	a = parse_ok("[general]\ntheme = mono\n");
	assert_true(config_save(a, NULL, &e));
	b = config_load(NULL, &d, &e);
	assert_non_null(b);
	assert_int_equal(b->theme, CONFIG_THEME_MONO);
	config_free(&a);
	config_free(&b);

	/* A broken file: NULL, with the problems and a summary. */
	assert_true(fsutil_save_atomic(path, "[general]\ntheme = neon\n", 23, 0600, &e));
	assert_null(config_load(path, &d, &e));
	assert_int_equal(e.code, ERR_CONFIG);
	assert_int_equal(d.count, 1);
	assert_non_null(strstr(d.items[0].msg, ":2: theme"));
	assert_non_null(strstr(d.items[0].msg, path));

	/* Settings that would not read back are not written. */
	a = config_load(path, &d, &e);
	assert_null(a);
	a = config_new();
	a->connections = xcalloc(1, sizeof *a->connections);
	a->n_connections = 1;
	a->connections[0].name = xstrdup("x");
	a->connections[0].base_url = xstrdup("http://bank.example");
	assert_false(config_save(a, path, &e));
	assert_int_equal(e.code, ERR_INVALID);
	assert_non_null(strstr(e.msg, "TLS is required"));
	config_free(&a);
	char *kept = fsutil_read_file(path, 100, NULL, &e);
	assert_string_equal(kept, "[general]\ntheme = neon\n");
	free(kept);

	/* Too large a file. */
	char *big = xcalloc(1, CONFIG_MAX_FILE + 1);
	memset(big, '#', CONFIG_MAX_FILE + 1);
	assert_true(fsutil_save_atomic(path, big, CONFIG_MAX_FILE + 1, 0600, &e));
	free(big);
	assert_null(config_load(path, &d, &e));
	assert_int_equal(e.code, ERR_CONFIG);
	assert_non_null(strstr(e.msg, "larger than 1048576 bytes"));

	/* A directory where the file should be. */
	char *sub = xasprintf("%s/sub", dir);
	assert_null(config_load(sub, &d, &e));
	assert_int_equal(e.code, ERR_IO);

	char *cmd = xasprintf("rm -rf '%s'", dir);
	assert_int_equal(system(cmd), 0);
	free(cmd);
	free(sub);
	free(xdg);
	free(path);
}

static void test_use_color(void **state)
{
	(void)state;
	struct config *cfg = config_new();
	assert_true(config_use_color(cfg, NULL));
	assert_true(config_use_color(cfg, ""));
	assert_false(config_use_color(cfg, "1"));
	cfg->theme = CONFIG_THEME_MONO;
	assert_false(config_use_color(cfg, NULL));
	assert_string_equal(config_theme_name(CONFIG_THEME_LIGHT), "light");
	assert_string_equal(config_conn_type_name(CONFIG_CONN_SIMPLEFIN), "simplefin");
	assert_string_equal(config_color_role_name(CONFIG_COLOR_OVERDUE), "overdue");
	config_free(&cfg);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_defaults),
		cmocka_unit_test(test_full_file),
		cmocka_unit_test(test_bad_values),
		cmocka_unit_test(test_structure_errors),
		cmocka_unit_test(test_urls),
		cmocka_unit_test(test_all_problems_collected),
		cmocka_unit_test(test_limits_and_bad_bytes),
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_save_and_load),
		cmocka_unit_test(test_use_color),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

/* reads.c — the command line and opening shared by the read commands (reads.h). */
#include "reads.h"

#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "sanitize.h"
#include "store.h"
#include "sync/sync.h"
#include "unlock.h"

#define READS_MAX_DAYS 3660

bool reads_parse_days(const char *s, int *days)
{
	char *end;
	long n = strtol(s, &end, 10);
	if (end == s || n < 0 || *s == '-' || *s == '+')
		return false;
	if (strcmp(end, "w") == 0)
		n *= 7;
	else if (*end != '\0' && strcmp(end, "d") != 0)
		return false;
	if (n > READS_MAX_DAYS)
		return false;
	*days = (int)n;
	return true;
}

/* The value of an option that takes one: argv[*i + 1], or NULL. */
static const char *reads_value(int argc, char **argv, int *i)
{
	if (*i + 1 >= argc)
		return NULL;
	return argv[++*i];
}

static int reads_date(const struct cmd_entry *entry, const char *opt, const char *v,
		      int64_t *out)
{
	if (v == NULL || !date_parse(v, strlen(v), out, NULL))
		return cmd_usage_error(entry, "%s needs a date like 2026-11-01", opt);
	return -1;
}

/* One option that takes a value; returns -1 when handled, the exit code on
 * a usage error, -2 when a is not such an option. */
static int reads_parse_value(const struct cmd_entry *entry, int argc, char **argv, int *i,
			     unsigned allow, struct reads_opts *o)
{
	const char *a = argv[*i];
	if (strcmp(a, "--passphrase-fd") == 0) {
		const char *v = reads_value(argc, argv, i);
		char *end = NULL;
		long n = v != NULL ? strtol(v, &end, 10) : -1;
		if (v == NULL || *v == '\0' || *end != '\0' || n < 0 || n > 1 << 20)
			return cmd_usage_error(entry, "--passphrase-fd needs a descriptor number");
		o->fd = (int)n;
		return -1;
	}
	if ((allow & READS_SINCE) && strcmp(a, "--since") == 0) {
		o->has_since = true;
		return reads_date(entry, a, reads_value(argc, argv, i), &o->since);
	}
	if ((allow & READS_UNTIL) && strcmp(a, "--until") == 0) {
		o->has_until = true;
		return reads_date(entry, a, reads_value(argc, argv, i), &o->until);
	}
	if ((allow & READS_WITHIN) && strcmp(a, "--within") == 0) {
		const char *v = reads_value(argc, argv, i);
		if (v == NULL || !reads_parse_days(v, &o->within))
			return cmd_usage_error(entry, "--within needs a number of days like 7d "
						      "or 2w (at most %d days)",
					       READS_MAX_DAYS);
		return -1;
	}
	if ((allow & READS_FORMAT) && strcmp(a, "--format") == 0) {
		o->format_name = reads_value(argc, argv, i);
		if (o->format_name == NULL)
			return cmd_usage_error(entry, "--format needs a name");
		return -1;
	}
	return -2;
}

static bool reads_switch(const char *a, unsigned allow, struct reads_opts *o)
{
	if ((allow & READS_FORMATS) && strcmp(a, "--json") == 0)
		o->format = OUTPUT_JSON;
	else if ((allow & READS_FORMATS) && strcmp(a, "--csv") == 0)
		o->format = OUTPUT_CSV;
	else if ((allow & READS_QUIET) && (strcmp(a, "--quiet") == 0 || strcmp(a, "-q") == 0))
		o->quiet = true;
	else if (strcmp(a, "--offline") == 0)
		o->offline = true;
	else if (strcmp(a, "--refresh") == 0)
		o->refresh = true;
	else
		return false;
	return true;
}

int reads_parse(const struct cmd_entry *entry, int argc, char **argv, unsigned allow,
		struct reads_opts *o)
{
	memset(o, 0, sizeof(*o));
	o->fd = -1;
	o->within = READS_DEFAULT_WITHIN;
	bool json = false, csv = false;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (cmd_is_help(a))
			return cmd_print_help(entry);
		int rc = reads_parse_value(entry, argc, argv, &i, allow, o);
		if (rc >= 0)
			return rc;
		if (rc == -1)
			continue;
		if (reads_switch(a, allow, o)) {
			json |= strcmp(a, "--json") == 0;
			csv |= strcmp(a, "--csv") == 0;
			continue;
		}
		if (a[0] == '-' && a[1] != '\0')
			return cmd_usage_error(entry, "unknown option: %s", a);
		if (o->npos == READS_MAX_ARGS)
			return cmd_usage_error(entry, "too many arguments");
		o->pos[o->npos++] = a;
	}
	if (json && csv)
		return cmd_usage_error(entry, "--json and --csv exclude each other");
	if (o->offline && o->refresh)
		return cmd_usage_error(entry, "--offline and --refresh exclude each other");
	if (o->has_since && o->has_until && o->until < o->since)
		return cmd_usage_error(entry, "--until is before --since");
	return -1;
}

static void reads_refresh(struct unlock *u)
{
	struct err e = ERR_INIT;
	struct sync_options so = {
		.http = u->http,
		.vault = u->vault,
		.store = u->store,
		.config = u->config,
		.cache_path = u->cache_path,
	};
	struct sync *s = sync_new(&so, &e);
	bool ok = s != NULL && sync_refresh(s, NULL, 0, &e) && sync_wait(s, &e);
	if (ok) {
		size_t n = 0;
		char **names = sync_connection_names(u->vault, &n);
		for (size_t i = 0; i < n; i++) {
			struct store_conn *c = store_conn_get(u->store, names[i], false);
			if (sync_outcome(s, names[i]) == SYNC_OUTCOME_FAILED && c != NULL) {
				const char *why = c->last_error != NULL ? c->last_error : "";
				char *m = sanitize_line(why, strlen(why));
				fprintf(stderr,
					"bankterm: warning: refreshing %s failed: %s; "
					"showing its cached data\n",
					names[i], m);
				free(m);
			}
			free(names[i]);
		}
		free(names);
		ok = sync_cache_result(s, &e);
	}
	if (!ok)
		fprintf(stderr, "bankterm: warning: %s\n", e.msg);
	sync_free(&s);
}

bool reads_open(struct unlock *u, const struct cmd_ctx *ctx, const struct reads_opts *o,
		struct err *e)
{
	if (!unlock_open(u, ctx, o->fd, e))
		return false;
	if (u->cache_err.code != ERR_OK)
		fprintf(stderr, "bankterm: warning: %s\n", u->cache_err.msg);
	if (o->refresh)
		reads_refresh(u);
	return true;
}

int reads_run(const struct reads_listing *l, const struct cmd_ctx *ctx, int argc, char **argv)
{
	struct reads_opts o;
	int rc = reads_parse(l->entry, argc, argv, l->allow, &o);
	if (rc >= 0)
		return rc;
	if (o.npos > l->max_pos)
		return cmd_usage_error(l->entry, "unexpected argument: %s", o.pos[l->max_pos]);
	struct err e = ERR_INIT;
	struct unlock u;
	if (!reads_open(&u, ctx, &o, &e))
		return unlock_fail(&e);
	struct output *out = output_new(o.format, l->cols, l->ncols);
	if (!l->fill(&u, &o, out, &e)) {
		fprintf(stderr, "bankterm: %s\n", e.msg);
		rc = EXIT_FAIL;
	} else if (o.format == OUTPUT_TABLE && output_rows(out) == 0) {
		puts(l->empty);
		rc = EXIT_OK;
	} else {
		rc = output_write(out, l->entry->name, stdout) ? EXIT_OK : EXIT_FAIL;
	}
	output_free(&out);
	unlock_close(&u);
	return rc;
}

int64_t reads_today(void)
{
	return date_today_local();
}

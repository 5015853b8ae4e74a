/* cmd-notify.c — `bankterm notify [--within DAYS]`: one desktop notification
 * per new alert (bill due within DAYS, overdue bill or installment, BNPL
 * installment due, balance below the configured threshold, projected
 * overdraft, connection needs re-link), through notify-send when it is on
 * PATH, else printed.  What was announced is remembered in the vault
 * (entries notify/KEY, encrypted with everything else), so a cron job or
 * systemd timer does not repeat itself; an alert that goes away is
 * forgotten, so it is announced again if it comes back. */
#include <spawn.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "buf.h"
#include "cmd.h"
#include "config.h"
#include "date.h"
#include "reads.h"
#include "sanitize.h"
#include "store.h"
#include "unlock.h"
#include "vault/vault.h"
#include "xmalloc.h"

#define CMD_NOTIFY_PREFIX "notify/"
#define CMD_NOTIFY_DEFAULT_DAYS 3

extern char **environ;

struct cmd_notify_item {
	char *key;   /* notify/KIND/CONNECTION/SUBJECT/DATE */
	char *title; /* sanitized */
	char *body;  /* sanitized */
};

struct cmd_notify_list {
	struct cmd_notify_item *items;
	size_t n;
};

static const char *const cmd_notify_alert_names[] = {
	[ALERT_BILL_OVERDUE] = "bill_overdue",
	[ALERT_INSTALLMENT_OVERDUE] = "installment_overdue",
	[ALERT_LOW_BALANCE] = "low_balance",
	[ALERT_PROJECTED_OVERDRAFT] = "projected_overdraft",
	[ALERT_CONNECTION] = "connection",
};

static const char *const cmd_notify_alert_titles[] = {
	[ALERT_BILL_OVERDUE] = "Bill overdue",
	[ALERT_INSTALLMENT_OVERDUE] = "BNPL installment overdue",
	[ALERT_LOW_BALANCE] = "Balance below threshold",
	[ALERT_PROJECTED_OVERDRAFT] = "Projected overdraft",
	[ALERT_CONNECTION] = "Connection needs attention",
};

static void cmd_notify_add(struct cmd_notify_list *l, const char *kind, const char *conn,
			   const char *subject, int64_t date, const char *title,
			   struct money amount)
{
	char d[DATE_STR_MAX] = "-", amt[MONEY_LOCALE_MAX];
	if (date != 0)
		date_format(date, d);
	for (size_t i = 0; i < l->n; i++) {
		if (strstr(l->items[i].key, subject) != NULL &&
		    strncmp(l->items[i].key + strlen(CMD_NOTIFY_PREFIX), kind, strlen(kind)) == 0)
			return; /* the same thing twice (two installments of one plan) */
	}
	char *s = sanitize_line(subject, strlen(subject));
	l->items = xreallocarray(l->items, l->n + 1, sizeof(*l->items));
	struct cmd_notify_item *it = &l->items[l->n++];
	it->key = xasprintf(CMD_NOTIFY_PREFIX "%s/%s/%s/%s", kind, conn, subject, d);
	it->title = xasprintf("bankterm: %s", title);
	if (amount.currency[0] != '\0')
		it->body = xasprintf("%s: %s%s%s", s, money_format_locale(amount, amt),
				     date != 0 ? " on " : "", date != 0 ? d : "");
	else
		it->body = xstrdup(s);
	free(s);
}

static void cmd_notify_collect(struct unlock *u, int days, struct cmd_notify_list *l)
{
	int64_t today = reads_today();
	struct alert *al = NULL;
	size_t n = 0;
	const struct money *low = u->config->has_low_balance ? &u->config->low_balance : NULL;
	store_alerts(u->store, today, low, &al, &n);
	for (size_t i = 0; i < n; i++)
		cmd_notify_add(l, cmd_notify_alert_names[al[i].kind], al[i].conn->name,
			       al[i].subject, al[i].date, cmd_notify_alert_titles[al[i].kind],
			       al[i].amount);
	free(al);
	struct obligation *ob = NULL;
	store_obligations(u->store, today, days, &ob, &n);
	for (size_t i = 0; i < n; i++) {
		if (ob[i].overdue || ob[i].autopay)
			continue; /* overdue: an alert above; autopay: nothing to do */
		bool bill = ob[i].kind != OBLIGATION_INSTALLMENT;
		cmd_notify_add(l, bill ? "due" : "installment_due", ob[i].conn->name, ob[i].title,
			       ob[i].due, bill ? "Bill due soon" : "BNPL installment due",
			       ob[i].amount);
	}
	free(ob);
}

/* The full path of prog on PATH, or NULL. */
static char *cmd_notify_which(const char *prog)
{
	const char *path = getenv("PATH");
	if (path == NULL)
		return NULL;
	char *copy = xstrdup(path), *save = NULL;
	char *found = NULL;
	for (char *dir = strtok_r(copy, ":", &save); dir != NULL && found == NULL;
	     dir = strtok_r(NULL, ":", &save)) {
		char *p = xasprintf("%s/%s", dir, prog);
		if (access(p, X_OK) == 0)
			found = p;
		else
			free(p);
	}
	free(copy);
	return found;
}

/* notify-send reads a little markup in the body: escape it. */
static char *cmd_notify_markup(const char *s)
{
	struct buf b = BUF_INIT;
	for (; *s != '\0'; s++) {
		if (*s == '<')
			buf_append_str(&b, "&lt;");
		else if (*s == '>')
			buf_append_str(&b, "&gt;");
		else if (*s == '&')
			buf_append_str(&b, "&amp;");
		else
			buf_append_char(&b, *s);
	}
	return buf_steal(&b);
}

static bool cmd_notify_send(const char *prog, const struct cmd_notify_item *it)
{
	if (prog == NULL) {
		printf("%s: %s\n", it->title, it->body);
		return fflush(stdout) == 0;
	}
	char *body = cmd_notify_markup(it->body);
	char *argv[] = { (char *)"notify-send", (char *)"--app-name=bankterm", it->title, body,
			 NULL };
	pid_t pid;
	int status = 0;
	bool ok = posix_spawn(&pid, prog, NULL, NULL, argv, environ) == 0 &&
		  waitpid(pid, &status, 0) == pid && WIFEXITED(status) &&
		  WEXITSTATUS(status) == 0;
	free(body);
	return ok;
}

struct cmd_notify_stale {
	const struct cmd_notify_list *now;
	char **names;
	size_t n;
};

static bool cmd_notify_find_stale(const char *name, const void *value, size_t len, void *arg)
{
	(void)value;
	(void)len;
	struct cmd_notify_stale *st = arg;
	for (size_t i = 0; i < st->now->n; i++) {
		if (strcmp(st->now->items[i].key, name) == 0)
			return true;
	}
	st->names = xreallocarray(st->names, st->n + 1, sizeof(*st->names));
	st->names[st->n++] = xstrdup(name);
	return true;
}

/* Announces what is new, remembers it, forgets what went away; saves the
 * vault when anything changed.  Returns the number announced, -1 on error. */
static int cmd_notify_run(struct unlock *u, const struct cmd_notify_list *l, struct err *e)
{
	char *prog = cmd_notify_which("notify-send");
	int announced = 0;
	bool changed = false;
	for (size_t i = 0; i < l->n; i++) {
		if (vault_get(u->vault, l->items[i].key, NULL) != NULL)
			continue;
		if (!cmd_notify_send(prog, &l->items[i]))
			fprintf(stderr, "bankterm: notify-send failed for \"%s\"\n",
				l->items[i].body);
		char d[DATE_STR_MAX];
		date_format(reads_today(), d);
		vault_set(u->vault, l->items[i].key, d, strlen(d));
		announced++;
		changed = true;
	}
	free(prog);
	struct cmd_notify_stale st = { l, NULL, 0 };
	vault_each(u->vault, CMD_NOTIFY_PREFIX, cmd_notify_find_stale, &st);
	for (size_t i = 0; i < st.n; i++) {
		vault_del(u->vault, st.names[i]);
		free(st.names[i]);
		changed = true;
	}
	free(st.names);
	if (changed && !vault_save(u->vault, e))
		return -1;
	return announced;
}

static int cmd_notify_exec(const struct cmd_ctx *ctx, int argc, char **argv)
{
	struct reads_opts o;
	int rc = reads_parse(&cmd_notify_entry, argc, argv, READS_WITHIN | READS_QUIET, &o);
	if (rc >= 0)
		return rc;
	if (o.npos > 0)
		return cmd_usage_error(&cmd_notify_entry, "unexpected argument: %s", o.pos[0]);
	bool within_given = false;
	for (int i = 1; i < argc; i++)
		within_given |= strcmp(argv[i], "--within") == 0;
	struct err e = ERR_INIT;
	struct unlock u;
	if (!reads_open(&u, ctx, &o, &e))
		return unlock_fail(&e);
	struct cmd_notify_list l = { NULL, 0 };
	cmd_notify_collect(&u, within_given ? o.within : CMD_NOTIFY_DEFAULT_DAYS, &l);
	int n = cmd_notify_run(&u, &l, &e);
	for (size_t i = 0; i < l.n; i++) {
		free(l.items[i].key);
		free(l.items[i].title);
		free(l.items[i].body);
	}
	free(l.items);
	unlock_close(&u);
	if (n < 0)
		return unlock_fail(&e);
	if (!o.quiet && n == 0)
		fputs("bankterm: nothing new to announce\n", stderr);
	return EXIT_OK;
}

const struct cmd_entry cmd_notify_entry = {
	.name = "notify",
	.usage = "notify [--within DAYS] [--quiet] [--offline|--refresh] [--passphrase-fd N]",
	.summary = "Send a desktop notification for each new alert (once).",
	.help = "  --within DAYS   announce bills and installments due this soon (default 3d)\n"
		"  --quiet, -q     say nothing when there is nothing new\n"
		"  --refresh       refresh every connection first (what a timer wants)\n"
		"\n"
		"Uses notify-send when it is on PATH, else prints one line per alert.\n"
		"What was announced is remembered (encrypted) in the vault, so running it\n"
		"again announces only what is new.\n",
	.exec = cmd_notify_exec,
};

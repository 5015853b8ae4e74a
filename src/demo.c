/* demo.c — the embedded sandbox behind `bankterm --demo` (see demo.h). */
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <libgen.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "app.h"
#include "cmd/cmd.h"
#include "demo.h"
#include "net/http.h"
#include "store.h"
#include "sync/link.h"
#include "vault/vault.h"
#include "xmalloc.h"

char *demo_sandbox_path(void)
{
	const char *env = getenv("BANKTERM_SANDBOX");
	if (env != NULL && *env != '\0')
		return xstrdup(env);
	char self[4096];
	ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
	if (n > 0) {
		self[n] = '\0';
		const char *dir = dirname(self);
		const char *tries[] = { "bankterm-sandbox", "sandbox/bankterm-sandbox" };
		for (size_t i = 0; i < 2; i++) {
			char *p = xasprintf("%s/%s", dir, tries[i]);
			if (access(p, X_OK) == 0)
				return p;
			free(p);
		}
	}
	return xstrdup("bankterm-sandbox");
}

#define DEMO_EXTRA_ARGS_MAX 16

static void demo_sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };
	while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
		;
}

/* Runs the sandbox binary with argv; stdout and stderr go to the files
 * named (appended).  Returns the child's pid or -1. */
static pid_t demo_spawn(char *const argv[], const char *out, const char *errf)
{
	pid_t pid = fork();
	if (pid != 0)
		return pid;
	int fo = open(out, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
	int fe = open(errf, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
	int fi = open("/dev/null", O_RDONLY | O_CLOEXEC);
	if (fo < 0 || fe < 0 || fi < 0 || dup2(fi, 0) < 0 || dup2(fo, 1) < 0 || dup2(fe, 2) < 0)
		_exit(127);
	execvp(argv[0], argv);
	_exit(127);
}

/* The first line of path, once it is complete; NULL until then. */
static char *demo_first_line(const char *path)
{
	FILE *f = fopen(path, "re");
	if (f == NULL)
		return NULL;
	char line[512];
	char *r = fgets(line, sizeof line, f) != NULL && strchr(line, '\n') ? xstrdup(line) : NULL;
	fclose(f);
	if (r != NULL)
		r[strcspn(r, "\r\n")] = '\0';
	return r;
}

bool demo_sandbox_start(struct demo_sandbox *sb, struct err *e)
{
	memset(sb, 0, sizeof *sb);
	const char *tmp = getenv("TMPDIR");
	char *tmpl = xasprintf("%s/bankterm-demo-XXXXXX", tmp && *tmp == '/' ? tmp : "/tmp");
	if (mkdtemp(tmpl) == NULL) {
		err_set_errno(e, ERR_IO, errno, "cannot make a temporary directory %s", tmpl);
		free(tmpl);
		return false;
	}
	sb->dir = tmpl;
	sb->db = xasprintf("%s/sandbox.db", sb->dir);
	char *bin = demo_sandbox_path();
	char *out = xasprintf("%s/sandbox.out", sb->dir);
	char *errf = xasprintf("%s/sandbox.err", sb->dir);
	const char *now = getenv("BANKTERM_NOW");
	/* BANKTERM_DEMO_SANDBOX_ARGS: more options for `serve`, separated by
	 * spaces (tests use it for fault injection, e.g. --drop-after-commit). */
	const char *extra_env = getenv("BANKTERM_DEMO_SANDBOX_ARGS");
	char *extra = xstrdup(extra_env != NULL ? extra_env : "");
	char *argv[9 + DEMO_EXTRA_ARGS_MAX + 1] = { bin, "serve", "--db", sb->db, "--port", "0",
						    "--auto-approve" };
	size_t argc = 7;
	if (now != NULL && *now != '\0') {
		argv[argc++] = "--now";
		argv[argc++] = (char *)now;
	}
	char *save = NULL;
	for (char *t = strtok_r(extra, " ", &save); t != NULL && argc < 9 + DEMO_EXTRA_ARGS_MAX;
	     t = strtok_r(NULL, " ", &save))
		argv[argc++] = t;
	argv[argc] = NULL;
	sb->pid = demo_spawn(argv, out, errf);
	free(extra);
	bool ok = false;
	if (sb->pid < 0) {
		err_set_errno(e, ERR_IO, errno, "cannot start %s", bin);
		sb->pid = 0;
	} else {
		for (int i = 0; i < 600 && !ok; i++) {
			char *line = demo_first_line(out);
			const char *pfx = "listening on ";
			if (line != NULL && strncmp(line, pfx, strlen(pfx)) == 0) {
				sb->url = xstrdup(line + strlen(pfx));
				ok = true;
			}
			free(line);
			if (ok || waitpid(sb->pid, NULL, WNOHANG) == sb->pid)
				break;
			demo_sleep_ms(50);
		}
		if (!ok) {
			char *why = demo_first_line(errf);
			err_set(e, ERR_IO,
				"the demo bank (%s) did not start: %s; build it (meson compile) or "
				"set BANKTERM_SANDBOX to its path",
				bin, why ? why : "no output");
			free(why);
		}
	}
	free(out);
	free(errf);
	free(bin);
	if (!ok)
		demo_sandbox_stop(sb);
	return ok;
}

static int demo_rm(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	remove(path);
	return 0;
}

void demo_sandbox_stop(struct demo_sandbox *sb)
{
	if (sb->pid > 0) {
		kill(sb->pid, SIGTERM);
		int i;
		for (i = 0; i < 100 && waitpid(sb->pid, NULL, WNOHANG) != sb->pid; i++)
			demo_sleep_ms(50);
		if (i == 100) {
			kill(sb->pid, SIGKILL);
			waitpid(sb->pid, NULL, 0);
		}
		sb->pid = 0;
	}
	if (sb->dir != NULL)
		nftw(sb->dir, demo_rm, 8, FTW_DEPTH | FTW_PHYS);
	free(sb->dir);
	free(sb->db);
	free(sb->url);
	memset(sb, 0, sizeof *sb);
}

/* The SimpleFIN setup token the sandbox hands out (caller frees). */
static char *demo_setup_token(const struct demo_sandbox *sb, struct err *e)
{
	char *bin = demo_sandbox_path();
	char *out = xasprintf("%s/token.out", sb->dir);
	char *errf = xasprintf("%s/token.err", sb->dir);
	char *argv[] = { bin, "setup-token", "--db", sb->db, NULL };
	pid_t pid = demo_spawn(argv, out, errf);
	int status = 0;
	char *tok = NULL;
	if (pid > 0 && waitpid(pid, &status, 0) == pid && WIFEXITED(status) &&
	    WEXITSTATUS(status) == 0)
		tok = demo_first_line(out);
	if (tok == NULL)
		err_set(e, ERR_IO, "the demo bank gave no SimpleFIN setup token");
	free(bin);
	free(out);
	free(errf);
	return tok;
}

static void demo_show_code(void *arg, const char *uri, const char *complete, const char *code)
{
	(void)uri;
	(void)complete;
	(void)code;
	fprintf(stderr, "bankterm demo: linking %s (the demo bank approves by itself)\n",
		(const char *)arg);
}

static bool demo_link_all(struct demo_sandbox *sb, struct http *h, struct vault *v,
			  const struct config *cfg, struct err *e)
{
	static const struct {
		const char *name, *path, *label;
	} banks[] = {
		{ "northwind", "/northwind", "Northwind Bank" },
		{ "flexpay", "/flexpay", "Flexpay" },
	};
	for (size_t i = 0; i < sizeof banks / sizeof banks[0]; i++) {
		struct link_ui ui = { demo_show_code, (void *)banks[i].label };
		char *url = xasprintf("%s%s", sb->url, banks[i].path);
		bool ok = link_bankapi(h, v, cfg, banks[i].name, url, &ui, e);
		free(url);
		if (!ok) {
			err_prefix(e, "linking the demo's %s", banks[i].label);
			return false;
		}
	}
	fprintf(stderr, "bankterm demo: linking Cedar Credit Union (SimpleFIN)\n");
	char *tok = demo_setup_token(sb, e);
	if (tok == NULL)
		return false;
	bool ok = link_simplefin(h, v, cfg, "cedar", tok, e);
	free(tok);
	if (!ok)
		err_prefix(e, "linking the demo's credit union");
	return ok;
}

int demo_main(const struct config *cfg)
{
	struct err e = ERR_INIT;
	struct demo_sandbox sb;
	if (!demo_sandbox_start(&sb, &e)) {
		fprintf(stderr, "bankterm: %s\n", e.msg);
		return EXIT_FAIL;
	}
	int rc = EXIT_FAIL;
	struct vault *v = NULL;
	struct store *st = store_new();
	char *vpath = xasprintf("%s/vault", sb.dir);
	struct http_options ho = { 0 };
	struct http *h = NULL;
	bool ok = vault_create(vpath, DEMO_PASSPHRASE, strlen(DEMO_PASSPHRASE),
			       VAULT_KDF_INTERACTIVE, &v, &e) &&
		  (h = http_new(&ho, &e)) != NULL && demo_link_all(&sb, h, v, cfg, &e);
	http_free(&h);
	if (ok)
		rc = app_run_synced(cfg, v, st, NULL, true, NULL);
	else
		fprintf(stderr, "bankterm: %s\n", e.msg);
	vault_free(&v);
	store_free(&st);
	free(vpath);
	demo_sandbox_stop(&sb);
	return rc;
}

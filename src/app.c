/* app.c — the screen stack, key dispatch, the lock and the main loop. */
#include <curses.h>
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "app.h"
#include "cmd/cmd.h"
#include "config.h"
#include "net/http.h"
#include "paths.h"
#include "date.h"
#include "screens/screens.h"
#include "store.h"
#include "sync/sync.h"
#include "ui/form.h"
#include "ui/payui.h"
#include "ui/framelog.h"
#include "ui/glyph.h"
#include "ui/theme.h"
#include "ui/widgets.h"
#include "vault/passphrase.h"
#include "vault/secmem.h"
#include "vault/vault.h"
#include "xmalloc.h"

const struct screen_ops *const app_tabs[] = {
	&screen_overview_ops,
	&screen_accounts_ops,
	&screen_bills_ops,
	&screen_transfers_ops,
	&screen_bnpl_ops,
	&screen_timeline_ops,
	NULL,
};

/* Set by SIGINT/SIGTERM/SIGHUP: the loop ends cleanly (the terminal is
 * restored and the demo sandbox stopped) instead of dying mid-frame. */
static volatile sig_atomic_t app_stop_signal;

static void app_on_signal(int sig)
{
	app_stop_signal = sig;
}

static int64_t app_mono_seconds(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec;
}

struct app *app_new(const struct config *cfg, struct vault *vault, struct store *store)
{
	struct app *a = xcalloc(1, sizeof *a);
	a->cfg = cfg;
	a->vault = vault;
	a->store = store;
	a->now = date_now;
	a->today = date_today_local();
	a->last_input = app_mono_seconds();
	app_set_size(a, 30, 100);
	return a;
}

/* The lock prompt's typed bytes live in secure memory (secmem.h). */
static void app_pass_wipe(struct app *a)
{
	secmem_release(a->pass);
	a->pass = NULL;
	a->pass_len = 0;
}

static void app_screen_free(struct screen *s)
{
	if (s->ops != NULL && s->ops->free != NULL)
		s->ops->free(s->state);
	s->ops = NULL;
	s->state = NULL;
}

static void app_pop_all(struct app *a)
{
	while (a->depth > 0)
		app_screen_free(&a->stack[--a->depth]);
}

void app_free(struct app **ap)
{
	struct app *a = *ap;
	if (a == NULL)
		return;
	form_close(a);
	app_pop_all(a);
	app_screen_free(&a->push);
	app_pass_wipe(a);
	free(a);
	*ap = NULL;
}

struct screen *app_top(struct app *a)
{
	return a->depth > 0 ? &a->stack[a->depth - 1] : NULL;
}

static void app_build_top(struct app *a)
{
	struct screen *top = app_top(a);
	if (top != NULL && top->ops->build != NULL)
		top->ops->build(top->state, a);
	if (a->store != NULL)
		a->built_generation = a->store->generation;
	a->dirty = true;
}

void app_set_size(struct app *a, int rows, int cols)
{
	a->rows = rows;
	a->cols = cols;
	a->too_small = rows < APP_MIN_ROWS || cols < APP_MIN_COLS;
	a->body_rows = rows > 2 ? rows - 2 : 1;
	a->body_cols = cols > 1 ? cols : 1;
	app_build_top(a);
}

static void app_push(struct app *a, struct screen s)
{
	if (a->depth == APP_STACK_MAX) {
		if (s.ops->free != NULL)
			s.ops->free(s.state);
		return;
	}
	a->stack[a->depth++] = s;
	app_build_top(a);
}

bool app_show_tab(struct app *a, int n)
{
	for (size_t i = 0; app_tabs[i] != NULL; i++) {
		if (app_tabs[i]->tab != n)
			continue;
		app_pop_all(a);
		const struct screen_ops *ops = app_tabs[i];
		app_push(a, (struct screen){ ops, ops->init ? ops->init(a) : NULL });
		a->help = false;
		return true;
	}
	return false;
}

void app_message(struct app *a, bool error, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(a->msg, sizeof a->msg, fmt, ap);
	va_end(ap);
	a->msg_error = error;
	a->dirty = true;
}

void app_sync_store(struct app *a)
{
	a->today = date_today_local();
	if (a->store != NULL && a->store->generation != a->built_generation)
		app_build_top(a);
}

void app_lock(struct app *a)
{
	if (a->vault == NULL) {
		app_message(a, true, "nothing to lock: no vault is open");
		return;
	}
	vault_lock(a->vault);
	a->locked = true;
	a->help = false;
	a->lock_msg[0] = '\0';
	a->dirty = true;
	app_pass_wipe(a);
}

static void app_lock_key(struct app *a, int key)
{
	if (a->pass == NULL)
		a->pass = secmem_alloc(PASSPHRASE_MAX + 1);
	a->dirty = true;
	if (key == '\n' || key == '\r' || key == KEY_ENTER) {
		struct err e = ERR_INIT;
		if (vault_unlock(a->vault, a->pass, a->pass_len, &e)) {
			a->locked = false;
			a->lock_msg[0] = '\0';
			a->last_input = app_mono_seconds();
			app_message(a, false, "unlocked");
			payui_resume(a);
		} else {
			snprintf(a->lock_msg, sizeof a->lock_msg, "%s", e.msg);
		}
		app_pass_wipe(a);
	} else if (key == KEY_BACKSPACE || key == 127 || key == 8) {
		if (a->pass_len > 0)
			a->pass[--a->pass_len] = '\0';
	} else if (key == 21) { /* Ctrl-U */
		secmem_wipe(a->pass, PASSPHRASE_MAX);
		a->pass_len = 0;
	} else if (key >= ' ' && key < 256 && key != 127 && a->pass_len < PASSPHRASE_MAX) {
		a->pass[a->pass_len++] = (char)key;
	}
}

/* The periodic refresh, in seconds (0: none): BANKTERM_REFRESH_INTERVAL, a
 * whole number of seconds that may be below the config's 30 s minimum (for
 * soak runs and tests), else the config's refresh_interval.  A malformed
 * value is ignored. */
static unsigned app_refresh_every(const struct app *a)
{
	const char *env = getenv("BANKTERM_REFRESH_INTERVAL");
	if (env != NULL && env[0] >= '0' && env[0] <= '9') {
		char *end;
		errno = 0;
		unsigned long v = strtoul(env, &end, 10);
		if (errno == 0 && *end == '\0' && v <= 86400)
			return (unsigned)v;
	}
	return a->cfg != NULL ? a->cfg->refresh_interval : 0;
}

static void app_refresh(struct app *a)
{
	if (a->source.start == NULL) {
		app_message(a, true, "no connections to refresh: link one with 'bankterm link'");
		return;
	}
	struct err e = ERR_INIT;
	if (a->source.start(a->source.arg, &e)) {
		app_message(a, false, "refreshing\u2026");
		a->announce_refresh = true;
	}
	else
		app_message(a, true, "%s", e.msg);
}

static void app_global(struct app *a, const struct ui_event *ev)
{
	switch (ev->action) {
	case ACT_TAB_1:
	case ACT_TAB_2:
	case ACT_TAB_3:
	case ACT_TAB_4:
	case ACT_TAB_5:
	case ACT_TAB_6:
		if (!app_show_tab(a, (int)(ev->action - ACT_TAB_1) + 1))
			app_message(a, true, "no such tab in this version");
		break;
	case ACT_HELP:
		a->help = true;
		a->help_top = 0;
		a->dirty = true;
		break;
	case ACT_REFRESH:
		app_refresh(a);
		break;
	case ACT_LOCK:
		app_lock(a);
		break;
	case ACT_BACK:
		if (a->depth > 1) {
			app_screen_free(&a->stack[--a->depth]);
			app_build_top(a);
		} else {
			a->quit = true;
		}
		break;
	case ACT_QUIT:
		/* A payment in flight is not lost by quitting (its key is in the
		 * vault and it is sent again at the next start), but say so once. */
		if (payui_busy(a) > 0 && !a->quit_armed) {
			app_message(a, true, "a payment is still being sent: Q again quits anyway "
					     "(bankterm sends it again, same key, at the next start)");
			a->quit_armed = true;
			break;
		}
		a->quit = true;
		break;
	case ACT_CLICK:
		if (ev->y == -1) {
			int t = ui_tab_at(a, ev->x);
			if (t != 0)
				app_show_tab(a, t);
		}
		break;
	default:
		break;
	}
}

void app_dispatch(struct app *a, const struct ui_event *ev)
{
	if (a->locked) {
		app_lock_key(a, ev->key);
		return;
	}
	if (ev->action != ACT_RESIZE && ev->action != ACT_NONE)
		a->msg[0] = '\0';
	if (ev->action != ACT_QUIT && ev->action != ACT_RESIZE)
		a->quit_armed = false;
	a->dirty = true;
	if (a->help) {
		if (ev->action == ACT_DOWN || ev->action == ACT_PAGE_DOWN)
			a->help_top++;
		else if ((ev->action == ACT_UP || ev->action == ACT_PAGE_UP) && a->help_top > 0)
			a->help_top--;
		else
			a->help = false;
		return;
	}
	/* An open dialog is modal: it gets the keys, the screen none. */
	if (a->form != NULL) {
		if (!(form_handle(a, ev) & SCREEN_HANDLED) && ev->action != ACT_BACK &&
		    (ev->action < ACT_TAB_1 || ev->action > ACT_TAB_6))
			app_global(a, ev);
		return;
	}
	struct screen *top = app_top(a);
	unsigned r = SCREEN_IGNORED;
	if (top != NULL && top->ops->handle != NULL)
		r = top->ops->handle(top->state, a, ev);
	if (r & SCREEN_QUIT)
		a->quit = true;
	if (r & SCREEN_POP) {
		if (a->depth > 1) {
			app_screen_free(&a->stack[--a->depth]);
			app_build_top(a);
		} else {
			a->quit = true;
		}
	}
	if ((r & SCREEN_PUSH) && a->push.ops != NULL) {
		struct screen s = a->push;
		a->push = (struct screen){ 0 };
		app_push(a, s);
	}
	if (!(r & SCREEN_HANDLED))
		app_global(a, ev);
}

/* ---- the terminal ----------------------------------------------------- */

static void app_draw(struct app *a)
{
	erase();
	if (a->too_small) {
		ui_draw_too_small(a);
	} else if (a->locked) {
		ui_draw_lock(a, a->pass_len);
	} else {
		struct screen *top = app_top(a);
		if (top != NULL && top->ops->draw != NULL)
			top->ops->draw(top->state, a, 1);
		ui_draw_topbar(a);
		ui_draw_bottom(a);
		form_draw(a);
		if (a->help)
			ui_draw_help(a);
	}
	refresh();
	framelog_note("frame");
	a->dirty = false;
}

/* An escape sequence curses did not recognise (a key the terminfo entry does
 * not list, e.g. Home as ESC [ 1 ~ under TERM=xterm in tmux) reaches us as a
 * lone ESC followed by its bytes in the same read.  ESC means "back" (and
 * quits on the first tab), so such a sequence is read to its final byte and
 * dropped.  True when key was ESC and a sequence followed it. */
static bool app_skip_unknown_sequence(int key)
{
	if (key != 27)
		return false;
	int next = getch();
	if (next == ERR)
		return false;
	if (next != '[' && next != 'O') {
		ungetch(next);
		return false;
	}
	/* CSI: parameter and intermediate bytes, then one final byte in
	 * 0x40-0x7e; SS3: one byte.  Bounded, so a stream of junk cannot keep
	 * us here. */
	for (int i = 0; i < 32; i++) {
		int c = getch();
		if (c == ERR)
			break;
		if (next == 'O' || (c >= 0x40 && c <= 0x7e))
			break;
	}
	return true;
}

static void app_read_keys(struct app *a)
{
	int key;
	while ((key = getch()) != ERR) {
		framelog_note("key");
		if (app_skip_unknown_sequence(key))
			continue;
		struct screen *top = app_top(a);
		struct ui_event ev = { keymap_lookup(top ? top->ops->keys : NULL, key), key, 0, 0 };
		a->last_input = app_mono_seconds();
		if (key == KEY_RESIZE) {
			int rows, cols;
			getmaxyx(stdscr, rows, cols);
			app_set_size(a, rows, cols);
			continue;
		}
		if (key == KEY_MOUSE) {
			MEVENT me;
			if (getmouse(&me) != OK ||
			    !(me.bstate & (BUTTON1_CLICKED | BUTTON1_PRESSED | BUTTON1_RELEASED)))
				continue;
			if (me.bstate & BUTTON1_RELEASED)
				continue;
			ev.action = ACT_CLICK;
			ev.y = me.y - 1;
			ev.x = me.x;
			if (me.y >= a->rows - 1)
				continue;
		}
		if (a->too_small && !a->locked && key != 'Q' && key != 'q')
			continue;
		app_dispatch(a, &ev);
		if (a->quit)
			return;
	}
}

static bool app_wait(struct app *a, int timeout_ms, bool *input, struct err *e)
{
	*input = false;
	if (a->source.wait != NULL)
		return a->source.wait(a->source.arg, timeout_ms, input, e);
	struct pollfd p = { 0, POLLIN, 0 };
	int n = poll(&p, 1, timeout_ms);
	if (n < 0 && errno != EINTR)
		return err_set_errno(e, ERR_IO, errno, "waiting for the keyboard");
	*input = n > 0 && (p.revents & (POLLIN | POLLHUP | POLLERR));
	return true;
}

bool app_turn(struct app *a, int timeout_ms, struct err *e)
{
	if (a->quit || app_stop_signal != 0)
		return false;
	app_sync_store(a);
	if (a->dirty)
		app_draw(a);
	bool input;
	if (!app_wait(a, timeout_ms, &input, e))
		return false;
	app_read_keys(a);
	return true;
}

bool app_run(struct app *a, struct err *e)
{
	if (!isatty(0) || !isatty(1))
		return err_set(e, ERR_UNSUPPORTED,
			       "the terminal interface needs a terminal on stdin and stdout; "
			       "use the subcommands (bankterm --help) in scripts");
	struct sigaction sa = { 0 }, old_int, old_term, old_hup;
	sa.sa_handler = app_on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, &old_int);
	sigaction(SIGTERM, &sa, &old_term);
	sigaction(SIGHUP, &sa, &old_hup);
	set_escdelay(25);
	/* A non-UTF-8 locale gets ASCII in place of bankterm's glyphs. */
	glyph_init(!glyph_locale_utf8());
	if (initscr() == NULL)
		return err_set(e, ERR_UNSUPPORTED, "cannot start curses on this terminal (TERM?)");
	cbreak();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	/* Home and End as terminals send them whatever TERM says (tmux, rxvt,
	 * VT220, xterm's two modes); define_key ignores ones already known. */
	static const struct {
		const char *seq;
		int key;
	} app_extra_keys[] = {
		{ "\033[1~", KEY_HOME }, { "\033[7~", KEY_HOME }, { "\033[H", KEY_HOME },
		{ "\033OH", KEY_HOME },  { "\033[4~", KEY_END },  { "\033[8~", KEY_END },
		{ "\033[F", KEY_END },	  { "\033OF", KEY_END },
	};
	for (size_t i = 0; i < sizeof app_extra_keys / sizeof app_extra_keys[0]; i++)
		if (key_defined(app_extra_keys[i].seq) == 0)
			define_key(app_extra_keys[i].seq, app_extra_keys[i].key);
	nodelay(stdscr, TRUE);
	curs_set(0);
	mousemask(BUTTON1_CLICKED | BUTTON1_PRESSED, NULL);
	mouseinterval(0);
	theme_init(a->cfg, config_use_color(a->cfg, getenv("NO_COLOR")));
	int rows, cols;
	getmaxyx(stdscr, rows, cols);
	app_set_size(a, rows, cols);
	if (app_top(a) == NULL)
		app_show_tab(a, 1);
	bool ok = true, was_busy = false;
	int64_t last_refresh = app_mono_seconds();
	while (!a->quit && app_stop_signal == 0) {
		payui_step(a);
		app_sync_store(a);
		if (a->dirty)
			app_draw(a);
		bool busy = a->source.busy != NULL && a->source.busy(a->source.arg);
		if (was_busy && !busy) {
			if (a->announce_refresh)
				app_message(a, false, "refresh finished");
			a->announce_refresh = false;
			last_refresh = app_mono_seconds();
		}
		was_busy = busy;
		/* The periodic refresh (refresh_interval), counted from the end
		 * of the last one; never while locked. */
		unsigned every = app_refresh_every(a);
		if (every > 0 && !busy && !a->locked && a->source.start != NULL &&
		    app_mono_seconds() - last_refresh >= (int64_t)every) {
			struct err re = ERR_INIT;
			if (!a->source.start(a->source.arg, &re))
				app_message(a, true, "%s", re.msg);
			last_refresh = app_mono_seconds();
		}
		/* A screen's long job goes on while no key waits. */
		struct screen *top = app_top(a);
		bool more = !a->locked && !a->too_small && top != NULL && top->ops->idle != NULL &&
			    top->ops->idle(top->state, a);
		bool input;
		if (!app_wait(a, more ? 0 : busy || payui_busy(a) > 0 ? 200 : 1000, &input, e)) {
			ok = false;
			break;
		}
		/* Always try: a resize arrives as KEY_RESIZE after EINTR. */
		app_read_keys(a);
		unsigned idle = a->cfg != NULL ? a->cfg->idle_lock : 0;
		if (idle > 0 && !a->locked && a->vault != NULL &&
		    app_mono_seconds() - a->last_input >= (int64_t)idle)
			app_lock(a);
	}
	app_pass_wipe(a);
	endwin();
	sigaction(SIGINT, &old_int, NULL);
	sigaction(SIGTERM, &old_term, NULL);
	sigaction(SIGHUP, &old_hup, NULL);
	return ok;
}

/* ---- the sync engine as the data source -------------------------------- */

static bool app_sync_start(void *arg, struct err *e)
{
	return sync_refresh(arg, NULL, SYNC_FORCE, e);
}

static bool app_sync_busy(void *arg)
{
	return sync_busy(arg);
}

static bool app_sync_wait(void *arg, int timeout_ms, bool *input, struct err *e)
{
	struct http_waitfd fd = { 0, POLLIN, 0 };
	bool ok = sync_poll(arg, &fd, 1, timeout_ms, e);
	*input = fd.revents != 0;
	return ok;
}

struct app_source app_source_sync(struct sync *s)
{
	return (struct app_source){ app_sync_start, app_sync_busy, app_sync_wait, s };
}

int app_run_synced(const struct config *cfg, struct vault *v, struct store *st,
		   const char *cache_path, bool demo, const char *note)
{
	struct err e = ERR_INIT;
	int rc = EXIT_FAIL;
	struct http_options ho = { 0 };
	struct http *h = http_new(&ho, &e);
	struct sync_options so = { .http = h, .vault = v, .store = st, .config = cfg,
				   .cache_path = cache_path };
	struct sync *sy = h != NULL ? sync_new(&so, &e) : NULL;
	if (sy != NULL) {
		struct app *a = app_new(cfg, v, st);
		a->demo = demo;
		a->source = app_source_sync(sy);
		struct err pe = ERR_INIT;
		a->payui = payui_new(h, v, cfg, &pe);
		payui_resume(a);
		if (note != NULL)
			app_message(a, true, "%s", note);
		struct err re = ERR_INIT;
		if (!sync_refresh(sy, NULL, SYNC_FORCE, &re) && re.code != ERR_NOT_FOUND)
			app_message(a, true, "%s", re.msg);
		if (app_run(a, &e))
			rc = EXIT_OK;
		struct payui *pu = a->payui;
		app_free(&a);
		payui_free(&pu);
	}
	if (rc != EXIT_OK)
		fprintf(stderr, "bankterm: %s\n", e.msg);
	sync_free(&sy);
	http_free(&h);
	return rc;
}

int app_main(const char *config_path)
{
	struct err e = ERR_INIT;
	struct config_diags d = { 0 };
	struct config *cfg = config_load(config_path, &d, &e);
	if (cfg == NULL) {
		for (size_t i = 0; i < d.count; i++)
			fprintf(stderr, "bankterm: %s\n", d.items[i].msg);
		if (d.count == 0)
			fprintf(stderr, "bankterm: %s\n", e.msg);
		return EXIT_FAIL;
	}
	int rc = EXIT_FAIL;
	struct vault *v = NULL;
	struct passphrase *pass = NULL;
	struct store *st = store_new();
	char *vpath = paths_vault_file(&e);
	char *cpath = vpath != NULL ? paths_cache_file(&e) : NULL;
	if (cpath == NULL)
		goto out;
	if (access(vpath, F_OK) != 0) {
		err_set(&e, ERR_NOT_FOUND,
			"no vault at %s: create one with 'bankterm vault init' and link a bank "
			"with 'bankterm link', or try 'bankterm --demo'",
			vpath);
		goto out;
	}
	if ((pass = passphrase_read_tty("bankterm vault passphrase: ", &e)) == NULL)
		goto out;
	if (!vault_open(vpath, pass->data, pass->len, &v, &e)) {
		rc = EXIT_AUTH;
		goto out;
	}
	passphrase_free(&pass);
	framelog_note("unlocked");
	struct err ce = ERR_INIT;
	bool cache_ok = sync_cache_load(st, v, cpath, &ce);
	framelog_note("cache");
	rc = app_run_synced(cfg, v, st, cpath, false, cache_ok ? NULL : ce.msg);
	e.code = ERR_OK;
out:
	if (rc != EXIT_OK && e.code != ERR_OK)
		fprintf(stderr, "bankterm: %s\n", e.msg);
	passphrase_free(&pass);
	vault_free(&v);
	store_free(&st);
	config_free(&cfg);
	free(vpath);
	free(cpath);
	return rc;
}

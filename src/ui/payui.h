/* payui.h — the terminal interface's payment loop: payflow requests sent on
 * the app's struct pay (exactly once, sync/pay.h), driven from the main loop
 * beside the sync engine, with their progress, one-time-code dialog and
 * result shown in the dialog that sent them (ui/form.h) or, once that
 * dialog is gone, in the bottom line.
 *
 *     a->payui = payui_new(http, vault, cfg, &e);   (app_run_synced)
 *     payui_resume(a);                      (at start and after every unlock)
 *     payui_step(a);                        (every loop turn; never blocks)
 *     payui_submit(a, &request, &e);        (a flow's review was confirmed)
 *
 * What it decides for every flow: the result page's words come from
 * payflow_classify; after a payment that may have moved money the data is
 * refreshed so the screens show it; an answer that was lost ("status
 * unknown") is sent again with the same key every PAYUI_RECHECK_SECONDS
 * until the bank answers. */
#ifndef BANKTERM_UI_PAYUI_H
#define BANKTERM_UI_PAYUI_H

#include <stdbool.h>
#include <stddef.h>

#include "app.h"
#include "err.h"
#include "sync/payflow.h"

struct config;
struct form;
struct http;
struct vault;
struct payui;

#define PAYUI_RECHECK_SECONDS 10

/* NULL with e filled when payments cannot run (no vault). */
struct payui *payui_new(struct http *h, struct vault *v, const struct config *cfg,
			struct err *e);
/* Drops what is in flight (its idem entries stay in the vault). */
void payui_free(struct payui **pp);

/* The builders' input from the app: the store, today, the threshold. */
struct payflow_env payui_env(const struct app *a);

/* Sends r (copied).  The open dialog (a->form, if any) turns into the
 * progress page and later shows the result.  False with e filled when
 * nothing was sent (a payment already in flight from this dialog, vault
 * locked or not saved, no such connection). */
bool payui_submit(struct app *a, const struct payflow_request *r, struct err *e);

/* Runs the payments one turn without waiting: resends, the SCA dialog,
 * results.  Does nothing while the app is locked. */
void payui_step(struct app *a);

/* Sends again every payment a crash or a lock left in the vault; their
 * results go to the bottom line.  Returns how many. */
size_t payui_resume(struct app *a);

/* Payments not finished yet (in flight, or waiting to be checked again). */
size_t payui_busy(const struct app *a);

/* The bottom line's note while payments are in flight ("sending 1
 * payment…"); "" when none.  Constant or owned by payui. */
const char *payui_status(const struct app *a);

/* Fills the open review page with a request's review: payee, amount,
 * account, date, balance after, and each warning in the warning style. */
void payui_review(struct form *f, const struct payflow_review *r);

#endif

/* fuzz_bankapi.c — libFuzzer target for every Bank API parser: the first
 * byte picks the parser (its high bit: a transaction page checked against
 * USD), the rest is the body.  A parse either fails with a
 * message and leaves the output empty, or gives structs whose money is in a
 * valid currency; everything is freed (ASan reports leaks). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "providers/bankapi.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check(bool ok, const struct err *e)
{
	if (!ok && (e->code == ERR_OK || e->msg[0] == '\0'))
		abort();
}

static void check_money(struct money m)
{
	if (!money_currency(m.currency, NULL, NULL))
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size == 0)
		return 0;
	const char *s = (const char *)data + 1;
	size_t len = size - 1;
	struct err e = ERR_INIT;
	bool ok;
	switch ((data[0] & 0x7f) % 18) {
	case 0: {
		struct account_list l = { 0 };
		ok = bankapi_parse_accounts(s, len, &l, &e);
		for (size_t i = 0; i < l.n; i++) {
			check_money(l.items[i].balance);
			if (strcmp(l.items[i].balance.currency, l.items[i].currency) != 0)
				abort();
		}
		account_list_free(&l);
		break;
	}
	case 1: {
		struct transaction_list l = { 0 };
		ok = bankapi_parse_transactions(s, len, data[0] & 0x80 ? "USD" : NULL, &l, &e);
		for (size_t i = 0; i < l.n; i++)
			check_money(l.items[i].amount);
		transaction_list_free(&l);
		break;
	}
	case 2: {
		struct bill_list l = { 0 };
		ok = bankapi_parse_bills(s, len, &l, &e);
		bill_list_free(&l);
		break;
	}
	case 3: {
		struct payment_list l = { 0 };
		ok = bankapi_parse_payments(s, len, &l, &e);
		/* A parsed payment can always be asked for again, unless its amount is <= 0. */
		for (size_t i = 0; i < l.n; i++) {
			const struct payment *p = &l.items[i];
			struct bill_payment_request r = { p->from_account, p->amount, true,
							  p->pay_on };
			char *body = bankapi_build_bill_payment(&r, NULL);
			if ((body == NULL) != (l.items[i].amount.minor <= 0))
				abort();
			free(body);
		}
		payment_list_free(&l);
		break;
	}
	case 4: {
		struct contact_list l = { 0 };
		ok = bankapi_parse_contacts(s, len, &l, &e);
		contact_list_free(&l);
		break;
	}
	case 5: {
		struct transfer_list l = { 0 };
		ok = bankapi_parse_transfers(s, len, &l, &e);
		transfer_list_free(&l);
		break;
	}
	case 6: {
		struct bnpl_plan_list l = { 0 };
		ok = bankapi_parse_plans(s, len, &l, &e);
		bnpl_plan_list_free(&l);
		break;
	}
	case 7: {
		struct problem p = { 0 };
		ok = bankapi_parse_problem(s, len, &p, &e);
		problem_clear(&p);
		break;
	}
	case 8: {
		struct oauth_token t = { 0 };
		ok = bankapi_parse_token(s, len, &t, &e);
		oauth_token_clear(&t);
		break;
	}
	case 9: {
		struct device_authorization d = { 0 };
		ok = bankapi_parse_device_authorization(s, len, &d, &e);
		device_authorization_clear(&d);
		break;
	}
	case 10: {
		struct oauth_error o = { 0 };
		ok = bankapi_parse_oauth_error(s, len, &o, &e);
		oauth_error_clear(&o);
		break;
	}
	case 11: {
		struct institution inst = { 0 };
		ok = bankapi_parse_institution(s, len, &inst, &e);
		institution_clear(&inst);
		break;
	}
	case 12: {
		struct transfer_limits lim;
		ok = bankapi_parse_transfer_limits(s, len, &lim, &e);
		break;
	}
	case 13: {
		struct bnpl_payment p = { 0 };
		ok = bankapi_parse_plan_payment(s, len, &p, &e);
		bnpl_payment_clear(&p);
		break;
	}
	case 14: {
		struct contact c = { 0 };
		ok = bankapi_parse_contact(s, len, &c, &e);
		contact_clear(&c);
		break;
	}
	case 15: {
		struct account a = { 0 };
		ok = bankapi_parse_account(s, len, &a, &e);
		if (ok && strcmp(a.balance.currency, a.currency) != 0)
			abort();
		account_clear(&a);
		break;
	}
	case 16: {
		struct payment p = { 0 };
		ok = bankapi_parse_payment(s, len, &p, &e);
		if (ok)
			check_money(p.amount);
		payment_clear(&p);
		break;
	}
	default: {
		struct transfer t = { 0 };
		ok = bankapi_parse_transfer(s, len, &t, &e);
		if (ok)
			check_money(t.amount);
		transfer_clear(&t);
		break;
	}
	}
	check(ok, &e);
	return 0;
}

/* money.h — placeholder until the module lands. */
#ifndef BANKTERM_MONEY_H
#define BANKTERM_MONEY_H
#endif

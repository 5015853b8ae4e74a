/* date.h — placeholder until the module lands. */
#ifndef BANKTERM_DATE_H
#define BANKTERM_DATE_H
#endif

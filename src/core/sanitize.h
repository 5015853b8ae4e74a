/* sanitize.h — placeholder until the module lands. */
#ifndef BANKTERM_SANITIZE_H
#define BANKTERM_SANITIZE_H
#endif

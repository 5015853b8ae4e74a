/* config.h — placeholder until the module lands. */
#ifndef BANKTERM_CONFIG_H
#define BANKTERM_CONFIG_H
#endif

/* money.c — placeholder until the module lands. */
#include "money.h"

/* date.c — placeholder until the module lands. */
#include "date.h"

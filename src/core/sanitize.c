/* sanitize.c — placeholder until the module lands. */
#include "sanitize.h"

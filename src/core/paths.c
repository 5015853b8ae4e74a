/* paths.c — XDG base directories for bankterm's files (see paths.h). */
#include "paths.h"

#include <stdlib.h>

#include "xmalloc.h"

/* $VAR/bankterm[/leaf], or $HOME/fallback/bankterm[/leaf]. */
static char *paths_xdg(const char *var, const char *fallback, const char *leaf, struct err *e)
{
	const char *base = getenv(var);
	const char *sep = leaf != NULL ? "/" : "";
	leaf = leaf != NULL ? leaf : "";
	if (base != NULL && base[0] == '/')
		return xasprintf("%s/bankterm%s%s", base, sep, leaf);
	const char *home = getenv("HOME");
	if (home == NULL || home[0] != '/') {
		err_set(e, ERR_CONFIG,
			"cannot tell where to keep files: neither $%s nor $HOME is an absolute path; "
			"set HOME",
			var);
		return NULL;
	}
	return xasprintf("%s/%s/bankterm%s%s", home, fallback, sep, leaf);
}

char *paths_config_dir(struct err *e)
{
	return paths_xdg("XDG_CONFIG_HOME", ".config", NULL, e);
}

char *paths_config_file(struct err *e)
{
	return paths_xdg("XDG_CONFIG_HOME", ".config", "config", e);
}

char *paths_data_dir(struct err *e)
{
	return paths_xdg("XDG_DATA_HOME", ".local/share", NULL, e);
}

char *paths_vault_file(struct err *e)
{
	return paths_xdg("XDG_DATA_HOME", ".local/share", "vault", e);
}

char *paths_cache_dir(struct err *e)
{
	return paths_xdg("XDG_CACHE_HOME", ".cache", NULL, e);
}

char *paths_cache_file(struct err *e)
{
	return paths_xdg("XDG_CACHE_HOME", ".cache", "cache", e);
}

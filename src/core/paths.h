/* paths.h — where bankterm keeps its files (XDG Base Directory spec).
 *
 *   config  $XDG_CONFIG_HOME/bankterm/config   (default ~/.config/bankterm/config)
 *   data    $XDG_DATA_HOME/bankterm/           (default ~/.local/share/bankterm/; the vault)
 *   cache   $XDG_CACHE_HOME/bankterm/          (default ~/.cache/bankterm/; the offline cache)
 *
 * An XDG variable that is empty or not absolute is ignored, as the spec says.
 * Every function returns a malloc'd string the caller frees, or NULL with e
 * filled when neither the variable nor $HOME gives an absolute path. */
#ifndef BANKTERM_PATHS_H
#define BANKTERM_PATHS_H

#include "err.h"

char *paths_config_dir(struct err *e);
char *paths_config_file(struct err *e);
char *paths_data_dir(struct err *e);
char *paths_vault_file(struct err *e);
char *paths_cache_dir(struct err *e);
char *paths_cache_file(struct err *e);

#endif

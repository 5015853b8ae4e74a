/* cmd-completion.c — `bankterm completion bash|zsh`: a shell completion
 * script generated from the command table, so a new command completes
 * without anyone editing a script.  Each entry's usage line is read for its
 * options (--json|--csv), the values an option takes (--format
 * ledger|hledger), literal subwords (vault init|passwd|info) and metavars:
 * NAME right after the command is an existing connection, ACCOUNT an
 * account id, COMMAND a command, FILE and PATH a file.
 *
 * Connections and accounts come from `bankterm completion --names
 * connections|accounts`, which never prompts: connection names from the
 * config file, plus those in the vault and the account ids of the offline
 * cache only when the vault key is cached in the kernel keyring
 * (keyring.h).  Otherwise it prints what it can and stays silent.  The
 * --names output is server text on a command line, so only ids made of
 * [A-Za-z0-9._:@-] are printed. */
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "cmd.h"
#include "config.h"
#include "paths.h"
#include "store.h"
#include "sync/sync.h"
#include "vault/keyring.h"
#include "vault/secmem.h"
#include "vault/vault.h"
#include "xmalloc.h"

#define CMD_COMPLETION_ID_MAX 64

/* What one command's usage line says can follow it.  Lists are
 * space-separated words. */
struct cmd_completion_spec {
	struct buf options;  /* "--json --csv" */
	struct buf words;    /* "init passwd info" */
	struct buf values;   /* shell case arms: "--format) w='ledger hledger';;" */
	const char *dynamic; /* "connections", "accounts", "commands", or NULL */
};

static const char *cmd_completion_str(const struct buf *b)
{
	return b->data != NULL ? b->data : "";
}

static bool cmd_completion_is_lower(const char *s, size_t n)
{
	if (n == 0)
		return false;
	for (size_t i = 0; i < n; i++) {
		if ((s[i] < 'a' || s[i] > 'z') && (s[i] < '0' || s[i] > '9') && s[i] != '|' &&
		    s[i] != '-')
			return false;
	}
	return s[0] != '-' && s[0] != '|';
}

/* "ledger|hledger" -> "ledger hledger" appended to b. */
static void cmd_completion_alts(struct buf *b, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '|')
			buf_append_char(b, ' ');
		else
			buf_append_char(b, s[i]);
	}
}

static void cmd_completion_word(struct buf *b, const char *s, size_t n)
{
	if (b->len > 0)
		buf_append_char(b, ' ');
	cmd_completion_alts(b, s, n);
}

/* Reads entry's usage into spec (see the top of the file). */
static void cmd_completion_parse(const struct cmd_entry *entry, struct cmd_completion_spec *spec)
{
	memset(spec, 0, sizeof(*spec));
	const char *u = entry->usage;
	const char *prev_opt = NULL; /* the option the token just read belongs to */
	size_t prev_opt_len = 0;
	bool after_name = false;
	while (*u != '\0') {
		size_t n = strcspn(u, " ");
		const char *raw = u, *t = u;
		size_t tn = n;
		u += n + (u[n] == ' ');
		while (tn > 0 && (*t == '[' || *t == '|')) {
			t++;
			tn--;
		}
		while (tn > 0 && (t[tn - 1] == ']' || t[tn - 1] == '.'))
			tn--;
		bool was_name = after_name;
		after_name = tn == strlen(entry->name) && strncmp(t, entry->name, tn) == 0;
		if (tn == 0 || after_name)
			continue;
		if (prev_opt != NULL) {
			/* The value of the option before: a list or a metavar. */
			bool lower = cmd_completion_is_lower(t, tn);
			bool file =
			    (tn == 4 && (strncmp(t, "FILE", 4) == 0 || strncmp(t, "PATH", 4) == 0));
			if (lower || file) {
				buf_printf(&spec->values, "\t\t%.*s) w='", (int)prev_opt_len,
				           prev_opt);
				if (file)
					buf_append_str(&spec->values, "@files");
				else
					cmd_completion_alts(&spec->values, t, tn);
				buf_append_str(&spec->values, "' ;;\n");
			} else {
				buf_printf(&spec->values, "\t\t%.*s) w='' ;;\n", (int)prev_opt_len,
				           prev_opt);
			}
			prev_opt = NULL;
			continue;
		}
		if (t[0] == '-') {
			/* "[--json|--csv]" are two switches, "[--force]" one; "[--since"
			 * takes the next token as its value. */
			cmd_completion_word(&spec->options, t, tn);
			if (memchr(t, '|', tn) == NULL && memchr(raw, ']', n) == NULL) {
				prev_opt = t;
				prev_opt_len = tn;
			}
			continue;
		}
		if (cmd_completion_is_lower(t, tn))
			cmd_completion_word(&spec->words, t, tn);
		else if (tn == 4 && strncmp(t, "NAME", 4) == 0 && was_name)
			spec->dynamic = "connections";
		else if (tn == 7 && strncmp(t, "ACCOUNT", 7) == 0)
			spec->dynamic = "accounts";
		else if (tn == 7 && strncmp(t, "COMMAND", 7) == 0)
			spec->dynamic = "commands";
	}
}

static void cmd_completion_spec_free(struct cmd_completion_spec *spec)
{
	buf_free(&spec->options);
	buf_free(&spec->words);
	buf_free(&spec->values);
}

/* The part both shells share: _bankterm_words CMD PREV sets w to the words
 * that may come next, or to @files, @connections, @accounts. */
static void cmd_completion_words_fn(FILE *out)
{
	fputs("_bankterm_words() {\n\tw=''\n\tcase $1 in\n", out);
	for (size_t i = 0; cmd_table[i] != NULL; i++) {
		struct cmd_completion_spec spec;
		cmd_completion_parse(cmd_table[i], &spec);
		fprintf(out, "\t%s)\n\t\tcase $2 in\n%s", cmd_table[i]->name,
		        cmd_completion_str(&spec.values));
		if (spec.options.len > 0)
			cmd_completion_word(&spec.words, spec.options.data, spec.options.len);
		if (spec.dynamic != NULL)
			buf_printf(&spec.words, "%s@%s", spec.words.len > 0 ? " " : "",
			           spec.dynamic);
		fprintf(out, "\t\t*) w='%s' ;;\n\t\tesac ;;\n", cmd_completion_str(&spec.words));
		cmd_completion_spec_free(&spec);
	}
	fputs("\tesac\n}\n", out);
}

static void cmd_completion_commands(struct buf *b)
{
	for (size_t i = 0; cmd_table[i] != NULL; i++) {
		if (i > 0)
			buf_append_char(b, ' ');
		buf_append_str(b, cmd_table[i]->name);
	}
}

static void cmd_completion_bash(FILE *out)
{
	struct buf cmds = BUF_INIT;
	cmd_completion_commands(&cmds);
	fputs("# bash completion for bankterm, generated by `bankterm completion bash`.\n", out);
	cmd_completion_words_fn(out);
	fprintf(out,
	        "_bankterm() {\n"
	        "\tlocal cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD-1]}\n"
	        "\tlocal cmd='' cfg=() i w x out=()\n"
	        "\tfor ((i = 1; i < COMP_CWORD; i++)); do\n"
	        "\t\tcase ${COMP_WORDS[i]} in\n"
	        "\t\t--config) cfg=(--config \"${COMP_WORDS[i+1]}\"); ((i++)) ;;\n"
	        "\t\t--debug-log) ((i++)) ;;\n"
	        "\t\t-*) ;;\n"
	        "\t\t*) cmd=${COMP_WORDS[i]}; break ;;\n"
	        "\t\tesac\n"
	        "\tdone\n"
	        "\tif [[ -z $cmd ]]; then\n"
	        "\t\tcase $prev in\n"
	        "\t\t--config|--debug-log) COMPREPLY=($(compgen -f -- \"$cur\")); return ;;\n"
	        "\t\tesac\n"
	        "\t\tCOMPREPLY=($(compgen -W '%s --help --version --config --debug-log --demo' "
	        "-- \"$cur\"))\n"
	        "\t\treturn\n"
	        "\tfi\n"
	        "\t_bankterm_words \"$cmd\" \"$prev\"\n"
	        "\tfor x in $w; do\n"
	        "\t\tcase $x in\n"
	        "\t\t@files) COMPREPLY+=($(compgen -f -- \"$cur\")) ;;\n"
	        "\t\t@commands) out+=(%s) ;;\n"
	        "\t\t@*) out+=($(bankterm \"${cfg[@]}\" completion --names \"${x#@}\" "
	        "2>/dev/null)) ;;\n"
	        "\t\t*) out+=(\"$x\") ;;\n"
	        "\t\tesac\n"
	        "\tdone\n"
	        "\tCOMPREPLY+=($(compgen -W \"${out[*]}\" -- \"$cur\"))\n"
	        "}\n"
	        "complete -F _bankterm bankterm\n",
	        cmd_completion_str(&cmds), cmd_completion_str(&cmds));
	buf_free(&cmds);
}

/* zsh: the commands with their summaries (quoted for '...'), then the
 * same words function. */
static void cmd_completion_zsh(FILE *out)
{
	fputs("#compdef bankterm\n"
	      "# zsh completion for bankterm, generated by `bankterm completion zsh`.\n",
	      out);
	cmd_completion_words_fn(out);
	fputs("_bankterm() {\n\tlocal -a cmds out\n\tcmds=(\n", out);
	for (size_t i = 0; cmd_table[i] != NULL; i++) {
		fprintf(out, "\t\t'%s:", cmd_table[i]->name);
		for (const char *s = cmd_table[i]->summary; *s != '\0'; s++) {
			if (*s == '\'')
				fputs("'\\''", out);
			else if (*s == ':')
				fputs("\\:", out);
			else
				fputc(*s, out);
		}
		fputs("'\n", out);
	}
	fputs("\t)\n"
	      "\tlocal cmd='' i w x\n"
	      "\tlocal -a cfg\n"
	      "\tfor ((i = 2; i < CURRENT; i++)); do\n"
	      "\t\tcase ${words[i]} in\n"
	      "\t\t--config) cfg=(--config \"${words[i+1]}\"); ((i++)) ;;\n"
	      "\t\t--debug-log) ((i++)) ;;\n"
	      "\t\t-*) ;;\n"
	      "\t\t*) cmd=${words[i]}; break ;;\n"
	      "\t\tesac\n"
	      "\tdone\n"
	      "\tlocal prev=${words[CURRENT-1]}\n"
	      "\tif [[ -z $cmd ]]; then\n"
	      "\t\tcase $prev in\n"
	      "\t\t--config|--debug-log) _files; return ;;\n"
	      "\t\tesac\n"
	      "\t\tif [[ ${words[CURRENT]} == -* ]]; then\n"
	      "\t\t\tcompadd -- --help --version --config --debug-log --demo\n"
	      "\t\telse\n"
	      "\t\t\t_describe command cmds\n"
	      "\t\tfi\n"
	      "\t\treturn\n"
	      "\tfi\n"
	      "\t_bankterm_words \"$cmd\" \"$prev\"\n"
	      "\tfor x in ${=w}; do\n"
	      "\t\tcase $x in\n"
	      "\t\t@files) _files ;;\n"
	      "\t\t@commands) out+=(${cmds%%:*}) ;;\n"
	      "\t\t@*) out+=(${(f)\"$(bankterm \"${cfg[@]}\" completion --names ${x#@} "
	      "2>/dev/null)\"}) ;;\n"
	      "\t\t*) out+=($x) ;;\n"
	      "\t\tesac\n"
	      "\tdone\n"
	      "\t(( ${#out} )) && compadd -- $out\n"
	      "}\n"
	      "if [[ $zsh_eval_context[-1] == loadautofunc ]]; then\n"
	      "\t_bankterm \"$@\"\n"
	      "else\n"
	      "\tcompdef _bankterm bankterm\n"
	      "fi\n",
	      out);
}

static bool cmd_completion_safe_id(const char *s)
{
	size_t n = strlen(s);
	if (n == 0 || n > CMD_COMPLETION_ID_MAX || s[0] == '-')
		return false;
	return strspn(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._:@-") ==
	       n;
}

/* The vault opened with the cached key only: never a prompt. */
static struct vault *cmd_completion_vault(void)
{
	char *path = paths_vault_file(NULL);
	if (path == NULL)
		return NULL;
	struct vault *v = NULL;
	unsigned char *key = keyring_fetch(path, NULL);
	if (key != NULL && !vault_open_key(path, key, &v, NULL))
		v = NULL;
	secmem_release(key);
	free(path);
	return v;
}

static void cmd_completion_names(const struct cmd_ctx *ctx, const char *kind)
{
	bool accounts = strcmp(kind, "accounts") == 0;
	struct config *cfg = accounts ? NULL : config_load(ctx->config_path, NULL, NULL);
	for (size_t i = 0; cfg != NULL && i < cfg->n_connections; i++)
		puts(cfg->connections[i].name); /* the config parser allows [A-Za-z0-9_-] only */
	config_free(&cfg);
	struct vault *v = cmd_completion_vault();
	if (v == NULL)
		return;
	if (!accounts) {
		size_t n = 0;
		char **names = sync_connection_names(v, &n);
		for (size_t i = 0; i < n; i++) {
			if (cmd_completion_safe_id(names[i]))
				puts(names[i]);
			free(names[i]);
		}
		free(names);
	} else {
		char *cache = paths_cache_file(NULL);
		struct store *st = store_new();
		if (cache != NULL && sync_cache_load(st, v, cache, NULL)) {
			for (size_t c = 0; c < st->n_conns; c++) {
				for (size_t a = 0; a < st->conns[c].n_accounts; a++) {
					const char *id = st->conns[c].accounts[a].account.id;
					if (id != NULL && cmd_completion_safe_id(id))
						puts(id);
				}
			}
		}
		store_free(&st);
		free(cache);
	}
	vault_free(&v);
}

static int cmd_completion_exec(const struct cmd_ctx *ctx, int argc, char **argv)
{
	if (argc == 2 && cmd_is_help(argv[1])) {
		printf("usage: bankterm %s\n\n%s", cmd_completion_entry.usage,
		       cmd_completion_entry.help);
		return EXIT_OK;
	}
	if (argc == 3 && strcmp(argv[1], "--names") == 0) {
		if (strcmp(argv[2], "connections") != 0 && strcmp(argv[2], "accounts") != 0)
			return cmd_usage_error(&cmd_completion_entry,
			                       "--names takes connections or accounts");
		cmd_completion_names(ctx, argv[2]);
		return EXIT_OK;
	}
	if (argc != 2)
		return cmd_usage_error(&cmd_completion_entry, "name a shell: bash or zsh");
	if (strcmp(argv[1], "bash") == 0)
		cmd_completion_bash(stdout);
	else if (strcmp(argv[1], "zsh") == 0)
		cmd_completion_zsh(stdout);
	else
		return cmd_usage_error(&cmd_completion_entry, "no completion for %s; bash or zsh",
		                       argv[1]);
	return fflush(stdout) == 0 ? EXIT_OK : EXIT_FAIL;
}

const struct cmd_entry cmd_completion_entry = {
    .name = "completion",
    .usage = "completion bash|zsh",
    .summary = "Print a shell completion script (installed by meson).",
    .help = "Writes a completion script for bash or zsh to standard output, e.g.\n"
            "  bankterm completion bash > ~/.local/share/bash-completion/completions/bankterm\n"
            "Connection names and account ids are completed too; account ids (and the\n"
            "connections only in the vault) only while the vault key is cached in the kernel\n"
            "keyring (key_cache in bankterm-config(5)): completion never asks for the\n"
            "passphrase.\n",
    .exec = cmd_completion_exec,
};

/* cmd-vault.c — `bankterm vault init|passwd|info`: create the credentials
 * vault, change its passphrase, show what it is made of (never a secret).
 * Passphrases come from /dev/tty with echo off or from --passphrase-fd N,
 * never from argv or the environment. */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>

#include "cmd.h"
#include "paths.h"
#include "vault/passphrase.h"
#include "vault/vault.h"

struct cmd_vault_opts {
	const char *path;  /* --vault PATH, else the XDG default */
	int fd;            /* --passphrase-fd N, or -1 for the terminal */
	enum vault_kdf kdf;
	bool kdf_given;
};

/* Prints the error and maps it to the exit code bankterm(1) documents. */
static int cmd_vault_fail(const struct err *e)
{
	fprintf(stderr, "bankterm: %s\n", e->msg);
	if (e->code == ERR_NOT_FOUND)
		fputs("bankterm: run 'bankterm vault init' to create a vault\n", stderr);
	return e->code == ERR_AUTH || e->code == ERR_CORRUPT ? EXIT_AUTH : EXIT_FAIL;
}

static struct passphrase *cmd_vault_ask(const struct cmd_vault_opts *o, const char *prompt,
					struct err *e)
{
	return o->fd >= 0 ? passphrase_read_fd(o->fd, e) : passphrase_read_tty(prompt, e);
}

/* A new passphrase: once from the descriptor, twice (matching) from the
 * terminal; never empty; a warning when it is short. */
static struct passphrase *cmd_vault_new_pass(const struct cmd_vault_opts *o, struct err *e)
{
	struct passphrase *p = cmd_vault_ask(o, "New passphrase: ", e);
	if (p == NULL)
		return NULL;
	if (p->len == 0) {
		passphrase_free(&p);
		err_set(e, ERR_INVALID, "the passphrase is empty; nothing was changed");
		return NULL;
	}
	if (o->fd < 0) {
		struct passphrase *again = cmd_vault_ask(o, "Repeat the passphrase: ", e);
		bool same = again != NULL && passphrase_equal(p, again);
		passphrase_free(&again);
		if (!same) {
			passphrase_free(&p);
			if (e == NULL || e->code == ERR_OK || e->code == ERR_INVALID)
				err_set(e, ERR_INVALID,
					"the two passphrases differ; nothing was changed");
			return NULL;
		}
	}
	if (p->len < PASSPHRASE_SHORT)
		fprintf(stderr,
			"bankterm: warning: the passphrase is short (%zu characters); anyone who "
			"copies the vault file can try to guess it - %d or more is better\n",
			p->len, PASSPHRASE_SHORT);
	return p;
}

static int cmd_vault_init(const struct cmd_vault_opts *o)
{
	struct err e = ERR_INIT;
	struct passphrase *p = cmd_vault_new_pass(o, &e);
	if (p == NULL)
		return cmd_vault_fail(&e);
	struct vault *v = NULL;
	enum vault_kdf kdf = o->kdf_given ? o->kdf : VAULT_KDF_MODERATE;
	bool ok = vault_create(o->path, p->data, p->len, kdf, &v, &e);
	passphrase_free(&p);
	if (!ok)
		return cmd_vault_fail(&e);
	struct vault_info info;
	vault_get_info(v, &info);
	printf("created the vault %s (Argon2id, opslimit %llu, memlimit %llu MiB)\n",
	       o->path, (unsigned long long)info.opslimit,
	       (unsigned long long)(info.memlimit >> 20));
	vault_free(&v);
	return EXIT_OK;
}

static struct vault *cmd_vault_unlock(const struct cmd_vault_opts *o, struct err *e)
{
	struct vault_info info;
	if (!vault_peek(o->path, &info, e))
		return NULL;
	struct passphrase *p = cmd_vault_ask(o, "Passphrase: ", e);
	if (p == NULL)
		return NULL;
	struct vault *v = NULL;
	bool ok = vault_open(o->path, p->data, p->len, &v, e);
	passphrase_free(&p);
	return ok ? v : NULL;
}

static int cmd_vault_passwd(const struct cmd_vault_opts *o)
{
	struct err e = ERR_INIT;
	struct vault *v = cmd_vault_unlock(o, &e);
	if (v == NULL)
		return cmd_vault_fail(&e);
	struct passphrase *p = cmd_vault_new_pass(o, &e);
	bool ok = p != NULL &&
		  vault_passwd(v, p->data, p->len, o->kdf_given ? o->kdf : VAULT_KDF_KEEP, &e);
	passphrase_free(&p);
	vault_free(&v);
	if (!ok)
		return cmd_vault_fail(&e);
	printf("changed the passphrase of %s (the offline cache will be rebuilt)\n", o->path);
	return EXIT_OK;
}

static int cmd_vault_info(const struct cmd_vault_opts *o)
{
	struct err e = ERR_INIT;
	struct vault *v = cmd_vault_unlock(o, &e);
	if (v == NULL)
		return cmd_vault_fail(&e);
	struct vault_info info;
	vault_get_info(v, &info);
	vault_free(&v);
	struct stat st;
	unsigned mode = stat(o->path, &st) == 0 ? (unsigned)(st.st_mode & 07777) : 0;
	struct rlimit core = { 1, 1 };
	getrlimit(RLIMIT_CORE, &core);
	int dumpable = prctl(PR_GET_DUMPABLE, 0, 0, 0, 0);
	printf("vault:       %s\n"
	       "mode:        %04o\n"
	       "format:      version %u\n"
	       "kdf:         Argon2id (id %u), opslimit %llu, memlimit %llu MiB\n"
	       "connections: %zu\n"
	       "entries:     %zu\n"
	       "process:     dumpable %d, core limit %llu\n",
	       o->path, mode, info.version, info.kdf_id, (unsigned long long)info.opslimit,
	       (unsigned long long)(info.memlimit >> 20), info.connections, info.entries,
	       dumpable, (unsigned long long)core.rlim_cur);
	return EXIT_OK;
}

static int cmd_vault_exec(const struct cmd_ctx *ctx, int argc, char **argv)
{
	(void)ctx;
	if (argc < 2)
		return cmd_usage_error(&cmd_vault_entry, "vault needs init, passwd or info");
	const char *sub = argv[1];
	if (cmd_is_help(sub)) {
		printf("usage: bankterm %s\n\n%s\n", cmd_vault_entry.usage, cmd_vault_entry.help);
		return EXIT_OK;
	}
	static const struct option longopts[] = {
		{ "kdf", required_argument, NULL, 'k' },
		{ "passphrase-fd", required_argument, NULL, 'f' },
		{ "vault", required_argument, NULL, 'v' },
		{ NULL, 0, NULL, 0 },
	};
	struct cmd_vault_opts o = { .fd = -1, .kdf = VAULT_KDF_MODERATE };
	int c;
	char *end;
	optind = 0; /* glibc: start a fresh scan of a new argv */
	opterr = 0;
	while ((c = getopt_long(argc - 1, argv + 1, "+:", longopts, NULL)) != -1) {
		switch (c) {
		case 'k':
			if (!vault_kdf_parse(optarg, &o.kdf))
				return cmd_usage_error(&cmd_vault_entry,
						       "--kdf must be interactive, moderate or "
						       "sensitive, not '%s'",
						       optarg);
			o.kdf_given = true;
			break;
		case 'f': {
			long fd = strtol(optarg, &end, 10);
			if (*optarg == '\0' || *end != '\0' || fd < 0 || fd > 1 << 20)
				return cmd_usage_error(&cmd_vault_entry,
						       "--passphrase-fd needs a descriptor number, "
						       "not '%s'",
						       optarg);
			o.fd = (int)fd;
			break;
		}
		case 'v':
			o.path = optarg;
			break;
		case ':':
			return cmd_usage_error(&cmd_vault_entry, "option %s needs a value",
					       argv[optind]);
		default:
			return cmd_usage_error(&cmd_vault_entry, "unknown option: %s",
					       argv[optind]);
		}
	}
	if (optind + 1 != argc)
		return cmd_usage_error(&cmd_vault_entry, "unexpected argument: %s",
				       argv[optind + 1]);
	struct err e = ERR_INIT;
	char *def = NULL;
	if (o.path == NULL) {
		def = paths_vault_file(&e);
		if (def == NULL)
			return cmd_vault_fail(&e);
		o.path = def;
	}
	int rc;
	if (strcmp(sub, "init") == 0)
		rc = cmd_vault_init(&o);
	else if (strcmp(sub, "passwd") == 0)
		rc = cmd_vault_passwd(&o);
	else if (strcmp(sub, "info") == 0 && !o.kdf_given)
		rc = cmd_vault_info(&o);
	else if (strcmp(sub, "info") == 0)
		rc = cmd_usage_error(&cmd_vault_entry, "vault info takes no --kdf");
	else
		rc = cmd_usage_error(&cmd_vault_entry, "no such vault command: %s", sub);
	free(def);
	return rc;
}

const struct cmd_entry cmd_vault_entry = {
	.name = "vault",
	.usage = "vault init|passwd|info [--kdf interactive|moderate|sensitive] "
		 "[--passphrase-fd N] [--vault PATH]",
	.summary = "Create the encrypted vault, change its passphrase, or describe it.",
	.help = "  init     create the vault (asks for the passphrase twice)\n"
		"  passwd   change the passphrase (new salt, new nonce)\n"
		"  info     format version, KDF cost, number of connections, file mode\n"
		"\n"
		"  --kdf LEVEL         Argon2id cost for init/passwd: interactive, moderate\n"
		"                      (the default for init; passwd keeps the current one)\n"
		"                      or sensitive\n"
		"  --passphrase-fd N   read passphrases from descriptor N, one per line\n"
		"                      (passwd: the current one, then the new one)\n"
		"  --vault PATH        use PATH instead of $XDG_DATA_HOME/bankterm/vault\n"
		"\n"
		"A wrong passphrase or a damaged vault exits with status 3.\n"
		"See bankterm-vault(5) for the file format.\n",
	.exec = cmd_vault_exec,
};

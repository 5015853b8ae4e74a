# scripts/deps.sh — sourced by scripts/demo and scripts/test: makes sure the
# Debian packages bankterm builds and tests with are installed.  As root it
# installs what is missing; otherwise it prints the exact command and exits.

BANKTERM_PACKAGES="gcc meson ninja-build pkg-config libcmocka-dev libncurses-dev
libcurl4-openssl-dev libjansson-dev libsodium-dev libmicrohttpd-dev libsqlite3-dev
sqlite3 scdoc tmux curl openssl python3 python3-nacl valgrind
python3-yaml python3-jsonschema openapi-specification locales-all
hledger beancount libkeyutils-dev keyutils zsh jq procps"

deps_missing() {
	local p missing=""
	for p in $BANKTERM_PACKAGES; do
		dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' ||
			missing="$missing $p"
	done
	echo "$missing"
}

deps_ensure() {
	local missing
	missing=$(deps_missing)
	[ -z "$missing" ] && return 0
	if [ "$(id -u)" -eq 0 ]; then
		echo "Installing:$missing" >&2
		DEBIAN_FRONTEND=noninteractive apt-get install -y -q $missing >&2 ||
			{ apt-get update -q >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -q $missing >&2; } ||
			{ echo "error: could not install:$missing" >&2; exit 1; }
	else
		echo "bankterm needs these Debian packages; install them with:" >&2
		echo "  sudo apt-get install$missing" >&2
		exit 1
	fi
}

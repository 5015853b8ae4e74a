#!/bin/bash
# color.sh — with colour on (NO_COLOR unset) the overview shows the same text
# as the monochrome run, so no meaning depends on colour.
. "$(dirname "$0")/lib.sh" "$@"
start 100 30 NO_COLOR=
ready || { fail "demo did not start"; finish; }
expect_screen overview
"${T[@]}" capture-pane -e -p -t bt | grep -q $'\e\\[[0-9;]*3[0-9]' &&
	ok "colours are used" || fail "no colour escapes with NO_COLOR unset"
quit_and_check
finish

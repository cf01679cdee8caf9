#!/usr/bin/env bats
# The documentation cannot drift from the binary: the README's command
# reference is what `xrsh --command-reference` prints, the reference lists
# what `?` offers, every option `xrsh --help` names has an entry in the man
# page, the man page renders without warnings, and `make install` installs
# the binary and the man page.

load helpers
bats_require_minimum_version 1.5.0

MAN="$SRCDIR/doc/xrsh.1"

# ref_section TITLE: the rows of one section of the reference (the lines
# after its ~~~ underline up to the blank line that ends it)
ref_section() {
	"$XRSH" --command-reference | awk -v t="$1" '
		$0 == t { want = 1; next }
		want && /^~+$/ { inside = 1; want = 0; next }
		inside && $0 == "" { exit }
		inside { print }
		{ want = 0 }'
}

# first words of the syntax lines of a section ("[no] " dropped)
ref_first_words() {
	ref_section "$1" | sed -n 's/^  \(\[no\] \)\{0,1\}\([^ ][^ ]*\).*/\2/p' |
	    sort -u
}

@test "the README's command reference is up to date (make readme)" {
	"$XRSH" --command-reference >"$BATS_TEST_TMPDIR/ref"
	run sh "$SRCDIR/tests/docs/readme_section.sh" check "$SRCDIR/README" \
	    commands <"$BATS_TEST_TMPDIR/ref"
	assert_success
}

@test "the reference has every mode, known commands with their help, no hidden rows" {
	run --separate-stderr "$XRSH" --command-reference
	assert_success
	[ "$stderr" = "" ]
	ref=$output
	# every mode cmds/ declares has a heading (alone or shared)
	modes=$(grep -o '"config[a-z-]*"' "$SRCDIR/cmds/modes.c" | tr -d '"')
	[ -n "$modes" ]
	for m in exec $modes; do
		grep -qE "^([a-z-]+, )*$m(, [a-z-]+)*\$" <<<"$ref" ||
		    fail "no section for mode $m"
	done
	assert_line --index 0 --partial "One section per mode"
	assert_line '  show bgp [(ipv4 | ipv6) unicast] summary'
	assert_line '      Summary of BGP neighbor status'
	assert_line '  [no] route-policy <name:rpl-policy> [<params:rpl-params>...]'
	assert_line '  [no] neighbor-group <name:bgp-nbrgrp>'
	assert_line '  [no] use neighbor-group <name:bgp-nbrgrp>'
	assert_line --regexp '^  commit \[label <lname:word>\]'
	assert_line '      Commit the configuration changes to running'
	assert_line '  end-policy'
	assert_line '  include <regex:line>'
	assert_line --regexp '^  ip +A\.B\.C\.D or X:X::X:X$'
	# hidden rows (test hooks) are not documented
	refute_line --partial 'debug '
	refute_line --partial 'describe'
	# plain text for the README: 78 columns at most, no tabs
	run awk 'length > 78 || /\t/' <<<"$ref"
	assert_output ""
}

@test "the reference lists every command ? offers in exec and config mode" {
	run --separate-stderr xr -c 'describe '
	assert_success
	offered=$(awk '{ print $1 }' <<<"$output")
	[ -n "$offered" ]
	listed=$(ref_first_words exec)
	for kw in $offered; do
		grep -qxF "$kw" <<<"$listed" || fail "exec: '$kw' not listed"
	done
	run --separate-stderr xr -c 'describe show '
	assert_success
	for kw in $(awk '{ print $1 }' <<<"$output"); do
		ref_section exec | grep -q "^  show $kw" ||
		    fail "exec: 'show $kw' not listed"
	done
	run --separate-stderr xr -c configure -c 'describe '
	assert_success
	listed=$( (ref_first_words config;
	    ref_first_words 'every configuration mode') | sort -u)
	for kw in $(awk '{ print $1 }' <<<"$output"); do
		[ "$kw" = no ] && continue
		grep -qxF "$kw" <<<"$listed" || fail "config: '$kw' not listed"
	done
}

@test "--help mentions --demo and --command-reference and exits 0" {
	run --separate-stderr "$XRSH" --help
	assert_success
	[ "$stderr" = "" ]
	assert_output --partial -- "--demo "
	assert_output --partial "127.0.0.2-4"
	assert_output --partial -- "--command-reference"
	assert_output --partial "Exit status"
	assert_output --partial "running.cfg"
}

@test "every option --help names has an entry in the man page" {
	[ -f "$MAN" ]
	run "$XRSH" --help
	assert_success
	opts=$(grep -oE -- '(^|[ [])--?[a-z][a-z-]*' <<<"$output" |
	    sed 's/^[ [ ]*//; s/^-//; s/^-//' | sort -u)
	[ -n "$opts" ]
	grep -qx demo <<<"$opts"
	grep -qx f <<<"$opts"
	# ".It Fl \-demo" in the OPTIONS list; \- is how mdoc writes a dash
	items=$(sed -n 's/\\-/-/g; s/^\.It Fl -\{0,1\}\([a-z][a-z-]*\).*/\1/p' \
	    "$MAN")
	for o in $opts; do
		grep -qxF "$o" <<<"$items" || fail "man page: no .It entry for $o"
	done
}

@test "the man page has its sections and renders without warnings" {
	[ -f "$MAN" ]
	for s in NAME SYNOPSIS DESCRIPTION OPTIONS 'THE DEMO LAB' \
	    'BATCH MODE' ENVIRONMENT FILES SIGNALS 'EXIT STATUS' EXAMPLES \
	    'SEE ALSO'; do
		grep -qxF ".Sh $s" "$MAN" || fail "no section $s"
	done
	for w in XRSH_CONFIG XRSH_LOOPBACK_ONLY XDG_STATE_HOME running.cfg \
	    .commits/ 127.0.0.2; do
		grep -qF "$w" "$MAN" || fail "man page does not mention $w"
	done
	if command -v mandoc >/dev/null; then
		run mandoc -Tlint -Wwarning "$MAN"
		assert_success
		assert_output ""
	elif command -v groff >/dev/null; then
		run --separate-stderr groff -mandoc -Tutf8 -ww -z "$MAN"
		assert_success
		[ "$stderr" = "" ]
		run --separate-stderr groff -mandoc -Tascii -P-cbou "$MAN"
		assert_success
		assert_output --partial "xrsh --demo"
		assert_output --partial "EXIT STATUS"
	else
		skip "no man page renderer (mandoc, groff)"
	fi
}

@test "make install puts bin/xrsh and share/man/man1/xrsh.1 under DESTDIR" {
	[ -n "${BUILDDIR:-}" ] && [ -f "$BUILDDIR/Makefile" ] ||
	    skip "BUILDDIR is not a configured build directory"
	inst="$BATS_TEST_TMPDIR/inst"
	# not a sub-make of the `make check` that runs us: no jobserver
	run env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL \
	    make -s -C "$BUILDDIR" install DESTDIR="$inst"
	assert_success
	bin=$(find "$inst" -path '*/bin/xrsh' -type f)
	man=$(find "$inst" -path '*/share/man/man1/xrsh.1' -type f)
	[ -n "$bin" ] && [ -x "$bin" ]
	[ -n "$man" ]
	cmp "$man" "$MAN"
	run "$bin" --version
	assert_success
	assert_output --regexp '^xrsh [0-9]+\.[0-9]+\.[0-9]+$'
}

#!/usr/bin/env bats
# xrsh as a service: SIGHUP makes a --foreground router commit its saved
# configuration file again (all or nothing, errors logged as FILE:LINE),
# the systemd unit is valid, and `make install` puts it in place.

load helpers

setup() {
	CFG="$BATS_TEST_TMPDIR/running.cfg"
	OUT="$BATS_TEST_TMPDIR/fg.out"
	FG_PID=
}

teardown() {
	stop_pid "$FG_PID"
}

# start_router: an offline --foreground router on $CFG, its log in $OUT,
# with a private control socket (never the machine's /run/xrsh one) when
# this xrsh has one.  The start line comes after the signal handlers are
# in place.
start_router() {
	local sock=()
	if "$XRSH" --help | grep -q -- '--socket'; then
		sock=(--socket "$BATS_TEST_TMPDIR/xrsh.sock")
	fi
	"$XRSH" --config "$CFG" --offline --foreground "${sock[@]}" \
	    >"$OUT" 2>&1 &
	FG_PID=$!
	wait_in "$OUT" 'running in the foreground'
}

# hup_and_wait STRING: SIGHUP, then until the log holds STRING N+1 times
# where it held it N times before (so an earlier reload's line is not
# taken for this one's).
hup_and_wait() {
	local before i
	before=$(grep -cF -- "$1" "$OUT" || true)
	kill -HUP "$FG_PID"
	for i in $(seq 1 200); do
		[ "$(grep -cF -- "$1" "$OUT" || true)" -gt "$before" ] && return 0
		sleep 0.1
	done
	echo "never logged after SIGHUP: $1"
	cat "$OUT"
	return 1
}

# show CMD: a read-only look at the saved file and its history
show() {
	"$XRSH" --config "$CFG" --offline -c "$1"
}

@test "SIGHUP commits the edited file: logged, recorded, running changed" {
	printf 'hostname one\n' >"$CFG"
	start_router
	printf 'hostname two\nrouter bgp 65001\n bgp router-id 10.0.0.1\n' \
	    >"$CFG"
	hup_and_wait 'DB_COMMIT'
	run grep -F 'DB_COMMIT' "$OUT"
	assert_output --regexp "config\[65740\]: %MGBL-CONFIG-6-DB_COMMIT : Configuration committed by user '[^']+' \(SIGHUP: reload of "
	assert_output --partial "$CFG). Use 'show configuration commit changes 1000000001' to view the changes."
	kill -0 "$FG_PID"
	# in the history as a commit like any other, saved canonically
	[ -f "$CFG.commits/1000000001.commit" ]
	grep -qx 'client Reload' "$CFG.commits/1000000001.commit"
	grep -qx 'line SIGHUP' "$CFG.commits/1000000001.commit"
	run show 'show running-config hostname'
	assert_output 'hostname two'
	run show 'show configuration commit list'
	assert_output --partial 'SIGHUP'
	assert_output --partial 'Reload'
	# the same file again: nothing to commit, and that is logged
	hup_and_wait '%MGBL-CONFIG-6-RELOAD : '
	run grep -F 'RELOAD : ' "$OUT"
	assert_output --partial "Reload of $CFG: the file matches the running configuration; nothing to commit"
	[ ! -e "$CFG.commits/1000000002.commit" ]
}

@test "SIGHUP with a broken file: FILE:LINE logged, nothing applied" {
	printf 'hostname one\n' >"$CFG"
	start_router
	# a line that does not parse
	printf 'hostname two\nrouter bgp 1\n bogus line\n' >"$CFG"
	hup_and_wait '%MGBL-CONFIG-3-RELOAD : '
	run grep -F -- '-3-RELOAD' "$OUT"
	assert_output --partial "%MGBL-CONFIG-3-RELOAD : Reload failed: $CFG:3: "
	assert_output --partial "No changes have been made"
	# an item that fails verification: the summary, then FILE:LINE
	printf 'hostname three\nrouter bgp 1\n neighbor 10.0.0.1\n  description x\n' \
	    >"$CFG"
	hup_and_wait "$CFG:3: % "
	run grep -F -- '-3-RELOAD' "$OUT"
	assert_output --partial "Reload of $CFG failed verification. No changes have been made"
	assert_output --partial "%MGBL-CONFIG-3-RELOAD : $CFG:3: % "
	assert_output --partial 'Remote AS must be configured'
	# a missing file is not an empty configuration
	rm -f "$CFG"
	hup_and_wait 'No such file or directory'
	run grep -c DB_COMMIT "$OUT"
	assert_output 0
	kill -0 "$FG_PID"
	# the next good reload changes the original running configuration:
	# neither broken file left anything behind
	printf 'hostname four\n' >"$CFG"
	hup_and_wait 'DB_COMMIT'
	[ -f "$CFG.commits/1000000001.commit" ]
	[ ! -e "$CFG.commits/1000000002.commit" ]
	run cat "$CFG.commits/1000000001.before"
	assert_output --partial 'hostname one'
	refute_output --partial 'router bgp'
	run show 'show running-config'
	assert_output --partial 'hostname four'
	refute_output --partial 'router bgp'
}

@test "the systemd unit passes systemd-analyze verify" {
	command -v systemd-analyze >/dev/null || skip "no systemd-analyze"
	unit="$SRCDIR/dist/systemd/xrsh.service.in"
	grep -qx 'Type=notify' "$unit"
	grep -qx 'ExecStart=@bindir@/xrsh --foreground' "$unit"
	grep -qx 'ExecReload=/bin/kill -HUP $MAINPID' "$unit"
	grep -qx 'RuntimeDirectory=xrsh' "$unit"
	grep -qx 'RuntimeDirectoryMode=0750' "$unit"
	run grep -c -- '--demo' "$unit"
	assert_output 0
	# as make writes it, but on the binary under test (verify wants an
	# executable)
	mkdir "$BATS_TEST_TMPDIR/u"
	sed "s|@bindir@/xrsh|$XRSH|" "$unit" >"$BATS_TEST_TMPDIR/u/xrsh.service"
	# Documentation=man:xrsh(1) is checked against the page in the tree
	mkdir -p "$BATS_TEST_TMPDIR/man/man1"
	cp "$SRCDIR/doc/xrsh.1" "$BATS_TEST_TMPDIR/man/man1/"
	if command -v man >/dev/null; then
		run env MANPATH="$BATS_TEST_TMPDIR/man" systemd-analyze verify \
		    "$BATS_TEST_TMPDIR/u/xrsh.service"
	else
		run systemd-analyze verify --man=no \
		    "$BATS_TEST_TMPDIR/u/xrsh.service"
	fi
	assert_success
	refute_output --partial 'xrsh.service'
}

@test "make install puts the unit, the binary and the config directory under DESTDIR" {
	[ -n "${BUILDDIR:-}" ] && [ -f "$BUILDDIR/Makefile" ] ||
	    skip "BUILDDIR is not a configured build directory"
	inst="$BATS_TEST_TMPDIR/inst"
	# not a sub-make of the `make check` that runs us: no jobserver
	run env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL \
	    make -s -C "$BUILDDIR" install DESTDIR="$inst"
	assert_success
	bin=$(find "$inst" -path '*/bin/xrsh' -type f)
	unit=$(find "$inst" -path '*/systemd/system/xrsh.service' -type f)
	etc=$(find "$inst" -path '*/etc/xrsh' -type d)
	[ -n "$bin" ]
	[ -x "$bin" ]
	[ -n "$unit" ]
	# the unit runs the installed binary, by its path without DESTDIR
	grep -qx "ExecStart=${bin#"$inst"} --foreground" "$unit"
	run grep -c '@' "$unit"
	assert_output 0
	# an empty configuration directory: nothing that could overwrite
	# a router's configuration
	[ -n "$etc" ]
	[ -z "$(ls -A "$etc")" ]
	[ "$(stat -c %a "$etc")" = 750 ]
	run env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL \
	    make -s -C "$BUILDDIR" uninstall DESTDIR="$inst"
	assert_success
	[ ! -e "$unit" ]
	[ ! -e "$bin" ]
	[ ! -e "$etc" ]
}

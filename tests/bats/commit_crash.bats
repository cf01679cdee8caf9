#!/usr/bin/env bats
# A `commit confirmed` trial does not outlive the process (as on XR, where
# an unconfirmed trial does not survive a reload): xrsh is killed with
# SIGKILL while a trial is pending, and the next start with the same
# --config rolls it back before anything uses the configuration, says so
# in the log and on stderr, and records the rollback in the commit list.
# A trial confirmed before the kill stays.

bats_require_minimum_version 1.5.0
load helpers

setup() {
	setup_xrsh_env
	CFG="$BATS_TEST_TMPDIR/running.cfg"
	MARKER="$CFG.commits/pending-confirm"
	BG_PID=
}

teardown() {
	if [ -n "$BG_PID" ] && kill -0 "$BG_PID" 2>/dev/null; then
		kill -KILL "$BG_PID" 2>/dev/null || true
		wait "$BG_PID" 2>/dev/null || true
	fi
}

# bg_xr ARGS...: xrsh in the background on the test's config (offline,
# run directly so that $! is xrsh itself); the script ends in a long
# `debug sleep` so it is still running when killed.
bg_xr() {
	"$XRSH" --config "$CFG" --offline "$@" >"$BATS_TEST_TMPDIR/bg.out" \
	    2>"$BATS_TEST_TMPDIR/bg.err" &
	BG_PID=$!
}

# kill_bg: SIGKILL, as a crash or a power cut would.
kill_bg() {
	kill -KILL "$BG_PID"
	wait "$BG_PID" 2>/dev/null || true
	BG_PID=
}

# wait_gone FILE: until FILE does not exist (20 s at most).
wait_gone() {
	local i
	for i in $(seq 1 200); do
		[ -e "$1" ] || return 0
		sleep 0.1
	done
	echo "still there: $1"
	return 1
}

@test "an unconfirmed trial is rolled back at the next start after kill -9" {
	xr -c configure -c 'hostname before' -c commit -c end
	bg_xr -c configure -c 'hostname trial' -c 'commit confirmed 300' \
	    -c 'do debug sleep 60'
	wait_in "$CFG" 'hostname trial'
	[ -e "$MARKER" ]
	kill_bg
	[ "$(cat "$CFG")" = "hostname trial" ]	# what the crash left
	run --separate-stderr xr -c 'show running-config hostname' \
	    -c 'show configuration commit list' \
	    -c 'show configuration commit changes last 1' -c 'show logging'
	assert_success
	[[ "$stderr" == *"%MGBL-CONFIG-4-TRIAL_ROLLBACK : Rolled back the unconfirmed commit ID 1000000002 (the process stopped before it was confirmed). Use 'show configuration commit changes 1000000003' to view the changes."* ]]
	assert_line --index 0 'hostname before'
	assert_line --index 3 --regexp '^1    1000000003  .* Rollback    '
	assert_line --index 4 --regexp '^2    1000000002  .* CLI         '
	assert_line --index 5 --regexp '^3    1000000001  .* CLI         '
	assert_line 'hostname before'
	assert_line --partial 'TRIAL_ROLLBACK : Rolled back the unconfirmed commit ID 1000000002'
	# saved: the file, no marker, and the next start says nothing
	[ "$(cat "$CFG")" = "hostname before" ]
	[ ! -e "$MARKER" ]
	run --separate-stderr xr -c 'show running-config hostname' \
	    -c 'show configuration commit list 1'
	assert_success
	[ "$stderr" = "" ]
	assert_line --index 0 'hostname before'
	assert_line --index 3 --regexp '^1    1000000003  .* Rollback    '
}

@test "a re-armed trial goes back to the configuration before the first trial commit" {
	xr -c configure -c 'hostname before' -c commit -c end
	bg_xr -c configure -c 'hostname t1' -c 'commit confirmed 300' \
	    -c 'hostname t2' -c 'commit confirmed minutes 5' \
	    -c 'do debug sleep 60'
	wait_in "$CFG" 'hostname t2'
	kill_bg
	run --separate-stderr xr -c 'show running-config hostname' \
	    -c 'show configuration commit list 1'
	assert_success
	[[ "$stderr" == *"Rolled back the unconfirmed commit ID 1000000003 "* ]]
	assert_line --index 0 'hostname before'
	assert_line --index 3 --regexp '^1    1000000004  .* Rollback    '
}

@test "the first commit ever a trial: rolled back to the empty configuration" {
	bg_xr -c configure -c 'hostname trial' -c 'router bgp 65001' \
	    -c 'neighbor 192.0.2.1' -c 'remote-as 65002' -c root \
	    -c 'commit confirmed 300' -c 'do debug sleep 60'
	wait_in "$CFG" 'hostname trial'
	kill_bg
	run --separate-stderr xr -c 'show running-config' \
	    -c 'show bgp summary'
	[[ "$stderr" == *"Rolled back the unconfirmed commit ID 1000000001 "* ]]
	refute_output --partial 'hostname trial'
	refute_output --partial '192.0.2.1'
	[ "$(cat "$CFG")" = "" ]
}

@test "a trial confirmed by commit is not rolled back after kill -9" {
	xr -c configure -c 'hostname before' -c commit -c end
	bg_xr -c configure -c 'hostname trial' -c 'commit confirmed 300' \
	    -c commit -c 'do debug sleep 60'
	wait_in "$CFG" 'hostname trial'
	wait_gone "$MARKER"
	kill_bg
	run --separate-stderr xr -c 'show running-config hostname' \
	    -c 'show configuration commit list'
	assert_success
	[ "$stderr" = "" ]
	assert_line --index 0 'hostname trial'
	assert_line --index 3 --regexp '^1    1000000002  .* CLI         '
	refute_output --partial 'Rollback'
	[ "${#lines[@]}" -eq 5 ]
}

@test "a trial confirmed by a commit with changes is kept after kill -9" {
	xr -c configure -c 'hostname before' -c commit -c end
	bg_xr -c configure -c 'hostname trial' -c 'commit confirmed 300' \
	    -c 'hostname after' -c commit -c 'do debug sleep 60'
	wait_in "$CFG" 'hostname after'
	wait_gone "$MARKER"
	kill_bg
	run --separate-stderr xr -c 'show running-config hostname' \
	    -c 'show configuration commit list 1'
	assert_success
	[ "$stderr" = "" ]
	assert_line --index 0 'hostname after'
	assert_line --index 3 --regexp '^1    1000000003  .* CLI         '
}

@test "a stale marker (the trial's save never finished) changes nothing" {
	xr -c configure -c 'hostname before' -c commit -c end
	bg_xr -c configure -c 'hostname trial' -c 'commit confirmed 300' \
	    -c 'do debug sleep 60'
	wait_in "$CFG" 'hostname trial'
	kill_bg
	# as if killed after the marker, before the file's rename
	printf 'hostname before' >"$CFG"
	run --separate-stderr xr -c 'show running-config hostname' \
	    -c 'show configuration commit list'
	assert_success
	[ "$stderr" = "" ]
	assert_line --index 0 'hostname before'
	[ "${#lines[@]}" -eq 4 ]	# one commit, no rollback
	[ ! -e "$MARKER" ]
}

@test "a damaged marker is a warning naming it; the configuration loads" {
	xr -c configure -c 'hostname before' -c commit -c end
	printf 'xrsh-trial 1 00000000\nfirst 1000000002\n' >"$MARKER"
	run --separate-stderr xr -c 'show running-config hostname'
	assert_success
	[[ "$stderr" == *"pending-confirm: checksum mismatch"* ]]
	assert_output 'hostname before'
	[ ! -e "$MARKER" ]
}

@test "--foreground: the rollback at start is logged before serving" {
	xr -c configure -c 'hostname before' -c commit -c end
	bg_xr -c configure -c 'hostname trial' -c 'commit confirmed 300' \
	    -c 'do debug sleep 60'
	wait_in "$CFG" 'hostname trial'
	kill_bg
	"$XRSH" --config "$CFG" --offline --foreground \
	    >"$BATS_TEST_TMPDIR/fg.out" 2>&1 &
	BG_PID=$!
	wait_in "$BATS_TEST_TMPDIR/fg.out" 'running in the foreground'
	kill -TERM "$BG_PID"
	wait "$BG_PID"
	BG_PID=
	run grep -n -e TRIAL_ROLLBACK -e 'running in the foreground' \
	    "$BATS_TEST_TMPDIR/fg.out"
	assert_line --index 0 --regexp '^1:.*Rolled back the unconfirmed commit ID 1000000002 '
	assert_line --index 1 --partial 'running in the foreground'
	[ "$(cat "$CFG")" = "hostname before" ]
}

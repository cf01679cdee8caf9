#!/usr/bin/env bats
# Command line options of the router: --version, --offline (an engine that
# opens no socket), --check FILE (validate like a commit, FILE:LINE errors,
# start nothing), --listen / --port usage errors, --foreground (a router
# without a terminal that stops on SIGTERM/SIGINT).  Every configuration
# here names non-loopback neighbors, so every run is --offline or --check.

bats_require_minimum_version 1.5.0
load helpers

setup() {
	setup_xrsh_env
	FG_PID=
}

teardown() {
	if [ -n "${FG_PID:-}" ] && kill -0 "$FG_PID" 2>/dev/null; then
		kill -KILL "$FG_PID" 2>/dev/null || true
	fi
}

# a configuration with real-world (documentation) neighbor addresses
good_cfg() {
	cat <<'EOF'
route-policy PASS
  pass
end-policy
!
router bgp 65001
 bgp router-id 192.0.2.1
 address-family ipv4 unicast
 !
 neighbor 192.0.2.2
  remote-as 65002
  address-family ipv4 unicast
   route-policy PASS in
   route-policy PASS out
  !
 !
 neighbor 198.51.100.9
  remote-as 65001
  address-family ipv4 unicast
  !
 !
!
EOF
}

@test "--version prints the version and exits 0" {
	run --separate-stderr "$XRSH" --version
	assert_success
	assert_output --regexp '^xrsh [0-9]+\.[0-9]+\.[0-9]+$'
	[ "$stderr" = "" ]
}

@test "--help names every option" {
	run "$XRSH" --help
	assert_success
	for o in --offline --check --foreground --listen --port --version \
	    --config; do
		assert_output --partial -- "$o"
	done
}

@test "--offline: the seed configuration commits and its neighbors stay Idle" {
	{
		echo configure
		cat "$SRCDIR/tests/configs/00-seed-multihoming.cfg"
		echo commit
		echo end
		echo 'show bgp summary'
	} >"$BATS_TEST_TMPDIR/script"
	run --separate-stderr xr -f "$BATS_TEST_TMPDIR/script"
	assert_success
	[ "$stderr" = "" ]
	assert_line --regexp '^203\.0\.113\.1 +0 +[0-9]+ +0 +0 +0 +0 +0 +never Idle$'
	assert_line --regexp '^203\.0\.113\.5 +0 +[0-9]+ +0 +0 +0 +0 +0 +never Idle$'
}

@test "--offline: a saved configuration loads and shows without sockets" {
	good_cfg >"$BATS_TEST_TMPDIR/running.cfg"
	run --separate-stderr xr -c 'show bgp summary' \
	    -c 'show bgp neighbors 192.0.2.2'
	assert_success
	assert_line --regexp '^192\.0\.2\.2 .* Idle$'
	assert_line --regexp '^198\.51\.100\.9 .* Idle$'
	assert_line '  Local host: 0.0.0.0, Local port: 0, IF Handle: 0x00000000'
	assert_line '  Connections established 0; dropped 0'
}

@test "--check: a valid file exits 0 and says so" {
	good_cfg >"$BATS_TEST_TMPDIR/good.cfg"
	run --separate-stderr "$XRSH" --check "$BATS_TEST_TMPDIR/good.cfg"
	assert_success
	assert_output "$BATS_TEST_TMPDIR/good.cfg: configuration OK"
	[ "$stderr" = "" ]
}

@test "--check: commit-time errors as FILE:LINE, in file order, exit 1" {
	cat >"$BATS_TEST_TMPDIR/bad.cfg" <<'EOF'
router bgp 65001
 address-family ipv4 unicast
 !
 neighbor 192.0.2.2
  address-family ipv4 unicast
   route-policy NOPE in
  !
 !
 neighbor 192.0.2.3
  remote-as 65003
 !
!
EOF
	run --separate-stderr "$XRSH" --check "$BATS_TEST_TMPDIR/bad.cfg"
	assert_failure 1
	[ "$output" = "" ]
	local f="$BATS_TEST_TMPDIR/bad.cfg"
	[[ "${stderr_lines[0]}" == "$f:4: % "*"Remote AS must be configured for neighbor 192.0.2.2"* ]]
	[[ "${stderr_lines[1]}" == "$f:6: % "*"Policy [NOPE] is not defined"* ]]
	[ "${#stderr_lines[@]}" -eq 2 ]
}

@test "--check: a syntax error names its line, exit 1" {
	printf 'hostname r1\nrouter bgp 65001\n neighbor 192.0.2.2\n  remote-az 65002\n' \
	    >"$BATS_TEST_TMPDIR/syntax.cfg"
	run --separate-stderr "$XRSH" --check "$BATS_TEST_TMPDIR/syntax.cfg"
	assert_failure 1
	[[ "$stderr" == "$BATS_TEST_TMPDIR/syntax.cfg:4: % Invalid input detected at \"remote-az\""* ]]
}

@test "--check: a missing file is an error, exit 1" {
	run --separate-stderr "$XRSH" --check "$BATS_TEST_TMPDIR/none.cfg"
	assert_failure 1
	[[ "$stderr" == *"none.cfg"* ]]
}

@test "--check starts nothing and saves nothing" {
	good_cfg >"$BATS_TEST_TMPDIR/good.cfg"
	run env XDG_STATE_HOME="$BATS_TEST_TMPDIR/state" "$XRSH" \
	    --check "$BATS_TEST_TMPDIR/good.cfg"
	assert_success
	[ ! -e "$BATS_TEST_TMPDIR/state" ]
	# the test helpers' options are accepted with it
	run xr --check "$BATS_TEST_TMPDIR/good.cfg"
	assert_success
}

@test "--check combines with no option that runs something" {
	good_cfg >"$BATS_TEST_TMPDIR/good.cfg"
	for extra in "-c show" "--foreground" "--port 17999" \
	    "--listen 127.0.0.1" "-f /dev/null" "--check-grammar"; do
		# shellcheck disable=SC2086
		run --separate-stderr "$XRSH" --check "$BATS_TEST_TMPDIR/good.cfg" $extra
		assert_failure 2
		[[ "$stderr" == *"--check FILE combines with no other option"* ]]
	done
}

@test "--listen and --port: bad values are usage errors (exit 2)" {
	local bad
	for bad in 1.2.3 256.1.1.1 fe80::zz hostname ''; do
		run --separate-stderr "$XRSH" --offline --listen "$bad" -c 'show version'
		assert_failure 2
		[[ "$stderr" == "xrsh: bad --listen address '$bad'"* ]]
	done
	for bad in 0 65536 -1 abc 17x ''; do
		run --separate-stderr "$XRSH" --offline --port "$bad" -c 'show version'
		assert_failure 2
		[[ "$stderr" == "xrsh: bad --port '$bad'"* ]]
	done
	local many=()
	for i in $(seq 1 17); do
		many+=(--listen "127.0.0.$i")
	done
	run --separate-stderr "$XRSH" --offline "${many[@]}" -c 'show version'
	assert_failure 2
	[[ "$stderr" == *"too many --listen"* ]]
}

@test "--listen and --port: good values are accepted" {
	run --separate-stderr xr --listen 127.0.0.1 --listen ::1 --port 17999 \
	    -c 'show version'
	assert_success
	[ "$stderr" = "" ]
}

@test "unknown options and arguments are usage errors (exit 2)" {
	run --separate-stderr "$XRSH" --bogus
	assert_failure 2
	[[ "$stderr" == "xrsh: bad option --bogus"* ]]
	run --separate-stderr "$XRSH" -z
	assert_failure 2
	[[ "$stderr" == "xrsh: bad option -z"* ]]
	run --separate-stderr "$XRSH" --offline stray
	assert_failure 2
	[[ "$stderr" == "xrsh: unexpected argument stray"* ]]
	run --separate-stderr "$XRSH" --port
	assert_failure 2
}

# starts xrsh itself in the background (not through a shell function, so
# that $FG_PID is xrsh and signals reach it), bats' fd 3 closed
start_fg() {
	"$XRSH" --config "$BATS_TEST_TMPDIR/running.cfg" --offline \
	    --foreground "$@" >"$BATS_TEST_TMPDIR/out" \
	    2>"$BATS_TEST_TMPDIR/err" 3>&- &
	FG_PID=$!
}

# reaps $FG_PID within 10 s (else kills it and fails); its status in $fg_rc
reap_fg() {
	local i
	for i in $(seq 1 100); do
		kill -0 "$FG_PID" 2>/dev/null || break
		sleep 0.1
	done
	if kill -0 "$FG_PID" 2>/dev/null; then
		kill -KILL "$FG_PID"
		echo "xrsh did not stop"
		return 1
	fi
	fg_rc=0
	wait "$FG_PID" || fg_rc=$?
	FG_PID=
}

@test "--foreground: runs until SIGTERM, then exits 0; logs go to stdout" {
	good_cfg >"$BATS_TEST_TMPDIR/running.cfg"
	start_fg
	wait_in "$BATS_TEST_TMPDIR/out" "running in the foreground: BGP offline" 10
	sleep 0.3
	kill -0 "$FG_PID"	# still running
	kill -TERM "$FG_PID"
	reap_fg
	[ "$fg_rc" -eq 0 ]
	grep -qE '^RP/0/RP0/CPU0:[A-Z][a-z]{2} [ 0-9][0-9] [0-9:]{8}\.[0-9]{3} [A-Z]+: xrsh\[[0-9]+\]: SIGTERM received: closing every BGP session' \
	    "$BATS_TEST_TMPDIR/out"
	[ ! -s "$BATS_TEST_TMPDIR/err" ]
}

@test "--foreground: runs the -c script first, stops on SIGINT with 0" {
	good_cfg >"$BATS_TEST_TMPDIR/running.cfg"
	start_fg -c 'show bgp summary' -c 'debug log-message 1 after-script'
	# the timer set by the script fires while the router runs on
	wait_in "$BATS_TEST_TMPDIR/out" "after-script" 10
	grep -q '^192\.0\.2\.2 ' "$BATS_TEST_TMPDIR/out"
	kill -INT "$FG_PID"
	reap_fg
	[ "$fg_rc" -eq 0 ]
	grep -q 'SIGINT received' "$BATS_TEST_TMPDIR/out"
}

@test "XRSH_LOOPBACK_ONLY and --offline together: nothing is refused or logged" {
	good_cfg >"$BATS_TEST_TMPDIR/running.cfg"
	run --separate-stderr env XRSH_LOOPBACK_ONLY=1 "$XRSH" --offline \
	    --config "$BATS_TEST_TMPDIR/running.cfg" -c 'show bgp summary'
	assert_success
	[ "$stderr" = "" ]
}

@test "batch: SIGTERM ends a command waiting in the event loop (debug bgp wait rpki) at once; the rest never runs, exit 143" {
	good_cfg >"$BATS_TEST_TMPDIR/running.cfg"
	"$XRSH" --config "$BATS_TEST_TMPDIR/running.cfg" --offline \
	    -c 'debug bgp wait rpki roas 5 timeout 600' -c 'show version' \
	    >"$BATS_TEST_TMPDIR/out" 2>"$BATS_TEST_TMPDIR/err" 3>&- &
	FG_PID=$!
	sleep 0.5
	kill -0 "$FG_PID"	# still waiting
	kill -TERM "$FG_PID"
	reap_fg
	[ "$fg_rc" -eq 143 ]
	run cat "$BATS_TEST_TMPDIR/err"
	assert_line "-c:1: % Interrupted: xrsh is stopping"
	assert_line --partial "SIGTERM received: closing every BGP session"
	run cat "$BATS_TEST_TMPDIR/out"
	refute_output --partial "Version"
}

#!/usr/bin/env bats
# The router as a service: a `--foreground` router serves CLI sessions on
# its control socket and `xrsh --attach` opens them.  Batch sessions give
# the output, FILE:LINE errors and exit codes of a local session; two
# sessions edit at once (non-overlapping commits both land, an overlapping
# one asks XR's question); `configure exclusive` holds the others off; a
# uid that is not root, the owner or in the socket's group is refused; a
# killed client leaves the router and the other sessions running; a
# client whose output is not read holds up nobody else; a router that
# goes away ends its clients with status 1.  Sessions that must stay open
# across steps read their script from a FIFO the test writes to.

bats_require_minimum_version 1.5.0
load helpers

setup() {
	# a directory `nobody` may enter: the refusal must come from the
	# router's credential check, not only from file permissions
	SOCKDIR=$(mktemp -d /tmp/xrsh-attach.XXXXXX)
	chmod 0755 "$SOCKDIR"
	SOCKP="$SOCKDIR/xrsh.sock"
	RPID=
	FIFOS=()
}

teardown() {
	local f
	for f in "${FIFOS[@]}"; do
		{ eval "exec $f>&-"; } 2>/dev/null || true
	done
	stop_pid "$RPID"
	rm -rf "$SOCKDIR"
}

start_router() {
	"$XRSH" --foreground --offline --config "$BATS_TEST_TMPDIR/running.cfg" \
	    --socket "$SOCKP" "$@" >"$BATS_TEST_TMPDIR/router.out" 2>&1 &
	RPID=$!
	wait_in "$BATS_TEST_TMPDIR/router.out" "running in the foreground"
	[ -S "$SOCKP" ]
}

at() {
	"$XRSH" --attach --socket "$SOCKP" "$@"
}

# open_session NAME [options]: an attached --echo session reading
# $BATS_TEST_TMPDIR/NAME.in (a FIFO); its transcript goes to NAME.out,
# its pid to ${NAME}_PID, the FIFO's write end to fd ${NAME}_FD
open_session() {
	local name=$1 fd
	shift
	mkfifo "$BATS_TEST_TMPDIR/$name.in"
	# the client execs in the background subshell (tests kill its pid)
	# without the other sessions' FIFO write ends: each sees its own EOF
	(
		for fd in "${FIFOS[@]}"; do
			eval "exec $fd>&-"
		done
		exec "$XRSH" --attach --socket "$SOCKP" --echo "$@" \
		    <"$BATS_TEST_TMPDIR/$name.in" \
		    >"$BATS_TEST_TMPDIR/$name.out" 2>&1
	) &
	printf -v "${name}_PID" %s $!
	exec {fd}>"$BATS_TEST_TMPDIR/$name.in"
	printf -v "${name}_FD" %s "$fd"
	FIFOS+=("$fd")
}

# say NAME LINE...: feeds lines to a session and waits until it has run
# them (the client reads the next line only after the router answered)
say() {
	local name=$1 fdvar="${1}_FD" mark
	shift
	mark="!sync-$RANDOM$RANDOM"
	printf '%s\n' "$@" "$mark" >&"${!fdvar}"
	wait_in "$BATS_TEST_TMPDIR/$name.out" "$mark" 10
}

# wait_exit PID: its exit status, or a failure (and a kill) if it is
# still running after 20 s: a test never hangs on a client
wait_exit() {
	local pid=$1 i rc=0
	for i in $(seq 1 200); do
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.1
	done
	if kill -0 "$pid" 2>/dev/null; then
		kill -KILL "$pid"
		echo "client $pid did not exit"
		return 99
	fi
	wait "$pid" || rc=$?
	return "$rc"
}

# close_session NAME: end of its input; waits for the client's exit
close_session() {
	local fdvar="${1}_FD" pidvar="${1}_PID"
	eval "exec ${!fdvar}>&-"
	wait_exit "${!pidvar}"
}

@test "an attached batch session prints what a local one prints" {
	cat >"$BATS_TEST_TMPDIR/script" <<'EOF'
configure
hostname r1
router bgp 65001
 bgp router-id 10.0.0.1
 neighbor 127.0.0.2
  remote-as 65002
  description peer two
commit
end
show running-config router bgp
show configuration commit list | count
show running-config | include hostname
EOF
	start_router
	run --separate-stderr at -f "$BATS_TEST_TMPDIR/script"
	assert_success
	attached=$output
	[ -z "$stderr" ]
	# the same script on a fresh local router
	run --separate-stderr "$XRSH" --offline \
	    --config "$BATS_TEST_TMPDIR/local.cfg" -f "$BATS_TEST_TMPDIR/script"
	assert_success
	[ "$attached" = "$output" ]
	# and the router keeps what the attached session committed
	run at -c 'show running-config hostname'
	assert_success
	assert_output 'hostname r1'
}

@test "attached errors: FILE:LINE on stderr, exit 1, --continue, stdin, --echo" {
	start_router
	printf 'show clock\nshow bogus\nshow version\n' >"$BATS_TEST_TMPDIR/bad"
	run --separate-stderr at -f "$BATS_TEST_TMPDIR/bad"
	assert_failure 1
	assert_equal "${stderr_lines[0]}" "$BATS_TEST_TMPDIR/bad:2: show bogus"
	assert_equal "${stderr_lines[2]}" \
	    "$BATS_TEST_TMPDIR/bad:2: % Invalid input detected at '^' marker."
	refute_output --partial 'ios uptime is'	# stopped at line 2
	run --separate-stderr at --continue -f "$BATS_TEST_TMPDIR/bad"
	assert_failure 1
	assert_output --partial 'ios uptime is'
	run --separate-stderr at -c 'show clock' -c 'configure' -c 'router bgp x'
	assert_failure 1
	assert_equal "${stderr_lines[0]}" '-c:3: router bgp x'
	run --separate-stderr at <"$BATS_TEST_TMPDIR/bad"
	assert_failure 1
	assert_equal "${stderr_lines[0]}" '<stdin>:2: show bogus'
	# the --echo transcript is the local one
	run at --echo --continue -f "$BATS_TEST_TMPDIR/bad"
	remote=$output
	run xr --echo --continue -f "$BATS_TEST_TMPDIR/bad"
	# (but for the clock's and the uptime's lines)
	[ "$(grep -v 'UTC\|uptime' <<<"$remote")" = \
	    "$(grep -v 'UTC\|uptime' <<<"$output")" ]
	[ "$(grep -c . <<<"$remote")" -gt 5 ]
	# uncommitted work at the end of the script is discarded with a warning
	run --separate-stderr at -c configure -c 'hostname lost'
	assert_success
	assert_equal "$stderr" \
	    '-c:2: % WARNING: Uncommitted changes were discarded at end of input'
	run at -c 'show running-config hostname'
	refute_output --partial lost
}

@test "two sessions edit at once: non-overlapping commits both land" {
	start_router
	open_session A
	open_session B
	say A configure 'router bgp 65001' ' bgp router-id 10.0.0.1'
	say B configure 'prefix-set FROM-B' ' 192.0.2.0/24' 'end-set'
	# each sees its own candidate only
	say A 'show configuration'
	refute grep -q FROM-B "$BATS_TEST_TMPDIR/A.out"
	say B commit
	say A commit end
	close_session A
	close_session B
	run at -c 'show running-config'
	assert_success
	assert_line 'prefix-set FROM-B'
	assert_line ' bgp router-id 10.0.0.1'
	run at -c 'show configuration commit list'
	assert_line --regexp '^1 +1000000002 +root +vty[01]:node0'
	assert_line --regexp '^2 +1000000001 +root +vty[01]:node0'
	refute grep -q 'One or more commits' "$BATS_TEST_TMPDIR/A.out"
}

@test "two sessions edit at once: an overlapping commit asks XR's question" {
	start_router
	open_session A
	say A configure 'hostname from-a'
	run at -c configure -c 'hostname from-b' -c commit -c end
	assert_success
	say A commit no 'show running-config hostname'
	run cat "$BATS_TEST_TMPDIR/A.out"
	assert_line "One or more commits have occurred from other configuration sessions since this session started or since the last commit was made from this session. You can use the 'show configuration commit changes' command to browse the changes."
	assert_line --partial 'Do you wish to proceed with this commit anyway? [no]: no'
	assert_line 'hostname from-b'
	# answering yes applies this session's change on top
	say A commit yes end
	close_session A || true
	run at -c 'show running-config hostname'
	assert_output 'hostname from-a'
}

@test "configure exclusive locks the configuration for the other sessions" {
	start_router
	open_session A
	say A 'configure exclusive' 'hostname locked'
	run --separate-stderr at -c 'configure exclusive'
	assert_failure 1
	assert_line --regexp '^[0-9a-f]{8}-[0-9a-f]{8}-[0-9a-f]{8} +vty0 +root .* \*$'
	[[ $stderr == *'Cannot enter exclusive mode. The Configuration Namespace is locked by another agent.'* ]]
	run --separate-stderr at -c configure -c 'hostname other' -c commit
	assert_failure 1
	[[ $stderr == *'-c:3: % Failed to commit: the Configuration Namespace is locked by another agent'* ]]
	run at -c 'show configuration sessions'
	assert_line --regexp ' vty0 +root .*\*$'
	# leaving config mode releases the lock
	say A commit end
	run at -c 'configure exclusive' -c 'hostname second' -c commit -c end
	assert_success
	close_session A
	run at -c 'show running-config hostname'
	assert_output 'hostname second'
}

@test "show users lists the attached sessions; the local console too" {
	start_router
	open_session A
	say A 'show clock'
	run at -c 'show users'
	assert_success
	assert_line --regexp '^   vty0 +root +attach '
	assert_line --regexp '^\*  vty1 +root +attach '
	close_session A
	run at -c 'show users'
	assert_line --regexp '^\*  vty0 +root +attach '
	refute_line --regexp 'vty1'
}

@test "a uid that is not root, the owner or in the group is refused" {
	command -v setpriv >/dev/null || skip "setpriv is not installed"
	[ "$(id -u)" -eq 0 ] || skip "needs root to run a client as nobody"
	start_router
	# 0660 keeps others out of the file already
	run setpriv --reuid=nobody --regid=nogroup --clear-groups \
	    "$XRSH" --attach --socket "$SOCKP" -c 'show users'
	assert_failure 1
	assert_output --partial 'Permission denied'
	# past the file permissions, the router's own check refuses
	chmod 0666 "$SOCKP"
	run setpriv --reuid=nobody --regid=nogroup --clear-groups \
	    "$XRSH" --attach --socket "$SOCKP" -c 'show users'
	assert_failure 1
	assert_output --partial 'the router refused the session: not authorised'
	wait_re "$BATS_TEST_TMPDIR/router.out" \
	    'XRSH-CTL-4-REFUSED: control socket: uid 65534 \(nobody\) pid [0-9]+ refused'
	# and root still gets in
	run at -c 'show users'
	assert_success
}

@test "a killed client leaves the router and the other sessions running" {
	start_router
	# A's session exists before B connects: A is vty0, B vty1
	open_session A
	say A 'show clock'
	open_session B
	say A configure 'hostname half-done'
	say B configure 'hostname from-b'
	kill -KILL "$A_PID"
	wait "$A_PID" 2>/dev/null || true
	say B commit end 'show users'
	run cat "$BATS_TEST_TMPDIR/B.out"
	assert_line --regexp '^\*  vty1 +root +attach '
	refute_line --regexp 'vty0'
	run at -c 'show running-config hostname' -c 'show configuration sessions'
	assert_success
	assert_output 'hostname from-b'
	close_session B
	kill -0 "$RPID"
}

@test "a client that does not read its output holds up nobody else" {
	# a configuration whose text is several megabytes
	{
		echo 'prefix-set BIG'
		for i in $(seq 0 99999); do
			echo " 10.$((i / 65536)).$((i / 256 % 256)).$((i % 256))/32,"
		done
		echo ' 11.0.0.0/8'
		echo 'end-set'
		echo '!'
	} >"$BATS_TEST_TMPDIR/running.cfg"
	start_router
	run at -c 'show running-config'
	assert_success
	lines=${#lines[@]}
	[ "$lines" -gt 100000 ]
	# its stdout is a FIFO that a reader holds open but does not read:
	# the client stops reading the socket and the router's buffer fills
	mkfifo "$BATS_TEST_TMPDIR/slow.out"
	sleep 60 <"$BATS_TEST_TMPDIR/slow.out" &
	holder=$!
	"$XRSH" --attach --socket "$SOCKP" -c 'show running-config' \
	    >"$BATS_TEST_TMPDIR/slow.out" &
	slow=$!
	sleep 1
	run timeout 10 "$XRSH" --attach --socket "$SOCKP" -c 'show users'
	assert_success
	assert_line --regexp '^   vty0 +root +attach '
	assert_line --regexp '^\*  vty1 +root +attach '
	# then it drains, complete
	run bash -c "cat '$BATS_TEST_TMPDIR/slow.out' | grep -c ''"
	assert_output "$lines"
	wait_exit "$slow"
	kill "$holder"
	wait "$holder" 2>/dev/null || true
}

@test "a router that goes away ends its clients with status 1" {
	start_router
	open_session A
	say A 'show clock'
	stop_pid "$RPID"
	RPID=
	rc=0
	wait_exit "$A_PID" || rc=$?
	[ "$rc" -eq 1 ]
	run cat "$BATS_TEST_TMPDIR/A.out"
	assert_output --partial 'xrsh: session ended by the router: the router is shutting down'
	# and nobody serves the socket any more
	[ ! -e "$SOCKP" ]
	run at -c 'show clock'
	assert_failure 1
	assert_output --partial "no router is running on $SOCKP"
}

@test "--attach refuses engine options; a second router does not take a live socket" {
	run "$XRSH" --attach --offline -c 'show clock'
	assert_failure 2
	assert_output --partial '--attach combines only with'
	start_router
	run "$XRSH" --foreground --offline --config "$BATS_TEST_TMPDIR/two.cfg" \
	    --socket "$SOCKP"
	assert_failure 1
	assert_output --partial "control socket: $SOCKP: another router is serving it"
	run at -c 'show clock'
	assert_success
}

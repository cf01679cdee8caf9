#!/usr/bin/env bats
# Batch mode: -f, -c, a script on stdin; only command output on stdout;
# exit status 0 / 1 / 2; --continue; --timestamps; answers to questions
# come from the next input line.

bats_require_minimum_version 1.5.0
load helpers

TS_RE='^[A-Z][a-z]{2} [A-Z][a-z]{2} [ 1-3][0-9] [0-2][0-9]:[0-5][0-9]:[0-6][0-9]\.[0-9]{3} [A-Z]+$'

setup() {
	setup_xrsh_env
	cd "$BATS_TEST_TMPDIR"
}

@test "-c runs each command in order, output only, exit 0" {
	run --separate-stderr xr -c 'terminal length 0' -c 'show history'
	[ "$status" -eq 0 ]
	[ "$output" = "terminal length 0
show history" ]
	[ "$stderr" = "" ]
}

@test "-f FILE runs the file's lines" {
	printf 'configure\nend\nshow history\n' >s.txt
	run --separate-stderr xr -f s.txt
	[ "$status" -eq 0 ]
	[ "$output" = "configure
end
show history" ]
}

@test "a script on stdin, last line without a newline" {
	run --separate-stderr xr < <(printf 'configure\nexit\nshow history')
	[ "$status" -eq 0 ]
	[ "$output" = "configure
exit
show history" ]
}

@test "no prompts and no echo on stdout unless --echo" {
	run --separate-stderr xr -c 'configure' -c 'exit'
	[ "$output" = "" ]
	run --separate-stderr xr --echo -c 'configure' -c 'exit'
	[ "$output" = "RP/0/RP0/CPU0:ios#configure
RP/0/RP0/CPU0:ios(config)#exit" ]
}

@test "the first error stops the run with exit 1" {
	run --separate-stderr xr -c 'show bogus' -c 'show history'
	[ "$status" -eq 1 ]
	[ "$output" = "" ]
}

@test "--continue runs on and still exits 1" {
	run --separate-stderr xr --continue -c 'show bogus' -c 'show history'
	[ "$status" -eq 1 ]
	[ "$output" = "show bogus
show history" ]
	[ "${#stderr_lines[@]}" -eq 3 ]
}

@test "usage errors exit 2" {
	run --separate-stderr xr --bogus
	[ "$status" -eq 2 ]
	[[ "$stderr" == *"usage: xrsh"* ]]
	run --separate-stderr xr -c
	[ "$status" -eq 2 ]
	run --separate-stderr xr extra-argument
	[ "$status" -eq 2 ]
	run --separate-stderr xr -f "$BATS_TEST_TMPDIR/missing.txt"
	[ "$status" -eq 2 ]
	[[ "$stderr" == *"missing.txt"* ]]
	run --separate-stderr xr --help
	[ "$status" -eq 0 ]
	[[ "$output" == "usage: xrsh"* ]]
}

@test "timestamps only with --timestamps in batch mode" {
	run --separate-stderr xr -c 'show clock'
	[ "${#lines[@]}" -eq 1 ]
	[[ ! "${lines[0]}" =~ $TS_RE ]]
	run --separate-stderr xr --timestamps -c 'show clock' -c 'terminal length 0'
	[ "${#lines[@]}" -eq 2 ]
	[[ "${lines[0]}" =~ $TS_RE ]]
}

@test "show clock and show version" {
	run --separate-stderr xr -c 'show clock'
	[[ "$output" =~ ^[0-2][0-9]:[0-5][0-9]:[0-6][0-9]\.[0-9]{3}\ [A-Z]+\ [A-Z][a-z]{2}\ [A-Z][a-z]{2}\ [0-9]{1,2}\ [0-9]{4}$ ]]
	run --separate-stderr xr -c 'show version'
	[ "$status" -eq 0 ]
	[[ "${lines[0]}" == "xrsh (IOS XR-style router shell), Version "* ]]
	[[ "$output" == *"ios uptime is "* ]]
}

@test "a question reads its answer from the next input line" {
	run --separate-stderr xr --echo <<'EOF2'
configure
hostname r2
end
cancel
end
no
show history
EOF2
	[ "$status" -eq 0 ]
	[ "${lines[3]}" = "Uncommitted changes found, commit them before exiting(yes/no/cancel)? [cancel]: cancel" ]
	[ "${lines[4]}" = "RP/0/RP0/CPU0:ios(config)#end" ]
	[ "${lines[6]}" = "RP/0/RP0/CPU0:ios#show history" ]
}

@test "terminal length and width are accepted in range only" {
	run --separate-stderr xr -c 'terminal length 0' -c 'terminal width 132'
	[ "$status" -eq 0 ]
	run --separate-stderr xr -c 'terminal width 513'
	[ "$status" -eq 1 ]
}

@test "the event loop runs while a script waits for its next line" {
	mkfifo in
	xr <in >out 2>err &
	pid=$!
	exec 5>in
	echo 'debug log-message 1 engine-tick' >&5
	# the script is still open: the timer must fire while xrsh waits
	for i in $(seq 1 100); do
		grep -q engine-tick err && break
		sleep 0.1
	done
	echo 'show history' >&5
	exec 5>&-
	wait "$pid"
	[ "$(cat err)" = "engine-tick" ]
	[ "$(cat out)" = "debug log-message 1 engine-tick
show history" ]
}

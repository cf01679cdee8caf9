#!/usr/bin/env bats
# Leaving configuration mode with uncommitted changes (the yes/no/cancel
# question answered from the next script line, the end-of-input discard),
# persistence of the running configuration and of the commit history
# across runs (FILE and FILE.commits/), a corrupted saved file or history,
# kill -9 in the middle of commits, and the exit codes of commit failures.

bats_require_minimum_version 1.5.0
load helpers

setup() {
	setup_xrsh_env
	CFG="$BATS_TEST_TMPDIR/running.cfg"
}

@test "end with uncommitted changes: yes commits and leaves" {
	run xr <<'EOF'
configure
hostname y1
end
yes
show running-config hostname
EOF
	assert_success
	assert_line --index 0 'Uncommitted changes found, commit them before exiting(yes/no/cancel)? [cancel]: '
	assert_line --index 1 'hostname y1'
}

@test "end with uncommitted changes: no discards and leaves" {
	run xr <<'EOF'
configure
hostname n1
end
no
show running-config hostname
show configuration commit list
EOF
	assert_success
	assert_line --index 1 '% No such configuration item(s)'
	[ "${#lines[@]}" -eq 4 ]	# question, message, list header (2)
}

@test "end with uncommitted changes: cancel (or empty) stays in config" {
	run xr --echo <<'EOF'
configure
hostname c1
end
cancel
exit

show configuration
commit
end
EOF
	assert_success
	assert_line 'RP/0/RP0/CPU0:ios(config)#end'
	assert_line 'Uncommitted changes found, commit them before exiting(yes/no/cancel)? [cancel]: cancel'
	assert_line 'RP/0/RP0/CPU0:ios(config)#show configuration'
	assert_line 'hostname c1'
	assert_line 'RP/0/RP0/CPU0:c1(config)#end'
}

@test "exit from (config) asks the same question" {
	run xr <<'EOF'
configure
hostname e1
exit
yes
show running-config hostname
EOF
	assert_success
	assert_line --index 1 'hostname e1'
}

@test "end without changes leaves silently" {
	run xr --echo <<'EOF'
configure
end
EOF
	assert_success
	refute_output --partial 'Uncommitted'
}

@test "end of input discards uncommitted changes with a warning" {
	run --separate-stderr xr <<'EOF'
configure
hostname lost
EOF
	assert_success
	[[ "$stderr" == *"% WARNING: Uncommitted changes were discarded at end of input"* ]]
	[ ! -e "$CFG" ]
	run xr -c 'show running-config hostname'
	assert_output '% No such configuration item(s)'
}

@test "the running configuration persists across runs" {
	run xr <<'EOF'
configure
hostname p1
commit
end
EOF
	assert_success
	[ "$(cat "$CFG")" = "hostname p1" ]
	run xr --echo -c 'show running-config hostname'
	assert_success
	assert_line 'RP/0/RP0/CPU0:p1#show running-config hostname'
	assert_line 'hostname p1'
	# a second change replaces the file; no temporary files are left
	run xr <<'EOF'
configure
no hostname
commit
end
EOF
	assert_success
	[ "$(cat "$CFG")" = "" ]
	[ "$(ls -A "$BATS_TEST_TMPDIR" | grep -c tmp)" -eq 0 ]
	[ "$(ls -A "$CFG.commits" | grep -c tmp)" -eq 0 ]
	[ "$(ls -A "$CFG.commits" | grep -c '\.commit$')" -eq 2 ]
}

@test "the commit history survives a restart" {
	run xr <<'EOF'
configure
hostname h1
commit
hostname h2
commit label SECOND comment the second one
hostname h3
commit
end
EOF
	assert_success
	run --separate-stderr xr <<'EOF'
show configuration commit list
show configuration commit list 1 detail
show configuration commit changes SECOND
show running-config
EOF
	assert_success
	[ "$stderr" = "" ]
	assert_line --index 2 --regexp '^1    1000000003  .* CLI         [A-Z][a-z]{2} '
	assert_line --index 3 --regexp '^2    SECOND      '
	assert_line --index 4 --regexp '^3    1000000001  '
	assert_line --index 5 --regexp '^   1\) CommitId: 1000000003 +Label: NONE$'
	assert_line --index 9 'Building configuration...'
	assert_line --index 11 'hostname h2'
	assert_line --index 12 'end'
	assert_line --index 13 '!! Building configuration...'
	assert_line --index 14 '!! IOS XR Configuration 24.3.1'
	assert_line --index 15 --regexp '^!! Last configuration change at [A-Z][a-z]{2} [A-Z][a-z]{2} [ 0-9][0-9] [0-9:]{8} [0-9]{4} by .+$'
	assert_line --index 16 '!'
	assert_line --index 17 'hostname h3'
	# the IDs go on; rollbacks reach commits made before the restart
	run xr <<'EOF'
configure
hostname h4
commit
end
rollback configuration to SECOND
show running-config hostname
rollback configuration last 2
show running-config hostname
EOF
	assert_success
	# up to and including SECOND: back to h1
	assert_line "Configuration successfully rolled back to 'SECOND'."
	assert_line --index 7 'hostname h1'
	# undoing that rollback and h4 gives h3
	assert_line 'Configuration successfully rolled back 2 commits.'
	assert_line --index 15 'hostname h3'
	run xr -c 'show configuration commit list 3' \
	    -c 'show configuration commit changes 1000000005'
	assert_line --index 2 --regexp '^1    1000000006  .* Rollback    '
	assert_line --index 3 --regexp '^2    1000000005  .* Rollback    '
	assert_line --index 4 --regexp '^3    1000000004  .* CLI         '
	assert_line --index 7 'hostname h1'
}

@test "the history keeps the last 100 commits across restarts" {
	{
		echo configure
		for i in $(seq 1 103); do
			echo "hostname n$i"
			echo commit
		done
		echo end
	} >"$BATS_TEST_TMPDIR/many"
	run xr -f "$BATS_TEST_TMPDIR/many"
	assert_success
	run --separate-stderr xr -c 'show configuration commit list'
	assert_success
	[ "${#lines[@]}" -eq 102 ]	# header (2) + 100 rows
	assert_line --index 2 --regexp '^1    1000000103  '
	assert_line --index 101 --regexp '^100  1000000004  '
	# the oldest commits are gone; the text before the oldest kept is not
	run xr -c 'show configuration commit changes 1000000003'
	assert_failure 1
	assert_output --partial "% Invalid commit ID or label '1000000003'"
	run xr -c 'rollback configuration last 100' \
	    -c 'show running-config hostname'
	assert_success
	assert_line 'Configuration successfully rolled back 100 commits.'
	assert_line 'hostname n3'
}

@test "a damaged history is a warning naming the file; the config loads" {
	xr -c configure -c 'hostname d1' -c commit -c 'hostname d2' -c commit \
	    -c end
	sed -i 's/^user .*/user mallory/' "$CFG.commits/1000000002.commit"
	run --separate-stderr xr -c 'show running-config hostname' \
	    -c 'show configuration commit list'
	assert_success
	[[ "$stderr" == *"xrsh: warning: $CFG.commits/1000000002.commit: checksum mismatch"* ]]
	[[ "$stderr" == *"starting with an empty commit history"* ]]
	assert_line --index 0 'hostname d2'
	[ "${#lines[@]}" -eq 3 ]	# the hostname and an empty list
	# the damaged history is kept aside; the next commit starts afresh
	[ -e "$CFG.commits.rejected/1000000002.commit" ]
	run --separate-stderr xr -c configure -c 'hostname d3' -c commit -c end \
	    -c 'show configuration commit list' \
	    -c 'show configuration commit changes 1000000001'
	assert_success
	[ "$stderr" = "" ]
	assert_line --index 2 --regexp '^1    1000000001  '
	assert_line 'hostname d3'
	run --separate-stderr xr -c 'show configuration commit list'
	[ "$stderr" = "" ]
	[ "${#lines[@]}" -eq 3 ]
}

@test "a history that does not match the saved file is rejected" {
	xr -c configure -c 'hostname m1' -c commit -c end
	printf 'hostname edited\n' >"$CFG"
	run --separate-stderr xr -c 'show running-config hostname' \
	    -c 'show configuration commit list'
	assert_success
	[[ "$stderr" == *"xrsh: warning: $CFG.commits: does not match the saved configuration $CFG"* ]]
	assert_line --index 0 'hostname edited'
	[ "${#lines[@]}" -eq 3 ]
}

@test "a commit whose record was written but not the file is dropped" {
	xr -c configure -c 'hostname k1' -c commit -c 'hostname k2' -c commit \
	    -c end
	# as if killed between the history record and the rename of the file
	printf 'hostname k1\n' >"$CFG"
	run --separate-stderr xr -c 'show configuration commit list' \
	    -c configure -c 'hostname k3' -c commit -c end \
	    -c 'show configuration commit list 1'
	assert_success
	[ "$stderr" = "" ]
	[ "${#lines[@]}" -eq 6 ]
	assert_line --index 2 --regexp '^1    1000000001  '
	assert_line --index 5 --regexp '^1    1000000002  '
}

@test "kill -9 during commits: the config is a committed version, the history agrees" {
	local round pid host id
	{
		echo configure
		for i in $(seq 1 400); do
			echo "hostname q$i"
			echo commit
		done
	} >"$BATS_TEST_TMPDIR/loop"
	for round in 1 2 3 4 5 6; do
		"$XRSH" --offline --config "$CFG" -f "$BATS_TEST_TMPDIR/loop" \
		    >/dev/null 2>&1 &
		pid=$!
		sleep "0.$((RANDOM % 4))$((RANDOM % 10))"
		{ kill -9 "$pid"; wait "$pid"; } 2>/dev/null || true
		run --separate-stderr xr -c 'show running-config hostname' \
		    -c 'show configuration commit list 1' \
		    -c 'show configuration commit changes last 1'
		assert_success
		[ "$stderr" = "" ]	# no warning: the history loaded
		[ -e "$CFG" ] || continue	# killed before the first commit
		host=$(head -n 1 "$CFG")
		[[ "$host" =~ ^hostname\ q[0-9]+$ ]]
		assert_line --index 0 "$host"
		# the newest commit in the history is the saved version
		assert_line --index 3 --regexp '^1    10000'
		assert_line --index 6 "$host"
	done
}

@test "XRSH_CONFIG names the file when --config is not given" {
	XRSH_CONFIG="$BATS_TEST_TMPDIR/other.cfg" "$XRSH" --offline -c configure \
	    -c 'hostname env1' -c commit -c end
	[ "$(cat "$BATS_TEST_TMPDIR/other.cfg")" = "hostname env1" ]
	run env XRSH_CONFIG="$BATS_TEST_TMPDIR/other.cfg" "$XRSH" --offline \
	    -c 'show running-config hostname'
	assert_output 'hostname env1'
}

@test "default file is under XDG_STATE_HOME" {
	run env -u XRSH_CONFIG XDG_STATE_HOME="$BATS_TEST_TMPDIR/state" \
	    "$XRSH" --offline -c configure -c 'hostname x1' -c commit -c end
	assert_success
	[ "$(cat "$BATS_TEST_TMPDIR/state/xrsh/running.cfg")" = "hostname x1" ]
}

@test "a corrupted saved file is reported by file:line and xrsh starts empty" {
	printf 'hostname good\nthis is not a command\n' >"$CFG"
	run --separate-stderr xr -c 'show running-config hostname'
	[[ "$stderr" == *"$CFG:2: "* ]]
	assert_output '% No such configuration item(s)'
	# the next commit writes a good file again
	run xr -c configure -c 'hostname fixed' -c commit -c end
	assert_success
	[ "$(cat "$CFG")" = "hostname fixed" ]
}

@test "a saved file ending inside a route-policy is not half-loaded" {
	printf 'hostname good\nroute-policy P\n  pass\n' >"$CFG"
	run --separate-stderr xr -c 'show running-config hostname'
	[[ "$stderr" == *"$CFG"* ]]
	assert_output '% No such configuration item(s)'
}

@test "exit codes: success 0, a failed line 1, --continue runs on" {
	run xr -c configure -c 'hostname ok1' -c commit -c end
	assert_success
	run --separate-stderr xr <<'EOF'
configure
hostname -bad
hostname never
commit
EOF
	assert_failure 1
	run xr -c 'show running-config hostname'
	assert_output 'hostname ok1'
	run --separate-stderr xr --continue <<'EOF'
configure
hostname -bad
hostname later
commit
end
EOF
	assert_failure 1
	run xr -c 'show running-config hostname'
	assert_output 'hostname later'
}

@test "a commit whose save fails is reported and exits 1" {
	: >"$BATS_TEST_TMPDIR/plainfile"
	run --separate-stderr "$XRSH" --offline \
	    --config "$BATS_TEST_TMPDIR/plainfile/r.cfg" \
	    -c configure -c 'hostname s1' -c commit -c 'show running-config hostname'
	assert_failure 1
	[[ "$stderr" == *"-c:3: % Failed to save the running configuration: $BATS_TEST_TMPDIR/plainfile"* ]]
}

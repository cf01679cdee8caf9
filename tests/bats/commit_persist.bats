#!/usr/bin/env bats
# Leaving configuration mode with uncommitted changes (the yes/no/cancel
# question answered from the next script line, the end-of-input discard),
# persistence of the running configuration across runs, a corrupted saved
# file, and the exit codes of commit failures.

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
	[ "$(ls -A "$BATS_TEST_TMPDIR" | grep -c running.cfg)" -eq 1 ]
}

@test "the history is not persisted, the configuration is" {
	xr -c configure -c 'hostname h1' -c commit -c end
	run xr -c 'show configuration commit list' -c 'show running-config'
	assert_success
	assert_line --index 2 'Building configuration...'
	refute_line --regexp '^!! Last configuration change'
	assert_line 'hostname h1'
}

@test "XRSH_CONFIG names the file when --config is not given" {
	XRSH_CONFIG="$BATS_TEST_TMPDIR/other.cfg" "$XRSH" -c configure \
	    -c 'hostname env1' -c commit -c end
	[ "$(cat "$BATS_TEST_TMPDIR/other.cfg")" = "hostname env1" ]
	run env XRSH_CONFIG="$BATS_TEST_TMPDIR/other.cfg" "$XRSH" \
	    -c 'show running-config hostname'
	assert_output 'hostname env1'
}

@test "default file is under XDG_STATE_HOME" {
	run env -u XRSH_CONFIG XDG_STATE_HOME="$BATS_TEST_TMPDIR/state" \
	    "$XRSH" -c configure -c 'hostname x1' -c commit -c end
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
	run --separate-stderr "$XRSH" --config "$BATS_TEST_TMPDIR/plainfile/r.cfg" \
	    -c configure -c 'hostname s1' -c commit -c 'show running-config hostname'
	assert_failure 1
	[[ "$stderr" == *"-c:3: % Failed to save the running configuration: $BATS_TEST_TMPDIR/plainfile"* ]]
}

#!/usr/bin/env bats
# Configuration sessions (cmds/config_sessions.c): `configure exclusive`
# and its lock, `show configuration sessions [detail]` in XR's layouts,
# `clear configuration sessions ID`, `show users`, `terminal monitor`,
# and a commit after running moved under the session: silent when the
# changed items are apart, XR's question when they overlap.  One session
# here (batch mode); several sessions are tested through `xrsh --attach`.

bats_require_minimum_version 1.5.0
load helpers

setup() {
	setup_xrsh_env
}

HDR='Current Configuration Session  Line       User     Date                     Lock'
DATE='[A-Z][a-z]{2} [A-Z][a-z]{2} [ 0-9][0-9] [0-9:]{8} [0-9]{4}'
ID='00001000-[0-9a-f]{8}-[0-9a-f]{8}'

@test "show configuration sessions: nothing at all when no session is in config mode" {
	run --separate-stderr xr <<'EOF'
show configuration sessions
show configuration sessions detail
configure
end
show configuration sessions
EOF
	assert_success
	assert_output ''
	run --separate-stderr xr -c 'show configuration sessions | json'
	assert_output '[]'
}

@test "show configuration sessions: a row per session in config mode, detail" {
	run --separate-stderr xr <<'EOF'
configure
router bgp 1
do show configuration sessions
do show configuration sessions detail
EOF
	assert_success
	assert_line --index 0 "$HDR"
	assert_line --index 1 --regexp "^$ID     con0       [^ ]+ +$DATE\$"
	assert_line --index 2 --regexp "^  1\) Session: $ID  $DATE\$"
	assert_line --index 3 '     Line: con0                           Lock: None'
	assert_line --index 4 --regexp '^     User: [^ ]+ +Client: CLI$'
	assert_line --index 5 --regexp '^     Process: config                      PID: [0-9]+$'
	assert_line --index 6 '     Node:                                Elapsed Time: unknown'
	[ "${#lines[@]}" -eq 7 ]
	# the ID carries the PID in hex, as XR's does
	pid=$(sed -n 's/.*PID: //p' <<<"$output")
	assert_line --index 1 --regexp "^$(printf '00001000-%08x-00000000' "$pid") "
}

@test "show configuration sessions is an exec command (do in config mode)" {
	run --separate-stderr xr <<'EOF'
configure
show configuration sessions
EOF
	assert_failure
	[[ "$stderr" == *"% Invalid input detected at '^' marker."* ]]
}

@test "configure exclusive: the row has the lock star, detail says Reserved, json" {
	run --separate-stderr xr <<'EOF'
configure exclusive
do show configuration sessions
do show configuration sessions detail | include Lock
do show configuration sessions | json
EOF
	assert_success
	assert_line --index 0 "$HDR"
	assert_line --index 1 --regexp "^$ID     con0       [^ ]+ +$DATE \*\$"
	assert_line --index 2 --regexp '^     Line: con0 +Lock: Reserved$'
	assert_line --index 3 --regexp '^\[\{"session":"'"$ID"'","line":"con0","user":"[^"]+","date":"[0-9-]{10}T[0-9:]{8}Z","lock":true,"client":"CLI","process":"config","pid":[0-9]+\}\]$'
}

@test "configure exclusive: the lock goes with end, exit, abort and end of input" {
	run --separate-stderr xr <<'EOF'
configure exclusive
end
show configuration sessions
configure exclusive
exit
configure exclusive
hostname r1
abort
show configuration sessions
configure exclusive
hostname r2
commit
do show configuration sessions detail | include Lock
end
configure
do show configuration sessions detail | include Lock
EOF
	assert_success
	assert_output '     Line: con0                           Lock: Reserved
     Line: con0                           Lock: None'
	run --separate-stderr xr -c 'show running-config hostname'
	assert_output 'hostname r2'
}

@test "configure exclusive: committing from the exclusive session works" {
	run --separate-stderr xr <<'EOF'
configure exclusive
hostname ex1
commit
end
show running-config hostname
EOF
	assert_success
	assert_output 'hostname ex1'
}

@test "clear configuration sessions: an unknown ID is refused by name" {
	run --separate-stderr xr <<'EOF'
clear configuration sessions 00001000-deadbeef-00000000
EOF
	assert_failure
	assert_output ''
	[[ "$stderr" == *"% Configuration session '00001000-deadbeef-00000000' does not exist"* ]]
}

@test "clear configuration sessions: the session's own ID ends its configuration session" {
	local fifo="$BATS_TEST_TMPDIR/in" out="$BATS_TEST_TMPDIR/out"
	local err="$BATS_TEST_TMPDIR/err" pid id rc=0
	mkfifo "$fifo"
	"$XRSH" --config "$BATS_TEST_TMPDIR/running.cfg" --offline \
	    <"$fifo" >"$out" 2>"$err" &
	pid=$!
	# (fd 3 is bats's own)
	exec 5>"$fifo"
	id=$(printf '00001000-%08x-00000000' "$pid")
	printf '%s\n' 'configure exclusive' 'hostname gone' \
	    'route-policy HALF' ' pass' \
	    "do clear configuration sessions $id" \
	    'show configuration sessions' 'configure' 'commit' 'end' \
	    'show running-config' >&5
	exec 5>&-
	wait "$pid" || rc=$?
	cat "$err"
	[ "$rc" -eq 0 ]
	# back in exec with nothing kept: no row, no change to commit
	run cat "$out"
	assert_line --index 0 'No configuration changes to commit.'
	refute_output --partial 'gone'
	refute_output --partial 'HALF'
}

@test "show users: a row per session, * on this one" {
	run --separate-stderr xr -c 'show users'
	assert_success
	assert_line --index 0 '   Line            User                 Service  Conns   Idle        Location'
	assert_line --index 1 --regexp '^\*  con0            [^ ]+ +console      0  [0-9]{2}:[0-9]{2}:[0-9]{2}$'
	[ "${#lines[@]}" -eq 2 ]
	run --separate-stderr xr -c 'show users | json'
	assert_output --regexp '^\[\{"line":"con0","user":"[^"]+","service":"console","conns":0,"idle_seconds":[0-9]+,"location":"","current":true\}\]$'
}

@test "terminal monitor: shown by show terminal, off again with disable" {
	run --separate-stderr xr <<'EOF'
show terminal
terminal monitor
show terminal
show terminal | json
terminal monitor disable
show terminal | json
EOF
	assert_success
	assert_line --index 1 'Length: 0 lines, Width: 0 columns'
	assert_line --index 2 'Line con0_RP0_CPU0, Location "0/RP0/CPU0", Type "Console"'
	assert_line --index 4 'Capabilities: Receives Logging Output'
	assert_line --index 5 '{"line":"con0_RP0_CPU0","length":0,"width":0,"monitor":true}'
	assert_line --index 6 '{"line":"con0_RP0_CPU0","length":0,"width":0,"monitor":false}'
	[ "${#lines[@]}" -eq 7 ]
}

@test "a pending commit confirmed trial is a session of its own" {
	run --separate-stderr xr <<'EOF'
configure
hostname t
commit confirmed 60
do show configuration sessions detail
do show configuration sessions | json
commit
do show configuration sessions | count
EOF
	assert_success
	# (bats drops the empty line between the two)
	assert_line --index 5 --regexp "^  2\) Session: 00001000-3b9aca01-00000000  $DATE\$"
	assert_line --index 7 --regexp '^     User: [^ ]+ +Client: commit-confirm$'
	assert_line --index 8 --regexp '^     Process: cfgmgr_trial_co             PID: [0-9]+$'
	assert_line --index 10 --regexp '"session":"00001000-3b9aca01-00000000",[^}]*"client":"commit-confirm","process":"cfgmgr_trial_co"'
	assert_line --index 11 '% Confirming commit for trial session.'
	# the header and this session's row
	assert_line --index 12 '2'
}

@test "clear configuration sessions: the trial's ID rolls the trial back" {
	run --separate-stderr xr <<'EOF'
configure
hostname before
commit
hostname trial
commit confirmed 60
do clear configuration sessions 00001000-3b9aca02-00000000
do show running-config hostname
EOF
	assert_success
	assert_line 'hostname before'
}

@test "running changed under the session, items apart: the commit lands silently" {
	# the trial's expiry commits `hostname a` back under the session
	run --separate-stderr xr <<'EOF'
configure
hostname a
commit
hostname t
commit confirmed 30
router bgp 1
 bgp router-id 1.1.1.1
debug clock advance 31
commit
end
show running-config
show configuration commit list
EOF
	assert_success
	refute_output --partial 'One or more commits have occurred'
	assert_line 'hostname a'
	assert_line 'router bgp 1'
	assert_line ' bgp router-id 1.1.1.1'
	assert_line --regexp '^1    1000000004 .* CLI '
	assert_line --regexp '^2    1000000003 .* Rollback '
}

@test "running changed under the session, items overlap: asks; no keeps the buffer" {
	run --separate-stderr xr <<'EOF'
configure
hostname a
commit
hostname t
commit confirmed 30
hostname mine
debug clock advance 31
commit
no
do show running-config hostname
show configuration merge | include hostname
commit
yes
do show running-config hostname
EOF
	assert_success
	assert_line --index 0 "One or more commits have occurred from other configuration sessions since this session started or since the last commit was made from this session. You can use the 'show configuration commit changes' command to browse the changes."
	assert_line --index 1 'Do you wish to proceed with this commit anyway? [no]: '
	assert_line --index 2 'hostname a'
	assert_line --index 3 'hostname mine'
	assert_line --index 4 --partial 'One or more commits have occurred'
	assert_line --index 6 'hostname mine'
}

@test "running changed under an unchanged candidate: nothing to commit, nothing undone" {
	run --separate-stderr xr <<'EOF'
configure
hostname a
commit
hostname t
commit confirmed 30
router bgp 1
no router bgp 1
debug clock advance 31
commit
end
show running-config hostname
EOF
	assert_success
	assert_line --index 0 'No configuration changes to commit.'
	assert_line --index 1 'hostname a'
}

@test "commit records keep the local session's line" {
	run --separate-stderr xr <<'EOF'
configure
hostname r1
commit
end
show configuration commit list
EOF
	assert_success
	assert_line --regexp '^1    1000000001  .{9} con0_RP0_CPU0       CLI '
}

#!/usr/bin/env bats
# The XR two-stage commit model through batch mode, with `hostname` as the
# configuration item: candidate vs running, show configuration / merge /
# diff, abort, commit list, labels, rollback, commit confirmed and its
# expiry (`debug clock advance` warps the clock instead of sleeping).

bats_require_minimum_version 1.5.0
load helpers

setup() {
	setup_xrsh_env
}

@test "commit makes the candidate running; show running-config layout" {
	run xr <<'EOF'
configure
hostname r1
commit
end
show running-config
EOF
	assert_success
	assert_line --index 0 '!! Building configuration...'
	assert_line --index 1 '!! IOS XR Configuration 24.3.1'
	assert_line --index 2 --regexp '^!! Last configuration change at [A-Z][a-z]{2} [A-Z][a-z]{2} [ 0-9][0-9] [0-9:]{8} [0-9]{4} by .+$'
	assert_line --index 3 '!'
	assert_line --index 4 'hostname r1'
	assert_line --index 5 'end'
	[ "${#lines[@]}" -eq 6 ]
}

@test "nothing takes effect before commit; show configuration, merge, diff" {
	run --separate-stderr xr <<'EOF'
configure
hostname r1
commit
hostname r2
show running-config hostname
show configuration
show
show configuration merge
show commit changes diff
EOF
	assert_success
	expected='hostname r1
Building configuration...
!! IOS XR Configuration 24.3.1
hostname r2
end
Building configuration...
!! IOS XR Configuration 24.3.1
hostname r2
end
Building configuration...
!! IOS XR Configuration 24.3.1
hostname r2
end
Building configuration...
!! IOS XR Configuration 24.3.1
<- hostname r1
+> hostname r2
end'
	assert_output "$expected"
}

@test "show configuration running is the running config with 24.x's banner" {
	run --separate-stderr xr <<'EOF'
configure
hostname r1
commit
hostname r2
show configuration running
EOF
	assert_success
	assert_line --index 0 '!! Building configuration...'
	assert_line --index 1 '!! IOS XR Configuration 24.3.1'
	assert_line --index 2 --regexp '^!! Last configuration change at .* by .+$'
	assert_line --index 3 '!'
	assert_line --index 4 'hostname r1'
	assert_line --index 5 'end'
	[ "${#lines[@]}" -eq 6 ]
}

@test "show running-config before any commit: banner without a last change" {
	run xr -c 'show running-config'
	assert_success
	assert_output '!! Building configuration...
!! IOS XR Configuration 24.3.1
!
end'
}

@test "no hostname shows as a removal and commits" {
	run xr <<'EOF'
configure
hostname r1
commit
no hostname
show configuration
show commit changes diff
commit
show running-config hostname
EOF
	assert_success
	assert_line 'no hostname r1'
	assert_line -- '-  hostname r1'
	assert_line '% No such configuration item(s)'
}

@test "abort discards the candidate and returns to exec" {
	run xr --echo <<'EOF'
configure
hostname r1
commit
hostname zz
abort
show running-config hostname
EOF
	assert_success
	assert_line 'RP/0/RP0/CPU0:r1(config)#abort'
	assert_line 'RP/0/RP0/CPU0:r1#show running-config hostname'
	assert_line 'hostname r1'
	refute_line 'hostname zz'
}

@test "empty commit says so and records nothing" {
	run xr <<'EOF'
configure
commit
hostname r1
hostname ios
no hostname
commit
end
show configuration commit list
EOF
	assert_success
	assert_line --index 0 'No configuration changes to commit.'
	assert_line --index 1 'No configuration changes to commit.'
	[ "${#lines[@]}" -eq 4 ]	# two messages + the list header
}

@test "invalid hostname is rejected at once and changes nothing" {
	run --separate-stderr xr <<'EOF'
configure
hostname bad!name
EOF
	assert_failure 1
	[[ "$stderr" == *"<stdin>:2: % Invalid hostname 'bad!name'"* ]]
	run xr -c 'show running-config hostname'
	assert_output '% No such configuration item(s)'
}

@test "commit IDs, labels, comments and the commit list" {
	run xr <<'EOF'
configure
hostname r1
commit
hostname r2
commit label SECOND
hostname r3
commit comment third one here
end
show configuration commit list
show configuration commit list 2
show configuration commit list 1 detail
EOF
	assert_success
	assert_line --index 0 'SNo. Label/ID    User      Line                Client      Time Stamp'
	assert_line --index 1 '~~~~ ~~~~~~~~    ~~~~      ~~~~                ~~~~~~      ~~~~~~~~~~'
	assert_line --index 2 --regexp '^1    1000000003  .{9} con0_RP0_CPU0       CLI         [A-Z][a-z]{2} '
	assert_line --index 3 --regexp '^2    SECOND      '
	assert_line --index 4 --regexp '^3    1000000001  '
	# `list 2`: header + two rows
	assert_line --index 7 --regexp '^1    1000000003  '
	assert_line --index 8 --regexp '^2    SECOND '
	assert_line --index 9 --regexp '^   1\) CommitId: 1000000003                 Label: NONE$'
	assert_line --index 10 --regexp '^      UserId:   .{27}Line:  con0_RP0_CPU0$'
	assert_line --index 11 --regexp '^      Client:   CLI                        Time:  '
	assert_line --index 12 '      Comment:  third one here'
	[ "${#lines[@]}" -eq 13 ]
}

@test "commit list as json" {
	run xr <<'EOF'
configure
hostname r1
commit label FIRST comment hello world
end
show configuration commit list | json
EOF
	assert_success
	assert_output --regexp '^\[\{"sno":1,"id":1000000001,"label":"FIRST","user":"[^"]+","line":"con0_RP0_CPU0","client":"CLI","time":"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:]{8}Z","comment":"hello world"\}\]$'
}

@test "a label must be unique and commits nothing when it is not" {
	run --separate-stderr xr --continue <<'EOF'
configure
hostname r1
commit label L1
hostname r2
commit label L1
show running-config hostname
EOF
	assert_failure 1
	[[ "$stderr" == *"<stdin>:5: % Label 'L1' is already in use"* ]]
	assert_output 'hostname r1'
}

@test "commit changes: by id, last n, since, all" {
	run xr <<'EOF'
configure
hostname r1
commit
hostname r2
commit label L2
no hostname
commit
end
show configuration commit changes 1000000002
show configuration commit changes last 1
show configuration commit changes since L2
show configuration commit changes all
EOF
	assert_success
	expected='Building configuration...
!! IOS XR Configuration 24.3.1
hostname r2
end
Building configuration...
!! IOS XR Configuration 24.3.1
no hostname r2
end
Building configuration...
!! IOS XR Configuration 24.3.1
no hostname r1
end
Building configuration...
!! IOS XR Configuration 24.3.1
end'
	assert_output "$expected"
}

@test "commit changes of an unknown id is an error" {
	run --separate-stderr xr -c configure -c 'hostname r1' -c commit -c end \
	    -c 'show configuration commit changes 1000000042'
	assert_failure 1
	[[ "$stderr" == *"% Invalid commit ID or label '1000000042'"* ]]
}

@test "rollback configuration to LABEL and last N are new commits" {
	run xr <<'EOF'
configure
hostname r1
commit
hostname r2
commit label TWO
hostname r3
commit
end
rollback configuration to TWO
show running-config hostname
rollback configuration last 1
show running-config hostname
show configuration commit list
EOF
	assert_success
	assert_line --index 0 'Loading Rollback Changes.'
	assert_line --index 1 'Loaded Rollback Changes in 1 sec'
	assert_line --index 2 'Committing.'
	assert_line --index 3 '1 items committed in 1 sec'
	assert_line --index 4 'Updating.'
	assert_line --index 5 'Updated Commit database in 1 sec'
	assert_line --index 6 "Configuration successfully rolled back to 'TWO'."
	# up to and including TWO: the state before it
	assert_line --index 7 'hostname r1'
	assert_line --index 14 'Configuration successfully rolled back 1 commits.'
	assert_line --index 15 'hostname r3'
	assert_line --index 18 --regexp '^1    1000000005  .* Rollback    '
	assert_line --index 19 --regexp '^2    1000000004  .* Rollback    '
	assert_line --index 20 --regexp '^3    1000000003  .* CLI         '
}

@test "rollback preview and rollback errors" {
	run --separate-stderr xr --continue <<'EOF'
configure
hostname r1
commit
end
show configuration rollback changes last 1
rollback configuration last 5
rollback configuration to NOPE
show running-config hostname
EOF
	assert_failure 1
	[[ "$stderr" == *"<stdin>:6: % Cannot roll back 5 commits"* ]]
	[[ "$stderr" == *"<stdin>:7: % No such commit ID or label 'NOPE'"* ]]
	expected='Building configuration...
!! IOS XR Configuration 24.3.1
no hostname r1
end
hostname r1'
	assert_output "$expected"
}

@test "rolling back to the current state changes nothing" {
	run xr <<'EOF'
configure
hostname r1
commit
hostname r2
commit
hostname r1
commit
end
rollback configuration to 1000000002
show configuration commit list
EOF
	assert_success
	# before 1000000002 the hostname was r1, as it is now
	assert_line 'No configuration changes to commit.'
	refute_line --regexp '^4 '
}

@test "rollback configuration to ID undoes that commit and every later one" {
	run xr <<'EOF'
configure
hostname A
commit
hostname B
commit
hostname C
commit
end
rollback configuration to 1000000002
show running-config hostname
EOF
	assert_success
	assert_line 'hostname A'
	refute_line 'hostname B'
}

@test "commit confirmed expires and rolls back (client Rollback)" {
	run --separate-stderr xr <<'EOF'
configure
hostname r1
commit
hostname trial
commit confirmed 30
show running-config hostname
debug clock advance 29
show running-config hostname
debug clock advance 2
show running-config hostname
end
show configuration commit list
EOF
	assert_success
	assert_line --index 0 'hostname trial'
	assert_line --index 1 'hostname trial'
	assert_line --index 2 'hostname r1'
	assert_line --index 5 --regexp '^1    1000000003  .* Rollback    '
	assert_line --index 6 --regexp '^2    1000000002  .* CLI         '
	[[ "$stderr" == *"Trial commit 1000000002 was not confirmed"* ]]
}

@test "a plain commit confirms the trial" {
	run xr <<'EOF'
configure
hostname trial
commit confirmed minutes 1
commit
debug clock advance 120
end
show running-config hostname
show configuration commit list
EOF
	assert_success
	assert_line --index 0 '% Confirming commit for trial session.'
	assert_line --index 1 'hostname trial'
	refute_output --partial 'Rollback'
}

@test "commit confirmed range is checked" {
	run --separate-stderr xr <<'EOF'
configure
hostname r1
commit confirmed 10
EOF
	assert_failure 1
	run xr -c 'show running-config hostname'
	assert_output '% No such configuration item(s)'
}

@test "commit replace asks, and replaces running with the typed lines" {
	run xr <<'EOF'
configure
hostname r1
commit
commit replace
no
show running-config hostname
commit replace
yes
show running-config hostname
EOF
	assert_success
	assert_line --index 0 'This commit will replace or remove the entire running configuration. This'
	assert_line --index 1 'operation can be service affecting.'
	assert_line --index 2 'Do you wish to proceed? [no]: '
	assert_line --index 3 'hostname r1'
	assert_line --index 7 '% No such configuration item(s)'
}

@test "show configuration failed with nothing failed" {
	run xr <<'EOF'
configure
show configuration failed
EOF
	assert_success
	assert_output '% No such configuration item(s)'
}

@test "a semantic error fails the whole commit, names the item, keeps the candidate" {
	run --separate-stderr xr --continue <<'EOF2'
configure
hostname r9
router bgp 65001
 bgp router-id 10.0.0.1
 address-family ipv4 unicast
 !
 neighbor 192.0.2.1
  remote-as 65002
  address-family ipv4 unicast
   route-policy NOPE in
commit
show running-config
show configuration failed
root
route-policy NOPE
  pass
end-policy
commit
show running-config router bgp neighbor 192.0.2.1
EOF2
	assert_failure 1
	[[ "$stderr" == *"<stdin>:11: % Failed to commit one or more configuration items during an atomic operation. No changes have been made."* ]]
	[[ "$stderr" == *"<stdin>:11: !!% "*NOPE* ]]
	expected_head='!! Building configuration...
!! IOS XR Configuration 24.3.1
!
end
!! SEMANTIC ERRORS: This configuration was rejected by 
!! the system due to semantic errors. The individual 
!! errors with each failed configuration command can be 
!! found below.


router bgp 65001
 neighbor 192.0.2.1
  address-family ipv4 unicast
   route-policy NOPE in'
	[[ "$output" == "$expected_head"* ]]
	# (bats drops the two blank lines from $lines)
	assert_line --index 12 --regexp '^!!% .*NOPE'
	assert_line --index 13 '  !'
	assert_line --index 14 ' !'
	assert_line --index 15 '!'
	assert_line --index 16 'end'
	# the fixed candidate commits: the section shows the neighbor
	assert_line --index 17 'router bgp 65001'
	assert_line --index 18 ' neighbor 192.0.2.1'
	assert_line --index 19 '  remote-as 65002'
}

@test "show configuration failed closes a failing block at its own indentation" {
	run --separate-stderr xr --continue <<'EOF2'
configure
router bgp 1
neighbor 192.0.2.1
remote-as 2
address-family ipv6 unicast
exit
exit
neighbor 192.0.2.2
commit
show configuration failed
no neighbor 192.0.2.2
neighbor 192.0.2.1
no address-family ipv6 unicast
show configuration failed
EOF2
	assert_failure 1
	failed="!! SEMANTIC ERRORS: This configuration was rejected by 
!! the system due to semantic errors. The individual 
!! errors with each failed configuration command can be 
!! found below.


router bgp 1
 neighbor 192.0.2.1
  address-family ipv6 unicast
!!% 'BGP' detected the 'warning' condition 'The address family has not been initialized'
  !
 !
!
router bgp 1
 neighbor 192.0.2.2
!!% 'BGP' detected the 'warning' condition 'Remote AS must be configured for neighbor 192.0.2.2'
 !
!
end"
	# the same after the failing blocks were removed from the candidate
	assert_output "$failed
$failed"
}

@test "leaving config with an unconfirmed trial asks; yes rolls it back now" {
	run --separate-stderr xr <<'EOF2'
configure
hostname a
commit
hostname t
commit confirmed 30
end
no
show running-config hostname
end
yes
show running-config hostname
show configuration commit list 1
EOF2
	assert_success
	assert_line --index 0 "You are exiting after a 'commit confirm' with an active rollback session.  If you exit the configuration awaiting confirmation will not be confirmed and the router will immediately rollback to the previous configuration."
	assert_line --index 1 'Do you wish to exit? [no]: '
	assert_line --index 2 'hostname t'
	assert_line --index 5 'hostname a'
	assert_line --index 8 --regexp '^1    1000000003  .* Rollback    '
	[[ "$stderr" == *"Trial commit 1000000002 was abandoned"* ]]
}

@test "a trial left unconfirmed when xrsh exits is not saved" {
	xr -c configure -c 'hostname a' -c commit -c end
	run xr -c configure -c 'hostname t' -c 'commit confirmed 30'
	assert_success
	[ "$(cat "$BATS_TEST_TMPDIR/running.cfg")" = "hostname a" ]
	run xr -c 'show running-config hostname'
	assert_output 'hostname a'
}

@test "show running-config sections" {
	xr <<'EOF2'
configure
hostname s1
prefix-set PS
 10.0.0.0/8 le 24
end-set
route-policy PASS
 pass
end-policy
router bgp 65001
 bgp router-id 10.0.0.1
 address-family ipv4 unicast
 !
 neighbor 192.0.2.1
  remote-as 65002
  address-family ipv4 unicast
   route-policy PASS in
  !
 !
 neighbor 192.0.2.2
  remote-as 65003
commit
EOF2
	run xr <<'EOF2'
show running-config router bgp neighbor 192.0.2.2
show running-config route-policy PASS
show running-config prefix-set
show running-config router bgp 65001 neighbor 192.0.2.1 address-family ipv4 unicast
show running-config router ospf
show running-config route-policy NOPE
EOF2
	assert_success
	expected='router bgp 65001
 neighbor 192.0.2.2
  remote-as 65003
 !
!
route-policy PASS
  pass
end-policy
!
prefix-set PS
  10.0.0.0/8 le 24
end-set
!
router bgp 65001
 neighbor 192.0.2.1
  address-family ipv4 unicast
   route-policy PASS in
  !
 !
!
% No such configuration item(s)
% No such configuration item(s)'
	assert_output "$expected"
}

@test "show running-config sections: keywords abbreviate at every level" {
	xr <<'EOF2'
configure
hostname s1
prefix-set PS
 10.0.0.0/8 le 24
end-set
route-policy PASS
 pass
end-policy
router bgp 65001
 address-family ipv4 unicast
 !
 neighbor-group NG
  remote-as 65009
 !
 neighbor 192.0.2.1
  remote-as 65002
  address-family ipv4 unicast
   route-policy PASS in
commit
EOF2
	bgp='router bgp 65001
 address-family ipv4 unicast
 !
 neighbor-group NG
  remote-as 65009
 !
 neighbor 192.0.2.1
  remote-as 65002
  address-family ipv4 unicast
   route-policy PASS in
  !
 !
!'
	nbr='router bgp 65001
 neighbor 192.0.2.1
  remote-as 65002
  address-family ipv4 unicast
   route-policy PASS in
  !
 !
!'
	run xr -c 'show running-config router bgp'
	assert_success
	assert_output "$bgp"
	run xr -c 'sh run router bg'
	assert_success
	assert_output "$bgp"
	# route-policy does not continue with bgp: r is router here
	run xr -c 'sh run r bgp'
	assert_success
	assert_output "$bgp"
	run xr -c 'sh run router bgp neigh 192.0.2.1'
	assert_success
	assert_output "$nbr"
	run xr -c 'sh run r b ne 192.0.2.1'
	assert_success
	assert_output "$nbr"
	run xr -c 'sh run ro bg nei 192.0.2.1 add ipv4 uni rou'
	assert_success
	assert_output 'router bgp 65001
 neighbor 192.0.2.1
  address-family ipv4 unicast
   route-policy PASS in
  !
 !
!'
	# the exact keyword wins over the longer one it begins
	run xr -c 'sh run router bgp neighbor'
	assert_success
	assert_output "$nbr"
	run xr -c 'sh run router bgp neighbor-g NG'
	assert_success
	assert_output 'router bgp 65001
 neighbor-group NG
  remote-as 65009
 !
!'
	run xr -c 'sh run route-pol PASS'
	assert_success
	assert_output 'route-policy PASS
  pass
end-policy
!'
	# names, addresses and numbers are never abbreviated; r alone and
	# ne alone (neighbor or neighbor-group) are ambiguous
	for sec in 'route-policy PAS' 'router bgp neighbor 192.0.2' \
	    'router bgp 6500 neighbor' 'hostname s' 'r' 'router bgp ne'; do
		run xr -c "sh run $sec"
		assert_success
		assert_output '% No such configuration item(s)'
	done
}

@test "commit replace replays only this config session's lines" {
	run xr <<'EOF2'
configure
hostname old
commit
hostname discarded
exit
no
configure
router bgp 1
 bgp router-id 1.1.1.1
 exit
hostname b
commit replace
yes
show running-config
EOF2
	assert_success
	assert_line 'hostname b'
	assert_line 'router bgp 1'
	assert_line ' bgp router-id 1.1.1.1'
	refute_line 'hostname old'
	refute_line 'hostname discarded'
}

@test "running changed under an open session: commit asks, then re-applies" {
	# the session's hostname overlaps the expired trial's rollback (see
	# config_sessions.bats for changes apart, which commit silently)
	run --separate-stderr xr <<'EOF2'
configure
hostname a
commit
hostname t
commit confirmed 30
hostname t2
router bgp 1
 bgp router-id 1.1.1.1
debug clock advance 31
commit
no
show running-config hostname
commit
yes
show running-config
EOF2
	assert_success
	assert_line --index 0 "One or more commits have occurred from other configuration sessions since this session started or since the last commit was made from this session. You can use the 'show configuration commit changes' command to browse the changes."
	assert_line --index 1 'Do you wish to proceed with this commit anyway? [no]: '
	assert_line --index 2 'hostname a'
	# the expired trial stays rolled back; this session's own lines apply
	assert_line 'router bgp 1'
	assert_line ' bgp router-id 1.1.1.1'
	refute_line 'hostname t'
	assert_line --index 9 'hostname t2'
}

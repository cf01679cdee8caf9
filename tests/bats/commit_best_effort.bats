#!/usr/bin/env bats
# `commit best-effort`: the items of the candidate that pass verification
# are committed, the others are reported one line each (on stderr, with
# the script line), stay in the session's candidate and are listed by
# `show configuration failed`.  When every item fails nothing is
# committed and the command fails.

bats_require_minimum_version 1.5.0
load helpers

setup() {
	setup_xrsh_env
	CFG="$BATS_TEST_TMPDIR/running.cfg"
}

# One good neighbor (its policy defined) and one whose policy is not.
good_and_bad() {
	cat <<'EOF'
configure
route-policy PASS
  pass
end-policy
router bgp 65001
bgp router-id 10.0.0.1
address-family ipv4 unicast
exit
neighbor 192.0.2.1
remote-as 65002
address-family ipv4 unicast
route-policy PASS in
root
router bgp 65001
neighbor 192.0.2.2
remote-as 65003
address-family ipv4 unicast
route-policy NOPE in
root
EOF
}

@test "best-effort commits the good neighbor and skips the one with an undefined policy" {
	{
		good_and_bad
		cat <<'EOF'
commit best-effort
show running-config router bgp
show configuration
show configuration failed
EOF
	} >"$BATS_TEST_TMPDIR/script"
	run --separate-stderr xr -f "$BATS_TEST_TMPDIR/script"
	assert_success
	# one line per skipped item, then the outcome
	[ "$(printf '%s\n' "$stderr" | grep -c 'Skipped')" -eq 1 ]
	[[ "$stderr" == *"script:20: % Skipped (failed verification): router bgp 65001 neighbor 192.0.2.2: 'RPL' detected the 'warning' condition 'Policy [NOPE] is not defined, attached at neighbor 192.0.2.2 address-family ipv4 unicast in'"* ]]
	[[ "$stderr" == *"script:20: % Committed the items that passed verification; 1 item was skipped and left uncommitted."* ]]
	expected='router bgp 65001
 bgp router-id 10.0.0.1
 address-family ipv4 unicast
 !
 neighbor 192.0.2.1
  remote-as 65002
  address-family ipv4 unicast
   route-policy PASS in
  !
 !
!
Building configuration...
!! IOS XR Configuration 24.3.1
router bgp 65001
 neighbor 192.0.2.2
  remote-as 65003
  address-family ipv4 unicast
   route-policy NOPE in
  !
 !
!
end
!! SEMANTIC ERRORS: This configuration was rejected by 
!! the system due to semantic errors. The individual 
!! errors with each failed configuration command can be 
!! found below.


router bgp 65001
 neighbor 192.0.2.2
  address-family ipv4 unicast
   route-policy NOPE in
!!% '"'RPL' detected the 'warning' condition 'Policy [NOPE] is not defined, attached at neighbor 192.0.2.2 address-family ipv4 unicast in'"'
  !
 !
!
end'
	assert_output "$expected"
	# saved: the next run has the good part only, in one commit
	run xr -c 'show running-config' -c 'show configuration commit list'
	assert_line 'route-policy PASS'
	assert_line ' neighbor 192.0.2.1'
	refute_output --partial '192.0.2.2'
	refute_output --partial 'NOPE'
	assert_line --regexp '^1    1000000001  .* CLI         '
	refute_line --regexp '^2 '
}

@test "the skipped items stay in the candidate: fixed, a plain commit takes them" {
	{
		good_and_bad
		cat <<'EOF'
commit best-effort
route-policy NOPE
  drop
end-policy
commit
show running-config router bgp neighbor 192.0.2.2
show configuration failed
show configuration commit list
EOF
	} >"$BATS_TEST_TMPDIR/script"
	run --separate-stderr xr -f "$BATS_TEST_TMPDIR/script"
	assert_success
	# no "commits have occurred" question: the session's own commit
	refute_output --partial 'One or more commits have occurred'
	assert_line --index 0 'router bgp 65001'
	assert_line --index 1 ' neighbor 192.0.2.2'
	assert_line '   route-policy NOPE in'
	assert_line '% No such configuration item(s)'
	assert_line --regexp '^1    1000000002  '
	assert_line --regexp '^2    1000000001  '
}

@test "best-effort where every item fails commits nothing and says so" {
	run --separate-stderr xr --continue <<'EOF'
configure
router bgp 65001
neighbor 192.0.2.2
remote-as 65003
address-family ipv4 unicast
route-policy NOPE in
root
router bgp 65001
neighbor 192.0.2.3
exit
exit
commit best-effort
show configuration failed
end
no
show running-config
show configuration commit list
EOF
	assert_failure 1
	[ "$(printf '%s\n' "$stderr" | grep -c 'Skipped')" -eq 2 ]
	# the first reason on the line, every reason in show configuration failed
	[[ "$stderr" == *"<stdin>:12: % Skipped (failed verification): router bgp 65001 neighbor 192.0.2.2: 'BGP' detected the 'warning' condition 'The address family has not been initialized'"* ]]
	[[ "$stderr" == *"<stdin>:12: % Skipped (failed verification): router bgp 65001 neighbor 192.0.2.3: 'BGP' detected the 'warning' condition 'Remote AS must be configured for neighbor 192.0.2.3'"* ]]
	[[ "$stderr" == *"<stdin>:12: % Failed to commit one or more configuration items during a best-effort operation: every item failed verification. No changes have been made."* ]]
	assert_line "!!% 'BGP' detected the 'warning' condition 'Remote AS must be configured for neighbor 192.0.2.3'"
	assert_line "!!% 'BGP' detected the 'warning' condition 'The address family has not been initialized'"
	assert_line --partial "!!% 'RPL' detected the 'warning' condition 'Policy [NOPE] is not defined"
	# nothing committed, nothing saved
	refute_output --partial 'router bgp'$'\n'' neighbor'
	refute_line --regexp '^1    1000'
	[ ! -e "$CFG" ]
}

@test "best-effort of a candidate that verifies is a plain commit" {
	run --separate-stderr xr <<'EOF'
configure
hostname be1
router bgp 65001
neighbor 192.0.2.1
remote-as 65002
root
commit best-effort label BE1
show configuration
end
show configuration commit list
show running-config hostname
EOF
	assert_success
	[ "$stderr" = "" ]
	assert_line --index 0 'Building configuration...'
	assert_line --index 2 'end'
	assert_line --regexp '^1    BE1         '
	assert_line 'hostname be1'
}

@test "best-effort skips deleting a policy still in use and commits the rest" {
	xr <<'EOF'
configure
route-policy PASS
  pass
end-policy
router bgp 65001
address-family ipv4 unicast
exit
neighbor 192.0.2.1
remote-as 65002
address-family ipv4 unicast
route-policy PASS in
root
commit
EOF
	run --separate-stderr xr <<'EOF'
configure
hostname be2
no route-policy PASS
router bgp 65001
neighbor 192.0.2.1
remote-as 65009
root
commit best-effort
show running-config
show configuration
EOF
	assert_success
	[ "$(printf '%s\n' "$stderr" | grep -c 'Skipped')" -eq 1 ]
	[[ "$stderr" == *"% Skipped (failed verification): no route-policy PASS: 'RPL' detected the 'warning' condition 'Policy [PASS] is not defined, attached at neighbor 192.0.2.1 address-family ipv4 unicast in'"* ]]
	# the hostname and the neighbor's change went in, the policy stayed
	assert_line 'hostname be2'
	assert_line 'route-policy PASS'
	assert_line '  remote-as 65009'
	# what is left in the candidate: the deletion
	assert_line 'no route-policy PASS'
}

@test "best-effort without changes says so" {
	run xr <<'EOF'
configure
commit best-effort
EOF
	assert_success
	assert_output 'No configuration changes to commit.'
}

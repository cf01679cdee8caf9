#!/usr/bin/env bats
# `load FILE` in config mode: the file's lines merge into the candidate as
# if typed in (config), nothing is committed; a file with errors reports
# each as FILE:LINE (line, caret, message) and changes nothing.

load helpers
bats_require_minimum_version 1.5.0

P='RP/0/RP0/CPU0:ios'

setup() {
	cd "$BATS_TEST_TMPDIR"
	cat >good.cfg <<'EOF2'
! a comment, then a blank line

hostname r9
route-policy PASS
  pass
end-policy
!
router bgp 65001
 address-family ipv4 unicast
 neighbor 192.0.2.2
  remote-as 65002
  address-family ipv4 unicast
   route-policy PASS in
EOF2
	cat >bad.cfg <<'EOF2'
hostname r8
router bgp 65001
 neighbor 192.0.2.3
  remote-as bogus
  sh conf
prefix-set P
 10.0.0.0/8 ge 40
end-set
EOF2
}

@test "load merges a file into the candidate, says how much, commits nothing" {
	run --separate-stderr xr --echo <<'EOF2'
configure
hostname keep
load good.cfg
show configuration
abort
show running-config
EOF2
	assert_success
	[ "$stderr" = "" ]
	assert_line "$P(config)#load good.cfg"
	assert_line 'Loading.'
	assert_line --regexp "^$(wc -c <good.cfg) bytes parsed in [0-9]+ sec \([0-9]+\)bytes/sec\$"
	assert_line '10 configuration lines loaded into the target configuration (not committed)'
	assert_output --partial "$P(config)#show configuration
Building configuration...
!! IOS XR Configuration 24.3.1
hostname r9
route-policy PASS
  pass
end-policy
!
router bgp 65001
 address-family ipv4 unicast
 !
 neighbor 192.0.2.2
  remote-as 65002
  address-family ipv4 unicast
   route-policy PASS in
  !
 !
!
end"
	# nothing reached running: abort dropped it all
	run --separate-stderr xr -c 'show running-config'
	assert_success
	refute_output --partial 'r9'
	refute_output --partial 'router bgp'
}

@test "a file with errors: FILE:LINE with the caret, candidate unchanged" {
	run --separate-stderr xr --continue <<'EOF2'
configure
hostname keep
router bgp 65001
show configuration
load bad.cfg
show configuration
EOF2
	[ "$status" -eq 1 ]
	[ "$stderr" = '<stdin>:5: bad.cfg:4:   remote-as bogus
<stdin>:5: bad.cfg:4:             ^
<stdin>:5: bad.cfg:4: % Invalid input detected at '"'^'"' marker.
<stdin>:5: bad.cfg:5:   sh conf
<stdin>:5: bad.cfg:5: % Ambiguous command: "sh conf"
<stdin>:5: bad.cfg:7: % Invalid input in prefix-set P, line 2, column 16 at '"'40'"': invalid ge length '"'40'"': must be 8-32
<stdin>:5: bad.cfg:8: % prefix-set P was not created: line 2 was rejected
<stdin>:5: % 4 lines of bad.cfg failed: nothing was loaded, the target configuration is unchanged
<stdin>:6: % WARNING: Uncommitted changes were discarded at end of input' ]
	# the two show configuration outputs are the same: hostname r8 and
	# neighbor 192.0.2.3 (valid lines of the bad file) are not in it
	first=$(sed -n '1,/^end$/p' <<<"$output")
	second=$(sed -n '/^Loading\.$/,$p' <<<"$output" | sed 1d)
	[ "$first" = "$second" ]
	[[ "$first" == *"hostname keep"* ]]
	[[ "$output" != *"r8"* ]]
	[[ "$output" != *"192.0.2.3"* ]]
}

@test "errors show inline in an interactive-style transcript" {
	run --separate-stderr xr --echo --continue -c configure -c 'load bad.cfg'
	[ "$status" -eq 1 ]
	assert_line "$P(config)#load bad.cfg"
	assert_line 'bad.cfg:4:   remote-as bogus'
	assert_line 'bad.cfg:4:             ^'
	assert_line '% 4 lines of bad.cfg failed: nothing was loaded, the target configuration is unchanged'
}

@test "a missing file, a directory" {
	run --separate-stderr xr --continue -c configure -c 'load nope.cfg' \
	    -c 'load .'
	[ "$status" -eq 1 ]
	[ "$stderr" = "-c:2: % Couldn't open file nope.cfg: No such file or directory
-c:3: % Couldn't open file .: Is a directory" ]
	assert_output ''
}

@test "relative to the current directory; absolute paths too" {
	mkdir sub
	cp good.cfg sub/g.cfg
	cd sub
	run --separate-stderr xr -c configure -c 'load g.cfg' \
	    -c "load $BATS_TEST_TMPDIR/good.cfg" -c 'show configuration' \
	    -c abort
	assert_success
	assert_line 'hostname r9'
}

@test "typed in a sub-mode it runs from (config), where the session goes" {
	run --separate-stderr xr --echo <<'EOF2'
configure
router bgp 65001
neighbor 192.0.2.9
remote-as 1
load good.cfg
router bgp 65001
neighbor 192.0.2.9
remote-as 2
show configuration
abort
EOF2
	assert_success
	[ "$stderr" = "" ]
	assert_line "$P(config-bgp-nbr)#load good.cfg"
	assert_line "$P(config)#router bgp 65001"
	assert_output --partial ' neighbor 192.0.2.9
  remote-as 2'
}

@test "a saved configuration (show running-config) loads back whole" {
	run --separate-stderr xr -c configure -c 'load good.cfg' -c commit
	assert_success
	run --separate-stderr xr -c 'show running-config'
	assert_success
	saved=$output
	printf '%s\n' "$saved" >saved.cfg
	# a fresh config file: nothing running
	other=("$XRSH" --config "$BATS_TEST_TMPDIR/other.cfg" --offline)
	run --separate-stderr "${other[@]}" -c configure -c 'load saved.cfg' \
	    -c commit
	assert_success
	[ "$stderr" = "" ]
	assert_line '10 configuration lines loaded into the target configuration (not committed)'
	run --separate-stderr "${other[@]}" -c 'show running-config'
	assert_success
	# same configuration (the change-time line differs)
	[ "$(grep -v '^!! Last' <<<"$output")" = \
	    "$(grep -v '^!! Last' <<<"$saved")" ]
}

@test "commit replace after load replaces running with the file" {
	run --separate-stderr xr <<'EOF2'
configure
hostname old
prefix-set OLD
 10.0.0.0/8
end-set
commit
load good.cfg
hostname r10
commit replace
yes
end
show running-config
EOF2
	assert_success
	[[ "$output" != *"OLD"* ]]
	assert_line 'hostname r10'
	assert_line '   route-policy PASS in'
}

@test "commands that are not configuration are refused in a loaded file" {
	printf 'hostname x1\ncommit\ndo show version\nshow configuration\n' >cmds.cfg
	run --separate-stderr xr --continue -c configure -c 'load cmds.cfg' \
	    -c 'show configuration'
	[ "$status" -eq 1 ]
	[ "$stderr" = "-c:2: cmds.cfg:2: % 'commit' is not a configuration command: not loaded
-c:2: cmds.cfg:3: % 'do' is not a configuration command: not loaded
-c:2: cmds.cfg:4: % 'show' is not a configuration command: not loaded
-c:2: % 3 lines of cmds.cfg failed: nothing was loaded, the target configuration is unchanged" ]
	[[ "$output" != *"x1"* ]]
	# and running was never committed
	run --separate-stderr xr -c 'show running-config'
	[[ "$output" != *"x1"* ]]
}

@test "a file ending inside a route-policy loads nothing" {
	printf 'hostname x2\nroute-policy OPEN\n pass\n' >open.cfg
	run --separate-stderr xr --continue -c configure -c 'load open.cfg' \
	    -c 'show configuration'
	[ "$status" -eq 1 ]
	[ "$stderr" = "-c:2: open.cfg:3: % Incomplete definition at end of input (config-rpl)
-c:2: % 1 line of open.cfg failed: nothing was loaded, the target configuration is unchanged" ]
	[[ "$output" != *"x2"* ]]
}

@test "load ? offers the file argument" {
	run --separate-stderr xr -c configure -c 'describe load ?'
	assert_success
	assert_output --regexp 'WORD +Configuration file to load'
}

@test "blocks closed with exit, even at top level, load and replay" {
	printf 'router bgp 1\n neighbor 192.0.2.1\n  remote-as 2\n exit\nexit\nexit\nhostname zz\n' >ex.cfg
	run --separate-stderr xr -c configure -c 'load ex.cfg' \
	    -c 'commit replace' -c yes
	assert_success
	[ "$stderr" = "" ]
	assert_line '7 configuration lines loaded into the target configuration (not committed)'
	run --separate-stderr xr -c 'show running-config'
	assert_line 'hostname zz'
	assert_line '  remote-as 2'
}

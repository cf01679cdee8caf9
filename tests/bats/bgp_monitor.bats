#!/usr/bin/env bats
# bgp-monitor (config-bgp-monitor): the section's lines, canonical render
# and round trip through the saved configuration, `no` forms, `?` help,
# the sub-mode prompt, errors at once (bad AS list, incomplete lines) and
# at commit (a prefix-set that does not exist, a relationship file that
# cannot be read or has bad lines, named by line number) with nothing
# applied, and the shows on an idle router (with | json).

bats_require_minimum_version 1.5.0
load helpers

setup() {
	setup_xrsh_env
	cp "$SRCDIR/tests/data/as-rel-sample.txt" "$BATS_TEST_TMPDIR/as-rel.txt"
	REL="$BATS_TEST_TMPDIR/as-rel.txt"
	TYPED="configure
prefix-set OWN
  192.0.2.0/24 le 28
end-set
prefix-set CUST
  198.51.100.0/24
end-set
router bgp 64500
exit
bgp-monitor
relationship 65020 provider
protected prefix-set OWN origin-as 65001
relationship 65010 customer
protected prefix-set CUST origin-as 65010,4200000001
relationship file $REL
long-path threshold 30
flap threshold 5 window 120
alert long-path none
alert leak log
history depth 4
commit
end"
	CANON="bgp-monitor
 protected prefix-set CUST origin-as 65010,4200000001
 protected prefix-set OWN origin-as 65001
 relationship 65010 customer
 relationship 65020 provider
 relationship file $REL
 long-path threshold 30
 flap threshold 5 window 120
 alert leak log
 alert long-path none
 history depth 4
!"
}

@test "bgp-monitor: typed lines render canonically after router bgp and round-trip" {
	run --separate-stderr xr <<<"$TYPED"
	assert_success
	[ "$stderr" = "" ]
	run --separate-stderr xr -c 'show running-config bgp-monitor'
	assert_success
	[ "$output" = "$CANON" ]
	run xr -c 'show running-config'
	assert_output --partial "router bgp 64500
!
$CANON
end"
	# pasting the rendering into a fresh router changes nothing
	rm -f "$BATS_TEST_TMPDIR/running.cfg"
	printf 'configure\nprefix-set OWN\n  192.0.2.0/24\nend-set\nprefix-set CUST\n  198.51.100.0/24\nend-set\n%s\ncommit\nend\nshow running-config bgp-monitor\n' \
	    "$CANON" >"$BATS_TEST_TMPDIR/paste"
	run --separate-stderr xr -f "$BATS_TEST_TMPDIR/paste"
	assert_success
	[ "$output" = "$CANON" ]
	# --check validates a file holding it
	run --separate-stderr xr -c 'show running-config' 
	printf '%s\n' "$output" >"$BATS_TEST_TMPDIR/saved.cfg"
	run "$XRSH" --check "$BATS_TEST_TMPDIR/saved.cfg"
	assert_success
}

@test "bgp-monitor: no forms remove one line, all of a kind, the section" {
	run xr <<<"$TYPED"
	assert_success
	run --separate-stderr xr <<'EOF'
configure
bgp-monitor
no protected prefix-set CUST
no relationship 65020
no relationship file
no long-path threshold
no flap threshold
no alert long-path
no history depth
commit
end
show running-config bgp-monitor
EOF
	assert_success
	[ "$output" = "bgp-monitor
 protected prefix-set OWN origin-as 65001
 relationship 65010 customer
 alert leak log
!" ]
	run --separate-stderr xr <<'EOF'
configure
bgp-monitor
no protected prefix-set
no relationship
no alert
commit
end
show running-config bgp-monitor
EOF
	[ "$output" = "bgp-monitor
!" ]
	run xr <<'EOF'
configure
no bgp-monitor
commit
end
show running-config bgp-monitor
EOF
	assert_output '% No such configuration item(s)'
}

@test "bgp-monitor: bad input is refused at once and changes nothing" {
	run --separate-stderr xr --continue <<'EOF'
configure
bgp-monitor
protected prefix-set OWN origin-as 65001,abc
protected prefix-set OWN origin-as 65001,,65002
protected prefix-set OWN origin-as 0
protected prefix-set OWN
relationship 65010
relationship 65010 sibling
flap threshold 5
alert leak
long-path threshold 0
history depth 65
relationship file as-rel.txt
show configuration
EOF
	assert_failure
	[[ "$stderr" == *"% Invalid AS number 'abc' in the origin-as list"* ]]
	[[ "$stderr" == *"% Invalid AS number '0' in the origin-as list"* ]]
	[[ "$stderr" == *"% Invalid file name 'as-rel.txt': give an absolute path"* ]]
	[ "$(grep -c 'Incomplete command' <<<"$stderr")" -eq 4 ]
	[ "$(grep -c 'Invalid input detected' <<<"$stderr")" -ge 3 ]
	# the section itself exists, but none of the lines
	assert_output --partial "bgp-monitor
!"
	refute_output --partial "protected"
	refute_output --partial "relationship 65010"
}

@test "bgp-monitor: commit checks name the missing prefix-set and the file's bad lines; nothing applied" {
	printf '# test\n65001|65002|-1\nnot a line\n65003|65003|0\n65004|65005|1\n65004|65005|0|bgp\n' \
	    >"$BATS_TEST_TMPDIR/bad-rel.txt"
	run --separate-stderr xr --continue <<EOF
configure
router bgp 64500
exit
bgp-monitor
protected prefix-set NOPE origin-as 65009
relationship file $BATS_TEST_TMPDIR/bad-rel.txt
commit
show configuration failed
relationship file $BATS_TEST_TMPDIR/none.txt
no protected prefix-set NOPE
commit
end
no
show running-config bgp-monitor
EOF
	assert_failure
	[[ "$stderr" == *"!!% The prefix-set NOPE does not exist"* ]]
	[[ "$stderr" == *"!!% Relationship file, line 3: expected <as1>|<as2>|<-1 or 0>"* ]]
	[[ "$stderr" == *"!!% Relationship file, line 4: an AS cannot have a relationship with itself"* ]]
	[[ "$stderr" == *"!!% Relationship file, line 5: the relationship must be -1 (provider|customer) or 0 (peer|peer)"* ]]
	[[ "$stderr" != *"line 6"* ]]
	[[ "$stderr" == *"!!% Relationship file: cannot open $BATS_TEST_TMPDIR/none.txt"* ]]
	assert_output --partial " protected prefix-set NOPE origin-as 65009
!!% The prefix-set NOPE does not exist"
	assert_line '% No such configuration item(s)'
}

@test "bgp-monitor: the sub-mode prompt and ? help" {
	run --separate-stderr xr --echo <<'EOF'
configure
bgp-monitor
exit
EOF
	assert_line 'RP/0/RP0/CPU0:ios(config-bgp-monitor)#exit'
	run --separate-stderr xr <<'EOF'
configure
describe bgp-
bgp-monitor
describe relationship 
describe relationship 65010 
describe alert 
describe alert leak 
describe flap threshold 5 
describe protected prefix-set X 
EOF
	assert_line --partial '  bgp-monitor  BGP routing monitor: hijack, leak, long-path and flap alerts'
	assert_line '  file            AS relationships from a file in CAIDA as-rel format (a|b|-1, a|b|0)'
	assert_line '  customer  The AS is our customer'
	assert_line '  provider  The AS is our provider'
	assert_line '  leak           AS path breaking the valley-free rule'
	assert_line '  none  Do not raise it'
	assert_line '  window  Time window (default 60 seconds)'
	assert_line '  origin-as  The ASes allowed to originate it'
}

@test "bgp-monitor: show bgp-monitor summarises the configuration, alerts empty, | json" {
	run xr <<<"$TYPED"
	assert_success
	run --separate-stderr xr -c 'show bgp-monitor'
	assert_success
	assert_line 'BGP monitor: configured'
	assert_line '    CUST, allowed origin AS 65010,4200000001'
	assert_line '  Long-path threshold: 30'
	assert_line '  Flap threshold: 5 changes within 120 seconds'
	assert_line '  Origin history depth: 4'
	assert_line "  Relationship file: $REL"
	assert_line --regexp '^long-path +LONG_PATH +none +0$'
	assert_line --regexp '^origin-change +ORIGIN_CHANGE +log +0$'
	run --separate-stderr xr -c 'show bgp-monitor | json'
	assert_success
	[ "$(jq -r '.configured' <<<"$output")" = true ]
	[ "$(jq -r '.protected[0].prefix_set' <<<"$output")" = CUST ]
	[ "$(jq -r '.protected[0].origin_as[1]' <<<"$output")" = 4200000001 ]
	[ "$(jq -r '.relationship_file' <<<"$output")" = "$REL" ]
	[ "$(jq -r '.alert_kinds | length' <<<"$output")" = 5 ]
	[ "$(jq -r '.alert_kinds[3].action' <<<"$output")" = none ]
	[ "$(jq -r '.alerts_buffer_size' <<<"$output")" = 10000 ]
	run --separate-stderr xr -c 'show bgp-monitor alerts | json'
	assert_success
	[ "$(jq -r '.alerts | length' <<<"$output")" = 0 ]
	run --separate-stderr xr -c 'show bgp-monitor origin-history prefix 192.0.2.0/24'
	assert_success
	assert_line '  No origin seen'
	run --separate-stderr xr -c 'show bgp-monitor origin-history prefix 192.0.2.0/24 | json'
	[ "$(jq -r '.origins | length' <<<"$output")" = 0 ]
	run --separate-stderr xr -c 'clear bgp-monitor alerts'
	assert_success
}

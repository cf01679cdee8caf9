#!/usr/bin/env bats
# Entering RPL objects through batch mode: the block sub-prompts, abort,
# exit, the redefinition warning, syntax errors (named, nothing created),
# elements rejected as they are typed, blocks left open at end of input,
# `no` forms, and the seed's community-sets and policies shown back in
# canonical form.

bats_require_minimum_version 1.5.0
load helpers

setup() {
	setup_xrsh_env
}

@test "route-policy block prompts follow if / elseif / else / endif" {
	run --separate-stderr xr --echo <<'EOF'
configure
route-policy CUST_IN
  if destination in (10.0.0.0/8 le 24) then
    if med eq 5 then
      pass
    endif
    set local-preference 200
  elseif community matches-any (65000:1) then
    drop
  else
    set med 10
  endif
end-policy
EOF
	assert_success
	assert_line --index 1 'RP/0/RP0/CPU0:ios(config)#route-policy CUST_IN'
	assert_line --index 2 'RP/0/RP0/CPU0:ios(config-rpl)#  if destination in (10.0.0.0/8 le 24) then'
	assert_line --index 3 'RP/0/RP0/CPU0:ios(config-rpl-if)#    if med eq 5 then'
	assert_line --index 4 'RP/0/RP0/CPU0:ios(config-rpl-if)#      pass'
	assert_line --index 5 'RP/0/RP0/CPU0:ios(config-rpl-if)#    endif'
	assert_line --index 6 'RP/0/RP0/CPU0:ios(config-rpl-if)#    set local-preference 200'
	assert_line --index 7 'RP/0/RP0/CPU0:ios(config-rpl-if)#  elseif community matches-any (65000:1) then'
	assert_line --index 8 'RP/0/RP0/CPU0:ios(config-rpl-elseif)#    drop'
	assert_line --index 9 'RP/0/RP0/CPU0:ios(config-rpl-elseif)#  else'
	assert_line --index 10 'RP/0/RP0/CPU0:ios(config-rpl-else)#    set med 10'
	assert_line --index 11 'RP/0/RP0/CPU0:ios(config-rpl-else)#  endif'
	assert_line --index 12 'RP/0/RP0/CPU0:ios(config-rpl)#end-policy'
}

@test "set blocks have their own prompts and return to (config)" {
	run --separate-stderr xr --echo <<'EOF'
configure
prefix-set P
10.0.0.0/8
end-set
community-set C
1:1
end-set
as-path-set A
ios-regex '_1299_'
end-set
extcommunity-set rt R
65000:1
end-set
extcommunity-set soo S
65000:2
end-set
large-community-set L
1:2:3
end-set
EOF
	assert_success
	assert_line --index 2 'RP/0/RP0/CPU0:ios(config-pfx)#10.0.0.0/8'
	assert_line --index 3 'RP/0/RP0/CPU0:ios(config-pfx)#end-set'
	assert_line --index 4 'RP/0/RP0/CPU0:ios(config)#community-set C'
	assert_line --index 5 'RP/0/RP0/CPU0:ios(config-comm)#1:1'
	assert_line --index 8 "RP/0/RP0/CPU0:ios(config-as)#ios-regex '_1299_'"
	assert_line --index 11 'RP/0/RP0/CPU0:ios(config-ext)#65000:1'
	assert_line --index 14 'RP/0/RP0/CPU0:ios(config-ext)#65000:2'
	assert_line --index 17 'RP/0/RP0/CPU0:ios(config-largecomm)#1:2:3'
	assert_line --index 18 'RP/0/RP0/CPU0:ios(config-largecomm)#end-set'
}

@test "statements on one line keep the prompt at config-rpl" {
	run --separate-stderr xr --echo <<'EOF'
configure
route-policy ONE_LINE
if med eq 10 then set local-preference 200 endif pass
end-pol
commit
end
show rpl route-policy ONE_LINE
EOF
	assert_success
	assert_line --index 2 'RP/0/RP0/CPU0:ios(config-rpl)#if med eq 10 then set local-preference 200 endif pass'
	assert_line --index 3 'RP/0/RP0/CPU0:ios(config-rpl)#end-pol'
	expected='route-policy ONE_LINE
  if med eq 10 then
    set local-preference 200
  endif
  pass
end-policy
!'
	[ "$(printf '%s\n' "${lines[@]:7}")" = "$expected" ]
}

@test "abort inside a block discards only that block" {
	run --separate-stderr xr <<'EOF'
configure
prefix-set KEEP
10.0.0.0/8
end-set
route-policy GONE
  if med eq 1 then
    pass
abort
community-set ALSO_GONE
1:1
abort
prefix-set KEEP
192.168.0.0/16
abort
commit
end
show rpl
EOF
	assert_success
	expected='prefix-set KEEP
  10.0.0.0/8
end-set
!'
	[ "$output" = "$expected" ]
}

@test "exit closes an if like endif, and the block like end-policy" {
	run --separate-stderr xr --echo <<'EOF'
configure
route-policy EXITED
  if med eq 1 then
    drop
exit
  pass
exit
prefix-set EXITED_SET
10.0.0.0/8
exit
commit
end
show rpl
EOF
	assert_success
	assert_line --index 4 'RP/0/RP0/CPU0:ios(config-rpl-if)#exit'
	assert_line --index 5 'RP/0/RP0/CPU0:ios(config-rpl)#  pass'
	assert_line --index 6 'RP/0/RP0/CPU0:ios(config-rpl)#exit'
	assert_line --index 7 'RP/0/RP0/CPU0:ios(config)#prefix-set EXITED_SET'
	assert_line 'route-policy EXITED'
	assert_line '  if med eq 1 then'
	assert_line '  endif'
	assert_line '  10.0.0.0/8'
}

@test "redefining an object warns and replaces it as a whole at commit" {
	run --separate-stderr xr <<'EOF'
configure
prefix-set RESTORE-A
10.0.0.0/8,
10.1.0.0/16
end-set
route-policy RP
pass
end-policy
commit
prefix-set RESTORE-A
172.16.0.0/12
end-set
route-policy RP
drop
end-policy
commit
end
show rpl
EOF
	assert_success
	[ "$stderr" = "<stdin>:10: % WARNING: Policy object prefix-set RESTORE-A exists! Reconfiguring it via CLI will replace current definition. Use abort to cancel.
<stdin>:13: % WARNING: Policy object route-policy RP exists! Reconfiguring it via CLI will replace current definition. Use abort to cancel." ]
	expected='prefix-set RESTORE-A
  172.16.0.0/12
end-set
!
route-policy RP
  drop
end-policy
!'
	[ "$output" = "$expected" ]
}

# Columns count within the line as captured: the shell hands block lines
# over with their indentation removed.
@test "a syntax error names the policy, line, column and token; nothing is created" {
	run --separate-stderr xr --continue <<'EOF'
configure
route-policy BROKEN
  if med eq 10 then
    dorp
  endif
end-policy
commit
end
show rpl route-policy
EOF
	assert_failure 1
	[ "$stderr" = "<stdin>:6: % Syntax error in route-policy BROKEN, line 3, column 1 at 'dorp': unknown statement 'dorp'; the route-policy was not created" ]
	assert_equal "${lines[0]}" "No configuration changes to commit."
	assert_equal "${lines[1]}" "Listing for all Route Policy objects"
	assert_equal "${#lines[@]}" 2
}

@test "errors detected at end-policy: missing then, missing endif, bad values" {
	run --separate-stderr xr --continue <<'EOF'
configure
route-policy A
  if med eq 10
    pass
  endif
end-policy
route-policy B
  if med eq 10 then
    pass
end-policy
route-policy C
  set local-preference 4294967296
end-policy
route-policy D($a)
  set med $b
end-policy
EOF
	assert_failure 1
	assert_equal "${#stderr_lines[@]}" 4
	assert_equal "${stderr_lines[0]}" "<stdin>:6: % Syntax error in route-policy A, line 3, column 1 at 'pass': expected 'then' after the if condition, found 'pass'; the route-policy was not created"
	assert_equal "${stderr_lines[1]}" "<stdin>:10: % Syntax error in route-policy B, line 4, column 1 at 'end-policy': missing endif before end-policy; the route-policy was not created"
	assert_equal "${stderr_lines[2]}" "<stdin>:13: % Syntax error in route-policy C, line 2, column 22 at '4294967296': value 4294967296 out of range 0-4294967295; the route-policy was not created"
	assert_equal "${stderr_lines[3]}" "<stdin>:16: % Syntax error in route-policy D, line 2, column 9 at '\$b': parameter '\$b' is not declared; the route-policy was not created"
}

@test "set errors: bad elements are rejected as typed, comma errors at end-set" {
	run --separate-stderr xr --continue <<'EOF'
configure
prefix-set P
10.0.0.0/33
10.0.0.0/8 ge 24 le 16
10.0.0.0/8
10.1.0.0/16
end-set
community-set C
1:1,
end-set
EOF
	assert_failure 1
	assert_equal "${stderr_lines[0]}" "<stdin>:3: % Invalid input in prefix-set P at '10.0.0.0/33' (column 1): invalid prefix length in '10.0.0.0/33': must be 0-32"
	assert_equal "${stderr_lines[1]}" "<stdin>:4: % Invalid input in prefix-set P at '16' (column 21): le 16 is less than ge 24"
	assert_equal "${stderr_lines[2]}" "<stdin>:7: % Syntax error in prefix-set P, line 3, column 1 at '10.1.0.0/16': unexpected '10.1.0.0/16' (missing ','?); the prefix-set was not created"
	assert_equal "${stderr_lines[3]}" "<stdin>:10: % Syntax error in community-set C, line 3, column 1 at 'end-set': expected a set element after ',', found 'end-set'; the community-set was not created"
	# the two rejected lines never entered the block: the missing comma
	# is on line 3 of the block (header, 10.0.0.0/8, 10.1.0.0/16)
	assert_equal "${#stderr_lines[@]}" 4
}

@test "show inside a block prints the text captured so far" {
	run --separate-stderr xr <<'EOF'
configure
route-policy PARTIAL
  if med eq 1 then
    pass
  else
    drop
show
abort
EOF
	assert_success
	expected='route-policy PARTIAL
  if med eq 1 then
    pass
  else
    drop'
	[ "$output" = "$expected" ]
}

@test "a block left open at end of input is an error naming it" {
	run --separate-stderr xr <<'EOF'
configure
route-policy PROVIDER_A_OUT
  pass
EOF
	assert_failure 1
	assert_equal "$stderr" "<stdin>:3: % Incomplete route-policy PROVIDER_A_OUT: missing end-policy"

	run --separate-stderr xr <<'EOF'
configure
community-set OPEN_SET
  65000:1
EOF
	assert_failure 1
	assert_equal "$stderr" "<stdin>:3: % Incomplete community-set OPEN_SET: missing end-set"
}

@test "no route-policy / no prefix-set remove the objects" {
	run --separate-stderr xr <<'EOF'
configure
prefix-set P1
10.0.0.0/8
end-set
prefix-set P2
10.0.0.0/8
end-set
route-policy R1
pass
end-policy
route-policy R2
pass
end-policy
commit
no prefix-set P1
no route-policy R2
commit
end
show rpl
EOF
	assert_success
	expected='prefix-set P2
  10.0.0.0/8
end-set
!
route-policy R1
  pass
end-policy
!'
	[ "$output" = "$expected" ]
}

@test "parameterised policy header and apply with arguments" {
	run --separate-stderr xr <<'EOF'
configure
route-policy param-example ($mymed, $prefixset)
  if destination in $prefixset then
    set med $mymed
  endif
end-policy
route-policy caller
  apply param-example (10, prefix_set1)
end-policy
commit
end
show rpl route-policy
EOF
	assert_success
	expected='Listing for all Route Policy objects

route-policy caller
  apply param-example(10, prefix_set1)
end-policy
!
route-policy param-example($mymed, $prefixset)
  if destination in $prefixset then
    set med $mymed
  endif
end-policy
!'
	[ "$output" = "$expected" ]
}

@test "the seed's community-sets and policies are shown back canonically" {
	local seed="$SRCDIR/../shared/seeds/000_43fb73dbacc1248c.txt"
	[ -f "$seed" ] || skip "shared seed not available"
	{
		echo configure
		sed -n 335,357p "$seed"
		sed -n 395,433p "$seed"
		echo commit
		echo end
		echo show rpl
	} >"$BATS_TEST_TMPDIR/script"
	run --separate-stderr xr -f "$BATS_TEST_TMPDIR/script"
	assert_success
	[ -z "$stderr" ]
	expected='community-set BACKUP_PATH
  65001:200
end-set
!
community-set NO_EXPORT_TO_PEER
  65001:666
end-set
!
community-set PREFER_PROVIDER_A
  65001:100
end-set
!
community-set PREPEND_ONCE
  65001:1000
end-set
!
community-set PREPEND_THRICE
  65001:3000
end-set
!
community-set PREPEND_TWICE
  65001:2000
end-set
!
route-policy PROVIDER_A_IN
  if as-path in AS_PATH_SET_KNOWN_PROVIDERS then
    set local-preference 200
  else
    set local-preference 100
  endif
  if community matches-any NO_EXPORT_TO_PEER then
    set community no-export additive
  endif
  pass
end-policy
!
route-policy PROVIDER_A_OUT
  if destination in PREFIX_SET_CUSTOMER_ROUTES then
    if community matches-any PREPEND_ONCE then
      prepend as-path 65001 1
    elseif community matches-any PREPEND_TWICE then
      prepend as-path 65001 2
    elseif community matches-any PREPEND_THRICE then
      prepend as-path 65001 3
    endif
    set med 100
    set community (65001:100) additive
  endif
  pass
end-policy
!
route-policy PROVIDER_B_OUT
  if destination in PREFIX_SET_CUSTOMER_ROUTES then
    if community matches-any PREFER_PROVIDER_A then
      prepend as-path 65001 2
      set med 200
    else
      set med 150
    endif
    set community (65001:200) additive
  endif
  pass
end-policy
!'
	[ "$output" = "$expected" ]
}

@test "a bad route-policy header is rejected at once; end closes a block" {
	run --separate-stderr xr --continue <<'EOF'
configure
route-policy X($a b)
route-policy Y
pass
end
yes
show rpl route-policy
EOF
	assert_failure 1
	assert_equal "$stderr" "<stdin>:2: % Invalid route-policy header at 'b': expected ',' or ')' in the parameter list, found 'b'"
	assert_line 'Listing for all Route Policy objects'
	assert_line 'route-policy Y'
	assert_line '  pass'
}

@test "an unclosed quote in a policy line is rejected as typed" {
	run --separate-stderr xr --continue <<'EOF'
configure
route-policy Q
  if as-path in (ios-regex '_174_) then
  if as-path in (ios-regex '_174_') then
    drop
  endif
end-policy
commit
end
show rpl route-policy Q
EOF
	assert_failure 1
	assert_equal "$stderr" "<stdin>:3: % Invalid input in route-policy Q at ''_174_) then' (column 26): missing closing quote"
	assert_line "  if as-path in (ios-regex '_174_') then"
}

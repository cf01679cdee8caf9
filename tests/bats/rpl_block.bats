#!/usr/bin/env bats
# Entering RPL objects through batch mode: the block sub-prompts, abort,
# exit, the redefinition warning, syntax errors (named, nothing created),
# elements rejected as they are typed (the block then is not created),
# error columns as typed, `?` / TAB inside blocks, blocks left open at end
# of input, `no` forms, and the seed's community-sets and policies shown
# back in canonical form.

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

# Columns count the line as typed, indentation included: `dorp` is in
# column 5 of "    dorp".
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
	[ "$stderr" = "<stdin>:6: % Syntax error in route-policy BROKEN, line 3, column 5 at 'dorp': unknown statement 'dorp'; the route-policy was not created" ]
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
	assert_equal "${stderr_lines[0]}" "<stdin>:6: % Syntax error in route-policy A, line 3, column 5 at 'pass': expected 'then' after the if condition, found 'pass'; the route-policy was not created"
	assert_equal "${stderr_lines[1]}" "<stdin>:10: % Syntax error in route-policy B, line 4, column 1 at 'end-policy': missing endif before end-policy; the route-policy was not created"
	assert_equal "${stderr_lines[2]}" "<stdin>:13: % Syntax error in route-policy C, line 2, column 24 at '4294967296': value 4294967296 out of range 0-4294967295; the route-policy was not created"
	assert_equal "${stderr_lines[3]}" "<stdin>:16: % Syntax error in route-policy D, line 2, column 11 at '\$b': parameter '\$b' is not declared; the route-policy was not created"
}

@test "set errors: bad elements are rejected as typed and the set is not created" {
	run --separate-stderr xr --continue <<'EOF'
configure
prefix-set P
10.0.0.0/33
10.0.0.0/8 ge 24 le 16
10.0.0.0/8
end-set
commit
end
show rpl prefix-set P
EOF
	assert_failure 1
	assert_equal "${stderr_lines[0]}" "<stdin>:3: % Invalid input in prefix-set P, line 2, column 1 at '10.0.0.0/33': invalid prefix length in '10.0.0.0/33': must be 0-32"
	assert_equal "${stderr_lines[1]}" "<stdin>:4: % Invalid input in prefix-set P, line 3, column 21 at '16': le 16 is less than ge 24"
	assert_equal "${stderr_lines[2]}" "<stdin>:6: % prefix-set P was not created: 2 lines were rejected, the first at line 2"
	assert_line --index 0 "No configuration changes to commit."
	refute_line --partial "10.0.0.0/8"
}

@test "comma errors in a set are found at end-set" {
	run --separate-stderr xr --continue <<'EOF'
configure
prefix-set P
10.0.0.0/8
10.1.0.0/16
end-set
community-set C
1:1,
end-set
EOF
	assert_failure 1
	assert_equal "${stderr_lines[0]}" "<stdin>:5: % Syntax error in prefix-set P, line 3, column 1 at '10.1.0.0/16': unexpected '10.1.0.0/16' (missing ','?); the prefix-set was not created"
	assert_equal "${stderr_lines[1]}" "<stdin>:8: % Syntax error in community-set C, line 3, column 1 at 'end-set': expected a set element after ',', found 'end-set'; the community-set was not created"
	assert_equal "${#stderr_lines[@]}" 2
}

@test "one rejected element: the set is not created, its other lines are not kept" {
	run --separate-stderr xr --continue <<'EOF'
configure
prefix-set P1
  10.0.0.0/8 ge 4,
  10.1.0.0/16
end-set
prefix-set P2
  192.168.0.0/16
end-set
commit
end
show rpl
EOF
	assert_failure 1
	assert_equal "${stderr_lines[0]}" "<stdin>:3: % Invalid input in prefix-set P1, line 2, column 17 at '4': invalid ge length '4': must be 8-32"
	assert_equal "${stderr_lines[1]}" "<stdin>:5: % prefix-set P1 was not created: line 2 was rejected"
	assert_equal "${#stderr_lines[@]}" 2
	expected='prefix-set P2
  192.168.0.0/16
end-set
!'
	[ "$output" = "$expected" ]
}

@test "a failed redefinition leaves the committed set as it was" {
	run --separate-stderr xr --continue <<'EOF'
configure
community-set KEEP
  65000:1
end-set
commit
community-set KEEP
  65000:2,
  65000:99999
end-set
commit
end
show rpl community-set KEEP
EOF
	assert_failure 1
	assert_equal "${stderr_lines[1]}" "<stdin>:8: % Invalid input in community-set KEEP, line 3, column 3 at '65000:99999': value 99999 out of range 0-65535"
	assert_equal "${stderr_lines[2]}" "<stdin>:9: % community-set KEEP was not created: line 3 was rejected"
	assert_equal "${#stderr_lines[@]}" 3
	assert_line "  65000:1"
	refute_line --partial "65000:2"
}

@test "an as-path-set element with a bad operator is rejected with its column" {
	run --separate-stderr xr --continue <<'EOF'
configure
as-path-set A
  length ge 10,
  length gt 3
end-set
EOF
	assert_failure 1
	assert_equal "${stderr_lines[0]}" "<stdin>:4: % Invalid input in as-path-set A, line 3, column 10 at 'gt': length needs eq, is, ge or le"
	assert_equal "${stderr_lines[1]}" "<stdin>:5: % as-path-set A was not created: line 3 was rejected"
	assert_equal "${#stderr_lines[@]}" 2
}

@test "error columns count the indentation as typed, tabs and spaces" {
	printf 'configure\nextcommunity-set rt R\n\t1.2.3.4:666,\n\t\t1.2.3.4:70000\nend-set\nlarge-community-set L\n      1:2:[9..3]\nend-set\n' >"$BATS_TEST_TMPDIR/script"
	run --separate-stderr xr --continue -f "$BATS_TEST_TMPDIR/script"
	assert_failure 1
	assert_equal "${stderr_lines[0]}" "$BATS_TEST_TMPDIR/script:4: % Invalid input in extcommunity-set rt R, line 3, column 3 at '1.2.3.4:70000': value 70000 out of range 0-65535"
	assert_equal "${stderr_lines[1]}" "$BATS_TEST_TMPDIR/script:5: % extcommunity-set rt R was not created: line 3 was rejected"
	assert_equal "${stderr_lines[2]}" "$BATS_TEST_TMPDIR/script:7: % Invalid input in large-community-set L, line 2, column 7 at '1:2:[9..3]': invalid range [9..3]: start is greater than end"
	assert_equal "${stderr_lines[3]}" "$BATS_TEST_TMPDIR/script:8: % large-community-set L was not created: line 2 was rejected"
}

@test "end-policy errors count the indentation too" {
	run --separate-stderr xr --continue <<'EOF'
configure
route-policy DEEP
  if destination in (10.0.0.0/8) then
        set med igp
  endif
end-policy
EOF
	assert_failure 1
	[[ "$stderr" == "<stdin>:6: % Syntax error in route-policy DEEP, line 3, column 17 at 'igp': "* ]]
}

@test "a line rejected inside an if keeps the prompt and fails the policy" {
	run --separate-stderr xr --continue --echo <<'EOF'
configure
route-policy R
  if med eq 1 then
    if as-path in (ios-regex '_1) then
    pass
  endif
end-policy
EOF
	assert_failure 1
	assert_line --index 3 "RP/0/RP0/CPU0:ios(config-rpl-if)#    if as-path in (ios-regex '_1) then"
	assert_line --index 5 "RP/0/RP0/CPU0:ios(config-rpl-if)#    pass"
	assert_line --index 6 "RP/0/RP0/CPU0:ios(config-rpl-if)#  endif"
	assert_line --index 7 "RP/0/RP0/CPU0:ios(config-rpl)#end-policy"
	assert_line "% route-policy R was not created: line 3 was rejected"
}

@test "? in config-rpl lists the RPL statements" {
	run --separate-stderr xr <<'EOF'
configure
route-policy R
describe 
abort
EOF
	assert_success
	expected="  #-remark          Remark beginning with '#'
  abort             Discard RPL definition and return to top level config
  apply             Apply a route policy
  delete            Delete all or some items in an attribute
  do                Run an exec mode command
  done              Accept this route and stop processing
  drop              Reject this route with no further processing
  end-policy        End of route-policy definition
  exit              Exit from this submode
  if                If statement
  pass              Pass this route for further processing
  prepend           Prepend to an attribute
  remove            Remove items from an attribute
  replace           Replace items of an attribute
  set               Set a route attribute
  show              Show partial RPL configuration
  suppress-route    Suppress this component of an aggregate
  unsuppress-route  Unsuppress this component of an aggregate"
	[ "$output" = "$expected" ]
}

@test "? after set lists the attributes; after if the conditions" {
	run --separate-stderr xr <<'EOF'
configure
route-policy R
describe set 
describe if 
describe set l
abort
EOF
	assert_success
	assert_line --index 0 "  aigp-metric       AIGP metric attribute"
	assert_line "  community         BGP community attribute"
	assert_line "  local-preference  BGP local preference attribute"
	assert_line "  med               Multi-Exit Discriminator"
	assert_line "  next-hop          Next hop address"
	assert_line "  origin            BGP origin attribute"
	assert_line "  weight            BGP weight attribute"
	assert_line "  destination       Destination prefix of the route"
	assert_line "  validation-state  RPKI origin validation state"
	assert_line "  not               Negate the condition that follows"
	assert_line "  large-community   BGP large community attribute"
	# `set l`: only the attributes starting with l
	assert_equal "${lines[-3]}" "  large-community   BGP large community attribute"
	assert_equal "${lines[-2]}" "  level             IS-IS level"
	assert_equal "${lines[-1]}" "  local-preference  BGP local preference attribute"
}

@test "? in the if modes adds elseif / else / endif where they are valid" {
	run --separate-stderr xr <<'EOF'
configure
route-policy R
describe e
  if med eq 1 then
describe e
  elseif med eq 2 then
describe el
  else
describe e
abort
EOF
	assert_success
	expected="  end-policy  End of route-policy definition
  exit        Exit from this submode
  else        Else statement
  elseif      ElseIf statement
  end-policy  End of route-policy definition
  endif       End of if statement
  exit        Exit from this submode
  else    Else statement
  elseif  ElseIf statement
  end-policy  End of route-policy definition
  endif       End of if statement
  exit        Exit from this submode"
	[ "$output" = "$expected" ]
}

@test "? in the set modes lists the element forms of the set's kind" {
	run --separate-stderr xr <<'EOF'
configure
extcommunity-set rt R
describe 
abort
community-set C
describe 
describe 65
abort
prefix-set P
describe 
abort
as-path-set A
describe 
abort
EOF
	assert_success
	# extcommunity-set rt: the list of the reference (1.7), plus do
	assert_line --index 0 "  #-remark        Remark beginning with '#'"
	assert_line --index 1 "  *               Wildcard"
	assert_line --index 2 "  <1-4294967295>  32-bit decimal number"
	assert_line --index 3 "  <1-65535>       16-bit decimal number"
	assert_line --index 4 "  A.B.C.D/M:N     Extended community - IPv4 prefix format"
	assert_line --index 5 "  A.B.C.D:N       Extended community - IPv4 format"
	assert_line --index 6 "  ASN:N           Extended community - ASPLAIN format"
	assert_line --index 7 "  X.Y:N           Extended community - ASDOT format"
	assert_line --index 8 "  abort           Discard RPL definition and return to top level config"
	assert_line --index 9 "  dfa-regex       DFA style regular expression"
	assert_line --index 11 "  end-set         End of set definition"
	assert_line --index 13 "  ios-regex       Traditional IOS style regular expression"
	assert_line --index 14 "  show            Show partial RPL configuration"
	# community-set: numbers, wildcards, ranges, well-known names
	assert_line "  <0-65535>          16-bit half-community number (AS:NN)"
	assert_line "  no-export          Do not export to next AS (BGP well-known community)"
	assert_line "  private-as         Match within BGP private AS range [64512..65534]"
	assert_line "  <0-65535>  16-bit half-community number (AS:NN)"
	# prefix-set and as-path-set
	assert_line "  A.B.C.D/M   IPv4 prefix"
	assert_line "  X:X::X:X/M  IPv6 prefix"
	assert_line "  neighbor-is      Test AS number for neighbor AS"
	assert_line "  unique-length    Length of BGP AS-path ignoring duplicates"
}

@test "TAB in a block completes statements and attributes" {
	run --separate-stderr xr <<'EOF'
configure
route-policy R
complete p
complete set m
complete delete 
abort
EOF
	assert_success
	expected='pass
prepend
med
metric-type
community
extcommunity
large-community'
	[ "$output" = "$expected" ]
}

@test "lines the help rows match still go into the block as typed" {
	run --separate-stderr xr <<'EOF'
configure
route-policy VIA_ROWS
  # remark kept
  if destination in (10.0.0.0/8 le 24) and not med eq 5 then
    set local-preference 200
    delete community in (65000:*)
    prepend as-path 65001 2
  elseif as-path passes-through '174' then
    drop
  else
    apply OTHER
  endif
  done
end-policy
community-set VIA_ROWS_C
  no-export,
  *:100,
  [1..5]:7,
  ios-regex '_1299_|_174_'
end-set
commit
end
show rpl
EOF
	assert_success
	expected="community-set VIA_ROWS_C
  no-export,
  *:100,
  [1..5]:7,
  ios-regex '_1299_|_174_'
end-set
!
route-policy VIA_ROWS
  # remark kept
  if destination in (10.0.0.0/8 le 24) and not med eq 5 then
    set local-preference 200
    delete community in (65000:*)
    prepend as-path 65001 2
  elseif as-path passes-through '174' then
    drop
  else
    apply OTHER
  endif
  done
end-policy
!"
	[ "$output" = "$expected" ]
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

@test "an unclosed quote in a policy line is rejected as typed; the policy is not created" {
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
	assert_equal "${stderr_lines[0]}" "<stdin>:3: % Invalid input in route-policy Q, line 2, column 28 at ''_174_) then': missing closing quote"
	assert_equal "${stderr_lines[1]}" "<stdin>:7: % route-policy Q was not created: line 2 was rejected"
	assert_equal "${stderr_lines[2]}" "<stdin>:10: % Policy object route-policy Q not found"
	assert_equal "${#stderr_lines[@]}" 3
	assert_equal "$output" "No configuration changes to commit."
}

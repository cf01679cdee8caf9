#!/usr/bin/env bats
# `?` and TAB below the statement keywords inside a route-policy (`set med
# ?`, `set community ?`, `prepend as-path ?`, conditions ...) and on the
# route attributes of `test route-policy NAME ...`.  The help rows only
# describe: every line still reaches the RPL parser as typed, and
# `test route-policy` still reports its own errors.

load helpers
bats_require_minimum_version 1.5.0

# in_policy LINE...: runs each LINE inside `route-policy P` (after two
# community-sets and a neighbor exist), output in $output
in_policy() {
	local args=(-c configure -c 'community-set CS1' -c '1:1' -c 'end-set'
	    -c 'community-set CS2' -c '2:2' -c 'end-set'
	    -c 'router bgp 1' -c 'neighbor 192.0.2.7' -c 'remote-as 7' -c root
	    -c 'route-policy P') l
	for l in "$@"; do
		args+=(-c "$l")
	done
	run --separate-stderr xr "${args[@]}" -c abort
}

@test "set med ? lists XR's value forms" {
	in_policy 'describe set med '
	assert_success
	assert_output '  $PARAM          Parameter of the policy ($name)
  +               Increment
  -               Decrement
  <0-4294967295>  Metric value
  igp-cost        Use IGP metric
  max-reachable   Use maximum reachable metric'
}

@test "set local-preference ?, set weight ?, set origin ?" {
	in_policy 'describe set local-preference '
	assert_output '  $PARAM          Parameter of the policy ($name)
  +               Increment
  -               Decrement
  <0-4294967295>  Local preference value'
	in_policy 'describe set weight '
	assert_output '  $PARAM     Parameter of the policy ($name)
  <0-65535>  Weight value'
	in_policy 'describe set origin '
	assert_output '  $PARAM      Parameter of the policy ($name)
  egp         Remote EGP
  igp         Local IGP
  incomplete  Unknown heritage'
}

@test "set community ?: a set name, an inline set, a parameter; then additive" {
	in_policy 'describe set community '
	assert_output '  $PARAM  Parameter of the policy ($name)
  (       Begin an inline set: (value, ...) [additive]
  WORD    Community set name'
	in_policy 'describe set community CS1 '
	assert_output '  additive  Add to the existing values
  <cr>'
	# TAB offers the configured community sets
	in_policy 'complete set community '
	assert_output 'CS1
CS2'
	in_policy 'describe set extcommunity '
	assert_output '  color  Color extended community (RFC 9012)
  rt     Route Target
  soo    Site-of-Origin'
}

@test "set next-hop ?, delete community ?, set dampening ?" {
	in_policy 'describe set next-hop '
	assert_output '  $PARAM        Parameter of the policy ($name)
  A.B.C.D       Next hop address
  X:X::X:X      Next hop address
  discard       Drop traffic to the route (null route)
  peer-address  Use the peer'"'"'s address
  self          Use the local address toward the peer
  unchanged     Do not change the next hop'
	in_policy 'describe delete community '
	assert_output '  all  Delete all of them
  in   Delete those in the set
  not  Delete those not in the set'
	in_policy 'describe set dampening '
	assert_line --regexp '^  halflife +Half-life time for the penalty \(default 15\)$'
	assert_line '  <cr>'
}

@test "prepend as-path ?, then the count" {
	in_policy 'describe prepend as-path '
	assert_output '  $PARAM          Parameter of the policy ($name)
  <1-4294967295>  AS number to prepend
  most-recent     Prepend the most recent AS in the AS-path
  own-as          Prepend the local AS'
	in_policy 'describe prepend as-path own-as '
	assert_output '  $PARAM  Parameter: the number of times
  <1-63>  Number of times to prepend (default 1)
  <cr>'
	in_policy 'complete prepend as-path o'
	assert_output 'own-as'
	in_policy 'complete set med i'
	assert_output 'igp-cost'
}

@test "conditions: if med ?, if med eq ?, the tail, if origin is ?" {
	in_policy 'describe if med '
	assert_output '  eq  Equal to
  ge  Greater than or equal to
  is  Equal to
  le  Less than or equal to'
	in_policy 'describe if med eq '
	assert_output '  $PARAM          Parameter of the policy ($name)
  <0-4294967295>  MED value'
	in_policy 'describe if med eq 5 '
	assert_output '  and   And the next condition
  or    Or the next condition
  then  End of the condition
  <cr>'
	in_policy 'describe if origin is '
	assert_output '  egp         Remote EGP
  igp         Local IGP
  incomplete  Unknown heritage'
	# the same below elseif, inside an if
	in_policy 'if med eq 1 then' 'describe elseif local-preference '
	assert_output '  eq  Equal to
  ge  Greater than or equal to
  is  Equal to
  le  Less than or equal to'
}

@test "every form still builds the policy as typed" {
	run --separate-stderr xr <<'EOF2'
configure
community-set CS1
  1:1
end-set
route-policy FORMS($m)
  if med eq $m and origin is igp then
    set med +5
  elseif destination in (10.0.0.0/8 le 24) or local-preference ge 200 then
    set local-preference -10
  endif
  set med igp-cost
  set community CS1 additive
  set community (65000:1, no-export) additive
  delete community not in CS1
  set next-hop peer-address
  prepend as-path own-as 3
  prepend as-path 65000
  remove as-path private-as entire-aspath
  set origin incomplete
  set weight 100
  set dampening halflife 10 reuse 500
end-policy
commit
show running-config route-policy FORMS
EOF2
	assert_success
	[ "$stderr" = "" ]
	assert_output 'route-policy FORMS($m)
  if med eq $m and origin is igp then
    set med +5
  elseif destination in (10.0.0.0/8 le 24) or local-preference ge 200 then
    set local-preference -10
  endif
  set med igp-cost
  set community CS1 additive
  set community (65000:1, no-export) additive
  delete community not in CS1
  set next-hop peer-address
  prepend as-path own-as 3
  prepend as-path 65000
  remove as-path private-as entire-aspath
  set origin incomplete
  set weight 100
  set dampening halflife 10 reuse 500 suppress 2000 max-suppress 60
end-policy
!'
}

@test "a value the help rows do not know still reaches the RPL parser" {
	run --separate-stderr xr <<'EOF2'
configure
route-policy BAD
  set med lots
  prepend as-path own-as 99
end-policy
EOF2
	[ "$status" -eq 1 ]
	assert_equal "${stderr_lines[0]}" "<stdin>:5: % Syntax error in route-policy BAD, line 2, column 11 at 'lots': invalid med 'lots'; the route-policy was not created"
}

@test "test route-policy ?: the route attributes, in any order" {
	in_policy 'end-policy' 'describe test route-policy P '
	assert_line --regexp '^  prefix +Prefix of the route \(required\)$'
	assert_line --regexp '^  as-path +AS path of the route$'
	assert_line --regexp '^  community +Communities of the route$'
	assert_line --regexp '^  from +Neighbor the route was received from$'
	assert_line --regexp '^  rpki +RPKI origin validation state$'
	refute_line --partial '<cr>'
	in_policy 'end-policy' 'describe test route-policy P med 5 prefix '
	assert_output '  A.B.C.D/M   Network prefix
  X:X::X:X/M  Network prefix'
	in_policy 'end-policy' \
	    'describe test route-policy P prefix 10.0.0.0/8 as-path 1 '
	assert_line --regexp '^  <1-4294967295> +AS number'
	assert_line --regexp '^  med +Multi-Exit Discriminator$'
	assert_line '  <cr>'
	in_policy 'end-policy' \
	    'describe test route-policy P prefix 10.0.0.0/8 origin '
	assert_output '  egp         EGP origin
  igp         IGP origin
  incomplete  Incomplete origin'
}

@test "test route-policy TAB: attributes, values, configured neighbors" {
	in_policy 'end-policy' \
	    'complete test route-policy P prefix 10.0.0.0/8 o'
	assert_output 'origin'
	in_policy 'end-policy' \
	    'complete test route-policy P prefix 10.0.0.0/8 origin i'
	assert_output 'igp
incomplete'
	in_policy 'end-policy' \
	    'complete test route-policy P prefix 10.0.0.0/8 from '
	assert_output '192.0.2.7'
}

@test "test route-policy: values and words the grammar leaves to the route parser" {
	run --separate-stderr xr <<'EOF2'
configure
route-policy SETMED($m)
  set med $m
end-policy
commit
EOF2
	assert_success
	# arguments after a space, an abbreviated origin, a from/remote-as
	run --separate-stderr xr -c 'test route-policy SETMED (7) prefix 10.0.0.0/8 ori inc from 192.0.2.1 remote-as 65001'
	assert_success
	assert_line 'Policy SETMED(7): accepted'
	assert_line --regexp '^  med +7$'
	assert_line --regexp '^  origin +incomplete$'
	# an unknown word is the route parser's error, not the matcher's
	run --separate-stderr xr -c 'test route-policy SETMED(1) prefix 10.0.0.0/8 colour blue'
	[ "$status" -eq 1 ]
	assert_equal "$stderr" "-c:1: % Invalid route: unknown route attribute 'colour'"
	run --separate-stderr xr -c 'test route-policy SETMED(1) prefix 10.0.0.0/33'
	assert_equal "$stderr" "-c:1: % Invalid route: invalid prefix '10.0.0.0/33'"
}

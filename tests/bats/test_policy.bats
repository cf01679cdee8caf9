#!/usr/bin/env bats
# `test route-policy`: evaluates a policy against a route given on the
# command line, in exec mode against the running configuration and in
# configuration mode against the candidate (uncommitted edits included).

load helpers

setup() {
	setup_xrsh_env
}

# A committed policy and set used by several tests.
commit_base() {
	xr <<'EOF'
configure
prefix-set CUST
  192.0.2.0/24 le 26
end-set
route-policy IN
  if destination in CUST then
    set local-preference 200
    set community (65001:10) additive
  elseif med eq 0 then
    drop
  endif
  pass
end-policy
commit
end
EOF
}

@test "test route-policy: verdict, every attribute and the trace" {
	commit_base
	run xr -c 'test route-policy IN prefix 192.0.2.0/25 next-hop 10.0.0.1 as-path 64500 64501 origin egp med 7 community 1:1 weight 3'
	assert_success
	assert_line --index 0 "Policy IN: accepted"
	assert_line "  prefix             192.0.2.0/25"
	assert_line "  next-hop           10.0.0.1"
	assert_line "  as-path            64500 64501"
	assert_line "  origin             egp"
	assert_line "  med                7"
	assert_line "  local-preference   200"
	assert_line "  weight             3"
	assert_line "  community          1:1 65001:10"
	assert_line "  large-community    (none)"
	assert_line "  extcommunity       (none)"
	assert_line "  IN line 2: if destination in CUST then -> true"
	assert_line "  IN line 3: set local-preference 200"
	assert_line "  IN line 4: set community (65001:10) additive"
	assert_line "  IN line 8: pass"
}

@test "test route-policy: a dropped route and the elseif that dropped it" {
	commit_base
	run xr -c 'test route-policy IN prefix 10.0.0.0/8'
	assert_success
	assert_line --index 0 "Policy IN: dropped"
	assert_line "Route (as dropped):"
	assert_line "  med                (not set)"
	assert_line "  IN line 2: if destination in CUST then -> false"
	assert_line "  IN line 5: elseif med eq 0 then -> true"
	assert_line "  IN line 6: drop"
	refute_line --partial "pass"
}

@test "test route-policy | json: verdict, route and trace keys" {
	commit_base
	run xr -c 'test route-policy IN prefix 192.0.2.0/24 as-path 64500 4200000001 med 0 | json'
	assert_success
	assert_output --partial '"verdict":"accepted"'
	assert_output --partial '"prefix":"192.0.2.0/24"'
	assert_output --partial '"as_path":[64500,4200000001]'
	assert_output --partial '"med":0'
	assert_output --partial '"local_preference":200'
	assert_output --partial '"communities":["65001:10"]'
	assert_output --partial '"large_communities":[]'
	assert_output --partial '"extcommunities":[]'
	assert_output --partial '{"policy":"IN","line":2,"depth":0,"kind":"condition","text":"if destination in CUST then","result":true}'
	# the document parses and has the documented shape
	[ "$(echo "$output" | jq -r .verdict)" = accepted ]
	[ "$(echo "$output" | jq .route.weight)" = 0 ]
	[ "$(echo "$output" | jq '.trace | length')" = 5 ]
}

@test "test route-policy in config mode sees the uncommitted policy, exec mode the running one" {
	commit_base
	run xr <<'EOF'
configure
route-policy IN
  set med 42
end-policy
test route-policy IN prefix 10.0.0.0/8
end
no
test route-policy IN prefix 10.0.0.0/8
EOF
	assert_success
	# candidate: the new definition accepts with med 42
	assert_line "Policy IN: accepted"
	assert_line "  IN line 2: set med 42"
	# after discarding, exec mode runs the committed definition: dropped
	assert_line "Policy IN: dropped"
	assert_line "  IN line 6: drop"
}

@test "test route-policy in config mode: a policy that exists only in the candidate" {
	run xr <<'EOF'
configure
route-policy NEW
  prepend as-path most-recent 2
end-policy
test route-policy NEW prefix 10.0.0.0/8 as-path 64500 3356
abort
EOF
	assert_success
	assert_line "Policy NEW: accepted"
	assert_line "  as-path            64500 64500 64500 3356"
	run xr -c 'test route-policy NEW prefix 10.0.0.0/8'
	assert_failure 1
	assert_output --partial "% route-policy NEW is not defined"
}

@test "test route-policy with arguments, written with and without a space" {
	run xr <<'EOF'
configure
route-policy SETMED($m)
  set med $m
end-policy
commit
end
test route-policy SETMED(10) prefix 10.0.0.0/8
test route-policy SETMED (20) prefix 10.0.0.0/8
EOF
	assert_success
	assert_line "Policy SETMED(10): accepted"
	assert_line "Policy SETMED(20): accepted"
	assert_line "  med                10"
	assert_line "  med                20"
}

@test "test route-policy: errors for an unknown policy, a bad prefix, a missing set" {
	run xr -c 'test route-policy NOPE prefix 10.0.0.0/8'
	assert_failure 1
	assert_output --partial "% route-policy NOPE is not defined"
	commit_base
	run xr -c 'test route-policy IN prefix 10.0.0.0/33'
	assert_failure 1
	assert_output --partial "% Invalid route: invalid prefix '10.0.0.0/33'"
	run xr -c 'test route-policy IN prefix 10.0.0.0/8 community 1:99999'
	assert_failure 1
	assert_output --partial "% Invalid route: invalid community '1:99999'"
	run xr -c 'test route-policy IN next-hop 1.1.1.1'
	assert_failure 1
	assert_output --partial "% Invalid route: a route needs a prefix"
	run xr <<'EOF'
configure
route-policy USES_MISSING
  if destination in NOT_DEFINED then
    pass
  endif
end-policy
test route-policy USES_MISSING prefix 10.0.0.0/8
EOF
	assert_failure 1
	assert_output --partial "% prefix-set NOT_DEFINED is not defined (route-policy USES_MISSING, line 2)"
}

@test "test route-policy from a configured neighbor: remote-as through its neighbor-group" {
	run xr <<'EOF'
configure
router bgp 65001
 neighbor-group UPSTREAM
  remote-as 174
 !
 neighbor 203.0.113.5
  use neighbor-group UPSTREAM
 !
!
route-policy TAG_PEER
  if path-type is ebgp and as-path neighbor-is '174' then
    set community (peeras:1) additive
    prepend as-path own-as 1
  endif
end-policy
test route-policy TAG_PEER prefix 10.0.0.0/8 as-path 174 from 203.0.113.5
abort
EOF
	assert_success
	assert_line "Policy TAG_PEER: accepted"
	assert_line "  community          174:1"
	assert_line "  as-path            65001 174"
}

@test "test route-policy: the seed policy PROVIDER_A_IN on the completed seed config" {
	{
		echo configure
		cat "$SRCDIR/tests/configs/00-seed-multihoming.cfg"
		echo commit
		echo end
	} | xr
	run xr -c 'test route-policy PROVIDER_A_IN prefix 8.8.8.0/24 as-path 1299 15169 community 65001:666 from 203.0.113.1'
	assert_success
	assert_line "Policy PROVIDER_A_IN: accepted"
	assert_line "  local-preference   200"
	assert_line "  community          65001:666 no-export"
	run xr -c 'test route-policy PROVIDER_B_IN prefix 192.0.2.0/24 as-path 174 from 203.0.113.5'
	assert_success
	assert_line "Policy PROVIDER_B_IN: dropped"
}

@test "test route-policy completes policy names from the configuration" {
	commit_base
	run xr <<'EOF2'
configure
route-policy IN_V6
  pass
end-policy
complete test route-policy I
abort
EOF2
	assert_success
	assert_line "IN"
	assert_line "IN_V6"
}

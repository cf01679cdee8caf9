#!/usr/bin/env bats
# show rpl and its forms through batch mode: listings, single objects,
# detail, attachpoints, the ACTIVE / INACTIVE / UNUSED lists, `| json`,
# and commit-time reference checks of attached policies.  Neighbors use
# 127.0.0.0/8 addresses: configuration is only ever parsed and committed.

bats_require_minimum_version 1.5.0
load helpers

setup() {
	setup_xrsh_env
	cat >"$BATS_TEST_TMPDIR/base" <<'EOF'
configure
prefix-set CUSTOMERS
  10.0.0.0/8 le 24
end-set
prefix-set UNUSED_PFX
  192.0.2.0/24
end-set
community-set TAG
  65000:100
end-set
community-set IDLE_TAG
  65000:999
end-set
extcommunity-set rt RTS
  65000:1
end-set
large-community-set LC
  65000:1:2
end-set
as-path-set TIER1
  passes-through '1299'
end-set
route-policy IN
  if destination in CUSTOMERS then
    apply MARK(200)
  endif
end-policy
route-policy MARK($lp)
  set local-preference $lp
  set community TAG additive
end-policy
route-policy IDLE
  if community matches-any IDLE_TAG then
    drop
  endif
end-policy
route-policy LONELY
  pass
end-policy
router bgp 65000
 bgp router-id 127.0.0.1
 address-family ipv4 unicast
 !
 neighbor 127.0.0.2
  remote-as 65001
  address-family ipv4 unicast
   route-policy IN in
   route-policy LONELY out
commit
end
EOF
}

# show_rpl CMD...: the base configuration, then each show command.
show_rpl() {
	{
		cat "$BATS_TEST_TMPDIR/base"
		printf '%s\n' "$@"
	} >"$BATS_TEST_TMPDIR/script"
	run --separate-stderr xr -f "$BATS_TEST_TMPDIR/script"
}

@test "show rpl route-policy lists every policy after the listing line" {
	show_rpl 'show rpl route-policy'
	assert_success
	[ -z "$stderr" ]
	assert_equal "${lines[0]}" "Listing for all Route Policy objects"
	expected='Listing for all Route Policy objects

route-policy IDLE
  if community matches-any IDLE_TAG then
    drop
  endif
end-policy
!
route-policy IN
  if destination in CUSTOMERS then
    apply MARK(200)
  endif
end-policy
!
route-policy LONELY
  pass
end-policy
!
route-policy MARK($lp)
  set local-preference $lp
  set community TAG additive
end-policy
!'
	[ "$output" = "$expected" ]
}

@test "show rpl shows sets by kind then policies; one object by name" {
	show_rpl 'show rpl' 'show rpl prefix-set CUSTOMERS' \
	    'show rpl extcommunity-set rt RTS' \
	    'show rpl large-community-set LC'
	assert_success
	assert_equal "${lines[0]}" "prefix-set CUSTOMERS"
	assert_line --index 3 "!"
	assert_line --index 4 "prefix-set UNUSED_PFX"
	assert_line --index 8 "as-path-set TIER1"
	assert_line --index 12 "community-set IDLE_TAG"
	assert_line --index 20 "extcommunity-set rt RTS"
	assert_line --index 24 "large-community-set LC"
	assert_line --index 28 "route-policy IDLE"
	tail="$(printf '%s\n' "${lines[@]: -12}")"
	expected='prefix-set CUSTOMERS
  10.0.0.0/8 le 24
end-set
!
extcommunity-set rt RTS
  65000:1
end-set
!
large-community-set LC
  65000:1:2
end-set
!'
	[ "$tail" = "$expected" ]
}

@test "show rpl prefix-set lists the kind; an unknown name is an error" {
	show_rpl 'show rpl prefix-set' 'show rpl community-set NOPE'
	assert_failure 1
	expected='Listing for all Prefix Set objects

prefix-set CUSTOMERS
  10.0.0.0/8 le 24
end-set
!
prefix-set UNUSED_PFX
  192.0.2.0/24
end-set
!'
	[ "$output" = "$expected" ]
	n=$(($(wc -l <"$BATS_TEST_TMPDIR/base") + 2))
	assert_equal "$stderr" "$BATS_TEST_TMPDIR/script:$n: % Policy object community-set NOPE not found"
}

@test "show rpl route-policy NAME detail inlines what it uses" {
	show_rpl 'show rpl route-policy IN detail'
	assert_success
	expected='prefix-set CUSTOMERS
  10.0.0.0/8 le 24
end-set
!
community-set TAG
  65000:100
end-set
!
route-policy MARK($lp)
  set local-preference $lp
  set community TAG additive
end-policy
!
route-policy IN
  if destination in CUSTOMERS then
    apply MARK(200)
  endif
end-policy
!'
	[ "$output" = "$expected" ]
}

@test "attachpoints of a policy and of a set it uses" {
	show_rpl 'show rpl route-policy IN attachpoints' \
	    'show rpl community-set TAG attachpoints' \
	    'show rpl route-policy IDLE attachpoints'
	assert_success
	expected='BGP Attachpoint:Neighbor

Neighbor/Group  type  afi/safi       in/out
---------------------------------------------------
127.0.0.2       --    IPv4/uni       in
BGP Attachpoint:Neighbor

Neighbor/Group  type  afi/safi       in/out
---------------------------------------------------
127.0.0.2       --    IPv4/uni       in'
	[ "$output" = "$expected" ]
}

@test "active, inactive and unused lists" {
	show_rpl 'show rpl active route-policy' 'show rpl inactive community-set' \
	    'show rpl unused prefix-set'
	assert_success
	assert_equal "${lines[0]}" "ACTIVE -- Referenced by at least one policy which is attached"
	assert_equal "${lines[1]}" "INACTIVE -- Only referenced by policies which are not attached"
	assert_equal "${lines[2]}" "UNUSED -- Not attached (directly or indirectly) and not referenced"
	assert_equal "${lines[3]}" "The following policies are (ACTIVE)"
	assert_equal "${lines[4]}" "------------------------------------------"
	assert_equal "${lines[5]}" "IN"
	assert_equal "${lines[6]}" "LONELY"
	assert_equal "${lines[7]}" "MARK"
	assert_equal "${lines[8]}" "------------------------------------------"
	assert_equal "${lines[12]}" "The following community-sets are (INACTIVE)"
	assert_equal "${lines[14]}" "IDLE_TAG"
	assert_equal "${lines[15]}" "------------------------------------------"
	assert_equal "${lines[19]}" "The following prefix-sets are (UNUSED)"
	assert_equal "${lines[21]}" "UNUSED_PFX"
	assert_equal "${lines[22]}" "------------------------------------------"
}

@test "| json forms have stable keys" {
	show_rpl 'show rpl route-policy MARK | json' \
	    'show rpl prefix-set CUSTOMERS | json' \
	    'show rpl route-policy IN attachpoints | json' \
	    'show rpl unused route-policy | json'
	assert_success
	assert_equal "${lines[0]}" '{"name":"MARK","parameters":["$lp"],"state":"ACTIVE","text":"route-policy MARK($lp)\n  set local-preference $lp\n  set community TAG additive\nend-policy\n!\n"}'
	assert_equal "${lines[1]}" '{"kind":"prefix-set","name":"CUSTOMERS","state":"ACTIVE","elements":["10.0.0.0/8 le 24"],"text":"prefix-set CUSTOMERS\n  10.0.0.0/8 le 24\nend-set\n!\n"}'
	assert_equal "${lines[2]}" '{"kind":"route-policy","name":"IN","attachpoints":[{"owner_kind":"neighbor","owner":"127.0.0.2","afi_safi":"IPv4/uni","direction":"in","policy":"IN","args":null}]}'
	assert_equal "${lines[3]}" '{"state":"UNUSED","kind":"route-policy","names":["IDLE"]}'
}

@test "do show rpl from configuration mode shows the running objects" {
	show_rpl 'configure' 'route-policy NEW' 'pass' 'end-policy' \
	    'do show rpl route-policy LONELY' 'do show rpl route-policy NEW' \
	    'abort'
	assert_failure 1
	expected='route-policy LONELY
  pass
end-policy
!'
	[ "$output" = "$expected" ]
	n=$(($(wc -l <"$BATS_TEST_TMPDIR/base") + 6))
	assert_equal "$stderr" "$BATS_TEST_TMPDIR/script:$n: % Policy object route-policy NEW not found"
}

@test "commit rejects an attached policy with undefined references, naming them" {
	cat >"$BATS_TEST_TMPDIR/script" <<'EOF'
configure
route-policy BAD_IN
  if destination in NO_SUCH_SET or community matches-any (65000:1) then
    apply NO_SUCH_POLICY
  endif
end-policy
route-policy UNATTACHED
  if as-path in ALSO_MISSING then
    drop
  endif
end-policy
router bgp 65000
 bgp router-id 127.0.0.1
 address-family ipv4 unicast
 !
 neighbor 127.0.0.2
  remote-as 65001
  address-family ipv4 unicast
   route-policy BAD_IN in
   route-policy MISSING_OUT out
commit
EOF
	run --separate-stderr xr -f "$BATS_TEST_TMPDIR/script"
	assert_failure 1
	s="$BATS_TEST_TMPDIR/script:21:"
	assert_equal "${stderr_lines[1]}" "$s !!% 'RPL' detected the 'warning' condition 'Policy [BAD_IN] uses the prefix-set [NO_SUCH_SET] which is not defined, attached at neighbor 127.0.0.2 address-family ipv4 unicast in'"
	assert_equal "${stderr_lines[2]}" "$s !!% 'RPL' detected the 'warning' condition 'Policy [BAD_IN] applies the route-policy [NO_SUCH_POLICY] which is not defined, attached at neighbor 127.0.0.2 address-family ipv4 unicast in'"
	assert_equal "${stderr_lines[3]}" "$s !!% 'RPL' detected the 'warning' condition 'Policy [MISSING_OUT] is not defined, attached at neighbor 127.0.0.2 address-family ipv4 unicast out'"
	# the unattached policy's missing as-path-set is not an error
	assert_equal "${#stderr_lines[@]}" 4
}

@test "a parameterised policy is checked with its attach point arguments" {
	cat >"$BATS_TEST_TMPDIR/script" <<'EOF'
configure
route-policy FILTER($set, $lp)
  if destination in $set then
    set local-preference $lp
  endif
end-policy
router bgp 65000
 bgp router-id 127.0.0.1
 address-family ipv4 unicast
 !
 neighbor 127.0.0.2
  remote-as 65001
  address-family ipv4 unicast
   route-policy FILTER(MISSING_SET, 4294967296) in
   route-policy FILTER(ONLY_ONE) out
commit
EOF
	run --separate-stderr xr -f "$BATS_TEST_TMPDIR/script"
	assert_failure 1
	s="$BATS_TEST_TMPDIR/script:16:"
	assert_equal "${stderr_lines[1]}" "$s !!% 'RPL' detected the 'warning' condition 'Policy [FILTER] with its arguments: value 4294967296 out of range 0-4294967295 at 4294967296, attached at neighbor 127.0.0.2 address-family ipv4 unicast in'"
	assert_equal "${stderr_lines[2]}" "$s !!% 'RPL' detected the 'warning' condition 'Policy [FILTER] takes 2 parameter(s) but the attach point gives 1, attached at neighbor 127.0.0.2 address-family ipv4 unicast out'"
}

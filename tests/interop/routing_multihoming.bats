#!/usr/bin/env bats
# The seed's multi-homing scenario end to end: xrsh (AS 65001) runs the
# completed seed configuration (tests/configs/00-seed-multihoming.cfg:
# neighbor-groups, community-sets, route-policies) with its two upstreams
# played by BIRD: PROVIDER_A (AS 1299) and PROVIDER_B (AS 174), both
# originating an overlapping prefix, and a customer (BIRD, AS 65003) that
# announces prefixes tagged with the communities the seed policies select
# on.  What the providers receive (prepends, MED, community tags), what
# xrsh keeps (local-preference, best path), NO_EXPORT, and how fast a
# withdrawal travels are checked from the daemons' own tables.
#
# Addresses: the seed's neighbors 203.0.113.1 / .5 are rewritten to
# 127.0.1.1 (A) / 127.0.1.2 (B) before xrsh sees the file; the customer is
# 127.0.1.3, xrsh 127.0.1.254; all on one port P (xrsh's --port).
#
# Customer routes (AS 65003) and what the seed's out-policies make of them:
#   prefix              community        to A (OUT: med 100, +65001:100)   to B (OUT: med 150|200, +65001:200)
#   198.51.100.0/26     65001:1000 ONCE  65001 65001 65003, med 100        65001 65003, med 150
#   198.51.100.64/26    65001:2000 TWICE 65001 x3 65003, med 100           65001 65003, med 150
#   198.51.100.128/26   65001:3000 THRICE 65001 x4 65003, med 100          65001 65003, med 150
#   198.51.100.192/26   65001:100 PREF_A 65001 65003, med 100              65001 x3 65003, med 200
#   198.51.100.0/24     -                65001 65003, med 100              65001 65003, med 150
#   10.3.0.0/16         - (not customer space: no MED, no tag)
#   198.51.100.0/25     no-export        not sent                          not sent
# Provider routes:
#   A 10.10.0.0/16 (also from B), A 10.20.0.0/16 tagged 65001:666
#   (NO_EXPORT_TO_PEER: the in-policy adds no-export), B 10.30.0.0/16,
#   B 198.51.100.0/24 (our own space: PROVIDER_B_IN drops it), B
#   10.50.0.0/16 tagged 65001:666.

bats_require_minimum_version 1.5.0

load '/usr/lib/bats/bats-support/load'
load '/usr/lib/bats/bats-assert/load'
load lib
load xrsh_lib
load routing_lib

XI_MODE=script
RT_BASE=18500
SEED=$BATS_TEST_DIRNAME/../configs/00-seed-multihoming.cfg

setup() { xi_setup; }
teardown() { xi_teardown; }

# mh_config FILE: the seed configuration with loopback neighbors, a router
# ID, and the customer neighbor (the seed has none) with pass-all policies
mh_config() {
	{
		echo "route-policy CUSTOMER_IN"
		echo "  pass"
		echo "end-policy"
		echo "!"
		echo "route-policy CUSTOMER_OUT"
		echo "  pass"
		echo "end-policy"
		echo "!"
		sed -e 's/^\( *neighbor \)203\.0\.113\.1 *$/\1127.0.1.1/' \
			-e 's/^\( *neighbor \)203\.0\.113\.5 *$/\1127.0.1.2/' \
			-e 's/^router bgp 65001$/&\n bgp router-id 10.255.1.254/' "$SEED"
		echo "router bgp 65001"
		echo " neighbor 127.0.1.3"
		echo "  remote-as 65003"
		echo "  description \"Customer\""
		echo "  address-family ipv4 unicast"
		echo "   route-policy CUSTOMER_IN in"
		echo "   route-policy CUSTOMER_OUT out"
		echo "   send-community-ebgp"
		echo "  !"
		echo " !"
		echo "!"
	} >"$1"
	# never a real-world neighbor address live
	if grep -n '203\.0\.113\.' "$1"; then
		echo "mh_config: a documentation address is left in $1" >&2
		return 1
	fi
}

# mh_start: the three BIRD peers and xrsh, all sessions up, the routes in
mh_start() {
	P=$(xi_reserve_ports "$1")
	mh_config "$INTEROP_TMP/x.cfg"
	rt_bird pa LOCAL_ADDR=127.0.1.1 LOCAL_PORT="$P" LOCAL_AS=1299 \
		PEER_ADDR=127.0.1.254 PEER_PORT="$P" PEER_AS=65001 <<-'EOF'
		p 10.10.0.0/16
		p 10.20.0.0/16 bgp_community.add((65001,666));
	EOF
	rt_bird pb LOCAL_ADDR=127.0.1.2 LOCAL_PORT="$P" LOCAL_AS=174 \
		PEER_ADDR=127.0.1.254 PEER_PORT="$P" PEER_AS=65001 <<-'EOF'
		p 10.10.0.0/16
		p 10.30.0.0/16
		p 198.51.100.0/24
		p 10.50.0.0/16 bgp_community.add((65001,666));
	EOF
	rt_bird cu LOCAL_ADDR=127.0.1.3 LOCAL_PORT="$P" LOCAL_AS=65003 \
		PEER_ADDR=127.0.1.254 PEER_PORT="$P" PEER_AS=65001 <<-'EOF'
		c 198.51.100.0/26 bgp_community.add((65001,1000));
		c 198.51.100.64/26 bgp_community.add((65001,2000));
		c 198.51.100.128/26 bgp_community.add((65001,3000));
		c 198.51.100.192/26 bgp_community.add((65001,100));
		c 10.3.0.0/16
		ne 198.51.100.0/25 bgp_community.add((65535,65281));
		wd 198.51.100.0/24
	EOF
	rt_xrsh x "$P" 127.0.1.254 "$INTEROP_TMP/x.cfg"
	rt_up x 20 127.0.1.1 127.0.1.2 127.0.1.3
	wait_for_all Established 5 pa pb cu
}

@test "multihoming: the seed's policies, best paths, NO_EXPORT and a fast withdrawal (BIRD as A, B and customer)" {
	rt_require
	mh_start "$RT_BASE"
	local out t0 ms

	# --- what the providers receive from the customer
	rt_wait_has pa 10 198.51.100.0/26 198.51.100.64/26 198.51.100.128/26 \
		198.51.100.192/26 198.51.100.0/24 10.3.0.0/16 10.30.0.0/16
	rt_wait_has pb 10 198.51.100.0/26 198.51.100.64/26 198.51.100.128/26 \
		198.51.100.192/26 198.51.100.0/24 10.3.0.0/16 10.10.0.0/16
	# PROVIDER_A_OUT: prepends chosen by PREPEND_ONCE/TWICE/THRICE, med 100,
	# community 65001:100 added to the customer's
	assert_equal "$(rt_attr pa 198.51.100.0/26 as_path)" "65001 65001 65003"
	assert_equal "$(rt_attr pa 198.51.100.64/26 as_path)" "65001 65001 65001 65003"
	assert_equal "$(rt_attr pa 198.51.100.128/26 as_path)" "65001 65001 65001 65001 65003"
	assert_equal "$(rt_attr pa 198.51.100.192/26 as_path)" "65001 65003"
	assert_equal "$(rt_attr pa 198.51.100.0/24 as_path)" "65001 65003"
	local p
	for p in 198.51.100.0/26 198.51.100.64/26 198.51.100.128/26 198.51.100.192/26 198.51.100.0/24; do
		assert_equal "$p $(rt_attr pa $p med)" "$p 100"
	done
	assert_equal "$(rt_comms pa 198.51.100.0/26)" "65001:100 65001:1000"
	assert_equal "$(rt_comms pa 198.51.100.64/26)" "65001:100 65001:2000"
	assert_equal "$(rt_comms pa 198.51.100.128/26)" "65001:100 65001:3000"
	assert_equal "$(rt_comms pa 198.51.100.192/26)" "65001:100"
	assert_equal "$(rt_comms pa 198.51.100.0/24)" "65001:100"
	# outside PREFIX_SET_CUSTOMER_ROUTES: passed untouched
	assert_equal "$(rt_attr pa 10.3.0.0/16 as_path)" "65001 65003"
	assert_equal "$(rt_attr pa 10.3.0.0/16 med)" ""
	assert_equal "$(rt_comms pa 10.3.0.0/16)" ""
	# PROVIDER_B_OUT: PREFER_PROVIDER_A -> two prepends and med 200, the
	# others med 150; 65001:200 added; the PREPEND_* tags do nothing here
	assert_equal "$(rt_attr pb 198.51.100.192/26 as_path)" "65001 65001 65001 65003"
	assert_equal "$(rt_attr pb 198.51.100.192/26 med)" 200
	assert_equal "$(rt_comms pb 198.51.100.192/26)" "65001:100 65001:200"
	for p in 198.51.100.0/26 198.51.100.64/26 198.51.100.128/26 198.51.100.0/24; do
		assert_equal "$p $(rt_attr pb $p as_path) $(rt_attr pb $p med)" "$p 65001 65003 150"
	done
	assert_equal "$(rt_comms pb 198.51.100.0/26)" "65001:200 65001:1000"
	assert_equal "$(rt_comms pb 198.51.100.0/24)" "65001:200"
	assert_equal "$(rt_attr pb 10.3.0.0/16 med)" ""

	# --- NO_EXPORT: the customer's no-export route reaches no provider;
	# the providers' 65001:666 routes (no-export added by the in-policies)
	# reach neither the other provider nor the customer
	rt_wait_has cu 5 10.10.0.0/16 10.30.0.0/16
	run rt_prefixes pa
	refute_output --partial 198.51.100.0/25
	refute_output --partial 10.50.0.0/16
	run rt_prefixes pb
	refute_output --partial 198.51.100.0/25
	refute_output --partial 10.20.0.0/16
	run rt_prefixes cu
	assert_output "10.10.0.0/16 10.30.0.0/16"
	out=$(xr_multi x 'show bgp 198.51.100.0/25' 'show bgp 10.20.0.0/16' 'show bgp 10.50.0.0/16')
	run xi_section 1 <<<"$out"
	assert_line --regexp '^      Community: .*no-export'
	run xi_section 2 <<<"$out"
	assert_line '      Community: 65001:666 no-export'
	run xi_section 3 <<<"$out"
	assert_line '      Community: 65001:666 no-export'

	# --- xrsh's own table: local-preference from the in-policies, best path
	out=$(xr_multi x 'show bgp 10.10.0.0/16' 'show bgp 10.30.0.0/16' 'show bgp 198.51.100.0/24' 'show bgp')
	run xi_section 1 <<<"$out"
	assert_line 'Paths: (2 available, best #1)'
	run rt_paths_of < <(xi_section 1 <<<"$out")
	assert_output "$(printf '%s\n' '127.0.1.1 200 best' '127.0.1.2 150 -')"
	run rt_paths_of < <(xi_section 2 <<<"$out")
	assert_output '127.0.1.2 150 best'
	# PROVIDER_B_IN dropped our own space: only the customer's path
	run rt_paths_of < <(xi_section 3 <<<"$out")
	assert_output --regexp '^127\.0\.1\.3 [0-9-]+ best$'
	run jq -c '.address_families[0] | [.accepted_prefixes, .denied_prefixes]' < <(xr_json x 127.0.1.2)
	assert_output '[3,1]'
	run xi_section 4 <<<"$out"
	assert_line --regexp '^\*> 10\.10\.0\.0/16 +127\.0\.1\.1 .* 1299 i$'
	assert_line --regexp '^\*  +127\.0\.1\.2 .* 174 i$'
	# the best path is what the others get: A's, with our AS in front
	assert_equal "$(rt_attr pb 10.10.0.0/16 as_path)" "65001 1299"
	assert_equal "$(rt_attr cu 10.10.0.0/16 as_path)" "65001 1299"
	assert_equal "$(rt_attr pa 10.30.0.0/16 as_path)" "65001 174"

	# --- a withdrawal at the customer is withdrawn at both providers in
	# under a second
	t0=$(interop_now_ms)
	birdc_cmd cu "disable s_wd" >/dev/null
	wait_for 1 rt_lacks pa 198.51.100.0/24
	wait_for 1 rt_lacks pb 198.51.100.0/24
	ms=$(rt_elapsed_ms "$t0")
	echo "# withdrawn at both providers after ${ms} ms" >&3
	[ "$ms" -lt 1000 ]
	# and only that one: the rest stays
	rt_has pa 198.51.100.0/26
	rt_has pb 198.51.100.192/26
	run xr_cmd x 'show bgp 198.51.100.0/24'
	assert_output --partial 'Network not in table'
	# back again
	birdc_cmd cu "enable s_wd" >/dev/null
	rt_wait_has pa 5 198.51.100.0/24
	rt_wait_has pb 5 198.51.100.0/24
	assert_equal "$(rt_attr pb 198.51.100.0/24 med)" 150
}

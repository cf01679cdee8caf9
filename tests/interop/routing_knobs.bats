#!/usr/bin/env bats
# Knobs of issue 11 seen from real iBGP/eBGP peers (BIRD 2):
#  - graceful-shutdown (RFC 8326) on an iBGP neighbor: what we send it
#    carries GRACEFUL_SHUTDOWN (65535:0) and LOCAL_PREF 0; what it sends
#    us gets both in our table; to an eBGP neighbor the community goes
#    only with send-community-ebgp or send-community-gshut-ebgp;
#  - ibgp policy out enforce-modifications: on a reflected route XR's
#    default applies an outbound policy as a filter only; with the knob
#    its modifications reach the peer;
#  - maximum-paths ... selective with the neighbor-AF `multipath`;
#  - XR graceful maintenance (graceful-maintenance activate /
#    local-preference / as-prepends, router bgp graceful-maintenance
#    activate [all-neighbors]): the same path with its attributes.
# Checked in BIRD's own tables (`show route all`: BGP.local_pref,
# BGP.community, BGP.med).
#
# NETWORK SAFETY: every address is 127.0.4.x - 127.0.6.x (lib.bash and
# xrsh_launch refuse anything else); XRSH_LOOPBACK_ONLY=1.

bats_require_minimum_version 1.5.0

load '/usr/lib/bats/bats-support/load'
load '/usr/lib/bats/bats-assert/load'
load lib
load xrsh_lib
load routing_lib

XI_MODE=script
RT_BASE=18700

setup() { xi_setup; }
teardown() { xi_teardown; }

# attr_is NAME PREFIX ATTR VALUE: BIRD's route has BGP.ATTR = VALUE
attr_is() {
	[ "$(rt_attr "$1" "$2" "$3")" = "$4" ]
}

# comms_are NAME PREFIX "A:B ...": BIRD's route has exactly these
comms_are() {
	[ "$(rt_comms "$1" "$2")" = "$3" ]
}

@test "graceful-shutdown: the iBGP peer sees 65535:0 and LOCAL_PREF 0; its routes get them here; eBGP gets the community only when told (BIRD)" {
	rt_require
	local P out
	P=$(xi_reserve_ports "$RT_BASE")
	cat >"$INTEROP_TMP/x.cfg" <<-'EOF2'
	route-policy PASS
	  pass
	end-policy
	!
	router bgp 65000
	 bgp router-id 10.255.4.254
	 address-family ipv4 unicast
	 !
	 neighbor 127.0.4.1
	  remote-as 65001
	  address-family ipv4 unicast
	   route-policy PASS in
	   route-policy PASS out
	  !
	 !
	 neighbor 127.0.4.2
	  remote-as 65000
	  graceful-shutdown
	  address-family ipv4 unicast
	  !
	 !
	!
	EOF2
	echo "p 10.41.0.0/16 bgp_community.add((65001,41));" | rt_bird e1 \
		LOCAL_ADDR=127.0.4.1 LOCAL_PORT="$P" LOCAL_AS=65001 \
		PEER_ADDR=127.0.4.254 PEER_PORT="$P" PEER_AS=65000
	echo "p 10.42.0.0/16" | rt_bird i1 LOCAL_ADDR=127.0.4.2 LOCAL_PORT="$P" \
		LOCAL_AS=65000 PEER_ADDR=127.0.4.254 PEER_PORT="$P" PEER_AS=65000
	rt_xrsh x "$P" 127.0.4.254 "$INTEROP_TMP/x.cfg"
	rt_up x 20 127.0.4.1 127.0.4.2
	wait_for_all Established 5 e1 i1

	# to the iBGP neighbor: LOCAL_PREF 0 and the community added
	rt_wait_has i1 10 10.41.0.0/16
	assert_equal "$(rt_attr i1 10.41.0.0/16 local_pref)" 0
	assert_equal "$(rt_comms i1 10.41.0.0/16)" "65001:41 65535:0"
	# from it: both in our table
	rt_wait_xr x 10 'show bgp 10.42.0.0/16' 'Community: .*graceful-shutdown'
	out=$(xr_cmd x 'show bgp 10.42.0.0/16')
	run rt_paths_of <<<"$out"
	assert_output '127.0.4.2 0 best'
	run xr_cmd x 'show bgp neighbors 127.0.4.2'
	assert_line '  Graceful Maintenance locally active, Local Preference=0, No AS prepends'
	# eBGP without send-community-ebgp / -gshut-ebgp: no communities
	rt_wait_has e1 10 10.42.0.0/16
	assert_equal "$(rt_attr e1 10.42.0.0/16 community)" ""
	# send-community-gshut-ebgp: that community alone
	run xr_config x <<-'EOF2'
	router bgp 65000
	neighbor 127.0.4.1
	address-family ipv4 unicast
	send-community-gshut-ebgp
	EOF2
	assert_success
	wait_for 5 comms_are e1 10.42.0.0/16 "65535:0"

	# no graceful-shutdown: back to normal on both sides
	run xr_config x <<-'EOF2'
	router bgp 65000
	neighbor 127.0.4.2
	no graceful-shutdown
	EOF2
	assert_success
	wait_for 5 attr_is i1 10.41.0.0/16 local_pref 100
	assert_equal "$(rt_comms i1 10.41.0.0/16)" "65001:41"
	rt_wait_xr x 10 'show bgp 10.42.0.0/16' 'localpref 100'
	out=$(xr_cmd x 'show bgp 10.42.0.0/16')
	[[ "$out" != *graceful-shutdown* ]]
	wait_for 5 eval '[ -z "$(rt_attr e1 10.42.0.0/16 community)" ]'
}

@test "ibgp policy out enforce-modifications: a reflected route keeps its attributes unless the knob is set; the policy filters either way (BIRD)" {
	rt_require
	local P
	P=$(xi_reserve_ports "$((RT_BASE + 50))")
	cat >"$INTEROP_TMP/x.cfg" <<-'EOF2'
	route-policy OUT
	  if destination in (10.52.0.0/16) then
	    drop
	  endif
	  set local-preference 333
	  set med 44
	  pass
	end-policy
	!
	router bgp 65000
	 bgp router-id 10.255.5.254
	 address-family ipv4 unicast
	 !
	 neighbor 127.0.5.1
	  remote-as 65000
	  address-family ipv4 unicast
	   route-reflector-client
	  !
	 !
	 neighbor 127.0.5.2
	  remote-as 65000
	  address-family ipv4 unicast
	   route-policy OUT out
	  !
	 !
	!
	EOF2
	printf '%s\n' "p 10.51.0.0/16" "p 10.52.0.0/16" | rt_bird c1 \
		LOCAL_ADDR=127.0.5.1 LOCAL_PORT="$P" LOCAL_AS=65000 \
		PEER_ADDR=127.0.5.254 PEER_PORT="$P" PEER_AS=65000
	echo "q 10.53.0.0/16" | rt_bird n1 LOCAL_ADDR=127.0.5.2 LOCAL_PORT="$P" \
		LOCAL_AS=65000 PEER_ADDR=127.0.5.254 PEER_PORT="$P" PEER_AS=65000
	rt_xrsh x "$P" 127.0.5.254 "$INTEROP_TMP/x.cfg"
	rt_up x 20 127.0.5.1 127.0.5.2
	wait_for_all Established 5 c1 n1

	# default: reflected as received (LOCAL_PREF 100, no MED) ...
	rt_wait_has n1 10 10.51.0.0/16
	assert_equal "$(rt_attr n1 10.51.0.0/16 local_pref)" 100
	assert_equal "$(rt_attr n1 10.51.0.0/16 med)" ""
	assert_equal "$(rt_attr n1 10.51.0.0/16 originator_id)" 10.255.5.1
	# ... and the drop still applies
	rt_log_quiet n1
	rt_lacks n1 10.52.0.0/16

	run xr_config x <<-'EOF2'
	router bgp 65000
	ibgp policy out enforce-modifications
	EOF2
	assert_success
	wait_for 5 attr_is n1 10.51.0.0/16 local_pref 333
	assert_equal "$(rt_attr n1 10.51.0.0/16 med)" 44
	rt_lacks n1 10.52.0.0/16
	run xr_cmd x 'show bgp process'
	assert_line 'iBGP outbound policy modifications enforced on reflected routes'

	run xr_config x <<-'EOF2'
	router bgp 65000
	no ibgp policy out enforce-modifications
	EOF2
	assert_success
	wait_for 5 attr_is n1 10.51.0.0/16 local_pref 100
	assert_equal "$(rt_attr n1 10.51.0.0/16 med)" ""
}

# mp_count NAME PREFIX N: xrsh's `show bgp PREFIX` has N multipath paths
mp_count() {
	[ "$(xr_cmd "$1" "show bgp $2" | grep -c '^      Origin .*, multipath')" -eq "$3" ]
}

@test "maximum-paths ebgp 2 selective: only neighbors with multipath join the set; the neighbor knob applies at commit (BIRD)" {
	rt_require
	local P
	P=$(xi_reserve_ports "$((RT_BASE + 100))")
	cat >"$INTEROP_TMP/x.cfg" <<-'EOF2'
	route-policy PASS
	  pass
	end-policy
	!
	router bgp 65000
	 bgp router-id 10.255.6.254
	 bgp bestpath as-path multipath-relax
	 address-family ipv4 unicast
	  maximum-paths ebgp 2 selective
	 !
	 neighbor 127.0.6.1
	  remote-as 65001
	  address-family ipv4 unicast
	   route-policy PASS in
	   route-policy PASS out
	  !
	 !
	 neighbor 127.0.6.2
	  remote-as 65002
	  address-family ipv4 unicast
	   route-policy PASS in
	   route-policy PASS out
	  !
	 !
	!
	EOF2
	echo "p 10.61.0.0/16" | rt_bird m1 LOCAL_ADDR=127.0.6.1 LOCAL_PORT="$P" \
		LOCAL_AS=65001 PEER_ADDR=127.0.6.254 PEER_PORT="$P" PEER_AS=65000
	echo "p 10.61.0.0/16" | rt_bird m2 LOCAL_ADDR=127.0.6.2 LOCAL_PORT="$P" \
		LOCAL_AS=65002 PEER_ADDR=127.0.6.254 PEER_PORT="$P" PEER_AS=65000
	rt_xrsh x "$P" 127.0.6.254 "$INTEROP_TMP/x.cfg"
	rt_up x 20 127.0.6.1 127.0.6.2
	wait_for_all Established 5 m1 m2
	rt_wait_xr x 10 'show bgp 10.61.0.0/16' 'Paths: \(2 available'

	# selective without any `multipath` neighbor: no multipath set
	mp_count x 10.61.0.0/16 0
	# both neighbors marked: both paths are multipath, without a reset
	run xr_config x <<-'EOF2'
	router bgp 65000
	neighbor 127.0.6.1
	address-family ipv4 unicast
	multipath
	root
	router bgp 65000
	neighbor 127.0.6.2
	address-family ipv4 unicast
	multipath
	EOF2
	assert_success
	wait_for 5 mp_count x 10.61.0.0/16 2
	run xr_cmd x 'show bgp neighbors 127.0.6.1'
	assert_output --partial 'BGP state = Established'
	# one taken away: the set falls back to the best path alone
	run xr_config x <<-'EOF2'
	router bgp 65000
	neighbor 127.0.6.2
	address-family ipv4 unicast
	no multipath
	EOF2
	assert_success
	wait_for 5 mp_count x 10.61.0.0/16 0
}

@test "graceful-maintenance: the iBGP peer sees 65535:0 and the configured LOCAL_PREF, the eBGP peer the AS prepends; router bgp's activate covers the neighbors with a block, all-neighbors every one (BIRD)" {
	rt_require
	local P
	P=$(xi_reserve_ports "$((RT_BASE + 150))")
	# the attributes come from the neighbor-group; 127.0.4.3 has no
	# graceful-maintenance block
	cat >"$INTEROP_TMP/x.cfg" <<-'EOF2'
	route-policy PASS
	  pass
	end-policy
	!
	router bgp 65000
	 bgp router-id 10.255.4.254
	 graceful-maintenance activate
	 !
	 address-family ipv4 unicast
	 !
	 neighbor-group GM
	  graceful-maintenance
	   local-preference 20
	   as-prepends 2
	  !
	 !
	 neighbor 127.0.4.1
	  remote-as 65001
	  use neighbor-group GM
	  address-family ipv4 unicast
	   route-policy PASS in
	   route-policy PASS out
	   send-community-ebgp
	  !
	 !
	 neighbor 127.0.4.2
	  remote-as 65000
	  use neighbor-group GM
	  address-family ipv4 unicast
	  !
	 !
	 neighbor 127.0.4.3
	  remote-as 65000
	  address-family ipv4 unicast
	  !
	 !
	!
	EOF2
	echo "p 10.71.0.0/16" | rt_bird e1 LOCAL_ADDR=127.0.4.1 LOCAL_PORT="$P" \
		LOCAL_AS=65001 PEER_ADDR=127.0.4.254 PEER_PORT="$P" PEER_AS=65000
	echo "p 10.72.0.0/16" | rt_bird i1 LOCAL_ADDR=127.0.4.2 LOCAL_PORT="$P" \
		LOCAL_AS=65000 PEER_ADDR=127.0.4.254 PEER_PORT="$P" PEER_AS=65000
	echo "p 10.73.0.0/16" | rt_bird i2 LOCAL_ADDR=127.0.4.3 LOCAL_PORT="$P" \
		LOCAL_AS=65000 PEER_ADDR=127.0.4.254 PEER_PORT="$P" PEER_AS=65000
	rt_xrsh x "$P" 127.0.4.254 "$INTEROP_TMP/x.cfg"
	rt_up x 20 127.0.4.1 127.0.4.2 127.0.4.3
	wait_for_all Established 5 e1 i1 i2

	# iBGP with the block: GRACEFUL_SHUTDOWN, LOCAL_PREF 20
	rt_wait_has i1 10 10.71.0.0/16
	assert_equal "$(rt_attr i1 10.71.0.0/16 local_pref)" 20
	assert_equal "$(rt_comms i1 10.71.0.0/16)" "65535:0"
	# eBGP: our AS three times (one plus as-prepends 2), the community
	# with send-community-ebgp
	rt_wait_has e1 10 10.72.0.0/16
	assert_equal "$(rt_attr e1 10.72.0.0/16 as_path)" "65000 65000 65000"
	assert_equal "$(rt_comms e1 10.72.0.0/16)" "65535:0"
	# iBGP without a block: untouched
	rt_wait_has i2 10 10.71.0.0/16
	assert_equal "$(rt_attr i2 10.71.0.0/16 local_pref)" 100
	assert_equal "$(rt_comms i2 10.71.0.0/16)" ""
	run xr_cmd x 'show bgp neighbors 127.0.4.1'
	assert_line '  Graceful Maintenance globally active, Local Preference=20, AS prepends=2'

	# all-neighbors: 127.0.4.3 too, with the community alone (no
	# local-preference configured for it: LOCAL_PREF untouched)
	run xr_config x <<-'EOF2'
	router bgp 65000
	graceful-maintenance activate all-neighbors
	EOF2
	assert_success
	wait_for 5 comms_are i2 10.71.0.0/16 "65535:0"
	assert_equal "$(rt_attr i2 10.71.0.0/16 local_pref)" 100
	run xr_cmd x 'show bgp neighbors 127.0.4.3'
	assert_line '  Graceful Maintenance globally active, No Local Preference change, No AS prepends'

	# no graceful-maintenance activate: back to normal everywhere
	run xr_config x <<-'EOF2'
	router bgp 65000
	no graceful-maintenance activate
	EOF2
	assert_success
	wait_for 5 attr_is i1 10.71.0.0/16 local_pref 100
	assert_equal "$(rt_comms i1 10.71.0.0/16)" ""
	wait_for 5 attr_is e1 10.72.0.0/16 as_path 65000
	wait_for 5 comms_are i2 10.71.0.0/16 ""

	# the neighbor's own activate, without router bgp's
	run xr_config x <<-'EOF2'
	router bgp 65000
	neighbor 127.0.4.2
	graceful-maintenance activate
	EOF2
	assert_success
	wait_for 5 attr_is i1 10.71.0.0/16 local_pref 20
	assert_equal "$(rt_comms i1 10.71.0.0/16)" "65535:0"
	run xr_cmd x 'show bgp neighbors 127.0.4.2'
	assert_line '  Graceful Maintenance locally active, Local Preference=20, AS prepends=2'
}

#!/usr/bin/env bats
# xrsh as a route reflector (RFC 4456), seen from its iBGP peers (BIRD):
# AS 65000, router ID 10.255.2.254, `bgp cluster-id 10.255.9.9`;
#   c1  127.0.2.1  client      router ID 10.255.2.1  announces 10.21.0.0/16
#   c2  127.0.2.2  client      router ID 10.255.2.2  announces 10.22.0.0/16
#   n1  127.0.2.3  non-client  router ID 10.255.2.3  announces 10.23.0.0/16
#   n2  127.0.2.4  non-client  router ID 10.255.2.4  announces 10.24.0.0/16
# xrsh 127.0.2.254, every speaker on port P.  Rules: a client's route goes
# to every other peer, clients and non-clients; a non-client's route goes
# to the clients only (never to another non-client); reflected routes
# carry ORIGINATOR_ID = the originator's router ID and CLUSTER_LIST = our
# cluster ID, and keep their next hop.  Checked in BIRD's own tables
# (`show route all`: BGP.originator_id, BGP.cluster_list, BGP.next_hop).

bats_require_minimum_version 1.5.0

load '/usr/lib/bats/bats-support/load'
load '/usr/lib/bats/bats-assert/load'
load lib
load xrsh_lib
load routing_lib

XI_MODE=script
RT_BASE=18550

setup() { xi_setup; }
teardown() { xi_teardown; }

# rr_nbr ADDR CLIENT(yes|no)
rr_nbr() {
	echo " neighbor $1"
	echo "  remote-as 65000"
	echo "  address-family ipv4 unicast"
	[ "$2" = yes ] && echo "   route-reflector-client"
	echo "  !"
	echo " !"
}

@test "route reflector: client routes to everyone with ORIGINATOR_ID and CLUSTER_LIST, non-client routes to clients only (BIRD)" {
	rt_require
	local P n name out
	P=$(xi_reserve_ports "$RT_BASE")
	{
		echo "router bgp 65000"
		echo " bgp router-id 10.255.2.254"
		echo " bgp cluster-id 10.255.9.9"
		echo " address-family ipv4 unicast"
		echo " !"
		rr_nbr 127.0.2.1 yes
		rr_nbr 127.0.2.2 yes
		rr_nbr 127.0.2.3 no
		rr_nbr 127.0.2.4 no
		echo "!"
	} >"$INTEROP_TMP/x.cfg"
	for n in 1 2 3 4; do
		case $n in 1 | 2) name=c$n ;; 3) name=n1 ;; 4) name=n2 ;; esac
		echo "p 10.2$n.0.0/16" | rt_bird "$name" LOCAL_ADDR=127.0.2.$n LOCAL_PORT="$P" \
			LOCAL_AS=65000 PEER_ADDR=127.0.2.254 PEER_PORT="$P" PEER_AS=65000 \
			ROUTER_ID=10.255.2.$n
	done
	rt_xrsh x "$P" 127.0.2.254 "$INTEROP_TMP/x.cfg"
	rt_up x 20 127.0.2.1 127.0.2.2 127.0.2.3 127.0.2.4
	wait_for_all Established 5 c1 c2 n1 n2

	# a client's route: to the other client and both non-clients
	rt_wait_has c2 10 10.21.0.0/16 10.23.0.0/16 10.24.0.0/16
	rt_wait_has c1 10 10.22.0.0/16 10.23.0.0/16 10.24.0.0/16
	rt_wait_has n1 10 10.21.0.0/16 10.22.0.0/16
	rt_wait_has n2 10 10.21.0.0/16 10.22.0.0/16
	for n in c2 n1 n2; do
		assert_equal "$n $(rt_attr $n 10.21.0.0/16 originator_id)" "$n 10.255.2.1"
		assert_equal "$n $(rt_attr $n 10.21.0.0/16 cluster_list)" "$n 10.255.9.9"
		assert_equal "$n $(rt_attr $n 10.21.0.0/16 next_hop)" "$n 127.0.2.1"
		assert_equal "$n $(rt_attr $n 10.21.0.0/16 as_path)" "$n "
		assert_equal "$n $(rt_attr $n 10.21.0.0/16 local_pref)" "$n 100"
	done
	assert_equal "$(rt_attr c1 10.22.0.0/16 originator_id)" 10.255.2.2
	assert_equal "$(rt_attr n2 10.22.0.0/16 cluster_list)" 10.255.9.9

	# a non-client's route: to the clients, with the attributes ...
	for n in c1 c2; do
		assert_equal "$n $(rt_attr $n 10.23.0.0/16 originator_id)" "$n 10.255.2.3"
		assert_equal "$n $(rt_attr $n 10.23.0.0/16 cluster_list)" "$n 10.255.9.9"
		assert_equal "$n $(rt_attr $n 10.23.0.0/16 next_hop)" "$n 127.0.2.3"
		assert_equal "$n $(rt_attr $n 10.24.0.0/16 originator_id)" "$n 10.255.2.4"
	done
	# ... and never to the other non-client (nor back to its source)
	run rt_prefixes n1
	assert_output "10.21.0.0/16 10.22.0.0/16"
	run rt_prefixes n2
	assert_output "10.21.0.0/16 10.22.0.0/16"
	run rt_prefixes c1
	assert_output "10.22.0.0/16 10.23.0.0/16 10.24.0.0/16"
	run rt_prefixes c2
	assert_output "10.21.0.0/16 10.23.0.0/16 10.24.0.0/16"

	# xrsh's view: who is a client, where a path came from
	out=$(xr_multi x 'show bgp 10.21.0.0/16' 'show bgp 10.23.0.0/16' \
		'show bgp neighbors 127.0.2.1' 'show bgp neighbors 127.0.2.3' \
		'show bgp neighbors 127.0.2.3 advertised-routes' \
		'show bgp neighbors 127.0.2.1 advertised-routes')
	run xi_section 1 <<<"$out"
	assert_line --regexp '^  Local, \(Received from a RR-client\)$'
	assert_line --regexp '^    127\.0\.2\.1 .*from 127\.0\.2\.1 \(10\.255\.2\.1\)$'
	run xi_section 2 <<<"$out"
	assert_line '  Local'
	run xi_section 3 <<<"$out"
	assert_line '  Route-Reflector Client'
	assert_line '  1 accepted prefixes, 1 are bestpaths'
	run xi_section 4 <<<"$out"
	refute_line '  Route-Reflector Client'
	run xi_section 5 <<<"$out"
	assert_line --regexp '^10\.21\.0\.0/16 +127\.0\.2\.1 +127\.0\.2\.1 '
	assert_line --regexp '^10\.22\.0\.0/16 +127\.0\.2\.2 +127\.0\.2\.2 '
	refute_line --partial '10.23.0.0/16'
	refute_line --partial '10.24.0.0/16'
	# the clients share one update group and its stream, as on XR: a
	# client's own route goes back to it too, carrying its own router
	# ID as ORIGINATOR_ID, and the client drops it (RFC 4456 8)
	run xi_section 6 <<<"$out"
	assert_line --regexp '^10\.22\.0\.0/16 +127\.0\.2\.2 +127\.0\.2\.2 '
	assert_line --regexp '^10\.23\.0\.0/16 +127\.0\.2\.3 +127\.0\.2\.3 '

	# a client withdraws: gone everywhere it was reflected to
	birdc_cmd c1 "disable s_p" >/dev/null
	for n in c2 n1 n2; do
		wait_for 2 rt_lacks "$n" 10.21.0.0/16
	done
	rt_has n1 10.22.0.0/16
}

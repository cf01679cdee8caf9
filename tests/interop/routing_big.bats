#!/usr/bin/env bats
# Big attributes through xrsh's inbound and outbound policies, between real
# daemons:
#   g1  BIRD   127.0.4.1  AS 65100  announces (with extended messages: BIRD
#                                   sends no 4,000-byte attribute list
#                                   without them)
#         10.41.0.0/24 with 1,000 communities 65100:1 .. 65100:1000
#         10.42.0.0/24 with a 300-ASN AS path (65100, then 64999 .. 64701)
#   r1  BIRD   127.0.4.2  AS 65200  receives (route-policy BIG_OUT: med 42)
#   r2  GoBGP  127.0.4.3  AS 65300  receives (BIG_OUT_NH: med 42 and a
#                                   documentation next hop, since GoBGP 3.10
#                                   drops 127/8 next hops; no route is
#                                   installed anywhere)
# xrsh: AS 65001, 127.0.4.254; BIG_IN reads both attributes (as-path
# length ge 300 -> local-preference 300; community 65100:1000, the last
# one, -> 250).  The receivers must count exactly 1,000 communities (the
# same ones) and a 301-ASN path (ours in front, the rest in order).  The
# receivers do not offer extended messages: xrsh's UPDATE with the 1,000
# communities (about 4,060 bytes) must fit in 4,096.

bats_require_minimum_version 1.5.0

load '/usr/lib/bats/bats-support/load'
load '/usr/lib/bats/bats-assert/load'
load lib
load xrsh_lib
load routing_lib

XI_MODE=script
RT_BASE=18650

setup() { xi_setup; }
teardown() { xi_teardown; }

# big_comm_stmts: BIRD statements adding 65100:1 .. 65100:1000
big_comm_stmts() {
	local i s=
	for ((i = 1; i <= 1000; i++)); do
		s+="bgp_community.add((65100,$i)); "
	done
	echo "$s"
}

# big_path_stmts: prepend 64701 .. 64999 (299 ASNs; BIRD adds its 65100)
big_path_stmts() {
	local i s=
	for ((i = 64701; i <= 64999; i++)); do
		s+="bgp_path.prepend($i); "
	done
	echo "$s"
}

# big_path_expect: the path as it reaches xrsh
big_path_expect() {
	{
		echo 65100
		seq 64999 -1 64701
	} | paste -sd' '
}

# big_bird_path_is NAME PREFIX "ASN...": BIRD's AS path of the received
# route is exactly these ASNs (pairwise distinct): its length, and three
# path masks (birdc refuses a command line of 1,800 characters) that fix
# the first third at the start, the last at the end and the middle one in
# between
big_bird_path_is() {
	local n=$1 p=$2 a=($3) k third
	k=${#a[@]}
	third=$((k / 3))
	rt_where "$n" "$p" "bgp_path.len = $k" &&
		rt_where "$n" "$p" "bgp_path ~ [= ${a[*]:0:third} * =]" &&
		rt_where "$n" "$p" "bgp_path ~ [= * ${a[*]:third:third} * =]" &&
		rt_where "$n" "$p" "bgp_path ~ [= * ${a[*]:2*third} =]"
}

# gobgp_route_json NAME PREFIX: GoBGP's Adj-RIB-In entry for PREFIX
gobgp_route_json() {
	gobgp_cli "$1" -j neighbor 127.0.4.254 adj-in "$2" -a ipv4 2>/dev/null |
		jq -c --arg p "$2" '.[$p][0] // empty'
}

gobgp_has() {
	[ -n "$(gobgp_route_json "$1" "$2")" ]
}

@test "big attributes: 1,000 communities and a 300-ASN AS path through xrsh's policies to BIRD and GoBGP" {
	rt_require gobgp
	local P out exp j
	P=$(xi_reserve_ports "$RT_BASE")
	cat >"$INTEROP_TMP/x.cfg" <<-'EOF'
		route-policy BIG_IN
		  if as-path length ge 300 then
		    set local-preference 300
		  elseif community matches-any (65100:1000) then
		    set local-preference 250
		  endif
		  pass
		end-policy
		!
		route-policy BIG_OUT
		  set med 42
		  pass
		end-policy
		!
		route-policy BIG_OUT_NH
		  set med 42
		  set next-hop 203.0.113.9
		  pass
		end-policy
		!
		router bgp 65001
		 bgp router-id 10.255.4.254
		 address-family ipv4 unicast
		 !
		 neighbor 127.0.4.1
		  remote-as 65100
		  address-family ipv4 unicast
		   route-policy BIG_IN in
		   route-policy BIG_OUT out
		  !
		 !
		 neighbor 127.0.4.2
		  remote-as 65200
		  address-family ipv4 unicast
		   route-policy BIG_IN in
		   route-policy BIG_OUT out
		   send-community-ebgp
		  !
		 !
		 neighbor 127.0.4.3
		  remote-as 65300
		  address-family ipv4 unicast
		   route-policy BIG_IN in
		   route-policy BIG_OUT_NH out
		   send-community-ebgp
		  !
		 !
		!
	EOF
	{
		echo "b 10.41.0.0/24 $(big_comm_stmts)"
		echo "b 10.42.0.0/24 $(big_path_stmts)"
	} | rt_bird g1 LOCAL_ADDR=127.0.4.1 LOCAL_PORT="$P" LOCAL_AS=65100 \
		PEER_ADDR=127.0.4.254 PEER_PORT="$P" PEER_AS=65001 EXT_MSG=yes
	rt_bird r1 LOCAL_ADDR=127.0.4.2 LOCAL_PORT="$P" LOCAL_AS=65200 \
		PEER_ADDR=127.0.4.254 PEER_PORT="$P" PEER_AS=65001 </dev/null
	start_gobgp r2 LOCAL_ADDR=127.0.4.3 LOCAL_PORT="$P" LOCAL_AS=65300 \
		PEER_ADDR=127.0.4.254 PEER_PORT="$P" PEER_AS=65001
	rt_xrsh x "$P" 127.0.4.254 "$INTEROP_TMP/x.cfg"
	rt_up x 20 127.0.4.1 127.0.4.2 127.0.4.3
	wait_for_all Established 5 g1 r1 r2
	exp=$(big_path_expect)
	assert_equal "$(wc -w <<<"$exp")" 300

	# xrsh's inbound policy saw all of both
	rt_wait_xr x 10 'show bgp 10.42.0.0/24' 'localpref 300'
	out=$(xr_multi x 'show bgp 10.41.0.0/24' 'show bgp 10.42.0.0/24')
	run rt_paths_of < <(xi_section 1 <<<"$out")
	assert_output '127.0.4.1 250 best'
	run rt_paths_of < <(xi_section 2 <<<"$out")
	assert_output '127.0.4.1 300 best'
	run xi_section 2 <<<"$out"
	assert_line "  $exp"
	run xi_section 1 <<<"$out"
	assert_equal "$(grep '^      Community: ' <<<"$output" | wc -w)" 1001

	# BIRD r1: the same 1,000 communities, our AS in front of the 300
	rt_wait_has r1 10 10.41.0.0/24 10.42.0.0/24
	# (BIRD's `show route all` cuts long lines: its filters count instead;
	# 1,000 communities all in 65100:1..1000 are those, as BIRD keeps no
	# duplicate in a community list it builds; GoBGP's list is compared
	# in full below)
	rt_where r1 10.41.0.0/24 'bgp_community.len = 1000'
	rt_where r1 10.41.0.0/24 'filter(bgp_community, [(65100, 1..1000)]).len = 1000'
	assert_equal "$(rt_attr r1 10.41.0.0/24 med)" 42
	assert_equal "$(rt_attr r1 10.41.0.0/24 as_path)" "65001 65100"
	big_bird_path_is r1 10.42.0.0/24 "65001 $exp"
	assert_equal "$(rt_attr r1 10.42.0.0/24 med)" 42
	assert_equal "$(rt_comms r1 10.42.0.0/24)" ""

	# GoBGP r2: the same, from its JSON
	wait_for 10 gobgp_has r2 10.41.0.0/24
	wait_for 5 gobgp_has r2 10.42.0.0/24
	j=$(gobgp_route_json r2 10.41.0.0/24)
	assert_equal "$(jq -r '[.attrs[] | select(.type == 8) | .communities[]] | length' <<<"$j")" 1000
	# 65100:N is 65100 * 65536 + N
	assert_equal "$(jq -r '[.attrs[] | select(.type == 8) | .communities[] | . - 4266393600] | sort == [range(1; 1001)]' <<<"$j")" true
	assert_equal "$(jq -r '.attrs[] | select(.type == 4) | .metric' <<<"$j")" 42
	j=$(gobgp_route_json r2 10.42.0.0/24)
	assert_equal "$(jq -r '[.attrs[] | select(.type == 2) | .as_paths[] | .asns[]] | map(tostring) | join(" ")' <<<"$j")" "65001 $exp"
	assert_equal "$(jq -r '.attrs[] | select(.type == 3) | .nexthop' <<<"$j")" 203.0.113.9
}

#!/usr/bin/env bats
# BGP ADD-PATH (RFC 7911) between xrsh and BIRD 2, all iBGP in AS 65000:
#   a  127.0.7.1  `add paths tx`: two static routes for each of
#                 10.31.0.0/16 (MED 10 and 20) and 10.32.0.0/16 (MED 30
#                 and 40), so it sends two paths per prefix, each with
#                 its own Path Identifier
#   r  127.0.7.2  `add paths rx`, route-reflector client of xrsh
#   xrsh 127.0.7.254, `additional-paths receive` and `send`, and
#   `additional-paths selection route-policy` with
#   `set path-selection all advertise`
# xrsh must keep both paths from a per prefix (Adj-RIB-In keyed by path
# id), send both to r with Local Path IDs (r's table has two routes for
# the prefix), and when a withdraws one path by its id, withdraw exactly
# that one from r.  Without a selection policy r gets the best path only.

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

# ap_cfg FILE SELECTION(yes|no): xrsh's configuration
ap_cfg() {
	{
		if [ "$2" = yes ]; then
			echo "route-policy ADDPATH-ALL"
			echo "  set path-selection all advertise"
			echo "end-policy"
			echo "!"
		fi
		echo "router bgp 65000"
		echo " bgp router-id 10.255.7.254"
		echo " address-family ipv4 unicast"
		echo "  additional-paths receive"
		echo "  additional-paths send"
		[ "$2" = yes ] &&
			echo "  additional-paths selection route-policy ADDPATH-ALL"
		echo " !"
		echo " neighbor 127.0.7.1"
		echo "  remote-as 65000"
		echo "  address-family ipv4 unicast"
		echo "  !"
		echo " !"
		echo " neighbor 127.0.7.2"
		echo "  remote-as 65000"
		echo "  address-family ipv4 unicast"
		echo "   route-reflector-client"
		echo "  !"
		echo " !"
		echo "!"
	} >"$1"
}

# ap_peers PORT: BIRD a (add paths tx, two paths a prefix) and r (rx)
ap_peers() {
	rt_bird a LOCAL_ADDR=127.0.7.1 LOCAL_PORT="$1" LOCAL_AS=65000 \
		PEER_ADDR=127.0.7.254 PEER_PORT="$1" PEER_AS=65000 \
		ROUTER_ID=10.255.7.1 ADD_PATHS=tx <<-'EOF'
		a1 10.31.0.0/16 bgp_med = 10;
		a2 10.31.0.0/16 bgp_med = 20;
		a1 10.32.0.0/16 bgp_med = 30;
		a2 10.32.0.0/16 bgp_med = 40;
	EOF
	rt_bird r LOCAL_ADDR=127.0.7.2 LOCAL_PORT="$1" LOCAL_AS=65000 \
		PEER_ADDR=127.0.7.254 PEER_PORT="$1" PEER_AS=65000 \
		ROUTER_ID=10.255.7.2 ADD_PATHS=rx </dev/null
}

# bird_npaths NAME PREFIX: how many routes NAME has for PREFIX from xrsh
bird_npaths() {
	birdc_cmd "$1" "show route $2 protocol nbr" 2>/dev/null |
		grep -c '\[nbr ' || true
}

npaths_is() {
	[ "$(bird_npaths "$1" "$2")" = "$3" ]
}

# xr_npaths OUT: the number of "Path #" blocks of a show bgp PREFIX
xr_npaths() {
	grep -c '^  Path #' <<<"$1" || true
}

@test "add-path: two paths a prefix received from BIRD and sent on to BIRD with path ids, withdrawn by id" {
	rt_require
	local P ids
	P=$(xi_reserve_ports "$RT_BASE")
	ap_cfg "$INTEROP_TMP/x.cfg" yes
	ap_peers "$P"
	rt_xrsh x "$P" 127.0.7.254 "$INTEROP_TMP/x.cfg"
	rt_up x 20 127.0.7.1 127.0.7.2
	wait_for_all Established 5 a r

	# xrsh holds both paths of each prefix from the one neighbor
	rt_wait_xr x 10 'show bgp 10.31.0.0/16' '^  Path #2:'
	run xr_cmd x 'show bgp 10.31.0.0/16'
	assert_equal "$(xr_npaths "$output")" 2
	assert_equal "$(grep -c 'from 127\.0\.7\.1 (10\.255\.7\.1)' <<<"$output")" 2
	assert_line --regexp 'metric 10, localpref 100, valid, internal, best'
	# each with the id a sent it with: two different ones, not 0
	ids=$(sed -nE 's/^      Received Path ID ([0-9]+), .*/\1/p' <<<"$output" |
		sort -u)
	assert_equal "$(wc -l <<<"$ids")" 2
	run grep -cx 0 <<<"$ids"
	assert_output 0
	run xr_cmd x 'show bgp 10.32.0.0/16'
	assert_equal "$(xr_npaths "$output")" 2
	assert_equal "$(grep -c 'metric 30, localpref 100, valid, internal, best' <<<"$output")" 1

	# the capability as xrsh sees it on both sessions: we offer both
	# directions, a only sends, r only receives
	run xr_cmd x 'show bgp neighbors 127.0.7.1'
	assert_line '    Additional-paths Send: advertised and received'
	assert_line '    Additional-paths Receive: advertised'
	assert_line '  Additional-paths operation: Receive'
	run xr_cmd x 'show bgp neighbors 127.0.7.2'
	assert_line '    Additional-paths Send: advertised'
	assert_line '    Additional-paths Receive: advertised and received'
	assert_line '  Additional-paths operation: Send'
	run xr_json x 127.0.7.2
	assert_equal "$(jq -r '.address_families[0].additional_paths_send' <<<"$output")" true

	# r (add paths rx) has both paths of both prefixes
	wait_for 10 npaths_is r 10.31.0.0/16 2
	wait_for 10 npaths_is r 10.32.0.0/16 2
	run birdc_cmd r "show route 10.31.0.0/16 all protocol nbr"
	assert_line --regexp 'BGP.med: 10$'
	assert_line --regexp 'BGP.med: 20$'
	# xrsh knows the second path went out too
	run xr_cmd x 'show bgp 10.31.0.0/16'
	refute_line '  Not advertised to any peer'
	echo "# add-path: xrsh holds $(xr_npaths "$(xr_cmd x 'show bgp 10.31.0.0/16')") paths for 10.31.0.0/16 from a, r received $(bird_npaths r 10.31.0.0/16) from xrsh" >&3

	# a withdraws the MED 10 path: it goes from xrsh and from r, the
	# other path of the prefix stays in both
	birdc_cmd a "disable s_a1" >/dev/null
	rt_wait_xr x 10 'show bgp 10.31.0.0/16' 'metric 20, localpref 100, valid, internal, best'
	run xr_cmd x 'show bgp 10.31.0.0/16'
	assert_equal "$(xr_npaths "$output")" 1
	wait_for 10 npaths_is r 10.31.0.0/16 1
	run birdc_cmd r "show route 10.31.0.0/16 all protocol nbr"
	assert_line --regexp 'BGP.med: 20$'
	refute_line --regexp 'BGP.med: 10$'
	wait_for 10 npaths_is r 10.32.0.0/16 1
	run birdc_cmd r "show route 10.32.0.0/16 all protocol nbr"
	assert_line --regexp 'BGP.med: 40$'

	# and announces it again: back as a second path everywhere
	birdc_cmd a "enable s_a1" >/dev/null
	wait_for 10 npaths_is r 10.31.0.0/16 2
	wait_for 10 npaths_is r 10.32.0.0/16 2

	# xrsh ends cleanly: exit 0, Cease to both, nothing on stderr but
	# log lines (no sanitizer report in a --enable-sanitizers build)
	xi_end x "a r"
}

@test "add-path: without a selection policy an add-path neighbor gets the best path only" {
	rt_require
	local P
	P=$(xi_reserve_ports "$RT_BASE")
	ap_cfg "$INTEROP_TMP/x.cfg" no
	ap_peers "$P"
	rt_xrsh x "$P" 127.0.7.254 "$INTEROP_TMP/x.cfg"
	rt_up x 20 127.0.7.1 127.0.7.2
	wait_for_all Established 5 a r
	rt_wait_xr x 10 'show bgp 10.31.0.0/16' '^  Path #2:'
	rt_wait_has r 10 10.31.0.0/16 10.32.0.0/16
	rt_log_quiet r
	assert_equal "$(bird_npaths r 10.31.0.0/16)" 1
	assert_equal "$(bird_npaths r 10.32.0.0/16)" 1
	run birdc_cmd r "show route 10.32.0.0/16 all protocol nbr"
	assert_line --regexp 'BGP.med: 30$'
	run xr_cmd x 'show bgp 10.32.0.0/16'
	assert_line '  Not advertised to any peer'
	run xr_cmd x 'show bgp neighbors 127.0.7.2'
	assert_line '  Additional-paths operation: Send'
}

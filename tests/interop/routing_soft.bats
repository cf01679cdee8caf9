#!/usr/bin/env bats
# Policy changes without a session reset, against BIRD peers:
#   s1  127.0.3.1  AS 65002  `soft-reconfiguration inbound` (xrsh keeps the
#                            pre-policy copy and replays it)
#                            announces 10.31.1.0/24 10.31.2.0/24
#   s2  127.0.3.2  AS 65003  no soft-reconfiguration: xrsh asks for the
#                            routes again with a ROUTE-REFRESH
#                            announces 10.32.1.0/24 10.32.2.0/24 10.32.3.0/24
# xrsh (AS 65001, 127.0.3.254) applies route-policy LP_IN inbound on both;
# changing it from local-preference 100 to 300 and committing must change
# `show bgp PREFIX` for both peers' routes, name both neighbors in the
# commit's output, and leave the sessions up (Connections established 1,
# BIRD saw one session, uptime goes on).  Then the outbound policy to s1
# (TO_S1) changes for two of s2's prefixes: s1 receives an UPDATE for
# those two only (counted in BIRD's route log), nothing for the third.

bats_require_minimum_version 1.5.0

load '/usr/lib/bats/bats-support/load'
load '/usr/lib/bats/bats-assert/load'
load lib
load xrsh_lib
load routing_lib

XI_MODE=script
RT_BASE=18600

setup() { xi_setup; }
teardown() { xi_teardown; }

# soft_lp PREFIX: the local preference of PREFIX's one path in xrsh
soft_lp() {
	xr_cmd x "show bgp $1" | rt_paths_of | awk '{ print $2 }'
}

soft_lp_is() {
	[ "$(soft_lp "$1")" = "$2" ]
}

# soft_json ADDR JQ: jq -c JQ on `show bgp neighbors ADDR | json`'s neighbor
soft_json() {
	xr_json x "$1" | jq -c "$2"
}

@test "soft reconfiguration: an inbound policy change (soft-reconfiguration copy and ROUTE-REFRESH) and an outbound one, no reset (BIRD)" {
	rt_require
	local P n out up1 up2 mark s1upd s2upd
	P=$(xi_reserve_ports "$RT_BASE")
	cat >"$INTEROP_TMP/x.cfg" <<-'EOF'
		route-policy LP_IN
		  set local-preference 100
		  pass
		end-policy
		!
		route-policy TO_S1
		  if destination in (10.32.1.0/24) then
		    set med 10
		  endif
		  pass
		end-policy
		!
		route-policy PASS
		  pass
		end-policy
		!
		router bgp 65001
		 bgp router-id 10.255.3.254
		 address-family ipv4 unicast
		 !
		 neighbor 127.0.3.1
		  remote-as 65002
		  address-family ipv4 unicast
		   route-policy LP_IN in
		   route-policy TO_S1 out
		   soft-reconfiguration inbound
		  !
		 !
		 neighbor 127.0.3.2
		  remote-as 65003
		  address-family ipv4 unicast
		   route-policy LP_IN in
		   route-policy PASS out
		  !
		 !
		!
	EOF
	rt_bird s1 LOCAL_ADDR=127.0.3.1 LOCAL_PORT="$P" LOCAL_AS=65002 \
		PEER_ADDR=127.0.3.254 PEER_PORT="$P" PEER_AS=65001 <<-'EOF'
		p 10.31.1.0/24
		p 10.31.2.0/24
	EOF
	rt_bird s2 LOCAL_ADDR=127.0.3.2 LOCAL_PORT="$P" LOCAL_AS=65003 \
		PEER_ADDR=127.0.3.254 PEER_PORT="$P" PEER_AS=65001 <<-'EOF'
		p 10.32.1.0/24
		p 10.32.2.0/24
		p 10.32.3.0/24
	EOF
	rt_xrsh x "$P" 127.0.3.254 "$INTEROP_TMP/x.cfg"
	rt_up x 20 127.0.3.1 127.0.3.2
	wait_for_all Established 5 s1 s2
	rt_wait_has s1 10 10.32.1.0/24 10.32.2.0/24 10.32.3.0/24
	assert_equal "$(rt_attr s1 10.32.1.0/24 med)" 10
	assert_equal "$(rt_attr s1 10.32.2.0/24 med)" ""
	wait_for 5 soft_lp_is 10.31.1.0/24 100
	wait_for 5 soft_lp_is 10.32.1.0/24 100
	# the pre-policy copy is there for s1
	run xr_cmd x 'show bgp neighbors 127.0.3.1 received routes'
	assert_success
	assert_line --regexp '^\*  10\.31\.1\.0/24 +127\.0\.3\.1 '
	assert_line --regexp '^\*  10\.31\.2\.0/24 +127\.0\.3\.1 '
	up1=$(soft_json 127.0.3.1 .up_seconds)
	s1upd=$(soft_json 127.0.3.1 .message_stats.update.received)
	s2upd=$(soft_json 127.0.3.2 .message_stats.update.received)
	assert_equal "$(soft_json 127.0.3.2 .message_stats.route_refresh.sent)" 0

	# --- inbound: 100 -> 300, no reset
	sleep 1	# so that the uptime checked below has moved on
	run xr_config x <<-'EOF'
		route-policy LP_IN
		  set local-preference 300
		  pass
		end-policy
	EOF
	assert_success
	assert_output --regexp 'Neighbor 127\.0\.3\.1: soft refresh inbound'
	assert_output --regexp 'Neighbor 127\.0\.3\.2: soft refresh inbound'
	wait_for 5 soft_lp_is 10.31.1.0/24 300
	wait_for 5 soft_lp_is 10.31.2.0/24 300
	wait_for 5 soft_lp_is 10.32.1.0/24 300
	wait_for 5 soft_lp_is 10.32.3.0/24 300
	# s1: replayed from the copy (no ROUTE-REFRESH, nothing new received);
	# s2: one ROUTE-REFRESH sent, BIRD sent its routes again
	run soft_json 127.0.3.1 '[.message_stats.route_refresh.sent, .message_stats.update.received]'
	assert_output "[0,$s1upd]"
	assert_equal "$(soft_json 127.0.3.2 .message_stats.route_refresh.sent)" 1
	assert [ "$(soft_json 127.0.3.2 .message_stats.update.received)" -gt "$s2upd" ]
	run xr_cmd x 'show bgp neighbors 127.0.3.2'
	assert_line '  Route refresh request: received 0, sent 1'
	# the sessions stayed up: one connection each, uptime went on, BIRD
	# saw one session
	out=$(xr_multi x 'show bgp neighbors 127.0.3.1' 'show bgp neighbors | json')
	run xi_section 1 <<<"$out"
	assert_line --regexp '^  Connections established 1; dropped 0$'
	run jq -c '[.neighbors[] | [.address, .state, .connections_established, .connections_dropped]]' < <(xi_section 2 <<<"$out")
	assert_output '[["127.0.3.1","Established",1,0],["127.0.3.2","Established",1,0]]'
	up2=$(soft_json 127.0.3.1 .up_seconds)
	assert [ "$up2" -gt "$up1" ]
	for n in s1 s2; do
		assert_equal "$n $(grep -c 'nbr: State changed to up' "$INTEROP_TMP/$n/log")" "$n 1"
	done

	# --- outbound: TO_S1 changes 10.32.1.0/24 (med 20) and drops
	# 10.32.3.0/24; s1 gets those two and nothing for 10.32.2.0/24
	rt_log_quiet s1
	mark=$(rt_log_lines s1)
	run xr_config x <<-'EOF'
		route-policy TO_S1
		  if destination in (10.32.1.0/24) then
		    set med 20
		  elseif destination in (10.32.3.0/24) then
		    drop
		  endif
		  pass
		end-policy
	EOF
	assert_success
	assert_output --regexp 'Neighbor 127\.0\.3\.1: soft refresh outbound'
	refute_output --regexp 'Neighbor 127\.0\.3\.2: soft refresh'
	wait_for 5 rt_lacks s1 10.32.3.0/24
	wait_for 5 eval '[ "$(rt_attr s1 10.32.1.0/24 med)" = 20 ]'
	rt_log_quiet s1	# anything else xrsh would send has arrived
	assert_equal "$(rt_log_events s1 10.32.3.0/24 "$mark")" removed
	run rt_log_events s1 10.32.1.0/24 "$mark"
	assert_output --regexp '^(added|updated)( \[[a-z]+\])?$'
	assert_equal "$(rt_log_count s1 10.32.2.0/24 "$mark")" 0
	assert_equal "$(rt_attr s1 10.32.2.0/24 med)" ""
	run soft_json 127.0.3.1 '[.state, .connections_established]'
	assert_output '["Established",1]'
}

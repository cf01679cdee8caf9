#!/usr/bin/env bats
# Graceful restart helper (RFC 4724, issue 18) as a user sees it: `show
# bgp neighbors` tells whether graceful restart is in effect, its timers,
# the capability each side sent per family, and while a neighbor
# restarts, the phase it is in and how long its stale paths are kept;
# `show bgp` marks those paths `S`.  The live test runs one xrsh on
# 127.0.0.1 and a Python peer (tests/peers/bgppeer.py) on 127.0.0.2 that
# announces two prefixes, drops its TCP connection without a
# NOTIFICATION (a restart), comes back with the Restart bit and
# forwarding state preserved, re-announces one prefix and then sends
# End-of-RIB: the one it did not re-announce is removed then, not before.
#
# NETWORK SAFETY: 127.0.0.1-2 only, and XRSH_LOOPBACK_ONLY=1.

bats_require_minimum_version 1.5.0
load helpers

BATS_TEST_TIMEOUT=${BATS_TEST_TIMEOUT:-120}

setup() {
	setup_xrsh_env
	live_init
}

teardown() {
	live_stop
	if [ -n "${BATS_TEST_COMPLETED:-}" ]; then
		return 0
	fi
	echo "--- p2.out"; cat "$BATS_TEST_TMPDIR/p2.out" 2>/dev/null || true
}

@test "graceful restart: timers in show bgp neighbors, offline" {
	run --separate-stderr xr --offline <<'EOF'
configure
router bgp 65001
 bgp router-id 10.255.0.1
 bgp graceful-restart
 bgp graceful-restart restart-time 90
 bgp graceful-restart stalepath-time 200
 address-family ipv4 unicast
 !
 neighbor 127.0.0.2
  remote-as 65002
  address-family ipv4 unicast
 !
 neighbor 127.0.0.3
  remote-as 65003
  graceful-restart disable
  address-family ipv4 unicast
 commit
end
show bgp neighbors 127.0.0.2
show bgp neighbors 127.0.0.3
show bgp neighbors 127.0.0.2 | json
EOF
	[ "$status" -eq 0 ]
	[ "$stderr" = "" ]
	assert_line '  Graceful restart is enabled'
	assert_line '  Restart time is 90 seconds'
	assert_line '  Stale path timeout time is 200 seconds'
	# only the first neighbor has it
	[ "$(printf '%s\n' "${lines[@]}" | grep -c 'Graceful restart is enabled')" -eq 1 ]
	local js
	js=$(printf '%s\n' "${lines[@]}" | grep '^{')
	[ "$(jq -c '.neighbors[0] | [.graceful_restart, .graceful_restart_restart_time, .graceful_restart_stalepath_time, .graceful_restart_state, .graceful_restart_remaining_seconds, .address_families[0].stale_paths]' <<<"$js")" = \
	    '[true,90,200,"none",null,0]' ]
}

@test "live: a restarting neighbor's paths are kept stale until its End-of-RIB" {
	local port js sel
	port=$(free_port) || skip "no free TCP port found"
	export XRSH_LOOPBACK_ONLY=1
	cat >"$BATS_TEST_TMPDIR/live.cfg" <<'EOF'
route-policy PASS
  pass
end-policy
!
router bgp 65001
 bgp router-id 10.255.0.1
 bgp graceful-restart
 address-family ipv4 unicast
 !
 neighbor 127.0.0.2
  remote-as 65002
  session-open-mode passive-only
  address-family ipv4 unicast
   route-policy PASS in
   route-policy PASS out
  !
 !
!
EOF
	# GR capability: restart time 60, IPv4 unicast with forwarding
	# state preserved; the second OPEN also sets the Restart bit
	live_peer 127.0.0.2 65002 "$port" \
	    'establish caps default,raw:64:003c00010180' \
	    'send update nlri 10.1.0.0/16 10.2.0.0/16 nexthop 127.0.0.2 aspath 65002' \
	    'send eor' 'sleep 5' 'close' 'sleep 5' 'connect timeout 20' \
	    'establish caps default,raw:64:803c00010180' \
	    'send update nlri 10.1.0.0/16 nexthop 127.0.0.2 aspath 65002' \
	    'sleep 5' 'send eor'
	# t=0 Established (+3 s): up; t=7 restarting; back at ~t=10;
	# t=12 awaiting End-of-RIB; t=17 done
	live_run "$port" "$BATS_TEST_TMPDIR/live.cfg" \
	    'show bgp neighbors 127.0.0.2' \
	    'show bgp neighbors 127.0.0.2 | json' \
	    'debug sleep 4' \
	    'show bgp neighbors 127.0.0.2 | json' 'show bgp' \
	    'debug bgp wait neighbor 127.0.0.2 established timeout 30' \
	    'debug sleep 2' \
	    'show bgp neighbors 127.0.0.2 | json' 'show bgp' \
	    'debug sleep 5' \
	    'show bgp neighbors 127.0.0.2 | json' 'show bgp'
	assert_success
	assert_line '  Graceful restart is enabled'
	assert_line '    Graceful Restart capability received'
	assert_line '      Remote Restart time is 60 seconds'
	assert_line '      Neighbor preserved the forwarding state during latest restart'
	assert_line '    Graceful Restart capability advertised'
	js=$(printf '%s\n' "${lines[@]}" | grep '^{')
	sel='.neighbors[0] | [.state, .graceful_restart_state, .address_families[0].accepted_prefixes, .address_families[0].stale_paths]'
	jq -c "$sel" <<<"$js"	# shown when an assertion below fails
	[ "$(sed -n 1p <<<"$js" | jq -c "$sel")" = '["Established","none",2,0]' ]
	# session down, both paths kept as stale for the restart time
	sed -n 2p <<<"$js" | jq -c "$sel" | grep -E -q '^\["(Idle|Active)","restarting",2,2\]$'
	[ "$(sed -n 2p <<<"$js" | jq '.neighbors[0].graceful_restart_remaining_seconds > 50')" = true ]
	assert_line --regexp '^S> 10\.2\.0\.0/16 +127\.0\.0\.2 '
	# back: 10.1 refreshed, 10.2 still stale, waiting for End-of-RIB
	[ "$(sed -n 3p <<<"$js" | jq -c "$sel")" = '["Established","awaiting-eor",2,1]' ]
	# End-of-RIB: the stale one is gone
	[ "$(sed -n 4p <<<"$js" | jq -c "$sel")" = '["Established","none",1,0]' ]
	[ "$(printf '%s\n' "${lines[@]}" | grep -c '10\.2\.0\.0/16')" -eq 2 ]
}

#!/usr/bin/env bats
# Self-test of the interop harness (tests/interop/lib.bash): real BGP
# daemons peered with EACH OTHER on loopback (127.0.0.x and ::1, ports
# 179xx), no xrsh involved.  Proves that every start_*/query/shutdown
# helper works before xrsh's BGP speaker is wired in.
#
# Addresses/ports: test K uses 127.0.0.(10K+1), 127.0.0.(10K+2) and
# ports 179K1, 179K2, so tests never collide (also under bats --jobs).
# A missing daemon makes the test skip with the reason, never pass.

bats_require_minimum_version 1.5.0

load '/usr/lib/bats/bats-support/load'
load '/usr/lib/bats/bats-assert/load'
load lib

setup() {
	interop_tmpdir >/dev/null
}

teardown() {
	if [ -z "${BATS_TEST_COMPLETED:-}" ]; then
		interop_dump_logs
	fi
	stop_all_daemons
}

@test "BIRD <-> GoBGP: eBGP IPv4, prefixes both ways, shutdown communication both ways" {
	require_daemon bird gobgp
	# GoBGP 3.10 treats a 127/8 NEXT_HOP as withdrawn: BIRD rewrites it.
	start_bird bird1 LOCAL_ADDR=127.0.0.11 LOCAL_PORT=17911 LOCAL_AS=65011 \
		PEER_ADDR=127.0.0.12 PEER_PORT=17912 PEER_AS=65012 \
		PREFIXES="10.11.1.0/24 10.11.2.0/24" NEXTHOP=203.0.113.11
	start_gobgp gobgp1 LOCAL_ADDR=127.0.0.12 LOCAL_PORT=17912 LOCAL_AS=65012 \
		PEER_ADDR=127.0.0.11 PEER_PORT=17911 PEER_AS=65011 \
		PREFIXES="10.12.1.0/24 10.12.2.0/24 10.12.3.0/24"

	wait_for_state bird1 Established 15
	wait_for_state gobgp1 Established 5
	wait_for_received bird1 3
	wait_for_received gobgp1 2
	assert_equal "$(bird_received bird1)" 3
	assert_equal "$(gobgp_received gobgp1)" 2
	run bird_received_prefixes bird1
	assert_output "$(printf '%s\n' 10.12.1.0/24 10.12.2.0/24 10.12.3.0/24)"
	run gobgp_received_prefixes gobgp1
	assert_output "$(printf '%s\n' 10.11.1.0/24 10.11.2.0/24)"
	# the received next hop is the rewritten one
	run gobgp_cli gobgp1 neighbor 127.0.0.11 adj-in -a ipv4
	assert_output --partial 203.0.113.11

	# BIRD -> GoBGP: Cease/Administrative Shutdown with a message
	bird_shutdown bird1 "bird1 planned maintenance"
	wait_for_state gobgp1 Idle 5
	wait_for_shutdown_msg gobgp1 "bird1 planned maintenance"
	assert_equal "$(bird_state bird1)" Idle
	assert_equal "$(gobgp_last_error gobgp1)" \
		"notification-received code 6(cease) subcode 2(administrative shutdown)"

	# back up (GoBGP refuses connections for ~5 s after a drop)
	bird_enable bird1
	wait_for_state gobgp1 Established 15
	wait_for_received gobgp1 2

	# GoBGP -> BIRD
	gobgp_shutdown gobgp1 "gobgp1 going away"
	wait_for_shutdown_msg bird1 "gobgp1 going away"
	# (bird_last_error is "Received: Administrative shutdown" only until
	# BIRD's next connection attempt, which the disabled GoBGP resets)
	run bird_state bird1
	refute_output Established
	assert_equal "$(gobgp_state gobgp1)" Idle
	run grep -F 'Received: Administrative shutdown: "gobgp1 going away"' "$INTEROP_TMP/bird1/log"
	assert_success
}

@test "FRR <-> OpenBGPD: eBGP IPv4 with 127/8 next hops, shutdown communication both ways" {
	require_daemon frr openbgpd
	start_frr frr2 LOCAL_ADDR=127.0.0.21 LOCAL_PORT=17921 LOCAL_AS=65021 \
		PEER_ADDR=127.0.0.22 PEER_PORT=17922 PEER_AS=65022 \
		PREFIXES="10.21.1.0/24 10.21.2.0/24"
	start_openbgpd obgp2 LOCAL_ADDR=127.0.0.22 LOCAL_PORT=17922 LOCAL_AS=65022 \
		PEER_ADDR=127.0.0.21 PEER_PORT=17921 PEER_AS=65021 \
		PREFIXES="10.22.1.0/24 10.22.2.0/24 10.22.3.0/24"

	wait_for_state frr2 Established 15
	wait_for_state obgp2 Established 5
	wait_for_received frr2 3
	wait_for_received obgp2 2
	run openbgpd_received_prefixes obgp2
	assert_output "$(printf '%s\n' 10.21.1.0/24 10.21.2.0/24)"
	has_prefix frr2 10.22.3.0/24
	# FRR accepted the 127/8 next hop (bgp allow-martian-nexthop)
	run frr_vtysh frr2 "show bgp ipv4 unicast 10.22.1.0/24"
	assert_output --partial 127.0.0.22

	openbgpd_shutdown obgp2 "obgp2 maintenance window"
	wait_for_state frr2 Idle 5
	wait_for_shutdown_msg frr2 "obgp2 maintenance window"
	assert_equal "$(frr_last_error frr2)" "Cease/Administrative Shutdown"
	assert_equal "$(openbgpd_state obgp2)" Idle
	openbgpd_enable obgp2
	wait_for_state frr2 Established 15
	wait_for_received frr2 3

	frr_shutdown frr2 "frr2 is being upgraded"
	wait_for_shutdown_msg obgp2 "frr2 is being upgraded"
	assert_equal "$(openbgpd_last_error obgp2)" "Cease, administratively down"
	assert_equal "$(openbgpd_state obgp2)" Idle
	frr_enable frr2
	wait_for_state obgp2 Established 15
	wait_for_received obgp2 2
}

@test "BIRD <-> FRR: iBGP IPv6 on ::1 (one address, different ports)" {
	require_daemon bird frr
	start_bird bird3 LOCAL_ADDR=::1 LOCAL_PORT=17931 LOCAL_AS=65030 \
		PEER_ADDR=::1 PEER_PORT=17932 PEER_AS=65030 \
		PREFIXES="2001:db8:31::/48 2001:db8:32::/48"
	start_frr frr3 LOCAL_ADDR=::1 LOCAL_PORT=17932 LOCAL_AS=65030 \
		PEER_ADDR=::1 PEER_PORT=17931 PEER_AS=65030 \
		PREFIXES="2001:db8:33::/48 2001:db8:34::/48 2001:db8:35::/48"

	wait_for_state bird3 Established 15
	wait_for_state frr3 Established 5
	wait_for_received bird3 3
	wait_for_received frr3 2
	run frr_received_prefixes frr3
	assert_output "$(printf '%s\n' 2001:db8:31::/48 2001:db8:32::/48)"
	has_prefix bird3 2001:db8:35::/48
	# iBGP, next hop = the IPv6 default 2001:db8:ffff::<port hex> (17931 = 0x460b)
	run frr_vtysh frr3 "show bgp ipv6 unicast 2001:db8:31::/48"
	assert_output --partial "2001:db8:ffff::460b"
	assert_output --partial "Local"	# iBGP path (no AS prepended)

	frr_shutdown frr3 "frr3 v6 maintenance"
	wait_for_shutdown_msg bird3 "frr3 v6 maintenance"
	run bird_state bird3
	refute_output Established
	frr_enable frr3
	wait_for_state bird3 Established 15

	bird_shutdown bird3 "bird3 v6 maintenance"
	wait_for_shutdown_msg frr3 "bird3 v6 maintenance"
	assert_equal "$(frr_state frr3)" Idle
}

@test "MD5: BIRD <-> FRR with the same password establish" {
	require_daemon bird frr
	start_bird bird4 LOCAL_ADDR=127.0.0.41 LOCAL_PORT=17941 LOCAL_AS=65041 \
		PEER_ADDR=127.0.0.42 PEER_PORT=17942 PEER_AS=65042 \
		PREFIXES="10.41.0.0/16" PASSWORD=interop-s3cret
	start_frr frr4 LOCAL_ADDR=127.0.0.42 LOCAL_PORT=17942 LOCAL_AS=65042 \
		PEER_ADDR=127.0.0.41 PEER_PORT=17941 PEER_AS=65041 \
		PREFIXES="10.42.0.0/16" PASSWORD=interop-s3cret

	wait_for_state bird4 Established 15
	wait_for_state frr4 Established 5
	wait_for_received frr4 1
	wait_for_received bird4 1
	assert_equal "$(frr_neighbor_json frr4 | jq -r .authenticationEnabled)" 1
}

@test "MD5: BIRD <-> FRR with different passwords never establish" {
	require_daemon bird frr
	start_bird bird5 LOCAL_ADDR=127.0.0.51 LOCAL_PORT=17951 LOCAL_AS=65051 \
		PEER_ADDR=127.0.0.52 PEER_PORT=17952 PEER_AS=65052 \
		PREFIXES="10.51.0.0/16" PASSWORD=right-password
	start_frr frr5 LOCAL_ADDR=127.0.0.52 LOCAL_PORT=17952 LOCAL_AS=65052 \
		PEER_ADDR=127.0.0.51 PEER_PORT=17951 PEER_AS=65051 \
		PREFIXES="10.52.0.0/16" PASSWORD=wrong-password

	# both keep trying (connect retry 1 s) for 5 s, the kernel drops the
	# badly signed SYNs, nothing gets to OpenSent
	stays_not_established bird5 5
	run bird_state bird5
	assert_output --regexp '^(Connect|Active)$'
	run frr_state frr5
	assert_output --regexp '^(Connect|Active)$'
	assert_equal "$(bird_received bird5)" 0
}

@test "GoBGP <-> OpenBGPD: eBGP IPv6 on ::1 with MD5, shutdown communication" {
	require_daemon gobgp openbgpd
	start_gobgp gobgp6 LOCAL_ADDR=::1 LOCAL_PORT=17961 LOCAL_AS=65061 \
		PEER_ADDR=::1 PEER_PORT=17962 PEER_AS=65062 \
		PREFIXES="2001:db8:61::/48 2001:db8:62::/48" PASSWORD=v6-md5
	start_openbgpd obgp6 LOCAL_ADDR=::1 LOCAL_PORT=17962 LOCAL_AS=65062 \
		PEER_ADDR=::1 PEER_PORT=17961 PEER_AS=65061 \
		PREFIXES="2001:db8:63::/48" PASSWORD=v6-md5

	wait_for_state gobgp6 Established 15
	wait_for_state obgp6 Established 5
	wait_for_received gobgp6 1
	wait_for_received obgp6 2
	run gobgp_received_prefixes gobgp6
	assert_output 2001:db8:63::/48
	has_prefix obgp6 2001:db8:62::/48

	openbgpd_shutdown obgp6 "obgp6 says goodbye"
	wait_for_shutdown_msg gobgp6 "obgp6 says goodbye"
	run gobgp_state gobgp6
	refute_output Established
	openbgpd_enable obgp6
	wait_for_state gobgp6 Established 15

	gobgp_shutdown gobgp6 "gobgp6 says goodbye"
	wait_for_shutdown_msg obgp6 "gobgp6 says goodbye"
	assert_equal "$(openbgpd_state obgp6)" Idle
}

@test "harness refuses non-loopback addresses and bounds its waits" {
	# no daemon is needed and none may be started here
	run start_bird bad1 LOCAL_ADDR=127.0.0.71 LOCAL_PORT=17971 LOCAL_AS=1 \
		PEER_ADDR=192.0.2.1 PEER_PORT=179 PEER_AS=2
	assert_failure
	assert_output --partial "refusing non-loopback address '192.0.2.1'"
	run start_frr bad2 LOCAL_ADDR=10.0.0.1 LOCAL_PORT=17972 LOCAL_AS=1 \
		PEER_ADDR=127.0.0.72 PEER_PORT=17973 PEER_AS=2
	assert_failure
	run start_gobgp bad3 LOCAL_ADDR=::1 LOCAL_PORT=17974 LOCAL_AS=1 \
		PEER_ADDR=2001:db8::1 PEER_PORT=179 PEER_AS=2
	assert_failure
	[ ! -e "$INTEROP_TMP/daemons" ]

	printf 'neighbor 198.51.100.7 remote-as 2\n' >"$BATS_TEST_TMPDIR/bad.conf"
	run interop_check_conf_loopback "$BATS_TEST_TMPDIR/bad.conf"
	assert_failure
	printf 'neighbor ::1 port 17975 as 2;\nlocal 127.0.0.9 as 1;\n' >"$BATS_TEST_TMPDIR/ok.conf"
	run interop_check_conf_loopback "$BATS_TEST_TMPDIR/ok.conf"
	assert_success

	t0=$(interop_now_ms)
	run wait_for 0.6 false
	assert_failure
	t1=$(interop_now_ms)
	[ $((t1 - t0)) -ge 500 ]
	[ $((t1 - t0)) -lt 3000 ]
	run wait_for 2 true
	assert_success

	run have_daemon no-such-daemon
	assert_failure
	run interop_norm_state ESTABLISHED
	assert_output Established
	run interop_norm_state "Idle(Admin)"
	assert_output Idle
}

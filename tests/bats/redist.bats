#!/usr/bin/env bats
# redistribute static / connected, and BGP next hops resolved through
# router static.  xrsh runs as a router (--foreground, control socket for
# `--attach`) and the scripted peer tests/peers/bgppeer.py connects to it;
# the peer prints a RECV line per UPDATE, which the tests wait for.
#
# NETWORK SAFETY: the default-namespace test uses 127.0.0.1/127.0.0.2
# only (XRSH_LOOPBACK_ONLY=1).  The connected test runs everything in a
# network namespace it creates with `unshare -n` (a veth pair inside it
# carries the test networks); the namespace ends with its last process,
# and every process in it is bounded by `timeout` and killed at the end.

bats_require_minimum_version 1.5.0
load helpers

BATS_TEST_TIMEOUT=${BATS_TEST_TIMEOUT:-120}

setup() {
	setup_xrsh_env
	export XRSH_LOOPBACK_ONLY=1
	R_PID=
	P_PID=
	SOCKDIR=$(mktemp -d)
	SOCKP=$SOCKDIR/xrsh.sock
	PORT=$(free_port) || skip "no free TCP port found"
	PEER=$SRCDIR/tests/peers/bgppeer.py
}

teardown() {
	stop_pid "${P_PID:-}"
	stop_pid "${R_PID:-}"
	rm -rf "$SOCKDIR"
	if [ -n "${BATS_TEST_COMPLETED:-}" ]; then
		return 0
	fi
	echo "--- router.out"; cat "$BATS_TEST_TMPDIR/router.out" 2>/dev/null || true
	echo "--- peer.out"; cat "$BATS_TEST_TMPDIR/peer.out" 2>/dev/null || true
}

at() {
	"$XRSH" --attach --socket "$SOCKP" "$@"
}

# poll_at PATTERN CMD...: runs the show commands until their output holds
# the extended regex PATTERN (at most 50 tries, 0.2 s apart)
poll_at() {
	local pat=$1 i
	shift
	for i in $(seq 1 50); do
		if at "$@" 2>&1 | grep -qE -- "$pat"; then
			return 0
		fi
		sleep 0.2
	done
	echo "never matched: $pat"
	at "$@"
	return 1
}

@test "redistribute static: Null0 and resolvable statics as local paths, advertised, updated at commit; next hops through statics" {
	cat >"$BATS_TEST_TMPDIR/running.cfg" <<'EOF'
route-policy PASS
  pass
end-policy
!
route-policy TAGGED
  if destination in (192.0.2.0/24) then
    set med 60
  endif
  pass
end-policy
!
router static
 address-family ipv4 unicast
  192.0.2.0/24 Null0
  198.51.100.0/24 127.0.0.5
  203.0.113.0/24 10.255.255.1
 !
!
router bgp 65001
 bgp router-id 10.255.0.1
 address-family ipv4 unicast
  redistribute static metric 50 route-policy TAGGED
 !
 neighbor 127.0.0.2
  remote-as 65002
  address-family ipv4 unicast
   route-policy PASS in
   route-policy PASS out
  !
 !
!
EOF
	"$XRSH" --foreground --port "$PORT" --listen 127.0.0.1 \
	    --config "$BATS_TEST_TMPDIR/running.cfg" --socket "$SOCKP" \
	    >"$BATS_TEST_TMPDIR/router.out" 2>&1 &
	R_PID=$!
	wait_in "$BATS_TEST_TMPDIR/router.out" "running in the foreground"
	timeout -k 5 90 python3 "$PEER" --connect 127.0.0.1 --port "$PORT" \
	    --local 127.0.0.2 --as 65002 --id 2.2.2.2 --connect-retry 30 \
	    -e 'establish' \
	    -e 'send update nlri 10.60.0.0/16 nexthop 10.255.255.1 aspath 65002' \
	    -e 'expect open-alive 80' >"$BATS_TEST_TMPDIR/peer.out" 2>&1 &
	P_PID=$!
	# Null0 always, 198.51.100/24 resolves through the connected lo;
	# 203.0.113/24's next hop is nowhere: not redistributed
	wait_in "$BATS_TEST_TMPDIR/peer.out" "RECV UPDATE eor=ipv4/unicast"
	# the metric, and the policy's own MED for 192.0.2.0/24
	grep -qE '^RECV UPDATE nlri=198\.51\.100\.0/24 origin=incomplete aspath=65001 nexthop=127\.0\.0\.1 med=50' \
	    "$BATS_TEST_TMPDIR/peer.out"
	grep -qE '^RECV UPDATE nlri=192\.0\.2\.0/24 origin=incomplete aspath=65001 nexthop=127\.0\.0\.1 med=60' \
	    "$BATS_TEST_TMPDIR/peer.out"
	run ! grep -q '203\.0\.113' "$BATS_TEST_TMPDIR/peer.out"
	run at -c 'show bgp'
	assert_success
	assert_line '*> 192.0.2.0/24       0.0.0.0                 60         32768 ?'
	assert_line '*> 198.51.100.0/24    0.0.0.0                 50         32768 ?'
	refute_line --partial '203.0.113.0/24'
	# the peer's path via 10.255.255.1 is inaccessible until a static
	# route resolves that next hop
	poll_at '10\.255\.255\.1 \(inaccessible\)' -c 'show bgp 10.60.0.0/16'
	run at <<'EOF'
configure
router static
address-family ipv4 unicast
10.77.0.0/16 Null0
10.255.255.0/24 127.0.0.9
no 198.51.100.0/24
commit
end
EOF
	assert_success
	wait_in "$BATS_TEST_TMPDIR/peer.out" "nlri=10.77.0.0/16"
	wait_re "$BATS_TEST_TMPDIR/peer.out" "withdrawn=.*198\\.51\\.100\\.0/24"
	# 203.0.113/24 now resolves through 10.255.255.0/24
	wait_in "$BATS_TEST_TMPDIR/peer.out" "203.0.113.0/24"
	run at -c 'show bgp 10.60.0.0/16'
	assert_success
	refute_output --partial 'inaccessible'
	assert_output --regexp 'valid, external, best'
	# no more redistribution: every local path is withdrawn
	run at <<'EOF'
configure
router bgp 65001
address-family ipv4 unicast
no redistribute static
commit
end
EOF
	assert_success
	wait_re "$BATS_TEST_TMPDIR/peer.out" "withdrawn=.*192\\.0\\.2\\.0/24"
	poll_at '^Processed 1 prefixes, 1 paths' -c 'show bgp'
}

@test "redistribute connected inside a test-made network namespace: the interface and loopback networks, not 127/8 or link-local; new addresses seen at once" {
	command -v unshare >/dev/null || skip "unshare(1) is not installed"
	if ! unshare -n true 2>/dev/null; then
		skip "network namespaces are not available here (unshare -n failed)"
	fi
	unshare -n sh -c 'ip link add xv0 type veth peer name xv1' 2>/dev/null ||
	    skip "veth interfaces cannot be made in a namespace here"
	cat >"$BATS_TEST_TMPDIR/running.cfg" <<'EOF'
route-policy PASS
  pass
end-policy
!
router bgp 65001
 bgp router-id 10.255.0.1
 address-family ipv4 unicast
  redistribute connected metric 7
 !
 address-family ipv6 unicast
  redistribute connected
 !
 neighbor 127.0.0.2
  remote-as 65002
  address-family ipv4 unicast
   route-policy PASS in
   route-policy PASS out
  !
 !
!
EOF
	# Everything below runs in the new namespace; the script's last
	# line kills what it started, and the namespace goes with them.
	cat >"$BATS_TEST_TMPDIR/ns.sh" <<EOF
set -e
ip link set lo up
ip addr add 10.97.0.1/32 dev lo
ip link add xv0 type veth peer name xv1
ip addr add 10.99.0.1/24 dev xv0
ip addr add 2001:db8:99::1/64 dev xv0 nodad
ip link set xv0 up
ip link set xv1 up
"$XRSH" --foreground --port "$PORT" --listen 127.0.0.1 \
    --config "$BATS_TEST_TMPDIR/running.cfg" --socket "$SOCKP" \
    >"$BATS_TEST_TMPDIR/router.out" 2>&1 &
r=\$!
timeout -k 5 60 python3 "$PEER" --connect 127.0.0.1 --port "$PORT" \
    --local 127.0.0.2 --as 65002 --id 2.2.2.2 --connect-retry 30 \
    -e 'establish' -e 'expect open-alive 50' \
    >"$BATS_TEST_TMPDIR/peer.out" 2>&1 &
p=\$!
rc=0
. "$SRCDIR/tests/bats/redist_ns.bash" || rc=\$?
kill \$p \$r 2>/dev/null || true
wait \$p \$r 2>/dev/null || true
exit \$rc
EOF
	export BATS_TEST_TMPDIR SOCKP XRSH
	run timeout -k 5 100 unshare -n bash "$BATS_TEST_TMPDIR/ns.sh"
	echo "$output"
	assert_success
	# what the peer got: the veth networks, never 127/8 or link-local
	grep -qE '^RECV UPDATE nlri=([^ ]*,)?10\.99\.0\.0/24(,[^ ]*)? origin=incomplete aspath=65001 nexthop=127\.0\.0\.1 med=7' \
	    "$BATS_TEST_TMPDIR/peer.out"
	grep -q 'nlri=10.98.0.0/24' "$BATS_TEST_TMPDIR/peer.out"
	# the router's loopback address (lo, not 127/8): a /32 like XR's
	# Loopback0
	grep -qE '^RECV UPDATE nlri=([^ ]*,)?10\.97\.0\.1/32[, ]' "$BATS_TEST_TMPDIR/peer.out"
	run ! grep -E 'nlri=.*127\.0\.0\.0' "$BATS_TEST_TMPDIR/peer.out"
	# the namespace is gone with its processes: nothing of it is left here
	run ip -br addr show to 10.99.0.0/24
	[ -z "$output" ]
}

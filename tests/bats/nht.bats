#!/usr/bin/env bats
# Next-hop tracking through the RIB, live: BGP next hops resolve through
# connected networks and static routes, best paths are B routes of
# `show route`; a link going down (its connected
# route gone) invalidates the paths through it and the best path moves
# to the other neighbor's; a static route removed at commit does the
# same for the next hops it resolved.  xrsh and two scripted peers
# (tests/peers/bgppeer.py) run inside a network namespace the test
# makes with `unshare -n`, with two veth pairs carrying the next hops'
# networks.
#
# NETWORK SAFETY: everything runs in the test's own namespace (10.9x
# networks on veth pairs made there, sessions over its 127.0.0.x); the
# namespace ends with its last process, every process in it is bounded
# by `timeout` and killed at the end.

bats_require_minimum_version 1.5.0
load helpers

BATS_TEST_TIMEOUT=${BATS_TEST_TIMEOUT:-150}

setup() {
	setup_xrsh_env
	export XRSH_LOOPBACK_ONLY=1
	SOCKDIR=$(mktemp -d)
	SOCKP=$SOCKDIR/xrsh.sock
	PORT=$(free_port) || skip "no free TCP port found"
	PEER=$SRCDIR/tests/peers/bgppeer.py
}

teardown() {
	rm -rf "$SOCKDIR"
	if [ -n "${BATS_TEST_COMPLETED:-}" ]; then
		return 0
	fi
	echo "--- router.out"; cat "$BATS_TEST_TMPDIR/router.out" 2>/dev/null || true
	echo "--- peer2.out"; cat "$BATS_TEST_TMPDIR/peer2.out" 2>/dev/null || true
	echo "--- peer3.out"; cat "$BATS_TEST_TMPDIR/peer3.out" 2>/dev/null || true
}

@test "next hops through the RIB inside a test-made namespace: a link down invalidates its paths and the best path moves; a static route resolves, its removal invalidates" {
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
router static
 address-family ipv4 unicast
  10.70.0.0/16 10.98.0.9
 !
!
router bgp 65001
 bgp router-id 10.255.0.1
 address-family ipv4 unicast
 !
 neighbor 127.0.0.2
  remote-as 65002
  address-family ipv4 unicast
   route-policy PASS in
   route-policy PASS out
  !
 !
 neighbor 127.0.0.3
  remote-as 65003
  address-family ipv4 unicast
   route-policy PASS in
   route-policy PASS out
  !
 !
!
EOF
	# the checks, run in the namespace once everything is up
	cat >"$BATS_TEST_TMPDIR/checks.bash" <<'EOF'
ns_wait() {	# ns_wait FILE FIXED-STRING SECS
	local i
	for i in $(seq 1 $(($3 * 10))); do
		grep -qF -- "$2" "$1" 2>/dev/null && return 0
		sleep 0.1
	done
	echo "never appeared in $1 within $3 s: $2"
	return 1
}
ns_at() {
	"$XRSH" --attach --socket "$SOCKP" "$@"
}
# poll CMD ERE SECS: until CMD's output holds ERE (bounded)
ns_poll() {
	local i
	for i in $(seq 1 $(($3 * 5))); do
		ns_at -c "$1" 2>&1 | grep -qE -- "$2" && return 0
		sleep 0.2
	done
	echo "never matched within $3 s: $2"
	ns_at -c "$1"
	return 1
}
ns_wait "$BATS_TEST_TMPDIR/peer2.out" "OK line 1" 40 || return 1
ns_wait "$BATS_TEST_TMPDIR/peer3.out" "OK line 1" 40 || return 1
# both paths in, the shorter AS path through the first link best
ns_poll 'show bgp 10.60.0.0/16' 'Paths: \(2 available, best #1\)' 10 ||
    return 1
ns_poll 'show bgp' '^\*> 10\.60\.0\.0/16 +10\.99\.0\.5 ' 10 || return 1
# a next hop through the static route (via the second link)
ns_poll 'show bgp' '^\*> 10\.61\.0\.0/16 +10\.70\.0\.1 ' 10 || return 1
# the best paths are B routes of the RIB, eBGP distance 20
ns_poll 'show route bgp' '^B +10\.60\.0\.0/16 \[20/0\] via 10\.99\.0\.5, ' 10 ||
    return 1
ns_poll 'show route bgp' '^B +10\.61\.0\.0/16 \[20/0\] via 10\.70\.0\.1, ' 10 ||
    return 1
# the first link goes down: its connected route goes, the path through
# it is inaccessible and the best path moves to the other neighbor's
ip link set xv0 down || return 1
ns_poll 'show bgp 10.60.0.0/16' '10\.99\.0\.5 \(inaccessible\)' 10 ||
    return 1
ns_poll 'show bgp' '^\*> 10\.60\.0\.0/16 +10\.98\.0\.5 ' 10 || return 1
ns_poll 'show route bgp' '^B +10\.60\.0\.0/16 \[20/0\] via 10\.98\.0\.5, ' 10 ||
    return 1
# and back
ip link set xv0 up || return 1
ns_poll 'show bgp' '^\*> 10\.60\.0\.0/16 +10\.99\.0\.5 ' 10 || return 1
# the static route removed: its next hop is inaccessible
printf 'configure\nno router static\ncommit\nend\n' | ns_at >/dev/null ||
    return 1
ns_poll 'show bgp 10.61.0.0/16' '10\.70\.0\.1 \(inaccessible\)' 10 ||
    return 1
# and its B route is gone (a next hop on no route is not a RIB route)
if ns_at -c 'show route bgp' | grep -q '10\.61\.0\.0/16'; then
	echo "10.61.0.0/16 still in the RIB"
	return 1
fi
return 0
EOF
	cat >"$BATS_TEST_TMPDIR/ns.sh" <<EOF
set -e
ip link set lo up
ip link add xv0 type veth peer name xv1
ip link add xw0 type veth peer name xw1
ip addr add 10.99.0.1/24 dev xv0
ip addr add 10.98.0.1/24 dev xw0
ip link set xv0 up
ip link set xv1 up
ip link set xw0 up
ip link set xw1 up
"$XRSH" --foreground --port "$PORT" --listen 127.0.0.1 \
    --config "$BATS_TEST_TMPDIR/running.cfg" --socket "$SOCKP" \
    >"$BATS_TEST_TMPDIR/router.out" 2>&1 &
r=\$!
timeout -k 5 100 python3 "$PEER" --connect 127.0.0.1 --port "$PORT" \
    --local 127.0.0.2 --as 65002 --id 2.2.2.2 --connect-retry 30 \
    -e 'establish' \
    -e 'send update nlri 10.60.0.0/16 10.61.0.0/16 nexthop 10.99.0.5 aspath 65002' \
    -e 'send update nlri 10.61.0.0/16 nexthop 10.70.0.1 aspath 65002' \
    -e 'expect open-alive 90' \
    >"$BATS_TEST_TMPDIR/peer2.out" 2>&1 &
p2=\$!
timeout -k 5 100 python3 "$PEER" --connect 127.0.0.1 --port "$PORT" \
    --local 127.0.0.3 --as 65003 --id 3.3.3.3 --connect-retry 30 \
    -e 'establish' \
    -e 'send update nlri 10.60.0.0/16 nexthop 10.98.0.5 aspath 65003 65033' \
    -e 'expect open-alive 90' \
    >"$BATS_TEST_TMPDIR/peer3.out" 2>&1 &
p3=\$!
rc=0
. "$BATS_TEST_TMPDIR/checks.bash" || rc=\$?
kill \$p2 \$p3 \$r 2>/dev/null || true
wait \$p2 \$p3 \$r 2>/dev/null || true
exit \$rc
EOF
	export BATS_TEST_TMPDIR SOCKP XRSH
	run timeout -k 5 130 unshare -n bash "$BATS_TEST_TMPDIR/ns.sh"
	echo "$output"
	assert_success
	# the namespace is gone with its processes: nothing of it is left here
	run ip -br addr show to 10.99.0.0/24
	[ -z "$output" ]
}

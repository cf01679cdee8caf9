#!/usr/bin/env bats
# `fib install kernel`: the RIB's static routes in a real kernel table, in
# a network namespace the test makes (xrsh-t-$$-N, veth pairs with
# 198.18.1.1/24 on xb0 and 198.18.2.1/24 on xc0) and deletes.  A
# --foreground router in the namespace is changed through --attach, and
# `ip -n NS route show proto 201` is what the kernel has: installed,
# changed in place, moved to another table, removed on `no fib install`,
# at exit and after SIGTERM; a Null0 blackhole; an ECMP static as one
# multipath route; an IPv6 static; stale routes of protocol 201 removed
# at start; a route of another protocol never touched (one with our
# metric refused, not overwritten); a link going down moves the routes
# (floating static, ECMP shrinks) and back; routes of ours deleted by
# another process (`ip route del`, `ip route flush proto 201`) come back
# within a second.  Needs root and `ip netns`.

bats_require_minimum_version 1.5.0
load helpers

setup() {
	[ "$(id -u)" = 0 ] || skip "needs root (network namespaces)"
	NS=xrsh-t-$$-$BATS_TEST_NUMBER
	ip netns add "$NS" 2>/dev/null || skip "ip netns add does not work here"
	ip -n "$NS" link set lo up
	ip -n "$NS" link add xb0 type veth peer name xb1
	ip -n "$NS" link add xc0 type veth peer name xc1
	ip -n "$NS" addr add 198.18.1.1/24 dev xb0
	ip -n "$NS" addr add 198.18.2.1/24 dev xc0
	ip -n "$NS" addr add 2001:db8:1::1/64 dev xb0 nodad
	local l
	for l in xb0 xb1 xc0 xc1; do
		ip -n "$NS" link set "$l" up
	done
	SOCKP="$BATS_TEST_TMPDIR/xrsh.sock"
	RPID=
}

teardown() {
	stop_pid "$RPID"
	[ -n "${NS:-}" ] && ip netns del "$NS" 2>/dev/null || true
}

# the saved configuration: statics (one ECMP pair, one Null0) and fib
write_cfg() {
	cat >"$BATS_TEST_TMPDIR/running.cfg" <<-EOC
	router static
	 address-family ipv4 unicast
	  198.18.10.0/24 198.18.1.2
	  198.18.11.0/24 Null0
	  198.18.12.0/24 198.18.1.2
	  198.18.12.0/24 198.18.2.2
	  198.18.50.0/24 198.18.2.2
	 !
	 address-family ipv6 unicast
	  2001:db8:10::/48 2001:db8:1::2
	 !
	!
	$1
	EOC
}

start_router() {
	ip netns exec "$NS" "$XRSH" --foreground \
	    --config "$BATS_TEST_TMPDIR/running.cfg" --socket "$SOCKP" \
	    >"$BATS_TEST_TMPDIR/router.out" 2>&1 &
	RPID=$!
	wait_in "$BATS_TEST_TMPDIR/router.out" "running in the foreground"
}

at() {
	"$XRSH" --attach --socket "$SOCKP" "$@"
}

ours() {
	ip -n "$NS" route show proto 201 "$@"
}

@test "fib: installed at start, stale ones purged, another protocol's untouched, removed after SIGTERM" {
	# a crash's leftovers, and a route a user added by hand
	ip -n "$NS" route add 198.18.60.0/24 via 198.18.1.9 proto 201 metric 20
	ip -n "$NS" route add 198.18.50.0/24 via 198.18.1.9 proto static
	write_cfg "fib install kernel"
	start_router
	run ours
	echo "$output"
	assert_line "198.18.10.0/24 via 198.18.1.2 dev xb0 metric 20 "
	assert_line "blackhole 198.18.11.0/24 metric 20 "
	# ECMP: one multipath route
	assert_line --regexp "^198\.18\.12\.0/24 metric 20 $"
	assert_line --regexp "nexthop via 198\.18\.1\.2 dev xb0 weight 1"
	assert_line --regexp "nexthop via 198\.18\.2\.2 dev xc0 weight 1"
	# ours beside the user's (another metric), the stale one gone
	assert_line "198.18.50.0/24 via 198.18.2.2 dev xc0 metric 20 "
	refute_output --partial 198.18.60.0
	[ "$(ours | grep -c '^[0-9b]')" -eq 4 ]
	grep -F "stale routes of an earlier run removed" \
	    "$BATS_TEST_TMPDIR/router.out"
	run ip -n "$NS" -6 route show proto 201
	assert_output --regexp "^2001:db8:10::/48 via 2001:db8:1::2 dev xb0 metric 20 "
	run at -c 'show fib | json'
	echo "$output"
	assert_output --partial '"installed":5'
	assert_output --partial '"stale_removed":1'
	assert_output --partial '"errors":0'

	kill -TERM "$RPID"
	wait "$RPID" || true
	RPID=
	run ours
	assert_output ""
	run ip -n "$NS" -6 route show proto 201
	assert_output ""
	# the user's route is still there as it was
	run ip -n "$NS" route show proto static
	assert_output "198.18.50.0/24 via 198.18.1.9 dev xb0 "
}

@test "fib: a changed static is replaced in place, a removed one deleted" {
	write_cfg "fib install kernel"
	start_router
	run at -c configure -c 'router static' -c 'address-family ipv4 unicast' \
	    -c 'no 198.18.10.0/24 198.18.1.2' -c '198.18.10.0/24 198.18.2.2' \
	    -c 'no 198.18.50.0/24' -c commit -c end
	assert_success
	run ours 198.18.10.0/24
	assert_output "198.18.10.0/24 via 198.18.2.2 dev xc0 metric 20 "
	run ours 198.18.50.0/24
	assert_output ""
	run at -c 'show fib | json'
	echo "$output"
	assert_output --partial '"changes":1'
	assert_output --partial '"deletes":1'
	assert_output --partial '"installed":4'
	# a route of ours deleted by hand is not an error when it goes
	ip -n "$NS" route del 198.18.11.0/24 proto 201
	run at -c configure -c 'router static' -c 'address-family ipv4 unicast' \
	    -c 'no 198.18.11.0/24' -c commit -c end
	run at -c 'show fib | json'
	assert_output --partial '"errors":0'
}

@test "fib: no fib install removes ours, a table moves them, exit removes them" {
	write_cfg ""
	start_router
	run ours
	assert_output ""
	run at -c configure -c 'fib install kernel' -c commit -c end
	assert_success
	[ "$(ours | grep -c '^[0-9b]')" -eq 4 ]
	run at -c configure -c 'no fib install' -c commit -c end
	assert_success
	run ours
	assert_output ""
	run at -c configure -c 'fib install kernel table 1000' -c commit -c end
	assert_success
	run ours
	assert_output ""
	run ours table 1000
	echo "$output"
	assert_line "198.18.10.0/24 via 198.18.1.2 dev xb0 metric 20 "
	run at -c 'show running-config'
	assert_line "fib install kernel table 1000"
	run at -c 'show fib'
	assert_output --partial "Kernel FIB: installing, table 1000, protocol 201"
	run at -c configure -c 'fib install kernel table 254' -c commit -c end
	run ours table 1000
	assert_output ""
	[ "$(ours | grep -c '^[0-9b]')" -eq 4 ]
	# `quit`-like exit of the router: stop_pid's SIGTERM
	stop_pid "$RPID"
	RPID=
	run ours table all
	assert_output ""
	run ip -n "$NS" -6 route show proto 201 table all
	assert_output ""
}

@test "fib: a batch run installs and removes at exit; --offline installs nothing" {
	write_cfg "fib install kernel"
	run --separate-stderr ip netns exec "$NS" "$XRSH" \
	    --config "$BATS_TEST_TMPDIR/running.cfg" -c 'show fib | json'
	echo "$output"
	assert_success
	assert_output --partial '"installed":5'
	run ours table all
	assert_output ""
	run --separate-stderr ip netns exec "$NS" "$XRSH" --offline \
	    --config "$BATS_TEST_TMPDIR/running.cfg" -c 'show fib'
	assert_success
	assert_output --partial "Kernel FIB: skipped (offline)"
	[ -z "$stderr" ]
	run ours
	assert_output ""
}

@test "fib: another protocol's route with our metric is refused, not overwritten, and left at exit" {
	ip -n "$NS" route add 198.18.10.0/24 via 198.18.1.9 proto static metric 20
	write_cfg "fib install kernel"
	start_router
	run ip -n "$NS" route show 198.18.10.0/24
	assert_output "198.18.10.0/24 via 198.18.1.9 dev xb0 proto static metric 20 "
	run at -c 'show fib'
	echo "$output"
	assert_output --partial "Errors:            1"
	assert_output --partial "Last error:        add 198.18.10.0/24: File exists"
	grep -F "%ROUTING-FIB-3-ERROR : Kernel table 254: add 198.18.10.0/24: File exists" \
	    "$BATS_TEST_TMPDIR/router.out"
	# removing our static must not delete theirs either
	run at -c configure -c 'router static' -c 'address-family ipv4 unicast' \
	    -c 'no 198.18.10.0/24' -c commit -c end
	run ip -n "$NS" route show 198.18.10.0/24
	assert_output "198.18.10.0/24 via 198.18.1.9 dev xb0 proto static metric 20 "
	stop_pid "$RPID"
	RPID=
	run ip -n "$NS" route show 198.18.10.0/24
	assert_output "198.18.10.0/24 via 198.18.1.9 dev xb0 proto static metric 20 "
	run ours
	assert_output ""
}

# until_route ARGS... -- TEXT: until `ip route show proto 201 ARGS` is
# TEXT (bounded: 10 s)
until_route() {
	local args=() i
	while [ "$1" != "--" ]; do
		args+=("$1")
		shift
	done
	shift
	for i in $(seq 1 100); do
		[ "$(ours "${args[@]}")" = "$1" ] && return 0
		sleep 0.1
	done
	echo "never became: $1"
	ours "${args[@]}"
	return 1
}

@test "fib: a link going down moves ours to the floating static and shrinks the ECMP route; back up, back again" {
	cat >"$BATS_TEST_TMPDIR/running.cfg" <<-EOC
	router static
	 address-family ipv4 unicast
	  198.18.10.0/24 198.18.1.2
	  198.18.10.0/24 198.18.2.2 5
	  198.18.12.0/24 198.18.1.2
	  198.18.12.0/24 198.18.2.2
	 !
	!
	fib install kernel
	EOC
	start_router
	until_route 198.18.10.0/24 -- "198.18.10.0/24 via 198.18.1.2 dev xb0 metric 20 "
	# xb0 loses its carrier: its peer end goes down
	ip -n "$NS" link set xb1 down
	until_route 198.18.10.0/24 -- "198.18.10.0/24 via 198.18.2.2 dev xc0 metric 20 "
	until_route 198.18.12.0/24 -- "198.18.12.0/24 via 198.18.2.2 dev xc0 metric 20 "
	ip -n "$NS" link set xb1 up
	until_route 198.18.10.0/24 -- "198.18.10.0/24 via 198.18.1.2 dev xb0 metric 20 "
	run ours 198.18.12.0/24
	assert_line --regexp "nexthop via 198\.18\.1\.2 dev xb0 weight 1"
	assert_line --regexp "nexthop via 198\.18\.2\.2 dev xc0 weight 1"
	run at -c 'show fib | json'
	assert_output --partial '"errors":0'
	assert_output --partial '"installed":2'
}

# ours_count_within_1s N [ARGS...]: within a second (20 ms polls) the
# kernel has N routes of ours (top-level lines of `ip route show proto
# 201 ARGS`)
ours_count_within_1s() {
	local n=$1 i
	shift
	for i in $(seq 1 50); do
		[ "$(ours "$@" | grep -c '^[0-9b]')" -eq "$n" ] && return 0
		sleep 0.02
	done
	echo "not $n routes of ours after 1 s:"
	ours "$@"
	return 1
}

@test "fib: routes of ours deleted by another process (ip route del, ip route flush) are installed again within a second; one taken or replaced by another protocol is left to it until it goes" {
	write_cfg "fib install kernel"
	start_router
	ours_count_within_1s 4
	ip -n "$NS" route del 198.18.10.0/24 proto 201
	ours_count_within_1s 4
	run ours 198.18.10.0/24
	assert_output "198.18.10.0/24 via 198.18.1.2 dev xb0 metric 20 "
	# a flush of the protocol: the four, and the ECMP route whole
	ip -n "$NS" route flush proto 201
	ours_count_within_1s 4
	run ours 198.18.12.0/24
	assert_line --regexp "nexthop via 198\.18\.1\.2 dev xb0 weight 1"
	assert_line --regexp "nexthop via 198\.18\.2\.2 dev xc0 weight 1"
	ip -n "$NS" -6 route del 2001:db8:10::/48 proto 201
	for i in $(seq 1 50); do
		[ -n "$(ip -n "$NS" -6 route show proto 201)" ] && break
		sleep 0.02
	done
	run ip -n "$NS" -6 route show proto 201
	assert_output --regexp "^2001:db8:10::/48 via 2001:db8:1::2 dev xb0 metric 20 "
	run at -c 'show fib | json'
	echo "$output"
	assert_output --partial '"reinstalled":6'
	assert_output --partial '"errors":0'
	assert_output --partial '"installed":5'
	grep -F "%ROUTING-FIB-4-REINSTALLED : Kernel table 254: 1 route of ours deleted or replaced by another process, 1 installed again" \
	    "$BATS_TEST_TMPDIR/router.out"
	grep -F "%ROUTING-FIB-4-REINSTALLED : Kernel table 254: 4 routes of ours deleted or replaced by another process, 4 installed again" \
	    "$BATS_TEST_TMPDIR/router.out"

	# deleted and at once taken by the administrator's own route with
	# our metric: it stays theirs, ours is not forced over it
	printf '%s\n' 'route del 198.18.50.0/24 proto 201' \
	    'route add 198.18.50.0/24 via 198.18.1.9 proto static metric 20' |
	    ip -n "$NS" -batch -
	sleep 0.5
	run ip -n "$NS" route show 198.18.50.0/24
	assert_output "198.18.50.0/24 via 198.18.1.9 dev xb0 proto static metric 20 "
	run at -c 'show fib | json'
	echo "$output"
	assert_output --partial '"errors":1'
	assert_output --partial '"installed":4'
	assert_output --partial '"held":1'
	assert_output --partial 'add 198.18.50.0/24: File exists'
	run at -c 'show fib'
	assert_line "  Held by others:    1 (another process's route at the prefix)"
	assert_line "  Re-installed:      6 (deleted or replaced by another process, or freed)"

	# replaced in place (`ip route replace` at our metric): theirs too
	ip -n "$NS" route replace 198.18.11.0/24 via 198.18.1.9 proto static \
	    metric 20
	for i in $(seq 1 50); do
		at -c 'show fib | json' | grep -q '"held":2' && break
		sleep 0.02
	done
	run at -c 'show fib | json'
	echo "$output"
	assert_output --partial '"held":2'
	assert_output --partial '"installed":3'
	run ip -n "$NS" route show 198.18.11.0/24
	assert_output "198.18.11.0/24 via 198.18.1.9 dev xb0 proto static metric 20 "
	grep -F "%ROUTING-FIB-4-REINSTALLED : Kernel table 254: 1 route of ours deleted or replaced by another process, 0 installed again" \
	    "$BATS_TEST_TMPDIR/router.out"

	# their route at .50 goes: ours takes the prefix within a second
	ip -n "$NS" route del 198.18.50.0/24 proto static
	for i in $(seq 1 50); do
		[ -n "$(ours 198.18.50.0/24)" ] && break
		sleep 0.02
	done
	run ours 198.18.50.0/24
	assert_output "198.18.50.0/24 via 198.18.2.2 dev xc0 metric 20 "
	run at -c 'show fib | json'
	assert_output --partial '"held":1'
	assert_output --partial '"installed":4'
	assert_output --partial '"reinstalled":7'
	grep -F "%ROUTING-FIB-5-INSTALLED : Kernel table 254: 1 prefix no longer held by another process's route, 1 installed" \
	    "$BATS_TEST_TMPDIR/router.out"

	# at exit theirs is left, ours go
	kill -TERM "$RPID"
	wait "$RPID" || true
	RPID=
	run ours
	assert_output ""
	run ip -n "$NS" route show 198.18.11.0/24
	assert_output "198.18.11.0/24 via 198.18.1.9 dev xb0 proto static metric 20 "
}

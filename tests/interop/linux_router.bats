#!/usr/bin/env bats
# xrsh as a Linux router (issue 17, "Must show"), in network namespaces
# this file makes and deletes (netns.bash): xrsh in R, BIRD in P1 and P2,
#
#   P1 vethP1 198.18.1.2/30 -- 198.18.1.1/30 vethR1  R  vethR2 198.18.2.1/30 -- 198.18.2.2/30 vethP2 P2
#      AS 65101                                AS 65001                              AS 65102
#
# P1 and P2 announce the same ten prefixes 10.201.N.0/24; P2 prepends its
# AS twice, so xrsh prefers P1 (shorter AS path).  xrsh runs with
# `fib install kernel` (kernel protocol 201) and a static route
# 198.51.100.0/24 whose next hop 198.18.1.2 is resolved through the
# connected route of vethR1 (XR: a next hop without interface is
# recursive).  Checked from R's kernel: the routes (`ip route show proto
# 201`), `ip route get`, the move to P2 within a second of vethR1 going
# down, and R's tables after xrsh exits, compared with those before start.
# With `maximum-paths ebgp 2` and P2 not prepending, each prefix is one
# multipath kernel route via both links.
#
# The cases that need a feature skip with its name until it is there:
# each looks for it in `xrsh --command-reference` (`fib install kernel`,
# `show route`).
#
# Needs root, `ip netns add`, BIRD 2.  NETWORK SAFETY: see netns.bash; the
# addresses are 198.18.0.0/15 and 10/8, all inside test namespaces.

bats_require_minimum_version 1.5.0

load '/usr/lib/bats/bats-support/load'
load '/usr/lib/bats/bats-assert/load'
load lib
load xrsh_lib
load netns

XI_MODE=script
LR_PROTO=201
LR_STATIC=198.51.100.0/24

setup() {
	nx_require
	require_daemon bird
	xi_setup
	nx_init
}

teardown() {
	if [ -z "${BATS_TEST_COMPLETED:-}" ] && [ -n "${NX_ID:-}" ]; then
		echo "----- R's tables:"
		nx_routes R 2>&1 | sed 's/^/  | /'
	fi
	# xrsh ends as a router does (its routes out of R's kernel), then
	# the namespaces go with whatever still runs inside
	xrsh_stop_all
	nx_del_all
	xi_teardown
}

lr_prefixes() {
	local n
	for ((n = 0; n < 10; n++)); do
		echo "10.201.$n.0/24"
	done
}

# lr_has FEATURE: what the xrsh under test can do, from its command
# reference (nothing runs).  fib: `fib install kernel` (i17-fib); rib:
# `show route` (i17-rt: the RIB with connected and static routes; BGP's
# routes go into it since i17-nht).
lr_has() {
	local ref=$INTEROP_TMP/command-reference
	[ -s "$ref" ] || "$XRSH" --command-reference >"$ref" 2>/dev/null || return 1
	case "$1" in
	fib) grep -qE '^ *(\[no\] )?fib install kernel' "$ref" ;;
	rib) grep -qE '^ *show route( |$)' "$ref" ;;
	*) return 1 ;;
	esac
}

# lr_config [fib] [static] [ecmp]: xrsh's configuration
lr_config() {
	local w
	for w in "$@"; do
		case "$w" in
		fib)
			echo "fib install kernel"
			echo "!" ;;
		ecmp)
			# after xi_cfg_head (printed last): equal-cost eBGP paths
			# from the two neighbor ASes share the forwarding
			;;
		static)
			echo "router static"
			echo " address-family ipv4 unicast"
			echo "  $LR_STATIC 198.18.1.2"
			echo " !"
			echo "!" ;;
		esac
	done
	xi_cfg_head
	case " $* " in
	*" ecmp "*)
		echo " bgp bestpath as-path multipath-relax"
		echo " address-family ipv4 unicast"
		echo "  maximum-paths ebgp 2"
		echo " !" ;;
	esac
	xi_nbr_cfg 198.18.1.2 65101 ipv4
	xi_nbr_cfg 198.18.2.2 65102 ipv4
	xi_cfg_tail
}

# lr_topology: the three namespaces, the two links, BIRD in P1 and P2
# (P2 prepends LR_P2_PREPEND times, default 2); R's tables are saved in
# $INTEROP_TMP/before
lr_topology() {
	nx_add R && nx_add P1 && nx_add P2 || return 1
	nx_link R vethR1 198.18.1.1/30 P1 vethP1 198.18.1.2/30 || return 1
	nx_link R vethR2 198.18.2.1/30 P2 vethP2 198.18.2.2/30 || return 1
	# R forwards (per namespace: the initial one is not touched)
	nx_exec R sysctl -qw net.ipv4.ip_forward=1 || return 1
	lr_prefixes | nx_bird p1 P1 ROUTER_ID=10.255.1.2 LOCAL_ADDR=198.18.1.2 \
		LOCAL_AS=65101 PEER_ADDR=198.18.1.1 PEER_AS=65001 || return 1
	lr_prefixes | nx_bird p2 P2 ROUTER_ID=10.255.2.2 LOCAL_ADDR=198.18.2.2 \
		LOCAL_AS=65102 PEER_ADDR=198.18.2.1 PEER_AS=65001 \
		PREPEND="${LR_P2_PREPEND:-2}" || return 1
	nx_routes R >"$INTEROP_TMP/before"
}

# lr_start WORD...: topology, xrsh in R with lr_config WORD..., both
# sessions up, the ten prefixes from each
lr_start() {
	lr_config "$@" >"$INTEROP_TMP/x.cfg"
	nx_xrsh x R "$INTEROP_TMP/x.cfg" 198.18.1.1 198.18.2.1 || return 1
	xi_wait_up x 15 198.18.1.2 198.18.2.2 || return 1
	wait_for_all Established 5 p1 p2 || return 1
	xi_wait_accepted x "198.18.1.2 ipv4 10" "198.18.2.2 ipv4 10"
}

# lr_kernel [ARGS...]: `ip -4 route show proto 201 ARGS` in R
lr_kernel() {
	ip -n "$(nx_ns R)" -4 route show proto "$LR_PROTO" "$@"
}

# lr_kernel_count N: R's kernel has N routes of proto 201
lr_kernel_count() {
	[ "$(lr_kernel | grep -c .)" -eq "$1" ]
}

# lr_kernel_via GW N: N of the ten prefixes via GW in R's kernel
lr_kernel_via() {
	[ "$(lr_kernel | grep -cE "^10\.201\.[0-9]\.0/24 via $1 dev ")" -eq "$2" ]
}

# lr_poll_ms TIMEOUT_MS CMD...: poll CMD every 20 ms; prints the
# milliseconds it took, fails after TIMEOUT_MS
lr_poll_ms() {
	local t=$1 t0 now
	shift
	t0=$(interop_now_ms)
	while :; do
		now=$(interop_now_ms)
		if "$@"; then
			echo $((now - t0))
			return 0
		fi
		[ $((now - t0)) -lt "$t" ] || return 1
		xi_nap 0.02
	done
}

@test "linux router: BIRD in two namespaces peers with xrsh over veth; xrsh prefers P1's paths (the loopback guard allows a namespace of its own)" {
	lr_topology
	lr_start
	# BIRD's side: the session up, nothing from xrsh yet to count on
	[ "$(bird_state p1)" = Established ]
	[ "$(bird_state p2)" = Established ]
	run xr_cmd x "show bgp 10.201.3.0/24"
	assert_success
	assert_output --partial "Paths: (2 available, best #1"
	# the best path: P1's, the shorter AS path
	run xr_cmd x "show bgp"
	assert_success
	assert_line --regexp '^\*> 10\.201\.3\.0/24 +198\.18\.1\.2 +0 65101 i$'
	assert_line --regexp '^\* +198\.18\.2\.2 +0 65102 65102 65102 i$'
	# the guard said why it let 198.18.x through
	xr_log_has x '%ROUTING-BGP-5-LOOPBACK_ONLY : XRSH_LOOPBACK_ONLY is set; addresses outside loopback allowed: '
	# the initial namespace has none of it
	run ip -br addr show to 198.18.0.0/15
	assert_output ""
}

@test "linux router: fib install kernel puts BIRD's routes into R's kernel (proto 201) and ip route get resolves through them" {
	lr_has fib || skip "needs fib install kernel (i17-fib)"
	lr_has rib || skip "needs show route, the RIB with connected routes (i17-rt)"
	lr_topology
	lr_start fib
	run wait_for 3 lr_kernel_via 198.18.1.2 10
	lr_kernel >&2
	assert_success
	lr_kernel_count 10
	run ip -n "$(nx_ns R)" -4 route get 10.201.7.9
	assert_success
	assert_output --regexp '^10\.201\.7\.9 via 198\.18\.1\.2 dev vethR1 '
	# P1 sees a packet to it: the kernel of R forwards by xrsh's choice
	run ip -n "$(nx_ns R)" -4 route get 10.201.0.1 from 198.18.2.2 iif vethR2
	assert_success
	assert_output --regexp 'via 198\.18\.1\.2 dev vethR1'
	# nothing else of proto 201, nothing outside R
	run ip -4 route show proto "$LR_PROTO"
	assert_output ""
}

@test "linux router: a static route with a recursive next hop (inside vethR1's connected network) is installed and resolves" {
	lr_has fib || skip "needs fib install kernel (i17-fib)"
	lr_has rib || skip "needs show route, the RIB with connected and static routes (i17-rt)"
	lr_topology
	lr_start fib static
	run xr_cmd x "show route ipv4 static"
	assert_success
	assert_output --regexp "S +${LR_STATIC//./\\.} \[1/0\] via 198\.18\.1\.2"
	run wait_for 3 lr_kernel_has_static
	lr_kernel >&2
	assert_success
	run ip -n "$(nx_ns R)" -4 route get 198.51.100.7
	assert_success
	assert_output --regexp '^198\.51\.100\.7 via 198\.18\.1\.2 dev vethR1 '
}

lr_kernel_has_static() {
	lr_kernel "$LR_STATIC" | grep -qE "^${LR_STATIC//./\\.} via 198\.18\.1\.2 dev vethR1"
}

lr_rib_has_bgp() {
	xr_cmd x "show route ipv4 bgp" 2>/dev/null | grep -qE '^B +10\.201\.'
}

@test "linux router: vethR1 down withdraws P1's routes from R's kernel and the best moves to P2 within a second" {
	lr_has fib || skip "needs fib install kernel (i17-fib)"
	lr_has rib || skip "needs show route, the RIB with connected routes (i17-rt)"
	lr_topology
	lr_start fib static
	wait_for 3 lr_rib_has_bgp
	wait_for 3 lr_kernel_via 198.18.1.2 10
	ip -n "$(nx_ns R)" link set vethR1 down
	run lr_poll_ms 1000 lr_kernel_via 198.18.2.2 10
	lr_kernel >&2
	assert_success
	echo "moved in $output ms" >&2
	# none left via P1, the static's next hop is unreachable too
	lr_kernel_via 198.18.1.2 0
	run lr_kernel_has_static
	assert_failure
	run ip -n "$(nx_ns R)" -4 route get 10.201.7.9
	assert_output --regexp '^10\.201\.7\.9 via 198\.18\.2\.2 dev vethR2 '
	# xrsh's view agrees
	run xr_cmd x "show bgp"
	assert_line --regexp '^\*> 10\.201\.7\.0/24 +198\.18\.2\.2 +0 65102 65102 65102 i$'
	run xr_cmd x "show route ipv4 bgp"
	assert_line --regexp '^B +10\.201\.7\.0/24 \[20/0\] via 198\.18\.2\.2, '
	# back up: P1 is preferred again (the session may have to come back)
	ip -n "$(nx_ns R)" link set vethR1 up
	run wait_for 15 lr_kernel_via 198.18.1.2 10
	lr_kernel >&2
	assert_success
}

@test "linux router: after xrsh exits, R's kernel tables are exactly as before it started" {
	lr_has fib || skip "needs fib install kernel (i17-fib)"
	lr_has rib || skip "needs show route, the RIB with connected routes (i17-rt)"
	lr_topology
	lr_start fib static
	wait_for 3 lr_kernel_via 198.18.1.2 10
	xrsh_end_script x
	xrsh_wait_exit x 10
	[ "$XI_RC" = 0 ]
	nx_routes R >"$INTEROP_TMP/after"
	run diff -u "$INTEROP_TMP/before" "$INTEROP_TMP/after"
	assert_success
	run lr_kernel
	assert_output ""
	# stderr has nothing but log lines: no error, no sanitizer report
	run grep -vE '^%[A-Z]' "$(xi_dir x)/err"
	assert_output ""
}

@test "linux router: fib install kernel removes stale routes of protocol 201 at start, never touches another protocol's, and takes its own out on SIGTERM" {
	lr_has fib || skip "needs fib install kernel (i17-fib)"
	lr_topology
	local r
	r=$(nx_ns R)
	# a crash's leftover, and the administrator's own route
	ip -n "$r" route add 10.202.0.0/24 via 198.18.1.2 proto "$LR_PROTO"
	ip -n "$r" route add 10.203.0.0/24 via 198.18.2.2 proto static
	[ -n "$(lr_kernel 10.202.0.0/24)" ]
	# as a router runs: --foreground, the configuration loaded at start
	XI_MODE=foreground
	lr_start fib
	run wait_for 3 lr_kernel_lacks 10.202.0.0/24
	assert_success
	run ip -n "$r" -4 route show 10.203.0.0/24
	assert_output --regexp '^10\.203\.0\.0/24 via 198\.18\.2\.2 dev vethR2 proto static'
	# with the RIB there are routes of ours to take out
	if lr_has rib; then
		run wait_for 3 lr_kernel_via 198.18.1.2 10
		assert_success
	fi
	# the end of its script changes nothing; SIGTERM ends it
	xrsh_end_script x
	xi_nap 0.3
	xrsh_alive x
	kill -TERM "$(xrsh_pid x)"
	xrsh_wait_exit x 10
	[ "$XI_RC" = 0 ]
	xr_log_has x 'SIGTERM received: closing every BGP session'
	run ip -n "$r" -4 route show 10.203.0.0/24
	assert_output --regexp '^10\.203\.0\.0/24 via 198\.18\.2\.2 dev vethR2 proto static'
	run lr_kernel
	assert_output ""
}

# lr_kernel_ecmp N: N of the ten prefixes are one kernel route with two
# next hops, via P1 on vethR1 and via P2 on vethR2
lr_kernel_ecmp() {
	[ "$(lr_kernel | awk '
		/^[0-9]/ { p = $1; next }
		/^[ \t]+nexthop via 198\.18\.1\.2 dev vethR1 / { a[p]++ }
		/^[ \t]+nexthop via 198\.18\.2\.2 dev vethR2 / { b[p]++ }
		/^[ \t]+nexthop/ { n[p]++ }
		END { for (p in n) if (p ~ /^10\.201\./ && n[p] == 2 &&
		    a[p] == 1 && b[p] == 1) c++; print c + 0 }')" -eq "$1" ]
}

@test "linux router: maximum-paths ebgp 2 makes each prefix one multipath kernel route via P1 and P2; vethR1 down leaves P2's hop alone" {
	lr_has fib || skip "needs fib install kernel (i17-fib)"
	lr_has rib || skip "needs show route, the RIB with connected routes (i17-rt)"
	# P2 without prepending: equal AS path lengths, different ASes
	LR_P2_PREPEND=0
	lr_topology
	lr_start fib ecmp
	run wait_for 5 lr_kernel_ecmp 10
	lr_kernel >&2
	assert_success
	# ten routes, no single-path leftovers beside them
	[ "$(lr_kernel | grep -c '^10\.201\.')" -eq 10 ]
	lr_kernel_via 198.18.1.2 0
	# xrsh's RIB shows both next hops of the B route
	run xr_cmd x "show route ipv4 10.201.7.0/24"
	assert_success
	assert_output --partial "198.18.1.2"
	assert_output --partial "198.18.2.2"
	run ip -n "$(nx_ns R)" -4 route get 10.201.7.9
	assert_success
	assert_output --regexp '^10\.201\.7\.9 via 198\.18\.[12]\.2 dev vethR[12] '
	# one link down: the multipath routes become single routes via P2
	ip -n "$(nx_ns R)" link set vethR1 down
	run lr_poll_ms 1000 lr_kernel_via 198.18.2.2 10
	lr_kernel >&2
	assert_success
	echo "single-path in $output ms" >&2
	lr_kernel_ecmp 0
}

lr_kernel_lacks() {
	[ -z "$(lr_kernel "$1")" ]
}

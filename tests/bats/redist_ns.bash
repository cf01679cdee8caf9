# Sourced by redist.bats inside the network namespace it creates (plain
# bash, no bats): waits for the peer's RECV lines and checks xrsh's table.
# Every wait is bounded.  Returns non-zero on the first failed check.

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

ns_wait "$BATS_TEST_TMPDIR/peer.out" "RECV UPDATE eor=ipv4/unicast" 40 ||
    return 1
ns_wait "$BATS_TEST_TMPDIR/peer.out" "10.99.0.0/24" 5 || return 1
ns_at -c 'show bgp' -c 'show bgp ipv6 unicast' \
    >"$BATS_TEST_TMPDIR/ns-show.out" 2>&1 || return 1
cat "$BATS_TEST_TMPDIR/ns-show.out"
grep -qE '^\*> 10\.99\.0\.0/24 +0\.0\.0\.0 +7 +32768 \?$' \
    "$BATS_TEST_TMPDIR/ns-show.out" || { echo "10.99.0.0/24 not local"; return 1; }
grep -qE '^\*> 2001:db8:99::/64 +:: +32768 \?$' \
    "$BATS_TEST_TMPDIR/ns-show.out" || { echo "2001:db8:99::/64 not local"; return 1; }
if grep -qE '127\.0\.0\.0|^\*> ::1/128|fe80' "$BATS_TEST_TMPDIR/ns-show.out"; then
	echo "loopback or link-local networks were originated"
	return 1
fi
# An address added now: the rtnetlink notification rescans at once (the
# periodic rescan is every 30 s, so 20 s tells the two apart).
ip addr add 10.98.0.1/24 dev xv0 || return 1
ns_wait "$BATS_TEST_TMPDIR/peer.out" "nlri=10.98.0.0/24" 20 || return 1
# and removed: withdrawn
ip addr del 10.98.0.1/24 dev xv0 || return 1
ns_wait "$BATS_TEST_TMPDIR/peer.out" "withdrawn=10.98.0.0/24" 20 || return 1
return 0

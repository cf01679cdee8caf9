#!/usr/bin/env bats
# The malformed-input suite: a test peer (tests/peers/bgppeer.py) sends
# every malformed OPEN and UPDATE of tests/peers/malformed.py to a live
# xrsh on loopback and checks the RFC 4271 / 7606 action, that xrsh is
# alive and that a bystander session is undisturbed
# (tests/peers/run_malformed.py does the work; see its header).  The first
# test runs everything; the others run a few high-value cases by name so
# that a failure says what broke.  Loopback only: XRSH_LOOPBACK_ONLY=1,
# and the peer refuses any other address.

bats_require_minimum_version 1.5.0
load helpers

setup() {
	command -v python3 >/dev/null 2>&1 || skip "python3 not installed"
	export XRSH_LOOPBACK_ONLY=1
}

# malformed [run_malformed.py options]: the named cases, each on a fresh
# victim session; the bystander's final check without the 12 s wait.
malformed() {
	python3 "$SRCDIR/tests/peers/run_malformed.py" --xrsh "$XRSH" \
	    --bystander-time 0 "$@"
}

@test "every malformed case: RFC action, xrsh alive, bystander undisturbed" {
	run python3 "$SRCDIR/tests/peers/run_malformed.py" --xrsh "$XRSH"
	echo "$output" | grep -v '^PASS '
	assert_success
	refute_line --partial 'FAIL '
	assert_line 'PASS bystander-undisturbed: Established since the start, same connection, same prefixes (12s)'
	assert_line --regexp '^1[0-9][0-9] passed, 0 failed$'
}

@test "bad OPENs: version, peer AS, BGP identifier, hold time, optional parameters" {
	run malformed --case open-version-5 --case open-bad-peer-as \
	    --case open-as4-cap-mismatch --case open-bgp-id-zero \
	    --case open-bgp-id-own-ibgp --case open-hold-1 \
	    --case open-unsupported-opt-param --case open-opt-param-len-overrun
	assert_success
	assert_line 'PASS open-version-5: reset: NOTIFICATION 2/1, xrsh Idle'
	assert_line 'PASS open-bad-peer-as: reset: NOTIFICATION 2/2, xrsh Idle'
	assert_line 'PASS open-bgp-id-zero: reset: NOTIFICATION 2/3, xrsh Idle'
	assert_line 'PASS open-bgp-id-own-ibgp: reset: NOTIFICATION 2/3, xrsh Idle'
	assert_line 'PASS open-hold-1: reset: NOTIFICATION 2/6, xrsh Idle'
	assert_line 'PASS open-unsupported-opt-param: reset: NOTIFICATION 2/4, xrsh Idle'
	assert_line '9 passed, 0 failed'
}

@test "valid but unusual OPENs come up: hold time 0 and 3, unknown capability, own identifier from eBGP" {
	run malformed --case open-hold-0 --case open-hold-3 \
	    --case open-unknown-capability --case open-bgp-id-own-ebgp
	assert_success
	assert_line 'PASS open-hold-0: session up (ignore)'
	assert_line '5 passed, 0 failed'
}

@test "header errors: marker, length, type" {
	run malformed --group header
	assert_success
	assert_line 'PASS hdr-bad-marker: reset: NOTIFICATION 1/1, xrsh Idle'
	assert_line 'PASS hdr-length-18: reset: NOTIFICATION 1/2, xrsh Idle'
	assert_line 'PASS hdr-unknown-type: reset: NOTIFICATION 1/3, xrsh Idle'
	refute_line --partial 'FAIL '
}

@test "AS_PATH with bad segment lengths is treat-as-withdraw, the session stays up" {
	run malformed --case aspath-zero-length-segment \
	    --case aspath-segment-overrun --case aspath-segment-underrun \
	    --case aspath-2octet-on-as4-session
	assert_success
	assert_line --regexp '^PASS aspath-zero-length-segment: session up, 198\.18\.[0-9]+\.0/24 not installed \(announced first: .*\)$'
	assert_line '5 passed, 0 failed'
}

@test "truncated attributes and bad attribute lengths are treat-as-withdraw" {
	run malformed --case update-attr-header-truncated \
	    --case update-attr-extlen-header-truncated \
	    --case update-attr-len-overrun-last --case origin-length-2 \
	    --case nexthop-length-5 --case med-length-3
	assert_success
	assert_line '7 passed, 0 failed'
}

@test "bad attribute flags are treat-as-withdraw (attribute discard for AGGREGATOR)" {
	run malformed --case origin-flags-optional --case aspath-flags-optional \
	    --case nexthop-flags-optional --case med-flags-transitive \
	    --case communities-flags-wellknown --case aggregator-flags-nontransitive
	assert_success
	assert_line --regexp '^PASS aggregator-flags-nontransitive: session up, .* installed'
	assert_line '7 passed, 0 failed'
}

@test "zero-length COMMUNITIES (and extended, large) are treat-as-withdraw" {
	run malformed --case communities-length-0 --case ext-communities-length-0 \
	    --case large-communities-length-0
	assert_success
	assert_line --regexp '^PASS communities-length-0: session up, .* not installed'
	assert_line '4 passed, 0 failed'
}

@test "duplicate attributes: the first is kept, MP_REACH twice resets with 3/1" {
	run malformed --group duplicate --case mp-reach-duplicate
	assert_success
	assert_line --regexp '^PASS duplicate-origin: session up, .* installed$'
	assert_line --regexp '^PASS duplicate-aspath-second-malformed: session up, .* installed$'
	assert_line 'PASS mp-reach-duplicate: reset: NOTIFICATION 3/1, xrsh Idle'
	refute_line --partial 'FAIL '
}

@test "MP_REACH_NLRI with a bad next-hop length resets with 3/9" {
	run malformed --case mp-reach-nexthop-length-5 \
	    --case mp-reach-nexthop-length-0 --case mp-reach-nexthop-length-overrun \
	    --case mp-reach-v4-nexthop-length-16
	assert_success
	assert_line 'PASS mp-reach-nexthop-length-5: reset: NOTIFICATION 3/9, xrsh Idle'
	assert_line '5 passed, 0 failed'
}

@test "attributes after MP_UNREACH_NLRI: the withdrawal happens; a bad one resets (RFC 7606 5.2)" {
	run malformed --group mp-unreach-attrs
	assert_success
	assert_line --regexp '^PASS mp-unreach-then-attributes: session up, 2001:db8:[0-9a-f]+::/48 withdrawn'
	assert_line --regexp '^PASS mp-unreach-then-mp-reach: session up, .* installed, .* withdrawn'
	assert_line 'PASS mp-unreach-then-bad-origin: reset: NOTIFICATION 3/5, xrsh Idle'
	refute_line --partial 'FAIL '
}

@test "enforce-first-as: a foreign first AS is treat-as-withdraw, installed with 'enforce-first-as disable'" {
	run malformed --case aspath-first-as-not-peer --case aspath-empty-from-ebgp \
	    --case aspath-first-as-not-peer@enforce-first-as-disable \
	    --case aspath-empty-from-ebgp@enforce-first-as-disable
	assert_success
	assert_line --regexp '^PASS aspath-first-as-not-peer: session up, .* not installed'
	assert_line --regexp '^PASS aspath-first-as-not-peer@enforce-first-as-disable: session up, .* installed$'
	assert_line '5 passed, 0 failed'
}

@test "the driver refuses an unknown case name (usage error, nothing started)" {
	run malformed --case no-such-case
	assert_failure 2
	assert_output --partial 'no case no-such-case'
}

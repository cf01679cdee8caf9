#!/usr/bin/env bats
# Realistic mistakes made on top of a committed corpus configuration: each
# is rejected (when typed, or at commit) with a message naming the object
# at fault, and the running configuration stays exactly the corpus file.

load helpers
load ../configs/lib

setup() {
	setup_xrsh_env
}

# commit_corpus NAME.cfg: loads a corpus file into the saved configuration
# `run` (a batch session of its own).
commit_corpus() {
	paste_script "$BATS_TEST_TMPDIR/load" "$CONFIGS/$1"
	run_xrsh run "$BATS_TEST_TMPDIR/load"
	[ "$xr_status" -eq 0 ] || { show_failure run; return 1; }
}

# mistake SCRIPT-TEXT: runs it in a new session on the same saved
# configuration; it must fail.  Its messages end up in $BATS_TEST_TMPDIR/msgs.
mistake() {
	printf '%s\n' "$1" >"$BATS_TEST_TMPDIR/mistake"
	run_xrsh run "$BATS_TEST_TMPDIR/mistake"
	cat "$BATS_TEST_TMPDIR/run.out" "$BATS_TEST_TMPDIR/run.err" \
	    >"$BATS_TEST_TMPDIR/msgs"
	cat "$BATS_TEST_TMPDIR/msgs"
	[ "$xr_status" -eq 1 ]
}

# named WORD...: every word appears in the messages.
named() {
	local w

	for w in "$@"; do
		grep -qF -- "$w" "$BATS_TEST_TMPDIR/msgs" ||
		    { echo "not named: $w"; return 1; }
	done
}

# unchanged NAME.cfg: the running configuration is still the corpus file.
unchanged() {
	echo "show running-config" >"$BATS_TEST_TMPDIR/show"
	run_xrsh run "$BATS_TEST_TMPDIR/show"
	[ "$xr_status" -eq 0 ]
	strip_running <"$BATS_TEST_TMPDIR/run.out" >"$BATS_TEST_TMPDIR/running"
	same_text "$CONFIGS/$1" "$BATS_TEST_TMPDIR/running"
}

@test "mistakes: a parameterised policy attached with too few arguments" {
	commit_corpus 06-parameterised-policies.cfg
	mistake "configure
router bgp 64499
 neighbor 192.0.2.50
  address-family ipv4 unicast
   route-policy IMPORT(64501) in
commit"
	named IMPORT 192.0.2.50
	unchanged 06-parameterised-policies.cfg
}

@test "mistakes: a redefinition that closes an apply loop" {
	commit_corpus 06-parameterised-policies.cfg
	mistake "configure
route-policy STRIP_INTERNAL
  apply CUSTOMER_COMMUNITIES(64499)
end-policy
commit"
	named STRIP_INTERNAL CUSTOMER_COMMUNITIES
	unchanged 06-parameterised-policies.cfg
}

@test "mistakes: deleting a prefix-set an attached policy still uses" {
	commit_corpus 06-parameterised-policies.cfg
	mistake "configure
no prefix-set CUST_64502
commit"
	named CUST_64502 IMPORT 192.0.2.54
	unchanged 06-parameterised-policies.cfg
}

@test "mistakes: a typo in the policy name attached to a customer" {
	commit_corpus 01-transit-provider-edge.cfg
	mistake "configure
router bgp 64496
 neighbor 192.0.2.130
  address-family ipv4 unicast
   route-policy CUST_64500_IM in
commit"
	named CUST_64500_IM 192.0.2.130
	unchanged 01-transit-provider-edge.cfg
}

@test "mistakes: a neighbor address family missing under router bgp" {
	commit_corpus 03-enterprise-dual-homed.cfg
	mistake "configure
router bgp 64502
 neighbor 192.0.2.1
  address-family ipv6 unicast
   route-policy ISP_A_IN in
commit"
	named "The address family has not been initialized"
	unchanged 03-enterprise-dual-homed.cfg
}

@test "mistakes: a comma lost in the middle of a large bgpq4 prefix-set" {
	local t=$BATS_TEST_TMPDIR n

	commit_corpus 05-customer-cone-filtering.cfg
	# the CONE_AS64500_V4 block as in the corpus, with the comma after
	# its 40th element dropped (the block's line 42: header and remark
	# come first); the parser notices at the next element, line 43
	sed -n '/^prefix-set CONE_AS64500_V4$/,/^end-set$/p' \
	    "$CONFIGS/05-customer-cone-filtering.cfg" >"$t/block"
	n=$(wc -l <"$t/block")
	[ "$n" -gt 60 ]
	sed -n 43p "$t/block" | awk '{ print $1 }' | tr -d , >"$t/token"
	sed '42s/,$//' "$t/block" >"$t/broken"
	if cmp -s "$t/block" "$t/broken"; then
		echo "the block was not broken"
		return 1
	fi
	mistake "configure
$(cat "$t/broken")
commit"
	named CONE_AS64500_V4 "$(cat "$t/token")" "line 43"
	unchanged 05-customer-cone-filtering.cfg
}

#!/usr/bin/env bats
# A corpus configuration typed the way an engineer enters it at the CLI
# (tests/configs/typed/*.txt: no indentation, `exit` / `root` to move
# between modes, objects in any order, lines in any order inside a block,
# RPL statements several to a line or wrapped after `and`, `end-pol`
# abbreviated) commits and renders exactly as the canonical file.

load helpers
load ../configs/lib

setup() {
	setup_xrsh_env
}

@test "typed: 03-enterprise-dual-homed renders canonically" {
	local t=$BATS_TEST_TMPDIR

	paste_script "$t/s" "$CONFIGS/typed/03-enterprise-dual-homed.txt"
	run_xrsh a "$t/s"
	if [ "$xr_status" -ne 0 ]; then
		show_failure a
		return 1
	fi
	strip_running <"$t/a.out" >"$t/running"
	same_text "$CONFIGS/03-enterprise-dual-homed.cfg" "$t/running"
}

@test "typed: a password typed clear or encrypted renders the same" {
	local t=$BATS_TEST_TMPDIR

	# The typed file carries the secret `cisco` encrypted with another
	# seed than xrsh's (as copied from another box); typed in clear it
	# must give the very same configuration.
	sed 's/^password encrypted 02050D480809$/password clear cisco/' \
	    "$CONFIGS/typed/03-enterprise-dual-homed.txt" >"$t/typed"
	grep -q '^password clear cisco$' "$t/typed"
	paste_script "$t/s" "$t/typed"
	run_xrsh a "$t/s"
	if [ "$xr_status" -ne 0 ]; then
		show_failure a
		return 1
	fi
	strip_running <"$t/a.out" >"$t/running"
	same_text "$CONFIGS/03-enterprise-dual-homed.cfg" "$t/running"
}

@test "typed: a clear password is shown encrypted only" {
	local t=$BATS_TEST_TMPDIR

	sed 's/^password encrypted 02050D480809$/password clear S3cr3t-ISP-A/' \
	    "$CONFIGS/typed/03-enterprise-dual-homed.txt" >"$t/typed"
	grep -q '^password clear S3cr3t-ISP-A$' "$t/typed"
	paste_script "$t/s" "$t/typed"
	run_xrsh a "$t/s"
	if [ "$xr_status" -ne 0 ]; then
		show_failure a
		return 1
	fi
	grep -Eq '^  password encrypted [0-9]{2}[0-9A-F]+$' "$t/a.out"
	if grep -q 'S3cr3t' "$t/a.out"; then
		echo "the clear secret is visible in show running-config"
		return 1
	fi
}

@test "typed: the encrypted form of a clear password pastes back unchanged" {
	local t=$BATS_TEST_TMPDIR

	sed 's/^password encrypted 02050D480809$/password clear S3cr3t-ISP-A/' \
	    "$CONFIGS/typed/03-enterprise-dual-homed.txt" >"$t/typed"
	paste_script "$t/s" "$t/typed"
	run_xrsh a "$t/s"
	[ "$xr_status" -eq 0 ]
	strip_running <"$t/a.out" >"$t/first"
	paste_script "$t/s2" "$t/first"
	run_xrsh b "$t/s2"
	[ "$xr_status" -eq 0 ]
	strip_running <"$t/b.out" >"$t/second"
	same_text "$t/first" "$t/second"
}

@test "typed: asdot AS numbers are shown asplain" {
	local t=$BATS_TEST_TMPDIR

	# 65536 is 1.0 and 4200000001 is 64086.59905 in asdot
	sed 's/^router bgp 65536$/router bgp 1.0/
	    s/^  remote-as 4200000001$/  remote-as 64086.59905/' \
	    "$CONFIGS/11-large-communities.cfg" >"$t/typed"
	grep -q '^router bgp 1.0$' "$t/typed"
	grep -q '^  remote-as 64086.59905$' "$t/typed"
	paste_script "$t/s" "$t/typed"
	run_xrsh a "$t/s"
	if [ "$xr_status" -ne 0 ]; then
		show_failure a
		return 1
	fi
	strip_running <"$t/a.out" >"$t/running"
	same_text "$CONFIGS/11-large-communities.cfg" "$t/running"
}

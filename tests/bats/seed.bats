#!/usr/bin/env bats
# The seed configuration (../shared/seeds/000_43fb73dbacc1248c.txt lines
# 330-434, kept verbatim in tests/configs/seed/seed-as-pasted.txt): the way
# people paste XR configs from documents, with `#` remark lines at top level
# and community-sets indented inside `router bgp` / `address-family ipv4
# unicast`.  Pasted as-is it must be accepted line by line and rejected at
# commit, naming what it lacks; with tests/configs/seed/seed-additions.txt it
# commits and renders as tests/configs/00-seed-multihoming.cfg.

load helpers
load ../configs/lib

SEED_LINES=105	# lines in seed-as-pasted.txt

setup() {
	setup_xrsh_env
	SEED="$CONFIGS/seed/seed-as-pasted.txt"
	ADDITIONS="$CONFIGS/seed/seed-additions.txt"
	COMPLETED="$CONFIGS/00-seed-multihoming.cfg"
}

# commit_script OUT FILE...: configure, the files, commit (no `end`: a
# failed commit stops the batch run there).
commit_script() {
	local out=$1
	shift
	{
		echo configure
		cat "$@"
		echo commit
	} >"$out"
}

# drop_block NAME < text: the text without the RPL object called NAME
# (from its header line through the `!` after end-policy / end-set).
drop_block() {
	awk -v name="$1" '
		skip && /^!$/ { skip = 0; next }
		skip { next }
		$1 ~ /-set$/ && $NF == name { skip = 1; next }
		$1 == "route-policy" && $2 == name { skip = 1; next }
		{ print }'
}

# absent NAME FILE: NAME is not mentioned in FILE.
absent() {
	if grep -qw "$1" "$2"; then
		echo "$1 is named but should not be"
		return 1
	fi
}

@test "seed: the stored copy is lines 330-434 of the shared seed, verbatim" {
	local orig="$SRCDIR/../shared/seeds/000_43fb73dbacc1248c.txt"

	[ -f "$orig" ] || skip "shared seed not available"
	sed -n 330,434p "$orig" >"$BATS_TEST_TMPDIR/seed"
	same_text "$BATS_TEST_TMPDIR/seed" "$SEED"
	[ "$(wc -l <"$SEED")" -eq "$SEED_LINES" ]
}

@test "seed: pasted as-is, every line is accepted and the commit fails" {
	local t=$BATS_TEST_TMPDIR

	commit_script "$t/s" "$SEED"
	run_xrsh a "$t/s"
	[ "$xr_status" -eq 1 ]
	grep -q "Failed to commit" "$t/a.err"
	# The first error is the commit (script line 1 + SEED_LINES + 1):
	# nothing in the paste itself was rejected.
	first=$(grep -m 1 ':[0-9]*: %' "$t/a.err")
	echo "first error: $first"
	[[ "$first" == *":$((SEED_LINES + 2)): %"* ]]
}

@test "seed: the failed commit names every missing set and policy" {
	local t=$BATS_TEST_TMPDIR name

	commit_script "$t/s" "$SEED"
	run_xrsh a "$t/s"
	[ "$xr_status" -eq 1 ]
	cat "$t/a.out" "$t/a.err" >"$t/errors"
	cat "$t/errors"
	for name in PREFIX_SET_CUSTOMER_ROUTES AS_PATH_SET_KNOWN_PROVIDERS \
	    PROVIDER_B_IN PROVIDER_A_IN_V6 PROVIDER_A_OUT_V6; do
		grep -qw "$name" "$t/errors" || {
			echo "missing object $name not named"
			return 1
		}
		# ... on a line that also names where it is needed: the
		# neighbor-group attach point
		grep -w "$name" "$t/errors" |
		    grep -Eq 'neighbor-group PROVIDER_[AB]_GROUP' || {
			echo "no attach point named for $name"
			return 1
		}
	done
	# The community-sets pasted inside router bgp did reach the
	# configuration: none of them is reported missing.
	for name in PREFER_PROVIDER_A BACKUP_PATH NO_EXPORT_TO_PEER \
	    PREPEND_ONCE PREPEND_TWICE PREPEND_THRICE; do
		absent "$name" "$t/errors"
	done
}

@test "seed: the rejected commit leaves the running configuration empty" {
	local t=$BATS_TEST_TMPDIR

	commit_script "$t/s" "$SEED"
	run_xrsh a "$t/s"
	[ "$xr_status" -eq 1 ]
	# a new session on the same saved configuration sees nothing
	echo "show running-config" >"$t/show"
	run_xrsh a "$t/show"
	[ "$xr_status" -eq 0 ]
	check_wrapper "$t/a.out"
	strip_running <"$t/a.out" >"$t/running"
	cat "$t/running"
	[ ! -s "$t/running" ]
}

@test "seed: one missing piece is named alone" {
	local t=$BATS_TEST_TMPDIR

	drop_block PROVIDER_B_IN <"$ADDITIONS" >"$t/partial"
	absent PROVIDER_B_IN "$t/partial"
	commit_script "$t/s" "$SEED" "$t/partial"
	run_xrsh a "$t/s"
	[ "$xr_status" -eq 1 ]
	cat "$t/a.out" "$t/a.err" >"$t/errors"
	cat "$t/errors"
	grep -qw PROVIDER_B_IN "$t/errors"
	absent PREFIX_SET_CUSTOMER_ROUTES "$t/errors"
	absent AS_PATH_SET_KNOWN_PROVIDERS "$t/errors"
	absent PROVIDER_A_IN_V6 "$t/errors"
	absent PROVIDER_A_OUT_V6 "$t/errors"
}

@test "seed: with the missing definitions it commits and renders canonically" {
	local t=$BATS_TEST_TMPDIR

	paste_script "$t/s" "$SEED" "$ADDITIONS"
	run_xrsh a "$t/s"
	if [ "$xr_status" -ne 0 ]; then
		show_failure a
		return 1
	fi
	[ ! -s "$t/a.err" ] || { cat "$t/a.err"; return 1; }
	check_wrapper "$t/a.out"
	strip_running <"$t/a.out" >"$t/running"
	same_text "$COMPLETED" "$t/running"
}

@test "seed: definitions pasted before the seed give the same configuration" {
	local t=$BATS_TEST_TMPDIR

	paste_script "$t/s" "$ADDITIONS" "$SEED"
	run_xrsh a "$t/s"
	if [ "$xr_status" -ne 0 ]; then
		show_failure a
		return 1
	fi
	strip_running <"$t/a.out" >"$t/running"
	same_text "$COMPLETED" "$t/running"
}

@test "seed: the committed seed is the running configuration of the next run" {
	local t=$BATS_TEST_TMPDIR

	paste_script "$t/s" "$SEED" "$ADDITIONS"
	run_xrsh a "$t/s"
	[ "$xr_status" -eq 0 ]
	echo "show running-config" >"$t/show"
	run_xrsh a "$t/show"
	[ "$xr_status" -eq 0 ]
	strip_running <"$t/a.out" >"$t/running"
	same_text "$COMPLETED" "$t/running"
}

@test "seed: show running-config router bgp is the router bgp block alone" {
	local t=$BATS_TEST_TMPDIR

	{
		echo configure
		cat "$SEED" "$ADDITIONS"
		echo commit
		echo end
		echo show running-config router bgp
	} >"$t/s"
	run_xrsh a "$t/s"
	[ "$xr_status" -eq 0 ]
	sed -n '/^router bgp 65001$/,$p' "$COMPLETED" >"$t/expect"
	same_text "$t/expect" "$t/a.out"
}

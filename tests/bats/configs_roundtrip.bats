#!/usr/bin/env bats
# Round trip of the configuration corpus (tests/configs/*.cfg, each a
# canonical `show running-config` body): pasted into a fresh xrsh and
# committed, `show running-config` gives the file back byte for byte; that
# output pasted into another fresh xrsh shows the same bytes again.  The
# printer is canonical (one text per configuration), so equal text after
# the re-parse also means the re-parsed configuration equals the original;
# one more test compares the structured (JSON) views of both to back that.

load helpers
load ../configs/lib

setup() {
	setup_xrsh_env
}

# roundtrip NAME.cfg
roundtrip() {
	local cfg="$CONFIGS/$1" t=$BATS_TEST_TMPDIR

	[ -f "$cfg" ]
	paste_script "$t/first.script" "$cfg"
	run_xrsh first "$t/first.script"
	if [ "$xr_status" -ne 0 ]; then
		show_failure first
		return 1
	fi
	if [ -s "$t/first.err" ]; then
		echo "unexpected messages while loading $1:"
		head -n 40 "$t/first.err"
		return 1
	fi
	check_wrapper "$t/first.out"
	strip_running <"$t/first.out" >"$t/first.cfg"
	same_text "$cfg" "$t/first.cfg"

	# What xrsh printed, pasted into a fresh instance, prints the same.
	paste_script "$t/second.script" "$t/first.cfg"
	run_xrsh second "$t/second.script"
	if [ "$xr_status" -ne 0 ]; then
		show_failure second
		return 1
	fi
	strip_running <"$t/second.out" >"$t/second.cfg"
	same_text "$t/first.cfg" "$t/second.cfg"
}

@test "round trip: 00-seed-multihoming" {
	roundtrip 00-seed-multihoming.cfg
}

@test "round trip: 01-transit-provider-edge" {
	roundtrip 01-transit-provider-edge.cfg
}

@test "round trip: 02-ixp-route-server-client" {
	roundtrip 02-ixp-route-server-client.cfg
}

@test "round trip: 03-enterprise-dual-homed" {
	roundtrip 03-enterprise-dual-homed.cfg
}

@test "round trip: 04-route-reflector" {
	roundtrip 04-route-reflector.cfg
}

@test "round trip: 05-customer-cone-filtering" {
	roundtrip 05-customer-cone-filtering.cfg
}

@test "round trip: 06-parameterised-policies" {
	roundtrip 06-parameterised-policies.cfg
}

@test "round trip: 07-ipv6-dual-stack" {
	roundtrip 07-ipv6-dual-stack.cfg
}

@test "round trip: 08-rpki-origin-validation" {
	roundtrip 08-rpki-origin-validation.cfg
}

@test "round trip: 09-community-traffic-engineering" {
	roundtrip 09-community-traffic-engineering.cfg
}

@test "round trip: 10-blackhole-rtbh" {
	roundtrip 10-blackhole-rtbh.cfg
}

@test "round trip: 11-large-communities" {
	roundtrip 11-large-communities.cfg
}

@test "round trip: 12-datacenter-border" {
	roundtrip 12-datacenter-border.cfg
}

@test "round trip: 13-hub-and-spoke-legacy" {
	roundtrip 13-hub-and-spoke-legacy.cfg
}

@test "round trip: 14-lab-testbed" {
	roundtrip 14-lab-testbed.cfg
}

@test "round trip: 15-internet-edge-maintenance" {
	roundtrip 15-internet-edge-maintenance.cfg
}

@test "round trip: 16-rr-additional-paths" {
	roundtrip 16-rr-additional-paths.cfg
}

@test "round trip: 17-dc-leaf-ebgp-fabric" {
	roundtrip 17-dc-leaf-ebgp-fabric.cfg
}

@test "round trip: 18-enterprise-static-redistribution" {
	roundtrip 18-enterprise-static-redistribution.cfg
}

@test "round trip: 19-igp-redistribution-policies" {
	roundtrip 19-igp-redistribution-policies.cfg
}

@test "round trip: 20-edge-maintenance-knobs" {
	roundtrip 20-edge-maintenance-knobs.cfg
}

@test "round trip: 21-l3vpn-rd-filters" {
	roundtrip 21-l3vpn-rd-filters.cfg
}

@test "round trip: 22-ixp-member-peering" {
	roundtrip 22-ixp-member-peering.cfg
}

@test "round trip: 23-ansible-generated-edge" {
	roundtrip 23-ansible-generated-edge.cfg
}

@test "round trip: 24-xrd-lab-pe" {
	roundtrip 24-xrd-lab-pe.cfg
}

@test "round trip: 25-sr-te-color-steering" {
	roundtrip 25-sr-te-color-steering.cfg
}

@test "round trip: 26-pe-graceful-maintenance" {
	roundtrip 26-pe-graceful-maintenance.cfg
}

@test "round trip: 27-rpki" {
	roundtrip 27-rpki.cfg
}

@test "round trip: 30-pe-static-redistribute" {
	roundtrip 30-pe-static-redistribute.cfg
}

@test "round trip: 31-linux-router-fib" {
	roundtrip 31-linux-router-fib.cfg
}

# views_script CFG OUT: the structured views of everything CFG defines --
# `show rpl | json` and each neighbor's inheritance view as JSON.
views_script() {
	local addr

	{
		echo "show rpl | json"
		for addr in $(awk '$1 == "neighbor" && NF == 2 { print $2 }' "$1"); do
			echo "show bgp neighbor $addr configuration | json"
		done
	} >"$2"
}

@test "round trip: the re-parsed configurations have the same structured views" {
	# Beyond equal text: the typed model of the configuration loaded from
	# the corpus file and the one loaded from xrsh's own output give the
	# same JSON views (sets with their elements and states, policies,
	# every neighbor's effective values with their provenance).
	local cfg name t=$BATS_TEST_TMPDIR bad=0

	for cfg in "$CONFIGS"/*.cfg; do
		name=$(basename "$cfg" .cfg)
		paste_script "$t/$name.1.script" "$cfg"
		run_xrsh "$name.1" "$t/$name.1.script"
		[ "$xr_status" -eq 0 ] || { show_failure "$name.1"; return 1; }
		strip_running <"$t/$name.1.out" >"$t/$name.1.cfg"
		paste_script "$t/$name.2.script" "$t/$name.1.cfg"
		run_xrsh "$name.2" "$t/$name.2.script"
		[ "$xr_status" -eq 0 ] || { show_failure "$name.2"; return 1; }

		# new sessions on each saved configuration
		views_script "$cfg" "$t/$name.views"
		run_xrsh "$name.1" "$t/$name.views"
		[ "$xr_status" -eq 0 ] || { show_failure "$name.1"; return 1; }
		run_xrsh "$name.2" "$t/$name.views"
		[ "$xr_status" -eq 0 ] || { show_failure "$name.2"; return 1; }
		if [ ! -s "$t/$name.1.out" ]; then
			echo "$name: the views printed nothing"
			bad=1
		elif ! same_text "$t/$name.1.out" "$t/$name.2.out"; then
			echo "$name: views differ"
			bad=1
		fi
	done
	[ "$bad" -eq 0 ]
}

@test "every configuration in tests/configs has a round-trip test" {
	local f name n=0

	for f in "$CONFIGS"/*.cfg; do
		name=$(basename "$f")
		n=$((n + 1))
		if ! grep -qx "	roundtrip $name" "$BATS_TEST_FILENAME"; then
			echo "no round-trip test for $name"
			return 1
		fi
	done
	# the seed plus at least ten realistic configurations
	[ "$n" -ge 11 ]
}

@test "the corpus points at documentation addresses only" {
	# Neighbors, router-ids, cluster-ids, originated prefixes, RPKI
	# cache-servers and static ROAs must stay
	# inside 192.0.2.0/24, 198.51.100.0/24, 203.0.113.0/24, 2001:db8::/32.
	local bad

	bad=$(awk '
		$1 == "neighbor" || $2 == "router-id" || $2 == "cluster-id" ||
		    $1 == "network" || $1 == "aggregate-address" ||
		    $1 == "rpki" {
			a = ($1 == "neighbor" || $1 == "network" ||
			    $1 == "aggregate-address") ? $2 : $3
			if (a !~ /^(192\.0\.2\.|198\.51\.100\.|203\.0\.113\.|2001:db8:)/)
				print FILENAME ":" FNR ": " $0
		}' "$CONFIGS"/*.cfg)
	if [ -n "$bad" ]; then
		echo "$bad"
		return 1
	fi
}

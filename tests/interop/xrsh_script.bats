#!/usr/bin/env bats
# xrsh's BGP sessions against real daemons (BIRD 2, FRR bgpd, GoBGP,
# OpenBGPD), xrsh reading a script on stdin (batch mode): the test types
# the configuration and the show commands into a FIFO while the sessions
# run; the end of the script ends xrsh (a Cease to every peer, exit 0).
# The scenarios are in xrsh_lib.bash; xrsh_foreground.bats runs the same
# ones with --foreground.  A missing daemon skips its tests.
#
# Ports: a test reserves five from its preferred base (18100 + N) in
# 18100-18999 (daemons_selftest.bats uses 179xx); see xrsh_lib.bash.

bats_require_minimum_version 1.5.0

load '/usr/lib/bats/bats-support/load'
load '/usr/lib/bats/bats-assert/load'
load lib
load xrsh_lib

XI_MODE=script
XI_BASE=18100

setup() { xi_setup; }
teardown() { xi_teardown; }

@test "script: BIRD eBGP+iBGP over IPv4+IPv6: up, prefixes, NOTIFICATIONs both ways, keepalives" {
	scenario_main bird $((XI_BASE + 0))
}

@test "script: FRR eBGP+iBGP over IPv4+IPv6: up, prefixes, NOTIFICATIONs both ways, keepalives" {
	scenario_main frr $((XI_BASE + 20))
}

@test "script: GoBGP eBGP+iBGP over IPv4+IPv6: up, prefixes, NOTIFICATIONs both ways, keepalives" {
	scenario_main gobgp $((XI_BASE + 40))
}

@test "script: OpenBGPD eBGP+iBGP over IPv4+IPv6: up, prefixes, NOTIFICATIONs both ways, keepalives" {
	scenario_main openbgpd $((XI_BASE + 60))
}

@test "script: MD5 with BIRD: the right password comes up (IPv4, IPv6), a wrong one stays down" {
	scenario_md5 bird $((XI_BASE + 100))
}

@test "script: MD5 with FRR: the right password comes up (IPv4, IPv6), a wrong one stays down" {
	scenario_md5 frr $((XI_BASE + 120))
}

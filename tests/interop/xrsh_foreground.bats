#!/usr/bin/env bats
# xrsh's BGP sessions against real daemons (BIRD 2, FRR bgpd, GoBGP,
# OpenBGPD), xrsh started with --foreground: the configuration is the
# --config file loaded at start, the log goes to stdout, the -f script (a
# FIFO the test types show commands into) runs first and then xrsh runs
# on until SIGTERM (a Cease to every peer, exit 0).  The scenarios are in
# xrsh_lib.bash; xrsh_script.bats runs the same ones in batch mode.  A
# missing daemon skips its tests.
#
# Ports: a test reserves five from its preferred base (18300 + N) in
# 18100-18999 (daemons_selftest.bats uses 179xx); see xrsh_lib.bash.

bats_require_minimum_version 1.5.0

load '/usr/lib/bats/bats-support/load'
load '/usr/lib/bats/bats-assert/load'
load lib
load xrsh_lib

XI_MODE=foreground
XI_BASE=18300

setup() { xi_setup; }
teardown() { xi_teardown; }

@test "foreground: BIRD eBGP+iBGP over IPv4+IPv6: up, prefixes, NOTIFICATIONs both ways, keepalives" {
	scenario_main bird $((XI_BASE + 0))
}

@test "foreground: FRR eBGP+iBGP over IPv4+IPv6: up, prefixes, NOTIFICATIONs both ways, keepalives" {
	scenario_main frr $((XI_BASE + 20))
}

@test "foreground: GoBGP eBGP+iBGP over IPv4+IPv6: up, prefixes, NOTIFICATIONs both ways, keepalives" {
	scenario_main gobgp $((XI_BASE + 40))
}

@test "foreground: OpenBGPD eBGP+iBGP over IPv4+IPv6: up, prefixes, NOTIFICATIONs both ways, keepalives" {
	scenario_main openbgpd $((XI_BASE + 60))
}

@test "foreground: MD5 with BIRD: the right password comes up (IPv4, IPv6), a wrong one stays down" {
	scenario_md5 bird $((XI_BASE + 100))
}

@test "foreground: MD5 with FRR: the right password comes up (IPv4, IPv6), a wrong one stays down" {
	scenario_md5 frr $((XI_BASE + 120))
}

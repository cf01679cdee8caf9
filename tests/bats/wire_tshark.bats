#!/usr/bin/env bats
# What our codec puts on the wire, dissected by Wireshark's BGP dissector:
# every message kind we send (OPEN with all our capabilities, KEEPALIVE,
# UPDATEs with every attribute for IPv4 and IPv6, withdrawals, End-of-RIB,
# ROUTE-REFRESH in its three subtypes, NOTIFICATIONs with a shutdown
# communication) must decode with no malformed packet and no BGP expert
# warning, for 4-octet and 2-octet AS sessions.

load helpers

: "${BUILDDIR:=$BATS_TEST_DIRNAME/../..}"

setup() {
	command -v tshark >/dev/null || skip "tshark not installed"
	command -v text2pcap >/dev/null || skip "text2pcap not installed"
}

# dissect MODE: writes $BATS_TEST_TMPDIR/MODE.txt (tshark -V output)
dissect() {
	local mode=$1 d=$BATS_TEST_TMPDIR
	"$BUILDDIR/tests/tools/bgp_msgdump" $mode >"$d/$mode.hex"
	text2pcap -q -4 127.0.0.1,127.0.0.2 -T 40000,179 "$d/$mode.hex" \
	    "$d/$mode.pcap"
	tshark -n -r "$d/$mode.pcap" -V -o tcp.analyze_sequence_numbers:FALSE \
	    >"$d/$mode.txt" 2>"$d/$mode.err"
}

check_clean() {
	local f=$1
	run grep -E 'Malformed|Expert Info \((Warning|Error)' "$f"
	assert_output ''
	run grep -c 'Border Gateway Protocol - ' "$f"
	assert_output 14
}

@test "tshark: every message kind decodes cleanly (4-octet AS session)" {
	dissect as4
	check_clean "$BATS_TEST_TMPDIR/as4.txt"
	f=$BATS_TEST_TMPDIR/as4.txt
	run grep -c 'Border Gateway Protocol - UPDATE Message' "$f"
	assert_output 6
	run grep -c 'Border Gateway Protocol - ROUTE-REFRESH Message' "$f"
	assert_output 3
	run grep -c 'Border Gateway Protocol - NOTIFICATION Message' "$f"
	assert_output 3
	grep -q 'Support for 4-octet AS number capability' "$f"
	grep -q 'AS Number: 4200000001' "$f"
	grep -q 'Enhanced route refresh capability' "$f"
	grep -q 'BGP-Extended Message' "$f"
	grep -q 'Graceful Restart capability' "$f"
	grep -q 'maintenance window, back at 17:00 UTC' "$f"
	grep -q 'LARGE_COMMUNITY' "$f"
	grep -q 'MP_REACH_NLRI' "$f"
	grep -q 'MP_UNREACH_NLRI' "$f"
	grep -q '2001:db8:2:3::/64' "$f"
	grep -q 'Shutdown Communication: maintenance window' "$f"
}

@test "tshark: a 2-octet AS session carries AS_TRANS and AS4_PATH cleanly" {
	dissect as2
	check_clean "$BATS_TEST_TMPDIR/as2.txt"
	grep -q 'AS4_PATH' "$BATS_TEST_TMPDIR/as2.txt"
	grep -q 'AS4_AGGREGATOR' "$BATS_TEST_TMPDIR/as2.txt"
	grep -q '23456' "$BATS_TEST_TMPDIR/as2.txt"
}

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

# A live capture on lo of two xrsh speakers: OPEN, KEEPALIVE, UPDATE
# (End-of-RIB), ROUTE-REFRESH (clear bgp soft in, answered with enhanced
# route refresh markers) and NOTIFICATION (shutdown with a message) as the
# engine sends them, dissected by tshark.
@test "tshark: a live session capture decodes cleanly" {
	[ "$(id -u)" -eq 0 ] || skip "capturing on lo needs root"
	local d=$BATS_TEST_TMPDIR P=17988 pa pt
	export XRSH_LOOPBACK_ONLY=1
	cat >"$d/a.txt" <<-'EOS'
	configure
	router bgp 65001
	 bgp router-id 10.0.0.1
	 address-family ipv4 unicast
	 address-family ipv6 unicast
	 neighbor 127.0.0.2
	  remote-as 65002
	  address-family ipv4 unicast
	  address-family ipv6 unicast
	commit
	end
	EOS
	cat >"$d/b.txt" <<-'EOS'
	configure
	router bgp 65002
	 bgp router-id 10.0.0.2
	 address-family ipv4 unicast
	 address-family ipv6 unicast
	 neighbor 127.0.0.1
	  remote-as 65001
	  address-family ipv4 unicast
	  address-family ipv6 unicast
	commit
	end
	debug bgp wait neighbor 127.0.0.1 established timeout 20
	clear bgp 127.0.0.1 soft in
	debug sleep 1
	configure
	router bgp 65002
	 neighbor 127.0.0.1
	  shutdown message planned maintenance
	commit
	end
	debug sleep 1
	EOS
	timeout 40 tshark -i lo -f "tcp port $P" -w "$d/cap.pcapng" \
	    -a duration:30 2>"$d/tshark.err" &
	pt=$!
	for _ in $(seq 50); do
		grep -q Capturing "$d/tshark.err" && break
		sleep 0.2
	done
	timeout 30 "$XRSH" --config "$d/a.cfg" --foreground --port $P \
	    --listen 127.0.0.1 -f "$d/a.txt" >"$d/a.log" 2>&1 &
	pa=$!
	timeout 25 "$XRSH" --config "$d/b.cfg" --port $P --listen 127.0.0.2 \
	    -f "$d/b.txt" >"$d/b.log" 2>&1
	kill -TERM $pa; wait $pa || true
	sleep 0.5
	kill -INT $pt; wait $pt || true
	run bash -c "tshark -r '$d/cap.pcapng' -d tcp.port==$P,bgp -Y bgp \
	    -T fields -e bgp.type 2>/dev/null"
	assert_success
	# every message type we send appears: 1 OPEN 2 UPDATE 3 NOTIFICATION
	# 4 KEEPALIVE 5 ROUTE-REFRESH
	for t in 1 2 3 4 5; do
		echo "$output" | tr ',' '\n' | grep -qx "$t"
	done
	run bash -c "tshark -r '$d/cap.pcapng' -d tcp.port==$P,bgp \
	    -Y 'bgp && (_ws.malformed || _ws.expert.severity >= 0x00600000)' \
	    2>/dev/null"
	assert_output ''
	run tshark -r "$d/cap.pcapng" -d tcp.port==$P,bgp -V -Y 'bgp.type == 3'
	assert_output --partial 'Shutdown Communication: planned maintenance'
}

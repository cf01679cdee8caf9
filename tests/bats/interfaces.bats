#!/usr/bin/env bats
# The host's interfaces from rtnetlink (core/sys/iface*.c) and their shows
# (cmds/show_interfaces.c), inside a network namespace each test makes
# (xrsh-t-PID-N) and deletes: veth pairs (a dummy module is not always
# there), one up with addresses, one down, one up without a peer.  xrsh
# only reads here (--offline), and nothing is added outside the
# namespace.  Skipped when not root or when `ip netns add` fails.

load helpers
bats_require_minimum_version 1.5.0

setup() {
	setup_xrsh_env
	export XDG_RUNTIME_DIR="$BATS_TEST_TMPDIR"
	[ "$(id -u)" = 0 ] || skip "needs root for a network namespace"
	command -v ip >/dev/null || skip "ip(8) is not installed"
	NS="xrsh-t-$$-$BATS_TEST_NUMBER"
	ip netns add "$NS" 2>/dev/null || skip "ip netns add failed"
	XPID=
	ip -n "$NS" link set lo up
	# xa0 <-> xa1 both up: xa0 with addresses
	ip -n "$NS" link add xa0 type veth peer name xa1 ||
	    skip "no veth links here"
	ip -n "$NS" link set xa0 mtu 1400 up
	ip -n "$NS" link set xa1 up
	ip -n "$NS" addr add 198.18.0.1/24 dev xa0
	ip -n "$NS" addr add 198.18.1.1/24 dev xa0
	ip -n "$NS" addr add 2001:db8:18::1/64 dev xa0 nodad
	# xb0 <-> xb1 administratively down
	ip -n "$NS" link add xb0 type veth peer name xb1
	# xv0 up, its peer xv1 down: no carrier
	ip -n "$NS" link add xv0 type veth peer name xv1
	ip -n "$NS" link set xv0 up
	# the kernel adds xa0's link-local address once the carrier is up
	for i in $(seq 1 50); do
		ip -n "$NS" -6 addr show dev xa0 | grep -q 'inet6 fe80' && break
		sleep 0.1
	done
}

teardown() {
	stop_pid "$XPID"
	[ -n "${NS:-}" ] && ip netns del "$NS" 2>/dev/null
	true
}

# xns [xrsh options]: xrsh in the namespace, batch mode, offline
xns() {
	ip netns exec "$NS" "$XRSH" --config "$BATS_TEST_TMPDIR/running.cfg" \
	    --offline "$@"
}

@test "show ipv4 interface brief: XR's columns, Up/Down/Shutdown, unassigned" {
	run xns -c 'show ipv4 interface brief'
	assert_success
	assert_line --regexp '^Interface +IP-Address +Status +Protocol +Vrf-Name$'
	assert_line --regexp '^lo +127\.0\.0\.1 +Up +Up +default$'
	assert_line --regexp '^xa0 +198\.18\.0\.1 +Up +Up +default$'
	assert_line --regexp '^xb0 +unassigned +Shutdown +Down +default$'
	assert_line --regexp '^xv0 +unassigned +Down +Down +default$'
	assert_line --regexp '^xv1 +unassigned +Shutdown +Down +default$'
	assert_line --regexp '^xa1 +unassigned +Up +Up +default$'
	# name order
	run bash -c "ip netns exec '$NS' '$XRSH' --offline --config \
	    '$BATS_TEST_TMPDIR/running.cfg' -c 'show ipv4 interface brief' |
	    awk 'NR > 2 { print \$1 }' | tr '\n' ' '"
	assert_output 'lo xa0 xa1 xb0 xb1 xv0 xv1 '
}

@test "show ipv4 interface brief | json" {
	run xns -c 'show ipv4 interface brief | json'
	assert_success
	echo "$output" | jq -e '.interfaces[] | select(.name == "xa0") |
	    .ip_address == "198.18.0.1" and .prefix_length == 24 and
	    .status == "up" and .protocol == "up" and .vrf == "default"'
	echo "$output" | jq -e '.interfaces[] | select(.name == "xb0") |
	    .ip_address == null and .prefix_length == null and
	    .status == "shutdown" and .protocol == "down"'
	echo "$output" | jq -e '.interfaces[] | select(.name == "xv0") |
	    .status == "down"'
	echo "$output" | jq -e '[.interfaces[].name] == ["lo","xa0","xa1","xb0","xb1","xv0","xv1"]'
}

@test "show ipv6 interface brief: link-local first, unassigned" {
	run xns -c 'show ipv6 interface brief'
	assert_success
	assert_line --regexp '^xa0 +\[Up/Up\]$'
	assert_line --regexp '^xb0 +\[Shutdown/Down\]$'
	assert_line --regexp '^lo +\[Up/Up\]$'
	assert_line '    ::1'
	assert_line '    2001:db8:18::1'
	# the lines after xa0's: its link-local address, then the global one
	run bash -c "ip netns exec '$NS' '$XRSH' --offline --config \
	    '$BATS_TEST_TMPDIR/running.cfg' -c 'show ipv6 interface brief' |
	    sed -n '/^xa0 /,/^[^ ]/p'"
	assert_line --index 1 --regexp '^    fe80::'
	assert_line --index 2 '    2001:db8:18::1'
	run bash -c "ip netns exec '$NS' '$XRSH' --offline --config \
	    '$BATS_TEST_TMPDIR/running.cfg' -c 'show ipv6 interface brief' |
	    sed -n '/^xb0 /{n;p}'"
	assert_output '    unassigned'
}

@test "show ipv6 interface brief | json" {
	run xns -c 'show ipv6 interface brief | json'
	assert_success
	echo "$output" | jq -e '.interfaces[] | select(.name == "xa0") |
	    .status == "up" and .protocol == "up" and
	    (.addresses[0] | startswith("fe80:")) and
	    (.addresses | index("2001:db8:18::1/64")) != null'
	echo "$output" | jq -e '.interfaces[] | select(.name == "xb0") |
	    .addresses == [] and .status == "shutdown"'
}

@test "show interfaces NAME: XR's block with Linux's fields" {
	mac=$(ip -n "$NS" -o link show xa0 | sed -n 's/.*link\/ether \([0-9a-f:]*\).*/\1/p')
	xrmac=$(echo "$mac" | tr -d : | sed 's/^\(....\)\(....\)\(....\)$/\1.\2.\3/')
	run xns -c 'show interfaces xa0'
	assert_success
	assert_line --index 0 'xa0 is up, line protocol is up'
	assert_line '  Interface state transitions: 0'
	assert_line "  Hardware is Ethernet (veth), address is $xrmac"
	assert_line '  Internet address is 198.18.0.1/24'
	assert_line '  Secondary address 198.18.1.1/24'
	assert_line '  MTU 1400 bytes'
	assert_line '  Last link flapped never'
	assert_line --regexp '^     [0-9]+ packets input, [0-9]+ bytes, [0-9]+ total input drops$'
	assert_line --regexp '^     [0-9]+ input errors, [0-9]+ CRC, [0-9]+ frame, [0-9]+ overrun$'
	assert_line --regexp '^     [0-9]+ packets output, [0-9]+ bytes, [0-9]+ total output drops$'
	assert_line --regexp '^     [0-9]+ output errors, [0-9]+ collisions, [0-9]+ carrier errors$'
	run xns -c 'show interfaces xb0'
	assert_line --index 0 'xb0 is administratively down, line protocol is administratively down'
	assert_line '  Internet address is Unknown'
	run xns -c 'show interfaces xv0'
	assert_line --index 0 'xv0 is down, line protocol is down'
	assert_line '  Hardware is Ethernet (veth), address is '"$(ip -n "$NS" -o link show xv0 | sed -n 's/.*link\/ether \([0-9a-f:]*\).*/\1/p' | tr -d : | sed 's/^\(....\)\(....\)\(....\)$/\1.\2.\3/')"
	run xns -c 'show interfaces lo'
	assert_line --index 0 'lo is up, line protocol is up'
	assert_line '  Hardware is Loopback interface(s)'
	assert_line '  Internet address is 127.0.0.1/8'
	# every interface, in name order
	run xns -c 'show interfaces'
	assert_success
	run bash -c "ip netns exec '$NS' '$XRSH' --offline --config \
	    '$BATS_TEST_TMPDIR/running.cfg' -c 'show interfaces' |
	    grep -E '^[^ ].* is ' | cut -d' ' -f1 | tr '\n' ' '"
	assert_output 'lo xa0 xa1 xb0 xb1 xv0 xv1 '
}

@test "show interfaces of an unknown interface is an error naming it" {
	run --separate-stderr xns -c 'show interfaces nosuch0'
	assert_failure
	[[ "$stderr" == *"% Interface not found (nosuch0)"* ]]
	run --separate-stderr xns -c 'show interfaces nosuch0 | json'
	assert_failure
	[[ "$stderr" == *"nosuch0"* ]]
}

@test "show interfaces | json: keys, addresses and counters" {
	mac=$(ip -n "$NS" -o link show xa0 | sed -n 's/.*link\/ether \([0-9a-f:]*\).*/\1/p')
	run xns -c 'show interfaces xa0 | json'
	assert_success
	echo "$output" | jq -e --arg mac "$mac" '.interfaces | length == 1 and
	    (.[0] | .name == "xa0" and .state == "up" and
	    .line_protocol == "up" and .admin_up and .oper_up and
	    .kind == "veth" and .mtu == 1400 and .transitions == 0 and
	    .last_flap_seconds == null and .arp_type == 1 and
	    (.mac | gsub("\\."; "")) == ($mac | gsub(":"; "")) and
	    .ipv4_address == "198.18.0.1/24" and
	    (.addresses | index("198.18.1.1/24")) != null and
	    (.addresses | index("2001:db8:18::1/64")) != null and
	    (.counters | keys | length) == 14 and
	    (.ifindex | type) == "number")'
	run xns -c 'show interfaces xb0 | json'
	echo "$output" | jq -e '.interfaces[0] | .state == "administratively down"
	    and .admin_up == false and .ipv4_address == null and
	    .addresses == []'
	# the counters are read when asked: lo's grow with datagrams on it
	before=$(xns -c 'show interfaces lo | json' | jq '.interfaces[0].counters.rx_packets')
	ip netns exec "$NS" python3 -c 'import socket
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
for i in range(3): s.sendto(b"x", ("127.0.0.1", 9))'
	after=$(xns -c 'show interfaces lo | json' | jq '.interfaces[0].counters.rx_packets')
	[ "$after" -ge $((before + 2)) ]
	run xns -c 'show interfaces | json'
	echo "$output" | jq -e '[.interfaces[].name] == ["lo","xa0","xa1","xb0","xb1","xv0","xv1"]'
}

@test "show interfaces brief: states, encapsulation, MTU" {
	run xns -c 'show interfaces brief'
	assert_success
	assert_line --regexp '^ +Intf +Intf +LineP +Encap +MTU$'
	assert_line --regexp '^ +lo +up +up +Loopback +65536$'
	assert_line --regexp '^ +xa0 +up +up +ARPA +1400$'
	assert_line --regexp '^ +xb0 +admin-down +admin-down +ARPA +1500$'
	assert_line --regexp '^ +xv0 +down +down +ARPA +1500$'
	run xns -c 'show interfaces brief | json'
	echo "$output" | jq -e '.interfaces[] | select(.name == "xb0") |
	    .state == "admin-down" and .line_protocol == "admin-down" and
	    .encapsulation == "ARPA" and .mtu == 1500'
}

# at NAME SHOW REGEX: polls a running xrsh (through its control socket)
# until SHOW prints a line matching REGEX; 20 tries 50 ms apart.  The
# brief views never read the kernel again (only notifications change
# their table), so what they show came from a notification.
poll() {
	local i
	for i in $(seq 1 20); do
		"$XRSH" --attach --socket "$SOCK" -c "$1" 2>/dev/null |
		    grep -qE -- "$2" && return 0
		sleep 0.05
	done
	echo "never seen: $2 in $1"
	"$XRSH" --attach --socket "$SOCK" -c "$1"
	return 1
}

@test "a running xrsh sees a link go down and up and an address go" {
	SOCK="$BATS_TEST_TMPDIR/x.sock"
	ip netns exec "$NS" timeout -k 5 60 "$XRSH" --offline --foreground \
	    --config "$BATS_TEST_TMPDIR/running.cfg" --socket "$SOCK" \
	    >"$BATS_TEST_TMPDIR/xrsh.out" 2>&1 &
	XPID=$!
	for i in $(seq 1 100); do
		[ -S "$SOCK" ] && break
		sleep 0.1
	done
	[ -S "$SOCK" ]
	poll 'show ipv4 interface brief' '^xa0 +198\.18\.0\.1 +Up +Up'

	# addresses go (before the link goes down: IPv6 addresses
	# would go with it)
	ip -n "$NS" addr del 2001:db8:18::1/64 dev xa0
	ip -n "$NS" addr del 198.18.1.1/24 dev xa0
	run "$XRSH" --attach --socket "$SOCK" -c 'show ipv6 interface brief | json'
	for i in $(seq 1 20); do
		echo "$output" | jq -e '.interfaces[] | select(.name == "xa0") |
		    (.addresses | index("2001:db8:18::1/64")) == null' \
		    >/dev/null && break
		sleep 0.05
		run "$XRSH" --attach --socket "$SOCK" -c 'show ipv6 interface brief | json'
	done
	echo "$output" | jq -e '.interfaces[] | select(.name == "xa0") |
	    (.addresses | index("2001:db8:18::1/64")) == null and
	    (.addresses | length) > 0'

	ip -n "$NS" link set xa0 down
	poll 'show ipv4 interface brief' '^xa0 +198\.18\.0\.1 +Shutdown +Down'
	ip -n "$NS" link set xa0 up
	poll 'show ipv4 interface brief' '^xa0 +198\.18\.0\.1 +Up +Up'
	# a new link, and one gone
	ip -n "$NS" link add xc0 type veth peer name xc1
	poll 'show interfaces brief' '^ +xc1 +admin-down'
	ip -n "$NS" link del xb0
	run "$XRSH" --attach --socket "$SOCK" -c 'show interfaces brief'
	for i in $(seq 1 20); do
		! echo "$output" | grep -qE '^ +xb0 ' && break
		sleep 0.05
		run "$XRSH" --attach --socket "$SOCK" -c 'show interfaces brief'
	done
	refute_line --regexp '^ +xb0 '

	# down and up again: two transitions, a flap time
	run "$XRSH" --attach --socket "$SOCK" -c 'show interfaces xa0 | json'
	echo "$output" | jq -e '.interfaces[0] | .transitions == 2 and
	    .last_flap_seconds != null and
	    (.addresses | index("198.18.1.1/24")) == null'
	run "$XRSH" --attach --socket "$SOCK" -c 'show interfaces xa0'
	assert_line '  Interface state transitions: 2'
	assert_line --regexp '^  Last link flapped [0-9][0-9]:[0-9][0-9]:[0-9][0-9]$'
	refute_line '  Secondary address 198.18.1.1/24'
}

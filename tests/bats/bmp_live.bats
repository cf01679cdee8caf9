#!/usr/bin/env bats
# BMP export to a real collector (issue 14): pmacct's pmbmpd on
# 127.0.0.1 (a free port, JSON message log in the test's tmp dir) receives
# xrsh's BMP stream while xrsh peers on loopback with a scripted peer.
# pmbmpd's JSON must hold the Initiation, the peer's Peer Up and route
# monitoring (pre- and post-policy) for exactly the routes `show bgp`
# has; pmbmpd is then killed mid-stream and restarted, and xrsh
# reconnects and sends everything again while the BGP session stays
# Established.  The Loc-RIB instance (RFC 9069, `route-monitoring
# local-rib`) carries the best paths.  Skipped when pmbmpd is not
# installed.

bats_require_minimum_version 1.5.0
load helpers

PMBMPD=/usr/sbin/pmbmpd

setup() {
	[ -x "$PMBMPD" ] || skip "pmbmpd (Debian pmacct) not installed"
	setup_xrsh_env
	live_init
	PM_PID=
	XR_PID=
}

teardown() {
	stop_pid "$XR_PID"
	stop_pid "$PM_PID" 2
	live_stop
}

# pm_start N: pmbmpd on 127.0.0.1:$BMP_PORT logging to bmpN.json
pm_start() {
	cat >"$BATS_TEST_TMPDIR/pm$1.conf" <<EOF2
bmp_daemon_ip: 127.0.0.1
bmp_daemon_port: $BMP_PORT
bmp_daemon_msglog_file: $BATS_TEST_TMPDIR/bmp$1.json
bmp_daemon_msglog_output: json
logfile: $BATS_TEST_TMPDIR/pm$1.log
EOF2
	"$PMBMPD" -f "$BATS_TEST_TMPDIR/pm$1.conf" &
	PM_PID=$!
	wait_in "$BATS_TEST_TMPDIR/pm$1.log" "waiting for BMP data" 10
}

# routes announced of type post|pre (the neighbor's) or loc (the Loc-RIB
# instance, RFC 9069) in a json log, one prefix a line, sorted
rm_prefixes() {
	python3 - "$1" "$2" <<'EOF2'
import json, sys
kind = sys.argv[2]
seen = set()
for line in open(sys.argv[1]):
    try:
        m = json.loads(line)
    except ValueError:
        continue
    if m.get("bmp_msg_type") != "route_monitor" or \
            m.get("log_type") != "update":
        continue
    if kind == "loc":
        ok = m.get("is_loc") == 1 and m.get("peer_ip") == "0.0.0.0"
    elif kind == "out":
        ok = m.get("peer_ip") == "127.0.0.2" and m.get("is_out") == 1
    else:
        ok = m.get("peer_ip") == "127.0.0.2" and \
            m.get("is_out") != 1 and \
            m.get("is_post") == (1 if kind == "post" else 0)
    if ok:
        seen.add(m["ip_prefix"])
print("\n".join(sorted(seen)))
EOF2
}

@test "bmp live: pmbmpd gets peer up and route monitoring, and a restarted collector gets them again" {
	local port cfg
	port=$(free_port 31000 1000)
	BMP_PORT=$(free_port 32000 1000)
	cfg="$BATS_TEST_TMPDIR/live.cfg"
	cat >"$cfg" <<EOF2
route-policy PASS
  pass
end-policy
!
route-policy DROP22
  if destination in (10.22.0.0/16) then
    drop
  else
    pass
  endif
end-policy
!
bmp server all
 route-monitoring local-rib
!
bmp server 1
 host 127.0.0.1 port $BMP_PORT
 update-source Loopback0
 stats-reporting-period 1
!
router bgp 65001
 bgp router-id 1.1.1.1
 address-family ipv4 unicast
 !
 address-family ipv6 unicast
 !
 neighbor 127.0.0.2
  remote-as 65002
  bmp-activate server 1
  address-family ipv4 unicast
   route-policy DROP22 in
   route-policy PASS out
  !
  address-family ipv6 unicast
   route-policy PASS in
   route-policy PASS out
  !
 !
!
EOF2
	pm_start 1
	live_peer 127.0.0.2 65002 "$port" establish \
	    'send update nlri 10.1.0.0/16 10.2.0.0/16 10.22.0.0/16 nexthop 127.0.0.2 aspath 65002' \
	    'send update nlri 2001:db8:1::/48 nexthop6 2001:db8:ffff::2 aspath 65002 65010'
	# xrsh runs while the collector is killed and restarted
	cat >"$BATS_TEST_TMPDIR/xr.script" <<'EOF2'
debug bgp wait neighbor 127.0.0.2 established timeout 40
debug sleep 3
show bgp
show bgp ipv6 unicast
debug sleep 20
show bgp summary
show bgp bmp server 1
EOF2
	timeout -k 5 90 "$XRSH" --port "$port" --listen 127.0.0.1 \
	    --config "$cfg" -f "$BATS_TEST_TMPDIR/xr.script" \
	    >"$BATS_TEST_TMPDIR/xr.out" 2>"$BATS_TEST_TMPDIR/xr.err" &
	XR_PID=$!
	wait_in "$BATS_TEST_TMPDIR/bmp1.json" '"bmp_msg_type": "init"' 30
	wait_re "$BATS_TEST_TMPDIR/bmp1.json" '"is_post": 1.*10\.2\.0\.0/16|10\.2\.0\.0/16.*"is_post": 1' 30
	wait_in "$BATS_TEST_TMPDIR/bmp1.json" '"bmp_msg_type": "stats"' 10
	grep -q '"bmp_msg_type": "peer_up", "peer_ip": "127.0.0.2", "peer_asn": 65002' \
	    "$BATS_TEST_TMPDIR/bmp1.json"
	# pre-policy: all three as received; post-policy: what the policy kept
	wait_in "$BATS_TEST_TMPDIR/bmp1.json" '2001:db8:1::/48' 10
	[ "$(rm_prefixes "$BATS_TEST_TMPDIR/bmp1.json" pre)" = \
	    "$(printf '10.1.0.0/16\n10.2.0.0/16\n10.22.0.0/16\n2001:db8:1::/48')" ]
	[ "$(rm_prefixes "$BATS_TEST_TMPDIR/bmp1.json" post)" = \
	    "$(printf '10.1.0.0/16\n10.2.0.0/16\n2001:db8:1::/48')" ]
	# the Loc-RIB instance: its Peer Up, and the best paths only (the
	# IPv6 path's next hop is unreachable here: no best path)
	grep '"bmp_msg_type": "peer_up"' "$BATS_TEST_TMPDIR/bmp1.json" |
	    grep -q '"peer_type": 3.*"peer_asn": 65001\|"peer_asn": 65001.*"peer_type": 3'
	[ "$(rm_prefixes "$BATS_TEST_TMPDIR/bmp1.json" loc)" = \
	    "$(printf '10.1.0.0/16\n10.2.0.0/16')" ]
	# the IPv6 path as stored: MP_REACH next hop and the whole AS path
	grep '"ip_prefix": "2001:db8:1::/48"' "$BATS_TEST_TMPDIR/bmp1.json" |
	    grep '"is_post": 1' | grep -q '"bgp_nexthop": "2001:db8:ffff::2".*"as_path": "65002 65010"\|"as_path": "65002 65010".*"bgp_nexthop": "2001:db8:ffff::2"'

	# the collector dies mid-stream and comes back on the same port
	kill -KILL "$PM_PID"
	wait "$PM_PID" 2>/dev/null || true
	PM_PID=
	sleep 1
	pm_start 2
	wait_in "$BATS_TEST_TMPDIR/bmp2.json" '"bmp_msg_type": "init"' 20
	wait_in "$BATS_TEST_TMPDIR/bmp2.json" '"bmp_msg_type": "peer_up"' 10
	wait_re "$BATS_TEST_TMPDIR/bmp2.json" '10\.2\.0\.0/16' 10
	sleep 1
	# the resync: peer up and the post-policy table again
	[ "$(rm_prefixes "$BATS_TEST_TMPDIR/bmp2.json" post)" = \
	    "$(printf '10.1.0.0/16\n10.2.0.0/16\n2001:db8:1::/48')" ]
	[ "$(rm_prefixes "$BATS_TEST_TMPDIR/bmp2.json" loc)" = \
	    "$(printf '10.1.0.0/16\n10.2.0.0/16')" ]

	wait "$XR_PID"
	XR_PID=
	run cat "$BATS_TEST_TMPDIR/xr.out"
	# show bgp has exactly the post-policy routes pmbmpd saw
	# (the IPv6 one has no valid next hop here, so no * or >)
	[ "$(grep -Eo '^[*> ]{2} [0-9a-f][0-9a-f.:]*/[0-9]+' "$BATS_TEST_TMPDIR/xr.out" |
	    awk '{print $NF}' | sort)" = \
	    "$(printf '10.1.0.0/16\n10.2.0.0/16\n2001:db8:1::/48')" ]
	assert_line 'Update Source: 127.0.0.1 (Loopback0)'
	# xrsh's exit: Peer Down with our Cease, then Termination
	wait_in "$BATS_TEST_TMPDIR/bmp2.json" '"bmp_msg_type": "term"' 10
	grep '"bmp_msg_type": "peer_down"' "$BATS_TEST_TMPDIR/bmp2.json" |
	    grep -q '"reason_type": 1'
	# the session never went down: Established, one connection
	assert_line --regexp '^127\.0\.0\.2 +0 +65002 .* 2$'
	[[ "$output" == *"Connected for"* ]]
	grep -q 'BMP server 1 connected' "$BATS_TEST_TMPDIR/xr.err"
	[ "$(grep -c 'BMP server 1 connected' "$BATS_TEST_TMPDIR/xr.err")" -ge 2 ]
	# (only xrsh's own exit takes it down: Admin. shutdown)
	! grep 'ADJCHANGE.*Down' "$BATS_TEST_TMPDIR/xr.err" |
	    grep -v 'Admin. shutdown'
}

@test "bmp live: a server configured while the session is up gets its Peer Up and a table dump (pre-policy from soft-reconfiguration, Adj-RIB-Out)" {
	local port cfg
	port=$(free_port 31000 1000)
	BMP_PORT=$(free_port 32000 1000)
	cfg="$BATS_TEST_TMPDIR/live.cfg"
	cat >"$cfg" <<EOF2
route-policy PASS
  pass
end-policy
!
route-policy DROP22
  if destination in (10.22.0.0/16) then
    drop
  else
    pass
  endif
end-policy
!
router static
 address-family ipv4 unicast
  10.99.0.0/16 Null0
 !
!
router bgp 65001
 bgp router-id 1.1.1.1
 address-family ipv4 unicast
  network 10.99.0.0/16
 !
 neighbor 127.0.0.2
  remote-as 65002
  address-family ipv4 unicast
   route-policy DROP22 in
   route-policy PASS out
   soft-reconfiguration inbound
  !
 !
!
EOF2
	pm_start 1
	live_peer 127.0.0.2 65002 "$port" establish \
	    'send update nlri 10.1.0.0/16 10.2.0.0/16 10.22.0.0/16 nexthop 127.0.0.2 aspath 65002'
	live_run "$port" "$cfg" configure 'bmp server all' \
	    'route-monitoring adj-rib-out' exit 'bmp server 1' \
	    "host 127.0.0.1 port $BMP_PORT" exit 'router bgp 65001' \
	    'neighbor 127.0.0.2' 'bmp-activate server 1' commit end \
	    'debug sleep 4' 'show bgp bmp server 1' 'show bgp summary'
	assert_success
	assert_line --regexp '^Connected for [0-9:]+$'
	assert_line '           PEER-UP: 1'
	wait_in "$BATS_TEST_TMPDIR/bmp1.json" '"bmp_msg_type": "peer_up"' 10
	grep '"bmp_msg_type": "peer_up"' "$BATS_TEST_TMPDIR/bmp1.json" |
	    grep -q '"peer_ip": "127.0.0.2".*"bgp_id": "2.2.2.2"'
	# post-policy from the Loc-RIB, pre-policy from the kept copy
	[ "$(rm_prefixes "$BATS_TEST_TMPDIR/bmp1.json" post)" = \
	    "$(printf '10.1.0.0/16\n10.2.0.0/16')" ]
	[ "$(rm_prefixes "$BATS_TEST_TMPDIR/bmp1.json" pre)" = \
	    "$(printf '10.1.0.0/16\n10.2.0.0/16\n10.22.0.0/16')" ]
	# Adj-RIB-Out (RFC 8671, O flag): what we advertise to it
	[ "$(rm_prefixes "$BATS_TEST_TMPDIR/bmp1.json" out)" = '10.99.0.0/16' ]
	grep '"is_out": 1' "$BATS_TEST_TMPDIR/bmp1.json" |
	    grep -q '"as_path": "65001"'
	assert_line 'Update Mode : In-Pre-Policy, In-Post-Policy, Out-Post-Policy'
}

@test "bmp live: a collector that does not read fills the bounded queue; drops are counted and it is resynchronised once it reads" {
	local port cfg steps=()
	port=$(free_port 31000 1000)
	BMP_PORT=$(free_port 32000 1000)
	cfg="$BATS_TEST_TMPDIR/live.cfg"
	cat >"$cfg" <<EOF2
route-policy PASS
  pass
end-policy
!
bmp server all
 max-buffer-size 1
!
bmp server 1
 host 127.0.0.1 port $BMP_PORT
!
router bgp 65001
 bgp router-id 1.1.1.1
 address-family ipv4 unicast
 !
 neighbor 127.0.0.2
  remote-as 65002
  bmp-activate server 1
  address-family ipv4 unicast
   route-policy PASS in
  !
 !
!
EOF2
	python3 "$SRCDIR/tests/peers/bmp_slow.py" 127.0.0.1 "$BMP_PORT" \
	    "$BATS_TEST_TMPDIR/go" "$BATS_TEST_TMPDIR/status" &
	PM_PID=$!
	wait_in "$BATS_TEST_TMPDIR/status" 'conns 0' 10
	# 40,000 prefixes in 50 UPDATEs: about 4 MB of post-policy Route
	# Monitoring against a 1 MB queue and a 4 KB receive window
	mapfile -t steps < <(python3 -c '
for i in range(50):
    print("send update nlri " + " ".join("10.%d.%d.0/24" % divmod(n, 256)
          for n in range(i * 800, i * 800 + 800)) +
          " nexthop 127.0.0.2 aspath 65002")')
	live_peer 127.0.0.2 65002 "$port" establish "${steps[@]}"
	cat >"$BATS_TEST_TMPDIR/xr.script" <<'EOF2'
debug bgp wait neighbor 127.0.0.2 established timeout 40
debug sleep 8
show bgp bmp server 1
debug sleep 15
show bgp bmp server 1
show bgp summary
EOF2
	timeout -k 5 90 "$XRSH" --port "$port" --listen 127.0.0.1 \
	    --config "$cfg" -f "$BATS_TEST_TMPDIR/xr.script" \
	    >"$BATS_TEST_TMPDIR/xr.out" 2>"$BATS_TEST_TMPDIR/xr.err" &
	XR_PID=$!
	# the queue filled and messages were dropped (what the kernel took
	# meanwhile may already have set off a resync, which filled it again)
	wait_in "$BATS_TEST_TMPDIR/xr.out" 'messages dropped' 60
	grep -Eq 'Queue: [0-9]+ of 1048576 bytes, [1-9][0-9]* messages dropped, ' \
	    "$BATS_TEST_TMPDIR/xr.out"
	# the collector reads: after the backlog, everything again
	touch "$BATS_TEST_TMPDIR/go"
	wait_in "$BATS_TEST_TMPDIR/status" 'post 40000' 60
	grep -Eq '^conns 1 init 1 peer_up [2-9]' "$BATS_TEST_TMPDIR/status"
	wait "$XR_PID"
	XR_PID=
	grep -Eq 'Queue: 0 of 1048576 bytes, [1-9][0-9]* messages dropped, [1-9][0-9]* resyncs' \
	    "$BATS_TEST_TMPDIR/xr.out"
	grep -q 'dropped (queue full): resynchronising' "$BATS_TEST_TMPDIR/xr.err"
	grep -Eq '^127\.0\.0\.2 +0 +65002 .* 40000$' "$BATS_TEST_TMPDIR/xr.out"
	! grep 'ADJCHANGE.*Down' "$BATS_TEST_TMPDIR/xr.err" |
	    grep -v 'Admin. shutdown'
}

#!/usr/bin/env bats
# The metrics endpoint live (issue 14): xrsh with two loopback Python
# peers serves GET /metrics on 127.0.0.1 and ::1; the text passes
# `promtool check metrics` with no error or warning and its values match
# show bgp summary / neighbors / process / advertised-count; other
# paths are 404, other methods 405, HEAD the headers; a real
# Prometheus (its own config and TSDB in the test's tmp dir, 127.0.0.1
# and a free port, scrape_interval 1s) scrapes it, as its HTTP API shows
# (up == 1 and an xrsh_ series); show metrics counts the scrapes.
#
# xrsh reads its commands from a FIFO, so it keeps serving the event
# loop (and the endpoint) while the test fetches; closing the FIFO ends
# it.  NETWORK SAFETY: everything binds and connects to 127.0.0.1, ::1
# and 127.0.0.2-3 only, with XRSH_LOOPBACK_ONLY=1.

bats_require_minimum_version 1.5.0
load helpers

BATS_TEST_TIMEOUT=${BATS_TEST_TIMEOUT:-180}

setup() {
	setup_xrsh_env
	live_init
	XPID=
	PPID_PROM=
	export XRSH_LOOPBACK_ONLY=1
}

teardown() {
	exec 7>&- 2>/dev/null || true
	stop_pid "$PPID_PROM"
	stop_pid "$XPID"
	live_stop 3
	if [ -z "${BATS_TEST_COMPLETED:-}" ]; then
		for f in xrsh.out xrsh.err p2.out p3.out m.txt prom.log; do
			echo "--- $f"
			tail -n 60 "$BATS_TEST_TMPDIR/$f" 2>/dev/null || true
		done
	fi
}

# start_xrsh: xrsh on 127.0.0.1:$BGP with metrics on 127.0.0.1 and ::1
# port $MPORT, two eBGP neighbors; commands through fd 7
start_xrsh() {
	BGP=$(free_port 30000 5000) || skip "no free TCP port found"
	MPORT=$(free_port 35000 5000) || skip "no free TCP port found"
	cat >"$BATS_TEST_TMPDIR/running.cfg" <<EOF
route-policy PASS
  pass
end-policy
!
route-policy NO_25
  if destination in (0.0.0.0/0 ge 25) then
    drop
  endif
  pass
end-policy
!
router bgp 65000
 bgp router-id 192.0.2.254
 rpki route 198.51.100.0/24 max 24 origin 65002
 rpki route 2001:db8::/32 max 48 origin 65002
 address-family ipv4 unicast
  bgp origin-as validation enable
  bgp dampening
  network 203.0.113.0/24
 !
 neighbor 127.0.0.2
  remote-as 65002
  session-open-mode passive-only
  address-family ipv4 unicast
   route-policy NO_25 in
   route-policy PASS out
   soft-reconfiguration inbound
  !
 !
 neighbor 127.0.0.3
  remote-as 65003
  session-open-mode passive-only
  address-family ipv4 unicast
   route-policy PASS in
   route-policy PASS out
  !
 !
!
metrics
 listen 127.0.0.1 port $MPORT
 listen ::1 port $MPORT
!
EOF
	mkfifo "$BATS_TEST_TMPDIR/in"
	timeout -k 5 150 "$XRSH" --port "$BGP" --listen 127.0.0.1 \
	    --config "$BATS_TEST_TMPDIR/running.cfg" <"$BATS_TEST_TMPDIR/in" \
	    >"$BATS_TEST_TMPDIR/xrsh.out" 2>"$BATS_TEST_TMPDIR/xrsh.err" &
	XPID=$!
	exec 7>"$BATS_TEST_TMPDIR/in"
}

# say LINE...: commands to xrsh
say() {
	printf '%s\n' "$@" >&7
}

# peers (not holding fd 7: xrsh must see the FIFO's end): 127.0.0.2
# sends 3 prefixes (two /25s the policy denies), 127.0.0.3 two, then
# flaps 203.0.113.64/26 three times (damped) and withdraws
# 203.0.113.32/27 (history); the Loc-RIB has 4 prefixes with our network
start_peers() {
	live_peer 127.0.0.2 65002 "$BGP" 'establish' \
	    'send update nlri 198.51.100.0/24 198.51.100.128/25 nexthop 127.0.0.2 aspath 65002' \
	    'send update nlri 203.0.113.128/25 nexthop 127.0.0.2 aspath 65002 65010' 7>&-
	live_peer 127.0.0.3 65003 "$BGP" 'establish' \
	    'send update nlri 198.51.100.0/24 192.0.2.0/24 nexthop 127.0.0.3 aspath 65003' \
	    'send update nlri 203.0.113.64/26 203.0.113.32/27 nexthop 127.0.0.3 aspath 65003' \
	    'send update withdraw 203.0.113.64/26 203.0.113.32/27' \
	    'send update nlri 203.0.113.64/26 nexthop 127.0.0.3 aspath 65003' \
	    'send update withdraw 203.0.113.64/26' \
	    'send update nlri 203.0.113.64/26 nexthop 127.0.0.3 aspath 65003' \
	    'send update withdraw 203.0.113.64/26' \
	    'send update nlri 203.0.113.64/26 nexthop 127.0.0.3 aspath 65003' 7>&-
}

# fetch URL FILE: curl or python, whichever is there
fetch() {
	if command -v curl >/dev/null; then
		curl -sS -g --max-time 10 -o "$2" -w '%{http_code} %{content_type}\n' "$1"
	else
		python3 - "$1" "$2" <<'PY'
import sys, urllib.request, urllib.error
try:
    r = urllib.request.urlopen(sys.argv[1], timeout=10)
    code, body, ct = r.status, r.read(), r.headers.get("Content-Type")
except urllib.error.HTTPError as e:
    code, body, ct = e.code, e.read(), e.headers.get("Content-Type")
open(sys.argv[2], "wb").write(body)
print(code, ct)
PY
	fi
}

# http_get URL: the body on stdout (curl, or python without it)
http_get() {
	if command -v curl >/dev/null; then
		curl -sS -g --max-time 5 "$1"
	else
		python3 -c 'import sys, urllib.request
sys.stdout.write(urllib.request.urlopen(sys.argv[1], timeout=5).read().decode())' "$1"
	fi
}

# value NAME LABELS: the value of the sample NAME{LABELS} in m.txt
value() {
	awk -v k="$1{$2}" '$1 == k { print $2 }' "$BATS_TEST_TMPDIR/m.txt"
}

# ready: both sessions up and every prefix in (the summary is printed)
ready() {
	start_xrsh
	start_peers
	say 'debug bgp wait neighbor 127.0.0.2 established timeout 40' \
	    'debug bgp wait neighbor 127.0.0.3 established timeout 40' \
	    'debug sleep 3' \
	    'show bgp summary | json' \
	    'show bgp neighbors | json' \
	    'show bgp neighbors 127.0.0.2 advertised-count | json' \
	    'show bgp neighbors 127.0.0.3 advertised-count | json' \
	    'show bgp process | json' \
	    'show bgp flap-statistics | json' \
	    'show bgp origin-as validity | json'
	wait_in "$BATS_TEST_TMPDIR/xrsh.out" '"origin_as_validity"' 60
}

@test "live: /metrics passes promtool and matches show bgp" {
	command -v promtool >/dev/null || skip "promtool (Debian prometheus) missing"
	ready
	local M="$BATS_TEST_TMPDIR/m.txt" sum nbr proc n a
	run fetch "http://127.0.0.1:$MPORT/metrics" "$M"
	assert_success
	assert_output '200 text/plain; version=0.0.4; charset=utf-8'
	run promtool check metrics <"$M"
	assert_success
	assert_output ''
	# the same over IPv6
	run fetch "http://[::1]:$MPORT/metrics" "$BATS_TEST_TMPDIR/m6.txt"
	assert_output '200 text/plain; version=0.0.4; charset=utf-8'
	run promtool check metrics <"$BATS_TEST_TMPDIR/m6.txt"
	assert_success
	assert_output ''

	sum=$(grep '^{"vrf"' "$BATS_TEST_TMPDIR/xrsh.out" | head -n 1)
	nbr=$(grep '^{"vrf"' "$BATS_TEST_TMPDIR/xrsh.out" | sed -n 2p)
	proc=$(grep '"memory":' "$BATS_TEST_TMPDIR/xrsh.out" | head -n 1)
	[ "$(jq '.neighbors | length' <<<"$sum")" -eq 2 ]
	[ "$(value xrsh_bgp_neighbors_established 'vrf="default"')" = 2 ]
	for n in 0 1; do
		a=$(jq -r ".neighbors[$n].address" <<<"$sum")
		local l="vrf=\"default\",neighbor=\"$a\",remote_as=\"$(jq -r ".neighbors[$n].remote_as" <<<"$sum")\""
		[ "$(jq -r ".neighbors[$n].state" <<<"$sum")" = Established ]
		[ "$(value xrsh_bgp_neighbor_state "$l,state=\"established\"")" = 1 ]
		[ "$(value xrsh_bgp_neighbor_state "$l,state=\"idle\"")" = 0 ]
		[ "$(value xrsh_bgp_neighbor_state_code "$l")" = 6 ]
		# St/PfxRcd
		[ "$(value xrsh_bgp_neighbor_prefixes_accepted "$l,afi=\"ipv4\",safi=\"unicast\"")" = \
		    "$(jq -r ".neighbors[$n].prefixes_received" <<<"$sum")" ]
		# messages by type, as show bgp neighbors counts them
		[ "$(value xrsh_bgp_neighbor_messages_received_total "$l,type=\"update\"")" = \
		    "$(jq -r ".neighbors[$n].message_stats.update.received" <<<"$nbr")" ]
		[ "$(value xrsh_bgp_neighbor_messages_received_total "$l,type=\"open\"")" = 1 ]
		[ "$(value xrsh_bgp_neighbor_messages_sent_total "$l,type=\"open\"")" = 1 ]
		[ "$(value xrsh_bgp_neighbor_prefixes_denied_total "$l,afi=\"ipv4\",safi=\"unicast\"")" = \
		    "$(jq -r ".neighbors[$n].address_families[0].denied_prefixes" <<<"$nbr")" ]
		# what we send, as advertised-count counts it
		[ "$(value xrsh_bgp_neighbor_prefixes_advertised "$l,afi=\"ipv4\",safi=\"unicast\"")" = \
		    "$(grep "^{.*\"neighbor\":\"$a\",\"advertised_prefixes\"" "$BATS_TEST_TMPDIR/xrsh.out" |
		    jq -r .advertised_prefixes)" ]
	done
	# the literal figures of this setup
	local l2='vrf="default",neighbor="127.0.0.2",remote_as="65002",afi="ipv4",safi="unicast"'
	[ "$(value xrsh_bgp_neighbor_prefixes_accepted "$l2")" = 1 ]
	[ "$(value xrsh_bgp_neighbor_prefixes_denied_total "$l2")" = 2 ]
	[ "$(value xrsh_bgp_neighbor_prefixes_received "$l2")" = 3 ]
	# Loc-RIB and memory as show bgp process reports them
	[ "$(value xrsh_bgp_locrib_prefixes 'vrf="default",afi="ipv4",safi="unicast"')" = \
	    "$(jq -r '.address_families[0].prefixes' <<<"$proc")" ]
	[ "$(value xrsh_bgp_locrib_prefixes 'vrf="default",afi="ipv4",safi="unicast"')" = 4 ]
	[ "$(value xrsh_bgp_locrib_paths 'vrf="default",afi="ipv4",safi="unicast"')" = \
	    "$(jq -r '.address_families[0].paths' <<<"$proc")" ]
	[ "$(awk '$1 == "xrsh_bgp_attribute_sets" { print $2 }' "$M")" = \
	    "$(jq -r '.memory.attr_sets' <<<"$proc")" ]
	grep -q '^xrsh_bgp_update_group_pending_changes{' "$M"
	# RPKI: 198.51.100.0/24 is valid from AS 65002, invalid from 65003;
	# 192.0.2.0/24 and 203.0.113.64/26 not found; our network is not
	# validated (local).  show bgp origin-as validity says the same.
	local v4='vrf="default",afi="ipv4",safi="unicast"' val st
	val=$(grep '"origin_as_validity"' "$BATS_TEST_TMPDIR/xrsh.out" | head -n 1)
	[ "$(value xrsh_bgp_rpki_paths "$v4,state=\"valid\"")" = 1 ]
	[ "$(value xrsh_bgp_rpki_paths "$v4,state=\"invalid\"")" = 1 ]
	[ "$(value xrsh_bgp_rpki_paths "$v4,state=\"not_found\"")" = 2 ]
	for st in valid invalid not-found; do
		[ "$(value xrsh_bgp_rpki_paths "$v4,state=\"${st/-/_}\"")" = \
		    "$(jq "[.. | objects | select(.origin_as_validity? == \"$st\")] | length" <<<"$val")" ]
	done
	[ "$(value xrsh_rpki_vrps 'afi="ipv4",safi="unicast"')" = 1 ]
	[ "$(value xrsh_rpki_vrps 'afi="ipv6",safi="unicast"')" = 1 ]
	# dampening on for IPv4: 203.0.113.64/26 flapped 3 times and is
	# damped, 203.0.113.32/27 withdrawn is history (flap-statistics)
	local fl
	fl=$(grep '"max_suppress_time"' "$BATS_TEST_TMPDIR/xrsh.out" | head -n 1)
	[ "$(value xrsh_bgp_dampening_enabled "$v4")" = 1 ]
	[ "$(value xrsh_bgp_dampening_enabled 'vrf="default",afi="ipv6",safi="unicast"')" = 0 ]
	[ "$(value xrsh_bgp_dampening_paths "$v4,state=\"damped\"")" = 1 ]
	[ "$(value xrsh_bgp_dampening_paths "$v4,state=\"history\"")" = 1 ]
	[ "$(value xrsh_bgp_dampening_paths "$v4,state=\"flapped\"")" = 0 ]
	for st in damped history flapped; do
		[ "$(value xrsh_bgp_dampening_paths "$v4,state=\"$st\"")" = \
		    "$(jq "[.paths[] | select(.status == \"$st\")] | length" <<<"$fl")" ]
	done
	grep -q '^xrsh_metrics_scrapes_total{address="127.0.0.1",port="'"$MPORT"'"} ' "$M"

	# only GET /metrics
	run fetch "http://127.0.0.1:$MPORT/" "$BATS_TEST_TMPDIR/nf"
	assert_output --regexp '^404 '
	run fetch "http://127.0.0.1:$MPORT/metrics/x" "$BATS_TEST_TMPDIR/nf"
	assert_output --regexp '^404 '
	# OpenMetrics when asked for, ending with # EOF
	if command -v curl >/dev/null; then
		run curl -sS -D - -H 'Accept: application/openmetrics-text; version=1.0.0' \
		    "http://127.0.0.1:$MPORT/metrics"
		assert_success
		assert_line --partial 'Content-Type: application/openmetrics-text; version=1.0.0; charset=utf-8'
		assert_line '# TYPE xrsh_bgp_neighbor_messages_received counter'
		[ "${lines[-1]}" = '# EOF' ]
		# HEAD: the headers alone; another method is refused
		run curl -sS -I "http://127.0.0.1:$MPORT/metrics"
		assert_line --regexp '^HTTP/1\.1 200 OK'
		assert_line --partial 'Content-Type: text/plain; version=0.0.4; charset=utf-8'
		run curl -sS -o /dev/null -w '%{http_code}' -X POST "http://127.0.0.1:$MPORT/metrics"
		assert_output 405
	fi

	# libmicrohttpd runs on xrsh's event loop: no thread of its own
	local xp
	xp=$(awk -v p="$XPID" '$4 == p { print $1 }' /proc/[0-9]*/stat 2>/dev/null |
	    while read -r x; do [ "$(cat "/proc/$x/comm")" = xrsh ] && echo "$x"; done)
	[ -n "$xp" ]
	[ "$(ls "/proc/$xp/task" | wc -l)" -eq 1 ]

	say 'show metrics'
	exec 7>&-
	wait "$XPID" || true
	XPID=
	run cat "$BATS_TEST_TMPDIR/xrsh.out"
	assert_line --regexp "^127\.0\.0\.1 +$MPORT  Listening +[2-9]  [0-9:]+ +0\$"
	assert_line --regexp "^::1 +$MPORT  Listening +1  [0-9:]+ +0\$"
}

@test "live: a real Prometheus scrapes the endpoint" {
	command -v prometheus >/dev/null || skip "prometheus (Debian prometheus) missing"
	ready
	local pport q i up= est=
	pport=$(free_port 40000 5000) || skip "no free TCP port found"
	cat >"$BATS_TEST_TMPDIR/prom.yml" <<EOF
global:
  scrape_interval: 1s
  scrape_timeout: 1s
  evaluation_interval: 1s
scrape_configs:
  - job_name: xrsh
    static_configs:
      - targets: ['127.0.0.1:$MPORT']
EOF
	prometheus --config.file="$BATS_TEST_TMPDIR/prom.yml" \
	    --storage.tsdb.path="$BATS_TEST_TMPDIR/tsdb" \
	    --web.listen-address="127.0.0.1:$pport" \
	    >"$BATS_TEST_TMPDIR/prom.log" 2>&1 7>&- &
	PPID_PROM=$!
	q="http://127.0.0.1:$pport/api/v1/query?query="
	for i in $(seq 1 60); do
		up=$(http_get "${q}up" 2>/dev/null |
		    jq -r '.data.result[0].value[1] // empty' 2>/dev/null) || true
		est=$(http_get "${q}xrsh_bgp_neighbors_established" 2>/dev/null |
		    jq -r '.data.result[0].value[1] // empty' 2>/dev/null) || true
		[ "$up" = 1 ] && [ "$est" = 2 ] && break
		sleep 0.5
	done
	[ "$up" = 1 ]
	[ "$est" = 2 ]
	# a labelled series with its labels, and the target's health
	run http_get "${q}xrsh_bgp_neighbor_prefixes_accepted%7Bneighbor%3D%22127.0.0.2%22%7D"
	assert_success
	[ "$(jq -r '.data.result[0].metric.remote_as' <<<"$output")" = 65002 ]
	[ "$(jq -r '.data.result[0].value[1]' <<<"$output")" = 1 ]
	run http_get "http://127.0.0.1:$pport/api/v1/targets"
	[ "$(jq -r '.data.activeTargets[0].health' <<<"$output")" = up ]
	[ "$(jq -r '.data.activeTargets[0].lastError' <<<"$output")" = '' ]
	say 'show metrics | json'
	exec 7>&-
	wait "$XPID" || true
	XPID=
	run grep '^{"listeners"' "$BATS_TEST_TMPDIR/xrsh.out"
	[ "$(jq '.listeners[0].scrapes' <<<"$output")" -ge 1 ]
}

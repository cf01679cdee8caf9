#!/usr/bin/env bats
# The RPKI shows against a real cache: stayrtr (Debian package, a test
# dependency that .ci/run installs) serves a JSON file of ROAs written
# here, on 127.0.0.1 and a random free port; xrsh in batch mode is
# configured with `rpki server 127.0.0.1 / transport tcp port P`, waits
# until the server is synced (debug bgp wait rpki) and shows.
#
# NETWORK SAFETY: only 127.0.0.1 appears, XRSH_LOOPBACK_ONLY=1 makes the
# RTR client refuse anything else, and every process is killed in
# teardown.

bats_require_minimum_version 1.5.0
load helpers

BATS_TEST_TIMEOUT=${BATS_TEST_TIMEOUT:-120}

# write_vrps ROA...: the cache's file, rpki-client's format, atomically
write_vrps() {
	local IFS=,
	printf '{"metadata":{"buildtime":"2026-01-01T00:00:00Z"},"roas":[%s]}\n' \
	    "$*" >"$VRPS.tmp"
	mv "$VRPS.tmp" "$VRPS"
}

setup() {
	setup_xrsh_env
	export XRSH_LOOPBACK_ONLY=1
	ST_PID=
	if ! command -v stayrtr >/dev/null; then
		echo "stayrtr is not installed (Debian package stayrtr;" \
		    ".ci/run installs it)" >&2
		return 1
	fi
	VRPS="$BATS_TEST_TMPDIR/vrps.json"
	write_vrps \
	    '{"prefix":"192.0.2.0/24","maxLength":24,"asn":"AS65001"}' \
	    '{"prefix":"198.51.100.0/22","maxLength":24,"asn":65003}' \
	    '{"prefix":"2001:db8::/32","maxLength":48,"asn":"AS65002"}'
	PORT=$(free_port 46000 1000)
	MPORT=$(free_port 47000 1000)
	BGPPORT=$(free_port 48000 1000)
	stayrtr -bind "127.0.0.1:$PORT" -cache "$VRPS" -checktime=false \
	    -metrics.addr "127.0.0.1:$MPORT" -refresh 1 \
	    >"$BATS_TEST_TMPDIR/stayrtr.log" 2>&1 &
	ST_PID=$!
	for i in $(seq 1 100); do
		ss -Hltn "sport = :$PORT" 2>/dev/null | grep -q . && break
		kill -0 "$ST_PID" 2>/dev/null || break
		sleep 0.1
	done
	ss -Hltn "sport = :$PORT" | grep -q . || {
		cat "$BATS_TEST_TMPDIR/stayrtr.log" >&2
		return 1
	}
	cat >"$BATS_TEST_TMPDIR/rpki.cfg" <<EOF
configure
router bgp 65000
 bgp router-id 10.255.0.1
 rpki server 127.0.0.1
  transport tcp port $PORT
  refresh-time 30
 !
 rpki route 203.0.113.0/24 max 24 origin 65099
 address-family ipv4 unicast
  bgp origin-as validation enable
 !
!
commit
end
EOF
}

teardown() {
	stop_pid "${ST_PID:-}"
}

# xr_rpki LINE...: the configuration, a wait for the sync, then the lines
xr_rpki() {
	local f="$BATS_TEST_TMPDIR/script"

	cp "$BATS_TEST_TMPDIR/rpki.cfg" "$f"
	echo "debug bgp wait rpki server 127.0.0.1 synced timeout 30" >>"$f"
	printf '%s\n' "$@" >>"$f"
	timeout 60 "$XRSH" --config "$BATS_TEST_TMPDIR/running.cfg" \
	    --listen 127.0.0.1 --port "$BGPPORT" -f "$f"
}

@test "show bgp rpki summary: servers, global knobs, database" {
	run xr_rpki 'show bgp rpki summary'
	assert_success
	assert_line 'RPKI cache-servers configured: 1'
	assert_line 'RPKI global knobs'
	assert_line '  Origin-AS validation is ENABLED globally'
	assert_line '  Origin-AS validity WILL NOT affect bestpath selection globally'
	assert_line '  Origin-AS validity signaling towards iBGP is DISABLED globally'
	assert_line 'RPKI database'
	# two from the cache and the static one; one IPv6
	assert_line '  Total IPv4 net/path: 3/3'
	assert_line '  Total IPv6 net/path: 1/1'
}

@test "show bgp rpki server summary: one line per cache" {
	run xr_rpki 'show bgp rpki server summary'
	assert_success
	assert_line --regexp '^Hostname/Address +Transport +State +Time +ROAs \(IPv4/IPv6\)$'
	assert_line --regexp "^127\.0\.0\.1 +TCP:$PORT +ESTAB +[0-9:dhwy]+ +2/1$"
}

@test "show bgp rpki server ADDR: the session in detail; unknown server" {
	run xr_rpki 'show bgp rpki server 127.0.0.1' \
	    'show bgp rpki server 127.0.0.9'
	assert_failure
	assert_line 'RPKI Cache-Server 127.0.0.1'
	assert_line "  Transport: TCP port $PORT"
	assert_line '  Connect state: ESTAB'
	assert_line '  Protocol version: 1'
	assert_line --regexp '^  Serial number: [0-9]+$'
	assert_line --regexp '^  Cache nonce: 0x[0-9A-F]{4}$'
	assert_line '  Refresh  time: 30 seconds'
	assert_line '  Response time: 600 seconds'
	assert_line '  Purge time: 60 seconds'
	assert_line '  ROAs: 2 IPv4, 1 IPv6'
	assert_line --partial '% No such RPKI server 127.0.0.9'
}

@test "show bgp rpki table: every VRP, by family, covering a prefix" {
	run xr_rpki 'show bgp rpki table' 'show bgp rpki table ipv6' \
	    'show bgp rpki table 198.51.100.128/25' \
	    'show bgp rpki table ipv6 192.0.2.0/24'
	assert_failure
	assert_line --regexp '^  Network +Maxlen +Origin-AS +Server$'
	assert_line --regexp '^  192\.0\.2\.0/24 +24 +65001 +127\.0\.0\.1$'
	assert_line --regexp '^  198\.51\.100\.0/22 +24 +65003 +127\.0\.0\.1$'
	assert_line --regexp '^  203\.0\.113\.0/24 +24 +65099 +static$'
	# 2001:db8::/32 once for the full table and once for ipv6
	[ "$(grep -c '^  2001:db8::/32 \+48 \+65002 \+127\.0\.0\.1$' <<<"$output")" -eq 2 ]
	# the covering one, once more
	[ "$(grep -c '^  198\.51\.100\.0/22 ' <<<"$output")" -eq 2 ]
	[ "$(grep -c '^  192\.0\.2\.0/24 ' <<<"$output")" -eq 1 ]
	assert_line --partial '% 192.0.2.0/24 is not an IPv6 prefix'
}

@test "| json of the RPKI shows" {
	run --separate-stderr xr_rpki 'show bgp rpki summary | json' \
	    'show bgp rpki server summary | json' \
	    'show bgp rpki server 127.0.0.1 | json' \
	    'show bgp rpki table | json'
	assert_success
	[ "${#lines[@]}" -eq 4 ]
	jq -e '.cache_servers_configured == 1 and .origin_as_validation and
	    (.bestpath_use_validity | not) and .ipv4_nets == 3 and
	    .ipv4_paths == 3 and .ipv6_paths == 1 and .static_roas == 1' \
	    <<<"${lines[0]}"
	jq -e --argjson p "$PORT" '.servers | length == 1 and
	    .[0].host == "127.0.0.1" and .[0].transport == "tcp" and
	    .[0].port == $p and .[0].state == "ESTAB" and
	    .[0].roas_ipv4 == 2 and .[0].roas_ipv6 == 1 and .[0].active' \
	    <<<"${lines[1]}"
	jq -e '.up and .protocol_version == 1 and (.session_id | type) ==
	    "number" and .refresh_time == 30 and .purge_time == 60 and
	    .last_error == null and .last_update_seconds >= 0' \
	    <<<"${lines[2]}"
	jq -e '.count == 4 and (.vrps | map(.prefix)) == ["192.0.2.0/24",
	    "198.51.100.0/22", "203.0.113.0/24", "2001:db8::/32"] and
	    .vrps[1].max_length == 24 and .vrps[1].origin_as == 65003 and
	    .vrps[2].servers == ["static"]' <<<"${lines[3]}"
}

@test "a rewritten ROA file reaches the table with the session up" {
	local f="$BATS_TEST_TMPDIR/script2" out="$BATS_TEST_TMPDIR/out2" pid

	cp "$BATS_TEST_TMPDIR/rpki.cfg" "$f"
	cat >>"$f" <<'EOF'
debug bgp wait rpki server 127.0.0.1 synced timeout 30
show bgp rpki table ipv4
debug bgp wait rpki roas 3 timeout 30
show bgp rpki table ipv4
show bgp rpki server summary
EOF
	timeout 60 "$XRSH" --config "$BATS_TEST_TMPDIR/running.cfg" \
	    --listen 127.0.0.1 --port "$BGPPORT" -f "$f" >"$out" 2>&1 &
	pid=$!
	# once the first table is out, 198.51.100.0/22 leaves the file:
	# xrsh's second wait needs the incremental update
	wait_in "$out" '198.51.100.0/22' 30
	write_vrps \
	    '{"prefix":"192.0.2.0/24","maxLength":24,"asn":"AS65001"}' \
	    '{"prefix":"2001:db8::/32","maxLength":48,"asn":"AS65002"}'
	local rc=0
	wait "$pid" || rc=$?
	run cat "$out"
	[ "$rc" -eq 0 ]
	[ "$(grep -c '^  198\.51\.100\.0/22 ' <<<"$output")" -eq 1 ]
	[ "$(grep -c '^  192\.0\.2\.0/24 ' <<<"$output")" -eq 2 ]
	assert_line --regexp "^127\.0\.0\.1 +TCP:$PORT +ESTAB +[0-9:dhwy]+ +1/1$"
}

@test "offline: the server is listed, never connected" {
	run timeout 60 "$XRSH" --config "$BATS_TEST_TMPDIR/running.cfg" \
	    --offline -f "$BATS_TEST_TMPDIR/rpki.cfg" -c \
	    'show bgp rpki server summary' -c 'show bgp rpki summary'
	assert_success
	assert_line --regexp "^127\.0\.0\.1 +TCP:$PORT +NONE +[0-9:dhwy]+ +0/0$"
	assert_line '  Total IPv4 net/path: 1/1'
}

@test "commits: static ROAs follow the configuration, a removed server's ROAs leave" {
	run xr_rpki 'configure' 'router bgp 65000' \
	    'no rpki route 203.0.113.0/24 max 24 origin 65099' \
	    'rpki route 203.0.113.0/24 max 25 origin 65098' 'commit' 'end' \
	    'show bgp rpki table ipv4 203.0.113.0/25' \
	    'configure' 'router bgp 65000' 'no rpki server 127.0.0.1' \
	    'commit' 'end' \
	    'show bgp rpki summary' 'show bgp rpki server summary'
	assert_success
	assert_line --regexp '^  203\.0\.113\.0/24 +25 +65098 +static$'
	refute_line --regexp '^  203\.0\.113\.0/24 +24 +65099 '
	assert_line 'RPKI cache-servers configured: 0'
	assert_line '  Total IPv4 net/path: 1/1'
	assert_line '  Total IPv6 net/path: 0/0'
	refute_line --regexp '^127\.0\.0\.1 '
}

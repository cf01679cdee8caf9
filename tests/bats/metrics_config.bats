#!/usr/bin/env bats
# The `metrics` section (issue 14; xrsh's own, XR has none): listen lines
# render in canonical order after router bgp and round-trip through the
# saved file and a paste; `no` removes a line, an address's lines or the
# section; `?` names every keyword; a bad port or address is refused on
# the line with nothing half-applied; commit checks (too many listeners,
# a port taken by the wildcard) refuse the whole commit.  Offline (the
# engine serves nothing), then one live case on loopback: a port already
# in use is reported at commit, shown as "Bind failed", logged, and the
# commit stands; once the port is free a later commit binds it.  `show metrics exposition` renders without HTTP.

bats_require_minimum_version 1.5.0
load helpers

setup() {
	setup_xrsh_env
}

teardown() {
	exec 7>&- 2>/dev/null || true
	stop_pid "${HOLDER:-}"
	stop_pid "${XPID:-}"
}

CANON='router bgp 65000
 bgp router-id 192.0.2.1
!
metrics
 listen 127.0.0.1 port 9273
 listen 127.0.0.1 port 19273
 listen ::1 port 9273
!'

TYPED='configure
metrics
listen ::1 port 9273
listen 127.0.0.1 port 19273
listen 127.0.0.1 port 9273
listen 127.0.0.1 port 9273
exit
router bgp 65000
bgp router-id 192.0.2.1
commit
end
show running-config'

@test "metrics: typed lines render after router bgp in canonical order, and round-trip" {
	run --separate-stderr xr <<<"$TYPED"
	assert_success
	[ "$stderr" = "" ]
	assert_output --partial "$CANON"
	run --separate-stderr xr -c 'show running-config metrics'
	assert_success
	[ "$output" = 'metrics
 listen 127.0.0.1 port 9273
 listen 127.0.0.1 port 19273
 listen ::1 port 9273
!' ]
	# the saved file reads back the same, and pasting it changes nothing
	run --separate-stderr xr -c 'show running-config'
	assert_output --partial "$CANON"
	rm -f "$BATS_TEST_TMPDIR/running.cfg"
	printf 'configure\n%s\ncommit\nend\nshow running-config\n' \
	    "$CANON" >"$BATS_TEST_TMPDIR/paste"
	run --separate-stderr xr -f "$BATS_TEST_TMPDIR/paste"
	assert_success
	[ "$stderr" = "" ]
	assert_output --partial "$CANON"
	run --separate-stderr "$XRSH" --check "$BATS_TEST_TMPDIR/running.cfg"
	assert_success
}

@test "metrics: the sub-mode prompt and | json of the section" {
	run --separate-stderr xr --echo <<'EOF'
configure
metrics
listen 127.0.0.1 port 9273
commit
end
show running-config metrics | json
EOF
	assert_success
	assert_line 'RP/0/RP0/CPU0:ios(config-metrics)#listen 127.0.0.1 port 9273'
	assert_line '{"config":[{"line":"metrics","children":[{"line":"listen 127.0.0.1 port 9273"}]}]}'
}

@test "metrics: no removes a line, every port of an address, the section" {
	run --separate-stderr xr <<<"$TYPED"
	assert_success
	run --separate-stderr xr <<'EOF'
configure
metrics
no listen 127.0.0.1 port 19273
commit
end
show running-config metrics
configure
metrics
no listen 127.0.0.1
commit
end
show running-config metrics
configure
no metrics
commit
end
show running-config
EOF
	assert_success
	[ "$stderr" = "" ]
	assert_output --partial 'metrics
 listen 127.0.0.1 port 9273
 listen ::1 port 9273
!
metrics
 listen ::1 port 9273
!'
	[ "$(grep -c '^metrics$' <<<"$output")" -eq 2 ]
	# an empty section stays as typed
	run --separate-stderr xr <<'EOF'
configure
metrics
commit
end
show running-config metrics
EOF
	[ "$output" = 'metrics
!' ]
}

@test "metrics: ? help names every keyword" {
	run --separate-stderr xr <<'EOF'
configure
describe metrics
metrics
describe listen 
describe listen 127.0.0.1 
describe listen 127.0.0.1 port 
abort
EOF
	assert_success
	assert_line '  metrics  Prometheus/OpenMetrics HTTP endpoint configuration'
	assert_line '  A.B.C.D   Local address to listen on'
	assert_line '  X:X::X:X  Local address to listen on'
	assert_line '  port  TCP port to listen on'
	assert_line '  <1-65535>  Port number (Prometheus exporters use 9273 and up)'
	run --separate-stderr "$XRSH" --check-grammar
	assert_success
}

@test "metrics: a bad port or address is refused on the line; nothing half-applied" {
	run --separate-stderr xr --continue <<'EOF'
configure
metrics
listen 127.0.0.1 port 9273
listen 127.0.0.1 port 0
listen 127.0.0.1 port 65536
listen 127.0.0.256 port 9273
listen 224.0.0.1 port 9273
listen ff02::1 port 9273
listen 127.0.0.1
listen 127.0.0.1 port
show configuration
EOF
	[ "$status" -ne 0 ]
	[ "$(grep -c "% Invalid input detected at '^' marker." <<<"$stderr")" -eq 3 ]
	assert_equal "$(grep -A1 -F ': listen 127.0.0.1 port 0' <<<"$stderr" | tail -n 1 | sed 's/^[^:]*:[0-9]*: //')" "$(printf '%22s^' '')"
	[[ "$stderr" == *"% Invalid listen address '224.0.0.1': a unicast address is required"* ]]
	[[ "$stderr" == *"% Invalid listen address 'ff02::1': a unicast address is required"* ]]
	[ "$(grep -c "% Incomplete command" <<<"$stderr")" -eq 2 ]
	[ "$output" = 'Building configuration...
!! IOS XR Configuration 24.3.1
metrics
 listen 127.0.0.1 port 9273
!
end' ]
}

@test "metrics: too many listeners and a port taken by the wildcard refuse the commit" {
	run --separate-stderr xr --continue <<'EOF'
configure
metrics
listen 127.0.0.1 port 9273
listen 0.0.0.0 port 9273
listen 127.0.0.2 port 9
listen 127.0.0.3 port 9
listen 127.0.0.4 port 9
listen 127.0.0.5 port 9
listen 127.0.0.6 port 9
listen 127.0.0.7 port 9
listen 127.0.0.8 port 9
commit
show configuration failed
abort
show running-config
EOF
	[ "$status" -ne 0 ]
	local w="!!% 'metrics' detected the 'warning' condition '"
	[[ "$stderr" == *"${w}At most 8 listen addresses may be configured (9 given)'"* ]]
	[[ "$stderr" == *"${w}Port 9273 is already listened on by every address of the family'"* ]]
	assert_output --partial "metrics
 listen 127.0.0.1 port 9273
${w}Port 9273 is already listened on by every address of the family'"
	refute_output --partial 'listen 127.0.0.2'
	run --separate-stderr xr -c 'show running-config'
	refute_output --partial 'metrics'
}

@test "metrics: offline nothing is served; show metrics says so" {
	run --separate-stderr xr <<'EOF'
show metrics
configure
metrics
listen 127.0.0.1 port 9273
commit
end
show metrics
show metrics | json
EOF
	assert_success
	assert_line 'No metrics listener is configured'
	assert_line --regexp '^127\.0\.0\.1 +9273  Offline +0  never +0$'
	assert_line '  Offline: the engine runs offline'
	assert_line --partial '"state":"Offline","error":"the engine runs offline","scrapes":0'
}

@test "metrics: show metrics exposition renders the families without HTTP" {
	cat >"$BATS_TEST_TMPDIR/running.cfg" <<'EOF'
router bgp 65000
 bgp router-id 192.0.2.1
 address-family ipv4 unicast
  network 192.0.2.0/24
 !
 neighbor 192.0.2.2
  remote-as 65002
  address-family ipv4 unicast
  !
 !
!
EOF
	run --separate-stderr xr -c 'show metrics exposition'
	assert_success
	assert_line '# TYPE xrsh_build_info gauge'
	assert_line 'xrsh_bgp_info{vrf="default",local_as="65000",router_id="192.0.2.1"} 1'
	assert_line 'xrsh_bgp_neighbor_state{vrf="default",neighbor="192.0.2.2",remote_as="65002",state="idle"} 1'
	assert_line 'xrsh_bgp_neighbor_state_code{vrf="default",neighbor="192.0.2.2",remote_as="65002"} 1'
	assert_line '# TYPE xrsh_bgp_neighbor_messages_received_total counter'
	assert_line 'xrsh_bgp_locrib_prefixes{vrf="default",afi="ipv4",safi="unicast"} 1'
	assert_line 'xrsh_bgp_neighbor_prefixes_accepted{vrf="default",neighbor="192.0.2.2",remote_as="65002",afi="ipv4",safi="unicast"} 0'
	refute_line --partial '# EOF'
	if command -v promtool >/dev/null; then
		run promtool check metrics <<<"$output"
		assert_success
		assert_output ''
	fi
	run --separate-stderr xr -c 'show metrics exposition openmetrics'
	assert_success
	assert_line '# TYPE xrsh_bgp_neighbor_messages_received counter'
	assert_line --regexp '^xrsh_bgp_neighbor_messages_received_total\{.*type="update"\} 0$'
	[ "${lines[-1]}" = '# EOF' ]
}

@test "metrics: a port in use is reported at commit, shown and logged; the commit stands; a later commit retries" {
	local port out="$BATS_TEST_TMPDIR/xrsh.out"
	port=$(free_port 40000 5000)
	# something else holds the port on 127.0.0.1
	python3 -c 'import socket,sys,time
s = socket.socket(); s.bind(("127.0.0.1", int(sys.argv[1]))); s.listen(1)
print("ready", flush=True); time.sleep(60)' "$port" >"$BATS_TEST_TMPDIR/holder" &
	HOLDER=$!
	wait_in "$BATS_TEST_TMPDIR/holder" ready
	# commands through a FIFO: xrsh serves its loop between them
	mkfifo "$BATS_TEST_TMPDIR/in"
	timeout -k 5 60 "$XRSH" --config "$BATS_TEST_TMPDIR/running.cfg" \
	    --port "$(free_port 45000 5000)" --listen 127.0.0.1 \
	    <"$BATS_TEST_TMPDIR/in" >"$out" 2>&1 &
	XPID=$!
	exec 7>"$BATS_TEST_TMPDIR/in"
	printf '%s\n' configure metrics "listen 127.0.0.1 port $port" \
	    "listen 10.0.0.1 port $port" commit end 'show metrics' \
	    'show logging | include Metrics' 'show running-config metrics' >&7
	wait_in "$out" "listen 127.0.0.1 port $port"
	run cat "$out"
	assert_line "Metrics listener 127.0.0.1 port $port: bind failed (Address already in use)"
	assert_line --regexp "^127\.0\.0\.1 +$port  Bind failed +0  never +0\$"
	assert_line '  Bind failed: Address already in use'
	assert_line --regexp "^10\.0\.0\.1 +$port  Refused +0  never +0\$"
	assert_line --regexp "Metrics listener 127\.0\.0\.1 port $port: bind failed \(Address already in use\)\$"
	assert_output --partial "metrics
 listen 10.0.0.1 port $port
 listen 127.0.0.1 port $port
!"
	# the port is free again: the next commit binds it, and it serves
	stop_pid "$HOLDER"
	HOLDER=
	printf '%s\n' configure 'hostname R2' commit end 'show metrics' >&7
	wait_re "$out" "^127\.0\.0\.1 +$port  Listening"
	run python3 -c 'import sys, urllib.request
print(urllib.request.urlopen(sys.argv[1], timeout=5).status)' "http://127.0.0.1:$port/metrics"
	assert_output 200
	exec 7>&-
	wait "$XPID"
	XPID=
	run cat "$out"
	# the refused one is not tried (nor reported) again
	[ "$(grep -c "10.0.0.1 port $port: refused" <<<"$output")" -eq 1 ]
}

#!/usr/bin/env bats
# RPKI route origin validation (issue 12) end to end: stayrtr (Debian's
# RTR cache) serves a JSON ROA file the test writes; a BIRD 2 upstream
# originates one valid, one invalid (wrong origin), one invalid (too
# specific) and one not-found prefix; a BIRD downstream shows what xrsh
# advertises.  Checked: `show bgp` marks each path, `if validation-state
# is invalid then drop` drops the invalids, a rewritten ROA file (stayrtr
# reloads it and notifies) moves routes in and out at the downstream
# within seconds with the sessions still up, a dead server fails over to
# the next by preference, and purge-time expiry returns paths to
# not-found.
#
# NETWORK SAFETY: every address is 127.0.7.x (lib.bash and xrsh_launch
# refuse anything else; stayrtr binds 127.0.7.x); XRSH_LOOPBACK_ONLY=1.

bats_require_minimum_version 1.5.0

load '/usr/lib/bats/bats-support/load'
load '/usr/lib/bats/bats-assert/load'
load lib
load xrsh_lib
load routing_lib

XI_MODE=script
RT_BASE=19100

setup() {
	xi_setup
	RPKI_PIDS=()
}

teardown() {
	local p
	for p in "${RPKI_PIDS[@]}"; do
		kill "$p" 2>/dev/null || true
	done
	for p in "${RPKI_PIDS[@]}"; do
		wait "$p" 2>/dev/null || true
	done
	xi_teardown
}

# roa_file FILE "PREFIX MAXLEN ASN"...: a VRP file in rpki-client's JSON
# format, written atomically (stayrtr may read it at any moment)
roa_file() {
	local f=$1 sep='' p m a
	shift
	{
		printf '{"metadata":{"generated":%s,"counts":%s},"roas":[' \
			"$(date +%s)" "$#"
		for v in "$@"; do
			read -r p m a <<<"$v"
			printf '%s{"prefix":"%s","maxLength":%s,"asn":"AS%s","ta":"test"}' \
				"$sep" "$p" "$m" "$a"
			sep=,
		done
		printf ']}\n'
	} >"$f.tmp" && mv "$f.tmp" "$f"
}

# stayrtr_start NAME ADDR PORT METRICS_PORT FILE: an RTR cache on
# loopback, re-reading FILE every second
stayrtr_start() {
	local name=$1 addr=$2 port=$3 mport=$4 file=$5
	interop_require_loopback "$addr" || return 1
	stayrtr -bind "$addr:$port" -cache "$file" -checktime=false \
		-refresh 1 -metrics.addr "$addr:$mport" -loglevel info \
		>"$INTEROP_TMP/$name.log" 2>&1 &
	RPKI_PIDS+=("$!")
	eval "RPKI_PID_$name=$!"
	wait_for 10 interop_port_listening "$addr" "$port"
}

interop_port_listening() {
	ss -Htln "src $1 sport = :$2" | grep -q .
}

# code_of NAME PREFIX: the validation code xrsh prints for PREFIX's
# first path in `show bgp` (V, I, N or D)
code_of() {
	xr_cmd "$1" 'show bgp' | awk -v p="$2" '
		{
			for (i = 1; i <= NF && i <= 2; i++) {
				t = $i
				sub(/^[VINDsdhSr*>i ]+/, "", t)
				if ($i == p || t == p) { print substr($0, 1, 1); exit }
			}
		}'
}

code_is() {
	[ "$(code_of "$1" "$2")" = "$3" ]
}

validity_is() {
	xr_cmd "$1" "show bgp $2" | grep -q "Origin-AS validity: $3\$"
}

@test "stayrtr + BIRD: show bgp marks valid, invalid (origin), invalid (length), not-found; a policy drops the invalids; ROA file rewrites move routes at the downstream with sessions up" {
	rt_require stayrtr
	local P
	P=$(xi_reserve_ports "$RT_BASE")
	roa_file "$INTEROP_TMP/roas.json" \
		"10.71.0.0/16 16 65001" "10.72.0.0/16 16 65099" \
		"10.73.0.0/16 16 65001"
	stayrtr_start a 127.0.7.10 "$((P + 1))" "$((P + 3))" "$INTEROP_TMP/roas.json"
	cat >"$INTEROP_TMP/x.cfg" <<-EOF2
	route-policy PASS
	  pass
	end-policy
	!
	route-policy ROV-IN
	  if validation-state is invalid then
	    drop
	  endif
	  pass
	end-policy
	!
	router bgp 65000
	 bgp router-id 10.255.7.254
	 rpki server 127.0.7.10
	  transport tcp port $((P + 1))
	  refresh-time 15
	 !
	 address-family ipv4 unicast
	  bgp origin-as validation enable
	 !
	 neighbor 127.0.7.1
	  remote-as 65001
	  address-family ipv4 unicast
	   route-policy PASS in
	   route-policy PASS out
	  !
	 !
	 neighbor 127.0.7.2
	  remote-as 65002
	  address-family ipv4 unicast
	   route-policy PASS in
	   route-policy PASS out
	  !
	 !
	!
	EOF2
	printf '%s\n' "p 10.71.0.0/16" "p 10.72.0.0/16" "p 10.73.1.0/24" \
		"p 10.74.0.0/16" | rt_bird e1 LOCAL_ADDR=127.0.7.1 \
		LOCAL_PORT="$P" LOCAL_AS=65001 PEER_ADDR=127.0.7.254 \
		PEER_PORT="$P" PEER_AS=65000
	echo "" | rt_bird d1 LOCAL_ADDR=127.0.7.2 LOCAL_PORT="$P" \
		LOCAL_AS=65002 PEER_ADDR=127.0.7.254 PEER_PORT="$P" PEER_AS=65000
	rt_xrsh x "$P" 127.0.7.254 "$INTEROP_TMP/x.cfg"
	rt_up x 20 127.0.7.1 127.0.7.2
	wait_for_all Established 5 e1 d1
	rt_wait_xr x 15 'show bgp rpki server summary' '^127\.0\.7\.10 .*ESTAB'

	# the four states, in the table and in the path detail
	wait_for 10 code_is x 10.71.0.0/16 V
	wait_for 10 code_is x 10.72.0.0/16 I
	wait_for 10 code_is x 10.73.1.0/24 I
	wait_for 10 code_is x 10.74.0.0/16 N
	validity_is x 10.71.0.0/16 valid
	validity_is x 10.72.0.0/16 invalid
	validity_is x 10.73.1.0/24 invalid
	validity_is x 10.74.0.0/16 not-found
	run xr_cmd x 'show bgp rpki table'
	assert_output --regexp '10\.72\.0\.0/16 +16 +65099 +127\.0\.7\.10'
	rt_has_all d1 10.71.0.0/16 10.72.0.0/16 10.73.1.0/24 10.74.0.0/16

	# the drop policy: the invalids leave the downstream, no reset
	run xr_config x <<-'EOF2'
	router bgp 65000
	neighbor 127.0.7.1
	address-family ipv4 unicast
	route-policy ROV-IN in
	EOF2
	assert_success
	wait_for 10 rt_lacks d1 10.72.0.0/16
	wait_for 10 rt_lacks d1 10.73.1.0/24
	rt_has_all d1 10.71.0.0/16 10.74.0.0/16

	# the ROA file changes: 10.72 becomes valid (advertised), 10.71
	# invalid (withdrawn), 10.73.1.0/24 valid by a longer maxLength
	roa_file "$INTEROP_TMP/roas.json" \
		"10.71.0.0/16 16 65099" "10.72.0.0/16 16 65001" \
		"10.73.0.0/16 24 65001"
	wait_for 15 rt_has d1 10.72.0.0/16
	wait_for 15 rt_has d1 10.73.1.0/24
	wait_for 15 rt_lacks d1 10.71.0.0/16
	rt_has d1 10.74.0.0/16
	wait_for 5 code_is x 10.72.0.0/16 V
	# the sessions never went down
	assert_equal "$(bird_state e1)" Established
	assert_equal "$(bird_state d1)" Established
	run xr_cmd x 'show bgp neighbors 127.0.7.1'
	assert_line --regexp '^  Connections established 1; dropped 0$'
}

@test "two RTR servers: the preferred one dies, the next by preference takes over; both gone, purge-time returns the paths to not-found" {
	rt_require stayrtr
	local P
	P=$(xi_reserve_ports "$((RT_BASE + 50))")
	roa_file "$INTEROP_TMP/roas.json" "10.75.0.0/16 16 65001" \
		"10.76.0.0/16 16 65099"
	stayrtr_start a 127.0.7.10 "$((P + 1))" "$((P + 3))" "$INTEROP_TMP/roas.json"
	stayrtr_start b 127.0.7.11 "$((P + 2))" "$((P + 4))" "$INTEROP_TMP/roas.json"
	cat >"$INTEROP_TMP/x.cfg" <<-EOF2
	route-policy PASS
	  pass
	end-policy
	!
	router bgp 65000
	 bgp router-id 10.255.7.254
	 rpki server 127.0.7.10
	  transport tcp port $((P + 1))
	  preference 1
	  purge-time 30
	 !
	 rpki server 127.0.7.11
	  transport tcp port $((P + 2))
	  preference 2
	  purge-time 30
	 !
	 address-family ipv4 unicast
	  bgp origin-as validation enable
	 !
	 neighbor 127.0.7.1
	  remote-as 65001
	  address-family ipv4 unicast
	   route-policy PASS in
	  !
	 !
	!
	EOF2
	printf '%s\n' "p 10.75.0.0/16" "p 10.76.0.0/16" | rt_bird e1 \
		LOCAL_ADDR=127.0.7.1 LOCAL_PORT="$P" LOCAL_AS=65001 \
		PEER_ADDR=127.0.7.254 PEER_PORT="$P" PEER_AS=65000
	rt_xrsh x "$P" 127.0.7.254 "$INTEROP_TMP/x.cfg"
	rt_up x 20 127.0.7.1
	rt_wait_xr x 15 'show bgp rpki server summary' '^127\.0\.7\.10 .*ESTAB'
	wait_for 10 code_is x 10.75.0.0/16 V
	wait_for 10 code_is x 10.76.0.0/16 I

	# the preferred server dies: the other one serves
	kill "$RPKI_PID_a"
	rt_wait_xr x 30 'show bgp rpki server summary' '^127\.0\.7\.11 .*ESTAB'
	code_is x 10.75.0.0/16 V
	code_is x 10.76.0.0/16 I

	# both gone: after purge-time (30 s) nothing covers the prefixes
	kill "$RPKI_PID_b"
	wait_for 60 code_is x 10.75.0.0/16 N
	wait_for 5 code_is x 10.76.0.0/16 N
	run xr_cmd x 'show bgp rpki table'
	refute_output --partial '10.75.0.0/16'
	assert_equal "$(bird_state e1)" Established
}

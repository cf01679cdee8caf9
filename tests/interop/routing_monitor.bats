#!/usr/bin/env bats
# The routing monitor (issue 13) against real BGP speakers: BIRD 2 peers
# whose routes are static protocols switched on and off with birdc, so
# every announcement and withdrawal xrsh sees is a real UPDATE from a
# real daemon.  xrsh is AS 64500 on 127.0.13.254; each test starts its
# own xrsh and BIRDs:
#   hijack       own 127.0.13.1 AS 65001 originates the protected
#                192.0.2.0/23 (prefix-set OWN, origin-as 65001); hij
#                127.0.13.2 AS 65066 starts originating it (ORIGIN_CHANGE
#                naming 65066 and the allowed, previous 65001), then
#                192.0.2.0/24 (SUBPREFIX_HIJACK); a ROUTE-REFRESH raises
#                nothing again; own withdraws: the history names both
#   leak         cust 127.0.13.3 AS 65010 (customer), peer 127.0.13.4 AS
#                65030 (peer); clean paths first, then a customer path
#                through our provider 65020 and a peer's route learned
#                from its peer 65031 (relationship file) -> ROUTE_LEAK;
#                a path of 22 ASes (BIRD prepends) -> LONG_PATH
#   dampening    fl 127.0.13.5 AS 65002 flaps 10.13.0.0/16 three times
#                (disable/enable of its static protocol): PREFIX_FLAP,
#                suppressed (d), not advertised to dn 127.0.13.6 AS
#                65003 (its table checked with birdc), released when the
#                RFC 2439 decay of the penalty shown says (a session
#                reset by BIRD in between is no flap; the hidden
#                `debug bgp dampening advance` moves the dampening clock)
#   convergence  c1 127.0.13.7 AS 65004 sends 1,024 prefixes, c2 127.0.13.8
#                AS 65005 receives them; `clear bgp` and a BIRD restart
#                of the session: not converged, then converged, and the
#                event records name the neighbor with its 1,024 prefixes
#
# NETWORK SAFETY: every address is 127.0.13.x (lib.bash and xrsh_launch
# refuse anything else); XRSH_LOOPBACK_ONLY=1; BIRD has no kernel
# protocol, so its blackhole static routes are installed nowhere.

bats_require_minimum_version 1.5.0

load '/usr/lib/bats/bats-support/load'
load '/usr/lib/bats/bats-assert/load'
load lib
load xrsh_lib
load routing_lib

XI_MODE=script
RT_BASE=18900
BATS_TEST_TIMEOUT=${BATS_TEST_TIMEOUT:-90}

setup() { xi_setup; }
teardown() { xi_teardown; }

# mon_cfg FILE "ADDR AS"... <TEXT: xrsh's configuration into FILE: AS
# 64500 (`bgp dampening` on when MON_DAMP=yes), one eBGP neighbor with
# PASS in and out per argument, then TEXT (prefix-sets, bgp-monitor)
mon_cfg() {
	local f=$1 a as
	shift
	{
		printf 'route-policy PASS\n  pass\nend-policy\n!\n'
		printf 'router bgp 64500\n bgp router-id 10.255.13.254\n'
		printf ' address-family ipv4 unicast\n'
		[ "${MON_DAMP:-no}" = yes ] && printf '  bgp dampening\n'
		printf ' !\n'
		for a in "$@"; do
			as=${a#* }
			printf ' neighbor %s\n  remote-as %s\n' "${a% *}" "$as"
			printf '  address-family ipv4 unicast\n'
			printf '   route-policy PASS in\n   route-policy PASS out\n'
			printf '  !\n !\n'
		done
		printf '!\n'
		cat
	} >"$f"
}

# mon_bird NAME N AS GROUP-DISABLED... <ROUTES: rt_bird on 127.0.13.N
# (port $P) peering xrsh, then the static groups named after the routes
# switched off (before xrsh runs: nothing of them is ever sent)
mon_bird() {
	local name=$1 n=$2 as=$3 g
	shift 3
	rt_bird "$name" LOCAL_ADDR="127.0.13.$n" LOCAL_PORT="$P" LOCAL_AS="$as" \
		PEER_ADDR=127.0.13.254 PEER_PORT="$P" PEER_AS=64500 || return 1
	for g in "$@"; do
		birdc_cmd "$name" "disable s_$g" | grep -q 'disabled' ||
			{ echo "mon_bird: cannot disable s_$g on $name" >&2; return 1; }
	done
}

# mon_group NAME GROUP enable|disable: switch a static group of a BIRD
mon_group() {
	local out
	out=$(birdc_cmd "$1" "$3 s_$2") || return 1
	grep -qE "s_$2: (enabled|disabled|already)" <<<"$out" ||
		{ echo "mon_group: $1 $3 s_$2: $out" >&2; return 1; }
}

# mon_alerts NAME [FILTER]: `show bgp-monitor alerts [FILTER] | json`
mon_alerts() {
	xr_cmd "$1" "show bgp-monitor alerts ${2:-}| json"
}

# mon_alert_count NAME KIND: alerts of KIND (origin-change, sub-prefix,
# leak, long-path, flap) in the buffer
mon_alert_count() {
	mon_alerts "$1" "kind $2 " | jq '.alerts | length'
}

mon_alerts_are() {
	[ "$(mon_alert_count "$1" "$2")" = "$3" ]
}

# mon_wait_alerts NAME KIND N [TIMEOUT=10]
mon_wait_alerts() {
	if wait_for "${4:-10}" mon_alerts_are "$1" "$2" "$3" 2>/dev/null; then
		return 0
	fi
	echo "mon_wait_alerts: wanted $3 $2 alerts; xrsh has:" >&2
	mon_alerts "$1" >&2
	return 1
}

# mon_has_path NAME PREFIX ADDR: xrsh holds a path for PREFIX from ADDR
mon_has_path() {
	xr_cmd "$1" "show bgp $2" 2>/dev/null | rt_paths_of | grep -q "^$3 "
}

mon_lacks_path() {
	! mon_has_path "$@"
}

# mon_nbr_is NAME ADDR JQ VALUE: jq -c JQ on the neighbor's `show bgp
# neighbors ADDR | json` object is VALUE
mon_nbr_is() {
	[ "$(xr_json "$1" "$2" | jq -c "$3")" = "$4" ]
}

# mon_logging NAME: the %ROUTING-BGP-4- lines of `show logging` (read
# from xrsh's stdout: xr_run drops lines shaped like log lines)
mon_logging() {
	local out=$INTEROP_TMP/$1/out n
	n=$(wc -l <"$out")
	xr_cmd "$1" 'show logging | include ROUTING-BGP-4-' >/dev/null || return 1
	tail -n +"$((n + 1))" "$out" | grep -E ': bgp\[[0-9]+\]: %ROUTING-BGP-4-' || true
}

# mon_console NAME: the alerts on xrsh's console (script mode: stderr)
mon_console() {
	xr_log "$1" | grep -E '^%ROUTING-BGP-4-' || true
}

@test "monitor: a BIRD peer originates protected space (ORIGIN_CHANGE naming both origins), then a more-specific (SUBPREFIX_HIJACK)" {
	rt_require
	local P j u0
	P=$(xi_reserve_ports "$RT_BASE")
	mon_cfg "$INTEROP_TMP/x.cfg" "127.0.13.1 65001" "127.0.13.2 65066" <<-'EOF'
		prefix-set OWN
		  192.0.2.0/23 le 28
		end-set
		!
		bgp-monitor
		 protected prefix-set OWN origin-as 65001
		!
	EOF
	mon_bird own 1 65001 ownmore <<-'EOF'
		own 192.0.2.0/23
		base 10.13.1.0/24
		ownmore 192.0.2.128/25
	EOF
	mon_bird hij 2 65066 agg more <<-'EOF'
		base 10.13.66.0/24
		agg 192.0.2.0/23
		more 192.0.2.0/24
	EOF
	rt_xrsh x "$P" 127.0.13.254 "$INTEROP_TMP/x.cfg"
	rt_up x 20 127.0.13.1 127.0.13.2
	wait_for 10 mon_has_path x 192.0.2.0/23 127.0.13.1
	wait_for 10 mon_has_path x 10.13.66.0/24 127.0.13.2
	# the allowed origin raised nothing
	run mon_alerts x
	assert_success
	assert_equal "$(jq '.alerts | length' <<<"$output")" 0

	# --- hij starts originating the /23 from AS 65066
	mon_group hij agg enable
	wait_for 10 mon_has_path x 192.0.2.0/23 127.0.13.2
	mon_wait_alerts x origin-change 1
	j=$(mon_alerts x 'kind origin-change ')
	run jq -r '.alerts[0] | [.tag, .prefix, .neighbor, .origin_as, .previous_origin_as] | @tsv' <<<"$j"
	assert_output "$(printf 'ORIGIN_CHANGE\t192.0.2.0/23\t127.0.13.2\t65066\t65001')"
	run jq -r '.alerts[0].text' <<<"$j"
	assert_output 'prefix 192.0.2.0/23 origin AS 65066 is not an allowed origin (prefix-set OWN allows AS 65001, previously AS 65001) (neighbor 127.0.13.2, path 65066)'
	# the log line, XR style, and the origin history names both
	run mon_logging x
	assert_success
	assert_line --regexp '^RP/0/RP0/CPU0:[A-Z][a-z]{2} [ 0-9]{2} [0-9:.]+ UTC: bgp\[[0-9]+\]: %ROUTING-BGP-4-ORIGIN_CHANGE : prefix 192\.0\.2\.0/23 origin AS 65066 is not an allowed origin \(prefix-set OWN allows AS 65001, previously AS 65001\) \(neighbor 127\.0\.13\.2, path 65066\)$'
	run mon_console x
	assert_line '%ROUTING-BGP-4-ORIGIN_CHANGE : prefix 192.0.2.0/23 origin AS 65066 is not an allowed origin (prefix-set OWN allows AS 65001, previously AS 65001) (neighbor 127.0.13.2, path 65066)'
	# the origin history follows the best path: still own's
	run xr_cmd x 'show bgp-monitor origin-history prefix 192.0.2.0/23 | json'
	assert_success
	assert_equal "$(jq -c '[.origins[] | [.origin_as, .current, .neighbor]]' <<<"$output")" \
		'[[65001,true,"127.0.13.1"]]'
	assert_equal "$(mon_alert_count x sub-prefix)" 0

	# --- a more-specific from the allowed origin: nothing
	mon_group own ownmore enable
	wait_for 10 mon_has_path x 192.0.2.128/25 127.0.13.1
	assert_equal "$(mon_alert_count x sub-prefix)" 0

	# --- then a more-specific of the protected space from AS 65066
	mon_group hij more enable
	wait_for 10 mon_has_path x 192.0.2.0/24 127.0.13.2
	mon_wait_alerts x sub-prefix 1
	j=$(mon_alerts x 'kind sub-prefix ')
	run jq -r '.alerts[0] | [.tag, .prefix, .neighbor, .origin_as] | @tsv' <<<"$j"
	assert_output "$(printf 'SUBPREFIX_HIJACK\t192.0.2.0/24\t127.0.13.2\t65066')"
	run jq -r '.alerts[0].text' <<<"$j"
	assert_output 'prefix 192.0.2.0/24 is a more-specific of protected 192.0.2.0/23 (prefix-set OWN allows AS 65001) with origin AS 65066 (neighbor 127.0.13.2, path 65066)'
	run mon_logging x
	assert_success
	assert_line --regexp 'bgp\[[0-9]+\]: %ROUTING-BGP-4-SUBPREFIX_HIJACK : prefix 192\.0\.2\.0/24 is a more-specific of protected 192\.0\.2\.0/23 '
	# one alert each: nothing else was raised (not the legitimate /23,
	# not 10.13.66.0/24 outside the protected space)
	run mon_alerts x
	assert_equal "$(jq -c '[.alerts[].tag] | sort' <<<"$output")" '["ORIGIN_CHANGE","SUBPREFIX_HIJACK"]'
	# a ROUTE-REFRESH: BIRD sends the same paths again between the
	# markers of an enhanced route refresh (RFC 7313: BoRR ... EoRR),
	# nothing new to report (no second alert for a path the neighbor had)
	u0=$(xr_json x 127.0.13.2 | jq .message_stats.update.received)
	xr_cmd x 'clear bgp 127.0.13.2 soft in' >/dev/null
	wait_for 10 mon_nbr_is x 127.0.13.2 .message_stats.route_refresh.received 2
	xr_cmd x 'debug bgp wait converged timeout 10' >/dev/null
	run jq -c '[.message_stats.route_refresh.sent, .message_stats.update.received > '"$u0"', .connections_established]' < <(xr_json x 127.0.13.2)
	assert_output '[1,true,1]'
	run mon_alerts x
	assert_equal "$(jq -c '[.alerts[].tag] | sort' <<<"$output")" '["ORIGIN_CHANGE","SUBPREFIX_HIJACK"]'
	# xrsh passed the hijack on (it monitors, it does not filter): own
	# has both from AS 65066
	rt_wait_has own 10 192.0.2.0/24
	assert_equal "$(rt_attr own 192.0.2.0/24 as_path)" '64500 65066'

	# --- own withdraws the /23: the hijacker's path becomes best, the
	# origin history names both origins, and no second alert is raised
	# for what the receive side reported already
	mon_group own own disable
	wait_for 10 mon_lacks_path x 192.0.2.0/23 127.0.13.1
	run xr_cmd x 'show bgp-monitor origin-history prefix 192.0.2.0/23 | json'
	assert_success
	assert_equal "$(jq -c '[.origins[] | [.origin_as, .current, .neighbor]]' <<<"$output")" \
		'[[65066,true,"127.0.13.2"],[65001,false,"127.0.13.1"]]'
	run xr_cmd x 'show bgp-monitor origin-history prefix 192.0.2.0/23'
	assert_line --regexp '^65066 +1 +.* 127\.0\.13\.2 \(current\)$'
	assert_line --regexp '^65001 +1 +.* 127\.0\.13\.1$'
	run mon_alerts x
	assert_equal "$(jq -c '[.alerts[].tag] | sort' <<<"$output")" '["ORIGIN_CHANGE","SUBPREFIX_HIJACK"]'
}

@test "monitor: BIRD peers send valley paths under the configured relationships (ROUTE_LEAK) and a prepended long path (LONG_PATH); valley-free paths raise nothing" {
	rt_require
	local P j
	P=$(xi_reserve_ports "$RT_BASE")
	# CAIDA as-rel: 65030 and 65031 are peers, 65030 is 65033's provider,
	# 65031 is 65032's provider
	printf '# as-rel\n65030|65031|0\n65030|65033|-1\n65031|65032|-1\n' \
		>"$INTEROP_TMP/as-rel.txt"
	mon_cfg "$INTEROP_TMP/x.cfg" "127.0.13.3 65010" "127.0.13.4 65030" <<-EOF
		bgp-monitor
		 relationship 65010 customer
		 relationship 65020 provider
		 relationship 65030 peer
		 relationship file $INTEROP_TMP/as-rel.txt
		!
	EOF
	# BIRD prepends its own AS on export: the paths xrsh gets are
	#   10.13.10.0/24 65010 65011          (our customer's customer)
	#   10.13.20.0/24 65010 65020 65099    (through our provider: a leak)
	#   10.13.30.0/24 65030 65033          (our peer's customer)
	#   10.13.40.0/24 65030 65031 65032    (our peer's peer's: a valley)
	mon_bird cust 3 65010 leak <<-'EOF'
		clean 10.13.10.0/24 bgp_path.prepend(65011);
		leak 10.13.20.0/24 bgp_path.prepend(65099); bgp_path.prepend(65020);
	EOF
	mon_bird peer 4 65030 leak long <<-EOF
		clean 10.13.30.0/24 bgp_path.prepend(65033);
		leak 10.13.40.0/24 bgp_path.prepend(65032); bgp_path.prepend(65031);
		long 10.13.50.0/24 bgp_path.prepend(65040); $(printf 'bgp_path.prepend(65030); %.0s' {1..20})
	EOF
	rt_xrsh x "$P" 127.0.13.254 "$INTEROP_TMP/x.cfg"
	rt_up x 20 127.0.13.3 127.0.13.4
	wait_for 10 mon_has_path x 10.13.10.0/24 127.0.13.3
	wait_for 10 mon_has_path x 10.13.30.0/24 127.0.13.4
	run xr_cmd x 'show bgp-monitor | json'
	assert_success
	assert_equal "$(jq -c '[.relationship_pairs, (.relationships | map([.asn, .relationship]))]' <<<"$output")" \
		'[6,[[65010,"customer"],[65020,"provider"],[65030,"peer"]]]'
	# valley-free: nothing
	assert_equal "$(mon_alert_count x leak)" 0

	# --- the customer sends a route through our provider
	mon_group cust leak enable
	wait_for 10 mon_has_path x 10.13.20.0/24 127.0.13.3
	mon_wait_alerts x leak 1
	j=$(mon_alerts x 'kind leak ')
	run jq -r '.alerts[0] | [.tag, .prefix, .neighbor, .origin_as] | @tsv' <<<"$j"
	assert_output "$(printf 'ROUTE_LEAK\t10.13.20.0/24\t127.0.13.3\t65099')"
	assert_equal "$(jq -r '.alerts[0].text' <<<"$j")" \
		'prefix 10.13.20.0/24 from customer AS 65010 passes through our provider AS 65020 (neighbor 127.0.13.3, path 65010 65020 65099)'

	# --- the peer passes on a route from its own peer
	mon_group peer leak enable
	wait_for 10 mon_has_path x 10.13.40.0/24 127.0.13.4
	mon_wait_alerts x leak 2
	j=$(mon_alerts x 'prefix 10.13.40.0/24 ')
	run jq -r '.alerts[0] | [.tag, .prefix, .neighbor, .origin_as] | @tsv' <<<"$j"
	assert_output "$(printf 'ROUTE_LEAK\t10.13.40.0/24\t127.0.13.4\t65032')"
	assert_equal "$(jq -r '.alerts[0].text' <<<"$j")" \
		'prefix 10.13.40.0/24: AS 65030 passed a route learned from its peer AS 65031 to its peer AS 64500 (neighbor 127.0.13.4, path 65030 65031 65032)'
	# the log lines, in show logging and on the console
	run mon_logging x
	assert_success
	assert_line --regexp '^RP/0/RP0/CPU0:[A-Z][a-z]{2} [ 0-9]{2} [0-9:.]+ UTC: bgp\[[0-9]+\]: %ROUTING-BGP-4-ROUTE_LEAK : prefix 10\.13\.20\.0/24 from customer AS 65010 passes through our provider AS 65020 '
	assert_line --regexp ': %ROUTING-BGP-4-ROUTE_LEAK : prefix 10\.13\.40\.0/24: AS 65030 passed a route learned from its peer AS 65031 '
	assert_equal "${#lines[@]}" 2
	run mon_console x
	assert_line --partial '%ROUTING-BGP-4-ROUTE_LEAK : prefix 10.13.40.0/24: '
	# the leaks and nothing else; the counters agree
	run mon_alerts x
	assert_equal "$(jq -c '[.alerts[] | [.tag, .prefix]] | sort' <<<"$output")" \
		'[["ROUTE_LEAK","10.13.20.0/24"],["ROUTE_LEAK","10.13.40.0/24"]]'
	run xr_cmd x 'show bgp-monitor | json'
	assert_equal "$(jq -c '[.alert_kinds[] | select(.kind == "leak") | .raised]' <<<"$output")" '[2]'

	# --- and a path longer than the threshold (20 by default): BIRD's
	# prepends are counted, no leak (65040 has no known relationship)
	mon_group peer long enable
	wait_for 10 mon_has_path x 10.13.50.0/24 127.0.13.4
	mon_wait_alerts x long-path 1
	j=$(mon_alerts x 'kind long-path ')
	assert_equal "$(jq -r '.alerts[0].text' <<<"$j")" \
		"prefix 10.13.50.0/24 AS path length 22 exceeds the threshold 20 (neighbor 127.0.13.4, path $(printf '65030 %.0s' {1..21})65040)"
	assert_equal "$(mon_alert_count x leak)" 2
}

# mon_flaps NAME PREFIX: the flap count of PREFIX's record (0 if none)
mon_flaps() {
	xr_cmd "$1" 'show bgp flap-statistics | json' |
		jq --arg p "$2" '[.paths[] | select(.prefix == $p) | .flaps] | add // 0'
}

mon_flaps_are() {
	[ "$(mon_flaps "$1" "$2")" = "$3" ]
}

# mon_calc EXPR: awk arithmetic (floating point), printed with %.3f
mon_calc() {
	awk "BEGIN { printf \"%.3f\\n\", $1 }"
}

@test "dampening: a BIRD peer flaps a prefix three times: PREFIX_FLAP, suppressed and not advertised to another BIRD, released when the RFC 2439 decay says" {
	rt_require
	local P i j pen hl reuse rin calc adv mark
	P=$(xi_reserve_ports "$RT_BASE")
	MON_DAMP=yes mon_cfg "$INTEROP_TMP/x.cfg" "127.0.13.5 65002" "127.0.13.6 65003" <<-'EOF'
		bgp-monitor
		 flap threshold 3 window 300
		!
	EOF
	mon_bird fl 5 65002 <<-'EOF'
		base 10.13.2.0/24
		flap 10.13.0.0/16
	EOF
	mon_bird dn 6 65003 <<-'EOF'
		dn 10.13.3.0/24
	EOF
	rt_xrsh x "$P" 127.0.13.254 "$INTEROP_TMP/x.cfg"
	rt_up x 20 127.0.13.5 127.0.13.6
	rt_wait_has dn 10 10.13.0.0/16 10.13.2.0/24

	# --- three flaps: BIRD withdraws the prefix (its static protocol
	# goes down) and announces it again; each step is waited for, so
	# xrsh sees every UPDATE
	for i in 1 2 3; do
		mon_group fl flap disable
		wait_for 10 mon_flaps_are x 10.13.0.0/16 "$i"
		# the withdrawal is passed on each time (the third one too: the
		# path is gone whether or not it is suppressed)
		wait_for 10 rt_lacks dn 10.13.0.0/16
		mark=$(rt_log_lines dn)
		mon_group fl flap enable
		wait_for 10 mon_has_path x 10.13.0.0/16 127.0.13.5
		if [ "$i" -lt 3 ]; then
			rt_wait_has dn 10 10.13.0.0/16
		fi
	done
	# the third withdrawal took the penalty over 2000: suppressed (d),
	# kept, not best, and not advertised again to dn
	rt_wait_xr x 10 'show bgp' '^d  10\.13\.0\.0/16 +127\.0\.13\.5 '
	run xr_cmd x 'show bgp'
	assert_line --regexp '^\*> 10\.13\.2\.0/24 +127\.0\.13\.5 '
	run xr_cmd x 'show bgp 10.13.0.0/16'
	assert_line '  65002, (suppressed due to dampening)'
	rt_log_quiet dn
	assert rt_lacks dn 10.13.0.0/16
	assert_equal "$(rt_log_count dn 10.13.0.0/16 "$mark")" 0
	assert rt_has dn 10.13.2.0/24
	run xr_cmd x 'show bgp neighbors 127.0.13.6 advertised-routes'
	refute_line --regexp '^10\.13\.0\.0/16 '

	# the flap alert: the initial announcement, a withdrawal, the
	# announcement and the second withdrawal are 4 best-path changes,
	# one over the threshold; raised by a withdrawal, it names the
	# neighbor and origin of the path that went.  (The next run counts
	# the third flap only: the announcement after it, suppressed, is no
	# change.)
	mon_wait_alerts x flap 1
	j=$(mon_alerts x 'kind flap ')
	run jq -r '.alerts[0] | [.tag, .prefix, .neighbor, .origin_as] | @tsv' <<<"$j"
	assert_output --regexp "^PREFIX_FLAP	10\\.13\\.0\\.0/16	127\\.0\\.13\\.5	65002\$"
	assert_equal "$(jq -r '.alerts[0].text' <<<"$j")" \
		'prefix 10.13.0.0/16 best path changed 4 times within 300 seconds (threshold 3)'
	run xr_cmd x 'show bgp-monitor alerts kind flap'
	assert_line --regexp '^1 +[A-Z][a-z]{2} [ 0-9]{2} [0-9:]{8}  PREFIX_FLAP +10\.13\.0\.0/16 +127\.0\.13\.5$'
	run mon_logging x
	assert_line --regexp ': bgp\[[0-9]+\]: %ROUTING-BGP-4-PREFIX_FLAP : prefix 10\.13\.0\.0/16 best path changed 4 times '

	# --- BIRD resets the session: not a flap (RFC 2439), the path comes
	# back still suppressed with its three flaps, still not at dn
	mark=$(rt_log_lines dn)
	run birdc_cmd fl 'restart nbr'
	assert_output --partial 'nbr: restarted'
	wait_for 20 mon_nbr_is x 127.0.13.5 '[.state, .connections_established]' '["Established",2]'
	wait_for 10 mon_has_path x 10.13.2.0/24 127.0.13.5
	wait_for 10 mon_has_path x 10.13.0.0/16 127.0.13.5
	rt_wait_xr x 10 'show bgp' '^d  10\.13\.0\.0/16 +127\.0\.13\.5 '
	assert_equal "$(mon_flaps x 10.13.0.0/16)" 3
	rt_log_quiet dn
	assert rt_lacks dn 10.13.0.0/16
	assert_equal "$(rt_log_count dn 10.13.0.0/16 "$mark")" 0
	assert_equal "$(mon_alert_count x flap)" 1

	# --- the dampened path and the half-life math (RFC 2439): the
	# penalty decays as P * 2^(-t / half-life), so the path is reused
	# after half-life * log2(P / reuse) seconds
	run xr_cmd x 'show bgp dampened-paths'
	assert_line --regexp '^d  10\.13\.0\.0/16       127\.0\.13\.5      [0-9:]{8} 65002 i$'
	j=$(xr_cmd x 'show bgp dampened-paths | json')
	run jq -c '[.half_life, .reuse, .suppress, .max_suppress_time, (.paths | map([.prefix, .from, .status, .flaps]))]' <<<"$j"
	assert_output '[900,750,2000,3600,[["10.13.0.0/16","127.0.13.5","damped",3]]]'
	pen=$(jq '.paths[0].penalty' <<<"$j")
	rin=$(jq '.paths[0].reuse_in' <<<"$j")
	hl=$(jq '.half_life' <<<"$j")
	reuse=$(jq '.reuse' <<<"$j")
	# three withdrawals of 1000 within seconds: a little under 3000
	assert [ "$pen" -gt 2800 ] && assert [ "$pen" -le 3000 ]
	calc=$(mon_calc "$hl * log($pen / $reuse) / log(2)")
	echo "penalty $pen, reuse in $rin s, computed $calc s" >&2
	assert_equal "$(mon_calc "($rin - $calc) < 2 && ($calc - $rin) < 2")" 1.000
	# about 1800 s for 3000 (two half-lives from 3000 to 750)
	assert [ "$rin" -gt 1700 ] && assert [ "$rin" -le 1800 ]

	# --- the dampening clock 10 s short of the computed reuse time:
	# still suppressed, still not at dn
	adv=$(mon_calc "$calc - 10")
	adv=${adv%.*}
	xr_cmd x "debug bgp dampening advance $adv" >/dev/null
	j=$(xr_cmd x 'show bgp dampened-paths | json')
	assert_equal "$(jq -c '[.paths[] | .prefix]' <<<"$j")" '["10.13.0.0/16"]'
	assert [ "$(jq '.paths[0].reuse_in' <<<"$j")" -le 12 ]
	assert [ "$(jq '.paths[0].penalty' <<<"$j")" -ge "$reuse" ]
	rt_log_quiet dn
	assert rt_lacks dn 10.13.0.0/16

	# --- 20 s more: past the reuse time, best again and advertised
	xr_cmd x 'debug bgp dampening advance 20' >/dev/null
	rt_wait_xr x 10 'show bgp' '^\*> 10\.13\.0\.0/16 +127\.0\.13\.5 '
	rt_wait_has dn 10 10.13.0.0/16
	assert_equal "$(rt_attr dn 10.13.0.0/16 as_path)" '64500 65002'
	j=$(xr_cmd x 'show bgp dampened-paths | json')
	assert_equal "$(jq '.paths | length' <<<"$j")" 0
	j=$(xr_cmd x 'show bgp flap-statistics | json')
	run jq -c '.paths[0] | [.prefix, .status, .flaps, .reuse_in, (.penalty < 750)]' <<<"$j"
	assert_output '["10.13.0.0/16","flapped",3,0,true]'
}

# mon_conv NAME: `show bgp-monitor convergence | json`
mon_conv() {
	xr_cmd "$1" 'show bgp-monitor convergence | json'
}

# mon_conv_routes N: rt_bird lines for N /24s of 10.140.0.0/14, each
# with its own MED (so BIRD sends each in an UPDATE of its own), and 24
# /24s of 10.139.0.0/16 with the same attributes (BIRD packs them into
# one UPDATE)
mon_conv_routes() {
	local i
	for ((i = 0; i < $1; i++)); do
		echo "c 10.$((140 + i / 256)).$((i % 256)).0/24 bgp_med = $i;"
	done
	for ((i = 0; i < 24; i++)); do
		echo "c 10.139.$i.0/24"
	done
}

# mon_conv_event JSON KIND ADDR: from `show bgp-monitor convergence |
# json`, the newest event with a trigger KIND for neighbor ADDR
mon_conv_event() {
	jq -c --arg k "$2" --arg a "$3" \
		'[.events[] | select(any(.triggers[]; .kind == $k and .neighbor == $a))][0]' <<<"$1"
}

# mon_conv_last NAME: the newest finished event's id (0 if none)
mon_conv_last() {
	mon_conv "$1" | jq '[.events[] | select(.in_progress | not) | .id] | max // 0'
}

# mon_new_up NAME ADDR ID: an event newer than ID for ADDR's session up
# has finished
mon_new_up() {
	mon_conv "$1" | jq -e --arg a "$2" --argjson id "$3" \
		'any(.events[]; .id > $id and (.in_progress | not) and any(.triggers[]; .kind == "neighbor-up" and .neighbor == $a))' >/dev/null
}

@test "convergence: after a session reset (clear bgp, BIRD's restart) not converged, then converged; the event records name the neighbor with what BIRD sent" {
	rt_require
	local P N=1024 out j ev id0 ups u0
	P=$(xi_reserve_ports "$RT_BASE")
	mon_cfg "$INTEROP_TMP/x.cfg" "127.0.13.7 65004" "127.0.13.8 65005" </dev/null
	mon_conv_routes 1000 >"$INTEROP_TMP/c1.routes"
	mon_bird c1 7 65004 <"$INTEROP_TMP/c1.routes"
	mon_bird c2 8 65005 <<-'EOF'
		c 10.13.80.0/24
	EOF
	rt_xrsh x "$P" 127.0.13.254 "$INTEROP_TMP/x.cfg"
	rt_up x 20 127.0.13.7 127.0.13.8
	xr_cmd x 'debug bgp wait converged timeout 20' >/dev/null
	wait_for_received c2 "$N" 20
	id0=$(mon_conv_last x)
	u0=$(xr_json x 127.0.13.7 | jq .message_stats.update.received)

	# --- clear bgp: the session comes back up; at that moment BIRD's
	# 1,001 UPDATEs and its End-of-RIB are still to be read (xrsh reads
	# 64 messages a turn of its loop), so: not converged, waiting for
	# End-of-RIB; then converged
	out=$(xr_multi x 'clear bgp 127.0.13.7' \
		'debug bgp wait neighbor 127.0.13.7 established timeout 20' \
		'show bgp convergence' 'show bgp convergence | json' \
		'debug bgp wait converged timeout 20' \
		'show bgp convergence' 'show bgp convergence | json')
	run xi_section 3 <<<"$out"
	assert_line 'Not converged.'
	assert_line 'Received routes may not be entered in RIB.'
	assert_line 'One or more neighbors may need updating.'
	assert_line --regexp '^Not converged since [A-Z][a-z]{2} [ 0-9]{2} [0-9:.]+ \([0-9:]+ ago\)$'
	assert_line '  Neighbor 127.0.13.7: End-of-RIB not received for IPv4 Unicast'
	run jq -c '[.converged, any(.reasons[]; . == "Neighbor 127.0.13.7: End-of-RIB not received for IPv4 Unicast")]' < <(xi_section 4 <<<"$out")
	assert_output '[false,true]'
	run xi_section 6 <<<"$out"
	assert_line 'Converged.'
	assert_line 'All received routes in RIB, all neighbors updated.'
	assert_line 'All neighbors have empty write queues.'
	assert_line --regexp '^Converged since [A-Z][a-z]{2} [ 0-9]{2} [0-9:.]+ \([0-9:]+ ago\)$'
	run jq -c '[.converged, .reasons, .reasons_total]' < <(xi_section 7 <<<"$out")
	assert_output '[true,[],0]'

	# the records: the session down, then up with BIRD's table: 1,024
	# prefixes, in 1,001 to 1,024 UPDATEs (one per MED, the 24 alike
	# packed as BIRD's feed goes: not always in one), End-of-RIB not
	# counted
	j=$(mon_conv x)
	ev=$(mon_conv_event "$j" neighbor-down 127.0.13.7)
	assert [ "$(jq .id <<<"$ev")" -gt "$id0" ]
	run jq -c '[.in_progress, .prefixes_received, .prefixes_changed >= 1024]' <<<"$ev"
	assert_output '[false,0,true]'
	ev=$(mon_conv_event "$j" neighbor-up 127.0.13.7)
	echo "up event: $ev" >&2
	assert [ "$(jq .id <<<"$ev")" -gt "$id0" ]
	run jq -c '[.in_progress, .updates_received >= 1001 and .updates_received <= 1024, .prefixes_received, .prefixes_changed >= 1024, .updates_sent >= 1]' <<<"$ev"
	assert_output '[false,true,1024,true,true]'
	# the same count as the neighbor's UPDATE counter (which counts the
	# End-of-RIB too)
	assert_equal "$(xr_json x 127.0.13.7 | jq .message_stats.update.received)" \
		"$((u0 + $(jq .updates_received <<<"$ev") + 1))"
	run jq '.duration_seconds > 0 and .duration_seconds < 30' <<<"$ev"
	assert_output true
	# the text view: one row for it
	run xr_cmd x 'show bgp-monitor convergence'
	assert_line 'Event  Started             Duration(s)  Upd-In  Pfx-In Upd-Out Changed  Triggers'
	assert_line --regexp "^$(jq .id <<<"$ev") +[A-Z][a-z]{2} .* +$(jq .updates_received <<<"$ev") +1024 +[0-9]+ +[0-9]+  .*neighbor 127\\.0\\.13\\.7 up"
	# what converged means at the other BIRD: the whole table again
	wait_for_received c2 "$N" 20

	# --- BIRD restarts the session itself (Cease from its side)
	id0=$(mon_conv_last x)
	ups=$(grep -c 'nbr: State changed to up' "$INTEROP_TMP/c1/log")
	run birdc_cmd c1 'restart nbr'
	assert_output --partial 'nbr: restarted'
	wait_for 20 mon_new_up x 127.0.13.7 "$id0"
	run xr_cmd x 'debug bgp wait converged timeout 20'
	assert_success
	run xr_cmd x 'show bgp convergence'
	assert_line 'Converged.'
	j=$(mon_conv x)
	ev=$(mon_conv_event "$j" neighbor-down 127.0.13.7)
	assert [ "$(jq .id <<<"$ev")" -gt "$id0" ]
	ev=$(mon_conv_event "$j" neighbor-up 127.0.13.7)
	assert [ "$(jq .id <<<"$ev")" -gt "$id0" ]
	run jq -c '[.in_progress, .updates_received >= 1001 and .updates_received <= 1024, .prefixes_received, .prefixes_changed >= 1024]' <<<"$ev"
	assert_output '[false,true,1024,true]'
	run jq '.duration_seconds > 0 and .duration_seconds < 30' <<<"$ev"
	assert_output true
	assert_equal "$(grep -c 'nbr: State changed to up' "$INTEROP_TMP/c1/log")" "$((ups + 1))"
	wait_for_received c2 "$N" 20
	# c2's session stayed up through all of it
	assert_equal "$(xr_json x 127.0.13.8 | jq -c '[.state, .connections_established]')" '["Established",1]'
}



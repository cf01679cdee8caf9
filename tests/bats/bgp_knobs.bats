#!/usr/bin/env bats
# The router bgp knobs real configurations paste (issue 11): global
# `bgp log neighbor changes`, `bgp update-delay`, the best-path ignores,
# `ibgp policy out enforce-modifications`, `nsr`; neighbor `log neighbor
# changes`, `graceful-shutdown`, XR graceful maintenance (the
# `graceful-maintenance` blocks of neighbors, groups and router bgp),
# `dmz-link-bandwidth`; neighbor AF
# `send-community-gshut-ebgp`, `multipath`, `capability orf prefix`,
# `send-multicast-attributes`, `origin-as validation disable`, `bestpath
# origin-as allow invalid`, `maximum-prefix` variants.  Each renders back
# as typed, has `no` and `?`, inherits through the groups; what a Linux
# speaker cannot do is kept in the candidate and refused at commit, every
# line at once.  The live test runs two xrsh speakers on 127.0.0.1/2.

bats_require_minimum_version 1.5.0
load helpers

BATS_TEST_TIMEOUT=${BATS_TEST_TIMEOUT:-120}

setup() {
	setup_xrsh_env
	export XRSH_LOOPBACK_ONLY=1
	A_PID=
}

teardown() {
	stop_pid "${A_PID:-}"
	if [ -n "${BATS_TEST_COMPLETED:-}" ]; then
		return 0
	fi
	echo "--- a.out"; cat "$BATS_TEST_TMPDIR/a.out" 2>/dev/null || true
	echo "--- b.err"; cat "$BATS_TEST_TMPDIR/b.err" 2>/dev/null || true
}

@test "knobs: every command renders as typed, in canonical order, and pastes back identically" {
	cat >"$BATS_TEST_TMPDIR/cfg" <<'EOF2'
route-policy PASS
  pass
end-policy
!
router bgp 65001
 nsr disable
 bgp router-id 192.0.2.1
 bgp log neighbor changes detail
 bgp update-delay 300
 bgp bestpath med always
 bgp bestpath med confed
 bgp bestpath aigp ignore
 bgp bestpath cost-community ignore
 bgp bestpath igp-metric ignore
 ibgp policy out enforce-modifications
 address-family ipv4 unicast
 !
 af-group AFG address-family ipv4 unicast
  send-community-gshut-ebgp
  multipath
  capability orf prefix none
  send-multicast-attributes disable
  origin-as validation disable
  bestpath origin-as allow invalid
 !
 session-group SG
  log neighbor changes disable
  graceful-shutdown
 !
 neighbor-group NG
  remote-as 64500
  use session-group SG
  log neighbor changes detail
  address-family ipv4 unicast
   route-policy PASS in
   route-policy PASS out
   use af-group AFG
   maximum-prefix 1000 80 discard-extra-paths
  !
 !
 neighbor 192.0.2.2
  use neighbor-group NG
  password inheritance-disable
  log neighbor changes inheritance-disable
  graceful-shutdown inheritance-disable
  address-family ipv4 unicast
   maximum-prefix 500 restart 10
   send-community-gshut-ebgp inheritance-disable
  !
 !
 neighbor 192.0.2.3
  remote-as 65001
  graceful-shutdown
  address-family ipv4 unicast
   maximum-prefix 200 90 warning-only
   multipath
   origin-as validation disable
   bestpath origin-as allow invalid
  !
 !
!
EOF2
	{ echo configure; cat "$BATS_TEST_TMPDIR/cfg"; echo commit; echo end
	  echo 'show running-config router bgp'; } >"$BATS_TEST_TMPDIR/in"
	run --separate-stderr xr <"$BATS_TEST_TMPDIR/in"
	assert_success
	sed '1,4d' "$BATS_TEST_TMPDIR/cfg" >"$BATS_TEST_TMPDIR/want"
	diff -u "$BATS_TEST_TMPDIR/want" <(printf '%s\n' "$output")
	# the rendering pasted into a fresh xrsh gives the same text
	printf '%s\n' "$output" >"$BATS_TEST_TMPDIR/first"
	{ echo configure; sed -n 1,4p "$BATS_TEST_TMPDIR/cfg"
	  cat "$BATS_TEST_TMPDIR/first"; echo commit; echo end
	  echo 'show running-config router bgp'; } >"$BATS_TEST_TMPDIR/in2"
	rm -f "$BATS_TEST_TMPDIR/running.cfg"
	run --separate-stderr xr <"$BATS_TEST_TMPDIR/in2"
	assert_success
	diff -u "$BATS_TEST_TMPDIR/first" <(printf '%s\n' "$output")
	# and --check takes the file
	cp "$BATS_TEST_TMPDIR/cfg" "$BATS_TEST_TMPDIR/check.cfg"
	run "$XRSH" --check "$BATS_TEST_TMPDIR/check.cfg"
	assert_success
}

@test "knobs: typed out of order, the global lines come out in XR's order" {
	run --separate-stderr xr <<'EOF2'
configure
router bgp 65001
ibgp policy out enforce-modifications
nsr disable
bgp bestpath igp-metric ignore
bgp bestpath cost-community ignore
bgp bestpath aigp ignore
bgp bestpath med confed
bgp update-delay 0
bgp log neighbor changes disable
commit
end
show running-config router bgp
EOF2
	assert_success
	assert_output 'router bgp 65001
 nsr disable
 bgp log neighbor changes disable
 bgp update-delay 0
 bgp bestpath med confed
 bgp bestpath aigp ignore
 bgp bestpath cost-community ignore
 bgp bestpath igp-metric ignore
 ibgp policy out enforce-modifications
!'
}

@test "knobs: detail and disable replace each other; no removes exactly the item" {
	run --separate-stderr xr <<'EOF2'
configure
router bgp 65001
bgp log neighbor changes detail
bgp log neighbor changes disable
nsr
nsr disable
bgp update-delay 10
bgp update-delay 20
bgp bestpath aigp ignore
bgp bestpath as-path ignore
neighbor 192.0.2.1
remote-as 65002
log neighbor changes detail
log neighbor changes disable
graceful-shutdown
address-family ipv4 unicast
capability orf prefix both
capability orf prefix receive
maximum-prefix 100 restart 5
maximum-prefix 100 50 warning-only
send-community-gshut-ebgp
multipath
root
show configuration
router bgp 65001
no bgp bestpath aigp ignore
no nsr
no bgp log neighbor changes disable
no bgp update-delay 20
neighbor 192.0.2.1
no log neighbor changes disable
no graceful-shutdown
address-family ipv4 unicast
no capability orf prefix receive
no send-community-gshut-ebgp
no multipath
no maximum-prefix 100
root
show configuration
abort
EOF2
	assert_success
	assert_output --partial 'router bgp 65001
 nsr disable
 bgp log neighbor changes disable
 bgp update-delay 20
 bgp bestpath aigp ignore
 bgp bestpath as-path ignore
 neighbor 192.0.2.1
  remote-as 65002
  log neighbor changes disable
  graceful-shutdown
  address-family ipv4 unicast
   maximum-prefix 100 50 warning-only
   send-community-gshut-ebgp
   multipath
   capability orf prefix receive
  !
 !
!'
	assert_output --partial 'router bgp 65001
 bgp bestpath as-path ignore
 neighbor 192.0.2.1
  remote-as 65002
  address-family ipv4 unicast
  !
 !
!'
}

@test "knobs: values and incomplete forms are refused when typed" {
	run --separate-stderr xr --continue <<'EOF2'
configure
router bgp 65001
bgp update-delay 3601
bgp log neighbor changes
neighbor 192.0.2.1
log neighbor changes
address-family ipv4 unicast
capability orf prefix
maximum-prefix 100 101
maximum-prefix 100 restart 0
maximum-prefix 100 warning-only discard-extra-paths
abort
EOF2
	[ "$(grep -c '%' <<<"$stderr")" -ge 7 ]
	[[ "$stderr" == *"<stdin>:3:"* ]]
	[[ "$stderr" == *"<stdin>:4: % Incomplete command."* ]]
	[[ "$stderr" == *"<stdin>:6: % Incomplete command."* ]]
	[[ "$stderr" == *"<stdin>:8:"* ]]
	[[ "$stderr" == *"<stdin>:9:"* ]]
	[[ "$stderr" == *"<stdin>:10:"* ]]
	[[ "$stderr" == *"<stdin>:11:"* ]]
}

@test "knobs: ? help names every keyword" {
	run --separate-stderr xr <<'EOF2'
configure
router bgp 65001
describe bgp log neighbor changes 
describe bgp bestpath aigp 
describe bgp bestpath igp-metric 
describe bgp bestpath med 
describe ibgp policy out 
describe nsr 
describe bgp update-delay 
neighbor 192.0.2.1
describe log neighbor changes 
describe graceful-shutdown 
describe dmz-link-bandwidth 
address-family ipv4 unicast
describe capability orf prefix 
describe origin-as validation 
describe bestpath origin-as allow 
describe send-community-gshut-ebgp 
abort
EOF2
	assert_success
	assert_line '  detail   Include extra detail in change messages'
	assert_line '  disable  Disable logging'
	assert_line '  ignore  Ignore AIGP attribute'
	assert_line '  ignore  Ignore IGP metric during path comparison'
	assert_line --regexp '^  confed +Compare MED among confederation paths$'
	assert_line '  enforce-modifications  Allow policy to modify all attributes of reflected routes'
	assert_line '  disable  Disable non-stop routing'
	assert_line '  <0-3600>  Delay value (seconds)'
	assert_line --regexp '^  inheritance-disable +Prevent the value from being inherited from the parent$'
	assert_line '  both     Capability to SEND and RECEIVE the ORF to/from this neighbor'
	assert_line '  none     No capability to SEND or RECEIVE the ORF to/from this neighbor'
	assert_line '  disable  Disable RPKI origin-AS validation'
	assert_line "  invalid  BGP bestpath selection will allow 'invalid' origin-AS"
	# and the start-up check: every row has help for every token
	run --separate-stderr "$XRSH" --check-grammar
	assert_success
}

@test "knobs: unsupported commands stay in the candidate; the commit names every line and commits nothing" {
	cat >"$BATS_TEST_TMPDIR/paste" <<'EOF2'
router bgp 65001
 nsr
 bgp log neighbor changes detail
 address-family ipv4 unicast
 !
 af-group AFG address-family ipv4 unicast
  capability orf prefix both
 !
 neighbor-group NG
  remote-as 65002
  dmz-link-bandwidth
  address-family ipv4 unicast
   capability orf prefix send
  !
 !
 neighbor 192.0.2.1
  use neighbor-group NG
  address-family ipv4 unicast
   capability orf prefix none
   send-multicast-attributes
  !
 !
!
EOF2
	{ echo configure; cat "$BATS_TEST_TMPDIR/paste"
	  echo 'show configuration'; echo commit
	  echo 'show configuration failed'; echo abort
	  echo 'show running-config'; } >"$BATS_TEST_TMPDIR/in"
	run --separate-stderr xr --continue <"$BATS_TEST_TMPDIR/in"
	local warn="% 'BGP' detected the 'warning' condition 'The feature is not supported on this platform:"
	# one error per unsupported line, all of them, in config order
	[ "$(grep -c 'The feature is not supported on this platform' <<<"$stderr")" -eq 4 ]
	[[ "$stderr" == *"!!$warn non-stop routing needs a standby route processor; xrsh is a single process'"* ]]
	[[ "$stderr" == *"!!$warn outbound route filtering (RFC 5291 ORF) is not implemented'"* ]]
	[[ "$stderr" == *"!!$warn there is no multicast address family'"* ]]
	# the candidate had them all
	assert_output --partial 'router bgp 65001
 nsr
 bgp log neighbor changes detail'
	assert_output --partial '   capability orf prefix send'
	assert_output --partial '   send-multicast-attributes'
	# show configuration failed: each line under its path
	assert_output --partial 'router bgp 65001
 nsr
!!% '"'"'BGP'"'"' detected the '"'"'warning'"'"' condition '"'"'The feature is not supported on this platform: non-stop routing needs a standby route processor; xrsh is a single process'"'"'
!
router bgp 65001
 af-group AFG'
	assert_output --partial ' af-group AFG address-family ipv4 unicast
  capability orf prefix both
!!% '
	# dmz-link-bandwidth is supported (the interface speed)
	refute_output --partial '  dmz-link-bandwidth
!!%'
	assert_output --partial ' neighbor-group NG
  address-family ipv4 unicast
   capability orf prefix send
!!% '
	assert_output --partial ' neighbor 192.0.2.1
  address-family ipv4 unicast
   send-multicast-attributes
!!% '
	# `capability orf prefix none` is harmless and not named
	refute_output --partial '   capability orf prefix none
!!%'
	# nothing was committed: the running configuration has no router bgp
	run --separate-stderr xr -c 'show running-config router bgp'
	refute_output --partial 'router bgp'
	# --check says the same with file:line
	cp "$BATS_TEST_TMPDIR/paste" "$BATS_TEST_TMPDIR/u.cfg"
	run --separate-stderr "$XRSH" --check "$BATS_TEST_TMPDIR/u.cfg"
	assert_failure
	[[ "$stderr" == *"u.cfg:2: $warn non-stop routing"* ]]
	[[ "$stderr" == *"u.cfg:7: $warn outbound route filtering"* ]]
	[[ "$stderr" == *"u.cfg:13: $warn outbound route filtering"* ]]
	[[ "$stderr" == *"u.cfg:20: $warn there is no multicast"* ]]
	[[ "$stderr" != *"u.cfg:11:"* ]]
	[[ "$stderr" != *"u.cfg:19:"* ]]
}

@test "knobs: inherited through the groups, shown in the configuration view and show bgp" {
	run --separate-stderr xr <<'EOF2'
configure
route-policy PASS
pass
end-policy
router bgp 65001
bgp log neighbor changes detail
bgp update-delay 45
bgp bestpath aigp ignore
bgp bestpath igp-metric ignore
ibgp policy out enforce-modifications
address-family ipv4 unicast
exit
af-group AFG address-family ipv4 unicast
send-community-gshut-ebgp
multipath
exit
session-group SG
graceful-shutdown
log neighbor changes disable
exit
neighbor-group NG
remote-as 65002
use session-group SG
address-family ipv4 unicast
use af-group AFG
route-policy PASS in
route-policy PASS out
root
router bgp 65001
neighbor 192.0.2.1
use neighbor-group NG
exit
neighbor 192.0.2.2
use neighbor-group NG
graceful-shutdown inheritance-disable
commit
end
show bgp neighbor 192.0.2.1 configuration
show bgp neighbor 192.0.2.2 configuration
show bgp neighbors 192.0.2.1
show bgp neighbors 192.0.2.1 | json
show bgp process
show bgp process | json
EOF2
	assert_success
	assert_line --regexp '^ graceful-shutdown +\[s:SG\]$'
	assert_line --regexp '^ log neighbor changes disable +\[s:SG\]$'
	assert_line --regexp '^  send-community-gshut-ebgp +\[a:AFG\]$'
	assert_line --regexp '^  multipath +\[a:AFG\]$'
	assert_line --regexp '^ graceful-shutdown inheritance-disable +\[\]$'
	assert_line '  Graceful Maintenance locally active, Local Preference=0, No AS prepends'
	assert_line '  GSHUT community attribute sent to this neighbor'
	assert_line 'Neighbor logging is enabled (detail)'
	assert_line 'Update delay: 45'
	assert_line 'Non-stop routing is disabled'
	assert_line 'Bestpath: AIGP ignored (xrsh never compares AIGP)'
	assert_line 'Bestpath: IGP metric ignored'
	assert_line 'iBGP outbound policy modifications enforced on reflected routes'
	local j
	j=$(printf '%s\n' "${lines[@]}" | grep '^{' | head -n 1)
	[ "$(jq -r '.neighbors[0].graceful_shutdown' <<<"$j")" = true ]
	[ "$(jq -r '.neighbors[0].neighbor_logging' <<<"$j")" = disabled ]
	[ "$(jq -r '.neighbors[0].address_families[0].send_community_gshut_ebgp' <<<"$j")" = true ]
	[ "$(jq -r '.neighbors[0].address_families[0].multipath' <<<"$j")" = true ]
	j=$(printf '%s\n' "${lines[@]}" | grep '^{' | tail -n 1)
	[ "$(jq -r '.update_delay' <<<"$j")" = 45 ]
	[ "$(jq -r '.bestpath_igp_metric_ignore' <<<"$j")" = true ]
	[ "$(jq -r '.bestpath_cost_community_ignore' <<<"$j")" = false ]
	[ "$(jq -r '.ibgp_policy_out_enforce_modifications' <<<"$j")" = true ]
}

@test "knobs: without update-delay nothing is held (Update delay: 0)" {
	run --separate-stderr xr <<'EOF2'
configure
router bgp 65001
address-family ipv4 unicast
commit
end
show bgp process
EOF2
	assert_success
	assert_line 'Update delay: 0'
	assert_line 'Neighbor logging is enabled'
}

# start_a [xrsh options]: speaker A (AS 65001, 127.0.0.1) as a router
start_a() {
	"$XRSH" --foreground --port "$PORT" --listen 127.0.0.1 \
	    --config "$BATS_TEST_TMPDIR/a.saved" "$@" \
	    >"$BATS_TEST_TMPDIR/a.out" 2>"$BATS_TEST_TMPDIR/a.err" 3>&- &
	A_PID=$!
	wait_in "$BATS_TEST_TMPDIR/a.out" "running in the foreground: BGP online"
}

# live_cfg AS ROUTER-ID NEIGHBOR REMOTE-AS EXTRA-GLOBAL-LINE
live_cfg() {
	cat <<EOF2
route-policy PASS
  pass
end-policy
!
router bgp $1
 bgp router-id $2
$5
 address-family ipv4 unicast
 !
 neighbor $3
  remote-as $4
  timers 3 9
  address-family ipv4 unicast
   route-policy PASS in
   route-policy PASS out
  !
 !
!
EOF2
}

@test "live: bgp log neighbor changes disable silences ADJCHANGE; detail adds the transitions" {
	PORT=$(free_port) || skip "no free TCP port found"
	live_cfg 65001 10.255.0.1 127.0.0.2 65002 \
	    ' bgp log neighbor changes disable' >"$BATS_TEST_TMPDIR/a.saved"
	live_cfg 65002 10.255.0.2 127.0.0.1 65001 \
	    ' bgp log neighbor changes detail' >"$BATS_TEST_TMPDIR/b.saved"
	# A holds the session 2 s before its shutdown: B's wait for
	# Established must not miss it when B starts late (load)
	cat >"$BATS_TEST_TMPDIR/a.script" <<'EOF2'
debug bgp wait neighbor 127.0.0.2 established timeout 30
debug sleep 2
show bgp neighbors 127.0.0.2 | include BGP state
configure
router bgp 65001
neighbor 127.0.0.2
shutdown
commit
end
debug bgp wait neighbor 127.0.0.2 idle timeout 30
show logging | include ADJCHANGE
show bgp process | include logging
EOF2
	start_a -f "$BATS_TEST_TMPDIR/a.script"
	run --separate-stderr timeout -k 5 90 "$XRSH" --port "$PORT" \
	    --listen 127.0.0.2 --config "$BATS_TEST_TMPDIR/b.saved" -c \
	    'debug bgp wait neighbor 127.0.0.1 established timeout 30' -c \
	    'debug bgp wait neighbor 127.0.0.1 idle timeout 30'
	printf '%s\n' "$stderr" >"$BATS_TEST_TMPDIR/b.err"
	assert_success
	# B (detail): the Up line and the transitions
	[[ "$stderr" == *"%ROUTING-BGP-5-ADJCHANGE : neighbor 127.0.0.1 Up (VRF: default) (AS: 65001)"* ]]
	[[ "$stderr" == *"%ROUTING-BGP-5-ADJCHANGE_DETAIL : neighbor 127.0.0.1 state changed from OpenConfirm to Established (VRF: default) (AS: 65001)"* ]]
	[[ "$stderr" == *"Down - BGP Notification received, administrative shutdown (VRF: default) (AS: 65001) (Reason: BGP Notification received: administrative shutdown)"* ]]
	# A (disable): up, then down by its own shutdown, and not one
	# ADJCHANGE line, neither logged nor kept for show logging
	wait_in "$BATS_TEST_TMPDIR/a.out" 'Neighbor logging is disabled' 40
	grep -qE '^  BGP state = Established, up for ' "$BATS_TEST_TMPDIR/a.out"
	run grep -c 'ADJCHANGE' "$BATS_TEST_TMPDIR/a.out"
	assert_output 0
}

@test "knobs: bfd lines of a pasted neighbor are kept in the candidate and each refused at commit; inherited from a session-group too" {
	cat >"$BATS_TEST_TMPDIR/paste" <<'EOF2'
router bgp 65001
 session-group SG
  bfd fast-detect strict-mode
 !
 neighbor 192.0.2.1
  remote-as 65002
  use session-group SG
  bfd minimum-interval 300
  bfd multiplier 3
 !
!
EOF2
	{ echo configure; cat "$BATS_TEST_TMPDIR/paste"
	  echo 'show configuration'; echo commit; echo abort
	  echo 'show running-config router bgp'; } >"$BATS_TEST_TMPDIR/in"
	run --separate-stderr xr --continue <"$BATS_TEST_TMPDIR/in"
	[ "$(grep -c 'not supported on this platform: BFD is not implemented' <<<"$stderr")" -eq 3 ]
	assert_output --partial ' session-group SG
  bfd fast-detect strict-mode
 !'
	assert_output --partial '  use session-group SG
  bfd minimum-interval 300
  bfd multiplier 3'
	# nothing reached running
	[[ "$output" != *"neighbor 192.0.2.1"*"neighbor 192.0.2.1"* ]]
	run xr <<'EOF2'
configure
router bgp 65001
neighbor 192.0.2.1
bfd multiplier 1
EOF2
	assert_failure
}

@test "graceful-maintenance: XR's blocks render as typed and paste back identically; the one-line forms give the same blocks" {
	cat >"$BATS_TEST_TMPDIR/cfg" <<'EOF2'
router bgp 65001
 bgp router-id 192.0.2.1
 graceful-maintenance activate
  all-neighbors
 !
 ibgp policy out enforce-modifications
 session-group SG
  graceful-maintenance
   activate
  !
 !
 neighbor-group NG
  remote-as 64500
  graceful-maintenance
   local-preference 20
   as-prepends 3
  !
 !
 neighbor 192.0.2.2
  remote-as 65001
  graceful-maintenance
   activate inheritance-disable
   local-preference inheritance-disable
   as-prepends inheritance-disable
  !
  description maintained
 !
 neighbor 192.0.2.3
  use neighbor-group NG
  graceful-maintenance
  !
 !
!
EOF2
	{ echo configure; cat "$BATS_TEST_TMPDIR/cfg"; echo commit; echo end
	  echo 'show running-config router bgp'; } >"$BATS_TEST_TMPDIR/in"
	run --separate-stderr xr <"$BATS_TEST_TMPDIR/in"
	assert_success
	diff -u "$BATS_TEST_TMPDIR/cfg" <(printf '%s\n' "$output")
	printf '%s\n' "$output" >"$BATS_TEST_TMPDIR/first"
	# pasted into a fresh xrsh: the same text
	rm -f "$BATS_TEST_TMPDIR/running.cfg"
	run --separate-stderr xr <"$BATS_TEST_TMPDIR/in"
	assert_success
	diff -u "$BATS_TEST_TMPDIR/first" <(printf '%s\n' "$output")
	cp "$BATS_TEST_TMPDIR/cfg" "$BATS_TEST_TMPDIR/check.cfg"
	run "$XRSH" --check "$BATS_TEST_TMPDIR/check.cfg"
	assert_success
	# the one-line forms, typed out of order
	rm -f "$BATS_TEST_TMPDIR/running.cfg"
	run --separate-stderr xr <<'EOF2'
configure
router bgp 65001
neighbor 192.0.2.5
remote-as 65001
graceful-maintenance as-prepends 2
graceful-maintenance local-preference 7
graceful-maintenance activate
exit
graceful-maintenance activate all-neighbors retain-routes
exit
no graceful-maintenance activate retain-routes
commit
end
show running-config router bgp
EOF2
	assert_success
	assert_output 'router bgp 65001
 graceful-maintenance activate
  all-neighbors
 !
 neighbor 192.0.2.5
  remote-as 65001
  graceful-maintenance
   activate
   local-preference 7
   as-prepends 2
  !
 !
!'
}

@test "graceful-maintenance: no removes exactly the line, or the whole block; the values are checked" {
	run --separate-stderr xr <<'EOF2'
configure
router bgp 65001
graceful-maintenance activate
all-neighbors
retain-routes
no retain-routes
exit
neighbor 192.0.2.1
remote-as 65002
graceful-maintenance
activate
local-preference 5
as-prepends 6
no local-preference
exit
exit
neighbor 192.0.2.2
remote-as 65002
graceful-maintenance
activate
as-prepends 1
exit
no graceful-maintenance
commit
end
show running-config router bgp
EOF2
	assert_success
	assert_output 'router bgp 65001
 graceful-maintenance activate
  all-neighbors
 !
 neighbor 192.0.2.1
  remote-as 65002
  graceful-maintenance
   activate
   as-prepends 6
  !
 !
 neighbor 192.0.2.2
  remote-as 65002
 !
!'
	run --separate-stderr xr <<'EOF2'
configure
router bgp 65001
neighbor 192.0.2.1
graceful-maintenance as-prepends 7
abort
EOF2
	assert_failure
	[[ "$stderr" == *"<stdin>:4: % Invalid input detected"* ]]
	run --separate-stderr xr <<'EOF2'
configure
router bgp 65001
neighbor 192.0.2.1
graceful-maintenance
local-preference 4294967296
abort
EOF2
	assert_failure
	[[ "$stderr" == *"<stdin>:5: % Invalid input detected"* ]]
	# no graceful-maintenance activate removes router bgp's block
	run --separate-stderr xr <<'EOF2'
configure
router bgp 65001
no graceful-maintenance activate
commit
end
show running-config router bgp
EOF2
	assert_success
	refute_output --partial 'graceful-maintenance activate'
	assert_output --partial 'as-prepends 6'
}

@test "graceful-maintenance: ? help names every keyword" {
	run --separate-stderr xr <<'EOF2'
configure
router bgp 65001
describe graceful-maintenance 
describe graceful-maintenance activate 
graceful-maintenance activate
describe 
exit
neighbor 192.0.2.1
describe graceful-maintenance 
describe graceful-maintenance activate 
describe graceful-maintenance local-preference 
describe graceful-maintenance as-prepends 
graceful-maintenance
describe 
abort
EOF2
	assert_success
	assert_line --regexp '^  activate +Activate graceful maintenance for every neighbor with a graceful-maintenance configuration$'
	assert_line --regexp '^  all-neighbors +Also for neighbors without a graceful-maintenance configuration$'
	assert_line --regexp '^  retain-routes +Keep BGP routes in the RIB once the BGP process stops$'
	assert_line --regexp '^  activate +Announce routes with the graceful maintenance attributes .*$'
	assert_line --regexp '^  local-preference +Local preference sent with routes to iBGP neighbors while active \(default: unchanged\)$'
	assert_line --regexp '^  as-prepends +Times the local AS number is prepended .*\(default: 0\)$'
	assert_line --regexp '^  <0-4294967295> +Local preference value$'
	assert_line --regexp '^  <0-6> +Number of AS prepends$'
	assert_line --regexp '^  inheritance-disable +Prevent this from being inherited from the parent$'
}

@test "graceful-maintenance: each line inherits on its own through the groups; show bgp neighbors has the values; retain-routes is refused at commit" {
	run --separate-stderr xr <<'EOF2'
configure
router bgp 65001
graceful-maintenance activate
exit
session-group SG
graceful-maintenance
as-prepends 2
exit
exit
neighbor-group NG
remote-as 65002
use session-group SG
graceful-maintenance local-preference 30
exit
neighbor 192.0.2.1
use neighbor-group NG
exit
neighbor 192.0.2.2
use neighbor-group NG
graceful-maintenance
activate
as-prepends inheritance-disable
exit
exit
neighbor 192.0.2.3
remote-as 65001
commit
end
show bgp neighbor 192.0.2.1 configuration
show bgp neighbor 192.0.2.2 configuration
show bgp neighbors 192.0.2.1
show bgp neighbors 192.0.2.2
show bgp neighbors 192.0.2.3
EOF2
	assert_success
	# the same in JSON
	printf '%s\n' 'show bgp neighbors 192.0.2.1 | json' >"$BATS_TEST_TMPDIR/j"
	run --separate-stderr xr <"$BATS_TEST_TMPDIR/j"
	assert_success
	[ "$(jq -r '.neighbors[0] | [.graceful_shutdown, .graceful_maintenance, .graceful_maintenance_local_preference, .graceful_maintenance_as_prepends] | map(tostring) | join(" ")' <<<"$output")" = "true global 30 2" ]
	printf '%s\n' 'show bgp neighbors 192.0.2.3 | json' >"$BATS_TEST_TMPDIR/j"
	run --separate-stderr xr <"$BATS_TEST_TMPDIR/j"
	assert_success
	[ "$(jq -r '.neighbors[0] | [.graceful_shutdown, .graceful_maintenance, .graceful_maintenance_local_preference, .graceful_maintenance_as_prepends] | map(tostring) | join(" ")' <<<"$output")" = "false null null 0" ]
	run --separate-stderr xr <<'EOF2'
show bgp neighbor 192.0.2.1 configuration
show bgp neighbor 192.0.2.2 configuration
show bgp neighbors 192.0.2.1
show bgp neighbors 192.0.2.2
show bgp neighbors 192.0.2.3
EOF2
	assert_success
	assert_line --regexp '^ graceful-maintenance +\[n:NG\]$'
	assert_line --regexp '^ graceful-maintenance as-prepends 2 +\[s:SG\]$'
	assert_line --regexp '^ graceful-maintenance local-preference 30 +\[n:NG\]$'
	assert_line --regexp '^ graceful-maintenance activate +\[\]$'
	assert_line --regexp '^ graceful-maintenance as-prepends inheritance-disable +\[\]$'
	# 192.0.2.1 through router bgp's activate (it has a block, from SG),
	# 192.0.2.2 by its own; 192.0.2.3 has no block: not active
	assert_line '  Graceful Maintenance globally active, Local Preference=30, AS prepends=2'
	assert_line '  Graceful Maintenance locally active, Local Preference=30, No AS prepends'
	[ "$(grep -c 'Graceful Maintenance' <<<"$output")" -eq 2 ]
	# retain-routes: kept in the candidate, refused at commit
	run --separate-stderr xr <<'EOF2'
configure
router bgp 65001
graceful-maintenance activate retain-routes
show configuration
commit
EOF2
	assert_failure
	assert_line '  retain-routes'
	[[ "$stderr" == *"<stdin>:5:"*"not supported on this platform: retain-routes"* ]]
}

#!/usr/bin/env bats
# An abbreviation that is ambiguous in the current config sub-mode is
# reported there (`% Ambiguous command: "..."`, as in exec mode) and the
# session stays in the mode; only a line that is invalid in the current
# mode falls back to the parent levels.  Before, `sh conf` in
# (config-bgp-nbr) (show, shutdown) ran in (config-bgp) and silently moved
# the session up.  The collisions below come from each mode's `?` list.

load helpers
bats_require_minimum_version 1.5.0

P='RP/0/RP0/CPU0:ios'

# entry lines of every config sub-mode
declare -gA ENTER=(
	[config]='configure'
	[config-bgp]=$'configure\nrouter bgp 1'
	[config-bgp-af]=$'configure\nrouter bgp 1\naddress-family ipv4 unicast'
	[config-bgp-nbr]=$'configure\nrouter bgp 1\nneighbor 192.0.2.1'
	[config-bgp-nbr-af]=$'configure\nrouter bgp 1\nneighbor 192.0.2.1\naddress-family ipv4 unicast'
	[config-bgp-nbrgrp]=$'configure\nrouter bgp 1\nneighbor-group G'
	[config-bgp-nbrgrp-af]=$'configure\nrouter bgp 1\nneighbor-group G\naddress-family ipv4 unicast'
	[config-bgp-sngrp]=$'configure\nrouter bgp 1\nsession-group S'
	[config-bgp-afgrp]=$'configure\nrouter bgp 1\naf-group A address-family ipv4 unicast'
	[config-rpl]=$'configure\nroute-policy P'
	[config-rpl-if]=$'configure\nroute-policy P\nif med eq 5 then'
	[config-rpl-elseif]=$'configure\nroute-policy P\nif med eq 5 then\nelseif med eq 6 then'
	[config-rpl-else]=$'configure\nroute-policy P\nif med eq 5 then\nelse'
	[config-pfx]=$'configure\nprefix-set S'
	[config-comm]=$'configure\ncommunity-set C'
	[config-as]=$'configure\nas-path-set A'
	[config-ext]=$'configure\nextcommunity-set rt E'
	[config-largecomm]=$'configure\nlarge-community-set L'
)

# amb MODE ABBREV...: each line is reported as ambiguous in MODE, and the
# line typed after it is still prompted (and run) in MODE
amb() {
	local mode=$1 script a i found
	shift
	script=${ENTER[$mode]}
	for a in "$@"; do
		script+=$'\n'"$a"
	done
	script+=$'\n!'
	run --separate-stderr xr --echo --continue <<<"$script"
	[ "$status" -eq 1 ]
	for a in "$@"; do
		found=
		for i in "${!lines[@]}"; do
			[ "${lines[$i]}" = "$P($mode)#$a" ] || continue
			found=1
			[ "${lines[$((i + 1))]}" = "% Ambiguous command: \"$a\"" ] ||
			    fail "$mode: '$a' gave '${lines[$((i + 1))]}'"
			[[ "${lines[$((i + 2))]}" == "$P($mode)#"* ]] ||
			    fail "$mode: after '$a' the session is at '${lines[$((i + 2))]}'"
		done
		[ -n "$found" ] || fail "$mode: no prompt for '$a':
$output"
	done
}

@test "config: ambiguous abbreviations" {
	amb config e co ro rou ex
}

@test "config-bgp: ambiguous abbreviations stay in the mode" {
	amb config-bgp e ne nei 'nei 192.0.2.1'
}

@test "config-bgp-af: ambiguous abbreviations stay in the mode" {
	# `r` is root in (config-bgp): it used to pop there and run it
	amb config-bgp-af e r a 'r connected' n
}

@test "config-bgp-nbr: sh conf, en, ad stay in the mode" {
	# each of these is unique in (config-bgp), where they used to run
	amb config-bgp-nbr 'sh conf' sh 'sh configuration' en ad \
	    'ad ipv4 unicast' e
}

@test "config-bgp-nbr-af: ambiguous abbreviations stay in the mode" {
	# se (session-open-mode) and ro (root) are unique in the parent
	amb config-bgp-nbr-af se sen ro rou ne nex e
}

@test "config-bgp-nbrgrp: ambiguous abbreviations stay in the mode" {
	amb config-bgp-nbrgrp 'sh conf' en ad e
}

@test "config-bgp-nbrgrp-af: ambiguous abbreviations stay in the mode" {
	amb config-bgp-nbrgrp-af se ro ne e
}

@test "config-bgp-sngrp: ambiguous abbreviations stay in the mode" {
	amb config-bgp-sngrp 'sh conf' en e
}

@test "config-bgp-afgrp: ambiguous abbreviations stay in the mode" {
	# se is session-group in (config-bgp): it used to create one there
	amb config-bgp-afgrp 'se S' se ro ne e
}

@test "route-policy blocks: an ambiguous abbreviation is not a statement" {
	amb config-rpl re 're as-path private-as' e s d
	amb config-rpl-if en els e
	amb config-rpl-elseif en els e
	amb config-rpl-else en e
}

@test "set blocks: ambiguous abbreviations" {
	amb config-pfx e
	amb config-comm no no- e
	amb config-as e
	amb config-ext e
	amb config-largecomm e
}

@test "the issue's case: sh conf, then the next neighbor command works" {
	run --separate-stderr xr --echo --continue <<'EOF2'
configure
router bgp 1
neighbor 192.0.2.1
sh conf
remote-as 2
show configuration
EOF2
	[ "$status" -eq 1 ]
	assert_output "$P#configure
$P(config)#router bgp 1
$P(config-bgp)#neighbor 192.0.2.1
$P(config-bgp-nbr)#sh conf
% Ambiguous command: \"sh conf\"
$P(config-bgp-nbr)#remote-as 2
$P(config-bgp-nbr)#show configuration
Building configuration...
!! IOS XR Configuration 24.3.1
router bgp 1
 neighbor 192.0.2.1
  remote-as 2
 !
!
end
% WARNING: Uncommitted changes were discarded at end of input"
}

@test "in batch mode the error names FILE:LINE and nothing changes" {
	printf 'configure\nrouter bgp 1\nneighbor 192.0.2.1\nen\nad ipv4 unicast\nshow configuration\n' >amb.txt
	run --separate-stderr xr --continue -f amb.txt
	[ "$status" -eq 1 ]
	[ "$stderr" = 'amb.txt:4: en
amb.txt:4: % Ambiguous command: "en"
amb.txt:5: ad ipv4 unicast
amb.txt:5: % Ambiguous command: "ad ipv4 unicast"
amb.txt:6: % WARNING: Uncommitted changes were discarded at end of input' ]
	assert_output 'Building configuration...
!! IOS XR Configuration 24.3.1
router bgp 1
 neighbor 192.0.2.1
 !
!
end'
}

# show typed in full runs in place in every non-block sub-mode; in a
# block, `show` shows the object being typed
@test "show in full runs in place in every sub-mode" {
	local mode
	for mode in config-bgp config-bgp-af config-bgp-nbr config-bgp-nbr-af \
	    config-bgp-nbrgrp config-bgp-nbrgrp-af config-bgp-sngrp \
	    config-bgp-afgrp; do
		run --separate-stderr xr --echo --continue \
		    <<<"${ENTER[$mode]}"$'\nshow configuration\n!'
		assert_line "$P($mode)#show configuration"
		assert_line 'Building configuration...'
		assert_line "$P($mode)#!"
		[ "$stderr" = "" ] || fail "$mode: $stderr"
	done
	for mode in config-rpl config-rpl-if config-pfx config-comm; do
		run --separate-stderr xr --echo --continue \
		    <<<"${ENTER[$mode]}"$'\nshow\n!'
		assert_line "$P($mode)#show"
		assert_line "$P($mode)#!"
		[ "$stderr" = "" ] || fail "$mode: $stderr"
	done
}

@test "unique abbreviations still work and invalid lines still fall back" {
	run --separate-stderr xr --echo <<'EOF2'
configure
router bgp 1
neighbor 192.0.2.1
rem 2
address-family ipv4 unicast
route-pol PASS in
next-hop-s
af-g AG add ipv4 uni
send-community-e
ho r1
show configuration
abort
EOF2
	assert_success
	[ "$stderr" = "" ]
	# `af-g` (config-bgp) and `ho` (config) are invalid below: fallback
	assert_line "$P(config-bgp-nbr-af)#af-g AG add ipv4 uni"
	assert_line "$P(config-bgp-afgrp)#send-community-e"
	assert_line "$P(config-bgp-afgrp)#ho r1"
	assert_line "$P(config)#show configuration"
	assert_output --partial 'hostname r1
router bgp 1
 af-group AG address-family ipv4 unicast
  send-community-ebgp
 !
 neighbor 192.0.2.1
  remote-as 2
  address-family ipv4 unicast
   route-policy PASS in
   next-hop-self
  !
 !
!'
}

@test "a pasted config whose lines belong to parent modes re-enters them" {
	run --separate-stderr xr <<'EOF2'
configure
route-policy PASS
 pass
end-policy
router bgp 65001
 bgp router-id 192.0.2.254
 address-family ipv4 unicast
 session-group SG
  timers 10 30
 neighbor-group NG
  use session-group SG
  address-family ipv4 unicast
   route-policy PASS in
   next-hop-self
 neighbor 192.0.2.2
  remote-as 65002
  use neighbor-group NG
  address-family ipv4 unicast
   route-policy PASS out
 af-group AG address-family ipv4 unicast
  send-community-ebgp
 neighbor 192.0.2.3
  remote-as 65003
  address-family ipv4 unicast
   use af-group AG
hostname r1
commit
show running-config
EOF2
	assert_success
	[ "$stderr" = "" ]
	assert_output --partial 'hostname r1'
	assert_output --partial 'router bgp 65001
 bgp router-id 192.0.2.254
 address-family ipv4 unicast
 !
 af-group AG address-family ipv4 unicast
  send-community-ebgp
 !
 session-group SG
  timers 10 30
 !
 neighbor-group NG
  use session-group SG
  address-family ipv4 unicast
   route-policy PASS in
   next-hop-self
  !
 !
 neighbor 192.0.2.2
  remote-as 65002
  use neighbor-group NG
  address-family ipv4 unicast
   route-policy PASS out
  !
 !
 neighbor 192.0.2.3
  remote-as 65003
  address-family ipv4 unicast
   use af-group AG
  !
 !
!'
}

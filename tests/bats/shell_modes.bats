#!/usr/bin/env bats
# Modes and navigation through batch mode: XR prompts in an --echo
# transcript, abbreviations, exit / end / root / do, the parent-mode
# fallback and the indentation fallback pasted configs rely on, comments.

bats_require_minimum_version 1.5.0
load helpers

setup() {
	setup_xrsh_env
}

@test "prompts: exec, config, sub-modes; exit pops one level, end and root" {
	run --separate-stderr xr --echo <<'EOF2'
configure terminal
router bgp 65001
neighbor 192.0.2.1
root
router bgp 65001
neighbor 192.0.2.1
exit
exit
exit
no
configure
router bgp 65001
end
no
EOF2
	[ "$status" -eq 0 ]
	[ "$output" = "RP/0/RP0/CPU0:ios#configure terminal
RP/0/RP0/CPU0:ios(config)#router bgp 65001
RP/0/RP0/CPU0:ios(config-bgp)#neighbor 192.0.2.1
RP/0/RP0/CPU0:ios(config-bgp-nbr)#root
RP/0/RP0/CPU0:ios(config)#router bgp 65001
RP/0/RP0/CPU0:ios(config-bgp)#neighbor 192.0.2.1
RP/0/RP0/CPU0:ios(config-bgp-nbr)#exit
RP/0/RP0/CPU0:ios(config-bgp)#exit
RP/0/RP0/CPU0:ios(config)#exit
Uncommitted changes found, commit them before exiting(yes/no/cancel)? [cancel]: no
RP/0/RP0/CPU0:ios#configure
RP/0/RP0/CPU0:ios(config)#router bgp 65001
RP/0/RP0/CPU0:ios(config-bgp)#end
Uncommitted changes found, commit them before exiting(yes/no/cancel)? [cancel]: no" ]
}

@test "the prompt shows the committed hostname" {
	run --separate-stderr xr --echo -c 'conf t' -c 'hostname edge1' \
	    -c 'commit' -c 'end'
	[ "$status" -eq 0 ]
	[ "${lines[3]}" = "RP/0/RP0/CPU0:edge1(config)#end" ]
}

@test "keywords abbreviate at every position, arguments never do" {
	run --separate-stderr xr --echo -c 'conf t' -c 'router b 65001' \
	    -c 'neighbor 192.0.2.1' -c 'rem 65002' -c 'ro' -c 'exit'
	[ "$status" -eq 0 ]
	[ "${lines[1]}" = "RP/0/RP0/CPU0:ios(config)#router b 65001" ]
	[ "${lines[2]}" = "RP/0/RP0/CPU0:ios(config-bgp)#neighbor 192.0.2.1" ]
	[ "${lines[3]}" = "RP/0/RP0/CPU0:ios(config-bgp-nbr)#rem 65002" ]
	[ "${lines[4]}" = "RP/0/RP0/CPU0:ios(config-bgp-nbr)#ro" ]
	[ "${lines[5]}" = "RP/0/RP0/CPU0:ios(config)#exit" ]
	run --separate-stderr xr -c 'sh hist'
	[ "$output" = "sh hist" ]
	# 6500 is not an abbreviation of 65001: a different AS
	run --separate-stderr xr --echo -c 'conf' -c 'router bgp 6500' -c 'sh'
	[[ "$output" == *"router bgp 6500
"* ]]
}

@test "do runs an exec command without leaving the mode" {
	run --separate-stderr xr --echo -c 'configure' -c 'router bgp 1' \
	    -c 'do show history | include ^do' -c 'do sh bogus'
	[ "$status" -eq 1 ]
	[ "$output" = "RP/0/RP0/CPU0:ios#configure
RP/0/RP0/CPU0:ios(config)#router bgp 1
RP/0/RP0/CPU0:ios(config-bgp)#do show history | include ^do
do show history | include ^do
RP/0/RP0/CPU0:ios(config-bgp)#do sh bogus
                                    ^
% Invalid input detected at '^' marker." ]
	run --separate-stderr xr -c 'do show history'
	[ "$status" -eq 1 ]
}

@test "a command of a parent mode runs there and the mode moves up" {
	# `router bgp` exists only in (config): from config-bgp-nbr the stack
	# pops two levels and the line runs there
	run --separate-stderr xr --echo <<'EOF2'
configure
router bgp 65001
neighbor 192.0.2.1
remote-as 65002
router bgp 65001
neighbor 192.0.2.2
exit
EOF2
	[ "$status" -eq 0 ]
	[ "${lines[4]}" = "RP/0/RP0/CPU0:ios(config-bgp-nbr)#router bgp 65001" ]
	[ "${lines[5]}" = "RP/0/RP0/CPU0:ios(config-bgp)#neighbor 192.0.2.2" ]
	[ "${lines[6]}" = "RP/0/RP0/CPU0:ios(config-bgp-nbr)#exit" ]
	# neighbor from config-bgp-nbr: up one level, then into the new one
	run --separate-stderr xr --echo -c 'conf' -c 'router bgp 1' \
	    -c 'neighbor 192.0.2.1' -c 'neighbor 192.0.2.2' -c 'exit'
	[ "${lines[4]}" = "RP/0/RP0/CPU0:ios(config-bgp-nbr)#exit" ]
}

@test "indentation puts a line back into the block it belongs to" {
	# after end-set we are in (config); ' address-family ipv6 unicast'
	# is valid there in no mode on the stack, its indentation says it
	# belongs to the less indented 'router bgp' line above it
	run --separate-stderr xr --echo <<'EOF2'
configure
router bgp 65001
 address-family ipv4 unicast
  community-set C1
   65001:100
  end-set
  !
 address-family ipv6 unicast
 !
 neighbor 192.0.2.1
  remote-as 65002
EOF2
	[ "$status" -eq 0 ]
	[ "${lines[6]}" = "RP/0/RP0/CPU0:ios(config)#  !" ]
	[ "${lines[7]}" = "RP/0/RP0/CPU0:ios(config)# address-family ipv6 unicast" ]
	[ "${lines[8]}" = "RP/0/RP0/CPU0:ios(config-bgp-af)# !" ]
	[ "${lines[9]}" = "RP/0/RP0/CPU0:ios(config-bgp-af)# neighbor 192.0.2.1" ]
	[ "${lines[10]}" = "RP/0/RP0/CPU0:ios(config-bgp-nbr)#  remote-as 65002" ]
}

@test "indentation never rescues a line valid nowhere" {
	run --separate-stderr xr --echo -c 'configure' -c 'router bgp 1' \
	    -c ' bogus-command'
	[ "$status" -eq 1 ]
	[ "${lines[3]}" = "                               ^" ]
}

@test "! lines, # lines, blank lines and indentation are ignored" {
	run --separate-stderr xr --echo <<'EOF2'
! a comment
# a remark outside any policy

   configure
  ! indented comment
router bgp 65001
  !
EOF2
	[ "$status" -eq 0 ]
	[ "${lines[4]}" = "RP/0/RP0/CPU0:ios(config)#  ! indented comment" ]
	[ "${lines[6]}" = "RP/0/RP0/CPU0:ios(config-bgp)#  !" ]
	run --separate-stderr xr -c '!' -c '' -c '# x' -c 'show history'
	[ "$output" = "show history" ]
}

@test "exit in exec ends the session; nothing after it runs" {
	run --separate-stderr xr -c 'exit' -c 'show bogus'
	[ "$status" -eq 0 ]
	[ "$stderr" = "" ]
}

@test "do also works inside a route-policy block and is not part of it" {
	run --separate-stderr xr --echo -c 'configure' -c 'route-policy P1' \
	    -c 'do show history | include ^route' -c 'pass' -c 'end-policy' \
	    -c 'show configuration'
	[ "$status" -eq 0 ]
	[ "${lines[3]}" = "route-policy P1" ]
	[ "${lines[4]}" = "RP/0/RP0/CPU0:ios(config-rpl)#pass" ]
	[[ "$output" == *"route-policy P1
  pass
end-policy"* ]]
	[[ "$output" != *"  do show"* ]]
}

#!/usr/bin/env bats
# The matcher's error texts through batch mode: the caret under the first
# bad character (after the "FILE:LINE: " prefix, or under prompt + line in
# an --echo transcript), incomplete and ambiguous commands; a bad line runs
# nothing and the session goes on.

bats_require_minimum_version 1.5.0
load helpers

setup() {
	setup_xrsh_env
	cd "$BATS_TEST_TMPDIR"
}

@test "invalid input: caret under the bad token on stderr, run stops, exit 1" {
	printf 'configure\nhostname r1\nrouter bgp 65001 bogus\ndo show history\n' >script.txt
	run --separate-stderr xr -f script.txt
	[ "$status" -eq 1 ]
	[ "$output" = "" ]
	[ "$stderr" = "script.txt:3: router bgp 65001 bogus
script.txt:3:                  ^
script.txt:3: % Invalid input detected at '^' marker." ]
}

@test "invalid input in a transcript: caret column = prompt length + offset" {
	run --separate-stderr xr --echo -c 'configure' -c 'router bgp 65001 bogus'
	[ "$status" -eq 1 ]
	# "RP/0/RP0/CPU0:ios(config)#" is 26 characters, bogus is at offset 17
	[ "$output" = "RP/0/RP0/CPU0:ios#configure
RP/0/RP0/CPU0:ios(config)#router bgp 65001 bogus
                                           ^
% Invalid input detected at '^' marker." ]
	[ "$stderr" = "" ]
}

@test "caret under an out-of-range number and under extra tokens" {
	run --separate-stderr xr -c 'terminal length 513'
	[ "$status" -eq 1 ]
	[ "$stderr" = "-c:1: terminal length 513
-c:1:                 ^
-c:1: % Invalid input detected at '^' marker." ]
	run --separate-stderr xr -c 'show  clock  now'
	[ "$stderr" = "-c:1: show  clock  now
-c:1:              ^
-c:1: % Invalid input detected at '^' marker." ]
}

@test "caret counts leading indentation of the line as typed" {
	run --separate-stderr xr --echo -c '   show bogus'
	[ "$output" = "RP/0/RP0/CPU0:ios#   show bogus
                          ^
% Invalid input detected at '^' marker." ]
}

@test "incomplete command" {
	run --separate-stderr xr -c 'terminal length'
	[ "$status" -eq 1 ]
	[ "$stderr" = "-c:1: terminal length
-c:1: % Incomplete command." ]
	run --separate-stderr xr --echo -c 'configure' -c 'router bgp'
	[ "$output" = "RP/0/RP0/CPU0:ios#configure
RP/0/RP0/CPU0:ios(config)#router bgp
% Incomplete command." ]
}

@test "ambiguous abbreviation names the line as typed" {
	run --separate-stderr xr -c 'configure' -c 'e'
	[ "$status" -eq 1 ]
	[ "$stderr" = '-c:2: e
-c:2: % Ambiguous command: "e"' ]
	run --separate-stderr xr --echo -c 'ter le 5' -c 'sh  c'
	[ "$status" -eq 1 ]
	[ "$output" = 'RP/0/RP0/CPU0:ios#ter le 5
RP/0/RP0/CPU0:ios#sh  c
% Ambiguous command: "sh  c"' ]
}

@test "a rejected line changes nothing and the session goes on" {
	run --separate-stderr xr --echo --continue -c 'configure' \
	    -c 'hostname r1 extra' -c 'router bgp' -c 'exit' -c 'show history'
	[ "$status" -eq 1 ]
	# still in (config) after both errors; exit then leaves it
	[ "${lines[3]}" = "% Invalid input detected at '^' marker." ]
	[ "${lines[4]}" = "RP/0/RP0/CPU0:ios(config)#router bgp" ]
	[ "${lines[6]}" = "RP/0/RP0/CPU0:ios(config)#exit" ]
	[ "${lines[7]}" = "RP/0/RP0/CPU0:ios#show history" ]
	run --separate-stderr xr -c 'show running-config'
	[[ "$output" != *"hostname r1"* ]]
}

@test "a handler error is prefixed with FILE:LINE" {
	printf 'show history | include (x\n' >bad.txt
	run --separate-stderr xr -f bad.txt
	[ "$status" -eq 1 ]
	[[ "$stderr" == "bad.txt:1: % Invalid regular expression \"(x\" at offset 2: "* ]]
}

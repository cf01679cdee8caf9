#!/usr/bin/env bats
# Output modifiers: | include / exclude / begin / count, chained and
# abbreviated, PCRE2 regexes; a bad regex is an error naming it; `|`
# inside quotes is not a pipe; | json only where a command has it.

bats_require_minimum_version 1.5.0
load helpers

setup() {
	setup_xrsh_env
}

# four history lines to filter, then the filtered command itself
hist() {
	xr -c 'configure' -c 'exit' -c 'terminal length 0' -c 'terminal width 80' "$@"
}

@test "include, exclude, begin" {
	run --separate-stderr hist -c 'show history | include ^term'
	[ "$status" -eq 0 ]
	[ "$output" = "terminal length 0
terminal width 80" ]
	run --separate-stderr hist -c 'show history | exclude term'
	[ "$output" = "configure
exit" ]
	run --separate-stderr hist -c 'show history | begin ^exit'
	[ "$output" = "exit
terminal length 0
terminal width 80
show history | begin ^exit" ]
}

@test "count prints the number of lines" {
	run --separate-stderr hist -c 'show history | count'
	[ "$output" = "5" ]
	run --separate-stderr hist -c 'show history | include ^zzz | count'
	[ "$output" = "0" ]
}

@test "stages chain and abbreviate, PCRE2 syntax" {
	run --separate-stderr hist -c 'show history | i "^(conf|term)" | e width'
	[ "$status" -eq 0 ]
	[ "$output" = "configure
terminal length 0" ]
	run --separate-stderr hist -c 'sh hist | in \d$ | cou'
	[ "$output" = "2" ]
}

@test "| inside quotes belongs to the regex" {
	run --separate-stderr hist -c 'show history | include "^(exit|ter.* w)"'
	[ "$output" = "exit
terminal width 80" ]
	# unquoted, a bar inside a group is alternation as well
	run --separate-stderr hist -c 'show history | include ^(exit|terminal.width)'
	[ "$output" = "exit
terminal width 80" ]
	# but a bar outside any group starts a new stage
	run --separate-stderr hist -c 'show history | include exit|terminal'
	[ "$status" -eq 1 ]
}

@test "a bad regex is an error naming it and its offset; nothing runs" {
	run --separate-stderr xr -c 'show history | include a(b'
	[ "$status" -eq 1 ]
	[ "$output" = "" ]
	[ "$stderr" = '-c:1: % Invalid regular expression "a(b" at offset 3: missing closing parenthesis' ]
}

@test "| json where the command has no JSON rendering: caret under json" {
	run --separate-stderr xr -c 'terminal length 24 | json'
	[ "$status" -eq 1 ]
	[ "$stderr" = "-c:1: terminal length 24 | json
-c:1:                      ^
-c:1: % Invalid input detected at '^' marker." ]
}

@test "an unknown or missing modifier is a matcher error" {
	run --separate-stderr xr -c 'show history | frob'
	[ "$status" -eq 1 ]
	[ "${stderr_lines[1]}" = "-c:1:                ^" ]
	run --separate-stderr xr -c 'show history | include'
	[ "$status" -eq 1 ]
	[ "${stderr_lines[1]}" = "-c:1: % Incomplete command." ]
}

@test "pipes work after do in config mode" {
	run --separate-stderr xr -c 'configure' -c 'do show history | include ^con'
	[ "$output" = "configure" ]
}

@test "| json selects the JSON rendering of a command that has one" {
	run --separate-stderr xr -c 'show configuration commit list | json'
	[ "$status" -eq 0 ]
	[ "$output" = "[]" ]
	run --separate-stderr xr -c 'describe show configuration commit list | j'
	[ "$output" = "  json  Output in JSON format" ]
}

@test "a bar inside ( ) or [ ] of a filter regex is alternation, not a pipe" {
	run --separate-stderr xr -c 'show version | include (Version|uptime)'
	assert_success
	[ "${#lines[@]}" -eq 2 ]
	run --separate-stderr xr -c 'show version | include (Version|uptime) | count'
	assert_success
	[ "$output" = "2" ]
	run --separate-stderr xr -c 'show version | include [|]'
	assert_success
	[ "$output" = "" ]
}

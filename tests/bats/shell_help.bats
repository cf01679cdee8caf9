#!/usr/bin/env bats
# `?` and TAB without a terminal: the hidden `describe <line>` prints what
# `?` prints, `complete <line>` what TAB offers, relative to the current
# mode.  Format: two spaces, label padded to the longest + 2, help; `|`
# and `<cr>` last.  And every installed row passes the start-up check.

bats_require_minimum_version 1.5.0
load helpers

setup() {
	setup_xrsh_env
}

@test "every installed row has help, no duplicates (start-up check)" {
	run --separate-stderr "$XRSH" --check-grammar
	[ "$stderr" = "" ]
	[ "$status" -eq 0 ]
}

@test "describe: next-token help after a space" {
	run --separate-stderr xr -c 'describe terminal '
	[ "$status" -eq 0 ]
	[ "$output" = "  length   Set number of lines on a screen
  monitor  Copy log messages to the current terminal line
  width    Set width of the display terminal" ]
	run --separate-stderr xr -c 'describe terminal length '
	[ "$output" = "  <0-512>  Number of lines on screen (0 for no pausing)" ]
}

@test "describe: <cr> when the command may end, | for output modifiers" {
	run --separate-stderr xr -c 'describe show clock '
	[ "$output" = "  |  Output Modifiers
  <cr>" ]
	run --separate-stderr xr -c 'describe configure '
	[ "$output" = "  exclusive  Configure exclusively from this terminal
  terminal   Configure from the terminal
  |          Output Modifiers
  <cr>" ]
}

@test "describe: completions of a partial word" {
	run --separate-stderr xr -c 'describe sh'
	[ "$output" = "  show  Show running system information" ]
	run --separate-stderr xr -c 'describe terminal l'
	[ "$output" = "  length  Set number of lines on a screen" ]
}

@test "describe: output modifiers after |" {
	run --separate-stderr xr -c 'describe show clock | '
	[ "$output" = "  begin    Begin with the line that matches
  count    Count the number of lines in the output
  exclude  Exclude lines that match
  include  Include lines that match
  json     Output in JSON format" ]
	run --separate-stderr xr -c 'describe show clock | i'
	[ "$output" = "  include  Include lines that match" ]
}

@test "describe: an invalid line shows the caret" {
	run --separate-stderr xr -c 'describe show bogus '
	[ "$output" = "     ^
% Invalid input detected at '^' marker." ]
	run --separate-stderr xr -c 'describe zzz'
	[ "$output" = "^
% Invalid input detected at '^' marker." ]
}

@test "describe follows the mode stack; do describes exec commands" {
	run --separate-stderr xr -c 'configure' -c 'router bgp 1' \
	    -c 'describe exi' -c 'describe do sh' -c 'describe do show cl'
	[ "$output" = "  exit  Exit from this submode
  show  Show running system information
  clock  Display the system clock" ]
}

@test "hidden commands are not offered" {
	run --separate-stderr xr -c 'describe '
	[ "$status" -eq 0 ]
	[[ "$output" == *"  configure "* ]]
	[[ "$output" != *"describe"* ]]
	[[ "$output" != *"complete"* ]]
	[[ "$output" != *"debug"* ]]
	run --separate-stderr xr -c 'complete de'
	[ "$output" = "" ]
}

@test "complete: what TAB offers" {
	run --separate-stderr xr -c 'complete sh'
	[ "$output" = "show" ]
	run --separate-stderr xr -c 'complete show cl'
	[ "$output" = "clock" ]
	run --separate-stderr xr -c 'complete terminal '
	[ "$output" = "length
monitor
width" ]
	# arguments are not completed with labels
	run --separate-stderr xr -c 'complete terminal length '
	[ "$output" = "" ]
}

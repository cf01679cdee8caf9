#!/usr/bin/env bats
# `terminal width N` (0-512, 0: no limit) and `show terminal`.  An output
# line wider than the width goes on over the next lines, as the terminal
# shows it; `| include` and friends see the whole line, JSON is never
# broken.  Scripts get no limit unless they set one (their output is
# unchanged); interactively the width follows the terminal window until
# `terminal width` sets it.

load helpers
load tmux
bats_require_minimum_version 1.5.0

DESC="peer $(seq -s ' ' 1 40)"		# 115 characters

# a committed neighbor with a long description
setup() {
	run --separate-stderr xr -c configure -c 'router bgp 1' \
	    -c 'neighbor 192.0.2.1' -c 'remote-as 2' -c "description $DESC" \
	    -c commit
	[ "$status" -eq 0 ]
}

teardown() {
	tmux_end "${SOCK:-}"
}

@test "show terminal: a script has no paging and no width limit" {
	run --separate-stderr xr -c 'show terminal'
	assert_success
	assert_output 'Line con0_RP0_CPU0, Location "0/RP0/CPU0", Type "Console"
Length: 0 lines, Width: 0 columns'
	run --separate-stderr xr -c 'terminal length 30' -c 'terminal width 132' \
	    -c 'show terminal' -c 'show terminal | json'
	assert_success
	assert_line 'Length: 30 lines, Width: 132 columns'
	assert_line '{"line":"con0_RP0_CPU0","length":30,"width":132,"monitor":false}'
}

@test "terminal width ? shows the range; out of range is refused" {
	run --separate-stderr xr -c 'describe terminal width '
	assert_output '  <0-512>  Number of characters on a screen line (0 for no limit)'
	run --separate-stderr xr -c 'terminal width 513'
	[ "$status" -eq 1 ]
	run --separate-stderr xr -c 'describe show term'
	assert_output '  terminal  Display terminal configuration parameters'
}

@test "by default a long line is printed whole" {
	run --separate-stderr xr -c 'show running-config router bgp'
	assert_success
	assert_line "  description $DESC"
}

@test "terminal width N: longer lines go on over the next lines" {
	run --separate-stderr xr -c 'terminal width 50' \
	    -c 'show running-config router bgp'
	assert_success
	full="  description $DESC"
	# 129 characters: 50 + 50 + 29
	assert_line "${full:0:50}"
	assert_line "${full:50:50}"
	assert_line "${full:100}"
	run awk 'length > 50' <<<"$output"
	assert_output ''
	# nothing is lost: the pieces join back into the line
	run --separate-stderr xr -c 'terminal width 50' \
	    -c 'show bgp neighbors 192.0.2.1'
	assert_success
	joined=$(grep -A2 '^ Description:' <<<"$output" | tr -d '\n')
	[ "$joined" = " Description: $DESC" ]
}

@test "terminal width 0 is no limit again" {
	run --separate-stderr xr -c 'terminal width 40' -c 'terminal width 0' \
	    -c 'show running-config router bgp'
	assert_success
	assert_line "  description $DESC"
}

@test "filters see whole lines; JSON is never broken" {
	run --separate-stderr xr -c 'terminal width 40' \
	    -c 'show running-config | include description'
	assert_success
	full="  description $DESC"
	assert_output "$(fold -w 40 <<<"$full")"
	[ "${#lines[@]}" -eq 4 ]
	run --separate-stderr xr -c 'terminal width 40' \
	    -c 'show running-config | include description | count'
	assert_output '1'
	run --separate-stderr xr -c 'terminal width 20' \
	    -c 'show running-config | json'
	assert_success
	[ "${#lines[@]}" -eq 1 ]
	jq -e . <<<"$output" >/dev/null
}

@test "interactively the width is the window's until terminal width sets it" {
	command -v tmux >/dev/null || skip "tmux is not installed"
	SOCK="$BATS_TEST_TMPDIR/tmux.sock"
	mkdir -p "$BATS_TEST_TMPDIR/home" "$BATS_TEST_TMPDIR/state"
	tmux -S "$SOCK" new-session -d -x 100 -y 40 "env \
	    HOME='$BATS_TEST_TMPDIR/home' \
	    XDG_STATE_HOME='$BATS_TEST_TMPDIR/state' TERM=xterm \
	    '$XRSH' --offline --config '$BATS_TEST_TMPDIR/running.cfg' \
	    2>'$BATS_TEST_TMPDIR/stderr'; sleep 30"
	local ok=
	tmux -S "$SOCK" send-keys -l -- 'show terminal'
	tmux -S "$SOCK" send-keys Enter
	for i in $(seq 1 100); do
		tmux -S "$SOCK" capture-pane -p | grep -q 'Width: 100 columns' &&
		    { ok=1; break; }
		sleep 0.1
	done
	tmux -S "$SOCK" send-keys -l -- 'terminal width 60'
	tmux -S "$SOCK" send-keys Enter
	tmux -S "$SOCK" send-keys -l -- 'show terminal'
	tmux -S "$SOCK" send-keys Enter
	local ok2=
	for i in $(seq 1 100); do
		tmux -S "$SOCK" capture-pane -p | grep -q 'Width: 60 columns' &&
		    { ok2=1; break; }
		sleep 0.1
	done
	screen=$(tmux -S "$SOCK" capture-pane -p)
	tmux_end "$SOCK"
	[ -n "$ok" ] || fail "no 'Width: 100 columns': $screen"
	[ -n "$ok2" ] || fail "no 'Width: 60 columns': $screen"
	grep -q 'Length: 24 lines' <<<"$screen"
}

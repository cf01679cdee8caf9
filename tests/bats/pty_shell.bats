#!/usr/bin/env bats
# The interactive shell in a real pseudo-terminal (tmux): `?` lists help at
# once and redraws the line, TAB completes, the caret error, Ctrl-C clears
# the line, Ctrl-Z is `end`, persistent history, and an engine log line
# arriving while a line is half typed is printed above the prompt with the
# typed text redrawn intact.

bats_require_minimum_version 1.5.0
load helpers
load tmux

PROMPT='RP/0/RP0/CPU0:ios#'

setup() {
	command -v tmux >/dev/null || skip "tmux is not installed"
	mkdir -p "$BATS_TEST_TMPDIR/home" "$BATS_TEST_TMPDIR/state"
	TSOCK="$BATS_TEST_TMPDIR/tmux.sock"
}

teardown() {
	tmux_end
}

# waits until a whole screen line is exactly $1
wait_line() {
	local i
	for i in $(seq 1 100); do
		screen | grep -qxF -- "$1" && return 0
		sleep 0.1
	done
	echo "no such line: $1"
	screen
	return 1
}

start_shell() {
	# exit status and stderr land in files (sanitizer reports included)
	T new-session -d -x 160 -y 50 "env HOME='$BATS_TEST_TMPDIR/home' \
	    XDG_STATE_HOME='$BATS_TEST_TMPDIR/state' TERM=xterm \
	    '$XRSH' --offline --config '$BATS_TEST_TMPDIR/running.cfg' \
	    2>'$BATS_TEST_TMPDIR/stderr'; echo \$? >'$BATS_TEST_TMPDIR/rc'; \
	    sleep 30"
	wait_for "$PROMPT"
}

@test "? lists the next tokens at once and redraws the line" {
	start_shell
	type_text 'show ?'
	wait_for 'Display the system clock'
	screen | grep -qE '^  clock +Display the system clock$'
	screen | grep -qE '^  version +Software version info$'
	[ "$(last_line)" = "${PROMPT}show" ]
	# the redrawn line is still being edited: finish and run it
	type_text 'clock'
	T send-keys Enter
	wait_for ' UTC '
	screen | grep -qE '^[0-2][0-9]:[0-5][0-9]:[0-6][0-9]\.[0-9]{3} '
}

@test "TAB completes a unique keyword prefix" {
	start_shell
	type_text 'sh'
	T send-keys Tab
	wait_for "${PROMPT}show"
	type_text 'hist'
	T send-keys Tab
	wait_for "${PROMPT}show history"
	T send-keys Enter
	wait_for 'show history'
	[ "$(last_line)" = "$PROMPT" ]
	screen | grep -qx 'show history'
}

@test "the caret error sits under the bad token" {
	start_shell
	type_text 'sh clock bogus'
	T send-keys Enter
	wait_for "% Invalid input detected at '^' marker."
	# "RP/0/RP0/CPU0:ios#" is 18 columns, "bogus" starts at offset 9
	screen | grep -qx "$(printf '%27s' '')^"
	[ "$(last_line)" = "$PROMPT" ]
}

@test "a log message arriving mid-line is printed above; the line survives" {
	start_shell
	type_text 'debug log-message 1 hello-async'
	T send-keys Enter
	type_text 'show ver'
	wait_line 'hello-async'
	wait_line "${PROMPT}show ver"
	[ "$(last_line)" = "${PROMPT}show ver" ]
	type_text 'sion'
	T send-keys Enter
	wait_for 'Version'
}

@test "Ctrl-C clears the line, Ctrl-Z returns to exec, history persists" {
	start_shell
	type_text 'configure'
	T send-keys Enter
	wait_for 'RP/0/RP0/CPU0:ios(config)#'
	type_text 'garbage-never-run'
	T send-keys C-c
	T send-keys C-z
	wait_for "$PROMPT"
	[ "$(last_line)" = "$PROMPT" ]
	! screen | grep -q "Invalid input"
	type_text 'exit'
	T send-keys Enter
	for i in $(seq 1 100); do
		[ -s "$BATS_TEST_TMPDIR/rc" ] && break
		sleep 0.1
	done
	[ "$(cat "$BATS_TEST_TMPDIR/rc")" = 0 ]
	[ ! -s "$BATS_TEST_TMPDIR/stderr" ]
	grep -q '^configure$' "$BATS_TEST_TMPDIR/state/xrsh/history"
	! grep -q 'garbage' "$BATS_TEST_TMPDIR/state/xrsh/history"
}

@test "terminal length pages output with --More--; q drops the rest" {
	start_shell
	for c in 'terminal length 5' 'show clock' 'show clock' 'show clock'; do
		type_text "$c"
		T send-keys Enter
	done
	type_text 'show history | include ^[ts]'
	T send-keys Enter
	# timestamp + 3 history lines fill the page (5 - 1 for the prompt)
	wait_line ' --More--'
	[ "$(last_line)" = ' --More--' ]
	T send-keys q
	wait_line "$PROMPT"
	[ "$(last_line)" = "$PROMPT" ]
	# the 4th history line never made it to the screen (counted below the
	# command's own line: keys typed ahead may be echoed by the tty
	# while the shell is busy, leaving a bare "show clock" line above)
	[ "$(screen | sed -n '/#show history | include/,$p' |
	    grep -cx 'show clock')" -eq 2 ]
	type_text 'terminal length 0'
	T send-keys Enter
	type_text 'show history | count'
	T send-keys Enter
	wait_line '7'
	! screen | grep -q -- '--More--.*--More--'
}

# Helpers for the suites that drive xrsh in a real pseudo-terminal
# (tmux): the tmux server lives on $TSOCK, which the suite's setup() sets.

T() {
	tmux -S "$TSOCK" "$@"
}

screen() {
	T capture-pane -p
}

last_line() {
	screen | sed '/^$/d' | tail -n 1
}

# waits (up to 10 s) until the screen shows the fixed string $1
wait_for() {
	local i
	for i in $(seq 1 100); do
		screen | grep -qF -- "$1" && return 0
		sleep 0.1
	done
	echo "never appeared: $1"
	screen
	return 1
}

type_text() {
	T send-keys -l -- "$1"
}

# Ends the tmux server on $1 (default $TSOCK) without hanging up on what
# runs in it.  A hangup can leave xrsh of the sanitizer build (CI's)
# spinning at exit for ever: LeakSanitizer's tracer loses its SIGSTOP to
# the SIGCONT the hangup sends, and the orphan then eats a CPU for the rest
# of the suite.  So each pane's program gets SIGTERM and a few seconds,
# then the server goes, then SIGKILL for anything left.
tmux_end() {
	local sock=${1:-${TSOCK:-}} pane kids="" p i alive
	[ -n "$sock" ] && [ -S "$sock" ] || return 0
	for pane in $(tmux -S "$sock" list-panes -a -F '#{pane_pid}' \
	    2>/dev/null); do
		kids="$kids $(pgrep -P "$pane" || true)"
	done
	for p in $kids; do kill -TERM "$p" 2>/dev/null || true; done
	for i in $(seq 1 50); do
		alive=
		for p in $kids; do
			kill -0 "$p" 2>/dev/null && alive=1
		done
		[ -z "$alive" ] && break
		sleep 0.1
	done
	tmux -S "$sock" kill-server 2>/dev/null || true
	for p in $kids; do kill -KILL "$p" 2>/dev/null || true; done
}

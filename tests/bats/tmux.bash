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

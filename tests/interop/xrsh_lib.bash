# shellcheck shell=bash
# shellcheck disable=SC2154  # $output, $status: set by bats' run
# tests/interop/xrsh_lib.bash - drive a live xrsh against the real daemons
# of lib.bash.  Loaded by xrsh_script.bats and xrsh_foreground.bats after
# lib.bash; the scenario_* functions at the end are the tests themselves,
# run once per daemon and per mode.
#
# An xrsh instance (NAME) runs in the background in its own directory
# $INTEROP_TMP/NAME with its commands coming from a FIFO (NAME/in) that a
# keeper process holds open, so the test can type at it while its sessions
# run:
#   XI_MODE=script      xrsh --config C --echo --continue --port P
#                            --listen ... <NAME/in
#                       the configuration is typed (configure ... commit);
#                       the end of the script (keeper gone = EOF) ends the
#                       process, which closes its sessions with a Cease.
#   XI_MODE=foreground  xrsh --config C --foreground --echo --continue
#                            --port P --listen ... -f NAME/in
#                       the configuration is the saved --config file, loaded
#                       at start; the log (ADJCHANGE, ...) is on stdout; at
#                       the end of the script it keeps running, and SIGTERM
#                       closes its sessions with a Cease and exits 0.
# Output: NAME/out (stdout), NAME/err (stderr).  `--echo` prints every line
# read with its prompt; xr_run sends lines between two marker comments
# (`! xi-begin-ID`, `! xi-end-ID`) and returns what was printed between
# their echoes (errors: `ORIGIN:LINE: % ...` on stderr).
#
# Addressing (lib.bash only allows 127/8 and ::1): xrsh is 127.0.0.1 and
# ::1 on port P (its --port is both the listening and the connecting port).
# IPv4 daemons listen on 127.0.0.2 / 127.0.0.3 port P, so xrsh and they
# can both connect.  IPv6 has only ::1, and one --port cannot serve two
# speakers there in both directions: xrsh listening on [::1]:P and
# connecting to [::1]:P would reach its own listener.  So one side only
# connects:
#   xrsh passive: a daemon listens on [::1]:Q (Q != P) and connects to
#     xrsh's [::1]:P; xrsh's ::1 neighbor is session-open-mode passive-only;
#   xrsh active: xrsh has no IPv6 listener (--listen 127.0.0.1 only) and
#     connects to [::1]:P where the daemon listens (PASSIVE=yes);
#     the neighbor is session-open-mode active-only.
# scenario_main does both (x passive, y active).
#
# NETWORK SAFETY: XRSH_LOOPBACK_ONLY=1 is exported for every xrsh run and
# xrsh_launch refuses a --listen or neighbor address outside loopback.

XRSH=${XRSH:-$BATS_TEST_DIRNAME/../../xrsh}
XI_MODE=${XI_MODE:-script}
# seconds a command may take before xr_cmd gives up (a `debug bgp wait`
# line extends it by its own timeout)
XI_CMD_TIMEOUT=${XI_CMD_TIMEOUT:-10}
# a session must stay Established this long (hold 9, keepalive 3)
XI_STAY=${XI_STAY:-7}

export XRSH_LOOPBACK_ONLY=1

xi_setup() {
	export XRSH_LOOPBACK_ONLY=1
	interop_tmpdir >/dev/null
	# xi_nap's fd: a FIFO nobody writes to, read with a timeout
	mkfifo "$INTEROP_TMP/nap"
	exec {XI_NAP_FD}<>"$INTEROP_TMP/nap"
	[ -x "$XRSH" ] || { echo "xrsh binary $XRSH not found (make first)" >&2; return 1; }
}

# xi_nap SECONDS: sleep without a fork (polls run often, forks are dear
# on a loaded machine)
xi_nap() {
	if [ -n "${XI_NAP_FD:-}" ]; then
		read -r -t "$1" -u "$XI_NAP_FD" _ || true
	else
		sleep "$1"
	fi
}

# xi_teardown: dump everything on failure, stop every xrsh (keeper first,
# then SIGTERM, SIGKILL after 5 s) and every daemon, release the ports.
xi_teardown() {
	local ports=
	if [ -z "${BATS_TEST_COMPLETED:-}" ]; then
		xrsh_dump_logs
		interop_dump_logs
	fi
	[ -n "${INTEROP_TMP:-}" ] && ports=$(cat "$INTEROP_TMP/ports" 2>/dev/null)
	xrsh_stop_all
	stop_all_daemons
	# shellcheck disable=SC2086
	xi_release_ports $ports
	if [ -n "${XI_NAP_FD:-}" ]; then
		exec {XI_NAP_FD}>&-
		XI_NAP_FD=
	fi
}

# Ports.  Each scenario needs five consecutive ports P..P+4 (see the
# scenarios).  The suites may run concurrently (several `make check` on
# one machine, bats --jobs), so a test reserves its ports: an atomic mkdir
# of $XI_PORT_LOCKS/P holding the test's pid (a lock whose owner is gone
# is stale), and nothing may be listening on them.  The preferred base
# comes from the bats file; on a clash the next free one in the range is
# taken.
XI_PORT_LOCKS=${XI_PORT_LOCKS:-/tmp/xi-ports}
XI_PORT_MIN=${XI_PORT_MIN:-18100}
XI_PORT_MAX=${XI_PORT_MAX:-18995}

xi_ports_free() {
	local p=$1
	! ss -Hltn 2>/dev/null | awk -v lo="$p" -v hi=$((p + 4)) '
		{ n = split($4, a, ":"); if (a[n] + 0 >= lo && a[n] + 0 <= hi) found = 1 }
		END { exit !found }'
}

# xi_reserve_ports PREFERRED: print a reserved base port
xi_reserve_ports() {
	local p=$1 i owner
	mkdir -p "$XI_PORT_LOCKS" 2>/dev/null
	for ((i = 0; i < 400; i++)); do
		if mkdir "$XI_PORT_LOCKS/$p" 2>/dev/null; then
			echo "$$" >"$XI_PORT_LOCKS/$p/pid"
			if xi_ports_free "$p"; then
				echo "$p" >>"$INTEROP_TMP/ports"
				echo "$p"
				return 0
			fi
			rm -rf "${XI_PORT_LOCKS:?}/$p"
		else
			owner=$(cat "$XI_PORT_LOCKS/$p/pid" 2>/dev/null)
			if [ -n "$owner" ] && ! kill -0 "$owner" 2>/dev/null; then
				rm -rf "${XI_PORT_LOCKS:?}/$p"
				continue
			fi
		fi
		p=$((p + 5))
		[ "$p" -le "$XI_PORT_MAX" ] || p=$XI_PORT_MIN
	done
	interop_die "no free ports in $XI_PORT_MIN-$XI_PORT_MAX"
}

xi_release_ports() {
	local p
	for p in "$@"; do
		[ "$(cat "$XI_PORT_LOCKS/$p/pid" 2>/dev/null)" = "$$" ] && rm -rf "${XI_PORT_LOCKS:?}/$p"
	done
	return 0
}

# ---------------------------------------------------------------------------
# xrsh instances

xi_dir() {
	echo "$INTEROP_TMP/$1"
}

# xrsh_launch NAME PORT CONFIG_FILE LISTEN_ADDR...: start xrsh in XI_MODE
# with CONFIG_FILE (configuration text, as `show running-config` prints
# it), listening on the LISTEN_ADDRs at PORT.  Does not wait.
xrsh_launch() {
	local name=$1 port=$2 cfg=$3
	shift 3
	local dir a listen=() nbr
	interop_require_loopback "$@" || return 1
	# shellcheck disable=SC2013
	for nbr in $(sed -n 's/^ *neighbor \([0-9a-fA-F.:]*\) *$/\1/p' "$cfg"); do
		interop_require_loopback "$nbr" || return 1
	done
	dir=$(xi_dir "$name")
	[ ! -e "$dir" ] || { interop_die "xrsh instance $name exists"; return 1; }
	mkdir -p "$dir"
	mkfifo "$dir/in"
	for a in "$@"; do listen+=(--listen "$a"); done
	echo "$port" >"$dir/port"
	cp "$cfg" "$dir/config.txt"
	: >"$dir/out"
	: >"$dir/err"
	if [ "$XI_MODE" = foreground ]; then
		cp "$cfg" "$dir/running.cfg"
		(exec 3>&-; exec "$XRSH" --config "$dir/running.cfg" --foreground --echo \
			--continue --port "$port" "${listen[@]}" -f "$dir/in" \
			</dev/null >"$dir/out" 2>"$dir/err") &
	else
		(exec 3>&-; exec "$XRSH" --config "$dir/running.cfg" --echo --continue \
			--port "$port" "${listen[@]}" <"$dir/in" >"$dir/out" 2>"$dir/err") &
	fi
	echo $! >"$dir/pid"
	# the keeper holds the FIFO's write end: EOF only when it goes
	(exec 3>&-; exec sleep 100000) >"$dir/in" &
	echo $! >"$dir/keeper"
	echo "$name" >>"$INTEROP_TMP/xrsh_instances"
}

# xrsh_ready NAME: wait until a launched xrsh runs its script.  Script
# mode: type its configuration (configure, TEXT, commit, end).
# Foreground: it loaded the configuration file at start (no complaint on
# stderr) and answers a command.
xrsh_ready() {
	local name=$1 dir
	dir=$(xi_dir "$name")
	if ! wait_for 5 xi_started "$name" 2>/dev/null; then
		echo "xrsh $name did not start:" >&2
		cat "$dir/out" "$dir/err" >&2
		return 1
	fi
	if [ "$XI_MODE" = foreground ]; then
		# the saved configuration loaded without a complaint
		if grep -q . "$dir/err"; then
			echo "xrsh $name: stderr at start:" >&2
			cat "$dir/err" >&2
			return 1
		fi
		# the script (FIFO) is read: a command answers
		xr_cmd "$name" 'show bgp summary' >/dev/null
	else
		xr_config "$name" <"$dir/config.txt"
	fi
}

xi_started() {
	xrsh_alive "$1" || return 2
	[ "$XI_MODE" != foreground ] ||
		grep -q 'running in the foreground: BGP online' "$(xi_dir "$1")/out"
}

xrsh_pid() {
	cat "$(xi_dir "$1")/pid" 2>/dev/null
}

xrsh_alive() {
	local pid
	pid=$(xrsh_pid "$1") && interop_pid_alive "$pid"
}

# xrsh_end_script NAME: close the script (EOF on the FIFO).  Script mode:
# xrsh exits; foreground mode: it runs on until SIGTERM.
xrsh_end_script() {
	local dir k
	dir=$(xi_dir "$1")
	k=$(cat "$dir/keeper" 2>/dev/null) || return 0
	kill -TERM "$k" 2>/dev/null || true
	wait "$k" 2>/dev/null || true
	rm -f "$dir/keeper"
	return 0
}

# xrsh_wait_exit NAME TIMEOUT: wait for the process to end; its exit
# status goes to XI_RC.  (Not in a $(...) subshell: only the shell that
# started xrsh can collect its status.)
xrsh_wait_exit() {
	local pid
	XI_RC=
	pid=$(xrsh_pid "$1") || return 1
	wait_for "$2" xi_not_alive "$pid" || return 1
	XI_RC=0
	wait "$pid" 2>/dev/null || XI_RC=$?
	rm -f "$(xi_dir "$1")/pid"
}

xi_not_alive() {
	! interop_pid_alive "$1"
}

# xrsh_stop NAME: end the script, then SIGTERM, SIGKILL after 5 s.
xrsh_stop() {
	local pid i
	xrsh_end_script "$1"
	pid=$(xrsh_pid "$1") || return 0
	kill -TERM "$pid" 2>/dev/null
	for ((i = 0; i < 25; i++)); do
		interop_pid_alive "$pid" || break
		sleep 0.2
	done
	interop_pid_alive "$pid" && kill -KILL "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null || true
	rm -f "$(xi_dir "$1")/pid"
	return 0
}

xrsh_stop_all() {
	local name
	[ -n "${INTEROP_TMP:-}" ] && [ -f "$INTEROP_TMP/xrsh_instances" ] || return 0
	while read -r name; do
		xrsh_stop "$name"
	done <"$INTEROP_TMP/xrsh_instances"
}

xrsh_dump_logs() {
	local name dir
	[ -n "${INTEROP_TMP:-}" ] && [ -f "$INTEROP_TMP/xrsh_instances" ] || return 0
	while read -r name; do
		dir=$(xi_dir "$name")
		echo "----- xrsh $name ($XI_MODE) config:"
		sed 's/^/  | /' "$dir/running.cfg" 2>/dev/null
		echo "----- xrsh $name stdout (last 80 lines):"
		tail -n 80 "$dir/out" | sed 's/^/  | /'
		echo "----- xrsh $name stderr (last 40 lines):"
		tail -n 40 "$dir/err" | sed 's/^/  | /'
	done <"$INTEROP_TMP/xrsh_instances"
}

# xr_run NAME TIMEOUT LINE...: type LINEs between two marker comments
# (`! xi-begin-ID`, `! xi-end-ID`); wait (at most TIMEOUT s) until xrsh
# echoed the end marker, i.e. ran every line.  Prints what the lines
# printed on stdout (without the echoed input lines and, in foreground
# mode, without log lines).  Fails when xrsh printed an error
# (`ORIGIN:LINE: % ...` on stderr) or did not get to the end marker.
xr_run() {
	local name=$1 timeout=$2
	shift 2
	local dir id eoff errs deadline
	dir=$INTEROP_TMP/$name
	xrsh_alive "$name" || { echo "xr_run: xrsh $name is not running" >&2; return 1; }
	id=${EPOCHREALTIME/[.,]/}$RANDOM
	eoff=$(stat -c %s "$dir/err")
	# read-write: the open never blocks, even if xrsh is gone
	printf '%s\n' "! xi-begin-$id" "$@" "! xi-end-$id" 1<>"$dir/in"
	deadline=$((${EPOCHREALTIME/[.,]/} / 1000 + timeout * 1000))
	until xi_nap 0.03; grep -q "#! xi-end-$id\$" "$dir/out"; do
		if [ $((${EPOCHREALTIME/[.,]/} / 1000)) -ge "$deadline" ]; then
			echo "xr_run: xrsh $name did not finish within ${timeout}s: $*" >&2
			tail -c +$((eoff + 1)) "$dir/err" >&2
			return 1
		fi
	done
	awk -v b="#! xi-begin-$id" -v e="#! xi-end-$id" '
		function ends(s, t) { return substr(s, length(s) - length(t) + 1) == t }
		!on { if (ends($0, b)) on = 1; next }
		ends($0, e) { exit }
		ends($0, "#! xi-sep") { print "@@@@"; next }
		/^RP\/0\/RP0\/CPU0:[^ #]*#/ { next }	# echoed input
		/^RP\/0\/RP0\/CPU0:[A-Z][a-z][a-z] +[0-9]+ [0-9:.]+ [A-Z]+: / { next }	# log
		{ print }' "$dir/out"
	errs=$(tail -c +$((eoff + 1)) "$dir/err" | grep -E '^[^ ]+:[0-9]+: ' || true)
	if [ -n "$errs" ]; then
		echo "xr_run: xrsh $name: $*: error: $errs" >&2
		return 1
	fi
}

# xr_multi NAME CMD...: several commands in one round trip; their outputs
# are separated by lines "@@@@" (see xi_section)
xr_multi() {
	local name=$1 c lines=()
	shift
	for c in "$@"; do
		[ "${#lines[@]}" -eq 0 ] || lines+=("! xi-sep")
		lines+=("$c")
	done
	xr_run "$name" "$XI_CMD_TIMEOUT" "${lines[@]}"
}

# xi_section N <OUTPUT: the Nth (from 1) command's output of xr_multi
xi_section() {
	awk -v n="$1" '$0 == "@@@@" { k++; next } k == n - 1'
}

# xr_cmd NAME COMMAND [TIMEOUT]: one command (see xr_run).
xr_cmd() {
	local t=${3:-$XI_CMD_TIMEOUT}
	if [[ "$2" =~ timeout\ ([0-9]+) ]]; then
		t=$((BASH_REMATCH[1] + XI_CMD_TIMEOUT))
	fi
	xr_run "$1" "$t" "$2"
}

# xr_config NAME <TEXT: configure, TEXT, commit, end.
xr_config() {
	local lines=(configure) l
	while IFS= read -r l; do lines+=("$l"); done
	lines+=(commit end)
	xr_run "$1" "$XI_CMD_TIMEOUT" "${lines[@]}"
}

# xr_wait NAME ADDR STATE [TIMEOUT=15]: `debug bgp wait neighbor ADDR STATE`
# inside xrsh (it runs the event loop until then; an error if it does not
# get there in time).
xr_wait() {
	xr_cmd "$1" "debug bgp wait neighbor $2 $3 timeout ${4:-15}" >/dev/null
}

# xr_summary NAME [ipv4|ipv6]: `show bgp [AF unicast] summary`
xr_summary() {
	if [ -n "${2:-}" ]; then
		xr_cmd "$1" "show bgp $2 unicast summary"
	else
		xr_cmd "$1" "show bgp summary"
	fi
}

# sum_row ADDR <SUMMARY: the neighbor's row of a summary (an address
# longer than 15 characters stands on its own line and the columns
# continue on the next: joined)
sum_row() {
	awk -v a="$1" '
		long { print a substr($0, 16); exit }
		$1 == a && length($0) > 15 { print; exit }
		$0 == a { long = 1 }'
}

# sum_field ROW FIELD: slice a summary row by XR column position:
#   Neighbor(1-15) Spk(16-19) AS(21-25) MsgRcvd(27-33) MsgSent(35-41)
#   TblVer(43-50) InQ(52-55) OutQ(57-60) Up/Down(62-69) St/PfxRcd(71-)
sum_field() {
	local row=$1 v
	case "$2" in
	neighbor) v=${row:0:15} ;;
	spk) v=${row:15:4} ;;
	as) v=${row:20:5} ;;
	msgrcvd) v=${row:26:7} ;;
	msgsent) v=${row:34:7} ;;
	updown) v=${row:61:8} ;;
	st) v=${row:70} ;;
	*) return 1 ;;
	esac
	v=${v#"${v%%[! ]*}"}
	echo "${v%"${v##*[! ]}"}"
}

# xr_json NAME [ADDR]: `show bgp neighbors [ADDR] | json`: with ADDR the
# neighbor object, else the neighbors array
xr_json() {
	if [ -n "${2:-}" ]; then
		xr_cmd "$1" "show bgp neighbors $2 | json" | jq -c '.neighbors[0]'
	else
		xr_cmd "$1" "show bgp neighbors | json" | jq -c '.neighbors'
	fi
}

# xr_state NAME ADDR: the JSON state word (Established, Idle, Active, ...)
xr_state() {
	xr_json "$1" "$2" | jq -r .state
}

xr_state_not() {
	local s
	s=$(xr_state "$1" "$2") && [ -n "$s" ] && [ "$s" != "$3" ]
}

# xr_log NAME: xrsh's log lines (foreground: stdout, script: stderr)
xr_log() {
	local dir
	dir=$(xi_dir "$1")
	if [ "$XI_MODE" = foreground ]; then
		grep -E '^RP/0/RP0/CPU0:[A-Z][a-z][a-z] +[0-9]+ [0-9:.]+ [A-Z]+: [a-z]+\[[0-9]+\]: ' "$dir/out"
	else
		grep -E '^%[A-Z]' "$dir/err"
	fi
}

xr_log_has() {
	xr_log "$1" | grep -qF -- "$2"
}

# ---------------------------------------------------------------------------
# what the daemon saw

# daemon_saw_cease NAME [TEXT]: NAME received a Cease/Administrative
# Shutdown (with TEXT as its RFC 8203 message, when given), where each
# daemon shows it (README "Per daemon").
daemon_saw_cease() {
	local name=$1 text=${2-}
	local dir
	dir=$INTEROP_TMP/$name
	case "$(daemon_type "$name")" in
	bird)
		if [ -n "$text" ]; then
			grep -qF "nbr: Received: Administrative shutdown: \"$text\"" "$dir/log"
		else
			grep -q 'nbr: Received: Administrative shutdown' "$dir/log"
		fi ;;
	frr)
		[ "$(frr_last_error "$name")" = "Cease/Administrative Shutdown" ] &&
			{ [ -z "$text" ] || [ "$(frr_last_shutdown_msg "$name")" = "$text" ]; } ;;
	gobgp)
		[ "$(gobgp_last_error "$name")" = "notification-received code 6(cease) subcode 2(administrative shutdown)" ] &&
			{ [ -z "$text" ] || [ "$(gobgp_last_shutdown_msg "$name")" = "$text" ]; } ;;
	openbgpd)
		[ "$(openbgpd_last_error "$name")" = "Cease, administratively down" ] &&
			{ [ -z "$text" ] || [ "$(openbgpd_last_shutdown_msg "$name")" = "$text" ]; } ;;
	*) return 1 ;;
	esac
}

# wait_for_cease NAME [TEXT] [TIMEOUT=5]
wait_for_cease() {
	if wait_for "${3:-5}" daemon_saw_cease "$1" "${2-}" 2>/dev/null; then
		return 0
	fi
	echo "wait_for_cease: $1 ($(daemon_type "$1")) shows last error '$(daemon_last_error "$1")'," \
		"message '$(daemon_last_shutdown_msg "$1")', state $(daemon_state "$1");" \
		"wanted Cease/Administrative Shutdown${2:+ with \"$2\"}" >&2
	return 1
}

# ---------------------------------------------------------------------------
# configurations

# xi_nbr_cfg ADDR REMOTE_AS AFI [EXTRA_LINE...]: a neighbor block for the
# xrsh configuration; eBGP gets route-policy PASS both ways (RFC 8212:
# XR drops everything on an eBGP session without policy).
xi_nbr_cfg() {
	local addr=$1 ras=$2 afi=$3 l
	shift 3
	echo " neighbor $addr"
	echo "  remote-as $ras"
	echo "  timers 3 9"
	for l in "$@"; do echo "  $l"; done
	echo "  address-family $afi unicast"
	if [ "$ras" != "$XI_AS" ]; then
		echo "   route-policy PASS in"
		echo "   route-policy PASS out"
	fi
	echo "  !"
	echo " !"
}

XI_AS=65001
XI_RID=10.255.0.1

# xi_cfg_head / xi_cfg_tail: around the neighbor blocks
xi_cfg_head() {
	echo "route-policy PASS"
	echo "  pass"
	echo "end-policy"
	echo "!"
	echo "router bgp $XI_AS"
	echo " bgp router-id $XI_RID"
	echo " address-family ipv4 unicast"
	echo " !"
	echo " address-family ipv6 unicast"
	echo " !"
}

xi_cfg_tail() {
	echo "!"
}

# ---------------------------------------------------------------------------
# scenarios (one bats test each, per daemon, in both modes)
#
# Every scenario takes the daemon TYPE (bird|frr|gobgp|openbgpd) and a base
# port P: xrsh and the IPv4 daemons use P, the IPv6 daemons P+1 (and P+2).
# The xrsh instance is called x; the daemon instances e4 (eBGP IPv4), i4
# (iBGP IPv4), i6 (iBGP IPv6), e6 (eBGP IPv6), md5 instances m4/w4/m6.

# xi_require TYPE: bats `skip` (with the reason) unless the daemon and
# the tools the scenarios need are installed
xi_require() {
	require_daemon "$1"
	command -v jq >/dev/null || skip "jq not installed (apt-get install -y jq)"
	command -v ss >/dev/null || skip "ss not installed (apt-get install -y iproute2)"
}

# xi_octet TYPE: a number per daemon for distinct prefixes
xi_octet() {
	case "$1" in bird) echo 1 ;; frr) echo 2 ;; gobgp) echo 3 ;; openbgpd) echo 4 ;; esac
}


# xi_wait_up NAME TIMEOUT ADDR...: `debug bgp wait neighbor ADDR
# established timeout TIMEOUT` for every ADDR, in one script round trip
xi_wait_up() {
	local name=$1 t=$2 a lines=()
	shift 2
	for a in "$@"; do
		lines+=("debug bgp wait neighbor $a established timeout $t")
	done
	xr_run "$name" $((t * $# + XI_CMD_TIMEOUT)) "${lines[@]}" >/dev/null
}

# xr_accepted_all NAME: "ADDR AFI ACCEPTED" for every neighbor and address
# family, from one `show bgp neighbors | json`
xr_accepted_all() {
	xr_json "$1" | jq -r '.[] | .address as $a | .address_families[] | "\($a) \(.afi) \(.accepted_prefixes)"'
}

# xi_accepted_are NAME "ADDR AFI COUNT"...: every line is in xr_accepted_all
xi_accepted_are() {
	local name=$1 got l
	shift
	got=$(xr_accepted_all "$name") || return 1
	for l in "$@"; do
		grep -qxF -- "$l" <<<"$got" || return 1
	done
}

# xi_wait_accepted NAME "ADDR AFI COUNT"... (5 s)
xi_wait_accepted() {
	if wait_for 5 xi_accepted_are "$@" 2>/dev/null; then
		return 0
	fi
	echo "xi_wait_accepted: wanted '${*:2}', xrsh $1 has:" >&2
	xr_accepted_all "$1" >&2
	return 1
}

# xi_sleep_until T0_MS SECONDS: sleep until SECONDS after T0_MS
xi_sleep_until() {
	local ms=$(($1 + $2 * 1000 - $(interop_now_ms)))
	[ "$ms" -le 0 ] || sleep "$((ms / 1000)).$(printf '%03d' $((ms % 1000)))"
}

# xi_daemons_start TYPE SPEC...: start_TYPE NAME KEY=VALUE... for every
# SPEC (a string "NAME KEY=VALUE...", values quoted as in shell),
# concurrently; fails (with their errors) if one did not start.
xi_daemons_start() {
	local type=$1 spec pids=() i=0 rc=0 p
	shift
	for spec in "$@"; do
		(eval "start_$type $spec") >"$INTEROP_TMP/start.$i.log" 2>&1 3>&- &
		pids+=($!)
		i=$((i + 1))
	done
	i=0
	for p in "${pids[@]}"; do
		if ! wait "$p"; then
			rc=1
			cat "$INTEROP_TMP/start.$i.log" >&2
		fi
		i=$((i + 1))
	done
	return "$rc"
}

# xi_states NAME...: "NAME STATE" per daemon, queried concurrently
xi_states() {
	local n pids=() p
	for n in "$@"; do
		(daemon_state "$n" >"$INTEROP_TMP/state.$n" 2>/dev/null) 3>&- &
		pids+=($!)
	done
	for p in "${pids[@]}"; do
		wait "$p" || true
	done
	for n in "$@"; do
		echo "$n $(cat "$INTEROP_TMP/state.$n")"
	done
}

# xi_par CMD NAME...: run CMD NAME for every NAME concurrently; true when
# all succeed
xi_par() {
	local cmd=$1 n pids=() p rc=0
	shift
	for n in "$@"; do
		("$cmd" "$n" >/dev/null 2>&1) 3>&- &
		pids+=($!)
	done
	for p in "${pids[@]}"; do
		wait "$p" || rc=1
	done
	return "$rc"
}

# xi_all_in STATE NAME...: every daemon NAME is in STATE
xi_all_in() {
	local want=$1
	shift
	! xi_states "$@" | awk -v w="$want" '$2 != w { bad = 1 } END { exit !bad }'
}

# wait_for_all STATE TIMEOUT NAME...
wait_for_all() {
	local want=$1 t=$2
	shift 2
	if wait_for "$t" xi_all_in "$want" "$@" 2>/dev/null; then
		return 0
	fi
	echo "wait_for_all: wanted $want within ${t}s, got: $(xi_states "$@" | tr '\n' ' ')" >&2
	return 1
}

# xi_end "XRSH..." "DAEMON...": end every xrsh the way its mode ends, and
# check that every daemon got a Cease/Administrative Shutdown.  Script
# mode: the end of the script (EOF) -> exit 0.  Foreground: the end of the
# script changes nothing (still running, the sessions still up), then
# SIGTERM -> exit 0.
xi_end() {
	local xs=$1 ds=$2 x n
	for x in $xs; do
		xrsh_end_script "$x"
	done
	if [ "$XI_MODE" = foreground ]; then
		sleep 1
		for x in $xs; do
			xrsh_alive "$x" || { echo "xrsh $x (--foreground) exited at the end of its script" >&2; return 1; }
		done
		# shellcheck disable=SC2086
		xi_all_in Established $ds || { xi_states $ds >&2; return 1; }
		for x in $xs; do
			kill -TERM "$(xrsh_pid "$x")"
		done
	fi
	for x in $xs; do
		xrsh_wait_exit "$x" 5 || { echo "xrsh $x did not exit within 5 s" >&2; return 1; }
		assert_equal "$XI_RC" 0
	done
	# shellcheck disable=SC2086
	if ! wait_for 5 xi_par daemon_saw_cease $ds 2>/dev/null; then
		for n in $ds; do
			wait_for_cease "$n" "" 0
		done
	fi
	for x in $xs; do
		if [ "$XI_MODE" = foreground ]; then
			xr_log_has "$x" 'SIGTERM received: closing every BGP session (Cease, Administrative Shutdown)'
		fi
		# stderr has nothing but log lines (script mode): no error, no
		# warning, no sanitizer report
		run grep -vE '^%[A-Z]' "$INTEROP_TMP/$x/err"
		assert_output ''
	done
}

# xi_json_is NAME ADDR JQ EXPECTED: `show bgp neighbors ADDR | json` | jq -c JQ
xi_json_is() {
	run xr_json "$1" "$2"
	assert_success
	run jq -c "$3" <<<"$output"
	assert_output "$4"
}

# The main scenario, one test per daemon and mode.  Sessions (xrsh AS
# 65001, router-id 10.255.0.1, timers 3 9 on every neighbor):
#   xrsh x  127.0.0.1:P  and [::1]:P
#     e4  eBGP IPv4   daemon 127.0.0.2:P     AS 65002  2 prefixes
#     i4  iBGP IPv4   daemon 127.0.0.3:P     AS 65001  1 prefix
#     i6  iBGP IPv6   daemon [::1]:P+1       AS 65001  3 prefixes
#   xrsh y  127.0.0.1:P+2, no IPv6 listener (one ::1 neighbor per process)
#     e6  eBGP IPv6   daemon [::1]:P+2       AS 4200000003 (4-byte)
#                                                      2 prefixes
# IPv6 both ways round: x's ::1 neighbor is passive-only (i6 connects to
# [::1]:P), y's is active-only (y connects to [::1]:P+2, e6 is passive).
# See the top of this file.
# 1. all four reach Established (`debug bgp wait` in xrsh, the daemon's own
#    state), the daemons' prefixes are counted (JSON accepted_prefixes);
# 2. NOTIFICATIONs, both at once: xrsh's `shutdown message TEXT` on i4 ->
#    the daemon shows Cease/Administrative Shutdown and TEXT, xrsh's
#    summary row `Idle (Admin)`; the daemon's shutdown with TEXT on e6 ->
#    y's `show bgp neighbors` has the reset reason with the NOTIFICATION
#    and TEXT, the summary row the state; then `no shutdown` and the
#    daemon's enable: both come back (y connects: active-only);
# 3. e4 and i6 stayed Established past two keepalive intervals (more than
#    6 s) on both sides, keepalives were counted both ways, and the
#    St/PfxRcd column of each family's summary (sliced by XR column
#    position) has the prefix counts of all four;
# 4. xrsh ends the way its mode ends (xi_end) with a Cease to every daemon.
scenario_main() {
	local type=$1 P o n row out t0 msg dmsg cfg
	xi_require "$type"
	P=$(xi_reserve_ports "$2")
	o=$(xi_octet "$type")
	# the daemons first: xrsh connects at once (a failed first attempt
	# would cost its 5 s connect-retry back-off)
	cfg=$INTEROP_TMP/x.cfg
	{
		xi_cfg_head
		xi_nbr_cfg 127.0.0.2 65002 ipv4
		xi_nbr_cfg 127.0.0.3 "$XI_AS" ipv4
		xi_nbr_cfg ::1 "$XI_AS" ipv6 "session-open-mode passive-only"
		xi_cfg_tail
	} >"$cfg"
	cfg=$INTEROP_TMP/y.cfg
	{
		xi_cfg_head
		xi_nbr_cfg ::1 4200000003 ipv6 "session-open-mode active-only"
		xi_cfg_tail
	} >"$cfg"
	# next hops: e4 a third-party one (a documentation address), i4 its
	# own 127.0.0.3 (xrsh accepts 127/8: speakers share the loopback),
	# IPv6 lib.bash's default 2001:db8:ffff::PORT
	xi_daemons_start "$type" \
		"e4 LOCAL_ADDR=127.0.0.2 LOCAL_PORT=$P LOCAL_AS=65002 PEER_ADDR=127.0.0.1 \
		    PEER_PORT=$P PEER_AS=$XI_AS PREFIXES='10.$o.1.0/24 10.$o.2.0/24' NEXTHOP=203.0.113.2" \
		"i4 LOCAL_ADDR=127.0.0.3 LOCAL_PORT=$P LOCAL_AS=$XI_AS PEER_ADDR=127.0.0.1 \
		    PEER_PORT=$P PEER_AS=$XI_AS PREFIXES=10.$o.3.0/24" \
		"i6 LOCAL_ADDR=::1 LOCAL_PORT=$((P + 1)) LOCAL_AS=$XI_AS PEER_ADDR=::1 \
		    PEER_PORT=$P PEER_AS=$XI_AS PREFIXES='2001:db8:$o:1::/64 2001:db8:$o:2::/64 2001:db8:$o:3::/64'" \
		"e6 LOCAL_ADDR=::1 LOCAL_PORT=$((P + 2)) LOCAL_AS=4200000003 PEER_ADDR=::1 \
		    PEER_PORT=$((P + 3)) PEER_AS=$XI_AS PASSIVE=yes \
		    PREFIXES='2001:db8:$o:6::/64 2001:db8:$o:7::/64'"
	xrsh_launch x "$P" "$INTEROP_TMP/x.cfg" 127.0.0.1 ::1
	xrsh_launch y $((P + 2)) "$INTEROP_TMP/y.cfg" 127.0.0.1
	xrsh_ready x
	xrsh_ready y

	# 1. up, with the prefixes
	xi_wait_up x 20 127.0.0.2 127.0.0.3 ::1
	xi_wait_up y 20 ::1
	t0=$(interop_now_ms)
	wait_for_all Established 5 e4 i4 i6 e6
	xi_wait_accepted x "127.0.0.2 ipv4 2" "127.0.0.3 ipv4 1" "::1 ipv6 3"
	xi_wait_accepted y "::1 ipv6 2"
	run xr_json x
	assert_success
	run jq -c '[.[] | [.address, .link, .remote_as, .local_address, .capabilities.ipv4_unicast.received, .capabilities.ipv6_unicast.received, .passive_only]]' <<<"$output"
	assert_output '[["127.0.0.2","external",65002,"127.0.0.1",true,false,false],["127.0.0.3","internal",65001,"127.0.0.1",true,false,false],["::1","internal",65001,"::1",false,true,true]]'
	xi_json_is y ::1 '[.link, .remote_as, .local_address, .remote_port, .capabilities.ipv6_unicast.received, .active_only]' \
		"[\"external\",4200000003,\"::1\",$((P + 2)),true,true]"

	# 2. NOTIFICATIONs, both at once: xrsh -> daemon on i4, daemon -> xrsh
	#    on e6 (y)
	msg="xrsh $type-i4 maintenance"
	dmsg="$type-e6 going down"
	xr_config x <<-EOF
		router bgp $XI_AS
		 neighbor 127.0.0.3
		  shutdown message $msg
	EOF
	daemon_shutdown e6 "$dmsg"
	xr_wait x 127.0.0.3 idle 5
	wait_for_cease i4 "$msg" 5
	out=$(xr_multi x 'show bgp ipv4 unicast summary' 'show bgp neighbors 127.0.0.3 | json')
	row=$(xi_section 1 <<<"$out" | sum_row 127.0.0.3)
	assert_equal "$(sum_field "$row" st)" "Idle (Admin)"
	run jq -c '.neighbors[0] | [.state_detail, .admin_shutdown, .shutdown_message, .last_notification.direction, .last_notification.code, .last_notification.subcode]' < <(xi_section 2 <<<"$out")
	assert_output "[\"Idle (Admin)\",true,\"$msg\",\"sent\",6,2]"
	run daemon_state i4
	refute_output Established
	xr_log_has x '%ROUTING-BGP-5-ADJCHANGE : neighbor 127.0.0.3 Down - Admin. shutdown'
	wait_for 5 xr_state_not y ::1 Established
	out=$(xr_multi y 'show bgp neighbors ::1' 'show bgp ipv6 unicast summary' 'show bgp neighbors ::1 | json')
	run xi_section 1 <<<"$out"
	assert_line --regexp "^  Last reset [0-9:]+, due to BGP Notification received: administrative shutdown \(message: \"$dmsg\"\)\$"
	assert_line '  Error Code: Cease/Administrative Shutdown'
	row=$(xi_section 2 <<<"$out" | sum_row ::1)
	assert_regex "$(awk '{ print $3, $NF }' <<<"$row")" '^4200000003 (Idle|Active|Connect)$'
	run jq -c '.neighbors[0] | [.last_notification.direction, .last_notification.code, .last_notification.subcode, .last_shutdown_message, .connections_dropped]' < <(xi_section 3 <<<"$out")
	assert_output "[\"received\",6,2,\"$dmsg\",1]"
	xr_log_has y '%ROUTING-BGP-5-ADJCHANGE : neighbor ::1 Down - BGP Notification received, administrative shutdown'
	# both back
	xr_config x <<-EOF
		router bgp $XI_AS
		 neighbor 127.0.0.3
		  no shutdown
	EOF
	daemon_enable e6
	xr_wait x 127.0.0.3 established 20
	xr_wait y ::1 established 20
	xi_wait_accepted x "127.0.0.3 ipv4 1"
	xi_wait_accepted y "::1 ipv6 2"

	# 3. the others stayed up past two keepalive intervals, both sides
	xi_sleep_until "$t0" "$XI_STAY"
	run xi_states e4 i4 i6 e6
	assert_output "$(printf '%s Established\n' e4 i4 i6 e6)"
	out=$(xr_multi x 'show bgp summary' 'show bgp ipv4 unicast summary' 'show bgp ipv6 unicast summary' 'show bgp neighbors | json')
	row=$(xi_section 1 <<<"$out" | sum_row 127.0.0.2)
	assert_equal "$(sum_field "$row" st)" 2
	assert_equal "$(sum_field "$row" as)" 65002
	assert [ "$(sum_field "$row" updown)" \> 00:00:05 ]
	row=$(xi_section 2 <<<"$out" | sum_row 127.0.0.3)
	assert_equal "$(sum_field "$row" st)" 1
	assert_equal "$(sum_field "$row" as)" "$XI_AS"
	run sum_row ::1 < <(xi_section 2 <<<"$out")
	assert_output ''
	row=$(xi_section 3 <<<"$out" | sum_row ::1)
	assert_equal "$(sum_field "$row" st)" 3
	assert [ "$(sum_field "$row" updown)" \> 00:00:05 ]
	run sum_row 127.0.0.2 < <(xi_section 3 <<<"$out")
	assert_output ''
	# keepalives flowed both ways (1 at OPEN + 2 periodic, at least) on
	# the sessions that stayed up
	run jq -c '[.neighbors[] | [.address, .state, .hold_time, .keepalive_interval, .connections_established, .connections_established > 1 or (.message_stats.keepalive.received >= 3 and .message_stats.keepalive.sent >= 3)]]' < <(xi_section 4 <<<"$out")
	assert_output '[["127.0.0.2","Established",9,3,1,true],["127.0.0.3","Established",9,3,2,true],["::1","Established",9,3,1,true]]'
	out=$(xr_multi y 'show bgp ipv6 unicast summary' 'show bgp neighbors ::1 | json')
	# a 10-digit AS widens the AS column and shifts the rest of the row
	# (as on XR): split this one on blanks
	row=$(xi_section 1 <<<"$out" | sum_row ::1)
	assert_equal "$(awk '{ print $3, $NF }' <<<"$row")" "4200000003 2"
	run jq -c '.neighbors[0] | [.state, .hold_time, .keepalive_interval, .connections_established, .connections_dropped]' < <(xi_section 2 <<<"$out")
	assert_output '["Established",9,3,2,1]'

	# 4. the end
	xi_end "x y" "e4 i4 i6 e6"
	if [ "$XI_MODE" = foreground ]; then
		for n in 127.0.0.2 127.0.0.3 ::1; do
			xr_log_has x "%ROUTING-BGP-5-ADJCHANGE : neighbor $n Up (VRF: default)"
		done
		xr_log_has y "%ROUTING-BGP-5-ADJCHANGE : neighbor ::1 Up (VRF: default)"
		xr_log_has x "%ROUTING-BGP-5-ADJCHANGE : neighbor 127.0.0.2 Down - Admin. shutdown"
	fi
}

# TCP MD5 (RFC 2385), one test per daemon (BIRD, FRR) and mode:
#   xrsh x  127.0.0.1:P and [::1]:P
#     m4  eBGP IPv4  daemon 127.0.0.2:P    AS 65002  same password
#     w4  eBGP IPv4  daemon 127.0.0.3:P    AS 65003  another password
#     m6  eBGP IPv6  daemon [::1]:P+1      AS 65004  same password (xrsh
#                    passive-only: its listener has the key)
# m4 and m6 come up with their prefix; w4 never gets to Established (nor
# does xrsh's 127.0.0.3: no connection, no message) for 8 s.
scenario_md5() {
	local type=$1 P o t0 left row out cfg
	xi_require "$type"
	P=$(xi_reserve_ports "$2")
	o=$(xi_octet "$type")
	cfg=$INTEROP_TMP/x.cfg
	{
		xi_cfg_head
		xi_nbr_cfg 127.0.0.2 65002 ipv4 "password clear xi-md5-good4"
		xi_nbr_cfg 127.0.0.3 65003 ipv4 "password clear xi-md5-wrong"
		xi_nbr_cfg ::1 65004 ipv6 "session-open-mode passive-only" "password clear xi-md5-good6"
		xi_cfg_tail
	} >"$cfg"
	xi_daemons_start "$type" \
		"m4 LOCAL_ADDR=127.0.0.2 LOCAL_PORT=$P LOCAL_AS=65002 PEER_ADDR=127.0.0.1 \
		    PEER_PORT=$P PEER_AS=$XI_AS PREFIXES=10.$o.8.0/24 NEXTHOP=203.0.113.2 PASSWORD=xi-md5-good4" \
		"w4 LOCAL_ADDR=127.0.0.3 LOCAL_PORT=$P LOCAL_AS=65003 PEER_ADDR=127.0.0.1 \
		    PEER_PORT=$P PEER_AS=$XI_AS PREFIXES=10.$o.9.0/24 NEXTHOP=203.0.113.3 PASSWORD=xi-md5-other" \
		"m6 LOCAL_ADDR=::1 LOCAL_PORT=$((P + 1)) LOCAL_AS=65004 PEER_ADDR=::1 \
		    PEER_PORT=$P PEER_AS=$XI_AS PREFIXES=2001:db8:$o:8::/64 PASSWORD=xi-md5-good6"
	xrsh_launch x "$P" "$cfg" 127.0.0.1 ::1
	xrsh_ready x
	t0=$(interop_now_ms)

	xi_wait_up x 20 127.0.0.2 ::1
	wait_for_all Established 5 m4 m6
	xi_wait_accepted x "127.0.0.2 ipv4 1" "::1 ipv6 1"
	run jq -c '[.[] | [.address, .password]]' < <(xr_json x)
	assert_output '[["127.0.0.2",true],["127.0.0.3",true],["::1",true]]'

	# the wrong password: nothing for 8 s (bounded), on either side
	left=$((t0 + 8000 - $(interop_now_ms)))
	[ "$left" -lt 1000 ] && left=1000
	stays_not_established w4 "$((left / 1000)).$(printf '%03d' $((left % 1000)))"
	run daemon_state w4
	assert_output --regexp '^(Idle|Connect|Active)$'
	out=$(xr_multi x 'show bgp summary' 'show bgp neighbors 127.0.0.3 | json')
	row=$(xi_section 1 <<<"$out" | sum_row 127.0.0.3)
	assert_regex "$(sum_field "$row" st)" '^(Idle|Connect|Active)$'
	run jq -c '.neighbors[0] | [.state != "Established", .ever_established, .connections_established, .messages_received]' < <(xi_section 2 <<<"$out")
	assert_output '[true,false,0,0]'
	# and the good ones are still up
	row=$(xi_section 1 <<<"$out" | sum_row 127.0.0.2)
	assert_equal "$(sum_field "$row" st)" 1

	xi_end x "m4 m6"
}

#!/bin/bash
# bench/prop/run.sh - propagation benchmark: xrsh and BIRD 2 side by side
# (bench/README.md).  For each speaker: start it live on its own loopback
# address, run bench_prop (the sink and the feeders) against it, stop it.
# One line per speaker and run, then the xrsh/BIRD ratios of the medians.
#
#   bench/prop/run.sh [-n PREFIXES] [-f FEEDERS[,...]] [-r RUNS] [-s SPEAKERS]
#                     [-m MRT] [-t SECONDS] [-p PORT] [-B BUILDDIR] [-k] [-P]
#                     [-R VRPS [-I]] [-M] [-b] [-C] [-F]
#     -n  prefixes in the synthetic table (default 100000; the issue's
#         figure is 1000000)
#     -f  feeders sending the same table, or a comma-separated list of
#         counts (default 1; `-f 1,10` also gives the memory per extra
#         path)
#     -r  runs per speaker (default 1); speakers alternate run by run
#     -s  speakers, comma-separated: xrsh,bird (default both)
#     -p  the BGP port every speaker listens on (default 17979)
#     -B  build directory with ./xrsh and ./bench/prop/bench_prop
#         (default: the current directory)
#     -k  keep the run directory (configs, logs) and print its path
#     -P  perf record the speaker into the run directory (PERF_OPTS)
#     -t  seconds without progress before bench_prop gives up (120)
#     -m  a real table instead: the fullest peer of an MRT TABLE_DUMP
#         (e.g. ../shared/data/mrt/bview.20020722.2337.gz); -n ignored
#     -R  origin validation: every run twice, without and with a set of
#         VRPS VRPs (bench_prop -V: part of the table valid, the rest
#         not-found, none invalid) served by stayrtr on 127.0.77.50 port
#         PORT+1000; each speaker drops invalid routes inbound, loads the
#         set before the feeders come, and its RSS before and after the
#         load is the ROA table's memory
#     -M  xrsh runs bgp-monitor with every detector on (a protected
#         prefix-set, relationships for the feeders and the sink, and a
#         relationship file of 100,000 AS pairs); BIRD has no such thing
#         and runs unchanged (bench/README.md: the cost of monitoring)
#     -I  with -R, BIRD keeps an import table (`import table on`): the
#         received paths before the filter, which xrsh keeps under
#         validation so that a VRP change can run the policy again
#         (BIRD 2.0.12's NEWS: its automatic reloads on RPKI changes
#         "require import table enabled when used in BGP import filter")
#     -b  BMP post-policy monitoring: every xrsh run twice, without and
#         with `bmp-activate server 1` on the feeders and a counting
#         BMP collector (bmp_sink.py) on 127.0.77.60 port PORT+2000;
#         the ratio with/without is the cost of monitoring
#     -C  xrsh only: the configuration impact preview.  The feeders get
#         soft-reconfiguration inbound (the pre-policy copies the
#         preview reads); once the table is in, one inbound change (the
#         community-set LP_HIGH that FEEDER_IN reads) is previewed with
#         `show configuration impact` and the candidate abandoned.  The
#         result line gets impact_s (the preview's evaluation time, as
#         it prints it; impact_cpu_s its CPU time, steadier on a busy
#         host), impact_paths (paths evaluated) and
#         prepolicy_bpp (bytes per kept pre-policy path, attribute sets
#         shared and not counted)
#     -F  xrsh only, needs root: the cost of kernel FIB programming.
#         Every xrsh run twice, without and with `fib install kernel`;
#         the whole run (xrsh, bench_prop's sink and feeders) runs in a
#         network namespace made here (xrsh-t-bench-PID, lo up, deleted
#         on exit), so the routes (proto 201, via the feeder's 127.0.77.x
#         address on lo) go only into that namespace's table, which is
#         flushed after each run.  Once the sink has the table, the run
#         waits until the kernel's count of proto 201 routes settles
#         (at most 300 s).  The result line gets fib=0/1, cpu_total
#         (the speaker's CPU from before the feeders came to the end of
#         that wait, so FIB work that lags behind the sink counts;
#         cpu_sys_total its system part, where the kernel's own
#         insertion is charged),
#         with fib=1 fib_routes (`ip -n NS route show proto 201 | wc -l`)
#         and fib_wait_s (the wait after bench_prop's figures), and
#         `show fib` figures (installed, errors, skipped); the last
#         line is the with/without ratio.  Not with -R or -b
#
# NETWORK SAFETY: every address is in 127.0.77.0/24 (xrsh 127.0.77.1,
# BIRD 127.0.77.2, sink .100, feeders .11 up, stayrtr .50, BMP .60); xrsh runs with
# XRSH_LOOPBACK_ONLY=1 (127.0.77.x is loopback, so the guard lets it
# through, in the -F namespace too); BIRD has no kernel protocol.  Only
# -F configures `fib install kernel`, and only in the namespace it made.
# Every process started here is stopped on exit, by its pid.
set -u

N=100000
FEEDER_LIST=1
FEEDERS=1
RUNS=1
SPEAKERS=xrsh,bird
PORT=17979
BUILD=.
KEEP=
PERF=
TIMEOUT=120
MRT_ARGS=()
VRPS=
IMPORT_TABLE=
MONITOR=
BMP_MON=
IMPACT=
FIBM=
SRC=$(cd "$(dirname "$0")" && pwd)

while getopts "n:f:r:s:p:B:kPt:m:R:IMbCF" o; do
	case $o in
	n) N=$OPTARG ;;
	f) FEEDER_LIST=$OPTARG ;;
	r) RUNS=$OPTARG ;;
	s) SPEAKERS=$OPTARG ;;
	p) PORT=$OPTARG ;;
	B) BUILD=$OPTARG ;;
	k) KEEP=1 ;;
	P) PERF=1 ;;
	t) TIMEOUT=$OPTARG ;;
	m) MRT_ARGS=(-m "$OPTARG") ;;
	R) VRPS=$OPTARG ;;
	I) IMPORT_TABLE=1 ;;
	M) MONITOR=1 ;;
	b) BMP_MON=1 ;;
	C) IMPACT=1 ;;
	F) FIBM=1 ;;
	*) sed -n '2,80s/^# \{0,1\}//p' "$0" >&2; exit 2 ;;
	esac
done

XRSH=${XRSH:-$BUILD/xrsh}
BENCH=${BENCH:-$BUILD/bench/prop/bench_prop}
BIRD=${BIRD:-/usr/sbin/bird}
SINK=127.0.77.100
SINK_AS=65099
FEED0=127.0.77.11
AS=65000
RTR_ADDR=127.0.77.50
RTR_PORT=$((PORT + 1000))
ROV=0
BMP_ADDR=127.0.77.60
BMP_PORT=$((PORT + 2000))
BMP=0
FIB=0
NS=
NSX=()
export XRSH_LOOPBACK_ONLY=1

[ -x "$BENCH" ] || { echo "run.sh: $BENCH not built (make bench/prop/bench_prop)" >&2; exit 2; }
if [ -n "$VRPS" ]; then
	[[ "$VRPS" =~ ^[1-9][0-9]*$ ]] || { echo "run.sh: -R $VRPS: not a count" >&2; exit 2; }
	command -v stayrtr >/dev/null ||
		{ echo "run.sh: -R needs stayrtr (Debian package stayrtr)" >&2; exit 2; }
fi
if [ -n "$FIBM" ]; then
	[ -z "$VRPS$BMP_MON" ] || { echo "run.sh: -F: not with -R or -b" >&2; exit 2; }
	SPEAKERS=xrsh
	if [ "$(id -u)" != 0 ]; then
		echo "run.sh: -F skipped: needs root (a network namespace of its own)" >&2
		exit 77
	fi
fi
DIR=$(mktemp -d "${TMPDIR:-/tmp}/bench-prop.XXXXXX") || exit 1
PIDS=()

cleanup() {
	local p i
	for p in "${PIDS[@]}"; do
		kill -TERM "$p" 2>/dev/null || continue
		for ((i = 0; i < 50; i++)); do
			kill -0 "$p" 2>/dev/null || break
			sleep 0.1
		done
		kill -KILL "$p" 2>/dev/null
		wait "$p" 2>/dev/null
	done
	PIDS=()
	# after the processes in it: its routes go with it
	[ -n "$NS" ] && ip netns del "$NS" 2>/dev/null
	NS=
	if [ -n "$KEEP" ]; then
		echo "run directory: $DIR" >&2
	else
		rm -rf "$DIR"
	fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# -F: the namespace every process of a run starts in (NSX prefixes the
# commands); nothing here adds a route or address, xrsh's FIB does
if [ -n "$FIBM" ]; then
	if ! ip netns add "xrsh-t-bench-$$" 2>"$DIR/netns.err"; then
		echo "run.sh: -F skipped: ip netns add failed: $(cat "$DIR/netns.err")" >&2
		exit 77
	fi
	NS=xrsh-t-bench-$$
	ip -n "$NS" link set lo up || exit 1
	NSX=(ip netns exec "$NS")
	[ "$XRSH_LOOPBACK_ONLY" = 1 ] || { echo "run.sh: XRSH_LOOPBACK_ONLY is not 1" >&2; exit 1; }
fi

# feeder I (1-based): address and AS, as bench_prop numbers them
feeder_addr() {
	local base=${FEED0##*.}
	echo "${FEED0%.*}.$((base + $1 - 1))"
}

# fill IN OUT SPEAKER FEEDER_FN RUNDIR: the template with its
# placeholders filled, FEEDER_FN writing one block per feeder
fill() {
	local in=$1 out=$2 speaker=$3 fn=$4 dir=$5 i line
	{
		while IFS= read -r line; do
			if [[ "$line" == [#!]" @FEEDERS@" ]]; then
				for ((i = 1; i <= FEEDERS; i++)); do
					$fn "$(feeder_addr "$i")" $((AS + i)) "$i"
				done
				continue
			fi
			# -F: the kernel FIB, only ever in the namespace
			if [[ "$line" == "! @FIB@" ]]; then
				[ "$FIB" = 1 ] && [ -n "$NS" ] && printf 'fib install kernel\n!\n'
				continue
			fi
			if [[ "$line" == [#!]" @MONITOR@" ]]; then
				[ -n "$MONITOR" ] && xrsh_monitor "$dir"
				continue
			fi
			# BMP monitoring (-b): the collector
			if [[ "$line" == "! @BMP_SERVER@" ]]; then
				[ "$BMP" = 1 ] && printf 'bmp server 1\n host %s port %s\n!\n' \
					"$BMP_ADDR" "$BMP_PORT"
				continue
			fi
			# origin validation blocks: xrsh_rpki_policy ...
			if [[ "$line" =~ ^[#!]\ @(RPKI_[A-Z]+)@$ ]]; then
				[ "$ROV" = 1 ] && "${fn%_feeder}_${BASH_REMATCH[1],,}"
				continue
			fi
			line=${line//@SPEAKER@/$speaker}
			line=${line//@PORT@/$PORT}
			line=${line//@AS@/$AS}
			line=${line//@SINK@/$SINK}
			line=${line//@SINK_AS@/$SINK_AS}
			line=${line//@DIR@/$dir}
			printf '%s\n' "$line"
		done <"$in"
	} >"$out"
}

xrsh_feeder() {
	printf ' neighbor %s\n  remote-as %s\n  session-open-mode passive-only\n' "$1" "$2"
	[ "$BMP" = 1 ] && printf '  bmp-activate server 1\n'
	printf '  address-family ipv4 unicast\n   route-policy FEEDER_IN in\n'
	[ -n "$IMPACT" ] && printf '   soft-reconfiguration inbound\n'
	printf '  !\n !\n'
}

# -M: bgp-monitor with every detector on; the relationship file is the
# same 100,000 pseudo-random pairs each run
xrsh_monitor() {
	awk 'BEGIN { srand(1); print "# bench: 100000 AS pairs"
		for (i = 0; i < 100000; i++) {
			a = 1 + int(rand() * 400000); b = 1 + int(rand() * 400000)
			if (a != b) printf "%d|%d|%d\n", a, b, (rand() < 0.5 ? -1 : 0)
		} }' >"$1/as-rel.txt"
	printf 'prefix-set BENCH_PROTECTED\n  1.0.0.0/16 le 24,\n  20.0.0.0/16 le 24,\n  44.0.0.0/16 le 24\nend-set\n!\n'
	printf 'bgp-monitor\n protected prefix-set BENCH_PROTECTED origin-as %s\n' $((AS + 1))
	for ((i = 1; i <= FEEDERS; i++)); do
		printf ' relationship %s customer\n' $((AS + i))
	done
	printf ' relationship %s peer\n relationship file %s/as-rel.txt\n!\n' "$SINK_AS" "$1"
}

bird_feeder() {
	printf 'protocol bgp feeder%s from bench_peer {\n' "$3"
	printf '\tneighbor %s port %s as %s;\n' "$1" "$PORT" "$2"
	printf '\tipv4 { %simport filter feeder_in; export none; };\n}\n' \
		"$([ "$ROV$IMPORT_TABLE" = 11 ] && echo 'import table on; ')"
}

# The origin validation blocks (-R): the same policy on both speakers,
# the cache server configured but shut down, so the RSS can be read
# before the VRPs load (rov_load).
xrsh_rpki_policy() {
	printf '  if validation-state is invalid then\n    drop\n  endif\n'
}

xrsh_rpki_server() {
	printf ' rpki server %s\n  transport tcp port %s\n  shutdown\n !\n' \
		"$RTR_ADDR" "$RTR_PORT"
}

xrsh_rpki_af() {
	printf '  bgp origin-as validation enable\n'
}

bird_rpki_tables() {
	printf 'roa4 table r4;\nroa6 table r6;\n'
}

bird_rpki_check() {
	printf '\tif roa_check(r4, net, bgp_path.last) = ROA_INVALID then reject;\n'
}

bird_rpki_proto() {
	printf 'protocol rpki rtr_cache {\n\tdisabled;\n'
	printf '\troa4 { table r4; };\n\troa6 { table r6; };\n'
	printf '\tremote %s port %s;\n\tretry keep 1;\n}\n' "$RTR_ADDR" "$RTR_PORT"
}

rss_kb() {
	awk '/^VmRSS:/ { print $2 }' "/proc/$1/status" 2>/dev/null
}

now() {
	date +%s.%N
}

# bird_roas CTL: the VRPs BIRD's two ROA tables hold
bird_roas() {
	local t n sum=0
	for t in r4 r6; do
		n=$(birdc -s "$1" show route table "$t" count 2>/dev/null |
			sed -n 's/^\([0-9][0-9]*\) of [0-9]* routes.*/\1/p' | head -1)
		sum=$((sum + ${n:-0}))
	done
	echo "$sum"
}

bird_loaded() {
	[ "$(bird_roas "$1")" -eq "$VRPS" ]
}

# rov_load DIR PID ENABLE_CMD... : with -R, the RSS, then the cache
# server enabled (ENABLE_CMD runs until the speaker holds every VRP),
# then the RSS again; the figures go to DIR/roa for report_lines
rov_load() {
	local d=$1 pid=$2 r0 r1 t0 t1
	shift 2
	[ "$ROV" = 1 ] || return 0
	r0=$(rss_kb "$pid")
	t0=$(now)
	"$@" || { echo "run.sh: $d: the VRPs did not load" >&2; return 1; }
	t1=$(now)
	r1=$(rss_kb "$pid")
	echo "roa_rss0_kb=$r0 roa_rss1_kb=$r1 roa_load_s=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f", b - a }')" >"$d/roa"
}

xrsh_enable_rpki() {
	local d=$1
	printf '%s\n' configure "router bgp $AS" " rpki server $RTR_ADDR" \
		"  no shutdown" commit end \
		"debug bgp wait rpki roas $VRPS timeout 600" '! rpki-loaded' 1<>"$d/in"
	wait_for 620 grep -qs '#! rpki-loaded$' "$d/out" || return 1
	! grep -q '% The RPKI table holds' "$d/out"
}

bird_enable_rpki() {
	local d=$1
	birdc -s "$d/bird.ctl" enable rtr_cache >"$d/enable.out" 2>&1 || return 1
	wait_for 600 bird_loaded "$d/bird.ctl"
}

# stayrtr_start FILE: the cache, once for every run (it answers each
# speaker's Reset Query in turn); it listens once the file is loaded
STPID=
stayrtr_start() {
	stayrtr -bind "$RTR_ADDR:$RTR_PORT" -cache "$1" -checktime=false \
		-metrics.addr "$RTR_ADDR:$((RTR_PORT + 1))" >"$DIR/stayrtr.log" 2>&1 &
	STPID=$!
	PIDS+=("$STPID")
	wait_for 120 port_open "$RTR_PORT" && return 0
	echo "run.sh: stayrtr did not start:" >&2
	cat "$DIR/stayrtr.log" >&2
	return 1
}

port_open() {
	kill -0 "$STPID" 2>/dev/null || return 1
	ss -Hltn "sport = :$1" 2>/dev/null | grep -q .
}

# wait_for SECONDS CMD...: poll CMD every 0.1 s
wait_for() {
	local t=$1 i
	shift
	for ((i = 0; i < t * 10; i++)); do
		"$@" && return 0
		sleep 0.1
	done
	return 1
}

load() {
	cut -d' ' -f1-3 /proc/loadavg
}

# BMP sessions the collector has seen end (-b), and whether more than N
bmp_sessions() {
	grep -ac '^conn ' "$DIR/bmp_sink.log" 2>/dev/null || true
}

bmp_closed() {
	[ "$(bmp_sessions)" -gt "$1" ]
}

# perf_start DIR PID / perf_stop DIR: with -P, profile the speaker
# while bench_prop runs (PERF_OPTS, default -g; e.g. "--call-graph
# dwarf,8192 -F 250" for callers without frame pointers)
PERFPID=
perf_start() {
	[ -n "$PERF" ] || return 0
	# shellcheck disable=SC2086  # PERF_OPTS: several words
	perf record ${PERF_OPTS:--g} -o "$1/perf.data" -p "$2" >"$1/perf.log" 2>&1 &
	PERFPID=$!
	PIDS+=("$PERFPID")
}

perf_stop() {
	[ -n "$PERFPID" ] || return 0
	kill -INT "$PERFPID" 2>/dev/null
	wait "$PERFPID" 2>/dev/null
	PERFPID=
	perf report -i "$1/perf.data" --no-children --stdio 2>/dev/null |
		grep -E '^ +[0-9.]+%' | head -25 >"$1/perf.top"
	echo "perf: $1/perf.data (top functions in $1/perf.top)" >&2
}

# run_xrsh RUN: one measurement, prints bench_prop's result line
run_xrsh() {
	local d=$DIR/xrsh.$1.f$FEEDERS.rov$ROV.bmp$BMP.fib$FIB pid keeper
	mkdir -p "$d"
	[ -x "$XRSH" ] || { echo "run.sh: $XRSH not built" >&2; return 1; }
	fill "$SRC/xrsh.cfg.in" "$d/running.cfg" 127.0.77.1 xrsh_feeder "$d"
	"${NSX[@]}" "$XRSH" --check "$d/running.cfg" >"$d/check.out" 2>&1 ||
		{ echo "run.sh: xrsh rejects the configuration:" >&2; cat "$d/check.out" >&2; return 1; }
	# the script is a FIFO held open by a keeper, so commands can be
	# typed once the figures are taken (show bgp process)
	mkfifo "$d/in"
	"${NSX[@]}" "$XRSH" --config "$d/running.cfg" --foreground --echo --continue \
		--listen 127.0.77.1 --port "$PORT" -f "$d/in" \
		</dev/null >"$d/out" 2>"$d/err" &
	pid=$!
	PIDS+=("$pid")
	(exec sleep 100000) >"$d/in" &
	keeper=$!
	PIDS+=("$keeper")
	if ! wait_for 10 grep -qs 'running in the foreground: BGP online' "$d/out"; then
		echo "run.sh: xrsh did not start:" >&2
		cat "$d/out" "$d/err" >&2
		return 1
	fi
	rov_load "$d" "$pid" xrsh_enable_rpki "$d" || return 1
	local nconn
	nconn=$(bmp_sessions)
	perf_start "$d" "$pid"
	# run by bench_prop once it has the figures, sessions still up
	# (not under -P: the shows would be in the profile)
	local states=
	[ "$ROV$PERF" = 1 ] && states="'show bgp | include ^V | count' 'show bgp | include ^N | count' 'show bgp | include ^I | count'"
	# -C: one inbound change previewed, then abandoned
	local impact=
	[ -n "$IMPACT" ] && impact="'configure' 'community-set LP_HIGH' '  65100:201' 'end-set' 'show configuration impact' 'abort'"
	# -F: the kernel's table first (until its count of proto 201
	# routes holds still), then the speaker's CPU so far
	local fibw=: fibshow=
	if [ -n "$FIBM" ]; then
		[ "$FIB" = 1 ] && fibshow="'show fib | json'"
		cat >"$d/fibwait.sh" <<-EOF
		t0=\$(date +%s.%N) prev=-1 c=0
		if [ "$FIB" = 1 ]; then
			for i in \$(seq 1500); do
				c=\$(ip -n "$NS" -4 route show proto 201 | wc -l)
				[ "\$c" -gt 0 ] && [ "\$c" = "\$prev" ] && break
				prev=\$c
				sleep 0.2
			done
			echo "fib_routes=\$c fib_wait_s=\$(echo "\$t0 \$(date +%s.%N)" | awk '{ printf "%.2f", \$2 - \$1 }')" >"$d/fib"
		fi
		sed 's/.*) //' /proc/$pid/stat | awk '{ print "cpu1=" \$12 + \$13; print "sys1=" \$13 }' >"$d/cpu1"
		EOF
		fibw="sh $d/fibwait.sh"
		sed 's/.*) //' "/proc/$pid/stat" | awk '{ print "cpu0=" $12 + $13; print "sys0=" $13 }' >"$d/cpu0"
	fi
	cat >"$d/after.sh" <<-EOF
	$fibw
	printf '%s\\n' 'show bgp process' $states $impact $fibshow '! bench-done' 1<>"$d/in"
	for i in \$(seq 600); do
		grep -q '#! bench-done\$' "$d/out" && exit 0
		sleep 0.1
	done
	exit 1
	EOF
	echo "load before: $(load)" >>"$d/load"
	"${NSX[@]}" "$BENCH" -N xrsh -P "$pid" -S 127.0.77.1 -p "$PORT" -A "$AS" \
		-k "$SINK" -F "$FEED0" -f "$FEEDERS" -n "$N" -t "$TIMEOUT" "${MRT_ARGS[@]}" \
		-x "sh $d/after.sh" >"$d/bench.out" 2>"$d/bench.err"
	echo "load after: $(load)" >>"$d/load"
	perf_stop "$d"
	awk '/#show bgp process$/ { on = 1; next }
		on && /#(show |! bench-done$)/ { exit }
		on' "$d/out" >"$d/process.txt"
	# the origin validation states of the Loc-RIB, as xrsh shows them
	[ "$ROV$PERF" = 1 ] && awk '
		/#show bgp \| include \^[VNI] \| count$/ { match($0, /\^[VNI]/); c = substr($0, RSTART + 1, 1); next }
		c != "" && /^[0-9]+$/ { n[c] = $0; c = "" }
		END { printf "states=%d/%d/%d\n", n["V"], n["N"], n["I"] }' "$d/out" >"$d/states"
	# the preview's own figures, as it prints them
	[ -n "$IMPACT" ] && awk '
		/^Computed in / { s = $3; c = $6; p = $8; sub(/^\(/, "", p) }
		/^Pre-policy routes:/ && match($0, /\([0-9]+ bytes\/path/) {
			b = substr($0, RSTART + 1, RLENGTH - 12) }
		END { printf "impact_s=%s impact_cpu_s=%s impact_paths=%s prepolicy_bpp=%s\n", s, c, p, b }' \
		"$d/out" >"$d/impact"
	# -F: what `show fib` counted, and the CPU up to the table's end
	if [ -n "$FIBM" ]; then
		[ "$FIB" = 1 ] && awk '
			/#show fib \| json$/ { on = 1; next }
			on && /#(show |! bench-done$)/ { exit }
			on' "$d/out" | tr -d ' \n' | awk '
			function num(k) { return match($0, "\"" k "\":[0-9]+") ? substr($0, RSTART + length(k) + 3, RLENGTH - length(k) - 3) : "?" }
			{ printf "fib_installed=%s fib_errors=%s fib_skipped=%s\n", num("installed"), num("errors"), num("skipped") }' \
			>>"$d/fib"
		# cpu_sys_total: the kernel's share (rtnetlink's sendmsg
		# inserts into the FIB trie in the sender's context)
		cat "$d/cpu0" "$d/cpu1" 2>/dev/null | awk -F= -v h="$(getconf CLK_TCK)" '
			{ v[$1] = $2; n++ }
			END { if (n == 4) printf "cpu_total=%.2f cpu_sys_total=%.2f\n",
				(v["cpu1"] - v["cpu0"]) / h, (v["sys1"] - v["sys0"]) / h }' >"$d/cputot"
	fi
	stop_pid "$keeper"
	# removing its kernel routes on SIGTERM takes a while with a large table
	stop_pid "$pid" "$([ "$FIB" = 1 ] && echo 600 || echo 50)"
	# and the namespace's table starts empty for the next run
	[ "$FIB" = 1 ] && ip -n "$NS" route flush proto 201 2>/dev/null
	# what the collector got from this run (its session just closed)
	if [ "$BMP" = 1 ]; then
		wait_for 10 bmp_closed "$nconn"
		grep -a '^conn ' "$DIR/bmp_sink.log" | tail -1 |
			awk '{ printf "bmp_bytes=%s bmp_msgs=%s bmp_rm=%s\n", $4, $6, $8 }' >"$d/bmp"
	fi
	report_lines "$d"
}

run_bird() {
	local d=$DIR/bird.$1.f$FEEDERS.rov$ROV pid
	mkdir -p "$d"
	[ -x "$BIRD" ] || { echo "run.sh: $BIRD not installed" >&2; return 1; }
	fill "$SRC/bird.conf.in" "$d/bird.conf" 127.0.77.2 bird_feeder "$d"
	"$BIRD" -p -c "$d/bird.conf" >"$d/parse.out" 2>&1 ||
		{ echo "run.sh: BIRD rejects the configuration:" >&2; cat "$d/parse.out" >&2; return 1; }
	"$BIRD" -f -c "$d/bird.conf" -s "$d/bird.ctl" -P "$d/bird.pid" \
		</dev/null >"$d/out" 2>"$d/err" &
	pid=$!
	PIDS+=("$pid")
	if ! wait_for 10 test -S "$d/bird.ctl"; then
		echo "run.sh: BIRD did not start:" >&2
		cat "$d/out" "$d/err" >&2
		return 1
	fi
	rov_load "$d" "$pid" bird_enable_rpki "$d" || return 1
	perf_start "$d" "$pid"
	echo "load before: $(load)" >>"$d/load"
	# with -R, the validation states of its routes, sessions still up
	local after=true
	if [ "$ROV$PERF" = 1 ]; then
		cat >"$d/after.sh" <<-EOF
		for st in VALID UNKNOWN INVALID; do
			birdc -s "$d/bird.ctl" show route where "roa_check(r4, net, bgp_path.last) = ROA_\$st" count |
				sed -n 's/^\\([0-9][0-9]*\\) of .*/\\1/p' | head -1
		done | paste -sd/ | sed 's/^/states=/' >"$d/states"
		EOF
		after="sh $d/after.sh"
	fi
	"$BENCH" -N bird -P "$pid" -S 127.0.77.2 -p "$PORT" -A "$AS" \
		-k "$SINK" -F "$FEED0" -f "$FEEDERS" -n "$N" -t "$TIMEOUT" "${MRT_ARGS[@]}" \
		-x "$after" >"$d/bench.out" 2>"$d/bench.err"
	echo "load after: $(load)" >>"$d/load"
	perf_stop "$d"
	stop_pid "$pid"
	report_lines "$d"
}

stop_pid() {
	local p=$1 i
	kill -TERM "$p" 2>/dev/null
	for ((i = 0; i < ${2:-50}; i++)); do
		kill -0 "$p" 2>/dev/null || break
		sleep 0.1
	done
	kill -KILL "$p" 2>/dev/null
	wait "$p" 2>/dev/null
	local keep=()
	for i in "${PIDS[@]}"; do [ "$i" = "$p" ] || keep+=("$i"); done
	PIDS=("${keep[@]}")
}

report_lines() {
	local d=$1 lb la
	if ! grep -q '^result ' "$d/bench.out"; then
		echo "run.sh: no result in $d:" >&2
		cat "$d/bench.out" "$d/bench.err" >&2
		return 1
	fi
	lb=$(sed -n 's/^load before: //p' "$d/load" | tr ' ' ,)
	la=$(sed -n 's/^load after: //p' "$d/load" | tr ' ' ,)
	echo "$(grep -h '^result ' "$d/bench.out") rov=$ROV bmp=$BMP$([ -s "$d/bmp" ] && echo " $(cat "$d/bmp")")$([ -s "$d/roa" ] && echo " $(cat "$d/roa")")$([ -s "$d/states" ] && echo " $(cat "$d/states")")$([ -s "$d/impact" ] && echo " $(cat "$d/impact")")$([ -n "$FIBM" ] && echo " fib=$FIB")$([ -s "$d/cputot" ] && echo " $(cat "$d/cputot")")$([ -s "$d/fib" ] && echo " $(paste -sd' ' "$d/fib")") load_before=$lb load_after=$la"
	[ -s "$d/bench.err" ] && sed 's/^/  bench: /' "$d/bench.err" >&2
	return 0
}

echo "# bench_prop: $N prefixes, feeders $FEEDER_LIST, $RUNS run(s)${VRPS:+, without and with $VRPS VRPs}; $(nproc) CPUs, load $(load)"
VRP_ARGS=()
[ -n "$VRPS" ] && VRP_ARGS=(-V "$DIR/vrps.json" -R "$VRPS")
"$BENCH" -g -n "$N" "${MRT_ARGS[@]}" "${VRP_ARGS[@]}" >"$DIR/table" ||
	{ cat "$DIR/table"; exit 1; }
sed 's/^/# /' "$DIR/table"
MODES=(0)
if [ -n "$VRPS" ]; then
	stayrtr_start "$DIR/vrps.json" || exit 1
	MODES=(0 1)
fi
FMODES=(0)
[ -n "$FIBM" ] && FMODES=(0 1)
BMODES=(0)
if [ -n "$BMP_MON" ]; then
	python3 "$SRC/bmp_sink.py" "$BMP_ADDR" "$BMP_PORT" >"$DIR/bmp_sink.log" 2>&1 &
	PIDS+=("$!")
	wait_for 10 grep -qs '^listening' "$DIR/bmp_sink.log" ||
		{ echo "run.sh: bmp_sink did not start:" >&2; cat "$DIR/bmp_sink.log" >&2; exit 1; }
	BMODES=(0 1)
fi
RESULTS=$DIR/results
: >"$RESULTS"
IFS=, read -r -a SPK <<<"$SPEAKERS"
IFS=, read -r -a FL <<<"$FEEDER_LIST"
for ((r = 1; r <= RUNS; r++)); do
	for FEEDERS in "${FL[@]}"; do
		for ROV in "${MODES[@]}"; do
		for BMP in "${BMODES[@]}"; do
		for FIB in "${FMODES[@]}"; do
		for s in "${SPK[@]}"; do
			# BMP export is xrsh's alone
			[ "$BMP" = 1 ] && [ "$s" != xrsh ] && continue
			# not in a pipeline: the pids it starts must stay in PIDS
			case $s in
			xrsh) run_xrsh "$r" >"$DIR/line" ;;
			bird) run_bird "$r" >"$DIR/line" ;;
			*) echo "run.sh: unknown speaker $s" >&2; exit 2 ;;
			esac
			cat "$DIR/line" >>"$RESULTS"
			cat "$DIR/line"
		done
		done
		done
		done
	done
done

# medians per speaker, feeder count and validation, then the ratios
# xrsh/BIRD and with/without origin validation
awk '
function kv(line, key) {
	if (match(line, " " key "=[^ ]*"))
		return substr(line, RSTART + length(key) + 2, RLENGTH - length(key) - 2)
	return ""
}
function median(arr, n,   i, j, t) {
	for (i = 1; i <= n; i++)
		for (j = i + 1; j <= n; j++)
			if (arr[j] + 0 < arr[i] + 0) { t = arr[i]; arr[i] = arr[j]; arr[j] = t }
	return n % 2 ? arr[(n + 1) / 2] : (arr[n / 2] + arr[n / 2 + 1]) / 2
}
# BMP and FIB runs have their own ratio below
kv($0, "bmp") == 1 || kv($0, "fib") == 1 { next }
{
	s = kv($0, "speaker"); f = kv($0, "feeders"); o = kv($0, "rov") + 0
	key = s SUBSEP f SUBSEP o
	k = ++cnt[key]
	v["tf", key, k] = kv($0, "t_full"); v["tl", key, k] = kv($0, "t_last")
	v["cpu", key, k] = kv($0, "cpu"); v["hwm", key, k] = kv($0, "peak_rss_kb")
	v["rss", key, k] = kv($0, "rss_kb"); v["base", key, k] = kv($0, "base_rss_kb")
	v["r0", key, k] = kv($0, "roa_rss0_kb"); v["r1", key, k] = kv($0, "roa_rss1_kb")
	v["rl", key, k] = kv($0, "roa_load_s")
	rcv[key] = kv($0, "received"); expect[key] = kv($0, "expect")
	ok[key] += kv($0, "ok") == 1
}
END {
	split("tf tl cpu hwm rss base r0 r1 rl", names, " ")
	for (key in cnt) {
		for (m in names) {
			for (i = 1; i <= cnt[key]; i++) a[i] = v[names[m], key, i]
			M[names[m], key] = median(a, cnt[key])
		}
	}
	for (f = 1; f <= 64; f++) for (o = 0; o <= 1; o++) for (si = 1; si <= 2; si++) {
		s = si == 1 ? "xrsh" : "bird"
		key = s SUBSEP f SUBSEP o
		if (!(key in cnt)) continue
		per = rcv[key] > 0 ? (M["rss", key] - M["base", key]) * 1024 / (rcv[key] * f) : 0
		printf "%-4s %2d feeder(s)%s: last prefix %7.2f s (quiet from %7.2f s), cpu %7.2f s, prefixes %s/%s, peak RSS %7.1f MB, RSS %7.1f MB, RSS/path %4.0f B, ok %d/%d runs\n",
			s, f, o ? " ROV" : "", M["tf", key], M["tl", key], M["cpu", key], rcv[key], expect[key],
			M["hwm", key] / 1024, M["rss", key] / 1024, per, ok[key], cnt[key]
		if (o)
			printf "%-4s %2d feeder(s) ROV: ROA table RSS %.1f MB (%.1f -> %.1f MB), loaded in %.2f s\n",
				s, f, (M["r1", key] - M["r0", key]) / 1024, M["r0", key] / 1024,
				M["r1", key] / 1024, M["rl", key]
		one = s SUBSEP 1 SUBSEP o
		if (f > 1 && (one in cnt) && rcv[key] > 0)
			printf "%-4s memory per extra path%s: %.0f B ((RSS %d feeders - RSS 1 feeder) / (%d * %s paths))\n",
				s, o ? " (ROV)" : "", (M["rss", key] - M["rss", one]) * 1024 / ((f - 1) * rcv[key]), f, f - 1, rcv[key]
	}
	for (f = 1; f <= 64; f++) for (o = 0; o <= 1; o++) {
		x = "xrsh" SUBSEP f SUBSEP o; b = "bird" SUBSEP f SUBSEP o
		if (!(x in cnt) || !(b in cnt) || M["tf", b] <= 0 || M["cpu", b] <= 0 || M["hwm", b] <= 0)
			continue
		printf "ratio xrsh/bird, %d feeder(s)%s: time %.2f, cpu %.2f, peak RSS %.2f, RSS %.2f",
			f, o ? " ROV" : "", M["tf", x] / M["tf", b], M["cpu", x] / M["cpu", b],
			M["hwm", x] / M["hwm", b], M["rss", x] / M["rss", b]
		if (o && M["r1", b] - M["r0", b] > 0)
			printf ", ROA table %.2f", (M["r1", x] - M["r0", x]) / (M["r1", b] - M["r0", b])
		printf "\n"
	}
	for (f = 1; f <= 64; f++) for (si = 1; si <= 2; si++) {
		s = si == 1 ? "xrsh" : "bird"
		w = s SUBSEP f SUBSEP 1; n = s SUBSEP f SUBSEP 0
		if (!(w in cnt) || !(n in cnt) || M["tf", n] <= 0 || M["cpu", n] <= 0)
			continue
		printf "ratio with/without ROV, %s %d feeder(s): time %.2f, cpu %.2f, peak RSS %.2f, RSS %.2f; routes/s %.0f -> %.0f (by time), %.0f -> %.0f (by cpu)\n",
			s, f, M["tf", w] / M["tf", n], M["cpu", w] / M["cpu", n],
			M["hwm", w] / M["hwm", n], M["rss", w] / M["rss", n],
			rcv[n] * f / M["tf", n], rcv[w] * f / M["tf", w],
			rcv[n] * f / M["cpu", n], rcv[w] * f / M["cpu", w]
	}
}' "$RESULTS"

# -b: the cost of BMP post-policy monitoring, xrsh with/without
if [ -n "$BMP_MON" ]; then awk '
function kv(line, key) {
	if (match(line, " " key "=[^ ]*"))
		return substr(line, RSTART + length(key) + 2, RLENGTH - length(key) - 2)
	return ""
}
function median(arr, n,   i, j, t) {
	for (i = 1; i <= n; i++)
		for (j = i + 1; j <= n; j++)
			if (arr[j] + 0 < arr[i] + 0) { t = arr[i]; arr[i] = arr[j]; arr[j] = t }
	return n % 2 ? arr[(n + 1) / 2] : (arr[n / 2] + arr[n / 2 + 1]) / 2
}
kv($0, "speaker") == "xrsh" {
	key = kv($0, "feeders") SUBSEP kv($0, "rov") + 0 SUBSEP kv($0, "bmp") + 0
	k = ++cnt[key]
	cpu[key, k] = kv($0, "cpu"); tf[key, k] = kv($0, "t_full")
	hwm[key, k] = kv($0, "peak_rss_kb")
	msgs[key] = kv($0, "bmp_msgs"); bytes[key] = kv($0, "bmp_bytes")
}
END {
	for (key in cnt) {
		for (i = 1; i <= cnt[key]; i++) a[i] = cpu[key, i]
		C[key] = median(a, cnt[key])
		for (i = 1; i <= cnt[key]; i++) a[i] = tf[key, i]
		T[key] = median(a, cnt[key])
		for (i = 1; i <= cnt[key]; i++) a[i] = hwm[key, i]
		H[key] = median(a, cnt[key])
	}
	for (f = 1; f <= 64; f++) for (o = 0; o <= 1; o++) {
		w = f SUBSEP o SUBSEP 1; n = f SUBSEP o SUBSEP 0
		if (!(w in cnt) || !(n in cnt) || C[n] <= 0 || T[n] <= 0 || H[n] <= 0)
			continue
		printf "ratio with/without BMP monitoring, xrsh %d feeder(s)%s: cpu %.2f (%.2f -> %.2f s), time %.2f, peak RSS %.2f; BMP messages %s (%.1f MB)\n",
			f, o ? " ROV" : "", C[w] / C[n], C[n], C[w], T[w] / T[n], H[w] / H[n],
			msgs[w], bytes[w] / 1048576
	}
}' "$RESULTS"
fi

# -F: the cost of kernel FIB programming, xrsh with/without
if [ -n "$FIBM" ]; then awk '
function kv(line, key) {
	if (match(line, " " key "=[^ ]*"))
		return substr(line, RSTART + length(key) + 2, RLENGTH - length(key) - 2)
	return ""
}
function median(arr, n,   i, j, t) {
	for (i = 1; i <= n; i++)
		for (j = i + 1; j <= n; j++)
			if (arr[j] + 0 < arr[i] + 0) { t = arr[i]; arr[i] = arr[j]; arr[j] = t }
	return n % 2 ? arr[(n + 1) / 2] : (arr[n / 2] + arr[n / 2 + 1]) / 2
}
kv($0, "speaker") == "xrsh" {
	key = kv($0, "feeders") SUBSEP kv($0, "fib") + 0
	k = ++cnt[key]
	v["cpu", key, k] = kv($0, "cpu"); v["ct", key, k] = kv($0, "cpu_total")
	v["cs", key, k] = kv($0, "cpu_sys_total")
	v["tf", key, k] = kv($0, "t_full"); v["hwm", key, k] = kv($0, "peak_rss_kb")
	v["fr", key, k] = kv($0, "fib_routes"); v["fw", key, k] = kv($0, "fib_wait_s")
	rcv[key] = kv($0, "received")
	fok[key] += kv($0, "fib_routes") == kv($0, "received")
}
END {
	split("cpu ct cs tf hwm fr fw", names, " ")
	for (key in cnt)
		for (m in names) {
			for (i = 1; i <= cnt[key]; i++) a[i] = v[names[m], key, i]
			M[names[m], key] = median(a, cnt[key])
		}
	for (f = 1; f <= 64; f++) {
		w = f SUBSEP 1; n = f SUBSEP 0
		if (!(w in cnt) || !(n in cnt) || M["cpu", n] <= 0 || M["ct", n] <= 0 || M["tf", n] <= 0)
			continue
		printf "ratio with/without fib install kernel, xrsh %d feeder(s): cpu %.2f (%.2f -> %.2f s), cpu to the kernel table %.2f (%.2f -> %.2f s, of which system %.2f -> %.2f s), time %.2f (%.2f -> %.2f s), peak RSS %.2f (%.1f -> %.1f MB); kernel routes %d of %s prefixes (equal in %d/%d runs), table settled %.2f s after the figures\n",
			f, M["cpu", w] / M["cpu", n], M["cpu", n], M["cpu", w],
			M["ct", w] / M["ct", n], M["ct", n], M["ct", w], M["cs", n], M["cs", w],
			M["tf", w] / M["tf", n], M["tf", n], M["tf", w],
			M["hwm", w] / M["hwm", n], M["hwm", n] / 1024, M["hwm", w] / 1024,
			M["fr", w], rcv[w], fok[w], cnt[w], M["fw", w]
	}
}' "$RESULTS"
fi

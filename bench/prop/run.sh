#!/bin/bash
# bench/prop/run.sh - propagation benchmark: xrsh and BIRD 2 side by side
# (bench/README.md).  For each speaker: start it live on its own loopback
# address, run bench_prop (the sink and the feeders) against it, stop it.
# One line per speaker and run, then the xrsh/BIRD ratios of the medians.
#
#   bench/prop/run.sh [-n PREFIXES] [-f FEEDERS[,...]] [-r RUNS] [-s SPEAKERS]
#                     [-m MRT] [-t SECONDS] [-p PORT] [-B BUILDDIR] [-k] [-P]
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
#
# NETWORK SAFETY: every address is in 127.0.77.0/24 (xrsh 127.0.77.1,
# BIRD 127.0.77.2, sink .100, feeders .11 up); xrsh runs with
# XRSH_LOOPBACK_ONLY=1; BIRD has no kernel protocol.  Every process
# started here is stopped on exit, by its pid.
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
SRC=$(cd "$(dirname "$0")" && pwd)

while getopts "n:f:r:s:p:B:kPt:m:" o; do
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
	*) sed -n '2,24s/^# \{0,1\}//p' "$0" >&2; exit 2 ;;
	esac
done

XRSH=${XRSH:-$BUILD/xrsh}
BENCH=${BENCH:-$BUILD/bench/prop/bench_prop}
BIRD=${BIRD:-/usr/sbin/bird}
SINK=127.0.77.100
SINK_AS=65099
FEED0=127.0.77.11
AS=65000
export XRSH_LOOPBACK_ONLY=1

[ -x "$BENCH" ] || { echo "run.sh: $BENCH not built (make bench/prop/bench_prop)" >&2; exit 2; }
DIR=$(mktemp -d /tmp/bench-prop.XXXXXX) || exit 1
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
	if [ -n "$KEEP" ]; then
		echo "run directory: $DIR" >&2
	else
		rm -rf "$DIR"
	fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

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
	printf '  address-family ipv4 unicast\n   route-policy FEEDER_IN in\n  !\n !\n'
}

bird_feeder() {
	printf 'protocol bgp feeder%s from bench_peer {\n' "$3"
	printf '\tneighbor %s port %s as %s;\n' "$1" "$PORT" "$2"
	printf '\tipv4 { import filter feeder_in; export none; };\n}\n'
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
	local d=$DIR/xrsh.$1.f$FEEDERS pid keeper
	mkdir -p "$d"
	[ -x "$XRSH" ] || { echo "run.sh: $XRSH not built" >&2; return 1; }
	fill "$SRC/xrsh.cfg.in" "$d/running.cfg" 127.0.77.1 xrsh_feeder "$d"
	"$XRSH" --check "$d/running.cfg" >"$d/check.out" 2>&1 ||
		{ echo "run.sh: xrsh rejects the configuration:" >&2; cat "$d/check.out" >&2; return 1; }
	# the script is a FIFO held open by a keeper, so commands can be
	# typed once the figures are taken (show bgp process)
	mkfifo "$d/in"
	"$XRSH" --config "$d/running.cfg" --foreground --echo --continue \
		--listen 127.0.77.1 --port "$PORT" -f "$d/in" \
		</dev/null >"$d/out" 2>"$d/err" &
	pid=$!
	PIDS+=("$pid")
	(exec sleep 100000) >"$d/in" &
	keeper=$!
	PIDS+=("$keeper")
	if ! wait_for 10 grep -q 'running in the foreground: BGP online' "$d/out"; then
		echo "run.sh: xrsh did not start:" >&2
		cat "$d/out" "$d/err" >&2
		return 1
	fi
	perf_start "$d" "$pid"
	# run by bench_prop once it has the figures, sessions still up
	cat >"$d/after.sh" <<-EOF
	printf '%s\\n' 'show bgp process' '! bench-done' 1<>"$d/in"
	for i in \$(seq 300); do
		grep -q '#! bench-done\$' "$d/out" && exit 0
		sleep 0.1
	done
	exit 1
	EOF
	echo "load before: $(load)" >>"$d/load"
	"$BENCH" -N xrsh -P "$pid" -S 127.0.77.1 -p "$PORT" -A "$AS" \
		-k "$SINK" -F "$FEED0" -f "$FEEDERS" -n "$N" -t "$TIMEOUT" "${MRT_ARGS[@]}" \
		-x "sh $d/after.sh" >"$d/bench.out" 2>"$d/bench.err"
	echo "load after: $(load)" >>"$d/load"
	perf_stop "$d"
	sed -n '/#show bgp process$/,/#! bench-done$/p' "$d/out" |
		sed '1d;$d' >"$d/process.txt"
	stop_pid "$keeper"
	stop_pid "$pid"
	report_lines "$d"
}

run_bird() {
	local d=$DIR/bird.$1.f$FEEDERS pid
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
	perf_start "$d" "$pid"
	echo "load before: $(load)" >>"$d/load"
	"$BENCH" -N bird -P "$pid" -S 127.0.77.2 -p "$PORT" -A "$AS" \
		-k "$SINK" -F "$FEED0" -f "$FEEDERS" -n "$N" -t "$TIMEOUT" "${MRT_ARGS[@]}" >"$d/bench.out" 2>"$d/bench.err"
	echo "load after: $(load)" >>"$d/load"
	perf_stop "$d"
	stop_pid "$pid"
	report_lines "$d"
}

stop_pid() {
	local p=$1 i
	kill -TERM "$p" 2>/dev/null
	for ((i = 0; i < 50; i++)); do
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
	echo "$(grep -h '^result ' "$d/bench.out") load_before=$lb load_after=$la"
	[ -s "$d/bench.err" ] && sed 's/^/  bench: /' "$d/bench.err" >&2
	return 0
}

echo "# bench_prop: $N prefixes, feeders $FEEDER_LIST, $RUNS run(s); $(nproc) CPUs, load $(load)"
"$BENCH" -g -n "$N" "${MRT_ARGS[@]}" | sed 's/^/# /'
RESULTS=$DIR/results
: >"$RESULTS"
IFS=, read -r -a SPK <<<"$SPEAKERS"
IFS=, read -r -a FL <<<"$FEEDER_LIST"
for ((r = 1; r <= RUNS; r++)); do
	for FEEDERS in "${FL[@]}"; do
		for s in "${SPK[@]}"; do
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

# medians per speaker and feeder count, then the ratios xrsh/BIRD
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
{
	s = kv($0, "speaker"); f = kv($0, "feeders"); key = s SUBSEP f
	k = ++cnt[key]
	v["tf", key, k] = kv($0, "t_full"); v["tl", key, k] = kv($0, "t_last")
	v["cpu", key, k] = kv($0, "cpu"); v["hwm", key, k] = kv($0, "peak_rss_kb")
	v["rss", key, k] = kv($0, "rss_kb"); v["base", key, k] = kv($0, "base_rss_kb")
	rcv[key] = kv($0, "received"); expect[key] = kv($0, "expect")
	ok[key] += kv($0, "ok") == 1
}
END {
	split("tf tl cpu hwm rss base", names, " ")
	for (key in cnt) {
		for (m in names) {
			for (i = 1; i <= cnt[key]; i++) a[i] = v[names[m], key, i]
			M[names[m], key] = median(a, cnt[key])
		}
	}
	for (f = 1; f <= 64; f++) for (si = 1; si <= 2; si++) {
		s = si == 1 ? "xrsh" : "bird"
		key = s SUBSEP f
		if (!(key in cnt)) continue
		per = rcv[key] > 0 ? (M["rss", key] - M["base", key]) * 1024 / (rcv[key] * f) : 0
		printf "%-4s %2d feeder(s): last prefix %7.2f s (quiet from %7.2f s), cpu %7.2f s, prefixes %s/%s, peak RSS %7.1f MB, RSS %7.1f MB, RSS/path %4.0f B, ok %d/%d runs\n",
			s, f, M["tf", key], M["tl", key], M["cpu", key], rcv[key], expect[key],
			M["hwm", key] / 1024, M["rss", key] / 1024, per, ok[key], cnt[key]
		one = s SUBSEP 1
		if (f > 1 && (one in cnt) && rcv[key] > 0)
			printf "%-4s memory per extra path: %.0f B ((RSS %d feeders - RSS 1 feeder) / (%d * %s paths))\n",
				s, (M["rss", key] - M["rss", one]) * 1024 / ((f - 1) * rcv[key]), f, f - 1, rcv[key]
	}
	for (f = 1; f <= 64; f++) {
		x = "xrsh" SUBSEP f; b = "bird" SUBSEP f
		if (!(x in cnt) || !(b in cnt) || M["tf", b] <= 0 || M["cpu", b] <= 0 || M["hwm", b] <= 0)
			continue
		printf "ratio xrsh/bird, %d feeder(s): time %.2f, cpu %.2f, peak RSS %.2f, RSS %.2f\n",
			f, M["tf", x] / M["tf", b], M["cpu", x] / M["cpu", b],
			M["hwm", x] / M["hwm", b], M["rss", x] / M["rss", b]
	}
}' "$RESULTS"

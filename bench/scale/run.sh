#!/bin/sh
# bench/scale/run.sh: xrsh with N eBGP sessions (tests/peers/manypeers.py,
# from 127.1.x.y) of R routes each, and one more session (127.0.0.2,
# tests/peers/bgppeer.py) sending a full table of F prefixes while the
# others are up, with `show bgp summary` typed every second all along.
# Reports: the time until all N are Established, memory (VmRSS) and CPU
# per idle session and per route, the largest gap between two keepalives
# xrsh sent on any session against the negotiated interval (hold 30:
# 10 s), and sessions lost or hold timers expired (both must be 0).
#
#   bench/scale/run.sh [-n N] [-r R] [-f F] [-o DROP|PASS] [-d SECS]
#                      [-P perf.data]
# Defaults: N 1000, R 300, F 200000, DROP (no route sent back: a route
# collector; PASS exports everything to every session), SECS 60 (the
# keepalive watch after the table).  -P records a CPU profile with
# perf(1) over the busy part and prints its top symbols.
#
# Environment: XRSH (the binary, default ./xrsh), SRCDIR (the source
# tree, default the one holding this script).  NETWORK SAFETY: loopback
# only (127.0.0.1, 127.0.0.2, 127.1.0.0/16), XRSH_LOOPBACK_ONLY=1.
set -eu

n=1000 r=300 f=200000 out=DROP dur=60 perfdata=
while getopts n:r:f:o:d:P: c; do
	case $c in
	n) n=$OPTARG ;;
	r) r=$OPTARG ;;
	f) f=$OPTARG ;;
	o) out=$OPTARG ;;
	d) dur=$OPTARG ;;
	P) perfdata=$OPTARG ;;
	*) sed -n '2,20p' "$0"; exit 2 ;;
	esac
done
here=$(cd "$(dirname "$0")" && pwd)
: "${SRCDIR:=$here/../..}"
: "${XRSH:=./xrsh}"
export XRSH_LOOPBACK_ONLY=1
tmp=$(mktemp -d "${TMPDIR:-/tmp}/xrsh-scale.XXXXXX")
export XDG_RUNTIME_DIR=$tmp
port=$((30000 + $(od -An -N2 -tu2 /dev/urandom) % 20000))
pids=
cleanup() {
	for p in $pids; do kill "$p" 2>/dev/null || true; done
	wait 2>/dev/null || true
}
trap cleanup EXIT INT TERM

rss() { awk '/^VmRSS/ { print $2 }' "/proc/$1/status"; }	# kB
cpu() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }		# ticks
hz=$(getconf CLK_TCK)
now() { date +%s.%N; }
wait_line() {	# FILE REGEX SECS
	i=0
	while ! grep -Eq "$2" "$1" 2>/dev/null; do
		i=$((i + 1))
		[ "$i" -le $(($3 * 10)) ] || { echo "timeout: $2 in $1" >&2; cat "$1" >&2; exit 1; }
		sleep 0.1
	done
}

sh "$here/gen_config.sh" "$n" "$out" >"$tmp/running.cfg"
total=$((dur + 90))
{
	i=0
	while [ "$i" -lt "$total" ]; do
		echo 'show bgp summary'
		echo 'debug sleep 1'
		i=$((i + 1))
		[ $((i % 5)) -ne 0 ] || echo 'show bgp process | json'
	done
} >"$tmp/x.script"
"$XRSH" --port "$port" --listen 127.0.0.1 --config "$tmp/running.cfg" \
    -f "$tmp/x.script" >"$tmp/x.out" 2>"$tmp/x.err" &
xp=$!
pids="$xp"
sleep 3
rss0=$(rss "$xp")

t0=$(now)
python3 "$SRCDIR/tests/peers/manypeers.py" --port "$port" --count "$n" \
    --routes "$r" --hold 30 --go "$tmp/go" --duration $((dur + 60)) \
    >"$tmp/mp.out" 2>&1 &
pids="$pids $!"
wait_line "$tmp/mp.out" '^ESTABLISHED' 120
up=$(sed -n 's/^ESTABLISHED \([0-9/]*\) in \([0-9.]*\) s/\1 in \2 s/p' "$tmp/mp.out")
sleep 3
rss1=$(rss "$xp")
c1=$(cpu "$xp")
sleep 10
c2=$(cpu "$xp")

# the busy part: every session's routes, a full table on 127.0.0.2
[ -z "$perfdata" ] || { perf record -q -g -o "$perfdata" -p "$xp" >/dev/null 2>&1 & pids="$pids $!"; pp=$!; }
touch "$tmp/go"
python3 "$SRCDIR/tests/peers/bgppeer.py" --connect 127.0.0.1 --port "$port" \
    --local 127.0.0.2 --as 65002 --id 2.2.2.2 --connect-retry 10 \
    -e establish -e "send table $f start 64.0.0.0" \
    -e "expect open-alive $((dur + 20))" >"$tmp/ft.out" 2>&1 &
pids="$pids $!"
wait_line "$tmp/mp.out" '^ROUTES SENT' 120
wait_line "$tmp/ft.out" '^SENT table' 120
sleep 10
rss3=$(rss "$xp")
c3=$(cpu "$xp")
[ -z "$perfdata" ] || { kill -INT "$pp"; wait "$pp" 2>/dev/null || true; }
wait_line "$tmp/mp.out" '^REPORT' $((dur + 90))
report=$(grep '^REPORT' "$tmp/mp.out")
routes=$((n * r + f))
exp=$(grep -c 'hold time expired' "$tmp/x.err" || true)
sleep 6
late=$(grep '^{.*keepalive_late_max_ms' "$tmp/x.out" | tail -1 |
    sed 's/.*"keepalive_late_max_ms":\([0-9]*\).*/\1/')

echo "sessions: $n (routes each $r, policy out $out), full table $f on one more"
echo "established: $up"
awk -v a="$rss0" -v b="$rss1" -v c="$rss3" -v n="$n" -v r="$routes" \
    -v c1="$c1" -v c2="$c2" -v c3="$c3" -v hz="$hz" 'BEGIN {
	printf "memory: %d kB before, %d kB with %d sessions up, %d kB with %d routes\n", a, b, n, c, r
	printf "memory per idle session: %.1f kB; per route: %.0f bytes\n", (b - a) / n, (c - b) * 1024 / r
	printf "CPU idle: %.2f%% of a core for %d sessions (%.4f%% each)\n", (c2 - c1) / hz / 10 * 100, n, (c2 - c1) / hz / 10 * 100 / n
	printf "CPU for the routes: %.2f s, %.1f us per route\n", (c3 - c2) / hz, (c3 - c2) / hz / r * 1e6
}'
echo "keepalives as the sessions saw them: $report"
echo "keepalive timers run late by at most (xrsh's loop): ${late:-?} ms"
echo "hold timers expired (xrsh's log): $exp"
if [ -n "$perfdata" ]; then
	perf report -i "$perfdata" --no-children --sort symbol --stdio 2>/dev/null |
	    grep -E '^ +[0-9]' | head -15
fi
case $report in
*" lost=0 "*" late=0 "*) [ "$exp" -eq 0 ] ;;
*) exit 1 ;;
esac

#!/bin/bash
# bench/fib/run.sh [N]: time to install an N-route table (default 100000)
# in the Linux kernel, xrsh against BIRD 2, each in a network namespace of
# its own that this script makes and deletes (needs root; nothing changes
# outside the namespaces).  Run from the build directory (or set
# BUILDDIR); see bench/fib/README.md for what each figure measures.
# XRSH_STATICS=M also times the whole router: M `router static` lines
# committed, then `fib install kernel` committed from an attached session.
set -u
N=${1:-100000}
BUILDDIR=${BUILDDIR:-$PWD}
BENCH=$BUILDDIR/bench/fib/bench_fib
RTBENCH=$BUILDDIR/bench/fib/bench_rt_fib
XN=${XRSH_STATICS:-0}
XRSH=$BUILDDIR/xrsh

if [ "$(id -u)" != 0 ]; then
	echo "run.sh: needs root (network namespaces)" >&2
	exit 77
fi
[ -x "$BENCH" ] || { echo "run.sh: no $BENCH (make first)" >&2; exit 1; }

TMP=$(mktemp -d)
NSW=xrsh-t-fibw-$$ NSR=xrsh-t-fibr-$$ NSX=xrsh-t-fibx-$$ NSB=xrsh-t-fibb-$$
BIRD_PID= XRSH_PID=
cleanup() {
	[ -n "$BIRD_PID" ] && kill "$BIRD_PID" 2>/dev/null && wait "$BIRD_PID" 2>/dev/null
	[ -n "$XRSH_PID" ] && kill "$XRSH_PID" 2>/dev/null && wait "$XRSH_PID" 2>/dev/null
	for ns in $NSW $NSR $NSX $NSB; do
		ip netns del "$ns" 2>/dev/null
	done
	rm -rf "$TMP"
}
trap cleanup EXIT INT TERM

# a namespace with a veth pair, 198.18.0.1/24 on xb0 (routes go via .2)
mkns() {
	ip netns add "$1" &&
	ip -n "$1" link set lo up &&
	ip -n "$1" link add xb0 type veth peer name xb1 &&
	ip -n "$1" addr add 198.18.0.1/24 dev xb0 &&
	ip -n "$1" link set xb0 up && ip -n "$1" link set xb1 up
}

now() { date +%s.%N; }

# count NS PROTO: IPv4 routes of PROTO in the main table
count() { ip -n "$1" -4 route show proto "$2" | wc -l; }

# until_count NS PROTO N: polls (every 20 ms plus the dump's own time)
until_count() {
	local i
	for i in $(seq 1 3000); do
		[ "$(count "$1" "$2")" -ge "$3" ] && return 0
		sleep 0.02
	done
	echo "run.sh: never reached $3 routes of $2 in $1" >&2
	return 1
}

# the routes: 10.0.0.0/28, 10.0.0.16/28, ... (as bench_fib makes them)
routes() {
	awk -v n="$N" -v fmt="$1" 'BEGIN { for (i = 0; i < n; i++) {
		a = 167772160 + i * 16
		printf fmt "\n", int(a / 16777216), int(a / 65536) % 256,
		    int(a / 256) % 256, a % 256 } }'
}

echo "== $N IPv4 routes, $(uname -r), $(nproc) CPUs"

# 1. the writer alone (no RIB): queue N routes, flush
mkns "$NSW" || exit 1
ip netns exec "$NSW" "$BENCH" -i xb0 -g 198.18.0.2 -n "$N" | sed 's/^/writer: /'

# 2. through the RIB: rt_put of N eBGP routes, the glue's batched flush
mkns "$NSR" || exit 1
RT_OUT=$(ip netns exec "$NSR" "$RTBENCH" -i xb0 -a 198.18.0.1/24 \
    -g 198.18.0.2 -n "$N" 2>/dev/null)
echo "$RT_OUT" | sed 's/^/rib+fib: /'
XRSH_S=$(echo "$RT_OUT" | awk '/^install/ { print $4 }')

# 3. BIRD 2: a static table of N routes up, then the kernel protocol
#    enabled; the time until the kernel has them all
if command -v bird >/dev/null; then
	mkns "$NSB" || exit 1
	{
		echo 'protocol static s4 { ipv4;'
		routes 'route %d.%d.%d.%d/28 via 198.18.0.2;'
		echo '}'
	} >"$TMP/static.conf"
	cat >"$TMP/bird.conf" <<-EOB
	router id 198.18.0.1;
	protocol device { }
	protocol kernel k4 { ipv4 { import none; export all; }; disabled; }
	include "$TMP/static.conf";
	EOB
	ip netns exec "$NSB" bird -f -c "$TMP/bird.conf" -s "$TMP/bird.ctl" \
	    -P "$TMP/bird.pid" >"$TMP/bird.log" 2>&1 &
	BIRD_PID=$!
	for i in $(seq 1 600); do
		birdc -s "$TMP/bird.ctl" show route count 2>/dev/null |
		    grep -q "^$N of $N routes" && break
		kill -0 "$BIRD_PID" 2>/dev/null || break
		sleep 0.1
	done
	if ! kill -0 "$BIRD_PID" 2>/dev/null; then
		echo "run.sh: bird did not start:" >&2
		cat "$TMP/bird.log" >&2
		exit 1
	fi
	# BIRD writes each route to the kernel as it exports it (and waits
	# for the kernel's answer), so its export counter, cheap to poll,
	# is what the kernel has; the kernel's own count confirms it after
	t0=$(now)
	birdc -s "$TMP/bird.ctl" enable k4 >/dev/null
	for i in $(seq 1 30000); do
		birdc -s "$TMP/bird.ctl" show protocols all k4 |
		    grep -q "imported, $N exported" && break
		sleep 0.01
	done
	t1=$(now)
	K=$(count "$NSB" bird)
	until_count "$NSB" bird "$N" && BIRD_S=$(echo "$t1 - $t0" | bc) &&
	    echo "bird: install $N routes: $BIRD_S s (enable k4 until its $N are exported; the kernel had $K then)"
	t0=$(now)
	birdc -s "$TMP/bird.ctl" disable k4 >/dev/null
	for i in $(seq 1 3000); do
		[ "$(count "$NSB" bird)" -eq 0 ] && break
		sleep 0.02
	done
	echo "bird: remove $N routes: $(echo "$(now) - $t0" | bc) s (disable k4 until the kernel has none)"
	kill "$BIRD_PID" 2>/dev/null; wait "$BIRD_PID" 2>/dev/null; BIRD_PID=
else
	echo "bird: not installed (apt-get install bird2)"
fi

if [ -n "${BIRD_S:-}" ] && [ -n "${XRSH_S:-}" ]; then
	echo "ratio: bird / xrsh (rib+fib) install time = $(echo "scale=2; $BIRD_S / $XRSH_S" | bc)"
fi

# 4. the whole router (XRSH_STATICS=M): M static routes committed, then
#    `fib install kernel` committed from an attached session; the time
#    until the kernel has them all
if [ "$XN" -gt 0 ] && [ -x "$XRSH" ]; then
	N=$XN
	mkns "$NSX" || exit 1
	{
		echo "router static"
		echo " address-family ipv4 unicast"
		routes '  %d.%d.%d.%d/28 198.18.0.2'
		echo " !"
		echo "!"
	} >"$TMP/xrsh.cfg"
	XDG_RUNTIME_DIR=$TMP ip netns exec "$NSX" "$XRSH" --foreground \
	    --config "$TMP/xrsh.cfg" --socket "$TMP/xrsh.sock" \
	    --listen 127.0.0.1 --port 1179 >"$TMP/xrsh.log" 2>&1 &
	XRSH_PID=$!
	for i in $(seq 1 6000); do
		grep -q "running in the foreground" "$TMP/xrsh.log" && break
		sleep 0.1
	done
	t0=$(now)
	"$XRSH" --attach --socket "$TMP/xrsh.sock" -c configure \
	    -c 'fib install kernel' -c commit -c end >/dev/null
	until_count "$NSX" 201 "$N" && t1=$(now) &&
	    echo "xrsh: install $N routes: $(echo "$t1 - $t0" | bc) s (commit of fib install kernel until the kernel has them)"
	t0=$(now)
	"$XRSH" --attach --socket "$TMP/xrsh.sock" -c configure \
	    -c 'no fib install' -c commit -c end >/dev/null
	for i in $(seq 1 3000); do
		[ "$(count "$NSX" 201)" -eq 0 ] && break
		sleep 0.02
	done
	echo "xrsh: remove $N routes: $(echo "$(now) - $t0" | bc) s (commit of no fib install until the kernel has none)"
	"$XRSH" --attach --socket "$TMP/xrsh.sock" -c 'show fib' | sed 's/^/xrsh: /'
	kill "$XRSH_PID" 2>/dev/null; wait "$XRSH_PID" 2>/dev/null; XRSH_PID=
fi

#!/bin/bash
# bench/attach/run.sh [-n N] [XRSH]: the cost of one attached command,
# `xrsh --attach -c 'show bgp summary'` (connect, session, command, leave),
# measured N times (default 200) against an offline `--foreground` router
# with three configured neighbors; side by side, BIRD's client doing the
# same against a BIRD with three passive loopback neighbors
# (`birdc -s SOCK show protocols`), when bird2 is installed.  Prints the
# median and 95th percentile wall time per invocation and the ratio.
# Nothing leaves the machine: xrsh is --offline, BIRD's neighbors are
# passive on 127.0.0.0/8.
set -eu
n=200
while getopts n: o; do
	case $o in
	n) n=$OPTARG ;;
	*) echo "usage: $0 [-n N] [XRSH]" >&2; exit 2 ;;
	esac
done
shift $((OPTIND - 1))
xrsh=$(realpath "${1:-./xrsh}")
dir=$(mktemp -d)
rpid= bpid=
cleanup() {
	[ -n "$rpid" ] && kill "$rpid" 2>/dev/null
	[ -n "$bpid" ] && kill "$bpid" 2>/dev/null
	wait 2>/dev/null
	rm -rf "$dir"
}
trap cleanup EXIT

# times (ms, one per line) of N runs of "$@", printed as "median p95"
measure() {
	local i t0 t1
	for i in $(seq 1 "$n"); do
		t0=$(date +%s%N)
		"$@" >/dev/null
		t1=$(date +%s%N)
		echo $(((t1 - t0) / 1000))
	done | sort -n | awk '{ v[NR] = $1 } END {
		printf "%.2f %.2f\n", v[int((NR + 1) / 2)] / 1000,
		    v[int(NR * 0.95)] / 1000 }'
}

cat >"$dir/xrsh.cfg" <<'CFG'
router bgp 65001
 bgp router-id 127.0.0.1
 neighbor 127.0.0.2
  remote-as 65002
  address-family ipv4 unicast
  !
 !
 neighbor 127.0.0.3
  remote-as 65003
  address-family ipv4 unicast
  !
 !
 neighbor 127.0.0.4
  remote-as 65004
  address-family ipv4 unicast
  !
 !
!
CFG
XRSH_LOOPBACK_ONLY=1 "$xrsh" --foreground --offline --config "$dir/xrsh.cfg" \
    --socket "$dir/xrsh.sock" >"$dir/xrsh.log" 2>&1 &
rpid=$!
for i in $(seq 1 100); do
	[ -S "$dir/xrsh.sock" ] && break
	sleep 0.05
done
"$xrsh" --attach --socket "$dir/xrsh.sock" -c 'show bgp summary' | grep -q 127.0.0.4
read -r xmed xp95 < <(measure "$xrsh" --attach --socket "$dir/xrsh.sock" \
    -c 'show bgp summary')
printf '%-44s median %7.2f ms  p95 %7.2f ms\n' \
    "xrsh --attach -c 'show bgp summary'" "$xmed" "$xp95"

if command -v bird >/dev/null && command -v birdc >/dev/null; then
	port=$((30000 + RANDOM % 10000))
	{
		echo 'router id 127.0.0.1;'
		echo 'protocol device { }'
		for k in 2 3 4; do
			echo "protocol bgp n$k { local 127.0.0.1 port $port as 65001;"
			echo "  neighbor 127.0.0.$k as 6500$k; passive on;"
			echo '  ipv4 { import all; export none; }; }'
		done
	} >"$dir/bird.conf"
	bird -f -c "$dir/bird.conf" -s "$dir/bird.ctl" >"$dir/bird.log" 2>&1 &
	bpid=$!
	for i in $(seq 1 100); do
		[ -S "$dir/bird.ctl" ] && break
		sleep 0.05
	done
	birdc -s "$dir/bird.ctl" show protocols | grep -q n4
	read -r bmed bp95 < <(measure birdc -s "$dir/bird.ctl" show protocols)
	printf '%-44s median %7.2f ms  p95 %7.2f ms\n' \
	    'birdc show protocols' "$bmed" "$bp95"
	awk -v a="$xmed" -v b="$bmed" \
	    'BEGIN { printf "ratio xrsh/birdc (median): %.2f\n", a / b }'
else
	echo "bird2 not installed: no side-by-side figure"
fi

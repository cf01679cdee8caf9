#!/bin/sh
# The README's quick tour: runs the demo lab (`xrsh --demo`) on what a
# newcomer would type (tour.txt) and prints the session as a transcript:
# the banner `xrsh --demo` shows, then each command after its prompt.
# tour.txt names no prefix of the generated tables: @PREFIX@, @ASPATH@
# and @RANGE@ come from the example in the banner of a first run.
# What changes from run to run becomes a fixed placeholder: the port (179,
# what root gets), the start-up time, and in `show bgp summary` the
# message counts, table versions, queues and up times.
#
#   tests/demo/tour.sh            print the transcript
#   tests/demo/tour.sh --update   write it into the README (section "tour")
#
# Environment: XRSH (default ./xrsh), SRCDIR (default: two levels up from
# this script), PORT (default: a port from 17950-17999 nothing listens on).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
: "${SRCDIR:=$here/../..}"
: "${XRSH:=./xrsh}"
update=0
case ${1:-} in
--update)	update=1 ;;
'')		;;
*)		echo "usage: $0 [--update]" >&2; exit 2 ;;
esac

if [ -z "${PORT:-}" ]; then
	for p in $(seq 17950 17999); do
		if ! ss -Hltn "sport = :$p" 2>/dev/null | grep -q .; then
			PORT=$p
			break
		fi
	done
fi
[ -n "${PORT:-}" ] || { echo "$0: no free port in 17950-17999" >&2; exit 1; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
# the lab never leaves loopback; this makes the engine refuse anything else
XRSH_LOOPBACK_ONLY=1
export XRSH_LOOPBACK_ONLY

# demo OUT ARGS...: runs the demo (stdout in OUT, stderr in OUT.err)
demo() {
	out=$1
	shift
	if ! "$XRSH" --demo --port "$PORT" "$@" >"$out" 2>"$out.err"; then
		echo "$0: the demo failed:" >&2
		cat "$out.err" "$out" >&2
		exit 1
	fi
}

# The tour's prefix is the banner's: the first one both providers sent
# whose best path is PROVIDER_A's (the policy edit moves it), with
# PROVIDER_B's AS path, and the /14 around it for a short table.
demo "$tmp/probe" -c 'show version'
prefix=$(sed -n 's/^ *show bgp \([0-9./]*\) bestpath-compare$/\1/p' \
    "$tmp/probe.err")
aspath=$(sed -n 's/^ *test route-policy .* as-path \([0-9 ]*\)$/\1/p' \
    "$tmp/probe.err")
if [ -z "$prefix" ] || [ -z "$aspath" ]; then
	echo "$0: the banner names no example prefix:" >&2
	cat "$tmp/probe.err" >&2
	exit 1
fi
range=$(echo "$prefix" | awk -F'[./]' '{
	if ($5 <= 14) print $0
	else printf "%d.%d.0.0/14\n", $1, $2 - $2 % 4 }')
sed -e "s|@PREFIX@|$prefix|g" -e "s|@ASPATH@|$aspath|g" \
    -e "s|@RANGE@|$range|g" "$SRCDIR/tests/demo/tour.txt" >"$tmp/tour.txt"
demo "$tmp/out" --echo -f "$tmp/tour.txt"

# the banner (batch mode sends it to stderr), then the session
sed -n '/^Demo lab on loopback/,/^`exit` ends the demo/p' "$tmp/out.err" |
    sed -E 's/BGP port [0-9]+:/BGP port 179:/;
	s/ paths received in [0-9.]+ s$/ paths received in x.x s/' \
    >"$tmp/banner"
grep -q '^3/3 sessions Established' "$tmp/banner" || {
	echo "$0: no banner, or not every session came up:" >&2
	cat "$tmp/out.err" >&2
	exit 1
}
{
	echo "# ./xrsh --demo"
	cat "$tmp/banner"
	awk '
	/^Neighbor +Spk +AS MsgRcvd/ { summary = 1; print; next }
	summary && /^127\.0\.0\.[0-9]+ / {
		printf "%-15s%4s %5s %7s %7s %8s %4s %4s %8s %10s\n",
		    $1, $2, $3, "N", "N", "N", "N", "N", "hh:mm:ss", $NF
		next
	}
	{ summary = 0; print }' "$tmp/out"
} | sed 's/^/  /; s/ *$//' >"$tmp/tour"

if [ "$update" -eq 1 ]; then
	sh "$SRCDIR/tests/docs/readme_section.sh" put "$SRCDIR/README" tour \
	    <"$tmp/tour"
else
	cat "$tmp/tour"
fi

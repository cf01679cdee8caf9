#!/bin/sh
# Builds tests/fuzz/fuzz_decode.c with libFuzzer, ASan and UBSan straight
# from the core sources it needs (no automake) and runs it.
#
#   tests/fuzz/run.sh [SECONDS]        default 60
#   FUZZ_TARGET=mrt tests/fuzz/run.sh  the MRT reader instead (fuzz_mrt.c,
#                                      seeds in tests/fuzz/corpus_mrt)
#
# Env: CC (default clang), FUZZ_OUT (build and work directory, default
# /tmp/xrsh-fuzz), FUZZ_JOBS (parallel workers, default 1).  The seed
# corpus in tests/fuzz/corpus is copied, never written to; new inputs and
# crash-* files go to $FUZZ_OUT.  Prints the executions that ran and
# whether anything was found; exits non-zero when it found a crash, a
# leak or a sanitizer report.
#
# Needs clang with the libFuzzer runtime: on Debian
#   apt-get install -y clang libclang-rt-14-dev
set -u

secs=${1:-60}
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
out=${FUZZ_OUT:-/tmp/xrsh-fuzz}
cc=${CC:-clang}
jobs=${FUZZ_JOBS:-1}

case $secs$jobs in
''|*[!0-9]*) echo "usage: $0 [seconds]" >&2; exit 2 ;;
esac
if ! command -v "$cc" >/dev/null 2>&1; then
	echo "$0: $cc not found (apt-get install -y clang libclang-rt-14-dev)" >&2
	exit 2
fi

target=${FUZZ_TARGET:-decode}
case $target in
decode|mrt) ;;
*) echo "$0: FUZZ_TARGET is decode or mrt" >&2; exit 2 ;;
esac
[ "$target" = mrt ] && out=$out/mrt
mkdir -p "$out/corpus" || exit 2
srcs="core/bgp/attr.c core/bgp/attr_intern.c core/bgp/wire_update.c core/bgp/attr_decode.c
	core/bgp/attr_encode.c core/bgp/wire.c core/lib/addr.c core/lib/strbuf.c"
# OPEN, NOTIFICATION and ROUTE-REFRESH come from the message codec.
for f in core/bgp/wire_open.c core/bgp/wire_notify.c; do
	[ -f "$top/$f" ] && srcs="$srcs $f"
done
corpus=corpus
libs=
if [ "$target" = mrt ]; then
	srcs="core/bgp/mrt_read.c core/lib/addr.c"
	corpus=corpus_mrt
	srcs="$srcs $(pkg-config --cflags libbsd-overlay)"
	libs="-lz $(pkg-config --libs libbsd-overlay)"
fi
bin="$out/fuzz_$target"
(cd "$top" && $cc -std=c11 -g -O1 -I. -D_GNU_SOURCE \
    -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined \
    -fno-omit-frame-pointer -o "$bin" tests/fuzz/fuzz_$target.c $srcs \
    $libs) || {
	echo "$0: build failed" >&2
	exit 2
}

cp "$here/$corpus"/* "$out/corpus/" 2>/dev/null
log="$out/fuzz.log"
rm -f "$out"/crash-* "$out"/leak-* "$out"/timeout-* "$out"/oom-* \
    "$out"/fuzz-*.log
# -jobs makes libFuzzer fork workers that log to fuzz-N.log; only then.
par=
[ "$jobs" -gt 1 ] && par="-jobs=$jobs -workers=$jobs"
(cd "$out" && ASAN_OPTIONS=detect_leaks=1 \
    UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    "$bin" -max_total_time="$secs" -print_final_stats=1 -rss_limit_mb=2048 \
    -max_len=70000 -timeout=10 $par corpus >"$log" 2>&1)
rc=$?
[ -n "$par" ] && cat "$out"/fuzz-*.log >>"$log" 2>/dev/null

execs=$(grep -h 'stat::number_of_executed_units' "$log" |
    awk '{ s += $2 } END { print s + 0 }')
found=$(ls "$out"/crash-* "$out"/leak-* "$out"/timeout-* "$out"/oom-* \
    2>/dev/null)
echo "fuzz_$target: ${secs}s, $execs executions, corpus $(ls "$out/corpus" |
    wc -l) inputs"
if [ $rc -ne 0 ] || [ -n "$found" ]; then
	echo "fuzz_$target: FOUND a problem (exit $rc), see $log"
	[ -n "$found" ] && echo "$found"
	grep -m 5 -E 'ERROR|runtime error|SUMMARY' "$log"
	exit 1
fi
echo "fuzz_$target: nothing found"
exit 0

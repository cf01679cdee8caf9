#!/bin/sh
# Builds a libFuzzer target (clang -fsanitize=fuzzer,address,undefined)
# and runs it.
#
#   tests/fuzz/run.sh [SECONDS]        default 60, the BGP message decoder
#                                      (fuzz_decode.c, seeds in corpus/)
#   FUZZ_TARGET=T tests/fuzz/run.sh    another target, seeds in corpus_T/:
#       mrt     the MRT reader (fuzz_mrt.c)
#       rpl     the route-policy and set parser (fuzz_rpl.c)
#       config  the configuration loader: CLI text through the matcher
#               into a candidate, checked and printed (fuzz_config.c)
#       cli     the CLI line matcher behind execution, `?` and TAB
#               (fuzz_cli.c)
#
# decode and mrt compile the few sources they need.  rpl, config and cli
# link the whole tree (core/ cmds/ shell/ demo/, not shell/main.c),
# compiled once with clang into $FUZZ_OUT/tree and reused while no source
# or header is newer; the include and library flags of the dependencies
# come from a configured build directory (BUILDDIR, default the source
# tree, which CI configures in place): `make print-dep-flags`.
#
# Env: CC (default clang), FUZZ_OUT (build and work directory, default
# /tmp/xrsh-fuzz), FUZZ_JOBS (parallel workers, default 1).  The seed
# corpus is copied, never written to; new inputs and crash-* files go to
# $FUZZ_OUT[/T].  Prints the executions that ran and whether anything was
# found; exits non-zero when it found a crash, a leak or a sanitizer
# report.
#
# Needs clang with the libFuzzer runtime: on Debian
#   apt-get install -y clang libclang-rt-14-dev
set -u

secs=${1:-60}
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
base=${FUZZ_OUT:-/tmp/xrsh-fuzz}
cc=${CC:-clang}
jobs=${FUZZ_JOBS:-1}
builddir=${BUILDDIR:-$top}

case $secs$jobs in
''|*[!0-9]*) echo "usage: $0 [seconds]" >&2; exit 2 ;;
esac
if ! command -v "$cc" >/dev/null 2>&1; then
	echo "$0: $cc not found (apt-get install -y clang libclang-rt-14-dev)" >&2
	exit 2
fi

target=${FUZZ_TARGET:-decode}
case $target in
decode) out=$base; corpus=corpus ;;
mrt|rpl|config|cli) out=$base/$target; corpus=corpus_$target ;;
*) echo "$0: FUZZ_TARGET is decode, mrt, rpl, config or cli" >&2; exit 2 ;;
esac
mkdir -p "$out/corpus" || exit 2
bin="$out/fuzz_$target"
san="-fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined
	-fno-omit-frame-pointer"

# The whole tree as one archive, compiled for fuzzing (no main()).
build_tree() {
	tree=$base/tree
	mkdir -p "$tree" || return 1
	flags=$(make -s -C "$builddir" print-dep-flags 2>/dev/null) || {
		echo "$0: no configured build in $builddir (set BUILDDIR)" >&2
		return 1
	}
	depcflags=$(printf '%s\n' "$flags" | sed -n 's/^CFLAGS=//p')
	deplibs=$(printf '%s\n' "$flags" | sed -n 's/^LIBS=//p')
	if [ -f "$tree/libtree.a" ] && [ -z "$(cd "$top" && find core cmds \
	    shell demo -name '*.[ch]' -newer "$tree/libtree.a" | head -1)" ]
	then
		return 0
	fi
	echo "fuzz: compiling the tree into $tree/libtree.a"
	rm -rf "$tree/o" "$tree/libtree.a"
	mkdir -p "$tree/o" || return 1
	# shellcheck disable=SC2086
	(cd "$top" && find core cmds shell demo -name '*.c' ! -path \
	    shell/main.c | xargs -P 2 -I{} sh -c 'o=$1/o/$(echo "$2" |
	    tr / _).o; exec '"$cc"' -std=c11 -g -O1 -I. -D_GNU_SOURCE '"$depcflags"' \
	    -fsanitize=fuzzer-no-link,address,undefined \
	    -fno-sanitize-recover=undefined -fno-omit-frame-pointer \
	    -w -c "$2" -o "$o"' _ "$tree" {}) || return 1
	ar rcs "$tree/libtree.a" "$tree"/o/*.o
}

case $target in
decode|mrt)
	srcs="core/bgp/attr.c core/bgp/attr_intern.c core/bgp/wire_update.c
		core/bgp/attr_decode.c core/bgp/attr_encode.c core/bgp/wire.c
		core/lib/addr.c core/lib/strbuf.c"
	# OPEN, NOTIFICATION and ROUTE-REFRESH come from the message codec.
	for f in core/bgp/wire_open.c core/bgp/wire_notify.c; do
		[ -f "$top/$f" ] && srcs="$srcs $f"
	done
	libs=
	if [ "$target" = mrt ]; then
		srcs="core/bgp/mrt_read.c core/lib/addr.c"
		srcs="$srcs $(pkg-config --cflags libbsd-overlay)"
		libs="-lz $(pkg-config --libs libbsd-overlay)"
	fi
	# shellcheck disable=SC2086
	(cd "$top" && $cc -std=c11 -g -O1 -I. -D_GNU_SOURCE $san \
	    -o "$bin" tests/fuzz/fuzz_$target.c $srcs $libs)
	;;
*)
	build_tree &&
	# shellcheck disable=SC2086
	(cd "$top" && $cc -std=c11 -g -O1 -I. -D_GNU_SOURCE $depcflags $san \
	    -o "$bin" tests/fuzz/fuzz_$target.c "$tree/libtree.a" $deplibs)
	;;
esac || {
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

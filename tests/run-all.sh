#!/bin/sh
# Runs every unit-test binary and every bats suite, then prints one closing
# line "N passed, N failed" that counts both.  Exits non-zero on any failure.
# Environment (set by `make check`): XRSH, BUILDDIR, SRCDIR, UNIT_TESTS.
# BATS_FILTER=name limits the bats files run (a substring of the file name).
set -u
: "${BUILDDIR:=.}" "${SRCDIR:=.}" "${XRSH:=$BUILDDIR/xrsh}"
export XRSH BUILDDIR SRCDIR
# Belt and braces: with this set the engine refuses (and logs) any connect
# to or accept from an address outside 127.0.0.0/8 and ::1, so a test that
# forgets --offline fails instead of sending anything.
XRSH_LOOPBACK_ONLY=1
export XRSH_LOOPBACK_ONLY
passed=0
failed=0
logdir=$(mktemp -d)
trap 'rm -rf "$logdir"' EXIT
# What failed, repeated just above the closing line: CI keeps only the tail
# of this output, and the details printed where a failure happened scroll
# out of it.
failures=$logdir/failures
: >"$failures"
# Routers started by the tests serve their control sockets here, never in
# the machine's /run/xrsh (root's default without XDG_RUNTIME_DIR).
XDG_RUNTIME_DIR=$logdir/run
mkdir -m 0700 "$XDG_RUNTIME_DIR"
export XDG_RUNTIME_DIR

for t in $UNIT_TESTS; do
	name=$(basename "$t")
	t0=$(date +%s)
	if "$BUILDDIR/$t" >"$logdir/$name.out" 2>"$logdir/$name.err"; then
		rc=0
	else
		rc=$?
	fi
	line=$(grep -E '^[0-9]+ passed, [0-9]+ failed' "$logdir/$name.out" | tail -n 1)
	if [ -z "$line" ]; then
		echo "unit $name: no result line (exit $rc)"
		cat "$logdir/$name.err"
		echo "unit $name: no result line (exit $rc)" >>"$failures"
		tail -n 5 "$logdir/$name.err" >>"$failures"
		failed=$((failed + 1))
		continue
	fi
	p=$(echo "$line" | sed -E 's/^([0-9]+) passed.*/\1/')
	f=$(echo "$line" | sed -E 's/^[0-9]+ passed, ([0-9]+) failed.*/\1/')
	if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
		f=1	# crashed after printing, or exit status disagrees
	fi
	echo "unit $name: $line ($(($(date +%s) - t0)) s)"
	if [ "$f" -ne 0 ]; then
		cat "$logdir/$name.err"
		echo "unit $name: $line (exit $rc)" >>"$failures"
		grep -m 5 -i 'fail' "$logdir/$name.out" "$logdir/$name.err" >>"$failures"
	fi
	passed=$((passed + p))
	failed=$((failed + f))
done

# Self-tests of the Python test peer (no network).
if command -v python3 >/dev/null 2>&1; then
	for t in "$SRCDIR"/tests/peers/selftest_*.py; do
		[ -e "$t" ] || continue
		name=$(basename "$t")
		python3 "$t" >"$logdir/$name.out" 2>&1
		rc=$?
		line=$(grep -E '^[0-9]+ passed, [0-9]+ failed' "$logdir/$name.out" | tail -n 1)
		if [ -z "$line" ]; then
			echo "script $name: no result line (exit $rc)"
			cat "$logdir/$name.out"
			echo "script $name: no result line (exit $rc)" >>"$failures"
			failed=$((failed + 1))
			continue
		fi
		p=$(echo "$line" | sed -E 's/^([0-9]+) passed.*/\1/')
		f=$(echo "$line" | sed -E 's/^[0-9]+ passed, ([0-9]+) failed.*/\1/')
		[ "$rc" -ne 0 ] && [ "$f" -eq 0 ] && f=1
		echo "script $name: $line"
		if [ "$f" -ne 0 ]; then
			cat "$logdir/$name.out"
			echo "script $name: $line" >>"$failures"
		fi
		passed=$((passed + p))
		failed=$((failed + f))
	done
else
	echo "python3 not installed: test-peer self-tests not run"
	failed=$((failed + 1))
fi

if command -v bats >/dev/null 2>&1; then
	for b in "$SRCDIR"/tests/bats/*.bats "$SRCDIR"/tests/interop/*.bats; do
		[ -e "$b" ] || continue
		case "$b" in *"${BATS_FILTER:-}"*) ;; *) continue ;; esac
		# the seconds each file takes, to keep CI within its budget
		t0=$(date +%s)
		bats --tap "$b" >"$logdir/bats.out" 2>&1
		p=$(grep -c '^ok ' "$logdir/bats.out")
		f=$(grep -c '^not ok ' "$logdir/bats.out")
		echo "bats $(basename "$b"): $p passed, $f failed ($(($(date +%s) - t0)) s)"
		if [ "$f" -ne 0 ] || [ "$p" -eq 0 ]; then
			cat "$logdir/bats.out"
			[ "$p" -eq 0 ] && [ "$f" -eq 0 ] && f=1
			# each failing case with the first lines of its diagnostics
			echo "bats $(basename "$b"): $p passed, $f failed" >>"$failures"
			awk '/^not ok /{n=8} n>0{print; n--}' "$logdir/bats.out" \
			    >>"$failures"
		fi
		passed=$((passed + p))
		failed=$((failed + f))
	done
else
	echo "bats not installed: behaviour tests not run"
	failed=$((failed + 1))
fi

if [ -s "$failures" ]; then
	echo "--- failures (details above) ---"
	tail -n 40 "$failures"
fi
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]

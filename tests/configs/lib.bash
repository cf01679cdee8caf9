# Helpers for the configuration-corpus suites (tests/bats/configs_*.bats and
# tests/bats/seed.bats): build batch scripts that paste configuration text,
# run the real binary on a private saved-config file, and cut the
# `show running-config` wrapper off so text can be compared byte for byte.

CONFIGS="$SRCDIR/tests/configs"

# run_xrsh NAME SCRIPT: runs xrsh in batch mode on SCRIPT with the private
# saved configuration $BATS_TEST_TMPDIR/NAME.saved; stdout goes to
# $BATS_TEST_TMPDIR/NAME.out, stderr to NAME.err, the exit status to
# $xr_status.  The BGP engine is offline: corpus neighbors are real-world
# addresses.  Never fails by itself: the caller asserts.
run_xrsh() {
	local name=$1 script=$2
	xr_status=0
	"$XRSH" --offline --config "$BATS_TEST_TMPDIR/$name.saved" \
	    -f "$script" \
	    >"$BATS_TEST_TMPDIR/$name.out" 2>"$BATS_TEST_TMPDIR/$name.err" ||
	    xr_status=$?
}

# paste_script OUT FILE...: `configure`, the files as they are, `commit`,
# `end`, then `show running-config` (all in one session).
paste_script() {
	local out=$1
	shift
	{
		echo configure
		cat "$@"
		echo commit
		echo end
		echo show running-config
	} >"$out"
}

# strip_running < full `show running-config` output: the configuration
# alone.  Drops the leading `!! ...` banner lines (24.x: `!! Building
# configuration...`, `!! IOS XR Configuration ...`, `!! Last configuration
# change ...`) and the lone `!` under them, and the closing `end`.
strip_running() {
	awk -v head=1 '
		head && (/^!!( |$)/ || /^!$/) { next }
		{ head = 0; line[n++] = $0 }
		END {
			if (n > 0 && line[n - 1] == "end")
				n--
			for (i = 0; i < n; i++)
				print line[i]
		}'
}

# check_wrapper FILE: the full output starts with XR 24.x's header and ends
# with `end`, as `show running-config` does on a real box.
check_wrapper() {
	local f=$1
	if [ "$(head -n 1 "$f")" != "!! Building configuration..." ]; then
		echo "first line of show running-config is not the header:"
		head -n 3 "$f"
		return 1
	fi
	if [ "$(tail -n 1 "$f")" != "end" ]; then
		echo "show running-config does not end with 'end':"
		tail -n 3 "$f"
		return 1
	fi
}

# same_text EXPECTED GOT: byte-for-byte equality, with a diff on failure.
same_text() {
	if ! cmp -s "$1" "$2"; then
		diff -u "$1" "$2" | head -n 80
		return 1
	fi
}

# show_failure NAME: what a failed run printed, for the test log.
show_failure() {
	echo "exit status $xr_status; stderr:"
	head -n 40 "$BATS_TEST_TMPDIR/$1.err"
}

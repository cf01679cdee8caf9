#!/usr/bin/env bats
# Crash recovery of the saved configuration: xrsh is killed with SIGKILL at
# a random moment while it commits a large change (a prefix-set of
# thousands of lines and neighbor changes) and while it rolls that change
# back.  The next start must find the old or the new configuration, never
# a mix: `show running-config` is exactly one of the two canonical texts,
# the commit list loads without a warning and its newest entry is the
# saved version, and the next commit works.
#
# The delays come from bash's RANDOM seeded by CRASH_SEED (printed; set it
# to replay a failure); CRASH_ROUNDS sets the number of kills per test.

bats_require_minimum_version 1.5.0
load helpers

setup() {
	setup_xrsh_env
	CFG="$BATS_TEST_TMPDIR/running.cfg"
	SNAP="$BATS_TEST_TMPDIR/snap"
	ROUNDS=${CRASH_ROUNDS:-15}
	SEED=${CRASH_SEED:-$(( $(date +%s) % 32768 ))}
	BG_PID=
}

teardown() {
	if [ -n "$BG_PID" ] && kill -0 "$BG_PID" 2>/dev/null; then
		kill -KILL "$BG_PID" 2>/dev/null || true
		wait "$BG_PID" 2>/dev/null || true
	fi
}

# gen_a, gen_b: configuration mode scripts of version A (small) and of
# the change to B (a 3000-line prefix-set, one neighbor removed, one
# changed, two added).
gen_a() {
	local i
	echo configure
	echo 'hostname crash-a'
	echo 'prefix-set CUST'
	for i in $(seq 0 49); do
		echo "  198.51.$i.0/24 le 26,"
	done
	echo '  203.0.113.0/24'
	echo 'end-set'
	echo 'route-policy PASS'
	echo '  pass'
	echo 'end-policy'
	echo 'router bgp 65001'
	echo ' bgp router-id 192.0.2.1'
	echo ' address-family ipv4 unicast'
	echo ' !'
	for i in 1 2 3 4; do
		echo " neighbor 192.0.2.1$i"
		echo "  remote-as 6500$((i + 1))"
		echo "  description peer-a-$i"
		echo '  address-family ipv4 unicast'
		echo '   route-policy PASS in'
		echo '   route-policy PASS out'
		echo '  !'
		echo ' !'
	done
	echo root
	echo commit
	echo end
}

gen_b() {
	local i
	echo configure
	echo 'hostname crash-b'
	echo 'prefix-set BIG'
	for i in $(seq 0 2998); do
		echo "  10.$((i / 256)).$((i % 256)).0/24 le 28,"
	done
	echo '  10.200.0.0/16'
	echo 'end-set'
	echo 'router bgp 65001'
	echo ' no neighbor 192.0.2.14'
	echo ' neighbor 192.0.2.12'
	echo '  description peer-b-changed'
	echo '  remote-as 64999'
	echo ' !'
	for i in 5 6; do
		echo " neighbor 192.0.2.1$i"
		echo "  remote-as 6500$((i + 1))"
		echo "  description peer-b-$i"
		echo '  address-family ipv4 unicast'
		echo '   route-policy PASS in'
		echo '  !'
		echo ' !'
	done
	echo root
	echo commit
	echo end
}

# snap_save NAME / snap_load NAME: the saved file and its history.
snap_save() {
	rm -rf "$SNAP.$1"
	mkdir -p "$SNAP.$1"
	cp -a "$CFG" "$CFG.commits" "$SNAP.$1/"
}

snap_load() {
	rm -rf "$CFG" "$CFG".*
	cp -a "$SNAP.$1/running.cfg" "$SNAP.$1/running.cfg.commits" \
	    "$BATS_TEST_TMPDIR/"
}

# running FILE: the running configuration without its "!! " banner (whose
# "Last configuration change" time differs between runs)
running() {
	xr -c 'show running-config' | grep -v '^!! ' >"$1"
}

# now_us: microseconds since the epoch; mtime_us FILE: its mtime so
now_us() {
	local t=${EPOCHREALTIME/[.,]/}
	echo "$t"
}

mtime_us() {
	local t
	t=$(stat -c %.6Y "$1")
	echo "${t/[.,]/}"
}

# prepare: A and B saved and snapshotted, their canonical texts in
# $BATS_TEST_TMPDIR/text.{a,b}, the time of an uninterrupted commit of B
# and of its rollback in DUR_COMMIT and DUR_ROLLBACK, and when their
# saves wrote the file in SAVE_COMMIT and SAVE_ROLLBACK (microseconds
# from the start; they only place the random delays).
prepare() {
	local t0
	gen_a >"$BATS_TEST_TMPDIR/a.script"
	gen_b >"$BATS_TEST_TMPDIR/b.script"
	printf 'rollback configuration last 1\n' \
	    >"$BATS_TEST_TMPDIR/rb.script"
	xr -f "$BATS_TEST_TMPDIR/a.script" >/dev/null
	running "$BATS_TEST_TMPDIR/text.a"
	snap_save a
	t0=$(now_us)
	xr -f "$BATS_TEST_TMPDIR/b.script" >/dev/null
	DUR_COMMIT=$(( $(now_us) - t0 ))
	SAVE_COMMIT=$(( $(mtime_us "$CFG") - t0 ))
	running "$BATS_TEST_TMPDIR/text.b"
	snap_save b
	t0=$(now_us)
	xr -f "$BATS_TEST_TMPDIR/rb.script" >/dev/null
	DUR_ROLLBACK=$(( $(now_us) - t0 ))
	SAVE_ROLLBACK=$(( $(mtime_us "$CFG") - t0 ))
	cmp -s "$BATS_TEST_TMPDIR/text.a" "$BATS_TEST_TMPDIR/text.b" && return 1
	grep -q '10.11.182.0/24 le 28' "$BATS_TEST_TMPDIR/text.b"
	# the rollback brought A back exactly
	running "$BATS_TEST_TMPDIR/got"
	cmp "$BATS_TEST_TMPDIR/got" "$BATS_TEST_TMPDIR/text.a"
	echo "# seed $SEED, $ROUNDS rounds; commit of B ${DUR_COMMIT} us" \
	    "(saved at ${SAVE_COMMIT}), rollback ${DUR_ROLLBACK} us (saved at" \
	    "${SAVE_ROLLBACK})" >&3
}

# crash_round ROUND SCRIPT DUR SAVE: runs SCRIPT in the background and
# kills it after a random delay: odd rounds anywhere in 0..1.2*DUR
# microseconds (past the end now and then: a finished run must also be
# found intact), even ones within 30 ms before SAVE and 10 ms after it,
# when the history record and the file are being written.
crash_round() {
	local round=$1 script=$2 dur=$3 save=$4 r d
	r=$(( RANDOM * 32768 + RANDOM ))
	if (( round % 2 )); then
		d=$(( r % (dur * 12 / 10 + 1) ))
	else
		d=$(( save - 30000 + r % 40001 ))
		(( d >= 0 )) || d=0
	fi
	"$XRSH" --config "$CFG" --offline -f "$script" >/dev/null 2>&1 &
	BG_PID=$!
	sleep "$(printf '%d.%06d' $((d / 1000000)) $((d % 1000000)))"
	kill -KILL "$BG_PID" 2>/dev/null || true
	wait "$BG_PID" 2>/dev/null || true
	BG_PID=
	DELAY=$d
}

# check_after_crash OLD NOLD NEW NNEW: the configuration is exactly OLD's
# or NEW's text, the history loads silently with NOLD or NNEW commits
# (the one in flight is listed only when its configuration was saved),
# its newest commit is that text, no temporary file of a save is left,
# and a further commit is saved.  Sets WHICH to a or b.
check_after_crash() {
	local old=$1 nold=$2 new=$3 nnew=$4 got="$BATS_TEST_TMPDIR/got" n
	run --separate-stderr xr -c 'show running-config'
	assert_success
	if [ -n "$stderr" ]; then
		echo "stderr at restart: $stderr"
		return 1
	fi
	printf '%s\n' "$output" | grep -v '^!! ' >"$got"
	if cmp -s "$got" "$BATS_TEST_TMPDIR/text.$old"; then
		WHICH=$old
	elif cmp -s "$got" "$BATS_TEST_TMPDIR/text.$new"; then
		WHICH=$new
	else
		echo "a mix of $old and $new (delay $DELAY us):"
		diff "$BATS_TEST_TMPDIR/text.$old" "$got" | head -20
		return 1
	fi
	[ "$WHICH" = "$old" ] && n=$nold || n=$nnew
	run --separate-stderr xr -c 'show configuration commit list'
	assert_success
	[ "$stderr" = "" ]
	[ "${#lines[@]}" -eq $((n + 2)) ]
	run find "$BATS_TEST_TMPDIR" -name '*.tmp??????'
	assert_output ''
	# the newest commit in the list is what runs
	run --separate-stderr xr -c 'show configuration commit list 1' \
	    -c 'show configuration commit changes last 1'
	assert_success
	[ "$stderr" = "" ]
	assert_line --index 2 --regexp '^1    10000000[0-9][0-9]  '
	# and the next commit is saved on top of it
	run --separate-stderr xr -c configure -c 'hostname after-crash' \
	    -c commit -c end
	assert_success
	[ "$stderr" = "" ]
	run --separate-stderr xr -c 'show running-config hostname' \
	    -c 'show configuration commit changes last 1'
	assert_success
	[ "$stderr" = "" ]
	assert_line --index 0 'hostname after-crash'
	run --separate-stderr xr -c 'rollback configuration last 1'
	assert_success
	[ "$stderr" = "" ]
	assert_line 'Configuration successfully rolled back 1 commits.'
	running "$got"
	cmp "$got" "$BATS_TEST_TMPDIR/text.$WHICH"
}

@test "kill -9 during a large commit: the old or the new configuration, never a mix" {
	local r na=0 nb=0
	prepare
	RANDOM=$SEED
	for r in $(seq 1 "$ROUNDS"); do
		snap_load a
		crash_round "$r" "$BATS_TEST_TMPDIR/b.script" "$DUR_COMMIT" \
		    "$SAVE_COMMIT"
		echo "round $r: seed $SEED, killed after $DELAY us"
		check_after_crash a 1 b 2
		[ "$WHICH" = a ] && na=$((na + 1)) || nb=$((nb + 1))
	done
	echo "# commit: $na rounds found A, $nb found B" >&3
}

@test "kill -9 during a rollback: the old or the new configuration, never a mix" {
	local r na=0 nb=0
	prepare
	RANDOM=$SEED
	for r in $(seq 1 "$ROUNDS"); do
		snap_load b
		crash_round "$r" "$BATS_TEST_TMPDIR/rb.script" \
		    "$DUR_ROLLBACK" "$SAVE_ROLLBACK"
		echo "round $r: seed $SEED, killed after $DELAY us"
		check_after_crash b 2 a 3
		[ "$WHICH" = a ] && na=$((na + 1)) || nb=$((nb + 1))
	done
	echo "# rollback: $na rounds found A, $nb found B" >&3
}

@test "a damaged record newer than the saved configuration is removed with a warning" {
	xr -c configure -c 'hostname h1' -c commit -c 'hostname h2' -c commit \
	    -c end
	# as if the save of commit 3 was cut short after a partial write of
	# its record (the file not yet renamed over the old version)
	printf 'xrsh-commit-record 1 0000' >"$CFG.commits/1000000003.commit"
	run --separate-stderr xr -c 'show running-config hostname' \
	    -c 'show configuration commit list'
	assert_success
	[[ "$stderr" == *"xrsh: warning: $CFG.commits/1000000003.commit:1: bad checksum field; removed: commit 1000000003 never reached the saved configuration"* ]]
	assert_line --index 0 'hostname h2'
	[ "${#lines[@]}" -eq 5 ]	# the history is kept
	[ ! -e "$CFG.commits/1000000003.commit" ]
	run --separate-stderr xr -c configure -c 'hostname h3' -c commit -c end \
	    -c 'show configuration commit list 1'
	assert_success
	[ "$stderr" = "" ]
	assert_line --index 2 --regexp '^1    1000000003  '
}

@test "a damaged record older than the saved configuration still rejects the history" {
	xr -c configure -c 'hostname h1' -c commit -c 'hostname h2' -c commit \
	    -c end
	printf 'garbage' >"$CFG.commits/1000000001.commit"
	run --separate-stderr xr -c 'show running-config hostname' \
	    -c 'show configuration commit list'
	assert_success
	[[ "$stderr" == *"1000000001.commit:1: not a commit history file of this version; starting with an empty commit history"* ]]
	assert_line --index 0 'hostname h2'
	[ "${#lines[@]}" -eq 3 ]
}

@test "temporary files of an interrupted save are removed at start" {
	xr -c configure -c 'hostname t1' -c commit -c end
	printf 'hostname half' >"$CFG.tmpAbC123"
	printf 'half' >"$CFG.commits/1000000002.commit.tmpXyZ789"
	printf 'keep' >"$CFG.tmpnotours"
	run --separate-stderr xr -c 'show running-config hostname'
	assert_success
	[ "$stderr" = "" ]
	assert_output 'hostname t1'
	[ ! -e "$CFG.tmpAbC123" ]
	[ ! -e "$CFG.commits/1000000002.commit.tmpXyZ789" ]
	[ -e "$CFG.tmpnotours" ]
}

#!/usr/bin/env bats
# `replay mrt` (issue 14): a real RIB dump fed into an offline engine, each
# MRT peer a replayed pseudo-neighbor.  The counts per peer after a
# bogon / prefix-length policy must equal bgpdump's own reading of the
# same file filtered the same way (tests/data/mrt_replay_filter.awk).
# The dump is ../shared/data/mrt (next to the source tree): tests that
# need it skip when it is absent; the others build a small MRT file here.

bats_require_minimum_version 1.5.0
load helpers

BATS_TEST_TIMEOUT=${BATS_TEST_TIMEOUT:-120}

BVIEW_NAME=bview.20020722.2337.gz

setup() {
	setup_xrsh_env
	BVIEW="$SRCDIR/../shared/data/mrt/$BVIEW_NAME"
	cat >"$BATS_TEST_TMPDIR/running.cfg" <<'EOF2'
prefix-set BOGONS
  0.0.0.0/8 le 32,
  10.0.0.0/8 le 32,
  100.64.0.0/10 le 32,
  127.0.0.0/8 le 32,
  169.254.0.0/16 le 32,
  172.16.0.0/12 le 32,
  192.0.0.0/24 le 32,
  192.0.2.0/24 le 32,
  192.168.0.0/16 le 32,
  198.18.0.0/15 le 32,
  198.51.100.0/24 le 32,
  203.0.113.0/24 le 32,
  224.0.0.0/3 le 32
end-set
!
prefix-set TOO-LONG
  0.0.0.0/0 ge 25
end-set
!
route-policy REPLAY-IN
  if destination in BOGONS or destination in TOO-LONG then
    drop
  endif
  pass
end-policy
!
router bgp 4200000000
 bgp router-id 192.0.2.1
 address-family ipv4 unicast
 !
 address-family ipv6 unicast
 !
!
EOF2
}

teardown() {
	stop_pid "${A_PID:-}"
}

need_bview() {
	[ -f "$BVIEW" ] || skip "shared MRT data not available ($BVIEW)"
}

# summary | json -> "ADDRESS PREFIXES" of the replayed neighbors, sorted
replayed_counts() {
	tail -n +"${1:-1}" | jq -r '.neighbors[] | select(.replayed) |
	    "\(.address) \(.prefixes_received)"' | sort
}

# A tiny TABLE_DUMP_V2 file: a peer index of 192.0.2.10 (AS 64500) and
# 2001:db8::10 (AS 4200000001), 198.18.1.0/24 from the first and
# 2001:db8:77::/48 from the second (AS_PATH 4-octet, abbreviated MP_REACH)
tiny_mrt() {
	local f=$1
	{
		# PEER_INDEX_TABLE: 4 + 2 + 2 + (1+4+4+2) + (1+4+16+4) = 44
		printf '\x3d\x3b\x5a\x00\x00\x0d\x00\x01\x00\x00\x00\x2c'
		printf '\xc0\x00\x02\x01\x00\x00\x00\x02'
		printf '\x00\x0a\x00\x00\x01\xc0\x00\x02\x0a\xfb\xf4'
		printf '\x03\x0a\x00\x00\x02\x20\x01\x0d\xb8\x00\x00\x00\x00'
		printf '\x00\x00\x00\x00\x00\x00\x00\x10\xfa\x56\xea\x01'
		# RIB_IPV4_UNICAST 198.18.1.0/24: 4+1+3+2 + 8 + 20 = 38
		printf '\x3d\x3b\x5a\x00\x00\x0d\x00\x02\x00\x00\x00\x26'
		printf '\x00\x00\x00\x01\x18\xc6\x12\x01\x00\x01'
		printf '\x00\x00\x3d\x3b\x5a\x00\x00\x14'
		printf '\x40\x01\x01\x00\x40\x02\x06\x02\x01\x00\x00\xfb\xf4'
		printf '\x40\x03\x04\xc0\x00\x02\x0a'
		# RIB_IPV6_UNICAST 2001:db8:77::/48: 4+1+6+2 + 8 + 33 = 54
		printf '\x3d\x3b\x5a\x00\x00\x0d\x00\x04\x00\x00\x00\x36'
		printf '\x00\x00\x00\x02\x30\x20\x01\x0d\xb8\x00\x77\x00\x01'
		printf '\x00\x01\x3d\x3b\x5a\x00\x00\x21'
		printf '\x40\x01\x01\x00\x40\x02\x06\x02\x01\xfa\x56\xea\x01'
		printf '\x80\x0e\x11\x10\x20\x01\x0d\xb8\x00\x00\x00\x00'
		printf '\x00\x00\x00\x00\x00\x00\x00\x10'
	} >"$f"
}

@test "replay: the 115k-route bview through a bogon/length policy equals bgpdump's reading" {
	need_bview
	command -v bgpdump >/dev/null || skip "bgpdump not installed (apt-get install -y bgpdump)"
	bgpdump -m "$BVIEW" 2>/dev/null |
	    awk -f "$SRCDIR/tests/data/mrt_replay_filter.awk" | sort \
	    >"$BATS_TEST_TMPDIR/want"
	[ "$(wc -l <"$BATS_TEST_TMPDIR/want")" -eq 36 ]
	run --separate-stderr xr -c "replay mrt $BVIEW route-policy REPLAY-IN" \
	    -c 'show bgp summary | json'
	assert_success
	assert_line --index 0 --regexp '^Replayed 115521 routes from 36 peers in [0-9]+\.[0-9]{3} s \([0-9]+ routes/s\)$'
	printf '%s\n' "${lines[@]}" | replayed_counts 2 >"$BATS_TEST_TMPDIR/got"
	diff "$BATS_TEST_TMPDIR/want" "$BATS_TEST_TMPDIR/got"
}

@test "replay: without a policy every route is accepted; summary and show bgp list them" {
	need_bview
	run --separate-stderr xr -c "replay mrt $BVIEW" -c 'show bgp summary' \
	    -c 'show bgp 3.0.0.0/8' -c 'show bgp summary | json'
	assert_success
	assert_line --index 0 --regexp '^Replayed 115521 routes from 36 peers in '
	# St/PfxRcd then the marker
	assert_line --regexp '^193\.203\.0\.3       0  2686 +231 +0 +[0-9]+ +0 +0 [0-9:]{8} +231 \(replayed\)$'
	assert_line --regexp '^193\.203\.0\.1 +0  1853 '
	assert_line --partial '1853 1239 80'
	printf '%s\n' "${lines[@]}" | sed -n '/^{/,$p' | tail -1 |
	    jq -e '[.neighbors[] | select(.replayed)] | length == 36'
}

@test "replay: peer ADDR replays only that MRT peer; clear bgp replay removes it all" {
	need_bview
	run --separate-stderr xr -c "replay mrt $BVIEW peer 193.203.0.3 speed 100000" \
	    -c 'show bgp summary | json' -c 'clear bgp replay' \
	    -c 'show bgp summary | json'
	assert_success
	assert_line --index 0 --regexp '^Replayed 231 routes from 1 peer in '
	[ "$(printf '%s\n' "${lines[1]}" | replayed_counts)" = "193.203.0.3 231" ]
	assert_line --index 2 'Removed 1 replayed peer'
	printf '%s\n' "${lines[3]}" | jq -e '.neighbors == []'
	run --separate-stderr xr -c "replay mrt $BVIEW peer 192.0.2.99"
	assert_failure
	[ "$stderr" = "-c:1: % No MRT peer 192.0.2.99 in $BVIEW" ]
}

@test "replay: BGP4MP update logs (2- and 4-octet AS) end in bgpdump's final state, IPv4 and IPv6" {
	local f
	for f in updates.20070211.0141.gz updates.20160811.1600.gz; do
		f="$SRCDIR/../shared/data/mrt/$f"
		[ -f "$f" ] || skip "shared MRT data not available ($f)"
		command -v bgpdump >/dev/null || skip "bgpdump not installed"
		# the last announcement or withdrawal of each (peer, prefix)
		bgpdump -m "$f" 2>/dev/null | awk -F'|' '
		    $3 == "A" { s[$4 " " $6] = 1 }
		    $3 == "W" { delete s[$4 " " $6] }
		    END { for (k in s) { split(k, a, " ")
			c[(a[2] ~ /:/ ? "ipv6 unicast" : "ipv4 unicast") " " a[1]]++ }
			for (p in c) print p, c[p] }' | sort >"$BATS_TEST_TMPDIR/want"
		run --separate-stderr xr -c "replay mrt $f" -c 'show bgp summary | json' \
		    -c 'show bgp ipv6 unicast summary | json'
		assert_success
		assert_line --index 0 --regexp '^Replayed [0-9]+ routes from [0-9]+ peers in '
		assert_line --index 1 --regexp '^[0-9]+ withdrawals replayed$'
		printf '%s\n' "${lines[@]}" | grep '^{' | jq -r '.address_family as $af |
		    .neighbors[] | select(.replayed and .prefixes_received > 0) |
		    "\($af) \(.address) \(.prefixes_received)"' | sort >"$BATS_TEST_TMPDIR/got"
		diff "$BATS_TEST_TMPDIR/want" "$BATS_TEST_TMPDIR/got"
		[ "$(wc -l <"$BATS_TEST_TMPDIR/got")" -gt 20 ]
	done
}

@test "replay: a truncated file names the file and offset; what came before stays until cleared" {
	need_bview
	gzip -dc "$BVIEW" | head -c 100000 >"$BATS_TEST_TMPDIR/trunc.mrt"
	run --separate-stderr xr --continue -c "replay mrt $BATS_TEST_TMPDIR/trunc.mrt" \
	    -c 'show bgp summary | json' -c 'clear bgp replay'
	[ "$stderr" = "-c:1: % $BATS_TEST_TMPDIR/trunc.mrt: malformed TABLE_DUMP record at offset 99972: file truncated (16 of 46 bytes); 1687 routes replayed before it are kept (clear bgp replay removes them)" ]
	[ "$(printf '%s\n' "${lines[0]}" | jq '[.neighbors[] | select(.replayed) | .prefixes_received] | add')" -eq 1687 ]
	assert_line --index 1 'Removed 1 replayed peer'
}

@test "replay: a small TABLE_DUMP_V2 file (IPv4 and IPv6, 4-octet AS) through the policy" {
	tiny_mrt "$BATS_TEST_TMPDIR/tiny.mrt"
	run --separate-stderr xr -c "replay mrt $BATS_TEST_TMPDIR/tiny.mrt route-policy REPLAY-IN" \
	    -c 'show bgp ipv6 unicast summary' -c 'show bgp ipv6 unicast 2001:db8:77::/48' \
	    -c 'show bgp summary | json'
	assert_success
	assert_line --index 0 --regexp '^Replayed 2 routes from 2 peers in '
	assert_line --regexp '^2001:db8::10 +0 4200000001 +1 +0 .* +1 \(replayed\)$'
	assert_line --partial '4200000001'
	# the BGP ID from the PEER_INDEX_TABLE
	assert_line '    2001:db8::10 from 2001:db8::10 (10.0.0.2)'
	# 198.18.1.0/24 is a bogon: denied
	printf '%s\n' "${lines[@]}" | sed -n '/^{/,$p' | tail -1 | jq -e \
	    '[.neighbors[] | select(.address == "192.0.2.10")][0].prefixes_received == 0'
	# a cut inside a record names the file and the record's offset
	local n
	for n in 5 12 30 64 70 100 120; do
		head -c "$n" "$BATS_TEST_TMPDIR/tiny.mrt" >"$BATS_TEST_TMPDIR/cut.mrt"
		run --separate-stderr xr -c "replay mrt $BATS_TEST_TMPDIR/cut.mrt"
		assert_failure
		echo "cut $n: $stderr"
		[[ "$stderr" == "-c:1: % $BATS_TEST_TMPDIR/cut.mrt: malformed TABLE_DUMP_V2 record at offset "[0-9]*": "* ||
		   "$stderr" == "-c:1: % $BATS_TEST_TMPDIR/cut.mrt: malformed MRT record at offset "[0-9]*": file truncated in the record header"* ]]
	done
}

@test "replay: a commit re-filters replayed routes; a configured neighbor takes an address over" {
	tiny_mrt "$BATS_TEST_TMPDIR/tiny.mrt"
	cat >"$BATS_TEST_TMPDIR/s" <<EOF2
configure
route-policy OPEN
  pass
end-policy
commit
end
replay mrt $BATS_TEST_TMPDIR/tiny.mrt route-policy OPEN
show bgp summary | include 192.0.2.10
replay mrt $BATS_TEST_TMPDIR/tiny.mrt
replay mrt $BATS_TEST_TMPDIR/tiny.mrt route-policy OPEN
configure
route-policy OPEN
  drop
end-policy
commit
end
show bgp summary | include 192.0.2.10
configure
router bgp 4200000000
 neighbor 192.0.2.10
  remote-as 64500
commit
end
show bgp summary | include 192.0.2.10
show running-config | include 2001:db8::10
clear bgp replay
EOF2
	run --separate-stderr xr --continue -f "$BATS_TEST_TMPDIR/s"
	[[ "$stderr" == *"s:9: % Replayed neighbors exist with route-policy OPEN: clear bgp replay first, or replay with it"* ]]
	assert_line --index 0 --regexp '^Replayed 2 routes from 2 peers in '
	assert_line --index 1 --regexp '^192\.0\.2\.10 +0 64500 +1 +0 .* +1 \(replayed\)$'
	# the same file again into the same neighbors: they count again
	assert_line --index 2 --regexp '^Replayed 2 routes from 2 peers in '
	# policy now drops all: re-run over the kept pre-policy copy
	assert_line --index 3 --regexp '^192\.0\.2\.10 +0 64500 +2 +0 .* +0 \(replayed\)$'
	# configured now: an ordinary neighbor (Idle offline), not replayed
	assert_line --index 4 --regexp '^192\.0\.2\.10 +0 64500 +0 +0 +0 +0 +0 +never Idle \(NoNbrAF\)$'
	# the running configuration never holds a replayed neighbor
	refute_line --partial 'neighbor 2001:db8::10'
	assert_line --index 5 'Removed 1 replayed peer'
	[ "${#lines[@]}" -eq 6 ]
}

@test "replay: errors: no file, no such policy, no router bgp" {
	run --separate-stderr xr -c "replay mrt $BATS_TEST_TMPDIR/none.mrt"
	assert_failure
	[ "$stderr" = "-c:1: % $BATS_TEST_TMPDIR/none.mrt: No such file or directory" ]
	tiny_mrt "$BATS_TEST_TMPDIR/tiny.mrt"
	run --separate-stderr xr -c "replay mrt $BATS_TEST_TMPDIR/tiny.mrt route-policy NOPE"
	assert_failure
	[[ "$stderr" == "-c:1: % "*NOPE* ]]
	: >"$BATS_TEST_TMPDIR/running.cfg"
	run --separate-stderr xr -c "replay mrt $BATS_TEST_TMPDIR/tiny.mrt"
	assert_failure
	[ "$stderr" = "-c:1: % BGP is not configured (router bgp)" ]
}

# NETWORK SAFETY: A and B are xrsh on 127.0.0.1 and 127.0.0.2 with
# XRSH_LOOPBACK_ONLY=1; the replayed peers' addresses are documentation
# ones and a replayed neighbor never opens a socket anyway.
@test "replay: a live neighbor receives the replayed routes; the replayed peers never connect" {
	export XRSH_LOOPBACK_ONLY=1
	PORT=$(free_port) || skip "no free TCP port found"
	tiny_mrt "$BATS_TEST_TMPDIR/tiny.mrt"
	local side
	for side in a b; do
		cat >"$BATS_TEST_TMPDIR/$side.cfg" <<EOF2
route-policy PASS
  pass
end-policy
!
router bgp $([ $side = a ] && echo 65001 || echo 65002)
 bgp router-id 10.255.0.$([ $side = a ] && echo 1 || echo 2)
 address-family ipv4 unicast
 !
 neighbor 127.0.0.$([ $side = a ] && echo 2 || echo 1)
  remote-as $([ $side = a ] && echo 65002 || echo 65001)
  timers 3 9
  address-family ipv4 unicast
   route-policy PASS in
   route-policy PASS out
  !
 !
!
EOF2
	done
	printf '%s\n' 'debug bgp wait neighbor 127.0.0.2 established timeout 30' \
	    "replay mrt $BATS_TEST_TMPDIR/tiny.mrt" 'show bgp summary' \
	    >"$BATS_TEST_TMPDIR/a.script"
	"$XRSH" --foreground --port "$PORT" --listen 127.0.0.1 \
	    --config "$BATS_TEST_TMPDIR/a.cfg" -f "$BATS_TEST_TMPDIR/a.script" \
	    >"$BATS_TEST_TMPDIR/a.out" 2>"$BATS_TEST_TMPDIR/a.err" 3>&- &
	A_PID=$!
	wait_in "$BATS_TEST_TMPDIR/a.out" "running in the foreground: BGP online"
	printf '%s\n' 'debug bgp wait neighbor 127.0.0.1 established timeout 30' \
	    'debug sleep 3' 'show bgp 198.18.1.0/24' >"$BATS_TEST_TMPDIR/b.script"
	run --separate-stderr timeout -k 5 90 "$XRSH" --port "$PORT" \
	    --listen 127.0.0.2 --config "$BATS_TEST_TMPDIR/b.cfg" \
	    -f "$BATS_TEST_TMPDIR/b.script"
	assert_success
	assert_line '  65001 64500'
	assert_line '    127.0.0.1 from 127.0.0.1 (10.255.0.1)'
	# A's own summary, printed after the replay
	grep -qE '^192\.0\.2\.10 +0 64500 .* 1 \(replayed\)$' "$BATS_TEST_TMPDIR/a.out"
	# nothing tried to reach them (the loopback guard would log a refusal)
	run grep -E '192\.0\.2\.10|2001:db8::10' "$BATS_TEST_TMPDIR/a.err"
	assert_failure 1
	run grep -E 'ADJCHANGE : neighbor (192\.0\.2\.10|2001:db8::10)' \
	    "$BATS_TEST_TMPDIR/a.out"
	assert_failure 1
}

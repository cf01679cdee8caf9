#!/usr/bin/env bats
# Crash recovery of a live router: xrsh (foreground, its configuration the
# saved --config file) learns 3,000 routes from one BIRD peer and passes
# them on to another, and is killed with SIGKILL at random moments while
# the routes arrive (each restart is a new ingest: BIRD reconnects by
# itself).  After the last restart, with the same --config:
#   - both sessions come back;
#   - xrsh's table is exactly what the peers announce (every prefix, from
#     the right neighbor), compared with BIRD's own static routes;
#   - what the receiving BIRD holds from xrsh is what it held before the
#     first kill (the same prefix list).
#   g1  BIRD   127.0.18.1  AS 65100  announces 10.180.0.0/24 .. (3,000)
#   r1  BIRD   127.0.18.2  AS 65200  announces 172.18.0.0/24 .. (5),
#                                    receives what xrsh passes on
# xrsh: AS 65001, 127.0.18.254.  The kill delays come from bash's RANDOM
# seeded by CRASH_SEED (printed; set it to replay); CRASH_KILLS kills.

bats_require_minimum_version 1.5.0

load '/usr/lib/bats/bats-support/load'
load '/usr/lib/bats/bats-assert/load'
load lib
load xrsh_lib
load routing_lib

XI_MODE=foreground
RT_BASE=18800
NROUTES=3000

setup() { xi_setup; }
teardown() { xi_teardown; }

# g1_routes / r1_routes: rt_bird's input, and the sorted prefix lists
g1_prefixes() {
	local i
	for ((i = 0; i < NROUTES; i++)); do
		echo "10.$((180 + i / 256)).$((i % 256)).0/24"
	done | sort
}

r1_prefixes() {
	local i
	for ((i = 0; i < 5; i++)); do
		echo "172.18.$i.0/24"
	done | sort
}

# xr_table NAME: "PREFIX FROM" for every path of xrsh's IPv4 table, sorted
xr_table() {
	xr_cmd "$1" 'show bgp ipv4 unicast | json' 30 |
		jq -r '.routes[] | .prefix as $p | .paths[] | "\($p) \(.from)"' | sort
}

# ci_relaunch NAME: start NAME again exactly as xrsh_launch did (the same
# --config, port and listener; the keeper still holds the script FIFO)
ci_relaunch() {
	local dir port
	dir=$(xi_dir "$1")
	port=$(cat "$dir/port")
	cat "$dir/out" >>"$dir/out.old"
	cat "$dir/err" >>"$dir/err.old"
	: >"$dir/out"
	: >"$dir/err"
	(exec 3>&-; exec "$XRSH" --config "$dir/running.cfg" --foreground --echo \
		--continue --port "$port" --listen 127.0.18.254 -f "$dir/in" \
		</dev/null >"$dir/out" 2>"$dir/err") &
	echo $! >"$dir/pid"
}

# ci_kill NAME: SIGKILL, as a crash would
ci_kill() {
	local pid
	pid=$(xrsh_pid "$1") || return 1
	kill -KILL "$pid"
	wait "$pid" 2>/dev/null || true
	rm -f "$(xi_dir "$1")/pid"
}

# ci_converged NAME: xrsh's table is g1's and r1's routes, each from its
# neighbor, and r1 holds all of g1's routes
ci_converged() {
	[ "$(xr_table "$1" 2>/dev/null)" = "$WANT_TABLE" ] &&
		[ "$(bird_received_prefixes r1)" = "$R1_BEFORE" ]
}

# ci_start: the two BIRDs and xrsh x, converged once: WANT_TABLE (xrsh's
# table), R1_BEFORE (what r1 holds from xrsh) and INGEST_MS (how long the
# first convergence took after the sessions came up)
ci_start() {
	local P t0
	P=$(xi_reserve_ports "$RT_BASE")
	cat >"$INTEROP_TMP/x.cfg" <<-'EOF'
		route-policy PASS
		  pass
		end-policy
		!
		router bgp 65001
		 bgp router-id 10.255.18.254
		 address-family ipv4 unicast
		 !
		 neighbor 127.0.18.1
		  remote-as 65100
		  address-family ipv4 unicast
		   route-policy PASS in
		   route-policy PASS out
		  !
		 !
		 neighbor 127.0.18.2
		  remote-as 65200
		  address-family ipv4 unicast
		   route-policy PASS in
		   route-policy PASS out
		  !
		 !
		!
	EOF
	g1_prefixes | sed 's/^/big /' |
		rt_bird g1 LOCAL_ADDR=127.0.18.1 LOCAL_PORT="$P" LOCAL_AS=65100 \
		PEER_ADDR=127.0.18.254 PEER_PORT="$P" PEER_AS=65001
	r1_prefixes | sed 's/^/own /' |
		rt_bird r1 LOCAL_ADDR=127.0.18.2 LOCAL_PORT="$P" LOCAL_AS=65200 \
		PEER_ADDR=127.0.18.254 PEER_PORT="$P" PEER_AS=65001
	xrsh_launch x "$P" "$INTEROP_TMP/x.cfg" 127.0.18.254
	xrsh_ready x
	rt_up x 20 127.0.18.1 127.0.18.2
	WANT_TABLE=$({
		g1_prefixes | sed 's/$/ 127.0.18.1/'
		r1_prefixes | sed 's/$/ 127.0.18.2/'
	} | sort)

	# before: converged once; what r1 holds from xrsh is g1's routes
	R1_BEFORE=$(g1_prefixes)
	t0=$(interop_now_ms)
	wait_for 60 ci_converged x ||
		{ diff <(xr_table x) <(echo "$WANT_TABLE") | head; false; }
	INGEST_MS=$(rt_elapsed_ms "$t0")
	assert_equal "$(bird_received_prefixes g1)" "$(r1_prefixes)"
}

@test "kill -9 during an ingest of 3,000 routes: the sessions come back and the tables converge to the same" {
	rt_require
	local seed=${CRASH_SEED:-$(($(date +%s) % 32768))} kills=${CRASH_KILLS:-4}
	local k d got
	ci_start
	echo "# seed $seed, $kills kills; first ingest converged ${INGEST_MS} ms after the sessions" >&3

	RANDOM=$seed
	for ((k = 1; k <= kills; k++)); do
		# a crash at a random moment after the restart: odd kills up to
		# 3 s after the start (sessions coming up or routes arriving),
		# even ones up to twice the first ingest's time after g1's
		# session came up (while its routes arrive)
		ci_kill x
		ci_relaunch x
		if ((k % 2)); then
			d=$((RANDOM % 3000))
			echo "kill $k (seed $seed): ${d} ms after the start"
		else
			wait_for 20 grep -q 'neighbor 127.0.18.1 Up' "$INTEROP_TMP/x/out"
			d=$((RANDOM % (2 * INGEST_MS + 1)))
			echo "kill $k (seed $seed): ${d} ms after g1 came up"
		fi
		xi_nap "$((d / 1000)).$(printf '%03d' $((d % 1000)))"
	done
	ci_kill x
	[ "$(cat "$INTEROP_TMP/x/running.cfg")" = "$(cat "$INTEROP_TMP/x.cfg")" ] ||
		diff "$INTEROP_TMP/x/running.cfg" "$INTEROP_TMP/x.cfg"

	# the last restart: left alone, it converges to the same tables
	ci_relaunch x
	xrsh_ready x
	rt_up x 30 127.0.18.1 127.0.18.2
	if ! wait_for 60 ci_converged x; then
		got=$(xr_table x)
		echo "xrsh's table differs from the peers':"
		diff <(echo "$got") <(echo "$WANT_TABLE") | head -20
		echo "r1 holds $(bird_received_prefixes r1 | wc -l) prefixes"
		false
	fi
	assert_equal "$(bird_received_prefixes g1)" "$(r1_prefixes)"
	assert_equal "$(bird_received_prefixes r1)" "$R1_BEFORE"
	assert_equal "$(xr_table x | wc -l)" $((NROUTES + 5))
	# the saved configuration and its history went through the crashes
	run xr_cmd x 'show configuration commit list'
	assert_success
}

# ci_text NAME: the running configuration without the "!! " banner
ci_text() {
	xr_cmd "$1" 'show running-config' 30 | grep -v '^!! '
}

# ci_drain NAME: drop what a killed xrsh left unread in its script FIFO
# (the next one would run it)
ci_drain() {
	local dir
	dir=$(xi_dir "$1")
	while read -r -t 0.2 _; do :; done <>"$dir/in"
}

@test "kill -9 during a commit and a rollback on a live router: the old or the new configuration, the same tables" {
	rt_require
	local seed=${CRASH_SEED:-$(($(date +%s) % 32768))} rounds=${CRASH_KILLS:-4}
	local k d t0 text_a text_b got state save pid nap
	ci_start
	# B: a 20,000-line prefix-set that r1's outbound policy now filters
	# with (it holds g1's routes and others: r1's table stays the same)
	# and descriptions; typed with `load`, so the FIFO holds four lines
	{
		echo 'prefix-set G1'
		{
			g1_prefixes
			for ((k = 0; k < 17000; k++)); do
				echo "11.$((k / 256)).$((k % 256)).0/24"
			done
		} | sed '$!s/$/,/; s/^/  /'
		echo 'end-set'
		echo 'route-policy G1_ONLY'
		echo '  if destination in G1 then'
		echo '    pass'
		echo '  endif'
		echo 'end-policy'
		echo 'router bgp 65001'
		echo ' neighbor 127.0.18.1'
		echo '  description g1 after the change'
		echo ' neighbor 127.0.18.2'
		echo '  description r1 after the change'
		echo '  address-family ipv4 unicast'
		echo '   route-policy G1_ONLY out'
	} >"$INTEROP_TMP/b.txt"
	text_a=$(ci_text x)
	# one uninterrupted commit and rollback: B's text, and when the save
	# wrote the file (microseconds after the lines were sent)
	t0=${EPOCHREALTIME/[.,]/}
	xr_run x 60 configure "load $INTEROP_TMP/b.txt" commit end >/dev/null
	save=$(stat -c %.6Y "$INTEROP_TMP/x/running.cfg")
	save=$((${save/[.,]/} - t0))
	text_b=$(ci_text x)
	[ "$text_a" != "$text_b" ]
	grep -q 'description r1 after the change' <<<"$text_b"
	wait_for 60 ci_converged x
	xr_run x 60 'rollback configuration last 1' >/dev/null
	[ "$(ci_text x)" = "$text_a" ]
	wait_for 60 ci_converged x
	echo "# seed $seed, $rounds kills; B saved ${save} us after it was sent" >&3

	RANDOM=$seed
	state=a
	for ((k = 1; k <= rounds; k++)); do
		# microseconds: odd kills anywhere up to 10 ms past the moment
		# the uninterrupted commit saved, even ones from 30 ms before
		# it (the history record and the file being written)
		if ((k % 2)); then
			d=$(((RANDOM * 32768 + RANDOM) % (save + 10001)))
		else
			d=$((save - 30000 + (RANDOM * 32768 + RANDOM) % 40001))
			((d >= 0)) || d=0
		fi
		# nothing but builtins between the lines sent and the kill
		pid=$(xrsh_pid x)
		nap=$((d / 1000000)).$(printf '%06d' $((d % 1000000)))
		if [ "$state" = a ]; then
			echo "kill $k (seed $seed): ${d} us into the commit of B"
			printf '%s\n' configure "load $INTEROP_TMP/b.txt" commit end \
			    1<>"$INTEROP_TMP/x/in"
		else
			echo "kill $k (seed $seed): ${d} us into the rollback to A"
			printf '%s\n' 'rollback configuration last 1' \
			    1<>"$INTEROP_TMP/x/in"
		fi
		read -r -t "$nap" -u "$XI_NAP_FD" _ || true
		kill -KILL "$pid"
		wait "$pid" 2>/dev/null || true
		rm -f "$INTEROP_TMP/x/pid"
		ci_drain x
		ci_relaunch x
		# no warning at start: the history loaded, nothing half-saved
		xrsh_ready x
		got=$(ci_text x)
		if [ "$got" = "$text_a" ]; then
			state=a
		elif [ "$got" = "$text_b" ]; then
			state=b
		else
			echo "a mix of A and B after kill $k:"
			diff <(echo "$text_a") <(echo "$got") | head -20
			false
		fi
		echo "  restarted with ${state^^}"
		xr_cmd x 'show configuration commit list' >/dev/null
		rt_up x 30 127.0.18.1 127.0.18.2
		if ! wait_for 60 ci_converged x; then
			diff <(xr_table x) <(echo "$WANT_TABLE") | head -20
			echo "r1 holds $(bird_received_prefixes r1 | wc -l) prefixes"
			false
		fi
		assert_equal "$(bird_received_prefixes g1)" "$(r1_prefixes)"
	done
	# and the next commit works
	xr_run x 60 configure 'hostname after-crash' commit end >/dev/null
	ci_text x | grep -qx 'hostname after-crash'
}

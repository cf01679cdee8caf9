#!/usr/bin/env bats
# `show configuration impact` against BIRD peers (issue 15): the preview
# of an inbound policy change, taken before the commit, is what the
# commit then does to xrsh's table and to what a BIRD peer holds, prefix
# by prefix, over a table of 3,000 prefixes.
#   s1  127.0.15.1  AS 65002  10.0.0.0/24 .. 2,000 /24s: the first 1,000
#                            with community (65002,1), the rest (65002,2)
#   s2  127.0.15.2  AS 65003  1,000 of them again (a longer AS path) and
#                            500 of its own
#   s3  127.0.15.3  AS 65004  receives only: its table is compared
# xrsh (AS 65000, 127.0.15.254) keeps the pre-policy copies
# (soft-reconfiguration inbound) of s1 and s2.  The candidate puts
# 65002:1 into the community-set IN2 drops (1,000 routes of s1 denied,
# 500 of them now best via s2) and lowers IN2's local-preference for
# 65002:2 from 150 to 50 (1,000 routes changed, 500 now best via s2).
# The outbound case: s3's route-policy OUT3 hides the prefixes of
# prefix-set P-HIDE (8 of s2's own /24s); the candidate moves P-HIDE to
# the next 8 (8 newly advertised, 8 withdrawn) and prepends 65000 twice
# to the routes with 65002:2 (1,000 re-advertised with another AS path).
#
# NETWORK SAFETY: every address is 127.0.15.x; XRSH_LOOPBACK_ONLY=1; BIRD
# has no kernel protocol.

bats_require_minimum_version 1.5.0

load '/usr/lib/bats/bats-support/load'
load '/usr/lib/bats/bats-assert/load'
load lib
load xrsh_lib
load routing_lib

XI_MODE=script
RT_BASE=18950

setup() { xi_setup; }
teardown() { xi_teardown; }

# impact_pfx I: the Ith /24 of 10.0.0.0/8
impact_pfx() {
	echo "10.$(($1 / 256)).$(($1 % 256)).0/24"
}

# impact_routes FIRST LAST GROUP STATEMENTS: rt_bird's route lines
impact_routes() {
	local i
	for ((i = $1; i <= $2; i++)); do
		echo "$3 $(impact_pfx "$i") $4"
	done
}

# impact_table NAME: what BIRD NAME received, "PREFIX AS_PATH" a line,
# sorted
impact_table() {
	birdc_cmd "$1" "show route protocol nbr all" 2>/dev/null | awk '
		$1 ~ /^[0-9.]+\/[0-9]+$/ { p = $1 }
		/BGP\.as_path:/ { sub(/^[ \t]*BGP\.as_path: */, ""); print p, $0 }' |
		sort
}

# impact_start OUT3: xrsh and the three BIRD peers, s3 sent through
# route-policy OUT3 (PASS or OUT3), s3's table kept in before
impact_start() {
	local P
	P=$(xi_reserve_ports "$RT_BASE")
	cat >"$INTEROP_TMP/x.cfg" <<-EOF
		prefix-set P-HIDE
		  10.11.184.0/21 le 24
		end-set
		!
		route-policy OUT3
		  if destination in P-HIDE then
		    drop
		  endif
		  pass
		end-policy
		!
		community-set C-DROP
		  65002:9
		end-set
		!
		route-policy IN2
		  if community matches-any C-DROP then
		    drop
		  endif
		  if community matches-any (65002:2) then
		    set local-preference 150
		  endif
		  pass
		end-policy
		!
		route-policy PASS
		  pass
		end-policy
		!
		router bgp 65000
		 bgp router-id 10.255.15.254
		 address-family ipv4 unicast
		 !
		 neighbor 127.0.15.1
		  remote-as 65002
		  address-family ipv4 unicast
		   route-policy IN2 in
		   route-policy PASS out
		   soft-reconfiguration inbound
		  !
		 !
		 neighbor 127.0.15.2
		  remote-as 65003
		  address-family ipv4 unicast
		   route-policy PASS in
		   route-policy PASS out
		   soft-reconfiguration inbound
		  !
		 !
		 neighbor 127.0.15.3
		  remote-as 65004
		  address-family ipv4 unicast
		   route-policy PASS in
		   route-policy $1 out
		  !
		 !
		!
	EOF
	{
		impact_routes 0 999 a 'bgp_community.add((65002,1));'
		impact_routes 1000 1999 b 'bgp_community.add((65002,2));'
	} | rt_bird s1 LOCAL_ADDR=127.0.15.1 LOCAL_PORT="$P" LOCAL_AS=65002 \
		PEER_ADDR=127.0.15.254 PEER_PORT="$P" PEER_AS=65000
	{
		impact_routes 500 1499 a 'bgp_path.prepend(65100); bgp_path.prepend(65101);'
		impact_routes 3000 3499 b 'bgp_path.prepend(65101);'
	} | rt_bird s2 LOCAL_ADDR=127.0.15.2 LOCAL_PORT="$P" LOCAL_AS=65003 \
		PEER_ADDR=127.0.15.254 PEER_PORT="$P" PEER_AS=65000
	rt_bird s3 LOCAL_ADDR=127.0.15.3 LOCAL_PORT="$P" LOCAL_AS=65004 \
		PEER_ADDR=127.0.15.254 PEER_PORT="$P" PEER_AS=65000 </dev/null
	rt_xrsh x "$P" 127.0.15.254 "$INTEROP_TMP/x.cfg"
	rt_up x 30 127.0.15.1 127.0.15.2 127.0.15.3
	wait_for_all Established 5 s1 s2 s3
	rt_wait_has s3 60 10.0.0.0/24 10.7.207.0/24 10.13.171.0/24
	rt_log_quiet s3 1 30
	impact_table s3 >"$INTEROP_TMP/before"
	xr_cmd x 'show bgp | json' >"$INTEROP_TMP/bgp.before"
}

@test "impact: the preview of an inbound change is what the commit does to the table and to a BIRD peer" {
	rt_require
	impact_start PASS
	[ "$(wc -l <"$INTEROP_TMP/before")" -eq 2500 ]

	run xr_run x 60 configure 'community-set C-DROP' '  65002:1' 'end-set' \
	    'route-policy IN2' '  if community matches-any C-DROP then' \
	    '    drop' '  endif' '  if community matches-any (65002:2) then' \
	    '    set local-preference 50' '  endif' '  pass' 'end-policy' \
	    'show configuration impact detail | json' commit end
	assert_success
	grep '^{' <<<"$output" | head -n 1 >"$INTEROP_TMP/impact.json"
	[ -s "$INTEROP_TMP/impact.json" ]
	rt_wait_has s3 10 10.5.220.0/24
	rt_log_quiet s3 1 30
	impact_table s3 >"$INTEROP_TMP/after"
	xr_cmd x 'show bgp | json' >"$INTEROP_TMP/bgp.after"

	run python3 - "$INTEROP_TMP" <<-'EOF'
		import json, sys
		d = sys.argv[1]
		imp = json.load(open(d + "/impact.json"))
		def table(name):
		    t = {}
		    for line in open(d + "/" + name):
		        p, _, path = line.strip().partition(" ")
		        t[p] = path
		    return t
		b, a = table("before"), table("after")
		def best(name):
		    r = {}
		    for route in json.load(open(d + "/" + name))["routes"]:
		        for p in route["paths"]:
		            if p.get("best"):
		                r[route["prefix"]] = (p["from"], p["next_hop"])
		    return r
		bb, ab = best("bgp.before"), best("bgp.after")
		errs = []
		def same(what, got, want):
		    if got != want:
		        errs.append("%s: preview-only %s, commit-only %s" % (what,
		            sorted(got - want)[:5], sorted(want - got)[:5]))
		def plist(sec, key):
		    return {i["prefix"] for i in sec[key]["prefixes"]}
		out = [s for s in imp["outbound"] if "127.0.15.3" in s["members"]][0]
		same("advertised to s3", plist(out, "advertised"), set(a) - set(b))
		same("withdrawn from s3", plist(out, "withdrawn"), set(b) - set(a))
		same("changed to s3", plist(out, "changed"),
		     {p for p in set(a) & set(b) if a[p] != b[p]})
		moved = {p for p in set(bb) | set(ab) if bb.get(p) != ab.get(p)}
		same("best path", {i["prefix"] for s in imp["bestpath"]
		                   for i in s["changed"]["prefixes"]}, moved)
		inb = [s for s in imp["inbound"] if s["neighbor"] == "127.0.15.1"][0]
		print(inb["denied"]["count"], inb["changed"]["count"],
		      sum(s["changed"]["count"] for s in imp["bestpath"]),
		      out["withdrawn"]["count"], out["changed"]["count"])
		for e in errs:
		    print(e)
		sys.exit(1 if errs else 0)
	EOF
	echo "$output"
	assert_success
	# denied, changed, best moved, withdrawn from s3, changed to s3
	assert_output '1000 1000 1500 500 1000'
	# the sessions stayed up through the preview and the commit
	wait_for_all Established 1 s1 s2 s3
}

@test "impact: the preview of an outbound change is what a BIRD peer then receives, prefix by prefix" {
	rt_require
	impact_start OUT3
	# 10.11.184.0/21's eight /24s are hidden from s3
	[ "$(wc -l <"$INTEROP_TMP/before")" -eq 2492 ]
	! grep -q '^10\.11\.184\.0/24 ' "$INTEROP_TMP/before"

	run xr_run x 60 configure 'prefix-set P-HIDE' '  10.11.192.0/21 le 24' \
	    'end-set' 'route-policy OUT3' '  if destination in P-HIDE then' \
	    '    drop' '  endif' '  if community matches-any (65002:2) then' \
	    '    prepend as-path 65000 2' '  endif' '  pass' 'end-policy' \
	    'show configuration impact detail | json' commit end
	assert_success
	grep '^{' <<<"$output" | head -n 1 >"$INTEROP_TMP/impact.json"
	[ -s "$INTEROP_TMP/impact.json" ]
	rt_wait_has s3 10 10.11.184.0/24 10.11.191.0/24
	rt_log_quiet s3 1 30
	impact_table s3 >"$INTEROP_TMP/after"
	xr_cmd x 'show bgp | json' >"$INTEROP_TMP/bgp.after"

	run python3 - "$INTEROP_TMP" <<-'EOF'
		import json, sys
		d = sys.argv[1]
		imp = json.load(open(d + "/impact.json"))
		def table(name):
		    t = {}
		    for line in open(d + "/" + name):
		        p, _, path = line.strip().partition(" ")
		        t[p] = path
		    return t
		b, a = table("before"), table("after")
		errs = []
		def same(what, got, want):
		    if got != want:
		        errs.append("%s: preview-only %s, commit-only %s" % (what,
		            sorted(got - want)[:5], sorted(want - got)[:5]))
		def plist(sec, key):
		    return {i["prefix"] for i in sec[key]["prefixes"]}
		out = [s for s in imp["outbound"] if "127.0.15.3" in s["members"]]
		if len(out) != 1:
		    print("no single outbound section for s3:", imp["outbound"])
		    sys.exit(1)
		out = out[0]
		same("advertised to s3", plist(out, "advertised"), set(a) - set(b))
		same("withdrawn from s3", plist(out, "withdrawn"), set(b) - set(a))
		same("changed to s3", plist(out, "changed"),
		     {p for p in set(a) & set(b) if a[p] != b[p]})
		# nothing else moves: no inbound change, no best path change,
		# and the other groups (s1, s2) are sent what they were
		moved = sum(s["changed"]["count"] for s in imp["bestpath"])
		others = sum(s[k]["count"] for s in imp["outbound"]
		             if "127.0.15.3" not in s["members"]
		             for k in ("advertised", "withdrawn", "changed"))
		print(len(imp["inbound"]), moved, others, out["advertised"]["count"],
		      out["withdrawn"]["count"], out["changed"]["count"])
		for e in errs:
		    print(e)
		sys.exit(1 if errs else 0)
	EOF
	echo "$output"
	assert_success
	# inbound sections, best moved, other groups' changes, then to s3:
	# advertised, withdrawn, changed
	assert_output '0 0 0 8 8 1000'
	wait_for_all Established 1 s1 s2 s3
}

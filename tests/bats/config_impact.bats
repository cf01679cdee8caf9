#!/usr/bin/env bats
# `show configuration impact [neighbor X] [detail]` (issue 15): the
# preview of a candidate's routing changes.  The live tests run xrsh
# with three loopback Python peers and a table of 3500 prefixes, take
# `show bgp`, the neighbors' routes and the advertised routes before and
# after a commit, and check prefix by prefix that the preview's detail
# lists are what the commit changed: an inbound change (a community-set
# and a route-policy redefined) and an outbound one.
#
# NETWORK SAFETY: xrsh listens on 127.0.0.1, the peers connect from
# 127.0.0.2-4, XRSH_LOOPBACK_ONLY=1; documentation and private numbers.

bats_require_minimum_version 1.5.0
load helpers

BATS_TEST_TIMEOUT=${BATS_TEST_TIMEOUT:-180}

setup() {
	setup_xrsh_env
	live_init
}

teardown() {
	live_stop 3
	if [ -z "${BATS_TEST_COMPLETED:-}" ]; then
		for n in 2 3 4; do
			echo "--- p$n"
			tail -n 20 "$BATS_TEST_TMPDIR/p$n.out" 2>/dev/null || true
		done
	fi
}

# The update lines of a peer: p2 sends 10.0.0.0/24 .. (2000 /24s), the
# first 1000 with community 65002:1, the rest 65002:2; p3 sends 1000 of
# them again with a longer AS path and 500 of its own.
peer_lines() {
	python3 - "$1" <<'EOF'
import sys
def pfx(i): return "10.%d.%d.0/24" % (i // 256, i % 256)
def lines(rng, extra, per=100):
    r = list(rng)
    return ["send update nlri " + " ".join(pfx(i) for i in r[k:k + per]) +
            " " + extra for k in range(0, len(r), per)]
if sys.argv[1] == "p2":
    L = lines(range(0, 1000), "nexthop 127.0.0.2 aspath 65002 65100 "
              "community 65002:1") + \
        lines(range(1000, 2000), "nexthop 127.0.0.2 aspath 65002 65100 "
              "community 65002:2")
else:
    L = lines(range(500, 1500), "nexthop 127.0.0.3 aspath 65003 65100 65101") + \
        lines(range(3000, 3500), "nexthop 127.0.0.3 aspath 65003 65101")
print("\n".join(L))
EOF
}

# live_cfg [SOFT3]: the saved configuration (127.0.0.3 without
# soft-reconfiguration inbound when SOFT3 is "nosoft")
live_cfg() {
	local soft3='   soft-reconfiguration inbound'
	[ "${1:-}" = nosoft ] && soft3=''
	cat >"$BATS_TEST_TMPDIR/live.saved" <<EOF
community-set C-DROP
  65002:9
end-set
!
prefix-set P-OUT
  10.1.0.0/16 le 24
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
route-policy OUT4
  pass
end-policy
!
router bgp 65000
 bgp router-id 192.0.2.254
 address-family ipv4 unicast
 !
 neighbor 127.0.0.2
  remote-as 65002
  session-open-mode passive-only
  address-family ipv4 unicast
   route-policy IN2 in
   route-policy PASS out
   soft-reconfiguration inbound
  !
 !
 neighbor 127.0.0.3
  remote-as 65003
  session-open-mode passive-only
  address-family ipv4 unicast
   route-policy PASS in
   route-policy PASS out
$soft3
  !
 !
 neighbor 127.0.0.4
  remote-as 65004
  session-open-mode passive-only
  address-family ipv4 unicast
   route-policy PASS in
   route-policy OUT4 out
  !
 !
!
EOF
}

# live [nosoft] -- COMMANDS...: the three peers, then xrsh running them
live() {
	local port soft=
	if [ "$1" = nosoft ]; then soft=nosoft; shift; fi
	[ "$1" = -- ] && shift
	port=$(free_port) || skip "no free TCP port found"
	export XRSH_LOOPBACK_ONLY=1
	live_cfg $soft
	local -a l2 l3
	mapfile -t l2 < <(peer_lines p2)
	mapfile -t l3 < <(peer_lines p3)
	live_peer 127.0.0.2 65002 "$port" establish "${l2[@]}"
	live_peer 127.0.0.3 65003 "$port" establish "${l3[@]}"
	live_peer 127.0.0.4 65004 "$port" establish
	live_run "$port" "$BATS_TEST_TMPDIR/live.saved" "$@"
}

# The JSON documents of the output, one a line, in order
json_docs() {
	printf '%s\n' "${lines[@]}" | grep '^{' >"$BATS_TEST_TMPDIR/docs.json"
}

SNAP=(
	'show bgp | json'
	'show bgp neighbors 127.0.0.2 routes | json'
	'show bgp neighbors 127.0.0.4 advertised-routes | json'
)

# check_py: docs.json's documents 0-2 the tables before, 3 the preview,
# 4-6 after; p4.out what 127.0.0.4 received (its table at the end must
# be the advertised routes after the commit)
check_py() {
	python3 - "$BATS_TEST_TMPDIR/docs.json" "$BATS_TEST_TMPDIR/p4.out" <<'EOF'
import json, sys
docs = [json.loads(l) for l in open(sys.argv[1])]
assert len(docs) == 7, "expected 7 JSON documents, got %d" % len(docs)
b_bgp, b_n2, b_out, imp, a_bgp, a_n2, a_out = docs

def best(doc):
    r = {}
    for route in doc["routes"]:
        for p in route["paths"]:
            if p.get("best"):
                r[route["prefix"]] = (p.get("from"), p.get("next_hop"),
                                      p.get("as_path"))
    return r

def paths(doc):
    r = {}
    for route in doc["routes"]:
        for p in route.get("paths", [route]):
            r[route["prefix"]] = json.dumps(p, sort_keys=True)
    return r

def adv(doc):
    r = {}
    for route in doc["routes"]:
        q = dict(route)
        q.pop("prefix", None)
        r[route["prefix"]] = json.dumps(q, sort_keys=True)
    return r

def plist(sec, key):
    return {i["prefix"] for i in sec[key]["prefixes"]}

errors = []
def same(what, got, want):
    if got != want:
        errors.append("%s: preview-only %s, commit-only %s" % (what,
            sorted(got - want)[:5], sorted(want - got)[:5]))

# inbound of 127.0.0.2: its accepted (post-policy) routes
ins = [s for s in imp["inbound"] if s["neighbor"] == "127.0.0.2"]
if ins:
    s = ins[0]
    bn, an = paths(b_n2), paths(a_n2)
    same("accepted", plist(s, "accepted"), set(an) - set(bn))
    same("denied", plist(s, "denied"), set(bn) - set(an))
    same("changed", plist(s, "changed"),
         {p for p in set(bn) & set(an) if bn[p] != an[p]})
    assert s["denied"]["count"] == len(s["denied"]["prefixes"])

# best paths
bb, ab = best(b_bgp), best(a_bgp)
moved = {p for p in set(bb) | set(ab) if bb.get(p) != ab.get(p)}
pv = {}
for s in imp["bestpath"]:
    for i in s["changed"]["prefixes"]:
        pv[i["prefix"]] = i["after"]
same("bestpath", set(pv), moved)
for p, after in pv.items():
    if p in ab and after is not None:
        got = (after["from"], after["nexthop"], after["as_path"])
        want = ab[p]
        if (got[0], got[1]) != (want[0], want[1]):
            errors.append("bestpath %s: preview %s, commit %s" % (p, got, want))

# outbound to 127.0.0.4
outs = [s for s in imp["outbound"] if "127.0.0.4" in s["members"]]
bo, ao = adv(b_out), adv(a_out)
if outs:
    s = outs[0]
    same("advertised", plist(s, "advertised"), set(ao) - set(bo))
    same("withdrawn", plist(s, "withdrawn"), set(bo) - set(ao))
    same("readvertised", plist(s, "changed"),
         {p for p in set(bo) & set(ao) if bo[p] != ao[p]})
else:
    same("outbound", set(), {p for p in set(bo) | set(ao) if bo.get(p) != ao.get(p)})

# what 127.0.0.4 holds at the end, from its log of UPDATEs: the
# advertised routes after the commit, prefix by prefix (MED, communities)
import re
KEYS = r"(?:withdrawn|nlri|origin|aspath|nexthop|med|localpref|community|ext-community|large-community|eor|mp_nexthop|nexthop6)"
peer = {}
for line in open(sys.argv[2]):
    if not line.startswith("RECV UPDATE "):
        continue
    kv = {}
    for part in re.split(r" (?=" + KEYS + r"=)", line[len("RECV UPDATE "):].strip()):
        k, _, v = part.partition("=")
        kv[k] = v
    for p in kv.get("withdrawn", "").split(","):
        peer.pop(p, None)
    for p in kv.get("nlri", "").split(","):
        if p:
            peer[p] = (kv.get("med"), sorted(kv.get("community", "").split(",")) if kv.get("community") else [])
want = {}
for route in a_out["routes"]:
    comms = route.get("communities") or []
    med = route.get("med")
    want[route["prefix"]] = (None if med is None else str(med),
                             sorted(str(c) for c in comms))
same("peer table", set(peer), set(want))
bad = [p for p in set(peer) & set(want) if peer[p] != want[p]]
if bad:
    errors.append("peer table attributes differ for %d prefixes, e.g. %s: %s vs %s" %
                  (len(bad), bad[0], peer[bad[0]], want[bad[0]]))

for e in errors:
    print(e)
counts = {k: v for k, v in [
    ("in", [(s["neighbor"], s["accepted"]["count"], s["denied"]["count"],
             s["changed"]["count"]) for s in imp["inbound"]]),
    ("best", [s["changed"]["count"] for s in imp["bestpath"]]),
    ("out", [(s["members"], s["advertised"]["count"], s["withdrawn"]["count"],
              s["changed"]["count"]) for s in imp["outbound"]])]}
print(json.dumps(counts))
sys.exit(1 if errors else 0)
EOF
}

# ------------------------------------------------------------------ errors

@test "outside configuration mode the command does not exist" {
	run --separate-stderr xr <<<'show configuration impact'
	refute_output --partial 'Configuration impact'
	[ -n "$stderr$output" ]
}

@test "an unknown neighbor is an error" {
	live_cfg
	run --separate-stderr "$XRSH" --offline --config \
	    "$BATS_TEST_TMPDIR/live.saved" <<'EOF'
configure
show configuration impact neighbor 1.2.3.4
EOF
	[[ "$stderr" == *'% No such neighbor 1.2.3.4'* ]]
}

@test "changes it does not preview are named" {
	live_cfg
	run --separate-stderr "$XRSH" --offline --config \
	    "$BATS_TEST_TMPDIR/live.saved" <<'EOF'
configure
router bgp 65000
 bgp bestpath med always
 address-family ipv4 unicast
  maximum-paths ebgp 4
 root
show configuration impact
show configuration impact | json
EOF
	assert_line 'Not previewed: bgp bestpath or default local-preference, maximum-paths'
	assert_line 'No change among the settings previewed'
	[ "$(printf '%s\n' "${lines[@]}" | grep '^{' | jq -r .not_covered)" = \
	    'bgp bestpath or default local-preference, maximum-paths' ]
}

# ------------------------------------------------------------------ live

@test "live: an inbound change previewed is what the commit does" {
	live -- "${SNAP[@]}" \
	    'configure' \
	    'community-set C-DROP' '  65002:1' 'end-set' \
	    'route-policy IN2' \
	    '  if community matches-any C-DROP then' '    drop' '  endif' \
	    '  if community matches-any (65002:2) then' \
	    '    set local-preference 50' '  endif' '  pass' 'end-policy' \
	    'show configuration impact' \
	    'show configuration impact detail | json' \
	    'commit' 'end' 'debug sleep 3' "${SNAP[@]}"
	assert_success
	assert_line --partial 'Neighbor 127.0.0.2, IPv4 Unicast, inbound'
	assert_line '  Newly denied: 1000'
	assert_line '  Accepted with different attributes: 1000'
	assert_line --regexp '^    10\.3\.232\.0/24: local-pref 150 -> 50$'
	json_docs
	run check_py
	echo "$output"
	assert_success
	# 1000 denied, 1000 changed; the best path moves for 1500: 500 to
	# 127.0.0.3, 500 gone (denied) and 500 to 127.0.0.3 (local-pref 50)
	assert_line --partial '"in": [["127.0.0.2", 0, 1000, 1000]]'
	assert_line --partial '"best": [1500]'
}

@test "live: an outbound change previewed is what the commit does" {
	live -- "${SNAP[@]}" \
	    'configure' \
	    'route-policy OUT4' \
	    '  if destination in P-OUT then' '    drop' '  endif' \
	    '  set med 77' '  pass' 'end-policy' \
	    'show configuration impact detail | json' \
	    'commit' 'end' 'debug sleep 3' "${SNAP[@]}"
	assert_success
	json_docs
	run check_py
	echo "$output"
	assert_success
	# 256 withdrawn (10.1.0.0/16), the other 2244 re-advertised
	assert_line --partial '"out": [[["127.0.0.4"], 0, 256, 2244]]'
}

@test "live: a neighbor knob previewed (send-community-ebgp) is what the commit does" {
	live -- "${SNAP[@]}" \
	    'configure' 'router bgp 65000' ' neighbor 127.0.0.4' \
	    '  address-family ipv4 unicast' '   send-community-ebgp' 'root' \
	    'show configuration impact neighbor 127.0.0.4' \
	    'show configuration impact neighbor 127.0.0.4 detail | json' \
	    'commit' 'end' 'debug sleep 3' "${SNAP[@]}"
	assert_success
	assert_line '  Changes: send-community-ebgp 0 -> 1'
	assert_line --regexp '^    10\.0\.0\.0/24: community \(none\) -> 65002:1$'
	json_docs
	run check_py
	echo "$output"
	assert_success
	# the 2000 prefixes of 127.0.0.2 carry communities
	assert_line --partial '"out": [[["127.0.0.4"], 0, 0, 2000]]'
}

@test "live: without pre-policy routes the inbound impact is not computable" {
	live nosoft -- 'configure' \
	    'route-policy PASS' '  set local-preference 10' '  pass' \
	    'end-policy' 'show configuration impact neighbor 127.0.0.3'
	assert_success
	assert_line 'Neighbor 127.0.0.3, IPv4 Unicast, inbound'
	assert_line '  not computable: no pre-policy routes (configure soft-reconfiguration inbound)'
	refute_line --partial 'Neighbor 127.0.0.2'
}

#!/usr/bin/env bats
# `test route-policy` on routes beyond any former cap: 1,000 communities,
# a 300-ASN path, both matched on, prepended to and added to, and printed
# back whole.

load helpers

setup() {
	setup_xrsh_env
}

@test "test route-policy: 1,000 communities and a 300-ASN path come out whole" {
	xr <<'EOF2'
configure
route-policy BIG
  if community matches-any (1:1000) and as-path length ge 300 and as-path originates-from '64300' then
    prepend as-path 65000 2
    set community (2:2) additive
    pass
  endif
end-policy
commit
end
EOF2
	comms= path=
	for i in $(seq 1 1000); do comms="$comms 1:$i"; done
	for i in $(seq 1 300); do path="$path $((64000 + i))"; done
	run xr -c "test route-policy BIG prefix 10.0.0.0/8 community$comms as-path$path"
	assert_success
	assert_line --index 0 "Policy BIG: accepted"
	assert_line "  as-path            65000 65000$path"
	assert_line "  community         $comms 2:2"
	assert_line "  BIG line 3: prepend as-path 65000 2"
}

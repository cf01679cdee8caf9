#!/usr/bin/env bats
# `fib install kernel [table N]` (xrsh's own; XR has no such command):
# the line renders at the end of the running configuration and
# round-trips; the table defaults to main and a table given is printed as
# given; `no fib install` removes it, with or without its words; a bad
# table is refused on the line, table 255 (the kernel's local table) at
# commit with nothing applied; `describe` names every keyword; offline
# the engine installs nothing and `show fib` says so.  The kernel side is
# tests/bats/fib_kernel.bats (network namespaces, root).

bats_require_minimum_version 1.5.0
load helpers

setup() {
	setup_xrsh_env
}

@test "fib: the line renders last, round-trips through the saved file, and is removed by no" {
	run --separate-stderr xr <<'EOF'
configure
fib install kernel
router bgp 65000
bgp router-id 192.0.2.1
commit
end
show running-config
EOF
	assert_success
	[ "$stderr" = "" ]
	assert_line "fib install kernel"
	[ "${lines[-2]}" = "fib install kernel" ]
	# saved and loaded again; another table replaces the line
	run --separate-stderr xr <<'EOF'
show running-config
configure
fib install kernel table 1000
commit
end
show running-config
EOF
	assert_success
	assert_line "fib install kernel"
	assert_line "fib install kernel table 1000"
	run --separate-stderr xr <<'EOF'
configure
no fib install kernel table 1000
commit
end
show running-config
EOF
	assert_success
	refute_output --partial "fib install"
	run --separate-stderr xr <<'EOF'
configure
fib install kernel table 254
commit
no fib install
commit
end
show running-config
EOF
	assert_success
	refute_output --partial "fib install"
}

@test "fib: bad tables are refused on the line or at commit, nothing half-applied" {
	run --separate-stderr xr --continue <<'EOF'
configure
fib install kernel table 0
fib install kernel table 4294967296
fib install kernel table x
fib install kernel table 255
commit
show configuration
abort
configure
no fib install
no fib install kernel table 7
fib install kernel table 7
no fib install kernel table 8
EOF
	assert_failure
	[[ "$stderr" == *"fib install kernel table 0"*"Invalid input detected"* ]]
	[[ "$stderr" == *"fib install kernel table 4294967296"*"Invalid input detected"* ]]
	[[ "$stderr" == *"'fib' detected the 'warning' condition 'Table 255 is the kernel's local table; routes are installed in main (254) or another table'"* ]]
	[[ "$stderr" == *"% fib install kernel is not configured"* ]]
	[[ "$stderr" == *"% fib install kernel in that table is not configured"* ]]
	run --separate-stderr xr <<<'show running-config'
	refute_output --partial "fib install"
}

@test "fib: describe names every keyword" {
	run --separate-stderr xr <<'EOF'
configure
describe fib
describe fib 
describe fib install 
describe fib install kernel 
describe fib install kernel table 
abort
EOF
	assert_success
	assert_line '  fib  Forwarding table (FIB) installation'
	assert_line '  install  Install the best routes of the RIB'
	assert_line "  kernel  In the host's kernel forwarding table (rtnetlink)"
	assert_line '  table  Kernel routing table (default main, 254)'
	assert_line '  <1-4294967295>  Table number'
}

@test "fib: offline nothing is installed and show fib says so" {
	run --separate-stderr xr <<'EOF'
show fib
show fib | json
configure
fib install kernel table 100
commit
end
show fib
show fib | json
EOF
	assert_success
	[ "$stderr" = "" ]
	assert_line "Kernel FIB: off"
	assert_line '{"state":"off","table":null,"protocol":201,"installed":0,"pending":0,"held":0,"adds":0,"changes":0,"deletes":0,"errors":0,"batches":0,"messages":0,"stale_removed":0,"reinstalled":0,"skipped":0,"last_flush_ms":0,"last_error":null}'
	assert_line "Kernel FIB: skipped (offline), table 100, protocol 201"
	assert_line --partial '{"state":"skipped (offline)","table":100,'
}

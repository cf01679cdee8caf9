#!/usr/bin/env bats
# Generic exec commands: show version / clock / history, their `| json`
# renderings, and terminal length.

load helpers

@test "show version names the software and hostname" {
	run xr -c 'show version'
	assert_success
	assert_line --index 0 --regexp '^xrsh .*Version [0-9]+\.[0-9]+\.[0-9]+$'
	assert_output --partial 'ios uptime is 0 weeks'
}

@test "show version | json has stable keys" {
	run xr -c 'show version | json'
	assert_success
	[ "$(echo "$output" | jq -r .software)" = xrsh ]
	[ "$(echo "$output" | jq -r .hostname)" = ios ]
	[ "$(echo "$output" | jq '.uptime_seconds | type')" = '"number"' ]
}

@test "show clock prints XR's layout" {
	run xr -c 'show clock'
	assert_success
	assert_output --regexp '^[0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{3} [A-Z]+ [A-Z][a-z]{2} [A-Z][a-z]{2} [0-9]{1,2} [0-9]{4}$'
}

@test "show clock | json gives ISO time and epoch" {
	run xr -c 'show clock | json'
	assert_success
	[ "$(echo "$output" | jq -r '.time | test("^[0-9]{4}-[0-9]{2}-[0-9]{2}T")')" = true ]
	[ "$(echo "$output" | jq '.epoch > 1600000000')" = true ]
}

@test "show history lists the session's lines in order, also as json" {
	run xr <<'EOF2'
show clock
terminal length 0
show history
EOF2
	assert_success
	assert_line 'show clock'
	assert_line 'terminal length 0'
	run xr -c 'show clock' -c 'show history | json'
	assert_success
	[ "$(echo "$output" | tail -n 1 | jq -r '.history[0]')" = 'show clock' ]
	[ "$(echo "$output" | tail -n 1 | jq '.history | length')" = 2 ]
}

@test "terminal length rejects values out of range" {
	run xr -c 'terminal length 513'
	assert_failure 1
	assert_output --partial "% Invalid input detected at '^' marker."
}

@test "show running-config | json renders the configuration tree" {
	run xr <<'EOF2'
configure
hostname r7
prefix-set P
  192.0.2.0/24
end-set
router bgp 65001
 neighbor 192.0.2.1
  remote-as 65002
commit
end
EOF2
	assert_success
	run xr -c 'show running-config | json'
	assert_success
	[ "$(echo "$output" | jq -r '.config[0].line')" = 'hostname r7' ]
	[ "$(echo "$output" | jq -r '.config[1].text')" = "$(printf 'prefix-set P\n  192.0.2.0/24\nend-set')" ]
	[ "$(echo "$output" | jq -r '.config[2].children[0].children[0].line')" = 'remote-as 65002' ]
	run xr -c 'show running-config router bgp neighbor 192.0.2.1 | json'
	assert_success
	[ "$(echo "$output" | jq -r '.config[0].children[0].line')" = 'neighbor 192.0.2.1' ]
	[ "$(echo "$output" | jq '.config | length')" = 1 ]
}

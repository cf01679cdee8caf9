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

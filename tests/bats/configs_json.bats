#!/usr/bin/env bats
# `| json` on the session's configuration views: `show configuration`,
# `show configuration merge` (the tree of `show running-config | json`)
# and `show commit changes diff` (a list of {op, indent, line}); the
# contracts are at the top of cmds/show_config.c.

load helpers
bats_require_minimum_version 1.5.0

# a committed base, then uncommitted changes: a replaced leaf, a removed
# neighbor, an added neighbor and an added route-policy
SESSION='configure
hostname a
router bgp 1
 bgp router-id 192.0.2.254
 address-family ipv4 unicast
 neighbor 192.0.2.1
  remote-as 2
commit
root
hostname b
router bgp 1
 no neighbor 192.0.2.1
 neighbor 192.0.2.5
  remote-as 5
route-policy X
  if med eq 5 then
    drop
  endif
end-policy'

# json_of COMMAND: runs SESSION then COMMAND; the JSON document in $output
json_of() {
	run --separate-stderr xr <<<"$SESSION
$1"
	# end of input discards the uncommitted changes (a warning)
	[ "$status" -eq 0 ]
	jq -e . <<<"$output" >/dev/null || fail "not JSON: $output"
}

@test "show configuration | json: the changes as a tree" {
	json_of 'show configuration | json'
	run jq -c '.config' <<<"$output"
	assert_output '[{"line":"hostname b"},{"line":"route-policy X","text":"route-policy X\n  if med eq 5 then\n    drop\n  endif\nend-policy\n"},{"line":"router bgp 1","children":[{"line":"no neighbor 192.0.2.1"},{"line":"neighbor 192.0.2.5","children":[{"line":"remote-as 5"}]}]}]'
}

@test "show configuration merge | json: the whole candidate" {
	json_of 'show configuration merge | json'
	[ "$(jq -r '.config[0].line' <<<"$output")" = 'hostname b' ]
	[ "$(jq -r '.config[1].text' <<<"$output")" = "$(printf 'route-policy X\n  if med eq 5 then\n    drop\n  endif\nend-policy')" ]
	run jq -c '.config[2]' <<<"$output"
	# an empty block still has children, a leaf has none
	assert_output '{"line":"router bgp 1","children":[{"line":"bgp router-id 192.0.2.254"},{"line":"address-family ipv4 unicast","children":[]},{"line":"neighbor 192.0.2.5","children":[{"line":"remote-as 5"}]}]}'
}

@test "show commit changes diff | json: op, indent, line" {
	json_of 'show commit changes diff | json'
	run jq -r '.diff[] | "\(.op)|\(.indent)|\(.line)|\(.replaced // false)"' <<<"$output"
	assert_output '-|0|hostname a|true
+|0|hostname b|true
+|0|route-policy X|false
+|2|if med eq 5 then|false
+|4|drop|false
+|2|endif|false
+|0|end-policy|false
 |0|router bgp 1|false
-|1|neighbor 192.0.2.1|false
-|2|remote-as 2|false
+|1|neighbor 192.0.2.5|false
+|2|remote-as 5|false'
}

@test "json of an unchanged session is empty, not an error" {
	run --separate-stderr xr -c configure -c 'show configuration | json' \
	    -c 'show commit changes diff | json' \
	    -c 'show configuration merge | json'
	assert_success
	assert_output '{"config":[]}
{"diff":[]}
{"config":[]}'
}

@test "the text views are unchanged without | json" {
	run --separate-stderr xr <<<"$SESSION
show commit changes diff"
	assert_output 'Building configuration...
!! IOS XR Configuration 24.3.1
<- hostname a
+> hostname b
+  route-policy X
+    if med eq 5 then
+      drop
+    endif
+  end-policy
   !
   router bgp 1
-   neighbor 192.0.2.1
-    remote-as 2
    !
+   neighbor 192.0.2.5
+    remote-as 5
    !
   !
end'
}

@test "? offers | json after the three commands" {
	for c in 'show configuration' 'show configuration merge' \
	    'show commit changes diff'; do
		run --separate-stderr xr -c configure -c "describe $c | j"
		assert_success
		assert_output "  json  Output in JSON format"
	done
}

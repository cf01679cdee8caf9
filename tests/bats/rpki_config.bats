#!/usr/bin/env bats
# RPKI configuration under router bgp (issue 12): the `rpki server` sub-mode
# (config-bgp-rpki-server: transport, refresh-time, response-time,
# purge-time, preference, username, password, shutdown), static `rpki
# route` ROAs, `bgp origin-as validation signal ibgp|time`, and in the
# address family `bgp origin-as validation enable` and `bgp bestpath
# origin-as use validity|allow invalid`.  Typed lines render in XR's place
# and order and round-trip; `no` removes each; `?` names every keyword;
# out-of-range values are refused on the line with nothing half-applied;
# what the engine cannot use (ssh, host names, a server without transport)
# stays in the candidate and the commit is refused, every line at once.
# Offline throughout: no RTR session is opened.

bats_require_minimum_version 1.5.0
load helpers

setup() {
	setup_xrsh_env
}

RPKI_CANON='router bgp 64512
 bgp router-id 192.0.2.1
 bgp origin-as validation signal ibgp
 bgp origin-as validation time off
 rpki server 192.0.2.10
  transport tcp port 3323
  preference 1
  purge-time 120
  refresh-time 300
  response-time off
 !
 rpki server 198.51.100.20
  transport tcp port 8282
  shutdown
 !
 rpki server 2001:db8::10
  transport tcp port 323
  preference 2
  refresh-time off
  response-time 15
 !
 rpki route 192.0.2.0/24 max 24 origin 64512
 rpki route 192.0.2.0/24 max 26 origin 64513
 rpki route 203.0.113.0/24 max 24 origin 0
 rpki route 2001:db8::/32 max 48 origin 64512
 address-family ipv4 unicast
  bgp origin-as validation enable
  bgp bestpath origin-as use validity
  bgp bestpath origin-as allow invalid
  network 192.0.2.0/24
 !
 address-family ipv6 unicast
  bgp origin-as validation enable
 !
!'

# the lines typed out of order, servers and routes unsorted, values typed
# twice (the second replaces the first), asdot and AS0 origins
TYPED='configure
router bgp 64512
address-family ipv6 unicast
bgp origin-as validation enable
exit
address-family ipv4 unicast
network 192.0.2.0/24
bgp bestpath origin-as allow invalid
bgp bestpath origin-as use validity
bgp origin-as validation enable
exit
rpki route 2001:db8::/32 max 48 origin 64512
rpki route 192.0.2.0/24 max 26 origin 0.64513
rpki route 203.0.113.0/24 max 24 origin 0
rpki route 192.0.2.0/24 max 24 origin 64512
rpki server 2001:DB8:0::10
response-time 15
refresh-time off
preference 2
transport tcp port 323
exit
rpki server 198.51.100.20
shutdown
transport tcp port 8282
exit
rpki server 192.0.2.10
response-time off
refresh-time 300
purge-time 120
preference 3
preference 1
transport tcp port 179
transport tcp port 3323
exit
bgp origin-as validation time 10
bgp origin-as validation time off
bgp origin-as validation signal ibgp
bgp router-id 192.0.2.1
commit
end
show running-config router bgp'

@test "rpki: typed lines render in XR's order and place, and round-trip" {
	run --separate-stderr xr <<<"$TYPED"
	assert_success
	[ "$stderr" = "" ]
	[ "$output" = "$RPKI_CANON" ]
	# the saved configuration reads back to the same text
	run --separate-stderr xr -c 'show running-config router bgp'
	assert_success
	[ "$output" = "$RPKI_CANON" ]
	# pasting the rendering into a fresh router changes nothing
	rm -f "$BATS_TEST_TMPDIR/running.cfg"
	printf 'configure\n%s\ncommit\nend\nshow running-config router bgp\n' \
	    "$RPKI_CANON" >"$BATS_TEST_TMPDIR/paste"
	run --separate-stderr xr -f "$BATS_TEST_TMPDIR/paste"
	assert_success
	[ "$stderr" = "" ]
	[ "$output" = "$RPKI_CANON" ]
}

@test "rpki: the sub-mode prompt, sections of the running configuration and | json" {
	run --separate-stderr xr <<<"$TYPED"
	assert_success
	run --separate-stderr xr --echo <<'EOF'
configure
router bgp 64512
rpki server 192.0.2.10
exit
EOF
	assert_line 'RP/0/RP0/CPU0:ios(config-bgp-rpki-server)#exit'
	run --separate-stderr xr -c 'show running-config router bgp rpki server 2001:db8::10'
	assert_success
	[ "$output" = 'router bgp 64512
 rpki server 2001:db8::10
  transport tcp port 323
  preference 2
  refresh-time off
  response-time 15
 !
!' ]
	run --separate-stderr xr -c 'show running-config router bgp | json'
	assert_success
	run jq -c '.config[0].children[3]' <<<"$output"
	assert_output '{"line":"rpki server 192.0.2.10","children":[{"line":"transport tcp port 3323"},{"line":"preference 1"},{"line":"purge-time 120"},{"line":"refresh-time 300"},{"line":"response-time off"}]}'
}

@test "rpki: no removes each line, a route, a server and the AF knobs" {
	run --separate-stderr xr <<<"$TYPED"
	assert_success
	run --separate-stderr xr <<'EOF'
configure
router bgp 64512
no bgp origin-as validation signal ibgp
no bgp origin-as validation time
no rpki route 192.0.2.0/24 max 26 origin 64513
no rpki route 203.0.113.0/24 max 24 origin 0
no rpki route 198.51.100.0/24 max 24 origin 1
no rpki server 198.51.100.20
rpki server 192.0.2.10
no preference
no purge-time 120
no refresh-time
no response-time off
exit
rpki server 2001:db8::10
no transport
shutdown
exit
address-family ipv4 unicast
no bgp origin-as validation enable
no bgp bestpath origin-as use validity
no bgp bestpath origin-as allow invalid
commit
end
show running-config router bgp
EOF
	assert_success
	[ "$stderr" = "" ]
	[ "$output" = 'router bgp 64512
 bgp router-id 192.0.2.1
 rpki server 192.0.2.10
  transport tcp port 3323
 !
 rpki server 2001:db8::10
  preference 2
  refresh-time off
  response-time 15
  shutdown
 !
 rpki route 192.0.2.0/24 max 24 origin 64512
 rpki route 2001:db8::/32 max 48 origin 64512
 address-family ipv4 unicast
  network 192.0.2.0/24
 !
 address-family ipv6 unicast
  bgp origin-as validation enable
 !
!' ]
	# show configuration of a removal names the lines with `no`
	run --separate-stderr xr <<'EOF'
configure
router bgp 64512
no rpki server 192.0.2.10
no rpki route 2001:db8::/32 max 48 origin 64512
show configuration
EOF
	assert_output --partial ' no rpki server 192.0.2.10'
	assert_output --partial ' no rpki route 2001:db8::/32 max 48 origin 64512'
}

@test "rpki: ? help names every keyword" {
	run --separate-stderr xr <<'EOF'
configure
router bgp 64512
describe rpki 
describe rpki server 
describe rpki route 192.0.2.0/24 max 
describe rpki route 192.0.2.0/24 max 24 origin 
describe bgp origin-as validation 
describe bgp origin-as validation time 
address-family ipv4 unicast
describe bgp origin-as validation 
exit
rpki server 192.0.2.10
describe transport 
describe transport tcp port 
describe refresh-time 
describe response-time 
describe purge-time 
describe preference 
describe password 
abort
EOF
	assert_success
	assert_line '  route   Configure a static RPKI route (ROA)'
	assert_line '  server  Configure RPKI cache-server'
	assert_line --regexp '^  A\.B\.C\.D +IPv4 or IPv6 address of the RPKI cache-server$'
	assert_line --regexp '^  WORD +Hostname of the RPKI cache-server$'
	assert_line '  <0-128>  Maximum prefix length (prefix length to 32 or 128)'
	assert_line '  <0-4294967295>  Origin AS number (0 for an AS0 ROA)'
	assert_line '  signal  Signal origin-AS validity towards peers'
	assert_line '  <5-60>  Prefix validation time (in seconds)'
	assert_line '  enable  Enable RPKI origin-AS validation'
	assert_line '  ssh  Connect to the RPKI cache-server using SSH'
	assert_line '  tcp  Connect to the RPKI cache-server using TCP (unencrypted)'
	assert_line '  <1-65535>  Port number'
	assert_line '  <15-3600>  Refresh time (in seconds)'
	assert_line '  off        Do not send serial-queries periodically'
	assert_line '  off        Wait indefinitely for a response'
	assert_line '  <30-360>  Purge time (in seconds)'
	assert_line '  <1-10>  Preference value'
	assert_line --regexp '^  clear +Specifies an unencrypted password will follow$'
	# every row has help for every token (start-up check)
	run --separate-stderr "$XRSH" --check-grammar
	assert_success
}

@test "rpki: out-of-range values are refused on the line; nothing half-applied" {
	run --separate-stderr xr --continue <<'EOF'
configure
router bgp 64512
rpki server 192.0.2.10
transport tcp port 3323
preference 2
transport tcp port 0
transport tcp port 65536
transport udp port 3323
preference 0
preference 11
purge-time 29
purge-time 361
refresh-time 14
refresh-time 3601
response-time 14
exit
rpki route 192.0.2.0/24 max 23 origin 64512
rpki route 192.0.2.0/24 max 33 origin 64512
rpki route 2001:db8::/32 max 129 origin 64512
rpki route 192.0.2.1/24 max 24 origin 64512
rpki route 192.0.2.0/24 max 24 origin 4294967296
rpki server 192.0.2.999
rpki server bad_name
bgp origin-as validation time 4
show configuration
EOF
	[ "$status" -ne 0 ]
	# the caret under the offending token for grammar errors
	[ "$(grep -c "% Invalid input detected at '^' marker." <<<"$stderr")" -eq 15 ]
	assert_equal "$(grep -A1 -F ': transport tcp port 0' <<<"$stderr" | tail -n 1 | sed 's/^[^:]*:[0-9]*: //')" '                   ^'
	# the semantic checks name the values
	[[ "$stderr" == *"% Invalid max length 23 for 192.0.2.0/24: must be between the prefix length 24 and 32"* ]]
	[[ "$stderr" == *"% Invalid max length 33 for 192.0.2.0/24: must be between the prefix length 24 and 32"* ]]
	[[ "$stderr" == *"% Prefix 192.0.2.1/24 has host bits set beyond the prefix length"* ]]
	# what was valid before each refused line is untouched
	[ "$output" = 'Building configuration...
!! IOS XR Configuration 24.3.1
router bgp 64512
 rpki server 192.0.2.10
  transport tcp port 3323
  preference 2
 !
!
end' ]
}

@test "rpki: ssh, host names and a server without transport are refused at commit, every line at once" {
	run --separate-stderr xr --continue <<'EOF'
configure
router bgp 64512
rpki server 192.0.2.10
transport tcp port 3323
exit
rpki server 192.0.2.22
transport ssh port 22
username rpki
password clear s3cret
exit
rpki server Cache.Example.NET
transport tcp port 3323
exit
rpki server 2001:db8::10
preference 1
exit
rpki server 198.51.100.20
shutdown
exit
commit
show configuration failed
abort
show running-config
EOF
	[ "$status" -ne 0 ]
	local warn="% 'BGP' detected the 'warning' condition '"
	local unsup="${warn}The feature is not supported on this platform:"
	[ "$(grep -c "^[^ ]*: !!% 'BGP'" <<<"$stderr")" -eq 5 ]
	[[ "$stderr" == *"!!${warn}RPKI cache-server 2001:db8::10 has no transport: configure transport tcp port <1-65535>, or shutdown'"* ]]
	[[ "$stderr" == *"!!${warn}RPKI cache-server cache.example.net is a host name: xrsh connects to RPKI cache-servers by address only; configure its IPv4 or IPv6 address'"* ]]
	[[ "$stderr" == *"!!$unsup RPKI over SSH is not implemented; use transport tcp'"* ]]
	[ "$(grep -c "!!$unsup username and password apply to the SSH transport only, which is not implemented'" <<<"$stderr")" -eq 2 ]
	# show configuration failed: each line under its path
	assert_output --partial "router bgp 64512
 rpki server 192.0.2.22
  transport ssh port 22
!!$unsup RPKI over SSH is not implemented; use transport tcp'"
	assert_output --partial "router bgp 64512
 rpki server 192.0.2.22
  password encrypted "
	# nothing was committed (the server that was fine neither)
	refute_output --partial 'rpki server 192.0.2.10'
	run --separate-stderr xr -c 'show running-config'
	refute_output --partial 'rpki'
}

@test "rpki: the corpus configuration commits offline with --check" {
	run --separate-stderr "$XRSH" --check "$SRCDIR/tests/configs/27-rpki.cfg"
	assert_success
}

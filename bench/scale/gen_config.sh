#!/bin/sh
# gen_config.sh N [OUT_POLICY]: xrsh's saved configuration for the scale
# bench and test: N eBGP neighbors 127.1.x.y (as manypeers.py numbers
# them: AS 100000+i), passive, through one neighbor-group; the policy
# out (DROP by default: a route collector; PASS sends every route to
# every neighbor) and one more neighbor, 127.0.0.2 AS 65002, for a full
# table.  NETWORK SAFETY: loopback addresses only.
n=${1:?usage: gen_config.sh N [PASS|DROP]}
out=${2:-DROP}
cat <<EOC
route-policy PASS
  pass
end-policy
!
route-policy DROP
  drop
end-policy
!
router bgp 65001
 bgp router-id 10.255.0.1
 address-family ipv4 unicast
 !
 neighbor-group SCALE
  session-open-mode passive-only
  address-family ipv4 unicast
   route-policy PASS in
   route-policy $out out
  !
 !
 neighbor 127.0.0.2
  remote-as 65002
  session-open-mode passive-only
  address-family ipv4 unicast
   route-policy PASS in
   route-policy $out out
  !
 !
EOC
i=0
while [ "$i" -lt "$n" ]; do
	printf ' neighbor 127.1.%d.%d\n  remote-as %d\n  use neighbor-group SCALE\n !\n' \
	    $((i / 250)) $((i % 250 + 1)) $((100000 + i))
	i=$((i + 1))
done
echo '!'

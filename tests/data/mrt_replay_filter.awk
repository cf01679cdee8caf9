# tests/bats/mrt_replay.bats: bgpdump -m lines -> "PEER COUNT": the routes per peer that pass the
# replay policy of mrt_replay.bats (no bogon, no prefix longer than /24),
# each (peer, prefix) once, as a neighbor holds one path per prefix
function ip2n(s,   o) { split(s, o, "."); return ((o[1] * 256 + o[2]) * 256 + o[3]) * 256 + o[4] }
function inside(n, l, net, ml) { return l >= ml && int(n / 2 ^ (32 - ml)) == int(ip2n(net) / 2 ^ (32 - ml)) }
BEGIN {
	FS = "|"
	nb = split("0.0.0.0/8 10.0.0.0/8 100.64.0.0/10 127.0.0.0/8 169.254.0.0/16 172.16.0.0/12 192.0.0.0/24 192.0.2.0/24 192.168.0.0/16 198.18.0.0/15 198.51.100.0/24 203.0.113.0/24 224.0.0.0/3", bog, " ")
}
$6 !~ /:/ {
	split($6, p, "/"); n = ip2n(p[1]); l = p[2] + 0
	if (l > 24) next
	for (i = 1; i <= nb; i++) { split(bog[i], b, "/"); if (inside(n, l, b[1], b[2] + 0)) next }
	if (!(($4 SUBSEP $6) in seen)) { seen[$4, $6] = 1; cnt[$4]++ }
}
END { for (k in cnt) print k, cnt[k] }

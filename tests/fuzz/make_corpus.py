#!/usr/bin/env python3
"""Writes the seed corpus of tests/fuzz/fuzz_decode.c into corpus/.

Each file is one selector byte (see fuzz_decode.c: bit 0 4-octet AS, bit 1
eBGP, bit 2 extended messages, bit 3 IPv4 only, bit 7 raw UPDATE body)
followed by either whole BGP messages or one UPDATE body.  Valid messages
and one of each malformed-input class of RFC 7606 are included, so the
fuzzer starts next to every error path.  Deterministic: running it again
rewrites the same files.
"""
import os
import struct
import sys

AS4, EBGP, EXT, V4ONLY, RAW = 1, 2, 4, 8, 0x80


def attr(flags, typ, val):
    if flags & 0x10 or len(val) > 255:
        return struct.pack("!BBH", flags | 0x10, typ, len(val)) + val
    return struct.pack("!BBB", flags, typ, len(val)) + val


def pfx(length, addr):
    return bytes([length]) + bytes(addr[: (length + 7) // 8])


def path4(*segs):
    out = b""
    for typ, asns in segs:
        out += struct.pack("!BB", typ, len(asns))
        out += b"".join(struct.pack("!I", a) for a in asns)
    return out


def path2(*segs):
    out = b""
    for typ, asns in segs:
        out += struct.pack("!BB", typ, len(asns))
        out += b"".join(struct.pack("!H", a) for a in asns)
    return out


def body(withdrawn=b"", attrs=b"", nlri=b""):
    return (struct.pack("!H", len(withdrawn)) + withdrawn +
            struct.pack("!H", len(attrs)) + attrs + nlri)


def msg(typ, b):
    return b"\xff" * 16 + struct.pack("!HB", 19 + len(b), typ) + b


ORIGIN = attr(0x40, 1, b"\x00")
ASP4 = attr(0x40, 2, path4((2, [65001, 4200000001])))
ASP2 = attr(0x40, 2, path2((2, [65001, 23456])))
NH = attr(0x40, 3, bytes([10, 0, 0, 1]))
BASE4 = ORIGIN + ASP4 + NH
BASE2 = ORIGIN + ASP2 + NH
NLRI = pfx(16, [10, 1]) + pfx(24, [10, 2, 3]) + pfx(0, [])
V6NH = bytes([0x20, 1, 0x0d, 0xb8] + [0] * 11 + [1])
V6LL = bytes([0xfe, 0x80] + [0] * 13 + [1])
V6NLRI = pfx(32, [0x20, 1, 0x0d, 0xb8]) + pfx(48, [0x20, 1, 0x0d, 0xb8, 0, 5])


def mp_reach(afi, safi, nh, nlri, flags=0x80):
    return attr(flags, 14, struct.pack("!HBB", afi, safi, len(nh)) + nh +
                b"\x00" + nlri)


def mp_unreach(afi, safi, nlri, flags=0x80):
    return attr(flags, 15, struct.pack("!HB", afi, safi) + nlri)


RICH4 = (ORIGIN + ASP4 + NH + attr(0x80, 4, b"\0\0\0\x32") +
         attr(0x40, 5, b"\0\0\0\x64") + attr(0x40, 6, b"") +
         attr(0xc0, 7, struct.pack("!II", 4200000001, 0x0a000001)) +
         attr(0xc0, 8, struct.pack("!III", 0xfde90001, 0xfde90002, 0xffffff01)) +
         attr(0x80, 9, b"\1\2\3\4") + attr(0x80, 10, b"\5\5\5\5\6\6\6\6") +
         attr(0xc0, 16, bytes([0, 2, 0xfd, 0xe9, 0, 0, 0, 1])) +
         attr(0xc0, 32, struct.pack("!III", 4200000000, 1, 2)) +
         attr(0xe0, 99, b"abc"))

RICH2 = (ORIGIN + attr(0x40, 2, path2((2, [65001, 23456]), (1, [1, 2]))) + NH +
         attr(0xc0, 7, struct.pack("!HI", 23456, 0x0a000001)) +
         attr(0xc0, 17, path4((2, [65001, 4200000001]), (1, [1, 2]))) +
         attr(0xc0, 18, struct.pack("!II", 4200000009, 0x0a000008)))

seeds = {
    # valid
    "ok_v4_basic": (AS4 | EBGP, [msg(2, body(attrs=BASE4, nlri=NLRI))]),
    "ok_v4_rich_ibgp": (AS4, [msg(2, body(attrs=RICH4, nlri=NLRI))]),
    "ok_v4_as2_merge": (EBGP, [msg(2, body(attrs=RICH2, nlri=NLRI))]),
    "ok_v6_ll": (AS4 | EBGP, [msg(2, body(attrs=mp_reach(2, 1, V6NH + V6LL,
                                                         V6NLRI) + ORIGIN + ASP4))]),
    "ok_v6_global": (AS4, [msg(2, body(attrs=mp_reach(2, 1, V6NH, V6NLRI) +
                                       ORIGIN + ASP4))]),
    "ok_v4_mp": (AS4, [msg(2, body(attrs=mp_reach(1, 1, bytes([10, 0, 0, 2]),
                                                  NLRI) + ORIGIN + ASP4))]),
    "ok_withdraw": (AS4, [msg(2, body(withdrawn=NLRI))]),
    "ok_withdraw_v6": (AS4, [msg(2, body(attrs=mp_unreach(2, 1, V6NLRI)))]),
    "ok_eor_v4": (AS4, [msg(2, body())]),
    "ok_eor_v6": (AS4, [msg(2, body(attrs=mp_unreach(2, 1, b"")))]),
    "ok_extlen_comm": (AS4 | EXT, [msg(2, body(attrs=BASE4 + attr(
        0xd0, 8, b"".join(struct.pack("!I", i) for i in range(300))), nlri=NLRI))]),
    "ok_long_path": (AS4, [msg(2, body(attrs=ORIGIN + attr(0x50, 2, path4(
        (2, list(range(1, 256))), (2, list(range(256, 301))))) + NH, nlri=NLRI))]),
    "ok_confed_ibgp": (AS4, [msg(2, body(attrs=ORIGIN + attr(0x40, 2, path4(
        (3, [65010, 65011]), (4, [65020]), (2, [65001]))) + NH, nlri=NLRI))]),
    "ok_unknown_nontrans": (AS4, [msg(2, body(attrs=BASE4 + attr(0x80, 120, b"x"),
                                              nlri=NLRI))]),
    "ok_stream": (AS4 | EBGP, [
        msg(1, b"\x04\xfd\xe8\x00\xb4\x0a\x00\x00\x01\x10\x02\x0e\x01\x04\x00"
               b"\x01\x00\x01\x41\x04\x00\x00\xfd\xe8\x02\x00"),
        msg(4, b""), msg(2, body(attrs=BASE4, nlri=NLRI)),
        msg(5, b"\x00\x01\x00\x01"),
        msg(3, b"\x06\x02\x05hello")]),
    "ok_notification": (0, [msg(3, b"\x03\x01")]),
    # structure
    "bad_wlen": (RAW | AS4, [b"\x00\x09\x00\x00"]),
    "bad_alen": (RAW | AS4, [b"\x00\x00\x00\x30" + BASE4]),
    "bad_nlri_33": (AS4, [msg(2, body(attrs=BASE4, nlri=b"\x21\x0a\0\0\0\0"))]),
    "bad_nlri_trunc": (AS4, [msg(2, body(attrs=BASE4, nlri=b"\x18\x0a\x01"))]),
    "bad_wd_trunc": (AS4, [msg(2, body(withdrawn=b"\x20\x0a"))]),
    "bad_attr_hdr": (AS4, [msg(2, body(attrs=BASE4 + b"\x40\x01", nlri=NLRI))]),
    "bad_attr_overrun": (AS4, [msg(2, body(attrs=BASE4 + b"\xc0\x08\x10\0\0",
                                           nlri=NLRI))]),
    "bad_mp_overrun": (AS4, [msg(2, body(attrs=BASE4 + b"\x80\x0e\x40\0\2\1",
                                         nlri=NLRI))]),
    # per attribute
    "bad_origin_flags": (AS4, [msg(2, body(attrs=attr(0xc0, 1, b"\0") + ASP4 + NH,
                                           nlri=NLRI))]),
    "bad_origin_value": (AS4, [msg(2, body(attrs=attr(0x40, 1, b"\5") + ASP4 + NH,
                                           nlri=NLRI))]),
    "bad_aspath_seg": (AS4, [msg(2, body(attrs=ORIGIN + attr(0x40, 2, b"\5\1\0\0\0\1") +
                                         NH, nlri=NLRI))]),
    "bad_aspath_zero": (AS4, [msg(2, body(attrs=ORIGIN + attr(0x40, 2, b"\2\0") + NH,
                                          nlri=NLRI))]),
    "bad_aspath_overrun": (0, [msg(2, body(attrs=ORIGIN + attr(0x40, 2, b"\2\5\0\1") +
                                           NH, nlri=NLRI))]),
    "bad_nexthop_len": (AS4, [msg(2, body(attrs=ORIGIN + ASP4 + attr(0x40, 3, b"\1\2\3"),
                                          nlri=NLRI))]),
    "bad_nexthop_zero": (AS4, [msg(2, body(attrs=ORIGIN + ASP4 + attr(0x40, 3, b"\0\0\0\0"),
                                           nlri=NLRI))]),
    "bad_med_len": (AS4, [msg(2, body(attrs=BASE4 + attr(0x80, 4, b"\1"), nlri=NLRI))]),
    "bad_lp_ebgp": (AS4 | EBGP, [msg(2, body(attrs=BASE4 + attr(0x40, 5, b"\1"),
                                             nlri=NLRI))]),
    "bad_atomic_len": (AS4, [msg(2, body(attrs=BASE4 + attr(0x40, 6, b"\1"), nlri=NLRI))]),
    "bad_aggregator_len": (0, [msg(2, body(attrs=BASE2 + attr(0xc0, 7, b"\1\2\3"),
                                           nlri=NLRI))]),
    "bad_comm_zero": (AS4, [msg(2, body(attrs=BASE4 + attr(0xc0, 8, b""), nlri=NLRI))]),
    "bad_comm_len": (AS4, [msg(2, body(attrs=BASE4 + attr(0xc0, 8, b"\1\2\3\4\5"),
                                       nlri=NLRI))]),
    "bad_cluster_len": (AS4, [msg(2, body(attrs=BASE4 + attr(0x80, 10, b"\1\2"),
                                          nlri=NLRI))]),
    "bad_ext_len": (AS4, [msg(2, body(attrs=BASE4 + attr(0xc0, 16, b"\1" * 9),
                                      nlri=NLRI))]),
    "bad_large_13": (AS4, [msg(2, body(attrs=BASE4 + attr(0xc0, 32, b"\1" * 13),
                                       nlri=NLRI))]),
    "bad_as4path": (EBGP, [msg(2, body(attrs=BASE2 + attr(0xc0, 17, b"\2\0"),
                                       nlri=NLRI))]),
    "bad_as4agg": (EBGP, [msg(2, body(attrs=BASE2 + attr(0xc0, 18, b"\0\0"),
                                      nlri=NLRI))]),
    "bad_unknown_wk": (AS4, [msg(2, body(attrs=BASE4 + attr(0x40, 99, b"\1"),
                                         nlri=NLRI))]),
    "bad_mp_nhlen5": (AS4, [msg(2, body(attrs=mp_reach(2, 1, b"\x20\1\2\3\4", V6NLRI) +
                                        ORIGIN + ASP4))]),
    "bad_mp_129": (AS4, [msg(2, body(attrs=mp_reach(2, 1, V6NH, b"\x81" + b"\1" * 17) +
                                     ORIGIN + ASP4))]),
    "bad_mp_twice": (AS4, [msg(2, body(attrs=mp_unreach(2, 1, b"") +
                                       mp_unreach(2, 1, b"")))]),
    "bad_mp_unknown_afi": (AS4, [msg(2, body(attrs=mp_reach(25, 65, b"\1\2\3\4", b"\xff") +
                                             BASE4, nlri=NLRI))]),
    "bad_missing_origin": (AS4, [msg(2, body(attrs=ASP4 + NH, nlri=NLRI))]),
    "bad_missing_all": (AS4, [msg(2, body(nlri=NLRI))]),
    "bad_only_unknown": (AS4, [msg(2, body(attrs=attr(0xc0, 99, b"x"), nlri=NLRI))]),
    "bad_dup_origin": (AS4, [msg(2, body(attrs=BASE4 + attr(0x40, 1, b"\2"),
                                         nlri=NLRI))]),
    "bad_no_nlri_err": (AS4, [msg(2, body(withdrawn=b"\x08\x0a",
                                          attrs=attr(0x40, 1, b"\7")))]),
    "bad_unreach_then_attr": (AS4, [msg(2, body(attrs=mp_unreach(2, 1, b"") + ORIGIN))]),
    # what the fuzzer found (decode(encode(x)) != x), fixed since
    "regress_unknown_order": (RAW | EBGP, [body(attrs=BASE2 + attr(0xc0, 97, b"a") +
                                                attr(0xc0, 86, b"b"), nlri=NLRI)]),
    "regress_unknown_type0": (RAW | EBGP, [body(attrs=BASE2 + attr(0xfa, 0, b"") +
                                                attr(0x00, 0, b""), nlri=NLRI)]),
    "regress_as4_plain_agg": (RAW | EBGP, [body(attrs=BASE2 + attr(
        0xc0, 7, struct.pack("!HI", 265, 1)) + attr(0xc0, 17, path4(
            (2, [4200000001]))), nlri=NLRI)]),
    "regress_as4_confed_mid": (RAW | EXT, [body(attrs=ORIGIN + attr(0x40, 2, path2(
        (2, [65001, 23456]), (3, [2049, 2]))) + NH + attr(0xc0, 17, path4(
            (1, [16777215, 1769474]))), nlri=NLRI)]),
    "raw_rich4": (RAW | AS4, [body(attrs=RICH4, nlri=NLRI)]),
    "raw_rich2": (RAW | EBGP, [body(attrs=RICH2, nlri=NLRI)]),
    "raw_v6": (RAW | AS4, [body(attrs=mp_reach(2, 1, V6NH + V6LL, V6NLRI) +
                                ORIGIN + ASP4)]),
}


def main():
    out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "corpus")
    if len(sys.argv) > 1:
        out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    for name, (sel, parts) in sorted(seeds.items()):
        with open(os.path.join(out, name), "wb") as f:
            f.write(bytes([sel]) + b"".join(parts))
    print("%d seeds in %s" % (len(seeds), out))


if __name__ == "__main__":
    main()

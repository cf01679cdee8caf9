#!/usr/bin/env python3
"""bmp_sink - a BMP collector that only counts (bench/prop/run.sh -M).

Listens on a loopback address, accepts any number of BMP sessions one
after another or at once, reads everything, splits it into BMP messages
and, when a session ends, prints one line:
  conn N bytes B msgs M route_monitoring R peer_up U stats S
Standard library only.  Refuses any address outside 127.0.0.0/8 and ::1.
"""
import ipaddress
import selectors
import socket
import sys


def main():
    if len(sys.argv) != 3:
        print("usage: bmp_sink.py ADDR PORT", file=sys.stderr)
        return 2
    addr, port = sys.argv[1], int(sys.argv[2])
    if not ipaddress.ip_address(addr).is_loopback:
        print("bmp_sink: %s is not a loopback address" % addr,
              file=sys.stderr)
        return 1
    fam = socket.AF_INET6 if ":" in addr else socket.AF_INET
    ls = socket.socket(fam, socket.SOCK_STREAM)
    ls.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    ls.bind((addr, port))
    ls.listen(8)
    sel = selectors.DefaultSelector()
    sel.register(ls, selectors.EVENT_READ)
    conns = {}
    n = 0
    print("listening", flush=True)
    while True:
        for key, _ in sel.select():
            if key.fileobj is ls:
                c, _ = ls.accept()
                n += 1
                conns[c] = {"n": n, "buf": b"", "bytes": 0, "msgs": 0,
                            "types": [0] * 8}
                sel.register(c, selectors.EVENT_READ)
                continue
            c = key.fileobj
            st = conns[c]
            data = c.recv(1 << 20)
            if not data:
                sel.unregister(c)
                c.close()
                t = st["types"]
                print("conn %d bytes %d msgs %d route_monitoring %d "
                      "peer_up %d stats %d" % (st["n"], st["bytes"],
                                               st["msgs"], t[0], t[3], t[1]),
                      flush=True)
                del conns[c]
                continue
            st["bytes"] += len(data)
            buf = st["buf"] + data
            off = 0
            while len(buf) - off >= 6:
                mlen = int.from_bytes(buf[off + 1:off + 5], "big")
                if mlen < 6 or len(buf) - off < mlen:
                    break
                st["msgs"] += 1
                st["types"][min(buf[off + 5], 7)] += 1
                off += mlen
            st["buf"] = buf[off:]


if __name__ == "__main__":
    sys.exit(main())

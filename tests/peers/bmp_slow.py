#!/usr/bin/env python3
"""bmp_slow - a BMP collector that reads nothing until told to
(tests/bats/bmp_live.bats: the bounded queue, drops and resync).

  bmp_slow.py ADDR PORT GOFILE STATUSFILE

Listens with a 4 KB receive buffer and accepts; while GOFILE does not
exist it reads nothing, so the sender's queue fills.  Then it reads
every session, splits the BMP messages and rewrites STATUSFILE after each
read with one line:
  conns N init N peer_up N post N pre N
where post/pre count distinct IPv4 prefixes announced in post-/pre-policy
Route Monitoring messages (classic NLRI field).  Loopback only; Python 3
standard library only.
"""
import ipaddress
import os
import selectors
import socket
import sys
import time


def nlri(upd):
    """IPv4 prefixes announced in a BGP UPDATE (header included)."""
    out = []
    if len(upd) < 23:
        return out
    wl = int.from_bytes(upd[19:21], "big")
    off = 21 + wl
    if off + 2 > len(upd):
        return out
    al = int.from_bytes(upd[off:off + 2], "big")
    off += 2 + al
    while off < len(upd):
        plen = upd[off]
        n = (plen + 7) // 8
        if off + 1 + n > len(upd):
            break
        b = upd[off + 1:off + 1 + n] + bytes(4 - n)
        out.append("%s/%d" % (ipaddress.IPv4Address(b), plen))
        off += 1 + n
    return out


def main():
    addr, port, go, status = sys.argv[1], int(sys.argv[2]), sys.argv[3], \
        sys.argv[4]
    if not ipaddress.ip_address(addr).is_loopback:
        print("bmp_slow: not a loopback address", file=sys.stderr)
        return 1
    ls = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    ls.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    ls.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    ls.bind((addr, port))
    ls.listen(4)
    sel = selectors.DefaultSelector()
    sel.register(ls, selectors.EVENT_READ)
    bufs = {}
    st = {"conns": 0, "init": 0, "peer_up": 0}
    post, pre = set(), set()

    def write_status():
        with open(status + ".tmp", "w") as f:
            f.write("conns %d init %d peer_up %d post %d pre %d\n" % (
                st["conns"], st["init"], st["peer_up"], len(post),
                len(pre)))
        os.replace(status + ".tmp", status)

    write_status()
    while True:
        reading = os.path.exists(go)
        for key, _ in sel.select(timeout=0.1):
            if key.fileobj is ls:
                c, _ = ls.accept()
                st["conns"] += 1
                bufs[c] = b""
                sel.register(c, selectors.EVENT_READ)
                write_status()
                continue
            if not reading:
                continue
            c = key.fileobj
            data = c.recv(1 << 20)
            if not data:
                sel.unregister(c)
                c.close()
                del bufs[c]
                continue
            buf = bufs[c] + data
            off = 0
            while len(buf) - off >= 6:
                mlen = int.from_bytes(buf[off + 1:off + 5], "big")
                if mlen < 6 or len(buf) - off < mlen:
                    break
                t = buf[off + 5]
                if t == 4:
                    st["init"] += 1
                elif t == 3:
                    st["peer_up"] += 1
                elif t == 0 and mlen > 48:
                    flags = buf[off + 7]
                    for p in nlri(buf[off + 48:off + mlen]):
                        (post if flags & 0x40 else pre).add(p)
                off += mlen
            bufs[c] = buf[off:]
            write_status()
        if not reading:
            time.sleep(0.05)


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""manypeers - many eBGP sessions from one process, for scale tests.

Opens COUNT sessions to ADDR:PORT, session i from its own loopback
address (127.1.0.1, 127.1.0.2, ... 250 to a /24: 127.1.0.1-250,
127.1.1.1-250, ...), with AS as_base + i, answers and sends keepalives,
and once every session is Established (and --go FILE exists, if given)
announces ROUTES /24s per session (all different, packed 500 to an
UPDATE).  It reads everything the engine sends but parses only the
headers, and records per session the gaps between the engine's
KEEPALIVEs (which go out on their own timer, whatever else happens), the
NOTIFICATIONs and closes.

Prints `ESTABLISHED n/COUNT in S s`, `ROUTES SENT n in S s` and at the
end (after --duration seconds, or SIGTERM) one `REPORT` line of
key=value pairs: established, lost (sessions that closed or got a
NOTIFICATION), notifications, keepalive_max_gap (seconds, the largest
gap between two keepalives from the engine on any session),
keepalive_interval (hold / 3 as negotiated), late (gaps above the
negotiated hold time: a hold timer would have expired), bytes_in.
Exit status 0 when every session came up and none was lost.

NETWORK SAFETY: every address must be in 127.0.0.0/8 (checked).

  manypeers.py --connect 127.0.0.1 --port 17901 --count 1000 \\
      --routes 300 --hold 30 --duration 120 [--go FILE]
"""

import argparse
import asyncio
import ipaddress
import os
import signal
import struct
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bgppeer as bp  # noqa: E402

HDR = 19


def local_addr(i):
    """127.1.0.1 ... : 250 to a /24, never .0 or .255."""
    return '127.1.%d.%d' % (i // 250, i % 250 + 1)


def loopback(addr):
    if ipaddress.ip_address(addr) not in ipaddress.ip_network('127.0.0.0/8'):
        raise SystemExit('manypeers: %s is not a loopback address' % addr)
    return addr


class Session:
    def __init__(self, i, opts):
        self.i = i
        self.opts = opts
        self.addr = local_addr(i)
        self.asn = opts.as_base + i
        self.established = None
        self.hold = opts.hold
        self.last_ka = None
        self.max_gap = 0.0
        self.max_gap_at = 0.0
        self.late = 0
        self.notifications = 0
        self.lost = False
        self.writer = None
        self.bytes_in = 0

    def routes(self):
        """ROUTES /24s of its own: /24 number i*ROUTES+k above 16.0.0.0."""
        base = (16 << 24) + (self.i * self.opts.routes << 8)
        pfx = ['%s/24' % ipaddress.IPv4Address(base + (k << 8))
               for k in range(self.opts.routes)]
        attrs = [bp.origin(0),
                 bp.as_path([(bp.AS_SEQUENCE, [self.asn])]),
                 bp.next_hop(self.addr)]
        return b''.join(bp.update(attrs=attrs, nlri=pfx[k:k + 500])
                        for k in range(0, len(pfx), 500))

    async def run(self, state):
        o = self.opts
        for attempt in range(600):
            try:
                r, w = await asyncio.open_connection(
                    o.connect, o.port, local_addr=(self.addr, 0))
                break
            except OSError:
                await asyncio.sleep(0.2 + (self.i % 10) * 0.02)
        else:
            self.lost = True
            return
        self.writer = w
        w.write(bp.open(self.asn, hold=o.hold,
                        bgp_id=self.addr.replace('127.', '10.', 1)))
        try:
            await self.read_loop(r, w, state)
        except (OSError, asyncio.IncompleteReadError):
            pass
        if not state['stopping']:
            self.lost = True

    async def read_loop(self, r, w, state):
        while True:
            hdr = await r.readexactly(HDR)
            ln, typ = struct.unpack('!HB', hdr[16:19])
            if ln < HDR:
                raise OSError('bad length')
            body = await r.readexactly(ln - HDR) if ln > HDR else b''
            self.bytes_in += ln
            now = time.monotonic()
            if typ == bp.MSG_OPEN:
                self.hold = min(self.hold, struct.unpack('!H', body[3:5])[0])
                w.write(bp.keepalive())
            elif typ == bp.MSG_KEEPALIVE:
                if self.established is None:
                    self.established = now
                    state['up'] += 1
                    if state['up'] == len(state['sessions']):
                        state['all_up'].set()
                    asyncio.ensure_future(self.keepalives())
                elif self.last_ka is not None:
                    gap = now - self.last_ka
                    if gap > self.max_gap:
                        self.max_gap = gap
                        self.max_gap_at = now - state['t0']
                    if self.hold and gap > self.hold:
                        self.late += 1
                self.last_ka = now
            elif typ == bp.MSG_NOTIFICATION:
                self.notifications += 1
                self.lost = True
            await w.drain()

    async def keepalives(self):
        every = max(1.0, self.hold / 3.0) if self.hold else 0
        while every and self.writer is not None:
            await asyncio.sleep(every)
            try:
                self.writer.write(bp.keepalive())
            except (OSError, RuntimeError):
                return


async def main_async(o):
    state = {'up': 0, 'stopping': False, 'all_up': asyncio.Event()}
    sessions = [Session(i, o) for i in range(o.count)]
    state['sessions'] = sessions
    loop = asyncio.get_running_loop()
    done = asyncio.Event()
    for s in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(s, done.set)
    t0 = time.monotonic()
    state['t0'] = t0
    state['stall'] = 0.0

    async def ticker():
        # how long our own loop was kept from reading (building routes,
        # a busy machine): a gap seen here is not the engine's doing
        last = time.monotonic()
        while True:
            await asyncio.sleep(0.1)
            now = time.monotonic()
            state['stall'] = max(state['stall'], now - last - 0.1)
            last = now
    tick = asyncio.ensure_future(ticker())
    tasks = []
    for s in sessions:
        tasks.append(asyncio.ensure_future(s.run(state)))
        if len(tasks) % 50 == 0:
            await asyncio.sleep(0.01)   # a burst of SYNs, not a storm
    deadline = t0 + o.duration

    async def until(ev):
        left = deadline - time.monotonic()
        if left > 0:
            try:
                await asyncio.wait_for(ev.wait(), left)
            except asyncio.TimeoutError:
                pass
    await until(state['all_up'])
    print('ESTABLISHED %d/%d in %.2f s' % (state['up'], o.count,
                                           time.monotonic() - t0), flush=True)
    if o.routes > 0 and state['all_up'].is_set():
        while o.go and not os.path.exists(o.go) and \
                time.monotonic() < deadline and not done.is_set():
            await asyncio.sleep(0.1)
        t1 = time.monotonic()
        n = 0
        for s in sessions:
            if s.writer is not None and not s.lost:
                s.writer.write(s.routes())
                n += o.routes
                await s.writer.drain()
        print('ROUTES SENT %d in %.2f s' % (n, time.monotonic() - t1),
              flush=True)
    await until(done)
    state['stopping'] = True
    up = sum(1 for s in sessions if s.established is not None)
    lost = sum(1 for s in sessions if s.lost)
    holds = [s.hold for s in sessions if s.established is not None]
    worst = max(sessions, key=lambda s: s.max_gap)
    print('REPORT established=%d lost=%d notifications=%d '
          'keepalive_max_gap=%.2f (at %.0f s) keepalive_interval=%.2f '
          'late=%d own_loop_stall_max=%.2f bytes_in=%d' % (
              up, lost, sum(s.notifications for s in sessions),
              worst.max_gap, worst.max_gap_at,
              (min(holds) / 3.0) if holds else 0,
              sum(s.late for s in sessions), state['stall'],
              sum(s.bytes_in for s in sessions)), flush=True)
    tick.cancel()
    for s in sessions:
        if s.writer is not None:
            s.writer.close()
    for t in tasks:
        t.cancel()
    return 0 if up == o.count and lost == 0 else 1


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--connect', default='127.0.0.1')
    ap.add_argument('--port', type=int, required=True)
    ap.add_argument('--count', type=int, default=100)
    ap.add_argument('--routes', type=int, default=0,
                    help='routes per session (default 0)')
    ap.add_argument('--as-base', type=int, default=100000)
    ap.add_argument('--hold', type=int, default=30)
    ap.add_argument('--duration', type=float, default=60.0,
                    help='seconds before the report (default 60)')
    ap.add_argument('--go', metavar='FILE',
                    help='announce routes only once FILE exists')
    o = ap.parse_args(argv)
    loopback(o.connect)
    if not 0 < o.count <= 250 * 256:
        ap.error('--count must be 1..64000')
    if o.routes * o.count > 1 << 20:
        ap.error('too many routes')
    return asyncio.run(main_async(o))


if __name__ == '__main__':
    sys.exit(main())

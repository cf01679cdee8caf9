#!/usr/bin/env python3
"""run_malformed - the malformed-input suite: every case of malformed.py
sent to a live xrsh, with the RFC 7606 action checked on both ends.

One xrsh (started here, loopback only, XRSH_LOOPBACK_ONLY=1) serves the
whole run.  Its BGP configuration has four passive-only neighbors:

  127.0.0.2  AS 65002  eBGP victim  (the test peer connects from here)
  127.0.0.4  AS 65001  iBGP victim  (for the cases that need iBGP)
  127.0.0.3  AS 65003  bystander    (timers 3 9; established once at the
                                     start, announces 3 IPv4 + 1 IPv6
                                     prefixes, answers keepalives)
  127.0.0.5  AS 65002  eBGP victim with `enforce-first-as disable` (two
                       driver-only variants of the first-AS cases)

For each case a fresh victim connection is made (the peer connects, so
xrsh's connect-retry back-off never matters) and:

  phase 'open'         the case bytes replace our OPEN;
  phase 'established'  the session is established (default capabilities,
                       without 4-octet AS for 'as2' cases); the prefixes a
                       treat-as-withdraw case announces, and those a case
                       withdraws, are first announced validly and must be
                       accepted; then the case bytes are sent, followed by
                       a sentinel UPDATE (withdraws a prefix never
                       announced).

The outcome is observed, not slept for: a NOTIFICATION (or the close) on
the peer's side, or xrsh reporting the session still Established with the
sentinel counted (`message_stats.update.received`), which proves the case
was processed without a reset.  Then:

  (a) the RFC action: a reset must be one of the case's allowed
      NOTIFICATION code/subcodes (and data where an RFC fixes it), xrsh
      must leave Established and report it as its last NOTIFICATION sent;
      a session that stays up must be an allowed outcome, and the accepted
      prefix counts per address family in `show bgp neighbors ADDR | json`
      tell what happened to the routes: treat-as-withdraw (and AFI/SAFI
      disable) leave none of the UPDATE's prefixes, attribute-discard and
      ignore install all of them; prefixes the message withdraws are gone
      (xrsh shows no per-route attributes, so which attribute a discard
      dropped is not checked);
  (b) the xrsh process is alive and answers;
  (c) the bystander is still Established on the same connection
      (connections_established unchanged, uptime not reset), with its
      prefix counts unchanged, and its peer saw no NOTIFICATION.  After
      the last case it is checked once more, at least --bystander-time
      seconds (default 12, over its 9 s hold time) after it came up, and
      its keepalive counters must have moved both ways.

Where xrsh's JSON has a per-AF treat-as-withdraw counter, a
treat-as-withdraw outcome must also move it.

Output: one `PASS name: ...` / `FAIL name: ...` line per case, then
`N passed, N failed`.  Exit status 0 when nothing failed, 1 otherwise, 2
for a usage or setup error.

Files (kept with --keep, or when xrsh died): xrsh.log (its log lines),
transcript.txt (its --echo output), running.cfg.

Usage:
  run_malformed.py [--xrsh PATH] [--port N] [--case NAME]... [--group G]...
                   [--timeout S] [--bystander-time S] [--list] [--keep] [-v]
  (--xrsh defaults to $XRSH, else the xrsh two directories up.)
"""

import argparse
import dataclasses
import json
import os
import queue
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.dont_write_bytecode = True     # no __pycache__ in the source tree
sys.path.insert(0, HERE)
import bgppeer as b  # noqa: E402
import malformed as m  # noqa: E402

LOCAL_ADDR = '127.0.0.1'
LOCAL_AS = 65001
LOCAL_ID = '10.0.0.1'

# (address, AS, BGP identifier, NEXT_HOP attribute value).  The next hops
# are documentation addresses: attribute data only, xrsh installs nothing
# in a forwarding table, and 127/8 would be refused as a next hop.
EBGP = ('127.0.0.2', 65002, '10.0.0.2', '203.0.113.2')
IBGP = ('127.0.0.4', LOCAL_AS, '10.0.0.4', '203.0.113.4')
BYSTANDER = ('127.0.0.3', 65003, '10.0.0.3', '203.0.113.3')
NOFIRSTAS = ('127.0.0.5', 65002, '10.0.0.5', '203.0.113.5')
BYSTANDER_V4 = ['198.51.100.0/24', '198.51.101.0/24', '198.51.102.0/24']
BYSTANDER_V6 = ['2001:db8:beef::/48']
SENTINEL = '198.18.255.255/32'     # withdrawn after each case, never sent
NH6 = '2001:db8::2'

# Driver-only variants: a catalogue case against another neighbor setup,
# with the outcome that setup calls for.
VARIANTS = {
    'aspath-first-as-not-peer@enforce-first-as-disable':
        ('aspath-first-as-not-peer', NOFIRSTAS, m.IGNORE,
         'RFC 4271 6.3: the leftmost-AS check is a MAY; `enforce-first-as '
         'disable` turns it off, so the route is installed'),
    'aspath-empty-from-ebgp@enforce-first-as-disable':
        ('aspath-empty-from-ebgp', NOFIRSTAS, m.IGNORE,
         'as above, for an empty AS_PATH'),
}

STAYS_UP = ('treat-as-withdraw', 'attribute-discard', 'ignore',
            'afi-safi-disable')

# Session-level extras checked for some valid-but-unusual OPENs.
OPEN_CHECKS = {
    'open-hold-0': ('hold_time', 0),
    'open-hold-3': ('hold_time', 3),
}


class SetupError(Exception):
    pass


class XrshDead(Exception):
    pass


# ---------------------------------------------------------------------------
# xrsh as a child process driven through its batch mode
# ---------------------------------------------------------------------------

class Xrsh:
    """xrsh --echo --continue reading commands from a pipe.  Each command
    is followed by a comment line `!##mark N`; with --echo xrsh prints
    `PROMPT!##mark N` when it reads that line, i.e. after the command's
    output is complete (and flushed)."""

    def __init__(self, binary, port, tmpdir, verbose=False):
        self.tmpdir = tmpdir
        self.verbose = verbose
        self.log_path = os.path.join(tmpdir, 'xrsh.log')
        env = dict(os.environ)
        env['XRSH_LOOPBACK_ONLY'] = '1'
        env['HOME'] = tmpdir
        env['XDG_STATE_HOME'] = os.path.join(tmpdir, 'state')
        env['XRSH_TEST_CONFIG'] = os.path.join(tmpdir, 'running.cfg')
        self.log = open(self.log_path, 'wb')
        self.proc = subprocess.Popen(
            [os.path.abspath(binary), '--echo', '--continue',
             '--config', os.path.join(tmpdir, 'running.cfg'),
             '--port', str(port), '--listen', LOCAL_ADDR],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self.log,
            cwd=tmpdir, env=env)
        self.lines = queue.Queue()
        self.n = 0
        # everything xrsh printed, for --keep
        self.transcript = open(os.path.join(tmpdir, 'transcript.txt'), 'w')
        t = threading.Thread(target=self._reader, daemon=True)
        t.start()

    def _reader(self):
        for raw in self.proc.stdout:
            self.lines.put(raw.decode('utf-8', 'replace').rstrip('\n'))
        self.lines.put(None)

    def alive(self):
        return self.proc.poll() is None

    def cmd(self, text, timeout=15.0):
        """Runs one command; returns its output lines (echo excluded)."""
        if not self.alive():
            raise XrshDead('xrsh exited with status %s' % self.proc.returncode)
        self.n += 1
        mark = '!##mark %d' % self.n
        try:
            self.proc.stdin.write(('%s\n%s\n' % (text, mark)).encode())
            self.proc.stdin.flush()
        except (BrokenPipeError, OSError) as e:
            raise XrshDead('cannot write to xrsh: %s' % e)
        out = []
        echoed = False
        deadline = time.monotonic() + timeout
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                raise XrshDead('no answer to %r within %ss' % (text, timeout))
            try:
                line = self.lines.get(timeout=left)
            except queue.Empty:
                continue
            if line is None:
                raise XrshDead('xrsh closed its output (status %s)' %
                               self.proc.wait(5))
            self.transcript.write(line + '\n')
            if line.endswith(mark) and '#' in line:
                return out
            if not echoed and line.endswith(text):
                echoed = True
                continue
            out.append(line)

    def json(self, text, timeout=15.0):
        out = self.cmd(text + ' | json', timeout)
        for line in out:
            if line.startswith('{'):
                return json.loads(line)
        raise SetupError('%r printed no JSON: %s' % (text, ' / '.join(out)))

    def nbr(self, addr):
        return self.json('show bgp neighbors %s' % addr)['neighbors'][0]

    def stop(self):
        if self.proc.poll() is None:
            try:
                self.proc.stdin.close()
            except OSError:
                pass
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(5)
        self.log.close()
        self.transcript.close()
        return self.proc.returncode


def af_counts(n):
    """{'ipv4': accepted, 'ipv6': accepted} from a neighbor's JSON."""
    c = {'ipv4': 0, 'ipv6': 0}
    for af in n.get('address_families') or []:
        c[af['afi']] = af.get('accepted_prefixes') or 0
    return c


def taw_counter(n):
    """Sum of per-AF treat-as-withdraw counters, None if the JSON has
    none (older xrsh)."""
    total = None
    for af in n.get('address_families') or []:
        for k, v in af.items():
            if 'treat_as_withdraw' in k and isinstance(v, int):
                total = (total or 0) + v
    return total


def updates_received(n):
    return n['message_stats']['update']['received']


def split_af(prefixes):
    return ([p for p in prefixes if ':' not in p],
            [p for p in prefixes if ':' in p])


def count_updates(data):
    """UPDATE messages in a byte string (stops at a broken header)."""
    n = off = 0
    while len(data) - off >= 19:
        ln = int.from_bytes(data[off + 16:off + 18], 'big')
        if ln < 19:
            break
        if data[off + 18] == b.MSG_UPDATE:
            n += 1
        off += ln
    return n


def config_text():
    lines = ['configure', 'route-policy PASS', '  pass', 'end-policy',
             'router bgp %d' % LOCAL_AS, ' bgp router-id %s' % LOCAL_ID,
             ' address-family ipv4 unicast', ' !',
             ' address-family ipv6 unicast', ' !']
    for addr, asn, _, _ in (EBGP, IBGP, BYSTANDER, NOFIRSTAS):
        lines += [' neighbor %s' % addr, '  remote-as %d' % asn,
                  '  session-open-mode passive-only']
        if addr == BYSTANDER[0]:
            lines.append('  timers 3 9')
        if addr == NOFIRSTAS[0]:
            lines.append('  enforce-first-as disable')
        for af in ('ipv4', 'ipv6'):
            lines += ['  address-family %s unicast' % af,
                      '   route-policy PASS in', '   route-policy PASS out',
                      '  !']
        lines.append(' !')
    lines += ['!', 'commit', 'end']
    return lines


# ---------------------------------------------------------------------------
# The suite
# ---------------------------------------------------------------------------

class Suite:
    def __init__(self, opts):
        self.opts = opts
        self.port = opts.port or free_port()
        self.tmpdir = tempfile.mkdtemp(prefix='xrsh-malformed.')
        self.x = None
        self.bystander = None
        self.by_base = None
        self.by_up = 0
        self.by_t0 = time.monotonic()
        self.taw_base = None
        self.ctx = {
            'ebgp': m.Context(local_as=LOCAL_AS, peer_as=EBGP[1],
                              peer_id=EBGP[2], nexthop=EBGP[3],
                              receiver_addr=LOCAL_ADDR,
                              receiver_id=LOCAL_ID),
            'ibgp': m.Context(local_as=LOCAL_AS, peer_as=IBGP[1],
                              peer_id=IBGP[2], nexthop=IBGP[3],
                              receiver_addr=LOCAL_ADDR,
                              receiver_id=LOCAL_ID),
        }
        self.cases = {k: {c.name: c for c in m.build_cases(v)}
                      for k, v in self.ctx.items()}

    def say(self, text):
        sys.stdout.write(text + '\n')
        sys.stdout.flush()

    # -- start / stop ------------------------------------------------------
    def start(self):
        self.x = Xrsh(self.opts.xrsh, self.port, self.tmpdir,
                      self.opts.verbose)
        for line in config_text():
            out = self.x.cmd(line)
            bad = [o for o in out if o.lstrip().startswith('%')]
            if bad:
                raise SetupError('configuration line %r: %s' % (
                    line, ' / '.join(bad)))
        run = '\n'.join(self.x.cmd('show running-config router bgp'))
        for addr, _, _, _ in (EBGP, IBGP, BYSTANDER, NOFIRSTAS):
            if 'neighbor %s' % addr not in run:
                raise SetupError('neighbor %s not in the running '
                                 'configuration:\n%s' % (addr, run))
        self.start_bystander()

    def start_bystander(self):
        addr, asn, bid, nh = BYSTANDER
        p = b.Peer()
        p.connect(LOCAL_ADDR, self.port, addr, retry=10)
        p.establish(asn, bid, hold=9, timeout=10)
        p.send(b.update(attrs=[b.origin('igp'), b.as_path([asn]),
                               b.next_hop(nh)], nlri=BYSTANDER_V4))
        p.send(b.update(attrs=[b.mp_reach(b.AFI_IPV6, b.SAFI_UNICAST, NH6,
                                          BYSTANDER_V6), b.origin('igp'),
                               b.as_path([asn])]))
        self.bystander = p
        want = {'ipv4': len(BYSTANDER_V4), 'ipv6': len(BYSTANDER_V6)}
        n = self.poll(addr, lambda n: n['state'] == 'Established' and
                      af_counts(n) == want, 10)
        if n is None:
            raise SetupError('bystander: not Established with %s accepted: '
                             '%s' % (want, self.x.nbr(addr)))
        self.by_base = n
        self.by_up = n.get('up_seconds') or 0
        self.by_t0 = time.monotonic()

    def stop(self):
        if self.bystander is not None:
            self.bystander.close()
        rc = self.x.stop() if self.x is not None else None
        if self.opts.keep:
            self.say('# kept %s' % self.tmpdir)
        else:
            shutil.rmtree(self.tmpdir, ignore_errors=True)
        return rc

    # -- helpers -----------------------------------------------------------
    def poll(self, addr, cond, timeout, interval=0.02):
        """The neighbor's JSON once cond(json) holds, None at the timeout."""
        deadline = time.monotonic() + timeout
        while True:
            n = self.x.nbr(addr)
            if cond(n):
                return n
            if time.monotonic() >= deadline:
                return None
            time.sleep(interval)

    def check_bystander(self):
        """(ok, text) for (b) and (c)."""
        if not self.x.alive():
            return False, 'xrsh is not running'
        addr = BYSTANDER[0]
        n = self.x.nbr(addr)
        want = {'ipv4': len(BYSTANDER_V4), 'ipv6': len(BYSTANDER_V6)}
        errs = []
        if n['state'] != 'Established':
            errs.append('state %s' % n['state'])
        if n['connections_established'] != \
                self.by_base['connections_established']:
            errs.append('connections_established %s -> %s' % (
                self.by_base['connections_established'],
                n['connections_established']))
        up = n.get('up_seconds') or 0
        if up < self.by_up:
            errs.append('uptime went back from %s to %s' % (self.by_up, up))
        self.by_up = up
        if af_counts(n) != want:
            errs.append('accepted %s, expected %s' % (af_counts(n), want))
        p = self.bystander
        if p.closed:
            errs.append('its connection is closed')
        if any(msg['type'] == 'NOTIFICATION' for msg in p.received):
            errs.append('its peer received a NOTIFICATION')
        if errs:
            return False, 'bystander disturbed: ' + ', '.join(errs)
        return True, ''

    def wait_victim_down(self, addr):
        n = self.poll(addr, lambda n: n['state'] not in (
            'Established', 'OpenSent', 'OpenConfirm'), 10)
        if n is None:
            raise SetupError('victim %s never left %s' % (
                addr, self.x.nbr(addr)['state']))

    def announce(self, peer, who, prefixes, as4):
        """Valid UPDATE(s) announcing prefixes; returns how many sent."""
        addr, asn, _, nh = who
        ibgp = asn == LOCAL_AS
        common = [b.origin('igp'), b.as_path([] if ibgp else [asn], as4=as4)]
        if ibgp:
            common.append(b.local_pref(100))
        v4, v6 = split_af(prefixes)
        sent = 0
        if v4:
            peer.send(b.update(attrs=common[:2] + [b.next_hop(nh)] +
                               common[2:], nlri=v4))
            sent += 1
        if v6:
            peer.send(b.update(attrs=[b.mp_reach(
                b.AFI_IPV6, b.SAFI_UNICAST, NH6, v6)] + common))
            sent += 1
        return sent

    # -- one case ----------------------------------------------------------
    def run_case(self, name):
        if name in VARIANTS:
            base, who, expect, why = VARIANTS[name]
            case = dataclasses.replace(self.cases['ebgp'][base], name=name,
                                       expect=expect, also=(), rfc=why)
        else:
            side = 'ibgp' if name in self.cases['ibgp'] and \
                'ibgp' in self.cases['ibgp'][name].needs else 'ebgp'
            case = self.cases[side][name]
            who = IBGP if side == 'ibgp' else EBGP
        addr = who[0]
        self.wait_victim_down(addr)
        peer = b.Peer()
        try:
            ok, text = self._run_case(case, who, peer)
        finally:
            if not peer.closed:
                try:
                    peer.send(b.notification_shutdown('case done'))
                except b.BGPError:
                    pass
            peer.close()
        bok, btext = self.check_bystander()
        if not bok:
            ok, text = False, text + '; ' + btext
        return ok, text

    def _run_case(self, case, who, peer):
        addr, asn, bid, _ = who
        as2 = 'as2' in case.needs
        caps = [c for c in b.default_caps(asn)
                if not (as2 and c[0] == b.CAP_AS4)]
        outcomes = (case.expect,) + tuple(case.also)
        kinds = {o[0] for o in outcomes}
        notifs = [(o[1], o[2]) for o in outcomes if o[0] == 'notification']
        peer.connect(LOCAL_ADDR, self.port, addr, retry=5)
        upd_base = None
        sent_updates = 0
        pre = ()
        if case.phase == m.PHASE_OPEN:
            try:
                ro = peer.wait_for('OPEN', 3.0, skip=('KEEPALIVE',))
                peer.unrecv(ro)
            except b.BGPTimeout:
                return False, 'xrsh sent no OPEN on an accepted connection'
            peer.send(case.data)
        else:
            try:
                peer.establish(asn, bid, hold=90, caps=caps, timeout=5)
            except b.BGPError as e:
                return False, 'could not establish: %s' % e
            n = self.poll(addr, lambda n: n['state'] == 'Established', 5)
            if n is None:
                return False, 'xrsh does not show the session Established'
            upd_base = updates_received(n)
            self.taw_base = taw_counter(n)
            # What a treat-as-withdraw must remove has to be there first.
            if kinds & {'treat-as-withdraw', 'afi-safi-disable'}:
                pre = tuple(case.prefixes)
            pre += tuple(case.withdraws)
            if pre:
                sent_updates += self.announce(peer, who, pre, not as2)
                v4, v6 = split_af(pre)
                want = {'ipv4': len(v4), 'ipv6': len(v6)}
                target = upd_base + sent_updates
                n = self.poll(addr, lambda n: updates_received(n) >= target
                              and af_counts(n) == want, 5)
                if n is None:
                    return False, 'the valid announcement of %s was not ' \
                        'accepted: %s' % (' '.join(pre),
                                          af_counts(self.x.nbr(addr)))
            peer.send(case.data)
            sent_updates += count_updates(case.data)
            try:
                peer.send(b.update(withdrawn=[SENTINEL]))
                sent_updates += 1
            except b.PeerClosed:
                pass

        # -- observe -----------------------------------------------------
        deadline = time.monotonic() + self.opts.timeout
        stayed = None
        tried = False
        while True:
            if any(x['type'] == 'NOTIFICATION' for x in peer.received):
                break
            if peer.closed:
                break
            if case.phase == m.PHASE_OPEN:
                # an accepted OPEN: finish the handshake, then ask xrsh
                if not tried and kinds & set(STAYS_UP) and \
                        peer.sent_open is not None and \
                        'OPEN' in [x['type'] for x in peer.received]:
                    tried = True
                    try:
                        peer.finish_establish(timeout=3)
                    except b.BGPError:
                        pass    # the NOTIFICATION/close is seen below
                if peer.established:
                    n = self.x.nbr(addr)
                    if n['state'] == 'Established':
                        stayed = n
                        break
            else:
                n = self.x.nbr(addr)
                if n['state'] == 'Established' and \
                        updates_received(n) >= upd_base + sent_updates:
                    stayed = n
                    break
            if time.monotonic() >= deadline:
                n = self.x.nbr(addr)
                return False, 'no outcome within %ss: no NOTIFICATION, ' \
                    'xrsh state %s, %d of %d UPDATEs counted' % (
                        self.opts.timeout, n['state'],
                        updates_received(n) - (upd_base or 0), sent_updates)
            time.sleep(0.02)

        if stayed is None:
            return self._check_reset(case, peer, addr, notifs, kinds)
        return self._check_up(case, peer, addr, stayed, kinds, pre)

    def _check_reset(self, case, peer, addr, notifs, kinds):
        want = case.expect_text()
        msg = next((x for x in peer.received
                    if x['type'] == 'NOTIFICATION'), None)
        if msg is None:
            if 'close' in kinds:
                got = 'connection closed without NOTIFICATION'
            else:
                return False, 'connection closed without NOTIFICATION ' \
                    '(expected %s)' % want
        else:
            got = (msg['code'], msg['subcode'])
            if not any(c == got[0] and (s is None or s == got[1])
                       for c, s in notifs):
                return False, 'got NOTIFICATION %d/%d (%s), expected %s' % (
                    got[0], got[1], b.error_name(*got), want)
            if case.notif_data is not None and got == tuple(
                    case.expect[1:3]) and msg['data'] != case.notif_data:
                return False, 'NOTIFICATION %d/%d data %s, expected %s' % (
                    got[0], got[1], msg['data'].hex(),
                    case.notif_data.hex())
            try:
                peer.wait_closed(3)
            except b.BGPTimeout:
                return False, 'NOTIFICATION %d/%d sent but the connection ' \
                    'stayed open' % got
        # xrsh's own account of it
        n = self.poll(addr, lambda n: n['state'] != 'Established', 3)
        if n is None:
            return False, 'peer got %s but xrsh still shows Established' % (
                got,)
        if msg is not None:
            ln = n.get('last_notification') or {}
            if (ln.get('code'), ln.get('subcode')) != got or \
                    ln.get('direction', 'sent') != 'sent':
                return False, 'NOTIFICATION %d/%d received, but xrsh ' \
                    'reports last_notification %s' % (got[0], got[1], ln)
            got = '%d/%d' % got
        if af_counts(n) != {'ipv4': 0, 'ipv6': 0}:
            return False, 'session reset but routes remain: %s' % (
                af_counts(n),)
        return True, 'reset: NOTIFICATION %s, xrsh %s' % (got, n['state'])

    def _check_up(self, case, peer, addr, n, kinds, pre):
        want = case.expect_text()
        up_kinds = kinds & set(STAYS_UP)
        if not up_kinds:
            return False, 'session stayed up (expected %s)' % want
        if any(x['type'] == 'NOTIFICATION' for x in peer.received):
            return False, 'NOTIFICATION after the session was seen up'
        counts = af_counts(n)
        v4, v6 = split_af(case.prefixes)
        installed = {'ipv4': len(v4), 'ipv6': len(v6)}
        gone = {'ipv4': 0, 'ipv6': 0}
        if case.phase == m.PHASE_OPEN:
            chk = OPEN_CHECKS.get(case.name)
            if chk and n.get(chk[0]) != chk[1]:
                return False, 'session up but %s is %s, expected %s' % (
                    chk[0], n.get(chk[0]), chk[1])
            return True, 'session up (%s)' % want
        if not case.prefixes and not case.withdraws:
            return True, 'session up, routes %s (%s)' % (counts, want)
        # Counts only: the prefixes a message withdraws must be gone in
        # every stays-up outcome, so the accepted count per AF is either
        # all of the message's announced prefixes or none of them.
        pfx = ' '.join(case.prefixes)
        if counts == installed and case.prefixes:
            text = 'session up, %s installed' % pfx
            ok = bool(up_kinds & {'attribute-discard', 'ignore'})
        elif counts == gone and case.prefixes:
            text = 'session up, %s not installed' % pfx
            ok = bool(up_kinds & {'treat-as-withdraw', 'afi-safi-disable'})
            taw = taw_counter(n)
            if ok and 'treat-as-withdraw' in up_kinds and taw is not None \
                    and self.taw_base is not None and taw <= self.taw_base:
                ok = False
                text += ' but the treat-as-withdraw counter did not move'
        elif counts == gone:
            text = 'session up'
            ok = True
        else:
            text = 'session up, accepted %s: %s' % (
                counts, 'some of %s installed or ' % pfx if pfx else '')
            text += 'not all of %s withdrawn' % ' '.join(case.withdraws) \
                if case.withdraws else 'unexpected routes'
            ok = False
        if case.withdraws and counts in (installed, gone):
            text += ', %s withdrawn' % ' '.join(case.withdraws)
        if pre:
            text += ' (announced first: %s)' % ' '.join(pre)
        if not ok:
            return False, '%s; expected %s' % (text, want)
        return True, text

    # -- all ---------------------------------------------------------------
    def group_of(self, name):
        if name in VARIANTS:
            return self.cases['ebgp'][VARIANTS[name][0]].group
        return self.cases['ebgp'][name].group

    def selected(self):
        """All cases, or those named by --case or in a --group."""
        names = list(self.cases['ebgp']) + list(VARIANTS)
        want = self.opts.case or []
        groups = self.opts.group or []
        missing = [c for c in want if c not in names]
        if missing:
            raise SetupError('no case %s' % ', '.join(missing))
        known = {self.group_of(c) for c in names}
        missing = [g for g in groups if g not in known]
        if missing:
            raise SetupError('no group %s (groups: %s)' % (
                ', '.join(missing), ' '.join(sorted(known))))
        if not want and not groups:
            return names
        return [c for c in names if c in want or self.group_of(c) in groups]

    def run(self):
        names = self.selected()
        passed = failed = 0
        t0 = time.monotonic()
        for name in names:
            t = time.monotonic()
            try:
                ok, text = self.run_case(name)
            except XrshDead as e:
                ok, text = False, 'xrsh died: %s' % e
            except (b.BGPError, OSError, SetupError) as e:
                ok, text = False, 'error: %s' % e
            self.say('%s %s: %s%s' % ('PASS' if ok else 'FAIL', name, text,
                                      ' [%.2fs]' % (time.monotonic() - t)
                                      if self.opts.verbose else ''))
            if ok:
                passed += 1
            else:
                failed += 1
            if not self.x.alive():
                self.say('# xrsh is gone (status %s): stopping' %
                         self.x.proc.returncode)
                failed += len(names) - passed - failed
                break
        # The bystander, once more, after the whole run, and after more
        # than its hold time (9 s): still up on the same connection means
        # keepalives flowed both ways all along.
        left = self.by_t0 + self.opts.bystander_time - time.monotonic()
        if left > 0 and self.x.alive():
            time.sleep(left)
        bok, btext = self.check_bystander() if self.x.alive() else \
            (False, 'xrsh is gone')
        if bok and self.opts.bystander_time >= 10:
            n = self.x.nbr(BYSTANDER[0])
            ka0 = self.by_base['message_stats']['keepalive']
            ka = n['message_stats']['keepalive']
            if ka['received'] <= ka0['received'] or \
                    ka['sent'] <= ka0['sent']:
                bok, btext = False, 'bystander keepalives did not flow: ' \
                    '%s -> %s' % (ka0, ka)
        self.say('%s bystander-undisturbed: %s' % (
            'PASS' if bok else 'FAIL', btext or 'Established since the '
            'start, same connection, same prefixes (%.0fs)' % (
                time.monotonic() - t0)))
        if bok:
            passed += 1
        else:
            failed += 1
        return passed, failed


def free_port():
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.bind((LOCAL_ADDR, 0))
    port = s.getsockname()[1]
    s.close()
    return port


def main(argv=None):
    ap = argparse.ArgumentParser(prog='run_malformed.py',
                                 description=__doc__.split('\n')[0])
    default_xrsh = os.environ.get('XRSH') or os.path.join(HERE, '..', '..',
                                                          'xrsh')
    ap.add_argument('--xrsh', default=default_xrsh)
    ap.add_argument('--port', type=int, default=0,
                    help='BGP port for xrsh (default: a free one)')
    ap.add_argument('--case', action='append', metavar='NAME',
                    help='run this case (repeatable; with --group: either)')
    ap.add_argument('--group', action='append', metavar='GROUP',
                    help='run the cases of this group (repeatable)')
    ap.add_argument('--timeout', type=float, default=6.0,
                    help='seconds to wait for a case outcome (default 6)')
    ap.add_argument('--bystander-time', type=float, default=12.0,
                    help='keep the bystander up at least this long before '
                         'its final check (default 12: over its 9 s hold '
                         'time)')
    ap.add_argument('--list', action='store_true',
                    help='list the cases that would run')
    ap.add_argument('--keep', action='store_true',
                    help='keep the temporary directory (xrsh.log)')
    ap.add_argument('-v', '--verbose', action='store_true')
    opts = ap.parse_args(argv)
    suite = Suite(opts)
    try:
        names = suite.selected()
    except SetupError as e:
        print('run_malformed: %s' % e, file=sys.stderr)
        return 2
    if opts.list:
        for n in names:
            if n in VARIANTS:
                text = m._outcome_text(VARIANTS[n][2])
            else:
                text = suite.cases['ebgp'][n].expect_text()
            print('%-52s %-18s %s' % (n, suite.group_of(n), text))
        print('%d cases' % len(names))
        shutil.rmtree(suite.tmpdir, ignore_errors=True)
        return 0
    if not os.access(opts.xrsh, os.X_OK):
        print('run_malformed: no xrsh at %s' % opts.xrsh, file=sys.stderr)
        return 2
    t0 = time.monotonic()
    try:
        suite.start()
    except (SetupError, XrshDead, b.BGPError, OSError) as e:
        print('run_malformed: setup failed: %s' % e, file=sys.stderr)
        opts.keep = True
        suite.stop()
        return 2
    try:
        passed, failed = suite.run()
    finally:
        if not suite.x.alive():
            try:
                with open(suite.x.log_path, errors='replace') as f:
                    tail = f.readlines()[-20:]
            except OSError:
                tail = []
            print('# xrsh exited (status %s); the end of its log:' %
                  suite.x.proc.returncode)
            for line in tail:
                print('#   ' + line.rstrip())
        opts.keep = opts.keep or not suite.x.alive()
        rc = suite.stop()
    if rc not in (0, None):
        print('FAIL xrsh-exit: xrsh exited with status %s' % rc)
        failed += 1
    if failed and not opts.keep:
        print('# rerun with --keep to keep xrsh.log and the configuration')
    print('# %d cases in %.1fs' % (passed + failed, time.monotonic() - t0))
    print('%d passed, %d failed' % (passed, failed))
    return 0 if failed == 0 else 1


if __name__ == '__main__':
    sys.exit(main())

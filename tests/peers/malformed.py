#!/usr/bin/env python3
"""malformed - a catalogue of malformed (and edge-case) BGP messages with
the outcome RFC 4271 section 6, RFC 7606 and the RFCs of each attribute
expect from a receiver, built with bgppeer.

Each Case has:
  name      unique, stable name (used by `bgppeer.py ... check case NAME`)
  phase     'open': the bytes are sent instead of our OPEN right after the
            TCP connection is made (OPEN / header / FSM errors);
            'established': sent once the session is Established (UPDATE,
            header, ROUTE-REFRESH, ... errors)
  data      the bytes to send (one or more whole messages)
  expect    the expected outcome, one of
              ('notification', CODE, SUBCODE)  session reset: the receiver
                  sends this NOTIFICATION and closes the connection
              ('treat-as-withdraw',)  session stays up; the routes of the
                  UPDATE are withdrawn / not installed (RFC 7606 section 2)
              ('attribute-discard',)  session stays up; the route is
                  installed without the offending attribute (for duplicates:
                  all but the first occurrence are discarded)
              ('ignore',)  session stays up; the message is accepted as is
                  (valid-but-unusual input) or silently ignored
              ('close',)  the connection is closed without a NOTIFICATION
                  (an error in a NOTIFICATION cannot be reported, RFC 4271
                  section 6.4)
  also      other outcomes the RFCs allow (e.g. ('afi-safi-disable',) for
            MP_REACH/MP_UNREACH errors, RFC 7606 section 2 / RFC 4760
            section 7: session stays up, the AFI/SAFI is ignored from then)
  rfc       the sections the expectation is based on
  needs     session requirements: 'ebgp' / 'ibgp' (the UPDATE is built for
            that session type), 'as2' (session without the 4-octet AS
            capability: AS_PATH/AGGREGATOR in 2 octets), 'ipv6' (IPv6
            unicast negotiated), 'enhanced-rr' (RFC 7313 negotiated),
            'no-ext-msg' (RFC 8654 extended messages not negotiated)
  prefixes  the prefixes the message announces (for route-level checks:
            installed after 'attribute-discard'/'ignore', not installed
            after 'treat-as-withdraw')
  withdraws the prefixes the message withdraws (Withdrawn Routes or
            MP_UNREACH_NLRI): a caller announces them first and checks
            they are gone whenever the session stays up
  notif_data  expected NOTIFICATION data where an RFC fixes it, else None

The 'established' cases assume the session was established with
bgppeer.default_caps() (IPv4+IPv6 unicast, route refresh, enhanced route
refresh, 4-octet AS; no extended message), or without the 4-octet AS
capability for the 'as2' ones.

Usage:
  python3 tests/peers/malformed.py --list        names and expectations
  python3 tests/peers/malformed.py --json        all cases as JSON (hex)
  python3 tests/peers/malformed.py --hex NAME    one case's bytes
  python3 tests/peers/malformed.py --run [NAME...] --connect 127.0.0.1
        --port 17901 [--local 127.0.0.2] [--as 65002] [--remote-as 65001]
        [--id 10.0.0.2] [--ibgp] [--as2] [--timeout 10] [--alive 2]
        [--gap 0] [--connect-retry 10]
      runs the cases against a live speaker (loopback only), one TCP
      session per case, and checks the session-level outcome; prints
      `PASS/FAIL/SKIP name: ...` lines and `N passed, N failed, N skipped`.

The route-level half of 'treat-as-withdraw' / 'attribute-discard' (is the
prefix installed, with which attributes) is for the caller to check on
the receiver (e.g. `show bgp` in xrsh); check_case() only checks that the
session stays up.
"""

import json
import os
import sys
import time
from dataclasses import dataclass

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bgppeer as b  # noqa: E402

PHASE_OPEN = 'open'
PHASE_ESTABLISHED = 'established'

TAW = ('treat-as-withdraw',)
DISCARD = ('attribute-discard',)
IGNORE = ('ignore',)
CLOSE = ('close',)
AFI_SAFI_DISABLE = ('afi-safi-disable',)


def NOTIFY(code, subcode):
    return ('notification', code, subcode)


@dataclass
class Context:
    """Who is who.  local_as is the receiver's (xrsh's) AS; peer_as,
    peer_id and nexthop are ours; receiver_addr is the receiver's address
    (used for the 'NEXT_HOP is the receiver's own address' case)."""
    local_as: int = 65001
    peer_as: int = 65002
    peer_id: str = '10.0.0.2'
    nexthop: str = '127.0.0.2'
    receiver_addr: str = '127.0.0.1'
    receiver_id: str = '10.0.0.1'
    hold: int = 90

    @property
    def ibgp(self):
        return self.local_as == self.peer_as


@dataclass
class Case:
    name: str
    phase: str
    data: bytes
    expect: tuple
    rfc: str
    note: str = ''
    needs: tuple = ()
    also: tuple = ()
    prefixes: tuple = ()
    withdraws: tuple = ()
    notif_data: bytes = None
    group: str = ''

    @property
    def route_installed(self):
        """True/False: should the announced prefixes be installed after
        this case; None when not applicable (no prefixes, session reset)."""
        if not self.prefixes or self.expect[0] in ('notification', 'close'):
            return None
        return self.expect[0] != 'treat-as-withdraw'

    def expect_text(self):
        return ' | '.join(_outcome_text(o)
                          for o in (self.expect,) + tuple(self.also))


# ---------------------------------------------------------------------------
# Building blocks
# ---------------------------------------------------------------------------

class _Builder:
    def __init__(self, ctx):
        self.ctx = ctx
        self.cases = []
        self.names = set()
        self.n4 = 0

    def v4(self):
        """A fresh IPv4 /24 per case: 198.18.N.0/24 (RFC 2544 range)."""
        self.n4 += 1
        return '198.18.%d.0/24' % self.n4

    def v6(self):
        self.n4 += 1
        return '2001:db8:%x::/48' % self.n4

    def add(self, name, phase, data, expect, rfc, **kw):
        assert name not in self.names, name
        self.names.add(name)
        self.cases.append(Case(name, phase, bytes(data), expect, rfc, **kw))

    # -- OPEN helpers -------------------------------------------------------
    def open(self, **kw):
        ctx = self.ctx
        args = dict(my_as=ctx.peer_as, hold=ctx.hold, bgp_id=ctx.peer_id)
        args.update(kw)
        return b.open(**args)

    # -- UPDATE helpers -----------------------------------------------------
    def base_attrs(self, ibgp=None, as4=True):
        """{type: attribute bytes} of a valid route from us."""
        ctx = self.ctx
        ibgp = ctx.ibgp if ibgp is None else ibgp
        attrs = {
            b.ATTR_ORIGIN: b.origin('igp'),
            b.ATTR_AS_PATH: b.as_path([] if ibgp else [ctx.peer_as],
                                      as4=as4),
            b.ATTR_NEXT_HOP: b.next_hop(ctx.nexthop),
        }
        if ibgp:
            attrs[b.ATTR_LOCAL_PREF] = b.local_pref(100)
        return attrs

    def route(self, replace=None, drop=(), extra=(), ibgp=None, as4=True,
              nlri=None, raw_tail=b'', order=True):
        """UPDATE announcing one fresh prefix.  replace: {type: bytes} (None
        value drops); drop: types to leave out; extra: more attribute bytes;
        raw_tail: bytes appended inside the path attributes (counted in the
        Total Path Attribute Length).  Returns (message, prefixes)."""
        attrs = self.base_attrs(ibgp, as4)
        for t, v in (replace or {}).items():
            attrs[t] = v
        for t in drop:
            attrs.pop(t, None)
        items = [v for v in attrs.values() if v is not None] + list(extra)
        if order:
            items.sort(key=lambda a: a[1])
        pfx = [self.v4()] if nlri is None else list(nlri)
        return b.update(attrs=items + ([raw_tail] if raw_tail else []),
                        nlri=pfx), tuple(pfx)

    def route6(self, mp=None, extra=(), ibgp=None, as4=True, first=True):
        """UPDATE announcing one fresh IPv6 prefix through MP_REACH_NLRI
        (mp: a replacement MP_REACH attribute; the prefix is returned)."""
        pfx = self.v6()
        attrs = self.base_attrs(ibgp, as4)
        attrs.pop(b.ATTR_NEXT_HOP)
        if mp is None:
            mp = b.mp_reach(b.AFI_IPV6, b.SAFI_UNICAST,
                            '::ffff:' + self.ctx.nexthop
                            if ':' not in self.ctx.nexthop
                            else self.ctx.nexthop, [pfx])
        items = sorted(attrs.values(), key=lambda a: a[1]) + list(extra)
        items = [mp] + items if first else items + [mp]
        return b.update(attrs=items), (pfx,)

    def upd(self, name, expect, rfc, replace=None, drop=(), extra=(),
            ibgp=None, as4=True, needs=(), raw_tail=b'', **kw):
        if 'ibgp' in needs:
            ibgp = True
        elif 'ebgp' in needs:
            ibgp = False
        if 'as2' in needs:
            as4 = False
        data, pfx = self.route(replace, drop, extra, ibgp, as4,
                               raw_tail=raw_tail)
        self.add(name, PHASE_ESTABLISHED, data, expect, rfc, needs=needs,
                 prefixes=pfx, **kw)


# ---------------------------------------------------------------------------
# The catalogue
# ---------------------------------------------------------------------------

def build_cases(ctx=None):
    """All cases for the given Context (default: we are AS 65002 at
    127.0.0.2, xrsh is AS 65001 at 127.0.0.1, eBGP)."""
    ctx = ctx or Context()
    B = _Builder(ctx)
    add = B.add
    O = PHASE_OPEN
    E = PHASE_ESTABLISHED
    pa = ctx.peer_as
    nh = ctx.nexthop
    ff15 = b'\xff' * 15

    # ===================== message header (RFC 4271 6.1) ===================
    add('open-bad-marker', O, B.open(marker=ff15 + b'\xfe'), NOTIFY(1, 1),
        'RFC 4271 6.1: marker not all ones -> Connection Not Synchronized',
        group='header')
    # 9 body octets: version, My AS, Hold Time, BGP Identifier; no
    # Opt Parm Len octet.
    add('open-length-28', O, b.header(b.MSG_OPEN, B.open(caps=[])[19:28]),
        NOTIFY(1, 2),
        'RFC 4271 6.1: OPEN shorter than its minimum (29) -> Bad Message '
        'Length; data = the erroneous length field',
        notif_data=b'\x00\x1c', group='header')
    add('open-header-length-18', O, b.header(b.MSG_OPEN, b'',
                                             length_override=18),
        NOTIFY(1, 2), 'RFC 4271 6.1: length < 19 -> Bad Message Length',
        notif_data=b'\x00\x12', group='header')
    big_open = B.open(caps=[])
    big_open = b.open(pa, ctx.hold, ctx.peer_id, caps=[],
                      extra=b'\x00' * (4097 - len(big_open)))
    add('open-length-4097', O, big_open, NOTIFY(1, 2),
        'RFC 4271 6.1: length > 4096 (no extended message, RFC 8654 '
        'section 4 not negotiated yet) -> Bad Message Length',
        notif_data=b'\x10\x01', group='header')
    add('open-unknown-type', O, b.header(42), NOTIFY(1, 3),
        'RFC 4271 6.1: unrecognised message type -> Bad Message Type; '
        'data = the type octet', notif_data=b'\x2a', group='header')

    add('hdr-bad-marker', E, b.keepalive(marker=b'\x00' * 16), NOTIFY(1, 1),
        'RFC 4271 6.1', group='header')
    add('hdr-length-18', E, b.header(b.MSG_KEEPALIVE, b'',
                                     length_override=18),
        NOTIFY(1, 2), 'RFC 4271 6.1: length < 19',
        notif_data=b'\x00\x12', group='header')
    # 4097-octet UPDATE that is otherwise well formed: it withdraws 815
    # prefixes we never announced.
    wd = ['198.19.%d.%d/32' % (i // 256, i % 256) for i in range(814)]
    wd.append('198.19.255.0/24')
    big = b.update(withdrawn=wd)
    assert len(big) == 4097, len(big)
    add('hdr-update-length-4097', E, big, NOTIFY(1, 2),
        'RFC 4271 6.1 / RFC 8654 section 4: over 4096 octets without the '
        'Extended Message capability', notif_data=b'\x10\x01',
        needs=('no-ext-msg',), group='header')
    add('hdr-unknown-type', E, b.header(42), NOTIFY(1, 3), 'RFC 4271 6.1',
        notif_data=b'\x2a', group='header')
    add('keepalive-with-body', E, b.keepalive(b'\x00'), NOTIFY(1, 2),
        'RFC 4271 6.1: KEEPALIVE length != 19 -> Bad Message Length',
        notif_data=b'\x00\x14', group='header')
    add('update-length-22', E, b.header(b.MSG_UPDATE, b'\x00\x00\x00'),
        NOTIFY(1, 2), 'RFC 4271 6.1: UPDATE shorter than 23',
        notif_data=b'\x00\x16', group='header')
    add('notification-truncated', E, b.header(b.MSG_NOTIFICATION, b'\x06'),
        CLOSE,
        'RFC 4271 6.4: an error in a NOTIFICATION cannot be reported with a '
        'NOTIFICATION; the connection is closed anyway (RFC 4271 8.2.2 '
        'NotifMsg).  6.1 lists NOTIFICATION < 21 as Bad Message Length, so '
        '1/2 is tolerated', also=(NOTIFY(1, 2),), group='header')

    # ===================== OPEN (RFC 4271 6.2) =============================
    add('open-version-5', O, B.open(version=5), NOTIFY(2, 1),
        'RFC 4271 6.2: unsupported version -> 2/1; data = largest '
        'supported version below the bid, 2 octets', notif_data=b'\x00\x04',
        group='open')
    bad_as = 64999 if ctx.local_as != 64999 and pa != 64999 else 64998
    add('open-bad-peer-as', O, B.open(my_as=bad_as), NOTIFY(2, 2),
        'RFC 4271 6.2: My AS not the configured remote-as -> Bad Peer AS',
        group='open')
    add('open-as-zero', O, B.open(my_as=0, caps=[
        b.cap_multiprotocol(1, 1), b.cap_as4(0)]), NOTIFY(2, 2),
        'RFC 7607 section 2: AS 0 in OPEN -> Bad Peer AS', group='open')
    add('open-as4-cap-mismatch', O, B.open(caps=[
        b.cap_multiprotocol(1, 1), b.cap_route_refresh(),
        b.cap_as4(pa + 100000)]), NOTIFY(2, 2),
        'RFC 6793 section 4.1 (the capability AS is the peer AS) + RFC '
        '4271 6.2 Bad Peer AS', group='open')
    add('open-bgp-id-zero', O, B.open(bgp_id='0.0.0.0'), NOTIFY(2, 3),
        'RFC 4271 6.2 / RFC 6286 section 2.2: BGP Identifier 0 -> Bad BGP '
        'Identifier', group='open')
    add('open-unsupported-opt-param', O, B.open(opt_params_raw=b.opt_param(
        b.PARAM_CAPABILITIES, b''.join(b.default_caps(pa))) +
        b.opt_param(99, b'\x01\x02')), NOTIFY(2, 4),
        'RFC 4271 6.2: unrecognised optional parameter -> 2/4',
        group='open')
    add('open-hold-1', O, B.open(hold=1), NOTIFY(2, 6),
        'RFC 4271 6.2 / 4.2: hold time 1 or 2 -> Unacceptable Hold Time',
        group='open')
    add('open-hold-2', O, B.open(hold=2), NOTIFY(2, 6), 'RFC 4271 6.2',
        group='open')
    add('open-hold-0', O, B.open(hold=0), IGNORE,
        'RFC 4271 4.2: hold time 0 is valid (no keepalives); session comes '
        'up', note='accepted unless local policy sets a minimum hold time',
        group='open')
    add('open-hold-3', O, B.open(hold=3), IGNORE,
        'RFC 4271 4.2: 3 s is the smallest non-zero hold time allowed',
        group='open')
    params = b.opt_param(b.PARAM_CAPABILITIES,
                         b''.join(b.default_caps(pa)))
    add('open-opt-param-len-overrun', O,
        B.open(opt_params_raw=params, opt_len_override=len(params) + 8),
        NOTIFY(2, 0),
        'RFC 4271 6.2 first paragraph: any OPEN error uses Error Code 2; no '
        'subcode fits, so 0 Unspecific (RFC 4271 errata 4493).  Not 1/2: '
        'RFC 4271 6.1 Bad Message Length covers the header length only, '
        'which is consistent here.  Any OPEN Message Error subcode '
        'conforms', also=(NOTIFY(2, None), NOTIFY(1, 2)),
        group='open')
    caps = b.cap_multiprotocol(1, 1) + b.capability(
        b.CAP_AS4, pa.to_bytes(4, 'big'), length_override=12)
    add('open-cap-len-overrun', O,
        B.open(opt_params_raw=b.opt_param(b.PARAM_CAPABILITIES, caps)),
        NOTIFY(2, 0),
        'RFC 5492 does not say; RFC 4271 6.2: OPEN Message Error, no '
        'specific subcode -> 0 Unspecific (any 2/x conforms)',
        also=(NOTIFY(2, None),),
        note='capability 65 claims 12 octets inside a parameter that ends '
             'after 4', group='open')
    add('open-unknown-capability', O, B.open(
        caps=b.default_caps(pa) + [b.capability(222, b'\x01\x02\x03')]),
        IGNORE, 'RFC 5492 section 3: an unrecognised capability MUST be '
        'ignored; no 2/7', group='open')
    add('open-caps-in-separate-params', O, B.open(caps_per_param=True),
        IGNORE, 'RFC 5492 section 4: MUST accept several Capabilities '
        'optional parameters', group='open')
    add('open-bgp-id-own-ibgp', O, B.open(bgp_id=ctx.receiver_id),
        NOTIFY(2, 3), 'RFC 6286 section 2.2: a BGP Identifier equal to the '
        'receiver\'s own, from an internal peer -> Bad BGP Identifier',
        needs=('ibgp',), group='open')
    add('open-bgp-id-own-ebgp', O, B.open(bgp_id=ctx.receiver_id), IGNORE,
        'RFC 6286 section 2.2: the same BGP Identifier is an error only '
        'from an internal peer (the AS-wide uniqueness rule); from an '
        'external peer the session comes up', needs=('ebgp',),
        group='open')
    add('open-keepalive-first', O, b.keepalive(), NOTIFY(5, 1),
        'RFC 4271 8.2.2 (OpenSent, KeepAliveMsg) -> FSM Error; RFC 6608 '
        'subcode 1 Unexpected Message in OpenSent', also=(NOTIFY(5, 0),),
        group='fsm')
    add('open-update-first', O, b.eor_ipv4(), NOTIFY(5, 1),
        'RFC 4271 8.2.2 (OpenSent, UpdateMsg) -> FSM Error; RFC 6608 '
        'subcode 1', also=(NOTIFY(5, 0),), group='fsm')
    add('open-in-established', E, B.open(), NOTIFY(5, 3),
        'RFC 4271 8.2.2 (Established, OpenMsg is "any other event") -> FSM '
        'Error; RFC 6608 subcode 3', also=(NOTIFY(5, 0), NOTIFY(6, 7)),
        group='fsm')

    # ===================== ROUTE-REFRESH ===================================
    add('rr-borr-length-5', E, b.route_refresh(1, 1, 1, extra=b'\x00'),
        NOTIFY(7, 1), 'RFC 7313 section 5: BoRR/EoRR body != 4 -> '
        'ROUTE-REFRESH Message Error / Invalid Message Length (data: the '
        'ROUTE-REFRESH message)', needs=('enhanced-rr',), group='rr')
    add('rr-eorr-length-3', E, b.header(b.MSG_ROUTE_REFRESH,
                                        b'\x00\x01\x02'),
        NOTIFY(7, 1), 'RFC 7313 section 5 (subtype 2, body 3 octets)',
        also=(NOTIFY(1, 2),), needs=('enhanced-rr',), group='rr')
    add('rr-too-short', E, b.header(b.MSG_ROUTE_REFRESH, b'\x00\x01'),
        NOTIFY(1, 2), 'No RFC text for subtype 0: RFC 2918 defines a '
        'fixed 4-octet body and RFC 4271 6.1 makes a too-short message Bad '
        'Message Length; with RFC 7313 negotiated 7/1 is also reasonable',
        also=(NOTIFY(7, 1),), group='rr')
    add('rr-unknown-subtype', E, b.route_refresh(1, 1, 3), IGNORE,
        'RFC 7313 section 5: subtype other than 0/1/2 MUST be ignored',
        group='rr')
    add('rr-unnegotiated-family', E, b.route_refresh(99, 99, 0), IGNORE,
        'RFC 2918 section 4: a ROUTE-REFRESH for an <AFI,SAFI> not '
        'advertised is ignored', group='rr')

    # ===================== UPDATE structure (RFC 4271 6.3, RFC 7606 3-5) ===
    data, pfx = B.route()
    body = bytearray(data)
    # Withdrawn Routes Length is at offset 19.
    body[19:21] = (len(data)).to_bytes(2, 'big')
    add('update-withdrawn-len-overrun', E, bytes(body), NOTIFY(3, 1),
        'RFC 7606 3(b) / RFC 4271 6.3: Withdrawn Routes Length + Total '
        'Attribute Length + 23 > message length -> Malformed Attribute List',
        group='structure')
    attrs = list(B.base_attrs().values())
    pfx = B.v4()
    alen = sum(len(a) for a in attrs)
    add('update-attr-len-overrun', E,
        b.update(attrs=attrs, nlri=[pfx], attrs_len_override=alen + 100),
        NOTIFY(3, 1), 'RFC 7606 3(b) / RFC 4271 6.3', group='structure')
    add('update-nlri-plen-33', E, b.update(
        attrs=sorted(B.base_attrs().values(), key=lambda a: a[1]),
        nlri=[b.prefix_bytes(33, b'\xc6\x12\xf0\x00\x00')]),
        NOTIFY(3, 10), 'RFC 7606 5.3 + 3(j): NLRI length > 32 is a syntax '
        'error that prevents parsing the NLRI -> session reset; RFC 4271 '
        '6.3 subcode Invalid Network Field', also=(NOTIFY(3, 1),),
        group='structure')
    add('update-nlri-truncated', E, b.update(
        attrs=sorted(B.base_attrs().values(), key=lambda a: a[1]),
        nlri=['198.18.241.0/24', b.prefix_bytes(24, b'\xc6\x12')]),
        NOTIFY(3, 10), 'RFC 7606 5.3 + 3(j): last NLRI overruns the field',
        also=(NOTIFY(3, 1),), group='structure')
    add('update-withdrawn-plen-33', E, b.update(
        withdrawn=[b.prefix_bytes(33, b'\xc6\x12\xf2\x00\x00')]),
        NOTIFY(3, 10), 'RFC 7606 3(i) + 5.3: Withdrawn Routes checked like '
        'NLRI -> session reset', also=(NOTIFY(3, 1),), group='structure')
    B.upd('update-attr-header-truncated', TAW,
          'RFC 7606 section 4: fewer than 3 octets left for an attribute '
          'header -> treat-as-withdraw (Total Attribute Length locates the '
          'NLRI)', raw_tail=b'\x40\x08', group='structure')
    B.upd('update-attr-extlen-header-truncated', TAW,
          'RFC 7606 section 4: Extended Length set but only one of the two '
          'length octets left in the attribute section -> treat-as-withdraw',
          raw_tail=b'\x50\x08\x00', group='structure')
    B.upd('update-attr-len-overrun-last', TAW,
          'RFC 7606 section 4: the last attribute\'s length runs past the '
          'Total Path Attribute Length -> treat-as-withdraw',
          raw_tail=b.communities(['65002:1'], length_override=12),
          group='structure')
    B.upd('update-missing-origin', TAW, 'RFC 7606 3(d): missing well-known '
          'mandatory attribute -> treat-as-withdraw', drop=[b.ATTR_ORIGIN],
          group='structure')
    B.upd('update-missing-aspath', TAW, 'RFC 7606 3(d)',
          drop=[b.ATTR_AS_PATH], group='structure')
    B.upd('update-missing-nexthop', TAW, 'RFC 7606 3(d) (NEXT_HOP is '
          'mandatory when the NLRI field is used, RFC 4760 section 3)',
          drop=[b.ATTR_NEXT_HOP], group='structure')
    pfx = B.v4()
    add('update-no-attributes', E, b.update(nlri=[pfx]), TAW,
        'RFC 7606 3(d): NLRI without any path attribute', prefixes=(pfx,),
        group='structure')
    B.upd('update-unrecognized-wellknown', NOTIFY(3, 2),
          'RFC 4271 6.3: unrecognised attribute flagged well-known -> '
          'Unrecognized Well-known Attribute (not revised by RFC 7606)',
          extra=[b.raw_attr(b.FLAG_TRANSITIVE, 99, b'\x01\x02')],
          group='structure')
    B.upd('update-unknown-optional-transitive', IGNORE,
          'RFC 4271 section 5 / 9: unrecognised optional transitive is '
          'accepted and passed on with Partial set',
          extra=[b.raw_attr(0xC0, 250, b'\x01\x02\x03\x04')],
          group='structure')
    B.upd('update-unknown-optional-nontransitive', IGNORE,
          'RFC 4271 section 5: unrecognised optional non-transitive is '
          'quietly ignored', extra=[b.raw_attr(0x80, 251, b'\x01')],
          group='structure')
    data, pfx = B.route(order=False, replace={
        b.ATTR_MED: b.med(10)})
    # base order is ORIGIN, AS_PATH, NEXT_HOP, MED: reverse it.
    msg = b.parse_message(data)
    rev = [b.raw_attr(a['flags'], a['type'], a['value'])
           for a in reversed(msg['attrs'])]
    add('update-attrs-reverse-order', E, b.update(attrs=rev, nlri=pfx),
        IGNORE, 'RFC 4271 section 5: the receiver MUST handle attributes '
        'out of order', prefixes=pfx, group='structure')
    B.upd('update-extended-length-origin', IGNORE,
          'RFC 4271 4.3: the Extended Length bit only selects a 2-octet '
          'length field; legal for a short attribute',
          replace={b.ATTR_ORIGIN: b.origin('igp', extended=True)},
          group='structure')

    # ===================== ORIGIN (RFC 7606 7.1) ===========================
    B.upd('origin-bad-value', TAW, 'RFC 7606 7.1: undefined ORIGIN value',
          replace={b.ATTR_ORIGIN: b.origin(3)}, group='origin')
    B.upd('origin-length-2', TAW, 'RFC 7606 7.1: ORIGIN length != 1',
          replace={b.ATTR_ORIGIN: b.attr(b.ATTR_ORIGIN, b'\x00\x00')},
          group='origin')
    B.upd('origin-length-0', TAW, 'RFC 7606 7.1 + section 4 (zero length)',
          replace={b.ATTR_ORIGIN: b.attr(b.ATTR_ORIGIN, b'')},
          group='origin')
    B.upd('origin-flags-optional', TAW, 'RFC 7606 3(c): O/T bits conflict '
          '(ORIGIN flagged optional transitive)',
          replace={b.ATTR_ORIGIN: b.origin('igp', flags=0xC0)},
          group='origin')
    attrs = B.base_attrs()
    attrs[b.ATTR_ORIGIN] = b.origin(5)
    add('origin-bad-value-no-nlri', E,
        b.update(attrs=sorted(attrs.values(), key=lambda a: a[1])),
        NOTIFY(3, 6), 'RFC 7606 5.2: path attributes but no NLRI and an '
        'error other than attribute-discard -> session reset; subcode per '
        'RFC 4271 6.3 (Invalid ORIGIN)', also=(NOTIFY(3, 1),),
        group='origin')

    # ===================== AS_PATH (RFC 7606 7.2) ==========================
    B.upd('aspath-zero-length-segment', TAW,
          'RFC 7606 7.2: segment with Path Segment Length 0',
          replace={b.ATTR_AS_PATH: b.as_path([(b.AS_SEQUENCE, [pa]),
                                              (b.AS_SEQUENCE, [])])},
          needs=('ebgp',), group='aspath')
    B.upd('aspath-bad-segment-type', TAW, 'RFC 7606 7.2: unrecognised '
          'segment type (5)',
          replace={b.ATTR_AS_PATH: b.as_path([(5, [pa])])},
          needs=('ebgp',), group='aspath')
    B.upd('aspath-segment-overrun', TAW, 'RFC 7606 7.2: segment length '
          'overruns the attribute',
          replace={b.ATTR_AS_PATH: b.as_path([(b.AS_SEQUENCE, [pa], 3)])},
          needs=('ebgp',), group='aspath')
    B.upd('aspath-segment-underrun', TAW, 'RFC 7606 7.2: a single octet '
          'left after the last segment',
          replace={b.ATTR_AS_PATH: b.attr(b.ATTR_AS_PATH, b.as_path_segment(
              b.AS_SEQUENCE, [pa]) + b'\x02')},
          needs=('ebgp',), group='aspath')
    B.upd('aspath-2octet-on-as4-session', TAW, 'RFC 6793 4.1 (4-octet '
          'encoding once negotiated) + RFC 7606 7.2: 2-octet encoding read '
          'as 4-octet overruns',
          replace={b.ATTR_AS_PATH: b.as_path([pa, 65100], as4=False)},
          needs=('ebgp',), group='aspath')
    B.upd('aspath-first-as-not-peer', TAW, 'RFC 7606 7.2: failed leftmost-AS '
          'check SHOULD be treat-as-withdraw (MAY be a session reset if so '
          'configured; RFC 4271 6.3 3/11)',
          replace={b.ATTR_AS_PATH: b.as_path([64777])},
          also=(NOTIFY(3, 11),), needs=('ebgp',), group='aspath',
          note='for a receiver that performs the check (RFC 4271 6.3 '
               'MAY; IOS XR and xrsh do by default, `enforce-first-as '
               'disable` turns it off and the route is then installed)')
    B.upd('aspath-empty-from-ebgp', TAW, 'RFC 4271 6.3 / RFC 7606 7.2: an '
          'eBGP route must start with the peer AS; an empty AS_PATH fails '
          'the leftmost-AS check',
          replace={b.ATTR_AS_PATH: b.as_path([])}, also=(NOTIFY(3, 11),),
          needs=('ebgp',), group='aspath',
          note='as aspath-first-as-not-peer: for a receiver that checks '
               'the leftmost AS')
    B.upd('aspath-confed-from-ebgp', TAW, 'RFC 5065 section 5 (AS_CONFED '
          'segments from a peer outside the confederation = malformed '
          'AS_PATH) + RFC 7606 3(e)/7.2',
          replace={b.ATTR_AS_PATH: b.as_path([(b.AS_CONFED_SEQUENCE, [64512]),
                                              (b.AS_SEQUENCE, [pa])])},
          needs=('ebgp',), group='aspath')
    B.upd('aspath-contains-as0', TAW, 'RFC 7607 section 2: AS 0 in AS_PATH '
          'is malformed -> RFC 7606 7.2 treat-as-withdraw',
          replace={b.ATTR_AS_PATH: b.as_path([pa, 0])}, needs=('ebgp',),
          group='aspath')
    B.upd('aspath-partial-bit', TAW, 'RFC 4271 4.3 (Partial MUST be 0 on '
          'well-known attributes) -> 6.3 Attribute Flags Error -> RFC 7606 '
          '3(e) treat-as-withdraw',
          replace={b.ATTR_AS_PATH: b.as_path([pa], flags=0x60)},
          needs=('ebgp',), also=(IGNORE,), group='aspath')
    B.upd('aspath-flags-optional', TAW, 'RFC 7606 3(c)',
          replace={b.ATTR_AS_PATH: b.as_path([pa], flags=0xC0)},
          needs=('ebgp',), group='aspath')

    # ===================== NEXT_HOP (RFC 7606 7.3) =========================
    B.upd('nexthop-length-5', TAW, 'RFC 7606 7.3: NEXT_HOP length != 4',
          replace={b.ATTR_NEXT_HOP: b.attr(b.ATTR_NEXT_HOP,
                                           b.ip4(nh) + b'\x00')},
          group='nexthop')
    B.upd('nexthop-length-0', TAW, 'RFC 7606 7.3 + section 4',
          replace={b.ATTR_NEXT_HOP: b.attr(b.ATTR_NEXT_HOP, b'')},
          group='nexthop')
    B.upd('nexthop-zero', TAW, 'RFC 4271 6.3: 0.0.0.0 is not a valid host '
          'address -> Invalid NEXT_HOP (session reset) -> RFC 7606 3(e) '
          'treat-as-withdraw',
          replace={b.ATTR_NEXT_HOP: b.next_hop('0.0.0.0')}, group='nexthop')
    B.upd('nexthop-receiver-address', TAW, 'RFC 4271 6.3: NEXT_HOP equal '
          'to the receiver\'s own address is semantically incorrect: the '
          'route is ignored, no NOTIFICATION',
          replace={b.ATTR_NEXT_HOP: b.next_hop(ctx.receiver_addr)},
          group='nexthop')
    B.upd('nexthop-multicast', TAW, 'RFC 4271 6.3: 224.0.0.5 is not a host '
          'address -> RFC 7606 3(e) treat-as-withdraw',
          replace={b.ATTR_NEXT_HOP: b.next_hop('224.0.0.5')},
          group='nexthop')
    B.upd('nexthop-flags-optional', TAW, 'RFC 7606 3(c)',
          replace={b.ATTR_NEXT_HOP: b.next_hop(nh, flags=0xC0)},
          group='nexthop')

    # ===================== MED (RFC 7606 7.4) ==============================
    B.upd('med-length-3', TAW, 'RFC 7606 7.4: MED length != 4',
          extra=[b.attr(b.ATTR_MED, b'\x00\x00\x01')], group='med')
    B.upd('med-length-0', TAW, 'RFC 7606 7.4 + section 4',
          extra=[b.attr(b.ATTR_MED, b'')], group='med')
    B.upd('med-flags-transitive', TAW, 'RFC 7606 3(c): MED is optional '
          'non-transitive', extra=[b.med(5, flags=0xC0)], group='med')

    # ===================== LOCAL_PREF (RFC 7606 7.5) =======================
    B.upd('localpref-from-ebgp', DISCARD, 'RFC 7606 7.5: LOCAL_PREF from an '
          'external neighbor is discarded (not an error)',
          extra=[b.local_pref(200)], needs=('ebgp',), group='localpref')
    B.upd('localpref-from-ebgp-length-2', DISCARD, 'RFC 7606 7.5: from an '
          'external neighbor discarded whether malformed or not',
          extra=[b.attr(b.ATTR_LOCAL_PREF, b'\x00\xc8')], needs=('ebgp',),
          group='localpref')
    B.upd('localpref-ibgp-length-2', TAW, 'RFC 7606 7.5: from an internal '
          'neighbor, length != 4 -> treat-as-withdraw',
          replace={b.ATTR_LOCAL_PREF: b.attr(b.ATTR_LOCAL_PREF,
                                             b'\x00\xc8')},
          needs=('ibgp',), group='localpref')

    # ===================== ATOMIC_AGGREGATE / AGGREGATOR (7.6, 7.7) ========
    B.upd('atomic-aggregate-length-1', DISCARD, 'RFC 7606 7.6: length != 0 '
          '-> attribute discard',
          extra=[b.attr(b.ATTR_ATOMIC_AGGREGATE, b'\x01')],
          group='aggregate')
    B.upd('atomic-aggregate-flags-optional', DISCARD, 'RFC 7606 3(f): '
          'cases RFC 4271 resets for (here 6.3 Attribute Flags Error) use '
          'attribute discard for ATOMIC_AGGREGATE; 3(c) alone would say '
          'treat-as-withdraw', extra=[b.atomic_aggregate(flags=0xC0)],
          also=(TAW,), group='aggregate')
    B.upd('aggregator-length-7', DISCARD, 'RFC 7606 7.7: length != 8 on a '
          '4-octet-AS session', extra=[b.attr(b.ATTR_AGGREGATOR,
                                             b'\x00\x00\xfd\xea\x0a\x00\x00')],
          group='aggregate')
    B.upd('aggregator-2octet-on-as4-session', DISCARD, 'RFC 7606 7.7: '
          'length 6 when 4-octet AS was negotiated',
          extra=[b.aggregator(pa, ctx.peer_id, as4=False)],
          group='aggregate')
    B.upd('aggregator-length-0', DISCARD, 'RFC 7606 7.7 + section 4',
          extra=[b.attr(b.ATTR_AGGREGATOR, b'')], group='aggregate')
    B.upd('aggregator-flags-nontransitive', DISCARD, 'RFC 7606 3(f) '
          '(AGGREGATOR flags error -> attribute discard); 3(c) alone would '
          'say treat-as-withdraw',
          extra=[b.aggregator(pa, ctx.peer_id, flags=0x80)], also=(TAW,),
          group='aggregate')
    B.upd('aggregator-as0', DISCARD, 'RFC 7607 section 2: AS 0 in '
          'AGGREGATOR is malformed -> RFC 7606 7.7 attribute discard',
          extra=[b.aggregator(0, ctx.peer_id)], group='aggregate')

    # ===================== COMMUNITIES (RFC 7606 7.8) ======================
    B.upd('communities-length-0', TAW, 'RFC 7606 7.8: length not a '
          'non-zero multiple of 4', extra=[b.communities([])],
          group='communities')
    B.upd('communities-length-5', TAW, 'RFC 7606 7.8',
          extra=[b.attr(b.ATTR_COMMUNITIES, b'\xfd\xea\x00\x01\x00')],
          group='communities')
    B.upd('communities-flags-wellknown', TAW, 'RFC 7606 3(c): COMMUNITIES '
          'is optional transitive', extra=[b.communities(['65002:1'],
                                                         flags=0x40)],
          group='communities')

    # ===================== ORIGINATOR_ID / CLUSTER_LIST (7.9, 7.10) ========
    B.upd('originator-id-length-5-ibgp', TAW, 'RFC 7606 7.9: from an '
          'internal neighbor, length != 4',
          extra=[b.attr(b.ATTR_ORIGINATOR_ID, b'\x0a\x00\x00\x09\x00')],
          needs=('ibgp',), group='reflection')
    B.upd('originator-id-from-ebgp', DISCARD, 'RFC 7606 7.9: from an '
          'external neighbor -> attribute discard',
          extra=[b.originator_id('10.0.0.9')], needs=('ebgp',),
          group='reflection')
    B.upd('cluster-list-length-6-ibgp', TAW, 'RFC 7606 7.10: not a '
          'multiple of 4', extra=[b.attr(b.ATTR_CLUSTER_LIST,
                                         b'\x0a\x00\x00\x09\x00\x00')],
          needs=('ibgp',), group='reflection')
    B.upd('cluster-list-length-0-ibgp', TAW, 'RFC 7606 7.10 + section 4: '
          'zero length', extra=[b.cluster_list([])], needs=('ibgp',),
          group='reflection')
    B.upd('cluster-list-from-ebgp', DISCARD, 'RFC 7606 7.10: from an '
          'external neighbor -> attribute discard',
          extra=[b.cluster_list(['10.0.0.9'])], needs=('ebgp',),
          group='reflection')

    # ===================== MP_REACH / MP_UNREACH (7606 7.11, 5.3; 4760 7) ==
    mp_also = (AFI_SAFI_DISABLE,)
    nh6 = '::ffff:' + nh if ':' not in nh else nh
    p6 = B.v6()
    data, pfx = B.route6(mp=b.mp_reach(b.AFI_IPV6, b.SAFI_UNICAST,
                                       b.ip_bytes(nh6)[:5], [p6]))
    add('mp-reach-nexthop-length-5', E, data, NOTIFY(3, 9),
        'RFC 7606 7.11: next hop length inconsistent with the AFI/SAFI -> '
        'session reset or AFI/SAFI disable; RFC 4760 section 7 subcode '
        'Optional Attribute Error', also=mp_also, needs=('ipv6',),
        prefixes=(p6,), group='mp')
    p6 = B.v6()
    data, pfx = B.route6(mp=b.mp_reach(b.AFI_IPV6, b.SAFI_UNICAST, nh6,
                                       [p6], nh_len_override=200))
    add('mp-reach-nexthop-length-overrun', E, data, NOTIFY(3, 9),
        'RFC 7606 7.11 / 5.3: the next hop length (200) runs past the '
        'attribute, so the NLRI can\'t be located -> session reset (or '
        'AFI/SAFI disable); RFC 4760 section 7 subcode',
        also=mp_also, needs=('ipv6',), prefixes=(p6,), group='mp')
    p6 = B.v6()
    data, pfx = B.route6(mp=b.mp_reach(b.AFI_IPV6, b.SAFI_UNICAST, b'',
                                       [p6]))
    add('mp-reach-nexthop-length-0', E, data, NOTIFY(3, 9),
        'RFC 7606 7.11: next hop length 0 for IPv6 unicast (16 or 32 '
        'expected) -> session reset or AFI/SAFI disable',
        also=mp_also, needs=('ipv6',), prefixes=(p6,), group='mp')
    p4 = B.v4()
    attrs = B.base_attrs()
    attrs.pop(b.ATTR_NEXT_HOP)
    add('mp-reach-v4-nexthop-length-16', E, b.update(attrs=[b.mp_reach(
        b.AFI_IPV4, b.SAFI_UNICAST, '2001:db8::2', [p4])] +
        sorted(attrs.values(), key=lambda a: a[1])), NOTIFY(3, 9),
        'RFC 7606 7.11: a 16-octet next hop for IPv4 unicast without the '
        'extended next hop capability (RFC 8950) -> session reset or '
        'AFI/SAFI disable', also=mp_also, prefixes=(p4,), group='mp')
    data, pfx = B.route6(mp=b.attr(b.ATTR_MP_REACH, b'\x00\x02\x01'))
    add('mp-reach-length-3', E, data, NOTIFY(3, 9),
        'RFC 7606 5.3: MP_REACH_NLRI shorter than 5 -> session reset (or '
        'AFI/SAFI disable)', also=(NOTIFY(3, 5),) + mp_also,
        needs=('ipv6',), group='mp')
    p6 = B.v6()
    data, pfx = B.route6(mp=b.mp_reach(b.AFI_IPV6, b.SAFI_UNICAST, nh6, [
        b.prefix_bytes(129, b'\x20\x01\x0d\xb8' + b'\x00' * 13)]))
    add('mp-reach-nlri-plen-129', E, data, NOTIFY(3, 9),
        'RFC 7606 5.3: prefix length > 128 in MP_REACH_NLRI -> session '
        'reset or AFI/SAFI disable', also=(NOTIFY(3, 10),) + mp_also,
        needs=('ipv6',), group='mp')
    data, pfx = B.route6(mp=b.mp_reach(b.AFI_IPV6, b.SAFI_UNICAST, nh6, [
        p6, b.prefix_bytes(64, b'\x20\x01\x0d\xb8')]))
    add('mp-reach-nlri-truncated', E, data, NOTIFY(3, 9),
        'RFC 7606 5.3: last NLRI overruns the attribute',
        also=(NOTIFY(3, 10),) + mp_also, needs=('ipv6',), group='mp')
    add('mp-unreach-length-2', E, b.update(attrs=[b.attr(b.ATTR_MP_UNREACH,
                                                         b'\x00\x02')]),
        NOTIFY(3, 9), 'RFC 7606 5.3: MP_UNREACH_NLRI shorter than 3',
        also=(NOTIFY(3, 5),) + mp_also, needs=('ipv6',), group='mp')
    add('mp-unreach-plen-129', E, b.update(attrs=[b.mp_unreach(
        b.AFI_IPV6, b.SAFI_UNICAST,
        [b.prefix_bytes(129, b'\x20\x01\x0d\xb8' + b'\x00' * 13)])]),
        NOTIFY(3, 9), 'RFC 7606 5.3', also=(NOTIFY(3, 10),) + mp_also,
        needs=('ipv6',), group='mp')
    p6 = B.v6()
    mp1 = b.mp_reach(b.AFI_IPV6, b.SAFI_UNICAST, nh6, [p6])
    data, pfx = B.route6(mp=mp1, extra=[mp1])
    add('mp-reach-duplicate', E, data, NOTIFY(3, 1),
        'RFC 7606 3(g): MP_REACH_NLRI more than once -> Malformed Attribute '
        'List', needs=('ipv6',), group='mp')
    mu = b.mp_unreach(b.AFI_IPV6, b.SAFI_UNICAST, ['2001:db8:ffff::/48'])
    add('mp-unreach-duplicate', E, b.update(attrs=[mu, mu]), NOTIFY(3, 1),
        'RFC 7606 3(g)', needs=('ipv6',), group='mp')
    p6 = B.v6()
    data, pfx = B.route6(mp=b.mp_reach(b.AFI_IPV6, b.SAFI_UNICAST, nh6,
                                       [p6], flags=0xC0))
    add('mp-reach-flags-transitive', E, data, NOTIFY(3, 4),
        'RFC 7606 5.3 (flags inconsistent with RFC 4760 -> session reset '
        'or AFI/SAFI disable); subcode per RFC 4271 6.3 Attribute Flags '
        'Error', also=(NOTIFY(3, 9),) + mp_also, needs=('ipv6',),
        prefixes=(p6,), group='mp')
    data, pfx = B.route6(first=False)
    add('mp-reach-not-first', E, data, IGNORE,
        'RFC 7606 5.1: receivers MUST accept MP_REACH_NLRI in any position',
        needs=('ipv6',), prefixes=pfx, group='mp')
    p6 = B.v6()
    data, pfx = B.route6(mp=b.mp_reach(b.AFI_IPV6, b.SAFI_UNICAST,
                                       [nh6, 'fe80::2'], [p6]))
    add('mp-reach-nexthop-with-link-local', E, data, IGNORE,
        'RFC 2545 section 3: 32-octet next hop = global + link-local',
        needs=('ipv6',), prefixes=(p6,), group='mp')

    # ===================== attributes after MP_UNREACH_NLRI ================
    # RFC 4760 section 4: an UPDATE with MP_UNREACH_NLRI need not carry any
    # other attribute, but may; RFC 7606 5.1: a receiver MUST accept the
    # NLRI-carrying fields in any position or combination.  RFC 7606 5.2:
    # with no reachable NLRI (MP_UNREACH_NLRI withdraws, it does not
    # announce) an error other than attribute discard can't be confined to
    # routes, so the session is reset.  Either way the withdrawal must not
    # leave the route installed.
    wk = [v for t, v in sorted(B.base_attrs().items())
          if t != b.ATTR_NEXT_HOP]

    def unreach():
        w6 = B.v6()
        return b.mp_unreach(b.AFI_IPV6, b.SAFI_UNICAST, [w6]), (w6,)
    mu, w = unreach()
    add('mp-unreach-then-attributes', E, b.update(attrs=[mu] + wk), IGNORE,
        'RFC 4760 section 4 + RFC 7606 5.1: ORIGIN and AS_PATH after '
        'MP_UNREACH_NLRI are legal; the withdrawal is carried out',
        needs=('ipv6',), withdraws=w, group='mp-unreach-attrs')
    mu, w = unreach()
    p6 = B.v6()
    add('mp-unreach-then-mp-reach', E, b.update(attrs=[mu, b.mp_reach(
        b.AFI_IPV6, b.SAFI_UNICAST, nh6, [p6])] + wk), IGNORE,
        'RFC 7606 5.1: MP_UNREACH_NLRI and MP_REACH_NLRI in one UPDATE '
        'MUST be accepted: one prefix withdrawn, the other installed',
        needs=('ipv6',), prefixes=(p6,), withdraws=w,
        group='mp-unreach-attrs')
    mu, w = unreach()
    add('mp-unreach-not-first', E, b.update(attrs=wk + [mu]), IGNORE,
        'RFC 7606 5.1: MP_UNREACH_NLRI after the other attributes MUST be '
        'accepted', needs=('ipv6',), withdraws=w, group='mp-unreach-attrs')
    mu, w = unreach()
    add('mp-unreach-then-bad-atomic-aggregate', E, b.update(
        attrs=[mu] + wk + [b.attr(b.ATTR_ATOMIC_AGGREGATE, b'\x01')]),
        DISCARD, 'RFC 7606 7.6: attribute discard, which RFC 7606 5.2 '
        'leaves alone (its reset is for stronger errors); the withdrawal '
        'is carried out', needs=('ipv6',), withdraws=w,
        group='mp-unreach-attrs')
    mu, w = unreach()
    add('mp-unreach-then-bad-origin', E, b.update(
        attrs=[mu, b.attr(b.ATTR_ORIGIN, b'\x00\x00')] + wk[1:]),
        NOTIFY(3, 5), 'RFC 7606 7.1 (ORIGIN length 2: treat-as-withdraw) + '
        '5.2: no reachable NLRI, so session reset; subcode per RFC 4271 '
        '6.3 Attribute Length Error.  Treat-as-withdraw (the MP_UNREACH '
        'prefixes withdrawn, session up) is the reading of 5.2 that counts '
        'MP_UNREACH_NLRI as NLRI', also=(TAW,), needs=('ipv6',),
        withdraws=w, group='mp-unreach-attrs')
    mu, w = unreach()
    add('mp-unreach-then-truncated-attr', E, b.update(
        attrs=[mu] + wk + [b'\x40\x08']), NOTIFY(3, 5),
        'RFC 7606 section 4 (truncated attribute header: treat-as-withdraw) '
        '+ 5.2 (no reachable NLRI: session reset); RFC 4271 6.3 Attribute '
        'Length Error, or Malformed Attribute List',
        also=(NOTIFY(3, 1), TAW), needs=('ipv6',), withdraws=w,
        group='mp-unreach-attrs')

    # ===================== duplicates (RFC 7606 3(g)) ======================
    B.upd('duplicate-origin', DISCARD, 'RFC 7606 3(g): all but the first '
          'occurrence discarded (route kept with ORIGIN IGP)',
          extra=[b.origin('incomplete')], group='duplicate')
    B.upd('duplicate-communities', DISCARD, 'RFC 7606 3(g) (route kept '
          'with community 65002:1 only)',
          extra=[b.communities(['65002:1']), b.communities(['65002:2'])],
          group='duplicate')
    B.upd('duplicate-aspath-second-malformed', DISCARD, 'RFC 7606 3(g): '
          'every occurrence but the first is discarded unparsed, so a '
          'malformed second AS_PATH (zero-length segment) does not make the '
          'UPDATE treat-as-withdraw', extra=[b.as_path(
              [(b.AS_SEQUENCE, [pa]), (b.AS_SEQUENCE, [])])],
          needs=('ebgp',), group='duplicate')
    B.upd('duplicate-unknown-optional', DISCARD, 'RFC 7606 3(g): applies '
          'to unrecognised attributes too',
          extra=[b.raw_attr(0xC0, 250, b'\x01'),
                 b.raw_attr(0xC0, 250, b'\x02')], group='duplicate')

    # ===================== EXT / LARGE COMMUNITIES =========================
    B.upd('ext-communities-length-7', TAW, 'RFC 7606 7.14: not a non-zero '
          'multiple of 8', extra=[b.attr(b.ATTR_EXT_COMMUNITIES,
                                         b'\x00\x02\xfd\xea\x00\x00\x00')],
          group='ext-communities')
    B.upd('ext-communities-length-0', TAW, 'RFC 7606 7.14 + section 4',
          extra=[b.ext_communities([])], group='ext-communities')
    B.upd('ext-communities-unknown-type', IGNORE, 'RFC 7606 7.14: an '
          'unrecognised type/sub-type MUST NOT be treated as an error',
          extra=[b.ext_communities([b'\x8f\xff\x01\x02\x03\x04\x05\x06'])],
          group='ext-communities')
    B.upd('large-communities-length-13', TAW, 'RFC 8092 section 6: not a '
          'non-zero multiple of 12 -> treat-as-withdraw',
          extra=[b.attr(b.ATTR_LARGE_COMMUNITIES, b'\x00' * 13)],
          group='large-communities')
    B.upd('large-communities-length-0', TAW, 'RFC 8092 section 6',
          extra=[b.large_communities([])], group='large-communities')
    B.upd('large-communities-duplicate-values', IGNORE, 'RFC 8092 section '
          '6: duplicate values are not malformed',
          extra=[b.large_communities(['65002:1:1', '65002:1:1'])],
          group='large-communities')

    # ===================== AS4_PATH / AS4_AGGREGATOR (RFC 6793) ============
    B.upd('as4-path-on-as4-session', DISCARD, 'RFC 6793 4.1: AS4_PATH from '
          'a NEW speaker MUST be discarded, UPDATE processed',
          extra=[b.as4_path([pa])], group='as4')
    B.upd('as4-aggregator-on-as4-session', DISCARD, 'RFC 6793 4.1',
          extra=[b.as4_aggregator(pa, ctx.peer_id)], group='as4')
    B.upd('as4-path-zero-length-segment-as2', DISCARD, 'RFC 6793 section 6: '
          'malformed AS4_PATH from an OLD speaker -> attribute discard',
          extra=[b.as4_path([(b.AS_SEQUENCE, [pa]), (b.AS_SEQUENCE, [])])],
          needs=('ebgp', 'as2'), group='as4')
    B.upd('as4-aggregator-length-6-as2', DISCARD, 'RFC 6793 section 6: '
          'malformed AS4_AGGREGATOR -> attribute discard',
          extra=[b.aggregator(b.AS_TRANS, ctx.peer_id, as4=False),
                 b.attr(b.ATTR_AS4_AGGREGATOR, b'\x00\x01\x00\x00\x0a\x00')],
          needs=('ebgp', 'as2'), group='as4')
    B.upd('aspath-as4-bad-length-as2', TAW, 'RFC 7606 7.2 on a 2-octet '
          'session: a 4-octet-encoded AS_PATH read as 2-octet leaves a '
          'bad segment',
          replace={b.ATTR_AS_PATH: b.as_path([pa], as4=True)},
          needs=('ebgp', 'as2'), group='as4')
    return B.cases


# ---------------------------------------------------------------------------
# Checking a case against a live speaker
# ---------------------------------------------------------------------------

def _outcome_text(o):
    if o[0] != 'notification':
        return o[0]
    return 'notification %d/%s' % (o[1], '*' if o[2] is None else o[2])


def _notif_matches(got, notifs):
    return any(c == got[0] and (s is None or s == got[1])
               for c, s in notifs)


def check_case(peer, case, timeout=10.0, alive=2.0):
    """Send case.data on peer and check the session-level outcome.

    Preconditions: phase 'open' -> connected, no OPEN sent yet; phase
    'established' -> peer.established.  Returns (ok, text).  Session-up
    outcomes only check that no NOTIFICATION comes and the connection stays
    open for `alive` seconds (route-level effects are the caller's)."""
    if case.phase == PHASE_ESTABLISHED and not peer.established:
        return False, 'session is not established'
    if case.phase == PHASE_OPEN and peer.sent_open is not None:
        return False, 'an OPEN was already sent on this connection'
    outcomes = (case.expect,) + tuple(case.also)
    notifs = [(o[1], o[2]) for o in outcomes if o[0] == 'notification']
    stays_up = [o for o in outcomes
                if o[0] in ('treat-as-withdraw', 'attribute-discard',
                            'ignore', 'afi-safi-disable')]
    may_close = any(o[0] == 'close' for o in outcomes)
    want = ' or '.join(_outcome_text(o) for o in outcomes)
    try:
        peer.send(case.data)
    except b.PeerClosed as e:
        return False, 'could not send: %s' % e

    if case.expect[0] in ('notification', 'close'):
        # Session reset expected.  If staying up is also allowed
        # (AFI/SAFI disable), a quiet connection for `alive` s passes.
        wait = max(alive, 3.0) if stays_up else timeout
        try:
            msg = peer.wait_for('NOTIFICATION', wait,
                                fail_on_notification=False)
        except b.BGPTimeout:
            if stays_up and not peer.closed:
                return True, 'no NOTIFICATION within %ss, session up ' \
                             '(accepted: %s)' % (wait, _outcome_text(
                                 stays_up[0]))
            return False, 'no NOTIFICATION within %ss (expected %s)' % (
                wait, want)
        except b.PeerClosed:
            if may_close:
                return True, 'connection closed without NOTIFICATION'
            return False, 'connection closed without NOTIFICATION ' \
                          '(expected %s)' % want
        except b.ProtocolError as e:
            return False, str(e)
        got = (msg['code'], msg['subcode'])
        if not _notif_matches(got, notifs):
            return False, 'got NOTIFICATION %d/%d (%s), expected %s' % (
                got[0], got[1], b.error_name(*got), want)
        if case.notif_data is not None and got == case.expect[1:3] and \
                msg['data'] != case.notif_data:
            return False, 'NOTIFICATION %d/%d data %s%s, expected %s' % (
                got[0], got[1], msg['data'].hex(), b._text_hint(msg['data']),
                case.notif_data.hex())
        try:
            peer.wait_closed(timeout)
        except b.BGPTimeout:
            return False, ('NOTIFICATION %d/%d sent but the connection '
                           'stayed open' % got)
        return True, 'NOTIFICATION %d/%d (%s), connection closed' % (
            got[0], got[1], b.error_name(*got))

    # Session must stay up.
    if case.phase == PHASE_OPEN:
        try:
            peer.finish_establish(timeout=timeout, keepalives=True)
        except (b.BGPTimeout, b.PeerClosed, b.NotificationReceived,
                b.ProtocolError) as e:
            return False, 'OPEN not accepted: %s' % e
    elif not peer.reply_keepalives:
        peer.start_keepalives()
    try:
        peer.stays_up(alive)
    except (b.NotificationReceived, b.PeerClosed, b.ProtocolError) as e:
        if notifs and isinstance(e, b.NotificationReceived) and \
                _notif_matches((e.msg['code'], e.msg['subcode']), notifs):
            return True, 'NOTIFICATION %d/%d (accepted alternative)' % (
                e.msg['code'], e.msg['subcode'])
        return False, '%s (expected %s)' % (e, want)
    return True, 'session stayed up %ss (expected %s)' % (alive, want)


# ---------------------------------------------------------------------------
# Command line
# ---------------------------------------------------------------------------

def _caps_for(case, ctx):
    caps = b.default_caps(ctx.peer_as)
    if 'as2' in case.needs:
        caps = [c for c in caps if c[0] != b.CAP_AS4]
    return caps


def _setup(opts, ctx, case):
    """Connect for one case.  Retries (for opts.connect_retry seconds)
    while the speaker refuses or drops the connection before sending its
    OPEN, as a speaker does while its idle-hold timer runs.  Phase 'open':
    waits up to 2 s for the speaker's OPEN (it stays queued) so the case
    bytes arrive in OpenSent.  Phase 'established': establishes, then lets
    the speaker's initial UPDATEs pass.  Returns (peer, speaker's OPEN or
    None)."""
    deadline = time.monotonic() + opts.connect_retry
    while True:
        peer = b.Peer()
        try:
            peer.connect(opts.connect, opts.port, opts.local,
                         retry=max(0.0, deadline - time.monotonic()))
            if case.phase == PHASE_OPEN:
                try:
                    ro = peer.wait_for('OPEN', 2.0, skip=('KEEPALIVE',))
                    peer.unrecv(ro)
                except b.BGPTimeout:
                    ro = None      # a DelayOpen speaker: go on regardless
                return peer, ro
            ro = peer.establish(ctx.peer_as, ctx.peer_id, ctx.hold,
                                _caps_for(case, ctx), timeout=opts.timeout)
            peer.stays_up(0.3)
            return peer, ro
        except (b.PeerClosed, b.NotificationReceived) as e:
            peer.close()
            if time.monotonic() >= deadline:
                raise b.BGPError('speaker dropped the connection: %s' % e)
            time.sleep(0.5)
        except BaseException:
            peer.close()
            raise


def run_cases(opts, cases, ctx, out=sys.stdout):
    def say(t):
        out.write(t + '\n')
        out.flush()
    passed = failed = skipped = 0
    for case in cases:
        if ('ibgp' in case.needs and not ctx.ibgp) or \
                ('ebgp' in case.needs and ctx.ibgp):
            say('SKIP %s: needs %s' % (case.name, '/'.join(case.needs)))
            skipped += 1
            continue
        if 'as2' in case.needs and not opts.as2:
            say('SKIP %s: needs a 2-octet AS session (--as2)' % case.name)
            skipped += 1
            continue
        peer = None
        try:
            peer, ro = _setup(opts, ctx, case)
            why = None
            if ro is not None and case.phase == PHASE_ESTABLISHED:
                if 'ipv6' in case.needs and (2, 1) not in ro['families']:
                    why = 'IPv6 unicast not negotiated'
                if 'enhanced-rr' in case.needs and not b.has_cap(
                        ro, b.CAP_ENHANCED_ROUTE_REFRESH):
                    why = 'enhanced route refresh not negotiated'
                if 'no-ext-msg' in case.needs and peer.ext_msg:
                    why = 'extended message negotiated'
            if why:
                say('SKIP %s: %s' % (case.name, why))
                skipped += 1
                continue
            ok, text = check_case(peer, case, opts.timeout, opts.alive)
        except (b.BGPError, OSError) as e:
            ok, text = False, 'setup failed: %s' % e
        finally:
            if peer is not None:
                if not peer.closed:
                    try:
                        peer.send(b.notification_shutdown('case done'))
                    except b.BGPError:
                        pass
                peer.close()
        say('%s %s: %s' % ('PASS' if ok else 'FAIL', case.name, text))
        if ok:
            passed += 1
        else:
            failed += 1
        if opts.gap:
            time.sleep(opts.gap)
    say('%d passed, %d failed, %d skipped' % (passed, failed, skipped))
    return 0 if failed == 0 else 1


def main(argv=None):
    import argparse
    ap = argparse.ArgumentParser(
        prog='malformed.py',
        description='Catalogue of malformed BGP messages and their '
                    'RFC-expected outcomes.')
    ap.add_argument('--list', action='store_true',
                    help='print names and expectations')
    ap.add_argument('--json', action='store_true', help='dump all as JSON')
    ap.add_argument('--hex', metavar='NAME', help="print one case's bytes")
    ap.add_argument('--run', nargs='*', metavar='NAME',
                    help='run these cases (all when none given) against '
                         '--connect/--port')
    ap.add_argument('--connect', default='127.0.0.1')
    ap.add_argument('--port', type=int, default=179)
    ap.add_argument('--local', default=None)
    ap.add_argument('--as', dest='peer_as', type=int, default=65002)
    ap.add_argument('--remote-as', type=int, default=65001)
    ap.add_argument('--id', dest='peer_id', default='10.0.0.2')
    ap.add_argument('--receiver-addr', default=None,
                    help="the receiver's address (default: --connect)")
    ap.add_argument('--ibgp', action='store_true',
                    help='session is iBGP (sets --as to --remote-as)')
    ap.add_argument('--as2', action='store_true',
                    help='also run the cases that need a session without '
                         'the 4-octet AS capability')
    ap.add_argument('--timeout', type=float, default=10.0)
    ap.add_argument('--alive', type=float, default=2.0,
                    help='seconds a session must stay up (default 2)')
    ap.add_argument('--gap', type=float, default=0.0,
                    help='seconds to wait between cases')
    ap.add_argument('--connect-retry', type=float, default=10.0)
    opts = ap.parse_args(argv)
    try:
        for a in (opts.connect, opts.local):
            if a is not None:
                b.check_loopback(a)
    except b.UnsafeAddressError as e:
        print('malformed: error: %s' % e, file=sys.stderr)
        return 1
    ctx = Context(local_as=opts.remote_as,
                  peer_as=opts.remote_as if opts.ibgp else opts.peer_as,
                  peer_id=opts.peer_id,
                  nexthop=opts.local or '127.0.0.1',
                  receiver_addr=opts.receiver_addr or opts.connect)
    cases = build_cases(ctx)
    if opts.hex:
        for c in cases:
            if c.name == opts.hex:
                print(c.data.hex())
                return 0
        print('malformed: no case %r' % opts.hex, file=sys.stderr)
        return 2
    if opts.json:
        json.dump([{'name': c.name, 'phase': c.phase, 'hex': c.data.hex(),
                    'expect': list(c.expect),
                    'also': [list(a) for a in c.also], 'rfc': c.rfc,
                    'note': c.note, 'needs': list(c.needs),
                    'prefixes': list(c.prefixes),
                    'route_installed': c.route_installed,
                    'withdraws': list(c.withdraws),
                    'notif_data': None if c.notif_data is None
                    else c.notif_data.hex(), 'group': c.group}
                   for c in cases], sys.stdout, indent=1)
        print()
        return 0
    if opts.run is not None:
        names = {c.name: c for c in cases}
        sel = cases
        if opts.run:
            missing = [n for n in opts.run if n not in names]
            if missing:
                print('malformed: no case %s' % ', '.join(missing),
                      file=sys.stderr)
                return 2
            sel = [names[n] for n in opts.run]
        return run_cases(opts, sel, ctx)
    # --list (default)
    w = max(len(c.name) for c in cases)
    print('%-*s  %-11s  %-44s  %-16s  %s' % (w, 'NAME', 'PHASE', 'EXPECT',
                                             'NEEDS', 'RFC'))
    for c in cases:
        print('%-*s  %-11s  %-44s  %-16s  %s' % (
            w, c.name, c.phase, c.expect_text(), ','.join(c.needs) or '-',
            c.rfc))
    print('%d cases' % len(cases))
    return 0


if __name__ == '__main__':
    sys.exit(main())

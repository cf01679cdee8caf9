#!/usr/bin/env python3
"""bgppeer - a scriptable BGP-4 test peer (Python 3 standard library only).

Used by the xrsh test suite to send well-formed and deliberately malformed
BGP messages to the xrsh BGP engine and to check what comes back.

NETWORK SAFETY: this tool refuses (UnsafeAddressError, exit status 1) to
connect to, bind to, listen on or accept from any address outside
127.0.0.0/8 and ::1.  Host names are not resolved ("localhost" is read as
127.0.0.1).

Library
-------
  Message builders (pure functions returning bytes; every length, count and
  flag can be overridden so malformed messages can be produced):
    header(type, body, length_override=None, marker=None)
    open(my_as, hold, bgp_id, caps=None, version=4, opt_params_raw=None, ...)
      caps=None means default_caps(my_as); caps=[] sends no capability.
      capability builders: cap_multiprotocol(afi, safi), cap_route_refresh(),
      cap_enhanced_route_refresh(), cap_as4(asn), cap_extended_message(),
      cap_graceful_restart(...), cap_add_path(...), capability(code, value)
      (any raw capability), opt_param(type, value)
    keepalive(), notification(code, subcode, data), shutdown_data(text),
    route_refresh(afi, safi, subtype=0)
    update(withdrawn=[...], attrs=[...], nlri=[...], ...)
      attribute builders: origin, as_path (+ as_path_segment), next_hop, med,
      local_pref, atomic_aggregate, aggregator, communities, originator_id,
      cluster_list, mp_reach, mp_unreach, ext_communities, large_communities,
      as4_path, as4_aggregator, attr(type, value, flags=, length_override=,
      extended=), raw_attr(flags, type, value, length_override=)
    encode_prefix(prefix, plen_override=None), prefix_bytes(plen, addr)
    eor_ipv4(), eor_ipv6(), eor(afi, safi)
  Parser: split_messages(buf) -> (raw messages, rest);
    parse_message(raw, as4=True) -> dict; summarize(dict) -> one line.
  Peer: connect(host, port, local_addr=None) | listen(addr, port) + accept(),
    send(bytes), recv_msg(timeout) -> dict or None, establish(my_as, bgp_id,
    hold=90, caps=None), start_keepalives()/stop_keepalives(),
    expect_notification(timeout) -> (code, subcode, data), is_closed(timeout),
    close().

Command line
------------
  bgppeer.py --connect 127.0.0.1 --port 17901 [--local 127.0.0.2]
             --as 65002 --id 10.0.0.2 (--script FILE | -e 'CMD' ...)
  bgppeer.py --listen 127.0.0.2 --port 17902 --as 65002 --id 10.0.0.2 ...
  Other options: --rcvbuf BYTES (SO_RCVBUF before connecting),
  --connect-retry S (keep retrying a refused connect for S
  seconds), --accept-timeout S, --timeout S (default expect timeout, 10),
  --hold N (default 90), -v (also print SEND lines), --no-auto-connect.

  In --connect mode the connection is made before the first script line (and
  again by `connect`); in --listen mode the first connection is accepted
  before the first script line (and another by `accept`).

  Every received message prints one line: `RECV OPEN ...`, `RECV UPDATE
  nlri=... withdrawn=...`, `RECV NOTIFICATION 3/1 (...)`, `RECV KEEPALIVE`,
  `RECV ROUTE-REFRESH ...`; the close of the connection by the other side
  prints `RECV EOF`.  Each expectation that holds prints `OK line N: ...`;
  the first one that fails prints `FAIL line N: ...` and the run stops.
  Exit status: 0 every expectation held, 1 an expectation failed or a
  connection/runtime error, 2 usage or script syntax error.

Script language (one command a line, '#' starts a comment, "quotes" group)
---------------
  connect [timeout S]              (re)connect (connect mode)
  accept [timeout S]               accept the next connection (listen mode)
  establish [hold N] [caps CAPS] [as N] [id A] [peer-as N] [timeout S]
                                   send OPEN, expect OPEN, send KEEPALIVE,
                                   expect KEEPALIVE; starts answering
                                   keepalives.  CAPS: default | none | a
                                   comma list of default, ipv4, ipv6,
                                   mp:AFI/SAFI, rr, err, as4[:N], ext-msg,
                                   gr[:SECS], raw:CODE:HEX
  send open [hold N] [caps CAPS] [as N] [id A] [version N]
  send keepalive
  send update [nlri P...] [withdraw P...] [nexthop A] [nexthop6 A]
              [origin igp|egp|incomplete] [aspath N... | aspath none]
              [community C...] [large-community A:B:C...]
              [ext-community rt:A:N|soo:A:N|HEX16...] [med N] [localpref N]
              [atomic-aggregate] [aggregator ASN:ADDR] [originator-id A]
              [cluster-list A...] [attr HEX...]
      IPv6 prefixes go into MP_REACH/MP_UNREACH.  Defaults: origin igp,
      nexthop = our local address, nexthop6 = ::ffff:<local v4>, aspath =
      our AS on eBGP / empty on iBGP, localpref 100 on iBGP.  In an aspath,
      a token {A,B} is an AS_SET segment.
  send eor [ipv4|ipv6]
  send notification CODE SUBCODE [shutdown "text"] [data HEX]
  send route-refresh [ipv4|ipv6|AFI SAFI] [subtype N]
  send raw HEX...                  a whole message; the token `marker`
                                   stands for 16 x ff and `len` for the
                                   2-byte total length of the message
  send case NAME                   the bytes of a malformed.py case
  check case NAME [timeout S] [alive S]
                                   send the case and check its expected
                                   session-level outcome (see malformed.py)
  expect notification CODE SUBCODE [data HEX] [shutdown "text"] [timeout S]
                                   CODE/SUBCODE may be `*` or a list `1,10`
  expect keepalive|update|open|route-refresh [timeout S]
      expect update takes filters: nlri P..., withdrawn P..., eor
      [ipv4|ipv6], nexthop A, aspath N..., community C..., med N,
      localpref N, origin X; UPDATEs that do not match are skipped.
      While waiting, KEEPALIVE/UPDATE/OPEN messages are skipped; a
      NOTIFICATION or the close of the connection is a failure.
  expect closed [timeout S]        the other side closes the connection
  expect open-alive S              for S seconds: still connected and no
                                   NOTIFICATION (keepalives answered)
  expect silent S                  for S seconds: nothing but KEEPALIVEs
  keepalive on|off [interval S]    answer/send keepalives in the background
  recv off|on                      stop (start again) reading the socket:
                                   with --rcvbuf small, a peer whose TCP
                                   window closes (a slow reader); its
                                   keepalives still go out
  send table COUNT [start A.B.C.0] [distinct | withdraw]
                                   COUNT consecutive IPv4 /24s from start
                                   (default 100.0.0.0), many to an UPDATE
                                   (withdraw: withdrawn, 1000 a message),
                                   or with distinct one an UPDATE each,
                                   AS path `our AS, 100000+index` (the
                                   attributes differ, also passed on)
  sleep S
  close                            close our side of the TCP connection
  echo TEXT...

Example
-------
  establish hold 90
  send update nlri 10.1.0.0/24 nexthop 127.0.0.2 aspath 65002 community 65002:1
  expect open-alive 2
  send raw marker len 02 00 00 00 00
  send notification 6 2 shutdown "maintenance"
  expect closed timeout 5
"""

import builtins
import collections
import ipaddress
import os
import shlex
import socket
import struct
import sys
import threading
import time

# --------------------------------------------------------------------------
# Constants
# --------------------------------------------------------------------------

MARKER = b'\xff' * 16
HEADER_LEN = 19
MAX_MSG_LEN = 4096
MAX_EXT_MSG_LEN = 65535

MSG_OPEN = 1
MSG_UPDATE = 2
MSG_NOTIFICATION = 3
MSG_KEEPALIVE = 4
MSG_ROUTE_REFRESH = 5
MSG_NAMES = {1: 'OPEN', 2: 'UPDATE', 3: 'NOTIFICATION', 4: 'KEEPALIVE',
             5: 'ROUTE-REFRESH'}

AFI_IPV4 = 1
AFI_IPV6 = 2
SAFI_UNICAST = 1
SAFI_MULTICAST = 2
AFI_NAMES = {1: 'ipv4', 2: 'ipv6', 25: 'l2vpn', 16388: 'bgp-ls'}
SAFI_NAMES = {1: 'unicast', 2: 'multicast', 4: 'labeled', 5: 'mvpn',
              65: 'vpls', 70: 'evpn', 128: 'vpn', 132: 'rtc', 133: 'flow'}

# Capability codes
CAP_MULTIPROTOCOL = 1
CAP_ROUTE_REFRESH = 2
CAP_ORF = 3
CAP_EXTENDED_NEXTHOP = 5
CAP_EXTENDED_MESSAGE = 6
CAP_GRACEFUL_RESTART = 64
CAP_AS4 = 65
CAP_ADD_PATH = 69
CAP_ENHANCED_ROUTE_REFRESH = 70
CAP_LLGR = 71
CAP_FQDN = 73
CAP_NAMES = {1: 'mp', 2: 'route-refresh', 3: 'orf', 5: 'extended-nexthop',
             6: 'extended-message', 9: 'bgpsec', 64: 'graceful-restart',
             65: 'as4', 69: 'add-path', 70: 'enhanced-route-refresh',
             71: 'llgr', 73: 'fqdn', 128: 'route-refresh-old'}

# Optional parameter types
PARAM_AUTH = 1          # deprecated (RFC 5492)
PARAM_CAPABILITIES = 2
PARAM_EXTENDED = 255    # RFC 9072

# Path attribute flags
FLAG_OPTIONAL = 0x80
FLAG_TRANSITIVE = 0x40
FLAG_PARTIAL = 0x20
FLAG_EXTENDED = 0x10

# Path attribute type codes
ATTR_ORIGIN = 1
ATTR_AS_PATH = 2
ATTR_NEXT_HOP = 3
ATTR_MED = 4
ATTR_LOCAL_PREF = 5
ATTR_ATOMIC_AGGREGATE = 6
ATTR_AGGREGATOR = 7
ATTR_COMMUNITIES = 8
ATTR_ORIGINATOR_ID = 9
ATTR_CLUSTER_LIST = 10
ATTR_MP_REACH = 14
ATTR_MP_UNREACH = 15
ATTR_EXT_COMMUNITIES = 16
ATTR_AS4_PATH = 17
ATTR_AS4_AGGREGATOR = 18
ATTR_LARGE_COMMUNITIES = 32
ATTR_NAMES = {1: 'ORIGIN', 2: 'AS_PATH', 3: 'NEXT_HOP', 4: 'MED',
              5: 'LOCAL_PREF', 6: 'ATOMIC_AGGREGATE', 7: 'AGGREGATOR',
              8: 'COMMUNITIES', 9: 'ORIGINATOR_ID', 10: 'CLUSTER_LIST',
              14: 'MP_REACH_NLRI', 15: 'MP_UNREACH_NLRI',
              16: 'EXT_COMMUNITIES', 17: 'AS4_PATH', 18: 'AS4_AGGREGATOR',
              25: 'IPV6_EXT_COMMUNITIES', 26: 'AIGP', 32: 'LARGE_COMMUNITY',
              35: 'OTC', 128: 'ATTR_SET'}
# Flags (O/T bits) each attribute is specified with.
DEFAULT_FLAGS = {
    ATTR_ORIGIN: FLAG_TRANSITIVE,
    ATTR_AS_PATH: FLAG_TRANSITIVE,
    ATTR_NEXT_HOP: FLAG_TRANSITIVE,
    ATTR_MED: FLAG_OPTIONAL,
    ATTR_LOCAL_PREF: FLAG_TRANSITIVE,
    ATTR_ATOMIC_AGGREGATE: FLAG_TRANSITIVE,
    ATTR_AGGREGATOR: FLAG_OPTIONAL | FLAG_TRANSITIVE,
    ATTR_COMMUNITIES: FLAG_OPTIONAL | FLAG_TRANSITIVE,
    ATTR_ORIGINATOR_ID: FLAG_OPTIONAL,
    ATTR_CLUSTER_LIST: FLAG_OPTIONAL,
    ATTR_MP_REACH: FLAG_OPTIONAL,
    ATTR_MP_UNREACH: FLAG_OPTIONAL,
    ATTR_EXT_COMMUNITIES: FLAG_OPTIONAL | FLAG_TRANSITIVE,
    ATTR_AS4_PATH: FLAG_OPTIONAL | FLAG_TRANSITIVE,
    ATTR_AS4_AGGREGATOR: FLAG_OPTIONAL | FLAG_TRANSITIVE,
    ATTR_LARGE_COMMUNITIES: FLAG_OPTIONAL | FLAG_TRANSITIVE,
}

ORIGIN_IGP = 0
ORIGIN_EGP = 1
ORIGIN_INCOMPLETE = 2
ORIGIN_NAMES = {0: 'igp', 1: 'egp', 2: 'incomplete'}

AS_SET = 1
AS_SEQUENCE = 2
AS_CONFED_SEQUENCE = 3
AS_CONFED_SET = 4
SEGMENT_NAMES = {1: 'set', 2: 'seq', 3: 'confed-seq', 4: 'confed-set'}
AS_TRANS = 23456

WELL_KNOWN_COMMUNITIES = {
    'graceful-shutdown': 0xFFFF0000, 'accept-own': 0xFFFF0001,
    'blackhole': 0xFFFF029A, 'no-export': 0xFFFFFF01,
    'no-advertise': 0xFFFFFF02, 'no-export-subconfed': 0xFFFFFF03,
    'local-as': 0xFFFFFF03, 'no-peer': 0xFFFFFF04,
}
COMMUNITY_NAMES = {0xFFFF0000: 'graceful-shutdown', 0xFFFF0001: 'accept-own',
                   0xFFFF029A: 'blackhole', 0xFFFFFF01: 'no-export',
                   0xFFFFFF02: 'no-advertise',
                   0xFFFFFF03: 'no-export-subconfed', 0xFFFFFF04: 'no-peer'}

# NOTIFICATION error codes and subcodes (RFC 4271 section 4.5, RFC 4486,
# RFC 6608, RFC 7313, RFC 8538, RFC 9234, RFC 9687).
ERR_HEADER = 1
ERR_OPEN = 2
ERR_UPDATE = 3
ERR_HOLD_TIMER = 4
ERR_FSM = 5
ERR_CEASE = 6
ERR_ROUTE_REFRESH = 7
ERR_SEND_HOLD_TIMER = 8
ERROR_NAMES = {
    1: ('Message Header Error', {1: 'Connection Not Synchronized',
                                 2: 'Bad Message Length',
                                 3: 'Bad Message Type'}),
    2: ('OPEN Message Error', {0: 'Unspecific',
                               1: 'Unsupported Version Number',
                               2: 'Bad Peer AS', 3: 'Bad BGP Identifier',
                               4: 'Unsupported Optional Parameter',
                               6: 'Unacceptable Hold Time',
                               7: 'Unsupported Capability',
                               11: 'Role Mismatch'}),
    3: ('UPDATE Message Error', {0: 'Unspecific',
                                 1: 'Malformed Attribute List',
                                 2: 'Unrecognized Well-known Attribute',
                                 3: 'Missing Well-known Attribute',
                                 4: 'Attribute Flags Error',
                                 5: 'Attribute Length Error',
                                 6: 'Invalid ORIGIN Attribute',
                                 8: 'Invalid NEXT_HOP Attribute',
                                 9: 'Optional Attribute Error',
                                 10: 'Invalid Network Field',
                                 11: 'Malformed AS_PATH'}),
    4: ('Hold Timer Expired', {}),
    5: ('Finite State Machine Error', {
        0: 'Unspecified Error',
        1: 'Receive Unexpected Message in OpenSent State',
        2: 'Receive Unexpected Message in OpenConfirm State',
        3: 'Receive Unexpected Message in Established State'}),
    6: ('Cease', {1: 'Maximum Number of Prefixes Reached',
                  2: 'Administrative Shutdown', 3: 'Peer De-configured',
                  4: 'Administrative Reset', 5: 'Connection Rejected',
                  6: 'Other Configuration Change',
                  7: 'Connection Collision Resolution',
                  8: 'Out of Resources', 9: 'Hard Reset', 10: 'BFD Down'}),
    7: ('ROUTE-REFRESH Message Error', {1: 'Invalid Message Length'}),
    8: ('Send Hold Timer Expired', {}),
}


def error_name(code, subcode):
    """'UPDATE Message Error / Malformed Attribute List' for (3, 1)."""
    cname, subs = ERROR_NAMES.get(code, ('Unknown error %d' % code, {}))
    if subcode in subs:
        return '%s / %s' % (cname, subs[subcode])
    if subcode == 0:
        return cname
    return '%s / subcode %d' % (cname, subcode)


def family_name(afi, safi):
    return '%s/%s' % (AFI_NAMES.get(afi, str(afi)),
                      SAFI_NAMES.get(safi, str(safi)))


# --------------------------------------------------------------------------
# Exceptions
# --------------------------------------------------------------------------

class BGPError(Exception):
    """Base class of this module's errors."""


class UnsafeAddressError(BGPError):
    """An address outside 127.0.0.0/8 and ::1 was given."""


class PeerClosed(BGPError):
    """The TCP connection is closed."""


class BGPTimeout(BGPError):
    """An expected message did not arrive in time."""


class NotificationReceived(BGPError):
    """A NOTIFICATION arrived where something else was expected."""

    def __init__(self, msg, what=''):
        self.msg = msg
        BGPError.__init__(self, '%sgot NOTIFICATION %d/%d (%s)%s' % (
            (what + ': ') if what else '', msg['code'], msg['subcode'],
            error_name(msg['code'], msg['subcode']),
            (' data=' + msg['data'].hex()) if msg['data'] else ''))


class ProtocolError(BGPError):
    """The other side did something the exchange did not allow."""


# --------------------------------------------------------------------------
# Network safety
# --------------------------------------------------------------------------

def check_loopback(addr):
    """Return addr as a normalised IP literal if it is in 127.0.0.0/8 or is
    ::1 (an IPv4-mapped ::ffff:127.x.y.z counts as its IPv4 address);
    otherwise raise UnsafeAddressError.  Names are not resolved, except
    'localhost' which is read as 127.0.0.1."""
    if addr is None:
        raise UnsafeAddressError('no address given')
    text = str(addr).strip()
    if text.startswith('[') and text.endswith(']'):
        text = text[1:-1]
    if text.lower() == 'localhost':
        return '127.0.0.1'
    try:
        ip = ipaddress.ip_address(text)
    except ValueError:
        raise UnsafeAddressError(
            'refusing %r: only literal loopback addresses (127.0.0.0/8, ::1) '
            'are allowed' % (addr,))
    if ip.version == 6 and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    if not ip.is_loopback:
        raise UnsafeAddressError(
            'refusing %s: this tool only talks to 127.0.0.0/8 and ::1' % ip)
    return str(ip)


def _check_port(port):
    port = int(port)
    if not 0 <= port <= 65535:
        raise BGPError('bad port %r' % port)
    return port


def _family(addr):
    return socket.AF_INET6 if ':' in addr else socket.AF_INET


# --------------------------------------------------------------------------
# Small encoders
# --------------------------------------------------------------------------

def fmt_ip(raw):
    """Text of a packed IPv4/IPv6 address; IPv4-mapped IPv6 addresses are
    written ::ffff:a.b.c.d whatever the Python version."""
    ip = ipaddress.ip_address(bytes(raw))
    if ip.version == 6 and ip.ipv4_mapped is not None:
        return '::ffff:%s' % ip.ipv4_mapped
    return str(ip)


def ip4(addr):
    """4 bytes for an IPv4 address given as str, int or bytes."""
    if isinstance(addr, (bytes, bytearray)):
        return bytes(addr)
    if isinstance(addr, int):
        return struct.pack('!I', addr & 0xFFFFFFFF)
    return ipaddress.IPv4Address(addr).packed


def ip_bytes(addr):
    """Packed bytes of an IPv4 or IPv6 address (bytes pass through)."""
    if isinstance(addr, (bytes, bytearray)):
        return bytes(addr)
    return ipaddress.ip_address(addr).packed


def hexbytes(text):
    """bytes from hex text; spaces, ':' and '_' and a 0x prefix are ignored."""
    t = text.strip().replace(' ', '').replace(':', '').replace('_', '')
    if t.lower().startswith('0x'):
        t = t[2:]
    return bytes.fromhex(t)


def _u8(v):
    if not 0 <= v <= 0xFF:
        raise ValueError('value %r does not fit in one octet' % v)
    return bytes([v])


def _u16(v):
    return struct.pack('!H', v & 0xFFFF)


def _u32(v):
    return struct.pack('!I', v & 0xFFFFFFFF)


# --------------------------------------------------------------------------
# Prefix (NLRI) encoding
# --------------------------------------------------------------------------

def prefix_bytes(plen, addr_bytes):
    """Raw NLRI entry: one length octet then the address octets given (no
    checks, for malformed entries such as a /33)."""
    return _u8(plen) + bytes(addr_bytes)


def encode_prefix(prefix, plen_override=None, path_id=None):
    """Encode '10.1.0.0/24' or '2001:db8::/32' as an NLRI entry: length in
    bits, then the minimum number of address octets.  plen_override writes
    another length octet with the same address octets; path_id prepends an
    ADD-PATH path identifier (RFC 7911).  bytes pass through unchanged."""
    if isinstance(prefix, (bytes, bytearray)):
        return bytes(prefix)
    net = ipaddress.ip_network(str(prefix), strict=False)
    plen = net.prefixlen
    body = net.network_address.packed[:(plen + 7) // 8]
    out = _u8(plen if plen_override is None else plen_override) + body
    if path_id is not None:
        out = _u32(path_id) + out
    return out


def encode_prefixes(prefixes):
    return b''.join(encode_prefix(p) for p in prefixes)


def decode_prefixes(data, afi=AFI_IPV4, addpath=False):
    """Decode an NLRI field.  Returns (list of 'addr/len' strings, error or
    None).  Errors: prefix length too long for the family, or last prefix
    running past the end of the field (RFC 7606 section 5.3)."""
    maxlen = 128 if afi == AFI_IPV6 else 32
    alen = 16 if afi == AFI_IPV6 else 4
    out = []
    i = 0
    n = len(data)
    while i < n:
        pid = None
        if addpath:
            if i + 4 > n:
                return out, 'truncated path identifier at offset %d' % i
            pid = struct.unpack_from('!I', data, i)[0]
            i += 4
            if i >= n:
                return out, 'path identifier without prefix at offset %d' % i
        plen = data[i]
        i += 1
        if plen > maxlen:
            return out, 'prefix length %d > %d at offset %d' % (
                plen, maxlen, i - 1)
        nbytes = (plen + 7) // 8
        if i + nbytes > n:
            return out, ('prefix /%d needs %d octets, %d left at offset %d'
                         % (plen, nbytes, n - i, i - 1))
        raw = data[i:i + nbytes] + b'\x00' * (alen - nbytes)
        i += nbytes
        if afi == AFI_IPV6:
            addr = ipaddress.IPv6Address(raw)
        else:
            addr = ipaddress.IPv4Address(raw)
        text = '%s/%d' % (addr, plen)
        if pid is not None:
            text = '%s#%d' % (text, pid)
        out.append(text)
    return out, None


# --------------------------------------------------------------------------
# Message builders
# --------------------------------------------------------------------------

def header(msg_type, body=b'', length_override=None, marker=None):
    """A BGP message: 16-octet marker, 2-octet length, 1-octet type, body.
    marker: 16 bytes to use instead of all ones (any bytes are accepted)."""
    length = HEADER_LEN + len(body) if length_override is None \
        else length_override
    m = MARKER if marker is None else bytes(marker)
    return m + _u16(length) + _u8(msg_type) + bytes(body)


# Capabilities (RFC 5492): code, length, value.

def capability(code, value=b'', length_override=None):
    """Any capability TLV (also the 'arbitrary raw capability' builder)."""
    ln = len(value) if length_override is None else length_override
    return _u8(code) + _u8(ln) + bytes(value)


cap_raw = capability


def cap_multiprotocol(afi=AFI_IPV4, safi=SAFI_UNICAST, reserved=0, **kw):
    """RFC 4760 Multiprotocol Extensions capability (code 1)."""
    return capability(CAP_MULTIPROTOCOL,
                      _u16(afi) + _u8(reserved) + _u8(safi), **kw)


def cap_route_refresh(**kw):
    """RFC 2918 Route Refresh capability (code 2)."""
    return capability(CAP_ROUTE_REFRESH, b'', **kw)


def cap_enhanced_route_refresh(**kw):
    """RFC 7313 Enhanced Route Refresh capability (code 70)."""
    return capability(CAP_ENHANCED_ROUTE_REFRESH, b'', **kw)


def cap_as4(asn, **kw):
    """RFC 6793 4-octet AS number capability (code 65)."""
    return capability(CAP_AS4, _u32(asn), **kw)


def cap_extended_message(**kw):
    """RFC 8654 Extended Message capability (code 6)."""
    return capability(CAP_EXTENDED_MESSAGE, b'', **kw)


def cap_graceful_restart(restart_time=120, restart_flags=0, families=(),
                         **kw):
    """RFC 4724 Graceful Restart capability (code 64).  restart_flags is the
    4-bit flags field (0x8 = R, 0x4 = N); families: (afi, safi, flags)."""
    v = _u16(((restart_flags & 0xF) << 12) | (restart_time & 0x0FFF))
    for afi, safi, fl in families:
        v += _u16(afi) + _u8(safi) + _u8(fl)
    return capability(CAP_GRACEFUL_RESTART, v, **kw)


def cap_add_path(families=((AFI_IPV4, SAFI_UNICAST, 3),), **kw):
    """RFC 7911 ADD-PATH capability (code 69); families: (afi, safi,
    send/receive: 1 receive, 2 send, 3 both).  The parser does not decode
    path identifiers unless told to."""
    v = b''.join(_u16(a) + _u8(s) + _u8(sr) for a, s, sr in families)
    return capability(CAP_ADD_PATH, v, **kw)


def default_caps(my_as):
    """Capabilities sent when none are given: IPv4 and IPv6 unicast, route
    refresh, enhanced route refresh, 4-octet AS.  (No extended message, so
    a message over 4096 octets stays an error.)"""
    return [cap_multiprotocol(AFI_IPV4, SAFI_UNICAST),
            cap_multiprotocol(AFI_IPV6, SAFI_UNICAST),
            cap_route_refresh(), cap_enhanced_route_refresh(),
            cap_as4(my_as)]


def opt_param(ptype, value, length_override=None):
    """One OPEN optional parameter: type, length, value."""
    ln = len(value) if length_override is None else length_override
    return _u8(ptype) + _u8(ln) + bytes(value)


def open(my_as, hold=90, bgp_id='10.0.0.1', caps=None, version=4,
         opt_params_raw=None, opt_len_override=None, caps_per_param=False,
         as_field=None, extra=b'', length_override=None, marker=None):
    """An OPEN message (RFC 4271 section 4.2).

    my_as       our AS; above 65535 the 2-octet field carries AS_TRANS
                (as_field overrides the 2-octet field outright)
    caps        list of capability TLVs (bytes); None = default_caps(my_as),
                [] = no Capabilities parameter at all
    caps_per_param  one optional parameter per capability instead of one
                parameter holding them all
    opt_params_raw  the whole Optional Parameters field as bytes (replaces
                the one built from caps)
    opt_len_override  value written in the Opt Parm Len octet
    extra       bytes appended after the optional parameters
    """
    if caps is None:
        caps = default_caps(my_as)
    if opt_params_raw is None:
        if not caps:
            params = b''
        elif caps_per_param:
            params = b''.join(opt_param(PARAM_CAPABILITIES, c) for c in caps)
        else:
            params = opt_param(PARAM_CAPABILITIES, b''.join(caps))
    else:
        params = bytes(opt_params_raw)
    if as_field is None:
        as_field = my_as if my_as <= 0xFFFF else AS_TRANS
    olen = len(params) if opt_len_override is None else opt_len_override
    body = (_u8(version) + _u16(as_field) + _u16(hold) + ip4(bgp_id) +
            _u8(olen) + params + bytes(extra))
    return header(MSG_OPEN, body, length_override, marker)


open_msg = open   # alias that does not shadow the builtin when imported *


def keepalive(body=b'', length_override=None, marker=None):
    """A KEEPALIVE: the 19-octet header only (a body makes it malformed)."""
    return header(MSG_KEEPALIVE, body, length_override, marker)


def shutdown_data(text, length_override=None):
    """RFC 8203/9003 Shutdown Communication: one length octet then UTF-8."""
    raw = text.encode('utf-8') if isinstance(text, str) else bytes(text)
    ln = len(raw) if length_override is None else length_override
    return _u8(ln) + raw


def notification(code, subcode=0, data=b'', length_override=None,
                 marker=None):
    """A NOTIFICATION (RFC 4271 section 4.5)."""
    return header(MSG_NOTIFICATION, _u8(code) + _u8(subcode) + bytes(data),
                  length_override, marker)


def notification_shutdown(text, subcode=2, **kw):
    """Cease / Administrative Shutdown (2) or Reset (4) with a message."""
    return notification(ERR_CEASE, subcode, shutdown_data(text), **kw)


def route_refresh(afi=AFI_IPV4, safi=SAFI_UNICAST, subtype=0, extra=b'',
                  length_override=None, marker=None):
    """A ROUTE-REFRESH (RFC 2918; subtype 1 BoRR / 2 EoRR per RFC 7313)."""
    return header(MSG_ROUTE_REFRESH,
                  _u16(afi) + _u8(subtype) + _u8(safi) + bytes(extra),
                  length_override, marker)


def update(withdrawn=(), attrs=(), nlri=(), withdrawn_len_override=None,
           attrs_len_override=None, length_override=None, marker=None,
           trailing=b''):
    """An UPDATE (RFC 4271 section 4.3).  withdrawn/nlri: IPv4 prefix
    strings or already encoded bytes; attrs: attribute bytes from the
    attribute builders.  The two length fields can be overridden."""
    w = b''.join(encode_prefix(p) for p in withdrawn)
    a = b''.join(bytes(x) for x in attrs)
    n = b''.join(encode_prefix(p) for p in nlri)
    wl = len(w) if withdrawn_len_override is None else withdrawn_len_override
    al = len(a) if attrs_len_override is None else attrs_len_override
    body = _u16(wl) + w + _u16(al) + a + n + bytes(trailing)
    return header(MSG_UPDATE, body, length_override, marker)


def eor(afi=AFI_IPV4, safi=SAFI_UNICAST):
    """End-of-RIB marker (RFC 4724 section 2)."""
    if afi == AFI_IPV4 and safi == SAFI_UNICAST:
        return update()
    return update(attrs=[mp_unreach(afi, safi, [])])


def eor_ipv4():
    return eor(AFI_IPV4, SAFI_UNICAST)


def eor_ipv6():
    return eor(AFI_IPV6, SAFI_UNICAST)


# Path attributes (RFC 4271 section 4.3): flags, type, length (1 or 2
# octets), value.

def attr(type_code, value=b'', flags=None, length_override=None,
         extended=None):
    """One path attribute.

    flags=None uses the O/T bits the attribute is specified with (unknown
    types: optional transitive) and sets Extended Length when the value is
    over 255 octets.  Given flags are written exactly, except that
    extended=True/False forces the Extended Length bit on/off.  The length
    field is one octet, or two when the Extended Length bit is set;
    length_override writes another length there."""
    value = bytes(value)
    if flags is None:
        flags = DEFAULT_FLAGS.get(type_code, FLAG_OPTIONAL | FLAG_TRANSITIVE)
        if extended is None:
            extended = len(value) > 255 or (length_override or 0) > 255
    if extended is True:
        flags |= FLAG_EXTENDED
    elif extended is False:
        flags &= ~FLAG_EXTENDED
    ln = len(value) if length_override is None else length_override
    if flags & FLAG_EXTENDED:
        lfield = _u16(ln)
    else:
        if ln > 255:
            raise ValueError('attribute length %d needs the extended length '
                             'flag' % ln)
        lfield = _u8(ln)
    return _u8(flags & 0xFF) + _u8(type_code) + lfield + value


def raw_attr(flags, type_code, value=b'', length_override=None):
    """An attribute with exactly these flags/type/value (any combination)."""
    return attr(type_code, value, flags=flags, length_override=length_override)


def origin(value=ORIGIN_IGP, **kw):
    """ORIGIN (type 1): 'igp'/'egp'/'incomplete' or an int (any value)."""
    if isinstance(value, str):
        value = {'igp': 0, 'i': 0, 'egp': 1, 'e': 1, 'incomplete': 2,
                 '?': 2}[value.lower()]
    return attr(ATTR_ORIGIN, _u8(value), **kw)


def as_path_segment(seg_type, asns, as4=True, count_override=None):
    """One AS_PATH segment: type, count of ASes, the ASes (2 or 4 octets)."""
    cnt = len(asns) if count_override is None else count_override
    enc = _u32 if as4 else _u16
    return _u8(seg_type) + _u8(cnt) + b''.join(enc(a) for a in asns)


def _segments(segments, as4):
    """segments: list of ints (one AS_SEQUENCE), or of (type, [asns]) /
    (type, [asns], count_override) tuples and raw segment bytes."""
    segments = list(segments)
    if segments and all(isinstance(s, int) for s in segments):
        segments = [(AS_SEQUENCE, segments)]
    out = b''
    for s in segments:
        if isinstance(s, (bytes, bytearray)):
            out += bytes(s)
        else:
            cnt = s[2] if len(s) > 2 else None
            out += as_path_segment(s[0], s[1], as4, cnt)
    return out


def as_path(segments=(), as4=True, **kw):
    """AS_PATH (type 2).  [65001, 65002] is one AS_SEQUENCE; otherwise a
    list of (AS_SEQUENCE|AS_SET|AS_CONFED_SEQUENCE|AS_CONFED_SET, [asns])
    tuples (a third element overrides the segment count) or raw bytes.
    as4: 4-octet AS numbers (session negotiated RFC 6793) or 2-octet."""
    return attr(ATTR_AS_PATH, _segments(segments, as4), **kw)


def as4_path(segments=(), **kw):
    """AS4_PATH (type 17, RFC 6793): like AS_PATH, always 4-octet."""
    return attr(ATTR_AS4_PATH, _segments(segments, True), **kw)


def next_hop(addr, **kw):
    """NEXT_HOP (type 3).  An IPv6 address gives a 16-octet (bad) value."""
    return attr(ATTR_NEXT_HOP, ip_bytes(addr) if not isinstance(addr, int)
                else ip4(addr), **kw)


def med(value, **kw):
    """MULTI_EXIT_DISC (type 4), 4 octets."""
    return attr(ATTR_MED, _u32(value), **kw)


def local_pref(value, **kw):
    """LOCAL_PREF (type 5), 4 octets."""
    return attr(ATTR_LOCAL_PREF, _u32(value), **kw)


def atomic_aggregate(**kw):
    """ATOMIC_AGGREGATE (type 6), empty."""
    return attr(ATTR_ATOMIC_AGGREGATE, b'', **kw)


def aggregator(asn, addr, as4=True, **kw):
    """AGGREGATOR (type 7): AS (4 octets if as4 else 2) + IPv4 address."""
    return attr(ATTR_AGGREGATOR, (_u32(asn) if as4 else _u16(asn)) +
                ip4(addr), **kw)


def as4_aggregator(asn, addr, **kw):
    """AS4_AGGREGATOR (type 18, RFC 6793): 4-octet AS + IPv4 address."""
    return attr(ATTR_AS4_AGGREGATOR, _u32(asn) + ip4(addr), **kw)


def community_value(c):
    """32-bit community from 'A:B', a well-known name or an int."""
    if isinstance(c, int):
        return c
    c = str(c).strip().lower()
    if c in WELL_KNOWN_COMMUNITIES:
        return WELL_KNOWN_COMMUNITIES[c]
    if ':' in c:
        hi, lo = c.split(':', 1)
        return (int(hi) << 16) | int(lo)
    return int(c, 0)


def communities(items, **kw):
    """COMMUNITIES (type 8, RFC 1997): 'A:B', names or ints."""
    return attr(ATTR_COMMUNITIES,
                b''.join(_u32(community_value(c)) for c in items), **kw)


def originator_id(addr, **kw):
    """ORIGINATOR_ID (type 9, RFC 4456)."""
    return attr(ATTR_ORIGINATOR_ID, ip4(addr), **kw)


def cluster_list(addrs, **kw):
    """CLUSTER_LIST (type 10, RFC 4456)."""
    return attr(ATTR_CLUSTER_LIST, b''.join(ip4(a) for a in addrs), **kw)


def _nexthop_bytes(nexthop):
    if isinstance(nexthop, (bytes, bytearray)):
        return bytes(nexthop)
    if isinstance(nexthop, str):
        nexthop = [nexthop]
    return b''.join(ip_bytes(a) for a in nexthop)


def mp_reach(afi, safi, nexthop, nlri=(), nh_len_override=None, reserved=0,
             **kw):
    """MP_REACH_NLRI (type 14, RFC 4760): AFI, SAFI, next hop length, next
    hop (bytes, an address, or a list such as [global, link-local]), one
    reserved octet, NLRI (prefix strings or encoded bytes)."""
    nh = _nexthop_bytes(nexthop)
    nhl = len(nh) if nh_len_override is None else nh_len_override
    value = (_u16(afi) + _u8(safi) + _u8(nhl) + nh + _u8(reserved) +
             b''.join(encode_prefix(p) for p in nlri))
    return attr(ATTR_MP_REACH, value, **kw)


def mp_unreach(afi, safi, withdrawn=(), **kw):
    """MP_UNREACH_NLRI (type 15, RFC 4760): AFI, SAFI, withdrawn routes."""
    value = _u16(afi) + _u8(safi) + b''.join(encode_prefix(p)
                                             for p in withdrawn)
    return attr(ATTR_MP_UNREACH, value, **kw)


def ext_community_value(c):
    """8 octets from bytes, a 64-bit int, 16 hex digits, 'rt:ASN:N' or
    'soo:ASN:N' (2-octet AS specific; ASN above 65535 uses the 4-octet AS
    form), or 'rt:A.B.C.D:N' (IPv4 address specific)."""
    if isinstance(c, (bytes, bytearray)):
        return bytes(c)
    if isinstance(c, int):
        return struct.pack('!Q', c)
    s = str(c).strip()
    parts = s.split(':')
    if len(parts) == 3 and parts[0].lower() in ('rt', 'soo'):
        sub = 0x02 if parts[0].lower() == 'rt' else 0x03
        if '.' in parts[1]:
            return (_u8(0x01) + _u8(sub) + ip4(parts[1]) +
                    _u16(int(parts[2])))
        a = int(parts[1])
        if a > 0xFFFF:
            return _u8(0x02) + _u8(sub) + _u32(a) + _u16(int(parts[2]))
        return _u8(0x00) + _u8(sub) + _u16(a) + _u32(int(parts[2]))
    b = hexbytes(s)
    if len(b) != 8:
        raise ValueError('extended community %r is not 8 octets' % c)
    return b


def ext_communities(items, **kw):
    """EXTENDED COMMUNITIES (type 16, RFC 4360)."""
    return attr(ATTR_EXT_COMMUNITIES,
                b''.join(ext_community_value(c) for c in items), **kw)


def large_community_value(c):
    """12 octets from 'A:B:C', (A, B, C) or bytes (passed through)."""
    if isinstance(c, (bytes, bytearray)):
        return bytes(c)
    if isinstance(c, (tuple, list)):
        a, b, d = c
    else:
        a, b, d = (int(x) for x in str(c).split(':'))
    return _u32(a) + _u32(b) + _u32(d)


def large_communities(items, **kw):
    """LARGE_COMMUNITY (type 32, RFC 8092): 'A:B:C' or (A, B, C)."""
    return attr(ATTR_LARGE_COMMUNITIES,
                b''.join(large_community_value(c) for c in items), **kw)


# --------------------------------------------------------------------------
# Parser
# --------------------------------------------------------------------------

class FramingError(BGPError):
    """The byte stream cannot be split into messages (bad marker/length)."""


def split_messages(buf, max_len=MAX_EXT_MSG_LEN, check_marker=True):
    """Split a byte stream into whole messages.  Returns (list of raw
    messages, rest of the buffer).  Raises FramingError on a marker that is
    not all ones (if check_marker) or a length field < 19 or > max_len,
    since the stream cannot be resynchronised after that."""
    msgs = []
    i = 0
    n = len(buf)
    while n - i >= HEADER_LEN:
        if check_marker and buf[i:i + 16] != MARKER:
            raise FramingError('marker is not all ones: %s' %
                               bytes(buf[i:i + 16]).hex())
        ln = struct.unpack_from('!H', buf, i + 16)[0]
        if ln < HEADER_LEN or ln > max_len:
            raise FramingError('bad message length %d' % ln)
        if n - i < ln:
            break
        msgs.append(bytes(buf[i:i + ln]))
        i += ln
    return msgs, bytes(buf[i:])


def parse_capabilities(data):
    """Decode a Capabilities optional parameter value into a list of dicts
    {'code', 'name', 'value', ...decoded fields} plus a list of errors."""
    caps = []
    errors = []
    i = 0
    while i < len(data):
        if i + 2 > len(data):
            errors.append('capability header truncated at offset %d' % i)
            break
        code, ln = data[i], data[i + 1]
        v = data[i + 2:i + 2 + ln]
        if len(v) < ln:
            errors.append('capability %d length %d overruns the parameter'
                          % (code, ln))
        i += 2 + ln
        c = {'code': code, 'name': CAP_NAMES.get(code, 'cap-%d' % code),
             'value': bytes(v)}
        try:
            if code == CAP_MULTIPROTOCOL and len(v) == 4:
                c['afi'], c['safi'] = struct.unpack('!H', v[:2])[0], v[3]
            elif code == CAP_AS4 and len(v) == 4:
                c['asn'] = struct.unpack('!I', v)[0]
            elif code == CAP_GRACEFUL_RESTART and len(v) >= 2:
                w = struct.unpack('!H', v[:2])[0]
                c['restart_flags'] = w >> 12
                c['restart_time'] = w & 0x0FFF
                c['families'] = [(struct.unpack('!H', v[j:j + 2])[0],
                                  v[j + 2], v[j + 3])
                                 for j in range(2, len(v) - 3, 4)]
            elif code == CAP_ADD_PATH:
                c['families'] = [(struct.unpack('!H', v[j:j + 2])[0],
                                  v[j + 2], v[j + 3])
                                 for j in range(0, len(v) - 3, 4)]
            elif code == CAP_FQDN and len(v) >= 1:
                hl = v[0]
                c['hostname'] = v[1:1 + hl].decode('utf-8', 'replace')
                if len(v) > 1 + hl:
                    dl = v[1 + hl]
                    c['domain'] = v[2 + hl:2 + hl + dl].decode('utf-8',
                                                               'replace')
        except (IndexError, struct.error):
            errors.append('capability %d value malformed' % code)
        caps.append(c)
    return caps, errors


def _parse_open(body, d):
    errors = d['errors']
    if len(body) < 10:
        errors.append('OPEN body %d octets < 10' % len(body))
        return
    d['version'] = body[0]
    d['my_as'] = struct.unpack('!H', body[1:3])[0]
    d['hold'] = struct.unpack('!H', body[3:5])[0]
    d['bgp_id'] = str(ipaddress.IPv4Address(body[5:9]))
    olen = body[9]
    params_raw = body[10:]
    ext = False
    # RFC 9072 extended optional parameters length.
    if olen == 255 and len(params_raw) >= 3 and \
            params_raw[0] == PARAM_EXTENDED:
        ext = True
        olen = struct.unpack('!H', params_raw[1:3])[0]
        params_raw = params_raw[3:]
    d['opt_len'] = olen
    d['extended_params'] = ext
    if olen != len(params_raw):
        errors.append('optional parameters length %d but %d octets follow'
                      % (olen, len(params_raw)))
    params_raw = params_raw[:olen]
    params = []
    caps = []
    i = 0
    hl = 3 if ext else 2
    while i < len(params_raw):
        if i + hl > len(params_raw):
            errors.append('optional parameter header truncated')
            break
        ptype = params_raw[i]
        if ext:
            plen = struct.unpack('!H', params_raw[i + 1:i + 3])[0]
        else:
            plen = params_raw[i + 1]
        v = params_raw[i + hl:i + hl + plen]
        if len(v) < plen:
            errors.append('optional parameter %d length %d overruns'
                          % (ptype, plen))
        i += hl + plen
        params.append({'type': ptype, 'value': bytes(v)})
        if ptype == PARAM_CAPABILITIES:
            c, e = parse_capabilities(v)
            caps.extend(c)
            errors.extend(e)
    d['opt_params'] = params
    d['capabilities'] = caps
    d['asn'] = d['my_as']
    fams = []
    for c in caps:
        if c['code'] == CAP_AS4 and 'asn' in c:
            d['asn'] = c['asn']
        if c['code'] == CAP_MULTIPROTOCOL and 'afi' in c:
            fams.append((c['afi'], c['safi']))
    d['families'] = fams


def has_cap(open_msg_dict, code):
    """True if a parsed OPEN advertises capability `code`."""
    return any(c['code'] == code
               for c in (open_msg_dict or {}).get('capabilities', []))


def parse_as_path(data, as4=True):
    """Decode AS_PATH/AS4_PATH segments -> (list of (type, [asns]), error)."""
    segs = []
    w = 4 if as4 else 2
    i = 0
    while i < len(data):
        if i + 2 > len(data):
            return segs, 'segment header truncated (underrun)'
        st, cnt = data[i], data[i + 1]
        if st not in SEGMENT_NAMES:
            return segs, 'unknown segment type %d' % st
        if cnt == 0:
            return segs, 'zero-length segment'
        if i + 2 + cnt * w > len(data):
            return segs, 'segment of %d ASes overruns the attribute' % cnt
        fmt = '!%d%s' % (cnt, 'I' if as4 else 'H')
        segs.append((st, list(struct.unpack_from(fmt, data, i + 2))))
        i += 2 + cnt * w
    return segs, None


def as_path_str(segs):
    """'65001 65002 {65003,65004} (65010)' style text for segments."""
    out = []
    for st, asns in segs:
        s = ' '.join(str(a) for a in asns)
        if st == AS_SET:
            out.append('{%s}' % ','.join(str(a) for a in asns))
        elif st == AS_CONFED_SEQUENCE:
            out.append('(%s)' % s)
        elif st == AS_CONFED_SET:
            out.append('[%s]' % ','.join(str(a) for a in asns))
        else:
            out.append(s)
    return ' '.join(out)


def _fmt_community(v):
    if v in COMMUNITY_NAMES:
        return COMMUNITY_NAMES[v]
    return '%d:%d' % (v >> 16, v & 0xFFFF)


def _fmt_ext_community(b):
    t, st = b[0], b[1]
    names = {2: 'rt', 3: 'soo'}
    if t in (0x00, 0x40) and st in names:
        return '%s:%d:%d' % (names[st], struct.unpack('!H', b[2:4])[0],
                             struct.unpack('!I', b[4:8])[0])
    if t in (0x01, 0x41) and st in names:
        return '%s:%s:%d' % (names[st], ipaddress.IPv4Address(b[2:6]),
                             struct.unpack('!H', b[6:8])[0])
    if t in (0x02, 0x42) and st in names:
        return '%s:%d:%d' % (names[st], struct.unpack('!I', b[2:6])[0],
                             struct.unpack('!H', b[6:8])[0])
    return b.hex()


def _decode_attr(a, d, as4, addpath):
    """Decode one attribute's value into a['decoded'] and the top-level
    fields of the UPDATE dict d (first occurrence wins).  Returns an error
    string or None."""
    t = a['type']
    v = a['value']
    ln = len(v)
    key = None
    val = None
    err = None
    if t == ATTR_ORIGIN:
        key = 'origin'
        if ln != 1:
            err = 'ORIGIN length %d != 1' % ln
        elif v[0] not in ORIGIN_NAMES:
            err = 'ORIGIN value %d undefined' % v[0]
            val = v[0]
        else:
            val = ORIGIN_NAMES[v[0]]
    elif t in (ATTR_AS_PATH, ATTR_AS4_PATH):
        key = 'as_path' if t == ATTR_AS_PATH else 'as4_path'
        segs, err = parse_as_path(v, as4 or t == ATTR_AS4_PATH)
        val = segs
        if not err:
            d[key + '_str'] = d.get(key + '_str', as_path_str(segs))
    elif t == ATTR_NEXT_HOP:
        key = 'next_hop'
        if ln != 4:
            err = 'NEXT_HOP length %d != 4' % ln
        else:
            val = str(ipaddress.IPv4Address(v))
    elif t in (ATTR_MED, ATTR_LOCAL_PREF):
        key = 'med' if t == ATTR_MED else 'local_pref'
        if ln != 4:
            err = '%s length %d != 4' % (ATTR_NAMES[t], ln)
        else:
            val = struct.unpack('!I', v)[0]
    elif t == ATTR_ATOMIC_AGGREGATE:
        key = 'atomic_aggregate'
        val = True
        if ln != 0:
            err = 'ATOMIC_AGGREGATE length %d != 0' % ln
    elif t in (ATTR_AGGREGATOR, ATTR_AS4_AGGREGATOR):
        key = 'aggregator' if t == ATTR_AGGREGATOR else 'as4_aggregator'
        w = 4 if (as4 or t == ATTR_AS4_AGGREGATOR) else 2
        if ln != w + 4:
            err = '%s length %d != %d' % (ATTR_NAMES[t], ln, w + 4)
        else:
            asn = struct.unpack('!I' if w == 4 else '!H', v[:w])[0]
            val = (asn, str(ipaddress.IPv4Address(v[w:])))
    elif t == ATTR_COMMUNITIES:
        key = 'communities'
        if ln == 0 or ln % 4:
            err = 'COMMUNITIES length %d not a non-zero multiple of 4' % ln
        else:
            val = [_fmt_community(struct.unpack_from('!I', v, j)[0])
                   for j in range(0, ln, 4)]
    elif t == ATTR_ORIGINATOR_ID:
        key = 'originator_id'
        if ln != 4:
            err = 'ORIGINATOR_ID length %d != 4' % ln
        else:
            val = str(ipaddress.IPv4Address(v))
    elif t == ATTR_CLUSTER_LIST:
        key = 'cluster_list'
        if ln == 0 or ln % 4:
            err = 'CLUSTER_LIST length %d not a non-zero multiple of 4' % ln
        else:
            val = [str(ipaddress.IPv4Address(v[j:j + 4]))
                   for j in range(0, ln, 4)]
    elif t == ATTR_EXT_COMMUNITIES:
        key = 'ext_communities'
        if ln == 0 or ln % 8:
            err = 'EXT_COMMUNITIES length %d not a non-zero multiple of 8' \
                % ln
        else:
            val = [_fmt_ext_community(v[j:j + 8]) for j in range(0, ln, 8)]
    elif t == ATTR_LARGE_COMMUNITIES:
        key = 'large_communities'
        if ln == 0 or ln % 12:
            err = 'LARGE_COMMUNITY length %d not a non-zero multiple of 12' \
                % ln
        else:
            val = ['%d:%d:%d' % struct.unpack_from('!III', v, j)
                   for j in range(0, ln, 12)]
    elif t == ATTR_MP_REACH:
        key = 'mp_reach'
        if ln < 5:
            err = 'MP_REACH_NLRI length %d < 5' % ln
        else:
            afi = struct.unpack('!H', v[:2])[0]
            safi = v[2]
            nhl = v[3]
            nh = v[4:4 + nhl]
            val = {'afi': afi, 'safi': safi, 'nh_len': nhl,
                   'next_hop_raw': bytes(nh), 'next_hop': [], 'nlri': []}
            if 5 + nhl > ln:
                err = 'MP_REACH_NLRI next hop length %d overruns' % nhl
            else:
                if afi in (AFI_IPV4, AFI_IPV6) and safi in (1, 2):
                    if nhl in (4, 16, 32):
                        w = 4 if nhl == 4 else 16
                        val['next_hop'] = [fmt_ip(nh[j:j + w])
                                           for j in range(0, nhl, w)]
                    else:
                        err = 'MP_REACH_NLRI next hop length %d unexpected ' \
                              'for %s' % (nhl, family_name(afi, safi))
                val['reserved'] = v[4 + nhl]
                rest = v[5 + nhl:]
                if afi in (AFI_IPV4, AFI_IPV6) and safi in (1, 2):
                    p, e = decode_prefixes(rest, afi, addpath)
                    val['nlri'] = p
                    err = err or (e and 'MP_REACH_NLRI: ' + e)
                else:
                    val['nlri_raw'] = bytes(rest)
    elif t == ATTR_MP_UNREACH:
        key = 'mp_unreach'
        if ln < 3:
            err = 'MP_UNREACH_NLRI length %d < 3' % ln
        else:
            afi = struct.unpack('!H', v[:2])[0]
            safi = v[2]
            val = {'afi': afi, 'safi': safi, 'withdrawn': []}
            rest = v[3:]
            if afi in (AFI_IPV4, AFI_IPV6) and safi in (1, 2):
                p, e = decode_prefixes(rest, afi, addpath)
                val['withdrawn'] = p
                err = e and 'MP_UNREACH_NLRI: ' + e
            else:
                val['withdrawn_raw'] = bytes(rest)
    a['name'] = ATTR_NAMES.get(t, 'ATTR_%d' % t)
    if val is not None:
        a['decoded'] = val
    if err:
        a['error'] = err
    if key is not None and key not in d and val is not None and not err:
        d[key] = val
    return err


def _parse_update(body, d, as4, addpath):
    errors = d['errors']
    d.update({'withdrawn': [], 'attrs': [], 'nlri': []})
    if len(body) < 4:
        errors.append('UPDATE body %d octets < 4' % len(body))
        return
    wl = struct.unpack('!H', body[:2])[0]
    d['withdrawn_len'] = wl
    if 2 + wl + 2 > len(body):
        errors.append('withdrawn routes length %d overruns the message' % wl)
        return
    w, e = decode_prefixes(body[2:2 + wl], AFI_IPV4, addpath)
    d['withdrawn'] = w
    if e:
        errors.append('withdrawn routes: ' + e)
    al = struct.unpack('!H', body[2 + wl:4 + wl])[0]
    d['attrs_len'] = al
    astart = 4 + wl
    if astart + al > len(body):
        errors.append('total path attribute length %d overruns the message'
                      % al)
        return
    abuf = body[astart:astart + al]
    n, e = decode_prefixes(body[astart + al:], AFI_IPV4, addpath)
    d['nlri'] = n
    if e:
        errors.append('NLRI: ' + e)
    i = 0
    seen = set()
    while i < len(abuf):
        if len(abuf) - i < 3:
            errors.append('%d stray octets after the last attribute'
                          % (len(abuf) - i))
            break
        flags, t = abuf[i], abuf[i + 1]
        if flags & FLAG_EXTENDED:
            if len(abuf) - i < 4:
                errors.append('extended attribute header truncated')
                break
            ln = struct.unpack('!H', abuf[i + 2:i + 4])[0]
            hl = 4
        else:
            ln = abuf[i + 2]
            hl = 3
        v = abuf[i + hl:i + hl + ln]
        a = {'flags': flags, 'type': t, 'length': ln, 'value': bytes(v)}
        if len(v) < ln:
            a['error'] = 'attribute length %d overruns the path attributes' \
                % ln
            a['name'] = ATTR_NAMES.get(t, 'ATTR_%d' % t)
            errors.append('%s: %s' % (a['name'], a['error']))
            d['attrs'].append(a)
            break
        i += hl + ln
        err = _decode_attr(a, d, as4, addpath)
        if t in DEFAULT_FLAGS and \
                (flags & 0xC0) != DEFAULT_FLAGS[t]:
            err2 = '%s flags 0x%02x conflict with its type' % (a['name'],
                                                               flags)
            errors.append(err2)
        if t in seen:
            errors.append('duplicate %s' % a['name'])
            a['duplicate'] = True
        seen.add(t)
        if err:
            errors.append(err)
        d['attrs'].append(a)
    mu = d.get('mp_unreach')
    if not d['withdrawn'] and not d['nlri'] and not al:
        d['eor'] = (AFI_IPV4, SAFI_UNICAST)
    elif mu is not None and not mu['withdrawn'] and len(d['attrs']) == 1 \
            and not d['withdrawn'] and not d['nlri']:
        d['eor'] = (mu['afi'], mu['safi'])


def _parse_notification(body, d):
    if len(body) < 2:
        d['errors'].append('NOTIFICATION body %d octets < 2' % len(body))
        d['code'] = body[0] if body else 0
        d['subcode'] = 0
        d['data'] = b''
        return
    d['code'], d['subcode'] = body[0], body[1]
    d['data'] = bytes(body[2:])
    d['name'] = error_name(d['code'], d['subcode'])
    # RFC 8203 / RFC 9003 shutdown communication.
    if d['code'] == ERR_CEASE and d['subcode'] in (2, 4) and d['data']:
        ln = d['data'][0]
        raw = d['data'][1:1 + ln]
        if len(raw) < ln:
            d['errors'].append('shutdown communication length %d overruns'
                               % ln)
        try:
            d['shutdown'] = raw.decode('utf-8')
        except UnicodeDecodeError:
            d['errors'].append('shutdown communication is not UTF-8')
            d['shutdown'] = raw.decode('utf-8', 'replace')
        if len(d['data']) > 1 + ln:
            d['shutdown_trailing'] = bytes(d['data'][1 + ln:])


def parse_message(raw, as4=True, addpath=False, ext_msg=False):
    """Decode one whole message into a dict.

    Always present: 'type' (name, or 'TYPE-n'), 'type_code', 'length',
    'raw', 'errors' (list of strings; empty when the message is well
    formed).  OPEN: version, my_as, hold, bgp_id, opt_params, capabilities,
    asn (4-octet AS from the capability if any), families.  UPDATE:
    withdrawn, attrs (list of {flags, type, name, length, value, decoded}),
    nlri, and per attribute origin, as_path (+as_path_str), next_hop, med,
    local_pref, atomic_aggregate, aggregator, communities, originator_id,
    cluster_list, mp_reach {afi, safi, next_hop, nlri}, mp_unreach {afi,
    safi, withdrawn}, ext_communities, large_communities, as4_path,
    as4_aggregator; eor=(afi, safi) for an End-of-RIB.  NOTIFICATION: code,
    subcode, data, name, shutdown (RFC 8203/9003 text).  ROUTE-REFRESH:
    afi, subtype, safi, extra.  as4: AS numbers in AS_PATH/AGGREGATOR are
    4 octets (both sides sent capability 65)."""
    raw = bytes(raw)
    d = {'raw': raw, 'errors': []}
    if len(raw) < HEADER_LEN:
        d.update(type='SHORT', type_code=None, length=len(raw))
        d['errors'].append('message shorter than the 19-octet header')
        return d
    ln = struct.unpack('!H', raw[16:18])[0]
    t = raw[18]
    d['type_code'] = t
    d['type'] = MSG_NAMES.get(t, 'TYPE-%d' % t)
    d['length'] = ln
    if raw[:16] != MARKER:
        d['errors'].append('marker is not all ones')
    if ln != len(raw):
        d['errors'].append('length field %d but %d octets' % (ln, len(raw)))
    if ln > (MAX_EXT_MSG_LEN if ext_msg else MAX_MSG_LEN):
        d['errors'].append('length %d over the maximum' % ln)
    body = raw[HEADER_LEN:]
    if t == MSG_OPEN:
        _parse_open(body, d)
    elif t == MSG_UPDATE:
        _parse_update(body, d, as4, addpath)
    elif t == MSG_NOTIFICATION:
        _parse_notification(body, d)
    elif t == MSG_KEEPALIVE:
        if body:
            d['errors'].append('KEEPALIVE with a %d-octet body' % len(body))
    elif t == MSG_ROUTE_REFRESH:
        if len(body) < 4:
            d['errors'].append('ROUTE-REFRESH body %d octets < 4' % len(body))
        else:
            d['afi'] = struct.unpack('!H', body[:2])[0]
            d['subtype'] = body[2]
            d['safi'] = body[3]
            d['extra'] = bytes(body[4:])
    else:
        d['errors'].append('unknown message type %d' % t)
    return d


def parse_stream(buf, **kw):
    """All whole messages of a byte string, parsed."""
    msgs, _ = split_messages(buf)
    return [parse_message(m, **kw) for m in msgs]


def summarize(d):
    """One line describing a parsed message."""
    t = d.get('type')
    if t == 'OPEN':
        caps = []
        for c in d.get('capabilities', []):
            if c['code'] == CAP_MULTIPROTOCOL and 'afi' in c:
                caps.append('mp:' + family_name(c['afi'], c['safi']))
            elif c['code'] == CAP_AS4 and 'asn' in c:
                caps.append('as4:%d' % c['asn'])
            elif c['code'] == CAP_GRACEFUL_RESTART and 'restart_time' in c:
                caps.append('gr:%d' % c['restart_time'])
            elif c['code'] in CAP_NAMES:
                caps.append(c['name'])
            else:
                caps.append('cap-%d:%s' % (c['code'], c['value'].hex()))
        s = 'OPEN v%s as=%s hold=%s id=%s caps=%s' % (
            d.get('version'), d.get('asn'), d.get('hold'), d.get('bgp_id'),
            ','.join(caps) or '-')
    elif t == 'UPDATE':
        parts = []
        if 'eor' in d:
            parts.append('eor=' + family_name(*d['eor']))
        if d.get('withdrawn'):
            parts.append('withdrawn=' + ','.join(d['withdrawn']))
        mu = d.get('mp_unreach')
        if mu and mu.get('withdrawn'):
            parts.append('withdrawn=' + ','.join(mu['withdrawn']))
        if d.get('nlri'):
            parts.append('nlri=' + ','.join(d['nlri']))
        mr = d.get('mp_reach')
        if mr:
            if mr.get('nlri'):
                parts.append('nlri=' + ','.join(mr['nlri']))
            parts.append('nexthop6=' + ','.join(mr.get('next_hop') or
                                                 [mr['next_hop_raw'].hex()])
                         if mr['afi'] == AFI_IPV6 else
                         'mp_nexthop=' + ','.join(mr.get('next_hop') or []))
        if 'origin' in d:
            parts.append('origin=%s' % d['origin'])
        if 'as_path' in d:
            parts.append('aspath=%s' % (d.get('as_path_str') or '-'))
        if 'next_hop' in d:
            parts.append('nexthop=' + d['next_hop'])
        for k in ('med', 'local_pref'):
            if k in d:
                parts.append('%s=%d' % (k.replace('_', ''), d[k]))
        if d.get('atomic_aggregate'):
            parts.append('atomic-aggregate')
        if 'aggregator' in d:
            parts.append('aggregator=%d:%s' % d['aggregator'])
        for k, name in (('communities', 'community'),
                        ('ext_communities', 'ext-community'),
                        ('large_communities', 'large-community'),
                        ('cluster_list', 'cluster-list')):
            if k in d:
                parts.append('%s=%s' % (name, ','.join(d[k])))
        if 'originator_id' in d:
            parts.append('originator-id=' + d['originator_id'])
        known = {ATTR_ORIGIN, ATTR_AS_PATH, ATTR_NEXT_HOP, ATTR_MED,
                 ATTR_LOCAL_PREF, ATTR_ATOMIC_AGGREGATE, ATTR_AGGREGATOR,
                 ATTR_COMMUNITIES, ATTR_ORIGINATOR_ID, ATTR_CLUSTER_LIST,
                 ATTR_MP_REACH, ATTR_MP_UNREACH, ATTR_EXT_COMMUNITIES,
                 ATTR_LARGE_COMMUNITIES}
        for a in d.get('attrs', []):
            if a['type'] not in known:
                parts.append('attr%d=%s' % (a['type'], a['value'].hex()))
        s = 'UPDATE ' + (' '.join(parts) if parts else '(empty)')
    elif t == 'NOTIFICATION':
        s = 'NOTIFICATION %d/%d (%s)' % (d['code'], d['subcode'],
                                         error_name(d['code'], d['subcode']))
        if 'shutdown' in d:
            s += ' shutdown=%s' % _quote(d['shutdown'])
        elif d.get('data'):
            s += ' data=' + d['data'].hex() + _text_hint(d['data'])
    elif t == 'ROUTE-REFRESH':
        s = 'ROUTE-REFRESH afi=%s safi=%s subtype=%s' % (
            d.get('afi'), d.get('safi'), d.get('subtype'))
    elif t == 'KEEPALIVE':
        s = 'KEEPALIVE'
    else:
        s = '%s length=%s raw=%s' % (t, d.get('length'),
                                     d.get('raw', b'').hex())
    if d.get('errors'):
        s += ' ERRORS=' + _quote('; '.join(d['errors']))
    return s


def _text_hint(data):
    """' text="..."' when data is printable ASCII (some speakers put a
    reason text in NOTIFICATION data), else ''."""
    if len(data) >= 4 and all(32 <= c < 127 for c in data):
        return ' text=' + _quote(data.decode('ascii'))
    return ''


def _quote(text):
    return '"%s"' % text.replace('\\', '\\\\').replace('"', '\\"')


# --------------------------------------------------------------------------
# Peer
# --------------------------------------------------------------------------

class Peer:
    """One BGP connection to (or from) the engine, on loopback only.

    A background thread reads the socket, parses every message, records it
    in self.received, calls on_recv(msg) and queues it for recv_msg().
    The close of the connection by the other side sets self.closed_by
    ('remote', 'reset', 'local')."""

    def __init__(self, on_recv=None, on_event=None):
        self.sock = None
        self.lsock = None
        self.on_recv = on_recv
        self.on_event = on_event
        self.received = []
        self.sent_open = None
        self.remote_open = None
        self.established = False
        self.hold = None
        self.closed_by = None
        self._inbox = collections.deque()
        self._cv = threading.Condition()
        self._send_lock = threading.Lock()
        self._closed = threading.Event()
        self._reader = None
        self._ka_thread = None
        self._ka_stop = threading.Event()
        self.reply_keepalives = False
        self.local_addr = None
        self.remote_addr = None
        self._gen = 0
        self.rcvbuf = None          # SO_RCVBUF for connect()
        self._recv_on = threading.Event()
        self._recv_on.set()

    # -- negotiated state -------------------------------------------------
    @property
    def as4(self):
        """4-octet AS numbers in UPDATEs: both OPENs carry capability 65
        (True until both OPENs are known)."""
        if self.sent_open is None or self.remote_open is None:
            return True
        return has_cap(self.sent_open, CAP_AS4) and \
            has_cap(self.remote_open, CAP_AS4)

    @property
    def ext_msg(self):
        return has_cap(self.sent_open, CAP_EXTENDED_MESSAGE) and \
            has_cap(self.remote_open, CAP_EXTENDED_MESSAGE)

    # -- connection ---------------------------------------------------------
    def _reset_state(self):
        self._gen += 1
        self.received = []
        self.sent_open = None
        self.remote_open = None
        self.established = False
        self.hold = None
        self.closed_by = None
        self._inbox.clear()
        self._closed = threading.Event()
        self._ka_stop = threading.Event()
        self.reply_keepalives = False
        self._recv_on.set()

    def set_reading(self, on):
        """Stop (False) or resume (True) reading the socket."""
        if on:
            self._recv_on.set()
        else:
            self._recv_on.clear()

    def connect(self, host, port, local_addr=None, timeout=5.0, retry=0.0):
        """TCP connect to host:port (loopback only), optionally from
        local_addr.  retry: keep retrying a refused connection this many
        seconds.  Starts the reader thread."""
        host = check_loopback(host)
        port = _check_port(port)
        if local_addr is not None:
            local_addr = check_loopback(local_addr)
            if _family(local_addr) != _family(host):
                raise BGPError('local address %s and remote %s are of '
                               'different families' % (local_addr, host))
        self.close()
        self._reset_state()
        deadline = time.monotonic() + max(0.0, retry)
        while True:
            s = socket.socket(_family(host), socket.SOCK_STREAM)
            try:
                s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
                if self.rcvbuf:
                    s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF,
                                 self.rcvbuf)
                if local_addr is not None:
                    s.bind((local_addr, 0))
                s.settimeout(timeout)
                s.connect((host, port))
                break
            except (ConnectionRefusedError, socket.timeout) as e:
                s.close()
                if time.monotonic() >= deadline:
                    raise BGPError('connect to %s port %d failed: %s'
                                   % (host, port, e))
                time.sleep(0.2)
            except OSError:
                s.close()
                raise
        self._attach(s)
        return self

    def listen(self, addr, port, backlog=4):
        """Listen on addr:port (loopback only); then call accept()."""
        addr = check_loopback(addr)
        port = _check_port(port)
        if self.lsock is not None:
            self.lsock.close()
        s = socket.socket(_family(addr), socket.SOCK_STREAM)
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        s.bind((addr, port))
        s.listen(backlog)
        self.lsock = s
        return self

    @property
    def listen_port(self):
        return self.lsock.getsockname()[1] if self.lsock else None

    def accept(self, timeout=None):
        """Accept one connection on the listening socket (the previous
        connection, if any, is closed).  Raises BGPTimeout."""
        if self.lsock is None:
            raise BGPError('accept() without listen()')
        self.lsock.settimeout(timeout)
        while True:
            try:
                s, peer = self.lsock.accept()
            except socket.timeout:
                raise BGPTimeout('no connection within %ss' % timeout)
            try:
                check_loopback(peer[0])
            except UnsafeAddressError:
                s.close()
                continue
            break
        self.close()
        self._reset_state()
        self._attach(s)
        return self

    def _attach(self, s):
        s.settimeout(None)
        try:
            s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        except OSError:
            pass
        self.local_addr = s.getsockname()[0]
        self.remote_addr = s.getpeername()[0]
        try:
            check_loopback(self.remote_addr)
            check_loopback(self.local_addr)
        except UnsafeAddressError:
            s.close()
            raise
        self.sock = s
        self._event('CONNECTED %s -> %s' % (self.local_addr,
                                            self.remote_addr))
        self._reader = threading.Thread(target=self._read_loop,
                                        args=(s, self._gen, self._closed),
                                        daemon=True)
        self._reader.start()

    def _event(self, text):
        if self.on_event:
            self.on_event(text)

    def _read_loop(self, s, gen, closed):
        buf = b''
        framing_ok = True
        reason = 'remote'
        while True:
            self._recv_on.wait()
            try:
                chunk = s.recv(65536)
            except ConnectionResetError:
                reason = 'reset'
                break
            except OSError:
                reason = self.closed_by or 'local'
                break
            if not chunk:
                break
            if not framing_ok:
                continue
            buf += chunk
            try:
                raws, buf = split_messages(buf)
            except FramingError as e:
                framing_ok = False
                msg = {'type': 'FRAMING-ERROR', 'type_code': None,
                       'raw': buf, 'errors': [str(e)], 'length': len(buf)}
                self._deliver(msg, gen)
                raws = []
            for raw in raws:
                msg = parse_message(raw, as4=self.as4, ext_msg=True)
                if gen != self._gen:
                    return
                # delivered first: finish_establish() takes remote_open
                # out of the inbox, so it must be there once it is set
                self._deliver(msg, gen)
                if msg['type'] == 'OPEN' and self.remote_open is None:
                    self.remote_open = msg
                if msg['type'] == 'KEEPALIVE' and self.reply_keepalives:
                    try:
                        self.send(keepalive())
                    except BGPError:
                        pass
        with self._cv:
            if gen != self._gen:
                closed.set()
                return
            if self.closed_by is None:
                self.closed_by = reason
            reason = self.closed_by
            closed.set()
            self._cv.notify_all()
        self._ka_stop.set()
        if reason != 'local':
            self._event('RECV EOF (connection %s by the other side)' %
                        ('reset' if reason == 'reset' else 'closed'))

    def _deliver(self, msg, gen=None):
        with self._cv:
            if gen is not None and gen != self._gen:
                return
        msg['time'] = time.monotonic()
        self.received.append(msg)
        if self.on_recv:
            try:
                self.on_recv(msg)
            except Exception:   # a printing callback must not kill us
                pass
        with self._cv:
            self._inbox.append(msg)
            self._cv.notify_all()

    def send(self, data):
        """Send bytes as they are.  Raises PeerClosed if the connection is
        gone.  An OPEN sent this way is remembered for negotiation."""
        data = bytes(data)
        if self.sock is None:
            raise PeerClosed('not connected')
        if len(data) >= HEADER_LEN and data[18] == MSG_OPEN and \
                data[:16] == MARKER:
            try:
                m = parse_message(data[:struct.unpack('!H', data[16:18])[0]])
                if m['type'] == 'OPEN' and 'capabilities' in m:
                    self.sent_open = m
            except Exception:
                pass
        with self._send_lock:
            try:
                self.sock.sendall(data)
            except (BrokenPipeError, ConnectionResetError, OSError) as e:
                raise PeerClosed('send failed: %s' % e)

    def recv_msg(self, timeout=None):
        """Next received message (parsed dict), or None on timeout or when
        the connection is closed and nothing is left."""
        deadline = None if timeout is None else time.monotonic() + timeout
        with self._cv:
            while True:
                if self._inbox:
                    return self._inbox.popleft()
                if self._closed.is_set():
                    return None
                if deadline is None:
                    self._cv.wait()
                else:
                    left = deadline - time.monotonic()
                    if left <= 0:
                        return None
                    self._cv.wait(left)

    def unrecv(self, msg):
        """Put a message back at the front of the queue."""
        with self._cv:
            self._inbox.appendleft(msg)
            self._cv.notify_all()

    def pending(self):
        with self._cv:
            return len(self._inbox)

    @property
    def closed(self):
        return self._closed.is_set()

    def is_closed(self, timeout=0.0):
        """True if the connection is (or becomes within timeout) closed."""
        return self._closed.wait(timeout)

    def close(self):
        """Close our side.  Safe to call twice."""
        self.stop_keepalives()
        self._recv_on.set()     # a paused reader must see the close
        s = self.sock
        if s is not None:
            with self._cv:
                if self.closed_by is None:
                    self.closed_by = 'local'
            try:
                s.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            s.close()
            self.sock = None
        if self._reader is not None and \
                self._reader is not threading.current_thread():
            self._reader.join(2)
        self._closed.set()

    def close_listener(self):
        if self.lsock is not None:
            self.lsock.close()
            self.lsock = None

    # -- keepalives ---------------------------------------------------------
    def start_keepalives(self, interval=None, reply=True):
        """Send KEEPALIVEs every interval seconds (default: negotiated hold
        time / 3, none if it is 0) and, with reply, answer every received
        KEEPALIVE at once."""
        self.stop_keepalives()
        self.reply_keepalives = reply
        if interval is None:
            if self.hold == 0:
                return
            interval = max(1.0, (self.hold or 90) / 3.0)
        self._ka_stop = threading.Event()
        stop = self._ka_stop

        def loop():
            while not stop.wait(interval):
                if self.closed:
                    return
                try:
                    self.send(keepalive())
                except BGPError:
                    return
        self._ka_thread = threading.Thread(target=loop, daemon=True)
        self._ka_thread.start()

    def stop_keepalives(self):
        self.reply_keepalives = False
        self._ka_stop.set()
        if self._ka_thread is not None and \
                self._ka_thread is not threading.current_thread():
            self._ka_thread.join(2)
        self._ka_thread = None

    # -- exchanges ----------------------------------------------------------
    def wait_for(self, types, timeout, skip=('KEEPALIVE', 'UPDATE', 'OPEN',
                                             'ROUTE-REFRESH'),
                 match=None, fail_on_notification=True):
        """Consume messages until one of `types` (that satisfies match(msg))
        arrives; skipped types are dropped; a NOTIFICATION raises
        NotificationReceived (unless it is wanted); the close raises
        PeerClosed; the timeout raises BGPTimeout."""
        if isinstance(types, str):
            types = (types,)
        deadline = time.monotonic() + timeout
        while True:
            left = deadline - time.monotonic()
            msg = self.recv_msg(max(0.0, left))
            if msg is None:
                if self.closed and not self.pending():
                    raise PeerClosed('connection closed while waiting for %s'
                                     % '/'.join(types))
                raise BGPTimeout('no %s within %ss' % ('/'.join(types),
                                                       timeout))
            if msg['type'] in types and (match is None or match(msg)):
                return msg
            if msg['type'] == 'NOTIFICATION' and fail_on_notification:
                raise NotificationReceived(msg, 'waiting for %s' %
                                           '/'.join(types))
            if msg['type'] in skip or msg['type'] in types:
                continue
            raise ProtocolError('got %s while waiting for %s' % (
                summarize(msg), '/'.join(types)))

    def establish(self, my_as, bgp_id, hold=90, caps=None, peer_as=None,
                  timeout=10.0, keepalives=True, send_open=True):
        """OPEN/KEEPALIVE exchange.  Sends our OPEN (unless send_open is
        False), waits for the other side's OPEN, sends KEEPALIVE, waits for
        its KEEPALIVE (an UPDATE first is taken as Established too and left
        in the queue).  peer_as: if given, a different AS in the other's
        OPEN is answered with NOTIFICATION 2/2.  Returns the other side's
        parsed OPEN; starts background keepalives if keepalives."""
        if send_open:
            self.send(open(my_as, hold, bgp_id, caps))
        return self.finish_establish(peer_as, timeout, keepalives)

    def finish_establish(self, peer_as=None, timeout=10.0, keepalives=True):
        """The rest of establish() once our OPEN is sent (by any means):
        the other side's OPEN (already received or awaited), KEEPALIVE
        both ways.  Returns the other side's parsed OPEN."""
        with self._cv:
            ropen = self.remote_open
            if ropen is not None:
                try:
                    self._inbox.remove(ropen)
                except ValueError:
                    pass
        if ropen is None:
            ropen = self.wait_for('OPEN', timeout, skip=('KEEPALIVE',))
        if ropen['errors']:
            raise ProtocolError('malformed OPEN: ' + '; '.join(
                ropen['errors']))
        if peer_as is not None and ropen['asn'] != peer_as:
            self.send(notification(ERR_OPEN, 2))
            raise ProtocolError('OPEN from AS %d, expected %d' % (
                ropen['asn'], peer_as))
        if ropen['hold'] in (1, 2):
            self.send(notification(ERR_OPEN, 6))
            raise ProtocolError('OPEN with hold time %d' % ropen['hold'])
        my_hold = self.sent_open['hold'] if self.sent_open else 90
        self.hold = min(my_hold, ropen['hold'])
        self.send(keepalive())
        msg = self.wait_for(('KEEPALIVE', 'UPDATE'), timeout, skip=())
        if msg['type'] == 'UPDATE':
            self.unrecv(msg)
        self.established = True
        if keepalives:
            self.start_keepalives()
        return ropen

    def expect_notification(self, timeout=10.0):
        """Wait for a NOTIFICATION (skipping KEEPALIVE/UPDATE/OPEN/
        ROUTE-REFRESH).  Returns (code, subcode, data); raises BGPTimeout or
        PeerClosed if none comes."""
        msg = self.wait_for('NOTIFICATION', timeout,
                            fail_on_notification=False)
        return msg['code'], msg['subcode'], msg['data']

    def stays_up(self, seconds):
        """Consume messages for `seconds`; raises NotificationReceived on a
        NOTIFICATION and PeerClosed on the close.  Returns the messages."""
        got = []
        deadline = time.monotonic() + seconds
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                return got
            msg = self.recv_msg(left)
            if msg is None:
                if self.closed:
                    raise PeerClosed('connection closed by the other side')
                continue
            got.append(msg)
            if msg['type'] == 'NOTIFICATION':
                raise NotificationReceived(msg)
            if msg['type'] == 'FRAMING-ERROR':
                raise ProtocolError(msg['errors'][0])

    def wait_closed(self, timeout):
        """Consume messages until the connection closes; returns the
        messages received meanwhile; raises BGPTimeout."""
        got = []
        deadline = time.monotonic() + timeout
        while True:
            left = deadline - time.monotonic()
            msg = self.recv_msg(max(0.0, left))
            if msg is not None:
                got.append(msg)
                continue
            if self.closed:
                return got
            if left <= 0:
                raise BGPTimeout('connection still open after %ss' % timeout)


# --------------------------------------------------------------------------
# Script interpreter (CLI)
# --------------------------------------------------------------------------

class ScriptError(Exception):
    """A syntax error in a script line."""


class ExpectFailed(Exception):
    """An expectation did not hold."""


def _num(tok, what='number'):
    try:
        return int(tok, 0)
    except (ValueError, TypeError):
        raise ScriptError('%s expected, got %r' % (what, tok))


def _secs(tok):
    try:
        v = float(tok)
    except (ValueError, TypeError):
        raise ScriptError('seconds expected, got %r' % tok)
    if v < 0:
        raise ScriptError('negative time %r' % tok)
    return v


def _prefix(tok):
    try:
        return str(ipaddress.ip_network(tok, strict=False))
    except ValueError:
        raise ScriptError('bad prefix %r' % tok)


def _addr(tok):
    try:
        return str(ipaddress.ip_address(tok))
    except ValueError:
        raise ScriptError('bad address %r' % tok)


def _family_tok(tok):
    t = tok.lower()
    if t in ('ipv4', 'ipv4/unicast', '1/1'):
        return AFI_IPV4, SAFI_UNICAST
    if t in ('ipv6', 'ipv6/unicast', '2/1'):
        return AFI_IPV6, SAFI_UNICAST
    if '/' in t:
        a, s = t.split('/', 1)
        afi = {'ipv4': 1, 'ipv6': 2}.get(a)
        safi = {'unicast': 1, 'multicast': 2}.get(s)
        afi = afi if afi is not None else _num(a, 'AFI')
        safi = safi if safi is not None else _num(s, 'SAFI')
        return afi, safi
    raise ScriptError('address family expected, got %r' % tok)


def parse_caps(text, my_as):
    """CAPS syntax -> list of capability TLVs (see the module doc)."""
    out = []
    for item in [x for x in text.replace(' ', ',').split(',') if x]:
        k = item.lower()
        if k == 'default':
            out.extend(default_caps(my_as))
        elif k == 'none':
            pass
        elif k in ('ipv4', 'ipv6'):
            out.append(cap_multiprotocol(*_family_tok(k)))
        elif k.startswith('mp:'):
            out.append(cap_multiprotocol(*_family_tok(k[3:])))
        elif k in ('rr', 'route-refresh'):
            out.append(cap_route_refresh())
        elif k in ('err', 'enhanced-route-refresh'):
            out.append(cap_enhanced_route_refresh())
        elif k == 'as4':
            out.append(cap_as4(my_as))
        elif k.startswith('as4:'):
            out.append(cap_as4(_num(k[4:], 'AS number')))
        elif k in ('ext-msg', 'extended-message'):
            out.append(cap_extended_message())
        elif k in ('gr', 'graceful-restart'):
            out.append(cap_graceful_restart(120, 0, [(1, 1, 0)]))
        elif k.startswith('gr:'):
            out.append(cap_graceful_restart(_num(k[3:], 'restart time'), 0,
                                            [(1, 1, 0)]))
        elif k.startswith('raw:'):
            parts = item.split(':', 2)
            if len(parts) < 2:
                raise ScriptError('raw:CODE:HEX expected, got %r' % item)
            try:
                val = hexbytes(parts[2]) if len(parts) > 2 else b''
            except ValueError:
                raise ScriptError('bad hex in %r' % item)
            out.append(capability(_num(parts[1], 'capability code'), val))
        else:
            raise ScriptError('unknown capability %r' % item)
    return out


UPDATE_KEYS = {'nlri', 'withdraw', 'nexthop', 'nexthop6', 'origin', 'aspath',
               'community', 'large-community', 'ext-community', 'med',
               'localpref', 'atomic-aggregate', 'aggregator',
               'originator-id', 'cluster-list', 'attr'}
EXPECT_UPDATE_KEYS = {'nlri', 'withdrawn', 'eor', 'nexthop', 'aspath',
                      'community', 'med', 'localpref', 'origin', 'timeout'}


def _take_values(toks, i, keys):
    """Tokens after toks[i] up to the next keyword."""
    vals = []
    j = i + 1
    while j < len(toks) and toks[j].lower() not in keys:
        vals.append(toks[j])
        j += 1
    return vals, j


def _parse_kv(toks, allowed, multi=(), flags=()):
    """keyword value... pairs into a dict; multi keys take lists."""
    out = {}
    keys = set(allowed) | set(multi) | set(flags)
    i = 0
    while i < len(toks):
        k = toks[i].lower()
        if k not in keys:
            raise ScriptError('unexpected %r' % toks[i])
        if k in flags:
            out[k] = True
            i += 1
            continue
        vals, j = _take_values(toks, i, keys)
        if k in multi:
            out.setdefault(k, []).extend(vals)
        else:
            if len(vals) != 1:
                raise ScriptError('%s takes one value' % k)
            out[k] = vals[0]
        i = j
    return out


def _parse_aspath(vals):
    """aspath tokens -> segment list ([] for none)."""
    if len(vals) == 1 and vals[0].lower() in ('none', '-', 'empty'):
        return []
    segs = []
    seq = []
    for v in vals:
        if v.startswith('{') and v.endswith('}'):
            if seq:
                segs.append((AS_SEQUENCE, seq))
                seq = []
            segs.append((AS_SET, [_num(x, 'AS') for x in
                                  v[1:-1].split(',') if x]))
        else:
            seq.append(_num(v, 'AS'))
    if seq:
        segs.append((AS_SEQUENCE, seq))
    return segs


def _parse_raw_hex(toks):
    """send raw tokens -> list of parts (bytes or 'len')."""
    parts = []
    for t in toks:
        k = t.lower()
        if k == 'marker':
            parts.append(MARKER)
        elif k in ('len', 'length'):
            parts.append('len')
        else:
            try:
                parts.append(hexbytes(t))
            except ValueError:
                raise ScriptError('bad hex %r' % t)
    if not parts:
        raise ScriptError('send raw needs hex bytes')
    return parts


def _codes(tok):
    """'*' -> None, '1,10' -> (1, 10)."""
    if tok == '*':
        return None
    return tuple(_num(x, 'code') for x in tok.split(',') if x)


def parse_script_line(toks):
    """Validate one tokenised line; returns (command, spec dict)."""
    if not toks:
        raise ScriptError('empty command')
    cmd = toks[0].lower()
    rest = toks[1:]
    if cmd in ('connect', 'accept'):
        spec = _parse_kv(rest, ['timeout'])
        if 'timeout' in spec:
            spec['timeout'] = _secs(spec['timeout'])
        return cmd, spec
    if cmd == 'establish':
        spec = _parse_kv(rest, ['hold', 'caps', 'as', 'id', 'timeout',
                                'peer-as'])
        _validate_common(spec)
        return cmd, spec
    if cmd == 'sleep':
        if len(rest) != 1:
            raise ScriptError('sleep S')
        return cmd, {'secs': _secs(rest[0])}
    if cmd == 'close':
        if rest:
            raise ScriptError('close takes no argument')
        return cmd, {}
    if cmd == 'echo':
        return cmd, {'text': ' '.join(rest)}
    if cmd == 'recv':
        if len(rest) != 1 or rest[0].lower() not in ('on', 'off'):
            raise ScriptError('recv on|off')
        return cmd, {'on': rest[0].lower() == 'on'}
    if cmd == 'keepalive':
        if not rest or rest[0].lower() not in ('on', 'off'):
            raise ScriptError('keepalive on|off [interval S]')
        spec = _parse_kv(rest[1:], ['interval'])
        spec['on'] = rest[0].lower() == 'on'
        if 'interval' in spec:
            spec['interval'] = _secs(spec['interval'])
        return cmd, spec
    if cmd == 'send':
        if not rest:
            raise ScriptError('send what?')
        what = rest[0].lower()
        args = rest[1:]
        if what == 'open':
            spec = _parse_kv(args, ['hold', 'caps', 'as', 'id', 'version'])
            _validate_common(spec)
            return 'send-open', spec
        if what == 'table':
            if not args or not args[0].isdigit():
                raise ScriptError('send table COUNT [start A.B.C.0] '
                                  '[distinct | withdraw]')
            spec = {'count': int(args[0]), 'start': '100.0.0.0',
                    'distinct': False, 'withdraw': False}
            i = 1
            while i < len(args):
                if args[i] in ('distinct', 'withdraw'):
                    spec[args[i]] = True
                    i += 1
                elif args[i] == 'start' and i + 1 < len(args):
                    spec['start'] = args[i + 1]
                    i += 2
                else:
                    raise ScriptError('send table: unknown %s' % args[i])
            try:
                ipaddress.IPv4Address(spec['start'])
            except ValueError:
                raise ScriptError('send table: bad start %s' % spec['start'])
            return 'send-table', spec
        if what == 'keepalive':
            if args:
                raise ScriptError('send keepalive takes no argument')
            return 'send-keepalive', {}
        if what == 'update':
            spec = _parse_kv(args, ['nexthop', 'nexthop6', 'origin', 'med',
                                    'localpref', 'aggregator',
                                    'originator-id'],
                             multi=['nlri', 'withdraw', 'aspath',
                                    'community', 'large-community',
                                    'ext-community', 'cluster-list', 'attr'],
                             flags=['atomic-aggregate'])
            for k in ('nlri', 'withdraw'):
                spec[k] = [_prefix(p) for p in spec.get(k, [])]
            for k in ('nexthop', 'nexthop6', 'originator-id'):
                if k in spec:
                    spec[k] = _addr(spec[k])
            for k in ('med', 'localpref'):
                if k in spec:
                    spec[k] = _num(spec[k])
            if 'origin' in spec and spec['origin'].lower() not in (
                    'igp', 'egp', 'incomplete', '?'):
                raise ScriptError('origin igp|egp|incomplete')
            if 'aspath' in spec:
                spec['aspath'] = _parse_aspath(spec['aspath'])
            try:
                spec['community'] = [community_value(c) for c in
                                     spec.get('community', [])]
                spec['ext-community'] = [ext_community_value(c) for c in
                                         spec.get('ext-community', [])]
                spec['large-community'] = [large_community_value(c) for c in
                                           spec.get('large-community', [])]
                spec['attr'] = [hexbytes(a) for a in spec.get('attr', [])]
            except ValueError as e:
                raise ScriptError(str(e))
            spec['cluster-list'] = [_addr(a) for a in
                                    spec.get('cluster-list', [])]
            if 'aggregator' in spec:
                a = spec['aggregator'].split(':', 1)
                if len(a) != 2:
                    raise ScriptError('aggregator ASN:ADDR')
                spec['aggregator'] = (_num(a[0], 'AS'), _addr(a[1]))
            return 'send-update', spec
        if what == 'eor':
            fam = _family_tok(args[0]) if args else (AFI_IPV4, SAFI_UNICAST)
            if len(args) > 1:
                raise ScriptError('send eor [ipv4|ipv6]')
            return 'send-eor', {'family': fam}
        if what == 'notification':
            if len(args) < 2:
                raise ScriptError('send notification CODE SUBCODE ...')
            spec = _parse_kv(args[2:], ['shutdown', 'data'])
            spec['code'] = _num(args[0], 'error code')
            spec['subcode'] = _num(args[1], 'error subcode')
            try:
                spec['data'] = hexbytes(spec['data']) if 'data' in spec \
                    else b''
            except ValueError:
                raise ScriptError('bad hex data')
            return 'send-notification', spec
        if what == 'route-refresh':
            spec = {'family': (AFI_IPV4, SAFI_UNICAST), 'subtype': 0}
            i = 0
            while i < len(args):
                a = args[i].lower()
                if a == 'subtype' and i + 1 < len(args):
                    spec['subtype'] = _num(args[i + 1], 'subtype')
                    i += 2
                elif a in ('ipv4', 'ipv6') or '/' in a:
                    spec['family'] = _family_tok(a)
                    i += 1
                elif i + 1 < len(args):
                    spec['family'] = (_num(args[i], 'AFI'),
                                      _num(args[i + 1], 'SAFI'))
                    i += 2
                else:
                    raise ScriptError('send route-refresh [AFI SAFI] '
                                      '[subtype N]')
            return 'send-route-refresh', spec
        if what == 'raw':
            return 'send-raw', {'parts': _parse_raw_hex(args)}
        if what == 'case':
            if len(args) != 1:
                raise ScriptError('send case NAME')
            return 'send-case', {'name': args[0]}
        raise ScriptError('unknown send %r' % what)
    if cmd == 'check':
        if len(rest) < 2 or rest[0].lower() != 'case':
            raise ScriptError('check case NAME [timeout S] [alive S]')
        spec = _parse_kv(rest[2:], ['timeout', 'alive'])
        spec['name'] = rest[1]
        for k in ('timeout', 'alive'):
            if k in spec:
                spec[k] = _secs(spec[k])
        return 'check-case', spec
    if cmd == 'expect':
        if not rest:
            raise ScriptError('expect what?')
        what = rest[0].lower()
        args = rest[1:]
        if what == 'notification':
            if len(args) < 2:
                raise ScriptError('expect notification CODE SUBCODE')
            spec = _parse_kv(args[2:], ['timeout', 'data', 'shutdown'])
            spec['code'] = _codes(args[0])
            spec['subcode'] = _codes(args[1])
            if 'timeout' in spec:
                spec['timeout'] = _secs(spec['timeout'])
            if 'data' in spec:
                try:
                    spec['data'] = hexbytes(spec['data'])
                except ValueError:
                    raise ScriptError('bad hex data')
            return 'expect-notification', spec
        if what in ('keepalive', 'open', 'route-refresh'):
            spec = _parse_kv(args, ['timeout'])
            if 'timeout' in spec:
                spec['timeout'] = _secs(spec['timeout'])
            spec['type'] = what.upper()
            return 'expect-type', spec
        if what == 'update':
            spec = _parse_kv(args, ['nexthop', 'med', 'localpref', 'origin',
                                    'timeout'],
                             multi=['nlri', 'withdrawn', 'aspath',
                                    'community', 'eor'])
            if 'timeout' in spec:
                spec['timeout'] = _secs(spec['timeout'])
            for k in ('nlri', 'withdrawn'):
                if k in spec:
                    spec[k] = [_prefix(p) for p in spec[k]]
            if 'eor' in spec:
                spec['eor'] = _family_tok(spec['eor'][0]) if spec['eor'] \
                    else (AFI_IPV4, SAFI_UNICAST)
            for k in ('med', 'localpref'):
                if k in spec:
                    spec[k] = _num(spec[k])
            if 'nexthop' in spec:
                spec['nexthop'] = _addr(spec['nexthop'])
            if 'community' in spec:
                try:
                    spec['community'] = [_fmt_community(community_value(c))
                                         for c in spec['community']]
                except ValueError as e:
                    raise ScriptError(str(e))
            if 'aspath' in spec:
                spec['aspath'] = as_path_str(_parse_aspath(spec['aspath']))
            spec['type'] = 'UPDATE'
            return 'expect-type', spec
        if what == 'closed':
            spec = _parse_kv(args, ['timeout'])
            if 'timeout' in spec:
                spec['timeout'] = _secs(spec['timeout'])
            return 'expect-closed', spec
        if what in ('open-alive', 'silent'):
            if len(args) != 1:
                raise ScriptError('expect %s S' % what)
            return 'expect-' + what, {'secs': _secs(args[0])}
        raise ScriptError('unknown expect %r' % what)
    raise ScriptError('unknown command %r' % toks[0])


def _validate_common(spec):
    for k in ('hold', 'as', 'version', 'peer-as'):
        if k in spec:
            spec[k] = _num(spec[k], k)
    if 'caps' in spec:
        parse_caps(spec['caps'], 1)     # syntax check only
    if 'id' in spec:
        spec['id'] = _addr(spec['id'])
    if 'timeout' in spec:
        spec['timeout'] = _secs(spec['timeout'])


def read_script(text):
    """Script text -> list of (line number, tokens, command, spec)."""
    out = []
    for n, line in enumerate(text.splitlines(), 1):
        try:
            toks = shlex.split(line, comments=True)
        except ValueError as e:
            raise ScriptError('line %d: %s' % (n, e))
        if not toks:
            continue
        try:
            cmd, spec = parse_script_line(toks)
        except ScriptError as e:
            raise ScriptError('line %d: %s' % (n, e))
        out.append((n, toks, cmd, spec))
    return out


def _update_matches(msg, spec):
    """Does a parsed UPDATE satisfy the `expect update` filters?"""
    mr = msg.get('mp_reach') or {}
    mu = msg.get('mp_unreach') or {}
    nlri = set(msg.get('nlri', [])) | set(mr.get('nlri', []))
    wd = set(msg.get('withdrawn', [])) | set(mu.get('withdrawn', []))
    if 'nlri' in spec and not set(spec['nlri']) <= nlri:
        return False
    if 'withdrawn' in spec and not set(spec['withdrawn']) <= wd:
        return False
    if 'eor' in spec and msg.get('eor') != spec['eor']:
        return False
    if 'nexthop' in spec:
        nhs = [msg.get('next_hop')] + list(mr.get('next_hop', []))
        if spec['nexthop'] not in nhs:
            return False
    if 'aspath' in spec and msg.get('as_path_str', '') != spec['aspath']:
        return False
    if 'community' in spec and not set(spec['community']) <= set(
            msg.get('communities', [])):
        return False
    if 'med' in spec and msg.get('med') != spec['med']:
        return False
    if 'localpref' in spec and msg.get('local_pref') != spec['localpref']:
        return False
    if 'origin' in spec and msg.get('origin') != spec['origin'].lower():
        return False
    return True


class ScriptRunner:
    """Runs a parsed script against one Peer (see the module doc)."""

    def __init__(self, opts, out=None):
        self.opts = opts
        self.out = out or sys.stdout
        self.lock = threading.Lock()
        self.peer = Peer(on_recv=self._on_recv, on_event=self._on_event)
        self.timeout = opts.timeout

    def say(self, text):
        with self.lock:
            self.out.write(text + '\n')
            self.out.flush()

    def _on_recv(self, msg):
        self.say('RECV ' + summarize(msg))

    def _on_event(self, text):
        self.say(text)

    # -- connection helpers ---------------------------------------------------
    def do_connect(self, timeout=None):
        o = self.opts
        self.peer.connect(o.connect, o.port, o.local,
                          timeout=timeout or 5.0, retry=o.connect_retry)

    def do_accept(self, timeout=None):
        self.peer.accept(timeout if timeout is not None
                         else self.opts.accept_timeout)

    def _my_as(self, spec):
        a = spec.get('as', self.opts.my_as)
        if a is None:
            raise ExpectFailed('no AS number: give --as or `as N`')
        return a

    def _send(self, data, what):
        if self.opts.verbose:
            try:
                self.say('SEND ' + summarize(parse_message(
                    data, as4=self.peer.as4)))
            except Exception:
                self.say('SEND %s %s' % (what, bytes(data).hex()))
        try:
            self.peer.send(data)
        except PeerClosed as e:
            self.say('WARN %s not sent: %s' % (what, e))

    def send_table(self, spec):
        """COUNT /24s from start: 500 to an UPDATE (one attribute set),
        or one each with AS path `our AS, 100000 + index` (distinct), or
        withdrawn 1000 to a message; built and sent 50000 at a time."""
        base = int(ipaddress.IPv4Address(spec['start']))
        step = 1 if spec['distinct'] else 500
        u = {'nlri': [], 'withdraw': [], 'community': [],
             'cluster-list': [], 'ext-community': [],
             'large-community': [], 'attr': []}
        ropen = self.peer.remote_open or {}
        ibgp = ropen.get('asn') == self.opts.my_as
        nmsg = 0
        for c0 in range(0, spec['count'], 50000):
            pfx = ['%s/24' % ipaddress.IPv4Address((base + (i << 8)) &
                                                    0xffffffff)
                   for i in range(c0, min(spec['count'], c0 + 50000))]
            out = []
            if spec['withdraw']:
                out = [update(withdrawn=pfx[i:i + 1000])
                       for i in range(0, len(pfx), 1000)]
                pfx = []
            for i in range(0, len(pfx), step):
                u['nlri'] = pfx[i:i + step]
                if spec['distinct']:
                    # MED would not do: it is not passed on to other ASes
                    u['aspath'] = [(AS_SEQUENCE, ([] if ibgp else
                                                  [self.opts.my_as]) +
                                    [100000 + c0 + i])]
                out.append(self.build_update(u))
            self.peer.send(b''.join(out))
            nmsg += len(out)
        self.say('SENT table of %d prefixes%s in %d UPDATEs'
                 % (spec['count'], ' withdrawn' if spec['withdraw'] else '',
                    nmsg))

    def build_update(self, spec):
        p = self.peer
        my_as = self.opts.my_as
        ropen = p.remote_open or {}
        ibgp = ropen.get('asn') is not None and ropen.get('asn') == my_as
        attrs = []
        v4n = [x for x in spec['nlri'] if ':' not in x]
        v6n = [x for x in spec['nlri'] if ':' in x]
        v4w = [x for x in spec['withdraw'] if ':' not in x]
        v6w = [x for x in spec['withdraw'] if ':' in x]
        local = p.local_addr or '127.0.0.1'
        if v6n:
            nh6 = spec.get('nexthop6') or (
                local if ':' in local else '::ffff:' + local)
            attrs.append(mp_reach(AFI_IPV6, SAFI_UNICAST, nh6, v6n))
        if v6w:
            attrs.append(mp_unreach(AFI_IPV6, SAFI_UNICAST, v6w))
        if v4n or v6n:
            attrs.append(origin(spec.get('origin', 'igp')))
            if 'aspath' in spec:
                segs = spec['aspath']
            else:
                segs = [] if ibgp or my_as is None else [my_as]
            attrs.append(as_path(segs, as4=p.as4))
            if v4n:
                nh = spec.get('nexthop') or (local if ':' not in local
                                             else '127.0.0.1')
                attrs.append(next_hop(nh))
            if 'med' in spec:
                attrs.append(med(spec['med']))
            if 'localpref' in spec:
                attrs.append(local_pref(spec['localpref']))
            elif ibgp:
                attrs.append(local_pref(100))
            if spec.get('atomic-aggregate'):
                attrs.append(atomic_aggregate())
            if 'aggregator' in spec:
                attrs.append(aggregator(spec['aggregator'][0],
                                        spec['aggregator'][1], as4=p.as4))
            if spec['community']:
                attrs.append(communities(spec['community']))
            if 'originator-id' in spec:
                attrs.append(originator_id(spec['originator-id']))
            if spec['cluster-list']:
                attrs.append(cluster_list(spec['cluster-list']))
            if spec['ext-community']:
                attrs.append(ext_communities(spec['ext-community']))
            if spec['large-community']:
                attrs.append(large_communities(spec['large-community']))
        attrs.extend(spec['attr'])
        return update(withdrawn=v4w, attrs=attrs, nlri=v4n)

    # -- commands -----------------------------------------------------------
    def run(self, script):
        for n, toks, cmd, spec in script:
            try:
                self.execute(cmd, spec)
            except ExpectFailed as e:
                self.say('FAIL line %d: %s: %s' % (n, shlex.join(toks), e))
                return 1
            except UnsafeAddressError as e:
                self.say('ERROR line %d: %s' % (n, e))
                return 1
            except (BGPError, OSError) as e:
                self.say('FAIL line %d: %s: %s' % (n, shlex.join(toks), e))
                return 1
            except Exception as e:   # a bug here must still fail cleanly
                self.say('ERROR line %d: %s: %s: %s' % (
                    n, shlex.join(toks), type(e).__name__, e))
                return 1
            if cmd.startswith('expect') or cmd in ('establish', 'check-case'):
                self.say('OK line %d: %s' % (n, shlex.join(toks)))
        return 0

    def execute(self, cmd, spec):
        p = self.peer
        to = spec.get('timeout', self.timeout)
        if cmd == 'connect':
            if not self.opts.connect:
                raise ExpectFailed('connect needs --connect')
            self.do_connect(spec.get('timeout'))
        elif cmd == 'accept':
            if p.lsock is None:
                raise ExpectFailed('accept needs --listen')
            self.do_accept(spec.get('timeout'))
        elif cmd == 'establish':
            my_as = self._my_as(spec)
            caps = parse_caps(spec['caps'], my_as) if 'caps' in spec \
                else None
            bgp_id = spec.get('id', self.opts.bgp_id)
            hold = spec.get('hold', self.opts.hold)
            try:
                ro = p.establish(my_as, bgp_id, hold, caps,
                                 peer_as=spec.get('peer-as'), timeout=to)
            except (NotificationReceived, BGPTimeout, PeerClosed,
                    ProtocolError) as e:
                raise ExpectFailed('session not established: %s' % e)
            self.say('ESTABLISHED with AS %s id %s hold %s as4=%s' % (
                ro['asn'], ro['bgp_id'], p.hold, p.as4))
        elif cmd == 'send-open':
            my_as = self._my_as(spec)
            caps = parse_caps(spec['caps'], my_as) if 'caps' in spec \
                else None
            self._send(open(my_as, spec.get('hold', self.opts.hold),
                            spec.get('id', self.opts.bgp_id), caps,
                            version=spec.get('version', 4)), 'OPEN')
        elif cmd == 'send-keepalive':
            self._send(keepalive(), 'KEEPALIVE')
        elif cmd == 'send-update':
            self._send(self.build_update(spec), 'UPDATE')
        elif cmd == 'send-table':
            self.send_table(spec)
        elif cmd == 'recv':
            p.set_reading(spec['on'])
        elif cmd == 'send-eor':
            self._send(eor(*spec['family']), 'End-of-RIB')
        elif cmd == 'send-notification':
            data = spec['data']
            if 'shutdown' in spec:
                data = shutdown_data(spec['shutdown']) + data
            self._send(notification(spec['code'], spec['subcode'], data),
                       'NOTIFICATION')
        elif cmd == 'send-route-refresh':
            afi, safi = spec['family']
            self._send(route_refresh(afi, safi, spec['subtype']),
                       'ROUTE-REFRESH')
        elif cmd == 'send-raw':
            total = sum(2 if x == 'len' else len(x) for x in spec['parts'])
            data = b''.join(_u16(total) if x == 'len' else x
                            for x in spec['parts'])
            self._send(data, 'raw message')
        elif cmd == 'send-case':
            case = self._case(spec['name'])
            self._send(case.data, 'case ' + case.name)
        elif cmd == 'check-case':
            import malformed
            case = self._case(spec['name'])
            ok, text = malformed.check_case(
                p, case, timeout=spec.get('timeout', self.timeout),
                alive=spec.get('alive', 2.0))
            if not ok:
                raise ExpectFailed(text)
            self.say('CASE %s: %s' % (case.name, text))
        elif cmd == 'expect-notification':
            self._expect_notification(spec, to)
        elif cmd == 'expect-type':
            want = spec['type']
            match = (lambda m: _update_matches(m, spec)) \
                if want == 'UPDATE' else None
            skip = tuple(x for x in ('KEEPALIVE', 'UPDATE', 'OPEN',
                                     'ROUTE-REFRESH') if x != want)
            try:
                p.wait_for(want, to, skip=skip, match=match)
            except (BGPTimeout, PeerClosed, NotificationReceived,
                    ProtocolError) as e:
                raise ExpectFailed(str(e))
        elif cmd == 'expect-closed':
            try:
                p.wait_closed(to)
            except BGPTimeout as e:
                raise ExpectFailed(str(e))
        elif cmd == 'expect-open-alive':
            was = p.reply_keepalives
            if not was and p.established:
                p.start_keepalives()
            try:
                if p.closed and not p.pending():
                    raise PeerClosed('connection is closed')
                p.stays_up(spec['secs'])
            except (PeerClosed, NotificationReceived, ProtocolError) as e:
                raise ExpectFailed(str(e))
        elif cmd == 'expect-silent':
            deadline = time.monotonic() + spec['secs']
            while True:
                left = deadline - time.monotonic()
                if left <= 0:
                    break
                m = p.recv_msg(left)
                if m is None:
                    if p.closed:
                        raise ExpectFailed('connection closed')
                    continue
                if m['type'] != 'KEEPALIVE':
                    raise ExpectFailed('got ' + summarize(m))
        elif cmd == 'keepalive':
            if spec['on']:
                p.start_keepalives(spec.get('interval'))
            else:
                p.stop_keepalives()
        elif cmd == 'sleep':
            time.sleep(spec['secs'])
        elif cmd == 'close':
            p.close()
            self.say('CLOSED by us')
        elif cmd == 'echo':
            self.say(spec['text'])
        else:   # pragma: no cover
            raise ScriptError('unhandled %s' % cmd)

    def _case(self, name):
        import malformed
        ctx = malformed.Context(
            peer_as=self.opts.my_as or 65002,
            peer_id=self.opts.bgp_id,
            nexthop=self.peer.local_addr or self.opts.local or '127.0.0.2',
            receiver_addr=self.peer.remote_addr or self.opts.connect or
            '127.0.0.1',
            local_as=(self.peer.remote_open or {}).get('asn') or
            self.opts.remote_as or 65001,
            hold=self.opts.hold)
        cases = {c.name: c for c in malformed.build_cases(ctx)}
        if name not in cases:
            raise ExpectFailed('no malformed case %r' % name)
        return cases[name]

    def _expect_notification(self, spec, to):
        p = self.peer
        try:
            msg = p.wait_for('NOTIFICATION', to, fail_on_notification=False)
        except (BGPTimeout, PeerClosed, ProtocolError) as e:
            raise ExpectFailed(str(e))
        want = '%s/%s' % ('*' if spec['code'] is None else
                          ','.join(map(str, spec['code'])),
                          '*' if spec['subcode'] is None else
                          ','.join(map(str, spec['subcode'])))
        if spec['code'] is not None and msg['code'] not in spec['code']:
            raise ExpectFailed('got NOTIFICATION %d/%d, expected %s' % (
                msg['code'], msg['subcode'], want))
        if spec['subcode'] is not None and \
                msg['subcode'] not in spec['subcode']:
            raise ExpectFailed('got NOTIFICATION %d/%d, expected %s' % (
                msg['code'], msg['subcode'], want))
        if 'data' in spec and msg['data'] != spec['data']:
            raise ExpectFailed('NOTIFICATION data %s, expected %s' % (
                msg['data'].hex(), spec['data'].hex()))
        if 'shutdown' in spec and msg.get('shutdown') != spec['shutdown']:
            raise ExpectFailed('shutdown communication %r, expected %r' % (
                msg.get('shutdown'), spec['shutdown']))


def build_arg_parser():
    import argparse
    ap = argparse.ArgumentParser(
        prog='bgppeer.py',
        description='Scriptable BGP-4 test peer (loopback only). '
                    'The script language is described at the top of this '
                    'file (python3 -c "import bgppeer; help(bgppeer)").')
    mode = ap.add_mutually_exclusive_group(required=True)
    mode.add_argument('--connect', metavar='ADDR',
                      help='connect to the engine at ADDR (loopback only)')
    mode.add_argument('--listen', metavar='ADDR',
                      help='listen on ADDR (loopback only), passive side')
    ap.add_argument('--port', type=int, required=True)
    ap.add_argument('--local', metavar='ADDR',
                    help='local address to connect from (loopback only)')
    ap.add_argument('--as', dest='my_as', type=int, default=None,
                    help='our AS number')
    ap.add_argument('--remote-as', type=int, default=None,
                    help="the engine's AS (used by malformed cases before "
                         "its OPEN is known)")
    ap.add_argument('--id', dest='bgp_id', default=None,
                    help='our BGP identifier (default: the local address)')
    ap.add_argument('--hold', type=int, default=90)
    ap.add_argument('--rcvbuf', type=int, default=None, metavar='BYTES',
                    help='SO_RCVBUF of the connection (set before connect)')
    ap.add_argument('--script', metavar='FILE',
                    help="script file ('-' for standard input)")
    ap.add_argument('-e', dest='exprs', action='append', default=[],
                    metavar='CMD', help='a script line (repeatable; after '
                                        '--script)')
    ap.add_argument('--timeout', type=float, default=10.0,
                    help='default expect timeout in seconds (10)')
    ap.add_argument('--connect-retry', type=float, default=0.0,
                    metavar='S', help='retry a refused connect for S s')
    ap.add_argument('--accept-timeout', type=float, default=30.0)
    ap.add_argument('--no-auto-connect', action='store_true',
                    help='do not connect/accept before the first line')
    ap.add_argument('-v', '--verbose', action='store_true',
                    help='also print a SEND line per message sent')
    return ap


def main(argv=None):
    # `import malformed` from the script must reuse this module's classes.
    sys.modules.setdefault('bgppeer', sys.modules[__name__])
    here = os.path.dirname(os.path.abspath(__file__))
    if here not in sys.path:
        sys.path.insert(0, here)
    ap = build_arg_parser()
    opts = ap.parse_args(argv)
    try:
        for a in (opts.connect, opts.listen, opts.local):
            if a is not None:
                check_loopback(a)
    except UnsafeAddressError as e:
        print('bgppeer: error: %s' % e, file=sys.stderr)
        return 1
    if opts.bgp_id is None:
        src = opts.local or opts.listen or '127.0.0.1'
        opts.bgp_id = src if '.' in src else '10.0.0.1'
    text = ''
    if opts.script:
        if opts.script == '-':
            text = sys.stdin.read()
        else:
            with builtins.open(opts.script) as f:
                text = f.read()
    text = '\n'.join(([text.rstrip('\n')] if text else []) + opts.exprs)
    try:
        script = read_script(text)
    except ScriptError as e:
        print('bgppeer: script error: %s' % e, file=sys.stderr)
        return 2
    runner = ScriptRunner(opts)
    runner.peer.rcvbuf = opts.rcvbuf
    try:
        if opts.listen:
            runner.peer.listen(opts.listen, opts.port)
            runner.say('LISTENING %s port %d' % (opts.listen,
                                                 runner.peer.listen_port))
            if not opts.no_auto_connect:
                runner.do_accept()
        elif not opts.no_auto_connect:
            runner.do_connect()
    except (BGPError, OSError) as e:
        runner.say('FAIL: %s' % e)
        return 1
    try:
        rc = runner.run(script)
    except KeyboardInterrupt:
        rc = 1
    finally:
        runner.peer.close()
        runner.peer.close_listener()
    if rc == 0:
        runner.say('PASS all expectations held')
    return rc


if __name__ == '__main__':
    sys.exit(main())

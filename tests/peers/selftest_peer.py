#!/usr/bin/env python3
"""Self-test of bgppeer's builders, parser, script parser, address guard and
of the malformed.py catalogue.  Uses no network: nothing here opens a socket
(the address-guard tests make socket creation fail loudly to prove it).

  python3 tests/peers/selftest_peer.py [-v] [--loopback]

--loopback additionally runs two Peer objects against each other on
127.0.0.1 (an ephemeral port) and the CLI in --listen/--connect pairs.
The last line is `N passed, N failed`; the exit status is 1 on failure.
"""

import io
import os
import socket
import subprocess
import sys
import threading

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import bgppeer as b  # noqa: E402
import malformed  # noqa: E402

FF = 'ff' * 16
RESULTS = {'passed': 0, 'failed': 0}
VERBOSE = '-v' in sys.argv


def check(name, cond, detail=''):
    if cond:
        RESULTS['passed'] += 1
        if VERBOSE:
            print('ok   %s' % name)
    else:
        RESULTS['failed'] += 1
        print('FAIL %s %s' % (name, detail))


def eq(name, got, want):
    check(name, got == want, '\n   got  %r\n   want %r' % (got, want))


def raises(name, exc, fn, *a, **kw):
    try:
        fn(*a, **kw)
    except exc:
        check(name, True)
        return
    except Exception as e:   # noqa: BLE001
        check(name, False, 'raised %r, expected %s' % (e, exc.__name__))
        return
    check(name, False, 'did not raise %s' % exc.__name__)


def H(text):
    return bytes.fromhex(text.replace(' ', ''))


# ---------------------------------------------------------------------------
# Hand-written bytes (RFC 4271 section 4 layouts)
# ---------------------------------------------------------------------------

def test_known_bytes():
    eq('keepalive bytes', b.keepalive(), H(FF + '0013 04'))
    eq('open minimal', b.open(65001, 180, '192.0.2.1', caps=[]),
       H(FF + '001d 01' + '04 fde9 00b4 c0000201 00'))
    eq('open with mp+rr+as4', b.open(65001, 90, '192.0.2.1', caps=[
        b.cap_multiprotocol(1, 1), b.cap_route_refresh(),
        b.cap_as4(65001)]),
       H(FF + '002d 01 04 fde9 005a c0000201 10'
         '02 0e 01 04 0001 00 01 02 00 41 04 0000fde9'))
    eq('open 4-octet AS uses AS_TRANS', b.open(4200000001, 90, '10.0.0.1',
                                               caps=[b.cap_as4(4200000001)])
       [20:22], H('5ba0'))
    eq('notification 6/2 shutdown', b.notification(6, 2,
                                                   b.shutdown_data('hi')),
       H(FF + '0018 03 06 02 02 6869'))
    eq('notification 3/1 no data', b.notification(3, 1),
       H(FF + '0015 03 03 01'))
    eq('route-refresh ipv4', b.route_refresh(1, 1),
       H(FF + '0017 05 0001 00 01'))
    eq('route-refresh BoRR ipv6', b.route_refresh(2, 1, 1),
       H(FF + '0017 05 0002 01 01'))
    eq('eor ipv4', b.eor_ipv4(), H(FF + '0017 02 0000 0000'))
    eq('eor ipv6', b.eor_ipv6(), H(FF + '001d 02 0000 0006 800f 03 0002 01'))
    upd = b.update(attrs=[b.origin('igp'), b.as_path([65001]),
                          b.next_hop('192.0.2.1')], nlri=['10.0.0.0/8'])
    eq('update one route', upd,
       H(FF + '002d 02 0000 0014'
         '40 01 01 00'
         '40 02 06 02 01 0000fde9'
         '40 03 04 c0000201'
         '08 0a'))
    eq('update 2-octet as_path', b.as_path([65001, 65002], as4=False),
       H('40 02 06 02 02 fde9 fdea'))
    eq('update withdraw', b.update(withdrawn=['10.1.0.0/16']),
       H(FF + '001a 02 0003 100a01 0000'))
    eq('med', b.med(100), H('80 04 04 00000064'))
    eq('local_pref', b.local_pref(100), H('40 05 04 00000064'))
    eq('atomic_aggregate', b.atomic_aggregate(), H('40 06 00'))
    eq('aggregator 4', b.aggregator(65001, '192.0.2.1'),
       H('c0 07 08 0000fde9 c0000201'))
    eq('aggregator 2', b.aggregator(65001, '192.0.2.1', as4=False),
       H('c0 07 06 fde9 c0000201'))
    eq('communities', b.communities(['65001:100', 'no-export']),
       H('c0 08 08 fde90064 ffffff01'))
    eq('originator_id', b.originator_id('10.0.0.1'), H('80 09 04 0a000001'))
    eq('cluster_list', b.cluster_list(['10.0.0.1', '10.0.0.2']),
       H('80 0a 08 0a000001 0a000002'))
    eq('mp_reach ipv6', b.mp_reach(2, 1, '2001:db8::1', ['2001:db8:1::/48']),
       H('80 0e 1c 0002 01 10 20010db8000000000000000000000001 00'
         '30 20010db80001'))
    eq('mp_unreach ipv6', b.mp_unreach(2, 1, ['2001:db8::/32']),
       H('80 0f 08 0002 01 20 20010db8'))
    eq('ext_communities rt', b.ext_communities(['rt:65001:100']),
       H('c0 10 08 0002 fde9 00000064'))
    eq('large_communities', b.large_communities(['65001:1:2']),
       H('c0 20 0c 0000fde9 00000001 00000002'))
    eq('as4_path', b.as4_path([4200000001]), H('c0 11 06 02 01 fa56ea01'))
    eq('as4_aggregator', b.as4_aggregator(4200000001, '10.0.0.1'),
       H('c0 12 08 fa56ea01 0a000001'))
    eq('as_path set+confed', b.as_path([(b.AS_CONFED_SEQUENCE, [64512]),
                                        (b.AS_SEQUENCE, [65001]),
                                        (b.AS_SET, [1, 2])], as4=False),
       H('40 02 0e 03 01 fc00 02 01 fde9 01 02 0001 0002'))


def test_prefixes():
    eq('prefix /0', b.encode_prefix('0.0.0.0/0'), H('00'))
    eq('prefix /16', b.encode_prefix('10.1.0.0/16'), H('10 0a01'))
    eq('prefix /25', b.encode_prefix('192.168.1.128/25'), H('19 c0a80180'))
    eq('prefix /32', b.encode_prefix('192.0.2.7/32'), H('20 c0000207'))
    eq('prefix v6 /32', b.encode_prefix('2001:db8::/32'), H('20 20010db8'))
    eq('prefix v6 /128', b.encode_prefix('::1/128'),
       H('80' + '00' * 15 + '01'))
    eq('prefix host bits dropped', b.encode_prefix('10.1.2.3/16'),
       H('10 0a01'))
    eq('prefix plen override', b.encode_prefix('10.0.0.0/8',
                                               plen_override=33), H('21 0a'))
    eq('prefix add-path', b.encode_prefix('10.0.0.0/8', path_id=7),
       H('00000007 08 0a'))
    eq('decode v4', b.decode_prefixes(H('10 0a01 00 19 c0a80180')),
       (['10.1.0.0/16', '0.0.0.0/0', '192.168.1.128/25'], None))
    eq('decode v6', b.decode_prefixes(H('30 20010db80001'), b.AFI_IPV6),
       (['2001:db8:1::/48'], None))
    p, e = b.decode_prefixes(H('21 0a000000 00'))
    check('decode /33 error', p == [] and e and '33' in e, repr((p, e)))
    p, e = b.decode_prefixes(H('08 0a 18 0a01'))
    check('decode truncated', p == ['10.0.0.0/8'] and e is not None,
          repr((p, e)))
    p, e = b.decode_prefixes(H('81 ' + '00' * 17), b.AFI_IPV6)
    check('decode v6 /129 error', e is not None, repr(e))
    eq('decode add-path', b.decode_prefixes(H('00000007 08 0a'),
                                            addpath=True),
       (['10.0.0.0/8#7'], None))


# ---------------------------------------------------------------------------
# Round trips through the parser
# ---------------------------------------------------------------------------

def test_open_roundtrip():
    caps = [b.cap_multiprotocol(1, 1), b.cap_multiprotocol(2, 1),
            b.cap_route_refresh(), b.cap_enhanced_route_refresh(),
            b.cap_as4(4200000001), b.cap_extended_message(),
            b.cap_graceful_restart(300, 0x8, [(1, 1, 0x80), (2, 1, 0)]),
            b.cap_add_path([(1, 1, 3)]), b.capability(200, b'\xaa\xbb')]
    m = b.parse_message(b.open(4200000001, 180, '10.9.8.7', caps))
    eq('open type', m['type'], 'OPEN')
    eq('open errors', m['errors'], [])
    eq('open version', m['version'], 4)
    eq('open my_as trans', m['my_as'], b.AS_TRANS)
    eq('open asn from cap', m['asn'], 4200000001)
    eq('open hold', m['hold'], 180)
    eq('open id', m['bgp_id'], '10.9.8.7')
    eq('open families', m['families'], [(1, 1), (2, 1)])
    codes = [c['code'] for c in m['capabilities']]
    eq('open cap codes', codes, [1, 1, 2, 70, 65, 6, 64, 69, 200])
    gr = [c for c in m['capabilities'] if c['code'] == 64][0]
    eq('gr fields', (gr['restart_flags'], gr['restart_time'],
                     gr['families']), (8, 300, [(1, 1, 0x80), (2, 1, 0)]))
    ap = [c for c in m['capabilities'] if c['code'] == 69][0]
    eq('add-path fields', ap['families'], [(1, 1, 3)])
    eq('raw cap value', m['capabilities'][-1]['value'], b'\xaa\xbb')
    check('has_cap', b.has_cap(m, b.CAP_EXTENDED_MESSAGE) and
          not b.has_cap(m, 99))
    m = b.parse_message(b.open(65001, 90, '1.2.3.4', caps_per_param=True))
    eq('caps per param', (len(m['opt_params']), len(m['capabilities']),
                          m['errors']), (5, 5, []))
    m = b.parse_message(b.open(65001, 90, '1.2.3.4', caps=[]))
    eq('open no caps', (m['opt_params'], m['capabilities'], m['asn']),
       ([], [], 65001))
    m = b.parse_message(b.open(65001, 90, '1.2.3.4', version=5))
    eq('open version 5', m['version'], 5)
    m = b.parse_message(b.open(65001, 90, '1.2.3.4', opt_len_override=99))
    check('opt len override flagged', any('optional parameters length' in e
                                          for e in m['errors']),
          m['errors'])
    # RFC 9072 extended optional parameters
    params = b.opt_param(2, b.cap_as4(65001))
    ext = bytes([255]) + (len(params) + 1).to_bytes(2, 'big') + bytes(
        [2]) + (len(b.cap_as4(65001))).to_bytes(2, 'big') + b.cap_as4(65001)
    m = b.parse_message(b.open(65001, 90, '1.2.3.4', opt_params_raw=ext,
                               opt_len_override=255))
    eq('rfc 9072 extended params', (m['extended_params'], m['asn'],
                                    m['errors']), (True, 65001, []))


def test_update_roundtrip():
    attrs = [
        b.origin('egp'),
        b.as_path([(b.AS_SEQUENCE, [65002, 4200000001]),
                   (b.AS_SET, [65010, 65011])]),
        b.next_hop('127.0.0.2'),
        b.med(50), b.local_pref(200), b.atomic_aggregate(),
        b.aggregator(65002, '10.0.0.2'),
        b.communities(['65002:1', 'no-advertise', 0x12345678]),
        b.originator_id('10.0.0.9'), b.cluster_list(['1.1.1.1']),
        b.ext_communities(['rt:65002:7', 'soo:10.0.0.1:5',
                           'rt:4200000001:9']),
        b.large_communities(['65002:1:2', (1, 2, 3)]),
        b.as4_path([4200000001]), b.as4_aggregator(4200000001, '10.0.0.3'),
        b.mp_reach(2, 1, ['2001:db8::2', 'fe80::2'], ['2001:db8:5::/48']),
        b.mp_unreach(2, 1, ['2001:db8:6::/48']),
        b.raw_attr(0xC0, 250, b'\x01\x02'),
    ]
    raw = b.update(withdrawn=['10.9.0.0/16'], attrs=attrs,
                   nlri=['10.1.0.0/24', '10.2.0.0/23'])
    m = b.parse_message(raw)
    eq('update errors', m['errors'], [])
    eq('update withdrawn', m['withdrawn'], ['10.9.0.0/16'])
    eq('update nlri', m['nlri'], ['10.1.0.0/24', '10.2.0.0/23'])
    eq('origin', m['origin'], 'egp')
    eq('as_path', m['as_path'], [(2, [65002, 4200000001]),
                                 (1, [65010, 65011])])
    eq('as_path_str', m['as_path_str'], '65002 4200000001 {65010,65011}')
    eq('next_hop', m['next_hop'], '127.0.0.2')
    eq('med/lp', (m['med'], m['local_pref']), (50, 200))
    eq('atomic', m['atomic_aggregate'], True)
    eq('aggregator', m['aggregator'], (65002, '10.0.0.2'))
    eq('communities', m['communities'],
       ['65002:1', 'no-advertise', '4660:22136'])
    eq('originator', m['originator_id'], '10.0.0.9')
    eq('cluster', m['cluster_list'], ['1.1.1.1'])
    eq('ext communities', m['ext_communities'],
       ['rt:65002:7', 'soo:10.0.0.1:5', 'rt:4200000001:9'])
    eq('large communities', m['large_communities'], ['65002:1:2', '1:2:3'])
    eq('as4_path', m['as4_path'], [(2, [4200000001])])
    eq('as4_aggregator', m['as4_aggregator'], (4200000001, '10.0.0.3'))
    eq('mp_reach', (m['mp_reach']['afi'], m['mp_reach']['next_hop'],
                    m['mp_reach']['nlri']),
       (2, ['2001:db8::2', 'fe80::2'], ['2001:db8:5::/48']))
    eq('mp_unreach', m['mp_unreach']['withdrawn'], ['2001:db8:6::/48'])
    eq('unknown attr kept', [a['value'] for a in m['attrs']
                             if a['type'] == 250], [b'\x01\x02'])
    eq('attr count', len(m['attrs']), len(attrs))
    check('not eor', 'eor' not in m)
    s = b.summarize(m)
    check('summary has nlri', 'nlri=10.1.0.0/24,10.2.0.0/23' in s and
          'withdrawn=10.9.0.0/16' in s, s)
    # 2-octet session
    raw = b.update(attrs=[b.origin(0), b.as_path([65002, 65003], as4=False),
                          b.next_hop('1.1.1.1'),
                          b.aggregator(65002, '1.1.1.1', as4=False)],
                   nlri=['10.0.0.0/8'])
    m = b.parse_message(raw, as4=False)
    eq('as2 path', (m['as_path'], m['aggregator'], m['errors']),
       ([(2, [65002, 65003])], (65002, '1.1.1.1'), []))
    # End-of-RIB
    eq('eor v4 parsed', b.parse_message(b.eor_ipv4())['eor'], (1, 1))
    eq('eor v6 parsed', b.parse_message(b.eor_ipv6())['eor'], (2, 1))
    eq('eor generic', b.parse_message(b.eor(1, 2))['eor'], (1, 2))
    # Extended length
    big = b.communities(['65000:%d' % i for i in range(70)])
    check('auto extended length', big[0] & b.FLAG_EXTENDED and
          big[2:4] == (280).to_bytes(2, 'big'), big[:4].hex())
    m = b.parse_message(b.update(attrs=[b.origin(0), big], nlri=[]))
    eq('extended length parsed', len(m['communities']), 70)
    eq('forced extended small', b.origin(0, extended=True),
       H('50 01 0001 00'))
    eq('extended off', b.attr(8, b'\x00' * 4, flags=0xD0, extended=False),
       H('c0 08 04 00000000'))
    raises('long without extended raises', ValueError, b.attr, 8,
           b'\x00' * 300, flags=0xC0)


def test_overrides():
    eq('header length override', b.header(4, b'', length_override=18),
       H(FF + '0012 04'))
    eq('marker override', b.keepalive(marker=b'\x00' * 16),
       H('00' * 16 + '0013 04'))
    eq('attr length override', b.med(1, length_override=3),
       H('80 04 03 00000001'))
    eq('attr flags override', b.origin(0, flags=0xC0), H('c0 01 01 00'))
    eq('raw attr', b.raw_attr(0x40, 99, b'\x01'), H('40 63 01 01'))
    eq('segment count override', b.as_path([(2, [1], 3)], as4=False),
       H('40 02 04 02 03 0001'))
    eq('cap length override', b.capability(65, b'\x00\x00\x00\x01',
                                           length_override=9),
       H('41 09 00000001'))
    eq('mp nh len override', b.mp_reach(1, 1, '1.1.1.1', [],
                                        nh_len_override=5),
       H('80 0e 09 0001 01 05 01010101 00'))
    m = b.parse_message(b.update(withdrawn=['10.0.0.0/8'],
                                 withdrawn_len_override=50))
    check('withdrawn len override flagged', m['errors'], m['errors'])
    m = b.parse_message(b.update(attrs=[b.origin(0)], attrs_len_override=9))
    check('attr len override flagged', m['errors'], m['errors'])
    m = b.parse_message(b.update(attrs=[b.origin(0), b.origin(2)],
                                 nlri=['10.0.0.0/8']))
    eq('duplicate first wins', m['origin'], 'igp')
    check('duplicate flagged', any('duplicate' in e for e in m['errors']))
    eq('shutdown length override', b.shutdown_data('abc', 9),
       H('09 616263'))
    eq('route refresh extra', b.route_refresh(1, 1, 1, extra=b'\x00'),
       H(FF + '0018 05 0001 01 01 00'))
    eq('open extra + as_field', b.open(65001, 90, '1.1.1.1', caps=[],
                                       as_field=7, extra=b'\xee')[19:],
       H('04 0007 005a 01010101 00 ee'))


def test_parser_misc():
    m = b.parse_message(b.notification_shutdown('maintenance ünï', 4))
    eq('shutdown decoded', (m['code'], m['subcode'], m['shutdown']),
       (6, 4, 'maintenance ünï'))
    m = b.parse_message(b.notification(6, 2, b'\x05ab'))
    check('shutdown overrun flagged', m['errors'], m)
    m = b.parse_message(b.notification(3, 1, b'\x40\x01'))
    eq('notification data', (m['code'], m['subcode'], m['data'],
                             'shutdown' in m), (3, 1, b'\x40\x01', False))
    eq('notification name', m['name'],
       'UPDATE Message Error / Malformed Attribute List')
    m = b.parse_message(b.keepalive())
    eq('keepalive parsed', (m['type'], m['errors']), ('KEEPALIVE', []))
    m = b.parse_message(b.keepalive(b'\x00'))
    check('keepalive body flagged', m['errors'])
    m = b.parse_message(b.route_refresh(2, 1, 2))
    eq('rr parsed', (m['afi'], m['safi'], m['subtype']), (2, 1, 2))
    m = b.parse_message(b.header(42))
    eq('unknown type', (m['type'], bool(m['errors'])), ('TYPE-42', True))
    stream = b.keepalive() + b.eor_ipv4() + b.notification(6, 3)
    msgs, rest = b.split_messages(stream + b.keepalive()[:7])
    eq('split count', (len(msgs), len(rest)), (3, 7))
    eq('split types', [b.parse_message(x)['type'] for x in msgs],
       ['KEEPALIVE', 'UPDATE', 'NOTIFICATION'])
    raises('split bad marker', b.FramingError, b.split_messages,
           b.keepalive(marker=b'\x00' * 16))
    raises('split bad length', b.FramingError, b.split_messages,
           b.header(4, length_override=5))
    eq('parse_stream', [m['type'] for m in b.parse_stream(stream)],
       ['KEEPALIVE', 'UPDATE', 'NOTIFICATION'])
    eq('summary notification', b.summarize(b.parse_message(
        b.notification(3, 1))),
        'NOTIFICATION 3/1 (UPDATE Message Error / Malformed Attribute List)')
    eq('summary open', b.summarize(b.parse_message(b.open(
        65001, 90, '1.1.1.1', caps=[b.cap_multiprotocol(1, 1),
                                    b.cap_as4(65001)]))),
       'OPEN v4 as=65001 hold=90 id=1.1.1.1 caps=mp:ipv4/unicast,as4:65001')
    eq('error_name unknown', b.error_name(3, 77),
       'UPDATE Message Error / subcode 77')


def test_address_guard():
    for a in ('127.0.0.1', '127.1.2.3', '127.255.255.254', '::1',
              'localhost', '[::1]', '::ffff:127.0.0.2'):
        try:
            b.check_loopback(a)
            check('loopback ok %s' % a, True)
        except b.UnsafeAddressError as e:
            check('loopback ok %s' % a, False, str(e))
    for a in ('10.0.0.1', '0.0.0.0', '::', '8.8.8.8', '192.168.1.1',
              '172.16.0.1', 'fe80::1', '2001:db8::1', 'example.com',
              '128.0.0.1', '::ffff:10.0.0.1', '', None):
        raises('refused %r' % (a,), b.UnsafeAddressError, b.check_loopback, a)
    # No socket may even be created for a refused address.
    real = socket.socket

    def boom(*a, **kw):
        raise AssertionError('socket created')
    socket.socket = boom
    try:
        p = b.Peer()
        raises('connect refused before socket', b.UnsafeAddressError,
               p.connect, '192.0.2.1', 179)
        raises('local addr refused', b.UnsafeAddressError, p.connect,
               '127.0.0.1', 179, '10.0.0.2')
        raises('listen refused', b.UnsafeAddressError, p.listen,
               '0.0.0.0', 179)
        raises('listen v6 any refused', b.UnsafeAddressError, p.listen,
               '::', 179)
    finally:
        socket.socket = real
    out = io.StringIO()
    err = sys.stderr
    sys.stderr = out
    try:
        rc = b.main(['--connect', '10.1.1.1', '--port', '179', '-e',
                     'sleep 0'])
    finally:
        sys.stderr = err
    eq('cli refuses non-loopback', rc, 1)
    check('cli message', 'refusing' in out.getvalue(), out.getvalue())


def test_script_parser():
    text = '''
# comment
establish hold 90 caps default,ext-msg
send update nlri 10.1.0.0/24 2001:db8::/32 nexthop 127.0.0.2 aspath 65002 {1,2} community 65002:1 no-export med 5 localpref 7 large-community 65002:1:2 ext-community rt:65002:3 atomic-aggregate aggregator 65002:10.0.0.2 originator-id 10.0.0.9 cluster-list 1.1.1.1 attr c0fa0101
send update withdraw 10.1.0.0/24
send raw marker len 04
send notification 6 2 shutdown "going down"   # trailing comment
send route-refresh ipv6 subtype 1
send eor ipv6
send case update-missing-origin
check case origin-bad-value timeout 3 alive 1
expect notification 3 1,10 timeout 5
expect notification * * data 0004
expect update nlri 10.1.0.0/24 community 65002:1 timeout 4
expect update eor ipv6
expect keepalive
expect closed timeout 2
expect open-alive 1.5
expect silent 1
keepalive on interval 2
sleep 0.1
close
echo done
'''
    sc = b.read_script(text)
    eq('script commands', [c for _, _, c, _ in sc],
       ['establish', 'send-update', 'send-update', 'send-raw',
        'send-notification', 'send-route-refresh', 'send-eor', 'send-case',
        'check-case', 'expect-notification', 'expect-notification',
        'expect-type', 'expect-type', 'expect-type', 'expect-closed',
        'expect-open-alive', 'expect-silent', 'keepalive', 'sleep', 'close',
        'echo'])
    spec = sc[1][3]
    eq('update spec aspath', spec['aspath'], [(2, [65002]), (1, [1, 2])])
    eq('update spec nlri', spec['nlri'], ['10.1.0.0/24', '2001:db8::/32'])
    eq('update spec comm', spec['community'], [0xFDEA0001, 0xFFFFFF01])
    eq('notification spec', (sc[4][3]['shutdown'], sc[4][3]['code']),
       ('going down', 6))
    eq('expect codes', (sc[9][3]['code'], sc[9][3]['subcode'],
                        sc[9][3]['timeout']), ((3,), (1, 10), 5.0))
    eq('expect wildcard', (sc[10][3]['code'], sc[10][3]['data']),
       (None, b'\x00\x04'))
    eq('caps parse', b.parse_caps('default,ext-msg', 65002),
       b.default_caps(65002) + [b.cap_extended_message()])
    eq('caps none', b.parse_caps('none', 1), [])
    eq('caps raw', b.parse_caps('ipv4,as4:7,raw:200:aabb,gr:60', 1),
       [b.cap_multiprotocol(1, 1), b.cap_as4(7), b.capability(200, H('aabb')),
        b.cap_graceful_restart(60, 0, [(1, 1, 0)])])
    for bad in ('establish hold x', 'send update nlri 10.1.0.0/33',
                'send bogus', 'expect notification 3', 'sleep',
                'expect open-alive', 'frobnicate', 'send raw zz',
                'send update med', 'establish caps warp',
                'send notification 6 2 shutdown "unterminated'):
        raises('script error: %s' % bad, b.ScriptError, b.read_script, bad)
    # The update the runner builds from a spec
    class O:
        my_as = 65002
        verbose = False
        timeout = 1
    r = b.ScriptRunner.__new__(b.ScriptRunner)
    r.opts = O()
    r.peer = b.Peer()
    r.peer.local_addr = '127.0.0.2'
    u = b.parse_message(r.build_update(sc[1][3]))
    eq('built update', (u['nlri'], u['mp_reach']['nlri'], u['next_hop'],
                        u['as_path_str'], u['med'], u['local_pref'],
                        u['communities'], u['errors']),
       (['10.1.0.0/24'], ['2001:db8::/32'], '127.0.0.2', '65002 {1,2}', 5,
        7, ['65002:1', 'no-export'], []))
    eq('built update extras', (u['large_communities'], u['ext_communities'],
                               u['atomic_aggregate'], u['aggregator'],
                               u['originator_id'], u['cluster_list'],
                               u['attrs'][-1]['type']),
       (['65002:1:2'], ['rt:65002:3'], True, (65002, '10.0.0.2'),
        '10.0.0.9', ['1.1.1.1'], 250))
    eq('built update v6 nexthop', u['mp_reach']['next_hop'],
       ['::ffff:127.0.0.2'])
    u = b.parse_message(r.build_update(b.read_script(
        'send update nlri 10.3.0.0/16')[0][3]))
    eq('built update defaults', (u['origin'], u['as_path_str'],
                                 u['next_hop']), ('igp', '65002',
                                                  '127.0.0.2'))
    eq('raw parts', b.read_script('send raw marker len 04')[0][3]['parts'],
       [b.MARKER, 'len', b'\x04'])
    m = b.parse_message(b.update(attrs=[b.origin(0), b.as_path([1]),
                                        b.next_hop('1.1.1.1'),
                                        b.communities(['1:1', '1:2'])],
                                 nlri=['10.0.0.0/8', '11.0.0.0/8']))
    spec = b.read_script('expect update nlri 10.0.0.0/8 community 1:2 '
                         'aspath 1 nexthop 1.1.1.1')[0][3]
    check('update filter match', b._update_matches(m, spec))
    spec = b.read_script('expect update nlri 12.0.0.0/8')[0][3]
    check('update filter mismatch', not b._update_matches(m, spec))


def test_catalogue():
    cases = malformed.build_cases()
    check('at least 45 cases', len(cases) >= 45, str(len(cases)))
    names = [c.name for c in cases]
    eq('unique names', len(names), len(set(names)))
    kinds = {'notification', 'treat-as-withdraw', 'attribute-discard',
             'ignore', 'close', 'afi-safi-disable'}
    for c in cases:
        ok = (c.phase in (malformed.PHASE_OPEN, malformed.PHASE_ESTABLISHED)
              and c.expect[0] in kinds and c.rfc and c.data and
              all(a[0] in kinds for a in c.also))
        if c.expect[0] == 'notification':
            ok = ok and len(c.expect) == 3 and isinstance(c.expect[1], int)
        check('case well-formed record %s' % c.name, ok, repr(c)[:200])
        try:
            msgs, rest = b.split_messages(c.data)
            parsed = [b.parse_message(x, as4='as2' not in c.needs)
                      for x in msgs]
        except b.FramingError:
            parsed = None
        if c.expect[0] == 'ignore' and c.phase == 'established':
            check('ignore case parses cleanly %s' % c.name,
                  parsed and not rest and not any(p['errors'] for p in parsed),
                  repr(parsed and [p['errors'] for p in parsed]))
        if c.expect[0] in ('treat-as-withdraw', 'attribute-discard') and \
                c.expect == c.expect:
            check('route case has prefixes %s' % c.name,
                  bool(c.prefixes or c.withdraws))
    for ctx in (malformed.Context(), malformed.Context(local_as=65002),
                malformed.Context(peer_as=4200000001,
                                  nexthop='127.0.0.9')):
        check('catalogue builds for %r' % (ctx,), len(malformed.build_cases(
            ctx)) == len(cases))
    by = {c.name: c for c in cases}
    eq('version data', by['open-version-5'].notif_data, b'\x00\x04')
    eq('4097 length', len(by['hdr-update-length-4097'].data), 4097)
    eq('open-length-4097 length', len(by['open-length-4097'].data), 4097)
    out = io.StringIO()
    real = sys.stdout
    sys.stdout = out
    try:
        rc = malformed.main(['--list'])
    finally:
        sys.stdout = real
    check('--list runs', rc == 0 and 'open-version-5' in out.getvalue() and
          'notification 2/1' in out.getvalue())


# ---------------------------------------------------------------------------
# Optional loopback test (--loopback)
# ---------------------------------------------------------------------------

def test_loopback():
    srv = b.Peer().listen('127.0.0.1', 0)
    port = srv.listen_port
    res = {}

    def passive():
        try:
            srv.accept(5)
            res['open'] = srv.establish(65001, '10.0.0.1', 30)
            m = srv.wait_for('UPDATE', 5, match=lambda m: m.get('nlri'))
            res['update'] = m
            srv.send(b.notification_shutdown('bye'))
            res['closed'] = srv.is_closed(5)
        except Exception as e:   # noqa: BLE001
            res['error'] = e
    t = threading.Thread(target=passive)
    t.start()
    cli = b.Peer()
    cli.connect('127.0.0.1', port, '127.0.0.2')
    ro = cli.establish(65002, '10.0.0.2', 90)
    eq('loopback remote open', (ro['asn'], cli.hold, cli.as4),
       (65001, 30, True))
    cli.send(b.update(attrs=[b.origin(0), b.as_path([65002]),
                             b.next_hop('127.0.0.2')],
                      nlri=['10.5.0.0/16']))
    code, sub, data = cli.expect_notification(5)
    eq('loopback notification', (code, sub, data), (6, 2, H('03627965')))
    cli.close()
    t.join(10)
    check('loopback passive ok', 'error' not in res, repr(res.get('error')))
    eq('loopback update seen', res.get('update', {}).get('nlri'),
       ['10.5.0.0/16'])
    check('loopback close seen', res.get('closed'))
    srv.close()
    srv.close_listener()

    # The CLI, passive and active.
    s = socket.socket()
    s.bind(('127.0.0.1', 0))
    port = s.getsockname()[1]
    s.close()
    me = os.path.join(HERE, 'bgppeer.py')
    lst = subprocess.Popen(
        [sys.executable, me, '--listen', '127.0.0.1', '--port', str(port),
         '--as', '65001', '--id', '10.0.0.1', '--accept-timeout', '10',
         '-e', 'establish', '-e', 'expect update nlri 10.7.0.0/24',
         '-e', 'expect notification 6 2 shutdown "done"',
         '-e', 'expect closed timeout 5'],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    con = subprocess.run(
        [sys.executable, me, '--connect', '127.0.0.1', '--port', str(port),
         '--local', '127.0.0.3', '--as', '65003', '--connect-retry', '5',
         '-e', 'establish hold 30', '-e',
         'send update nlri 10.7.0.0/24 community 65003:7',
         '-e', 'expect open-alive 1',
         '-e', 'send notification 6 2 shutdown "done"', '-e', 'close'],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        timeout=30)
    lout = lst.communicate(timeout=30)[0]
    eq('cli connect rc', con.returncode, 0)
    eq('cli listen rc', lst.returncode, 0)
    check('cli listen printed update', 'RECV UPDATE nlri=10.7.0.0/24' in lout,
          lout)
    if con.returncode or lst.returncode:
        print(con.stdout)
        print(lout)


def main():
    for t in (test_known_bytes, test_prefixes, test_open_roundtrip,
              test_update_roundtrip, test_overrides, test_parser_misc,
              test_address_guard, test_script_parser, test_catalogue):
        try:
            t()
        except Exception as e:   # noqa: BLE001
            import traceback
            traceback.print_exc()
            check(t.__name__, False, 'raised %r' % e)
    if '--loopback' in sys.argv:
        try:
            test_loopback()
        except Exception as e:   # noqa: BLE001
            import traceback
            traceback.print_exc()
            check('test_loopback', False, 'raised %r' % e)
    print('%d passed, %d failed' % (RESULTS['passed'], RESULTS['failed']))
    return 1 if RESULTS['failed'] else 0


if __name__ == '__main__':
    sys.exit(main())

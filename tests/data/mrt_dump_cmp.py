#!/usr/bin/env python3
"""mrt_dump_cmp - compare routes for the mrt_dump bats tests.

  mrt_dump_cmp.py show XRSH_OUTPUT BGPDUMP_OUTPUT
      the routes of every `show bgp [ipv6 unicast] | json` line in
      XRSH_OUTPUT against the RIB entries of `bgpdump -m` of a
      TABLE_DUMP_V2 file: (prefix, peer, AS path, origin, next hop,
      communities), as sets.
  mrt_dump_cmp.py dumps BGPDUMP_A BGPDUMP_B
      two `bgpdump -m` readings of RIB dumps, modulo the record type
      (TABLE_DUMP / TABLE_DUMP2), timestamps and the peer order:
      (peer, peer AS, prefix, AS path, origin, next hop, MED,
      communities, atomic aggregate, aggregator), as multisets.

Prints the number of routes compared, or the differences (exit 1).
"""
import collections
import json
import sys


def aspath_str(p):
    out = []
    for seg in p:
        if isinstance(seg, list):
            out.append('{' + ','.join(str(a) for a in seg) + '}')
        else:
            out.append(str(seg))
    return ' '.join(out)


def from_show(path):
    routes = collections.Counter()
    with open(path) as f:
        for line in f:
            if not line.startswith('{'):
                continue
            doc = json.loads(line)
            for r in doc.get('routes') or []:
                for p in r['paths']:
                    routes[(r['prefix'], p['from'] or '0.0.0.0',
                            aspath_str(p['as_path']),
                            p['origin'].upper(), p['next_hop'],
                            ' '.join(p['communities']))] += 1
    return routes


def rib_lines(path):
    with open(path) as f:
        for line in f:
            x = line.rstrip('\n').split('|')
            if len(x) >= 12 and x[0] in ('TABLE_DUMP', 'TABLE_DUMP2') \
                    and x[2] == 'B':
                yield x


def from_dump_show(path):
    return collections.Counter(
        (x[5], x[3], x[6], x[7], x[8], x[11]) for x in rib_lines(path))


def aggregator(x):
    # an AGGREGATOR of AS 0 is discarded on import (RFC 7606 7.7): the
    # old RIS dump has a few
    return '' if x[13].startswith('0 ') else x[13]


def from_dump_full(path):
    return collections.Counter(
        (x[3], x[4], x[5], x[6], x[7], x[8], x[10], x[11], x[12],
         aggregator(x))
        for x in rib_lines(path) if len(x) >= 14)


def compare(a, b, na, nb):
    if a == b:
        print('%d routes, the same' % sum(a.values()))
        return 0
    only_a = a - b
    only_b = b - a
    print('%d routes in %s, %d in %s' % (sum(a.values()), na,
                                           sum(b.values()), nb))
    for k in list(only_a)[:20]:
        print('only in %s: %s' % (na, '|'.join(k)))
    for k in list(only_b)[:20]:
        print('only in %s: %s' % (nb, '|'.join(k)))
    print('%d only in %s, %d only in %s' % (sum(only_a.values()), na,
                                             sum(only_b.values()), nb))
    return 1


def main():
    if len(sys.argv) != 4 or sys.argv[1] not in ('show', 'dumps'):
        print(__doc__, file=sys.stderr)
        return 2
    if sys.argv[1] == 'show':
        return compare(from_show(sys.argv[2]), from_dump_show(sys.argv[3]),
                       'show bgp', 'the dump')
    return compare(from_dump_full(sys.argv[2]), from_dump_full(sys.argv[3]),
                   sys.argv[2], sys.argv[3])


if __name__ == '__main__':
    sys.exit(main())

#!/usr/bin/env python3
"""Writes the seed corpora of the text fuzz targets from the suite's inputs.

corpus_config/ gets the sample configurations (tests/configs), corpus_rpl/
every route-policy and set block in them and in tests/policy, corpus_cli/
a sample of their lines plus some exec commands, each behind the mode
selector byte of fuzz_cli.c (0 exec, 1 config, 2 router bgp).  Files
named regress-* are inputs a fuzzer once crashed on: they stay.
Deterministic: running it again rewrites the same files.
"""
import glob
import os
import re
import shutil

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.normpath(os.path.join(HERE, "..", ".."))
HEAD = re.compile(r"^(route-policy|prefix-set|community-set|as-path-set|"
                  r"extcommunity-set|large-community-set|rd-set) ")


def fresh(name):
    """The directory emptied of generated seeds; regress-* files (inputs
    that once crashed a target) are kept."""
    d = os.path.join(HERE, name)
    os.makedirs(d, exist_ok=True)
    for f in os.listdir(d):
        if not f.startswith("regress-"):
            os.remove(os.path.join(d, f))
    return d


def main():
    cfgs = sorted(glob.glob(os.path.join(TOP, "tests/configs/*.cfg")))
    pols = sorted(glob.glob(os.path.join(TOP, "tests/policy/*.pol")))
    d = fresh("corpus_config")
    for f in cfgs:
        shutil.copy(f, os.path.join(d, os.path.basename(f)[:-4]))
    d = fresh("corpus_rpl")
    blocks, cur = [], None
    for f in cfgs + pols:
        for line in open(f, encoding="utf-8"):
            if HEAD.match(line):
                cur = [line]
            elif cur is not None:
                cur.append(line)
                if line.startswith(("end-policy", "end-set")):
                    blocks.append("".join(cur))
                    cur = None
    for i, b in enumerate(sorted(set(blocks))):
        with open(os.path.join(d, "block%03d" % i), "w") as o:
            o.write(b)
    d = fresh("corpus_cli")
    lines = [(0, "show bgp summary"),
             (0, "show bgp ipv4 unicast 10.0.0.0/8 longer-prefixes | json"),
             (0, "show running-config router bgp | include neighbor"),
             (0, "show route-policy PASS detail"),
             (0, "sh bg ne 127.0.0.2 adv"),
             (2, "neighbor 127.0.0.2 remote-as 65002"),
             (2, "bgp router-id 1.1.1.1")]
    body = [l.strip() for f in cfgs for l in open(f, encoding="utf-8")
            if l.strip() and not l.strip().startswith("!")]
    lines += [(1, l) for l in body[::9][:120]]
    for i, (mode, l) in enumerate(lines):
        with open(os.path.join(d, "line%03d" % i), "wb") as o:
            o.write(bytes([mode]) + l.encode())
    print("corpus_config %d, corpus_rpl %d, corpus_cli %d" % (
        len(cfgs), len(set(blocks)), len(lines)))


if __name__ == "__main__":
    main()

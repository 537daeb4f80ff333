#!/usr/bin/env python3
"""Per-stream, per-direction TCP payload totals of a capture, according to tshark.

Usage: tshark_streams.py CAPTURE

Prints "streams <count>", then one line per stream and direction:
    <tcp.stream> <src addr:port> <dst addr:port> <bytes> <fnv1a64 of the bytes, hex> <missing>

The bytes are those of tshark's "follow TCP stream" (raw), which is tshark's own reassembly:
each payload byte once, retransmissions and overlaps removed, segments put in sequence order.
Summing tcp.len would count retransmitted bytes twice, so it is not used.
Where segments were never captured, tshark's follow output holds a text marker
"[N bytes missing in capture file]" plus a NUL instead of the bytes; the marker is taken out of
the byte total and N is added to <missing>. Addresses are
printed the way Rust's SocketAddr displays them ("1.2.3.4:5", "[::1]:5").
"""

import ipaddress
import re
import subprocess
import sys

MISSING = re.compile(rb"^\[(\d+) bytes missing in capture file\]\x00?$")
FNV_OFFSET = 0xCBF29CE484222325
FNV_PRIME = 0x100000001B3
MASK = (1 << 64) - 1
# Follow requests per tshark run; keeps the command line reasonable.
BATCH = 200


def fnv1a64(data):
    h = FNV_OFFSET
    for b in data:
        h = ((h ^ b) * FNV_PRIME) & MASK
    return h


def endpoint(text):
    addr, port = text.strip().rsplit(":", 1)
    ip = ipaddress.ip_address(addr.strip("[]"))
    if ip.version == 6:
        return "[%s]:%s" % (ip.compressed, port)
    return "%s:%s" % (ip, port)


def tshark(args):
    out = subprocess.run(
        ["tshark", "-n"] + args,
        check=True,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
    )
    return out.stdout.decode("ascii", "replace")


def parse_follow(text, result):
    stream = None
    nodes = {}
    chunks = {0: bytearray(), 1: bytearray()}
    missing = {0: 0, 1: 0}

    def flush():
        if stream is None:
            return
        a, b = nodes.get(0), nodes.get(1)
        result[stream] = [
            (a, b, bytes(chunks[0]), missing[0]),
            (b, a, bytes(chunks[1]), missing[1]),
        ]

    for line in text.splitlines():
        if line.startswith("====="):
            continue
        if line.startswith("Follow:"):
            flush()
            stream, nodes = None, {}
            chunks, missing = {0: bytearray(), 1: bytearray()}, {0: 0, 1: 0}
            continue
        if line.startswith("Filter:"):
            stream = int(line.rsplit(" ", 1)[1])
            continue
        if line.startswith("Node 0:") or line.startswith("Node 1:"):
            nodes[int(line[5])] = endpoint(line.split(":", 1)[1])
            continue
        if not line.strip():
            continue
        node = 1 if line.startswith("\t") else 0
        data = bytes.fromhex(line.strip())
        m = MISSING.match(data)
        if m:
            missing[node] += int(m.group(1))
        else:
            chunks[node].extend(data)
    flush()


def main():
    path = sys.argv[1]
    ids = sorted(
        {int(s) for s in tshark(["-r", path, "-T", "fields", "-e", "tcp.stream"]).split() if s}
    )
    result = {}
    for i in range(0, len(ids), BATCH):
        args = ["-r", path, "-q"]
        for s in ids[i : i + BATCH]:
            args += ["-z", "follow,tcp,raw,%d" % s]
        parse_follow(tshark(args), result)
    print("streams %d" % len(ids))
    for s in ids:
        for src, dst, data, gap in result.get(s, []):
            # A stream with no payload at all has no node lines; nothing to report.
            if src is None or dst is None:
                continue
            print("%d %s %s %d %016x %d" % (s, src, dst, len(data), fnv1a64(data), gap))


if __name__ == "__main__":
    main()

"""Builds RTS PDUs with impacket's rpch.py helpers and prints them as JSON lines.

Each line names the helper, the arguments it was given, the values impacket fills in by
itself (read from its command classes) and the bytes it produced. The Rust test builds the
same PDUs and compares bytes.
"""
import json
import sys

from impacket.dcerpc.v5 import rpch


def cookie(n):
    return bytes((n * 17 + i) & 0xFF for i in range(16))


def default(cls, field):
    # A command's default values are filled in when it is serialised.
    return cls(cls().getData())[field]


defaults = {
    "version": default(rpch.Version, "Version"),
    "channel_lifetime": default(rpch.ChannelLifetime, "ChannelLifetime"),
    "client_keepalive": default(rpch.ClientKeepalive, "ClientKeepalive"),
}

out = []
for vc, oc, rws in [(1, 2, 262144), (7, 8, 65536), (0, 255, 0xFFFFFFFF)]:
    out.append({"helper": "hCONN_A1", "vc": cookie(vc).hex(), "out": cookie(oc).hex(),
                "rws": rws, "hex": rpch.hCONN_A1(cookie(vc), cookie(oc), rws).hex()})
for vc, ic, ag in [(1, 3, 4), (9, 10, 11)]:
    out.append({"helper": "hCONN_B1", "vc": cookie(vc).hex(), "in": cookie(ic).hex(),
                "agid": cookie(ag).hex(), "hex": rpch.hCONN_B1(cookie(vc), cookie(ic), cookie(ag)).hex()})
for dest, br, aw, cc in [(rpch.FDOutProxy, 0x8092, 0x10000, 5), (rpch.FDServer, 0, 0, 6),
                         (rpch.FDClient, 0xFFFFFFFF, 0x40000, 7)]:
    out.append({"helper": "hFlowControlAckWithDestination", "dest": dest, "bytes_received": br,
                "available_window": aw, "cookie": cookie(cc).hex(),
                "hex": rpch.hFlowControlAckWithDestination(dest, br, aw, cookie(cc)).hex()})
out.append({"helper": "hPing", "hex": rpch.hPing().hex()})
for o in out:
    o.update(defaults)
    sys.stdout.write(json.dumps(o) + "\n")

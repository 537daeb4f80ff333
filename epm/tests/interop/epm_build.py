"""Builds endpoint mapper stubs with impacket and prints one JSON object per line:
{"name", "opnum", "request", "ndr64", "hex", "expect"}; `expect` holds the values set,
in the schema the Rust test compares against (UUIDs as text, octets as hex)."""
import binascii
import json
import socket
import sys

from impacket.dcerpc.v5 import epm
from impacket.dcerpc.v5.ndr import NULL
from impacket.uuid import string_to_bin

NDR20 = ("8a885d04-1ceb-11c9-9fe8-08002b104860", 2)
NDR64 = ("71710533-beba-4937-8319-b5dbef9ccc36", 1)
NSPI = ("f5cc5a18-4264-101a-8c59-08002b2f8426", 56)
EMSMDB = ("a4f1db00-ca47-1067-b31f-00dd010662da", 0)
LSA = ("12345778-1234-abcd-ef00-0123456789ab", 0)


def floor(ident, rhs):
    f = epm.EPMFloor()
    f["LHSByteCount"] = 1
    f["ProtocolData"] = bytes([ident])
    f["RHSByteCount"] = len(rhs)
    f["RelatedData"] = rhs
    return f.getData()


def tower(iface, kind, ts=NDR20):
    i = epm.EPMRPCInterface()
    i["InterfaceUUID"] = string_to_bin(iface[0])
    i["MajorVersion"] = iface[1]
    i["MinorVersion"] = 0
    d = epm.EPMRPCDataRepresentation()
    d["DataRepUuid"] = string_to_bin(ts[0])
    d["MajorVersion"] = ts[1]
    d["MinorVersion"] = 0
    floors = [i.getData(), d.getData()]
    if kind[0] == "tcp":
        p = epm.EPMProtocolIdentifier()
        p["ProtIdentifier"] = epm.FLOOR_RPCV5_IDENTIFIER
        pa = epm.EPMPortAddr()
        pa["IpPort"] = kind[2]
        ha = epm.EPMHostAddr()
        ha["Ip4addr"] = socket.inet_aton(kind[1])
        floors += [p.getData(), pa.getData(), ha.getData()]
    elif kind[0] == "http":
        floors += [floor(0x0B, b"\0\0"), floor(0x1F, kind[2].to_bytes(2, "big")),
                   floor(0x09, socket.inet_aton(kind[1]))]
    elif kind[0] == "udp":
        floors += [floor(0x0A, b"\0\0"), floor(0x08, kind[2].to_bytes(2, "big")),
                   floor(0x09, socket.inet_aton(kind[1]))]
    elif kind[0] == "np":
        pn = epm.EPMPipeName()
        pn["PipeName"] = kind[2].encode() + b"\0"
        hn = epm.EPMHostName()
        hn["HostName"] = kind[1].encode() + b"\0"
        floors += [floor(0x0B, b"\0\0"), pn.getData(), hn.getData()]
    elif kind[0] == "lrpc":
        floors += [floor(0x0C, b"\0\0"), floor(0x10, kind[1].encode() + b"\0")]
    elif kind[0] == "odd":
        # A floor nobody defines, then an address.
        floors += [floor(0x0B, b"\0\0"), floor(0x1F, b"\x13\x88"), floor(0x20, b"\xc0\xa8\x00\x02")]
    t = epm.EPMTower()
    t["NumberOfFloors"] = len(floors)
    t["Floors"] = b"".join(floors)
    data = t.getData()
    binding = None
    parsed = epm.EPMTower(data)
    b = epm.PrintStringBinding(parsed["Floors"])
    # impacket names floors it does not know "unknown_proto_0x..": no binding.
    if not b.startswith("unknown_proto"):
        binding = b
    return data, binding


KINDS = [
    (NSPI, ("tcp", "10.0.0.5", 1032)),
    (EMSMDB, ("tcp", "192.168.0.2", 6001)),
    (EMSMDB, ("http", "192.168.0.2", 593)),
    (LSA, ("np", "\\\\SERVER", "\\PIPE\\lsass")),
    (LSA, ("lrpc", "LRPC-0123456789abcdef")),
    (NSPI, ("udp", "10.1.2.3", 49152)),
    (NSPI, ("odd",)),
]

OBJ = "f8e5e3a1-4bbb-4e56-9b2d-8ac5ed2dd6f0"
HANDLE = bytes(range(1, 21))


def out(name, opnum, request, ndr64, data, expect):
    print(json.dumps({"name": name, "opnum": opnum, "request": request, "ndr64": ndr64,
                      "hex": binascii.hexlify(data).decode(), "expect": expect}))


def handle(ndr64, raw):
    h = epm.ept_lookup_handle_t(isNDR64=ndr64)
    h["context_handle_attributes"] = int.from_bytes(raw[:4], "little")
    h["context_handle_uuid"] = raw[4:]
    return h


for ndr64 in (False, True):
    sfx = "ndr64" if ndr64 else "ndr20"
    for n, (iface, kind) in enumerate(KINDS):
        data, binding = tower(iface, kind)
        for with_obj in (False, True):
            r = epm.ept_map(isNDR64=ndr64)
            if with_obj:
                r["obj"] = string_to_bin(OBJ)
            else:
                r["obj"] = NULL
            r["map_tower"]["tower_length"] = len(data)
            r["map_tower"]["tower_octet_string"] = data
            r["max_towers"] = 4 + n
            out(f"ept_map request {n} {kind[0]} obj={with_obj} {sfx}", 3, True, ndr64, r.getData(),
                {"object": OBJ if with_obj else None, "tower": binascii.hexlify(data).decode(),
                 "entry_handle": "00" * 20, "max_towers": 4 + n})
    # Responses: one with every kind, one with a single tower, one empty.
    towers = [tower(i, k) for i, k in KINDS]
    for sel, name in ((towers, "all"), (towers[:1], "one"), ([], "none")):
        resp = epm.ept_mapResponse(isNDR64=ndr64)
        resp["entry_handle"] = handle(ndr64, HANDLE)
        resp["num_towers"] = len(sel)
        for data, _ in sel:
            tw = epm.twr_p_t(isNDR64=ndr64)
            tw["tower_length"] = len(data)
            tw["tower_octet_string"] = data
            resp["ITowers"].append(tw)
        status = 0 if sel else epm.RPC_NO_MORE_ELEMENTS
        resp["status"] = status
        out(f"ept_map response {name} {sfx}", 3, False, ndr64, resp.getData(),
            {"entry_handle": binascii.hexlify(HANDLE).decode(), "num_towers": len(sel),
             "towers": [binascii.hexlify(d).decode() for d, _ in sel],
             "bindings": [b for _, b in sel], "status": status})
    for inq, with_obj, with_if in ((0, False, False), (1, False, True), (3, True, True)):
        r = epm.ept_lookup(isNDR64=ndr64)
        r["inquiry_type"] = inq
        r["object"] = string_to_bin(OBJ) if with_obj else NULL
        if with_if:
            r["Ifid"]["Uuid"] = string_to_bin(NSPI[0])
            r["Ifid"]["VersMajor"] = 56
            r["Ifid"]["VersMinor"] = 1
        else:
            r["Ifid"] = NULL
        r["vers_option"] = 1
        r["entry_handle"] = handle(ndr64, HANDLE)
        r["max_ents"] = 500
        out(f"ept_lookup request inq={inq} {sfx}", 2, True, ndr64, r.getData(),
            {"inquiry_type": inq, "object": OBJ if with_obj else None,
             "ifid": [NSPI[0], 56, 1] if with_if else None, "vers_option": 1,
             "entry_handle": binascii.hexlify(HANDLE).decode(), "max_ents": 500})
    for count in (0, 1, len(KINDS)):
        resp = epm.ept_lookupResponse(isNDR64=ndr64)
        resp["entry_handle"] = handle(ndr64, HANDLE)
        resp["num_ents"] = count
        ents = []
        for k in range(count):
            iface, kind = KINDS[k]
            data, binding = tower(iface, kind)
            e = epm.ept_entry_t(isNDR64=ndr64)
            obj = OBJ if k % 2 else "00000000-0000-0000-0000-000000000000"
            e["object"] = string_to_bin(obj)
            e["tower"]["tower_length"] = len(data)
            e["tower"]["tower_octet_string"] = data
            ann = ("annotation %d" % k if k else "") + "\0"
            e["annotation"] = ann.encode()
            resp["entries"].append(e)
            ents.append({"object": obj, "tower": binascii.hexlify(data).decode(),
                         "annotation": ann[:-1], "binding": binding})
        resp["status"] = 0
        out(f"ept_lookup response n={count} {sfx}", 2, False, ndr64, resp.getData(),
            {"entry_handle": binascii.hexlify(HANDLE).decode(), "num_ents": count,
             "entries": ents, "status": 0})

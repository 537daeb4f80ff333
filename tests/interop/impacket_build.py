#!/usr/bin/env python3
"""Build DCE/RPC connection-oriented PDUs with impacket and print them as JSON.

Run with a Python that has impacket installed (CI: `$OXWIRE_PYTHON`, a venv made by
`.ci/run`):

    $OXWIRE_PYTHON tests/interop/impacket_build.py > pdus.json

Output: one JSON array on stdout. Each element:

    {"name": str, "hex": str, "impacket_native": bool, "expect": {...}}

`expect` holds the values that were *set* while building (never bytes computed by hand):

  every PDU   ptype, pfc_flags, drep_hex ("10000000" little-endian / "00000000" big-endian),
              frag_length, auth_length, call_id
  auth        when auth_length > 0: auth_type, auth_level, auth_pad_length,
              auth_context_id, auth_value_hex
  request     alloc_hint, ctx_id, opnum, object_uuid (only when PFC_OBJECT_UUID), stub_hex
  response    alloc_hint, ctx_id, cancel_count, stub_hex
  fault       alloc_hint, ctx_id, cancel_count, status, stub_hex (bytes after the reserved u32)
  bind,       max_xmit_frag, max_recv_frag, assoc_group,
  alter_ctx   contexts: [{ctx_id, abstract_uuid, abstract_version "maj.min",
                          transfer_syntaxes: [{uuid, version}]}]
  bind_ack,   max_xmit_frag, max_recv_frag, assoc_group, sec_addr (str, without NUL),
  alter_resp  results: [{result, reason, transfer_uuid, transfer_version}]
  bind_nak    reject_reason, versions ["maj.min", ...]
  auth3       (common fields and auth fields only)

UUIDs are lowercase strings; versions are "major.minor" with major the low 16 bits of the
wire version (so EMSMDB is "0.81", NSPI "56.0", NDR "2.0").

frag_length/auth_length are the values impacket put in the header (its own length
formulas, or `len(getData())` exactly as impacket's DCERPCServer does for bind_ack); the
script checks they equal the byte count.

Notes on impacket (0.13):
  * impacket has no big-endian support: every field format is hard-coded '<' and the data
    representation is never consulted. The `*_be` items are built with impacket's Structure
    engine from impacket's own field tables with '<' turned into '>' and UUIDs laid out in
    big-endian NDR order; they carry "impacket_native": false.
  * CtxItem has room for exactly one transfer syntax (TransferSyntax '20s'); the item
    `bind_ctx_two_transfer_syntaxes` uses a CtxItem subclass whose TransferSyntax is a raw
    field, also marked "impacket_native": false.
  * MSRPCBindAck packs SecondaryAddr as 'z' (NUL-terminated), so it cannot produce the
    sec_addr length 0 that Windows sends in alter_context_resp; that item uses a subclass
    with a raw SecondaryAddr ("impacket_native": false).
  * DCERPC_RawCall never sets alloc_hint (DCERPC_v5.send sets it to len(stub)); here it is
    set explicitly. impacket's fragmenting keeps alloc_hint = total stub length in every
    fragment (Windows counts down); the fragment items come from DCERPC_v5.send itself.
"""

import json
import sys
import uuid as pyuuid
from struct import pack

from impacket.dcerpc.v5 import rpcrt
from impacket.dcerpc.v5.rpcrt import (
    CtxItem,
    CtxItemResult,
    DCERPC_RawCall,
    DCERPC_v5,
    MSRPCBind,
    MSRPCBindAck,
    MSRPCBindNak,
    MSRPCHeader,
    MSRPCRespHeader,
    SEC_TRAILER,
)
from impacket.uuid import string_to_bin, uuidtup_to_bin

EMSMDB = ("a4f1db00-ca47-1067-b31f-00dd010662da", "0.81")
NSPI = ("f5cc5a18-4264-101a-8c59-08002b2f8426", "56.0")
EPM = ("e1af8308-5d1f-11c9-91a4-08002b14a0fa", "3.0")
NDR20 = ("8a885d04-1ceb-11c9-9fe8-08002b104860", "2.0")
NDR64 = ("71710533-beba-4937-8319-b5dbef9ccc36", "1.0")
# Bind-time feature negotiation: the last 8 bytes carry the feature bits (here 0x03:
# security context multiplexing | keep connection on orphan).
BTFN = ("6cb71c2c-9812-4540-0300-000000000000", "1.0")
NULL_SYNTAX = ("00000000-0000-0000-0000-000000000000", "0.0")

OBJECT_UUID = "3d0c7c4e-2a5b-4f61-9c1e-7e2d05a8b6f1"

DREP_LE = 0x10
LE_HEX = "10000000"
BE_HEX = "00000000"


def stub_bytes(n, seed):
    """Deterministic filler stub of n bytes."""
    return bytes((seed + i * 7) & 0xFF for i in range(n))


def vers(v):
    return v


# ---------------------------------------------------------------------------
# big-endian variants derived from impacket's own field tables


def _flip(fields):
    out = []
    for f in fields:
        if len(f) >= 2 and isinstance(f[1], str) and f[1].startswith("<"):
            f = (f[0], ">" + f[1][1:]) + tuple(f[2:])
        out.append(f)
    return tuple(out)


def be_class(cls):
    attrs = {}
    if hasattr(cls, "commonHdr"):
        attrs["commonHdr"] = _flip(cls.commonHdr)
    if hasattr(cls, "structure"):
        attrs["structure"] = _flip(cls.structure)
    return type(cls.__name__ + "BE", (cls,), attrs)


MSRPCHeaderBE = be_class(MSRPCHeader)
MSRPCRequestHeaderBE = be_class(rpcrt.MSRPCRequestHeader)
MSRPCRespHeaderBE = be_class(MSRPCRespHeader)
MSRPCBindAckBE = be_class(MSRPCBindAck)
MSRPCBindBE = be_class(MSRPCBind)
CtxItemBE = be_class(CtxItem)
CtxItemResultBE = be_class(CtxItemResult)
SEC_TRAILER_BE = be_class(SEC_TRAILER)


def syntax_bin(tup, be=False):
    if not be:
        return uuidtup_to_bin(tup)
    # the version is one u32 (major in the low 16 bits), so big-endian puts minor first
    maj, mnr = tup[1].split(".")
    return pyuuid.UUID(tup[0]).bytes + pack(">L", (int(mnr) << 16) | int(maj))


def uuid_bin(s, be=False):
    return pyuuid.UUID(s).bytes if be else string_to_bin(s)


# ---------------------------------------------------------------------------
# expectation helpers


def syn_json(tup):
    return {"uuid": tup[0].lower(), "version": vers(tup[1])}


def header_lengths(data, be=False):
    """frag_len and auth_len exactly as impacket wrote them into the common header."""
    hdr = (MSRPCHeaderBE if be else MSRPCHeader)(data)
    return hdr["frag_len"], hdr["auth_len"]


def common(ptype, flags, data, call_id, be=False):
    frag_len, auth_len = header_lengths(data, be)
    return {
        "ptype": ptype,
        "pfc_flags": flags,
        "drep_hex": BE_HEX if be else LE_HEX,
        "frag_length": frag_len,
        "auth_length": auth_len,
        "call_id": call_id,
    }


def auth_json(auth):
    if auth is None:
        return {}
    return {
        "auth_type": auth["type"],
        "auth_level": auth["level"],
        "auth_pad_length": auth["pad"],
        "auth_context_id": auth["ctx"],
        "auth_value_hex": auth["value"].hex(),
    }


def make_trailer(auth, be=False):
    st = (SEC_TRAILER_BE if be else SEC_TRAILER)()
    st["auth_type"] = auth["type"]
    st["auth_level"] = auth["level"]
    st["auth_pad_len"] = auth["pad"]
    st["auth_rsvrd"] = 0
    st["auth_ctx_id"] = auth["ctx"]
    return st.getData()


ITEMS = []


def emit(name, data, expect, native=True):
    if expect["frag_length"] != len(data):
        raise SystemExit("%s: impacket frag_len %d != %d bytes" % (name, expect["frag_length"], len(data)))
    ITEMS.append({"name": name, "hex": data.hex(), "impacket_native": native, "expect": expect})


def pad_like_impacket(pkt, auth):
    """Pad the stub so the sec_trailer is 4-aligned, as DCERPC_v5._transport_send does."""
    pad = (4 - (len(pkt.get_packet()) % 4)) % 4
    if pad:
        pkt["pduData"] += b"\xBB" * pad
    auth["pad"] = pad


# ---------------------------------------------------------------------------
# request / response / fault


def request(name, opnum, stub, call_id, ctx_id=0, obj=None, flags=0x03, auth=None, be=False):
    if be:
        pkt = MSRPCRequestHeaderBE()
        pkt["representation"] = 0
        pkt["op_num"] = opnum
        pkt["pduData"] = stub
        if obj is not None:
            pkt["uuid"] = uuid_bin(obj, True)
            flags |= rpcrt.PFC_OBJECT_UUID
    else:
        pkt = DCERPC_RawCall(opnum, stub, string_to_bin(obj) if obj else None)
        if obj is not None:
            flags |= rpcrt.PFC_OBJECT_UUID
    pkt["flags"] = flags
    pkt["call_id"] = call_id
    pkt["ctx_id"] = ctx_id
    pkt["alloc_hint"] = len(stub)
    if auth is not None:
        pad_like_impacket(pkt, auth)
        pkt["sec_trailer"] = make_trailer(auth, be)
        pkt["auth_data"] = auth["value"]
    data = pkt.get_packet()
    exp = common(0, flags, data, call_id, be)
    exp.update({"alloc_hint": len(stub), "ctx_id": ctx_id, "opnum": opnum})
    if obj is not None:
        exp["object_uuid"] = obj.lower()
    exp["stub_hex"] = stub.hex()
    exp.update(auth_json(auth))
    emit(name, data, exp, native=not be)


def response(name, stub, call_id, ctx_id=0, flags=0x03, auth=None, be=False, alloc_hint=None):
    pkt = (MSRPCRespHeaderBE if be else MSRPCRespHeader)()
    if be:
        pkt["representation"] = 0
    pkt["type"] = rpcrt.MSRPC_RESPONSE
    pkt["flags"] = flags
    pkt["call_id"] = call_id
    pkt["ctx_id"] = ctx_id
    pkt["alloc_hint"] = len(stub) if alloc_hint is None else alloc_hint
    pkt["cancel_count"] = 0
    pkt["pduData"] = stub
    if auth is not None:
        pad_like_impacket(pkt, auth)
        pkt["sec_trailer"] = make_trailer(auth, be)
        pkt["auth_data"] = auth["value"]
    data = pkt.get_packet()
    exp = common(2, flags, data, call_id, be)
    exp.update({"alloc_hint": pkt["alloc_hint"], "ctx_id": ctx_id, "cancel_count": 0, "stub_hex": stub.hex()})
    exp.update(auth_json(auth))
    emit(name, data, exp, native=not be)


def fault(name, status, call_id, ctx_id=0, flags=0x23, be=False):
    # impacket builds faults as an MSRPCRespHeader with type MSRPC_FAULT and the status as
    # the first stub bytes (DCERPCServer.processRequest); the C706 reserved u32 follows.
    pkt = (MSRPCRespHeaderBE if be else MSRPCRespHeader)()
    if be:
        pkt["representation"] = 0
    pkt["type"] = rpcrt.MSRPC_FAULT
    pkt["flags"] = flags
    pkt["call_id"] = call_id
    pkt["ctx_id"] = ctx_id
    pkt["alloc_hint"] = 0
    pkt["cancel_count"] = 0
    pkt["pduData"] = pack(">LL" if be else "<LL", status, 0)
    data = pkt.get_packet()
    exp = common(3, flags, data, call_id, be)
    exp.update({"alloc_hint": 0, "ctx_id": ctx_id, "cancel_count": 0, "status": status, "stub_hex": ""})
    emit(name, data, exp, native=not be)


# ---------------------------------------------------------------------------
# bind / alter_context


class CtxItemMulti(CtxItem):
    """CtxItem whose TransferSyntax holds n_transfer_syn * 20 raw bytes."""

    structure = (
        ("ContextID", "<H=0"),
        ("TransItems", "B=0"),
        ("Pad", "B=0"),
        ("AbstractSyntax", '20s=""'),
        ("TransferSyntax", ":"),
    )


def bind(name, ptype, contexts, call_id, max_x=4280, max_r=4280, assoc=0, flags=0x03, auth=None, be=False):
    """contexts: [(ctx_id, abstract_tup, [transfer_tup, ...])]"""
    body = (MSRPCBindBE if be else MSRPCBind)()
    body["max_tfrag"] = max_x
    body["max_rfrag"] = max_r
    body["assoc_group"] = assoc
    native = not be
    for ctx_id, abstract, transfers in contexts:
        if len(transfers) == 1:
            item = (CtxItemBE if be else CtxItem)()
            item["TransferSyntax"] = syntax_bin(transfers[0], be)
        else:
            native = False
            item = CtxItemMulti()
            item["TransferSyntax"] = b"".join(syntax_bin(t, be) for t in transfers)
        item["ContextID"] = ctx_id
        item["TransItems"] = len(transfers)
        item["AbstractSyntax"] = syntax_bin(abstract, be)
        body.addCtxItem(item)
    pkt = (MSRPCHeaderBE if be else MSRPCHeader)()
    if be:
        pkt["representation"] = 0
    pkt["type"] = ptype
    pkt["flags"] = flags
    pkt["call_id"] = call_id
    pkt["pduData"] = body.getData()
    if auth is not None:
        pad_like_impacket(pkt, auth)
        pkt["sec_trailer"] = make_trailer(auth, be)
        pkt["auth_data"] = auth["value"]
    data = pkt.get_packet()
    exp = common(ptype, flags, data, call_id, be)
    exp.update({
        "max_xmit_frag": max_x,
        "max_recv_frag": max_r,
        "assoc_group": assoc,
        "contexts": [
            {
                "ctx_id": c,
                "abstract_uuid": a[0].lower(),
                "abstract_version": vers(a[1]),
                "transfer_syntaxes": [syn_json(t) for t in ts],
            }
            for c, a, ts in contexts
        ],
    })
    exp.update(auth_json(auth))
    emit(name, data, exp, native=native)


class BindAckRawAddr(MSRPCBindAck):
    """MSRPCBindAck with SecondaryAddr as a raw, length-prefixed field (allows length 0)."""

    structure = tuple(
        ("SecondaryAddrLen", "<H-SecondaryAddr") if f[0] == "SecondaryAddrLen"
        else ("SecondaryAddr", ":") if f[0] == "SecondaryAddr"
        else f
        for f in MSRPCBindAck.structure
    )


def bind_ack(name, ptype, sec_addr, results, call_id, max_x=4280, max_r=4280, assoc=0x1234, flags=0x03,
             auth=None, be=False, raw_addr=False):
    """results: [(result, reason, transfer_tup)]; sec_addr: str (without NUL)."""
    if be:
        pkt = MSRPCBindAckBE()
        pkt["representation"] = 0
    elif raw_addr:
        pkt = BindAckRawAddr()
    else:
        pkt = MSRPCBindAck()
    pkt["type"] = ptype
    pkt["flags"] = flags
    pkt["call_id"] = call_id
    pkt["max_tfrag"] = max_x
    pkt["max_rfrag"] = max_r
    pkt["assoc_group"] = assoc
    if raw_addr:
        raw = sec_addr.encode() + (b"\0" if sec_addr else b"")
        pkt["SecondaryAddr"] = raw
        addr_len = len(raw)
    else:
        pkt["SecondaryAddr"] = sec_addr
        addr_len = len(sec_addr) + 1
    pkt["SecondaryAddrLen"] = addr_len
    # same padding rule as impacket's DCERPCServer.bind
    pkt["Pad"] = b"\0" * ((4 - ((addr_len + MSRPCBindAck._SIZE) % 4)) % 4)
    items = b""
    for result, reason, tup in results:
        it = (CtxItemResultBE if be else CtxItemResult)()
        it["Result"] = result
        it["Reason"] = reason
        it["TransferSyntax"] = syntax_bin(tup, be)
        items += it.getData()
    pkt["ctx_num"] = len(results)
    pkt["ctx_items"] = items
    pkt["auth_len"] = 0
    if auth is not None:
        auth["pad"] = 0
        pkt["sec_trailer"] = make_trailer(auth, be)
        pkt["auth_data"] = auth["value"]
        pkt["auth_len"] = len(auth["value"])
    pkt["frag_len"] = 0
    pkt["frag_len"] = len(pkt.getData())
    data = pkt.getData()
    exp = common(ptype, flags, data, call_id, be)
    exp.update({
        "max_xmit_frag": max_x,
        "max_recv_frag": max_r,
        "assoc_group": assoc,
        "sec_addr": sec_addr,
        "results": [
            {"result": r, "reason": rs, "transfer_uuid": t[0].lower(), "transfer_version": vers(t[1])}
            for r, rs, t in results
        ],
    })
    exp.update(auth_json(auth))
    emit(name, data, exp, native=not be and not raw_addr)


def bind_nak(name, reason, versions, call_id):
    body = MSRPCBindNak()
    body["RejectedReason"] = reason
    body["SupportedVersions"] = bytes([len(versions)]) + b"".join(bytes([a, b]) for a, b in versions)
    pkt = MSRPCHeader()
    pkt["type"] = rpcrt.MSRPC_BINDNAK
    pkt["flags"] = 0x03
    pkt["call_id"] = call_id
    pkt["pduData"] = body.getData()
    data = pkt.get_packet()
    exp = common(13, 0x03, data, call_id)
    exp.update({"reject_reason": reason, "versions": ["%d.%d" % v for v in versions]})
    emit(name, data, exp)


def auth3(name, call_id, auth):
    # as DCERPC_v5.bind builds it: 4 pad bytes, sec_trailer, auth_data
    pkt = MSRPCHeader()
    pkt["type"] = rpcrt.MSRPC_AUTH3
    pkt["flags"] = 0x03
    pkt["call_id"] = call_id
    pkt["pduData"] = b"    "
    auth["pad"] = 0
    pkt["sec_trailer"] = make_trailer(auth)
    pkt["auth_data"] = auth["value"]
    data = pkt.get_packet()
    exp = common(16, 0x03, data, call_id)
    exp.update(auth_json(auth))
    emit(name, data, exp)


def header_only(name, ptype, call_id, flags=0x03):
    pkt = MSRPCHeader()
    pkt["type"] = ptype
    pkt["flags"] = flags
    pkt["call_id"] = call_id
    data = pkt.get_packet()
    emit(name, data, common(ptype, flags, data, call_id))


# ---------------------------------------------------------------------------
# impacket's own client paths (DCERPC_v5.bind / DCERPC_v5.send) over a recording transport


class RecordingTransport:
    def __init__(self, replies=()):
        self.sent = []
        self.replies = list(replies)

    def send(self, data, forceWriteAndx=0, forceRecv=0):
        self.sent.append(bytes(data))

    def recv(self, forceRecv=0, count=0):
        return self.replies.pop(0) if self.replies else 0

    def get_credentials(self):
        return ("", "", "", "", "", "", None, None)

    def doesSupportNTLMv2(self):
        return True


def client_paths():
    # DCERPC_v5.bind for EMSMDB (one context, NDR). The bind_ack fed back lets bind() finish.
    ack = MSRPCBindAck()
    ack["type"] = rpcrt.MSRPC_BINDACK
    ack["flags"] = 0x03
    ack["call_id"] = 1
    ack["max_tfrag"] = 4280
    ack["max_rfrag"] = 4280
    ack["assoc_group"] = 0x5A5A
    ack["SecondaryAddr"] = "49679"
    ack["SecondaryAddrLen"] = 6
    ack["Pad"] = b""
    res = CtxItemResult()
    res["Result"] = 0
    res["Reason"] = 0
    res["TransferSyntax"] = uuidtup_to_bin(NDR20)
    ack["ctx_num"] = 1
    ack["ctx_items"] = res.getData()
    ack["auth_len"] = 0
    ack["frag_len"] = 0
    ack["frag_len"] = len(ack.getData())
    tr = RecordingTransport([ack.getData()])
    dce = DCERPC_v5(tr)
    dce.bind(uuidtup_to_bin(EMSMDB))
    data = tr.sent[0]
    exp = common(11, 0x03, data, 1)
    exp.update({
        "max_xmit_frag": 4280,
        "max_recv_frag": 4280,
        "assoc_group": 0,
        "contexts": [{
            "ctx_id": 0,
            "abstract_uuid": EMSMDB[0],
            "abstract_version": EMSMDB[1],
            "transfer_syntaxes": [syn_json(NDR20)],
        }],
    })
    emit("client_bind_emsmdb", data, exp)

    # DCERPC_v5.send fragments a large stub: negotiated max_rfrag 4280 -> 4152-byte pieces.
    big = stub_bytes(10000, 0x41)
    dce._DCERPC_v5__callid = 2  # the client's call_id counter (private in impacket)
    dce.send(DCERPC_RawCall(2, big))
    frags = tr.sent[1:]
    piece = 4280 - 128
    off = 0
    for i, data in enumerate(frags):
        part = big[off:off + piece]
        off += len(part)
        flags = (rpcrt.PFC_FIRST_FRAG if i == 0 else 0) | (rpcrt.PFC_LAST_FRAG if off >= len(big) else 0)
        hdr = rpcrt.MSRPCRequestHeader(data)
        exp = common(0, flags, data, 2)
        exp.update({"alloc_hint": len(big), "ctx_id": 0, "opnum": 2, "stub_hex": part.hex()})
        kind = "first" if i == 0 else ("last" if off >= len(big) else "middle")
        emit("client_request_fragment_%d_%s" % (i, kind), data, exp)
    if off != len(big) or len(frags) != 3:
        raise SystemExit("unexpected fragmentation: %d fragments" % len(frags))


# ---------------------------------------------------------------------------


def main():
    NTLM_NEG = b"NTLMSSP\0" + pack("<L", 1) + pack("<L", 0xE2088297) + b"\0" * 16
    NTLM_CHAL = b"NTLMSSP\0" + pack("<L", 2) + b"\0" * 8 + pack("<L", 0xE2898215) + bytes(range(8)) + b"\0" * 16
    NTLM_AUTH = b"NTLMSSP\0" + pack("<L", 3) + bytes(range(0x40, 0x40 + 64))
    NTLM_VERIFIER = pack("<L", 1) + bytes.fromhex("0123456789abcdef") + pack("<L", 0)

    emsmdb_ctx = [(0, EMSMDB, [NDR20]), (1, EMSMDB, [NDR64]), (2, EMSMDB, [BTFN])]
    bind("bind_emsmdb_ndr20_ndr64_btfn", rpcrt.MSRPC_BIND, emsmdb_ctx, call_id=1, max_x=5840, max_r=5840)
    bind(
        "bind_emsmdb_nspi_4ctx",
        rpcrt.MSRPC_BIND,
        emsmdb_ctx + [(3, NSPI, [NDR20])],
        call_id=2,
        assoc=0x0001F1A2,
    )
    bind(
        "bind_nspi_ndr20_ndr64_btfn",
        rpcrt.MSRPC_BIND,
        [(0, NSPI, [NDR20]), (1, NSPI, [NDR64]), (2, NSPI, [BTFN])],
        call_id=3,
    )
    bind(
        "bind_ntlm_negotiate",
        rpcrt.MSRPC_BIND,
        [(0, NSPI, [NDR20])],
        call_id=1,
        auth={"type": 10, "level": 6, "ctx": 79231, "value": NTLM_NEG},
    )
    bind(
        "bind_ctx_two_transfer_syntaxes",
        rpcrt.MSRPC_BIND,
        [(0, EMSMDB, [NDR20, NDR64]), (1, NSPI, [NDR20])],
        call_id=4,
    )
    bind("alter_context_emsmdb_ndr64", rpcrt.MSRPC_ALTERCTX, [(1, EMSMDB, [NDR64])], call_id=5, assoc=0x0001F1A2)
    bind(
        "alter_context_ntlm",
        rpcrt.MSRPC_ALTERCTX,
        [(0, EMSMDB, [NDR20])],
        call_id=2,
        assoc=0x0001F1A2,
        auth={"type": 10, "level": 5, "ctx": 0, "value": NTLM_NEG},
    )

    three = [(0, 0, NDR20), (2, 2, NULL_SYNTAX), (3, 0x0003, NULL_SYNTAX)]
    bind_ack("bind_ack_3_results_negotiate_ack", rpcrt.MSRPC_BINDACK, "49679", three, call_id=1,
             max_x=5840, max_r=5840, assoc=0x0001F1A2)
    bind_ack("bind_ack_ndr64_accepted", rpcrt.MSRPC_BINDACK, "6001",
             [(2, 2, NULL_SYNTAX), (0, 0, NDR64), (3, 0x0001, NULL_SYNTAX)], call_id=3)
    bind_ack("bind_ack_epm_port_135", rpcrt.MSRPC_BINDACK, "135", [(0, 0, NDR20)], call_id=7)
    bind_ack("bind_ack_ntlm_challenge", rpcrt.MSRPC_BINDACK, "1032", [(0, 0, NDR20)], call_id=1,
             auth={"type": 10, "level": 6, "ctx": 79231, "value": NTLM_CHAL})
    bind_ack("bind_ack_user_reject", rpcrt.MSRPC_BINDACK, "49679",
             [(1, 1, NULL_SYNTAX)], call_id=8)
    bind_ack("alter_context_resp_empty_sec_addr", rpcrt.MSRPC_ALTERCTX_R, "", [(0, 0, NDR64)], call_id=5,
             assoc=0x0001F1A2, raw_addr=True)
    bind_ack("alter_context_resp_with_addr", rpcrt.MSRPC_ALTERCTX_R, "49679", [(0, 0, NDR20)], call_id=6)

    request("request_ecdoconnect", 0, stub_bytes(60, 1), call_id=2)
    request("request_ecdorpc_ctx3", 2, stub_bytes(33, 2), call_id=9, ctx_id=3)
    request("request_with_object_uuid", 4, stub_bytes(20, 3), call_id=10, obj=OBJECT_UUID)
    request("request_empty_stub", 1, b"", call_id=11)
    request("request_ntlm_privacy_pad3", 2, stub_bytes(13, 4), call_id=12,
            auth={"type": 10, "level": 6, "ctx": 79231, "value": NTLM_VERIFIER})
    request("request_ntlm_integrity_pad0", 0, stub_bytes(16, 5), call_id=13, ctx_id=1,
            auth={"type": 10, "level": 5, "ctx": 0, "value": NTLM_VERIFIER})
    request("request_object_uuid_ntlm_pad1", 3, stub_bytes(7, 6), call_id=14, obj=OBJECT_UUID,
            auth={"type": 10, "level": 6, "ctx": 1, "value": NTLM_VERIFIER})
    request("request_maybe_flag", 5, stub_bytes(8, 7), call_id=15, flags=0x43)

    response("response_simple", stub_bytes(40, 8), call_id=2)
    response("response_ntlm_privacy_pad2", stub_bytes(30, 9), call_id=12,
             auth={"type": 10, "level": 6, "ctx": 79231, "value": NTLM_VERIFIER})
    response("response_large_alloc_hint", stub_bytes(4, 10), call_id=20, flags=0x01, alloc_hint=33592)

    fault("fault_nca_op_rng_error", 0x1C010002, call_id=3)
    fault("fault_access_denied", 5, call_id=4, ctx_id=1, flags=0x03)

    # manual fragmentation (first / middle / last), alloc_hint counting down as Windows does
    big = stub_bytes(9000, 0x33)
    chunks = [big[0:4000], big[4000:8000], big[8000:]]
    hint = len(big)
    for i, (part, flags) in enumerate(zip(chunks, (0x01, 0x00, 0x02))):
        pkt = DCERPC_RawCall(2, part)
        pkt["flags"] = flags
        pkt["call_id"] = 30
        pkt["ctx_id"] = 0
        pkt["alloc_hint"] = hint
        data = pkt.get_packet()
        exp = common(0, flags, data, 30)
        exp.update({"alloc_hint": hint, "ctx_id": 0, "opnum": 2, "stub_hex": part.hex()})
        emit("request_fragment_%d_%s" % (i, ("first", "middle", "last")[i]), data, exp)
        hint -= len(part)
    # response fragments likewise
    hint = len(big)
    for i, (part, flags) in enumerate(zip(chunks, (0x01, 0x00, 0x02))):
        response("response_fragment_%d_%s" % (i, ("first", "middle", "last")[i]), part, call_id=30,
                 flags=flags, alloc_hint=hint)
        hint -= len(part)

    auth3("auth3_ntlm", call_id=1, auth={"type": 10, "level": 6, "ctx": 79231, "value": NTLM_AUTH})
    # reason 4 = protocol_version_not_supported ; one supported version 5.0
    bind_nak("bind_nak_protocol_version", 4, [(5, 0)], call_id=1)
    bind_nak("bind_nak_reason_0_two_versions", 0, [(5, 0), (5, 1)], call_id=2)

    header_only("shutdown", rpcrt.MSRPC_SHUTDOWN, call_id=0)
    header_only("co_cancel", rpcrt.MSRPC_CO_CANCEL, call_id=12)
    header_only("orphaned", rpcrt.MSRPC_ORPHANED, call_id=12)

    client_paths()

    # big-endian data representation (not native to impacket, see module docstring)
    request("request_be", 2, stub_bytes(21, 11), call_id=0x01020304, ctx_id=0x0102, be=True)
    request("request_be_object_uuid", 2, stub_bytes(12, 12), call_id=41, obj=OBJECT_UUID, be=True)
    request("request_be_ntlm_pad3", 2, stub_bytes(13, 13), call_id=42,
            auth={"type": 10, "level": 6, "ctx": 0x01020304, "value": NTLM_VERIFIER}, be=True)
    response("response_be", stub_bytes(17, 14), call_id=42, be=True)
    fault("fault_be_op_rng_error", 0x1C010002, call_id=43, be=True)
    bind("bind_be_emsmdb_3ctx", rpcrt.MSRPC_BIND, emsmdb_ctx, call_id=44, max_x=5840, max_r=4280,
         assoc=0x0A0B0C0D, be=True)
    bind_ack("bind_ack_be_3_results", rpcrt.MSRPC_BINDACK, "49679", three, call_id=44,
             max_x=5840, max_r=4280, assoc=0x0A0B0C0D, be=True)

    json.dump(ITEMS, sys.stdout, indent=1)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Parse DCE/RPC connection-oriented PDUs with impacket and print what it sees as JSON.

    echo '[{"name": "x", "hex": "05000b03..."}]' | $OXWIRE_PYTHON tests/interop/impacket_parse.py

Input (stdin): JSON array of {"name": str, "hex": str}; each hex string is one PDU (bytes after
frag_length are ignored and reported in `notes`).

Output (stdout): JSON array, same order, each element either

    {"name": str, "impacket_native": bool, "notes": [str, ...], "fields": {...}}
    {"name": str, "error": str}

`fields` uses exactly the keys of `expect` in impacket_build.py (see its docstring):
ptype, pfc_flags, drep_hex, frag_length, auth_length, call_id; auth_type, auth_level,
auth_pad_length, auth_context_id, auth_value_hex when auth_length > 0; and per type
alloc_hint/ctx_id/opnum/object_uuid/stub_hex (request), alloc_hint/ctx_id/cancel_count/
stub_hex (response), alloc_hint/ctx_id/cancel_count/status/stub_hex (fault),
max_xmit_frag/max_recv_frag/assoc_group/contexts (bind, alter_context),
max_xmit_frag/max_recv_frag/assoc_group/sec_addr/results (bind_ack, alter_context_resp),
reject_reason/versions (bind_nak). Other types report the common fields only.

How impacket is used, and where it needs help (reported in `notes`, and
"impacket_native": false where impacket's classes could not be used as they are):
  * Common header, request/response/fault headers: MSRPCHeader, MSRPCRequestHeader,
    MSRPCRespHeader. The stub and the auth trailer are cut the way impacket's own
    DCERPC_v5.recv() does it (trailer = last auth_length + 8 bytes, then auth_pad_len bytes
    removed from the stub end), because MSRPCRequestHeader's field table does not subtract the
    16-byte object UUID from the stub length: with PFC_OBJECT_UUID and an auth trailer it
    shifts the stub into sec_trailer/auth_data.
  * fault: the status is read once 4 bytes follow the header, as DCERPC_v5.recv() does; a
    fault without the reserved u32 (impacket's own DCERPCServer sends those) gets note
    "fault_without_reserved".
  * bind/alter_context: MSRPCBind for the fixed part; context items one by one with CtxItem.
    CtxItem holds one transfer syntax; items with n_transfer_syn > 1 have the remaining
    20-byte syntaxes read with impacket.uuid.bin_to_uuidtup (note "multi_transfer_syntax").
  * bind_ack/alter_context_resp: MSRPCBindAck, whose SecondaryAddr is 'z' (read up to a NUL
    regardless of the length field). When the length is 0 or the address lacks its NUL, a
    subclass with a length-prefixed raw address is used (note "raw_sec_addr").
  * bind_nak: MSRPCBindNak (RejectedReason, then the version list read from its raw
    SupportedVersions: count byte, then major/minor bytes).
  * Big-endian data representation (drep[0] high nibble 0): impacket has none; the same
    classes are used with every '<' format turned into '>' and UUIDs read in big-endian
    order ("impacket_native": false).
"""

import json
import sys
import uuid as pyuuid
from struct import unpack

from impacket.dcerpc.v5 import rpcrt
from impacket.dcerpc.v5.rpcrt import (
    CtxItem,
    CtxItemResult,
    MSRPCBind,
    MSRPCBindAck,
    MSRPCBindNak,
    MSRPCHeader,
    MSRPCRequestHeader,
    MSRPCRespHeader,
    SEC_TRAILER,
)
from impacket.uuid import bin_to_uuidtup


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


def raw_addr_class(cls):
    structure = tuple(
        ("SecondaryAddrLen", f[1][0] + "H-SecondaryAddr") if f[0] == "SecondaryAddrLen"
        else ("SecondaryAddr", ":") if f[0] == "SecondaryAddr"
        else f
        for f in cls.structure
    )
    return type(cls.__name__ + "RawAddr", (cls,), {"structure": structure})


LE = {
    "hdr": MSRPCHeader,
    "req": MSRPCRequestHeader,
    "resp": MSRPCRespHeader,
    "bind": MSRPCBind,
    "ctx": CtxItem,
    "ack": MSRPCBindAck,
    "ack_raw": raw_addr_class(MSRPCBindAck),
    "res": CtxItemResult,
    "nak": MSRPCBindNak,
    "sec": SEC_TRAILER,
}
BE = {k: be_class(v) for k, v in LE.items() if k != "ack_raw"}
BE["ack_raw"] = raw_addr_class(BE["ack"])


def uuid_str(b, be):
    if be:
        return str(pyuuid.UUID(bytes=bytes(b[:16])))
    return bin_to_uuidtup(bytes(b[:16]) + b"\0" * 4)[0].lower()


def syntax(b20, be):
    b20 = bytes(b20)
    if len(b20) != 20:
        raise ValueError("syntax id needs 20 bytes, got %d" % len(b20))
    if be:
        # the version is one u32, major in its low 16 bits (as impacket's '<HH' is in LE)
        ver = unpack(">L", b20[16:])[0]
        return uuid_str(b20, True), "%d.%d" % (ver & 0xFFFF, ver >> 16)
    u, v = bin_to_uuidtup(b20)
    return u.lower(), v


def parse_one(data):
    notes = []
    if len(data) < 16:
        raise ValueError("shorter than the 16-byte common header (%d bytes)" % len(data))
    be = (data[4] & 0xF0) == 0
    C = BE if be else LE
    hdr = C["hdr"](data)
    frag_len, auth_len, ptype = hdr["frag_len"], hdr["auth_len"], hdr["type"]
    if frag_len > len(data):
        raise ValueError("frag_length %d > %d bytes given" % (frag_len, len(data)))
    if frag_len < len(data):
        notes.append("trailing_bytes:%d" % (len(data) - frag_len))
    frag = bytes(data[:frag_len])
    out = {
        "ptype": ptype,
        "pfc_flags": hdr["flags"],
        "drep_hex": frag[4:8].hex(),
        "frag_length": frag_len,
        "auth_length": auth_len,
        "call_id": hdr["call_id"],
    }

    # auth trailer, located as DCERPC_v5.recv() does: the last auth_len + 8 bytes
    body_end = frag_len
    pad = 0
    if auth_len:
        if auth_len + 8 + 16 > frag_len:
            raise ValueError("auth_length %d does not fit in frag_length %d" % (auth_len, frag_len))
        body_end = frag_len - auth_len - 8
        st = C["sec"](frag[body_end:body_end + 8])
        pad = st["auth_pad_len"]
        out.update({
            "auth_type": st["auth_type"],
            "auth_level": st["auth_level"],
            "auth_pad_length": pad,
            "auth_context_id": st["auth_ctx_id"],
            "auth_value_hex": frag[frag_len - auth_len:].hex(),
        })

    def stub_from(off):
        body = frag[off:body_end]
        if pad:
            if pad > len(body):
                raise ValueError("auth_pad_length %d > %d stub bytes" % (pad, len(body)))
            body = body[:-pad]
        return body

    if ptype == rpcrt.MSRPC_REQUEST:
        req = C["req"](frag)
        out.update({"alloc_hint": req["alloc_hint"], "ctx_id": req["ctx_id"], "opnum": req["op_num"]})
        if hdr["flags"] & rpcrt.PFC_OBJECT_UUID:
            if len(req["uuid"]) != 16:
                raise ValueError("object uuid truncated")
            out["object_uuid"] = uuid_str(req["uuid"], be)
        out["stub_hex"] = stub_from(req.get_header_size()).hex()
    elif ptype in (rpcrt.MSRPC_RESPONSE, rpcrt.MSRPC_FAULT):
        resp = C["resp"](frag)
        out.update({"alloc_hint": resp["alloc_hint"], "ctx_id": resp["ctx_id"], "cancel_count": resp["cancel_count"]})
        off = resp.get_header_size()
        if ptype == rpcrt.MSRPC_FAULT:
            # DCERPC_v5.recv() reads the status as soon as 4 bytes follow the header
            if body_end < off + 4:
                raise ValueError("fault shorter than its status")
            out["status"] = unpack(">L" if be else "<L", frag[off:off + 4])[0]
            if body_end < off + 8:
                notes.append("fault_without_reserved")
            out["stub_hex"] = stub_from(min(off + 8, body_end)).hex()
        else:
            out["stub_hex"] = stub_from(off).hex()
    elif ptype in (rpcrt.MSRPC_BIND, rpcrt.MSRPC_ALTERCTX):
        body = frag[16:body_end]
        if len(body) < 12:
            raise ValueError("bind body shorter than 12 bytes")
        b = C["bind"](body)
        out.update({"max_xmit_frag": b["max_tfrag"], "max_recv_frag": b["max_rfrag"], "assoc_group": b["assoc_group"]})
        rest = body[12:]
        contexts = []
        for _ in range(b["ctx_num"]):
            if len(rest) < 44:
                raise ValueError("context item truncated")
            item = C["ctx"](rest[:44])
            n = item["TransItems"]
            a_uuid, a_ver = syntax(item["AbstractSyntax"], be)
            ts = [] if n == 0 else [syntax(item["TransferSyntax"], be)]
            if n == 0:
                rest = rest[24:]
                notes.append("ctx_without_transfer_syntax")
            else:
                rest = rest[44:]
            if n > 1:
                notes.append("multi_transfer_syntax")
                for _ in range(n - 1):
                    if len(rest) < 20:
                        raise ValueError("transfer syntax truncated")
                    ts.append(syntax(rest[:20], be))
                    rest = rest[20:]
            contexts.append({
                "ctx_id": item["ContextID"],
                "abstract_uuid": a_uuid,
                "abstract_version": a_ver,
                "transfer_syntaxes": [{"uuid": u, "version": v} for u, v in ts],
            })
        out["contexts"] = contexts
    elif ptype in (rpcrt.MSRPC_BINDACK, rpcrt.MSRPC_ALTERCTX_R):
        if frag_len < 28:
            raise ValueError("bind_ack shorter than 28 bytes")
        alen = unpack(">H" if be else "<H", frag[24:26])[0]
        cls = C["ack"]
        if alen == 0 or 26 + alen > frag_len or frag[26 + alen - 1] != 0:
            cls = C["ack_raw"]
            notes.append("raw_sec_addr")
        ack = cls(frag)
        addr = bytes(ack["SecondaryAddr"]) if not isinstance(ack["SecondaryAddr"], str) else ack["SecondaryAddr"].encode()
        if cls is C["ack_raw"]:
            addr = addr.split(b"\0", 1)[0]
        out.update({
            "max_xmit_frag": ack["max_tfrag"],
            "max_recv_frag": ack["max_rfrag"],
            "assoc_group": ack["assoc_group"],
            "sec_addr": addr.decode("latin-1"),
        })
        items = ack["ctx_items"]
        results = []
        for _ in range(ack["ctx_num"]):
            if len(items) < 24:
                raise ValueError("result item truncated")
            r = C["res"](items[:24])
            items = items[24:]
            tu, tv = syntax(r["TransferSyntax"], be)
            results.append({"result": r["Result"], "reason": r["Reason"], "transfer_uuid": tu, "transfer_version": tv})
        out["results"] = results
    elif ptype == rpcrt.MSRPC_BINDNAK:
        body = frag[16:body_end]
        if len(body) < 2:
            raise ValueError("bind_nak shorter than its reason")
        nak = C["nak"](body)
        out["reject_reason"] = nak["RejectedReason"]
        sv = bytes(nak["SupportedVersions"])
        versions = []
        if sv:
            n = sv[0]
            if len(sv) < 1 + 2 * n:
                raise ValueError("bind_nak version list truncated")
            versions = ["%d.%d" % (sv[1 + 2 * i], sv[2 + 2 * i]) for i in range(n)]
        out["versions"] = versions
    return out, notes, not be and "raw_sec_addr" not in notes and "multi_transfer_syntax" not in notes


def main():
    items = json.load(sys.stdin)
    result = []
    for it in items:
        name = it.get("name", "")
        try:
            data = bytes.fromhex(it["hex"])
            fields, notes, native = parse_one(data)
            result.append({"name": name, "impacket_native": native, "notes": notes, "fields": fields})
        except Exception as e:  # one bad item must not stop the others
            result.append({"name": name, "error": "%s: %s" % (type(e).__name__, e)})
    json.dump(result, sys.stdout, indent=1)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Golden NDR vectors for msrpc/tests/ndr_golden.rs, built with impacket's ndr.py.

Run with a Python that has impacket installed:

    python3 msrpc/tests/ndr_vectors/gen_ndr_vectors.py

Each vector is printed twice: `raw` is exactly what impacket produced (its
padding octets are non-zero marker bytes such as 0xbf / 0xab), and `zero` is
the same encoding produced by a copy of ndr.py whose padding literals were
rewritten to 0x00. NDR leaves padding values unspecified, so a reader must
accept `raw`, while a writer that pads with zeroes must reproduce `zero`.

impacket draws random referent ids; every pointer below gets an explicit id
so the output is stable. impacket has no full pointers: the shared-referent
vector models the second occurrence as a bare integer holding the first
pointer's referent id, which is exactly what NDR puts on the wire for an
already-transmitted full pointer (C706 14.3.11.3).
"""
import importlib.util
import re
import sys

import impacket.dcerpc.v5.ndr as ndr_raw


def load_zero_padding_ndr():
    src = open(ndr_raw.__file__).read()
    src = re.sub(r"b'\\x[0-9a-fA-F]{2}'\s*\*\s*(pad0?)", r"b'\\x00'*\1", src)
    spec = importlib.util.spec_from_loader("ndr_zero", loader=None)
    mod = importlib.util.module_from_spec(spec)
    exec(compile(src, "ndr_zero", "exec"), mod.__dict__)
    return mod


def build(n, ndr64):
    """Returns {name: NDRCALL instance} built with module n."""

    class DWORD(n.NDRULONG):
        pass

    class WSTR(n.NDRSTRUCT):
        commonHdr = (
            ("MaximumCount", "<L=len(Data)//2"),
            ("Offset", "<L=0"),
            ("ActualCount", "<L=len(Data)//2"),
        )
        commonHdr64 = (
            ("MaximumCount", "<Q=len(Data)//2"),
            ("Offset", "<Q=0"),
            ("ActualCount", "<Q=len(Data)//2"),
        )
        structure = (("Data", ":"),)

    class LPWSTR(n.NDRPOINTER):
        referent = (("Data", WSTR),)

    def wstr(ptr, text, rid):
        ptr.fields["ReferentID"] = rid
        ptr.fields["Data"]["Data"] = (text + "\x00").encode("utf-16le")

    out = {}

    # 1. Top-level unique pointer to a conformant-varying wchar string, then a u32.
    class CallWstr(n.NDRCALL):
        structure = (("name", LPWSTR), ("flags", DWORD))

    c = CallWstr(isNDR64=ndr64)
    wstr(c.fields["name"], "Hi", 0x00020000)
    c["flags"] = 0x11223344
    out["wstr_call"] = c

    # 2. Struct with an embedded unique pointer to a struct.
    class INNER(n.NDRSTRUCT):
        structure = (("a", n.NDRULONG), ("b", n.NDRULONG))

    class PINNER(n.NDRPOINTER):
        referent = (("Data", INNER),)

    class OUTER(n.NDRSTRUCT):
        structure = (("x", n.NDRULONG), ("y", n.NDRULONG), ("p", PINNER))

    class CallOuter(n.NDRCALL):
        structure = (("s", OUTER),)

    c = CallOuter(isNDR64=ndr64)
    c["s"]["x"] = 1
    c["s"]["y"] = 2
    c["s"].fields["p"].fields["ReferentID"] = 0x00020000
    c["s"]["p"]["a"] = 0xAAAA5555
    c["s"]["p"]["b"] = 7
    out["unique_struct"] = c

    # 3. Pointer to a conformant array of structs with embedded string pointers
    #    (one of them NULL): inline parts of all elements, then the referents in order.
    class ELEM(n.NDRSTRUCT):
        structure = (("id", n.NDRULONG), ("name", LPWSTR))

    class ELEMS(n.NDRUniConformantArray):
        item = ELEM

    class PELEMS(n.NDRPOINTER):
        referent = (("Data", ELEMS),)

    class LIST(n.NDRSTRUCT):
        structure = (("count", n.NDRULONG), ("elems", PELEMS))

    class CallList(n.NDRCALL):
        structure = (("l", LIST),)

    c = CallList(isNDR64=ndr64)
    c["l"]["count"] = 3
    c["l"].fields["elems"].fields["ReferentID"] = 0x00020000
    items = []
    for i, (ident, text, rid) in enumerate(
        [(10, "ab", 0x00020004), (11, None, 0), (12, "xyz", 0x00020008)]
    ):
        e = ELEM(isNDR64=ndr64)
        e["id"] = ident
        if text is None:
            e["name"] = n.NULL
        else:
            wstr(e.fields["name"], text, rid)
        items.append(e)
    c["l"]["elems"] = items
    out["struct_array"] = c

    # 4. Two full pointers to the same referent: the second one repeats the id only.
    class SHARED(n.NDRSTRUCT):
        structure = (
            ("p1", PINNER),
            ("p2", n.NDRUHYPER if ndr64 else n.NDRULONG),
        )

    class CallShared(n.NDRCALL):
        structure = (("s", SHARED),)

    c = CallShared(isNDR64=ndr64)
    c["s"].fields["p1"].fields["ReferentID"] = 0x00020000
    c["s"]["p1"]["a"] = 5
    c["s"]["p1"]["b"] = 6
    c["s"]["p2"] = 0x00020000
    out["full_shared"] = c

    # 5. Non-encapsulated union after a level field; arm 2 is a pointer (deferred).
    class U(n.NDRUNION):
        union = {1: ("v", n.NDRULONG), 2: ("p", PINNER)}

    class WITHUNION(n.NDRSTRUCT):
        structure = (("level", n.NDRULONG), ("u", U))

    class CallUnion(n.NDRCALL):
        structure = (("s", WITHUNION),)

    c = CallUnion(isNDR64=ndr64)
    c["s"]["level"] = 2
    c["s"]["u"]["tag"] = 2
    c["s"]["u"].fields["p"].fields["ReferentID"] = 0x00020000
    c["s"]["u"]["p"]["a"] = 0x01020304
    c["s"]["u"]["p"]["b"] = 0x05060708
    out["union_ptr"] = c

    c = CallUnion(isNDR64=ndr64)
    c["s"]["level"] = 1
    c["s"]["u"]["tag"] = 1
    c["s"]["u"]["v"] = 0xCAFEBABE
    out["union_u32"] = c

    # 6. Context handle (NspiBind response shape): unique pointer to a 16-byte
    #    FlatUID, the 20-byte handle, then an error_status_t.
    class FLATUID(n.NDRSTRUCT):
        # ':' is a literal byte string: impacket would align a '16s' field to 16.
        structure = (("ab", ":"),)

        def getAlignment(self):
            return 1

    class PFLATUID(n.NDRPOINTER):
        referent = (("Data", FLATUID),)

    class HANDLE(n.NDRSTRUCT):
        structure = (("attributes", n.NDRULONG), ("uuid", ":"))

    class CallHandle(n.NDRCALL):
        structure = (("guid", PFLATUID), ("handle", HANDLE), ("status", n.NDRULONG))

    c = CallHandle(isNDR64=ndr64)
    c.fields["guid"].fields["ReferentID"] = 0x00020000
    c["guid"]["ab"] = bytes(range(0x10, 0x20))
    c["handle"]["attributes"] = 0
    c["handle"]["uuid"] = bytes.fromhex("00112233445566778899aabbccddeeff")
    c["status"] = 0
    out["context_handle"] = c

    # 7. Hyper alignment inside a struct that starts with a byte.
    class HYP(n.NDRSTRUCT):
        structure = (
            ("a", n.NDRUSMALL),
            ("h", n.NDRHYPER),
            ("s", n.NDRUSHORT),
            ("t", n.NDRSHORT),
            ("u", n.NDRULONG),
        )

    class CallHyper(n.NDRCALL):
        structure = (("b", n.NDRUSMALL), ("s", HYP))

    c = CallHyper(isNDR64=ndr64)
    c["b"] = 0x7F
    c["s"]["a"] = 0x01
    c["s"]["h"] = -2
    c["s"]["s"] = 0xBEEF
    c["s"]["t"] = -3
    c["s"]["u"] = 0xDEADBEEF
    out["hyper_align"] = c

    # 8. Enum: 2 octets in NDR20, 4 in NDR64.
    class E(n.NDRENUM):
        pass

    class CallEnum(n.NDRCALL):
        structure = (("e", E), ("x", n.NDRUSHORT), ("f", E))

    c = CallEnum(isNDR64=ndr64)
    c["e"] = 3
    c["x"] = 0x1234
    c["f"] = 0x7FFF
    out["enum"] = c

    return out


def main():
    zero = load_zero_padding_ndr()
    for ndr64 in (False, True):
        raw_calls = build(ndr_raw, ndr64)
        zero_calls = build(zero, ndr64)
        for name in raw_calls:
            tag = ("ndr64_" if ndr64 else "ndr20_") + name
            print("%s raw  %s" % (tag, raw_calls[name].getData().hex()))
            print("%s zero %s" % (tag, zero_calls[name].getData().hex()))


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""Kerberos-protected DCE/RPC conversations built with impacket, printed as JSON.

Each scenario is one connection: bind (AP-REQ), bind_ack (AP-REP), the initiator's DCE-style
AP-REP (alter_context or auth3, made by impacket's getKerberosType3), then requests and
responses protected at packet integrity or privacy, with the plaintext stubs they carry.

Ticket, authenticator and AP-REP are impacket ASN.1 types encrypted with impacket's
`impacket.krb5.crypto` (key usages 2, 11 and 12). Requests without header signing are
protected by impacket's own `GSSAPI_AES256/AES128.GSS_Wrap`, `GSS_GetMIC` and
`GSSAPI_RC4.GSS_Wrap`/`GSS_GetMIC` exactly as impacket's DCE/RPC client calls them. The
acceptor's AES tokens (impacket only unwraps those) and the header-signing variants (impacket
does not sign headers) are put together here from impacket's RFC 3961 primitives following
RFC 4121 section 4.2.4 and RFC 4757 section 7.3.

Usage: krb_build.py            synthetic tickets for exchangeMDB/mail.example.test
       krb_build.py --kdc TGS.ccache  use the service ticket (and its session key) from a
                                      credential cache written by a real KDC
"""
import datetime
import json
import os
import struct
import sys

from pyasn1.codec.der import decoder, encoder
from pyasn1.type.univ import noValue
from Cryptodome.Hash import HMAC, MD5, SHA1
from Cryptodome.Cipher import ARC4

from impacket.krb5 import constants, crypto, gssapi
from impacket.krb5.asn1 import (AP_REP, AP_REQ, Authenticator, EncAPRepPart,
                                EncTicketPart, Ticket as TicketAsn1, seq_set)
from impacket.krb5.kerberosv5 import getKerberosType3
from impacket.krb5.types import KerberosTime, Principal, Ticket
from impacket.spnego import SPNEGO_NegTokenInit, SPNEGO_NegTokenResp, TypesMech

REALM = "EXAMPLE.TEST"
SERVICE = ["exchangeMDB", "mail.example.test"]
PASSWORD = "Serv1ce-Passw0rd!"
USER = "alice"

KRB5_OID_TLV = b"\x06\x09\x2a\x86\x48\x86\xf7\x12\x01\x02\x02"


def der_len(n):
    if n < 0x80:
        return bytes([n])
    b = n.to_bytes((n.bit_length() + 7) // 8, "big")
    return bytes([0x80 | len(b)]) + b


def gss_frame(tok_id, msg):
    inner = KRB5_OID_TLV + tok_id + msg
    return b"\x60" + der_len(len(inner)) + inner


def cipher_for(etype):
    return crypto._enctype_table[etype]


def det_bytes(label, n):
    """Deterministic test bytes (keys, confounders) so a run can be repeated."""
    out = b""
    i = 0
    while len(out) < n:
        out += SHA1.new(label.encode() + bytes([i])).digest()
        i += 1
    return out[:n]


def key_of(etype, label):
    return crypto.Key(etype, det_bytes(label, 32 if etype == 18 else 16))


def service_key(etype):
    salt = REALM + "".join(SERVICE)
    return crypto.string_to_key(etype, PASSWORD, salt)


def synthetic_ticket(etype, skey, session_key):
    now = datetime.datetime.now(datetime.timezone.utc)
    etp = EncTicketPart()
    etp["flags"] = constants.encodeFlags([])
    etp["key"] = noValue
    etp["key"]["keytype"] = session_key.enctype
    etp["key"]["keyvalue"] = session_key.contents
    etp["crealm"] = REALM
    seq_set(etp, "cname", Principal(USER, type=1).components_to_asn1)
    etp["transited"] = noValue
    etp["transited"]["tr-type"] = 1
    etp["transited"]["contents"] = b""
    etp["authtime"] = KerberosTime.to_asn1(now)
    etp["endtime"] = KerberosTime.to_asn1(now + datetime.timedelta(hours=10))
    enc = cipher_for(etype).encrypt(skey, 2, encoder.encode(etp), None)
    t = TicketAsn1()
    t["tkt-vno"] = 5
    t["realm"] = REALM
    seq_set(t, "sname", Principal("/".join(SERVICE), type=2).components_to_asn1)
    t["enc-part"] = noValue
    t["enc-part"]["etype"] = etype
    t["enc-part"]["kvno"] = 2
    t["enc-part"]["cipher"] = enc
    return t


def ap_req(ticket_asn1, session_key, crealm, cname, subkey, seq, flags):
    req = AP_REQ()
    req["pvno"] = 5
    req["msg-type"] = 14
    req["ap-options"] = constants.encodeFlags([constants.APOptions.mutual_required.value])
    tk = Ticket()
    tk.from_asn1(ticket_asn1)
    seq_set(req, "ticket", tk.to_asn1)
    a = Authenticator()
    a["authenticator-vno"] = 5
    a["crealm"] = crealm
    seq_set(a, "cname", Principal(cname, type=1).components_to_asn1)
    now = datetime.datetime.now(datetime.timezone.utc)
    a["cusec"] = now.microsecond
    a["ctime"] = KerberosTime.to_asn1(now)
    a["cksum"] = noValue
    a["cksum"]["cksumtype"] = 0x8003
    chk = gssapi.CheckSumField()
    chk["Lgth"] = 16
    chk["Flags"] = flags
    a["cksum"]["checksum"] = chk.getData()
    if subkey is not None:
        a["subkey"] = noValue
        a["subkey"]["keytype"] = subkey.enctype
        a["subkey"]["keyvalue"] = subkey.contents
    a["seq-number"] = seq
    c = cipher_for(session_key.enctype)
    req["authenticator"] = noValue
    req["authenticator"]["etype"] = session_key.enctype
    req["authenticator"]["cipher"] = c.encrypt(session_key, 11, encoder.encode(a), None)
    return encoder.encode(req)


def ap_rep(session_key, subkey, seq):
    p = EncAPRepPart()
    now = datetime.datetime.now(datetime.timezone.utc)
    p["ctime"] = KerberosTime.to_asn1(now)
    p["cusec"] = now.microsecond
    p["subkey"] = noValue
    p["subkey"]["keytype"] = subkey.enctype
    p["subkey"]["keyvalue"] = subkey.contents
    p["seq-number"] = seq
    rep = AP_REP()
    rep["pvno"] = 5
    rep["msg-type"] = 15
    rep["enc-part"] = noValue
    rep["enc-part"]["etype"] = session_key.enctype
    rep["enc-part"]["cipher"] = cipher_for(session_key.enctype).encrypt(
        session_key, 12, encoder.encode(p), None)
    return encoder.encode(rep)


# ---- DCE/RPC framing -------------------------------------------------------------------

# An interface no stub decoder knows (the stubs are test patterns, not calls).
IFACE = bytes.fromhex("78563412341202110000000000000001")
NDR = bytes.fromhex("045d888aeb1cc9119fe808002b104860")


def pdu(ptype, flags, call_id, body, auth_type=0, level=0, ctx=0, token=b"", pad_len=0):
    auth = b""
    if token or auth_type:
        auth = struct.pack("<BBBBI", auth_type, level, pad_len, 0, ctx) + token
    frag = 16 + len(body) + len(auth)
    hdr = struct.pack("<BBBB4sHHI", 5, 0, ptype, flags, b"\x10\x00\x00\x00", frag,
                      len(token), call_id)
    return hdr + body + auth


def bind_body():
    item = struct.pack("<HBB", 0, 1, 0) + IFACE + struct.pack("<HH", 1, 0) + NDR + \
        struct.pack("<I", 2)
    return struct.pack("<HHIB3s", 4280, 4280, 0, 1, b"") + item


def bind_ack_body():
    sec = b"6001\x00"
    b = struct.pack("<HHIH", 4280, 4280, 0x1234, len(sec)) + sec
    b += b"\x00" * ((4 - len(b) % 4) % 4)
    b += struct.pack("<B3sHH", 1, b"", 0, 0) + NDR + struct.pack("<I", 2)
    return b


def pad4(body):
    return b"\x00" * ((4 - len(body) % 4) % 4)


# ---- per-message tokens -----------------------------------------------------------------

def aes_acceptor_or_hs_wrap(etype, key, seq, pre, data, post, seal, acceptor):
    """RFC 4121 tokens from impacket's RFC 3961 primitives, DCE layout (EC 0, RRC 28)."""
    c = cipher_for(etype)
    flags = (1 if acceptor else 0) | 4
    if not seal:
        usage = 23 if acceptor else 25
        hdr = struct.pack(">HB5s", 0x0404, flags, b"\xff" * 5) + struct.pack(">Q", seq)
        kc = c.derive(key, struct.pack(">IB", usage, 0x99))
        mac = HMAC.new(kc.contents, pre + data + post + hdr, SHA1).digest()[:12]
        return data, hdr + mac
    usage = 22 if acceptor else 24
    flags |= 2
    inner = struct.pack(">HBBHHQ", 0x0504, flags, 0xff, 0, 0, seq)
    outer = struct.pack(">HBBHHQ", 0x0504, flags, 0xff, 0, 28, seq)
    ke = c.derive(key, struct.pack(">IB", usage, 0xAA))
    ki = c.derive(key, struct.pack(">IB", usage, 0x55))
    conf = det_bytes("conf%d" % seq, 16)
    mac = HMAC.new(ki.contents, conf + pre + data + post + inner, SHA1).digest()[:12]
    ct = c.basic_encrypt(ke, conf + data + inner) + mac
    rot = ct[-28:] + ct[:-28]
    return rot[16 + 28:], outer + rot[:16 + 28]


def rc4_hs_wrap(key, seq, pre, data, post, seal, acceptor):
    """RFC 4757 tokens with the header and trailer signed, from Cryptodome primitives."""
    k = key.contents
    if seal:
        hdr8 = bytes.fromhex("020111001000ffff")
        conf = det_bytes("rc4conf%d" % seq, 8)
        salt = 13
    else:
        hdr8 = bytes.fromhex("01011100ffffffff")
        conf = b""
        salt = 15
    snd = struct.pack(">L", seq) + (b"\xff" * 4 if acceptor else b"\x00" * 4)
    ksign = HMAC.new(k, b"signaturekey\0", MD5).digest()
    cks = HMAC.new(ksign, MD5.new(struct.pack("<L", salt) + hdr8 + conf + pre + data + post)
                   .digest(), MD5).digest()[:8]
    out = data
    if seal:
        local = bytes(b ^ 0xF0 for b in k)
        kc = HMAC.new(HMAC.new(local, struct.pack("<L", 0), MD5).digest(),
                      struct.pack(">L", seq), MD5).digest()
        r = ARC4.new(kc)
        conf = r.encrypt(conf)
        out = r.encrypt(data)
    kseq = HMAC.new(HMAC.new(k, struct.pack("<L", 0), MD5).digest(), cks, MD5).digest()
    snd = ARC4.new(kseq).encrypt(snd)
    tok = hdr8 + snd + cks + conf
    return out, b"\x60" + bytes([11 + len(tok)]) + KRB5_OID_TLV + tok


def protect(etype, key, seq, hdr_fn, stub, level, acceptor, header_sign, at, ctx):
    """Builds one request/response PDU; returns its bytes."""
    # impacket's RC4 Wrap pads to 8 bytes on its own; the DCE padding to 16 (as Windows pads
    # sealed stubs) leaves it nothing to add. AES keeps impacket's 4-byte padding so that its
    # EC filler is exercised.
    align = 16 if etype == 23 else 4
    padded = stub + b"\xbb" * ((align - len(stub) % align) % align)
    pad_len = len(padded) - len(stub)
    seal = level == 6
    if etype == 23:
        tok_len = 45 if seal else 37
    else:
        tok_len = 60 if seal else 28
        if seal and not header_sign and not acceptor:
            # impacket pads to the AES block with EC filler bytes that travel in the token.
            tok_len += (16 - len(padded) % 16) & 15
    hdr = hdr_fn(len(padded), tok_len)
    trailer = struct.pack("<BBBBI", at, level, pad_len, 0, ctx)
    if header_sign or (etype != 23 and acceptor):
        pre, post = (hdr, trailer) if header_sign else (b"", b"")
        if etype == 23:
            body, tok = rc4_hs_wrap(key, seq, pre, padded, post, seal, acceptor)
        else:
            body, tok = aes_acceptor_or_hs_wrap(etype, key, seq, pre, padded, post, seal,
                                                acceptor)
    else:
        g = gssapi.GSSAPI(cipher_for(key.enctype)())
        direction = "accept" if acceptor else "init"
        if seal:
            if etype == 23:
                body, tok = g.GSS_Wrap(key, padded, seq, direction)
            else:
                body, tok = g.GSS_Wrap(key, padded, seq)
        else:
            body = padded
            if etype == 23:
                tok = g.GSS_GetMIC(key, padded, seq, direction)
            else:
                tok = g.GSS_GetMIC(key, padded, seq)
    assert len(tok) == tok_len, (etype, seal, len(tok))
    assert len(body) == len(padded)
    return hdr + body + trailer + tok


def scenario(name, etype, level, at, header_sign, third_leg="alter", ticket=None,
             session_key=None, crealm=REALM, cname=USER, init_seq=7, acc_seq=0x2345):
    out = {"name": name, "etype": etype, "level": level, "auth_type": at,
           "header_sign": header_sign, "pdus": []}
    pfc = 0x03 | (0x04 if header_sign else 0)
    ctx = 79231
    if ticket is None:
        skey = service_key(etype)
        session_key = key_of(etype, name + "session")
        ticket = synthetic_ticket(etype, skey, session_key)
    init_subkey = key_of(session_key.enctype, name + "isub")
    acc_subkey = key_of(session_key.enctype, name + "asub")
    gflags = (gssapi.GSS_C_CONF_FLAG | gssapi.GSS_C_INTEG_FLAG | gssapi.GSS_C_SEQUENCE_FLAG |
              gssapi.GSS_C_REPLAY_FLAG | gssapi.GSS_C_MUTUAL_FLAG | gssapi.GSS_C_DCE_STYLE)
    req = ap_req(ticket, session_key, crealm, cname, init_subkey, init_seq, gflags)
    rep = ap_rep(session_key, acc_subkey, acc_seq)
    if at == 9:
        init = SPNEGO_NegTokenInit()
        init["MechTypes"] = [TypesMech["MS KRB5 - Microsoft Kerberos 5"]]
        init["MechToken"] = gss_frame(b"\x01\x00", req)
        t1 = init.getData()
        resp = SPNEGO_NegTokenResp()
        resp["NegState"] = b"\x01"
        resp["SupportedMech"] = TypesMech["MS KRB5 - Microsoft Kerberos 5"]
        resp["ResponseToken"] = rep
        t2 = resp.getData()
        # impacket's own initiator third leg: its AP-REP echoing the acceptor's sequence.
        _, _, t3 = getKerberosType3(cipher_for(session_key.enctype)(), session_key, t2)
    else:
        t1 = gss_frame(b"\x01\x00", req)
        t2 = gss_frame(b"\x02\x00", rep)
        negresp = SPNEGO_NegTokenResp()
        negresp["ResponseToken"] = rep
        _, _, t3resp = getKerberosType3(cipher_for(session_key.enctype)(), session_key,
                                        negresp.getData())
        t3 = SPNEGO_NegTokenResp(t3resp)["ResponseToken"]
    add = lambda d, b, plain=None: out["pdus"].append(
        {"dir": d, "hex": b.hex(), "plain": None if plain is None else plain.hex()})
    p1 = bind_body()
    add("c2s", pdu(11, pfc, 1, p1 + pad4(p1), at, level, ctx, t1, len(pad4(p1))))
    p2 = bind_ack_body()
    add("s2c", pdu(12, pfc, 1, p2 + pad4(p2), at, level, ctx, t2, len(pad4(p2))))
    if third_leg == "alter":
        add("c2s", pdu(14, 0x03, 2, p1 + pad4(p1), at, level, ctx, t3, len(pad4(p1))))
        add("s2c", pdu(15, 0x03, 2, p2 + pad4(p2), at, level, ctx, b"", 0))
    else:
        add("c2s", pdu(16, 0x03, 2, b"\x00" * 4, at, level, ctx, t3, 0))
    key = acc_subkey
    cseq, sseq = init_seq, acc_seq
    for i, n in enumerate([1, 37, 200, 4000]):
        call = 3 + i
        stub = bytes((j * 7 + call) & 0xff for j in range(n))

        def req_hdr(blen, tlen, call=call, n=n):
            frag = 24 + blen + 8 + tlen
            return struct.pack("<BBBB4sHHIIHH", 5, 0, 0, 0x03, b"\x10\x00\x00\x00", frag, tlen,
                               call, n, 0, 10 + i)
        add("c2s", protect(etype, key, cseq, req_hdr, stub, level, False, header_sign, at, ctx),
            stub)
        cseq += 1
        rstub = bytes((j * 13 + call) & 0xff for j in range(n + 5))

        def resp_hdr(blen, tlen, call=call, n=n):
            frag = 24 + blen + 8 + tlen
            return struct.pack("<BBBB4sHHIIHBB", 5, 0, 2, 0x03, b"\x10\x00\x00\x00", frag, tlen,
                               call, n + 5, 0, 0, 0)
        add("s2c", protect(etype, key, sseq, resp_hdr, rstub, level, True, header_sign, at, ctx),
            rstub)
        sseq += 1
    out["service"] = {"realm": REALM, "components": SERVICE, "password": PASSWORD}
    return out


def main():
    scenarios = []
    if len(sys.argv) > 2 and sys.argv[1] == "--kdc":
        from impacket.krb5.ccache import CCache
        cc = CCache.loadFile(sys.argv[2])
        for cred in cc.credentials:
            server = cred["server"].prettyPrint().decode()
            if not server.startswith("exchangeMDB/"):
                continue
            tgs = cred.toTGS()
            from impacket.krb5.asn1 import TGS_REP
            rep = decoder.decode(tgs["KDC_REP"], asn1Spec=TGS_REP())[0]
            sk = tgs["sessionKey"]
            client = cred["client"].prettyPrint().decode()
            cname, crealm = client.split("@")
            for level in (6, 5):
                for at in (9, 16):
                    scenarios.append(scenario(
                        "kdc-%d-%d-at%d" % (sk.enctype, level, at), sk.enctype, level, at,
                        False, ticket=rep["ticket"], session_key=sk, crealm=crealm,
                        cname=cname))
            scenarios.append(scenario("kdc-%d-hs" % sk.enctype, sk.enctype, 6, 9, True,
                                      ticket=rep["ticket"], session_key=sk, crealm=crealm,
                                      cname=cname))
    else:
        for etype in (18, 17, 23):
            for level in (6, 5):
                for at in (9, 16):
                    scenarios.append(scenario("e%d-l%d-at%d" % (etype, level, at), etype, level,
                                              at, False,
                                              third_leg="auth3" if at == 16 else "alter"))
            scenarios.append(scenario("e%d-l6-hs" % etype, etype, 6, 9, True))
            scenarios.append(scenario("e%d-l5-hs" % etype, etype, 5, 16, True))
    json.dump({"scenarios": scenarios}, sys.stdout)


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""List the DCE/RPC PDUs that tshark finds in a capture, one JSON object per line.

    tshark_pdus.py CAPTURE [--decode-as-port N]... [--multiset] [--tshark PATH]

CAPTURE is anything tshark reads: pcap, pcapng, gzip-compressed either (passed to tshark
as is), NetMon .cap. Needs tshark on PATH (Debian package `tshark`, 4.0 tested) and only
the Python standard library.

Default output, one line per PDU in capture order:

    {"frame": 12, "tcp.stream": 0, "ptype": 0, "call_id": 2, "opnum": 2,
     "opnum_from": "header", "ctx_id": 0, "frag_length": 84, "bind_ctx_ids": null,
     "carrier": "tcp", "ver": 5}

  frame        frame number (1-based) that completed the PDU (after TCP reassembly a PDU is
               reported in the frame holding its last byte)
  tcp.stream   tshark's TCP stream index, null when not over TCP
  ptype        dcerpc.pkt_type
  call_id      dcerpc.cn_call_id (null for connectionless PDUs)
  opnum        dcerpc.opnum. In requests it is the header field ("opnum_from": "header").
               In responses and faults tshark adds a *generated* dcerpc.opnum copied from the
               matched request ("opnum_from": "matched_request"); it is absent when the request
               is not in the capture. Other types: null.
  ctx_id       dcerpc.cn_ctx_id of the header (request, response, fault); null for other types
  bind_ctx_ids for bind / alter_context: the p_cont_id of every context item, else null
  frag_length  dcerpc.cn_frag_len
  carrier      "tcp", "smb", "smb2", "http", "udp" or "other": what carries the PDU
  ver          dcerpc.ver (5 = connection-oriented, 4 = connectionless)

--multiset prints instead one line per distinct tuple, sorted:
    {"ptype": .., "call_id": .., "opnum": .., "ctx_id": .., "frag_length": .., "count": n}
  Only connection-oriented PDUs (ver 5). To compare like with like with a decoder that sees
  one PDU at a time, "opnum" in the tuple is the header opnum: requests only, null for every
  other type (the matched-request opnum of responses is in the per-PDU lines only).
  --multiset-stream N restricts the multiset to one TCP stream.

DCE/RPC is found by tshark on TCP 135 and, on other ports, by its heuristic (a segment that
starts with a plausible v5 header). --decode-as-port N (repeatable) adds
`-d tcp.port==N,dcerpc` for streams the heuristic misses. Decode-as matches either port of a
connection; tshark tries the lower port first, so a well-known server port (139, 445) on the
other side still wins.

--keep-retransmissions passes `-o tcp.analyze_sequence_numbers:FALSE`: tshark then no longer
drops segments it judges to be retransmissions (default: dropped, as a TCP reassembler would).

What tshark 4.0.17 (Debian 12) showed on ../shared/testdata/captures (`--summary`):

  capture                                         PDUs   over TCP   over SMB/SMB2
  zeek/mapi.pcap                                   444      352        92 (SMB1)
  zeek/mapi.pcap --decode-as-port 1032             454      362        92
  suricata-verify/dcerpc-ctxids/input.pcap         493      461        32 (SMB2)
  scapy/dcerpc_privacy_ntlm.pcapng.gz               20       20         -
  suricata-verify/zerologon/input.pcap             231      211        20
  pcap-attack/discovery_scan_dcerpc_endpoint...    700      700         -
  zeek/20-fids.pcap                                264        0       264
  arkime/dcerpc_synthetic.pcap                      46       46         -
  (the other captures: 2..116 PDUs each, all read without error)

Surprises:
  * mapi.pcap: the heuristic already finds the mid-stream EcDoRpc traffic on TCP 1032 of
    four connections; the fifth (client port 1153) is taken by tshark as ANSI C12.22,
    registered on TCP 1153, and shown as malformed: its 10 PDUs (call_id 62..66) only appear
    with --decode-as-port 1032. On every 1032 stream (no bind in the capture) tshark gives
    responses no opnum even when the request is there: matching needs the bind.
  * Summing frag_length per TCP stream equals the stream's payload bytes in every capture
    except where tshark flags retransmissions (scapy privacy stream 0, MS-ADOD EPM streams,
    zerologon, kerberos135_auth, arkime): those PDUs are counted once. In zerologon stream 29
    and arkime stream 0 the only copy of a PDU is flagged as a retransmission (spurious), so it
    is missing by default; --keep-retransmissions shows it (and also the duplicates).
  * A frame can hold several PDUs, and `-T fields` aggregates each field per frame, so optional
    fields (opnum, ctx_id) no longer line up with their PDU. This script reads PDML, where each
    PDU is its own <proto name="dcerpc">, so nothing has to be aligned.
  * Bind and alter_context carry dcerpc.cn_ctx_id once per context item, not in the header;
    bind_ack carries none. Fragments of a response each get the matched-request opnum.
  * A PDU split over TCP segments is reported in the frame with its last byte; fragment
    reassembly adds no extra dcerpc element. No capture had a PDU that tshark could not frame.
"""

import argparse
import collections
import json
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET

CARRIERS = ("smb2", "smb", "http", "udp", "tcp")


def int_or_none(v):
    if v is None:
        return None
    try:
        return int(v, 0)
    except ValueError:
        return None


def dcerpc_fields(proto):
    """Fields of one dcerpc element, not descending into nested protocols."""
    out = []
    stack = list(proto)
    while stack:
        el = stack.pop(0)
        if el.tag == "proto":
            continue
        if el.tag == "field":
            out.append(el)
            stack[0:0] = list(el)
    return out


def pdus_of_packet(pkt):
    frame = stream = None
    protos = [el for el in pkt.iter("proto")]
    names = [p.get("name") for p in protos]
    for p in protos:
        if p.get("name") == "frame" and frame is None:
            for f in p.iter("field"):
                if f.get("name") == "frame.number":
                    frame = int_or_none(f.get("show"))
                    break
        if p.get("name") == "tcp" and stream is None:
            for f in p.iter("field"):
                if f.get("name") == "tcp.stream":
                    stream = int_or_none(f.get("show"))
                    break
    carrier = next((c for c in CARRIERS if c in names), "other")
    for p in protos:
        if p.get("name") != "dcerpc":
            continue
        rec = {
            "frame": frame,
            "tcp.stream": stream,
            "ptype": None,
            "call_id": None,
            "opnum": None,
            "opnum_from": None,
            "ctx_id": None,
            "frag_length": None,
            "bind_ctx_ids": None,
            "carrier": carrier,
            "ver": None,
        }
        ctx_ids = []
        for f in dcerpc_fields(p):
            n = f.get("name")
            v = int_or_none(f.get("show"))
            if n == "dcerpc.pkt_type" and rec["ptype"] is None:
                rec["ptype"] = v
            elif n == "dcerpc.ver" and rec["ver"] is None:
                rec["ver"] = v
            elif n == "dcerpc.cn_call_id" and rec["call_id"] is None:
                rec["call_id"] = v
            elif n == "dcerpc.cn_frag_len" and rec["frag_length"] is None:
                rec["frag_length"] = v
            elif n == "dcerpc.cn_ctx_id":
                ctx_ids.append(v)
            elif n == "dcerpc.opnum" and rec["opnum"] is None:
                rec["opnum"] = v
                # the header field has bytes behind it; the copy from the request has size 0
                rec["opnum_from"] = "header" if f.get("size") not in (None, "0") else "matched_request"
        if rec["ptype"] is None:
            continue
        if rec["ptype"] in (11, 14):
            rec["bind_ctx_ids"] = ctx_ids
        elif rec["ptype"] in (0, 2, 3) and ctx_ids:
            rec["ctx_id"] = ctx_ids[0]
        yield rec


def run(capture, ports, tshark, keep_retransmissions=False):
    cmd = [tshark, "-n", "-r", capture, "-T", "pdml", "-Y", "dcerpc"]
    if keep_retransmissions:
        cmd += ["-o", "tcp.analyze_sequence_numbers:FALSE"]
    for port in ports:
        cmd += ["-d", "tcp.port==%d,dcerpc" % port]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        for _, el in ET.iterparse(proc.stdout, events=("end",)):
            if el.tag == "packet":
                yield from pdus_of_packet(el)
                el.clear()
    finally:
        proc.stdout.close()
        err = proc.stderr.read().decode(errors="replace")
        rc = proc.wait()
        if rc != 0:
            raise SystemExit("tshark failed (%d): %s\n%s" % (rc, " ".join(cmd), err))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("capture")
    ap.add_argument("--decode-as-port", type=int, action="append", default=[], metavar="N")
    ap.add_argument("--multiset", action="store_true")
    ap.add_argument("--multiset-stream", type=int, default=None, metavar="N")
    ap.add_argument("--keep-retransmissions", action="store_true")
    ap.add_argument("--summary", action="store_true", help="print counts per ptype and carrier")
    ap.add_argument("--tshark", default=shutil.which("tshark") or "tshark")
    args = ap.parse_args()

    pdus = run(args.capture, args.decode_as_port, args.tshark, args.keep_retransmissions)
    out = sys.stdout
    if args.multiset or args.multiset_stream is not None:
        counts = collections.Counter()
        for r in pdus:
            if r["ver"] != 5:
                continue
            if args.multiset_stream is not None and r["tcp.stream"] != args.multiset_stream:
                continue
            opnum = r["opnum"] if r["ptype"] == 0 else None
            counts[(r["ptype"], r["call_id"], opnum, r["ctx_id"], r["frag_length"])] += 1
        key = lambda t: tuple(-1 if x is None else x for x in t)
        for t in sorted(counts, key=key):
            d = dict(zip(("ptype", "call_id", "opnum", "ctx_id", "frag_length"), t))
            d["count"] = counts[t]
            out.write(json.dumps(d) + "\n")
    elif args.summary:
        total = 0
        by = collections.Counter()
        for r in pdus:
            total += 1
            by[(r["carrier"], r["ptype"])] += 1
        out.write(json.dumps({"capture": args.capture, "pdus": total,
                              "by_carrier_ptype": {"%s/%s" % k: v for k, v in sorted(by.items(), key=str)}}) + "\n")
    else:
        for r in pdus:
            out.write(json.dumps(r) + "\n")


if __name__ == "__main__":
    try:
        main()
    except BrokenPipeError:
        sys.stderr.close()
        sys.exit(0)

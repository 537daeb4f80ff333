//! Port rewriting checked by independent parsers: the ept_map response and the NSPI
//! bind_ack of Zeek's mapi.pcap are rewritten to port 7840, then impacket parses the
//! rewritten stub and bind_ack, and tshark dissects a capture written here with the
//! rewritten PDUs in Ethernet/IPv4/TCP framing. Both must see the new port and nothing
//! malformed.

mod common;

use std::io::Write;
use std::process::{Command, Stdio};

use oxwire::capture::{decode_packet, CaptureReader};
use oxwire_epm::{Interfaces, PortRewriter};
use oxwire_msrpc::interfaces::{EMSMDB, NSPI};
use oxwire_msrpc::ndr::NdrSyntax;
use oxwire_msrpc::pdu::Response;
use oxwire_msrpc::{Pdu, PduBody, SyntaxId};

/// A Python with impacket: `$OXWIRE_PYTHON`, else the repository's `.venv`.
fn python() -> Option<String> {
    common::python_with("impacket")
}

/// TCP payload of `frame` in mapi.pcap (frames 397-400: EPM bind, bind_ack, ept_map
/// request and response on port 135; 408-409: NSPI bind and bind_ack on port 4997, per
/// tshark).
fn payload(file: &[u8], frame: u64) -> Vec<u8> {
    let r = CaptureReader::new(file).unwrap();
    let p = r.packet(frame).unwrap();
    decode_packet(&p).unwrap().payload.to_vec()
}

/// TCP payloads of one conversation, each with "sent by the client".
type Payloads = Vec<(Vec<u8>, bool)>;

struct Rewritten {
    /// (payload, from client) for the port-135 stream, then the port-4997 stream.
    epm: Payloads,
    nspi: Payloads,
    stub: Vec<u8>,
    bind_ack: Vec<u8>,
}

fn rewrite() -> Rewritten {
    let file = std::fs::read(common::repo_testdata().join("zeek/mapi.pcap")).unwrap();
    let rw = PortRewriter::new(Interfaces::Only(vec![NSPI, EMSMDB]), 7840);

    let resp = payload(&file, 400);
    let (pdu, _) = Pdu::decode(&resp).unwrap();
    let PduBody::Response(r) = &pdu.body else {
        panic!("frame 400 is not a response")
    };
    let out = rw
        .rewrite_map_response(r.stub, NdrSyntax::Ndr20, true)
        .unwrap();
    assert_eq!(out.mappings.len(), 1);
    let m = out.mappings[0];
    assert_eq!((m.original, m.rewritten), (4997, 7840));
    assert_eq!(m.interface.map(|i| i.uuid), Some(NSPI));
    assert_eq!(m.address, Some("192.168.0.2".parse().unwrap()));
    let stub = out.bytes.unwrap();
    assert_eq!(stub.len(), r.stub.len());
    let mut new = pdu.clone();
    new.body = PduBody::Response(Response { stub: &stub, ..*r });
    let new_resp = new.to_vec().unwrap();

    let ack = payload(&file, 409);
    let out = rw
        .rewrite_bind_ack(&ack, SyntaxId::new(NSPI, 56, 0))
        .unwrap();
    assert_eq!(out.mappings[0].original, 4997);
    let bind_ack = out.bytes.unwrap();

    // Learning only: the same mapping, no new bytes.
    let learn = PortRewriter::learn_only(Interfaces::Only(vec![NSPI]));
    let l = learn
        .rewrite_bind_ack(&ack, SyntaxId::new(NSPI, 56, 0))
        .unwrap();
    assert!(l.bytes.is_none());
    assert_eq!(l.mappings[0].original, 4997);

    Rewritten {
        epm: vec![
            (payload(&file, 397), true),
            (payload(&file, 398), false),
            (payload(&file, 399), true),
            (new_resp, false),
        ],
        nspi: vec![(payload(&file, 408), true), (bind_ack.clone(), false)],
        stub,
        bind_ack,
    }
}

#[test]
fn impacket_reads_the_rewritten_port() {
    let Some(py) = python() else {
        common::skip("no Python with impacket");
        return;
    };
    let rw = rewrite();
    let script = r#"
import sys, binascii
from impacket.dcerpc.v5 import epm
from impacket.dcerpc.v5.rpcrt import MSRPCBindAck
stub, ack = [binascii.unhexlify(l.strip()) for l in sys.stdin]
r = epm.ept_mapResponse(stub)
towers = [b"".join(t["tower_octet_string"]) for t in r["ITowers"]]
print(r["num_towers"], r["status"])
for t in towers:
    print(epm.PrintStringBinding(epm.EPMTower(t)["Floors"]))
a = MSRPCBindAck(ack)
s = a["SecondaryAddr"]
s = s.decode() if isinstance(s, bytes) else s
print(s.rstrip("\x00"), a["frag_len"], len(ack))
"#;
    let mut child = Command::new(&py)
        .args(["-c", script])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let input = format!("{}\n{}\n", common::hex(&rw.stub), common::hex(&rw.bind_ack));
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines[0], "1 0");
    assert_eq!(lines[1], "ncacn_ip_tcp:192.168.0.2[7840]");
    let n = rw.bind_ack.len();
    assert_eq!(lines[2], format!("7840 {n} {n}"));
}

/// A classic pcap (Ethernet) of two TCP conversations built around `pdus`.
fn pcap(streams: &[(u16, &Payloads)]) -> Vec<u8> {
    let mut out = Vec::new();
    for v in [0xa1b2_c3d4u32, 0x0004_0002, 0, 0, 65535, 1] {
        if v == 0x0004_0002 {
            out.extend_from_slice(&2u16.to_le_bytes());
            out.extend_from_slice(&4u16.to_le_bytes());
        } else {
            out.extend_from_slice(&v.to_le_bytes());
        }
    }
    let client = [192, 168, 0, 1];
    let server = [192, 168, 0, 2];
    let mut t = 0u32;
    for (i, (port, pdus)) in streams.iter().enumerate() {
        let cport = 40000 + i as u16;
        let (mut cseq, mut sseq) = (1000u32, 5000u32);
        for (payload, from_client) in pdus.iter() {
            let (src, dst, sp, dp, seq, ack) = if *from_client {
                (client, server, cport, *port, cseq, sseq)
            } else {
                (server, client, *port, cport, sseq, cseq)
            };
            let mut tcp = Vec::new();
            tcp.extend_from_slice(&sp.to_be_bytes());
            tcp.extend_from_slice(&dp.to_be_bytes());
            tcp.extend_from_slice(&seq.to_be_bytes());
            tcp.extend_from_slice(&ack.to_be_bytes());
            tcp.extend_from_slice(&[0x50, 0x18, 0xff, 0xff, 0, 0, 0, 0]); // PSH|ACK
            tcp.extend_from_slice(payload);
            let mut ip = vec![0x45, 0];
            ip.extend_from_slice(&((20 + tcp.len()) as u16).to_be_bytes());
            ip.extend_from_slice(&[0, 0, 0x40, 0, 64, 6, 0, 0]);
            ip.extend_from_slice(&src);
            ip.extend_from_slice(&dst);
            ip.extend_from_slice(&tcp);
            let mut eth = vec![0, 1, 2, 3, 4, 5, 0, 1, 2, 3, 4, 6, 0x08, 0x00];
            eth.extend_from_slice(&ip);
            t += 1;
            for v in [t, 0, eth.len() as u32, eth.len() as u32] {
                out.extend_from_slice(&v.to_le_bytes());
            }
            out.extend_from_slice(&eth);
            let n = payload.len() as u32;
            if *from_client {
                cseq += n;
            } else {
                sseq += n;
            }
        }
    }
    out
}

#[test]
fn tshark_reads_the_rewritten_port() {
    if !common::have("tshark", "--version") {
        common::skip("tshark is not installed");
        return;
    }
    let rw = rewrite();
    let dir = std::env::temp_dir().join(format!("oxwire-epm-rewrite-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("rewritten.pcap");
    std::fs::write(&path, pcap(&[(135, &rw.epm), (4997, &rw.nspi)])).unwrap();
    let out = Command::new("tshark")
        .arg("-r")
        .arg(&path)
        .args([
            "-d",
            "tcp.port==4997,dcerpc",
            "-T",
            "fields",
            "-E",
            "aggregator=|",
        ])
        .args([
            "-e",
            "frame.number",
            "-e",
            "dcerpc.pkt_type",
            "-e",
            "dcerpc.cn_frag_len",
        ])
        .args([
            "-e",
            "tcp.len",
            "-e",
            "epm.proto.tcp_port",
            "-e",
            "epm.num_towers",
        ])
        .args([
            "-e",
            "dcerpc.cn_sec_addr",
            "-e",
            "_ws.malformed",
            "-e",
            "_ws.expert",
        ])
        .output()
        .unwrap();
    let _ = std::fs::remove_dir_all(&dir);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    let rows: Vec<Vec<&str>> = text.lines().map(|l| l.split('\t').collect()).collect();
    assert_eq!(rows.len(), 6, "{text}");
    for r in &rows {
        assert_eq!(r[2], r[3], "frag_length equals the TCP payload: {r:?}");
        assert!(
            r[7].is_empty() && r[8].is_empty(),
            "malformed or expert info: {r:?}"
        );
    }
    // Frame 4: the ept_map response; its tower now says 7840.
    assert_eq!(rows[3][1], "2");
    assert_eq!(rows[3][4], "7840");
    assert_eq!(rows[3][5], "1");
    // Frame 6: the NSPI bind_ack with secondary address 7840.
    assert_eq!(rows[5][1], "12");
    assert_eq!(rows[5][6], "7840");
}

//! RTS vectors from impacket's test suite and from a real Outlook Anywhere session
//! (mod_proxy_msrpc), copied into `testdata/rpch/rts_vectors.json` with attribution: each
//! decodes, re-encodes byte for byte, is recognised as the PDU its source names, and carries
//! the values tshark's DCE/RPC dissector reads from the same bytes.

use std::path::{Path, PathBuf};
use std::process::Command as Process;

use oxwire_rpch::named::*;
use oxwire_rpch::{Ack, ClientAddress, Command, Cookie, Destination, PduKind, RtsPdu};

struct Vector {
    name: String,
    label: String,
    bytes: Vec<u8>,
}

fn unhex(s: &str) -> Vec<u8> {
    (0..s.len() / 2)
        .map(|i| u8::from_str_radix(&s[2 * i..2 * i + 2], 16).unwrap())
        .collect()
}

fn vectors() -> Vec<Vector> {
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join("../testdata/rpch/rts_vectors.json");
    let v: serde_json::Value = serde_json::from_slice(&std::fs::read(p).unwrap()).unwrap();
    v.as_array()
        .unwrap()
        .iter()
        .map(|e| Vector {
            name: e["name"].as_str().unwrap().to_owned(),
            label: e["label"].as_str().unwrap().to_owned(),
            bytes: unhex(e["hex"].as_str().unwrap()),
        })
        .collect()
}

/// The PDU name each source gives its vector (the label's first word).
fn expected_kind(label: &str) -> PduKind {
    let first = label.split([' ', ',']).next().unwrap();
    match first {
        "PING" => PduKind::Ping,
        other => *PduKind::ALL
            .iter()
            .find(|k| k.name() == other)
            .unwrap_or_else(|| panic!("label {label}")),
    }
}

#[test]
fn vectors_round_trip_and_are_recognised() {
    let vs = vectors();
    assert_eq!(vs.len(), 9);
    for v in &vs {
        let (pdu, used) = RtsPdu::decode(&v.bytes).unwrap_or_else(|e| panic!("{}: {e}", v.name));
        assert_eq!(used, v.bytes.len(), "{}", v.name);
        assert!(pdu.trailing.is_empty(), "{}", v.name);
        assert_eq!(pdu.to_vec().unwrap(), v.bytes, "{}", v.name);
        let kinds = PduKind::candidates(&pdu);
        assert!(
            kinds.contains(&expected_kind(&v.label)),
            "{}: {:?} not in {kinds:?}",
            v.name,
            v.label
        );
    }
}

/// Typed structs: from the decoded PDU and back to the same bytes.
#[test]
fn typed_structs_rebuild_the_vectors() {
    for v in vectors() {
        let (pdu, _) = RtsPdu::decode(&v.bytes).unwrap();
        let rebuilt = match expected_kind(&v.label) {
            PduKind::ConnA1 => ConnA1::from_pdu(&pdu).unwrap().to_pdu(),
            PduKind::ConnA2 => ConnA2::from_pdu(&pdu).unwrap().to_pdu(),
            PduKind::ConnA3 => ConnA3::from_pdu(&pdu).unwrap().to_pdu(),
            PduKind::ConnB1 => ConnB1::from_pdu(&pdu).unwrap().to_pdu(),
            PduKind::ConnB2 => ConnB2::from_pdu(&pdu).unwrap().to_pdu(),
            PduKind::ConnC2 => ConnC2::from_pdu(&pdu).unwrap().to_pdu(),
            PduKind::Ping => Ping::from_pdu(&pdu).unwrap().to_pdu(),
            PduKind::FlowControlAckWithDestination => FlowControlAckWithDestination::from_pdu(&pdu)
                .unwrap()
                .to_pdu(),
            k => panic!("no typed check for {k:?}"),
        };
        assert_eq!(rebuilt.to_vec().unwrap(), v.bytes, "{}", v.name);
    }
}

fn cookie(n: u8) -> Cookie {
    let mut c = [0u8; 16];
    for (i, b) in c.iter_mut().enumerate() {
        *b = n.wrapping_mul(17).wrapping_add(i as u8);
    }
    Cookie(c)
}

/// One PDU of every named kind, with distinct values, built by the typed structs.
pub fn every_named_pdu() -> Vec<(PduKind, RtsPdu<'static>)> {
    let d = Destination::OUT_PROXY;
    let ack = Ack {
        bytes_received: 0x1234,
        available_window: 0x8000,
        channel_cookie: cookie(9),
    };
    let v = vec![
        (
            PduKind::ConnA1,
            ConnA1 {
                version: 1,
                virtual_connection_cookie: cookie(1),
                out_channel_cookie: cookie(2),
                receive_window_size: 0x40000,
            }
            .to_pdu(),
        ),
        (
            PduKind::ConnA2,
            ConnA2 {
                version: 1,
                virtual_connection_cookie: cookie(1),
                out_channel_cookie: cookie(2),
                channel_lifetime: 0x4000_0000,
                receive_window_size: 0x10000,
            }
            .to_pdu(),
        ),
        (
            PduKind::ConnA3,
            ConnA3 {
                connection_timeout: 900_000,
            }
            .to_pdu(),
        ),
        (
            PduKind::ConnB1,
            ConnB1 {
                version: 1,
                virtual_connection_cookie: cookie(1),
                in_channel_cookie: cookie(3),
                channel_lifetime: 0x4000_0000,
                client_keepalive: 300_000,
                association_group_id: cookie(4),
            }
            .to_pdu(),
        ),
        (
            PduKind::ConnB2,
            ConnB2 {
                version: 1,
                virtual_connection_cookie: cookie(1),
                in_channel_cookie: cookie(3),
                receive_window_size: 0x10000,
                connection_timeout: 120_000,
                association_group_id: cookie(4),
                client_address: ClientAddress::new("192.0.2.7".parse().unwrap()),
            }
            .to_pdu(),
        ),
        (
            PduKind::ConnB2,
            ConnB2 {
                version: 1,
                virtual_connection_cookie: cookie(1),
                in_channel_cookie: cookie(3),
                receive_window_size: 0x10000,
                connection_timeout: 120_000,
                association_group_id: cookie(4),
                client_address: ClientAddress::new("2001:db8::42".parse().unwrap()),
            }
            .to_pdu(),
        ),
        (
            PduKind::ConnB3,
            ConnB3 {
                receive_window_size: 0x10000,
                version: 1,
            }
            .to_pdu(),
        ),
        (
            PduKind::ConnC1,
            ConnC1 {
                version: 1,
                receive_window_size: 0x10000,
                connection_timeout: 120_000,
            }
            .to_pdu(),
        ),
        (
            PduKind::InR1A1,
            InR1A1 {
                version: 1,
                virtual_connection_cookie: cookie(1),
                predecessor_channel_cookie: cookie(3),
                successor_channel_cookie: cookie(5),
            }
            .to_pdu(),
        ),
        (
            PduKind::InR1A2,
            InR1A2 {
                version: 1,
                virtual_connection_cookie: cookie(1),
                predecessor_channel_cookie: cookie(3),
                successor_channel_cookie: cookie(5),
                inbound_proxy_receive_window_size: 0x10000,
                inbound_proxy_connection_timeout: 120_000,
            }
            .to_pdu(),
        ),
        (
            PduKind::InR1A3,
            InR1A3 {
                destination: Destination::CLIENT,
                version: 1,
                inbound_proxy_receive_window_size: 0x10000,
                inbound_proxy_connection_timeout: 120_000,
            }
            .to_pdu(),
        ),
        (
            PduKind::InR1A5,
            InR1A5 {
                successor_channel_cookie: cookie(5),
            }
            .to_pdu(),
        ),
        (PduKind::InR1B1, InR1B1 { empty: () }.to_pdu()),
        (
            PduKind::InR1B2,
            InR1B2 {
                server_receive_window_size: 0x10000,
            }
            .to_pdu(),
        ),
        (
            PduKind::InR2A3,
            InR2A3 {
                destination: Destination::CLIENT,
            }
            .to_pdu(),
        ),
        (
            PduKind::OutR1A1,
            OutR1A1 {
                destination: Destination::CLIENT,
            }
            .to_pdu(),
        ),
        (
            PduKind::OutR1A3,
            OutR1A3 {
                version: 1,
                virtual_connection_cookie: cookie(1),
                predecessor_channel_cookie: cookie(2),
                successor_channel_cookie: cookie(6),
                outbound_proxy_receive_window_size: 0x40000,
            }
            .to_pdu(),
        ),
        (
            PduKind::OutR1A4,
            OutR1A4 {
                version: 1,
                virtual_connection_cookie: cookie(1),
                predecessor_channel_cookie: cookie(2),
                successor_channel_cookie: cookie(6),
                channel_lifetime: 0x4000_0000,
                outbound_proxy_receive_window_size: 0x10000,
                outbound_proxy_connection_timeout: 120_000,
            }
            .to_pdu(),
        ),
        (
            PduKind::OutR1A5,
            OutR1A5 {
                destination: Destination::CLIENT,
                version: 1,
                outbound_proxy_connection_timeout: 120_000,
            }
            .to_pdu(),
        ),
        (
            PduKind::OutR1A7,
            OutR1A7 {
                destination: Destination::SERVER,
                successor_channel_cookie: cookie(6),
            }
            .to_pdu(),
        ),
        (PduKind::OutR1A9, OutR1A9 { ance: () }.to_pdu()),
        (
            PduKind::OutR2A5,
            OutR2A5 {
                destination: Destination::CLIENT,
                ance: (),
            }
            .to_pdu(),
        ),
        (
            PduKind::OutR2A7,
            OutR2A7 {
                destination: Destination::SERVER,
                successor_channel_cookie: cookie(6),
                version: 1,
            }
            .to_pdu(),
        ),
        (PduKind::OutR2B2, OutR2B2 { negative_ance: () }.to_pdu()),
        (PduKind::OutR2B3, OutR2B3 { ance: () }.to_pdu()),
        (
            PduKind::OutR2C1,
            OutR2C1 {
                filler: Filler::Empty,
            }
            .to_pdu(),
        ),
        (
            PduKind::OutR2C1,
            OutR2C1 {
                filler: Filler::Padding(12),
            }
            .to_pdu(),
        ),
        (
            PduKind::KeepAlive,
            KeepAlive {
                client_keepalive: 300_000,
            }
            .to_pdu(),
        ),
        (
            PduKind::PingTrafficSentNotify,
            PingTrafficSentNotify {
                ping_traffic_sent: 4096,
            }
            .to_pdu(),
        ),
        (PduKind::Echo, Echo {}.to_pdu()),
        (PduKind::Ping, Ping {}.to_pdu()),
        (PduKind::FlowControlAck, FlowControlAck { ack }.to_pdu()),
        (
            PduKind::FlowControlAckWithDestination,
            FlowControlAckWithDestination {
                destination: d,
                ack,
            }
            .to_pdu(),
        ),
    ];
    v
}

#[test]
fn every_named_pdu_round_trips_and_is_recognised() {
    for (kind, pdu) in every_named_pdu() {
        let bytes = pdu.to_vec().unwrap();
        assert_eq!(bytes.len(), pdu.encoded_len());
        let (back, used) = RtsPdu::decode(&bytes).unwrap();
        assert_eq!(used, bytes.len());
        assert_eq!((back.flags, &back.commands), (pdu.flags, &pdu.commands));
        assert!(PduKind::candidates(&back).contains(&kind), "{kind:?}");
    }
}

/// What tshark shows for one PDU, field by field, in tshark's own formatting.
fn ours_as_tshark(pdu: &RtsPdu<'_>) -> Vec<String> {
    let mut types = vec![];
    let (mut rws, mut fbr, mut faw, mut fcc, mut ct, mut ck, mut cl, mut ka, mut ver) = (
        vec![],
        vec![],
        vec![],
        vec![],
        vec![],
        vec![],
        vec![],
        vec![],
        vec![],
    );
    let (mut pad, mut at, mut agid, mut dest, mut ptsn, mut v4, mut v6) =
        (vec![], vec![], vec![], vec![], vec![], vec![], vec![]);
    for c in &pdu.commands {
        types.push(format!("0x{:08x}", c.command_type()));
        match c {
            Command::ReceiveWindowSize(v) => rws.push(format!("0x{v:08x}")),
            Command::FlowControlAck(a) => {
                fbr.push(format!("0x{:08x}", a.bytes_received));
                faw.push(format!("0x{:08x}", a.available_window));
                fcc.push(a.channel_cookie.to_string());
            }
            Command::ConnectionTimeout(v) => ct.push(v.to_string()),
            Command::Cookie(c) => ck.push(c.to_string()),
            Command::ChannelLifetime(v) => cl.push(v.to_string()),
            Command::ClientKeepalive(v) => ka.push(format!("0x{v:08x}")),
            Command::Version(v) => ver.push(format!("0x{v:08x}")),
            Command::Padding(p) => pad.push(format!("0x{:08x}", p.len())),
            Command::ClientAddress(a) => match a.address {
                std::net::IpAddr::V4(x) => {
                    at.push("0".to_owned());
                    v4.push(x.to_string());
                }
                std::net::IpAddr::V6(x) => {
                    at.push("1".to_owned());
                    v6.push(x.to_string());
                }
            },
            Command::AssociationGroupId(c) => agid.push(c.to_string()),
            Command::Destination(d) => dest.push(d.0.to_string()),
            Command::PingTrafficSentNotify(v) => ptsn.push(format!("0x{v:08x}")),
            Command::Empty | Command::NegativeAnce | Command::Ance => {}
        }
    }
    let mut row = vec![
        format!("0x{:04x}", pdu.flags.0),
        pdu.commands.len().to_string(),
        types.join(","),
    ];
    for l in [
        rws, fbr, faw, fcc, ct, ck, cl, ka, ver, pad, at, agid, dest, ptsn, v4, v6,
    ] {
        row.push(l.join(","));
    }
    row
}

const FIELDS: &[&str] = &[
    "dcerpc.cn_rts_flags",
    "dcerpc.cn_rts_commands_nb",
    "dcerpc.cn_rts_command",
    "dcerpc.cn_rts_command.receivewindowsize",
    "dcerpc.cn_rts_command.fack.bytesreceived",
    "dcerpc.cn_rts_command.fack.availablewindow",
    "dcerpc.cn_rts_command.fack.channelcookie",
    "dcerpc.cn_rts_command.connectiontimeout",
    "dcerpc.cn_rts_command.cookie",
    "dcerpc.cn_rts_command.channellifetime",
    "dcerpc.cn_rts_command.clientkeepalive",
    "dcerpc.cn_rts_command.version",
    "dcerpc.cn_rts_command.padding.conformancecount",
    "dcerpc.cn_rts_command.addrtype",
    "dcerpc.cn_rts_command.associationgroupid",
    "dcerpc.cn_rts_command.forwarddestination",
    "dcerpc.cn_rts_command.pingtrafficsentnotify",
    "dcerpc.cmd_client_ipv4",
    "dcerpc.cmd_client_ipv6",
];

/// A classic pcap of raw IPv4 frames, one TCP segment to port 593 per PDU.
fn write_pcap(path: &Path, pdus: &[Vec<u8>]) {
    let mut f = Vec::new();
    f.extend_from_slice(&0xa1b2_c3d4u32.to_le_bytes());
    f.extend_from_slice(&2u16.to_le_bytes());
    f.extend_from_slice(&4u16.to_le_bytes());
    f.extend_from_slice(&[0; 8]);
    f.extend_from_slice(&65535u32.to_le_bytes());
    f.extend_from_slice(&101u32.to_le_bytes()); // LINKTYPE_RAW
    for (i, p) in pdus.iter().enumerate() {
        let mut tcp = Vec::new();
        tcp.extend_from_slice(&(40000 + i as u16).to_be_bytes());
        tcp.extend_from_slice(&593u16.to_be_bytes());
        tcp.extend_from_slice(&1u32.to_be_bytes());
        tcp.extend_from_slice(&0u32.to_be_bytes());
        tcp.extend_from_slice(&[0x50, 0x18, 0xff, 0xff, 0, 0, 0, 0]);
        let total = (20 + tcp.len() + p.len()) as u16;
        let mut ip = vec![0x45, 0];
        ip.extend_from_slice(&total.to_be_bytes());
        ip.extend_from_slice(&(i as u16).to_be_bytes());
        ip.extend_from_slice(&[0, 0, 64, 6, 0, 0, 10, 0, 0, 1, 10, 0, 0, 2]);
        let frame: Vec<u8> = [ip, tcp, p.clone()].concat();
        f.extend_from_slice(&(i as u32).to_le_bytes());
        f.extend_from_slice(&0u32.to_le_bytes());
        f.extend_from_slice(&(frame.len() as u32).to_le_bytes());
        f.extend_from_slice(&(frame.len() as u32).to_le_bytes());
        f.extend_from_slice(&frame);
    }
    std::fs::write(path, f).unwrap();
}

fn required() -> bool {
    std::env::var_os("OXWIRE_REQUIRE_ORACLES").is_some_and(|v| v == "1")
}

fn tshark_rows(tag: &str, pdus: &[Vec<u8>]) -> Option<Vec<Vec<String>>> {
    if Process::new("tshark").arg("--version").output().is_err() {
        assert!(!required(), "tshark required but not installed");
        println!("skipped: tshark not installed");
        return None;
    }
    let dir: PathBuf =
        std::env::temp_dir().join(format!("oxwire-rpch-{tag}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let pcap = dir.join("rts.pcap");
    write_pcap(&pcap, pdus);
    let mut cmd = Process::new("tshark");
    cmd.arg("-r").arg(&pcap).args([
        "-d",
        "tcp.port==593,dcerpc",
        "-T",
        "fields",
        "-E",
        "separator=|",
    ]);
    for f in FIELDS {
        cmd.args(["-e", f]);
    }
    let out = cmd.output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let _ = std::fs::remove_dir_all(&dir);
    Some(
        String::from_utf8(out.stdout)
            .unwrap()
            .lines()
            .map(|l| l.split('|').map(str::to_owned).collect())
            .collect(),
    )
}

#[test]
fn vectors_agree_with_tshark() {
    let vs = vectors();
    let bytes: Vec<Vec<u8>> = vs.iter().map(|v| v.bytes.clone()).collect();
    let Some(rows) = tshark_rows("vectors", &bytes) else {
        return;
    };
    assert_eq!(rows.len(), vs.len());
    for (v, theirs) in vs.iter().zip(rows) {
        let (pdu, _) = RtsPdu::decode(&v.bytes).unwrap();
        assert_eq!(ours_as_tshark(&pdu), theirs, "{}", v.name);
    }
}

/// Every PDU our typed builders produce reads back in tshark with the values put in.
#[test]
fn built_pdus_agree_with_tshark() {
    let all = every_named_pdu();
    let bytes: Vec<Vec<u8>> = all.iter().map(|(_, p)| p.to_vec().unwrap()).collect();
    let Some(rows) = tshark_rows("built", &bytes) else {
        return;
    };
    assert_eq!(rows.len(), all.len());
    for ((kind, pdu), theirs) in all.iter().zip(rows) {
        assert_eq!(ours_as_tshark(pdu), theirs, "{kind:?}");
    }
}

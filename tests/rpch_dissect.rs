//! The dissector on RPC over HTTP: `testdata/rpch/impacket_epm.pcap` (recorded by
//! `tests/rpch_impacket.rs`) holds impacket's and our client's HTTP channels to the
//! `rpch_proxy` example and, as separate TCP streams, the proxy's ncacn_ip_tcp connections to
//! the endpoint mapper, which carry the same inner PDUs unchanged.
//!
//! * tshark cannot read the inner PDUs of a streaming `RPC_IN_DATA` channel (it waits for the
//!   declared 1 GiB body), but it decodes the plain TCP legs: the multiset of (ptype, call_id,
//!   opnum, ctx_id, frag_length) of the inner PDUs we extract from the HTTP channels must be
//!   the one tshark shows on those legs.
//! * The RTS PDUs tshark does decode (the OUT channels' CONN/A1 and CONN/A3) must match ours
//!   field by field.
//! * The proxy's own counters (`impacket_epm.counts.json`, written with the capture) give the
//!   number of inner PDUs relayed each way.

mod common;

use std::collections::BTreeMap;
use std::process::Command;

use oxwire::dissect::{dissect_capture, Options, Record};
use serde_json::Value;

fn capture() -> (std::path::PathBuf, Vec<Record>) {
    let path = common::repo_testdata().join("rpch/impacket_epm.pcap");
    let bytes = std::fs::read(&path).expect("testdata/rpch/impacket_epm.pcap");
    let recs = dissect_capture(&bytes, &Options::default()).expect("capture reads");
    (path, recs)
}

fn have_tshark() -> bool {
    Command::new("tshark")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
}

/// Inner (non-RTS) PDU records taken from the HTTP channels.
fn inner(recs: &[Record]) -> Vec<&Record> {
    recs.iter()
        .filter(|r| r.is_pdu() && r.get_str("carrier") == Some("http"))
        .filter(|r| r.get_str("ptype") != Some("rts"))
        .collect()
}

type Tuple = (u64, u64, Option<u64>, Option<u64>, u64);

#[test]
fn inner_pdus_of_the_http_channels_are_the_ones_tshark_sees_on_the_plain_legs() {
    let (path, recs) = capture();
    let ours = inner(&recs);
    assert!(ours.len() > 300, "inner PDUs found: {}", ours.len());
    let mut mine: BTreeMap<Tuple, u64> = BTreeMap::new();
    for r in &ours {
        assert!(!r.fields.contains_key("error"), "{}", r.to_json());
        let ptype = r.get_u64("ptype_num").expect("ptype_num");
        // The header opnum: requests only, as the oracle counts it.
        let opnum = (ptype == 0).then(|| r.get_u64("opnum")).flatten();
        let t = (
            ptype,
            r.get_u64("call_id").expect("call_id"),
            opnum,
            r.get_u64("ctx_id"),
            r.get_u64("frag_length").expect("frag_length"),
        );
        *mine.entry(t).or_default() += 1;
    }
    if !have_tshark() {
        return common::skip("tshark not installed");
    }
    let oracle =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/oracle/tshark_pdus.py");
    let out = Command::new("python3")
        .arg(oracle)
        .arg(&path)
        .output()
        .expect("run oracle");
    assert!(out.status.success(), "oracle failed");
    let mut theirs: BTreeMap<Tuple, u64> = BTreeMap::new();
    for line in String::from_utf8(out.stdout).expect("utf-8").lines() {
        let v: Value = serde_json::from_str(line).expect("oracle line");
        // RTS PDUs appear only on the HTTP side; the plain legs carry the rest.
        if v["ptype"] == 20 || v["ver"] != 5 {
            continue;
        }
        assert_eq!(v["carrier"], "tcp", "{line}");
        let ptype = v["ptype"].as_u64().expect("ptype");
        let opnum = (ptype == 0).then(|| v["opnum"].as_u64()).flatten();
        let t = (
            ptype,
            v["call_id"].as_u64().expect("call_id"),
            opnum,
            v["ctx_id"].as_u64(),
            v["frag_length"].as_u64().expect("frag_length"),
        );
        *theirs.entry(t).or_default() += 1;
    }
    assert_eq!(mine, theirs);
}

#[test]
fn inner_pdu_counts_match_the_proxy_counters() {
    let (_, recs) = capture();
    let counts: Value = serde_json::from_slice(
        &std::fs::read(common::repo_testdata().join("rpch/impacket_epm.counts.json"))
            .expect("counts"),
    )
    .expect("counts json");
    let ours = inner(&recs);
    let c2s = ours.iter().filter(|r| r.dir == Some("c2s")).count() as u64;
    let s2c = ours.iter().filter(|r| r.dir == Some("s2c")).count() as u64;
    assert_eq!(Some(c2s), counts["pdus_to_server"].as_u64());
    assert_eq!(Some(s2c), counts["pdus_from_server"].as_u64());
    // Calls ride the IN channels, answers the OUT channels.
    assert!(ours
        .iter()
        .all(|r| (r.dir == Some("c2s")) == (r.get_str("channel") == Some("in"))));
    // Channels and virtual connections as the proxy counted them; the recycled IN channel
    // joins its virtual connection.
    let named: Vec<&Record> = recs
        .iter()
        .filter(|r| r.get_str("event") == Some("rpch_channel"))
        .collect();
    let ins = named.iter().filter(|r| r.get_str("channel") == Some("in"));
    let outs = named.iter().filter(|r| r.get_str("channel") == Some("out"));
    assert_eq!(Some(ins.count() as u64), counts["in_channels"].as_u64());
    assert_eq!(Some(outs.count() as u64), counts["out_channels"].as_u64());
    let mut vcs: Vec<&str> = named.iter().filter_map(|r| r.get_str("vc")).collect();
    vcs.sort();
    vcs.dedup();
    assert_eq!(
        Some(vcs.len() as u64),
        counts["virtual_connections"].as_u64()
    );
    assert_eq!(counts["recycled_in"], 1);
}

#[test]
fn calls_over_http_decode_as_over_tcp() {
    // The plain legs go through the ncacn_ip_tcp path of the same dissector: per direction,
    // the records of both paths must agree once where they were seen is set aside.
    let (_, recs) = capture();
    let strip = |r: &Record| {
        let mut m = r.fields.clone();
        for k in ["frame", "stream", "vc", "channel", "carrier"] {
            m.remove(k);
        }
        Value::Object(m).to_string()
    };
    let mut http: Vec<String> = inner(&recs).into_iter().map(strip).collect();
    let mut tcp: Vec<String> = recs
        .iter()
        .filter(|r| r.is_pdu() && !r.fields.contains_key("carrier"))
        .map(strip)
        .collect();
    assert!(http.iter().filter(|s| s.contains("\"call\"")).count() >= 200);
    http.sort();
    tcp.sort();
    assert_eq!(http, tcp);
}

/// tshark's RTS fields and the command names and keys they correspond to in our records.
const RTS_FIELDS: [(&str, &str, &str); 6] = [
    ("dcerpc.cn_rts_command.version", "Version", "value"),
    (
        "dcerpc.cn_rts_command.receivewindowsize",
        "ReceiveWindowSize",
        "value",
    ),
    (
        "dcerpc.cn_rts_command.connectiontimeout",
        "ConnectionTimeout",
        "value",
    ),
    (
        "dcerpc.cn_rts_command.channellifetime",
        "ChannelLifetime",
        "value",
    ),
    (
        "dcerpc.cn_rts_command.clientkeepalive",
        "ClientKeepalive",
        "value",
    ),
    ("dcerpc.cn_rts_command.cookie", "Cookie", "cookie"),
];

fn number(s: &str) -> u64 {
    match s.strip_prefix("0x") {
        Some(h) => u64::from_str_radix(h, 16).expect("hex"),
        None => s.parse().expect("number"),
    }
}

#[test]
fn rts_pdus_match_tshark_field_by_field() {
    if !have_tshark() {
        return common::skip("tshark not installed");
    }
    let (path, recs) = capture();
    let mut fields = vec![
        "frame.number",
        "tcp.stream",
        "dcerpc.cn_frag_len",
        "dcerpc.cn_call_id",
        "dcerpc.cn_rts_flags",
        "dcerpc.cn_rts_commands_nb",
        "dcerpc.cn_rts_command",
    ];
    fields.extend(RTS_FIELDS.iter().map(|f| f.0));
    let mut cmd = Command::new("tshark");
    cmd.args(["-n", "-r"])
        .arg(&path)
        .args(["-Y", "dcerpc.pkt_type == 20", "-T", "fields"])
        .args([
            "-E",
            "separator=/t",
            "-E",
            "aggregator=,",
            "-E",
            "occurrence=a",
        ]);
    for f in &fields {
        cmd.args(["-e", f]);
    }
    let out = cmd.output().expect("tshark");
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).expect("utf-8");
    let mut checked = 0;
    for line in text.lines() {
        let cols: Vec<&str> = line.split('\t').collect();
        assert_eq!(cols.len(), fields.len(), "{line}");
        assert!(!cols[2].contains(','), "one RTS PDU per frame: {line}");
        let frame = number(cols[0]);
        let stream = number(cols[1]);
        let ours: Vec<&Record> = recs
            .iter()
            .filter(|r| r.frame == frame && r.stream == Some(stream))
            .filter(|r| r.is_pdu() && r.get_str("ptype") == Some("rts"))
            .collect();
        assert_eq!(ours.len(), 1, "frame {frame}");
        let r = ours[0];
        assert_eq!(
            r.get_u64("frag_length"),
            Some(number(cols[2])),
            "frame {frame}"
        );
        assert_eq!(r.get_u64("call_id"), Some(number(cols[3])), "frame {frame}");
        assert_eq!(
            r.get_u64("rts_flags"),
            Some(number(cols[4])),
            "frame {frame}"
        );
        let commands = r.fields["rts_commands"].as_array().expect("commands");
        assert_eq!(commands.len() as u64, number(cols[5]), "frame {frame}");
        let types: Vec<u64> = cols[6].split(',').map(number).collect();
        let our_types: Vec<u64> = commands.iter().filter_map(|c| c["type"].as_u64()).collect();
        assert_eq!(our_types, types, "frame {frame}");
        for (i, (_, name, key)) in RTS_FIELDS.iter().enumerate() {
            let col = cols[7 + i];
            let want: Vec<String> = if col.is_empty() {
                Vec::new()
            } else if *key == "cookie" {
                col.split(',').map(str::to_string).collect()
            } else {
                col.split(',').map(|v| number(v).to_string()).collect()
            };
            let got: Vec<String> = commands
                .iter()
                .filter(|c| c["name"] == *name)
                .map(|c| match &c[*key] {
                    Value::String(s) => s.clone(),
                    v => v.to_string(),
                })
                .collect();
            assert_eq!(got, want, "frame {frame}: {name}");
        }
        checked += 1;
    }
    assert!(checked >= 4, "RTS PDUs tshark decoded: {checked}");
}

/// Feeds streams to a dissector as a capture's reassembler would and returns its records.
fn run_streams(
    ports: (u16, u16),
    chunks: &[(u64, oxwire::capture::Direction, Vec<u8>)],
) -> Vec<Record> {
    use oxwire::capture::StreamEvent;
    let mut d = oxwire::dissect::Dissector::new(Options::default());
    for stream in 0..2u64 {
        d.handle_event(StreamEvent::Opened {
            stream,
            frame: 1,
            client: ([10, 0, 0, 1], ports.0 + stream as u16).into(),
            server: ([10, 0, 0, 2], ports.1).into(),
            syn_seen: true,
        });
    }
    for (i, (stream, dir, bytes)) in chunks.iter().enumerate() {
        d.handle_event(StreamEvent::Data {
            stream: *stream,
            dir: *dir,
            frame: i as u64 + 2,
            bytes: bytes.clone(),
        });
    }
    std::iter::from_fn(|| d.poll_record()).collect()
}

fn vector(label: &str) -> Vec<u8> {
    let v: Value = serde_json::from_slice(
        &std::fs::read(common::repo_testdata().join("rpch/rts_vectors.json")).expect("vectors"),
    )
    .expect("vectors json");
    let hex = v
        .as_array()
        .expect("list")
        .iter()
        .find(|e| e["label"] == label)
        .and_then(|e| e["hex"].as_str())
        .expect("vector");
    common::unhex(hex)
}

#[test]
fn port_593_legs_are_paired_by_their_cookies() {
    use oxwire::capture::Direction::{ClientToServer as C2s, ServerToClient as S2c};
    use oxwire::msrpc::pdu::{Bind, ContextItem};
    use oxwire::msrpc::{Pdu, PduBody, NDR20};
    // impacket's CONN/B2 and CONN/A2 vectors name the same virtual connection: cookie bytes
    // 61 ec 8b b3 40 28 a8 46 ba fd 90 cf 6d 31 dc 29, printed as a GUID.
    let vc = "b38bec61-2840-46a8-bafd-90cf6d31dc29";
    let bind = Pdu::new(
        PduBody::Bind(Bind::new(
            4280,
            4280,
            0,
            vec![ContextItem::new(0, oxwire::epm::INTERFACE, vec![NDR20])],
        )),
        0x03,
        7,
    )
    .to_vec()
    .expect("bind");
    let mut in_leg = vector("CONN/B2, IPv4");
    in_leg.extend_from_slice(&bind);
    let recs = run_streams(
        (50000, 593),
        &[
            (0, S2c, b"ncacn_http/1.0".to_vec()),
            // Split inside the first PDU's header.
            (0, C2s, in_leg[..10].to_vec()),
            (0, C2s, in_leg[10..].to_vec()),
            (1, S2c, b"ncacn_http/1.0".to_vec()),
            (1, C2s, vector("CONN/A2")),
        ],
    );
    let pdus: Vec<&Record> = recs.iter().filter(|r| r.is_pdu()).collect();
    let kinds: Vec<(Option<u64>, Option<&str>, Option<&str>)> = pdus
        .iter()
        .map(|r| (r.stream, r.get_str("ptype"), r.get_str("channel")))
        .collect();
    assert_eq!(
        kinds,
        [
            (Some(0), Some("rts"), Some("in")),
            (Some(0), Some("bind"), Some("in")),
            (Some(1), Some("rts"), Some("out")),
        ]
    );
    for r in &pdus {
        assert_eq!(r.get_str("vc"), Some(vc), "{}", r.to_json());
        assert_eq!(r.get_str("carrier"), Some("ncacn_http"));
        assert!(!r.fields.contains_key("error"), "{}", r.to_json());
    }
    assert_eq!(pdus[0].fields["rts_pdu"], serde_json::json!(["CONN/B2"]));
    assert_eq!(pdus[1].get_u64("call_id"), Some(7));
    // The endpoint mapper's interface UUID (C706 appendix O).
    assert_eq!(
        pdus[1].fields["contexts"][0]["abstract_syntax"]["uuid"],
        "e1af8308-5d1f-11c9-91a4-08002b14a0fa"
    );
    assert_eq!(pdus[2].fields["rts_pdu"], serde_json::json!(["CONN/A2"]));
}

#[test]
fn hostile_channels_end_with_a_notice() {
    use oxwire::capture::Direction::{ClientToServer as C2s, ServerToClient as S2c};
    let head =
        b"RPC_IN_DATA /rpc/rpcproxy.dll?h:593 HTTP/1.1\r\nContent-Length: 1073741824\r\n\r\n";
    // A PDU header declaring an unsupported version right after the head.
    let mut bad = head.to_vec();
    bad.extend_from_slice(&[6, 0, 20, 3, 0x10, 0, 0, 0, 20, 0, 0, 0, 0, 0, 0, 0]);
    // A head that never ends.
    let endless = [
        b"RPC_OUT_DATA / HTTP/1.1\r\nX: ".to_vec(),
        vec![b'a'; 70_000],
    ]
    .concat();
    let recs = run_streams(
        (50000, 80),
        &[
            (0, C2s, bad),
            (0, C2s, vec![0; 64]),
            (1, C2s, endless),
            (1, S2c, b"HTTP/1.1 200 OK\r\n\r\n".to_vec()),
        ],
    );
    let errors: Vec<(Option<u64>, Option<&str>)> = recs
        .iter()
        .filter(|r| r.get_str("event") == Some("rpch_error"))
        .map(|r| (r.stream, r.get_str("detail")))
        .collect();
    assert_eq!(errors.len(), 2, "{errors:?}");
    assert_eq!(errors[0].0, Some(0));
    assert_eq!(errors[1].0, Some(1));
    assert!(
        errors[1].1.is_some_and(|d| d.contains("head")),
        "{errors:?}"
    );
    assert!(recs.iter().all(|r| !r.is_pdu()));
}

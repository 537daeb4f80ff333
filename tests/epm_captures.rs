//! Endpoint mapper calls in real captures, checked against tshark: every tower of every
//! ept_map and ept_lookup response decodes, and its floors, ports, addresses, pipe and
//! host names and UUIDs equal tshark's `epm.*` fields frame by frame. Ports learned from
//! those responses make the dissector follow the dynamic connections that come after.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

use oxwire::dissect::{dissect_capture, Options, Record};

/// The captures with endpoint mapper traffic, relative to the shared tier, plus the
/// number of ept_lookup requests each holds (from tshark: `epm.opnum == 2`).
const SHARED: &[&str] = &[
    "captures/pcap-attack/Discovery_impacket_rpcdump.pcapng",
    "captures/pcap-attack/discovery_scan_dcerpc_endpoint_mapper.pcapng",
    "captures/scapy/dcerpc_msnrpc.pcapng.gz",
    "captures/scapy/dcerpc_privacy_ntlm.pcapng.gz",
    "captures/ms-prot-od-netcaps/MS-ADOD_Example1_3_WS2019v2004_X64_Win10v2004_X64_Domain_JoiningADomainByCreatingAnAccountViaLDAP.pcapng",
    "captures/ms-prot-od-netcaps/MS-AUTHSOD_Example3-2_WIN2016_X64_Win2016_X64_Domian.cap",
    "captures/suricata-verify/bug-5133/input.pcap",
    "captures/suricata-verify/zerologon/input.pcap",
];

fn captures() -> Vec<PathBuf> {
    let mut v = vec![common::repo_testdata().join("zeek/mapi.pcap")];
    match common::shared_testdata() {
        Some(d) => v.extend(SHARED.iter().map(|p| d.join(p))),
        None => common::skip("shared test data not present: only mapi.pcap is checked"),
    }
    v
}

fn records(path: &Path, opts: &Options) -> Vec<Record> {
    let bytes = std::fs::read(path).unwrap();
    let bytes = if path.to_string_lossy().ends_with(".gz") {
        use std::io::Read;
        let mut out = Vec::new();
        flate2::read::GzDecoder::new(&bytes[..])
            .read_to_end(&mut out)
            .unwrap();
        out
    } else {
        bytes
    };
    dissect_capture(&bytes, opts).unwrap()
}

fn epm_calls(recs: &[Record]) -> Vec<(u64, &Value)> {
    recs.iter()
        .filter(|r| r.get_str("interface_name") == Some("EPM"))
        .filter_map(|r| r.fields.get("call").map(|c| (r.frame, c)))
        .collect()
}

/// What we report for one response, in tshark's field order: for each tower in order,
/// its floors' values.
#[derive(Debug, Default, PartialEq, Eq, Clone)]
struct Fields {
    num: Vec<String>,
    proto_id: Vec<String>,
    tcp_port: Vec<String>,
    ip: Vec<String>,
    named_pipe: Vec<String>,
    netbios: Vec<String>,
    uuid: Vec<String>,
}

fn ours(call: &Value) -> Fields {
    let mut f = Fields::default();
    let towers: Vec<&Value> = match call["operation"].as_str() {
        Some("ept_map") if call.get("towers").is_some() => {
            call["towers"].as_array().unwrap().iter().collect()
        }
        Some("ept_lookup") if call.get("entries").is_some() => call["entries"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| &e["tower"])
            .collect(),
        _ => return f,
    };
    let num = call.get("num_towers").or(call.get("num_ents")).unwrap();
    f.num.push(num.to_string());
    for t in towers {
        assert!(t.get("error").is_none(), "tower does not decode: {t}");
        for fl in t["floors"].as_array().unwrap() {
            f.proto_id.push(fl["protocol"].as_str().unwrap().into());
        }
        for k in ["interface", "transfer_syntax"] {
            if let Some(s) = t.get(k).and_then(Value::as_str) {
                f.uuid.push(s.into());
            }
        }
        if let Some(p) = t.get("tcp_port") {
            f.tcp_port.push(p.to_string());
        }
        if let Some(a) = t.get("ip").and_then(Value::as_str) {
            f.ip.push(a.into());
        }
        for k in ["named_pipe", "lrpc_endpoint"] {
            if let Some(n) = t.get(k).and_then(Value::as_str) {
                f.named_pipe.push(n.into());
            }
        }
        if let Some(n) = t.get("netbios_name").and_then(Value::as_str) {
            f.netbios.push(n.into());
        }
    }
    f
}

/// tshark's fields of every endpoint mapper response frame.
fn tshark(path: &Path) -> BTreeMap<u64, Fields> {
    let out = Command::new("tshark")
        .args(["-r"])
        .arg(path)
        .args([
            "-Y",
            "epm && dcerpc.pkt_type == 2 && (epm.num_towers || epm.num_ents)",
        ])
        .args(["-E", "aggregator=|", "-T", "fields"])
        .args([
            "-e",
            "frame.number",
            "-e",
            "epm.num_towers",
            "-e",
            "epm.num_ents",
        ])
        .args([
            "-e",
            "epm.tower.proto_id",
            "-e",
            "epm.proto.tcp_port",
            "-e",
            "epm.proto.ip",
        ])
        .args([
            "-e",
            "epm.proto.named_pipe",
            "-e",
            "epm.proto.netbios_name",
            "-e",
            "epm.uuid",
        ])
        .output()
        .expect("tshark runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let split = |s: &str| -> Vec<String> {
        if s.is_empty() {
            Vec::new()
        } else {
            s.split('|').map(str::to_owned).collect()
        }
    };
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| {
            let c: Vec<&str> = l.split('\t').collect();
            let mut num = split(c[1]);
            num.extend(split(c[2]));
            let f = Fields {
                num,
                proto_id: split(c[3]),
                tcp_port: split(c[4]),
                ip: split(c[5]),
                named_pipe: split(c[6]),
                netbios: split(c[7]),
                uuid: split(c[8]),
            };
            (c[0].parse().unwrap(), f)
        })
        .collect()
}

#[test]
fn every_tower_matches_tshark() {
    if !common::have("tshark", "--version") {
        common::skip("tshark is not installed");
        return;
    }
    for path in captures() {
        let recs = records(&path, &Options::default());
        let ours: BTreeMap<u64, Fields> = epm_calls(&recs)
            .into_iter()
            .map(|(frame, c)| (frame, ours(c)))
            .filter(|(_, f)| !f.num.is_empty())
            .collect();
        let theirs = tshark(&path);
        assert!(!theirs.is_empty(), "{}: no EPM responses", path.display());
        assert_eq!(
            ours.keys().collect::<Vec<_>>(),
            theirs.keys().collect::<Vec<_>>(),
            "{}: response frames differ",
            path.display()
        );
        for (frame, t) in &theirs {
            assert_eq!(&ours[frame], t, "{} frame {frame}", path.display());
        }
    }
}

#[test]
fn rpcdump_multi_fragment_lookup() {
    let Some(d) = common::shared_testdata() else {
        common::skip("shared test data not present");
        return;
    };
    let recs = records(&d.join(SHARED[0]), &Options::default());
    let resp: Vec<&Record> = recs
        .iter()
        .filter(|r| r.get_str("interface_name") == Some("EPM") && r.fields.contains_key("call"))
        .filter(|r| r.get_str("dir") == Some("s2c"))
        .collect();
    assert_eq!(resp.len(), 1);
    let r = resp[0];
    // tshark: the response is reassembled in frame 11 from 11 fragments
    // (`dcerpc.fragment.count`; ten of 4280 octets and one of 2740), num_ents 346.
    assert_eq!(r.frame, 11);
    assert_eq!(r.fields["reassembled"]["fragments"], 11);
    let call = &r.fields["call"];
    assert_eq!(call["num_ents"], 346);
    assert_eq!(call["entries"].as_array().unwrap().len(), 346);
}

#[test]
fn scan_capture_has_349_lookups() {
    let Some(d) = common::shared_testdata() else {
        common::skip("shared test data not present");
        return;
    };
    let recs = records(&d.join(SHARED[1]), &Options::default());
    let calls = epm_calls(&recs);
    let lookups = |dir: &str| {
        recs.iter()
            .filter(|r| r.get_str("dir") == Some(dir))
            .filter_map(|r| r.fields.get("call"))
            .filter(|c| c["operation"] == "ept_lookup")
            .count()
    };
    // tshark: 349 ept_lookup requests and 349 responses (`epm.opnum == 2`).
    assert_eq!(lookups("c2s"), 349);
    assert_eq!(lookups("s2c"), 349);
    assert_eq!(calls.len(), 698);
}

/// With the header heuristic off, only port 135 and learned ports are followed: the
/// NSPI (4997) and EMSMDB (1032) connections of mapi.pcap are found because their ports
/// came from ept_map responses earlier in the capture, and likewise NETLOGON in
/// dcerpc_msnrpc.
#[test]
fn learned_ports_follow_dynamic_connections() {
    let opts = Options {
        heuristic: false,
        ..Options::default()
    };
    let mut cases = vec![(
        common::repo_testdata().join("zeek/mapi.pcap"),
        vec!["NSPI", "EMSMDB"],
    )];
    if let Some(d) = common::shared_testdata() {
        cases.push((d.join(SHARED[2]), vec!["NETLOGON"]));
    }
    for (path, names) in cases {
        let recs = records(&path, &opts);
        for name in names {
            assert!(
                recs.iter()
                    .any(|r| r.get_str("interface_name") == Some(name)
                        && r.get_str("ptype") == Some("request")),
                "{}: no {name} requests followed",
                path.display()
            );
        }
    }
}

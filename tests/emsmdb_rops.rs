//! EMSMDB calls decoded down to ROPs by the dissector, on the real Outlook/Exchange traffic
//! of Zeek's `mapi.pcap`.
//!
//! Where tshark decodes the legacy EcDoRpc ROP buffers (the calls of the connection whose bind
//! is in the capture), the ROP ids it lists must begin our list for the same frame (tshark
//! stops at ROPs it does not know) and the server object handle tables must be equal. The
//! connections on TCP 1032 that started before the capture are read with the interface the
//! endpoint mapper announces for that port (`decode_as`), which tshark cannot do; there every
//! ROP buffer must decode.

mod common;

use std::collections::BTreeMap;
use std::process::Command;

use oxwire::dissect::{calls, dissect_capture, Options};
use serde_json::Value;

fn capture() -> Vec<u8> {
    std::fs::read(common::repo_testdata().join("zeek/mapi.pcap")).unwrap()
}

/// frame -> (ROP ids, handle table), concatenated over the call's ROP buffers.
fn ours(opts: &Options) -> BTreeMap<u64, (Vec<u64>, Vec<String>)> {
    let mut m: BTreeMap<u64, (Vec<u64>, Vec<String>)> = BTreeMap::new();
    for r in dissect_capture(&capture(), opts).unwrap() {
        let Some(bufs) = r.fields.get("call").and_then(|c| c.get("rops")) else {
            continue;
        };
        let e = m.entry(r.frame).or_default();
        for b in bufs.as_array().unwrap() {
            for rop in b["rops"].as_array().into_iter().flatten() {
                e.0.push(rop["rop_id"].as_u64().unwrap());
            }
            for h in b["handles"].as_array().into_iter().flatten() {
                e.1.push(h.as_str().unwrap().to_string());
            }
        }
    }
    m
}

#[test]
fn rop_ids_and_handles_agree_with_tshark() {
    if !common::have("tshark", "--version") {
        common::skip("tshark is not installed");
        return;
    }
    let path = common::repo_testdata().join("zeek/mapi.pcap");
    let out = Command::new("tshark")
        .args(["-r"])
        .arg(&path)
        .args([
            "-d",
            "tcp.port==1032,dcerpc",
            "-Y",
            "mapi.opnum==2",
            "-T",
            "fields",
            "-E",
            "occurrence=a",
            "-E",
            "aggregator=|",
            "-e",
            "frame.number",
            "-e",
            "mapi.EcDoRpc_MAPI_REPL.opnum",
            "-e",
            "mapi.mapi_handle",
        ])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    let mine = ours(&Options::default());
    let mut compared = 0;
    for line in text.lines() {
        let f: Vec<&str> = line.split('\t').collect();
        let frame: u64 = f[0].parse().unwrap();
        let ids: Vec<u64> = f[1]
            .split('|')
            .filter(|s| !s.is_empty())
            .map(|s| u64::from_str_radix(s.trim_start_matches("0x"), 16).unwrap())
            .collect();
        let handles: Vec<String> = f[2]
            .split('|')
            .filter(|s| !s.is_empty())
            .map(String::from)
            .collect();
        let (my_ids, my_handles) = mine
            .get(&frame)
            .unwrap_or_else(|| panic!("frame {frame}: no ROPs decoded"));
        assert!(
            my_ids.starts_with(&ids),
            "frame {frame}: tshark {ids:?}, ours {my_ids:?}"
        );
        assert_eq!(my_handles, &handles, "frame {frame}");
        compared += 1;
    }
    assert!(compared >= 9, "only {compared} frames compared");
}

#[test]
fn connections_that_began_before_the_capture_decode_with_the_port_interface() {
    let opts = Options {
        ports: vec![135, 1032],
        decode_as: vec![(1032, calls::layer_syntax("emsmdb").unwrap())],
        ..Options::default()
    };
    let records = dissect_capture(&capture(), &opts).unwrap();
    let mut calls_with_rops = 0;
    let mut rops = 0;
    let mut failures = Vec::new();
    for r in &records {
        let Some(bufs) = r.fields.get("call").and_then(|c| c.get("rops")) else {
            continue;
        };
        calls_with_rops += 1;
        for b in bufs.as_array().unwrap() {
            rops += b["rops"].as_array().map_or(0, Vec::len);
            if let Some(e) = b.get("error").and_then(Value::as_str) {
                failures.push((r.frame, e.to_string()));
            }
        }
    }
    eprintln!("{calls_with_rops} calls, {rops} ROPs, failures: {failures:?}");
    assert!(
        calls_with_rops >= 300,
        "{calls_with_rops} calls decoded to ROPs"
    );
    assert!(rops >= 600);
    // One RopQueryRows answers a RopSetColumns sent before the capture began: its rows cannot
    // be read without those columns, and that is the only buffer allowed to fail.
    assert!(
        failures.iter().all(|(_, e)| e.contains("RopSetColumns")),
        "{failures:?}"
    );
    assert!(failures.len() <= 1, "{failures:?}");
}

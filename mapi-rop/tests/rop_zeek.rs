//! Legacy EcDoRpc (opnum 2) ROP buffers of zeek `mapi.pcap` (repository testdata, BSD).
//!
//! tshark's EMSMDB dissector is the oracle: it frames each call's ROP buffer (length,
//! de-obfuscated RopsList, server object handles) and names the first ROP. Every request and
//! response buffer must decode through one `RopSession` (responses paired with their
//! requests) and re-encode byte-identically; the re-encoded buffer XORed with 0xA5 must occur
//! in the captured frame bytes, which checks the obfuscation independently of tshark.

mod common;

use oxwire_mapi_rop::rop::RopResponse;
use oxwire_mapi_rop::session::RopSession;
use std::path::Path;
use std::process::Command;

fn pcap() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../testdata/zeek/mapi.pcap")
}

/// Frame number -> raw frame bytes, from the classic pcap file.
fn frames(path: &Path) -> Vec<Vec<u8>> {
    let b = std::fs::read(path).unwrap();
    assert_eq!(
        &b[..4],
        &[0xd4, 0xc3, 0xb2, 0xa1],
        "little-endian classic pcap"
    );
    let mut out = vec![Vec::new()];
    let mut at = 24;
    while at + 16 <= b.len() {
        let incl = u32::from_le_bytes(b[at + 8..at + 12].try_into().unwrap()) as usize;
        out.push(b[at + 16..at + 16 + incl].to_vec());
        at += 16 + incl;
    }
    out
}

#[test]
fn legacy_ecdorpc_buffers() {
    let ok = Command::new("tshark")
        .arg("-v")
        .output()
        .is_ok_and(|o| o.status.success());
    if !ok {
        common::skip("tshark not installed");
        return;
    }
    let out = Command::new("tshark")
        .arg("-r")
        .arg(pcap())
        .args(["-Y", "mapi.opnum==2", "-T", "fields", "-E", "separator=|"])
        .args([
            "-e",
            "frame.number",
            "-e",
            "dcerpc.pkt_type",
            "-e",
            "mapi.pdu.len",
        ])
        .args(["-e", "mapi.decrypted.data", "-e", "mapi.mapi_handle"])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    let raw = frames(&pcap());
    let mut session = RopSession::new();
    let (mut requests, mut responses, mut xor_seen) = (0, 0, 0);
    let mut ids = Vec::new();
    for line in text.lines() {
        let f: Vec<&str> = line.split('|').collect();
        let frame: usize = f[0].parse().unwrap();
        let len = u16::from_str_radix(f[2].trim_start_matches("0x"), 16).unwrap();
        let mut buf = len.to_le_bytes().to_vec();
        buf.extend(common::unhex(f[3]));
        assert_eq!(
            buf.len(),
            len as usize,
            "frame {frame}: RopSize covers the RopsList"
        );
        for h in f[4].split(',').filter(|s| !s.is_empty()) {
            let h = u32::from_str_radix(h.trim_start_matches("0x"), 16).unwrap();
            buf.extend(h.to_le_bytes());
        }
        let mut re = Vec::new();
        if f[1] == "0" {
            let req = session
                .handle_request(&buf)
                .unwrap_or_else(|e| panic!("frame {frame}: {e}"));
            assert_eq!(req.rops[0].rop_id(), buf[2], "frame {frame}: first RopId");
            ids.extend(req.rops.iter().map(|r| r.rop_id()));
            req.encode(&mut re).unwrap();
            requests += 1;
        } else {
            let call = session
                .handle_response(&buf)
                .unwrap_or_else(|e| panic!("frame {frame}: {e}"));
            for (i, rop) in call.response.rops.iter().enumerate() {
                if !matches!(rop, RopResponse::Notify(_) | RopResponse::Pending(_)) {
                    let j = call.pairs[i].expect("paired");
                    assert_eq!(call.request.rops[j].rop_id(), rop.rop_id());
                }
            }
            call.response.encode(&mut re).unwrap();
            responses += 1;
        }
        assert_eq!(re, buf, "frame {frame}: byte-identical re-encoding");
        let obfuscated: Vec<u8> = re.iter().map(|b| b ^ 0xA5).collect();
        if raw[frame]
            .windows(obfuscated.len())
            .any(|w| w == obfuscated)
        {
            xor_seen += 1;
        }
    }
    eprintln!(
        "requests {requests}, responses {responses}, XOR-matched {xor_seen}, RopIds {ids:02x?}"
    );
    assert!(requests >= 4 && responses >= 4);
    // Single-segment PDUs carry the whole obfuscated buffer in one frame.
    assert!(xor_seen >= 6);
    // RopLogon, RopLongTermIdFromId (0x43), RopGetPropertiesSpecific, RopOpenFolder,
    // RopRegisterNotification as tshark names them.
    for id in [0xfe, 0x43, 0x07, 0x02, 0x29] {
        assert!(ids.contains(&id), "RopId {id:#04x} seen");
    }
}

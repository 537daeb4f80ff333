//! Differential test against impacket's `rpch.py`: every RTS PDU its helpers build
//! (hCONN_A1, hCONN_B1, hFlowControlAckWithDestination, hPing) is built here from the same
//! values and must come out byte for byte the same; impacket's bytes must also decode to the
//! values they were built from.
//!
//! Needs a Python with impacket: `$OXWIRE_PYTHON` (set by `.ci/run`), else the repository's
//! `.venv/bin/python`, else `/tmp/venv/bin/python`.

use std::path::Path;
use std::process::Command as Process;

use oxwire_rpch::named::{ConnA1, ConnB1, FlowControlAckWithDestination, Ping};
use oxwire_rpch::{Ack, Cookie, Destination, RtsPdu};

fn python() -> Option<String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    [
        std::env::var("OXWIRE_PYTHON").ok(),
        Some(root.join(".venv/bin/python").to_string_lossy().into_owned()),
        Some("/tmp/venv/bin/python".to_owned()),
    ]
    .into_iter()
    .flatten()
    .find(|p| {
        Process::new(p)
            .args(["-c", "import impacket.dcerpc.v5.rpch"])
            .output()
            .is_ok_and(|o| o.status.success())
    })
}

fn unhex(s: &str) -> Vec<u8> {
    (0..s.len() / 2)
        .map(|i| u8::from_str_radix(&s[2 * i..2 * i + 2], 16).unwrap())
        .collect()
}

fn cookie(v: &serde_json::Value) -> Cookie {
    Cookie(unhex(v.as_str().unwrap()).try_into().unwrap())
}

fn num(v: &serde_json::Value) -> u32 {
    u32::try_from(v.as_u64().unwrap()).unwrap()
}

#[test]
fn impacket_builds_what_we_build() {
    let Some(py) = python() else {
        assert!(
            std::env::var_os("OXWIRE_REQUIRE_ORACLES").is_none_or(|v| v != "1"),
            "impacket required but not found"
        );
        println!("skipped: no Python with impacket (set OXWIRE_PYTHON)");
        return;
    };
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/interop/impacket_rts.py");
    let out = Process::new(py).arg(script).output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut seen = std::collections::BTreeSet::new();
    for line in String::from_utf8(out.stdout).unwrap().lines() {
        let j: serde_json::Value = serde_json::from_str(line).unwrap();
        let theirs = unhex(j["hex"].as_str().unwrap());
        let helper = j["helper"].as_str().unwrap();
        seen.insert(helper.to_owned());
        let ours = match helper {
            "hCONN_A1" => ConnA1 {
                version: num(&j["version"]),
                virtual_connection_cookie: cookie(&j["vc"]),
                out_channel_cookie: cookie(&j["out"]),
                receive_window_size: num(&j["rws"]),
            }
            .to_pdu(),
            "hCONN_B1" => ConnB1 {
                version: num(&j["version"]),
                virtual_connection_cookie: cookie(&j["vc"]),
                in_channel_cookie: cookie(&j["in"]),
                channel_lifetime: num(&j["channel_lifetime"]),
                client_keepalive: num(&j["client_keepalive"]),
                association_group_id: cookie(&j["agid"]),
            }
            .to_pdu(),
            "hFlowControlAckWithDestination" => FlowControlAckWithDestination {
                destination: Destination(num(&j["dest"])),
                ack: Ack {
                    bytes_received: num(&j["bytes_received"]),
                    available_window: num(&j["available_window"]),
                    channel_cookie: cookie(&j["cookie"]),
                },
            }
            .to_pdu(),
            "hPing" => Ping {}.to_pdu(),
            other => panic!("unexpected helper {other}"),
        };
        assert_eq!(ours.to_vec().unwrap(), theirs, "{line}");
        // And impacket's bytes decode to the PDU built from the same values.
        let (back, used) = RtsPdu::decode(&theirs).unwrap();
        assert_eq!(used, theirs.len());
        assert_eq!((back.flags, &back.commands), (ours.flags, &ours.commands));
    }
    assert_eq!(seen.len(), 4, "{seen:?}");
}

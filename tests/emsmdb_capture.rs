//! EMSMDB calls of zeek's `mapi.pcap` (repository testdata): every call decodes, every stub
//! re-encodes byte for byte (including the non-zero alignment octets an Exchange 2003 server
//! leaves), and the legacy EcDoRpc parameters agree with tshark's EMSMDB dissector (`Size`,
//! `Offset`, subcontext size, `Length`, `Max Data`, and the length that opens the
//! XOR-decoded ROP buffer).

mod common;

use std::collections::HashMap;
use std::process::Command;

use oxwire::dissect::{dissect_capture, Options, SAMPLE_CAPTURE};
use oxwire_mapi_rop::emsmdb::{self, Interface};
use oxwire_mapi_rop::Limits;

fn tshark_fields(filter: &str, fields: &[&str]) -> Option<Vec<Vec<String>>> {
    let path = common::repo_testdata().join("zeek/mapi.pcap");
    let mut cmd = Command::new("tshark");
    cmd.arg("-r")
        .arg(&path)
        .arg("-Y")
        .arg(filter)
        .arg("-T")
        .arg("fields");
    for f in fields {
        cmd.arg("-e").arg(f);
    }
    let out = cmd.output().ok().filter(|o| o.status.success())?;
    Some(
        String::from_utf8_lossy(&out.stdout)
            .lines()
            .map(|l| l.split('\t').map(str::to_string).collect())
            .collect(),
    )
}

#[test]
fn emsmdb_calls_decode_and_match_tshark() {
    let records = dissect_capture(SAMPLE_CAPTURE, &Options::default()).unwrap();
    let calls: Vec<_> = records
        .iter()
        .filter(|r| r.get_str("interface_name") == Some("EMSMDB"))
        .filter(|r| matches!(r.get_str("ptype"), Some("request" | "response")))
        // Connections whose bind precedes the capture get their interface from the port the
        // endpoint mapper announced; tshark reads only the connection with a bind.
        .filter(|r| !r.fields.contains_key("interface_from_port"))
        .collect();
    assert_eq!(
        calls.len(),
        13,
        "EMSMDB calls with a known context in mapi.pcap"
    );
    for r in &calls {
        let v: serde_json::Value = serde_json::from_str(&r.to_json()).unwrap();
        assert!(
            v.get("error").is_none(),
            "frame {}: {}",
            v["frame"],
            v["error"]
        );
        assert_eq!(v["call"]["layer"], "emsmdb", "frame {}", v["frame"]);
    }

    if !common::have("tshark", "--version") {
        common::skip("tshark not installed");
        return;
    }
    // Stubs straight from the TCP payloads (all single-fragment, 24-octet request and
    // response headers): decode and re-encode.
    let payloads = tshark_fields("mapi", &["frame.number", "tcp.payload"]).unwrap();
    let payloads: HashMap<u64, Vec<u8>> = payloads
        .iter()
        .map(|f| (f[0].parse().unwrap(), common::unhex(&f[1])))
        .collect();
    let limits = Limits::default();
    for r in &calls {
        let frame = r.get_u64("frame").unwrap();
        let opnum = r.get_u64("opnum").unwrap() as u16;
        let len = r.get_u64("stub_length").unwrap() as usize;
        let payload = &payloads[&frame];
        let stub = &payload[24..24 + len];
        if r.get_str("ptype") == Some("request") {
            let s = emsmdb::decode_request(Interface::Emsmdb, opnum, stub, true, &limits).unwrap();
            assert!(s.trailing.is_empty(), "frame {frame}");
            assert_eq!(
                emsmdb::encode_request(&s, true).unwrap(),
                stub,
                "frame {frame}"
            );
        } else {
            let s = emsmdb::decode_response(Interface::Emsmdb, opnum, stub, true, &limits).unwrap();
            assert!(s.trailing.is_empty(), "frame {frame}");
            assert_eq!(
                emsmdb::encode_response(&s, true).unwrap(),
                stub,
                "frame {frame}"
            );
        }
    }

    // Legacy EcDoRpc against tshark.
    let rows = tshark_fields(
        "mapi.opnum == 2",
        &[
            "frame.number",
            "mapi.EcDoRpc.size",
            "mapi.EcDoRpc.offset",
            "mapi.EcDoRpc.subcontext_size",
            "mapi.EcDoRpc.length",
            "mapi.EcDoRpc.max_data",
            "mapi.pdu.len",
        ],
    )
    .unwrap();
    assert!(rows.len() >= 8);
    let by_frame: HashMap<u64, serde_json::Value> = calls
        .iter()
        .map(|r| {
            let v: serde_json::Value = serde_json::from_str(&r.to_json()).unwrap();
            (r.get_u64("frame").unwrap(), v)
        })
        .collect();
    let num = |s: &str| -> u64 {
        match s.strip_prefix("0x") {
            Some(h) => u64::from_str_radix(h, 16).unwrap(),
            None => s.parse().unwrap(),
        }
    };
    for row in &rows {
        let frame: u64 = row[0].parse().unwrap();
        let call = &by_frame[&frame]["call"];
        assert_eq!(call["operation"], "EcDoRpc");
        let rgb = &call["rgb"];
        assert_eq!(rgb["max_count"], num(&row[1]), "frame {frame} Size");
        assert_eq!(rgb["offset"], num(&row[2]), "frame {frame} Offset");
        if !row[3].is_empty() {
            assert_eq!(rgb["length"], num(&row[3]), "frame {frame} subcontext size");
        }
        assert_eq!(call["cb"], num(&row[4]), "frame {frame} Length");
        if !row[5].is_empty() {
            assert_eq!(call["cb_max"], num(&row[5]), "frame {frame} Max Data");
        }
        assert_eq!(
            rgb["xor"], true,
            "frame {frame}: buffers in this capture are obfuscated"
        );
        assert_eq!(
            rgb["rop_size"],
            num(&row[6]),
            "frame {frame} decoded length"
        );
    }
}

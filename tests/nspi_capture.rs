//! NSPI in a real capture (Zeek's `mapi.pcap`, copied into `testdata/`): NspiBind without
//! authentication (refused with MAPI_E_LOGON_FAILED) and again after an NTLM bind. Every
//! NSPI call decodes, and the fields tshark's NSPI dissector shows agree with ours.
//!
//! tshark's NSPI dissector predates MS-NSPI and names the STAT members differently; the
//! mapping used here is by position: `MAPI_SETTINGS.handle` = SortType, `.flag` =
//! ContainerID, `.codepage` = CodePage, `input_locale.language` = TemplateLocale,
//! `input_locale.method` = SortLocale.

mod common;

use std::process::Command;

use oxwire::dissect::{dissect_capture, Options};
use serde_json::Value;

/// tshark's `Mapiuid` is the GUID text of the 16 octets (first three fields little-endian);
/// ours is the octets in wire order.
fn guid_text_to_wire_hex(g: &str) -> String {
    let h: String = g.chars().filter(|c| *c != '-').collect();
    let b = common::unhex(&h);
    let mut w = Vec::new();
    w.extend(b[0..4].iter().rev());
    w.extend(b[4..6].iter().rev());
    w.extend(b[6..8].iter().rev());
    w.extend(&b[8..16]);
    common::hex(&w)
}

#[test]
fn nspi_calls_in_mapi_pcap_match_tshark() {
    let path = common::repo_testdata().join("zeek/mapi.pcap");
    let data = std::fs::read(&path).unwrap();
    let records = dissect_capture(&data, &Options::default()).unwrap();
    let nspi: Vec<_> = records
        .iter()
        .filter(|r| r.get_str("interface_name") == Some("NSPI") && r.fields.contains_key("opnum"))
        .collect();
    // Two binds (unauthenticated, then NTLM), each a request and a response.
    assert_eq!(nspi.len(), 4);
    for r in &nspi {
        assert!(r.fields.get("error").is_none(), "{:?}", r.fields);
        assert_eq!(r.fields["call"]["operation"], "NspiBind");
    }

    if !common::have("tshark", "-v") {
        common::skip("tshark not installed");
        return;
    }
    let out = Command::new("tshark")
        .args([
            "-r",
            path.to_str().unwrap(),
            "-Y",
            "nspi",
            "-T",
            "fields",
            "-E",
            "separator=|",
        ])
        .args([
            "-e",
            "frame.number",
            "-e",
            "dcerpc.pkt_type",
            "-e",
            "nspi.NspiBind.unknown",
            "-e",
            "nspi.MAPI_SETTINGS.handle",
            "-e",
            "nspi.MAPI_SETTINGS.flag",
            "-e",
            "nspi.MAPI_SETTINGS.codepage",
            "-e",
            "nspi.input_locale.language",
            "-e",
            "nspi.input_locale.method",
            "-e",
            "nspi.NspiBind.mapiuid",
            "-e",
            "nspi.MAPISTATUS_status",
            "-e",
            "nspi.handle",
        ])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    let rows: Vec<Vec<&str>> = text.lines().map(|l| l.split('|').collect()).collect();
    assert_eq!(rows.len(), nspi.len(), "{text}");
    let mut statuses = Vec::new();
    for (row, rec) in rows.iter().zip(&nspi) {
        assert_eq!(rec.frame.to_string(), row[0]);
        let p = &rec.fields["call"]["params"];
        let num = |s: &str| Value::from(s.parse::<u64>().unwrap());
        match row[1] {
            "0" => {
                assert_eq!(
                    p["dwFlags"],
                    format!("0x{:08x}", row[2].parse::<u32>().unwrap())
                );
                let st = &p["pStat"];
                assert_eq!(st["SortType"], num(row[3]));
                assert_eq!(st["ContainerID"], num(row[4]));
                assert_eq!(st["CodePage"], num(row[5]));
                assert_eq!(st["TemplateLocale"], num(row[6]));
                assert_eq!(st["SortLocale"], num(row[7]));
            }
            _ => {
                let handle = &p["contextHandle"];
                let want = row[10];
                let attrs = u32::from_str_radix(&want[..8], 16).unwrap();
                assert_eq!(handle["attributes"], Value::from(attrs.swap_bytes()));
                let g = common::unhex(&want[8..]);
                let guid = oxwire::msrpc::ndr::Guid::from_le_bytes(g.try_into().unwrap());
                assert_eq!(handle["uuid"], guid.to_string());
                assert_eq!(p["return"], row[9]);
                statuses.push(row[9].to_owned());
            }
        }
        assert_eq!(p["pServerGuid"], guid_text_to_wire_hex(row[8]));
    }
    // The refused bind and the authenticated one, as tshark reads them.
    assert_eq!(statuses, ["0x80040111", "0x00000000"]);
}

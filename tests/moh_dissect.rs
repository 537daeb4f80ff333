//! The dissector on `testdata/moh/loopback.pcap`, a recording of the client-to-proxy leg of
//! the `moh_loopback` test (our own traffic). tshark has no MAPI over HTTP dissector; it shows
//! the six POSTs of the recording as plain HTTP, so the expected values here are the inputs
//! the loopback test built (`moh_support`), not tshark's.

mod moh_support;

use serde_json::Value;

use moh_support::{calls, ROP_IDS};

/// MS-OXCROPS names of the ROP ids the loopback test sends.
fn rop_name(id: u8) -> &'static str {
    match id {
        0xFE => "RopLogon",
        0x07 => "RopGetPropertiesSpecific",
        0x01 => "RopRelease",
        _ => unreachable!(),
    }
}

fn names(rops: &Value) -> Vec<&str> {
    rops.as_array()
        .unwrap()
        .iter()
        .flat_map(|b| b["rops"].as_array().unwrap())
        .map(|r| r["name"].as_str().unwrap())
        .collect()
}

#[test]
fn loopback_capture_decodes_to_the_sent_rops() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/testdata/moh/loopback.pcap");
    let file = std::fs::read(path).unwrap();
    let records = oxwire::dissect::dissect_capture(&file, &Default::default()).unwrap();
    let moh: Vec<_> = records
        .iter()
        .filter(|r| r.get_str("event") == Some("moh"))
        .collect();
    let ops: Vec<_> = moh
        .iter()
        .map(|r| r.get_str("operation").unwrap())
        .collect();
    assert_eq!(
        ops,
        [
            "Connect",
            "Execute",
            "Execute",
            "Execute",
            "NotificationWait",
            "Disconnect"
        ]
    );
    for r in &moh {
        assert!(r.fields.get("error").is_none(), "{}", r.to_json());
        assert_eq!(r.get_u64("status"), Some(200));
        assert_eq!(r.get_u64("response_code"), Some(0));
        assert_eq!(r.get_str("endpoint"), Some("mailbox"));
        assert!(r.get_str("request_id").is_some());
    }
    // Connect sets the session cookies; every later request sends MapiContext.
    assert!(moh[0].fields["set_cookies"]
        .as_array()
        .unwrap()
        .contains(&"MapiContext".into()));
    for r in &moh[1..] {
        assert!(r.fields["cookies"]
            .as_array()
            .unwrap()
            .contains(&"MapiContext".into()));
    }
    assert_eq!(moh[0].fields["request"]["default_code_page"], 1252);
    assert_eq!(
        moh[0].fields["request"]["user_dn"],
        "/o=Example/ou=Exchange/cn=Recipients/cn=user"
    );
    assert_eq!(moh[0].fields["response"]["display_name"], "User");

    let executes = &moh[1..4];
    for ((r, ids), (_, answer)) in executes.iter().zip(ROP_IDS).zip(calls()) {
        let want: Vec<&str> = ids.iter().map(|&i| rop_name(i)).collect();
        assert_eq!(names(&r.fields["request"]["rops"]), want);
        // RopRelease has no response (MS-OXCROPS 2.2.15.3); the others answer once.
        let answered: Vec<&str> = want.into_iter().filter(|&n| n != "RopRelease").collect();
        assert_eq!(names(&r.fields["response"]["rops"]), answered);
        assert_eq!(
            r.fields["response"]["rop_buffer_size"],
            answer.len() + 8,
            "one RPC_HEADER_EXT around the answer"
        );
    }
    for rop in executes[0].fields["response"]["rops"][0]["rops"]
        .as_array()
        .unwrap()
    {
        assert_eq!(rop["return_value"], "0x00000000");
    }
    // The NotificationWait was held for at least two keep-alives and says an event is
    // pending.
    assert!(moh[4].get_u64("pending").unwrap() >= 2);
    assert_eq!(moh[4].fields["response"]["event_pending"], 1);
    assert_ne!(moh[4].get_u64("stream"), moh[0].get_u64("stream"));
}

//! The STAT of a MAPI over HTTP Bind body against the one an NDR NspiBind stub carries
//! (MS-OXCMAPIHTTP 2.2.1 says they hold the same values): impacket builds the NspiBind stub,
//! `oxwire-nspi` decodes it, and the same 36 STAT octets placed in a Bind body must decode to
//! the same STAT, equal to the values handed to impacket.
//!
//! Needs a Python with impacket: `$OXWIRE_PYTHON`, else the repository's `.venv`, else
//! `/tmp/venv`; skipped with a notice when none is found unless `OXWIRE_REQUIRE_ORACLES=1`.

use std::process::Command;

use oxwire_moh::addressbook::{decode_request, AddressBookRequest};
use oxwire_moh::{Limits, RequestType};
use oxwire_msrpc::ndr::NdrSyntax;
use oxwire_nspi::{Request, Stat};

fn python() -> Option<String> {
    let candidates = [
        std::env::var("OXWIRE_PYTHON").ok(),
        Some(format!(
            "{}/../.venv/bin/python",
            env!("CARGO_MANIFEST_DIR")
        )),
        Some("/tmp/venv/bin/python".to_string()),
    ];
    candidates.into_iter().flatten().find(|p| {
        Command::new(p)
            .args(["-c", "import impacket"])
            .output()
            .is_ok_and(|o| o.status.success())
    })
}

fn skip(why: &str) {
    if std::env::var_os("OXWIRE_REQUIRE_ORACLES").is_some_and(|v| v == "1") {
        panic!("required test prerequisite missing: {why}");
    }
    eprintln!("skipped: {why}");
}

const BUILD_NSPI_BIND: &str = r#"
from impacket.dcerpc.v5 import nspi
s = nspi.STAT()
s['SortType'] = 2
s['ContainerID'] = 0x1234
s['CurrentRec'] = 0x10
s['Delta'] = -3
s['NumPos'] = 7
s['TotalRecs'] = 300
s['CodePage'] = 1252
s['TemplateLocale'] = 0x409
s['SortLocale'] = 0x407
r = nspi.NspiBind()
r['dwFlags'] = 0
r['pStat'] = s
r['pServerGuid'] = b'\x00' * 16
print(r.getData().hex())
"#;

fn unhex(s: &str) -> Vec<u8> {
    (0..s.len() / 2)
        .map(|i| u8::from_str_radix(&s[2 * i..2 * i + 2], 16).unwrap())
        .collect()
}

#[test]
fn bind_stat_matches_the_ndr_nspi_bind_stat() {
    let Some(py) = python() else {
        skip("no Python with impacket for the NspiBind STAT cross-check");
        return;
    };
    let out = Command::new(py)
        .args(["-c", BUILD_NSPI_BIND])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stub = unhex(String::from_utf8(out.stdout).unwrap().trim());

    let Request::Bind(ndr) = Request::decode(0, &stub, NdrSyntax::Ndr20, true).unwrap() else {
        panic!("not an NspiBind")
    };
    let given = Stat {
        sort_type: 2,
        container_id: 0x1234,
        current_rec: 0x10,
        delta: -3,
        num_pos: 7,
        total_recs: 300,
        code_page: 1252,
        template_locale: 0x409,
        sort_locale: 0x407,
    };
    assert_eq!(ndr.stat, given);

    // dwFlags (4 octets) then the STAT inline: octets 4..40 of the stub.
    let mut body = vec![0, 0, 0, 0, 0xFF];
    body.extend_from_slice(&stub[4..40]);
    body.extend_from_slice(&[0, 0, 0, 0]);
    let req = decode_request(RequestType::Bind, &body, &Limits::default()).unwrap();
    let AddressBookRequest::Bind(bind) = &req else {
        panic!()
    };
    assert_eq!(bind.state, Some(ndr.stat));
    assert_eq!(req.to_vec().unwrap(), body);
}

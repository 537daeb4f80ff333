//! NSPI and Referral stubs against impacket (`nspi.py`, `oxabref.py`): every call impacket
//! declares, and the three it leaves commented out (NspiGetMatches, NspiResortRestriction,
//! NspiModProps) declared from its types, is built by impacket and decoded here to the
//! values impacket was given (and re-encoded to the same octets); stubs built here are
//! parsed by impacket to the values they were built from.
//!
//! Needs a Python with impacket: `$OXWIRE_PYTHON` (set by `.ci/run`), else `.venv/bin/python`.

mod common;

use std::io::Write;
use std::process::{Command, Stdio};

use oxwire::msrpc::ndr::{ConformantArray, ContextHandle, Guid, NdrSyntax, Unique};
use oxwire::nspi::calls::*;
use oxwire::nspi::{
    rfr, AnsiStr, Binary, FlatUid, PropTagArray, PropValue, PropertyRow, PropertyRowSet,
    PropertyValue, Request, Response, Stat, StringsArray, Utf16Str, WStringsArray,
};
use serde_json::{json, Value};

fn python() -> Option<String> {
    common::python_with("impacket")
}

fn script() -> String {
    format!(
        "{}/tests/interop/nspi_impacket.py",
        env!("CARGO_MANIFEST_DIR")
    )
}

/// `expected` is contained in `actual`: objects by key, arrays element by element.
fn contains(expected: &Value, actual: &Value) -> bool {
    match (expected, actual) {
        (Value::Object(e), Value::Object(a)) => e
            .iter()
            .all(|(k, v)| a.get(k).is_some_and(|av| contains(v, av))),
        (Value::Array(e), Value::Array(a)) => {
            e.len() == a.len() && e.iter().zip(a).all(|(x, y)| contains(x, y))
        }
        _ => expected == actual,
    }
}

#[test]
fn impacket_built_stubs_decode_to_the_values_given() {
    let Some(py) = python() else {
        common::skip("no Python with impacket (set OXWIRE_PYTHON)");
        return;
    };
    let out = Command::new(&py)
        .arg(script())
        .arg("build")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let cases: Vec<Value> = serde_json::from_slice(&out.stdout).unwrap();
    let mut opnums = std::collections::BTreeSet::new();
    for c in &cases {
        let iface = c["iface"].as_str().unwrap();
        let opnum = c["opnum"].as_u64().unwrap() as u16;
        let request = c["dir"] == "request";
        let stub = common::unhex(c["hex"].as_str().unwrap());
        let label = format!("{iface} opnum {opnum} {}", c["dir"]);
        opnums.insert((iface.to_owned(), opnum, request));

        // Decoded values, through the dissector's description.
        let rec = oxwire::dissect::dissect_stub(iface, opnum, request, false, &stub);
        let call = rec
            .fields
            .get("call")
            .unwrap_or_else(|| panic!("{label}: {:?}", rec.fields.get("error")));
        for (ptr, want) in c["expect"].as_object().unwrap() {
            let got = call
                .pointer(ptr)
                .unwrap_or_else(|| panic!("{label}: no {ptr} in {call}"));
            assert!(
                contains(want, got),
                "{label} {ptr}: impacket {want}, decoded {got}"
            );
        }

        // Decode then encode reproduces impacket's octets, except alignment padding, whose
        // value NDR leaves open (impacket fills it with 0xab/0xef, the encoder here with 0).
        let again = match (iface, request) {
            ("nspi", true) => Request::decode(opnum, &stub, NdrSyntax::Ndr20, true)
                .and_then(|v| v.encode(NdrSyntax::Ndr20, true)),
            ("nspi", false) => Response::decode(opnum, &stub, NdrSyntax::Ndr20, true)
                .and_then(|v| v.encode(NdrSyntax::Ndr20, true)),
            (_, true) => rfr::Request::decode(opnum, &stub, NdrSyntax::Ndr20, true)
                .and_then(|v| v.encode(NdrSyntax::Ndr20, true)),
            (_, false) => rfr::Response::decode(opnum, &stub, NdrSyntax::Ndr20, true)
                .and_then(|v| v.encode(NdrSyntax::Ndr20, true)),
        }
        .unwrap_or_else(|e| panic!("{label}: {e}"));
        assert_eq!(again.len(), stub.len(), "{label}");
        for (i, (a, b)) in again.iter().zip(&stub).enumerate() {
            assert!(
                a == b || *a == 0,
                "{label}: octet {i}: {a:#x} vs impacket {b:#x}"
            );
        }
    }
    // Every call impacket declares, both directions.
    for op in [
        0u16, 1, 2, 3, 4, 7, 8, 9, 10, 12, 13, 14, 16, 17, 18, 19, 20,
    ] {
        for dir in [true, false] {
            assert!(opnums.contains(&("nspi".to_owned(), op, dir)), "nspi {op}");
        }
    }
    for op in [0u16, 1] {
        for dir in [true, false] {
            assert!(opnums.contains(&("rfr".to_owned(), op, dir)), "rfr {op}");
        }
    }
}

fn handle() -> ContextHandle {
    ContextHandle {
        attributes: 0,
        uuid: Guid::from_le_bytes(*b"0123456789abcdef"),
    }
}

fn stat() -> Stat {
    Stat {
        sort_type: 0,
        container_id: 0x22,
        current_rec: 0x10,
        delta: -4,
        num_pos: 1,
        total_recs: 99,
        code_page: 1252,
        template_locale: 0x409,
        sort_locale: 0x409,
    }
}

fn stat_json() -> Value {
    json!({"SortType": 0, "ContainerID": 0x22, "CurrentRec": 0x10, "Delta": -4, "NumPos": 1,
           "TotalRecs": 99, "CodePage": 1252, "TemplateLocale": 0x409, "SortLocale": 0x409})
}

/// Interface, opnum, direction, stub, and (JSON pointer, value) pairs impacket must show.
type BuiltStub = (
    &'static str,
    u16,
    &'static str,
    Vec<u8>,
    Vec<(&'static str, Value)>,
);

#[test]
fn stubs_built_here_parse_in_impacket() {
    let Some(py) = python() else {
        common::skip("no Python with impacket (set OXWIRE_PYTHON)");
        return;
    };
    let guid = FlatUid(*b"GUID-0123456789!");
    let entry = [0x87u8, 0, 0, 0, 1, 2, 3];
    let row = PropertyRow::new(vec![
        PropertyValue::new(
            0x3001_001f,
            PropValue::Unicode(Unique::some(Utf16Str::new("Ann"))),
        ),
        PropertyValue::new(
            0x3001_001e,
            PropValue::String8(Unique::some(AnsiStr::new(b"Ann"))),
        ),
        PropertyValue::new(0x3900_0003, PropValue::I32(6)),
        PropertyValue::new(0x0fff_0102, PropValue::Binary(Binary::new(&entry))),
        PropertyValue::new(0x3a06_000a, PropValue::Error(0x8004_010f_u32 as i32)),
    ]);
    let s20 = |v: Request<'_>| v.encode(NdrSyntax::Ndr20, true).unwrap();
    let r20 = |v: Response<'_>| v.encode(NdrSyntax::Ndr20, true).unwrap();
    let mut stubs: Vec<BuiltStub> = vec![
        (
            "nspi",
            0,
            "request",
            s20(Request::Bind(BindRequest {
                flags: 0x20,
                stat: stat(),
                server_guid: Unique::some(guid),
            })),
            vec![("/dwFlags", json!(0x20)), ("/pStat", stat_json())],
        ),
        (
            "nspi",
            0,
            "response",
            r20(Response::Bind(BindResponse {
                server_guid: Unique::null(),
                context_handle: handle(),
                result: 0x8004_0111_u32 as i32,
            })),
            vec![
                ("/pServerGuid", Value::Null),
                ("/ErrorCode", json!(0x8004_0111_u32)),
            ],
        ),
        (
            "nspi",
            2,
            "response",
            r20(Response::UpdateStat(UpdateStatResponse {
                stat: stat(),
                delta: Unique::some(-7),
                result: 0,
            })),
            vec![("/pStat", stat_json()), ("/plDelta", json!(-7))],
        ),
        (
            "nspi",
            3,
            "request",
            s20(Request::QueryRows(QueryRowsRequest {
                handle: handle(),
                flags: 1,
                stat: stat(),
                etable_count: 2,
                etable: Unique::some(ConformantArray(vec![5, 6])),
                count: 10,
                prop_tags: Unique::some(PropTagArray::new(vec![0x3001_001f])),
            })),
            vec![
                ("/lpETable", json!([5, 6])),
                ("/Count", json!(10)),
                ("/pPropTags/cValues", json!(1)),
                ("/pPropTags/aulPropTag", json!([0x3001_001f])),
            ],
        ),
        (
            "nspi",
            3,
            "response",
            r20(Response::QueryRows(StatRowsResponse {
                stat: stat(),
                rows: Unique::some(PropertyRowSet::new(vec![row.clone(), row.clone()])),
                result: 0,
            })),
            vec![
                ("/ppRows/cRows", json!(2)),
                ("/ppRows/aRow/1/lpProps/0/Value/value", json!("Ann\u{0}")),
                ("/ppRows/aRow/1/lpProps/1/Value/value", json!("Ann\u{0}")),
                ("/ppRows/aRow/0/lpProps/2/Value/value", json!(6)),
                ("/ppRows/aRow/0/lpProps/3/Value/value/cValues", json!(7)),
                (
                    "/ppRows/aRow/0/lpProps/4/Value/value",
                    json!(0x8004_010f_u32),
                ),
            ],
        ),
        (
            "nspi",
            9,
            "response",
            r20(Response::GetProps(RowResponse {
                row: Unique::some(row.clone()),
                result: 0,
            })),
            vec![
                ("/ppRows/cValues", json!(5)),
                ("/ppRows/lpProps/2/ulPropTag", json!(0x3900_0003)),
            ],
        ),
        (
            "nspi",
            12,
            "response",
            r20(Response::GetSpecialTable(GetSpecialTableResponse {
                version: 3,
                rows: Unique::null(),
                result: 0,
            })),
            vec![("/lpVersion", json!(3)), ("/ppRows", Value::Null)],
        ),
        (
            "nspi",
            16,
            "response",
            r20(Response::QueryColumns(TagsResponse {
                tags: Unique::some(PropTagArray::new(vec![1, 2, 3])),
                result: 0,
            })),
            vec![("/ppColumns/aulPropTag", json!([1, 2, 3]))],
        ),
        (
            "nspi",
            19,
            "request",
            s20(Request::ResolveNames(ResolveNamesRequest {
                handle: handle(),
                reserved: 0,
                stat: stat(),
                prop_tags: Unique::null(),
                strs: StringsArray::new(vec![Unique::some(AnsiStr::new(b"ann"))]),
            })),
            vec![
                ("/paStr/Count", json!(1)),
                ("/paStr/Strings/0", json!("ann\u{0}")),
            ],
        ),
        (
            "nspi",
            20,
            "request",
            s20(Request::ResolveNamesW(ResolveNamesWRequest {
                handle: handle(),
                reserved: 0,
                stat: stat(),
                prop_tags: Unique::some(PropTagArray::new(vec![0x3001_001f])),
                strs: WStringsArray::new(vec![
                    Unique::some(Utf16Str::new("Zoë")),
                    Unique::some(Utf16Str::new("bob")),
                ]),
            })),
            vec![
                ("/paStr/Strings/0", json!("Zoë\u{0}")),
                ("/paStr/Strings/1", json!("bob\u{0}")),
            ],
        ),
        (
            "rfr",
            0,
            "response",
            rfr::Response::GetNewDsa(rfr::GetNewDsaResponse {
                unused: Unique::null(),
                server: Unique::some(Unique::some(AnsiStr::new(b"ex02.example.com"))),
                result: 0,
            })
            .encode(NdrSyntax::Ndr20, true)
            .unwrap(),
            vec![
                ("/ppszServer", json!("ex02.example.com\u{0}")),
                ("/ppszUnused", Value::Null),
            ],
        ),
        (
            "rfr",
            1,
            "request",
            rfr::Request::GetFqdn(rfr::GetFqdnRequest {
                flags: 0,
                cb: 11,
                server_dn: AnsiStr::new(b"/o=Org/cn=X"),
            })
            .encode(NdrSyntax::Ndr20, true)
            .unwrap(),
            vec![
                ("/cbMailboxServerDN", json!(11)),
                ("/szMailboxServerDN", json!("/o=Org/cn=X\u{0}")),
            ],
        ),
    ];
    let input: Vec<Value> = stubs
        .iter()
        .map(|(i, o, d, h, _)| json!({"iface": i, "opnum": o, "dir": d, "hex": common::hex(h)}))
        .collect();
    let mut child = Command::new(&py)
        .arg(script())
        .arg("parse")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(serde_json::to_string(&input).unwrap().as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let parsed: Vec<Value> = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(parsed.len(), stubs.len());
    for ((iface, opnum, dir, _, checks), got) in stubs.drain(..).zip(&parsed) {
        for (ptr, want) in checks {
            let v = got
                .pointer(ptr)
                .unwrap_or_else(|| panic!("{iface} {opnum} {dir}: impacket has no {ptr}: {got}"));
            assert_eq!(v, &want, "{iface} {opnum} {dir} {ptr}: {got}");
        }
    }
}

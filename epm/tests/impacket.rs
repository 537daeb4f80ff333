//! Differential tests against impacket's `epm.py`, which defines ept_lookup and ept_map.
//!
//! `interop/epm_build.py` builds requests and responses (NDR20 and NDR64) with impacket's
//! classes and prints the values it set; we must decode the same values. Then we build the
//! same calls from those values with our types and `interop/epm_parse.py` must read the
//! values back with impacket. Tower string bindings are compared with impacket's
//! `PrintStringBinding`.

mod common;

use std::io::Write;
use std::process::{Command, Stdio};

use serde_json::{json, Value};

use oxwire_epm::calls::{EptLookupRequest, EptLookupResponse, EptMapRequest, EptMapResponse};
use oxwire_epm::{Annotation, Call, EptEntry, Ptr, RpcIfId, Tower, Twr};
use oxwire_msrpc::ndr::{ContextHandle, Guid, NdrSyntax};
use oxwire_msrpc::Uuid;

fn script(name: &str) -> String {
    format!("{}/tests/interop/{name}", env!("CARGO_MANIFEST_DIR"))
}

fn handle_hex(h: &ContextHandle) -> String {
    let mut b = h.attributes.to_le_bytes().to_vec();
    b.extend_from_slice(&h.uuid.to_le_bytes());
    common::hex(&b)
}

fn handle_from(s: &str) -> ContextHandle {
    let b = common::unhex(s);
    ContextHandle {
        attributes: u32::from_le_bytes(b[..4].try_into().unwrap()),
        uuid: Guid::from_le_bytes(b[4..].try_into().unwrap()),
    }
}

fn uuid_opt(p: &Ptr<Uuid>) -> Value {
    p.value.map_or(Value::Null, |u| u.to_string().into())
}

fn binding(twr: &Twr<'_>) -> Value {
    let t = Tower::decode(&twr.octets).expect("tower decodes");
    t.to_binding(None)
        .map_or(Value::Null, |b| b.to_string().into())
}

/// Our decoding in the schema of the scripts.
fn ours(call: &Call<'_>) -> Value {
    match call {
        Call::MapRequest(r) => json!({
            "object": uuid_opt(&r.object),
            "tower": common::hex(&r.map_tower.value.as_ref().unwrap().octets),
            "entry_handle": handle_hex(&r.entry_handle),
            "max_towers": r.max_towers,
        }),
        Call::MapResponse(r) => {
            let towers: Vec<&Twr<'_>> =
                r.towers.iter().map(|p| p.value.as_ref().unwrap()).collect();
            json!({
                "entry_handle": handle_hex(&r.entry_handle),
                "num_towers": r.num_towers,
                "towers": towers.iter().map(|t| common::hex(&t.octets)).collect::<Vec<_>>(),
                "bindings": towers.iter().map(|t| binding(t)).collect::<Vec<_>>(),
                "status": r.status,
            })
        }
        Call::LookupRequest(r) => json!({
            "inquiry_type": r.inquiry_type,
            "object": uuid_opt(&r.object),
            "ifid": r.interface_id.value.map_or(Value::Null, |i| json!([i.uuid.to_string(), i.major, i.minor])),
            "vers_option": r.vers_option,
            "entry_handle": handle_hex(&r.entry_handle),
            "max_ents": r.max_ents,
        }),
        Call::LookupResponse(r) => json!({
            "entry_handle": handle_hex(&r.entry_handle),
            "num_ents": r.num_ents,
            "entries": r.entries.iter().map(|e| {
                let t = e.tower.value.as_ref().unwrap();
                json!({
                    "object": e.object.to_string(),
                    "tower": common::hex(&t.octets),
                    "annotation": e.annotation.text(),
                    "binding": binding(t),
                })
            }).collect::<Vec<_>>(),
            "status": r.status,
        }),
        other => panic!("unexpected call {other:?}"),
    }
}

/// impacket leaves out bindings it cannot name; compare those towers by octets only.
fn same(expect: &Value, got: &Value) -> bool {
    match (expect, got) {
        (Value::Object(a), Value::Object(b)) => {
            a.len() == b.len()
                && a.iter().all(|(k, v)| {
                    b.get(k).is_some_and(|w| {
                        if k == "binding" && v.is_null() {
                            true
                        } else {
                            same(v, w)
                        }
                    })
                })
        }
        (Value::Array(a), Value::Array(b)) => {
            a.len() == b.len() && a.iter().zip(b).all(|(v, w)| v.is_null() || same(v, w))
        }
        _ => expect == got,
    }
}

fn uuid_ptr(v: &Value) -> Ptr<Uuid> {
    v.as_str().map(|s| Uuid::parse(s).unwrap()).into()
}

fn twr(hex: &Value) -> Twr<'static> {
    Twr::new(common::unhex(hex.as_str().unwrap()))
}

/// Builds the call `expect` describes with our types.
fn build(opnum: u64, request: bool, e: &Value) -> Call<'static> {
    match (opnum, request) {
        (3, true) => Call::MapRequest(EptMapRequest {
            object: uuid_ptr(&e["object"]),
            map_tower: Ptr::some(twr(&e["tower"])),
            entry_handle: handle_from(e["entry_handle"].as_str().unwrap()),
            max_towers: e["max_towers"].as_u64().unwrap() as u32,
        }),
        (3, false) => {
            let towers: Vec<Twr<'static>> =
                e["towers"].as_array().unwrap().iter().map(twr).collect();
            let mut r = EptMapResponse::new(towers, e["status"].as_u64().unwrap() as u32);
            r.entry_handle = handle_from(e["entry_handle"].as_str().unwrap());
            r.num_towers = e["num_towers"].as_u64().unwrap() as u32;
            Call::MapResponse(r)
        }
        (2, true) => Call::LookupRequest(EptLookupRequest {
            inquiry_type: e["inquiry_type"].as_u64().unwrap() as u32,
            object: uuid_ptr(&e["object"]),
            interface_id: e["ifid"]
                .as_array()
                .map(|a| RpcIfId {
                    uuid: Uuid::parse(a[0].as_str().unwrap()).unwrap(),
                    major: a[1].as_u64().unwrap() as u16,
                    minor: a[2].as_u64().unwrap() as u16,
                })
                .into(),
            vers_option: e["vers_option"].as_u64().unwrap() as u32,
            entry_handle: handle_from(e["entry_handle"].as_str().unwrap()),
            max_ents: e["max_ents"].as_u64().unwrap() as u32,
        }),
        (2, false) => {
            let entries: Vec<EptEntry<'static>> = e["entries"]
                .as_array()
                .unwrap()
                .iter()
                .map(|x| EptEntry {
                    object: Uuid::parse(x["object"].as_str().unwrap()).unwrap(),
                    tower: Ptr::some(twr(&x["tower"])),
                    annotation: Annotation::new(x["annotation"].as_str().unwrap()),
                })
                .collect();
            Call::LookupResponse(EptLookupResponse {
                entry_handle: handle_from(e["entry_handle"].as_str().unwrap()),
                num_ents: e["num_ents"].as_u64().unwrap() as u32,
                max_count: entries.len() as u64,
                offset: 0,
                entries,
                status: e["status"].as_u64().unwrap() as u32,
            })
        }
        _ => unreachable!(),
    }
}

fn syntax(ndr64: bool) -> NdrSyntax {
    if ndr64 {
        NdrSyntax::Ndr64
    } else {
        NdrSyntax::Ndr20
    }
}

#[test]
fn impacket_built_calls_decode_and_ours_parse_in_impacket() {
    let Some(py) = common::python() else {
        common::skip("no Python with impacket ($OXWIRE_PYTHON)");
        return;
    };
    let out = Command::new(&py)
        .arg(script("epm_build.py"))
        .output()
        .expect("run epm_build.py");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let cases: Vec<Value> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert!(cases.len() >= 40, "only {} cases", cases.len());

    let mut ours_lines = String::new();
    for c in &cases {
        let name = c["name"].as_str().unwrap();
        let opnum = c["opnum"].as_u64().unwrap();
        let request = c["request"].as_bool().unwrap();
        let ndr64 = c["ndr64"].as_bool().unwrap();
        let stub = common::unhex(c["hex"].as_str().unwrap());
        let call = Call::decode(opnum as u16, request, &stub, syntax(ndr64), true)
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        let got = ours(&call);
        assert!(
            same(&c["expect"], &got),
            "{name}:\n expect {}\n    got {got}",
            c["expect"]
        );

        // Our own encoding of the same values; it must decode to them again.
        let built = build(opnum, request, &c["expect"]);
        let bytes = built.encode(syntax(ndr64), true).unwrap();
        let again = Call::decode(opnum as u16, request, &bytes, syntax(ndr64), true).unwrap();
        assert!(
            same(&c["expect"], &ours(&again)),
            "{name}: our encoding does not round-trip"
        );
        ours_lines.push_str(
            &json!({"name": name, "opnum": opnum, "request": request, "ndr64": ndr64,
                    "hex": common::hex(&bytes)})
            .to_string(),
        );
        ours_lines.push('\n');
    }

    let mut child = Command::new(&py)
        .arg(script("epm_parse.py"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(ours_lines.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "epm_parse.py: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let parsed: Vec<Value> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(parsed.len(), cases.len());
    for (c, p) in cases.iter().zip(&parsed) {
        assert!(
            same(&c["expect"], &p["got"]),
            "{}: impacket reads our bytes as {}\n expected {}",
            c["name"],
            p["got"],
            c["expect"]
        );
    }
}

//! Differential tests against impacket, an independent DCE/RPC implementation.
//!
//! `tests/interop/impacket_build.py` builds PDUs with impacket's classes and prints each with
//! the values that were set; we must decode them to those values and re-encode them exactly.
//! Then we build a PDU from each set of values with our own types and hand the bytes to
//! `tests/interop/impacket_parse.py`; impacket must read back the same values.
//!
//! Needs a Python with impacket: `$OXWIRE_PYTHON` (set by `.ci/run`), else `.venv/bin/python`.

mod common;

use std::io::Write;
use std::process::{Command, Stdio};

use serde_json::{json, Map, Value};

use oxwire_msrpc::auth::SecTrailer;
use oxwire_msrpc::pdu::{
    Auth3, Bind, BindAck, BindNak, ContextItem, ContextResult, Fault, Request, Response,
};
use oxwire_msrpc::{Auth, DataRep, Pdu, PduBody, SyntaxId, Uuid};

fn python() -> Option<String> {
    common::python_with("impacket")
}

fn script(name: &str) -> String {
    format!("{}/tests/interop/{name}", env!("CARGO_MANIFEST_DIR"))
}

fn version(s: &SyntaxId) -> String {
    format!("{}.{}", s.major(), s.minor())
}

fn parse_version(s: &str) -> (u16, u16) {
    let (a, b) = s.split_once('.').unwrap();
    (a.parse().unwrap(), b.parse().unwrap())
}

fn syntax(uuid: &str, ver: &str) -> SyntaxId {
    let (maj, min) = parse_version(ver);
    SyntaxId::new(Uuid::parse(uuid).unwrap(), maj, min)
}

/// Our decoding, in the schema of the scripts' `expect` objects.
fn fields(p: &Pdu<'_>) -> Value {
    let h = &p.header;
    let mut m = Map::new();
    m.insert("ptype".into(), h.ptype.0.into());
    m.insert("pfc_flags".into(), h.pfc_flags.0.into());
    m.insert("drep_hex".into(), common::hex(&h.drep.0).into());
    m.insert("frag_length".into(), h.frag_length.into());
    m.insert("auth_length".into(), h.auth_length.into());
    m.insert("call_id".into(), h.call_id.into());
    if let Some(a) = &p.auth {
        m.insert("auth_type".into(), a.trailer.auth_type.into());
        m.insert("auth_level".into(), a.trailer.auth_level.into());
        m.insert("auth_pad_length".into(), a.trailer.auth_pad_length.into());
        m.insert("auth_context_id".into(), a.trailer.auth_context_id.into());
        m.insert("auth_value_hex".into(), common::hex(a.value).into());
    }
    match &p.body {
        PduBody::Request(r) => {
            m.insert("alloc_hint".into(), r.alloc_hint.into());
            m.insert("ctx_id".into(), r.ctx_id.into());
            m.insert("opnum".into(), r.opnum.into());
            if let Some(o) = r.object {
                m.insert("object_uuid".into(), o.to_string().into());
            }
            m.insert("stub_hex".into(), common::hex(r.stub).into());
        }
        PduBody::Response(r) => {
            m.insert("alloc_hint".into(), r.alloc_hint.into());
            m.insert("ctx_id".into(), r.ctx_id.into());
            m.insert("cancel_count".into(), r.cancel_count.into());
            m.insert("stub_hex".into(), common::hex(r.stub).into());
        }
        PduBody::Fault(f) => {
            m.insert("alloc_hint".into(), f.alloc_hint.into());
            m.insert("ctx_id".into(), f.ctx_id.into());
            m.insert("cancel_count".into(), f.cancel_count.into());
            m.insert("status".into(), f.status.into());
            m.insert("stub_hex".into(), common::hex(f.stub).into());
        }
        PduBody::Bind(b) | PduBody::AlterContext(b) => {
            m.insert("max_xmit_frag".into(), b.max_xmit_frag.into());
            m.insert("max_recv_frag".into(), b.max_recv_frag.into());
            m.insert("assoc_group".into(), b.assoc_group_id.into());
            let c: Vec<Value> = b
                .contexts
                .iter()
                .map(|c| {
                    json!({
                        "ctx_id": c.ctx_id,
                        "abstract_uuid": c.abstract_syntax.uuid.to_string(),
                        "abstract_version": version(&c.abstract_syntax),
                        "transfer_syntaxes": c.transfer_syntaxes.iter().map(|t| json!({"uuid": t.uuid.to_string(), "version": version(t)})).collect::<Vec<_>>(),
                    })
                })
                .collect();
            m.insert("contexts".into(), c.into());
        }
        PduBody::BindAck(a) | PduBody::AlterContextResp(a) => {
            m.insert("max_xmit_frag".into(), a.max_xmit_frag.into());
            m.insert("max_recv_frag".into(), a.max_recv_frag.into());
            m.insert("assoc_group".into(), a.assoc_group_id.into());
            m.insert("sec_addr".into(), a.sec_addr_str().into());
            let r: Vec<Value> = a
                .results
                .iter()
                .map(|r| {
                    json!({
                        "result": r.result,
                        "reason": r.reason,
                        "transfer_uuid": r.transfer_syntax.uuid.to_string(),
                        "transfer_version": version(&r.transfer_syntax),
                    })
                })
                .collect();
            m.insert("results".into(), r.into());
        }
        PduBody::BindNak(n) => {
            m.insert("reject_reason".into(), n.reject_reason.into());
            if let Some(v) = &n.versions {
                let v: Vec<String> = v.iter().map(|(a, b)| format!("{a}.{b}")).collect();
                m.insert("versions".into(), v.into());
            }
        }
        _ => {}
    }
    Value::Object(m)
}

fn u(v: &Value, k: &str) -> u64 {
    v[k].as_u64()
        .unwrap_or_else(|| panic!("{k} missing in {v}"))
}

/// Builds a PDU with our own types from a set of expected values.
fn build(e: &Value) -> Vec<u8> {
    let stub = e["stub_hex"]
        .as_str()
        .map(common::unhex)
        .unwrap_or_default();
    let sec_addr_owned = e["sec_addr"].as_str().filter(|s| !s.is_empty()).map(|s| {
        let mut v = s.as_bytes().to_vec();
        v.push(0);
        v
    });
    let body = match u(e, "ptype") {
        0 => PduBody::Request(Request {
            alloc_hint: u(e, "alloc_hint") as u32,
            ctx_id: u(e, "ctx_id") as u16,
            opnum: u(e, "opnum") as u16,
            object: e["object_uuid"].as_str().map(|s| Uuid::parse(s).unwrap()),
            stub: &stub,
        }),
        2 => PduBody::Response(Response {
            alloc_hint: u(e, "alloc_hint") as u32,
            ctx_id: u(e, "ctx_id") as u16,
            cancel_count: u(e, "cancel_count") as u8,
            reserved: 0,
            stub: &stub,
        }),
        3 => PduBody::Fault(Fault {
            alloc_hint: u(e, "alloc_hint") as u32,
            ctx_id: u(e, "ctx_id") as u16,
            cancel_count: u(e, "cancel_count") as u8,
            flags: 0,
            status: u(e, "status") as u32,
            reserved2: Some([0; 4]),
            stub: &stub,
        }),
        t @ (11 | 14) => {
            let contexts = e["contexts"]
                .as_array()
                .unwrap()
                .iter()
                .map(|c| {
                    let ts = c["transfer_syntaxes"]
                        .as_array()
                        .unwrap()
                        .iter()
                        .map(|t| {
                            syntax(t["uuid"].as_str().unwrap(), t["version"].as_str().unwrap())
                        })
                        .collect();
                    ContextItem::new(
                        u(c, "ctx_id") as u16,
                        syntax(
                            c["abstract_uuid"].as_str().unwrap(),
                            c["abstract_version"].as_str().unwrap(),
                        ),
                        ts,
                    )
                })
                .collect();
            let b = Bind::new(
                u(e, "max_xmit_frag") as u16,
                u(e, "max_recv_frag") as u16,
                u(e, "assoc_group") as u32,
                contexts,
            );
            if t == 11 {
                PduBody::Bind(b)
            } else {
                PduBody::AlterContext(b)
            }
        }
        t @ (12 | 15) => {
            let results = e["results"]
                .as_array()
                .unwrap()
                .iter()
                .map(|r| ContextResult {
                    result: u(r, "result") as u16,
                    reason: u(r, "reason") as u16,
                    transfer_syntax: syntax(
                        r["transfer_uuid"].as_str().unwrap(),
                        r["transfer_version"].as_str().unwrap(),
                    ),
                })
                .collect();
            let a = BindAck::new(
                u(e, "max_xmit_frag") as u16,
                u(e, "max_recv_frag") as u16,
                u(e, "assoc_group") as u32,
                sec_addr_owned.as_deref().unwrap_or(&[]),
                results,
            );
            if t == 12 {
                PduBody::BindAck(a)
            } else {
                PduBody::AlterContextResp(a)
            }
        }
        13 => PduBody::BindNak(BindNak {
            reject_reason: u(e, "reject_reason") as u16,
            versions: e["versions"].as_array().map(|v| {
                v.iter()
                    .map(|s| {
                        let (a, b) = parse_version(s.as_str().unwrap());
                        (a as u8, b as u8)
                    })
                    .collect()
            }),
            trailing: &[],
        }),
        16 => PduBody::Auth3(Auth3 {
            pad: [0; 4],
            trailing: &[],
        }),
        17 => PduBody::Shutdown(&[]),
        18 => PduBody::CoCancel(&[]),
        19 => PduBody::Orphaned(&[]),
        t => panic!("no builder for ptype {t}"),
    };
    let mut pdu = Pdu::new(body, u(e, "pfc_flags") as u8, u(e, "call_id") as u32);
    if e["drep_hex"] == "00000000" {
        pdu.header.drep = DataRep::BIG_ENDIAN;
    }
    let value = e["auth_value_hex"]
        .as_str()
        .map(common::unhex)
        .unwrap_or_default();
    let pad = vec![0u8; e["auth_pad_length"].as_u64().unwrap_or(0) as usize];
    if e.get("auth_type").is_some() {
        pdu.auth = Some(Auth {
            trailer: SecTrailer {
                auth_type: u(e, "auth_type") as u8,
                auth_level: u(e, "auth_level") as u8,
                auth_pad_length: pad.len() as u8,
                auth_reserved: 0,
                auth_context_id: u(e, "auth_context_id") as u32,
            },
            pad: &pad,
            value: &value,
        });
    }
    pdu.to_vec().unwrap()
}

/// Keys of `expect` that differ in `got`.
fn differences(expect: &Value, got: &Value) -> Vec<String> {
    expect
        .as_object()
        .unwrap()
        .iter()
        .filter(|(k, v)| got.get(k.as_str()) != Some(v))
        .map(|(k, v)| {
            format!(
                "{k}: expected {v}, got {}",
                got.get(k.as_str()).unwrap_or(&Value::Null)
            )
        })
        .collect()
}

#[test]
fn impacket_and_oxwire_agree_both_ways() {
    let Some(py) = python() else {
        common::skip("no Python with impacket (set OXWIRE_PYTHON)");
        return;
    };
    let out = Command::new(&py)
        .arg(script("impacket_build.py"))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let items: Vec<Value> = serde_json::from_slice(&out.stdout).unwrap();
    assert!(items.len() >= 40, "only {} PDUs from impacket", items.len());

    // 1. impacket builds, we decode.
    let mut failures = Vec::new();
    let mut ours = Vec::new();
    let mut identical = 0;
    for it in &items {
        let name = it["name"].as_str().unwrap();
        let bytes = common::unhex(it["hex"].as_str().unwrap());
        match Pdu::decode(&bytes) {
            Ok((pdu, used)) => {
                assert_eq!(used, bytes.len(), "{name}");
                let d = differences(&it["expect"], &fields(&pdu));
                if !d.is_empty() {
                    failures.push(format!("{name} (decode): {}", d.join("; ")));
                }
                assert_eq!(pdu.to_vec().unwrap(), bytes, "{name} re-encodes");
            }
            Err(e) => failures.push(format!("{name} (decode): {e}")),
        }
        let built = build(&it["expect"]);
        if built == bytes {
            identical += 1;
        }
        ours.push(json!({"name": name, "hex": common::hex(&built)}));
    }

    // 2. We build, impacket parses.
    let mut child = Command::new(&py)
        .arg(script("impacket_parse.py"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(Value::Array(ours).to_string().as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success());
    let parsed: Vec<Value> = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(parsed.len(), items.len());
    for (it, p) in items.iter().zip(&parsed) {
        let name = it["name"].as_str().unwrap();
        if let Some(e) = p.get("error") {
            failures.push(format!("{name} (impacket parse): {e}"));
            continue;
        }
        let d = differences(&it["expect"], &p["fields"]);
        if !d.is_empty() {
            failures.push(format!("{name} (impacket parse): {}", d.join("; ")));
        }
    }
    eprintln!(
        "{} PDUs both ways; {identical} of ours byte-identical to impacket's",
        items.len()
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

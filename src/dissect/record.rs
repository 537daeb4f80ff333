//! One output record of the dissector and its JSON and summary forms.

use serde_json::{json, Map, Value};

use oxwire_msrpc::auth::auth_type;
use oxwire_msrpc::pdu::{BindAck, BindNak, ContextResult, Fault};
use oxwire_msrpc::{interfaces, Pdu, PduBody, SyntaxId};

/// What the dissector says about one PDU or one stream event.
#[derive(Debug, Clone, PartialEq)]
pub struct Record {
    /// Frame in which the PDU (or event) completed; 0 for input without frames.
    pub frame: u64,
    /// TCP stream id; `None` for a PDU given directly.
    pub stream: Option<u64>,
    /// `"c2s"` or `"s2c"`.
    pub dir: Option<&'static str>,
    /// The JSON object, in the documented schema.
    pub fields: Map<String, Value>,
}

impl Record {
    /// The JSON line.
    pub fn to_json(&self) -> String {
        Value::Object(self.fields.clone()).to_string()
    }

    /// True for a PDU line (as opposed to a stream notice).
    pub fn is_pdu(&self) -> bool {
        self.fields.get("event").and_then(Value::as_str) == Some("pdu")
    }

    /// A number field.
    pub fn get_u64(&self, key: &str) -> Option<u64> {
        self.fields.get(key).and_then(Value::as_u64)
    }

    /// A string field.
    pub fn get_str(&self, key: &str) -> Option<&str> {
        self.fields.get(key).and_then(Value::as_str)
    }

    /// One line of the human-readable table.
    pub fn summary_line(&self) -> String {
        let f = &self.fields;
        let s = |k: &str| match f.get(k) {
            Some(Value::String(s)) => s.clone(),
            Some(Value::Null) | None => "-".into(),
            Some(v) => v.to_string(),
        };
        if !self.is_pdu() {
            return format!(
                "{:>6} {:>4} {:<4} {} {}",
                self.frame,
                self.stream.map_or("-".into(), |s| s.to_string()),
                self.dir.unwrap_or("-"),
                s("event"),
                s("detail")
            );
        }
        let iface = match (f.get("interface_name"), f.get("interface")) {
            (Some(Value::String(n)), _) => n.clone(),
            (_, Some(Value::String(u))) => u.clone(),
            _ => "-".into(),
        };
        format!(
            "{:>6} {:>4} {:<4} {:<19} {:>8} {:>4} {:>5} {:>6} {:<12} {}",
            self.frame,
            self.stream.map_or("-".into(), |s| s.to_string()),
            self.dir.unwrap_or("-"),
            s("ptype"),
            s("call_id"),
            s("ctx_id"),
            s("opnum"),
            s("frag_length"),
            iface,
            f.get("error").and_then(Value::as_str).unwrap_or("")
        )
    }

    /// Header of the summary table.
    pub fn summary_header() -> &'static str {
        " frame  str dir  ptype                call_id  ctx opnum  bytes interface    notes"
    }
}

fn syntax(s: &SyntaxId) -> Value {
    let mut m = Map::new();
    m.insert("uuid".into(), s.uuid.to_string().into());
    m.insert(
        "version".into(),
        format!("{}.{}", s.major(), s.minor()).into(),
    );
    if let Some(n) = interfaces::name(&s.uuid) {
        m.insert("name".into(), n.into());
    } else if *s == oxwire_msrpc::NDR20 {
        m.insert("name".into(), "NDR20".into());
    } else if *s == oxwire_msrpc::NDR64 {
        m.insert("name".into(), "NDR64".into());
    } else if let Some(bits) = s.bind_time_features() {
        m.insert("name".into(), "bind_time_features".into());
        m.insert("features".into(), bits.into());
    }
    Value::Object(m)
}

fn ack_fields(m: &mut Map<String, Value>, a: &BindAck<'_>, bind_ack: bool) {
    m.insert("max_xmit_frag".into(), a.max_xmit_frag.into());
    m.insert("max_recv_frag".into(), a.max_recv_frag.into());
    m.insert("assoc_group_id".into(), a.assoc_group_id.into());
    if bind_ack {
        m.insert("sec_addr".into(), a.sec_addr_str().into());
    }
    let results: Vec<Value> = a
        .results
        .iter()
        .map(|r| {
            let mut o = json!({
                "result": ContextResult::result_name(r.result),
                "reason": r.reason,
            });
            if r.result == ContextResult::ACCEPTANCE {
                o["transfer_syntax"] = syntax(&r.transfer_syntax);
            }
            o
        })
        .collect();
    m.insert("results".into(), results.into());
}

/// Fills the PDU fields of the schema from a decoded PDU.
pub(crate) fn pdu_fields(p: &Pdu<'_>) -> Map<String, Value> {
    let h = &p.header;
    let mut m = Map::new();
    m.insert("event".into(), "pdu".into());
    m.insert("ptype".into(), h.ptype.name().unwrap_or("unknown").into());
    m.insert("ptype_num".into(), h.ptype.0.into());
    m.insert("pfc_flags".into(), h.pfc_flags.0.into());
    m.insert("flags".into(), h.pfc_flags.names(h.ptype).into());
    if !h.drep.little_endian() {
        m.insert("big_endian".into(), true.into());
    }
    m.insert("frag_length".into(), h.frag_length.into());
    m.insert("auth_length".into(), h.auth_length.into());
    m.insert("call_id".into(), h.call_id.into());
    match &p.body {
        PduBody::Request(r) => {
            m.insert("ctx_id".into(), r.ctx_id.into());
            m.insert("opnum".into(), r.opnum.into());
            m.insert("alloc_hint".into(), r.alloc_hint.into());
            if let Some(o) = &r.object {
                m.insert("object".into(), o.to_string().into());
            }
            m.insert("stub_length".into(), r.stub.len().into());
        }
        PduBody::Response(r) => {
            m.insert("ctx_id".into(), r.ctx_id.into());
            m.insert("alloc_hint".into(), r.alloc_hint.into());
            m.insert("stub_length".into(), r.stub.len().into());
        }
        PduBody::Fault(f) => {
            m.insert("ctx_id".into(), f.ctx_id.into());
            m.insert("alloc_hint".into(), f.alloc_hint.into());
            m.insert("fault_status".into(), format!("0x{:08x}", f.status).into());
            if let Some(n) = Fault::status_name(f.status) {
                m.insert("fault_name".into(), n.into());
            }
        }
        PduBody::Bind(b) | PduBody::AlterContext(b) => {
            m.insert("max_xmit_frag".into(), b.max_xmit_frag.into());
            m.insert("max_recv_frag".into(), b.max_recv_frag.into());
            m.insert("assoc_group_id".into(), b.assoc_group_id.into());
            let items: Vec<Value> = b
                .contexts
                .iter()
                .map(|c| {
                    json!({
                        "ctx_id": c.ctx_id,
                        "abstract_syntax": syntax(&c.abstract_syntax),
                        "transfer_syntaxes": c.transfer_syntaxes.iter().map(syntax).collect::<Vec<_>>(),
                    })
                })
                .collect();
            m.insert("contexts".into(), items.into());
        }
        PduBody::BindAck(a) => ack_fields(&mut m, a, true),
        PduBody::AlterContextResp(a) => ack_fields(&mut m, a, false),
        PduBody::BindNak(n) => {
            m.insert(
                "reject_reason".into(),
                BindNak::reason_name(n.reject_reason).into(),
            );
            if let Some(v) = &n.versions {
                let v: Vec<String> = v.iter().map(|(a, b)| format!("{a}.{b}")).collect();
                m.insert("versions".into(), v.into());
            }
        }
        PduBody::Rts(r) => {
            m.insert("rts_flags".into(), r.flags.into());
            m.insert("rts_commands".into(), r.number_of_commands.into());
        }
        PduBody::Auth3(_) | PduBody::Shutdown(_) | PduBody::CoCancel(_) | PduBody::Orphaned(_) => {}
    }
    if let Some(a) = &p.auth {
        m.insert("auth_type".into(), a.trailer.auth_type.into());
        m.insert(
            "auth_type_name".into(),
            auth_type::name(a.trailer.auth_type).into(),
        );
        m.insert("auth_level".into(), a.trailer.auth_level.into());
        m.insert("auth_pad_length".into(), a.trailer.auth_pad_length.into());
        m.insert("auth_context_id".into(), a.trailer.auth_context_id.into());
    }
    m
}

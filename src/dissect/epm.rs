//! Endpoint mapper calls in dissector output: the operation name and its parameters; the
//! towers of ept_map and ept_lookup as string bindings with their ports, which the
//! dissector also learns so it follows the dynamic connections that come after.

use serde_json::{json, Map, Value};

use oxwire_epm::{Call, EptEntry, FloorValue, Ptr, Tower, Twr};
use oxwire_msrpc::ndr::{ContextHandle, NdrSyntax};
use oxwire_msrpc::Uuid;

use super::calls::StubRef;
use super::Record;

/// A context handle as its 20 wire octets in hex (little-endian form), as tshark shows it.
fn handle(h: &ContextHandle) -> Value {
    let mut b = h.attributes.to_le_bytes().to_vec();
    b.extend_from_slice(&h.uuid.to_le_bytes());
    b.iter()
        .map(|x| format!("{x:02x}"))
        .collect::<String>()
        .into()
}

fn uuid_ptr(p: &Ptr<Uuid>) -> Value {
    p.value.map_or(Value::Null, |u| u.to_string().into())
}

/// One tower: its interface, string binding, ports and address, and every floor.
fn tower(p: &Ptr<Twr<'_>>, object: Option<Uuid>) -> Value {
    let Some(twr) = &p.value else {
        return if p.id == 0 {
            Value::Null
        } else {
            json!({"alias_of": p.id})
        };
    };
    let t = match Tower::decode(&twr.octets) {
        Ok(t) => t,
        Err(e) => return json!({"octets": twr.octets.len(), "error": e.to_string()}),
    };
    let mut m = Map::new();
    if let Some(i) = t.interface() {
        m.insert("interface".into(), i.uuid.to_string().into());
        m.insert(
            "if_version".into(),
            format!("{}.{}", i.major(), i.minor()).into(),
        );
        if let Some(n) = oxwire_msrpc::interfaces::name(&i.uuid) {
            m.insert("interface_name".into(), n.into());
        }
    }
    if let Some(s) = t.transfer_syntax() {
        m.insert("transfer_syntax".into(), s.uuid.to_string().into());
    }
    if let Some(b) = t.to_binding(object) {
        m.insert("binding".into(), b.to_string().into());
    }
    if let Some(p) = t.tcp_port() {
        m.insert("tcp_port".into(), p.into());
    }
    if let Some(p) = t.udp_port() {
        m.insert("udp_port".into(), p.into());
    }
    if let Some(p) = t.http_port() {
        m.insert("http_port".into(), p.into());
    }
    if let Some(a) = t.ip() {
        m.insert("ip".into(), a.to_string().into());
    }
    for f in t.floors.iter().skip(2) {
        let (key, name) = match f.value() {
            FloorValue::NamedPipe(n) => ("named_pipe", n),
            FloorValue::LrpcEndpoint(n) => ("lrpc_endpoint", n),
            FloorValue::NetBios(n) => ("netbios_name", n),
            _ => continue,
        };
        m.insert(
            key.into(),
            String::from_utf8_lossy(name).into_owned().into(),
        );
    }
    let floors: Vec<Value> = t
        .floors
        .iter()
        .map(|f| {
            json!({
                "protocol": f.protocol_id().map_or(Value::Null, |p| format!("0x{p:02x}").into()),
                "lhs_length": f.lhs.len(),
                "rhs_length": f.rhs.len(),
            })
        })
        .collect();
    m.insert("floors".into(), floors.into());
    Value::Object(m)
}

fn entries(list: &[EptEntry<'_>]) -> Value {
    list.iter()
        .map(|e| {
            json!({
                "object": e.object.to_string(),
                "annotation": e.annotation.text(),
                "tower": tower(&e.tower, Some(e.object)),
            })
        })
        .collect::<Vec<_>>()
        .into()
}

/// TCP ports of the towers in `towers` (JSON values produced by [`tower`]).
fn ports_of<'a>(towers: impl Iterator<Item = &'a Value>) -> Vec<Value> {
    towers.filter_map(|t| t.get("tcp_port").cloned()).collect()
}

/// Describes one endpoint mapper stub.
pub(super) fn describe(call: &StubRef<'_>) -> Result<Map<String, Value>, String> {
    let syntax = if call.ndr64 {
        NdrSyntax::Ndr64
    } else {
        NdrSyntax::Ndr20
    };
    let name = oxwire_epm::calls::opnum_name(call.opnum)
        .ok_or_else(|| format!("opnum {} is not an endpoint mapper operation", call.opnum))?;
    let c = Call::decode(
        call.opnum,
        call.request,
        call.stub,
        syntax,
        call.little_endian,
    )
    .map_err(|e| format!("{name}: {e}"))?;
    let mut m = Map::new();
    m.insert("operation".into(), name.into());
    match &c {
        Call::InsertRequest(r) => {
            m.insert("num_ents".into(), r.entries.len().into());
            m.insert("entries".into(), entries(&r.entries));
            m.insert("replace".into(), r.replace.into());
        }
        Call::DeleteRequest(r) => {
            m.insert("num_ents".into(), r.entries.len().into());
            m.insert("entries".into(), entries(&r.entries));
        }
        Call::LookupRequest(r) => {
            m.insert("inquiry_type".into(), r.inquiry_type.into());
            m.insert("object".into(), uuid_ptr(&r.object));
            m.insert(
                "interface_id".into(),
                r.interface_id.value.map_or(Value::Null, |i| {
                    json!({"uuid": i.uuid.to_string(), "version": format!("{}.{}", i.major, i.minor)})
                }),
            );
            m.insert("vers_option".into(), r.vers_option.into());
            m.insert("entry_handle".into(), handle(&r.entry_handle));
            m.insert("max_ents".into(), r.max_ents.into());
        }
        Call::LookupResponse(r) => {
            m.insert("entry_handle".into(), handle(&r.entry_handle));
            m.insert("num_ents".into(), r.num_ents.into());
            let e = entries(&r.entries);
            let ports = e
                .as_array()
                .map(|a| ports_of(a.iter().map(|x| &x["tower"])))
                .unwrap_or_default();
            m.insert("entries".into(), e);
            m.insert("tcp_ports".into(), ports.into());
            m.insert("status".into(), format!("0x{:08x}", r.status).into());
        }
        Call::MapRequest(r) => {
            m.insert("object".into(), uuid_ptr(&r.object));
            m.insert("map_tower".into(), tower(&r.map_tower, None));
            m.insert("entry_handle".into(), handle(&r.entry_handle));
            m.insert("max_towers".into(), r.max_towers.into());
        }
        Call::MapResponse(r) => {
            m.insert("entry_handle".into(), handle(&r.entry_handle));
            m.insert("num_towers".into(), r.num_towers.into());
            let towers: Vec<Value> = r.towers.iter().map(|t| tower(t, None)).collect();
            m.insert("tcp_ports".into(), ports_of(towers.iter()).into());
            m.insert("towers".into(), towers.into());
            m.insert("status".into(), format!("0x{:08x}", r.status).into());
        }
        Call::LookupHandleFreeRequest(r) => {
            m.insert("entry_handle".into(), handle(&r.entry_handle));
        }
        Call::LookupHandleFreeResponse(r) => {
            m.insert("entry_handle".into(), handle(&r.entry_handle));
            m.insert("status".into(), format!("0x{:08x}", r.status).into());
        }
        Call::InqObjectRequest(_) => {}
        Call::InqObjectResponse(r) => {
            m.insert("object".into(), r.object.to_string().into());
            m.insert("status".into(), format!("0x{:08x}", r.status).into());
        }
        Call::MgmtDeleteRequest(r) => {
            m.insert("object_speced".into(), r.object_speced.into());
            m.insert("object".into(), uuid_ptr(&r.object));
            m.insert("tower".into(), tower(&r.tower, None));
        }
        Call::StatusResponse(r) => {
            m.insert("status".into(), format!("0x{:08x}", r.status).into());
        }
    }
    Ok(m)
}

/// TCP ports an endpoint mapper response record announces (empty for any other record).
pub(super) fn learned_ports(rec: &Record) -> Vec<u16> {
    let epm = oxwire_msrpc::interfaces::EPM.to_string();
    if rec.fields.get("interface").and_then(Value::as_str) != Some(epm.as_str()) {
        return Vec::new();
    }
    rec.fields
        .get("call")
        .and_then(|c| c.get("tcp_ports"))
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(|p| p.as_u64().and_then(|p| u16::try_from(p).ok()))
                .filter(|&p| p != 0)
                .collect()
        })
        .unwrap_or_default()
}

/// (TCP port, interface) pairs an endpoint mapper response record announces: which
/// interface the server offers on each dynamic port.
pub(super) fn learned_interfaces(rec: &Record) -> Vec<(u16, oxwire_msrpc::SyntaxId)> {
    let epm = oxwire_msrpc::interfaces::EPM.to_string();
    if rec.fields.get("interface").and_then(Value::as_str) != Some(epm.as_str()) {
        return Vec::new();
    }
    let Some(towers) = rec
        .fields
        .get("call")
        .and_then(|c| c.get("towers"))
        .and_then(Value::as_array)
    else {
        return Vec::new();
    };
    towers
        .iter()
        .filter_map(|t| {
            let port = u16::try_from(t.get("tcp_port")?.as_u64()?).ok()?;
            let uuid = oxwire_msrpc::Uuid::parse(t.get("interface")?.as_str()?)?;
            let (maj, min) = t.get("if_version")?.as_str()?.split_once('.')?;
            let syntax = oxwire_msrpc::SyntaxId::new(uuid, maj.parse().ok()?, min.parse().ok()?);
            (port != 0).then_some((port, syntax))
        })
        .collect()
}

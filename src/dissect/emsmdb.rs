//! EMSMDB and AsyncEMSMDB calls (MS-OXCRPC) for the dissector: parameters, the
//! RPC_HEADER_EXT headers of the ROP and auxiliary buffers with their flags and sizes, the
//! payload sizes once XOR and LZ77 are undone, and the auxiliary blocks.
//!
//! Each plain ROP payload is described by its length and `RopSize` under `rop_buffers`; the
//! ROP-level decoder reads the same bytes from [`oxwire_mapi_rop::ext_buffer::plain_payloads`].

use serde_json::{json, Map, Value};

use oxwire_mapi_rop::aux_block::{self, FieldValue};
use oxwire_mapi_rop::emsmdb::{self, Interface, NdrBytes, Request, Response};
use oxwire_mapi_rop::ext_buffer::Chain;
use oxwire_mapi_rop::Limits;

use super::calls::StubRef;

fn hex(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02x}")).collect()
}

fn cxh(h: &emsmdb::ContextHandle) -> Value {
    let mut b = h.attributes.to_le_bytes().to_vec();
    b.extend_from_slice(&h.uuid.to_le_bytes());
    hex(&b).into()
}

fn rop_size(plain: &[u8]) -> Value {
    match plain.get(..2) {
        Some(b) => u16::from_le_bytes([b[0], b[1]]).into(),
        None => Value::Null,
    }
}

fn field(v: &FieldValue) -> Value {
    match v {
        FieldValue::Int(i) => (*i).into(),
        FieldValue::Guid(g) | FieldValue::Text(g) => g.clone().into(),
        FieldValue::Bytes(b) => hex(b).into(),
    }
}

/// An extended buffer: headers, plain sizes, and (for auxiliary buffers) the blocks.
fn ext_buffer(buf: &[u8], aux: bool) -> Value {
    let limits = Limits::default();
    let mut m = Map::new();
    m.insert("length".into(), buf.len().into());
    if buf.is_empty() {
        return Value::Object(m);
    }
    let chain = match Chain::decode(buf, &limits) {
        Ok(c) => c,
        Err(e) => {
            m.insert("error".into(), e.to_string().into());
            return Value::Object(m);
        }
    };
    let mut headers = Vec::new();
    let mut payloads = Vec::new();
    for b in &chain.buffers {
        let h = b.header;
        let mut hm = json!({
            "offset": b.offset,
            "version": h.version,
            "flags": h.flags.0,
            "flag_names": h.flags.names(),
            "size": h.size,
            "size_actual": h.size_actual,
        });
        match b.plain(&limits) {
            Ok(p) => {
                hm["plain_length"] = p.len().into();
                payloads.push(p);
            }
            Err(e) => hm["error"] = e.to_string().into(),
        }
        headers.push(hm);
    }
    m.insert("headers".into(), headers.into());
    if !chain.trailing.is_empty() {
        m.insert("trailing".into(), chain.trailing.len().into());
    }
    if aux {
        let mut blocks = Vec::new();
        for p in &payloads {
            match aux_block::decode_blocks(p) {
                Ok(bs) => {
                    for b in bs {
                        let mut f = Map::new();
                        for (k, v) in b.body.fields().iter().chain(b.referenced().iter()) {
                            f.insert((*k).into(), field(v));
                        }
                        blocks.push(json!({
                            "version": b.version,
                            "type": b.type_,
                            "type_name": b.type_name(),
                            "size": b.size(),
                            "fields": f,
                        }));
                    }
                }
                Err(e) => blocks.push(json!({ "error": e.to_string() })),
            }
        }
        m.insert("blocks".into(), blocks.into());
    } else {
        let rops: Vec<Value> = payloads
            .iter()
            .map(|p| json!({"length": p.len(), "rop_size": rop_size(p)}))
            .collect();
        m.insert("rop_buffers".into(), rops.into());
    }
    Value::Object(m)
}

fn string(s: &NdrBytes<'_>) -> Value {
    s.text().into()
}

fn legacy_rgb(b: &NdrBytes<'_>) -> Value {
    let plain = emsmdb::legacy_rop_buffer(&b.data);
    json!({
        "max_count": b.max_count,
        "offset": b.offset,
        "length": b.data.len(),
        "xor": plain[..] != b.data[..],
        "rop_size": rop_size(&plain),
    })
}

fn connect_request(m: &mut Map<String, Value>, c: &emsmdb::ConnectRequest<'_>) {
    m.insert("user_dn".into(), string(&c.user_dn));
    for (k, v) in [
        ("flags", c.flags),
        ("con_mod", c.con_mod),
        ("cb_limit", c.cb_limit),
        ("cpid", c.cpid),
        ("lcid_string", c.lcid_string),
        ("lcid_sort", c.lcid_sort),
        ("icxr_link", c.icxr_link),
        ("timestamp", c.timestamp),
    ] {
        m.insert(k.into(), v.into());
    }
    m.insert(
        "can_convert_code_pages".into(),
        c.can_convert_code_pages.into(),
    );
    m.insert("client_version".into(), c.client_version.to_vec().into());
    if let Some(a) = &c.aux {
        m.insert("aux_in".into(), ext_buffer(&a.rgb_aux_in.data, true));
        m.insert("cb_aux_out".into(), a.cb_aux_out.into());
    }
}

fn connect_response(m: &mut Map<String, Value>, c: &emsmdb::ConnectResponse<'_>) {
    m.insert("cxh".into(), cxh(&c.cxh));
    m.insert("polls_max".into(), c.polls_max.into());
    m.insert("retry".into(), c.retry.into());
    m.insert("retry_delay".into(), c.retry_delay.into());
    m.insert("icxr".into(), c.icxr.into());
    if let Some((_, s)) = &c.dn_prefix {
        m.insert("dn_prefix".into(), string(s));
    }
    if let Some((_, s)) = &c.display_name {
        m.insert("display_name".into(), string(s));
    }
    m.insert("server_version".into(), c.server_version.to_vec().into());
    m.insert("best_version".into(), c.best_version.to_vec().into());
    m.insert("timestamp".into(), c.timestamp.into());
    if let Some(a) = &c.aux {
        m.insert("aux_out".into(), ext_buffer(&a.rgb_aux_out.data, true));
    }
    m.insert("status".into(), format!("{:#010x}", c.status).into());
}

/// Describes one EMSMDB (`asynchronous` false) or AsyncEMSMDB call stub.
pub(super) fn describe(
    call: &StubRef<'_>,
    asynchronous: bool,
) -> Result<Map<String, Value>, String> {
    if call.ndr64 {
        return Err("EMSMDB stub in NDR64 is not supported".into());
    }
    let interface = if asynchronous {
        Interface::AsyncEmsmdb
    } else {
        Interface::Emsmdb
    };
    let limits = Limits::default();
    let mut m = Map::new();
    m.insert(
        "layer".into(),
        if asynchronous {
            "asyncemsmdb"
        } else {
            "emsmdb"
        }
        .into(),
    );
    if let Some(n) = emsmdb::opnum_name(interface, call.opnum) {
        m.insert("operation".into(), n.into());
    }
    let status = |m: &mut Map<String, Value>, s: u32| {
        m.insert("status".into(), format!("{s:#010x}").into());
    };
    if call.request {
        let stub = emsmdb::decode_request(
            interface,
            call.opnum,
            call.stub,
            call.little_endian,
            &limits,
        )
        .map_err(|e| e.to_string())?;
        match &stub.call {
            Request::Connect(c) | Request::ConnectEx(c) => connect_request(&mut m, c),
            Request::Disconnect { cxh: h } | Request::AsyncConnectEx { cxh: h } => {
                m.insert("cxh".into(), cxh(h));
            }
            Request::Rpc(r) => {
                m.insert("cxh".into(), cxh(&r.cxh));
                m.insert("rgb".into(), legacy_rgb(&r.rgb));
                m.insert("cb".into(), r.cb.into());
                m.insert("cb_max".into(), r.cb_max.into());
            }
            Request::RegisterPushNotification(r) => {
                m.insert("cxh".into(), cxh(&r.cxh));
                m.insert("rpc".into(), r.rpc.into());
                m.insert("context".into(), hex(&r.context.data).into());
                m.insert("advise_bits".into(), r.advise_bits.into());
                m.insert(
                    "callback_address".into(),
                    hex(&r.callback_address.data).into(),
                );
            }
            Request::DummyRpc => {}
            Request::RpcExt2(r) => {
                m.insert("cxh".into(), cxh(&r.cxh));
                m.insert("flags".into(), r.flags.into());
                m.insert("cb_in".into(), r.cb_in.into());
                m.insert("cb_out".into(), r.cb_out.into());
                m.insert("rgb_in".into(), ext_buffer(&r.rgb_in.data, false));
                m.insert("aux_in".into(), ext_buffer(&r.aux.rgb_aux_in.data, true));
                m.insert("cb_aux_out".into(), r.aux.cb_aux_out.into());
            }
            Request::AsyncWaitEx { acxh, flags_in } => {
                m.insert("acxh".into(), cxh(acxh));
                m.insert("flags_in".into(), (*flags_in).into());
            }
            _ => {}
        }
        if !stub.trailing.is_empty() {
            m.insert("trailing".into(), stub.trailing.len().into());
        }
    } else {
        let stub = emsmdb::decode_response(
            interface,
            call.opnum,
            call.stub,
            call.little_endian,
            &limits,
        )
        .map_err(|e| e.to_string())?;
        match &stub.call {
            Response::Connect(c) | Response::ConnectEx(c) => connect_response(&mut m, c),
            Response::Disconnect { cxh: h, status: s } => {
                m.insert("cxh".into(), cxh(h));
                status(&mut m, *s);
            }
            Response::Rpc(r) => {
                m.insert("cxh".into(), cxh(&r.cxh));
                m.insert("rgb".into(), legacy_rgb(&r.rgb));
                m.insert("cb".into(), r.cb.into());
                status(&mut m, r.status);
            }
            Response::RegisterPushNotification(r) => {
                m.insert("cxh".into(), cxh(&r.cxh));
                m.insert("notification".into(), r.notification.into());
                status(&mut m, r.status);
            }
            Response::DummyRpc { status: s } => status(&mut m, *s),
            Response::RpcExt2(r) => {
                m.insert("cxh".into(), cxh(&r.cxh));
                m.insert("flags".into(), r.flags.into());
                m.insert("cb_out".into(), r.cb_out.into());
                m.insert("rgb_out".into(), ext_buffer(&r.rgb_out.data, false));
                m.insert("aux_out".into(), ext_buffer(&r.rgb_aux_out.data, true));
                m.insert("trans_time".into(), r.trans_time.into());
                status(&mut m, r.status);
            }
            Response::AsyncConnectEx { acxh, status: s } => {
                m.insert("acxh".into(), cxh(acxh));
                status(&mut m, *s);
            }
            Response::AsyncWaitEx {
                flags_out,
                status: s,
            } => {
                m.insert("flags_out".into(), (*flags_out).into());
                status(&mut m, *s);
            }
            _ => {}
        }
        if !stub.trailing.is_empty() {
            m.insert("trailing".into(), stub.trailing.len().into());
        }
    }
    Ok(m)
}

//! The ROP level of EMSMDB calls for the dissector: each call's request and response ROPs,
//! paired through a per-connection [`RopSession`] so that responses whose layout depends on
//! earlier requests (QueryRows after SetColumns, GetPropertiesSpecific, Logon) decode.
//!
//! Each ROP is described by its id and name, its logon id and handle indexes, and for
//! responses the return value; stream ROPs add their byte counts.

use serde_json::{json, Map, Value};

use oxwire_mapi_rop::emsmdb::{self, Interface, Request, Response};
use oxwire_mapi_rop::ext_buffer::plain_payloads;
use oxwire_mapi_rop::rop::{RopRequest, RopResponse};
use oxwire_mapi_rop::session::RopSession;
use oxwire_mapi_rop::Limits;

use super::calls::StubRef;

fn request_rop(rop: &RopRequest) -> Value {
    let mut m = Map::new();
    m.insert("rop_id".into(), rop.rop_id().into());
    m.insert("name".into(), rop.name().into());
    m.insert("logon_id".into(), rop.logon_id().into());
    if let Some(i) = rop.input_handle_index() {
        m.insert("input_handle_index".into(), i.into());
    }
    if let Some(i) = rop.output_handle_index() {
        m.insert("output_handle_index".into(), i.into());
    }
    match rop {
        RopRequest::ReadStream(r) => {
            m.insert("byte_count".into(), r.byte_count.into());
            if let Some(max) = r.maximum_byte_count {
                m.insert("maximum_byte_count".into(), max.into());
            }
        }
        RopRequest::WriteStream(w) => {
            m.insert("data_length".into(), w.data.0.len().into());
        }
        RopRequest::WriteStreamExtended(w) => {
            m.insert("data_length".into(), w.data.0.len().into());
        }
        _ => {}
    }
    Value::Object(m)
}

fn response_rop(rop: &RopResponse) -> Value {
    let mut m = Map::new();
    m.insert("rop_id".into(), rop.rop_id().into());
    m.insert("name".into(), rop.name().into());
    if let Some((handle_index, rc)) = rop.header() {
        m.insert("handle_index".into(), handle_index.into());
        m.insert("return_value".into(), format!("{rc:#010x}").into());
    }
    match rop {
        RopResponse::ReadStream(r) => {
            m.insert("data_length".into(), r.body.data.0.len().into());
        }
        RopResponse::WriteStream(r) => {
            m.insert("written_size".into(), r.body.written_size.into());
        }
        RopResponse::WriteStreamExtended(r) => {
            m.insert("written_size".into(), r.body.written_size.into());
        }
        _ => {}
    }
    Value::Object(m)
}

/// The plain ROP buffers of an EMSMDB request or response stub (XOR and LZ77 undone), or
/// `None` for calls that carry none.
fn rop_buffers(call: &StubRef<'_>) -> Option<Result<Vec<Vec<u8>>, String>> {
    let limits = Limits::default();
    if call.ndr64 || call.interface != oxwire_msrpc::interfaces::EMSMDB {
        return None;
    }
    let e = |e: oxwire_mapi_rop::Error| e.to_string();
    if call.request {
        let stub = match emsmdb::decode_request(
            Interface::Emsmdb,
            call.opnum,
            call.stub,
            call.little_endian,
            &limits,
        ) {
            Ok(s) => s,
            Err(_) => return None,
        };
        match &stub.call {
            Request::Rpc(r) => Some(Ok(vec![emsmdb::legacy_rop_buffer(&r.rgb.data)])),
            Request::RpcExt2(r) => Some(plain_payloads(&r.rgb_in.data, &limits).map_err(e)),
            _ => None,
        }
    } else {
        let stub = match emsmdb::decode_response(
            Interface::Emsmdb,
            call.opnum,
            call.stub,
            call.little_endian,
            &limits,
        ) {
            Ok(s) => s,
            Err(_) => return None,
        };
        match &stub.call {
            Response::Rpc(r) => Some(Ok(vec![emsmdb::legacy_rop_buffer(&r.rgb.data)])),
            Response::RpcExt2(r) => Some(plain_payloads(&r.rgb_out.data, &limits).map_err(e)),
            _ => None,
        }
    }
}

/// Decodes the ROPs of one EMSMDB call stub with the connection's session. `None` when the
/// call carries no ROP buffer.
pub(super) fn describe(call: &StubRef<'_>, session: &mut RopSession) -> Option<Value> {
    let buffers = match rop_buffers(call)? {
        Ok(b) => b,
        Err(e) => return Some(json!({ "error": e })),
    };
    Some(describe_plain(&buffers, call.request, session))
}

/// Decodes plain ROP buffers (one per RPC_HEADER_EXT payload) of one request or response
/// with the session, in the shape of [`describe`]; MAPI over HTTP Execute bodies come here.
pub(super) fn describe_plain(
    buffers: &[Vec<u8>],
    request: bool,
    session: &mut RopSession,
) -> Value {
    let mut out = Vec::new();
    if request {
        for buf in buffers {
            out.push(match session.handle_request(buf) {
                Ok(req) => json!({
                    "rops": req.rops.iter().map(request_rop).collect::<Vec<_>>(),
                    "handles": req.handles.iter().map(|h| format!("{h:#010x}")).collect::<Vec<_>>(),
                }),
                Err(e) => json!({ "error": e.to_string() }),
            });
        }
    } else if !session.has_pending() {
        // A response whose request was not seen (a capture that starts mid-call, or a bare
        // stub): ROPs whose layout needs no request context still decode.
        for buf in buffers {
            out.push(describe_buffer(buf, false).unwrap_or_else(|e| json!({ "error": e })));
        }
    } else {
        for (i, buf) in buffers.iter().enumerate() {
            // Chained payloads (server packing) each continue the same request.
            if i > 0 {
                session.continue_last_request();
            }
            out.push(match session.handle_response(buf) {
                Ok(call) => json!({
                    "rops": call.response.rops.iter().map(response_rop).collect::<Vec<_>>(),
                    "handles": call.response.handles.iter().map(|h| format!("{h:#010x}")).collect::<Vec<_>>(),
                }),
                Err(e) => json!({ "error": e.to_string() }),
            });
        }
    }
    Value::Array(out)
}

/// Decodes a bare ROP request buffer (`request`) or a response buffer without a session.
pub fn describe_buffer(buf: &[u8], request: bool) -> Result<Value, String> {
    let mut session = RopSession::new();
    if request {
        let req = session.handle_request(buf).map_err(|e| e.to_string())?;
        Ok(json!({
            "rops": req.rops.iter().map(request_rop).collect::<Vec<_>>(),
            "handles": req.handles.iter().map(|h| format!("{h:#010x}")).collect::<Vec<_>>(),
        }))
    } else {
        let resp = oxwire_mapi_rop::rop::RopResponseBuffer::decode(buf, &Default::default())
            .map_err(|e| e.to_string())?;
        Ok(json!({
            "rops": resp.rops.iter().map(response_rop).collect::<Vec<_>>(),
            "handles": resp.handles.iter().map(|h| format!("{h:#010x}")).collect::<Vec<_>>(),
        }))
    }
}

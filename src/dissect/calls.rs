//! Decoding of call stubs by interface: the hook through which each interface crate's
//! decoders reach the dissector.
//!
//! A decoder receives the whole (reassembled) stub of one request or response and returns a
//! JSON object describing the call's parameters, or an error sentence.

use serde_json::{Map, Value};

use oxwire_mapi_rop::session::RopSession;
use oxwire_msrpc::Uuid;

/// What call decoders remember across the calls of one connection.
#[derive(Debug, Default)]
pub struct CallState {
    /// Pairs EMSMDB ROP responses with their requests.
    pub rops: RopSession,
}

/// One call stub to describe.
#[derive(Debug, Clone, Copy)]
pub struct StubRef<'a> {
    /// The interface the call runs on.
    pub interface: Uuid,
    /// The stub is NDR64 rather than NDR20.
    pub ndr64: bool,
    /// Little-endian data representation.
    pub little_endian: bool,
    /// Operation number.
    pub opnum: u16,
    /// Request (`true`) or response.
    pub request: bool,
    /// The stub bytes.
    pub stub: &'a [u8],
}

/// Layer names accepted by `dissect hex --layer`, with the interface they stand for.
pub fn layer_interface(layer: &str) -> Option<Uuid> {
    // Interface crates add their layer names here.
    if layer == "emsmdb" {
        return Some(oxwire_msrpc::interfaces::EMSMDB);
    }
    if layer == "asyncemsmdb" {
        return Some(oxwire_msrpc::interfaces::ASYNC_EMSMDB);
    }
    if layer == "epm" {
        return Some(oxwire_msrpc::interfaces::EPM);
    }
    if layer == "nspi" {
        return Some(oxwire_msrpc::interfaces::NSPI);
    }
    if layer == "rfr" {
        return Some(oxwire_msrpc::interfaces::RFR);
    }
    let _ = layer;
    None
}

/// The interface, with its version, that a layer name stands for (for `--decode-as`).
pub fn layer_syntax(layer: &str) -> Option<oxwire_msrpc::SyntaxId> {
    let uuid = layer_interface(layer)?;
    let (major, minor) = match layer {
        "emsmdb" => (0, 81),
        "asyncemsmdb" => (0, 1),
        "nspi" => (56, 0),
        "rfr" => (1, 0),
        "epm" => (3, 0),
        _ => (0, 0),
    };
    Some(oxwire_msrpc::SyntaxId::new(uuid, major, minor))
}

/// Describes a call with the connection's state: EMSMDB calls also get their ROPs under
/// `rops`, decoded through the connection's ROP session.
pub fn describe_stateful(
    call: &StubRef<'_>,
    state: &mut CallState,
) -> Option<Result<Map<String, Value>, String>> {
    let mut out = describe(call)?;
    if let Ok(m) = &mut out {
        if let Some(r) = super::rops::describe(call, &mut state.rops) {
            m.insert("rops".into(), r);
        }
    }
    Some(out)
}

/// Describes a call on a known interface; `None` when no decoder exists for the interface.
pub fn describe(call: &StubRef<'_>) -> Option<Result<Map<String, Value>, String>> {
    // Interface crates add one dispatch line each here.
    if call.interface == oxwire_msrpc::interfaces::EMSMDB {
        return Some(super::emsmdb::describe(call, false));
    }
    if call.interface == oxwire_msrpc::interfaces::ASYNC_EMSMDB {
        return Some(super::emsmdb::describe(call, true));
    }
    if call.interface == oxwire_msrpc::interfaces::EPM {
        return Some(super::epm::describe(call));
    }
    if call.interface == oxwire_msrpc::interfaces::NSPI {
        return Some(super::nspi::describe_nspi(call));
    }
    if call.interface == oxwire_msrpc::interfaces::RFR {
        return Some(super::nspi::describe_rfr(call));
    }
    let _ = call;
    None
}

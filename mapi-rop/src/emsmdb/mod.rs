//! EMSMDB and AsyncEMSMDB call stubs (MS-OXCRPC 3.1.4 and 3.3.4), NDR20.
//!
//! Interfaces: EMSMDB `a4f1db00-ca47-1067-b31f-00dd010662da` v0.81 and AsyncEMSMDB
//! `5261574a-4572-206e-b268-6b199213b4e4` v0.1. Requests and responses of EcDoConnectEx (10),
//! EcDoRpcExt2 (11), EcDoDisconnect (1), EcRRegisterPushNotification (4), EcDummyRpc (6),
//! EcDoAsyncConnectEx (14), AsyncEMSMDB EcDoAsyncWaitEx (0), and the legacy EcDoConnect (0) and
//! EcDoRpc (2) that Exchange 5.5 to 2003 era clients use (their layout as seen in zeek's
//! `mapi.pcap`). Context handles are the opaque 20-octet [`ContextHandle`].
//!
//! Decoding borrows the byte arrays; alignment octets and anything after the last parameter
//! are kept in [`Stub`], so `encode(decode(x)) == x` byte for byte.
//!
//! ```
//! use oxwire_mapi_rop::emsmdb::{self, Interface, Request};
//! use oxwire_mapi_rop::Limits;
//!
//! // EcDoAsyncConnectEx request: just the session's context handle.
//! let stub = [0u8; 20];
//! let call = emsmdb::decode_request(Interface::Emsmdb, 14, &stub, true, &Limits::default())?;
//! assert!(matches!(call.call, Request::AsyncConnectEx { .. }));
//! assert_eq!(emsmdb::encode_request(&call, true)?, stub);
//! # Ok::<(), oxwire_mapi_rop::Error>(())
//! ```

mod calls;
mod ndr_io;

use std::borrow::Cow;

pub use calls::{
    AuxIn, AuxOut, ConnectRequest, ConnectResponse, RegisterPushRequest, RegisterPushResponse,
    RpcExt2Request, RpcExt2Response, RpcRequest, RpcResponse,
};
pub use ndr_io::NdrBytes;
pub use oxwire_msrpc::ndr::ContextHandle;

use crate::error::{Error, Result};
use crate::limits::Limits;
use ndr_io::{In, Out};

/// EMSMDB interface UUID.
pub const EMSMDB_UUID: &str = "a4f1db00-ca47-1067-b31f-00dd010662da";
/// EMSMDB interface version (major, minor).
pub const EMSMDB_VERSION: (u16, u16) = (0, 81);
/// AsyncEMSMDB interface UUID.
pub const ASYNC_EMSMDB_UUID: &str = "5261574a-4572-206e-b268-6b199213b4e4";
/// AsyncEMSMDB interface version (major, minor).
pub const ASYNC_EMSMDB_VERSION: (u16, u16) = (0, 1);

/// Which of the two interfaces a call runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Interface {
    /// EMSMDB.
    Emsmdb,
    /// AsyncEMSMDB.
    AsyncEmsmdb,
}

/// The name of an operation.
pub fn opnum_name(interface: Interface, opnum: u16) -> Option<&'static str> {
    Some(match (interface, opnum) {
        (Interface::Emsmdb, 0) => "EcDoConnect",
        (Interface::Emsmdb, 1) => "EcDoDisconnect",
        (Interface::Emsmdb, 2) => "EcDoRpc",
        (Interface::Emsmdb, 4) => "EcRRegisterPushNotification",
        (Interface::Emsmdb, 6) => "EcDummyRpc",
        (Interface::Emsmdb, 10) => "EcDoConnectEx",
        (Interface::Emsmdb, 11) => "EcDoRpcExt2",
        (Interface::Emsmdb, 14) => "EcDoAsyncConnectEx",
        (Interface::AsyncEmsmdb, 0) => "EcDoAsyncWaitEx",
        _ => return None,
    })
}

/// A decoded stub: the call's parameters, the alignment octets as received and whatever
/// followed the last parameter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stub<'a, T> {
    /// The parameters.
    pub call: T,
    /// Alignment octets in wire order (replayed on encode; zeros where missing).
    pub padding: Vec<u8>,
    /// Octets after the last parameter (none in well-formed stubs).
    pub trailing: Cow<'a, [u8]>,
}

/// The `[in]` parameters of a call.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Request<'a> {
    /// Legacy EcDoConnect (0).
    Connect(ConnectRequest<'a>),
    /// EcDoDisconnect (1).
    Disconnect {
        /// `pcxh`.
        cxh: ContextHandle,
    },
    /// Legacy EcDoRpc (2).
    Rpc(RpcRequest<'a>),
    /// EcRRegisterPushNotification (4).
    RegisterPushNotification(RegisterPushRequest<'a>),
    /// EcDummyRpc (6): no parameters on the wire.
    DummyRpc,
    /// EcDoConnectEx (10).
    ConnectEx(ConnectRequest<'a>),
    /// EcDoRpcExt2 (11).
    RpcExt2(RpcExt2Request<'a>),
    /// EcDoAsyncConnectEx (14).
    AsyncConnectEx {
        /// `cxh`: the session's context handle.
        cxh: ContextHandle,
    },
    /// AsyncEMSMDB EcDoAsyncWaitEx (0).
    AsyncWaitEx {
        /// `acxh`: the asynchronous context handle.
        acxh: ContextHandle,
        /// `ulFlagsIn`.
        flags_in: u32,
    },
}

/// The `[out]` parameters and return value of a call.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Response<'a> {
    /// Legacy EcDoConnect (0).
    Connect(ConnectResponse<'a>),
    /// EcDoDisconnect (1).
    Disconnect {
        /// `pcxh` (null once disconnected).
        cxh: ContextHandle,
        /// The return value.
        status: u32,
    },
    /// Legacy EcDoRpc (2).
    Rpc(RpcResponse<'a>),
    /// EcRRegisterPushNotification (4).
    RegisterPushNotification(RegisterPushResponse),
    /// EcDummyRpc (6).
    DummyRpc {
        /// The return value.
        status: u32,
    },
    /// EcDoConnectEx (10).
    ConnectEx(ConnectResponse<'a>),
    /// EcDoRpcExt2 (11).
    RpcExt2(RpcExt2Response<'a>),
    /// EcDoAsyncConnectEx (14).
    AsyncConnectEx {
        /// `pacxh`.
        acxh: ContextHandle,
        /// The return value.
        status: u32,
    },
    /// AsyncEMSMDB EcDoAsyncWaitEx (0).
    AsyncWaitEx {
        /// `pulFlagsOut` (0x1: notifications pending).
        flags_out: u32,
        /// The return value.
        status: u32,
    },
}

fn unknown(opnum: u16) -> Error {
    Error::Invalid {
        what: "EMSMDB opnum",
        offset: 0,
        value: opnum.into(),
    }
}

fn finish<T>(i: In<'_>, call: T) -> Stub<'_, T> {
    let (padding, trailing) = i.finish();
    Stub {
        call,
        padding,
        trailing: Cow::Borrowed(trailing),
    }
}

/// Decodes a request stub (NDR20; `little_endian` from the PDU's data representation).
pub fn decode_request<'a>(
    interface: Interface,
    opnum: u16,
    stub: &'a [u8],
    little_endian: bool,
    limits: &Limits,
) -> Result<Stub<'a, Request<'a>>> {
    let mut i = In::new(stub, little_endian);
    let call = match (interface, opnum) {
        (Interface::Emsmdb, 0) => Request::Connect(ConnectRequest::read(&mut i, false, limits)?),
        (Interface::Emsmdb, 1) => Request::Disconnect { cxh: i.cxh()? },
        (Interface::Emsmdb, 2) => Request::Rpc(RpcRequest::read(&mut i, limits)?),
        (Interface::Emsmdb, 4) => {
            Request::RegisterPushNotification(RegisterPushRequest::read(&mut i)?)
        }
        (Interface::Emsmdb, 6) => Request::DummyRpc,
        (Interface::Emsmdb, 10) => Request::ConnectEx(ConnectRequest::read(&mut i, true, limits)?),
        (Interface::Emsmdb, 11) => Request::RpcExt2(RpcExt2Request::read(&mut i, limits)?),
        (Interface::Emsmdb, 14) => Request::AsyncConnectEx { cxh: i.cxh()? },
        (Interface::AsyncEmsmdb, 0) => Request::AsyncWaitEx {
            acxh: i.cxh()?,
            flags_in: i.u32()?,
        },
        _ => return Err(unknown(opnum)),
    };
    Ok(finish(i, call))
}

/// Decodes a response stub.
pub fn decode_response<'a>(
    interface: Interface,
    opnum: u16,
    stub: &'a [u8],
    little_endian: bool,
    limits: &Limits,
) -> Result<Stub<'a, Response<'a>>> {
    let mut i = In::new(stub, little_endian);
    let call = match (interface, opnum) {
        (Interface::Emsmdb, 0) => Response::Connect(ConnectResponse::read(&mut i, false, limits)?),
        (Interface::Emsmdb, 1) => Response::Disconnect {
            cxh: i.cxh()?,
            status: i.u32()?,
        },
        (Interface::Emsmdb, 2) => Response::Rpc(RpcResponse::read(&mut i, limits)?),
        (Interface::Emsmdb, 4) => {
            Response::RegisterPushNotification(RegisterPushResponse::read(&mut i)?)
        }
        (Interface::Emsmdb, 6) => Response::DummyRpc { status: i.u32()? },
        (Interface::Emsmdb, 10) => {
            Response::ConnectEx(ConnectResponse::read(&mut i, true, limits)?)
        }
        (Interface::Emsmdb, 11) => Response::RpcExt2(RpcExt2Response::read(&mut i, limits)?),
        (Interface::Emsmdb, 14) => Response::AsyncConnectEx {
            acxh: i.cxh()?,
            status: i.u32()?,
        },
        (Interface::AsyncEmsmdb, 0) => Response::AsyncWaitEx {
            flags_out: i.u32()?,
            status: i.u32()?,
        },
        _ => return Err(unknown(opnum)),
    };
    Ok(finish(i, call))
}

/// Encodes a request stub.
pub fn encode_request(stub: &Stub<'_, Request<'_>>, little_endian: bool) -> Result<Vec<u8>> {
    let mut o = Out::new(little_endian, &stub.padding);
    match &stub.call {
        Request::Connect(c) | Request::ConnectEx(c) => c.write(&mut o)?,
        Request::Disconnect { cxh } | Request::AsyncConnectEx { cxh } => o.cxh(cxh),
        Request::Rpc(c) => c.write(&mut o)?,
        Request::RegisterPushNotification(c) => c.write(&mut o)?,
        Request::DummyRpc => {}
        Request::RpcExt2(c) => c.write(&mut o)?,
        Request::AsyncWaitEx { acxh, flags_in } => {
            o.cxh(acxh);
            o.u32(*flags_in);
        }
    }
    Ok(o.finish(&stub.trailing))
}

/// Encodes a response stub.
pub fn encode_response(stub: &Stub<'_, Response<'_>>, little_endian: bool) -> Result<Vec<u8>> {
    let mut o = Out::new(little_endian, &stub.padding);
    match &stub.call {
        Response::Connect(c) | Response::ConnectEx(c) => c.write(&mut o)?,
        Response::Disconnect { cxh, status } => {
            o.cxh(cxh);
            o.u32(*status);
        }
        Response::Rpc(c) => c.write(&mut o)?,
        Response::RegisterPushNotification(c) => c.write(&mut o)?,
        Response::DummyRpc { status } => o.u32(*status),
        Response::RpcExt2(c) => c.write(&mut o)?,
        Response::AsyncConnectEx { acxh, status } => {
            o.cxh(acxh);
            o.u32(*status);
        }
        Response::AsyncWaitEx { flags_out, status } => {
            o.u32(*flags_out);
            o.u32(*status);
        }
    }
    Ok(o.finish(&stub.trailing))
}

/// The plain ROP buffer of a legacy EcDoRpc call (no RPC_HEADER_EXT): the XOR 0xA5 undone when
/// the buffer is obfuscated.
///
/// Whether it is obfuscated is not signalled on the wire; a ROP buffer starts with its 16-bit
/// `RopSize`, which cannot exceed the buffer, so the reading whose `RopSize` fits is taken
/// (plain first).
pub fn legacy_rop_buffer(rgb: &[u8]) -> Vec<u8> {
    let fits = |b: &[u8]| b.len() >= 2 && usize::from(u16::from_le_bytes([b[0], b[1]])) <= b.len();
    let mut v = rgb.to_vec();
    if !fits(&v) {
        crate::xor::xor_magic(&mut v);
        if !fits(&v) {
            v.copy_from_slice(rgb);
        }
    }
    v
}

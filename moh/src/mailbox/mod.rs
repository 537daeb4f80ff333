//! The request and response bodies of the mailbox server endpoint (`/mapi/emsmdb/`,
//! MS-OXCMAPIHTTP 2.2.4): Connect, Execute, Disconnect, NotificationWait, and PING, which has
//! no body at all (2.2.6).
//!
//! A body is what follows the blank line of the common request or response format (2.2.2);
//! for responses that means after the `DONE` meta-tag and the additional headers, which the
//! [`http`](crate::http) module strips. The `X-RequestType` header says which body it is, so
//! decoding takes a [`RequestType`] besides the octets.
//!
//! Every response starts with `StatusCode`. When it is 0 the body is the request type's
//! success body; otherwise it is the failure body, which holds nothing but `StatusCode` and
//! the auxiliary buffer (2.2.4.1.3, 2.2.4.2.3, 2.2.4.3.3, 2.2.4.4.3) and is kept as a
//! [`FailureResponse`] rather than a success body filled with zeros.
//!
//! ```
//! use oxwire_moh::mailbox::{self, ExecuteRequest, ExecuteFlags, MailboxRequest};
//! use oxwire_moh::{Limits, RequestType};
//! use oxwire_mapi_rop::ext_buffer::Flags;
//!
//! // A ROP buffer: RopSize 5, RopRelease (0x01) of handle index 0, a one-handle table.
//! let rops = [0x05, 0x00, 0x01, 0x00, 0x00, 0x34, 0x12, 0x00, 0x00];
//! let req = ExecuteRequest::from_rop_buffer(&rops, Flags::LAST, 0x8000)?;
//! let body = req.to_bytes()?;
//!
//! let MailboxRequest::Execute(back) =
//!     mailbox::decode_request(RequestType::Execute, &body, &Limits::default())?
//! else {
//!     unreachable!()
//! };
//! assert_eq!(back.flags, ExecuteFlags(0));
//! assert_eq!(back.rop_payloads(&Default::default())?, vec![rops.to_vec()]);
//! # Ok::<(), oxwire_moh::Error>(())
//! ```

pub mod connect;
pub mod disconnect;
pub mod execute;
pub mod notification_wait;

use std::num::NonZeroU32;

pub use connect::{ConnectRequest, ConnectResponse, ConnectSuccess};
pub use disconnect::{DisconnectRequest, DisconnectResponse, DisconnectSuccess};
pub use execute::{ExecuteFlags, ExecuteRequest, ExecuteResponse, ExecuteSuccess};
pub use notification_wait::{
    NotificationWaitRequest, NotificationWaitResponse, NotificationWaitSuccess,
};

use crate::aux_buffer::AuxiliaryBuffer;
use crate::error::{Error, Result};
use crate::limits::Limits;
use crate::reader::{put_u32, Reader};
use crate::request_type::RequestType;

/// A request body sent to the mailbox server endpoint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MailboxRequest<'a> {
    /// Connect (2.2.4.1.1).
    Connect(ConnectRequest<'a>),
    /// Execute (2.2.4.2.1).
    Execute(ExecuteRequest<'a>),
    /// Disconnect (2.2.4.3.1).
    Disconnect(DisconnectRequest<'a>),
    /// NotificationWait (2.2.4.4.1).
    NotificationWait(NotificationWaitRequest<'a>),
    /// PING (2.2.6): no body.
    Ping,
}

/// A response body returned by the mailbox server endpoint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MailboxResponse<'a> {
    /// Connect (2.2.4.1.2 / 2.2.4.1.3).
    Connect(ConnectResponse<'a>),
    /// Execute (2.2.4.2.2 / 2.2.4.2.3).
    Execute(ExecuteResponse<'a>),
    /// Disconnect (2.2.4.3.2 / 2.2.4.3.3).
    Disconnect(DisconnectResponse<'a>),
    /// NotificationWait (2.2.4.4.2 / 2.2.4.4.3).
    NotificationWait(NotificationWaitResponse<'a>),
    /// PING (2.2.6): no body.
    Ping,
}

/// The failure response body shared by every mailbox request type: a non-zero `StatusCode`
/// and the auxiliary buffer, nothing else.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FailureResponse<'a> {
    /// `StatusCode`, which the specification forbids to be 0 in a failure body.
    pub status_code: NonZeroU32,
    /// `AuxiliaryBufferSize` and `AuxiliaryBuffer`.
    pub aux: AuxiliaryBuffer<'a>,
}

impl<'a> FailureResponse<'a> {
    /// Reads the rest of a failure body whose `StatusCode` was already read.
    fn read_rest(
        status_code: NonZeroU32,
        r: &mut Reader<'a>,
        limits: &Limits,
        what: &'static str,
    ) -> Result<Self> {
        let aux = AuxiliaryBuffer::read(r, limits)?;
        r.finish(what)?;
        Ok(FailureResponse { status_code, aux })
    }

    /// Appends the body.
    pub fn encode(&self, out: &mut Vec<u8>) -> Result<()> {
        put_u32(out, self.status_code.get());
        self.aux.write(out)
    }

    /// Exact length of the encoded body.
    pub fn encoded_len(&self) -> usize {
        8 + self.aux.bytes.len()
    }

    /// An owned copy.
    pub fn into_owned(self) -> FailureResponse<'static> {
        FailureResponse {
            status_code: self.status_code,
            aux: self.aux.into_owned(),
        }
    }
}

/// Reads a response's `StatusCode`: `Ok(None)` for 0 (a success body follows), the code for
/// anything else (a failure body follows).
fn read_status(r: &mut Reader<'_>) -> Result<Option<NonZeroU32>> {
    Ok(NonZeroU32::new(r.u32("StatusCode")?))
}

/// Refuses a body longer than [`Limits::max_body`] before reading any of it.
fn check_body(body: &[u8], limits: &Limits, what: &'static str) -> Result<()> {
    if body.len() > limits.max_body {
        return Err(Error::LimitExceeded {
            what,
            offset: 0,
            value: body.len() as u64,
            limit: limits.max_body as u64,
        });
    }
    Ok(())
}

/// Reads a 32-bit size and that many octets, refusing sizes above `limit` before looking for
/// the octets.
fn read_sized<'a>(
    r: &mut Reader<'a>,
    limit: usize,
    size_what: &'static str,
    what: &'static str,
) -> Result<&'a [u8]> {
    let at = r.offset();
    let n = r.u32(size_what)?;
    if n as usize > limit {
        return Err(Error::LimitExceeded {
            what: size_what,
            offset: at,
            value: n.into(),
            limit: limit as u64,
        });
    }
    r.take(n as usize, what)
}

/// Checks that an 8-bit string can be written null-terminated and read back unchanged.
fn check_cstr(s: &[u8], at: usize, what: &'static str) -> Result<()> {
    match s.iter().position(|&b| b == 0) {
        Some(i) => Err(Error::Invalid {
            what,
            offset: at + i,
            value: 0,
        }),
        None => Ok(()),
    }
}

/// Checks that UTF-16LE octets can be written null-terminated and read back unchanged: whole
/// code units, none of them 0.
fn check_wstr(s: &[u8], at: usize, what: &'static str) -> Result<()> {
    if s.len() % 2 != 0 {
        return Err(Error::Invalid {
            what,
            offset: at,
            value: s.len() as u64,
        });
    }
    match s.chunks_exact(2).position(|u| u == [0, 0]) {
        Some(i) => Err(Error::Invalid {
            what,
            offset: at + 2 * i,
            value: 0,
        }),
        None => Ok(()),
    }
}

/// Encodes `s` as UTF-16LE octets, the form [`ConnectSuccess::display_name`] holds.
pub fn utf16le(s: &str) -> Vec<u8> {
    s.encode_utf16().flat_map(u16::to_le_bytes).collect()
}

/// Decodes UTF-16LE octets, replacing unpaired surrogates and a dangling odd octet.
pub fn from_utf16le(b: &[u8]) -> String {
    let units: Vec<u16> = b
        .chunks_exact(2)
        .map(|u| u16::from_le_bytes([u[0], u[1]]))
        .collect();
    let mut s = String::from_utf16_lossy(&units);
    if b.len() % 2 != 0 {
        s.push(char::REPLACEMENT_CHARACTER);
    }
    s
}

fn wrong_endpoint(t: RequestType) -> Error {
    Error::WrongEndpoint {
        request_type: t.as_str(),
        endpoint: "mailbox",
    }
}

/// Decodes a request body of request type `t` (the `X-RequestType` header).
///
/// Address book request types are refused with [`Error::WrongEndpoint`]; PING must have an
/// empty body.
pub fn decode_request<'a>(
    t: RequestType,
    body: &'a [u8],
    limits: &Limits,
) -> Result<MailboxRequest<'a>> {
    Ok(match t {
        RequestType::Connect => MailboxRequest::Connect(ConnectRequest::decode(body, limits)?),
        RequestType::Execute => MailboxRequest::Execute(ExecuteRequest::decode(body, limits)?),
        RequestType::Disconnect => {
            MailboxRequest::Disconnect(DisconnectRequest::decode(body, limits)?)
        }
        RequestType::NotificationWait => {
            MailboxRequest::NotificationWait(NotificationWaitRequest::decode(body, limits)?)
        }
        RequestType::Ping => {
            Reader::new(body).finish("PING request (no body)")?;
            MailboxRequest::Ping
        }
        other => return Err(wrong_endpoint(other)),
    })
}

/// Decodes a response body to a request of type `t`.
///
/// Address book request types are refused with [`Error::WrongEndpoint`]; PING must have an
/// empty body.
pub fn decode_response<'a>(
    t: RequestType,
    body: &'a [u8],
    limits: &Limits,
) -> Result<MailboxResponse<'a>> {
    Ok(match t {
        RequestType::Connect => MailboxResponse::Connect(ConnectResponse::decode(body, limits)?),
        RequestType::Execute => MailboxResponse::Execute(ExecuteResponse::decode(body, limits)?),
        RequestType::Disconnect => {
            MailboxResponse::Disconnect(DisconnectResponse::decode(body, limits)?)
        }
        RequestType::NotificationWait => {
            MailboxResponse::NotificationWait(NotificationWaitResponse::decode(body, limits)?)
        }
        RequestType::Ping => {
            Reader::new(body).finish("PING response (no body)")?;
            MailboxResponse::Ping
        }
        other => return Err(wrong_endpoint(other)),
    })
}

impl MailboxRequest<'_> {
    /// The request type this body goes with.
    pub fn request_type(&self) -> RequestType {
        match self {
            MailboxRequest::Connect(_) => RequestType::Connect,
            MailboxRequest::Execute(_) => RequestType::Execute,
            MailboxRequest::Disconnect(_) => RequestType::Disconnect,
            MailboxRequest::NotificationWait(_) => RequestType::NotificationWait,
            MailboxRequest::Ping => RequestType::Ping,
        }
    }

    /// Appends the body (nothing for PING).
    pub fn encode(&self, out: &mut Vec<u8>) -> Result<()> {
        match self {
            MailboxRequest::Connect(b) => b.encode(out),
            MailboxRequest::Execute(b) => b.encode(out),
            MailboxRequest::Disconnect(b) => b.encode(out),
            MailboxRequest::NotificationWait(b) => b.encode(out),
            MailboxRequest::Ping => Ok(()),
        }
    }

    /// Exact length of the encoded body.
    pub fn encoded_len(&self) -> usize {
        match self {
            MailboxRequest::Connect(b) => b.encoded_len(),
            MailboxRequest::Execute(b) => b.encoded_len(),
            MailboxRequest::Disconnect(b) => b.encoded_len(),
            MailboxRequest::NotificationWait(b) => b.encoded_len(),
            MailboxRequest::Ping => 0,
        }
    }

    /// The encoded body in a new vector.
    pub fn to_bytes(&self) -> Result<Vec<u8>> {
        let mut out = Vec::with_capacity(self.encoded_len());
        self.encode(&mut out)?;
        Ok(out)
    }

    /// An owned copy.
    pub fn into_owned(self) -> MailboxRequest<'static> {
        match self {
            MailboxRequest::Connect(b) => MailboxRequest::Connect(b.into_owned()),
            MailboxRequest::Execute(b) => MailboxRequest::Execute(b.into_owned()),
            MailboxRequest::Disconnect(b) => MailboxRequest::Disconnect(b.into_owned()),
            MailboxRequest::NotificationWait(b) => MailboxRequest::NotificationWait(b.into_owned()),
            MailboxRequest::Ping => MailboxRequest::Ping,
        }
    }
}

impl MailboxResponse<'_> {
    /// The request type this body answers.
    pub fn request_type(&self) -> RequestType {
        match self {
            MailboxResponse::Connect(_) => RequestType::Connect,
            MailboxResponse::Execute(_) => RequestType::Execute,
            MailboxResponse::Disconnect(_) => RequestType::Disconnect,
            MailboxResponse::NotificationWait(_) => RequestType::NotificationWait,
            MailboxResponse::Ping => RequestType::Ping,
        }
    }

    /// `StatusCode`: 0 for a success body (and for PING, which has none).
    pub fn status_code(&self) -> u32 {
        let failure = match self {
            MailboxResponse::Connect(ConnectResponse::Failure(f))
            | MailboxResponse::Execute(ExecuteResponse::Failure(f))
            | MailboxResponse::Disconnect(DisconnectResponse::Failure(f))
            | MailboxResponse::NotificationWait(NotificationWaitResponse::Failure(f)) => Some(f),
            _ => None,
        };
        failure.map_or(0, |f| f.status_code.get())
    }

    /// Appends the body (nothing for PING).
    pub fn encode(&self, out: &mut Vec<u8>) -> Result<()> {
        match self {
            MailboxResponse::Connect(b) => b.encode(out),
            MailboxResponse::Execute(b) => b.encode(out),
            MailboxResponse::Disconnect(b) => b.encode(out),
            MailboxResponse::NotificationWait(b) => b.encode(out),
            MailboxResponse::Ping => Ok(()),
        }
    }

    /// Exact length of the encoded body.
    pub fn encoded_len(&self) -> usize {
        match self {
            MailboxResponse::Connect(b) => b.encoded_len(),
            MailboxResponse::Execute(b) => b.encoded_len(),
            MailboxResponse::Disconnect(b) => b.encoded_len(),
            MailboxResponse::NotificationWait(b) => b.encoded_len(),
            MailboxResponse::Ping => 0,
        }
    }

    /// The encoded body in a new vector.
    pub fn to_bytes(&self) -> Result<Vec<u8>> {
        let mut out = Vec::with_capacity(self.encoded_len());
        self.encode(&mut out)?;
        Ok(out)
    }

    /// An owned copy.
    pub fn into_owned(self) -> MailboxResponse<'static> {
        match self {
            MailboxResponse::Connect(b) => MailboxResponse::Connect(b.into_owned()),
            MailboxResponse::Execute(b) => MailboxResponse::Execute(b.into_owned()),
            MailboxResponse::Disconnect(b) => MailboxResponse::Disconnect(b.into_owned()),
            MailboxResponse::NotificationWait(b) => {
                MailboxResponse::NotificationWait(b.into_owned())
            }
            MailboxResponse::Ping => MailboxResponse::Ping,
        }
    }
}

/// Generates the `Success` / `Failure` response enum of one request type with its decode,
/// encode, length and ownership methods.
macro_rules! response_enum {
    ($(#[$doc:meta])* $name:ident, $success:ident, $what:literal) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq)]
        pub enum $name<'a> {
            /// `StatusCode` 0: the success body.
            Success($success<'a>),
            /// `StatusCode` not 0: the failure body.
            Failure($crate::mailbox::FailureResponse<'a>),
        }

        impl<'a> $name<'a> {
            /// Reads a whole response body: the success body when `StatusCode` is 0, the
            /// failure body otherwise.
            pub fn decode(
                body: &'a [u8],
                limits: &$crate::limits::Limits,
            ) -> $crate::error::Result<Self> {
                $crate::mailbox::check_body(body, limits, concat!($what, " length"))?;
                let mut r = $crate::reader::Reader::new(body);
                match $crate::mailbox::read_status(&mut r)? {
                    None => Ok($name::Success($success::read_rest(&mut r, limits)?)),
                    Some(code) => Ok($name::Failure(
                        $crate::mailbox::FailureResponse::read_rest(code, &mut r, limits, $what)?,
                    )),
                }
            }

            /// Appends the body.
            pub fn encode(&self, out: &mut Vec<u8>) -> $crate::error::Result<()> {
                match self {
                    $name::Success(s) => s.encode(out),
                    $name::Failure(f) => f.encode(out),
                }
            }

            /// Exact length of the encoded body.
            pub fn encoded_len(&self) -> usize {
                match self {
                    $name::Success(s) => s.encoded_len(),
                    $name::Failure(f) => f.encoded_len(),
                }
            }

            /// The encoded body in a new vector.
            pub fn to_bytes(&self) -> $crate::error::Result<Vec<u8>> {
                let mut out = Vec::with_capacity(self.encoded_len());
                self.encode(&mut out)?;
                Ok(out)
            }

            /// An owned copy.
            pub fn into_owned(self) -> $name<'static> {
                match self {
                    $name::Success(s) => $name::Success(s.into_owned()),
                    $name::Failure(f) => $name::Failure(f.into_owned()),
                }
            }
        }
    };
}
pub(crate) use response_enum;

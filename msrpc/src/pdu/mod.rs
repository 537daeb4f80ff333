//! Connection-oriented PDUs: one zero-copy view type per packet type, and [`Pdu`] tying the
//! common header, the body and the authentication verifier together.
//!
//! Decoding borrows from the input; every variable part is kept as the bytes it was (stubs,
//! padding, reserved fields), so `encode(decode(x)) == x` holds byte for byte for every PDU
//! this module accepts. To build a PDU, fill the same structs with your own slices; `encode`
//! computes `frag_length` and `auth_length` from what it writes.

mod auth3;
mod bind;
mod bind_ack;
mod bind_nak;
mod fault;
mod request;
mod response;
mod rts;

pub use auth3::Auth3;
pub use bind::{Bind, ContextItem};
pub use bind_ack::{BindAck, ContextResult};
pub use bind_nak::BindNak;
pub use fault::Fault;
pub use request::Request;
pub use response::Response;
pub use rts::Rts;

use crate::auth::{Auth, SecTrailer, SEC_TRAILER_LEN};
use crate::error::{Error, Result};
use crate::header::{Header, PacketType, HEADER_LEN};
use crate::limits::Limits;
use crate::reader::{Reader, Writer};

/// The body of a PDU, by packet type.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PduBody<'a> {
    /// request (0).
    Request(Request<'a>),
    /// response (2).
    Response(Response<'a>),
    /// fault (3).
    Fault(Fault<'a>),
    /// bind (11).
    Bind(Bind<'a>),
    /// bind_ack (12).
    BindAck(BindAck<'a>),
    /// bind_nak (13).
    BindNak(BindNak<'a>),
    /// alter_context (14): the same layout as bind.
    AlterContext(Bind<'a>),
    /// alter_context_resp (15): the same layout as bind_ack.
    AlterContextResp(BindAck<'a>),
    /// auth3 (16).
    Auth3(Auth3<'a>),
    /// shutdown (17): no body; any bytes present are kept.
    Shutdown(&'a [u8]),
    /// co_cancel (18): no body; any bytes present are kept.
    CoCancel(&'a [u8]),
    /// orphaned (19): no body; any bytes present are kept.
    Orphaned(&'a [u8]),
    /// rts (20): flags and commands, decoded further by the RPC over HTTP layer.
    Rts(Rts<'a>),
}

impl PduBody<'_> {
    /// The packet type this body is encoded as.
    pub fn ptype(&self) -> PacketType {
        match self {
            PduBody::Request(_) => PacketType::REQUEST,
            PduBody::Response(_) => PacketType::RESPONSE,
            PduBody::Fault(_) => PacketType::FAULT,
            PduBody::Bind(_) => PacketType::BIND,
            PduBody::BindAck(_) => PacketType::BIND_ACK,
            PduBody::BindNak(_) => PacketType::BIND_NAK,
            PduBody::AlterContext(_) => PacketType::ALTER_CONTEXT,
            PduBody::AlterContextResp(_) => PacketType::ALTER_CONTEXT_RESP,
            PduBody::Auth3(_) => PacketType::AUTH3,
            PduBody::Shutdown(_) => PacketType::SHUTDOWN,
            PduBody::CoCancel(_) => PacketType::CO_CANCEL,
            PduBody::Orphaned(_) => PacketType::ORPHANED,
            PduBody::Rts(_) => PacketType::RTS,
        }
    }

    fn encoded_len(&self) -> usize {
        match self {
            PduBody::Request(b) => b.encoded_len(),
            PduBody::Response(b) => b.encoded_len(),
            PduBody::Fault(b) => b.encoded_len(),
            PduBody::Bind(b) | PduBody::AlterContext(b) => b.encoded_len(),
            PduBody::BindAck(b) | PduBody::AlterContextResp(b) => b.encoded_len(),
            PduBody::BindNak(b) => b.encoded_len(),
            PduBody::Auth3(b) => b.encoded_len(),
            PduBody::Shutdown(b) | PduBody::CoCancel(b) | PduBody::Orphaned(b) => b.len(),
            PduBody::Rts(b) => b.encoded_len(),
        }
    }

    fn encode(&self, w: &mut Writer<'_>) {
        match self {
            PduBody::Request(b) => b.encode(w),
            PduBody::Response(b) => b.encode(w),
            PduBody::Fault(b) => b.encode(w),
            PduBody::Bind(b) | PduBody::AlterContext(b) => b.encode(w),
            PduBody::BindAck(b) | PduBody::AlterContextResp(b) => b.encode(w),
            PduBody::BindNak(b) => b.encode(w),
            PduBody::Auth3(b) => b.encode(w),
            PduBody::Shutdown(b) | PduBody::CoCancel(b) | PduBody::Orphaned(b) => w.bytes(b),
            PduBody::Rts(b) => b.encode(w),
        }
    }

    /// Checks that every count fits the width of its wire field, so encoding cannot truncate.
    pub fn validate(&self) -> Result<()> {
        let check = |what, limit: usize, actual: usize| {
            if actual > limit {
                Err(Error::LimitExceeded {
                    what,
                    limit,
                    actual,
                })
            } else {
                Ok(())
            }
        };
        match self {
            PduBody::Bind(b) | PduBody::AlterContext(b) => b.validate(),
            PduBody::BindAck(a) | PduBody::AlterContextResp(a) => {
                check(
                    "bind_ack.sec_addr.length",
                    u16::MAX as usize,
                    a.sec_addr.len(),
                )?;
                check("bind_ack.p_result_list.n_results", 255, a.results.len())
            }
            PduBody::BindNak(n) => check(
                "bind_nak.versions.n_protocols",
                255,
                n.versions.as_ref().map_or(0, Vec::len),
            ),
            _ => Ok(()),
        }
    }

    /// The presentation context id, for the types that carry one.
    pub fn ctx_id(&self) -> Option<u16> {
        match self {
            PduBody::Request(b) => Some(b.ctx_id),
            PduBody::Response(b) => Some(b.ctx_id),
            PduBody::Fault(b) => Some(b.ctx_id),
            _ => None,
        }
    }

    /// The stub data of a request, response or fault.
    pub fn stub(&self) -> Option<&[u8]> {
        match self {
            PduBody::Request(b) => Some(b.stub),
            PduBody::Response(b) => Some(b.stub),
            PduBody::Fault(b) => Some(b.stub),
            _ => None,
        }
    }
}

/// One connection-oriented PDU.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Pdu<'a> {
    /// The common header as decoded (its lengths are recomputed on encode).
    pub header: Header,
    /// The body.
    pub body: PduBody<'a>,
    /// The authentication verifier, when `auth_length` is not zero.
    pub auth: Option<Auth<'a>>,
}

impl<'a> Pdu<'a> {
    /// Decodes the first PDU in `buf` with default [`Limits`]; returns it and its length.
    pub fn decode(buf: &'a [u8]) -> Result<(Pdu<'a>, usize)> {
        Self::decode_with(buf, &Limits::default())
    }

    /// Decodes the first PDU in `buf`; returns it and the number of bytes it used.
    pub fn decode_with(buf: &'a [u8], limits: &Limits) -> Result<(Pdu<'a>, usize)> {
        let header = Header::decode(buf)?;
        let frag_len = header.frag_length as usize;
        if header.frag_length > limits.max_frag_length {
            return Err(Error::LimitExceeded {
                what: "frag_length",
                limit: limits.max_frag_length as usize,
                actual: frag_len,
            });
        }
        let min = header.ptype.min_len();
        if frag_len < min {
            return Err(Error::FragLengthTooShort {
                frag_length: header.frag_length,
                min,
            });
        }
        if buf.len() < frag_len {
            return Err(Error::Truncated {
                what: "PDU body (frag_length)",
                offset: HEADER_LEN,
                needed: frag_len - HEADER_LEN,
                available: buf.len().saturating_sub(HEADER_LEN),
            });
        }
        let pdu = &buf[..frag_len];
        let le = header.drep.little_endian();
        let (body_bytes, auth) = if header.auth_length == 0 {
            (&pdu[HEADER_LEN..], None)
        } else {
            split_auth(&header, pdu, le)?
        };
        // Offsets in errors count from the start of the PDU.
        let mut r = Reader::with_base(body_bytes, le, HEADER_LEN);
        let body = match header.ptype {
            PacketType::REQUEST => PduBody::Request(Request::decode(&mut r, header.pfc_flags)?),
            PacketType::RESPONSE => PduBody::Response(Response::decode(&mut r)?),
            PacketType::FAULT => PduBody::Fault(Fault::decode(&mut r)?),
            PacketType::BIND => PduBody::Bind(Bind::decode(&mut r, limits)?),
            PacketType::ALTER_CONTEXT => PduBody::AlterContext(Bind::decode(&mut r, limits)?),
            PacketType::BIND_ACK => PduBody::BindAck(BindAck::decode(&mut r, limits)?),
            PacketType::ALTER_CONTEXT_RESP => {
                PduBody::AlterContextResp(BindAck::decode(&mut r, limits)?)
            }
            PacketType::BIND_NAK => PduBody::BindNak(BindNak::decode(&mut r)?),
            PacketType::AUTH3 => PduBody::Auth3(Auth3::decode(&mut r)?),
            PacketType::SHUTDOWN => PduBody::Shutdown(r.rest()),
            PacketType::CO_CANCEL => PduBody::CoCancel(r.rest()),
            PacketType::ORPHANED => PduBody::Orphaned(r.rest()),
            PacketType::RTS => PduBody::Rts(Rts::decode(&mut r)?),
            other => return Err(Error::UnknownPacketType(other.0)),
        };
        Ok((Pdu { header, body, auth }, frag_len))
    }

    /// A new PDU with a little-endian header; flags as given.
    pub fn new(body: PduBody<'a>, pfc_flags: u8, call_id: u32) -> Pdu<'a> {
        Pdu {
            header: Header::new(body.ptype(), pfc_flags, call_id),
            body,
            auth: None,
        }
    }

    /// Exact number of bytes [`encode`](Self::encode) writes.
    pub fn encoded_len(&self) -> usize {
        HEADER_LEN + self.body.encoded_len() + self.auth.as_ref().map_or(0, Auth::encoded_len)
    }

    /// Appends the PDU to `out`. `frag_length`, `auth_length`, `ptype` and `auth_pad_length`
    /// come from the parts actually written.
    ///
    /// Fails only when the PDU would not fit the 16-bit `frag_length`, the auth value the
    /// 16-bit `auth_length`, or the padding the 8-bit `auth_pad_length`.
    pub fn encode(&self, out: &mut Vec<u8>) -> Result<()> {
        self.body.validate()?;
        let len = self.encoded_len();
        let frag_length = u16::try_from(len).map_err(|_| Error::LimitExceeded {
            what: "encoded frag_length",
            limit: u16::MAX as usize,
            actual: len,
        })?;
        let (auth_length, pad_len) = match &self.auth {
            None => (0, 0),
            Some(a) => (
                u16::try_from(a.value.len()).map_err(|_| Error::LimitExceeded {
                    what: "auth_length",
                    limit: u16::MAX as usize,
                    actual: a.value.len(),
                })?,
                u8::try_from(a.pad.len()).map_err(|_| Error::LimitExceeded {
                    what: "auth_pad_length",
                    limit: u8::MAX as usize,
                    actual: a.pad.len(),
                })?,
            ),
        };
        out.reserve(len);
        let mut header = self.header;
        header.ptype = self.body.ptype();
        header.encode_with(frag_length, auth_length, out);
        let mut w = Writer::new(out, self.header.drep.little_endian());
        self.body.encode(&mut w);
        if let Some(a) = &self.auth {
            w.bytes(a.pad);
            SecTrailer {
                auth_pad_length: pad_len,
                ..a.trailer
            }
            .write(&mut w);
            w.bytes(a.value);
        }
        Ok(())
    }

    /// Convenience: the encoded bytes in a new vector.
    pub fn to_vec(&self) -> Result<Vec<u8>> {
        let mut v = Vec::with_capacity(self.encoded_len());
        self.encode(&mut v)?;
        Ok(v)
    }
}

/// Splits `stub | auth_pad | sec_trailer | auth_value` off the PDU.
fn split_auth<'a>(
    header: &Header,
    pdu: &'a [u8],
    le: bool,
) -> Result<(&'a [u8], Option<Auth<'a>>)> {
    let frag_len = pdu.len();
    let auth_len = header.auth_length as usize;
    let too_long = Error::AuthLengthTooLong {
        auth_length: header.auth_length,
        frag_length: header.frag_length,
    };
    let trailer_at = frag_len
        .checked_sub(auth_len + SEC_TRAILER_LEN)
        .ok_or(too_long.clone())?;
    // The fixed part of the body must come before the verifier.
    if trailer_at < header.ptype.min_len() {
        return Err(too_long);
    }
    let mut tr = Reader::new(&pdu[trailer_at..trailer_at + SEC_TRAILER_LEN], le);
    let trailer = SecTrailer::read(&mut tr)?;
    let body_all = &pdu[HEADER_LEN..trailer_at];
    let pad_len = trailer.auth_pad_length as usize;
    let fixed = header.ptype.min_len() - HEADER_LEN;
    if pad_len > body_all.len() - fixed {
        return Err(Error::AuthPadTooLong {
            pad: trailer.auth_pad_length,
            body: body_all.len() - fixed,
        });
    }
    let (body, pad) = body_all.split_at(body_all.len() - pad_len);
    Ok((
        body,
        Some(Auth {
            trailer,
            pad,
            value: &pdu[trailer_at + SEC_TRAILER_LEN..],
        }),
    ))
}

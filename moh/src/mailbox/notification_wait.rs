//! NotificationWait (MS-OXCMAPIHTTP 2.2.4.4): parks on the server until an event is pending
//! on the Session Context, the counterpart of EcDoAsyncWaitEx.
//!
//! Request body (2.2.4.4.1): `Flags` at 0 (reserved), the auxiliary buffer at 4.
//! Success response body (2.2.4.4.2): `StatusCode` (0) at 0, `ErrorCode` at 4, `EventPending`
//! at 8, the auxiliary buffer at 12.

use crate::aux_buffer::AuxiliaryBuffer;
use crate::error::Result;
use crate::limits::Limits;
use crate::reader::{put_u32, Reader};

use super::{check_body, response_enum};

/// The NotificationWait request body.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NotificationWaitRequest<'a> {
    /// `Flags`: reserved, 0 from conforming clients; other values are kept as sent.
    pub flags: u32,
    /// `AuxiliaryBufferSize` and `AuxiliaryBuffer`.
    pub aux: AuxiliaryBuffer<'a>,
}

impl<'a> NotificationWaitRequest<'a> {
    /// Reads a whole NotificationWait request body.
    pub fn decode(body: &'a [u8], limits: &Limits) -> Result<Self> {
        check_body(body, limits, "NotificationWait request length")?;
        let mut r = Reader::new(body);
        let flags = r.u32("NotificationWait request.Flags")?;
        let aux = AuxiliaryBuffer::read(&mut r, limits)?;
        r.finish("NotificationWait request")?;
        Ok(NotificationWaitRequest { flags, aux })
    }

    /// Appends the body.
    pub fn encode(&self, out: &mut Vec<u8>) -> Result<()> {
        put_u32(out, self.flags);
        self.aux.write(out)
    }

    /// Exact length of the encoded body.
    pub fn encoded_len(&self) -> usize {
        8 + self.aux.bytes.len()
    }

    /// The encoded body in a new vector.
    pub fn to_bytes(&self) -> Result<Vec<u8>> {
        let mut out = Vec::with_capacity(self.encoded_len());
        self.encode(&mut out)?;
        Ok(out)
    }

    /// An owned copy.
    pub fn into_owned(self) -> NotificationWaitRequest<'static> {
        NotificationWaitRequest {
            flags: self.flags,
            aux: self.aux.into_owned(),
        }
    }
}

/// The NotificationWait success response body (`StatusCode` 0, not stored).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NotificationWaitSuccess<'a> {
    /// `ErrorCode`: the return status of the operation.
    pub error_code: u32,
    /// `EventPending`: non-zero when an event is pending on the Session Context; kept as sent.
    pub event_pending: u32,
    /// `AuxiliaryBufferSize` and `AuxiliaryBuffer`.
    pub aux: AuxiliaryBuffer<'a>,
}

impl<'a> NotificationWaitSuccess<'a> {
    /// Reads the fields after `StatusCode`.
    pub(super) fn read_rest(r: &mut Reader<'a>, limits: &Limits) -> Result<Self> {
        let error_code = r.u32("NotificationWait response.ErrorCode")?;
        let event_pending = r.u32("NotificationWait response.EventPending")?;
        let aux = AuxiliaryBuffer::read(r, limits)?;
        r.finish("NotificationWait response")?;
        Ok(NotificationWaitSuccess {
            error_code,
            event_pending,
            aux,
        })
    }

    /// Whether an event is pending (the client then sends an Execute to fetch it).
    pub fn is_event_pending(&self) -> bool {
        self.event_pending != 0
    }

    /// Appends the body, `StatusCode` 0 first.
    pub fn encode(&self, out: &mut Vec<u8>) -> Result<()> {
        put_u32(out, 0);
        put_u32(out, self.error_code);
        put_u32(out, self.event_pending);
        self.aux.write(out)
    }

    /// Exact length of the encoded body.
    pub fn encoded_len(&self) -> usize {
        16 + self.aux.bytes.len()
    }

    /// An owned copy.
    pub fn into_owned(self) -> NotificationWaitSuccess<'static> {
        NotificationWaitSuccess {
            error_code: self.error_code,
            event_pending: self.event_pending,
            aux: self.aux.into_owned(),
        }
    }
}

response_enum!(
    /// A NotificationWait response body: success (2.2.4.4.2) or failure (2.2.4.4.3).
    NotificationWaitResponse,
    NotificationWaitSuccess,
    "NotificationWait response"
);

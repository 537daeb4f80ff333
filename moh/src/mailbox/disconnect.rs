//! Disconnect (MS-OXCMAPIHTTP 2.2.4.3): ends a Session Context, the counterpart of
//! EcDoDisconnect.
//!
//! Request body (2.2.4.3.1): the auxiliary buffer alone (`AuxiliaryBufferSize` at offset 0).
//! Success response body (2.2.4.3.2): `StatusCode` (0) at 0, `ErrorCode` at 4, the auxiliary
//! buffer at 8.

use crate::aux_buffer::AuxiliaryBuffer;
use crate::error::Result;
use crate::limits::Limits;
use crate::reader::{put_u32, Reader};

use super::{check_body, response_enum};

/// The Disconnect request body.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DisconnectRequest<'a> {
    /// `AuxiliaryBufferSize` and `AuxiliaryBuffer`.
    pub aux: AuxiliaryBuffer<'a>,
}

impl<'a> DisconnectRequest<'a> {
    /// Reads a whole Disconnect request body.
    pub fn decode(body: &'a [u8], limits: &Limits) -> Result<Self> {
        check_body(body, limits, "Disconnect request length")?;
        let mut r = Reader::new(body);
        let aux = AuxiliaryBuffer::read(&mut r, limits)?;
        r.finish("Disconnect request")?;
        Ok(DisconnectRequest { aux })
    }

    /// Appends the body.
    pub fn encode(&self, out: &mut Vec<u8>) -> Result<()> {
        self.aux.write(out)
    }

    /// Exact length of the encoded body.
    pub fn encoded_len(&self) -> usize {
        4 + self.aux.bytes.len()
    }

    /// The encoded body in a new vector.
    pub fn to_bytes(&self) -> Result<Vec<u8>> {
        let mut out = Vec::with_capacity(self.encoded_len());
        self.encode(&mut out)?;
        Ok(out)
    }

    /// An owned copy.
    pub fn into_owned(self) -> DisconnectRequest<'static> {
        DisconnectRequest {
            aux: self.aux.into_owned(),
        }
    }
}

/// The Disconnect success response body (`StatusCode` 0, not stored).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DisconnectSuccess<'a> {
    /// `ErrorCode`: the return status of the operation.
    pub error_code: u32,
    /// `AuxiliaryBufferSize` and `AuxiliaryBuffer`.
    pub aux: AuxiliaryBuffer<'a>,
}

impl<'a> DisconnectSuccess<'a> {
    /// Reads the fields after `StatusCode`.
    pub(super) fn read_rest(r: &mut Reader<'a>, limits: &Limits) -> Result<Self> {
        let error_code = r.u32("Disconnect response.ErrorCode")?;
        let aux = AuxiliaryBuffer::read(r, limits)?;
        r.finish("Disconnect response")?;
        Ok(DisconnectSuccess { error_code, aux })
    }

    /// Appends the body, `StatusCode` 0 first.
    pub fn encode(&self, out: &mut Vec<u8>) -> Result<()> {
        put_u32(out, 0);
        put_u32(out, self.error_code);
        self.aux.write(out)
    }

    /// Exact length of the encoded body.
    pub fn encoded_len(&self) -> usize {
        12 + self.aux.bytes.len()
    }

    /// An owned copy.
    pub fn into_owned(self) -> DisconnectSuccess<'static> {
        DisconnectSuccess {
            error_code: self.error_code,
            aux: self.aux.into_owned(),
        }
    }
}

response_enum!(
    /// A Disconnect response body: success (2.2.4.3.2) or failure (2.2.4.3.3).
    DisconnectResponse,
    DisconnectSuccess,
    "Disconnect response"
);

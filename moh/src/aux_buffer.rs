//! The `AuxiliaryBufferSize` / `AuxiliaryBuffer` pair that ends every request and response
//! body (MS-OXCMAPIHTTP 2.2.2.1, 2.2.2.2).
//!
//! The buffer holds the same RPC_HEADER_EXT and AUX_HEADER blocks as EMSMDB's `rgbAuxIn` /
//! `rgbAuxOut` (MS-OXCRPC 3.1.4.1.1.1.1), so it is kept as stored and decoded on demand with
//! `oxwire-mapi-rop`.

use std::borrow::Cow;

use oxwire_mapi_rop::aux_block::{self, AuxBlock};
use oxwire_mapi_rop::ext_buffer;

use crate::error::{Error, Result};
use crate::limits::Limits;
use crate::reader::{put_sized_bytes, Reader};

/// An auxiliary buffer as it appears on the wire (possibly empty).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AuxiliaryBuffer<'a> {
    /// The octets after `AuxiliaryBufferSize`: an RPC_HEADER_EXT chain, or nothing.
    pub bytes: Cow<'a, [u8]>,
}

impl<'a> AuxiliaryBuffer<'a> {
    /// An empty buffer (`AuxiliaryBufferSize` 0).
    pub fn empty() -> Self {
        AuxiliaryBuffer::default()
    }

    /// Reads `AuxiliaryBufferSize` and the buffer.
    pub fn read(r: &mut Reader<'a>, limits: &Limits) -> Result<Self> {
        let at = r.offset();
        let n = r.u32("AuxiliaryBufferSize")?;
        if n as usize > limits.max_aux_buffer {
            return Err(Error::LimitExceeded {
                what: "AuxiliaryBufferSize",
                offset: at,
                value: n as u64,
                limit: limits.max_aux_buffer as u64,
            });
        }
        let bytes = r.take(n as usize, "AuxiliaryBuffer")?;
        Ok(AuxiliaryBuffer {
            bytes: Cow::Borrowed(bytes),
        })
    }

    /// Writes `AuxiliaryBufferSize` and the buffer.
    pub fn write(&self, out: &mut Vec<u8>) -> Result<()> {
        put_sized_bytes(out, &self.bytes, "AuxiliaryBufferSize")
    }

    /// Builds a buffer holding `blocks` in one uncompressed, unobfuscated RPC_HEADER_EXT.
    pub fn from_blocks(blocks: &[AuxBlock<'_>]) -> Result<AuxiliaryBuffer<'static>> {
        if blocks.is_empty() {
            return Ok(AuxiliaryBuffer::empty());
        }
        let mut payload = Vec::new();
        aux_block::encode_blocks(blocks, &mut payload)?;
        let mut bytes = Vec::new();
        ext_buffer::encode_payload(&payload, ext_buffer::Flags::LAST, &mut bytes)?;
        Ok(AuxiliaryBuffer {
            bytes: Cow::Owned(bytes),
        })
    }

    /// The plain (de-obfuscated, decompressed) payloads of the RPC_HEADER_EXT chain; each
    /// payload is a run of AUX blocks for [`aux_block::decode_blocks`].
    pub fn payloads(&self, limits: &oxwire_mapi_rop::Limits) -> Result<Vec<Vec<u8>>> {
        if self.bytes.is_empty() {
            return Ok(Vec::new());
        }
        Ok(ext_buffer::plain_payloads(&self.bytes, limits)?)
    }

    /// An owned copy.
    pub fn into_owned(self) -> AuxiliaryBuffer<'static> {
        AuxiliaryBuffer {
            bytes: Cow::Owned(self.bytes.into_owned()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_buffer_is_a_zero_size() {
        let mut out = Vec::new();
        AuxiliaryBuffer::empty().write(&mut out).unwrap();
        assert_eq!(out, [0, 0, 0, 0]);
        let mut r = Reader::new(&out);
        assert_eq!(
            AuxiliaryBuffer::read(&mut r, &Limits::default()).unwrap(),
            AuxiliaryBuffer::empty()
        );
    }

    #[test]
    fn oversized_buffer_is_refused_before_reading_it() {
        let body = [0xff, 0xff, 0xff, 0x7f];
        let mut r = Reader::new(&body);
        assert!(matches!(
            AuxiliaryBuffer::read(&mut r, &Limits::default()),
            Err(Error::LimitExceeded { offset: 0, .. })
        ));
    }
}

//! Execute (MS-OXCMAPIHTTP 2.2.4.2): carries ROP requests to the mailbox server and their
//! responses back, the counterpart of EcDoRpcExt2 (MS-OXCRPC 3.1.4.2).
//!
//! Request body (2.2.4.2.1):
//!
//! | offset | field | size |
//! |---|---|---|
//! | 0 | `Flags` (`pulFlags`) | 4 |
//! | 4 | `RopBufferSize` (`cbIn`) | 4 |
//! | 8 | `RopBuffer` (`rgbIn`) | `RopBufferSize` |
//! | 8+n | `MaxRopOut` (`pcbOut`) | 4 |
//! | 12+n | `AuxiliaryBufferSize`, `AuxiliaryBuffer` | 4 + size |
//!
//! Success response body (2.2.4.2.2): `StatusCode` (0), `ErrorCode`, `Flags` (reserved),
//! `RopBufferSize`, `RopBuffer` (`rgbOut`), then the auxiliary buffer.
//!
//! `RopBuffer` is the same RPC_HEADER_EXT chain as EcDoRpcExt2's `rgbIn` / `rgbOut`
//! (MS-OXCRPC 3.1.4.2.1.1.1): each header is followed by a payload that may be LZ77-compressed
//! and XOR-obfuscated, and a response may chain several payloads. The body keeps the chain
//! as sent; [`ExecuteRequest::rop_payloads`] and [`ExecuteSuccess::rop_payloads`] undo the
//! transforms on demand.

use std::borrow::Cow;

use oxwire_mapi_rop::ext_buffer;

use crate::aux_buffer::AuxiliaryBuffer;
use crate::error::Result;
use crate::limits::Limits;
use crate::reader::{put_sized_bytes, put_u32, Reader};

use super::{check_body, read_sized, response_enum};

/// The `Flags` of an Execute request: EcDoRpcExt2's `pulFlags` (MS-OXCRPC 3.1.4.2), telling
/// the server how to build the response's ROP buffer. Unknown bits are kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct ExecuteFlags(pub u32);

impl ExecuteFlags {
    /// `NoCompression`: the server must not compress the response payloads.
    pub const NO_COMPRESSION: ExecuteFlags = ExecuteFlags(0x0000_0001);
    /// `NoXorMagic`: the server must not obfuscate the response payloads.
    pub const NO_XOR_MAGIC: ExecuteFlags = ExecuteFlags(0x0000_0002);
    /// `Chain`: the client accepts several chained payloads in the response.
    pub const CHAIN: ExecuteFlags = ExecuteFlags(0x0000_0004);

    /// Whether every bit of `other` is set.
    pub fn contains(self, other: ExecuteFlags) -> bool {
        self.0 & other.0 == other.0
    }

    /// Bits other than the three known ones.
    pub fn unknown(self) -> u32 {
        self.0 & !0x7
    }
}

impl core::ops::BitOr for ExecuteFlags {
    type Output = ExecuteFlags;
    fn bitor(self, rhs: ExecuteFlags) -> ExecuteFlags {
        ExecuteFlags(self.0 | rhs.0)
    }
}

/// The Execute request body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExecuteRequest<'a> {
    /// `Flags`.
    pub flags: ExecuteFlags,
    /// `RopBuffer`: the RPC_HEADER_EXT chain of ROP request payloads, as sent.
    pub rop_buffer: Cow<'a, [u8]>,
    /// `MaxRopOut`: the largest response `RopBuffer` the client accepts.
    pub max_rop_out: u32,
    /// `AuxiliaryBufferSize` and `AuxiliaryBuffer`.
    pub aux: AuxiliaryBuffer<'a>,
}

impl<'a> ExecuteRequest<'a> {
    /// Reads a whole Execute request body. `RopBufferSize` is checked against
    /// [`Limits::max_rop_buffer`] and the octets present; the chain itself is read by
    /// [`Self::rop_payloads`].
    pub fn decode(body: &'a [u8], limits: &Limits) -> Result<Self> {
        check_body(body, limits, "Execute request length")?;
        let mut r = Reader::new(body);
        let flags = ExecuteFlags(r.u32("Execute request.Flags")?);
        let rop_buffer = read_sized(
            &mut r,
            limits.max_rop_buffer,
            "Execute request.RopBufferSize",
            "Execute request.RopBuffer",
        )?;
        let max_rop_out = r.u32("Execute request.MaxRopOut")?;
        let aux = AuxiliaryBuffer::read(&mut r, limits)?;
        r.finish("Execute request")?;
        Ok(ExecuteRequest {
            flags,
            rop_buffer: Cow::Borrowed(rop_buffer),
            max_rop_out,
            aux,
        })
    }

    /// A request carrying one plain ROP buffer (`RopSize`, ROPs, server object handle table)
    /// in a single RPC_HEADER_EXT flagged `Last`, compressed and obfuscated as `ext_flags`
    /// asks (compression is dropped where it would not shrink the payload). `Flags` is 0 and
    /// the auxiliary buffer empty.
    pub fn from_rop_buffer(
        plain: &[u8],
        ext_flags: ext_buffer::Flags,
        max_rop_out: u32,
    ) -> Result<ExecuteRequest<'static>> {
        ExecuteRequest::from_rop_payloads(&[plain], ext_flags, max_rop_out)
    }

    /// A request carrying several plain ROP payloads packed in one chain (client packing,
    /// MS-OXCRPC 3.1.4.2.1.2), the last flagged `Last`.
    pub fn from_rop_payloads(
        payloads: &[&[u8]],
        ext_flags: ext_buffer::Flags,
        max_rop_out: u32,
    ) -> Result<ExecuteRequest<'static>> {
        let mut chain = Vec::new();
        ext_buffer::encode_chain(payloads, ext_flags, &mut chain)?;
        Ok(ExecuteRequest {
            flags: ExecuteFlags::default(),
            rop_buffer: Cow::Owned(chain),
            max_rop_out,
            aux: AuxiliaryBuffer::empty(),
        })
    }

    /// The plain ROP request payloads of `RopBuffer`, one per RPC_HEADER_EXT, XOR undone and
    /// LZ77 decompressed; each is a ROP buffer for `oxwire_mapi_rop::rop`.
    pub fn rop_payloads(&self, limits: &oxwire_mapi_rop::Limits) -> Result<Vec<Vec<u8>>> {
        Ok(ext_buffer::plain_payloads(&self.rop_buffer, limits)?)
    }

    /// Appends the body.
    pub fn encode(&self, out: &mut Vec<u8>) -> Result<()> {
        put_u32(out, self.flags.0);
        put_sized_bytes(out, &self.rop_buffer, "Execute request.RopBufferSize")?;
        put_u32(out, self.max_rop_out);
        self.aux.write(out)
    }

    /// Exact length of the encoded body.
    pub fn encoded_len(&self) -> usize {
        12 + self.rop_buffer.len() + 4 + self.aux.bytes.len()
    }

    /// The encoded body in a new vector.
    pub fn to_bytes(&self) -> Result<Vec<u8>> {
        let mut out = Vec::with_capacity(self.encoded_len());
        self.encode(&mut out)?;
        Ok(out)
    }

    /// An owned copy.
    pub fn into_owned(self) -> ExecuteRequest<'static> {
        ExecuteRequest {
            flags: self.flags,
            rop_buffer: Cow::Owned(self.rop_buffer.into_owned()),
            max_rop_out: self.max_rop_out,
            aux: self.aux.into_owned(),
        }
    }
}

/// The Execute success response body (`StatusCode` 0, not stored).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExecuteSuccess<'a> {
    /// `ErrorCode`: the return status of the operation.
    pub error_code: u32,
    /// `Flags`: reserved, 0 from conforming servers and ignored by clients; kept as sent.
    pub flags: u32,
    /// `RopBuffer`: the RPC_HEADER_EXT chain of ROP response payloads, as sent.
    pub rop_buffer: Cow<'a, [u8]>,
    /// `AuxiliaryBufferSize` and `AuxiliaryBuffer`.
    pub aux: AuxiliaryBuffer<'a>,
}

impl<'a> ExecuteSuccess<'a> {
    /// Reads the fields after `StatusCode`.
    pub(super) fn read_rest(r: &mut Reader<'a>, limits: &Limits) -> Result<Self> {
        let error_code = r.u32("Execute response.ErrorCode")?;
        let flags = r.u32("Execute response.Flags")?;
        let rop_buffer = read_sized(
            r,
            limits.max_rop_buffer,
            "Execute response.RopBufferSize",
            "Execute response.RopBuffer",
        )?;
        let aux = AuxiliaryBuffer::read(r, limits)?;
        r.finish("Execute response")?;
        Ok(ExecuteSuccess {
            error_code,
            flags,
            rop_buffer: Cow::Borrowed(rop_buffer),
            aux,
        })
    }

    /// A success body (`ErrorCode` 0) carrying plain ROP response payloads in one chain
    /// (server packing when there are several), compressed and obfuscated as `ext_flags`
    /// asks.
    pub fn from_rop_payloads(
        payloads: &[&[u8]],
        ext_flags: ext_buffer::Flags,
    ) -> Result<ExecuteSuccess<'static>> {
        let mut chain = Vec::new();
        ext_buffer::encode_chain(payloads, ext_flags, &mut chain)?;
        Ok(ExecuteSuccess {
            error_code: 0,
            flags: 0,
            rop_buffer: Cow::Owned(chain),
            aux: AuxiliaryBuffer::empty(),
        })
    }

    /// The plain ROP response payloads of `RopBuffer`, one per RPC_HEADER_EXT, XOR undone
    /// and LZ77 decompressed.
    pub fn rop_payloads(&self, limits: &oxwire_mapi_rop::Limits) -> Result<Vec<Vec<u8>>> {
        Ok(ext_buffer::plain_payloads(&self.rop_buffer, limits)?)
    }

    /// Appends the body, `StatusCode` 0 first.
    pub fn encode(&self, out: &mut Vec<u8>) -> Result<()> {
        put_u32(out, 0);
        put_u32(out, self.error_code);
        put_u32(out, self.flags);
        put_sized_bytes(out, &self.rop_buffer, "Execute response.RopBufferSize")?;
        self.aux.write(out)
    }

    /// Exact length of the encoded body.
    pub fn encoded_len(&self) -> usize {
        16 + self.rop_buffer.len() + 4 + self.aux.bytes.len()
    }

    /// An owned copy.
    pub fn into_owned(self) -> ExecuteSuccess<'static> {
        ExecuteSuccess {
            error_code: self.error_code,
            flags: self.flags,
            rop_buffer: Cow::Owned(self.rop_buffer.into_owned()),
            aux: self.aux.into_owned(),
        }
    }
}

response_enum!(
    /// An Execute response body: success (2.2.4.2.2) or failure (2.2.4.2.3).
    ExecuteResponse,
    ExecuteSuccess,
    "Execute response"
);

//! ROP input and output buffers (MS-OXCROPS 2.2.1): RopSize, RopsList,
//! ServerObjectHandleTable, and handle index resolution.
//!
//! ```
//! use oxwire_mapi_rop::rop::{LogonKinds, RopRequest, RopRequestBuffer};
//! // RopSize = 5, RopRelease (0x01, LogonId 0, InputHandleIndex 0), one handle.
//! let buf = [0x05, 0x00, 0x01, 0x00, 0x00, 0x78, 0x56, 0x34, 0x12];
//! let b = RopRequestBuffer::decode(&buf, &LogonKinds::default()).unwrap();
//! assert!(matches!(b.rops[0], RopRequest::Release(_)));
//! assert_eq!(b.resolve(0).unwrap(), 0x1234_5678);
//! let mut out = Vec::new();
//! b.encode(&mut out).unwrap();
//! assert_eq!(out, buf);
//! ```

use super::reader::{Put, Reader};
use super::wire::len_u16;
use super::{Limits, LogonKinds, ResponseContext, Result, RopError, RopRequest, RopResponse};

/// The three parts of a ROP buffer, before the ROPs are decoded.
#[derive(Clone, Debug, PartialEq)]
pub struct RopBuffer<'a> {
    /// The RopsList bytes.
    pub rops: &'a [u8],
    /// Offset of the RopsList in the buffer (always 2).
    pub rops_offset: usize,
    /// ServerObjectHandleTable.
    pub handles: Vec<u32>,
}

impl<'a> RopBuffer<'a> {
    /// Splits a buffer into RopsList and handle table, checking RopSize against the bytes
    /// present and the table against `limits`.
    pub fn split(buf: &'a [u8], limits: &Limits) -> Result<Self> {
        if buf.len() > limits.max_buffer {
            return Err(RopError::LimitExceeded {
                what: "ROP buffer",
                offset: 0,
                limit: limits.max_buffer,
                actual: buf.len(),
            });
        }
        let mut r = Reader::new(buf);
        let rop_size = r.u16("RopSize")? as usize;
        if rop_size < 2 || rop_size > buf.len() {
            return Err(RopError::Invalid {
                what: "RopSize",
                offset: 0,
                reason: "smaller than 2 or larger than the buffer",
            });
        }
        let table = &buf[rop_size..];
        if table.len() % 4 != 0 {
            return Err(RopError::Invalid {
                what: "ServerObjectHandleTable",
                offset: rop_size,
                reason: "length is not a multiple of 4",
            });
        }
        if table.len() / 4 > limits.max_handles {
            return Err(RopError::LimitExceeded {
                what: "ServerObjectHandleTable",
                offset: rop_size,
                limit: limits.max_handles,
                actual: table.len() / 4,
            });
        }
        let handles = table
            .chunks_exact(4)
            .map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]]))
            .collect();
        Ok(RopBuffer {
            rops: &buf[2..rop_size],
            rops_offset: 2,
            handles,
        })
    }
}

/// Resolves a handle index against a handle table.
pub fn resolve(handles: &[u32], index: u8, what: &'static str) -> Result<u32> {
    handles
        .get(index as usize)
        .copied()
        .ok_or(RopError::HandleIndexOutOfRange {
            what,
            index,
            len: handles.len(),
        })
}

fn encode_parts(
    out: &mut Vec<u8>,
    handles: &[u32],
    f: impl FnOnce(&mut Vec<u8>) -> Result<()>,
) -> Result<()> {
    let at = out.len();
    out.put_u16(0);
    f(out)?;
    let size = len_u16(out.len() - at, "RopSize")?;
    out[at..at + 2].copy_from_slice(&size.to_le_bytes());
    for h in handles {
        out.put_u32(*h);
    }
    Ok(())
}

/// A decoded ROP request buffer.
#[derive(Clone, Debug, PartialEq)]
pub struct RopRequestBuffer {
    /// RopsList.
    pub rops: Vec<RopRequest>,
    /// ServerObjectHandleTable.
    pub handles: Vec<u32>,
}

impl RopRequestBuffer {
    /// Decodes a request buffer with default [`Limits`].
    pub fn decode(buf: &[u8], logons: &LogonKinds) -> Result<Self> {
        Self::decode_with_limits(buf, logons, &Limits::default())
    }

    /// Decodes a request buffer.
    pub fn decode_with_limits(buf: &[u8], logons: &LogonKinds, limits: &Limits) -> Result<Self> {
        let parts = RopBuffer::split(buf, limits)?;
        let mut r = Reader::with_base(parts.rops, parts.rops_offset);
        let mut rops = Vec::new();
        while !r.is_empty() {
            rops.push(RopRequest::read(&mut r, logons)?);
        }
        Ok(RopRequestBuffer {
            rops,
            handles: parts.handles,
        })
    }

    /// Encodes RopSize, the ROPs and the handle table.
    pub fn encode(&self, out: &mut Vec<u8>) -> Result<()> {
        encode_parts(out, &self.handles, |out| {
            for rop in &self.rops {
                rop.write(out)?;
            }
            Ok(())
        })
    }

    /// The handle stored at `index`.
    pub fn resolve(&self, index: u8) -> Result<u32> {
        resolve(&self.handles, index, "handle index")
    }

    /// Checks that every handle index of every ROP points into the handle table.
    pub fn check_handle_indexes(&self) -> Result<()> {
        for rop in &self.rops {
            for (what, i) in [
                ("InputHandleIndex", rop.input_handle_index()),
                ("OutputHandleIndex", rop.output_handle_index()),
                ("DestHandleIndex", rop.dest_handle_index()),
            ] {
                if let Some(i) = i {
                    resolve(&self.handles, i, what)?;
                }
            }
        }
        Ok(())
    }
}

/// A decoded ROP response buffer.
#[derive(Clone, Debug, PartialEq)]
pub struct RopResponseBuffer {
    /// RopsList.
    pub rops: Vec<RopResponse>,
    /// ServerObjectHandleTable.
    pub handles: Vec<u32>,
}

impl RopResponseBuffer {
    /// Decodes a response buffer using one context for every ROP (enough for buffers whose
    /// ROPs need none, or one; [`crate::session::RopSession`] pairs each response with its
    /// request instead).
    pub fn decode(buf: &[u8], ctx: &ResponseContext<'_>) -> Result<Self> {
        let parts = RopBuffer::split(buf, &Limits::default())?;
        let mut r = Reader::with_base(parts.rops, parts.rops_offset);
        let mut rops = Vec::new();
        while !r.is_empty() {
            rops.push(RopResponse::read(&mut r, ctx)?);
        }
        Ok(RopResponseBuffer {
            rops,
            handles: parts.handles,
        })
    }

    /// Encodes RopSize, the ROPs and the handle table.
    pub fn encode(&self, out: &mut Vec<u8>) -> Result<()> {
        encode_parts(out, &self.handles, |out| {
            for rop in &self.rops {
                rop.write(out)?;
            }
            Ok(())
        })
    }

    /// The handle stored at `index`.
    pub fn resolve(&self, index: u8) -> Result<u32> {
        resolve(&self.handles, index, "handle index")
    }
}

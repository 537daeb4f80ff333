//! ROP request and response buffers (MS-OXCROPS).
//!
//! A ROP buffer is `RopSize` (u16, counting itself), a `RopsList` of back-to-back ROPs, and a
//! `ServerObjectHandleTable` of u32 handles filling the rest ([`buffer`]). Requests are
//! self-describing; some responses are not: RopQueryRows needs the columns of the table's
//! last RopSetColumns, RopGetPropertiesSpecific the tags it asked for, RopLogon the logon
//! flags. A [`ResponseContext`] supplies those; [`crate::session::RopSession`] builds it from
//! the paired request and the handles it has seen.
//!
//! Every ROP has a request type `Rop<Name>Request` (LogonId, handle indexes, then the
//! fields in wire order) and, where it has a success body, `Rop<Name>Response`. The
//! [`RopRequest`] and [`RopResponse`] enums dispatch on RopId; [`catalog`] lists every
//! RopId of MS-OXCROPS 2.2.2 with its status.

pub mod catalog;
pub(crate) mod error;
pub(crate) mod macros;
pub(crate) mod reader;
pub(crate) mod wire;

pub mod buffer;
pub mod control;
pub mod fast_transfer;
pub mod folder;
pub mod ics;
pub mod logon;
pub mod message;
pub mod notification;
pub mod permission;
pub mod property;
mod registry;
pub mod rule;
pub mod stream;
pub mod table;
pub mod transport;

pub use buffer::{RopBuffer, RopRequestBuffer, RopResponseBuffer};
pub use error::{Result, RopError};
pub use reader::Reader;
pub use registry::{rop_name, RopRequest, RopResponse};
pub use wire::{Bytes16, Bytes32, TString, Wire};

use crate::prop::PropTag;

/// Bounds on what a ROP buffer may make the decoder hold.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    /// Largest ROP buffer accepted (MS-OXCRPC 3.1.4.2: rgbIn and pcbOut are at most
    /// 0x40000 bytes).
    pub max_buffer: usize,
    /// Entries in a ServerObjectHandleTable. Handle indexes are one byte, so 256 is the
    /// most a ROP can address.
    pub max_handles: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_buffer: 0x40000,
            max_handles: 256,
        }
    }
}

/// Handle indexes and logon id common to every request.
pub trait RequestHandles {
    /// LogonId.
    fn logon_id(&self) -> u8;
    /// InputHandleIndex (or SourceHandleIndex), when the ROP has one.
    fn input_handle_index(&self) -> Option<u8> {
        None
    }
    /// OutputHandleIndex, when the ROP creates an object.
    fn output_handle_index(&self) -> Option<u8> {
        None
    }
    /// DestHandleIndex of the copy and move ROPs.
    fn dest_handle_index(&self) -> Option<u8> {
        None
    }
}

/// Which logons are public-folder logons; changes the shape of RopSetMessageReadFlag.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct LogonKinds {
    public: [u64; 4],
}

impl LogonKinds {
    /// Records whether `logon_id` is a public-folder logon.
    pub fn set_public(&mut self, logon_id: u8, public: bool) {
        let (w, b) = ((logon_id / 64) as usize, logon_id % 64);
        if public {
            self.public[w] |= 1 << b;
        } else {
            self.public[w] &= !(1 << b);
        }
    }
    /// Whether `logon_id` is a public-folder logon (unknown logons count as private).
    pub fn is_public(&self, logon_id: u8) -> bool {
        self.public[(logon_id / 64) as usize] & (1 << (logon_id % 64)) != 0
    }
}

/// What a response's shape depends on, taken from its request and the session.
#[derive(Clone, Copy, Debug, Default)]
pub struct ResponseContext<'a> {
    /// Columns of the table (RopSetColumns) for RopQueryRows, RopFindRow, RopExpandRow.
    pub columns: Option<&'a [PropTag]>,
    /// PropertyTags of the RopGetPropertiesSpecific request.
    pub property_tags: Option<&'a [PropTag]>,
    /// LogonFlags of the RopLogon request.
    pub logon_flags: Option<u8>,
    /// Public-folder logons, for RopSetMessageReadFlag.
    pub logons: LogonKinds,
}

/// A response body whose presence or shape depends on the ReturnValue (and maybe on the
/// request).
pub trait ResponseBody: Sized {
    /// Reads the part after RopId, handle index and ReturnValue.
    fn read_body(r: &mut Reader<'_>, rc: u32, ctx: &ResponseContext<'_>) -> Result<Self>;
    /// Writes the part after RopId, handle index and ReturnValue.
    fn write_body(&self, out: &mut Vec<u8>) -> Result<()>;
}

/// Bodies present only on success.
impl<T: Wire> ResponseBody for Option<T> {
    fn read_body(r: &mut Reader<'_>, rc: u32, _ctx: &ResponseContext<'_>) -> Result<Self> {
        if rc == 0 {
            Ok(Some(T::read(r)?))
        } else {
            Ok(None)
        }
    }
    fn write_body(&self, out: &mut Vec<u8>) -> Result<()> {
        match self {
            Some(b) => b.write(out),
            None => Ok(()),
        }
    }
}

/// ecWarnWithErrors: a success with per-item failures (MS-OXCDATA 2.4.2).
pub const WARN_WITH_ERRORS: u32 = 0x0004_0380;
/// ecNullObject-like "destination is null" (0x503) of the copy and move ROPs.
pub const NULL_DESTINATION_OBJECT: u32 = 0x0000_0503;
/// ecServerBusy-like backoff return (0x480) of RopFastTransferSourceGetBuffer.
pub const SERVER_BUSY: u32 = 0x0000_0480;
/// ecWrongServer (0x478): RopLogon redirect.
pub const WRONG_SERVER: u32 = 0x0000_0478;

/// A body present on success and on ecWarnWithErrors.
#[derive(Clone, Debug, PartialEq)]
pub struct OkOrWarn<T>(pub Option<T>);

impl<T: Wire> ResponseBody for OkOrWarn<T> {
    fn read_body(r: &mut Reader<'_>, rc: u32, _ctx: &ResponseContext<'_>) -> Result<Self> {
        if rc == 0 || rc == WARN_WITH_ERRORS {
            Ok(OkOrWarn(Some(T::read(r)?)))
        } else {
            Ok(OkOrWarn(None))
        }
    }
    fn write_body(&self, out: &mut Vec<u8>) -> Result<()> {
        match &self.0 {
            Some(b) => b.write(out),
            None => Ok(()),
        }
    }
}

/// A response with the common header: handle index (input or output, as the ROP says) and
/// ReturnValue, then the body.
#[derive(Clone, Debug, PartialEq)]
pub struct Reply<B> {
    /// InputHandleIndex or OutputHandleIndex.
    pub handle_index: u8,
    /// ReturnValue.
    pub return_code: u32,
    /// What follows.
    pub body: B,
}

impl<B: ResponseBody> Reply<B> {
    pub(crate) fn read(r: &mut Reader<'_>, ctx: &ResponseContext<'_>) -> Result<Self> {
        let handle_index = r.u8("HandleIndex")?;
        let return_code = r.u32("ReturnValue")?;
        let body = B::read_body(r, return_code, ctx)?;
        Ok(Reply {
            handle_index,
            return_code,
            body,
        })
    }
    pub(crate) fn write(&self, out: &mut Vec<u8>) -> Result<()> {
        out.push(self.handle_index);
        out.extend_from_slice(&self.return_code.to_le_bytes());
        self.body.write_body(out)
    }
}

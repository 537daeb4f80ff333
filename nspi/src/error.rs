//! The crate's error type.

use oxwire_msrpc::ndr::NdrError;

/// What went wrong while decoding or encoding an NSPI, RFR or MAPI over HTTP address book item.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The NDR stub of a call could not be read or written.
    #[error("{call} {dir}: {source}")]
    Ndr {
        /// Call being handled (`"NspiQueryRows"`).
        call: &'static str,
        /// `"request"` or `"response"`.
        dir: &'static str,
        /// The NDR runtime's error, with the item and stub offset.
        source: NdrError,
    },
    /// An NDR item outside any call (a type decoded on its own).
    #[error(transparent)]
    NdrItem(#[from] NdrError),
    /// Octets left after the last parameter of a call.
    #[error("{call} {dir}: {count} octets follow the last parameter at offset {offset}")]
    TrailingBytes {
        /// Call being decoded.
        call: &'static str,
        /// `"request"` or `"response"`.
        dir: &'static str,
        /// Stub offset where the unread octets start.
        offset: usize,
        /// Number of unread octets.
        count: usize,
    },
    /// The opnum is defined by the specification but never sent on the wire.
    #[error("opnum {opnum} ({name}) is not used on the wire")]
    NotUsedOnWire {
        /// The opnum.
        opnum: u16,
        /// Its placeholder name in the specification's IDL.
        name: &'static str,
    },
    /// The opnum is beyond the interface's last method.
    #[error("opnum {opnum} is not a method of {interface}")]
    UnknownOpnum {
        /// The opnum.
        opnum: u16,
        /// Interface name.
        interface: &'static str,
    },
    /// A little-endian (MAPI over HTTP) item ended early.
    #[error("truncated {what} at offset {offset}: {needed} more octets needed")]
    Truncated {
        /// Item being read.
        what: &'static str,
        /// Offset where it starts.
        offset: usize,
        /// Octets missing.
        needed: usize,
    },
    /// A value that selects no known layout (property type, flag).
    #[error("unsupported {what} {value:#x} at offset {offset}")]
    Unsupported {
        /// Item being read.
        what: &'static str,
        /// Offset of the value.
        offset: usize,
        /// The value found.
        value: u32,
    },
    /// A count exceeds the specification's bound or the remaining input.
    #[error("{what} count {count} at offset {offset} exceeds {limit}")]
    CountTooLarge {
        /// Item being read.
        what: &'static str,
        /// Offset of the count.
        offset: usize,
        /// The count found.
        count: u64,
        /// The bound that applied.
        limit: u64,
    },
    /// A value cannot be expressed in its wire field (writer side).
    #[error("{what} does not fit its wire field")]
    Unencodable {
        /// Item being written.
        what: &'static str,
    },
}

/// Result type of this crate.
pub type Result<T, E = Error> = core::result::Result<T, E>;

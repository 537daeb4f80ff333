//! The crate's error type.

use oxwire_msrpc::ndr::NdrError;

/// What went wrong while decoding or encoding EMSMDB calls, extended buffers, auxiliary blocks
/// or ROP buffers.
///
/// Every variant names the item being handled (`what`, e.g. `"RPC_HEADER_EXT.SizeActual"`) and
/// the offset, relative to the start of the buffer being read, where it happened.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The input ended before `needed` more octets of `what` could be read.
    #[error("truncated reading {what} at offset {offset}: {needed} more octets needed")]
    Truncated {
        /// Item being read.
        what: &'static str,
        /// Offset where the item starts.
        offset: usize,
        /// Octets that were missing.
        needed: usize,
    },
    /// A value goes beyond a configured [`Limits`](crate::Limits) bound or a field's width.
    #[error("{what} at offset {offset} is {value}, above the limit {limit}")]
    LimitExceeded {
        /// Item being read or written.
        what: &'static str,
        /// Offset of the item.
        offset: usize,
        /// Value found.
        value: u64,
        /// The bound.
        limit: u64,
    },
    /// A field holds a value the format does not allow.
    #[error("invalid {what} at offset {offset}: {value:#x}")]
    Invalid {
        /// Item being read.
        what: &'static str,
        /// Offset of the item.
        offset: usize,
        /// The offending value.
        value: u64,
    },
    /// Two fields that must agree do not (a size against the bytes it describes).
    #[error("{what} at offset {offset}: expected {expected}, found {found}")]
    Mismatch {
        /// What was compared.
        what: &'static str,
        /// Offset of the item.
        offset: usize,
        /// Value the format requires.
        expected: u64,
        /// Value found.
        found: u64,
    },
    /// A plain LZ77 (MS-XCA 2.3/2.4) stream is malformed.
    #[error("malformed LZ77 stream: {what} at input offset {offset}")]
    Lz77 {
        /// What is wrong.
        what: &'static str,
        /// Offset in the compressed input.
        offset: usize,
    },
    /// A plain LZ77 stream expands past the output bound it was given.
    #[error("LZ77 stream at input offset {offset} expands past its limit of {limit} octets")]
    Lz77Overflow {
        /// Offset in the compressed input of the symbol that overflowed.
        offset: usize,
        /// The output bound.
        limit: usize,
    },
    /// Something the codec does not handle (e.g. an NDR64 EMSMDB stub).
    #[error("unsupported {what}")]
    Unsupported {
        /// What is not supported.
        what: &'static str,
    },
    /// An NDR stub could not be read or written.
    #[error(transparent)]
    Ndr(#[from] NdrError),
}

/// Result type of this crate.
pub type Result<T, E = Error> = core::result::Result<T, E>;

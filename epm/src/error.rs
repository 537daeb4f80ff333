//! The crate's error type.

use oxwire_msrpc::ndr::NdrError;

/// What went wrong while reading or writing endpoint mapper data.
///
/// Offsets are relative to the start of the item named: the stub for NDR errors, the tower
/// octet string for tower errors, the text for string-binding errors.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The NDR layer failed (truncation, a count past the data, a null reference pointer...).
    #[error("NDR: {0}")]
    Ndr(#[from] NdrError),
    /// A tower ended before `needed` more octets of `what` could be read.
    #[error("truncated tower reading {what} at offset {offset}: {needed} more octets needed")]
    Truncated {
        /// Item being read.
        what: &'static str,
        /// Offset inside the tower octet string.
        offset: usize,
        /// Octets missing.
        needed: usize,
    },
    /// A value broke a rule of the format.
    #[error("invalid {what} at offset {offset}: {reason}")]
    Invalid {
        /// Item being read or written.
        what: &'static str,
        /// Offset of the item.
        offset: usize,
        /// The rule that was broken.
        reason: &'static str,
    },
    /// A count exceeded one of the crate's [`Limits`](crate::Limits).
    #[error("limit exceeded for {what} at offset {offset}: {value} > {limit}")]
    LimitExceeded {
        /// Item being read.
        what: &'static str,
        /// Offset of the count.
        offset: usize,
        /// The value found.
        value: u64,
        /// The configured limit.
        limit: u64,
    },
    /// Octets remained after the last parameter of a stub.
    #[error("{count} octets follow the last parameter of {what} at offset {offset}")]
    TrailingBytes {
        /// The call being decoded.
        what: &'static str,
        /// Stub offset of the first unread octet.
        offset: usize,
        /// How many octets remained.
        count: usize,
    },
    /// An opnum the endpoint mapper interface does not define.
    #[error("opnum {opnum} is not an endpoint mapper operation")]
    UnknownOpnum {
        /// The operation number.
        opnum: u16,
    },
}

/// Result type of this crate.
pub type Result<T, E = Error> = core::result::Result<T, E>;

//! Errors raised while reading or writing NDR stub data.

/// What went wrong while decoding or encoding NDR.
///
/// Every variant names the item being handled (`what`, for example
/// `"conformant array max_count"`) and the stub offset where it happened, so a
/// failure in a deep structure can be located without a debugger.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum NdrError {
    /// The stub ended before `needed` more octets of `what` could be read.
    #[error("truncated NDR reading {what} at offset {offset}: {needed} more octets needed")]
    Truncated {
        /// Item being read.
        what: &'static str,
        /// Stub offset where the item starts (after alignment).
        offset: usize,
        /// Octets that were missing.
        needed: usize,
    },
    /// A count cannot be satisfied by the bytes that remain (or does not fit
    /// the target integer type when writing).
    #[error("NDR count {count} for {what} at offset {offset} exceeds the available data")]
    CountTooLarge {
        /// Item being read or written.
        what: &'static str,
        /// Stub offset of the count or the array.
        offset: usize,
        /// The offending count.
        count: u64,
    },
    /// A configured [`Limits`](super::Limits) value was exceeded.
    #[error("NDR limit exceeded for {what} at offset {offset}: {value} > {limit}")]
    LimitExceeded {
        /// Item being read.
        what: &'static str,
        /// Stub offset.
        offset: usize,
        /// Value found.
        value: u64,
        /// Configured limit.
        limit: u64,
    },
    /// A varying array's `offset + actual_count` goes beyond its maximum count.
    #[error(
        "bad NDR variance for {what} at offset {offset}: offset {var_offset} + actual {actual} > max {max}"
    )]
    BadVarying {
        /// Item being read or written.
        what: &'static str,
        /// Stub offset of the variance.
        offset: usize,
        /// The transmitted offset.
        var_offset: u64,
        /// The transmitted actual count.
        actual: u64,
        /// The maximum count (conformance or fixed bound).
        max: u64,
    },
    /// A reference pointer was null, which NDR forbids.
    #[error("null reference pointer for {what} at offset {offset}")]
    NullRefPointer {
        /// Item being read.
        what: &'static str,
        /// Stub offset of the referent id.
        offset: usize,
    },
    /// A union discriminant selects no known arm.
    #[error("unknown union arm {discriminant:#x} for {what} at offset {offset}")]
    UnknownUnionArm {
        /// Union being read or written.
        what: &'static str,
        /// Stub offset of the discriminant.
        offset: usize,
        /// The discriminant value.
        discriminant: u64,
    },
    /// A string's transmitted characters do not end with the NUL terminator.
    #[error("missing string terminator for {what} at offset {offset}")]
    MissingTerminator {
        /// Item being read.
        what: &'static str,
        /// Stub offset of the string data.
        offset: usize,
    },
    /// A string's characters are not valid in the requested encoding.
    #[error("invalid string data for {what} at offset {offset}")]
    InvalidString {
        /// Item being read.
        what: &'static str,
        /// Stub offset of the string data.
        offset: usize,
    },
    /// An `enum` value is outside 0..=0x7fff, the range NDR allows.
    #[error("enum value {value} out of range for {what} at offset {offset}")]
    EnumOutOfRange {
        /// Item being read or written.
        what: &'static str,
        /// Stub offset.
        offset: usize,
        /// The value found.
        value: u64,
    },
    /// A full pointer alias names a key that was never transmitted with a
    /// referent (writer side).
    #[error("full pointer alias {key:#x} for {what} at offset {offset} has no referent")]
    UnknownFullPointer {
        /// Item being written.
        what: &'static str,
        /// Stub offset.
        offset: usize,
        /// The alias key.
        key: u64,
    },
}

/// Result type of the NDR runtime.
pub type Result<T, E = NdrError> = core::result::Result<T, E>;

//! Errors of the ROP, property and FastTransfer codecs.

/// Everything that can go wrong while decoding ROP buffers, property values and FastTransfer
/// streams.
///
/// `what` names the field being read after its MS-OXCROPS / MS-OXCDATA / MS-OXCFXICS name and
/// `offset` is counted from the start of the buffer handed to the decoder.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum RopError {
    /// The input ended before a field was complete.
    #[error("truncated {what} at offset {offset}: need {needed} bytes, have {available}")]
    Truncated {
        /// The field being read.
        what: &'static str,
        /// Offset of the field.
        offset: usize,
        /// Bytes the field needs.
        needed: usize,
        /// Bytes that were left.
        available: usize,
    },
    /// A field holds a value that is not allowed here.
    #[error("invalid {what} at offset {offset}: {reason}")]
    Invalid {
        /// The field.
        what: &'static str,
        /// Offset of the field.
        offset: usize,
        /// Why the value is refused.
        reason: &'static str,
    },
    /// A count or size exceeds a [`Limits`](crate::rop::Limits) value or the bytes present.
    #[error("{what} at offset {offset}: {actual} exceeds the limit of {limit}")]
    LimitExceeded {
        /// The limited quantity.
        what: &'static str,
        /// Offset of the count.
        offset: usize,
        /// The limit in force.
        limit: usize,
        /// The value seen.
        actual: usize,
    },
    /// A RopId that MS-OXCROPS does not define (or reserves) in this direction.
    #[error("unknown RopId 0x{rop_id:02x} at offset {offset}")]
    UnknownRop {
        /// The RopId byte.
        rop_id: u8,
        /// Offset of the RopId.
        offset: usize,
    },
    /// A property type MS-OXCDATA does not define.
    #[error("unknown property type 0x{prop_type:04x} at offset {offset}")]
    UnknownPropertyType {
        /// The property type.
        prop_type: u16,
        /// Offset of the value.
        offset: usize,
    },
    /// A response whose shape depends on its request could not be read without it.
    #[error("{rop} response needs {needs} from its request or the session")]
    MissingContext {
        /// The ROP.
        rop: &'static str,
        /// What was missing.
        needs: &'static str,
    },
    /// A handle index points past the server object handle table.
    #[error("{what} {index} is outside the server object handle table of {len} entries")]
    HandleIndexOutOfRange {
        /// Which handle index field.
        what: &'static str,
        /// The index.
        index: u8,
        /// Entries in the table.
        len: usize,
    },
    /// Nesting of restrictions or FastTransfer elements went deeper than the limit.
    #[error("{what} nested deeper than {limit} at offset {offset}")]
    TooDeep {
        /// The nested structure.
        what: &'static str,
        /// Offset where the limit was hit.
        offset: usize,
        /// The depth limit.
        limit: usize,
    },
    /// A value cannot be encoded: a count or size does not fit its wire field.
    #[error("cannot encode {what}: {reason}")]
    Unencodable {
        /// The field.
        what: &'static str,
        /// Why.
        reason: &'static str,
    },
}

/// Result alias of this module.
pub type Result<T> = core::result::Result<T, RopError>;

/// ROP-layer errors surface through the crate's [`Error`](crate::Error) so that EMSMDB and
/// extended-buffer code can use `?` on ROP decoding.
impl From<RopError> for crate::Error {
    fn from(e: RopError) -> Self {
        use crate::Error as E;
        match e {
            RopError::Truncated {
                what,
                offset,
                needed,
                available,
            } => E::Truncated {
                what,
                offset,
                needed: needed.saturating_sub(available),
            },
            RopError::Invalid { what, offset, .. } => E::Invalid {
                what,
                offset,
                value: 0,
            },
            RopError::LimitExceeded {
                what,
                offset,
                limit,
                actual,
            } => E::LimitExceeded {
                what,
                offset,
                value: actual as u64,
                limit: limit as u64,
            },
            RopError::UnknownRop { rop_id, offset } => E::Invalid {
                what: "RopId",
                offset,
                value: rop_id as u64,
            },
            RopError::UnknownPropertyType { prop_type, offset } => E::Invalid {
                what: "property type",
                offset,
                value: prop_type as u64,
            },
            RopError::MissingContext { needs, .. } => E::Unsupported { what: needs },
            RopError::HandleIndexOutOfRange { what, index, len } => E::LimitExceeded {
                what,
                offset: 0,
                value: index as u64,
                limit: len as u64,
            },
            RopError::TooDeep {
                what,
                offset,
                limit,
            } => E::LimitExceeded {
                what,
                offset,
                value: limit as u64 + 1,
                limit: limit as u64,
            },
            RopError::Unencodable { what, .. } => E::Unsupported { what },
        }
    }
}

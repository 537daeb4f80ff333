//! The crate's error type.

use crate::ndr::NdrError;

/// Everything that can go wrong while decoding or building DCE/RPC PDUs.
///
/// Each variant says what was being read (`what`, named after the C706 / MS-RPCE field) and
/// where (`offset`, from the start of the PDU or buffer handed in).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
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
    /// `rpc_vers` is not 5: this is not connection-oriented DCE/RPC.
    #[error("unsupported DCE/RPC version {major}.{minor}")]
    BadVersion {
        /// rpc_vers.
        major: u8,
        /// rpc_vers_minor.
        minor: u8,
    },
    /// The packet type is not one of the connection-oriented types.
    #[error("packet type {0} is not a connection-oriented PDU")]
    UnknownPacketType(u8),
    /// The integer representation nibble of the data representation is neither big nor little endian.
    #[error("unsupported data representation {0:02x?}")]
    BadDataRep([u8; 4]),
    /// frag_length is smaller than the PDU's fixed part.
    #[error("frag_length {frag_length} is shorter than the {min}-byte minimum for this PDU")]
    FragLengthTooShort {
        /// The frag_length field.
        frag_length: u16,
        /// The minimum for the packet type.
        min: usize,
    },
    /// auth_length (plus the 8-byte sec_trailer) does not fit inside frag_length.
    #[error("auth_length {auth_length} does not fit in frag_length {frag_length}")]
    AuthLengthTooLong {
        /// The auth_length field.
        auth_length: u16,
        /// The frag_length field.
        frag_length: u16,
    },
    /// auth_pad_length is larger than the body it pads.
    #[error("auth_pad_length {pad} exceeds the {body} body bytes before the sec_trailer")]
    AuthPadTooLong {
        /// The auth_pad_length field.
        pad: u8,
        /// Body bytes available.
        body: usize,
    },
    /// A count or length is larger than a configured [`Limits`](crate::Limits) value.
    #[error("{what}: {actual} exceeds the limit of {limit}")]
    LimitExceeded {
        /// The limited quantity.
        what: &'static str,
        /// The limit.
        limit: usize,
        /// The value seen.
        actual: usize,
    },
    /// A field holds a value the protocol does not allow here.
    #[error("invalid {what} at offset {offset}: {reason}")]
    Invalid {
        /// The field.
        what: &'static str,
        /// Offset of the field.
        offset: usize,
        /// Why the value is refused.
        reason: &'static str,
    },
    /// A fragment does not fit the fragments already seen for its call.
    #[error("call {call_id}: {reason}")]
    FragmentSequence {
        /// The call the fragment belongs to.
        call_id: u32,
        /// What is wrong with the sequence.
        reason: &'static str,
    },
    /// An error from the NDR runtime, while decoding a stub.
    #[error(transparent)]
    Ndr(#[from] NdrError),
    /// A PDU names a presentation context that the association never negotiated.
    #[error("unknown presentation context id {ctx_id}")]
    UnknownContext {
        /// The p_cont_id.
        ctx_id: u16,
    },
}

/// Shorthand for results of this crate.
pub type Result<T, E = Error> = core::result::Result<T, E>;

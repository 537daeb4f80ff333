//! The crate's error type.

/// Everything that can go wrong in RPC over HTTP: RTS decoding and building, HTTP framing, and
/// virtual-connection protocol violations.
///
/// Each variant says what was being read (`what`, named after the MS-RPCH field or HTTP
/// element) and where (`offset`, from the start of the PDU or of the HTTP message).
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
    /// A command type that MS-RPCH 2.2.3.5 does not define; its length is unknown, so the rest
    /// of the PDU cannot be read.
    #[error("unknown RTS command type {command_type:#x} at offset {offset}")]
    UnknownCommand {
        /// The CommandType field.
        command_type: u32,
        /// Offset of the command.
        offset: usize,
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
    /// The PDU is not an RTS PDU (packet type 20).
    #[error("packet type {0} is not rts (20)")]
    NotRts(u8),
    /// The HTTP message could not be parsed.
    #[error("HTTP {what} at offset {offset}: {reason}")]
    Http {
        /// The HTTP element (request line, header, chunk size, ...).
        what: &'static str,
        /// Offset in the channel's byte stream.
        offset: u64,
        /// What is wrong.
        reason: &'static str,
    },
    /// A PDU arrived that the role's state does not allow (MS-RPCH 3.x protocol error).
    #[error("protocol error in state {state}: {reason}")]
    Protocol {
        /// The state the endpoint was in.
        state: &'static str,
        /// What was wrong.
        reason: &'static str,
    },
    /// The peer sent more than the receive window it was granted.
    #[error("flow control: {received} bytes received with a window of {window}")]
    WindowExceeded {
        /// Bytes received and not yet acknowledged.
        received: u64,
        /// The window the receiver advertised.
        window: u32,
    },
    /// An error from the DCE/RPC layer (framing or decoding of an inner PDU).
    #[error(transparent)]
    Msrpc(#[from] oxwire_msrpc::Error),
}

/// Shorthand for results of this crate.
pub type Result<T, E = Error> = core::result::Result<T, E>;

//! The crate's error type.

/// Everything that can go wrong while reading authentication messages, deriving keys or
/// unsealing PDUs.
///
/// Decoding variants say what was being read (`what`, named after the specification's field)
/// and where (`offset`, from the start of the message or file handed in). Integrity failures
/// are their own variants so a caller can tell a tampered PDU or a wrong key from bad framing.
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
    /// A signature, checksum or MAC did not verify: the data was changed or the key is wrong.
    #[error("integrity check failed on {what}")]
    IntegrityCheckFailed {
        /// What was being verified.
        what: &'static str,
    },
    /// A signature carried a sequence number other than the one expected (replay, reorder or
    /// loss).
    #[error("sequence number {got} where {expected} was expected")]
    SequenceMismatch {
        /// The next sequence number of this direction.
        expected: u64,
        /// The number in the signature.
        got: u64,
    },
    /// The proof in an NTLM AUTHENTICATE message does not match the supplied password or hash.
    #[error("the NTLM response does not match the credentials for {user}")]
    WrongCredentials {
        /// `DOMAIN\user` as sent by the client.
        user: String,
    },
    /// None of the keys held for a Kerberos service principal decrypts its ticket.
    #[error("no Kerberos key held for {principal} decrypts the ticket")]
    WrongKey {
        /// `service/host@REALM` as named in the ticket.
        principal: String,
    },
    /// No key material is available for the security context.
    #[error("no key: {reason}")]
    NoKey {
        /// Why.
        reason: &'static str,
    },
    /// A mechanism, encryption type or option this crate does not implement.
    #[error("unsupported {what} {value}")]
    Unsupported {
        /// What kind of value.
        what: &'static str,
        /// The value seen.
        value: i64,
    },
    /// The security context is not in a state where this operation makes sense.
    #[error("{0}")]
    State(&'static str),
    /// A PDU could not be decoded or encoded.
    #[error("DCE/RPC: {0}")]
    Msrpc(#[from] oxwire_msrpc::Error),
}

/// Result with this crate's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

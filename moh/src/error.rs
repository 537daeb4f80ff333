//! The crate's error type.

/// What went wrong while reading or writing MAPI over HTTP bodies, headers, chunked responses,
/// session events or Autodiscover documents.
///
/// Variants name the item being handled (`what`, e.g. `"Connect request.DnPrefix"`) and, for
/// bodies, the offset from the start of the body where it happened.
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
    /// Octets are left after a body that should have ended.
    #[error("{count} octets left after {what}")]
    TrailingBytes {
        /// The body that ended.
        what: &'static str,
        /// How many octets were left.
        count: usize,
    },
    /// An `X-RequestType` value this crate does not know.
    #[error("unknown request type {0:?}")]
    UnknownRequestType(String),
    /// A request type was given to the decoder of the other endpoint (e.g. `Bind` to the
    /// mailbox bodies).
    #[error("request type {request_type} is not served by the {endpoint} endpoint")]
    WrongEndpoint {
        /// The `X-RequestType` value.
        request_type: &'static str,
        /// The endpoint whose decoder was called.
        endpoint: &'static str,
    },
    /// An HTTP header is missing or malformed.
    #[error("header {name}: {reason}")]
    Header {
        /// Header name.
        name: &'static str,
        /// What is wrong with it.
        reason: &'static str,
    },
    /// A line of a chunked response body (MS-OXCMAPIHTTP 2.2.7) is not PROCESSING, PENDING or
    /// DONE where a meta-tag is expected.
    #[error("unknown meta-tag at offset {offset} of the response body")]
    UnknownMetaTag {
        /// Offset of the line from the start of the body.
        offset: u64,
    },
    /// A meta-tag came where the response format does not allow it (PROCESSING first, then
    /// any PENDING, then DONE).
    #[error("meta-tag {tag} out of order at offset {offset} of the response body")]
    MetaTagOrder {
        /// The meta-tag found.
        tag: &'static str,
        /// Offset of the line from the start of the body.
        offset: u64,
    },
    /// The response body ended before the DONE meta-tag and its additional headers.
    #[error("response body ended at offset {offset} before {missing}")]
    MissingDone {
        /// What was still expected (`"DONE"` or the blank line after the additional headers).
        missing: &'static str,
        /// Offset where the body ended.
        offset: u64,
    },
    /// HTTP/1.1 message framing is broken: a request or status line, a header block, a
    /// `Content-Length` or a chunk of a chunked body.
    #[error("HTTP framing: {what} at offset {offset}: {reason}")]
    Framing {
        /// Item being read (e.g. `"chunk size"`).
        what: &'static str,
        /// Offset from the start of the stream direction.
        offset: u64,
        /// What is wrong with it.
        reason: &'static str,
    },
    /// An Autodiscover document is not well-formed XML.
    #[error("Autodiscover XML at offset {offset}: {reason}")]
    Xml {
        /// Offset from the start of the document.
        offset: usize,
        /// What the XML reader found wrong.
        reason: String,
    },
    /// A session role was asked for something its state does not allow (e.g. an Execute
    /// before Connect, or a response for a request it never sent).
    #[error("session: {operation} not allowed: {reason}")]
    Session {
        /// What was asked.
        operation: &'static str,
        /// Why it is refused.
        reason: &'static str,
    },
    /// A ROP buffer or auxiliary block inside a body could not be read.
    #[error(transparent)]
    Rop(#[from] oxwire_mapi_rop::Error),
    /// An address book structure inside a body could not be read.
    #[error(transparent)]
    Nspi(#[from] oxwire_nspi::Error),
}

/// Result with this crate's [`Error`].
pub type Result<T> = std::result::Result<T, Error>;

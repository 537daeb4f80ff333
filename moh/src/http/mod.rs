//! The HTTP around MAPI over HTTP bodies (MS-OXCMAPIHTTP 2.2.1 to 2.2.3, 2.2.7 and 3.x),
//! sans-io.
//!
//! - [`meta_tags`]: the PROCESSING / PENDING / DONE lines, additional headers and binary body
//!   of every response body; push parser and builder.
//! - [`headers`]: the header list, typed accessors for the protocol headers, `X-RequestId`,
//!   and the request and response checks of 2.2.2.
//! - [`response_code`]: the `X-ResponseCode` table and the error response body.
//! - [`content_type`]: `application/mapi-http` and other media types, with parameters.
//! - [`cookies`]: session context cookies and the client's cookie jar.
//! - [`message`]: HTTP/1.1 framing of one stream direction (heads, Content-Length and
//!   chunked bodies, pipelining) for passive use.
//! - [`pending`]: the server's PENDING keep-alive timer.
//!
//! A response body travels chunked inside an HTTP message: [`message::MessageFramer`]
//! de-chunks it and [`meta_tags::MetaTagParser`] reads the meta-tags from what comes out.
pub mod content_type;
pub mod cookies;
pub mod headers;
pub mod message;
pub mod meta_tags;
pub mod pending;
pub mod response_code;

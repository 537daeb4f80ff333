//! The HTTP around MAPI over HTTP bodies (MS-OXCMAPIHTTP 2.2.1 to 2.2.3, 2.2.7 and 3.x),
//! sans-io.
//!
//! - [`meta_tags`]: the PROCESSING / PENDING / DONE lines, additional headers and binary body
//!   of every response body; push parser and builder.
pub mod content_type;
pub mod cookies;
pub mod headers;
pub mod message;
pub mod meta_tags;
pub mod response_code;

//! MAPI over HTTP (MS-OXCMAPIHTTP), sans-io: the request and response bodies of the mailbox
//! and address book endpoints, the HTTP headers and chunked responses that carry them, client,
//! server and proxy session roles, and the Exchange autodetect classifier and down-negotiation
//! that steers Outlook between MAPI over HTTP and RPC over HTTP.
//!
//! Module map:
//! - [`request_type`]: the `X-RequestType` values and their endpoints.
//! - [`mailbox`]: Connect, Execute, Disconnect, NotificationWait bodies (Execute carries ROP
//!   buffers for `oxwire-mapi-rop`).
//! - [`addressbook`]: the address book bodies, built on `oxwire-nspi`'s types.
//! - [`aux_buffer`]: the auxiliary buffer that ends every body.
//! - [`http`]: headers, cookies, content types, the chunked response with its meta-tags.
//! - [`session`]: client, server and proxy state machines.
//! - [`autodetect`]: request-stream classification and Autodiscover down-negotiation.
//! - [`reader`]: the little-endian cursor every body codec uses.
#![forbid(unsafe_code)]
#![deny(missing_docs)]

pub mod addressbook;
pub mod autodetect;
pub mod aux_buffer;
mod error;
pub mod http;
mod limits;
pub mod mailbox;
pub mod reader;
pub mod request_type;
pub mod session;

pub use error::{Error, Result};
pub use limits::Limits;
pub use request_type::{Endpoint, RequestType};

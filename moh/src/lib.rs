//! MAPI over HTTP (MS-OXCMAPIHTTP), sans-io: the request and response bodies of the mailbox
//! and address book endpoints, the HTTP headers and chunked responses that carry them, client,
//! server and proxy session roles, and the Exchange autodetect classifier and down-negotiation
//! that steers Outlook between MAPI over HTTP and RPC over HTTP.
//!
//! ```
//! use oxwire_moh::http::meta_tags::{put_done, put_meta_tag, MetaTag, ResponseBody};
//! use oxwire_moh::mailbox::{self, ExecuteRequest, ExecuteResponse, ExecuteSuccess, MailboxRequest};
//! use oxwire_moh::{Limits, RequestType};
//! use oxwire_mapi_rop::ext_buffer::Flags;
//!
//! // A ROP buffer (MS-OXCROPS 2.2.1): RopSize 5, RopRelease of handle index 0, one handle.
//! let rops = [0x05, 0x00, 0x01, 0x00, 0x00, 0x34, 0x12, 0x00, 0x00];
//!
//! // The client's Execute request body, obfuscated with XorMagic, and the server's reading.
//! let body = ExecuteRequest::from_rop_buffer(&rops, Flags::XOR_MAGIC | Flags::LAST, 0x40000)?
//!     .to_bytes()?;
//! let limits = Limits::default();
//! let MailboxRequest::Execute(req) = mailbox::decode_request(RequestType::Execute, &body, &limits)?
//! else {
//!     unreachable!()
//! };
//! assert_eq!(req.rop_payloads(&Default::default())?, vec![rops.to_vec()]);
//!
//! // The response travels behind meta-tags (2.2.7): PROCESSING, keep-alives, DONE, headers.
//! let reply = [0x02, 0x00]; // RopSize 2: no ROP answers (RopRelease has none), no handles
//! let mut wire = Vec::new();
//! put_meta_tag(&mut wire, MetaTag::Processing);
//! put_meta_tag(&mut wire, MetaTag::Pending);
//! put_done(&mut wire, &[("X-ElapsedTime", "5")])?;
//! ExecuteResponse::Success(ExecuteSuccess::from_rop_payloads(&[&reply], Flags::LAST)?)
//!     .encode(&mut wire)?;
//!
//! let split = ResponseBody::decode(&wire, &limits)?;
//! assert_eq!((split.pending, split.header("X-ElapsedTime")), (1, Some(&b"5"[..])));
//! let ExecuteResponse::Success(ok) = ExecuteResponse::decode(split.body, &limits)? else {
//!     unreachable!()
//! };
//! assert_eq!(ok.rop_payloads(&Default::default())?, vec![reply.to_vec()]);
//! # Ok::<(), oxwire_moh::Error>(())
//! ```
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

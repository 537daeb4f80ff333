//! Exchange autodetect: which protocol a client speaks, and how to steer it from MAPI over
//! HTTP back to RPC over HTTP.
//!
//! - [`classify`]: a push classifier for the client-to-server bytes of a TCP connection. Each
//!   request head of a keep-alive connection is reported as a [`Request`] whose [`Kind`] says
//!   whether it is POX Autodiscover (and whether the client offered MAPI over HTTP with
//!   `X-MapiHttpCapability`), RPC over HTTP, a MAPI over HTTP mailbox or address book call with
//!   its [`RequestType`](crate::RequestType), EWS, ActiveSync or some other HTTP request; bytes
//!   that are not HTTP stop it.
//! - [`downneg`]: down-negotiation. On the request side the `X-MapiHttpCapability` header is
//!   cut from an Autodiscover request head; on the response side the `Protocol` elements that
//!   offer MAPI over HTTP are cut from an Autodiscover POX response (MS-OXDSCLI 2.2.4), the
//!   rest of the document left byte for byte, and the HTTP framing fixed.
//!
//! ```
//! use oxwire_moh::autodetect::{Classifier, Event, Kind};
//! use oxwire_moh::Limits;
//!
//! let mut c = Classifier::new(Limits::default());
//! let events = c
//!     .push_all(b"POST /autodiscover/autodiscover.xml HTTP/1.1\r\nHost: mail.contoso.com\r\n\
//!                 X-MapiHttpCapability: 1\r\nContent-Length: 0\r\n\r\n")
//!     .unwrap();
//! match &events[..] {
//!     [Event::Request(r)] => assert_eq!(r.kind, Kind::Autodiscover { mapi_http_capability: Some(1) }),
//!     other => panic!("{other:?}"),
//! }
//! ```

pub mod classify;
pub mod downneg;
mod span;

pub use classify::{BodyFraming, Classifier, Event, Kind, Request, RpcChannel, Step, Stop};
pub use downneg::{
    downgrade_document, downgrade_response, strip_capability_header, DownNegotiation, HeadRewrite,
    OfferForm, Reframe, RemovedHeader, RemovedProtocol, ResponseRewrite,
};

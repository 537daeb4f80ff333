//! Session roles of MAPI over HTTP (MS-OXCMAPIHTTP section 3): a [`Client`] (3.1), a
//! [`Server`] (3.2) and a passive [`Proxy`] that watches both directions, each a sans-io state
//! machine.
//!
//! All three have one shape: inputs through `handle_*` methods that take the current time,
//! outputs through `poll_output()`, drained until it returns `Timeout(instant)` (call
//! `handle_timeout` then) or `Idle`. Nothing reads a clock, opens a socket or draws a random
//! number; the same inputs give the same outputs.
//!
//! The host carries the HTTP messages. Requests are whole (`Content-Length` bodies, 2.2.2.1);
//! response bodies stream (PROCESSING, PENDING keep-alives, DONE, 2.2.7), so responses move
//! as a head, any number of body pieces (the de-chunked octets, split anywhere) and an end.
//!
//! ```
//! use std::time::{Duration, Instant};
//! use oxwire_moh::session::*;
//! use oxwire_moh::mailbox::ConnectRequest;
//! use oxwire_moh::Endpoint;
//!
//! let t0 = Instant::now();
//! let mut client = Client::new(ClientConfig::new(
//!     Endpoint::Mailbox, "mail.example.com", "user@example.com", [7; 16]));
//! let mut server = Server::new(ServerConfig::new(42));
//!
//! let connect = ConnectRequest {
//!     user_dn: b"/o=Example/ou=Exchange/cn=Recipients/cn=user".as_slice().into(),
//!     flags: 0, default_code_page: 1252, lcid_sort: 1033, lcid_string: 1033,
//!     aux: Default::default(),
//! };
//! let h = client.connect(t0, connect.to_bytes()?)?;
//!
//! // Carry the request to the server.
//! let ClientOutput::Transmit(req) = client.poll_output() else { panic!() };
//! assert_eq!(req.handle, h);
//! let sh = server.handle_request(t0, req.method, &req.target, &req.headers, &req.body);
//!
//! // The application sees the request and answers it (a Connect success body).
//! let mut answer = None;
//! loop {
//!     match server.poll_output() {
//!         ServerOutput::Event(ServerEvent::Request { handle, .. }) => answer = Some(handle),
//!         ServerOutput::Event(_) => {}
//!         ServerOutput::ResponseHead { status, headers, .. } => {
//!             client.handle_response_head(t0, h, status, &headers)?
//!         }
//!         ServerOutput::ResponseBody { data, .. } => client.handle_response_body(t0, h, &data)?,
//!         ServerOutput::ResponseEnd { .. } => client.handle_response_end(t0, h)?,
//!         ServerOutput::Timeout(_) | ServerOutput::Idle => break,
//!     }
//!     if let Some(a) = answer.take() {
//!         assert_eq!(a, sh);
//!         let mut body = vec![0u8; 20]; // StatusCode, ErrorCode, three intervals: zeros
//!         body.extend_from_slice(b"/o=Example\0");
//!         body.extend_from_slice(&[b'U', 0, 0, 0]); // DisplayName "U"
//!         body.extend_from_slice(&[0; 4]); // no auxiliary buffer
//!         server.complete(t0, sh, &body)?;
//!     }
//! }
//! let mut connected = false;
//! while let ClientOutput::Event(e) = client.poll_output() {
//!     connected |= matches!(e, ClientEvent::Connected { .. });
//! }
//! assert!(connected && client.is_connected());
//! # Ok::<(), oxwire_moh::Error>(())
//! ```
//!
//! Design notes:
//! - The client keeps at most one *sequenced* request (everything but NotificationWait and
//!   PING) on the wire per session context, because the next one must carry the sequence
//!   cookie the previous response set (3.1.5.1); later ones wait in order.
//! - The server issues a fresh `MapiSequence` cookie with every sequenced request it accepts
//!   and refuses a sequenced request whose cookie is not the latest, or that arrives while
//!   another is outstanding, with `X-ResponseCode` 15. NotificationWait and PING are exempt:
//!   Outlook keeps a NotificationWait parked while it executes.
//! - The proxy pairs by connection order (HTTP/1.1 answers in request order) and checks the
//!   echoed `X-RequestId`.

mod client;
mod proxy;
mod server;

pub use client::{Client, ClientConfig, ClientEvent, ClientOutput, FailReason};
pub use proxy::{CloseReason, ConnId, Exchange, Proxy, ProxyConfig, ProxyEvent, ProxyOutput};
pub use server::{ContextEnd, ContextId, Server, ServerConfig, ServerEvent, ServerOutput};

use crate::http::headers::Headers;
use crate::request_type::{Endpoint, RequestType};

/// Names one request of a client or a server, from its creation to its response's end.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct RequestHandle(pub u64);

/// A request the client wants sent: method, target, headers (with `Content-Length`) and body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutgoingRequest {
    /// The client's name for it; responses are fed back under this handle.
    pub handle: RequestHandle,
    /// Always `POST` (2.2.1).
    pub method: &'static str,
    /// `/mapi/emsmdb/?MailboxId=...` or `/mapi/nspi/?MailboxId=...`.
    pub target: String,
    /// Header fields, `Host` and `Content-Length` included.
    pub headers: Headers,
    /// The request body.
    pub body: Vec<u8>,
}

impl OutgoingRequest {
    /// The request as HTTP/1.1 octets (request line, headers, empty line, body).
    pub fn encode_http1(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(self.method.as_bytes());
        out.push(b' ');
        out.extend_from_slice(self.target.as_bytes());
        out.extend_from_slice(b" HTTP/1.1\r\n");
        self.headers.encode(out);
        out.extend_from_slice(b"\r\n");
        out.extend_from_slice(&self.body);
    }
}

/// The path of an endpoint (2.2.1): `/mapi/emsmdb/` or `/mapi/nspi/`.
pub fn endpoint_path(endpoint: Endpoint) -> &'static str {
    match endpoint {
        Endpoint::Mailbox => "/mapi/emsmdb/",
        Endpoint::AddressBook => "/mapi/nspi/",
    }
}

/// The endpoint a request target names, ignoring ASCII case and the query; `None` for any
/// other path.
pub fn endpoint_of_target(target: &str) -> Option<Endpoint> {
    let path = target.split(['?', '#']).next().unwrap_or("");
    let path = path.strip_suffix('/').unwrap_or(path);
    if path.eq_ignore_ascii_case("/mapi/emsmdb") {
        Some(Endpoint::Mailbox)
    } else if path.eq_ignore_ascii_case("/mapi/nspi") {
        Some(Endpoint::AddressBook)
    } else {
        None
    }
}

/// Whether a request type creates a session context (Connect, Bind).
pub fn opens_context(t: RequestType) -> bool {
    matches!(t, RequestType::Connect | RequestType::Bind)
}

/// Whether a request type ends its session context (Disconnect, Unbind).
pub fn closes_context(t: RequestType) -> bool {
    matches!(t, RequestType::Disconnect | RequestType::Unbind)
}

/// Whether a request type takes part in request sequencing; NotificationWait parks beside
/// other requests and PING checks liveness, so neither does.
pub fn is_sequenced(t: RequestType) -> bool {
    !matches!(t, RequestType::NotificationWait | RequestType::Ping)
}

/// The `X-ResponseCode` values after which the session context is gone and the client
/// reconnects (3.2.5.6): 10 Context Not Found, 6 Invalid Context Cookie.
pub fn is_context_gone(code: crate::http::response_code::ResponseCode) -> bool {
    use crate::http::response_code::ResponseCode as C;
    matches!(code, C::ContextNotFound | C::InvalidContextCookie)
}

/// Reads `StatusCode` and, when it is 0, `ErrorCode` from the start of a response body:
/// every Connect and Bind body starts that way.
pub(crate) fn status_and_error(body: &[u8]) -> (Option<u32>, Option<u32>) {
    let word = |at: usize| {
        body.get(at..at + 4)
            .map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    };
    let status = word(0);
    let error = if status == Some(0) { word(4) } else { None };
    (status, error)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths() {
        assert_eq!(
            endpoint_of_target("/mapi/emsmdb/?MailboxId=a@b"),
            Some(Endpoint::Mailbox)
        );
        assert_eq!(
            endpoint_of_target("/MAPI/NSPI"),
            Some(Endpoint::AddressBook)
        );
        assert_eq!(endpoint_of_target("/mapi/other/"), None);
        assert!(!is_sequenced(RequestType::Ping));
        assert!(is_sequenced(RequestType::Execute));
    }
}

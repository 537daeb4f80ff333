//! The passive proxy role: sees every request and response of MAPI over HTTP connections,
//! pairs them, follows session contexts by their cookies and, for each Execute, decodes the
//! ROP request and response buffers with one [`RopSession`] per session context.
//!
//! Octets go in either raw (HTTP/1.1 as on the wire, through
//! [`MessageFramer`](crate::http::message::MessageFramer), in any split) or pre-parsed by a
//! host that already speaks HTTP (a request head with its whole body; a response head, body
//! pieces and an end). The proxy never changes or holds back traffic: what it cannot read
//! it reports and lets pass.
//!
//! Pairing follows HTTP/1.1: responses on a connection come in the order of its requests.
//! The echoed `X-RequestId` is compared and a mismatch flagged on the pair.

use std::collections::{BTreeMap, VecDeque};
use std::time::Instant;

use oxwire_mapi_rop::rop::RopRequestBuffer;
use oxwire_mapi_rop::session::{RopCall, RopSession};

use crate::addressbook::{self, AddressBookRequest, AddressBookResponse};
use crate::error::{Error, Result};
use crate::http::cookies::{parse_cookie_header, SetCookie, MAPI_CONTEXT};
use crate::http::headers::{names, Headers, RequestId};
use crate::http::message::{Direction, MessageEvent, MessageFramer};
use crate::http::meta_tags::{Event as MetaEvent, MetaTagParser};
use crate::http::response_code::ResponseCode;
use crate::limits::Limits;
use crate::mailbox::{self, ExecuteRequest, ExecuteResponse, MailboxRequest, MailboxResponse};
use crate::request_type::{Endpoint, RequestType};

use super::{closes_context, endpoint_of_target, is_context_gone, opens_context, status_and_error};

/// Names one TCP (or TLS) connection the host watches.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ConnId(pub u64);

/// Bounds of a [`Proxy`].
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct ProxyConfig {
    /// Body, line and header bounds.
    pub limits: Limits,
    /// Bounds for ROP buffers.
    pub rop_limits: oxwire_mapi_rop::Limits,
    /// Most connections followed at once.
    pub max_connections: usize,
    /// Most requests waiting for their response on one connection (pipelining depth).
    pub max_pipelined: usize,
    /// Most session contexts followed at once.
    pub max_contexts: usize,
}

impl Default for ProxyConfig {
    fn default() -> Self {
        ProxyConfig {
            limits: Limits::default(),
            rop_limits: oxwire_mapi_rop::Limits::default(),
            max_connections: 4096,
            max_pipelined: 32,
            max_contexts: 4096,
        }
    }
}

/// Why the proxy stopped following a session context.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CloseReason {
    /// Disconnect or Unbind succeeded.
    Disconnected,
    /// A Connect or Bind with its cookie created a new context (reconnect, 3.2.5.6).
    Replaced,
    /// The server answered with an `X-ResponseCode` saying the context is gone.
    Gone(ResponseCode),
}

/// One request and its response, as seen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Exchange {
    /// The connection.
    pub conn: ConnId,
    /// The session context cookie value (after a Connect or Bind, the new one).
    pub context: Option<String>,
    /// The endpoint named by the request target.
    pub endpoint: Option<Endpoint>,
    /// `X-RequestType`, when readable.
    pub request_type: Option<RequestType>,
    /// The request's `X-RequestId`, when readable.
    pub request_id: Option<RequestId>,
    /// The response echoed a different `X-RequestId` (2.2.3.3.2 says it must not).
    pub request_id_mismatch: bool,
    /// HTTP status.
    pub status: u16,
    /// `X-ResponseCode`, when readable.
    pub response_code: Option<ResponseCode>,
    /// PENDING keep-alives seen before DONE.
    pub pending: u64,
    /// Request header fields.
    pub request_headers: Headers,
    /// Response header fields.
    pub response_headers: Headers,
    /// The request body.
    pub request_body: Vec<u8>,
    /// The response body after the meta-tags (the diagnostic text when `X-ResponseCode` is
    /// not 0).
    pub response_body: Vec<u8>,
    /// What went wrong reading the response's meta-tags, if anything.
    pub response_error: Option<Error>,
}

impl Exchange {
    /// The request body decoded as the mailbox endpoint's.
    pub fn mailbox_request(&self, limits: &Limits) -> Result<MailboxRequest<'_>> {
        mailbox::decode_request(self.typed()?, &self.request_body, limits)
    }

    /// The response body decoded as the mailbox endpoint's.
    pub fn mailbox_response(&self, limits: &Limits) -> Result<MailboxResponse<'_>> {
        mailbox::decode_response(self.typed()?, &self.response_body, limits)
    }

    /// The request body decoded as the address book endpoint's.
    pub fn address_book_request(&self, limits: &Limits) -> Result<AddressBookRequest<'_>> {
        addressbook::decode_request(self.typed()?, &self.request_body, limits)
    }

    /// The response body decoded as the address book endpoint's.
    pub fn address_book_response(&self, limits: &Limits) -> Result<AddressBookResponse<'_>> {
        addressbook::decode_response(self.typed()?, &self.response_body, limits)
    }

    fn typed(&self) -> Result<RequestType> {
        self.request_type.ok_or(Error::Header {
            name: names::X_REQUEST_TYPE,
            reason: "absent or unknown in the request",
        })
    }
}

/// What the proxy reports.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum ProxyEvent {
    /// A Connect or Bind succeeded and its context is followed from now on.
    ContextOpened {
        /// The connection of the Connect or Bind.
        conn: ConnId,
        /// The session context cookie value.
        context: String,
        /// Its endpoint.
        endpoint: Endpoint,
    },
    /// A context is no longer followed; its ROP state was dropped.
    ContextClosed {
        /// The session context cookie value.
        context: String,
        /// Why.
        reason: CloseReason,
    },
    /// An Execute and its response, with the ROPs decoded.
    ExecutePair {
        /// The request and response.
        exchange: Exchange,
        /// The plain ROP request buffer, decoded.
        request_rops: Option<RopRequestBuffer>,
        /// One paired call per ROP response payload (several when the server chained).
        response_rops: Vec<RopCall>,
        /// What could not be decoded (the ROPs before it are in the other fields).
        rop_error: Option<Error>,
    },
    /// Any other request type and its response (mailbox or address book; decode the bodies
    /// with the [`Exchange`] methods).
    Pair(Exchange),
    /// A stream direction could not be framed as HTTP; the proxy stops reading it and the
    /// traffic passes unread.
    Desync {
        /// The connection.
        conn: ConnId,
        /// Which direction.
        direction: Direction,
        /// What was wrong.
        error: Error,
    },
    /// A connection closed with requests unanswered.
    Unanswered {
        /// The connection.
        conn: ConnId,
        /// How many.
        count: usize,
    },
}

/// What [`Proxy::poll_output`] returns.
// Each output is moved once to the host; boxing would only add an allocation per event.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq)]
pub enum ProxyOutput {
    /// Something seen.
    Event(ProxyEvent),
    /// Nothing more until the next input (the proxy has no timers).
    Idle,
}

#[derive(Debug)]
struct Request {
    endpoint: Option<Endpoint>,
    rtype: Option<RequestType>,
    request_id: Option<RequestId>,
    context: Option<String>,
    headers: Headers,
    body: Vec<u8>,
    rops: Option<std::result::Result<RopRequestBuffer, Error>>,
}

#[derive(Debug)]
struct Response {
    req: Request,
    status: u16,
    headers: Headers,
    code: Option<ResponseCode>,
    parser: MetaTagParser,
    body: Vec<u8>,
    error: Option<Error>,
}

#[derive(Debug)]
struct Conn {
    req_framer: MessageFramer,
    resp_framer: MessageFramer,
    req_broken: bool,
    resp_broken: bool,
    /// Raw input only: the request whose head arrived and whose body is coming.
    req_head: Option<(String, Headers)>,
    req_body: Vec<u8>,
    waiting: VecDeque<Request>,
    resp: Option<Response>,
    /// Raw input only: an interim (1xx) response is being skipped.
    interim: bool,
}

#[derive(Debug)]
struct Ctx {
    rops: RopSession,
}

/// A passive MAPI over HTTP observer: pairs each request with its response (responses on a
/// connection come in the order of its requests; the echoed `X-RequestId` is compared),
/// follows session contexts by their `MapiContext` cookie, and decodes every Execute's ROP
/// buffers with one `RopSession` per context, reset when the context is replaced, gone or
/// disconnected. Octets go in raw (HTTP/1.1, any split) or pre-parsed by the host; nothing
/// is changed or held back, and what cannot be read is reported and passes.
///
/// ```
/// use std::time::Instant;
/// use oxwire_moh::session::{ConnId, Proxy, ProxyEvent, ProxyOutput};
///
/// let mut p = Proxy::new(Default::default());
/// let now = Instant::now();
/// p.handle_request_bytes(now, ConnId(1), b"POST /mapi/emsmdb/?MailboxId=u@example.com HTTP/1.1\r\n\
///     Host: mail.example.com\r\nX-RequestType: PING\r\n\
///     X-RequestId: {E2EA6C1C-E61B-49E9-9CFB-38184F907552}:7\r\n\
///     Content-Type: application/mapi-http\r\nContent-Length: 0\r\n\r\n")?;
/// p.handle_response_bytes(now, ConnId(1), b"HTTP/1.1 200 OK\r\nX-ResponseCode: 0\r\n\
///     X-RequestId: {E2EA6C1C-E61B-49E9-9CFB-38184F907552}:7\r\n\
///     Content-Type: application/mapi-http\r\nTransfer-Encoding: chunked\r\n\r\n\
///     c\r\nPROCESSING\r\n\r\n")?;
/// p.handle_response_bytes(now, ConnId(1), b"8\r\nDONE\r\n\r\n\r\n0\r\n\r\n")?;
/// let o = p.poll_output();
/// let ProxyOutput::Event(ProxyEvent::Pair(x)) = o else { panic!("{o:?}") };
/// assert_eq!(x.request_id.unwrap().counter, 7);
/// assert!(!x.request_id_mismatch);
/// assert_eq!(p.poll_output(), ProxyOutput::Idle);
/// # Ok::<(), oxwire_moh::Error>(())
/// ```
#[derive(Debug)]
pub struct Proxy {
    cfg: ProxyConfig,
    conns: BTreeMap<ConnId, Conn>,
    contexts: BTreeMap<String, Ctx>,
    out: VecDeque<ProxyOutput>,
}

impl Proxy {
    /// A proxy following nothing yet.
    pub fn new(cfg: ProxyConfig) -> Proxy {
        Proxy {
            cfg,
            conns: BTreeMap::new(),
            contexts: BTreeMap::new(),
            out: VecDeque::new(),
        }
    }

    /// Session contexts followed.
    pub fn contexts(&self) -> usize {
        self.contexts.len()
    }

    /// Whether the context with this cookie value is followed.
    pub fn follows(&self, context: &str) -> bool {
        self.contexts.contains_key(context)
    }

    /// Connections followed.
    pub fn connections(&self) -> usize {
        self.conns.len()
    }

    /// Raw client-to-server octets of a connection, in any split.
    pub fn handle_request_bytes(
        &mut self,
        now: Instant,
        conn: ConnId,
        mut data: &[u8],
    ) -> Result<()> {
        let _ = now;
        self.conn(conn)?;
        while let Some(c) = self.conns.get_mut(&conn) {
            if c.req_broken {
                break;
            }
            let (used, ev) = match c.req_framer.parse(data) {
                Ok(x) => x,
                Err(error) => {
                    c.req_broken = true;
                    self.emit(ProxyEvent::Desync {
                        conn,
                        direction: Direction::Requests,
                        error,
                    });
                    break;
                }
            };
            data = &data[used..];
            match ev {
                Some(MessageEvent::Head(h)) => {
                    let target = h.target().unwrap_or_default().to_owned();
                    c.req_head = Some((target, h.headers));
                    c.req_body.clear();
                }
                Some(MessageEvent::Body(b)) => c.req_body.extend_from_slice(b),
                Some(MessageEvent::End) => {
                    let body = std::mem::take(&mut c.req_body);
                    if let Some((target, headers)) = c.req_head.take() {
                        self.request(conn, &target, headers, body);
                    }
                }
                None if used == 0 => break,
                None => {}
            }
        }
        Ok(())
    }

    /// Raw server-to-client octets of a connection, in any split.
    pub fn handle_response_bytes(
        &mut self,
        now: Instant,
        conn: ConnId,
        mut data: &[u8],
    ) -> Result<()> {
        self.conn(conn)?;
        while let Some(c) = self.conns.get_mut(&conn) {
            if c.resp_broken {
                break;
            }
            let (used, ev) = match c.resp_framer.parse(data) {
                Ok(x) => x,
                Err(error) => {
                    c.resp_broken = true;
                    self.emit(ProxyEvent::Desync {
                        conn,
                        direction: Direction::Responses,
                        error,
                    });
                    break;
                }
            };
            data = &data[used..];
            match ev {
                Some(MessageEvent::Head(h)) => {
                    let status = h.status().unwrap_or(0);
                    if (100..200).contains(&status) {
                        c.interim = true;
                    } else {
                        self.response_head(now, conn, status, &h.headers)?;
                    }
                }
                Some(MessageEvent::Body(b)) if !c.interim => self.response_body(conn, b),
                Some(MessageEvent::Body(_)) => {}
                Some(MessageEvent::End) => {
                    if c.interim {
                        c.interim = false;
                    } else {
                        self.response_end(conn);
                    }
                }
                None if used == 0 => break,
                None => {}
            }
        }
        Ok(())
    }

    /// A whole request, parsed by the host.
    pub fn handle_request(
        &mut self,
        now: Instant,
        conn: ConnId,
        target: &str,
        headers: &Headers,
        body: &[u8],
    ) -> Result<()> {
        let _ = now;
        self.conn(conn)?;
        if body.len() > self.cfg.limits.max_body {
            return Err(Error::LimitExceeded {
                what: "request body",
                offset: 0,
                value: body.len() as u64,
                limit: self.cfg.limits.max_body as u64,
            });
        }
        self.request(conn, target, headers.clone(), body.to_vec());
        Ok(())
    }

    /// A response head, parsed by the host; it answers the oldest unanswered request of
    /// the connection.
    pub fn handle_response_head(
        &mut self,
        now: Instant,
        conn: ConnId,
        status: u16,
        headers: &Headers,
    ) -> Result<()> {
        self.conn(conn)?;
        self.response_head(now, conn, status, headers)
    }

    /// De-framed response body octets, in any split.
    pub fn handle_response_body(&mut self, now: Instant, conn: ConnId, data: &[u8]) -> Result<()> {
        let _ = now;
        self.conn(conn)?;
        self.response_body(conn, data);
        Ok(())
    }

    /// The response body ended.
    pub fn handle_response_end(&mut self, now: Instant, conn: ConnId) -> Result<()> {
        let _ = now;
        self.conn(conn)?;
        self.response_end(conn);
        Ok(())
    }

    /// The connection closed; what it still had is dropped.
    pub fn handle_connection_closed(&mut self, now: Instant, conn: ConnId) {
        let _ = now;
        // A response delimited by the close ends here.
        let until_close = self.conns.get_mut(&conn).is_some_and(|c| {
            !c.resp_broken && matches!(c.resp_framer.finish(), Ok(Some(MessageEvent::End)))
        });
        if until_close {
            self.response_end(conn);
        }
        if let Some(c) = self.conns.remove(&conn) {
            let count = c.waiting.len() + usize::from(c.resp.is_some());
            if count > 0 {
                self.emit(ProxyEvent::Unanswered { conn, count });
            }
        }
    }

    /// The next output; drain until `Idle`.
    pub fn poll_output(&mut self) -> ProxyOutput {
        self.out.pop_front().unwrap_or(ProxyOutput::Idle)
    }

    fn emit(&mut self, e: ProxyEvent) {
        self.out.push_back(ProxyOutput::Event(e));
    }

    fn conn(&mut self, conn: ConnId) -> Result<&mut Conn> {
        if !self.conns.contains_key(&conn) && self.conns.len() >= self.cfg.max_connections {
            return Err(Error::LimitExceeded {
                what: "followed connections",
                offset: 0,
                value: self.conns.len() as u64 + 1,
                limit: self.cfg.max_connections as u64,
            });
        }
        let limits = &self.cfg.limits;
        Ok(self.conns.entry(conn).or_insert_with(|| Conn {
            req_framer: MessageFramer::new(Direction::Requests, limits.clone()),
            resp_framer: MessageFramer::new(Direction::Responses, limits.clone()),
            req_broken: false,
            resp_broken: false,
            req_head: None,
            req_body: Vec::new(),
            waiting: VecDeque::new(),
            resp: None,
            interim: false,
        }))
    }

    fn request(&mut self, conn: ConnId, target: &str, headers: Headers, body: Vec<u8>) {
        let rtype = headers.request_type().ok().flatten();
        let request_id = headers.request_id().ok().flatten();
        let context = cookie_of(&headers);
        let mut req = Request {
            endpoint: endpoint_of_target(target),
            rtype,
            request_id,
            context,
            headers,
            body,
            rops: None,
        };
        if rtype == Some(RequestType::Execute) {
            req.rops = Some(self.execute_request(&req));
        }
        let max = self.cfg.max_pipelined;
        let Some(c) = self.conns.get_mut(&conn) else {
            return;
        };
        if c.waiting.len() >= max {
            c.req_broken = true;
            c.resp_broken = true;
            self.emit(ProxyEvent::Desync {
                conn,
                direction: Direction::Requests,
                error: Error::LimitExceeded {
                    what: "unanswered requests on a connection",
                    offset: 0,
                    value: max as u64 + 1,
                    limit: max as u64,
                },
            });
            return;
        }
        c.waiting.push_back(req);
    }

    /// Decodes an Execute's ROP request and hands it to its context's RopSession.
    fn execute_request(&mut self, req: &Request) -> std::result::Result<RopRequestBuffer, Error> {
        let body = ExecuteRequest::decode(&req.body, &self.cfg.limits)?;
        let payloads = body.rop_payloads(&self.cfg.rop_limits)?;
        let key = req.context.clone().ok_or(Error::Session {
            operation: "Execute decoding",
            reason: "no session context cookie in the request",
        })?;
        let ctx = self.context_entry(&key)?;
        let first = payloads.first().ok_or(Error::Session {
            operation: "Execute decoding",
            reason: "no ROP payload in the request",
        })?;
        // Client packing (several request payloads) is not followed: one request buffer
        // per call is what RopSession pairs.
        if payloads.len() > 1 {
            return Err(Error::Session {
                operation: "Execute decoding",
                reason: "several ROP request payloads in one call",
            });
        }
        Ok(ctx
            .rops
            .handle_request(first)
            .map_err(oxwire_mapi_rop::Error::from)?
            .clone())
    }

    fn context_entry(&mut self, key: &str) -> Result<&mut Ctx> {
        if !self.contexts.contains_key(key) && self.contexts.len() >= self.cfg.max_contexts {
            return Err(Error::LimitExceeded {
                what: "followed session contexts",
                offset: 0,
                value: self.contexts.len() as u64 + 1,
                limit: self.cfg.max_contexts as u64,
            });
        }
        Ok(self.contexts.entry(key.to_owned()).or_insert_with(|| Ctx {
            rops: RopSession::new(),
        }))
    }

    fn response_head(
        &mut self,
        now: Instant,
        conn: ConnId,
        status: u16,
        headers: &Headers,
    ) -> Result<()> {
        let _ = now;
        let limits = self.cfg.limits.clone();
        let Some(c) = self.conns.get_mut(&conn) else {
            return Ok(());
        };
        if c.resp.is_some() {
            // The previous response never ended; close it as it is.
            self.response_end(conn);
        }
        let Some(c) = self.conns.get_mut(&conn) else {
            return Ok(());
        };
        let Some(req) = c.waiting.pop_front() else {
            c.resp_broken = true;
            self.emit(ProxyEvent::Desync {
                conn,
                direction: Direction::Responses,
                error: Error::Session {
                    operation: "response pairing",
                    reason: "a response without an unanswered request",
                },
            });
            return Ok(());
        };
        c.resp = Some(Response {
            req,
            status,
            headers: headers.clone(),
            code: headers.response_code().ok().flatten(),
            parser: MetaTagParser::new(limits),
            body: Vec::new(),
            error: None,
        });
        Ok(())
    }

    fn response_body(&mut self, conn: ConnId, mut data: &[u8]) {
        let max_body = self.cfg.limits.max_body;
        let Some(r) = self.conns.get_mut(&conn).and_then(|c| c.resp.as_mut()) else {
            return;
        };
        if r.error.is_some() {
            return;
        }
        let meta = r.status == 200 && r.code.is_some_and(|c| c.is_success());
        if !meta {
            // Diagnostic text, kept within the body bound.
            let room = max_body.saturating_sub(r.body.len());
            r.body.extend_from_slice(&data[..data.len().min(room)]);
            return;
        }
        while !data.is_empty() {
            match r.parser.parse(data) {
                Ok((used, ev)) => {
                    if let Some(MetaEvent::Body(b)) = ev {
                        if r.body.len() + b.len() > max_body {
                            r.error = Some(Error::LimitExceeded {
                                what: "response body",
                                offset: r.body.len(),
                                value: (r.body.len() + b.len()) as u64,
                                limit: max_body as u64,
                            });
                            return;
                        }
                        r.body.extend_from_slice(b);
                    }
                    if used == 0 && ev.is_none() {
                        break;
                    }
                    data = &data[used..];
                }
                Err(e) => {
                    r.error = Some(e);
                    return;
                }
            }
        }
    }

    fn response_end(&mut self, conn: ConnId) {
        let Some(r) = self.conns.get_mut(&conn).and_then(|c| c.resp.take()) else {
            return;
        };
        let meta = r.status == 200 && r.code.is_some_and(|c| c.is_success());
        let error = match r.error {
            Some(e) => Some(e),
            None if meta => r.parser.finish().err(),
            None => None,
        };
        let req = r.req;
        let echoed = r.headers.request_id().ok().flatten();
        let mut exchange = Exchange {
            conn,
            context: req.context.clone(),
            endpoint: req.endpoint,
            request_type: req.rtype,
            request_id: req.request_id,
            request_id_mismatch: echoed != req.request_id,
            status: r.status,
            response_code: r.code,
            pending: r.parser.pending_count(),
            request_headers: req.headers,
            response_headers: r.headers,
            request_body: req.body,
            response_body: r.body,
            response_error: error,
        };
        let ok = meta && exchange.response_error.is_none();
        // Context bookkeeping.
        if let (Some(code), Some(key)) = (r.code, &req.context) {
            if is_context_gone(code) && self.contexts.remove(key).is_some() {
                self.emit(ProxyEvent::ContextClosed {
                    context: key.clone(),
                    reason: CloseReason::Gone(code),
                });
            }
        }
        if let Some(t) = req.rtype {
            if ok && opens_context(t) {
                let (status, err) = status_and_error(&exchange.response_body);
                let new = set_cookie_of(&exchange.response_headers);
                if status == Some(0) && err == Some(0) {
                    if let Some(new) = new {
                        if let Some(old) = &req.context {
                            if *old != new && self.contexts.remove(old).is_some() {
                                self.emit(ProxyEvent::ContextClosed {
                                    context: old.clone(),
                                    reason: CloseReason::Replaced,
                                });
                            }
                        }
                        // A fresh context: fresh ROP state, even under a reused value.
                        self.contexts.remove(&new);
                        let opened = self.context_entry(&new).is_ok();
                        exchange.context = Some(new.clone());
                        if opened {
                            if let Some(endpoint) = req.endpoint {
                                self.emit(ProxyEvent::ContextOpened {
                                    conn,
                                    context: new,
                                    endpoint,
                                });
                            }
                        }
                    }
                }
            }
            if ok && closes_context(t) {
                if let Some(key) = &req.context {
                    if self.contexts.remove(key).is_some() {
                        self.emit(ProxyEvent::ContextClosed {
                            context: key.clone(),
                            reason: CloseReason::Disconnected,
                        });
                    }
                }
            }
        }
        if req.rtype == Some(RequestType::Execute) {
            let (request_rops, mut rop_error) = match req.rops {
                Some(Ok(b)) => (Some(b), None),
                Some(Err(e)) => (None, Some(e)),
                None => (None, None),
            };
            let mut response_rops = Vec::new();
            if ok && request_rops.is_some() {
                if let Err(e) = self.execute_response(&exchange, &mut response_rops) {
                    rop_error = Some(e);
                }
            }
            self.emit(ProxyEvent::ExecutePair {
                exchange,
                request_rops,
                response_rops,
                rop_error,
            });
        } else {
            self.emit(ProxyEvent::Pair(exchange));
        }
    }

    fn execute_response(&mut self, x: &Exchange, calls: &mut Vec<RopCall>) -> Result<()> {
        let body = match ExecuteResponse::decode(&x.response_body, &self.cfg.limits)? {
            ExecuteResponse::Success(s) => s,
            // A failure body carries no ROPs; the request stays pending in the RopSession
            // and is replaced by the next one.
            ExecuteResponse::Failure(_) => return Ok(()),
        };
        let payloads = body.rop_payloads(&self.cfg.rop_limits)?;
        let Some(key) = &x.context else {
            return Ok(());
        };
        let Some(ctx) = self.contexts.get_mut(key) else {
            return Err(Error::Session {
                operation: "Execute decoding",
                reason: "the session context is no longer followed",
            });
        };
        for (i, p) in payloads.iter().enumerate() {
            // Chained responses (server packing): every payload after the first continues
            // the same request.
            if i > 0 && !ctx.rops.continue_last_request() {
                break;
            }
            calls.push(
                ctx.rops
                    .handle_response(p)
                    .map_err(oxwire_mapi_rop::Error::from)?,
            );
        }
        Ok(())
    }
}

/// The `MapiContext` value of a request's `Cookie` headers.
fn cookie_of(h: &Headers) -> Option<String> {
    h.get_all(names::COOKIE)
        .filter_map(|v| parse_cookie_header(v).ok())
        .flatten()
        .find(|(n, _)| *n == MAPI_CONTEXT)
        .map(|(_, v)| v.to_owned())
}

/// The `MapiContext` value a response sets.
fn set_cookie_of(h: &Headers) -> Option<String> {
    h.get_all(names::SET_COOKIE)
        .filter_map(|v| SetCookie::parse(v).ok())
        .filter(|c| c.name == MAPI_CONTEXT && !c.is_removal())
        .map(|c| c.value.to_owned())
        .last()
}

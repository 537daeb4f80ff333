//! The client role (MS-OXCMAPIHTTP 3.1) for one session context on one endpoint.

use std::collections::{BTreeMap, VecDeque};
use std::time::{Duration, Instant};

use crate::error::{Error, Result};
use crate::http::content_type::MAPI_HTTP;
use crate::http::cookies::CookieJar;
use crate::http::headers::{names, Headers, RequestId};
use crate::http::meta_tags::{Event as MetaEvent, MetaTagParser};
use crate::http::response_code::ResponseCode;
use crate::limits::Limits;
use crate::mailbox::{
    ConnectResponse, ConnectSuccess, ExecuteRequest, ExecuteResponse, NotificationWaitResponse,
};
use crate::request_type::{Endpoint, RequestType};

use super::{
    closes_context, endpoint_path, is_context_gone, is_sequenced, status_and_error,
    OutgoingRequest, RequestHandle,
};

/// How a [`Client`] identifies itself and behaves.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct ClientConfig {
    /// The endpoint this session context lives on.
    pub endpoint: Endpoint,
    /// `Host` header value.
    pub host: String,
    /// The `MailboxId` query parameter of the target.
    pub mailbox_id: String,
    /// The GUID of `X-RequestId` (2.2.3.3.2); the host draws it at random.
    pub request_id_guid: [u8; 16],
    /// `X-ClientInfo`, sent unchanged on every request when set.
    pub client_info: Option<String>,
    /// `X-ClientApplication`.
    pub client_application: String,
    /// How long before the server's expiry (`X-ExpirationInfo`) the keep-alive PING goes
    /// out, for network latency (3.1.5.3). Clamped to half the expiry.
    pub keepalive_margin: Duration,
    /// Send PING keep-alives on the expiry timer.
    pub keepalive: bool,
    /// Reconnect (send Connect or Bind again with the old cookies, 3.2.5.6) when the server
    /// says the context is gone or it expired.
    pub auto_reconnect: bool,
    /// Most reconnects in a row without a successful Connect in between.
    pub max_reconnects: u32,
    /// Most requests queued behind the outstanding sequenced one.
    pub max_queued: usize,
    /// Body bounds.
    pub limits: Limits,
}

impl ClientConfig {
    /// Defaults: Outlook's application string, keep-alives 30 s early, reconnect up to 3
    /// times, 64 queued requests.
    pub fn new(
        endpoint: Endpoint,
        host: &str,
        mailbox_id: &str,
        request_id_guid: [u8; 16],
    ) -> ClientConfig {
        ClientConfig {
            endpoint,
            host: host.to_owned(),
            mailbox_id: mailbox_id.to_owned(),
            request_id_guid,
            client_info: None,
            client_application: "Outlook/16.0.0.0".to_owned(),
            keepalive_margin: Duration::from_secs(30),
            keepalive: true,
            auto_reconnect: true,
            max_reconnects: 3,
            max_queued: 64,
            limits: Limits::default(),
        }
    }
}

/// Why a request failed.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum FailReason {
    /// The HTTP status was not 200.
    HttpStatus(u16),
    /// `X-ResponseCode` was not 0 (the body is text for a person).
    ResponseCode(ResponseCode),
    /// The body's `StatusCode` was not 0.
    StatusCode(u32),
    /// The body's `ErrorCode` was not 0 where it means failure (Connect, Bind).
    ErrorCode(u32),
    /// The response could not be read.
    Protocol(Error),
    /// The connection carrying it broke.
    Transport,
    /// The session context was lost or closed before the request could go out.
    ContextLost,
}

/// What the client reports.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum ClientEvent {
    /// A Connect or Bind succeeded; the session context is open.
    Connected {
        /// The request.
        handle: RequestHandle,
        /// The Connect response body (mailbox endpoint only).
        connect: Option<ConnectSuccess<'static>>,
        /// The raw response body (for Bind, decode with
        /// [`addressbook::decode_response`](crate::addressbook::decode_response)).
        body: Vec<u8>,
        /// `X-ExpirationInfo`, when sent.
        expiration: Option<Duration>,
    },
    /// An Execute finished.
    ExecuteCompleted {
        /// The request.
        handle: RequestHandle,
        /// The response body, success or failure shape.
        response: ExecuteResponse<'static>,
    },
    /// A NotificationWait returned.
    NotificationPending {
        /// The request.
        handle: RequestHandle,
        /// `EventPending` was non-zero: an Execute will fetch the notifications.
        event_pending: bool,
    },
    /// A PING answered.
    Pinged {
        /// The request.
        handle: RequestHandle,
    },
    /// Any other request finished with `X-ResponseCode` 0 (address book requests).
    Completed {
        /// The request.
        handle: RequestHandle,
        /// Its type.
        request_type: RequestType,
        /// The response body after the meta-tags.
        body: Vec<u8>,
    },
    /// Disconnect or Unbind finished; the session context is closed.
    Disconnected {
        /// The request.
        handle: RequestHandle,
    },
    /// The server no longer has the session context (or it expired here); with
    /// `auto_reconnect` a Connect or Bind follows.
    ContextLost {
        /// The request whose response said so; `None` when the expiry timer ran out.
        handle: Option<RequestHandle>,
        /// The `X-ResponseCode`, when a response said so.
        code: Option<ResponseCode>,
        /// Whether a reconnect was sent.
        reconnecting: bool,
    },
    /// A request failed.
    Failed {
        /// The request.
        handle: RequestHandle,
        /// Its type.
        request_type: RequestType,
        /// Why.
        reason: FailReason,
    },
}

/// What [`Client::poll_output`] returns.
#[derive(Debug, Clone, PartialEq)]
pub enum ClientOutput {
    /// A request to send.
    Transmit(OutgoingRequest),
    /// Something happened.
    Event(ClientEvent),
    /// Nothing more until this time: call [`Client::handle_timeout`] then.
    Timeout(Instant),
    /// Nothing more until the next input.
    Idle,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    Idle,
    Connecting,
    Connected,
    Disconnecting,
    Closed,
}

impl State {
    fn name(self) -> &'static str {
        match self {
            State::Idle => "not connected",
            State::Connecting => "connecting",
            State::Connected => "connected",
            State::Disconnecting => "disconnecting",
            State::Closed => "closed",
        }
    }
}

#[derive(Debug)]
struct InFlight {
    rtype: RequestType,
    generation: u64,
    status: Option<u16>,
    code: ResponseCode,
    parser: MetaTagParser,
    body: Vec<u8>,
    error: Option<Error>,
}

#[derive(Debug)]
struct Queued {
    handle: RequestHandle,
    rtype: RequestType,
    body: Vec<u8>,
}

/// A MAPI over HTTP client for one session context. See the [module](super) docs.
#[derive(Debug)]
pub struct Client {
    cfg: ClientConfig,
    state: State,
    jar: CookieJar,
    counter: u64,
    next_handle: u64,
    generation: u64,
    connect_body: Option<Vec<u8>>,
    inflight: BTreeMap<RequestHandle, InFlight>,
    sequenced: Option<RequestHandle>,
    queue: VecDeque<Queued>,
    out: VecDeque<ClientOutput>,
    keepalive_at: Option<Instant>,
    expires_at: Option<Instant>,
    reconnects: u32,
    expiration: Option<Duration>,
    closing: bool,
}

impl Client {
    /// A client with no session context yet.
    pub fn new(cfg: ClientConfig) -> Client {
        Client {
            cfg,
            state: State::Idle,
            jar: CookieJar::default(),
            counter: 0,
            next_handle: 1,
            generation: 0,
            connect_body: None,
            inflight: BTreeMap::new(),
            sequenced: None,
            queue: VecDeque::new(),
            out: VecDeque::new(),
            keepalive_at: None,
            expires_at: None,
            reconnects: 0,
            expiration: None,
            closing: false,
        }
    }

    /// Whether the session context is open.
    pub fn is_connected(&self) -> bool {
        self.state == State::Connected
    }

    /// Whether Disconnect or Unbind finished.
    pub fn is_closed(&self) -> bool {
        self.state == State::Closed
    }

    /// The session cookies held (session context, sequence, any other).
    pub fn cookies(&self) -> &CookieJar {
        &self.jar
    }

    /// Requests sent and not yet answered.
    pub fn in_flight(&self) -> usize {
        self.inflight.len()
    }

    /// Requests waiting for the outstanding sequenced one.
    pub fn queued(&self) -> usize {
        self.queue.len()
    }

    /// Opens the session context: sends Connect (mailbox) or Bind (address book) with this
    /// body, which is kept for reconnects.
    pub fn connect(&mut self, now: Instant, body: Vec<u8>) -> Result<RequestHandle> {
        if !matches!(self.state, State::Idle | State::Closed) {
            return Err(self.refuse("connect"));
        }
        let _ = now;
        self.connect_body = Some(body);
        self.reconnects = 0;
        self.closing = false;
        Ok(self.send_connect())
    }

    /// Sends an Execute.
    pub fn execute(&mut self, now: Instant, req: &ExecuteRequest<'_>) -> Result<RequestHandle> {
        let body = req.to_bytes()?;
        self.request(now, RequestType::Execute, body)
    }

    /// Parks a NotificationWait (flags 0, no auxiliary buffer).
    pub fn notification_wait(&mut self, now: Instant) -> Result<RequestHandle> {
        self.request(now, RequestType::NotificationWait, vec![0; 8])
    }

    /// Sends a PING (no body).
    pub fn ping(&mut self, now: Instant) -> Result<RequestHandle> {
        self.request(now, RequestType::Ping, Vec::new())
    }

    /// Ends the session context: Disconnect (mailbox) or Unbind (address book), with an
    /// empty auxiliary buffer.
    pub fn disconnect(&mut self, now: Instant) -> Result<RequestHandle> {
        let (t, body) = match self.cfg.endpoint {
            Endpoint::Mailbox => (RequestType::Disconnect, vec![0; 4]),
            Endpoint::AddressBook => (RequestType::Unbind, vec![0; 8]),
        };
        self.request(now, t, body)
    }

    /// Sends any request type of the endpoint (or PING) with this body. Connect and Bind go
    /// through [`connect`](Self::connect). Requests made while a reconnect runs wait for it.
    pub fn request(
        &mut self,
        now: Instant,
        t: RequestType,
        body: Vec<u8>,
    ) -> Result<RequestHandle> {
        let _ = now;
        if super::opens_context(t) {
            return Err(Error::Session {
                operation: "request",
                reason: "Connect and Bind go through connect()",
            });
        }
        if t.endpoint().is_some_and(|e| e != self.cfg.endpoint) {
            return Err(Error::WrongEndpoint {
                request_type: t.as_str(),
                endpoint: match self.cfg.endpoint {
                    Endpoint::Mailbox => "mailbox",
                    Endpoint::AddressBook => "address book",
                },
            });
        }
        if !matches!(self.state, State::Connected | State::Connecting) {
            return Err(self.refuse(t.as_str()));
        }
        if self.closing {
            return Err(self.refuse(t.as_str()));
        }
        let handle = self.new_handle();
        if closes_context(t) {
            self.closing = true;
        }
        if self.state == State::Connecting || (is_sequenced(t) && self.sequenced.is_some()) {
            if self.queue.len() >= self.cfg.max_queued {
                return Err(Error::LimitExceeded {
                    what: "queued requests",
                    offset: 0,
                    value: self.queue.len() as u64 + 1,
                    limit: self.cfg.max_queued as u64,
                });
            }
            self.queue.push_back(Queued {
                handle,
                rtype: t,
                body,
            });
        } else {
            self.transmit(handle, t, body);
        }
        Ok(handle)
    }

    /// The head of the response to `handle`: HTTP status and header fields.
    pub fn handle_response_head(
        &mut self,
        now: Instant,
        handle: RequestHandle,
        status: u16,
        headers: &Headers,
    ) -> Result<()> {
        let generation = self.generation;
        let f = self.inflight.get_mut(&handle).ok_or(Error::Session {
            operation: "response head",
            reason: "no request in flight under that handle",
        })?;
        if f.status.is_some() {
            return Err(Error::Session {
                operation: "response head",
                reason: "a head was already given for that handle",
            });
        }
        f.status = Some(status);
        match headers.response_code() {
            Ok(Some(c)) => f.code = c,
            Ok(None) => f.error = Some(missing(names::X_RESPONSE_CODE)),
            Err(e) => f.error = Some(e),
        }
        if f.generation != generation {
            return Ok(());
        }
        // A new session context's cookies must not mix with the old one's (3.2.5.6).
        if super::opens_context(f.rtype) && f.code.is_success() {
            self.jar.clear();
        }
        for v in headers.get_all(names::SET_COOKIE) {
            // A cookie over the jar's bounds is dropped; the server then answers with
            // Missing Cookie, which surfaces as a failure.
            let _ = self.jar.store(v);
        }
        if f.code.is_success() && status == 200 {
            if let Ok(Some(exp)) = headers.expiration_info() {
                self.arm_expiry(now, exp);
            }
        }
        Ok(())
    }

    /// De-chunked response body octets for `handle`, split anywhere.
    pub fn handle_response_body(
        &mut self,
        now: Instant,
        handle: RequestHandle,
        mut data: &[u8],
    ) -> Result<()> {
        let _ = now;
        let max_body = self.cfg.limits.max_body;
        let f = self.inflight.get_mut(&handle).ok_or(Error::Session {
            operation: "response body",
            reason: "no request in flight under that handle",
        })?;
        if f.status.is_none() {
            return Err(Error::Session {
                operation: "response body",
                reason: "no head yet for that handle",
            });
        }
        if f.error.is_some() {
            return Ok(());
        }
        if !f.code.is_success() || f.status != Some(200) {
            // Diagnostic text: kept only up to a line's worth, never interpreted.
            return Ok(());
        }
        while !data.is_empty() {
            match f.parser.parse(data) {
                Ok((used, ev)) => {
                    if let Some(MetaEvent::Body(b)) = ev {
                        if f.body.len() + b.len() > max_body {
                            f.error = Some(Error::LimitExceeded {
                                what: "response body",
                                offset: f.body.len(),
                                value: (f.body.len() + b.len()) as u64,
                                limit: max_body as u64,
                            });
                            return Ok(());
                        }
                        f.body.extend_from_slice(b);
                    }
                    if used == 0 && ev.is_none() {
                        break;
                    }
                    data = &data[used..];
                }
                Err(e) => {
                    f.error = Some(e);
                    return Ok(());
                }
            }
        }
        Ok(())
    }

    /// The response to `handle` ended: its result is reported.
    pub fn handle_response_end(&mut self, now: Instant, handle: RequestHandle) -> Result<()> {
        let f = self.inflight.remove(&handle).ok_or(Error::Session {
            operation: "response end",
            reason: "no request in flight under that handle",
        })?;
        if self.sequenced == Some(handle) {
            self.sequenced = None;
        }
        let t = f.rtype;
        let current = f.generation == self.generation;
        let fail = |reason| ClientEvent::Failed {
            handle,
            request_type: t,
            reason,
        };
        let status = f.status.unwrap_or(0);
        let reason = if f.status.is_none() {
            Some(FailReason::Transport)
        } else if !f.code.is_success() {
            if is_context_gone(f.code) && current {
                self.context_lost(Some(handle), Some(f.code));
                self.pump(now);
                return Ok(());
            }
            Some(FailReason::ResponseCode(f.code))
        } else if status != 200 {
            Some(FailReason::HttpStatus(status))
        } else if let Some(e) = f.error.or_else(|| f.parser.finish().err()) {
            Some(FailReason::Protocol(e))
        } else if !current {
            // An answer from a session context replaced since: its result means nothing now.
            Some(FailReason::ContextLost)
        } else {
            self.finish_success(handle, t, f.body);
            None
        };
        if let Some(reason) = reason {
            self.emit(fail(reason));
            // A failure from a replaced context says nothing about the current one.
            if current {
                self.after_failure(t);
            }
        }
        self.pump(now);
        Ok(())
    }

    /// The connection carrying `handle` broke before its response ended.
    pub fn handle_transport_error(&mut self, now: Instant, handle: RequestHandle) -> Result<()> {
        let f = self.inflight.remove(&handle).ok_or(Error::Session {
            operation: "transport error",
            reason: "no request in flight under that handle",
        })?;
        if self.sequenced == Some(handle) {
            self.sequenced = None;
        }
        self.emit(ClientEvent::Failed {
            handle,
            request_type: f.rtype,
            reason: FailReason::Transport,
        });
        if f.generation == self.generation {
            self.after_failure(f.rtype);
        }
        self.pump(now);
        Ok(())
    }

    /// Time passed: keep-alive PING, or the session context expired unrefreshed.
    pub fn handle_timeout(&mut self, now: Instant) {
        if self.state != State::Connected {
            return;
        }
        if self.expires_at.is_some_and(|t| t <= now) {
            let generation = self.generation;
            if self.inflight.values().any(|f| f.generation == generation) {
                // The server keeps a context with an outstanding request; the answer will
                // re-arm the timer.
                self.expires_at = None;
                return;
            }
            self.keepalive_at = None;
            self.expires_at = None;
            self.context_lost(None, None);
            self.pump(now);
            return;
        }
        if self.keepalive_at.is_some_and(|t| t <= now) {
            self.keepalive_at = None;
            if self.cfg.keepalive {
                let h = self.new_handle();
                self.transmit(h, RequestType::Ping, Vec::new());
            }
        }
    }

    /// The next output; drain until `Timeout` or `Idle`.
    pub fn poll_output(&mut self) -> ClientOutput {
        if let Some(o) = self.out.pop_front() {
            return o;
        }
        if self.state == State::Connected {
            let next = match (
                self.keepalive_at.filter(|_| self.cfg.keepalive),
                self.expires_at,
            ) {
                (Some(a), Some(b)) => Some(a.min(b)),
                (a, b) => a.or(b),
            };
            if let Some(t) = next {
                return ClientOutput::Timeout(t);
            }
        }
        ClientOutput::Idle
    }

    fn refuse(&self, operation: &'static str) -> Error {
        Error::Session {
            operation,
            reason: self.state.name(),
        }
    }

    fn new_handle(&mut self) -> RequestHandle {
        let h = RequestHandle(self.next_handle);
        self.next_handle += 1;
        h
    }

    fn emit(&mut self, e: ClientEvent) {
        self.out.push_back(ClientOutput::Event(e));
    }

    fn arm_expiry(&mut self, now: Instant, exp: Duration) {
        self.expiration = Some(exp);
        let margin = self.cfg.keepalive_margin.min(exp / 2);
        self.keepalive_at = Some(now + (exp - margin));
        self.expires_at = Some(now + exp);
    }

    fn send_connect(&mut self) -> RequestHandle {
        let t = match self.cfg.endpoint {
            Endpoint::Mailbox => RequestType::Connect,
            Endpoint::AddressBook => RequestType::Bind,
        };
        self.generation += 1;
        self.state = State::Connecting;
        self.keepalive_at = None;
        self.expires_at = None;
        self.expiration = None;
        let h = self.new_handle();
        let body = self.connect_body.clone().unwrap_or_default();
        self.transmit(h, t, body);
        h
    }

    fn transmit(&mut self, handle: RequestHandle, t: RequestType, body: Vec<u8>) {
        self.counter += 1;
        let id = RequestId {
            guid: self.cfg.request_id_guid,
            counter: self.counter,
        };
        let mut h = Headers::new();
        // Values below are tokens, digits or configured text; a configured value with CR
        // or LF is dropped rather than sent.
        let _ = h.push(names::HOST, &self.cfg.host);
        h.set_request_type(t);
        h.set_request_id(&id);
        if let Some(info) = &self.cfg.client_info {
            let _ = h.push(names::X_CLIENT_INFO, info);
        }
        let _ = h.push(names::X_CLIENT_APPLICATION, &self.cfg.client_application);
        let _ = h.push(names::CONTENT_TYPE, MAPI_HTTP);
        let _ = h.push(names::CONTENT_LENGTH, body.len().to_string());
        if let Some(c) = self.jar.cookie_header() {
            let _ = h.push(names::COOKIE, c);
        }
        let target = format!(
            "{}?MailboxId={}",
            endpoint_path(self.cfg.endpoint),
            self.cfg.mailbox_id
        );
        if is_sequenced(t) && !super::opens_context(t) {
            self.sequenced = Some(handle);
        }
        if closes_context(t) {
            self.state = State::Disconnecting;
        }
        self.inflight.insert(
            handle,
            InFlight {
                rtype: t,
                generation: self.generation,
                status: None,
                code: ResponseCode::Success,
                parser: MetaTagParser::new(self.cfg.limits.clone()),
                body: Vec::new(),
                error: None,
            },
        );
        self.out.push_back(ClientOutput::Transmit(OutgoingRequest {
            handle,
            method: "POST",
            target,
            headers: h,
            body,
        }));
    }

    /// Sends queued requests while the sequencing rule allows.
    fn pump(&mut self, _now: Instant) {
        if self.state == State::Connecting {
            return;
        }
        while let Some(q) = self.queue.front() {
            if !matches!(self.state, State::Connected | State::Disconnecting) {
                break;
            }
            if is_sequenced(q.rtype) && self.sequenced.is_some() {
                break;
            }
            let Some(q) = self.queue.pop_front() else {
                break;
            };
            self.transmit(q.handle, q.rtype, q.body);
        }
    }

    fn fail_queued(&mut self) {
        while let Some(q) = self.queue.pop_front() {
            self.emit(ClientEvent::Failed {
                handle: q.handle,
                request_type: q.rtype,
                reason: FailReason::ContextLost,
            });
        }
    }

    fn after_failure(&mut self, t: RequestType) {
        if super::opens_context(t) {
            self.state = State::Idle;
            self.fail_queued();
        } else if closes_context(t) {
            // The context is in an unknown state; treat it as closed.
            self.close();
        }
    }

    fn close(&mut self) {
        self.state = State::Closed;
        self.closing = false;
        self.jar.clear();
        self.keepalive_at = None;
        self.expires_at = None;
        self.generation += 1;
        self.fail_queued();
    }

    fn context_lost(&mut self, handle: Option<RequestHandle>, code: Option<ResponseCode>) {
        self.fail_queued();
        let reconnect = self.cfg.auto_reconnect
            && self.connect_body.is_some()
            && self.reconnects < self.cfg.max_reconnects
            && !self.closing;
        self.emit(ClientEvent::ContextLost {
            handle,
            code,
            reconnecting: reconnect,
        });
        if reconnect {
            self.reconnects += 1;
            self.sequenced = None;
            self.send_connect();
        } else if self.closing {
            self.close();
        } else {
            self.state = State::Idle;
            self.generation += 1;
            self.keepalive_at = None;
            self.expires_at = None;
        }
    }

    fn finish_success(&mut self, handle: RequestHandle, t: RequestType, body: Vec<u8>) {
        let limits = self.cfg.limits.clone();
        let fail = |reason| ClientEvent::Failed {
            handle,
            request_type: t,
            reason,
        };
        match t {
            RequestType::Connect | RequestType::Bind => {
                let (status, error) = status_and_error(&body);
                let connect = if t == RequestType::Connect {
                    match ConnectResponse::decode(&body, &limits) {
                        Ok(ConnectResponse::Success(s)) => Some(s.into_owned()),
                        Ok(ConnectResponse::Failure(_)) => None,
                        Err(e) => {
                            self.emit(fail(FailReason::Protocol(e)));
                            self.after_failure(t);
                            return;
                        }
                    }
                } else {
                    None
                };
                match (status, error) {
                    (Some(0), Some(0)) => {
                        self.state = State::Connected;
                        self.reconnects = 0;
                        self.emit(ClientEvent::Connected {
                            handle,
                            connect,
                            body,
                            expiration: self.expiration,
                        });
                    }
                    (Some(0), Some(e)) => {
                        self.emit(fail(FailReason::ErrorCode(e)));
                        self.after_failure(t);
                    }
                    (Some(s), _) if s != 0 => {
                        self.emit(fail(FailReason::StatusCode(s)));
                        self.after_failure(t);
                    }
                    _ => {
                        self.emit(fail(FailReason::Protocol(Error::Truncated {
                            what: "Connect or Bind response.StatusCode",
                            offset: 0,
                            needed: 8usize.saturating_sub(body.len()),
                        })));
                        self.after_failure(t);
                    }
                }
            }
            RequestType::Execute => match ExecuteResponse::decode(&body, &limits) {
                Ok(r) => {
                    let response = match r {
                        ExecuteResponse::Success(s) => ExecuteResponse::Success(s.into_owned()),
                        ExecuteResponse::Failure(f) => ExecuteResponse::Failure(f.into_owned()),
                    };
                    self.emit(ClientEvent::ExecuteCompleted { handle, response });
                }
                Err(e) => self.emit(fail(FailReason::Protocol(e))),
            },
            RequestType::NotificationWait => match NotificationWaitResponse::decode(&body, &limits)
            {
                Ok(NotificationWaitResponse::Success(s)) => {
                    self.emit(ClientEvent::NotificationPending {
                        handle,
                        event_pending: s.is_event_pending(),
                    })
                }
                Ok(NotificationWaitResponse::Failure(f)) => {
                    self.emit(fail(FailReason::StatusCode(f.status_code.get())))
                }
                Err(e) => self.emit(fail(FailReason::Protocol(e))),
            },
            RequestType::Ping => self.emit(ClientEvent::Pinged { handle }),
            RequestType::Disconnect | RequestType::Unbind => {
                self.close();
                self.emit(ClientEvent::Disconnected { handle });
            }
            _ => self.emit(ClientEvent::Completed {
                handle,
                request_type: t,
                body,
            }),
        }
    }
}

fn missing(name: &'static str) -> Error {
    Error::Header {
        name,
        reason: crate::http::headers::MISSING,
    }
}

//! The server role (MS-OXCMAPIHTTP 3.2): request checks, session contexts named by cookies,
//! sequencing, idle expiry, and the streamed response (PROCESSING, PENDING keep-alives, DONE).
//! The mailbox and address book semantics stay with the application, which answers each
//! request through [`Server::complete`].

use std::collections::{BTreeMap, VecDeque};
use std::time::{Duration, Instant};

use crate::error::{Error, Result};
use crate::http::content_type::{MAPI_HTTP, TEXT_HTML};
use crate::http::cookies::{parse_cookie_header, set_cookie_value, MAPI_CONTEXT, MAPI_SEQUENCE};
use crate::http::headers::{names, Headers};
use crate::http::meta_tags::{put_done, put_meta_tag};
use crate::http::pending::{PendingTimer, DEFAULT_PENDING_PERIOD};
use crate::http::response_code::{error_response_body, ResponseCode};
use crate::limits::Limits;
use crate::request_type::{Endpoint, RequestType};

use super::{
    closes_context, endpoint_of_target, endpoint_path, is_sequenced, opens_context,
    status_and_error, RequestHandle,
};

/// A session context's number on this server.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ContextId(pub u64);

/// How a [`Server`] behaves.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct ServerConfig {
    /// Mixed into every cookie value so that they cannot be guessed from their order; the
    /// host draws it at random.
    pub cookie_seed: u64,
    /// Idle time after which a session context is destroyed, sent as `X-ExpirationInfo`.
    pub expiration: Duration,
    /// Interval of PENDING keep-alives, sent as `X-PendingPeriod`.
    pub pending_period: Duration,
    /// `X-ServerApplication`.
    pub server_application: String,
    /// Issue and check `MapiSequence` cookies.
    pub sequence_cookies: bool,
    /// Most session contexts held; a Connect or Bind beyond it is refused with 1 (Unknown
    /// Failure).
    pub max_contexts: usize,
    /// Most requests outstanding at once.
    pub max_requests: usize,
    /// Body bounds.
    pub limits: Limits,
}

impl ServerConfig {
    /// Defaults: contexts expire after 15 idle minutes, PENDING every 30 s (2.2.3.3.5),
    /// sequence cookies on.
    pub fn new(cookie_seed: u64) -> ServerConfig {
        ServerConfig {
            cookie_seed,
            expiration: Duration::from_secs(900),
            pending_period: DEFAULT_PENDING_PERIOD,
            server_application: "Exchange/15.02.0000.000".to_owned(),
            sequence_cookies: true,
            max_contexts: 10_000,
            max_requests: 10_000,
            limits: Limits::default(),
        }
    }
}

/// Why a session context ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ContextEnd {
    /// Disconnect or Unbind answered.
    Disconnected,
    /// A Connect or Bind carrying its cookie replaced it (3.2.5.6).
    Replaced,
    /// It stayed idle longer than the expiration.
    Expired,
    /// The application refused the Connect or Bind (non-zero `StatusCode` or `ErrorCode`).
    Refused,
    /// The application dropped it ([`Server::drop_context`]).
    Dropped,
}

/// What the server reports to the application.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ServerEvent {
    /// A checked request for the application; answer it with [`Server::complete`].
    Request {
        /// The request.
        handle: RequestHandle,
        /// Its session context (`None` for a PING without one).
        context: Option<ContextId>,
        /// Its endpoint.
        endpoint: Endpoint,
        /// `X-RequestType`.
        request_type: RequestType,
        /// The body, already checked to decode.
        body: Vec<u8>,
    },
    /// A Connect or Bind created a session context.
    ContextCreated {
        /// The new context.
        context: ContextId,
        /// Its endpoint.
        endpoint: Endpoint,
    },
    /// A session context ended.
    ContextClosed {
        /// The context.
        context: ContextId,
        /// Why.
        reason: ContextEnd,
    },
    /// A request was answered with a non-zero `X-ResponseCode` without reaching the
    /// application.
    Rejected {
        /// The request.
        handle: RequestHandle,
        /// The code sent.
        code: ResponseCode,
    },
}

/// What [`Server::poll_output`] returns.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ServerOutput {
    /// Something for the application.
    Event(ServerEvent),
    /// The response head for `handle`: status 200 and these header fields. Error responses
    /// carry `Content-Length`; others stream, and the host frames them (chunked).
    ResponseHead {
        /// The request.
        handle: RequestHandle,
        /// HTTP status.
        status: u16,
        /// Header fields.
        headers: Headers,
    },
    /// Response body octets to send now (flush them: a PENDING that waits in a buffer keeps
    /// nothing alive).
    ResponseBody {
        /// The request.
        handle: RequestHandle,
        /// The octets.
        data: Vec<u8>,
    },
    /// The response for `handle` is complete.
    ResponseEnd {
        /// The request.
        handle: RequestHandle,
    },
    /// Nothing more until this time: call [`Server::handle_timeout`] then.
    Timeout(Instant),
    /// Nothing more until the next input.
    Idle,
}

#[derive(Debug)]
struct Context {
    endpoint: Endpoint,
    cookie: String,
    sequence: Option<String>,
    last_active: Instant,
    outstanding: usize,
    sequenced_busy: bool,
}

#[derive(Debug)]
struct Pending {
    context: Option<ContextId>,
    rtype: RequestType,
    started: Instant,
    timer: PendingTimer,
}

/// A MAPI over HTTP server role for both endpoints. See the [module](super) docs.
#[derive(Debug)]
pub struct Server {
    cfg: ServerConfig,
    contexts: BTreeMap<ContextId, Context>,
    pending: BTreeMap<RequestHandle, Pending>,
    out: VecDeque<ServerOutput>,
    next_context: u64,
    next_handle: u64,
    cookies_issued: u64,
}

struct Reject(ResponseCode, &'static str);

impl Server {
    /// A server with no session contexts.
    pub fn new(cfg: ServerConfig) -> Server {
        Server {
            cfg,
            contexts: BTreeMap::new(),
            pending: BTreeMap::new(),
            out: VecDeque::new(),
            next_context: 1,
            next_handle: 1,
            cookies_issued: 0,
        }
    }

    /// Session contexts held.
    pub fn contexts(&self) -> usize {
        self.contexts.len()
    }

    /// Requests the application has not answered yet.
    pub fn outstanding(&self) -> usize {
        self.pending.len()
    }

    /// The endpoint of a session context still held.
    pub fn context_endpoint(&self, id: ContextId) -> Option<Endpoint> {
        self.contexts.get(&id).map(|c| c.endpoint)
    }

    /// Takes a whole request. The response starts at once: an error response when a check
    /// fails, else the head and PROCESSING, and a [`ServerEvent::Request`] for the
    /// application.
    pub fn handle_request(
        &mut self,
        now: Instant,
        method: &str,
        target: &str,
        headers: &Headers,
        body: &[u8],
    ) -> RequestHandle {
        let handle = RequestHandle(self.next_handle);
        self.next_handle += 1;
        match self.check(now, method, target, headers, body) {
            Ok((endpoint, t, context, set_cookies)) => self.accept(
                now,
                handle,
                endpoint,
                t,
                context,
                set_cookies,
                headers,
                body,
            ),
            Err(Reject(code, detail)) => self.reject(handle, headers, code, detail),
        }
        handle
    }

    /// The application's answer to `handle`: the binary response body (StatusCode first).
    /// DONE, the additional headers and the body go out and the response ends.
    pub fn complete(&mut self, now: Instant, handle: RequestHandle, body: &[u8]) -> Result<()> {
        let p = self.pending.remove(&handle).ok_or(Error::Session {
            operation: "complete",
            reason: "no outstanding request under that handle",
        })?;
        let elapsed = now.saturating_duration_since(p.started);
        let mut data = Vec::with_capacity(48 + body.len());
        put_done(
            &mut data,
            &[(
                names::X_ELAPSED_TIME,
                &u32::try_from(elapsed.as_millis())
                    .unwrap_or(u32::MAX)
                    .to_string(),
            )],
        )?;
        data.extend_from_slice(body);
        self.out
            .push_back(ServerOutput::ResponseBody { handle, data });
        self.out.push_back(ServerOutput::ResponseEnd { handle });
        if let Some(id) = p.context {
            let (status, error) = status_and_error(body);
            let refused = opens_context(p.rtype) && (status != Some(0) || error != Some(0));
            if let Some(c) = self.contexts.get_mut(&id) {
                c.outstanding = c.outstanding.saturating_sub(1);
                c.last_active = now;
                if is_sequenced(p.rtype) {
                    c.sequenced_busy = false;
                }
            }
            if refused {
                self.destroy(id, ContextEnd::Refused);
            } else if closes_context(p.rtype) {
                self.destroy(id, ContextEnd::Disconnected);
            }
        }
        Ok(())
    }

    /// Destroys a session context on the application's word (the mailbox moved, an
    /// administrator ended the session); its next request gets 10 Context Not Found.
    pub fn drop_context(&mut self, id: ContextId) {
        self.destroy(id, ContextEnd::Dropped);
    }

    /// The connection of `handle` closed before its response ended: it is forgotten (its
    /// session context may take the next sequenced request).
    pub fn cancel(&mut self, now: Instant, handle: RequestHandle) {
        if let Some(p) = self.pending.remove(&handle) {
            if let Some(c) = p.context.and_then(|id| self.contexts.get_mut(&id)) {
                c.outstanding = c.outstanding.saturating_sub(1);
                c.last_active = now;
                if is_sequenced(p.rtype) {
                    c.sequenced_busy = false;
                }
            }
        }
    }

    /// Time passed: PENDING keep-alives for outstanding requests, expiry of idle contexts.
    pub fn handle_timeout(&mut self, now: Instant) {
        for (&handle, p) in self.pending.iter_mut() {
            p.timer.handle_timeout(now);
            while let Some(tag) = p.timer.poll_transmit() {
                let mut data = Vec::new();
                put_meta_tag(&mut data, tag);
                self.out
                    .push_back(ServerOutput::ResponseBody { handle, data });
            }
        }
        let exp = self.cfg.expiration;
        let expired: Vec<ContextId> = self
            .contexts
            .iter()
            .filter(|(_, c)| c.outstanding == 0 && c.last_active + exp <= now)
            .map(|(&id, _)| id)
            .collect();
        for id in expired {
            self.destroy(id, ContextEnd::Expired);
        }
    }

    /// The next output; drain until `Timeout` or `Idle`.
    pub fn poll_output(&mut self) -> ServerOutput {
        if let Some(o) = self.out.pop_front() {
            return o;
        }
        let pend = self.pending.values().filter_map(|p| p.timer.poll_timeout());
        let exp = self.cfg.expiration;
        let ctx = self
            .contexts
            .values()
            .filter(|c| c.outstanding == 0)
            .map(|c| c.last_active + exp);
        match pend.chain(ctx).min() {
            Some(t) => ServerOutput::Timeout(t),
            None => ServerOutput::Idle,
        }
    }

    #[allow(clippy::type_complexity)]
    fn check(
        &mut self,
        now: Instant,
        method: &str,
        target: &str,
        headers: &Headers,
        body: &[u8],
    ) -> std::result::Result<(Endpoint, RequestType, Option<ContextId>, Vec<String>), Reject> {
        if method != "POST" {
            return Err(Reject(ResponseCode::InvalidVerb, "only POST is served"));
        }
        let endpoint = endpoint_of_target(target).ok_or(Reject(
            ResponseCode::InvalidPath,
            "not /mapi/emsmdb/ or /mapi/nspi/",
        ))?;
        if let Err(e) = headers.validate_request() {
            return Err(Reject(
                ResponseCode::for_request_error(&e),
                "request headers",
            ));
        }
        let t = match headers.request_type() {
            Ok(Some(t)) => t,
            _ => return Err(Reject(ResponseCode::InvalidRequestType, "X-RequestType")),
        };
        if t.endpoint().is_some_and(|e| e != endpoint) {
            return Err(Reject(
                ResponseCode::InvalidRequestType,
                "request type of the other endpoint",
            ));
        }
        if headers.content_length().ok().flatten() != Some(body.len() as u64) {
            return Err(Reject(
                ResponseCode::InvalidHeader,
                "Content-Length differs from the body",
            ));
        }
        if body.len() > self.cfg.limits.max_body {
            return Err(Reject(ResponseCode::TooLarge, "body"));
        }
        let decoded = match endpoint {
            Endpoint::Mailbox => {
                crate::mailbox::decode_request(t, body, &self.cfg.limits).map(|_| ())
            }
            Endpoint::AddressBook if t == RequestType::Ping => {
                crate::mailbox::decode_request(t, body, &self.cfg.limits).map(|_| ())
            }
            Endpoint::AddressBook => {
                crate::addressbook::decode_request(t, body, &self.cfg.limits).map(|_| ())
            }
        };
        if decoded.is_err() {
            return Err(Reject(
                ResponseCode::InvalidRequestBody,
                "body does not decode",
            ));
        }
        if self.pending.len() >= self.cfg.max_requests {
            return Err(Reject(ResponseCode::UnknownFailure, "too many requests"));
        }
        let cookies: Vec<(String, String)> = headers
            .get_all(names::COOKIE)
            .filter_map(|v| parse_cookie_header(v).ok())
            .flatten()
            .map(|(n, v)| (n.to_owned(), v.to_owned()))
            .collect();
        let cookie = |name: &str| {
            cookies
                .iter()
                .find(|(n, _)| n == name)
                .map(|(_, v)| v.as_str())
        };
        let found = cookie(MAPI_CONTEXT).and_then(|v| {
            self.contexts
                .iter()
                .find(|(_, c)| c.cookie == v && c.endpoint == endpoint)
                .map(|(&id, _)| id)
        });
        let path = endpoint_path(endpoint);
        if opens_context(t) {
            if self.contexts.len() >= self.cfg.max_contexts && found.is_none() {
                return Err(Reject(
                    ResponseCode::UnknownFailure,
                    "too many session contexts",
                ));
            }
            // Reconnect: the old context goes, the sequence cookie is ignored (3.2.5.6).
            if let Some(old) = found {
                self.destroy(old, ContextEnd::Replaced);
            }
            let id = ContextId(self.next_context);
            self.next_context += 1;
            let value = self.new_cookie_value();
            let mut set = vec![cookie_line(MAPI_CONTEXT, &value, path)];
            let sequence = if self.cfg.sequence_cookies {
                let s = self.new_cookie_value();
                set.push(cookie_line(MAPI_SEQUENCE, &s, path));
                Some(s)
            } else {
                None
            };
            self.contexts.insert(
                id,
                Context {
                    endpoint,
                    cookie: value,
                    sequence,
                    last_active: now,
                    outstanding: 0,
                    sequenced_busy: false,
                },
            );
            self.out
                .push_back(ServerOutput::Event(ServerEvent::ContextCreated {
                    context: id,
                    endpoint,
                }));
            return Ok((endpoint, t, Some(id), set));
        }
        let Some(id) = found else {
            if t == RequestType::Ping && cookie(MAPI_CONTEXT).is_none() {
                return Ok((endpoint, t, None, Vec::new()));
            }
            return Err(match cookie(MAPI_CONTEXT) {
                None => Reject(ResponseCode::MissingCookie, "no session context cookie"),
                Some(_) => Reject(ResponseCode::ContextNotFound, "no such session context"),
            });
        };
        let mut set = Vec::new();
        if is_sequenced(t) {
            let fresh = self.cfg.sequence_cookies.then(|| self.new_cookie_value());
            let c = self.contexts.get_mut(&id).ok_or(Reject(
                ResponseCode::ContextNotFound,
                "no such session context",
            ))?;
            if c.sequenced_busy {
                return Err(Reject(
                    ResponseCode::InvalidSequence,
                    "another request of this session context is outstanding",
                ));
            }
            if let Some(expected) = &c.sequence {
                if cookie(MAPI_SEQUENCE) != Some(expected.as_str()) {
                    return Err(Reject(
                        ResponseCode::InvalidSequence,
                        "sequence cookie is not the latest",
                    ));
                }
            }
            c.sequenced_busy = true;
            if let Some(s) = fresh {
                set.push(cookie_line(MAPI_SEQUENCE, &s, path));
                c.sequence = Some(s);
            }
        }
        Ok((endpoint, t, Some(id), set))
    }

    #[allow(clippy::too_many_arguments)]
    fn accept(
        &mut self,
        now: Instant,
        handle: RequestHandle,
        endpoint: Endpoint,
        t: RequestType,
        context: Option<ContextId>,
        set_cookies: Vec<String>,
        req: &Headers,
        body: &[u8],
    ) {
        if let Some(c) = context.and_then(|id| self.contexts.get_mut(&id)) {
            // Any request refreshes the idle timer (PING explicitly, 3.2.5.3).
            c.outstanding += 1;
            c.last_active = now;
        }
        let mut h = self.base_headers(req, ResponseCode::Success);
        for s in &set_cookies {
            let _ = h.push(names::SET_COOKIE, s);
        }
        h.set_pending_period(self.cfg.pending_period);
        if context.is_some() {
            h.set_expiration_info(self.cfg.expiration);
        }
        let _ = h.push(names::CONTENT_TYPE, MAPI_HTTP);
        self.out.push_back(ServerOutput::ResponseHead {
            handle,
            status: 200,
            headers: h,
        });
        let mut timer = PendingTimer::new(self.cfg.pending_period);
        timer.start(now);
        let mut data = Vec::new();
        while let Some(tag) = timer.poll_transmit() {
            put_meta_tag(&mut data, tag);
        }
        self.out
            .push_back(ServerOutput::ResponseBody { handle, data });
        self.pending.insert(
            handle,
            Pending {
                context,
                rtype: t,
                started: now,
                timer,
            },
        );
        self.out
            .push_back(ServerOutput::Event(ServerEvent::Request {
                handle,
                context,
                endpoint,
                request_type: t,
                body: body.to_vec(),
            }));
    }

    fn reject(&mut self, handle: RequestHandle, req: &Headers, code: ResponseCode, detail: &str) {
        let body = error_response_body(code, detail).into_bytes();
        let mut h = self.base_headers(req, code);
        let _ = h.push(names::CONTENT_TYPE, TEXT_HTML);
        let _ = h.push(names::CONTENT_LENGTH, body.len().to_string());
        self.out.push_back(ServerOutput::ResponseHead {
            handle,
            status: 200,
            headers: h,
        });
        self.out
            .push_back(ServerOutput::ResponseBody { handle, data: body });
        self.out.push_back(ServerOutput::ResponseEnd { handle });
        self.out
            .push_back(ServerOutput::Event(ServerEvent::Rejected { handle, code }));
    }

    /// The headers every response carries: the echoes (2.2.3.3.2, 2.2.3.3.4), the code and
    /// the server's name.
    fn base_headers(&self, req: &Headers, code: ResponseCode) -> Headers {
        let mut h = Headers::new();
        if let Ok(Some(t)) = req.request_type() {
            h.set_request_type(t);
        }
        if let Ok(Some(id)) = req.request_id() {
            h.set_request_id(&id);
        }
        if let Some(info) = req.get(names::X_CLIENT_INFO) {
            let _ = h.push(names::X_CLIENT_INFO, info);
        }
        h.set_response_code(code);
        let _ = h.push(names::X_SERVER_APPLICATION, &self.cfg.server_application);
        h
    }

    fn destroy(&mut self, id: ContextId, reason: ContextEnd) {
        if self.contexts.remove(&id).is_some() {
            for p in self.pending.values_mut() {
                if p.context == Some(id) {
                    p.context = None;
                }
            }
            self.out
                .push_back(ServerOutput::Event(ServerEvent::ContextClosed {
                    context: id,
                    reason,
                }));
        }
    }

    /// A cookie value: 32 hex digits from the seed and a counter, mixed (splitmix64) so
    /// that consecutive values share nothing visible.
    fn new_cookie_value(&mut self) -> String {
        self.cookies_issued += 1;
        let a = splitmix(self.cfg.cookie_seed ^ self.cookies_issued);
        let b = splitmix(a ^ self.cookies_issued.rotate_left(32));
        format!("{a:016X}{b:016X}")
    }
}

fn cookie_line(name: &str, value: &str, path: &str) -> String {
    // Names are fixed tokens, values hex digits and paths constants: this cannot fail.
    set_cookie_value(name, value, Some(path)).unwrap_or_default()
}

fn splitmix(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

//! MAPI over HTTP (MS-OXCMAPIHTTP) in cleartext HTTP/1.1 streams, down to the ROPs.
//!
//! A TCP stream is taken when its first request head is classified as a MAPI over HTTP call by
//! [`oxwire_moh::autodetect::Classifier`] (the `/mapi/emsmdb/` or `/mapi/nspi/` path, or an
//! `X-RequestType` it knows). Until then its octets are only looked at, so other HTTP decoders
//! see the same stream. Once taken, each direction goes through a
//! [`MessageFramer`]; requests are paired with
//! responses in order (HTTP/1.1 answers in request order), the response body is split by the
//! meta-tag parser (PROCESSING, PENDING keep-alives, DONE, additional headers), and both
//! bodies are decoded by their `X-RequestType`. Execute ROP buffers go through a
//! [`RopSession`] kept per session context (the `MapiContext` cookie), because Outlook spreads
//! one session over several connections (a parked NotificationWait on one, Execute on another).
//!
//! One record per request/response pair, emitted when the response ends (or, for a request
//! left unanswered, when its connection ends), with `"event": "moh"`:
//!
//! | key | when | meaning |
//! |---|---|---|
//! | `frame`, `request_frame`, `stream` | always | frame of the response's (or request's) last octet, of the request's last octet, TCP stream id |
//! | `operation`, `endpoint` | always | `X-RequestType` as sent (e.g. `"Execute"`), `"mailbox"` / `"addressbook"` when known |
//! | `method`, `target` | always | request line |
//! | `request_id`, `client_info` | when sent | `X-RequestId`, `X-ClientInfo` |
//! | `cookies` | request with a `Cookie` header | names of the cookies sent (`MapiContext`, `MapiSequence`, ...) |
//! | `status`, `response_code`, `response_code_name` | response seen | HTTP status, `X-ResponseCode` |
//! | `set_cookies` | response with `Set-Cookie` | names of the cookies set |
//! | `pending` | MAPI over HTTP response body | number of PENDING keep-alives before DONE |
//! | `elapsed_time`, `start_time` | additional headers after DONE | as sent |
//! | `request`, `response` | bodies decoded | the body fields; Execute adds `rops` in the shape of EMSMDB calls' `rops` |
//! | `error` | something could not be read | sentences from the typed errors |
//!
//! tshark has no MAPI over HTTP dissector (it shows these streams as HTTP with
//! `application/mapi-http` bodies), so the bodies are checked against the builders of
//! `oxwire-moh` in the tests rather than against tshark.

use std::collections::{HashMap, VecDeque};

use serde_json::{json, Map, Value};

use oxwire_mapi_rop::session::RopSession;
use oxwire_moh::addressbook::{self, AddressBookRequest, AddressBookResponse};
use oxwire_moh::autodetect::{Classifier, Event as ClassEvent, Kind};
use oxwire_moh::http::cookies::{parse_cookie_header, SetCookie};
use oxwire_moh::http::message::{Direction as HttpDir, Head, MessageEvent, MessageFramer};
use oxwire_moh::http::meta_tags::{MetaTag, ResponseBody};
use oxwire_moh::mailbox::{
    self, from_utf16le, ConnectResponse, DisconnectResponse, ExecuteResponse, MailboxRequest,
    MailboxResponse, NotificationWaitResponse,
};
use oxwire_moh::{Endpoint, Limits, RequestType};

use super::{rops, Record};

/// Most session contexts whose ROP sessions are kept at once; a capture with more loses the
/// oldest (its later Execute responses then decode without request context).
const MAX_SESSIONS: usize = 4096;

/// The HTTP methods a request stream may open with, for the cheap first look.
const METHODS: [&[u8]; 8] = [
    b"POST ",
    b"GET ",
    b"PUT ",
    b"HEAD ",
    b"OPTIONS ",
    b"DELETE ",
    b"RPC_IN_DATA ",
    b"RPC_OUT_DATA ",
];

/// MAPI over HTTP state of a whole capture: its streams and its session contexts.
#[derive(Debug, Default)]
pub(super) struct MohState {
    limits: Limits,
    streams: HashMap<u64, MohStream>,
    /// ROP sessions by `MapiContext` cookie (or `stream:N` before a cookie exists), with the
    /// order they were created in, for eviction.
    sessions: HashMap<String, RopSession>,
    session_order: VecDeque<String>,
}

#[derive(Debug)]
enum MohStream {
    /// The first request head is not complete yet; octets are kept to replay.
    Probing {
        requests_from_client: bool,
        classifier: Box<Classifier>,
        buffered: [Vec<u8>; 2],
    },
    /// A MAPI over HTTP connection.
    Active(Box<Active>),
    /// Not (or no longer) MAPI over HTTP.
    Other,
}

#[derive(Debug)]
struct Active {
    requests_from_client: bool,
    framers: [MessageFramer; 2],
    /// The request being received.
    current_request: Option<Message>,
    /// Requests received whole and not answered yet, oldest first.
    waiting: VecDeque<Message>,
    /// The response being received.
    current_response: Option<Message>,
}

#[derive(Debug)]
struct Message {
    head: Head,
    body: Vec<u8>,
    frame: u64,
    /// The body grew beyond [`Limits::max_body`]; the rest was dropped.
    truncated: bool,
}

impl MohState {
    /// Looks at octets of a stream. Returns `true` when the stream is MAPI over HTTP and the
    /// octets were consumed; `false` leaves them to the other decoders.
    pub(super) fn data(
        &mut self,
        stream: u64,
        from_client: bool,
        frame: u64,
        bytes: &[u8],
        out: &mut VecDeque<Record>,
    ) -> bool {
        let limits = self.limits.clone();
        let entry = self.streams.entry(stream).or_insert_with(|| {
            if METHODS.iter().any(|m| bytes.starts_with(m)) {
                MohStream::Probing {
                    requests_from_client: from_client,
                    classifier: Box::new(Classifier::new(limits.clone())),
                    buffered: [Vec::new(), Vec::new()],
                }
            } else {
                MohStream::Other
            }
        });
        match entry {
            MohStream::Other => false,
            MohStream::Probing {
                requests_from_client,
                classifier,
                buffered,
            } => {
                let req_dir = from_client == *requests_from_client;
                let d = usize::from(!req_dir);
                if buffered[d].len() + bytes.len() > limits.max_header_block.saturating_mul(2) {
                    *entry = MohStream::Other;
                    return false;
                }
                buffered[d].extend_from_slice(bytes);
                if !req_dir {
                    return false;
                }
                let decision = match classifier.push_all(bytes) {
                    Ok(events) => events.into_iter().find_map(|e| match e {
                        ClassEvent::Request(r) => Some(matches!(r.kind, Kind::MapiHttp { .. })),
                        ClassEvent::Stopped(_) => Some(false),
                        ClassEvent::NeedMore => None,
                    }),
                    Err(_) => Some(false),
                };
                match decision {
                    None => false,
                    Some(false) => {
                        *entry = MohStream::Other;
                        false
                    }
                    Some(true) => {
                        let rfc = *requests_from_client;
                        let [reqs, resps] = std::mem::take(buffered);
                        let mut a = Box::new(Active {
                            requests_from_client: rfc,
                            framers: [
                                MessageFramer::new(HttpDir::Requests, limits.clone()),
                                MessageFramer::new(HttpDir::Responses, limits.clone()),
                            ],
                            current_request: None,
                            waiting: VecDeque::new(),
                            current_response: None,
                        });
                        let mut fine = a.push(0, frame, &reqs, &limits, stream, out, self);
                        fine = fine && a.push(1, frame, &resps, &limits, stream, out, self);
                        self.streams.insert(
                            stream,
                            if fine {
                                MohStream::Active(a)
                            } else {
                                MohStream::Other
                            },
                        );
                        true
                    }
                }
            }
            MohStream::Active(_) => {
                let Some(MohStream::Active(mut a)) = self.streams.remove(&stream) else {
                    return false;
                };
                let d = usize::from(from_client != a.requests_from_client);
                let fine = a.push(d, frame, bytes, &limits, stream, out, self);
                self.streams.insert(
                    stream,
                    if fine {
                        MohStream::Active(a)
                    } else {
                        MohStream::Other
                    },
                );
                true
            }
        }
    }

    /// The stream ended: a response running to the close ends, requests left unanswered are
    /// reported alone.
    pub(super) fn closed(&mut self, stream: u64, frame: u64, out: &mut VecDeque<Record>) {
        let Some(MohStream::Active(mut a)) = self.streams.remove(&stream) else {
            return;
        };
        if let Ok(Some(MessageEvent::End)) = a.framers[1].finish() {
            a.response_end(&self.limits.clone(), stream, out, self);
        }
        if let Some(r) = a.current_request.take() {
            a.waiting.push_back(r);
        }
        while let Some(req) = a.waiting.pop_front() {
            let rec = self.pair_record(stream, frame, req, None);
            out.push_back(rec);
        }
    }

    /// Octets are missing from a stream: HTTP framing cannot be recovered, so a MAPI over
    /// HTTP stream is given up with a notice.
    pub(super) fn gap(
        &mut self,
        stream: u64,
        frame: u64,
        missing: u64,
        out: &mut VecDeque<Record>,
    ) {
        if let Some(s) = self.streams.get_mut(&stream) {
            if matches!(s, MohStream::Active(_)) {
                let detail = format!("{missing} bytes missing; MAPI over HTTP framing lost");
                out.push_back(notice(stream, frame, 0, detail));
            }
            *s = MohStream::Other;
        }
    }

    fn session(&mut self, key: &str) -> &mut RopSession {
        if !self.sessions.contains_key(key) {
            if self.session_order.len() >= MAX_SESSIONS {
                if let Some(old) = self.session_order.pop_front() {
                    self.sessions.remove(&old);
                }
            }
            self.session_order.push_back(key.to_owned());
        }
        self.sessions.entry(key.to_owned()).or_default()
    }

    fn pair_record(
        &mut self,
        stream: u64,
        frame: u64,
        req: Message,
        resp: Option<Message>,
    ) -> Record {
        let mut m = Map::new();
        let mut errors = Vec::new();
        m.insert("frame".into(), frame.into());
        m.insert("stream".into(), stream.into());
        m.insert("request_frame".into(), req.frame.into());
        m.insert("event".into(), "moh".into());
        let h = &req.head.headers;
        let type_name = h.get_str("X-RequestType").unwrap_or("").to_owned();
        m.insert("operation".into(), type_name.clone().into());
        let rtype = RequestType::parse(&type_name).ok();
        let target = req.head.target().unwrap_or("");
        let endpoint = rtype.and_then(RequestType::endpoint).or_else(|| {
            let t = target.to_ascii_lowercase();
            if t.starts_with("/mapi/emsmdb") {
                Some(Endpoint::Mailbox)
            } else if t.starts_with("/mapi/nspi") {
                Some(Endpoint::AddressBook)
            } else {
                None
            }
        });
        if let Some(e) = endpoint {
            let name = match e {
                Endpoint::Mailbox => "mailbox",
                Endpoint::AddressBook => "addressbook",
            };
            m.insert("endpoint".into(), name.into());
        }
        m.insert(
            "method".into(),
            req.head.method().unwrap_or("").to_owned().into(),
        );
        m.insert("target".into(), target.to_owned().into());
        for (key, name) in [
            ("request_id", "X-RequestId"),
            ("client_info", "X-ClientInfo"),
        ] {
            if let Some(v) = h.get_str(name) {
                m.insert(key.into(), v.to_owned().into());
            }
        }
        let cookies: Vec<(String, String)> = h
            .get_all("Cookie")
            .flat_map(|v| parse_cookie_header(v).unwrap_or_default())
            .map(|(n, v)| (n.to_owned(), v.to_owned()))
            .collect();
        if !cookies.is_empty() {
            let names: Vec<Value> = cookies.iter().map(|(n, _)| n.clone().into()).collect();
            m.insert("cookies".into(), names.into());
        }
        // The session context: its cookie once the server has set one, else the connection.
        let session_key = cookies
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case("MapiContext"))
            .map_or_else(|| format!("stream:{stream}"), |(_, v)| v.clone());

        if req.truncated {
            errors.push("request body beyond the body limit; not decoded".to_owned());
        } else if let Some(t) = rtype {
            let limits = self.limits.clone();
            let v = request_fields(t, &req.body, &limits, self.session(&session_key));
            match v {
                Ok(v) => {
                    m.insert("request".into(), v);
                }
                Err(e) => errors.push(format!("request body: {e}")),
            }
        }

        if let Some(resp) = resp {
            let rh = &resp.head.headers;
            if let Some(s) = resp.head.status() {
                m.insert("status".into(), s.into());
            }
            let code = match rh.response_code() {
                Ok(c) => c,
                Err(e) => {
                    errors.push(e.to_string());
                    None
                }
            };
            if let Some(c) = code {
                m.insert("response_code".into(), c.value().into());
                m.insert("response_code_name".into(), c.name().into());
            }
            let set: Vec<Value> = rh
                .get_all("Set-Cookie")
                .filter_map(|v| SetCookie::parse(v).ok())
                .map(|c| c.name.to_owned().into())
                .collect();
            if !set.is_empty() {
                m.insert("set_cookies".into(), set.into());
            }
            let ok = resp.head.status() == Some(200) && code.is_none_or(|c| c.is_success());
            if resp.truncated {
                errors.push("response body beyond the body limit; not decoded".to_owned());
            } else if ok {
                match ResponseBody::decode(&resp.body, &self.limits) {
                    Ok(rb) => {
                        m.insert("pending".into(), rb.pending.into());
                        for (key, name) in [
                            ("elapsed_time", "X-ElapsedTime"),
                            ("start_time", "X-StartTime"),
                        ] {
                            if let Some(v) = rb.header(name) {
                                m.insert(
                                    key.into(),
                                    String::from_utf8_lossy(v).into_owned().into(),
                                );
                            }
                        }
                        if let Some(t) = rtype {
                            let limits = self.limits.clone();
                            let v =
                                response_fields(t, rb.body, &limits, self.session(&session_key));
                            match v {
                                Ok(v) => {
                                    m.insert("response".into(), v);
                                }
                                Err(e) => errors.push(format!("response body: {e}")),
                            }
                        }
                    }
                    Err(e) => errors.push(format!("response meta-tags: {e}")),
                }
            }
            if rtype == Some(RequestType::Disconnect) {
                self.sessions.remove(&session_key);
                self.session_order.retain(|k| k != &session_key);
            }
        }
        if !errors.is_empty() {
            m.insert("error".into(), errors.join("; ").into());
        }
        let detail = summary(&m);
        m.insert("detail".into(), detail.into());
        Record {
            frame,
            stream: Some(stream),
            dir: None,
            fields: m,
        }
    }
}

/// The `detail` of a pair record: operation, status and ROP names, for the summary table.
fn summary(m: &Map<String, Value>) -> String {
    let op = m.get("operation").and_then(Value::as_str).unwrap_or("?");
    let status = m
        .get("status")
        .map_or_else(|| "unanswered".to_owned(), |s| s.to_string());
    let mut names = Vec::new();
    if let Some(Value::Array(bufs)) = m.get("request").and_then(|r| r.get("rops")) {
        for b in bufs {
            if let Some(Value::Array(rops)) = b.get("rops") {
                names.extend(rops.iter().filter_map(|r| r.get("name")?.as_str()));
            }
        }
    }
    if names.is_empty() {
        format!("MAPI/HTTP {op} {status}")
    } else {
        format!("MAPI/HTTP {op} {status} {}", names.join(","))
    }
}

impl Active {
    /// Pushes octets of direction `d` (0 requests, 1 responses). `false` when framing failed:
    /// the stream is then given up with a notice.
    #[allow(clippy::too_many_arguments)]
    fn push(
        &mut self,
        d: usize,
        frame: u64,
        mut input: &[u8],
        limits: &Limits,
        stream: u64,
        out: &mut VecDeque<Record>,
        state: &mut MohState,
    ) -> bool {
        loop {
            let (used, ev) = match self.framers[d].parse(input) {
                Ok(x) => x,
                Err(e) => {
                    out.push_back(notice(stream, frame, d, e.to_string()));
                    return false;
                }
            };
            input = &input[used..];
            let slot = if d == 0 {
                &mut self.current_request
            } else {
                &mut self.current_response
            };
            match ev {
                None => return true,
                Some(MessageEvent::Head(head)) => {
                    *slot = Some(Message {
                        head,
                        body: Vec::new(),
                        frame,
                        truncated: false,
                    })
                }
                Some(MessageEvent::Body(b)) => {
                    if let Some(msg) = slot {
                        msg.frame = frame;
                        if msg.body.len() + b.len() > limits.max_body {
                            msg.truncated = true;
                        } else if !msg.truncated {
                            msg.body.extend_from_slice(b);
                        }
                    }
                }
                Some(MessageEvent::End) => {
                    if let Some(msg) = slot {
                        msg.frame = frame;
                    }
                    if d == 0 {
                        if let Some(r) = self.current_request.take() {
                            self.waiting.push_back(r);
                        }
                    } else {
                        self.response_end(limits, stream, out, state);
                    }
                }
            }
        }
    }

    fn response_end(
        &mut self,
        _limits: &Limits,
        stream: u64,
        out: &mut VecDeque<Record>,
        state: &mut MohState,
    ) {
        let Some(resp) = self.current_response.take() else {
            return;
        };
        // Interim responses (100 Continue) do not answer the request.
        if resp.head.status().is_some_and(|s| s < 200) {
            return;
        }
        // A server may answer before the request body ends (an early error).
        let req = self
            .waiting
            .pop_front()
            .or_else(|| self.current_request.take());
        let Some(req) = req else {
            out.push_back(notice(
                stream,
                resp.frame,
                1,
                "a response without a request".into(),
            ));
            return;
        };
        let frame = resp.frame;
        out.push_back(state.pair_record(stream, frame, req, Some(resp)));
    }
}

fn notice(stream: u64, frame: u64, d: usize, detail: String) -> Record {
    let dir = if d == 0 { "c2s" } else { "s2c" };
    let mut m = Map::new();
    m.insert("frame".into(), frame.into());
    m.insert("stream".into(), stream.into());
    m.insert("dir".into(), dir.into());
    m.insert("event".into(), "moh_framing_lost".into());
    m.insert("detail".into(), detail.into());
    Record {
        frame,
        stream: Some(stream),
        dir: Some(dir),
        fields: m,
    }
}

fn aux_len(aux: &oxwire_moh::aux_buffer::AuxiliaryBuffer<'_>) -> Value {
    aux.bytes.len().into()
}

fn plain_rops(buffer: &[u8], request: bool, session: &mut RopSession) -> Value {
    match oxwire_mapi_rop::ext_buffer::plain_payloads(buffer, &Default::default()) {
        Ok(bufs) => rops::describe_plain(&bufs, request, session),
        Err(e) => json!({ "error": e.to_string() }),
    }
}

/// The fields of a request body of type `t`; Execute ROPs go through `session`.
fn request_fields(
    t: RequestType,
    body: &[u8],
    limits: &Limits,
    session: &mut RopSession,
) -> Result<Value, oxwire_moh::Error> {
    if t.endpoint() == Some(Endpoint::AddressBook) {
        let req = addressbook::decode_request(t, body, limits)?;
        return Ok(addressbook_request(&req, body.len()));
    }
    Ok(match mailbox::decode_request(t, body, limits)? {
        MailboxRequest::Connect(c) => json!({
            "user_dn": String::from_utf8_lossy(&c.user_dn),
            "flags": c.flags,
            "default_code_page": c.default_code_page,
            "lcid_sort": c.lcid_sort,
            "lcid_string": c.lcid_string,
            "aux_length": aux_len(&c.aux),
        }),
        MailboxRequest::Execute(e) => json!({
            "flags": e.flags.0,
            "rop_buffer_size": e.rop_buffer.len(),
            "max_rop_out": e.max_rop_out,
            "aux_length": aux_len(&e.aux),
            "rops": plain_rops(&e.rop_buffer, true, session),
        }),
        MailboxRequest::Disconnect(d) => json!({ "aux_length": aux_len(&d.aux) }),
        MailboxRequest::NotificationWait(n) => json!({
            "flags": n.flags,
            "aux_length": aux_len(&n.aux),
        }),
        MailboxRequest::Ping => json!({}),
        // The enum may grow; a request type without fields here still has its name.
        #[allow(unreachable_patterns)]
        _ => json!({}),
    })
}

/// The fields of a response body (after the meta-tags) to a request of type `t`.
fn response_fields(
    t: RequestType,
    body: &[u8],
    limits: &Limits,
    session: &mut RopSession,
) -> Result<Value, oxwire_moh::Error> {
    if t.endpoint() == Some(Endpoint::AddressBook) {
        let resp = addressbook::decode_response(t, body, limits)?;
        return Ok(addressbook_response(&resp, body.len()));
    }
    let failure = |f: &mailbox::FailureResponse<'_>| json!({ "status_code": f.status_code.get(), "aux_length": aux_len(&f.aux) });
    Ok(match mailbox::decode_response(t, body, limits)? {
        MailboxResponse::Connect(ConnectResponse::Success(c)) => json!({
            "status_code": 0,
            "error_code": c.error_code,
            "max_polling_interval": c.max_polling_interval,
            "max_retry_count": c.max_retry_count,
            "retry_delay": c.retry_delay,
            "dn_prefix": String::from_utf8_lossy(&c.dn_prefix),
            "display_name": from_utf16le(&c.display_name),
            "aux_length": aux_len(&c.aux),
        }),
        MailboxResponse::Execute(ExecuteResponse::Success(e)) => json!({
            "status_code": 0,
            "error_code": e.error_code,
            "flags": e.flags,
            "rop_buffer_size": e.rop_buffer.len(),
            "aux_length": aux_len(&e.aux),
            "rops": plain_rops(&e.rop_buffer, false, session),
        }),
        MailboxResponse::Disconnect(DisconnectResponse::Success(d)) => json!({
            "status_code": 0,
            "error_code": d.error_code,
            "aux_length": aux_len(&d.aux),
        }),
        MailboxResponse::NotificationWait(NotificationWaitResponse::Success(n)) => json!({
            "status_code": 0,
            "error_code": n.error_code,
            "event_pending": n.event_pending,
            "aux_length": aux_len(&n.aux),
        }),
        MailboxResponse::Connect(ConnectResponse::Failure(f))
        | MailboxResponse::Execute(ExecuteResponse::Failure(f))
        | MailboxResponse::Disconnect(DisconnectResponse::Failure(f))
        | MailboxResponse::NotificationWait(NotificationWaitResponse::Failure(f)) => failure(&f),
        MailboxResponse::Ping => json!({}),
        #[allow(unreachable_patterns)]
        _ => json!({}),
    })
}

fn addressbook_request(req: &AddressBookRequest<'_>, len: usize) -> Value {
    json!({
        "body_length": len,
        "aux_length": aux_len(req.auxiliary_buffer()),
    })
}

fn addressbook_response(resp: &AddressBookResponse<'_>, len: usize) -> Value {
    let mut m = Map::new();
    m.insert("status_code".into(), resp.status_code().into());
    if let Some(e) = resp.error_code() {
        m.insert("error_code".into(), e.into());
    }
    m.insert("body_length".into(), len.into());
    m.insert("aux_length".into(), aux_len(resp.auxiliary_buffer()));
    Value::Object(m)
}

/// Decodes one MAPI over HTTP body given as octets: a request body of `request_type` (the
/// `X-RequestType` value) when `request`, else a response body, with or without its leading
/// meta-tags (`PROCESSING\r\n...DONE\r\n...\r\n`). Execute bodies are decoded down to ROPs;
/// a response's ROPs are read without their request, so only ROPs whose layout needs no
/// request context are complete.
pub fn dissect_body(request_type: &str, request: bool, body: &[u8]) -> Record {
    let mut m = Map::new();
    m.insert("frame".into(), 0.into());
    m.insert("event".into(), "moh_body".into());
    m.insert("operation".into(), request_type.into());
    m.insert(
        "dir".into(),
        if request { "request" } else { "response" }.into(),
    );
    let limits = Limits::default();
    let result = RequestType::parse(request_type)
        .map_err(|e| e.to_string())
        .and_then(|t| {
            let mut session = RopSession::new();
            if request {
                return request_fields(t, body, &limits, &mut session).map_err(|e| e.to_string());
            }
            let starts_with_tag = body
                .split(|&b| b == b'\r')
                .next()
                .and_then(MetaTag::from_line)
                == Some(MetaTag::Processing);
            let inner = if starts_with_tag {
                let rb = ResponseBody::decode(body, &limits).map_err(|e| e.to_string())?;
                m.insert("pending".into(), rb.pending.into());
                rb.body
            } else {
                body
            };
            response_fields(t, inner, &limits, &mut session).map_err(|e| e.to_string())
        });
    match result {
        Ok(v) => {
            m.insert(if request { "request" } else { "response" }.into(), v);
        }
        Err(e) => {
            m.insert("error".into(), e.into());
        }
    }
    Record {
        frame: 0,
        stream: None,
        dir: None,
        fields: m,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::capture::{Direction, StreamEvent};

    #[test]
    fn non_http_streams_are_left_alone() {
        let mut s = MohState::default();
        let mut out = VecDeque::new();
        assert!(!s.data(1, true, 1, &[5, 0, 11, 3], &mut out));
        assert!(!s.data(1, true, 2, b"POST /mapi/emsmdb/ HTTP/1.1\r\n\r\n", &mut out));
        assert!(out.is_empty());
    }

    fn u32le(v: u32) -> [u8; 4] {
        v.to_le_bytes()
    }

    /// A request with a Content-Length body and a chunked response whose body starts with
    /// the meta-tags, as MS-OXCMAPIHTTP 2.2.2 lays them out.
    fn exchange(rt: &str, cookie: &str, req: &[u8], resp: &[u8]) -> (Vec<u8>, Vec<u8>) {
        let mut q = format!(
            "POST /mapi/emsmdb/?MailboxId=u@example.com HTTP/1.1\r\nHost: mail.example.com\r\n\
             Content-Type: application/mapi-http\r\nX-RequestType: {rt}\r\n\
             X-RequestId: {{00000000-0000-0000-0000-000000000001}}:1\r\n\
             X-ClientInfo: {{00000000-0000-0000-0000-000000000002}}:1\r\n{cookie}\
             Content-Length: {}\r\n\r\n",
            req.len()
        )
        .into_bytes();
        q.extend_from_slice(req);
        let mut body = b"PROCESSING\r\nPENDING\r\nDONE\r\nX-ElapsedTime: 2\r\n\r\n".to_vec();
        body.extend_from_slice(resp);
        let mut r = b"HTTP/1.1 200 OK\r\nContent-Type: application/mapi-http\r\n\
                      X-RequestType: Execute\r\nX-ResponseCode: 0\r\n\
                      Set-Cookie: MapiSequence=2; path=/mapi/emsmdb\r\n\
                      Transfer-Encoding: chunked\r\n\r\n"
            .to_vec();
        // Two chunks: the keep-alive part and the rest.
        for part in [&body[..20], &body[20..]] {
            r.extend_from_slice(format!("{:x}\r\n", part.len()).as_bytes());
            r.extend_from_slice(part);
            r.extend_from_slice(b"\r\n");
        }
        r.extend_from_slice(b"0\r\n\r\n");
        (q, r)
    }

    #[test]
    fn execute_pair_decodes_to_rops() {
        // ROP buffer (MS-OXCROPS 2.2.1): RopSize, RopRelease (0x01, logon 0, handle index 0),
        // handle table of one entry.
        let rops_in = [0x05, 0x00, 0x01, 0x00, 0x00, 0x34, 0x12, 0x00, 0x00];
        // RPC_HEADER_EXT (MS-OXCRPC 2.2.2.1): Version 0, Flags Last (0x0004), Size, SizeActual.
        let mut chain = vec![0, 0, 4, 0, 9, 0, 9, 0];
        chain.extend_from_slice(&rops_in);
        let mut req = u32le(0).to_vec(); // Flags
        req.extend_from_slice(&u32le(chain.len() as u32));
        req.extend_from_slice(&chain);
        req.extend_from_slice(&u32le(0x8000)); // MaxRopOut
        req.extend_from_slice(&u32le(0)); // no auxiliary buffer
                                          // Response: RopRelease has no response, so an empty RopsList and no handles.
        let mut rchain = vec![0, 0, 4, 0, 2, 0, 2, 0, 2, 0];
        let mut resp = u32le(0).to_vec(); // StatusCode
        resp.extend_from_slice(&u32le(0)); // ErrorCode
        resp.extend_from_slice(&u32le(0)); // Flags
        resp.extend_from_slice(&u32le(rchain.len() as u32));
        resp.append(&mut rchain);
        resp.extend_from_slice(&u32le(0));
        let (q, r) = exchange(
            "Execute",
            "Cookie: MapiContext=abc; MapiSequence=1\r\n",
            &req,
            &resp,
        );

        let mut d = super::super::Dissector::new(Default::default());
        let (c, s) = (
            "10.0.0.1:50000".parse().unwrap(),
            "10.0.0.2:80".parse().unwrap(),
        );
        d.handle_event(StreamEvent::Opened {
            stream: 0,
            frame: 1,
            client: c,
            server: s,
            syn_seen: true,
        });
        for (i, b) in q.chunks(7).enumerate() {
            let bytes = b.to_vec();
            d.handle_event(StreamEvent::Data {
                stream: 0,
                dir: Direction::ClientToServer,
                frame: 2 + i as u64,
                bytes,
            });
        }
        d.handle_event(StreamEvent::Data {
            stream: 0,
            dir: Direction::ServerToClient,
            frame: 900,
            bytes: r,
        });
        let rec = d.poll_record().expect("one record");
        assert!(d.poll_record().is_none());
        let f = &rec.fields;
        assert_eq!(rec.frame, 900);
        assert_eq!(f["event"], "moh");
        assert_eq!(f["operation"], "Execute");
        assert_eq!(f["endpoint"], "mailbox");
        assert_eq!(f["status"], 200);
        assert_eq!(f["response_code"], 0);
        assert_eq!(f["pending"], 1);
        assert_eq!(f["elapsed_time"], "2");
        assert_eq!(f["cookies"], json!(["MapiContext", "MapiSequence"]));
        assert_eq!(f["set_cookies"], json!(["MapiSequence"]));
        assert_eq!(f["request_id"], "{00000000-0000-0000-0000-000000000001}:1");
        assert_eq!(f["request"]["max_rop_out"], 0x8000);
        let rops = &f["request"]["rops"][0];
        assert_eq!(rops["rops"][0]["name"], "RopRelease");
        assert_eq!(rops["handles"], json!(["0x00001234"]));
        assert_eq!(f["response"]["rops"][0]["rops"], json!([]));
        assert!(f.get("error").is_none(), "{f:?}");
    }

    #[test]
    fn other_http_is_given_back() {
        let mut s = MohState::default();
        let mut out = VecDeque::new();
        let head = b"RPC_IN_DATA /rpc/rpcproxy.dll?h:6001 HTTP/1.1\r\nContent-Length: 0\r\n\r\n";
        assert!(!s.data(1, true, 1, head, &mut out));
        assert!(!s.data(1, true, 2, head, &mut out));
        assert!(out.is_empty());
    }
}

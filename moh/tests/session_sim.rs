//! Deterministic simulation: client, proxy and server in memory, HTTP/1.1 octets between them
//! split at random points, time as an input. Each scenario runs under many seeds and must
//! end in its defined state; the same seed must give the same trace.
//!
//! ROP buffers are assembled from the MS-OXCROPS layouts: RopSetColumns (2.2.5.1),
//! RopQueryRows (2.2.5.4) with one standard PropertyRow, RopGetPropertiesSpecific (2.2.8.3).
//! Meta-tags, codes and cookies follow MS-OXCMAPIHTTP 2.2.3, 2.2.7, 3.1.5 and 3.2.5.

use std::collections::{BTreeMap, VecDeque};
use std::time::{Duration, Instant};

use oxwire_mapi_rop::ext_buffer::Flags;
use oxwire_mapi_rop::rop::{RopRequest, RopResponse};
use oxwire_moh::http::headers::Headers;
use oxwire_moh::http::message::{Direction, MessageEvent, MessageFramer};
use oxwire_moh::http::response_code::ResponseCode;
use oxwire_moh::mailbox::{ConnectRequest, ExecuteRequest, ExecuteSuccess};
use oxwire_moh::session::*;
use oxwire_moh::{Endpoint, RequestType};

const SET_COLUMNS_REQ: &[u8] = &[
    0x0c, 0x00, 0x12, 0x00, 0x00, 0x00, 0x01, 0x00, 0x1f, 0x00, 0x01, 0x30, 0x34, 0x12, 0x00, 0x00,
];
const SET_COLUMNS_RESP: &[u8] = &[
    0x09, 0x00, 0x12, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x34, 0x12, 0x00, 0x00,
];
const QUERY_ROWS_REQ: &[u8] = &[
    0x09, 0x00, 0x15, 0x00, 0x00, 0x00, 0x01, 0x0a, 0x00, 0x34, 0x12, 0x00, 0x00,
];
const QUERY_ROWS_RESP: &[u8] = &[
    0x10, 0x00, 0x15, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02, 0x01, 0x00, 0x00, 0x41, 0x00, 0x00, 0x00,
    0x34, 0x12, 0x00, 0x00,
];
const GPS_REQ: &[u8] = &[
    0x0f, 0x00, 0x07, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x1f, 0x00, 0x01, 0x30, 0x34,
    0x12, 0x00, 0x00,
];
const GPS_RESP: &[u8] = &[
    0x0d, 0x00, 0x07, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x41, 0x00, 0x00, 0x00, 0x34, 0x12, 0x00,
    0x00,
];

type ExecuteView<'a> = (
    &'a Exchange,
    &'a Option<oxwire_mapi_rop::rop::RopRequestBuffer>,
    &'a Vec<oxwire_mapi_rop::session::RopCall>,
    &'a Option<oxwire_moh::Error>,
);

/// xorshift64*: the simulation's only source of choices.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
}

fn connect_body() -> Vec<u8> {
    ConnectRequest {
        user_dn: b"/o=Example/cn=user".as_slice().into(),
        flags: 0,
        default_code_page: 1252,
        lcid_sort: 1033,
        lcid_string: 1033,
        aux: Default::default(),
    }
    .to_bytes()
    .unwrap()
}

fn connect_success() -> Vec<u8> {
    let mut b = Vec::new();
    for v in [0u32, 0, 60_000, 6, 10_000] {
        b.extend(v.to_le_bytes());
    }
    b.extend(b"/o=Example\0");
    b.extend([b'U', 0, 0, 0]);
    b.extend([0; 4]);
    b
}

fn execute_success(payloads: &[&[u8]]) -> Vec<u8> {
    let mut b = Vec::new();
    ExecuteSuccess::from_rop_payloads(payloads, Flags::LAST)
        .unwrap()
        .encode(&mut b)
        .unwrap();
    b
}

/// The answer to a ROP request buffer, by its first ROP.
fn rop_answer(req: &[u8]) -> Vec<u8> {
    match req {
        r if r == SET_COLUMNS_REQ => execute_success(&[SET_COLUMNS_RESP]),
        r if r == QUERY_ROWS_REQ => execute_success(&[QUERY_ROWS_RESP]),
        // Server packing: the same answer twice, the second a continuation.
        _ => execute_success(&[GPS_RESP, GPS_RESP]),
    }
}

fn encode_head(status: u16, headers: &Headers, chunked: bool) -> Vec<u8> {
    let mut out = format!("HTTP/1.1 {status} OK\r\n").into_bytes();
    let mut h = headers.clone();
    if chunked {
        h.push("Transfer-Encoding", "chunked").unwrap();
    }
    h.encode(&mut out);
    out.extend_from_slice(b"\r\n");
    out
}

#[derive(Default)]
struct Link {
    /// Client to server octets not yet delivered.
    up: VecDeque<u8>,
    /// Server to client octets not yet delivered.
    down: VecDeque<u8>,
    server_framer: Option<MessageFramer>,
    client_framer: Option<MessageFramer>,
    req_head: Option<(String, String, Headers)>,
    req_body: Vec<u8>,
    chunked: bool,
    client_handle: Option<RequestHandle>,
    server_handle: Option<RequestHandle>,
}

struct Sim {
    rng: Rng,
    now: Instant,
    client: Client,
    server: Server,
    proxy: Proxy,
    links: BTreeMap<u64, Link>,
    by_server: BTreeMap<RequestHandle, u64>,
    /// Requests the application holds, with the time it answers them.
    held: Vec<(RequestHandle, Instant, Vec<u8>)>,
    client_events: Vec<ClientEvent>,
    server_events: Vec<ServerEvent>,
    proxy_events: Vec<ProxyEvent>,
    contexts: Vec<ContextId>,
    hold_notification_wait: Duration,
    trace: Vec<String>,
}

impl Sim {
    fn new(seed: u64, ccfg: ClientConfig, scfg: ServerConfig) -> Sim {
        Sim {
            rng: Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1),
            now: Instant::now(),
            client: Client::new(ccfg),
            server: Server::new(scfg),
            proxy: Proxy::new(ProxyConfig::default()),
            links: BTreeMap::new(),
            by_server: BTreeMap::new(),
            held: Vec::new(),
            client_events: Vec::new(),
            server_events: Vec::new(),
            proxy_events: Vec::new(),
            contexts: Vec::new(),
            hold_notification_wait: Duration::from_secs(70),
            trace: Vec::new(),
        }
    }

    fn mailbox(seed: u64) -> Sim {
        Sim::new(
            seed,
            ClientConfig::new(
                Endpoint::Mailbox,
                "mail.example.com",
                "u@example.com",
                [3; 16],
            ),
            ServerConfig::new(seed),
        )
    }

    /// Runs until nothing moves without time passing.
    fn settle(&mut self) {
        loop {
            let mut moved = self.drain_client();
            moved |= self.drain_server();
            moved |= self.drain_proxy();
            moved |= self.deliver_some();
            if !moved {
                break;
            }
        }
    }

    /// Advances time to `until`, stopping at every timer on the way.
    fn run_until(&mut self, until: Instant) {
        loop {
            self.settle();
            let mut next = until;
            if let ClientOutput::Timeout(t) = self.client.poll_output() {
                next = next.min(t);
            }
            if let ServerOutput::Timeout(t) = self.server.poll_output() {
                next = next.min(t);
            }
            for (_, t, _) in &self.held {
                next = next.min(*t);
            }
            if next <= self.now && next < until {
                next = self.now;
            }
            self.now = self.now.max(next);
            self.client.handle_timeout(self.now);
            self.server.handle_timeout(self.now);
            let due: Vec<_> = {
                let now = self.now;
                let (due, keep): (Vec<_>, Vec<_>) =
                    self.held.drain(..).partition(|(_, t, _)| *t <= now);
                self.held = keep;
                due
            };
            for (h, _, body) in due {
                // The request may have been cancelled with its context; ignore that.
                let _ = self.server.complete(self.now, h, &body);
            }
            self.settle();
            if self.now >= until {
                break;
            }
        }
    }

    fn drain_client(&mut self) -> bool {
        let mut moved = false;
        loop {
            match self.client.poll_output() {
                ClientOutput::Transmit(r) => {
                    moved = true;
                    self.trace.push(format!(
                        "send {} {}",
                        r.handle.0,
                        r.headers.get_str("X-RequestType").unwrap_or("?")
                    ));
                    let mut bytes = Vec::new();
                    r.encode_http1(&mut bytes);
                    let link = self.links.entry(r.handle.0).or_default();
                    link.up.extend(bytes);
                    link.client_handle = Some(r.handle);
                }
                ClientOutput::Event(e) => {
                    moved = true;
                    self.trace.push(format!("client {e:?}"));
                    self.client_events.push(e);
                }
                _ => break,
            }
        }
        moved
    }

    fn drain_server(&mut self) -> bool {
        let mut moved = false;
        loop {
            match self.server.poll_output() {
                ServerOutput::Event(e) => {
                    moved = true;
                    self.trace.push(format!("server {e:?}"));
                    match &e {
                        ServerEvent::Request {
                            handle,
                            request_type,
                            body,
                            ..
                        } => {
                            let answer = match request_type {
                                RequestType::Connect => Some(connect_success()),
                                RequestType::Execute => {
                                    let req = oxwire_moh::mailbox::ExecuteRequest::decode(
                                        body,
                                        &Default::default(),
                                    )
                                    .unwrap();
                                    let p = req.rop_payloads(&Default::default()).unwrap();
                                    Some(rop_answer(&p[0]))
                                }
                                RequestType::Disconnect => Some(vec![0; 12]),
                                RequestType::Ping => Some(Vec::new()),
                                RequestType::NotificationWait => {
                                    let b: Vec<u8> = [0u32, 0, 1, 0]
                                        .iter()
                                        .flat_map(|v| v.to_le_bytes())
                                        .collect();
                                    self.held.push((
                                        *handle,
                                        self.now + self.hold_notification_wait,
                                        b,
                                    ));
                                    None
                                }
                                _ => None,
                            };
                            if let Some(a) = answer {
                                self.server.complete(self.now, *handle, &a).unwrap();
                            }
                        }
                        ServerEvent::ContextCreated { context, .. } => self.contexts.push(*context),
                        _ => {}
                    }
                    self.server_events.push(e);
                }
                ServerOutput::ResponseHead {
                    handle,
                    status,
                    headers,
                } => {
                    moved = true;
                    let id = self.by_server[&handle];
                    let chunked = headers.content_length().unwrap().is_none();
                    let link = self.links.get_mut(&id).unwrap();
                    link.chunked = chunked;
                    link.down.extend(encode_head(status, &headers, chunked));
                }
                ServerOutput::ResponseBody { handle, data } => {
                    moved = true;
                    let id = self.by_server[&handle];
                    let link = self.links.get_mut(&id).unwrap();
                    if link.chunked {
                        link.down
                            .extend(format!("{:x}\r\n", data.len()).into_bytes());
                        link.down.extend(data);
                        link.down.extend(*b"\r\n");
                    } else {
                        link.down.extend(data);
                    }
                }
                ServerOutput::ResponseEnd { handle } => {
                    moved = true;
                    let id = self.by_server[&handle];
                    let link = self.links.get_mut(&id).unwrap();
                    if link.chunked {
                        link.down.extend(*b"0\r\n\r\n");
                    }
                }
                ServerOutput::Timeout(_) | ServerOutput::Idle => break,
            }
        }
        moved
    }

    fn drain_proxy(&mut self) -> bool {
        let mut moved = false;
        while let ProxyOutput::Event(e) = self.proxy.poll_output() {
            moved = true;
            self.trace.push(format!("proxy {e:?}"));
            self.proxy_events.push(e);
        }
        moved
    }

    /// Delivers a random prefix of one random non-empty direction of one link.
    fn deliver_some(&mut self) -> bool {
        let busy: Vec<(u64, bool)> = self
            .links
            .iter()
            .flat_map(|(&id, l)| {
                let mut v = Vec::new();
                if !l.up.is_empty() {
                    v.push((id, true));
                }
                if !l.down.is_empty() {
                    v.push((id, false));
                }
                v
            })
            .collect();
        if busy.is_empty() {
            return false;
        }
        let (id, up) = busy[self.rng.below(busy.len() as u64) as usize];
        let now = self.now;
        let link = self.links.get_mut(&id).unwrap();
        let q = if up { &mut link.up } else { &mut link.down };
        let n = 1 + self.rng.below(q.len() as u64) as usize;
        let piece: Vec<u8> = q.drain(..n).collect();
        let conn = ConnId(id);
        if up {
            self.proxy.handle_request_bytes(now, conn, &piece).unwrap();
            let f = link
                .server_framer
                .get_or_insert_with(|| MessageFramer::new(Direction::Requests, Default::default()));
            let mut input = &piece[..];
            let mut done = None;
            loop {
                let (used, ev) = f.parse(input).unwrap();
                input = &input[used..];
                match ev {
                    Some(MessageEvent::Head(h)) => {
                        link.req_head = Some((
                            h.method().unwrap().to_owned(),
                            h.target().unwrap().to_owned(),
                            h.headers,
                        ))
                    }
                    Some(MessageEvent::Body(b)) => link.req_body.extend_from_slice(b),
                    Some(MessageEvent::End) => {
                        done = link
                            .req_head
                            .take()
                            .map(|h| (h, std::mem::take(&mut link.req_body)))
                    }
                    None => break,
                }
            }
            if let Some(((method, target, headers), body)) = done {
                let sh = self
                    .server
                    .handle_request(now, &method, &target, &headers, &body);
                link.server_handle = Some(sh);
                self.by_server.insert(sh, id);
            }
        } else {
            self.proxy.handle_response_bytes(now, conn, &piece).unwrap();
            let ch = link.client_handle.unwrap();
            let f = link.client_framer.get_or_insert_with(|| {
                MessageFramer::new(Direction::Responses, Default::default())
            });
            let mut input = &piece[..];
            loop {
                let (used, ev) = f.parse(input).unwrap();
                input = &input[used..];
                match ev {
                    Some(MessageEvent::Head(h)) => self
                        .client
                        .handle_response_head(now, ch, h.status().unwrap(), &h.headers)
                        .unwrap(),
                    Some(MessageEvent::Body(b)) => {
                        self.client.handle_response_body(now, ch, b).unwrap()
                    }
                    Some(MessageEvent::End) => self.client.handle_response_end(now, ch).unwrap(),
                    None => break,
                }
            }
        }
        true
    }

    fn execute(&mut self, rops: &[u8]) -> RequestHandle {
        let req =
            ExecuteRequest::from_rop_buffer(rops, Flags::LAST | Flags::XOR_MAGIC, 0x40000).unwrap();
        self.client.execute(self.now, &req).unwrap()
    }

    fn executes(&self) -> Vec<ExecuteView<'_>> {
        self.proxy_events
            .iter()
            .filter_map(|e| match e {
                ProxyEvent::ExecutePair {
                    exchange,
                    request_rops,
                    response_rops,
                    rop_error,
                } => Some((exchange, request_rops, response_rops, rop_error)),
                _ => None,
            })
            .collect()
    }

    fn no_trouble(&self) {
        for e in &self.proxy_events {
            assert!(
                !matches!(e, ProxyEvent::Desync { .. } | ProxyEvent::Unanswered { .. }),
                "{e:?}"
            );
        }
        for l in self.links.values() {
            assert!(l.up.is_empty() && l.down.is_empty());
        }
    }
}

/// Connect, two Executes whose second needs the first's columns, a chained response,
/// NotificationWait with PENDING ticks, PING, a dropped context with reconnect, Disconnect.
fn full_session(seed: u64) -> Vec<String> {
    let mut s = Sim::mailbox(seed);
    let t0 = s.now;
    s.client.connect(t0, connect_body()).unwrap();
    s.settle();
    assert!(s.client.is_connected(), "seed {seed}: {:#?}", s.trace);
    let ctx1 = s.client.cookies().get("MapiContext").unwrap().to_owned();
    assert!(s.proxy.follows(&ctx1));

    s.execute(SET_COLUMNS_REQ);
    s.execute(QUERY_ROWS_REQ);
    s.execute(GPS_REQ);
    s.settle();
    let ex = s.executes();
    assert_eq!(ex.len(), 3, "seed {seed}");
    for (x, req, calls, err) in &ex {
        assert!(err.is_none(), "seed {seed}: {err:?}");
        assert!(!x.request_id_mismatch);
        assert!(req.is_some());
        assert!(!calls.is_empty());
        assert_eq!(x.context.as_deref(), Some(ctx1.as_str()));
    }
    // The QueryRows row is read with the columns the earlier call set.
    let RopResponse::QueryRows(q) = &ex[1].2[0].response.rops[0] else {
        panic!()
    };
    assert_eq!(q.body.as_ref().unwrap().rows[0].value(0), Some(&"A".into()));
    // The chained GetPropertiesSpecific answer: two calls paired with the one request.
    assert_eq!(ex[2].2.len(), 2);
    for call in ex[2].2 {
        assert!(matches!(
            call.request.rops[0],
            RopRequest::GetPropertiesSpecific(_)
        ));
        assert!(matches!(
            call.response.rops[0],
            RopResponse::GetPropertiesSpecific(_)
        ));
    }
    let executed = s
        .client_events
        .iter()
        .filter(|e| matches!(e, ClientEvent::ExecuteCompleted { .. }))
        .count();
    assert_eq!(executed, 3);

    // NotificationWait held 70 s: two PENDING at 30 s and 60 s.
    let nw = s.client.notification_wait(s.now).unwrap();
    s.settle();
    s.run_until(t0 + Duration::from_secs(80));
    assert!(s.client_events.contains(&ClientEvent::NotificationPending {
        handle: nw,
        event_pending: true
    }));
    let pair = s
        .proxy_events
        .iter()
        .find_map(|e| match e {
            ProxyEvent::Pair(x) if x.request_type == Some(RequestType::NotificationWait) => Some(x),
            _ => None,
        })
        .unwrap();
    assert_eq!(pair.pending, 2);

    let ping = s.client.ping(s.now).unwrap();
    s.settle();
    assert!(s
        .client_events
        .contains(&ClientEvent::Pinged { handle: ping }));

    // The server drops the context; the next Execute gets 10 and the client reconnects.
    let id = *s.contexts.last().unwrap();
    s.server.drop_context(id);
    let lost = s.execute(GPS_REQ);
    s.settle();
    assert!(s.client_events.iter().any(|e| matches!(
        e,
        ClientEvent::ContextLost { handle: Some(h), code: Some(ResponseCode::ContextNotFound), reconnecting: true } if *h == lost
    )));
    assert!(s.client.is_connected());
    let ctx2 = s.client.cookies().get("MapiContext").unwrap().to_owned();
    assert_ne!(ctx1, ctx2);
    assert!(s.proxy_events.contains(&ProxyEvent::ContextClosed {
        context: ctx1.clone(),
        reason: CloseReason::Gone(ResponseCode::ContextNotFound)
    }));
    assert!(!s.proxy.follows(&ctx1) && s.proxy.follows(&ctx2));
    // On the new context, the same GetPropertiesSpecific decodes from fresh ROP state.
    s.execute(GPS_REQ);
    s.settle();
    let ex = s.executes();
    let (x, _, calls, err) = ex.last().unwrap();
    assert!(err.is_none());
    assert_eq!(x.context.as_deref(), Some(ctx2.as_str()));
    assert_eq!(calls.len(), 2);

    s.client.disconnect(s.now).unwrap();
    s.settle();
    // Defined end state everywhere.
    assert!(s.client.is_closed());
    assert_eq!(s.client.in_flight(), 0);
    assert_eq!(s.server.contexts(), 0);
    assert_eq!(s.server.outstanding(), 0);
    assert_eq!(s.proxy.contexts(), 0);
    s.no_trouble();
    s.trace
}

#[test]
fn full_session_many_seeds() {
    for seed in 1..=64 {
        full_session(seed);
    }
}

#[test]
fn same_seed_same_trace() {
    for seed in [5, 77, 1234] {
        assert_eq!(full_session(seed), full_session(seed));
    }
}

/// An hour idle with keep-alives: the context lives; PING pairs pass the proxy.
#[test]
fn keepalive_hour() {
    for seed in 1..=8 {
        let mut scfg = ServerConfig::new(seed);
        scfg.expiration = Duration::from_secs(120);
        let mut s = Sim::new(
            seed,
            ClientConfig::new(
                Endpoint::Mailbox,
                "mail.example.com",
                "u@example.com",
                [4; 16],
            ),
            scfg,
        );
        let t0 = s.now;
        s.client.connect(t0, connect_body()).unwrap();
        s.run_until(t0 + Duration::from_secs(3600));
        assert!(s.client.is_connected());
        assert_eq!(s.server.contexts(), 1);
        let pings = s
            .proxy_events
            .iter()
            .filter(
                |e| matches!(e, ProxyEvent::Pair(x) if x.request_type == Some(RequestType::Ping)),
            )
            .count();
        // One PING every 90 s (120 s expiry, 30 s margin).
        assert_eq!(pings, 40);
        s.no_trouble();
    }
}

/// Without keep-alives the server expires the context; the client's own expiry timer fires
/// at the same time, it reconnects, and the run ends with one fresh context.
#[test]
fn expiry_without_keepalive_reconnects() {
    for seed in 1..=8 {
        let mut scfg = ServerConfig::new(seed);
        scfg.expiration = Duration::from_secs(120);
        let mut ccfg = ClientConfig::new(
            Endpoint::Mailbox,
            "mail.example.com",
            "u@example.com",
            [4; 16],
        );
        ccfg.keepalive = false;
        let mut s = Sim::new(seed, ccfg, scfg);
        let t0 = s.now;
        s.client.connect(t0, connect_body()).unwrap();
        s.settle();
        let first = s.client.cookies().get("MapiContext").unwrap().to_owned();
        s.run_until(t0 + Duration::from_secs(150));
        assert!(s.client_events.iter().any(|e| matches!(
            e,
            ClientEvent::ContextLost {
                handle: None,
                code: None,
                reconnecting: true
            }
        )));
        assert!(s.server_events.iter().any(|e| matches!(
            e,
            ServerEvent::ContextClosed {
                reason: ContextEnd::Expired,
                ..
            }
        )));
        assert!(s.client.is_connected());
        assert_ne!(s.client.cookies().get("MapiContext").unwrap(), first);
        assert_eq!(s.server.contexts(), 1);
        assert_eq!(s.proxy.contexts(), 1);
        s.no_trouble();
    }
}

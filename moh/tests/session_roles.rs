//! Client and server roles against each other, in memory: the request headers of
//! MS-OXCMAPIHTTP 2.2.2.1 and 2.2.3, the `X-ResponseCode` values of 2.2.3.3.3 for each failed
//! check, session context cookies (3.1.5.1, 3.2.5.1), reconnecting (3.2.5.6), PING keep-alives
//! (3.1.5.3, 3.2.5.3) and PENDING keep-alives (2.2.7, 3.2.5.4). Expected values are the
//! specification's: header names and forms, response code numbers, meta-tag lines.

use std::collections::HashMap;
use std::time::{Duration, Instant};

use oxwire_mapi_rop::ext_buffer::Flags;
use oxwire_moh::http::headers::{names, Headers};
use oxwire_moh::http::response_code::ResponseCode;
use oxwire_moh::mailbox::{ConnectRequest, ExecuteRequest, ExecuteResponse, ExecuteSuccess};
use oxwire_moh::session::*;
use oxwire_moh::{Endpoint, Limits, RequestType};

const GUID: [u8; 16] = [
    0xE2, 0xEA, 0x6C, 0x1C, 0xE6, 0x1B, 0x49, 0xE9, 0x9C, 0xFB, 0x38, 0x18, 0x4F, 0x90, 0x75, 0x52,
];

/// RopGetPropertiesSpecific (MS-OXCROPS 2.2.8.3.1): LogonId 0, InputHandleIndex 0,
/// PropertySizeLimit 0, WantUnicode 1, one tag PidTagDisplayName_W (0x3001001F); handle
/// table [0x1234].
const GPS_REQ: &[u8] = &[
    0x0f, 0x00, 0x07, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x1f, 0x00, 0x01, 0x30, 0x34,
    0x12, 0x00, 0x00,
];
/// Its response (2.2.8.3.2): InputHandleIndex 0, ReturnValue 0, standard PropertyRow "A".
const GPS_RESP: &[u8] = &[
    0x0d, 0x00, 0x07, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x41, 0x00, 0x00, 0x00, 0x34, 0x12, 0x00,
    0x00,
];

fn connect_body() -> Vec<u8> {
    ConnectRequest {
        user_dn: b"/o=Example/ou=Exchange/cn=Recipients/cn=user"
            .as_slice()
            .into(),
        flags: 0,
        default_code_page: 1252,
        lcid_sort: 1033,
        lcid_string: 1033,
        aux: Default::default(),
    }
    .to_bytes()
    .unwrap()
}

/// Connect success body (2.2.4.1.2): StatusCode 0, ErrorCode 0, MaxPollingInterval 60000,
/// MaxRetryCount 6, RetryDelay 10000, DnPrefix "/o=Example", DisplayName "U", no aux.
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

fn execute_success(payload: &[u8]) -> Vec<u8> {
    let mut b = Vec::new();
    ExecuteSuccess::from_rop_payloads(&[payload], Flags::LAST)
        .unwrap()
        .encode(&mut b)
        .unwrap();
    b
}

type App = dyn FnMut(RequestType, &[u8]) -> Option<Vec<u8>>;

/// Moves everything between one client and one server until both are quiet; the
/// application answers via `app` (return `None` to leave a request outstanding).
struct Pair {
    client: Client,
    server: Server,
    /// server handle -> client handle
    map: HashMap<RequestHandle, RequestHandle>,
    sent: Vec<OutgoingRequest>,
    events: Vec<ClientEvent>,
    server_events: Vec<ServerEvent>,
    bodies: HashMap<RequestHandle, Vec<u8>>,
    heads: HashMap<RequestHandle, Headers>,
    held: Vec<(RequestHandle, RequestType)>,
}

impl Pair {
    fn new(ccfg: ClientConfig, scfg: ServerConfig) -> Pair {
        Pair {
            client: Client::new(ccfg),
            server: Server::new(scfg),
            map: HashMap::new(),
            sent: Vec::new(),
            events: Vec::new(),
            server_events: Vec::new(),
            bodies: HashMap::new(),
            heads: HashMap::new(),
            held: Vec::new(),
        }
    }

    fn mailbox() -> Pair {
        Pair::new(
            ClientConfig::new(Endpoint::Mailbox, "mail.example.com", "u@example.com", GUID),
            ServerConfig::new(7),
        )
    }

    fn run(&mut self, now: Instant, app: &mut App) {
        loop {
            let mut moved = false;
            loop {
                match self.client.poll_output() {
                    ClientOutput::Event(e) => {
                        moved = true;
                        self.events.push(e);
                    }
                    ClientOutput::Transmit(r) => {
                        moved = true;
                        let sh = self
                            .server
                            .handle_request(now, r.method, &r.target, &r.headers, &r.body);
                        self.map.insert(sh, r.handle);
                        self.sent.push(r);
                    }
                    _ => break,
                }
            }
            loop {
                match self.server.poll_output() {
                    ServerOutput::Event(ServerEvent::Request {
                        handle,
                        request_type,
                        body,
                        ..
                    }) => {
                        moved = true;
                        self.server_events.push(ServerEvent::Request {
                            handle,
                            context: None,
                            endpoint: Endpoint::Mailbox,
                            request_type,
                            body: body.clone(),
                        });
                        match app(request_type, &body) {
                            Some(b) => self.server.complete(now, handle, &b).unwrap(),
                            None => self.held.push((handle, request_type)),
                        }
                    }
                    ServerOutput::Event(e) => {
                        moved = true;
                        self.server_events.push(e)
                    }
                    ServerOutput::ResponseHead {
                        handle,
                        status,
                        headers,
                    } => {
                        moved = true;
                        let ch = self.map[&handle];
                        self.client
                            .handle_response_head(now, ch, status, &headers)
                            .unwrap();
                        self.heads.insert(ch, headers);
                    }
                    ServerOutput::ResponseBody { handle, data } => {
                        moved = true;
                        let ch = self.map[&handle];
                        self.bodies.entry(ch).or_default().extend(&data);
                        // Feed in two pieces split inside the data.
                        let (a, b) = data.split_at(data.len() / 2);
                        self.client.handle_response_body(now, ch, a).unwrap();
                        self.client.handle_response_body(now, ch, b).unwrap();
                    }
                    ServerOutput::ResponseEnd { handle } => {
                        moved = true;
                        let ch = self.map[&handle];
                        self.client.handle_response_end(now, ch).unwrap();
                    }
                    ServerOutput::Timeout(_) | ServerOutput::Idle => break,
                }
            }
            if !moved {
                break;
            }
        }
    }

    fn tick(&mut self, now: Instant, app: &mut App) {
        self.client.handle_timeout(now);
        self.server.handle_timeout(now);
        self.run(now, app);
    }

    fn take_events(&mut self) -> Vec<ClientEvent> {
        std::mem::take(&mut self.events)
    }
}

fn standard_app(t: RequestType, _body: &[u8]) -> Option<Vec<u8>> {
    Some(match t {
        RequestType::Connect => connect_success(),
        RequestType::Execute => execute_success(GPS_RESP),
        // StatusCode 0, ErrorCode 0, then aux size 0 (Disconnect, 2.2.4.3.2).
        RequestType::Disconnect => vec![0; 12],
        // StatusCode 0, ErrorCode 0, EventPending 1, aux size 0 (2.2.4.4.2).
        RequestType::NotificationWait => [0u32, 0, 1, 0]
            .iter()
            .flat_map(|v| v.to_le_bytes())
            .collect(),
        RequestType::Ping => Vec::new(),
        _ => return None,
    })
}

fn header<'a>(h: &'a Headers, name: &str) -> &'a str {
    h.get_str(name).unwrap_or_else(|| panic!("{name} missing"))
}

#[test]
fn connect_execute_disconnect_lifecycle() {
    let t0 = Instant::now();
    let mut p = Pair::mailbox();
    let mut app = standard_app;
    p.client.connect(t0, connect_body()).unwrap();
    p.run(t0, &mut app);
    let ev = p.take_events();
    let Some(ClientEvent::Connected {
        connect: Some(c),
        expiration,
        ..
    }) = ev.first()
    else {
        panic!("{ev:?}")
    };
    assert_eq!(
        (c.max_polling_interval, c.max_retry_count, c.retry_delay),
        (60_000, 6, 10_000)
    );
    assert_eq!(c.display_name_string(), "U");
    assert_eq!(*expiration, Some(Duration::from_secs(900)));
    assert!(p.client.is_connected());

    // 2.2.2.1 request shape and 2.2.3.3.2 request id.
    let r = &p.sent[0];
    assert_eq!(r.method, "POST");
    assert_eq!(r.target, "/mapi/emsmdb/?MailboxId=u@example.com");
    assert_eq!(header(&r.headers, "X-RequestType"), "Connect");
    assert_eq!(
        header(&r.headers, "X-RequestId"),
        "{E2EA6C1C-E61B-49E9-9CFB-38184F907552}:1"
    );
    assert_eq!(header(&r.headers, "Content-Type"), "application/mapi-http");
    assert_eq!(
        header(&r.headers, "Content-Length"),
        r.body.len().to_string()
    );
    assert!(r.headers.get("X-ClientApplication").is_some());
    assert!(r.headers.get("Cookie").is_none());
    r.headers.validate_request().unwrap();
    // The response echoes the request id and carries the session cookies.
    let head = &p.heads[&r.handle];
    assert_eq!(
        header(head, "X-RequestId"),
        header(&r.headers, "X-RequestId")
    );
    assert_eq!(header(head, "X-ResponseCode"), "0");
    let set: Vec<_> = head.get_all("Set-Cookie").collect();
    assert!(set.iter().any(|v| v.starts_with(b"MapiContext=")));
    assert!(set.iter().any(|v| v.starts_with(b"MapiSequence=")));
    // The response body starts with PROCESSING and ends with DONE, headers, then the body.
    let body = &p.bodies[&r.handle];
    assert!(body.starts_with(b"PROCESSING\r\nDONE\r\nX-ElapsedTime: 0\r\n\r\n"));
    assert!(body.ends_with(&connect_success()));

    // Execute: cookies of the connect go back; counter advances.
    let req = ExecuteRequest::from_rop_buffer(GPS_REQ, Flags::LAST, 0x40000).unwrap();
    let h = p.client.execute(t0, &req).unwrap();
    p.run(t0, &mut app);
    let r = p.sent.last().unwrap();
    assert_eq!(
        header(&r.headers, "X-RequestId"),
        "{E2EA6C1C-E61B-49E9-9CFB-38184F907552}:2"
    );
    let cookie = header(&r.headers, "Cookie");
    assert!(cookie.starts_with("MapiContext=") && cookie.contains("; MapiSequence="));
    let ev = p.take_events();
    let [ClientEvent::ExecuteCompleted {
        handle,
        response: ExecuteResponse::Success(s),
    }] = ev.as_slice()
    else {
        panic!("{ev:?}")
    };
    assert_eq!(*handle, h);
    assert_eq!(
        s.rop_payloads(&Default::default()).unwrap(),
        vec![GPS_RESP.to_vec()]
    );

    // Disconnect closes both sides.
    p.client.disconnect(t0).unwrap();
    p.run(t0, &mut app);
    let ev = p.take_events();
    assert!(
        matches!(ev.as_slice(), [ClientEvent::Disconnected { .. }]),
        "{ev:?}"
    );
    assert!(p.client.is_closed() && p.client.cookies().is_empty());
    assert_eq!(p.server.contexts(), 0);
    assert!(p.server_events.iter().any(|e| matches!(
        e,
        ServerEvent::ContextClosed {
            reason: ContextEnd::Disconnected,
            ..
        }
    )));
    assert!(p.client.execute(t0, &req).is_err());
}

/// Sends a hand-made request straight to a server and returns the X-ResponseCode it got.
fn code_for(server: &mut Server, method: &str, target: &str, h: &Headers, body: &[u8]) -> u32 {
    let t0 = Instant::now();
    let sh = server.handle_request(t0, method, target, h, body);
    let mut code = None;
    loop {
        match server.poll_output() {
            ServerOutput::ResponseHead {
                handle, headers, ..
            } if handle == sh => {
                code = Some(headers.response_code().unwrap().unwrap().value());
            }
            ServerOutput::Timeout(_) | ServerOutput::Idle => break,
            _ => {}
        }
    }
    code.expect("no response head")
}

fn request_headers(t: &str, body_len: usize, cookie: Option<&str>) -> Headers {
    let mut h = Headers::new();
    h.push("Host", "mail.example.com").unwrap();
    h.push("X-RequestType", t).unwrap();
    h.push("X-RequestId", "{E2EA6C1C-E61B-49E9-9CFB-38184F907552}:9")
        .unwrap();
    h.push("Content-Type", "application/mapi-http").unwrap();
    h.push("Content-Length", body_len.to_string()).unwrap();
    if let Some(c) = cookie {
        h.push("Cookie", c).unwrap();
    }
    h
}

#[test]
fn server_checks_answer_with_the_table_codes() {
    let mut s = Server::new(ServerConfig::new(1));
    let nw = [0u8; 8];
    let path = "/mapi/emsmdb/?MailboxId=u@example.com";
    let h = request_headers("NotificationWait", 8, None);
    // 2.2.3.3.3: 2 Invalid Verb, 3 Invalid Path, 7 Missing Header, 5 Invalid Request Type,
    // 12 Invalid Request Body, 13 Missing Cookie, 10 Context Not Found.
    assert_eq!(code_for(&mut s, "GET", path, &h, &nw), 2);
    assert_eq!(code_for(&mut s, "POST", "/mapi/other/", &h, &nw), 3);
    let mut no_id = h.clone();
    no_id.remove("X-RequestId");
    assert_eq!(code_for(&mut s, "POST", path, &no_id, &nw), 7);
    let bind = request_headers("Bind", 8, None);
    assert_eq!(code_for(&mut s, "POST", path, &bind, &nw), 5);
    let short = request_headers("NotificationWait", 3, None);
    assert_eq!(code_for(&mut s, "POST", path, &short, &nw[..3]), 12);
    assert_eq!(code_for(&mut s, "POST", path, &h, &nw), 13);
    let unknown = request_headers("NotificationWait", 8, Some("MapiContext=nope"));
    assert_eq!(code_for(&mut s, "POST", path, &unknown, &nw), 10);
    // Error responses carry text/html with a Content-Length, no meta-tags.
    let sh = s.handle_request(Instant::now(), "GET", path, &h, &nw);
    let mut saw = false;
    loop {
        match s.poll_output() {
            ServerOutput::ResponseHead {
                handle, headers, ..
            } if handle == sh => {
                assert_eq!(header(&headers, "Content-Type"), "text/html");
                assert!(headers.content_length().unwrap().is_some());
                saw = true;
            }
            ServerOutput::Timeout(_) | ServerOutput::Idle => break,
            _ => {}
        }
    }
    assert!(saw);
    assert_eq!(s.contexts(), 0);
}

#[test]
fn sequence_cookie_rejects_replay_and_overlap() {
    let t0 = Instant::now();
    let mut p = Pair::mailbox();
    p.client.connect(t0, connect_body()).unwrap();
    p.run(t0, &mut standard_app);
    // Hold the next Execute at the application.
    let req = ExecuteRequest::from_rop_buffer(GPS_REQ, Flags::LAST, 0x40000).unwrap();
    p.client.execute(t0, &req).unwrap();
    p.run(t0, &mut |_, _| None);
    let exec = p.sent.last().unwrap().clone();
    // A second Execute from the client waits in its queue (one sequenced request at a time).
    p.client.execute(t0, &req).unwrap();
    p.run(t0, &mut |_, _| None);
    assert_eq!(p.client.queued(), 1);
    // Replaying the outstanding request at the server: 15 Invalid Sequence (overlap).
    let path = &exec.target;
    assert_eq!(
        code_for(&mut p.server, "POST", path, &exec.headers, &exec.body),
        15
    );
    // Answer it; the queued one goes out with the new sequence cookie and succeeds.
    let (sh, _) = p.held.pop().unwrap();
    p.server
        .complete(t0, sh, &execute_success(GPS_RESP))
        .unwrap();
    p.run(t0, &mut standard_app);
    let done = p
        .take_events()
        .into_iter()
        .filter(|e| matches!(e, ClientEvent::ExecuteCompleted { .. }))
        .count();
    assert_eq!(done, 2);
    // Replaying the first Execute now: its sequence cookie is stale, 15 again.
    assert_eq!(
        code_for(&mut p.server, "POST", path, &exec.headers, &exec.body),
        15
    );
}

#[test]
fn pending_keepalives_then_done() {
    let t0 = Instant::now();
    let mut p = Pair::mailbox();
    p.client.connect(t0, connect_body()).unwrap();
    p.run(t0, &mut standard_app);
    p.take_events();
    let h = p.client.notification_wait(t0).unwrap();
    p.run(t0, &mut |_, _| None);
    // Three pending periods pass (2.2.3.3.5 default 30 s).
    for i in 1..=3 {
        p.tick(t0 + Duration::from_secs(30 * i), &mut |_, _| None);
    }
    assert!(p.take_events().is_empty());
    let (sh, t) = p.held.pop().unwrap();
    assert_eq!(t, RequestType::NotificationWait);
    let t1 = t0 + Duration::from_secs(95);
    p.server
        .complete(t1, sh, &standard_app(t, &[]).unwrap())
        .unwrap();
    p.run(t1, &mut standard_app);
    let ev = p.take_events();
    assert_eq!(
        ev,
        [ClientEvent::NotificationPending {
            handle: h,
            event_pending: true
        }]
    );
    let body = &p.bodies[&h];
    assert!(body.starts_with(
        b"PROCESSING\r\nPENDING\r\nPENDING\r\nPENDING\r\nDONE\r\nX-ElapsedTime: 95000\r\n\r\n"
    ));
    // NotificationWait is not sequenced: its head sets no new sequence cookie.
    assert!(p.heads[&h]
        .get_all("Set-Cookie")
        .all(|v| !v.starts_with(b"MapiSequence=")));
}

#[test]
fn expiry_context_loss_and_reconnect() {
    let t0 = Instant::now();
    let mut ccfg = ClientConfig::new(Endpoint::Mailbox, "mail.example.com", "u@example.com", GUID);
    ccfg.keepalive = false;
    let mut scfg = ServerConfig::new(3);
    scfg.expiration = Duration::from_secs(60);
    let mut p = Pair::new(ccfg, scfg);
    p.client.connect(t0, connect_body()).unwrap();
    p.run(t0, &mut standard_app);
    let old_ctx = p.client.cookies().get("MapiContext").unwrap().to_owned();
    p.take_events();
    // The server's idle timer runs out (no keep-alives); the client does not notice yet.
    let t1 = t0 + Duration::from_secs(61);
    p.server.handle_timeout(t1);
    p.run(t1, &mut standard_app);
    assert!(p.server_events.iter().any(|e| matches!(
        e,
        ServerEvent::ContextClosed {
            reason: ContextEnd::Expired,
            ..
        }
    )));
    // The next Execute gets 10 Context Not Found; the client reconnects with its old
    // cookies and the new context's cookies replace them.
    let req = ExecuteRequest::from_rop_buffer(GPS_REQ, Flags::LAST, 0x40000).unwrap();
    let h = p.client.execute(t1, &req).unwrap();
    p.run(t1, &mut standard_app);
    let ev = p.take_events();
    assert!(
        matches!(
            ev.as_slice(),
            [
                ClientEvent::ContextLost {
                    handle: Some(x),
                    code: Some(ResponseCode::ContextNotFound),
                    reconnecting: true
                },
                ClientEvent::Connected { .. }
            ] if *x == h
        ),
        "{ev:?}"
    );
    let reconnect = &p.sent[p.sent.len() - 1];
    assert_eq!(header(&reconnect.headers, "X-RequestType"), "Connect");
    assert!(header(&reconnect.headers, "Cookie").contains(&old_ctx));
    let new_ctx = p.client.cookies().get("MapiContext").unwrap();
    assert_ne!(new_ctx, old_ctx);
    assert!(p.client.is_connected());
}

#[test]
fn ping_keepalive_holds_the_context() {
    let t0 = Instant::now();
    let mut scfg = ServerConfig::new(5);
    scfg.expiration = Duration::from_secs(120);
    let mut p = Pair::new(
        ClientConfig::new(Endpoint::Mailbox, "mail.example.com", "u@example.com", GUID),
        scfg,
    );
    p.client.connect(t0, connect_body()).unwrap();
    p.run(t0, &mut standard_app);
    p.take_events();
    // The client wants to wake 30 s before expiry (its default margin).
    assert_eq!(
        p.client.poll_output(),
        ClientOutput::Timeout(t0 + Duration::from_secs(90))
    );
    let mut now = t0;
    for _ in 0..10 {
        now += Duration::from_secs(90);
        p.tick(now, &mut standard_app);
    }
    let pings = p
        .sent
        .iter()
        .filter(|r| header(&r.headers, "X-RequestType") == "PING")
        .count();
    assert_eq!(pings, 10);
    assert_eq!(p.server.contexts(), 1);
    assert!(p.client.is_connected());
    // PING carries the session cookies and no body (2.2.6, 3.1.5.3).
    let ping = p.sent.last().unwrap();
    assert!(ping.body.is_empty());
    assert!(header(&ping.headers, "Cookie").contains("MapiContext="));
}

#[test]
fn address_book_bind_and_unbind() {
    let t0 = Instant::now();
    let mut p = Pair::new(
        ClientConfig::new(
            Endpoint::AddressBook,
            "mail.example.com",
            "u@example.com",
            GUID,
        ),
        ServerConfig::new(9),
    );
    // Bind request (2.2.5.1.1): Flags 0, HasState 0, aux size 0.
    p.client.connect(t0, vec![0; 9]).unwrap();
    let mut app = |t: RequestType, body: &[u8]| -> Option<Vec<u8>> {
        match t {
            // Bind response: StatusCode 0, ErrorCode 0, ServerGuid, aux size 0.
            RequestType::Bind => Some([&[0u8; 8][..], &[0x11; 16], &[0; 4]].concat()),
            // Unbind response (2.2.5.2.2): StatusCode 0, ErrorCode 0, aux size 0.
            RequestType::Unbind => {
                // Our Unbind body decodes as the address book endpoint's.
                oxwire_moh::addressbook::decode_request(t, body, &Limits::default()).unwrap();
                Some(vec![0; 12])
            }
            _ => None,
        }
    };
    p.run(t0, &mut app);
    assert_eq!(p.sent[0].target, "/mapi/nspi/?MailboxId=u@example.com");
    let ev = p.take_events();
    assert!(
        matches!(
            ev.as_slice(),
            [ClientEvent::Connected { connect: None, .. }]
        ),
        "{ev:?}"
    );
    assert!(p
        .client
        .execute(
            t0,
            &ExecuteRequest::from_rop_buffer(GPS_REQ, Flags::LAST, 1).unwrap()
        )
        .is_err());
    p.client.disconnect(t0).unwrap();
    p.run(t0, &mut app);
    assert_eq!(header(&p.sent[1].headers, "X-RequestType"), "Unbind");
    assert!(p.client.is_closed());
    assert_eq!(p.server.contexts(), 0);
}

#[test]
fn x_client_info_is_echoed() {
    let t0 = Instant::now();
    let mut ccfg = ClientConfig::new(Endpoint::Mailbox, "mail.example.com", "u@example.com", GUID);
    ccfg.client_info = Some("{2C1B1A2E-0000-4000-8000-000000000001}".into());
    let mut p = Pair::new(ccfg, ServerConfig::new(1));
    p.client.connect(t0, connect_body()).unwrap();
    p.run(t0, &mut standard_app);
    let r = &p.sent[0];
    p.heads[&r.handle].validate_response_to(&r.headers).unwrap();
    assert_eq!(
        header(&p.heads[&r.handle], names::X_CLIENT_INFO),
        "{2C1B1A2E-0000-4000-8000-000000000001}"
    );
}

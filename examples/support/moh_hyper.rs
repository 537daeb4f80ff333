//! MAPI over HTTP hosted on hyper 1.x (HTTP/1.1): a server hosting the [`Server`] role, a
//! relaying proxy hosting the [`Proxy`] role, and a client hosting the [`Client`] role. Shared
//! by the `moh_server`, `moh_proxy` and `moh_client` examples and the `moh_hyper` test.
//!
//! The roles are sans-io; hyper carries the messages. Requests are whole (`Content-Length`),
//! response bodies stream: the server's PROCESSING, PENDING keep-alives and DONE go out
//! through a channel-backed body as the role produces them, so hyper flushes each piece.

use std::collections::HashMap;
use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};
use std::time::{Duration, Instant};

use http_body_util::{BodyExt, Full};
use hyper::body::{Body, Bytes, Frame, Incoming};
use hyper::service::service_fn;
use hyper::{Request, Response};
use hyper_util::rt::TokioIo;
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::mpsc;

use oxwire_moh::http::headers::Headers;
use oxwire_moh::http::meta_tags::{Event as MetaEvent, MetaTag, MetaTagParser};
use oxwire_moh::mailbox::{ConnectRequest, ExecuteRequest, ExecuteResponse};
use oxwire_moh::session::{
    Client, ClientConfig, ClientEvent, ClientOutput, ConnId, OutgoingRequest, Proxy, ProxyEvent,
    ProxyOutput, RequestHandle, Server, ServerConfig, ServerEvent, ServerOutput,
};
use oxwire_moh::{Endpoint, RequestType};

#[path = "../../tests/moh_support/mod.rs"]
pub mod moh_support;

use moh_support::{calls, connect_success, execute_success, simple_success};

/// A boxed error for the hosts' plumbing.
pub type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// The header fields of an `http` head as the roles take them (names as hyper gives them,
/// lower case; the roles compare ignoring case).
pub fn headers_from(map: &http::HeaderMap) -> Headers {
    Headers::from_raw(
        map.iter()
            .map(|(n, v)| (n.as_str().to_owned(), v.as_bytes().to_vec()))
            .collect(),
    )
}

/// Copies role header fields onto an `http` head, leaving out the hop-by-hop framing
/// fields hyper sets itself.
fn headers_into(headers: &Headers, map: &mut http::HeaderMap) -> Result<(), BoxError> {
    for (name, value) in headers.iter() {
        if name.eq_ignore_ascii_case("transfer-encoding") || name.eq_ignore_ascii_case("connection")
        {
            continue;
        }
        map.append(
            http::HeaderName::from_bytes(name.as_bytes())?,
            http::HeaderValue::from_bytes(value)?,
        );
    }
    Ok(())
}

/// A response body fed through a channel: each message is one piece hyper sends (and
/// flushes, as the body then waits for the next); the sender's drop ends it.
pub struct ChannelBody {
    rx: mpsc::UnboundedReceiver<Bytes>,
}

impl ChannelBody {
    /// A body and the sender that feeds it.
    pub fn new() -> (mpsc::UnboundedSender<Bytes>, ChannelBody) {
        let (tx, rx) = mpsc::unbounded_channel();
        (tx, ChannelBody { rx })
    }
}

impl Body for ChannelBody {
    type Data = Bytes;
    type Error = std::convert::Infallible;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, Self::Error>>> {
        self.rx.poll_recv(cx).map(|o| o.map(|b| Ok(Frame::data(b))))
    }
}

// ---------------------------------------------------------------------------------------
// Server

/// Timing of the example server.
#[derive(Debug, Clone, Copy)]
pub struct ServerTiming {
    /// The PENDING period the role announces (`X-PendingPeriod`) and keeps.
    pub pending_period: Duration,
    /// How long a NotificationWait is held before it is answered (EventPending 1).
    pub notify_after: Duration,
}

/// A whole request for the driver and where its response pieces go.
struct Incoming1 {
    target: String,
    headers: Headers,
    body: Vec<u8>,
    reply: mpsc::UnboundedSender<ServerOutput>,
}

/// Owns the server role: takes requests, answers them with the canned bodies of
/// `moh_support` (NotificationWait after `notify_after`), runs the role's timer.
async fn server_driver(mut rx: mpsc::UnboundedReceiver<Incoming1>, timing: ServerTiming) {
    let mut cfg = ServerConfig::new(0x5eed);
    cfg.pending_period = timing.pending_period;
    let mut server = Server::new(cfg);
    let answers = calls();
    let mut routes: HashMap<RequestHandle, mpsc::UnboundedSender<ServerOutput>> = HashMap::new();
    let mut late: Vec<(Instant, RequestHandle)> = Vec::new();
    let mut timer: Option<Instant> = None;
    let mut exec_index = 0usize;
    loop {
        let due = late.iter().map(|l| l.0).chain(timer).min();
        let msg = match due {
            Some(t) => match tokio::time::timeout_at(t.into(), rx.recv()).await {
                Ok(m) => m.map(Some),
                Err(_) => Some(None),
            },
            None => rx.recv().await.map(Some),
        };
        let now = Instant::now();
        match msg {
            None => return,
            Some(Some(inc)) => {
                let h = server.handle_request(now, "POST", &inc.target, &inc.headers, &inc.body);
                routes.insert(h, inc.reply);
            }
            Some(None) => {}
        }
        let (ready, waiting): (Vec<_>, Vec<_>) = late.into_iter().partition(|l| l.0 <= now);
        late = waiting;
        for (_, h) in ready {
            // The client may have gone; the role then has nothing to answer.
            let _ = server.complete(now, h, &simple_success(RequestType::NotificationWait));
        }
        if timer.is_some_and(|t| t <= now) {
            timer = None;
            server.handle_timeout(now);
        }
        loop {
            match server.poll_output() {
                ServerOutput::Event(ServerEvent::Request {
                    handle,
                    request_type,
                    ..
                }) => {
                    let body = match request_type {
                        RequestType::Connect => connect_success(),
                        RequestType::Execute => {
                            // The canned answers in turn, starting over after the last.
                            let b = execute_success(&answers[exec_index % answers.len()].1);
                            exec_index += 1;
                            b
                        }
                        RequestType::NotificationWait => {
                            late.push((now + timing.notify_after, handle));
                            continue;
                        }
                        t => simple_success(t),
                    };
                    let _ = server.complete(now, handle, &body);
                }
                ServerOutput::Event(_) => {}
                o @ (ServerOutput::ResponseHead { handle, .. }
                | ServerOutput::ResponseBody { handle, .. }) => {
                    if let Some(r) = routes.get(&handle) {
                        let _ = r.send(o);
                    }
                }
                o @ ServerOutput::ResponseEnd { handle } => {
                    if let Some(r) = routes.remove(&handle) {
                        let _ = r.send(o);
                    }
                }
                ServerOutput::Timeout(t) => {
                    timer = Some(t);
                    break;
                }
                ServerOutput::Idle => break,
            }
        }
    }
}

/// One request on the server: the whole body goes to the driver; the response head comes
/// back and the body streams from the driver's pieces.
async fn server_request(
    req: Request<Incoming>,
    to_driver: mpsc::UnboundedSender<Incoming1>,
) -> Result<Response<ChannelBody>, BoxError> {
    let target = req
        .uri()
        .path_and_query()
        .map_or("/", |p| p.as_str())
        .to_owned();
    let headers = headers_from(req.headers());
    let body = req.into_body().collect().await?.to_bytes().to_vec();
    let (reply, mut pieces) = mpsc::unbounded_channel();
    to_driver
        .send(Incoming1 {
            target,
            headers,
            body,
            reply,
        })
        .map_err(|_| "server driver gone")?;
    let Some(ServerOutput::ResponseHead {
        status, headers, ..
    }) = pieces.recv().await
    else {
        return Err("no response head from the server role".into());
    };
    let (tx, body) = ChannelBody::new();
    let mut resp = Response::new(body);
    *resp.status_mut() = http::StatusCode::from_u16(status)?;
    headers_into(&headers, resp.headers_mut())?;
    tokio::spawn(async move {
        while let Some(o) = pieces.recv().await {
            match o {
                ServerOutput::ResponseBody { data, .. } => {
                    if tx.send(Bytes::from(data)).is_err() {
                        return;
                    }
                }
                _ => return,
            }
        }
    });
    Ok(resp)
}

/// Serves MAPI over HTTP (both endpoint paths and PING) on `listener` until it fails.
pub async fn serve(listener: TcpListener, timing: ServerTiming) {
    let (to_driver, rx) = mpsc::unbounded_channel();
    tokio::spawn(server_driver(rx, timing));
    while let Ok((sock, _)) = listener.accept().await {
        let to_driver = to_driver.clone();
        tokio::spawn(async move {
            let svc = service_fn(move |req| server_request(req, to_driver.clone()));
            let _ = hyper::server::conn::http1::Builder::new()
                .serve_connection(TokioIo::new(sock), svc)
                .await;
        });
    }
}

// ---------------------------------------------------------------------------------------
// Proxy

/// What the proxy host keeps: the role and every event it reported.
pub struct ProxyHost {
    /// The proxy role.
    pub proxy: Proxy,
    /// Every event, in order, when kept.
    pub events: Vec<ProxyEvent>,
    /// Prints each Execute pair's ROP names and each other pair's request type.
    pub verbose: bool,
    /// Keeps the events in `events` (a long-running proxy only prints them).
    pub keep: bool,
}

impl ProxyHost {
    /// A host with a default proxy role.
    pub fn new(verbose: bool, keep: bool) -> Arc<Mutex<ProxyHost>> {
        Arc::new(Mutex::new(ProxyHost {
            proxy: Proxy::new(Default::default()),
            events: Vec::new(),
            verbose,
            keep,
        }))
    }

    fn drain(&mut self) {
        while let ProxyOutput::Event(e) = self.proxy.poll_output() {
            if self.verbose {
                print_proxy_event(&e);
            }
            if self.keep {
                self.events.push(e);
            }
        }
    }

    fn with<R>(host: &Mutex<ProxyHost>, f: impl FnOnce(&mut Proxy, Instant) -> R) -> R {
        let mut h = host.lock().unwrap_or_else(|e| e.into_inner());
        let r = f(&mut h.proxy, Instant::now());
        h.drain();
        r
    }
}

fn print_proxy_event(e: &ProxyEvent) {
    match e {
        ProxyEvent::ExecutePair {
            exchange,
            request_rops,
            response_rops,
            rop_error,
        } => {
            let req: Vec<&str> = request_rops
                .iter()
                .flat_map(|b| b.rops.iter().map(|r| r.name()))
                .collect();
            let resp: Vec<&str> = response_rops
                .iter()
                .flat_map(|c| c.response.rops.iter().map(|r| r.name()))
                .collect();
            println!(
                "proxy: conn {} Execute {} -> {:?} / {:?}{}",
                exchange.conn.0,
                exchange.status,
                req,
                resp,
                rop_error
                    .as_ref()
                    .map(|e| format!(" (undecoded: {e})"))
                    .unwrap_or_default()
            );
        }
        ProxyEvent::Pair(x) => println!(
            "proxy: conn {} {} {}{}",
            x.conn.0,
            x.request_type.map_or("?", |t| t.as_str()),
            x.status,
            if x.pending > 0 {
                format!(" after {} PENDING", x.pending)
            } else {
                String::new()
            }
        ),
        other => println!("proxy: {other:?}"),
    }
}

/// One request through the proxy: fed to the role whole, forwarded upstream; the
/// response head and each body piece are fed to the role as they pass.
async fn proxy_request(
    req: Request<Incoming>,
    upstream: Arc<tokio::sync::Mutex<hyper::client::conn::http1::SendRequest<Full<Bytes>>>>,
    host: Arc<Mutex<ProxyHost>>,
    conn: ConnId,
) -> Result<Response<ChannelBody>, BoxError> {
    let (parts, body) = req.into_parts();
    let body = body.collect().await?.to_bytes();
    let target = parts.uri.path_and_query().map_or("/", |p| p.as_str());
    let headers = headers_from(&parts.headers);
    // What the role cannot take it says so; the traffic passes regardless.
    let _ = ProxyHost::with(&host, |p, now| {
        p.handle_request(now, conn, target, &headers, &body)
    });
    let forward = Request::from_parts(parts, Full::new(body));
    // HTTP/1.1 answers in request order: hold the upstream connection until the head is in.
    let resp = {
        let mut up = upstream.lock().await;
        up.ready().await?;
        up.send_request(forward).await?
    };
    let (parts, mut body) = resp.into_parts();
    let headers = headers_from(&parts.headers);
    let _ = ProxyHost::with(&host, |p, now| {
        p.handle_response_head(now, conn, parts.status.as_u16(), &headers)
    });
    let (tx, out) = ChannelBody::new();
    let mut resp = Response::new(out);
    *resp.status_mut() = parts.status;
    headers_into(&headers, resp.headers_mut())?;
    tokio::spawn(async move {
        while let Some(frame) = body.frame().await {
            let Ok(frame) = frame else { break };
            if let Ok(data) = frame.into_data() {
                let _ = ProxyHost::with(&host, |p, now| p.handle_response_body(now, conn, &data));
                if tx.send(data).is_err() {
                    break;
                }
            }
        }
        let _ = ProxyHost::with(&host, |p, now| p.handle_response_end(now, conn));
    });
    Ok(resp)
}

/// Relays every connection accepted on `listener` to `server` over a connection of its own
/// (so the role's per-connection pairing matches what each side sees).
pub async fn proxy(listener: TcpListener, server: SocketAddr, host: Arc<Mutex<ProxyHost>>) {
    let mut next = 1u64;
    while let Ok((sock, _)) = listener.accept().await {
        let conn = ConnId(next);
        next += 1;
        let host = host.clone();
        tokio::spawn(async move {
            let Ok(up) = TcpStream::connect(server).await else {
                return;
            };
            let Ok((send, up_conn)) =
                hyper::client::conn::http1::handshake::<_, Full<Bytes>>(TokioIo::new(up)).await
            else {
                return;
            };
            tokio::spawn(up_conn);
            let send = Arc::new(tokio::sync::Mutex::new(send));
            let h = host.clone();
            let svc = service_fn(move |req| proxy_request(req, send.clone(), h.clone(), conn));
            let _ = hyper::server::conn::http1::Builder::new()
                .serve_connection(TokioIo::new(sock), svc)
                .await;
            ProxyHost::with(&host, |p, now| p.handle_connection_closed(now, conn));
        });
    }
}

// ---------------------------------------------------------------------------------------
// Client

/// What a client run saw.
#[derive(Debug, Default)]
pub struct ClientReport {
    /// Every event of the client role, in order.
    pub events: Vec<ClientEvent>,
    /// PENDING keep-alives read from each response body, by request type.
    pub pending: Vec<(RequestType, u64)>,
}

/// One hyper HTTP/1.1 client connection.
struct ClientConn {
    send: hyper::client::conn::http1::SendRequest<Full<Bytes>>,
}

impl ClientConn {
    async fn open(addr: SocketAddr) -> Result<ClientConn, BoxError> {
        let sock = TcpStream::connect(addr).await?;
        let (send, conn) = hyper::client::conn::http1::handshake(TokioIo::new(sock)).await?;
        tokio::spawn(conn);
        Ok(ClientConn { send })
    }

    /// Sends one request and feeds its response to the client role, piece by piece;
    /// returns the PENDING keep-alives seen in the body.
    async fn exchange(
        &mut self,
        client: &mut Client,
        req: OutgoingRequest,
        verbose: bool,
    ) -> Result<u64, BoxError> {
        let mut r = Request::builder()
            .method(req.method)
            .uri(req.target.as_str())
            .body(Full::new(Bytes::from(req.body)))?;
        headers_into(&req.headers, r.headers_mut())?;
        self.send.ready().await?;
        let resp = self.send.send_request(r).await?;
        let (parts, mut body) = resp.into_parts();
        let h = req.handle;
        client.handle_response_head(
            Instant::now(),
            h,
            parts.status.as_u16(),
            &headers_from(&parts.headers),
        )?;
        let mut tags = MetaTagParser::new(Default::default());
        let mut pending = 0u64;
        while let Some(frame) = body.frame().await {
            let Ok(data) = frame?.into_data() else {
                continue;
            };
            let mut input = &data[..];
            while let (used, Some(ev)) = tags.parse(input)? {
                input = &input[used..];
                if let MetaEvent::MetaTag(MetaTag::Pending) = ev {
                    pending += 1;
                    if verbose {
                        println!("client: PENDING");
                    }
                }
                if tags.in_body() {
                    break;
                }
            }
            client.handle_response_body(Instant::now(), h, &data)?;
        }
        client.handle_response_end(Instant::now(), h)?;
        Ok(pending)
    }
}

/// Sends whatever the client role has queued (NotificationWait on its own connection),
/// collecting its events.
async fn pump(
    client: &mut Client,
    main: &mut ClientConn,
    notify: &mut ClientConn,
    report: &mut ClientReport,
    verbose: bool,
) -> Result<(), BoxError> {
    loop {
        match client.poll_output() {
            ClientOutput::Transmit(req) => {
                let t = req.headers.request_type()?.ok_or("no X-RequestType")?;
                if verbose {
                    println!("client: -> {} {}", t.as_str(), req.target);
                }
                let conn = if t == RequestType::NotificationWait {
                    &mut *notify
                } else {
                    &mut *main
                };
                let pending = conn.exchange(client, req, verbose).await?;
                report.pending.push((t, pending));
            }
            ClientOutput::Event(e) => {
                if verbose {
                    print_client_event(&e);
                }
                report.events.push(e);
            }
            ClientOutput::Timeout(_) | ClientOutput::Idle => return Ok(()),
        }
    }
}

fn print_client_event(e: &ClientEvent) {
    match e {
        ClientEvent::Connected { connect, .. } => {
            // DisplayName is UTF-16LE with its terminator.
            let name: String = connect.as_ref().map_or(String::new(), |c| {
                let units = c
                    .display_name
                    .chunks_exact(2)
                    .map(|p| u16::from_le_bytes([p[0], p[1]]))
                    .take_while(|&u| u != 0);
                char::decode_utf16(units)
                    .map(|c| c.unwrap_or(char::REPLACEMENT_CHARACTER))
                    .collect()
            });
            println!("client: connected as {name:?}")
        }
        ClientEvent::ExecuteCompleted { response, .. } => match response {
            ExecuteResponse::Success(ok) => {
                let sizes: Vec<usize> = ok
                    .rop_payloads(&Default::default())
                    .map(|p| p.iter().map(Vec::len).collect())
                    .unwrap_or_default();
                println!("client: Execute done, ROP response buffers of {sizes:?} octets")
            }
            other => println!("client: Execute failed: {other:?}"),
        },
        other => println!("client: {other:?}"),
    }
}

/// Runs a session against `addr` (`host` goes in the `Host` field): Connect, one Execute
/// per ROP request buffer of `moh_support::calls`, a NotificationWait, Disconnect.
pub async fn run_client(
    addr: SocketAddr,
    host: &str,
    verbose: bool,
) -> Result<ClientReport, BoxError> {
    let mut client = Client::new(ClientConfig::new(
        Endpoint::Mailbox,
        host,
        "user@example.com",
        [7; 16],
    ));
    let mut main = ClientConn::open(addr).await?;
    let mut notify = ClientConn::open(addr).await?;
    let mut report = ClientReport::default();
    let connect = ConnectRequest {
        user_dn: b"/o=Example/ou=Exchange/cn=Recipients/cn=user"
            .as_slice()
            .into(),
        flags: 0,
        default_code_page: 1252,
        lcid_sort: 1033,
        lcid_string: 1033,
        aux: Default::default(),
    };
    client.connect(Instant::now(), connect.to_bytes()?)?;
    pump(&mut client, &mut main, &mut notify, &mut report, verbose).await?;
    for (req, _) in calls() {
        let body = ExecuteRequest::from_rop_buffer(
            &req,
            oxwire_mapi_rop::ext_buffer::Flags::XOR_MAGIC
                | oxwire_mapi_rop::ext_buffer::Flags::LAST,
            0x40000,
        )?;
        client.execute(Instant::now(), &body)?;
        pump(&mut client, &mut main, &mut notify, &mut report, verbose).await?;
    }
    client.notification_wait(Instant::now())?;
    pump(&mut client, &mut main, &mut notify, &mut report, verbose).await?;
    client.disconnect(Instant::now())?;
    pump(&mut client, &mut main, &mut notify, &mut report, verbose).await?;
    Ok(report)
}

/// A current-thread tokio runtime with IO and timers.
pub fn runtime() -> std::io::Result<tokio::runtime::Runtime> {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
}

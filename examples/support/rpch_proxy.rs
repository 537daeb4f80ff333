//! An RPC over HTTP v2 proxy in the IIS RpcProxy role, hosted on tokio and hyper 1.x.
//!
//! Clients open `RPC_IN_DATA` and `RPC_OUT_DATA` channels to it; each channel runs an
//! [`InProxy`] or [`OutProxy`]. The port-593 legs those roles talk to stay inside the process:
//! every virtual connection has a [`Server`] role whose inner PDUs are relayed over a plain
//! ncacn_ip_tcp connection to the `server:port` named in the request target, which must be on
//! the allow-list. So an RPC over HTTP client reaches any ncacn_ip_tcp server through it.
//!
//! One task (the hub) owns every state machine; the other tasks only move bytes, so the roles
//! run exactly as in the crate's simulations.
//!
//! # The HTTP side on hyper
//!
//! Each accepted connection is served by hyper's HTTP/1 server (HTTP/1.1 and 1.0 requests;
//! `RPC_IN_DATA` and `RPC_OUT_DATA` are extension methods to it). The roles are sans-io and
//! read HTTP themselves, so hyper's parsed request is turned back into what they expect:
//!
//! * The request head is written out again (request line, every header field, blank line)
//!   and given to the role first; every body frame hyper decodes follows as it arrives
//!   (re-chunked when the client sent a chunked body). An IN channel's body is the channel:
//!   a 1 GiB `Content-Length` streaming for the channel's whole life, so the request is
//!   never "read" before it is answered.
//! * The first bytes a role transmits to the client begin with its response head (the OUT
//!   channel's `200` with the channel lifetime as `Content-Length`, an echo answer, an
//!   error). That head is parsed into hyper's `Response`, keeping its status, reason phrase
//!   and fields, `Content-Length` included, so hyper frames the body by that length rather
//!   than chunking it; the rest, and every later transmit, become data frames of a body fed
//!   through a channel. An IN channel gets a response only at its end or on an error, so its
//!   request stays pending until then.
//! * Authentication (Basic, after the 401 that impacket's NTLM probe receives) and the method
//!   check answer before any role is made; 100-continue is hyper's.
//!
//! Ending a channel whose response is still streaming needs care: hyper treats a body that
//! ends short of its `Content-Length` as an error and drops the connection at once, possibly
//! with the last frames still in its write buffer. So the body never ends early: when the hub
//! closes the channel, the body stops yielding, and the connection is dropped once hyper has
//! flushed what it was given (the socket adaptor sees the flush). A response that completed
//! is ended by hyper's graceful shutdown instead.
//!
//! The socket adaptor under hyper also copies every byte read and written into the pcap, so
//! the recording holds the HTTP traffic as it was on the wire, and it reports the end of the
//! client's side, which the hub hears after the body frames that preceded it.
//!
//! # Channel recycling
//!
//! A successor channel opens a new request, read by a new proxy role like any other. When
//! that role asks for the server, the hub searches its running proxies of the same kind for
//! the virtual connection and predecessor channel the successor names (MS-RPCH 3.2.3.5.5,
//! 3.2.4.5.6: the virtual connection cookie table):
//!
//! * Found (IN_R2, OUT_R2): the running proxy adopts the successor. The successor's request
//!   body, its end and, for an OUT channel, its response then belong to that proxy as
//!   [`Link::InNext`] / [`Link::OutNext`]; when the proxy reports
//!   [`Event::Switched`]`(`[`Link::Client`]`)` it moves to the successor's connection, which
//!   is its client connection from then on, and the predecessor's ends: an IN request is
//!   dropped unanswered (its client stopped sending), an OUT response stops after the bytes
//!   written before the event and the connection closes once they are flushed.
//! * Not found, or the running proxy does not take it, or [`Options::adopt`] is off (IN_R1,
//!   OUT_R1): the new proxy gets its own leg to the server end of the virtual connection,
//!   which switches the links itself.

use std::collections::{HashMap, VecDeque};
use std::convert::Infallible;
use std::future::Future;
use std::io;
use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};
use std::time::{Duration, Instant};

use http_body_util::BodyExt;
use hyper::body::{Body, Bytes, Frame, Incoming, SizeHint};
use hyper::service::service_fn;
use hyper::{Request, Response};
use hyper_util::rt::TokioIo;
use oxwire::msrpc::{split_pdus, Framer, Limits as MsrpcLimits};
use oxwire::rpch::http::{error_response, ECHO_MAX_CONTENT_LENGTH};
use oxwire::rpch::vc::{
    leg_of, Event, InProxy, Link, OutProxy, Output, ProxyConfig, Server, ServerConfig,
};
use oxwire::rpch::{Command, Cookie, Destination, RtsPdu};
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt, ReadBuf};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::mpsc::{unbounded_channel, UnboundedReceiver, UnboundedSender};
use tokio::sync::{watch, Notify};

use super::pcap::PcapWriter;

/// How the proxy runs.
#[derive(Clone, Debug)]
pub struct Options {
    /// `server:port` pairs clients may reach (`*` as server matches any name).
    pub allow: Vec<(String, u16)>,
    /// Basic credentials required from clients; `None` admits everyone.
    pub basic: Option<(String, String)>,
    /// Settings of the proxy roles.
    pub proxy: ProxyConfig,
    /// Settings of the in-process server end of each virtual connection.
    pub server: ServerConfig,
    /// Whether a successor channel whose predecessor runs here is handed to the predecessor's
    /// proxy (IN_R2 / OUT_R2, as MS-RPCH requires of a proxy that finds the virtual
    /// connection); when off every successor gets a leg of its own (IN_R1 / OUT_R1), which
    /// keeps the separate-proxy sequences reachable with one host.
    pub adopt: bool,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            allow: Vec::new(),
            basic: None,
            proxy: ProxyConfig::default(),
            server: ServerConfig::default(),
            adopt: true,
        }
    }
}

/// What the proxy did, for monitoring and tests.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Stats {
    /// HTTP connections accepted.
    pub connections: u64,
    /// Requests answered with 401.
    pub challenged: u64,
    /// Channels refused by the allow-list.
    pub refused: u64,
    /// IN channels opened (new ones and successors).
    pub in_channels: u64,
    /// OUT channels opened (new ones and successors).
    pub out_channels: u64,
    /// Virtual connections opened.
    pub virtual_connections: u64,
    /// Channels that replaced a recycled predecessor, per link at the server: [IN, OUT].
    /// (IN_R1 / OUT_R1; the server end sees no switch when a proxy adopts the successor.)
    pub recycled: [u64; 2],
    /// IN channels that replaced their predecessor at the predecessor's own proxy (IN_R2).
    pub in_adopted: u64,
    /// OUT channels that replaced their predecessor at the predecessor's own proxy (OUT_R2).
    pub out_adopted: u64,
    /// Inner PDUs relayed to the ncacn_ip_tcp servers.
    pub pdus_to_server: u64,
    /// Inner PDUs relayed from the ncacn_ip_tcp servers.
    pub pdus_from_server: u64,
    /// Flow control acknowledgments from clients for the outbound proxy
    /// (FlowControlAckWithDestination, destination OutProxy) that reached it.
    pub acks_client_to_out_proxy: u64,
    /// Acknowledgments the inbound proxy sent towards the client (destination Client).
    pub acks_in_proxy_to_client: u64,
    /// Acknowledgments the outbound proxy sent to the server end.
    pub acks_out_proxy_to_server: u64,
    /// Acknowledgments the server end sent to the inbound proxy.
    pub acks_server_to_in_proxy: u64,
}

/// A running proxy: its address and its counters.
#[derive(Clone, Debug)]
pub struct Handle {
    /// Where it listens.
    pub addr: SocketAddr,
    /// Its counters.
    pub stats: Arc<Mutex<Stats>>,
}

impl Handle {
    /// A copy of the counters.
    pub fn stats(&self) -> Stats {
        self.stats.lock().map(|s| s.clone()).unwrap_or_default()
    }
}

/// The capture, written by the client connections' adaptors and by the hub.
type SharedPcap = Arc<Mutex<PcapWriter>>;

/// A boxed error for hyper's service results.
type BoxError = Box<dyn std::error::Error + Send + Sync>;

enum Ev {
    /// A request opened a channel: its head as the role reads it, where the role's bytes for
    /// the client go, and the connection carrying it.
    Channel {
        id: u64,
        inbound: bool,
        head: Vec<u8>,
        out: UnboundedSender<Out>,
        wire: Arc<Wire>,
    },
    /// A body frame of a channel's request.
    ClientData(u64, Bytes),
    /// The client's side of a channel's connection ended.
    ClientClosed(u64),
    /// A server connection is up: its sender, and its local and peer addresses.
    BackendUp(Cookie, UnboundedSender<Msg>, SocketAddr, SocketAddr),
    BackendData(Cookie, Vec<u8>),
    BackendClosed(Cookie),
    Tick,
}

/// What goes to a server connection's writer.
enum Msg {
    Data(Vec<u8>),
    Close,
}

/// What the hub sends towards a channel's client: bytes as the role transmitted them (the
/// response head first), then the end.
enum Out {
    Data(Vec<u8>),
    Close,
}

enum Role {
    In(Box<InProxy>),
    Out(Box<OutProxy>),
    /// A successor channel adopted by the proxy of the connection with this id, which reads
    /// it as [`Link::InNext`] / [`Link::OutNext`] until it switches to it.
    Adopted(u64),
    Done,
}

struct ClientConn {
    out: UnboundedSender<Out>,
    wire: Arc<Wire>,
    role: Role,
    target: Option<(String, u16)>,
    /// The virtual connection and the link this channel's leg has at its server end.
    leg: Option<(Cookie, Link)>,
    /// The client's side ended: the entry goes once the role is done too.
    client_gone: bool,
    /// The successor channel this connection's proxy adopted, until it switches to it.
    successor: Option<u64>,
}

struct Vc {
    server: Server,
    links: HashMap<Link, u64>,
    backend: Option<UnboundedSender<Msg>>,
    pending: Vec<u8>,
    framer: Framer,
    closed: bool,
    /// The id of its server connection in the pcap.
    pcap_id: u64,
}

/// Server connections are recorded with ids from here on, apart from the client connections'.
const BACKEND_PCAP_IDS: u64 = 1 << 40;

#[derive(Clone, Copy)]
enum Dirty {
    Conn(u64),
    Vc(Cookie),
}

struct Hub {
    opts: Options,
    stats: Arc<Mutex<Stats>>,
    conns: HashMap<u64, ClientConn>,
    vcs: HashMap<Cookie, Vc>,
    dirty: VecDeque<Dirty>,
    events: UnboundedSender<Ev>,
    pcap: Option<SharedPcap>,
    /// Server connections opened so far.
    backends: u64,
}

/// What every client connection's requests need.
struct Front {
    events: UnboundedSender<Ev>,
    stats: Arc<Mutex<Stats>>,
    /// The `Authorization` value admitted, when one is required.
    authorization: Option<String>,
    /// Channels opened so far: their ids at the hub.
    channels: AtomicU64,
    /// Bound on a response head from a role.
    max_head: usize,
}

impl Front {
    fn stat(&self, f: impl FnOnce(&mut Stats)) {
        if let Ok(mut s) = self.stats.lock() {
            f(&mut s);
        }
    }
}

/// Starts the proxy on `listener`; records the client connections and the ncacn_ip_tcp
/// connections to the servers into `pcap` when given.
pub fn spawn(listener: TcpListener, opts: Options, pcap: Option<PcapWriter>) -> Handle {
    let addr = listener
        .local_addr()
        .unwrap_or_else(|_| SocketAddr::from(([0, 0, 0, 0], 0)));
    let stats = Arc::new(Mutex::new(Stats::default()));
    let pcap = pcap.map(|p| Arc::new(Mutex::new(p)));
    let (etx, erx) = unbounded_channel();
    let front = Arc::new(Front {
        events: etx.clone(),
        stats: stats.clone(),
        authorization: opts.basic.as_ref().map(|(u, p)| basic_value(u, p)),
        channels: AtomicU64::new(0),
        max_head: opts.proxy.limits.max_http_head,
    });
    let mut http = hyper::server::conn::http1::Builder::new();
    // Field names as IIS writes them; the roles' heads carry no date.
    http.title_case_headers(true)
        .auto_date_header(false)
        .max_header_size(opts.proxy.limits.max_http_head)
        .max_headers(opts.proxy.limits.max_http_headers);
    let hub = Hub {
        opts,
        stats: stats.clone(),
        conns: HashMap::new(),
        vcs: HashMap::new(),
        dirty: VecDeque::new(),
        events: etx.clone(),
        pcap: pcap.clone(),
        backends: 0,
    };
    tokio::spawn(hub.run(erx));
    let ticks = etx;
    tokio::spawn(async move {
        loop {
            tokio::time::sleep(Duration::from_secs(1)).await;
            if ticks.send(Ev::Tick).is_err() {
                return;
            }
        }
    });
    tokio::spawn(async move {
        let mut next = 0u64;
        while let Ok((sock, peer)) = listener.accept().await {
            next += 1;
            front.stat(|s| s.connections += 1);
            let local = sock.local_addr().unwrap_or(addr);
            let _ = sock.set_nodelay(true);
            if let Some(p) = &pcap {
                if let Ok(mut p) = p.lock() {
                    let _ = p.open(next, peer, local);
                }
            }
            let wire = Arc::new(Wire::new(next, pcap.clone()));
            tokio::spawn(serve_client(sock, wire, front.clone(), http.clone()));
        }
    });
    Handle { addr, stats }
}

/// Serves one client connection with hyper until it ends, the hub closes its channel, or a
/// channel's last bytes are flushed after the hub ended it.
async fn serve_client(
    sock: TcpStream,
    wire: Arc<Wire>,
    front: Arc<Front>,
    http: hyper::server::conn::http1::Builder,
) {
    let io = TokioIo::new(Tee {
        sock,
        wire: wire.clone(),
    });
    let w = wire.clone();
    let svc = service_fn(move |req| channel_request(req, front.clone(), w.clone()));
    let mut conn = std::pin::pin!(http.serve_connection(io, svc));
    let mut flushed = std::pin::pin!(wire.flushed.notified());
    let mut closing = std::pin::pin!(wire.closing.notified());
    let mut shutting = false;
    std::future::poll_fn(|cx| {
        if conn.as_mut().poll(cx).is_ready() {
            return Poll::Ready(());
        }
        // A streaming response's last bytes left hyper: the channel is over.
        if flushed.as_mut().poll(cx).is_ready() {
            return Poll::Ready(());
        }
        // A response that completed closes the connection once written; one still streaming
        // ends through `flushed`, a request still waiting through its error.
        if !shutting && closing.as_mut().poll(cx).is_ready() {
            shutting = true;
            conn.as_mut().graceful_shutdown();
            if conn.as_mut().poll(cx).is_ready() {
                return Poll::Ready(());
            }
        }
        Poll::Pending
    })
    .await;
}

/// One request on a client connection: refused, challenged, or the start of a channel whose
/// response comes from the hub.
async fn channel_request(
    req: Request<Incoming>,
    front: Arc<Front>,
    wire: Arc<Wire>,
) -> Result<Response<ChannelBody>, BoxError> {
    let declared = req.body().size_hint();
    if let Some(want) = &front.authorization {
        let given = req
            .headers()
            .get(http::header::AUTHORIZATION)
            .map(|v| v.as_bytes());
        if given != Some(want.as_bytes()) {
            front.stat(|s| s.challenged += 1);
            // A small body (the NTLM probe's is empty) is drained by hyper and the
            // connection kept; a channel's body is not waited for.
            let small = declared
                .upper()
                .is_some_and(|n| n <= ECHO_MAX_CONTENT_LENGTH);
            let head = format!(
                "HTTP/1.1 401 Unauthorized\r\nWWW-Authenticate: Basic realm=\"rpcproxy\"\r\n\
                 Content-Length: 0\r\n{}\r\n",
                if small { "" } else { "Connection: close\r\n" }
            );
            return whole_response(head.as_bytes(), &wire);
        }
    }
    let inbound = match req.method().as_str() {
        "RPC_IN_DATA" => true,
        "RPC_OUT_DATA" => false,
        _ => return whole_response(&error_response(405, "Method Not Allowed"), &wire),
    };
    let chunked = req
        .headers()
        .get_all(http::header::TRANSFER_ENCODING)
        .iter()
        .any(|v| v.as_bytes().eq_ignore_ascii_case(b"chunked"));
    // An echo request is answered from its head; leaving its few body bytes unread keeps
    // hyper from sending 100 Continue first.
    let echo = !chunked
        && declared
            .exact()
            .is_some_and(|n| n <= ECHO_MAX_CONTENT_LENGTH);
    let head = request_head(&req);
    let id = front.channels.fetch_add(1, Ordering::Relaxed) + 1;
    let (out, mut from_hub) = unbounded_channel();
    front
        .events
        .send(Ev::Channel {
            id,
            inbound,
            head,
            out,
            wire: wire.clone(),
        })
        .map_err(|_| "the proxy stopped")?;
    let body = req.into_body();
    let forward = Forward {
        id,
        events: front.events.clone(),
        eof: wire.eof.subscribe(),
    };
    let unread = if echo {
        tokio::spawn(forward.end());
        Some(body)
    } else {
        tokio::spawn(forward.body(body, chunked));
        None
    };

    let mut head = Vec::new();
    loop {
        match from_hub.recv().await {
            Some(Out::Data(d)) => {
                if head.is_empty() {
                    head = d;
                } else {
                    head.extend_from_slice(&d);
                }
                if let Some(mut resp) = response(&head, &wire)? {
                    resp.body_mut().rx = Some(from_hub);
                    drop(unread);
                    return Ok(resp);
                }
                if head.len() > front.max_head {
                    return Err("response head from the role too large".into());
                }
            }
            // The channel ended without a response: hyper drops the connection.
            Some(Out::Close) | None => return Err("channel ended without a response".into()),
        }
    }
}

/// Carries a channel's request body to the hub, then the end of the client's side: both from
/// one task, so the role reads the end after the last bytes before it.
struct Forward {
    id: u64,
    events: UnboundedSender<Ev>,
    eof: watch::Receiver<bool>,
}

impl Forward {
    /// Sends each body frame as hyper decodes it, then waits for the end.
    async fn body(self, mut body: Incoming, chunked: bool) {
        let mut complete = false;
        loop {
            match body.frame().await {
                Some(Ok(f)) => {
                    let Ok(d) = f.into_data() else { continue };
                    if d.is_empty() {
                        // As a chunk it would end the body.
                        continue;
                    }
                    let d = if chunked {
                        // The role reads the body framed as it was on the wire.
                        let mut c = format!("{:x}\r\n", d.len()).into_bytes();
                        c.extend_from_slice(&d);
                        c.extend_from_slice(b"\r\n");
                        Bytes::from(c)
                    } else {
                        d
                    };
                    if self.events.send(Ev::ClientData(self.id, d)).is_err() {
                        return;
                    }
                }
                Some(Err(_)) => break,
                None => {
                    complete = true;
                    break;
                }
            }
        }
        if chunked && complete {
            let last = Bytes::from_static(b"0\r\n\r\n");
            let _ = self.events.send(Ev::ClientData(self.id, last));
        }
        self.end().await;
    }

    /// Waits for the end of the client's side and tells the hub.
    async fn end(mut self) {
        let _ = self.eof.wait_for(|e| *e).await;
        let _ = self.events.send(Ev::ClientClosed(self.id));
    }
}

/// The request head as it would have been on the wire, for the role: request line, every
/// field (names as hyper keeps them, lower case; the roles compare ignoring case), blank line.
fn request_head(req: &Request<Incoming>) -> Vec<u8> {
    let version = if req.version() == http::Version::HTTP_10 {
        "1.0"
    } else {
        "1.1"
    };
    let mut h = format!("{} {} HTTP/{version}\r\n", req.method(), req.uri()).into_bytes();
    for (name, value) in req.headers() {
        h.extend_from_slice(name.as_str().as_bytes());
        h.extend_from_slice(b": ");
        h.extend_from_slice(value.as_bytes());
        h.extend_from_slice(b"\r\n");
    }
    h.extend_from_slice(b"\r\n");
    h
}

/// A response made whole here (challenge, refusal).
fn whole_response(bytes: &[u8], wire: &Arc<Wire>) -> Result<Response<ChannelBody>, BoxError> {
    response(bytes, wire)?.ok_or_else(|| "incomplete response head".into())
}

/// Parses a role's response head at the start of `bytes` into hyper's `Response` whose body
/// begins with the bytes after the head (the caller gives it the rest). `None` while the head
/// is incomplete.
fn response(bytes: &[u8], wire: &Arc<Wire>) -> Result<Option<Response<ChannelBody>>, BoxError> {
    let mut fields = [httparse::EMPTY_HEADER; 32];
    let mut r = httparse::Response::new(&mut fields);
    let httparse::Status::Complete(len) = r.parse(bytes)? else {
        return Ok(None);
    };
    let status = r.code.ok_or("response without a status")?;
    let mut b = Response::builder().status(status);
    if let Some(reason) = r.reason.filter(|s| !s.is_empty()) {
        b = b.extension(hyper::ext::ReasonPhrase::try_from(reason.as_bytes())?);
    }
    // Without a declared length the body would run until the connection closes.
    let mut remaining = u64::MAX;
    for f in r.headers.iter() {
        if f.name.eq_ignore_ascii_case("content-length") {
            remaining = std::str::from_utf8(f.value)?.trim().parse()?;
        }
        b = b.header(f.name, f.value);
    }
    let first = Bytes::copy_from_slice(&bytes[len..]);
    Ok(Some(b.body(ChannelBody {
        first: (!first.is_empty()).then_some(first),
        rx: None,
        remaining,
        wire: wire.clone(),
    })?))
}

/// A channel's response body: the bytes after the role's response head, then each later
/// transmit as one frame (hyper writes and flushes each), up to the declared length.
///
/// It never ends short of that length (hyper would drop the connection with frames still
/// unwritten): at the hub's close it stops yielding and marks the connection drained.
struct ChannelBody {
    first: Option<Bytes>,
    rx: Option<UnboundedReceiver<Out>>,
    /// Bytes the declared `Content-Length` still allows.
    remaining: u64,
    wire: Arc<Wire>,
}

impl Body for ChannelBody {
    type Data = Bytes;
    type Error = Infallible;

    fn poll_frame(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, Infallible>>> {
        let this = self.get_mut();
        loop {
            if this.remaining == 0 {
                return Poll::Ready(None);
            }
            let b = match this.first.take() {
                Some(b) => b,
                None => {
                    let Some(rx) = &mut this.rx else {
                        return Poll::Pending;
                    };
                    match rx.poll_recv(cx) {
                        Poll::Pending => return Poll::Pending,
                        Poll::Ready(Some(Out::Data(d))) => Bytes::from(d),
                        Poll::Ready(Some(Out::Close) | None) => {
                            this.rx = None;
                            this.wire.drained.store(true, Ordering::Release);
                            return Poll::Pending;
                        }
                    }
                }
            };
            if b.is_empty() {
                continue;
            }
            // The roles stay within the length they declare; hyper would cut the excess too.
            let n = usize::try_from(this.remaining).map_or(b.len(), |r| r.min(b.len()));
            this.remaining -= n as u64;
            return Poll::Ready(Some(Ok(Frame::data(b.slice(..n)))));
        }
    }

    fn is_end_stream(&self) -> bool {
        self.remaining == 0
    }

    fn size_hint(&self) -> SizeHint {
        // The framing comes from the `Content-Length` field; an exact hint of the same
        // value would do, an inexact one keeps hyper reading the field.
        SizeHint::default()
    }
}

/// What one client connection's parts share.
struct Wire {
    /// The connection's id in the pcap.
    id: u64,
    pcap: Option<SharedPcap>,
    /// The client's side ended (end of stream, error) or the connection was dropped.
    eof: watch::Sender<bool>,
    /// The response body gave hyper its last bytes: hyper's next flush of the socket follows
    /// the writing of all of them.
    drained: AtomicBool,
    /// hyper flushed the socket after `drained`.
    flushed: Notify,
    /// The hub ended the channel.
    closing: Notify,
}

impl Wire {
    fn new(id: u64, pcap: Option<SharedPcap>) -> Self {
        Wire {
            id,
            pcap,
            eof: watch::channel(false).0,
            drained: AtomicBool::new(false),
            flushed: Notify::new(),
            closing: Notify::new(),
        }
    }

    fn record(&self, to_server: bool, data: &[u8]) {
        if let Some(p) = &self.pcap {
            if let Ok(mut p) = p.lock() {
                let _ = p.data(self.id, to_server, data);
            }
        }
    }
}

/// The accepted socket as hyper sees it: bytes pass unchanged and are copied into the pcap
/// as they are read and written.
struct Tee {
    sock: TcpStream,
    wire: Arc<Wire>,
}

impl AsyncRead for Tee {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        let before = buf.filled().len();
        let room = buf.remaining() > 0;
        let r = Pin::new(&mut this.sock).poll_read(cx, buf);
        match &r {
            Poll::Ready(Ok(())) => {
                let got = &buf.filled()[before..];
                if !got.is_empty() {
                    this.wire.record(true, got);
                } else if room {
                    this.wire.eof.send_replace(true);
                }
            }
            Poll::Ready(Err(_)) => {
                this.wire.eof.send_replace(true);
            }
            Poll::Pending => {}
        }
        r
    }
}

impl AsyncWrite for Tee {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        let this = self.get_mut();
        let r = Pin::new(&mut this.sock).poll_write(cx, buf);
        if let Poll::Ready(Ok(n)) = r {
            this.wire.record(false, &buf[..n]);
        }
        r
    }

    fn poll_write_vectored(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        let this = self.get_mut();
        let r = Pin::new(&mut this.sock).poll_write_vectored(cx, bufs);
        if let Poll::Ready(Ok(n)) = r {
            // One write, one record, as the bytes left together.
            let mut left = n;
            let mut parts = bufs.iter().map(|b| {
                let k = left.min(b.len());
                left -= k;
                &b[..k]
            });
            match (parts.next(), bufs.get(1)) {
                (Some(only), None) => this.wire.record(false, only),
                (Some(first), _) if first.len() == n => this.wire.record(false, first),
                (Some(first), _) => {
                    let mut all = Vec::with_capacity(n);
                    all.extend_from_slice(first);
                    parts.for_each(|p| all.extend_from_slice(p));
                    this.wire.record(false, &all);
                }
                (None, _) => {}
            }
        }
        r
    }

    fn is_write_vectored(&self) -> bool {
        self.sock.is_write_vectored()
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        let r = Pin::new(&mut this.sock).poll_flush(cx);
        if matches!(r, Poll::Ready(Ok(()))) && this.wire.drained.load(Ordering::Acquire) {
            this.wire.flushed.notify_one();
        }
        r
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.get_mut().sock).poll_shutdown(cx)
    }
}

impl Drop for Tee {
    fn drop(&mut self) {
        self.wire.eof.send_replace(true);
        if let Some(p) = &self.wire.pcap {
            if let Ok(mut p) = p.lock() {
                let _ = p.close(self.wire.id);
            }
        }
    }
}

/// Runs a server connection: what it reads goes to the hub as events, what the hub sends is
/// written.
fn pipe(
    sock: TcpStream,
    events: UnboundedSender<Ev>,
    data: impl Fn(Vec<u8>) -> Ev + Send + 'static,
    closed: impl FnOnce() -> Ev + Send + 'static,
) -> UnboundedSender<Msg> {
    let (mut rd, mut wr) = sock.into_split();
    let (tx, mut rx): (_, UnboundedReceiver<Msg>) = unbounded_channel();
    tokio::spawn(async move {
        while let Some(m) = rx.recv().await {
            match m {
                Msg::Data(d) => {
                    if wr.write_all(&d).await.is_err() {
                        return;
                    }
                }
                Msg::Close => {
                    let _ = wr.shutdown().await;
                    return;
                }
            }
        }
    });
    tokio::spawn(async move {
        let mut buf = vec![0u8; 64 * 1024];
        loop {
            match rd.read(&mut buf).await {
                Ok(0) | Err(_) => break,
                Ok(n) => {
                    if events.send(data(buf[..n].to_vec())).is_err() {
                        return;
                    }
                }
            }
        }
        let _ = events.send(closed());
    });
    tx
}

/// Counts the flow control acknowledgments among `bytes` (whole PDUs) that match `want`.
fn count_acks(bytes: &[u8], want: impl Fn(&[Command]) -> bool) -> u64 {
    split_pdus(bytes)
        .filter_map(Result::ok)
        .filter(|p| p.get(2) == Some(&20))
        .filter_map(|p| RtsPdu::decode(p).ok().map(|(r, _)| r))
        .filter(|r| want(&r.commands))
        .count() as u64
}

fn is_ack_to(d: Destination) -> impl Fn(&[Command]) -> bool {
    move |c| matches!(c, [Command::Destination(x), Command::FlowControlAck(_)] if *x == d)
}

fn is_plain_ack(c: &[Command]) -> bool {
    matches!(c, [Command::FlowControlAck(_)])
}

/// `Basic` credentials in the form a client sends them.
fn basic_value(user: &str, pass: &str) -> String {
    const A: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let src = format!("{user}:{pass}").into_bytes();
    let mut s = String::from("Basic ");
    for c in src.chunks(3) {
        let n = (u32::from(c[0]) << 16)
            | (u32::from(*c.get(1).unwrap_or(&0)) << 8)
            | u32::from(*c.get(2).unwrap_or(&0));
        for i in 0..4 {
            if i <= c.len() {
                s.push(A[(n >> (18 - 6 * i)) as usize & 63] as char);
            } else {
                s.push('=');
            }
        }
    }
    s
}

/// Writes into the capture, when one is kept.
fn record(pcap: &Option<SharedPcap>, f: impl FnOnce(&mut PcapWriter) -> io::Result<()>) {
    if let Some(p) = pcap {
        if let Ok(mut p) = p.lock() {
            let _ = f(&mut p);
        }
    }
}

impl Hub {
    async fn run(mut self, mut rx: UnboundedReceiver<Ev>) {
        while let Some(ev) = rx.recv().await {
            let now = Instant::now();
            match ev {
                Ev::Channel {
                    id,
                    inbound,
                    head,
                    out,
                    wire,
                } => self.open_channel(now, id, inbound, &head, out, wire),
                Ev::ClientData(id, d) => self.client_data(now, id, d),
                Ev::ClientClosed(id) => self.client_closed(now, id),
                Ev::BackendUp(vc, tx, local, peer) => {
                    let Some(v) = self.vcs.get_mut(&vc) else {
                        continue;
                    };
                    let pending = std::mem::take(&mut v.pending);
                    v.backend = Some(tx.clone());
                    record(&self.pcap, |p| {
                        p.open(v.pcap_id, local, peer)?;
                        p.data(v.pcap_id, true, &pending)
                    });
                    if !pending.is_empty() {
                        let _ = tx.send(Msg::Data(pending));
                    }
                }
                Ev::BackendData(vc, d) => {
                    if let Some(v) = self.vcs.get(&vc) {
                        record(&self.pcap, |p| p.data(v.pcap_id, false, &d));
                    }
                    self.backend_data(now, vc, &d)
                }
                Ev::BackendClosed(vc) => {
                    if let Some(v) = self.vcs.get_mut(&vc) {
                        v.server.abort(now);
                        record(&self.pcap, |p| p.close(v.pcap_id));
                        self.dirty.push_back(Dirty::Vc(vc));
                    }
                }
                Ev::Tick => {
                    for c in self.conns.values_mut() {
                        match &mut c.role {
                            Role::In(p) => p.handle_timeout(now),
                            Role::Out(p) => p.handle_timeout(now),
                            Role::Adopted(_) | Role::Done => {}
                        }
                    }
                    let ids: Vec<u64> = self.conns.keys().copied().collect();
                    self.dirty.extend(ids.into_iter().map(Dirty::Conn));
                }
            }
            self.settle(now);
            record(&self.pcap, PcapWriter::flush);
        }
    }

    fn stat(&self, f: impl FnOnce(&mut Stats)) {
        if let Ok(mut s) = self.stats.lock() {
            f(&mut s);
        }
    }

    fn send_client(&mut self, id: u64, data: Vec<u8>) {
        if let Some(c) = self.conns.get(&id) {
            let _ = c.out.send(Out::Data(data));
        }
    }

    /// Ends a channel: what was sent still reaches the client, then its connection closes.
    fn close_client(&mut self, id: u64) {
        if let Some(c) = self.conns.get_mut(&id) {
            c.role = Role::Done;
            let _ = c.out.send(Out::Close);
            c.wire.closing.notify_one();
            if c.client_gone {
                self.conns.remove(&id);
            }
        }
    }

    /// A request that passed authentication and the method check: a new proxy role reads
    /// its head.
    fn open_channel(
        &mut self,
        now: Instant,
        id: u64,
        inbound: bool,
        head: &[u8],
        out: UnboundedSender<Out>,
        wire: Arc<Wire>,
    ) {
        let mut role = if inbound {
            self.stat(|s| s.in_channels += 1);
            Role::In(Box::new(InProxy::new(self.opts.proxy.clone())))
        } else {
            self.stat(|s| s.out_channels += 1);
            Role::Out(Box::new(OutProxy::new(self.opts.proxy.clone())))
        };
        match &mut role {
            Role::In(p) => p.handle_data(now, Link::Client, head),
            Role::Out(p) => p.handle_data(now, Link::Client, head),
            Role::Adopted(_) | Role::Done => {}
        }
        self.conns.insert(
            id,
            ClientConn {
                out,
                wire,
                role,
                target: None,
                leg: None,
                client_gone: false,
                successor: None,
            },
        );
        self.dirty.push_back(Dirty::Conn(id));
    }

    fn client_data(&mut self, now: Instant, id: u64, d: Bytes) {
        let Some(c) = self.conns.get_mut(&id) else {
            return;
        };
        match &mut c.role {
            // Relayed data PDUs go on to the server as this very buffer.
            Role::In(p) => p.handle_data_owned(now, Link::Client, Vec::from(d)),
            Role::Out(p) => p.handle_data(now, Link::Client, &d),
            Role::Adopted(host) => {
                let host = *host;
                let Some(h) = self.conns.get_mut(&host) else {
                    return;
                };
                match &mut h.role {
                    Role::In(p) => p.handle_data(now, Link::InNext, &d),
                    Role::Out(p) => p.handle_data(now, Link::OutNext, &d),
                    Role::Adopted(_) | Role::Done => return,
                }
                self.dirty.push_back(Dirty::Conn(host));
                return;
            }
            Role::Done => return,
        }
        self.dirty.push_back(Dirty::Conn(id));
    }

    fn client_closed(&mut self, now: Instant, id: u64) {
        let Some(c) = self.conns.get_mut(&id) else {
            return;
        };
        c.client_gone = true;
        match &mut c.role {
            Role::In(p) => p.handle_closed(now, Link::Client),
            Role::Out(p) => p.handle_closed(now, Link::Client),
            // The adopting proxy fails; its end closes this connection too.
            Role::Adopted(host) => {
                let host = *host;
                if let Some(h) = self.conns.get_mut(&host) {
                    match &mut h.role {
                        Role::In(p) => p.handle_closed(now, Link::InNext),
                        Role::Out(p) => p.handle_closed(now, Link::OutNext),
                        Role::Adopted(_) | Role::Done => {}
                    }
                    self.dirty.push_back(Dirty::Conn(host));
                }
                return;
            }
            Role::Done => {
                self.conns.remove(&id);
                return;
            }
        }
        self.dirty.push_back(Dirty::Conn(id));
    }

    fn backend_data(&mut self, now: Instant, vc: Cookie, d: &[u8]) {
        let Some(v) = self.vcs.get_mut(&vc) else {
            return;
        };
        v.framer.push(d);
        let mut n = 0;
        loop {
            match v.framer.next_pdu() {
                Ok(Some(p)) => {
                    let p = p.to_vec();
                    v.server.send_pdu(now, p);
                    n += 1;
                }
                Ok(None) => break,
                Err(_) => {
                    v.server.abort(now);
                    break;
                }
            }
        }
        self.stat(|s| s.pdus_from_server += n);
        self.dirty.push_back(Dirty::Vc(vc));
    }

    fn settle(&mut self, now: Instant) {
        while let Some(d) = self.dirty.pop_front() {
            match d {
                Dirty::Conn(id) => self.drive_conn(now, id),
                Dirty::Vc(vc) => self.drive_vc(now, vc),
            }
        }
    }

    /// Drains a channel's proxy role. A proxy that switches to a successor it adopted moves
    /// to the successor's connection: what it output after the switch belongs there.
    fn drive_conn(&mut self, now: Instant, id: u64) {
        let mut outs = Vec::new();
        let finished = {
            let Some(c) = self.conns.get_mut(&id) else {
                return;
            };
            loop {
                let o = match &mut c.role {
                    Role::In(p) => p.poll_output(),
                    Role::Out(p) => p.poll_output(),
                    _ => Output::Idle,
                };
                match o {
                    Output::Timeout(_) | Output::Idle => break,
                    o => outs.push(o),
                }
            }
            match &c.role {
                Role::In(p) => p.state().is_final(),
                Role::Out(p) => p.state().is_final(),
                _ => false,
            }
        };
        let mut home = id;
        for o in outs {
            match o {
                Output::Transmit(Link::Client, b) => self.send_client(home, b),
                Output::Transmit(_, b) => self.send_server_leg(now, home, b),
                Output::Event(Event::ConnectServer { server, port }) => {
                    let allowed =
                        self.opts.allow.iter().any(|(s, p)| {
                            *p == port && (s == "*" || s.eq_ignore_ascii_case(&server))
                        });
                    if !allowed {
                        self.stat(|s| s.refused += 1);
                        // What IIS answers when the RpcProxy ValidPorts list refuses a target.
                        self.send_client(
                            home,
                            b"HTTP/1.1 503 RPC Error\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                                .to_vec(),
                        );
                        self.close_client(home);
                        return;
                    }
                    if self.opts.adopt && self.adopt(now, home) {
                        continue;
                    }
                    if let Some(c) = self.conns.get_mut(&home) {
                        c.target = Some((server, port));
                        match &mut c.role {
                            Role::In(p) => p.handle_server_connected(now),
                            Role::Out(p) => p.handle_server_connected(now),
                            _ => {}
                        }
                    }
                    self.dirty.push_back(Dirty::Conn(home));
                }
                Output::Event(Event::Switched(Link::Client)) => {
                    if let Some(s) = self.switch_client(home) {
                        home = s;
                    }
                }
                Output::Event(_) | Output::Deliver(_) | Output::Timeout(_) | Output::Idle => {}
            }
        }
        if finished {
            let (leg, successor) = match self.conns.get_mut(&home) {
                Some(c) => (c.leg, c.successor.take()),
                None => (None, None),
            };
            if let Some((vc, link)) = leg {
                if let Some(v) = self.vcs.get_mut(&vc) {
                    if v.links.get(&link) == Some(&home) {
                        v.links.remove(&link);
                        v.server.handle_closed(now, link);
                        self.dirty.push_back(Dirty::Vc(vc));
                    }
                }
            }
            if let Some(s) = successor {
                self.close_client(s);
            }
            self.close_client(home);
        }
    }

    /// IN_R2 / OUT_R2: hands the successor channel read by the proxy of connection `id` to
    /// the running proxy of the same kind that holds its virtual connection and predecessor
    /// channel. False, with nothing changed, when no proxy here takes it.
    fn adopt(&mut self, now: Instant, id: u64) -> bool {
        let Some(c) = self.conns.get_mut(&id) else {
            return false;
        };
        let vc = match &c.role {
            Role::In(p) => p.successor_of(),
            Role::Out(p) => p.successor_of(),
            _ => None,
        };
        let Some((vc, _)) = vc else {
            return false;
        };
        let mut role = std::mem::replace(&mut c.role, Role::Done);
        let mut host = None;
        for (&h, hc) in self.conns.iter_mut() {
            // The role checks the predecessor channel cookie and that no recycle is under way.
            let taken = match (&mut hc.role, &mut role) {
                (Role::In(p), Role::In(s)) => {
                    p.virtual_connection_cookie() == Some(vc) && p.adopt(now, s)
                }
                (Role::Out(p), Role::Out(s)) => {
                    p.virtual_connection_cookie() == Some(vc) && p.adopt(now, s)
                }
                _ => false,
            };
            if taken {
                hc.successor = Some(id);
                host = Some(h);
                break;
            }
        }
        let Some(c) = self.conns.get_mut(&id) else {
            return host.is_some();
        };
        match host {
            Some(h) => {
                c.role = Role::Adopted(h);
                self.dirty.push_back(Dirty::Conn(h));
                true
            }
            None => {
                c.role = role;
                false
            }
        }
    }

    /// The proxy of connection `id` switched to the successor it adopted: it moves to the
    /// successor's connection, which takes over the leg, and the predecessor's connection
    /// ends after what was sent on it. Returns the successor's id.
    fn switch_client(&mut self, id: u64) -> Option<u64> {
        let c = self.conns.get_mut(&id)?;
        let s = c.successor?;
        if !self.conns.contains_key(&s) {
            return None;
        }
        let c = self.conns.get_mut(&id)?;
        c.successor = None;
        let role = std::mem::replace(&mut c.role, Role::Done);
        let leg = c.leg.take();
        let target = c.target.take();
        let inbound = matches!(role, Role::In(_));
        let sc = self.conns.get_mut(&s)?;
        sc.role = role;
        sc.leg = leg;
        sc.target = target;
        if let Some((vc, link)) = leg {
            if let Some(v) = self.vcs.get_mut(&vc) {
                v.links.insert(link, s);
            }
        }
        self.stat(|st| {
            if inbound {
                st.in_adopted += 1;
            } else {
                st.out_adopted += 1;
            }
        });
        self.close_client(id);
        Some(s)
    }

    /// Bytes a proxy role wrote on its leg: the leg's first PDU names the virtual connection
    /// and the link at the server end, as a port-593 server routes new connections.
    fn send_server_leg(&mut self, now: Instant, id: u64, b: Vec<u8>) {
        let Some(c) = self.conns.get_mut(&id) else {
            return;
        };
        let (vc, link) = match c.leg {
            Some(l) => l,
            None => {
                let Some(l) = leg_of(&b) else {
                    return;
                };
                c.leg = Some(l);
                let target = c.target.clone();
                let (vc, link) = l;
                if !self.vcs.contains_key(&vc) {
                    self.stat(|s| s.virtual_connections += 1);
                    self.backends += 1;
                    self.vcs.insert(
                        vc,
                        Vc {
                            server: Server::new(self.opts.server.clone()),
                            links: HashMap::new(),
                            backend: None,
                            pending: Vec::new(),
                            framer: Framer::new(MsrpcLimits::default()),
                            closed: false,
                            pcap_id: BACKEND_PCAP_IDS + self.backends,
                        },
                    );
                    if let Some((host, port)) = target {
                        self.connect_backend(vc, host, port);
                    }
                }
                if let Some(v) = self.vcs.get_mut(&vc) {
                    v.links.insert(link, id);
                    v.server.handle_accept(now, link);
                }
                l
            }
        };
        let from_in = matches!(link, Link::In | Link::InNext);
        let (a, b2) = if from_in {
            (
                count_acks(&b, is_ack_to(Destination::OUT_PROXY)),
                count_acks(&b, is_ack_to(Destination::CLIENT)),
            )
        } else {
            (0, count_acks(&b, is_plain_ack))
        };
        self.stat(|s| {
            s.acks_client_to_out_proxy += a;
            if from_in {
                s.acks_in_proxy_to_client += b2;
            } else {
                s.acks_out_proxy_to_server += b2;
            }
        });
        if let Some(v) = self.vcs.get_mut(&vc) {
            let cur = v.links.iter().find(|(_, c)| **c == id).map(|(l, _)| *l);
            if let Some(l) = cur {
                v.server.handle_data(now, l, &b);
            }
            self.dirty.push_back(Dirty::Vc(vc));
        }
        // The server end copied what it needs: the proxy writes its next transmit into it.
        if let Some(c) = self.conns.get_mut(&id) {
            match &mut c.role {
                Role::In(p) => p.reuse(b),
                Role::Out(p) => p.reuse(b),
                Role::Adopted(_) | Role::Done => {}
            }
        }
    }

    fn connect_backend(&mut self, vc: Cookie, host: String, port: u16) {
        let events = self.events.clone();
        tokio::spawn(async move {
            match TcpStream::connect((host.as_str(), port)).await {
                Ok(sock) => {
                    let _ = sock.set_nodelay(true);
                    let unknown = SocketAddr::from(([127, 0, 0, 1], 0));
                    let local = sock.local_addr().unwrap_or(unknown);
                    let peer = sock.peer_addr().unwrap_or(unknown);
                    let tx = pipe(
                        sock,
                        events.clone(),
                        move |d| Ev::BackendData(vc, d),
                        move || Ev::BackendClosed(vc),
                    );
                    let _ = events.send(Ev::BackendUp(vc, tx, local, peer));
                }
                Err(_) => {
                    let _ = events.send(Ev::BackendClosed(vc));
                }
            }
        });
    }

    /// Drains a virtual connection's server end.
    fn drive_vc(&mut self, now: Instant, vc: Cookie) {
        let mut outs = Vec::new();
        let finished = {
            let Some(v) = self.vcs.get_mut(&vc) else {
                return;
            };
            loop {
                match v.server.poll_output() {
                    Output::Timeout(_) | Output::Idle => break,
                    o => outs.push(o),
                }
            }
            v.server.state().is_final()
        };
        for o in outs {
            match o {
                Output::Transmit(link, b) => {
                    if link == Link::In {
                        let n = count_acks(&b, is_plain_ack);
                        self.stat(|s| s.acks_server_to_in_proxy += n);
                    }
                    let Some(id) = self.vcs.get(&vc).and_then(|v| v.links.get(&link).copied())
                    else {
                        continue;
                    };
                    if let Some(c) = self.conns.get_mut(&id) {
                        // Relayed PDUs go on towards the client as this very buffer.
                        match &mut c.role {
                            Role::In(p) => p.handle_data_owned(now, Link::Server, b),
                            Role::Out(p) => p.handle_data_owned(now, Link::Server, b),
                            _ => {}
                        }
                        self.dirty.push_back(Dirty::Conn(id));
                    }
                }
                Output::Deliver(pdu) => {
                    self.stat(|s| s.pdus_to_server += 1);
                    if let Some(v) = self.vcs.get_mut(&vc) {
                        match &v.backend {
                            Some(tx) => {
                                record(&self.pcap, |p| p.data(v.pcap_id, true, &pdu));
                                let _ = tx.send(Msg::Data(pdu));
                            }
                            None => v.pending.extend_from_slice(&pdu),
                        }
                    }
                }
                Output::Event(Event::Switched(link)) => {
                    let next = if link == Link::In {
                        Link::InNext
                    } else {
                        Link::OutNext
                    };
                    self.stat(|s| s.recycled[usize::from(link != Link::In)] += 1);
                    if let Some(v) = self.vcs.get_mut(&vc) {
                        v.links.remove(&link);
                        if let Some(id) = v.links.remove(&next) {
                            v.links.insert(link, id);
                            if let Some(c) = self.conns.get_mut(&id) {
                                c.leg = Some((vc, link));
                            }
                        }
                    }
                }
                Output::Event(_) | Output::Timeout(_) | Output::Idle => {}
            }
        }
        if finished {
            let Some(v) = self.vcs.get_mut(&vc) else {
                return;
            };
            if v.closed {
                return;
            }
            v.closed = true;
            record(&self.pcap, |p| p.close(v.pcap_id));
            if let Some(tx) = v.backend.take() {
                let _ = tx.send(Msg::Close);
            }
            let ids: Vec<u64> = v.links.drain().map(|(_, id)| id).collect();
            for id in ids {
                if let Some(c) = self.conns.get_mut(&id) {
                    match &mut c.role {
                        Role::In(p) => p.handle_closed(now, Link::Server),
                        Role::Out(p) => p.handle_closed(now, Link::Server),
                        _ => {}
                    }
                }
                self.dirty.push_back(Dirty::Conn(id));
            }
            self.vcs.remove(&vc);
        }
    }
}

/// Parses `server:port` for the allow-list.
pub fn parse_allow(s: &str) -> Result<(String, u16), String> {
    let (h, p) = s
        .rsplit_once(':')
        .ok_or_else(|| format!("{s:?}: want SERVER:PORT"))?;
    let p = p.parse().map_err(|_| format!("{s:?}: bad port"))?;
    Ok((h.to_string(), p))
}

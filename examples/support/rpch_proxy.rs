//! An RPC over HTTP v2 proxy in the IIS RpcProxy role, hosted on tokio.
//!
//! Clients open `RPC_IN_DATA` and `RPC_OUT_DATA` channels to it; each channel runs an
//! [`InProxy`] or [`OutProxy`]. The port-593 legs those roles talk to stay inside the process:
//! every virtual connection has a [`Server`] role whose inner PDUs are relayed over a plain
//! ncacn_ip_tcp connection to the `server:port` named in the request target, which must be on
//! the allow-list. So an RPC over HTTP client reaches any ncacn_ip_tcp server through it.
//!
//! One task (the hub) owns every state machine; socket tasks only move bytes, so the roles
//! run exactly as in the crate's simulations.

use std::collections::{HashMap, VecDeque};
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use oxwire::msrpc::{split_pdus, Framer, Limits as MsrpcLimits};
use oxwire::rpch::http::{error_response, ChannelReader, Method, Side};
use oxwire::rpch::vc::{
    leg_of, Event, InProxy, Link, OutProxy, Output, ProxyConfig, Server, ServerConfig,
};
use oxwire::rpch::{Command, Cookie, Destination, RtsPdu};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::mpsc::{unbounded_channel, UnboundedReceiver, UnboundedSender};

use super::pcap::PcapWriter;

/// How the proxy runs.
#[derive(Clone, Debug, Default)]
pub struct Options {
    /// `server:port` pairs clients may reach (`*` as server matches any name).
    pub allow: Vec<(String, u16)>,
    /// Basic credentials required from clients; `None` admits everyone.
    pub basic: Option<(String, String)>,
    /// Settings of the proxy roles.
    pub proxy: ProxyConfig,
    /// Settings of the in-process server end of each virtual connection.
    pub server: ServerConfig,
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
    pub recycled: [u64; 2],
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

enum Ev {
    Accepted {
        id: u64,
        peer: SocketAddr,
        local: SocketAddr,
        tx: UnboundedSender<Msg>,
    },
    ClientData(u64, Vec<u8>),
    ClientClosed(u64),
    /// A server connection is up: its sender, and its local and peer addresses.
    BackendUp(Cookie, UnboundedSender<Msg>, SocketAddr, SocketAddr),
    BackendData(Cookie, Vec<u8>),
    BackendClosed(Cookie),
    Tick,
}

enum Msg {
    Data(Vec<u8>),
    Close,
}

enum Role {
    /// Reading request heads (and answering authentication) before the channel begins.
    Head(Vec<u8>),
    In(Box<InProxy>),
    Out(Box<OutProxy>),
    Done,
}

struct ClientConn {
    tx: UnboundedSender<Msg>,
    role: Role,
    target: Option<(String, u16)>,
    /// The virtual connection and the link this channel's leg has at its server end.
    leg: Option<(Cookie, Link)>,
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
    pcap: Option<PcapWriter>,
    /// Server connections opened so far.
    backends: u64,
}

/// Starts the proxy on `listener`; records the client connections and the ncacn_ip_tcp
/// connections to the servers into `pcap` when given.
pub fn spawn(listener: TcpListener, opts: Options, pcap: Option<PcapWriter>) -> Handle {
    let addr = listener
        .local_addr()
        .unwrap_or_else(|_| SocketAddr::from(([0, 0, 0, 0], 0)));
    let stats = Arc::new(Mutex::new(Stats::default()));
    let (etx, erx) = unbounded_channel();
    let hub = Hub {
        opts,
        stats: stats.clone(),
        conns: HashMap::new(),
        vcs: HashMap::new(),
        dirty: VecDeque::new(),
        events: etx.clone(),
        pcap,
        backends: 0,
    };
    tokio::spawn(hub.run(erx));
    let ticks = etx.clone();
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
            let local = sock.local_addr().unwrap_or(addr);
            let tx = pipe(
                sock,
                etx.clone(),
                move |d| Ev::ClientData(next, d),
                move || Ev::ClientClosed(next),
            );
            if etx
                .send(Ev::Accepted {
                    id: next,
                    peer,
                    local,
                    tx,
                })
                .is_err()
            {
                return;
            }
        }
    });
    Handle { addr, stats }
}

/// Runs a socket: what it reads goes to the hub as events, what the hub sends is written.
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

impl Hub {
    async fn run(mut self, mut rx: UnboundedReceiver<Ev>) {
        while let Some(ev) = rx.recv().await {
            let now = Instant::now();
            match ev {
                Ev::Accepted {
                    id,
                    peer,
                    local,
                    tx,
                } => {
                    self.stat(|s| s.connections += 1);
                    if let Some(p) = &mut self.pcap {
                        let _ = p.open(id, peer, local);
                    }
                    self.conns.insert(
                        id,
                        ClientConn {
                            tx,
                            role: Role::Head(Vec::new()),
                            target: None,
                            leg: None,
                        },
                    );
                }
                Ev::ClientData(id, d) => {
                    if let Some(p) = &mut self.pcap {
                        let _ = p.data(id, true, &d);
                    }
                    self.client_data(now, id, d);
                }
                Ev::ClientClosed(id) => self.client_closed(now, id),
                Ev::BackendUp(vc, tx, local, peer) => {
                    if let Some(v) = self.vcs.get_mut(&vc) {
                        if let Some(p) = &mut self.pcap {
                            let _ = p.open(v.pcap_id, local, peer);
                            let _ = p.data(v.pcap_id, true, &v.pending);
                        }
                        if !v.pending.is_empty() {
                            let _ = tx.send(Msg::Data(std::mem::take(&mut v.pending)));
                        }
                        v.backend = Some(tx);
                    }
                }
                Ev::BackendData(vc, d) => {
                    if let (Some(p), Some(v)) = (&mut self.pcap, self.vcs.get(&vc)) {
                        let _ = p.data(v.pcap_id, false, &d);
                    }
                    self.backend_data(now, vc, &d)
                }
                Ev::BackendClosed(vc) => {
                    if let Some(v) = self.vcs.get_mut(&vc) {
                        if let Some(p) = &mut self.pcap {
                            let _ = p.close(v.pcap_id);
                        }
                        v.server.abort(now);
                        self.dirty.push_back(Dirty::Vc(vc));
                    }
                }
                Ev::Tick => {
                    for c in self.conns.values_mut() {
                        match &mut c.role {
                            Role::In(p) => p.handle_timeout(now),
                            Role::Out(p) => p.handle_timeout(now),
                            _ => {}
                        }
                    }
                    let ids: Vec<u64> = self.conns.keys().copied().collect();
                    self.dirty.extend(ids.into_iter().map(Dirty::Conn));
                }
            }
            self.settle(now);
            if let Some(p) = &mut self.pcap {
                let _ = p.flush();
            }
        }
    }

    fn stat(&self, f: impl FnOnce(&mut Stats)) {
        if let Ok(mut s) = self.stats.lock() {
            f(&mut s);
        }
    }

    fn send_client(&mut self, id: u64, data: Vec<u8>) {
        if let Some(p) = &mut self.pcap {
            let _ = p.data(id, false, &data);
        }
        if let Some(c) = self.conns.get(&id) {
            let _ = c.tx.send(Msg::Data(data));
        }
    }

    fn close_client(&mut self, id: u64) {
        if let Some(c) = self.conns.get_mut(&id) {
            c.role = Role::Done;
            let _ = c.tx.send(Msg::Close);
        }
    }

    fn client_data(&mut self, now: Instant, id: u64, d: Vec<u8>) {
        let Some(c) = self.conns.get_mut(&id) else {
            return;
        };
        match &mut c.role {
            Role::In(p) => p.handle_data(now, Link::Client, &d),
            Role::Out(p) => p.handle_data(now, Link::Client, &d),
            Role::Done => return,
            Role::Head(buf) => {
                buf.extend_from_slice(&d);
                self.read_heads(now, id);
                return;
            }
        }
        self.dirty.push_back(Dirty::Conn(id));
    }

    /// Reads request heads until one opens a channel: answers authentication challenges on
    /// the way and starts the proxy role with the head and whatever followed it.
    fn read_heads(&mut self, now: Instant, id: u64) {
        loop {
            let Some(ClientConn {
                role: Role::Head(buf),
                ..
            }) = self.conns.get_mut(&id)
            else {
                return;
            };
            let Some(end) = buf.windows(4).position(|w| w == b"\r\n\r\n") else {
                if buf.len() > self.opts.proxy.limits.max_http_head {
                    self.refuse(id, 431, "Request Header Fields Too Large");
                }
                return;
            };
            let end = end + 4;
            let mut r = ChannelReader::new(Side::Request, self.opts.proxy.limits);
            let head = r.push(&buf[..end]).ok().and_then(|()| r.take_head());
            let Some(head) = head else {
                self.refuse(id, 400, "Bad Request");
                return;
            };
            let authorized = match &self.opts.basic {
                None => true,
                Some((u, p)) => head.header("Authorization") == Some(basic_value(u, p).as_bytes()),
            };
            if !authorized {
                self.stat(|s| s.challenged += 1);
                let small = head.content_length.unwrap_or(0) <= 0x10;
                let body = head.content_length.unwrap_or(0) as usize;
                let challenge = format!(
                    "HTTP/1.1 401 Unauthorized\r\nWWW-Authenticate: Basic realm=\"rpcproxy\"\r\n\
                     Content-Length: 0\r\n{}\r\n",
                    if small { "" } else { "Connection: close\r\n" }
                );
                self.send_client(id, challenge.into_bytes());
                if !small {
                    self.close_client(id);
                    return;
                }
                // The body of the refused request (at most 16 bytes) is skipped.
                let Some(ClientConn {
                    role: Role::Head(buf),
                    ..
                }) = self.conns.get_mut(&id)
                else {
                    return;
                };
                if buf.len() < end + body {
                    // Rare: wait for the rest of a tiny body.
                    return;
                }
                buf.drain(..end + body);
                continue;
            }
            let role = match head.method {
                Some(Method::RpcInData) => {
                    self.stat(|s| s.in_channels += 1);
                    Role::In(Box::new(InProxy::new(self.opts.proxy.clone())))
                }
                Some(Method::RpcOutData) => {
                    self.stat(|s| s.out_channels += 1);
                    Role::Out(Box::new(OutProxy::new(self.opts.proxy.clone())))
                }
                _ => {
                    self.refuse(id, 405, "Method Not Allowed");
                    return;
                }
            };
            let expect = head
                .header("Expect")
                .is_some_and(|v| v.eq_ignore_ascii_case(b"100-continue"));
            if expect && !head.is_echo() {
                self.send_client(id, b"HTTP/1.1 100 Continue\r\n\r\n".to_vec());
            }
            let Some(c) = self.conns.get_mut(&id) else {
                return;
            };
            let Role::Head(bytes) = std::mem::replace(&mut c.role, role) else {
                return;
            };
            match &mut c.role {
                Role::In(p) => p.handle_data(now, Link::Client, &bytes),
                Role::Out(p) => p.handle_data(now, Link::Client, &bytes),
                _ => {}
            }
            self.dirty.push_back(Dirty::Conn(id));
            return;
        }
    }

    fn refuse(&mut self, id: u64, status: u16, reason: &str) {
        self.send_client(id, error_response(status, reason));
        self.close_client(id);
    }

    fn client_closed(&mut self, now: Instant, id: u64) {
        if let Some(p) = &mut self.pcap {
            let _ = p.close(id);
        }
        let Some(c) = self.conns.get_mut(&id) else {
            return;
        };
        match &mut c.role {
            Role::In(p) => p.handle_closed(now, Link::Client),
            Role::Out(p) => p.handle_closed(now, Link::Client),
            _ => {}
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

    /// Drains a channel's proxy role.
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
        for o in outs {
            match o {
                Output::Transmit(Link::Client, b) => self.send_client(id, b),
                Output::Transmit(_, b) => self.send_server_leg(now, id, b),
                Output::Event(Event::ConnectServer { server, port }) => {
                    let allowed =
                        self.opts.allow.iter().any(|(s, p)| {
                            *p == port && (s == "*" || s.eq_ignore_ascii_case(&server))
                        });
                    if !allowed {
                        self.stat(|s| s.refused += 1);
                        // What IIS answers when the RpcProxy ValidPorts list refuses a target.
                        self.send_client(
                            id,
                            b"HTTP/1.1 503 RPC Error\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                                .to_vec(),
                        );
                        self.close_client(id);
                        return;
                    }
                    if let Some(c) = self.conns.get_mut(&id) {
                        c.target = Some((server, port));
                        match &mut c.role {
                            Role::In(p) => p.handle_server_connected(now),
                            Role::Out(p) => p.handle_server_connected(now),
                            _ => {}
                        }
                    }
                    self.dirty.push_back(Dirty::Conn(id));
                }
                Output::Event(_) | Output::Deliver(_) | Output::Timeout(_) | Output::Idle => {}
            }
        }
        if finished {
            let leg = self.conns.get(&id).and_then(|c| c.leg);
            if let Some((vc, link)) = leg {
                if let Some(v) = self.vcs.get_mut(&vc) {
                    if v.links.get(&link) == Some(&id) {
                        v.links.remove(&link);
                        v.server.handle_closed(now, link);
                        self.dirty.push_back(Dirty::Vc(vc));
                    }
                }
            }
            self.close_client(id);
        }
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
                        match &mut c.role {
                            Role::In(p) => p.handle_data(now, Link::Server, &b),
                            Role::Out(p) => p.handle_data(now, Link::Server, &b),
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
                                if let Some(p) = &mut self.pcap {
                                    let _ = p.data(v.pcap_id, true, &pdu);
                                }
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
            if let Some(p) = &mut self.pcap {
                let _ = p.close(v.pcap_id);
            }
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

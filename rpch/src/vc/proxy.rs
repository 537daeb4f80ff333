//! The inbound and outbound proxy roles (MS-RPCH 3.2.3, 3.2.4): each joins one HTTP channel
//! from the client to one port-593 leg to the server and relays PDUs with flow control.

use std::net::{IpAddr, Ipv4Addr};
use std::time::Instant;

use super::client::encode_into;
use super::{earliest, half, Core, Event, FlowReceiver, FlowSender, Link, Output, State};
use crate::command::{ClientAddress, Command, Cookie, Destination};
use crate::error::{Error, Result};
use crate::http::{
    echo_response_head, error_response, out_channel_response_head, ChannelReader, Head, Method,
    Side,
};
use crate::limits::Limits;
use crate::named::{
    ConnA1, ConnA2, ConnA3, ConnB1, ConnB2, ConnC2, Echo, FlowControlAck,
    FlowControlAckWithDestination, InR1A1, InR1A2, InR2A2, OutR1A11, OutR1A3, OutR1A4, OutR1A8,
    OutR2A4, OutR2B3, OutR2C1, Ping,
};
use crate::rts::{RtsFlags, RtsPdu};
use oxwire_msrpc::header::{peek_frag_length, Status, HEADER_LEN};

/// Settings of a proxy.
#[derive(Clone, Debug)]
pub struct ProxyConfig {
    /// The proxy's receive window on each hop it receives on.
    pub receive_window: u32,
    /// Connection timeout announced to the peers, in ms.
    pub connection_timeout: u32,
    /// OUT channel lifetime: the `Content-Length` of the OUT channel response.
    pub channel_lifetime: u32,
    /// Interval in ms at which the outbound proxy pings an idle client (half of it is used).
    pub keepalive: u32,
    /// The client's address, reported to the server in CONN/B2.
    pub client_address: IpAddr,
    /// Decoding limits.
    pub limits: Limits,
}

impl Default for ProxyConfig {
    fn default() -> Self {
        ProxyConfig {
            receive_window: 0x10000,
            connection_timeout: 120_000,
            channel_lifetime: 0x4000_0000,
            keepalive: 300_000,
            client_address: IpAddr::V4(Ipv4Addr::UNSPECIFIED),
            limits: Limits::default(),
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Step {
    WaitOpen,
    WaitServer,
    WaitReply,
    Open,
}

/// What the proxies share: the two readers, the outputs and the opening steps.
#[derive(Debug)]
struct Relay {
    cfg: ProxyConfig,
    core: Core,
    step: Step,
    client: ChannelReader,
    server: ChannelReader,
    target: Option<(String, u16)>,
}

impl Relay {
    fn new(cfg: ProxyConfig) -> Self {
        Relay {
            client: ChannelReader::new(Side::Request, cfg.limits),
            server: ChannelReader::legacy(cfg.limits),
            cfg,
            core: Core::new(),
            step: Step::WaitOpen,
            target: None,
        }
    }

    /// Handles the request head: answers echo requests, refuses the wrong method. Returns
    /// false when the connection is finished.
    fn on_head(&mut self, head: &Head, want: &Method) -> bool {
        if head.is_echo() {
            let mut b = echo_response_head();
            encode_into(&Echo {}.to_pdu(), &mut b);
            self.core.transmit(Link::Client, b);
            self.core.event(Event::EchoAnswered);
            self.core.close();
            return false;
        }
        if head.method.as_ref() != Some(want) {
            self.core
                .transmit(Link::Client, error_response(405, "Method Not Allowed"));
            self.core.protocol("channel request with the wrong method");
            return false;
        }
        match head.server_port() {
            Some((s, p)) => self.target = Some((s.to_owned(), p)),
            None => {
                self.core
                    .transmit(Link::Client, error_response(400, "Bad Request"));
                self.core.protocol("request target names no server:port");
                return false;
            }
        }
        true
    }

    fn connect(&mut self) {
        if let Some((server, port)) = self.target.clone() {
            self.step = Step::WaitServer;
            self.core.event(Event::ConnectServer { server, port });
        }
    }

    fn send(&mut self, link: Link, pdu: &RtsPdu<'_>) {
        let mut b = Vec::with_capacity(pdu.encoded_len());
        encode_into(pdu, &mut b);
        self.core.transmit(link, b);
    }
}

fn rts_of(pdu: &[u8], limits: &Limits) -> Result<Option<RtsPdu<'static>>> {
    if pdu.get(2) != Some(&20) {
        return Ok(None);
    }
    Ok(Some(RtsPdu::decode_with(pdu, limits)?.0.into_owned()))
}

fn is_forwarded_ack(rts: &RtsPdu<'_>) -> Option<(Destination, crate::command::Ack)> {
    match (rts.flags.0, rts.commands.as_slice()) {
        (RtsFlags::OTHER_CMD, [Command::Destination(d), Command::FlowControlAck(a)]) => {
            Some((*d, *a))
        }
        _ => None,
    }
}

/// How an inbound proxy's IN channel began.
#[derive(Clone, Copy, Debug)]
enum InOpen {
    /// CONN/B1: a new virtual connection.
    Conn(ConnB1),
    /// IN_R1/A1: the successor of a recycled IN channel.
    Successor(InR1A1),
}

impl InOpen {
    fn channel_cookie(&self) -> Cookie {
        match self {
            InOpen::Conn(b1) => b1.in_channel_cookie,
            InOpen::Successor(a1) => a1.successor_channel_cookie,
        }
    }

    fn vc_cookie(&self) -> Cookie {
        match self {
            InOpen::Conn(b1) => b1.virtual_connection_cookie,
            InOpen::Successor(a1) => a1.virtual_connection_cookie,
        }
    }
}

/// A successor IN channel this proxy took itself (IN_R2): plugged until the client's
/// IN_R2/A5 on the predecessor.
#[derive(Debug)]
struct InNext {
    reader: ChannelReader,
    cookie: Cookie,
    /// Body bytes the successor's own proxy read past IN_R2/A1, already counted by `reader`.
    early: Vec<u8>,
    /// Bytes that arrived on the successor connection since, as received.
    plugged: Vec<u8>,
}

/// The inbound proxy: client IN channel in, IN leg to the server out.
///
/// A proxy opened by IN_R1/A1 is the successor of a recycled channel: it joins the virtual
/// connection with IN_R1/A2 and relays once the server sent IN_R1/B2. A proxy whose client
/// sends IN_R1/A5 is the predecessor: it forwards IN_R1/A6 behind the PDUs it still holds
/// and ends when the server answers IN_R1/B1.
///
/// Same-proxy recycling (IN_R2, MS-RPCH 3.2.3.5.5.1): when the successor channel reaches the
/// proxy that runs the predecessor, the host gives the successor's new proxy to the running
/// one with [`adopt`](Self::adopt). The running proxy tells the server with IN_R2/A2 on its
/// own leg, holds what arrives on the successor ([`Link::InNext`]) until the client's IN_R2/A5
/// closes the predecessor, then reports [`Event::Switched`]`(`[`Link::Client`]`)` and reads
/// the successor.
#[derive(Debug)]
pub struct InProxy {
    r: Relay,
    open: Option<InOpen>,
    p: Path,
    retiring: bool,
    next: Option<InNext>,
    /// IN_R2/A5 was read: the rest of the predecessor's bytes are not read.
    switching: bool,
}

/// Where a relay's acknowledgments of the PDUs it passed on go.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
enum Acks {
    /// Inbound: to the client, through the server, in the batch behind the PDUs.
    #[default]
    ThroughServer,
    /// Outbound: straight back to the server on the other link; the role sends the last one
    /// due after each input.
    ToServer,
}

/// A relay's data path from one link to the other (client to server for the inbound proxy,
/// server to client for the outbound proxy), apart from the readers so PDUs can be relayed
/// from where they lie in the reader or in the caller's bytes.
///
/// Data PDUs are cut through: once a PDU's header is read and the receiving peer's window
/// has room for all of it, its bytes go into the batch as they arrive, so a PDU split across
/// pushes is never gathered first. Only PDUs that must be read whole (RTS PDUs, data that
/// waits for window) are gathered in `held`. The sending peer is acknowledged as PDUs move
/// on, not as they arrive, so a receiver that does not read holds the sender back and the
/// proxy never holds more than its own receive window.
#[derive(Debug, Default)]
struct Path {
    acks: Acks,
    /// The last acknowledgment due under [`Acks::ToServer`].
    ack_due: Option<crate::command::Ack>,
    receiver: Option<FlowReceiver>,
    sender: Option<FlowSender>,
    pending: Vec<Vec<u8>>,
    /// Bytes written during one call, sent as one transmit at its end.
    batch: Vec<u8>,
    /// A PDU being gathered whole, or a header split across pushes.
    held: Vec<u8>,
    /// Bytes of the data PDU being cut through still to come, and its length.
    through: usize,
    through_len: usize,
    /// Bytes of a predecessor channel (IN_R2) held for the server when the client switched:
    /// the first bytes consumed after the switch, acknowledged to no one.
    pred_held: usize,
    /// RTS PDUs for the batch's link that wait for the PDU being cut through to end.
    after_cut: Vec<u8>,
    /// Capacity of the last batch, for the next one when the host gives no buffer back.
    batch_capacity: usize,
}

impl Path {
    fn outbound() -> Self {
        Path {
            acks: Acks::ToServer,
            ..Path::default()
        }
    }

    /// An RPC PDU: counted against our window, then written to the batch at once when the
    /// receiving peer's window allows and nothing waits, else queued (the caller flushes).
    fn data(&mut self, pdu: &[u8]) -> Result<()> {
        let Some(rx) = &mut self.receiver else {
            return Err(Error::Protocol {
                state: "opening",
                reason: "RPC PDU before the channel's first RTS PDU",
            });
        };
        // Our window covers what we hold: acknowledge as PDUs move on (and, for an inbound
        // successor, so the first acknowledgment tells the client that the server took this
        // channel).
        rx.on_receive(pdu.len())?;
        match &mut self.sender {
            Some(s) => {
                if s.try_send_now(pdu.len()) {
                    self.batch.extend_from_slice(pdu);
                    self.consumed(pdu.len());
                } else {
                    s.push(pdu.to_vec());
                }
            }
            None => self.pending.push(pdu.to_vec()),
        }
        Ok(())
    }

    /// `len` bytes went on to the receiving peer.
    fn consumed(&mut self, len: usize) {
        let old = self.pred_held.min(len);
        self.pred_held -= old;
        let len = len - old;
        if len == 0 {
            return;
        }
        if let Some(ack) = self.receiver.as_mut().and_then(|rx| rx.on_consume(len)) {
            self.acknowledge(ack, false);
        }
    }

    /// Sends `ack` its way: behind the batch, or behind the PDU being cut through.
    fn acknowledge(&mut self, ack: crate::command::Ack, after_cut: bool) {
        match self.acks {
            Acks::ThroughServer => {
                let a = FlowControlAckWithDestination {
                    destination: Destination::CLIENT,
                    ack,
                };
                let to = if after_cut {
                    &mut self.after_cut
                } else {
                    &mut self.batch
                };
                encode_into(&a.to_pdu(), to);
            }
            Acks::ToServer => self.ack_due = Some(ack),
        }
    }

    /// An RTS PDU for the batch's link, in order with the PDUs around it.
    fn send_rts(&mut self, pdu: &RtsPdu<'_>) {
        encode_into(pdu, &mut self.batch);
    }

    /// Copies the data PDUs at the start of `rest` into the batch while the server's window
    /// takes each of them whole, the last one possibly continuing past `rest` (it is then cut
    /// through). Returns the bytes taken; 0 when the next PDU must be gathered whole.
    ///
    /// The bytes are copied first and their headers read from the copy: the copy streams
    /// through the cache, where reading each header from the caller's bytes would wait on
    /// memory once per PDU.
    fn relay_run(&mut self, rest: &[u8]) -> Result<usize> {
        let (Some(rx), Some(tx)) = (&mut self.receiver, &mut self.sender) else {
            return Ok(0);
        };
        let start = self.batch.len();
        self.batch.extend_from_slice(rest);
        let mut off = 0;
        let mut res = Ok(());
        // The last acknowledgment due in the run: each one supersedes the one before, and it
        // goes after the run rather than between its PDUs, so the run is copied only once.
        let mut ack = None;
        let mut cut = false;
        while rest.len() - off >= HEADER_LEN {
            let b = &self.batch[start + off..];
            let len = match header_len(b) {
                Ok(l) => l,
                Err(e) => {
                    res = Err(e);
                    break;
                }
            };
            if b[2] == 20 || !tx.can_send_now(len) {
                break;
            }
            if let Err(e) = rx.on_receive(len) {
                res = Err(e);
                break;
            }
            tx.try_send_now(len);
            if len > rest.len() - off {
                self.through = len - (rest.len() - off);
                self.through_len = len;
                off = rest.len();
                cut = true;
                break;
            }
            off += len;
            if let Some(a) = rx.on_consume(len) {
                ack = Some(a);
            }
        }
        if !cut {
            self.batch.truncate(start + off);
        }
        if let Some(ack) = ack {
            // Behind the PDU the run leaves unfinished, if any.
            self.acknowledge(ack, cut);
        }
        res.map(|()| off)
    }

    /// Whether `data` (body bytes of the client channel) goes to the server unchanged as it
    /// is: the rest of the PDU being cut through, then data PDUs only, the last one possibly
    /// continuing past `data`, all within both windows. If so the flow control counts them
    /// as relayed; acknowledgments due go to the (empty) batch, to be sent after `data`, or
    /// after the PDU that `data` leaves unfinished.
    fn pass_through(&mut self, data: &[u8]) -> bool {
        let (Some(rx), Some(tx)) = (&self.receiver, &self.sender) else {
            return false;
        };
        if !self.held.is_empty() || !self.after_cut.is_empty() || !tx.is_empty() {
            return false;
        }
        // Check every header first; nothing changes unless all of `data` passes.
        let mut off = self.through.min(data.len());
        let mut reserve = 0;
        while off < data.len() {
            let b = &data[off..];
            if b.len() < HEADER_LEN || b[2] == 20 {
                return false;
            }
            let Ok(len) = header_len(b) else {
                return false;
            };
            reserve += len;
            off += len;
        }
        if reserve as u64 > u64::from(tx.available()) || !rx.can_receive(reserve) {
            return false;
        }
        let mut off = self.through.min(data.len());
        self.through -= off;
        if off > 0 && self.through == 0 {
            self.consumed(self.through_len);
        }
        while off < data.len() {
            let len = frag_length_of(&data[off..]);
            if let (Some(rx), Some(tx)) = (&mut self.receiver, &mut self.sender) {
                // Both checked above for the whole run.
                let _ = rx.on_receive(len);
                tx.try_send_now(len);
            }
            if len > data.len() - off {
                self.through = len - (data.len() - off);
                self.through_len = len;
                break;
            }
            off += len;
            self.consumed(len);
        }
        if self.through > 0 {
            // `data` ends inside a PDU: acknowledgments wait for its end.
            self.after_cut.append(&mut self.batch);
        }
        true
    }

    /// Starts cutting through the data PDU whose header is gathered in `held`, when the
    /// server's window takes all of it now.
    fn cut_held(&mut self, len: usize) -> Result<bool> {
        let (Some(rx), Some(tx)) = (&mut self.receiver, &mut self.sender) else {
            return Ok(false);
        };
        if self.held.get(2) == Some(&20) || !tx.can_send_now(len) {
            return Ok(false);
        }
        rx.on_receive(len)?;
        tx.try_send_now(len);
        self.batch.extend_from_slice(&self.held);
        self.through = len - self.held.len();
        self.through_len = len;
        self.held.clear();
        if self.through == 0 {
            self.consumed(len);
        }
        Ok(true)
    }

    /// Forwards the next bytes of the PDU being cut through; returns how many it took.
    fn cut(&mut self, rest: &[u8]) -> usize {
        let n = self.through.min(rest.len());
        self.batch.extend_from_slice(&rest[..n]);
        self.through -= n;
        if self.through == 0 {
            self.consumed(self.through_len);
            self.batch.append(&mut self.after_cut);
        }
        n
    }

    /// Writes the queued PDUs the receiving peer's window allows into the batch. Stops after
    /// a queued RTS PDU (those are the recycling steps, which the role may act on) and
    /// returns true then; call again to go on.
    fn flush(&mut self) -> bool {
        if self.sender.as_ref().is_none_or(FlowSender::is_empty) {
            return false;
        }
        while let Some(p) = self.sender.as_mut().and_then(FlowSender::pop) {
            self.batch.extend_from_slice(&p);
            if p.get(2) == Some(&20) {
                return true;
            }
            self.consumed(p.len());
        }
        false
    }

    /// Flushes everything the window allows.
    fn flush_all(&mut self) {
        while self.flush() {}
    }

    /// Relays what it can of `rest` (the bytes after the channel's HTTP head) and returns the
    /// next PDU that must be handled whole, once it is complete. `open`: data PDUs may flow.
    fn relay(&mut self, rest: &mut &[u8], open: bool) -> Result<Option<Vec<u8>>> {
        while !rest.is_empty() {
            if self.through > 0 {
                let n = self.cut(rest);
                *rest = &rest[n..];
                continue;
            }
            if self.held.is_empty() && open {
                let n = self.relay_run(rest)?;
                *rest = &rest[n..];
                if n > 0 {
                    continue;
                }
            }
            let had = self.held.len();
            let want = match peek_frag_length(&self.held)? {
                Status::Partial(n) | Status::Complete(n) => n,
            };
            let n = (want - had).min(rest.len());
            self.held.extend_from_slice(&rest[..n]);
            *rest = &rest[n..];
            if self.held.len() < HEADER_LEN {
                // Refuse garbage as early as its first bytes allow.
                peek_frag_length(&self.held)?;
                continue;
            }
            let len = header_len(&self.held)?;
            if had < HEADER_LEN && open && self.cut_held(len)? {
                continue;
            }
            if self.held.len() == len {
                return Ok(Some(std::mem::take(&mut self.held)));
            }
        }
        Ok(None)
    }

    /// Takes back the allocation of a PDU [`relay`](Self::relay) returned, for the next one
    /// gathered whole.
    fn give_back(&mut self, mut pdu: Vec<u8>) {
        if self.held.is_empty() {
            pdu.clear();
            self.held = pdu;
        }
    }

    /// Hands the batch to `core` as one transmit on `link`; returns whether there was one.
    fn end_batch(&mut self, core: &mut Core, link: Link) -> bool {
        if self.batch.is_empty() {
            return false;
        }
        let b = std::mem::take(&mut self.batch);
        self.batch_capacity = b.capacity();
        core.transmit(link, b);
        true
    }

    /// Gives the batch a buffer to write into: one the host gave back, so that a host which
    /// does writes every batch into the same, cache-warm memory.
    fn start_batch(&mut self, core: &mut Core) {
        if self.batch.capacity() == 0 {
            self.batch = core.buffer(self.batch_capacity);
        }
    }
}

impl InProxy {
    /// A proxy waiting for the client's request.
    pub fn new(cfg: ProxyConfig) -> Self {
        InProxy {
            r: Relay::new(cfg),
            open: None,
            p: Path::default(),
            retiring: false,
            next: None,
            switching: false,
        }
    }

    /// The virtual connection cookie, once the channel request's first PDU was read.
    pub fn virtual_connection_cookie(&self) -> Option<Cookie> {
        self.open.map(|o| o.vc_cookie())
    }

    /// For a proxy opened by IN_R1/A1 (or IN_R2/A1, the same PDU) and not yet joined to the
    /// server: the virtual connection cookie and the predecessor channel cookie it names. The
    /// host looks these up among its running proxies to choose between IN_R1 (connect this
    /// proxy to the server) and IN_R2 (give it to the running proxy with
    /// [`adopt`](Self::adopt)).
    pub fn successor_of(&self) -> Option<(Cookie, Cookie)> {
        match (self.open, self.r.step) {
            (Some(InOpen::Successor(a1)), Step::WaitServer) => {
                Some((a1.virtual_connection_cookie, a1.predecessor_channel_cookie))
            }
            _ => None,
        }
    }

    /// IN_R2: takes the successor channel read by `successor` (a proxy that reported
    /// [`Event::ConnectServer`] after IN_R1/A1 naming this proxy's connection and current
    /// channel). Returns false, changing nothing, when it does not fit: different cookies,
    /// this proxy not open, or a recycle already under way. On success `successor` is
    /// finished ([`State::Closed`], no more outputs) and the host routes its client connection
    /// to this proxy as [`Link::InNext`].
    pub fn adopt(&mut self, _now: Instant, successor: &mut InProxy) -> bool {
        let Some((vc, predecessor)) = successor.successor_of() else {
            return false;
        };
        let Some(InOpen::Successor(a1)) = successor.open else {
            return false;
        };
        let current = self.p.receiver.as_ref().map(FlowReceiver::cookie);
        if self.r.core.state != State::Opened
            || self.r.step != Step::Open
            || self.retiring
            || self.next.is_some()
            || self.virtual_connection_cookie() != Some(vc)
            || current != Some(predecessor)
        {
            return false;
        }
        let mut early = Vec::new();
        for p in successor.p.pending.drain(..) {
            early.extend_from_slice(&p);
        }
        early.append(&mut successor.p.held);
        let limits = self.r.cfg.limits;
        let reader = std::mem::replace(
            &mut successor.r.client,
            ChannelReader::new(Side::Request, limits),
        );
        successor.r.core.out.clear();
        successor.r.core.state = State::Closed;
        self.next = Some(InNext {
            reader,
            cookie: a1.successor_channel_cookie,
            early,
            plugged: Vec::new(),
        });
        // IN_R2/A2 keeps its place behind the PDUs still held for the server.
        let a2 = InR2A2 {
            successor_channel_cookie: a1.successor_channel_cookie,
        }
        .to_pdu();
        let mut b = Vec::with_capacity(a2.encoded_len());
        encode_into(&a2, &mut b);
        match &mut self.p.sender {
            // Not inside a PDU that is being cut through.
            _ if self.p.through > 0 => self.p.after_cut.extend_from_slice(&b),
            Some(s) if !s.is_empty() => s.push_control(b),
            _ => self.p.batch.extend_from_slice(&b),
        }
        self.p.flush_all();
        self.end_batch();
        true
    }

    /// The lifecycle state.
    pub fn state(&self) -> State {
        self.r.core.state
    }

    /// Bytes arrived on a link.
    pub fn handle_data(&mut self, now: Instant, link: Link, data: &[u8]) {
        if self.r.core.state.is_final() {
            return;
        }
        self.p.start_batch(&mut self.r.core);
        let res = match link {
            Link::Client => self.on_client(now, data),
            Link::Server => self.on_server(now, data),
            Link::InNext if self.next.is_some() => self.on_next(data),
            _ => Err(Error::Protocol {
                state: "inbound proxy",
                reason: "data on a link the proxy does not have",
            }),
        };
        self.end_batch();
        if let Err(e) = res {
            self.r.core.fail(e);
        }
    }

    /// The connection to the server (asked for by [`Event::ConnectServer`]) is up.
    pub fn handle_server_connected(&mut self, _now: Instant) {
        let (Some(open), Step::WaitServer) = (self.open, self.r.step) else {
            return;
        };
        let pdu = match open {
            InOpen::Conn(b1) => ConnB2 {
                version: 1,
                virtual_connection_cookie: b1.virtual_connection_cookie,
                in_channel_cookie: b1.in_channel_cookie,
                receive_window_size: self.r.cfg.receive_window,
                connection_timeout: self.r.cfg.connection_timeout,
                association_group_id: b1.association_group_id,
                client_address: ClientAddress::new(self.r.cfg.client_address),
            }
            .to_pdu(),
            InOpen::Successor(a1) => InR1A2 {
                version: 1,
                virtual_connection_cookie: a1.virtual_connection_cookie,
                predecessor_channel_cookie: a1.predecessor_channel_cookie,
                successor_channel_cookie: a1.successor_channel_cookie,
                inbound_proxy_receive_window_size: self.r.cfg.receive_window,
                inbound_proxy_connection_timeout: self.r.cfg.connection_timeout,
            }
            .to_pdu(),
        };
        self.r.send(Link::Server, &pdu);
        self.r.step = Step::WaitReply;
    }

    /// A link was closed by its peer.
    pub fn handle_closed(&mut self, _now: Instant, link: Link) {
        if link == Link::InNext && self.next.is_some() {
            self.r
                .core
                .protocol("the successor IN channel closed before IN_R2/A5");
        } else if link == Link::Client && self.retiring {
            // The client closes its predecessor IN channel after IN_R1/A5; IN_R1/B1 ends us.
        } else if link == Link::Client && self.r.client.body_done() {
            self.r.core.close();
        } else {
            self.r
                .core
                .protocol("a connection closed under the virtual connection");
        }
    }

    /// Timers (none beyond the host's own connection timeouts).
    pub fn handle_timeout(&mut self, _now: Instant) {}

    /// Ends at once.
    pub fn abort(&mut self, _now: Instant) {
        self.r.core.protocol("aborted by the host");
    }

    /// The next output.
    pub fn poll_output(&mut self) -> Output {
        self.r.core.poll(None)
    }

    /// Bytes arrived on a link, handed over by the host: like
    /// [`handle_data`](Self::handle_data), but when they are data PDUs relayed unchanged
    /// (the common case once the channel is open) the same buffer goes out as the
    /// [`Output::Transmit`] to the server, without a copy. Acknowledgments due for them follow
    /// it rather than sitting between its PDUs.
    pub fn handle_data_owned(&mut self, now: Instant, link: Link, data: Vec<u8>) {
        let direct = link == Link::Client
            && self.r.core.state == State::Opened
            && self.r.step == Step::Open
            && self.next.is_none()
            && !data.is_empty()
            && self.r.client.takes_body(data.len());
        if !direct {
            return self.handle_data(now, link, &data);
        }
        self.end_batch();
        if !self.p.pass_through(&data) {
            return self.handle_data(now, link, &data);
        }
        // Counts the body down; `takes_body` said all of it is body.
        if let Err(e) = self.r.client.push_body(&data) {
            self.r.core.fail(e);
            return;
        }
        self.r.core.transmit(Link::Server, data);
        self.end_batch();
    }

    fn on_client(&mut self, now: Instant, data: &[u8]) -> Result<()> {
        let body = self.r.client.push_body(data)?;
        if let Some(h) = self.r.client.take_head() {
            if !self.r.on_head(&h, &Method::RpcInData) {
                return Ok(());
            }
        }
        match body {
            Some(body) => self.relay_body(now, body),
            // A chunked body: PDUs come whole from the reader.
            None => {
                while let Some(pdu) = self.r.client.next_pdu()? {
                    if pdu.get(2) != Some(&20) {
                        self.p.data(pdu)?;
                        self.p.flush_all();
                        continue;
                    }
                    let pdu = pdu.to_vec();
                    self.on_client_pdu(now, &pdu)?;
                    if self.switching {
                        return self.in_switch(now);
                    }
                    if self.r.core.state.is_final() {
                        break;
                    }
                }
                Ok(())
            }
        }
    }

    /// Reads the IN channel's body: runs of data PDUs straight into the batch for the server,
    /// everything else gathered whole and handled one PDU at a time.
    fn relay_body(&mut self, now: Instant, mut rest: &[u8]) -> Result<()> {
        loop {
            let open = self.r.step == Step::Open;
            let Some(pdu) = self.p.relay(&mut rest, open)? else {
                return Ok(());
            };
            self.on_client_pdu(now, &pdu)?;
            if self.switching {
                return self.in_switch(now);
            }
            if self.r.core.state.is_final() {
                return Ok(());
            }
            self.p.give_back(pdu);
        }
    }

    fn on_client_pdu(&mut self, _now: Instant, pdu: &[u8]) -> Result<()> {
        if pdu.get(2) != Some(&20) {
            self.p.data(pdu)?;
            self.p.flush_all();
            return Ok(());
        }
        let rts = RtsPdu::decode_with(pdu, &self.r.cfg.limits)?.0;
        if self.r.step == Step::WaitOpen {
            let open = if let Some(b1) = ConnB1::from_pdu(&rts) {
                InOpen::Conn(b1)
            } else if let Some(a1) = InR1A1::from_pdu(&rts) {
                InOpen::Successor(a1)
            } else {
                return Err(Error::Protocol {
                    state: "opening",
                    reason: "first PDU on the IN channel is neither CONN/B1 nor IN_R1/A1",
                });
            };
            self.open = Some(open);
            let (w, c) = (self.r.cfg.receive_window, open.channel_cookie());
            self.p.receiver = Some(match open {
                InOpen::Conn(_) => FlowReceiver::new(w, c),
                InOpen::Successor(_) => FlowReceiver::successor(w, c),
            });
            self.r.connect();
            return Ok(());
        }
        match (rts.flags.0, rts.commands.as_slice()) {
            // For the outbound proxy or the client: through the server.
            (RtsFlags::OTHER_CMD, [Command::Destination(_), Command::FlowControlAck(_)]) => {
                self.end_batch();
                self.r.core.transmit(Link::Server, pdu.to_vec());
            }
            (RtsFlags::PING, []) | (RtsFlags::OTHER_CMD, [Command::ClientKeepalive(_)]) => {}
            // IN_R2/A5: the last PDU on the predecessor of a channel this proxy took.
            (RtsFlags::NONE, [Command::Cookie(c)])
                if self.r.step == Step::Open && self.next.is_some() =>
            {
                if self.next.as_ref().map(|n| n.cookie) != Some(*c) {
                    return Err(Error::Protocol {
                        state: self.r.core.state.name(),
                        reason: "IN_R2/A5 names another successor IN channel",
                    });
                }
                self.switching = true;
            }
            // IN_R1/A5: the client moved to a successor channel; IN_R1/A6 follows the PDUs
            // still held for the server.
            (RtsFlags::NONE, [Command::Cookie(_)]) if self.r.step == Step::Open => {
                self.retiring = true;
                if let Some(s) = &mut self.p.sender {
                    s.push_control(pdu.to_vec());
                }
                self.p.flush_all();
            }
            // OUT_R1/A7 and OUT_R2/A7 become OUT_R1/A8 and OUT_R2/A8 for the server.
            (RtsFlags::OUT_CHANNEL, [Command::Destination(d), Command::Cookie(c)])
            | (
                RtsFlags::OUT_CHANNEL,
                [Command::Destination(d), Command::Cookie(c), Command::Version(_)],
            ) => {
                let a8 = OutR1A8 {
                    destination: *d,
                    successor_channel_cookie: *c,
                };
                self.p.send_rts(&a8.to_pdu());
            }
            _ => {
                return Err(Error::Protocol {
                    state: self.r.core.state.name(),
                    reason: "unexpected RTS PDU on the IN channel",
                })
            }
        }
        Ok(())
    }

    fn on_server(&mut self, _now: Instant, data: &[u8]) -> Result<()> {
        self.r.server.push(data)?;
        while let Some(pdu) = self.r.server.next_pdu()? {
            let Some(rts) = rts_of(pdu, &self.r.cfg.limits)? else {
                return Err(Error::Protocol {
                    state: self.r.core.state.name(),
                    reason: "RPC PDU from the server on the IN leg",
                });
            };
            let successor = matches!(self.open, Some(InOpen::Successor(_)));
            match (self.r.step, rts.flags.0, rts.commands.as_slice()) {
                // CONN/B3, or IN_R1/B2 for a successor: the server's window.
                (
                    Step::WaitReply,
                    RtsFlags::NONE,
                    [Command::ReceiveWindowSize(w), Command::Version(_)],
                )
                | (Step::WaitReply, RtsFlags::NONE, [Command::ReceiveWindowSize(w)])
                    if successor == (rts.commands.len() == 1) =>
                {
                    let cookie = self.open.map(|o| o.channel_cookie()).unwrap_or_default();
                    let mut s = FlowSender::new(*w, cookie);
                    for p in self.p.pending.drain(..) {
                        s.push(p);
                    }
                    self.p.sender = Some(s);
                    self.r.step = Step::Open;
                    self.r.core.state = State::Opened;
                    self.r.core.event(Event::Connected);
                    self.p.flush_all();
                }
                (_, RtsFlags::OTHER_CMD, [Command::FlowControlAck(a)]) => {
                    if let Some(s) = &mut self.p.sender {
                        if a.channel_cookie == s.cookie() {
                            s.on_ack(a);
                        }
                    }
                    self.p.flush_all();
                }
                // IN_R1/B1: the server has everything from this channel.
                (Step::Open, RtsFlags::NONE, [Command::Empty]) if self.retiring => {
                    self.end_batch();
                    self.r.core.close();
                }
                _ => {
                    return Err(Error::Protocol {
                        state: self.r.core.state.name(),
                        reason: "unexpected RTS PDU from the server on the IN leg",
                    })
                }
            }
        }
        Ok(())
    }

    /// Bytes on the successor IN channel before the switch wait as they came.
    fn on_next(&mut self, data: &[u8]) -> Result<()> {
        let limit = self.r.cfg.limits.max_buffered;
        let Some(next) = &mut self.next else {
            return Ok(());
        };
        let actual = next.plugged.len() + data.len();
        if actual > limit {
            return Err(Error::LimitExceeded {
                what: "successor IN channel bytes held before IN_R2/A5",
                limit,
                actual,
            });
        }
        next.plugged.extend_from_slice(data);
        Ok(())
    }

    /// IN_R2/A5 was read: the successor becomes the client channel, with a receive window of
    /// its own, and what it held is read now.
    fn in_switch(&mut self, now: Instant) -> Result<()> {
        self.switching = false;
        let Some(next) = self.next.take() else {
            return Ok(());
        };
        self.p.held.clear();
        self.p.through = 0;
        if let Some(rx) = &self.p.receiver {
            self.p.pred_held += rx.held() as usize;
        }
        self.p.receiver = Some(FlowReceiver::successor(
            self.r.cfg.receive_window,
            next.cookie,
        ));
        self.r.client = next.reader;
        self.end_batch();
        self.r.core.event(Event::Switched(Link::Client));
        self.relay_body(now, &next.early)?;
        if !next.plugged.is_empty() && !self.r.core.state.is_final() {
            self.on_client(now, &next.plugged)?;
        }
        Ok(())
    }

    /// Hands the bytes gathered for the server to the host as one transmit.
    fn end_batch(&mut self) {
        self.p.end_batch(&mut self.r.core, Link::Server);
    }

    /// Gives back the buffer of an [`Output::Transmit`] the host has written: the proxy
    /// writes its next transmit into it instead of allocating one. Optional; at most two
    /// buffers of up to 1 MiB are kept.
    pub fn reuse(&mut self, buf: Vec<u8>) {
        self.r.core.reuse(buf);
    }
}

/// How an outbound proxy's OUT channel began.
#[derive(Clone, Copy, Debug)]
enum OutOpen {
    /// CONN/A1: a new virtual connection.
    Conn(ConnA1),
    /// OUT_R1/A3: the successor of a recycled OUT channel.
    Successor(OutR1A3),
}

impl OutOpen {
    fn vc_cookie(&self) -> Cookie {
        match self {
            OutOpen::Conn(a1) => a1.virtual_connection_cookie,
            OutOpen::Successor(a3) => a3.virtual_connection_cookie,
        }
    }
}

/// A successor OUT channel this proxy took itself (OUT_R2): plugged until the server's
/// OUT_R2/B1.
#[derive(Debug)]
struct OutNext {
    reader: ChannelReader,
    cookie: Cookie,
    /// The client's receive window on the successor.
    window: u32,
    /// OUT_R2/B3 waits behind the PDUs still held for the predecessor.
    closing: bool,
}

/// The outbound proxy: client OUT channel and OUT leg to the server.
///
/// A proxy opened by OUT_R1/A3 is the successor of a recycled channel: it joins the virtual
/// connection with OUT_R1/A4 and answers the client at once. A proxy told OUT_R1/A9 by the
/// server is the predecessor: it sends OUT_R1/A10 behind the PDUs it still holds for the
/// client and ends.
///
/// Same-proxy recycling (OUT_R2, MS-RPCH 3.2.4.5.6.1): when the successor channel reaches the
/// proxy that runs the predecessor, the host gives the successor's new proxy to the running
/// one with [`adopt`](Self::adopt). The running proxy sends OUT_R2/A4 on its own leg and
/// keeps the successor ([`Link::OutNext`]) plugged; on the server's OUT_R2/B1 it sends
/// OUT_R2/B3 behind the PDUs still held for the predecessor, reports
/// [`Event::Switched`]`(`[`Link::Client`]`)`, and answers and feeds the successor.
#[derive(Debug)]
pub struct OutProxy {
    r: Relay,
    open: Option<OutOpen>,
    retiring: bool,
    /// Server to client: the proxy's window toward the server, the client's window, the batch.
    p: Path,
    ping_at: Option<Instant>,
    next: Option<OutNext>,
}

impl OutProxy {
    /// A proxy waiting for the client's request.
    pub fn new(cfg: ProxyConfig) -> Self {
        OutProxy {
            r: Relay::new(cfg),
            open: None,
            retiring: false,
            p: Path::outbound(),
            ping_at: None,
            next: None,
        }
    }

    /// The virtual connection cookie, once the channel request's first PDU was read.
    pub fn virtual_connection_cookie(&self) -> Option<Cookie> {
        self.open.map(|o| o.vc_cookie())
    }

    /// For a proxy opened by OUT_R1/A3 (or OUT_R2/A3, the same PDU) and not yet joined to the
    /// server: the virtual connection cookie and the predecessor channel cookie it names, for
    /// the host to choose between OUT_R1 and OUT_R2 (see [`adopt`](Self::adopt)).
    pub fn successor_of(&self) -> Option<(Cookie, Cookie)> {
        match (self.open, self.r.step) {
            (Some(OutOpen::Successor(a3)), Step::WaitServer) => {
                Some((a3.virtual_connection_cookie, a3.predecessor_channel_cookie))
            }
            _ => None,
        }
    }

    /// OUT_R2: takes the successor channel read by `successor` (a proxy that reported
    /// [`Event::ConnectServer`] after OUT_R1/A3 naming this proxy's connection and current
    /// channel). Returns false, changing nothing, when it does not fit: different cookies,
    /// this proxy not open, or a recycle already under way. On success `successor` is
    /// finished ([`State::Closed`], no more outputs) and the host routes its client connection
    /// to this proxy as [`Link::OutNext`].
    pub fn adopt(&mut self, _now: Instant, successor: &mut OutProxy) -> bool {
        let Some((vc, predecessor)) = successor.successor_of() else {
            return false;
        };
        let Some(OutOpen::Successor(a3)) = successor.open else {
            return false;
        };
        let current = self.p.sender.as_ref().map(FlowSender::cookie);
        if self.r.core.state != State::Opened
            || self.r.step != Step::Open
            || self.retiring
            || self.next.is_some()
            || self.virtual_connection_cookie() != Some(vc)
            || current != Some(predecessor)
        {
            return false;
        }
        let limits = self.r.cfg.limits;
        let reader = std::mem::replace(
            &mut successor.r.client,
            ChannelReader::new(Side::Request, limits),
        );
        successor.r.core.out.clear();
        successor.r.core.state = State::Closed;
        self.next = Some(OutNext {
            reader,
            cookie: a3.successor_channel_cookie,
            window: a3.outbound_proxy_receive_window_size,
            closing: false,
        });
        let a4 = OutR2A4 {
            successor_channel_cookie: a3.successor_channel_cookie,
        };
        self.r.send(Link::Server, &a4.to_pdu());
        true
    }

    /// The lifecycle state.
    pub fn state(&self) -> State {
        self.r.core.state
    }

    /// Bytes of server PDUs waiting for the client's window.
    pub fn queued_bytes(&self) -> usize {
        self.p.sender.as_ref().map_or(0, FlowSender::queued_bytes)
    }

    /// Bytes arrived on a link.
    pub fn handle_data(&mut self, now: Instant, link: Link, data: &[u8]) {
        if self.r.core.state.is_final() {
            return;
        }
        self.p.start_batch(&mut self.r.core);
        let res = match link {
            Link::Client => self.on_client(data),
            Link::Server => self.on_server(now, data),
            Link::OutNext if self.next.is_some() => self.on_next(data),
            _ => Err(Error::Protocol {
                state: "outbound proxy",
                reason: "data on a link the proxy does not have",
            }),
        };
        self.end_batch(now);
        if let Err(e) = res {
            self.r.core.fail(e);
        }
    }

    /// The connection to the server is up: sends CONN/A2 to it and CONN/A3 to the client
    /// (OUT_R1/A4 and the response head for a successor channel).
    pub fn handle_server_connected(&mut self, now: Instant) {
        let (Some(open), Step::WaitServer) = (self.open, self.r.step) else {
            return;
        };
        let a1 = match open {
            OutOpen::Conn(a1) => a1,
            OutOpen::Successor(a3) => {
                let a4 = OutR1A4 {
                    version: 1,
                    virtual_connection_cookie: a3.virtual_connection_cookie,
                    predecessor_channel_cookie: a3.predecessor_channel_cookie,
                    successor_channel_cookie: a3.successor_channel_cookie,
                    channel_lifetime: self.r.cfg.channel_lifetime,
                    outbound_proxy_receive_window_size: self.r.cfg.receive_window,
                    outbound_proxy_connection_timeout: self.r.cfg.connection_timeout,
                };
                self.r.send(Link::Server, &a4.to_pdu());
                let head = out_channel_response_head(u64::from(self.r.cfg.channel_lifetime));
                self.r.core.transmit(Link::Client, head);
                self.p.sender = Some(FlowSender::new(
                    a3.outbound_proxy_receive_window_size,
                    a3.successor_channel_cookie,
                ));
                self.r.step = Step::Open;
                self.r.core.state = State::Opened;
                self.ping_at = half(self.r.cfg.keepalive).map(|d| now + d);
                self.r.core.event(Event::Connected);
                return;
            }
        };
        let a2 = ConnA2 {
            version: 1,
            virtual_connection_cookie: a1.virtual_connection_cookie,
            out_channel_cookie: a1.out_channel_cookie,
            channel_lifetime: self.r.cfg.channel_lifetime,
            receive_window_size: self.r.cfg.receive_window,
        };
        self.r.send(Link::Server, &a2.to_pdu());
        let mut b = out_channel_response_head(u64::from(self.r.cfg.channel_lifetime));
        encode_into(
            &ConnA3 {
                connection_timeout: self.r.cfg.connection_timeout,
            }
            .to_pdu(),
            &mut b,
        );
        self.r.core.transmit(Link::Client, b);
        self.r.step = Step::WaitReply;
    }

    /// A link was closed by its peer.
    pub fn handle_closed(&mut self, _now: Instant, link: Link) {
        let reason = if link == Link::OutNext {
            "the successor OUT channel closed before OUT_R2/B1"
        } else {
            "a connection closed under the virtual connection"
        };
        self.r.core.protocol(reason);
    }

    /// Keep-alive pings to the client.
    pub fn handle_timeout(&mut self, now: Instant) {
        if self.ping_at.is_some_and(|t| now >= t) && !self.r.core.state.is_final() {
            self.r.send(Link::Client, &Ping {}.to_pdu());
            self.ping_at = half(self.r.cfg.keepalive).map(|d| now + d);
        }
    }

    /// Ends at once.
    pub fn abort(&mut self, _now: Instant) {
        self.r.core.protocol("aborted by the host");
    }

    /// The next output.
    pub fn poll_output(&mut self) -> Output {
        let d = earliest(&[self.ping_at]);
        self.r.core.poll(d)
    }

    /// Gives back the buffer of an [`Output::Transmit`] the host has written: the proxy
    /// writes its next transmit into it instead of allocating one. Optional; at most two
    /// buffers of up to 1 MiB are kept.
    pub fn reuse(&mut self, buf: Vec<u8>) {
        self.r.core.reuse(buf);
    }

    fn on_client(&mut self, data: &[u8]) -> Result<()> {
        self.r.client.push(data)?;
        if let Some(h) = self.r.client.take_head() {
            if !self.r.on_head(&h, &Method::RpcOutData) {
                return Ok(());
            }
        }
        while let Some(pdu) = self.r.client.next_pdu()? {
            let Some(rts) = rts_of(pdu, &self.r.cfg.limits)? else {
                return Err(Error::Protocol {
                    state: self.r.core.state.name(),
                    reason: "RPC PDU on the OUT channel request",
                });
            };
            let successor = matches!(self.open, Some(OutOpen::Successor(_)));
            if self.r.step == Step::WaitOpen {
                let (open, cookie) = if let Some(a1) = ConnA1::from_pdu(&rts) {
                    (OutOpen::Conn(a1), a1.out_channel_cookie)
                } else if let Some(a3) = OutR1A3::from_pdu(&rts) {
                    (OutOpen::Successor(a3), a3.successor_channel_cookie)
                } else {
                    return Err(Error::Protocol {
                        state: "opening",
                        reason: "the OUT channel request starts with neither CONN/A1 nor OUT_R1/A3",
                    });
                };
                self.open = Some(open);
                self.p.receiver = Some(FlowReceiver::new(self.r.cfg.receive_window, cookie));
                self.r.connect();
            } else if (successor && OutR1A11::from_pdu(&rts).is_some())
                || OutR2C1::from_pdu(&rts).is_some()
            {
                // The client reads this channel now; nothing to do.
            } else {
                return Err(Error::Protocol {
                    state: self.r.core.state.name(),
                    reason: "unexpected RTS PDU on the OUT channel request",
                });
            }
        }
        Ok(())
    }

    fn on_server(&mut self, now: Instant, data: &[u8]) -> Result<()> {
        match self.r.server.push_body(data)? {
            Some(mut rest) => loop {
                let open = self.r.step == Step::Open;
                let Some(pdu) = self.p.relay(&mut rest, open)? else {
                    return Ok(());
                };
                self.on_server_pdu(now, &pdu)?;
                if self.r.core.state.is_final() {
                    return Ok(());
                }
                self.p.give_back(pdu);
            },
            // Not on a port-593 leg, which has no chunked bodies; read PDU by PDU all the same.
            None => {
                while let Some(pdu) = self.r.server.next_pdu()? {
                    let pdu = pdu.to_vec();
                    self.on_server_pdu(now, &pdu)?;
                    if self.r.core.state.is_final() {
                        break;
                    }
                }
                Ok(())
            }
        }
    }

    /// A server PDU gathered whole: an RTS PDU, or data that waits for the client's window.
    fn on_server_pdu(&mut self, now: Instant, pdu: &[u8]) -> Result<()> {
        let Some(rts) = rts_of(pdu, &self.r.cfg.limits)? else {
            if self.p.receiver.is_none() {
                return Err(Error::Protocol {
                    state: "opening",
                    reason: "RPC PDU before CONN/A1",
                });
            }
            if self.r.step != Step::Open {
                return Err(Error::Protocol {
                    state: "opening",
                    reason: "RPC PDU from the server before CONN/C1",
                });
            }
            self.p.data(pdu)?;
            self.flush();
            return Ok(());
        };
        match (self.r.step, rts.flags.0, rts.commands.as_slice()) {
            (
                Step::WaitReply,
                RtsFlags::NONE,
                [Command::Version(v), Command::ReceiveWindowSize(w), Command::ConnectionTimeout(t)],
            ) => {
                let c2 = ConnC2 {
                    version: *v,
                    receive_window_size: *w,
                    connection_timeout: *t,
                };
                self.p.send_rts(&c2.to_pdu());
                let Some(OutOpen::Conn(a1)) = self.open else {
                    return Err(Error::Protocol {
                        state: "opening",
                        reason: "CONN/C1 before CONN/A1",
                    });
                };
                self.p.sender = Some(FlowSender::new(
                    a1.receive_window_size,
                    a1.out_channel_cookie,
                ));
                self.r.step = Step::Open;
                self.r.core.state = State::Opened;
                self.ping_at = half(self.r.cfg.keepalive).map(|d| now + d);
                self.r.core.event(Event::Connected);
            }
            // OUT_R2/B1 (the same form as OUT_R1/A9, told apart by a successor being
            // plugged here): OUT_R2/B3 follows the PDUs still held for the predecessor.
            (Step::Open, RtsFlags::NONE, [Command::Ance])
                if self.next.as_ref().is_some_and(|n| !n.closing) =>
            {
                if let Some(n) = &mut self.next {
                    n.closing = true;
                }
                let mut b3 = Vec::new();
                encode_into(&OutR2B3 { ance: () }.to_pdu(), &mut b3);
                if let Some(s) = &mut self.p.sender {
                    s.push_control(b3);
                }
                self.flush();
            }
            // OUT_R1/A9: the server moved to the successor; OUT_R1/A10 follows the PDUs
            // still held for the client, then this channel ends.
            (Step::Open, RtsFlags::NONE, [Command::Ance])
                if !self.retiring && self.next.is_none() =>
            {
                self.retiring = true;
                if let Some(s) = &mut self.p.sender {
                    s.push_control(pdu.to_vec());
                }
                self.flush();
            }
            _ => match is_forwarded_ack(&rts) {
                Some((Destination::OUT_PROXY, a)) => {
                    if let Some(s) = &mut self.p.sender {
                        if a.channel_cookie == s.cookie() {
                            s.on_ack(&a);
                        }
                    }
                    self.flush();
                }
                // Everything the server addresses to the client: acknowledgments and the
                // recycling PDUs (IN_R1/A3, IN_R2/A3, OUT_R1/A1, OUT_R1/A5, OUT_R2/A5...)
                // go on unchanged, each the same bytes as its forwarded form.
                _ if matches!(rts.commands.first(), Some(Command::Destination(d)) if *d == Destination::CLIENT) => {
                    self.p.batch.extend_from_slice(pdu)
                }
                _ => {
                    return Err(Error::Protocol {
                        state: self.r.core.state.name(),
                        reason: "unexpected RTS PDU from the server on the OUT leg",
                    })
                }
            },
        }
        Ok(())
    }

    /// Bytes arrived on a link, handed over by the host: like
    /// [`handle_data`](Self::handle_data), but when they are data PDUs relayed unchanged
    /// (the common case once the channel is open) the same buffer goes out as the
    /// [`Output::Transmit`] to the client, without a copy.
    pub fn handle_data_owned(&mut self, now: Instant, link: Link, data: Vec<u8>) {
        let direct = link == Link::Server
            && self.r.core.state == State::Opened
            && self.r.step == Step::Open
            && !self.retiring
            && self.next.is_none()
            && !data.is_empty()
            && self.r.server.takes_body(data.len());
        if !direct {
            return self.handle_data(now, link, &data);
        }
        // Whatever was written for the client before goes first.
        self.end_batch(now);
        if !self.p.pass_through(&data) {
            return self.handle_data(now, link, &data);
        }
        // Counts the body down; `takes_body` said all of it is body.
        if let Err(e) = self.r.server.push_body(&data) {
            self.r.core.fail(e);
            return;
        }
        self.r.core.transmit(Link::Client, data);
        self.ping_at = half(self.r.cfg.keepalive).map(|d| now + d);
        self.end_batch(now);
    }

    /// Writes what the client's window allows; acts on the recycling PDUs among it.
    fn flush(&mut self) {
        while self.p.flush() {
            // Only recycling PDUs are queued as RTS: OUT_R2/B3 ends the predecessor.
            if self.next.as_ref().is_some_and(|n| n.closing) {
                self.p.end_batch(&mut self.r.core, Link::Client);
                self.out_switch();
            }
        }
        if self.retiring && self.p.sender.as_ref().is_none_or(FlowSender::is_empty) {
            self.p.end_batch(&mut self.r.core, Link::Client);
            self.r.core.close();
        }
    }

    /// Hands what was written for the client to the host as one transmit (an idle client is
    /// pinged only after the keep-alive interval since), and the last acknowledgment due to
    /// the server.
    fn end_batch(&mut self, now: Instant) {
        if self.p.end_batch(&mut self.r.core, Link::Client) {
            self.ping_at = half(self.r.cfg.keepalive).map(|d| now + d);
        }
        if let Some(ack) = self.p.ack_due.take() {
            self.r.send(Link::Server, &FlowControlAck { ack }.to_pdu());
        }
    }
}

impl OutProxy {
    /// Bytes on the successor OUT channel request: only OUT_R2/C1 may come.
    fn on_next(&mut self, data: &[u8]) -> Result<()> {
        let limits = self.r.cfg.limits;
        let Some(next) = &mut self.next else {
            return Ok(());
        };
        next.reader.push(data)?;
        while let Some(pdu) = next.reader.next_pdu()? {
            let ok = rts_of(pdu, &limits)?.is_some_and(|r| OutR2C1::from_pdu(&r).is_some());
            if !ok {
                return Err(Error::Protocol {
                    state: "opened",
                    reason: "unexpected PDU on a successor OUT channel request",
                });
            }
        }
        Ok(())
    }

    /// OUT_R2/B3 went out on the predecessor: the successor is answered and takes what is
    /// still queued, with the client's window for it.
    fn out_switch(&mut self) {
        let Some(next) = self.next.take() else {
            return;
        };
        self.r.core.event(Event::Switched(Link::Client));
        let head = out_channel_response_head(u64::from(self.r.cfg.channel_lifetime));
        self.r.core.transmit(Link::Client, head);
        self.r.client = next.reader;
        if let Some(s) = &mut self.p.sender {
            self.p.sender = Some(s.successor(next.window, next.cookie));
        }
    }
}

/// Reads the cookie that identifies a port-593 leg from its first PDU: the virtual connection
/// cookie and whether it is an IN leg (CONN/B2), an OUT leg (CONN/A2), or the successor of one
/// being recycled (IN_R1/A2: [`Link::InNext`], OUT_R1/A4: [`Link::OutNext`]). Servers route new
/// connections with it.
pub fn leg_of(first_pdu: &[u8]) -> Option<(Cookie, Link)> {
    let (rts, _) = RtsPdu::decode(first_pdu).ok()?;
    if let Some(b2) = ConnB2::from_pdu(&rts) {
        return Some((b2.virtual_connection_cookie, Link::In));
    }
    if let Some(a2) = InR1A2::from_pdu(&rts) {
        return Some((a2.virtual_connection_cookie, Link::InNext));
    }
    if let Some(a4) = OutR1A4::from_pdu(&rts) {
        return Some((a4.virtual_connection_cookie, Link::OutNext));
    }
    ConnA2::from_pdu(&rts).map(|a2| (a2.virtual_connection_cookie, Link::Out))
}

/// The `frag_length` of a PDU whose header was already checked, in its data representation.
fn frag_length_of(pdu: &[u8]) -> usize {
    let b = [pdu[8], pdu[9]];
    usize::from(if pdu[4] & 0x10 != 0 {
        u16::from_le_bytes(b)
    } else {
        u16::from_be_bytes(b)
    })
}

/// The `frag_length` of the PDU whose header starts `buf` (at least a header long), after the
/// checks the DCE/RPC framer makes: a valid common header, no longer than the framer allows.
fn header_len(buf: &[u8]) -> Result<usize> {
    let len = match peek_frag_length(buf)? {
        Status::Partial(n) | Status::Complete(n) => n,
    };
    let max = oxwire_msrpc::Limits::default().max_frag_length as usize;
    if len > max {
        return Err(oxwire_msrpc::Error::LimitExceeded {
            what: "frag_length",
            limit: max,
            actual: len,
        }
        .into());
    }
    Ok(len)
}

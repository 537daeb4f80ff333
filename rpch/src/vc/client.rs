//! The client role (MS-RPCH 3.2.2): opens the IN and OUT channels, sends inner PDUs on the IN
//! channel and receives them on the OUT channel.

use std::time::{Duration, Instant};

use super::{earliest, half, Core, Event, FlowReceiver, FlowSender, Link, Output, State};
use crate::command::{Command, Cookie, Destination};
use crate::error::{Error, Result};
use crate::http::{request_head, ChannelReader, Method, Side};
use crate::limits::Limits;
use crate::named::{
    ConnA1, ConnB1, FlowControlAckWithDestination, InR1A1, InR1A5, OutR1A11, OutR1A3, OutR1A7,
    OutR2A7, OutR2C1, Ping,
};
use crate::rts::{RtsFlags, RtsPdu};

/// What the client needs to open a virtual connection.
#[derive(Clone, Debug)]
pub struct ClientConfig {
    /// `/rpc/rpcproxy.dll?server:port`.
    pub target: String,
    /// The proxy's host name for the `Host` header.
    pub host: String,
    /// Extra headers for both requests (authentication, passed through as given).
    pub headers: Vec<(String, Vec<u8>)>,
    /// Virtual connection cookie.
    pub vc_cookie: Cookie,
    /// IN channel cookie.
    pub in_cookie: Cookie,
    /// OUT channel cookie.
    pub out_cookie: Cookie,
    /// Association group id.
    pub association_group: Cookie,
    /// The client's receive window for the OUT channel.
    pub receive_window: u32,
    /// IN channel lifetime: the IN request's `Content-Length`.
    pub in_channel_lifetime: u32,
    /// OUT request `Content-Length` (76: the size of CONN/A1).
    pub out_content_length: u32,
    /// Keep-alive interval in ms announced in CONN/B1 (0: none).
    pub keepalive: u32,
    /// How long establishment may take.
    pub connect_timeout: Duration,
    /// Decoding limits.
    pub limits: Limits,
}

impl ClientConfig {
    /// Defaults as Windows clients and impacket use them, with the given cookies.
    pub fn new(target: &str, host: &str, cookies: [Cookie; 4]) -> Self {
        ClientConfig {
            target: target.to_owned(),
            host: host.to_owned(),
            headers: Vec::new(),
            vc_cookie: cookies[0],
            in_cookie: cookies[1],
            out_cookie: cookies[2],
            association_group: cookies[3],
            receive_window: 0x40000,
            in_channel_lifetime: 0x4000_0000,
            out_content_length: 76,
            keepalive: 300_000,
            connect_timeout: Duration::from_secs(30),
            limits: Limits::default(),
        }
    }
}

/// Client states while opening (MS-RPCH 3.2.2.3: Wait_A3W, Wait_C2, Opened).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Step {
    Start,
    WaitA3,
    WaitC2,
    Open,
}

/// `Content-Length` of a successor OUT channel request: OUT_R1/A3 (96 bytes) and then
/// OUT_R1/A11 or OUT_R2/C1 (24 bytes each).
const SUCCESSOR_OUT_CONTENT_LENGTH: u32 = 120;

/// Where IN channel recycling stands.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum InRecycle {
    Idle,
    /// RecycleNeeded was reported; waiting for the host's cookie.
    Asked,
    /// IN_R1/A1 sent on the successor; waiting for IN_R1/A4 or IN_R2/A4.
    WaitA4(Cookie),
    /// Switched; until the first acknowledgment on the new channel the server may still be
    /// reading the predecessor, so another recycle (with this cookie, if the host asked)
    /// waits.
    Settling(Option<Cookie>),
}

/// Where OUT channel recycling stands.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum OutRecycle {
    Idle,
    /// OUT_R1/A2 received; waiting for the host's cookie.
    Asked,
    /// OUT_R1/A3 sent on the successor; waiting for OUT_R1/A6 or OUT_R2/A6.
    WaitA6(Cookie),
    /// OUT_R1/A7 (or OUT_R2/A7) sent; waiting for the last PDU on the predecessor (OUT_R1/A10
    /// or OUT_R2/B3). `true` for the R1 sequence.
    WaitLast(Cookie, bool),
}

/// The client end of a virtual connection.
#[derive(Debug)]
pub struct Client {
    cfg: ClientConfig,
    core: Core,
    step: Step,
    out_reader: ChannelReader,
    in_reader: ChannelReader,
    sender: Option<FlowSender>,
    receiver: FlowReceiver,
    pending: Vec<Vec<u8>>,
    in_remaining: u64,
    in_cookie: Cookie,
    out_cookie: Cookie,
    in_recycle: InRecycle,
    out_recycle: OutRecycle,
    out_next: Option<ChannelReader>,
    deadline: Option<Instant>,
    ping_at: Option<Instant>,
}

impl Client {
    /// A client that has not sent anything yet; call [`start`](Self::start).
    pub fn new(cfg: ClientConfig) -> Self {
        Client {
            out_reader: ChannelReader::new(Side::Response, cfg.limits),
            in_reader: ChannelReader::new(Side::Response, cfg.limits),
            receiver: FlowReceiver::new(cfg.receive_window, cfg.out_cookie),
            in_remaining: u64::from(cfg.in_channel_lifetime),
            in_cookie: cfg.in_cookie,
            out_cookie: cfg.out_cookie,
            in_recycle: InRecycle::Idle,
            out_recycle: OutRecycle::Idle,
            out_next: None,
            cfg,
            core: Core::new(),
            step: Step::Start,
            sender: None,
            pending: Vec::new(),
            deadline: None,
            ping_at: None,
        }
    }

    /// The lifecycle state.
    pub fn state(&self) -> State {
        self.core.state
    }

    /// Bytes of inner PDUs waiting for window or for the connection to open.
    pub fn queued_bytes(&self) -> usize {
        self.pending.iter().map(Vec::len).sum::<usize>()
            + self.sender.as_ref().map_or(0, FlowSender::queued_bytes)
    }

    /// Sends both channel requests with CONN/B1 and CONN/A1.
    pub fn start(&mut self, now: Instant) {
        if self.step != Step::Start {
            return;
        }
        let extra = Self::extra_headers(&self.cfg);
        let mut inb = request_head(
            &Method::RpcInData,
            &self.cfg.target,
            &self.cfg.host,
            u64::from(self.cfg.in_channel_lifetime),
            &extra,
        );
        let b1 = ConnB1 {
            version: 1,
            virtual_connection_cookie: self.cfg.vc_cookie,
            in_channel_cookie: self.cfg.in_cookie,
            channel_lifetime: self.cfg.in_channel_lifetime,
            client_keepalive: self.cfg.keepalive,
            association_group_id: self.cfg.association_group,
        }
        .to_pdu();
        self.in_remaining = self.in_remaining.saturating_sub(b1.encoded_len() as u64);
        encode_into(&b1, &mut inb);
        let mut outb = request_head(
            &Method::RpcOutData,
            &self.cfg.target,
            &self.cfg.host,
            u64::from(self.cfg.out_content_length),
            &extra,
        );
        let a1 = ConnA1 {
            version: 1,
            virtual_connection_cookie: self.cfg.vc_cookie,
            out_channel_cookie: self.cfg.out_cookie,
            receive_window_size: self.cfg.receive_window,
        }
        .to_pdu();
        encode_into(&a1, &mut outb);
        self.core.transmit(Link::In, inb);
        self.core.transmit(Link::Out, outb);
        self.step = Step::WaitA3;
        self.deadline = Some(now + self.cfg.connect_timeout);
    }

    fn extra_headers(cfg: &ClientConfig) -> Vec<(&str, &[u8])> {
        cfg.headers
            .iter()
            .map(|(n, v)| (n.as_str(), v.as_slice()))
            .collect()
    }

    /// Starts recycling the channel on `link` ([`Link::In`] or [`Link::Out`]) with `successor`
    /// as the new channel's cookie; the new channel's bytes go to [`Link::InNext`] or
    /// [`Link::OutNext`]. The host calls this after [`Event::RecycleNeeded`], or at any time
    /// for the IN channel. Ignored while a recycle of that channel is under way or before the
    /// connection opened; an OUT recycle only follows the server's request.
    pub fn recycle(&mut self, now: Instant, link: Link, successor: Cookie) {
        if self.core.state != State::Opened {
            return;
        }
        match (link, self.in_recycle, self.out_recycle) {
            (Link::In, InRecycle::Settling(_), _) => {
                self.in_recycle = InRecycle::Settling(Some(successor));
            }
            (Link::In, InRecycle::Idle | InRecycle::Asked, _) => {
                let mut b = request_head(
                    &Method::RpcInData,
                    &self.cfg.target,
                    &self.cfg.host,
                    u64::from(self.cfg.in_channel_lifetime),
                    &Self::extra_headers(&self.cfg),
                );
                let a1 = InR1A1 {
                    version: 1,
                    virtual_connection_cookie: self.cfg.vc_cookie,
                    predecessor_channel_cookie: self.in_cookie,
                    successor_channel_cookie: successor,
                }
                .to_pdu();
                encode_into(&a1, &mut b);
                self.core.transmit(Link::InNext, b);
                self.in_recycle = InRecycle::WaitA4(successor);
            }
            (Link::Out, _, OutRecycle::Asked) => {
                let mut b = request_head(
                    &Method::RpcOutData,
                    &self.cfg.target,
                    &self.cfg.host,
                    u64::from(SUCCESSOR_OUT_CONTENT_LENGTH),
                    &Self::extra_headers(&self.cfg),
                );
                let a3 = OutR1A3 {
                    version: 1,
                    virtual_connection_cookie: self.cfg.vc_cookie,
                    predecessor_channel_cookie: self.out_cookie,
                    successor_channel_cookie: successor,
                    outbound_proxy_receive_window_size: self.cfg.receive_window,
                }
                .to_pdu();
                encode_into(&a3, &mut b);
                self.core.transmit(Link::OutNext, b);
                self.out_next = Some(ChannelReader::new(Side::Response, self.cfg.limits));
                self.out_recycle = OutRecycle::WaitA6(successor);
            }
            _ => {}
        }
        self.flush(now);
    }

    /// Queues an inner DCE/RPC PDU for the server.
    pub fn send_pdu(&mut self, now: Instant, pdu: Vec<u8>) {
        if self.core.state.is_final() {
            return;
        }
        match &mut self.sender {
            Some(s) => {
                s.push(pdu);
                self.flush(now);
            }
            None => self.pending.push(pdu),
        }
    }

    /// Bytes arrived on a link.
    pub fn handle_data(&mut self, now: Instant, link: Link, data: &[u8]) {
        if self.core.state.is_final() {
            return;
        }
        let r = match link {
            Link::Out => self.on_out(now, data),
            Link::In => self.on_in(data),
            Link::InNext => self.on_in_next(data),
            Link::OutNext => self.on_out_next(data),
            _ => Err(Error::Protocol {
                state: "client",
                reason: "data on a link the client does not have",
            }),
        };
        if let Err(e) = r {
            self.core.fail(e);
        }
    }

    /// A link was closed by the peer.
    pub fn handle_closed(&mut self, _now: Instant, _link: Link) {
        self.core
            .protocol("a channel closed under the virtual connection");
    }

    /// Timers: establishment deadline and keep-alive pings.
    pub fn handle_timeout(&mut self, now: Instant) {
        if self.core.state.is_final() {
            return;
        }
        if self.deadline.is_some_and(|d| now >= d) {
            self.core
                .protocol("virtual connection not established in time");
            return;
        }
        if self.ping_at.is_some_and(|t| now >= t) {
            self.send_rts(now, &Ping {}.to_pdu());
        }
    }

    /// Ends the virtual connection at once.
    pub fn abort(&mut self, _now: Instant) {
        self.core.fail(Error::Protocol {
            state: self.core.state.name(),
            reason: "aborted by the host",
        });
    }

    /// Ends the virtual connection normally.
    pub fn close(&mut self, _now: Instant) {
        self.core.close();
    }

    /// The next output.
    pub fn poll_output(&mut self) -> Output {
        let d = earliest(&[self.deadline, self.ping_at]);
        self.core.poll(d)
    }

    fn on_in(&mut self, data: &[u8]) -> Result<()> {
        // The IN channel's response only comes when the proxy ends the channel or refuses it.
        self.in_reader.push(data)?;
        if let Some(h) = self.in_reader.take_head() {
            if h.status != Some(200) {
                return Err(Error::Http {
                    what: "IN channel response",
                    offset: 0,
                    reason: "the proxy refused the IN channel",
                });
            }
        }
        Ok(())
    }

    fn on_in_next(&mut self, data: &[u8]) -> Result<()> {
        if !matches!(self.in_recycle, InRecycle::WaitA4(_)) {
            return Err(Error::Protocol {
                state: self.core.state.name(),
                reason: "data on a successor IN channel that was not opened",
            });
        }
        // Like the IN channel: a response only comes when the proxy refuses or ends it.
        self.on_in(data)
    }

    fn on_out_next(&mut self, data: &[u8]) -> Result<()> {
        let Some(r) = &mut self.out_next else {
            return Err(Error::Protocol {
                state: self.core.state.name(),
                reason: "data on a successor OUT channel that was not opened",
            });
        };
        // PDUs wait in the successor's reader until the predecessor has delivered its last.
        r.push(data)?;
        if let Some(h) = r.take_head() {
            if h.status != Some(200) {
                return Err(Error::Http {
                    what: "successor OUT channel response",
                    offset: 0,
                    reason: "the proxy refused the successor OUT channel",
                });
            }
        }
        Ok(())
    }

    fn on_out(&mut self, now: Instant, data: &[u8]) -> Result<()> {
        self.out_reader.push(data)?;
        if let Some(h) = self.out_reader.take_head() {
            if h.status != Some(200) {
                return Err(Error::Http {
                    what: "OUT channel response",
                    offset: 0,
                    reason: "the proxy refused the OUT channel",
                });
            }
        }
        loop {
            let Some(pdu) = self.out_reader.next_pdu()? else {
                return Ok(());
            };
            if pdu.get(2) == Some(&20) {
                let (rts, _) = RtsPdu::decode_with(pdu, &self.cfg.limits)?;
                let rts = rts.into_owned();
                self.on_rts(now, &rts)?;
            } else {
                if self.step != Step::Open {
                    return Err(Error::Protocol {
                        state: "opening",
                        reason: "RPC PDU before CONN/C2",
                    });
                }
                let pdu = pdu.to_vec();
                if let Some(ack) = self.receiver.on_data(pdu.len())? {
                    let a = FlowControlAckWithDestination {
                        destination: Destination::OUT_PROXY,
                        ack,
                    };
                    self.send_rts(now, &a.to_pdu());
                }
                self.core.out.push_back(Output::Deliver(pdu));
            }
            if self.core.state.is_final() {
                return Ok(());
            }
        }
    }

    fn on_rts(&mut self, now: Instant, rts: &RtsPdu<'_>) -> Result<()> {
        let f = rts.flags.0;
        match (self.step, f, rts.commands.as_slice()) {
            (Step::WaitA3, RtsFlags::NONE, [Command::ConnectionTimeout(_)]) => {
                self.step = Step::WaitC2;
            }
            (
                Step::WaitC2,
                RtsFlags::NONE,
                [Command::Version(_), Command::ReceiveWindowSize(w), Command::ConnectionTimeout(_)],
            ) => {
                self.step = Step::Open;
                self.core.state = State::Opened;
                self.deadline = None;
                let mut s = FlowSender::new(*w, self.cfg.in_cookie);
                for p in self.pending.drain(..) {
                    s.push(p);
                }
                self.sender = Some(s);
                self.ping_at = half(self.cfg.keepalive).map(|d| now + d);
                self.core.event(Event::Connected);
                self.flush(now);
            }
            (_, RtsFlags::OTHER_CMD, [Command::Destination(_), Command::FlowControlAck(a)])
            | (_, RtsFlags::OTHER_CMD, [Command::FlowControlAck(a)]) => {
                // Acknowledgment from the inbound proxy for the IN channel; one for any other
                // channel is discarded (MS-RPCH 3.2.1.5.1.1).
                if let Some(s) = &mut self.sender {
                    if a.channel_cookie == s.cookie() {
                        s.on_ack(a);
                        if let InRecycle::Settling(next) = self.in_recycle {
                            self.in_recycle = InRecycle::Idle;
                            if let Some(c) = next {
                                self.recycle(now, Link::In, c);
                            }
                        }
                        self.flush(now);
                    }
                }
            }
            (_, RtsFlags::PING, []) => {}
            (_, RtsFlags::OTHER_CMD, [Command::PingTrafficSentNotify(_)]) => {}
            // IN_R1/A4 (a new inbound proxy, with its window) or IN_R2/A4 (the same one).
            (
                Step::Open,
                RtsFlags::NONE,
                [Command::Destination(_), Command::Version(_), Command::ReceiveWindowSize(w), Command::ConnectionTimeout(_)],
            ) => self.in_switch(now, Some(*w))?,
            (Step::Open, RtsFlags::NONE, [Command::Destination(_)]) => self.in_switch(now, None)?,
            // OUT_R1/A2 and OUT_R2/A2: the server wants a new OUT channel.
            (Step::Open, RtsFlags::RECYCLE_CHANNEL, [Command::Destination(_)]) => {
                if self.out_recycle != OutRecycle::Idle {
                    return Err(Error::Protocol {
                        state: "opened",
                        reason: "OUT channel recycling requested twice",
                    });
                }
                self.out_recycle = OutRecycle::Asked;
                self.core.event(Event::RecycleNeeded(Link::Out));
            }
            // OUT_R1/A6 (new outbound proxy) and OUT_R2/A6 (same one): the successor is ready.
            (
                Step::Open,
                RtsFlags::OUT_CHANNEL,
                [Command::Destination(_), Command::Version(_), Command::ConnectionTimeout(_)],
            ) => self.out_ready(now, true)?,
            (Step::Open, RtsFlags::NONE, [Command::Destination(_), Command::Ance]) => {
                self.out_ready(now, false)?
            }
            // OUT_R1/A10 and OUT_R2/B3: the last PDU on the predecessor OUT channel.
            (Step::Open, RtsFlags::NONE, [Command::Ance]) => self.out_switch(true)?,
            (Step::Open, RtsFlags::EOF, [Command::Ance]) => self.out_switch(false)?,
            _ => {
                return Err(Error::Protocol {
                    state: self.core.state.name(),
                    reason: "unexpected RTS PDU on the OUT channel",
                })
            }
        }
        Ok(())
    }

    /// IN_R1/A4 or IN_R2/A4 arrived: the last PDU on the predecessor is IN_R1/A5 (IN_R2/A5
    /// has the same form), then everything goes on the successor.
    fn in_switch(&mut self, now: Instant, window: Option<u32>) -> Result<()> {
        let InRecycle::WaitA4(succ) = self.in_recycle else {
            return Err(Error::Protocol {
                state: "opened",
                reason: "IN channel recycling PDU with no recycle under way",
            });
        };
        let a5 = InR1A5 {
            successor_channel_cookie: succ,
        }
        .to_pdu();
        let mut b = Vec::with_capacity(a5.encoded_len());
        encode_into(&a5, &mut b);
        // A5 fits: sending stopped early enough to keep room for it (see `hold`).
        self.in_remaining = self.in_remaining.saturating_sub(b.len() as u64);
        self.core.transmit(Link::In, b);
        self.core.event(Event::Switched(Link::In));
        self.in_cookie = succ;
        let a1_len = InR1A1 {
            version: 1,
            virtual_connection_cookie: self.cfg.vc_cookie,
            predecessor_channel_cookie: succ,
            successor_channel_cookie: succ,
        }
        .to_pdu()
        .encoded_len();
        self.in_remaining = u64::from(self.cfg.in_channel_lifetime).saturating_sub(a1_len as u64);
        self.in_recycle = InRecycle::Settling(None);
        if let Some(s) = &mut self.sender {
            let w = window.unwrap_or(s.window());
            self.sender = Some(s.successor(w, succ));
        }
        self.flush(now);
        Ok(())
    }

    /// OUT_R1/A6 or OUT_R2/A6 arrived: tell the server, through the IN channel, to switch.
    fn out_ready(&mut self, now: Instant, r1: bool) -> Result<()> {
        let OutRecycle::WaitA6(succ) = self.out_recycle else {
            return Err(Error::Protocol {
                state: "opened",
                reason: "OUT channel recycling PDU with no recycle under way",
            });
        };
        let pdu = if r1 {
            OutR1A7 {
                destination: Destination::SERVER,
                successor_channel_cookie: succ,
            }
            .to_pdu()
        } else {
            OutR2A7 {
                destination: Destination::SERVER,
                successor_channel_cookie: succ,
                version: 1,
            }
            .to_pdu()
        };
        self.send_rts(now, &pdu);
        self.out_recycle = OutRecycle::WaitLast(succ, r1);
        Ok(())
    }

    /// The predecessor OUT channel delivered its last PDU: read the successor from now on.
    fn out_switch(&mut self, r1: bool) -> Result<()> {
        let (OutRecycle::WaitLast(succ, want_r1), Some(next)) =
            (self.out_recycle, self.out_next.take())
        else {
            return Err(Error::Protocol {
                state: "opened",
                reason: "end of an OUT channel that is not being recycled",
            });
        };
        if want_r1 != r1 {
            return Err(Error::Protocol {
                state: "opened",
                reason: "OUT channel recycling PDUs of both sequences mixed",
            });
        }
        // OUT_R1/A11 or OUT_R2/C1 fills the successor request's declared length.
        let last = if r1 {
            OutR1A11 { ance: () }.to_pdu()
        } else {
            OutR2C1 {
                filler: crate::named::Filler::Empty,
            }
            .to_pdu()
        };
        let mut b = Vec::with_capacity(last.encoded_len());
        encode_into(&last, &mut b);
        self.core.transmit(Link::OutNext, b);
        self.core.event(Event::Switched(Link::Out));
        self.out_reader = next;
        self.out_cookie = succ;
        self.receiver = FlowReceiver::new(self.cfg.receive_window, succ);
        self.out_recycle = OutRecycle::Idle;
        Ok(())
    }

    /// Whether a PDU of `len` bytes must wait: the IN channel's lifetime keeps an eighth in
    /// reserve for the recycling PDUs and pings, and recycling is asked for at half.
    fn hold(&mut self, len: usize) -> bool {
        let life = u64::from(self.cfg.in_channel_lifetime);
        let used = life.saturating_sub(self.in_remaining);
        if used >= life / 2 && self.in_recycle == InRecycle::Idle {
            self.in_recycle = InRecycle::Asked;
            self.core.event(Event::RecycleNeeded(Link::In));
        }
        len as u64 + life / 8 > self.in_remaining
    }

    fn send_rts(&mut self, now: Instant, pdu: &RtsPdu<'_>) {
        let mut b = Vec::with_capacity(pdu.encoded_len());
        encode_into(pdu, &mut b);
        self.send_in(now, b);
    }

    /// Writes on the IN channel, counting down its lifetime.
    fn send_in(&mut self, now: Instant, b: Vec<u8>) {
        if b.len() as u64 > self.in_remaining {
            self.core.protocol("IN channel lifetime used up");
            return;
        }
        self.in_remaining -= b.len() as u64;
        if let Some(d) = half(self.cfg.keepalive) {
            if self.step == Step::Open {
                self.ping_at = Some(now + d);
            }
        }
        self.core.transmit(Link::In, b);
    }

    fn flush(&mut self, now: Instant) {
        loop {
            let Some(len) = self.sender.as_ref().and_then(FlowSender::front_len) else {
                return;
            };
            if self.hold(len) {
                return;
            }
            let Some(p) = self.sender.as_mut().and_then(FlowSender::pop) else {
                return;
            };
            self.send_in(now, p);
            if self.core.state.is_final() {
                return;
            }
        }
    }
}

/// Encodes a PDU built here; those always fit (a few dozen bytes).
pub(super) fn encode_into(pdu: &RtsPdu<'_>, out: &mut Vec<u8>) {
    if pdu.encode(out).is_err() {
        debug_assert!(false, "RTS PDUs built by the state machines are small");
    }
}

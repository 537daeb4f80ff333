//! The client role (MS-RPCH 3.2.2): opens the IN and OUT channels, sends inner PDUs on the IN
//! channel and receives them on the OUT channel.

use std::time::{Duration, Instant};

use super::{earliest, half, Core, Event, FlowReceiver, FlowSender, Link, Output, State};
use crate::command::{Command, Cookie, Destination};
use crate::error::{Error, Result};
use crate::http::{request_head, ChannelReader, Method, Side};
use crate::limits::Limits;
use crate::named::{ConnA1, ConnB1, FlowControlAckWithDestination, Ping};
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
        let extra: Vec<(&str, &[u8])> = self
            .cfg
            .headers
            .iter()
            .map(|(n, v)| (n.as_str(), v.as_slice()))
            .collect();
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
                        self.flush(now);
                    }
                }
            }
            (_, RtsFlags::PING, []) => {}
            (_, RtsFlags::OTHER_CMD, [Command::PingTrafficSentNotify(_)]) => {}
            (_, fl, _) if fl & RtsFlags::RECYCLE_CHANNEL != 0 => {
                return Err(Error::Protocol {
                    state: self.core.state.name(),
                    reason: "OUT channel recycling requested; not supported by this client",
                })
            }
            _ => {
                return Err(Error::Protocol {
                    state: self.core.state.name(),
                    reason: "unexpected RTS PDU on the OUT channel",
                })
            }
        }
        Ok(())
    }

    fn send_rts(&mut self, now: Instant, pdu: &RtsPdu<'_>) {
        let mut b = Vec::with_capacity(pdu.encoded_len());
        encode_into(pdu, &mut b);
        self.send_in(now, b);
    }

    /// Writes on the IN channel, counting down its lifetime.
    fn send_in(&mut self, now: Instant, b: Vec<u8>) {
        if b.len() as u64 > self.in_remaining {
            self.core
                .protocol("IN channel lifetime used up and recycling is not supported");
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
        while let Some(p) = self.sender.as_mut().and_then(FlowSender::pop) {
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

//! The server role (MS-RPCH 3.2.5): accepts the IN and OUT legs of one virtual connection on
//! port 593, delivers the inner PDUs of the IN leg and sends its own on the OUT leg.

use std::time::Instant;

use super::client::encode_into;
use super::{Core, Event, FlowReceiver, FlowSender, Link, Output, State};
use crate::command::{Command, Cookie, Destination};
use crate::error::{Error, Result};
use crate::http::{ChannelReader, NCACN_HTTP_GREETING};
use crate::limits::Limits;
use crate::named::{
    ConnA2, ConnB2, ConnB3, ConnC1, FlowControlAck, InR1A2, InR1A3, InR1B1, InR1B2, InR2A3,
    OutR1A1, OutR1A4, OutR1A5, OutR1A9, OutR2A5, OutR2B1,
};
use crate::rts::{RtsFlags, RtsPdu};

/// Settings of the server.
#[derive(Clone, Debug)]
pub struct ServerConfig {
    /// The server's receive window for the IN leg.
    pub receive_window: u32,
    /// Decoding limits.
    pub limits: Limits,
}

impl Default for ServerConfig {
    fn default() -> Self {
        ServerConfig {
            receive_window: 0x10000,
            limits: Limits::default(),
        }
    }
}

/// Where OUT channel recycling stands at the server.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum OutRecycle {
    Idle,
    /// OUT_R1/A1 sent; waiting for OUT_R1/A4 on a new leg (or OUT_R2/A4 on this one).
    WaitA4,
    /// OUT_R1/A5 (or OUT_R2/A5) sent; waiting for OUT_R1/A8 through the IN channel.
    WaitA8 {
        successor: Cookie,
        window: u32,
        lifetime: u32,
        r1: bool,
    },
    /// OUT_R1/A9 sent: PDUs go on the successor leg; the predecessor stays until its proxy
    /// closes it, for the acknowledgments of what it still holds.
    Retiring {
        predecessor: Cookie,
    },
}

/// The server end of one virtual connection.
///
/// Recycling: IN_R1/A2 arrives on a new leg ([`Link::InNext`]); the server answers IN_R1/A3
/// for the client, and when the predecessor leg ends with IN_R1/A6 it sends IN_R1/B1 there and
/// IN_R1/B2 on the successor, then reads the successor. (IN_R2/A2 on the same leg is answered
/// with IN_R2/A3.) For the OUT channel the server asks with OUT_R1/A1 once half the channel
/// lifetime is used; OUT_R1/A4 arrives on a new leg ([`Link::OutNext`]), OUT_R1/A5 goes to the
/// predecessor, and on OUT_R1/A8 the server ends the predecessor with OUT_R1/A9 and sends on
/// the successor.
#[derive(Debug)]
pub struct Server {
    cfg: ServerConfig,
    core: Core,
    in_reader: ChannelReader,
    out_reader: ChannelReader,
    b2: Option<ConnB2>,
    a2: Option<ConnA2>,
    receiver: Option<FlowReceiver>,
    sender: Option<FlowSender>,
    pending: Vec<Vec<u8>>,
    in_next: Option<(ChannelReader, Option<InR1A2>)>,
    out_next: Option<ChannelReader>,
    in_cookie: Cookie,
    out_cookie: Cookie,
    out_lifetime: u64,
    out_sent: u64,
    out_recycle: OutRecycle,
}

impl Server {
    /// A server end waiting for its legs.
    pub fn new(cfg: ServerConfig) -> Self {
        Server {
            in_reader: ChannelReader::legacy(cfg.limits),
            out_reader: ChannelReader::legacy(cfg.limits),
            cfg,
            core: Core::new(),
            b2: None,
            a2: None,
            receiver: None,
            sender: None,
            pending: Vec::new(),
            in_next: None,
            out_next: None,
            in_cookie: Cookie::default(),
            out_cookie: Cookie::default(),
            out_lifetime: u64::MAX,
            out_sent: 0,
            out_recycle: OutRecycle::Idle,
        }
    }

    /// The lifecycle state.
    pub fn state(&self) -> State {
        self.core.state
    }

    /// A leg was accepted: greets it with `ncacn_http/1.0`.
    pub fn handle_accept(&mut self, _now: Instant, link: Link) {
        match link {
            Link::InNext => {
                self.in_next = Some((ChannelReader::legacy(self.cfg.limits), None));
            }
            Link::OutNext => self.out_next = Some(ChannelReader::legacy(self.cfg.limits)),
            _ => {}
        }
        self.core.transmit(link, NCACN_HTTP_GREETING.to_vec());
    }

    /// Queues an inner PDU for the client.
    pub fn send_pdu(&mut self, _now: Instant, pdu: Vec<u8>) {
        match &mut self.sender {
            Some(s) if self.core.state == State::Opened => {
                s.push(pdu);
                self.flush();
            }
            _ => self.pending.push(pdu),
        }
    }

    /// Asks for the OUT channel to be recycled now (OUT_R1/A1), rather than at half its
    /// lifetime. Ignored unless open and not already recycling.
    pub fn recycle_out(&mut self, _now: Instant) {
        self.start_out_recycle();
    }

    fn start_out_recycle(&mut self) {
        if self.core.state != State::Opened || self.out_recycle != OutRecycle::Idle {
            return;
        }
        self.out_recycle = OutRecycle::WaitA4;
        let a1 = OutR1A1 {
            destination: Destination::CLIENT,
        };
        self.send_out_rts(&a1.to_pdu());
    }

    /// Bytes arrived on a leg.
    pub fn handle_data(&mut self, _now: Instant, link: Link, data: &[u8]) {
        if self.core.state.is_final() {
            return;
        }
        let r = match link {
            Link::In => self.on_in(data),
            Link::Out => self.on_out(data, false),
            Link::InNext => self.on_in_next(data),
            Link::OutNext => self.on_out(data, true),
            _ => Err(Error::Protocol {
                state: "server",
                reason: "data on a link the server does not have",
            }),
        };
        if let Err(e) = r {
            self.core.fail(e);
        }
    }

    /// A leg was closed.
    pub fn handle_closed(&mut self, _now: Instant, link: Link) {
        if let (Link::Out, OutRecycle::Retiring { .. }) = (link, self.out_recycle) {
            // The predecessor proxy delivered OUT_R1/A10 and left: the successor takes over.
            if let Some(next) = self.out_next.take() {
                self.out_reader = next;
            }
            self.out_recycle = OutRecycle::Idle;
            self.core.event(Event::Switched(Link::Out));
            return;
        }
        if self.core.state == State::Opened {
            self.core.close();
        } else {
            self.core
                .protocol("a leg closed before the connection opened");
        }
    }

    /// No timers in this role.
    pub fn handle_timeout(&mut self, _now: Instant) {}

    /// Ends at once.
    pub fn abort(&mut self, _now: Instant) {
        self.core.protocol("aborted by the host");
    }

    /// The next output.
    pub fn poll_output(&mut self) -> Output {
        self.core.poll(None)
    }

    fn send(&mut self, link: Link, pdu: &RtsPdu<'_>) {
        let mut b = Vec::with_capacity(pdu.encoded_len());
        encode_into(pdu, &mut b);
        self.core.transmit(link, b);
    }

    /// Writes towards the client: on the OUT leg, or its successor once OUT_R1/A9 was sent;
    /// counts the predecessor's lifetime and asks for recycling at half of it.
    fn send_out(&mut self, b: Vec<u8>) {
        if let OutRecycle::Retiring { .. } = self.out_recycle {
            self.core.transmit(Link::OutNext, b);
            return;
        }
        self.out_sent += b.len() as u64;
        self.core.transmit(Link::Out, b);
        if self.out_sent >= self.out_lifetime / 2 && self.out_recycle == OutRecycle::Idle {
            self.start_out_recycle();
        }
    }

    fn send_out_rts(&mut self, pdu: &RtsPdu<'_>) {
        let mut b = Vec::with_capacity(pdu.encoded_len());
        encode_into(pdu, &mut b);
        self.send_out(b);
    }

    fn on_in_next(&mut self, data: &[u8]) -> Result<()> {
        let Some((reader, _)) = &mut self.in_next else {
            return Err(Error::Protocol {
                state: self.core.state.name(),
                reason: "data on a successor IN leg that was not accepted",
            });
        };
        reader.push(data)?;
        let mut pdus = Vec::new();
        while let Some(pdu) = reader.next_pdu()? {
            pdus.push(pdu.to_vec());
        }
        for pdu in pdus {
            let (rts, _) = RtsPdu::decode_with(&pdu, &self.cfg.limits)?;
            let Some((_, a2)) = &mut self.in_next else {
                // Switched meanwhile: the rest belongs to the IN leg proper.
                return Err(Error::Protocol {
                    state: self.core.state.name(),
                    reason: "data on a successor IN leg after it took over",
                });
            };
            if a2.is_none() {
                let a = InR1A2::from_pdu(&rts).ok_or(Error::Protocol {
                    state: self.core.state.name(),
                    reason: "first PDU on a successor IN leg is not IN_R1/A2",
                })?;
                let vc = self.b2.map(|b| b.virtual_connection_cookie);
                if vc != Some(a.virtual_connection_cookie)
                    || a.predecessor_channel_cookie != self.in_cookie
                {
                    return Err(Error::Protocol {
                        state: self.core.state.name(),
                        reason: "IN_R1/A2 cookies match no IN channel of this connection",
                    });
                }
                *a2 = Some(a);
                let a3 = InR1A3 {
                    destination: Destination::CLIENT,
                    version: 1,
                    inbound_proxy_receive_window_size: a.inbound_proxy_receive_window_size,
                    inbound_proxy_connection_timeout: a.inbound_proxy_connection_timeout,
                };
                self.send_out_rts(&a3.to_pdu());
                continue;
            }
            // Acknowledgments from the successor's client side may come before the switch.
            if pdu.get(2) != Some(&20) {
                return Err(Error::Protocol {
                    state: self.core.state.name(),
                    reason: "RPC PDU on a successor IN leg before IN_R1/B2",
                });
            }
            self.on_in_rts(&pdu)?;
        }
        Ok(())
    }

    fn on_in(&mut self, data: &[u8]) -> Result<()> {
        self.in_reader.push(data)?;
        while let Some(pdu) = self.in_reader.next_pdu()? {
            let pdu = pdu.to_vec();
            if pdu.get(2) != Some(&20) {
                let Some(rx) = &mut self.receiver else {
                    return Err(Error::Protocol {
                        state: "opening",
                        reason: "RPC PDU before CONN/B2",
                    });
                };
                if let Some(ack) = rx.on_data(pdu.len())? {
                    self.send(Link::In, &FlowControlAck { ack }.to_pdu());
                }
                self.core.out.push_back(Output::Deliver(pdu));
                continue;
            }
            if self.b2.is_none() {
                let (rts, _) = RtsPdu::decode_with(&pdu, &self.cfg.limits)?;
                let b2 = ConnB2::from_pdu(&rts).ok_or(Error::Protocol {
                    state: "opening",
                    reason: "first PDU on the IN leg is not CONN/B2",
                })?;
                if self
                    .a2
                    .is_some_and(|a2| a2.virtual_connection_cookie != b2.virtual_connection_cookie)
                {
                    return Err(Error::Protocol {
                        state: "opening",
                        reason: "IN leg cookie matches no virtual connection",
                    });
                }
                self.b2 = Some(b2);
                self.in_cookie = b2.in_channel_cookie;
                self.receiver = Some(FlowReceiver::new(
                    self.cfg.receive_window,
                    b2.in_channel_cookie,
                ));
                let b3 = ConnB3 {
                    receive_window_size: self.cfg.receive_window,
                    version: 1,
                };
                self.send(Link::In, &b3.to_pdu());
                self.maybe_open();
                continue;
            }
            self.on_in_rts(&pdu)?;
            if self.core.state.is_final() {
                break;
            }
        }
        Ok(())
    }

    /// RTS PDUs on an IN leg once the connection is known.
    fn on_in_rts(&mut self, pdu: &[u8]) -> Result<()> {
        let (rts, _) = RtsPdu::decode_with(pdu, &self.cfg.limits)?;
        match (rts.flags.0, rts.commands.as_slice()) {
            (RtsFlags::OTHER_CMD, [Command::Destination(d), Command::FlowControlAck(a)])
                if *d == Destination::CLIENT || *d == Destination::OUT_PROXY =>
            {
                // Routed through the server to the OUT side (MS-RPCH 3.2.5.5.x); an
                // acknowledgment of the retiring OUT channel goes to its own proxy.
                match self.out_recycle {
                    OutRecycle::Retiring { predecessor } if a.channel_cookie == predecessor => {
                        self.core.transmit(Link::Out, pdu.to_vec())
                    }
                    _ => self.send_out(pdu.to_vec()),
                }
            }
            (RtsFlags::PING, []) => {}
            (RtsFlags::OTHER_CMD, [Command::ClientKeepalive(_)]) => {}
            // IN_R1/A6 on the predecessor leg (a successor leg sent IN_R1/A2), or IN_R2/A2
            // from an inbound proxy that keeps this leg.
            (RtsFlags::NONE, [Command::Cookie(succ)]) => {
                let next = self.in_next.take();
                match next {
                    Some((reader, Some(a2))) if a2.successor_channel_cookie == *succ => {
                        self.send(Link::In, &InR1B1 { empty: () }.to_pdu());
                        let b2 = InR1B2 {
                            server_receive_window_size: self.cfg.receive_window,
                        };
                        self.send(Link::InNext, &b2.to_pdu());
                        self.core.event(Event::Switched(Link::In));
                        self.in_reader = reader;
                        self.in_cookie = *succ;
                        self.receiver = Some(FlowReceiver::new(self.cfg.receive_window, *succ));
                    }
                    None => {
                        self.in_cookie = *succ;
                        let a3 = InR2A3 {
                            destination: Destination::CLIENT,
                        };
                        self.send_out_rts(&a3.to_pdu());
                    }
                    _ => {
                        return Err(Error::Protocol {
                            state: self.core.state.name(),
                            reason: "IN channel recycling cookie matches no successor",
                        })
                    }
                }
            }
            // OUT_R1/A8 or OUT_R2/A8: the client is ready for the successor OUT channel.
            (RtsFlags::OUT_CHANNEL, [Command::Destination(_), Command::Cookie(c)]) => {
                let OutRecycle::WaitA8 {
                    successor,
                    window,
                    lifetime,
                    r1,
                } = self.out_recycle
                else {
                    return Err(Error::Protocol {
                        state: self.core.state.name(),
                        reason: "OUT_R1/A8 with no OUT channel recycling under way",
                    });
                };
                if *c != successor {
                    return Err(Error::Protocol {
                        state: self.core.state.name(),
                        reason: "OUT_R1/A8 names another successor OUT channel",
                    });
                }
                if r1 {
                    self.send_out_rts(&OutR1A9 { ance: () }.to_pdu());
                    let predecessor = self.out_cookie;
                    self.out_recycle = OutRecycle::Retiring { predecessor };
                    self.out_cookie = successor;
                    self.out_lifetime = u64::from(lifetime);
                    self.out_sent = 0;
                    if let Some(s) = &mut self.sender {
                        self.sender = Some(s.successor(window, successor));
                    }
                    self.flush();
                } else {
                    self.send_out_rts(&OutR2B1 { ance: () }.to_pdu());
                    self.out_cookie = successor;
                    self.out_sent = 0;
                    self.out_recycle = OutRecycle::Idle;
                }
            }
            _ => {
                return Err(Error::Protocol {
                    state: self.core.state.name(),
                    reason: "unexpected RTS PDU on the IN leg",
                })
            }
        }
        Ok(())
    }

    fn on_out(&mut self, data: &[u8], next: bool) -> Result<()> {
        let reader = if next {
            match &mut self.out_next {
                Some(r) => r,
                None => {
                    return Err(Error::Protocol {
                        state: self.core.state.name(),
                        reason: "data on a successor OUT leg that was not accepted",
                    })
                }
            }
        } else {
            &mut self.out_reader
        };
        reader.push(data)?;
        let mut pdus = Vec::new();
        while let Some(pdu) = reader.next_pdu()? {
            pdus.push(pdu.to_vec());
        }
        for pdu in pdus {
            self.on_out_pdu(&pdu, next)?;
            if self.core.state.is_final() {
                break;
            }
        }
        Ok(())
    }

    fn on_out_pdu(&mut self, pdu: &[u8], next: bool) -> Result<()> {
        let (rts, _) = RtsPdu::decode_with(pdu, &self.cfg.limits)?;
        if self.a2.is_none() && !next {
            let a2 = ConnA2::from_pdu(&rts).ok_or(Error::Protocol {
                state: "opening",
                reason: "first PDU on the OUT leg is not CONN/A2",
            })?;
            if self
                .b2
                .is_some_and(|b2| a2.virtual_connection_cookie != b2.virtual_connection_cookie)
            {
                return Err(Error::Protocol {
                    state: "opening",
                    reason: "OUT leg cookie matches no virtual connection",
                });
            }
            self.a2 = Some(a2);
            self.out_cookie = a2.out_channel_cookie;
            self.out_lifetime = u64::from(a2.channel_lifetime);
            self.maybe_open();
            return Ok(());
        }
        match (rts.flags.0, rts.commands.as_slice()) {
            (RtsFlags::OTHER_CMD, [Command::FlowControlAck(a)]) => {
                if let Some(s) = &mut self.sender {
                    if a.channel_cookie == s.cookie() {
                        s.on_ack(a);
                    }
                }
                self.flush();
            }
            (RtsFlags::OTHER_CMD, [Command::PingTrafficSentNotify(_)]) => {}
            _ if next && self.out_recycle == OutRecycle::WaitA4 => {
                let a4 = OutR1A4::from_pdu(&rts).ok_or(Error::Protocol {
                    state: self.core.state.name(),
                    reason: "first PDU on a successor OUT leg is not OUT_R1/A4",
                })?;
                let vc = self.a2.map(|a| a.virtual_connection_cookie);
                if vc != Some(a4.virtual_connection_cookie)
                    || a4.predecessor_channel_cookie != self.out_cookie
                {
                    return Err(Error::Protocol {
                        state: self.core.state.name(),
                        reason: "OUT_R1/A4 cookies match no OUT channel of this connection",
                    });
                }
                self.out_recycle = OutRecycle::WaitA8 {
                    successor: a4.successor_channel_cookie,
                    window: a4.outbound_proxy_receive_window_size,
                    lifetime: a4.channel_lifetime,
                    r1: true,
                };
                let a5 = OutR1A5 {
                    destination: Destination::CLIENT,
                    version: 1,
                    outbound_proxy_connection_timeout: a4.outbound_proxy_connection_timeout,
                };
                self.send_out_rts(&a5.to_pdu());
            }
            // OUT_R2/A4: the same outbound proxy took the successor channel.
            (RtsFlags::NONE, [Command::Cookie(succ)])
                if !next && self.out_recycle == OutRecycle::WaitA4 =>
            {
                self.out_recycle = OutRecycle::WaitA8 {
                    successor: *succ,
                    window: 0,
                    lifetime: 0,
                    r1: false,
                };
                let a5 = OutR2A5 {
                    destination: Destination::CLIENT,
                    ance: (),
                };
                self.send_out_rts(&a5.to_pdu());
            }
            _ => {
                return Err(Error::Protocol {
                    state: self.core.state.name(),
                    reason: "unexpected RTS PDU on the OUT leg",
                })
            }
        }
        Ok(())
    }

    fn maybe_open(&mut self) {
        let (Some(a2), Some(b2)) = (self.a2, self.b2) else {
            return;
        };
        let c1 = ConnC1 {
            version: 1,
            receive_window_size: b2.receive_window_size,
            connection_timeout: b2.connection_timeout,
        };
        self.send_out_rts(&c1.to_pdu());
        let mut s = FlowSender::new(a2.receive_window_size, a2.out_channel_cookie);
        for p in self.pending.drain(..) {
            s.push(p);
        }
        self.sender = Some(s);
        self.core.state = State::Opened;
        self.core.event(Event::Connected);
        self.flush();
    }

    /// Whether the next PDU must wait for the successor OUT channel: an eighth of the
    /// lifetime stays in reserve for the recycling PDUs and forwarded acknowledgments.
    fn hold(&self, len: usize) -> bool {
        !matches!(self.out_recycle, OutRecycle::Retiring { .. })
            && self.out_sent + len as u64 + self.out_lifetime / 8 > self.out_lifetime
    }

    fn flush(&mut self) {
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
            self.send_out(p);
        }
    }
}

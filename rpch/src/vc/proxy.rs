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
    FlowControlAckWithDestination, Ping,
};
use crate::rts::{RtsFlags, RtsPdu};

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

/// The inbound proxy: client IN channel in, IN leg to the server out.
#[derive(Debug)]
pub struct InProxy {
    r: Relay,
    b1: Option<ConnB1>,
    receiver: Option<FlowReceiver>,
    sender: Option<FlowSender>,
    pending: Vec<Vec<u8>>,
}

impl InProxy {
    /// A proxy waiting for the client's request.
    pub fn new(cfg: ProxyConfig) -> Self {
        InProxy {
            r: Relay::new(cfg),
            b1: None,
            receiver: None,
            sender: None,
            pending: Vec::new(),
        }
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
        let res = match link {
            Link::Client => self.on_client(now, data),
            Link::Server => self.on_server(now, data),
            _ => Err(Error::Protocol {
                state: "inbound proxy",
                reason: "data on a link the proxy does not have",
            }),
        };
        if let Err(e) = res {
            self.r.core.fail(e);
        }
    }

    /// The connection to the server (asked for by [`Event::ConnectServer`]) is up.
    pub fn handle_server_connected(&mut self, _now: Instant) {
        let (Some(b1), Step::WaitServer) = (self.b1, self.r.step) else {
            return;
        };
        let b2 = ConnB2 {
            version: 1,
            virtual_connection_cookie: b1.virtual_connection_cookie,
            in_channel_cookie: b1.in_channel_cookie,
            receive_window_size: self.r.cfg.receive_window,
            connection_timeout: self.r.cfg.connection_timeout,
            association_group_id: b1.association_group_id,
            client_address: ClientAddress::new(self.r.cfg.client_address),
        };
        self.r.send(Link::Server, &b2.to_pdu());
        self.r.step = Step::WaitReply;
    }

    /// A link was closed by its peer.
    pub fn handle_closed(&mut self, _now: Instant, link: Link) {
        if link == Link::Client && self.r.client.body_done() {
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

    fn on_client(&mut self, _now: Instant, data: &[u8]) -> Result<()> {
        self.r.client.push(data)?;
        if let Some(h) = self.r.client.take_head() {
            if !self.r.on_head(&h, &Method::RpcInData) {
                return Ok(());
            }
        }
        while let Some(pdu) = self.r.client.next_pdu()? {
            let pdu = pdu.to_vec();
            match rts_of(&pdu, &self.r.cfg.limits)? {
                Some(rts) => {
                    if self.r.step == Step::WaitOpen {
                        let b1 = ConnB1::from_pdu(&rts).ok_or(Error::Protocol {
                            state: "opening",
                            reason: "first PDU on the IN channel is not CONN/B1",
                        })?;
                        self.b1 = Some(b1);
                        self.receiver = Some(FlowReceiver::new(
                            self.r.cfg.receive_window,
                            b1.in_channel_cookie,
                        ));
                        self.r.connect();
                    } else if is_forwarded_ack(&rts).is_some() {
                        // For the outbound proxy or the server: through the server.
                        self.r.core.transmit(Link::Server, pdu);
                    } else if matches!(rts.flags.0, RtsFlags::PING)
                        || (rts.flags.0 == RtsFlags::OTHER_CMD
                            && matches!(rts.commands.as_slice(), [Command::ClientKeepalive(_)]))
                    {
                    } else if rts.flags.0 & RtsFlags::RECYCLE_CHANNEL != 0 {
                        return Err(Error::Protocol {
                            state: self.r.core.state.name(),
                            reason: "IN channel recycling is not supported by this proxy",
                        });
                    } else {
                        return Err(Error::Protocol {
                            state: self.r.core.state.name(),
                            reason: "unexpected RTS PDU on the IN channel",
                        });
                    }
                }
                None => {
                    let Some(rx) = &mut self.receiver else {
                        return Err(Error::Protocol {
                            state: "opening",
                            reason: "RPC PDU before CONN/B1",
                        });
                    };
                    if let Some(ack) = rx.on_data(pdu.len())? {
                        let a = FlowControlAckWithDestination {
                            destination: Destination::CLIENT,
                            ack,
                        };
                        self.r.send(Link::Server, &a.to_pdu());
                    }
                    match &mut self.sender {
                        Some(s) => s.push(pdu),
                        None => self.pending.push(pdu),
                    }
                    self.flush();
                }
            }
            if self.r.core.state.is_final() {
                break;
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
            match (self.r.step, rts.flags.0, rts.commands.as_slice()) {
                (
                    Step::WaitReply,
                    RtsFlags::NONE,
                    [Command::ReceiveWindowSize(w), Command::Version(_)],
                ) => {
                    let cookie = self.b1.map(|b| b.in_channel_cookie).unwrap_or_default();
                    let mut s = FlowSender::new(*w, cookie);
                    for p in self.pending.drain(..) {
                        s.push(p);
                    }
                    self.sender = Some(s);
                    self.r.step = Step::Open;
                    self.r.core.state = State::Opened;
                    self.r.core.event(Event::Connected);
                    self.flush();
                }
                (_, RtsFlags::OTHER_CMD, [Command::FlowControlAck(a)]) => {
                    if let Some(s) = &mut self.sender {
                        if a.channel_cookie == s.cookie() {
                            s.on_ack(a);
                        }
                    }
                    self.flush();
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

    fn flush(&mut self) {
        while let Some(p) = self.sender.as_mut().and_then(FlowSender::pop) {
            self.r.core.transmit(Link::Server, p);
        }
    }
}

/// The outbound proxy: client OUT channel and OUT leg to the server.
#[derive(Debug)]
pub struct OutProxy {
    r: Relay,
    a1: Option<ConnA1>,
    receiver: Option<FlowReceiver>,
    sender: Option<FlowSender>,
    ping_at: Option<Instant>,
}

impl OutProxy {
    /// A proxy waiting for the client's request.
    pub fn new(cfg: ProxyConfig) -> Self {
        OutProxy {
            r: Relay::new(cfg),
            a1: None,
            receiver: None,
            sender: None,
            ping_at: None,
        }
    }

    /// The lifecycle state.
    pub fn state(&self) -> State {
        self.r.core.state
    }

    /// Bytes of server PDUs waiting for the client's window.
    pub fn queued_bytes(&self) -> usize {
        self.sender.as_ref().map_or(0, FlowSender::queued_bytes)
    }

    /// Bytes arrived on a link.
    pub fn handle_data(&mut self, now: Instant, link: Link, data: &[u8]) {
        if self.r.core.state.is_final() {
            return;
        }
        let res = match link {
            Link::Client => self.on_client(data),
            Link::Server => self.on_server(now, data),
            _ => Err(Error::Protocol {
                state: "outbound proxy",
                reason: "data on a link the proxy does not have",
            }),
        };
        if let Err(e) = res {
            self.r.core.fail(e);
        }
    }

    /// The connection to the server is up: sends CONN/A2 to it and CONN/A3 to the client.
    pub fn handle_server_connected(&mut self, _now: Instant) {
        let (Some(a1), Step::WaitServer) = (self.a1, self.r.step) else {
            return;
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
    pub fn handle_closed(&mut self, _now: Instant, _link: Link) {
        self.r
            .core
            .protocol("a connection closed under the virtual connection");
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

    fn on_client(&mut self, data: &[u8]) -> Result<()> {
        self.r.client.push(data)?;
        if let Some(h) = self.r.client.take_head() {
            if !self.r.on_head(&h, &Method::RpcOutData) {
                return Ok(());
            }
        }
        while let Some(pdu) = self.r.client.next_pdu()? {
            let rts = rts_of(pdu, &self.r.cfg.limits)?;
            match (self.r.step, rts.as_ref().and_then(ConnA1::from_pdu)) {
                (Step::WaitOpen, Some(a1)) => {
                    self.a1 = Some(a1);
                    self.receiver = Some(FlowReceiver::new(
                        self.r.cfg.receive_window,
                        a1.out_channel_cookie,
                    ));
                    self.r.connect();
                }
                _ => {
                    return Err(Error::Protocol {
                        state: self.r.core.state.name(),
                        reason: "the OUT channel request carries only CONN/A1",
                    })
                }
            }
        }
        Ok(())
    }

    fn on_server(&mut self, now: Instant, data: &[u8]) -> Result<()> {
        self.r.server.push(data)?;
        while let Some(pdu) = self.r.server.next_pdu()? {
            let pdu = pdu.to_vec();
            let Some(rts) = rts_of(&pdu, &self.r.cfg.limits)? else {
                let Some(rx) = &mut self.receiver else {
                    return Err(Error::Protocol {
                        state: "opening",
                        reason: "RPC PDU before CONN/A1",
                    });
                };
                if self.r.step != Step::Open {
                    return Err(Error::Protocol {
                        state: "opening",
                        reason: "RPC PDU from the server before CONN/C1",
                    });
                }
                if let Some(ack) = rx.on_data(pdu.len())? {
                    self.r.send(Link::Server, &FlowControlAck { ack }.to_pdu());
                }
                if let Some(s) = &mut self.sender {
                    s.push(pdu);
                }
                self.flush(now);
                continue;
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
                    self.r.send(Link::Client, &c2.to_pdu());
                    let a1 = self.a1.ok_or(Error::Protocol {
                        state: "opening",
                        reason: "CONN/C1 before CONN/A1",
                    })?;
                    self.sender = Some(FlowSender::new(
                        a1.receive_window_size,
                        a1.out_channel_cookie,
                    ));
                    self.r.step = Step::Open;
                    self.r.core.state = State::Opened;
                    self.ping_at = half(self.r.cfg.keepalive).map(|d| now + d);
                    self.r.core.event(Event::Connected);
                }
                _ => match is_forwarded_ack(&rts) {
                    Some((Destination::OUT_PROXY, a)) => {
                        if let Some(s) = &mut self.sender {
                            if a.channel_cookie == s.cookie() {
                                s.on_ack(&a);
                            }
                        }
                        self.flush(now);
                    }
                    Some((Destination::CLIENT, _)) => self.r.core.transmit(Link::Client, pdu),
                    _ => {
                        return Err(Error::Protocol {
                            state: self.r.core.state.name(),
                            reason: "unexpected RTS PDU from the server on the OUT leg",
                        })
                    }
                },
            }
        }
        Ok(())
    }

    fn flush(&mut self, now: Instant) {
        let mut sent = false;
        while let Some(p) = self.sender.as_mut().and_then(FlowSender::pop) {
            self.r.core.transmit(Link::Client, p);
            sent = true;
        }
        if sent {
            self.ping_at = half(self.r.cfg.keepalive).map(|d| now + d);
        }
    }
}

/// Reads the cookie that identifies a port-593 leg from its first PDU: the virtual connection
/// cookie and whether it is an IN leg (CONN/B2) or an OUT leg (CONN/A2). Servers route new
/// connections with it.
pub fn leg_of(first_pdu: &[u8]) -> Option<(Cookie, Link)> {
    let (rts, _) = RtsPdu::decode(first_pdu).ok()?;
    if let Some(b2) = ConnB2::from_pdu(&rts) {
        return Some((b2.virtual_connection_cookie, Link::In));
    }
    ConnA2::from_pdu(&rts).map(|a2| (a2.virtual_connection_cookie, Link::Out))
}

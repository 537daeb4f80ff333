//! The server role (MS-RPCH 3.2.5): accepts the IN and OUT legs of one virtual connection on
//! port 593, delivers the inner PDUs of the IN leg and sends its own on the OUT leg.

use std::time::Instant;

use super::client::encode_into;
use super::{Core, Event, FlowReceiver, FlowSender, Link, Output, State};
use crate::command::{Command, Destination};
use crate::error::{Error, Result};
use crate::http::{ChannelReader, NCACN_HTTP_GREETING};
use crate::limits::Limits;
use crate::named::{ConnA2, ConnB2, ConnB3, ConnC1, FlowControlAck};
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

/// The server end of one virtual connection.
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
        }
    }

    /// The lifecycle state.
    pub fn state(&self) -> State {
        self.core.state
    }

    /// A leg was accepted: greets it with `ncacn_http/1.0`.
    pub fn handle_accept(&mut self, _now: Instant, link: Link) {
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

    /// Bytes arrived on a leg.
    pub fn handle_data(&mut self, _now: Instant, link: Link, data: &[u8]) {
        if self.core.state.is_final() {
            return;
        }
        let r = match link {
            Link::In => self.on_in(data),
            Link::Out => self.on_out(data),
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
    pub fn handle_closed(&mut self, _now: Instant, _link: Link) {
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
            let (rts, _) = RtsPdu::decode_with(&pdu, &self.cfg.limits)?;
            if self.b2.is_none() {
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
            match (rts.flags.0, rts.commands.as_slice()) {
                (RtsFlags::OTHER_CMD, [Command::Destination(d), Command::FlowControlAck(_)])
                    if *d == Destination::CLIENT || *d == Destination::OUT_PROXY =>
                {
                    // Routed through the server to the OUT side (MS-RPCH 3.2.5.5.x).
                    self.core.transmit(Link::Out, pdu);
                }
                (RtsFlags::PING, []) => {}
                (RtsFlags::OTHER_CMD, [Command::ClientKeepalive(_)]) => {}
                _ => {
                    return Err(Error::Protocol {
                        state: self.core.state.name(),
                        reason: "unexpected RTS PDU on the IN leg",
                    })
                }
            }
        }
        Ok(())
    }

    fn on_out(&mut self, data: &[u8]) -> Result<()> {
        self.out_reader.push(data)?;
        while let Some(pdu) = self.out_reader.next_pdu()? {
            let (rts, _) = RtsPdu::decode_with(pdu, &self.cfg.limits)?;
            if self.a2.is_none() {
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
                self.maybe_open();
                continue;
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
                _ => {
                    return Err(Error::Protocol {
                        state: self.core.state.name(),
                        reason: "unexpected RTS PDU on the OUT leg",
                    })
                }
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
        self.send(Link::Out, &c1.to_pdu());
        let mut s = FlowSender::new(a2.receive_window_size, a2.out_channel_cookie);
        for p in self.pending.drain(..) {
            s.push(p);
        }
        self.sender = Some(s);
        self.core.state = State::Opened;
        self.core.event(Event::Connected);
        self.flush();
    }

    fn flush(&mut self) {
        while let Some(p) = self.sender.as_mut().and_then(FlowSender::pop) {
            self.core.transmit(Link::Out, p);
        }
    }
}

//! Virtual connection state machines (MS-RPCH 3.2): [`Client`], [`InProxy`], [`OutProxy`] and
//! [`Server`].
//!
//! Each takes input through `handle_*(&mut self, now, ...)` and gives output through
//! [`poll_output`](Client::poll_output), drained until it returns [`Output::Timeout`] or
//! [`Output::Idle`]. Time is an input; nothing reads a clock or draws random numbers (the
//! host supplies cookies), so the same inputs always give the same outputs.
//!
//! ```text
//!  Client ──IN (HTTP RPC_IN_DATA)──▶ InProxy ──IN leg (593)──▶ ┐
//!     ▲                                                        Server
//!     └──OUT (HTTP RPC_OUT_DATA)── OutProxy ◀──OUT leg (593)── ┘
//! ```
//!
//! Flow control (MS-RPCH 3.2.1.4): every hop that carries RPC PDUs has a receiver with a
//! receive window and a sender that stops when the window is used up. The receiver
//! acknowledges once half its window has been consumed: delivered to the host by the client
//! and the server, passed on to the next hop by the proxies (so a proxy never holds more than
//! its own window for a peer that does not read); acknowledgments travel back directly where
//! the connection allows it (server to inbound proxy, outbound proxy to server) and otherwise
//! through the server with a Destination (inbound proxy to client, client to outbound proxy).
//! RTS PDUs are never flow controlled.
//!
//! Channel recycling (MS-RPCH 3.2.x): a channel whose lifetime is running out is replaced by a
//! successor without losing, duplicating or reordering inner PDUs. The client reports
//! [`Event::RecycleNeeded`] for its IN channel (and when the server asks for a new OUT
//! channel) and the host answers with [`Client::recycle`] and a fresh cookie; the server starts
//! OUT recycling itself when half the OUT channel lifetime is used ([`Server::recycle_out`]
//! forces it). The successor connection is addressed as [`Link::InNext`] / [`Link::OutNext`]
//! until [`Event::Switched`] says it replaced its predecessor.
//!
//! At the proxy host every new channel request gets a new [`InProxy`] / [`OutProxy`]. When one
//! opened by a successor channel reports [`Event::ConnectServer`], its `successor_of()` names
//! the virtual connection and the predecessor channel, and the host chooses:
//! * IN_R1 / OUT_R1 (the predecessor runs elsewhere): connect the new proxy to the server. The
//!   predecessor proxy forwards the hand-over PDUs behind the data it still holds and ends with
//!   [`Event::Closed`].
//! * IN_R2 / OUT_R2 (this host runs the predecessor's proxy): hand the new proxy to it with
//!   [`InProxy::adopt`] / [`OutProxy::adopt`] and route the successor connection to it as
//!   [`Link::InNext`] / [`Link::OutNext`]. That proxy splices the channels itself on its one
//!   leg to the server and reports [`Event::Switched`]`(`[`Link::Client`]`)`.

mod client;
mod flow;
mod proxy;
mod server;

use std::time::{Duration, Instant};

pub use client::{Client, ClientConfig};
pub use flow::{FlowReceiver, FlowSender};
pub use proxy::{leg_of, InProxy, OutProxy, ProxyConfig};
pub use server::{Server, ServerConfig};

use crate::error::Error;

/// A connection of one endpoint, from that endpoint's point of view.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub enum Link {
    /// The client's IN channel (client role), or the server's IN leg (server role).
    In,
    /// The client's OUT channel (client role), or the server's OUT leg (server role).
    Out,
    /// A proxy's HTTP connection from the client.
    Client,
    /// A proxy's connection to the server (port 593).
    Server,
    /// The successor of the IN channel (client), of the IN leg (server), or of the client's
    /// IN channel at an inbound proxy that took it (IN_R2), while it is recycled.
    InNext,
    /// The successor of the OUT channel (client), of the OUT leg (server), or of the client's
    /// OUT channel at an outbound proxy that took it (OUT_R2), while it is recycled.
    OutNext,
}

/// What happened, for the host.
#[derive(Clone, PartialEq, Eq, Debug)]
pub enum Event {
    /// The virtual connection is open: inner PDUs flow.
    Connected,
    /// A proxy needs its connection to the server; call `handle_server_connected` when it is
    /// up.
    ConnectServer {
        /// Server name from the request target.
        server: String,
        /// Port from the request target.
        port: u16,
    },
    /// An echo request was answered; the connection may be closed.
    EchoAnswered,
    /// The channel on this link must be recycled: call [`Client::recycle`] with a fresh
    /// cookie for its successor.
    RecycleNeeded(Link),
    /// The successor connection ([`Link::InNext`] or [`Link::OutNext`]) replaced the
    /// predecessor on this link: write what was output for the link before this event on the
    /// predecessor, then close it; from now on the successor is addressed as this link.
    Switched(Link),
    /// The virtual connection ended normally; close every link.
    Closed,
    /// The virtual connection failed; close every link.
    Failed(Error),
}

/// One output of a state machine.
#[derive(Clone, PartialEq, Eq, Debug)]
pub enum Output {
    /// Bytes to write on a link.
    Transmit(Link, Vec<u8>),
    /// An inner DCE/RPC PDU received on the virtual connection, in order.
    Deliver(Vec<u8>),
    /// Something the host must know.
    Event(Event),
    /// Nothing more now; call `handle_timeout` at this instant unless input comes first.
    Timeout(Instant),
    /// Nothing more now and no timer running.
    Idle,
}

/// The lifecycle every role goes through.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum State {
    /// Establishing the virtual connection.
    Opening,
    /// Open: inner PDUs flow both ways.
    Opened,
    /// Ended normally.
    Closed,
    /// Ended by an error or an abort.
    Aborted,
}

impl State {
    /// Whether the machine has ended.
    pub fn is_final(self) -> bool {
        matches!(self, State::Closed | State::Aborted)
    }

    fn name(self) -> &'static str {
        match self {
            State::Opening => "opening",
            State::Opened => "opened",
            State::Closed => "closed",
            State::Aborted => "aborted",
        }
    }
}

/// Outputs waiting to be polled, and the lifecycle state; shared by every role.
#[derive(Debug)]
struct Core {
    out: std::collections::VecDeque<Output>,
    state: State,
    /// Transmit buffers the host gave back, for the next batch.
    spare: Vec<Vec<u8>>,
}

/// How many given-back buffers a role keeps, and the largest it keeps: enough for the
/// transmit being written while the host still holds the last one, without pinning memory.
const SPARE_BUFFERS: usize = 2;
const SPARE_CAPACITY: usize = 1 << 20;

impl Core {
    fn new() -> Self {
        Core {
            out: Default::default(),
            state: State::Opening,
            spare: Vec::new(),
        }
    }

    /// Keeps a transmit buffer the host is done with.
    fn reuse(&mut self, mut buf: Vec<u8>) {
        if self.spare.len() < SPARE_BUFFERS && buf.capacity() <= SPARE_CAPACITY {
            buf.clear();
            self.spare.push(buf);
        }
    }

    /// An empty buffer: one given back if there is one, else a new one of `capacity`.
    fn buffer(&mut self, capacity: usize) -> Vec<u8> {
        self.spare
            .pop()
            .unwrap_or_else(|| Vec::with_capacity(capacity))
    }

    fn transmit(&mut self, link: Link, data: Vec<u8>) {
        if !self.state.is_final() {
            self.out.push_back(Output::Transmit(link, data));
        }
    }

    fn event(&mut self, e: Event) {
        self.out.push_back(Output::Event(e));
    }

    /// Ends the connection with an error (once).
    fn fail(&mut self, e: Error) {
        if !self.state.is_final() {
            self.state = State::Aborted;
            self.event(Event::Failed(e));
        }
    }

    fn close(&mut self) {
        if !self.state.is_final() {
            self.state = State::Closed;
            self.event(Event::Closed);
        }
    }

    fn protocol(&mut self, reason: &'static str) {
        let state = self.state.name();
        self.fail(Error::Protocol { state, reason });
    }

    fn poll(&mut self, deadline: Option<Instant>) -> Output {
        if let Some(o) = self.out.pop_front() {
            return o;
        }
        match deadline {
            Some(t) if !self.state.is_final() => Output::Timeout(t),
            _ => Output::Idle,
        }
    }
}

/// Earliest of optional deadlines.
fn earliest(ts: &[Option<Instant>]) -> Option<Instant> {
    ts.iter().flatten().min().copied()
}

/// Half an interval, as MS-RPCH uses for keep-alive pings; zero disables.
fn half(ms: u32) -> Option<Duration> {
    (ms > 0).then(|| Duration::from_millis(u64::from(ms) / 2))
}

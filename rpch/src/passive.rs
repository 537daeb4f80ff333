//! Passive mode: follows captured RPC over HTTP connections without taking part, pairs each
//! IN channel with its OUT channel by the virtual connection cookie, and yields the PDUs of
//! each virtual connection in order, RTS and inner DCE/RPC alike.

use std::collections::{BTreeMap, VecDeque};

use crate::command::Cookie;
use crate::error::{Error, Result};
use crate::http::{ChannelReader, Side};
use crate::limits::Limits;
use crate::named::{ConnA1, ConnB1};
use crate::rts::RtsPdu;

/// Direction of bytes on a captured HTTP connection.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub enum Dir {
    /// From the client to the proxy (the request side).
    ToProxy,
    /// From the proxy to the client (the response side).
    ToClient,
}

/// Which channel of a virtual connection a captured connection carries.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub enum Channel {
    /// RPC_IN_DATA: client to server.
    In,
    /// RPC_OUT_DATA: server to client.
    Out,
}

/// One PDU seen on a captured connection.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct Seen {
    /// The host's id of the TCP connection.
    pub conn: u64,
    /// Direction on that connection.
    pub dir: Dir,
    /// The channel, once the opening PDU named it.
    pub channel: Option<Channel>,
    /// The virtual connection, once the opening PDU named it.
    pub vc: Option<Cookie>,
    /// The PDU bytes.
    pub pdu: Vec<u8>,
    /// Whether it is an RTS PDU (packet type 20); otherwise it belongs to the inner DCE/RPC
    /// stream of the virtual connection.
    pub rts: bool,
}

#[derive(Debug)]
struct Conn {
    request: ChannelReader,
    response: ChannelReader,
    channel: Option<Channel>,
    vc: Option<Cookie>,
    failed: bool,
}

/// Follows any number of captured connections.
#[derive(Debug)]
pub struct Passive {
    limits: Limits,
    conns: BTreeMap<u64, Conn>,
    vcs: BTreeMap<Cookie, [Option<u64>; 2]>,
    out: VecDeque<Seen>,
}

impl Passive {
    /// An empty follower.
    pub fn new(limits: Limits) -> Self {
        Passive {
            limits,
            conns: BTreeMap::new(),
            vcs: BTreeMap::new(),
            out: VecDeque::new(),
        }
    }

    /// Bytes of a captured connection in one direction. An error ends that connection only;
    /// the others go on.
    pub fn handle_data(&mut self, conn: u64, dir: Dir, data: &[u8]) -> Result<()> {
        if !self.conns.contains_key(&conn) {
            if self.conns.len() >= self.limits.max_pending_channels {
                return Err(Error::LimitExceeded {
                    what: "captured RPC over HTTP connections",
                    limit: self.limits.max_pending_channels,
                    actual: self.conns.len() + 1,
                });
            }
            self.conns.insert(
                conn,
                Conn {
                    request: ChannelReader::new(Side::Request, self.limits),
                    response: ChannelReader::new(Side::Response, self.limits),
                    channel: None,
                    vc: None,
                    failed: false,
                },
            );
        }
        let Some(c) = self.conns.get_mut(&conn) else {
            return Ok(());
        };
        if c.failed {
            return Ok(());
        }
        let r = Self::feed(c, conn, dir, data, &mut self.out);
        if r.is_err() {
            c.failed = true;
        }
        if let (Some(vc), Some(ch)) = (c.vc, c.channel) {
            let slot = self.vcs.entry(vc).or_default();
            slot[ch as usize] = Some(conn);
        }
        r
    }

    fn feed(
        c: &mut Conn,
        conn: u64,
        dir: Dir,
        data: &[u8],
        out: &mut VecDeque<Seen>,
    ) -> Result<()> {
        let reader = match dir {
            Dir::ToProxy => &mut c.request,
            Dir::ToClient => &mut c.response,
        };
        reader.push(data)?;
        while let Some(pdu) = reader.next_pdu()? {
            let rts = pdu.get(2) == Some(&20);
            if rts && c.vc.is_none() {
                if let Ok((p, _)) = RtsPdu::decode(pdu) {
                    if let Some(b1) = ConnB1::from_pdu(&p) {
                        c.vc = Some(b1.virtual_connection_cookie);
                        c.channel = Some(Channel::In);
                    } else if let Some(a1) = ConnA1::from_pdu(&p) {
                        c.vc = Some(a1.virtual_connection_cookie);
                        c.channel = Some(Channel::Out);
                    }
                }
            }
            out.push_back(Seen {
                conn,
                dir,
                channel: c.channel,
                vc: c.vc,
                pdu: pdu.to_vec(),
                rts,
            });
        }
        Ok(())
    }

    /// The next PDU seen, in the order bytes were handed in.
    pub fn poll(&mut self) -> Option<Seen> {
        self.out.pop_front()
    }

    /// Virtual connections found: cookie, IN connection and OUT connection (either may be
    /// missing when the capture holds only one channel or the cookies match nothing).
    pub fn virtual_connections(&self) -> Vec<(Cookie, Option<u64>, Option<u64>)> {
        self.vcs.iter().map(|(k, v)| (*k, v[0], v[1])).collect()
    }
}
